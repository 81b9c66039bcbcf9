/* Tests of the opportunity: line arithmetic (the SPEC §6.2 example),
 * discount % ⇄ amount, automatic and manual amount, probability and the
 * expected amount, reasons only in final stages, won/lost dates, the stage
 * log, gap-free numbering per Jalali year, the version conflict, custom
 * fields, product and price rules, visibility, the change history, stage
 * retirement and the list query. */
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
#include "session.h"
#include "store.h"
#include "subtype.h"

#include "fixture.h"

static fs_day today;         /* 1405/02/01 */
static int64_t ali, foolad;  /* a person and an organization */
static int64_t laptop, noprice, unsellable, other;

/* Acts as who on 1405/02/01. */
static void login(const char *who)
{
    fx_login(who);
    s.today = today;
}

static int setup(void **state)
{
    (void)state;
    if (fx_open("opp",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'), "
                "('nima', 'نیما رضایی', 3, '2025-01-01T00:00:00Z');"
                "INSERT INTO identity(kind, name, name_key, created_at, updated_at) VALUES "
                "('person', 'علی کریمی', 'علی کریمی', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'), "
                "('org', 'شرکت فولاد مبارکه', 'شرکت فولاد مبارکه', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
                "INSERT INTO product(code, code_key, name, name_key, unit_price, sellable, created_at, updated_at) "
                "VALUES ('LAPTOP', 'laptop', 'لپ‌تاپ ایسوس', 'لپتاپ ایسوس', 10000000, 1, 'x', 'x'), "
                "('SRV', 'srv', 'نصب و راه‌اندازی', 'نصب و راهاندازی', NULL, 1, 'x', 'x'), "
                "('OLD', 'old', 'چاپگر قدیمی', 'چاپگر قدیمی', 5000000, 0, 'x', 'x');",
                NULL) != 0)
        return -1;
    fs_err e;
    if (fs_jalali_to_day(1405, 2, 1, "", &today, &e) != FS_OK)
        return -1;
    login("reza");
    ali = fx_query_int("SELECT id FROM identity WHERE kind = 'person'");
    foolad = fx_query_int("SELECT id FROM identity WHERE kind = 'org'");
    laptop = fx_query_int("SELECT id FROM product WHERE code = 'LAPTOP'");
    noprice = fx_query_int("SELECT id FROM product WHERE code = 'SRV'");
    unsellable = fx_query_int("SELECT id FROM product WHERE code = 'OLD'");
    other = fx_query_int("SELECT id FROM product WHERE builtin");
    return 0;
}

/* Creates and saves an opportunity for Ali with a title. */
static int64_t create(const char *title, fs_opp *o)
{
    fs_err e;
    assert_int_equal(fs_opp_new(&s, o, &e), FS_OK);
    o->identity_id = ali;
    assert_int_equal(fs_opp_set_text(&o->title, title, &e), FS_OK);
    int rc = fs_opp_save(&s, o, &e);
    if (rc != FS_OK)
        fprintf(stderr, "save: %s\n", e.msg);
    assert_int_equal(rc, FS_OK);
    return o->id;
}

static int64_t stage_id(const char *key)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM stage WHERE subtype_id = 1 AND key = '%s'", key);
    return fx_query_int(sql);
}

static int64_t item_id(const char *list, const char *key)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM list_item WHERE list = '%s' AND key = '%s'", list, key);
    return fx_query_int(sql);
}

