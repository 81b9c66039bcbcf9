/* view_product.c — the product catalogue (SPEC §6.1) and the stock screen
 * of one product (SPEC §6.3).
 *
 * The list pages the catalogue by id, or, while something is typed in the
 * search line, shows the products whose code starts with it followed by
 * those whose name matches (type-ahead, as the opportunity's picker does);
 * the group field restricts both to a group and its sub-groups.  Enter
 * opens the stock screen: the product's details and its stock table, one
 * row per warehouse the user may see (the core applies the rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "i18n.h"
#include "money.h"
#include "product.h"
#include "stock.h"
#include "ui.h"
#include "ui_table.h"
#include "ui_views.h"
#include "widgets.h"

#define PAGE 100

/* ---- the list ---------------------------------------------------------- */

enum { P_CODE, P_NAME, P_PRICE, P_STOCK, P_UNIT, P_GROUP, P_COLS };

static const struct ui_col list_cols[P_COLS] = {
    { N_("Code"), 12, FS_ALIGN_START },  { N_("Name"), 0, FS_ALIGN_START },
    { N_("Unit price"), 15, FS_ALIGN_END }, { N_("Stock"), 6, FS_ALIGN_START },
    { N_("Unit"), 10, FS_ALIGN_START },  { N_("Group"), 16, FS_ALIGN_START },
};

enum { F_SEARCH, F_GROUP, F_COUNT };

struct prodlist {
    struct ui_widget f[F_COUNT];
    int focus;
    char text[256];            /* the search the rows answer */
    fs_product_filter filter;
    struct ui_choice_src group_src;
    struct ui_table t;
    bool more_matches;
    char problem[300];
};

struct row_ctx {
    struct ui *ui;
    struct ui_table *t;
    int max;
    bool more;
};

static int add_product_row(void *ctx, const fs_product *p)
{
    struct row_ctx *c = ctx;
    for (int i = 0; i < c->t->n; i++) /* a code match already listed */
        if (c->t->ids[i] == p->id)
            return 0;
    if (c->t->n >= c->max) {
        c->more = true;
        return 1;
    }
    char code[256], price[64] = "";
    ut_local_digits(c->ui, p->code, code, sizeof code);
    if (p->has_price)
        ui_money(c->ui, p->unit_price, price, sizeof price);
    const char *name = p->name;
    char inactive[900];
    if (!p->active) {
        snprintf(inactive, sizeof inactive, "%s (%s)", p->name, _("inactive"));
        name = inactive;
    }
    const char *v[P_COLS] = { code, name, price, p->stock_tracked ? _("yes") : "", p->unit_label, p->group_name };
    return !ut_add(c->t, p->id, v);
}

/* A page of the catalogue after t->after, or the search results. */
static void prodlist_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct prodlist *l = ctx;
    fs_err e;
    fs_err_clear(&e);
    ut_clear(t);
    l->problem[0] = '\0';
    l->more_matches = false;
    struct row_ctx c = { ui, t, PAGE, false };
    int rc;
    if (l->text[0]) {
        rc = fs_product_search_code(ui->s, l->text, &l->filter, PAGE + 1, add_product_row, &c, &e);
        if (rc == FS_OK || e.code == FS_OK)
            rc = fs_product_search(ui->s, l->text, &l->filter, PAGE + 1, add_product_row, &c, &e);
        l->more_matches = c.more;
        t->more = false;
    } else {
        rc = fs_product_list(ui->s, &l->filter, t->after, PAGE + 1, add_product_row, &c, &e);
        t->more = c.more;
    }
    if (rc != FS_OK && e.code != FS_OK)
        fs_text_copy(l->problem, sizeof l->problem, e.msg);
}

/* Applies the group field to the filter; false (and the message at the
 * field) when the typed group does not exist. */
static bool apply_group(struct ui *ui, struct prodlist *l)
{
    struct ui_widget *w = &l->f[F_GROUP];
    if (w->popup_open)
        uw_choose(w);
    int64_t id = 0;
    fs_err e;
    if (ui_choice_resolve(ui, w, &l->group_src, &id, &e) != FS_OK) {
        fs_text_copy(w->error, sizeof w->error, e.msg);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return false;
    }
    w->id = id;
    w->changed = false;
    if (id != l->filter.group_id) {
        l->filter.group_id = id;
        ut_reload(ui, &l->t, prodlist_load, l);
    }
    return true;
}

