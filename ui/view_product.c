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
#include "jdate.h"
#include "lookup.h"
#include "mini.h"
#include "money.h"
#include "product.h"
#include "stock.h"
#include "ui.h"
#include "ui_table.h"
#include "ui_views.h"
#include "widgets.h"

#define PAGE 100

struct prodlist;
struct stockview;
/* The forms (below the stock screen): a product (id 0 = a new one), a
 * product group, and a stock movement of the stock screen's product. */
static void open_product_form(struct ui *ui, int64_t id, struct prodlist *l, struct stockview *v);
static void open_group_form(struct ui *ui, struct prodlist *l);
static void open_move_form(struct ui *ui, struct stockview *v, enum fs_move_kind kind);

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
    static const enum ui_action hints[] = { UI_OPEN, UI_ADD_ROW, UI_EDIT, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Products"), hints, 6);
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
    else if (l->focus == F_GROUP)
        snprintf(line, sizeof line, _("%s adds a product group (under the group typed here, if any)."),
                 ui_key_hint(UI_ADD_ROW));
    else
        snprintf(line, sizeof line,
                 _("Type a code or part of a name; Enter shows the stock, %s adds a product, %s edits it."),
                 ui_key_hint(UI_ADD_ROW), ui_key_hint(UI_EDIT));
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
    if (ui_is(k, UI_ADD_ROW)) {
        if (w->popup_open)
            uw_choose(w);
        if (l->focus == F_GROUP)
            open_group_form(ui, l);
        else
            open_product_form(ui, 0, l, NULL);
        return true;
    }
    if (ui_is(k, UI_EDIT)) {
        int64_t id = ut_sel_id(&l->t);
        if (id)
            open_product_form(ui, id, l, NULL);
        else
            ui_message(ui, ROLE_WARNING, "%s", _("No product is selected."));
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
    int negative;              /* warehouses with less than nothing on hand */
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
    if (r->on_hand < 0)
        c->v->negative++;
    else if (r->available < 0)
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
    v->negative = 0;
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
    static const enum ui_action hints[] = { UI_STOCK_IN, UI_STOCK_OUT, UI_EDIT, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 5);
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
    else if (v->negative)
        ui_text(ui, STOCK_Y + v->t.n + 2, 1, ui->cols - 2,
                _("More was taken out than was on hand in some warehouse."), FS_ALIGN_START, ROLE_WARNING);
    else if (v->short_of)
        ui_text(ui, STOCK_Y + v->t.n + 2, 1, ui->cols - 2,
                _("Frozen stock exceeds what is on hand in some warehouse."), FS_ALIGN_START, ROLE_WARNING);
}

static bool stock_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct stockview *v = vs;
    if (ui_is(k, UI_EDIT)) {
        open_product_form(ui, v->id, NULL, v);
        return true;
    }
    if (ui_is(k, UI_STOCK_IN) || ui_is(k, UI_STOCK_OUT)) {
        enum fs_move_kind kind = ui_is(k, UI_STOCK_IN) ? FS_MOVE_IN : FS_MOVE_OUT;
        if (!v->p.id)
            return true;
        if (!v->p.stock_tracked)
            ui_message(ui, ROLE_WARNING, _("«%s» is not stock-tracked: %s edits it; set Stock-tracked first."),
                       v->p.name, ui_key_hint(UI_EDIT));
        else
            open_move_form(ui, v, kind);
        return true;
    }
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

/* ---- yes/no and kind fields ------------------------------------------- */

/* A two-way field (yes/no, product/service): type-ahead on either
 * language's word, or Space to flip.  Choice ids: 1 = the first option
 * (yes, product), 2 = the second. */
struct two_way {
    const char *opt[2];        /* untranslated (N_) */
};

static const struct two_way yes_no = { { N_("yes"), N_("no") } };
static const struct two_way kind_opts = { { N_("product"), N_("service") } };

static int two_way_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    (void)ui;
    const struct two_way *tw = ctx;
    char *key = fs_text_search_key(text);
    int n = 0;
    for (int i = 0; i < 2 && n < max; i++) {
        if (key && *key && !ui_key_match(_(tw->opt[i]), key) && !ui_key_match(tw->opt[i], key))
            continue;
        out[n].id = i + 1;
        fs_text_copy(out[n].label, sizeof out[n].label, _(tw->opt[i]));
        out[n].hint[0] = '\0';
        n++;
    }
    free(key);
    return n;
}

