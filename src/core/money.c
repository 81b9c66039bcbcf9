/* money.c — Rial amounts, quantities and percentages in integers.
 *
 * Every intermediate is exact integer arithmetic (products in 128 bits), and
 * every division goes through div_round(), the one rounding rule of
 * docs/ROUNDING.md: half away from zero.  There is no floating point here.
 *
 * The parsers decode the few code points they need (digits in three
 * scripts, separators, unit names) themselves, so this file depends on
 * nothing but error.c.
 */
#include "money.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

__extension__ typedef __int128 i128;

/* A quantity may be at most 10^9 of the product's unit (10^13 in
 * 1/FS_QTY_SCALE units), so price × qty always fits 128 bits and a
 * sum of many lines is checked by fs_money_add. */
#define QTY_MAX_WHOLE 1000000000LL

/* Bytes of user input quoted back in an error message. */
#define ECHO_MAX 40

/* Room for any formatted int64: 19 two-byte digits, 6 two-byte
 * separators, a sign and the NUL. */
#define FMT_BUF 64

static const char *const blanks[] = {
    " ", "\t", "\n", "\r", "\v", "\f",
    "\xC2\xA0",     /* U+00A0 no-break space */
    "\xE2\x80\xAF", /* U+202F narrow no-break space */
    "\xE2\x80\x8E", /* U+200E left-to-right mark (pasted from RTL text) */
    "\xE2\x80\x8F", /* U+200F right-to-left mark */
    "\xD8\x9C",     /* U+061C Arabic letter mark */
    NULL,
};

static const char *const group_seps[] = {
    ",", "'", "_", " ",
    "\xD9\xAC",     /* U+066C Arabic thousands separator */
    "\xD8\x8C",     /* U+060C Arabic comma */
    "\xC2\xA0",     /* U+00A0 */
    "\xE2\x80\xAF", /* U+202F */
    NULL,
};

static const char *const decimal_points[] = {
    ".",
    "\xD9\xAB", /* U+066B Arabic decimal separator */
    NULL,
};

static const char *const minus_signs[] = {
    "-",
    "\xE2\x88\x92", /* U+2212 minus sign */
    NULL,
};

static const char *const percent_signs[] = {
    "%",
    "\xD9\xAA", /* U+066A Arabic percent sign */
    NULL,
};

static const char *const rial_units[] = {
    "ریال", /* with Persian yeh U+06CC */
    "ريال", /* with Arabic yeh U+064A */
    "rial", "irr", NULL,
};

static const char *const toman_units[] = { "تومان", "toman", "t", NULL };

/* ---- exact arithmetic ------------------------------------------------- */

/* n / d rounded half away from zero.  Assumes d != 0 and |n| < 2^126 (any
 * product of two int64 values), so 2 * |remainder| cannot overflow. */
static i128 div_round(i128 n, i128 d)
{
    i128 q = n / d;
    i128 r = n % d;
    i128 ar = r < 0 ? -r : r;
    i128 ad = d < 0 ? -d : d;

    if (2 * ar >= ad)
        q += ((n < 0) != (d < 0)) ? -1 : 1;
    return q;
}

/* Stores v in *out when it fits int64; *out is untouched otherwise. */
static int store_i64(i128 v, int64_t *out)
{
    if (v > INT64_MAX || v < INT64_MIN)
        return FS_EINVAL;
    *out = (int64_t)v;
    return FS_OK;
}

/* a + b, or FS_EINVAL (and *out untouched) when it would not fit int64. */
int fs_money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;

    if (__builtin_add_overflow(a, b, &r))
        return FS_EINVAL;
    *out = r;
    return FS_OK;
}

/* a - b, or FS_EINVAL (and *out untouched) when it would not fit int64. */
int fs_money_sub(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;

    if (__builtin_sub_overflow(a, b, &r))
        return FS_EINVAL;
    *out = r;
    return FS_OK;
}

