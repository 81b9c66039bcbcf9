/* Tests of the system lists and campaigns: names of lists, order, add,
 * rename, move, disable/enable, delete of used and unused items, the
 * admin.lists permission, and campaign names and dates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "identity.h"
#include "lists.h"
#include "session.h"
#include "store.h"

#include "fixture.h"

static int setup(void **state)
{
    (void)state;
    if (fx_open("lists",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z')",
                "reza") != 0)
        return -1;
    return 0;
}

static int64_t item(const char *list, const char *key)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT id FROM list_item WHERE list = '%s' AND key = '%s'", list, key);
    return fx_query_int(sql);
}

/* The list as "key:position:active,…" in shown order (also checks the
 * positions are 1..n). */
struct shown {
    char text[1024];
    int n;
    bool gap;
    char first_fa[128];
};

static int collect(void *v, const fs_list_item *it)
{
    struct shown *x = v;
    size_t used = strlen(x->text);
    snprintf(x->text + used, sizeof x->text - used, "%s%s%s", x->n ? "," : "", it->key, it->active ? "" : "(off)");
    if (x->n == 0)
        snprintf(x->first_fa, sizeof x->first_fa, "%s", it->label_fa);
    if (it->position != x->n + 1)
        x->gap = true;
    x->n++;
    return 0;
}

static struct shown show(const char *list)
{
    struct shown x;
    memset(&x, 0, sizeof x);
    fs_err e;
    assert_int_equal(fs_list_show(&s, list, collect, &x, &e), FS_OK);
    assert_false(x.gap);
    return x;
}

static void test_list_names(void **state)
{
    (void)state;
    assert_string_equal(fs_list_name("win-reason"), "win_reason");
    assert_string_equal(fs_list_name("win_reason"), "win_reason");
    assert_string_equal(fs_list_name("Loss-Reason"), "loss_reason");
    assert_string_equal(fs_list_name("purchase-process"), "purchase_process");
    assert_string_equal(fs_list_name("منبع"), "source");
    assert_string_equal(fs_list_name("units"), "unit");
    assert_null(fs_list_name("stage"));
    assert_null(fs_list_name(""));
    fs_err e;
    const char *list;
    assert_int_equal(fs_list_check_name("colour", &list, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "purchase-process"));
}

static void test_show_in_order(void **state)
{
    (void)state;
    struct shown x = show("source");
    assert_int_equal(x.n, 8);
    assert_string_equal(x.text, "phone,advertising,exhibition,referral,seminar,partner,direct,customers");
    assert_string_equal(x.first_fa, "تماس تلفنی");
    x = show("purchase_process");
    assert_string_equal(x.text, "individual,group");
}

