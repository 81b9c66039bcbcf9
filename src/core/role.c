/* role.c — roles and their permissions (see role.h). */
#include "role.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store.h"

int fs_role_list(fs_session *s, fs_role_cb cb, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT r.id, r.key, r.title_fa, r.title_en, "
        "(SELECT coalesce(group_concat(perm, ' '), '') FROM role_perm WHERE role_id = r.id), "
        "(SELECT count(*) FROM user WHERE role_id = r.id AND active) FROM role r ORDER BY r.id", e);
    if (!st)
        return FS_ERUNTIME;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_role r = { sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                      (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3), 0,
                      sqlite3_column_int64(st, 5) };
        /* The names, space separated; unknown ones are ignored. */
        char *names = strdup((const char *)sqlite3_column_text(st, 4));
        if (!names) {
            sqlite3_reset(st);
            return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        }
        char *save = NULL;
        for (char *t = strtok_r(names, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            int p = fs_perm_from_name(t);
            if (p >= 0)
                r.perms |= 1u << p;
        }
        free(names);
        if (cb(ctx, &r))
            break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ERROR ? fs_db_fail(s->db, _("listing the roles"), e) : FS_OK;
}

int fs_role_find(fs_session *s, const char *role, int64_t *id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id FROM role WHERE key = ?1 OR CAST(id AS TEXT) = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, role ? role : "", -1, SQLITE_TRANSIENT);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_EINVAL, "role",
                          _("role: must be one of admin, sales_manager, sales_rep, warehouse_keeper, financial_manager."));
    return FS_OK;
}

struct grant_ctx {
    int64_t role;
    const char *perm;
    bool granted;
};

/* One integer from a constant query. */
static int count_of(fs_db *db, const char *sql, int64_t *n, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? FS_OK : fs_db_fail(db, _("changing the role"), e);
}

static int grant_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct grant_ctx *c = vctx;
    sqlite3_stmt *st = fs_db_stmt(db, c->granted ? "INSERT OR IGNORE INTO role_perm(role_id, perm) VALUES (?1, ?2)"
                                                 : "DELETE FROM role_perm WHERE role_id = ?1 AND perm = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->role);
    sqlite3_bind_text(st, 2, c->perm, -1, SQLITE_STATIC);
    if (fs_db_step_done(db, st, _("changing the role"), e) != FS_OK)
        return e->code;
    if (c->granted || strcmp(c->perm, "admin.users") != 0)
        return FS_OK;
    /* Someone must still be able to manage users and roles. */
    int64_t roles = 0, users = 0;
    if (count_of(db, "SELECT count(*) FROM role_perm WHERE perm = 'admin.users'", &roles, e) != FS_OK)
        return e->code;
    if (!roles)
        return fs_err_set(e, FS_ECONFLICT, "permission",
                          _("permission: no role would hold admin.users any more; at least one role must keep it."));
    if (count_of(db,
                 "SELECT count(*) FROM user u WHERE u.active AND ("
                 "EXISTS (SELECT 1 FROM user_perm WHERE user_id = u.id AND perm = 'admin.users' AND granted) OR "
                 "(EXISTS (SELECT 1 FROM role_perm WHERE role_id = u.role_id AND perm = 'admin.users') AND "
                 "NOT EXISTS (SELECT 1 FROM user_perm WHERE user_id = u.id AND perm = 'admin.users' AND NOT granted)))",
                 &users, e) != FS_OK)
        return e->code;
    if (!users)
        return fs_err_set(e, FS_ECONFLICT, "permission",
                          _("permission: without admin.users on this role no active user could manage users; "
                            "give it to another user's role first."));
    return FS_OK;
}

int fs_role_grant(fs_session *s, const char *role, const char *perm, bool granted, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_USERS, e) != FS_OK)
        return FS_EPERM;
    struct grant_ctx c = { 0, perm, granted };
    if (fs_role_find(s, role, &c.role, e) != FS_OK)
        return FS_EINVAL;
    if (!perm || fs_perm_from_name(perm) < 0)
        return fs_err_set(e, FS_EINVAL, "permission", _("permission: \"%s\" is not a permission name."),
                          perm ? perm : "");
    return fs_db_write(s->db, grant_tx, &c, e);
}
