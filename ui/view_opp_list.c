/* view_opp_list.c — the opportunity list: a grid paged by keyset from the
 * core list query (never the whole table in memory), a totals row, `/` to
 * search, F4 for the filter form, Enter to open the form, whose
 * next/previous record follows this list; F8 exports every row of the
 * filter as CSV. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "i18n.h"
#include "opp_list.h"
#include "report.h"
#include "subtype.h"
#include "ui.h"
#include "ui_views.h"
#include "widgets.h"

#define PAGE 100
#define COLS 8
#define MAX_BACK 4096

struct opplist {
    struct ui_opp_filter_values v; /* the filter; v.f is the core's */
    fs_opp_page page;
    int64_t after_stack[MAX_BACK]; /* `after` of each earlier page */
    int depth;                  /* pages before this one */
    int sel, top;
    char *cells[PAGE * COLS];
    int64_t count, sum_final, sum_expected;
    bool totals_pending;        /* added up while the page is read (idle) */
    bool searching;             /* the search line has focus */
    struct ui_widget search;
    char title[128];
};

static const struct ui_col cols[COLS] = {
    { N_("Number"), 15, FS_ALIGN_START },   { N_("Title"), 0, FS_ALIGN_START },
    { N_("Related to"), 16, FS_ALIGN_START }, { N_("Stage"), 12, FS_ALIGN_START },
    { N_("Final amount"), 15, FS_ALIGN_END }, { N_("Close date"), 10, FS_ALIGN_START },
    { N_("Expected"), 15, FS_ALIGN_END },   { N_("Assigned"), 8, FS_ALIGN_START },
};

static void free_cells(struct opplist *l)
{
    for (int i = 0; i < PAGE * COLS; i++) {
        free(l->cells[i]);
        l->cells[i] = NULL;
    }
}

/* Loads the page that starts after `after`.  The totals of a new filter
 * are only marked to be added up: list_idle does it once the page is on
 * the screen, and a key stops it, so no filter ever holds up a keystroke. */
