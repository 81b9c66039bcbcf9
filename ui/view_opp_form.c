/* view_opp_form.c — the opportunity form, in the seed page's sections:
 * A related to, B details (with the stage chain), C extra fields,
 * D competitors, E products (picker, row editor, grid, totals, stock
 * table), and the records part after the first save.
 *
 * The form edits an fs_opp in memory; every value typed is applied through
 * src/core (which refuses it with a message naming the field), and F2 saves
 * everything in one core call.  Nothing is written while the user types.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "campaign.h"
#include "document.h"
#include "draft.h"
#include "opp_bulk.h"
#include "opp_draft.h"
#include "opp_merge.h"
#include "i18n.h"
#include "history.h"
#include "identity.h"
#include "lists.h"
#include "lookup.h"
#include "money.h"
#include "opp_list.h"
#include "opportunity.h"
#include "product.h"
#include "records.h"
#include "stock.h"
#include "ui.h"
#include "ui_views.h"
#include "user.h"
#include "widgets.h"
#include "choices.h"
#include "mini.h"

enum section { SEC_DETAILS, SEC_EXTRA, SEC_COMPETITORS, SEC_PRODUCTS, SEC_RECORDS, SEC_COUNT };

static const char *const section_names[SEC_COUNT] = {
    N_("Details"), N_("Extra fields"), N_("Competitors"), N_("Products"), N_("Records"),
};

/* Section B (and A) fields, in Tab order. */
enum {
    D_CONTACT, D_SUBTYPE, D_TITLE, D_STAGE, D_REASON, D_TYPE, D_ASSIGNED, D_SOURCE, D_CAMPAIGN, D_CLOSE,
    D_PURCHASE, D_AMOUNT, D_PROB, D_COUNT
};

/* Section E picker and row editor fields, in Tab order. */
enum { P_GROUP, P_PRODUCT, P_CODE, P_QTY, P_PRICE, P_DISC_PCT, P_DISC_AMT, P_DESC, P_NAME, P_COUNT };

/* Section D editor. */
enum { C_NAME, C_NOTE, C_COUNT };

/* The records part's add lines: the note, then the follow-up (due from,
 * what to do, due until, remind at) in the order they show. */
enum { R_NOTE, R_DUE, R_TASK, R_DUE_TO, R_REMIND, R_COUNT };

#define MAX_EXTRA 24

struct form {
    fs_opp o;
    fs_opp base;                 /* o as stored when loaded: a conflict's "when you opened it" */
    bool dirty;
    bool fixed_contact;          /* opened from an identity: related-to is fixed */
    /* Bulk mode (ui_open_opp_bulk): F2 creates one opportunity per id. */
    int64_t *bulk_ids;
    int nbulk;
    char bulk_label[128];        /* «N marked identities» in Related to */
    void (*bulk_done)(struct ui *ui, void *ctx);
    void *bulk_ctx;
    void *list;                  /* the list this form was opened from, or NULL */
    enum section sec;
    int focus;                   /* widget index within the section */
    struct ui_widget d[D_COUNT];
    struct ui_widget p[P_COUNT];
    struct ui_widget c[C_COUNT];
    struct ui_widget x[MAX_EXTRA];
    int nx;
    int64_t x_field_id[MAX_EXTRA];
    fs_custom_field *fields;
    int nfields;
    int line_sel;                /* selected product row (-1: the editor) */
    int edit_line;               /* row being edited (1-based), 0 when adding */
    bool clear_group;            /* "clear group after selecting a product" */
    int64_t picked_product;      /* the product chosen in the picker */
    fs_product picked;           /* its details */
    bool has_picked;
    fs_balance bal;
    bool bal_known;
    int comp_sel;
    char stock_note[256];
    /* Type-ahead sources, one per choice widget (D, then P, then C). */
    struct ui_choice_src src[D_COUNT + P_COUNT + C_COUNT];
    int stage_kind;              /* the kind of o.stage_id, for the reason field */
    /* Records. */
    struct ui_widget r[R_COUNT]; /* note, follow-up due dates, text and remind-at */
    char tags[1024];             /* "#a  #b", shown under the title */
    char **rec_cells;            /* 5 cells a record row */
    int64_t *rec_ids;            /* the record each row stands for */
    int *rec_kinds;              /* its fs_record_kind */
    int nrec, rec_sel;           /* rec_sel < 0: the add lines have focus */
    char **hist_cells;           /* 5 cells a change */
    int nhist;
    bool rec_stale;              /* reload when the form shows again */
};

static void init_widget(struct ui *ui, struct form *f, struct ui_widget *w, int slot, const char *name,
                        const char *label, enum ui_wkind kind)
{
    uw_init(ui, w, name, label, kind);
    if (kind == W_CHOICE) {
        struct ui_choice_src *src = &f->src[slot];
        src->what = name;
        src->subtype_id = &f->o.subtype_id;
        src->stage_kind = &f->stage_kind;
        src->group_id = &f->p[P_GROUP].id;
        ui_choice_bind(w, src);
    }
}

/* ---- showing the opportunity in the widgets ---------------------------- */

static void show_amount(struct ui *ui, struct form *f)
{
    char buf[64];
    ui_money(ui, f->o.final_amount, buf, sizeof buf);
    uw_set(&f->d[D_AMOUNT], buf, 0);
}

static void fill_extra(struct ui *ui, struct form *f);

/* Fills every section B widget from f->o (after load or save). */
static void fill_details(struct ui *ui, struct form *f)
{
    fs_opp *o = &f->o;
    uw_set(&f->d[D_CONTACT], o->names.contact.label, o->identity_id);
    uw_set(&f->d[D_SUBTYPE], o->names.subtype.label, o->subtype_id);
    uw_set(&f->d[D_TITLE], o->title ? o->title : "", 0);
    uw_set(&f->d[D_STAGE], o->names.stage.label, o->stage_id);
    const fs_opp_ref *reason = o->names.stage_kind == FS_STAGE_LOST ? &o->names.loss_reason : &o->names.win_reason;
    uw_set(&f->d[D_REASON], reason->label, o->names.stage_kind == FS_STAGE_LOST ? o->loss_reason_id : o->win_reason_id);
    f->d[D_REASON].kind = o->names.stage_kind == FS_STAGE_OPEN ? W_READONLY : W_CHOICE;
    uw_set(&f->d[D_TYPE], o->names.type.label, o->type_id);
    uw_set(&f->d[D_ASSIGNED], o->names.assigned.label, o->assigned_id);
    uw_set(&f->d[D_SOURCE], o->names.source.label, o->source_id);
    uw_set(&f->d[D_CAMPAIGN], o->names.campaign.label, o->campaign_id);
    char buf[64];
    ui_date(ui, o->close_date, buf, sizeof buf);
    uw_set(&f->d[D_CLOSE], buf, 0);
    uw_set(&f->d[D_PURCHASE], o->names.purchase_process.label, o->purchase_process_id);
    show_amount(ui, f);
    ui_int(ui, o->probability, buf, sizeof buf);
    uw_set(&f->d[D_PROB], buf, 0);
    f->d[D_CONTACT].kind = f->fixed_contact ? W_READONLY : W_CHOICE;
    if (f->bulk_ids)
        uw_set(&f->d[D_CONTACT], f->bulk_label, 0);
    f->stage_kind = (int)o->names.stage_kind;
    fill_extra(ui, f);
}

/* The extra-field widgets of the opportunity's subtype, with its values. */
static void fill_extra(struct ui *ui, struct form *f)
{
    fs_opp *o = &f->o;
    fs_err e;
    fs_custom_field_list_free(f->fields, f->nfields);
    f->fields = NULL;
    f->nfields = 0;
    for (int i = 0; i < f->nx; i++)
        uw_free(&f->x[i]);
    f->nx = 0;
    if (fs_custom_field_list(ui->s, o->subtype_id, false, &f->fields, &f->nfields, &e) == FS_OK) {
        for (int i = 0; i < f->nfields && f->nx < MAX_EXTRA; i++) {
            struct ui_widget *w = &f->x[f->nx];
            enum fs_custom_field_type t = f->fields[i].type;
            uw_init(ui, w, f->fields[i].key, ui->rtl ? f->fields[i].label_fa : f->fields[i].label_en,
                    t == FS_CFIELD_DATE ? W_DATE : t == FS_CFIELD_AMOUNT ? W_AMOUNT : t == FS_CFIELD_NUMBER ? W_NUMBER : W_TEXT);
            w->label = ui->rtl ? f->fields[i].label_fa : f->fields[i].label_en; /* already a label, not a msgid */
            f->x_field_id[f->nx] = f->fields[i].id;
            for (int v = 0; v < o->nvalues; v++)
                if (o->values[v].field_id == f->fields[i].id)
                    uw_set(w, o->values[v].value, 0);
            f->nx++;
        }
    }
    f->bal_known = o->id && fs_balance_opp(ui->s, o->id, &f->bal, &e) == FS_OK;
}

/* Shows a refusal at the widget whose name the core gave. */
static void show_error(struct ui *ui, struct form *f, const fs_err *e)
{
    struct { struct ui_widget *w; int n; enum section sec; } groups[] = {
        { f->d, D_COUNT, SEC_DETAILS }, { f->p, P_COUNT, SEC_PRODUCTS }, { f->c, C_COUNT, SEC_COMPETITORS },
        { f->x, f->nx, SEC_EXTRA },
    };
    const char *field = e->field;
    if (!strcmp(field, "win_reason") || !strcmp(field, "loss_reason"))
        field = "reason";
    if (!strcmp(field, "discount_percent"))
        field = "discount_pct";
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++)
        for (int i = 0; i < groups[g].n; i++)
            if (groups[g].w[i].name && !strcmp(groups[g].w[i].name, field)) {
                char msg[sizeof groups[g].w[i].error];
                uw_error_text(&groups[g].w[i], e, msg, sizeof msg);
                fs_text_copy(groups[g].w[i].error, sizeof groups[g].w[i].error, msg);
                f->sec = groups[g].sec;
                f->focus = i;
                if (groups[g].sec == SEC_PRODUCTS)
                    f->line_sel = -1;
                ui_message(ui, ROLE_ERROR, "%s", msg);
                return;
            }
    ui_message(ui, ROLE_ERROR, "%s", e->msg);
}

