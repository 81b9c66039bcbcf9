/* test_text.c — unit tests of src/core/text.c.
 *
 * Expected results are written as byte literals.  Arabic-script letters
 * that look alike (ي U+064A / ی U+06CC, ك U+0643 / ک U+06A9) are spelled
 * with \u escapes so the test says exactly which one it means; the
 * readable form is in the comment next to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

#define FFFD "\xef\xbf\xbd"

/* Asserts that fs_text_search_key(in) is exactly want. */
static void check_key(const char *in, const char *want)
{
    char *k = fs_text_search_key(in);
    assert_non_null(k);
    assert_string_equal(k, want);
    free(k);
}

/* Asserts that two inputs have byte-equal search keys. */
static void check_same_key(const char *a, const char *b)
{
    char *ka = fs_text_search_key(a);
    char *kb = fs_text_search_key(b);
    assert_non_null(ka);
    assert_non_null(kb);
    assert_string_equal(ka, kb);
    free(ka);
    free(kb);
}

/* Asserts that fs_text_sanitize(in, len) is exactly want. */
static void check_sanitize(const char *in, size_t len, const char *want)
{
    char *r = fs_text_sanitize(in, len);
    assert_non_null(r);
    assert_string_equal(r, want);
    free(r);
}

/* Asserts that fs_text_normalize(in) is exactly want. */
static void check_normalize(const char *in, const char *want)
{
    char *r = fs_text_normalize(in);
    assert_non_null(r);
    assert_string_equal(r, want);
    free(r);
}

/* Returns a malloc'd string holding n copies of unit. */
static char *repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *r = malloc(u * n + 1);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++)
        memcpy(r + i * u, unit, u);
    r[u * n] = '\0';
    return r;
}

/* ---- search key ------------------------------------------------------ */

static void key_ascii(void **state)
{
    (void)state;
    check_key("  ALI  Reza ", "ali reza");
    check_key("Ali", "ali");
    check_key("\tA\r\n\vB\f", "a b");
    check_key("0912-345 67", "0912-345 67");
    check_key("x@Y.com", "x@y.com");
}

static void key_empty(void **state)
{
    (void)state;
    check_key("", "");
    check_key("   \t\n ", "");
    check_key("\u200c\u200d", "");            /* only ZWNJ, ZWJ */
    check_key("\u064e\u0640", "");            /* only a fatha and a tatweel */
    check_key(NULL, "");
}

static void key_arabic_letters(void **state)
{
    (void)state;
    /* علي كريمي (Arabic yeh and kaf) == علی کریمی (Persian) */
    check_same_key("\u0639\u0644\u064a \u0643\u0631\u064a\u0645\u064a",
                   "\u0639\u0644\u06cc \u06a9\u0631\u06cc\u0645\u06cc");
    check_key("\u0639\u0644\u064a \u0643\u0631\u064a\u0645\u064a",
              "\u0639\u0644\u06cc \u06a9\u0631\u06cc\u0645\u06cc");
    check_key("\u064a", "\u06cc");            /* ي → ی */
    check_key("\u0649", "\u06cc");            /* ى → ی */
    check_key("\u0643", "\u06a9");            /* ك → ک */
    check_key("\u0623", "\u0627");            /* أ → ا */
    check_key("\u0625", "\u0627");            /* إ → ا */
    check_key("\u0671", "\u0627");            /* ٱ → ا */
    check_key("\u0629", "\u0647");            /* ة → ه */
    check_key("\u06c0", "\u0647");            /* ۀ → ه */
    check_key("\u0624", "\u0648");            /* ؤ → و */
    /* Letters outside the list stay: آ ئ ی ک پ چ ژ گ */
    check_key("\u0622\u0626\u06cc\u06a9\u067e\u0686\u0698\u06af",
              "\u0622\u0626\u06cc\u06a9\u067e\u0686\u0698\u06af");
    /* Decomposed ه + hamza above (U+06D5 U+0654) composes to ۀ first. */
    check_key("\u06d5\u0654", "\u0647");
    /* Decomposed alef + hamza below composes to إ, then → ا */
    check_key("\u0627\u0655", "\u0627");
}

