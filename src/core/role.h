/* role.h — the roles of SPEC §3 and the permissions each grants
 * (role_perm).  Users hold their role's permissions plus their own grants
 * (user.h).  A session loads its permissions when it opens, so a change
 * applies to a user from their next start.
 */
#ifndef FS_ROLE_H
#define FS_ROLE_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

typedef struct fs_role {
    int64_t id;
    const char *key;                   /* admin, sales_rep, … */
    const char *title_fa, *title_en;
    uint32_t perms;                    /* bit (1u << enum fs_perm) */
    int64_t users;                     /* active users with this role */
} fs_role;

typedef int (*fs_role_cb)(void *ctx, const fs_role *r);

/* Every role in id order.  Reading needs no permission. */
int fs_role_list(fs_session *s, fs_role_cb cb, void *ctx, fs_err *e);

/* Grants (granted = true) or revokes one permission (a name: export,
 * opp.view_all …) of role (its key, or its id in digits); needs
 * admin.users.  Revoking admin.users is refused (FS_ECONFLICT naming
 * "permission") when no role, or no active user, would hold it after.
 * Granting what the role holds, or revoking what it does not, changes
 * nothing and is not an error. */
int fs_role_grant(fs_session *s, const char *role, const char *perm, bool granted, fs_err *e);

/* The id of role key (or id in digits); FS_EINVAL naming "role" when
 * unknown. */
int fs_role_find(fs_session *s, const char *role, int64_t *id, fs_err *e);

#endif
