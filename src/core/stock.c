#include "stock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "product.h"
#include "text.h"

/* Largest quantity of one movement: 10^9 units, as fs_qty_parse accepts. */
#define QTY_MAX (1000000000LL * FS_QTY_SCALE)

/* Steps a one-row query; FS_OK with *found set, or a runtime error (the
 * statement is then reset). */
static int step_row(fs_session *s, sqlite3_stmt *st, bool *found, fs_err *e)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fs_db_fail(s->db, _("reading stock"), e);
        sqlite3_reset(st);
        return FS_ERUNTIME;
    }
    *found = rc == SQLITE_ROW;
    return FS_OK;
}

/* Runs fn in a read transaction, or directly when the caller already has
 * a transaction open (documents check stock inside their own writes). */
static int in_snapshot(fs_session *s, fs_db_fn fn, void *ctx, fs_err *e)
{
    if (sqlite3_get_autocommit(fs_db_sqlite(s->db)))
        return fs_db_read(s->db, fn, ctx, e);
    return fn(s->db, ctx, e);
}

/* Formats a quantity in the session's digits. */
static void qty_text(const fs_session *s, int64_t q, char *out, size_t n)
{
    fs_qty_format(q, s->digits, out, n);
}

/* True when s holds a C0 control character or DEL. */
static bool has_controls(const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return true;
    return false;
}

/* ---- mode ---- */

const char *fs_stock_mode_name(enum fs_wh_mode mode)
{
    return mode == FS_WH_SERIAL ? "serial" : "quantity";
}

int fs_stock_mode(fs_session *s, enum fs_wh_mode *mode, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT value FROM setting WHERE key = 'warehousing_mode'", e);
    if (!st)
        return FS_ERUNTIME;
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    const char *v = found ? (const char *)sqlite3_column_text(st, 0) : NULL;
    *mode = v && strcmp(v, "serial") == 0 ? FS_WH_SERIAL : FS_WH_QUANTITY;
    sqlite3_reset(st);
    return FS_OK;
}

struct mode_ctx {
    fs_session *s;
    enum fs_wh_mode mode;
};

/* Changes the mode unless stock was already recorded under the old one. */
static int set_mode_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct mode_ctx *x = vctx;
    enum fs_wh_mode cur;
    int rc = fs_stock_mode(x->s, &cur, e);
    if (rc != FS_OK || cur == x->mode)
        return rc;
    sqlite3_stmt *st = fs_db_stmt(db,
        "SELECT EXISTS (SELECT 1 FROM stock_move) OR EXISTS (SELECT 1 FROM serial_item)", e);
    if (!st)
        return FS_ERUNTIME;
    bool found;
    if (step_row(x->s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    int has_stock = found && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (has_stock)
        return fs_err_set(e, FS_ECONFLICT, "mode",
                          _("warehousing mode: stock has already been recorded under %s warehousing, so it cannot change."),
                          fs_stock_mode_name(cur));
    st = fs_db_stmt(db,
        "INSERT INTO setting(key, value) VALUES ('warehousing_mode', ?1) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, fs_stock_mode_name(x->mode), -1, SQLITE_STATIC);
    return fs_db_step_done(db, st, _("saving the warehousing mode"), e);
}

int fs_stock_set_mode(fs_session *s, enum fs_wh_mode mode, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_MODEL, e);
    if (rc != FS_OK)
        return rc;
    if (mode != FS_WH_QUANTITY && mode != FS_WH_SERIAL)
        return fs_err_set(e, FS_EINVAL, "mode", _("warehousing mode: must be quantity or serial."));
    struct mode_ctx x = { s, mode };
    return fs_db_write(s->db, set_mode_tx, &x, e);
}

/* ---- warehouses ---- */

struct wh_ctx {
    fs_session *s;
    const char *name;
    int64_t id, user_id;
    bool active;
};

/* FS_ECONFLICT when another warehouse's name has the same search key.
 * Warehouses are few, so they are compared one by one. */
static int check_name_free(fs_session *s, const char *key, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT name FROM warehouse", e);
    if (!st)
        return FS_ERUNTIME;
    int rc = FS_OK, step;
    while (rc == FS_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        char *k = fs_text_search_key((const char *)sqlite3_column_text(st, 0));
        if (!k)
            rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        else if (strcmp(k, key) == 0)
            rc = fs_err_set(e, FS_ECONFLICT, "name", _("name: a warehouse with this name already exists."));
        free(k);
    }
    sqlite3_reset(st);
    return rc;
}

/* The warehouse-add transaction. */
static int wh_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct wh_ctx *x = vctx;
    char *name = fs_text_normalize(x->name ? x->name : "");
    char *key = name ? fs_text_search_key(name) : NULL;
    size_t n = name ? fs_text_length(name) : 0;
    int rc = FS_OK;
    if (!name || !key)
        rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    else if (n == 0 || !*key)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: a warehouse name is required."));
    else if (n > FS_WAREHOUSE_NAME_MAX)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: must be at most %d characters (it has %zu)."),
                        FS_WAREHOUSE_NAME_MAX, n);
    else if (has_controls(name))
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: must not contain control characters."));
    else
        rc = check_name_free(x->s, key, e);
    if (rc == FS_OK) {
        sqlite3_stmt *st = fs_db_stmt(db, "INSERT INTO warehouse(name, created_at) VALUES (?1, ?2)", e);
        char now[21];
        fs_now_iso(now);
        if (!st) {
            rc = FS_ERUNTIME;
        } else {
            sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
            rc = fs_db_step_done(db, st, _("saving the warehouse"), e);
            x->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
        }
    }
    free(name);
    free(key);
    return rc;
}

