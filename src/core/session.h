/* session.h — who is acting, on which database, with which permissions and
 * display preferences.  Every domain function takes an fs_session.
 *
 * The acting user is the operating-system login (SPEC §3), mapped to an
 * application user; an unmapped or disabled login is refused.  An admin may
 * act as another user (`--as LOGIN`), which the tests and scripts use.
 */
#ifndef FS_SESSION_H
#define FS_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "jdate.h"
#include "store.h"
#include "text.h"

/* The permission flags of SPEC §3; their string names are stored in
 * role_perm/user_perm (see fs_perm_name). */
enum fs_perm {
    FS_PERM_VIEW_ALL,       /* opp.view_all: see every opportunity */
    FS_PERM_SELECT_PRODUCT, /* opp.select_product */
    FS_PERM_EDIT_PRICE,     /* opp.edit_price: change a defined unit price */
    FS_PERM_RENAME_OTHER,   /* opp.rename_other: rename the "Other" line */
    FS_PERM_APPROVE,        /* doc.approve: approve/reject documents */
    FS_PERM_EDIT_APPROVED,  /* doc.edit_approved */
    FS_PERM_VIEW_BALANCE,   /* balance.view */
    FS_PERM_VIEW_STOCK,     /* stock.view (quantity warehousing) */
    FS_PERM_ADMIN_LISTS,    /* admin.lists: system lists, campaigns */
    FS_PERM_ADMIN_USERS,    /* admin.users */
    FS_PERM_ADMIN_MODEL,    /* admin.model: subtypes, stages, custom fields, settings */
    FS_PERM_DELETE,         /* delete */
    FS_PERM_BULK_EDIT,      /* bulk_edit */
    FS_PERM_EXPORT,         /* export */
    FS_PERM_COUNT
};

const char *fs_perm_name(enum fs_perm p);
/* A translated phrase for messages: "approve documents". */
const char *fs_perm_label(enum fs_perm p);
/* -1 when the name is unknown. */
int fs_perm_from_name(const char *name);

typedef struct fs_session {
    fs_db *db;
    int64_t user_id;
    char login[64];
    char user_name[128];
    uint32_t perms;             /* bit (1u << fs_perm) */
    bool lang_fa;               /* Persian UI and labels */
    enum fs_digits digits;
    enum fs_calendar calendar;
    bool toman;                 /* show amounts in Toman (display only: storage, CSV and JSON stay Rial) */
    fs_day today;
} fs_session;

/* The operating-system login of this process (getpwuid(getuid())). */
const char *fs_os_login(void);

/* Opens the database (see fs_db_open for flags) and resolves the acting
 * user: `as_login` when not NULL (allowed only to a user holding
 * admin.users), else the OS login. */
int fs_session_open(fs_session *s, const char *path, int flags, const char *as_login, fs_err *e);
void fs_session_close(fs_session *s);

/* Loads user and permissions for login into s (used by open and by tests). */
int fs_session_login(fs_session *s, const char *login, fs_err *e);

bool fs_can(const fs_session *s, enum fs_perm p);
/* FS_OK, or FS_EPERM with "permission denied: you may not <label> (needs
 * <name>)." */
int fs_require(const fs_session *s, enum fs_perm p, fs_err *e);

/* `forsat init`: creates the database, writes the defaults and registers
 * `login` as an admin.  Refuses an already initialised database. */
int fs_init_database(const char *path, const char *login, fs_err *e);

#endif
