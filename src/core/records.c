/* records.c — notes, follow-ups, tags, the important flag and the records
 * part of an item (see records.h). */
#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "i18n.h"
#include "jdate.h"
#include "lists.h"
#include "opportunity.h"
#include "rows.h"
#include "text.h"

/* Fills *e with "out of memory." and returns its code. */
static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

/* Copies text column i into out ("" for NULL), cut to fit. */
static void copy_col(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* ---- items ---------------------------------------------------------------- */

/* How each kind of item names itself, as an SQL expression over the id
 * `id` (a parameter or a column): used to check an item and to label the
 * follow-ups of the due list. */
#define LABEL_OPPORTUNITY(id) "(SELECT number || ' ' || title FROM opportunity WHERE id = " id ")"
#define LABEL_IDENTITY(id) "(SELECT name FROM identity WHERE id = " id ")"
#define LABEL_DOCUMENT(id) "(SELECT coalesce(number, kind || ' #' || id) FROM document WHERE id = " id ")"
#define LABEL_PRODUCT(id) "(SELECT code || ' ' || name FROM product WHERE id = " id ")"

static const struct {
    const char *kind;
    const char *label;         /* translated name for messages */
    const char *sql;           /* label, created_by, assigned_id (0 unless an opportunity) */
} item_kinds[] = {
    { "opportunity", N_("opportunity"),
      "SELECT number || ' ' || title, created_by, assigned_id FROM opportunity WHERE id = ?1" },
    { "identity", N_("contact"), "SELECT " LABEL_IDENTITY("?1") ", 0, 0 WHERE EXISTS (SELECT 1 FROM identity WHERE id = ?1)" },
    { "document", N_("document"), "SELECT " LABEL_DOCUMENT("?1") ", 0, 0 WHERE EXISTS (SELECT 1 FROM document WHERE id = ?1)" },
    { "product", N_("product"), "SELECT " LABEL_PRODUCT("?1") ", 0, 0 WHERE EXISTS (SELECT 1 FROM product WHERE id = ?1)" },
};
#define NKINDS ((int)(sizeof item_kinds / sizeof *item_kinds))

/* The index of a stored item kind in item_kinds[], -1 when unknown. */
static int kind_index(const char *kind)
{
    for (int i = 0; kind && i < NKINDS; i++)
        if (strcmp(kind, item_kinds[i].kind) == 0)
            return i;
    return -1;
}

int fs_item_kind_check(const char *item_kind, fs_err *e)
{
    if (kind_index(item_kind) >= 0)
        return FS_OK;
    return fs_err_set(e, FS_EINVAL, "item", _("item: must be an opportunity, a contact, a document or a product."));
}

int fs_item_check(fs_session *s, const char *item_kind, int64_t item_id, char *label, size_t n, fs_err *e)
{
    int k = kind_index(item_kind);
    if (k < 0)
        return fs_item_kind_check(item_kind, e);
    sqlite3_stmt *st = fs_db_stmt(s->db, item_kinds[k].sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, item_id);
    int rc = sqlite3_step(st);
    bool seen = rc == SQLITE_ROW &&
                (k != 0 || fs_can(s, FS_PERM_VIEW_ALL) || sqlite3_column_int64(st, 1) == s->user_id ||
                 sqlite3_column_int64(st, 2) == s->user_id);
    if (seen && label)
        copy_col(st, 0, label, n);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("looking up the item"), e);
    if (!seen)
        return fs_err_set(e, FS_ECONFLICT, item_kind, _("%s %lld: not found."), _(item_kinds[k].label),
                          (long long)item_id);
    return FS_OK;
}

/* A required text as stored: normalised, 1 to max characters (line breaks
 * allowed); *out malloc'd. */
static int clean_text(const char *field, const char *label, const char *in, size_t max, char **out, fs_err *e)
{
    *out = fs_text_normalize(in ? in : "");
    if (!*out)
        return oom(e);
    size_t len = fs_text_length(*out);
    if (len >= 1 && len <= max)
        return FS_OK;
    free(*out);
    *out = NULL;
    if (!len)
        return fs_err_set(e, FS_EINVAL, field, _("%s: is required."), label);
    return fs_err_set(e, FS_EINVAL, field, _("%s: may be at most %zu characters long."), label, max);
}

/* ---- notes ------------------------------------------------------------------ */