int fs_warehouse_add(fs_session *s, const char *name, int64_t *id, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc != FS_OK)
        return rc;
    struct wh_ctx x = { .s = s, .name = name };
    rc = fs_db_write(s->db, wh_add_tx, &x, e);
    if (rc == FS_OK && id)
        *id = x.id;
    return rc;
}

/* Reads a warehouse's name and active flag; FS_ECONFLICT when missing. */
static int load_warehouse(fs_session *s, int64_t id, fs_warehouse *w, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT name, active, EXISTS (SELECT 1 FROM warehouse_user u WHERE u.warehouse_id = w.id AND u.user_id = ?2) "
        "FROM warehouse w WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, s->user_id);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    if (found) {
        w->id = id;
        fs_text_copy(w->name, sizeof w->name, (const char *)sqlite3_column_text(st, 0));
        w->active = sqlite3_column_int(st, 1);
        w->can_issue = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, "warehouse", _("warehouse: no warehouse has id %lld."), (long long)id);
    return FS_OK;
}

/* The enable/disable transaction. */
static int wh_active_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct wh_ctx *x = vctx;
    fs_warehouse w;
    int rc = load_warehouse(x->s, x->id, &w, e);
    if (rc != FS_OK || w.active == x->active)
        return rc;
    sqlite3_stmt *st = fs_db_stmt(db, "UPDATE warehouse SET active = ?1 WHERE id = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int(st, 1, x->active);
    sqlite3_bind_int64(st, 2, x->id);
    return fs_db_step_done(db, st, _("saving the warehouse"), e);
}

int fs_warehouse_set_active(fs_session *s, int64_t id, bool active, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc != FS_OK)
        return rc;
    struct wh_ctx x = { .s = s, .id = id, .active = active };
    return fs_db_write(s->db, wh_active_tx, &x, e);
}

