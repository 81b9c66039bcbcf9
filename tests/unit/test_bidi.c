/* test_bidi.c — unit tests of src/core/bidi.c, the display layer.
 *
 * Expected lines are written as byte literals in visual order (left to
 * right as the terminal draws them), with every presentation form spelled
 * as a \u escape and named in the comment.  They were derived by hand from
 * the Unicode joining and bidi rules: e.g. «علی» is ع initial U+FECB, ل
 * medial U+FEE0, ی (U+06CC) final U+FBFD, drawn right to left, so the
 * line is U+FBFD U+FEE0 U+FECB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bidi.h"
#include "error.h"

/* Visual forms used below. */
#define ALI "\uFBFD\uFEE0\uFECB"                  /* «علی»: ی fin, ل med, ع ini */
#define KARIMI "\uFBFD\uFEE4\uFBFE\uFEAE\uFB90"   /* «کریمی»: ی fin, م med, ی ini, ر fin, ک ini */
#define BARAYE "\uFBFC\uFE8D\uFEAE\uFE91"         /* «برای»: ی iso, ا iso, ر fin, ب ini */
#define SEFARESH "\uFEB5\uFEAD\uFE8E\uFED4\uFEB3" /* «سفارش»: ش iso, ر iso, ا fin, ف med, س ini */
#define GHEYMAT "\uFE96\uFEE4\uFBFF\uFED7"        /* «قیمت»: ت fin, م med, ی med, ق ini */
#define RIAL "\uFEDD\uFE8E\uFBFE\uFEAD"           /* «ریال»: ل iso, ا fin, ی ini, ر iso */
#define SALAM "\uFEE1\uFEFC\uFEB3"                /* «سلام»: م iso, لا fin ligature, س ini */
#define ELLIPSIS "\u2026"

/* Renders in into a fresh line, asserting success; the caller frees it. */
static fs_vline render(const char *in, int width, enum fs_bidi_base base,
                       enum fs_align align, enum fs_bidi_mode mode)
{
    fs_vline v = {0};
    assert_int_equal(fs_bidi_render(in, width, base, align, mode, &v), FS_OK);
    return v;
}

/* Asserts that in renders (app mode) to exactly want, want_width columns. */
static void check(const char *in, int width, enum fs_bidi_base base,
                  enum fs_align align, const char *want, int want_width)
{
    fs_vline v = render(in, width, base, align, FS_BIDI_APP);
    assert_string_equal(v.text, want);
    assert_int_equal(v.width, want_width);
    fs_vline_free(&v);
}

/* Asserts that v->map[0..n) equals want[0..n). */
static void check_map(const int *map, const int *want, int n)
{
    for (int i = 0; i < n; i++) {
        if (map[i] != want[i])
            fail_msg("map[%d] is %d, expected %d", i, map[i], want[i]);
    }
}

/* Asserts that the maps of v agree: the first column of every shown
 * code point maps back to it, and every shown code point maps to a column
 * showing it or the head of its glyph (a mark's base, a ligature's lam). */
static void check_round_trip(const fs_vline *v)
{
    int shown = 0;
    for (int c = 0; c < v->width; c++) {
        int l = v->cell_to_log[c];
        if (l < 0 || (c > 0 && v->cell_to_log[c - 1] == l))
            continue;
        assert_true(l < v->nlog);
        assert_int_equal(v->log_to_cell[l], c);
        shown++;
    }
    for (int l = 0; l < v->nlog; l++) {
        int c = v->log_to_cell[l];
        if (c < 0)
            continue;
        assert_true(c < v->width);
        int head = v->cell_to_log[c];
        assert_true(head >= 0 && head <= l);
    }
    assert_true(shown > 0);
}

/* ---- shaping and reordering ------------------------------------------ */

static void persian_word(void **state)
{
    (void)state;
    fs_vline v = render("علی", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, ALI);
    assert_int_equal(v.width, 3);
    assert_int_equal(v.nlog, 3);
    assert_true(v.rtl);
    assert_false(v.clipped);
    check_map(v.cell_to_log, (int[]){ 2, 1, 0 }, 3);
    check_map(v.log_to_cell, (int[]){ 2, 1, 0 }, 3);
    fs_vline_free(&v);
}

