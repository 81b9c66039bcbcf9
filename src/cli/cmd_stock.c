/* cmd_stock.c — `forsat warehouse add|list|grant|revoke|disable|enable` and
 * `forsat stock in|out|show|mode`: warehouses, stock movements and the
 * stock table from the command line. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "product.h"
#include "stock.h"

/* ---- warehouses ---- */

/* Prints a warehouse as one JSON object. */
static void print_warehouse_json(const fs_warehouse *w)
{
    struct jw j;
    jw_begin(&j, stdout);
    jw_obj(&j, NULL);
    jw_int(&j, "id", w->id);
    jw_str(&j, "name", w->name);
    jw_bool(&j, "active", w->active);
    jw_bool(&j, "can_issue", w->can_issue);
    jw_end_obj(&j);
    jw_finish(&j);
}

/* Finds warehouse id in the list (for `warehouse add --format json`). */
struct find_wh {
    int64_t id;
    fs_warehouse w;
    bool found;
};

static int find_wh_row(void *v, const fs_warehouse *w)
{
    struct find_wh *x = v;
    if (w->id != x->id)
        return 0;
    x->w = *w;
    x->found = true;
    return 1;
}

/* `warehouse add NAME`: prints the new id (JSON: the record). */
static int warehouse_add(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    const char *name = pos.n == 1 ? pos.v[0] : NULL;
    cli_strv_free(&pos);
    if (!name)
        return cli_usage(_("warehouse add: give one warehouse name (quote a name with spaces)."));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    if (fs_warehouse_add(&c->s, name, &id, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format != CLI_JSON) {
        printf("%lld\n", (long long)id);
        return 0;
    }
    struct find_wh x = { .id = id };
    if (fs_warehouse_list(&c->s, find_wh_row, &x, &e) != FS_OK)
        return cli_fail(&e);
    if (x.found)
        print_warehouse_json(&x.w);
    return 0;
}

static int add_wh_row(void *v, const fs_warehouse *w)
{
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)w->id);
    const char *cells[] = { id, w->name, w->active ? "1" : "0", w->can_issue ? "1" : "0" };
    cli_table_add(v, cells);
    return 0;
}

/* `warehouse list`: every warehouse, and whether you may issue from it. */
static int warehouse_list(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },
        { "name", _("name"), COL_TEXT },
        { "active", _("active"), COL_BOOL },
        { "can_issue", _("you may issue"), COL_BOOL },
    };
    struct cli_table *t = cli_table_new(cols, 4);
    if (!t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    if (fs_warehouse_list(&c->s, add_wh_row, t, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        cli_table_print(c, t, NULL);
    cli_table_free(t);
    return rc;
}

/* Parses exactly `n` positional arguments into pos; `usage` on a wrong
 * count.  Opens the session.  Returns 0 or an exit status. */
static int positional(struct cli *c, int argc, char **argv, int n, const char *usage, struct cli_strv *pos)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, pos) != 0)
        return FS_EINVAL;
    if (pos->n != n)
        return cli_usage("%s", usage);
    return cli_session(c);
}

