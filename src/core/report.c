/* report.c — the reports (see report.h).
 *
 * Each aggregate is one SQL statement assembled from constant pieces (the
 * filters present add their conditions; every value is bound by name).
 * They are written for the indexes: the sums over open opportunities read
 * the covering index opportunity_stage_close alone (005_report_indexes.sql),
 * the final columns and won/lost figures walk opportunity_won /
 * opportunity_lost from a date on.  A "+" before a column keeps the
 * planner off an index that would only save a sort.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jdate.h"
#include "money.h"
#include "opportunity.h"
#include "rows.h"

/* Fills *e with "out of memory." and returns its code. */
static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

/* ---- SQL assembled from constant pieces ----------------------------------- */

struct sql {
    char text[8192];
    size_t len;
    bool overflow;
};

/* Appends a constant piece of SQL; too long a text marks the overflow. */
static void sql_add(struct sql *q, const char *piece)
{
    size_t n = strlen(piece);
    if (q->len + n >= sizeof q->text) {
        q->overflow = true;
        return;
    }
    memcpy(q->text + q->len, piece, n + 1);
    q->len += n;
}

/* Appends f's conditions on opportunity `o` and the visibility rule.  The
 * subtype is matched through the stage, a column of the covering index. */
static void sql_filter(struct sql *q, const fs_session *s, const fs_report_filter *f)
{
    if (f->subtype_id)
        sql_add(q, " AND o.stage_id IN (SELECT id FROM stage WHERE subtype_id = :subtype)");
    if (f->type_id)
        sql_add(q, " AND o.type_id = :type");
    if (f->source_id)
        sql_add(q, " AND o.source_id = :source");
    if (f->campaign_id)
        sql_add(q, " AND o.campaign_id = :campaign");
    if (f->assigned_id)
        sql_add(q, " AND o.assigned_id = :assigned");
    if (!fs_can(s, FS_PERM_VIEW_ALL))
        sql_add(q, " AND o.id IN (SELECT id FROM opportunity WHERE created_by = :me "
                   "UNION SELECT id FROM opportunity WHERE assigned_id = :me)");
}

/* Binds a named parameter when the statement has it. */
static void bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_int64(st, i, v);
}

/* Binds a named text parameter when the statement has it. */
static void bind_str(sqlite3_stmt *st, const char *name, const char *v)
{
    int i = sqlite3_bind_parameter_index(st, name);
    if (i)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* An ISO day `back` days before today. */
static void iso_days_ago(const fs_session *s, int back, char out[11])
{
    fs_day_to_iso(s->today - back, out);
}

/* Binds f's values, the acting user (:me), today (:today) and the period
 * (:from, :to; open ends when unset). */
static void bind_filter(sqlite3_stmt *st, const fs_session *s, const fs_report_filter *f)
{
    bind_int(st, ":subtype", f->subtype_id);
    bind_int(st, ":type", f->type_id);
    bind_int(st, ":source", f->source_id);
    bind_int(st, ":campaign", f->campaign_id);
    bind_int(st, ":assigned", f->assigned_id);
    bind_int(st, ":me", s->user_id);
    char today[11];
    iso_days_ago(s, 0, today);
    bind_str(st, ":today", today);
    bind_str(st, ":from", f->from && *f->from ? f->from : "");
    bind_str(st, ":to", f->to && *f->to ? f->to : "9999-12-31");
}

/* Prepares the assembled SQL (finalized by the caller) and binds f. */
static sqlite3_stmt *prepare(fs_session *s, const struct sql *q, const fs_report_filter *f, fs_err *e)
{
    if (q->overflow) {
        oom(e);
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fs_db_sqlite(s->db), q->text, -1, &st, NULL) != SQLITE_OK) {
        fs_db_fail(s->db, _("preparing a report"), e);
        sqlite3_finalize(st);
        return NULL;
    }
    bind_filter(st, s, f);
    return st;
}

/* " WHERE <the opportunity's date col in f's period>".  A bounded period
 * walks the date's index; all time reads the table in order instead,
 * which beats hundreds of thousands of index-ordered row lookups. */
static void sql_period(struct sql *q, const fs_report_filter *f, const char *col)
{
    char piece[96];
    if ((f->from && *f->from) || (f->to && *f->to))
        snprintf(piece, sizeof piece, " WHERE o.%s BETWEEN :from AND :to", col);
    else
        snprintf(piece, sizeof piece, " WHERE +o.%s IS NOT NULL", col);
    sql_add(q, piece);
}

/* Checks the period of f: real ISO dates, to not before from. */
static int check_period(const fs_report_filter *f, fs_err *e)
{
    fs_day a, b;
    if (f->from && *f->from && fs_day_from_iso(f->from, &a) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "from", _("from: \"%s\" is not a date."), f->from);
    if (f->to && *f->to && fs_day_from_iso(f->to, &b) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "to", _("to: \"%s\" is not a date."), f->to);
    if (f->from && *f->from && f->to && *f->to && strcmp(f->to, f->from) < 0)
        return fs_err_set(e, FS_EINVAL, "to", _("to: the end of the period may not be before its start."));
    return FS_OK;
}

