/* opportunity.c — the opportunity form: load, validate, save (see
 * opportunity.h and docs/OPPORTUNITY.md). */
#include "opportunity.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "i18n.h"
#include "jdate.h"
#include "lookup.h"
#include "money.h"
#include "rows.h"
#include "text.h"

#define MAX_LINES 1000
#define MAX_COMPETITORS 100
#define NAME_MAX_CHARS 200
#define NOTE_MAX_CHARS 1000

/* Returned by the save transaction when the form equals what is stored:
 * the transaction is rolled back and the save reports success, so a save
 * without changes neither bumps the version nor writes history. */
#define SAVE_UNCHANGED 100

/* ---- small helpers ------------------------------------------------------ */

static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

int fs_opp_set_text(char **slot, const char *v, fs_err *e)
{
    char *copy = NULL;
    if (v && !(copy = strdup(v)))
        return oom(e);
    free(*slot);
    *slot = copy;
    return FS_OK;
}

static void copy_col(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* Fills a display reference from a key column (or -1) and the fa/en label
 * columns (en_col -1: one label column for both languages). */
static void ref_set(fs_opp_ref *r, sqlite3_stmt *st, int key_col, int fa_col, int en_col, bool fa)
{
    r->key[0] = '\0';
    if (key_col >= 0)
        copy_col(st, key_col, r->key, sizeof r->key);
    copy_col(st, en_col < 0 || fa ? fa_col : en_col, r->label, sizeof r->label);
}

/* The local date of a stored UTC timestamp "YYYY-MM-DDTHH:MM:SSZ". */
static fs_day local_day_of(const char *ts, fs_day fallback)
{
    int y, mo, d, h, mi, sec;
    if (!ts || sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &sec) != 6)
        return fallback;
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    struct tm lt;
    fs_day day;
    if (!localtime_r(&t, &lt) || fs_greg_to_day(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday, "", &day, NULL) != FS_OK)
        return fallback;
    return day;
}

int64_t fs_opp_expected_amount(int64_t final_amount, int probability)
{
    int64_t v = 0;
    if (fs_money_percent(final_amount, (int64_t)probability * 100, &v) != FS_OK)
        return 0;
    return v;
}

/* True when the acting user may see an opportunity with these owners. */
static bool can_see(const fs_session *s, int64_t created_by, int64_t assigned_id)
{
    return fs_can(s, FS_PERM_VIEW_ALL) || created_by == s->user_id || assigned_id == s->user_id;
}

static int not_found(const char *what, fs_err *e)
{
    return fs_err_set(e, FS_ECONFLICT, "opportunity", _("opportunity %s: not found."), what);
}

/* ---- freeing ------------------------------------------------------------ */

static void free_lines(fs_opp_line *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].description);
    }
    free(v);
}

static void free_competitors(fs_opp_competitor *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].note);
    }
    free(v);
}

static void free_values(fs_opp_value *v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i].value);
    free(v);
}

void fs_opp_free(fs_opp *o)
{
    if (!o)
        return;
    free(o->title);
    free_lines(o->lines, o->nlines);
    free_competitors(o->competitors, o->ncompetitors);
    free_values(o->values, o->nvalues);
    memset(o, 0, sizeof *o);
}

/* Grows an array of n elements of size sz by one zeroed element. */
static void *grow(void *v, int n, size_t sz)
{
    char *p = realloc(v, (size_t)(n + 1) * sz);
    if (p)
        memset(p + (size_t)n * sz, 0, sz);
    return p;
}

/* ---- loading ------------------------------------------------------------ */

#define OPP_SELECT                                                                                          \
    "SELECT o.id, o.number, o.version, o.identity_id, o.subtype_id, o.stage_id, o.title, o.type_id, "     \
    "o.assigned_id, o.source_id, o.campaign_id, o.close_date, o.final_amount, o.amount_manual, "          \
    "o.probability, o.win_reason_id, o.loss_reason_id, o.purchase_process_id, o.important, o.won_at, "    \
    "o.lost_at, o.stage_changed_at, o.created_at, o.updated_at, o.created_by, o.updated_by "              \
    "FROM opportunity o WHERE o.id = ?1"

static enum fs_stage_kind kind_of(const char *k)
{
    return k && strcmp(k, "won") == 0 ? FS_STAGE_WON : k && strcmp(k, "lost") == 0 ? FS_STAGE_LOST : FS_STAGE_OPEN;
}

/* Reads the header row of an opportunity into o (which must be zeroed). */
static int load_header(fs_session *s, int64_t id, fs_opp *o, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, OPP_SELECT, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return fs_db_fail(s->db, _("reading the opportunity"), e);
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, id);
        return not_found(idt, e);
    }
    o->id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, o->number, sizeof o->number);
    o->version = sqlite3_column_int64(st, 2);
    o->identity_id = sqlite3_column_int64(st, 3);
    o->subtype_id = sqlite3_column_int64(st, 4);
    o->stage_id = sqlite3_column_int64(st, 5);
    o->title = fs_col_strdup(st, 6);
    o->type_id = sqlite3_column_int64(st, 7);
    o->assigned_id = sqlite3_column_int64(st, 8);
    o->source_id = sqlite3_column_int64(st, 9);
    o->campaign_id = sqlite3_column_int64(st, 10);
    copy_col(st, 11, o->close_date, sizeof o->close_date);
    o->final_amount = sqlite3_column_int64(st, 12);
    o->amount_manual = sqlite3_column_int(st, 13) != 0;
    o->probability = sqlite3_column_int(st, 14);
    o->win_reason_id = sqlite3_column_int64(st, 15);
    o->loss_reason_id = sqlite3_column_int64(st, 16);
    o->purchase_process_id = sqlite3_column_int64(st, 17);
    o->important = sqlite3_column_int(st, 18) != 0;
    copy_col(st, 19, o->won_at, sizeof o->won_at);
    copy_col(st, 20, o->lost_at, sizeof o->lost_at);
    copy_col(st, 21, o->stage_changed_at, sizeof o->stage_changed_at);
    copy_col(st, 22, o->created_at, sizeof o->created_at);
    copy_col(st, 23, o->updated_at, sizeof o->updated_at);
    o->created_by = sqlite3_column_int64(st, 24);
    o->updated_by = sqlite3_column_int64(st, 25);
    sqlite3_reset(st);
    if (!o->title)
        return oom(e);
    return fs_opp_names(s, o, e);
}

int fs_opp_names(fs_session *s, fs_opp *o, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT i.name, sb.key, sb.title_fa, sb.title_en, sg.key, sg.title_fa, sg.title_en, sg.kind, "
        "ty.key, ty.label_fa, ty.label_en, so.key, so.label_fa, so.label_en, ca.name, "
        "wr.key, wr.label_fa, wr.label_en, lr.key, lr.label_fa, lr.label_en, pp.key, pp.label_fa, pp.label_en, "
        "ua.login, ua.name, uc.login, uc.name, uu.login, uu.name "
        "FROM (SELECT ?1 AS identity_id, ?2 AS subtype_id, ?3 AS stage_id, ?4 AS type_id, ?5 AS source_id, "
        "?6 AS campaign_id, ?7 AS win_reason_id, ?8 AS loss_reason_id, ?9 AS purchase_process_id, "
        "?10 AS assigned_id, ?11 AS created_by, ?12 AS updated_by) o "
        "LEFT JOIN identity i ON i.id = o.identity_id LEFT JOIN subtype sb ON sb.id = o.subtype_id "
        "LEFT JOIN stage sg ON sg.id = o.stage_id LEFT JOIN list_item ty ON ty.id = o.type_id "
        "LEFT JOIN list_item so ON so.id = o.source_id LEFT JOIN campaign ca ON ca.id = o.campaign_id "
        "LEFT JOIN list_item wr ON wr.id = o.win_reason_id LEFT JOIN list_item lr ON lr.id = o.loss_reason_id "
        "LEFT JOIN list_item pp ON pp.id = o.purchase_process_id LEFT JOIN user ua ON ua.id = o.assigned_id "
        "LEFT JOIN user uc ON uc.id = o.created_by LEFT JOIN user uu ON uu.id = o.updated_by", e);
    if (!st)
        return FS_ERUNTIME;
    const int64_t ids[12] = { o->identity_id, o->subtype_id, o->stage_id, o->type_id, o->source_id, o->campaign_id,
                              o->win_reason_id, o->loss_reason_id, o->purchase_process_id, o->assigned_id,
                              o->created_by, o->updated_by };
    for (int i = 0; i < 12; i++)
        sqlite3_bind_int64(st, i + 1, ids[i]);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_db_fail(s->db, _("reading the opportunity's names"), e);
    }
    bool fa = s->lang_fa;
    ref_set(&o->names.contact, st, -1, 0, -1, fa);
    ref_set(&o->names.subtype, st, 1, 2, 3, fa);
    ref_set(&o->names.stage, st, 4, 5, 6, fa);
    o->names.stage_kind = kind_of((const char *)sqlite3_column_text(st, 7));
    ref_set(&o->names.type, st, 8, 9, 10, fa);
    ref_set(&o->names.source, st, 11, 12, 13, fa);
    ref_set(&o->names.campaign, st, -1, 14, -1, fa);
    ref_set(&o->names.win_reason, st, 15, 16, 17, fa);
    ref_set(&o->names.loss_reason, st, 18, 19, 20, fa);
    ref_set(&o->names.purchase_process, st, 21, 22, 23, fa);
    ref_set(&o->names.assigned, st, 24, 25, -1, fa);
    ref_set(&o->names.created_by, st, 26, 27, -1, fa);
    ref_set(&o->names.updated_by, st, 28, 29, -1, fa);
    sqlite3_reset(st);
    return FS_OK;
}

