/* field.c — a curses-free one-line text field (see field.h).
 *
 * The text is kept as an array of code points, so the cursor, which the
 * keys move by code points, indexes it directly; the UTF-8 copy handed to
 * the bidi layer is rebuilt after each change, and its code points are
 * exactly those of the array, so the render's logical indices are cursor
 * positions.  The whole line is rendered once per change (cached) and
 * views are cut out of it.
 */
#include "field.h"

#include "error.h"
#include "text.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

/* ---- storage ---------------------------------------------------------- */

/* Decodes UTF-8 s (NULL is "") into a malloc'd array of code points, an
 * ill-formed sequence giving U+FFFD; *n gets the count.  NULL when memory
 * runs out or s is absurdly long. */
static int32_t *decode(const char *s, int *n)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    if (len > INT_MAX / 8)
        return NULL;
    int32_t *cps = malloc((len + 1) * sizeof *cps);
    if (!cps)
        return NULL;
    int32_t i = 0, k = 0;
    while (i < (int32_t)len) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)len, c);
        cps[k++] = c < 0 ? 0xFFFD : c;
    }
    *n = k;
    return cps;
}

/* Makes room for need code points and their UTF-8 copy, so that an edit
 * that follows cannot fail half-way.  False when memory runs out. */
static bool reserve(fs_field *f, int need)
{
    if (need > f->cap || !f->cps) {
        int cap = f->cap ? f->cap : 32;
        while (cap < need)
            cap = cap > INT_MAX / 2 ? need : cap * 2;
        int32_t *p = realloc(f->cps, (size_t)cap * sizeof *p);
        if (!p)
            return false;
        f->cps = p;
        f->cap = cap;
    }
    size_t bytes = (size_t)need * 4 + 1;
    if (bytes > f->utf8_cap) {
        char *u = realloc(f->utf8, bytes);
        if (!u)
            return false;
        f->utf8 = u;
        f->utf8_cap = bytes;
    }
    return true;
}

/* Rebuilds the UTF-8 copy (room was reserved) and marks the rendered line
 * out of date. */
static void changed(fs_field *f)
{
    int32_t o = 0;
    for (int i = 0; i < f->n; i++)
        U8_APPEND_UNSAFE(f->utf8, o, f->cps[i]);
    f->utf8[o] = '\0';
    f->stale = true;
}

/* Removes code points [from, to) and puts the cursor at from. */
static void remove_range(fs_field *f, int from, int to)
{
    memmove(f->cps + from, f->cps + to, (size_t)(f->n - to) * sizeof *f->cps);
    f->n -= to - from;
    f->cursor = from;
    changed(f);
}

/* True when a cursor at p is not inside a unit (before one of its marks). */
static bool unit_boundary(const fs_field *f, int p)
{
    return p <= 0 || p >= f->n || !fs_bidi_is_mark(f->cps[p]);
}

/* Start of the unit holding code point p. */
static int unit_start(const fs_field *f, int p)
{
    while (p > 0 && !unit_boundary(f, p))
        p--;
    return p;
}

/* End (exclusive) of the unit whose base is at or before p. */
static int unit_end(const fs_field *f, int p)
{
    p++;
    while (p < f->n && !unit_boundary(f, p))
        p++;
    return p;
}

/* ---- the field -------------------------------------------------------- */

/* Sets up a field (field.h). */
int fs_field_init(fs_field *f, const char *text, int max_len,
                  enum fs_bidi_base base, enum fs_bidi_mode mode)
{
    memset(f, 0, sizeof *f);
    f->max_len = max_len > 0 ? max_len : 0;
    f->base = base;
    f->mode = mode;
    f->stale = true;
    if (!reserve(f, 0))
        return FS_ERUNTIME;
    f->utf8[0] = '\0';
    return fs_field_set_text(f, text);
}

/* Frees a field (field.h). */
void fs_field_free(fs_field *f)
{
    free(f->cps);
    free(f->utf8);
    fs_vline_free(&f->line);
    memset(f, 0, sizeof *f);
}

/* Replaces the text (field.h). */
int fs_field_set_text(fs_field *f, const char *text)
{
    int n;
    int32_t *cps = decode(text, &n);
    if (!cps || !reserve(f, n)) {
        free(cps);
        return FS_ERUNTIME;
    }
    memcpy(f->cps, cps, (size_t)n * sizeof *cps);
    free(cps);
    f->n = n;
    f->cursor = n;
    f->scroll = 0;
    changed(f);
    return FS_OK;
}

/* The text (field.h). */
const char *fs_field_text(const fs_field *f)
{
    return f->utf8 ? f->utf8 : "";
}

