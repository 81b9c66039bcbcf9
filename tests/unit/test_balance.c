/* test_balance.c — receipts, payments, contracts and balances as the help
 * page describes them: the seed's example, what an opportunity's balance
 * counts and what only the identity's does, signs and statuses, links
 * that must agree, permissions, and sums that read an index, not a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "balance.h"
#include "document.h"
#include "fixture_doc.h"
#include "money.h"

/* An approved (or only drafted) document of kind for opp/identity whose
 * final is `amount` (one line of an untaxed product at that price). */
static int64_t doc_of(enum fs_doc_kind kind, int64_t identity, int64_t opp, int64_t amount, bool approved)
{
    fs_err e;
    char code[32];
    static int n;
    snprintf(code, sizeof code, "P-%d", ++n);
    int64_t product = fx_product(code, "خدمات مشاوره", amount, 0, 0);
    struct fs_doc_new in = { .kind = kind, .identity_id = identity, .opp_id = opp };
    int64_t id;
    struct fs_doc_line_in l = { .product_id = product, .qty = FS_QTY_SCALE };
    if (fs_doc_create(&s, &in, &id, &e) != FS_OK || fs_doc_line_add(&s, id, &l, NULL, &e) != FS_OK ||
        (approved && fs_doc_approve(&s, id, &e) != FS_OK))
        fail_msg("document: %s", e.msg);
    return id;
}

static int64_t money(enum fs_money_item_kind kind, int64_t identity, int64_t opp, int64_t doc, int64_t amount)
{
    fs_err e;
    int64_t id;
    struct fs_money_item_new in = { .kind = kind, .identity_id = identity, .opp_id = opp, .doc_id = doc,
                                    .amount = amount };
    if (fs_money_item_add(&s, &in, &id, &e) != FS_OK)
        fail_msg("money item: %s", e.msg);
    return id;
}

static fs_balance opp_balance(int64_t opp)
{
    fs_err e;
    fs_balance b;
    if (fs_balance_opp(&s, opp, &b, &e) != FS_OK)
        fail_msg("balance: %s", e.msg);
    return b;
}

static fs_balance identity_balance(int64_t identity)
{
    fs_err e;
    fs_balance b;
    if (fs_balance_identity(&s, identity, &b, &e) != FS_OK)
        fail_msg("balance: %s", e.msg);
    return b;
}

/* The help page: an invoice of 20,000,000 linked to the opportunity makes
 * it 20,000,000 debtor; a receipt of 5,000,000 linked to it, 15,000,000. */
static void test_seed_example(void **state)
{
    (void)state;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    assert_int_equal(opp_balance(opp).status, FS_BALANCE_NONE);

    doc_of(FS_DOC_INVOICE, cust, opp, 20000000, true);
    fs_balance b = opp_balance(opp);
    assert_int_equal(b.amount, 20000000);
    assert_int_equal(b.status, FS_BALANCE_DEBTOR);
    assert_string_equal(fs_balance_status_label(b.status, true), "بدهکار");

    int64_t r = money(FS_MONEY_RECEIPT, cust, opp, 0, 5000000);
    char today[11], buf[16];
    fs_day_to_iso(s.today, today);
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT date FROM money_item WHERE id = %lld", (long long)r), today);
    b = opp_balance(opp);
    assert_int_equal(b.amount, 15000000);
    assert_int_equal(b.status, FS_BALANCE_DEBTOR);
    assert_int_equal(b.items, 2);
    assert_int_equal(identity_balance(cust).amount, 15000000);
}

/* A receipt linked to the invoice but not to the opportunity changes the
 * identity's balance and leaves the opportunity's alone; another
 * opportunity's items never count. */
static void test_only_direct_links_count_for_the_opportunity(void **state)
{
    (void)state;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    int64_t opp2 = fx_opp(cust, "قرارداد پشتیبانی");
    int64_t inv = doc_of(FS_DOC_INVOICE, cust, opp, 20000000, true);
    int64_t r = money(FS_MONEY_RECEIPT, 0, 0, inv, 5000000); /* identity from the invoice */
    assert_int_equal(fx_int("SELECT identity_id FROM money_item WHERE id = %lld", (long long)r), cust);
    assert_int_equal(fx_int("SELECT opp_id IS NULL FROM money_item WHERE id = %lld", (long long)r), 1);
    assert_int_equal(opp_balance(opp).amount, 20000000);
    assert_int_equal(identity_balance(cust).amount, 15000000);

    money(FS_MONEY_CONTRACT, cust, opp2, 0, 7000000);
    assert_int_equal(opp_balance(opp).amount, 20000000);
    assert_int_equal(opp_balance(opp2).amount, 7000000);
    assert_int_equal(identity_balance(cust).amount, 22000000);
    /* Another customer's items count for neither. */
    int64_t other = fx_identity("علی کریمی");
    money(FS_MONEY_PAYMENT, other, 0, 0, 1000000);
    assert_int_equal(identity_balance(cust).amount, 22000000);
    assert_int_equal(identity_balance(other).amount, 1000000);
}

