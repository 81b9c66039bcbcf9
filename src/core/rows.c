/* rows.c — query rows into growing arrays (see rows.h). */
#include "rows.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int fs_rows_read(fs_session *s, sqlite3_stmt *st, void **arr, int *n, size_t sz, fs_row_fn read, const char *what,
                 fs_err *e)
{
    int rc, status = FS_OK, cap = *n;
    while (status == FS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            /* Doubling keeps a long history or a big chain linear. */
            cap = cap ? cap * 2 : 8;
            char *v = realloc(*arr, (size_t)cap * sz);
            if (!v) {
                status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
                break;
            }
            *arr = v;
        }
        char *elem = (char *)*arr + (size_t)*n * sz;
        memset(elem, 0, sz);
        (*n)++;
        if (!read(s, st, elem))
            status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    sqlite3_reset(st);
    if (status == FS_OK && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, what, e);
    return status;
}
