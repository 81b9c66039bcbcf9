/* opportunity.h — the opportunity (SPEC §5.3, §5.4, §6.2): its fields,
 * product lines, competitors and custom values, read and saved as one
 * form.
 *
 * The model is "load, change in memory, save": fs_opp_new() or
 * fs_opp_load() fills an fs_opp, the caller changes fields directly or
 * through the helpers below, and fs_opp_save() validates everything and
 * writes the opportunity, its lines, competitors and custom values in one
 * transaction.  Saving over a newer version is FS_ECONFLICT.  Rules
 * (numbering, line arithmetic, automatic amount, reasons, won/lost dates,
 * permissions, visibility, change history): docs/OPPORTUNITY.md.
 *
 * Visibility: a user without FS_PERM_VIEW_ALL sees only opportunities they
 * created or are assigned to; others are "not found" (FS_ECONFLICT).
 */
#ifndef FS_OPPORTUNITY_H
#define FS_OPPORTUNITY_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"
#include "subtype.h"

#define FS_OPP_TITLE_MAX 200

/* A referenced thing as the form shows it: its key (list item, stage and
 * subtype key; user login; "" for others) and its label in the session's
 * language (identity or campaign name, user name, title). */
typedef struct fs_opp_ref {
    char key[FS_KEY_BYTES];
    char label[FS_TITLE_BYTES];
} fs_opp_ref;

/* How a line's discount was given: the other value is computed from it.
 * KEEP (loaded lines): the stored pair stays while the total does not
 * change; when it does, the percentage is kept. */
enum fs_discount_by { FS_DISCOUNT_NONE, FS_DISCOUNT_PERCENT, FS_DISCOUNT_AMOUNT, FS_DISCOUNT_KEEP };

typedef struct fs_opp_line {
    int64_t id;                /* 0 until saved */
    int64_t product_id;
    char *name;                /* NULL or "" → the product's name */
    int64_t qty;               /* 1/FS_QTY_SCALE units, > 0 */
    bool has_price;            /* false → the product's unit price */
    int64_t unit_price;
    enum fs_discount_by discount_by;
    int64_t discount_bp, discount;
    char *description;         /* NULL or "" → none */
    /* Computed by save (and load). */
    int64_t total, final;
    char product_code[208];
    char unit[FS_TITLE_BYTES];
} fs_opp_line;

/* A line as typed (add or edit).  For edit, product_id 0, qty 0, name and
 * description NULL and no has_* flag keep what the line has. */
typedef struct fs_opp_line_in {
    int64_t product_id;
    int64_t qty;
    bool has_price;
    int64_t unit_price;
    bool has_discount_bp;
    int64_t discount_bp;
    bool has_discount;
    int64_t discount;
    const char *name;
    const char *description;
} fs_opp_line_in;

typedef struct fs_opp_competitor {
    int64_t id;                /* 0 until saved */
    int64_t identity_id;       /* an organization, or 0 for free text */
    char *name;
    char *note;                /* NULL or "" → none */
} fs_opp_competitor;

typedef struct fs_opp_value {
    int64_t field_id;
    char *value;               /* stored form (see fs_custom_field_value_parse) */
    /* Filled by load and save. */
    char key[FS_KEY_BYTES];
    char label[FS_TITLE_BYTES];
    enum fs_custom_field_type type;
} fs_opp_value;

typedef struct fs_opp {
    int64_t id;                /* 0 until saved */
    char number[32];           /* OPP-1405-000123, "" until saved */
    int64_t version;           /* the version this copy was read at */
    /* A. related to */
    int64_t identity_id;
    /* B. details; 0 / "" = not set */
    int64_t subtype_id, stage_id;
    char *title;
    int64_t type_id, assigned_id, source_id, campaign_id;
    char close_date[11];       /* ISO */
    int64_t final_amount;
    bool amount_manual;        /* false: Σ of the lines' finals */
    int probability;           /* 0–100 */
    int64_t win_reason_id, loss_reason_id, purchase_process_id;
    bool important;
    /* Automatic, read-only. */
    char won_at[11], lost_at[11];
    char stage_changed_at[21], created_at[21], updated_at[21];
    int64_t created_by, updated_by;
    /* C, D, E */
    fs_opp_value *values;
    int nvalues;
    fs_opp_competitor *competitors;
    int ncompetitors;
    fs_opp_line *lines;
    int nlines;
    /* Filled by load: names for display and derived values. */
    struct {
        fs_opp_ref contact, subtype, stage, type, source, campaign, win_reason, loss_reason, purchase_process,
            assigned, created_by, updated_by;
        enum fs_stage_kind stage_kind;
    } names;
    int64_t expected_amount;   /* final × probability / 100, half up */
    int age_days;              /* today − created */
    int days_in_stage;         /* today − last stage change */
    int days_to_close;         /* created → won/lost date; -1 while open */
} fs_opp;

/* A new form: default subtype and its first stage, assigned to the acting
 * user, automatic amount.  Nothing is written. */
