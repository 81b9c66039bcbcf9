/* Tests of stock: quantity movements and on hand, the over-stock warning
 * and refusal, serial receipts and remittances, frozen stock from approved
 * proformas (written here with SQL: documents are another module),
 * visibility under serial warehousing, rights, and the mode switch. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture_doc.h"
#include "money.h"
#include "stock.h"
#include "user.h"

#define Q(n) ((int64_t)(n) * FS_QTY_SCALE)

static int64_t LAPTOP, CENTRAL, SHIRAZ; /* a stock-tracked product, two warehouses */

/* The fixture's database ("reza" is admin) with «انبار شیراز» added, the
 * remittance right of both warehouses for reza, and a stock-tracked
 * laptop. */
static int setup(void **state)
{
    fs_err e;
    if (fx_setup(state) != 0)
        return -1;
    CENTRAL = fx_int("SELECT id FROM warehouse WHERE name = 'انبار مرکزی'");
    if (fs_warehouse_add(&s, "انبار شیراز", &SHIRAZ, &e) != FS_OK)
        return -1;
    if (fs_warehouse_grant(&s, CENTRAL, s.user_id, &e) != FS_OK ||
        fs_warehouse_grant(&s, SHIRAZ, s.user_id, &e) != FS_OK)
        return -1;
    LAPTOP = fx_product("LAP-001", "لپ‌تاپ ایسوس", 450000000, 1, 1);
    return 0;
}

/* Records a quantity movement; returns the status. */
static int move(enum fs_move_kind kind, int64_t warehouse, int64_t qty, fs_stock_result *res, fs_err *e)
{
    fs_stock_req r = { .kind = kind, .product_id = LAPTOP, .warehouse_id = warehouse, .qty = qty };
    return fs_stock_record(&s, &r, res, e);
}

/* Records a serial movement of the given serials. */
static int move_serials(enum fs_move_kind kind, int64_t warehouse, const char *const *serials, int n, fs_err *e)
{
    fs_stock_req r = { .kind = kind, .product_id = LAPTOP, .warehouse_id = warehouse, .serials = serials,
                       .nserials = n };
    fs_stock_result res;
    return fs_stock_record(&s, &r, &res, e);
}

/* The stock table as "warehouse on_hand/frozen/available" lines joined by
 * '|', quantities in whole units. */
static int collect_row(void *v, const fs_stock_row *r)
{
    char *out = v;
    size_t n = strlen(out);
    snprintf(out + n, 1024 - n, "%s%s %lld/%lld/%lld%s", n ? "|" : "", r->warehouse,
             (long long)(r->on_hand / FS_QTY_SCALE), (long long)(r->frozen / FS_QTY_SCALE),
             (long long)(r->available / FS_QTY_SCALE), r->active ? "" : " inactive");
    return 0;
}

static const char *table(void)
{
    static char out[1024];
    out[0] = '\0';
    fs_err e;
    int rc = fs_stock_table(&s, LAPTOP, collect_row, out, &e);
    if (rc != FS_OK)
        fail_msg("stock table: %s", e.msg);
    return out;
}

static void test_in_out_on_hand(void **state)
{
    (void)state;
    fs_stock_result res;
    fs_err e;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(10), &res, &e), FS_OK);
    assert_int_equal(res.on_hand, Q(10));
    assert_false(res.over);
    assert_int_equal(move(FS_MOVE_OUT, CENTRAL, Q(3), &res, &e), FS_OK);
    assert_int_equal(res.on_hand, Q(7));
    assert_false(res.over);
    assert_int_equal(move(FS_MOVE_IN, SHIRAZ, 25000, &res, &e), FS_OK); /* 2.5 */
    assert_string_equal(table(), "انبار مرکزی 7/0/7|انبار شیراز 2/0/2");
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move WHERE kind = 'out' AND qty = 30000"), 1);
    /* Documents' invoice (out) and return (in) moves count too. */
    fx_sql("INSERT INTO stock_move(product_id, warehouse_id, kind, qty, date, created_at, created_by) VALUES "
         "(%lld, %lld, 'invoice', 20000, '2025-01-01', '2025-01-01T00:00:00Z', 1), "
         "(%lld, %lld, 'return', 10000, '2025-01-01', '2025-01-01T00:00:00Z', 1)",
         (long long)LAPTOP, (long long)CENTRAL, (long long)LAPTOP, (long long)CENTRAL);
    assert_string_equal(table(), "انبار مرکزی 6/0/6|انبار شیراز 2/0/2");
}

