/* choices.h — what the type-ahead fields of every screen offer: list
 * items, identities, users, campaigns, subtypes, stages, product groups and
 * products, found through src/core as the user types. */
#ifndef FS_UI_CHOICES_H
#define FS_UI_CHOICES_H

#include <stdint.h>

#include "widgets.h"

/* Where a choice field looks.  `what` is a list name (type, source,
 * purchase_process, win_reason, loss_reason, unit) or one of contact,
 * competitor, assigned, campaign, subtype, stage, reason, group, product,
 * code.  The pointers (may be NULL) follow the screen's current values:
 * the subtype whose stages to offer, the stage kind deciding win or loss
 * reasons, the group restricting products. */
struct ui_choice_src {
    const char *what;
    const int64_t *subtype_id;
    const int *stage_kind;
    const int64_t *group_id;
};

/* The ui_choices_fn for widgets whose ctx is a struct ui_choice_src. */
int ui_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max);
/* True when key (a search key, fs_text_search_key) starts a word of the
 * search key of label; "" matches everything.  The type-ahead rule of every
 * choice list. */
bool ui_key_match(const char *label, const char *key);
/* Active warehouses whose name holds the typed text (a choices function);
 * ctx ui_warehouse_issuing: only those the user may issue remittances from
 * (stock movements), NULL: all (a document row's warehouse). */
extern const char ui_warehouse_issuing[];
int ui_warehouse_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max);

/* Makes w a choice field looking in src. */
void ui_choice_bind(struct ui_widget *w, struct ui_choice_src *src);

/* The id a choice field stands for: the item chosen from the popup, or the
 * typed text looked up by name (FS_EINVAL naming the field when nothing or
 * several match); "" is 0. */
int ui_choice_resolve(struct ui *ui, struct ui_widget *w, const struct ui_choice_src *src, int64_t *id,
                      fs_err *e);

#endif
