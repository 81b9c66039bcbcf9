/* rows.h — reading every row of a query into a growing array, the loop
 * that lists of lines, stages, fields and history entries share. */
#ifndef FS_ROWS_H
#define FS_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

/* Fills one zeroed element from the current row; false when memory ran
 * out. */
typedef bool (*fs_row_fn)(const fs_session *s, sqlite3_stmt *st, void *elem);

/* Steps st (a cached statement, already bound) to its end, appending one
 * element of size sz per row to the array *arr of *n elements, and resets
 * st.  FS_ERUNTIME with *e filled on out of memory or a database error
 * (`what` says what was being read); the array then holds the rows read so
 * far, for the caller to free as usual. */
int fs_rows_read(fs_session *s, sqlite3_stmt *st, void **arr, int *n, size_t sz, fs_row_fn read, const char *what,
                 fs_err *e);

#endif
