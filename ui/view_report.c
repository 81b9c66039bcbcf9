/* view_report.c — the Reports menu and the table-and-chart reports of
 * SPEC §10: forecast (Σ final and Σ expected by month, user or stage),
 * won/lost (by reason, product, user, type or source, with the last
 * 1/7/30/90 days), cycle time (days to win by type, source or user) and
 * campaign analysis.  Each is a table with a bar chart in its last column
 * and a totals row; a key cycles the grouping, and the period fields take
 * Jalali dates (F12 opens the month picker); F8 exports the table (with
 * its headings and totals) as CSV.  Every figure is the core's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "i18n.h"
#include "money.h"
#include "report.h"
#include "ui.h"
#include "ui_chart.h"
#include "ui_reports.h"
#include "ui_table.h"
#include "ui_views.h"
#include "widgets.h"

enum rkind { R_FORECAST, R_WONLOST, R_CYCLE, R_CAMPAIGN };
/* How the chart column shows a row's two values a and b. */
enum rbars {
    BARS_PART, /* a over b (Σ expected within Σ final; realized against Σ final) */
    BARS_PAIR, /* a and b side by side on one scale (won and lost) */
    BARS_ONE,  /* a alone */
};

#define MAX_COLS 7

/* What a number column holds, for the CSV export. */
enum vkind { V_INT, V_MONEY, V_DAYS10 };

static const char *const forecast_by[] = { N_("Month"), N_("User"), N_("Stage") };
static const char *const wonlost_by[] = { N_("Reason"), N_("Product"), N_("User"), N_("Type"), N_("Source") };
static const char *const cycle_by[] = { N_("Type"), N_("Source"), N_("User") };
static const char *const campaign_by[] = { N_("Campaign") };

static const struct rspec {
    const char *title;
    const char *const *by;
    int nby;
    const char *heads[MAX_COLS]; /* after the label column */
    int ncols;                   /* with the label column */
    const char *period_note;     /* NULL: no period */
    enum rbars bars;
    const char *bar_a, *bar_b;
    const char *file;            /* in the export's file name */
    enum vkind kinds[MAX_COLS];  /* of the columns after the label */
} specs[] = {
    [R_FORECAST] = { N_("Forecast"), forecast_by, 3, { N_("Count"), N_("Σ final"), N_("Σ expected") }, 4,
                     N_("by close date; empty: this month and the 11 after it"), BARS_PART, N_("Σ expected"),
                     N_("Σ final"), "forecast", { V_INT, V_MONEY, V_MONEY } },
    [R_WONLOST] = { N_("Won/lost"), wonlost_by, 5, { N_("Won"), N_("Won amount"), N_("Lost"), N_("Lost amount") }, 5,
                    N_("by win or loss date; empty: all time"), BARS_PAIR, N_("Won amount"), N_("Lost amount"),
                    "won-lost", { V_INT, V_MONEY, V_INT, V_MONEY } },
    [R_CYCLE] = { N_("Cycle time"), cycle_by, 3,
                  { N_("Won"), N_("Average days"), N_("Median days"), N_("Shortest"), N_("Longest") }, 6,
                  N_("by win date; empty: all time"), BARS_ONE, N_("Average days"), NULL, "cycle-time",
                  { V_INT, V_DAYS10, V_DAYS10, V_INT, V_INT } },
    [R_CAMPAIGN] = { N_("Campaign analysis"), campaign_by, 1,
                     { N_("Opportunities"), N_("Σ final"), N_("Proformas"), N_("Invoices"), N_("Realized") }, 6, NULL,
                     BARS_PART, N_("Realized"), N_("Σ final"), "campaigns",
                     { V_INT, V_MONEY, V_INT, V_INT, V_MONEY } },
};

