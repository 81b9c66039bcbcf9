/* view_opp_filter.c — the filter form of the opportunity list (SPEC §10):
 * subtype, stage, type, source, campaign, assigned user, product or group,
 * reason, close-date range or overdue, win/loss date ranges, realized
 * amount range, free text, and the inverse filter.  F2 (or Enter on the
 * last field) applies it to the list; Esc leaves the list as it was.
 *
 * Saved filters (saved_filter.h): the "Saved filter" field at the top
 * offers the user's own by type-ahead and, once one is chosen, fills every
 * field from it; F7 saves the form's filter under a name asked in a small
 * form (an existing name is replaced only when the user confirms); F8
 * deletes the chosen saved filter after asking.  The list's title names
 * the saved filter while the applied filter is that one unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "i18n.h"
#include "lookup.h"
#include "mini.h"
#include "money.h"
#include "opp_list.h"
#include "saved_filter.h"
#include "ui.h"
#include "ui_views.h"
#include "widgets.h"

enum {
    F_SUBTYPE, F_STAGE, F_TYPE, F_SOURCE, F_CAMPAIGN, F_ASSIGNED, F_PRODUCT, F_GROUP, F_WIN_REASON,
    F_LOSS_REASON, F_CLOSE_FROM, F_CLOSE_TO, F_WON_FROM, F_WON_TO, F_LOST_FROM, F_LOST_TO, F_REAL_MIN,
    F_REAL_MAX, F_CONTACT, F_STATUS, F_TEXT, F_COUNT
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
    [F_CONTACT] = { "contact", "contact", N_("Related to"), W_CHOICE },
    [F_STATUS] = { "stage_kind", NULL, N_("Status"), W_CHOICE },
    [F_TEXT] = { "text", NULL, N_("Text"), W_TEXT },
};

_Static_assert(F_COUNT == UI_FILTER_FIELDS, "ui_views.h sizes the labels for every field");

/* Focus positions after the fields: the two toggles and the saved filter
 * field, which is drawn at the top and comes first in the Tab order. */
enum { FOCUS_OVERDUE = F_COUNT, FOCUS_INVERT, FOCUS_SAVED, FOCUS_COUNT };

struct filter {
    void *list;
    struct ui_widget w[F_COUNT];
    struct ui_choice_src src[F_COUNT];
    struct ui_widget saved;    /* the saved filter to fill the form from */
    int64_t loaded_id;         /* the saved filter the fields were filled from */
    char loaded_name[404];
    char *loaded_args;         /* its fields, encoded: applied unchanged, the
                                  list's title names it */
    int64_t subtype_id;
    bool overdue, invert;
    int focus;                 /* a field, FOCUS_OVERDUE, FOCUS_INVERT or FOCUS_SAVED */
    struct ui_opp_filter_values v;
};

/* The next focus position in Tab order (dir 1) or back (dir -1): the saved
 * filter, the fields, the toggles. */
static int step_focus(int focus, int dir)
{
    int order = focus == FOCUS_SAVED ? 0 : focus + 1;
    order = (order + dir + FOCUS_COUNT) % FOCUS_COUNT;
    return order == 0 ? FOCUS_SAVED : order - 1;
}

/* The type-ahead of the saved filter field: the user's own filters having
 * a word that starts with what was typed. */
struct saved_choices {
    struct ui_choice *out;
    int max, n;
    const char *key;
};

static int collect_saved(void *ctx, const fs_saved_filter_row *r)
{
    struct saved_choices *c = ctx;
    if (ui_key_match(r->name, c->key) && c->n < c->max) {
        c->out[c->n].id = r->id;
        fs_text_copy(c->out[c->n].label, sizeof c->out[c->n].label, r->name);
        c->out[c->n].hint[0] = '\0';
        c->n++;
    }
    return c->n >= c->max;
}

static int saved_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    (void)ctx;
    char *key = fs_text_search_key(text);
    struct saved_choices c = { out, max, 0, key ? key : "" };
    fs_err e;
    fs_saved_filter_list(ui->s, collect_saved, &c, &e);
    free(key);
    return c.n;
}

/* The status field: open, won or lost (ids 1–3 are the stage kinds + 1),
 * narrowed by the start of the word in either language. */
static const char *const status_words[3] = { N_("open"), N_("won"), N_("lost") };

static const char *status_label(int kind)
{
    return kind >= FS_STAGE_OPEN && kind <= FS_STAGE_LOST ? _(status_words[kind]) : "";
}