/* ---- applying what was typed to the opportunity ------------------------ */

/* The id a choice widget stands for ("" is 0). */
static int choice_id(struct ui *ui, struct ui_widget *w, int64_t *id, fs_err *e)
{
    return ui_choice_resolve(ui, w, (const struct ui_choice_src *)w->ctx, id, e);
}

/* Applies details widget i to f->o; FS_OK or a refusal in e. */
static int apply_detail(struct ui *ui, struct form *f, int i, fs_err *e)
{
    if (i < 0 || i >= D_COUNT)
        return FS_OK;
    struct ui_widget *w = &f->d[i];
    fs_opp *o = &f->o;
    if (!w->changed || w->kind == W_READONLY)
        return FS_OK;
    int64_t id = 0;
    int rc = FS_OK;
    const char *t = uw_text(w);
    switch (i) {
    case D_CONTACT:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK)
            o->identity_id = id;
        break;
    case D_SUBTYPE:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK && id && id != o->subtype_id) {
            int64_t first;
            o->subtype_id = id;
            if ((rc = fs_stage_first(ui->s, id, &first, e)) == FS_OK)
                rc = fs_opp_set_stage(ui->s, o, first, NULL, e);
        }
        break;
    case D_TITLE:
        rc = fs_opp_set_text(&o->title, t, e);
        break;
    case D_STAGE:
        if (w->id)
            id = w->id;
        else if (*t)
            rc = fs_stage_resolve(ui->s, o->subtype_id, t, "stage", &id, e);
        if (rc == FS_OK && id)
            rc = fs_opp_set_stage(ui->s, o, id, NULL, e);
        break;
    case D_REASON: {
        /* A chosen item goes by id; typed text is looked up by the core. */
        char idbuf[32];
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)w->id);
        rc = fs_opp_set_reason(ui->s, o, w->id ? idbuf : t, e);
        break;
    }
    case D_TYPE:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK)
            o->type_id = id;
        break;
    case D_SOURCE:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK)
            o->source_id = id;
        break;
    case D_PURCHASE:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK)
            o->purchase_process_id = id;
        break;
    case D_ASSIGNED:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK)
            o->assigned_id = id ? id : ui->s->user_id;
        break;
    case D_CAMPAIGN:
        if ((rc = choice_id(ui, w, &id, e)) == FS_OK)
            o->campaign_id = id;
        break;
    case D_CLOSE: {
        fs_day d;
        if (!*t)
            o->close_date[0] = '\0';
        else if ((rc = fs_date_parse(t, ui->s->today, ui->s->calendar, _(w->label), &d, e)) == FS_OK)
            fs_day_to_iso(d, o->close_date);
        break;
    }
    case D_AMOUNT: {
        int64_t v;
        if (!*t)
            fs_opp_set_amount_auto(o);
        else if ((rc = fs_money_parse(t, _(w->label), &v, e)) == FS_OK)
            fs_opp_set_amount(o, v);
        break;
    }
    case D_PROB: {
        int64_t v;
        if ((rc = fs_int_parse(*t ? t : "0", _(w->label), 0, 100, &v, e)) == FS_OK)
            o->probability = (int)v;
        break;
    }
    }
    if (rc == FS_OK) {
        w->changed = false;
        f->dirty = true;
        if (i == D_STAGE || i == D_SUBTYPE) {
            /* The reason field follows the kind of the new stage. */
            fs_stage g;
            if (fs_stage_get(ui->s, o->stage_id, &g, e) == FS_OK) {
                if (g.kind != o->names.stage_kind)
                    uw_set(&f->d[D_REASON], "", 0);
                o->names.stage_kind = g.kind;
                f->stage_kind = g.kind;
                f->d[D_REASON].kind = g.kind == FS_STAGE_OPEN ? W_READONLY : W_CHOICE;
                uw_set(&f->d[D_STAGE], ui->rtl ? g.title_fa : g.title_en, g.id);
            }
            if (i == D_SUBTYPE)
                fill_extra(ui, f);
        }
        if (fs_opp_compute(ui->s, o, e) == FS_OK)
            show_amount(ui, f);
        rc = FS_OK;
    } else {
        fs_text_copy(w->error, sizeof w->error, e->msg);
        fs_text_copy(e->field, sizeof e->field, w->name); /* show_error finds the widget */
    }
    return rc;
}

static int apply_extra(struct ui *ui, struct form *f, int i, fs_err *e)
{
    struct ui_widget *w = &f->x[i];
    if (!w->changed)
        return FS_OK;
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)f->x_field_id[i]);
    int rc = fs_opp_value_set(ui->s, &f->o, id, uw_text(w), e);
    if (rc == FS_OK) {
        w->changed = false;
        f->dirty = true;
    } else {
        fs_text_copy(w->error, sizeof w->error, e->msg);
        fs_text_copy(e->field, sizeof e->field, w->name);
    }
    return rc;
}

/* Applies everything typed; stops at the first refusal. */
static int apply_all(struct ui *ui, struct form *f, fs_err *e)
{
    for (int i = 0; i < D_COUNT; i++)
        if (apply_detail(ui, f, i, e) != FS_OK)
            return e->code;
    for (int i = 0; i < f->nx; i++)
        if (apply_extra(ui, f, i, e) != FS_OK)
            return e->code;
    return FS_OK;
}

static void form_save_draft(struct ui *ui, void *vs);
static void form_discard(struct ui *ui, void *vs);

/* ---- products ---------------------------------------------------------- */

/* Shows the picked product's details and its stock. */
static void pick_product(struct ui *ui, struct form *f, int64_t id)
{
    fs_err e;
    f->has_picked = id && fs_product_get(ui->s, id, &f->picked, &e) == FS_OK;
    f->picked_product = f->has_picked ? id : 0;
    if (!f->has_picked)
        return;
    uw_set(&f->p[P_PRODUCT], f->picked.name, id);
    uw_set(&f->p[P_CODE], f->picked.code, id);
    char buf[64] = "";
    if (f->picked.has_price)
        ui_money(ui, f->picked.unit_price, buf, sizeof buf);
    uw_set(&f->p[P_PRICE], buf, 0);
    uw_set(&f->p[P_NAME], f->picked.name, 0);
    if (f->clear_group)
        uw_set(&f->p[P_GROUP], "", 0);
}

static void clear_editor(struct form *f)
{
    for (int i = P_PRODUCT; i < P_COUNT; i++)
        uw_set(&f->p[i], "", 0);
    f->has_picked = false;
    f->picked_product = 0;
    f->edit_line = 0;
}

/* Adds (or, when editing a row, changes) a line from the row editor. */
static void add_line(struct ui *ui, struct form *f)
{
    fs_err e;
    fs_err_clear(&e);
    fs_opp_line_in in;
    memset(&in, 0, sizeof in);
    in.product_id = f->picked_product;
    const char *q = uw_text(&f->p[P_QTY]);
    int rc = FS_OK;
    if (!in.product_id && !f->edit_line)
        rc = fs_err_set(&e, FS_EINVAL, "product", _("product: choose a product first."));
    if (rc == FS_OK && (*q || !f->edit_line))
        rc = fs_qty_parse(*q ? q : "", "qty", &in.qty, &e);
    const char *price = uw_text(&f->p[P_PRICE]);
    if (rc == FS_OK && *price && f->p[P_PRICE].changed) {
        in.has_price = true;
        rc = fs_money_parse(price, "price", &in.unit_price, &e);
    } else if (rc == FS_OK && *price && !f->picked.has_price) {
        in.has_price = true;
        rc = fs_money_parse(price, "price", &in.unit_price, &e);
    }
    const char *pct = uw_text(&f->p[P_DISC_PCT]), *amt = uw_text(&f->p[P_DISC_AMT]);
    if (rc == FS_OK && *amt && f->p[P_DISC_AMT].changed) {
        in.has_discount = true;
        rc = fs_money_parse(amt, "discount", &in.discount, &e);
    } else if (rc == FS_OK && *pct) {
        in.has_discount_bp = true;
        rc = fs_percent_parse(pct, "discount_percent", &in.discount_bp, &e);
    }
    if (f->p[P_NAME].changed)
        in.name = uw_text(&f->p[P_NAME]);
    in.description = uw_text(&f->p[P_DESC]);
    if (rc == FS_OK)
        rc = f->edit_line ? fs_opp_line_edit(&f->o, f->edit_line, &in, &e) : fs_opp_line_add(&f->o, &in, NULL, &e);
    if (rc == FS_OK)
        rc = fs_opp_compute(ui->s, &f->o, &e);
    if (rc != FS_OK) {
        show_error(ui, f, &e);
        return;
    }
    f->dirty = true;
    form_save_draft(ui, f);
    show_amount(ui, f);
    clear_editor(f);
    f->focus = f->clear_group ? P_GROUP : P_PRODUCT;
    ui_message(ui, ROLE_NORMAL, "%s", _("Row added."));
}

/* Loads row n (1-based) into the editor for changing. */
static void edit_line(struct ui *ui, struct form *f, int n)
{
    fs_opp_line *l = &f->o.lines[n - 1];
    pick_product(ui, f, l->product_id);
    char buf[64];
    fs_qty_format(l->qty, ui->s->digits, buf, sizeof buf);
    uw_set(&f->p[P_QTY], buf, 0);
    ui_money(ui, l->unit_price, buf, sizeof buf);
    uw_set(&f->p[P_PRICE], buf, 0);
    fs_percent_format(l->discount_bp, ui->s->digits, buf, sizeof buf);
    uw_set(&f->p[P_DISC_PCT], l->discount_bp ? buf : "", 0);
    ui_money(ui, l->discount, buf, sizeof buf);
    uw_set(&f->p[P_DISC_AMT], l->discount ? buf : "", 0);
    uw_set(&f->p[P_DESC], l->description ? l->description : "", 0);
    uw_set(&f->p[P_NAME], l->name ? l->name : "", 0);
    f->edit_line = n;
    f->line_sel = -1;
    f->focus = P_QTY;
}

struct stock_draw {
    struct ui *ui;
    int y, x, w, row, max;
};

