/* Tests of the product catalogue: the leaf-group rule, code uniqueness,
 * Persian type-ahead with spelling variants, the group-subtree filter,
 * code search, the protected «سایر» product, versioned edits with their
 * history, and deletion of used products. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture_doc.h"
#include "product.h"

/* Adds a product (price < 0: none); asserts it worked; returns its id. */
static int64_t add(const char *code, const char *name, int64_t group, int64_t price)
{
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "%s", code);
    snprintf(p.name, sizeof p.name, "%s", name);
    p.group_id = group;
    p.has_price = price >= 0;
    p.unit_price = price;
    fs_err e;
    int64_t id = 0;
    int rc = fs_product_add(&s, &p, &id, &e);
    if (rc != FS_OK)
        fail_msg("adding %s: %s", code, e.msg);
    return id;
}

static int64_t group(const char *name, int64_t parent)
{
    fs_err e;
    int64_t id = 0;
    if (fs_group_add(&s, name, parent, &id, &e) != FS_OK)
        fail_msg("adding group %s: %s", name, e.msg);
    return id;
}

/* Collects the codes a list or search delivers, joined by spaces. */
struct codes {
    char text[1024];
};

static int collect_code(void *v, const fs_product *p)
{
    struct codes *c = v;
    size_t n = strlen(c->text);
    snprintf(c->text + n, sizeof c->text - n, "%s%s", n ? " " : "", p->code);
    return 0;
}

static const char *search(const char *text, int64_t group_id, bool pickable, bool by_code)
{
    static struct codes c;
    c.text[0] = '\0';
    fs_product_filter f = { group_id, pickable };
    fs_err e;
    int rc = by_code ? fs_product_search_code(&s, text, &f, 20, collect_code, &c, &e)
                     : fs_product_search(&s, text, &f, 20, collect_code, &c, &e);
    if (rc != FS_OK)
        fail_msg("search %s: %s", text, e.msg);
    return c.text;
}

static void test_add_and_get(void **state)
{
    (void)state;
    int64_t g = group("لپ‌تاپ", 0);
    int64_t id = add("LAP-001", "  لپ‌تاپ ایسوس  ", g, 450000000);
    fs_product p;
    fs_err e;
    assert_int_equal(fs_product_get(&s, id, &p, &e), FS_OK);
    assert_string_equal(p.code, "LAP-001");
    assert_string_equal(p.name, "لپ‌تاپ ایسوس"); /* trimmed */
    char stored[64];
    assert_string_equal(fx_text(stored, sizeof stored, "SELECT name_key FROM product WHERE id = %lld", (long long)id),
                        "لپتاپ ایسوس"); /* the search key drops the ZWNJ */
    assert_string_equal(p.group_name, "لپ‌تاپ");
    assert_string_equal(p.unit_key, "piece");      /* the first active unit */
    assert_true(p.has_price);
    assert_int_equal(p.unit_price, 450000000);
    assert_true(p.sellable && p.active && !p.service && !p.stock_tracked && !p.builtin);
    assert_int_equal(p.version, 1);
    assert_int_equal(fx_int("SELECT count(*) FROM product WHERE code_key = 'lap-001'"), 1);
}

static void test_code_unique_ignoring_case(void **state)
{
    (void)state;
    add("LAP-001", "لپ‌تاپ ایسوس", 0, -1);
    int64_t before = fx_int("SELECT count(*) FROM product");
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "lap-001");
    snprintf(p.name, sizeof p.name, "لپ‌تاپ لنوو");
    fs_err e;
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "code");
    assert_non_null(strstr(e.msg, "LAP-001"));
    assert_int_equal(fx_int("SELECT count(*) FROM product"), before);

    const char *bad_codes[] = { "", "LAP 002", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXY" /* 51 */ };
    for (size_t i = 0; i < 3; i++) {
        snprintf(p.code, sizeof p.code, "%s", bad_codes[i]);
        assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_EINVAL);
        assert_string_equal(e.field, "code");
    }
    snprintf(p.code, sizeof p.code, "LAP-002");
    snprintf(p.name, sizeof p.name, "   ");
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "name");
    assert_int_equal(fx_int("SELECT count(*) FROM product"), before);
}

