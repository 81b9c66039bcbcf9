/* money.h — Rial amounts, quantities and percentages in integers.
 *
 * Money is int64_t Rial everywhere; there is no floating point near money.
 * Quantities are fixed-point with 4 decimals (FS_QTY_SCALE units per 1).
 * Percentages are basis points: 1 % = 100, 100 % = 10000 (two decimals).
 *
 * The one rounding rule (docs/ROUNDING.md): every division rounds half away
 * from zero, i.e. half up for the non-negative amounts users see:
 * 0.5 Rial → 1, 1.49 → 1, -0.5 → -1.
 *
 * Arithmetic returns FS_OK or FS_EINVAL on overflow (never wraps).
 */
#ifndef FS_MONEY_H
#define FS_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "text.h"

#define FS_QTY_SCALE 10000
#define FS_BP_SCALE 10000 /* basis points in 100 % */

/* Largest amount accepted from input: 10^15 Rial (a quadrillion), far above
 * any real document and far below INT64_MAX so sums of many lines fit. */
#define FS_MONEY_MAX 1000000000000000LL

int fs_money_add(int64_t a, int64_t b, int64_t *out);
int fs_money_sub(int64_t a, int64_t b, int64_t *out);

/* price × qty (qty in 1/FS_QTY_SCALE units), rounded by the rule. */
int fs_money_mul_qty(int64_t price, int64_t qty, int64_t *out);

/* amount × bp / 10000, rounded by the rule (3 % of 40,000,000 = 1,200,000). */
int fs_money_percent(int64_t amount, int64_t bp, int64_t *out);

/* part / whole in basis points, rounded by the rule; whole == 0 gives 0. */
int fs_money_ratio_bp(int64_t part, int64_t whole, int64_t *bp);

/* Parses an amount typed by a user: optional surrounding white space,
 * Latin, Persian or Arabic-Indic digits, thousands separators (',', '٬',
 * '،', '\'', '_' and spaces between digit groups), an optional unit suffix
 * "ریال"/"rial"/"IRR" (×1) or "تومان"/"toman"/"T" (×10); no sign, no
 * decimals (Rial has none).  Empty, junk, negative, or above FS_MONEY_MAX →
 * FS_EINVAL with a sentence naming `field`. */
int fs_money_parse(const char *text, const char *field, int64_t *out, fs_err *e);

/* Formats with thousands separators: "40,000,000" (Latin) or "۴۰٬۰۰۰٬۰۰۰"
 * (Persian digits, U+066C separator).  toman divides by 10 (rounded by the
 * rule) and appends nothing: the caller labels the unit.  Negative values
 * get a leading '-'.  Always NUL-terminates; n ≥ 64 is always enough
 * (Persian digits and separators take two bytes each). */
void fs_money_format(int64_t v, enum fs_digits digits, bool toman, char *out, size_t n);

/* Parses a quantity: digits (any script), optional decimal point ('.', '٫',
 * or '/' is NOT accepted) with at most 4 decimals; must be > 0 and
 * ≤ 10^9 units.  Result in 1/FS_QTY_SCALE units. */
int fs_qty_parse(const char *text, const char *field, int64_t *out, fs_err *e);

/* "4", "2.5", "0.0001" — trailing zeros trimmed; Persian digits use '٫'. */
void fs_qty_format(int64_t q, enum fs_digits digits, char *out, size_t n);

/* Parses a percentage 0–100 with at most 2 decimals, optional trailing
 * '%' or '٪'; result in basis points. */
int fs_percent_parse(const char *text, const char *field, int64_t *bp, fs_err *e);

/* "3", "12.5" — basis points as a percentage, trailing zeros trimmed. */
void fs_percent_format(int64_t bp, enum fs_digits digits, char *out, size_t n);

/* Parses a whole number in [min, max] typed in any digit script (used for
 * probability, ids, limits). */
int fs_int_parse(const char *text, const char *field, int64_t min, int64_t max,
                 int64_t *out, fs_err *e);

#endif
