/* opp_list.c — the opportunity list query (see opp_list.h). */
#include "opp_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jdate.h"
#include "money.h"
#include "text.h"

void fs_opp_filter_init(fs_opp_filter *f)
{
    memset(f, 0, sizeof *f);
    f->stage_kind = -1;
    f->limit = 50;
    f->totals = true;
}

/* A WHERE clause under construction and its values, bound in order. */
#define MAX_BINDS 48
struct where {
    char sql[4096];            /* the filter alone, without visibility */
    size_t len;
    bool overflow;
    bool invert;
    int64_t own;               /* visibility: created by or assigned to this user; 0 = all */
    int n;
    struct {
        bool is_text;
        int64_t i;
        char *t;            /* owned */
    } v[MAX_BINDS];
};

static void w_sql(struct where *w, const char *text)
{
    size_t n = strlen(text);
    if (w->len + n >= sizeof w->sql) {
        w->overflow = true;
        return;
    }
    memcpy(w->sql + w->len, text, n + 1);
    w->len += n;
}

static void w_int(struct where *w, int64_t v)
{
    if (w->n >= MAX_BINDS) {
        w->overflow = true;
        return;
    }
    w->v[w->n].is_text = false;
    w->v[w->n++].i = v;
}

static void w_text(struct where *w, const char *t)
{
    if (w->n >= MAX_BINDS) {
        w->overflow = true;
        return;
    }
    w->v[w->n].is_text = true;
    w->v[w->n].t = strdup(t);
    if (!w->v[w->n].t)
        w->overflow = true;
    w->n++;
}

/* Adds one condition of the filter: "cond" holds as many '?' as the
 * values added after it, in order.  Only an inverted filter wraps each
 * condition in coalesce(…, 0), so that "cannot judge" (NULL) counts as
 * not matching and the inverse holds that row; a plain filter stays bare
 * so the planner can use the indexes (NULL already fails a WHERE). */
static void w_cond(struct where *w, int *nconds, const char *cond)
{
    if (*nconds)
        w_sql(w, " AND ");
    w_sql(w, w->invert ? "coalesce((" : "(");
    w_sql(w, cond);
    w_sql(w, w->invert ? "), 0)" : ")");
    (*nconds)++;
}

static void w_free(struct where *w)
{
    for (int i = 0; i < w->n; i++)
        if (w->v[i].is_text)
            free(w->v[i].t);
}

/* Binds the filter's values to parameters first … first + n - 1. */
static void w_bind(const struct where *w, sqlite3_stmt *st, int first)
{
    for (int i = 0; i < w->n; i++) {
        if (w->v[i].is_text)
            sqlite3_bind_text(st, first + i, w->v[i].t, -1, SQLITE_STATIC);
        else
            sqlite3_bind_int64(st, first + i, w->v[i].i);
    }
}

/* An id-equality condition when id is set. */
static void w_id(struct where *w, int *nc, const char *cond, int64_t id)
{
    if (!id)
        return;
    w_cond(w, nc, cond);
    w_int(w, id);
}

/* A date-bound condition when iso is set. */
static void w_date(struct where *w, int *nc, const char *cond, const char *iso)
{
    if (!iso || !*iso)
        return;
    w_cond(w, nc, cond);
    w_text(w, iso);
}

/* Builds the possibly inverted filter's WHERE clause; the visibility rule
 * is left to the queries (w->own). */