static void two_way_init(struct ui *ui, struct ui_widget *w, const char *name, const char *label,
                         const struct two_way *tw, bool first)
{
    uw_init(ui, w, name, label, W_CHOICE);
    w->choices = two_way_choices;
    w->ctx = (void *)tw;
    uw_set(w, _(tw->opt[first ? 0 : 1]), first ? 1 : 2);
}

static bool is_two_way(const struct ui_widget *w)
{
    return w->choices == two_way_choices;
}

/* Space: the other option. */
static void two_way_flip(struct ui_widget *w)
{
    const struct two_way *tw = w->ctx;
    int64_t to = w->id == 1 ? 2 : 1;
    uw_set(w, _(tw->opt[to - 1]), to);
    w->popup_open = false;
    w->changed = true;
}

/* The option chosen or typed: *first true for the first option. */
static int two_way_value(struct ui *ui, struct ui_widget *w, bool *first, fs_err *e)
{
    int64_t id = w->id;
    if (!id && *uw_text(w)) {
        struct ui_choice c[2];
        if (two_way_choices(ui, w->ctx, uw_text(w), c, 2) == 1)
            id = c[0].id;
    }
    if (!id) {
        const struct two_way *tw = w->ctx;
        return fs_err_set(e, FS_EINVAL, w->name, _("%s: choose %s or %s."), w->name, _(tw->opt[0]), _(tw->opt[1]));
    }
    *first = id == 1;
    return FS_OK;
}

/* The small forms' keys, with Space flipping a two-way field. */
static bool form_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct mini *m = vs;
    struct ui_widget *w = &m->w[m->focus];
    if (is_two_way(w) && ui_is(k, UI_TOGGLE)) {
        two_way_flip(w);
        return true;
    }
    return mini_view_key(ui, vs, k);
}

/* ---- the product form -------------------------------------------------- */

enum {
    PF_CODE, PF_NAME, PF_GROUP, PF_KIND, PF_UNIT, PF_PRICE, PF_SELLABLE, PF_STOCK, PF_SERIAL, PF_TAXABLE,
    PF_RENAME, PF_ACTIVE, PF_COUNT
};

struct prodform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[PF_COUNT];
    struct ui_choice_src group, unit;
    fs_product p;              /* as loaded (id 0: a new product) */
    struct prodlist *list;     /* the screen under the form, reloaded after saving */
    struct stockview *stock;
};