struct report {
    enum rkind kind;
    const struct rspec *spec;
    int by;
    struct ui_widget from, to;
    char from_iso[11], to_iso[11];
    int focus;                 /* 0 the table, 1 from, 2 to */
    struct ui_table t;         /* one row per group, cells as shown */
    int64_t *a, *b;            /* the chart's values of each row */
    int64_t *vals;             /* the figures of each row, ncols - 1 a row (export) */
    int64_t max;
    char *totals[MAX_COLS];    /* NULL: no totals row */
    int64_t tvals[MAX_COLS];   /* the totals row's figures */
    char note[256];            /* said under the table */
    fs_wonlost_recent recent[FS_RECENT_WINDOWS];
    bool have_recent;
    bool fa;                   /* the language the rows were read in */
};

/* ---- rows --------------------------------------------------------------- */

static void rows_clear(struct report *r)
{
    ut_clear(&r->t);
    free(r->a);
    free(r->b);
    free(r->vals);
    r->a = r->b = NULL;
    r->vals = NULL;
    r->max = 0;
    for (int i = 0; i < MAX_COLS; i++) {
        free(r->totals[i]);
        r->totals[i] = NULL;
    }
    r->note[0] = '\0';
    r->have_recent = false;
}

/* Room for n rows of chart values; false when memory ran out. */
static bool rows_alloc(struct report *r, int n)
{
    r->a = calloc((size_t)n + 1, sizeof *r->a);
    r->b = calloc((size_t)n + 1, sizeof *r->b);
    r->vals = calloc(((size_t)n + 1) * MAX_COLS, sizeof *r->vals);
    return r->a && r->b && r->vals;
}

/* Appends a row of cells, its figures (the cells after the label, as
 * numbers) and its chart values a and b. */
static void add_row(struct report *r, int64_t id, const char *const *cells, const int64_t *vals, int64_t a,
                    int64_t b)
{
    int i = r->t.n;
    if (!ut_add(&r->t, id, cells))
        return;
    r->a[i] = a;
    r->b[i] = b;
    memcpy(r->vals + (size_t)i * MAX_COLS, vals, (size_t)(r->spec->ncols - 1) * sizeof *vals);
    int64_t big = r->spec->bars != BARS_ONE && b > a ? b : a;
    if (big > r->max)
        r->max = big;
}

static void set_totals(struct report *r, const char *const *cells, const int64_t *vals)
{
    for (int c = 0; c < r->spec->ncols; c++)
        r->totals[c] = strdup(cells[c] ? cells[c] : "");
    memcpy(r->tvals, vals, (size_t)(r->spec->ncols - 1) * sizeof *vals);
}

/* Formatting into a small ring of buffers, so one row's cells can be
 * built in one expression. */
struct fmt {
    char buf[MAX_COLS * 2][64];
    int next;
};

static const char *fmt_int(struct ui *ui, struct fmt *f, int64_t v)
{
    char *o = f->buf[f->next++ % (MAX_COLS * 2)];
    ui_int(ui, v, o, 64);
    return o;
}

static const char *fmt_money(struct ui *ui, struct fmt *f, int64_t v)
{
    char *o = f->buf[f->next++ % (MAX_COLS * 2)];
    ui_money(ui, v, o, 64);
    return o;
}

/* Days in tenths: "12.5" in the session's digits. */
static const char *fmt_days10(struct ui *ui, struct fmt *f, int64_t x10)
{
    char *o = f->buf[f->next++ % (MAX_COLS * 2)];
    fs_percent_format(x10 * 10, ui->s->digits, o, 64);
    return o;
}

static int load_forecast(struct ui *ui, struct report *r, const fs_report_filter *flt, fs_err *e)
{
    fs_report_row *v = NULL;
    int n = 0;
    fs_report_totals tot;
    if (fs_report_forecast(ui->s, flt, (enum fs_forecast_by)r->by, &v, &n, &tot, e) != FS_OK)
        return e->code;
    struct fmt f = { .next = 0 };
    if (rows_alloc(r, n))
        for (int i = 0; i < n; i++) {
            const char *c[] = { v[i].label, fmt_int(ui, &f, v[i].count), fmt_money(ui, &f, v[i].sum_final),
                                fmt_money(ui, &f, v[i].sum_expected) };
            const int64_t x[] = { v[i].count, v[i].sum_final, v[i].sum_expected };
            add_row(r, v[i].id, c, x, v[i].sum_expected, v[i].sum_final);
        }
    const char *c[] = { _("Total"), fmt_int(ui, &f, tot.count), fmt_money(ui, &f, tot.sum_final),
                        fmt_money(ui, &f, tot.sum_expected) };
    const int64_t x[] = { tot.count, tot.sum_final, tot.sum_expected };
    set_totals(r, c, x);
    fs_report_rows_free(v, n);
    return FS_OK;
}

