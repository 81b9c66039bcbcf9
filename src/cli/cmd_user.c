/* cmd_user.c — `forsat user add|edit|list|disable|enable|grant|revoke`:
 * application users, their roles and per-user permissions (SPEC §3).
 * Every rule (admin.users, valid logins and roles, not disabling oneself)
 * lives in src/core/user.c. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "user.h"

/* User rows for a table; only_id set keeps just that one. */
struct rows {
    struct cli_table *t;
    int64_t only_id;
};

/* Adds one user row to the table. */
static int add_row(void *v, const fs_user *u)
{
    struct rows *x = v;
    if (x->only_id && u->id != x->only_id)
        return 0;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)u->id);
    const char *cells[] = { id, u->login, u->name, u->role, u->active ? "1" : "0", u->overrides };
    cli_table_add(x->t, cells);
    return 0;
}

/* Prints every user (or only only_id) in the chosen format. */
static int print_users(struct cli *c, int64_t only_id)
{
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },       { "login", _("login"), COL_TEXT },
        { "name", _("name"), COL_TEXT },  { "role", _("role"), COL_TEXT },
        { "active", _("active"), COL_BOOL }, { "permissions", _("own permissions"), COL_TEXT },
    };
    struct rows x = { cli_table_new(cols, 6), only_id };
    if (!x.t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    int rc = 0;
    if (fs_user_list(&c->s, true, add_row, &x, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    return rc;
}

/* Parses argv with opts and exactly npos positional arguments, opens the
 * session and resolves the first positional argument as a user (id or
 * login) into *id.  Returns 0 or the exit status; pos is the caller's to
 * free. */
static int parse_user_args(struct cli *c, int argc, char **argv, const struct cli_opt *opts, int npos,
                           const char *usage, struct cli_strv *pos, int64_t *id)
{
    int rc = cli_parse(argc, argv, opts, pos);
    if (!rc && pos->n != npos)
        rc = cli_usage("%s: %s", _("usage"), usage);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_lookup_user(&c->s, pos->v[0], _("user"), id, &e) != FS_OK)
        rc = cli_fail(&e);
    return rc;
}

/* After a change: the user's id, or with --format json the whole record. */
static int print_done(struct cli *c, int64_t id)
{
    if (c->format == CLI_JSON)
        return print_users(c, id);
    printf("%lld\n", (long long)id);
    return 0;
}

/* `user add LOGIN --name NAME --role ROLE`: prints the new id. */
static int user_add(struct cli *c, int argc, char **argv)
{
    const char *name = NULL, *role = NULL;
    const struct cli_opt opts[] = { { "name", 1, &name, NULL, NULL }, { "role", 1, &role, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = cli_parse(argc, argv, opts, &pos);
    if (!rc && pos.n != 1)
        rc = cli_usage("%s", _("user add: give one login, like `user add sara --name \"سارا احمدی\" --role sales_rep`."));
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    if (!rc && fs_user_add(&c->s, pos.v[0], name, role, &id, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc ? rc : print_done(c, id);
}

/* `user edit LOGIN [--name N] [--role R]`. */
static int user_edit(struct cli *c, int argc, char **argv)
{
    const char *name = NULL, *role = NULL;
    const struct cli_opt opts[] = { { "name", 1, &name, NULL, NULL }, { "role", 1, &role, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = parse_user_args(c, argc, argv, opts, 1, "user edit LOGIN [--name NAME] [--role ROLE]", &pos, &id);
    cli_strv_free(&pos);
    if (!rc && !name && !role)
        rc = cli_usage("%s", _("user edit: give --name or --role (or both)."));
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_user_edit(&c->s, id, name, role, &e) != FS_OK)
        rc = cli_fail(&e);
    return rc ? rc : print_done(c, id);
}

/* `user list`: every user, disabled ones too (see the active column). */
static int user_list(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    return rc ? rc : print_users(c, 0);
}

/* `user disable|enable LOGIN`. */
static int user_set_active(struct cli *c, int argc, char **argv, bool active)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = parse_user_args(c, argc, argv, (const struct cli_opt[]){ { 0 } }, 1,
                             active ? "user enable LOGIN" : "user disable LOGIN", &pos, &id);
    cli_strv_free(&pos);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_user_set_active(&c->s, id, active, &e) != FS_OK)
        rc = cli_fail(&e);
    return rc ? rc : print_done(c, id);
}

static int user_disable(struct cli *c, int argc, char **argv)
{
    return user_set_active(c, argc, argv, false);
}

static int user_enable(struct cli *c, int argc, char **argv)
{
    return user_set_active(c, argc, argv, true);
}

/* `user grant|revoke LOGIN PERM`: a per-user grant or revocation on top
 * of the role. */
static int user_grant_or_revoke(struct cli *c, int argc, char **argv, bool grant)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = parse_user_args(c, argc, argv, (const struct cli_opt[]){ { 0 } }, 2,
                             grant ? "user grant LOGIN PERMISSION" : "user revoke LOGIN PERMISSION", &pos, &id);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_user_grant(&c->s, id, pos.v[1], grant, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc ? rc : print_done(c, id);
}

static int user_grant(struct cli *c, int argc, char **argv)
{
    return user_grant_or_revoke(c, argc, argv, true);
}

static int user_revoke(struct cli *c, int argc, char **argv)
{
    return user_grant_or_revoke(c, argc, argv, false);
}

static const struct cli_cmd user_cmds[] = {
    { "add", user_add, "user add LOGIN --name NAME --role admin|sales_manager|sales_rep|warehouse_keeper|financial_manager" },
    { "edit", user_edit, "user edit LOGIN [--name NAME] [--role ROLE]" },
    { "list", user_list, "user list" },
    { "disable", user_disable, "user disable LOGIN" },
    { "enable", user_enable, "user enable LOGIN" },
    { "grant", user_grant, "user grant LOGIN PERMISSION" },
    { "revoke", user_revoke, "user revoke LOGIN PERMISSION" },
    { NULL, NULL, NULL },
};

/* `forsat user …`. */
int cmd_user(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "user", user_cmds, argc - 1, argv + 1);
}
