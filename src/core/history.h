/* history.h — the per-field change history of SPEC §8 ("Changes"): who
 * changed which field of which item, when, from what to what.
 *
 * Rows live in change_log.  item_kind names the item's table: 'identity',
 * 'opportunity', 'document', 'product', 'list_item', 'campaign' …
 */
#ifndef FS_HISTORY_H
#define FS_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "session.h"

/* Records that `field` of item (kind, id) changed from old_value to
 * new_value (NULL = empty), done by the acting user at `now` (an
 * fs_now_iso() timestamp).  Writes nothing when the two values are equal,
 * so callers may record every field of a form.  Must be called inside the
 * write transaction that makes the change. */
int fs_history_record(fs_session *s, const char *kind, int64_t id, const char *field, const char *old_value,
                      const char *new_value, const char *now, fs_err *e);

/* The same for integer fields (ids, amounts); 0 is recorded as empty when
 * zero_is_empty is set (an unset list item or user). */
int fs_history_record_int(fs_session *s, const char *kind, int64_t id, const char *field, int64_t old_value,
                          int64_t new_value, int zero_is_empty, const char *now, fs_err *e);

/* One recorded change; the strings are valid only during the callback.
 * The raw part is what change_log holds (for scripts: CSV/JSON); the
 * display part is what a user reads, in the session's language, calendar
 * and digits (see fs_history_describe). */
typedef struct fs_change {
    int64_t id;
    const char *field;
    const char *old_value, *new_value;   /* NULL when empty */
    const char *login;                   /* who */
    const char *at;                      /* when: an fs_now_iso() timestamp */
    /* Display-ready text. */
    const char *label;                   /* the field's label: "Loss reason" */
    const char *old_text, *new_text;     /* the values as shown; "" when empty */
    const char *user_name;               /* who, by name */
    const char *when;                    /* local date (session calendar) and time */
} fs_change;

/* The display text of one change of item (kind, item_id), as the screens
 * show the item: the field's translated label, list items, stages and
 * subtypes by their label in the session's language, users by name, dates
 * in the session's calendar and digits, amounts with separators (in Toman
 * when the session says so, s->toman), yes/no for flags, custom fields by
 * their label and type.  A field or value it does not know is shown as
 * stored.  Empty values give "". */
typedef struct fs_change_text {
    char label[128];
    char old_text[1400], new_text[1400];
} fs_change_text;
void fs_history_describe(fs_session *s, const char *kind, int64_t item_id, const char *field, const char *old_value,
                         const char *new_value, fs_change_text *out);

/* "1405/09/06 14:03" for an fs_now_iso() timestamp: the local date in the
 * session's calendar and the local time, in the session's digits.  A text
 * that is not a timestamp is copied. */
void fs_history_when(const fs_session *s, const char *at, char *out, size_t n);

/* Called once per change; a non-zero return stops the walk. */
typedef int (*fs_change_cb)(void *ctx, const fs_change *c);

/* The item kind a user typed: opp/opportunity, contact/identity, product,
 * doc/document, campaign → the stored item_kind; NULL when unknown. */
const char *fs_history_kind(const char *text);

/* Every change of item (kind, id), newest first.  kind is a stored
 * item_kind (fs_history_kind).  The item must exist and be visible to the
 * acting user (an opportunity they may not see is "not found",
 * FS_ECONFLICT, like a missing one). */
int fs_history_list(fs_session *s, const char *kind, int64_t id, fs_change_cb cb, void *ctx, fs_err *e);

/* The same changes as an array (for the screens): every string malloc'd;
 * old_value/new_value NULL when empty, the display strings never NULL.
 * Free with fs_history_rows_free. */
typedef struct fs_change_row {
    int64_t id;
    char *field, *old_value, *new_value, *login, *at;
    char *label, *old_text, *new_text, *user_name, *when;
} fs_change_row;
int fs_history_rows(fs_session *s, const char *kind, int64_t id, fs_change_row **out, int *n, fs_err *e);
void fs_history_rows_free(fs_change_row *v, int n);

#endif