static int draw_stock_row(void *ctx, const fs_stock_row *r)
{
    struct stock_draw *d = ctx;
    if (d->row >= d->max)
        return 1;
    char oh[32], fr[32], av[32];
    fs_qty_format(r->on_hand, d->ui->s->digits, oh, sizeof oh);
    fs_qty_format(r->frozen, d->ui->s->digits, fr, sizeof fr);
    fs_qty_format(r->available, d->ui->s->digits, av, sizeof av);
    int y = d->y + 1 + d->row, cw = (d->w - 16) / 3;
    ui_text(d->ui, y, d->x, 16, r->warehouse, FS_ALIGN_START, r->active ? ROLE_NORMAL : ROLE_DIM);
    ui_text(d->ui, y, d->x + 16, cw, oh, FS_ALIGN_END, ROLE_NORMAL);
    ui_text(d->ui, y, d->x + 16 + cw, cw, fr, FS_ALIGN_END, ROLE_NORMAL);
    ui_text(d->ui, y, d->x + 16 + 2 * cw, cw, av, FS_ALIGN_END, r->available < 0 ? ROLE_WARNING : ROLE_NORMAL);
    d->row++;
    return 0;
}

/* The stock table of the picked product, beside the picker. */
static void draw_stock(struct ui *ui, struct form *f, int y, int x, int w)
{
    if (!f->has_picked || !f->picked.stock_tracked || w < 40)
        return;
    int cw = (w - 16) / 3;
    ui_text(ui, y, x, 16, _("Warehouse"), FS_ALIGN_START, ROLE_HEADING);
    ui_text(ui, y, x + 16, cw, _("On hand"), FS_ALIGN_END, ROLE_HEADING);
    ui_text(ui, y, x + 16 + cw, cw, _("Frozen"), FS_ALIGN_END, ROLE_HEADING);
    ui_text(ui, y, x + 16 + 2 * cw, cw, _("Available"), FS_ALIGN_END, ROLE_HEADING);
    struct stock_draw d = { ui, y, x, w, 0, 3 };
    fs_err e;
    if (fs_stock_table(ui->s, f->picked_product, draw_stock_row, &d, &e) != FS_OK)
        ui_text(ui, y + 1, x, w, e.msg, FS_ALIGN_START, ROLE_DIM);
    else if (d.row == 0)
        ui_text(ui, y + 1, x, w, _("No warehouse you may see holds it."), FS_ALIGN_START, ROLE_DIM);
}

static void draw_products(struct ui *ui, struct form *f)
{
    bool ed = f->line_sel < 0;
    int lw = 12, half = (ui->cols - 4) / 2, fw = half - lw - 2, rx = half + 2;
    /* Left: the picker; right: the stock table of the picked product. */
    uw_draw(ui, &f->p[P_GROUP], 3, 1, lw, fw, ed && f->focus == P_GROUP);
    char tog[96];
    snprintf(tog, sizeof tog, "[%s] %s", f->clear_group ? "x" : " ", _("clear group after selecting"));
    ui_text(ui, 3, rx, half - 2, tog, FS_ALIGN_START, ROLE_DIM);
    uw_draw(ui, &f->p[P_PRODUCT], 4, 1, lw, fw, ed && f->focus == P_PRODUCT);
    uw_draw(ui, &f->p[P_CODE], 5, 1, lw, fw, ed && f->focus == P_CODE);
    if (f->has_picked) {
        char info[2048], price[48] = "", unit[600] = "";
        if (f->picked.has_price)
            ui_money(ui, f->picked.unit_price, price, sizeof price);
        fs_text_copy(unit, sizeof unit, f->picked.unit_label);
        snprintf(info, sizeof info, "%s · %s · %s · %s", f->picked.code, f->picked.name, unit,
                 *price ? price : _("no price"));
        ui_text(ui, 6, 1, half, info, FS_ALIGN_START, ROLE_DIM);
    }
    draw_stock(ui, f, 4, rx, half - 2);
    uw_draw(ui, &f->p[P_QTY], 8, 1, lw, fw, ed && f->focus == P_QTY);
    uw_draw(ui, &f->p[P_PRICE], 8, rx, lw, fw, ed && f->focus == P_PRICE);
    uw_draw(ui, &f->p[P_DISC_PCT], 9, 1, lw, fw, ed && f->focus == P_DISC_PCT);
    uw_draw(ui, &f->p[P_DISC_AMT], 9, rx, lw, fw, ed && f->focus == P_DISC_AMT);
    uw_draw(ui, &f->p[P_DESC], 10, 1, lw, fw, ed && f->focus == P_DESC);
    uw_draw(ui, &f->p[P_NAME], 10, rx, lw, fw, ed && f->focus == P_NAME);

    static const struct ui_col gcols[8] = {
        { N_("Row"), 4, FS_ALIGN_END },         { N_("Code"), 10, FS_ALIGN_START },
        { N_("Product"), 0, FS_ALIGN_START },   { N_("Unit"), 7, FS_ALIGN_START },
        { N_("Quantity"), 9, FS_ALIGN_END },    { N_("Unit price"), 13, FS_ALIGN_END },
        { N_("Discount"), 12, FS_ALIGN_END },   { N_("Final price"), 14, FS_ALIGN_END },
    };
    int n = f->o.nlines;
    char **cells = calloc((size_t)(n ? n : 1) * 8, sizeof *cells);
    int64_t tot = 0, disc = 0, fin = 0;
    for (int r = 0; r < n && cells; r++) {
        fs_opp_line *l = &f->o.lines[r];
        char buf[8][64];
        ui_int(ui, r + 1, buf[0], sizeof buf[0]);
        fs_qty_format(l->qty, ui->s->digits, buf[4], sizeof buf[4]);
        ui_money(ui, l->unit_price, buf[5], sizeof buf[5]);
        ui_money(ui, l->discount, buf[6], sizeof buf[6]);
        ui_money(ui, l->final, buf[7], sizeof buf[7]);
        const char *v[8] = { buf[0], l->product_code, l->name, l->unit, buf[4], buf[5], buf[6], buf[7] };
        for (int c = 0; c < 8; c++)
            cells[r * 8 + c] = strdup(v[c] ? v[c] : "");
        fs_money_add(tot, l->total, &tot);
        fs_money_add(disc, l->discount, &disc);
        fs_money_add(fin, l->final, &fin);
    }
    int gy = 12;
    ui_grid_draw(ui, gy, 1, ui->cols - 2, gcols, 8, cells, n, f->line_sel, 0);
    for (int i = 0; cells && i < n * 8; i++)
        free(cells[i]);
    free(cells);
    char a[48], b[48], c[48], line[300];
    ui_money(ui, tot, a, sizeof a);
    ui_money(ui, disc, b, sizeof b);
    ui_money(ui, fin, c, sizeof c);
    snprintf(line, sizeof line, _("Total amount %s   Total discount %s   Sum %s"), a, b, c);
    ui_text(ui, ui->rows - 2, 1, ui->cols - 2, line, FS_ALIGN_END, ROLE_HEADING);
}

/* ---- drawing ----------------------------------------------------------- */

static void draw_stage_chain(struct ui *ui, struct form *f, int y)
{
    fs_stage *st = NULL;
    int n = 0;
    fs_err e;
    if (fs_stage_list(ui->s, f->o.subtype_id, &st, &n, &e) != FS_OK)
        return;
    char chain[1024];
    size_t used = 0;
    chain[0] = '\0';
    for (int i = 0; i < n && used < sizeof chain; i++) {
        if (!st[i].active || st[i].deleted)
            continue;
        const char *t = ui->rtl ? st[i].title_fa : st[i].title_en;
        bool cur = st[i].id == f->o.stage_id;
        used += (size_t)snprintf(chain + used, sizeof chain - used, "%s%s%s%s", used ? (st[i].kind == FS_STAGE_OPEN ? " › " : " | ") : "",
                                 cur ? "[" : "", t, cur ? "]" : "");
    }
    free(st);
    ui_text(ui, y, 1, ui->cols - 2, chain, FS_ALIGN_START, ROLE_DIM);
}

static void draw_details(struct ui *ui, struct form *f)
{
    int lw = 16, col = (ui->cols - 2) / 2, fw = col - lw - 3;
    struct { int w, y, x, width; } L[D_COUNT] = {
        [D_CONTACT] = { D_CONTACT, 3, 1, ui->cols - lw - 4 },
        [D_SUBTYPE] = { D_SUBTYPE, 4, 1, fw },      [D_STAGE] = { D_STAGE, 4, 1 + col, fw },
        [D_TITLE] = { D_TITLE, 5, 1, ui->cols - lw - 4 },
        [D_TYPE] = { D_TYPE, 6, 1, fw },            [D_ASSIGNED] = { D_ASSIGNED, 6, 1 + col, fw },
        [D_SOURCE] = { D_SOURCE, 7, 1, fw },        [D_CAMPAIGN] = { D_CAMPAIGN, 7, 1 + col, fw },
        [D_CLOSE] = { D_CLOSE, 8, 1, fw },          [D_PURCHASE] = { D_PURCHASE, 8, 1 + col, fw },
        [D_AMOUNT] = { D_AMOUNT, 9, 1, fw - 9 },    [D_PROB] = { D_PROB, 9, 1 + col, 5 },
        [D_REASON] = { D_REASON, 10, 1, fw },
    };
    for (int i = 0; i < D_COUNT; i++)
        uw_draw(ui, &f->d[i], L[i].y, L[i].x, lw, L[i].width, f->focus == i);
    ui_text(ui, 9, 1 + lw + 1 + fw - 8, 8, f->o.amount_manual ? _("manual") : _("auto"), FS_ALIGN_END, ROLE_DIM);
    char buf[64], line[256];
    ui_money(ui, f->o.expected_amount, buf, sizeof buf);
    ui_text(ui, 10, 1 + col, lw, _("Expected amount"), FS_ALIGN_START, ROLE_LABEL);
    ui_text(ui, 10, 1 + col + lw + 1, fw, buf, FS_ALIGN_START, ROLE_DIM);
    /* Balance: "none" until a financial item is linked. */
    ui_text(ui, 11, 1, lw, _("Balance"), FS_ALIGN_START, ROLE_LABEL);
    if (f->bal_known && f->bal.status != FS_BALANCE_NONE) {
        ui_money(ui, f->bal.amount < 0 ? -f->bal.amount : f->bal.amount, buf, sizeof buf);
        snprintf(line, sizeof line, "%s %s", buf, fs_balance_status_label(f->bal.status, ui->rtl));
    } else {
        fs_text_copy(line, sizeof line, _("none"));
    }
    ui_text(ui, 11, 1 + lw + 1, fw, line, FS_ALIGN_START, ROLE_DIM);
    const char *date = f->o.won_at[0] ? f->o.won_at : f->o.lost_at;
    if (*date) {
        ui_text(ui, 11, 1 + col, lw, f->o.won_at[0] ? _("Win date") : _("Loss date"), FS_ALIGN_START, ROLE_LABEL);
        ui_date(ui, date, buf, sizeof buf);
        ui_text(ui, 11, 1 + col + lw + 1, fw, buf, FS_ALIGN_START, ROLE_DIM);
    }
    draw_stage_chain(ui, f, 13);
    /* The focused choice's popup overlays the rest. */
    if (f->focus < D_COUNT && f->d[f->focus].popup_open)
        uw_draw_popup(ui, &f->d[f->focus], L[f->focus].y, L[f->focus].x + lw + 1, L[f->focus].width);
}

