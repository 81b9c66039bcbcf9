/* share.h — one database for several users on one server (SPEC §3, §11):
 * the database's directory and files belong to a Unix group whose
 * members all run forsat on it.  See README "Several users on one
 * server". */
#ifndef FS_SHARE_H
#define FS_SHARE_H

#include <sys/types.h>

#include "error.h"

/* The id of Unix group `group`; FS_EINVAL when there is no such group. */
int fs_share_group(const char *group, gid_t *gid, fs_err *e);

/* Checks, before anything is created, what fs_share_database would
 * refuse: the group (fs_share_group) and the directory. */
int fs_share_check(const char *path, const char *group, fs_err *e);

/* Gives the database at path (already created) to `group`: the directory
 * that holds it becomes group-owned with mode 2770 (setgid, so files
 * created in it later — the -wal and -shm files every connection makes —
 * get the group too), the database and its -wal and -shm files mode 0660.
 * The -wal and -shm files are made first by opening the database in WAL
 * mode.  Refuses (FS_EINVAL) a directory that is not the database's own:
 * a home directory, /, or a sticky directory such as /tmp.  FS_EPERM when
 * the system refuses the change (the caller must own the files and belong
 * to the group, or be root). */
int fs_share_database(const char *path, const char *group, fs_err *e);

#endif
