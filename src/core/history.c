/* history.c — change_log rows (see history.h). */
#include "history.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* True when two optional texts hold the same value; NULL equals "". */
static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int fs_history_record(fs_session *s, const char *kind, int64_t id, const char *field, const char *old_value,
                      const char *new_value, const char *now, fs_err *e)
{
    if (same_text(old_value, new_value))
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "INSERT INTO change_log(item_kind, item_id, field, old_value, new_value, user_id, at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    /* An empty value is stored as NULL so "was empty" reads the same
     * whatever the field's type. */
    fs_bind_text(st, 4, old_value && *old_value ? old_value : NULL);
    fs_bind_text(st, 5, new_value && *new_value ? new_value : NULL);
    sqlite3_bind_int64(st, 6, s->user_id);
    sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
    return fs_db_step_done(s->db, st, _("recording the change history"), e);
}

int fs_history_record_int(fs_session *s, const char *kind, int64_t id, const char *field, int64_t old_value,
                          int64_t new_value, int zero_is_empty, const char *now, fs_err *e)
{
    char a[24], b[24];
    snprintf(a, sizeof a, "%" PRId64, old_value);
    snprintf(b, sizeof b, "%" PRId64, new_value);
    return fs_history_record(s, kind, id, field, zero_is_empty && old_value == 0 ? NULL : a,
                             zero_is_empty && new_value == 0 ? NULL : b, now, e);
}
