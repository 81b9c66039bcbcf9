/* view_menu.c — menus (the main menu, the quick-access "new item" menu) and
 * the F1 help screen generated from the keymap table. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"
#include "ui_reports.h"
#include "ui_views.h"

struct menu {
    char title[128];
    struct ui_menu_item items[32];
    char labels[32][256];       /* the menu's own copy of every label */
    int n, sel;
    bool is_main;
};

static void menu_draw(struct ui *ui, void *vs)
{
    struct menu *m = vs;
    static const enum ui_action hints[] = { UI_OPEN, UI_QUICK_NEW, UI_HELP, UI_LANGUAGE, UI_BACK };
    static const enum ui_action main_hints[] = { UI_OPEN, UI_TODAY, UI_QUICK_NEW, UI_HELP, UI_LANGUAGE, UI_BACK };
    /* Titles are message ids, translated as drawn: F9 switches them too. */
    if (m->is_main)
        ui_draw_frame(ui, _(m->title), main_hints, 6);
    else
        ui_draw_frame(ui, _(m->title), hints, 5);
    int w = 0;
    for (int i = 0; i < m->n; i++) {
        int tw = fs_text_width(_(m->items[i].label)) + 8;
        if (tw > w)
            w = tw;
    }
    if (w > ui->cols - 4)
        w = ui->cols - 4;
    int top = 2;
    for (int i = 0; i < m->n && top + i < ui->rows - 2; i++) {
        char line[256];
        snprintf(line, sizeof line, "%d  %s", i + 1 <= 9 ? i + 1 : 0, _(m->items[i].label));
        char *loc = fs_text_local_digits(line, ui->s->digits);
        enum ui_role role = i == m->sel ? ROLE_FOCUS : ROLE_NORMAL;
        ui_fill(ui, top + i, 2, w, role);
        ui_text(ui, top + i, 3, w - 2, loc ? loc : line, FS_ALIGN_START, role);
        free(loc);
    }
    if (m->is_main)
        ui_main_panel(ui, top, 2 + w + 3, ui->cols - (2 + w + 3) - 1, ui->rows - 2 - top);
}

static bool menu_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct menu *m = vs;
    if (k->code == KEY_UP || ui_is(k, UI_ROW_UP)) {
        m->sel = m->sel > 0 ? m->sel - 1 : m->n - 1;
        return true;
    }
    if (k->code == KEY_DOWN || ui_is(k, UI_ROW_DOWN) || (k->ch == '\t' && !k->meta)) {
        m->sel = m->sel + 1 < m->n ? m->sel + 1 : 0;
        return true;
    }
    if (m->is_main && ui_is(k, UI_TODAY)) {
        ui_open_followups(ui, NULL);
        return true;
    }
    int pick = -1;
    if (ui_is(k, UI_OPEN))
        pick = m->sel;
    else if (!k->meta && !k->code && k->ch >= '1' && k->ch <= '9')
        pick = (int)(k->ch - '1');
    else if (!k->meta && !k->code && k->ch >= L'۱' && k->ch <= L'۹')
        pick = (int)(k->ch - L'۱');
    if (pick >= 0 && pick < m->n) {
        m->sel = pick;
        struct ui_menu_item it = m->items[pick];
        if (!m->is_main)
            ui_pop(ui); /* a popup menu closes before its item opens */
        it.fn(ui, it.arg);
        return true;
    }
    return false;
}

static void menu_close(void *vs) { free(vs); }

static const struct ui_view_ops menu_ops = {
    .name = "menu", .draw = menu_draw, .key = menu_key, .close = menu_close, .min_cols = 40, .min_rows = 10,
};

void ui_open_menu(struct ui *ui, const char *title, const struct ui_menu_item *items, int n, bool is_main)
{
    struct menu *m = calloc(1, sizeof *m);
    if (!m)
        return;
    snprintf(m->title, sizeof m->title, "%s", title);
    m->n = n > 32 ? 32 : n;
    memcpy(m->items, items, (size_t)m->n * sizeof *items);
    for (int i = 0; i < m->n; i++) {
        fs_text_copy(m->labels[i], sizeof m->labels[i], items[i].label);
        m->items[i].label = m->labels[i];
    }
    m->is_main = is_main;
    ui_push(ui, &menu_ops, m);
}

/* ---- help -------------------------------------------------------------- */

struct help {
    int top;
};

static void help_draw(struct ui *ui, void *vs)
{
    struct help *h = vs;
    static const enum ui_action hints[] = { UI_ROW_DOWN, UI_ROW_UP, UI_BACK };
    ui_draw_frame(ui, _("Keys"), hints, 3);
    int y = 2;
    for (int a = h->top; a < UI_ACTION_COUNT && y < ui->rows - 1; a++, y++) {
        ui_text(ui, y, 2, 24, ui_action_keys((enum ui_action)a), FS_ALIGN_START, ROLE_LABEL);
        ui_text(ui, y, 28, ui->cols - 30, ui_action_label((enum ui_action)a), FS_ALIGN_START, ROLE_NORMAL);
    }
}

static bool help_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct help *h = vs;
    if (k->code == KEY_DOWN && h->top + 1 < UI_ACTION_COUNT) {
        h->top++;
        return true;
    }
    if (k->code == KEY_UP && h->top > 0) {
        h->top--;
        return true;
    }
    (void)ui;
    return false;
}

static const struct ui_view_ops help_ops = {
    .name = "help", .draw = help_draw, .key = help_key, .close = menu_close, .min_cols = 40, .min_rows = 8,
};

void ui_open_help(struct ui *ui)
{
    struct help *h = calloc(1, sizeof *h);
    if (h)
        ui_push(ui, &help_ops, h);
}
