/* jdate.c — Jalali and Gregorian dates (see jdate.h).
 *
 * Jalali <-> day goes through ICU's Persian calendar (one cached UCalendar,
 * UTC, opened lazily); Gregorian <-> day is plain proleptic civil-days
 * arithmetic.  The only Jalali knowledge written here is the month layout
 * (six months of 31 days, five of 30, then Esfand); whether Esfand has 29 or
 * 30 days is always asked of ICU.  Single-threaded by design: the calendar
 * and the leap-year cache are static and unlocked.
 */
#include "jdate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ucal.h>
#include <unicode/utypes.h>

#include "i18n.h"

#define MS_PER_DAY 86400000.0

/* ICU's own limits on a calendar's time (MIN_MILLIS/MAX_MILLIS), in days. */
#define ICU_DAY_MIN (-2133147020L)
#define ICU_DAY_MAX 2128265844L

/* Jalali years asked of ICU at all; well inside ICU's range. */
#define RAW_YEAR_LIMIT 5000000

/* The largest N accepted in "+N"/"-N". */
#define REL_DAYS_MAX 100000L

/* Value at which digit strings stop growing (no overflow on long input). */
#define NUM_SATURATE 1000000000L

static UCalendar *persian_cal;      /* opened on first use, never closed */
static bool persian_cal_failed;     /* ucal_open failed once: don't retry */

/* Leap cache for FS_JALALI_YEAR_MIN..MAX: 0 unknown, 1 common, 2 leap. */
static unsigned char leap_cache[FS_JALALI_YEAR_MAX - FS_JALALI_YEAR_MIN + 1];

static const char *const month_fa[12] = {
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
};
static const char *const month_en[12] = {
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
};
/* True when messages are shown translated (Persian): month names in them
 * then follow.  gettext returns its argument itself when untranslated. */
static bool messages_translated(void)
{
    static const char *const probe = N_("%s: %d/%02d/%02d is not a date: %s %d has %d days.");
    return _(probe) != probe;
}

static const char *const greg_month_fa[12] = {
    "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
    "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
};
static const char *const greg_month_en[12] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
};
/* سه‌شنبه carries a ZWNJ (U+200C) between سه and شنبه. */
static const char *const weekday_fa[7] = {
    "شنبه", "یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه",
};
static const char *const weekday_en[7] = {
    "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
};

/* ---- Gregorian: proleptic civil-days arithmetic ------------------------ */

/* Days since 1970-01-01 of proleptic Gregorian y/m/d; m and d are assumed
 * already valid.  (H. Hinnant's days_from_civil, in 64-bit.) */