static void draw_extra(struct ui *ui, struct form *f)
{
    if (!f->nx)
        ui_text(ui, 3, 1, ui->cols - 2, _("This subtype has no extra fields."), FS_ALIGN_START, ROLE_DIM);
    for (int i = 0; i < f->nx && 3 + i < ui->rows - 2; i++) {
        uw_draw(ui, &f->x[i], 3 + i, 1, 24, ui->cols - 30, f->focus == i);
    }
}

static void draw_competitors(struct ui *ui, struct form *f)
{
    int half = (ui->cols - 4) / 2;
    uw_draw(ui, &f->c[C_NAME], 3, 1, 12, half - 14, f->comp_sel < 0 && f->focus == C_NAME);
    uw_draw(ui, &f->c[C_NOTE], 3, 2 + half, 10, half - 12, f->comp_sel < 0 && f->focus == C_NOTE);
    static const struct ui_col cc[3] = {
        { N_("Row"), 4, FS_ALIGN_END }, { N_("Competitor"), 30, FS_ALIGN_START }, { N_("Note"), 0, FS_ALIGN_START },
    };
    int n = f->o.ncompetitors;
    char **cells = calloc((size_t)(n ? n : 1) * 3, sizeof *cells);
    for (int r = 0; r < n && cells; r++) {
        char num[16];
        ui_int(ui, r + 1, num, sizeof num);
        cells[r * 3] = strdup(num);
        cells[r * 3 + 1] = strdup(f->o.competitors[r].name ? f->o.competitors[r].name : "");
        cells[r * 3 + 2] = strdup(f->o.competitors[r].note ? f->o.competitors[r].note : "");
    }
    ui_grid_draw(ui, 5, 1, ui->cols - 2, cc, 3, cells, n, f->comp_sel, 0);
    for (int i = 0; cells && i < n * 3; i++)
        free(cells[i]);
    free(cells);
    if (f->comp_sel < 0 && f->c[C_NAME].popup_open)
        uw_draw_popup(ui, &f->c[C_NAME], 3, 1 + 13, half - 14);
}

static void load_records(struct ui *ui, struct form *f);

/* The records part (SPEC §8): a note line and a follow-up line to add
 * from, everything linked to the opportunity newest first (Enter opens a
 * document), and the change history underneath. */
static void draw_records(struct ui *ui, struct form *f)
{
    if (!f->o.id) {
        ui_text(ui, 3, 1, ui->cols - 2, _("Records appear after the first save."), FS_ALIGN_START, ROLE_DIM);
        return;
    }
    if (f->rec_stale)
        load_records(ui, f); /* a document opened from here may have changed */
    int lw = 12, half = (ui->cols - 4) / 2;
    bool ed = f->rec_sel < 0;
    uw_draw(ui, &f->r[R_NOTE], 3, 1, lw, ui->cols - lw - 4, ed && f->focus == R_NOTE);
    uw_draw(ui, &f->r[R_DUE], 4, 1, lw, 12, ed && f->focus == R_DUE);
    uw_draw(ui, &f->r[R_TASK], 4, 1 + lw + 14, lw, ui->cols - 2 * lw - 18, ed && f->focus == R_TASK);
    uw_draw(ui, &f->r[R_DUE_TO], 5, 1, lw, 12, ed && f->focus == R_DUE_TO);
    uw_draw(ui, &f->r[R_REMIND], 5, 1 + lw + 14, lw, 18, ed && f->focus == R_REMIND);
    if (ed && (f->focus == R_DUE_TO || f->focus == R_REMIND))
        ui_text(ui, 5, 1 + 2 * lw + 34, ui->cols - 2 * lw - 36, _("like 1405/09/10 14:30"), FS_ALIGN_START,
                ROLE_DIM);
    static const struct ui_col rc[5] = {
        { N_("Item"), 16, FS_ALIGN_START }, { N_("Number or text"), 0, FS_ALIGN_START },
        { N_("Status"), 10, FS_ALIGN_START }, { N_("Date"), 10, FS_ALIGN_START },
        { N_("Amount"), 15, FS_ALIGN_END },
    };
    int hist_rows = f->nhist ? (ui->rows - 8) / 3 : 0;
    int grid_bottom = ui->rows - 3 - (hist_rows ? hist_rows + 1 : 0);
    int top = f->rec_sel > grid_bottom - 9 ? f->rec_sel - (grid_bottom - 9) : 0;
    ui_grid_draw(ui, 7, 1, ui->cols - 2, rc, 5, f->rec_cells, f->nrec < grid_bottom - 7 + top ? f->nrec : grid_bottom - 7 + top,
                 f->rec_sel, top);
    if (!f->nrec) {
        char none[300];
        snprintf(none, sizeof none, _("Nothing is linked yet: %s issues a proforma, %s an invoice, %s any other item."),
                 ui_key_hint(UI_PROFORMA), ui_key_hint(UI_INVOICE), ui_key_hint(UI_ITEMS));
        ui_text(ui, 8, 1, ui->cols - 2, none, FS_ALIGN_START, ROLE_DIM);
    }
    if (hist_rows) {
        static const struct ui_col hc[5] = {
            { N_("Changed"), 16, FS_ALIGN_START }, { N_("Field"), 14, FS_ALIGN_START },
            { N_("Old value"), 0, FS_ALIGN_START }, { N_("New value"), 0, FS_ALIGN_START },
            { N_("By"), 10, FS_ALIGN_START },
        };
        int n = f->nhist < hist_rows - 1 ? f->nhist : hist_rows - 1;
        ui_grid_draw(ui, ui->rows - 2 - hist_rows, 1, ui->cols - 2, hc, 5, f->hist_cells, n, -1, 0);
    }
    (void)half;
}

static void free_records(struct form *f)
{
    for (int i = 0; i < f->nrec * 5; i++)
        free(f->rec_cells[i]);
    free(f->rec_cells);
    free(f->rec_ids);
    free(f->rec_kinds);
    for (int i = 0; i < f->nhist * 5; i++)
        free(f->hist_cells[i]);
    free(f->hist_cells);
    f->rec_cells = f->hist_cells = NULL;
    f->rec_ids = NULL;
    f->rec_kinds = NULL;
    f->nrec = f->nhist = 0;
}

static void load_records(struct ui *ui, struct form *f)
{
    free_records(f);
    f->rec_stale = false;
    if (f->rec_sel >= 0)
        f->rec_sel = 0;
    f->tags[0] = '\0';
    if (!f->o.id)
        return;
    fs_err e;
    /* Its tags, and its balance (an item made from here may change it). */
    ui_tags_text(ui, "opportunity", f->o.id, f->tags, sizeof f->tags);
    f->bal_known = fs_balance_opp(ui->s, f->o.id, &f->bal, &e) == FS_OK;
    fs_record *r = NULL;
    int n = 0;
    if (fs_records_list(ui->s, "opportunity", f->o.id, 0, &r, &n, &e) == FS_OK && n > 0) {
        f->rec_cells = calloc((size_t)n * 5, sizeof *f->rec_cells);
        f->rec_ids = calloc((size_t)n, sizeof *f->rec_ids);
        f->rec_kinds = calloc((size_t)n, sizeof *f->rec_kinds);
        for (int i = 0; f->rec_cells && f->rec_ids && f->rec_kinds && i < n; i++) {
            const char *kind = _("Note");
            char status[64] = "", amount[48] = "", date[32] = "";
            if (r[i].kind == FS_RECORD_DOCUMENT) {
                enum fs_doc_kind dk;
                enum fs_doc_status ds;
                fs_err ig;
                if (fs_doc_kind_parse(r[i].subkind, "kind", &dk, &ig) == FS_OK)
                    kind = fs_doc_kind_label(dk, ui->rtl);
                if (fs_doc_status_parse(r[i].status, "status", &ds, &ig) == FS_OK)
                    fs_text_copy(status, sizeof status, fs_doc_status_label(ds, ui->rtl));
                ui_money(ui, r[i].amount, amount, sizeof amount);
            } else if (r[i].kind == FS_RECORD_MONEY) {
                kind = !strcmp(r[i].subkind, "receipt") ? fs_money_item_kind_label(FS_MONEY_RECEIPT, ui->rtl)
                     : !strcmp(r[i].subkind, "payment") ? fs_money_item_kind_label(FS_MONEY_PAYMENT, ui->rtl)
                                                        : fs_money_item_kind_label(FS_MONEY_CONTRACT, ui->rtl);
                ui_money(ui, r[i].amount, amount, sizeof amount);
            } else if (r[i].kind == FS_RECORD_FOLLOWUP) {
                kind = _("Follow-up");
                fs_text_copy(status, sizeof status, !strcmp(r[i].subkind, "done") ? _("done") : _("open"));
            }
            ui_date(ui, r[i].date, date, sizeof date);
            const char *text = r[i].text && *r[i].text ? r[i].text : r[i].kind == FS_RECORD_DOCUMENT ? _("(draft)") : "";
            const char *v[5] = { kind, text, status, date, amount };
            for (int c = 0; c < 5; c++)
                f->rec_cells[f->nrec * 5 + c] = strdup(v[c]);
            f->rec_ids[f->nrec] = r[i].id;
            f->rec_kinds[f->nrec] = r[i].kind;
            f->nrec++;
        }
    }
    fs_records_list_free(r, n);
    /* The change history, newest first. */
    /* Display-ready rows (history.h); old and new in cells of their own,
     * so each reads in its own direction and the columns follow the
     * layout's direction. */
    fs_change_row *h = NULL;
    int nh = 0;
    if (fs_history_rows(ui->s, "opportunity", f->o.id, &h, &nh, &e) == FS_OK && nh > 0) {
        f->hist_cells = calloc((size_t)nh * 5, sizeof *f->hist_cells);
        for (int i = 0; f->hist_cells && i < nh; i++) {
            const char *v[5] = { h[i].when, h[i].label, h[i].old_text, h[i].new_text, h[i].user_name };
            for (int c = 0; c < 5; c++)
                f->hist_cells[f->nhist * 5 + c] = strdup(v[c]);
            f->nhist++;
        }
    }
    fs_history_rows_free(h, nh);
}

