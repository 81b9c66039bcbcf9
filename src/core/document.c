/* document.c — proformas, invoices and sales returns (SPEC §7.1).
 *
 * Every write runs in one fs_db_write transaction that first reads and
 * validates everything, then writes: the document row, its lines, the
 * recomputed totals and, for approved invoices and returns under quantity
 * warehousing, the stock moves.  Rules: docs/DOCUMENTS.md.
 */
#include "document.h"

#include "stock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "text.h"

static const char *const kind_names[] = { "proforma", "invoice", "return" };
static const char *const kind_prefix[] = { "PRO", "INV", "RET" };
static const char *const status_names[] = { "draft", "pending", "approved", "rejected" };

/* Longest description kept on a document or a line, in characters. */
#define DESC_MAX 2000
/* Longest line name, in characters (the schema's product name limit). */
#define NAME_MAX_CHARS 200

const char *fs_doc_kind_name(enum fs_doc_kind k) { return kind_names[k]; }
const char *fs_doc_status_name(enum fs_doc_status st) { return status_names[st]; }

const char *fs_doc_kind_label(enum fs_doc_kind k, bool fa)
{
    static const char *const fa_l[] = { "پیش‌فاکتور", "فاکتور", "فاکتور برگشت از فروش" };
    static const char *const en_l[] = { N_("Proforma"), N_("Invoice"), N_("Sales return") };
    return fa ? fa_l[k] : _(en_l[k]);
}

const char *fs_doc_status_label(enum fs_doc_status st, bool fa)
{
    static const char *const fa_l[] = { "پیش‌نویس", "در انتظار تأیید", "تأییدشده", "ردشده" };
    static const char *const en_l[] = { N_("Draft"), N_("Pending"), N_("Approved"), N_("Rejected") };
    return fa ? fa_l[st] : _(en_l[st]);
}

/* Index of text in names[0..n), or -1. */
static int name_index(const char *const *names, int n, const char *text)
{
    for (int i = 0; text && i < n; i++)
        if (strcmp(names[i], text) == 0)
            return i;
    return -1;
}

int fs_doc_kind_parse(const char *text, const char *field, enum fs_doc_kind *k, fs_err *e)
{
    int i = name_index(kind_names, 3, text);
    if (i < 0)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be proforma, invoice or return."), field);
    *k = (enum fs_doc_kind)i;
    return FS_OK;
}

int fs_doc_status_parse(const char *text, const char *field, enum fs_doc_status *st, fs_err *e)
{
    int i = name_index(status_names, 4, text);
    if (i < 0)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be draft, pending, approved or rejected."), field);
    *st = (enum fs_doc_status)i;
    return FS_OK;
}

/* ---- small readers ---------------------------------------------------- */

/* An integer setting in [min, max], or def when the setting is missing. */
static int setting_int(fs_session *s, const char *key, int64_t def, int64_t min, int64_t max, int64_t *out,
                       fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT value FROM setting WHERE key = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc = FS_OK;
    *out = def;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        char *end = NULL;
        long long n = v ? strtoll(v, &end, 10) : 0;
        if (!v || end == v || *end || n < min || n > max)
            rc = fs_err_set(e, FS_ERUNTIME, key, _("the setting %s is \"%s\", not a whole number from %lld to %lld."),
                            key, v ? v : "", (long long)min, (long long)max);
        else
            *out = n;
    }
    sqlite3_reset(st);
    return rc;
}

/* True when the database is set to serial warehousing. */
static bool serial_warehousing(fs_session *s)
{
    fs_err e;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT value = 'serial' FROM setting WHERE key = 'warehousing_mode'", &e);
    if (!st)
        return false;
    bool serial = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return serial;
}

/* Normalised copy of an optional text of at most max characters into *out
 * (NULL for NULL/empty input); FS_EINVAL naming field when longer. */
static int optional_text(const char *in, const char *field, size_t max, char **out, fs_err *e)
{
    *out = NULL;
    if (!in || !*in)
        return FS_OK;
    char *t = fs_text_normalize(in);
    if (!t)
        return fs_err_set(e, FS_ERUNTIME, field, _("out of memory."));
    if (fs_text_length(t) > max) {
        free(t);
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be at most %zu characters."), field, max);
    }
    if (!*t) {
        free(t);
        return FS_OK;
    }
    *out = t;
    return FS_OK;
}

/* Checks an ISO date argument; FS_EINVAL naming field when malformed. */
static int iso_day(const char *iso, const char *field, fs_day *d, fs_err *e)
{
    if (fs_day_from_iso(iso, d) != FS_OK)
        return fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is not a date."), field, iso);
    return FS_OK;
}

int fs_doc_opp_identity(fs_session *s, int64_t opp_id, int64_t *identity_id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT identity_id, created_by, assigned_id, number FROM opportunity WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, opp_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_err_set(e, FS_ECONFLICT, "opp", _("opp: there is no opportunity %lld."), (long long)opp_id);
    }
    *identity_id = sqlite3_column_int64(st, 0);
    bool mine = sqlite3_column_int64(st, 1) == s->user_id || sqlite3_column_int64(st, 2) == s->user_id;
    char number[64];
    snprintf(number, sizeof number, "%s", (const char *)sqlite3_column_text(st, 3));
    sqlite3_reset(st);
    if (!mine && !fs_can(s, FS_PERM_VIEW_ALL))
        return fs_err_set(e, FS_EPERM, "opp",
                          _("permission denied: the opportunity %s is neither yours nor assigned to you (needs %s)."),
                          number, fs_perm_name(FS_PERM_VIEW_ALL));
    return FS_OK;
}

int fs_doc_identity_exists(fs_session *s, int64_t id, const char *field, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT 1 FROM identity WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, field, _("%s: there is no identity %lld."), field, (long long)id);
    return FS_OK;
}

/* The parts of a document row the rules need. */
struct doc_head {
    int64_t id;
    enum fs_doc_kind kind;
    enum fs_doc_status status;
    int64_t identity_id, opp_id, source_doc_id, invoiced_by_id;
    int64_t tax_bp, duties_bp;
    char issue_date[11];
    char expiry_date[11];
    char number[40];
    char ref[48];  /* how messages name it: its number, else "#id" */
};