/* Copies text column i into out ("" for NULL), cut to fit. */
static void copy_col(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* The stage kind of a stored name ("open" for anything else). */
static enum fs_stage_kind kind_of(const char *k)
{
    return k && strcmp(k, "won") == 0 ? FS_STAGE_WON : k && strcmp(k, "lost") == 0 ? FS_STAGE_LOST : FS_STAGE_OPEN;
}

/* Steps st to its end and finalizes it: FS_OK, or the database error. */
static int finish(fs_session *s, sqlite3_stmt *st, int rc, int status, fs_err *e)
{
    if (status == FS_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = fs_db_fail(s->db, _("reading a report"), e);
    sqlite3_finalize(st);
    return status;
}

/* Grows *arr (of *cap elements of size sz) to hold n + 1 elements. */
static int reserve(void **arr, int *cap, int n, size_t sz)
{
    if (n < *cap)
        return 0;
    int c = *cap ? *cap * 2 : 16;
    void *v = realloc(*arr, (size_t)c * sz);
    if (!v)
        return -1;
    memset((char *)v + (size_t)*cap * sz, 0, (size_t)(c - *cap) * sz);
    *arr = v;
    *cap = c;
    return 0;
}

/* ---- grouping dimensions ----------------------------------------------------- */

/* What a report can group by: the grouping expression over opportunity o
 * (in the won and the lost part), an extra join, how to count and add up,
 * and how the grouped ids find their names (table n) and their order. */
enum dim_id { DIM_REASON, DIM_PRODUCT, DIM_USER, DIM_TYPE, DIM_SOURCE, DIM_STAGE };

struct dim {
    const char *k_won, *k_lost;
    const char *join, *count, *amount;
    const char *names;         /* " LEFT JOIN <table> n ON n.id = t.k" */
    const char *cols;          /* n's key, list, label_fa, label_en */
    const char *order;
};

#define LIST_NAMES " LEFT JOIN list_item n ON n.id = t.k", "n.key, n.list, n.label_fa, n.label_en"
#define LIST_ORDER "n.id IS NULL, n.list = 'loss_reason', n.position, n.id"
#define PLAIN "", "count(*)", "sum(o.final_amount)"

static const struct dim dims[] = {
    [DIM_REASON] = { "o.win_reason_id", "o.loss_reason_id", PLAIN, LIST_NAMES, LIST_ORDER },
    [DIM_PRODUCT] = { "l.product_id", "l.product_id", " JOIN opp_line l ON l.opp_id = o.id", "count(DISTINCT o.id)",
                      "sum(l.final)", " LEFT JOIN product n ON n.id = t.k", "n.code, '', n.name, n.name",
                      "n.id IS NULL, sum(t.wa) DESC, n.code" },
    [DIM_USER] = { "o.assigned_id", "o.assigned_id", PLAIN, " LEFT JOIN user n ON n.id = t.k",
                   "n.login, '', n.name, n.name", "n.id IS NULL, n.login" },
    [DIM_TYPE] = { "o.type_id", "o.type_id", PLAIN, LIST_NAMES, LIST_ORDER },
    [DIM_SOURCE] = { "o.source_id", "o.source_id", PLAIN, LIST_NAMES, LIST_ORDER },
    [DIM_STAGE] = { "o.stage_id", "o.stage_id", PLAIN, " LEFT JOIN stage n ON n.id = t.k",
                    "n.key, '', n.title_fa, n.title_en",
                    "n.id IS NULL, (SELECT position FROM subtype WHERE id = n.subtype_id), n.position" },
};

/* "SELECT t.k, <n's key, list, label_fa, label_en>" — columns 0–4 of
 * every grouped report. */
static void sql_names_head(struct sql *q, const struct dim *d)
{
    sql_add(q, "SELECT t.k, ");
    sql_add(q, d->cols);
}

/* Reads columns 0–4 (id, key, list, labels) of a grouped row; the group
 * without an id is "(none)".  *label is malloc'd. */
static bool read_names(const fs_session *s, sqlite3_stmt *st, int64_t *id, char *key, size_t nkey, char *list,
                       size_t nlist, char **label)
{
    *id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, key, nkey);
    if (list)
        copy_col(st, 2, list, nlist);
    const char *fa = (const char *)sqlite3_column_text(st, 3);
    const char *en = (const char *)sqlite3_column_text(st, 4);
    const char *l = s->lang_fa ? (fa && *fa ? fa : en) : (en && *en ? en : fa);
    if (sqlite3_column_type(st, 0) == SQLITE_NULL || !l) {
        *id = 0;
        key[0] = '\0';
        l = _("(none)");
    }
    *label = strdup(l);
    return *label != NULL;
}

/* Sum of the expected amounts, per opportunity rounded half up: the same
 * integers as fs_opp_expected_amount for the non-negative amounts stored. */
#define SUMS                                                                                                       \
    "count(*) AS c, coalesce(sum(o.final_amount), 0) AS f, "                                                     \
    "coalesce(sum((o.final_amount * o.probability + 50) / 100), 0) AS x"

/* ---- pipeline ------------------------------------------------------------------ */

/* The columns of one card, and the kind of its stage (for overdue). */
#define CARD_COLS                                                                                                  \
    "o.id, o.number, o.title, (SELECT name FROM identity WHERE id = o.identity_id), "                            \
    "(SELECT login FROM user WHERE id = o.assigned_id), o.stage_id, o.final_amount, o.probability, o.close_date, " \
    "CAST(julianday(:today) - julianday(date(o.created_at, 'localtime')) AS INTEGER), "                         \
    "(SELECT kind FROM stage WHERE id = o.stage_id)"

/* Fills a card from a row of CARD_COLS. */
static bool read_card(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    fs_pipeline_card *c = elem;
    c->id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, c->number, sizeof c->number);
    c->title = fs_col_strdup(st, 2);
    c->contact = fs_col_strdup(st, 3);
    copy_col(st, 4, c->assigned, sizeof c->assigned);
    c->stage_id = sqlite3_column_int64(st, 5);
    c->final_amount = sqlite3_column_int64(st, 6);
    c->probability = sqlite3_column_int(st, 7);
    c->expected_amount = fs_opp_expected_amount(c->final_amount, c->probability);
    copy_col(st, 8, c->close_date, sizeof c->close_date);
    c->age_days = sqlite3_column_int(st, 9);
    char today[11];
    iso_days_ago(s, 0, today);
    c->overdue = kind_of((const char *)sqlite3_column_text(st, 10)) == FS_STAGE_OPEN && c->close_date[0] &&
                 strcmp(c->close_date, today) < 0;
    return c->title && c->contact;
}

