/* test_money.c — amounts, quantities and percentages as a user sees them:
 * the SPEC worked example, the one rounding rule, what the input fields
 * accept and the sentence they give when they refuse, and the numbers on
 * the screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "money.h"

/* The value fs_money_parse gives for s; fails the test when it refuses. */
static int64_t amount(const char *s)
{
    fs_err e;
    int64_t v = -777;
    int rc;

    fs_err_clear(&e);
    rc = fs_money_parse(s, "final amount", &v, &e);
    if (rc != FS_OK)
        fail_msg("amount \"%s\" refused (%d): %s", s, rc, e.msg);
    return v;
}

/* Checks that fs_money_parse refuses s with FS_EINVAL, names the field,
 * leaves the output alone and says `phrase`; returns nothing, fails loudly. */
static void amount_refused(const char *s, const char *phrase, fs_err *e)
{
    int64_t v = -777;
    int rc;

    fs_err_clear(e);
    rc = fs_money_parse(s, "final amount", &v, e);
    if (rc != FS_EINVAL)
        fail_msg("amount \"%s\" gave %d (value %lld), expected refusal", s, rc, (long long)v);
    assert_int_equal(e->code, FS_EINVAL);
    assert_string_equal(e->field, "final amount");
    assert_int_equal(v, -777);
    if (strncmp(e->msg, "final amount: ", 14) != 0 || !strstr(e->msg, phrase))
        fail_msg("amount \"%s\": message \"%s\" lacks \"%s\"", s, e->msg, phrase);
}

static int64_t qty(const char *s)
{
    fs_err e;
    int64_t v = -777;
    int rc;

    fs_err_clear(&e);
    rc = fs_qty_parse(s, "quantity", &v, &e);
    if (rc != FS_OK)
        fail_msg("quantity \"%s\" refused (%d): %s", s, rc, e.msg);
    return v;
}

static void qty_refused(const char *s, const char *phrase)
{
    fs_err e;
    int64_t v = -777;
    int rc;

    fs_err_clear(&e);
    rc = fs_qty_parse(s, "quantity", &v, &e);
    if (rc != FS_EINVAL)
        fail_msg("quantity \"%s\" gave %d (value %lld), expected refusal", s, rc, (long long)v);
    assert_string_equal(e.field, "quantity");
    assert_int_equal(v, -777);
    if (strncmp(e.msg, "quantity: ", 10) != 0 || !strstr(e.msg, phrase))
        fail_msg("quantity \"%s\": message \"%s\" lacks \"%s\"", s, e.msg, phrase);
}

static int64_t percent(const char *s)
{
    fs_err e;
    int64_t v = -777;
    int rc;

    fs_err_clear(&e);
    rc = fs_percent_parse(s, "discount", &v, &e);
    if (rc != FS_OK)
        fail_msg("percentage \"%s\" refused (%d): %s", s, rc, e.msg);
    return v;
}

static void percent_refused(const char *s, const char *phrase)
{
    fs_err e;
    int64_t v = -777;
    int rc;

    fs_err_clear(&e);
    rc = fs_percent_parse(s, "discount", &v, &e);
    if (rc != FS_EINVAL)
        fail_msg("percentage \"%s\" gave %d (value %lld), expected refusal", s, rc, (long long)v);
    assert_string_equal(e.field, "discount");
    assert_int_equal(v, -777);
    if (strncmp(e.msg, "discount: ", 10) != 0 || !strstr(e.msg, phrase))
        fail_msg("percentage \"%s\": message \"%s\" lacks \"%s\"", s, e.msg, phrase);
}

/* Formats v and compares with want. */
static void money_shows(int64_t v, enum fs_digits d, bool toman, const char *want)
{
    char buf[64];

    memset(buf, 'Z', sizeof buf);
    fs_money_format(v, d, toman, buf, sizeof buf);
    assert_string_equal(buf, want);
}

/* SPEC §6.2: 4 × 10,000,000 = 40,000,000; 3 % discount = 1,200,000;
 * final 38,800,000 — typed the way a user types it. */
