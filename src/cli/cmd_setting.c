/* cmd_setting.c — `forsat setting list|set NAME VALUE`: the tax and
 * duties percentages of each document kind and the days a proforma stays
 * valid (SPEC §7.1).  Every rule (names, ranges, admin.model, the change
 * history) lives in src/core/settings.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "settings.h"

/* Prints every setting, or only the one named only (NULL: all). */
static int print_settings(struct cli *c, const char *only)
{
    fs_setting v[FS_SETTING_COUNT];
    fs_err e;
    fs_err_clear(&e);
    if (fs_setting_list(&c->s, v, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col cols[] = {
        { "name", _("name"), COL_TEXT },     { "label", _("setting"), COL_TEXT }, { "value", _("value"), COL_TEXT },
        { "unit", _("unit"), COL_TEXT },     { "stored", _("stored"), COL_INT },
    };
    struct cli_table *t = cli_table_new(cols, 5);
    if (!t)
        return FS_ERUNTIME;
    for (int i = 0; i < FS_SETTING_COUNT; i++) {
        if (only && strcmp(only, v[i].name) && strcmp(only, v[i].key))
            continue;
        char stored[24];
        snprintf(stored, sizeof stored, "%lld", (long long)v[i].value);
        const char *cells[] = { v[i].name, v[i].label, v[i].text,
                                v[i].type == FS_SETTING_PERCENT ? "%" : _("days"), stored };
        cli_table_add(t, cells);
    }
    cli_table_print(c, t, NULL);
    cli_table_free(t);
    return 0;
}

/* `setting list`. */
static int setting_list(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    return rc ? rc : print_settings(c, NULL);
}

/* `setting set NAME VALUE`: prints the setting as it now is. */
static int setting_set(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos);
    if (!rc && pos.n != 2)
        rc = cli_usage("%s", _("setting set: give a name and a value, like `setting set tax.proforma 9` or "
                               "`setting set proforma_valid_days 15`."));
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_setting_set(&c->s, pos.v[0], pos.v[1], &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc)
        rc = print_settings(c, pos.v[0]);
    cli_strv_free(&pos);
    return rc;
}

static const struct cli_cmd setting_cmds[] = {
    { "list", setting_list, "setting list" },
    { "set", setting_set, "setting set NAME VALUE   (tax.KIND, duties.KIND: percent 0-100; proforma_valid_days: 1-3650)" },
    { NULL, NULL, NULL },
};

/* `forsat setting …`. */
int cmd_setting(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "setting", setting_cmds, argc - 1, argv + 1);
}
