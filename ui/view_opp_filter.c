/* view_opp_filter.c — the filter form of the opportunity list (SPEC §10):
 * subtype, stage, type, source, campaign, assigned user, product or group,
 * reason, close-date range or overdue, win/loss date ranges, realized
 * amount range, free text, and the inverse filter.  F2 (or Enter on the
 * last field) applies it to the list; Esc leaves the list as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "i18n.h"
#include "money.h"
#include "opp_list.h"
#include "ui.h"
#include "ui_views.h"
#include "widgets.h"

enum {
    F_SUBTYPE, F_STAGE, F_TYPE, F_SOURCE, F_CAMPAIGN, F_ASSIGNED, F_PRODUCT, F_GROUP, F_WIN_REASON,
    F_LOSS_REASON, F_CLOSE_FROM, F_CLOSE_TO, F_WON_FROM, F_WON_TO, F_LOST_FROM, F_LOST_TO, F_REAL_MIN,
    F_REAL_MAX, F_TEXT, F_COUNT
};

static const struct {
    const char *name, *what, *label;
    enum ui_wkind kind;
} spec[F_COUNT] = {
    [F_SUBTYPE] = { "subtype", "subtype", N_("Subtype"), W_CHOICE },
    [F_STAGE] = { "stage", "stage", N_("Sales stage"), W_CHOICE },
    [F_TYPE] = { "type", "type", N_("Type"), W_CHOICE },
    [F_SOURCE] = { "source", "source", N_("Source"), W_CHOICE },
    [F_CAMPAIGN] = { "campaign", "campaign", N_("Campaign"), W_CHOICE },
    [F_ASSIGNED] = { "assigned", "assigned", N_("Assigned to"), W_CHOICE },
    [F_PRODUCT] = { "product", "product", N_("Product"), W_CHOICE },
    [F_GROUP] = { "group", "group", N_("Product group"), W_CHOICE },
    [F_WIN_REASON] = { "win_reason", "win_reason", N_("Win reason"), W_CHOICE },
    [F_LOSS_REASON] = { "loss_reason", "loss_reason", N_("Loss reason"), W_CHOICE },
    [F_CLOSE_FROM] = { "close_from", NULL, N_("Close date from"), W_DATE },
    [F_CLOSE_TO] = { "close_to", NULL, N_("Close date to"), W_DATE },
    [F_WON_FROM] = { "won_from", NULL, N_("Won from"), W_DATE },
    [F_WON_TO] = { "won_to", NULL, N_("Won to"), W_DATE },
    [F_LOST_FROM] = { "lost_from", NULL, N_("Lost from"), W_DATE },
    [F_LOST_TO] = { "lost_to", NULL, N_("Lost to"), W_DATE },
    [F_REAL_MIN] = { "realized_min", NULL, N_("Realized from"), W_AMOUNT },
    [F_REAL_MAX] = { "realized_max", NULL, N_("Realized to"), W_AMOUNT },
    [F_TEXT] = { "text", NULL, N_("Text"), W_TEXT },
};

_Static_assert(F_COUNT == UI_FILTER_FIELDS, "ui_views.h sizes the labels for every field");

struct filter {
    void *list;
    struct ui_widget w[F_COUNT];
    struct ui_choice_src src[F_COUNT];
    int64_t subtype_id;
    bool overdue, invert;
    int focus;                 /* F_COUNT, F_COUNT + 1: the two toggles */
    struct ui_opp_filter_values v;
};

static void filter_draw(struct ui *ui, void *vs)
{
    struct filter *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_TOGGLE, UI_BACK };
    ui_draw_frame(ui, _("Filter opportunities"), hints, 3);
    int lw = 16, col = (ui->cols - 2) / 2, fw = col - lw - 3;
    for (int i = 0; i < F_COUNT; i++) {
        int y = 2 + i / 2, x = 1 + (i % 2) * col;
        uw_draw(ui, &f->w[i], y, x, lw, fw, f->focus == i);
    }
    int y = 2 + (F_COUNT + 1) / 2;
    char t[128];
    snprintf(t, sizeof t, "[%s] %s", f->overdue ? "x" : " ", _("Only overdue (close date passed, still open)"));
    ui_text(ui, y, 1, col - 2, t, FS_ALIGN_START, f->focus == F_COUNT ? ROLE_FOCUS : ROLE_NORMAL);
    snprintf(t, sizeof t, "[%s] %s", f->invert ? "x" : " ", _("Inverse: everything this filter leaves out"));
    ui_text(ui, y, 1 + col, col - 2, t, FS_ALIGN_START, f->focus == F_COUNT + 1 ? ROLE_FOCUS : ROLE_NORMAL);
    if (f->focus < F_COUNT && f->w[f->focus].popup_open)
        uw_draw_popup(ui, &f->w[f->focus], 2 + f->focus / 2, 1 + (f->focus % 2) * col + lw + 1, fw);
}

/* Reads every field into the filter values; on a refusal focuses the
 * field and returns false. */
