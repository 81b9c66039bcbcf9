/* cmd_history.c — `forsat history opp|contact|product|doc|campaign ID`:
 * the per-field change history of one item (SPEC §8 "Changes"): who,
 * when, field, old → new, newest first. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "document.h"
#include "history.h"
#include "i18n.h"
#include "lookup.h"
#include "opportunity.h"

struct rows {
    const struct cli *c;
    struct cli_table *t;
};

/* Adds one change: in table form what a user reads (the field's label,
 * the values as the screens show them, the user's name, the local date in
 * the chosen calendar); in CSV/JSON the stored values (for scripts) with
 * the display text next to them. */
static int add_change(void *v, const fs_change *ch)
{
    struct rows *x = v;
    if (x->c->format == CLI_TABLE) {
        const char *cells[] = { ch->when, ch->user_name, ch->label, ch->old_text, ch->new_text };
        cli_table_add(x->t, cells);
    } else {
        const char *cells[] = { ch->at,         ch->login,      ch->field,    ch->old_value, ch->new_value,
                                ch->user_name,  ch->label,      ch->old_text, ch->new_text };
        cli_table_add(x->t, cells);
    }
    return 0;
}

/* Resolves the item named by text: an opportunity or document by id or
 * number, an identity, product or campaign by id or name. */
static int resolve(struct cli *c, const char *kind, const char *text, int64_t *id, fs_err *e)
{
    fs_session *s = &c->s;
    if (strcmp(kind, "opportunity") == 0)
        return fs_opp_find(s, text, _("opportunity"), id, e);
    if (strcmp(kind, "document") == 0)
        return fs_doc_find(s, text, _("document"), id, e);
    if (strcmp(kind, "identity") == 0)
        return fs_lookup_identity(s, text, _("contact"), id, e);
    if (strcmp(kind, "product") == 0)
        return fs_lookup_product(s, text, _("product"), id, e);
    return fs_lookup_campaign(s, text, _("campaign"), id, e);
}

/* `forsat history KIND ID`. */
int cmd_history(struct cli *c, int argc, char **argv)
{
    static const char usage[] = "history opp|contact|product|doc|campaign ID";
    struct cli_strv pos = { 0 };
    bool help = argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0);
    int rc = help ? 0 : cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos);
    if (help) {
        printf("usage: forsat %s\n", usage);
        cli_strv_free(&pos);
        return 0;
    }
    const char *kind = !rc && pos.n == 2 ? fs_history_kind(pos.v[0]) : NULL;
    if (!rc && !kind)
        rc = cli_usage("%s: forsat %s", _("usage"), usage);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    /* The first five columns are the stored values; CSV and JSON add the
     * display text after them (user_name, label, old_text, new_text). */
    const struct cli_col cols[] = {
        { "at", _("when"), COL_TEXT },        { "user", _("user"), COL_TEXT },      { "field", _("field"), COL_TEXT },
        { "old", _("old"), COL_TEXT },        { "new", _("new"), COL_TEXT },        { "user_name", NULL, COL_TEXT },
        { "label", NULL, COL_TEXT },          { "old_text", NULL, COL_TEXT },       { "new_text", NULL, COL_TEXT },
    };
    struct rows x = { c, NULL };
    if (!rc && resolve(c, kind, pos.v[1], &id, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc && !(x.t = cli_table_new(cols, c->format == CLI_TABLE ? 5 : 9)))
        rc = FS_ERUNTIME;
    if (!rc && fs_history_list(&c->s, kind, id, add_change, &x, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc)
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    cli_strv_free(&pos);
    return rc;
}