static void prodform_draw(struct ui *ui, void *vs)
{
    struct prodform *f = vs;
    char title[900];
    if (f->p.id)
        snprintf(title, sizeof title, _("Product %s"), f->p.name);
    else
        fs_text_copy(title, sizeof title, _("New product"));
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_TOGGLE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 5);
    int y = 3 + PF_COUNT + 1;
    ui_text(ui, y++, 2, ui->cols - 4, _("An empty unit price means the product has no price: each line types one."),
            FS_ALIGN_START, ROLE_DIM);
    ui_text(ui, y++, 2, ui->cols - 4, _("Space flips a yes/no field."), FS_ALIGN_START, ROLE_DIM);
    ui_text(ui, y, 2, ui->cols - 4, _("A product in use is never deleted: set Active to no instead."), FS_ALIGN_START,
            ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

static void list_reload(struct ui *ui, struct prodlist *l, int64_t select);
static void stock_load(struct ui *ui, struct stockview *v);

static void prodform_save(struct ui *ui, void *form)
{
    struct prodform *f = form;
    struct ui_widget *w = f->w;
    for (int i = 0; i < PF_COUNT; i++)
        if (w[i].popup_open)
            uw_choose(&w[i]);
    fs_err e;
    fs_err_clear(&e);
    fs_product p = f->p;
    fs_text_copy(p.code, sizeof p.code, uw_text(&w[PF_CODE]));
    fs_text_copy(p.name, sizeof p.name, uw_text(&w[PF_NAME]));
    int rc = ui_choice_resolve(ui, &w[PF_GROUP], &f->group, &p.group_id, &e);
    bool product = true;
    if (rc == FS_OK)
        rc = two_way_value(ui, &w[PF_KIND], &product, &e);
    p.service = !product;
    if (rc == FS_OK)
        rc = ui_choice_resolve(ui, &w[PF_UNIT], &f->unit, &p.unit_id, &e);
    const char *price = uw_text(&w[PF_PRICE]);
    p.has_price = *price != '\0';
    p.unit_price = 0;
    if (rc == FS_OK && p.has_price)
        rc = fs_money_parse(price, "unit_price", &p.unit_price, &e);
    struct {
        int at;
        bool *flag;
    } flags[] = { { PF_SELLABLE, &p.sellable }, { PF_STOCK, &p.stock_tracked }, { PF_SERIAL, &p.serial },
                  { PF_TAXABLE, &p.taxable },   { PF_RENAME, &p.name_editable }, { PF_ACTIVE, &p.active } };
    for (size_t i = 0; i < sizeof flags / sizeof *flags && rc == FS_OK; i++)
        rc = two_way_value(ui, &w[flags[i].at], flags[i].flag, &e);
    int64_t id = p.id;
    if (rc == FS_OK)
        rc = p.id ? fs_product_edit(ui->s, &p, &e) : fs_product_add(ui->s, &p, &id, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    struct prodlist *l = f->list;
    struct stockview *v = f->stock;
    bool added = !f->p.id;
    char name[4 * FS_PRODUCT_NAME_MAX + 1];
    fs_text_copy(name, sizeof name, p.name);
    ui_pop(ui);
    if (l)
        list_reload(ui, l, id);
    if (v)
        stock_load(ui, v);
    ui_message(ui, ROLE_NORMAL, added ? _("Product «%s» added.") : _("Product «%s» saved."), name);
}

static const struct ui_view_ops prodform_ops = {
    .name = "product-form", .draw = prodform_draw, .key = form_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 60, .min_rows = 21,
};

static void open_product_form(struct ui *ui, int64_t id, struct prodlist *l, struct stockview *v)
{
    struct prodform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    fs_err e;
    if (id && fs_product_get(ui->s, id, &f->p, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        free(f);
        return;
    }
    if (!id)
        fs_product_init(&f->p);
    f->list = l;
    f->stock = v;
    const fs_product *p = &f->p;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[PF_CODE], "code", N_("Code"), W_TEXT);
    uw_init(ui, &w[PF_NAME], "name", N_("Name"), W_TEXT);
    uw_init(ui, &w[PF_GROUP], "group", N_("Group"), W_CHOICE);
    f->group.what = "group";
    ui_choice_bind(&w[PF_GROUP], &f->group);
    two_way_init(ui, &w[PF_KIND], "kind", N_("Kind"), &kind_opts, !p->service);
    uw_init(ui, &w[PF_UNIT], "unit", N_("Unit"), W_CHOICE);
    f->unit.what = "unit";
    ui_choice_bind(&w[PF_UNIT], &f->unit);
    uw_init(ui, &w[PF_PRICE], "unit_price", N_("Unit price"), W_AMOUNT);
    two_way_init(ui, &w[PF_SELLABLE], "sellable", N_("Sellable"), &yes_no, p->sellable);
    two_way_init(ui, &w[PF_STOCK], "stock_tracked", N_("Stock-tracked"), &yes_no, p->stock_tracked);
    two_way_init(ui, &w[PF_SERIAL], "serial", N_("Serial numbers"), &yes_no, p->serial);
    two_way_init(ui, &w[PF_TAXABLE], "taxable", N_("Taxable"), &yes_no, p->taxable);
    two_way_init(ui, &w[PF_RENAME], "name_editable", N_("Name editable"), &yes_no, p->name_editable);
    two_way_init(ui, &w[PF_ACTIVE], "active", N_("Active"), &yes_no, p->active);
    if (id) {
        uw_set(&w[PF_CODE], p->code, 0);
        uw_set(&w[PF_NAME], p->name, 0);
        if (p->group_id)
            uw_set(&w[PF_GROUP], p->group_name, p->group_id);
        if (p->unit_id)
            uw_set(&w[PF_UNIT], p->unit_label, p->unit_id);
        if (p->has_price) {
            char buf[64];
            ui_money(ui, p->unit_price, buf, sizeof buf);
            uw_set(&w[PF_PRICE], buf, 0);
        }
    } else if (l && l->filter.group_id) {
        /* A new product starts in the group the list is showing. */
        uw_set(&w[PF_GROUP], uw_text(&l->f[F_GROUP]), l->filter.group_id);
    }
    f->m = (struct mini){ w, PF_COUNT, PF_CODE, 18, 50, prodform_save };
    ui_push(ui, &prodform_ops, f);
}

/* Reloads the list after a save, selecting product id when it is shown. */
static void list_reload(struct ui *ui, struct prodlist *l, int64_t select)
{
    ut_refresh(ui, &l->t, prodlist_load, l);
    for (int i = 0; i < l->t.n; i++)
        if (l->t.ids[i] == select)
            l->t.sel = i;
}

/* ---- the group form ---------------------------------------------------- */

enum { GF_NAME, GF_PARENT, GF_COUNT };

struct groupform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[GF_COUNT];
    struct ui_choice_src parent;
};

static void groupform_draw(struct ui *ui, void *vs)
{
    struct groupform *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("New product group"), hints, 4);
    ui_text(ui, 3 + GF_COUNT + 1, 2, ui->cols - 4,
            _("An empty parent makes a top-level group. Products go only in groups without sub-groups."),
            FS_ALIGN_START, ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

static void groupform_save(struct ui *ui, void *form)
{
    struct groupform *f = form;
    for (int i = 0; i < GF_COUNT; i++)
        if (f->w[i].popup_open)
            uw_choose(&f->w[i]);
    fs_err e;
    fs_err_clear(&e);
    int64_t parent = 0, id = 0;
    int rc = ui_choice_resolve(ui, &f->w[GF_PARENT], &f->parent, &parent, &e);
    if (rc == FS_OK)
        rc = fs_group_add(ui->s, uw_text(&f->w[GF_NAME]), parent, &id, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    char name[4 * FS_GROUP_NAME_MAX + 1];
    fs_text_copy(name, sizeof name, uw_text(&f->w[GF_NAME]));
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, _("Product group «%s» added."), name);
}

static const struct ui_view_ops groupform_ops = {
    .name = "group-form", .draw = groupform_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 50, .min_rows = 10,
};

static void open_group_form(struct ui *ui, struct prodlist *l)
{
    struct groupform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    uw_init(ui, &f->w[GF_NAME], "name", N_("Name"), W_TEXT);
    uw_init(ui, &f->w[GF_PARENT], "parent", N_("Parent group"), W_CHOICE);
    f->parent.what = "group";
    ui_choice_bind(&f->w[GF_PARENT], &f->parent);
    /* The group the list's field names (chosen or typed) is the parent. */
    const struct ui_widget *g = &l->f[F_GROUP];
    if (*uw_text(g))
        uw_set(&f->w[GF_PARENT], uw_text(g), g->id);
    f->m = (struct mini){ f->w, GF_COUNT, GF_NAME, 16, 50, groupform_save };
    ui_push(ui, &groupform_ops, f);
}

/* ---- a stock movement -------------------------------------------------- */

enum { MF_WAREHOUSE, MF_QTY, MF_DATE, MF_DESC, MF_COUNT };

struct moveform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[MF_COUNT];
    struct stockview *v;       /* the stock screen under the form */
    enum fs_move_kind kind;    /* FS_MOVE_IN or FS_MOVE_OUT */
    bool serial;               /* serial warehousing: serial numbers, no description */
};

static const char *move_title(const struct moveform *f)
{
    if (f->serial)
        return f->kind == FS_MOVE_IN ? _("Serial receipt") : _("Remittance");
    return f->kind == FS_MOVE_IN ? _("Stock in") : _("Stock out");
}

static void moveform_draw(struct ui *ui, void *vs)
{
    struct moveform *f = vs;
    char title[900];
    snprintf(title, sizeof title, "%s: %s", move_title(f), f->v->p.name);
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_PICK_DATE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 5);
    int y = 3 + MF_COUNT + 1;
    ui_text(ui, y++, 2, ui->cols - 4, _("The warehouse field offers the warehouses you may issue remittances from."),
            FS_ALIGN_START, ROLE_DIM);
    if (f->serial)
        ui_text(ui, y, 2, ui->cols - 4, _("Type the serial numbers separated by spaces or commas."), FS_ALIGN_START,
                ROLE_DIM);
    else if (f->kind == FS_MOVE_OUT)
        ui_text(ui, y, 2, ui->cols - 4, _("Taking out more than is on hand is recorded, with a warning."),
                FS_ALIGN_START, ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

/* Splits serial numbers at spaces and commas (Latin or Persian) into a
 * malloc'd array of pointers into buf; *n is the count. */
static char **split_serials(char *buf, int *n)
{
    *n = 0;
    size_t cap = strlen(buf) / 2 + 1;
    char **v = calloc(cap, sizeof *v);
    if (!v)
        return NULL;
    /* "،" (U+060C) is two bytes: turn both into spaces. */
    for (char *p = buf; *p; p++)
        if (p[0] == '\xd8' && p[1] == '\x8c')
            p[0] = p[1] = ' ';
    for (char *save = NULL, *t = strtok_r(buf, " ,\t", &save); t && (size_t)*n < cap; t = strtok_r(NULL, " ,\t", &save))
        v[(*n)++] = t;
    return v;
}

static void moveform_save(struct ui *ui, void *form)
{
    struct moveform *f = form;
    struct ui_widget *w = f->w;
    for (int i = 0; i < MF_COUNT; i++)
        if (w[i].popup_open)
            uw_choose(&w[i]);
    fs_err e;
    fs_err_clear(&e);
    fs_stock_req r;
    memset(&r, 0, sizeof r);
    r.kind = f->kind;
    r.product_id = f->v->id;
    int rc = FS_OK;
    const char *wh = uw_text(&w[MF_WAREHOUSE]);
    if (!*wh)
        rc = fs_err_set(&e, FS_EINVAL, "warehouse", _("warehouse: choose a warehouse."));
    else if (w[MF_WAREHOUSE].id)
        r.warehouse_id = w[MF_WAREHOUSE].id;
    else
        rc = fs_lookup_warehouse(ui->s, wh, "warehouse", &r.warehouse_id, &e);
    char *buf = NULL;
    char **serials = NULL;
    if (rc == FS_OK && f->serial) {
        buf = strdup(uw_text(&w[MF_QTY]));
        serials = buf ? split_serials(buf, &r.nserials) : NULL;
        if (!serials)
            rc = fs_err_set(&e, FS_ERUNTIME, "", _("out of memory."));
        r.serials = (const char *const *)serials;
    } else if (rc == FS_OK) {
        rc = fs_qty_parse(uw_text(&w[MF_QTY]), "quantity", &r.qty, &e);
    }
    char iso[11] = "";
    if (rc == FS_OK)
        rc = uw_date_iso(ui, &w[MF_DATE], "date", iso, &e);
    r.date = iso;
    r.description = !f->serial && *uw_text(&w[MF_DESC]) ? uw_text(&w[MF_DESC]) : NULL;
    fs_stock_result res;
    memset(&res, 0, sizeof res);
    if (rc == FS_OK)
        rc = fs_stock_record(ui->s, &r, &res, &e);
    free(serials);
    free(buf);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    struct stockview *v = f->v;
    char done[300], have[48];
    fs_qty_format(res.on_hand, ui->s->digits, have, sizeof have);
    snprintf(done, sizeof done, _("%s recorded."), move_title(f));
    ui_pop(ui);
    stock_load(ui, v);
    /* More taken out than was on hand (quantity warehousing): recorded,
     * with the core's warning. */
    if (res.over)
        ui_message(ui, ROLE_WARNING, "%s", e.msg);
    else
        ui_message(ui, ROLE_NORMAL, _("%s The warehouse now has %s."), done, have);
}

static const struct ui_view_ops moveform_ops = {
    .name = "stock-move", .draw = moveform_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 60, .min_rows = 12,
};

static void open_move_form(struct ui *ui, struct stockview *v, enum fs_move_kind kind)
{
    struct moveform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->v = v;
    f->kind = kind;
    f->serial = v->mode == FS_WH_SERIAL;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[MF_WAREHOUSE], "warehouse", N_("Warehouse"), W_CHOICE);
    w[MF_WAREHOUSE].choices = ui_warehouse_choices;
    w[MF_WAREHOUSE].ctx = (void *)ui_warehouse_issuing;
    if (f->serial)
        uw_init(ui, &w[MF_QTY], "serial", N_("Serial numbers"), W_TEXT);
    else
        uw_init(ui, &w[MF_QTY], "quantity", N_("Quantity"), W_NUMBER);
    uw_init(ui, &w[MF_DATE], "date", N_("Date"), W_DATE);
    uw_init(ui, &w[MF_DESC], "description", N_("Description"), f->serial ? W_READONLY : W_TEXT);
    char today[32];
    fs_date_format(ui->s->today, ui->s->calendar, ui->s->digits, today, sizeof today);
    uw_set(&w[MF_DATE], today, 0);
    /* The warehouse selected in the stock table, when the user may use it;
     * else the only one they may use. */
    struct ui_choice all[UI_CHOICES_MAX];
    int n = ui_warehouse_choices(ui, (void *)ui_warehouse_issuing, "", all, UI_CHOICES_MAX);
    int64_t sel = ut_sel_id(&v->t);
    for (int i = 0; i < n; i++)
        if (all[i].id == sel || (n == 1 && !sel))
            uw_set(&w[MF_WAREHOUSE], all[i].label, all[i].id);
    if (!*uw_text(&w[MF_WAREHOUSE]) && n == 1)
        uw_set(&w[MF_WAREHOUSE], all[0].label, all[0].id);
    f->m = (struct mini){ w, MF_COUNT, *uw_text(&w[MF_WAREHOUSE]) ? MF_QTY : MF_WAREHOUSE, 16, 50, moveform_save };
    ui_push(ui, &moveform_ops, f);
}