struct note_ctx {
    fs_session *s;
    const char *kind;
    int64_t item_id;
    const char *body;
    int64_t id;
};

/* The transaction of fs_note_add(): check the item and the text, then insert. */
static int note_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct note_ctx *c = vctx;
    char *body;
    if (fs_item_check(c->s, c->kind, c->item_id, NULL, 0, e) != FS_OK ||
        clean_text("text", _("text"), c->body, FS_NOTE_MAX, &body, e) != FS_OK)
        return e->code;
    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *st = fs_db_stmt(db,
                                  "INSERT INTO note(item_kind, item_id, body, created_at, created_by) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5)",
                                  e);
    int rc = FS_ERUNTIME;
    if (st) {
        sqlite3_bind_text(st, 1, c->kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, c->item_id);
        sqlite3_bind_text(st, 3, body, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, c->s->user_id);
        rc = fs_db_step_done(db, st, _("saving the note"), e);
    }
    c->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
    free(body);
    return rc;
}

int fs_note_add(fs_session *s, const char *item_kind, int64_t item_id, const char *body, int64_t *id, fs_err *e)
{
    struct note_ctx c = { s, item_kind, item_id, body, 0 };
    int rc = fs_db_write(s->db, note_add_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

/* Fills a note from a row of fs_note_list's query. */
static bool read_note(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    fs_note *n = elem;
    n->id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, n->item_kind, sizeof n->item_kind);
    n->item_id = sqlite3_column_int64(st, 2);
    n->body = fs_col_strdup(st, 3);
    copy_col(st, 4, n->login, sizeof n->login);
    copy_col(st, 5, n->created_at, sizeof n->created_at);
    return n->body != NULL;
}

void fs_note_list_free(fs_note *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].body);
    free(v);
}

int fs_note_list(fs_session *s, const char *item_kind, int64_t item_id, fs_note **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    if (fs_item_check(s, item_kind, item_id, NULL, 0, e) != FS_OK)
        return e->code;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT n.id, n.item_kind, n.item_id, n.body, u.login, n.created_at FROM note n "
                                  "JOIN user u ON u.id = n.created_by WHERE n.item_kind = ?1 AND n.item_id = ?2 "
                                  "ORDER BY n.created_at DESC, n.id DESC",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, item_kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, item_id);
    int rc = fs_rows_read(s, st, (void **)out, n, sizeof **out, read_note, _("reading the notes"), e);
    if (rc != FS_OK) {
        fs_note_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- follow-ups ------------------------------------------------------------- */

int fs_remind_parse(const fs_session *s, const char *text, const char *field, char out[17], fs_err *e)
{
    char *latin = fs_text_latin_digits(text ? text : "");
    if (!latin)
        return oom(e);
    /* The time is the last word: "1405/09/10 14:30", "today 9:05". */
    size_t n = strlen(latin);
    while (n && (latin[n - 1] == ' ' || latin[n - 1] == '\t'))
        latin[--n] = '\0';
    char *sp = strrchr(latin, ' ');
    int h = -1, m = -1, used = 0;
    int status = FS_OK;
    if (!sp || sscanf(sp + 1, "%2d:%2d%n", &h, &m, &used) != 2 || sp[1 + used] != '\0' || h < 0 || h > 23 || m < 0 ||
        m > 59 || !(sp[1] >= '0' && sp[1] <= '9') || strlen(sp + 1) < 4) {
        status = fs_err_set(e, FS_EINVAL, field, _("%s: write a date and a time like 1405/09/10 14:30."), field);
    } else {
        *sp = '\0';
        fs_day d;
        if (fs_date_parse(latin, s->today, s->calendar, field, &d, e) != FS_OK) {
            status = e->code;
        } else {
            char iso[11];
            fs_day_to_iso(d, iso);
            snprintf(out, 17, "%s %02d:%02d", iso, h, m);
        }
    }
    free(latin);
    return status;
}

/* Local "YYYY-MM-DD HH:MM" → UTC timestamp; false when it is not one. */
static bool local_to_utc(const char *local, char out[21])
{
    int y, mo, d, h, mi, used = 0;
    fs_day day;
    char iso[11];
    if (sscanf(local, "%4d-%2d-%2d %2d:%2d%n", &y, &mo, &d, &h, &mi, &used) != 5 || local[used] != '\0' ||
        strlen(local) != 16 || h > 23 || mi > 59 || h < 0 || mi < 0)
        return false;
    snprintf(iso, sizeof iso, "%.10s", local);
    if (fs_day_from_iso(iso, &day) != FS_OK)
        return false;
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    struct tm u;
    if (t == (time_t)-1 || !gmtime_r(&t, &u))
        return false;
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &u);
    return true;
}