static void test_spec_example_and_auto_amount(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o;
    create("خرید لپ‌تاپ برای دفتر مرکزی", &o);
    fs_opp_line_in in = { .product_id = laptop, .qty = 4 * FS_QTY_SCALE, .has_discount_bp = true, .discount_bp = 300 };
    int row = 0;
    assert_int_equal(fs_opp_line_add(&o, &in, &row, &e), FS_OK);
    assert_int_equal(row, 1);
    /* The form computes what it shows before anything is saved. */
    o.probability = 50;
    assert_int_equal(fs_opp_compute(&s, &o, &e), FS_OK);
    assert_int_equal(o.lines[0].final, 38800000);
    assert_int_equal(o.final_amount, 38800000);
    assert_int_equal(o.expected_amount, 19400000);
    assert_string_equal(o.lines[0].product_code, "LAPTOP");
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_line"), 0);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_int_equal(o.nlines, 1);
    assert_int_equal(o.lines[0].unit_price, 10000000);
    assert_int_equal(o.lines[0].total, 40000000);
    assert_int_equal(o.lines[0].discount, 1200000);
    assert_int_equal(o.lines[0].final, 38800000);
    assert_string_equal(o.lines[0].name, "لپ‌تاپ ایسوس");
    assert_false(o.amount_manual);
    assert_int_equal(o.final_amount, 38800000);
    assert_int_equal(fx_query_int("SELECT final_amount FROM opportunity"), 38800000);
    assert_int_equal(fx_query_int("SELECT final FROM opp_line"), 38800000);

    /* An amount typed by hand switches to manual: lines no longer move it. */
    fs_opp_set_amount(&o, 50000000);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    fs_opp_line_in more = { .product_id = laptop, .qty = FS_QTY_SCALE };
    assert_int_equal(fs_opp_line_add(&o, &more, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_true(o.amount_manual);
    assert_int_equal(o.final_amount, 50000000);
    /* Back to automatic: the sum of the lines. */
    fs_opp_set_amount_auto(&o);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_false(o.amount_manual);
    assert_int_equal(o.final_amount, 48800000);
    /* Removing every line in automatic mode leaves 0. */
    assert_int_equal(fs_opp_line_remove(&o, 2, &e), FS_OK);
    assert_int_equal(fs_opp_line_remove(&o, 1, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_int_equal(o.final_amount, 0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_line"), 0);
    fs_opp_free(&o);
}

static void test_discount_percent_and_amount(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o;
    create("تجهیز کلاس‌ها", &o);
    /* An amount computes the percentage: 1,200,000 of 40,000,000 = 3 %. */
    fs_opp_line_in a = { .product_id = laptop, .qty = 4 * FS_QTY_SCALE, .has_discount = true, .discount = 1200000 };
    assert_int_equal(fs_opp_line_add(&o, &a, NULL, &e), FS_OK);
    /* 1,000 of 30,000 is 3.33 %, rounded to 333 basis points. */
    fs_opp_line_in b = { .product_id = noprice, .qty = FS_QTY_SCALE, .has_price = true, .unit_price = 30000,
                         .has_discount = true, .discount = 1000 };
    assert_int_equal(fs_opp_line_add(&o, &b, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_int_equal(o.lines[0].discount_bp, 300);
    assert_int_equal(o.lines[0].discount, 1200000);
    assert_int_equal(o.lines[1].discount_bp, 333);
    assert_int_equal(o.lines[1].discount, 1000);
    assert_int_equal(o.lines[1].final, 29000);
    /* A saved pair stays as it is when nothing changes it... */
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_int_equal(o.lines[1].discount, 1000);
    /* ...and a new quantity keeps the percentage: 3.33 % of 60,000. */
    fs_opp_line_in q = { .qty = 2 * FS_QTY_SCALE };
    assert_int_equal(fs_opp_line_edit(&o, 2, &q, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_int_equal(o.lines[1].total, 60000);
    assert_int_equal(o.lines[1].discount, 1998);
    /* Another product on a saved line brings its own name and price. */
    fs_opp_line_in swap = { .product_id = laptop };
    assert_int_equal(fs_opp_line_edit(&o, 2, &swap, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_string_equal(o.lines[1].name, "لپ‌تاپ ایسوس");
    assert_int_equal(o.lines[1].total, 20000000);
    assert_int_equal(o.lines[1].discount, 666000); /* 3.33 % kept */
    /* A discount above the total is refused and nothing changes. */
    int64_t version = o.version;
    fs_opp_line_in big = { .has_discount = true, .discount = 20000001 };
    assert_int_equal(fs_opp_line_edit(&o, 2, &big, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "discount"));
    assert_int_equal(fx_query_int("SELECT version FROM opportunity"), version);
    /* Both kinds of discount at once are refused. */
    fs_opp_line_in both = { .has_discount = true, .discount = 1, .has_discount_bp = true, .discount_bp = 1 };
    assert_int_equal(fs_opp_line_edit(&o, 1, &both, &e), FS_EINVAL);
    fs_opp_free(&o);
}

static void test_probability_and_expected(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o;
    create("قرارداد پشتیبانی", &o);
    fs_opp_set_amount(&o, 1005);
    o.probability = 50;
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_int_equal(o.expected_amount, 503); /* 502.5 rounds half up */
    assert_int_equal(fs_opp_expected_amount(38800000, 30), 11640000);
    o.probability = 101;
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_string_equal(e.field, "probability");
    o.probability = -1;
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    o.probability = 100;
    o.final_amount = -5;
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_string_equal(e.field, "amount");
    assert_int_equal(fx_query_int("SELECT probability FROM opportunity"), 50);
    fs_opp_free(&o);
}

static void test_reasons_dates_and_stage_log(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o;
    char buf[64], iso[11];
    fs_day_to_iso(today, iso);
    create("فروش سرور", &o);
    assert_int_equal(fx_query_int("SELECT count(*) FROM stage_log WHERE from_stage_id IS NULL"), 1);
    assert_string_equal(o.names.stage.key, "contact");

    /* A reason while open is refused, by the setter and by save. */
    assert_int_equal(fs_opp_set_reason(&s, &o, "price", &e), FS_EINVAL);
    o.win_reason_id = item_id("win_reason", "price");
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_string_equal(e.field, "win_reason");
    o.win_reason_id = 0;

    /* Won with a reason: the win date is today. */
    assert_int_equal(fs_opp_set_stage(&s, &o, stage_id("won"), "quality", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_string_equal(o.won_at, iso);
    assert_string_equal(o.names.win_reason.key, "quality");
    assert_int_equal(o.days_to_close, o.age_days); /* won the day it was created */

    /* Lost: the win reason and date go, the loss ones come. */
    assert_int_equal(fs_opp_set_stage(&s, &o, stage_id("lost"), "competitor", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_string_equal(o.won_at, "");
    assert_string_equal(o.lost_at, iso);
    assert_int_equal(o.win_reason_id, 0);
    assert_string_equal(o.names.loss_reason.key, "competitor");
    assert_string_equal(fx_query_text("SELECT lost_at FROM opportunity", buf, sizeof buf), iso);

    /* Back to an open stage: both cleared, the log keeps every step. */
    assert_int_equal(fs_opp_set_stage(&s, &o, stage_id("negotiation"), NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_string_equal(o.lost_at, "");
    assert_int_equal(o.loss_reason_id, 0);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity WHERE won_at IS NULL AND lost_at IS NULL "
                                  "AND win_reason_id IS NULL AND loss_reason_id IS NULL"),
                     1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM stage_log"), 4);
    assert_int_equal(fx_query_int("SELECT count(*) FROM stage_log l JOIN stage f ON f.id = l.from_stage_id "
                                  "JOIN stage t ON t.id = l.to_stage_id WHERE f.key = 'won' AND t.key = 'lost'"),
                     1);
    /* The change history has the stage moves and the reasons. */
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE item_kind = 'opportunity' "
                                  "AND field = 'stage'"),
                     3);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE field = 'win_reason' "
                                  "AND old_value = 'quality' AND new_value IS NULL"),
                     1);
    fs_opp_free(&o);
}

static void test_numbering_is_gap_free_per_year(void **state)
{
    (void)state;
    fs_err e;
    fs_opp a, b, c, bad;
    create("اول", &a);
    create("دوم", &b);
    /* A refused save takes no number. */
    assert_int_equal(fs_opp_new(&s, &bad, &e), FS_OK);
    bad.identity_id = ali;
    assert_int_equal(fs_opp_save(&s, &bad, &e), FS_EINVAL);
    assert_string_equal(e.field, "title");
    fs_opp_free(&bad);
    create("سوم", &c);
    assert_string_equal(a.number, "OPP-1405-000001");
    assert_string_equal(b.number, "OPP-1405-000002");
    assert_string_equal(c.number, "OPP-1405-000003");
    /* A new Jalali year starts again at 1. */
    fs_day nowruz;
    assert_int_equal(fs_jalali_to_day(1406, 1, 1, "", &nowruz, &e), FS_OK);
    s.today = nowruz;
    fs_opp d;
    create("سال نو", &d);
    assert_string_equal(d.number, "OPP-1406-000001");
    /* Found by number in any digits and case. */
    int64_t id;
    assert_int_equal(fs_opp_find(&s, "opp-۱۴۰۵-۰۰۰۰۰۲", "opportunity", &id, &e), FS_OK);
    assert_int_equal(id, b.id);
    assert_int_equal(fs_opp_find(&s, "OPP-1405-000009", "opportunity", &id, &e), FS_ECONFLICT);
    fs_opp_free(&a);
    fs_opp_free(&b);
    fs_opp_free(&c);
    fs_opp_free(&d);
}

static void test_version_conflict(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o, first, second;
    char buf[256];
    int64_t id = create("پروژه شبکه", &o);
    assert_int_equal(fs_opp_load(&s, id, &first, &e), FS_OK);
    assert_int_equal(fs_opp_load(&s, id, &second, &e), FS_OK);
    assert_int_equal(fs_opp_set_text(&first.title, "پروژه شبکه — فاز ۱", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &first, &e), FS_OK);
    assert_int_equal(first.version, 2);
    second.probability = 70;
    assert_int_equal(fs_opp_save(&s, &second, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "OPP-1405-000001: someone else saved it since you opened it (version 1 → 2)"));
    assert_string_equal(fx_query_text("SELECT title FROM opportunity", buf, sizeof buf), "پروژه شبکه — فاز ۱");
    assert_int_equal(fx_query_int("SELECT probability FROM opportunity"), 0);
    /* The change history names the field, the old and the new value. */
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE field = 'title' AND old_value = 'پروژه شبکه' "
                                  "AND new_value = 'پروژه شبکه — فاز ۱'"),
                     1);
    /* A save that changes nothing writes nothing. */
    int64_t rows = fx_query_int("SELECT count(*) FROM change_log");
    assert_int_equal(fs_opp_save(&s, &first, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT version FROM opportunity"), 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log"), rows);
    fs_opp_free(&o);
    fs_opp_free(&first);
    fs_opp_free(&second);
}

static void test_custom_fields(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o;
    int64_t fid;
    create("تمدید قرارداد", &o);
    assert_int_equal(fs_custom_field_add(&s, 1, "payment", "شیوه پرداخت", "Payment method", FS_CFIELD_CHOICE, true,
                                         "نقدی، اقساطی,چک", &fid, &e),
                     FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "deadline", "مهلت", "Deadline", FS_CFIELD_DATE, false, NULL, NULL, &e),
                     FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "seats", "تعداد کاربر", "Seats", FS_CFIELD_NUMBER, false, NULL, NULL, &e),
                     FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "owner", "مسئول فنی", "Technical owner", FS_CFIELD_USER, false, NULL,
                                         NULL, &e),
                     FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "vip", "مشتری ویژه", "VIP", FS_CFIELD_BOOL, false, NULL, NULL, &e),
                     FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "budget", "بودجه", "Budget", FS_CFIELD_AMOUNT, false, NULL, NULL, &e),
                     FS_OK);
    assert_int_equal(fs_opp_value_set(&s, &o, "owner", "nobody", &e), FS_EINVAL);
    assert_int_equal(fs_opp_value_set(&s, &o, "owner", "سارا احمدی", &e), FS_OK);
    assert_int_equal(fs_opp_value_set(&s, &o, "vip", "شاید", &e), FS_EINVAL);
    assert_int_equal(fs_opp_value_set(&s, &o, "vip", "بله", &e), FS_OK);
    assert_int_equal(fs_opp_value_set(&s, &o, "budget", "-1", &e), FS_EINVAL);
    assert_int_equal(fs_opp_value_set(&s, &o, "budget", "۲۰۰ تومان", &e), FS_OK);
    /* Required: saving without it is refused, naming the field. */
    o.probability = 10;
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_string_equal(e.field, "payment");
    assert_non_null(strstr(e.msg, "Payment method"));
    /* Values are checked by type. */
    assert_int_equal(fs_opp_value_set(&s, &o, "seats", "ده", &e), FS_EINVAL);
    assert_int_equal(fs_opp_value_set(&s, &o, "payment", "نسیه", &e), FS_EINVAL);
    assert_int_equal(fs_opp_value_set(&s, &o, "deadline", "1405/13/01", &e), FS_EINVAL);
    assert_int_equal(fs_opp_value_set(&s, &o, "شیوه پرداخت", "اقساطي", &e), FS_OK); /* Arabic yeh */
    assert_int_equal(fs_opp_value_set(&s, &o, "deadline", "۱۴۰۵/۰۳/۱۵", &e), FS_OK);
    assert_int_equal(fs_opp_value_set(&s, &o, "seats", "۲۵", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    char buf[64];
    assert_string_equal(fx_query_text("SELECT value FROM opp_field_value v JOIN custom_field f ON f.id = v.field_id "
                                      "WHERE f.key = 'payment'",
                                      buf, sizeof buf),
                        "اقساطی");
    assert_string_equal(fx_query_text("SELECT value FROM opp_field_value v JOIN custom_field f ON f.id = v.field_id "
                                      "WHERE f.key = 'deadline'",
                                      buf, sizeof buf),
                        "2026-06-05");
    assert_string_equal(fx_query_text("SELECT group_concat(value, '|') FROM (SELECT value FROM opp_field_value v "
                                      "JOIN custom_field f ON f.id = v.field_id "
                                      "WHERE f.key IN ('owner', 'vip', 'budget') ORDER BY f.position)",
                                      buf, sizeof buf),
                        "sara|1|2000");
    assert_int_equal(o.nvalues, 6);
    /* A disabled field is no longer required. */
    assert_int_equal(fs_custom_field_disable(&s, fid, &e), FS_OK);
    fs_opp p;
    create("بدون فیلد", &p);
    fs_opp_free(&p);
    /* Only an admin shapes the model. */
    login("sara");
    assert_int_equal(fs_custom_field_add(&s, 1, "x", "x", "x", FS_CFIELD_TEXT, false, NULL, NULL, &e), FS_EPERM);
    login("reza");
    fs_opp_free(&o);
}

static void test_product_rules_and_permissions(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o;
    create("خرید تجهیزات", &o);
    int64_t version = o.version;
    /* Not sellable. */
    fs_opp_line_in old = { .product_id = unsellable, .qty = FS_QTY_SCALE };
    assert_int_equal(fs_opp_line_add(&o, &old, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "OLD"));
    assert_int_equal(fs_opp_line_remove(&o, 1, &e), FS_OK);
    /* No price on the product and none given. */
    fs_opp_line_in srv = { .product_id = noprice, .qty = FS_QTY_SCALE };
    assert_int_equal(fs_opp_line_add(&o, &srv, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_string_equal(e.field, "price");
    assert_int_equal(fs_opp_line_remove(&o, 1, &e), FS_OK);
    /* A product whose name is not editable keeps it. */
    fs_opp_line_in renamed = { .product_id = laptop, .qty = FS_QTY_SCALE, .name = "لپ‌تاپ دیگر" };
    assert_int_equal(fs_opp_line_add(&o, &renamed, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_string_equal(e.field, "name");
    assert_int_equal(fs_opp_line_remove(&o, 1, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT version FROM opportunity"), version);
    fs_opp_free(&o);

    /* A sales rep may pick products and rename "Other", not change a
     * defined price. */
    login("sara");
    create("فرصت سارا", &o);
    fs_opp_line_in cheap = { .product_id = laptop, .qty = FS_QTY_SCALE, .has_price = true, .unit_price = 9000000 };
    assert_int_equal(fs_opp_line_add(&o, &cheap, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "opp.edit_price"));
    cheap.unit_price = 10000000; /* the product's own price is fine */
    assert_int_equal(fs_opp_line_edit(&o, 1, &cheap, &e), FS_OK);
    fs_opp_line_in misc = { .product_id = other, .qty = 2 * FS_QTY_SCALE, .has_price = true, .unit_price = 150000,
                            .name = "کابل شبکه" };
    assert_int_equal(fs_opp_line_add(&o, &misc, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    assert_string_equal(o.lines[1].name, "کابل شبکه");
    assert_int_equal(o.final_amount, 10300000);
    /* Under serial warehousing "Other" keeps its name. */
    assert_int_equal(fs_db_exec(s.db, "UPDATE setting SET value = 'serial' WHERE key = 'warehousing_mode'", &e), FS_OK);
    fs_opp_line_in misc2 = { .product_id = other, .qty = FS_QTY_SCALE, .has_price = true, .unit_price = 1,
                             .name = "پیچ" };
    assert_int_equal(fs_opp_line_add(&o, &misc2, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "serial"));
    assert_int_equal(fs_opp_line_remove(&o, 3, &e), FS_OK);
    assert_int_equal(fs_db_exec(s.db, "UPDATE setting SET value = 'quantity' WHERE key = 'warehousing_mode'", &e), FS_OK);
    /* Without the select-product permission no line changes. */
    assert_int_equal(fs_db_exec(s.db, "INSERT INTO user_perm VALUES ((SELECT id FROM user WHERE login = 'sara'), "
                                      "'opp.select_product', 0)",
                                &e),
                     FS_OK);
    login("sara");
    assert_int_equal(fs_opp_line_move(&o, 2, 1, &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_EPERM);
    /* ...but other fields still can. */
    assert_int_equal(fs_opp_line_move(&o, 2, 1, &e), FS_OK);
    o.probability = 40;
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    login("reza");
    fs_opp_free(&o);
}

static void test_visibility(void **state)
{
    (void)state;
    fs_err e;
    fs_opp mine, hers, tmp;
    login("sara");
    int64_t sara_opp = create("فرصت سارا", &hers);
    login("nima");
    int64_t nima_opp = create("فرصت نیما", &mine);
    assert_int_equal(fs_opp_load(&s, sara_opp, &tmp, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "not found"));
    int64_t id;
    assert_int_equal(fs_opp_find(&s, hers.number, "opportunity", &id, &e), FS_ECONFLICT);
    /* Editing through a stale copy is "not found" too. */
    assert_int_equal(fs_opp_save(&s, &hers, &e), FS_ECONFLICT);
    fs_opp_filter f;
    fs_opp_page pg;
    fs_opp_filter_init(&f);
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 1);
    assert_int_equal(pg.rows[0].id, nima_opp);
    fs_opp_page_free(&pg);
    /* Assigned to Nima: now he sees it. */
    login("sara");
    hers.assigned_id = fx_query_int("SELECT id FROM user WHERE login = 'nima'");
    assert_int_equal(fs_opp_save(&s, &hers, &e), FS_OK);
    login("nima");
    assert_int_equal(fs_opp_load(&s, sara_opp, &tmp, &e), FS_OK);
    fs_opp_free(&tmp);
    /* The admin sees everything. */
    login("reza");
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 2);
    fs_opp_page_free(&pg);
    fs_opp_free(&mine);
    fs_opp_free(&hers);
}

static void test_stage_rules(void **state)
{
    (void)state;
    fs_err e;
    fs_opp a, b;
    create("الف", &a);
    create("ب", &b);
    int64_t contact = stage_id("contact"), needs = stage_id("needs"), won = stage_id("won");
    /* A stage with opportunities needs a replacement. */
    assert_int_equal(fs_stage_set_active(&s, contact, false, 0, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "replace");
    int64_t moved = 0;
    assert_int_equal(fs_stage_set_active(&s, contact, false, needs, &moved, &e), FS_OK);
    assert_int_equal(moved, 2);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM opportunity WHERE stage_id = %lld AND version = 2", (long long)needs);
    assert_int_equal(fx_query_int(sql), 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM stage_log WHERE from_stage_id = %lld AND to_stage_id = %lld",
             (long long)contact, (long long)needs);
    assert_int_equal(fx_query_int(sql), 2);
    /* A disabled stage cannot be chosen newly. */
    int64_t aid = a.id;
    fs_opp_free(&a);
    assert_int_equal(fs_opp_load(&s, aid, &a, &e), FS_OK);
    a.stage_id = contact;
    assert_int_equal(fs_opp_save(&s, &a, &e), FS_EINVAL);
    assert_string_equal(e.field, "stage");
    /* The last won stage stays. */
    assert_int_equal(fs_stage_set_active(&s, won, false, 0, NULL, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "won"));
    /* A second won stage makes the first deletable; its opportunity moves
     * with its win date kept. */
    int64_t won2;
    assert_int_equal(fs_stage_add(&s, 1, "won_big", "موفق بزرگ", "Won big", FS_STAGE_WON, 0, &won2, &e), FS_OK);
    fs_opp_free(&a);
    assert_int_equal(fs_opp_load(&s, b.id, &a, &e), FS_OK);
    assert_int_equal(fs_opp_set_stage(&s, &a, won, "price", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &a, &e), FS_OK);
    char won_at[11];
    memcpy(won_at, a.won_at, sizeof won_at);
    assert_int_equal(fs_stage_delete(&s, won, won2, &moved, &e), FS_OK);
    assert_int_equal(moved, 1);
    fs_opp_free(&a);
    assert_int_equal(fs_opp_load(&s, b.id, &a, &e), FS_OK);
    assert_string_equal(a.names.stage.key, "won_big");
    assert_string_equal(a.won_at, won_at);
    assert_string_equal(a.names.win_reason.key, "price");
    fs_stage *v;
    int n;
    assert_int_equal(fs_stage_list(&s, 1, &v, &n, &e), FS_OK);
    for (int i = 0; i < n; i++) {
        assert_int_not_equal(v[i].id, won);
        assert_int_equal(v[i].position, i + 1);
    }
    free(v);
    /* The key of the deleted stage can be used again. */
    assert_int_equal(fs_stage_add(&s, 1, "won", "موفق", "Won", FS_STAGE_WON, 0, NULL, &e), FS_OK);
    fs_opp_free(&a);
    fs_opp_free(&b);
}

static void test_list_filters(void **state)
{
    (void)state;
    fs_err e;
    fs_opp a, b, c;
    create("لپ‌تاپ برای واحد مالی", &a);
    fs_opp_line_in in = { .product_id = laptop, .qty = 2 * FS_QTY_SCALE };
    assert_int_equal(fs_opp_line_add(&a, &in, NULL, &e), FS_OK);
    a.probability = 25;
    fs_day past;
    assert_int_equal(fs_jalali_to_day(1405, 1, 15, "", &past, &e), FS_OK);
    fs_day_to_iso(past, a.close_date);
    assert_int_equal(fs_opp_save(&s, &a, &e), FS_OK);
    create("سرور ذخیره‌سازی", &b);
    fs_day_to_iso(past, b.close_date);
    assert_int_equal(fs_opp_set_stage(&s, &b, stage_id("lost"), "no_budget", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &b, &e), FS_OK);
    create("مشاوره", &c);

    fs_opp_filter f;
    fs_opp_page pg;
    fs_opp_filter_init(&f);
    f.overdue = true;
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.n, 1);
    assert_int_equal(pg.rows[0].id, a.id);
    assert_int_equal(pg.sum_final, 20000000);
    assert_int_equal(pg.sum_expected, 5000000);
    fs_opp_page_free(&pg);
    /* The inverse holds the rest, including the one without a date. */
    f.invert = true;
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 2);
    fs_opp_page_free(&pg);
    fs_opp_filter_init(&f);
    f.product_id = laptop;
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 1);
    fs_opp_page_free(&pg);
    fs_opp_filter_init(&f);
    f.loss_reason_id = item_id("loss_reason", "no_budget");
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 1);
    assert_int_equal(pg.rows[0].id, b.id);
    fs_opp_page_free(&pg);
    /* Free text: the start of a title or a word of the contact's name. */
    fs_opp_filter_init(&f);
    f.text = "سرور";
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 1);
    fs_opp_page_free(&pg);
    f.text = "کریم";
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.count, 3);
    fs_opp_page_free(&pg);
    /* Keyset pages: two, then one, totals over all three. */
    fs_opp_filter_init(&f);
    f.limit = 2;
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.n, 2);
    assert_true(pg.more);
    assert_int_equal(pg.count, 3);
    f.after = pg.next_after;
    fs_opp_page_free(&pg);
    assert_int_equal(fs_opp_list(&s, &f, &pg, &e), FS_OK);
    assert_int_equal(pg.n, 1);
    assert_false(pg.more);
    assert_int_equal(pg.rows[0].id, c.id);
    fs_opp_page_free(&pg);
    fs_opp_free(&a);
    fs_opp_free(&b);
    fs_opp_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spec_example_and_auto_amount, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_discount_percent_and_amount, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_probability_and_expected, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reasons_dates_and_stage_log, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_numbering_is_gap_free_per_year, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_version_conflict, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_custom_fields, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_product_rules_and_permissions, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_visibility, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stage_rules, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_list_filters, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
