/* opp_merge.h — two users editing the same opportunity (SPEC §5.4): which
 * parts of an opportunity differ between two copies, and "keep my edits on
 * top of theirs".
 *
 * When a save meets a newer version (fs_opp_save's FS_ECONFLICT on field
 * "version"), three copies are at hand: `base`, the opportunity as the form
 * loaded it; `mine`, the form's copy with the user's input; and `theirs`,
 * the opportunity as stored now.  fs_opp_diff(base, theirs) lists what the
 * other user changed; fs_opp_rebase() re-applies to a copy of theirs only
 * the parts the user changed (mine ≠ base), so saving it keeps both users'
 * changes.  A part both changed takes the user's value and is reported.
 *
 * Everything here is pure: no database, no session.  Parts are compared by
 * their stored ids and values; fs_opp_part_value() gives a part's value in
 * the change history's form (change_log: list items, stages and subtypes by
 * key, users by login, dates ISO, amounts in Rial), so the screens show it
 * with fs_history_describe() and find the other user's change by the same
 * field name.
 */
#ifndef FS_OPP_MERGE_H
#define FS_OPP_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "opportunity.h"

/* A part of an opportunity, in the form's order. */
enum fs_opp_part_kind {
    FS_OPP_PART_CONTACT, FS_OPP_PART_SUBTYPE, FS_OPP_PART_TITLE, FS_OPP_PART_STAGE, FS_OPP_PART_WIN_REASON,
    FS_OPP_PART_LOSS_REASON, FS_OPP_PART_TYPE, FS_OPP_PART_ASSIGNED, FS_OPP_PART_SOURCE, FS_OPP_PART_CAMPAIGN,
    FS_OPP_PART_CLOSE_DATE, FS_OPP_PART_PURCHASE, FS_OPP_PART_AMOUNT, FS_OPP_PART_PROBABILITY,
    FS_OPP_PART_IMPORTANT,
    FS_OPP_PART_VALUE,         /* one custom field: field_id */
    FS_OPP_PART_COMPETITORS,   /* the competitors as a whole */
    FS_OPP_PART_LINES,         /* the product lines as a whole */
};

typedef struct fs_opp_part {
    enum fs_opp_part_kind kind;
    int64_t field_id;          /* FS_OPP_PART_VALUE: the custom field */
    /* The change_log field name: "title", "stage", "field.budget",
     * "final_amount", "competitor", "line" … */
    char field[FS_KEY_BYTES + 8];
    bool both;                 /* fs_opp_rebase: both users changed it */
} fs_opp_part;

/* True when a and b hold the same value for part p. */
bool fs_opp_part_same(const fs_opp *a, const fs_opp *b, const fs_opp_part *p);

/* Every part where a and b differ, in the form's order: header fields,
 * custom values (by field id, in a's order then b's), competitors, lines.
 * *out is malloc'd (free()), *n its count (0: the copies agree). */
int fs_opp_diff(const fs_opp *a, const fs_opp *b, fs_opp_part **out, int *n, fs_err *e);

/* Part p of o in the change history's form (see above); "" when empty.
 * Lines and competitors give a one-line summary ("LAPTOP × 4, SRV × 1";
 * "name — note, name"). */
void fs_opp_part_value(const fs_opp *o, const fs_opp_part *p, char *out, size_t n);

/* *out becomes a copy of theirs with every part the user changed
 * (mine ≠ base) taken from mine, at theirs' version, so saving it is not a
 * conflict.  *parts (malloc'd, free()) lists those parts, the ones the
 * other user changed too (theirs ≠ base, with a value other than mine)
 * first and marked `both`.  *out is overwritten: free it with fs_opp_free.
 * Derived values (line totals, the automatic amount) are for the caller to
 * recompute (fs_opp_compute). */
int fs_opp_rebase(const fs_opp *base, const fs_opp *mine, const fs_opp *theirs, fs_opp *out, fs_opp_part **parts,
                  int *nparts, fs_err *e);

/* A deep copy of o (*out is overwritten; fs_opp_free it). */
int fs_opp_copy(const fs_opp *o, fs_opp *out, fs_err *e);

#endif