static bool collect(struct ui *ui, struct filter *f)
{
    fs_err e;
    fs_err_clear(&e);
    struct ui_opp_filter_values *v = &f->v;
    int64_t *ids[F_COUNT] = {
        [F_SUBTYPE] = &v->f.subtype_id, [F_STAGE] = &v->f.stage_id, [F_TYPE] = &v->f.type_id,
        [F_SOURCE] = &v->f.source_id, [F_CAMPAIGN] = &v->f.campaign_id, [F_ASSIGNED] = &v->f.assigned_id,
        [F_PRODUCT] = &v->f.product_id, [F_GROUP] = &v->f.group_id, [F_WIN_REASON] = &v->f.win_reason_id,
        [F_LOSS_REASON] = &v->f.loss_reason_id,
    };
    char *dates[F_COUNT] = {
        [F_CLOSE_FROM] = v->close_from, [F_CLOSE_TO] = v->close_to, [F_WON_FROM] = v->won_from,
        [F_WON_TO] = v->won_to, [F_LOST_FROM] = v->lost_from, [F_LOST_TO] = v->lost_to,
    };
    for (int i = 0; i < F_COUNT; i++) {
        struct ui_widget *w = &f->w[i];
        const char *t = uw_text(w);
        int rc = FS_OK;
        if (ids[i]) {
            rc = ui_choice_resolve(ui, w, &f->src[i], ids[i], &e);
            if (i == F_SUBTYPE)
                f->subtype_id = *ids[i];
        } else if (dates[i]) {
            fs_day d;
            dates[i][0] = '\0';
            if (*t && (rc = fs_date_parse(t, ui->s->today, ui->s->calendar, _(w->label), &d, &e)) == FS_OK)
                fs_day_to_iso(d, dates[i]);
        } else if (i == F_REAL_MIN || i == F_REAL_MAX) {
            bool *has = i == F_REAL_MIN ? &v->f.has_realized_min : &v->f.has_realized_max;
            int64_t *amt = i == F_REAL_MIN ? &v->f.realized_min : &v->f.realized_max;
            *has = false;
            if (*t && (rc = fs_money_parse(t, _(w->label), amt, &e)) == FS_OK)
                *has = true;
        } else if (i == F_TEXT) {
            fs_text_copy(v->text, sizeof v->text, t);
        }
        fs_text_copy(v->labels[i], sizeof v->labels[i], t);
        if (rc != FS_OK) {
            fs_text_copy(w->error, sizeof w->error, e.msg);
            ui_message(ui, ROLE_ERROR, "%s", e.msg);
            f->focus = i;
            return false;
        }
    }
    v->f.overdue = f->overdue;
    v->f.invert = f->invert;
    return true;
}

static bool filter_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct filter *f = vs;
    struct ui_widget *w = f->focus < F_COUNT ? &f->w[f->focus] : NULL;
    if (ui_is(k, UI_SAVE) || (ui_is(k, UI_OPEN) && f->focus >= F_COUNT)) {
        if (w && w->popup_open)
            uw_choose(w);
        if (collect(ui, f)) {
            ui_opp_list_apply(ui, f->list, &f->v);
            ui_pop(ui);
        }
        return true;
    }
    if (f->focus >= F_COUNT && ui_is(k, UI_TOGGLE)) {
        bool *b = f->focus == F_COUNT ? &f->overdue : &f->invert;
        *b = !*b;
        return true;
    }
    if (w && w->popup_open && (k->code == KEY_DOWN || k->code == KEY_UP || ui_is(k, UI_OPEN)))
        return uw_key(ui, w, k);
    if ((k->ch == '\t' && !k->meta) || k->code == KEY_DOWN || ui_is(k, UI_OPEN)) {
        if (w && w->popup_open)
            uw_choose(w);
        if (f->focus == F_SUBTYPE)
            ui_choice_resolve(ui, w, &f->src[F_SUBTYPE], &f->subtype_id, &(fs_err){ 0 });
        f->focus = (f->focus + 1) % (F_COUNT + 2);
        return true;
    }
    if (k->code == KEY_BTAB || k->code == KEY_UP) {
        f->focus = (f->focus + F_COUNT + 1) % (F_COUNT + 2);
        return true;
    }
    return w && uw_key(ui, w, k);
}

static void filter_close(void *vs)
{
    struct filter *f = vs;
    for (int i = 0; i < F_COUNT; i++)
        uw_free(&f->w[i]);
    free(f);
}

static const struct ui_view_ops filter_ops = {
    .name = "opp-filter", .draw = filter_draw, .key = filter_key, .close = filter_close,
    .min_cols = 80, .min_rows = 16,
};

void ui_open_opp_filter(struct ui *ui, void *list, const struct ui_opp_filter_values *current)
{
    struct filter *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->list = list;
    f->v = *current;
    f->overdue = current->f.overdue;
    f->invert = current->f.invert;
    f->subtype_id = current->f.subtype_id;
    for (int i = 0; i < F_COUNT; i++) {
        uw_init(ui, &f->w[i], spec[i].name, spec[i].label, spec[i].kind);
        if (spec[i].what) {
            f->src[i].what = spec[i].what;
            f->src[i].subtype_id = &f->subtype_id;
            f->src[i].group_id = &f->v.f.group_id;
            ui_choice_bind(&f->w[i], &f->src[i]);
        }
    }
    /* What was typed last time comes back; choices keep their ids. */
    int64_t ids[F_COUNT] = {
        [F_SUBTYPE] = current->f.subtype_id, [F_STAGE] = current->f.stage_id, [F_TYPE] = current->f.type_id,
        [F_SOURCE] = current->f.source_id, [F_CAMPAIGN] = current->f.campaign_id,
        [F_ASSIGNED] = current->f.assigned_id, [F_PRODUCT] = current->f.product_id,
        [F_GROUP] = current->f.group_id, [F_WIN_REASON] = current->f.win_reason_id,
        [F_LOSS_REASON] = current->f.loss_reason_id,
    };
    for (int i = 0; i < F_COUNT; i++)
        if (current->labels[i][0])
            uw_set(&f->w[i], current->labels[i], ids[i]);
    ui_push(ui, &filter_ops, f);
}
