/* cmd_campaign.c — `forsat campaign add|list|disable|enable`. */
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"

/* Campaign rows for a table; only_id set keeps just that one. */
struct rows {
    struct cli_table *t;
    int64_t only_id;
};

/* Adds one campaign row to the table. */
static int add_row(void *v, const fs_campaign *k)
{
    struct rows *x = v;
    if (x->only_id && k->id != x->only_id)
        return 0;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)k->id);
    const char *cells[] = { id, k->name, k->start_date, k->end_date, k->active ? "1" : "0" };
    cli_table_add(x->t, cells);
    return 0;
}

/* Prints campaigns (all, or only only_id) as a table. */
static int print_campaigns(struct cli *c, bool all, int64_t only_id)
{
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },           { "name", _("name"), COL_TEXT },
        { "start_date", _("start"), COL_DATE }, { "end_date", _("end"), COL_DATE },
        { "active", _("active"), COL_BOOL },
    };
    struct rows x = { cli_table_new(cols, 5), only_id };
    if (!x.t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    int rc = 0;
    if (fs_campaign_list(&c->s, all, add_row, &x, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    return rc;
}

/* `campaign add NAME [--start DATE] [--end DATE]`: prints the new id. */
static int campaign_add(struct cli *c, int argc, char **argv)
{
    const char *start = NULL, *end = NULL;
    const struct cli_opt opts[] = { { "start", 1, &start, NULL, NULL }, { "end", 1, &end, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, opts, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    if (pos.n != 1) {
        cli_strv_free(&pos);
        return cli_usage(_("campaign add: give one name (quote a name with spaces)."));
    }
    fs_err e;
    fs_err_clear(&e);
    char from[11], to[11];
    int64_t id = 0;
    int rc = 0;
    if (cli_parse_date(c, start, _("start date"), from, &e) != FS_OK || cli_parse_date(c, end, _("end date"), to, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc)
        rc = cli_session(c);
    if (!rc && fs_campaign_add(&c->s, pos.v[0], from, to, &id, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    if (c->format == CLI_JSON)
        return print_campaigns(c, true, id);
    printf("%lld\n", (long long)id);
    return 0;
}

/* `campaign list [--active]`: every campaign, or only the active ones. */
static int campaign_list(struct cli *c, int argc, char **argv)
{
    bool active = false;
    const struct cli_opt opts[] = { { "active", 0, NULL, &active, NULL }, { 0 } };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    return rc ? rc : print_campaigns(c, !active, 0);
}

/* `campaign disable|enable C`. */
static int campaign_set_active(struct cli *c, int argc, char **argv, bool active)
{
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    if (pos.n != 1) {
        cli_strv_free(&pos);
        return cli_usage(_("campaign %s: give one campaign (an id or a name)."), active ? "enable" : "disable");
    }
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    int rc = cli_session(c);
    if (!rc && (fs_lookup_campaign(&c->s, pos.v[0], _("campaign"), &id, &e) != FS_OK ||
                fs_campaign_set_active(&c->s, id, active, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    if (c->format == CLI_JSON)
        return print_campaigns(c, true, id);
    if (active)
        printf(_("enabled campaign %lld.\n"), (long long)id);
    else
        printf(_("disabled campaign %lld.\n"), (long long)id);
    return 0;
}

static int campaign_disable(struct cli *c, int argc, char **argv)
{
    return campaign_set_active(c, argc, argv, false);
}

static int campaign_enable(struct cli *c, int argc, char **argv)
{
    return campaign_set_active(c, argc, argv, true);
}

static const struct cli_cmd campaign_cmds[] = {
    { "add", campaign_add, "campaign add NAME [--start DATE] [--end DATE]" },
    { "list", campaign_list, "campaign list [--active]" },
    { "disable", campaign_disable, "campaign disable CAMPAIGN" },
    { "enable", campaign_enable, "campaign enable CAMPAIGN" },
    { NULL, NULL, NULL },
};

/* `forsat campaign …`. */
int cmd_campaign(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "campaign", campaign_cmds, argc - 1, argv + 1);
}
