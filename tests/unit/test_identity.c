/* Tests of identities: validation and stored forms, duplicate numbers,
 * edits against a version with their change history, keyset pages, and the
 * type-ahead search with Persian spelling variants, digits of any script,
 * hostile search text, limits and speed over 20,000 identities. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "identity.h"
#include "lookup.h"
#include "session.h"
#include "store.h"

#include "fixture.h"

static int setup(void **state)
{
    (void)state;
    if (fx_open("identity",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'), "
                "('old', 'کاربر قدیمی', 3, '2025-01-01T00:00:00Z'); "
                "UPDATE user SET active = 0 WHERE login = 'old'",
                "reza") != 0)
        return -1;
    return 0;
}

/* Adds a person with just a name and a mobile (NULL = none). */
static int64_t add_person(const char *name, const char *mobile)
{
    fs_identity r = { .kind = "person", .name = name, .mobile = mobile };
    int64_t id = 0;
    fs_err e;
    assert_int_equal(fs_identity_add(&s, &r, false, &id, &e), FS_OK);
    return id;
}

/* Search results gathered as "id name|id name|…". */
struct found {
    char text[4096];
    int n;
    int64_t ids[64];
};

static int collect(void *v, const fs_identity_row *r)
{
    struct found *f = v;
    size_t used = strlen(f->text);
    snprintf(f->text + used, sizeof f->text - used, "%s%s", f->n ? "|" : "", r->name);
    if (f->n < 64)
        f->ids[f->n] = r->id;
    f->n++;
    return 0;
}

static struct found search(const char *text, int limit, bool *more)
{
    struct found f;
    memset(&f, 0, sizeof f);
    fs_err e;
    assert_int_equal(fs_identity_search(&s, text, limit, collect, &f, more, &e), FS_OK);
    return f;
}

static void test_add_stores_canonical_forms(void **state)
{
    (void)state;
    fs_err e;
    int64_t source = fx_query_int("SELECT id FROM list_item WHERE list = 'source' AND key = 'exhibition'");
    fs_identity in = {
        .kind = "حقیقی",
        .name = "  علی کریمی ",
        .phone = "۰۲۱-۸۸۸۸ ۱۲۳۴",
        .mobile = "\u200e+98 (912) 123-4567",
        .email = "ali.karimi@example.ir",
        .address = "تهران، خیابان ولیعصر\nپلاک ۱۲",
        .national_id = "۰۰۱۲۳۴۵۶۷۸",
        .economic_code = "4111-2222-3333",
        .notes = "مشتری نمایشگاه ۱۴۰۳",
        .source_id = source,
    };
    int64_t id = 0;
    assert_int_equal(fs_identity_add(&s, &in, false, &id, &e), FS_OK);
    assert_true(id > 0);

    fs_identity r;
    assert_int_equal(fs_identity_get(&s, id, &r, &e), FS_OK);
    assert_string_equal(r.kind, "person");
    assert_string_equal(r.name, "علی کریمی");
    assert_string_equal(r.phone, "02188881234");
    assert_string_equal(r.mobile, "09121234567");
    assert_string_equal(r.national_id, "0012345678");
    assert_string_equal(r.economic_code, "411122223333");
    assert_string_equal(r.address, "تهران، خیابان ولیعصر\nپلاک ۱۲");
    assert_string_equal(r.source_key, "exhibition");
    assert_string_equal(r.source_label, "Exhibition");
    assert_string_equal(r.owner_login, "reza"); /* defaults to the acting user */
    assert_int_equal(r.version, 1);
    assert_int_equal(strlen(r.created_at), 20);
    fs_identity_free(&r);

    char buf[200];
    assert_string_equal(fx_query_text("SELECT codes_key FROM identity", buf, sizeof buf),
                        "02188881234 09121234567 0012345678 411122223333");
    assert_string_equal(fx_query_text("SELECT name_key FROM identity", buf, sizeof buf), "علی کریمی");

    assert_int_equal(fs_identity_get(&s, 999, &r, &e), FS_ECONFLICT);
    assert_non_null(strstr(e.msg, "999"));
}

