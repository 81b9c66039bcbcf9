/* field.h — a one-line text field without curses: the text and the cursor
 * in logical order, editing keys, and what to draw through the bidi layer
 * (bidi.h) with horizontal scrolling that keeps the cursor in view.
 *
 * The cursor is a logical position 0..n (n = code points): position p sits
 * between code points p-1 and p.  Editing works on units of a base
 * character and the combining marks after it (fs_bidi_is_mark()).  Left
 * and Right are visual: in a right-to-left field Left moves logically
 * forward.  The widget owns the drawing; a field only says what to draw.
 *
 * Fields are read-only to callers except through these functions.
 */
#ifndef FS_FIELD_H
#define FS_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bidi.h"

typedef struct fs_field {
    int32_t *cps;            /* the text, code points in logical order */
    int n;                   /* code points */
    int cap;
    int cursor;              /* 0..n */
    int scroll;              /* columns of the line hidden on its start side */
    int max_len;             /* most code points insert accepts, 0: no limit */
    enum fs_bidi_base base;
    enum fs_bidi_mode mode;
    char *utf8;              /* the text as UTF-8 (fs_field_text) */
    size_t utf8_cap;
    fs_vline line;           /* the whole text rendered (when !stale) */
    bool stale;
} fs_field;

/* Sets up f holding text (NULL is ""; ill-formed UTF-8 becomes U+FFFD,
 * controls are kept), cursor at the end.  max_len limits what insert
 * accepts (0: no limit); a longer text is kept whole.  base is the
 * paragraph direction: FS_BIDI_AUTO_RTL suits free text under the Persian
 * UI, FS_BIDI_LTR numbers, codes and dates.  Returns FS_OK or FS_ERUNTIME
 * (out of memory; f is then an empty field). */
int fs_field_init(fs_field *f, const char *text, int max_len,
                  enum fs_bidi_base base, enum fs_bidi_mode mode);

/* Frees what f holds. */
void fs_field_free(fs_field *f);

/* Replaces the text (as fs_field_init does), cursor at the end, scrolled
 * to the start.  Returns FS_OK or FS_ERUNTIME (text left unchanged). */
int fs_field_set_text(fs_field *f, const char *text);

/* The text, UTF-8 in logical order, valid until the next change. */
const char *fs_field_text(const fs_field *f);

/* Inserts UTF-8 s at the cursor and moves the cursor after it.  s is
 * sanitised first (fs_text_sanitize: controls dropped, TAB and newlines
 * become spaces), and only as many code points as max_len leaves room for
 * are taken.  Returns the code points inserted (0 when the field is full),
 * or -1 when memory runs out (nothing changed). */
int fs_field_insert(fs_field *f, const char *s);

/* Backspace: removes the unit before the cursor (a base character with
 * its combining marks; the whole unit when the cursor is inside one).
 * False when there is nothing before the cursor. */
bool fs_field_backspace(fs_field *f);

/* Delete: removes the unit at the cursor.  False at the end. */
bool fs_field_delete(fs_field *f);

/* Home and End: the logical start and end (right and left in a
 * right-to-left field). */
void fs_field_home(fs_field *f);
void fs_field_end(fs_field *f);

/* Moves one unit logically: dir > 0 forward, dir < 0 back.  False when
 * the cursor cannot move. */
bool fs_field_move(fs_field *f, int dir);

/* Moves to the nearest cursor position visually left (dir < 0) or right
 * (dir > 0) on the screen, as the arrows do; between positions shown in
 * the same column, the one logically nearest wins.  Under
 * FS_BIDI_TERMINAL, where the terminal lays the line out, it is a logical
 * move, forward for Left in a right-to-left paragraph.  False when the
 * cursor cannot move. */
bool fs_field_move_visual(fs_field *f, int dir);

/* Lays the field out in width columns: out gets what to draw (exactly
 * width columns, see fs_bidi_render; a right-to-left text is right-aligned)
 * and *cursor_col the column to put the terminal cursor in (0..width-1).
 * Scrolls the field when the text is wider, so the cursor stays in view.
 * out must be zeroed or a line from an earlier call.  Returns FS_OK or
 * FS_ERUNTIME. */
int fs_field_layout(fs_field *f, int width, fs_vline *out, int *cursor_col);

#endif