/* Drafts, pending and rejected documents and proformas count nowhere:
 * the status stays "none" until a counted item exists. */
static void test_only_approved_documents_count(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("علی کریمی");
    int64_t opp = fx_opp(cust, "خرید لپ‌تاپ");
    int64_t draft = doc_of(FS_DOC_INVOICE, cust, opp, 20000000, false);
    int64_t pending = doc_of(FS_DOC_INVOICE, cust, opp, 3000000, false);
    assert_int_equal(fs_doc_submit(&s, pending, &e), FS_OK);
    int64_t rejected = doc_of(FS_DOC_RETURN, cust, opp, 4000000, false);
    assert_int_equal(fs_doc_reject(&s, rejected, &e), FS_OK);
    doc_of(FS_DOC_PROFORMA, cust, opp, 9000000, true);
    fs_balance b = opp_balance(opp);
    assert_int_equal(b.amount, 0);
    assert_int_equal(b.status, FS_BALANCE_NONE);
    assert_int_equal(b.items, 0);
    assert_int_equal(identity_balance(cust).status, FS_BALANCE_NONE);
    int64_t realized;
    assert_int_equal(fs_balance_realized(&s, opp, &realized, &e), FS_OK);
    assert_int_equal(realized, 0);

    assert_int_equal(fs_doc_approve(&s, draft, &e), FS_OK);
    assert_int_equal(opp_balance(opp).amount, 20000000);
    assert_int_equal(fs_balance_realized(&s, opp, &realized, &e), FS_OK);
    assert_int_equal(realized, 20000000);
}

/* Signs: contract and payment +, receipt and return −; below zero is
 * creditor, exactly zero with items is settled. */
static void test_signs_and_statuses(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    money(FS_MONEY_CONTRACT, cust, opp, 0, 10000000);
    assert_int_equal(opp_balance(opp).amount, 10000000);
    money(FS_MONEY_RECEIPT, cust, opp, 0, 12000000);
    fs_balance b = opp_balance(opp);
    assert_int_equal(b.amount, -2000000);
    assert_int_equal(b.status, FS_BALANCE_CREDITOR);
    assert_string_equal(fs_balance_status_label(b.status, true), "بستانکار");
    money(FS_MONEY_PAYMENT, cust, opp, 0, 2000000);
    b = opp_balance(opp);
    assert_int_equal(b.amount, 0);
    assert_int_equal(b.status, FS_BALANCE_SETTLED);
    doc_of(FS_DOC_RETURN, cust, opp, 3000000, true);
    assert_int_equal(opp_balance(opp).amount, -3000000);
    int64_t inv = doc_of(FS_DOC_INVOICE, cust, opp, 8000000, true);
    assert_int_equal(opp_balance(opp).amount, 5000000);
    int64_t realized;
    assert_int_equal(fs_balance_realized(&s, opp, &realized, &e), FS_OK);
    assert_int_equal(realized, 8000000); /* invoices only */
    (void)inv;
}

/* Links must agree on the identity; bad input changes nothing; balances
 * need balance.view; a rep sees only their own opportunities. */