/* Line total: price × qty / FS_QTY_SCALE, rounded by the rule. */
int fs_money_mul_qty(int64_t price, int64_t qty, int64_t *out)
{
    return store_i64(div_round((i128)price * qty, FS_QTY_SCALE), out);
}

/* amount × bp / FS_BP_SCALE, rounded by the rule: discount, tax, duties and
 * expected amount (probability p % is p * 100 basis points). */
int fs_money_percent(int64_t amount, int64_t bp, int64_t *out)
{
    return store_i64(div_round((i128)amount * bp, FS_BP_SCALE), out);
}

/* part / whole in basis points, rounded by the rule; 0 when whole is 0 (a
 * discount on a zero total is 0 %). */
int fs_money_ratio_bp(int64_t part, int64_t whole, int64_t *bp)
{
    if (whole == 0) {
        *bp = 0;
        return FS_OK;
    }
    return store_i64(div_round((i128)part * FS_BP_SCALE, whole), bp);
}

/* ---- decoding --------------------------------------------------------- */

/* The value of the digit at p (Latin, Persian U+06F0–U+06F9 or Arabic-Indic
 * U+0660–U+0669) with its byte length in *len, or -1 when p < e holds none. */
static int digit_at(const char *p, const char *e, size_t *len)
{
    const unsigned char *u = (const unsigned char *)p;

    if (p < e && u[0] >= '0' && u[0] <= '9') {
        *len = 1;
        return u[0] - '0';
    }
    if (e - p >= 2 && u[0] == 0xD9 && u[1] >= 0xA0 && u[1] <= 0xA9) {
        *len = 2;
        return u[1] - 0xA0;
    }
    if (e - p >= 2 && u[0] == 0xDB && u[1] >= 0xB0 && u[1] <= 0xB9) {
        *len = 2;
        return u[1] - 0xB0;
    }
    return -1;
}

/* Byte length of the first string of set that [p, e) starts with, or 0. */
static size_t match_any(const char *p, const char *e, const char *const *set)
{
    for (; *set; set++) {
        size_t n = strlen(*set);
        if ((size_t)(e - p) >= n && memcmp(p, *set, n) == 0)
            return n;
    }
    return 0;
}

/* Skips blanks (white space, no-break spaces, bidi marks) from p. */
static const char *skip_blanks(const char *p, const char *e)
{
    size_t n;

    while ((n = match_any(p, e, blanks)) > 0)
        p += n;
    return p;
}

/* Narrows [*b, *e) to text without leading or trailing blanks.  A blank's
 * bytes cannot be the tail of another UTF-8 sequence, so matching from the
 * end is safe. */
static void trim(const char **b, const char **e)
{
    bool again = true;

    *b = skip_blanks(*b, *e);
    while (again) {
        again = false;
        for (const char *const *s = blanks; *s; s++) {
            size_t n = strlen(*s);
            if ((size_t)(*e - *b) >= n && memcmp(*e - n, *s, n) == 0) {
                *e -= n;
                again = true;
            }
        }
    }
}

/* True when [p, e) equals one of the names in set, ASCII letters compared
 * without case (by hand: strcasecmp would follow the locale, and Turkish
 * has no lower-case dotted I). */
static bool equals_any(const char *p, const char *e, const char *const *set)
{
    for (; *set; set++) {
        size_t n = strlen(*set);
        size_t i;

        if ((size_t)(e - p) != n)
            continue;
        for (i = 0; i < n; i++) {
            unsigned char c = (unsigned char)p[i];
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if (c != (unsigned char)(*set)[i])
                break;
        }
        if (i == n)
            return true;
    }
    return false;
}

/* True when [p, e) starts with a minus sign followed by a digit. */
static bool starts_negative(const char *p, const char *e)
{
    size_t n = match_any(p, e, minus_signs);
    size_t len;

    return n > 0 && digit_at(p + n, e, &len) >= 0;
}

/* Copies [b, e) into buf (size n ≥ 8) for quoting in a message: at most
 * ECHO_MAX bytes cut at a character boundary and marked with "…", control
 * bytes shown as '?' so a message cannot carry terminal escapes. */