/* Frees n cards and the array. */
static void cards_free(fs_pipeline_card *v, int n)
{
    for (int i = 0; v && i < n; i++) {
        free(v[i].title);
        free(v[i].contact);
    }
    free(v);
}

void fs_pipeline_free(fs_pipeline *p)
{
    for (int i = 0; p && i < p->ncolumns; i++)
        cards_free(p->columns[i].cards, p->columns[i].ncards);
    if (p)
        free(p->columns);
}

/* Fills a column (no figures yet) from a stage row. */
static bool read_column(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    fs_pipeline_column *c = elem;
    c->stage_id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, c->key, sizeof c->key);
    copy_col(st, s->lang_fa ? 2 : 3, c->title, sizeof c->title);
    c->kind = kind_of((const char *)sqlite3_column_text(st, 4));
    return true;
}

struct pipeline_ctx {
    fs_session *s;
    fs_report_filter f;        /* subtype_id cleared: the board's is :board */
    int days, cards;
    fs_pipeline *out;
};

/* The final columns' window for the stage kind `kind` ("won"/"lost"). */
static void sql_window_part(struct sql *q, const fs_session *s, const fs_report_filter *f, const char *date_col,
                            const char *kind)
{
    char piece[512];
    snprintf(piece, sizeof piece,
             "SELECT o.stage_id, " SUMS " FROM opportunity o WHERE o.%s >= :since AND +o.stage_id IN "
             "(SELECT id FROM stage WHERE subtype_id = :board AND kind = '%s')",
             date_col, kind);
    sql_add(q, " UNION ALL ");
    sql_add(q, piece);
    sql_filter(q, s, f);
    sql_add(q, " GROUP BY +o.stage_id");
}

/* Count and sums of every column, in one statement. */
static int pipeline_sums(struct pipeline_ctx *c, fs_err *e)
{
    struct sql q = { .len = 0 };
    sql_add(&q, "SELECT o.stage_id, " SUMS " FROM opportunity o WHERE o.stage_id IN "
                "(SELECT id FROM stage WHERE subtype_id = :board");
    sql_add(&q, c->days ? " AND kind = 'open')" : ")");
    sql_filter(&q, c->s, &c->f);
    sql_add(&q, " GROUP BY o.stage_id");
    if (c->days) {
        sql_window_part(&q, c->s, &c->f, "won_at", "won");
        sql_window_part(&q, c->s, &c->f, "lost_at", "lost");
    }
    sqlite3_stmt *st = prepare(c->s, &q, &c->f, e);
    if (!st)
        return FS_ERUNTIME;
    bind_int(st, ":board", c->out->subtype_id);
    bind_str(st, ":since", c->out->since);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t stage = sqlite3_column_int64(st, 0);
        for (int i = 0; i < c->out->ncolumns; i++) {
            fs_pipeline_column *col = &c->out->columns[i];
            if (col->stage_id != stage)
                continue;
            col->count = sqlite3_column_int64(st, 1);
            col->sum_final = sqlite3_column_int64(st, 2);
            col->sum_expected = sqlite3_column_int64(st, 3);
            c->out->totals.count += col->count;
            c->out->totals.sum_final += col->sum_final;
            c->out->totals.sum_expected += col->sum_expected;
        }
    }
    return finish(c->s, st, rc, FS_OK, e);
}

/* The statement giving a column's first cards.  Open columns: by close
 * date (dated ones first) from the covering index.  Final columns: the
 * most recently won (lost) first, walking opportunity_won (_lost) from the
 * newest date down to the window's start (:since, "" without a window). */
static sqlite3_stmt *cards_stmt(struct pipeline_ctx *c, const char *date_col, fs_err *e)
{
    struct sql q = { .len = 0 };
    if (date_col) {
        char piece[256];
        snprintf(piece, sizeof piece, " FROM opportunity o WHERE o.%s >= :since AND +o.stage_id = :stage", date_col);
        sql_add(&q, "SELECT " CARD_COLS);
        sql_add(&q, piece);
        sql_filter(&q, c->s, &c->f);
        snprintf(piece, sizeof piece, " ORDER BY o.%s DESC, o.id DESC LIMIT :n", date_col);
        sql_add(&q, piece);
    } else {
        sql_add(&q, "SELECT * FROM (SELECT " CARD_COLS " FROM opportunity o WHERE o.stage_id = :stage "
                    "AND o.close_date IS NOT NULL");
        sql_filter(&q, c->s, &c->f);
        sql_add(&q, " ORDER BY o.close_date, o.id LIMIT :n) UNION ALL SELECT * FROM (SELECT " CARD_COLS
                    " FROM opportunity o WHERE o.stage_id = :stage AND o.close_date IS NULL");
        sql_filter(&q, c->s, &c->f);
        sql_add(&q, " ORDER BY o.id LIMIT :n) LIMIT :n");
    }
    sqlite3_stmt *st = prepare(c->s, &q, &c->f, e);
    if (st) {
        bind_str(st, ":since", c->out->since);
        bind_int(st, ":n", c->cards);
    }
    return st;
}

