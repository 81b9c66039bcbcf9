/* lists.h — the admin-editable system lists of SPEC §4: opportunity type,
 * source (= "how acquainted"), win reasons, loss reasons, purchase process
 * and product unit.
 *
 * Items are shown in position order (1, 2, …, no gaps) with labels in
 * Persian and English.  Items can be added, renamed, moved, disabled and
 * enabled; an item in use on any record cannot be deleted, only disabled,
 * and a disabled item still shows on the records that have it.  Changes
 * need the admin.lists permission and are logged in change_log (item kind
 * 'list_item').
 */
#ifndef FS_LISTS_H
#define FS_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "session.h"

#define FS_LIST_LABEL_MAX 100 /* characters */
#define FS_LIST_KEY_MAX 40    /* ASCII characters */

/* The stored name of a list named by a user: type, source, win_reason or
 * win-reason, loss_reason/loss-reason, purchase_process/purchase-process,
 * unit (also "reason" spellings with s, and the Persian names).  NULL when
 * not a list. */
const char *fs_list_name(const char *text);

/* fs_list_name() or FS_EINVAL listing the lists. */
int fs_list_check_name(const char *text, const char **list, fs_err *e);

/* A required one-line name or label as stored: normalised, 1 to max
 * characters, no control characters; else FS_EINVAL naming field (label
 * is its translated name for the message).  *out is malloc'd.  Campaign
 * names use it too. */
int fs_list_clean_name(const char *field, const char *label, const char *in, size_t max, char **out, fs_err *e);

/* One item; valid only during the callback. */
typedef struct fs_list_item {
    int64_t id;
    const char *list, *key, *label_fa, *label_en;
    int position;
    bool active;
} fs_list_item;

/* Called per item in position order; non-zero stops. */
typedef int (*fs_list_cb)(void *ctx, const fs_list_item *item);

/* Every item of list, disabled ones included. */
int fs_list_show(fs_session *s, const char *list, fs_list_cb cb, void *ctx, fs_err *e);

/* The label of item id in the session's language ("" when id is 0). */
int fs_list_label(fs_session *s, int64_t id, char *out, size_t n, fs_err *e);

/* Adds an item at the end of list.  key: a-z, 0-9 and _, up to 40,
 * unique in the list; NULL or "" derives it from the English label.  At
 * least one label is required (the other copies it); labels are up to 100
 * characters, one line, and unique in the list (compared by search key). */
int fs_list_add(fs_session *s, const char *list, const char *key, const char *label_fa, const char *label_en,
                int64_t *id, fs_err *e);

/* Changes the Persian and/or English label (NULL = keep). */
int fs_list_rename(fs_session *s, const char *list, int64_t item_id, const char *label_fa, const char *label_en,
                   fs_err *e);

/* Moves the item to position (1 = first; beyond the end = last); the
 * others close up. */
int fs_list_move(fs_session *s, const char *list, int64_t item_id, int64_t position, fs_err *e);

/* Disables or enables an item: a disabled one cannot be chosen for new
 * records but stays on old ones. */
int fs_list_set_active(fs_session *s, const char *list, int64_t item_id, bool active, fs_err *e);

/* Deletes an item no record uses (identity source, opportunity type,
 * source, reasons, purchase process, product unit); one in use is
 * FS_ECONFLICT telling to disable it instead. */
int fs_list_delete(fs_session *s, const char *list, int64_t item_id, fs_err *e);

#endif
