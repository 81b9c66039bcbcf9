/* Tests of the admin tools in src/core: the shell's word splitter
 * (words.c), CSV import and export (csv_io.c) — every row validated, bad
 * rows reported by file line and column and nothing imported, --skip-bad,
 * BOM, CRLF, quoted cells with commas, line breaks and quotes, Persian
 * headers, duplicates by line, opportunities grouped by opp_ref — and the
 * change history list (history.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_io.h"
#include "history.h"
#include "identity.h"
#include "opportunity.h"
#include "session.h"
#include "store.h"
#include "words.h"

#include "fixture.h"

static char csv[320];

/* What an import reported. */
struct reports {
    int n;
    long line[32];
    char column[32][64];
    char msg[32][512];
};
static struct reports rep;

static void collect(void *ctx, long line, const char *column, const char *msg)
{
    struct reports *r = ctx;
    if (r->n < 32) {
        r->line[r->n] = line;
        snprintf(r->column[r->n], sizeof r->column[r->n], "%s", column);
        snprintf(r->msg[r->n], sizeof r->msg[r->n], "%s", msg);
        r->n++;
    }
}

static int setup(void **state)
{
    (void)state;
    if (fx_open("csv",
                "INSERT INTO user(login, name, role_id, created_at) VALUES "
                "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z')",
                "reza") != 0)
        return -1;
    snprintf(csv, sizeof csv, "%s/in.csv", fx_dir);
    s.today = fs_today();
    memset(&rep, 0, sizeof rep);
    return 0;
}

/* Writes text (bytes as given) to the test's CSV file. */
static void write_csv(const char *text)
{
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Imports the test's CSV file; reports land in rep. */
static int import(enum fs_csv_kind kind, bool skip_bad, bool dry_run, fs_import_result *r, fs_err *e)
{
    memset(&rep, 0, sizeof rep);
    fs_import_opts o = { skip_bad, dry_run, collect, &rep };
    return fs_import_csv(&s, kind, csv, &o, r, e);
}

/* True when some report is on line with column and mentions text. */
static bool reported(long line, const char *column, const char *text)
{
    for (int i = 0; i < rep.n; i++)
        if (rep.line[i] == line && strcmp(rep.column[i], column) == 0 && strstr(rep.msg[i], text))
            return true;
    return false;
}

/* ---- words ------------------------------------------------------------------ */

static void words_split(void **state)
{
    (void)state;
    fs_words w;
    fs_err e;
    assert_int_equal(fs_words_split("  contact add --name \"علی کریمی\"\t--phone '021 8888'  ", false, &w, &e), FS_OK);
    assert_int_equal(w.n, 6);
    assert_string_equal(w.v[0], "contact");
    assert_string_equal(w.v[3], "علی کریمی");
    assert_string_equal(w.v[5], "021 8888");
    assert_null(w.v[6]);
    fs_words_free(&w);

    /* Adjacent parts make one word; backslashes; "" is an empty word. */
    assert_int_equal(fs_words_split("a'b c'\"d\\\"e\"f\\ g \"\" 'x\\y' \"\\$\\q\"", false, &w, &e), FS_OK);
    assert_int_equal(w.n, 4);
    assert_string_equal(w.v[0], "ab cd\"ef g");
    assert_string_equal(w.v[1], "");
    assert_string_equal(w.v[2], "x\\y");
    assert_string_equal(w.v[3], "$\\q");
    fs_words_free(&w);

    /* A # starts a comment only at the start of a word. */
    assert_int_equal(fs_words_split("list show a#b # the rest", false, &w, &e), FS_OK);
    assert_int_equal(w.n, 3);
    assert_string_equal(w.v[2], "a#b");
    fs_words_free(&w);

    assert_int_equal(fs_words_split("   ", false, &w, &e), FS_OK);
    assert_int_equal(w.n, 0);
    assert_null(w.v[0]);
    fs_words_free(&w);
    assert_int_equal(fs_words_split("# only a comment", false, &w, &e), FS_OK);
    assert_int_equal(w.n, 0);
    fs_words_free(&w);
}

static void words_errors(void **state)
{
    (void)state;
    fs_words w;
    fs_err e;
    assert_int_equal(fs_words_split("contact add --name \"علی", false, &w, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "double-quoted"));
    assert_int_equal(w.n, 0);
    fs_words_free(&w);
    assert_int_equal(fs_words_split("echo 'abc", false, &w, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "single-quoted"));
    fs_words_free(&w);
    assert_int_equal(fs_words_split("abc\\", false, &w, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "backslash"));
    fs_words_free(&w);

    /* Lenient: the cut word is kept and marked open. */
    assert_int_equal(fs_words_split("contact search \"علی کر", true, &w, &e), FS_OK);
    assert_int_equal(w.n, 3);
    assert_true(w.open);
    assert_string_equal(w.v[2], "علی کر");
    fs_words_free(&w);
    assert_int_equal(fs_words_split("user grant ", true, &w, &e), FS_OK);
    assert_int_equal(w.n, 2);
    assert_false(w.open);
    fs_words_free(&w);
}

/* ---- contacts ------------------------------------------------------------------ */

/* Persian headers; line 3 has a bad phone; line 4's quoted notes run over
 * two lines, so the next record (a bad source) starts on line 6. */
static const char bad_contacts[] = "نام,تلفن,موبایل,نوع,منبع,یادداشت\n"
                                   "علی کریمی,021-8888 1234,0912 111 2233,حقیقی,phone,\n"
                                   "رضا احمدی,۰۲۱-abc,,person,,\n"
                                   "شرکت فولاد مبارکه,031 5555 0000,,org,exhibition,\"دو\nخط\"\n"
                                   "مریم رضایی,,09351234567,person,nosuch,\n"
                                   "زهرا موسوی,,09361234567,,,\n";

static void import_all_or_nothing(void **state)
{
    (void)state;
    write_csv(bad_contacts);
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "nothing was imported"));
    assert_int_equal(rep.n, 2);
    assert_true(reported(3, "تلفن", "phone"));
    assert_true(reported(6, "منبع", "nosuch"));
    assert_int_equal(r.bad_rows, 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 0);
    /* The search index is untouched and its trigger is back. */
    assert_int_equal(fx_query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'identity_fts_ai'"), 1);
}

