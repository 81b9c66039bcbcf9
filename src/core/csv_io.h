/* csv_io.h — CSV import and export of contacts, products and
 * opportunities (SPEC §12 `forsat import|export`; columns and rules in
 * docs/CSV.md).
 *
 * Files are RFC 4180 CSV read through libcsv: UTF-8 with or without a
 * byte-order mark, CRLF or LF line ends, quoted fields may hold commas,
 * quotes ("") and line breaks.  The first row names the columns, in English
 * (name, phone, …) or Persian (نام, تلفن, …), in any order.
 *
 * Import validates every row through the same domain functions the
 * commands use, inside ONE write transaction for the whole file: when any
 * row is bad nothing is imported (unless skip_bad, which imports the good
 * rows).  Each problem is reported with the file line the row starts on
 * (1-based, the header is line 1) and the column.  Opportunities take one
 * row per product line, grouped by the opp_ref column.
 */
#ifndef FS_CSV_IO_H
#define FS_CSV_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "jdate.h"
#include "session.h"

enum fs_csv_kind { FS_CSV_CONTACTS, FS_CSV_PRODUCTS, FS_CSV_OPPORTUNITIES };

/* "contacts", "products", "opportunities" (also contact, product, opp,
 * opps); FS_EINVAL naming them otherwise. */
int fs_csv_kind_parse(const char *text, enum fs_csv_kind *kind, fs_err *e);

/* Called for every problem found: the file line the row starts on, the
 * column as the header names it ("" when the problem is the row's or the
 * file's), and one translated sentence. */
typedef void (*fs_import_report_fn)(void *ctx, long line, const char *column, const char *msg);

typedef struct fs_import_opts {
    bool skip_bad;               /* import the good rows, skip the bad ones */
    bool dry_run;                /* check everything, change nothing */
    fs_import_report_fn report;  /* may be NULL */
    void *ctx;
} fs_import_opts;

typedef struct fs_import_result {
    long imported;   /* contacts, products or opportunities (not rows) */
    long skipped;    /* the same, skipped as bad (skip_bad) */
    long bad_rows;   /* rows reported */
} fs_import_result;

/* Imports the CSV file at path.  Needs bulk_edit (and what each row needs:
 * products admin.lists, opportunity lines their permissions).  Returns
 * FS_OK when everything (or, with skip_bad, every good row) was imported
 * or, with dry_run, would be; FS_EINVAL when a row is bad without skip_bad,
 * the header is wrong or the file is not CSV (nothing changed); FS_EPERM;
 * FS_ERUNTIME when the file cannot be read. */
int fs_import_csv(fs_session *s, enum fs_csv_kind kind, const char *path, const fs_import_opts *o,
                  fs_import_result *r, fs_err *e);

/* Called with the header row first (the column names import accepts),
 * then once per row; cells may be NULL (empty).  Non-zero stops. */
typedef int (*fs_export_fn)(void *ctx, const char *const *cells, int n);

/* Every contact, product (not the built-in «سایر») or opportunity line
 * the acting user may see, in id order, as the rows of a CSV file that
 * fs_import_csv reads back.  Needs the export permission.  Dates are
 * Jalali yyyy/mm/dd or ISO yyyy-mm-dd by `dates`; numbers Latin digits
 * without separators. */
int fs_export_csv(fs_session *s, enum fs_csv_kind kind, enum fs_calendar dates, fs_export_fn fn, void *ctx,
                  fs_err *e);

#endif