/* Reads the first cards of every column that holds any. */
static int pipeline_cards(struct pipeline_ctx *c, fs_err *e)
{
    /* 0: open columns; 1: won; 2: lost — prepared when needed. */
    sqlite3_stmt *sts[3] = { NULL, NULL, NULL };
    int status = FS_OK;
    for (int i = 0; status == FS_OK && i < c->out->ncolumns; i++) {
        fs_pipeline_column *col = &c->out->columns[i];
        int which = col->kind == FS_STAGE_OPEN ? 0 : col->kind == FS_STAGE_WON ? 1 : 2;
        if (!col->count)
            continue;
        if (!sts[which] && !(sts[which] = cards_stmt(c, which == 0 ? NULL : which == 1 ? "won_at" : "lost_at", e))) {
            status = FS_ERUNTIME;
            break;
        }
        sqlite3_stmt *st = sts[which];
        bind_int(st, ":stage", col->stage_id);
        status = fs_rows_read(c->s, st, (void **)&col->cards, &col->ncards, sizeof *col->cards, read_card,
                              _("reading the pipeline"), e);
    }
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(sts[i]);
    return status;
}

/* The board from one read snapshot: columns, their sums, their cards. */
static int pipeline_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct pipeline_ctx *c = vctx;
    fs_pipeline_free(c->out);
    c->out->columns = NULL;
    c->out->ncolumns = 0;
    memset(&c->out->totals, 0, sizeof c->out->totals);
    sqlite3_stmt *st = fs_db_stmt(db,
                                  "SELECT id, key, title_fa, title_en, kind FROM stage WHERE subtype_id = ?1 "
                                  "AND active = 1 AND deleted = 0 ORDER BY position, id",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->out->subtype_id);
    if (fs_rows_read(c->s, st, (void **)&c->out->columns, &c->out->ncolumns, sizeof *c->out->columns, read_column,
                     _("reading the pipeline"), e) != FS_OK ||
        pipeline_sums(c, e) != FS_OK)
        return e->code;
    return c->cards ? pipeline_cards(c, e) : FS_OK;
}

int fs_report_pipeline(fs_session *s, const fs_report_filter *f, int days, int cards, fs_pipeline *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    if (days < 0 || days > 36500)
        return fs_err_set(e, FS_EINVAL, "days", _("days: must be a whole number from 0 to 36500."));
    if (cards < 0 || cards > FS_PIPELINE_MAX_CARDS)
        return fs_err_set(e, FS_EINVAL, "cards", _("cards: must be a whole number from 0 to %d."),
                          FS_PIPELINE_MAX_CARDS);
    if ((f->from && *f->from) || (f->to && *f->to))
        return fs_err_set(e, FS_EINVAL, "from", _("from: the pipeline takes no period; use days for its final columns."));
    out->subtype_id = f->subtype_id;
    if (!out->subtype_id && fs_subtype_default(s, &out->subtype_id, e) != FS_OK)
        return e->code;
    fs_subtype sub;
    if (fs_subtype_get(s, out->subtype_id, &sub, e) != FS_OK)
        return e->code;
    out->days = days;
    if (days)
        iso_days_ago(s, days - 1, out->since);
    struct pipeline_ctx c = { s, *f, days, cards, out };
    c.f.subtype_id = 0;
    int rc = fs_db_read(s->db, pipeline_tx, &c, e);
    if (rc != FS_OK) {
        fs_pipeline_free(out);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

/* Finds the nearest active stage after (dir +1) or before (dir -1) the
 * opportunity's in its subtype's chain. */
int fs_report_pipeline_target(fs_session *s, int64_t opp_id, int dir, fs_stage *target, fs_err *e)
{
    if (dir != 1 && dir != -1)
        return fs_err_set(e, FS_EINVAL, "direction", _("direction: must be next or previous."));
    char idt[24];
    snprintf(idt, sizeof idt, "%lld", (long long)opp_id);
    int64_t found;
    if (fs_opp_find(s, idt, _("opportunity"), &found, e) != FS_OK)
        return e->code;
    /* The chain around the opportunity's stage: the nearest active stage
     * after it (or before it) by position. */
    sqlite3_stmt *st = fs_db_stmt(
        s->db,
        "SELECT n.id FROM opportunity o JOIN stage c ON c.id = o.stage_id JOIN stage n ON n.subtype_id = o.subtype_id "
        "AND n.active = 1 AND n.deleted = 0 AND ((?2 > 0 AND (n.position, n.id) > (c.position, c.id)) "
        "OR (?2 < 0 AND (n.position, n.id) < (c.position, c.id))) WHERE o.id = ?1 "
        "ORDER BY n.position * ?2, n.id * ?2 LIMIT 1",
        e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, found);
    sqlite3_bind_int(st, 2, dir);
    int rc = sqlite3_step(st);
    int64_t want = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("reading the pipeline"), e);
    if (!want)
        return fs_err_set(e, FS_EINVAL, "stage",
                          dir > 0 ? _("stage: the opportunity is already in the last stage of its pipeline.")
                                  : _("stage: the opportunity is already in the first stage of its pipeline."));
    return fs_stage_get(s, want, target, e);
}

int fs_report_pipeline_move(fs_session *s, int64_t opp_id, int dir, const char *reason, int64_t *stage_id,
                            fs_err *e)
{
    fs_stage target;
    if (fs_report_pipeline_target(s, opp_id, dir, &target, e) != FS_OK)
        return e->code;
    fs_opp o;
    if (fs_opp_load(s, opp_id, &o, e) != FS_OK)
        return e->code;
    int rc = fs_opp_set_stage(s, &o, target.id, reason, e);
    if (rc == FS_OK)
        rc = fs_opp_save(s, &o, e);
    if (rc == FS_OK && stage_id)
        *stage_id = o.stage_id;
    fs_opp_free(&o);
    return rc;
}

/* ---- forecast ------------------------------------------------------------------ */

void fs_report_rows_free(fs_report_row *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].label);
    free(v);
}

/* Months from Jalali (y1, m1) to (y2, m2), both counted. */
static int month_span(int y1, int m1, int y2, int m2)
{
    return (y2 - y1) * 12 + (m2 - m1) + 1;
}