static void import_skip_bad(void **state)
{
    (void)state;
    write_csv(bad_contacts);
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, true, false, &r, &e), FS_OK);
    assert_int_equal(r.imported, 3);
    assert_int_equal(r.skipped, 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 3);
    char buf[256];
    assert_string_equal(fx_query_text("SELECT phone FROM identity WHERE name = 'علی کریمی'", buf, sizeof buf),
                        "02188881234");
    assert_string_equal(fx_query_text("SELECT kind FROM identity WHERE name = 'شرکت فولاد مبارکه'", buf, sizeof buf),
                        "org");
    assert_string_equal(fx_query_text("SELECT notes FROM identity WHERE name = 'شرکت فولاد مبارکه'", buf, sizeof buf),
                        "دو\nخط");
    /* No kind column value: a person. */
    assert_string_equal(fx_query_text("SELECT kind FROM identity WHERE name = 'زهرا موسوی'", buf, sizeof buf),
                        "person");
    /* Imported contacts are found by the type-ahead search. */
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity_fts WHERE identity_fts MATCH 'موسوی*'"), 1);
    assert_int_equal(fx_query_int("SELECT count(*) FROM sqlite_schema WHERE name = 'identity_fts_ai'"), 1);
    fs_identity in = { .kind = "person", .name = "امیر جعفری" };
    int64_t id;
    assert_int_equal(fs_identity_add(&s, &in, false, &id, &e), FS_OK);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity_fts WHERE identity_fts MATCH 'جعفری*'"), 1);
}

static void import_bom_crlf_quotes(void **state)
{
    (void)state;
    write_csv("\xEF\xBB\xBF"
              "Name,E-mail,Address,Notes\r\n"
              "\"کریمی, علی\",ali@example.com,\"تهران، خیابان \"\"ولیعصر\"\"\",\"خط اول\r\nخط دوم\"\r\n"
              ",,,\r\n"
              "\r\n"
              "Sara Ahmadi,sara@example.com,,\r\n");
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_OK);
    assert_int_equal(r.imported, 2);
    assert_int_equal(rep.n, 0);
    char buf[256];
    assert_string_equal(fx_query_text("SELECT name FROM identity WHERE id = 1", buf, sizeof buf), "کریمی, علی");
    assert_string_equal(fx_query_text("SELECT address FROM identity WHERE id = 1", buf, sizeof buf),
                        "تهران، خیابان \"ولیعصر\"");
    assert_string_equal(fx_query_text("SELECT notes FROM identity WHERE id = 1", buf, sizeof buf), "خط اول\nخط دوم");
    assert_string_equal(fx_query_text("SELECT email FROM identity WHERE id = 2", buf, sizeof buf), "sara@example.com");
}