static int64_t civil_to_days(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Inverse of civil_to_days, for any 32-bit day. */
static void days_to_civil(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

/* True for a Gregorian leap year. */
static bool greg_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in Gregorian month m (1–12) of year y. */
static int greg_month_days(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && greg_is_leap(y))
        return 29;
    return len[m - 1];
}

/* ---- Jalali: ICU's Persian calendar ------------------------------------ */

/* The cached Persian UCalendar (UTC), or NULL when ICU cannot open it. */
static UCalendar *cal_get(void)
{
    if (persian_cal || persian_cal_failed)
        return persian_cal;
    UErrorCode st = U_ZERO_ERROR;
    persian_cal = ucal_open(u"UTC", -1, "fa_IR@calendar=persian", UCAL_DEFAULT, &st);
    if (U_FAILURE(st)) {
        if (persian_cal)
            ucal_close(persian_cal);
        persian_cal = NULL;
        persian_cal_failed = true;
    }
    return persian_cal;
}

/* ICU's day for Jalali y/m/d with no validation (ICU rolls over, e.g.
 * Esfand 30 of a common year is 1 Farvardin).  |y| ≤ RAW_YEAR_LIMIT.
 * Returns false when ICU is unavailable or fails. */
static bool jalali_raw_to_day(int y, int m, int d, int64_t *out)
{
    UCalendar *c = cal_get();
    if (!c)
        return false;
    UErrorCode st = U_ZERO_ERROR;
    ucal_clear(c);
    ucal_set(c, UCAL_EXTENDED_YEAR, y);
    ucal_set(c, UCAL_MONTH, m - 1);
    ucal_set(c, UCAL_DATE, d);
    UDate ms = ucal_getMillis(c, &st);
    if (U_FAILURE(st))
        return false;
    double days = ms / MS_PER_DAY;
    int64_t whole = (int64_t)days;
    if ((double)whole > days)     /* floor for negative values */
        whole--;
    *out = whole;
    return true;
}

/* Leap test through ICU: Esfand y has 30 days when 1 Farvardin y+1 is 30
 * days after 1 Esfand y.  False outside ±RAW_YEAR_LIMIT or without ICU. */
static bool jalali_leap_uncached(int y)
{
    int64_t a, b;
    if (y < -RAW_YEAR_LIMIT || y >= RAW_YEAR_LIMIT)
        return false;
    if (!jalali_raw_to_day(y, 12, 1, &a) || !jalali_raw_to_day(y + 1, 1, 1, &b))
        return false;
    return b - a == 30;
}

/* Leap (Esfand of 30 days) per ICU; cached for the accepted year range. */
bool fs_jalali_is_leap(int y)
{
    if (y >= FS_JALALI_YEAR_MIN && y <= FS_JALALI_YEAR_MAX) {
        unsigned char *slot = &leap_cache[y - FS_JALALI_YEAR_MIN];
        if (*slot == 0) {
            if (!cal_get())
                return false;   /* don't cache an ICU failure */
            *slot = jalali_leap_uncached(y) ? 2 : 1;
        }
        return *slot == 2;
    }
    return jalali_leap_uncached(y);
}

/* 31 for months 1–6, 30 for 7–11, 29/30 for Esfand per ICU, 0 for no month. */
int fs_jalali_month_days(int y, int m)
{
    if (m < 1 || m > 12)
        return 0;
    if (m <= 6)
        return 31;
    if (m <= 11)
        return 30;
    return fs_jalali_is_leap(y) ? 30 : 29;
}

/* Sets e for a Jalali y/m/d that fs_jalali_to_day refuses, and returns
 * FS_EINVAL; the caller has checked the date is bad. */
static int jalali_reject(int y, int m, int d, const char *field, fs_err *e)
{
    if (y < FS_JALALI_YEAR_MIN || y > FS_JALALI_YEAR_MAX)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: the Jalali year must be from %d to %d."),
                          field, FS_JALALI_YEAR_MIN, FS_JALALI_YEAR_MAX);
    if (m < 1 || m > 12)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: %d/%02d/%02d is not a date: the month must be from 1 to 12."),
                          field, y, m, d);
    int md = fs_jalali_month_days(y, m);
    if (d < 1)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: %d/%02d/%02d is not a date: the day must be from 1 to %d."),
                          field, y, m, d, md);
    return fs_err_set(e, FS_EINVAL, field, _("%s: %d/%02d/%02d is not a date: %s %d has %d days."), field, y, m, d,
                      messages_translated() ? month_fa[m - 1] : month_en[m - 1], y, md);
}

/* Strict Jalali y/m/d -> day: validated before ICU sees it, so nothing
 * rolls over; *out is untouched on error. */
int fs_jalali_to_day(int y, int m, int d, const char *field, fs_day *out, fs_err *e)
{
    if (!field)
        field = "";
    if (!cal_get())
        return fs_err_set(e, FS_ERUNTIME, field,
                          _("%s: the Persian calendar of ICU is not available."), field);
    if (y < FS_JALALI_YEAR_MIN || y > FS_JALALI_YEAR_MAX || m < 1 || m > 12 ||
        d < 1 || d > fs_jalali_month_days(y, m))
        return jalali_reject(y, m, d, field, e);
    int64_t day;
    if (!jalali_raw_to_day(y, m, d, &day))
        return fs_err_set(e, FS_ERUNTIME, field,
                          _("%s: the Persian calendar of ICU failed on %d/%02d/%02d."),
                          field, y, m, d);
    *out = (fs_day)day;
    return FS_OK;
}

/* Day -> Jalali y/m/d through ICU.  Days beyond ICU's range are clamped to
 * it; all zero if ICU is unavailable.  Any out pointer may be NULL. */