static int build_where(fs_session *s, const fs_opp_filter *f, struct where *w, fs_err *e)
{
    int nc = 0;
    w->invert = f->invert;
    w->len = 0;
    w->sql[0] = '\0';
    w->own = fs_can(s, FS_PERM_VIEW_ALL) ? 0 : s->user_id;
    w_sql(w, f->invert ? "NOT coalesce((" : "(");
    size_t start = w->len;
    w_id(w, &nc, "o.subtype_id = ?", f->subtype_id);
    w_id(w, &nc, "o.stage_id = ?", f->stage_id);
    w_id(w, &nc, "o.type_id = ?", f->type_id);
    w_id(w, &nc, "o.source_id = ?", f->source_id);
    w_id(w, &nc, "o.campaign_id = ?", f->campaign_id);
    w_id(w, &nc, "o.assigned_id = ?", f->assigned_id);
    w_id(w, &nc, "o.identity_id = ?", f->identity_id);
    if (f->stage_kind >= 0) {
        w_cond(w, &nc, "o.stage_id IN (SELECT id FROM stage WHERE kind = ?)");
        w_text(w, fs_stage_kind_name((enum fs_stage_kind)f->stage_kind));
    }
    w_id(w, &nc, "o.id IN (SELECT opp_id FROM opp_line WHERE product_id = ?)", f->product_id);
    w_id(w, &nc,
         "o.id IN (SELECT l.opp_id FROM opp_line l JOIN product p ON p.id = l.product_id WHERE p.group_id IN "
         "(WITH RECURSIVE g(id) AS (SELECT ? UNION SELECT pg.id FROM product_group pg JOIN g ON pg.parent_id = g.id) "
         "SELECT id FROM g))",
         f->group_id);
    if (f->win_reason_id || f->loss_reason_id) {
        w_cond(w, &nc, "o.win_reason_id = ? OR o.loss_reason_id = ?");
        w_int(w, f->win_reason_id ? f->win_reason_id : -1);
        w_int(w, f->loss_reason_id ? f->loss_reason_id : -1);
    }
    w_date(w, &nc, "o.close_date >= ?", f->close_from);
    w_date(w, &nc, "o.close_date <= ?", f->close_to);
    if (f->overdue) {
        char today[11];
        fs_day_to_iso(s->today, today);
        /* "+" keeps the planner off the close-date index: "before today"
         * is most of the table, where a scan beats an index walk. */
        w_date(w, &nc, "+o.close_date < ? AND o.stage_id IN (SELECT id FROM stage WHERE kind = 'open')", today);
    }
    w_date(w, &nc, "o.won_at >= ?", f->won_from);
    w_date(w, &nc, "o.won_at <= ?", f->won_to);
    w_date(w, &nc, "o.lost_at >= ?", f->lost_from);
    w_date(w, &nc, "o.lost_at <= ?", f->lost_to);
#define REALIZED                                                                                                 \
    "(SELECT coalesce(sum(d.final), 0) FROM document d WHERE d.opp_id = o.id AND d.kind = 'invoice' "          \
    "AND d.status = 'approved')"
    if (f->has_realized_min && f->realized_min > 0) {
        /* Only opportunities with approved invoices can reach a positive
         * minimum: take them from the invoices instead of asking every
         * opportunity. */
        w_cond(w, &nc,
               "o.id IN (SELECT opp_id FROM document WHERE kind = 'invoice' AND status = 'approved' "
               "AND opp_id IS NOT NULL GROUP BY opp_id HAVING sum(final) >= ?)");
        w_int(w, f->realized_min);
    } else if (f->has_realized_min) {
        w_cond(w, &nc, REALIZED " >= ?");
        w_int(w, f->realized_min);
    }
    if (f->has_realized_max) {
        w_cond(w, &nc, REALIZED " <= ?");
        w_int(w, f->realized_max);
    }
    if (f->text && *f->text) {
        char *key = fs_text_search_key(f->text);
        char *fts = key ? fs_text_fts_prefix_query(key) : NULL;
        char *number = fs_text_latin_digits(f->text);
        if (!key || !fts || !number) {
            free(key);
            free(fts);
            free(number);
            return fs_err_set(e, FS_ERUNTIME, "text", _("out of memory."));
        }
        for (char *p = number; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 'a' + 'A');
        if (*key) {
            /* One id set from three indexed lookups: the planner walks it
             * in id order instead of scanning the table for a few rows. */
            w_cond(w, &nc,
                   "o.id IN (SELECT id FROM opportunity WHERE title_key >= ? AND title_key < ? || x'f48fbfbf' "
                   "UNION SELECT id FROM opportunity WHERE number = ? "
                   "UNION SELECT id FROM opportunity WHERE identity_id IN "
                   "(SELECT rowid FROM identity_fts WHERE identity_fts MATCH ?))");
            w_text(w, key);
            w_text(w, key);
            w_text(w, number);
            w_text(w, fts);
        }
        free(key);
        free(fts);
        free(number);
    }
    if (w->len == start)
        w_sql(w, "1");
    w_sql(w, f->invert ? "), 0)" : ")");
    if (w->overflow)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    return FS_OK;
}

void fs_opp_page_free(fs_opp_page *p)
{
    for (int i = 0; p && i < p->n; i++) {
        free(p->rows[i].title);
        free(p->rows[i].contact);
        free(p->rows[i].stage);
    }
    if (p)
        free(p->rows);
}

