/* ui_views.h — how screens open each other. */
#ifndef FS_UI_VIEWS_H
#define FS_UI_VIEWS_H

#include <curses.h>

#include "ui.h"

struct ui_menu_item {
    const char *label;               /* untranslated (N_) */
    void (*fn)(struct ui *ui, void *arg);
    void *arg;
};

/* A menu screen; the main menu also shows the side panel. */
void ui_open_menu(struct ui *ui, const char *title, const struct ui_menu_item *items, int n, bool is_main);
void ui_open_help(struct ui *ui);
void ui_open_quick_new(struct ui *ui);
/* The main screen's side panel: what the rep sees first in the morning. */
void ui_main_panel(struct ui *ui, int top, int x, int w, int h);
/* All keys of an action, for the help screen ("F2 C-s"). */
const char *ui_action_keys(enum ui_action a);

/* The opportunity list (from the main menu) and form. */
void ui_open_opp_list(struct ui *ui, void *arg);
/* Opens the form of opportunity id, or a new one when id is 0; identity_id
 * pre-fills and fixes "related to" (paths 3–5 of SPEC §5.1); list is the
 * list view the form was opened from (its filter drives next/previous),
 * or NULL. */
void ui_open_opp_form(struct ui *ui, int64_t id, void *list, int64_t identity_id);
void ui_open_opp_new(struct ui *ui, void *arg);
/* Re-reads the list after the form saved; moves its selection by dir and
 * returns the id now selected (0 at either end). */
void ui_opp_list_refresh(struct ui *ui, void *list);
int64_t ui_opp_list_step(struct ui *ui, void *list, int dir);

#endif
