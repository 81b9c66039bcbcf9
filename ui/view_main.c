/* view_main.c — the main screen: the menu of every screen, the quick-access
 * "new item" menu, and the side panel a rep reads first in the morning:
 * their overdue close dates, their follow-ups due, then what the database
 * holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "records.h"
#include "report.h"
#include "stats.h"
#include "subtype.h"
#include <stdint.h>
#include "ui.h"
#include "ui_admin.h"
#include "ui_reports.h"
#include "ui_table.h"
#include "ui_views.h"

/* Sales: every opportunity, or those of one subtype. */
static void open_sales(struct ui *ui, void *arg)
{
    (void)arg;
    struct ui_menu_item items[32];
    int n = 0;
    items[n++] = (struct ui_menu_item){ N_("All opportunities"), ui_open_opp_list, NULL };
    fs_subtype *subs = NULL;
    int ns = 0;
    fs_err e;
    if (fs_subtype_list(ui->s, &subs, &ns, &e) == FS_OK)
        for (int i = 0; i < ns && n < 32; i++)
            if (subs[i].active)
                items[n++] = (struct ui_menu_item){ ui->rtl ? subs[i].title_fa : subs[i].title_en,
                                                    ui_open_opp_list, (void *)(intptr_t)subs[i].id };
    ui_open_menu(ui, N_("Sales"), items, n, false);
    free(subs);
}

/* Screens register here as they exist; nothing unfinished is listed. */
static const struct ui_menu_item main_items[] = {
    { N_("Sales → Opportunities"), open_sales, NULL },
    { N_("Identities"), ui_open_identity_list, NULL },
    { N_("Documents"), ui_open_doc_list, NULL },
    { N_("Products and stock"), ui_open_product_list, NULL },
    { N_("Reports"), ui_open_reports, NULL },
    { N_("Follow-ups due"), ui_open_followups, NULL },
};

static const struct ui_menu_item quick_items[] = {
    { N_("New opportunity"), ui_open_opp_new, NULL },
    { N_("New identity"), ui_open_identity_new, NULL },
};

void ui_open_main(struct ui *ui)
{
    /* Admin is listed only to users who may change something there. */
    struct ui_menu_item items[sizeof main_items / sizeof *main_items + 1];
    int n = (int)(sizeof main_items / sizeof *main_items);
    memcpy(items, main_items, sizeof main_items);
    if (ui_admin_allowed(ui))
        items[n++] = (struct ui_menu_item){ N_("Admin"), ui_open_admin, NULL };
    ui_open_menu(ui, N_("Main menu"), items, n, true);
}

void ui_open_quick_new(struct ui *ui)
{
    ui_open_menu(ui, N_("New item"), quick_items, (int)(sizeof quick_items / sizeof *quick_items), false);
}

/* One line of the panel: text at the start, hint (dimmed) after it and
 * when (shown as given) at the end. */
static void panel_line_at(struct ui *ui, int y, int x, int w, const char *text, const char *hint, const char *date,
                          bool late)
{
    int dw = fs_text_width(date) + 1, hw = hint && *hint ? (w - dw) / 3 : 0;
    ui_text(ui, y, x + w - dw, dw, date, FS_ALIGN_END, late ? ROLE_WARNING : ROLE_NORMAL);
    ui_text(ui, y, x, w - dw - hw - 1, text, FS_ALIGN_START, ROLE_NORMAL);
    if (hw)
        ui_text(ui, y, x + w - dw - hw, hw - 1, hint, FS_ALIGN_START, ROLE_DIM);
}

/* The same with an ISO date at the end. */
static void panel_line(struct ui *ui, int y, int x, int w, const char *text, const char *hint, const char *iso,
                       bool late)
{
    char date[32];
    ui_date(ui, iso, date, sizeof date);
    if (fs_text_width(date) < 10)
        fs_text_copy(date, sizeof date, "          "); /* keep the column */
    panel_line_at(ui, y, x, w, text, hint, date, late);
}

/* When a reminder is: its time today, else its date and time. */
static void remind_text(struct ui *ui, const char *local, char *out, size_t n)
{
    char iso[11], today[11], date[32], time[16];
    fs_text_copy(iso, sizeof iso, local);
    fs_day_to_iso(ui->s->today, today);
    ut_local_digits(ui, local + (strlen(local) > 11 ? 11 : strlen(local)), time, sizeof time);
    if (!strcmp(iso, today)) {
        snprintf(out, n, "%s", time);
        return;
    }
    ui_date(ui, iso, date, sizeof date);
    snprintf(out, n, "%s %s", date, time);
}

/* What the panel shows.  Reading it can take a while on a large database
 * and the menu redraws on every key, so it is read when the main screen
 * comes back on top (or the terminal grows, or the language changes) and
 * kept while the user moves in the menu. */
static struct {
    bool have, fa;
    int limit;
    fs_morning_view m;
    fs_followup *rem;            /* reminders that have come */
    int nrem;
    bool stats_ok;
    int64_t stats[FS_STAT_COUNT];
    char error[300];
} panel;

/* Reads the panel's data again when it may have changed: a screen was
 * opened above the main menu since the last read (its slot in the stack
 * is still set; cleared here), or more rows are wanted. */