static void copy_col(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* Prepares sql (dynamic, finalized by the caller). */
static sqlite3_stmt *prepare(fs_session *s, const char *sql, fs_err *e)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fs_db_sqlite(s->db), sql, -1, &st, NULL) != SQLITE_OK) {
        fs_db_fail(s->db, _("listing opportunities"), e);
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* The columns of a page row, from opportunity o.  Names come from scalar
 * subqueries, so the planner works on opportunity alone and reads them for
 * the page's rows only.  %s: the stage title column of the language. */
#define PAGE_COLUMNS                                                                                          \
    "SELECT o.id, o.number, o.title, (SELECT name FROM identity WHERE id = o.identity_id), "                 \
    "(SELECT key FROM stage WHERE id = o.stage_id), (SELECT %s FROM stage WHERE id = o.stage_id), "          \
    "(SELECT kind FROM stage WHERE id = o.stage_id), o.final_amount, o.probability, o.close_date, "          \
    "(SELECT login FROM user WHERE id = o.assigned_id), o.won_at, o.lost_at FROM opportunity o "

/* The page query.  Under the visibility rule it is the union of the
 * user's opportunities by creator and by assignee, each walked in id order
 * from its own index and merged, so a page costs the same whether the
 * user owns ten opportunities or half the database (an id set of all of
 * them, built for every page, took 300 ms for a rep with 380,000). */
static sqlite3_stmt *page_stmt(fs_session *s, const fs_opp_filter *f, const struct where *w, fs_err *e)
{
    const char *title = s->lang_fa ? "title_fa" : "title_en";
    char sql[10240];
    if (!w->own)
        snprintf(sql, sizeof sql, PAGE_COLUMNS "WHERE %s AND o.id > ? ORDER BY o.id LIMIT ?", title, w->sql);
    else
        snprintf(sql, sizeof sql,
                 PAGE_COLUMNS "WHERE o.created_by = ? AND %s AND o.id > ? UNION "
                 PAGE_COLUMNS "WHERE o.assigned_id = ? AND %s AND o.id > ? ORDER BY 1 LIMIT ?",
                 title, w->sql, title, w->sql);
    sqlite3_stmt *st = prepare(s, sql, e);
    if (!st)
        return NULL;
    int p = 1;
    for (int arm = 0; arm < (w->own ? 2 : 1); arm++) {
        if (w->own)
            sqlite3_bind_int64(st, p++, w->own);
        w_bind(w, st, p);
        p += w->n;
        sqlite3_bind_int64(st, p++, f->after);
    }
    sqlite3_bind_int(st, p, f->limit + 1);
    return st;
}

static int read_page(fs_session *s, const fs_opp_filter *f, const struct where *w, fs_opp_page *out, fs_err *e)
{
    sqlite3_stmt *st = page_stmt(s, f, w, e);
    if (!st)
        return FS_ERUNTIME;
    out->rows = calloc((size_t)f->limit + 1, sizeof *out->rows);
    if (!out->rows) {
        sqlite3_finalize(st);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    int rc, status = FS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == f->limit) {
            out->more = true;
            break;
        }
        fs_opp_row *r = &out->rows[out->n++];
        r->id = sqlite3_column_int64(st, 0);
        copy_col(st, 1, r->number, sizeof r->number);
        r->title = fs_col_strdup(st, 2);
        r->contact = fs_col_strdup(st, 3);
        copy_col(st, 4, r->stage_key, sizeof r->stage_key);
        r->stage = fs_col_strdup(st, 5);
        const char *k = (const char *)sqlite3_column_text(st, 6);
        r->stage_kind = k && strcmp(k, "won") == 0    ? FS_STAGE_WON
                        : k && strcmp(k, "lost") == 0 ? FS_STAGE_LOST
                                                      : FS_STAGE_OPEN;
        r->final_amount = sqlite3_column_int64(st, 7);
        r->probability = sqlite3_column_int(st, 8);
        fs_money_percent(r->final_amount, (int64_t)r->probability * 100, &r->expected_amount);
        copy_col(st, 9, r->close_date, sizeof r->close_date);
        copy_col(st, 10, r->assigned, sizeof r->assigned);
        copy_col(st, 11, r->won_at, sizeof r->won_at);
        copy_col(st, 12, r->lost_at, sizeof r->lost_at);
        if (!r->title || !r->contact || !r->stage)
            status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        out->next_after = r->id;
    }
    if (status == FS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("listing opportunities"), e);
    sqlite3_finalize(st);
    return status;
}

/* Where the totals of a filter come from. */
enum totals_source { TOTALS_SCAN, TOTALS_OWNER, TOTALS_CLOSE };

/* True when rest (a filter with the columns an aggregate has cleared)
 * filters on nothing: its conditions are built and found empty, so a
 * filter added later falls back to the scan by itself. */
static bool filter_empty(fs_session *s, const fs_opp_filter *rest)
{
    struct where *w = calloc(1, sizeof *w);
    bool empty = w && build_where(s, rest, w, NULL) == FS_OK && strcmp(w->sql, "(1)") == 0;
    if (w)
        w_free(w);
    free(w);
    return empty;
}

