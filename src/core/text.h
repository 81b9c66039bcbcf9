/* text.h — Persian-aware text utilities: search keys, display sanitising,
 * display width, storage normalisation, digit conversion.
 *
 * All strings are UTF-8 in logical order.  Functions returning char * return
 * a malloc'd string owned by the caller (free()), or NULL only when memory
 * runs out.  Invalid UTF-8 input never crashes anything: it is treated as
 * U+FFFD per bad byte.
 */
#ifndef FS_TEXT_H
#define FS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fs_digits { FS_DIGITS_LATIN = 0, FS_DIGITS_PERSIAN = 1 };

/* The search key of a name, phone or code (SPEC §9): NFKC, case-folded,
 * ي/ى→ی, ك→ک, أ/إ/ٱ→ا, ة/ۀ→ه, ؤ→و, harakat (U+064B–U+065F, U+0670) and
 * tatweel removed, ZWNJ/ZWJ and other format characters removed,
 * Persian/Arabic-Indic digits → Latin, runs of white space → one ASCII
 * space, trimmed.  Keys of two spellings of one name are byte-equal, and
 * the key of a prefix is a prefix of the key (so prefix search works). */
char *fs_text_search_key(const char *s);
/* The FTS5 query matching every word of a search key as a prefix, all
 * required: «لپ ایس» → "لپ"* "ایس"*.  Quotes inside words are doubled, so
 * typed text is never FTS syntax.  "" when key has no word; NULL when out
 * of memory.  Free with free(). */
char *fs_text_fts_prefix_query(const char *key);

/* Text for storage: valid UTF-8 (bad bytes → U+FFFD), NFC, leading and
 * trailing white space trimmed, and nothing a terminal could obey: C0
 * controls other than TAB and newline (CRLF becomes LF), DEL, C1 controls, the bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and
 * U+2028/U+2029 are removed (hostile text typed or imported never reaches
 * the database; what older files hold is still cleaned on display). */
char *fs_text_normalize(const char *s);

/* Text safe to send to a terminal (SPEC §9): C0 controls (incl. ESC, TAB,
 * newline → one space for TAB/newline, dropped otherwise), DEL, C1, the bidi
 * embedding/override/isolate characters U+202A–U+202E and U+2066–U+2069,
 * and U+2028/U+2029 are removed; invalid UTF-8 becomes U+FFFD; ZWNJ and ZWJ
 * are kept.  len may be (size_t)-1 for a NUL-terminated s. */
char *fs_text_sanitize(const char *s, size_t len);

/* Terminal columns the (sanitised) string takes: East Asian wide/fullwidth
 * = 2, combining marks and format characters (ZWNJ…) = 0, others 1. */
int fs_text_width(const char *s);

/* Number of Unicode code points (for "up to 200 characters" rules). */
size_t fs_text_length(const char *s);

/* True when s[0..len) is well-formed UTF-8. */
bool fs_text_valid_utf8(const char *s, size_t len);

/* Copy of s with Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669)
 * digits turned into ASCII digits, the Arabic thousands separator U+066C and
 * Arabic comma U+060C left alone, the Arabic decimal separator U+066B turned
 * into '.'; nothing else changes. */
char *fs_text_latin_digits(const char *s);

/* Copy of s with ASCII digits turned into Persian digits when
 * digits == FS_DIGITS_PERSIAN (a plain copy otherwise). */
char *fs_text_local_digits(const char *s, enum fs_digits digits);

/* True when s holds any right-to-left strong character (Arabic script,
 * Hebrew). */
bool fs_text_has_rtl(const char *s);

/* Copies src (NULL is "") into dst of n bytes, cut at a code-point
 * boundary when it does not fit; always NUL-terminated (n > 0).  Returns
 * the bytes copied. */
size_t fs_text_copy(char *dst, size_t n, const char *src);

#endif
