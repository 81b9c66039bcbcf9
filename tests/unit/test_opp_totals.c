/* Tests of the opportunity list's speed-ups (docs/PERFORMANCE.md): the
 * totals kept in opp_totals agree with adding up the opportunities after
 * every kind of write and after the migration that creates them, and a
 * sales rep's own view pages through exactly their opportunities, by
 * creator or by assignee, once each and in id order. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "opp_list.h"
#include "opportunity.h"
#include "report.h"
#include "session.h"
#include "store.h"
#include "subtype.h"

#include "fixture.h"

static int64_t ali, laptop, reza, sara, nima;

static int setup(void **state)
{
    (void)state;
    if (fx_open("totals",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', (SELECT id FROM role WHERE key = 'sales_rep'), '2025-01-01T00:00:00Z'), "
                "('nima', 'نیما رضایی', (SELECT id FROM role WHERE key = 'sales_rep'), '2025-01-01T00:00:00Z');"
                "INSERT INTO identity(kind, name, name_key, created_at, updated_at) VALUES "
                "('person', 'علی کریمی', 'علی کریمی', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
                "INSERT INTO product(code, code_key, name, name_key, unit_price, sellable, created_at, updated_at) "
                "VALUES ('LAPTOP', 'laptop', 'لپ‌تاپ ایسوس', 'لپتاپ ایسوس', 45000000, 1, 'x', 'x');",
                NULL) != 0)
        return -1;
    fs_err e;
    /* 1405/02/01 (2026-04-21): the close dates below fall on both sides. */
    if (fs_jalali_to_day(1405, 2, 1, "", &s.today, &e) != FS_OK)
        return -1;
    fx_login("reza");
    ali = fx_query_int("SELECT id FROM identity");
    laptop = fx_query_int("SELECT id FROM product WHERE code = 'LAPTOP'");
    reza = fx_query_int("SELECT id FROM user WHERE login = 'reza'");
    sara = fx_query_int("SELECT id FROM user WHERE login = 'sara'");
    nima = fx_query_int("SELECT id FROM user WHERE login = 'nima'");
    return 0;
}

static int64_t stage_id(const char *key)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM stage WHERE subtype_id = 1 AND key = '%s'", key);
    return fx_query_int(sql);
}

/* Saves a new opportunity for Ali with qty laptops at probability p,
 * assigned to `assigned`, as the logged-in user. */
/* Close dates given to the opportunities create() makes, in turn: past,
 * none, future, and around today (2026-04-21). */
static const char *const close_dates[] = { "2025-03-01", "", "2099-01-01", "2026-02-15", "2026-06-30" };
static int ncreated;

static int64_t create(int qty, int p, int64_t assigned)
{
    fs_err e;
    fs_opp o;
    assert_int_equal(fs_opp_new(&s, &o, &e), FS_OK);
    o.identity_id = ali;
    snprintf(o.close_date, sizeof o.close_date, "%s",
             close_dates[ncreated++ % (int)(sizeof close_dates / sizeof *close_dates)]);
    o.assigned_id = assigned;
    o.probability = p;
    assert_int_equal(fs_opp_set_text(&o.title, "خرید لپ‌تاپ برای واحد مالی", &e), FS_OK);
    fs_opp_line_in in = { .product_id = laptop, .qty = qty * FS_QTY_SCALE };
    assert_int_equal(fs_opp_line_add(&o, &in, NULL, &e), FS_OK);
    int rc = fs_opp_save(&s, &o, &e);
    if (rc != FS_OK)
        fprintf(stderr, "save: %s\n", e.msg);
    assert_int_equal(rc, FS_OK);
    int64_t id = o.id;
    fs_opp_free(&o);
    return id;
}