static void import_line_numbers(void **state)
{
    (void)state;
    /* The bad row starts on line 5 (line 2's record takes lines 2–4). */
    write_csv("name,mobile,email,notes\n"
              "علی کریمی,09121112233,,\"یک\n\nدو\"\n"
              "رضا,09121112234,no-at-sign,\n");
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_EINVAL);
    assert_int_equal(rep.n, 1);
    assert_true(reported(5, "email", "@"));
}

static void import_duplicates(void **state)
{
    (void)state;
    fs_identity in = { .kind = "org", .name = "شرکت فولاد مبارکه", .phone = "03155550000" };
    int64_t id;
    fs_err e;
    assert_int_equal(fs_identity_add(&s, &in, false, &id, &e), FS_OK);
    write_csv("name,phone,mobile\n"
              "علی کریمی,,0912 111 2233\n"
              "رضا احمدی,,+98 912 111 2233\n"
              "فولاد,031-5555-0000,\n");
    fs_import_result r;
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_EINVAL);
    assert_int_equal(rep.n, 2);
    assert_true(reported(3, "mobile", "line 2"));
    assert_true(reported(4, "phone", "فولاد مبارکه"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 1);
}

static void import_header_errors(void **state)
{
    (void)state;
    write_csv("نام,telefon,phone,Phone\nعلی,1,2,3\n");
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, true, false, &r, &e), FS_EINVAL);
    assert_true(reported(1, "telefon", "unknown column"));
    assert_true(reported(1, "Phone", "twice"));
    write_csv("phone,email\n021,a@b.c\n");
    assert_int_equal(import(FS_CSV_CONTACTS, true, false, &r, &e), FS_EINVAL);
    assert_true(reported(1, "", "name"));
    write_csv("");
    assert_int_equal(import(FS_CSV_CONTACTS, true, false, &r, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "empty"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 0);
}

static void import_not_csv(void **state)
{
    (void)state;
    fs_import_result r;
    fs_err e;
    write_csv("name,phone\nعلی,021\n\"رضا\"x,022\n");
    assert_int_equal(import(FS_CSV_CONTACTS, true, false, &r, &e), FS_EINVAL);
    assert_true(reported(3, "", "not valid CSV"));
    write_csv("name,phone\nعلی,021\n\"رضا,022\n");
    assert_int_equal(import(FS_CSV_CONTACTS, true, false, &r, &e), FS_EINVAL);
    assert_true(reported(3, "", "quoted cell"));
    write_csv("name,phone\nعلی,021\nرضا,022,extra\n");
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_EINVAL);
    assert_true(reported(3, "", "3 cells"));
    write_csv("name,phone\n\xC3\x28 bad,021\n");
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_EINVAL);
    assert_true(reported(2, "name", "UTF-8"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 0);
    char missing[400];
    snprintf(missing, sizeof missing, "%s/none.csv", fx_dir);
    fs_import_opts o = { false, false, collect, &rep };
    assert_int_equal(fs_import_csv(&s, FS_CSV_CONTACTS, missing, &o, &r, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "none.csv"));
}

static void import_dry_run_and_permission(void **state)
{
    (void)state;
    write_csv("name\nعلی کریمی\nرضا احمدی\n");
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, false, true, &r, &e), FS_OK);
    assert_int_equal(r.imported, 2);
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 0);
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "bulk_edit"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM identity"), 0);
}

/* ---- products ------------------------------------------------------------------ */