static void test_out_beyond_stock_warns_under_quantity(void **state)
{
    (void)state;
    fs_stock_result res;
    fs_err e;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(7), &res, &e), FS_OK);
    assert_int_equal(move(FS_MOVE_OUT, CENTRAL, Q(10), &res, &e), FS_OK);
    assert_true(res.over);
    assert_int_equal(e.code, FS_OK);
    assert_string_equal(e.field, "quantity");
    assert_non_null(strstr(e.msg, "had 7"));
    assert_int_equal(res.on_hand, -Q(3));
    assert_string_equal(table(), "انبار مرکزی -3/0/-3|انبار شیراز 0/0/0");

    /* The line check for opportunities and documents warns too. */
    bool over = false;
    assert_int_equal(fs_stock_check(&s, LAPTOP, CENTRAL, Q(1), 0, &over, &e), FS_OK);
    assert_true(over);
    assert_non_null(strstr(e.msg, "انبار مرکزی"));
    assert_int_equal(move(FS_MOVE_IN, SHIRAZ, Q(5), &res, &e), FS_OK);
    assert_int_equal(fs_stock_check(&s, LAPTOP, SHIRAZ, Q(5), 0, &over, &e), FS_OK);
    assert_false(over);
}

static void test_bad_movements_change_nothing(void **state)
{
    (void)state;
    fs_stock_result res;
    fs_err e;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, 0, &res, &e), FS_EINVAL);
    assert_string_equal(e.field, "quantity");
    assert_int_equal(move(FS_MOVE_IN, 999, Q(1), &res, &e), FS_ECONFLICT);
    const char *sn[] = { "SN-1" };
    assert_int_equal(move_serials(FS_MOVE_IN, CENTRAL, sn, 1, &e), FS_EINVAL);
    assert_string_equal(e.field, "serial");
    /* A product that is not stock-tracked takes no movements. */
    fx_sql("UPDATE product SET stock_tracked = 0 WHERE id = %lld", (long long)LAPTOP);
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(1), &res, &e), FS_EINVAL);
    assert_string_equal(e.field, "product");
    char rows[1024] = "";
    assert_int_equal(fs_stock_table(&s, LAPTOP, collect_row, rows, &e), FS_EINVAL);
    fx_sql("UPDATE product SET stock_tracked = 1 WHERE id = %lld", (long long)LAPTOP);
    /* A disabled warehouse takes none either, but still shows. */
    assert_int_equal(fs_warehouse_set_active(&s, SHIRAZ, false, &e), FS_OK);
    assert_int_equal(move(FS_MOVE_IN, SHIRAZ, Q(1), &res, &e), FS_EINVAL);
    assert_string_equal(e.field, "warehouse");
    fs_stock_req bad_date = { .kind = FS_MOVE_IN, .product_id = LAPTOP, .warehouse_id = CENTRAL, .qty = Q(1),
                              .date = "2025-02-30" };
    assert_int_equal(fs_stock_record(&s, &bad_date, &res, &e), FS_EINVAL);
    assert_string_equal(e.field, "date");
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move"), 0);
    assert_string_equal(table(), "انبار مرکزی 0/0/0|انبار شیراز 0/0/0 inactive");
}

static void test_movement_needs_the_warehouse_right(void **state)
{
    (void)state;
    fs_err e;
    fx_act_as("hamid", 4); /* a warehouse keeper */
    fs_stock_result res;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(5), &res, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "انبار مرکزی"));
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move"), 0);
    /* Only an admin grants; granted, the keeper may move stock. */
    int64_t hamid = s.user_id;
    assert_int_equal(fs_warehouse_grant(&s, CENTRAL, hamid, &e), FS_EPERM);
    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);
    assert_int_equal(fs_warehouse_grant(&s, CENTRAL, hamid, &e), FS_OK);
    assert_int_equal(fs_warehouse_grant(&s, CENTRAL, hamid, &e), FS_OK); /* twice: no change */
    assert_int_equal(fx_int("SELECT count(*) FROM warehouse_user"), 3);
    assert_int_equal(fs_session_login(&s, "hamid", &e), FS_OK);
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(5), &res, &e), FS_OK);
    assert_int_equal(move(FS_MOVE_IN, SHIRAZ, Q(5), &res, &e), FS_EPERM);
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move"), 1);
}

/* Inserts a proforma (or another kind) with one line of qty units of the
 * laptop; warehouse 0 = none on the line.  Returns the document id. */