/* Reads document id into *h; FS_ECONFLICT when it does not exist. */
static int head_get(fs_session *s, int64_t id, struct doc_head *h, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT kind, status, identity_id, coalesce(opp_id, 0), coalesce(source_doc_id, 0), "
        "coalesce(invoiced_by_id, 0), tax_bp, duties_bp, issue_date, coalesce(expiry_date, ''), "
        "coalesce(number, '') FROM document WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_err_set(e, FS_ECONFLICT, "doc", _("doc: there is no document %lld."), (long long)id);
    }
    memset(h, 0, sizeof *h);
    h->id = id;
    h->kind = (enum fs_doc_kind)name_index(kind_names, 3, (const char *)sqlite3_column_text(st, 0));
    h->status = (enum fs_doc_status)name_index(status_names, 4, (const char *)sqlite3_column_text(st, 1));
    h->identity_id = sqlite3_column_int64(st, 2);
    h->opp_id = sqlite3_column_int64(st, 3);
    h->source_doc_id = sqlite3_column_int64(st, 4);
    h->invoiced_by_id = sqlite3_column_int64(st, 5);
    h->tax_bp = sqlite3_column_int64(st, 6);
    h->duties_bp = sqlite3_column_int64(st, 7);
    snprintf(h->issue_date, sizeof h->issue_date, "%s", (const char *)sqlite3_column_text(st, 8));
    snprintf(h->expiry_date, sizeof h->expiry_date, "%s", (const char *)sqlite3_column_text(st, 9));
    snprintf(h->number, sizeof h->number, "%s", (const char *)sqlite3_column_text(st, 10));
    sqlite3_reset(st);
    if (h->number[0])
        snprintf(h->ref, sizeof h->ref, "%s", h->number);
    else
        snprintf(h->ref, sizeof h->ref, "#%lld", (long long)id);
    return FS_OK;
}

/* May the acting user change document h?  A rejected document is
 * read-only; an approved one needs "edit after approval". */
static int check_changeable(fs_session *s, const struct doc_head *h, fs_err *e)
{
    if (h->status == FS_DOC_REJECTED)
        return fs_err_set(e, FS_ECONFLICT, "status", _("status: the document %s was rejected and is read-only."),
                          h->ref);
    if (h->status == FS_DOC_APPROVED)
        return fs_require(s, FS_PERM_EDIT_APPROVED, e);
    return FS_OK;
}

/* Marks document id changed now by the acting user. */
static int touch(fs_session *s, int64_t id, fs_err *e)
{
    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "UPDATE document SET updated_at = ?2, version = version + 1 WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    return fs_db_step_done(s->db, st, _("saving the document"), e);
}

/* Document totals are exact sums of the rounded line values. */
static int recompute_totals(fs_session *s, int64_t id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "UPDATE document SET (total, discount, tax, duties, final) = "
        "(SELECT coalesce(sum(total), 0), coalesce(sum(discount), 0), coalesce(sum(tax), 0), "
        "coalesce(sum(duties), 0), coalesce(sum(final), 0) FROM doc_line WHERE doc_id = ?1) "
        "WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    if (fs_db_step_done(s->db, st, _("adding up the document"), e) != FS_OK)
        return e->code;
    return touch(s, id, e);
}

/* ---- lines ------------------------------------------------------------ */

/* What a line needs to know about its product. */
struct product_info {
    char code[256];
    char name[1024];
    bool has_price;
    int64_t price;
    bool sellable, active, taxable, name_editable, builtin;
};

static int product_get(fs_session *s, int64_t id, struct product_info *p, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT code, name, unit_price, sellable, active, taxable, name_editable, builtin "
        "FROM product WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_err_set(e, FS_ECONFLICT, "product", _("product: there is no product %lld."), (long long)id);
    }
    snprintf(p->code, sizeof p->code, "%s", (const char *)sqlite3_column_text(st, 0));
    snprintf(p->name, sizeof p->name, "%s", (const char *)sqlite3_column_text(st, 1));
    p->has_price = sqlite3_column_type(st, 2) != SQLITE_NULL;
    p->price = sqlite3_column_int64(st, 2);
    p->sellable = sqlite3_column_int(st, 3);
    p->active = sqlite3_column_int(st, 4);
    p->taxable = sqlite3_column_int(st, 5);
    p->name_editable = sqlite3_column_int(st, 6);
    p->builtin = sqlite3_column_int(st, 7);
    sqlite3_reset(st);
    return FS_OK;
}

/* A line ready to be written: every value computed. */
struct line_row {
    int64_t product_id;
    char name[1024];
    int64_t qty, unit_price, discount_bp, discount, total, tax, duties, final;
    int64_t warehouse_id;
    char *description;  /* owned; NULL when none */
};

/* The money of a line (docs/DOCUMENTS.md): total = qty × price; the
 * discount typed (amount, or % of the total); tax and duties on
 * (total − discount) for taxable products; final = total − discount + tax +
 * duties.  r->qty, unit_price and the typed discount are set on entry. */
static int line_money(struct line_row *r, bool discount_is_bp, bool taxable, int64_t tax_bp, int64_t duties_bp,
                      fs_err *e)
{
    if (fs_money_mul_qty(r->unit_price, r->qty, &r->total) != FS_OK || r->total > FS_MONEY_MAX)
        return fs_err_set(e, FS_EINVAL, "qty", _("qty: quantity × unit price is too large for one line."));
    if (discount_is_bp) {
        if (r->discount_bp < 0 || r->discount_bp > FS_BP_SCALE)
            return fs_err_set(e, FS_EINVAL, "discount", _("discount: must be from 0 to 100 %%."));
        fs_money_percent(r->total, r->discount_bp, &r->discount);
    } else {
        if (r->discount < 0 || r->discount > r->total)
            return fs_err_set(e, FS_EINVAL, "discount",
                              _("discount: must be from 0 up to the line total (quantity × unit price)."));
        fs_money_ratio_bp(r->discount, r->total, &r->discount_bp);
    }
    int64_t net = r->total - r->discount;
    r->tax = r->duties = 0;
    if (taxable) {
        fs_money_percent(net, tax_bp, &r->tax);
        fs_money_percent(net, duties_bp, &r->duties);
    }
    r->final = net + r->tax + r->duties;  /* ≤ 3 × FS_MONEY_MAX: no overflow */
    return FS_OK;
}

/* Validates a typed line against document h and fills *r.  cur (NULL on
 * add) is the line being edited: a price or a name it already had needs no
 * permission again.  Checks: product sellable and active; a defined price
 * changed needs FS_PERM_EDIT_PRICE; a name differing from the product's
 * only on name-editable products, «سایر» only with FS_PERM_RENAME_OTHER
 * and never under serial warehousing; warehouse active. */
