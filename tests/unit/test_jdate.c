/* test_jdate.c — unit tests of src/core/jdate.c.
 *
 * Oracles: the official Nowruz table (tests/data/nowruz-1206-1498.txt) for
 * the Jalali side, and libc's timegm/gmtime_r for the Gregorian side, so no
 * expected value is computed by the code under test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jdate.h"

#ifndef TESTDATA_DIR
#error "TESTDATA_DIR must be defined"
#endif

#define NOWRUZ_FILE TESTDATA_DIR "/nowruz-1206-1498.txt"
#define SENTINEL ((fs_day)-777777)

/* Days since 1970-01-01 of Gregorian y/m/d according to libc. */
static fs_day libc_day(int y, int m, int d)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    return (fs_day)((t - 12 * 3600) / 86400);
}

/* The day of a Jalali date that must exist. */
static fs_day jday(int y, int m, int d)
{
    fs_err e;
    fs_err_clear(&e);
    fs_day out = SENTINEL;
    assert_int_equal(fs_jalali_to_day(y, m, d, "t", &out, &e), FS_OK);
    assert_int_equal(e.code, FS_OK);
    assert_int_not_equal(out, SENTINEL);
    return out;
}

/* Asserts day is Jalali y/m/d. */
static void assert_jalali(fs_day day, int y, int m, int d)
{
    int yy = -1, mm = -1, dd = -1;
    fs_day_to_jalali(day, &yy, &mm, &dd);
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

/* Asserts day is Gregorian y/m/d. */
static void assert_greg(fs_day day, int y, int m, int d)
{
    int yy = -1, mm = -1, dd = -1;
    fs_day_to_greg(day, &yy, &mm, &dd);
    assert_int_equal(yy, y);
    assert_int_equal(mm, m);
    assert_int_equal(dd, d);
}

/* ---- The official table ------------------------------------------------ */

/* Every row: 1 Farvardin <-> Gregorian both ways, leap flag, Esfand length
 * and the roll-over at the end of Esfand; consecutive rows 365/366 apart. */
static void test_nowruz_table(void **state)
{
    (void)state;
    FILE *f = fopen(NOWRUZ_FILE, "r");
    assert_non_null(f);
    char line[256];
    int rows = 0, leaps = 0, prev_y = 0;
    bool prev_leap = false;
    fs_day prev_nowruz = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\0')
            continue;
        char *p = line;
        long y = strtol(p, &p, 10);
        int stars = 0;
        while (*p == '*') {
            stars++;
            p++;
        }
        int gy, gm, gd, used = 0;
        assert_int_equal(sscanf(p, " %d-%d-%d%n", &gy, &gm, &gd, &used), 3);
        char iso[16];
        assert_int_equal(sscanf(p, " %15s", iso), 1);
        assert_true(stars <= 2);
        bool leap = stars > 0;
        int jy = (int)y;

        fs_day nowruz = libc_day(gy, gm, gd);

        /* 1 Farvardin -> day and back, Gregorian both ways. */
        assert_int_equal(jday(jy, 1, 1), nowruz);
        assert_jalali(nowruz, jy, 1, 1);
        assert_greg(nowruz, gy, gm, gd);
        fs_day g = SENTINEL;
        assert_int_equal(fs_greg_to_day(gy, gm, gd, "t", &g, NULL), FS_OK);
        assert_int_equal(g, nowruz);
        fs_day iso_day = SENTINEL;
        assert_int_equal(fs_day_from_iso(iso, &iso_day), FS_OK);
        assert_int_equal(iso_day, nowruz);
        assert_int_equal(fs_day_jalali_year(nowruz), jy);
        assert_int_equal(fs_day_jalali_year(nowruz - 1), jy - 1);

        /* Leap year and Esfand. */
        assert_int_equal(fs_jalali_is_leap(jy), leap);
        assert_int_equal(fs_jalali_month_days(jy, 12), leap ? 30 : 29);
        fs_day esf1 = jday(jy, 12, 1);
        assert_jalali(esf1, jy, 12, 1);
        if (leap) {
            assert_int_equal(jday(jy, 12, 30), esf1 + 29);
            assert_jalali(esf1 + 29, jy, 12, 30);
            assert_jalali(esf1 + 30, jy + 1, 1, 1);
        } else {
            fs_err e;
            fs_day out = SENTINEL;
            assert_int_equal(fs_jalali_to_day(jy, 12, 30, "t", &out, &e), FS_EINVAL);
            assert_int_equal(out, SENTINEL);
            char want[128];
            snprintf(want, sizeof want,
                     "t: %d/12/30 is not a date: Esfand %d has 29 days.", jy, jy);
            assert_string_equal(e.msg, want);
            assert_jalali(esf1 + 28, jy, 12, 29);
            assert_jalali(esf1 + 29, jy + 1, 1, 1);
        }
        fs_err e2;
        fs_day out2 = SENTINEL;
        assert_int_equal(fs_jalali_to_day(jy, 12, 31, "t", &out2, &e2), FS_EINVAL);
        assert_int_equal(out2, SENTINEL);

        /* The day before Nowruz is the last of the previous Esfand. */
        if (rows > 0) {
            assert_int_equal(jy, prev_y + 1);
            assert_int_equal(nowruz - prev_nowruz, prev_leap ? 366 : 365);
            assert_jalali(nowruz - 1, jy - 1, 12, prev_leap ? 30 : 29);
        }

        /* Typed with Persian digits. */
        char typed[64];
        static const char *const fa[10] = {
            "۰", "۱", "۲", "۳", "۴", "۵", "۶", "۷", "۸", "۹",
        };
        snprintf(typed, sizeof typed, "%s%s%s%s/%s/%s", fa[jy / 1000], fa[jy / 100 % 10],
                 fa[jy / 10 % 10], fa[jy % 10], fa[1], fa[1]);
        fs_day parsed = SENTINEL;
        assert_int_equal(fs_date_parse(typed, 0, FS_CAL_JALALI, "t", &parsed, NULL), FS_OK);
        assert_int_equal(parsed, nowruz);

        leaps += leap;
        prev_y = jy;
        prev_leap = leap;
        prev_nowruz = nowruz;
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 1498 - 1206 + 1);
    assert_int_equal(prev_y, 1498);
    /* 293 years hold 71 leap years in the official table. */
    assert_int_equal(leaps, 71);
}

