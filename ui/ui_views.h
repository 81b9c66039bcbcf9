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

#include "opp_list.h"

/* A filter of the opportunity list as the filter form edits it: the core
 * filter, the texts its pointers point into, and what the user typed in
 * each field (shown again when the form reopens). */
#define UI_FILTER_FIELDS 21
struct ui_opp_filter_values {
    fs_opp_filter f;
    char text[256];
    char close_from[11], close_to[11], won_from[11], won_to[11], lost_from[11], lost_to[11];
    char labels[UI_FILTER_FIELDS][256];
    char saved_name[404];       /* the saved filter it is, unchanged; "" if none */
};

/* Aims f's text and date pointers at v's buffers (NULL when empty); f may
 * be &v->f. */
void ui_opp_filter_point(struct ui_opp_filter_values *v, fs_opp_filter *f);
/* The filter form over list; applying calls ui_opp_list_apply. */
void ui_open_opp_filter(struct ui *ui, void *list, const struct ui_opp_filter_values *current);
/* Replaces the list's filter and shows its first page. */
void ui_opp_list_apply(struct ui *ui, void *list, const struct ui_opp_filter_values *v);

/* Offers back the forms a killed or hung-up session left unsaved. */
void ui_offer_drafts(struct ui *ui);

/* The opportunity list (from the main menu) and form. */
void ui_open_opp_list(struct ui *ui, void *arg);
/* Opens the form of opportunity id, or a new one when id is 0; identity_id
 * pre-fills and fixes "related to" (paths 3–5 of SPEC §5.1); list is the
 * list view the form was opened from (its filter drives next/previous),
 * or NULL. */
void ui_open_opp_form(struct ui *ui, int64_t id, void *list, int64_t identity_id);
void ui_open_opp_new(struct ui *ui, void *arg);
/* A new opportunity from a list (path 2 of SPEC §5.1): of subtype_id when
 * not 0, saved back into that list. */
void ui_open_opp_new_in(struct ui *ui, void *list, int64_t subtype_id);
/* The opportunity form in bulk mode (SPEC §5.1): Related to shows «N
 * marked identities» read-only and F2 creates one opportunity for each of
 * identity_ids (fs_opp_bulk_create), then closes the form and calls
 * done(ui, ctx) (may be NULL). */
void ui_open_opp_bulk(struct ui *ui, const int64_t *identity_ids, int n, void (*done)(struct ui *ui, void *ctx),
                      void *ctx);
/* "Someone else changed this opportunity" (view_conflict.c): base is the
 * opportunity as the form loaded it, mine the form's copy, sentence the
 * core's conflict message.  done gets the form's new copy (its to take:
 * the stored one with the user's edits re-applied, or with none), or NULL
 * for "back to the form unchanged"; nkept parts were re-applied, nboth of
 * them changed by both users.  False (a message shown) when the stored
 * opportunity cannot be read. */
#include "opportunity.h"
typedef void (*ui_conflict_done)(struct ui *ui, void *ctx, fs_opp *result, int nkept, int nboth);
bool ui_open_conflict(struct ui *ui, const fs_opp *base, const fs_opp *mine, const char *sentence,
                      ui_conflict_done done, void *ctx);
/* Re-reads the list after the form saved; moves its selection by dir and
 * returns the id now selected (0 at either end). */
void ui_opp_list_refresh(struct ui *ui, void *list);
int64_t ui_opp_list_step(struct ui *ui, void *list, int dir);

/* Identities (view_identity.c): the list with type-ahead search, the
 * profile of identity id (details, balance, Opportunities and Records tabs,
 * the Items menu) and the quick-create form. */
void ui_open_identity_list(struct ui *ui, void *arg);
void ui_open_identity(struct ui *ui, int64_t id);
void ui_open_identity_new(struct ui *ui, void *arg);
struct ui_widget;
/* The "Related to" field w of another form (a choice over identities):
 * Ins/M-e, or Enter while the typed text matches no identity, opens the
 * quick-create form filled with the text; once it is saved the field holds
 * the new identity (marked changed) and done(ui, ctx) runs.  True when it
 * used the key. */
bool ui_identity_lookup_key(struct ui *ui, struct ui_widget *w, const struct ui_key *k,
                            void (*done)(struct ui *ui, void *ctx), void *ctx);
/* After a key typed into such a field: a bottom-line hint on creating the
 * identity when the text matches none. */
void ui_identity_lookup_hint(struct ui *ui, struct ui_widget *w);
/* Documents (view_doc.c): the list with kind/status filters, and the
 * screen of document doc_id (lines, totals, submit/approve/reject/convert). */
void ui_open_doc_list(struct ui *ui, void *arg);
void ui_open_doc(struct ui *ui, int64_t doc_id);
/* The "New document" form: kind (-1 = let the user choose, else an enum
 * fs_doc_kind chosen beforehand), related to (identity_id fixes it when not
 * 0), opportunity, dates, description.  F2 creates the empty document and
 * opens its screen; *saved (may be NULL) is set then. */
void ui_open_doc_new(struct ui *ui, int64_t identity_id, int kind, bool *saved);
/* The Items menu's receipt / payment / financial contract form (kind an
 * enum fs_money_item_kind) for identity_id, with opportunity opp_id (shown
 * as opp_label) already chosen when not 0; *saved is set when it saves. */
void ui_open_money_item_new(struct ui *ui, int64_t identity_id, int kind, int64_t opp_id, const char *opp_label,
                            bool *saved);
/* Tags (view_tags.c): the tags of an item (item_kind as src/core/records.h
 * names it), labelled label; type one and Enter adds it, Del removes the
 * selected one.  *changed (may be NULL) is set when one was added or
 * removed. */
void ui_open_tags(struct ui *ui, const char *item_kind, int64_t item_id, const char *label, bool *changed);
/* "#tag1 #tag2" of an item, for a header line ("" when it has none). */
void ui_tags_text(struct ui *ui, const char *item_kind, int64_t item_id, char *out, size_t n);
/* Products (view_product.c): the list with group filter and type-ahead,
 * and the stock screen of product_id. */
void ui_open_product_list(struct ui *ui, void *arg);
void ui_open_stock(struct ui *ui, int64_t product_id);

#endif
