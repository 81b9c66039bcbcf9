/* widgets.c — labelled input fields with type-ahead, the date picker and
 * the grid. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "widgets.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "jdate.h"
#include "money.h"
#include "text.h"

int uw_date_iso(struct ui *ui, const struct ui_widget *w, const char *field, char iso[11], fs_err *e)
{
    iso[0] = '\0';
    if (!*uw_text(w))
        return FS_OK;
    fs_day d;
    if (fs_date_parse(uw_text(w), ui->s->today, ui->s->calendar, field, &d, e) != FS_OK)
        return FS_EINVAL;
    fs_day_to_iso(d, iso);
    return FS_OK;
}

void uw_error_text(const struct ui_widget *w, const fs_err *e, char *out, size_t n)
{
    size_t k = strlen(e->field);
    if (w && w->label && k && strncmp(e->msg, e->field, k) == 0 && e->msg[k] == ':')
        snprintf(out, n, "%s%s", _(w->label), e->msg + k);
    else
        fs_text_copy(out, n, e->msg);
}

void uw_init(struct ui *ui, struct ui_widget *w, const char *name, const char *label, enum ui_wkind kind)
{
    memset(w, 0, sizeof *w);
    w->name = name;
    w->label = label;
    w->kind = kind;
    /* Numbers, amounts and dates read left to right in either language. */
    enum fs_bidi_base base = kind == W_NUMBER || kind == W_AMOUNT || kind == W_DATE ? FS_BIDI_LTR
                             : ui->rtl ? FS_BIDI_AUTO_RTL : FS_BIDI_AUTO_LTR;
    fs_field_init(&w->edit, "", 0, base, ui->bidi);
}

void uw_free(struct ui_widget *w)
{
    fs_field_free(&w->edit);
}

void uw_set(struct ui_widget *w, const char *text, int64_t id)
{
    fs_field_set_text(&w->edit, text ? text : "");
    w->id = id;
    w->changed = false;
    w->error[0] = '\0';
    w->popup_open = false;
}

const char *uw_text(const struct ui_widget *w)
{
    return fs_field_text(&w->edit);
}

/* Re-queries the popup for the text typed so far. */
static void refresh_popup(struct ui *ui, struct ui_widget *w)
{
    if (!w->choices)
        return;
    w->npopup = w->choices(ui, w->ctx, uw_text(w), w->popup, UI_CHOICES_MAX);
    w->popup_sel = 0;
    w->popup_open = true;
}

void uw_choose(struct ui_widget *w)
{
    if (w->popup_open && w->npopup > 0) {
        struct ui_choice c = w->popup[w->popup_sel];
        fs_field_set_text(&w->edit, c.label);
        w->id = c.id;
        w->changed = true;
    } else if (w->popup_open && !w->allow_new && *uw_text(w)) {
        w->id = 0; /* typed text that matches nothing: the screen refuses it */
    }
    w->popup_open = false;
}

/* Reformats an amount field with thousands separators as the user types,
 * keeping the cursor at the end (amounts are typed left to right). */
static void live_separators(struct ui *ui, struct ui_widget *w)
{
    fs_err e;
    int64_t v;
    const char *t = uw_text(w);
    /* The separators shown so far are regrouped: "5,0000" is 50,000. */
    char digits[256];
    size_t n = 0;
    for (const char *p = t; *p && n + 1 < sizeof digits; p++)
        if (*p == ',')
            continue;
        else if (!strncmp(p, "٬", strlen("٬")))
            p += strlen("٬") - 1;
        else
            digits[n++] = *p;
    digits[n] = '\0';
    if (!*t || fs_money_parse(digits, "amount", &v, &e) != FS_OK)
        return;
    char buf[64];
    fs_money_format(v, ui->s->digits, false, buf, sizeof buf);
    if (strcmp(buf, t) != 0 && w->edit.cursor == w->edit.n)
        fs_field_set_text(&w->edit, buf);
}