static int load_wonlost(struct ui *ui, struct report *r, const fs_report_filter *flt, fs_err *e)
{
    fs_wonlost_row *v = NULL;
    int n = 0;
    if (fs_report_won_lost(ui->s, flt, (enum fs_wonlost_by)r->by, &v, &n, e) != FS_OK)
        return e->code;
    struct fmt f = { .next = 0 };
    int64_t wc = 0, wa = 0, lc = 0, la = 0;
    if (rows_alloc(r, n))
        for (int i = 0; i < n; i++) {
            const char *c[] = { v[i].label, fmt_int(ui, &f, v[i].won_count), fmt_money(ui, &f, v[i].won_amount),
                                fmt_int(ui, &f, v[i].lost_count), fmt_money(ui, &f, v[i].lost_amount) };
            const int64_t x[] = { v[i].won_count, v[i].won_amount, v[i].lost_count, v[i].lost_amount };
            add_row(r, v[i].id, c, x, v[i].won_amount, v[i].lost_amount);
            wc += v[i].won_count;
            lc += v[i].lost_count;
            fs_money_add(wa, v[i].won_amount, &wa);
            fs_money_add(la, v[i].lost_amount, &la);
        }
    fs_wonlost_rows_free(v, n);
    /* An opportunity with several products counts under each: no total. */
    if (r->by == FS_WONLOST_PRODUCT) {
        fs_text_copy(r->note, sizeof r->note,
                     _("An opportunity with several products counts under each; amounts are its lines' finals."));
    } else {
        const char *c[] = { _("Total"), fmt_int(ui, &f, wc), fmt_money(ui, &f, wa), fmt_int(ui, &f, lc),
                            fmt_money(ui, &f, la) };
        const int64_t x[] = { wc, wa, lc, la };
        set_totals(r, c, x);
    }
    if (fs_report_won_lost_recent(ui->s, flt, r->recent, e) != FS_OK)
        return e->code;
    r->have_recent = true;
    return FS_OK;
}

static int load_cycle(struct ui *ui, struct report *r, const fs_report_filter *flt, fs_err *e)
{
    fs_cycle_row *v = NULL, all;
    int n = 0;
    if (fs_report_cycle(ui->s, flt, (enum fs_cycle_by)r->by, &v, &n, &all, e) != FS_OK)
        return e->code;
    struct fmt f = { .next = 0 };
    if (rows_alloc(r, n))
        for (int i = 0; i < n; i++) {
            const char *c[] = { v[i].label, fmt_int(ui, &f, v[i].count), fmt_days10(ui, &f, v[i].avg_x10),
                                fmt_days10(ui, &f, v[i].median_x10), fmt_int(ui, &f, v[i].min_days),
                                fmt_int(ui, &f, v[i].max_days) };
            const int64_t x[] = { v[i].count, v[i].avg_x10, v[i].median_x10, v[i].min_days, v[i].max_days };
            add_row(r, v[i].id, c, x, v[i].avg_x10, 0);
        }
    fs_cycle_rows_free(v, n);
    const char *c[] = { _("All"), fmt_int(ui, &f, all.count), fmt_days10(ui, &f, all.avg_x10),
                        fmt_days10(ui, &f, all.median_x10), fmt_int(ui, &f, all.min_days),
                        fmt_int(ui, &f, all.max_days) };
    const int64_t x[] = { all.count, all.avg_x10, all.median_x10, all.min_days, all.max_days };
    set_totals(r, c, x);
    free(all.label);
    return FS_OK;
}