static void echo_input(const char *b, const char *e, char *buf, size_t n)
{
    size_t len = (size_t)(e - b);
    size_t max = n - 4; /* room for "…" and NUL */
    bool cut = false;

    if (max > ECHO_MAX)
        max = ECHO_MAX;
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)b[len] & 0xC0) == 0x80)
            len--;
        cut = true;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)b[i];
        buf[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
    }
    buf[len] = '\0';
    if (cut)
        strcat(buf, "\xE2\x80\xA6");
}

/* ---- formatting ------------------------------------------------------- */

/* Appends digit d (0–9) in the chosen script. */
static void put_digit(char *buf, size_t *len, int d, enum fs_digits digits)
{
    if (digits == FS_DIGITS_PERSIAN) {
        buf[(*len)++] = (char)0xDB;
        buf[(*len)++] = (char)(0xB0 + d);
    } else {
        buf[(*len)++] = (char)('0' + d);
    }
}

/* Appends m in the chosen script, with a thousands separator (',' or
 * U+066C) every three digits when grouped.  Needs 50 bytes of room. */
static void put_uint(char *buf, size_t *len, uint64_t m, enum fs_digits digits,
                     bool grouped)
{
    char tmp[20];
    int n = 0;

    do {
        tmp[n++] = (char)(m % 10);
        m /= 10;
    } while (m > 0);
    for (int i = n - 1; i >= 0; i--) {
        put_digit(buf, len, tmp[i], digits);
        if (grouped && i > 0 && i % 3 == 0) {
            if (digits == FS_DIGITS_PERSIAN) {
                buf[(*len)++] = (char)0xD9;
                buf[(*len)++] = (char)0xAC;
            } else {
                buf[(*len)++] = ',';
            }
        }
    }
}

/* Appends m / 10^places with its fraction, trailing zeros trimmed and no
 * point when the fraction is zero ('.' or U+066B).  places ≤ 4. */
static void put_fixed(char *buf, size_t *len, uint64_t m, int places,
                      enum fs_digits digits)
{
    uint64_t scale = 1;
    int f[4] = { 0 };
    int keep = places;

    for (int i = 0; i < places; i++)
        scale *= 10;
    put_uint(buf, len, m / scale, digits, false);
    m %= scale;
    for (int i = places - 1; i >= 0; i--) {
        f[i] = (int)(m % 10);
        m /= 10;
    }
    while (keep > 0 && f[keep - 1] == 0)
        keep--;
    if (keep == 0)
        return;
    if (digits == FS_DIGITS_PERSIAN) {
        buf[(*len)++] = (char)0xD9;
        buf[(*len)++] = (char)0xAB;
    } else {
        buf[(*len)++] = '.';
    }
    for (int i = 0; i < keep; i++)
        put_digit(buf, len, f[i], digits);
}

/* Magnitude of v as unsigned; defined for INT64_MIN too. */
static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* Copies src[0..len) to out (size n), cut at a character boundary when it
 * does not fit, always NUL-terminated when n > 0. */
static void copy_out(const char *src, size_t len, char *out, size_t n)
{
    size_t k;

    if (n == 0)
        return;
    k = len < n - 1 ? len : n - 1;
    while (k > 0 && k < len && ((unsigned char)src[k] & 0xC0) == 0x80)
        k--;
    memcpy(out, src, k);
    out[k] = '\0';
}

/* Formats v (Rial, or Toman = v / 10 rounded by the rule) with thousands
 * separators in the chosen script; "-" first when negative. */
void fs_money_format(int64_t v, enum fs_digits digits, bool toman, char *out, size_t n)
{
    char buf[FMT_BUF];
    size_t len = 0;
    uint64_t m = magnitude(v);

    if (toman)
        m = m / 10 + (m % 10 >= 5); /* half away from zero on the magnitude */
    if (v < 0 && m > 0)
        buf[len++] = '-';
    put_uint(buf, &len, m, digits, true);
    copy_out(buf, len, out, n);
}