static void test_spec_worked_example(void **state)
{
    int64_t price = amount("10,000,000");
    int64_t q = qty("4");
    int64_t bp = percent("3");
    int64_t total = 0, discount = 0, final = 0, back = 0, tax = 0, expected = 0;
    char buf[64];

    (void)state;
    assert_int_equal(fs_money_mul_qty(price, q, &total), FS_OK);
    assert_int_equal(total, 40000000);
    assert_int_equal(fs_money_percent(total, bp, &discount), FS_OK);
    assert_int_equal(discount, 1200000);
    assert_int_equal(fs_money_sub(total, discount, &final), FS_OK);
    assert_int_equal(final, 38800000);

    /* Typing the discount amount instead gives back 3 %. */
    assert_int_equal(fs_money_ratio_bp(1200000, total, &back), FS_OK);
    assert_int_equal(back, 300);

    fs_money_format(final, FS_DIGITS_LATIN, false, buf, sizeof buf);
    assert_string_equal(buf, "38,800,000");
    fs_money_format(final, FS_DIGITS_PERSIAN, false, buf, sizeof buf);
    assert_string_equal(buf, "۳۸٬۸۰۰٬۰۰۰");
    fs_money_format(final, FS_DIGITS_LATIN, true, buf, sizeof buf);
    assert_string_equal(buf, "3,880,000");

    /* Default tax 10 % on a taxable line: (total − discount) × 10 %. */
    assert_int_equal(fs_money_percent(final, 1000, &tax), FS_OK);
    assert_int_equal(tax, 3880000);

    /* Expected amount at probability 40 %. */
    assert_int_equal(fs_money_percent(final, 40 * 100, &expected), FS_OK);
    assert_int_equal(expected, 15520000);

    /* The same line typed in Persian digits. */
    assert_int_equal(amount("۱۰٬۰۰۰٬۰۰۰"), price);
    assert_int_equal(qty("۴"), q);
    assert_int_equal(percent("۳٪"), bp);
}

/* Half away from zero: 0.5 → 1, 2.5 → 3 (not banker's 2), -0.5 → -1. */
static void test_rounding_half_away_from_zero(void **state)
{
    static const struct { int64_t amount, bp, want; } pc[] = {
        { 5, 1000, 1 },        /* 0.5 */
        { -5, 1000, -1 },      /* -0.5 */
        { 4, 1000, 0 },        /* 0.4 */
        { -4, 1000, 0 },
        { 6, 1000, 1 },        /* 0.6 */
        { 15, 1000, 2 },       /* 1.5 */
        { 25, 1000, 3 },       /* 2.5: banker's rounding would give 2 */
        { -25, 1000, -3 },
        { 1001, 5000, 501 },   /* expected amount 1001 × 50 % = 500.5 */
        { 40000000, 300, 1200000 },
        { 0, 10000, 0 },
        { 123456789, 10000, 123456789 },
        { 33, 3333, 11 },      /* 10.9989 */
    };
    static const struct { int64_t price, qty, want; } mq[] = {
        { 1, 5000, 1 },        /* 1 × 0.5 */
        { 3, 5000, 2 },        /* 1.5 */
        { 5, 5000, 3 },        /* 2.5 */
        { -5, 5000, -3 },
        { 1, 4999, 0 },        /* 0.4999 */
        { 999, 3333, 333 },    /* 332.9667 */
        { 10000000, 25000, 25000000 },
        { 7, 1, 0 },           /* 0.0007 */
    };
    static const struct { int64_t part, whole, want; } rb[] = {
        { 1, 3, 3333 },
        { 2, 3, 6667 },
        { 1, 20000, 1 },       /* 0.5 basis point */
        { -1, 20000, -1 },
        { 1, -20000, -1 },
        { 1, 20001, 0 },
        { 5, 0, 0 },           /* discount on a zero total */
        { 40000000, 40000000, 10000 },
    };
    int64_t out;

    (void)state;
    for (size_t i = 0; i < sizeof pc / sizeof pc[0]; i++) {
        out = -777;
        assert_int_equal(fs_money_percent(pc[i].amount, pc[i].bp, &out), FS_OK);
        if (out != pc[i].want)
            fail_msg("percent(%lld, %lld) = %lld, want %lld", (long long)pc[i].amount,
                     (long long)pc[i].bp, (long long)out, (long long)pc[i].want);
    }
    for (size_t i = 0; i < sizeof mq / sizeof mq[0]; i++) {
        out = -777;
        assert_int_equal(fs_money_mul_qty(mq[i].price, mq[i].qty, &out), FS_OK);
        if (out != mq[i].want)
            fail_msg("mul_qty(%lld, %lld) = %lld, want %lld", (long long)mq[i].price,
                     (long long)mq[i].qty, (long long)out, (long long)mq[i].want);
    }
    for (size_t i = 0; i < sizeof rb / sizeof rb[0]; i++) {
        out = -777;
        assert_int_equal(fs_money_ratio_bp(rb[i].part, rb[i].whole, &out), FS_OK);
        if (out != rb[i].want)
            fail_msg("ratio_bp(%lld, %lld) = %lld, want %lld", (long long)rb[i].part,
                     (long long)rb[i].whole, (long long)out, (long long)rb[i].want);
    }

    /* Toman display is Rial / 10 by the same rule. */
    money_shows(15, FS_DIGITS_LATIN, true, "2");
    money_shows(25, FS_DIGITS_LATIN, true, "3");
    money_shows(14, FS_DIGITS_LATIN, true, "1");
    money_shows(-15, FS_DIGITS_LATIN, true, "-2");
    money_shows(-4, FS_DIGITS_LATIN, true, "0");
    money_shows(40000000, FS_DIGITS_PERSIAN, true, "۴٬۰۰۰٬۰۰۰");
}

