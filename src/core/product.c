#include "product.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "money.h"
#include "text.h"

/* Column list read by read_product(), with the joins that name the group
 * and the unit. */
#define PRODUCT_COLS                                                                                   \
    "p.id, p.code, p.name, p.group_id, g.name, p.kind, p.unit_id, u.key, u.label_fa, u.label_en, "   \
    "p.unit_price, p.sellable, p.stock_tracked, p.serial, p.taxable, p.name_editable, p.active, "    \
    "p.builtin, p.version"
#define PRODUCT_JOINS                                                                                  \
    " LEFT JOIN product_group g ON g.id = p.group_id LEFT JOIN list_item u ON u.id = p.unit_id"

/* The group filter of list and search: ?10 is the group (NULL = any),
 * ?11 is 1 for pickable products only.  UNION (not UNION ALL) ends the
 * recursion even if the stored tree had a cycle. */
#define FILTER_CTE                                                                                     \
    "WITH RECURSIVE sub(id) AS (SELECT ?10 UNION "                                                     \
    "SELECT c.id FROM product_group c JOIN sub ON c.parent_id = sub.id) "
#define FILTER_WHERE                                                                                   \
    " AND (?10 IS NULL OR p.group_id IN (SELECT id FROM sub))"                                         \
    " AND (?11 = 0 OR (p.sellable = 1 AND p.active = 1))"

/* Fills p from a row selected with PRODUCT_COLS. */
static void read_product(sqlite3_stmt *st, bool lang_fa, fs_product *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(st, 0);
    fs_text_copy(p->code, sizeof p->code, (const char *)sqlite3_column_text(st, 1));
    fs_text_copy(p->name, sizeof p->name, (const char *)sqlite3_column_text(st, 2));
    p->group_id = sqlite3_column_int64(st, 3);
    fs_text_copy(p->group_name, sizeof p->group_name, (const char *)sqlite3_column_text(st, 4));
    const char *kind = (const char *)sqlite3_column_text(st, 5);
    p->service = kind && strcmp(kind, "service") == 0;
    p->unit_id = sqlite3_column_int64(st, 6);
    fs_text_copy(p->unit_key, sizeof p->unit_key, (const char *)sqlite3_column_text(st, 7));
    fs_text_copy(p->unit_label, sizeof p->unit_label, (const char *)sqlite3_column_text(st, lang_fa ? 8 : 9));
    p->has_price = sqlite3_column_type(st, 10) != SQLITE_NULL;
    p->unit_price = sqlite3_column_int64(st, 10);
    p->sellable = sqlite3_column_int(st, 11);
    p->stock_tracked = sqlite3_column_int(st, 12);
    p->serial = sqlite3_column_int(st, 13);
    p->taxable = sqlite3_column_int(st, 14);
    p->name_editable = sqlite3_column_int(st, 15);
    p->active = sqlite3_column_int(st, 16);
    p->builtin = sqlite3_column_int(st, 17);
    p->version = sqlite3_column_int64(st, 18);
}

void fs_product_init(fs_product *p)
{
    memset(p, 0, sizeof *p);
    p->sellable = true;
    p->active = true;
}

/* True when s holds a C0 control character or DEL. */
static bool has_controls(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return true;
    return false;
}

/* Steps a one-row query; FS_OK with *found set, or a runtime error. */
static int step_row(fs_session *s, sqlite3_stmt *st, bool *found, fs_err *e)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fs_db_fail(s->db, _("reading products"), e);
        sqlite3_reset(st);
        return FS_ERUNTIME;
    }
    *found = rc == SQLITE_ROW;
    return FS_OK;
}

/* Reads product id into *p inside the current transaction (if any). */
static int load(fs_session *s, int64_t id, fs_product *p, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT " PRODUCT_COLS " FROM product p" PRODUCT_JOINS " WHERE p.id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    if (found)
        read_product(st, s->lang_fa, p);
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, "product", _("product: no product has id %lld."), (long long)id);
    return FS_OK;
}

int fs_product_get(fs_session *s, int64_t id, fs_product *p, fs_err *e)
{
    return load(s, id, p, e);
}

