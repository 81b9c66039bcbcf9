/* opp_draft.h — the opportunity form as a text payload for drafts
 * (draft.h), so what a user typed survives a dropped connection.
 *
 * The payload holds every field of an fs_opp: the header, the read-only
 * and derived values, the display names, the custom values, competitors and
 * product lines, so decoding gives back the form exactly as it was.  Format
 * (one record per line, fields separated by TAB; docs/RELIABILITY.md):
 *
 *     opp-draft<TAB>1
 *     <field><TAB><value>          id, number, version, identity, title, …
 *     ref<TAB><name><TAB><key><TAB><label>
 *     value<TAB><field_id><TAB><value><TAB><key><TAB><label><TAB><type>
 *     competitor<TAB><id><TAB><identity_id><TAB><name><TAB><note>
 *     line<TAB><id><TAB><product_id><TAB><name><TAB><qty>…
 *     end
 *
 * Text is escaped: backslash as \\, TAB as \t, newline as \n, carriage
 * return as \r; a missing (NULL) text is \N.  Numbers are decimal.
 */
#ifndef FS_OPP_DRAFT_H
#define FS_OPP_DRAFT_H

#include "opportunity.h"

/* Writes o as a payload: *out gets a malloc'd string (free()). */
int fs_opp_draft_encode(const fs_opp *o, char **out, fs_err *e);

/* Rebuilds *o from a payload made by fs_opp_draft_encode (o is
 * overwritten, not freed first; release it with fs_opp_free).  A payload
 * that is not one (unknown record, bad number, too long a text, cut short
 * before "end") is FS_EINVAL naming its line, and *o is left empty. */
int fs_opp_draft_decode(const char *payload, fs_opp *o, fs_err *e);

#endif