/* Formats a quantity in 1/FS_QTY_SCALE units: "4", "2.5", "0.0001". */
void fs_qty_format(int64_t q, enum fs_digits digits, char *out, size_t n)
{
    char buf[FMT_BUF];
    size_t len = 0;

    if (q < 0)
        buf[len++] = '-';
    put_fixed(buf, &len, magnitude(q), 4, digits);
    copy_out(buf, len, out, n);
}

/* Formats basis points as a percentage without the sign: "3", "12.5". */
void fs_percent_format(int64_t bp, enum fs_digits digits, char *out, size_t n)
{
    char buf[FMT_BUF];
    size_t len = 0;

    if (bp < 0)
        buf[len++] = '-';
    put_fixed(buf, &len, magnitude(bp), 2, digits);
    copy_out(buf, len, out, n);
}

/* ---- parsing ---------------------------------------------------------- */

/* Writes the Latin digit string s (no leading zeros) grouped by three with
 * ',' into out, which must hold 4/3 of its length plus one. */
static void group_latin(const char *s, size_t n, char *out)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++) {
        out[k++] = s[i];
        if (i + 1 < n && (n - i - 1) % 3 == 0)
            out[k++] = ',';
    }
    out[k] = '\0';
}

/* What fs_money_parse read from the digits: the value (stops growing once
 * above FS_MONEY_MAX, so no length of input overflows it), and the
 * significant digits for quoting back when it is too big. */
struct amount_digits {
    uint64_t value;
    bool too_big;
    bool bad_groups;
    size_t ndigits;         /* significant digits, all of them */
    char sig[32];           /* the first of them, Latin */
    const char *end;
};

/* Reads digits from p with single separators between digit groups.  A
 * separator counts only between two digits, so "12 T" stops before the
 * space.  With any separator, the first group has 1–3 digits and every
 * other group exactly 3 ("1,000,00" is a typo, not 100,000). */
static void scan_amount_digits(const char *p, const char *e, struct amount_digits *a)
{
    size_t group = 0, ngroups = 1, len, sl;
    int d;

    memset(a, 0, sizeof *a);
    for (;;) {
        d = digit_at(p, e, &len);
        if (d >= 0) {
            if (!a->too_big) {
                a->value = a->value * 10 + (uint64_t)d;
                if (a->value > (uint64_t)FS_MONEY_MAX)
                    a->too_big = true;
            }
            if (a->ndigits > 0 || d != 0) {
                if (a->ndigits < sizeof a->sig)
                    a->sig[a->ndigits] = (char)('0' + d);
                a->ndigits++;
            }
            group++;
            p += len;
            continue;
        }
        sl = match_any(p, e, group_seps);
        if (sl > 0 && group > 0 && digit_at(p + sl, e, &len) >= 0) {
            if (ngroups == 1 ? group > 3 : group != 3)
                a->bad_groups = true;
            ngroups++;
            group = 0;
            p += sl;
            continue;
        }
        break;
    }
    if (ngroups > 1 && group != 3)
        a->bad_groups = true;
    a->end = p;
}

/* Sets the "above the largest amount" error, quoting the typed number. */
static int amount_too_big(const struct amount_digits *a, bool toman,
                          const char *field, fs_err *e)
{
    char max[FMT_BUF];
    char typed[sizeof a->sig * 4 / 3 + 2];

    fs_money_format(FS_MONEY_MAX, FS_DIGITS_LATIN, false, max, sizeof max);
    if (a->ndigits > sizeof a->sig)
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: an amount of %zu digits is above the largest amount allowed (%s Rial)."),
            field, a->ndigits, max);
    group_latin(a->sig, a->ndigits, typed);
    if (toman)
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: %s Toman is above the largest amount allowed (%s Rial)."),
            field, typed, max);
    return fs_err_set(e, FS_EINVAL, field,
        _("%s: %s is above the largest amount allowed (%s Rial)."),
        field, typed, max);
}

