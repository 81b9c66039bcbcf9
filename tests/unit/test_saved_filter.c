/* test_saved_filter.c — saved filters of the opportunity list (SPEC §10):
 * a filter with every field set comes back identical; names are trimmed,
 * 1–100 characters, unique per user by search key unless replaced; another
 * user neither sees nor loads one; stored args that are garbage, outdated
 * or point at deleted items are refused with the filter and field named,
 * or read for what they still say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign.h"
#include "identity.h"
#include "lookup.h"
#include "product.h"
#include "saved_filter.h"
#include "subtype.h"
#include "user.h"

#include "fixture.h"

static int setup(void **state)
{
    (void)state;
    if (fx_open("sf", NULL, "reza") != 0)
        return -1;
    s.today = fs_today();
    return 0;
}

static int64_t count_filters(void)
{
    return fx_query_int("SELECT count(*) FROM saved_filter");
}

/* Stores args as reza's filter `name` directly, as an old or hostile
 * program might have. */
static void store_raw(const char *name, const char *args)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(fs_db_sqlite(s.db),
                                        "INSERT INTO saved_filter(user_id, name, args) VALUES (?1, ?2, ?3)", -1, &st,
                                        NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, s.user_id);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, args, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int64_t find(const char *text)
{
    int64_t id = 0;
    fs_err e;
    assert_int_equal(fs_saved_filter_find(&s, text, "filter", &id, &e), FS_OK);
    return id;
}

/* A filter with every field set, on items that exist. */
static void full_filter(fs_opp_filter *f, char *text)
{
    fs_err e;
    fs_opp_filter_init(f);
    int64_t id;
    assert_int_equal(fs_subtype_resolve(&s, "default", "subtype", &f->subtype_id, &e), FS_OK);
    assert_int_equal(fs_stage_resolve(&s, f->subtype_id, "negotiation", "stage", &f->stage_id, &e), FS_OK);
    assert_int_equal(fs_lookup_list_item(&s, "type", "bulk", "type", &f->type_id, &e), FS_OK);
    assert_int_equal(fs_lookup_list_item(&s, "source", "exhibition", "source", &f->source_id, &e), FS_OK);
    assert_int_equal(fs_campaign_add(&s, "نمایشگاه الکامپ", NULL, NULL, &f->campaign_id, &e), FS_OK);
    f->assigned_id = s.user_id;
    fs_identity in;
    memset(&in, 0, sizeof in);
    in.kind = "person";
    in.name = "علی کریمی";
    assert_int_equal(fs_identity_add(&s, &in, false, &f->identity_id, &e), FS_OK);
    assert_int_equal(fs_group_add(&s, "لپ‌تاپ", 0, &f->group_id, &e), FS_OK);
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "LT-1");
    snprintf(p.name, sizeof p.name, "لپ‌تاپ ایسوس");
    p.group_id = f->group_id;
    assert_int_equal(fs_product_add(&s, &p, &f->product_id, &e), FS_OK);
    assert_int_equal(fs_lookup_list_item(&s, "win_reason", "price", "r", &f->win_reason_id, &e), FS_OK);
    assert_int_equal(fs_lookup_list_item(&s, "loss_reason", "no_budget", "r", &f->loss_reason_id, &e), FS_OK);
    f->stage_kind = FS_STAGE_OPEN;
    f->close_from = "2026-03-21";
    f->close_to = "2027-03-20";
    f->overdue = true;
    f->won_from = "2025-01-01";
    f->won_to = "2025-12-31";
    f->lost_from = "2024-02-29";
    f->lost_to = "2024-03-01";
    f->has_realized_min = true;
    f->realized_min = -5;
    f->has_realized_max = true;
    f->realized_max = 4000000000000LL;
    strcpy(text, "کریمی \\ تهران\tسرور\nدو");
    f->text = text;
    f->invert = true;
    (void)id;
}