/* The forecast period: f's dates, or the current Jalali month and the 11
 * after it (an open end is filled the same way from the other end). */
static int forecast_period(const fs_session *s, const fs_report_filter *f, char from[11], char to[11], fs_err *e)
{
    if (check_period(f, e) != FS_OK)
        return e->code;
    int y, m, d;
    fs_day a, b;
    if (f->from && *f->from) {
        fs_day_from_iso(f->from, &a);
    } else {
        fs_day_to_jalali(s->today, &y, &m, &d);
        if (fs_jalali_to_day(y, m, 1, "from", &a, e) != FS_OK)
            return e->code;
    }
    if (f->to && *f->to) {
        fs_day_from_iso(f->to, &b);
    } else {
        fs_day_to_jalali(a, &y, &m, &d);
        m += 11;
        y += (m - 1) / 12;
        m = (m - 1) % 12 + 1;
        if (fs_jalali_to_day(y, m, fs_jalali_month_days(y, m), "to", &b, e) != FS_OK)
            return e->code;
    }
    if (b < a)
        return fs_err_set(e, FS_EINVAL, "to", _("to: the end of the period may not be before its start."));
    int y2, m2;
    fs_day_to_jalali(a, &y, &m, &d);
    fs_day_to_jalali(b, &y2, &m2, &d);
    if (month_span(y, m, y2, m2) > 1200)
        return fs_err_set(e, FS_EINVAL, "to", _("to: a forecast covers at most 100 years."));
    fs_day_to_iso(a, from);
    fs_day_to_iso(b, to);
    return FS_OK;
}

/* One row per Jalali month of [from, to], empty. */
static int month_rows(const fs_session *s, const char *from, const char *to, fs_report_row **out, int *n, fs_err *e)
{
    fs_day a, b;
    int y, m, d, y2, m2;
    fs_day_from_iso(from, &a);
    fs_day_from_iso(to, &b);
    fs_day_to_jalali(a, &y, &m, &d);
    fs_day_to_jalali(b, &y2, &m2, &d);
    int count = month_span(y, m, y2, m2);
    *out = calloc((size_t)count, sizeof **out);
    if (!*out)
        return oom(e);
    for (*n = 0; *n < count; (*n)++) {
        fs_report_row *r = &(*out)[*n];
        snprintf(r->key, sizeof r->key, "%04d/%02d", y, m);
        char label[128];
        snprintf(label, sizeof label, "%s %d", fs_jalali_month_name(m, s->lang_fa), y);
        r->label = fs_text_local_digits(label, s->digits);
        if (!r->label)
            return oom(e);
        if (++m > 12) {
            m = 1;
            y++;
        }
    }
    return FS_OK;
}

/* Adds the sums per close date into the month rows. */
static int forecast_months(fs_session *s, const fs_report_filter *f, fs_report_row *rows, int n, fs_err *e)
{
    struct sql q = { .len = 0 };
    sql_add(&q, "SELECT o.close_date, " SUMS " FROM opportunity o WHERE o.stage_id IN "
                "(SELECT id FROM stage WHERE kind = 'open') AND o.close_date BETWEEN :from AND :to");
    sql_filter(&q, s, f);
    sql_add(&q, " GROUP BY +o.close_date");
    sqlite3_stmt *st = prepare(s, &q, f, e);
    if (!st)
        return FS_ERUNTIME;
    int y0, m0, y, m, d, rc;
    fs_day day;
    fs_day_from_iso(f->from, &day);
    fs_day_to_jalali(day, &y0, &m0, &d);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (fs_day_from_iso((const char *)sqlite3_column_text(st, 0), &day) != FS_OK)
            continue;
        fs_day_to_jalali(day, &y, &m, &d);
        int i = month_span(y0, m0, y, m) - 1;
        if (i < 0 || i >= n)
            continue;
        rows[i].count += sqlite3_column_int64(st, 1);
        rows[i].sum_final += sqlite3_column_int64(st, 2);
        rows[i].sum_expected += sqlite3_column_int64(st, 3);
    }
    return finish(s, st, rc, FS_OK, e);
}

/* The sums grouped by user or stage, named and ordered by dims[]. */
static int forecast_grouped(fs_session *s, const fs_report_filter *f, const struct dim *d, fs_report_row **out,
                            int *n, fs_err *e)
{
    struct sql q = { .len = 0 };
    sql_names_head(&q, d);
    sql_add(&q, ", t.c, t.f, t.x FROM (SELECT ");
    sql_add(&q, d->k_won);
    sql_add(&q, " AS k, " SUMS " FROM opportunity o WHERE o.stage_id IN (SELECT id FROM stage WHERE kind = 'open') "
                "AND o.close_date BETWEEN :from AND :to");
    sql_filter(&q, s, f);
    sql_add(&q, " GROUP BY +");
    sql_add(&q, d->k_won);
    sql_add(&q, ") t");
    sql_add(&q, d->names);
    sql_add(&q, " ORDER BY ");
    sql_add(&q, d->order);
    sqlite3_stmt *st = prepare(s, &q, f, e);
    if (!st)
        return FS_ERUNTIME;
    int rc, cap = 0, status = FS_OK;
    while (status == FS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (reserve((void **)out, &cap, *n, sizeof **out) != 0) {
            status = oom(e);
            break;
        }
        fs_report_row *r = &(*out)[(*n)++];
        if (!read_names(s, st, &r->id, r->key, sizeof r->key, NULL, 0, &r->label))
            status = oom(e);
        r->count = sqlite3_column_int64(st, 5);
        r->sum_final = sqlite3_column_int64(st, 6);
        r->sum_expected = sqlite3_column_int64(st, 7);
    }
    return finish(s, st, rc, status, e);
}