static void import_products(void **state)
{
    (void)state;
    write_csv("کد,نام,واحد,قیمت واحد,نوع,مشمول مالیات,فعال\n"
              "ASUS-X515,لپ‌تاپ ایسوس,عدد,\"10,000,000\",کالا,بله,\n"
              "SRV-1,نصب و راه‌اندازی,ساعت,500000,خدمت,خیر,1\n"
              "asus-x515,لپ‌تاپ دیگر,,,,,\n"
              "P-3,چاپگر,,-5,,,\n"
              "P-4,اسکنر,,,,شاید,\n");
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_PRODUCTS, false, false, &r, &e), FS_EINVAL);
    assert_int_equal(rep.n, 3);
    assert_true(reported(4, "کد", "line 2"));
    assert_true(reported(5, "قیمت واحد", "unit_price"));
    assert_true(reported(6, "مشمول مالیات", "yes or no"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM product WHERE NOT builtin"), 0);
    assert_int_equal(import(FS_CSV_PRODUCTS, true, false, &r, &e), FS_OK);
    assert_int_equal(r.imported, 2);
    assert_int_equal(fx_query_int("SELECT unit_price FROM product WHERE code = 'ASUS-X515'"), 10000000);
    assert_int_equal(fx_query_int("SELECT taxable FROM product WHERE code = 'ASUS-X515'"), 1);
    assert_int_equal(fx_query_int("SELECT kind = 'service' FROM product WHERE code = 'SRV-1'"), 1);
}

/* ---- opportunities ------------------------------------------------------------- */

static void import_opportunities(void **state)
{
    (void)state;
    fs_err e;
    fs_identity in = { .kind = "person", .name = "علی کریمی" };
    int64_t id;
    assert_int_equal(fs_identity_add(&s, &in, false, &id, &e), FS_OK);
    write_csv("کد,نام,قیمت\nASUS-X515,لپ‌تاپ ایسوس,10000000\nSRV-1,نصب,\n");
    fs_import_result r;
    assert_int_equal(import(FS_CSV_PRODUCTS, false, false, &r, &e), FS_OK);

    /* A: a line of "Other" without a price; B: a product without a
     * price; C: its rows are not together; D: its second row changes the
     * title. */
    write_csv("opp_ref,مرتبط با,عنوان,مرحله,کد محصول,تعداد,درصد تخفیف,احتمال\n"
              "A,علی کریمی,فروش لپ‌تاپ,needs,ASUS-X515,4,3,40\n"
              "A,,,,OTHER,1,,\n"
              "B,1,خدمات,,SRV-1,2,,\n"
              "C,1,اول,,,,,\n"
              "D,1,دوم,,,,,\n"
              "D,1,سوم,,,,,\n"
              "C,1,اول,,,,,\n");
    assert_int_equal(import(FS_CSV_OPPORTUNITIES, false, false, &r, &e), FS_EINVAL);
    assert_true(reported(3, "", "price"));
    assert_true(reported(4, "", "SRV-1"));
    assert_true(reported(7, "عنوان", "line 6"));
    assert_true(reported(8, "opp_ref", "line 5"));
    assert_int_equal(fx_query_int("SELECT count(*) FROM opportunity"), 0);

    assert_int_equal(import(FS_CSV_OPPORTUNITIES, true, false, &r, &e), FS_OK);
    assert_int_equal(r.imported, 1); /* C */
    write_csv("opp_ref,contact,title,stage,product_code,qty,unit_price,discount_percent,probability,close_date\n"
              "A,علی کریمی,فروش لپ‌تاپ,needs,ASUS-X515,4,,3,40,1405/10/01\n"
              "A,,,,OTHER,1,2500000,,,\n");
    assert_int_equal(import(FS_CSV_OPPORTUNITIES, false, false, &r, &e), FS_OK);
    assert_int_equal(r.imported, 1);
    int64_t opp = fx_query_int("SELECT max(id) FROM opportunity");
    assert_int_equal(fx_query_int("SELECT final_amount FROM opportunity ORDER BY id DESC LIMIT 1"), 38800000 + 2500000);
    assert_int_equal(fx_query_int("SELECT count(*) FROM opp_line WHERE opp_id = (SELECT max(id) FROM opportunity)"), 2);
    char buf[64];
    assert_string_equal(fx_query_text("SELECT close_date FROM opportunity ORDER BY id DESC LIMIT 1", buf, sizeof buf),
                        "2026-12-22");
    fs_opp o;
    assert_int_equal(fs_opp_load(&s, opp, &o, &e), FS_OK);
    assert_string_equal(o.names.stage.key, "needs");
    assert_int_equal(o.probability, 40);
    fs_opp_free(&o);
}

/* ---- export -------------------------------------------------------------------- */

struct rows {
    int n;
    char first[8][128];
};

static int keep_row(void *ctx, const char *const *cells, int n)
{
    struct rows *r = ctx;
    if (r->n < 8) {
        r->first[r->n][0] = '\0';
        for (int i = 0; i < n && i < 4; i++) {
            strncat(r->first[r->n], cells[i] ? cells[i] : "-", 40);
            strcat(r->first[r->n], "|");
        }
    }
    r->n++;
    return 0;
}

static void export_rows(void **state)
{
    (void)state;
    write_csv("name,phone,kind\nعلی کریمی,021 8888 1234,person\n");
    fs_import_result r;
    fs_err e;
    assert_int_equal(import(FS_CSV_CONTACTS, false, false, &r, &e), FS_OK);
    struct rows rows = { 0 };
    assert_int_equal(fs_export_csv(&s, FS_CSV_CONTACTS, FS_CAL_GREGORIAN, keep_row, &rows, &e), FS_OK);
    assert_int_equal(rows.n, 2);
    assert_string_equal(rows.first[0], "id|kind|name|phone|");
    assert_string_equal(rows.first[1], "1|person|علی کریمی|02188881234|");
    memset(&rows, 0, sizeof rows);
    assert_int_equal(fs_export_csv(&s, FS_CSV_PRODUCTS, FS_CAL_JALALI, keep_row, &rows, &e), FS_OK);
    assert_int_equal(rows.n, 1); /* the header; «سایر» is not exported */
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_export_csv(&s, FS_CSV_CONTACTS, FS_CAL_JALALI, keep_row, &rows, &e), FS_EPERM);
}

