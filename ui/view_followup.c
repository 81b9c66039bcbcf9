/* view_followup.c — the acting user's follow-ups (SPEC §8): the due list
 * (reminders that have come first, marked ⏰, then open ones due today or
 * earlier, overdue first) or every open one; Enter
 * opens the item a follow-up hangs on, a key marks it done (again: open
 * again).  A row marked done stays, dimmed, until the list is read again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "records.h"
#include "ui.h"
#include "ui_reports.h"
#include "ui_table.h"
#include "ui_views.h"

enum { F_DUE, F_DESC, F_ITEM, F_STATE, F_COLS };

struct fups {
    fs_followup *v;
    int n, sel, top;
    bool all;                  /* every open follow-up, not only the due ones */
    bool stale;                /* an item opened from here may have changed */
};

void ui_open_item(struct ui *ui, const char *item_kind, int64_t item_id)
{
    if (!strcmp(item_kind, "opportunity"))
        ui_open_opp_form(ui, item_id, NULL, 0);
    else if (!strcmp(item_kind, "identity"))
        ui_open_identity(ui, item_id);
    else if (!strcmp(item_kind, "document"))
        ui_open_doc(ui, item_id);
    else if (!strcmp(item_kind, "product"))
        ui_open_stock(ui, item_id);
}

static void fups_load(struct ui *ui, struct fups *l)
{
    fs_followup_list_free(l->v, l->n);
    l->v = NULL;
    l->n = 0;
    fs_followup_filter f;
    fs_followup_filter_init(&f);
    f.days_ahead = l->all ? -1 : 0;
    fs_err e;
    if (fs_followup_list(ui->s, &f, &l->v, &l->n, &e) != FS_OK)
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
    /* The due list starts with the reminders that have come, whatever
     * their due dates; each follow-up shows once. */
    fs_followup *rem = NULL;
    int nrem = 0;
    if (!l->all && fs_followup_reminders(ui->s, 0, &rem, &nrem, &e) == FS_OK && nrem) {
        fs_followup *v = calloc((size_t)(nrem + l->n), sizeof *v);
        if (v) {
            int n = 0;
            for (int i = 0; i < nrem; i++)
                v[n++] = rem[i];
            for (int i = 0; i < l->n; i++) {
                bool dup = false;
                for (int j = 0; j < nrem && !dup; j++)
                    dup = rem[j].id == l->v[i].id;
                if (dup)
                    fs_followup_free(&l->v[i]);
                else
                    v[n++] = l->v[i];
            }
            free(rem);
            free(l->v);
            l->v = v;
            l->n = n;
            rem = NULL;
            nrem = 0;
        }
    }
    fs_followup_list_free(rem, nrem);
    if (l->sel >= l->n)
        l->sel = l->n ? l->n - 1 : 0;
    if (l->top > l->sel)
        l->top = l->sel;
}

/* "1405/09/06" or "1405/09/06 – 1405/09/08". */
static void due_text(struct ui *ui, const fs_followup *f, char *out, size_t n)
{
    char a[32], b[32];
    ui_date(ui, f->due_from, a, sizeof a);
    if (!strcmp(f->due_from, f->due_to)) {
        snprintf(out, n, "%s", a);
        return;
    }
    ui_date(ui, f->due_to, b, sizeof b);
    snprintf(out, n, "%s – %s", a, b);
}

/* "⏰ 14:30" (today) or "⏰ 1405/09/05 17:45": when its reminder came. */
static void remind_text(struct ui *ui, const fs_followup *f, char *out, size_t n)
{
    char iso[11], today[11], date[32], time[16];
    fs_text_copy(iso, sizeof iso, f->remind_at);
    fs_day_to_iso(ui->s->today, today);
    ut_local_digits(ui, strlen(f->remind_at) > 11 ? f->remind_at + 11 : "", time, sizeof time);
    if (!strcmp(iso, today)) {
        snprintf(out, n, "⏰ %s", time);
        return;
    }
    ui_date(ui, iso, date, sizeof date);
    snprintf(out, n, "⏰ %s %s", date, time);
}

/* "done", "3 days late", when a reminder came, or "" for one due now. */
static void state_text(struct ui *ui, const fs_followup *f, char *out, size_t n)
{
    fs_day d;
    out[0] = '\0';
    if (f->remind_due && !f->overdue && !f->done) {
        remind_text(ui, f, out, n);
    } else if (f->done) {
        snprintf(out, n, "✓ %s", _("done"));
    } else if (f->overdue && fs_day_from_iso(f->due_to, &d) == FS_OK) {
        char num[24];
        ui_int(ui, ui->s->today - d, num, sizeof num);
        snprintf(out, n, P_("%s day late", "%s days late", ui->s->today - d), num);
    }
}

static int fups_visible(const struct ui *ui)
{
    int v = ui->rows - 2 - 3;
    return v > 1 ? v : 1;
}