/* UTC timestamp → local "YYYY-MM-DD HH:MM" ("" when it is not one). */
static void utc_to_local(const char *utc, char out[17])
{
    int y, mo, d, h, mi, sec;
    out[0] = '\0';
    if (!utc || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &sec) != 6)
        return;
    struct tm tm = { 0 };
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    struct tm lt;
    if (localtime_r(&t, &lt))
        strftime(out, 17, "%Y-%m-%d %H:%M", &lt);
}

struct followup_ctx {
    fs_session *s;
    const struct fs_followup_new *in;
    int64_t id;
};

/* Checks an optional ISO date field. */
static int check_iso(const char *iso, const char *field, const char *label, fs_err *e)
{
    fs_day d;
    if (fs_day_from_iso(iso, &d) == FS_OK)
        return FS_OK;
    return fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is not a date."), label, iso);
}

/* FS_OK when user id is an active user. */
static int check_user(fs_session *s, int64_t id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT active FROM user WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    bool active = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW && !active)
        return fs_err_set(e, FS_EINVAL, "user", _("user: user %lld is disabled."), (long long)id);
    if (rc != SQLITE_ROW)
        return fs_err_set(e, FS_EINVAL, "user", _("user: there is no user %lld."), (long long)id);
    return FS_OK;
}

/* The transaction of fs_followup_add(): every check, then the insert. */
static int followup_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct followup_ctx *c = vctx;
    const struct fs_followup_new *in = c->in;
    const char *due_to = in->due_to && *in->due_to ? in->due_to : in->due_from;
    int64_t user = in->user_id ? in->user_id : c->s->user_id;
    char remind[21] = "";
    if (fs_item_check(c->s, in->item_kind, in->item_id, NULL, 0, e) != FS_OK)
        return e->code;
    if (!in->due_from || !*in->due_from)
        return fs_err_set(e, FS_EINVAL, "due", _("%s: is required."), _("due"));
    if (check_iso(in->due_from, "due", _("due"), e) != FS_OK || check_iso(due_to, "due_to", _("due_to"), e) != FS_OK)
        return e->code;
    if (strcmp(due_to, in->due_from) < 0)
        return fs_err_set(e, FS_EINVAL, "due_to", _("due_to: the end of the due range may not be before its start."));
    if (in->remind_at && *in->remind_at && !local_to_utc(in->remind_at, remind))
        return fs_err_set(e, FS_EINVAL, "remind", _("remind: \"%s\" is not a date and time."), in->remind_at);
    if (check_user(c->s, user, e) != FS_OK)
        return e->code;
    char *text;
    if (clean_text("text", _("text"), in->description, FS_FOLLOWUP_TEXT_MAX, &text, e) != FS_OK)
        return e->code;
    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *st = fs_db_stmt(db,
                                  "INSERT INTO followup(item_kind, item_id, user_id, due_from, due_to, remind_at, "
                                  "description, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                                  e);
    int rc = FS_ERUNTIME;
    if (st) {
        sqlite3_bind_text(st, 1, in->item_kind, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, in->item_id);
        sqlite3_bind_int64(st, 3, user);
        sqlite3_bind_text(st, 4, in->due_from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, due_to, -1, SQLITE_TRANSIENT);
        fs_bind_text(st, 6, remind[0] ? remind : NULL);
        sqlite3_bind_text(st, 7, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, now, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 9, c->s->user_id);
        rc = fs_db_step_done(db, st, _("saving the follow-up"), e);
    }
    c->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
    free(text);
    return rc;
}