/* Overflow is an error and leaves the result alone; exact edges still fit. */
static void test_arithmetic_overflow(void **state)
{
    const int64_t qty_max = 1000000000LL * FS_QTY_SCALE;
    int64_t out = -777;

    (void)state;
    assert_int_equal(fs_money_add(INT64_MAX, 1, &out), FS_EINVAL);
    assert_int_equal(fs_money_add(INT64_MIN, -1, &out), FS_EINVAL);
    assert_int_equal(fs_money_sub(INT64_MIN, 1, &out), FS_EINVAL);
    assert_int_equal(fs_money_sub(0, INT64_MIN, &out), FS_EINVAL);
    assert_int_equal(fs_money_mul_qty(INT64_MAX, 2 * FS_QTY_SCALE, &out), FS_EINVAL);
    assert_int_equal(fs_money_mul_qty(FS_MONEY_MAX, qty_max, &out), FS_EINVAL);
    assert_int_equal(fs_money_percent(INT64_MAX, 10001, &out), FS_EINVAL);
    assert_int_equal(fs_money_percent(INT64_MIN, -10000, &out), FS_EINVAL);
    assert_int_equal(fs_money_ratio_bp(INT64_MAX, 1, &out), FS_EINVAL);
    assert_int_equal(fs_money_ratio_bp(INT64_MIN, -1, &out), FS_EINVAL);
    assert_int_equal(out, -777);

    assert_int_equal(fs_money_add(INT64_MAX - 1, 1, &out), FS_OK);
    assert_true(out == INT64_MAX);
    assert_int_equal(fs_money_sub(INT64_MIN + 1, 1, &out), FS_OK);
    assert_true(out == INT64_MIN);
    assert_int_equal(fs_money_add(FS_MONEY_MAX, FS_MONEY_MAX, &out), FS_OK);
    assert_true(out == 2 * FS_MONEY_MAX);
    assert_int_equal(fs_money_mul_qty(INT64_MAX, FS_QTY_SCALE, &out), FS_OK);
    assert_true(out == INT64_MAX);
    assert_int_equal(fs_money_mul_qty(INT64_MIN, FS_QTY_SCALE, &out), FS_OK);
    assert_true(out == INT64_MIN);
    assert_int_equal(fs_money_percent(INT64_MIN, 10000, &out), FS_OK);
    assert_true(out == INT64_MIN);
    /* The largest price × 9,000 units fits; it is the sum that is checked. */
    assert_int_equal(fs_money_mul_qty(FS_MONEY_MAX, 9000 * FS_QTY_SCALE, &out), FS_OK);
    assert_true(out == 9000 * FS_MONEY_MAX);
}