static void prodlist_draw(struct ui *ui, void *vs)
{
    struct prodlist *l = vs;
    static const enum ui_action hints[] = { UI_OPEN, UI_NEXT_FIELD, UI_QUICK_NEW, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Products"), hints, 5);
    int half = (ui->cols - 2) / 2, fw = half - 12;
    ut_draw(ui, &l->t, 2, 1, ui->cols - 2, list_cols, true);
    char line[400];
    enum ui_role role = ROLE_DIM;
    if (l->problem[0])
        fs_text_copy(line, sizeof line, l->problem), role = ROLE_WARNING;
    else if (!l->t.n)
        fs_text_copy(line, sizeof line, _("No product matches."));
    else if (l->more_matches)
        snprintf(line, sizeof line, _("The first %d matches; type more to narrow them."), l->t.n);
    else
        fs_text_copy(line, sizeof line, _("Type a code or part of a name; Enter shows the stock."));
    ui_text(ui, ui->rows - 2, 1, ui->cols - 2, line, FS_ALIGN_START, role);
    /* The focused field last: the cursor and its popup end up there. */
    int other = 1 - l->focus;
    uw_draw(ui, &l->f[other], 1, 1 + other * half, 10, fw, false);
    uw_draw(ui, &l->f[l->focus], 1, 1 + l->focus * half, 10, fw, true);
    uw_draw_popup(ui, &l->f[l->focus], 1, 1 + l->focus * half + 11, fw);
}

static bool prodlist_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct prodlist *l = vs;
    struct ui_widget *w = &l->f[l->focus];
    if (w->popup_open && (k->code == KEY_DOWN || k->code == KEY_UP || ui_is(k, UI_OPEN) || (k->ch == 27 && !k->meta))) {
        uw_key(ui, w, k);
        if (!w->popup_open && l->focus == F_GROUP && w->id)
            apply_group(ui, l);
        return true;
    }
    if ((k->ch == '\t' && !k->meta) || k->code == KEY_BTAB) {
        if (l->focus == F_GROUP && !apply_group(ui, l))
            return true;
        l->focus = 1 - l->focus;
        return true;
    }
    if (ui_is(k, UI_OPEN)) {
        if (l->focus == F_GROUP && w->changed && !apply_group(ui, l))
            return true;
        int64_t id = ut_sel_id(&l->t);
        if (id)
            ui_open_stock(ui, id);
        return true;
    }
    if (ut_nav_key(ui, &l->t, k, ut_visible(ui, 2), l->text[0] ? NULL : prodlist_load, l))
        return true;
    if (k->ch == 27 && !k->meta && !k->code && *uw_text(w)) {
        uw_set(w, "", 0);
        if (l->focus == F_GROUP)
            apply_group(ui, l);
        else
            l->text[0] = '\0', ut_reload(ui, &l->t, prodlist_load, l);
        return true;
    }
    if (!uw_key(ui, w, k))
        return false;
    if (l->focus == F_SEARCH && strcmp(uw_text(w), l->text) != 0) {
        fs_text_copy(l->text, sizeof l->text, uw_text(w));
        ut_reload(ui, &l->t, prodlist_load, l);
    }
    if (l->focus == F_GROUP && !*uw_text(w) && l->filter.group_id) {
        /* Erasing the group shows every product again (the popup stays). */
        l->filter.group_id = 0;
        ut_reload(ui, &l->t, prodlist_load, l);
    }
    return true;
}

static void prodlist_close(void *vs)
{
    struct prodlist *l = vs;
    for (int i = 0; i < F_COUNT; i++)
        uw_free(&l->f[i]);
    ut_free(&l->t);
    free(l);
}

static const struct ui_view_ops prodlist_ops = {
    .name = "product-list", .draw = prodlist_draw, .key = prodlist_key, .close = prodlist_close,
    .min_cols = 60, .min_rows = 10,
};

void ui_open_product_list(struct ui *ui, void *arg)
{
    (void)arg;
    struct prodlist *l = calloc(1, sizeof *l);
    if (!l)
        return;
    uw_init(ui, &l->f[F_SEARCH], "search", N_("Search"), W_TEXT);
    uw_init(ui, &l->f[F_GROUP], "group", N_("Group"), W_CHOICE);
    l->group_src.what = "group";
    ui_choice_bind(&l->f[F_GROUP], &l->group_src);
    ut_init(&l->t, P_COLS);
    ut_reload(ui, &l->t, prodlist_load, l);
    ui_push(ui, &prodlist_ops, l);
}

/* ---- the stock screen -------------------------------------------------- */

enum { S_WAREHOUSE, S_ON_HAND, S_FROZEN, S_AVAILABLE, S_ACTIVE, S_COLS };

static const struct ui_col stock_cols[S_COLS] = {
    { N_("Warehouse"), 0, FS_ALIGN_START }, { N_("On hand"), 12, FS_ALIGN_END },
    { N_("Frozen"), 12, FS_ALIGN_END },     { N_("Available"), 12, FS_ALIGN_END },
    { N_("Active"), 8, FS_ALIGN_START },
};

#define STOCK_Y 8

struct stockview {
    int64_t id;
    fs_product p;
    enum fs_wh_mode mode;
    struct ui_table t;
    char problem[600];
    int short_of;              /* warehouses with less available than zero */
};

struct stock_ctx {
    struct ui *ui;
    struct stockview *v;
};

