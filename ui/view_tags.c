/* view_tags.c — the tags of one item (SPEC §8): what it has, a line to add
 * one (Enter or Ins), Del to remove the selected one.  Each change is one
 * core call, saved at once and kept in the item's change history.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "records.h"
#include "ui.h"
#include "ui_views.h"
#include "widgets.h"

struct tags {
    char kind[16];
    int64_t id;
    char label[256];
    bool *changed;
    struct ui_widget add;
    char **v;
    int n;
    int sel;                   /* -1: the add line has the focus */
};

void ui_tags_text(struct ui *ui, const char *item_kind, int64_t item_id, char *out, size_t n)
{
    out[0] = '\0';
    char **v = NULL;
    int nv = 0;
    fs_err e;
    if (!item_id || fs_tag_list(ui->s, item_kind, item_id, &v, &nv, &e) != FS_OK)
        return;
    size_t used = 0;
    for (int i = 0; i < nv && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s#%s", i ? "  " : "", v[i]);
    fs_tag_list_free(v, nv);
}

static void tags_load(struct ui *ui, struct tags *t)
{
    fs_tag_list_free(t->v, t->n);
    t->v = NULL;
    t->n = 0;
    fs_err e;
    if (fs_tag_list(ui->s, t->kind, t->id, &t->v, &t->n, &e) != FS_OK)
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
    if (t->sel >= t->n)
        t->sel = t->n - 1;
}

static void tags_draw(struct ui *ui, void *vs)
{
    struct tags *t = vs;
    char title[400];
    snprintf(title, sizeof title, _("Tags of %s"), t->label);
    static const enum ui_action hints[] = { UI_OPEN, UI_DEL_ROW, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 4);
    char line[256];
    snprintf(line, sizeof line, _("Type a tag and press Enter to add it; %s removes the selected one."),
             ui_key_hint(UI_DEL_ROW));
    ui_text(ui, 4, 1, ui->cols - 2, line, FS_ALIGN_START, ROLE_DIM);
    if (!t->n)
        ui_text(ui, 6, 1, ui->cols - 2, _("No tags yet."), FS_ALIGN_START, ROLE_DIM);
    for (int i = 0; i < t->n && 6 + i < ui->rows - 2; i++) {
        char row[300];
        snprintf(row, sizeof row, "%s", t->v[i]);
        if (i == t->sel)
            ui_fill(ui, 6 + i, 0, ui->cols, ROLE_FOCUS);
        ui_text(ui, 6 + i, 1, ui->cols - 2, row, FS_ALIGN_START, i == t->sel ? ROLE_FOCUS : ROLE_NORMAL);
    }
    int fw = ui->cols - 18 < 50 ? ui->cols - 18 : 50;
    uw_draw(ui, &t->add, 2, 1, 14, fw, t->sel < 0);
}

static bool tags_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct tags *t = vs;
    fs_err e;
    fs_err_clear(&e);
    if (t->sel >= 0) {
        if (k->code == KEY_DOWN && t->sel + 1 < t->n) {
            t->sel++;
        } else if (k->code == KEY_UP || (k->ch == '\t' && !k->meta)) {
            t->sel--;
        } else if (ui_is(k, UI_DEL_ROW)) {
            char *tag = strdup(t->v[t->sel]);
            if (tag && fs_tag_remove(ui->s, t->kind, t->id, tag, &e) == FS_OK) {
                if (t->changed)
                    *t->changed = true;
                tags_load(ui, t);
                ui_message(ui, ROLE_NORMAL, _("Tag removed: %s"), tag);
            } else if (tag) {
                ui_message(ui, ROLE_ERROR, "%s", e.msg);
            }
            free(tag);
        } else {
            return false;
        }
        return true;
    }
    if (ui_is(k, UI_OPEN) || ui_is(k, UI_ADD_ROW)) {
        if (fs_tag_add(ui->s, t->kind, t->id, uw_text(&t->add), &e) != FS_OK) {
            uw_error_text(&t->add, &e, t->add.error, sizeof t->add.error);
            ui_message(ui, ROLE_ERROR, "%s", t->add.error);
            return true;
        }
        if (t->changed)
            *t->changed = true;
        char added[256];
        fs_text_copy(added, sizeof added, uw_text(&t->add));
        uw_set(&t->add, "", 0);
        tags_load(ui, t);
        ui_message(ui, ROLE_NORMAL, _("Tag added: %s"), added);
        return true;
    }
    if (k->code == KEY_DOWN && t->n) {
        t->sel = 0;
        return true;
    }
    return uw_key(ui, &t->add, k);
}

static void tags_close(void *vs)
{
    struct tags *t = vs;
    fs_tag_list_free(t->v, t->n);
    uw_free(&t->add);
    free(t);
}

static const struct ui_view_ops tags_ops = {
    .name = "tags", .draw = tags_draw, .key = tags_key, .close = tags_close, .min_cols = 50, .min_rows = 10,
};

void ui_open_tags(struct ui *ui, const char *item_kind, int64_t item_id, const char *label, bool *changed)
{
    fs_err e;
    if (fs_item_check(ui->s, item_kind, item_id, NULL, 0, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    struct tags *t = calloc(1, sizeof *t);
    if (!t)
        return;
    fs_text_copy(t->kind, sizeof t->kind, item_kind);
    t->id = item_id;
    fs_text_copy(t->label, sizeof t->label, label ? label : "");
    t->changed = changed;
    t->sel = -1;
    uw_init(ui, &t->add, "tag", N_("New tag"), W_TEXT);
    tags_load(ui, t);
    ui_push(ui, &tags_ops, t);
}
