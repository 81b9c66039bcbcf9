#include "user.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store.h"
#include "text.h"

int fs_user_list(fs_session *s, bool all, fs_user_cb cb, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT u.id, u.login, u.name, r.key, u.active, "
        "(SELECT coalesce(group_concat(p, ' '), '') FROM (SELECT CASE WHEN granted THEN '+' ELSE '-' END || perm AS p "
        "FROM user_perm WHERE user_id = u.id ORDER BY perm)) "
        "FROM user u JOIN role r ON r.id = u.role_id WHERE ?1 OR u.active ORDER BY u.id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int(st, 1, all);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_user u = { sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                      (const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
                      sqlite3_column_int(st, 4) != 0, (const char *)sqlite3_column_text(st, 5) };
        if (cb(ctx, &u))
            break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_ERROR ? fs_db_fail(s->db, _("listing users"), e) : FS_OK;
}

/* The id of a role key; FS_EINVAL naming the roles when unknown. */
static int role_id(fs_session *s, const char *role, int64_t *id, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id FROM role WHERE key = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, role, -1, SQLITE_TRANSIENT);
    int found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (!found)
        return fs_err_set(e, FS_EINVAL, "role",
                          _("role: must be one of admin, sales_manager, sales_rep, warehouse_keeper, financial_manager."));
    return FS_OK;
}

struct user_write {
    fs_session *s;
    const char *sql;
    const char *t1, *t2;
    int64_t i1, i2;
    const char *what;
};

/* Runs one parameterised write: ?1 ?2 text, ?3 ?4 integers. */
static int user_write_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct user_write *w = vctx;
    sqlite3_stmt *st = fs_db_stmt(db, w->sql, e);
    if (!st)
        return FS_ERUNTIME;
    fs_bind_text(st, 1, w->t1);
    fs_bind_text(st, 2, w->t2);
    sqlite3_bind_int64(st, 3, w->i1);
    sqlite3_bind_int64(st, 4, w->i2);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return fs_err_set(e, FS_ECONFLICT, "login", _("login: \"%s\" is already a user."), w->t1 ? w->t1 : "");
    if (rc != SQLITE_DONE)
        return fs_db_fail(db, w->what, e);
    if (sqlite3_changes(fs_db_sqlite(db)) == 0)
        return fs_err_set(e, FS_ECONFLICT, "user", _("user: not found."));
    return FS_OK;
}

int fs_user_add(fs_session *s, const char *login, const char *name, const char *role, int64_t *id, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_USERS, e) != FS_OK)
        return FS_EPERM;
    if (!login || !*login || strlen(login) > 32 || strpbrk(login, " \t\n:/"))
        return fs_err_set(e, FS_EINVAL, "login", _("login: an operating-system login name is required (no spaces)."));
    char *clean = fs_text_normalize(name && *name ? name : login);
    if (!clean)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int64_t rid = 0;
    int rc = role_id(s, role ? role : "sales_rep", &rid, e);
    if (rc == FS_OK) {
        struct user_write w = { s, "INSERT INTO user(login, name, role_id, created_at) VALUES (?1, ?2, ?3, "
                                   "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                                login, clean, rid, 0, _("adding the user") };
        rc = fs_db_write(s->db, user_write_tx, &w, e);
        if (rc == FS_OK && id)
            *id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    }
    free(clean);
    return rc;
}

int fs_user_edit(fs_session *s, int64_t id, const char *name, const char *role, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_USERS, e) != FS_OK)
        return FS_EPERM;
    int64_t rid = 0;
    if (role && role_id(s, role, &rid, e) != FS_OK)
        return FS_EINVAL;
    char *clean = name ? fs_text_normalize(name) : NULL;
    if (name && (!clean || !*clean)) {
        free(clean);
        return fs_err_set(e, FS_EINVAL, "name", _("name: must not be empty."));
    }
    struct user_write w = { s, "UPDATE user SET name = coalesce(?2, name), "
                               "role_id = CASE WHEN ?4 > 0 THEN ?4 ELSE role_id END WHERE id = ?3",
                            NULL, clean, id, rid, _("editing the user") };
    int rc = fs_db_write(s->db, user_write_tx, &w, e);
    free(clean);
    return rc;
}

int fs_user_set_active(fs_session *s, int64_t id, bool active, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_USERS, e) != FS_OK)
        return FS_EPERM;
    if (!active && id == s->user_id)
        return fs_err_set(e, FS_EINVAL, "user", _("user: you cannot disable yourself."));
    struct user_write w = { s, "UPDATE user SET active = ?4 WHERE id = ?3", NULL, NULL, id, active,
                            _("changing the user") };
    return fs_db_write(s->db, user_write_tx, &w, e);
}

int fs_user_grant(fs_session *s, int64_t id, const char *perm, bool granted, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_USERS, e) != FS_OK)
        return FS_EPERM;
    if (fs_perm_from_name(perm) < 0)
        return fs_err_set(e, FS_EINVAL, "permission", _("permission: \"%s\" is not a permission name."), perm);
    struct user_write w = { s, "INSERT OR REPLACE INTO user_perm(user_id, perm, granted) VALUES (?3, ?1, ?4)",
                            perm, NULL, id, granted, _("granting the permission") };
    return fs_db_write(s->db, user_write_tx, &w, e);
}

int fs_user_perms(fs_session *s, int64_t id, uint32_t *role, uint32_t *granted, uint32_t *revoked, fs_err *e)
{
    *role = *granted = *revoked = 0;
    /* One row for the user (kind 0), then the role's permissions (kind 2)
     * and the user's own grants (1) and revocations (0). */
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT '', 0, 0 FROM user WHERE id = ?1 "
        "UNION ALL SELECT rp.perm, 1, 2 FROM user u JOIN role_perm rp ON rp.role_id = u.role_id WHERE u.id = ?1 "
        "UNION ALL SELECT perm, 1, granted FROM user_perm WHERE user_id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    bool found = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        found = true;
        if (!sqlite3_column_int(st, 1))
            continue;
        int p = fs_perm_from_name((const char *)sqlite3_column_text(st, 0));
        if (p < 0)
            continue;
        int kind = sqlite3_column_int(st, 2);
        uint32_t bit = 1u << p;
        if (kind == 2)
            *role |= bit;
        else if (kind == 1)
            *granted |= bit;
        else
            *revoked |= bit;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("listing users"), e);
    if (!found)
        return fs_err_set(e, FS_ECONFLICT, "user", _("user: not found."));
    return FS_OK;
}