static int status_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    (void)ui;
    (void)ctx;
    char *key = fs_text_search_key(text);
    int n = 0;
    for (int k = FS_STAGE_OPEN; k <= FS_STAGE_LOST && n < max; k++) {
        char *a = fs_text_search_key(status_words[k]), *b = fs_text_search_key(_(status_words[k]));
        size_t len = key ? strlen(key) : 0;
        if (!len || (a && !strncmp(a, key, len)) || (b && !strncmp(b, key, len))) {
            out[n].id = k + 1;
            fs_text_copy(out[n].label, sizeof out[n].label, _(status_words[k]));
            out[n].hint[0] = '\0';
            n++;
        }
        free(a);
        free(b);
    }
    free(key);
    return n;
}

void ui_opp_filter_point(struct ui_opp_filter_values *v, fs_opp_filter *f)
{
    if (f != &v->f)
        *f = v->f;
    f->text = v->text[0] ? v->text : NULL;
    f->close_from = v->close_from[0] ? v->close_from : NULL;
    f->close_to = v->close_to[0] ? v->close_to : NULL;
    f->won_from = v->won_from[0] ? v->won_from : NULL;
    f->won_to = v->won_to[0] ? v->won_to : NULL;
    f->lost_from = v->lost_from[0] ? v->lost_from : NULL;
    f->lost_to = v->lost_to[0] ? v->lost_to : NULL;
}