static int64_t document(const char *kind, const char *status, const char *expiry, int64_t invoiced_by, int qty,
                        int64_t warehouse)
{
    char exp[32], wh[32], inv[32];
    snprintf(exp, sizeof exp, expiry ? "'%s'" : "NULL", expiry);
    snprintf(wh, sizeof wh, warehouse ? "%lld" : "NULL", (long long)warehouse);
    snprintf(inv, sizeof inv, invoiced_by ? "%lld" : "NULL", (long long)invoiced_by);
    /* Every document is issued from one opportunity of one customer. */
    static int64_t customer, opp;
    if (!customer || fx_int("SELECT count(*) FROM identity") == 0) {
        customer = fx_identity("شرکت فولاد مبارکه");
        opp = fx_opp(customer, "تجهیز دفتر مرکزی");
    }
    fx_sql("INSERT INTO document(kind, identity_id, opp_id, issue_date, expiry_date, seller_id, status, tax_bp, "
           "duties_bp, invoiced_by_id, created_at, created_by, updated_at) VALUES ('%s', %lld, %lld, '2025-01-01', "
           "%s, 1, '%s', 0, 0, %s, '2025-01-01T00:00:00Z', 1, '2025-01-01T00:00:00Z')",
           kind, (long long)customer, (long long)opp, exp, status, inv);
    int64_t id = sqlite3_last_insert_rowid(fs_db_sqlite(s.db));
    fx_sql("INSERT INTO doc_line(doc_id, position, product_id, name, qty, unit_price, total, final, warehouse_id) "
         "VALUES (%lld, 1, %lld, 'لپ‌تاپ ایسوس', %lld, 1000, 1000, 1000, %s)",
         (long long)id, (long long)LAPTOP, (long long)Q(qty), wh);
    return id;
}

static void test_frozen_stock(void **state)
{
    (void)state;
    fs_stock_result res;
    fs_err e;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(10), &res, &e), FS_OK);
    assert_int_equal(move(FS_MOVE_IN, SHIRAZ, Q(4), &res, &e), FS_OK);
    char tomorrow[11], yesterday[11];
    fs_day_to_iso(s.today + 1, tomorrow);
    fs_day_to_iso(s.today - 1, yesterday);
    /* Approved, unexpired, not invoiced: freezes 2 in Shiraz. */
    int64_t approved = document("proforma", "approved", tomorrow, 0, 2, SHIRAZ);
    assert_string_equal(table(), "انبار مرکزی 10/0/10|انبار شیراز 4/2/2");
    /* None of these freeze anything. */
    document("proforma", "approved", yesterday, 0, 3, SHIRAZ);              /* expired */
    document("proforma", "rejected", NULL, 0, 3, SHIRAZ);                   /* rejected */
    document("proforma", "draft", NULL, 0, 3, SHIRAZ);                      /* not approved */
    int64_t invoice = document("invoice", "draft", NULL, 0, 1, SHIRAZ);      /* an invoice */
    document("proforma", "approved", NULL, invoice, 3, SHIRAZ);             /* invoiced */
    assert_string_equal(table(), "انبار مرکزی 10/0/10|انبار شیراز 4/2/2");
    /* Expiring today still freezes; a line without a warehouse freezes the
     * first active warehouse. */
    char today[11];
    fs_day_to_iso(s.today, today);
    document("proforma", "approved", today, 0, 1, 0);
    assert_string_equal(table(), "انبار مرکزی 10/1/9|انبار شیراز 4/2/2");
    assert_int_equal(fs_warehouse_set_active(&s, CENTRAL, false, &e), FS_OK);
    assert_string_equal(table(), "انبار مرکزی 10/0/10 inactive|انبار شیراز 4/3/1");
    assert_int_equal(fs_warehouse_set_active(&s, CENTRAL, true, &e), FS_OK);

    /* Levels and checks for other modules; a document's own lines do not
     * count against itself. */
    fs_stock_row r;
    assert_int_equal(fs_stock_level(&s, LAPTOP, SHIRAZ, 0, &r, &e), FS_OK);
    assert_int_equal(r.available, Q(2));
    assert_int_equal(fs_stock_level(&s, LAPTOP, SHIRAZ, approved, &r, &e), FS_OK);
    assert_int_equal(r.available, Q(4));
    assert_int_equal(fs_stock_level(&s, LAPTOP, 0, 0, &r, &e), FS_OK);
    assert_int_equal(r.on_hand, Q(14));
    assert_int_equal(r.frozen, Q(3));
    bool over;
    assert_int_equal(fs_stock_check(&s, LAPTOP, SHIRAZ, Q(3), 0, &over, &e), FS_OK);
    assert_true(over);
    assert_int_equal(fs_stock_check(&s, LAPTOP, SHIRAZ, Q(3), approved, &over, &e), FS_OK);
    assert_false(over);
}