bool uw_key(struct ui *ui, struct ui_widget *w, const struct ui_key *k)
{
    if (w->kind == W_READONLY)
        return false;
    if (w->popup_open) {
        if (k->code == KEY_DOWN) {
            if (w->popup_sel + 1 < w->npopup)
                w->popup_sel++;
            return true;
        }
        if (k->code == KEY_UP) {
            if (w->popup_sel > 0)
                w->popup_sel--;
            return true;
        }
        if (ui_is(k, UI_OPEN)) {
            uw_choose(w);
            return true;
        }
        if (k->ch == 27 && !k->meta) {
            w->popup_open = false;
            return true;
        }
    } else if (w->kind == W_CHOICE && (k->code == KEY_DOWN && k->meta)) {
        refresh_popup(ui, w);
        return true;
    }
    if (w->kind == W_DATE && ui_is(k, UI_PICK_DATE)) {
        fs_day start = ui->s->today, d;
        fs_err e;
        if (*uw_text(w))
            fs_date_parse(uw_text(w), ui->s->today, ui->s->calendar, "date", &start, &e);
        if (ui_pick_date(ui, start, &d)) {
            char buf[32];
            fs_date_format(d, ui->s->calendar, ui->s->digits, buf, sizeof buf);
            uw_set(w, buf, 0);
            w->changed = true;
        }
        return true;
    }
    if (k->meta)
        return false;
    bool edited = false;
    if (k->code == KEY_BACKSPACE || k->ch == 127 || k->ch == 8)
        edited = fs_field_backspace(&w->edit), edited = true;
    else if (k->code == KEY_DC)
        edited = fs_field_delete(&w->edit), edited = true;
    else if (k->code == KEY_LEFT)
        return fs_field_move_visual(&w->edit, -1), true;
    else if (k->code == KEY_RIGHT)
        return fs_field_move_visual(&w->edit, +1), true;
    else if (k->code == KEY_HOME || k->ch == 1)
        return fs_field_home(&w->edit), true;
    else if (k->code == KEY_END || k->ch == 5)
        return fs_field_end(&w->edit), true;
    else if (k->code == 0 && k->ch >= 0x20 && k->ch != 0x7f && !(k->ch >= 0x80 && k->ch < 0xa0)) {
        /* A choice field that still shows its chosen item is replaced by
         * what the user starts typing, as in a combo box. */
        if (w->kind == W_CHOICE && !w->changed && *uw_text(w))
            fs_field_set_text(&w->edit, "");
        char buf[8];
        int n = wctomb(buf, (wchar_t)k->ch);
        if (n <= 0)
            return true;
        buf[n] = '\0';
        fs_field_insert(&w->edit, buf);
        edited = true;
    }
    if (!edited)
        return false;
    w->changed = true;
    w->error[0] = '\0';
    if (w->kind == W_AMOUNT)
        live_separators(ui, w);
    if (w->kind == W_CHOICE) {
        w->id = 0;
        refresh_popup(ui, w);
    }
    return true;
}

void uw_draw(struct ui *ui, struct ui_widget *w, int y, int x, int label_w, int field_w, bool focus)
{
    char label[256];
    snprintf(label, sizeof label, "%s%s", _(w->label), w->error[0] ? " !" : "");
    ui_text(ui, y, x, label_w, label, FS_ALIGN_START, w->error[0] ? ROLE_ERROR : ROLE_LABEL);
    int fx = x + label_w + 1;
    enum ui_role role = w->kind == W_READONLY ? ROLE_DIM : focus ? ROLE_FOCUS : ROLE_FIELD;
    if (field_w <= 0)
        return;
    static fs_vline v;
    int cursor_col = 0;
    if (fs_field_layout(&w->edit, field_w, &v, &cursor_col) != FS_OK)
        return;
    /* The field's own line is in screen (left-to-right) columns already;
     * place it at the mirrored position. */
    int sx = ui_screen_x(ui, fx, field_w);
    ui_fill(ui, y, fx, field_w, role);
    ui_put_visual(ui, y, sx, v.text, role);
    if (focus && w->kind != W_READONLY) {
        move(y, sx + cursor_col);
        curs_set(1);
    }
}

void uw_draw_popup(struct ui *ui, struct ui_widget *w, int y, int x, int w_cols)
{
    if (!w->popup_open)
        return;
    int rows = w->npopup ? w->npopup : 1;
    for (int i = 0; i < rows && y + 1 + i < ui->rows - 1; i++) {
        enum ui_role role = i == w->popup_sel && w->npopup ? ROLE_FOCUS : ROLE_STATUS;
        ui_fill(ui, y + 1 + i, x, w_cols, role);
        if (!w->npopup) {
            ui_text(ui, y + 1, x + 1, w_cols - 2, w->allow_new ? _("(new)") : _("no match"), FS_ALIGN_START,
                    ROLE_STATUS);
            break;
        }
        int hw = w->popup[i].hint[0] ? fs_text_width(w->popup[i].hint) + 1 : 0;
        if (hw > w_cols / 2)
            hw = w_cols / 2;
        ui_text(ui, y + 1 + i, x + 1, w_cols - 2 - hw, w->popup[i].label, FS_ALIGN_START, role);
        if (hw)
            ui_text(ui, y + 1 + i, x + w_cols - hw - 1, hw, w->popup[i].hint, FS_ALIGN_END, role);
    }
}

