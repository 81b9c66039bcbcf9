/* jdate.h — dates: Jalali (Solar Hijri) and Gregorian, through ICU's
 * Persian calendar (never a hand-written algorithm).
 *
 * A date is an fs_day: the number of days since 1970-01-01 (proleptic
 * Gregorian).  Dates are stored in the database as ISO "YYYY-MM-DD" text and
 * shown/entered as Jalali "yyyy/mm/dd" unless the Gregorian calendar is
 * chosen.
 */
#ifndef FS_JDATE_H
#define FS_JDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "text.h"

typedef int32_t fs_day;

enum fs_calendar { FS_CAL_JALALI = 0, FS_CAL_GREGORIAN = 1 };

/* Accepted year ranges; anything outside is an error, not a roll-over. */
#define FS_JALALI_YEAR_MIN 1000
#define FS_JALALI_YEAR_MAX 1999
#define FS_GREG_YEAR_MIN 1600
#define FS_GREG_YEAR_MAX 2700

/* Strict conversions.  Return FS_OK, or FS_EINVAL naming `field` when the
 * date does not exist (1404/12/30, 1403/13/01, 1403/01/32). */
int fs_jalali_to_day(int y, int m, int d, const char *field, fs_day *out, fs_err *e);
int fs_greg_to_day(int y, int m, int d, const char *field, fs_day *out, fs_err *e);
void fs_day_to_jalali(fs_day day, int *y, int *m, int *d);
void fs_day_to_greg(fs_day day, int *y, int *m, int *d);

/* Days in Jalali month m (1–12) of year y: 31, 30, or 29/30 for Esfand. */
int fs_jalali_month_days(int y, int m);
bool fs_jalali_is_leap(int y);
/* Day of week, 0 = Saturday … 6 = Friday (the Persian week). */
int fs_day_weekday_sat0(fs_day day);

/* Today's local date, or FORSAT_TODAY (YYYY-MM-DD) when set (tests). */
fs_day fs_today(void);

/* Parses a date typed by a user (SPEC §9):
 *  - Jalali "yyyy/mm/dd" (separator '/' only), one- or two-digit month
 *    and day; with cal == FS_CAL_GREGORIAN, "yyyy/mm/dd" is Gregorian;
 *  - ISO Gregorian "yyyy-mm-dd";
 *  - "today"/"امروز", "+N"/"-N" days from `today`, "tomorrow"/"فردا",
 *    "yesterday"/"دیروز";
 *  - digits in Latin, Persian or Arabic-Indic; surrounding white space ok.
 * Anything else — trailing text, empty, missing parts, huge years, 0
 * month/day — is FS_EINVAL naming `field`. */
int fs_date_parse(const char *text, fs_day today, enum fs_calendar cal,
                  const char *field, fs_day *out, fs_err *e);

/* "1403/12/30" (Jalali) or "2025-03-20" (Gregorian) with Latin or Persian
 * digits.  n ≥ 32 is always enough. */
void fs_date_format(fs_day day, enum fs_calendar cal, enum fs_digits digits,
                    char *out, size_t n);

/* ISO storage form "2025-03-20" and back (strict). */
void fs_day_to_iso(fs_day day, char out[11]);
int fs_day_from_iso(const char *iso, fs_day *out);

/* The Jalali year of a day (used for numbers like OPP-1405-000123). */
int fs_day_jalali_year(fs_day day);

/* Jalali month names (1–12) and Saturday-first weekday names, Persian or
 * English transliteration ("Farvardin"). */
const char *fs_jalali_month_name(int m, bool persian);
const char *fs_weekday_name_sat0(int wd, bool persian);

#endif