/* The aggregate table that holds f's totals (schema 006), if one does:
 * opp_totals for subtype, stage, stage kind, assigned user and the
 * visibility rule; opp_close_totals for stage, stage kind, close dates
 * and overdue, for users who see everything.  An inverted filter is
 * always added up. */
static enum totals_source totals_source(fs_session *s, const fs_opp_filter *f, const struct where *w)
{
    if (f->invert)
        return TOTALS_SCAN;
    fs_opp_filter rest = *f;
    rest.subtype_id = rest.stage_id = rest.assigned_id = 0;
    rest.stage_kind = -1;
    if (filter_empty(s, &rest))
        return TOTALS_OWNER;
    rest = *f;
    rest.stage_id = 0;
    rest.stage_kind = -1;
    rest.close_from = rest.close_to = NULL;
    rest.overdue = false;
    if (!w->own && filter_empty(s, &rest))
        return TOTALS_CLOSE;
    return TOTALS_SCAN;
}

/* The totals from opp_totals. */
static sqlite3_stmt *totals_owner_stmt(fs_session *s, const fs_opp_filter *f, const struct where *w, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT coalesce(sum(n), 0), coalesce(sum(sum_final), 0), coalesce(sum(sum_expected), 0) "
        "FROM opp_totals WHERE (?1 IS NULL OR created_by = ?1 OR assigned_id = ?1) "
        "AND (?2 IS NULL OR subtype_id = ?2) AND (?3 IS NULL OR stage_id = ?3) "
        "AND (?4 IS NULL OR assigned_id = ?4) "
        "AND (?5 IS NULL OR stage_id IN (SELECT id FROM stage WHERE kind = ?5))", e);
    if (!st)
        return NULL;
    fs_bind_id(st, 1, w->own);
    fs_bind_id(st, 2, f->subtype_id);
    fs_bind_id(st, 3, f->stage_id);
    fs_bind_id(st, 4, f->assigned_id);
    fs_bind_text(st, 5, f->stage_kind >= 0 ? fs_stage_kind_name((enum fs_stage_kind)f->stage_kind) : NULL);
    return st;
}

/* The totals from opp_close_totals, where '' stands for no close date
 * (which no date condition matches, as in the scan).  The stages are
 * chosen first and the dates bound a range, so only the matching rows of
 * the table are read. */
static sqlite3_stmt *totals_close_stmt(fs_session *s, const fs_opp_filter *f, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT coalesce(sum(n), 0), coalesce(sum(sum_final), 0), coalesce(sum(sum_expected), 0) "
        "FROM opp_close_totals WHERE stage_id IN (SELECT id FROM stage WHERE (?1 IS NULL OR id = ?1) "
        "AND (?2 IS NULL OR kind = ?2) AND (?5 IS NULL OR kind = 'open')) "
        "AND close_date >= coalesce(?3, '') AND close_date <= coalesce(?4, '9999-12-31') "
        "AND close_date < coalesce(?5, '9999-12-32') "
        "AND (close_date <> '' OR (?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL))", e);
    if (!st)
        return NULL;
    char today[11];
    fs_day_to_iso(s->today, today);
    fs_bind_id(st, 1, f->stage_id);
    fs_bind_text(st, 2, f->stage_kind >= 0 ? fs_stage_kind_name((enum fs_stage_kind)f->stage_kind) : NULL);
    fs_bind_text(st, 3, f->close_from && *f->close_from ? f->close_from : NULL);
    fs_bind_text(st, 4, f->close_to && *f->close_to ? f->close_to : NULL);
    if (f->overdue)
        sqlite3_bind_text(st, 5, today, -1, SQLITE_TRANSIENT);
    return st;
}

/* The totals by adding up every matching opportunity. */
static sqlite3_stmt *totals_scan_stmt(fs_session *s, const struct where *w, fs_err *e)
{
    char sql[4864];
    /* (final × p + 50) / 100 is fs_money_percent(final, p × 100) for the
     * non-negative amounts stored: half up, in integers.  The visible set
     * is an id set from the two owner indexes, like the text filter. */
    snprintf(sql, sizeof sql,
             "SELECT count(*), coalesce(sum(o.final_amount), 0), "
             "coalesce(sum((o.final_amount * o.probability + 50) / 100), 0) FROM opportunity o WHERE %s%s",
             w->own ? "o.id IN (SELECT id FROM opportunity WHERE created_by = ? "
                      "UNION SELECT id FROM opportunity WHERE assigned_id = ?) AND " : "",
             w->sql);
    sqlite3_stmt *st = prepare(s, sql, e);
    if (!st)
        return NULL;
    if (w->own) {
        sqlite3_bind_int64(st, 1, w->own);
        sqlite3_bind_int64(st, 2, w->own);
    }
    w_bind(w, st, w->own ? 3 : 1);
    return st;
}

