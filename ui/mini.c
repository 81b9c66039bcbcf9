/* mini.c — small forms (see mini.h): one widget a row, Tab order, errors
 * at the field. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mini.h"
#include "opp_list.h"

/* Draws the widgets from row top, the focused one last so the cursor and
 * its popup end up on it. */
void mini_draw(struct ui *ui, struct mini *m, int top)
{
    int fw = m->fw < ui->cols - m->lw - 6 ? m->fw : ui->cols - m->lw - 6;
    for (int i = 0; i < m->n; i++)
        if (i != m->focus)
            uw_draw(ui, &m->w[i], top + i, 2, m->lw, fw, false);
    uw_draw(ui, &m->w[m->focus], top + m->focus, 2, m->lw, fw, true);
    uw_draw_popup(ui, &m->w[m->focus], top + m->focus, 2 + m->lw + 1, fw);
}

/* Moves the focus by dir, skipping read-only fields. */
void mini_step(struct mini *m, int dir)
{
    struct ui_widget *w = &m->w[m->focus];
    if (w->popup_open)
        uw_choose(w);
    for (int tries = 0; tries < m->n; tries++) {
        m->focus = (m->focus + dir + m->n) % m->n;
        if (m->w[m->focus].kind != W_READONLY)
            break;
    }
}

/* Editing and moving keys of a small form; true when used. */
bool mini_key(struct ui *ui, struct mini *m, const struct ui_key *k)
{
    struct ui_widget *w = &m->w[m->focus];
    if (w->popup_open && (k->code == KEY_DOWN || k->code == KEY_UP || ui_is(k, UI_OPEN)))
        return uw_key(ui, w, k);
    if ((k->ch == '\t' && !k->meta) || (k->code == KEY_DOWN && !k->meta) || ui_is(k, UI_OPEN)) {
        mini_step(m, 1);
        return true;
    }
    if (k->code == KEY_BTAB || (k->code == KEY_UP && !k->meta)) {
        mini_step(m, -1);
        return true;
    }
    /* Typing into a choice that still shows its preset starts afresh. */
    if (w->kind == W_CHOICE && !w->changed && !k->meta && !k->code && k->ch >= 0x20 && k->ch != 0x7f)
        uw_set(w, "", 0);
    return uw_key(ui, w, k);
}

/* Shows a refusal at the widget the core named (or on the bottom line). */
void mini_error(struct ui *ui, struct mini *m, const fs_err *e)
{
    struct ui_widget *at = NULL;
    for (int i = 0; i < m->n && !at; i++)
        if (m->w[i].name && !strcmp(m->w[i].name, e->field)) {
            at = &m->w[i];
            m->focus = i;
        }
    char msg[sizeof at->error];
    uw_error_text(at, e, msg, sizeof msg);
    if (at)
        fs_text_copy(at->error, sizeof at->error, msg);
    ui_message(ui, ROLE_ERROR, "%s", msg);
}

bool mini_dirty(const struct mini *m)
{
    for (int i = 0; i < m->n; i++)
        if (m->w[i].changed)
            return true;
    return false;
}

/* The view functions of every small form (state starts with a mini). */
bool mini_view_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct mini *m = vs;
    if (ui_is(k, UI_SAVE)) {
        m->save(ui, vs);
        return true;
    }
    return mini_key(ui, m, k);
}

bool mini_view_dirty(void *vs)
{
    return mini_dirty(vs);
}

void mini_view_close(void *vs)
{
    struct mini *m = vs;
    for (int i = 0; i < m->n; i++)
        uw_free(&m->w[i]);
    free(vs);
}

/* ---- choices shared by small forms ------------------------------------ */

/* The identity's opportunities whose number, title or contact match. */
int mini_opp_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    const int64_t *identity_id = ctx;
    fs_opp_filter flt;
    fs_opp_filter_init(&flt);
    flt.identity_id = identity_id ? *identity_id : 0;
    flt.text = *text ? text : NULL;
    flt.limit = max;
    flt.totals = false;
    fs_opp_page pg;
    fs_err e;
    int n = 0;
    if (fs_opp_list(ui->s, &flt, &pg, &e) == FS_OK)
        for (int i = 0; i < pg.n && n < max; i++, n++) {
            out[n].id = pg.rows[i].id;
            fs_text_copy(out[n].label, sizeof out[n].label, pg.rows[i].title);
            fs_text_copy(out[n].hint, sizeof out[n].hint, pg.rows[i].number);
        }
    fs_opp_page_free(&pg);
    return n;
}
