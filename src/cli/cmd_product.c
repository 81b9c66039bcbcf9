/* cmd_product.c — `forsat product add|edit|show|list|search|delete` and
 * `forsat group add|list`: the product catalogue from the command line. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "product.h"

/* The options of add and edit; NULL / false = not given. */
struct product_opts {
    const char *code, *name, *group, *kind, *unit, *price, *version;
    /* add: flags */
    bool stock, serial, taxable, name_editable, not_sellable;
    /* edit: yes|no values */
    const char *stock_v, *serial_v, *taxable_v, *name_editable_v, *sellable_v, *active_v;
};

/* Parses yes/no (also 1/0, true/false, بله/خیر) for option `opt`. */
static int parse_yes_no(const char *text, const char *opt, bool *out, fs_err *e)
{
    static const char *const yes[] = { "yes", "y", "1", "true", "on", "بله", "آری" };
    static const char *const no[] = { "no", "n", "0", "false", "off", "خیر", "نه" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcmp(text, yes[i]) == 0) {
            *out = true;
            return FS_OK;
        }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcmp(text, no[i]) == 0) {
            *out = false;
            return FS_OK;
        }
    return fs_err_set(e, FS_EINVAL, opt, _("%s: must be yes or no."), opt);
}

/* Copies the given options onto p, resolving --group and --unit by name;
 * in edit, "" clears the group, unit or price. */
static int apply_options(struct cli *c, const struct product_opts *o, bool edit, fs_product *p, fs_err *e)
{
    /* Text too long for the record is refused here, never cut. */
    if (o->code && strlen(o->code) >= sizeof p->code)
        return fs_err_set(e, FS_EINVAL, "code", _("code: must be at most %d characters."), FS_PRODUCT_CODE_MAX);
    if (o->name && strlen(o->name) >= sizeof p->name)
        return fs_err_set(e, FS_EINVAL, "name", _("name: must be at most %d characters."), FS_PRODUCT_NAME_MAX);
    if (o->code)
        snprintf(p->code, sizeof p->code, "%s", o->code);
    if (o->name)
        snprintf(p->name, sizeof p->name, "%s", o->name);
    if (o->kind) {
        if (strcmp(o->kind, "product") == 0 || strcmp(o->kind, "کالا") == 0)
            p->service = false;
        else if (strcmp(o->kind, "service") == 0 || strcmp(o->kind, "خدمت") == 0)
            p->service = true;
        else
            return fs_err_set(e, FS_EINVAL, "kind", _("kind: must be product or service."));
    }
    if (o->group) {
        p->group_id = 0;
        if (*o->group && fs_lookup_group(&c->s, o->group, _("group"), &p->group_id, e) != FS_OK)
            return e->code;
    }
    if (o->unit) {
        p->unit_id = 0;
        if (*o->unit && fs_lookup_list_item(&c->s, "unit", o->unit, _("unit"), &p->unit_id, e) != FS_OK)
            return e->code;
    }
    if (o->price) {
        p->has_price = *o->price != '\0';
        p->unit_price = 0;
        if (p->has_price && fs_money_parse(o->price, _("price"), &p->unit_price, e) != FS_OK)
            return e->code;
    }
    if (!edit) {
        p->stock_tracked = o->stock || o->serial; /* serial numbers are kept in stock */
        p->serial = o->serial;
        p->taxable = o->taxable;
        p->name_editable = o->name_editable;
        p->sellable = !o->not_sellable;
        return FS_OK;
    }
    const struct {
        const char *val, *opt;
        bool *slot;
    } flags[] = {
        { o->stock_v, "--stock", &p->stock_tracked },   { o->serial_v, "--serial", &p->serial },
        { o->taxable_v, "--taxable", &p->taxable },     { o->name_editable_v, "--name-editable", &p->name_editable },
        { o->sellable_v, "--sellable", &p->sellable },  { o->active_v, "--active", &p->active },
    };
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (flags[i].val && parse_yes_no(flags[i].val, flags[i].opt, flags[i].slot, e) != FS_OK)
            return e->code;
    if (o->serial_v && p->serial && !o->stock_v)
        p->stock_tracked = true; /* as in add: serial numbers are kept in stock */
    if (o->version && fs_int_parse(o->version, "--version", 1, INT64_MAX / 2, &p->version, e) != FS_OK)
        return e->code;
    return FS_OK;
}