/* A product's values as they will be stored: normalised texts and keys. */
struct clean {
    char *code, *code_key, *name, *name_key;
    int64_t unit_id;
};

static void clean_free(struct clean *c)
{
    free(c->code);
    free(c->code_key);
    free(c->name);
    free(c->name_key);
}

/* Checks the code: 1–50 characters, no spaces or controls, unique by key
 * among other products than self. */
static int check_code(fs_session *s, struct clean *c, int64_t self, fs_err *e)
{
    size_t n = fs_text_length(c->code);
    if (n == 0)
        return fs_err_set(e, FS_EINVAL, "code", _("code: a product code is required."));
    if (n > FS_PRODUCT_CODE_MAX)
        return fs_err_set(e, FS_EINVAL, "code", _("code: must be at most %d characters (it has %zu)."),
                          FS_PRODUCT_CODE_MAX, n);
    if (has_controls(c->code) || strchr(c->code_key, ' '))
        return fs_err_set(e, FS_EINVAL, "code", _("code: must not contain spaces or control characters."));
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT code FROM product WHERE code_key = ?1 AND id <> ?2 LIMIT 1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, c->code_key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, self);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    int rc = FS_OK;
    if (found) {
        char *other = fs_text_sanitize((const char *)sqlite3_column_text(st, 0), (size_t)-1);
        rc = fs_err_set(e, FS_ECONFLICT, "code", _("code: the product %s already has this code (codes ignore case)."),
                        other ? other : "");
        free(other);
    }
    sqlite3_reset(st);
    return rc;
}

/* Checks that group_id exists and can take what is being placed in it:
 * for a product (as_parent false) it must have no sub-groups, for a new
 * sub-group (as_parent true) it must hold no products.  `field` names the
 * field in messages. */
static int check_group(fs_session *s, int64_t group_id, bool as_parent, const char *field, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT name, EXISTS (SELECT 1 FROM product_group c WHERE c.parent_id = g.id), "
        "EXISTS (SELECT 1 FROM product WHERE group_id = g.id) FROM product_group g WHERE g.id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, group_id);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    int rc = FS_OK;
    if (!found) {
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: no product group has id %lld."), field, (long long)group_id);
    } else if (sqlite3_column_int(st, as_parent ? 2 : 1)) {
        char *name = fs_text_sanitize((const char *)sqlite3_column_text(st, 0), (size_t)-1);
        rc = as_parent ? fs_err_set(e, FS_EINVAL, field,
                                    _("%s: «%s» holds products, so it cannot get sub-groups; move its products first."),
                                    field, name ? name : "")
                       : fs_err_set(e, FS_EINVAL, field,
                                    _("%s: «%s» has sub-groups; products go only in a group without sub-groups."),
                                    field, name ? name : "");
        free(name);
    }
    sqlite3_reset(st);
    return rc;
}

/* Checks that unit_id is an active item of the 'unit' list. */
static int check_unit(fs_session *s, int64_t unit_id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT active FROM list_item WHERE id = ?1 AND list = 'unit'", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, unit_id);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    int active = found && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_EINVAL, "unit", _("unit: no item of the unit list has id %lld."), (long long)unit_id);
    if (!active)
        return fs_err_set(e, FS_EINVAL, "unit", _("unit: this unit is deactivated; choose an active one."));
    return FS_OK;
}

/* The first active unit by list position (0 when the list is empty). */
static int default_unit(fs_session *s, int64_t *unit_id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT id FROM list_item WHERE list = 'unit' AND active = 1 ORDER BY position, id LIMIT 1", e);
    if (!st)
        return FS_ERUNTIME;
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    *unit_id = found ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return FS_OK;
}

/* Validates p (old is the stored product for an edit, NULL for an add) and
 * fills c with what to store.  Runs inside the write transaction so the
 * uniqueness check and the write see the same data. */