static bool read_line(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    fs_opp_line *l = elem;
    l->id = sqlite3_column_int64(st, 0);
    l->product_id = sqlite3_column_int64(st, 1);
    l->name = fs_col_strdup(st, 2);
    l->qty = sqlite3_column_int64(st, 3);
    l->has_price = true;
    l->unit_price = sqlite3_column_int64(st, 4);
    l->discount_by = FS_DISCOUNT_KEEP;
    l->discount_bp = sqlite3_column_int64(st, 5);
    l->discount = sqlite3_column_int64(st, 6);
    l->total = sqlite3_column_int64(st, 7);
    l->final = sqlite3_column_int64(st, 8);
    l->description = fs_col_strdup(st, 9);
    copy_col(st, 10, l->product_code, sizeof l->product_code);
    copy_col(st, s->lang_fa ? 11 : 12, l->unit, sizeof l->unit);
    return l->name && l->description;
}

static bool read_competitor(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    fs_opp_competitor *c = elem;
    c->id = sqlite3_column_int64(st, 0);
    c->identity_id = sqlite3_column_int64(st, 1);
    c->name = fs_col_strdup(st, 2);
    c->note = fs_col_strdup(st, 3);
    return c->name && c->note;
}

static bool read_value(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    fs_opp_value *x = elem;
    x->field_id = sqlite3_column_int64(st, 0);
    x->value = fs_col_strdup(st, 1);
    copy_col(st, 2, x->key, sizeof x->key);
    copy_col(st, s->lang_fa ? 3 : 4, x->label, sizeof x->label);
    fs_custom_field_type_parse((const char *)sqlite3_column_text(st, 5), "type", &x->type, NULL);
    return x->value != NULL;
}

/* Runs a query on the opportunity's id (?1) and appends its rows. */
static int load_part(fs_session *s, const char *sql, int64_t id, void **arr, int *n, size_t sz, fs_row_fn read,
                     const char *what, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    return fs_rows_read(s, st, arr, n, sz, read, what, e);
}

/* Reads the product lines, competitors and custom values of o->id. */
static int load_parts(fs_session *s, fs_opp *o, fs_err *e)
{
    if (load_part(s,
                  "SELECT l.id, l.product_id, l.name, l.qty, l.unit_price, l.discount_bp, l.discount, l.total, "
                  "l.final, l.description, p.code, u.label_fa, u.label_en FROM opp_line l "
                  "JOIN product p ON p.id = l.product_id LEFT JOIN list_item u ON u.id = p.unit_id "
                  "WHERE l.opp_id = ?1 ORDER BY l.position, l.id",
                  o->id, (void **)&o->lines, &o->nlines, sizeof *o->lines, read_line,
                  _("reading the opportunity's products"), e) != FS_OK ||
        load_part(s, "SELECT id, identity_id, name, note FROM opp_competitor WHERE opp_id = ?1 ORDER BY id", o->id,
                  (void **)&o->competitors, &o->ncompetitors, sizeof *o->competitors, read_competitor,
                  _("reading the opportunity's competitors"), e) != FS_OK ||
        load_part(s,
                  "SELECT v.field_id, v.value, f.key, f.label_fa, f.label_en, f.type "
                  "FROM opp_field_value v JOIN custom_field f ON f.id = v.field_id "
                  "WHERE v.opp_id = ?1 ORDER BY f.position, f.id",
                  o->id, (void **)&o->values, &o->nvalues, sizeof *o->values, read_value,
                  _("reading the opportunity's custom fields"), e) != FS_OK)
        return FS_ERUNTIME;
    return FS_OK;
}

/* Fills the derived values of a loaded opportunity. */
static void derive(const fs_session *s, fs_opp *o)
{
    o->expected_amount = fs_opp_expected_amount(o->final_amount, o->probability);
    fs_day created = local_day_of(o->created_at, s->today);
    o->age_days = (int)(s->today - created);
    o->days_in_stage = (int)(s->today - local_day_of(o->stage_changed_at, s->today));
    fs_day closed;
    const char *at = o->won_at[0] ? o->won_at : o->lost_at;
    o->days_to_close = at[0] && fs_day_from_iso(at, &closed) == FS_OK ? (int)(closed - created) : -1;
}

/* Loads everything without a transaction of its own and without the
 * visibility check (callers inside transactions use it). */
static int load_in(fs_session *s, int64_t id, fs_opp *o, fs_err *e)
{
    memset(o, 0, sizeof *o);
    int rc = load_header(s, id, o, e);
    if (rc == FS_OK)
        rc = load_parts(s, o, e);
    if (rc != FS_OK) {
        fs_opp_free(o);
        return rc;
    }
    derive(s, o);
    return FS_OK;
}

struct load_ctx {
    fs_session *s;
    int64_t id;
    fs_opp *o;
};

static int load_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct load_ctx *c = vctx;
    fs_opp_free(c->o);
    if (load_in(c->s, c->id, c->o, e) != FS_OK)
        return e->code;
    if (!can_see(c->s, c->o->created_by, c->o->assigned_id)) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, c->id);
        fs_opp_free(c->o);
        return not_found(idt, e);
    }
    return FS_OK;
}

int fs_opp_load(fs_session *s, int64_t id, fs_opp *o, fs_err *e)
{
    memset(o, 0, sizeof *o);
    struct load_ctx c = { s, id, o };
    /* One read transaction: the header, lines and values are one snapshot. */
    return fs_db_read(s->db, load_tx, &c, e);
}

int fs_opp_new(fs_session *s, fs_opp *o, fs_err *e)
{
    memset(o, 0, sizeof *o);
    if (fs_subtype_default(s, &o->subtype_id, e) != FS_OK || fs_stage_first(s, o->subtype_id, &o->stage_id, e) != FS_OK)
        return e->code;
    o->assigned_id = s->user_id;
    return fs_opp_names(s, o, e);
}