/* ---- history ------------------------------------------------------------------- */

struct changes {
    int n;
    char field[8][64], value[8][64];
};

static int keep_change(void *ctx, const fs_change *c)
{
    struct changes *x = ctx;
    if (x->n < 8) {
        snprintf(x->field[x->n], sizeof x->field[x->n], "%s", c->field);
        snprintf(x->value[x->n], sizeof x->value[x->n], "%s>%s@%s", c->old_value ? c->old_value : "",
                 c->new_value ? c->new_value : "", c->login);
    }
    x->n++;
    return 0;
}

static void history_list(void **state)
{
    (void)state;
    fs_err e;
    fs_identity in = { .kind = "person", .name = "علی کریمی", .mobile = "09121112233" };
    int64_t id;
    assert_int_equal(fs_identity_add(&s, &in, false, &id, &e), FS_OK);
    fs_identity cur;
    assert_int_equal(fs_identity_get(&s, id, &cur, &e), FS_OK);
    fs_identity ed = cur;
    ed.name = "علی کریمی‌نژاد";
    assert_int_equal(fs_identity_edit(&s, &ed, false, &e), FS_OK);
    fs_identity_free(&cur);
    assert_int_equal(fs_identity_get(&s, id, &cur, &e), FS_OK);
    ed = cur;
    ed.mobile = "09129998877";
    assert_int_equal(fs_identity_edit(&s, &ed, false, &e), FS_OK);
    fs_identity_free(&cur);

    struct changes x = { 0 };
    assert_int_equal(fs_history_list(&s, "identity", id, keep_change, &x, &e), FS_OK);
    assert_int_equal(x.n, 2);
    assert_string_equal(x.field[0], "mobile"); /* newest first */
    assert_string_equal(x.value[0], "09121112233>09129998877@reza");
    assert_string_equal(x.field[1], "name");
    assert_int_equal(fs_history_list(&s, "identity", 999, keep_change, &x, &e), FS_ECONFLICT);
    assert_string_equal(fs_history_kind("contact"), "identity");
    assert_string_equal(fs_history_kind("opp"), "opportunity");
    assert_null(fs_history_kind("nosuch"));

    /* An opportunity sara may not see is "not found" to her. */
    fs_opp o;
    assert_int_equal(fs_opp_new(&s, &o, &e), FS_OK);
    o.identity_id = id;
    assert_int_equal(fs_opp_set_text(&o.title, "فروش لپ‌تاپ", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, &o, &e), FS_OK);
    int64_t opp = o.id;
    fs_opp_free(&o);
    memset(&x, 0, sizeof x);
    assert_int_equal(fs_history_list(&s, "opportunity", opp, keep_change, &x, &e), FS_OK);
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_history_list(&s, "opportunity", opp, keep_change, &x, &e), FS_ECONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_split),
        cmocka_unit_test(words_errors),
        cmocka_unit_test_setup_teardown(import_all_or_nothing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_skip_bad, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_bom_crlf_quotes, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_line_numbers, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_duplicates, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_header_errors, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_not_csv, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_dry_run_and_permission, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_products, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(import_opportunities, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(export_rows, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(history_list, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