/* Adds a note or a follow-up from the records part. */
static void add_record(struct ui *ui, struct form *f)
{
    fs_err e;
    fs_err_clear(&e);
    int rc;
    if (f->focus == R_NOTE) {
        int64_t id;
        rc = fs_note_add(ui->s, "opportunity", f->o.id, uw_text(&f->r[R_NOTE]), &id, &e);
        if (rc == FS_OK)
            uw_set(&f->r[R_NOTE], "", 0);
    } else {
        fs_day d;
        char iso[11], iso_to[11] = "", remind[17] = "";
        struct fs_followup_new in;
        memset(&in, 0, sizeof in);
        rc = fs_date_parse(*uw_text(&f->r[R_DUE]) ? uw_text(&f->r[R_DUE]) : "", ui->s->today, ui->s->calendar,
                           "due", &d, &e);
        if (rc == FS_OK)
            fs_day_to_iso(d, iso);
        /* An empty "due until" is the due date itself. */
        if (rc == FS_OK && *uw_text(&f->r[R_DUE_TO]) &&
            (rc = fs_date_parse(uw_text(&f->r[R_DUE_TO]), ui->s->today, ui->s->calendar, "due_to", &d, &e)) == FS_OK)
            fs_day_to_iso(d, iso_to);
        if (rc == FS_OK && *uw_text(&f->r[R_REMIND]))
            rc = fs_remind_parse(ui->s, uw_text(&f->r[R_REMIND]), "remind", remind, &e);
        if (rc == FS_OK) {
            in.item_kind = "opportunity";
            in.item_id = f->o.id;
            in.due_from = iso;
            in.due_to = iso_to;
            in.remind_at = remind;
            in.description = uw_text(&f->r[R_TASK]);
            int64_t id;
            rc = fs_followup_add(ui->s, &in, &id, &e);
        }
        if (rc == FS_OK) {
            uw_set(&f->r[R_DUE], "", 0);
            uw_set(&f->r[R_TASK], "", 0);
            uw_set(&f->r[R_DUE_TO], "", 0);
            uw_set(&f->r[R_REMIND], "", 0);
        }
    }
    if (rc != FS_OK) {
        /* The refusal shows at the field it is about. */
        struct ui_widget *w = &f->r[f->focus];
        for (int i = R_DUE; f->focus != R_NOTE && i < R_COUNT; i++)
            if (e.field[0] && !strcmp(e.field, f->r[i].name))
                w = &f->r[i], f->focus = i;
        uw_error_text(w, &e, w->error, sizeof w->error);
        ui_message(ui, ROLE_ERROR, "%s", w->error);
        return;
    }
    load_records(ui, f);
    ui_message(ui, ROLE_NORMAL, "%s", _("Added to the records."));
}

static void form_draw(struct ui *ui, void *vs)
{
    struct form *f = vs;
    if (f->rec_stale && f->o.id)
        load_records(ui, f); /* something opened from here may have changed its tags or records */
    char title[256];
    snprintf(title, sizeof title, "%s %s%s%s", _("Opportunity"), f->o.number[0] ? f->o.number : _("(new)"),
             f->o.important ? " ★" : "", f->dirty ? " *" : "");
    if (f->bulk_ids) {
        char count[32];
        ui_int(ui, f->nbulk, count, sizeof count);
        snprintf(title, sizeof title, P_("New opportunity for %s marked identity%s", "New opportunities for %s marked identities%s",
                                         f->nbulk),
                 count, f->dirty ? " *" : "");
    }
    /* The records part shows its own keys; elsewhere the important flag
     * and tags come after issuing (they give way first when narrow). */
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_SECTION, UI_PROFORMA, UI_INVOICE, UI_IMPORTANT, UI_TAGS,
                                            UI_HELP, UI_BACK };
    static const enum ui_action rec_hints[] = { UI_SAVE, UI_NEXT_SECTION, UI_ITEMS, UI_IMPORTANT, UI_TAGS, UI_HELP,
                                                UI_BACK };
    if (f->sec == SEC_RECORDS && f->o.id)
        ui_draw_frame(ui, title, rec_hints, 7);
    else
        ui_draw_frame(ui, title, hints, f->o.id ? 8 : 2);
    /* Under the title: the important mark and the tags. */
    if (f->o.important || f->tags[0]) {
        char marks[1200];
        snprintf(marks, sizeof marks, "%s%s%s", f->o.important ? "★ " : "", f->o.important ? _("Important") : "",
                 f->tags[0] ? (f->o.important ? "   " : "") : "");
        size_t used = strlen(marks);
        snprintf(marks + used, sizeof marks - used, "%s", f->tags);
        ui_text(ui, 2, 1, ui->cols - 2, marks, FS_ALIGN_END, ROLE_LABEL);
    }
    /* The section tabs. */
    int x = 1;
    for (int s = 0; s < SEC_COUNT; s++) {
        char tab[96];
        snprintf(tab, sizeof tab, " %s ", _(section_names[s]));
        int w = fs_text_width(tab);
        ui_text(ui, 1, x, w, tab, FS_ALIGN_START, s == (int)f->sec ? ROLE_FOCUS : ROLE_DIM);
        x += w + 1;
    }
    switch (f->sec) {
    case SEC_DETAILS: draw_details(ui, f); break;
    case SEC_EXTRA: draw_extra(ui, f); break;
    case SEC_COMPETITORS: draw_competitors(ui, f); break;
    case SEC_PRODUCTS: draw_products(ui, f); break;
    case SEC_RECORDS: draw_records(ui, f); break;
    default: break;
    }
    if (f->sec == SEC_PRODUCTS && f->line_sel < 0) {
        struct ui_widget *w = &f->p[f->focus];
        int half = (ui->cols - 4) / 2;
        if (w->popup_open && f->focus <= P_CODE)
            uw_draw_popup(ui, w, 3 + f->focus, 1 + 13, half - 14);
    }
}

/* ---- keys -------------------------------------------------------------- */

static int section_fields(struct form *f)
{
    switch (f->sec) {
    case SEC_DETAILS: return D_COUNT;
    case SEC_EXTRA: return f->nx;
    case SEC_COMPETITORS: return C_COUNT;
    case SEC_PRODUCTS: return P_COUNT;
    case SEC_RECORDS: return f->o.id ? R_COUNT : 0;
    default: return 0;
    }
}

static struct ui_widget *focused(struct form *f)
{
    switch (f->sec) {
    case SEC_DETAILS: return &f->d[f->focus];
    case SEC_EXTRA: return f->nx ? &f->x[f->focus] : NULL;
    case SEC_COMPETITORS: return f->comp_sel < 0 ? &f->c[f->focus] : NULL;
    case SEC_PRODUCTS: return f->line_sel < 0 ? &f->p[f->focus] : NULL;
    case SEC_RECORDS: return f->o.id && f->rec_sel < 0 ? &f->r[f->focus] : NULL;
    default: return NULL;
    }
}

/* Discount % or Rial was typed (SPEC §6.2: typing one computes the other):
 * the other field shows the computed value from quantity × unit price, and
 * the typed one stays the one the row is saved from.  What cannot be
 * computed yet (no quantity or price, a bad number) leaves the other empty. */
static void sync_discount(struct ui *ui, struct form *f, bool from_pct)
{
    struct ui_widget *typed = &f->p[from_pct ? P_DISC_PCT : P_DISC_AMT];
    struct ui_widget *other = &f->p[from_pct ? P_DISC_AMT : P_DISC_PCT];
    fs_err e;
    int64_t qty = 0, price = 0, total = 0, v = 0, out = 0;
    const char *pr = uw_text(&f->p[P_PRICE]);
    bool ok = *uw_text(typed) && fs_qty_parse(uw_text(&f->p[P_QTY]), "qty", &qty, &e) == FS_OK;
    if (ok && *pr)
        ok = fs_money_parse(pr, "price", &price, &e) == FS_OK;
    else if (ok)
        price = f->has_picked && f->picked.has_price ? f->picked.unit_price : 0, ok = price > 0;
    ok = ok && fs_money_mul_qty(price, qty, &total) == FS_OK && total > 0;
    if (ok && from_pct)
        ok = fs_percent_parse(uw_text(typed), "discount_percent", &v, &e) == FS_OK &&
             fs_money_percent(total, v, &out) == FS_OK;
    else if (ok)
        ok = fs_money_parse(uw_text(typed), "discount", &v, &e) == FS_OK && v <= total &&
             fs_money_ratio_bp(v, total, &out) == FS_OK;
    char buf[64] = "";
    if (ok && from_pct)
        ui_money(ui, out, buf, sizeof buf);
    else if (ok)
        fs_percent_format(out, ui->s->digits, buf, sizeof buf);
    uw_set(other, buf, 0);
    other->changed = false;
    typed->changed = true;
}

