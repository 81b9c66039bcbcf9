/* cmd_doc.c — proformas, invoices and returns (`forsat doc …`, `forsat opp
 * proforma|invoice`), receipts, payments and contracts, and balances.
 * Parsing and printing only; the rules live in src/core/document.c and
 * src/core/balance.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "cli.h"
#include "cmd_doc.h"
#include "commands.h"
#include "document.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"

/* ---- shared helpers --------------------------------------------------- */

/* Prints an int64 into buf (for table cells). */
static const char *i64(char *buf, size_t n, int64_t v)
{
    snprintf(buf, n, "%lld", (long long)v);
    return buf;
}

/* An optional id-or-number argument: *id stays 0 when text is NULL. */
static int opt_doc(struct cli *c, const char *text, const char *field, int64_t *id, fs_err *e)
{
    *id = 0;
    return text ? fs_doc_find(&c->s, text, field, id, e) : FS_OK;
}

static int opt_opp(struct cli *c, const char *text, int64_t *id, fs_err *e)
{
    *id = 0;
    return text ? fs_opp_find(&c->s, text, "opp", id, e) : FS_OK;
}

static int opt_contact(struct cli *c, const char *text, int64_t *id, fs_err *e)
{
    *id = 0;
    return text ? fs_lookup_identity(&c->s, text, "contact", id, e) : FS_OK;
}

/* Parses --after and --limit (1–10000, default 100). */
static int opt_page(const char *after, const char *limit, int64_t *a, int *l, fs_err *e)
{
    int64_t v = 100;
    *a = 0;
    if (after && fs_int_parse(after, "after", 0, INT64_MAX / 2, a, e) != FS_OK)
        return FS_EINVAL;
    if (limit && fs_int_parse(limit, "limit", 1, 10000, &v, e) != FS_OK)
        return FS_EINVAL;
    *l = (int)v;
    return FS_OK;
}

/* Parses argv against opts (NULL for none) wanting exactly n positional
 * arguments (else a usage error showing usage), then opens the session.
 * On failure pos is freed and the exit status returned. */
static int parse_pos(struct cli *c, int argc, char **argv, const struct cli_opt *opts, int n, const char *usage,
                     struct cli_strv *pos)
{
    static const struct cli_opt none[] = { { 0 } };
    int rc = cli_parse(argc, argv, opts ? opts : none, pos);
    if (rc == 0 && pos->n != n)
        rc = cli_usage(_("usage: forsat %s"), usage);
    if (rc == 0)
        rc = cli_session(c);
    if (rc)
        cli_strv_free(pos);
    return rc;
}

/* ---- showing a document ----------------------------------------------- */