static int line_prepare(fs_session *s, const struct doc_head *h, const struct fs_doc_line_in *in,
                        const struct line_row *cur, struct line_row *r, fs_err *e)
{
    memset(r, 0, sizeof *r);
    if (in->product_id <= 0)
        return fs_err_set(e, FS_EINVAL, "product", _("product: a product is required."));
    struct product_info p;
    if (product_get(s, in->product_id, &p, e) != FS_OK)
        return e->code;
    if (!p.sellable || !p.active)
        return fs_err_set(e, FS_EINVAL, "product", _("product: %s %s is not an active, sellable product."), p.code,
                          p.name);
    if (in->qty <= 0)
        return fs_err_set(e, FS_EINVAL, "qty", _("qty: must be greater than zero."));
    r->product_id = in->product_id;
    r->qty = in->qty;

    if (in->has_price) {
        if (in->unit_price < 0 || in->unit_price > FS_MONEY_MAX)
            return fs_err_set(e, FS_EINVAL, "price", _("price: must be from 0 to %lld Rial."),
                              (long long)FS_MONEY_MAX);
        bool kept = cur && cur->product_id == in->product_id && cur->unit_price == in->unit_price;
        if (p.has_price && in->unit_price != p.price && !kept && fs_require(s, FS_PERM_EDIT_PRICE, e) != FS_OK)
            return e->code;
        r->unit_price = in->unit_price;
    } else if (p.has_price) {
        r->unit_price = p.price;
    } else {
        return fs_err_set(e, FS_EINVAL, "price", _("price: the product %s %s has no price; type one."), p.code,
                          p.name);
    }

    snprintf(r->name, sizeof r->name, "%s", p.name);
    char *name = NULL;
    if (optional_text(in->name, "name", NAME_MAX_CHARS, &name, e) != FS_OK)
        return e->code;
    if (name && strcmp(name, p.name) != 0) {
        bool kept = cur && cur->product_id == in->product_id && strcmp(cur->name, name) == 0;
        int rc = FS_OK;
        if (!p.name_editable)
            rc = fs_err_set(e, FS_EINVAL, "name", _("name: the product %s %s cannot be renamed on a document."),
                            p.code, p.name);
        else if (p.builtin && !kept && serial_warehousing(s))
            rc = fs_err_set(e, FS_EINVAL, "name",
                            _("name: the «%s» line cannot be renamed under serial warehousing."), p.name);
        else if (p.builtin && !kept)
            rc = fs_require(s, FS_PERM_RENAME_OTHER, e);
        if (rc != FS_OK) {
            free(name);
            return rc;
        }
        snprintf(r->name, sizeof r->name, "%s", name);
    }
    free(name);

    if (in->warehouse_id > 0) {
        sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT active FROM warehouse WHERE id = ?1", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, in->warehouse_id);
        int active = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
        sqlite3_reset(st);
        if (active != 1)
            return fs_err_set(e, FS_EINVAL, "warehouse", active < 0 ? _("warehouse: there is no warehouse %lld.")
                                                                     : _("warehouse: the warehouse %lld is not active."),
                              (long long)in->warehouse_id);
        r->warehouse_id = in->warehouse_id;
    }

    /* SPEC §6.3: more than the warehouse holds is a warning under quantity
     * warehousing (left in e with FS_OK) and refused under serial
     * warehousing when a warehouse is chosen. */
    if (in->warehouse_id > 0) {
        bool over = false;
        if (fs_stock_check(s, in->product_id, in->warehouse_id, in->qty, h->id, &over, e) != FS_OK)
            return e->code;
    }

    if (in->has_discount_bp && in->has_discount)
        return fs_err_set(e, FS_EINVAL, "discount", _("discount: give a percentage or an amount, not both."));
    r->discount_bp = in->has_discount_bp ? in->discount_bp : 0;
    r->discount = in->has_discount ? in->discount : 0;
    if (line_money(r, in->has_discount_bp, p.taxable, h->tax_bp, h->duties_bp, e) != FS_OK)
        return e->code;
    return optional_text(in->description, "description", DESC_MAX, &r->description, e);
}

/* Writes line r as row `position` of document doc_id. */
static int line_insert(fs_session *s, int64_t doc_id, int position, const struct line_row *r, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "INSERT INTO doc_line(doc_id, position, product_id, name, qty, unit_price, discount_bp, discount, "
        "total, tax, duties, final, warehouse_id, description) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_int(st, 2, position);
    sqlite3_bind_int64(st, 3, r->product_id);
    sqlite3_bind_text(st, 4, r->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, r->qty);
    sqlite3_bind_int64(st, 6, r->unit_price);
    sqlite3_bind_int64(st, 7, r->discount_bp);
    sqlite3_bind_int64(st, 8, r->discount);
    sqlite3_bind_int64(st, 9, r->total);
    sqlite3_bind_int64(st, 10, r->tax);
    sqlite3_bind_int64(st, 11, r->duties);
    sqlite3_bind_int64(st, 12, r->final);
    fs_bind_id(st, 13, r->warehouse_id);
    fs_bind_text(st, 14, r->description);
    return fs_db_step_done(s->db, st, _("saving a document line"), e);
}

/* Copies the lines of an opportunity (from_doc false) or a document into
 * the new document h: product, name, qty, price, discount amount and %,
 * description (and a document's warehouse), with tax and duties at h's
 * rates.  Lines are copied as they are; product checks apply when a line
 * is added or edited. */
static int copy_lines(fs_session *s, bool from_doc, int64_t from_id, const struct doc_head *h, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, from_doc
        ? "SELECT l.product_id, l.name, l.qty, l.unit_price, l.discount_bp, l.discount, l.description, "
          "p.taxable, l.warehouse_id FROM doc_line l JOIN product p ON p.id = l.product_id "
          "WHERE l.doc_id = ?1 ORDER BY l.position"
        : "SELECT l.product_id, l.name, l.qty, l.unit_price, l.discount_bp, l.discount, l.description, "
          "p.taxable, NULL FROM opp_line l JOIN product p ON p.id = l.product_id "
          "WHERE l.opp_id = ?1 ORDER BY l.position", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, from_id);
    /* Read every row first: inserting while this statement steps would
     * be fine in SQLite, but a failure midway must not leave it open. */
    struct line_row *rows = NULL;
    int n = 0, cap = 0, rc = FS_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct line_row *g = realloc(rows, (size_t)cap * sizeof *g);
            if (!g) {
                rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
                break;
            }
            rows = g;
        }
        struct line_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->product_id = sqlite3_column_int64(st, 0);
        snprintf(r->name, sizeof r->name, "%s", (const char *)sqlite3_column_text(st, 1));
        r->qty = sqlite3_column_int64(st, 2);
        r->unit_price = sqlite3_column_int64(st, 3);
        r->discount = sqlite3_column_int64(st, 5);
        if (sqlite3_column_type(st, 6) != SQLITE_NULL)
            r->description = fs_col_strdup(st, 6);
        r->warehouse_id = sqlite3_column_int64(st, 8);
        int64_t bp = sqlite3_column_int64(st, 4);
        /* The stored discount amount is what the user typed or what the %
         * gave; keep it and the stored % as they are. */
        if (line_money(r, false, sqlite3_column_int(st, 7), h->tax_bp, h->duties_bp, e) != FS_OK) {
            rc = e->code;
            break;
        }
        r->discount_bp = bp;
    }
    if (rc == FS_OK && step != SQLITE_DONE)
        rc = fs_db_fail(s->db, _("reading the lines to copy"), e);
    sqlite3_reset(st);
    for (int i = 0; i < n && rc == FS_OK; i++)
        rc = line_insert(s, h->id, i + 1, &rows[i], e);
    for (int i = 0; i < n; i++)
        free(rows[i].description);
    free(rows);
    if (rc != FS_OK)
        return rc;
    return recompute_totals(s, h->id, e);
}

