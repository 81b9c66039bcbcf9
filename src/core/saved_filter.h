/* saved_filter.h — named filters of the opportunity list (SPEC §10,
 * "saved filters"): each user keeps their own, by a name they choose, and
 * applies one again from the command line or the filter form.
 *
 * A name is trimmed (and NFC-normalised) and holds 1 to
 * FS_SAVED_FILTER_NAME_MAX characters, Persian or any other script, but no
 * control characters.  Two names of one user may not be equal by search
 * key (fs_text_search_key: «فرصت‌های معوق» and «فرصتهای معوق» are one
 * name); saving under a name in use is FS_ECONFLICT unless replacing.  No
 * user sees, loads, renames or deletes another user's filters: to them
 * they do not exist.
 *
 * The filter is stored as text in saved_filter.args, every field of
 * fs_opp_filter except the page (after, limit, totals).  Format, version 1:
 *
 *     forsat-filter 1
 *     <key>=<value>                 one line per field that is set
 *
 * Keys and values:
 *     subtype stage type source campaign assigned contact product group
 *     win_reason loss_reason        the id of the item (decimal, > 0)
 *     status                        open | won | lost  (stage_kind)
 *     close_from close_to won_from won_to lost_from lost_to
 *                                   ISO date YYYY-MM-DD
 *     overdue invert                1 (a missing key is false)
 *     realized_min realized_max     whole Rial, decimal, may be negative
 *     text                          the search text, escaped: \\ for a
 *                                   backslash, \n newline, \r carriage
 *                                   return, \t TAB; at most
 *                                   FS_SAVED_FILTER_TEXT_MAX characters
 *
 * Lines are separated by "\n".  Reading is lenient where meaning is not
 * lost and strict where it would be: the first line must be the header
 * (any version ≥ 1 is read, so a newer forsat's filter keeps its known
 * fields); a line that is not key=value, and an unknown key, are ignored;
 * a later line of a key replaces an earlier one.  A known key with a bad
 * value is FS_EINVAL and an id that names no item any more (a deleted
 * contact, a removed stage) is FS_ECONFLICT, both naming the filter and
 * the key in e.field and e.msg, so the user knows what to fix.  Nothing in
 * args is ever trusted as SQL; ids are checked against their tables.
 */
#ifndef FS_SAVED_FILTER_H
#define FS_SAVED_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "opp_list.h"
#include "session.h"

#define FS_SAVED_FILTER_NAME_MAX 100   /* characters */
#define FS_SAVED_FILTER_TEXT_MAX 60    /* characters of the search text */
#define FS_SAVED_FILTER_ARGS_MAX 65536 /* bytes of a stored args text */

/* A loaded filter.  f's text and dates point into this struct's own
 * buffers: pass it by pointer, and after copying it call
 * fs_saved_filter_point to aim the copy's f at the copy. */
typedef struct fs_saved_filter {
    int64_t id;
    char name[FS_SAVED_FILTER_NAME_MAX * 4 + 1];
    fs_opp_filter f;           /* page fields as fs_opp_filter_init sets them */
    char text[FS_SAVED_FILTER_TEXT_MAX * 4 + 1];
    char close_from[11], close_to[11], won_from[11], won_to[11], lost_from[11], lost_to[11];
} fs_saved_filter;

/* Aims sf->f.text and the date pointers at sf's buffers (NULL when empty). */
void fs_saved_filter_point(fs_saved_filter *sf);

/* The args text of f (format above); *args is malloc'd (free()).  A bad
 * field (a date that is not ISO, a text too long or not UTF-8, a stage
 * kind out of range) is FS_EINVAL naming it. */
int fs_saved_filter_encode(const fs_opp_filter *f, char **args, fs_err *e);

/* Reads args (format above) into out->f and its buffers, checking that
 * every id names an existing item.  name is the filter's name for
 * messages.  On failure out->f is an empty filter. */
int fs_saved_filter_decode(fs_session *s, const char *name, const char *args, fs_saved_filter *out, fs_err *e);

/* Saves f under name for the acting user and sets *id (may be NULL).  A
 * name of theirs equal by search key is FS_ECONFLICT ("name"), unless
 * replace is set: then that filter takes the new spelling of the name and
 * the new fields, keeping its id.  Every id of f must name an item. */
int fs_saved_filter_save(fs_session *s, const char *name, const fs_opp_filter *f, bool replace, int64_t *id,
                         fs_err *e);

/* One saved filter as listed; valid only during the callback. */
typedef struct fs_saved_filter_row {
    int64_t id;
    const char *name;
    const char *args;          /* as stored */
} fs_saved_filter_row;

/* Called once per filter; a non-zero return stops the list and is
 * returned. */
typedef int (*fs_saved_filter_fn)(void *ctx, const fs_saved_filter_row *r);

/* The acting user's saved filters by name. */
int fs_saved_filter_list(fs_session *s, fs_saved_filter_fn cb, void *ctx, fs_err *e);

/* The acting user's filter named by text: the exact name, else an id
 * (digits in any script), else the one name equal by search key, else the
 * one name that starts with it.  None or several is FS_EINVAL naming
 * `field` (several: listing them). */
int fs_saved_filter_find(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);

/* Loads the acting user's filter id (decoded as fs_saved_filter_decode
 * does).  Another user's id, or none, is FS_ECONFLICT. */
int fs_saved_filter_load(fs_session *s, int64_t id, fs_saved_filter *out, fs_err *e);

/* Renames the acting user's filter id (name rules above; the filter's own
 * name in another spelling is allowed). */
int fs_saved_filter_rename(fs_session *s, int64_t id, const char *name, fs_err *e);

/* Deletes the acting user's filter id. */
int fs_saved_filter_delete(fs_session *s, int64_t id, fs_err *e);

#endif