static void json_doc(const fs_doc *d)
{
    struct jw w;
    jw_begin(&w, stdout);
    jw_obj(&w, NULL);
    jw_int(&w, "id", d->id);
    jw_str(&w, "kind", fs_doc_kind_name(d->kind));
    jw_str(&w, "number", d->number[0] ? d->number : NULL);
    jw_str(&w, "status", fs_doc_status_name(d->status));
    jw_str(&w, "contact", d->identity_name);
    jw_int(&w, "contact_id", d->identity_id);
    if (d->opp_id)
        jw_int(&w, "opp", d->opp_id);
    else
        jw_null(&w, "opp");
    jw_str(&w, "opp_number", d->opp_number[0] ? d->opp_number : NULL);
    jw_str(&w, "issue_date", d->issue_date);
    jw_str(&w, "expiry_date", d->expiry_date[0] ? d->expiry_date : NULL);
    jw_str(&w, "description", d->description[0] ? d->description : NULL);
    if (d->source_doc_id)
        jw_int(&w, "source_doc", d->source_doc_id);
    else
        jw_null(&w, "source_doc");
    if (d->invoiced_by_id)
        jw_int(&w, "invoiced_by", d->invoiced_by_id);
    else
        jw_null(&w, "invoiced_by");
    jw_int(&w, "tax_bp", d->tax_bp);
    jw_int(&w, "duties_bp", d->duties_bp);
    jw_arr(&w, "lines");
    for (int i = 0; i < d->nlines; i++) {
        const fs_doc_line *l = &d->lines[i];
        jw_obj(&w, NULL);
        jw_int(&w, "line", l->position);
        jw_str(&w, "product_code", l->product_code);
        jw_str(&w, "name", l->name);
        jw_qty(&w, "qty", l->qty);
        jw_int(&w, "unit_price", l->unit_price);
        jw_int(&w, "total", l->total);
        jw_int(&w, "discount_bp", l->discount_bp);
        jw_int(&w, "discount", l->discount);
        jw_int(&w, "tax", l->tax);
        jw_int(&w, "duties", l->duties);
        jw_int(&w, "final", l->final);
        if (l->warehouse_id)
            jw_int(&w, "warehouse", l->warehouse_id);
        else
            jw_null(&w, "warehouse");
        jw_str(&w, "description", l->description[0] ? l->description : NULL);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_int(&w, "total", d->total);
    jw_int(&w, "discount", d->discount);
    jw_int(&w, "tax", d->tax);
    jw_int(&w, "duties", d->duties);
    jw_int(&w, "final", d->final);
    jw_end_obj(&w);
    jw_finish(&w);
}

static void table_doc(struct cli *c, const fs_doc *d)
{
    char buf[96], num[32];
    cli_kv(_("document"), fs_doc_kind_label(d->kind, c->lang_fa));
    cli_kv(_("number"), d->number[0] ? d->number : _("(given on approval)"));
    cli_kv(_("status"), fs_doc_status_label(d->status, c->lang_fa));
    cli_kv(_("contact"), d->identity_name);
    if (d->opp_id)
        cli_kv(_("opportunity"), d->opp_number);
    cli_date(c, d->issue_date, buf, sizeof buf);
    cli_kv(_("issue date"), buf);
    if (d->expiry_date[0]) {
        cli_date(c, d->expiry_date, buf, sizeof buf);
        cli_kv(_("expiry date"), buf);
    }
    if (d->description[0])
        cli_kv(_("description"), d->description);
    fs_percent_format(d->tax_bp, c->digits, num, sizeof num);
    snprintf(buf, sizeof buf, "%s %%", num);
    cli_kv(_("tax rate"), buf);

    static const struct cli_col cols[] = {
        { "line", N_("row"), COL_INT },          { "product_code", N_("code"), COL_TEXT },
        { "name", N_("product"), COL_TEXT },     { "qty", N_("quantity"), COL_QTY },
        { "unit_price", N_("unit price"), COL_MONEY }, { "discount", N_("discount"), COL_MONEY },
        { "tax", N_("tax"), COL_MONEY },         { "duties", N_("duties"), COL_MONEY },
        { "final", N_("final"), COL_MONEY },
    };
    struct cli_col tcols[9];
    for (int i = 0; i < 9; i++) {
        tcols[i] = cols[i];
        tcols[i].heading = _(cols[i].heading);
    }
    struct cli_table *t = cli_table_new(tcols, 9);
    if (!t)
        return;
    for (int i = 0; i < d->nlines; i++) {
        const fs_doc_line *l = &d->lines[i];
        char p[24], q[24], u[24], di[24], tx[24], du[24], f[24];
        const char *cells[9] = { i64(p, sizeof p, l->position), l->product_code, l->name,
                                 i64(q, sizeof q, l->qty), i64(u, sizeof u, l->unit_price),
                                 i64(di, sizeof di, l->discount), i64(tx, sizeof tx, l->tax),
                                 i64(du, sizeof du, l->duties), i64(f, sizeof f, l->final) };
        cli_table_add(t, cells);
    }
    char tt[24], td[24], tx[24], du[24], f[24];
    const char *totals[9] = { NULL, NULL, _("sum"), NULL, i64(tt, sizeof tt, d->total),
                              i64(td, sizeof td, d->discount), i64(tx, sizeof tx, d->tax),
                              i64(du, sizeof du, d->duties), i64(f, sizeof f, d->final) };
    fputc('\n', stdout);
    cli_table_print(c, t, totals);
    cli_table_free(t);
}

/* Loads and prints document id in the chosen format. */
static int show_doc(struct cli *c, int64_t id)
{
    fs_err e;
    fs_doc d;
    if (fs_doc_load(&c->s, id, &d, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON)
        json_doc(&d);
    else
        table_doc(c, &d);
    fs_doc_free(&d);
    return 0;
}

/* What a command that created document id prints: its id, or the whole
 * record with --format json. */
static int print_created(struct cli *c, int64_t id)
{
    if (c->format == CLI_JSON)
        return show_doc(c, id);
    printf("%lld\n", (long long)id);
    return 0;
}

/* ---- doc add / edit / show / list ------------------------------------- */

static int doc_add(struct cli *c, int argc, char **argv)
{
    const char *kind = NULL, *contact = NULL, *opp = NULL, *date = NULL, *expiry = NULL, *desc = NULL,
               *source = NULL;
    const struct cli_opt opts[] = {
        { "kind", 1, &kind, NULL, NULL },       { "contact", 1, &contact, NULL, NULL },
        { "opp", 1, &opp, NULL, NULL },         { "date", 1, &date, NULL, NULL },
        { "expiry", 1, &expiry, NULL, NULL },   { "description", 1, &desc, NULL, NULL },
        { "source", 1, &source, NULL, NULL },   { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    if (!kind)
        return cli_usage(_("doc add: --kind proforma|invoice|return is required."));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    struct fs_doc_new in = { .description = desc };
    char issue[11] = "", exp[11] = "";
    if (fs_doc_kind_parse(kind, "kind", &in.kind, &e) != FS_OK ||
        opt_contact(c, contact, &in.identity_id, &e) != FS_OK || opt_opp(c, opp, &in.opp_id, &e) != FS_OK ||
        opt_doc(c, source, "source", &in.source_doc_id, &e) != FS_OK ||
        cli_parse_date(c, date, "date", issue, &e) != FS_OK || cli_parse_date(c, expiry, "expiry", exp, &e) != FS_OK)
        return cli_fail(&e);
    in.issue_date = issue;
    in.expiry_date = exp;
    int64_t id;
    if (fs_doc_create(&c->s, &in, &id, &e) != FS_OK)
        return cli_fail(&e);
    return print_created(c, id);
}

static int doc_edit(struct cli *c, int argc, char **argv)
{
    const char *date = NULL, *expiry = NULL, *desc = NULL;
    const struct cli_opt opts[] = {
        { "date", 1, &date, NULL, NULL }, { "expiry", 1, &expiry, NULL, NULL },
        { "description", 1, &desc, NULL, NULL }, { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = parse_pos(c, argc, argv, opts, 1, "doc edit ID|NUMBER [--date D] [--expiry D] [--description T]", &pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    char issue[11] = "", exp[11] = "";
    struct fs_doc_edit in = { issue, exp, desc };
    rc = FS_OK;
    if (fs_doc_find(&c->s, pos.v[0], "doc", &id, &e) != FS_OK || cli_parse_date(c, date, "date", issue, &e) != FS_OK ||
        cli_parse_date(c, expiry, "expiry", exp, &e) != FS_OK || fs_doc_update(&c->s, id, &in, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int doc_show(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = parse_pos(c, argc, argv, NULL, 1, "doc show ID|NUMBER", &pos);
    if (rc)
        return rc;
    fs_err e;
    int64_t id;
    rc = fs_doc_find(&c->s, pos.v[0], "doc", &id, &e) != FS_OK ? cli_fail(&e) : show_doc(c, id);
    cli_strv_free(&pos);
    return rc;
}

static int add_doc_row(void *ctx, const fs_doc_row *r)
{
    char id[24], contact[24], opp[24], fin[24];
    const char *cells[9] = { i64(id, sizeof id, r->id), fs_doc_kind_name(r->kind), r->number,
                             fs_doc_status_name(r->status), r->issue_date, i64(contact, sizeof contact, r->identity_id),
                             r->identity_name, r->opp_id ? i64(opp, sizeof opp, r->opp_id) : NULL,
                             i64(fin, sizeof fin, r->final) };
    return cli_table_add(ctx, cells) == 0 ? 0 : FS_ERUNTIME;
}

static int doc_list(struct cli *c, int argc, char **argv)
{
    const char *kind = NULL, *status = NULL, *contact = NULL, *opp = NULL, *after = NULL, *limit = NULL;
    const struct cli_opt opts[] = {
        { "kind", 1, &kind, NULL, NULL },       { "status", 1, &status, NULL, NULL },
        { "contact", 1, &contact, NULL, NULL }, { "opp", 1, &opp, NULL, NULL },
        { "after", 1, &after, NULL, NULL },     { "limit", 1, &limit, NULL, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    struct fs_doc_filter f = { .kind = -1, .status = -1 };
    enum fs_doc_kind k;
    enum fs_doc_status st;
    if ((kind && fs_doc_kind_parse(kind, "kind", &k, &e) != FS_OK) ||
        (status && fs_doc_status_parse(status, "status", &st, &e) != FS_OK) ||
        opt_contact(c, contact, &f.identity_id, &e) != FS_OK || opt_opp(c, opp, &f.opp_id, &e) != FS_OK ||
        opt_page(after, limit, &f.after, &f.limit, &e) != FS_OK)
        return cli_fail(&e);
    if (kind)
        f.kind = (int)k;
    if (status)
        f.status = (int)st;
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },           { "kind", _("kind"), COL_TEXT },
        { "number", _("number"), COL_TEXT },  { "status", _("status"), COL_TEXT },
        { "issue_date", _("issue date"), COL_DATE }, { "contact_id", _("contact id"), COL_INT },
        { "contact", _("contact"), COL_TEXT }, { "opp", _("opportunity"), COL_INT },
        { "final", _("final"), COL_MONEY },
    };
    struct cli_table *t = cli_table_new(cols, 9);
    if (!t)
        return cli_usage("%s", _("out of memory."));
    rc = fs_doc_list(&c->s, &f, add_doc_row, t, &e);
    if (rc == FS_OK)
        cli_table_print(c, t, NULL);
    else
        rc = cli_fail(&e);
    cli_table_free(t);
    return rc;
}

/* ---- doc line add / edit / remove ------------------------------------- */

/* The line options shared by add and edit. */
struct line_opts {
    const char *product, *qty, *price, *pct, *amount, *name, *warehouse, *desc;
};

/* Fills in from the options given; fields not given are left as they are. */
static int line_from_opts(struct cli *c, const struct line_opts *o, struct fs_doc_line_in *in, fs_err *e)
{
    if (o->pct && o->amount)
        return fs_err_set(e, FS_EINVAL, "discount", _("discount: give --discount-percent or --discount, not both."));
    if (o->product && fs_lookup_product(&c->s, o->product, "product", &in->product_id, e) != FS_OK)
        return FS_EINVAL;
    if (o->qty && fs_qty_parse(o->qty, "qty", &in->qty, e) != FS_OK)
        return FS_EINVAL;
    if (o->price) {
        if (fs_money_parse(o->price, "price", &in->unit_price, e) != FS_OK)
            return FS_EINVAL;
        in->has_price = true;
    }
    if (o->pct) {
        if (fs_percent_parse(o->pct, "discount", &in->discount_bp, e) != FS_OK)
            return FS_EINVAL;
        in->has_discount_bp = true;
        in->has_discount = false;
    }
    if (o->amount) {
        if (fs_money_parse(o->amount, "discount", &in->discount, e) != FS_OK)
            return FS_EINVAL;
        in->has_discount = true;
        in->has_discount_bp = false;
    }
    if (o->name)
        in->name = o->name;
    if (o->warehouse && fs_lookup_warehouse(&c->s, o->warehouse, "warehouse", &in->warehouse_id, e) != FS_OK)
        return FS_EINVAL;
    if (o->desc)
        in->description = o->desc;
    return FS_OK;
}

/* Parses `doc line add|edit DOC [LINE] …` into o and pos (n positional
 * arguments) and opens the session, as parse_pos. */
static int parse_line_cmd(struct cli *c, int argc, char **argv, struct line_opts *o, int n, const char *usage,
                          struct cli_strv *pos)
{
    const struct cli_opt opts[] = {
        { "product", 1, &o->product, NULL, NULL },  { "qty", 1, &o->qty, NULL, NULL },
        { "price", 1, &o->price, NULL, NULL },      { "discount-percent", 1, &o->pct, NULL, NULL },
        { "discount", 1, &o->amount, NULL, NULL },  { "name", 1, &o->name, NULL, NULL },
        { "warehouse", 1, &o->warehouse, NULL, NULL }, { "description", 1, &o->desc, NULL, NULL },
        { 0 },
    };
    return parse_pos(c, argc, argv, opts, n, usage, pos);
}

static int line_add(struct cli *c, int argc, char **argv)
{
    struct line_opts o = { 0 };
    struct cli_strv pos = { 0 };
    const char *usage = "doc line add DOC --product CODE --qty Q [--price RIAL] "
                        "[--discount-percent P | --discount RIAL] [--name N] [--warehouse W] [--description T]";
    int rc = parse_line_cmd(c, argc, argv, &o, 1, usage, &pos);
    if (rc)
        return rc;
    if (!o.product || !o.qty) {
        cli_strv_free(&pos);
        return cli_usage(_("usage: forsat %s"), usage);
    }
    fs_err e;
    fs_err_clear(&e);
    int64_t doc;
    struct fs_doc_line_in in = { 0 };
    int no = 0;
    if (fs_doc_find(&c->s, pos.v[0], "doc", &doc, &e) != FS_OK || line_from_opts(c, &o, &in, &e) != FS_OK ||
        fs_doc_line_add(&c->s, doc, &in, &no, &e) != FS_OK)
        rc = cli_fail(&e);
    else {
        /* Over-stock under quantity warehousing: added, with a warning. */
        if (e.msg[0]) {
            fputs(_("forsat: warning: "), stderr);
            cli_puts_safe(stderr, e.msg);
            fputc('\n', stderr);
        }
        if (c->format == CLI_JSON)
            rc = show_doc(c, doc);
        else
            printf("%d\n", no);
    }
    cli_strv_free(&pos);
    return rc;
}

/* Parses a 1-based line number. */
static int parse_line_no(const char *text, int *no, fs_err *e)
{
    int64_t v;
    if (fs_int_parse(text, "line", 1, 1000000, &v, e) != FS_OK)
        return FS_EINVAL;
    *no = (int)v;
    return FS_OK;
}

/* Starts an edit of line no from what it holds now: the same product,
 * quantity, price, name, warehouse and description, and the discount as a
 * percentage when the percentage gives exactly the stored amount (so a
 * new quantity keeps "3 %"), else as the amount. */
static int line_current(const fs_doc *d, int no, struct fs_doc_line_in *in, fs_err *e)
{
    if (no > d->nlines)
        return fs_err_set(e, FS_ECONFLICT, "line", _("line: the document has no line %d."), no);
    const fs_doc_line *l = &d->lines[no - 1];
    int64_t from_pct = -1;
    fs_money_percent(l->total, l->discount_bp, &from_pct);
    *in = (struct fs_doc_line_in){
        .product_id = l->product_id, .qty = l->qty, .has_price = true, .unit_price = l->unit_price,
        .has_discount_bp = from_pct == l->discount, .discount_bp = l->discount_bp,
        .has_discount = from_pct != l->discount, .discount = l->discount, .name = l->name,
        .warehouse_id = l->warehouse_id, .description = l->description,
    };
    return FS_OK;
}

static int line_edit(struct cli *c, int argc, char **argv)
{
    struct line_opts o = { 0 };
    struct cli_strv pos = { 0 };
    int rc = parse_line_cmd(c, argc, argv, &o, 2,
                            "doc line edit DOC LINE_NO [--product CODE] [--qty Q] [--price RIAL] "
                            "[--discount-percent P | --discount RIAL] [--name N] [--warehouse W] [--description T]",
                            &pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t doc;
    int no;
    fs_doc d = { 0 };
    struct fs_doc_line_in in;
    if (fs_doc_find(&c->s, pos.v[0], "doc", &doc, &e) != FS_OK || parse_line_no(pos.v[1], &no, &e) != FS_OK ||
        fs_doc_load(&c->s, doc, &d, &e) != FS_OK || line_current(&d, no, &in, &e) != FS_OK) {
        rc = cli_fail(&e);
    } else {
        int64_t old_product = in.product_id;
        if (o.product) {
            /* Another product starts from its own price and name. */
            if (fs_lookup_product(&c->s, o.product, "product", &in.product_id, &e) != FS_OK)
                rc = cli_fail(&e);
            else if (in.product_id != old_product) {
                in.has_price = false;
                in.name = NULL;
            }
        }
        if (rc == 0 && (line_from_opts(c, &o, &in, &e) != FS_OK || fs_doc_line_edit(&c->s, doc, no, &in, &e) != FS_OK))
            rc = cli_fail(&e);
        if (rc == 0 && c->format == CLI_JSON)
            rc = show_doc(c, doc);
    }
    fs_doc_free(&d);
    cli_strv_free(&pos);
    return rc;
}

static int line_remove(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = parse_pos(c, argc, argv, NULL, 2, "doc line remove DOC LINE_NO", &pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t doc;
    int no;
    if (fs_doc_find(&c->s, pos.v[0], "doc", &doc, &e) != FS_OK || parse_line_no(pos.v[1], &no, &e) != FS_OK ||
        fs_doc_line_remove(&c->s, doc, no, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int doc_line(struct cli *c, int argc, char **argv)
{
    static const struct cli_cmd table[] = {
        { "add", line_add, "doc line add DOC --product CODE --qty Q [--price RIAL] [--discount-percent P | "
                           "--discount RIAL] [--name N] [--warehouse W] [--description T]" },
        { "edit", line_edit, "doc line edit DOC LINE_NO [--product CODE] [--qty Q] [--price RIAL] ..." },
        { "remove", line_remove, "doc line remove DOC LINE_NO" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch(c, "doc line", table, argc - 1, argv + 1);
}

/* ---- status and conversion -------------------------------------------- */

/* `doc submit|approve|reject|convert ID`: resolves the one argument. */
static int doc_one(struct cli *c, int argc, char **argv, const char *usage, int64_t *id)
{
    struct cli_strv pos = { 0 };
    int rc = parse_pos(c, argc, argv, NULL, 1, usage, &pos);
    if (rc)
        return rc;
    fs_err e;
    if (fs_doc_find(&c->s, pos.v[0], "doc", id, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

/* Runs a status change and prints the document's number (or status). */
static int doc_status(struct cli *c, int argc, char **argv, int (*fn)(fs_session *, int64_t, fs_err *))
{
    char usage[64];
    snprintf(usage, sizeof usage, "doc %s ID|NUMBER", argv[0]);
    int64_t id;
    int rc = doc_one(c, argc, argv, usage, &id);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    if (fn(&c->s, id, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON)
        return show_doc(c, id);
    fs_doc d;
    if (fs_doc_load(&c->s, id, &d, &e) != FS_OK)
        return cli_fail(&e);
    printf("%s\n", d.number[0] ? d.number : fs_doc_status_label(d.status, c->lang_fa));
    fs_doc_free(&d);
    return 0;
}

static int doc_submit(struct cli *c, int argc, char **argv) { return doc_status(c, argc, argv, fs_doc_submit); }
static int doc_approve(struct cli *c, int argc, char **argv) { return doc_status(c, argc, argv, fs_doc_approve); }
static int doc_reject(struct cli *c, int argc, char **argv) { return doc_status(c, argc, argv, fs_doc_reject); }

static int doc_convert(struct cli *c, int argc, char **argv)
{
    int64_t id, inv;
    int rc = doc_one(c, argc, argv, "doc convert PROFORMA", &id);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    if (fs_doc_convert(&c->s, id, &inv, &e) != FS_OK)
        return cli_fail(&e);
    return print_created(c, inv);
}

int cmd_doc(struct cli *c, int argc, char **argv)
{
    static const struct cli_cmd table[] = {
        { "add", doc_add, "doc add --kind proforma|invoice|return --contact C [--opp ID] [--date D] [--expiry D] "
                          "[--description T] [--source INVOICE]" },
        { "edit", doc_edit, "doc edit ID|NUMBER [--date D] [--expiry D] [--description T]" },
        { "line", doc_line, "doc line add|edit|remove DOC ..." },
        { "show", doc_show, "doc show ID|NUMBER" },
        { "list", doc_list, "doc list [--kind K] [--status S] [--contact C] [--opp ID] [--after ID] [--limit N]" },
        { "submit", doc_submit, "doc submit ID|NUMBER" },
        { "approve", doc_approve, "doc approve ID|NUMBER" },
        { "reject", doc_reject, "doc reject ID|NUMBER" },
        { "convert", doc_convert, "doc convert PROFORMA     (prints the new invoice's id)" },
        { NULL, NULL, NULL },
    };
    return cli_dispatch(c, "doc", table, argc - 1, argv + 1);
}

/* ---- opp proforma / invoice ------------------------------------------- */

static int opp_issue(struct cli *c, int argc, char **argv, enum fs_doc_kind kind)
{
    struct cli_strv pos = { 0 };
    int rc = parse_pos(c, argc, argv, NULL, 1, kind == FS_DOC_PROFORMA ? "opp proforma ID" : "opp invoice ID", &pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t opp, id;
    if (fs_opp_find(&c->s, pos.v[0], "opp", &opp, &e) != FS_OK ||
        fs_doc_issue_from_opp(&c->s, opp, kind, &id, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        rc = print_created(c, id);
    cli_strv_free(&pos);
    return rc;
}

int cmd_opp_proforma(struct cli *c, int argc, char **argv) { return opp_issue(c, argc, argv, FS_DOC_PROFORMA); }
int cmd_opp_invoice(struct cli *c, int argc, char **argv) { return opp_issue(c, argc, argv, FS_DOC_INVOICE); }

void cli_opp_show_money(struct cli *c, int64_t opp_id, struct jw *w)
{
    fs_err e;
    fs_balance b;
    int64_t realized = 0;
    bool has_balance = fs_can(&c->s, FS_PERM_VIEW_BALANCE) && fs_balance_opp(&c->s, opp_id, &b, &e) == FS_OK;
    fs_balance_realized(&c->s, opp_id, &realized, &e);
    if (w) {
        if (has_balance) {
            jw_int(w, "balance", b.amount);
            jw_str(w, "balance_status", fs_balance_status_name(b.status));
        }
        jw_int(w, "realized_amount", realized);
        return;
    }
    char buf[96], money[64];
    if (has_balance) {
        cli_money(c, b.amount < 0 ? -b.amount : b.amount, money, sizeof money);
        snprintf(buf, sizeof buf, "%s %s", money, fs_balance_status_label(b.status, c->lang_fa));
        cli_kv(_("balance"), buf);
    }
    cli_money(c, realized, money, sizeof money);
    cli_kv(_("realized amount"), money);
}

/* ---- receipts, payments, contracts ------------------------------------ */

static int money_add(struct cli *c, int argc, char **argv, enum fs_money_item_kind kind)
{
    const char *contact = NULL, *amount = NULL, *opp = NULL, *doc = NULL, *date = NULL, *desc = NULL;
    const struct cli_opt opts[] = {
        { "contact", 1, &contact, NULL, NULL }, { "amount", 1, &amount, NULL, NULL },
        { "opp", 1, &opp, NULL, NULL },         { "doc", 1, &doc, NULL, NULL },
        { "date", 1, &date, NULL, NULL },       { "description", 1, &desc, NULL, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    if (!amount)
        return cli_usage(_("usage: forsat %s add --contact C --amount RIAL [--opp ID] [--doc ID] [--date D] "
                           "[--description T]"),
                         fs_money_item_kind_name(kind));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    char iso[11] = "";
    struct fs_money_item_new in = { .kind = kind, .date = iso, .description = desc };
    if (opt_contact(c, contact, &in.identity_id, &e) != FS_OK || opt_opp(c, opp, &in.opp_id, &e) != FS_OK ||
        opt_doc(c, doc, "doc", &in.doc_id, &e) != FS_OK || fs_money_parse(amount, "amount", &in.amount, &e) != FS_OK ||
        cli_parse_date(c, date, "date", iso, &e) != FS_OK)
        return cli_fail(&e);
    int64_t id;
    if (fs_money_item_add(&c->s, &in, &id, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", id);
        jw_str(&w, "kind", fs_money_item_kind_name(kind));
        jw_int(&w, "amount", in.amount);
        jw_end_obj(&w);
        jw_finish(&w);
    } else {
        printf("%lld\n", (long long)id);
    }
    return 0;
}

static int add_money_row(void *ctx, const fs_money_item *it)
{
    char id[24], ident[24], opp[24], doc[24], amt[24];
    const char *cells[10] = { i64(id, sizeof id, it->id), fs_money_item_kind_name(it->kind), it->date,
                              i64(ident, sizeof ident, it->identity_id), it->identity_name,
                              it->opp_id ? i64(opp, sizeof opp, it->opp_id) : NULL,
                              it->doc_id ? i64(doc, sizeof doc, it->doc_id) : NULL, it->doc_number,
                              i64(amt, sizeof amt, it->amount), it->description };
    return cli_table_add(ctx, cells) == 0 ? 0 : FS_ERUNTIME;
}

static int money_list(struct cli *c, int argc, char **argv, enum fs_money_item_kind kind)
{
    const char *contact = NULL, *opp = NULL, *after = NULL, *limit = NULL;
    const struct cli_opt opts[] = {
        { "contact", 1, &contact, NULL, NULL }, { "opp", 1, &opp, NULL, NULL },
        { "after", 1, &after, NULL, NULL },     { "limit", 1, &limit, NULL, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    struct fs_money_item_filter f = { .kind = (int)kind };
    if (opt_contact(c, contact, &f.identity_id, &e) != FS_OK || opt_opp(c, opp, &f.opp_id, &e) != FS_OK ||
        opt_page(after, limit, &f.after, &f.limit, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },               { "kind", _("kind"), COL_TEXT },
        { "date", _("date"), COL_DATE },          { "contact_id", _("contact id"), COL_INT },
        { "contact", _("contact"), COL_TEXT },    { "opp", _("opportunity"), COL_INT },
        { "doc", _("document"), COL_INT },        { "doc_number", _("document number"), COL_TEXT },
        { "amount", _("amount"), COL_MONEY },     { "description", _("description"), COL_TEXT },
    };
    struct cli_table *t = cli_table_new(cols, 10);
    if (!t)
        return cli_usage("%s", _("out of memory."));
    rc = fs_money_item_list(&c->s, &f, add_money_row, t, &e);
    if (rc == FS_OK)
        cli_table_print(c, t, NULL);
    else
        rc = cli_fail(&e);
    cli_table_free(t);
    return rc;
}

/* One command group per kind of money item; the handlers differ only in
 * the kind they pass on. */
#define MONEY_GROUP(group, KIND)                                                                          \
    static int group##_add(struct cli *c, int argc, char **argv) { return money_add(c, argc, argv, KIND); } \
    static int group##_list(struct cli *c, int argc, char **argv) { return money_list(c, argc, argv, KIND); } \
    int cmd_##group(struct cli *c, int argc, char **argv)                                                 \
    {                                                                                                     \
        static const struct cli_cmd table[] = {                                                           \
            { "add", group##_add,                                                                         \
              #group " add --contact C --amount RIAL [--opp ID] [--doc ID] [--date D] [--description T]" }, \
            { "list", group##_list, #group " list [--contact C] [--opp ID] [--after ID] [--limit N]" },     \
            { NULL, NULL, NULL },                                                                         \
        };                                                                                                \
        return cli_dispatch(c, #group, table, argc - 1, argv + 1);                                        \
    }

MONEY_GROUP(receipt, FS_MONEY_RECEIPT)
MONEY_GROUP(payment, FS_MONEY_PAYMENT)
MONEY_GROUP(contract, FS_MONEY_CONTRACT)

/* ---- balance ---------------------------------------------------------- */

int cmd_balance(struct cli *c, int argc, char **argv)
{
    const char *opp = NULL, *contact = NULL;
    const struct cli_opt opts[] = {
        { "opp", 1, &opp, NULL, NULL }, { "contact", 1, &contact, NULL, NULL }, { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    if (!opp == !contact)
        return cli_usage(_("usage: forsat balance --opp ID | --contact ID"));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    fs_balance b;
    if (opp ? (fs_opp_find(&c->s, opp, "opp", &id, &e) != FS_OK || fs_balance_opp(&c->s, id, &b, &e) != FS_OK)
            : (fs_lookup_identity(&c->s, contact, "contact", &id, &e) != FS_OK ||
               fs_balance_identity(&c->s, id, &b, &e) != FS_OK))
        return cli_fail(&e);
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "balance", b.amount);
        jw_str(&w, "status", fs_balance_status_name(b.status));
        jw_end_obj(&w);
        jw_finish(&w);
        return 0;
    }
    char money[64];
    cli_money(c, b.amount < 0 ? -b.amount : b.amount, money, sizeof money);
    if (c->format == CLI_CSV) {
        printf("balance,status\r\n%lld,%s\r\n", (long long)b.amount, fs_balance_status_name(b.status));
        return 0;
    }
    printf("%s %s\n", money, fs_balance_status_label(b.status, c->lang_fa));
    return 0;
}