static int add_stock_row(void *ctx, const fs_stock_row *r)
{
    struct stock_ctx *c = ctx;
    char oh[48], fr[48], av[48];
    fs_qty_format(r->on_hand, c->ui->s->digits, oh, sizeof oh);
    fs_qty_format(r->frozen, c->ui->s->digits, fr, sizeof fr);
    fs_qty_format(r->available, c->ui->s->digits, av, sizeof av);
    if (r->available < 0)
        c->v->short_of++;
    const char *v[S_COLS] = { r->warehouse, oh, fr, av, r->active ? _("yes") : _("no") };
    return !ut_add(&c->v->t, r->warehouse_id, v);
}

static void stock_load(struct ui *ui, struct stockview *v)
{
    fs_err e;
    ut_clear(&v->t);
    v->problem[0] = '\0';
    v->short_of = 0;
    if (fs_product_get(ui->s, v->id, &v->p, &e) != FS_OK) {
        fs_text_copy(v->problem, sizeof v->problem, e.msg);
        return;
    }
    if (fs_stock_mode(ui->s, &v->mode, &e) != FS_OK)
        v->mode = FS_WH_QUANTITY;
    if (!v->p.stock_tracked) {
        fs_text_copy(v->problem, sizeof v->problem, _("This product is not stock-tracked, so it has no stock table."));
        return;
    }
    struct stock_ctx c = { ui, v };
    fs_err_clear(&e);
    if (fs_stock_table(ui->s, v->id, add_stock_row, &c, &e) != FS_OK && e.code != FS_OK)
        fs_text_copy(v->problem, sizeof v->problem, e.msg);
    else if (!v->t.n)
        fs_text_copy(v->problem, sizeof v->problem, _("No warehouse you may see holds it."));
}

static void stock_draw(struct ui *ui, void *vs)
{
    struct stockview *v = vs;
    const fs_product *p = &v->p;
    char title[900], a[256], b[256];
    snprintf(title, sizeof title, "%s: %s", _("Stock"), p->name);
    static const enum ui_action hints[] = { UI_QUICK_NEW, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 3);
    int lw = 14, col = (ui->cols - 2) / 2, vw = col - lw - 2, x2 = 1 + col;
    ut_local_digits(ui, p->code, a, sizeof a);
    ut_kv(ui, 2, 1, lw, vw, _("Code"), a, ROLE_NORMAL);
    ut_kv(ui, 2, x2, lw, vw, _("Group"), p->group_name, ROLE_NORMAL);
    ut_kv(ui, 3, 1, lw, ui->cols - lw - 4, _("Name"), p->name, ROLE_NORMAL);
    ut_kv(ui, 4, 1, lw, vw, _("Unit"), p->unit_label, ROLE_NORMAL);
    if (p->has_price)
        ui_money(ui, p->unit_price, b, sizeof b);
    ut_kv(ui, 4, x2, lw, vw, _("Unit price"), p->has_price ? b : _("no price"), p->has_price ? ROLE_NORMAL : ROLE_DIM);
    char flags[512];
    snprintf(flags, sizeof flags, "%s%s%s%s%s", p->service ? _("service") : _("product"),
             p->sellable ? "" : _(", not sellable"), p->taxable ? _(", taxable") : "", p->serial ? _(", serial") : "",
             p->active ? "" : _(", inactive"));
    ut_kv(ui, 5, 1, lw, ui->cols - lw - 4, _("Kind"), flags, ROLE_NORMAL);
    ut_kv(ui, 6, 1, lw, ui->cols - lw - 4, _("Warehousing"),
          v->mode == FS_WH_SERIAL ? _("serial: only the warehouses you may issue remittances from")
                                  : _("by quantity"),
          ROLE_DIM);
    if (v->t.n)
        ut_draw(ui, &v->t, STOCK_Y, 1, ui->cols - 2, stock_cols, false);
    if (v->problem[0])
        ui_text(ui, STOCK_Y + (v->t.n ? v->t.n + 2 : 0), 1, ui->cols - 2, v->problem, FS_ALIGN_START, ROLE_DIM);
    else if (v->short_of)
        ui_text(ui, STOCK_Y + v->t.n + 2, 1, ui->cols - 2,
                _("Frozen stock exceeds what is on hand in some warehouse."), FS_ALIGN_START, ROLE_WARNING);
}

static bool stock_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct stockview *v = vs;
    return ut_nav_key(ui, &v->t, k, ut_visible(ui, STOCK_Y), NULL, v);
}

static void stock_close(void *vs)
{
    struct stockview *v = vs;
    ut_free(&v->t);
    free(v);
}

static const struct ui_view_ops stock_ops = {
    .name = "stock", .draw = stock_draw, .key = stock_key, .close = stock_close, .min_cols = 60, .min_rows = 12,
};

void ui_open_stock(struct ui *ui, int64_t product_id)
{
    struct stockview *v = calloc(1, sizeof *v);
    if (!v)
        return;
    v->id = product_id;
    ut_init(&v->t, S_COLS);
    stock_load(ui, v);
    ui_push(ui, &stock_ops, v);
}
