/* widgets.h — the screens' building blocks: a labelled input field (text,
 * number, amount, date, choice with type-ahead, read-only) and a grid.
 *
 * A widget keeps what the user typed (a core fs_field, logical order) until
 * the screen applies it to the domain object through src/core; a refused
 * value leaves the text as typed and shows the message at the field.
 */
#ifndef FS_UI_WIDGETS_H
#define FS_UI_WIDGETS_H

#include <stdbool.h>
#include <stdint.h>

#include "field.h"
#include "ui.h"

enum ui_wkind {
    W_TEXT,     /* free text */
    W_NUMBER,   /* digits in any script, shown left to right */
    W_AMOUNT,   /* Rial with live thousands separators */
    W_DATE,     /* Jalali date; F12 opens the month picker */
    W_CHOICE,   /* one of a list, chosen by type-ahead */
    W_READONLY, /* shown, never edited */
};

#define UI_CHOICES_MAX 8

struct ui_choice {
    int64_t id;
    char label[256];
    char hint[64];   /* shown dimmed after the label (a phone, a code) */
};

struct ui_widget;
/* Fills up to max choices matching the typed text ("" = the first ones);
 * returns how many. */
typedef int (*ui_choices_fn)(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max);

struct ui_widget {
    const char *name;      /* the core's field name, to match fs_err.field */
    const char *label;     /* untranslated label (N_) */
    enum ui_wkind kind;
    fs_field edit;
    bool changed;          /* typed into since it was set */
    char error[300];       /* a refusal shown at the field */
    /* W_CHOICE */
    ui_choices_fn choices;
    void *ctx;
    int64_t id;            /* the chosen item, 0 = none */
    struct ui_choice popup[UI_CHOICES_MAX];
    int npopup, popup_sel;
    bool popup_open;
    bool allow_new;        /* the text itself may be kept (competitor names) */
};

void uw_init(struct ui *ui, struct ui_widget *w, const char *name, const char *label, enum ui_wkind kind);
void uw_free(struct ui_widget *w);
/* Sets the shown text (and, for choices, the chosen id); clears errors. */
void uw_set(struct ui_widget *w, const char *text, int64_t id);
const char *uw_text(const struct ui_widget *w);
/* The core's refusal e as the screen shows it at w (w may be NULL): a
 * sentence that starts with the field's internal name ("amount: …") starts
 * with w's label instead ("Amount (Rial): …", translated). */
void uw_error_text(const struct ui_widget *w, const fs_err *e, char *out, size_t n);
/* The date typed in w as ISO "YYYY-MM-DD" in iso ("" when w is empty);
 * FS_EINVAL naming field when it is not a date (fs_date_parse's rules). */
int uw_date_iso(struct ui *ui, const struct ui_widget *w, const char *field, char iso[11], fs_err *e);
/* Handles editing keys (and the type-ahead popup); true when used. */
bool uw_key(struct ui *ui, struct ui_widget *w, const struct ui_key *k);
/* Draws label and value on row y: the label in label_w columns from x, the
 * value in field_w columns after it (mirrored in Persian). */
void uw_draw(struct ui *ui, struct ui_widget *w, int y, int x, int label_w, int field_w, bool focus);
/* Draws the open type-ahead popup of w under row y (call after everything
 * else, so it overlays). */
void uw_draw_popup(struct ui *ui, struct ui_widget *w, int y, int x, int w_cols);
/* Closes the popup choosing the highlighted item (Enter/Tab). */
void uw_choose(struct ui_widget *w);

/* The month-grid date picker: returns true and the chosen day when the
 * user picks one (Enter), false when cancelled. */
bool ui_pick_date(struct ui *ui, fs_day start, fs_day *out);

/* ---- grid -------------------------------------------------------------- */

struct ui_col {
    const char *heading;   /* untranslated (N_) */
    int width;             /* columns; 0 = takes the rest */
    enum fs_align align;
};

/* Draws a header row and rows of cells: cells[r * ncols + c] (logical
 * text); sel < 0 for no selection.  Columns start at the start side (right
 * in Persian).  Returns the x after the last column. */
void ui_grid_draw(struct ui *ui, int y, int x, int w, const struct ui_col *cols, int ncols,
                  char *const *cells, int nrows, int sel, int top);

#endif