/* `warehouse grant|revoke W LOGIN`. */
static int warehouse_grant_revoke(struct cli *c, int argc, char **argv, bool grant)
{
    struct cli_strv pos = { 0 };
    int rc = positional(c, argc, argv, 2,
                        grant ? _("warehouse grant: give a warehouse and a user login.")
                              : _("warehouse revoke: give a warehouse and a user login."),
                        &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t wid = 0, uid = 0;
    if (!rc && (fs_lookup_warehouse(&c->s, pos.v[0], _("warehouse"), &wid, &e) != FS_OK ||
                fs_lookup_user(&c->s, pos.v[1], _("user"), &uid, &e) != FS_OK ||
                (grant ? fs_warehouse_grant(&c->s, wid, uid, &e) : fs_warehouse_revoke(&c->s, wid, uid, &e)) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int warehouse_grant(struct cli *c, int argc, char **argv)
{
    return warehouse_grant_revoke(c, argc, argv, true);
}

static int warehouse_revoke(struct cli *c, int argc, char **argv)
{
    return warehouse_grant_revoke(c, argc, argv, false);
}

/* `warehouse disable|enable W`. */
static int warehouse_set_active(struct cli *c, int argc, char **argv, bool active)
{
    struct cli_strv pos = { 0 };
    int rc = positional(c, argc, argv, 1,
                        active ? _("warehouse enable: give one warehouse.") : _("warehouse disable: give one warehouse."),
                        &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t wid = 0;
    if (!rc && (fs_lookup_warehouse(&c->s, pos.v[0], _("warehouse"), &wid, &e) != FS_OK ||
                fs_warehouse_set_active(&c->s, wid, active, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int warehouse_disable(struct cli *c, int argc, char **argv)
{
    return warehouse_set_active(c, argc, argv, false);
}

static int warehouse_enable(struct cli *c, int argc, char **argv)
{
    return warehouse_set_active(c, argc, argv, true);
}

static const struct cli_cmd warehouse_cmds[] = {
    { "add", warehouse_add, "warehouse add NAME" },
    { "list", warehouse_list, "warehouse list" },
    { "grant", warehouse_grant, "warehouse grant W LOGIN     (LOGIN may issue remittances from W)" },
    { "revoke", warehouse_revoke, "warehouse revoke W LOGIN" },
    { "disable", warehouse_disable, "warehouse disable W" },
    { "enable", warehouse_enable, "warehouse enable W" },
    { NULL, NULL, NULL },
};

int cmd_warehouse(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "warehouse", warehouse_cmds, argc - 1, argv + 1);
}

/* ---- stock ---- */

/* `stock in|out --product P --warehouse W (--qty Q | --serial S…)
 * [--date D] [--description T]`: prints the movement's id; a stock out
 * beyond what is on hand prints a warning on stderr (status 0). */
static int stock_move(struct cli *c, int argc, char **argv, enum fs_move_kind kind)
{
    const char *product = NULL, *warehouse = NULL, *qty = NULL, *date = NULL, *description = NULL;
    struct cli_strv serials = { 0 };
    const struct cli_opt opts[] = {
        { "product", 1, &product, NULL, NULL },   { "warehouse", 1, &warehouse, NULL, NULL },
        { "qty", 1, &qty, NULL, NULL },           { "serial", 1, NULL, NULL, &serials },
        { "date", 1, &date, NULL, NULL },         { "description", 1, &description, NULL, NULL },
        { 0 },
    };
    int rc = cli_parse(argc, argv, opts, NULL);
    if (!rc && (!product || !warehouse))
        rc = cli_usage(_("stock %s: --product and --warehouse are required."), argv[0]);
    if (!rc && !qty == !serials.n)
        rc = cli_usage(_("stock %s: give --qty (quantity warehousing) or --serial (serial warehousing), not both."),
                       argv[0]);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    fs_stock_req r = { .kind = kind, .serials = serials.v, .nserials = serials.n, .description = description };
    char iso[11] = "";
    if (!rc && (fs_lookup_product(&c->s, product, _("product"), &r.product_id, &e) != FS_OK ||
                fs_lookup_warehouse(&c->s, warehouse, _("warehouse"), &r.warehouse_id, &e) != FS_OK ||
                (qty && fs_qty_parse(qty, _("quantity"), &r.qty, &e) != FS_OK) ||
                cli_parse_date(c, date, _("date"), iso, &e) != FS_OK))
        rc = cli_fail(&e);
    r.date = iso;
    fs_stock_result res;
    if (!rc && fs_stock_record(&c->s, &r, &res, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&serials);
    if (rc)
        return rc;
    if (res.over) {
        fputs(_("forsat: warning: "), stderr);
        cli_puts_safe(stderr, e.msg);
        fputc('\n', stderr);
    }
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", res.move_id);
        jw_qty(&w, "on_hand", res.on_hand);
        jw_str(&w, "warning", res.over ? e.msg : NULL);
        jw_end_obj(&w);
        jw_finish(&w);
    } else {
        printf("%lld\n", (long long)res.move_id);
    }
    return 0;
}

static int stock_in(struct cli *c, int argc, char **argv)
{
    return stock_move(c, argc, argv, FS_MOVE_IN);
}

static int stock_out(struct cli *c, int argc, char **argv)
{
    return stock_move(c, argc, argv, FS_MOVE_OUT);
}

/* The rows of `stock show`, gathered before anything is printed so a
 * refusal prints no half table. */
struct stock_rows {
    fs_stock_row *v;
    size_t n, cap;
};

static int keep_stock_row(void *vx, const fs_stock_row *r)
{
    struct stock_rows *x = vx;
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 8;
        fs_stock_row *v = realloc(x->v, cap * sizeof *v);
        if (!v)
            return 1;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = *r;
    return 0;
}

/* Prints the stock table of product code: a table, CSV, or the JSON
 * object {"product": CODE, "warehouses": [...]}. */
static int print_stock(struct cli *c, const char *code, const struct stock_rows *x)
{
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_str(&w, "product", code);
        jw_arr(&w, "warehouses");
        for (size_t i = 0; i < x->n; i++) {
            jw_obj(&w, NULL);
            jw_str(&w, "warehouse", x->v[i].warehouse);
            jw_qty(&w, "on_hand", x->v[i].on_hand);
            jw_qty(&w, "frozen", x->v[i].frozen);
            jw_qty(&w, "available", x->v[i].available);
            jw_bool(&w, "active", x->v[i].active);
            jw_end_obj(&w);
        }
        jw_end_arr(&w);
        jw_end_obj(&w);
        jw_finish(&w);
        return 0;
    }
    const struct cli_col cols[] = {
        { "warehouse", _("warehouse"), COL_TEXT }, { "on_hand", _("on hand"), COL_QTY },
        { "frozen", _("frozen"), COL_QTY },         { "available", _("available"), COL_QTY },
        { "active", _("active"), COL_BOOL },
    };
    struct cli_table *t = cli_table_new(cols, 5);
    if (!t)
        return FS_ERUNTIME;
    for (size_t i = 0; i < x->n; i++) {
        char on_hand[24], frozen[24], available[24];
        snprintf(on_hand, sizeof on_hand, "%lld", (long long)x->v[i].on_hand);
        snprintf(frozen, sizeof frozen, "%lld", (long long)x->v[i].frozen);
        snprintf(available, sizeof available, "%lld", (long long)x->v[i].available);
        const char *cells[] = { x->v[i].warehouse, on_hand, frozen, available, x->v[i].active ? "1" : "0" };
        cli_table_add(t, cells);
    }
    cli_table_print(c, t, NULL);
    cli_table_free(t);
    return 0;
}

/* `stock show PRODUCT`: the stock table (SPEC §6.3). */
static int stock_show(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = positional(c, argc, argv, 1, _("stock show: give one product (a code or an id)."), &pos);
    fs_err e;
    fs_err_clear(&e);
    fs_product p;
    int64_t id = 0;
    struct stock_rows x = { 0 };
    if (!rc && (fs_lookup_product(&c->s, pos.v[0], _("product"), &id, &e) != FS_OK ||
                fs_product_get(&c->s, id, &p, &e) != FS_OK ||
                fs_stock_table(&c->s, id, keep_stock_row, &x, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    if (!rc)
        rc = print_stock(c, p.code, &x);
    free(x.v);
    return rc;
}

/* `stock mode [quantity|serial]`: prints or sets the warehousing mode. */
static int stock_mode(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    const char *want = pos.n == 1 ? pos.v[0] : NULL;
    int n = pos.n;
    cli_strv_free(&pos);
    if (n > 1 || (want && strcmp(want, "quantity") != 0 && strcmp(want, "serial") != 0))
        return cli_usage(_("stock mode: give quantity or serial (or nothing to print the mode)."));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    enum fs_wh_mode mode;
    if (want && fs_stock_set_mode(&c->s, strcmp(want, "serial") == 0 ? FS_WH_SERIAL : FS_WH_QUANTITY, &e) != FS_OK)
        return cli_fail(&e);
    if (fs_stock_mode(&c->s, &mode, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_str(&w, "mode", fs_stock_mode_name(mode));
        jw_end_obj(&w);
        jw_finish(&w);
    } else {
        printf("%s\n", fs_stock_mode_name(mode));
    }
    return 0;
}

static const struct cli_cmd stock_cmds[] = {
    { "in", stock_in,
      "stock in --product CODE --warehouse W (--qty Q | --serial S ...) [--date D] [--description T]" },
    { "out", stock_out,
      "stock out --product CODE --warehouse W (--qty Q | --serial S ...) [--date D] [--description T]" },
    { "show", stock_show, "stock show CODE        on hand, frozen and available per warehouse" },
    { "mode", stock_mode, "stock mode [quantity|serial]" },
    { NULL, NULL, NULL },
};

int cmd_stock(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "stock", stock_cmds, argc - 1, argv + 1);
}