static void test_money_parse_accepts(void **state)
{
    static const struct { const char *in; int64_t want; } ok[] = {
        { "40,000,000", 40000000 },
        { "40000000", 40000000 },
        { "۴۰٬۰۰۰٬۰۰۰", 40000000 },
        { "٤٠٬٠٠٠٬٠٠٠", 40000000 },          /* Arabic-Indic digits */
        { "۴۰،۰۰۰،۰۰۰", 40000000 },          /* Arabic comma */
        { "4,000,000 تومان", 40000000 },
        { "4,000,000تومان", 40000000 },
        { "12 T", 120 },
        { "12t", 120 },
        { "12 Toman", 120 },
        { "12 TOMAN", 120 },
        { "5 ریال", 5 },
        { "5 ريال", 5 },                     /* Arabic yeh */
        { "5rial", 5 },
        { "5 IRR", 5 },
        { " 7 ", 7 },
        { "\t7\n", 7 },
        { "0", 0 },
        { "007", 7 },
        { "40 000 000", 40000000 },
        { "40\xC2\xA0" "000\xC2\xA0" "000", 40000000 },
        { "40\xE2\x80\xAF" "000", 40000 },
        { "1'000'000", 1000000 },
        { "1_000", 1000 },
        { "\xE2\x80\x8F" "۱۲۳" "\xE2\x80\x8F", 123 }, /* pasted with RLMs */
        { "  ۵۰۰ تومان  ", 5000 },
        { "1,000,000,000,000,000", FS_MONEY_MAX },
        { "100,000,000,000,000 T", FS_MONEY_MAX },
        { "0000000000000000000000000000000000000001", 1 },
    };

    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v = amount(ok[i].in);
        if (v != ok[i].want)
            fail_msg("amount \"%s\" = %lld, want %lld", ok[i].in, (long long)v,
                     (long long)ok[i].want);
    }
}

static void test_money_parse_rejects(void **state)
{
    static const struct { const char *in, *phrase; } bad[] = {
        { "", "an amount is required" },
        { "   ", "an amount is required" },
        { "-5", "must not be negative" },
        { "\xE2\x88\x92" "5", "must not be negative" },
        { "12.5", "Rial amounts have no decimals" },
        { "۱۲٫۵", "Rial amounts have no decimals" },
        { "1,2,3x", "\"1,2,3x\" is not an amount" },
        { "١٢٣abc", "\"١٢٣abc\" is not an amount" },
        { "T", "is not an amount" },
        { "تومان", "is not an amount" },
        { "12 T T", "is not an amount" },
        { "+5", "is not an amount" },
        { ",100", "is not an amount" },
        { "100,", "is not an amount" },
        { "1,,000", "is not an amount" },
        { "1, 000", "is not an amount" },
        { "12 dollars", "is not an amount" },
        { "1,2,3", "misplaced thousands separators" },
        { "1,000,00", "misplaced thousands separators" },
        { "1234,567", "misplaced thousands separators" },
        { "12,5", "misplaced thousands separators" },
        { "1 2", "misplaced thousands separators" },
        { "1234567890123456789012345678901234567890",
          "an amount of 40 digits is above the largest amount allowed" },
        { "100,000,000,000,001 T",
          "100,000,000,000,001 Toman is above the largest amount allowed" },
    };
    fs_err e;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        amount_refused(bad[i].in, bad[i].phrase, &e);

    amount_refused("12x", "", &e);
    assert_string_equal(e.msg, "final amount: \"12x\" is not an amount; use digits, "
                               "optionally with thousands separators and Toman/Rial.");
    amount_refused("10,000,000,000,000,000", "", &e);
    assert_string_equal(e.msg, "final amount: 10,000,000,000,000,000 is above the largest "
                               "amount allowed (1,000,000,000,000,000 Rial).");
    amount_refused("1000000000000001", "", &e);
    assert_string_equal(e.msg, "final amount: 1,000,000,000,000,001 is above the largest "
                               "amount allowed (1,000,000,000,000,000 Rial).");
    amount_refused(NULL, "an amount is required", &e);
}