/* The list's totals for f must be what adding up `where` gives. */
static void expect_totals(const fs_opp_filter *f, const char *where)
{
    char sql[512];
    fs_opp_page pg;
    fs_err e;
    assert_int_equal(fs_opp_list(&s, f, &pg, &e), FS_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM opportunity o WHERE %s", where);
    assert_int_equal(pg.count, fx_query_int(sql));
    snprintf(sql, sizeof sql, "SELECT coalesce(sum(final_amount), 0) FROM opportunity o WHERE %s", where);
    assert_int_equal(pg.sum_final, fx_query_int(sql));
    snprintf(sql, sizeof sql,
             "SELECT coalesce(sum((final_amount * probability + 50) / 100), 0) FROM opportunity o WHERE %s", where);
    assert_int_equal(pg.sum_expected, fx_query_int(sql));
    /* The screens' totals alone (fs_opp_list_totals) are the same. */
    fs_opp_page t;
    bool stopped = true;
    assert_int_equal(fs_opp_list_totals(&s, f, NULL, NULL, &t, &stopped, &e), FS_OK);
    assert_false(stopped);
    assert_int_equal(t.count, pg.count);
    assert_int_equal(t.sum_final, pg.sum_final);
    assert_int_equal(t.sum_expected, pg.sum_expected);
    fs_opp_page_free(&pg);
}

/* opp_totals holds exactly the sums of the opportunities (groups that
 * emptied may stay, at zero). */
static void expect_aggregate_in_step(void)
{
    assert_int_equal(fx_query_int("SELECT count(*) FROM (SELECT subtype_id, stage_id, assigned_id, created_by, "
                                  "count(*), sum(final_amount), sum((final_amount * probability + 50) / 100) "
                                  "FROM opportunity GROUP BY 1, 2, 3, 4 EXCEPT SELECT subtype_id, stage_id, "
                                  "assigned_id, created_by, n, sum_final, sum_expected FROM opp_totals)"),
                     0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM (SELECT stage_id, coalesce(close_date, ''), count(*), "
                                  "sum(final_amount), sum((final_amount * probability + 50) / 100) FROM opportunity "
                                  "GROUP BY 1, 2 EXCEPT SELECT stage_id, close_date, n, sum_final, sum_expected "
                                  "FROM opp_close_totals)"),
                     0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_close_totals WHERE n < 0 OR (n = 0 AND (sum_final <> 0 "
                                  "OR sum_expected <> 0))"),
                     0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_totals WHERE n < 0 OR (n = 0 AND (sum_final <> 0 "
                                  "OR sum_expected <> 0)) OR (n > 0 AND NOT EXISTS (SELECT 1 FROM opportunity o "
                                  "WHERE o.subtype_id = opp_totals.subtype_id AND o.stage_id = opp_totals.stage_id "
                                  "AND o.assigned_id = opp_totals.assigned_id "
                                  "AND o.created_by = opp_totals.created_by))"),
                     0);
}

/* opp_due_count holds exactly the counts of the opportunities, and the
 * main screen's overdue count of each user is what counting them gives. */
static void expect_due_counts_in_step(void)
{
    assert_int_equal(fx_query_int("SELECT count(*) FROM (SELECT assigned_id, stage_id, coalesce(close_date, ''), "
                                  "count(*) FROM opportunity GROUP BY 1, 2, 3 EXCEPT SELECT assigned_id, stage_id, "
                                  "close_date, n FROM opp_due_count)"),
                     0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_due_count WHERE n < 0"), 0);
    static const char *const users[] = { "reza", "sara", "nima" };
    fs_session keep = s;
    for (size_t i = 0; i < sizeof users / sizeof *users; i++) {
        fx_login(users[i]);
        fs_morning_view m;
        fs_err e;
        assert_int_equal(fs_morning(&s, 100, &m, &e), FS_OK);
        char today[11], sql[256];
        fs_day_to_iso(s.today, today);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM opportunity WHERE assigned_id = %lld AND close_date < '%s' "
                 "AND stage_id IN (SELECT id FROM stage WHERE kind = 'open')",
                 (long long)s.user_id, today);
        assert_int_equal(m.overdue_count, fx_query_int(sql));
        assert_int_equal(m.noverdue, m.overdue_count);
        fs_morning_free(&m);
    }
    s = keep;
}

/* Every filter opp_totals answers, checked against the scan. */
static void expect_all_totals(void)
{
    char where[128];
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.limit = 1;
    expect_totals(&f, "1");
    f.stage_id = stage_id("won");
    snprintf(where, sizeof where, "stage_id = %lld", (long long)f.stage_id);
    expect_totals(&f, where);
    fs_opp_filter_init(&f);
    f.assigned_id = sara;
    snprintf(where, sizeof where, "assigned_id = %lld", (long long)sara);
    expect_totals(&f, where);
    fs_opp_filter_init(&f);
    f.subtype_id = 1;
    f.stage_kind = FS_STAGE_OPEN;
    expect_totals(&f, "subtype_id = 1 AND stage_id IN (SELECT id FROM stage WHERE kind = 'open')");
    /* Close dates: overdue (open, before today), a range, a stage. */
    fs_opp_filter_init(&f);
    f.overdue = true;
    char today[11];
    fs_day_to_iso(s.today, today);
    snprintf(where, sizeof where, "close_date < '%s' AND stage_id IN (SELECT id FROM stage WHERE kind = 'open')",
             today);
    expect_totals(&f, where);
    fs_opp_filter_init(&f);
    f.close_from = "2026-01-01";
    f.close_to = "2026-06-30";
    f.stage_kind = FS_STAGE_OPEN;
    expect_totals(&f, "close_date BETWEEN '2026-01-01' AND '2026-06-30' AND stage_id IN "
                      "(SELECT id FROM stage WHERE kind = 'open')");
    fs_opp_filter_init(&f);
    f.close_to = "2026-06-30";
    f.stage_id = stage_id("won");
    snprintf(where, sizeof where, "close_date <= '2026-06-30' AND stage_id = %lld", (long long)f.stage_id);
    expect_totals(&f, where);
    /* Inverted: counted by the scan, and the two halves add up. */
    fs_opp_filter_init(&f);
    f.assigned_id = sara;
    f.invert = true;
    snprintf(where, sizeof where, "assigned_id <> %lld", (long long)sara);
    expect_totals(&f, where);
    expect_aggregate_in_step();
    expect_due_counts_in_step();
}

static void test_totals_follow_every_write(void **state)
{
    (void)state;
    fs_err e;
    expect_all_totals(); /* nothing yet: zeros */
    int64_t a = create(2, 25, reza);
    int64_t b = create(3, 60, sara);
    create(1, 100, nima);
    create(4, 80, sara);
    expect_all_totals();
    /* Something to count: overdue ones of two users, one without a date. */
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity WHERE close_date < '2026-04-21'"), 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity WHERE close_date IS NULL"), 1);

    /* A stage change to won, an amount typed by hand, a new probability,
     * another assignee: each moves the sums. */
    fs_opp o;
    assert_int_equal(fs_opp_load(&s, a, &o, &e), FS_OK);
    assert_int_equal(fs_opp_set_stage(&s, &o, stage_id("won"), "price", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    expect_all_totals();
    fs_opp_set_amount(&o, 77777777);
    o.probability = 33;
    o.assigned_id = sara;
    snprintf(o.close_date, sizeof o.close_date, "2026-03-01");
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    expect_all_totals();
    fs_opp_free(&o);

    /* Opportunities created by a rep, and a subtype moved underneath. */
    fx_login("sara");
    create(5, 10, sara);
    fx_login("reza");
    assert_int_equal(fs_db_exec(s.db, "INSERT INTO subtype(key, title_fa, title_en, position) VALUES "
                                      "('project', 'پروژه', 'Project', 2)", &e), FS_OK);
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE opportunity SET subtype_id = (SELECT id FROM subtype WHERE key = 'project') "
                              "WHERE id = %lld", (long long)b);
    assert_int_equal(fs_db_exec(s.db, sql, &e), FS_OK);
    expect_all_totals();
    /* Deleting takes its share out. */
    snprintf(sql, sizeof sql, "DELETE FROM stage_log WHERE opp_id = %lld; DELETE FROM change_log WHERE "
                              "item_kind = 'opportunity' AND item_id = %lld; DELETE FROM opportunity WHERE id = %lld",
             (long long)b, (long long)b, (long long)b);
    assert_int_equal(fs_db_exec(s.db, sql, &e), FS_OK);
    expect_all_totals();
    assert_int_equal(fx_query_int("SELECT sum(n) FROM opp_totals"), 4);
    assert_int_equal(fx_query_int("SELECT sum(n) FROM opp_close_totals"), 4);
    assert_int_equal(fx_query_int("SELECT sum(n) FROM opp_due_count"), 4);
}

/* stop() for fs_opp_list_totals: true from its nth call on. */
struct stopper {
    int calls, at;
};

static bool stop_at(void *v)
{
    struct stopper *k = v;
    return ++k->calls >= k->at;
}

/* A filter the kept totals do not cover is added up row by row, and a key
 * press (stop) ends that at once: no totals, no error, nothing left open;
 * asked again it answers in full. */
static void test_totals_stop(void **state)
{
    (void)state;
    fs_err e;
    create(2, 40, reza);
    create(3, 70, sara);
    /* Two thousand more rows, so adding up takes many steps. */
    assert_int_equal(fs_db_exec(s.db,
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 2000) "
        "INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, assigned_id, "
        "final_amount, probability, stage_changed_at, created_at, created_by, updated_at, updated_by) "
        "SELECT printf('OPP-1405-%06d', 100 + i), subtype_id, stage_id, identity_id, title, title_key, "
        "assigned_id, final_amount + i, probability, stage_changed_at, created_at, created_by, updated_at, "
        "updated_by FROM opportunity, k WHERE opportunity.id = (SELECT min(id) FROM opportunity)", &e), FS_OK);
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.invert = true; /* inverted: always added up */
    f.assigned_id = sara;
    struct stopper k = { 0, 1 };
    fs_opp_page t;
    bool stopped = false;
    assert_int_equal(fs_opp_list_totals(&s, &f, stop_at, &k, &t, &stopped, &e), FS_OK);
    assert_true(stopped);
    assert_int_equal(k.calls, 1);
    assert_int_equal(t.count, 0);
    assert_int_equal(t.sum_final, 0);
    /* Not stopped: the whole count, after asking many times. */
    k = (struct stopper){ 0, 1 << 30 };
    assert_int_equal(fs_opp_list_totals(&s, &f, stop_at, &k, &t, &stopped, &e), FS_OK);
    assert_false(stopped);
    assert_true(k.calls > 1);
    assert_int_equal(t.count, 2001);
    assert_int_equal(t.sum_final, fx_query_int("SELECT sum(final_amount) FROM opportunity WHERE assigned_id <> "
                                               "(SELECT id FROM user WHERE login = 'sara')"));
    /* No transaction is left open: a write goes through. */
    create(1, 10, nima);
    expect_all_totals();
}

/* The counts of the main screen follow inserts and deletes. */
static void test_row_counts(void **state)
{
    (void)state;
    fs_err e;
    static const char *const tables[] = { "identity", "product", "document", "money_item" };
    create(1, 50, reza);
    assert_int_equal(fs_db_exec(s.db,
                                "INSERT INTO identity(kind, name, name_key, created_at, updated_at) VALUES "
                                "('org', 'شرکت فولاد مبارکه', 'شرکت فولاد مبارکه', 'x', 'x'), "
                                "('person', 'مریم حسینی', 'مریم حسینی', 'x', 'x');"
                                "DELETE FROM identity WHERE name = 'مریم حسینی';",
                                &e),
                     FS_OK);
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT (SELECT n FROM row_count WHERE tbl = '%s') - (SELECT count(*) FROM %s)",
                 tables[i], tables[i]);
        assert_int_equal(fx_query_int(sql), 0);
    }
    assert_int_equal(fx_query_int("SELECT n FROM row_count WHERE tbl = 'identity'"), 2);
}