static int read_totals(fs_session *s, const fs_opp_filter *f, const struct where *w, fs_opp_page *out, fs_err *e)
{
    enum totals_source src = totals_source(s, f, w);
    bool cached = src != TOTALS_SCAN;
    sqlite3_stmt *st = src == TOTALS_OWNER   ? totals_owner_stmt(s, f, w, e)
                       : src == TOTALS_CLOSE ? totals_close_stmt(s, f, e)
                                             : totals_scan_stmt(s, w, e);
    if (!st)
        return FS_ERUNTIME;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->count = sqlite3_column_int64(st, 0);
        out->sum_final = sqlite3_column_int64(st, 1);
        out->sum_expected = sqlite3_column_int64(st, 2);
    }
    int status = rc == SQLITE_ROW ? FS_OK : fs_db_fail(s->db, _("adding up opportunities"), e);
    if (cached)
        sqlite3_reset(st);
    else
        sqlite3_finalize(st);
    return status;
}

struct totals_ctx {
    fs_session *s;
    const fs_opp_filter *f;
    const struct where *w;
    fs_opp_page *out;
    bool (*stop)(void *);
    void *stop_ctx;
    bool stopped;
};

/* The progress handler: nonzero interrupts the statement. */
static int totals_progress(void *v)
{
    struct totals_ctx *c = v;
    if (c->stop(c->stop_ctx))
        c->stopped = true;
    return c->stopped;
}

static int totals_tx(fs_db *db, void *v, fs_err *e)
{
    struct totals_ctx *c = v;
    sqlite3 *h = fs_db_sqlite(db);
    if (c->stop)
        sqlite3_progress_handler(h, 4000, totals_progress, c);
    int rc = read_totals(c->s, c->f, c->w, c->out, e);
    if (c->stop)
        sqlite3_progress_handler(h, 0, NULL, NULL);
    /* Stopped: an error, so the read transaction is rolled back; the
     * caller reports no error. */
    return c->stopped ? FS_ERUNTIME : rc;
}

int fs_opp_list_totals(fs_session *s, const fs_opp_filter *f, bool (*stop)(void *ctx), void *ctx,
                       fs_opp_page *out, bool *stopped, fs_err *e)
{
    memset(out, 0, sizeof *out);
    *stopped = false;
    struct where *w = calloc(1, sizeof *w);
    if (!w)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int rc = build_where(s, f, w, e);
    struct totals_ctx c = { s, f, w, out, stop, ctx, false };
    if (rc == FS_OK)
        rc = fs_db_read(s->db, totals_tx, &c, e);
    w_free(w);
    free(w);
    *stopped = c.stopped;
    if (c.stopped) {
        fs_err_clear(e);
        rc = FS_OK;
    }
    if (rc != FS_OK || c.stopped)
        out->count = out->sum_final = out->sum_expected = 0;
    return rc;
}

struct list_ctx {
    fs_session *s;
    const fs_opp_filter *f;
    const struct where *w;
    fs_opp_page *out;
};

static int list_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct list_ctx *c = vctx;
    fs_opp_page_free(c->out);
    memset(c->out, 0, sizeof *c->out);
    if (read_page(c->s, c->f, c->w, c->out, e) != FS_OK)
        return e->code;
    return c->f->totals ? read_totals(c->s, c->f, c->w, c->out, e) : FS_OK;
}

int fs_opp_list(fs_session *s, const fs_opp_filter *f, fs_opp_page *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    if (f->limit < 1 || f->limit > FS_OPP_LIST_MAX_LIMIT)
        return fs_err_set(e, FS_EINVAL, "limit", _("limit: must be a whole number from 1 to %d."),
                          FS_OPP_LIST_MAX_LIMIT);
    if (f->after < 0)
        return fs_err_set(e, FS_EINVAL, "after", _("after: must be an opportunity id."));
    struct where *w = calloc(1, sizeof *w);
    if (!w)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int rc = build_where(s, f, w, e);
    if (rc == FS_OK) {
        /* Page and totals from one snapshot, so they agree. */
        struct list_ctx c = { s, f, w, out };
        rc = fs_db_read(s->db, list_tx, &c, e);
    }
    w_free(w);
    free(w);
    if (rc != FS_OK) {
        fs_opp_page_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}
