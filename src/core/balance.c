/* balance.c — receipts, payments, financial contracts and the balances of
 * opportunities and identities (SPEC §7.2).  Balances are computed, never
 * stored: one indexed sum over the approved documents and money items of
 * an opportunity (document_opp, money_item_opp) or of an identity
 * (document_identity, money_item_identity).  Rules: docs/DOCUMENTS.md.
 */
#include "balance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "i18n.h"
#include "money.h"
#include "text.h"

static const char *const item_kind_names[] = { "receipt", "payment", "contract" };
static const char *const status_names[] = { "none", "debtor", "creditor", "settled" };

/* Longest description of a money item, in characters. */
#define DESC_MAX 2000

const char *fs_money_item_kind_name(enum fs_money_item_kind k) { return item_kind_names[k]; }

const char *fs_money_item_kind_label(enum fs_money_item_kind k, bool fa)
{
    static const char *const fa_l[] = { "دریافت", "پرداخت", "قرارداد مالی" };
    static const char *const en_l[] = { N_("Receipt"), N_("Payment"), N_("Financial contract") };
    return fa ? fa_l[k] : _(en_l[k]);
}

const char *fs_balance_status_name(enum fs_balance_status st) { return status_names[st]; }

const char *fs_balance_status_label(enum fs_balance_status st, bool fa)
{
    static const char *const fa_l[] = { "ندارد", "بدهکار", "بستانکار", "تسویه" };
    static const char *const en_l[] = { N_("none"), N_("debtor"), N_("creditor"), N_("settled") };
    return fa ? fa_l[st] : _(en_l[st]);
}

/* ---- adding ----------------------------------------------------------- */

struct add_ctx {
    fs_session *s;
    const struct fs_money_item_new *in;
    int64_t id;
};

/* Checks that link (an opportunity's or document's identity) agrees with
 * *identity, or sets *identity when it is still 0. */
static int same_identity(int64_t *identity, int64_t link_identity, const char *field, fs_err *e)
{
    if (*identity > 0 && *identity != link_identity)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: it belongs to another identity than the one given for this item."), field);
    *identity = link_identity;
    return FS_OK;
}

/* The identity and status of a document the item links to. */
static int doc_link(fs_session *s, int64_t doc_id, int64_t *identity, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT identity_id, status FROM document WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, doc_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_err_set(e, FS_ECONFLICT, "doc", _("doc: there is no document %lld."), (long long)doc_id);
    }
    int64_t ident = sqlite3_column_int64(st, 0);
    bool rejected = strcmp((const char *)sqlite3_column_text(st, 1), "rejected") == 0;
    sqlite3_reset(st);
    if (rejected)
        return fs_err_set(e, FS_EINVAL, "doc", _("doc: the document %lld was rejected; link the item to another."),
                          (long long)doc_id);
    return same_identity(identity, ident, "doc", e);
}

static int add_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct add_ctx *c = vctx;
    fs_session *s = c->s;
    const struct fs_money_item_new *in = c->in;
    if ((int)in->kind < FS_MONEY_RECEIPT || in->kind > FS_MONEY_CONTRACT)
        return fs_err_set(e, FS_EINVAL, "kind", _("kind: must be receipt, payment or contract."));
    if (in->amount <= 0 || in->amount > FS_MONEY_MAX)
        return fs_err_set(e, FS_EINVAL, "amount", _("amount: must be from 1 to %lld Rial."), (long long)FS_MONEY_MAX);
    int64_t identity = in->identity_id > 0 ? in->identity_id : 0;
    if (identity > 0 && fs_doc_identity_exists(s, identity, "contact", e) != FS_OK)
        return e->code;
    if (in->opp_id > 0) {
        int64_t opp_identity;
        if (fs_doc_opp_identity(s, in->opp_id, &opp_identity, e) != FS_OK ||
            same_identity(&identity, opp_identity, "opp", e) != FS_OK)
            return e->code;
    }
    if (in->doc_id > 0 && doc_link(s, in->doc_id, &identity, e) != FS_OK)
        return e->code;
    if (identity <= 0)
        return fs_err_set(e, FS_EINVAL, "contact", _("contact: the identity the item is for is required."));

    fs_day day = s->today;
    if (in->date && *in->date && fs_day_from_iso(in->date, &day) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "date", _("date: \"%s\" is not a date."), in->date);
    char date[11];
    fs_day_to_iso(day, date);

    char *desc = NULL;
    if (in->description && *in->description) {
        desc = fs_text_normalize(in->description);
        if (!desc)
            return fs_err_set(e, FS_ERUNTIME, "description", _("out of memory."));
        if (fs_text_length(desc) > DESC_MAX) {
            free(desc);
            return fs_err_set(e, FS_EINVAL, "description", _("description: must be at most %d characters."),
                              DESC_MAX);
        }
    }
    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "INSERT INTO money_item(kind, identity_id, opp_id, doc_id, amount, date, description, created_at, "
        "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", e);
    if (!st) {
        free(desc);
        return FS_ERUNTIME;
    }
    sqlite3_bind_text(st, 1, item_kind_names[in->kind], -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, identity);
    fs_bind_id(st, 3, in->opp_id);
    fs_bind_id(st, 4, in->doc_id);
    sqlite3_bind_int64(st, 5, in->amount);
    sqlite3_bind_text(st, 6, date, -1, SQLITE_TRANSIENT);
    fs_bind_text(st, 7, desc && *desc ? desc : NULL);
    sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 9, s->user_id);
    free(desc);
    if (fs_db_step_done(s->db, st, _("saving the item"), e) != FS_OK)
        return e->code;
    c->id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    return FS_OK;
}