static void key_harakat(void **state)
{
    (void)state;
    /* مُحَمَّد → محمد */
    check_key("\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f",
              "\u0645\u062d\u0645\u062f");
    check_same_key("\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f",
                   "\u0645\u062d\u0645\u062f");
    /* Every mark U+064B–U+065F and U+0670 between two beh letters. */
    for (unsigned c = 0x064B; c <= 0x0670; c++) {
        if (c > 0x065F && c < 0x0670)
            continue;
        char in[16];
        snprintf(in, sizeof in, "\xd8\xa8%c%c\xd8\xa8",
                 (char)(0xC0 | (c >> 6)), (char)(0x80 | (c & 0x3F)));
        check_key(in, "\u0628\u0628");
    }
}

static void key_marks_do_not_block(void **state)
{
    (void)state;
    /* Decomposed آ (alef + madda) composes and stays آ. */
    check_key("\u0627\u0653", "\u0622");
    /* yeh + inverted damma (class 230) + hamza above: the damma must not
     * keep the hamza from composing, so this is ئ like yeh + hamza. */
    check_key("\u064a\u0657\u0654", "\u0626");
    check_same_key("\u064a\u0657\u0654", "\u0626");
    /* Tatweel between alef and madda is dropped first as well. */
    check_key("\u0627\u0640\u0653", "\u0622");
    /* A madda that composes with nothing (on a Latin letter) is removed,
     * and the letter then composes with the accent after it: ỳ. */
    check_key("Y\u0653\u0300", "\u1ef3");
    /* The key of a key is the key itself. */
    const char *texts[] = {
        "Y\u0653\u0300 \u0627\u0654\u0651",
        "\ufe70\u0628 \ufc5e x",
        "\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f \u0643\u0631\u064a\u0645",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        char *k = fs_text_search_key(texts[t]);
        assert_non_null(k);
        check_key(k, k);
        free(k);
    }
}

static void key_tatweel(void **state)
{
    (void)state;
    /* کـــریم == کریم */
    check_key("\u06a9\u0640\u0640\u0640\u0631\u06cc\u0645",
              "\u06a9\u0631\u06cc\u0645");
    check_same_key("\u06a9\u0640\u0640\u0640\u0631\u06cc\u0645",
                   "\u06a9\u0631\u06cc\u0645");
}

static void key_format_chars(void **state)
{
    (void)state;
    /* مي‌خواهم (Arabic yeh, ZWNJ) == میخواهم */
    check_same_key("\u0645\u064a\u200c\u062e\u0648\u0627\u0647\u0645",
                   "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645");
    check_key("\u0645\u064a\u200c\u062e\u0648\u0627\u0647\u0645",
              "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645");
    /* ZWJ, ZWSP, LRM, RLM, ALM, BOM, soft hyphen, isolates, U+0600 */
    check_key("a\u200db\u200bc\u200ed\u200fe\u061cf\ufeffg\u00adh\u2066i\u2069j\u0600k",
              "abcdefghijk");
    /* A format character does not block composition: e ZWJ ◌́ → é */
    check_key("e\u200d\u0301", "\u00e9");
    /* ... nor does a Cf character that is not default-ignorable (U+0600). */
    check_key("e\u0600\u0301", "\u00e9");
    /* Format characters between spaces: still one space. */
    check_key("a \u200c b", "a b");
}

static void key_digits(void **state)
{
    (void)state;
    check_key("\u06f0\u06f9\u06f1\u06f2 \u06f3\u06f4\u06f5", "0912 345");   /* ۰۹۱۲ ۳۴۵ */
    check_key("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
              "0123456789");
    check_key("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
              "0123456789");
    check_same_key("\u06f0\u06f9\u06f1\u06f2", "0912");
    check_same_key("\u0660\u0669\u0661\u0662", "\u06f0\u06f9\u06f1\u06f2");
}

static void key_whitespace(void **state)
{
    (void)state;
    /* NBSP, em space, ideographic space, NEL, line separator */
    check_key("\u00a0a\u00a0\u2003 b\u3000c\xc2\x85" "d\u2028e\u2029", "a b c d e");
    check_key(" \u06cc  \u06a9 ", "\u06cc \u06a9");
}

