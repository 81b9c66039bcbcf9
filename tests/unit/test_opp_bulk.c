/* Tests of fs_opp_bulk_create: one opportunity per identity from a
 * template in one transaction (lines, sums, consecutive numbers, stage
 * log), all or nothing, duplicates and the bulk_edit permission. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "opp_bulk.h"
#include "opportunity.h"
#include "session.h"
#include "store.h"

#include "fixture.h"

static fs_day today; /* 1405/02/01 */
static int64_t ids[3];
static int64_t laptop;

/* Acts as who on 1405/02/01. */
static void login(const char *who)
{
    fx_login(who);
    s.today = today;
}

static int setup(void **state)
{
    (void)state;
    if (fx_open("oppbulk",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z');"
                "INSERT INTO identity(kind, name, name_key, created_at, updated_at) VALUES "
                "('person', 'علی کریمی', 'علی کریمی', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), "
                "('person', 'مریم حسینی', 'مریم حسینی', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), "
                "('org', 'شرکت فولاد مبارکه', 'شرکت فولاد مبارکه', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
                "INSERT INTO product(code, code_key, name, name_key, unit_price, sellable, created_at, updated_at) "
                "VALUES ('LAPTOP', 'laptop', 'لپ‌تاپ ایسوس', 'لپتاپ ایسوس', 10000000, 1, 'x', 'x');",
                NULL) != 0)
        return -1;
    fs_err e;
    if (fs_jalali_to_day(1405, 2, 1, "", &today, &e) != FS_OK)
        return -1;
    login("reza");
    ids[0] = fx_query_int("SELECT id FROM identity WHERE name = 'علی کریمی'");
    ids[1] = fx_query_int("SELECT id FROM identity WHERE name = 'مریم حسینی'");
    ids[2] = fx_query_int("SELECT id FROM identity WHERE kind = 'org'");
    laptop = fx_query_int("SELECT id FROM product WHERE code = 'LAPTOP'");
    return 0;
}

/* The template: a title, probability, close date and 4 laptops at 3 %
 * discount (38,800,000 Rial). */
static void template(fs_opp *t)
{
    fs_err e;
    assert_int_equal(fs_opp_new(&s, t, &e), FS_OK);
    assert_int_equal(fs_opp_set_text(&t->title, "تمدید قرارداد پشتیبانی", &e), FS_OK);
    t->probability = 40;
    snprintf(t->close_date, sizeof t->close_date, "2026-06-01");
    fs_opp_line_in in = { .product_id = laptop, .qty = 4 * FS_QTY_SCALE, .has_discount_bp = true, .discount_bp = 300 };
    assert_int_equal(fs_opp_line_add(t, &in, NULL, &e), FS_OK);
}

static void test_three_identities(void **state)
{
    (void)state;
    fs_err e;
    fs_opp t;
    template(&t);
    int64_t out[3] = { 0 };
    int rc = fs_opp_bulk_create(&s, &t, ids, 3, out, &e);
    if (rc != FS_OK)
        fprintf(stderr, "bulk: %s\n", e.msg);
    assert_int_equal(rc, FS_OK);
    /* The template is not changed. */
    assert_int_equal(t.id, 0);
    assert_int_equal(t.nlines, 1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity"), 3);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_line"), 3);
    char buf[256];
    for (int i = 0; i < 3; i++) {
        fs_opp o;
        assert_int_equal(fs_opp_load(&s, out[i], &o, &e), FS_OK);
        assert_int_equal(o.identity_id, ids[i]);
        assert_string_equal(o.title, "تمدید قرارداد پشتیبانی");
        assert_int_equal(o.probability, 40);
        assert_string_equal(o.close_date, "2026-06-01");
        assert_int_equal(o.nlines, 1);
        assert_int_equal(o.lines[0].final, 38800000);
        assert_string_equal(o.lines[0].name, "لپ‌تاپ ایسوس");
        assert_int_equal(o.final_amount, 38800000);
        char want[32];
        snprintf(want, sizeof want, "OPP-1405-%06d", i + 1);
        assert_string_equal(o.number, want);
        fs_opp_free(&o);
    }
    assert_string_equal(fx_query_text("SELECT group_concat(i.name, '|') FROM (SELECT i.name FROM opportunity o "
                                      "JOIN identity i ON i.id = o.identity_id ORDER BY o.id) i",
                                      buf, sizeof buf),
                        "علی کریمی|مریم حسینی|شرکت فولاد مبارکه");
    /* Each got its stage log entry, as a single save writes. */
    assert_int_equal(fx_query_int("SELECT count(DISTINCT opp_id) FROM stage_log"), 3);
    fs_opp_free(&t);
}

static void test_refusal_writes_nothing(void **state)
{
    (void)state;
    fs_err e;
    fs_opp t;
    template(&t);
    int64_t bad[3] = { ids[0], 999999, ids[2] };
    assert_int_equal(fs_opp_bulk_create(&s, &t, bad, 3, NULL, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "999999"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity"), 0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_line"), 0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM stage_log"), 0);

    /* A refusal names the identity: a title too long for everyone is
     * reported at the first one, and the counter did not move. */
    char *longer = malloc(FS_OPP_TITLE_MAX * 2 + 10);
    memset(longer, 'x', FS_OPP_TITLE_MAX + 5);
    longer[FS_OPP_TITLE_MAX + 5] = '\0';
    assert_int_equal(fs_opp_set_text(&t.title, longer, &e), FS_OK);
    free(longer);
    assert_int_equal(fs_opp_bulk_create(&s, &t, ids, 3, NULL, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "علی کریمی"));
    assert_string_equal(e.field, "title");
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity"), 0);

    /* Duplicates, none and too many are refused before anything. */
    assert_int_equal(fs_opp_set_text(&t.title, "تمدید", &e), FS_OK);
    int64_t dup[3] = { ids[0], ids[1], ids[0] };
    assert_int_equal(fs_opp_bulk_create(&s, &t, dup, 3, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "contacts");
    assert_int_equal(fs_opp_bulk_create(&s, &t, ids, 0, NULL, &e), FS_EINVAL);
    assert_int_equal(fs_opp_bulk_create(&s, &t, ids, FS_OPP_BULK_MAX + 1, NULL, &e), FS_EINVAL);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity"), 0);

    /* After the refusals the numbering starts at 1 (nothing was used). */
    int64_t out[3];
    assert_int_equal(fs_opp_bulk_create(&s, &t, ids, 3, out, &e), FS_OK);
    assert_string_equal(fx_query_text("SELECT min(number) FROM opportunity", (char[32]){ 0 }, 32), "OPP-1405-000001");
    fs_opp_free(&t);
}

static void test_permission(void **state)
{
    (void)state;
    fs_err e;
    login("sara"); /* a sales rep: no bulk_edit */
    fs_opp t;
    template(&t);
    assert_int_equal(fs_opp_bulk_create(&s, &t, ids, 3, NULL, &e), FS_EPERM);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity"), 0);
    /* Granted to her, it works. */
    assert_int_equal(fs_db_exec(s.db, "INSERT INTO user_perm VALUES ((SELECT id FROM user WHERE login = 'sara'), "
                                      "'bulk_edit', 1)",
                                &e),
                     FS_OK);
    login("sara");
    assert_int_equal(fs_opp_bulk_create(&s, &t, ids, 2, NULL, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity WHERE created_by = "
                                  "(SELECT id FROM user WHERE login = 'sara')"),
                     2);
    fs_opp_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_three_identities, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_refusal_writes_nothing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_permission, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
