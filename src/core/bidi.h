/* bidi.h — the display layer: one line of stored text (UTF-8, logical
 * order) turned into what a terminal cell of W columns should show (SPEC §9).
 *
 * Under FS_BIDI_APP (the default, `--bidi app`) the text is sanitised
 * (fs_text_sanitize), shaped (Arabic-script letters → presentation forms,
 * lam-alef ligatures), reordered by the Unicode bidi algorithm with
 * mirrored brackets, measured, clipped at its logical end with '…' and
 * padded to W columns.  The result is drawn left to right as it is, so it
 * looks right on terminals that neither reorder nor shape.  Under
 * FS_BIDI_TERMINAL (`--bidi terminal`, for mlterm or Konsole with its bidi
 * on) the text is only sanitised, measured, clipped and padded; it stays in
 * logical order and unshaped for the terminal to lay out.
 *
 * Shaped forms and visual order exist only in an fs_vline, for the screen;
 * nothing here changes stored text.  docs/BIDI.md explains the choices.
 *
 * Not thread-safe: one bidi engine is kept and reused (the program draws
 * from one thread).
 */
#ifndef FS_BIDI_H
#define FS_BIDI_H

#include <stdbool.h>
#include <stdint.h>

/* The paragraph direction: fixed, or taken from the first strong
 * (letter) character with the given fallback when there is none. */
enum fs_bidi_base { FS_BIDI_LTR, FS_BIDI_RTL, FS_BIDI_AUTO_LTR, FS_BIDI_AUTO_RTL };

/* Who lays out bidi text: forsat (--bidi app) or the terminal. */
enum fs_bidi_mode { FS_BIDI_APP, FS_BIDI_TERMINAL };

/* Where text narrower than its cell sits.  Start is the paragraph's start
 * side: right for a right-to-left paragraph, left otherwise.  Centred text
 * with an odd leftover column leans to the start side. */
enum fs_align { FS_ALIGN_START, FS_ALIGN_END, FS_ALIGN_CENTER };

/* One rendered line.  Columns count from the left edge of the cell.
 * "Logical index" is the index of a code point in the text given to
 * fs_bidi_render(), counting every ill-formed byte as one code point
 * (as fs_text_length() does), including characters that sanitising
 * removes, so the indices are those of the stored (or edited) text.
 *
 * Zero-initialise one (`fs_vline v = {0};`) before first use; a vline may
 * be passed to fs_bidi_render() again and again (its buffers are reused)
 * and is released with fs_vline_free().  All fields are read-only. */
typedef struct fs_vline {
    char *text;          /* what to draw, left to right, NUL-terminated */
    int width;           /* columns text takes */
    int *cell_to_log;    /* [width]: logical index drawn in each column
                          * (both columns of a wide character), -1 for
                          * padding and the ellipsis */
    int nlog;            /* code points in the logical text */
    int *log_to_cell;    /* [nlog]: first column of each code point; a
                          * combining mark or the second letter of a
                          * lam-alef ligature gives the column it is drawn
                          * in; -1 when not shown (removed control,
                          * ZWNJ/ZWJ and other format characters, clipped) */
    int text_col;        /* the text proper (with the ellipsis) occupies */
    int text_width;      /*   columns [text_col, text_col + text_width) */
    int log_end;         /* logical index of the first clipped code point
                          * (nlog when nothing is clipped) */
    bool rtl;            /* the paragraph direction resolved to RTL */
    bool reordered;      /* FS_BIDI_APP: text is in visual order */
    bool clipped;        /* the text did not fit and ends in '…' */
    /* private: buffer capacities */
    int text_cap, cells_cap, log_cap;
} fs_vline;

/* Renders logical UTF-8 (NULL is "") into out.  width >= 0: exactly that
 * many columns, clipped with '…' at the logical end (the left side of a
 * right-to-left paragraph) or padded with spaces by align; width < 0: the
 * whole text, unpadded.  Wide characters that do not fit before the
 * ellipsis leave a padding space.  Returns FS_OK, or FS_ERUNTIME when
 * memory runs out (out then holds an empty line).  A text whose first
 * 4 * width + 256 code points hold fewer than width visible columns (a
 * flood of invisible characters) is shown clipped after them. */
int fs_bidi_render(const char *logical, int width, enum fs_bidi_base base,
                   enum fs_align align, enum fs_bidi_mode mode, fs_vline *out);

/* Cuts columns [col, col + width) of src into out (width >= 0; col may be
 * negative or run past src): columns outside src and halves of wide
 * characters cut by the edges become spaces.  The maps follow; out->rtl,
 * log_end and clipped are copied.  Returns FS_OK or FS_ERUNTIME. */
int fs_vline_slice(const fs_vline *src, int col, int width, fs_vline *out);

/* The column a text cursor at logical position pos (0..nlog, between code
 * points pos-1 and pos) is shown at: on the first shown character at or
 * after pos (the one Delete removes); at the end of the text, one column
 * past the text on the paragraph's end side (left of it when rtl under
 * FS_BIDI_APP, right of it otherwise), which may be -1 or width.  A
 * position in the clipped part gives the ellipsis column. */
int fs_vline_cursor_col(const fs_vline *v, int pos);

/* Frees what v holds and zeroes it. */
void fs_vline_free(fs_vline *v);

/* True for a code point drawn on the cell of the one before it
 * (combining marks such as the harakat): editing treats a base and its
 * marks as one unit. */
bool fs_bidi_is_mark(int32_t c);

/* Releases the cached bidi engine (tests call it so that leak checkers
 * stay quiet; rendering again re-creates it). */
void fs_bidi_release(void);

#endif