/* Day-by-day walk across 1206..1498: each day's successor is the next
 * Jalali date, and y/m/d -> day round-trips. */
static void test_jalali_day_walk(void **state)
{
    (void)state;
    fs_day start = jday(1206, 1, 1);
    fs_day stop = jday(1499, 1, 1);
    int y = 1206, m = 1, d = 1;
    for (fs_day day = start; day < stop; day++) {
        assert_jalali(day, y, m, d);
        assert_int_equal(jday(y, m, d), day);
        if (d < fs_jalali_month_days(y, m)) {
            d++;
        } else {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(y, 1499);
    assert_int_equal(m, 1);
    assert_int_equal(d, 1);
}

/* Month lengths: 31 for months 1–6, 30 for 7–11, 0 for no month. */
static void test_month_days(void **state)
{
    (void)state;
    for (int m = 1; m <= 6; m++)
        assert_int_equal(fs_jalali_month_days(1403, m), 31);
    for (int m = 7; m <= 11; m++)
        assert_int_equal(fs_jalali_month_days(1403, m), 30);
    assert_int_equal(fs_jalali_month_days(1403, 12), 30);
    assert_int_equal(fs_jalali_month_days(1404, 12), 29);
    assert_int_equal(fs_jalali_month_days(1403, 0), 0);
    assert_int_equal(fs_jalali_month_days(1403, 13), 0);
    assert_true(fs_jalali_is_leap(1403));
    assert_false(fs_jalali_is_leap(1404));
    assert_true(fs_jalali_is_leap(1408));
}

/* ---- Specific dates and strictness ------------------------------------- */

static void test_specific_dates(void **state)
{
    (void)state;
    assert_int_equal(jday(1403, 12, 30), libc_day(2025, 3, 20));
    assert_jalali(libc_day(2025, 3, 20), 1403, 12, 30);
    assert_int_equal(jday(1404, 1, 1), libc_day(2025, 3, 21));
    assert_int_equal(jday(1348, 10, 11), 0);          /* 1970-01-01 */
    assert_jalali(0, 1348, 10, 11);
    assert_int_equal(jday(1000, 1, 1), libc_day(1621, 3, 21));
    assert_jalali(libc_day(1621, 3, 21), 1000, 1, 1);
    assert_int_equal(fs_day_jalali_year(libc_day(2025, 3, 20)), 1403);
    assert_int_equal(fs_day_jalali_year(libc_day(2025, 3, 21)), 1404);
    assert_int_equal(fs_day_jalali_year(libc_day(2026, 3, 20)), 1404);
    /* Far days neither crash nor return garbage months. */
    int y, m, d;
    fs_day_to_jalali(INT32_MAX, &y, &m, &d);
    assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    fs_day_to_jalali(INT32_MIN, &y, &m, &d);
    assert_true(m >= 1 && m <= 12 && d >= 1 && d <= 31);
}

/* Asserts fs_jalali_to_day refuses y/m/d with message msg (NULL: any). */
static void assert_jalali_bad(int y, int m, int d, const char *msg)
{
    fs_err e;
    fs_err_clear(&e);
    fs_day out = SENTINEL;
    assert_int_equal(fs_jalali_to_day(y, m, d, "close date", &out, &e), FS_EINVAL);
    assert_int_equal(e.code, FS_EINVAL);
    assert_string_equal(e.field, "close date");
    assert_int_equal(out, SENTINEL);
    if (msg)
        assert_string_equal(e.msg, msg);
}

static void test_jalali_strict(void **state)
{
    (void)state;
    assert_jalali_bad(1404, 12, 30, "close date: 1404/12/30 is not a date: Esfand 1404 has 29 days.");
    assert_jalali_bad(1403, 13, 1, "close date: 1403/13/01 is not a date: the month must be from 1 to 12.");
    assert_jalali_bad(1403, 1, 32, "close date: 1403/01/32 is not a date: Farvardin 1403 has 31 days.");
    assert_jalali_bad(1403, 7, 31, "close date: 1403/07/31 is not a date: Mehr 1403 has 30 days.");
    assert_jalali_bad(1403, 0, 10, NULL);
    assert_jalali_bad(1403, 1, 0, "close date: 1403/01/00 is not a date: the day must be from 1 to 31.");
    assert_jalali_bad(1403, -1, 1, NULL);
    assert_jalali_bad(999, 1, 1, "close date: the Jalali year must be from 1000 to 1999.");
    assert_jalali_bad(2000, 1, 1, NULL);
    assert_jalali_bad(INT32_MAX, 1, 1, NULL);
    assert_jalali_bad(1403, INT32_MAX, 1, NULL);
    assert_jalali_bad(1403, 1, INT32_MIN, NULL);
    /* Range ends exist. */
    jday(1000, 1, 1);
    jday(1999, 12, 29);
    /* NULL fs_err is allowed. */
    fs_day out = SENTINEL;
    assert_int_equal(fs_jalali_to_day(1404, 12, 30, "x", &out, NULL), FS_EINVAL);
    assert_int_equal(out, SENTINEL);
}

/* Asserts fs_greg_to_day refuses y/m/d with message msg (NULL: any). */
static void assert_greg_bad(int y, int m, int d, const char *msg)
{
    fs_err e;
    fs_err_clear(&e);
    fs_day out = SENTINEL;
    assert_int_equal(fs_greg_to_day(y, m, d, "due", &out, &e), FS_EINVAL);
    assert_string_equal(e.field, "due");
    assert_int_equal(out, SENTINEL);
    if (msg)
        assert_string_equal(e.msg, msg);
}

static void test_greg_strict(void **state)
{
    (void)state;
    assert_greg_bad(2025, 2, 29, "due: 2025-02-29 is not a date: February 2025 has 28 days.");
    assert_greg_bad(2100, 2, 29, NULL);
    assert_greg_bad(2025, 4, 31, NULL);
    assert_greg_bad(2025, 13, 1, NULL);
    assert_greg_bad(2025, 0, 1, NULL);
    assert_greg_bad(2025, 1, 0, NULL);
    assert_greg_bad(1599, 12, 31, "due: the Gregorian year must be from 1600 to 2700.");
    assert_greg_bad(2701, 1, 1, NULL);
    fs_day out;
    assert_int_equal(fs_greg_to_day(2024, 2, 29, "due", &out, NULL), FS_OK);
    assert_int_equal(out, libc_day(2024, 2, 29));
    assert_int_equal(fs_greg_to_day(2000, 2, 29, "due", &out, NULL), FS_OK);
    assert_int_equal(out, 11016);
    assert_int_equal(fs_greg_to_day(1970, 1, 1, "due", &out, NULL), FS_OK);
    assert_int_equal(out, 0);
}

/* The civil arithmetic against libc for every day of 1600..2700, plus the
 * weekday against tm_wday. */
static void test_greg_against_libc(void **state)
{
    (void)state;
    fs_day first = libc_day(1600, 1, 1);
    fs_day last = libc_day(2700, 12, 31);
    assert_true(last - first > 400000);
    for (fs_day day = first; day <= last; day++) {
        time_t t = (time_t)day * 86400;
        struct tm tm;
        assert_non_null(gmtime_r(&t, &tm));
        assert_greg(day, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
        fs_day back = SENTINEL;
        assert_int_equal(fs_greg_to_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                        "t", &back, NULL), FS_OK);
        assert_int_equal(back, day);
        assert_int_equal(fs_day_weekday_sat0(day), (tm.tm_wday + 1) % 7);
    }
}

/* ---- Weekdays and names ------------------------------------------------- */

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(fs_day_weekday_sat0(libc_day(2025, 3, 21)), 6);  /* Friday */
    assert_int_equal(fs_day_weekday_sat0(jday(1404, 1, 1)), 6);
    assert_int_equal(fs_day_weekday_sat0(libc_day(2025, 3, 22)), 0);  /* Saturday */
    assert_int_equal(fs_day_weekday_sat0(0), 5);                      /* Thursday */
    assert_int_equal(fs_day_weekday_sat0(-1), 4);
    assert_int_equal(fs_day_weekday_sat0(-5), 0);
    int w = fs_day_weekday_sat0(INT32_MIN);
    assert_true(w >= 0 && w <= 6);
    w = fs_day_weekday_sat0(INT32_MAX);
    assert_true(w >= 0 && w <= 6);
}

static void test_names(void **state)
{
    (void)state;
    static const char *const fa[12] = {
        "\u0641\u0631\u0648\u0631\u062f\u06cc\u0646",
        "\u0627\u0631\u062f\u06cc\u0628\u0647\u0634\u062a",
        "\u062e\u0631\u062f\u0627\u062f",
        "\u062a\u06cc\u0631",
        "\u0645\u0631\u062f\u0627\u062f",
        "\u0634\u0647\u0631\u06cc\u0648\u0631",
        "\u0645\u0647\u0631",
        "\u0622\u0628\u0627\u0646",
        "\u0622\u0630\u0631",
        "\u062f\u06cc",
        "\u0628\u0647\u0645\u0646",
        "\u0627\u0633\u0641\u0646\u062f",
    };
    static const char *const en[12] = {
        "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
        "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
    };
    for (int m = 1; m <= 12; m++) {
        assert_string_equal(fs_jalali_month_name(m, true), fa[m - 1]);
        assert_string_equal(fs_jalali_month_name(m, false), en[m - 1]);
    }
    assert_string_equal(fs_jalali_month_name(0, true), "");
    assert_string_equal(fs_jalali_month_name(13, false), "");

    static const char *const wfa[7] = {
        "\u0634\u0646\u0628\u0647",
        "\u06cc\u06a9\u0634\u0646\u0628\u0647",
        "\u062f\u0648\u0634\u0646\u0628\u0647",
        "\u0633\u0647\u200c\u0634\u0646\u0628\u0647",
        "\u0686\u0647\u0627\u0631\u0634\u0646\u0628\u0647",
        "\u067e\u0646\u062c\u0634\u0646\u0628\u0647",
        "\u062c\u0645\u0639\u0647",
    };
    static const char *const wen[7] = {
        "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    };
    for (int w = 0; w < 7; w++) {
        assert_string_equal(fs_weekday_name_sat0(w, true), wfa[w]);
        assert_string_equal(fs_weekday_name_sat0(w, false), wen[w]);
    }
    assert_non_null(strstr(fs_weekday_name_sat0(3, true), "\xe2\x80\x8c"));   /* ZWNJ */
    assert_null(strstr(fs_weekday_name_sat0(4, true), "\xe2\x80\x8c"));
    assert_string_equal(fs_weekday_name_sat0(-1, true), "");
    assert_string_equal(fs_weekday_name_sat0(7, false), "");
    assert_string_equal(fs_weekday_name_sat0(fs_day_weekday_sat0(jday(1404, 1, 1)), false),
                        "Friday");
}

/* ---- Parsing ------------------------------------------------------------ */

static fs_day fixed_today(void)
{
    return libc_day(2025, 3, 20);     /* 1403/12/30, a Thursday */
}

/* Asserts text parses (with the fixed today) to want. */
static void parse_ok(const char *text, enum fs_calendar cal, fs_day want)
{
    fs_err e;
    fs_err_clear(&e);
    fs_day out = SENTINEL;
    int rc = fs_date_parse(text, fixed_today(), cal, "close date", &out, &e);
    if (rc != FS_OK)
        print_error("parse of \"%s\" failed: %s\n", text, e.msg);
    assert_int_equal(rc, FS_OK);
    assert_int_equal(out, want);
}

/* Asserts text is refused, naming the field, with message msg (NULL: any). */
static void parse_bad(const char *text, enum fs_calendar cal, const char *msg)
{
    fs_err e;
    fs_err_clear(&e);
    fs_day out = SENTINEL;
    int rc = fs_date_parse(text, fixed_today(), cal, "close date", &out, &e);
    if (rc != FS_EINVAL)
        print_error("parse of \"%s\" did not fail as expected\n", text);
    assert_int_equal(rc, FS_EINVAL);
    assert_int_equal(e.code, FS_EINVAL);
    assert_string_equal(e.field, "close date");
    assert_int_equal(out, SENTINEL);
    assert_true(strncmp(e.msg, "close date: ", 12) == 0);
    if (msg)
        assert_string_equal(e.msg, msg);
}

static void test_parse_dates(void **state)
{
    (void)state;
    fs_day nowruz1404 = libc_day(2025, 3, 21);
    fs_day nowruz1403 = libc_day(2024, 3, 20);
    parse_ok("۱۴۰۴/۰۱/۰۱", FS_CAL_JALALI, nowruz1404);
    parse_ok("۱۴۰۳/۱/۱", FS_CAL_JALALI, nowruz1403);
    parse_ok("1403/1/1", FS_CAL_JALALI, nowruz1403);
    parse_ok("1403/01/01", FS_CAL_JALALI, nowruz1403);
    parse_ok("١٤٠٣/١٢/٣٠", FS_CAL_JALALI, libc_day(2025, 3, 20));   /* Arabic-Indic */
    parse_ok("1403/۱۲/٣0", FS_CAL_JALALI, libc_day(2025, 3, 20));   /* mixed */
    parse_ok("  1403/12/30\t\n", FS_CAL_JALALI, libc_day(2025, 3, 20));
    parse_ok("\xc2\xa0" "1403/12/30" "\xe2\x80\xaf", FS_CAL_JALALI, libc_day(2025, 3, 20));
    parse_ok("2025-03-20", FS_CAL_JALALI, libc_day(2025, 3, 20));   /* ISO always */
    parse_ok("2025-3-20", FS_CAL_JALALI, libc_day(2025, 3, 20));
    parse_ok("۲۰۲۵-۰۳-۲۰", FS_CAL_JALALI, libc_day(2025, 3, 20));
    parse_ok("2025/03/20", FS_CAL_GREGORIAN, libc_day(2025, 3, 20));
    parse_ok("2025-03-20", FS_CAL_GREGORIAN, libc_day(2025, 3, 20));
    parse_ok("2024/2/29", FS_CAL_GREGORIAN, libc_day(2024, 2, 29));
    parse_ok("1000/01/01", FS_CAL_JALALI, libc_day(1621, 3, 21));
}

static void test_parse_relative(void **state)
{
    (void)state;
    fs_day t = fixed_today();
    parse_ok("today", FS_CAL_JALALI, t);
    parse_ok("Today", FS_CAL_JALALI, t);
    parse_ok(" TODAY ", FS_CAL_GREGORIAN, t);
    parse_ok("امروز", FS_CAL_JALALI, t);
    parse_ok("tomorrow", FS_CAL_JALALI, libc_day(2025, 3, 21));
    parse_ok("فردا", FS_CAL_JALALI, libc_day(2025, 3, 21));
    parse_ok("yesterday", FS_CAL_JALALI, libc_day(2025, 3, 19));
    parse_ok("دیروز", FS_CAL_JALALI, libc_day(2025, 3, 19));
    parse_ok("+7", FS_CAL_JALALI, libc_day(2025, 3, 27));
    parse_ok("-7", FS_CAL_JALALI, libc_day(2025, 3, 13));
    parse_ok("+0", FS_CAL_JALALI, t);
    parse_ok("+۷", FS_CAL_JALALI, libc_day(2025, 3, 27));
    parse_ok("+٣٠", FS_CAL_JALALI, libc_day(2025, 4, 19));
    parse_ok("+365", FS_CAL_JALALI, libc_day(2026, 3, 20));
    parse_ok("+007", FS_CAL_JALALI, libc_day(2025, 3, 27));
    parse_ok(" +7 ", FS_CAL_JALALI, libc_day(2025, 3, 27));
    parse_ok("+100000", FS_CAL_JALALI, t + 100000);
    parse_ok("-100000", FS_CAL_JALALI, t - 100000);
    /* Crossing Nowruz from 1403/12/30. */
    fs_day out = SENTINEL;
    assert_int_equal(fs_date_parse("+1", t, FS_CAL_JALALI, "d", &out, NULL), FS_OK);
    assert_jalali(out, 1404, 1, 1);
}

static void test_parse_invalid(void **state)
{
    (void)state;
    const enum fs_calendar J = FS_CAL_JALALI;
    parse_bad("1404/12/30", J, "close date: 1404/12/30 is not a date: Esfand 1404 has 29 days.");
    parse_bad("۱۴۰۴/۱۲/۳۰", J, "close date: 1404/12/30 is not a date: Esfand 1404 has 29 days.");
    parse_bad("1403/13/01", J, "close date: 1403/13/01 is not a date: the month must be from 1 to 12.");
    parse_bad("1403/01/32", J, "close date: 1403/01/32 is not a date: Farvardin 1403 has 31 days.");
    parse_bad("1403/00/10", J, "close date: 1403/00/10 is not a date: the month must be from 1 to 12.");
    parse_bad("1403/01/00", J, NULL);
    const char *syntax = "close date: expected a Jalali date like 1403/12/30, today or +7.";
    parse_bad("1403/1/1xyz", J, syntax);
    parse_bad("", J, syntax);
    parse_bad("   ", J, syntax);
    parse_bad("\t\n", J, syntax);
    parse_bad(NULL, J, syntax);
    parse_bad("1403//01", J, syntax);
    parse_bad("+", J, syntax);
    parse_bad("-", J, syntax);
    parse_bad("+-1", J, syntax);
    parse_bad("+ 7", J, syntax);
    parse_bad("+7d", J, syntax);
    parse_bad("1403/1", J, syntax);
    parse_bad("1403", J, syntax);
    parse_bad("1403/1/1/1", J, syntax);
    parse_bad("1403/001/01", J, syntax);
    parse_bad("1403/01/001", J, syntax);
    parse_bad("1403-01/01", J, syntax);
    parse_bad("1403 / 1 / 1", J, syntax);
    parse_bad("/1/1", J, syntax);
    parse_bad("1403.1.1", J, syntax);
    parse_bad("todayx", J, syntax);
    parse_bad("to day", J, syntax);
    parse_bad("1403/1/1\xff", J, syntax);
    parse_bad("\xd9", J, syntax);                     /* truncated UTF-8 */
    parse_bad("1403/1/\xdb\xb1\xdb", J, syntax);      /* ۱ then a cut byte */
    parse_bad("99999999999999999999/01/01", J,
              "close date: the Jalali year must be from 1000 to 1999.");
    parse_bad("01403/01/01", J, NULL);
    parse_bad("999/01/01", J, NULL);
    parse_bad("2000/01/01", J, NULL);
    parse_bad("2025/03/20", J,
              "close date: the Jalali year must be from 1000 to 1999 "
              "(write a Gregorian date as 2025-03-20).");
    parse_bad("1403-12-30", J, "close date: the Gregorian year must be from 1600 to 2700.");
    parse_bad("2025-02-30", J,
              "close date: 2025-02-30 is not a date: February 2025 has 28 days.");
    parse_bad("+99999999999", J,
              "close date: a relative date can be at most 100000 days away.");
    parse_bad("+100001", J, NULL);
    parse_bad("-100001", J, NULL);
    parse_bad("+99999999999999999999999999999999999999999999", J, NULL);

    /* A very long digit string neither overflows nor succeeds. */
    size_t n = 100000;
    char *big = malloc(n + 8);
    assert_non_null(big);
    memset(big, '9', n);
    memcpy(big + n, "/01/01", 7);
    parse_bad(big, J, NULL);
    big[0] = '+';
    big[n] = '\0';
    parse_bad(big, J, NULL);
    free(big);

    /* Gregorian mode. */
    parse_bad("1403/12/30", FS_CAL_GREGORIAN,
              "close date: the Gregorian year must be from 1600 to 2700.");
    parse_bad("2025/02/29", FS_CAL_GREGORIAN, NULL);
    parse_bad("x", FS_CAL_GREGORIAN, "close date: expected a date like 2025-03-20, today or +7.");
}

/* ---- Formatting and ISO -------------------------------------------------- */

static void test_format(void **state)
{
    (void)state;
    char buf[32];
    fs_day d = libc_day(2025, 3, 20);
    fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_PERSIAN, buf, sizeof buf);
    assert_string_equal(buf, "۱۴۰۳/۱۲/۳۰");
    fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "1403/12/30");
    fs_date_format(d + 1, FS_CAL_JALALI, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "1404/01/01");
    fs_date_format(d + 1, FS_CAL_JALALI, FS_DIGITS_PERSIAN, buf, sizeof buf);
    assert_string_equal(buf, "۱۴۰۴/۰۱/۰۱");
    fs_date_format(d, FS_CAL_GREGORIAN, FS_DIGITS_LATIN, buf, sizeof buf);
    assert_string_equal(buf, "2025-03-20");
    fs_date_format(d, FS_CAL_GREGORIAN, FS_DIGITS_PERSIAN, buf, sizeof buf);
    assert_string_equal(buf, "۲۰۲۵-۰۳-۲۰");

    /* Small buffers: truncated on a character boundary, always terminated. */
    memset(buf, 'Z', sizeof buf);
    fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_PERSIAN, buf, 4);
    assert_string_equal(buf, "۱");
    assert_int_equal(buf[4], 'Z');
    fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_LATIN, buf, 5);
    assert_string_equal(buf, "1403");
    fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_PERSIAN, buf, 1);
    assert_string_equal(buf, "");
    buf[0] = 'Z';
    fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_PERSIAN, buf, 0);
    assert_int_equal(buf[0], 'Z');

    /* Formatting and parsing agree for both calendars and digit sets. */
    for (fs_day x = jday(1402, 1, 1); x < jday(1406, 1, 1); x++) {
        for (int cal = 0; cal < 2; cal++) {
            for (int dg = 0; dg < 2; dg++) {
                fs_date_format(x, (enum fs_calendar)cal, (enum fs_digits)dg, buf, sizeof buf);
                fs_day back = SENTINEL;
                assert_int_equal(fs_date_parse(buf, 0, (enum fs_calendar)cal, "d", &back, NULL),
                                 FS_OK);
                assert_int_equal(back, x);
            }
        }
    }
}