static int validate(fs_session *s, const fs_product *p, const fs_product *old, struct clean *c, fs_err *e)
{
    memset(c, 0, sizeof *c);
    c->code = fs_text_normalize(p->code);
    c->name = fs_text_normalize(p->name);
    if (!c->code || !c->name || !(c->code_key = fs_text_search_key(c->code)) ||
        !(c->name_key = fs_text_search_key(c->name)))
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int rc = check_code(s, c, old ? old->id : 0, e);
    if (rc != FS_OK)
        return rc;
    size_t n = fs_text_length(c->name);
    if (n == 0 || !*c->name_key)
        return fs_err_set(e, FS_EINVAL, "name", _("name: a product name is required."));
    if (n > FS_PRODUCT_NAME_MAX)
        return fs_err_set(e, FS_EINVAL, "name", _("name: must be at most %d characters (it has %zu)."),
                          FS_PRODUCT_NAME_MAX, n);
    if (has_controls(c->name))
        return fs_err_set(e, FS_EINVAL, "name", _("name: must not contain control characters."));
    if (p->group_id < 0)
        return fs_err_set(e, FS_EINVAL, "group", _("group: no product group has id %lld."), (long long)p->group_id);
    bool group_changed = !old || old->group_id != p->group_id;
    if (p->group_id && group_changed && (rc = check_group(s, p->group_id, false, "group", e)) != FS_OK)
        return rc;
    c->unit_id = p->unit_id;
    if (!old && c->unit_id == 0 && (rc = default_unit(s, &c->unit_id, e)) != FS_OK)
        return rc;
    if (c->unit_id < 0)
        return fs_err_set(e, FS_EINVAL, "unit", _("unit: no item of the unit list has id %lld."),
                          (long long)c->unit_id);
    if (c->unit_id && (!old || old->unit_id != c->unit_id) && (rc = check_unit(s, c->unit_id, e)) != FS_OK)
        return rc;
    if (p->has_price && (p->unit_price < 0 || p->unit_price > FS_MONEY_MAX))
        return fs_err_set(e, FS_EINVAL, "unit_price", _("unit price: must be an amount from 0 to %lld Rial."),
                          (long long)FS_MONEY_MAX);
    if (p->service && p->stock_tracked)
        return fs_err_set(e, FS_EINVAL, "stock_tracked", _("stock tracked: a service is not kept in stock."));
    if (p->serial && !p->stock_tracked)
        return fs_err_set(e, FS_EINVAL, "serial",
                          _("serial: a product with serial numbers must also be stock-tracked."));
    if (old && old->builtin && !p->active)
        return fs_err_set(e, FS_EINVAL, "active", _("active: the built-in product «%s» cannot be deactivated."),
                          old->name);
    if (old && old->builtin && !p->sellable)
        return fs_err_set(e, FS_EINVAL, "sellable", _("sellable: the built-in product «%s» must stay sellable."),
                          old->name);
    return FS_OK;
}

/* Binds the stored values of a product to ?1…?14 (code … active). */
static void bind_values(sqlite3_stmt *st, const fs_product *p, const struct clean *c)
{
    sqlite3_bind_text(st, 1, c->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->code_key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, c->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, c->name_key, -1, SQLITE_TRANSIENT);
    fs_bind_id(st, 5, p->group_id);
    sqlite3_bind_text(st, 6, p->service ? "service" : "product", -1, SQLITE_STATIC);
    fs_bind_id(st, 7, c->unit_id);
    if (p->has_price)
        sqlite3_bind_int64(st, 8, p->unit_price);
    else
        sqlite3_bind_null(st, 8);
    sqlite3_bind_int(st, 9, p->sellable);
    sqlite3_bind_int(st, 10, p->stock_tracked);
    sqlite3_bind_int(st, 11, p->serial);
    sqlite3_bind_int(st, 12, p->taxable);
    sqlite3_bind_int(st, 13, p->name_editable);
    sqlite3_bind_int(st, 14, p->active);
}

struct save_ctx {
    fs_session *s;
    const fs_product *p;
    int64_t id;
};