/* Hostile input: very long digit runs do not overflow, junk is quoted
 * short and without terminal escapes, a NULL fs_err is allowed. */
static void test_money_parse_hostile(void **state)
{
    size_t n = 100000;
    char *s = malloc(n + 1);
    fs_err e;
    int64_t v = -777;

    (void)state;
    assert_non_null(s);
    memset(s, '9', n);
    s[n] = '\0';
    amount_refused(s, "digits is above the largest amount allowed", &e);
    qty_refused(s, "must be at most 1,000,000,000");
    percent_refused(s, "must be from 0 to 100");
    assert_int_equal(fs_int_parse(s, "limit", 0, INT64_MAX, &v, &e), FS_EINVAL);
    memset(s, 'x', n);
    amount_refused(s, "is not an amount", &e);
    assert_true(strlen(e.msg) < 200);
    assert_non_null(strstr(e.msg, "…"));
    free(s);

    amount_refused("12\x1b[31m", "is not an amount", &e);
    assert_null(strchr(e.msg, '\x1b'));

    assert_int_equal(fs_money_parse("12x", "final amount", &v, NULL), FS_EINVAL);
    assert_int_equal(fs_money_parse("12", "final amount", &v, NULL), FS_OK);
    assert_int_equal(v, 12);
}

static void test_qty_parse(void **state)
{
    fs_err e;
    int64_t v = -777;

    (void)state;
    assert_int_equal(qty("2.5"), 25000);
    assert_int_equal(qty("0.0001"), 1);
    assert_int_equal(qty("۲٫۵"), 25000);
    assert_int_equal(qty("٢٫٥"), 25000);
    assert_int_equal(qty("۲.۵"), 25000);
    assert_int_equal(qty("4"), 40000);
    assert_int_equal(qty(" 3 "), 30000);
    assert_int_equal(qty(".5"), 5000);
    assert_int_equal(qty("2."), 20000);
    assert_int_equal(qty("2.50000"), 25000);   /* trailing zeros lose nothing */
    assert_int_equal(qty("1000000000"), 1000000000LL * FS_QTY_SCALE);

    qty_refused("0.00001", "at most 4 decimal places are allowed");
    qty_refused("0", "must be greater than zero");
    qty_refused("0.0000", "must be greater than zero");
    qty_refused("-2", "must be greater than zero");
    qty_refused("", "a quantity is required");
    qty_refused("abc", "\"abc\" is not a quantity");
    qty_refused("2,5", "is not a quantity");
    qty_refused("2/5", "is not a quantity");
    qty_refused(".", "is not a quantity");
    qty_refused("1.2.3", "is not a quantity");
    qty_refused("2 kg", "is not a quantity");
    qty_refused("1000000000.0001", "must be at most 1,000,000,000");

    fs_err_clear(&e);
    assert_int_equal(fs_qty_parse("0.00001", "quantity", &v, &e), FS_EINVAL);
    assert_string_equal(e.msg, "quantity: at most 4 decimal places are allowed.");
}

static void test_percent_parse(void **state)
{
    fs_err e;
    int64_t v = -777;

    (void)state;
    assert_int_equal(percent("3"), 300);
    assert_int_equal(percent("12.5%"), 1250);
    assert_int_equal(percent("12.5 %"), 1250);
    assert_int_equal(percent("۱۲٫۵٪"), 1250);
    assert_int_equal(percent("100"), 10000);
    assert_int_equal(percent("100.00"), 10000);
    assert_int_equal(percent("0"), 0);
    assert_int_equal(percent("0.01"), 1);
    assert_int_equal(percent("12.50"), 1250);

    percent_refused("101", "must be from 0 to 100");
    percent_refused("100.01", "must be from 0 to 100");
    percent_refused("-1", "must be from 0 to 100");
    percent_refused("3.333", "at most 2 decimal places are allowed");
    percent_refused("", "a percentage is required");
    percent_refused("%", "is not a percentage");
    percent_refused("3%%", "is not a percentage");
    percent_refused("abc", "\"abc\" is not a percentage");
    percent_refused("1e2", "is not a percentage");

    fs_err_clear(&e);
    assert_int_equal(fs_percent_parse("101", "discount", &v, &e), FS_EINVAL);
    assert_string_equal(e.msg, "discount: must be from 0 to 100.");
}

