/* ui.h — the ncurses screens: the event loop, the keymap, drawing through
 * the bidi display layer, and the screen stack.
 *
 * Every screen is a `struct ui_view_ops` table (tig's view_ops): the loop
 * draws the view on top of the stack and gives it each key.  Screens call
 * only src/core; they never write SQL.  Layout is written once in
 * "start-relative" columns and mirrored for the Persian UI, so labels sit on
 * the right and tables read right to left there.
 */
#ifndef FS_UI_H
#define FS_UI_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "bidi.h"
#include "session.h"

enum ui_action {
#define UI_ACTION(id, name, keys, label) UI_##id,
#include "actions.def"
#undef UI_ACTION
    UI_ACTION_COUNT
};

/* One key press: a character (ch != 0) or a function/special key code
 * (code: ncurses KEY_* value), possibly with Alt (meta). */
struct ui_key {
    wint_t ch;
    int code;
    bool meta;
};

/* A colour/attribute role; mapped to colours or, under NO_COLOR and on
 * monochrome terminals, to bold/reverse/underline. */
enum ui_role {
    ROLE_NORMAL,
    ROLE_TITLE,     /* header bar */
    ROLE_STATUS,    /* status bar */
    ROLE_LABEL,
    ROLE_FIELD,     /* an input field */
    ROLE_FOCUS,     /* the focused field or row */
    ROLE_ERROR,
    ROLE_WARNING,
    ROLE_DIM,       /* read-only values */
    ROLE_HEADING,   /* grid headings */
    ROLE_COUNT
};

struct ui;

struct ui_view_ops {
    const char *name;
    /* Draws the whole view into the screen area (rows top..bottom). */
    void (*draw)(struct ui *ui, void *state);
    /* Handles a key; returns true when it used it. */
    bool (*key)(struct ui *ui, void *state, const struct ui_key *k);
    /* True when the view holds unsaved input (leaving asks first). */
    bool (*dirty)(void *state);
    /* Keeps unsaved input as a draft (SIGHUP/SIGTERM, or NULL). */
    void (*save_draft)(struct ui *ui, void *state);
    /* The user chose to leave without saving: drop any draft (or NULL). */
    void (*discard)(struct ui *ui, void *state);
    /* Work left while no key waits (the list's totals), or NULL: called
     * after the view is drawn; long work asks ui_key_waiting() and stops
     * when it says yes.  Returns true when the view changed (it is drawn
     * again). */
    bool (*idle)(struct ui *ui, void *state);
    /* Frees the state. */
    void (*close)(void *state);
    /* Minimum size the view can be drawn in. */
    int min_cols, min_rows;
};

#define UI_STACK_MAX 16

struct ui {
    fs_session *s;
    bool rtl;                  /* Persian UI: mirrored layout */
    enum fs_bidi_mode bidi;
    bool color;
    int cols, rows;
    struct {
        const struct ui_view_ops *ops;
        void *state;
    } stack[UI_STACK_MAX];
    int depth;
    char message[512];         /* one-line message at the bottom */
    enum ui_role message_role;
    bool quit;
    /* Script mode (tests): keys from a file, screen dumps on request. */
    FILE *script;
    const char *script_dir;
    int script_line;
    const char *db_label;
};

/* Runs the screens until the user quits.  Returns an exit status. */
int ui_run(fs_session *s, const char *db_label, enum fs_bidi_mode bidi);

/* The screen stack. */
void ui_push(struct ui *ui, const struct ui_view_ops *ops, void *state);
void ui_pop(struct ui *ui);

/* True when a key is waiting to be read (never in a key script, so the
 * scripted screens always show finished work).  ctx is the struct ui. */
bool ui_key_waiting(void *ui);

/* Messages for the bottom line (cleared at the next key). */
void ui_message(struct ui *ui, enum ui_role role, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* True when k is bound to action a. */
bool ui_is(const struct ui_key *k, enum ui_action a);
/* The first key bound to a, for hints ("F2"). */
const char *ui_key_hint(enum ui_action a);
const char *ui_action_label(enum ui_action a);

/* Drawing.  x is measured from the start side (left in English, right in
 * Persian); w is the cell width; text is logical UTF-8 (any content: it is
 * sanitised, shaped and reordered here).  Returns columns drawn. */
int ui_text(struct ui *ui, int y, int x, int w, const char *text, enum fs_align align, enum ui_role role);
/* Fills a row segment with spaces in a role. */
void ui_fill(struct ui *ui, int y, int x, int w, enum ui_role role);
/* Screen column of a start-relative cell. */
int ui_screen_x(const struct ui *ui, int x, int w);
/* Draws text that is already in visual order (a rendered fs_vline) at
 * screen column sx. */
void ui_put_visual(struct ui *ui, int y, int sx, const char *text, enum ui_role role);
/* Reads the next key (terminal or script); false at the end of a script. */
bool ui_read_key(struct ui *ui, struct ui_key *k);
/* Places the terminal cursor at start-relative column x on row y. */
void ui_cursor(struct ui *ui, int y, int x);

/* The header (row 0) and status bar (last row) common to every view. */
void ui_draw_frame(struct ui *ui, const char *title, const enum ui_action *hints, int nhints);

/* A modal question answered with y/n (Persian: ب/ن too); script mode reads
 * the answer from the script.  Returns true for yes. */
bool ui_confirm(struct ui *ui, const char *question);

/* Formats by the session's preferences. */
void ui_money(struct ui *ui, int64_t v, char *out, size_t n);
/* The same with its unit always named ("5,000,000 Rial"), for sentences. */
void ui_money_unit(struct ui *ui, int64_t v, char *out, size_t n);
void ui_date(struct ui *ui, const char *iso, char *out, size_t n);
void ui_int(struct ui *ui, int64_t v, char *out, size_t n);

/* The views (one file each). */
void ui_open_main(struct ui *ui);

#endif
