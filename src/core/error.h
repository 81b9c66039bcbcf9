/* error.h — the one error type of forsat.
 *
 * Every core function that can fail returns an int status (FS_OK or one of the
 * FS_E* codes below) and fills a caller-owned fs_err.  The codes are also the
 * program's exit statuses (SPEC §12), so the CLI can `return err.code`.
 * The message is one sentence that names the field and the rule; it is
 * already translated (gettext) when it is set.
 */
#ifndef FS_ERROR_H
#define FS_ERROR_H

#include <stddef.h>

enum fs_status {
    FS_OK = 0,
    FS_ERUNTIME = 1,   /* I/O, database, out of memory */
    FS_EINVAL = 2,     /* bad usage or invalid input; nothing changed */
    FS_EPERM = 3,      /* permission denied */
    FS_ECONFLICT = 4,  /* conflict (stale version, duplicate) or not found */
};

typedef struct fs_err {
    int code;          /* an fs_status */
    char field[64];    /* the field concerned, "" when none */
    char msg[512];     /* one translated sentence */
} fs_err;

/* Clears *e to FS_OK. Accepts NULL. */
void fs_err_clear(fs_err *e);

/* Sets *e (if e is not NULL) and returns code, so callers can write
 * `return fs_err_set(e, FS_EINVAL, "title", _("..."), ...);`. */
int fs_err_set(fs_err *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