/* Prints a product: key/value lines, or one JSON object. */
static void print_product(struct cli *c, const fs_product *p)
{
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", p->id);
        jw_str(&w, "code", p->code);
        jw_str(&w, "name", p->name);
        jw_str(&w, "group", p->group_id ? p->group_name : NULL);
        jw_str(&w, "kind", p->service ? "service" : "product");
        jw_str(&w, "unit", p->unit_id ? p->unit_key : NULL);
        jw_str(&w, "unit_label", p->unit_id ? p->unit_label : NULL);
        if (p->has_price)
            jw_int(&w, "unit_price", p->unit_price);
        else
            jw_null(&w, "unit_price");
        jw_bool(&w, "sellable", p->sellable);
        jw_bool(&w, "stock_tracked", p->stock_tracked);
        jw_bool(&w, "serial", p->serial);
        jw_bool(&w, "taxable", p->taxable);
        jw_bool(&w, "name_editable", p->name_editable);
        jw_bool(&w, "active", p->active);
        jw_bool(&w, "builtin", p->builtin);
        jw_int(&w, "version", p->version);
        jw_end_obj(&w);
        jw_finish(&w);
        return;
    }
    char num[32], price[64];
    snprintf(num, sizeof num, "%lld", (long long)p->id);
    char *id = fs_text_local_digits(num, c->digits);
    snprintf(num, sizeof num, "%lld", (long long)p->version);
    char *version = fs_text_local_digits(num, c->digits);
    if (p->has_price)
        cli_money(c, p->unit_price, price, sizeof price);
    else
        price[0] = '\0';
    cli_kv(_("id"), id);
    cli_kv(_("code"), p->code);
    cli_kv(_("name"), p->name);
    cli_kv(_("group"), p->group_name);
    cli_kv(_("kind"), p->service ? _("service") : _("product"));
    cli_kv(_("unit"), p->unit_label);
    cli_kv(_("unit price"), price);
    cli_kv(_("sellable"), p->sellable ? _("yes") : _("no"));
    cli_kv(_("stock-tracked"), p->stock_tracked ? _("yes") : _("no"));
    cli_kv(_("serial numbers"), p->serial ? _("yes") : _("no"));
    cli_kv(_("taxable"), p->taxable ? _("yes") : _("no"));
    cli_kv(_("name editable"), p->name_editable ? _("yes") : _("no"));
    cli_kv(_("active"), p->active ? _("yes") : _("no"));
    cli_kv(_("version"), version);
    free(id);
    free(version);
}

/* Reads product id and prints it. */
static int show_product(struct cli *c, int64_t id)
{
    fs_err e;
    fs_err_clear(&e);
    fs_product p;
    if (fs_product_get(&c->s, id, &p, &e) != FS_OK)
        return cli_fail(&e);
    print_product(c, &p);
    return 0;
}

/* Parses the add/edit options into o; positional arguments into pos when
 * given (edit).  Returns 0 or the usage status. */
static int parse_product_opts(int argc, char **argv, struct product_opts *o, bool edit, struct cli_strv *pos)
{
    const struct cli_opt add_opts[] = {
        { "code", 1, &o->code, NULL, NULL },   { "name", 1, &o->name, NULL, NULL },
        { "group", 1, &o->group, NULL, NULL }, { "kind", 1, &o->kind, NULL, NULL },
        { "unit", 1, &o->unit, NULL, NULL },   { "price", 1, &o->price, NULL, NULL },
        { "stock", 0, NULL, &o->stock, NULL }, { "serial", 0, NULL, &o->serial, NULL },
        { "taxable", 0, NULL, &o->taxable, NULL }, { "name-editable", 0, NULL, &o->name_editable, NULL },
        { "not-sellable", 0, NULL, &o->not_sellable, NULL }, { 0 },
    };
    const struct cli_opt edit_opts[] = {
        { "code", 1, &o->code, NULL, NULL },   { "name", 1, &o->name, NULL, NULL },
        { "group", 1, &o->group, NULL, NULL }, { "kind", 1, &o->kind, NULL, NULL },
        { "unit", 1, &o->unit, NULL, NULL },   { "price", 1, &o->price, NULL, NULL },
        { "stock", 1, &o->stock_v, NULL, NULL }, { "serial", 1, &o->serial_v, NULL, NULL },
        { "taxable", 1, &o->taxable_v, NULL, NULL }, { "name-editable", 1, &o->name_editable_v, NULL, NULL },
        { "sellable", 1, &o->sellable_v, NULL, NULL }, { "active", 1, &o->active_v, NULL, NULL },
        { "version", 1, &o->version, NULL, NULL }, { 0 },
    };
    return cli_parse(argc, argv, edit ? edit_opts : add_opts, pos);
}