static int load_campaigns(struct ui *ui, struct report *r, const fs_report_filter *flt, fs_err *e)
{
    fs_campaign_row *v = NULL;
    int n = 0;
    if (fs_report_campaigns(ui->s, flt, &v, &n, e) != FS_OK)
        return e->code;
    struct fmt f = { .next = 0 };
    int64_t sum[5] = { 0 };
    if (rows_alloc(r, n))
        for (int i = 0; i < n; i++) {
            char name[512];
            snprintf(name, sizeof name, "%s%s", v[i].name, v[i].active ? "" : _(" (disabled)"));
            const char *c[] = { name, fmt_int(ui, &f, v[i].opportunities), fmt_money(ui, &f, v[i].sum_final),
                                fmt_int(ui, &f, v[i].proformas), fmt_int(ui, &f, v[i].invoices),
                                fmt_money(ui, &f, v[i].realized) };
            const int64_t add[5] = { v[i].opportunities, v[i].sum_final, v[i].proformas, v[i].invoices,
                                     v[i].realized };
            add_row(r, v[i].id, c, add, v[i].realized, v[i].sum_final);
            for (int k = 0; k < 5; k++)
                fs_money_add(sum[k], add[k], &sum[k]);
        }
    fs_campaign_rows_free(v, n);
    const char *c[] = { _("Total"), fmt_int(ui, &f, sum[0]), fmt_money(ui, &f, sum[1]), fmt_int(ui, &f, sum[2]),
                        fmt_int(ui, &f, sum[3]), fmt_money(ui, &f, sum[4]) };
    set_totals(r, c, sum);
    return FS_OK;
}

/* Reads the report again with the current grouping and period; a
 * refusal is shown on the bottom line and returned in e (may be NULL). */
static int report_load(struct ui *ui, struct report *r, fs_err *err)
{
    rows_clear(r);
    r->t.sel = r->t.top = 0;
    r->fa = ui->rtl;
    fs_report_filter flt;
    memset(&flt, 0, sizeof flt);
    flt.from = r->from_iso[0] ? r->from_iso : NULL;
    flt.to = r->to_iso[0] ? r->to_iso : NULL;
    fs_err e;
    fs_err_clear(&e);
    int rc = r->kind == R_FORECAST ? load_forecast(ui, r, &flt, &e)
           : r->kind == R_WONLOST  ? load_wonlost(ui, r, &flt, &e)
           : r->kind == R_CYCLE    ? load_cycle(ui, r, &flt, &e)
                                   : load_campaigns(ui, r, &flt, &e);
    if (rc != FS_OK)
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
    if (err)
        *err = e;
    return rc;
}

/* ---- drawing --------------------------------------------------------------- */

/* Column widths from the cells, headings and totals, and the gap between
 * columns (2, or 1 on a narrow screen); the label column between 14 and
 * 30 cells.  Returns the chart's width (0: no room for one). */
static int widths(struct ui *ui, const struct report *r, int *w, int *gap)
{
    int nc = r->spec->ncols;
    for (int c = 0; c < nc; c++) {
        const char *h = c ? r->spec->heads[c - 1] : r->spec->by[r->by];
        w[c] = fs_text_width(_(h));
        for (int i = 0; i < r->t.n; i++) {
            int cw = fs_text_width(r->t.cells[i * nc + c]);
            if (cw > w[c])
                w[c] = cw;
        }
        if (r->totals[c] && fs_text_width(r->totals[c]) > w[c])
            w[c] = fs_text_width(r->totals[c]);
    }
    /* The last-days panel under the won/lost table shares its columns. */
    for (int i = 0; r->have_recent && i < FS_RECENT_WINDOWS; i++) {
        char a[64];
        const int64_t v[4] = { r->recent[i].won_count, r->recent[i].won_amount, r->recent[i].lost_count,
                               r->recent[i].lost_amount };
        for (int c = 1; c <= 4; c++) {
            if (c % 2)
                ui_int(ui, v[c - 1], a, sizeof a);
            else
                ui_money(ui, v[c - 1], a, sizeof a);
            if (fs_text_width(a) > w[c])
                w[c] = fs_text_width(a);
        }
    }
    if (w[0] > 30)
        w[0] = 30;
    if (w[0] < 14)
        w[0] = 14;
    int used = 0;
    for (int c = 0; c < nc; c++)
        used += w[c];
    /* A narrow screen narrows the gaps, then the label, before the chart. */
    int want = r->spec->bars == BARS_PAIR ? 24 : 16;
    *gap = ui->cols - 2 - used - 2 * nc >= want ? 2 : 1;
    int chart = ui->cols - 2 - used - *gap * nc;
    if (chart < want && w[0] > 14) {
        int give = want - chart < w[0] - 14 ? want - chart : w[0] - 14;
        w[0] -= give;
        chart += give;
    }
    return chart >= 6 ? chart : 0;
}