void fs_day_to_jalali(fs_day day, int *y, int *m, int *d)
{
    int64_t z = day;
    if (z < ICU_DAY_MIN)
        z = ICU_DAY_MIN;
    if (z > ICU_DAY_MAX)
        z = ICU_DAY_MAX;
    UCalendar *c = cal_get();
    UErrorCode st = U_ZERO_ERROR;
    int yy = 0, mm = 0, dd = 0;
    if (c) {
        ucal_setMillis(c, (double)z * MS_PER_DAY, &st);
        yy = ucal_get(c, UCAL_EXTENDED_YEAR, &st);
        mm = ucal_get(c, UCAL_MONTH, &st) + 1;
        dd = ucal_get(c, UCAL_DATE, &st);
        if (U_FAILURE(st))
            yy = mm = dd = 0;
    }
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

/* The Jalali year holding day. */
int fs_day_jalali_year(fs_day day)
{
    int y;
    fs_day_to_jalali(day, &y, NULL, NULL);
    return y;
}

/* ---- Gregorian public side -------------------------------------------- */

/* Strict proleptic Gregorian y/m/d -> day within FS_GREG_YEAR_MIN..MAX;
 * *out is untouched on error. */
int fs_greg_to_day(int y, int m, int d, const char *field, fs_day *out, fs_err *e)
{
    if (!field)
        field = "";
    if (y < FS_GREG_YEAR_MIN || y > FS_GREG_YEAR_MAX)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: the Gregorian year must be from %d to %d."),
                          field, FS_GREG_YEAR_MIN, FS_GREG_YEAR_MAX);
    if (m < 1 || m > 12)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: %04d-%02d-%02d is not a date: the month must be from 1 to 12."),
                          field, y, m, d);
    int md = greg_month_days(y, m);
    if (d < 1)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: %04d-%02d-%02d is not a date: the day must be from 1 to %d."),
                          field, y, m, d, md);
    if (d > md)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: %04d-%02d-%02d is not a date: %s %d has %d days."),
                          field, y, m, d, messages_translated() ? greg_month_fa[m - 1] : greg_month_en[m - 1], y, md);
    *out = (fs_day)civil_to_days(y, m, d);
    return FS_OK;
}

