/* fuzz_amount.c — the amount, quantity, percentage and whole-number
 * parsers (money.h) on any bytes, and the money arithmetic on any pair of
 * numbers: refusals are sentences, accepted values are in range and
 * format back to text that parses to the same value, and arithmetic is
 * exact (checked in 128 bits) or refused on overflow — never wrapped. */
#include "fuzz.h"
#include "money.h"

__extension__ typedef __int128 i128;

/* Round half away from zero of n / d (d > 0), the rule of ROUNDING.md. */
static i128 div_round(i128 n, i128 d)
{
    i128 q = n / d, r = n % d;
    if (2 * (r < 0 ? -r : r) >= d)
        q += n < 0 ? -1 : 1;
    return q;
}

static void parsers(const char *s)
{
    fs_err e;
    int64_t v = -1, back = -1;
    char out[128];
    if (fs_money_parse(s, "amount", &v, &e) == FS_OK) {
        FUZZ_CHECK(v >= 0 && v <= FS_MONEY_MAX);
        for (int d = FS_DIGITS_LATIN; d <= FS_DIGITS_PERSIAN; d++) {
            fs_money_format(v, (enum fs_digits)d, false, out, sizeof out);
            FUZZ_CHECK(fs_money_parse(out, "amount", &back, &e) == FS_OK && back == v);
        }
    } else {
        FUZZ_CHECK(e.code == FS_EINVAL && strcmp(e.field, "amount") == 0 && e.msg[0]);
    }
    if (fs_qty_parse(s, "qty", &v, &e) == FS_OK) {
        FUZZ_CHECK(v > 0 && v <= 1000000000LL * FS_QTY_SCALE);
        for (int d = FS_DIGITS_LATIN; d <= FS_DIGITS_PERSIAN; d++) {
            fs_qty_format(v, (enum fs_digits)d, out, sizeof out);
            FUZZ_CHECK(fs_qty_parse(out, "qty", &back, &e) == FS_OK && back == v);
        }
    } else {
        FUZZ_CHECK(e.code == FS_EINVAL && strcmp(e.field, "qty") == 0 && e.msg[0]);
    }
    if (fs_percent_parse(s, "discount", &v, &e) == FS_OK) {
        FUZZ_CHECK(v >= 0 && v <= FS_BP_SCALE);
        for (int d = FS_DIGITS_LATIN; d <= FS_DIGITS_PERSIAN; d++) {
            fs_percent_format(v, (enum fs_digits)d, out, sizeof out);
            FUZZ_CHECK(fs_percent_parse(out, "discount", &back, &e) == FS_OK && back == v);
        }
    } else {
        FUZZ_CHECK(e.code == FS_EINVAL && strcmp(e.field, "discount") == 0 && e.msg[0]);
    }
    if (fs_int_parse(s, "probability", -1000, 1000000000000LL, &v, &e) == FS_OK)
        FUZZ_CHECK(v >= -1000 && v <= 1000000000000LL);
    else
        FUZZ_CHECK(e.code == FS_EINVAL && strcmp(e.field, "probability") == 0 && e.msg[0]);
}

/* Each operation is exact when it fits int64 and refused when it does not. */
static void arithmetic(int64_t a, int64_t b)
{
    int64_t out;
    i128 want = (i128)a + b;
    int rc = fs_money_add(a, b, &out);
    FUZZ_CHECK(rc == (want > INT64_MAX || want < INT64_MIN ? FS_EINVAL : FS_OK));
    FUZZ_CHECK(rc != FS_OK || out == want);
    want = (i128)a - b;
    rc = fs_money_sub(a, b, &out);
    FUZZ_CHECK(rc == (want > INT64_MAX || want < INT64_MIN ? FS_EINVAL : FS_OK));
    FUZZ_CHECK(rc != FS_OK || out == want);
    want = div_round((i128)a * b, FS_QTY_SCALE);
    rc = fs_money_mul_qty(a, b, &out);
    FUZZ_CHECK(rc == (want > INT64_MAX || want < INT64_MIN ? FS_EINVAL : FS_OK));
    FUZZ_CHECK(rc != FS_OK || out == want);
    want = div_round((i128)a * b, FS_BP_SCALE);
    rc = fs_money_percent(a, b, &out);
    FUZZ_CHECK(rc == (want > INT64_MAX || want < INT64_MIN ? FS_EINVAL : FS_OK));
    FUZZ_CHECK(rc != FS_OK || out == want);
    if (b != 0 && b != INT64_MIN && a != INT64_MIN) {
        rc = fs_money_ratio_bp(a, b, &out);
        if (rc == FS_OK && b > 0)
            FUZZ_CHECK(out == div_round((i128)a * FS_BP_SCALE, b));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1024)
        return 0;
    if (size >= 16) {
        int64_t a, b;
        memcpy(&a, data, 8);
        memcpy(&b, data + 8, 8);
        arithmetic(a, b);
        arithmetic(a % 2000000000000000LL, b % 20000000000LL);
    }
    char *s = fuzz_cstr(data, size);
    if (!s)
        return 0;
    parsers(s);
    free(s);
    return 0;
}