static void assert_same_filter(const fs_opp_filter *a, const fs_opp_filter *b)
{
    assert_int_equal(a->subtype_id, b->subtype_id);
    assert_int_equal(a->stage_id, b->stage_id);
    assert_int_equal(a->type_id, b->type_id);
    assert_int_equal(a->source_id, b->source_id);
    assert_int_equal(a->campaign_id, b->campaign_id);
    assert_int_equal(a->assigned_id, b->assigned_id);
    assert_int_equal(a->identity_id, b->identity_id);
    assert_int_equal(a->stage_kind, b->stage_kind);
    assert_int_equal(a->product_id, b->product_id);
    assert_int_equal(a->group_id, b->group_id);
    assert_int_equal(a->win_reason_id, b->win_reason_id);
    assert_int_equal(a->loss_reason_id, b->loss_reason_id);
    const char *const da[] = { a->close_from, a->close_to, a->won_from, a->won_to, a->lost_from, a->lost_to, a->text };
    const char *const db[] = { b->close_from, b->close_to, b->won_from, b->won_to, b->lost_from, b->lost_to, b->text };
    for (int i = 0; i < 7; i++) {
        if (!da[i] || !*da[i])
            assert_true(!db[i] || !*db[i]);
        else
            assert_string_equal(da[i], db[i]);
    }
    assert_int_equal(a->overdue, b->overdue);
    assert_int_equal(a->has_realized_min, b->has_realized_min);
    assert_int_equal(a->has_realized_max, b->has_realized_max);
    assert_int_equal(a->realized_min, b->realized_min);
    assert_int_equal(a->realized_max, b->realized_max);
    assert_int_equal(a->invert, b->invert);
    assert_int_equal(a->after, b->after);
    assert_int_equal(a->limit, b->limit);
    assert_int_equal(a->totals, b->totals);
}

/* Every field saved comes back as it was, by name and by id; the page
 * fields are left at their defaults; a copy re-aimed with
 * fs_saved_filter_point stands alone. */
static void test_round_trip_every_field(void **state)
{
    (void)state;
    fs_err e;
    fs_opp_filter f;
    char text[128];
    full_filter(&f, text);
    int64_t id = 0;
    assert_int_equal(fs_saved_filter_save(&s, "  فرصت‌های معوق تهران  ", &f, false, &id, &e), FS_OK);
    assert_true(id > 0);
    assert_int_equal(find("فرصت‌های معوق تهران"), id);
    fs_saved_filter *sf = calloc(1, sizeof *sf);
    assert_non_null(sf);
    assert_int_equal(fs_saved_filter_load(&s, id, sf, &e), FS_OK);
    assert_string_equal(sf->name, "فرصت‌های معوق تهران");
    assert_int_equal(sf->id, id);
    fs_opp_filter want = f;
    want.after = 0;
    want.limit = 50;
    want.totals = true;
    assert_same_filter(&want, &sf->f);

    fs_saved_filter *copy = malloc(sizeof *copy);
    assert_non_null(copy);
    *copy = *sf;
    fs_saved_filter_point(copy);
    memset(sf, 0, sizeof *sf);
    assert_same_filter(&want, &copy->f);
    free(copy);
    free(sf);

    /* The stored text is the documented format. */
    char *args = NULL;
    assert_int_equal(fs_saved_filter_encode(&f, &args, &e), FS_OK);
    assert_non_null(strstr(args, "forsat-filter 1\n"));
    assert_non_null(strstr(args, "\nclose_from=2026-03-21\n"));
    assert_non_null(strstr(args, "\nrealized_min=-5\n"));
    assert_non_null(strstr(args, "\ntext=کریمی \\\\ تهران\\tسرور\\nدو\n"));
    assert_non_null(strstr(args, "\ninvert=1\n"));
    assert_non_null(strstr(args, "\nstatus=open\n"));
    free(args);

    /* An empty filter round-trips as empty. */
    fs_opp_filter none;
    fs_opp_filter_init(&none);
    assert_int_equal(fs_saved_filter_save(&s, "همه", &none, false, &id, &e), FS_OK);
    fs_saved_filter sf2;
    assert_int_equal(fs_saved_filter_load(&s, id, &sf2, &e), FS_OK);
    assert_same_filter(&none, &sf2.f);
    assert_null(sf2.f.text);
    assert_null(sf2.f.close_from);
}

/* Another user's filters are not there for them: not listed, not found
 * by name or id, not loaded, renamed or deleted; they may use the same
 * name for their own. */