/* ---- stock moves ------------------------------------------------------ */

/* Removes the stock moves of document id (before its lines change).  Every
 * move of a document comes from one of its lines, so the lines' products
 * find them through the stock_move_product index. */
static int stock_moves_clear(fs_session *s, int64_t id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "DELETE FROM stock_move WHERE doc_id = ?1 AND product_id IN "
        "(SELECT product_id FROM doc_line WHERE doc_id = ?1)", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    return fs_db_step_done(s->db, st, _("updating the stock"), e);
}

/* Writes the stock moves of approved invoice or return h under quantity
 * warehousing: one per line of a stock-tracked product, from the line's
 * warehouse or else the first active warehouse, dated the issue date. */
static int stock_moves_write(fs_session *s, const struct doc_head *h, fs_err *e)
{
    if (h->kind == FS_DOC_PROFORMA || serial_warehousing(s))
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id FROM warehouse WHERE active = 1 ORDER BY id LIMIT 1", e);
    if (!st)
        return FS_ERUNTIME;
    int64_t wh = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!wh) {
        st = fs_db_stmt(s->db,
            "SELECT l.position FROM doc_line l JOIN product p ON p.id = l.product_id "
            "WHERE l.doc_id = ?1 AND p.stock_tracked = 1 AND l.warehouse_id IS NULL LIMIT 1", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, h->id);
        int pos = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_reset(st);
        if (pos)
            return fs_err_set(e, FS_ECONFLICT, "warehouse",
                              _("warehouse: line %d names no warehouse and there is no active warehouse."), pos);
    }
    char now[21];
    fs_now_iso(now);
    st = fs_db_stmt(s->db,
        "INSERT INTO stock_move(product_id, warehouse_id, kind, qty, date, doc_id, description, created_at, "
        "created_by) SELECT l.product_id, coalesce(l.warehouse_id, ?2), ?3, l.qty, ?4, ?1, ?5, ?6, ?7 "
        "FROM doc_line l JOIN product p ON p.id = l.product_id "
        "WHERE l.doc_id = ?1 AND p.stock_tracked = 1 ORDER BY l.position", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, h->id);
    fs_bind_id(st, 2, wh);
    sqlite3_bind_text(st, 3, h->kind == FS_DOC_INVOICE ? "invoice" : "return", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, h->issue_date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, h->number, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, s->user_id);
    return fs_db_step_done(s->db, st, _("updating the stock"), e);
}

/* ---- creating --------------------------------------------------------- */

struct create_ctx {
    fs_session *s;
    const struct fs_doc_new *in;
    int64_t copy_opp;   /* copy this opportunity's lines (0: none) */
    int64_t id;
};

/* Validates in and inserts the document row; *h gets what was written. */
static int doc_insert(fs_session *s, const struct fs_doc_new *in, struct doc_head *h, fs_err *e)
{
    if ((int)in->kind < FS_DOC_PROFORMA || in->kind > FS_DOC_RETURN)
        return fs_err_set(e, FS_EINVAL, "kind", _("kind: must be proforma, invoice or return."));
    int64_t identity = in->identity_id;
    if (in->opp_id > 0) {
        int64_t opp_identity;
        if (fs_doc_opp_identity(s, in->opp_id, &opp_identity, e) != FS_OK)
            return e->code;
        if (identity > 0 && identity != opp_identity)
            return fs_err_set(e, FS_EINVAL, "opp",
                              _("opp: the opportunity %lld belongs to another identity than the document's."),
                              (long long)in->opp_id);
        identity = opp_identity;
    }
    if (identity <= 0)
        return fs_err_set(e, FS_EINVAL, "contact", _("contact: the identity the document is for is required."));
    if (fs_doc_identity_exists(s, identity, "contact", e) != FS_OK)
        return e->code;

    if (in->source_doc_id > 0) {
        /* A return names the invoice it returns; an invoice converted from
         * a proforma names the proforma (fs_doc_convert). */
        struct doc_head src;
        if (in->kind == FS_DOC_PROFORMA)
            return fs_err_set(e, FS_EINVAL, "source", _("source: only a sales return names the invoice it returns."));
        if (head_get(s, in->source_doc_id, &src, e) != FS_OK)
            return e->code;
        enum fs_doc_kind want = in->kind == FS_DOC_RETURN ? FS_DOC_INVOICE : FS_DOC_PROFORMA;
        if (src.kind != want || src.status != FS_DOC_APPROVED || src.identity_id != identity)
            return fs_err_set(e, FS_EINVAL, "source",
                              in->kind == FS_DOC_RETURN
                                  ? _("source: %s is not an approved invoice of the same identity.")
                                  : _("source: %s is not an approved proforma of the same identity."),
                              src.ref);
    }

    char issue[11];
    fs_day issue_day = s->today;
    if (in->issue_date && *in->issue_date) {
        if (iso_day(in->issue_date, "date", &issue_day, e) != FS_OK)
            return FS_EINVAL;
    }
    fs_day_to_iso(issue_day, issue);
    char expiry[11] = "";
    if (in->expiry_date && *in->expiry_date) {
        fs_day d;
        if (in->kind != FS_DOC_PROFORMA)
            return fs_err_set(e, FS_EINVAL, "expiry", _("expiry: only a proforma has an expiry date."));
        if (iso_day(in->expiry_date, "expiry", &d, e) != FS_OK)
            return FS_EINVAL;
        if (d < issue_day)
            return fs_err_set(e, FS_EINVAL, "expiry", _("expiry: must not be before the issue date."));
        fs_day_to_iso(d, expiry);
    } else if (in->kind == FS_DOC_PROFORMA) {
        int64_t days;
        if (setting_int(s, "proforma_valid_days", 30, 0, 3650, &days, e) != FS_OK)
            return e->code;
        fs_day_to_iso(issue_day + (fs_day)days, expiry);
    }

    char key[32];
    int64_t tax_bp, duties_bp;
    snprintf(key, sizeof key, "tax_bp.%s", kind_names[in->kind]);
    if (setting_int(s, key, 1000, 0, FS_BP_SCALE, &tax_bp, e) != FS_OK)
        return e->code;
    snprintf(key, sizeof key, "duties_bp.%s", kind_names[in->kind]);
    if (setting_int(s, key, 0, 0, FS_BP_SCALE, &duties_bp, e) != FS_OK)
        return e->code;

    char *desc = NULL;
    if (optional_text(in->description, "description", DESC_MAX, &desc, e) != FS_OK)
        return e->code;

    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "INSERT INTO document(kind, identity_id, opp_id, source_doc_id, issue_date, expiry_date, seller_id, "
        "description, tax_bp, duties_bp, created_at, created_by, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?7, ?11)", e);
    if (!st) {
        free(desc);
        return FS_ERUNTIME;
    }
    sqlite3_bind_text(st, 1, kind_names[in->kind], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, identity);
    fs_bind_id(st, 3, in->opp_id);
    fs_bind_id(st, 4, in->source_doc_id);
    sqlite3_bind_text(st, 5, issue, -1, SQLITE_TRANSIENT);
    fs_bind_text(st, 6, expiry[0] ? expiry : NULL);
    sqlite3_bind_int64(st, 7, s->user_id);
    fs_bind_text(st, 8, desc);
    sqlite3_bind_int64(st, 9, tax_bp);
    sqlite3_bind_int64(st, 10, duties_bp);
    sqlite3_bind_text(st, 11, now, -1, SQLITE_TRANSIENT);
    free(desc);
    if (fs_db_step_done(s->db, st, _("saving the document"), e) != FS_OK)
        return e->code;

    memset(h, 0, sizeof *h);
    h->id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    h->kind = in->kind;
    h->status = FS_DOC_DRAFT;
    h->identity_id = identity;
    h->opp_id = in->opp_id;
    h->source_doc_id = in->source_doc_id;
    h->tax_bp = tax_bp;
    h->duties_bp = duties_bp;
    snprintf(h->issue_date, sizeof h->issue_date, "%s", issue);
    snprintf(h->expiry_date, sizeof h->expiry_date, "%s", expiry);
    snprintf(h->ref, sizeof h->ref, "#%lld", (long long)h->id);
    return FS_OK;
}