/* One row of cells from x; the label at the start, numbers at the end. */
static void draw_cells(struct ui *ui, int y, const int *w, int gap, int nc, char *const *cells, enum ui_role role)
{
    int x = 1;
    for (int c = 0; c < nc; c++) {
        ui_text(ui, y, x, w[c], cells[c], c ? FS_ALIGN_END : FS_ALIGN_START, role);
        x += w[c] + gap;
    }
}

/* The chart of row values a, b in the chart column at x, chart wide. */
static void draw_bars(struct ui *ui, const struct report *r, int y, int x, int chart, int64_t a, int64_t b)
{
    if (r->spec->bars == BARS_PART) {
        ui_bar_part(ui, y, x, chart, a, b, r->max, ROLE_LABEL);
    } else if (r->spec->bars == BARS_PAIR) {
        int half = (chart - 1) / 2;
        ui_bar(ui, y, x, half, a, r->max, ROLE_LABEL);
        ui_bar(ui, y, x + half + 1, half, b, r->max, ROLE_WARNING);
    } else {
        ui_bar(ui, y, x, chart, a, r->max, ROLE_LABEL);
    }
}

/* The chart column's heading: what each bar stands for. */
static void draw_legend(struct ui *ui, const struct report *r, int y, int x, int chart)
{
    char line[256];
    if (r->spec->bars == BARS_PART) {
        snprintf(line, sizeof line, "█ %s  ░ %s", _(r->spec->bar_a), _(r->spec->bar_b));
        ui_text(ui, y, x, chart, line, FS_ALIGN_START, ROLE_HEADING);
    } else if (r->spec->bars == BARS_PAIR) {
        int half = (chart - 1) / 2;
        ui_text(ui, y, x, half, _(r->spec->bar_a), FS_ALIGN_START, ROLE_HEADING);
        ui_text(ui, y, x + half + 1, half, _(r->spec->bar_b), FS_ALIGN_START, ROLE_HEADING);
    } else {
        ui_text(ui, y, x, chart, _(r->spec->bar_a), FS_ALIGN_START, ROLE_HEADING);
    }
}

/* Won and lost in the last 1, 7, 30 and 90 days, from row y, in the
 * columns of the won/lost table above (w, gap). */
static void draw_recent(struct ui *ui, const struct report *r, int y, const int *w, int gap)
{
    char *h[5] = { _("In the last"), _("Won"), _("Won amount"), _("Lost"), _("Lost amount") };
    draw_cells(ui, y, w, gap, 5, h, ROLE_HEADING);
    for (int i = 0; i < FS_RECENT_WINDOWS; i++) {
        struct fmt f = { .next = 0 };
        const fs_wonlost_recent *v = &r->recent[i];
        char days[64];
        snprintf(days, sizeof days, P_("%s day", "%s days", v->days), fmt_int(ui, &f, v->days));
        const char *c[] = { days, fmt_int(ui, &f, v->won_count), fmt_money(ui, &f, v->won_amount),
                            fmt_int(ui, &f, v->lost_count), fmt_money(ui, &f, v->lost_amount) };
        draw_cells(ui, y + 1 + i, w, gap, 5, (char *const *)c, ROLE_NORMAL);
    }
}

/* Rows of the table on screen, between its heading and its totals. */
static int table_rows(const struct ui *ui, const struct report *r)
{
    int bottom = ui->rows - 2 - (r->have_recent ? FS_RECENT_WINDOWS + 2 : 0) - (r->totals[0] || r->note[0] ? 1 : 0);
    int n = bottom - 4;
    return n > 1 ? n : 1;
}