static void persian_two_words(void **state)
{
    (void)state;
    check("علی کریمی", -1, FS_BIDI_RTL, FS_ALIGN_START, KARIMI " " ALI, 9);
    /* The same text in a left-to-right paragraph is one right-to-left run:
     * the same picture. */
    check("علی کریمی", -1, FS_BIDI_LTR, FS_ALIGN_START, KARIMI " " ALI, 9);
}

static void lam_alef_ligature(void **state)
{
    (void)state;
    /* «سلام»: lam and alef become one glyph (U+FEFC, final form) in one
     * column; both map to it, the column maps to the lam. */
    fs_vline v = render("سلام", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, SALAM);
    assert_int_equal(v.width, 3);
    check_map(v.cell_to_log, (int[]){ 3, 1, 0 }, 3);
    check_map(v.log_to_cell, (int[]){ 2, 1, 1, 0 }, 4);
    fs_vline_free(&v);
    /* Isolated lam-alef at the start of a word, with a fatha between:
     * U+FEFB, then the mark on it. */
    check("لَا", -1, FS_BIDI_RTL, FS_ALIGN_START, "\uFEFB\u064E", 1);
    /* «لا ب»: the space of the text stays, no extra one appears. */
    check("لا ب", -1, FS_BIDI_RTL, FS_ALIGN_START, "\uFE8F \uFEFB", 3);
    /* A ligature ending the text, and one after a tatweel: ICU's
     * "same length" options move letters in these cases, the maps must
     * not move.  «ب1لا»: ب iso, 1, لا iso (the leftmost). */
    fs_vline v2 = render("ب1لا", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v2.text, "\uFEFB" "1" "\uFE8F");
    check_map(v2.log_to_cell, (int[]){ 2, 1, 0, 0 }, 4);
    fs_vline_free(&v2);
    /* «بـلا»: ب ini, tatweel, لا fin. */
    check("بـلا", -1, FS_BIDI_RTL, FS_ALIGN_START, "\uFEFC\u0640\uFE91", 3);
}

static void persian_with_latin(void **state)
{
    (void)state;
    fs_vline v = render("سفارش iPhone 15 برای علی", -1, FS_BIDI_RTL,
                        FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, ALI " " BARAYE " iPhone 15 " SEFARESH);
    assert_int_equal(v.width, 24);
    /* «iPhone» reads left to right: its 'i' (index 6) is in column 9. */
    assert_int_equal(v.log_to_cell[6], 9);
    assert_int_equal(v.cell_to_log[17], 14);    /* '5' of 15 */
    check_round_trip(&v);
    fs_vline_free(&v);
    /* In an English paragraph the Latin comes first, the Persian run
     * after it. */
    check("Order 42 برای علی", -1, FS_BIDI_LTR, FS_ALIGN_START,
          "Order 42 " ALI " " BARAYE, 17);
}