/* The add transaction: validate, insert. */
static int add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct save_ctx *x = vctx;
    struct clean c;
    int rc = validate(x->s, x->p, NULL, &c, e);
    if (rc == FS_OK) {
        sqlite3_stmt *st = fs_db_stmt(db,
            "INSERT INTO product(code, code_key, name, name_key, group_id, kind, unit_id, unit_price, sellable, "
            "stock_tracked, serial, taxable, name_editable, active, created_at, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)", e);
        if (!st) {
            rc = FS_ERUNTIME;
        } else {
            char now[21];
            fs_now_iso(now);
            bind_values(st, x->p, &c);
            sqlite3_bind_text(st, 15, now, -1, SQLITE_TRANSIENT);
            rc = fs_db_step_done(db, st, _("saving the product"), e);
            x->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
        }
    }
    clean_free(&c);
    return rc;
}

/* fs_product_add or fs_product_insert: inside a transaction of its own
 * (fs_db_write) or the caller's. */
static int add_product(fs_session *s, const fs_product *p, bool own_tx, int64_t *id, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc != FS_OK)
        return rc;
    struct save_ctx x = { s, p, 0 };
    rc = own_tx ? fs_db_write(s->db, add_tx, &x, e) : add_tx(s->db, &x, e);
    if (rc == FS_OK && id)
        *id = x.id;
    return rc;
}

int fs_product_add(fs_session *s, const fs_product *p, int64_t *id, fs_err *e)
{
    return add_product(s, p, true, id, e);
}

int fs_product_insert(fs_session *s, const fs_product *p, int64_t *id, fs_err *e)
{
    return add_product(s, p, false, id, e);
}

/* Formats an optional integer (NULL when absent) into buf. */
static const char *opt_int(bool present, int64_t v, char *buf, size_t n)
{
    if (!present)
        return NULL;
    snprintf(buf, n, "%lld", (long long)v);
    return buf;
}

/* Logs every field that differs between old and the new values; stored
 * values are logged raw (ids, Rial, 0/1) for the history view to format. */
static int log_changes(fs_session *s, const fs_product *old, const fs_product *p, const struct clean *c,
                       const char *at, int *changed, fs_err *e)
{
    char a[32], b[32];
    int rc = FS_OK;
    *changed = 0;
#define LOG(field, differs, ov, nv)                                                        \
    do {                                                                                   \
        if (rc == FS_OK && (differs)) {                                                    \
            (*changed)++;                                                                  \
            rc = fs_history_record(s, "product", old->id, field, ov, nv, at, e);                             \
        }                                                                                  \
    } while (0)
    LOG("code", strcmp(old->code, c->code) != 0, old->code, c->code);
    LOG("name", strcmp(old->name, c->name) != 0, old->name, c->name);
    LOG("group_id", old->group_id != p->group_id, opt_int(old->group_id, old->group_id, a, sizeof a),
        opt_int(p->group_id, p->group_id, b, sizeof b));
    LOG("kind", old->service != p->service, old->service ? "service" : "product", p->service ? "service" : "product");
    LOG("unit_id", old->unit_id != c->unit_id, opt_int(old->unit_id, old->unit_id, a, sizeof a),
        opt_int(c->unit_id, c->unit_id, b, sizeof b));
    LOG("unit_price", old->has_price != p->has_price || (p->has_price && old->unit_price != p->unit_price),
        opt_int(old->has_price, old->unit_price, a, sizeof a), opt_int(p->has_price, p->unit_price, b, sizeof b));
#define LOG_FLAG(f) LOG(#f, old->f != p->f, old->f ? "1" : "0", p->f ? "1" : "0")
    LOG_FLAG(sellable);
    LOG_FLAG(stock_tracked);
    LOG_FLAG(serial);
    LOG_FLAG(taxable);
    LOG_FLAG(name_editable);
    LOG_FLAG(active);
#undef LOG_FLAG
#undef LOG
    return rc;
}