static int create_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct create_ctx *c = vctx;
    struct doc_head h;
    if (doc_insert(c->s, c->in, &h, e) != FS_OK)
        return e->code;
    c->id = h.id;
    return c->copy_opp ? copy_lines(c->s, false, c->copy_opp, &h, e) : FS_OK;
}

/* Creates document in (with the lines of opportunity copy_opp, if any) in
 * one transaction; *id (may be NULL) gets its id. */
static int run_create(fs_session *s, const struct fs_doc_new *in, int64_t copy_opp, int64_t *id, fs_err *e)
{
    struct create_ctx c = { s, in, copy_opp, 0 };
    int rc = fs_db_write(s->db, create_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

int fs_doc_create(fs_session *s, const struct fs_doc_new *in, int64_t *id, fs_err *e)
{
    if (in->source_doc_id > 0 && in->kind != FS_DOC_RETURN)
        return fs_err_set(e, FS_EINVAL, "source", _("source: only a sales return names the invoice it returns."));
    return run_create(s, in, 0, id, e);
}

int fs_doc_issue_from_opp(fs_session *s, int64_t opp_id, enum fs_doc_kind kind, int64_t *id, fs_err *e)
{
    if (kind != FS_DOC_PROFORMA && kind != FS_DOC_INVOICE)
        return fs_err_set(e, FS_EINVAL, "kind", _("kind: an opportunity issues a proforma or an invoice."));
    if (opp_id <= 0)
        return fs_err_set(e, FS_EINVAL, "opp", _("opp: an opportunity is required."));
    struct fs_doc_new in = { .kind = kind, .opp_id = opp_id };
    return run_create(s, &in, opp_id, id, e);
}

struct convert_ctx {
    fs_session *s;
    int64_t proforma_id;
    int64_t id;
};

static int convert_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct convert_ctx *c = vctx;
    struct doc_head p;
    if (head_get(c->s, c->proforma_id, &p, e) != FS_OK)
        return e->code;
    if (p.kind != FS_DOC_PROFORMA)
        return fs_err_set(e, FS_EINVAL, "doc", _("doc: %s is not a proforma; only a proforma converts to an invoice."),
                          p.ref);
    if (p.status != FS_DOC_APPROVED)
        return fs_err_set(e, FS_ECONFLICT, "status",
                          _("status: the proforma %s is not approved; approve it before converting it."), p.ref);
    if (p.invoiced_by_id)
        return fs_err_set(e, FS_ECONFLICT, "doc", _("doc: the proforma %s was already invoiced (document %lld)."),
                          p.ref, (long long)p.invoiced_by_id);
    sqlite3_stmt *st = fs_db_stmt(c->s->db, "SELECT description FROM document WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, p.id);
    char *desc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL ? fs_col_strdup(st, 0)
                                                                                             : NULL;
    sqlite3_reset(st);
    struct fs_doc_new in = { .kind = FS_DOC_INVOICE, .identity_id = p.identity_id, .opp_id = p.opp_id,
                             .source_doc_id = p.id, .description = desc };
    struct doc_head h;
    int rc = doc_insert(c->s, &in, &h, e);
    free(desc);
    if (rc != FS_OK)
        return rc;
    c->id = h.id;
    return copy_lines(c->s, true, p.id, &h, e);
}

int fs_doc_convert(fs_session *s, int64_t proforma_id, int64_t *invoice_id, fs_err *e)
{
    struct convert_ctx c = { s, proforma_id, 0 };
    int rc = fs_db_write(s->db, convert_tx, &c, e);
    if (rc == FS_OK && invoice_id)
        *invoice_id = c.id;
    return rc;
}

/* ---- changing lines --------------------------------------------------- */

struct line_ctx {
    fs_session *s;
    int64_t doc_id;
    int line_no;                       /* edit/remove: the row; add: out */
    const struct fs_doc_line_in *in;   /* NULL for remove */
};

/* Reads row line_no of document id into *r (description left NULL);
 * FS_ECONFLICT when there is no such row. */
static int line_get(fs_session *s, const struct doc_head *h, int line_no, struct line_row *r, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT product_id, name, unit_price FROM doc_line WHERE doc_id = ?1 AND position = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, h->id);
    sqlite3_bind_int(st, 2, line_no);
    memset(r, 0, sizeof *r);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        r->product_id = sqlite3_column_int64(st, 0);
        snprintf(r->name, sizeof r->name, "%s", (const char *)sqlite3_column_text(st, 1));
        r->unit_price = sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, "line", _("line: the document %s has no line %d."), h->ref, line_no);
    return FS_OK;
}

/* Number of lines of document id, or -1 with *e filled. */
static int line_count(fs_session *s, int64_t id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT count(*) FROM doc_line WHERE doc_id = ?1", e);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    if (n < 0)
        fs_db_fail(s->db, _("counting the lines"), e);
    return n;
}

/* Runs the change shared by add, edit and remove on a document the user
 * may change: an approved document's stock moves are rewritten around it,
 * and its totals recomputed. */