/* The grant (x->active) / revoke transaction. */
static int wh_grant_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct wh_ctx *x = vctx;
    fs_warehouse w;
    int rc = load_warehouse(x->s, x->id, &w, e);
    if (rc != FS_OK)
        return rc;
    sqlite3_stmt *st = fs_db_stmt(db, "SELECT 1 FROM user WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, x->user_id);
    bool found;
    if (step_row(x->s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, "user", _("user: no user has id %lld."), (long long)x->user_id);
    st = fs_db_stmt(db, x->active
        ? "INSERT OR IGNORE INTO warehouse_user(warehouse_id, user_id) VALUES (?1, ?2)"
        : "DELETE FROM warehouse_user WHERE warehouse_id = ?1 AND user_id = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, x->id);
    sqlite3_bind_int64(st, 2, x->user_id);
    return fs_db_step_done(db, st, _("saving the warehouse right"), e);
}

/* Grants (grant true) or revokes a user's remittance right. */
static int set_grant(fs_session *s, int64_t warehouse_id, int64_t user_id, bool grant, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_ADMIN_USERS, e);
    if (rc != FS_OK)
        return rc;
    struct wh_ctx x = { .s = s, .id = warehouse_id, .user_id = user_id, .active = grant };
    return fs_db_write(s->db, wh_grant_tx, &x, e);
}

int fs_warehouse_grant(fs_session *s, int64_t warehouse_id, int64_t user_id, fs_err *e)
{
    return set_grant(s, warehouse_id, user_id, true, e);
}

int fs_warehouse_revoke(fs_session *s, int64_t warehouse_id, int64_t user_id, fs_err *e)
{
    return set_grant(s, warehouse_id, user_id, false, e);
}

int fs_warehouse_users(fs_session *s, int64_t warehouse_id, int64_t **ids, int *n, fs_err *e)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT user_id FROM warehouse_user WHERE warehouse_id = ?1 ORDER BY user_id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, warehouse_id);
    int rc, cap = 0, status = FS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *p = realloc(*ids, (size_t)cap * sizeof *p);
            if (!p) {
                status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
                break;
            }
            *ids = p;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (status == FS_OK && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("reading warehouses"), e);
    sqlite3_reset(st);
    if (status != FS_OK) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return status;
}

int fs_warehouse_list(fs_session *s, fs_warehouse_fn fn, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT id, name, active, EXISTS (SELECT 1 FROM warehouse_user u WHERE u.warehouse_id = w.id "
        "AND u.user_id = ?1) FROM warehouse w ORDER BY id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, s->user_id);
    int rc;
    fs_warehouse w;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&w, 0, sizeof w);
        w.id = sqlite3_column_int64(st, 0);
        fs_text_copy(w.name, sizeof w.name, (const char *)sqlite3_column_text(st, 1));
        w.active = sqlite3_column_int(st, 2);
        w.can_issue = sqlite3_column_int(st, 3);
        if (fn(ctx, &w) != 0)
            break;
    }
    int status = FS_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("reading warehouses"), e);
    sqlite3_reset(st);
    return status;
}

/* ---- levels ---- */

/* The rows of a stock table being built: one per warehouse. */
struct levels {
    fs_stock_row *rows;
    size_t n, cap;
};

/* The row of warehouse id, or NULL when it is not in the table. */
static fs_stock_row *find_row(struct levels *L, int64_t id)
{
    for (size_t i = 0; i < L->n; i++)
        if (L->rows[i].warehouse_id == id)
            return &L->rows[i];
    return NULL;
}

/* What collect() gathers. */
struct collect_ctx {
    fs_session *s;
    enum fs_wh_mode mode;
    int64_t product_id;
    int64_t warehouse_id;    /* 0 = every warehouse */
    int64_t only_user;       /* 0 = no visibility rule; else warehouses this user may issue from */
    int64_t exclude_doc_id;
    struct levels L;
};

/* Lists the warehouses of the table (filtered by warehouse and user). */
static int collect_warehouses(struct collect_ctx *x, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(x->s->db,
        "SELECT id, name, active FROM warehouse w WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR EXISTS "
        "(SELECT 1 FROM warehouse_user u WHERE u.warehouse_id = w.id AND u.user_id = ?2)) ORDER BY id", e);
    if (!st)
        return FS_ERUNTIME;
    fs_bind_id(st, 1, x->warehouse_id);
    fs_bind_id(st, 2, x->only_user);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (x->L.n == x->L.cap) {
            size_t cap = x->L.cap ? x->L.cap * 2 : 8;
            fs_stock_row *r = realloc(x->L.rows, cap * sizeof *r);
            if (!r) {
                sqlite3_reset(st);
                return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
            }
            x->L.rows = r;
            x->L.cap = cap;
        }
        fs_stock_row *r = &x->L.rows[x->L.n++];
        memset(r, 0, sizeof *r);
        r->warehouse_id = sqlite3_column_int64(st, 0);
        fs_text_copy(r->warehouse, sizeof r->warehouse, (const char *)sqlite3_column_text(st, 1));
        r->active = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fs_db_fail(x->s->db, _("reading warehouses"), e);
    return FS_OK;
}