static void key_nfkc_casefold(void **state)
{
    (void)state;
    check_key("\ufb01", "fi");                        /* ﬁ ligature */
    check_key("\uff21\uff22\uff23", "abc");           /* fullwidth ＡＢＣ */
    check_key("Stra\u00dfe", "strasse");
    check_key("\u00c9COLE", "\u00e9cole");
    check_key("E\u0301", "\u00e9");                  /* decomposed É */
    check_key("\u0391\u03a3", "\u03b1\u03c3");        /* ΑΣ */
    /* Presentation forms: ﻣﺤﻤﺪ → محمد; Farsi yeh, Arabic yeh and kaf
     * isolated forms, keheh isolated. */
    check_key("\ufee3\ufea4\ufee4\ufeaa", "\u0645\u062d\u0645\u062f");
    check_key("\ufbfc", "\u06cc");
    check_key("\ufef1", "\u06cc");
    check_key("\ufed9", "\u06a9");
    check_key("\ufb8e", "\u06a9");
    /* ﷲ (ligature Allah) → الله */
    check_key("\ufdf2", "\u0627\u0644\u0644\u0647");
}

static void key_prefix(void **state)
{
    (void)state;
    /* key(کریم) follows the space in key(علی کریمی) */
    char *full = fs_text_search_key("\u0639\u0644\u064a \u0643\u0631\u064a\u0645\u064a");
    char *part = fs_text_search_key("\u06a9\u0631\u06cc\u0645");
    assert_non_null(full);
    assert_non_null(part);
    const char *sp = strchr(full, ' ');
    assert_non_null(sp);
    assert_memory_equal(sp + 1, part, strlen(part));
    free(part);
    free(full);

    /* The key of every code-point prefix is a prefix of the key. */
    const char *texts[] = {
        "  \u0639\u0644\u064a\u200c \u0643\u0631\u064a\u0645\u064a  \u06f0\u06f9\u06f1\u06f2  ",
        "\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f \u0640\u0631\u0636\u0627 ALI",
        "Stra\u00dfe \ufb01 \uff21 X",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        const char *s = texts[t];
        char *k = fs_text_search_key(s);
        assert_non_null(k);
        size_t n = strlen(s);
        for (size_t i = 0; i <= n; i++) {
            if (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                continue;
            char *p = strndup(s, i);
            assert_non_null(p);
            char *kp = fs_text_search_key(p);
            assert_non_null(kp);
            assert_true(strncmp(k, kp, strlen(kp)) == 0);
            free(kp);
            free(p);
        }
        free(k);
    }
}

static void key_ascii_fast_path_agrees(void **state)
{
    (void)state;
    /* Each ASCII byte inside an otherwise ASCII string (fast path) and the
     * same string with a trailing Persian letter (ICU path) give the same
     * key up to that letter. */
    for (int c = 1; c < 128; c++) {
        char a[8], b[16];
        snprintf(a, sizeof a, " x%cY ", c);
        snprintf(b, sizeof b, " x%cY \u06cc", c);
        char *ka = fs_text_search_key(a);
        char *kb = fs_text_search_key(b);
        assert_non_null(ka);
        assert_non_null(kb);
        size_t la = strlen(ka);
        assert_int_equal(strlen(kb), la + 3);               /* " " + ی */
        assert_memory_equal(ka, kb, la);
        assert_memory_equal(kb + la, " \u06cc", 3);
        free(ka);
        free(kb);
    }
}

static void key_invalid_utf8(void **state)
{
    (void)state;
    check_key("\xff", FFFD);
    check_key("a\xff" "b", "a" FFFD "b");
    check_key("\u06cc\xff", "\u06cc" FFFD);
    /* Truncated sequences at the end: one U+FFFD per byte. */
    check_key("ab\xe2\x80", "ab" FFFD FFFD);
    check_key("\xd8", FFFD);
    check_key("\u06a9\xf0\x9f\x98", "\u06a9" FFFD FFFD FFFD);
    /* Overlong, surrogate, above U+10FFFF, lone continuation. */
    check_key("\xc0\xaf", FFFD FFFD);
    check_key("\xed\xa0\x80", FFFD FFFD FFFD);
    check_key("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
    check_key("\x80x", FFFD "x");
}

static void key_long(void **state)
{
    (void)state;
    /* 10,000 × "علي  " → 10,000 × "علی " trimmed */
    char *in = repeat("\u0639\u0644\u064a  ", 10000);
    char *want = repeat("\u0639\u0644\u06cc ", 10000);
    want[strlen(want) - 1] = '\0';
    check_key(in, want);
    free(in);
    free(want);

    /* 100,000 letters with no boundary-friendly spaces at all. */
    in = repeat("\u0643", 100000);
    want = repeat("\u06a9", 100000);
    check_key(in, want);
    free(in);
    free(want);

    /* Long ASCII. */
    in = repeat("AB ", 20000);
    want = repeat("ab ", 20000);
    want[strlen(want) - 1] = '\0';
    check_key(in, want);
    free(in);
    free(want);

    /* A base letter with 5,000 combining marks (forces a hard cut). */
    char *marks = repeat("\u0301", 5000);
    size_t ml = strlen(marks);
    in = malloc(ml + 2);
    assert_non_null(in);
    in[0] = 'a';
    memcpy(in + 1, marks, ml + 1);
    char *k = fs_text_search_key(in);
    assert_non_null(k);
    assert_int_equal(fs_text_length(k), 5000);   /* á + 4,999 marks */
    assert_memory_equal(k, "\u00e1", 2);
    free(k);
    free(in);
    free(marks);

    /* Many ligatures, whose NFKC expansion overflows the stack buffer. */
    /* ﷺ → صلى الله عليه وسلم, with ى and ي then folded to ی */
    in = repeat("\ufdfa", 3000);
    want = repeat("\u0635\u0644\u06cc \u0627\u0644\u0644\u0647 "
                  "\u0639\u0644\u06cc\u0647 \u0648\u0633\u0644\u0645", 3000);
    check_key(in, want);
    free(want);
    free(in);
}

/* ---- normalize ------------------------------------------------------- */

static void normalize_basic(void **state)
{
    (void)state;
    check_normalize("  Ali Reza \n", "Ali Reza");
    check_normalize("", "");
    check_normalize(" \t\n", "");
    check_normalize(NULL, "");
    check_normalize("e\u0301", "\u00e9");                /* NFC composes */
    check_normalize("\u0627\u0653", "\u0622");           /* ا + madda → آ */
    check_normalize("\ufb01", "\ufb01");                 /* NFC is not NFKC */
    check_normalize("\u00a0\u0639\u0644\u064a\u3000", "\u0639\u0644\u064a");  /* no folding */
    /* What a terminal could obey is not stored: ESC, BEL, C1 (U+009B is
     * CSI), bidi overrides and isolates, line separators; TAB, newline,
     * ZWNJ and the direction marks LRM/RLM stay. */
    check_normalize("a\x1b[31mb", "a[31mb");
    check_normalize("Evil\x1b[31mRED\u202eabc\a\xc2\x9b" "X", "Evil[31mREDabcX");
    check_normalize("\u2066\u0639\u0644\u06cc\u2069\u2028", "\u0639\u0644\u06cc");
    check_normalize("a\x7f\x01" "b\nc", "ab\nc");
    check_normalize("one\r\ntwo\rthree", "one\ntwothree");
    check_normalize("\u200f\u0639\u200e", "\u200f\u0639\u200e");
    check_normalize(" \x1b ", "");
    check_normalize(" a\tb ", "a\tb");
    check_normalize("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645");
}

static void normalize_invalid(void **state)
{
    (void)state;
    check_normalize("\xff", FFFD);
    check_normalize(" a\xc3", "a" FFFD);
    check_normalize("\u06cc\xe2\x80", "\u06cc" FFFD FFFD);
    check_normalize("\xed\xa0\x80 ", FFFD FFFD FFFD);
}

static void normalize_long(void **state)
{
    (void)state;
    char *in = repeat("e\u0301 ", 10000);
    char *want = repeat("\u00e9 ", 10000);
    want[strlen(want) - 1] = '\0';
    check_normalize(in, want);
    free(in);
    free(want);
}

/* ---- sanitize -------------------------------------------------------- */

static void sanitize_controls(void **state)
{
    (void)state;
    check_sanitize("a\x1b[31mb", (size_t)-1, "a[31mb");
    check_sanitize("a\tb\nc\r\nd\re", (size_t)-1, "a b c d e");
    check_sanitize("\x01\x07\x08\x0b\x0c\x7f" "x", (size_t)-1, "x");
    check_sanitize("a\xc2\x9b" "31mb", (size_t)-1, "a31mb");        /* C1 CSI */
    check_sanitize("\xc2\x80\xc2\x85\xc2\x9f" "z", (size_t)-1, "z");
    check_sanitize("", (size_t)-1, "");
    check_sanitize(NULL, 0, "");
    /* The C1 range ends at U+009F: U+00A0 stays. */
    check_sanitize("\xc2\xa0", (size_t)-1, "\xc2\xa0");
}

static void sanitize_bidi(void **state)
{
    (void)state;
    check_sanitize("x\xe2\x80\xae" "y", (size_t)-1, "xy");          /* RLO */
    check_sanitize("\u202a\u202b\u202c\u202d\u202e" "a", (size_t)-1, "a");
    check_sanitize("\u2066\u2067\u2068\u2069" "a", (size_t)-1, "a");
    check_sanitize("a\u2028b\u2029c", (size_t)-1, "abc");
    check_sanitize("\u200ea\u200fb\u061c", (size_t)-1, "ab");
    /* ZWNJ and ZWJ stay; so do Persian letters and U+2065/U+206A. */
    check_sanitize("\u0645\u06cc\u200c\u062e\u200d", (size_t)-1,
                   "\u0645\u06cc\u200c\u062e\u200d");
    check_sanitize("\u2065\u206a\u2029", (size_t)-1, "\u2065\u206a");
}

static void sanitize_invalid(void **state)
{
    (void)state;
    check_sanitize("\xff", (size_t)-1, FFFD);
    check_sanitize("a\xe2\x80", (size_t)-1, "a" FFFD FFFD);         /* truncated */
    check_sanitize("\xc0\x9b", (size_t)-1, FFFD FFFD);              /* overlong CSI */
    check_sanitize("\xed\xa0\x80", (size_t)-1, FFFD FFFD FFFD);
}

static void sanitize_len(void **state)
{
    (void)state;
    /* Explicit length: stops there, and embedded NULs are dropped. */
    check_sanitize("abcdef", 3, "abc");
    check_sanitize("a\0b", 3, "ab");
    /* A length that cuts a sequence: the cut bytes are bad bytes. */
    check_sanitize("\u06cc\u06cc", 3, "\u06cc" FFFD);
    check_sanitize("xyz", 0, "");
}

static void sanitize_long(void **state)
{
    (void)state;
    char *in = repeat("\u0639\x1b\u202e\n", 10000);
    char *want = repeat("\u0639 ", 10000);
    check_sanitize(in, (size_t)-1, want);
    free(in);
    free(want);

    in = repeat("\xff", 10000);
    want = repeat(FFFD, 10000);
    check_sanitize(in, (size_t)-1, want);
    free(in);
    free(want);
}

/* ---- width, length, validity ----------------------------------------- */

static void width_basic(void **state)
{
    (void)state;
    assert_int_equal(fs_text_width(""), 0);
    assert_int_equal(fs_text_width(NULL), 0);
    assert_int_equal(fs_text_width("abc"), 3);
    assert_int_equal(fs_text_width("\u0639\u0644\u06cc"), 3);                  /* علی */
    assert_int_equal(fs_text_width("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"), 7);
    assert_int_equal(fs_text_width("\u4e2d\u6587"), 4);                        /* 中文 */
    assert_int_equal(fs_text_width("\uff21"), 2);                              /* fullwidth */
    assert_int_equal(fs_text_width("\U0001F600"), 2);                          /* emoji */
    assert_int_equal(fs_text_width("e\u0301"), 1);                             /* Mn */
    assert_int_equal(fs_text_width("\u0645\u064f\u062d\u064e"), 2);            /* harakat */
    assert_int_equal(fs_text_width("a\u20dd"), 1);                             /* Me */
    assert_int_equal(fs_text_width("\u200d\u200b\ufeff"), 0);                 /* Cf */
    assert_int_equal(fs_text_width("\u1100\u1161\u11a8"), 2);                  /* Hangul jamo */
    assert_int_equal(fs_text_width("\u06f1\u06f2"), 2);
}

static void width_invalid(void **state)
{
    (void)state;
    assert_int_equal(fs_text_width("\xff"), 1);
    assert_int_equal(fs_text_width("a\xe4\xb8"), 3);          /* truncated 中 */
    assert_int_equal(fs_text_width("\xed\xa0\x80"), 3);
    char *s = repeat("\u4e2d", 10000);
    assert_int_equal(fs_text_width(s), 20000);
    free(s);
}

static void length_basic(void **state)
{
    (void)state;
    assert_int_equal(fs_text_length(""), 0);
    assert_int_equal(fs_text_length(NULL), 0);
    assert_int_equal(fs_text_length("abc"), 3);
    assert_int_equal(fs_text_length("\u0639\u0644\u06cc"), 3);
    assert_int_equal(fs_text_length("\u0645\u06cc\u200c\u062e"), 4);
    assert_int_equal(fs_text_length("\U0001F600x"), 2);
    assert_int_equal(fs_text_length("\xff\xfe"), 2);
    assert_int_equal(fs_text_length("a\xe2\x80"), 3);
    assert_int_equal(fs_text_length("\xf0\x9f\x98"), 3);
    char *s = repeat("\u06cc", 12345);
    assert_int_equal(fs_text_length(s), 12345);
    free(s);
}

static void valid_utf8(void **state)
{
    (void)state;
    assert_true(fs_text_valid_utf8("", 0));
    assert_true(fs_text_valid_utf8(NULL, 0));
    assert_false(fs_text_valid_utf8(NULL, 1));
    assert_true(fs_text_valid_utf8("abc", 3));
    assert_true(fs_text_valid_utf8("a\0b", 3));
    assert_true(fs_text_valid_utf8("\u0639\u0644\u06cc", 6));
    assert_true(fs_text_valid_utf8("\U0010FFFF", 4));
    assert_false(fs_text_valid_utf8("\xff", 1));
    assert_false(fs_text_valid_utf8("\xc0\xaf", 2));             /* overlong */
    assert_false(fs_text_valid_utf8("\xe0\x80\xaf", 3));         /* overlong */
    assert_false(fs_text_valid_utf8("\xed\xa0\x80", 3));         /* surrogate */
    assert_false(fs_text_valid_utf8("\xf4\x90\x80\x80", 4));     /* > U+10FFFF */
    assert_false(fs_text_valid_utf8("\x80", 1));
    /* A sequence cut by len is invalid even if the bytes go on. */
    assert_false(fs_text_valid_utf8("\u06cc", 1));
    assert_false(fs_text_valid_utf8("a\xe2\x80", 3));
    assert_true(fs_text_valid_utf8("\u06cc\xff", 2));
}

/* ---- digits, rtl ----------------------------------------------------- */

static void latin_digits(void **state)
{
    (void)state;
    char *r;
    r = fs_text_latin_digits("\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9");
    assert_string_equal(r, "0123456789");
    free(r);
    r = fs_text_latin_digits("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669");
    assert_string_equal(r, "0123456789");
    free(r);
    /* ۱٬۲۳۴٫۵، stays apart from the digits and the decimal separator */
    r = fs_text_latin_digits("\u06f1\u066c\u06f2\u06f3\u06f4\u066b\u06f5\u060c");
    assert_string_equal(r, "1\u066c234.5\u060c");
    free(r);
    r = fs_text_latin_digits("\u0639\u0644\u064a 12");
    assert_string_equal(r, "\u0639\u0644\u064a 12");
    free(r);
    r = fs_text_latin_digits("\u06f1\xff\xe2\x80");
    assert_string_equal(r, "1" FFFD FFFD FFFD);
    free(r);
    r = fs_text_latin_digits("");
    assert_string_equal(r, "");
    free(r);
}

static void local_digits(void **state)
{
    (void)state;
    char *r;
    r = fs_text_local_digits("0123456789", FS_DIGITS_PERSIAN);
    assert_string_equal(r, "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9");
    free(r);
    r = fs_text_local_digits("Tel 12.5", FS_DIGITS_PERSIAN);
    assert_string_equal(r, "Tel \u06f1\u06f2.\u06f5");
    free(r);
    r = fs_text_local_digits("Tel 12.5 \u06f3", FS_DIGITS_LATIN);
    assert_string_equal(r, "Tel 12.5 \u06f3");
    free(r);
    r = fs_text_local_digits("1\xff", FS_DIGITS_PERSIAN);
    assert_string_equal(r, "\u06f1" FFFD);
    free(r);
    char *in = repeat("9", 10000);
    r = fs_text_local_digits(in, FS_DIGITS_PERSIAN);
    char *want = repeat("\u06f9", 10000);
    assert_string_equal(r, want);
    free(want);
    free(r);
    free(in);
}

static void has_rtl(void **state)
{
    (void)state;
    assert_true(fs_text_has_rtl("\u0639\u0644\u06cc"));
    assert_true(fs_text_has_rtl("abc \u06a9"));
    assert_true(fs_text_has_rtl("\u05e9\u05dc\u05d5\u05dd"));     /* Hebrew */
    assert_true(fs_text_has_rtl("\ufbfc"));                       /* presentation form */
    assert_false(fs_text_has_rtl("abc 123"));
    assert_false(fs_text_has_rtl(""));
    assert_false(fs_text_has_rtl(NULL));
    assert_false(fs_text_has_rtl("\u06f1\u06f2"));                /* EN digits */
    assert_false(fs_text_has_rtl("\u0661"));                      /* AN digit */
    assert_false(fs_text_has_rtl("\u064e"));                      /* NSM mark */
    assert_false(fs_text_has_rtl("\xd8"));                        /* truncated */
}

/* Typed words become required prefix tokens; quotes can never break out. */
static void fts_prefix_query(void **state)
{
    (void)state;
    static const struct { const char *in, *want; } cases[] = {
        { "لپ ایس", "\"لپ\"* \"ایس\"*" },
        { "  ali   kar ", "\"ali\"* \"kar\"*" },
        { "a\"b", "\"a\"\"b\"*" },
        { "\" OR \"", "\"\"\"\"* \"OR\"* \"\"\"\"*" },
        { "   ", "" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *q = fs_text_fts_prefix_query(cases[i].in);
        assert_non_null(q);
        assert_string_equal(q, cases[i].want);
        free(q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_ascii),
        cmocka_unit_test(fts_prefix_query),
        cmocka_unit_test(key_empty),
        cmocka_unit_test(key_arabic_letters),
        cmocka_unit_test(key_harakat),
        cmocka_unit_test(key_marks_do_not_block),
        cmocka_unit_test(key_tatweel),
        cmocka_unit_test(key_format_chars),
        cmocka_unit_test(key_digits),
        cmocka_unit_test(key_whitespace),
        cmocka_unit_test(key_nfkc_casefold),
        cmocka_unit_test(key_prefix),
        cmocka_unit_test(key_ascii_fast_path_agrees),
        cmocka_unit_test(key_invalid_utf8),
        cmocka_unit_test(key_long),
        cmocka_unit_test(normalize_basic),
        cmocka_unit_test(normalize_invalid),
        cmocka_unit_test(normalize_long),
        cmocka_unit_test(sanitize_controls),
        cmocka_unit_test(sanitize_bidi),
        cmocka_unit_test(sanitize_invalid),
        cmocka_unit_test(sanitize_len),
        cmocka_unit_test(sanitize_long),
        cmocka_unit_test(width_basic),
        cmocka_unit_test(width_invalid),
        cmocka_unit_test(length_basic),
        cmocka_unit_test(valid_utf8),
        cmocka_unit_test(latin_digits),
        cmocka_unit_test(local_digits),
        cmocka_unit_test(has_rtl),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