static void report_draw(struct ui *ui, void *vs)
{
    struct report *r = vs;
    if (r->fa != ui->rtl)
        report_load(ui, r, NULL);
    enum ui_action hints[7];
    int nh = 0;
    if (r->spec->nby > 1)
        hints[nh++] = UI_GROUP_BY;
    if (r->spec->period_note) {
        hints[nh++] = UI_NEXT_FIELD;
        hints[nh++] = UI_PICK_DATE;
    }
    hints[nh++] = UI_EXPORT;
    hints[nh++] = UI_HELP;
    hints[nh++] = UI_BACK;
    ui_draw_frame(ui, _(r->spec->title), hints, nh);

    /* Row 1: the period (the focused field is drawn last, where the
     * terminal cursor stays); row 2: the grouping. */
    /* Labels keep room for the " !" of a refused value. */
    int fw = 12, lw1 = fs_text_width(_("From")) + 2, lw2 = fs_text_width(_("To")) + 2, x2 = 1 + lw1 + fw + 3;
    if (!r->spec->period_note)
        ui_text(ui, 1, 1, ui->cols - 2, _("Proformas and invoices: the approved ones of each campaign's opportunities."),
                FS_ALIGN_START, ROLE_DIM);
    if (r->spec->period_note) {
        uw_draw(ui, &r->from, 1, 1, lw1, fw, false);
        uw_draw(ui, &r->to, 1, x2, lw2, fw, false);
        int x = x2 + lw2 + fw + 3;
        ui_text(ui, 1, x, ui->cols - x - 1, _(r->spec->period_note), FS_ALIGN_START, ROLE_DIM);
    }
    if (r->spec->nby > 1) {
        char lead[128];
        snprintf(lead, sizeof lead, _("Group by (%s):"), ui_key_hint(UI_GROUP_BY));
        ui_text(ui, 2, 1, fs_text_width(lead), lead, FS_ALIGN_START, ROLE_LABEL);
        ut_tabs(ui, 2, 2 + fs_text_width(lead), r->spec->by, r->spec->nby, r->by);
    }

    int w[MAX_COLS] = { 0 }, gap = 2, nc = r->spec->ncols, chart = widths(ui, r, w, &gap);
    int cx = 1;
    for (int c = 0; c < nc; c++)
        cx += w[c] + gap;
    char *heads[MAX_COLS];
    heads[0] = _(r->spec->by[r->by]);
    for (int c = 1; c < nc; c++)
        heads[c] = _(r->spec->heads[c - 1]);
    draw_cells(ui, 4, w, gap, nc, heads, ROLE_HEADING);
    if (chart)
        draw_legend(ui, r, 4, cx, chart);
    int vis = table_rows(ui, r), y = 5;
    for (int i = r->t.top; i < r->t.n && i < r->t.top + vis; i++, y++) {
        bool sel = r->focus == 0 && i == r->t.sel;
        if (sel)
            ui_fill(ui, y, 0, ui->cols, ROLE_FOCUS);
        draw_cells(ui, y, w, gap, nc, r->t.cells + (size_t)i * (size_t)nc, sel ? ROLE_FOCUS : ROLE_NORMAL);
        if (chart)
            draw_bars(ui, r, y, cx, chart, r->a[i], r->b[i]);
    }
    if (!r->t.n)
        ui_text(ui, 6, 1, ui->cols - 2, _("Nothing to report for this period."), FS_ALIGN_CENTER, ROLE_DIM);
    int ty = 5 + vis;
    if (r->totals[0]) {
        ui_fill(ui, ty, 0, ui->cols, ROLE_HEADING);
        draw_cells(ui, ty, w, gap, nc, r->totals, ROLE_HEADING);
    } else if (r->note[0]) {
        ui_text(ui, ty, 1, ui->cols - 2, r->note, FS_ALIGN_START, ROLE_DIM);
    }
    if (r->have_recent)
        draw_recent(ui, r, ui->rows - 2 - FS_RECENT_WINDOWS, w, gap);
    if (r->focus == 1)
        uw_draw(ui, &r->from, 1, 1, lw1, fw, true);
    else if (r->focus == 2)
        uw_draw(ui, &r->to, 1, x2, lw2, fw, true);
}