/* Adds the (warehouse id, quantity) rows of st to the on-hand (frozen
 * false) or frozen column.  Resets st. */
static int add_amounts(struct collect_ctx *x, sqlite3_stmt *st, bool frozen, int64_t scale, fs_err *e)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_stock_row *r = find_row(&x->L, sqlite3_column_int64(st, 0));
        if (!r)
            continue;
        int64_t q = sqlite3_column_int64(st, 1) * scale;
        if (frozen)
            r->frozen += q;
        else
            r->on_hand += q;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fs_db_fail(x->s->db, _("reading stock"), e);
    return FS_OK;
}

/* Fills x->L: the warehouses with on hand, frozen and available.  Each
 * sum is one indexed aggregate over the product's rows. */
static int collect(fs_db *db, void *vctx, fs_err *e)
{
    struct collect_ctx *x = vctx;
    x->L.n = 0;
    int rc = collect_warehouses(x, e);
    if (rc != FS_OK || x->L.n == 0)
        return rc;
    sqlite3_stmt *st = x->mode == FS_WH_SERIAL
        ? fs_db_stmt(db, "SELECT warehouse_id, count(*) FROM serial_item WHERE product_id = ?1 "
                         "AND warehouse_id IS NOT NULL GROUP BY warehouse_id", e)
        : fs_db_stmt(db, "SELECT warehouse_id, sum(CASE WHEN kind IN ('in', 'return') THEN qty ELSE -qty END) "
                         "FROM stock_move WHERE product_id = ?1 GROUP BY warehouse_id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, x->product_id);
    if ((rc = add_amounts(x, st, false, x->mode == FS_WH_SERIAL ? FS_QTY_SCALE : 1, e)) != FS_OK)
        return rc;
    /* A proforma line without a warehouse freezes the first active one. */
    st = fs_db_stmt(db,
        "SELECT coalesce(l.warehouse_id, (SELECT min(id) FROM warehouse WHERE active = 1)), sum(l.qty) "
        "FROM doc_line l JOIN document d ON d.id = l.doc_id "
        "WHERE l.product_id = ?1 AND d.kind = 'proforma' AND d.status = 'approved' "
        "AND d.invoiced_by_id IS NULL AND (d.expiry_date IS NULL OR d.expiry_date >= ?2) "
        "AND d.id IS NOT ?3 GROUP BY 1", e);
    if (!st)
        return FS_ERUNTIME;
    char today[11];
    fs_day_to_iso(x->s->today, today);
    sqlite3_bind_int64(st, 1, x->product_id);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
    fs_bind_id(st, 3, x->exclude_doc_id);
    if ((rc = add_amounts(x, st, true, 1, e)) != FS_OK)
        return rc;
    for (size_t i = 0; i < x->L.n; i++)
        x->L.rows[i].available = x->L.rows[i].on_hand - x->L.rows[i].frozen;
    return FS_OK;
}

int fs_stock_table(fs_session *s, int64_t product_id, fs_stock_row_fn fn, void *ctx, fs_err *e)
{
    struct collect_ctx x = { .s = s, .product_id = product_id };
    fs_product p;
    int rc = fs_stock_mode(s, &x.mode, e);
    if (rc == FS_OK)
        rc = fs_product_get(s, product_id, &p, e);
    if (rc != FS_OK)
        return rc;
    if (!p.stock_tracked)
        return fs_err_set(e, FS_EINVAL, "product", _("product: %s is not stock-tracked, so it has no stock table."),
                          p.code);
    if (x.mode == FS_WH_SERIAL)
        x.only_user = s->user_id;
    else if (!fs_can(s, FS_PERM_VIEW_STOCK) && !fs_can(s, FS_PERM_SELECT_PRODUCT))
        return fs_require(s, FS_PERM_VIEW_STOCK, e);
    rc = in_snapshot(s, collect, &x, e);
    for (size_t i = 0; rc == FS_OK && i < x.L.n; i++)
        if (fn(ctx, &x.L.rows[i]) != 0)
            break;
    free(x.L.rows);
    return rc;
}

int fs_stock_level(fs_session *s, int64_t product_id, int64_t warehouse_id, int64_t exclude_doc_id,
                   fs_stock_row *out, fs_err *e)
{
    struct collect_ctx x = { .s = s, .product_id = product_id, .warehouse_id = warehouse_id,
                             .exclude_doc_id = exclude_doc_id };
    int rc = fs_stock_mode(s, &x.mode, e);
    if (rc == FS_OK)
        rc = in_snapshot(s, collect, &x, e);
    memset(out, 0, sizeof *out);
    out->warehouse_id = warehouse_id;
    out->active = true;
    for (size_t i = 0; rc == FS_OK && i < x.L.n; i++) {
        if (warehouse_id) {
            *out = x.L.rows[i];
            break;
        }
        out->on_hand += x.L.rows[i].on_hand;
        out->frozen += x.L.rows[i].frozen;
        out->available += x.L.rows[i].available;
    }
    free(x.L.rows);
    if (rc == FS_OK && warehouse_id && x.L.n == 0)
        return fs_err_set(e, FS_ECONFLICT, "warehouse", _("warehouse: no warehouse has id %lld."),
                          (long long)warehouse_id);
    return rc;
}

int fs_stock_check(fs_session *s, int64_t product_id, int64_t warehouse_id, int64_t qty, int64_t exclude_doc_id,
                   bool *over, fs_err *e)
{
    *over = false;
    fs_product p;
    enum fs_wh_mode mode;
    int rc = fs_product_get(s, product_id, &p, e);
    if (rc == FS_OK)
        rc = fs_stock_mode(s, &mode, e);
    if (rc != FS_OK || !p.stock_tracked)
        return rc;
    fs_stock_row r;
    if ((rc = fs_stock_level(s, product_id, warehouse_id, exclude_doc_id, &r, e)) != FS_OK)
        return rc;
    if (qty <= r.available)
        return FS_OK;
    char want[48], have[48];
    qty_text(s, qty, want, sizeof want);
    qty_text(s, r.available, have, sizeof have);
    if (mode == FS_WH_SERIAL && warehouse_id)
        return fs_err_set(e, FS_EINVAL, "quantity",
                          _("quantity: %s of %s is more than the %s available in «%s»; serial warehousing cannot go below zero."),
                          want, p.code, have, r.warehouse);
    *over = true;
    if (warehouse_id)
        fs_err_set(e, FS_OK, "quantity", _("quantity: %s of %s is more than the %s available in «%s»."), want, p.code,
                   have, r.warehouse);
    else
        fs_err_set(e, FS_OK, "quantity", _("quantity: %s of %s is more than the %s available in all warehouses."),
                   want, p.code, have);
    return FS_OK;
}

/* ---- movements ---- */

static const char *const move_kind_sql[] = {
    [FS_MOVE_IN] = "in", [FS_MOVE_OUT] = "out", [FS_MOVE_INVOICE] = "invoice", [FS_MOVE_RETURN] = "return",
};

/* True for the kinds that add stock. */
static bool move_adds(enum fs_move_kind k)
{
    return k == FS_MOVE_IN || k == FS_MOVE_RETURN;
}

/* On hand of the product in the warehouse, inside the transaction. */
static int on_hand(fs_session *s, enum fs_wh_mode mode, int64_t product_id, int64_t warehouse_id, int64_t *q,
                   fs_err *e)
{
    sqlite3_stmt *st = mode == FS_WH_SERIAL
        ? fs_db_stmt(s->db, "SELECT count(*) FROM serial_item WHERE product_id = ?1 AND warehouse_id = ?2", e)
        : fs_db_stmt(s->db, "SELECT coalesce(sum(CASE WHEN kind IN ('in', 'return') THEN qty ELSE -qty END), 0) "
                            "FROM stock_move WHERE product_id = ?1 AND warehouse_id = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_int64(st, 2, warehouse_id);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    *q = found ? sqlite3_column_int64(st, 0) : 0;
    if (mode == FS_WH_SERIAL)
        *q *= FS_QTY_SCALE; /* one serial is one unit */
    sqlite3_reset(st);
    return FS_OK;
}

/* A movement's checked inputs. */
struct move {
    const fs_stock_req *r;
    enum fs_wh_mode mode;
    fs_warehouse w;
    fs_product p;
    char date[11];
    char *description;   /* normalised, NULL when none */
    char **serials;      /* normalised, nserials of them */
};

static void move_free(struct move *m)
{
    free(m->description);
    if (m->serials)
        for (int i = 0; i < m->r->nserials; i++)
            free(m->serials[i]);
    free(m->serials);
}

/* Checks everything about a movement that does not depend on the mode. */
static int check_common(fs_session *s, struct move *m, fs_err *e)
{
    const fs_stock_req *r = m->r;
    if (r->kind < FS_MOVE_IN || r->kind > FS_MOVE_RETURN)
        return fs_err_set(e, FS_EINVAL, "kind", _("kind: unknown stock movement."));
    int rc = fs_product_get(s, r->product_id, &m->p, e);
    if (rc != FS_OK)
        return rc;
    if (!m->p.stock_tracked)
        return fs_err_set(e, FS_EINVAL, "product", _("product: %s is not stock-tracked; mark it with --stock first."),
                          m->p.code);
    if ((rc = load_warehouse(s, r->warehouse_id, &m->w, e)) != FS_OK)
        return rc;
    if ((r->kind == FS_MOVE_IN || r->kind == FS_MOVE_OUT) && !m->w.can_issue)
        return fs_err_set(e, FS_EPERM, "warehouse",
                          _("permission denied: you may not issue remittances from «%s» (an admin grants it with `forsat warehouse grant`)."),
                          m->w.name);
    if (!m->w.active)
        return fs_err_set(e, FS_EINVAL, "warehouse", _("warehouse: «%s» is disabled and takes no movements."),
                          m->w.name);
    fs_day d;
    if (!r->date || !*r->date)
        fs_day_to_iso(s->today, m->date);
    else if (fs_day_from_iso(r->date, &d) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "date", _("date: not a valid date."));
    else
        fs_day_to_iso(d, m->date);
    if (r->description && *r->description) {
        if (!(m->description = fs_text_normalize(r->description)))
            return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        if (fs_text_length(m->description) > 1000)
            return fs_err_set(e, FS_EINVAL, "description", _("description: must be at most 1000 characters."));
    }
    return FS_OK;
}

/* Checks and normalises the serial numbers of a movement: present, short,
 * no controls, none listed twice; serials are stored with Latin digits. */
static int check_serials(struct move *m, fs_err *e)
{
    const fs_stock_req *r = m->r;
    if (r->nserials <= 0 || !r->serials)
        return fs_err_set(e, FS_EINVAL, "serial", _("serial: give at least one serial number (--serial)."));
    if (!(m->serials = calloc((size_t)r->nserials, sizeof *m->serials)))
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    for (int i = 0; i < r->nserials; i++) {
        char *n = fs_text_normalize(r->serials[i] ? r->serials[i] : "");
        m->serials[i] = n ? fs_text_latin_digits(n) : NULL;
        free(n);
        const char *v = m->serials[i];
        if (!v)
            return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        size_t len = fs_text_length(v);
        if (len == 0)
            return fs_err_set(e, FS_EINVAL, "serial", _("serial: a serial number may not be empty."));
        if (len > FS_SERIAL_MAX || has_controls(v))
            return fs_err_set(e, FS_EINVAL, "serial",
                              _("serial: \"%s\" is not a serial number (at most %d characters, no control characters)."),
                              len > FS_SERIAL_MAX ? "…" : v, FS_SERIAL_MAX);
        for (int j = 0; j < i; j++)
            if (strcmp(m->serials[j], v) == 0)
                return fs_err_set(e, FS_EINVAL, "serial", _("serial: %s is listed twice."), v);
    }
    return FS_OK;
}

/* Looks up a serial of the product: *id 0 when unknown, *wh its current
 * warehouse (0 when issued) and *wh_name that warehouse's name. */
static int find_serial(fs_session *s, int64_t product_id, const char *serial, int64_t *id, int64_t *wh,
                       char *wh_name, size_t n, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT i.id, i.warehouse_id, w.name FROM serial_item i LEFT JOIN warehouse w ON w.id = i.warehouse_id "
        "WHERE i.product_id = ?1 AND i.serial = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, product_id);
    sqlite3_bind_text(st, 2, serial, -1, SQLITE_TRANSIENT);
    bool found;
    if (step_row(s, st, &found, e) != FS_OK)
        return FS_ERUNTIME;
    *id = found ? sqlite3_column_int64(st, 0) : 0;
    *wh = found ? sqlite3_column_int64(st, 1) : 0;
    if (found)
        fs_text_copy(wh_name, n, (const char *)sqlite3_column_text(st, 2));
    sqlite3_reset(st);
    return FS_OK;
}

/* Moves each serial in (receipt) or out (remittance): every serial is
 * checked before anything is written. */
static int record_serials(fs_session *s, struct move *m, fs_stock_result *res, fs_err *e)
{
    const fs_stock_req *r = m->r;
    bool in = move_adds(r->kind);
    int64_t *ids = calloc((size_t)r->nserials, sizeof *ids);
    if (!ids)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int rc = FS_OK;
    for (int i = 0; rc == FS_OK && i < r->nserials; i++) {
        int64_t wh;
        char where[4 * FS_WAREHOUSE_NAME_MAX + 1] = "";
        rc = find_serial(s, r->product_id, m->serials[i], &ids[i], &wh, where, sizeof where, e);
        if (rc != FS_OK)
            break;
        if (in && wh)
            rc = fs_err_set(e, FS_ECONFLICT, "serial", _("serial: %s of %s is already in «%s»."), m->serials[i],
                            m->p.code, where);
        else if (!in && wh != r->warehouse_id)
            rc = fs_err_set(e, FS_EINVAL, "serial", _("serial: %s of %s is not in «%s»."), m->serials[i], m->p.code,
                            m->w.name);
    }
    char now[21];
    fs_now_iso(now);
    for (int i = 0; rc == FS_OK && i < r->nserials; i++) {
        sqlite3_stmt *st;
        if (ids[i]) {
            st = fs_db_stmt(s->db, "UPDATE serial_item SET warehouse_id = ?1 WHERE id = ?2", e);
            if (!st) {
                rc = FS_ERUNTIME;
                break;
            }
            fs_bind_id(st, 1, in ? r->warehouse_id : 0);
            sqlite3_bind_int64(st, 2, ids[i]);
            rc = fs_db_step_done(s->db, st, _("saving the serial"), e);
        } else {
            st = fs_db_stmt(s->db, "INSERT INTO serial_item(product_id, serial, warehouse_id) VALUES (?1, ?2, ?3)", e);
            if (!st) {
                rc = FS_ERUNTIME;
                break;
            }
            sqlite3_bind_int64(st, 1, r->product_id);
            sqlite3_bind_text(st, 2, m->serials[i], -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 3, r->warehouse_id);
            rc = fs_db_step_done(s->db, st, _("saving the serial"), e);
            ids[i] = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
        }
        if (rc != FS_OK)
            break;
        st = fs_db_stmt(s->db,
            "INSERT INTO serial_move(serial_item_id, kind, warehouse_id, date, doc_id, created_at, created_by) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", e);
        if (!st) {
            rc = FS_ERUNTIME;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_text(st, 2, in ? "receipt" : "remittance", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, r->warehouse_id);
        sqlite3_bind_text(st, 4, m->date, -1, SQLITE_TRANSIENT);
        fs_bind_id(st, 5, r->doc_id);
        sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 7, s->user_id);
        rc = fs_db_step_done(s->db, st, _("saving the serial movement"), e);
        res->move_id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    }
    free(ids);
    if (rc == FS_OK)
        rc = on_hand(s, FS_WH_SERIAL, r->product_id, r->warehouse_id, &res->on_hand, e);
    return rc;
}

/* Writes one quantity movement and reports whether it took out more than
 * was on hand. */
static int record_quantity(fs_session *s, struct move *m, fs_stock_result *res, fs_err *e)
{
    const fs_stock_req *r = m->r;
    int64_t before;
    int rc = on_hand(s, FS_WH_QUANTITY, r->product_id, r->warehouse_id, &before, e);
    if (rc != FS_OK)
        return rc;
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "INSERT INTO stock_move(product_id, warehouse_id, kind, qty, date, doc_id, description, created_at, created_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", e);
    if (!st)
        return FS_ERUNTIME;
    char now[21];
    fs_now_iso(now);
    sqlite3_bind_int64(st, 1, r->product_id);
    sqlite3_bind_int64(st, 2, r->warehouse_id);
    sqlite3_bind_text(st, 3, move_kind_sql[r->kind], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, r->qty);
    sqlite3_bind_text(st, 5, m->date, -1, SQLITE_TRANSIENT);
    fs_bind_id(st, 6, r->doc_id);
    fs_bind_text(st, 7, m->description);
    sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 9, s->user_id);
    if ((rc = fs_db_step_done(s->db, st, _("saving the stock movement"), e)) != FS_OK)
        return rc;
    res->move_id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    res->on_hand = move_adds(r->kind) ? before + r->qty : before - r->qty;
    if (!move_adds(r->kind) && r->qty > before) {
        char want[48], have[48], after[48];
        qty_text(s, r->qty, want, sizeof want);
        qty_text(s, before, have, sizeof have);
        qty_text(s, res->on_hand, after, sizeof after);
        res->over = true;
        fs_err_set(e, FS_OK, "quantity", _("quantity: %s of %s taken out of «%s», which had %s; it now has %s."), want,
                   m->p.code, m->w.name, have, after);
    }
    return FS_OK;
}