static void test_leaf_group_rule(void **state)
{
    (void)state;
    int64_t digital = group("کالای دیجیتال", 0);
    int64_t laptops = group("لپ‌تاپ", digital);
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "LAP-001");
    snprintf(p.name, sizeof p.name, "لپ‌تاپ ایسوس");
    p.group_id = digital; /* has a sub-group: refused */
    fs_err e;
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "group");
    assert_non_null(strstr(e.msg, "کالای دیجیتال"));
    assert_int_equal(fx_int("SELECT count(*) FROM product WHERE code = 'LAP-001'"), 0);

    add("LAP-001", "لپ‌تاپ ایسوس", laptops, -1);
    /* A group that holds products cannot get children. */
    int64_t groups = fx_int("SELECT count(*) FROM product_group");
    assert_int_equal(fs_group_add(&s, "گیمینگ", laptops, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "parent");
    assert_int_equal(fx_int("SELECT count(*) FROM product_group"), groups);
    /* Moving a product into a non-leaf group by edit is refused too. */
    int64_t id = fx_int("SELECT id FROM product WHERE code = 'LAP-001'");
    assert_int_equal(fs_product_get(&s, id, &p, &e), FS_OK);
    p.group_id = digital;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_EINVAL);
    assert_int_equal(fx_int("SELECT group_id FROM product WHERE code = 'LAP-001'"), laptops);
}

/* Group list rows as "depth:name:leaf:products" joined by '|'. */
static int collect_group(void *v, const fs_group *g)
{
    char *out = v;
    size_t n = strlen(out);
    snprintf(out + n, 1024 - n, "%s%d:%s:%d:%lld", n ? "|" : "", g->depth, g->name, g->leaf,
             (long long)g->products);
    return 0;
}

static void test_group_tree(void **state)
{
    (void)state;
    int64_t office = group("لوازم اداری", 0);
    int64_t digital = group("کالای دیجیتال", 0);
    int64_t laptops = group("لپ‌تاپ", digital);
    group("جانبی", digital);
    add("LAP-001", "لپ‌تاپ ایسوس", laptops, -1);
    (void)office;
    char out[1024] = "";
    fs_err e;
    assert_int_equal(fs_group_list(&s, collect_group, out, &e), FS_OK);
    /* Depth first; siblings by search key («جانبی» before «لپ‌تاپ»; code
     * point order puts ل before ک). */
    assert_string_equal(out, "0:لوازم اداری:1:0|0:کالای دیجیتال:0:0|1:جانبی:1:0|1:لپ‌تاپ:1:1");

    /* Sibling names are unique ignoring spelling variants (Arabic kaf, yeh). */
    assert_int_equal(fs_group_add(&s, "كالاي ديجيتال", 0, NULL, &e), FS_ECONFLICT);
    assert_int_equal(fs_group_add(&s, "", 0, NULL, &e), FS_EINVAL);
    assert_int_equal(fs_group_add(&s, "x", 999, NULL, &e), FS_EINVAL);
    assert_int_equal(fx_int("SELECT count(*) FROM product_group"), 4);
}

static void test_search_persian_variants(void **state)
{
    (void)state;
    add("LAP-001", "لپ‌تاپ ایسوس", 0, -1);
    add("BAG-01", "کیف لپ تاپ", 0, -1);
    add("MOU-01", "ماوس بی‌سیم", 0, -1);
    /* Arabic yeh and kaf find the Persian spellings. */
    assert_string_equal(search("ايسوس", 0, false, false), "LAP-001");
    assert_string_equal(search("كيف", 0, false, false), "BAG-01");
    /* ZWNJ is ignored: «لپتاپ» finds «لپ‌تاپ». */
    assert_string_equal(search("لپتاپ", 0, false, false), "LAP-001");
    /* Names starting with the text first, then word-prefix matches. */
    assert_string_equal(search("لپ", 0, false, false), "LAP-001 BAG-01");
    assert_string_equal(search("تاپ", 0, false, false), "BAG-01");
    assert_string_equal(search("بی‌سی", 0, false, false), "MOU-01");
    assert_string_equal(search("ماو بیس", 0, false, false), "MOU-01");
    assert_string_equal(search("سامسونگ", 0, false, false), "");
    assert_string_equal(search("", 0, false, false), "");
    /* FTS syntax typed by a user is just text. */
    assert_string_equal(search("\"OR* (", 0, false, false), "");
}