static void numbers_stay_left_to_right(void **state)
{
    (void)state;
    check("قیمت 40,000,000 ریال", -1, FS_BIDI_RTL, FS_ALIGN_START,
          RIAL " 40,000,000 " GHEYMAT, 20);
    /* Persian digits too: «(۲ عدد)», parentheses mirrored. */
    fs_vline v = render("(۲ عدد)", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    /* «عدد»: د iso, د fin, ع ini. */
    assert_string_equal(v.text, "(\uFEA9\uFEAA\uFECB \u06F2)");
    /* The '(' drawn on the left is the logical ')' (index 6), mirrored. */
    assert_int_equal(v.cell_to_log[0], 6);
    assert_int_equal(v.cell_to_log[6], 0);
    fs_vline_free(&v);
}

static void parentheses_around_number(void **state)
{
    (void)state;
    fs_vline v = render("قیمت (40,000) ریال", -1, FS_BIDI_RTL, FS_ALIGN_START,
                        FS_BIDI_APP);
    assert_string_equal(v.text, RIAL " (40,000) " GHEYMAT);
    /* Column 5 shows '(' for the logical ')' at index 12; column 12 shows
     * ')' for the logical '(' at index 5. */
    assert_int_equal(v.cell_to_log[5], 12);
    assert_int_equal(v.cell_to_log[12], 5);
    check_round_trip(&v);
    fs_vline_free(&v);
}

static void zwnj_keeps_joining(void **state)
{
    (void)state;
    /* «می‌خواهم»: ی before the ZWNJ is final (U+FBFD), خ after it is
     * initial (U+FEA7); the ZWNJ itself is not drawn. */
    fs_vline v = render("می\u200cخواهم", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "\uFEE2\uFEEB\uFE8D\uFEEE\uFEA7\uFBFD\uFEE3");
    assert_int_equal(v.width, 7);
    assert_int_equal(v.nlog, 8);
    check_map(v.log_to_cell, (int[]){ 6, 5, -1, 4, 3, 2, 1, 0 }, 8);
    assert_null(strstr(v.text, "\u200c"));
    check_round_trip(&v);
    fs_vline_free(&v);
    /* Without the ZWNJ the letters join through: ی medial, خ medial. */
    check("میخواهم", -1, FS_BIDI_RTL, FS_ALIGN_START,
          "\uFEE2\uFEEB\uFE8D\uFEEE\uFEA8\uFBFF\uFEE3", 7);
    /* ZWJ forces joining: a lone ه followed by ZWJ takes its initial form. */
    check("ه\u200d", -1, FS_BIDI_RTL, FS_ALIGN_START, "\uFEEB", 1);
}

static void combining_marks(void **state)
{
    (void)state;
    /* «بِب»: the kasra follows its base in the output although the run is
     * reversed, and maps to the base's column. */
    fs_vline v = render("بِب", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "\uFE90\uFE91\u0650");
    assert_int_equal(v.width, 2);
    check_map(v.log_to_cell, (int[]){ 1, 1, 0 }, 3);
    fs_vline_free(&v);
    /* A mark with no letter before it is drawn on a dotted circle. */
    check("\u0650ب", -1, FS_BIDI_RTL, FS_ALIGN_START, "\uFE8F\u25CC\u0650", 2);
}

static void wide_and_supplementary(void **state)
{
    (void)state;
    /* An emoji (two columns, outside the BMP) after Persian goes left. */
    fs_vline v = render("علی 😀", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "\U0001F600 " ALI);
    assert_int_equal(v.width, 6);
    check_map(v.cell_to_log, (int[]){ 4, 4, 3, 2, 1, 0 }, 6);
    check_map(v.log_to_cell, (int[]){ 5, 4, 3, 2, 0 }, 5);
    fs_vline_free(&v);
}

static void paragraph_direction(void **state)
{
    (void)state;
    /* A neutral at the end of an RTL paragraph goes to the left. */
    check("Hello!", -1, FS_BIDI_RTL, FS_ALIGN_START, "!Hello", 6);
    fs_vline v = render("Hello!", -1, FS_BIDI_AUTO_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "Hello!");
    assert_false(v.rtl);
    fs_vline_free(&v);
    v = render("123", 5, FS_BIDI_AUTO_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "  123");
    assert_true(v.rtl);
    fs_vline_free(&v);
    v = render("123", 5, FS_BIDI_AUTO_LTR, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "123  ");
    assert_false(v.rtl);
    fs_vline_free(&v);
    v = render("42 علی", 7, FS_BIDI_AUTO_LTR, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, " " ALI " 42");
    assert_true(v.rtl);
    fs_vline_free(&v);
}

/* ---- sanitising and bad input ---------------------------------------- */

static void controls_removed(void **state)
{
    (void)state;
    /* ESC, BEL, C1 CSI, RLO, LRI and PDI are dropped; the maps still index
     * the original text. */
    const char *in = "\x1b" "علی\u202e \u2066کریمی\u2069\a\xc2\x9b";
    fs_vline v = render(in, -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, KARIMI " " ALI);
    assert_int_equal(v.nlog, 15);
    check_map(v.log_to_cell,
              (int[]){ -1, 8, 7, 6, -1, 5, -1, 4, 3, 2, 1, 0, -1, -1, -1 }, 15);
    assert_null(strchr(v.text, '\x1b'));
    check_round_trip(&v);
    fs_vline_free(&v);
    /* TAB and CR LF become one space each. */
    check("a\tb\r\nc", -1, FS_BIDI_LTR, FS_ALIGN_START, "a b c", 5);
    v = render("a\tb\r\nc", -1, FS_BIDI_LTR, FS_ALIGN_START, FS_BIDI_APP);
    check_map(v.log_to_cell, (int[]){ 0, 1, 2, 3, -1, 4 }, 6);
    fs_vline_free(&v);
    /* The LF of CR LF is the one dropped, even before a real space. */
    v = render("a\r\n b", -1, FS_BIDI_LTR, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "a  b");
    check_map(v.log_to_cell, (int[]){ 0, 1, -1, 2, 3 }, 5);
    fs_vline_free(&v);
    /* ZWNJ is not drawn in Latin-only text either. */
    check("a\u200cb", -1, FS_BIDI_LTR, FS_ALIGN_START, "ab", 2);
}

static void invalid_utf8(void **state)
{
    (void)state;
    /* Each bad byte is one U+FFFD and one logical index. */
    fs_vline v = render("a\xff" "b\xe2\x82", 6, FS_BIDI_LTR, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, "a\uFFFDb\uFFFD\uFFFD ");
    assert_int_equal(v.nlog, 5);
    check_map(v.log_to_cell, (int[]){ 0, 1, 2, 3, 4 }, 5);
    fs_vline_free(&v);
    check(NULL, 3, FS_BIDI_RTL, FS_ALIGN_START, "   ", 3);
}

/* ---- clipping and padding -------------------------------------------- */

static void clip_rtl(void **state)
{
    (void)state;
    /* «شرکت فولاد مبارکه» in 8 columns: «شرکت فو» and '…' on the left.
     * «فو»: و fin, ف ini; «شرکت»: ت fin, ک ini, ر fin, ش ini. */
    fs_vline v = render("شرکت فولاد مبارکه", 8, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, ELLIPSIS "\uFEEE\uFED3 \uFE96\uFB90\uFEAE\uFEB7");
    assert_int_equal(v.width, 8);
    assert_true(v.clipped);
    assert_int_equal(v.log_end, 7);
    assert_int_equal(v.cell_to_log[0], -1);
    assert_int_equal(v.log_to_cell[7], -1);
    check_round_trip(&v);
    fs_vline_free(&v);
    /* No room at all: an empty line, not an error. */
    check("شرکت فولاد", 0, FS_BIDI_RTL, FS_ALIGN_START, "", 0);
    check("شرکت فولاد", 1, FS_BIDI_RTL, FS_ALIGN_START, ELLIPSIS, 1);
}

static void clip_ltr(void **state)
{
    (void)state;
    check("Mobarakeh Steel", 10, FS_BIDI_LTR, FS_ALIGN_START, "Mobarakeh" ELLIPSIS, 10);
    check("Mobarakeh Steel", 15, FS_BIDI_LTR, FS_ALIGN_START, "Mobarakeh Steel", 15);
    check("Mobarakeh Steel", 1, FS_BIDI_LTR, FS_ALIGN_START, ELLIPSIS, 1);
    check("Mobarakeh Steel", 0, FS_BIDI_LTR, FS_ALIGN_START, "", 0);
    /* A wide character that does not fit leaves a padding space. */
    check("a界b", 3, FS_BIDI_LTR, FS_ALIGN_START, "a" ELLIPSIS " ", 3);
    /* An English paragraph ending in Persian: the ellipsis at the right. */
    check("Order 42 برای علی کریمی", 14, FS_BIDI_LTR, FS_ALIGN_START,
          "Order 42 " BARAYE ELLIPSIS, 14);
}

static void padding_and_alignment(void **state)
{
    (void)state;
    check("علی", 8, FS_BIDI_RTL, FS_ALIGN_START, "     " ALI, 8);
    check("علی", 8, FS_BIDI_RTL, FS_ALIGN_END, ALI "     ", 8);
    check("علی", 8, FS_BIDI_RTL, FS_ALIGN_CENTER, "   " ALI "  ", 8);
    check("Ali", 8, FS_BIDI_LTR, FS_ALIGN_START, "Ali     ", 8);
    check("Ali", 8, FS_BIDI_LTR, FS_ALIGN_END, "     Ali", 8);
    check("Ali", 8, FS_BIDI_LTR, FS_ALIGN_CENTER, "  Ali   ", 8);
    fs_vline v = render("علی", 8, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_int_equal(v.text_col, 5);
    assert_int_equal(v.text_width, 3);
    check_map(v.cell_to_log, (int[]){ -1, -1, -1, -1, -1, 2, 1, 0 }, 8);
    check_map(v.log_to_cell, (int[]){ 7, 6, 5 }, 3);
    fs_vline_free(&v);
}

static void very_long_name(void **state)
{
    (void)state;
    /* 10,000 code points: «علی » 2,500 times.  19 columns fit before the
     * ellipsis: five names and four spaces. */
    size_t unit = strlen("علی ");
    char *in = malloc(unit * 2500 + 1);
    assert_non_null(in);
    for (size_t i = 0; i < 2500; i++)
        memcpy(in + i * unit, "علی ", unit);
    in[unit * 2500] = '\0';
    fs_vline v = render(in, 20, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_string_equal(v.text, ELLIPSIS ALI " " ALI " " ALI " " ALI " " ALI);
    assert_int_equal(v.nlog, 10000);
    assert_int_equal(v.log_end, 19);
    assert_int_equal(v.log_to_cell[0], 19);
    assert_int_equal(v.log_to_cell[9999], -1);
    check_round_trip(&v);
    /* Unclipped, the whole name is laid out. */
    assert_int_equal(fs_bidi_render(in, -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP, &v),
                     FS_OK);
    assert_int_equal(v.width, 10000);
    assert_int_equal(v.log_to_cell[0], 9999);
    assert_int_equal(v.log_to_cell[9999], 0);    /* the final space */
    assert_int_equal(v.log_to_cell[9998], 1);    /* the last ی */
    fs_vline_free(&v);
    free(in);
}

/* ---- terminal mode ---------------------------------------------------- */

static void terminal_mode(void **state)
{
    (void)state;
    /* Logical order, unshaped, ZWNJ kept, controls still removed. */
    fs_vline v = render("\x1bمی\u200cخواهم abc", 14, FS_BIDI_RTL, FS_ALIGN_START,
                        FS_BIDI_TERMINAL);
    assert_string_equal(v.text, "   می\u200cخواهم abc");
    assert_int_equal(v.log_to_cell[1], 3);
    assert_int_equal(v.log_to_cell[3], -1);
    assert_false(v.reordered);
    fs_vline_free(&v);
    v = render("سلام abc", 5, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_TERMINAL);
    assert_string_equal(v.text, "سلام" ELLIPSIS);
    assert_int_equal(fs_vline_cursor_col(&v, 2), 2);
    fs_vline_free(&v);
}

/* ---- maps, slices and cursors ---------------------------------------- */

static void maps_round_trip(void **state)
{
    (void)state;
    static const char *texts[] = {
        "شرکت فولاد مبارکه (اصفهان) - 1,200,000 ریال",
        "لپ\u200cتاپ ایسوس X515 «نو»",
        "Mobarakeh Steel Co. — شرکت فولاد",
        "بِسْمِ اللّٰه 😀 界",
        "\x1b[0m\u202eسلام\xff",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        for (int width = 3; width <= 45; width += 7) {
            fs_vline v = render(texts[i], width, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
            assert_int_equal(v.width, width);
            check_round_trip(&v);
            fs_vline_free(&v);
        }
    }
}

static void slice(void **state)
{
    (void)state;
    fs_vline v = render("a界b", -1, FS_BIDI_LTR, FS_ALIGN_START, FS_BIDI_APP);
    fs_vline s = {0};
    /* Cutting the wide character in half leaves a space. */
    assert_int_equal(fs_vline_slice(&v, 2, 3, &s), FS_OK);
    assert_string_equal(s.text, " b ");
    check_map(s.cell_to_log, (int[]){ -1, 2, -1 }, 3);
    check_map(s.log_to_cell, (int[]){ -1, -1, 1 }, 3);
    assert_int_equal(fs_vline_slice(&v, -2, 4, &s), FS_OK);
    assert_string_equal(s.text, "  a ");
    assert_int_equal(s.text_col, 2);
    assert_int_equal(s.text_width, 2);
    assert_int_equal(fs_vline_slice(&v, 1, 2, &s), FS_OK);
    assert_string_equal(s.text, "界");
    check_map(s.cell_to_log, (int[]){ 1, 1 }, 2);
    fs_vline_free(&v);
    /* Marks travel with their base. */
    v = render("بِب", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_int_equal(fs_vline_slice(&v, 1, 1, &s), FS_OK);
    assert_string_equal(s.text, "\uFE91\u0650");
    check_map(s.log_to_cell, (int[]){ 0, 0, -1 }, 3);
    fs_vline_free(&v);
    fs_vline_free(&s);
}

static void cursor_columns(void **state)
{
    (void)state;
    /* RTL: the cursor sits on the character it precedes; at the end, left
     * of the text. */
    fs_vline v = render("علی", 8, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_int_equal(fs_vline_cursor_col(&v, 0), 7);
    assert_int_equal(fs_vline_cursor_col(&v, 2), 5);
    assert_int_equal(fs_vline_cursor_col(&v, 3), 4);
    fs_vline_free(&v);
    v = render("Ali", 8, FS_BIDI_LTR, FS_ALIGN_START, FS_BIDI_APP);
    assert_int_equal(fs_vline_cursor_col(&v, 0), 0);
    assert_int_equal(fs_vline_cursor_col(&v, 3), 3);
    fs_vline_free(&v);
    /* A hidden ZWNJ: the position before it shows on the next letter. */
    v = render("می\u200cخواهم", -1, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_int_equal(fs_vline_cursor_col(&v, 2), 4);
    fs_vline_free(&v);
    /* In the clipped part: the ellipsis column. */
    v = render("شرکت فولاد مبارکه", 8, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP);
    assert_int_equal(fs_vline_cursor_col(&v, 12), 0);
    fs_vline_free(&v);
}

static void buffers_reused(void **state)
{
    (void)state;
    /* One vline serves many renders of different sizes. */
    fs_vline v = {0};
    assert_int_equal(fs_bidi_render("شرکت فولاد مبارکه", 40, FS_BIDI_RTL, FS_ALIGN_START,
                                    FS_BIDI_APP, &v), FS_OK);
    assert_int_equal(v.width, 40);
    assert_int_equal(fs_bidi_render("علی", 3, FS_BIDI_RTL, FS_ALIGN_START, FS_BIDI_APP, &v),
                     FS_OK);
    assert_string_equal(v.text, ALI);
    assert_int_equal(v.nlog, 3);
    fs_vline_free(&v);
    assert_null(v.text);
    assert_int_equal(v.width, 0);
}

static void marks_predicate(void **state)
{
    (void)state;
    assert_true(fs_bidi_is_mark(0x0650));    /* kasra */
    assert_true(fs_bidi_is_mark(0x0301));    /* combining acute */
    assert_false(fs_bidi_is_mark(0x0628));   /* ب */
    assert_false(fs_bidi_is_mark(0x200C));   /* ZWNJ: a format character */
    assert_false(fs_bidi_is_mark('a'));
}

/* Frees the cached engine so leak checkers see nothing. */
static int teardown(void **state)
{
    (void)state;
    fs_bidi_release();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(persian_word),
        cmocka_unit_test(persian_two_words),
        cmocka_unit_test(lam_alef_ligature),
        cmocka_unit_test(persian_with_latin),
        cmocka_unit_test(numbers_stay_left_to_right),
        cmocka_unit_test(parentheses_around_number),
        cmocka_unit_test(zwnj_keeps_joining),
        cmocka_unit_test(combining_marks),
        cmocka_unit_test(wide_and_supplementary),
        cmocka_unit_test(paragraph_direction),
        cmocka_unit_test(controls_removed),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(clip_rtl),
        cmocka_unit_test(clip_ltr),
        cmocka_unit_test(padding_and_alignment),
        cmocka_unit_test(very_long_name),
        cmocka_unit_test(terminal_mode),
        cmocka_unit_test(maps_round_trip),
        cmocka_unit_test(slice),
        cmocka_unit_test(cursor_columns),
        cmocka_unit_test(buffers_reused),
        cmocka_unit_test(marks_predicate),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