int fs_stock_record_tx(fs_session *s, const fs_stock_req *r, fs_stock_result *res, fs_err *e)
{
    fs_stock_result local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    struct move m = { .r = r };
    int rc = fs_stock_mode(s, &m.mode, e);
    if (rc == FS_OK)
        rc = check_common(s, &m, e);
    if (rc == FS_OK && m.mode == FS_WH_SERIAL) {
        if (r->qty)
            rc = fs_err_set(e, FS_EINVAL, "quantity",
                            _("quantity: under serial warehousing give the serial numbers (--serial), not a quantity."));
        else if (m.description)
            rc = fs_err_set(e, FS_EINVAL, "description",
                            _("description: serial movements carry no description under serial warehousing."));
        else if ((rc = check_serials(&m, e)) == FS_OK)
            rc = record_serials(s, &m, res, e);
    } else if (rc == FS_OK) {
        if (r->nserials > 0)
            rc = fs_err_set(e, FS_EINVAL, "serial",
                            _("serial: serial numbers are recorded only under serial warehousing; give a quantity."));
        else if (r->qty <= 0 || r->qty > QTY_MAX)
            rc = fs_err_set(e, FS_EINVAL, "quantity", _("quantity: must be more than 0 and at most 1,000,000,000."));
        else
            rc = record_quantity(s, &m, res, e);
    }
    move_free(&m);
    return rc;
}

struct record_ctx {
    fs_session *s;
    const fs_stock_req *r;
    fs_stock_result *res;
};

static int record_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct record_ctx *x = vctx;
    return fs_stock_record_tx(x->s, x->r, x->res, e);
}

int fs_stock_record(fs_session *s, const fs_stock_req *r, fs_stock_result *res, fs_err *e)
{
    fs_stock_result local;
    struct record_ctx x = { s, r, res ? res : &local };
    return fs_db_write(s->db, record_tx, &x, e);
}
