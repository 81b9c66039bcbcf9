/* cmd_role.c — `forsat role list|grant|revoke ROLE PERMISSION`: the
 * permissions each role gives its users (SPEC §3).  Every rule
 * (admin.users, known roles and permissions, someone keeping admin.users)
 * lives in src/core/role.c.  Sessions load permissions when they start, so
 * a change applies to a user from their next start. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "role.h"

struct rows {
    struct cli *c;
    struct cli_table *t;
    int64_t only_id;
};

/* Adds one role row: its permissions by name, in the order of SPEC §3. */
static int add_row(void *v, const fs_role *r)
{
    struct rows *x = v;
    if (x->only_id && r->id != x->only_id)
        return 0;
    char id[24], users[24], perms[400] = "";
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    snprintf(users, sizeof users, "%lld", (long long)r->users);
    for (int p = 0; p < FS_PERM_COUNT; p++)
        if (r->perms & (1u << p)) {
            if (perms[0])
                strncat(perms, " ", sizeof perms - strlen(perms) - 1);
            strncat(perms, fs_perm_name((enum fs_perm)p), sizeof perms - strlen(perms) - 1);
        }
    const char *cells[] = { id, r->key, x->c->lang_fa ? r->title_fa : r->title_en, users, perms };
    cli_table_add(x->t, cells);
    return 0;
}

/* Prints every role (or only only_id). */
static int print_roles(struct cli *c, int64_t only_id)
{
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },           { "role", _("role"), COL_TEXT },
        { "title", _("title"), COL_TEXT },    { "users", _("active users"), COL_INT },
        { "permissions", _("permissions"), COL_TEXT },
    };
    struct rows x = { c, cli_table_new(cols, 5), only_id };
    if (!x.t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    int rc = 0;
    if (fs_role_list(&c->s, add_row, &x, &e) != FS_OK)
        rc = cli_fail(&e);
    else
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    return rc;
}

/* `role list`. */
static int role_list(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    return rc ? rc : print_roles(c, 0);
}

/* `role grant|revoke ROLE PERMISSION`: prints the role as it now is. */
static int role_grant_or_revoke(struct cli *c, int argc, char **argv, bool grant)
{
    struct cli_strv pos = { 0 };
    int rc = cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos);
    if (!rc && pos.n != 2)
        rc = cli_usage("%s: %s", _("usage"), grant ? "role grant ROLE PERMISSION" : "role revoke ROLE PERMISSION");
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    if (!rc && (fs_role_grant(&c->s, pos.v[0], pos.v[1], grant, &e) != FS_OK ||
                fs_role_find(&c->s, pos.v[0], &id, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc ? rc : print_roles(c, id);
}

static int role_grant(struct cli *c, int argc, char **argv)
{
    return role_grant_or_revoke(c, argc, argv, true);
}

static int role_revoke(struct cli *c, int argc, char **argv)
{
    return role_grant_or_revoke(c, argc, argv, false);
}

static const struct cli_cmd role_cmds[] = {
    { "list", role_list, "role list" },
    { "grant", role_grant, "role grant ROLE PERMISSION   (applies to its users from their next start)" },
    { "revoke", role_revoke, "role revoke ROLE PERMISSION" },
    { NULL, NULL, NULL },
};

/* `forsat role …`. */
int cmd_role(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "role", role_cmds, argc - 1, argv + 1);
}
