/* identity.h — identities (SPEC §2): the people (person) and organizations
 * (org) that opportunities, documents and money items belong to.
 *
 * Text is stored fs_text_normalize()d.  Phone and mobile are stored as Latin
 * digits only ("021-8888 1234" → "02188881234"; a leading +98/0098 → 0,
 * another leading + → 00), national id and economic code as Latin digits,
 * so equal numbers compare equal however they were typed.  name_key and
 * codes_key feed the type-ahead search.
 *
 * Every change goes through one BEGIN IMMEDIATE transaction; an edit is
 * checked against the version it is based on and logged field by field in
 * change_log (history.h).
 */
#ifndef FS_IDENTITY_H
#define FS_IDENTITY_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "session.h"

#define FS_IDENTITY_NAME_MAX 200   /* characters */
#define FS_IDENTITY_SEARCH_MAX 1000 /* most rows one search or page returns */

/* An identity as a form holds it.  For add/edit the strings are the
 * caller's (NULL or "" = empty); fs_identity_get() fills them from the
 * database and owns them until fs_identity_free(). */
typedef struct fs_identity {
    int64_t id;                /* 0 before the first save */
    const char *kind;          /* "person" or "org" (see fs_identity_kind) */
    const char *name;          /* required, up to 200 characters */
    const char *phone, *mobile;
    const char *email;         /* one @, no spaces */
    const char *address;
    const char *national_id, *economic_code; /* digits only, any script */
    const char *notes;
    int64_t source_id;         /* an item of the `source` list, 0 = none */
    int64_t owner_id;          /* a user, 0 = none; add: 0 = the acting user */
    int64_t version;           /* edit: the version the edit is based on */
    /* Filled by fs_identity_get(), ignored by add and edit. */
    const char *source_key, *source_label; /* label in the session's language */
    const char *owner_login;
    char created_at[21], updated_at[21];
    char *mem;                 /* owns the strings of a read record */
} fs_identity;

/* The canonical kind ("person" / "org") of a kind typed by a user:
 * person, org, organization, حقیقی, حقوقی.  NULL when not a kind. */
const char *fs_identity_kind(const char *text);

/* Adds an identity (own transaction) and returns its id.  Refuses, naming
 * the field: missing kind or name, a name over 200 characters, malformed
 * phone/mobile/email/codes, a source that is not an active item of the
 * source list, an unknown or disabled owner (FS_EINVAL); a phone or mobile
 * that is already some identity's phone or mobile (FS_ECONFLICT, naming
 * that identity) unless force. */
int fs_identity_add(fs_session *s, const fs_identity *in, bool force, int64_t *id, fs_err *e);

/* The same, inside a write transaction the caller already holds
 * (fs_db_write): bulk creation, import, quick-create while saving another
 * item. */
int fs_identity_insert(fs_session *s, const fs_identity *in, bool force, int64_t *id, fs_err *e);

/* Saves in->id with the values of *in (every field: a form's whole state).
 * in->version must be the version the edit started from, else FS_ECONFLICT
 * and nothing changes.  The duplicate check applies to a phone or mobile
 * that changed; a source or owner that was disabled since may stay as it
 * is but not be newly chosen.  Each changed field is logged in change_log
 * and the version goes up by one; an edit that changes nothing writes
 * nothing. */
int fs_identity_edit(fs_session *s, const fs_identity *in, bool force, fs_err *e);

/* Reads identity id into *out (FS_ECONFLICT when it does not exist).
 * Release with fs_identity_free(). */
int fs_identity_get(fs_session *s, int64_t id, fs_identity *out, fs_err *e);
void fs_identity_free(fs_identity *r);

/* One row of a list or search result; valid only during the callback. */
typedef struct fs_identity_row {
    int64_t id;
    const char *kind, *name, *phone, *mobile, *email, *national_id;
} fs_identity_row;

/* Called once per row; a non-zero return stops the listing (and is not an
 * error). */
typedef int (*fs_identity_cb)(void *ctx, const fs_identity_row *row);

/* A page of identities by id (keyset pagination): ids > after, ascending,
 * at most limit (1–1000) rows, only of `kind` when kind is not NULL. */
int fs_identity_list(fs_session *s, int64_t after, int limit, const char *kind, fs_identity_cb cb, void *ctx,
                     fs_err *e);

/* Type-ahead search (SPEC §2, §9).  text is folded like every search key
 * (ي→ی, ك→ک, digits of any script, ZWNJ …).  Text made of digits (spaces,
 * dashes, parentheses, + allowed) searches phone, mobile, national id and
 * economic code by digit prefix; other text matches names whose words start
 * with every typed word ("کریم" finds «علی کریمی», "ali kar" finds "Ali
 * Karimi").  Names starting with the whole text come first in name order,
 * then the other matches in name order.  At most limit (1–1000) rows;
 * *more (may be NULL) tells whether more rows matched.  Indexed: answers in
 * milliseconds over a million identities. */
int fs_identity_search(fs_session *s, const char *text, int limit, fs_identity_cb cb, void *ctx, bool *more,
                       fs_err *e);

/* "Name starts with text" only (the identity_name_key index), in name
 * order; the first part of fs_identity_search(). */
int fs_identity_search_prefix(fs_session *s, const char *text, int limit, fs_identity_cb cb, void *ctx,
                              bool *more, fs_err *e);

#endif
