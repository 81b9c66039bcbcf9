/* campaign.c — campaigns (see campaign.h). */
#include "campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "jdate.h"
#include "lists.h"
#include "text.h"

/* An optional ISO date: NULL/"" is none; anything else must be a real
 * date. */
static int check_date(const char *field, const char *label, const char *iso, fs_err *e)
{
    fs_day d;
    if (!iso || !*iso || fs_day_from_iso(iso, &d) == FS_OK)
        return FS_OK;
    return fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is not a date."), label, iso);
}

/* FS_ECONFLICT when another campaign's name has the same search key.
 * Campaigns are few (tens to hundreds): the names are compared here. */
static int check_unique(fs_session *s, const char *name, fs_err *e)
{
    char *key = fs_text_search_key(name);
    if (!key)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, name FROM campaign", e);
    int status = st ? FS_OK : FS_ERUNTIME;
    while (status == FS_OK && sqlite3_step(st) == SQLITE_ROW) {
        char *k = fs_text_search_key((const char *)sqlite3_column_text(st, 1));
        if (k && strcmp(k, key) == 0)
            status = fs_err_set(e, FS_ECONFLICT, "name", _("%s: campaign %lld is already called \"%s\"."),
                                _("name"), (long long)sqlite3_column_int64(st, 0),
                                (const char *)sqlite3_column_text(st, 1));
        free(k);
    }
    if (st)
        sqlite3_reset(st);
    free(key);
    return status;
}

struct add_ctx {
    fs_session *s;
    const char *name, *start, *end;
    int64_t id;
};

/* The transaction of fs_campaign_add(): validate, then insert. */
static int add_tx(fs_db *db, void *v, fs_err *e)
{
    struct add_ctx *a = v;
    char *name = NULL;
    int st = fs_list_clean_name("name", _("name"), a->name, FS_CAMPAIGN_NAME_MAX, &name, e);
    if (st == FS_OK)
        st = check_date("start", _("start date"), a->start, e);
    if (st == FS_OK)
        st = check_date("end", _("end date"), a->end, e);
    /* ISO dates compare as text. */
    if (st == FS_OK && a->start && *a->start && a->end && *a->end && strcmp(a->end, a->start) < 0)
        st = fs_err_set(e, FS_EINVAL, "end", _("%s: must not be before the start date."), _("end date"));
    if (st == FS_OK)
        st = check_unique(a->s, name, e);
    if (st == FS_OK) {
        char now[21];
        fs_now_iso(now);
        sqlite3_stmt *ins = fs_db_stmt(db, "INSERT INTO campaign(name, start_date, end_date, created_at) "
                                           "VALUES (?1, ?2, ?3, ?4)", e);
        if (!ins) {
            st = FS_ERUNTIME;
        } else {
            fs_bind_text(ins, 1, name);
            fs_bind_text(ins, 2, a->start && *a->start ? a->start : NULL);
            fs_bind_text(ins, 3, a->end && *a->end ? a->end : NULL);
            fs_bind_text(ins, 4, now);
            st = fs_db_step_done(db, ins, _("saving the campaign"), e);
            a->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
        }
    }
    free(name);
    return st;
}

int fs_campaign_add(fs_session *s, const char *name, const char *start_date, const char *end_date, int64_t *id,
                    fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_LISTS, e) != FS_OK)
        return FS_EPERM;
    struct add_ctx a = { s, name, start_date, end_date, 0 };
    int st = fs_db_write(s->db, add_tx, &a, e);
    if (st == FS_OK && id)
        *id = a.id;
    return st;
}

int fs_campaign_list(fs_session *s, bool all, fs_campaign_cb cb, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, name, start_date, end_date, active, created_at FROM campaign "
                                         "WHERE ?1 OR active ORDER BY id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int(st, 1, all);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_campaign c = {
            sqlite3_column_int64(st, 0),
            (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3),
            sqlite3_column_int(st, 4) != 0,
            (const char *)sqlite3_column_text(st, 5),
        };
        if (cb(ctx, &c) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    int status = rc == SQLITE_DONE ? FS_OK : fs_db_fail(s->db, _("reading campaigns"), e);
    sqlite3_reset(st);
    return status;
}

/* Reads whether campaign id is active; FS_ECONFLICT when it does not exist. */
static int campaign_active(fs_session *s, int64_t id, bool *active, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT active FROM campaign WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *active = sqlite3_column_int(st, 0) != 0;
    sqlite3_reset(st);
    if (rc == SQLITE_ROW)
        return FS_OK;
    return fs_err_set(e, FS_ECONFLICT, "campaign", _("campaign %lld does not exist."), (long long)id);
}

struct active_ctx {
    fs_session *s;
    int64_t id;
    bool active;
};

/* The transaction of fs_campaign_set_active(). */
static int active_tx(fs_db *db, void *v, fs_err *e)
{
    struct active_ctx *a = v;
    bool was;
    int st = campaign_active(a->s, a->id, &was, e);
    if (st != FS_OK || was == a->active)
        return st;
    sqlite3_stmt *up = fs_db_stmt(db, "UPDATE campaign SET active = ?2 WHERE id = ?1", e);
    if (!up)
        return FS_ERUNTIME;
    sqlite3_bind_int64(up, 1, a->id);
    sqlite3_bind_int(up, 2, a->active);
    st = fs_db_step_done(db, up, _("saving the campaign"), e);
    char now[21];
    fs_now_iso(now);
    if (st == FS_OK)
        st = fs_history_record_int(a->s, "campaign", a->id, "active", was, a->active, 0, now, e);
    return st;
}

int fs_campaign_set_active(fs_session *s, int64_t id, bool active, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_LISTS, e) != FS_OK)
        return FS_EPERM;
    struct active_ctx a = { s, id, active };
    return fs_db_write(s->db, active_tx, &a, e);
}

int fs_campaign_check_active(fs_session *s, int64_t id, const char *field, fs_err *e)
{
    bool active = false;
    int st = campaign_active(s, id, &active, e);
    if (st == FS_ECONFLICT)
        return fs_err_set(e, FS_EINVAL, field, _("%s: campaign %lld does not exist."), field, (long long)id);
    if (st == FS_OK && !active)
        return fs_err_set(e, FS_EINVAL, field, _("%s: campaign %lld is disabled; choose an active one."), field,
                          (long long)id);
    return st;
}
