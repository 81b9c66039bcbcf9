/* csv_out.h — writing CSV: the one row writer the command line and the
 * screens share (RFC 4180 through libcsv: every cell quoted, quotes
 * doubled, CRLF line ends), and a CSV file written atomically for the
 * screens' export (SPEC §10: tables can be exported as CSV).
 *
 * A file is written to PATH.tmp in the same directory, flushed, fsync'd
 * and renamed over PATH only when every row is in, so a half-written file
 * never exists under the chosen name; any failure removes PATH.tmp again.
 * Refusals name the field "file" and say what went wrong in one sentence
 * (the folder does not exist, no permission to write there, the disk is
 * full, the file exists).
 */
#ifndef FS_CSV_OUT_H
#define FS_CSV_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

/* Writes one CSV row of n cells (NULL = empty) to f.  Returns 0, or -1
 * when f reports a write error. */
int fs_csv_write_row(FILE *f, const char *const *cells, int n);

/* The UTF-8 byte-order mark spreadsheets (Excel) look for. */
#define FS_CSV_BOM "\xEF\xBB\xBF"

typedef struct fs_csv_file {
    FILE *f;
    char *path;                /* the chosen name */
    char *name;                /* how messages name it */
    char *tmp;                 /* path + ".tmp", where the rows go first */
    bool replace;              /* an existing file at path may be replaced */
    int err;                   /* errno of the first failed write, 0 = none */
    long rows;                 /* rows written (the header and totals too) */
} fs_csv_file;

/* Starts the file: creates path.tmp (never over an existing one) and
 * writes the byte-order mark when bom.  Without replace, an existing file
 * at path is FS_ECONFLICT and nothing is created.  FS_EINVAL when path is
 * empty, a folder or in a folder that does not exist; FS_ERUNTIME when it
 * cannot be written (permissions, a full disk).  Messages call the file
 * `name` (as the user typed it, "~/…"; NULL = path). */
int fs_csv_file_open(fs_csv_file *cf, const char *path, const char *name, bool replace, bool bom, fs_err *e);
/* Appends one row (see fs_csv_write_row).  After a failure the file is
 * removed and every later call fails the same way. */
int fs_csv_file_row(fs_csv_file *cf, const char *const *cells, int n, fs_err *e);
/* Flushes and fsyncs path.tmp and renames it to path (then fsyncs the
 * folder).  On failure path.tmp is removed and path is left as it was. */
int fs_csv_file_commit(fs_csv_file *cf, fs_err *e);
/* Gives up: closes and removes path.tmp.  Safe after commit or on a file
 * never opened (zeroed). */
void fs_csv_file_abort(fs_csv_file *cf);

#endif
