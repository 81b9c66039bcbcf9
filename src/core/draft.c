#include "draft.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

/* Checks the form name every call takes. */
static int check_form(const char *form, fs_err *e)
{
    if (!form || !*form || strlen(form) >= FS_DRAFT_FORM_MAX)
        return fs_err_set(e, FS_EINVAL, "form", _("form: must be a name of 1 to %d bytes."), FS_DRAFT_FORM_MAX - 1);
    return FS_OK;
}

struct save_ctx {
    fs_session *s;
    const char *form;
    int64_t item_id;
    const char *payload;
};

/* Replaces the draft: delete and insert rather than an upsert, because
 * UNIQUE(user_id, form, item_id) does not hold NULL item ids (new items)
 * equal.  The new row's id also orders drafts newest first. */
static int save_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct save_ctx *c = vctx;
    sqlite3_stmt *st = fs_db_stmt(db, "DELETE FROM draft WHERE user_id = ?1 AND form = ?2 AND item_id IS ?3", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->s->user_id);
    sqlite3_bind_text(st, 2, c->form, -1, SQLITE_STATIC);
    fs_bind_id(st, 3, c->item_id);
    if (fs_db_step_done(db, st, _("saving the draft"), e) != FS_OK)
        return e->code;
    st = fs_db_stmt(db, "INSERT INTO draft(user_id, form, item_id, payload, saved_at) VALUES (?1, ?2, ?3, ?4, ?5)", e);
    if (!st)
        return FS_ERUNTIME;
    char now[21];
    fs_now_iso(now);
    sqlite3_bind_int64(st, 1, c->s->user_id);
    sqlite3_bind_text(st, 2, c->form, -1, SQLITE_STATIC);
    fs_bind_id(st, 3, c->item_id);
    sqlite3_bind_text(st, 4, c->payload, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
    return fs_db_step_done(db, st, _("saving the draft"), e);
}

int fs_draft_save(fs_session *s, const char *form, int64_t item_id, const char *payload, fs_err *e)
{
    if (check_form(form, e) != FS_OK)
        return FS_EINVAL;
    if (!payload)
        payload = "";
    size_t n = strlen(payload);
    if (n > FS_DRAFT_PAYLOAD_MAX)
        return fs_err_set(e, FS_EINVAL, "payload", _("draft: must be at most %d bytes."), FS_DRAFT_PAYLOAD_MAX);
    if (!fs_text_valid_utf8(payload, n))
        return fs_err_set(e, FS_EINVAL, "payload", _("draft: must be valid UTF-8 text."));
    struct save_ctx c = { s, form, item_id, payload };
    return fs_db_write(s->db, save_tx, &c, e);
}

int fs_draft_load(fs_session *s, const char *form, int64_t item_id, char **payload, char saved_at[21], fs_err *e)
{
    *payload = NULL;
    if (saved_at)
        saved_at[0] = '\0';
    if (check_form(form, e) != FS_OK)
        return FS_EINVAL;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT payload, saved_at FROM draft WHERE user_id = ?1 AND form = ?2 "
                                  "AND item_id IS ?3 ORDER BY id DESC LIMIT 1",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, s->user_id);
    sqlite3_bind_text(st, 2, form, -1, SQLITE_STATIC);
    fs_bind_id(st, 3, item_id);
    int rc = sqlite3_step(st);
    int status = FS_OK;
    if (rc == SQLITE_ROW) {
        *payload = fs_col_strdup(st, 0);
        if (saved_at)
            fs_text_copy(saved_at, 21, (const char *)sqlite3_column_text(st, 1));
        if (!*payload)
            status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    } else if (rc != SQLITE_DONE) {
        status = fs_db_fail(s->db, _("reading the draft"), e);
    }
    sqlite3_reset(st);
    return status;
}

struct delete_ctx {
    fs_session *s;
    const char *form;
    int64_t item_id;
};

static int delete_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct delete_ctx *c = vctx;
    sqlite3_stmt *st = fs_db_stmt(db, "DELETE FROM draft WHERE user_id = ?1 AND form = ?2 AND item_id IS ?3", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->s->user_id);
    sqlite3_bind_text(st, 2, c->form, -1, SQLITE_STATIC);
    fs_bind_id(st, 3, c->item_id);
    return fs_db_step_done(db, st, _("removing the draft"), e);
}

int fs_draft_delete(fs_session *s, const char *form, int64_t item_id, fs_err *e)
{
    if (check_form(form, e) != FS_OK)
        return FS_EINVAL;
    struct delete_ctx c = { s, form, item_id };
    return fs_db_write(s->db, delete_tx, &c, e);
}

int fs_draft_list(fs_session *s, fs_draft_fn cb, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT id, form, coalesce(item_id, 0), payload, saved_at FROM draft "
                                  "WHERE user_id = ?1 ORDER BY id DESC",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, s->user_id);
    int rc, status = FS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_draft d = {
            .id = sqlite3_column_int64(st, 0),
            .form = (const char *)sqlite3_column_text(st, 1),
            .item_id = sqlite3_column_int64(st, 2),
            .payload = (const char *)sqlite3_column_text(st, 3),
            .saved_at = (const char *)sqlite3_column_text(st, 4),
        };
        if ((status = cb(ctx, &d)) != 0)
            break;
    }
    if (status == FS_OK && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("reading the drafts"), e);
    sqlite3_reset(st);
    return status;
}
