/* share.c — a database shared by a Unix group (see share.h). */
#include "share.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "store.h"

int fs_share_group(const char *group, gid_t *gid, fs_err *e)
{
    struct group *g = group && *group ? getgrnam(group) : NULL;
    if (!g)
        return fs_err_set(e, FS_EINVAL, "shared", _("--shared: there is no Unix group \"%s\"; create it first "
                                                   "(groupadd %s) and add the users to it."),
                          group ? group : "", group ? group : "");
    *gid = g->gr_gid;
    return FS_OK;
}

/* Gives one file or directory to gid with mode; a missing -wal/-shm file
 * (optional) is skipped. */
static int give(const char *path, gid_t gid, mode_t mode, int optional, fs_err *e)
{
    if (chown(path, (uid_t)-1, gid) != 0 || chmod(path, mode) != 0) {
        if (optional && errno == ENOENT)
            return FS_OK;
        int err = errno;
        return fs_err_set(e, err == EPERM || err == EACCES ? FS_EPERM : FS_ERUNTIME, "shared",
                          _("--shared: cannot give %s to the group: %s (you must own it and belong to the group, or "
                            "be root)."),
                          path, strerror(err));
    }
    return FS_OK;
}

/* FS_EINVAL when dir is not a directory of the database's own (one that
 * does not exist yet will be made for it). */
static int check_dir(const char *dir, fs_err *e)
{
    char real[PATH_MAX], home[PATH_MAX];
    if (!realpath(dir, real) && errno == ENOENT)
        return FS_OK;
    if (!realpath(dir, real))
        return fs_err_set(e, FS_ERUNTIME, "shared", _("--shared: cannot read the directory %s: %s."), dir,
                          strerror(errno));
    struct stat sb;
    struct passwd *pw = getpwuid(getuid());
    const char *h = getenv("HOME");
    bool is_home = (h && realpath(h, home) && strcmp(home, real) == 0) ||
                   (pw && pw->pw_dir && realpath(pw->pw_dir, home) && strcmp(home, real) == 0);
    if (strcmp(real, "/") == 0 || is_home || (stat(real, &sb) == 0 && (sb.st_mode & S_ISVTX)))
        return fs_err_set(e, FS_EINVAL, "shared",
                          _("--shared: %s is not a directory of the database's own; put a shared database in a "
                            "directory of its own, like /srv/forsat/forsat.db."),
                          real);
    return FS_OK;
}

/* The directory part of path (malloc'd). */
static char *dir_of(const char *path)
{
    char *dir = malloc(strlen(path) + 2);
    if (!dir)
        return NULL;
    strcpy(dir, path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        strcpy(dir, ".");
    else if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    return dir;
}

int fs_share_check(const char *path, const char *group, fs_err *e)
{
    gid_t gid;
    int rc = fs_share_group(group, &gid, e);
    if (rc != FS_OK)
        return rc;
    char *dir = dir_of(path);
    if (!dir)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    rc = check_dir(dir, e);
    free(dir);
    return rc;
}

int fs_share_database(const char *path, const char *group, fs_err *e)
{
    gid_t gid;
    int rc = fs_share_check(path, group, e);
    if (rc != FS_OK || (rc = fs_share_group(group, &gid, e)) != FS_OK)
        return rc;
    char *dir = dir_of(path);
    if (!dir)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));

    /* Open in WAL mode and keep the -wal and -shm files when closing, so
     * they exist to be given to the group now. */
    fs_db *db = NULL;
    if (rc == FS_OK)
        rc = fs_db_open(path, 0, &db, e);
    if (rc == FS_OK) {
        int persist = 1;
        sqlite3_file_control(fs_db_sqlite(db), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
        rc = fs_db_exec(db, "SELECT count(*) FROM sqlite_schema", e);
        fs_db_close(db);
    }
    size_t n = strlen(path) + 8;
    char *side = malloc(n);
    if (rc == FS_OK && !side)
        rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    if (rc == FS_OK)
        rc = give(dir, gid, 02770, 0, e);
    if (rc == FS_OK)
        rc = give(path, gid, 0660, 0, e);
    if (rc == FS_OK) {
        snprintf(side, n, "%s-wal", path);
        rc = give(side, gid, 0660, 1, e);
    }
    if (rc == FS_OK) {
        snprintf(side, n, "%s-shm", path);
        rc = give(side, gid, 0660, 1, e);
    }
    free(side);
    free(dir);
    return rc;
}