/* Collects the ids of every page of the acting user's list. */
static int all_pages(int64_t *ids, int cap, fs_opp_page *first)
{
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.limit = 2;
    int n = 0;
    fs_err e;
    for (bool more = true; more;) {
        fs_opp_page pg;
        assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
        for (int i = 0; i < pg.n && n < cap; i++)
            ids[n++] = pg.rows[i].id;
        more = pg.more;
        f.after = pg.next_after;
        f.totals = false;
        if (first && n == pg.n)
            *first = pg;
        else
            fs_opp_page_free(&pg);
    }
    return n;
}

static void test_rep_view_pages(void **state)
{
    (void)state;
    /* Sara's: one she made for Nima, two Reza assigned to her, one of
     * her own; Nima's and Reza's own in between. */
    fx_login("sara");
    int64_t made_for_nima = create(1, 50, nima);
    fx_login("reza");
    create(1, 50, reza);
    int64_t given1 = create(2, 50, sara);
    fx_login("nima");
    create(3, 50, nima);
    fx_login("reza");
    int64_t given2 = create(4, 50, sara);
    fx_login("sara");
    int64_t own = create(5, 50, sara);

    int64_t ids[16];
    fs_opp_page first;
    int n = all_pages(ids, 16, &first);
    assert_int_equal(n, 4);
    assert_int_equal(ids[0], made_for_nima);
    assert_int_equal(ids[1], given1);
    assert_int_equal(ids[2], given2);
    assert_int_equal(ids[3], own);
    assert_int_equal(first.count, 4);
    assert_int_equal(first.sum_final, 45000000LL * (1 + 2 + 4 + 5));
    fs_opp_page_free(&first);

    /* With a filter and an inverse on top, still only hers. */
    fs_opp_filter f;
    fs_opp_page pg;
    fs_err e;
    fs_opp_filter_init(&f);
    f.assigned_id = sara;
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.n, 3);
    assert_int_equal(pg.count, 3);
    fs_opp_page_free(&pg);
    f.invert = true;
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.n, 1);
    assert_int_equal(pg.rows[0].id, made_for_nima);
    assert_int_equal(pg.count, 1);
    fs_opp_page_free(&pg);
}

