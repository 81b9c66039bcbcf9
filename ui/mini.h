/* mini.h — small forms: one widget a row, Tab order, F2 saves, a refusal
 * shows at the field the core named.  Used by the identity screens'
 * quick-create and money forms and the document screens' forms.
 *
 * A small form's state starts with a struct mini, so one set of view
 * functions (mini_view_key, mini_view_dirty, mini_view_close) serves all
 * of them: its ui_view_ops take those and a draw function of its own that
 * calls mini_draw. */
#ifndef FS_UI_MINI_H
#define FS_UI_MINI_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"
#include "widgets.h"

struct mini {
    struct ui_widget *w;
    int n, focus;
    int lw, fw;            /* label and field widths */
    void (*save)(struct ui *ui, void *form); /* F2 */
};

/* Draws the widgets from row top, the focused one last so the cursor and
 * its popup end up on it. */
void mini_draw(struct ui *ui, struct mini *m, int top);
/* Moves the focus by dir, skipping read-only fields. */
void mini_step(struct mini *m, int dir);
/* Editing and moving keys of a small form; true when used. */
bool mini_key(struct ui *ui, struct mini *m, const struct ui_key *k);
/* Shows a refusal at the widget the core named (or on the bottom line). */
void mini_error(struct ui *ui, struct mini *m, const fs_err *e);
/* True when any widget was typed into. */
bool mini_dirty(const struct mini *m);

/* The view functions of every small form (its state starts with a mini):
 * F2 calls m->save, other keys go to mini_key; close frees the widgets
 * and the state. */
bool mini_view_key(struct ui *ui, void *vs, const struct ui_key *k);
bool mini_view_dirty(void *vs);
void mini_view_close(void *vs);

/* A ui_choices_fn offering the opportunities of one identity (ctx points
 * at its int64_t id; 0 = every opportunity the user sees) whose number,
 * title or contact match the typed text. */
int mini_opp_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max);

#endif
