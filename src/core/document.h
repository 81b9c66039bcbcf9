/* document.h — sales documents (SPEC §7.1): proformas, invoices and sales
 * return invoices, their lines, tax and duties, the status flow and the
 * numbering on approval.
 *
 * A document is created empty or issued from an opportunity (a draft with
 * the opportunity's lines copied), or converted from a proforma.  Status:
 * draft → pending → approved | rejected.  Only approved documents count
 * anywhere (stock, balances, reports).  Approval gives the number
 * (PRO-/INV-/RET-<Jalali year of the issue date>-NNNNNN, gap-free) and, for
 * invoices and returns under quantity warehousing, writes the stock moves.
 * Rules and rounding: docs/DOCUMENTS.md.
 */
#ifndef FS_DOCUMENT_H
#define FS_DOCUMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

enum fs_doc_kind { FS_DOC_PROFORMA, FS_DOC_INVOICE, FS_DOC_RETURN };
enum fs_doc_status { FS_DOC_DRAFT, FS_DOC_PENDING, FS_DOC_APPROVED, FS_DOC_REJECTED };

/* Stored names: "proforma", "invoice", "return"; "draft", "pending", … */
const char *fs_doc_kind_name(enum fs_doc_kind k);
const char *fs_doc_status_name(enum fs_doc_status st);
/* Translated labels for screens: "Proforma" / «پیش‌فاکتور». */
const char *fs_doc_kind_label(enum fs_doc_kind k, bool fa);
const char *fs_doc_status_label(enum fs_doc_status st, bool fa);
/* Parses a stored name (as typed on the command line); FS_EINVAL naming
 * `field` otherwise. */
int fs_doc_kind_parse(const char *text, const char *field, enum fs_doc_kind *k, fs_err *e);
int fs_doc_status_parse(const char *text, const char *field, enum fs_doc_status *st, fs_err *e);

/* A new empty document.  identity_id may be 0 when opp_id is given (the
 * opportunity's identity is used); when both are given they must match.
 * Dates are ISO "YYYY-MM-DD" or NULL/"": issue date defaults to today, a
 * proforma's expiry to issue + setting 'proforma_valid_days'; other kinds
 * take no expiry.  source_doc_id (returns only, optional) names the
 * approved invoice of the same identity being returned. */
struct fs_doc_new {
    enum fs_doc_kind kind;
    int64_t identity_id;
    int64_t opp_id;
    int64_t source_doc_id;
    const char *issue_date;
    const char *expiry_date;
    const char *description;
};
int fs_doc_create(fs_session *s, const struct fs_doc_new *in, int64_t *id, fs_err *e);

/* "Issue proforma" / "Issue invoice" on an opportunity (kind must be
 * FS_DOC_PROFORMA or FS_DOC_INVOICE): a draft linked to the opportunity and
 * its identity, issued today, with every opportunity line copied (product,
 * name, qty, unit price, discount % and amount, description). */
int fs_doc_issue_from_opp(fs_session *s, int64_t opp_id, enum fs_doc_kind kind, int64_t *id, fs_err *e);

/* Converts an approved proforma into a draft invoice issued today with the
 * same identity, opportunity, description and lines; the invoice's
 * source_doc_id is the proforma.  The proforma's invoiced_by_id is set when
 * that invoice is approved (so its stock stays frozen until then); a
 * proforma already invoiced is a conflict. */
int fs_doc_convert(fs_session *s, int64_t proforma_id, int64_t *invoice_id, fs_err *e);

/* A line as typed.  Price: has_price false → the product's price (a
 * product without one needs a price).  Discount: at most one of
 * has_discount_bp / has_discount; the other value is computed from it.
 * name NULL/"" → the product's name.  warehouse_id 0 → none (approval
 * takes the first active warehouse). */
struct fs_doc_line_in {
    int64_t product_id;
    int64_t qty;               /* 1/FS_QTY_SCALE units, > 0 */
    bool has_price;
    int64_t unit_price;
    bool has_discount_bp;
    int64_t discount_bp;
    bool has_discount;
    int64_t discount;
    const char *name;
    int64_t warehouse_id;
    const char *description;
};

/* Appends a line; *line_no (may be NULL) gets its 1-based row number. */
int fs_doc_line_add(fs_session *s, int64_t doc_id, const struct fs_doc_line_in *in, int *line_no, fs_err *e);
/* Replaces line line_no (1-based) with in (every field as for add; a price
 * or name kept as the line had it needs no permission). */