static void test_group_subtree_filter(void **state)
{
    (void)state;
    int64_t digital = group("کالای دیجیتال", 0);
    int64_t laptops = group("لپ‌تاپ", digital);
    int64_t extras = group("لوازم جانبی", digital);
    int64_t office = group("لوازم اداری", 0);
    add("LAP-001", "لپ‌تاپ ایسوس", laptops, -1);
    add("BAG-01", "کیف لپ تاپ", extras, -1);
    add("PAP-01", "کاغذ A4", office, -1);
    add("LAP-002", "لپ‌تاپ لنوو", laptops, -1);

    struct codes c = { "" };
    fs_product_filter f = { digital, false };
    fs_err e;
    assert_int_equal(fs_product_list(&s, &f, 0, 10, collect_code, &c, &e), FS_OK);
    assert_string_equal(c.text, "LAP-001 BAG-01 LAP-002");
    c.text[0] = '\0';
    f.group_id = laptops;
    assert_int_equal(fs_product_list(&s, &f, 0, 10, collect_code, &c, &e), FS_OK);
    assert_string_equal(c.text, "LAP-001 LAP-002");
    /* Keyset paging: after the first laptop comes the second. */
    c.text[0] = '\0';
    int64_t first = fx_int("SELECT id FROM product WHERE code = 'LAP-001'");
    assert_int_equal(fs_product_list(&s, &f, first, 1, collect_code, &c, &e), FS_OK);
    assert_string_equal(c.text, "LAP-002");

    assert_string_equal(search("لپ", digital, false, false), "LAP-001 LAP-002 BAG-01");
    assert_string_equal(search("لپ", extras, false, false), "BAG-01");
    assert_string_equal(search("لپ", office, false, false), "");
}

static void test_code_search_and_pickable(void **state)
{
    (void)state;
    add("LAP-0010", "لپ‌تاپ ایسوس ۱۵ اینچ", 0, -1);
    int64_t lap = add("LAP-001", "لپ‌تاپ ایسوس", 0, -1);
    add("LAPX", "لپ‌تاپ اچ‌پی", 0, -1);
    assert_string_equal(search("lap-001", 0, false, true), "LAP-001 LAP-0010");
    assert_string_equal(search("LAP", 0, false, true), "LAP-001 LAP-0010 LAPX");
    assert_string_equal(search("other", 0, false, true), "OTHER");

    /* Only sellable, active products can be picked. */
    fs_product p;
    fs_err e;
    assert_int_equal(fs_product_get(&s, lap, &p, &e), FS_OK);
    p.active = false;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_OK);
    assert_string_equal(search("LAP", 0, true, true), "LAP-0010 LAPX");
    assert_string_equal(search("لپ", 0, true, false), "LAPX LAP-0010");
}

static void test_other_product_protected(void **state)
{
    (void)state;
    int64_t other = 0;
    fs_err e;
    assert_int_equal(fs_product_other_id(&s, &other, &e), FS_OK);
    assert_true(other > 0);
    assert_int_equal(fs_product_delete(&s, other, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "سایر"));
    fs_product p;
    assert_int_equal(fs_product_get(&s, other, &p, &e), FS_OK);
    assert_true(p.builtin);
    p.active = false;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_EINVAL);
    assert_string_equal(e.field, "active");
    p.active = true;
    p.sellable = false;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_EINVAL);
    assert_string_equal(e.field, "sellable");
    assert_int_equal(fx_int("SELECT active + sellable + version FROM product WHERE builtin = 1"), 3);
    assert_int_equal(fx_int("SELECT count(*) FROM change_log"), 0);
}

static void test_used_product_not_deleted(void **state)
{
    (void)state;
    int64_t used = fx_product("LAP-001", "لپ‌تاپ ایسوس", 450000000, 1, 0);
    int64_t unused = add("LAP-002", "لپ‌تاپ لنوو", 0, -1);
    /* On a line of an opportunity. */
    int64_t opp = fx_opp(fx_identity("شرکت فولاد مبارکه"), "تجهیز دفتر مرکزی");
    fx_sql("INSERT INTO opp_line(opp_id, position, product_id, name, qty, unit_price, total, final) "
           "VALUES (%lld, 1, %lld, 'لپ‌تاپ ایسوس', 20000, 450000000, 900000000, 900000000)",
           (long long)opp, (long long)used);
    fs_err e;
    assert_int_equal(fs_product_delete(&s, used, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "deactivate"));
    assert_int_equal(fx_int("SELECT count(*) FROM product WHERE code = 'LAP-001'"), 1);
    /* It can be deactivated instead. */
    fs_product p;
    assert_int_equal(fs_product_get(&s, used, &p, &e), FS_OK);
    p.active = false;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_OK);
    assert_int_equal(fx_int("SELECT active FROM product WHERE code = 'LAP-001'"), 0);
    assert_int_equal(fs_product_delete(&s, unused, &e), FS_OK);
    assert_int_equal(fx_int("SELECT count(*) FROM product WHERE code = 'LAP-002'"), 0);
    assert_int_equal(fs_product_delete(&s, unused, &e), FS_ECONFLICT);
    /* A serial or a stock move counts as use too. */
    unused = add("LAP-003", "لپ‌تاپ اچ‌پی", 0, -1);
    fx_sql("INSERT INTO serial_item(product_id, serial) VALUES (%lld, 'SN-1')", (long long)unused);
    assert_int_equal(fs_product_delete(&s, unused, &e), FS_ECONFLICT);
}

