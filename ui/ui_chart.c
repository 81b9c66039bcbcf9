/* ui_chart.c — bars of Unicode blocks for the report screens. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui_chart.h"

#include <curses.h>
#include <string.h>

/* Left-aligned blocks of 1 … 8 eighths of a cell. */
static const char *const blocks[8] = { "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█" };

/* Eighths of a cell that value fills when max fills w cells, rounded to
 * the nearest, at least one for any positive value.  Integers only: both
 * are halved until value × 8w cannot overflow (amounts reach 10^18). */
static int64_t bar_eighths(int64_t value, int64_t max, int w)
{
    if (value <= 0 || max <= 0 || w <= 0)
        return 0;
    if (value > max)
        value = max;
    const int64_t steps = (int64_t)w * 8;
    while (max > INT64_MAX / (steps + 1)) {
        max >>= 1;
        value >>= 1;
    }
    int64_t e = (value * steps + max / 2) / max;
    return e > 0 ? e : 1;
}

/* Cells from the start side: n copies of cell (UTF-8) into out. */
static void repeat(char *out, size_t size, const char *cell, int n)
{
    size_t len = strlen(cell), o = 0;
    for (int i = 0; i < n && o + len < size; i++, o += len)
        memcpy(out + o, cell, len);
    out[o] = '\0';
}

void ui_bar(struct ui *ui, int y, int x, int w, int64_t value, int64_t max, enum ui_role role)
{
    int64_t e = bar_eighths(value, max, w);
    if (!e || y < 0 || y >= ui->rows)
        return;
    int full = (int)(e / 8), rest = (int)(e % 8);
    int cells = full + (rest ? 1 : 0);
    char buf[1024];
    int sx = ui_screen_x(ui, x, w);
    if (!ui->rtl) {
        repeat(buf, sizeof buf, blocks[7], full);
        if (rest)
            strcat(buf, blocks[rest - 1]);
        ui_put_visual(ui, y, sx, buf, role);
        return;
    }
    /* Right to left the bar ends on its left; Unicode has no right-aligned
     * eighths, so the ragged cell is the left block of the missing eighths
     * drawn in reverse video: the block shows as background and the
     * rest of the cell, on the right, as bar. */
    int bx = sx + w - cells;
    repeat(buf, sizeof buf, blocks[7], full);
    ui_put_visual(ui, y, bx + (rest ? 1 : 0), buf, role);
    if (!rest || bx < 0 || bx >= ui->cols)
        return;
    ui_put_visual(ui, y, bx, blocks[8 - rest - 1], role);
    cchar_t cc;
    wchar_t wch[CCHARW_MAX + 1];
    attr_t a;
    short pair;
    if (mvin_wch(y, bx, &cc) != ERR && getcchar(&cc, wch, &a, &pair, NULL) != ERR)
        mvchgat(y, bx, 1, a ^ A_REVERSE, pair, NULL);
}

void ui_bar_part(struct ui *ui, int y, int x, int w, int64_t part, int64_t whole, int64_t max,
                 enum ui_role role)
{
    int64_t e = bar_eighths(whole, max, w);
    int cells = (int)((e + 4) / 8);
    if (e && !cells)
        cells = 1;
    if (cells && y >= 0 && y < ui->rows) {
        char buf[1024];
        repeat(buf, sizeof buf, "░", cells);
        int sx = ui_screen_x(ui, x, w);
        ui_put_visual(ui, y, ui->rtl ? sx + w - cells : sx, buf, ROLE_DIM);
    }
    ui_bar(ui, y, x, w, part, max, role);
}