static int line_change_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct line_ctx *c = vctx;
    fs_session *s = c->s;
    struct doc_head h;
    if (head_get(s, c->doc_id, &h, e) != FS_OK || check_changeable(s, &h, e) != FS_OK)
        return e->code;
    struct line_row cur, r;
    memset(&r, 0, sizeof r);
    bool adding = c->line_no <= 0;
    if (!adding && line_get(s, &h, c->line_no, &cur, e) != FS_OK)
        return e->code;
    if (c->in && line_prepare(s, &h, c->in, adding ? NULL : &cur, &r, e) != FS_OK) {
        free(r.description);
        return e->code;
    }
    int n = line_count(s, h.id, e);
    int rc = n < 0 ? e->code : FS_OK;
    if (rc == FS_OK && !c->in && n == 1 && h.status == FS_DOC_APPROVED)
        rc = fs_err_set(e, FS_EINVAL, "line", _("line: an approved document keeps at least one line."));
    if (rc == FS_OK && h.status == FS_DOC_APPROVED)
        rc = stock_moves_clear(s, h.id, e);
    if (rc == FS_OK && !adding) {
        /* Remove the row, then close the gap (edit re-inserts in place). */
        sqlite3_stmt *st = fs_db_stmt(s->db, "DELETE FROM doc_line WHERE doc_id = ?1 AND position = ?2", e);
        rc = st ? FS_OK : FS_ERUNTIME;
        if (st) {
            sqlite3_bind_int64(st, 1, h.id);
            sqlite3_bind_int(st, 2, c->line_no);
            rc = fs_db_step_done(s->db, st, _("removing a document line"), e);
        }
        if (rc == FS_OK && !c->in) {
            st = fs_db_stmt(s->db,
                "UPDATE doc_line SET position = position - 1 WHERE doc_id = ?1 AND position > ?2", e);
            rc = st ? FS_OK : FS_ERUNTIME;
            if (st) {
                sqlite3_bind_int64(st, 1, h.id);
                sqlite3_bind_int(st, 2, c->line_no);
                rc = fs_db_step_done(s->db, st, _("renumbering the lines"), e);
            }
        }
    }
    if (rc == FS_OK && c->in) {
        int pos = adding ? n + 1 : c->line_no;
        rc = line_insert(s, h.id, pos, &r, e);
        if (adding)
            c->line_no = pos;
    }
    free(r.description);
    if (rc == FS_OK)
        rc = recompute_totals(s, h.id, e);
    if (rc == FS_OK && h.status == FS_DOC_APPROVED)
        rc = stock_moves_write(s, &h, e);
    return rc;
}

int fs_doc_line_add(fs_session *s, int64_t doc_id, const struct fs_doc_line_in *in, int *line_no, fs_err *e)
{
    struct line_ctx c = { s, doc_id, 0, in };
    int rc = fs_db_write(s->db, line_change_tx, &c, e);
    if (rc == FS_OK && line_no)
        *line_no = c.line_no;
    return rc;
}

int fs_doc_line_edit(fs_session *s, int64_t doc_id, int line_no, const struct fs_doc_line_in *in, fs_err *e)
{
    if (line_no <= 0)
        return fs_err_set(e, FS_EINVAL, "line", _("line: a line number starts at 1."));
    struct line_ctx c = { s, doc_id, line_no, in };
    return fs_db_write(s->db, line_change_tx, &c, e);
}

int fs_doc_line_remove(fs_session *s, int64_t doc_id, int line_no, fs_err *e)
{
    if (line_no <= 0)
        return fs_err_set(e, FS_EINVAL, "line", _("line: a line number starts at 1."));
    struct line_ctx c = { s, doc_id, line_no, NULL };
    return fs_db_write(s->db, line_change_tx, &c, e);
}

/* ---- header and status ------------------------------------------------ */

struct update_ctx {
    fs_session *s;
    int64_t doc_id;
    const struct fs_doc_edit *in;
};

static int update_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct update_ctx *c = vctx;
    fs_session *s = c->s;
    struct doc_head h;
    if (head_get(s, c->doc_id, &h, e) != FS_OK || check_changeable(s, &h, e) != FS_OK)
        return e->code;
    fs_day issue, expiry = 0;
    fs_day_from_iso(h.issue_date, &issue);
    bool has_expiry = h.expiry_date[0] && fs_day_from_iso(h.expiry_date, &expiry) == FS_OK;
    if (c->in->issue_date && *c->in->issue_date) {
        fs_day d;
        if (iso_day(c->in->issue_date, "date", &d, e) != FS_OK)
            return FS_EINVAL;
        if (d != issue && h.status == FS_DOC_APPROVED)
            return fs_err_set(e, FS_EINVAL, "date",
                              _("date: the issue date of the approved document %s is fixed (its number belongs to that year)."),
                              h.ref);
        issue = d;
    }
    if (c->in->expiry_date && *c->in->expiry_date) {
        if (h.kind != FS_DOC_PROFORMA)
            return fs_err_set(e, FS_EINVAL, "expiry", _("expiry: only a proforma has an expiry date."));
        if (iso_day(c->in->expiry_date, "expiry", &expiry, e) != FS_OK)
            return FS_EINVAL;
        has_expiry = true;
    }
    if (has_expiry && expiry < issue)
        return fs_err_set(e, FS_EINVAL, "expiry", _("expiry: must not be before the issue date."));
    char *desc = NULL;
    if (c->in->description && optional_text(c->in->description, "description", DESC_MAX, &desc, e) != FS_OK)
        return e->code;
    char issue_iso[11], expiry_iso[11];
    fs_day_to_iso(issue, issue_iso);
    fs_day_to_iso(expiry, expiry_iso);
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "UPDATE document SET issue_date = ?2, expiry_date = ?3, "
        "description = CASE WHEN ?4 THEN ?5 ELSE description END WHERE id = ?1", e);
    if (!st) {
        free(desc);
        return FS_ERUNTIME;
    }
    sqlite3_bind_int64(st, 1, h.id);
    sqlite3_bind_text(st, 2, issue_iso, -1, SQLITE_TRANSIENT);
    fs_bind_text(st, 3, has_expiry ? expiry_iso : NULL);
    sqlite3_bind_int(st, 4, c->in->description != NULL);
    fs_bind_text(st, 5, desc);
    free(desc);
    if (fs_db_step_done(s->db, st, _("saving the document"), e) != FS_OK)
        return e->code;
    return touch(s, h.id, e);
}

int fs_doc_update(fs_session *s, int64_t doc_id, const struct fs_doc_edit *in, fs_err *e)
{
    struct update_ctx c = { s, doc_id, in };
    return fs_db_write(s->db, update_tx, &c, e);
}

int fs_doc_changeable(fs_session *s, int64_t doc_id, fs_err *e)
{
    struct doc_head h;
    if (head_get(s, doc_id, &h, e) != FS_OK)
        return e->code;
    return check_changeable(s, &h, e);
}

struct status_ctx {
    fs_session *s;
    int64_t doc_id;
    enum fs_doc_status to;
};