static void test_add(void **state)
{
    (void)state;
    fs_err e;
    int64_t id = 0;
    assert_int_equal(fs_list_add(&s, "source", "instagram", "اینستاگرام", "Instagram", &id, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT position FROM list_item WHERE key = 'instagram'"), 9);
    assert_int_equal(id, item("source", "instagram"));
    /* The key is derived from the English label, the missing label copied. */
    assert_int_equal(fs_list_add(&s, "unit", NULL, NULL, "Litre (L)", &id, &e), FS_OK);
    assert_int_equal(item("unit", "litre_l"), id);
    assert_int_equal(fx_query_int("SELECT label_fa = 'Litre (L)' FROM list_item WHERE key = 'litre_l'"), 1);
    assert_int_equal(fs_list_add(&s, "unit", NULL, "بسته", NULL, &id, &e), FS_OK);
    assert_int_equal(item("unit", "item"), id);
    assert_int_equal(fs_list_add(&s, "unit", NULL, "شاخه", NULL, &id, &e), FS_OK);
    assert_int_equal(item("unit", "item_2"), id);
    int64_t before = fx_query_int("SELECT count(*) FROM list_item");

    /* Refusals change nothing. */
    assert_int_equal(fs_list_add(&s, "source", "instagram", "اینستا", "Insta", &id, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "key");
    /* The same label in another spelling (Arabic yeh) is a duplicate. */
    assert_int_equal(fs_list_add(&s, "source", "tv", "تبليغات", "TV", &id, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "fa");
    assert_int_equal(fs_list_add(&s, "source", "9lives", "نه", "Nine", &id, &e), FS_EINVAL);
    assert_string_equal(e.field, "key");
    assert_int_equal(fs_list_add(&s, "source", "x", NULL, "  ", &id, &e), FS_EINVAL);
    assert_int_equal(fs_list_add(&s, "source", "x", "خط\nدوم", NULL, &id, &e), FS_EINVAL);
    assert_int_equal(fs_list_add(&s, "colour", "red", "قرمز", "Red", &id, &e), FS_EINVAL);
    assert_string_equal(e.field, "list");
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_list_add(&s, "source", "radio", "رادیو", "Radio", &id, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "admin.lists"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM list_item"), before);
}

static void test_rename(void **state)
{
    (void)state;
    fs_err e;
    int64_t id = item("type", "bulk");
    assert_int_equal(fs_list_rename(&s, "type", id, "سفارش عمده", NULL, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM list_item WHERE key = 'bulk' AND label_fa = 'سفارش عمده' "
                                  "AND label_en = 'Bulk order'"),
                     1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE item_kind = 'list_item' "
                                  "AND field = 'label_fa' AND old_value = 'سفارش انبوه' AND new_value = 'سفارش عمده'"),
                     1);
    assert_int_equal(fs_list_rename(&s, "type", id, NULL, "Wholesale", &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM list_item WHERE label_en = 'Wholesale'"), 1);
    /* Taking another item's label, naming nothing, or an item of another
     * list are refused. */
    assert_int_equal(fs_list_rename(&s, "type", id, "تحویل", NULL, &e), FS_ECONFLICT);
    assert_int_equal(fs_list_rename(&s, "type", id, NULL, NULL, &e), FS_EINVAL);
    assert_int_equal(fs_list_rename(&s, "type", item("unit", "box"), "جعبه بزرگ", NULL, &e), FS_ECONFLICT);
    assert_int_equal(fx_query_int("SELECT count(*) FROM list_item WHERE label_fa = 'جعبه بزرگ'"), 0);
}

static void test_move(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_list_move(&s, "source", item("source", "direct"), 1, &e), FS_OK);
    assert_string_equal(show("source").text, "direct,phone,advertising,exhibition,referral,seminar,partner,customers");
    assert_int_equal(fs_list_move(&s, "source", item("source", "phone"), 5, &e), FS_OK);
    assert_string_equal(show("source").text, "direct,advertising,exhibition,referral,phone,seminar,partner,customers");
    assert_int_equal(fs_list_move(&s, "source", item("source", "direct"), 99, &e), FS_OK);
    assert_string_equal(show("source").text, "advertising,exhibition,referral,phone,seminar,partner,customers,direct");
    assert_int_equal(fx_query_int("SELECT new_value FROM change_log WHERE field = 'position' ORDER BY id DESC LIMIT 1"),
                     8);
    /* Other lists keep their order. */
    assert_string_equal(show("type").text, "standard,bulk,delivery,special");
    assert_int_equal(fs_list_move(&s, "source", item("source", "direct"), 0, &e), FS_EINVAL);
    assert_int_equal(fs_list_move(&s, "type", item("source", "direct"), 1, &e), FS_ECONFLICT);
}

/* An item in use cannot be deleted; disabled, it stays on the record but
 * cannot be chosen again; an unused one is deleted and the others close
 * up. */
static void test_in_use_item(void **state)
{
    (void)state;
    fs_err e;
    int64_t exhibition = item("source", "exhibition");
    fs_identity in = { .kind = "org", .name = "شرکت فولاد مبارکه", .source_id = exhibition };
    int64_t who = 0;
    assert_int_equal(fs_identity_add(&s, &in, false, &who, &e), FS_OK);

    int64_t before = fx_query_int("SELECT count(*) FROM list_item");
    assert_int_equal(fs_list_delete(&s, "source", exhibition, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "disable"));
    assert_non_null(strstr(e.msg, "identities"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM list_item"), before);

    assert_int_equal(fs_list_set_active(&s, "source", exhibition, false, &e), FS_OK);
    assert_string_equal(show("source").text,
                        "phone,advertising,exhibition(off),referral,seminar,partner,direct,customers");
    fs_identity r;
    assert_int_equal(fs_identity_get(&s, who, &r, &e), FS_OK);
    assert_string_equal(r.source_label, "Exhibition");
    fs_identity_free(&r);
    fs_identity again = { .kind = "person", .name = "علی کریمی", .source_id = exhibition };
    assert_int_equal(fs_identity_add(&s, &again, false, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "source");
    assert_int_equal(fs_list_set_active(&s, "source", exhibition, true, &e), FS_OK);
    assert_int_equal(fs_identity_add(&s, &again, false, NULL, &e), FS_OK);

    /* A unit used by a product. */
    assert_int_equal(fs_list_delete(&s, "unit", item("unit", "piece"), &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "products"));

    assert_int_equal(fs_list_delete(&s, "source", item("source", "seminar"), &e), FS_OK);
    assert_string_equal(show("source").text, "phone,advertising,exhibition,referral,partner,direct,customers");
    assert_int_equal(item("source", "seminar"), -1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE field = 'key' AND old_value = 'seminar'"), 1);

    /* Without the permission nothing changes. */
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_list_delete(&s, "source", item("source", "partner"), &e), FS_EPERM);
    assert_int_equal(fs_list_set_active(&s, "source", item("source", "partner"), false, &e), FS_EPERM);
    assert_int_equal(fs_list_move(&s, "source", item("source", "partner"), 1, &e), FS_EPERM);
    assert_int_equal(fs_list_rename(&s, "source", item("source", "partner"), "همکار", NULL, &e), FS_EPERM);
    assert_string_equal(show("source").text, "phone,advertising,exhibition,referral,partner,direct,customers");
}

static int count_campaigns(void *v, const fs_campaign *c)
{
    int *n = v;
    (*n)++;
    (void)c;
    return 0;
}

static void test_campaigns(void **state)
{
    (void)state;
    fs_err e;
    int64_t id = 0;
    assert_int_equal(fs_campaign_add(&s, "جشنواره نوروز ۱۴۰۴", "2025-03-01", "2025-04-01", &id, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM campaign WHERE start_date = '2025-03-01' "
                                  "AND end_date = '2025-04-01'"),
                     1);
    int64_t open_ended = 0;
    assert_int_equal(fs_campaign_add(&s, "نمایشگاه کیش", NULL, "", &open_ended, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM campaign WHERE start_date IS NULL AND end_date IS NULL"), 1);

    /* Refusals. */
    assert_int_equal(fs_campaign_add(&s, "جشنواره نوروز ۱۴۰۴", NULL, NULL, NULL, &e), FS_ECONFLICT);
    assert_int_equal(fs_campaign_add(&s, "نمايشگاه كيش", NULL, NULL, NULL, &e), FS_ECONFLICT); /* Arabic spelling */
    assert_int_equal(fs_campaign_add(&s, "تابستان", "2025-06-01", "2025-05-31", NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "end");
    assert_int_equal(fs_campaign_add(&s, "تابستان", "2025-02-30", NULL, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "start");
    assert_int_equal(fs_campaign_add(&s, " ", NULL, NULL, NULL, &e), FS_EINVAL);
    assert_int_equal(fx_query_int("SELECT count(*) FROM campaign"), 2);

    assert_int_equal(fs_campaign_check_active(&s, id, "campaign", &e), FS_OK);
    assert_int_equal(fs_campaign_set_active(&s, id, false, &e), FS_OK);
    assert_int_equal(fs_campaign_check_active(&s, id, "campaign", &e), FS_EINVAL);
    assert_int_equal(fs_campaign_check_active(&s, 999, "campaign", &e), FS_EINVAL);
    int n = 0;
    assert_int_equal(fs_campaign_list(&s, false, count_campaigns, &n, &e), FS_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(fs_campaign_list(&s, true, count_campaigns, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(fs_campaign_set_active(&s, 999, true, &e), FS_ECONFLICT);

    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_campaign_add(&s, "پاییز", NULL, NULL, NULL, &e), FS_EPERM);
    assert_int_equal(fs_campaign_set_active(&s, id, true, &e), FS_EPERM);
    assert_int_equal(fx_query_int("SELECT count(*) FROM campaign WHERE active"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_names),
        cmocka_unit_test_setup_teardown(test_show_in_order, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_add, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rename, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_move, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_in_use_item, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_campaigns, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
