/* test_field.c — unit tests of src/core/field.c, the curses-free text
 * field: where the cursor is (logical position and screen column) after
 * each editing key, and what the field draws, in Persian, English and
 * mixed text.  Visual forms are spelled as \u escapes (see test_bidi.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "field.h"

#define ALI "\uFBFD\uFEE0\uFECB"     /* «علی» drawn */
#define SALAM "\uFEE1\uFEFC\uFEB3"   /* «سلام» drawn */

/* Sets up f with text, asserting success. */
static void field(fs_field *f, const char *text, int max_len, enum fs_bidi_base base,
                  enum fs_bidi_mode mode)
{
    assert_int_equal(fs_field_init(f, text, max_len, base, mode), FS_OK);
}

/* Asserts that f drawn in width columns shows want with the terminal
 * cursor in column col, and that its logical cursor is pos. */
static void check_view(fs_field *f, int width, const char *want, int col, int pos)
{
    fs_vline v = {0};
    int cursor_col = -1;
    assert_int_equal(fs_field_layout(f, width, &v, &cursor_col), FS_OK);
    assert_string_equal(v.text, want);
    assert_int_equal(v.width, width);
    assert_int_equal(cursor_col, col);
    assert_int_equal(f->cursor, pos);
    fs_vline_free(&v);
}

/* Asserts the cursor's logical position and column after each of a row of
 * visual moves in direction dir; the move after the last must fail. */
static void check_visual_walk(fs_field *f, int width, int dir, const int *pos,
                              const int *col, int n)
{
    for (int i = 0; i < n; i++) {
        assert_true(fs_field_move_visual(f, dir));
        fs_vline v = {0};
        int c = -1;
        assert_int_equal(fs_field_layout(f, width, &v, &c), FS_OK);
        fs_vline_free(&v);
        if (f->cursor != pos[i] || c != col[i])
            fail_msg("move %d: cursor %d at column %d, expected %d at %d",
                     i, f->cursor, c, pos[i], col[i]);
    }
    int last = f->cursor;
    assert_false(fs_field_move_visual(f, dir));
    assert_int_equal(f->cursor, last);
}

static void persian_keys(void **state)
{
    (void)state;
    fs_field f;
    field(&f, "علی", 0, FS_BIDI_AUTO_RTL, FS_BIDI_APP);
    /* Right-aligned; the cursor at the end is left of the text. */
    check_view(&f, 8, "     " ALI, 4, 3);
    assert_false(fs_field_move_visual(&f, -1));
    /* Right walks back through the word to its start, on the right. */
    check_visual_walk(&f, 8, +1, (int[]){ 2, 1, 0 }, (int[]){ 5, 6, 7 }, 3);
    /* ...and Left forward again to the end. */
    check_visual_walk(&f, 8, -1, (int[]){ 1, 2, 3 }, (int[]){ 6, 5, 4 }, 3);
    fs_field_home(&f);
    check_view(&f, 8, "     " ALI, 7, 0);
    fs_field_end(&f);
    assert_true(fs_field_backspace(&f));
    assert_string_equal(fs_field_text(&f), "عل");
    check_view(&f, 8, "      \uFEDE\uFECB", 5, 2);           /* ل fin, ع ini */
    assert_int_equal(fs_field_insert(&f, "ن"), 1);
    assert_string_equal(fs_field_text(&f), "علن");
    check_view(&f, 8, "     \uFEE6\uFEE0\uFECB", 4, 3);       /* ن fin, ل med, ع ini */
    fs_field_home(&f);
    assert_true(fs_field_delete(&f));
    assert_string_equal(fs_field_text(&f), "لن");
    check_view(&f, 8, "      \uFEE6\uFEDF", 7, 0);           /* ن fin, ل ini */
    assert_false(fs_field_backspace(&f));
    fs_field_free(&f);
}