static void test_links_and_permissions(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t other = fx_identity("علی کریمی");
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    int64_t inv = doc_of(FS_DOC_INVOICE, cust, opp, 20000000, true);
    int64_t rej = doc_of(FS_DOC_INVOICE, cust, 0, 1000, false);
    assert_int_equal(fs_doc_reject(&s, rej, &e), FS_OK);
    struct fs_money_item_new bad[] = {
        { FS_MONEY_RECEIPT, other, opp, 0, 5000000, NULL, NULL },  /* opportunity of another identity */
        { FS_MONEY_RECEIPT, other, 0, inv, 5000000, NULL, NULL },  /* invoice of another identity */
        { FS_MONEY_RECEIPT, cust, 0, rej, 5000000, NULL, NULL },   /* rejected document */
        { FS_MONEY_RECEIPT, cust, 0, 0, 0, NULL, NULL },           /* no amount */
        { FS_MONEY_RECEIPT, 0, 0, 0, 5000000, NULL, NULL },        /* no identity */
        { FS_MONEY_PAYMENT, cust, 0, 0, FS_MONEY_MAX + 1, NULL, NULL },
        { FS_MONEY_RECEIPT, cust, 0, 0, 5000000, "1403/01/01", NULL }, /* dates are ISO here */
    };
    const char *fields[] = { "opp", "doc", "doc", "amount", "contact", "amount", "date" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(fs_money_item_add(&s, &bad[i], NULL, &e), FS_EINVAL);
        assert_string_equal(e.field, fields[i]);
    }
    struct fs_money_item_new gone = { FS_MONEY_RECEIPT, cust, 999, 0, 5000000, NULL, NULL };
    assert_int_equal(fs_money_item_add(&s, &gone, NULL, &e), FS_ECONFLICT);
    assert_int_equal(fx_int("SELECT count(*) FROM money_item"), 0);

    fx_act_as("karim", 4); /* warehouse keeper: no balance.view */
    fs_balance b;
    assert_int_equal(fs_balance_opp(&s, opp, &b, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "balance.view"));
    assert_int_equal(fs_balance_identity(&s, cust, &b, &e), FS_EPERM);

    fx_act_as("sara", 3); /* sales rep: the opportunity is reza's */
    assert_int_equal(fs_balance_opp(&s, opp, &b, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "opp.view_all"));
    struct fs_money_item_new r = { FS_MONEY_RECEIPT, cust, opp, 0, 5000000, NULL, NULL };
    assert_int_equal(fs_money_item_add(&s, &r, NULL, &e), FS_EPERM);
    fx_sql("UPDATE opportunity SET assigned_id = (SELECT id FROM user WHERE login = 'sara') WHERE id = %lld",
           (long long)opp);
    assert_int_equal(fs_money_item_add(&s, &r, NULL, &e), FS_OK);
    assert_int_equal(fs_balance_opp(&s, opp, &b, &e), FS_OK);
    assert_int_equal(b.amount, 15000000);
    assert_int_equal(fs_balance_identity(&s, 999, &b, &e), FS_ECONFLICT);
}

static int count_item(void *ctx, const fs_money_item *it)
{
    int64_t *sum = ctx;
    *sum += it->amount;
    return 0;
}

/* Lists by identity, opportunity and kind, a page at a time. */
static void test_list(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    money(FS_MONEY_RECEIPT, cust, opp, 0, 1);
    int64_t second = money(FS_MONEY_RECEIPT, cust, 0, 0, 10);
    money(FS_MONEY_PAYMENT, cust, opp, 0, 100);
    int64_t sum = 0;
    struct fs_money_item_filter f = { .kind = -1, .opp_id = opp };
    assert_int_equal(fs_money_item_list(&s, &f, count_item, &sum, &e), FS_OK);
    assert_int_equal(sum, 101);
    sum = 0;
    f = (struct fs_money_item_filter){ .kind = FS_MONEY_RECEIPT, .identity_id = cust };
    assert_int_equal(fs_money_item_list(&s, &f, count_item, &sum, &e), FS_OK);
    assert_int_equal(sum, 11);
    sum = 0;
    f = (struct fs_money_item_filter){ .kind = -1, .identity_id = cust, .after = second, .limit = 5 };
    assert_int_equal(fs_money_item_list(&s, &f, count_item, &sum, &e), FS_OK);
    assert_int_equal(sum, 100);
}

/* The cached statement of the last balance sum, found by its text. */
static sqlite3_stmt *balance_stmt(const char *where)
{
    for (sqlite3_stmt *st = sqlite3_next_stmt(fs_db_sqlite(s.db), NULL); st;
         st = sqlite3_next_stmt(fs_db_sqlite(s.db), st))
        if (strstr(sqlite3_sql(st), "count(*) FROM (") && strstr(sqlite3_sql(st), where))
            return st;
    return NULL;
}

/* With 3,000 items of other customers around, a balance reads only its
 * own rows through the indexes: no full-table scan, few VM steps. */
static void test_balance_reads_an_index(void **state)
{
    (void)state;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    int64_t others = fx_identity("علی کریمی");
    int64_t opp2 = fx_opp(others, "خرید لپ‌تاپ");
    fx_sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
           "INSERT INTO money_item(kind, identity_id, opp_id, amount, date, created_at, created_by) "
           "SELECT 'receipt', %lld, %lld, i, '2025-01-01', '2025-01-01T00:00:00Z', 1 FROM n",
           (long long)others, (long long)opp2);
    money(FS_MONEY_CONTRACT, cust, opp, 0, 9000000);
    doc_of(FS_DOC_INVOICE, cust, opp, 1000000, true);

    assert_int_equal(opp_balance(opp).amount, 10000000);
    sqlite3_stmt *st = balance_stmt("opp_id = ?1");
    assert_non_null(st);
    assert_int_equal(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1), 0);
    assert_true(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1) < 500);

    assert_int_equal(identity_balance(cust).amount, 10000000);
    st = balance_stmt("identity_id = ?1");
    assert_non_null(st);
    assert_int_equal(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 1), 0);
    assert_true(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1) < 500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_seed_example, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_only_direct_links_count_for_the_opportunity, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_only_approved_documents_count, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_signs_and_statuses, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_links_and_permissions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_list, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_balance_reads_an_index, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