int fs_followup_add(fs_session *s, const struct fs_followup_new *in, int64_t *id, fs_err *e)
{
    struct followup_ctx c = { s, in, 0 };
    int rc = fs_db_write(s->db, followup_add_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

void fs_followup_filter_init(fs_followup_filter *f)
{
    memset(f, 0, sizeof *f);
}

/* Fills a follow-up from a FOLLOWUP_SELECT row; overdue against today. */
static bool read_followup(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    fs_followup *f = elem;
    f->id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, f->item_kind, sizeof f->item_kind);
    f->item_id = sqlite3_column_int64(st, 2);
    f->item_label = fs_col_strdup(st, 3);
    f->user_id = sqlite3_column_int64(st, 4);
    copy_col(st, 5, f->login, sizeof f->login);
    copy_col(st, 6, f->due_from, sizeof f->due_from);
    copy_col(st, 7, f->due_to, sizeof f->due_to);
    utc_to_local((const char *)sqlite3_column_text(st, 8), f->remind_at);
    const char *remind = (const char *)sqlite3_column_text(st, 8);
    char now[21];
    fs_now_iso(now);
    f->description = fs_col_strdup(st, 9);
    f->done = sqlite3_column_int(st, 10) != 0;
    copy_col(st, 11, f->created_at, sizeof f->created_at);
    copy_col(st, 12, f->created_by, sizeof f->created_by);
    char today[11];
    fs_day_to_iso(s->today, today);
    f->overdue = !f->done && strcmp(f->due_to, today) < 0;
    f->remind_due = !f->done && remind && *remind && strcmp(remind, now) <= 0;
    return f->item_label && f->description;
}

void fs_followup_list_free(fs_followup *v, int n)
{
    for (int i = 0; v && i < n; i++) {
        free(v[i].item_label);
        free(v[i].description);
    }
    free(v);
}

/* A follow-up with its item's label and the logins (read_followup). */
#define FOLLOWUP_SELECT                                                                                           \
    "SELECT f.id, f.item_kind, f.item_id, CASE f.item_kind WHEN 'opportunity' THEN " LABEL_OPPORTUNITY("f.item_id") \
    " WHEN 'identity' THEN " LABEL_IDENTITY("f.item_id") " WHEN 'document' THEN " LABEL_DOCUMENT("f.item_id")      \
    " WHEN 'product' THEN " LABEL_PRODUCT("f.item_id") " END, f.user_id, u.login, f.due_from, f.due_to, "          \
    "f.remind_at, f.description, f.done, f.created_at, c.login, f.created_by FROM followup f JOIN user u ON u.id = f.user_id "  \
    "JOIN user c ON c.id = f.created_by "
/* The due list: ?1 user, ?2 last due_from, ?3 today, ?4 limit; `done`
 * picks the variant that keeps done ones. */
#define DUE_WHERE "WHERE f.user_id = ?1 AND f.due_from <= ?2 "
#define FOLLOWUP_ORDER                                                                                            \
    " ORDER BY f.done, f.due_to < ?3 DESC, CASE WHEN f.due_to < ?3 THEN f.due_to END, f.due_from, f.id LIMIT ?4"

int fs_followup_list(fs_session *s, const fs_followup_filter *f, fs_followup **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    int64_t user = f->user_id ? f->user_id : s->user_id;
    if (user != s->user_id && !fs_can(s, FS_PERM_VIEW_ALL))
        return fs_err_set(e, FS_EPERM, "user",
                          _("permission denied: you may see only your own follow-ups (needs %s)."),
                          fs_perm_name(FS_PERM_VIEW_ALL));
    if (f->days_ahead < -1 || f->days_ahead > 36500)
        return fs_err_set(e, FS_EINVAL, "days", _("days: must be a whole number from 0 to 36500."));
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  f->include_done ? FOLLOWUP_SELECT DUE_WHERE FOLLOWUP_ORDER
                                                  : FOLLOWUP_SELECT DUE_WHERE "AND f.done = 0" FOLLOWUP_ORDER,
                                  e);
    if (!st)
        return FS_ERUNTIME;
    char until[11], today[11];
    if (f->days_ahead < 0)
        snprintf(until, sizeof until, "9999-12-31");
    else
        fs_day_to_iso(s->today + f->days_ahead, until);
    fs_day_to_iso(s->today, today);
    sqlite3_bind_int64(st, 1, user);
    sqlite3_bind_text(st, 2, until, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 4, f->limit > 0 ? f->limit : FS_RECORDS_DEFAULT_LIMIT);
    int rc = fs_rows_read(s, st, (void **)out, n, sizeof **out, read_followup, _("reading the follow-ups"), e);
    if (rc != FS_OK) {
        fs_followup_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int fs_followup_reminders(fs_session *s, int limit, fs_followup **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  FOLLOWUP_SELECT "WHERE f.user_id = ?1 AND f.done = 0 AND f.remind_at IS NOT NULL "
                                                  "AND f.remind_at <= ?2 ORDER BY f.remind_at, f.id LIMIT ?3",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    char now[21];
    fs_now_iso(now);
    sqlite3_bind_int64(st, 1, s->user_id);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, limit > 0 ? limit : FS_RECORDS_DEFAULT_LIMIT);
    int rc = fs_rows_read(s, st, (void **)out, n, sizeof **out, read_followup, _("reading the follow-ups"), e);
    if (rc != FS_OK) {
        fs_followup_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

void fs_followup_free(fs_followup *f)
{
    if (!f)
        return;
    free(f->item_label);
    free(f->description);
    memset(f, 0, sizeof *f);
}

/* True when the acting user may see and change a follow-up of user, made
 * by creator. */
static bool followup_mine(const fs_session *s, int64_t user, int64_t creator)
{
    return user == s->user_id || creator == s->user_id || fs_can(s, FS_PERM_VIEW_ALL);
}

int fs_followup_get(fs_session *s, int64_t id, fs_followup *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = fs_db_stmt(s->db, FOLLOWUP_SELECT "WHERE f.id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW;
    if (ok && !read_followup(s, st, out)) {
        sqlite3_reset(st);
        fs_followup_free(out);
        return oom(e);
    }
    int64_t creator = ok ? sqlite3_column_int64(st, 13) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("reading the follow-ups"), e);
    if (!ok || !followup_mine(s, out->user_id, creator)) {
        fs_followup_free(out);
        return fs_err_set(e, FS_ECONFLICT, "followup", _("follow-up %lld: not found."), (long long)id);
    }
    return FS_OK;
}

struct done_ctx {
    fs_session *s;
    int64_t id;
    bool done;
};

/* The transaction of fs_followup_set_done(): who may, then the update. */
static int done_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct done_ctx *c = vctx;
    sqlite3_stmt *st = fs_db_stmt(db, "SELECT user_id, created_by FROM followup WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    int rc = sqlite3_step(st);
    int64_t user = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    int64_t creator = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return fs_err_set(e, FS_ECONFLICT, "followup", _("follow-up %lld: not found."), (long long)c->id);
    if (!followup_mine(c->s, user, creator))
        return fs_err_set(e, FS_EPERM, "followup",
                          _("permission denied: follow-up %lld is neither yours nor made by you (needs %s)."),
                          (long long)c->id, fs_perm_name(FS_PERM_VIEW_ALL));
    st = fs_db_stmt(db, "UPDATE followup SET done = ?2 WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int(st, 2, c->done);
    return fs_db_step_done(db, st, _("saving the follow-up"), e);
}

int fs_followup_set_done(fs_session *s, int64_t id, bool done, fs_err *e)
{
    struct done_ctx c = { s, id, done };
    return fs_db_write(s->db, done_tx, &c, e);
}

/* ---- tags ------------------------------------------------------------------- */

void fs_tag_list_free(char **v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* Copies a tag from its row. */
static bool read_tag(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    char **t = elem;
    *t = fs_col_strdup(st, 0);
    return *t != NULL;
}

/* The item's tags without the visibility check (callers made it). */
static int tags_of(fs_session *s, const char *kind, int64_t id, char ***out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT tag FROM tag WHERE item_kind = ?1 AND item_id = ?2 ORDER BY tag", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    int rc = fs_rows_read(s, st, (void **)out, n, sizeof **out, read_tag, _("reading the tags"), e);
    if (rc != FS_OK) {
        fs_tag_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int fs_tag_list(fs_session *s, const char *item_kind, int64_t item_id, char ***out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    if (fs_item_check(s, item_kind, item_id, NULL, 0, e) != FS_OK)
        return e->code;
    return tags_of(s, item_kind, item_id, out, n, e);
}

struct tag_ctx {
    fs_session *s;
    const char *kind;
    int64_t item_id;
    const char *tag;
    bool add;
};

/* Adds or removes a tag: the stored tag with the same search key is the
 * one a removal takes and the one an addition may not repeat. */
static int tag_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct tag_ctx *c = vctx;
    char *tag = NULL, *key = NULL, **tags = NULL;
    int ntags = 0, found = -1;
    if (fs_item_check(c->s, c->kind, c->item_id, NULL, 0, e) != FS_OK ||
        fs_list_clean_name("tag", _("tag"), c->tag, FS_TAG_MAX, &tag, e) != FS_OK ||
        tags_of(c->s, c->kind, c->item_id, &tags, &ntags, e) != FS_OK)
        goto out;
    if (!(key = fs_text_search_key(tag))) {
        oom(e);
        goto out;
    }
    for (int i = 0; i < ntags && found < 0; i++) {
        char *k = fs_text_search_key(tags[i]);
        if (k && strcmp(k, key) == 0)
            found = i;
        free(k);
    }
    if (c->add && found >= 0) {
        fs_err_set(e, FS_ECONFLICT, "tag", _("tag: it already has the tag \"%s\"."), tags[found]);
        goto out;
    }
    if (!c->add && found < 0) {
        fs_err_set(e, FS_ECONFLICT, "tag", _("tag: it has no tag \"%s\"."), tag);
        goto out;
    }
    sqlite3_stmt *st = fs_db_stmt(db,
                                  c->add ? "INSERT INTO tag(item_kind, item_id, tag) VALUES (?1, ?2, ?3)"
                                         : "DELETE FROM tag WHERE item_kind = ?1 AND item_id = ?2 AND tag = ?3",
                                  e);
    if (!st)
        goto out;
    const char *stored = c->add ? tag : tags[found];
    sqlite3_bind_text(st, 1, c->kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, c->item_id);
    sqlite3_bind_text(st, 3, stored, -1, SQLITE_TRANSIENT);
    char now[21];
    fs_now_iso(now);
    if (fs_db_step_done(db, st, _("saving the tag"), e) == FS_OK)
        fs_history_record(c->s, c->kind, c->item_id, "tag", c->add ? NULL : stored, c->add ? stored : NULL, now, e);
out:
    free(tag);
    free(key);
    fs_tag_list_free(tags, ntags);
    return e->code;
}

int fs_tag_add(fs_session *s, const char *item_kind, int64_t item_id, const char *tag, fs_err *e)
{
    fs_err_clear(e);
    struct tag_ctx c = { s, item_kind, item_id, tag, true };
    return fs_db_write(s->db, tag_tx, &c, e);
}

int fs_tag_remove(fs_session *s, const char *item_kind, int64_t item_id, const char *tag, fs_err *e)
{
    fs_err_clear(e);
    struct tag_ctx c = { s, item_kind, item_id, tag, false };
    return fs_db_write(s->db, tag_tx, &c, e);
}

int fs_records_set_important(fs_session *s, int64_t opp_id, bool important, fs_err *e)
{
    fs_opp o;
    if (fs_opp_load(s, opp_id, &o, e) != FS_OK)
        return e->code;
    int rc = FS_OK;
    if (o.important != important) {
        o.important = important;
        rc = fs_opp_save(s, &o, e);
    }
    fs_opp_free(&o);
    return rc;
}

/* ---- the records part ----------------------------------------------------------- */

const char *fs_record_kind_name(enum fs_record_kind k)
{
    static const char *const names[] = { "document", "money", "note", "followup" };
    return names[k];
}

/* The parts of the union, each over an alias and a condition. */
#define REC_DOC(cond)                                                                                             \
    "SELECT 0, d.id, d.kind, d.status, coalesce(d.number, ''), d.final, d.issue_date, d.created_at, "             \
    "(SELECT login FROM user WHERE id = d.created_by), CASE WHEN d.opp_id IS NULL THEN 'identity' ELSE "          \
    "'opportunity' END, coalesce(d.opp_id, d.identity_id) FROM document d WHERE " cond
#define REC_MONEY(cond)                                                                                           \
    "SELECT 1, m.id, m.kind, '', coalesce(m.description, ''), m.amount, m.date, m.created_at, "                   \
    "(SELECT login FROM user WHERE id = m.created_by), CASE WHEN m.opp_id IS NULL THEN 'identity' ELSE "          \
    "'opportunity' END, coalesce(m.opp_id, m.identity_id) FROM money_item m WHERE ?3 AND " cond
#define REC_NOTE(cond)                                                                                            \
    "SELECT 2, n.id, '', '', n.body, 0, date(n.created_at, 'localtime'), n.created_at, "                          \
    "(SELECT login FROM user WHERE id = n.created_by), n.item_kind, n.item_id FROM note n WHERE " cond
#define REC_FOLLOWUP(cond)                                                                                        \
    "SELECT 3, f.id, CASE f.done WHEN 1 THEN 'done' ELSE 'open' END, '', f.description, 0, f.due_from, "          \
    "f.created_at, (SELECT login FROM user WHERE id = f.created_by), f.item_kind, f.item_id FROM followup f "     \
    "WHERE " cond
#define ON_ITEM(alias, kind) alias ".item_kind = '" kind "' AND " alias ".item_id = ?1"
/* The identity's opportunities the user may see (?2: user, ?4: sees all). */
#define VISIBLE_OPPS(alias)                                                                                       \
    alias ".item_kind = 'opportunity' AND " alias ".item_id IN (SELECT id FROM opportunity WHERE identity_id = ?1 " \
    "AND (?4 OR created_by = ?2 OR assigned_id = ?2))"
#define REC_ORDER " ORDER BY 8 DESC, 1, 2 DESC LIMIT ?5"

static const char *const records_sql[] = {
    /* opportunity */
    REC_DOC("d.opp_id = ?1") " UNION ALL " REC_MONEY("m.opp_id = ?1") " UNION ALL " REC_NOTE(
        ON_ITEM("n", "opportunity")) " UNION ALL " REC_FOLLOWUP(ON_ITEM("f", "opportunity")) REC_ORDER,
    /* identity */
    REC_DOC("d.identity_id = ?1") " UNION ALL " REC_MONEY("m.identity_id = ?1") " UNION ALL " REC_NOTE(
        ON_ITEM("n", "identity")) " UNION ALL " REC_NOTE(VISIBLE_OPPS("n")) " UNION ALL "
        REC_FOLLOWUP(ON_ITEM("f", "identity")) " UNION ALL " REC_FOLLOWUP(VISIBLE_OPPS("f")) REC_ORDER,
    /* document */
    REC_DOC("d.source_doc_id = ?1") " UNION ALL " REC_MONEY("m.doc_id = ?1") " UNION ALL " REC_NOTE(
        ON_ITEM("n", "document")) " UNION ALL " REC_FOLLOWUP(ON_ITEM("f", "document")) REC_ORDER,
    /* product */
    REC_NOTE(ON_ITEM("n", "product")) " UNION ALL " REC_FOLLOWUP(ON_ITEM("f", "product")) REC_ORDER,
};

/* Fills a record from a row of the records union. */
static bool read_record(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    fs_record *r = elem;
    r->kind = (enum fs_record_kind)sqlite3_column_int(st, 0);
    r->id = sqlite3_column_int64(st, 1);
    copy_col(st, 2, r->subkind, sizeof r->subkind);
    copy_col(st, 3, r->status, sizeof r->status);
    r->text = fs_col_strdup(st, 4);
    r->amount = sqlite3_column_int64(st, 5);
    copy_col(st, 6, r->date, sizeof r->date);
    copy_col(st, 7, r->at, sizeof r->at);
    copy_col(st, 8, r->login, sizeof r->login);
    copy_col(st, 9, r->item_kind, sizeof r->item_kind);
    r->item_id = sqlite3_column_int64(st, 10);
    return r->text != NULL;
}

void fs_records_list_free(fs_record *v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i].text);
    free(v);
}

int fs_records_list(fs_session *s, const char *item_kind, int64_t item_id, int limit, fs_record **out, int *n,
                    fs_err *e)
{
    *out = NULL;
    *n = 0;
    if (fs_item_check(s, item_kind, item_id, NULL, 0, e) != FS_OK)
        return e->code;
    sqlite3_stmt *st = fs_db_stmt(s->db, records_sql[kind_index(item_kind)], e);
    if (!st)
        return FS_ERUNTIME;
    /* Every variant numbers its values alike; one may leave some unused. */
    sqlite3_bind_int64(st, 1, item_id);
    sqlite3_bind_int64(st, 2, s->user_id);
    sqlite3_bind_int(st, 3, fs_can(s, FS_PERM_VIEW_BALANCE));
    sqlite3_bind_int(st, 4, fs_can(s, FS_PERM_VIEW_ALL));
    sqlite3_bind_int(st, 5, limit > 0 ? limit : FS_RECORDS_DEFAULT_LIMIT);
    int rc = fs_rows_read(s, st, (void **)out, n, sizeof **out, read_record, _("reading the records"), e);
    if (rc != FS_OK) {
        fs_records_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