static void filter_draw(struct ui *ui, void *vs)
{
    struct filter *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_TOGGLE, UI_FILTER_SAVE_AS, UI_FILTER_DELETE, UI_BACK };
    ui_draw_frame(ui, _("Filter opportunities"), hints, 5);
    int lw = 16, col = (ui->cols - 2) / 2, fw = col - lw - 3;
    uw_draw(ui, &f->saved, 2, 1, lw, col + fw, f->focus == FOCUS_SAVED);
    for (int i = 0; i < F_COUNT; i++) {
        int y = 3 + i / 2, x = 1 + (i % 2) * col;
        uw_draw(ui, &f->w[i], y, x, lw, fw, f->focus == i);
    }
    int y = 3 + (F_COUNT + 1) / 2;
    char t[128];
    snprintf(t, sizeof t, "[%s] %s", f->overdue ? "x" : " ", _("Only overdue: close date passed, still open"));
    ui_text(ui, y, 1, col - 2, t, FS_ALIGN_START, f->focus == FOCUS_OVERDUE ? ROLE_FOCUS : ROLE_NORMAL);
    snprintf(t, sizeof t, "[%s] %s", f->invert ? "x" : " ", _("Inverse: everything this filter leaves out"));
    ui_text(ui, y, 1 + col, col - 2, t, FS_ALIGN_START, f->focus == FOCUS_INVERT ? ROLE_FOCUS : ROLE_NORMAL);
    if (f->focus < F_COUNT && f->w[f->focus].popup_open)
        uw_draw_popup(ui, &f->w[f->focus], 3 + f->focus / 2, 1 + (f->focus % 2) * col + lw + 1, fw);
    if (f->focus == FOCUS_SAVED && f->saved.popup_open)
        uw_draw_popup(ui, &f->saved, 2, 1 + lw + 1, col + fw);
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
        [F_LOSS_REASON] = &v->f.loss_reason_id, [F_CONTACT] = &v->f.identity_id,
    };
    char *dates[F_COUNT] = {
        [F_CLOSE_FROM] = v->close_from, [F_CLOSE_TO] = v->close_to, [F_WON_FROM] = v->won_from,
        [F_WON_TO] = v->won_to, [F_LOST_FROM] = v->lost_from, [F_LOST_TO] = v->lost_to,
    };
    for (int i = 0; i < F_COUNT; i++) {
        struct ui_widget *w = &f->w[i];
        const char *t = uw_text(w);
        int rc = FS_OK;
        if (i == F_STATUS) {
            if (w->popup_open)
                uw_choose(w);
            v->f.stage_kind = w->id >= 1 && w->id <= 3 ? (int)w->id - 1 : -1;
            if (*uw_text(w) && v->f.stage_kind < 0)
                rc = fs_err_set(&e, FS_EINVAL, "stage_kind", _("%s: choose open, won or lost."), _(w->label));
            t = uw_text(w);
        } else if (ids[i]) {
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
    /* The list's title names the saved filter only while it is unchanged. */
    v->saved_name[0] = '\0';
    if (f->loaded_args) {
        fs_opp_filter cur;
        ui_opp_filter_point(v, &cur);
        char *args = NULL;
        if (fs_saved_filter_encode(&cur, &args, &e) == FS_OK && strcmp(args, f->loaded_args) == 0)
            fs_text_copy(v->saved_name, sizeof v->saved_name, f->loaded_name);
        free(args);
    }
    return true;
}

/* Remembers sf (whose fields the form now holds) as the loaded filter. */
static void remember_loaded(struct filter *f, int64_t id, const char *name, const fs_opp_filter *flt)
{
    free(f->loaded_args);
    f->loaded_args = NULL;
    fs_err e;
    if (fs_saved_filter_encode(flt, &f->loaded_args, &e) != FS_OK)
        f->loaded_args = NULL;
    f->loaded_id = id;
    fs_text_copy(f->loaded_name, sizeof f->loaded_name, name);
    uw_set(&f->saved, name, id);
}

static void forget_loaded(struct filter *f)
{
    free(f->loaded_args);
    f->loaded_args = NULL;
    f->loaded_id = 0;
    f->loaded_name[0] = '\0';
}

/* Sets the saved filter field's id: the popup's highlighted item, or the
 * typed name looked up.  False (shown at the field) when nothing or
 * several match; true with id 0 when the field is empty. */
static bool resolve_saved(struct ui *ui, struct filter *f)
{
    struct ui_widget *w = &f->saved;
    if (w->popup_open)
        uw_choose(w);
    if (w->id || !*uw_text(w))
        return true;
    fs_err e;
    int64_t id = 0;
    if (fs_saved_filter_find(ui->s, uw_text(w), _(w->label), &id, &e) != FS_OK) {
        fs_text_copy(w->error, sizeof w->error, e.msg);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        f->focus = FOCUS_SAVED;
        return false;
    }
    w->id = id;
    return true;
}

/* Fills every field of the form from saved filter id; false (shown at the
 * field) when the filter cannot be loaded. */
static bool fill_from_saved(struct ui *ui, struct filter *f, int64_t id)
{
    fs_err e;
    fs_err_clear(&e);
    fs_saved_filter *sf = malloc(sizeof *sf);
    if (!sf)
        return false;
    if (fs_saved_filter_load(ui->s, id, sf, &e) != FS_OK) {
        fs_text_copy(f->saved.error, sizeof f->saved.error, e.msg);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        f->focus = FOCUS_SAVED;
        free(sf);
        return false;
    }
    const fs_opp_filter *g = &sf->f;
    const int64_t ids[F_COUNT] = {
        [F_SUBTYPE] = g->subtype_id, [F_STAGE] = g->stage_id, [F_TYPE] = g->type_id, [F_SOURCE] = g->source_id,
        [F_CAMPAIGN] = g->campaign_id, [F_ASSIGNED] = g->assigned_id, [F_PRODUCT] = g->product_id,
        [F_GROUP] = g->group_id, [F_WIN_REASON] = g->win_reason_id, [F_LOSS_REASON] = g->loss_reason_id,
        [F_CONTACT] = g->identity_id,
    };
    const char *dates[F_COUNT] = {
        [F_CLOSE_FROM] = g->close_from, [F_CLOSE_TO] = g->close_to, [F_WON_FROM] = g->won_from,
        [F_WON_TO] = g->won_to, [F_LOST_FROM] = g->lost_from, [F_LOST_TO] = g->lost_to,
    };
    for (int i = 0; i < F_COUNT; i++) {
        char buf[256] = "";
        if (spec[i].what && ids[i])
            fs_lookup_label(ui->s, spec[i].what, ids[i], buf, sizeof buf, &e);
        else if (dates[i])
            ui_date(ui, dates[i], buf, sizeof buf);
        else if (i == F_REAL_MIN && g->has_realized_min)
            ui_money(ui, g->realized_min, buf, sizeof buf);
        else if (i == F_REAL_MAX && g->has_realized_max)
            ui_money(ui, g->realized_max, buf, sizeof buf);
        else if (i == F_TEXT && g->text)
            fs_text_copy(buf, sizeof buf, g->text);
        else if (i == F_STATUS)
            fs_text_copy(buf, sizeof buf, status_label(g->stage_kind));
        uw_set(&f->w[i], buf, spec[i].what ? ids[i] : i == F_STATUS && g->stage_kind >= 0 ? g->stage_kind + 1 : 0);
    }
    f->subtype_id = g->subtype_id;
    f->v.f.group_id = g->group_id;
    f->overdue = g->overdue;
    f->invert = g->invert;
    remember_loaded(f, id, sf->name, g);
    ui_message(ui, ROLE_NORMAL, _("The form holds the saved filter \"%s\"; %s applies it."), sf->name,
               ui_key_hint(UI_SAVE));
    free(sf);
    return true;
}

/* After the saved filter field was left or chosen from: fills the form
 * when it names another saved filter than the one loaded.  False when the
 * focus has to stay on the field. */
static bool sync_saved(struct ui *ui, struct filter *f)
{
    if (!resolve_saved(ui, f))
        return false;
    if (f->saved.id && f->saved.id != f->loaded_id)
        return fill_from_saved(ui, f, f->saved.id);
    return true;
}

/* ---- "Save filter as…": a small form asking the name ------------------- */

struct save_as {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[1];
    struct filter *form;       /* the filter form under this one */
    struct ui_opp_filter_values v;
};

static void save_as_draw(struct ui *ui, void *vs)
{
    struct save_as *s = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Save filter as"), hints, 3);
    ui_text(ui, 5, 2, ui->cols - 4, _("Saves the filter form's fields under this name, for you alone."),
            FS_ALIGN_START, ROLE_DIM);
    mini_draw(ui, &s->m, 3);
}

/* Saves under the typed name; a name in use is replaced only when the
 * user says so.  Back on the filter form, its saved filter field names
 * the new filter. */
static void save_as_save(struct ui *ui, void *vs)
{
    struct save_as *s = vs;
    fs_opp_filter flt;
    ui_opp_filter_point(&s->v, &flt);
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    int rc = fs_saved_filter_save(ui->s, uw_text(&s->w[0]), &flt, false, &id, &e);
    if (rc == FS_ECONFLICT && strcmp(e.field, "name") == 0) {
        save_as_draw(ui, s);
        if (!ui_confirm(ui, _("You already have a saved filter by this name. Replace it?")))
            return;
        rc = fs_saved_filter_save(ui->s, uw_text(&s->w[0]), &flt, true, &id, &e);
    }
    fs_saved_filter *sf = rc == FS_OK ? malloc(sizeof *sf) : NULL;
    if (rc == FS_OK && (!sf || fs_saved_filter_load(ui->s, id, sf, &e) != FS_OK))
        rc = sf ? e.code : fs_err_set(&e, FS_ERUNTIME, "", _("out of memory."));
    if (rc != FS_OK) {
        free(sf);
        mini_error(ui, &s->m, &e);
        return;
    }
    struct filter *f = s->form;
    remember_loaded(f, id, sf->name, &sf->f);
    char msg[600];
    snprintf(msg, sizeof msg, _("Saved the filter as \"%s\"."), sf->name);
    free(sf);
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, "%s", msg);
}