static void load(struct ui *ui, struct opplist *l, int64_t after, bool totals)
{
    fs_err e;
    fs_opp_page_free(&l->page);
    free_cells(l);
    l->v.f.after = after;
    l->v.f.limit = PAGE;
    l->v.f.totals = false;
    if (totals)
        l->totals_pending = true;
    /* The filter's texts point into v (copies move with it). */
    struct ui_opp_filter_values *fv = &l->v;
    ui_opp_filter_point(fv, &fv->f);
    if (fs_opp_list(ui->s, &l->v.f, &l->page, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    for (int r = 0; r < l->page.n; r++) {
        fs_opp_row *row = &l->page.rows[r];
        char fin[48], exp[48], cd[32], num[40];
        ui_money(ui, row->final_amount, fin, sizeof fin);
        ui_money(ui, row->expected_amount, exp, sizeof exp);
        ui_date(ui, row->close_date, cd, sizeof cd);
        char *n = fs_text_local_digits(row->number, ui->s->digits);
        snprintf(num, sizeof num, "%s", n ? n : row->number);
        free(n);
        const char *v[COLS] = { num, row->title, row->contact, row->stage, fin, cd, exp, row->assigned };
        for (int c = 0; c < COLS; c++)
            l->cells[r * COLS + c] = strdup(v[c] ? v[c] : "");
    }
}

/* Adds up the filtered set while no key waits (ui_view_ops.idle). */
static bool list_idle(struct ui *ui, void *vs)
{
    struct opplist *l = vs;
    if (!l->totals_pending)
        return false;
    fs_opp_page t;
    bool stopped = false;
    fs_err e;
    if (fs_opp_list_totals(ui->s, &l->v.f, ui_key_waiting, ui, &t, &stopped, &e) != FS_OK) {
        l->totals_pending = false;
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return true;
    }
    if (stopped)
        return false;
    l->totals_pending = false;
    l->count = t.count;
    l->sum_final = t.sum_final;
    l->sum_expected = t.sum_expected;
    return true;
}

static void reload(struct ui *ui, struct opplist *l)
{
    l->depth = 0;
    l->sel = l->top = 0;
    load(ui, l, 0, true);
}

static void list_draw(struct ui *ui, void *vs)
{
    struct opplist *l = vs;
    static const enum ui_action hints[] = { UI_OPEN, UI_ADD_ROW, UI_SEARCH, UI_FILTER, UI_EXPORT, UI_HELP, UI_BACK };
    char title[640];
    bool filtered = false;
    for (int i = 0; i < UI_FILTER_FIELDS; i++)
        filtered |= l->v.labels[i][0] != '\0';
    filtered |= l->v.text[0] || l->v.f.overdue || l->v.f.invert;
    if (l->v.saved_name[0])
        snprintf(title, sizeof title, _("%s — saved filter \"%s\""), l->title, l->v.saved_name);
    else
        snprintf(title, sizeof title, "%s%s", l->title, filtered ? _(" (filtered)") : "");
    ui_draw_frame(ui, title, hints, 7);
    /* Row 1: the search line. */
    uw_draw(ui, &l->search, 1, 1, 10, 40, l->searching);
    int w = ui->cols - 2;
    ui_grid_draw(ui, 2, 1, w, cols, COLS, l->cells, l->page.n, l->searching ? -1 : l->sel, l->top);
    /* Totals row above the status bar. */
    char cnt[32], fin[48], exp[48], line[256];
    ui_int(ui, l->count, cnt, sizeof cnt);
    ui_money(ui, l->sum_final, fin, sizeof fin);
    ui_money(ui, l->sum_expected, exp, sizeof exp);
    if (l->totals_pending)
        snprintf(line, sizeof line, "%s", _("Adding up the opportunities…"));
    else
        snprintf(line, sizeof line,
                 P_("%s opportunity   Σ final %s   Σ expected %s", "%s opportunities   Σ final %s   Σ expected %s",
                    l->count), cnt, fin, exp);
    ui_fill(ui, ui->rows - 2, 0, ui->cols, ROLE_HEADING);
    ui_text(ui, ui->rows - 2, 1, ui->cols - 2, line, FS_ALIGN_START, ROLE_HEADING);
    if (!l->page.n)
        ui_text(ui, 4, 1, w, _("No opportunity matches."), FS_ALIGN_CENTER, ROLE_DIM);
    if (l->searching)
        uw_draw(ui, &l->search, 1, 1, 10, 40, true);
}

/* Visible grid rows. */
static int visible_rows(struct ui *ui)
{
    int v = ui->rows - 2 - 3;
    return v > 1 ? v : 1;
}

/* Moves the selection by delta rows, paging through the whole list. */
static void move_sel(struct ui *ui, struct opplist *l, int delta)
{
    int target = l->sel + delta;
    if (target >= l->page.n && l->page.more) {
        if (l->depth < MAX_BACK)
            l->after_stack[l->depth++] = l->v.f.after;
        load(ui, l, l->page.next_after, false);
        l->sel = l->top = 0;
        return;
    }
    if (target < 0 && l->depth > 0) {
        int64_t prev = l->after_stack[--l->depth];
        load(ui, l, prev, false);
        l->sel = l->page.n - 1;
        l->top = l->sel - visible_rows(ui) + 1;
        if (l->top < 0)
            l->top = 0;
        return;
    }
    if (target < 0)
        target = 0;
    if (target >= l->page.n)
        target = l->page.n - 1;
    l->sel = target < 0 ? 0 : target;
    int vis = visible_rows(ui);
    if (l->sel < l->top)
        l->top = l->sel;
    if (l->sel >= l->top + vis)
        l->top = l->sel - vis + 1;
}

/* ---- export: every row of the filter, as `forsat opp list --format csv` ---- */

/* The list's filter as it was when the export form opened. */
struct opp_export {
    struct ui_opp_filter_values v;
    struct ui *ui;
    fs_csv_file *cf;
    enum fs_calendar dates;
    long rows;
    fs_err e;
};

/* One opportunity as a CSV row (fs_report_opp_export's callback). */
static int export_row(void *ctx, const fs_opp_row *r)
{
    struct opp_export *x = ctx;
    char id[24], fin[24], exp[24], cd[32];
    ui_export_int(r->id, id, sizeof id);
    ui_export_int(r->final_amount, fin, sizeof fin);
    ui_export_int(r->expected_amount, exp, sizeof exp);
    ui_export_date(r->close_date, x->dates, cd, sizeof cd);
    const char *cells[] = { id, r->number, r->title, r->contact, r->stage, fin, exp, cd, r->assigned };
    if (fs_csv_file_row(x->cf, cells, 9, &x->e) != FS_OK)
        return x->e.code;
    x->rows++;
    return 0;
}

static int export_write(struct ui *ui, void *ctx, fs_csv_file *cf, enum fs_calendar dates, long *rows, fs_err *e)
{
    struct opp_export *x = ctx;
    struct ui_opp_filter_values *fv = &x->v;
    ui_opp_filter_point(fv, &fv->f);
    x->ui = ui;
    x->cf = cf;
    x->dates = dates;
    x->rows = 0;
    fs_err_clear(&x->e);
    const char *heads[] = { _("id"), _("number"), _("title"), _("contact"), _("stage"), _("final amount"),
                            _("expected amount"), _("close date"), _("assigned to") };
    if (fs_csv_file_row(cf, heads, 9, e) != FS_OK)
        return e->code;
    fs_report_totals t = { 0, 0, 0 };
    int rc = fs_report_opp_export(ui->s, &fv->f, export_row, x, &t, e);
    if (rc != FS_OK) {
        if (x->e.code != FS_OK)
            *e = x->e;
        return rc;
    }
    /* The totals row, as `forsat opp list` prints it. */
    char count[24], label[64], fin[24], exp[24];
    ui_export_int(t.count, count, sizeof count);
    snprintf(label, sizeof label, _("total: %s"), count);
    ui_export_int(t.sum_final, fin, sizeof fin);
    ui_export_int(t.sum_expected, exp, sizeof exp);
    const char *totals[] = { NULL, NULL, label, NULL, NULL, fin, exp, NULL, NULL };
    if (fs_csv_file_row(cf, totals, 9, e) != FS_OK)
        return e->code;
    *rows = x->rows;
    return FS_OK;
}

static void export_list(struct ui *ui, struct opplist *l)
{
    struct opp_export *x = calloc(1, sizeof *x);
    if (!x)
        return;
    x->v = l->v;
    const struct ui_export spec = { "opportunities", N_("Every opportunity of the list's filter, with a totals row."),
                                    true, export_write, x, free };
    ui_open_export(ui, &spec);
}

static bool list_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct opplist *l = vs;
    if (l->searching) {
        if (ui_is(k, UI_OPEN) || (k->ch == '\t' && !k->meta)) {
            if (strcmp(l->v.text, uw_text(&l->search)) != 0)
                l->v.saved_name[0] = '\0'; /* no longer the saved filter */
            fs_text_copy(l->v.text, sizeof l->v.text, uw_text(&l->search));
            l->searching = false;
            reload(ui, l);
            return true;
        }
        if (k->ch == 27 && !k->meta && !k->code) {
            l->searching = false;
            return true;
        }
        return uw_key(ui, &l->search, k);
    }
    if (ui_is(k, UI_ADD_ROW)) {
        ui_open_opp_new_in(ui, l, l->v.f.subtype_id);
        return true;
    }
    if (ui_is(k, UI_FILTER)) {
        ui_open_opp_filter(ui, l, &l->v);
        return true;
    }
    if (ui_is(k, UI_EXPORT)) {
        export_list(ui, l);
        return true;
    }
    if (ui_is(k, UI_SEARCH)) {
        l->searching = true;
        return true;
    }
    if (k->code == KEY_DOWN || ui_is(k, UI_ROW_DOWN)) {
        move_sel(ui, l, 1);
        return true;
    }
    if (k->code == KEY_UP || ui_is(k, UI_ROW_UP)) {
        move_sel(ui, l, -1);
        return true;
    }
    if (ui_is(k, UI_PAGE_DOWN)) {
        move_sel(ui, l, visible_rows(ui));
        return true;
    }
    if (ui_is(k, UI_PAGE_UP)) {
        move_sel(ui, l, -visible_rows(ui));
        return true;
    }
    if (ui_is(k, UI_FIRST)) {
        reload(ui, l);
        return true;
    }
    if (ui_is(k, UI_OPEN) && l->sel < l->page.n) {
        ui_open_opp_form(ui, l->page.rows[l->sel].id, l, 0);
        return true;
    }
    return false;
}

static void list_close(void *vs)
{
    struct opplist *l = vs;
    fs_opp_page_free(&l->page);
    free_cells(l);
    uw_free(&l->search);
    free(l);
}

/* The form changed something: show the list as it now is. */
void ui_opp_list_refresh(struct ui *ui, void *vs)
{
    struct opplist *l = vs;
    int64_t after = l->v.f.after;
    int sel = l->sel, top = l->top;
    load(ui, l, after, true);
    l->sel = sel < l->page.n ? sel : (l->page.n ? l->page.n - 1 : 0);
    l->top = top <= l->sel ? top : l->sel;
}

const struct ui_view_ops ui_opp_list_ops = {
    .name = "opp-list", .draw = list_draw, .key = list_key, .idle = list_idle, .close = list_close, .min_cols = 60,
    .min_rows = 10,
};

void ui_open_opp_list(struct ui *ui, void *arg)
{
    struct opplist *l = calloc(1, sizeof *l);
    if (!l)
        return;
    fs_opp_filter_init(&l->v.f);
    snprintf(l->title, sizeof l->title, "%s", _("Opportunities"));
    /* Opened for one subtype: the filter starts with it. */
    int64_t subtype = (int64_t)(intptr_t)arg;
    fs_subtype st;
    fs_err e;
    if (subtype && fs_subtype_get(ui->s, subtype, &st, &e) == FS_OK) {
        l->v.f.subtype_id = subtype;
        fs_text_copy(l->v.labels[0], sizeof l->v.labels[0], ui->rtl ? st.title_fa : st.title_en);
        fs_text_copy(l->title, sizeof l->title, ui->rtl ? st.title_fa : st.title_en);
    }
    uw_init(ui, &l->search, "search", N_("Search"), W_TEXT);
    reload(ui, l);
    ui_push(ui, &ui_opp_list_ops, l);
}

void ui_opp_list_apply(struct ui *ui, void *vs, const struct ui_opp_filter_values *v)
{
    struct opplist *l = vs;
    l->v = *v;
    uw_set(&l->search, l->v.text, 0);
    reload(ui, l);
}

int64_t ui_opp_list_step(struct ui *ui, void *vs, int dir)
{
    struct opplist *l = vs;
    int sel = l->sel, depth = l->depth;
    int64_t after = l->v.f.after;
    move_sel(ui, l, dir);
    if (l->sel == sel && l->v.f.after == after && l->depth == depth)
        return 0;
    return l->page.n ? l->page.rows[l->sel].id : 0;
}
