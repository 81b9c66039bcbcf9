/* draft.h — what a user typed into a form and did not save, kept across a
 * killed process or a dropped SSH connection (SPEC §11).
 *
 * One draft per user, form and item: `form` names the screen ("opp",
 * "contact", …), item_id is the record being edited (0 for a new one).
 * The payload is the form's own text serialisation (opp_draft.h for the
 * opportunity form); this module stores it as it is.  Each call is its own
 * short transaction, so a screen can save a draft from its exit path
 * (after a SIGHUP/SIGTERM flag, never from the signal handler itself) and
 * offer it back on the next start.  A user sees only their own drafts.
 */
#ifndef FS_DRAFT_H
#define FS_DRAFT_H

#include <stdint.h>

#include "session.h"

#define FS_DRAFT_FORM_MAX 64             /* bytes of a form name */
#define FS_DRAFT_PAYLOAD_MAX (1 << 20)   /* bytes of one payload */

/* Saves payload as the acting user's draft of form/item_id, replacing the
 * one there was.  FS_EINVAL for an empty or over-long form name, or a
 * payload over FS_DRAFT_PAYLOAD_MAX or not valid UTF-8. */
int fs_draft_save(fs_session *s, const char *form, int64_t item_id, const char *payload, fs_err *e);

/* The acting user's draft of form/item_id: *payload gets a malloc'd copy
 * (free()) and saved_at (may be NULL) its ISO time; when there is none,
 * FS_OK with *payload NULL. */
int fs_draft_load(fs_session *s, const char *form, int64_t item_id, char **payload, char saved_at[21], fs_err *e);

/* Removes the acting user's draft of form/item_id (none is not an error). */
int fs_draft_delete(fs_session *s, const char *form, int64_t item_id, fs_err *e);

typedef struct fs_draft {
    int64_t id;
    const char *form;
    int64_t item_id;        /* 0 = a new, never saved item */
    const char *payload;
    const char *saved_at;   /* ISO "YYYY-MM-DDTHH:MM:SSZ" */
} fs_draft;

/* Called once per draft, newest first; the strings live until cb returns.
 * A non-zero return stops the list and is returned. */
typedef int (*fs_draft_fn)(void *ctx, const fs_draft *d);

/* Every draft of the acting user, newest first. */
int fs_draft_list(fs_session *s, fs_draft_fn cb, void *ctx, fs_err *e);

#endif
