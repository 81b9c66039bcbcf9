/* ui_table.h — the rows behind a screen's grid: cells as logical text with
 * the id of each row, the selection, and keyset paging (a page holds the
 * rows after a key; earlier pages are remembered as a stack of keys), so a
 * list of a million rows keeps one page in memory.
 */
#ifndef FS_UI_TABLE_H
#define FS_UI_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"
#include "widgets.h"

struct ui_table {
    int ncols;
    int n, cap;
    char **cells;          /* n * ncols strings */
    int64_t *ids;          /* the id of each row (the paging key) */
    int sel, top;
    int64_t after;         /* this page holds the rows after this key */
    bool more;             /* a next page exists (set by the loader) */
    int64_t *back;         /* `after` of every earlier page */
    int depth, back_cap;
};

/* Loads the page after t->after into t (after ut_clear) and sets t->more. */
typedef void (*ut_load_fn)(struct ui *ui, void *ctx, struct ui_table *t);

void ut_init(struct ui_table *t, int ncols);
/* Drops the rows (the paging state stays). */
void ut_clear(struct ui_table *t);
void ut_free(struct ui_table *t);
/* Appends a row of ncols texts (NULL = ""); false when memory ran out. */
bool ut_add(struct ui_table *t, int64_t id, const char *const *v);
/* The selected row's id, 0 when the table is empty. */
int64_t ut_sel_id(const struct ui_table *t);
/* Loads the first page again, selecting its first row. */
void ut_reload(struct ui *ui, struct ui_table *t, ut_load_fn load, void *ctx);
/* Reloads the current page keeping the selection where it can. */
void ut_refresh(struct ui *ui, struct ui_table *t, ut_load_fn load, void *ctx);
/* Grid rows visible below a heading drawn on row y. */
int ut_visible(const struct ui *ui, int y);
/* Up/Down/PgUp/PgDn: moves the selection, crossing into the next or the
 * previous page through load (NULL: one page only).  True when used. */
bool ut_nav_key(struct ui *ui, struct ui_table *t, const struct ui_key *k, int visible, ut_load_fn load, void *ctx);
/* Draws the table as a grid with its heading on row y. */
void ut_draw(struct ui *ui, const struct ui_table *t, int y, int x, int w, const struct ui_col *cols, bool focus);

/* One "label  value" pair on row y: the label in lw columns from x, the
 * value in w columns after it. */
void ut_kv(struct ui *ui, int y, int x, int lw, int w, const char *label, const char *value, enum ui_role role);

/* A row of tabs from x on row y (labels untranslated, N_), cur
 * highlighted. */
void ut_tabs(struct ui *ui, int y, int x, const char *const *labels, int n, int cur);
/* The totals row just above the status bar. */
void ut_totals(struct ui *ui, const char *text, enum fs_align align);

/* A copy of digits-only text (phones, numbers) in the session's digits,
 * into out. */
void ut_local_digits(struct ui *ui, const char *s, char *out, size_t n);

#endif