/* Parses a non-negative whole amount with optional Rial/Toman unit; see
 * money.h.  *out is set only on success. */
int fs_money_parse(const char *text, const char *field, int64_t *out, fs_err *e)
{
    const char *b = text ? text : "";
    const char *end = b + strlen(b);
    const char *p;
    struct amount_digits a;
    char echo[ECHO_MAX + 8];
    bool toman = false;
    size_t len;

    trim(&b, &end);
    if (b == end)
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: an amount is required; type it in Rial, or in Toman with the word Toman."),
            field);
    if (starts_negative(b, end))
        return fs_err_set(e, FS_EINVAL, field, _("%s: must not be negative."), field);

    scan_amount_digits(b, end, &a);
    p = a.end;
    if (p > b) {
        const char *u = skip_blanks(p, end);
        if (u == end) {
            p = end;
        } else if (equals_any(u, end, rial_units)) {
            p = end;
        } else if (equals_any(u, end, toman_units)) {
            toman = true;
            p = end;
        }
    }
    if (p == b || p != end) {
        size_t pl = match_any(p, end, decimal_points);
        if (p > b && pl > 0 && digit_at(p + pl, end, &len) >= 0)
            return fs_err_set(e, FS_EINVAL, field,
                _("%s: Rial amounts have no decimals; type a whole number."), field);
        echo_input(b, end, echo, sizeof echo);
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: \"%s\" is not an amount; use digits, optionally with thousands separators and Toman/Rial."),
            field, echo);
    }
    if (a.bad_groups) {
        echo_input(b, end, echo, sizeof echo);
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: \"%s\" has misplaced thousands separators; write groups of three digits, such as 40,000,000."),
            field, echo);
    }
    if (!a.too_big && toman) {
        a.value *= 10;
        a.too_big = a.value > (uint64_t)FS_MONEY_MAX;
    }
    if (a.too_big)
        return amount_too_big(&a, toman, field, e);
    *out = (int64_t)a.value;
    return FS_OK;
}

/* What scan_decimal read: "digits", "digits.digits", ".digits" or
 * "digits." in any script, with '.' or U+066B as the point. */
struct decimal {
    uint64_t whole;      /* integer part; stops growing once above cap */
    uint64_t frac;       /* the first `places` decimals, as an integer */
    bool extra_places;   /* a non-zero decimal beyond `places` */
    bool any_digit;
    const char *end;
};

/* Reads a decimal number from p.  Decimals beyond `places` may only be
 * zeros ("2.50000" is 2.5; "0.00001" sets extra_places).  cap ≤ 10^17. */
static void scan_decimal(const char *p, const char *e, int places, uint64_t cap,
                         struct decimal *dec)
{
    size_t len, pl;
    int d;

    memset(dec, 0, sizeof *dec);
    while ((d = digit_at(p, e, &len)) >= 0) {
        if (dec->whole <= cap)
            dec->whole = dec->whole * 10 + (uint64_t)d;
        dec->any_digit = true;
        p += len;
    }
    pl = match_any(p, e, decimal_points);
    if (pl > 0) {
        const char *q = p + pl;
        uint64_t f = 0;
        int n = 0;
        bool frac_digit = false;

        while ((d = digit_at(q, e, &len)) >= 0) {
            if (n < places) {
                f = f * 10 + (uint64_t)d;
                n++;
            } else if (d != 0) {
                dec->extra_places = true;
            }
            frac_digit = true;
            q += len;
        }
        if (frac_digit || dec->any_digit) { /* a lone "." is not a number */
            for (; n < places; n++)
                f *= 10;
            dec->frac = f;
            dec->any_digit = true;
            p = q;
        }
    }
    dec->end = p;
}

