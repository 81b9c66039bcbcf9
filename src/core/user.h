/* user.h — application users mapped from operating-system logins, their
 * roles and per-user permission grants (SPEC §3). */
#ifndef FS_USER_H
#define FS_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

typedef struct fs_user {
    int64_t id;
    const char *login, *name, *role;   /* role key: admin, sales_rep, … */
    bool active;
    /* Per-user grants and revocations on top of the role, by name:
     * "+export -opp.view_all" ("" when none). */
    const char *overrides;
} fs_user;

typedef int (*fs_user_cb)(void *ctx, const fs_user *u);

/* Every user in the order they were added, the first (the OS user who ran
 * `forsat init`) first; disabled ones only when all. */
int fs_user_list(fs_session *s, bool all, fs_user_cb cb, void *ctx, fs_err *e);
/* Adds login with a display name and a role key; needs admin.users. */
int fs_user_add(fs_session *s, const char *login, const char *name, const char *role, int64_t *id, fs_err *e);
/* Changes name and/or role (NULL keeps); needs admin.users. */
int fs_user_edit(fs_session *s, int64_t id, const char *name, const char *role, fs_err *e);
/* Enables or disables a user; an admin cannot disable themselves. */
int fs_user_set_active(fs_session *s, int64_t id, bool active, fs_err *e);
/* Grants (granted = true) or revokes one permission for one user on top
 * of the role; perm is a permission name (opp.view_all …). */
int fs_user_grant(fs_session *s, int64_t id, const char *perm, bool granted, fs_err *e);
/* The permissions of user id as bit sets (1u << enum fs_perm): those its
 * role gives, and its own grants and revocations on top (a permission the
 * user holds is (role | granted) & ~revoked).  FS_ECONFLICT naming "user"
 * when there is no such user.  Reading needs no permission. */
int fs_user_perms(fs_session *s, int64_t id, uint32_t *role, uint32_t *granted, uint32_t *revoked, fs_err *e);

#endif