static void english_keys(void **state)
{
    (void)state;
    fs_field f;
    field(&f, "Mobarakeh Steel", 0, FS_BIDI_LTR, FS_BIDI_APP);
    /* Wider than the field: scrolled so the cursor at the end shows. */
    check_view(&f, 8, "h Steel ", 7, 15);
    fs_field_home(&f);
    check_view(&f, 8, "Mobarake", 0, 0);
    for (int i = 0; i < 7; i++)
        assert_true(fs_field_move_visual(&f, +1));
    check_view(&f, 8, "Mobarake", 7, 7);
    /* One more step scrolls by one column. */
    assert_true(fs_field_move_visual(&f, +1));
    check_view(&f, 8, "obarakeh", 7, 8);
    assert_true(fs_field_move_visual(&f, -1));
    check_view(&f, 8, "obarakeh", 6, 7);
    assert_true(fs_field_move(&f, -1));
    assert_int_equal(f.cursor, 6);
    fs_field_end(&f);
    assert_true(fs_field_backspace(&f));
    assert_string_equal(fs_field_text(&f), "Mobarakeh Stee");
    check_view(&f, 8, "eh Stee ", 7, 14);
    assert_false(fs_field_delete(&f));
    assert_false(fs_field_move(&f, +1));
    fs_field_free(&f);
}

static void mixed_keys(void **state)
{
    (void)state;
    fs_field f;
    /* «سلام abc» in a right-to-left field: "abc" left of the Persian. */
    field(&f, "سلام abc", 0, FS_BIDI_RTL, FS_BIDI_APP);
    check_view(&f, 12, "     abc " SALAM, 4, 8);
    /* Right from the end: a, b, c, then the space, م, the lam-alef, س. */
    check_visual_walk(&f, 12, +1, (int[]){ 5, 6, 7, 4, 3, 2, 0 },
                      (int[]){ 5, 6, 7, 8, 9, 10, 11 }, 7);
    /* Left from the start: into the ligature at the lam, then on. */
    check_visual_walk(&f, 12, -1, (int[]){ 1, 3, 4, 7, 6, 5, 8 },
                      (int[]){ 10, 9, 8, 7, 6, 5, 4 }, 7);
    /* Typing at the end of the Latin run goes logically last. */
    assert_int_equal(fs_field_insert(&f, "d"), 1);
    assert_string_equal(fs_field_text(&f), "سلام abcd");
    check_view(&f, 12, "    abcd " SALAM, 3, 9);
    fs_field_free(&f);
}

static void marks_are_one_unit(void **state)
{
    (void)state;
    fs_field f;
    field(&f, "بِب", 0, FS_BIDI_RTL, FS_BIDI_APP);
    assert_true(fs_field_move(&f, -1));
    assert_int_equal(f.cursor, 2);
    assert_true(fs_field_move(&f, -1));
    assert_int_equal(f.cursor, 0);                  /* over ب and its kasra */
    assert_true(fs_field_move(&f, +1));
    assert_int_equal(f.cursor, 2);
    assert_true(fs_field_backspace(&f));            /* ب with its kasra */
    assert_string_equal(fs_field_text(&f), "ب");
    assert_int_equal(f.cursor, 0);
    fs_field_end(&f);
    assert_int_equal(fs_field_insert(&f, "\u064e"), 1);   /* fatha */
    assert_string_equal(fs_field_text(&f), "بَ");
    check_view(&f, 4, "   \uFE8F\u064E", 2, 2);
    assert_true(fs_field_backspace(&f));
    assert_string_equal(fs_field_text(&f), "");
    assert_false(fs_field_backspace(&f));
    fs_field_free(&f);
}

static void zwnj_editing(void **state)
{
    (void)state;
    fs_field f;
    field(&f, "می\u200cخواهم", 0, FS_BIDI_RTL, FS_BIDI_APP);
    fs_field_home(&f);
    assert_true(fs_field_move(&f, +1));
    assert_true(fs_field_move(&f, +1));
    assert_true(fs_field_move(&f, +1));
    assert_int_equal(f.cursor, 3);                  /* after the ZWNJ */
    /* Removing the ZWNJ joins ی and خ (both medial now). */
    assert_true(fs_field_backspace(&f));
    assert_string_equal(fs_field_text(&f), "میخواهم");
    check_view(&f, 9, "  \uFEE2\uFEEB\uFE8D\uFEEE\uFEA8\uFBFF\uFEE3", 6, 2);
    assert_int_equal(fs_field_insert(&f, "\u200c"), 1);
    assert_string_equal(fs_field_text(&f), "می\u200cخواهم");
    check_view(&f, 9, "  \uFEE2\uFEEB\uFE8D\uFEEE\uFEA7\uFBFD\uFEE3", 6, 3);
    fs_field_free(&f);
}

