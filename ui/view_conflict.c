/* view_conflict.c — "Someone else changed this opportunity" (SPEC §5.4):
 * shown when F2 in the opportunity form meets a newer version.  A table of
 * every part the other user changed since the form loaded it — the value
 * then, theirs (who and when, from the change history) and the user's —
 * and three ways on: keep my edits on top of theirs (opp_merge.h's
 * rebase), take theirs, or back to the form unchanged.  The core's
 * sentence is shown whole, wrapped.  The screen only draws: the
 * differences and the merge are computed in src/core. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "opp_merge.h"
#include "text.h"
#include "ui.h"
#include "ui_views.h"

struct conflict_row {
    fs_opp_part part;
    bool both;                 /* the user changed it too, differently */
    char label[128];
    char then[256], theirs[256], who[160], mine[256];
};

struct conflict {
    fs_opp base, mine, theirs;
    char sentence[512];
    struct conflict_row *rows;
    int n, top;
    ui_conflict_done done;
    void *ctx;
};

/* Fills the rows: what the other user changed (base → theirs). */
static int conflict_rows(struct ui *ui, struct conflict *c, fs_err *e)
{
    fs_opp_part *parts = NULL;
    int n = 0;
    if (fs_opp_diff(&c->base, &c->theirs, &parts, &n, e) != FS_OK)
        return e->code;
    fs_change_row *h = NULL;
    int nh = 0;
    fs_err he;
    if (fs_history_rows(ui->s, "opportunity", c->theirs.id, &h, &nh, &he) != FS_OK)
        nh = 0;
    c->rows = n ? calloc((size_t)n, sizeof *c->rows) : NULL;
    if (n && !c->rows) {
        free(parts);
        fs_history_rows_free(h, nh);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    /* Both-changed parts first (the user's value wins them). */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            bool both = !fs_opp_part_same(&c->base, &c->mine, &parts[i]) &&
                        !fs_opp_part_same(&c->mine, &c->theirs, &parts[i]);
            if (both != (pass == 0))
                continue;
            struct conflict_row *r = &c->rows[c->n++];
            r->part = parts[i];
            r->both = both;
            char a[1400], b[1400], m[1400];
            fs_opp_part_value(&c->base, &parts[i], a, sizeof a);
            fs_opp_part_value(&c->theirs, &parts[i], b, sizeof b);
            fs_opp_part_value(&c->mine, &parts[i], m, sizeof m);
            fs_change_text t;
            fs_history_describe(ui->s, "opportunity", c->theirs.id, parts[i].field, a, b, &t);
            fs_text_copy(r->label, sizeof r->label, t.label);
            if (parts[i].kind == FS_OPP_PART_LINES)
                fs_text_copy(r->label, sizeof r->label, _("Products"));
            else if (parts[i].kind == FS_OPP_PART_COMPETITORS)
                fs_text_copy(r->label, sizeof r->label, _("Competitors"));
            fs_text_copy(r->then, sizeof r->then, t.old_text);
            fs_text_copy(r->theirs, sizeof r->theirs, t.new_text);
            fs_history_describe(ui->s, "opportunity", c->theirs.id, parts[i].field, m, NULL, &t);
            fs_text_copy(r->mine, sizeof r->mine, t.old_text);
            /* Who saved it: the newest change of that field. */
            for (int j = 0; j < nh; j++)
                if (!strcmp(h[j].field, parts[i].field) ||
                    (parts[i].kind == FS_OPP_PART_AMOUNT && !strcmp(h[j].field, "amount_manual"))) {
                    snprintf(r->who, sizeof r->who, "%s, %s", h[j].user_name, h[j].when);
                    break;
                }
        }
    free(parts);
    fs_history_rows_free(h, nh);
    return FS_OK;
}

/* Draws text wrapped at spaces into rows y.. (at most maxrows); returns
 * the rows used. */
static int draw_wrapped(struct ui *ui, int y, int x, int w, int maxrows, const char *text, enum ui_role role)
{
    int used = 0;
    const char *p = text;
    while (*p && used < maxrows) {
        char line[1024];
        size_t best = 0, len = strlen(p);
        /* The longest run of whole words that fits. */
        for (size_t i = 1; i <= len && i < sizeof line; i++) {
            if (p[i] != ' ' && p[i] != '\0')
                continue;
            memcpy(line, p, i);
            line[i] = '\0';
            if (fs_text_width(line) > w)
                break;
            best = i;
        }
        if (!best) { /* one word longer than the row: cut it */
            best = len < sizeof line - 1 ? len : sizeof line - 1;
        }
        memcpy(line, p, best);
        line[best] = '\0';
        ui_text(ui, y + used, x, w, line, FS_ALIGN_START, role);
        used++;
        p += best;
        while (*p == ' ')
            p++;
    }
    return used;
}