static int count_row(void *ctx, const fs_saved_filter_row *r)
{
    (void)r;
    (*(int *)ctx)++;
    return 0;
}

static void test_private_to_the_user(void **state)
{
    (void)state;
    fs_err e;
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.overdue = true;
    int64_t mine = 0;
    assert_int_equal(fs_saved_filter_save(&s, "معوق‌ها", &f, false, &mine, &e), FS_OK);
    fs_session reza = s;
    assert_int_equal(fs_user_add(&s, "sara", "سارا احمدی", "sales_rep", NULL, &e), FS_OK);
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    int n = 0;
    assert_int_equal(fs_saved_filter_list(&s, count_row, &n, &e), FS_OK);
    assert_int_equal(n, 0);
    int64_t id = 0;
    assert_int_equal(fs_saved_filter_find(&s, "معوق‌ها", "filter", &id, &e), FS_EINVAL);
    assert_string_equal(e.field, "filter");
    char digits[24];
    snprintf(digits, sizeof digits, "%lld", (long long)mine);
    assert_int_equal(fs_saved_filter_find(&s, digits, "filter", &id, &e), FS_EINVAL);
    fs_saved_filter sf;
    assert_int_equal(fs_saved_filter_load(&s, mine, &sf, &e), FS_ECONFLICT);
    assert_int_equal(fs_saved_filter_rename(&s, mine, "مال من", &e), FS_ECONFLICT);
    assert_int_equal(fs_saved_filter_delete(&s, mine, &e), FS_ECONFLICT);
    /* The same name is free for sara. */
    int64_t hers = 0;
    assert_int_equal(fs_saved_filter_save(&s, "معوق‌ها", &f, false, &hers, &e), FS_OK);
    assert_true(hers != mine);
    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);
    (void)reza;
    assert_int_equal(fs_saved_filter_load(&s, mine, &sf, &e), FS_OK);
    assert_string_equal(sf.name, "معوق‌ها");
    assert_int_equal(fs_saved_filter_load(&s, hers, &sf, &e), FS_ECONFLICT);
}

/* Names: trimmed, 1–100 characters, one line, without the controls
 * fs_text_normalize removes; a name equal
 * by search key is a conflict unless replacing, and replacing keeps the
 * id; renaming and deleting. */