int fs_opp_find(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    char *latin = fs_text_latin_digits(text ? text : "");
    if (!latin)
        return oom(e);
    /* Trim and upper-case, so " opp-1405-000001" is found too. */
    char *b = latin;
    while (isspace((unsigned char)*b))
        b++;
    size_t n = strlen(b);
    while (n && isspace((unsigned char)b[n - 1]))
        b[--n] = '\0';
    for (char *p = b; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    int64_t want = 0;
    sqlite3_stmt *st;
    if (fs_parse_id(b, field, &want, NULL) == FS_OK)
        st = fs_db_stmt(s->db, "SELECT id, created_by, assigned_id FROM opportunity WHERE id = ?2", e);
    else
        st = fs_db_stmt(s->db, "SELECT id, created_by, assigned_id FROM opportunity WHERE number = ?1", e);
    if (!st) {
        free(latin);
        return FS_ERUNTIME;
    }
    if (want)
        sqlite3_bind_int64(st, 2, want);
    else
        sqlite3_bind_text(st, 1, b, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW && can_see(s, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
    if (ok)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!ok) {
        char *clean = fs_text_sanitize(text ? text : "", (size_t)-1);
        fs_err_set(e, FS_ECONFLICT, field, _("opportunity %s: not found."), clean ? clean : "");
        free(clean);
    }
    free(latin);
    return ok ? FS_OK : FS_ECONFLICT;
}

/* ---- in-memory editing --------------------------------------------------- */

/* Resolves a reason typed for a stage of kind k into *id ("" → 0). */
static int resolve_reason(fs_session *s, enum fs_stage_kind k, const char *reason, int64_t *id, fs_err *e)
{
    *id = 0;
    if (!reason || !*reason)
        return FS_OK;
    if (k == FS_STAGE_OPEN)
        return fs_err_set(e, FS_EINVAL, "reason",
                          _("reason: a win or loss reason can be given only while the opportunity is in a won or lost stage."));
    return fs_lookup_list_item(s, k == FS_STAGE_WON ? "win_reason" : "loss_reason", reason, "reason", id, e);
}

int fs_opp_set_stage(fs_session *s, fs_opp *o, int64_t stage_id, const char *reason, fs_err *e)
{
    fs_stage g;
    if (fs_stage_get(s, stage_id, &g, e) != FS_OK)
        return e->code;
    int64_t rid;
    if (resolve_reason(s, g.kind, reason, &rid, e) != FS_OK)
        return e->code;
    o->stage_id = stage_id;
    if (reason && *reason) {
        if (g.kind == FS_STAGE_WON)
            o->win_reason_id = rid;
        else
            o->loss_reason_id = rid;
    }
    return FS_OK;
}

int fs_opp_set_reason(fs_session *s, fs_opp *o, const char *reason, fs_err *e)
{
    fs_stage g;
    if (fs_stage_get(s, o->stage_id, &g, e) != FS_OK)
        return e->code;
    int64_t rid;
    if (!reason || !*reason) {
        o->win_reason_id = o->loss_reason_id = 0;
        return FS_OK;
    }
    if (resolve_reason(s, g.kind, reason, &rid, e) != FS_OK)
        return e->code;
    if (g.kind == FS_STAGE_WON)
        o->win_reason_id = rid;
    else
        o->loss_reason_id = rid;
    return FS_OK;
}

void fs_opp_set_amount(fs_opp *o, int64_t amount)
{
    o->final_amount = amount;
    o->amount_manual = true;
}

void fs_opp_set_amount_auto(fs_opp *o)
{
    o->amount_manual = false;
}

/* Applies the given parts of in to line l. */
static int line_apply(fs_opp_line *l, const fs_opp_line_in *in, fs_err *e)
{
    if (in->has_discount_bp && in->has_discount)
        return fs_err_set(e, FS_EINVAL, "discount", _("discount: give a percentage or an amount, not both."));
    if (in->product_id && in->product_id != l->product_id) {
        l->product_id = in->product_id;
        if (!in->name) {
            free(l->name); /* a new product brings its own name */
            l->name = NULL;
        }
    }
    if (in->qty)
        l->qty = in->qty;
    if (in->has_price) {
        l->has_price = true;
        l->unit_price = in->unit_price;
    } else if (in->product_id) {
        l->has_price = false; /* and its own price */
    }
    if (in->has_discount_bp) {
        l->discount_by = FS_DISCOUNT_PERCENT;
        l->discount_bp = in->discount_bp;
    } else if (in->has_discount) {
        l->discount_by = FS_DISCOUNT_AMOUNT;
        l->discount = in->discount;
    }
    if (in->name && fs_opp_set_text(&l->name, in->name, e) != FS_OK)
        return FS_ERUNTIME;
    if (in->description && fs_opp_set_text(&l->description, in->description, e) != FS_OK)
        return FS_ERUNTIME;
    return FS_OK;
}

int fs_opp_line_add(fs_opp *o, const fs_opp_line_in *in, int *line_no, fs_err *e)
{
    if (in->product_id <= 0)
        return fs_err_set(e, FS_EINVAL, "product", _("product: a product is required."));
    if (in->qty <= 0)
        return fs_err_set(e, FS_EINVAL, "qty", _("qty: must be greater than zero."));
    if (o->nlines >= MAX_LINES)
        return fs_err_set(e, FS_EINVAL, "line", _("line: an opportunity holds at most %d product lines."), MAX_LINES);
    fs_opp_line *v = grow(o->lines, o->nlines, sizeof *v);
    if (!v)
        return oom(e);
    o->lines = v;
    fs_opp_line *l = &v[o->nlines];
    l->discount_by = FS_DISCOUNT_NONE;
    if (line_apply(l, in, e) != FS_OK) {
        free(l->name);
        free(l->description);
        memset(l, 0, sizeof *l);
        return e->code;
    }
    o->nlines++;
    if (line_no)
        *line_no = o->nlines;
    return FS_OK;
}

static int check_row(int n, int count, const char *field, fs_err *e)
{
    if (count == 0)
        return fs_err_set(e, FS_EINVAL, field, _("%s: the opportunity has no rows here."), field);
    if (n < 1 || n > count)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be a row number from 1 to %d."), field, count);
    return FS_OK;
}

int fs_opp_line_edit(fs_opp *o, int line_no, const fs_opp_line_in *in, fs_err *e)
{
    if (check_row(line_no, o->nlines, "line", e) != FS_OK)
        return FS_EINVAL;
    if (in->qty < 0)
        return fs_err_set(e, FS_EINVAL, "qty", _("qty: must be greater than zero."));
    return line_apply(&o->lines[line_no - 1], in, e);
}

int fs_opp_line_remove(fs_opp *o, int line_no, fs_err *e)
{
    if (check_row(line_no, o->nlines, "line", e) != FS_OK)
        return FS_EINVAL;
    fs_opp_line *l = &o->lines[line_no - 1];
    free(l->name);
    free(l->description);
    memmove(l, l + 1, (size_t)(o->nlines - line_no) * sizeof *l);
    o->nlines--;
    return FS_OK;
}

int fs_opp_line_move(fs_opp *o, int line_no, int position, fs_err *e)
{
    if (check_row(line_no, o->nlines, "line", e) != FS_OK || check_row(position, o->nlines, "position", e) != FS_OK)
        return FS_EINVAL;
    fs_opp_line tmp = o->lines[line_no - 1];
    if (position < line_no)
        memmove(&o->lines[position], &o->lines[position - 1], (size_t)(line_no - position) * sizeof tmp);
    else
        memmove(&o->lines[line_no - 1], &o->lines[line_no], (size_t)(position - line_no) * sizeof tmp);
    o->lines[position - 1] = tmp;
    return FS_OK;
}

int fs_opp_competitor_add(fs_session *s, fs_opp *o, const char *name, const char *note, fs_err *e)
{
    if (o->ncompetitors >= MAX_COMPETITORS)
        return fs_err_set(e, FS_EINVAL, "competitor", _("competitor: an opportunity lists at most %d competitors."),
                          MAX_COMPETITORS);
    char *key = fs_text_search_key(name ? name : "");
    if (!key)
        return oom(e);
    if (!*key) {
        free(key);
        return fs_err_set(e, FS_EINVAL, "competitor", _("competitor: a name is required."));
    }
    /* An exact name of exactly one organization links the competitor. */
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id FROM identity WHERE name_key = ?1 AND kind = 'org' LIMIT 2", e);
    if (!st) {
        free(key);
        return FS_ERUNTIME;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    free(key);
    int64_t org = 0;
    int found = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        org = sqlite3_column_int64(st, 0);
        found++;
    }
    sqlite3_reset(st);
    fs_opp_competitor *v = grow(o->competitors, o->ncompetitors, sizeof *v);
    if (!v)
        return oom(e);
    o->competitors = v;
    fs_opp_competitor *c = &v[o->ncompetitors];
    c->identity_id = found == 1 ? org : 0;
    if (fs_opp_set_text(&c->name, name, e) != FS_OK || fs_opp_set_text(&c->note, note, e) != FS_OK) {
        free(c->name);
        free(c->note);
        memset(c, 0, sizeof *c);
        return FS_ERUNTIME;
    }
    o->ncompetitors++;
    return FS_OK;
}

int fs_opp_competitor_remove(fs_opp *o, const char *row_or_name, fs_err *e)
{
    int64_t row = 0;
    int at = -1;
    if (fs_int_parse(row_or_name, "competitor", 1, INT32_MAX, &row, NULL) == FS_OK) {
        if (check_row((int)row, o->ncompetitors, "competitor", e) != FS_OK)
            return FS_EINVAL;
        at = (int)row - 1;
    } else {
        char *key = fs_text_search_key(row_or_name ? row_or_name : "");
        for (int i = 0; key && i < o->ncompetitors && at < 0; i++) {
            char *k = fs_text_search_key(o->competitors[i].name);
            if (k && strcmp(k, key) == 0)
                at = i;
            free(k);
        }
        free(key);
        if (at < 0) {
            char *clean = fs_text_sanitize(row_or_name ? row_or_name : "", (size_t)-1);
            fs_err_set(e, FS_EINVAL, "competitor", _("competitor: the opportunity lists no competitor \"%s\"."),
                       clean ? clean : "");
            free(clean);
            return FS_EINVAL;
        }
    }
    free(o->competitors[at].name);
    free(o->competitors[at].note);
    memmove(&o->competitors[at], &o->competitors[at + 1], (size_t)(o->ncompetitors - at - 1) * sizeof *o->competitors);
    o->ncompetitors--;
    return FS_OK;
}

int fs_opp_value_set(fs_session *s, fs_opp *o, const char *field, const char *value, fs_err *e)
{
    int64_t fid;
    if (fs_custom_field_resolve(s, o->subtype_id, field, "field", &fid, e) != FS_OK)
        return e->code;
    fs_custom_field f;
    if (fs_custom_field_get(s, fid, &f, e) != FS_OK)
        return e->code;
    char *stored = NULL;
    int rc = FS_OK;
    if (!f.active)
        rc = fs_err_set(e, FS_EINVAL, "field", _("field: the custom field \"%s\" is disabled."), f.key);
    else
        rc = fs_custom_field_value_parse(s, &f, value, &stored, e);
    free(f.choices);
    if (rc != FS_OK)
        return rc;
    for (int i = 0; i < o->nvalues; i++)
        if (o->values[i].field_id == fid) {
            free(o->values[i].value);
            o->values[i].value = stored;
            return FS_OK;
        }
    fs_opp_value *v = grow(o->values, o->nvalues, sizeof *v);
    if (!v) {
        free(stored);
        return oom(e);
    }
    o->values = v;
    v[o->nvalues].field_id = fid;
    v[o->nvalues].value = stored;
    snprintf(v[o->nvalues].key, sizeof v[o->nvalues].key, "%s", f.key);
    o->nvalues++;
    return FS_OK;
}

/* ---- stage effects -------------------------------------------------------- */

/* The won/lost dates after moving from a stage of kind `from` (-1: a new
 * opportunity) to one of kind `to`: set to today on entering, kept while
 * staying in a stage of the same kind, cleared on leaving. */
static void stage_dates(int from, enum fs_stage_kind to, fs_day today, char won_at[11], char lost_at[11])
{
    char iso[11];
    fs_day_to_iso(today, iso);
    if (to != FS_STAGE_WON)
        won_at[0] = '\0';
    else if (from != FS_STAGE_WON || !won_at[0])
        memcpy(won_at, iso, 11);
    if (to != FS_STAGE_LOST)
        lost_at[0] = '\0';
    else if (from != FS_STAGE_LOST || !lost_at[0])
        memcpy(lost_at, iso, 11);
}

static int log_stage(fs_session *s, int64_t opp_id, int64_t from, int64_t to, const char *now, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "INSERT INTO stage_log(opp_id, from_stage_id, to_stage_id, user_id, at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, opp_id);
    fs_bind_id(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_int64(st, 4, s->user_id);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
    return fs_db_step_done(s->db, st, _("logging the stage change"), e);
}

int fs_opp_move_stage_in_tx(fs_session *s, int64_t opp_id, int64_t to_stage_id, const char *now, fs_err *e)
{
    fs_opp old, cur;
    if (load_in(s, opp_id, &old, e) != FS_OK)
        return e->code;
    fs_stage to;
    int rc = fs_stage_get(s, to_stage_id, &to, e);
    if (rc == FS_OK && to.subtype_id != old.subtype_id)
        rc = fs_err_set(e, FS_EINVAL, "stage", _("stage: the stage \"%s\" belongs to another subtype."), to.key);
    if (rc != FS_OK) {
        fs_opp_free(&old);
        return rc;
    }
    char won_at[11], lost_at[11];
    memcpy(won_at, old.won_at, sizeof won_at);
    memcpy(lost_at, old.lost_at, sizeof lost_at);
    stage_dates((int)old.names.stage_kind, to.kind, s->today, won_at, lost_at);
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "UPDATE opportunity SET stage_id = ?2, stage_changed_at = ?3, won_at = ?4, lost_at = ?5, "
                                  "win_reason_id = CASE WHEN ?6 = 'won' THEN win_reason_id END, "
                                  "loss_reason_id = CASE WHEN ?6 = 'lost' THEN loss_reason_id END, "
                                  "version = version + 1, updated_at = ?3, updated_by = ?7 WHERE id = ?1",
                                  e);
    if (!st) {
        fs_opp_free(&old);
        return FS_ERUNTIME;
    }
    sqlite3_bind_int64(st, 1, opp_id);
    sqlite3_bind_int64(st, 2, to_stage_id);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    fs_bind_text(st, 4, won_at[0] ? won_at : NULL);
    fs_bind_text(st, 5, lost_at[0] ? lost_at : NULL);
    sqlite3_bind_text(st, 6, fs_stage_kind_name(to.kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, s->user_id);
    rc = fs_db_step_done(s->db, st, _("moving the opportunity"), e);
    if (rc == FS_OK)
        rc = log_stage(s, opp_id, old.stage_id, to_stage_id, now, e);
    if (rc == FS_OK && (rc = load_in(s, opp_id, &cur, e)) == FS_OK) {
        const struct {
            const char *field, *a, *b;
        } ch[] = {
            { "stage", old.names.stage.key, cur.names.stage.key },
            { "win_reason", old.names.win_reason.key, cur.names.win_reason.key },
            { "loss_reason", old.names.loss_reason.key, cur.names.loss_reason.key },
            { "won_at", old.won_at, cur.won_at },
            { "lost_at", old.lost_at, cur.lost_at },
        };
        for (size_t i = 0; i < sizeof ch / sizeof *ch && rc == FS_OK; i++)
            rc = fs_history_record(s, "opportunity", opp_id, ch[i].field, ch[i].a, ch[i].b, now, e);
        fs_opp_free(&cur);
    }
    fs_opp_free(&old);
    return rc;
}

/* ---- validation ----------------------------------------------------------- */

struct save_ctx {
    fs_session *s;
    fs_opp *o;
    fs_opp old;            /* the stored state (existing opportunities) */
    bool have_old;
    char now[21];
    int64_t id;            /* the saved opportunity's id */
    int changes;           /* change_log rows written */
};

/* Checks a list item chosen for `field`: of the right list, and active
 * unless it was already set (old_id). */
static int check_item(fs_session *s, const char *list, int64_t id, int64_t old_id, const char *field, fs_err *e)
{
    if (id == 0)
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT list, active, key FROM list_item WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = FS_OK;
    if (sqlite3_step(st) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(st, 0), list) != 0)
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: no item of the %s list has the id %" PRId64 "."), field, list, id);
    else if (!sqlite3_column_int(st, 1) && id != old_id)
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: the item \"%s\" is disabled; choose an active one."), field,
                        (const char *)sqlite3_column_text(st, 2));
    sqlite3_reset(st);
    return rc;
}