/* Gives approved document h its number: the next value of the counter of
 * its kind and the Jalali year of its issue date, taken inside this
 * transaction, so a rollback gives the number back and concurrent
 * approvals (serialised by BEGIN IMMEDIATE) never share or skip one. */
static int assign_number(fs_session *s, struct doc_head *h, fs_err *e)
{
    fs_day d;
    if (fs_day_from_iso(h->issue_date, &d) != FS_OK)
        return fs_err_set(e, FS_ERUNTIME, "date", _("the document %s has a broken issue date."), h->ref);
    int year = fs_day_jalali_year(d);
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "INSERT INTO counter(kind, year, last) VALUES (?1, ?2, 1) "
        "ON CONFLICT(kind, year) DO UPDATE SET last = last + 1 RETURNING last", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, kind_names[h->kind], -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, year);
    int64_t last = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        last = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (last < 0)
        return fs_db_fail(s->db, _("numbering the document"), e);
    snprintf(h->number, sizeof h->number, "%s-%04d-%06lld", kind_prefix[h->kind], year, (long long)last);
    snprintf(h->ref, sizeof h->ref, "%s", h->number);
    return FS_OK;
}

/* An invoice converted from a proforma marks the proforma invoiced when it
 * is approved; a proforma invoiced by another invoice is a conflict. */
static int mark_proforma_invoiced(fs_session *s, const struct doc_head *h, fs_err *e)
{
    if (h->kind != FS_DOC_INVOICE || !h->source_doc_id)
        return FS_OK;
    struct doc_head p;
    if (head_get(s, h->source_doc_id, &p, e) != FS_OK)
        return e->code;
    if (p.kind != FS_DOC_PROFORMA)
        return FS_OK;
    if (p.invoiced_by_id && p.invoiced_by_id != h->id)
        return fs_err_set(e, FS_ECONFLICT, "doc",
                          _("doc: the proforma %s was already invoiced by document %lld; this invoice cannot be approved too."),
                          p.ref, (long long)p.invoiced_by_id);
    sqlite3_stmt *st = fs_db_stmt(s->db, "UPDATE document SET invoiced_by_id = ?2 WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, p.id);
    sqlite3_bind_int64(st, 2, h->id);
    if (fs_db_step_done(s->db, st, _("marking the proforma invoiced"), e) != FS_OK)
        return e->code;
    return touch(s, p.id, e);
}

static int status_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct status_ctx *c = vctx;
    fs_session *s = c->s;
    struct doc_head h;
    if (head_get(s, c->doc_id, &h, e) != FS_OK)
        return e->code;
    if (h.status == FS_DOC_APPROVED || h.status == FS_DOC_REJECTED)
        return fs_err_set(e, FS_ECONFLICT, "status", _("status: the document %s is already %s."), h.ref,
                          fs_doc_status_label(h.status, s->lang_fa));
    if (c->to == FS_DOC_PENDING && h.status == FS_DOC_PENDING)
        return fs_err_set(e, FS_ECONFLICT, "status", _("status: the document %s is already pending."), h.ref);
    if (c->to != FS_DOC_REJECTED) {
        int n = line_count(s, h.id, e);
        if (n < 0)
            return e->code;
        if (n == 0)
            return fs_err_set(e, FS_EINVAL, "lines", _("lines: the document %s has no lines yet."), h.ref);
    }
    char now[21];
    fs_now_iso(now);
    if (c->to == FS_DOC_APPROVED) {
        if (mark_proforma_invoiced(s, &h, e) != FS_OK || assign_number(s, &h, e) != FS_OK)
            return e->code;
    }
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "UPDATE document SET status = ?2, number = coalesce(?3, number), "
        "approved_at = CASE WHEN ?2 = 'approved' THEN ?4 END, "
        "approved_by = CASE WHEN ?2 = 'approved' THEN ?5 END WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, h.id);
    sqlite3_bind_text(st, 2, status_names[c->to], -1, SQLITE_STATIC);
    fs_bind_text(st, 3, h.number[0] ? h.number : NULL);
    sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, s->user_id);
    if (fs_db_step_done(s->db, st, _("changing the document's status"), e) != FS_OK)
        return e->code;
    if (touch(s, h.id, e) != FS_OK)
        return e->code;
    if (c->to == FS_DOC_APPROVED)
        return stock_moves_write(s, &h, e);
    return FS_OK;
}

/* Runs the status change to `to` on document id. */
static int change_status(fs_session *s, int64_t id, enum fs_doc_status to, fs_err *e)
{
    if (to != FS_DOC_PENDING && fs_require(s, FS_PERM_APPROVE, e) != FS_OK)
        return FS_EPERM;
    struct status_ctx c = { s, id, to };
    return fs_db_write(s->db, status_tx, &c, e);
}

int fs_doc_submit(fs_session *s, int64_t doc_id, fs_err *e) { return change_status(s, doc_id, FS_DOC_PENDING, e); }
int fs_doc_approve(fs_session *s, int64_t doc_id, fs_err *e) { return change_status(s, doc_id, FS_DOC_APPROVED, e); }
int fs_doc_reject(fs_session *s, int64_t doc_id, fs_err *e) { return change_status(s, doc_id, FS_DOC_REJECTED, e); }

/* ---- reading ---------------------------------------------------------- */

void fs_doc_free(fs_doc *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nlines; i++) {
        free(d->lines[i].product_code);
        free(d->lines[i].name);
        free(d->lines[i].description);
    }
    free(d->lines);
    free(d->number);
    free(d->identity_name);
    free(d->opp_number);
    free(d->description);
    memset(d, 0, sizeof *d);
}

/* Reads the lines of d->id into d. */
static int load_lines(fs_session *s, fs_doc *d, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT l.id, l.position, l.product_id, p.code, l.name, l.qty, l.unit_price, l.discount_bp, l.discount, "
        "l.total, l.tax, l.duties, l.final, coalesce(l.warehouse_id, 0), coalesce(l.description, '') "
        "FROM doc_line l JOIN product p ON p.id = l.product_id WHERE l.doc_id = ?1 ORDER BY l.position", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, d->id);
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (d->nlines == cap) {
            cap = cap ? cap * 2 : 8;
            fs_doc_line *g = realloc(d->lines, (size_t)cap * sizeof *g);
            if (!g) {
                sqlite3_reset(st);
                return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
            }
            d->lines = g;
        }
        fs_doc_line *l = &d->lines[d->nlines++];
        l->id = sqlite3_column_int64(st, 0);
        l->position = sqlite3_column_int(st, 1);
        l->product_id = sqlite3_column_int64(st, 2);
        l->product_code = fs_col_strdup(st, 3);
        l->name = fs_col_strdup(st, 4);
        l->qty = sqlite3_column_int64(st, 5);
        l->unit_price = sqlite3_column_int64(st, 6);
        l->discount_bp = sqlite3_column_int64(st, 7);
        l->discount = sqlite3_column_int64(st, 8);
        l->total = sqlite3_column_int64(st, 9);
        l->tax = sqlite3_column_int64(st, 10);
        l->duties = sqlite3_column_int64(st, 11);
        l->final = sqlite3_column_int64(st, 12);
        l->warehouse_id = sqlite3_column_int64(st, 13);
        l->description = fs_col_strdup(st, 14);
        if (!l->product_code || !l->name || !l->description) {
            sqlite3_reset(st);
            return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("reading the document"), e);
    return FS_OK;
}