static void test_iso(void **state)
{
    (void)state;
    char iso[11];
    fs_day_to_iso(0, iso);
    assert_string_equal(iso, "1970-01-01");
    fs_day_to_iso(libc_day(2025, 3, 20), iso);
    assert_string_equal(iso, "2025-03-20");
    fs_day_to_iso(libc_day(1600, 1, 1), iso);
    assert_string_equal(iso, "1600-01-01");

    for (fs_day x = libc_day(1600, 1, 1); x <= libc_day(2700, 12, 31); x += 7) {
        fs_day back = SENTINEL;
        fs_day_to_iso(x, iso);
        assert_int_equal(fs_day_from_iso(iso, &back), FS_OK);
        assert_int_equal(back, x);
    }

    fs_day out = SENTINEL;
    assert_int_equal(fs_day_from_iso("2024-02-29", &out), FS_OK);
    assert_int_equal(out, libc_day(2024, 2, 29));
    static const char *const bad[] = {
        "2025-02-30", "2025-3-1x", "2025-3-1", "2025-03-1", "2025-03-01x",
        "2025-03-01 ", " 2025-03-01", "2025/03/01", "2025-13-01", "2025-00-01",
        "2025-01-00", "2100-02-29", "1599-12-31", "2701-01-01", "", "2025",
        "۲۰۲۵-۰۳-۰۱", "+2025-03-01", "2025-03-3\xd9",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        out = SENTINEL;
        if (fs_day_from_iso(bad[i], &out) != FS_EINVAL)
            print_error("ISO \"%s\" was accepted\n", bad[i]);
        assert_int_equal(fs_day_from_iso(bad[i], &out), FS_EINVAL);
        assert_int_equal(out, SENTINEL);
    }
    assert_int_equal(fs_day_from_iso(NULL, &out), FS_EINVAL);
}

static void test_today(void **state)
{
    (void)state;
    time_t now = time(NULL);
    struct tm tm;
    assert_non_null(localtime_r(&now, &tm));
    fs_day t = fs_today();
    /* Allow for midnight passing between the two readings. */
    fs_day expect = libc_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    assert_true(t == expect || t == expect + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nowruz_table),
        cmocka_unit_test(test_jalali_day_walk),
        cmocka_unit_test(test_month_days),
        cmocka_unit_test(test_specific_dates),
        cmocka_unit_test(test_jalali_strict),
        cmocka_unit_test(test_greg_strict),
        cmocka_unit_test(test_greg_against_libc),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_parse_dates),
        cmocka_unit_test(test_parse_relative),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_iso),
        cmocka_unit_test(test_today),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
