/* ui_chart.h — bar charts for the report screens, drawn with Unicode
 * blocks (▏▎▍▌▋▊▉█, eighths of a cell for a smooth end) and scaled to the
 * largest value of the chart.  A bar grows from the start side: left to
 * right in English, right to left under the Persian UI.
 */
#ifndef FS_UI_CHART_H
#define FS_UI_CHART_H

#include <stdint.h>

#include "ui.h"

/* A bar for value on row y in the w cells from start-relative x, max
 * filling all w (value ≤ 0 or max ≤ 0: nothing; any positive value shows
 * at least an eighth). */
void ui_bar(struct ui *ui, int y, int x, int w, int64_t value, int64_t max, enum ui_role role);

/* A part within a whole: the whole (≥ part) as a light shade (░) and the
 * part as a bar over it, both on the scale of max — Σ expected within
 * Σ final. */
void ui_bar_part(struct ui *ui, int y, int x, int w, int64_t part, int64_t whole, int64_t max,
                 enum ui_role role);

#endif
