/* export.h — the "Export CSV" form the list and report screens open
 * (SPEC §10: tables can be exported as CSV): File (by default
 * ~/forsat-WHAT-<Jalali date>.csv, "~" expanded, any path), Dates (Jalali
 * or ISO) and For Excel (a byte-order mark).  F2 writes the file
 * atomically through the core (fs_csv_file_*): an existing file is replaced
 * only after the user confirms, a refusal (no export permission, a missing
 * folder, a full disk) shows at the File field and leaves no file behind,
 * and success closes the form saying how many rows went to which file.
 *
 * What a CSV holds: text as stored (UTF-8, logical order), amounts as
 * plain integers of Rial, numbers in Latin digits, headings in the UI's
 * language.
 */
#ifndef FS_UI_EXPORT_H
#define FS_UI_EXPORT_H

#include <stdbool.h>

#include "csv_out.h"
#include "jdate.h"
#include "ui.h"

/* Writes the table into cf (heading row, rows, any totals row) with dates
 * in calendar `dates`; *rows gets the number of rows of data (not the
 * heading or totals).  Returns FS_OK or the refusal in e. */
typedef int (*ui_export_fn)(struct ui *ui, void *ctx, fs_csv_file *cf, enum fs_calendar dates, long *rows,
                            fs_err *e);

struct ui_export {
    const char *what;          /* in the default file name: "opportunities" */
    const char *note;          /* what the file will hold, untranslated (N_) */
    bool has_dates;            /* false: the Dates field does not apply */
    ui_export_fn fn;
    void *ctx;
    void (*free_ctx)(void *ctx); /* called when the form closes; may be NULL */
};

/* Opens the form over the current screen.  The form owns x->ctx from here
 * (x->free_ctx frees it, even when the form cannot open). */
void ui_open_export(struct ui *ui, const struct ui_export *x);

/* A number as a CSV cell: Latin digits, no separators. */
void ui_export_int(int64_t v, char *out, size_t n);
/* An ISO date as a CSV cell in calendar cal with Latin digits ("" stays
 * ""). */
void ui_export_date(const char *iso, enum fs_calendar cal, char *out, size_t n);

#endif