int fs_report_forecast(fs_session *s, const fs_report_filter *f, enum fs_forecast_by by, fs_report_row **out,
                       int *n, fs_report_totals *totals, fs_err *e)
{
    *out = NULL;
    *n = 0;
    if (totals)
        memset(totals, 0, sizeof *totals);
    char from[11], to[11];
    if (forecast_period(s, f, from, to, e) != FS_OK)
        return e->code;
    fs_report_filter g = *f;
    g.from = from;
    g.to = to;
    int rc;
    if (by == FS_FORECAST_MONTH) {
        rc = month_rows(s, from, to, out, n, e);
        if (rc == FS_OK)
            rc = forecast_months(s, &g, *out, *n, e);
    } else {
        rc = forecast_grouped(s, &g, &dims[by == FS_FORECAST_USER ? DIM_USER : DIM_STAGE], out, n, e);
    }
    if (rc != FS_OK) {
        fs_report_rows_free(*out, *n);
        *out = NULL;
        *n = 0;
        return rc;
    }
    for (int i = 0; totals && i < *n; i++) {
        totals->count += (*out)[i].count;
        totals->sum_final += (*out)[i].sum_final;
        totals->sum_expected += (*out)[i].sum_expected;
    }
    return FS_OK;
}

/* ---- won / lost ---------------------------------------------------------------- */

void fs_wonlost_rows_free(fs_wonlost_row *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].label);
    free(v);
}

/* One side of the won/lost union: the opportunities won (or lost) in the
 * period, grouped by d. */
static void sql_wonlost_part(struct sql *q, const fs_session *s, const fs_report_filter *f, const struct dim *d,
                             bool won)
{
    sql_add(q, "SELECT ");
    sql_add(q, won ? d->k_won : d->k_lost);
    sql_add(q, " AS k, ");
    if (!won)
        sql_add(q, "0, 0, ");
    sql_add(q, d->count);
    sql_add(q, won ? " AS w, " : ", ");
    sql_add(q, d->amount);
    sql_add(q, won ? " AS wa, 0 AS l, 0 AS la FROM opportunity o" : " FROM opportunity o");
    sql_add(q, d->join);
    sql_period(q, f, won ? "won_at" : "lost_at");
    sql_filter(q, s, f);
    /* "+": grouping through an index on the key would trade one sort for
     * a row lookup per opportunity. */
    sql_add(q, " GROUP BY +");
    sql_add(q, won ? d->k_won : d->k_lost);
}

int fs_report_won_lost(fs_session *s, const fs_report_filter *f, enum fs_wonlost_by by, fs_wonlost_row **out,
                       int *n, fs_err *e)
{
    static const enum dim_id map[] = {
        [FS_WONLOST_REASON] = DIM_REASON, [FS_WONLOST_PRODUCT] = DIM_PRODUCT, [FS_WONLOST_USER] = DIM_USER,
        [FS_WONLOST_TYPE] = DIM_TYPE,     [FS_WONLOST_SOURCE] = DIM_SOURCE,
    };
    *out = NULL;
    *n = 0;
    if (check_period(f, e) != FS_OK)
        return e->code;
    const struct dim *d = &dims[map[by]];
    struct sql q = { .len = 0 };
    sql_names_head(&q, d);
    sql_add(&q, ", sum(t.w), sum(t.wa), sum(t.l), sum(t.la) FROM (");
    sql_wonlost_part(&q, s, f, d, true);
    sql_add(&q, " UNION ALL ");
    sql_wonlost_part(&q, s, f, d, false);
    sql_add(&q, ") t");
    sql_add(&q, d->names);
    sql_add(&q, " GROUP BY t.k ORDER BY ");
    sql_add(&q, d->order);
    sqlite3_stmt *st = prepare(s, &q, f, e);
    if (!st)
        return FS_ERUNTIME;
    int rc, cap = 0, status = FS_OK;
    while (status == FS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (reserve((void **)out, &cap, *n, sizeof **out) != 0) {
            status = oom(e);
            break;
        }
        fs_wonlost_row *r = &(*out)[(*n)++];
        if (!read_names(s, st, &r->id, r->key, sizeof r->key, r->list, sizeof r->list, &r->label))
            status = oom(e);
        if (by != FS_WONLOST_REASON || !r->id)
            r->list[0] = '\0';
        r->won_count = sqlite3_column_int64(st, 5);
        r->won_amount = sqlite3_column_int64(st, 6);
        r->lost_count = sqlite3_column_int64(st, 7);
        r->lost_amount = sqlite3_column_int64(st, 8);
    }
    status = finish(s, st, rc, status, e);
    if (status != FS_OK) {
        fs_wonlost_rows_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

int fs_report_won_lost_recent(fs_session *s, const fs_report_filter *f, fs_wonlost_recent out[FS_RECENT_WINDOWS],
                              fs_err *e)
{
    static const int windows[FS_RECENT_WINDOWS] = { 1, 7, 30, 90 };
    memset(out, 0, sizeof *out * FS_RECENT_WINDOWS);
    fs_report_filter g = *f;
    g.from = g.to = NULL;
    struct sql q = { .len = 0 };
    for (int side = 0; side < 2; side++) {
        const char *col = side == 0 ? "o.won_at" : "o.lost_at";
        char piece[256];
        sql_add(&q, side == 0 ? "SELECT " : " UNION ALL SELECT ");
        for (int i = 0; i < FS_RECENT_WINDOWS; i++) {
            snprintf(piece, sizeof piece, "%scoalesce(sum(%s >= :d%d), 0), "
                     "coalesce(sum(CASE WHEN %s >= :d%d THEN o.final_amount ELSE 0 END), 0)",
                     i ? ", " : "", col, i, col, i);
            sql_add(&q, piece);
        }
        snprintf(piece, sizeof piece, " FROM opportunity o WHERE %s BETWEEN :d%d AND :today", col,
                 FS_RECENT_WINDOWS - 1);
        sql_add(&q, piece);
        sql_filter(&q, s, &g);
    }
    sqlite3_stmt *st = prepare(s, &q, &g, e);
    if (!st)
        return FS_ERUNTIME;
    for (int i = 0; i < FS_RECENT_WINDOWS; i++) {
        char name[8], iso[11];
        snprintf(name, sizeof name, ":d%d", i);
        iso_days_ago(s, windows[i] - 1, iso);
        bind_str(st, name, iso);
        out[i].days = windows[i];
    }
    int rc;
    for (int side = 0; side < 2 && (rc = sqlite3_step(st)) == SQLITE_ROW; side++)
        for (int i = 0; i < FS_RECENT_WINDOWS; i++) {
            int64_t count = sqlite3_column_int64(st, 2 * i), amount = sqlite3_column_int64(st, 2 * i + 1);
            if (side == 0) {
                out[i].won_count = count;
                out[i].won_amount = amount;
            } else {
                out[i].lost_count = count;
                out[i].lost_amount = amount;
            }
        }
    return finish(s, st, rc, FS_OK, e);
}

/* ---- cycle time ---------------------------------------------------------------- */

void fs_cycle_rows_free(fs_cycle_row *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].label);
    free(v);
}

