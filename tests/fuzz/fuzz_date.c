/* fuzz_date.c — the date parser (fs_date_parse, SPEC §9) on any bytes:
 * it accepts or refuses with a sentence naming the field, never crashes,
 * and an accepted date formats back to text that parses to the same day. */
#include "fuzz.h"
#include "jdate.h"

/* True when the day's year is one the calendar accepts as input. */
static int year_in_range(fs_day day, enum fs_calendar cal)
{
    int y, m, d;
    if (cal == FS_CAL_JALALI) {
        fs_day_to_jalali(day, &y, &m, &d);
        return y >= FS_JALALI_YEAR_MIN && y <= FS_JALALI_YEAR_MAX;
    }
    fs_day_to_greg(day, &y, &m, &d);
    return y >= FS_GREG_YEAR_MIN && y <= FS_GREG_YEAR_MAX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 512)
        return 0;
    char *s = fuzz_cstr(data, size);
    if (!s)
        return 0;
    const fs_day today = 20366; /* 2025-10-04 */
    for (int cal = FS_CAL_JALALI; cal <= FS_CAL_GREGORIAN; cal++) {
        fs_err e;
        fs_err_clear(&e);
        fs_day day = -1;
        int rc = fs_date_parse(s, today, (enum fs_calendar)cal, "close_date", &day, &e);
        FUZZ_CHECK(rc == FS_OK || rc == FS_EINVAL);
        if (rc != FS_OK) {
            FUZZ_CHECK(e.msg[0] != '\0' && strcmp(e.field, "close_date") == 0);
            continue;
        }
        char iso[11];
        fs_day back = -1;
        fs_day_to_iso(day, iso);
        FUZZ_CHECK(fs_day_from_iso(iso, &back) == 0 && back == day);
        if (!year_in_range(day, (enum fs_calendar)cal))
            continue; /* e.g. ISO 1600-01-01 is Jalali 978: shown, not typed */
        for (int digits = FS_DIGITS_LATIN; digits <= FS_DIGITS_PERSIAN; digits++) {
            char out[64];
            fs_date_format(day, (enum fs_calendar)cal, (enum fs_digits)digits, out, sizeof out);
            back = -1;
            FUZZ_CHECK(fs_date_parse(out, today, (enum fs_calendar)cal, "close_date", &back, &e) == FS_OK);
            FUZZ_CHECK(back == day);
        }
    }
    free(s);
    return 0;
}