/* Each bad field is refused with FS_EINVAL naming it, and nothing is added. */
static void test_validation(void **state)
{
    (void)state;
    fs_err e;
    char long_name[1000] = "";
    for (int i = 0; i < 201; i++)
        strcat(long_name, "ب");
    int64_t disabled = fx_query_int("SELECT id FROM list_item WHERE list = 'source' AND key = 'seminar'");
    assert_int_equal(fs_db_exec(s.db, "UPDATE list_item SET active = 0 WHERE key = 'seminar'", &e), FS_OK);
    int64_t unit = fx_query_int("SELECT id FROM list_item WHERE list = 'unit' AND key = 'box'");
    int64_t old_user = fx_query_int("SELECT id FROM user WHERE login = 'old'");
    const struct {
        fs_identity in;
        const char *field;
    } bad[] = {
        { { .kind = "person", .name = "   " }, "name" },
        { { .kind = "person", .name = NULL }, "name" },
        { { .kind = "person", .name = long_name }, "name" },
        { { .kind = "person", .name = "علی\nکریمی" }, "name" },
        { { .kind = NULL, .name = "علی" }, "kind" },
        { { .kind = "robot", .name = "علی" }, "kind" },
        { { .kind = "person", .name = "علی", .phone = "0912-abc" }, "phone" },
        { { .kind = "person", .name = "علی", .phone = "12" }, "phone" },
        { { .kind = "person", .name = "علی", .mobile = "123456789012345678901" }, "mobile" },
        { { .kind = "person", .name = "علی", .email = "ali karimi@example.ir" }, "email" },
        { { .kind = "person", .name = "علی", .email = "ali@@example.ir" }, "email" },
        { { .kind = "person", .name = "علی", .email = "ali.example.ir" }, "email" },
        { { .kind = "person", .name = "علی", .email = "@example.ir" }, "email" },
        { { .kind = "person", .name = "علی", .national_id = "12a45" }, "national_id" },
        { { .kind = "person", .name = "علی", .economic_code = "+9812" }, "economic_code" },
        { { .kind = "person", .name = "علی", .source_id = disabled }, "source" },
        { { .kind = "person", .name = "علی", .source_id = unit }, "source" },
        { { .kind = "person", .name = "علی", .owner_id = 9999 }, "owner" },
        { { .kind = "person", .name = "علی", .owner_id = old_user }, "owner" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t id = 0;
        fs_err_clear(&e);
        int st = fs_identity_add(&s, &bad[i].in, false, &id, &e);
        if (st != FS_EINVAL || strcmp(e.field, bad[i].field) != 0)
            fail_msg("case %zu: status %d field \"%s\" (%s), expected %s", i, st, e.field, e.msg, bad[i].field);
        assert_true(strlen(e.msg) > 10);
    }
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 0);

    /* The limits themselves are fine: 200 characters, 3 digits. */
    long_name[strlen(long_name) - strlen("ب")] = '\0';
    fs_identity ok = { .kind = "org", .name = long_name, .phone = "110", .email = "info@foolad.ir" };
    assert_int_equal(fs_identity_add(&s, &ok, false, NULL, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity WHERE kind = 'org'"), 1);
}

static void test_duplicate_numbers(void **state)
{
    (void)state;
    fs_err e;
    int64_t first = add_person("علی کریمی", "09121234567");
    /* Same number typed another way, as a mobile or as a phone. */
    fs_identity again = { .kind = "person", .name = "علی کریمی (دفتر)", .mobile = "۰۹۱۲ ۱۲۳ ۴۵۶۷" };
    assert_int_equal(fs_identity_add(&s, &again, false, NULL, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "mobile");
    char want[64];
    snprintf(want, sizeof want, "identity %lld", (long long)first);
    assert_non_null(strstr(e.msg, want));
    assert_non_null(strstr(e.msg, "علی کریمی"));
    fs_identity as_phone = { .kind = "person", .name = "زهرا محمدی", .phone = "+989121234567" };
    assert_int_equal(fs_identity_add(&s, &as_phone, false, NULL, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "phone");
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 1);

    int64_t forced = 0;
    assert_int_equal(fs_identity_add(&s, &again, true, &forced, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity WHERE mobile = '09121234567'"), 2);

    /* The forced duplicate can still be edited without --force … */
    fs_identity r;
    assert_int_equal(fs_identity_get(&s, forced, &r, &e), FS_OK);
    r.notes = "شماره مشترک با دفتر";
    assert_int_equal(fs_identity_edit(&s, &r, false, &e), FS_OK);
    fs_identity_free(&r);
    /* … but taking another identity's number on an edit is refused. */
    int64_t other = add_person("محمد رضایی", "09351112233");
    assert_int_equal(fs_identity_get(&s, other, &r, &e), FS_OK);
    r.phone = "0912 123 4567";
    assert_int_equal(fs_identity_edit(&s, &r, false, &e), FS_ECONFLICT);
    fs_identity_free(&r);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity WHERE phone IS NOT NULL"), 0);
}

static void test_edit_version_and_history(void **state)
{
    (void)state;
    fs_err e;
    int64_t id = add_person("علی کریمی", "09121234567");
    fs_identity a, b;
    assert_int_equal(fs_identity_get(&s, id, &a, &e), FS_OK);
    assert_int_equal(fs_identity_get(&s, id, &b, &e), FS_OK);

    a.name = "علی کریمی‌نژاد";
    a.email = "ali@example.ir";
    a.mobile = NULL;
    assert_int_equal(fs_identity_edit(&s, &a, false, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT version FROM identity"), 2);
    char buf[200];
    assert_string_equal(fx_query_text("SELECT name FROM identity", buf, sizeof buf), "علی کریمی‌نژاد");
    assert_string_equal(fx_query_text("SELECT name_key FROM identity", buf, sizeof buf), "علی کریمینژاد");
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity WHERE mobile IS NULL AND codes_key = ''"), 1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE item_kind = 'identity'"), 3);
    assert_string_equal(fx_query_text("SELECT old_value || ' → ' || new_value FROM change_log WHERE field = 'name'",
                                      buf, sizeof buf),
                        "علی کریمی → علی کریمی‌نژاد");
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE field = 'mobile' "
                                  "AND old_value = '09121234567' AND new_value IS NULL "
                                  "AND user_id = (SELECT id FROM user WHERE login = 'reza')"),
                     1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log WHERE field = 'email' AND old_value IS NULL"), 1);

    /* b was read at version 1: its save is refused and changes nothing. */
    b.name = "علی کریمی قدیمی";
    assert_int_equal(fs_identity_edit(&s, &b, false, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "version");
    assert_non_null(strstr(e.msg, "reza"));
    assert_string_equal(fx_query_text("SELECT name FROM identity", buf, sizeof buf), "علی کریمی‌نژاد");
    assert_int_equal(fx_query_int("SELECT version FROM identity"), 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log"), 3);

    /* Saving the same values again writes nothing. */
    a.version = 2;
    assert_int_equal(fs_identity_edit(&s, &a, false, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT version FROM identity"), 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM change_log"), 3);

    /* A source disabled since it was chosen may stay; it cannot be newly chosen. */
    int64_t src = fx_query_int("SELECT id FROM list_item WHERE list = 'source' AND key = 'referral'");
    a.source_id = src;
    assert_int_equal(fs_identity_edit(&s, &a, false, &e), FS_OK);
    assert_int_equal(fs_db_exec(s.db, "UPDATE list_item SET active = 0 WHERE id IN "
                                      "(SELECT id FROM list_item WHERE key IN ('referral', 'partner'))",
                                &e),
                     FS_OK);
    a.version = 3;
    a.notes = "یادداشت تازه";
    assert_int_equal(fs_identity_edit(&s, &a, false, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT version FROM identity"), 4);
    a.version = 4;
    a.source_id = fx_query_int("SELECT id FROM list_item WHERE list = 'source' AND key = 'partner'");
    assert_int_equal(fs_identity_edit(&s, &a, false, &e), FS_EINVAL);
    assert_string_equal(e.field, "source");
    assert_string_equal(fx_query_text("SELECT new_value FROM change_log WHERE field = 'source'", buf, sizeof buf),
                        "referral");

    /* A missing identity is "not found". */
    a.id = 12345;
    assert_int_equal(fs_identity_edit(&s, &a, false, &e), FS_ECONFLICT);
    fs_identity_free(&a);
    fs_identity_free(&b);
}

static void test_search_folds_spelling(void **state)
{
    (void)state;
    /* Saved with Arabic yeh and kaf, as a contact imported from an Arabic
     * keyboard would be. */
    int64_t arabic = add_person("علي كريمي", "09121234567");
    int64_t other = add_person("کریم باقری", "09351234567");
    add_person("محمد رضایی", NULL);
    fs_identity org = { .kind = "org", .name = "شرکت فولاد مبارکه", .phone = "031-5252 0000" };
    fs_err e;
    assert_int_equal(fs_identity_add(&s, &org, false, NULL, &e), FS_OK);

    struct found f = search("علی کریمی", 20, NULL);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.ids[0], arabic);
    assert_string_equal(f.text, "علي كريمي"); /* shown as saved */

    /* A word prefix anywhere in the name; names starting with it first. */
    f = search("کریم", 20, NULL);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.ids[0], other);
    assert_int_equal(f.ids[1], arabic);

    f = search("كريم", 20, NULL); /* typed with Arabic letters too */
    assert_int_equal(f.n, 2);
    f = search("مبارکه", 20, NULL);
    assert_string_equal(f.text, "شرکت فولاد مبارکه");
    f = search("فولاد مب", 20, NULL);
    assert_string_equal(f.text, "شرکت فولاد مبارکه");
    f = search("شرکت فولاد", 20, NULL); /* the name-prefix path */
    assert_string_equal(f.text, "شرکت فولاد مبارکه");
    f = search("رضا کریمی", 20, NULL);
    assert_int_equal(f.n, 0);

    /* Numbers by digit prefix, in any script and spacing. */
    f = search("۰۹۱۲", 20, NULL);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.ids[0], arabic);
    f = search("0912 123", 20, NULL);
    assert_int_equal(f.n, 1);
    f = search("+98 912", 20, NULL);
    assert_int_equal(f.n, 1);
    f = search("09", 20, NULL);
    assert_int_equal(f.n, 2);
    f = search("۰۳۱-۵۲۵۲", 20, NULL);
    assert_string_equal(f.text, "شرکت فولاد مبارکه");

    /* The prefix-only search. */
    memset(&f, 0, sizeof f);
    assert_int_equal(fs_identity_search_prefix(&s, "علی", 20, collect, &f, NULL, &e), FS_OK);
    assert_int_equal(f.n, 1);
    memset(&f, 0, sizeof f);
    assert_int_equal(fs_identity_search_prefix(&s, "کریمی", 20, collect, &f, NULL, &e), FS_OK);
    assert_int_equal(f.n, 0);
}

/* Search text is data, never query syntax: quotes, stars, operators and
 * punctuation find what they literally say or nothing, without errors. */
static void test_search_hostile_text(void **state)
{
    (void)state;
    add_person("علی \"کریمی\"", NULL);
    add_person("NEAR AND OR", NULL);
    const char *texts[] = { "\"", "\"\"", "*", "علی\" OR \"", "NEAR(", "AND", "-", "^", "name_key:x", "'; DROP TABLE identity; --",
                            "(((", "a\" * \"b", "،", "\xff\xfe" };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct found f;
        memset(&f, 0, sizeof f);
        fs_err e;
        int st = fs_identity_search(&s, texts[i], 20, collect, &f, NULL, &e);
        if (st != FS_OK)
            fail_msg("search \"%s\": %s", texts[i], e.msg);
    }
    struct found f = search("کریمی\"", 20, NULL);
    assert_int_equal(f.n, 1);
    f = search("and or", 20, NULL);
    assert_string_equal(f.text, "NEAR AND OR");
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 2);

    fs_err e;
    assert_int_equal(fs_identity_search(&s, "   ", 20, collect, &f, NULL, &e), FS_EINVAL);
    assert_int_equal(fs_identity_search(&s, "علی", 0, collect, &f, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "limit");
    assert_int_equal(fs_identity_search(&s, "علی", 1001, collect, &f, NULL, &e), FS_EINVAL);
}

static void test_search_limit(void **state)
{
    (void)state;
    char name[64];
    for (int i = 0; i < 30; i++) {
        snprintf(name, sizeof name, "رضا نمونه %02d", i);
        add_person(name, NULL);
    }
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "علی رضایی %d", i);
        add_person(name, NULL);
    }
    bool more = false;
    struct found f = search("رضا", 10, &more);
    assert_int_equal(f.n, 10);
    assert_true(more);
    assert_non_null(strstr(f.text, "رضا نمونه 00|رضا نمونه 01"));
    f = search("رضا", 40, &more);
    assert_int_equal(f.n, 35); /* 30 starting with it, then 5 with a word starting with it */
    assert_false(more);
    assert_non_null(strstr(f.text, "رضا نمونه 29|علی رضایی 0"));
    f = search("رضا", 35, &more);
    assert_int_equal(f.n, 35);
    assert_false(more);
    f = search("رضا", 30, &more);
    assert_int_equal(f.n, 30);
    assert_true(more);
}

static int count_rows(void *v, const fs_identity_row *r)
{
    int64_t *last = v;
    *last = r->id;
    last[1]++;
    return 0;
}

static void test_list_pages(void **state)
{
    (void)state;
    char name[64];
    for (int i = 0; i < 25; i++) {
        snprintf(name, sizeof name, "مخاطب %d", i);
        add_person(name, NULL);
    }
    fs_identity org = { .kind = "org", .name = "شرکت فولاد مبارکه" };
    fs_err e;
    assert_int_equal(fs_identity_add(&s, &org, false, NULL, &e), FS_OK);
    int64_t page[2] = { 0, 0 };
    assert_int_equal(fs_identity_list(&s, 0, 10, NULL, count_rows, page, &e), FS_OK);
    assert_int_equal(page[0], 10);
    assert_int_equal(page[1], 10);
    page[1] = 0;
    assert_int_equal(fs_identity_list(&s, 20, 10, NULL, count_rows, page, &e), FS_OK);
    assert_int_equal(page[0], 26);
    assert_int_equal(page[1], 6);
    page[1] = 0;
    assert_int_equal(fs_identity_list(&s, 0, 10, "org", count_rows, page, &e), FS_OK);
    assert_int_equal(page[1], 1);
    assert_int_equal(page[0], 26);
    assert_int_equal(fs_identity_list(&s, 0, 10, "robot", count_rows, page, &e), FS_EINVAL);
    assert_int_equal(fs_identity_list(&s, 0, 0, NULL, count_rows, page, &e), FS_EINVAL);
}

/* Two identities with one name: naming it is ambiguous and lists both. */
static void test_lookup_ambiguous(void **state)
{
    (void)state;
    int64_t a = add_person("علی کریمی", "09121111111");
    int64_t b = add_person("علي كريمي", "09122222222");
    fs_err e;
    int64_t id = 0;
    assert_int_equal(fs_lookup_identity(&s, "علی کریمی", "identity", &id, &e), FS_EINVAL);
    char want[64];
    snprintf(want, sizeof want, "%lld علی کریمی", (long long)a);
    assert_non_null(strstr(e.msg, want));
    snprintf(want, sizeof want, "%lld علي كريمي", (long long)b);
    assert_non_null(strstr(e.msg, want));
    assert_int_equal(fs_lookup_identity(&s, "۲", "identity", &id, &e), FS_OK);
    assert_int_equal(id, b);
}

struct bulk {
    fs_session *s;
    int n;
};

/* Inserts b->n identities through the real validation, in one transaction. */
static int bulk_tx(fs_db *db, void *v, fs_err *e)
{
    (void)db;
    struct bulk *b = v;
    static const char *first[] = { "علی", "محمد", "زهرا", "فاطمه", "حسین", "مریم", "رضا", "سارا", "مهدی", "نرگس" };
    static const char *last[] = { "کریمی", "رضایی", "محمدی", "احمدی", "حسینی", "موسوی", "جعفری", "صادقی",
                                  "رحیمی", "قاسمی", "نوری", "باقری", "کاظمی", "یزدانی", "شریفی", "طاهری" };
    char name[128], mobile[32];
    for (int i = 0; i < b->n; i++) {
        snprintf(name, sizeof name, "%s %s %d", first[i % 10], last[(i / 10) % 16], i);
        snprintf(mobile, sizeof mobile, "0912%07d", i);
        fs_identity r = { .kind = i % 7 ? "person" : "org", .name = name, .mobile = mobile };
        int st = fs_identity_insert(b->s, &r, false, NULL, e);
        if (st != FS_OK)
            return st;
    }
    return FS_OK;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void test_bulk_search_speed(void **state)
{
    (void)state;
    struct bulk b = { &s, 20000 };
    fs_err e;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(fs_db_write(s.db, bulk_tx, &b, &e), FS_OK);
    printf("# inserted 20000 identities in %.0f ms\n", ms_since(&t0));
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 20000);

    const char *queries[] = { "کریم", "علی رض", "محمد", "۰۹۱۲۰۰۰۱", "زهرا کاظمی 12" };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        bool more;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        struct found f = search(queries[i], 20, &more);
        double ms = ms_since(&t0);
        printf("# search \"%s\": %d rows in %.2f ms\n", queries[i], f.n, ms);
        assert_true(f.n > 0);
        assert_true(ms < 500.0); /* typically well under 10 ms; generous for sanitizers */
    }
    struct found f = search("علی کریمی 1", 5, NULL);
    assert_int_equal(f.n, 5);
    assert_string_equal(f.text, "علی کریمی 10080|علی کریمی 10240|علی کریمی 10400|علی کریمی 10560|علی کریمی 10720");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_stores_canonical_forms, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_validation, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_numbers, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_edit_version_and_history, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_search_folds_spelling, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_search_hostile_text, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_search_limit, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_list_pages, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_lookup_ambiguous, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bulk_search_speed, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
