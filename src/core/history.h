/* history.h — the per-field change history of SPEC §8 ("Changes"): who
 * changed which field of which item, when, from what to what.
 *
 * Rows live in change_log.  item_kind names the item's table: 'identity',
 * 'opportunity', 'document', 'product', 'list_item', 'campaign' …
 */
#ifndef FS_HISTORY_H
#define FS_HISTORY_H

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

/* One recorded change; the strings are valid only during the callback. */
typedef struct fs_change {
    int64_t id;
    const char *field;
    const char *old_value, *new_value;   /* NULL when empty */
    const char *login;                   /* who */
    const char *at;                      /* when: an fs_now_iso() timestamp */
} fs_change;

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

#endif