/* a / b (b > 0) rounded half away from zero: the rule of money.h. */
static int64_t div_round(int64_t a, int64_t b)
{
    return a >= 0 ? (2 * a + b) / (2 * b) : -((-2 * a + b) / (2 * b));
}

/* Count, average, median, min and max of n sorted day counts. */
static void cycle_stats(const int64_t *v, int64_t n, fs_cycle_row *r)
{
    r->count = n;
    if (!n)
        return;
    int64_t sum = 0;
    for (int64_t i = 0; i < n; i++)
        sum += v[i];
    r->avg_x10 = div_round(sum * 10, n);
    r->median_x10 = n % 2 ? v[n / 2] * 10 : (v[n / 2 - 1] + v[n / 2]) * 5;
    r->min_days = v[0];
    r->max_days = v[n - 1];
}

/* qsort order of int64_t values. */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int fs_report_cycle(fs_session *s, const fs_report_filter *f, enum fs_cycle_by by, fs_cycle_row **out, int *n,
                    fs_cycle_row *all, fs_err *e)
{
    static const enum dim_id map[] = {
        [FS_CYCLE_TYPE] = DIM_TYPE, [FS_CYCLE_SOURCE] = DIM_SOURCE, [FS_CYCLE_USER] = DIM_USER,
    };
    *out = NULL;
    *n = 0;
    memset(all, 0, sizeof *all);
    if (check_period(f, e) != FS_OK)
        return e->code;
    const struct dim *d = &dims[map[by]];
    struct sql q = { .len = 0 };
    sql_names_head(&q, d);
    sql_add(&q, ", t.d FROM (SELECT ");
    sql_add(&q, d->k_won);
    sql_add(&q, " AS k, CAST(julianday(o.won_at) - julianday(date(o.created_at, 'localtime')) AS INTEGER) AS d "
                "FROM opportunity o");
    sql_period(&q, f, "won_at");
    sql_filter(&q, s, f);
    sql_add(&q, ") t");
    sql_add(&q, d->names);
    sql_add(&q, " ORDER BY ");
    sql_add(&q, d->order);
    sql_add(&q, ", t.k, t.d");
    sqlite3_stmt *st = prepare(s, &q, f, e);
    if (!st)
        return FS_ERUNTIME;
    /* Days of every row in group order, each group sorted by the query;
     * a group's figures are taken when the next group starts. */
    int64_t *days = NULL, nd = 0, capd = 0, start = 0;
    int rc, cap = 0, status = FS_OK;
    while (status == FS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        bool is_null = sqlite3_column_type(st, 0) == SQLITE_NULL;
        int64_t k = sqlite3_column_int64(st, 0);
        bool same = *n > 0 && (*out)[*n - 1].id == (is_null ? 0 : k);
        if (!same) {
            if (*n)
                cycle_stats(days + start, nd - start, &(*out)[*n - 1]);
            start = nd;
            if (reserve((void **)out, &cap, *n, sizeof **out) != 0) {
                status = oom(e);
                break;
            }
            fs_cycle_row *r = &(*out)[(*n)++];
            if (!read_names(s, st, &r->id, r->key, sizeof r->key, NULL, 0, &r->label))
                status = oom(e);
        }
        if (nd == capd) {
            capd = capd ? capd * 2 : 256;
            int64_t *v = realloc(days, (size_t)capd * sizeof *v);
            if (!v) {
                status = oom(e);
                break;
            }
            days = v;
        }
        days[nd++] = sqlite3_column_int64(st, 5);
    }
    status = finish(s, st, rc, status, e);
    /* No won opportunity at all leaves days NULL: nothing to sort. */
    if (status == FS_OK && *n && nd > start)
        cycle_stats(days + start, nd - start, &(*out)[*n - 1]);
    if (status == FS_OK && nd) {
        qsort(days, (size_t)nd, sizeof *days, cmp_i64);
        cycle_stats(days, nd, all);
    }
    free(days);
    if (status != FS_OK) {
        fs_cycle_rows_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

/* ---- campaigns ----------------------------------------------------------------- */

void fs_campaign_rows_free(fs_campaign_row *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].name);
    free(v);
}