/* The edit transaction: version check, validate, log, update. */
static int edit_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct save_ctx *x = vctx;
    fs_product old;
    int rc = load(x->s, x->p->id, &old, e);
    if (rc != FS_OK)
        return rc;
    if (old.version != x->p->version)
        return fs_err_set(e, FS_ECONFLICT, "version",
                          _("product %s was changed by someone else (version %lld, yours %lld); reload it and try again."),
                          old.code, (long long)old.version, (long long)x->p->version);
    struct clean c;
    rc = validate(x->s, x->p, &old, &c, e);
    char now[21];
    fs_now_iso(now);
    int changed = 0;
    if (rc == FS_OK)
        rc = log_changes(x->s, &old, x->p, &c, now, &changed, e);
    if (rc == FS_OK && changed) {
        sqlite3_stmt *st = fs_db_stmt(db,
            "UPDATE product SET code = ?1, code_key = ?2, name = ?3, name_key = ?4, group_id = ?5, kind = ?6, "
            "unit_id = ?7, unit_price = ?8, sellable = ?9, stock_tracked = ?10, serial = ?11, taxable = ?12, "
            "name_editable = ?13, active = ?14, updated_at = ?15, version = version + 1 "
            "WHERE id = ?16 AND version = ?17", e);
        if (!st) {
            rc = FS_ERUNTIME;
        } else {
            bind_values(st, x->p, &c);
            sqlite3_bind_text(st, 15, now, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 16, old.id);
            sqlite3_bind_int64(st, 17, old.version);
            rc = fs_db_step_done(db, st, _("saving the product"), e);
        }
    }
    clean_free(&c);
    return rc;
}

int fs_product_edit(fs_session *s, const fs_product *p, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc != FS_OK)
        return rc;
    struct save_ctx x = { s, p, p->id };
    return fs_db_write(s->db, edit_tx, &x, e);
}

int fs_product_in_use(fs_session *s, int64_t id, bool *used, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT EXISTS (SELECT 1 FROM opp_line WHERE product_id = ?1) "
        "OR EXISTS (SELECT 1 FROM doc_line WHERE product_id = ?1) "
        "OR EXISTS (SELECT 1 FROM stock_move WHERE product_id = ?1) "
        "OR EXISTS (SELECT 1 FROM serial_item WHERE product_id = ?1)", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    *used = found && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return FS_OK;
}

struct delete_ctx {
    fs_session *s;
    int64_t id;
};

/* The delete transaction: refuse the built-in and used products. */
static int delete_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct delete_ctx *x = vctx;
    fs_product p;
    bool used;
    int rc = load(x->s, x->id, &p, e);
    if (rc != FS_OK)
        return rc;
    if (p.builtin)
        return fs_err_set(e, FS_ECONFLICT, "product", _("product: the built-in product «%s» cannot be deleted."),
                          p.name);
    if ((rc = fs_product_in_use(x->s, x->id, &used, e)) != FS_OK)
        return rc;
    if (used)
        return fs_err_set(e, FS_ECONFLICT, "product",
                          _("product: %s is used on opportunities, documents or stock; deactivate it instead "
                            "(`forsat product edit %s --active no`)."),
                          p.code, p.code);
    sqlite3_stmt *st = fs_db_stmt(db, "DELETE FROM product WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, x->id);
    return fs_db_step_done(db, st, _("deleting the product"), e);
}

int fs_product_delete(fs_session *s, int64_t id, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc == FS_OK)
        rc = fs_require(s, FS_PERM_DELETE, e);
    if (rc != FS_OK)
        return rc;
    struct delete_ctx x = { s, id };
    return fs_db_write(s->db, delete_tx, &x, e);
}

int fs_product_other_id(fs_session *s, int64_t *id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id FROM product WHERE builtin = 1 ORDER BY id LIMIT 1", e);
    if (!st)
        return FS_ERUNTIME;
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    *id = found ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, "product",
                          _("product: the built-in «سایر» product is missing; run `forsat init` on a new database."));
    return FS_OK;
}

/* Binds the filter parameters ?10 and ?11. */
static void bind_filter(sqlite3_stmt *st, const fs_product_filter *f)
{
    fs_bind_id(st, 10, f ? f->group_id : 0);
    sqlite3_bind_int(st, 11, f && f->pickable);
}

/* A limit in 1…1000; 0 or less means the default of 20. */
static int clamp_limit(int limit)
{
    return limit <= 0 ? 20 : limit > 1000 ? 1000 : limit;
}

/* Steps st, calling fn for each product; returns the status and adds the
 * number of rows delivered to *count.  Resets st. */