/* Leaves the focused field: applies it (refusals stay at the field). */
static bool leave_field(struct ui *ui, struct form *f)
{
    fs_err e;
    fs_err_clear(&e);
    struct ui_widget *w = focused(f);
    if (!w)
        return true;
    if (w->popup_open)
        uw_choose(w);
    if (f->sec == SEC_DETAILS) {
        bool changed = w->changed;
        if (apply_detail(ui, f, f->focus, &e) != FS_OK)
            return ui_message(ui, ROLE_ERROR, "%s", e.msg), false;
        /* Every accepted field is kept as a draft at once, so even a
         * killed process loses at most the field being typed. */
        if (changed)
            form_save_draft(ui, f);
        return true;
    }
    if (f->sec == SEC_EXTRA)
        return apply_extra(ui, f, f->focus, &e) == FS_OK || (ui_message(ui, ROLE_ERROR, "%s", e.msg), false);
    if (f->sec == SEC_PRODUCTS && (f->focus == P_PRODUCT || f->focus == P_CODE) && w->id &&
        w->id != f->picked_product)
        pick_product(ui, f, w->id);
    if (f->sec == SEC_PRODUCTS && f->focus == P_GROUP && w->changed) {
        int64_t id = 0;
        if (choice_id(ui, w, &id, &e) != FS_OK) {
            fs_text_copy(w->error, sizeof w->error, e.msg);
            return false;
        }
        w->id = id;
        w->changed = false;
    }
    if (f->sec == SEC_PRODUCTS && (f->focus == P_DISC_PCT || f->focus == P_DISC_AMT) && w->changed)
        sync_discount(ui, f, f->focus == P_DISC_PCT);
    return true;
}

/* Remembers the stored opportunity the form now shows (the base of a
 * later conflict review). */
static void set_base(struct ui *ui, struct form *f, const fs_opp *stored)
{
    fs_err e;
    fs_opp_free(&f->base);
    if (stored->id && fs_opp_copy(stored, &f->base, &e) != FS_OK)
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
}

/* The conflict review's answer: the stored opportunity with the user's
 * edits re-applied (or none), or NULL for "back to the form". */
static void conflict_done(struct ui *ui, void *ctx, fs_opp *result, int nkept, int nboth)
{
    struct form *f = ctx;
    if (!result) {
        ui_message(ui, ROLE_NORMAL, "%s", _("Nothing changed; F2 tries to save again."));
        return;
    }
    fs_err e;
    fs_opp stored;
    /* The new base: the stored opportunity the result was built on. */
    if (fs_opp_load(ui->s, result->id, &stored, &e) == FS_OK) {
        set_base(ui, f, &stored);
        fs_opp_free(&stored);
    }
    fs_opp_free(&f->o);
    f->o = *result;
    fill_details(ui, f);
    load_records(ui, f);
    if (nkept) {
        f->dirty = true;
        form_save_draft(ui, f); /* the draft now holds the new version */
        if (nboth)
            ui_message(ui, ROLE_WARNING, P_("Your edits are on top of theirs (%d field you both changed keeps yours); F2 saves.",
                                            "Your edits are on top of theirs (%d fields you both changed keep yours); F2 saves.", nboth),
                       nboth);
        else
            ui_message(ui, ROLE_NORMAL, "%s", _("Your edits are on top of theirs; F2 saves."));
    } else {
        f->dirty = false;
        form_discard(ui, f);
        ui_message(ui, ROLE_NORMAL, "%s", _("The form shows their version; your edits were dropped."));
    }
}

static void bulk_save(struct ui *ui, struct form *f);

static void save(struct ui *ui, struct form *f)
{
    fs_err e;
    fs_err_clear(&e);
    if (f->bulk_ids) {
        bulk_save(ui, f);
        return;
    }
    if (!leave_field(ui, f))
        return;
    if (apply_all(ui, f, &e) != FS_OK) {
        show_error(ui, f, &e);
        return;
    }
    int64_t draft_item = f->o.id;
    if (fs_opp_save(ui->s, &f->o, &e) != FS_OK) {
        /* Someone else saved it meanwhile: review their change. */
        if (e.code == FS_ECONFLICT && !strcmp(e.field, "version") && f->base.id == f->o.id &&
            ui_open_conflict(ui, &f->base, &f->o, e.msg, conflict_done, f))
            return;
        show_error(ui, f, &e);
        return;
    }
    fs_draft_delete(ui->s, "opp", draft_item, &e);
    set_base(ui, f, &f->o);
    f->dirty = false;
    fill_details(ui, f);
    load_records(ui, f);
    ui_message(ui, ROLE_NORMAL, _("Saved %s."), f->o.number);
    if (f->list)
        ui_opp_list_refresh(ui, f->list);
}