static void test_edit_version_and_history(void **state)
{
    (void)state;
    int64_t id = add("LAP-001", "لپ‌تاپ ایسوس", 0, 450000000);
    fs_product p;
    fs_err e;
    assert_int_equal(fs_product_get(&s, id, &p, &e), FS_OK);
    snprintf(p.name, sizeof p.name, "لپ‌تاپ ایسوس ویووبوک");
    p.unit_price = 480000000;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_OK);
    assert_int_equal(fx_int("SELECT version FROM product WHERE code = 'LAP-001'"), 2);
    assert_int_equal(fx_int("SELECT count(*) FROM change_log WHERE item_kind = 'product'"), 2);
    assert_int_equal(fx_int("SELECT new_value FROM change_log WHERE field = 'unit_price'"), 480000000);
    assert_int_equal(fx_int("SELECT old_value FROM change_log WHERE field = 'unit_price'"), 450000000);

    /* p still says version 1: a second save is a conflict. */
    p.taxable = true;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "version");
    assert_int_equal(fx_int("SELECT taxable FROM product WHERE code = 'LAP-001'"), 0);
    assert_int_equal(fx_int("SELECT count(*) FROM change_log"), 2);

    /* Saving with nothing changed keeps the version. */
    assert_int_equal(fs_product_get(&s, id, &p, &e), FS_OK);
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_OK);
    assert_int_equal(fx_int("SELECT version FROM product WHERE code = 'LAP-001'"), 2);

    /* A service is not stock-tracked; serial needs stock. */
    p.service = true;
    p.stock_tracked = true;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_EINVAL);
    assert_string_equal(e.field, "stock_tracked");
    p.service = false;
    p.stock_tracked = false;
    p.serial = true;
    assert_int_equal(fs_product_edit(&s, &p, &e), FS_EINVAL);
    assert_string_equal(e.field, "serial");
    assert_int_equal(fx_int("SELECT version FROM product WHERE code = 'LAP-001'"), 2);
}

static void test_unit_must_be_active(void **state)
{
    (void)state;
    fx_sql("UPDATE list_item SET active = 0 WHERE list = 'unit' AND key = 'box'");
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "PAP-01");
    snprintf(p.name, sizeof p.name, "کاغذ A4");
    p.unit_id = fx_int("SELECT id FROM list_item WHERE list = 'unit' AND key = 'box'");
    fs_err e;
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "unit");
    p.unit_id = fx_int("SELECT id FROM list_item WHERE list = 'source' LIMIT 1");
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_EINVAL);
    p.unit_id = fx_int("SELECT id FROM list_item WHERE list = 'unit' AND key = 'kg'");
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_OK);
    assert_int_equal(fx_int("SELECT count(*) FROM product WHERE code = 'PAP-01' AND unit_id = "
                          "(SELECT id FROM list_item WHERE key = 'kg')"), 1);
}

static void test_permissions(void **state)
{
    (void)state;
    int64_t id = add("LAP-001", "لپ‌تاپ ایسوس", 0, -1);
    fs_err e;
    fx_act_as("ali", 3); /* a sales rep */
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "LAP-002");
    snprintf(p.name, sizeof p.name, "لپ‌تاپ لنوو");
    assert_int_equal(fs_product_add(&s, &p, NULL, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "admin.lists"));
    assert_int_equal(fs_product_delete(&s, id, &e), FS_EPERM);
    assert_int_equal(fs_group_add(&s, "لپ‌تاپ", 0, NULL, &e), FS_EPERM);
    assert_int_equal(fx_int("SELECT count(*) FROM product"), 2);
    assert_int_equal(fx_int("SELECT count(*) FROM product_group"), 0);
    /* Reading needs no right. */
    assert_int_equal(fs_product_get(&s, id, &p, &e), FS_OK);
    assert_string_equal(search("ایسوس", 0, true, false), "LAP-001");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_and_get, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_code_unique_ignoring_case, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_leaf_group_rule, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_group_tree, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_search_persian_variants, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_group_subtree_filter, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_code_search_and_pickable, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_other_product_protected, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_used_product_not_deleted, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_edit_version_and_history, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_unit_must_be_active, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_permissions, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