/* Parses a quantity > 0 with at most 4 decimals, at most 10^9; see money.h. */
int fs_qty_parse(const char *text, const char *field, int64_t *out, fs_err *e)
{
    const char *b = text ? text : "";
    const char *end = b + strlen(b);
    struct decimal dec;
    char echo[ECHO_MAX + 8];
    uint64_t q;

    trim(&b, &end);
    if (b == end)
        return fs_err_set(e, FS_EINVAL, field, _("%s: a quantity is required."), field);
    if (starts_negative(b, end))
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be greater than zero."), field);
    scan_decimal(b, end, 4, QTY_MAX_WHOLE, &dec);
    if (!dec.any_digit || dec.end != end) {
        echo_input(b, end, echo, sizeof echo);
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: \"%s\" is not a quantity; use digits with an optional decimal point, such as 2 or 2.5."),
            field, echo);
    }
    if (dec.extra_places)
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: at most 4 decimal places are allowed."), field);
    q = dec.whole * FS_QTY_SCALE + dec.frac;
    if (q == 0)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be greater than zero."), field);
    if (q > (uint64_t)QTY_MAX_WHOLE * FS_QTY_SCALE)
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: must be at most 1,000,000,000."), field);
    *out = (int64_t)q;
    return FS_OK;
}

/* Parses a percentage 0–100 with at most 2 decimals and an optional '%' or
 * '٪' after it; result in basis points.  See money.h. */
int fs_percent_parse(const char *text, const char *field, int64_t *bp, fs_err *e)
{
    const char *b = text ? text : "";
    const char *end = b + strlen(b);
    const char *p;
    struct decimal dec;
    char echo[ECHO_MAX + 8];
    uint64_t v;

    trim(&b, &end);
    if (b == end)
        return fs_err_set(e, FS_EINVAL, field, _("%s: a percentage is required."), field);
    if (starts_negative(b, end))
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be from 0 to 100."), field);
    scan_decimal(b, end, 2, 100, &dec);
    p = dec.end;
    if (dec.any_digit && p != end) {
        p = skip_blanks(p, end);
        p += match_any(p, end, percent_signs);
    }
    if (!dec.any_digit || p != end) {
        echo_input(b, end, echo, sizeof echo);
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: \"%s\" is not a percentage; use a number from 0 to 100, such as 3 or 12.5."),
            field, echo);
    }
    if (dec.extra_places)
        return fs_err_set(e, FS_EINVAL, field,
            _("%s: at most 2 decimal places are allowed."), field);
    v = dec.whole * 100 + dec.frac;
    if (v > FS_BP_SCALE)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be from 0 to 100."), field);
    *bp = (int64_t)v;
    return FS_OK;
}

/* Parses an optionally negative whole number in [min, max]; any digit
 * script, no separators.  Every failure gives the same sentence, which
 * states the whole rule. */
int fs_int_parse(const char *text, const char *field, int64_t min, int64_t max,
                 int64_t *out, fs_err *e)
{
    const uint64_t limit = (uint64_t)INT64_MAX + 1; /* |INT64_MIN| */
    const char *b = text ? text : "";
    const char *end = b + strlen(b);
    const char *p;
    uint64_t m = 0;
    bool neg, any = false, big = false;
    size_t len;
    int d;
    int64_t v = 0;
    char lo[32], hi[32];

    trim(&b, &end);
    p = b + match_any(b, end, minus_signs);
    neg = p > b;
    while ((d = digit_at(p, end, &len)) >= 0) {
        if (m > (limit - (uint64_t)d) / 10)
            big = true;
        else
            m = m * 10 + (uint64_t)d;
        any = true;
        p += len;
    }
    if (any && p == end && !big) {
        if (neg)
            v = m == limit ? INT64_MIN : -(int64_t)m;
        else if (m == limit)
            big = true;
        else
            v = (int64_t)m;
        if (!big && v >= min && v <= max) {
            *out = v;
            return FS_OK;
        }
    }
    snprintf(lo, sizeof lo, "%lld", (long long)min);
    snprintf(hi, sizeof hi, "%lld", (long long)max);
    return fs_err_set(e, FS_EINVAL, field,
        _("%s: must be a whole number from %s to %s."), field, lo, hi);
}