static void insert_limits_and_sanitises(void **state)
{
    (void)state;
    fs_field f;
    field(&f, "", 5, FS_BIDI_AUTO_RTL, FS_BIDI_APP);
    assert_int_equal(fs_field_insert(&f, "علی کریمی"), 5);
    assert_string_equal(fs_field_text(&f), "علی ک");
    assert_int_equal(fs_field_insert(&f, "x"), 0);
    assert_string_equal(fs_field_text(&f), "علی ک");
    assert_int_equal(f.cursor, 5);
    fs_field_free(&f);

    field(&f, "", 0, FS_BIDI_LTR, FS_BIDI_APP);
    assert_int_equal(fs_field_insert(&f, "a\x1b" "b\tc\u202e"), 4);
    assert_string_equal(fs_field_text(&f), "ab c");
    assert_int_equal(f.cursor, 4);
    fs_field_free(&f);
}

static void controls_in_text(void **state)
{
    (void)state;
    fs_field f;
    /* Stored text with an ESC: kept in the field, not drawn, and the
     * cursor still lands on the right letters. */
    field(&f, "\x1b" "علی", 0, FS_BIDI_RTL, FS_BIDI_APP);
    assert_int_equal(f.n, 4);
    check_view(&f, 6, "   " ALI, 2, 4);
    fs_field_home(&f);
    check_view(&f, 6, "   " ALI, 5, 0);
    assert_true(fs_field_move_visual(&f, -1));
    check_view(&f, 6, "   " ALI, 4, 2);
    assert_true(fs_field_backspace(&f));
    assert_string_equal(fs_field_text(&f), "\x1b" "لی");
    fs_field_free(&f);
}

static void rtl_scrolling(void **state)
{
    (void)state;
    fs_field f;
    field(&f, "شرکت فولاد مبارکه", 0, FS_BIDI_RTL, FS_BIDI_APP);
    /* At the end the left end shows: the cursor's column, «مبارکه», the
     * space before it. */
    check_view(&f, 8, " \uFEEA\uFB90\uFEAD\uFE8E\uFE92\uFEE3 ", 0, 17);
    /* At the start the right end shows, «شرکت» and «فولا». */
    fs_field_home(&f);
    check_view(&f, 8, "\uFEFB\uFEEE\uFED3 \uFE96\uFB90\uFEAE\uFEB7", 7, 0);
    for (int i = 0; i < 7; i++)
        assert_true(fs_field_move_visual(&f, -1));
    check_view(&f, 8, "\uFEFB\uFEEE\uFED3 \uFE96\uFB90\uFEAE\uFEB7", 0, 7);
    /* The next Left skips the alef inside the ligature and scrolls. */
    assert_true(fs_field_move_visual(&f, -1));
    check_view(&f, 8, "\uFEA9\uFEFB\uFEEE\uFED3 \uFE96\uFB90\uFEAE", 0, 9);
    assert_int_equal(f.scroll, 1);
    /* set_text goes to the end and forgets the scroll. */
    assert_int_equal(fs_field_set_text(&f, "علی"), FS_OK);
    check_view(&f, 8, "     " ALI, 4, 3);
    fs_field_free(&f);
}

static void terminal_mode_moves(void **state)
{
    (void)state;
    fs_field f;
    /* The terminal lays out the line: Left in an RTL paragraph is
     * logically forward, and the view stays in logical order. */
    field(&f, "سلام", 0, FS_BIDI_RTL, FS_BIDI_TERMINAL);
    fs_field_home(&f);
    assert_true(fs_field_move_visual(&f, -1));
    assert_int_equal(f.cursor, 1);
    assert_true(fs_field_move_visual(&f, +1));
    assert_int_equal(f.cursor, 0);
    check_view(&f, 6, "سلام  ", 0, 0);
    fs_field_free(&f);
}

/* Frees the cached bidi engine so leak checkers see nothing. */
static int teardown(void **state)
{
    (void)state;
    fs_bidi_release();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(persian_keys),
        cmocka_unit_test(english_keys),
        cmocka_unit_test(mixed_keys),
        cmocka_unit_test(marks_are_one_unit),
        cmocka_unit_test(zwnj_editing),
        cmocka_unit_test(insert_limits_and_sanitises),
        cmocka_unit_test(controls_in_text),
        cmocka_unit_test(rtl_scrolling),
        cmocka_unit_test(terminal_mode_moves),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