/* Checks a referenced row of a small table with an active flag (user,
 * campaign): it exists, and is active unless it was already set. */
static int check_active_row(fs_session *s, const char *sql, int64_t id, int64_t old_id, const char *field,
                            const char *what, fs_err *e)
{
    if (id == 0)
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = FS_OK;
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: no %s has the id %" PRId64 "."), field, what, id);
    else if (!sqlite3_column_int(st, 0) && id != old_id)
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: the %s \"%s\" is disabled; choose an active one."), field, what,
                        (const char *)sqlite3_column_text(st, 1));
    sqlite3_reset(st);
    return rc;
}

/* Normalises an optional text into *slot (NULL when empty) and checks its
 * length. */
static int check_text(char **slot, size_t max, const char *label, fs_err *e)
{
    if (!*slot)
        return FS_OK;
    char *t = fs_text_normalize(*slot);
    if (!t)
        return oom(e);
    free(*slot);
    *slot = t;
    if (fs_text_length(t) > max)
        return fs_err_set(e, FS_EINVAL, label, _("%s: must be at most %zu characters."), label, max);
    if (!*t) {
        free(t);
        *slot = NULL;
    }
    return FS_OK;
}

/* Validates section B and the stage rules; maps the stage when only the
 * subtype changed. */
static int check_header(struct save_ctx *c, fs_err *e)
{
    fs_session *s = c->s;
    fs_opp *o = c->o;
    const fs_opp *old = c->have_old ? &c->old : NULL;

    if (o->identity_id <= 0)
        return fs_err_set(e, FS_EINVAL, "contact", _("contact: the identity the opportunity is related to is required."));
    int64_t n;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT count(*) FROM identity WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, o->identity_id);
    n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (!n)
        return fs_err_set(e, FS_EINVAL, "contact", _("contact: no identity has the id %" PRId64 "."), o->identity_id);

    if (check_text(&o->title, FS_OPP_TITLE_MAX, "title", e) != FS_OK)
        return e->code;
    if (!o->title)
        return fs_err_set(e, FS_EINVAL, "title", _("title: a title is required."));

    /* Subtype, then the stage within it. */
    if (o->subtype_id == 0 && fs_subtype_default(s, &o->subtype_id, e) != FS_OK)
        return e->code;
    fs_subtype t;
    if (fs_subtype_get(s, o->subtype_id, &t, e) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "subtype", _("subtype: no subtype has the id %" PRId64 "."), o->subtype_id);
    if (!t.active && (!old || old->subtype_id != o->subtype_id))
        return fs_err_set(e, FS_EINVAL, "subtype", _("subtype: the subtype \"%s\" is disabled."), t.key);
    fs_stage g;
    memset(&g, 0, sizeof g);
    if (o->stage_id && fs_stage_get(s, o->stage_id, &g, e) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "stage", _("stage: no stage has the id %" PRId64 "."), o->stage_id);
    if (o->stage_id == 0 || (g.subtype_id != o->subtype_id && old && o->stage_id == old->stage_id)) {
        /* A new subtype without a chosen stage: its active stage with the
         * same key, else the first one of the same kind, else its first. */
        int64_t to = 0;
        if (o->stage_id) {
            sqlite3_stmt *q = fs_db_stmt(s->db,
                                         "SELECT id FROM stage WHERE subtype_id = ?1 AND kind = ?2 AND active AND NOT deleted "
                                         "ORDER BY key <> ?3, position, id LIMIT 1",
                                         e);
            if (!q)
                return FS_ERUNTIME;
            sqlite3_bind_int64(q, 1, o->subtype_id);
            sqlite3_bind_text(q, 2, fs_stage_kind_name(g.kind), -1, SQLITE_STATIC);
            sqlite3_bind_text(q, 3, g.key, -1, SQLITE_STATIC);
            if (sqlite3_step(q) == SQLITE_ROW)
                to = sqlite3_column_int64(q, 0);
            sqlite3_reset(q);
        }
        if (!to && fs_stage_first(s, o->subtype_id, &to, e) != FS_OK)
            return e->code;
        o->stage_id = to;
        if (fs_stage_get(s, to, &g, e) != FS_OK)
            return e->code;
    }
    if (g.subtype_id != o->subtype_id || g.deleted)
        return fs_err_set(e, FS_EINVAL, "stage", _("stage: the stage \"%s\" does not belong to the subtype \"%s\"."),
                          g.key, t.key);
    bool stage_changed = !old || old->stage_id != o->stage_id;
    if (!g.active && stage_changed)
        return fs_err_set(e, FS_EINVAL, "stage", _("stage: the stage \"%s\" is disabled; choose an active one."), g.key);

    /* Leaving a final stage drops the reason that was left over from it. */
    if (old && stage_changed) {
        if (g.kind != FS_STAGE_WON && o->win_reason_id == old->win_reason_id)
            o->win_reason_id = 0;
        if (g.kind != FS_STAGE_LOST && o->loss_reason_id == old->loss_reason_id)
            o->loss_reason_id = 0;
    }
    if (o->win_reason_id && g.kind != FS_STAGE_WON)
        return fs_err_set(e, FS_EINVAL, "win_reason",
                          _("win_reason: can be set only while the opportunity is in a won stage."));
    if (o->loss_reason_id && g.kind != FS_STAGE_LOST)
        return fs_err_set(e, FS_EINVAL, "loss_reason",
                          _("loss_reason: can be set only while the opportunity is in a lost stage."));
    /* Won/lost dates follow the stage; the caller's copies are ignored. */
    if (old) {
        memcpy(o->won_at, old->won_at, sizeof o->won_at);
        memcpy(o->lost_at, old->lost_at, sizeof o->lost_at);
    } else {
        o->won_at[0] = o->lost_at[0] = '\0';
    }
    if (stage_changed)
        stage_dates(old ? (int)old->names.stage_kind : -1, g.kind, s->today, o->won_at, o->lost_at);

    if (check_item(s, "type", o->type_id, old ? old->type_id : 0, "type", e) != FS_OK ||
        check_item(s, "source", o->source_id, old ? old->source_id : 0, "source", e) != FS_OK ||
        check_item(s, "purchase_process", o->purchase_process_id, old ? old->purchase_process_id : 0,
                   "purchase_process", e) != FS_OK ||
        check_item(s, "win_reason", o->win_reason_id, old ? old->win_reason_id : 0, "win_reason", e) != FS_OK ||
        check_item(s, "loss_reason", o->loss_reason_id, old ? old->loss_reason_id : 0, "loss_reason", e) != FS_OK)
        return e->code;
    if (o->assigned_id == 0)
        o->assigned_id = old ? old->assigned_id : s->user_id;
    if (check_active_row(s, "SELECT active, login FROM user WHERE id = ?1", o->assigned_id,
                         old ? old->assigned_id : 0, "assigned", _("user"), e) != FS_OK ||
        check_active_row(s, "SELECT active, name FROM campaign WHERE id = ?1", o->campaign_id,
                         old ? old->campaign_id : 0, "campaign", _("campaign"), e) != FS_OK)
        return e->code;

    fs_day d;
    if (o->close_date[0] && fs_day_from_iso(o->close_date, &d) != FS_OK)
        return fs_err_set(e, FS_EINVAL, "close_date", _("close_date: \"%s\" is not a date."), o->close_date);
    if (o->final_amount < 0 || o->final_amount > FS_MONEY_MAX)
        return fs_err_set(e, FS_EINVAL, "amount", _("amount: must be from 0 to %lld Rial."), (long long)FS_MONEY_MAX);
    if (o->probability < 0 || o->probability > 100)
        return fs_err_set(e, FS_EINVAL, "probability", _("probability: must be a whole number from 0 to 100."));
    return FS_OK;
}