/* Fills a campaign row from the campaign query. */
static bool read_campaign(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    fs_campaign_row *r = elem;
    r->id = sqlite3_column_int64(st, 0);
    r->name = fs_col_strdup(st, 1);
    r->active = sqlite3_column_int(st, 2) != 0;
    int64_t *v[] = { &r->opportunities, &r->won, &r->sum_final, &r->proformas, &r->invoices, &r->realized };
    for (int i = 0; i < 6; i++)
        *v[i] = sqlite3_column_int64(st, 3 + i);
    return r->name != NULL;
}

int fs_report_campaigns(fs_session *s, const fs_report_filter *f, fs_campaign_row **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    struct sql q = { .len = 0 };
    sql_add(&q, "SELECT c.id, c.name, c.active, coalesce(a.n, 0), coalesce(a.won, 0), coalesce(a.fin, 0), "
                "coalesce(b.pro, 0), coalesce(b.inv, 0), coalesce(b.realized, 0) FROM campaign c "
                "LEFT JOIN (SELECT o.campaign_id AS cid, count(*) AS n, sum(o.won_at IS NOT NULL) AS won, "
                "sum(o.final_amount) AS fin FROM opportunity o WHERE o.campaign_id IS NOT NULL");
    sql_filter(&q, s, f);
    sql_add(&q, " GROUP BY o.campaign_id) a ON a.cid = c.id "
                "LEFT JOIN (SELECT o.campaign_id AS cid, sum(d.kind = 'proforma') AS pro, sum(d.kind = 'invoice') AS inv, "
                "sum(CASE WHEN d.kind = 'invoice' THEN d.final ELSE 0 END) AS realized "
                /* From the campaigns' opportunities to their documents
                 * (CROSS JOIN keeps that order), not from every document. */
                "FROM opportunity o CROSS JOIN document d ON d.opp_id = o.id AND d.status = 'approved' "
                "WHERE d.kind IN ('proforma', 'invoice') AND o.campaign_id IS NOT NULL");
    sql_filter(&q, s, f);
    sql_add(&q, " GROUP BY o.campaign_id) b ON b.cid = c.id");
    if (f->campaign_id)
        sql_add(&q, " WHERE c.id = :campaign");
    sql_add(&q, " ORDER BY c.id");
    sqlite3_stmt *st = prepare(s, &q, f, e);
    if (!st)
        return FS_ERUNTIME;
    int status = fs_rows_read(s, st, (void **)out, n, sizeof **out, read_campaign, _("reading the campaigns"), e);
    sqlite3_finalize(st);
    if (status != FS_OK) {
        fs_campaign_rows_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

/* ---- the opportunity report -------------------------------------------------------- */

int fs_report_opp_export(fs_session *s, const fs_opp_filter *f, fs_report_opp_fn fn, void *ctx,
                         fs_report_totals *totals, fs_err *e)
{
    if (fs_require(s, FS_PERM_EXPORT, e) != FS_OK)
        return e->code;
    fs_opp_filter g = *f;
    g.after = 0;
    g.limit = 1000;
    g.totals = true;
    for (;;) {
        fs_opp_page pg;
        if (fs_opp_list(s, &g, &pg, e) != FS_OK)
            return e->code;
        if (g.totals && totals) {
            totals->count = pg.count;
            totals->sum_final = pg.sum_final;
            totals->sum_expected = pg.sum_expected;
        }
        int stop = 0;
        for (int i = 0; !stop && i < pg.n; i++)
            stop = fn(ctx, &pg.rows[i]);
        bool more = pg.more;
        g.after = pg.next_after;
        fs_opp_page_free(&pg);
        if (stop)
            return stop;
        if (!more)
            return FS_OK;
        g.totals = false;
    }
}

/* ---- morning --------------------------------------------------------------------- */

void fs_morning_free(fs_morning_view *m)
{
    if (!m)
        return;
    cards_free(m->overdue, m->noverdue);
    fs_followup_list_free(m->due, m->ndue);
    memset(m, 0, sizeof *m);
}

/* Through opportunity_assigned_close (schema 7): the user's opportunities
 * by close date, so the first page is the index's first rows, not every
 * overdue one of the company ("+" keeps the other indexes out). */
#define OVERDUE_WHERE                                                                                             \
    " FROM opportunity o WHERE o.assigned_id = :me AND +o.close_date < :today "                                   \
    "AND +o.stage_id IN (SELECT id FROM stage WHERE kind = 'open')"

int fs_morning(fs_session *s, int limit, fs_morning_view *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    if (limit <= 0 || limit > 10000)
        limit = 100;
    const fs_report_filter none = { 0 };
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT " CARD_COLS OVERDUE_WHERE " ORDER BY o.close_date, o.id LIMIT :n", e);
    if (!st)
        return FS_ERUNTIME;
    bind_filter(st, s, &none);
    bind_int(st, ":n", limit);
    int rc = fs_rows_read(s, st, (void **)&out->overdue, &out->noverdue, sizeof *out->overdue, read_card,
                          _("reading your overdue opportunities"), e);
    /* The count from opp_due_count (schema 7), kept by triggers: the same
     * opportunities as OVERDUE_WHERE without reading each of them. */
    if (rc == FS_OK && (st = fs_db_stmt(s->db,
                                        "SELECT coalesce(sum(n), 0) FROM opp_due_count WHERE assigned_id = :me "
                                        "AND stage_id IN (SELECT id FROM stage WHERE kind = 'open') "
                                        "AND close_date <> '' AND close_date < :today", e)) != NULL) {
        bind_filter(st, s, &none);
        out->overdue_count = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
    } else if (rc == FS_OK) {
        rc = FS_ERUNTIME;
    }
    if (rc == FS_OK) {
        fs_followup_filter ff;
        fs_followup_filter_init(&ff);
        ff.limit = limit;
        rc = fs_followup_list(s, &ff, &out->due, &out->ndue, e);
    }
    if (rc != FS_OK)
        fs_morning_free(out);
    return rc;
}
