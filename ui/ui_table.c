/* ui_table.c — grid rows with ids, selection and keyset paging. */
#include "ui_table.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

void ut_init(struct ui_table *t, int ncols)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
}

void ut_clear(struct ui_table *t)
{
    for (int i = 0; i < t->n * t->ncols; i++)
        free(t->cells[i]);
    t->n = 0;
}

void ut_free(struct ui_table *t)
{
    ut_clear(t);
    free(t->cells);
    free(t->ids);
    free(t->back);
    memset(t, 0, sizeof *t);
}

bool ut_add(struct ui_table *t, int64_t id, const char *const *v)
{
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 32;
        char **c = realloc(t->cells, (size_t)cap * (size_t)t->ncols * sizeof *c);
        if (!c)
            return false;
        t->cells = c;
        int64_t *ids = realloc(t->ids, (size_t)cap * sizeof *ids);
        if (!ids)
            return false;
        t->ids = ids;
        t->cap = cap;
    }
    char **row = t->cells + (size_t)t->n * (size_t)t->ncols;
    for (int c = 0; c < t->ncols; c++) {
        row[c] = strdup(v[c] ? v[c] : "");
        if (!row[c]) {
            while (c-- > 0)
                free(row[c]);
            return false;
        }
    }
    t->ids[t->n++] = id;
    return true;
}

int64_t ut_sel_id(const struct ui_table *t)
{
    return t->sel >= 0 && t->sel < t->n ? t->ids[t->sel] : 0;
}

void ut_reload(struct ui *ui, struct ui_table *t, ut_load_fn load, void *ctx)
{
    t->depth = 0;
    t->after = 0;
    t->sel = t->top = 0;
    load(ui, ctx, t);
}

void ut_refresh(struct ui *ui, struct ui_table *t, ut_load_fn load, void *ctx)
{
    int sel = t->sel, top = t->top;
    load(ui, ctx, t);
    t->sel = sel < t->n ? sel : (t->n ? t->n - 1 : 0);
    t->top = top <= t->sel ? top : t->sel;
}

int ut_visible(const struct ui *ui, int y)
{
    int v = ui->rows - 2 - (y + 1);
    return v > 1 ? v : 1;
}

/* Moves the selection by delta rows, loading the next or previous page
 * when it runs off this one. */
static void sel_move(struct ui *ui, struct ui_table *t, int delta, int visible, ut_load_fn load, void *ctx)
{
    int target = t->sel + delta;
    if (load && target >= t->n && t->more && t->n) {
        if (t->depth == t->back_cap) {
            int cap = t->back_cap ? t->back_cap * 2 : 16;
            int64_t *b = realloc(t->back, (size_t)cap * sizeof *b);
            if (!b)
                return;
            t->back = b;
            t->back_cap = cap;
        }
        t->back[t->depth++] = t->after;
        t->after = t->ids[t->n - 1];
        load(ui, ctx, t);
        t->sel = t->top = 0;
        return;
    }
    if (load && target < 0 && t->depth > 0) {
        t->after = t->back[--t->depth];
        load(ui, ctx, t);
        t->sel = t->n ? t->n - 1 : 0;
        t->top = t->sel - visible + 1 > 0 ? t->sel - visible + 1 : 0;
        return;
    }
    if (target >= t->n)
        target = t->n - 1;
    if (target < 0)
        target = 0;
    t->sel = target;
    if (t->sel < t->top)
        t->top = t->sel;
    if (t->sel >= t->top + visible)
        t->top = t->sel - visible + 1;
}

bool ut_nav_key(struct ui *ui, struct ui_table *t, const struct ui_key *k, int visible, ut_load_fn load, void *ctx)
{
    if (k->meta)
        return false;
    int delta = k->code == KEY_DOWN ? 1 : k->code == KEY_UP ? -1 : k->code == KEY_NPAGE ? visible
              : k->code == KEY_PPAGE ? -visible : 0;
    if (!delta)
        return false;
    sel_move(ui, t, delta, visible, load, ctx);
    return true;
}

void ut_draw(struct ui *ui, const struct ui_table *t, int y, int x, int w, const struct ui_col *cols, bool focus)
{
    ui_grid_draw(ui, y, x, w, cols, t->ncols, t->cells, t->n, focus ? t->sel : -1, t->top);
}

void ut_kv(struct ui *ui, int y, int x, int lw, int w, const char *label, const char *value, enum ui_role role)
{
    ui_text(ui, y, x, lw, label, FS_ALIGN_START, ROLE_LABEL);
    ui_text(ui, y, x + lw + 1, w, value ? value : "", FS_ALIGN_START, role);
}

void ut_tabs(struct ui *ui, int y, int x, const char *const *labels, int n, int cur)
{
    for (int i = 0; i < n; i++) {
        char tab[128];
        snprintf(tab, sizeof tab, " %s ", _(labels[i]));
        int w = fs_text_width(tab);
        ui_text(ui, y, x, w, tab, FS_ALIGN_START, i == cur ? ROLE_FOCUS : ROLE_DIM);
        x += w + 1;
    }
}

void ut_totals(struct ui *ui, const char *text, enum fs_align align)
{
    ui_fill(ui, ui->rows - 2, 0, ui->cols, ROLE_HEADING);
    ui_text(ui, ui->rows - 2, 1, ui->cols - 2, text, align, ROLE_HEADING);
}

void ut_local_digits(struct ui *ui, const char *s, char *out, size_t n)
{
    char *l = fs_text_local_digits(s ? s : "", ui->s->digits);
    fs_text_copy(out, n, l ? l : s);
    free(l);
}
