/* history.c — change_log rows (see history.h). */
#include "history.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "opportunity.h"

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

const char *fs_history_kind(const char *text)
{
    static const struct {
        const char *word, *kind;
    } kinds[] = {
        { "opp", "opportunity" }, { "opportunity", "opportunity" }, { "contact", "identity" },
        { "identity", "identity" }, { "product", "product" },        { "doc", "document" },
        { "document", "document" }, { "campaign", "campaign" },
    };
    for (size_t i = 0; text && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(text, kinds[i].word) == 0)
            return kinds[i].kind;
    return NULL;
}

/* FS_OK when item (kind, id) exists and the acting user may see it, else
 * FS_ECONFLICT "not found".  Opportunities follow the visibility rule of
 * opportunity.h; the other kinds are visible to every user. */
static int check_item(fs_session *s, const char *kind, int64_t id, fs_err *e)
{
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    if (strcmp(kind, "opportunity") == 0) {
        int64_t found;
        return fs_opp_find(s, idt, "opportunity", &found, e);
    }
    static const struct {
        const char *kind, *sql;
    } tables[] = {
        { "identity", "SELECT 1 FROM identity WHERE id = ?1" },
        { "product", "SELECT 1 FROM product WHERE id = ?1" },
        { "document", "SELECT 1 FROM document WHERE id = ?1" },
        { "campaign", "SELECT 1 FROM campaign WHERE id = ?1" },
    };
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        if (strcmp(kind, tables[i].kind) != 0)
            continue;
        sqlite3_stmt *st = fs_db_stmt(s->db, tables[i].sql, e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_ROW)
            return FS_OK;
        if (rc != SQLITE_DONE)
            return fs_db_fail(s->db, _("reading the history"), e);
        return fs_err_set(e, FS_ECONFLICT, kind, _("%s %s: not found."), kind, idt);
    }
    return fs_err_set(e, FS_EINVAL, "kind", _("kind: must be opp, contact, product, doc or campaign."));
}

int fs_history_list(fs_session *s, const char *kind, int64_t id, fs_change_cb cb, void *ctx, fs_err *e)
{
    int rc = check_item(s, kind, id, e);
    if (rc != FS_OK)
        return rc;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT c.id, c.field, c.old_value, c.new_value, u.login, c.at FROM change_log c "
                                  "JOIN user u ON u.id = c.user_id WHERE c.item_kind = ?1 AND c.item_id = ?2 "
                                  "ORDER BY c.id DESC",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_change c = {
            sqlite3_column_int64(st, 0),
            (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3),
            (const char *)sqlite3_column_text(st, 4),
            (const char *)sqlite3_column_text(st, 5),
        };
        if (cb(ctx, &c))
            break;
    }
    int status = rc == SQLITE_ROW || rc == SQLITE_DONE ? FS_OK : fs_db_fail(s->db, _("reading the history"), e);
    sqlite3_reset(st);
    return status;
}