struct product_info {
    char code[208];
    char name[FS_TITLE_BYTES];
    bool has_price;
    int64_t price;
    bool sellable, active, builtin, name_editable;
    char unit[FS_TITLE_BYTES];
};

static int product_info(fs_session *s, int64_t id, struct product_info *p, int row, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT p.code, p.name, p.unit_price, p.sellable, p.active, p.builtin, p.name_editable, "
                                  "u.label_fa, u.label_en FROM product p LEFT JOIN list_item u ON u.id = p.unit_id "
                                  "WHERE p.id = ?1",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        copy_col(st, 0, p->code, sizeof p->code);
        copy_col(st, 1, p->name, sizeof p->name);
        p->has_price = sqlite3_column_type(st, 2) != SQLITE_NULL;
        p->price = sqlite3_column_int64(st, 2);
        p->sellable = sqlite3_column_int(st, 3) != 0;
        p->active = sqlite3_column_int(st, 4) != 0;
        p->builtin = sqlite3_column_int(st, 5) != 0;
        p->name_editable = sqlite3_column_int(st, 6) != 0;
        copy_col(st, s->lang_fa ? 7 : 8, p->unit, sizeof p->unit);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return fs_err_set(e, FS_EINVAL, "product", _("line %d: product: no product has the id %" PRId64 "."), row, id);
    return FS_OK;
}

