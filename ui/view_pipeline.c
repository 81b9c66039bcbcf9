/* view_pipeline.c — the pipeline board (SPEC §10): one column per active
 * stage of a subtype in chain order, laid out from the start side (so the
 * chain reads right to left under the Persian UI), each with its count,
 * Σ final and Σ expected, and cards with title, contact, amounts, close
 * date (overdue ones stand out) and age.  A card moves to the next or the
 * previous stage through the core (every rule of a stage change applies;
 * a final stage asks for the win or loss reason first).  Won and lost
 * columns show the last 30 days unless another period is chosen.  When the
 * columns do not fit, the board scrolls sideways keeping the selected
 * column in view.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lists.h"
#include "report.h"
#include "subtype.h"
#include "ui.h"
#include "ui_reports.h"
#include "ui_table.h"
#include "ui_views.h"

/* Cards are 5 lines and a gap; columns at least this wide. */
#define CARD_LINES 5
#define CARD_ROWS (CARD_LINES + 1)
#define COL_MIN 22
#define HEAD_Y 2
#define CARDS_Y 6
/* Columns the board can move among (a subtype's stage chain is short). */
#define MAX_COLS 64

/* The periods the won and lost columns cycle through (0 = all time). */
static const int periods[] = { FS_PIPELINE_DEFAULT_DAYS, 90, 365, 0, 7 };
#define NPERIODS ((int)(sizeof periods / sizeof *periods))

struct board {
    int64_t subtype_id;        /* 0 until the first load picks the default */
    int period;                /* index into periods */
    fs_pipeline p;
    bool have;
    char subtype[FS_TITLE_BYTES];
    int col;                   /* the selected column */
    int sel[MAX_COLS], top[MAX_COLS]; /* per column: the selected card, the first shown */
    int first;                 /* the first column on screen */
    bool stale;                /* the form opened from here may have changed cards */
    bool fa;                   /* the language the board was read in */
};

/* The columns shown: the board's, at most MAX_COLS. */
static int board_cols(const struct board *b)
{
    return b->p.ncolumns < MAX_COLS ? b->p.ncolumns : MAX_COLS;
}

/* ---- a small modal list --------------------------------------------------- */

struct pick_item {
    int64_t id;
    char label[256];
};

/* A list in a box over the screen; returns the chosen index, or -1 when
 * the user backs out.  Keys come from the terminal or the test script. */
static int pick(struct ui *ui, const char *title, const struct pick_item *items, int n, int sel)
{
    if (n <= 0)
        return -1;
    char hint[128];
    snprintf(hint, sizeof hint, "%s %s  %s %s", ui_key_hint(UI_OPEN), _("Choose"), ui_key_hint(UI_BACK), _("Cancel"));
    int bw = (fs_text_width(title) > fs_text_width(hint) ? fs_text_width(title) : fs_text_width(hint)) + 4;
    for (int i = 0; i < n; i++)
        if (fs_text_width(items[i].label) + 6 > bw)
            bw = fs_text_width(items[i].label) + 6;
    if (bw > ui->cols - 4)
        bw = ui->cols - 4;
    int rows = n < ui->rows - 6 ? n : ui->rows - 6, bx = (ui->cols - bw) / 2, by = (ui->rows - rows - 2) / 2;
    int top = 0;
    for (;;) {
        if (sel < top)
            top = sel;
        if (sel >= top + rows)
            top = sel - rows + 1;
        ui_fill(ui, by, bx, bw, ROLE_TITLE);
        ui_text(ui, by, bx + 1, bw - 2, title, FS_ALIGN_START, ROLE_TITLE);
        for (int r = 0; r < rows; r++) {
            enum ui_role role = top + r == sel ? ROLE_FOCUS : ROLE_STATUS;
            ui_fill(ui, by + 1 + r, bx, bw, role);
            ui_text(ui, by + 1 + r, bx + 2, bw - 4, items[top + r].label, FS_ALIGN_START, role);
        }
        ui_fill(ui, by + 1 + rows, bx, bw, ROLE_STATUS);
        ui_text(ui, by + 1 + rows, bx + 1, bw - 2, hint, FS_ALIGN_END, ROLE_STATUS);
        refresh();
        struct ui_key k;
        if (!ui_read_key(ui, &k))
            return -1;
        if (k.code == KEY_UP && sel > 0)
            sel--;
        else if (k.code == KEY_DOWN && sel + 1 < n)
            sel++;
        else if (ui_is(&k, UI_OPEN))
            return sel;
        else if (ui_is(&k, UI_BACK))
            return -1;
    }
}