static void test_int_parse(void **state)
{
    static const char *const bad[] = {
        "101", "-1", "12.5", "", "abc", "40%", "99999999999999999999999", "+5",
    };
    fs_err e;
    int64_t v = -777;

    (void)state;
    assert_int_equal(fs_int_parse("40", "probability", 0, 100, &v, &e), FS_OK);
    assert_int_equal(v, 40);
    assert_int_equal(fs_int_parse("۴۰", "probability", 0, 100, &v, &e), FS_OK);
    assert_int_equal(v, 40);
    assert_int_equal(fs_int_parse(" 100 ", "probability", 0, 100, &v, &e), FS_OK);
    assert_int_equal(v, 100);
    assert_int_equal(fs_int_parse("0", "probability", 0, 100, &v, &e), FS_OK);
    assert_int_equal(v, 0);

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = -777;
        fs_err_clear(&e);
        if (fs_int_parse(bad[i], "probability", 0, 100, &v, &e) != FS_EINVAL)
            fail_msg("probability \"%s\" accepted as %lld", bad[i], (long long)v);
        assert_int_equal(v, -777);
        assert_string_equal(e.field, "probability");
        assert_string_equal(e.msg, "probability: must be a whole number from 0 to 100.");
    }

    assert_int_equal(fs_int_parse("-9223372036854775808", "n", INT64_MIN, INT64_MAX, &v, &e), FS_OK);
    assert_true(v == INT64_MIN);
    assert_int_equal(fs_int_parse("9223372036854775807", "n", INT64_MIN, INT64_MAX, &v, &e), FS_OK);
    assert_true(v == INT64_MAX);
    assert_int_equal(fs_int_parse("9223372036854775808", "n", INT64_MIN, INT64_MAX, &v, &e), FS_EINVAL);
    assert_int_equal(fs_int_parse("-9223372036854775809", "n", INT64_MIN, INT64_MAX, &v, &e), FS_EINVAL);
    assert_int_equal(fs_int_parse("-5", "n", -10, 10, &v, &e), FS_OK);
    assert_int_equal(v, -5);
}

static void test_money_format(void **state)
{
    char buf[64];

    (void)state;
    money_shows(0, FS_DIGITS_LATIN, false, "0");
    money_shows(0, FS_DIGITS_PERSIAN, false, "۰");
    money_shows(999, FS_DIGITS_LATIN, false, "999");
    money_shows(1000, FS_DIGITS_LATIN, false, "1,000");
    money_shows(40000000, FS_DIGITS_LATIN, false, "40,000,000");
    money_shows(40000000, FS_DIGITS_PERSIAN, false, "۴۰٬۰۰۰٬۰۰۰");
    money_shows(-1234567, FS_DIGITS_LATIN, false, "-1,234,567");
    money_shows(-1234567, FS_DIGITS_PERSIAN, false, "-۱٬۲۳۴٬۵۶۷");
    money_shows(INT64_MAX, FS_DIGITS_LATIN, false, "9,223,372,036,854,775,807");
    money_shows(INT64_MIN, FS_DIGITS_LATIN, false, "-9,223,372,036,854,775,808");
    money_shows(INT64_MIN, FS_DIGITS_PERSIAN, false, "-۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۸");
    money_shows(INT64_MIN, FS_DIGITS_LATIN, true, "-922,337,203,685,477,581");
    money_shows(INT64_MAX, FS_DIGITS_LATIN, true, "922,337,203,685,477,581");
    money_shows(FS_MONEY_MAX, FS_DIGITS_LATIN, false, "1,000,000,000,000,000");

    /* The longest output fits the size money.h promises. */
    fs_money_format(INT64_MIN, FS_DIGITS_PERSIAN, false, buf, sizeof buf);
    assert_true(strlen(buf) < 64);
}