/* True under serial warehousing (setting warehousing_mode). */
static bool serial_mode(fs_session *s)
{
    fs_err e;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT value FROM setting WHERE key = 'warehousing_mode'", &e);
    if (!st)
        return false;
    bool serial = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
                  strcmp((const char *)sqlite3_column_text(st, 0), "serial") == 0;
    sqlite3_reset(st);
    return serial;
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The stored line with this id, or NULL. */
static const fs_opp_line *old_line(const fs_opp *old, int64_t id)
{
    for (int i = 0; old && id && i < old->nlines; i++)
        if (old->lines[i].id == id)
            return &old->lines[i];
    return NULL;
}

/* Computes total, discount and final of a line (SPEC §6.2). */
static int compute_line(fs_opp_line *l, int row, fs_err *e)
{
    int64_t total;
    if (fs_money_mul_qty(l->unit_price, l->qty, &total) != FS_OK || total > FS_MONEY_MAX)
        return fs_err_set(e, FS_EINVAL, "qty", _("line %d: qty × unit price is too large."), row);
    switch (l->discount_by) {
    case FS_DISCOUNT_NONE:
        l->discount_bp = l->discount = 0;
        break;
    case FS_DISCOUNT_KEEP:
        if (total == l->total)
            break;
        /* The total changed: keep the percentage. */
        /* fall through */
    case FS_DISCOUNT_PERCENT:
        if (l->discount_bp < 0 || l->discount_bp > FS_BP_SCALE)
            return fs_err_set(e, FS_EINVAL, "discount_percent", _("line %d: discount_percent: must be from 0 to 100."),
                              row);
        fs_money_percent(total, l->discount_bp, &l->discount);
        break;
    case FS_DISCOUNT_AMOUNT:
        if (l->discount < 0 || l->discount > total) {
            char t[64];
            fs_money_format(total, FS_DIGITS_LATIN, false, t, sizeof t);
            return fs_err_set(e, FS_EINVAL, "discount", _("line %d: discount: must be from 0 to the line total %s."),
                              row, t);
        }
        fs_money_ratio_bp(l->discount, total, &l->discount_bp);
        if (l->discount_bp > FS_BP_SCALE)
            l->discount_bp = FS_BP_SCALE;
        break;
    }
    l->total = total;
    l->final = total - l->discount;
    return FS_OK;
}

/* Fills a line's product code and unit, its default price, and computes
 * its total, discount and final; with `fresh` (a newly picked product)
 * the product must be active and sellable. */
static int line_figures(fs_session *s, fs_opp_line *l, int row, bool fresh, struct product_info *p, fs_err *e)
{
    if (product_info(s, l->product_id, p, row, e) != FS_OK)
        return e->code;
    snprintf(l->product_code, sizeof l->product_code, "%s", p->code);
    snprintf(l->unit, sizeof l->unit, "%s", p->unit);
    if (fresh && !p->builtin && (!p->active || !p->sellable))
        return fs_err_set(e, FS_EINVAL, "product", _("line %d: product: \"%s\" is not an active, sellable product."),
                          row, p->code);
    if (l->qty <= 0)
        return fs_err_set(e, FS_EINVAL, "qty", _("line %d: qty: must be greater than zero."), row);
    /* Price: the product's unless given. */
    if (!l->has_price) {
        if (!p->has_price)
            return fs_err_set(e, FS_EINVAL, "price", _("line %d: price: the product \"%s\" has no unit price; give one."),
                              row, p->code);
        l->unit_price = p->price;
    }
    if (l->unit_price < 0 || l->unit_price > FS_MONEY_MAX)
        return fs_err_set(e, FS_EINVAL, "price", _("line %d: price: must be from 0 to %lld Rial."), row,
                          (long long)FS_MONEY_MAX);
    return compute_line(l, row, e);
}

/* Σ of the lines' finals, within FS_MONEY_MAX. */
static int lines_sum(const fs_opp *o, int64_t *sum, fs_err *e)
{
    *sum = 0;
    for (int i = 0; i < o->nlines; i++)
        if (fs_money_add(*sum, o->lines[i].final, sum) != FS_OK || *sum > FS_MONEY_MAX)
            return fs_err_set(e, FS_EINVAL, "amount", _("amount: the sum of the lines is too large."));
    return FS_OK;
}

int fs_opp_compute(fs_session *s, fs_opp *o, fs_err *e)
{
    struct product_info p;
    int64_t sum;
    for (int i = 0; i < o->nlines; i++) {
        fs_opp_line *l = &o->lines[i];
        if (line_figures(s, l, i + 1, false, &p, e) != FS_OK)
            return e->code;
        /* A line shows its product's name until it is given its own; the
         * same name saves as no rename. */
        if ((!l->name || !*l->name) && fs_opp_set_text(&l->name, p.name, e) != FS_OK)
            return e->code;
    }
    if (lines_sum(o, &sum, e) != FS_OK)
        return FS_EINVAL;
    if (!o->amount_manual)
        o->final_amount = sum;
    o->expected_amount = fs_opp_expected_amount(o->final_amount, o->probability);
    return FS_OK;
}

/* Validates and computes every line, applying the product and permission
 * rules to what changed; sets the automatic final amount. */
static int check_lines(struct save_ctx *c, fs_err *e)
{
    fs_session *s = c->s;
    fs_opp *o = c->o;
    const fs_opp *old = c->have_old ? &c->old : NULL;
    bool changed = (old ? old->nlines : 0) != o->nlines;
    for (int i = 0; i < o->nlines; i++) {
        fs_opp_line *l = &o->lines[i];
        int row = i + 1;
        const fs_opp_line *was = old_line(old, l->id);
        if (!was)
            l->id = 0;
        bool fresh = !was || was->product_id != l->product_id;
        struct product_info p;
        if (line_figures(s, l, row, fresh, &p, e) != FS_OK)
            return e->code;
        /* A defined price changes only with the permission (a line keeping
         * its stored price is fine). */
        bool price_kept = !fresh && was->unit_price == l->unit_price;
        if (p.has_price && l->unit_price != p.price && !price_kept && fs_require(s, FS_PERM_EDIT_PRICE, e) != FS_OK)
            return FS_EPERM;
        /* Name: the product's unless renamed, and renaming has rules. */
        if (check_text(&l->name, NAME_MAX_CHARS, "name", e) != FS_OK)
            return e->code;
        if (!l->name && !fresh && fs_opp_set_text(&l->name, was->name, e) != FS_OK)
            return FS_ERUNTIME;
        if (!l->name && fs_opp_set_text(&l->name, p.name, e) != FS_OK)
            return FS_ERUNTIME;
        bool name_kept = !fresh && same_str(was->name, l->name);
        if (strcmp(l->name, p.name) != 0 && !name_kept) {
            if (p.builtin) {
                if (serial_mode(s))
                    return fs_err_set(e, FS_EINVAL, "name",
                                      _("line %d: name: the \"Other\" product cannot be renamed under serial warehousing."),
                                      row);
                if (fs_require(s, FS_PERM_RENAME_OTHER, e) != FS_OK)
                    return FS_EPERM;
            } else if (!p.name_editable) {
                return fs_err_set(e, FS_EINVAL, "name",
                                  _("line %d: name: the name of product \"%s\" cannot be changed on a line."), row, p.code);
            }
        }
        if (check_text(&l->description, NOTE_MAX_CHARS, "description", e) != FS_OK)
            return e->code;
        if (!was || i != (int)(was - old->lines) || fresh || was->qty != l->qty || was->unit_price != l->unit_price ||
            was->discount != l->discount || was->discount_bp != l->discount_bp || !same_str(was->name, l->name) ||
            !same_str(was->description, l->description))
            changed = true;
    }
    if (changed && fs_require(s, FS_PERM_SELECT_PRODUCT, e) != FS_OK)
        return FS_EPERM;
    int64_t sum;
    if (lines_sum(o, &sum, e) != FS_OK)
        return FS_EINVAL;
    if (!o->amount_manual)
        o->final_amount = sum;
    return FS_OK;
}

static int check_competitors(struct save_ctx *c, fs_err *e)
{
    fs_opp *o = c->o;
    for (int i = 0; i < o->ncompetitors; i++) {
        fs_opp_competitor *k = &o->competitors[i];
        if (k->identity_id) {
            sqlite3_stmt *st = fs_db_stmt(c->s->db, "SELECT kind, name FROM identity WHERE id = ?1", e);
            if (!st)
                return FS_ERUNTIME;
            sqlite3_bind_int64(st, 1, k->identity_id);
            int rc = sqlite3_step(st);
            bool org = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "org") == 0;
            int set = org ? fs_opp_set_text(&k->name, (const char *)sqlite3_column_text(st, 1), e) : FS_OK;
            sqlite3_reset(st);
            if (set != FS_OK)
                return set;
            if (!org)
                return fs_err_set(e, FS_EINVAL, "competitor",
                                  _("competitor: the identity %" PRId64 " is not an organization."), k->identity_id);
        }
        if (check_text(&k->name, NAME_MAX_CHARS, "competitor", e) != FS_OK ||
            check_text(&k->note, NOTE_MAX_CHARS, "note", e) != FS_OK)
            return e->code;
        if (!k->name)
            return fs_err_set(e, FS_EINVAL, "competitor", _("competitor: a name is required."));
        char *key = fs_text_search_key(k->name);
        for (int j = 0; key && j < i; j++) {
            char *other = fs_text_search_key(o->competitors[j].name);
            bool dup = other && strcmp(other, key) == 0;
            free(other);
            if (dup) {
                free(key);
                return fs_err_set(e, FS_EINVAL, "competitor", _("competitor: \"%s\" is already listed."), k->name);
            }
        }
        free(key);
    }
    return FS_OK;
}

/* Checks custom values against their fields; values of another subtype's
 * fields are dropped when the subtype changed; required fields must have
 * a value. */
static int check_values(struct save_ctx *c, fs_err *e)
{
    fs_session *s = c->s;
    fs_opp *o = c->o;
    const fs_opp *old = c->have_old ? &c->old : NULL;
    for (int i = 0; i < o->nvalues; i++) {
        fs_opp_value *v = &o->values[i];
        fs_custom_field f;
        if (fs_custom_field_get(s, v->field_id, &f, e) != FS_OK)
            return fs_err_set(e, FS_EINVAL, "field", _("field: no custom field has the id %" PRId64 "."), v->field_id);
        const char *was = NULL;
        for (int j = 0; old && j < old->nvalues; j++)
            if (old->values[j].field_id == v->field_id)
                was = old->values[j].value;
        int rc = FS_OK;
        char *stored = NULL;
        if (f.subtype_id != o->subtype_id) {
            if (old && old->subtype_id != o->subtype_id) {
                free(v->value); /* the field belongs to the subtype left */
                v->value = NULL;
            } else {
                rc = fs_err_set(e, FS_EINVAL, "field", _("field: \"%s\" is not a field of this subtype."), f.key);
            }
        } else if (!f.active && !same_str(was, v->value)) {
            rc = fs_err_set(e, FS_EINVAL, "field", _("field: the custom field \"%s\" is disabled."), f.key);
        } else if ((rc = fs_custom_field_value_parse(s, &f, v->value, &stored, e)) == FS_OK) {
            free(v->value);
            v->value = stored;
            snprintf(v->key, sizeof v->key, "%s", f.key);
        }
        free(f.choices);
        if (rc != FS_OK)
            return rc;
    }
    fs_custom_field *fields;
    int n;
    if (fs_custom_field_list(s, o->subtype_id, false, &fields, &n, e) != FS_OK)
        return e->code;
    int rc = FS_OK;
    for (int i = 0; i < n && rc == FS_OK; i++) {
        if (!fields[i].required)
            continue;
        bool has = false;
        for (int j = 0; j < o->nvalues; j++)
            if (o->values[j].field_id == fields[i].id && o->values[j].value && *o->values[j].value)
                has = true;
        if (!has) {
            const char *label = s->lang_fa ? fields[i].label_fa : fields[i].label_en;
            rc = fs_err_set(e, FS_EINVAL, fields[i].key, _("%s: this custom field is required."), label);
        }
    }
    fs_custom_field_list_free(fields, n);
    return rc;
}

/* ---- writing -------------------------------------------------------------- */

/* The next number of the Jalali year of today, from the counter table
 * (inside the saving transaction, so numbers are gap-free). */
static int next_number(fs_session *s, char out[32], fs_err *e)
{
    int year = fs_day_jalali_year(s->today);
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "INSERT INTO counter(kind, year, last) VALUES ('opportunity', ?1, 1) "
                                  "ON CONFLICT(kind, year) DO UPDATE SET last = last + 1 RETURNING last",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    while (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE || n == 0)
        return fs_db_fail(s->db, _("numbering the opportunity"), e);
    snprintf(out, 32, "OPP-%04d-%06" PRId64, year, n);
    return FS_OK;
}