static int walk(fs_session *s, sqlite3_stmt *st, fs_product_fn fn, void *ctx, int *count, bool *stopped, fs_err *e)
{
    int rc;
    fs_product p;
    *stopped = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_product(st, s->lang_fa, &p);
        (*count)++;
        if (fn(ctx, &p) != 0) {
            *stopped = true;
            break;
        }
    }
    int status = FS_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("reading products"), e);
    sqlite3_reset(st);
    return status;
}

int fs_product_list(fs_session *s, const fs_product_filter *f, int64_t after_id, int limit, fs_product_fn fn,
                    void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        FILTER_CTE "SELECT " PRODUCT_COLS " FROM product p" PRODUCT_JOINS
        " WHERE p.id > ?1" FILTER_WHERE " ORDER BY p.id LIMIT ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, after_id);
    sqlite3_bind_int(st, 2, limit <= 0 ? 100 : limit > 10000 ? 10000 : limit);
    bind_filter(st, f);
    int count = 0;
    bool stopped;
    return walk(s, st, fn, ctx, &count, &stopped, e);
}

int fs_product_search(fs_session *s, const char *text, const fs_product_filter *f, int limit, fs_product_fn fn,
                      void *ctx, fs_err *e)
{
    limit = clamp_limit(limit);
    char *key = fs_text_search_key(text ? text : "");
    if (!key)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    if (!*key) {
        free(key);
        return FS_OK;
    }
    /* Names that start with the text come first, in name order. */
    int count = 0, rc;
    bool stopped = false;
    sqlite3_stmt *st = fs_db_stmt(s->db,
        FILTER_CTE "SELECT " PRODUCT_COLS " FROM product p" PRODUCT_JOINS
        " WHERE p.name_key >= ?1 AND p.name_key < ?1 || x'f48fbfbf'" FILTER_WHERE
        " ORDER BY p.name_key, p.id LIMIT ?2", e);
    if (!st) {
        free(key);
        return FS_ERUNTIME;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, limit);
    bind_filter(st, f);
    rc = walk(s, st, fn, ctx, &count, &stopped, e);
    /* Then names with a word starting with each typed word (FTS5). */
    char *q = rc == FS_OK && !stopped && count < limit ? fs_text_fts_prefix_query(key) : NULL;
    if (q) {
        st = fs_db_stmt(s->db,
            FILTER_CTE "SELECT " PRODUCT_COLS " FROM product_fts JOIN product p ON p.id = product_fts.rowid"
            PRODUCT_JOINS " WHERE product_fts MATCH ?3"
            " AND NOT (p.name_key >= ?1 AND p.name_key < ?1 || x'f48fbfbf')" FILTER_WHERE
            " ORDER BY product_fts.rowid LIMIT ?2", e);
        if (!st) {
            rc = FS_ERUNTIME;
        } else {
            sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 2, limit - count);
            sqlite3_bind_text(st, 3, q, -1, SQLITE_TRANSIENT);
            bind_filter(st, f);
            rc = walk(s, st, fn, ctx, &count, &stopped, e);
        }
    }
    free(q);
    free(key);
    return rc;
}

int fs_product_search_code(fs_session *s, const char *text, const fs_product_filter *f, int limit,
                           fs_product_fn fn, void *ctx, fs_err *e)
{
    char *key = fs_text_search_key(text ? text : "");
    if (!key)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    if (!*key) {
        free(key);
        return FS_OK;
    }
    /* The exact code is the smallest key of its own prefix range, so code
     * order puts it first. */
    sqlite3_stmt *st = fs_db_stmt(s->db,
        FILTER_CTE "SELECT " PRODUCT_COLS " FROM product p" PRODUCT_JOINS
        " WHERE p.code_key >= ?1 AND p.code_key < ?1 || x'f48fbfbf'" FILTER_WHERE
        " ORDER BY p.code_key, p.id LIMIT ?2", e);
    int rc = FS_ERUNTIME;
    if (st) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, clamp_limit(limit));
        bind_filter(st, f);
        int count = 0;
        bool stopped;
        rc = walk(s, st, fn, ctx, &count, &stopped, e);
    }
    free(key);
    return rc;
}

/* ---- product groups ---- */

struct group_ctx {
    fs_session *s;
    const char *name;
    int64_t parent_id;
    int64_t id;
};