static const struct ui_view_ops save_as_ops = {
    .name = "opp-filter-save", .draw = save_as_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close, .min_cols = 50, .min_rows = 10,
};

/* Reads the form and asks the name to save it under. */
static void open_save_as(struct ui *ui, struct filter *f)
{
    if (f->focus == FOCUS_SAVED && !sync_saved(ui, f))
        return;
    if (f->focus < F_COUNT && f->w[f->focus].popup_open)
        uw_choose(&f->w[f->focus]);
    if (!collect(ui, f))
        return;
    struct save_as *s = calloc(1, sizeof *s);
    if (!s)
        return;
    s->form = f;
    s->v = f->v;
    uw_init(ui, &s->w[0], "name", N_("Name"), W_TEXT);
    s->m = (struct mini){ s->w, 1, 0, 16, 60, save_as_save };
    ui_push(ui, &save_as_ops, s);
}

/* Deletes the saved filter the first field names, after asking. */
static void delete_saved(struct ui *ui, struct filter *f)
{
    if (!resolve_saved(ui, f))
        return;
    if (!f->saved.id) {
        f->focus = FOCUS_SAVED;
        ui_message(ui, ROLE_ERROR, "%s", _("Choose the saved filter to delete in the first field."));
        return;
    }
    char name[404], q[600];
    fs_text_copy(name, sizeof name, uw_text(&f->saved));
    snprintf(q, sizeof q, _("Delete the saved filter \"%s\"?"), name);
    if (!ui_confirm(ui, q))
        return;
    fs_err e;
    if (fs_saved_filter_delete(ui->s, f->saved.id, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    forget_loaded(f);
    uw_set(&f->saved, "", 0);
    ui_message(ui, ROLE_NORMAL, _("Deleted the saved filter \"%s\"."), name);
}

static bool filter_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct filter *f = vs;
    struct ui_widget *w = f->focus < F_COUNT ? &f->w[f->focus] : f->focus == FOCUS_SAVED ? &f->saved : NULL;
    if (ui_is(k, UI_FILTER_SAVE_AS)) {
        open_save_as(ui, f);
        return true;
    }
    if (ui_is(k, UI_FILTER_DELETE)) {
        delete_saved(ui, f);
        return true;
    }
    if (ui_is(k, UI_SAVE) || (ui_is(k, UI_OPEN) && (f->focus == FOCUS_OVERDUE || f->focus == FOCUS_INVERT))) {
        if (f->focus == FOCUS_SAVED && !sync_saved(ui, f))
            return true;
        if (w && w->popup_open)
            uw_choose(w);
        if (collect(ui, f)) {
            ui_opp_list_apply(ui, f->list, &f->v);
            ui_pop(ui);
        }
        return true;
    }
    if ((f->focus == FOCUS_OVERDUE || f->focus == FOCUS_INVERT) && ui_is(k, UI_TOGGLE)) {
        bool *b = f->focus == FOCUS_OVERDUE ? &f->overdue : &f->invert;
        *b = !*b;
        return true;
    }
    if (w && w->popup_open && (k->code == KEY_DOWN || k->code == KEY_UP || ui_is(k, UI_OPEN))) {
        bool used = uw_key(ui, w, k);
        /* Choosing a saved filter from its popup fills the form at once. */
        if (w == &f->saved && !w->popup_open)
            sync_saved(ui, f);
        return used;
    }
    if ((k->ch == '\t' && !k->meta) || k->code == KEY_DOWN || ui_is(k, UI_OPEN)) {
        if (f->focus == FOCUS_SAVED && !sync_saved(ui, f))
            return true;
        if (w && w->popup_open)
            uw_choose(w);
        if (f->focus == F_SUBTYPE)
            ui_choice_resolve(ui, w, &f->src[F_SUBTYPE], &f->subtype_id, &(fs_err){ 0 });
        f->focus = step_focus(f->focus, 1);
        return true;
    }
    if (k->code == KEY_BTAB || k->code == KEY_UP) {
        if (w && w->popup_open)
            w->popup_open = false;
        f->focus = step_focus(f->focus, -1);
        return true;
    }
    return w && uw_key(ui, w, k);
}

static void filter_close(void *vs)
{
    struct filter *f = vs;
    for (int i = 0; i < F_COUNT; i++)
        uw_free(&f->w[i]);
    uw_free(&f->saved);
    free(f->loaded_args);
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
    f->w[F_STATUS].choices = status_choices;
    uw_init(ui, &f->saved, "filter", N_("Saved filter"), W_CHOICE);
    f->saved.choices = saved_choices;
    f->saved.ctx = f;
    f->focus = FOCUS_SAVED;
    /* What was typed last time comes back; choices keep their ids. */
    int64_t ids[F_COUNT] = {
        [F_SUBTYPE] = current->f.subtype_id, [F_STAGE] = current->f.stage_id, [F_TYPE] = current->f.type_id,
        [F_SOURCE] = current->f.source_id, [F_CAMPAIGN] = current->f.campaign_id,
        [F_ASSIGNED] = current->f.assigned_id, [F_PRODUCT] = current->f.product_id,
        [F_GROUP] = current->f.group_id, [F_WIN_REASON] = current->f.win_reason_id,
        [F_LOSS_REASON] = current->f.loss_reason_id, [F_CONTACT] = current->f.identity_id,
        [F_STATUS] = current->f.stage_kind >= 0 ? current->f.stage_kind + 1 : 0,
    };
    for (int i = 0; i < F_COUNT; i++)
        if (current->labels[i][0])
            uw_set(&f->w[i], current->labels[i], ids[i]);
    /* The list shows a saved filter: the form names it again. */
    fs_saved_filter *sf = current->saved_name[0] ? malloc(sizeof *sf) : NULL;
    int64_t id = 0;
    fs_err e;
    if (sf && fs_saved_filter_find(ui->s, current->saved_name, "filter", &id, &e) == FS_OK &&
        fs_saved_filter_load(ui->s, id, sf, &e) == FS_OK && strcmp(sf->name, current->saved_name) == 0) {
        fs_opp_filter cur;
        ui_opp_filter_point(&f->v, &cur);
        remember_loaded(f, id, sf->name, &cur);
    }
    free(sf);
    ui_push(ui, &filter_ops, f);
}