/* ---- date picker ------------------------------------------------------- */

bool ui_pick_date(struct ui *ui, fs_day start, fs_day *out)
{
    fs_day cur = start;
    for (;;) {
        int y, m, d;
        fs_day_to_jalali(cur, &y, &m, &d);
        int top = 3, x = 4, cw = 5;
        int h = 10, wdt = cw * 7 + 2;
        for (int r = 0; r < h; r++)
            ui_fill(ui, top + r, x, wdt, ROLE_STATUS);
        char title[64], ybuf[16];
        ui_int(ui, y, ybuf, sizeof ybuf);
        snprintf(title, sizeof title, "%s %s", fs_jalali_month_name(m, ui->rtl), ybuf);
        ui_text(ui, top, x, wdt, title, FS_ALIGN_CENTER, ROLE_TITLE);
        for (int wd = 0; wd < 7; wd++) {
            const char *n = fs_weekday_name_sat0(wd, ui->rtl);
            /* The first letter in Persian (two bytes), two letters in English. */
            char shortn[16];
            snprintf(shortn, sizeof shortn, "%.2s", n);
            ui_text(ui, top + 1, x + 1 + wd * cw, cw, shortn, FS_ALIGN_CENTER, ROLE_HEADING);
        }
        fs_day first;
        fs_err e;
        fs_jalali_to_day(y, m, 1, "date", &first, &e);
        int wd0 = fs_day_weekday_sat0(first);
        int days = fs_jalali_month_days(y, m);
        for (int i = 1; i <= days; i++) {
            int cell = wd0 + i - 1;
            char num[8];
            ui_int(ui, i, num, sizeof num);
            ui_text(ui, top + 2 + cell / 7, x + 1 + (cell % 7) * cw, cw, num, FS_ALIGN_CENTER,
                    i == d ? ROLE_FOCUS : ROLE_STATUS);
        }
        ui_text(ui, top + h - 1, x, wdt, _("arrows: day/week  PgUp/PgDn: month  Enter: pick"), FS_ALIGN_CENTER,
                ROLE_STATUS);
        refresh();
        struct ui_key k;
        if (!ui_read_key(ui, &k))
            return false;
        /* Right-to-left: the week runs right to left, so Left is the next day. */
        int dir = ui->rtl ? -1 : 1;
        if (k.code == KEY_RIGHT)
            cur += dir;
        else if (k.code == KEY_LEFT)
            cur -= dir;
        else if (k.code == KEY_DOWN)
            cur += 7;
        else if (k.code == KEY_UP)
            cur -= 7;
        else if (k.code == KEY_NPAGE)
            cur += fs_jalali_month_days(y, m);
        else if (k.code == KEY_PPAGE)
            cur -= fs_jalali_month_days(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
        else if (ui_is(&k, UI_OPEN)) {
            *out = cur;
            return true;
        } else if (ui_is(&k, UI_BACK))
            return false;
    }
}

/* ---- grid -------------------------------------------------------------- */

void ui_grid_draw(struct ui *ui, int y, int x, int w, const struct ui_col *cols, int ncols,
                  char *const *cells, int nrows, int sel, int top)
{
    int stride = ncols;
    /* Narrow screens drop columns from the end until the flexible ones
     * keep a readable width. */
    int fixed, flex;
    for (;;) {
        fixed = flex = 0;
        for (int c = 0; c < ncols; c++) {
            fixed += cols[c].width + 1;
            if (!cols[c].width)
                flex++;
        }
        if (w - fixed >= 12 * (flex ? flex : 0) || ncols <= 2)
            break;
        ncols--;
    }
    int rest = w - fixed;
    if (rest < 4)
        rest = 4;
    int cx = x;
    for (int c = 0; c < ncols; c++) {
        int cw = cols[c].width ? cols[c].width : rest / (flex ? flex : 1);
        ui_text(ui, y, cx, cw, _(cols[c].heading), cols[c].align, ROLE_HEADING);
        cx += cw + 1;
    }
    int visible = ui->rows - 2 - (y + 1);
    for (int r = 0; r < visible && top + r < nrows; r++) {
        int row = top + r;
        enum ui_role role = row == sel ? ROLE_FOCUS : ROLE_NORMAL;
        if (row == sel)
            ui_fill(ui, y + 1 + r, x, w, ROLE_FOCUS);
        cx = x;
        for (int c = 0; c < ncols; c++) {
            int cw = cols[c].width ? cols[c].width : rest / (flex ? flex : 1);
            ui_text(ui, y + 1 + r, cx, cw, cells[row * stride + c], cols[c].align, role);
            cx += cw + 1;
        }
    }
}