/* `product add`: prints the new id (JSON: the whole record). */
static int product_add(struct cli *c, int argc, char **argv)
{
    struct product_opts o = { 0 };
    if (parse_product_opts(argc, argv, &o, false, NULL) != 0)
        return FS_EINVAL;
    if (!o.code || !o.name)
        return cli_usage(_("product add: --code and --name are required."));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_product p;
    fs_product_init(&p);
    int64_t id = 0;
    if (apply_options(c, &o, false, &p, &e) != FS_OK || fs_product_add(&c->s, &p, &id, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON)
        return show_product(c, id);
    printf("%lld\n", (long long)id);
    return 0;
}

/* Resolves the one positional argument of a command to a product id;
 * `what` is the usage sentence for a wrong count. */
static int one_product(struct cli *c, const struct cli_strv *pos, const char *what, int64_t *id)
{
    if (pos->n != 1)
        return cli_usage("%s", what);
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    if (fs_lookup_product(&c->s, pos->v[0], _("product"), id, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}

/* `product edit CODE|ID`: changes the given fields; --version N refuses
 * the edit when someone saved the product after version N. */
static int product_edit(struct cli *c, int argc, char **argv)
{
    struct product_opts o = { 0 };
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = parse_product_opts(argc, argv, &o, true, &pos) != 0
                 ? FS_EINVAL
                 : one_product(c, &pos, _("product edit: give one product (a code or an id)."), &id);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_product p;
    if (fs_product_get(&c->s, id, &p, &e) != FS_OK || apply_options(c, &o, true, &p, &e) != FS_OK ||
        fs_product_edit(&c->s, &p, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON)
        return show_product(c, id);
    return 0;
}

/* `product show CODE|ID`. */
static int product_show(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos) != 0
                 ? FS_EINVAL
                 : one_product(c, &pos, _("product show: give one product (a code or an id)."), &id);
    cli_strv_free(&pos);
    return rc ? rc : show_product(c, id);
}

/* `product delete CODE|ID`: only a product used nowhere. */
static int product_delete(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos) != 0
                 ? FS_EINVAL
                 : one_product(c, &pos, _("product delete: give one product (a code or an id)."), &id);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    if (fs_product_delete(&c->s, id, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}

/* Rows of list and search. */
struct rows {
    struct cli *c;
    struct cli_table *t;
    int64_t last_id;
    int count;
};

static const struct cli_col product_cols[] = {
    { "id", N_("id"), COL_INT },           { "code", N_("code"), COL_TEXT },
    { "name", N_("name"), COL_TEXT },      { "group", N_("group"), COL_TEXT },
    { "unit", N_("unit"), COL_TEXT },      { "unit_price", N_("unit price"), COL_MONEY },
    { "sellable", N_("sellable"), COL_BOOL }, { "active", N_("active"), COL_BOOL },
};
#define NCOLS ((int)(sizeof product_cols / sizeof *product_cols))

/* A table with the product columns, headings translated (cols has room
 * for NCOLS). */
static struct cli_table *product_table(struct cli_col *cols)
{
    for (int i = 0; i < NCOLS; i++)
        cols[i] = (struct cli_col){ product_cols[i].key, _(product_cols[i].heading), product_cols[i].type };
    return cli_table_new(cols, NCOLS);
}

static int add_row(void *v, const fs_product *p)
{
    struct rows *x = v;
    char id[24], price[24];
    snprintf(id, sizeof id, "%lld", (long long)p->id);
    snprintf(price, sizeof price, "%lld", (long long)p->unit_price);
    bool json = x->c->format == CLI_JSON;
    const char *cells[NCOLS] = {
        id, p->code, p->name, p->group_id ? p->group_name : NULL,
        p->unit_id ? (json ? p->unit_key : p->unit_label) : NULL, p->has_price ? price : NULL,
        p->sellable ? "1" : "0", p->active ? "1" : "0",
    };
    cli_table_add(x->t, cells);
    x->last_id = p->id;
    x->count++;
    return 0;
}

/* Resolves --group into f (no group given: any). */
static int group_filter(struct cli *c, const char *group, bool pickable, fs_product_filter *f)
{
    f->group_id = 0;
    f->pickable = pickable;
    fs_err e;
    fs_err_clear(&e);
    if (group && fs_lookup_group(&c->s, group, _("group"), &f->group_id, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}

/* `product list [--group G] [--pickable] [--after ID] [--limit N]`: a page
 * by id. */
static int product_list(struct cli *c, int argc, char **argv)
{
    const char *after = NULL, *limit = NULL, *group = NULL;
    bool pickable = false;
    const struct cli_opt opts[] = {
        { "group", 1, &group, NULL, NULL }, { "after", 1, &after, NULL, NULL },
        { "limit", 1, &limit, NULL, NULL }, { "pickable", 0, NULL, &pickable, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    fs_err e;
    fs_err_clear(&e);
    int64_t n = 100, from = 0;
    if ((limit && fs_int_parse(limit, "--limit", 1, 10000, &n, &e) != FS_OK) ||
        (after && fs_int_parse(after, "--after", 0, INT64_MAX / 2, &from, &e) != FS_OK))
        return cli_fail(&e);
    fs_product_filter f;
    int rc = cli_session(c);
    if (rc || (rc = group_filter(c, group, pickable, &f)))
        return rc;
    struct cli_col cols[NCOLS];
    struct rows x = { c, product_table(cols), 0, 0 };
    if (!x.t)
        return FS_ERUNTIME;
    if (fs_product_list(&c->s, &f, from, (int)n, add_row, &x, &e) != FS_OK) {
        cli_table_free(x.t);
        return cli_fail(&e);
    }
    cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    if (x.count == n && c->format == CLI_TABLE)
        fprintf(stderr, _("forsat: more may follow; add --after %lld for the next page.\n"), (long long)x.last_id);
    return 0;
}

/* `product search TEXT [--group G] [--code] [--pickable] [--limit N]`:
 * type-ahead on the name, or exact-or-prefix on the code. */
static int product_search(struct cli *c, int argc, char **argv)
{
    const char *limit = NULL, *group = NULL;
    bool by_code = false, pickable = false;
    const struct cli_opt opts[] = {
        { "group", 1, &group, NULL, NULL }, { "limit", 1, &limit, NULL, NULL },
        { "code", 0, NULL, &by_code, NULL }, { "pickable", 0, NULL, &pickable, NULL },
        { 0 },
    };
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, opts, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    /* Several arguments are one text: `product search لپ تاپ`. */
    size_t len = 1;
    for (int i = 0; i < pos.n; i++)
        len += strlen(pos.v[i]) + 1;
    char *text = calloc(1, len);
    for (int i = 0; text && i < pos.n; i++) {
        if (i)
            strcat(text, " ");
        strcat(text, pos.v[i]);
    }
    int npos = pos.n;
    cli_strv_free(&pos);
    if (!text)
        return FS_ERUNTIME;
    if (npos < 1 || !*text) {
        free(text);
        return cli_usage(_("product search: give part of a name (or of a code with --code)."));
    }
    fs_err e;
    fs_err_clear(&e);
    int64_t n = 20;
    fs_product_filter f;
    int rc = limit && fs_int_parse(limit, "--limit", 1, 1000, &n, &e) != FS_OK ? cli_fail(&e) : cli_session(c);
    if (!rc)
        rc = group_filter(c, group, pickable, &f);
    struct cli_col cols[NCOLS];
    struct rows x = { c, rc ? NULL : product_table(cols), 0, 0 };
    if (!rc && !x.t)
        rc = FS_ERUNTIME;
    if (!rc) {
        int st = by_code ? fs_product_search_code(&c->s, text, &f, (int)n, add_row, &x, &e)
                         : fs_product_search(&c->s, text, &f, (int)n, add_row, &x, &e);
        if (st != FS_OK)
            rc = cli_fail(&e);
        else
            cli_table_print(c, x.t, NULL);
    }
    cli_table_free(x.t);
    free(text);
    return rc;
}

static const struct cli_cmd product_cmds[] = {
    { "add", product_add,
      "product add --code CODE --name NAME [--group G] [--kind product|service] [--unit U] [--price RIAL] "
      "[--stock] [--serial] [--taxable] [--name-editable] [--not-sellable]" },
    { "edit", product_edit,
      "product edit CODE|ID [--code C] [--name N] [--group G] [--kind K] [--unit U] [--price RIAL] "
      "[--stock|--serial|--taxable|--name-editable|--sellable|--active yes|no] [--version N]" },
    { "show", product_show, "product show CODE|ID" },
    { "list", product_list, "product list [--group G] [--pickable] [--after ID] [--limit N]" },
    { "search", product_search, "product search TEXT [--group G] [--code] [--pickable] [--limit N]" },
    { "delete", product_delete, "product delete CODE|ID      (only a product used nowhere)" },
    { NULL, NULL, NULL },
};

int cmd_product(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "product", product_cmds, argc - 1, argv + 1);
}

/* ---- groups ---- */

/* `group add NAME [--parent G]`: prints the new id. */
static int group_add(struct cli *c, int argc, char **argv)
{
    const char *parent = NULL;
    const struct cli_opt opts[] = { { "parent", 1, &parent, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, opts, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    const char *name = pos.n == 1 ? pos.v[0] : NULL;
    cli_strv_free(&pos);
    if (!name)
        return cli_usage(_("group add: give one group name (quote a name with spaces)."));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t parent_id = 0, id = 0;
    if ((parent && fs_lookup_group(&c->s, parent, "--parent", &parent_id, &e) != FS_OK) ||
        fs_group_add(&c->s, name, parent_id, &id, &e) != FS_OK)
        return cli_fail(&e);
    printf("%lld\n", (long long)id);
    return 0;
}

struct group_rows {
    struct cli *c;
    struct cli_table *t;
};

static int add_group_row(void *v, const fs_group *g)
{
    struct group_rows *x = v;
    char id[24], parent[24], depth[16], products[24];
    snprintf(id, sizeof id, "%lld", (long long)g->id);
    snprintf(parent, sizeof parent, "%lld", (long long)g->parent_id);
    snprintf(depth, sizeof depth, "%d", g->depth);
    snprintf(products, sizeof products, "%lld", (long long)g->products);
    /* The table shows the tree by indenting; CSV and JSON keep the name. */
    char name[sizeof g->name + 2 * 64];
    size_t k = 0;
    for (int i = 0; x->c->format == CLI_TABLE && i < g->depth && i < 64; i++) {
        name[k++] = ' ';
        name[k++] = ' ';
    }
    snprintf(name + k, sizeof name - k, "%s", g->name);
    const char *cells[] = { id, name, g->parent_id ? parent : NULL, depth, g->leaf ? "1" : "0", products };
    cli_table_add(x->t, cells);
    return 0;
}

/* `group list`: the tree, each parent before its sub-groups. */
static int group_list(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },          { "name", _("name"), COL_TEXT },
        { "parent", _("parent"), COL_INT },  { "depth", _("depth"), COL_INT },
        { "leaf", _("leaf"), COL_BOOL },     { "products", _("products"), COL_INT },
    };
    struct group_rows x = { c, cli_table_new(cols, 6) };
    if (!x.t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    if (fs_group_list(&c->s, add_group_row, &x, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    return rc;
}

static const struct cli_cmd group_cmds[] = {
    { "add", group_add, "group add NAME [--parent G]" },
    { "list", group_list, "group list" },
    { NULL, NULL, NULL },
};

int cmd_group(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "group", group_cmds, argc - 1, argv + 1);
}