/* Issues a draft proforma or invoice from the saved opportunity. */
static void issue(struct ui *ui, struct form *f, enum fs_doc_kind kind)
{
    fs_err e;
    if (!f->o.id || f->dirty) {
        ui_message(ui, ROLE_ERROR, "%s", _("Save the opportunity first (F2)."));
        return;
    }
    int64_t id;
    if (fs_doc_issue_from_opp(ui->s, f->o.id, kind, &id, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    load_records(ui, f);
    f->sec = SEC_RECORDS;
    ui_message(ui, ROLE_NORMAL, P_("Draft %s %lld issued with %d row.", "Draft %s %lld issued with %d rows.", f->o.nlines),
               fs_doc_kind_label(kind, ui->rtl),
               (long long)id, f->o.nlines);
}

/* ---- the Items menu, the important flag and tags ----------------------- */

/* The opportunity must be saved (and unchanged) before items link to it. */
static bool saved_first(struct ui *ui, struct form *f)
{
    if (f->o.id && !f->dirty)
        return true;
    ui_message(ui, ROLE_ERROR, "%s", _("Save the opportunity first (F2)."));
    return false;
}

/* A receipt, payment or financial contract of the opportunity's identity,
 * linked to the opportunity. */
static void item_money(struct ui *ui, struct form *f, enum fs_money_item_kind kind)
{
    f->rec_stale = true;
    ui_open_money_item_new(ui, f->o.identity_id, (int)kind, f->o.id, f->o.title ? f->o.title : "", &f->rec_stale);
}

static void item_receipt(struct ui *ui, void *arg) { item_money(ui, arg, FS_MONEY_RECEIPT); }
static void item_payment(struct ui *ui, void *arg) { item_money(ui, arg, FS_MONEY_PAYMENT); }
static void item_contract(struct ui *ui, void *arg) { item_money(ui, arg, FS_MONEY_CONTRACT); }
static void item_proforma(struct ui *ui, void *arg) { issue(ui, arg, FS_DOC_PROFORMA); }
static void item_invoice(struct ui *ui, void *arg) { issue(ui, arg, FS_DOC_INVOICE); }

/* A sales return of the opportunity's identity: the new-document form with
 * the opportunity already chosen (its widget "opp"), the invoice returned
 * to choose next. */
static void item_return(struct ui *ui, void *arg)
{
    struct form *f = arg;
    f->rec_stale = true;
    ui_open_doc_new(ui, f->o.identity_id, FS_DOC_RETURN, &f->rec_stale);
    if (ui->depth == 0 || strcmp(ui->stack[ui->depth - 1].ops->name, "doc-new") != 0)
        return;
    struct mini *m = ui->stack[ui->depth - 1].state; /* a small form's state starts with its mini */
    for (int i = 0; i < m->n; i++)
        if (!strcmp(m->w[i].name, "opp")) {
            uw_set(&m->w[i], f->o.title ? f->o.title : "", f->o.id);
            if (i + 1 < m->n)
                m->focus = i + 1;
        }
}

static void items_menu(struct ui *ui, struct form *f)
{
    if (!saved_first(ui, f))
        return;
    const struct ui_menu_item items[] = {
        { N_("New receipt"), item_receipt, f },
        { N_("New payment"), item_payment, f },
        { N_("New financial contract"), item_contract, f },
        { N_("New proforma"), item_proforma, f },
        { N_("New invoice"), item_invoice, f },
        { N_("New sales return"), item_return, f },
    };
    char title[400];
    snprintf(title, sizeof title, _("New item for %s"), f->o.number);
    ui_open_menu(ui, title, items, (int)(sizeof items / sizeof *items), false);
}

/* Marks the opportunity important or not: saved at once when the form
 * holds no other change, else with the rest on F2. */
static void toggle_important(struct ui *ui, struct form *f)
{
    bool want = !f->o.important;
    if (!f->o.id || f->dirty) {
        f->o.important = want;
        f->dirty = true;
        ui_message(ui, ROLE_NORMAL, "%s", want ? _("Marked important; F2 saves it.") : _("Not important any more; F2 saves it."));
        return;
    }
    fs_err e;
    fs_opp o;
    if (fs_records_set_important(ui->s, f->o.id, want, &e) != FS_OK || fs_opp_load(ui->s, f->o.id, &o, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    fs_opp_free(&f->o);
    f->o = o;
    set_base(ui, f, &f->o);
    fill_details(ui, f);
    load_records(ui, f);
    if (f->list)
        ui_opp_list_refresh(ui, f->list);
    ui_message(ui, ROLE_NORMAL, "%s", want ? _("Marked important.") : _("Not important any more."));
}

static void open_tags(struct ui *ui, struct form *f)
{
    if (!f->o.id) {
        ui_message(ui, ROLE_ERROR, "%s", _("Save the opportunity first (F2)."));
        return;
    }
    f->rec_stale = true; /* the tags line and the change history */
    char label[400];
    snprintf(label, sizeof label, "%s %s", f->o.number, f->o.title ? f->o.title : "");
    ui_open_tags(ui, "opportunity", f->o.id, label, NULL);
}

static void focus_step(struct ui *ui, struct form *f, int dir)
{
    int n = section_fields(f);
    if (!n)
        return;
    if (!leave_field(ui, f))
        return;
    int next = f->focus;
    for (int tries = 0; tries < n; tries++) {
        next = (next + dir + n) % n;
        struct ui_widget *w = f->sec == SEC_DETAILS ? &f->d[next] : f->sec == SEC_PRODUCTS ? &f->p[next]
                            : f->sec == SEC_COMPETITORS ? &f->c[next] : f->sec == SEC_RECORDS ? &f->r[next]
                            : &f->x[next];
        if (w->kind != W_READONLY)
            break;
    }
    f->focus = next;
}

static bool products_key(struct ui *ui, struct form *f, const struct ui_key *k)
{
    fs_err e;
    if (f->line_sel >= 0) {
        if (k->code == KEY_DOWN && f->line_sel + 1 < f->o.nlines)
            f->line_sel++;
        else if (k->code == KEY_UP && f->line_sel > 0)
            f->line_sel--;
        else if (k->code == KEY_UP || (k->ch == '\t' && !k->meta))
            f->line_sel = -1;
        else if (ui_is(k, UI_OPEN))
            edit_line(ui, f, f->line_sel + 1);
        else if (ui_is(k, UI_DEL_ROW)) {
            if (fs_opp_line_remove(&f->o, f->line_sel + 1, &e) == FS_OK && fs_opp_compute(ui->s, &f->o, &e) == FS_OK) {
                f->dirty = true;
                show_amount(ui, f);
                if (f->line_sel >= f->o.nlines)
                    f->line_sel = f->o.nlines - 1;
            }
        } else if (ui_is(k, UI_ROW_MOVE_UP) || ui_is(k, UI_ROW_MOVE_DOWN)) {
            int to = f->line_sel + 1 + (ui_is(k, UI_ROW_MOVE_UP) ? -1 : 1);
            if (to >= 1 && to <= f->o.nlines && fs_opp_line_move(&f->o, f->line_sel + 1, to, &e) == FS_OK) {
                f->line_sel = to - 1;
                f->dirty = true;
            }
        } else
            return false;
        return true;
    }
    if (ui_is(k, UI_TOGGLE) && f->focus == P_GROUP) {
        f->clear_group = !f->clear_group;
        return true;
    }
    if (ui_is(k, UI_ADD_ROW) || (ui_is(k, UI_OPEN) && !f->p[f->focus].popup_open && f->focus >= P_QTY)) {
        if (leave_field(ui, f))
            add_line(ui, f);
        return true;
    }
    if (k->code == KEY_DOWN && !f->p[f->focus].popup_open && f->focus == P_COUNT - 1 && f->o.nlines) {
        if (leave_field(ui, f))
            f->line_sel = 0;
        return true;
    }
    if (ui_is(k, UI_OPEN) && f->p[f->focus].popup_open) {
        uw_choose(&f->p[f->focus]);
        leave_field(ui, f);
        if (f->focus == P_PRODUCT || f->focus == P_CODE)
            f->focus = P_QTY;
        return true;
    }
    return false;
}

static bool competitors_key(struct ui *ui, struct form *f, const struct ui_key *k)
{
    fs_err e;
    if (f->comp_sel >= 0) {
        if (k->code == KEY_DOWN && f->comp_sel + 1 < f->o.ncompetitors)
            f->comp_sel++;
        else if (k->code == KEY_UP && f->comp_sel > 0)
            f->comp_sel--;
        else if (k->code == KEY_UP || (k->ch == '\t' && !k->meta))
            f->comp_sel = -1;
        else if (ui_is(k, UI_DEL_ROW)) {
            char row[16];
            snprintf(row, sizeof row, "%d", f->comp_sel + 1);
            if (fs_opp_competitor_remove(&f->o, row, &e) == FS_OK) {
                f->dirty = true;
                if (f->comp_sel >= f->o.ncompetitors)
                    f->comp_sel = f->o.ncompetitors - 1;
            }
        } else
            return false;
        return true;
    }
    if (ui_is(k, UI_ADD_ROW) || (ui_is(k, UI_OPEN) && !f->c[C_NAME].popup_open)) {
        if (f->c[C_NAME].popup_open)
            uw_choose(&f->c[C_NAME]);
        if (fs_opp_competitor_add(ui->s, &f->o, uw_text(&f->c[C_NAME]), uw_text(&f->c[C_NOTE]), &e) != FS_OK) {
            show_error(ui, f, &e);
        } else {
            f->dirty = true;
            uw_set(&f->c[C_NAME], "", 0);
            uw_set(&f->c[C_NOTE], "", 0);
            f->focus = C_NAME;
        }
        return true;
    }
    if (k->code == KEY_DOWN && !f->c[f->focus].popup_open && f->o.ncompetitors) {
        f->comp_sel = 0;
        return true;
    }
    return false;
}

static bool records_key(struct ui *ui, struct form *f, const struct ui_key *k)
{
    if (f->rec_sel >= 0) {
        if (k->code == KEY_DOWN && f->rec_sel + 1 < f->nrec)
            f->rec_sel++;
        else if (k->code == KEY_UP && f->rec_sel > 0)
            f->rec_sel--;
        else if (k->code == KEY_UP || (k->ch == '\t' && !k->meta))
            f->rec_sel = -1;
        else if (ui_is(k, UI_OPEN) && f->rec_kinds[f->rec_sel] == FS_RECORD_DOCUMENT) {
            f->rec_stale = true;
            ui_open_doc(ui, f->rec_ids[f->rec_sel]);
        } else
            return ui_is(k, UI_OPEN);
        return true;
    }
    if (ui_is(k, UI_ADD_ROW) || ui_is(k, UI_OPEN)) {
        /* Enter moves through a follow-up's dates; on its text or
         * remind-at (or Ins anywhere) it adds the follow-up. */
        if ((f->focus == R_DUE || f->focus == R_DUE_TO) && ui_is(k, UI_OPEN)) {
            f->focus = f->focus == R_DUE ? R_TASK : R_REMIND;
            return true;
        }
        add_record(ui, f);
        return true;
    }
    if (k->code == KEY_DOWN && f->focus == R_COUNT - 1 && f->nrec) {
        f->rec_sel = 0;
        return true;
    }
    return false;
}

/* Opens the record the list's filter puts next to this one. */
static void step_record(struct ui *ui, struct form *f, int dir)
{
    if (!f->list)
        return;
    if (f->dirty) {
        if (!ui_confirm(ui, _("Leave without saving?")))
            return;
        form_discard(ui, f);
    }
    int64_t id = ui_opp_list_step(ui, f->list, dir);
    fs_err e;
    if (!id) {
        ui_message(ui, ROLE_NORMAL, "%s", dir > 0 ? _("This is the last opportunity of the list.") : _("This is the first opportunity of the list."));
        return;
    }
    fs_opp o;
    if (fs_opp_load(ui->s, id, &o, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    fs_opp_free(&f->o);
    f->o = o;
    set_base(ui, f, &f->o);
    f->dirty = false;
    fill_details(ui, f);
    load_records(ui, f);
}

/* Related to: the quick-create opened from the field saved a new identity,
 * now in the field; it counts as chosen and the focus moves on. */
static void contact_created(struct ui *ui, void *ctx)
{
    struct form *f = ctx;
    f->dirty = true;
    focus_step(ui, f, 1);
}

static bool form_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct form *f = vs;
    if (ui_is(k, UI_SAVE)) {
        save(ui, f);
        return true;
    }
    if (ui_is(k, UI_NEXT_SECTION)) {
        if (!leave_field(ui, f))
            return true;
        f->sec = (f->sec + 1) % SEC_COUNT;
        f->focus = 0;
        f->line_sel = f->comp_sel = f->rec_sel = -1;
        if (f->sec == SEC_PRODUCTS)
            f->focus = P_PRODUCT;
        return true;
    }
    if (ui_is(k, UI_PROFORMA) || ui_is(k, UI_INVOICE)) {
        issue(ui, f, ui_is(k, UI_PROFORMA) ? FS_DOC_PROFORMA : FS_DOC_INVOICE);
        return true;
    }
    if (ui_is(k, UI_NEXT_RECORD) || ui_is(k, UI_PREV_RECORD)) {
        step_record(ui, f, ui_is(k, UI_NEXT_RECORD) ? 1 : -1);
        return true;
    }
    if (ui_is(k, UI_ITEMS)) {
        if (leave_field(ui, f))
            items_menu(ui, f);
        return true;
    }
    if (ui_is(k, UI_IMPORTANT)) {
        if (leave_field(ui, f))
            toggle_important(ui, f);
        return true;
    }
    if (ui_is(k, UI_TAGS)) {
        open_tags(ui, f);
        return true;
    }
    if (f->sec == SEC_PRODUCTS && products_key(ui, f, k))
        return true;
    if (f->sec == SEC_RECORDS && f->o.id && records_key(ui, f, k))
        return true;
    if (f->sec == SEC_COMPETITORS && competitors_key(ui, f, k))
        return true;
    struct ui_widget *w = focused(f);
    /* Related to: text that matches no identity creates one (Enter, Ins). */
    if (f->sec == SEC_DETAILS && f->focus == D_CONTACT && ui_identity_lookup_key(ui, w, k, contact_created, f))
        return true;
    if (w && w->popup_open && (k->code == KEY_DOWN || k->code == KEY_UP || ui_is(k, UI_OPEN)))
        return uw_key(ui, w, k);
    if ((k->ch == '\t' && !k->meta) || k->code == KEY_DOWN || ui_is(k, UI_OPEN)) {
        focus_step(ui, f, 1);
        return true;
    }
    if (k->code == KEY_BTAB || k->code == KEY_UP) {
        focus_step(ui, f, -1);
        return true;
    }
    if (w && uw_key(ui, w, k)) {
        /* Notes and follow-ups are saved on their own, not with the form. */
        if (w->changed && f->sec != SEC_RECORDS)
            f->dirty = true;
        if (f->sec == SEC_DETAILS && f->focus == D_CONTACT)
            ui_identity_lookup_hint(ui, w);
        return true;
    }
    return false;
}

/* Keeps what was typed as the user's draft of this opportunity: values
 * the core accepts are applied first; a value it refuses stays as it was
 * before (the draft never holds what could not be saved). */
static void form_save_draft(struct ui *ui, void *vs)
{
    struct form *f = vs;
    fs_err e;
    if (f->bulk_ids)
        return; /* a bulk template is not kept as a draft */
    for (int i = 0; i < D_COUNT; i++)
        apply_detail(ui, f, i, &e);
    for (int i = 0; i < f->nx; i++)
        apply_extra(ui, f, i, &e);
    char *payload = NULL;
    if (fs_opp_draft_encode(&f->o, &payload, &e) == FS_OK)
        fs_draft_save(ui->s, "opp", f->o.id, payload, &e);
    free(payload);
}

static void form_discard(struct ui *ui, void *vs)
{
    struct form *f = vs;
    fs_err e;
    if (!f->bulk_ids)
        fs_draft_delete(ui->s, "opp", f->o.id, &e);
}

static bool form_dirty(void *vs)
{
    struct form *f = vs;
    return f->dirty;
}

static void form_close(void *vs)
{
    struct form *f = vs;
    for (int i = 0; i < D_COUNT; i++)
        uw_free(&f->d[i]);
    for (int i = 0; i < P_COUNT; i++)
        uw_free(&f->p[i]);
    for (int i = 0; i < C_COUNT; i++)
        uw_free(&f->c[i]);
    for (int i = 0; i < f->nx; i++)
        uw_free(&f->x[i]);
    fs_custom_field_list_free(f->fields, f->nfields);
    for (int i = 0; i < R_COUNT; i++)
        uw_free(&f->r[i]);
    free_records(f);
    fs_opp_free(&f->o);
    fs_opp_free(&f->base);
    free(f->bulk_ids);
    free(f);
}

static const struct ui_view_ops form_ops = {
    .name = "opp-form", .draw = form_draw, .key = form_key, .dirty = form_dirty, .save_draft = form_save_draft,
    .discard = form_discard, .close = form_close,
    .min_cols = 80, .min_rows = 22,
};

void ui_open_opp_form(struct ui *ui, int64_t id, void *list, int64_t identity_id)
{
    struct form *f = calloc(1, sizeof *f);
    if (!f)
        return;
    fs_err e;
    int rc = id ? fs_opp_load(ui->s, id, &f->o, &e) : fs_opp_new(ui->s, &f->o, &e);
    if (rc == FS_OK && !id && identity_id) {
        f->o.identity_id = identity_id;
        f->fixed_contact = true;
        rc = fs_opp_compute(ui->s, &f->o, &e);
        if (rc == FS_OK) /* the fixed "related to" shows the identity's name (paths 3–5) */
            rc = fs_opp_names(ui->s, &f->o, &e);
    }
    if (rc != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        fs_opp_free(&f->o);
        free(f);
        return;
    }
    static const struct { const char *name, *label; enum ui_wkind kind; } dspec[D_COUNT] = {
        [D_CONTACT] = { "contact", N_("Related to"), W_CHOICE }, [D_SUBTYPE] = { "subtype", N_("Subtype"), W_CHOICE },
        [D_TITLE] = { "title", N_("Title"), W_TEXT },            [D_STAGE] = { "stage", N_("Sales stage"), W_CHOICE },
        [D_REASON] = { "reason", N_("Reason"), W_CHOICE },       [D_TYPE] = { "type", N_("Type"), W_CHOICE },
        [D_ASSIGNED] = { "assigned", N_("Assigned to"), W_CHOICE }, [D_SOURCE] = { "source", N_("Source"), W_CHOICE },
        [D_CAMPAIGN] = { "campaign", N_("Campaign"), W_CHOICE }, [D_CLOSE] = { "close_date", N_("Close date"), W_DATE },
        [D_PURCHASE] = { "purchase_process", N_("Purchase process"), W_CHOICE },
        [D_AMOUNT] = { "amount", N_("Final amount"), W_AMOUNT }, [D_PROB] = { "probability", N_("Probability %"), W_NUMBER },
    };
    for (int i = 0; i < D_COUNT; i++)
        init_widget(ui, f, &f->d[i], i, dspec[i].name, dspec[i].label, dspec[i].kind);
    static const struct { const char *name, *label; enum ui_wkind kind; } pspec[P_COUNT] = {
        [P_GROUP] = { "group", N_("Group"), W_CHOICE },          [P_PRODUCT] = { "product", N_("Product"), W_CHOICE },
        [P_CODE] = { "code", N_("Code"), W_CHOICE },             [P_QTY] = { "qty", N_("Quantity"), W_NUMBER },
        [P_PRICE] = { "price", N_("Unit price"), W_AMOUNT },     [P_DISC_PCT] = { "discount_pct", N_("Discount %"), W_NUMBER },
        [P_DISC_AMT] = { "discount", N_("Discount"), W_AMOUNT }, [P_DESC] = { "description", N_("Description"), W_TEXT },
        [P_NAME] = { "name", N_("Name on line"), W_TEXT },
    };
    for (int i = 0; i < P_COUNT; i++)
        init_widget(ui, f, &f->p[i], D_COUNT + i, pspec[i].name, pspec[i].label, pspec[i].kind);
    init_widget(ui, f, &f->c[C_NAME], D_COUNT + P_COUNT, "competitor", N_("Competitor"), W_CHOICE);
    f->c[C_NAME].allow_new = true;
    init_widget(ui, f, &f->c[C_NOTE], D_COUNT + P_COUNT + 1, "note", N_("Note"), W_TEXT);
    uw_init(ui, &f->r[R_NOTE], "note", N_("Note"), W_TEXT);
    uw_init(ui, &f->r[R_DUE], "due", N_("Follow up on"), W_DATE);
    uw_init(ui, &f->r[R_TASK], "text", N_("To do"), W_TEXT);
    uw_init(ui, &f->r[R_DUE_TO], "due_to", N_("Due until"), W_DATE);
    uw_init(ui, &f->r[R_REMIND], "remind", N_("Remind at"), W_NUMBER); /* a date and a time read left to right */
    f->clear_group = true;
    f->line_sel = f->comp_sel = f->rec_sel = -1;
    f->list = list;
    set_base(ui, f, &f->o);
    fill_details(ui, f);
    load_records(ui, f);
    f->focus = f->fixed_contact ? D_TITLE : D_CONTACT;
    ui_push(ui, &form_ops, f);
}

/* Opens a form holding a kept draft, marked unsaved. */
static void open_draft(struct ui *ui, const fs_draft *d)
{
    fs_err e;
    fs_opp o;
    memset(&o, 0, sizeof o);
    if (fs_opp_draft_decode(d->payload, &o, &e) != FS_OK || fs_opp_compute(ui->s, &o, &e) != FS_OK) {
        fs_opp_free(&o);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    ui_open_opp_form(ui, 0, NULL, 0);
    if (ui->depth == 0 || ui->stack[ui->depth - 1].ops != &form_ops)
        return;
    struct form *f = ui->stack[ui->depth - 1].state;
    fs_opp_free(&f->o);
    f->o = o;
    /* Names for display come from the stored items the draft refers to. */
    fs_opp_names(ui->s, &f->o, &e);
    /* A draft of a saved opportunity: the stored one is its base. */
    fs_opp stored;
    if (f->o.id && fs_opp_load(ui->s, f->o.id, &stored, &e) == FS_OK) {
        set_base(ui, f, &stored);
        fs_opp_free(&stored);
    }
    fill_details(ui, f);
    f->dirty = true;
    ui_message(ui, ROLE_WARNING, "%s", _("This is unsaved input kept from an earlier session; F2 saves it."));
}

struct draft_pick {
    struct ui *ui;
    int n;
};

static int offer_one(void *ctx, const fs_draft *d)
{
    struct draft_pick *p = ctx;
    if (strcmp(d->form, "opp") != 0)
        return 0;
    char q[256], when[32], day[11];
    fs_text_copy(day, sizeof day, d->saved_at);
    ui_date(p->ui, day, when, sizeof when);
    snprintf(q, sizeof q, _("An opportunity you did not save on %s was kept. Open it?"), when);
    fs_err e;
    if (ui_confirm(p->ui, q))
        open_draft(p->ui, d);
    else
        fs_draft_delete(p->ui->s, d->form, d->item_id, &e);
    p->n++;
    return 1; /* one at a time: the rest are offered next start */
}

void ui_offer_drafts(struct ui *ui)
{
    struct draft_pick p = { ui, 0 };
    fs_err e;
    fs_draft_list(ui->s, offer_one, &p, &e);
}

void ui_open_opp_new_in(struct ui *ui, void *list, int64_t subtype_id)
{
    ui_open_opp_form(ui, 0, list, 0);
    if (!subtype_id || ui->depth == 0 || ui->stack[ui->depth - 1].ops != &form_ops)
        return;
    /* Path 2: a new opportunity of the list's subtype, at its first stage. */
    struct form *f = ui->stack[ui->depth - 1].state;
    fs_err e;
    int64_t first;
    if (fs_stage_first(ui->s, subtype_id, &first, &e) != FS_OK)
        return;
    f->o.subtype_id = subtype_id;
    f->o.stage_id = first;
    if (fs_opp_names(ui->s, &f->o, &e) == FS_OK)
        fill_details(ui, f);
}

void ui_open_opp_new(struct ui *ui, void *arg)
{
    (void)arg;
    ui_open_opp_form(ui, 0, NULL, 0);
}

/* ---- bulk mode: one opportunity for each marked identity --------------- */

/* F2 in bulk mode: the form is the template; every identity gets its own
 * opportunity in one transaction, or none does. */
static void bulk_save(struct ui *ui, struct form *f)
{
    fs_err e;
    fs_err_clear(&e);
    if (!leave_field(ui, f))
        return;
    if (apply_all(ui, f, &e) != FS_OK) {
        show_error(ui, f, &e);
        return;
    }
    if (fs_opp_bulk_create(ui->s, &f->o, f->bulk_ids, f->nbulk, NULL, &e) != FS_OK) {
        show_error(ui, f, &e);
        return;
    }
    int n = f->nbulk;
    void (*done)(struct ui *, void *) = f->bulk_done;
    void *ctx = f->bulk_ctx;
    f->dirty = false;
    ui_pop(ui);
    if (done)
        done(ui, ctx);
    char count[32];
    ui_int(ui, n, count, sizeof count);
    ui_message(ui, ROLE_NORMAL, P_("%s opportunity created.", "%s opportunities created.", n), count);
}

void ui_open_opp_bulk(struct ui *ui, const int64_t *identity_ids, int n, void (*done)(struct ui *ui, void *ctx),
                      void *ctx)
{
    if (n < 1)
        return;
    int64_t *ids = malloc((size_t)n * sizeof *ids);
    if (!ids) {
        ui_message(ui, ROLE_ERROR, "%s", _("out of memory."));
        return;
    }
    memcpy(ids, identity_ids, (size_t)n * sizeof *ids);
    ui_open_opp_form(ui, 0, NULL, 0);
    if (ui->depth == 0 || ui->stack[ui->depth - 1].ops != &form_ops) {
        free(ids);
        return;
    }
    struct form *f = ui->stack[ui->depth - 1].state;
    f->bulk_ids = ids;
    f->nbulk = n;
    f->bulk_done = done;
    f->bulk_ctx = ctx;
    char count[32];
    ui_int(ui, n, count, sizeof count);
    snprintf(f->bulk_label, sizeof f->bulk_label,
             P_("«%s marked identity»", "«%s marked identities»", n), count);
    f->fixed_contact = true;
    fill_details(ui, f);
    f->focus = D_TITLE;
}