/* Binds the columns shared by INSERT and UPDATE (parameters 2–20). */
static int bind_header(sqlite3_stmt *st, const fs_opp *o, const char *title_key)
{
    sqlite3_bind_int64(st, 2, o->subtype_id);
    sqlite3_bind_int64(st, 3, o->stage_id);
    sqlite3_bind_int64(st, 4, o->identity_id);
    sqlite3_bind_text(st, 5, o->title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, title_key, -1, SQLITE_STATIC);
    fs_bind_id(st, 7, o->type_id);
    sqlite3_bind_int64(st, 8, o->assigned_id);
    fs_bind_id(st, 9, o->source_id);
    fs_bind_id(st, 10, o->campaign_id);
    fs_bind_text(st, 11, o->close_date[0] ? o->close_date : NULL);
    sqlite3_bind_int64(st, 12, o->final_amount);
    sqlite3_bind_int(st, 13, o->amount_manual);
    sqlite3_bind_int(st, 14, o->probability);
    fs_bind_id(st, 15, o->win_reason_id);
    fs_bind_id(st, 16, o->loss_reason_id);
    fs_bind_id(st, 17, o->purchase_process_id);
    fs_bind_text(st, 18, o->won_at[0] ? o->won_at : NULL);
    fs_bind_text(st, 19, o->lost_at[0] ? o->lost_at : NULL);
    sqlite3_bind_int(st, 20, o->important);
    return FS_OK;
}

static int write_header(struct save_ctx *c, fs_err *e)
{
    fs_session *s = c->s;
    fs_opp *o = c->o;
    char *key = fs_text_search_key(o->title);
    if (!key)
        return oom(e);
    sqlite3_stmt *st;
    bool stage_changed = !c->have_old || c->old.stage_id != o->stage_id;
    if (!c->have_old) {
        char number[32];
        if (next_number(s, number, e) != FS_OK) {
            free(key);
            return FS_ERUNTIME;
        }
        st = fs_db_stmt(s->db,
                        "INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, type_id, "
                        "assigned_id, source_id, campaign_id, close_date, final_amount, amount_manual, probability, "
                        "win_reason_id, loss_reason_id, purchase_process_id, won_at, lost_at, important, "
                        "stage_changed_at, created_at, created_by, updated_at, updated_by, version) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
                        "?21, ?21, ?22, ?21, ?22, 1)",
                        e);
        if (st)
            sqlite3_bind_text(st, 1, number, -1, SQLITE_TRANSIENT);
    } else {
        st = fs_db_stmt(s->db,
                        "UPDATE opportunity SET subtype_id = ?2, stage_id = ?3, identity_id = ?4, title = ?5, "
                        "title_key = ?6, type_id = ?7, assigned_id = ?8, source_id = ?9, campaign_id = ?10, "
                        "close_date = ?11, final_amount = ?12, amount_manual = ?13, probability = ?14, "
                        "win_reason_id = ?15, loss_reason_id = ?16, purchase_process_id = ?17, won_at = ?18, "
                        "lost_at = ?19, important = ?20, "
                        "stage_changed_at = CASE WHEN ?23 THEN ?21 ELSE stage_changed_at END, "
                        "updated_at = ?21, updated_by = ?22, version = version + 1 WHERE id = ?1 AND version = ?24",
                        e);
        if (st) {
            sqlite3_bind_int64(st, 1, o->id);
            sqlite3_bind_int(st, 23, stage_changed);
            sqlite3_bind_int64(st, 24, c->old.version);
        }
    }
    if (!st) {
        free(key);
        return FS_ERUNTIME;
    }
    bind_header(st, o, key);
    sqlite3_bind_text(st, 21, c->now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 22, s->user_id);
    int rc = fs_db_step_done(s->db, st, _("saving the opportunity"), e);
    free(key);
    if (rc != FS_OK)
        return rc;
    c->id = c->have_old ? o->id : sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    if (stage_changed)
        return log_stage(s, c->id, c->have_old ? c->old.stage_id : 0, o->stage_id, c->now, e);
    return FS_OK;
}