static void panel_read(struct ui *ui, int limit)
{
    bool back = ui->depth < UI_STACK_MAX && ui->stack[ui->depth].ops != NULL;
    if (panel.have && !back && limit <= panel.limit && panel.fa == ui->rtl)
        return;
    if (ui->depth < UI_STACK_MAX)
        ui->stack[ui->depth].ops = NULL;
    if (panel.have)
        fs_morning_free(&panel.m);
    fs_followup_list_free(panel.rem, panel.nrem);
    panel.rem = NULL;
    panel.nrem = 0;
    panel.have = true;
    panel.fa = ui->rtl;
    panel.limit = limit;
    panel.error[0] = '\0';
    fs_err e;
    if (fs_morning(ui->s, limit, &panel.m, &e) != FS_OK)
        fs_text_copy(panel.error, sizeof panel.error, e.msg);
    else if (fs_followup_reminders(ui->s, limit, &panel.rem, &panel.nrem, &e) != FS_OK)
        fs_text_copy(panel.error, sizeof panel.error, e.msg);
    panel.stats_ok = fs_stats(ui->s, panel.stats, &e) == FS_OK;
}

/* The counts of what the database holds, from row y while room remains. */
static void panel_stats(struct ui *ui, int y, int x, int w, int bottom)
{
    if (bottom - y < 3 || !panel.stats_ok)
        return;
    /* The file name only: the full path is in `forsat summary`. */
    const char *slash = strrchr(ui->db_label, '/');
    ui_text(ui, y, x, w, slash ? slash + 1 : ui->db_label, FS_ALIGN_START, ROLE_DIM);
    for (int i = 0; i < FS_STAT_COUNT && y + 1 + i < bottom; i++) {
        char num[32];
        ui_int(ui, panel.stats[i], num, sizeof num);
        ui_text(ui, y + 1 + i, x, w - 12, fs_stat_label((enum fs_stat)i), FS_ALIGN_START, ROLE_LABEL);
        ui_text(ui, y + 1 + i, x + w - 12, 12, num, FS_ALIGN_END, ROLE_NORMAL);
    }
}

void ui_main_panel(struct ui *ui, int top, int x, int w, int h)
{
    if (w < 20 || h < 3)
        return;
    /* One more follow-up than fits tells whether there are more. */
    panel_read(ui, h + 1);
    if (panel.error[0]) {
        ui_text(ui, top, x, w, panel.error, FS_ALIGN_START, ROLE_ERROR);
        return;
    }
    const fs_morning_view *m = &panel.m;
    int bottom = top + h, y = top;
    /* Reminders that have come go first ("⏰" rows), taking at most a
     * third of the panel; the two lists share the rest. */
    if (panel.nrem) {
        int show_r = panel.nrem < (h - 4) / 3 ? panel.nrem : (h - 4) / 3;
        if (show_r < 1)
            show_r = 1;
        char head[256], num[24], n2[24];
        snprintf(n2, sizeof n2, panel.nrem > h ? "%d+" : "%d", panel.nrem > h ? h : panel.nrem);
        ut_local_digits(ui, n2, num, sizeof num);
        snprintf(head, sizeof head, _("Reminders (%s)"), num);
        ui_text(ui, y++, x, w, head, FS_ALIGN_START, ROLE_HEADING);
        for (int i = 0; i < show_r; i++) {
            const fs_followup *f = &panel.rem[i];
            char text[1100], when[64];
            snprintf(text, sizeof text, "⏰ %s", f->description);
            remind_text(ui, f->remind_at, when, sizeof when);
            panel_line_at(ui, y++, x, w, text, f->item_label, when, true);
        }
        y++;
        h = bottom - y;
        if (h < 3)
            return;
    }
    /* Rows for each list: both share what the two headings and the gap
     * leave, the longer one taking what the shorter does not need. */
    int room = h - 3, no = m->noverdue, nd = m->ndue;
    int show_o = no, show_d = nd;
    if (no + nd > room) {
        show_o = no < room / 2 ? no : nd < room / 2 ? room - nd : room / 2;
        show_d = room - show_o < nd ? room - show_o : nd;
    }
    char head[256], num[24];
    ui_int(ui, m->overdue_count, num, sizeof num);
    if (m->overdue_count) {
        snprintf(head, sizeof head, _("Overdue close dates (%s)"), num);
        ui_text(ui, y++, x, w, head, FS_ALIGN_START, ROLE_HEADING);
        for (int i = 0; i < show_o && i < no; i++)
            panel_line(ui, y++, x, w, m->overdue[i].title, m->overdue[i].contact, m->overdue[i].close_date, true);
    } else {
        ui_text(ui, y++, x, w, _("No overdue close dates."), FS_ALIGN_START, ROLE_DIM);
    }
    y++;
    if (nd) {
        char n2[24];
        snprintf(n2, sizeof n2, nd > h ? "%d+" : "%d", nd > h ? h : nd);
        ut_local_digits(ui, n2, num, sizeof num);
        snprintf(head, sizeof head, _("Follow-ups due (%s) — %s"), num, ui_key_hint(UI_TODAY));
        ui_text(ui, y++, x, w, head, FS_ALIGN_START, ROLE_HEADING);
        for (int i = 0; i < show_d && i < nd; i++) {
            const fs_followup *f = &m->due[i];
            panel_line(ui, y++, x, w, f->description, f->item_label, f->overdue ? f->due_to : f->due_from,
                       f->overdue);
        }
    } else {
        ui_text(ui, y++, x, w, _("No follow-ups due."), FS_ALIGN_START, ROLE_DIM);
    }
    panel_stats(ui, y + 1, x, w, bottom);
}