static void test_migration_adds_up_existing_rows(void **state)
{
    (void)state;
    fs_err e;
    fs_db *db = NULL;
    char old[320];
    snprintf(old, sizeof old, "%s/v5.db", fx_dir);
    /* A database as schema 5 left it, with opportunities in it. */
    assert_int_equal(fs_db_open(old, FS_DB_CREATE | FS_DB_NO_MIGRATE, &db, &e), FS_OK);
    assert_int_equal(fs_db_migrate_to(db, 5, &e), FS_OK);
    assert_int_equal(
        fs_db_exec(db,
                   "INSERT INTO role(id, key, title_fa, title_en) VALUES (1, 'admin', 'مدیر سیستم', 'Admin');"
                   "INSERT INTO user(id, login, name, role_id, created_at) VALUES (1, 'reza', 'رضا', 1, 'x'), "
                   "(2, 'sara', 'سارا', 1, 'x');"
                   "INSERT INTO subtype(id, key, title_fa, title_en, is_default, position) "
                   "VALUES (1, 'default', 'فرصت پیش‌فرض', 'Default opportunity', 1, 1);"
                   "INSERT INTO stage(id, subtype_id, key, title_fa, title_en, position, kind) VALUES "
                   "(1, 1, 'contact', 'برقراری ارتباط', 'Establishing contact', 1, 'open'), "
                   "(2, 1, 'won', 'موفق', 'Won', 2, 'won');"
                   "INSERT INTO identity(id, kind, name, name_key, created_at, updated_at) "
                   "VALUES (1, 'person', 'علی کریمی', 'علی کریمی', 'x', 'x');"
                   "INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, "
                   "assigned_id, final_amount, probability, stage_changed_at, created_at, created_by, updated_at, "
                   "updated_by) VALUES "
                   "('OPP-1405-000001', 1, 1, 1, 'الف', 'الف', 1, 90000000, 25, 'x', 'x', 1, 'x', 1), "
                   "('OPP-1405-000002', 1, 1, 1, 'ب', 'ب', 2, 135000001, 33, 'x', 'x', 1, 'x', 1), "
                   "('OPP-1405-000003', 1, 2, 1, 'پ', 'پ', 2, 180000000, 100, 'x', 'x', 2, 'x', 2);",
                   &e),
        FS_OK);
    assert_int_equal(fs_db_migrate_to(db, 6, &e), FS_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(fs_db_sqlite(db),
                                        "SELECT sum(n), sum(sum_final), sum(sum_expected), count(*) FROM opp_totals",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 3);
    assert_int_equal(sqlite3_column_int64(st, 1), 90000000LL + 135000001LL + 180000000LL);
    /* 22,500,000 + 44,550,000.33 rounded + 180,000,000 */
    assert_int_equal(sqlite3_column_int64(st, 2), 22500000LL + 44550000LL + 180000000LL);
    assert_int_equal(sqlite3_column_int64(st, 3), 3); /* (1,1,1,1) (1,1,2,1) (1,2,2,2) */
    sqlite3_finalize(st);
    fs_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_totals_follow_every_write, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rep_view_pages, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_row_counts, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_totals_stop, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_migration_adds_up_existing_rows, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