/* Day -> proleptic Gregorian y/m/d; any out pointer may be NULL. */
void fs_day_to_greg(fs_day day, int *y, int *m, int *d)
{
    int yy, mm, dd;
    days_to_civil(day, &yy, &mm, &dd);
    if (y)
        *y = yy;
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

/* 0 = Saturday … 6 = Friday, for any day (negative included). */
int fs_day_weekday_sat0(fs_day day)
{
    /* 1970-01-01 (day 0) was a Thursday, 5 in a Saturday-first week. */
    int64_t w = ((int64_t)day + 5) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

/* Today in the local time zone (localtime_r); day 0 if that fails. */
fs_day fs_today(void)
{
    /* Tests and demos pin "today" with FORSAT_TODAY=YYYY-MM-DD so screens
     * and relative dates are reproducible. */
    const char *pinned = getenv("FORSAT_TODAY");
    fs_day day;
    if (pinned && *pinned && fs_day_from_iso(pinned, &day) == FS_OK)
        return day;
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return 0;
    return (fs_day)civil_to_days((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- ISO storage form ------------------------------------------------- */

/* "YYYY-MM-DD"; years outside 0000–9999 are clamped to fit out[11]. */
void fs_day_to_iso(fs_day day, char out[11])
{
    int y, m, d;
    fs_day_to_greg(day, &y, &m, &d);
    /* Years outside 0..9999 do not fit; clamp rather than truncate oddly. */
    if (y < 0)
        y = 0;
    if (y > 9999)
        y = 9999;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

/* True when c is an ASCII digit. */
static bool is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Exactly "dddd-dd-dd" (ASCII digits) naming a real date in the Gregorian
 * year range -> FS_OK; anything else FS_EINVAL with *out untouched. */
int fs_day_from_iso(const char *iso, fs_day *out)
{
    if (!iso)
        return FS_EINVAL;
    for (int i = 0; i < 10; i++) {
        bool want_dash = i == 4 || i == 7;
        if (want_dash ? iso[i] != '-' : !is_ascii_digit(iso[i]))
            return FS_EINVAL;
    }
    if (iso[10] != '\0')
        return FS_EINVAL;
    int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int d = (iso[8] - '0') * 10 + (iso[9] - '0');
    return fs_greg_to_day(y, m, d, NULL, out, NULL);
}

/* ---- Formatting -------------------------------------------------------- */

/* Zero-padded "yyyy/mm/dd" (Jalali) or "yyyy-mm-dd" (Gregorian), Persian
 * digits on request; truncated on a character boundary if n is short. */
void fs_date_format(fs_day day, enum fs_calendar cal, enum fs_digits digits,
                    char *out, size_t n)
{
    char latin[48];
    int y, m, d;
    if (!out || n == 0)
        return;
    if (cal == FS_CAL_GREGORIAN) {
        fs_day_to_greg(day, &y, &m, &d);
        snprintf(latin, sizeof latin, "%04d-%02d-%02d", y, m, d);
    } else {
        fs_day_to_jalali(day, &y, &m, &d);
        snprintf(latin, sizeof latin, "%04d/%02d/%02d", y, m, d);
    }
    /* Copy, turning digits into U+06F0..U+06F9 (2 bytes each) if asked;
     * stop before a character that would not fit with the NUL. */
    size_t o = 0;
    for (const char *p = latin; *p; p++) {
        if (digits == FS_DIGITS_PERSIAN && is_ascii_digit(*p)) {
            unsigned cp = 0x06F0u + (unsigned)(*p - '0');
            if (o + 2 >= n)
                break;
            out[o++] = (char)(0xC0u | (cp >> 6));
            out[o++] = (char)(0x80u | (cp & 0x3Fu));
        } else {
            if (o + 1 >= n)
                break;
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* ---- Parsing ------------------------------------------------------------ */

/* Decodes one UTF-8 code point at *p (< end) and advances *p past it.
 * Returns -1 (and advances one byte) for an invalid or overlong sequence. */
static long utf8_next(const char **p, const char *end)
{
    const unsigned char *s = (const unsigned char *)*p;
    size_t avail = (size_t)(end - *p);
    unsigned c = s[0];
    int len;
    unsigned long cp;
    unsigned long min;
    if (c < 0x80) {
        *p += 1;
        return (long)c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2; cp = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; cp = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; cp = c & 0x07; min = 0x10000;
    } else {
        *p += 1;
        return -1;
    }
    if (avail < (size_t)len) {
        *p += 1;
        return -1;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *p += 1;
            return -1;
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        *p += 1;
        return -1;
    }
    *p += len;
    return (long)cp;
}

/* True for the white space trimmed around a typed date. */
static bool is_space_cp(long cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Value 0–9 of a Latin, Persian or Arabic-Indic digit; -1 otherwise. */
static int digit_value(long cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0x06F0 && cp <= 0x06F9)
        return (int)(cp - 0x06F0);
    if (cp >= 0x0660 && cp <= 0x0669)
        return (int)(cp - 0x0660);
    return -1;
}

/* Reads a run of digits at *p, advancing past it.  The value saturates at
 * NUM_SATURATE; *ndigits counts the digits (0 when none). */
static long read_number(const char **p, const char *end, int *ndigits)
{
    long v = 0;
    *ndigits = 0;
    while (*p < end) {
        const char *q = *p;
        int dv = digit_value(utf8_next(&q, end));
        if (dv < 0)
            break;
        v = v >= NUM_SATURATE / 10 ? NUM_SATURATE : v * 10 + dv;
        if (*ndigits < 1000)
            (*ndigits)++;
        *p = q;
    }
    return v;
}

/* True when [b, end) is exactly the ASCII word w, ignoring ASCII case. */
static bool word_ieq(const char *b, const char *end, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(end - b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = b[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[i])
            return false;
    }
    return true;
}

/* True when [b, end) is exactly the bytes of w. */
static bool bytes_eq(const char *b, const char *end, const char *w)
{
    size_t n = strlen(w);
    return (size_t)(end - b) == n && memcmp(b, w, n) == 0;
}

/* The "could not read this" error of fs_date_parse. */
static int parse_syntax_error(enum fs_calendar cal, const char *field, fs_err *e)
{
    if (cal == FS_CAL_GREGORIAN)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: expected a date like 2025-03-20, today or +7."), field);
    return fs_err_set(e, FS_EINVAL, field,
                      _("%s: expected a Jalali date like 1403/12/30, today or +7."), field);
}

/* today + delta, refused when |delta| > REL_DAYS_MAX or the result leaves
 * the Gregorian year range. */
static int relative_day(fs_day today, int64_t delta, const char *field,
                        fs_day *out, fs_err *e)
{
    int64_t r = (int64_t)today + delta;
    if (delta > REL_DAYS_MAX || delta < -REL_DAYS_MAX ||
        r < civil_to_days(FS_GREG_YEAR_MIN, 1, 1) ||
        r > civil_to_days(FS_GREG_YEAR_MAX, 12, 31))
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: a relative date can be at most %ld days away."),
                          field, REL_DAYS_MAX);
    *out = (fs_day)r;
    return FS_OK;
}

/* "+N" or "-N": the sign at b, then only digits up to end. */
static int parse_relative(const char *b, const char *end, fs_day today,
                          enum fs_calendar cal, const char *field, fs_day *out,
                          fs_err *e)
{
    const char *p = b + 1;
    int nd;
    long n = read_number(&p, end, &nd);
    if (nd == 0 || p != end)
        return parse_syntax_error(cal, field, e);
    return relative_day(today, *b == '-' ? -(int64_t)n : (int64_t)n, field, out, e);
}

/* See jdate.h.  Years must have at most 4 digits; numbers saturate while
 * being read, so any length of input is safe.  *out untouched on error. */
int fs_date_parse(const char *text, fs_day today, enum fs_calendar cal,
                  const char *field, fs_day *out, fs_err *e)
{
    if (!field)
        field = "";
    if (!text)
        return parse_syntax_error(cal, field, e);

    /* Trim white space: [b, end) is what is left. */
    const char *p = text;
    const char *stop = text + strlen(text);
    const char *b = NULL, *end = text;
    while (p < stop) {
        const char *start = p;
        long cp = utf8_next(&p, stop);
        if (!is_space_cp(cp)) {
            if (!b)
                b = start;
            end = p;
        }
    }
    if (!b)
        return parse_syntax_error(cal, field, e);

    /* Words. ("ديروز" with Arabic yeh U+064A is what older keyboards type.) */
    if (word_ieq(b, end, "today") || bytes_eq(b, end, "امروز"))
        return relative_day(today, 0, field, out, e);
    if (word_ieq(b, end, "tomorrow") || bytes_eq(b, end, "فردا"))
        return relative_day(today, 1, field, out, e);
    if (word_ieq(b, end, "yesterday") || bytes_eq(b, end, "دیروز") ||
        bytes_eq(b, end, "ديروز"))
        return relative_day(today, -1, field, out, e);

    if (*b == '+' || *b == '-')
        return parse_relative(b, end, today, cal, field, out, e);

    /* y SEP m SEP d with SEP '/' (calendar per cal) or '-' (ISO). */
    int ny, nm, nd;
    p = b;
    long y = read_number(&p, end, &ny);
    if (ny == 0 || p == end || (*p != '/' && *p != '-'))
        return parse_syntax_error(cal, field, e);
    char sep = *p++;
    long m = read_number(&p, end, &nm);
    if (nm == 0 || nm > 2 || p == end || *p != sep)
        return parse_syntax_error(cal, field, e);
    p++;
    long d = read_number(&p, end, &nd);
    if (nd == 0 || nd > 2 || p != end)
        return parse_syntax_error(cal, field, e);

    bool greg = sep == '-' || cal == FS_CAL_GREGORIAN;
    if (ny > 4)                 /* beyond any year range; keep y sane */
        y = 99999;
    if (greg)
        return fs_greg_to_day((int)y, (int)m, (int)d, field, out, e);
    if ((y < FS_JALALI_YEAR_MIN || y > FS_JALALI_YEAR_MAX) &&
        y >= FS_GREG_YEAR_MIN && y <= FS_GREG_YEAR_MAX)
        return fs_err_set(e, FS_EINVAL, field,
                          _("%s: the Jalali year must be from %d to %d (write a Gregorian date as %04ld-%02ld-%02ld)."),
                          field, FS_JALALI_YEAR_MIN, FS_JALALI_YEAR_MAX, y, m, d);
    return fs_jalali_to_day((int)y, (int)m, (int)d, field, out, e);
}

/* ---- Names -------------------------------------------------------------- */

/* Month name for m in 1–12, "" otherwise. */
const char *fs_jalali_month_name(int m, bool persian)
{
    if (m < 1 || m > 12)
        return "";
    return persian ? month_fa[m - 1] : month_en[m - 1];
}

/* Weekday name for wd in 0–6 (Saturday first), "" otherwise. */
const char *fs_weekday_name_sat0(int wd, bool persian)
{
    if (wd < 0 || wd > 6)
        return "";
    return persian ? weekday_fa[wd] : weekday_en[wd];
}
