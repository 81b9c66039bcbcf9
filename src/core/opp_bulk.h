/* opp_bulk.h — one opportunity for each of many identities (SPEC §5.1:
 * "Opportunities can also be created in bulk for many selected
 * identities").
 *
 * A template fs_opp (title, subtype, stage, type, source, campaign,
 * assigned, close date, probability, amount, product lines, competitors,
 * custom values) is saved once per identity, each exactly as a single
 * fs_opp_save would save it (its own number, stage log and history), and
 * all of them in ONE write transaction: either every opportunity is
 * created, or none is.
 */
#ifndef FS_OPP_BULK_H
#define FS_OPP_BULK_H

#include <stdint.h>

#include "opportunity.h"

/* The most identities one call accepts. */
#define FS_OPP_BULK_MAX 10000

/* Creates one opportunity per identity in identity_ids[0..n), in that
 * order, from tpl (its id, number, version and identity are ignored; tpl
 * is not changed).  Needs FS_PERM_BULK_EDIT (FS_EPERM).  n must be 1 to
 * FS_OPP_BULK_MAX and the ids distinct (FS_EINVAL, field "contacts").
 * When one identity is refused nothing is written and e->msg starts with
 * that identity ("identity «NAME» (id N): " followed by the reason).
 * created_ids_out (may be NULL) must have room for n ids; it receives the
 * new ids in the order of identity_ids. */
int fs_opp_bulk_create(fs_session *s, const fs_opp *tpl, const int64_t *identity_ids, int n,
                       int64_t *created_ids_out, fs_err *e);

#endif