static void test_serial_warehousing(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_stock_set_mode(&s, FS_WH_SERIAL, &e), FS_OK);
    enum fs_wh_mode mode;
    assert_int_equal(fs_stock_mode(&s, &mode, &e), FS_OK);
    assert_int_equal(mode, FS_WH_SERIAL);

    const char *in[] = { "SN-1001", "SN-1002", "۱۰۰۳" };
    assert_int_equal(move_serials(FS_MOVE_IN, CENTRAL, in, 3, &e), FS_OK);
    assert_string_equal(table(), "انبار مرکزی 3/0/3|انبار شیراز 0/0/0");
    char last[32];
    assert_string_equal(fx_text(last, sizeof last, "SELECT serial FROM serial_item ORDER BY id DESC LIMIT 1"),
                        "1003"); /* stored with Latin digits */

    /* A serial already in stock cannot be received again, anywhere. */
    const char *dup[] = { "SN-1004", "SN-1002" };
    assert_int_equal(move_serials(FS_MOVE_IN, SHIRAZ, dup, 2, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "SN-1002"));
    const char *twice[] = { "SN-1005", "SN-1005" };
    assert_int_equal(move_serials(FS_MOVE_IN, SHIRAZ, twice, 2, &e), FS_EINVAL);
    /* Issuing a serial that is not in the warehouse is refused. */
    const char *elsewhere[] = { "SN-1001" };
    assert_int_equal(move_serials(FS_MOVE_OUT, SHIRAZ, elsewhere, 1, &e), FS_EINVAL);
    const char *unknown[] = { "SN-9999" };
    assert_int_equal(move_serials(FS_MOVE_OUT, CENTRAL, unknown, 1, &e), FS_EINVAL);
    fs_stock_result res;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(1), &res, &e), FS_EINVAL); /* a quantity */
    assert_string_equal(e.field, "quantity");
    assert_int_equal(fx_int("SELECT count(*) FROM serial_item"), 3);
    assert_int_equal(fx_int("SELECT count(*) FROM serial_move"), 3);

    assert_int_equal(move_serials(FS_MOVE_OUT, CENTRAL, elsewhere, 1, &e), FS_OK);
    assert_string_equal(table(), "انبار مرکزی 2/0/2|انبار شیراز 0/0/0");
    assert_int_equal(fx_int("SELECT warehouse_id IS NULL FROM serial_item WHERE serial = 'SN-1001'"), 1);
    /* An issued serial may come back (a return), into another warehouse. */
    assert_int_equal(move_serials(FS_MOVE_IN, SHIRAZ, elsewhere, 1, &e), FS_OK);
    assert_string_equal(table(), "انبار مرکزی 2/0/2|انبار شیراز 1/0/1");

    /* Over-stock on a line with a warehouse is refused; without one it
     * is a warning. */
    bool over;
    assert_int_equal(fs_stock_check(&s, LAPTOP, CENTRAL, Q(3), 0, &over, &e), FS_EINVAL);
    assert_string_equal(e.field, "quantity");
    assert_int_equal(fs_stock_check(&s, LAPTOP, CENTRAL, Q(2), 0, &over, &e), FS_OK);
    assert_false(over);
    assert_int_equal(fs_stock_check(&s, LAPTOP, 0, Q(4), 0, &over, &e), FS_OK);
    assert_true(over);

    /* Once stock exists the mode cannot change. */
    assert_int_equal(fs_stock_set_mode(&s, FS_WH_QUANTITY, &e), FS_ECONFLICT);
    assert_int_equal(fs_stock_mode(&s, &mode, &e), FS_OK);
    assert_int_equal(mode, FS_WH_SERIAL);
}

static void test_serial_visibility(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_stock_set_mode(&s, FS_WH_SERIAL, &e), FS_OK);
    const char *in[] = { "SN-1001" };
    assert_int_equal(move_serials(FS_MOVE_IN, SHIRAZ, in, 1, &e), FS_OK);
    /* A sales rep (who may view stock) without the right sees no row. */
    fx_act_as("ali", 3);
    assert_string_equal(table(), "");
    int64_t ali = s.user_id;
    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);
    assert_int_equal(fs_warehouse_grant(&s, SHIRAZ, ali, &e), FS_OK);
    assert_int_equal(fs_session_login(&s, "ali", &e), FS_OK);
    assert_string_equal(table(), "انبار شیراز 1/0/1");
    /* Revoked, the warehouse is hidden again. */
    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);
    assert_int_equal(fs_warehouse_revoke(&s, SHIRAZ, ali, &e), FS_OK);
    assert_int_equal(fx_int("SELECT count(*) FROM warehouse_user WHERE user_id <> 1"), 0);
    assert_int_equal(fs_session_login(&s, "ali", &e), FS_OK);
    assert_string_equal(table(), "");
}

