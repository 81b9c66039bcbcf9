/* lookup.h — naming things on the command line and in type-ahead fields
 * (SPEC §12): identities, products, users, lists, stages … can be named by id
 * or by an unambiguous name, code or key.
 *
 * Every function takes the text the user typed and the field it came from.
 * Digits only (any script) → an id that must exist.  Otherwise the text is
 * compared by search key (fs_text_search_key) with the kind's names/codes/
 * keys: one exact match wins; no exact match but exactly one prefix match
 * wins too; several matches are FS_EINVAL listing up to five candidates;
 * none is FS_EINVAL ("no … matches").  Inactive items are found (the caller
 * decides whether inactive is allowed).
 */
#ifndef FS_LOOKUP_H
#define FS_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

int fs_lookup_identity(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
int fs_lookup_product(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
int fs_lookup_user(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
int fs_lookup_campaign(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
int fs_lookup_warehouse(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
int fs_lookup_group(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
int fs_lookup_subtype(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
/* A stage of the given subtype. */
int fs_lookup_stage(fs_session *s, int64_t subtype_id, const char *text, const char *field, int64_t *id,
                    fs_err *e);
/* An item of a system list: list is "type", "source", "win_reason",
 * "loss_reason", "purchase_process" or "unit". */
int fs_lookup_list_item(fs_session *s, const char *list, const char *text, const char *field, int64_t *id,
                        fs_err *e);

/* The name a screen shows for item id of kind `what`: "subtype", "stage",
 * "type", "source", "win_reason", "loss_reason", "purchase_process", "unit"
 * (titles and list labels in the session's language), "campaign",
 * "assigned" (a user's name), "contact" (an identity), "product" or
 * "group".  Copied into out (n bytes, cut at a character).  An id that names
 * nothing (or a deleted stage, or an item of another list) is FS_ECONFLICT
 * naming `what`; an unknown `what` is FS_EINVAL. */
int fs_lookup_label(fs_session *s, const char *what, int64_t id, char *out, size_t n, fs_err *e);

/* Parses an id typed in any digit script; FS_EINVAL when it is not a
 * positive whole number. */
int fs_parse_id(const char *text, const char *field, int64_t *id, fs_err *e);

#endif