int fs_money_item_add(fs_session *s, const struct fs_money_item_new *in, int64_t *id, fs_err *e)
{
    struct add_ctx c = { s, in, 0 };
    int rc = fs_db_write(s->db, add_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

int fs_money_item_list(fs_session *s, const struct fs_money_item_filter *f, fs_money_item_fn fn, void *ctx,
                       fs_err *e)
{
    char sql[768];
    size_t n = (size_t)snprintf(sql, sizeof sql,
        "SELECT m.id, m.kind, m.identity_id, i.name, coalesce(m.opp_id, 0), coalesce(m.doc_id, 0), "
        "coalesce(d.number, ''), m.amount, m.date, coalesce(m.description, '') "
        "FROM money_item m JOIN identity i ON i.id = m.identity_id LEFT JOIN document d ON d.id = m.doc_id "
        "WHERE m.id > ?1");
    if (f->kind >= 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND m.kind = ?2");
    if (f->identity_id > 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND m.identity_id = ?3");
    if (f->opp_id > 0)
        n += (size_t)snprintf(sql + n, sizeof sql - n, " AND m.opp_id = ?4");
    snprintf(sql + n, sizeof sql - n, " ORDER BY m.id LIMIT ?5");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fs_db_sqlite(s->db), sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return fs_db_fail(s->db, _("listing items"), e);
    }
    sqlite3_bind_int64(st, 1, f->after > 0 ? f->after : 0);
    if (f->kind >= 0)
        sqlite3_bind_text(st, 2, item_kind_names[f->kind], -1, SQLITE_STATIC);
    if (f->identity_id > 0)
        sqlite3_bind_int64(st, 3, f->identity_id);
    if (f->opp_id > 0)
        sqlite3_bind_int64(st, 4, f->opp_id);
    sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : 100);
    int rc, status = FS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 1);
        fs_money_item it = {
            .id = sqlite3_column_int64(st, 0),
            .kind = strcmp(k, "receipt") == 0 ? FS_MONEY_RECEIPT
                    : strcmp(k, "payment") == 0 ? FS_MONEY_PAYMENT : FS_MONEY_CONTRACT,
            .identity_id = sqlite3_column_int64(st, 2),
            .identity_name = (const char *)sqlite3_column_text(st, 3),
            .opp_id = sqlite3_column_int64(st, 4),
            .doc_id = sqlite3_column_int64(st, 5),
            .doc_number = (const char *)sqlite3_column_text(st, 6),
            .amount = sqlite3_column_int64(st, 7),
            .date = (const char *)sqlite3_column_text(st, 8),
            .description = (const char *)sqlite3_column_text(st, 9),
        };
        status = fn(ctx, &it);
        if (status != 0)
            break;
    }
    if (status == FS_OK && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("listing items"), e);
    sqlite3_finalize(st);
    return status;
}

/* ---- balances --------------------------------------------------------- */

/* Runs a balance query (?1 = the opportunity or identity) and fills *b. */
static int balance_sum(fs_session *s, const char *sql, int64_t id, fs_balance *b, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        b->amount = sqlite3_column_int64(st, 0);
        b->items = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return fs_db_fail(s->db, _("computing the balance"), e);
    b->status = b->items == 0 ? FS_BALANCE_NONE
                : b->amount > 0 ? FS_BALANCE_DEBTOR
                : b->amount < 0 ? FS_BALANCE_CREDITOR : FS_BALANCE_SETTLED;
    return FS_OK;
}

/* The signed contribution of each counted item, as SQL over a WHERE on
 * `col`: one statement, so documents and money items are read in one
 * snapshot. */
#define BALANCE_SQL(col)                                                                      \
    "SELECT coalesce(sum(v), 0), count(*) FROM ("                                            \
    "SELECT CASE kind WHEN 'invoice' THEN final ELSE -final END AS v FROM document "          \
    "WHERE " col " = ?1 AND status = 'approved' AND kind IN ('invoice', 'return') "           \
    "UNION ALL SELECT CASE kind WHEN 'receipt' THEN -amount ELSE amount END FROM money_item " \
    "WHERE " col " = ?1)"

int fs_balance_opp(fs_session *s, int64_t opp_id, fs_balance *b, fs_err *e)
{
    memset(b, 0, sizeof *b);
    int64_t identity;
    if (fs_require(s, FS_PERM_VIEW_BALANCE, e) != FS_OK || fs_doc_opp_identity(s, opp_id, &identity, e) != FS_OK)
        return e->code;
    return balance_sum(s, BALANCE_SQL("opp_id"), opp_id, b, e);
}

int fs_balance_identity(fs_session *s, int64_t identity_id, fs_balance *b, fs_err *e)
{
    memset(b, 0, sizeof *b);
    if (fs_require(s, FS_PERM_VIEW_BALANCE, e) != FS_OK)
        return FS_EPERM;
    if (fs_doc_identity_exists(s, identity_id, "contact", e) != FS_OK)
        return e->code;
    return balance_sum(s, BALANCE_SQL("identity_id"), identity_id, b, e);
}

int fs_balance_realized(fs_session *s, int64_t opp_id, int64_t *amount, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT coalesce(sum(final), 0) FROM document "
        "WHERE opp_id = ?1 AND status = 'approved' AND kind = 'invoice'", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, opp_id);
    int rc = sqlite3_step(st);
    *amount = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return fs_db_fail(s->db, _("computing the realized amount"), e);
    return FS_OK;
}