struct load_ctx {
    fs_session *s;
    fs_doc *d;
};

static int load_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct load_ctx *c = vctx;
    fs_doc *d = c->d;
    struct doc_head h;
    if (head_get(c->s, d->id, &h, e) != FS_OK)
        return e->code;
    d->kind = h.kind;
    d->status = h.status;
    d->identity_id = h.identity_id;
    d->opp_id = h.opp_id;
    d->source_doc_id = h.source_doc_id;
    d->invoiced_by_id = h.invoiced_by_id;
    d->tax_bp = h.tax_bp;
    d->duties_bp = h.duties_bp;
    memcpy(d->issue_date, h.issue_date, sizeof d->issue_date);
    memcpy(d->expiry_date, h.expiry_date, sizeof d->expiry_date);
    d->number = strdup(h.number);
    sqlite3_stmt *st = fs_db_stmt(c->s->db,
        "SELECT i.name, coalesce(o.number, ''), d.seller_id, coalesce(d.description, ''), d.total, d.discount, "
        "d.tax, d.duties, d.final, coalesce(d.approved_at, ''), coalesce(d.approved_by, 0), d.version "
        "FROM document d JOIN identity i ON i.id = d.identity_id "
        "LEFT JOIN opportunity o ON o.id = d.opp_id WHERE d.id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, d->id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_db_fail(c->s->db, _("reading the document"), e);
    }
    d->identity_name = fs_col_strdup(st, 0);
    d->opp_number = fs_col_strdup(st, 1);
    d->seller_id = sqlite3_column_int64(st, 2);
    d->description = fs_col_strdup(st, 3);
    d->total = sqlite3_column_int64(st, 4);
    d->discount = sqlite3_column_int64(st, 5);
    d->tax = sqlite3_column_int64(st, 6);
    d->duties = sqlite3_column_int64(st, 7);
    d->final = sqlite3_column_int64(st, 8);
    snprintf(d->approved_at, sizeof d->approved_at, "%s", (const char *)sqlite3_column_text(st, 9));
    d->approved_by = sqlite3_column_int64(st, 10);
    d->version = sqlite3_column_int64(st, 11);
    sqlite3_reset(st);
    if (!d->number || !d->identity_name || !d->opp_number || !d->description)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    return load_lines(c->s, d, e);
}

int fs_doc_load(fs_session *s, int64_t id, fs_doc *d, fs_err *e)
{
    memset(d, 0, sizeof *d);
    d->id = id;
    struct load_ctx c = { s, d };
    int rc = fs_db_read(s->db, load_tx, &c, e);
    if (rc != FS_OK)
        fs_doc_free(d);
    return rc;
}

int fs_doc_find(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    if (!text || !*text)
        return fs_err_set(e, FS_EINVAL, field, _("%s: a document is required."), field);
    /* Digits (any script) are an id; anything else a number, in any case. */
    char *l = fs_text_latin_digits(text);
    if (!l)
        return fs_err_set(e, FS_ERUNTIME, field, _("out of memory."));
    bool digits = *l != '\0';
    for (char *p = l; *p; p++) {
        if (*p < '0' || *p > '9')
            digits = false;
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    }
    sqlite3_stmt *st = fs_db_stmt(s->db, digits ? "SELECT id FROM document WHERE id = ?1"
                                                : "SELECT id FROM document WHERE number = ?1", e);
    if (!st) {
        free(l);
        return FS_ERUNTIME;
    }
    if (digits)
        sqlite3_bind_int64(st, 1, strtoll(l, NULL, 10));
    else
        sqlite3_bind_text(st, 1, l, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    free(l);
    if (found)
        return FS_OK;
    char *clean = fs_text_sanitize(text, (size_t)-1);
    int rc = fs_err_set(e, FS_ECONFLICT, field, _("%s: there is no document \"%s\"."), field, clean ? clean : "");
    free(clean);
    return rc;
}

int fs_doc_list(fs_session *s, const struct fs_doc_filter *f, fs_doc_row_fn fn, void *ctx, fs_err *e)
{
    char sql[1024];
    size_t n = (size_t)snprintf(sql, sizeof sql,
        "SELECT d.id, d.kind, d.status, coalesce(d.number, ''), d.identity_id, i.name, coalesce(d.opp_id, 0), "
        "d.issue_date, d.final FROM document d JOIN identity i ON i.id = d.identity_id WHERE d.id > ?1");
    if (f->kind >= 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND d.kind = ?2");
    if (f->status >= 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND d.status = ?3");
    if (f->identity_id > 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND d.identity_id = ?4");
    if (f->opp_id > 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND d.opp_id = ?5");
    snprintf(sql + n, sizeof sql - n, " ORDER BY d.id LIMIT ?6");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fs_db_sqlite(s->db), sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return fs_db_fail(s->db, _("listing documents"), e);
    }
    sqlite3_bind_int64(st, 1, f->after > 0 ? f->after : 0);
    if (f->kind >= 0)
        sqlite3_bind_text(st, 2, kind_names[f->kind], -1, SQLITE_STATIC);
    if (f->status >= 0)
        sqlite3_bind_text(st, 3, status_names[f->status], -1, SQLITE_STATIC);
    if (f->identity_id > 0)
        sqlite3_bind_int64(st, 4, f->identity_id);
    if (f->opp_id > 0)
        sqlite3_bind_int64(st, 5, f->opp_id);
    sqlite3_bind_int(st, 6, f->limit > 0 ? f->limit : 100);
    int rc, status = FS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_doc_row r = {
            .id = sqlite3_column_int64(st, 0),
            .kind = (enum fs_doc_kind)name_index(kind_names, 3, (const char *)sqlite3_column_text(st, 1)),
            .status = (enum fs_doc_status)name_index(status_names, 4, (const char *)sqlite3_column_text(st, 2)),
            .number = (const char *)sqlite3_column_text(st, 3),
            .identity_id = sqlite3_column_int64(st, 4),
            .identity_name = (const char *)sqlite3_column_text(st, 5),
            .opp_id = sqlite3_column_int64(st, 6),
            .issue_date = (const char *)sqlite3_column_text(st, 7),
            .final = sqlite3_column_int64(st, 8),
        };
        status = fn(ctx, &r);
        if (status != 0)
            break;
    }
    if (status == FS_OK && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("listing documents"), e);
    sqlite3_finalize(st);
    return status;
}
