/* cmd_tui.c — `forsat tui`: the screens. */
#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "ui.h"

int cmd_tui(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    if (!c->digits_set && c->lang_fa)
        c->digits = FS_DIGITS_PERSIAN; /* the Persian screens show Persian digits */
    int rc = cli_session(c);
    if (rc)
        return rc;
    return ui_run(&c->s, c->db_path, c->bidi_terminal ? FS_BIDI_TERMINAL : FS_BIDI_APP);
}
