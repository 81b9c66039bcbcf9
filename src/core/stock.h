/* stock.h — warehouses, stock movements and the stock table (SPEC §6.3,
 * §7.3, §3).
 *
 * One global warehousing mode (setting 'warehousing_mode'):
 *  - quantity: stock_move rows; on hand = Σ in + Σ return − Σ out − Σ invoice.
 *    Taking out more than is on hand is allowed and reported as a warning.
 *  - serial: serial_item/serial_move; on hand = the serials whose current
 *    warehouse is that warehouse.  A serial is in at most one warehouse;
 *    issuing a serial that is not in the warehouse is refused.
 * Quantities are int64 in 1/FS_QTY_SCALE units; one serial is FS_QTY_SCALE.
 *
 * Frozen stock = Σ qty of doc_line rows of approved proformas that have not
 * expired (expiry_date NULL or ≥ today) and are not invoiced
 * (invoiced_by_id NULL).  A line without a warehouse freezes stock in the
 * first active warehouse (lowest id).  Available = on hand − frozen.
 *
 * Rights: a stock movement in warehouse W needs the right to issue
 * remittances from W (warehouse_user, granted with fs_warehouse_grant).
 * Seeing the stock table needs stock.view or opp.select_product under
 * quantity warehousing; under serial warehousing a user sees only the
 * warehouses they may issue remittances from.  Adding and disabling
 * warehouses needs admin.lists, granting needs admin.users, changing the
 * mode needs admin.model (and is refused once any stock was recorded).
 */
#ifndef FS_STOCK_H
#define FS_STOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

#define FS_WAREHOUSE_NAME_MAX 100   /* characters */
#define FS_SERIAL_MAX 100           /* characters of one serial number */

enum fs_wh_mode { FS_WH_QUANTITY = 0, FS_WH_SERIAL = 1 };

/* Reads the warehousing mode (a missing or unknown setting is quantity). */
int fs_stock_mode(fs_session *s, enum fs_wh_mode *mode, fs_err *e);
/* Changes it (admin.model); refused with FS_ECONFLICT once any stock
 * movement or serial exists.  Setting the current mode is a no-op. */
int fs_stock_set_mode(fs_session *s, enum fs_wh_mode mode, fs_err *e);
/* "quantity" / "serial". */
const char *fs_stock_mode_name(enum fs_wh_mode mode);

/* ---- warehouses ---- */

typedef struct fs_warehouse {
    int64_t id;
    char name[4 * FS_WAREHOUSE_NAME_MAX + 1];
    bool active;
    bool can_issue;   /* the acting user may issue remittances from it */
} fs_warehouse;

/* Adds a warehouse; the name (1–100 characters) is unique ignoring case
 * and Persian spelling variants. */
int fs_warehouse_add(fs_session *s, const char *name, int64_t *id, fs_err *e);
/* Enables or disables a warehouse; a disabled one keeps its stock (shown
 * as inactive) but takes no movements. */
int fs_warehouse_set_active(fs_session *s, int64_t id, bool active, fs_err *e);
/* Gives or takes user_id's right to issue remittances from a warehouse
 * (granting twice or revoking a missing right changes nothing). */
int fs_warehouse_grant(fs_session *s, int64_t warehouse_id, int64_t user_id, fs_err *e);
int fs_warehouse_revoke(fs_session *s, int64_t warehouse_id, int64_t user_id, fs_err *e);

typedef int (*fs_warehouse_fn)(void *ctx, const fs_warehouse *w);
/* Every warehouse by id. */
int fs_warehouse_list(fs_session *s, fs_warehouse_fn fn, void *ctx, fs_err *e);
/* The ids of the users who may issue remittances from warehouse_id, in id
 * order; *ids is malloc'd (free(); NULL when there are none). */
int fs_warehouse_users(fs_session *s, int64_t warehouse_id, int64_t **ids, int *n, fs_err *e);

/* ---- movements ---- */

enum fs_move_kind {
    FS_MOVE_IN,       /* stock in; serial receipt */
    FS_MOVE_OUT,      /* stock out; serial remittance */
    FS_MOVE_INVOICE,  /* an approved invoice (documents) */
    FS_MOVE_RETURN,   /* an approved sales return (documents) */
};

typedef struct fs_stock_req {
    enum fs_move_kind kind;
    int64_t product_id;          /* a stock-tracked product */
    int64_t warehouse_id;        /* an active warehouse */
    int64_t qty;                 /* quantity mode: > 0, in 1/FS_QTY_SCALE */
    const char *const *serials;  /* serial mode: nserials serial numbers instead */
    int nserials;
    const char *date;            /* ISO date; NULL or "" = today */
    const char *description;     /* optional; quantity mode only */
    int64_t doc_id;              /* the document of an invoice/return move, else 0 */
} fs_stock_req;

typedef struct fs_stock_result {
    int64_t move_id;   /* quantity mode: the stock_move row; serial mode: the last serial_move row */
    int64_t on_hand;   /* on hand in the warehouse afterwards */
    bool over;         /* quantity mode: more was taken out than was on hand */
} fs_stock_result;

/* Records a movement in its own transaction.  FS_MOVE_IN/OUT need the
 * warehouse right.  When res->over is set, e holds the warning sentence
 * (with code FS_OK).  Serial mode refuses a serial received twice (or
 * listed twice), and issuing a serial that is not in the warehouse. */
int fs_stock_record(fs_session *s, const fs_stock_req *r, fs_stock_result *res, fs_err *e);
/* The same inside the caller's write transaction (fs_db_write), for the
 * documents module recording invoices and returns; the warehouse right is
 * checked for FS_MOVE_IN/OUT only. */
int fs_stock_record_tx(fs_session *s, const fs_stock_req *r, fs_stock_result *res, fs_err *e);

/* ---- levels ---- */

typedef struct fs_stock_row {
    int64_t warehouse_id;
    char warehouse[4 * FS_WAREHOUSE_NAME_MAX + 1];
    bool active;
    int64_t on_hand, frozen, available;
} fs_stock_row;

typedef int (*fs_stock_row_fn)(void *ctx, const fs_stock_row *r);

/* The stock table of a stock-tracked product (SPEC §6.3): one row per
 * warehouse the acting user may see, by warehouse id.  FS_EINVAL for a
 * product that is not stock-tracked; FS_EPERM without the right to see
 * stock under quantity warehousing.  Works inside or outside a
 * transaction. */
int fs_stock_table(fs_session *s, int64_t product_id, fs_stock_row_fn fn, void *ctx, fs_err *e);

/* On hand, frozen and available of one product in one warehouse, with no
 * visibility rule (for other modules' checks).  exclude_doc_id's own lines
 * do not count as frozen (0 = none). */
int fs_stock_level(fs_session *s, int64_t product_id, int64_t warehouse_id, int64_t exclude_doc_id,
                   fs_stock_row *out, fs_err *e);

/* Checks a line of qty units of a product from a warehouse (0 = none
 * chosen) against the available stock, for opportunity and document lines:
 *  - not stock-tracked, or enough available: FS_OK, *over false;
 *  - quantity mode, or serial mode with no warehouse chosen: FS_OK, *over
 *    true and e holds the warning sentence (code FS_OK);
 *  - serial mode with a warehouse chosen: FS_EINVAL naming "quantity".
 * exclude_doc_id: the document being checked, whose own proforma lines do
 * not count as frozen (0 = none).  Works inside a transaction. */
int fs_stock_check(fs_session *s, int64_t product_id, int64_t warehouse_id, int64_t qty, int64_t exclude_doc_id,
                   bool *over, fs_err *e);

#endif