struct reasons {
    struct pick_item *v;
    int n, max;
    bool fa;
};

/* Keeps the active items of a reason list (fs_list_show's callback). */
static int collect_reason(void *ctx, const fs_list_item *it)
{
    struct reasons *r = ctx;
    if (it->active && r->n < r->max) {
        r->v[r->n].id = it->id;
        fs_text_copy(r->v[r->n].label, sizeof r->v[r->n].label, r->fa ? it->label_fa : it->label_en);
        r->n++;
    }
    return r->n >= r->max;
}

/* Asks for the win or loss reason of a move into stage t: "" for none,
 * the item's id as text, or false when the user backs out. */
static bool ask_reason(struct ui *ui, const fs_stage *t, char *out, size_t n)
{
    struct pick_item items[64];
    struct reasons r = { items, 0, 63, ui->rtl };
    fs_err e;
    if (fs_list_show(ui->s, t->kind == FS_STAGE_WON ? "win_reason" : "loss_reason", collect_reason, &r, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return false;
    }
    items[r.n].id = 0;
    fs_text_copy(items[r.n].label, sizeof items[r.n].label, _("(no reason)"));
    int c = pick(ui, t->kind == FS_STAGE_WON ? _("Win reason") : _("Loss reason"), items, r.n + 1, 0);
    if (c < 0)
        return false;
    if (items[c].id)
        snprintf(out, n, "%lld", (long long)items[c].id);
    else
        out[0] = '\0';
    return true;
}

/* ---- loading ---------------------------------------------------------------- */

/* The selected card, NULL when its column is empty. */
static const fs_pipeline_card *sel_card(const struct board *b)
{
    if (!b->have || b->col < 0 || b->col >= board_cols(b))
        return NULL;
    const fs_pipeline_column *c = &b->p.columns[b->col];
    return b->sel[b->col] < c->ncards ? &c->cards[b->sel[b->col]] : NULL;
}

/* Selects card id (in any column); false when the board does not show it. */
static bool select_card(struct board *b, int64_t id)
{
    for (int c = 0; c < board_cols(b); c++)
        for (int i = 0; i < b->p.columns[c].ncards; i++)
            if (b->p.columns[c].cards[i].id == id) {
                b->col = c;
                b->sel[c] = i;
                return true;
            }
    return false;
}

/* Reads the board again, keeping the selected card (or column) where it
 * can; focus_id, when not 0, is the card to select. */
static void board_load(struct ui *ui, struct board *b, int64_t focus_id)
{
    const fs_pipeline_card *cur = sel_card(b);
    int64_t keep = focus_id ? focus_id : cur ? cur->id : 0;
    fs_report_filter f;
    memset(&f, 0, sizeof f);
    f.subtype_id = b->subtype_id;
    fs_pipeline p;
    fs_err e;
    if (fs_report_pipeline(ui->s, &f, periods[b->period], FS_PIPELINE_DEFAULT_CARDS, &p, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    if (b->have)
        fs_pipeline_free(&b->p);
    b->p = p;
    b->have = true;
    b->fa = ui->rtl;
    b->subtype_id = p.subtype_id;
    fs_subtype st;
    if (fs_subtype_get(ui->s, p.subtype_id, &st, &e) == FS_OK)
        fs_text_copy(b->subtype, sizeof b->subtype, ui->rtl ? st.title_fa : st.title_en);
    if (!keep || !select_card(b, keep)) {
        if (b->col >= board_cols(b))
            b->col = board_cols(b) ? board_cols(b) - 1 : 0;
    }
    for (int c = 0; c < board_cols(b); c++) {
        if (b->sel[c] >= p.columns[c].ncards)
            b->sel[c] = p.columns[c].ncards ? p.columns[c].ncards - 1 : 0;
        if (b->top[c] > b->sel[c])
            b->top[c] = b->sel[c];
    }
}

/* ---- drawing ---------------------------------------------------------------- */

/* "label … amount" in w cells: the amount at the end, the label (or its
 * short form) only when it fits beside it. */
static void amount_line(struct ui *ui, int y, int x, int w, const char *label, const char *shorter, int64_t v,
                        enum ui_role role)
{
    char a[48];
    ui_money(ui, v, a, sizeof a);
    int aw = fs_text_width(a);
    ui_text(ui, y, x, w, a, FS_ALIGN_END, role);
    const char *l = w - aw - 1 >= fs_text_width(label) ? label : w - aw - 1 >= fs_text_width(shorter) ? shorter : "";
    ui_text(ui, y, x, w - aw - 1, l, FS_ALIGN_START, role == ROLE_FOCUS ? ROLE_FOCUS : ROLE_DIM);
}

static void draw_card(struct ui *ui, const fs_pipeline_card *c, int y, int x, int w, bool focus)
{
    enum ui_role role = focus ? ROLE_FOCUS : ROLE_NORMAL;
    if (focus)
        for (int i = 0; i < CARD_LINES; i++)
            ui_fill(ui, y + i, x, w, ROLE_FOCUS);
    ui_text(ui, y, x, w, c->title, FS_ALIGN_START, focus ? ROLE_FOCUS : ROLE_HEADING);
    ui_text(ui, y + 1, x, w, c->contact, FS_ALIGN_START, focus ? ROLE_FOCUS : ROLE_LABEL);
    amount_line(ui, y + 2, x, w, _("Final"), _("Fin."), c->final_amount, role);
    amount_line(ui, y + 3, x, w, _("Expected"), _("Exp."), c->expected_amount, role);
    char date[40], age[48], n[24];
    if (c->close_date[0]) {
        ui_date(ui, c->close_date, date, sizeof date);
        if (c->overdue)
            strcat(date, "!");
    } else {
        fs_text_copy(date, sizeof date, _("no close date"));
    }
    ui_int(ui, c->age_days, n, sizeof n);
    snprintf(age, sizeof age, P_("%s day", "%s days", c->age_days), n);
    int aw = fs_text_width(age);
    ui_text(ui, y + 4, x, w, age, FS_ALIGN_END, focus ? ROLE_FOCUS : ROLE_DIM);
    ui_text(ui, y + 4, x, w - aw - 1, date, FS_ALIGN_START,
            c->overdue ? ROLE_WARNING : focus ? ROLE_FOCUS : c->close_date[0] ? ROLE_NORMAL : ROLE_DIM);
}

/* Cards that fit below the column heads. */
static int cards_visible(const struct ui *ui)
{
    int n = (ui->rows - 2 - CARDS_Y + 1) / CARD_ROWS;
    return n > 0 ? n : 1;
}

static void draw_column(struct ui *ui, struct board *b, int ci, int x, int w)
{
    const fs_pipeline_column *c = &b->p.columns[ci];
    bool cur = ci == b->col;
    /* The title gives way to the count when the column is narrow. */
    char cnt[32], n[24];
    ui_int(ui, c->count, n, sizeof n);
    snprintf(cnt, sizeof cnt, "(%s)", n);
    int cw = fs_text_width(cnt);
    enum ui_role role = cur ? ROLE_TITLE : ROLE_HEADING;
    ui_fill(ui, HEAD_Y, x, w, cur ? ROLE_TITLE : ROLE_NORMAL);
    ui_text(ui, HEAD_Y, x, w - cw - 1, c->title, FS_ALIGN_START, role);
    ui_text(ui, HEAD_Y, x + w - cw, cw, cnt, FS_ALIGN_END, role);
    amount_line(ui, HEAD_Y + 1, x, w, _("Σ final"), _("Σ fin."), c->sum_final, ROLE_NORMAL);
    amount_line(ui, HEAD_Y + 2, x, w, _("Σ expected"), _("Σ exp."), c->sum_expected, ROLE_NORMAL);
    char rule[COL_MIN * 3 * 8 + 4];
    int rw = w < (int)sizeof rule / 3 - 1 ? w : (int)sizeof rule / 3 - 1;
    rule[0] = '\0';
    for (int i = 0; i < rw; i++)
        strcat(rule, c->kind == FS_STAGE_OPEN ? "─" : "═");
    ui_text(ui, HEAD_Y + 3, x, w, rule, FS_ALIGN_START, ROLE_DIM);
    if (!c->ncards) {
        ui_text(ui, CARDS_Y, x, w, _("(empty)"), FS_ALIGN_CENTER, ROLE_DIM);
        return;
    }
    /* The selected card stays in view (it may have been chosen by id). */
    int vis = cards_visible(ui);
    if (b->sel[ci] < b->top[ci])
        b->top[ci] = b->sel[ci];
    if (b->sel[ci] >= b->top[ci] + vis)
        b->top[ci] = b->sel[ci] - vis + 1;
    int top = b->top[ci];
    int y = CARDS_Y;
    for (int i = top; i < c->ncards && i < top + vis; i++, y += CARD_ROWS)
        draw_card(ui, &c->cards[i], y, x, w, cur && i == b->sel[ci]);
    /* What the column holds beyond the cards shown. */
    char more[96], nbuf[24];
    int64_t below = c->count - (top + vis < c->ncards ? top + vis : c->ncards);
    if (below > 0 && y - 1 < ui->rows - 2) {
        ui_int(ui, below, nbuf, sizeof nbuf);
        snprintf(more, sizeof more, _("+%s more"), nbuf);
        ui_text(ui, y - 1, x, w, more, FS_ALIGN_CENTER, ROLE_DIM);
    }
}

/* How many columns fit and how wide they are; moves b->first so the
 * selected column is among them. */
static int layout(const struct ui *ui, struct board *b, int *colw)
{
    int avail = ui->cols - 2, n = board_cols(b);
    int fit = (avail + 1) / (COL_MIN + 1);
    if (fit < 1)
        fit = 1;
    if (fit > n)
        fit = n;
    *colw = fit ? (avail - (fit - 1)) / fit : avail;
    if (b->col < b->first)
        b->first = b->col;
    if (b->col >= b->first + fit)
        b->first = b->col - fit + 1;
    if (b->first > n - fit)
        b->first = n - fit;
    if (b->first < 0)
        b->first = 0;
    return fit;
}

static void board_draw(struct ui *ui, void *vs)
{
    struct board *b = vs;
    if (b->stale || (b->have && b->fa != ui->rtl)) {
        b->stale = false;
        board_load(ui, b, 0);
    }
    static const enum ui_action hints[] = { UI_OPEN,   UI_STAGE_NEXT, UI_STAGE_PREV, UI_CHOOSE_SUBTYPE,
                                            UI_PERIOD, UI_HELP,       UI_BACK };
    char title[FS_TITLE_BYTES + 64];
    snprintf(title, sizeof title, _("Pipeline: %s"), b->subtype);
    ui_draw_frame(ui, title, hints, (int)(sizeof hints / sizeof *hints));
    if (!b->have)
        return;
    char info[512], nbuf[24];
    if (periods[b->period]) {
        ui_int(ui, periods[b->period], nbuf, sizeof nbuf);
        snprintf(info, sizeof info, P_("Won and lost: the last %s day (%s)", "Won and lost: the last %s days (%s)", periods[b->period]),
                 nbuf, ui_key_hint(UI_PERIOD));
    } else {
        snprintf(info, sizeof info, _("Won and lost: all time (%s)"), ui_key_hint(UI_PERIOD));
    }
    if (!board_cols(b)) {
        ui_text(ui, 1, 1, ui->cols - 2, info, FS_ALIGN_START, ROLE_LABEL);
        ui_text(ui, CARDS_Y, 1, ui->cols - 2, _("This subtype has no active stages."), FS_ALIGN_CENTER, ROLE_DIM);
        return;
    }
    /* Row 1 ends with the selected card's number (the cards leave it out)
     * and which stages are on screen. */
    int colw, fit = layout(ui, b, &colw);
    char right[256] = "", shown[128] = "";
    if (fit < board_cols(b)) {
        char a[24], z[24], all[24];
        ui_int(ui, b->first + 1, a, sizeof a);
        ui_int(ui, b->first + fit, z, sizeof z);
        ui_int(ui, board_cols(b), all, sizeof all);
        snprintf(shown, sizeof shown, _("stages %s–%s of %s"), a, z, all);
    }
    const fs_pipeline_card *cur = sel_card(b);
    if (cur)
        ut_local_digits(ui, cur->number, right, sizeof right);
    if (shown[0])
        snprintf(right + strlen(right), sizeof right - strlen(right), "%s%s", right[0] ? "   " : "", shown);
    int rw = fs_text_width(right);
    ui_text(ui, 1, 1, ui->cols - 2, right, FS_ALIGN_END, ROLE_DIM);
    ui_text(ui, 1, 1, ui->cols - 4 - rw, info, FS_ALIGN_START, ROLE_LABEL);
    if (fit < board_cols(b)) {
        /* Arrows at the edges point where more columns are (the bidi
         * layer mirrors them under the Persian UI). */
        if (b->first > 0)
            ui_text(ui, HEAD_Y, 0, 1, "‹", FS_ALIGN_START, ROLE_WARNING);
        if (b->first + fit < board_cols(b))
            ui_text(ui, HEAD_Y, ui->cols - 1, 1, "›", FS_ALIGN_START, ROLE_WARNING);
    }
    for (int i = 0; i < fit; i++) {
        int x = 1 + i * (colw + 1);
        draw_column(ui, b, b->first + i, x, colw);
        if (i + 1 < fit)
            for (int y = HEAD_Y; y < ui->rows - 2; y++)
                ui_text(ui, y, x + colw, 1, "│", FS_ALIGN_START, ROLE_DIM);
    }
    char cnt[24], fin[48], exp[48], line[256];
    ui_int(ui, b->p.totals.count, cnt, sizeof cnt);
    ui_money(ui, b->p.totals.sum_final, fin, sizeof fin);
    ui_money(ui, b->p.totals.sum_expected, exp, sizeof exp);
    snprintf(line, sizeof line,
             P_("%s opportunity   Σ final %s   Σ expected %s", "%s opportunities   Σ final %s   Σ expected %s",
                b->p.totals.count), cnt, fin, exp);
    ut_totals(ui, line, FS_ALIGN_START);
}

/* ---- keys ------------------------------------------------------------------- */

/* Moves the selected card one stage on (dir +1) or back (-1). */
static void move_card(struct ui *ui, struct board *b, int dir)
{
    const fs_pipeline_card *c = sel_card(b);
    if (!c)
        return;
    int64_t id = c->id;
    char title[256];
    fs_text_copy(title, sizeof title, c->title);
    fs_err e;
    fs_stage t;
    if (fs_report_pipeline_target(ui->s, id, dir, &t, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    char reason[32] = "";
    if (t.kind != FS_STAGE_OPEN && !ask_reason(ui, &t, reason, sizeof reason))
        return;
    int64_t stage = 0;
    if (fs_report_pipeline_move(ui->s, id, dir, reason[0] ? reason : NULL, &stage, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    board_load(ui, b, id);
    /* A card beyond the cards shown: select its column at least. */
    if (!select_card(b, id))
        for (int i = 0; i < board_cols(b); i++)
            if (b->p.columns[i].stage_id == stage)
                b->col = i;
    /* The stage first: the sentence then reads in the UI's direction even
     * when the title is in the other script. */
    ui_message(ui, ROLE_NORMAL, _("Moved to %s: %s"), ui->rtl ? t.title_fa : t.title_en, title);
}

/* Chooses another subtype from the active ones. */
static void choose_subtype(struct ui *ui, struct board *b)
{
    fs_subtype *subs = NULL;
    int n = 0, sel = 0, k = 0;
    fs_err e;
    if (fs_subtype_list(ui->s, &subs, &n, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    struct pick_item *items = calloc((size_t)n + 1, sizeof *items);
    for (int i = 0; items && i < n; i++)
        if (subs[i].active) {
            if (subs[i].id == b->subtype_id)
                sel = k;
            items[k].id = subs[i].id;
            fs_text_copy(items[k].label, sizeof items[k].label, ui->rtl ? subs[i].title_fa : subs[i].title_en);
            k++;
        }
    int c = items ? pick(ui, _("Subtype"), items, k, sel) : -1;
    if (c >= 0 && items[c].id != b->subtype_id) {
        b->subtype_id = items[c].id;
        b->col = b->first = 0;
        memset(b->sel, 0, sizeof b->sel);
        memset(b->top, 0, sizeof b->top);
        board_load(ui, b, 0);
    }
    free(items);
    free(subs);
}

/* Up/Down/PgUp/PgDn/Home/End among the cards of the selected column. */
static bool card_nav(struct ui *ui, struct board *b, const struct ui_key *k)
{
    if (k->meta || !board_cols(b))
        return false;
    int n = b->p.columns[b->col].ncards, vis = cards_visible(ui);
    int *sel = &b->sel[b->col], *top = &b->top[b->col];
    int to = k->code == KEY_UP ? *sel - 1 : k->code == KEY_DOWN ? *sel + 1 : k->code == KEY_PPAGE ? *sel - vis
           : k->code == KEY_NPAGE ? *sel + vis : k->code == KEY_HOME ? 0 : k->code == KEY_END ? n - 1 : -2;
    if (to == -2)
        return false;
    *sel = to >= n ? n - 1 : to;
    if (*sel < 0)
        *sel = 0;
    if (*sel < *top)
        *top = *sel;
    if (*sel >= *top + vis)
        *top = *sel - vis + 1;
    return true;
}

static bool board_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct board *b = vs;
    if (!b->have)
        return false;
    if (!k->meta && (k->code == KEY_LEFT || k->code == KEY_RIGHT)) {
        /* Arrows move on screen: Left is the next stage under the Persian UI. */
        int dir = (k->code == KEY_RIGHT) != ui->rtl ? 1 : -1;
        int to = b->col + dir;
        if (to >= 0 && to < board_cols(b))
            b->col = to;
        return true;
    }
    if (card_nav(ui, b, k))
        return true;
    if (ui_is(k, UI_STAGE_NEXT) || ui_is(k, UI_STAGE_PREV)) {
        move_card(ui, b, ui_is(k, UI_STAGE_NEXT) ? 1 : -1);
        return true;
    }
    if (ui_is(k, UI_OPEN)) {
        const fs_pipeline_card *c = sel_card(b);
        if (c) {
            b->stale = true;
            ui_open_opp_form(ui, c->id, NULL, 0);
        }
        return true;
    }
    if (ui_is(k, UI_CHOOSE_SUBTYPE)) {
        choose_subtype(ui, b);
        return true;
    }
    if (ui_is(k, UI_PERIOD)) {
        b->period = (b->period + 1) % NPERIODS;
        board_load(ui, b, 0);
        return true;
    }
    return false;
}

static void board_close(void *vs)
{
    struct board *b = vs;
    if (b->have)
        fs_pipeline_free(&b->p);
    free(b);
}

static const struct ui_view_ops board_ops = {
    .name = "pipeline", .draw = board_draw, .key = board_key, .close = board_close,
    .min_cols = 60, .min_rows = 16,
};

void ui_open_pipeline(struct ui *ui, void *arg)
{
    struct board *b = calloc(1, sizeof *b);
    if (!b)
        return;
    b->subtype_id = (int64_t)(intptr_t)arg;
    board_load(ui, b, 0);
    if (!b->have) {
        free(b);
        return;
    }
    ui_push(ui, &board_ops, b);
}