static void test_names(void **state)
{
    (void)state;
    fs_err e;
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    int64_t before = count_filters();
    assert_int_equal(fs_saved_filter_save(&s, "   ", &f, false, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "name");
    assert_int_equal(fs_saved_filter_save(&s, NULL, &f, false, NULL, &e), FS_EINVAL);
    char longname[512] = "";
    for (int i = 0; i < 101; i++)
        strcat(longname, "ف");
    assert_int_equal(fs_saved_filter_save(&s, longname, &f, false, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "name");
    longname[strlen(longname) - 2] = '\0'; /* 100 characters */
    int64_t id100 = 0;
    assert_int_equal(fs_saved_filter_save(&s, longname, &f, false, &id100, &e), FS_OK);
    assert_int_equal(fs_saved_filter_save(&s, "دو\nخط", &f, false, NULL, &e), FS_EINVAL);
    /* Controls a terminal would obey never reach the database: the name is
     * stored without the bell (fs_text_normalize). */
    int64_t bell = 0;
    assert_int_equal(fs_saved_filter_save(&s, "زنگ\x07", &f, false, &bell, &e), FS_OK);
    fs_saved_filter *bf = malloc(sizeof *bf);
    assert_non_null(bf);
    assert_int_equal(fs_saved_filter_load(&s, bell, bf, &e), FS_OK);
    assert_string_equal(bf->name, "زنگ");
    free(bf);
    assert_int_equal(count_filters(), before + 2);

    int64_t a = 0, b = 0;
    assert_int_equal(fs_saved_filter_save(&s, "فرصت‌های تهران", &f, false, &a, &e), FS_OK);
    /* Another spelling of the same name (no ZWNJ, Arabic yeh). */
    f.overdue = true;
    assert_int_equal(fs_saved_filter_save(&s, "فرصتهاي تهران", &f, false, &b, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "name");
    assert_non_null(strstr(e.msg, "فرصتهاي تهران"));
    assert_int_equal(fs_saved_filter_save(&s, "فرصتهاي تهران", &f, true, &b, &e), FS_OK);
    assert_int_equal(b, a);
    fs_saved_filter sf;
    assert_int_equal(fs_saved_filter_load(&s, a, &sf, &e), FS_OK);
    assert_string_equal(sf.name, "فرصتهاي تهران");
    assert_true(sf.f.overdue);
    assert_int_equal(count_filters(), before + 3);

    /* Rename: to a free name; to its own name in another spelling; not
     * onto another filter's name. */
    assert_int_equal(fs_saved_filter_rename(&s, a, "تهران", &e), FS_OK);
    assert_int_equal(find("تهران"), a);
    assert_int_equal(fs_saved_filter_rename(&s, a, "تهران ", &e), FS_OK);
    assert_int_equal(fs_saved_filter_rename(&s, a, longname, &e), FS_ECONFLICT);
    assert_int_equal(fs_saved_filter_rename(&s, a, "", &e), FS_EINVAL);
    /* Find: by a unique prefix, by id in Persian digits; ambiguous lists. */
    assert_int_equal(find("تهر"), a);
    assert_int_equal(fs_saved_filter_save(&s, "تهرانپارس", &f, false, NULL, &e), FS_OK);
    assert_int_equal(find("تهران"), a); /* exact beats prefix */
    int64_t id = 0;
    assert_int_equal(fs_saved_filter_find(&s, "تهر", "filter", &id, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "ambiguous"));
    assert_int_equal(fs_saved_filter_find(&s, "", "filter", &id, &e), FS_EINVAL);

    assert_int_equal(fs_saved_filter_delete(&s, a, &e), FS_OK);
    assert_int_equal(fs_saved_filter_delete(&s, a, &e), FS_ECONFLICT);
    assert_int_equal(fs_saved_filter_load(&s, a, &sf, &e), FS_ECONFLICT);
}

/* Saving refuses what cannot be stored or named: a bad date, a text too
 * long, an id of nothing. */
static void test_save_refuses_bad_fields(void **state)
{
    (void)state;
    fs_err e;
    fs_opp_filter f;
    int64_t before = count_filters();
    fs_opp_filter_init(&f);
    f.close_to = "1405/01/01";
    assert_int_equal(fs_saved_filter_save(&s, "x1", &f, false, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "close_to");
    fs_opp_filter_init(&f);
    f.text = "۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱";
    assert_int_equal(fs_saved_filter_save(&s, "x2", &f, false, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "text");
    fs_opp_filter_init(&f);
    f.campaign_id = 999;
    assert_int_equal(fs_saved_filter_save(&s, "x3", &f, false, NULL, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "campaign");
    assert_int_equal(count_filters(), before);
}

/* Stored args that are garbage, from another version, or that name an
 * item deleted since: refused naming the filter and the field, never a
 * crash; unknown keys and stray lines are ignored. */
static void test_stored_garbage(void **state)
{
    (void)state;
    fs_err e;
    fs_saved_filter sf;
    store_raw("زباله", "\x01\x02 rm -rf /; DROP TABLE opportunity;");
    assert_int_equal(fs_saved_filter_load(&s, find("زباله"), &sf, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "زباله"));
    assert_non_null(strstr(e.msg, "damaged"));
    store_raw("خالی", "");
    assert_int_equal(fs_saved_filter_load(&s, find("خالی"), &sf, &e), FS_EINVAL);
    store_raw("بایت بد", "forsat-filter 1\ntext=\xff\xfe\n");
    assert_int_equal(fs_saved_filter_load(&s, find("بایت بد"), &sf, &e), FS_EINVAL);

    /* A newer version's filter: known keys read, others ignored. */
    store_raw("نسخه ۹", "forsat-filter 9\r\nfuture_key=whatever\nno equals sign here\n\noverdue=1\r\n"
                        "stage=\nstatus=won\n=\ntext=a\\\\b\n");
    int64_t id = find("نسخه ۹");
    assert_int_equal(fs_saved_filter_load(&s, id, &sf, &e), FS_EINVAL); /* stage= is empty */
    assert_string_equal(e.field, "stage");
    assert_non_null(strstr(e.msg, "نسخه ۹"));
    fx_exec("UPDATE saved_filter SET args = 'forsat-filter 9\nfuture_key=whatever\nno equals sign here\n\noverdue=1\r\n"
        "status=won\n=\ntext=a\\\\b\nstatus=lost' WHERE name = 'نسخه ۹'");
    assert_int_equal(fs_saved_filter_load(&s, id, &sf, &e), FS_OK);
    assert_true(sf.f.overdue);
    assert_int_equal(sf.f.stage_kind, FS_STAGE_LOST);
    assert_string_equal(sf.f.text, "a\\b");
    assert_int_equal(sf.f.subtype_id, 0);

    /* Bad values of known keys. */
    const char *bad[][2] = {
        { "forsat-filter 1\ncampaign=-3\n", "campaign" },
        { "forsat-filter 1\ncampaign=1e3\n", "campaign" },
        { "forsat-filter 1\ncampaign=99999999999999999999999\n", "campaign" },
        { "forsat-filter 1\nclose_from=1405-01-01x\n", "close_from" },
        { "forsat-filter 1\nwon_to=2025-02-30\n", "won_to" },
        { "forsat-filter 1\nstatus=OPEN; --\n", "status" },
        { "forsat-filter 1\noverdue=yes\n", "overdue" },
        { "forsat-filter 1\nrealized_max=12,000\n", "realized_max" },
        { "forsat-filter 1\ntext=bad \\q escape\n", "text" },
        { "forsat-filter x\noverdue=1\n", "args" },
        { "FORSAT-FILTER 1\n", "args" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(fs_db_sqlite(s.db), "UPDATE saved_filter SET args = ?1 WHERE id = ?2",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, bad[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, id);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        assert_int_equal(fs_saved_filter_load(&s, id, &sf, &e), FS_EINVAL);
        assert_string_equal(e.field, bad[i][1]);
        assert_non_null(strstr(e.msg, "نسخه ۹"));
        /* Refused: the filter is left empty, not half read. */
        assert_int_equal(sf.f.overdue, false);
        assert_int_equal(sf.f.campaign_id, 0);
        assert_null(sf.f.text);
    }

    /* An item deleted since the filter was saved. */
    fs_identity in;
    memset(&in, 0, sizeof in);
    in.kind = "person";
    in.name = "مشتری رفته";
    int64_t who = 0;
    assert_int_equal(fs_identity_add(&s, &in, false, &who, &e), FS_OK);
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.identity_id = who;
    int64_t gone = 0;
    assert_int_equal(fs_saved_filter_save(&s, "مشتری رفته", &f, false, &gone, &e), FS_OK);
    char q[128];
    snprintf(q, sizeof q, "DELETE FROM identity WHERE id = %lld", (long long)who);
    fx_exec(q);
    assert_int_equal(fs_saved_filter_load(&s, gone, &sf, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "contact");
    assert_non_null(strstr(e.msg, "مشتری رفته"));
    assert_non_null(strstr(e.msg, "contact"));
    assert_int_equal(sf.f.identity_id, 0);
}

/* The label of each referenced item, as the filter form shows it. */
static void test_labels(void **state)
{
    (void)state;
    fs_err e;
    char buf[256];
    int64_t id;
    assert_int_equal(fs_lookup_list_item(&s, "type", "bulk", "type", &id, &e), FS_OK);
    assert_int_equal(fs_lookup_label(&s, "type", id, buf, sizeof buf, &e), FS_OK);
    assert_string_equal(buf, "Bulk order");
    s.lang_fa = true;
    assert_int_equal(fs_lookup_label(&s, "type", id, buf, sizeof buf, &e), FS_OK);
    assert_string_equal(buf, "سفارش انبوه");
    s.lang_fa = false;
    /* A type's id is not a source. */
    assert_int_equal(fs_lookup_label(&s, "source", id, buf, sizeof buf, &e), FS_ECONFLICT);
    assert_int_equal(fs_lookup_label(&s, "assigned", s.user_id, buf, sizeof buf, &e), FS_OK);
    assert_int_equal(fs_lookup_label(&s, "nonsense", 1, buf, sizeof buf, &e), FS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_every_field, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_private_to_the_user, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_names, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_save_refuses_bad_fields, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stored_garbage, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_labels, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
