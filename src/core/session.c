#include "session.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

static const struct {
    const char *name;
    const char *label;
} perm_table[FS_PERM_COUNT] = {
    [FS_PERM_VIEW_ALL] = { "opp.view_all", N_("view all opportunities") },
    [FS_PERM_SELECT_PRODUCT] = { "opp.select_product", N_("select products in opportunities") },
    [FS_PERM_EDIT_PRICE] = { "opp.edit_price", N_("edit a defined unit price") },
    [FS_PERM_RENAME_OTHER] = { "opp.rename_other", N_("rename the \"Other\" product line") },
    [FS_PERM_APPROVE] = { "doc.approve", N_("approve or reject documents") },
    [FS_PERM_EDIT_APPROVED] = { "doc.edit_approved", N_("edit approved documents") },
    [FS_PERM_VIEW_BALANCE] = { "balance.view", N_("view balances") },
    [FS_PERM_VIEW_STOCK] = { "stock.view", N_("view stock") },
    [FS_PERM_ADMIN_LISTS] = { "admin.lists", N_("manage lists and campaigns") },
    [FS_PERM_ADMIN_USERS] = { "admin.users", N_("manage users") },
    [FS_PERM_ADMIN_MODEL] = { "admin.model", N_("manage subtypes, stages, custom fields and settings") },
    [FS_PERM_DELETE] = { "delete", N_("delete records") },
    [FS_PERM_BULK_EDIT] = { "bulk_edit", N_("edit in bulk") },
    [FS_PERM_EXPORT] = { "export", N_("export data") },
};

const char *fs_perm_name(enum fs_perm p) { return perm_table[p].name; }
const char *fs_perm_label(enum fs_perm p) { return _(perm_table[p].label); }

int fs_perm_from_name(const char *name)
{
    for (int i = 0; i < FS_PERM_COUNT; i++)
        if (strcmp(perm_table[i].name, name) == 0)
            return i;
    return -1;
}

const char *fs_os_login(void)
{
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_name ? pw->pw_name : "";
}

bool fs_can(const fs_session *s, enum fs_perm p)
{
    return (s->perms >> p) & 1u;
}

int fs_require(const fs_session *s, enum fs_perm p, fs_err *e)
{
    if (fs_can(s, p))
        return FS_OK;
    return fs_err_set(e, FS_EPERM, "", _("permission denied: you may not %s (needs %s)."),
                      fs_perm_label(p), fs_perm_name(p));
}

int fs_session_login(fs_session *s, const char *login, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, name, role_id, active FROM user WHERE login = ?", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, login, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return fs_err_set(e, FS_EPERM, "user",
                          _("the login \"%s\" is not a forsat user; an admin adds it with `forsat user add %s --name NAME --role ROLE`."),
                          login, login);
    }
    int64_t id = sqlite3_column_int64(st, 0);
    snprintf(s->user_name, sizeof s->user_name, "%s", (const char *)sqlite3_column_text(st, 1));
    int64_t role = sqlite3_column_int64(st, 2);
    int active = sqlite3_column_int(st, 3);
    sqlite3_reset(st);
    if (!active)
        return fs_err_set(e, FS_EPERM, "user", _("the user \"%s\" is disabled; ask an admin."), login);
    s->user_id = id;
    snprintf(s->login, sizeof s->login, "%s", login);

    /* Role permissions, then per-user grants (1) and revocations (0). */
    s->perms = 0;
    st = fs_db_stmt(s->db,
                    "SELECT perm, 1 FROM role_perm WHERE role_id = ?1 "
                    "UNION ALL SELECT perm, granted FROM user_perm WHERE user_id = ?2",
                    e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, role);
    sqlite3_bind_int64(st, 2, id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int p = fs_perm_from_name((const char *)sqlite3_column_text(st, 0));
        if (p < 0)
            continue;
        if (sqlite3_column_int(st, 1))
            s->perms |= 1u << p;
        else
            s->perms &= ~(1u << p);
    }
    sqlite3_reset(st);
    return FS_OK;
}

int fs_session_open(fs_session *s, const char *path, int flags, const char *as_login, fs_err *e)
{
    fs_db *db = s->db;
    if (!db) {
        int st = fs_db_open(path, flags, &db, e);
        if (st != FS_OK)
            return st;
        s->db = db;
    }
    if (!fs_db_initialised(db)) {
        fs_session_close(s);
        return fs_err_set(e, FS_ECONFLICT, "db", _("the database %s is empty; run `forsat init` first."), path);
    }
    s->today = fs_today();
    int st = fs_session_login(s, fs_os_login(), e);
    if (st == FS_OK && as_login && strcmp(as_login, s->login) != 0) {
        if (!fs_can(s, FS_PERM_ADMIN_USERS))
            st = fs_err_set(e, FS_EPERM, "as", _("permission denied: only an admin may act as another user (needs %s)."),
                            fs_perm_name(FS_PERM_ADMIN_USERS));
        else
            st = fs_session_login(s, as_login, e);
    }
    if (st != FS_OK)
        fs_session_close(s);
    return st;
}

void fs_session_close(fs_session *s)
{
    fs_db_close(s->db);
    s->db = NULL;
}

struct init_ctx {
    const char *login;
};

/* Writes the defaults and the first admin in one transaction. */
static int init_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct init_ctx *c = vctx;
    if (fs_db_initialised(db))
        return fs_err_set(e, FS_ECONFLICT, "db", _("the database %s is already initialised; nothing was changed."),
                          fs_db_path(db));
    if (fs_db_seed_defaults(db, e) != FS_OK)
        return FS_ERUNTIME;
    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *st = fs_db_stmt(db,
        "INSERT INTO user(login, name, role_id, created_at) "
        "VALUES (?1, ?1, (SELECT id FROM role WHERE key = 'admin'), ?2)", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, c->login, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
    if (fs_db_step_done(db, st, _("registering the admin"), e) != FS_OK)
        return FS_ERUNTIME;
    /* The first admin may move stock in the default warehouse at once. */
    return fs_db_exec(db, "INSERT INTO warehouse_user(warehouse_id, user_id) "
                          "SELECT w.id, u.id FROM warehouse w, user u", e);
}

int fs_init_database(const char *path, const char *login, fs_err *e)
{
    if (!login || !*login)
        return fs_err_set(e, FS_EINVAL, "user", _("cannot tell who is running forsat: this process has no login name."));
    fs_db *db = NULL;
    int st = fs_db_open(path, FS_DB_CREATE, &db, e);
    if (st != FS_OK)
        return st;
    struct init_ctx c = { login };
    st = fs_db_write(db, init_tx, &c, e);
    fs_db_close(db);
    return st;
}
