/* view_main.c — the main screen: the menu of every screen, the quick-access
 * "new item" menu, and the side panel with what the database holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "stats.h"
#include "subtype.h"
#include <stdint.h>
#include "ui.h"
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
    ui_open_menu(ui, _("Sales"), items, n, false);
    free(subs);
}

/* Screens register here as they exist; nothing unfinished is listed. */
static const struct ui_menu_item main_items[] = {
    { N_("Sales → Opportunities"), open_sales, NULL },
    { N_("Identities"), ui_open_identity_list, NULL },
    { N_("Documents"), ui_open_doc_list, NULL },
    { N_("Products and stock"), ui_open_product_list, NULL },
};

static const struct ui_menu_item quick_items[] = {
    { N_("New opportunity"), ui_open_opp_new, NULL },
    { N_("New identity"), ui_open_identity_new, NULL },
};

void ui_open_main(struct ui *ui)
{
    ui_open_menu(ui, _("Main menu"), main_items, (int)(sizeof main_items / sizeof *main_items), true);
}

void ui_open_quick_new(struct ui *ui)
{
    ui_open_menu(ui, _("New item"), quick_items, (int)(sizeof quick_items / sizeof *quick_items), false);
}

void ui_main_panel(struct ui *ui, int top, int x, int w, int h)
{
    if (w < 20 || h < 3)
        return;
    fs_err e;
    int64_t n[FS_STAT_COUNT];
    if (fs_stats(ui->s, n, &e) != FS_OK)
        return;
    /* The file name only: the full path is in `forsat summary`. */
    const char *slash = strrchr(ui->db_label, '/');
    ui_text(ui, top, x, w, slash ? slash + 1 : ui->db_label, FS_ALIGN_START, ROLE_DIM);
    for (int i = 0; i < FS_STAT_COUNT && i + 2 < h; i++) {
        char num[32];
        ui_int(ui, n[i], num, sizeof num);
        ui_text(ui, top + 2 + i, x, w - 12, fs_stat_label((enum fs_stat)i), FS_ALIGN_START, ROLE_LABEL);
        ui_text(ui, top + 2 + i, x + w - 12, 12, num, FS_ALIGN_END, ROLE_NORMAL);
    }
}