int fs_doc_line_edit(fs_session *s, int64_t doc_id, int line_no, const struct fs_doc_line_in *in, fs_err *e);
/* Removes line line_no; the rows after it move up. */
int fs_doc_line_remove(fs_session *s, int64_t doc_id, int line_no, fs_err *e);

/* Header fields that can change: NULL leaves a field as it is; "" clears
 * the description.  The issue date of an approved document is fixed (its
 * number belongs to that year). */
struct fs_doc_edit {
    const char *issue_date;
    const char *expiry_date;
    const char *description;
};
int fs_doc_update(fs_session *s, int64_t doc_id, const struct fs_doc_edit *in, fs_err *e);

/* FS_OK when the acting user may change document doc_id now (its header
 * and lines): not rejected, and approved only with FS_PERM_EDIT_APPROVED.
 * Otherwise the refusal line_add/edit/remove and update would give, so a
 * screen can say it before the user types a line. */
int fs_doc_changeable(fs_session *s, int64_t doc_id, fs_err *e);

/* The status flow.  submit: draft → pending (needs a line).  approve: draft
 * or pending → approved, needs FS_PERM_APPROVE.  reject: draft or pending →
 * rejected, needs FS_PERM_APPROVE; a rejected document is read-only. */
int fs_doc_submit(fs_session *s, int64_t doc_id, fs_err *e);
int fs_doc_approve(fs_session *s, int64_t doc_id, fs_err *e);
int fs_doc_reject(fs_session *s, int64_t doc_id, fs_err *e);

/* Reading. */
typedef struct fs_doc_line {
    int64_t id;
    int position;              /* 1-based row number */
    int64_t product_id;
    char *product_code;
    char *name;
    int64_t qty, unit_price, discount_bp, discount, total, tax, duties, final;
    int64_t warehouse_id;      /* 0 = none */
    char *description;         /* "" when none */
} fs_doc_line;

typedef struct fs_doc {
    int64_t id;
    enum fs_doc_kind kind;
    enum fs_doc_status status;
    char *number;              /* "" until approved */
    int64_t identity_id;
    char *identity_name;
    int64_t opp_id;            /* 0 = none */
    char *opp_number;          /* "" when none */
    int64_t source_doc_id, invoiced_by_id;
    char issue_date[11];
    char expiry_date[11];      /* "" when none */
    int64_t seller_id;
    char *description;
    int64_t tax_bp, duties_bp;
    int64_t total, discount, tax, duties, final;
    char approved_at[21];      /* "" until approved */
    int64_t approved_by;
    int64_t version;
    fs_doc_line *lines;
    int nlines;
} fs_doc;

/* Loads document id with its lines into *d (free with fs_doc_free);
 * FS_ECONFLICT when it does not exist. */
int fs_doc_load(fs_session *s, int64_t id, fs_doc *d, fs_err *e);
void fs_doc_free(fs_doc *d);

/* Resolves a document typed as an id or a number ("INV-1405-000042"). */
int fs_doc_find(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
/* FS_OK when identity id exists, else FS_ECONFLICT naming field. */
int fs_doc_identity_exists(fs_session *s, int64_t id, const char *field, fs_err *e);
/* The identity of opportunity opp_id, which the acting user must be able to
 * see (created by or assigned to them, or FS_PERM_VIEW_ALL): FS_ECONFLICT
 * when it does not exist, FS_EPERM when it is not theirs to see. */
int fs_doc_opp_identity(fs_session *s, int64_t opp_id, int64_t *identity_id, fs_err *e);

/* One row of a list (no lines). */
typedef struct fs_doc_row {
    int64_t id;
    enum fs_doc_kind kind;
    enum fs_doc_status status;
    const char *number;        /* "" until approved */
    int64_t identity_id;
    const char *identity_name;
    int64_t opp_id;
    const char *issue_date;
    int64_t final;
} fs_doc_row;

/* Filters: kind/status -1 = any; ids 0 = any; keyset pagination by id
 * (rows with id > after, ascending, at most limit, 0 = 100). */
struct fs_doc_filter {
    int kind;
    int status;
    int64_t identity_id;
    int64_t opp_id;
    int64_t after;
    int limit;
};
typedef int (*fs_doc_row_fn)(void *ctx, const fs_doc_row *row);
/* Calls fn for every matching row; a non-zero return from fn stops the
 * list and is returned. */
int fs_doc_list(fs_session *s, const struct fs_doc_filter *f, fs_doc_row_fn fn, void *ctx, fs_err *e);

#endif