static int write_lines(struct save_ctx *c, fs_err *e)
{
    fs_session *s = c->s;
    fs_opp *o = c->o;
    /* Stored lines no longer in the form go first. */
    for (int i = 0; c->have_old && i < c->old.nlines; i++) {
        bool kept = false;
        for (int j = 0; j < o->nlines && !kept; j++)
            kept = o->lines[j].id == c->old.lines[i].id;
        if (kept)
            continue;
        sqlite3_stmt *st = fs_db_stmt(s->db, "DELETE FROM opp_line WHERE id = ?1", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, c->old.lines[i].id);
        if (fs_db_step_done(s->db, st, _("removing a product line"), e) != FS_OK)
            return FS_ERUNTIME;
    }
    for (int i = 0; i < o->nlines; i++) {
        fs_opp_line *l = &o->lines[i];
        sqlite3_stmt *st = fs_db_stmt(s->db,
                                      l->id ? "UPDATE opp_line SET position = ?2, product_id = ?3, name = ?4, qty = ?5, "
                                              "unit_price = ?6, discount_bp = ?7, discount = ?8, total = ?9, final = ?10, "
                                              "description = ?11 WHERE id = ?1 AND opp_id = ?12"
                                            : "INSERT INTO opp_line(position, product_id, name, qty, unit_price, "
                                              "discount_bp, discount, total, final, description, opp_id) "
                                              "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                                      e);
        if (!st)
            return FS_ERUNTIME;
        if (l->id)
            sqlite3_bind_int64(st, 1, l->id);
        sqlite3_bind_int(st, 2, i + 1);
        sqlite3_bind_int64(st, 3, l->product_id);
        sqlite3_bind_text(st, 4, l->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, l->qty);
        sqlite3_bind_int64(st, 6, l->unit_price);
        sqlite3_bind_int64(st, 7, l->discount_bp);
        sqlite3_bind_int64(st, 8, l->discount);
        sqlite3_bind_int64(st, 9, l->total);
        sqlite3_bind_int64(st, 10, l->final);
        fs_bind_text(st, 11, l->description);
        sqlite3_bind_int64(st, 12, c->id);
        if (fs_db_step_done(s->db, st, _("saving a product line"), e) != FS_OK)
            return FS_ERUNTIME;
    }
    return FS_OK;
}

static int write_competitors_and_values(struct save_ctx *c, fs_err *e)
{
    fs_session *s = c->s;
    fs_opp *o = c->o;
    /* Competitors and values have no identity of their own worth keeping:
     * they are rewritten, and their history comes from the diff. */
    sqlite3_stmt *st = fs_db_stmt(s->db, "DELETE FROM opp_competitor WHERE opp_id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    if (fs_db_step_done(s->db, st, _("saving the competitors"), e) != FS_OK)
        return FS_ERUNTIME;
    for (int i = 0; i < o->ncompetitors; i++) {
        st = fs_db_stmt(s->db, "INSERT INTO opp_competitor(opp_id, identity_id, name, note) VALUES (?1, ?2, ?3, ?4)", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, c->id);
        fs_bind_id(st, 2, o->competitors[i].identity_id);
        sqlite3_bind_text(st, 3, o->competitors[i].name, -1, SQLITE_STATIC);
        fs_bind_text(st, 4, o->competitors[i].note);
        if (fs_db_step_done(s->db, st, _("saving the competitors"), e) != FS_OK)
            return FS_ERUNTIME;
    }
    st = fs_db_stmt(s->db, "DELETE FROM opp_field_value WHERE opp_id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    if (fs_db_step_done(s->db, st, _("saving the custom fields"), e) != FS_OK)
        return FS_ERUNTIME;
    for (int i = 0; i < o->nvalues; i++) {
        if (!o->values[i].value || !*o->values[i].value)
            continue;
        st = fs_db_stmt(s->db,
                        "INSERT INTO opp_field_value(opp_id, field_id, value) VALUES (?1, ?2, ?3) "
                        "ON CONFLICT(opp_id, field_id) DO UPDATE SET value = excluded.value",
                        e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, c->id);
        sqlite3_bind_int64(st, 2, o->values[i].field_id);
        sqlite3_bind_text(st, 3, o->values[i].value, -1, SQLITE_STATIC);
        if (fs_db_step_done(s->db, st, _("saving the custom fields"), e) != FS_OK)
            return FS_ERUNTIME;
    }
    return FS_OK;
}

/* ---- change history --------------------------------------------------------- */

/* Writes one history row when a and b differ, counting it. */
static int rec(struct save_ctx *c, const char *field, const char *a, const char *b, fs_err *e)
{
    if (same_str(a, b))
        return FS_OK;
    c->changes++;
    return fs_history_record(c->s, "opportunity", c->id, field, a, b, c->now, e);
}

static int rec_int(struct save_ctx *c, const char *field, int64_t a, int64_t b, fs_err *e)
{
    char x[24], y[24];
    snprintf(x, sizeof x, "%" PRId64, a);
    snprintf(y, sizeof y, "%" PRId64, b);
    return rec(c, field, x, y, e);
}

/* "2. LAPTOP لپ‌تاپ ایسوس × 4 @ 10000000 − 1200000 = 38800000 (note)" */
static void line_summary(const fs_opp_line *l, int row, char *out, size_t n)
{
    char q[48];
    fs_qty_format(l->qty, FS_DIGITS_LATIN, q, sizeof q);
    bool note = l->description && *l->description;
    snprintf(out, n, "%d. %s %s × %s @ %" PRId64 " − %" PRId64 " = %" PRId64 "%s%s%s", row, l->product_code,
             l->name ? l->name : "", q, l->unit_price, l->discount, l->final, note ? " (" : "",
             note ? l->description : "", note ? ")" : "");
}

static void competitor_summary(const fs_opp_competitor *k, char *out, size_t n)
{
    snprintf(out, n, "%s%s%s", k->name ? k->name : "", k->note && *k->note ? " — " : "",
             k->note && *k->note ? k->note : "");
}

/* Records every difference between the stored state a and the saved b. */
static int record_changes(struct save_ctx *c, const fs_opp *a, const fs_opp *b, fs_err *e)
{
    const struct {
        const char *field, *x, *y;
    } texts[] = {
        { "contact", a->names.contact.label, b->names.contact.label },
        { "title", a->title, b->title },
        { "subtype", a->names.subtype.key, b->names.subtype.key },
        { "stage", a->names.stage.key, b->names.stage.key },
        { "type", a->names.type.key, b->names.type.key },
        { "assigned", a->names.assigned.key, b->names.assigned.key },
        { "source", a->names.source.key, b->names.source.key },
        { "campaign", a->names.campaign.label, b->names.campaign.label },
        { "close_date", a->close_date, b->close_date },
        { "win_reason", a->names.win_reason.key, b->names.win_reason.key },
        { "loss_reason", a->names.loss_reason.key, b->names.loss_reason.key },
        { "purchase_process", a->names.purchase_process.key, b->names.purchase_process.key },
        { "won_at", a->won_at, b->won_at },
        { "lost_at", a->lost_at, b->lost_at },
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (rec(c, texts[i].field, texts[i].x, texts[i].y, e) != FS_OK)
            return FS_ERUNTIME;
    if (rec_int(c, "final_amount", a->final_amount, b->final_amount, e) != FS_OK ||
        rec_int(c, "amount_manual", a->amount_manual, b->amount_manual, e) != FS_OK ||
        rec_int(c, "probability", a->probability, b->probability, e) != FS_OK ||
        rec_int(c, "important", a->important, b->important, e) != FS_OK)
        return FS_ERUNTIME;

    /* Lines by id: removed, added, changed (the row number is part of the
     * summary, so a move shows too). */
    char x[1200], y[1200];
    for (int i = 0; i < a->nlines; i++) {
        const fs_opp_line *now = old_line(b, a->lines[i].id);
        line_summary(&a->lines[i], i + 1, x, sizeof x);
        if (now)
            line_summary(now, (int)(now - b->lines) + 1, y, sizeof y);
        if (rec(c, "line", x, now ? y : NULL, e) != FS_OK)
            return FS_ERUNTIME;
    }
    for (int i = 0; i < b->nlines; i++) {
        if (old_line(a, b->lines[i].id))
            continue;
        line_summary(&b->lines[i], i + 1, y, sizeof y);
        if (rec(c, "line", NULL, y, e) != FS_OK)
            return FS_ERUNTIME;
    }
    /* Competitors as a set of summaries. */
    for (int pass = 0; pass < 2; pass++) {
        const fs_opp *from = pass ? b : a, *to = pass ? a : b;
        for (int i = 0; i < from->ncompetitors; i++) {
            competitor_summary(&from->competitors[i], x, sizeof x);
            bool found = false;
            for (int j = 0; j < to->ncompetitors && !found; j++) {
                competitor_summary(&to->competitors[j], y, sizeof y);
                found = strcmp(x, y) == 0;
            }
            if (!found && rec(c, "competitor", pass ? NULL : x, pass ? x : NULL, e) != FS_OK)
                return FS_ERUNTIME;
        }
    }
    /* Custom values by field. */
    for (int pass = 0; pass < 2; pass++) {
        const fs_opp *from = pass ? b : a, *to = pass ? a : b;
        for (int i = 0; i < from->nvalues; i++) {
            const char *other = NULL;
            for (int j = 0; j < to->nvalues; j++)
                if (to->values[j].field_id == from->values[i].field_id)
                    other = to->values[j].value;
            if (pass && other)
                continue; /* compared in the first pass */
            char field[FS_KEY_BYTES + 8];
            snprintf(field, sizeof field, "field.%s", from->values[i].key);
            if (rec(c, field, pass ? other : from->values[i].value, pass ? from->values[i].value : other, e) != FS_OK)
                return FS_ERUNTIME;
        }
    }
    return FS_OK;
}

static int save_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct save_ctx *c = vctx;
    fs_session *s = c->s;
    fs_opp *o = c->o;
    fs_opp_free(&c->old);
    c->have_old = false;
    c->changes = 0;
    fs_now_iso(c->now);
    if (o->id) {
        char idt[24];
        snprintf(idt, sizeof idt, "%" PRId64, o->id);
        int rc = load_in(s, o->id, &c->old, e);
        if (rc == FS_ECONFLICT || (rc == FS_OK && !can_see(s, c->old.created_by, c->old.assigned_id))) {
            fs_opp_free(&c->old);
            return not_found(idt, e);
        }
        if (rc != FS_OK)
            return rc;
        c->have_old = true;
        if (c->old.version != o->version)
            return fs_err_set(e, FS_ECONFLICT, "version",
                              _("opportunity %s: someone else saved it since you opened it (version %" PRId64
                                " → %" PRId64 "); reload and apply your change again."),
                              c->old.number, o->version, c->old.version);
    }
    /* Validate everything, then write. */
    if (check_header(c, e) != FS_OK || check_lines(c, e) != FS_OK || check_competitors(c, e) != FS_OK ||
        check_values(c, e) != FS_OK)
        return e->code;
    if (write_header(c, e) != FS_OK || write_lines(c, e) != FS_OK || write_competitors_and_values(c, e) != FS_OK)
        return e->code ? e->code : FS_ERUNTIME;
    if (!c->have_old)
        return FS_OK;
    fs_opp now;
    if (load_in(s, c->id, &now, e) != FS_OK)
        return e->code;
    int rc = record_changes(c, &c->old, &now, e);
    fs_opp_free(&now);
    if (rc != FS_OK)
        return rc;
    return c->changes ? FS_OK : SAVE_UNCHANGED;
}

int fs_opp_save(fs_session *s, fs_opp *o, fs_err *e)
{
    struct save_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.o = o;
    int rc = fs_db_write(s->db, save_tx, &c, e);
    fs_opp_free(&c.old);
    if (rc == SAVE_UNCHANGED) {
        fs_err_clear(e);
        rc = FS_OK;
        c.id = o->id;
    }
    if (rc != FS_OK)
        return rc;
    /* Reload: ids, number, version, names and derived values. */
    fs_opp fresh;
    if (fs_opp_load(s, c.id, &fresh, e) != FS_OK) {
        if (e->code == FS_ECONFLICT) {
            /* Saved, but assigned away from a user who may no longer see
             * it: keep the form as saved. */
            fs_err_clear(e);
            o->id = c.id;
            return FS_OK;
        }
        return e->code;
    }
    fs_opp_free(o);
    *o = fresh;
    return FS_OK;
}

int fs_opp_save_in_tx(fs_session *s, fs_opp *o, int64_t *id, fs_err *e)
{
    struct save_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.o = o;
    int rc = save_tx(s->db, &c, e);
    fs_opp_free(&c.old);
    if (rc == SAVE_UNCHANGED) {
        fs_err_clear(e);
        rc = FS_OK;
        c.id = o->id;
    }
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

/* ---- history -------------------------------------------------------------- */

void fs_opp_history_free(fs_opp_change *v, int n)
{
    for (int i = 0; i < n && v; i++) {
        free(v[i].old_value);
        free(v[i].new_value);
    }
    free(v);
}

static bool read_change(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    fs_opp_change *ch = elem;
    copy_col(st, 0, ch->field, sizeof ch->field);
    ch->old_value = fs_col_strdup(st, 1);
    ch->new_value = fs_col_strdup(st, 2);
    copy_col(st, 3, ch->login, sizeof ch->login);
    copy_col(st, 4, ch->at, sizeof ch->at);
    return ch->old_value && ch->new_value;
}

int fs_opp_history(fs_session *s, int64_t id, fs_opp_change **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    int64_t found;
    if (fs_opp_find(s, idt, "opportunity", &found, e) != FS_OK)
        return e->code;
    int status = load_part(s,
                           "SELECT field, old_value, new_value, login, at, 0 AS k, c.id FROM change_log c "
                           "JOIN user u ON u.id = c.user_id WHERE item_kind = 'opportunity' AND item_id = ?1 "
                           "UNION ALL SELECT 'stage_log', f.key, t.key, login, at, 1, l.id FROM stage_log l "
                           "LEFT JOIN stage f ON f.id = l.from_stage_id JOIN stage t ON t.id = l.to_stage_id "
                           "JOIN user u ON u.id = l.user_id WHERE l.opp_id = ?1 ORDER BY 5 DESC, 6, 7 DESC",
                           id, (void **)out, n, sizeof **out, read_change, _("reading the history"), e);
    if (status != FS_OK) {
        fs_opp_history_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}