/* ---- export ------------------------------------------------------------------ */

/* A figure as a CSV cell: Latin digits, days to one decimal ("12.5"). */
static void export_value(enum vkind k, int64_t v, char *out, size_t n)
{
    if (k == V_DAYS10 && v % 10)
        snprintf(out, n, "%lld.%lld", (long long)(v / 10), (long long)(v % 10));
    else
        ui_export_int(k == V_DAYS10 ? v / 10 : v, out, n);
}

/* One row of the table: its label and its figures. */
static int export_cells(const struct report *r, fs_csv_file *cf, const char *label, const int64_t *vals, fs_err *e)
{
    const char *c[MAX_COLS];
    char buf[MAX_COLS][32];
    char *latin = NULL;
    /* A month is named with the session's digits ("آذر ۱۴۰۵"): Latin here. */
    if (r->kind == R_FORECAST && r->by == FS_FORECAST_MONTH && vals != r->tvals)
        latin = fs_text_latin_digits(label);
    c[0] = latin ? latin : label;
    for (int k = 1; k < r->spec->ncols; k++) {
        export_value(r->spec->kinds[k - 1], vals[k - 1], buf[k], sizeof buf[k]);
        c[k] = buf[k];
    }
    int rc = fs_csv_file_row(cf, c, r->spec->ncols, e);
    free(latin);
    return rc;
}

/* The table as the screen shows it: headings, rows, the totals row. */
static int report_export(struct ui *ui, void *ctx, fs_csv_file *cf, enum fs_calendar dates, long *rows, fs_err *e)
{
    (void)dates;
    struct report *r = ctx;
    if (r->fa != ui->rtl && report_load(ui, r, e) != FS_OK)
        return e->code;
    int nc = r->spec->ncols;
    const char *heads[MAX_COLS];
    heads[0] = _(r->spec->by[r->by]);
    for (int c = 1; c < nc; c++)
        heads[c] = _(r->spec->heads[c - 1]);
    if (fs_csv_file_row(cf, heads, nc, e) != FS_OK)
        return e->code;
    for (int i = 0; i < r->t.n; i++)
        if (export_cells(r, cf, r->t.cells[(size_t)i * (size_t)nc], r->vals + (size_t)i * MAX_COLS, e) != FS_OK)
            return e->code;
    if (r->totals[0] && export_cells(r, cf, r->totals[0], r->tvals, e) != FS_OK)
        return e->code;
    *rows = r->t.n;
    return FS_OK;
}

static void open_export(struct ui *ui, struct report *r)
{
    const struct ui_export x = { r->spec->file,
                                 r->totals[0] ? N_("The table as shown, with its headings and totals row.")
                                              : N_("The table as shown, with its headings."),
                                 false, report_export, r, NULL };
    ui_open_export(ui, &x);
}

/* ---- keys ------------------------------------------------------------------ */

/* Reads one period field into iso ("" when empty); false after showing
 * the refusal at the field. */
static bool period_field(struct ui *ui, struct ui_widget *w, char iso[11])
{
    const char *t = uw_text(w);
    fs_err e;
    fs_day d;
    if (!*t) {
        iso[0] = '\0';
        return true;
    }
    if (fs_date_parse(t, ui->s->today, ui->s->calendar, _(w->label), &d, &e) != FS_OK) {
        fs_text_copy(w->error, sizeof w->error, e.msg);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return false;
    }
    fs_day_to_iso(d, iso);
    char shown[32];
    ui_date(ui, iso, shown, sizeof shown);
    uw_set(w, shown, 0);
    return true;
}

