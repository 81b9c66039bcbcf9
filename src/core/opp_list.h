/* opp_list.h — the opportunity list (SPEC §10, first bullet): filters,
 * an inverse filter, the visibility rule, keyset pagination by id and
 * totals over the whole filtered set.
 *
 * Every filter is optional (0 / NULL / false = not used) and they combine
 * with AND; `invert` negates the combination as a whole (an opportunity a
 * filter cannot judge, like a missing close date, counts as not matching
 * it, so the inverse holds it).  Visibility is applied outside the
 * inversion: a user without FS_PERM_VIEW_ALL never sees others'
 * opportunities.  The SQL is built from constant pieces; every value is
 * bound.
 */
#ifndef FS_OPP_LIST_H
#define FS_OPP_LIST_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"
#include "subtype.h"

#define FS_OPP_LIST_MAX_LIMIT 10000

typedef struct fs_opp_filter {
    int64_t subtype_id, stage_id, type_id, source_id, campaign_id, assigned_id, identity_id;
    int stage_kind;            /* -1 any, else an fs_stage_kind */
    int64_t product_id;        /* has a line of this product */
    int64_t group_id;          /* has a line of a product in this group or below */
    int64_t win_reason_id, loss_reason_id; /* either one matches */
    const char *close_from, *close_to;     /* ISO dates, inclusive */
    bool overdue;              /* close date before today and still open */
    const char *won_from, *won_to, *lost_from, *lost_to;
    bool has_realized_min, has_realized_max;
    int64_t realized_min, realized_max;    /* Σ final of approved invoices */
    const char *text;          /* title start, any word of the contact's
                                  name or phone, or the number */
    bool invert;
    int64_t after;             /* ids greater than this */
    int limit;                 /* rows per page, 1 … FS_OPP_LIST_MAX_LIMIT */
    bool totals;               /* compute count and sums of the whole set */
} fs_opp_filter;

/* No filter, first page of 50, with totals. */
void fs_opp_filter_init(fs_opp_filter *f);

typedef struct fs_opp_row {
    int64_t id;
    char number[32];
    char *title;
    char *contact;
    char stage_key[FS_KEY_BYTES];
    char *stage;               /* title in the session's language */
    enum fs_stage_kind stage_kind;
    int64_t final_amount, expected_amount;
    int probability;
    char close_date[11], won_at[11], lost_at[11];
    char assigned[64];         /* login */
} fs_opp_row;

typedef struct fs_opp_page {
    fs_opp_row *rows;
    int n;
    bool more;                 /* another page follows */
    int64_t next_after;        /* pass as `after` for the next page */
    int64_t count, sum_final, sum_expected; /* whole filtered set */
} fs_opp_page;

int fs_opp_list(fs_session *s, const fs_opp_filter *f, fs_opp_page *out, fs_err *e);

/* Only the totals of f (count, Σ final, Σ expected into out; f's page
 * fields are ignored), for a screen that shows the page first and adds up
 * while the user reads it.  Kept totals answer at once; a filter they do
 * not cover adds up every matching opportunity, and stop(ctx), asked every
 * few thousand steps, ends that early: then *stopped is true, out holds no
 * totals and FS_OK is returned.  stop may be NULL (never stop). */
int fs_opp_list_totals(fs_session *s, const fs_opp_filter *f, bool (*stop)(void *ctx), void *ctx,
                       fs_opp_page *out, bool *stopped, fs_err *e);
void fs_opp_page_free(fs_opp_page *p);

#endif
