/* cmd_list.c — `forsat list show|add|rename|move|disable|enable|delete`:
 * the system lists of SPEC §4. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lists.h"
#include "lookup.h"
#include "money.h"

/* Collects the items of a list into a table; with only_id set, just that
 * item (the record a command prints after changing it). */
struct items {
    struct cli_table *t;
    int64_t only_id;
};

/* Adds one list item row to the table. */
static int add_item(void *v, const fs_list_item *it)
{
    struct items *x = v;
    if (x->only_id && it->id != x->only_id)
        return 0;
    char pos[24], id[24];
    snprintf(pos, sizeof pos, "%d", it->position);
    snprintf(id, sizeof id, "%lld", (long long)it->id);
    const char *cells[] = { pos, id, it->key, it->label_fa, it->label_en, it->active ? "1" : "0" };
    cli_table_add(x->t, cells);
    return 0;
}

/* Prints the items of list (or only item only_id) as a table. */
static int print_items(struct cli *c, const char *list, int64_t only_id)
{
    const struct cli_col cols[] = {
        { "position", _("position"), COL_INT }, { "id", _("id"), COL_INT },
        { "key", _("key"), COL_TEXT },          { "label_fa", _("Persian"), COL_TEXT },
        { "label_en", _("English"), COL_TEXT }, { "active", _("active"), COL_BOOL },
    };
    struct items x = { cli_table_new(cols, 6), only_id };
    if (!x.t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    int rc = 0;
    if (fs_list_show(&c->s, list, add_item, &x, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    return rc;
}

/* A command's target: `LIST [ITEM [POSITION]]` parsed, LIST and ITEM
 * resolved, the session open.  Holds the one error of the command. */
struct target {
    const char *list;
    int64_t item;
    const char *extra; /* the third positional argument */
    fs_err e;
};

/* Parses exactly npos positional arguments (1–3) against opts into *t;
 * returns 0 or the exit status of the usage or lookup error. */
static int parse_target(struct cli *c, int argc, char **argv, const struct cli_opt *opts, int npos,
                        const char *usage, struct target *t)
{
    struct cli_strv pos = { 0 };
    memset(t, 0, sizeof *t);
    int rc = cli_parse(argc, argv, opts, &pos);
    if (!rc && pos.n != npos)
        rc = cli_usage(_("usage: forsat %s"), usage);
    /* The strings are argv's: they outlive pos. */
    if (!rc && fs_list_check_name(pos.v[0], &t->list, &t->e) != FS_OK)
        rc = cli_fail(&t->e);
    if (!rc)
        rc = cli_session(c);
    if (!rc && npos >= 2 && fs_lookup_list_item(&c->s, t->list, pos.v[1], _("item"), &t->item, &t->e) != FS_OK)
        rc = cli_fail(&t->e);
    if (!rc && npos >= 3)
        t->extra = pos.v[2];
    cli_strv_free(&pos);
    return rc;
}

static const struct cli_opt no_opts[] = { { 0 } };

/* `list show LIST`. */
static int list_show(struct cli *c, int argc, char **argv)
{
    struct target t;
    int rc = parse_target(c, argc, argv, no_opts, 1, "list show LIST", &t);
    return rc ? rc : print_items(c, t.list, 0);
}

enum change_kind { CH_ADD, CH_RENAME, CH_MOVE, CH_DISABLE, CH_ENABLE };

/* Ends a change: the error, or (JSON) the item as it is now, else the new
 * id (add) or a confirmation line. */
static int changed(struct cli *c, int st, struct target *t, enum change_kind kind)
{
    if (st != FS_OK)
        return cli_fail(&t->e);
    if (c->format == CLI_JSON)
        return print_items(c, t->list, t->item);
    long long id = (long long)t->item;
    switch (kind) {
    case CH_ADD:
        printf("%lld\n", id);
        break;
    case CH_RENAME:
        printf(_("renamed item %lld.\n"), id);
        break;
    case CH_MOVE:
        printf(_("moved item %lld.\n"), id);
        break;
    case CH_DISABLE:
        printf(_("disabled item %lld.\n"), id);
        break;
    case CH_ENABLE:
        printf(_("enabled item %lld.\n"), id);
        break;
    }
    return 0;
}

/* `list add LIST [--key K] --fa LABEL --en LABEL`: prints the new id. */
static int list_add(struct cli *c, int argc, char **argv)
{
    const char *key = NULL, *fa = NULL, *en = NULL;
    const struct cli_opt opts[] = {
        { "key", 1, &key, NULL, NULL }, { "fa", 1, &fa, NULL, NULL }, { "en", 1, &en, NULL, NULL }, { 0 },
    };
    struct target t;
    int rc = parse_target(c, argc, argv, opts, 1, "list add LIST [--key K] --fa LABEL --en LABEL", &t);
    return rc ? rc : changed(c, fs_list_add(&c->s, t.list, key, fa, en, &t.item, &t.e), &t, CH_ADD);
}

/* `list rename LIST ITEM [--fa LABEL] [--en LABEL]`. */
static int list_rename(struct cli *c, int argc, char **argv)
{
    const char *fa = NULL, *en = NULL;
    const struct cli_opt opts[] = { { "fa", 1, &fa, NULL, NULL }, { "en", 1, &en, NULL, NULL }, { 0 } };
    struct target t;
    int rc = parse_target(c, argc, argv, opts, 2, "list rename LIST ITEM [--fa LABEL] [--en LABEL]", &t);
    return rc ? rc : changed(c, fs_list_rename(&c->s, t.list, t.item, fa, en, &t.e), &t, CH_RENAME);
}

/* `list move LIST ITEM POSITION` (1 = first). */
static int list_move(struct cli *c, int argc, char **argv)
{
    struct target t;
    int64_t to = 0;
    int rc = parse_target(c, argc, argv, no_opts, 3, "list move LIST ITEM POSITION", &t);
    if (!rc && fs_int_parse(t.extra, _("position"), 1, 1000000, &to, &t.e) != FS_OK)
        rc = cli_fail(&t.e);
    return rc ? rc : changed(c, fs_list_move(&c->s, t.list, t.item, to, &t.e), &t, CH_MOVE);
}

/* `list disable|enable LIST ITEM`. */
static int list_set_active(struct cli *c, int argc, char **argv, bool active)
{
    struct target t;
    int rc = parse_target(c, argc, argv, no_opts, 2, active ? "list enable LIST ITEM" : "list disable LIST ITEM", &t);
    return rc ? rc
              : changed(c, fs_list_set_active(&c->s, t.list, t.item, active, &t.e), &t, active ? CH_ENABLE : CH_DISABLE);
}

static int list_disable(struct cli *c, int argc, char **argv)
{
    return list_set_active(c, argc, argv, false);
}

static int list_enable(struct cli *c, int argc, char **argv)
{
    return list_set_active(c, argc, argv, true);
}

/* `list delete LIST ITEM`: only an item no record uses. */
static int list_delete(struct cli *c, int argc, char **argv)
{
    struct target t;
    int rc = parse_target(c, argc, argv, no_opts, 2, "list delete LIST ITEM", &t);
    if (!rc && fs_list_delete(&c->s, t.list, t.item, &t.e) != FS_OK)
        rc = cli_fail(&t.e);
    if (!rc && c->format != CLI_JSON)
        printf(_("deleted item %lld.\n"), (long long)t.item);
    return rc;
}

static const struct cli_cmd list_cmds[] = {
    { "show", list_show, "list show LIST   (type, source, win-reason, loss-reason, purchase-process, unit)" },
    { "add", list_add, "list add LIST [--key K] --fa LABEL --en LABEL" },
    { "rename", list_rename, "list rename LIST ITEM [--fa LABEL] [--en LABEL]" },
    { "move", list_move, "list move LIST ITEM POSITION" },
    { "disable", list_disable, "list disable LIST ITEM" },
    { "enable", list_enable, "list enable LIST ITEM" },
    { "delete", list_delete, "list delete LIST ITEM" },
    { NULL, NULL, NULL },
};

/* `forsat list …`. */
int cmd_list(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "list", list_cmds, argc - 1, argv + 1);
}