/* Inserts at the cursor (field.h). */
int fs_field_insert(fs_field *f, const char *s)
{
    char *clean = fs_text_sanitize(s, (size_t)-1);
    int k = 0;
    int32_t *add = clean ? decode(clean, &k) : NULL;
    free(clean);
    if (!add)
        return -1;
    if (f->max_len > 0 && k > f->max_len - f->n)
        k = f->n < f->max_len ? f->max_len - f->n : 0;
    if (k > INT_MAX - f->n || !reserve(f, f->n + k)) {
        free(add);
        return -1;
    }
    memmove(f->cps + f->cursor + k, f->cps + f->cursor,
            (size_t)(f->n - f->cursor) * sizeof *f->cps);
    memcpy(f->cps + f->cursor, add, (size_t)k * sizeof *add);
    free(add);
    f->n += k;
    f->cursor += k;
    if (k > 0)
        changed(f);
    return k;
}

/* Backspace (field.h). */
bool fs_field_backspace(fs_field *f)
{
    if (f->cursor <= 0)
        return false;
    remove_range(f, unit_start(f, f->cursor - 1), unit_end(f, f->cursor - 1));
    return true;
}

/* Delete (field.h). */
bool fs_field_delete(fs_field *f)
{
    if (f->cursor >= f->n)
        return false;
    remove_range(f, unit_start(f, f->cursor), unit_end(f, f->cursor));
    return true;
}

/* Home (field.h). */
void fs_field_home(fs_field *f)
{
    f->cursor = 0;
}

/* End (field.h). */
void fs_field_end(fs_field *f)
{
    f->cursor = f->n;
}

/* Logical move by one unit (field.h). */
bool fs_field_move(fs_field *f, int dir)
{
    if (dir > 0) {
        if (f->cursor >= f->n)
            return false;
        f->cursor = unit_end(f, f->cursor);
    } else {
        if (f->cursor <= 0)
            return false;
        f->cursor = unit_start(f, f->cursor - 1);
    }
    return true;
}

/* Renders the whole text into f->line when it changed.  False when memory
 * runs out. */
static bool line_ready(fs_field *f)
{
    if (!f->stale)
        return true;
    if (fs_bidi_render(f->utf8, -1, f->base, FS_ALIGN_START, f->mode, &f->line) != FS_OK)
        return false;
    f->stale = false;
    return true;
}

/* Visual move (field.h).  Every cursor position's column comes from one
 * backward walk (the column of the first shown code point at or after
 * it); a first walk finds the nearest column on the wanted side, a second
 * the logically nearest position shown there. */
bool fs_field_move_visual(fs_field *f, int dir)
{
    if (!line_ready(f))
        return fs_field_move(f, dir);
    const fs_vline *v = &f->line;
    if (!v->reordered)
        return fs_field_move(f, v->rtl ? -dir : dir);
    int cur = fs_vline_cursor_col(v, f->cursor);
    int end_col = fs_vline_cursor_col(v, f->n);
    bool found = false;
    int best_col = 0, best_pos = -1;
    for (int pass = 0; pass < 2; pass++) {
        int col = end_col;
        for (int p = f->n; p >= 0; p--) {
            if (p < f->n && v->log_to_cell[p] >= 0)
                col = v->log_to_cell[p];
            if (!unit_boundary(f, p) || (dir < 0 ? col >= cur : col <= cur))
                continue;
            if (pass == 0) {
                if (!found || (dir < 0 ? col > best_col : col < best_col))
                    best_col = col;
                found = true;
            } else if (col == best_col
                       && (best_pos < 0 || abs(p - f->cursor) < abs(best_pos - f->cursor))) {
                best_pos = p;
            }
        }
        if (!found)
            return false;
    }
    f->cursor = best_pos;
    return true;
}

/* Lays the field out (field.h).  The line is seen with one more column on
 * its end side (left when right-to-left) for the cursor at the end; the
 * scroll counts columns hidden on the start side, so an unscrolled
 * right-to-left field shows its start, on the right. */
int fs_field_layout(fs_field *f, int width, fs_vline *out, int *cursor_col)
{
    if (width < 0)
        width = 0;
    if (!line_ready(f))
        return FS_ERUNTIME;
    const fs_vline *v = &f->line;
    bool rtl = v->rtl && v->reordered;
    int tw = v->width;
    int vw = tw + 1;
    int ccol = fs_vline_cursor_col(v, f->cursor);
    int cw = ccol >= 0 && ccol + 1 < tw && v->cell_to_log[ccol] >= 0
             && v->cell_to_log[ccol + 1] == v->cell_to_log[ccol] ? 2 : 1;
    int vc = rtl ? ccol + 1 : ccol;
    int lo = rtl ? vw - vc - cw : vc;
    if (lo < f->scroll)
        f->scroll = lo;
    if (lo + cw > f->scroll + width)
        f->scroll = lo + cw - width;
    int most = vw > width ? vw - width : 0;
    f->scroll = f->scroll < 0 ? 0 : f->scroll > most ? most : f->scroll;
    int start = rtl ? vw - f->scroll - width - 1 : f->scroll;
    int rc = fs_vline_slice(v, start, width, out);
    /* Only a zero-width field cannot show the cursor's column. */
    int col = ccol - start;
    *cursor_col = col < 0 ? 0 : col >= width ? (width > 0 ? width - 1 : 0) : col;
    return rc;
}
