/* test_history.c — the change history as a user reads it (history.h):
 * field labels, stages and list items by label, users by name, dates in
 * the session's calendar and digits, amounts with separators (and in
 * Toman), in English and Persian. */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "history.h"
#include "identity.h"
#include "lookup.h"
#include "opportunity.h"

#include "fixture.h"

/* Persian labels come from the build tree's po/fa/LC_MESSAGES/forsat.mo,
 * two directories above this program (tests/unit/). */
static void use_language(bool fa)
{
    setenv("LANGUAGE", fa ? "fa" : "en", 1);
    s.lang_fa = fa;
}

static int setup(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    setenv("TZ", "UTC", 1);
    char exe[PATH_MAX], po[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return -1;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(po, sizeof po, "%s/../../po", exe);
    bindtextdomain("forsat", po);
    bind_textdomain_codeset("forsat", "UTF-8");

    if (fx_open("history",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z')",
                "reza") != 0)
        return -1;
    s.today = fs_today();
    return 0;
}

/* A saved opportunity of a new contact. */
static int64_t new_opp(void)
{
    fs_err e;
    fs_identity in = { .kind = "person", .name = "علی کریمی" };
    int64_t who;
    assert_int_equal(fs_identity_add(&s, &in, false, &who, &e), FS_OK);
    fs_opp o;
    assert_int_equal(fs_opp_new(&s, &o, &e), FS_OK);
    o.identity_id = who;
    assert_int_equal(fs_opp_set_text(&o.title, "فروش لپ‌تاپ", &e), FS_OK);
    fs_opp_set_amount(&o, 50000000);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    int64_t id = o.id;
    fs_opp_free(&o);
    return id;
}

static void describe(const char *field, const char *a, const char *b, const char *label, const char *ta,
                     const char *tb, int64_t opp)
{
    fs_change_text t;
    fs_history_describe(&s, "opportunity", opp, field, a, b, &t);
    assert_string_equal(t.label, label);
    assert_string_equal(t.old_text, ta);
    assert_string_equal(t.new_text, tb);
}

static void describe_en(void **state)
{
    (void)state;
    int64_t opp = new_opp();
    use_language(false);
    s.digits = FS_DIGITS_LATIN;
    s.calendar = FS_CAL_JALALI;
    s.toman = false;
    describe("stage", "contact", "lost", "Stage", "Establishing contact", "Lost", opp);
    describe("loss_reason", NULL, "competitor", "Loss reason", "", "Competitor", opp);
    describe("lost_at", NULL, "2026-11-27", "Lost on", "", "1405/09/06", opp);
    describe("final_amount", "50000000", "60000000", "Final amount", "50,000,000", "60,000,000", opp);
    describe("important", "0", "1", "Important", "no", "yes", opp);
    describe("probability", "40", "60", "Probability", "40%", "60%", opp);
    describe("assigned", "reza", "sara", "Assigned to", "reza", "سارا احمدی", opp);
    /* What it does not know is shown as stored. */
    describe("no_such_field", "a", "b", "no_such_field", "a", "b", opp);
    describe("type", NULL, "no_such_key", "Type", "", "no_such_key", opp);

    s.calendar = FS_CAL_GREGORIAN;
    describe("close_date", "2026-11-27", NULL, "Close date", "2026-11-27", "", opp);
    s.calendar = FS_CAL_JALALI;

    s.toman = true;
    describe("final_amount", "50000000", "60000005", "Final amount", "5,000,000 Toman", "6,000,001 Toman", opp);
    s.toman = false;

    char when[64];
    fs_history_when(&s, "2026-11-27T16:28:08Z", when, sizeof when);
    assert_string_equal(when, "1405/09/06 16:28");
    fs_history_when(&s, "not a time", when, sizeof when);
    assert_string_equal(when, "not a time");
}

static void describe_fa(void **state)
{
    (void)state;
    int64_t opp = new_opp();
    use_language(true);
    s.digits = FS_DIGITS_PERSIAN;
    s.calendar = FS_CAL_JALALI;
    describe("stage", "contact", "lost", "مرحله فروش", "برقراری ارتباط", "ناموفق", opp);
    describe("loss_reason", NULL, "competitor", "دلیل شکست", "", "رقیب", opp);
    describe("lost_at", NULL, "2026-11-27", "تاریخ شکست", "", "۱۴۰۵/۰۹/۰۶", opp);
    describe("final_amount", "50000000", "60000000", "مبلغ نهایی", "۵۰٬۰۰۰٬۰۰۰", "۶۰٬۰۰۰٬۰۰۰", opp);
    describe("important", NULL, "1", "مهم", "", "بله", opp);
    s.toman = true;
    describe("final_amount", NULL, "50000000", "مبلغ نهایی", "", "۵٬۰۰۰٬۰۰۰ تومان", opp);
    s.toman = false;
    char when[64];
    fs_history_when(&s, "2026-11-27T16:28:08Z", when, sizeof when);
    assert_string_equal(when, "۱۴۰۵/۰۹/۰۶ ۱۶:۲۸");
    use_language(false);
    s.digits = FS_DIGITS_LATIN;
}

/* Rows written by a save come back display-ready, raw values beside them. */
static void rows_of_a_save(void **state)
{
    (void)state;
    int64_t opp = new_opp();
    fs_err e;
    fs_opp o;
    assert_int_equal(fs_opp_load(&s, opp, &o, &e), FS_OK);
    int64_t lost;
    assert_int_equal(fs_lookup_stage(&s, o.subtype_id, "lost", "stage", &lost, &e), FS_OK);
    assert_int_equal(fs_opp_set_stage(&s, &o, lost, "competitor", &e), FS_OK);
    fs_opp_set_amount(&o, 60000000);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    fs_opp_free(&o);

    use_language(true);
    s.digits = FS_DIGITS_LATIN;
    fs_change_row *r;
    int n;
    assert_int_equal(fs_history_rows(&s, "opportunity", opp, &r, &n, &e), FS_OK);
    bool stage = false, reason = false, amount = false, date = false;
    for (int i = 0; i < n; i++) {
        assert_string_equal(r[i].login, "reza");
        assert_string_equal(r[i].user_name, "reza");
        if (strcmp(r[i].field, "stage") == 0) {
            stage = true;
            assert_string_equal(r[i].old_value, "contact");
            assert_string_equal(r[i].new_value, "lost");
            assert_string_equal(r[i].label, "مرحله فروش");
            assert_string_equal(r[i].old_text, "برقراری ارتباط");
            assert_string_equal(r[i].new_text, "ناموفق");
        } else if (strcmp(r[i].field, "loss_reason") == 0) {
            reason = true;
            assert_null(r[i].old_value);
            assert_string_equal(r[i].old_text, "");
            assert_string_equal(r[i].new_text, "رقیب");
        } else if (strcmp(r[i].field, "final_amount") == 0) {
            amount = true;
            assert_string_equal(r[i].new_value, "60000000");
            assert_string_equal(r[i].new_text, "60,000,000");
        } else if (strcmp(r[i].field, "lost_at") == 0) {
            date = true;
            char want[32];
            fs_date_format(s.today, FS_CAL_JALALI, FS_DIGITS_LATIN, want, sizeof want);
            assert_string_equal(r[i].new_text, want);
        }
    }
    assert_true(stage && reason && amount && date);
    fs_history_rows_free(r, n);
    use_language(false);
    assert_int_equal(fs_history_rows(&s, "opportunity", 9999, &r, &n, &e), FS_ECONFLICT);
    assert_null(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(describe_en, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(describe_fa, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(rows_of_a_save, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