static void test_quantity_visibility_needs_a_right(void **state)
{
    (void)state;
    fs_err e;
    fx_act_as("ali", 3); /* a sales rep */
    assert_string_equal(table(), "انبار مرکزی 0/0/0|انبار شیراز 0/0/0"); /* no warehouse right needed */
    fx_act_as("zahra", 5); /* a financial manager: neither stock.view nor select_product */
    char rows[1024] = "";
    assert_int_equal(fs_stock_table(&s, LAPTOP, collect_row, rows, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "stock.view"));
}

static void test_warehouses(void **state)
{
    (void)state;
    fs_err e;
    int64_t id = 0;
    /* Names are unique ignoring Arabic yeh/kaf. */
    assert_int_equal(fs_warehouse_add(&s, "انبار مركزي", &id, &e), FS_ECONFLICT);
    assert_int_equal(fs_warehouse_add(&s, "  ", &id, &e), FS_EINVAL);
    assert_int_equal(fx_int("SELECT count(*) FROM warehouse"), 2);
    fx_act_as("ali", 3);
    assert_int_equal(fs_warehouse_add(&s, "انبار تبریز", &id, &e), FS_EPERM);
    assert_int_equal(fs_stock_set_mode(&s, FS_WH_SERIAL, &e), FS_EPERM);
    assert_int_equal(fx_int("SELECT count(*) FROM warehouse"), 2);
    assert_int_equal(fx_int("SELECT count(*) FROM setting WHERE value = 'serial'"), 0);
}

/* Who may issue from a warehouse, as the Admin screen lists it. */
static void test_warehouse_users(void **state)
{
    (void)state;
    fs_err e;
    int64_t *ids = NULL, ali = 0, sara = 0;
    int n = -1;
    assert_int_equal(fs_user_add(&s, "ali", "علی", "warehouse_keeper", &ali, &e), FS_OK);
    assert_int_equal(fs_user_add(&s, "sara", "سارا", "sales_rep", &sara, &e), FS_OK);
    assert_int_equal(fs_warehouse_users(&s, SHIRAZ, &ids, &n, &e), FS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ids[0], s.user_id);
    free(ids);
    assert_int_equal(fs_warehouse_grant(&s, SHIRAZ, sara, &e), FS_OK);
    assert_int_equal(fs_warehouse_grant(&s, SHIRAZ, ali, &e), FS_OK);
    assert_int_equal(fs_warehouse_revoke(&s, SHIRAZ, s.user_id, &e), FS_OK);
    assert_int_equal(fs_warehouse_users(&s, SHIRAZ, &ids, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ids[0], ali);
    assert_int_equal(ids[1], sara);
    free(ids);
    /* Central is unchanged; a warehouse nobody may issue from has none. */
    assert_int_equal(fs_warehouse_users(&s, CENTRAL, &ids, &n, &e), FS_OK);
    assert_int_equal(n, 1);
    free(ids);
    fx_sql("DELETE FROM warehouse_user WHERE warehouse_id = %lld", (long long)CENTRAL);
    assert_int_equal(fs_warehouse_users(&s, CENTRAL, &ids, &n, &e), FS_OK);
    assert_int_equal(n, 0);
    assert_null(ids);
}

static int record_invoice_tx(fs_db *db, void *ctx, fs_err *e)
{
    (void)db;
    fs_stock_req *r = ctx;
    fs_stock_result res;
    return fs_stock_record_tx(&s, r, &res, e);
}

static void test_record_inside_a_transaction(void **state)
{
    (void)state;
    fs_stock_result res;
    fs_err e;
    assert_int_equal(move(FS_MOVE_IN, CENTRAL, Q(5), &res, &e), FS_OK);
    /* The documents module records an invoice inside its own write, and
     * needs no warehouse right for it. */
    fx_sql("DELETE FROM warehouse_user");
    fs_stock_req r = { .kind = FS_MOVE_INVOICE, .product_id = LAPTOP, .warehouse_id = CENTRAL, .qty = Q(2) };
    assert_int_equal(fs_db_write(s.db, record_invoice_tx, &r, &e), FS_OK);
    assert_string_equal(table(), "انبار مرکزی 3/0/3|انبار شیراز 0/0/0");
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move WHERE kind = 'invoice'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_in_out_on_hand, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_out_beyond_stock_warns_under_quantity, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_movements_change_nothing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_movement_needs_the_warehouse_right, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_frozen_stock, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_serial_warehousing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_serial_visibility, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_quantity_visibility_needs_a_right, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_warehouses, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_warehouse_users, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_record_inside_a_transaction, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