int fs_opp_new(fs_session *s, fs_opp *o, fs_err *e);
/* Everything the form shows: fields, names, lines, competitors, custom
 * values, derived values.  FS_ECONFLICT "not found" when it does not exist
 * or is not visible to the user. */
int fs_opp_load(fs_session *s, int64_t id, fs_opp *o, fs_err *e);
void fs_opp_free(fs_opp *o);
/* Validates everything, then writes it all in one transaction: a new
 * opportunity gets its number; an existing one must still be at
 * o->version (else FS_ECONFLICT "someone else saved it since you opened
 * it").  On success o is reloaded (id, number, version, names). */
int fs_opp_save(fs_session *s, fs_opp *o, fs_err *e);
/* The same checks and writes inside a write transaction the caller
 * already holds (CSV import saves a whole file in one transaction); *id
 * (may be NULL) gets the saved id.  o is not reloaded.  On an error some
 * rows may already be written: the caller rolls back (a SAVEPOINT around
 * the call, or the whole transaction). */
int fs_opp_save_in_tx(fs_session *s, fs_opp *o, int64_t *id, fs_err *e);

/* Resolves an opportunity typed as an id or a number ("OPP-1405-000001",
 * any digits); FS_ECONFLICT when there is none the user may see. */
int fs_opp_find(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);

/* Fills o->names (labels of the related identity, subtype, stage, list
 * items, campaign and users) from o's ids, as load does: for a new form, a
 * restored draft, or after the form changed an id. */
int fs_opp_names(fs_session *s, fs_opp *o, fs_err *e);

/* Derived values. */
int64_t fs_opp_expected_amount(int64_t final_amount, int probability);

/* ---- in-memory editing (nothing is written until fs_opp_save) ---------- */

/* What the form shows while it is being edited, without writing: each
 * line's code, unit, default price, total, discount and final, the
 * automatic final amount and the expected amount.  FS_EINVAL names the
 * line that cannot be computed (no product price given). */
int fs_opp_compute(fs_session *s, fs_opp *o, fs_err *e);
/* Replaces a malloc'd string slot with a copy of v (NULL → NULL). */
int fs_opp_set_text(char **slot, const char *v, fs_err *e);
/* Moves to stage_id; reason (NULL for none) is an item of the win_reason
 * or loss_reason list according to the stage's kind, typed as an id, key
 * or label (a reason with an open stage is FS_EINVAL).  Save applies the
 * dates, clears the other reason and logs the change. */
int fs_opp_set_stage(fs_session *s, fs_opp *o, int64_t stage_id, const char *reason, fs_err *e);
/* Sets the win or loss reason according to the current stage's kind;
 * "" clears it. */
int fs_opp_set_reason(fs_session *s, fs_opp *o, const char *reason, fs_err *e);
/* Sets the final amount by hand (switches to manual), or back to the
 * automatic sum of the lines. */
void fs_opp_set_amount(fs_opp *o, int64_t amount);
void fs_opp_set_amount_auto(fs_opp *o);
/* Appends a line; *line_no (may be NULL) gets its 1-based row number. */
int fs_opp_line_add(fs_opp *o, const fs_opp_line_in *in, int *line_no, fs_err *e);
int fs_opp_line_edit(fs_opp *o, int line_no, const fs_opp_line_in *in, fs_err *e);
int fs_opp_line_remove(fs_opp *o, int line_no, fs_err *e);
/* Moves row line_no to position (both 1-based). */
int fs_opp_line_move(fs_opp *o, int line_no, int position, fs_err *e);
/* Appends a competitor: name is matched against organizations (an exact
 * name of exactly one organization links it), else kept as free text. */
int fs_opp_competitor_add(fs_session *s, fs_opp *o, const char *name, const char *note, fs_err *e);
/* Removes the competitor at row n (1-based) or named name (exactly). */
int fs_opp_competitor_remove(fs_opp *o, const char *row_or_name, fs_err *e);
/* Sets custom field `field` (id, key or label, in the opportunity's
 * subtype) to `value` as typed; "" clears it. */
int fs_opp_value_set(fs_session *s, fs_opp *o, const char *field, const char *value, fs_err *e);

/* ---- for other modules -------------------------------------------------- */

/* Moves one opportunity to another stage with every effect of a stage
 * change (stage_log, change_log, won/lost dates, reasons, version) but
 * without validating the rest of the form.  Must be called inside a write
 * transaction (subtype.c uses it when a stage is retired). */
int fs_opp_move_stage_in_tx(fs_session *s, int64_t opp_id, int64_t to_stage_id, const char *now, fs_err *e);

/* One change_log row of an opportunity, newest first (fs_opp_history). */
typedef struct fs_opp_change {
    char field[64];
    char *old_value, *new_value;   /* "" when empty */
    char login[64];
    char at[21];
} fs_opp_change;
/* The change history and the stage log of a visible opportunity (newest
 * first; *out malloc'd, free with fs_opp_history_free).  Stage log entries
 * come as field "stage_log" with stage keys. */
int fs_opp_history(fs_session *s, int64_t id, fs_opp_change **out, int *n, fs_err *e);
void fs_opp_history_free(fs_opp_change *v, int n);

#endif