/* A short buffer gets a NUL-terminated prefix, never half a character. */
static void test_format_truncates(void **state)
{
    char buf[16];

    (void)state;
    fs_money_format(40000000, FS_DIGITS_LATIN, false, buf, 5);
    assert_string_equal(buf, "40,0");
    fs_money_format(40000000, FS_DIGITS_PERSIAN, false, buf, 4);
    assert_string_equal(buf, "۴");
    fs_money_format(40000000, FS_DIGITS_PERSIAN, false, buf, 6);
    assert_string_equal(buf, "۴۰");
    fs_money_format(5, FS_DIGITS_LATIN, false, buf, 1);
    assert_string_equal(buf, "");
    memcpy(buf, "keep", 5);
    fs_money_format(5, FS_DIGITS_LATIN, false, buf, 0);
    assert_string_equal(buf, "keep");
    fs_qty_format(25000, FS_DIGITS_PERSIAN, buf, 4);
    assert_string_equal(buf, "۲");
}

static void test_qty_and_percent_format(void **state)
{
    char buf[64];

    (void)state;
    fs_qty_format(40000, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "4");
    fs_qty_format(25000, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "2.5");
    fs_qty_format(1, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "0.0001");
    fs_qty_format(12340, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "1.234");
    fs_qty_format(25000, FS_DIGITS_PERSIAN, buf, sizeof buf);
    assert_string_equal(buf, "۲٫۵");
    fs_qty_format(1000000000LL * FS_QTY_SCALE, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "1000000000");
    fs_qty_format(-25000, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "-2.5");
    fs_qty_format(INT64_MIN, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "-922337203685477.5808");

    fs_percent_format(300, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "3");
    fs_percent_format(1250, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "12.5");
    fs_percent_format(1, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "0.01");
    fs_percent_format(10000, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "100");
    fs_percent_format(0, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "0");
    fs_percent_format(1250, FS_DIGITS_PERSIAN, buf, sizeof buf);
    assert_string_equal(buf, "۱۲٫۵");
}

/* What the screen shows can be typed back: format then parse is identity. */
static void test_round_trips(void **state)
{
    static const int64_t amounts[] = {
        0, 1, 9, 10, 999, 1000, 12345, 999999, 1000000, 38800000,
        123456789012, FS_MONEY_MAX - 1, FS_MONEY_MAX,
    };
    static const int64_t qtys[] = { 1, 9, 10, 5000, 10000, 25000, 12345, 99999999, 1000000000LL * FS_QTY_SCALE };
    char buf[64];
    fs_err e;
    int64_t v;

    (void)state;
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        for (int d = 0; d < 2; d++) {
            fs_money_format(amounts[i], (enum fs_digits)d, false, buf, sizeof buf);
            assert_int_equal(amount(buf), amounts[i]);
        }
    }
    for (size_t i = 0; i < sizeof qtys / sizeof qtys[0]; i++) {
        for (int d = 0; d < 2; d++) {
            fs_qty_format(qtys[i], (enum fs_digits)d, buf, sizeof buf);
            assert_int_equal(qty(buf), qtys[i]);
        }
    }
    for (int64_t bp = 0; bp <= FS_BP_SCALE; bp++) {
        for (int d = 0; d < 2; d++) {
            fs_percent_format(bp, (enum fs_digits)d, buf, sizeof buf);
            v = -777;
            assert_int_equal(fs_percent_parse(buf, "discount", &v, &e), FS_OK);
            assert_int_equal(v, bp);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_worked_example),
        cmocka_unit_test(test_rounding_half_away_from_zero),
        cmocka_unit_test(test_arithmetic_overflow),
        cmocka_unit_test(test_money_parse_accepts),
        cmocka_unit_test(test_money_parse_rejects),
        cmocka_unit_test(test_money_parse_hostile),
        cmocka_unit_test(test_qty_parse),
        cmocka_unit_test(test_percent_parse),
        cmocka_unit_test(test_int_parse),
        cmocka_unit_test(test_money_format),
        cmocka_unit_test(test_format_truncates),
        cmocka_unit_test(test_qty_and_percent_format),
        cmocka_unit_test(test_round_trips),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