static void conflict_draw(struct ui *ui, void *vs)
{
    struct conflict *c = vs;
    static const enum ui_action hints[] = { UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Someone else changed this opportunity"), hints, 2);
    int y = 2 + draw_wrapped(ui, 2, 1, ui->cols - 2, 3, c->sentence, ROLE_WARNING);
    y++;
    int w = ui->cols - 2;
    int lw = w / 6, cw = (w - lw - 3) / 3;
    int x1 = 1 + lw + 1, x2 = x1 + cw + 1, x3 = x2 + cw + 1;
    ui_text(ui, y, 1, lw, _("Field"), FS_ALIGN_START, ROLE_HEADING);
    ui_text(ui, y, x1, cw, _("When you opened it"), FS_ALIGN_START, ROLE_HEADING);
    ui_text(ui, y, x2, cw, _("Saved by the other user"), FS_ALIGN_START, ROLE_HEADING);
    ui_text(ui, y, x3, cw, _("Yours"), FS_ALIGN_START, ROLE_HEADING);
    y++;
    int last = ui->rows - 7;
    if (!c->n)
        ui_text(ui, y, 1, w, _("The other save changed nothing you can see here."), FS_ALIGN_START, ROLE_DIM);
    for (int i = c->top; i < c->n && y + 1 <= last; i++) {
        struct conflict_row *r = &c->rows[i];
        char label[160];
        snprintf(label, sizeof label, "%s%s", r->both ? "* " : "", r->label);
        ui_text(ui, y, 1, lw, label, FS_ALIGN_START, r->both ? ROLE_WARNING : ROLE_LABEL);
        ui_text(ui, y, x1, cw, r->then, FS_ALIGN_START, ROLE_DIM);
        ui_text(ui, y, x2, cw, r->theirs, FS_ALIGN_START, ROLE_NORMAL);
        ui_text(ui, y, x3, cw, r->mine, FS_ALIGN_START, r->both ? ROLE_WARNING : ROLE_NORMAL);
        ui_text(ui, y + 1, x2, ui->cols - 1 - x2, r->who, FS_ALIGN_START, ROLE_DIM);
        y += 2;
    }
    int o = ui->rows - 6;
    bool any_both = false;
    for (int i = 0; i < c->n; i++)
        any_both |= c->rows[i].both;
    if (any_both)
        ui_text(ui, o, 1, w, _("* You both changed it: keeping your edits keeps your value."), FS_ALIGN_START,
                ROLE_WARNING);
    ui_text(ui, o + 1, 1, w, _("1  Keep my edits on top of theirs (then F2 saves)"), FS_ALIGN_START, ROLE_NORMAL);
    ui_text(ui, o + 2, 1, w, _("2  Take theirs: drop my edits"), FS_ALIGN_START, ROLE_NORMAL);
    char back[128];
    snprintf(back, sizeof back, _("3 or %s  Back to the form unchanged"), ui_key_hint(UI_BACK));
    ui_text(ui, o + 3, 1, w, back, FS_ALIGN_START, ROLE_NORMAL);
}

/* Leaves the screen and hands the form its result (NULL: unchanged). */
static void finish(struct ui *ui, struct conflict *c, fs_opp *result, int nkept, int nboth)
{
    ui_conflict_done done = c->done;
    void *ctx = c->ctx;
    ui_pop(ui); /* frees c */
    done(ui, ctx, result, nkept, nboth);
}

static bool conflict_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct conflict *c = vs;
    fs_err e;
    fs_err_clear(&e);
    if (k->ch == '1' || k->ch == L'۱' || k->ch == '2' || k->ch == L'۲') {
        bool keep = k->ch == '1' || k->ch == L'۱';
        fs_opp out;
        fs_opp_part *parts = NULL;
        int n = 0, nboth = 0;
        if (fs_opp_rebase(&c->base, keep ? &c->mine : &c->base, &c->theirs, &out, &parts, &n, &e) != FS_OK) {
            ui_message(ui, ROLE_ERROR, "%s", e.msg);
            return true;
        }
        for (int i = 0; i < n; i++)
            nboth += parts[i].both;
        free(parts);
        fs_opp_compute(ui->s, &out, &e);
        fs_opp_names(ui->s, &out, &e);
        finish(ui, c, &out, n, nboth);
        return true;
    }
    if (k->ch == '3' || k->ch == L'۳' || ui_is(k, UI_BACK)) {
        finish(ui, c, NULL, 0, 0);
        return true;
    }
    if (k->code == KEY_DOWN || k->code == KEY_NPAGE) {
        if (c->top + 1 < c->n)
            c->top++;
        return true;
    }
    if (k->code == KEY_UP || k->code == KEY_PPAGE) {
        if (c->top > 0)
            c->top--;
        return true;
    }
    return false;
}

static void conflict_close(void *vs)
{
    struct conflict *c = vs;
    fs_opp_free(&c->base);
    fs_opp_free(&c->mine);
    fs_opp_free(&c->theirs);
    free(c->rows);
    free(c);
}

static const struct ui_view_ops conflict_ops = {
    .name = "opp-conflict", .draw = conflict_draw, .key = conflict_key, .close = conflict_close,
    .min_cols = 60, .min_rows = 16,
};

bool ui_open_conflict(struct ui *ui, const fs_opp *base, const fs_opp *mine, const char *sentence,
                      ui_conflict_done done, void *ctx)
{
    struct conflict *c = calloc(1, sizeof *c);
    fs_err e;
    fs_err_clear(&e);
    if (!c)
        return false;
    int rc = fs_opp_copy(base, &c->base, &e);
    if (rc == FS_OK)
        rc = fs_opp_copy(mine, &c->mine, &e);
    if (rc == FS_OK) /* names of what the user picked, for display */
        rc = fs_opp_names(ui->s, &c->mine, &e);
    if (rc == FS_OK)
        rc = fs_opp_load(ui->s, mine->id, &c->theirs, &e);
    if (rc == FS_OK)
        rc = conflict_rows(ui, c, &e);
    if (rc != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        conflict_close(c);
        return false;
    }
    fs_text_copy(c->sentence, sizeof c->sentence, sentence);
    c->done = done;
    c->ctx = ctx;
    ui_push(ui, &conflict_ops, c);
    return true;
}