/* The group-add transaction: validate name and parent, insert. */
static int group_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct group_ctx *x = vctx;
    char *name = fs_text_normalize(x->name ? x->name : "");
    char *key = name ? fs_text_search_key(name) : NULL;
    int rc = FS_OK;
    size_t n = name ? fs_text_length(name) : 0;
    if (!name || !key)
        rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    else if (n == 0 || !*key)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: a group name is required."));
    else if (n > FS_GROUP_NAME_MAX)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: must be at most %d characters (it has %zu)."),
                        FS_GROUP_NAME_MAX, n);
    else if (has_controls(name))
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: must not contain control characters."));
    else if (x->parent_id)
        rc = check_group(x->s, x->parent_id, true, "parent", e);
    sqlite3_stmt *st = NULL;
    if (rc == FS_OK) {
        /* UNIQUE (parent_id, name_key) does not hold among roots (NULLs
         * differ), so siblings are checked here. */
        st = fs_db_stmt(db, "SELECT 1 FROM product_group WHERE parent_id IS ?1 AND name_key = ?2", e);
        rc = st ? FS_OK : FS_ERUNTIME;
    }
    if (rc == FS_OK) {
        fs_bind_id(st, 1, x->parent_id);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
        bool found;
        rc = step_row(x->s, st, &found, e);
        sqlite3_reset(st);
        if (rc == FS_OK && found)
            rc = fs_err_set(e, FS_ECONFLICT, "name", _("name: a group named «%s» already exists there."), name);
    }
    if (rc == FS_OK &&
        !(st = fs_db_stmt(db, "INSERT INTO product_group(parent_id, name, name_key) VALUES (?1, ?2, ?3)", e)))
        rc = FS_ERUNTIME;
    if (rc == FS_OK) {
        fs_bind_id(st, 1, x->parent_id);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
        rc = fs_db_step_done(db, st, _("saving the group"), e);
        x->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
    }
    free(name);
    free(key);
    return rc;
}

int fs_group_add(fs_session *s, const char *name, int64_t parent_id, int64_t *id, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc != FS_OK)
        return rc;
    if (parent_id < 0)
        return fs_err_set(e, FS_EINVAL, "parent", _("parent: no product group has id %lld."), (long long)parent_id);
    struct group_ctx x = { s, name, parent_id, 0 };
    rc = fs_db_write(s->db, group_add_tx, &x, e);
    if (rc == FS_OK && id)
        *id = x.id;
    return rc;
}

int fs_group_list(fs_session *s, fs_group_fn fn, void *ctx, fs_err *e)
{
    /* path = the ancestors' keys and ids joined by control characters that
     * sort below every letter, so a parent sorts right before its
     * children and siblings sort by name. */
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "WITH RECURSIVE t(id, parent_id, name, depth, path) AS ("
        " SELECT id, parent_id, name, 0, name_key || char(2) || printf('%020d', id) FROM product_group"
        " WHERE parent_id IS NULL"
        " UNION SELECT c.id, c.parent_id, c.name, t.depth + 1,"
        " t.path || char(1) || c.name_key || char(2) || printf('%020d', c.id)"
        " FROM product_group c JOIN t ON c.parent_id = t.id WHERE t.depth < 64)"
        " SELECT id, parent_id, name, depth,"
        " NOT EXISTS (SELECT 1 FROM product_group c WHERE c.parent_id = t.id),"
        " (SELECT count(*) FROM product WHERE group_id = t.id)"
        " FROM t ORDER BY path", e);
    if (!st)
        return FS_ERUNTIME;
    int rc;
    fs_group g;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&g, 0, sizeof g);
        g.id = sqlite3_column_int64(st, 0);
        g.parent_id = sqlite3_column_int64(st, 1);
        fs_text_copy(g.name, sizeof g.name, (const char *)sqlite3_column_text(st, 2));
        g.depth = sqlite3_column_int(st, 3);
        g.leaf = sqlite3_column_int(st, 4);
        g.products = sqlite3_column_int64(st, 5);
        if (fn(ctx, &g) != 0)
            break;
    }
    int status = FS_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("reading product groups"), e);
    sqlite3_reset(st);
    return status;
}