static void fups_draw(struct ui *ui, void *vs)
{
    struct fups *l = vs;
    if (l->stale) {
        l->stale = false;
        fups_load(ui, l);
    }
    static const enum ui_action hints[] = { UI_OPEN, UI_MARK_DONE, UI_PERIOD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, l->all ? _("Open follow-ups") : _("Follow-ups due"), hints, 5);
    char line[256];
    snprintf(line, sizeof line, l->all ? _("Every open follow-up of yours (%s: only those due)")
                                       : _("Reminders that have come, then due today or earlier, overdue first (%s: every open one)"),
             ui_key_hint(UI_PERIOD));
    ui_text(ui, 1, 1, ui->cols - 2, line, FS_ALIGN_START, ROLE_LABEL);
    /* Due, description, item, state; the two texts share what is left. */
    int w[F_COLS] = { 23, 0, 0, 19 };
    int rest = ui->cols - 2 - w[F_DUE] - w[F_STATE] - 3;
    w[F_DESC] = rest * 3 / 5;
    w[F_ITEM] = rest - w[F_DESC];
    static const char *const heads[F_COLS] = { N_("Due"), N_("Description"), N_("Item"), N_("State") };
    int x = 1;
    for (int c = 0; c < F_COLS; c++) {
        ui_text(ui, 2, x, w[c], _(heads[c]), FS_ALIGN_START, ROLE_HEADING);
        x += w[c] + 1;
    }
    int vis = fups_visible(ui);
    for (int i = l->top, y = 3; i < l->n && i < l->top + vis; i++, y++) {
        const fs_followup *f = &l->v[i];
        bool sel = i == l->sel;
        enum ui_role role = sel ? ROLE_FOCUS : f->done ? ROLE_DIM : ROLE_NORMAL;
        if (sel)
            ui_fill(ui, y, 0, ui->cols, ROLE_FOCUS);
        char due[80], state[64], desc[1100];
        due_text(ui, f, due, sizeof due);
        state_text(ui, f, state, sizeof state);
        snprintf(desc, sizeof desc, "%s%s", f->remind_due && !f->done ? "⏰ " : "", f->description);
        const char *cells[F_COLS] = { due, desc, f->item_label, state };
        x = 1;
        for (int c = 0; c < F_COLS; c++) {
            enum ui_role r = role;
            if (!sel && (f->overdue || f->remind_due) && !f->done && (c == F_DUE || c == F_STATE))
                r = ROLE_WARNING;
            ui_text(ui, y, x, w[c], cells[c], FS_ALIGN_START, r);
            x += w[c] + 1;
        }
    }
    if (!l->n)
        ui_text(ui, 4, 1, ui->cols - 2, l->all ? _("No open follow-ups.") : _("Nothing is due. Well done."),
                FS_ALIGN_CENTER, ROLE_DIM);
}

/* Marks the selected follow-up done, or open again. */
static void toggle_done(struct ui *ui, struct fups *l)
{
    if (l->sel >= l->n)
        return;
    fs_followup *f = &l->v[l->sel];
    fs_err e;
    if (fs_followup_set_done(ui->s, f->id, !f->done, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    f->done = !f->done;
    ui_message(ui, ROLE_NORMAL, f->done ? _("Done: %s") : _("Open again: %s"), f->description);
    if (f->done && l->sel + 1 < l->n)
        l->sel++;
}

static bool fups_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct fups *l = vs;
    int vis = fups_visible(ui);
    if (!k->meta && (k->code == KEY_UP || k->code == KEY_DOWN || k->code == KEY_PPAGE || k->code == KEY_NPAGE)) {
        int d = k->code == KEY_UP ? -1 : k->code == KEY_DOWN ? 1 : k->code == KEY_PPAGE ? -vis : vis;
        l->sel += d;
        if (l->sel >= l->n)
            l->sel = l->n - 1;
        if (l->sel < 0)
            l->sel = 0;
        if (l->sel < l->top)
            l->top = l->sel;
        if (l->sel >= l->top + vis)
            l->top = l->sel - vis + 1;
        return true;
    }
    if (ui_is(k, UI_MARK_DONE)) {
        toggle_done(ui, l);
        return true;
    }
    if (ui_is(k, UI_PERIOD)) {
        l->all = !l->all;
        l->sel = l->top = 0;
        fups_load(ui, l);
        return true;
    }
    if (ui_is(k, UI_OPEN) && l->sel < l->n) {
        l->stale = true;
        ui_open_item(ui, l->v[l->sel].item_kind, l->v[l->sel].item_id);
        return true;
    }
    return false;
}

static void fups_close(void *vs)
{
    struct fups *l = vs;
    fs_followup_list_free(l->v, l->n);
    free(l);
}

static const struct ui_view_ops fups_ops = {
    .name = "followups", .draw = fups_draw, .key = fups_key, .close = fups_close, .min_cols = 70, .min_rows = 10,
};

void ui_open_followups(struct ui *ui, void *arg)
{
    (void)arg;
    struct fups *l = calloc(1, sizeof *l);
    if (!l)
        return;
    fups_load(ui, l);
    ui_push(ui, &fups_ops, l);
}