/* Applies both period fields and reads the report again. */
static void apply_period(struct ui *ui, struct report *r)
{
    char from[11], to[11];
    if (!period_field(ui, &r->from, from)) {
        r->focus = 1;
        return;
    }
    if (!period_field(ui, &r->to, to)) {
        r->focus = 2;
        return;
    }
    /* A period the core refuses (the end before the start) leaves the
     * report on the period it had, the refusal at the field. */
    char old_from[11], old_to[11];
    memcpy(old_from, r->from_iso, sizeof old_from);
    memcpy(old_to, r->to_iso, sizeof old_to);
    memcpy(r->from_iso, from, sizeof from);
    memcpy(r->to_iso, to, sizeof to);
    fs_err e;
    if (report_load(ui, r, &e) != FS_OK) {
        memcpy(r->from_iso, old_from, sizeof old_from);
        memcpy(r->to_iso, old_to, sizeof old_to);
        r->focus = strcmp(e.field, "to") ? 1 : 2;
        struct ui_widget *w = r->focus == 1 ? &r->from : &r->to;
        fs_text_copy(w->error, sizeof w->error, e.msg);
        report_load(ui, r, NULL);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    r->focus = 0;
}

static bool report_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct report *r = vs;
    if (ui_is(k, UI_EXPORT)) {
        open_export(ui, r);
        return true;
    }
    if (ui_is(k, UI_GROUP_BY) && r->spec->nby > 1) {
        r->by = (r->by + 1) % r->spec->nby;
        report_load(ui, r, NULL);
        return true;
    }
    bool tab = k->ch == '\t' && !k->meta && !k->code, btab = k->code == KEY_BTAB;
    if (r->spec->period_note && (tab || btab)) {
        int next = (r->focus + (tab ? 1 : 2)) % 3;
        if (r->focus && !next) {
            apply_period(ui, r);
            return true;
        }
        r->focus = next;
        return true;
    }
    if (r->focus) {
        struct ui_widget *w = r->focus == 1 ? &r->from : &r->to;
        if (ui_is(k, UI_OPEN)) {
            apply_period(ui, r);
            return true;
        }
        if (k->ch == 27 && !k->meta && !k->code) {
            /* Backing out of the fields shows the period in use again. */
            char shown[32];
            ui_date(ui, r->from_iso, shown, sizeof shown);
            uw_set(&r->from, shown, 0);
            ui_date(ui, r->to_iso, shown, sizeof shown);
            uw_set(&r->to, shown, 0);
            r->focus = 0;
            return true;
        }
        if (uw_key(ui, w, k))
            return true;
        return false;
    }
    return ut_nav_key(ui, &r->t, k, table_rows(ui, r), NULL, r);
}

static void report_close(void *vs)
{
    struct report *r = vs;
    rows_clear(r);
    ut_free(&r->t);
    uw_free(&r->from);
    uw_free(&r->to);
    free(r);
}

static const struct ui_view_ops report_ops = {
    .name = "report", .draw = report_draw, .key = report_key, .close = report_close,
    .min_cols = 70, .min_rows = 16,
};

/* Opens the report arg names (an enum rkind). */
static void open_report(struct ui *ui, void *arg)
{
    struct report *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->kind = (enum rkind)(intptr_t)arg;
    r->spec = &specs[r->kind];
    ut_init(&r->t, r->spec->ncols);
    uw_init(ui, &r->from, "from", N_("From"), W_DATE);
    uw_init(ui, &r->to, "to", N_("To"), W_DATE);
    report_load(ui, r, NULL);
    ui_push(ui, &report_ops, r);
}

/* ---- the Reports menu -------------------------------------------------------- */

static const struct ui_menu_item report_items[] = {
    { N_("Pipeline"), ui_open_pipeline, NULL },
    { N_("Forecast"), open_report, (void *)(intptr_t)R_FORECAST },
    { N_("Won/lost"), open_report, (void *)(intptr_t)R_WONLOST },
    { N_("Cycle time"), open_report, (void *)(intptr_t)R_CYCLE },
    { N_("Campaign analysis"), open_report, (void *)(intptr_t)R_CAMPAIGN },
};

void ui_open_reports(struct ui *ui, void *arg)
{
    (void)arg;
    ui_open_menu(ui, _("Reports"), report_items, (int)(sizeof report_items / sizeof *report_items), false);
}
