/* view_doc.c — sales documents (SPEC §7.1): the list with kind and status
 * filters, and the document screen (header, lines with tax and duties,
 * totals) with the status flow: submit, approve, reject, and converting an
 * approved proforma into an invoice; the small forms that create a
 * document, add, change and remove its rows and change its header.  Every
 * rule — who may approve, what may change after approval, the numbering —
 * is the core's; a refusal shows the core's sentence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "choices.h"
#include "document.h"
#include "i18n.h"
#include "identity.h"
#include "lookup.h"
#include "mini.h"
#include "money.h"
#include "product.h"
#include "stock.h"
#include "text.h"
#include "ui.h"
#include "ui_table.h"
#include "ui_views.h"
#include "user.h"
#include "widgets.h"

#define PAGE 100

/* "PRO-1405-000001", or "#12" before approval gives the number. */
static void doc_ref(struct ui *ui, const char *number, int64_t id, char *out, size_t n)
{
    char buf[64];
    if (number && *number)
        snprintf(buf, sizeof buf, "%s", number);
    else
        snprintf(buf, sizeof buf, "#%lld", (long long)id);
    ut_local_digits(ui, buf, out, n);
}

/* ---- the list ---------------------------------------------------------- */

enum { C_NUMBER, C_CONTACT, C_FINAL, C_STATUS, C_KIND, C_DATE, C_COLS };

/* Narrow screens drop columns from the end: the date first. */
static const struct ui_col list_cols[C_COLS] = {
    { N_("Number"), 15, FS_ALIGN_START },     { N_("Related to"), 0, FS_ALIGN_START },
    { N_("Final amount"), 15, FS_ALIGN_END }, { N_("Status"), 16, FS_ALIGN_START },
    { N_("Kind"), 14, FS_ALIGN_START },       { N_("Issue date"), 10, FS_ALIGN_START },
};

struct doclist {
    int kind, status;          /* -1 = any */
    struct ui_table t;
    bool stale;
};

struct row_ctx {
    struct ui *ui;
    struct ui_table *t;
    bool more;
};

static int add_doc_row(void *ctx, const fs_doc_row *r)
{
    struct row_ctx *c = ctx;
    if (c->t->n == PAGE) {
        c->more = true;
        return 1;
    }
    char num[64], fin[64], date[32];
    doc_ref(c->ui, r->number, r->id, num, sizeof num);
    ui_money(c->ui, r->final, fin, sizeof fin);
    ui_date(c->ui, r->issue_date, date, sizeof date);
    const char *v[C_COLS] = { num, r->identity_name, fin, fs_doc_status_label(r->status, c->ui->rtl),
                              fs_doc_kind_label(r->kind, c->ui->rtl), date };
    return !ut_add(c->t, r->id, v);
}

static void doclist_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct doclist *l = ctx;
    fs_err e;
    ut_clear(t);
    struct fs_doc_filter f = { l->kind, l->status, 0, 0, t->after, PAGE + 1 };
    struct row_ctx c = { ui, t, false };
    fs_err_clear(&e);
    /* The callback's own stop is not an error; the core's come with e. */
    if (fs_doc_list(ui->s, &f, add_doc_row, &c, &e) != FS_OK && e.code != FS_OK)
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
    t->more = c.more;
}

static void doclist_draw(struct ui *ui, void *vs)
{
    struct doclist *l = vs;
    if (l->stale) {
        l->stale = false;
        ut_refresh(ui, &l->t, doclist_load, l);
    }
    static const enum ui_action hints[] = { UI_OPEN, UI_NEW_DOC, UI_FILTER_KIND, UI_FILTER_STATUS, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Documents"), hints, 6);
    char line[300];
    snprintf(line, sizeof line, "%s: %s (%s)    %s: %s (%s)", _("Kind"),
             l->kind < 0 ? _("all") : fs_doc_kind_label((enum fs_doc_kind)l->kind, ui->rtl), ui_key_hint(UI_FILTER_KIND),
             _("Status"), l->status < 0 ? _("all") : fs_doc_status_label((enum fs_doc_status)l->status, ui->rtl),
             ui_key_hint(UI_FILTER_STATUS));
    ui_text(ui, 1, 1, ui->cols - 2, line, FS_ALIGN_START, ROLE_LABEL);
    ut_draw(ui, &l->t, 2, 1, ui->cols - 2, list_cols, true);
    if (!l->t.n)
        ui_text(ui, 4, 1, ui->cols - 2, _("No document matches."), FS_ALIGN_CENTER, ROLE_DIM);
}

static bool doclist_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct doclist *l = vs;
    if (ui_is(k, UI_FILTER_KIND) || ui_is(k, UI_FILTER_STATUS)) {
        if (ui_is(k, UI_FILTER_KIND))
            l->kind = l->kind == FS_DOC_RETURN ? -1 : l->kind + 1;
        else
            l->status = l->status == FS_DOC_REJECTED ? -1 : l->status + 1;
        ut_reload(ui, &l->t, doclist_load, l);
        return true;
    }
    if (ui_is(k, UI_OPEN)) {
        int64_t id = ut_sel_id(&l->t);
        if (id) {
            l->stale = true;
            ui_open_doc(ui, id);
        }
        return true;
    }
    if (ui_is(k, UI_NEW_DOC)) {
        ui_open_doc_new(ui, 0, -1, &l->stale);
        return true;
    }
    return ut_nav_key(ui, &l->t, k, ut_visible(ui, 2), doclist_load, l);
}

static void doclist_close(void *vs)
{
    struct doclist *l = vs;
    ut_free(&l->t);
    free(l);
}

static const struct ui_view_ops doclist_ops = {
    .name = "doc-list", .draw = doclist_draw, .key = doclist_key, .close = doclist_close,
    .min_cols = 60, .min_rows = 10,
};

void ui_open_doc_list(struct ui *ui, void *arg)
{
    (void)arg;
    struct doclist *l = calloc(1, sizeof *l);
    if (!l)
        return;
    l->kind = l->status = -1;
    ut_init(&l->t, C_COLS);
    ut_reload(ui, &l->t, doclist_load, l);
    ui_push(ui, &doclist_ops, l);
}

/* ---- the document screen ----------------------------------------------- */

enum { D_ROW, D_PRODUCT, D_QTY, D_PRICE, D_FINAL, D_DISCOUNT, D_TAX, D_DUTIES, D_CODE, D_COLS };

/* Narrow screens drop columns from the end; the footer keeps every total. */
static const struct ui_col line_cols[D_COLS] = {
    { N_("Row"), 4, FS_ALIGN_END },         { N_("Product"), 0, FS_ALIGN_START },
    { N_("Quantity"), 9, FS_ALIGN_END },    { N_("Unit price"), 14, FS_ALIGN_END },
    { N_("Final"), 15, FS_ALIGN_END },      { N_("Discount"), 13, FS_ALIGN_END },
    { N_("Tax"), 13, FS_ALIGN_END },        { N_("Duties"), 11, FS_ALIGN_END },
    { N_("Code"), 10, FS_ALIGN_START },
};

/* The lines grid's heading row. */
#define LINES_Y 8

struct docview {
    int64_t id;
    fs_doc d;
    bool have;
    char seller[200];
    struct ui_table lines;
    bool changeable;           /* the core lets the user change it now */
    bool stale;                /* a form opened from here changed it */
    int want_row;              /* the row to select after the reload (1-based), 0 = keep */
};

struct seller_ctx {
    int64_t id;
    char *out;
    size_t n;
};

static int find_seller(void *ctx, const fs_user *u)
{
    struct seller_ctx *c = ctx;
    if (u->id != c->id)
        return 0;
    fs_text_copy(c->out, c->n, u->name && *u->name ? u->name : u->login);
    return 1;
}

/* The loaded document's lines as grid rows. */
static void lines_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct docview *v = ctx;
    ut_clear(t);
    for (int i = 0; i < v->d.nlines; i++) {
        fs_doc_line *l = &v->d.lines[i];
        char row[16], qty[48], price[64], fin[64], disc[64], tax[64], duties[64], code[256];
        ui_int(ui, l->position, row, sizeof row);
        fs_qty_format(l->qty, ui->s->digits, qty, sizeof qty);
        ui_money(ui, l->unit_price, price, sizeof price);
        ui_money(ui, l->final, fin, sizeof fin);
        ui_money(ui, l->discount, disc, sizeof disc);
        ui_money(ui, l->tax, tax, sizeof tax);
        ui_money(ui, l->duties, duties, sizeof duties);
        ut_local_digits(ui, l->product_code, code, sizeof code);
        const char *c[D_COLS] = { row, l->name, qty, price, fin, disc, tax, duties, code };
        if (!ut_add(t, l->id, c))
            break;
    }
    t->more = false;
}

/* Reads the document again (after a status change). */
static bool doc_load(struct ui *ui, struct docview *v)
{
    fs_err e;
    fs_doc d;
    if (fs_doc_load(ui->s, v->id, &d, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return false;
    }
    if (v->have)
        fs_doc_free(&v->d);
    v->d = d;
    v->have = true;
    v->seller[0] = '\0';
    struct seller_ctx sc = { d.seller_id, v->seller, sizeof v->seller };
    if (d.seller_id)
        fs_user_list(ui->s, true, find_seller, &sc, &e);
    ut_refresh(ui, &v->lines, lines_load, v);
    if (v->want_row > 0 && v->want_row <= v->lines.n) {
        int room = ui->rows - 4 - LINES_Y;
        v->lines.sel = v->want_row - 1;
        if (v->lines.sel < v->lines.top)
            v->lines.top = v->lines.sel;
        else if (room > 0 && v->lines.sel >= v->lines.top + room)
            v->lines.top = v->lines.sel - room + 1;
    }
    v->want_row = 0;
    fs_err_clear(&e);
    v->changeable = fs_doc_changeable(ui->s, v->id, &e) == FS_OK;
    return true;
}

/* The actions the document's kind and status allow, for the status bar. */
static int doc_hints(const struct docview *v, enum ui_action *out)
{
    const fs_doc *d = &v->d;
    int n = 0;
    if (v->changeable) {
        out[n++] = UI_ADD_ROW;
        if (d->nlines)
            out[n++] = UI_DEL_ROW;
        out[n++] = UI_EDIT_HEADER;
    }
    if (d->status == FS_DOC_DRAFT)
        out[n++] = UI_SUBMIT;
    if (d->status == FS_DOC_DRAFT || d->status == FS_DOC_PENDING) {
        out[n++] = UI_APPROVE;
        out[n++] = UI_REJECT;
    }
    if (d->kind == FS_DOC_PROFORMA && d->status == FS_DOC_APPROVED && !d->invoiced_by_id)
        out[n++] = UI_CONVERT;
    out[n++] = UI_HELP;
    out[n++] = UI_BACK;
    return n;
}

static void doc_draw(struct ui *ui, void *vs)
{
    struct docview *v = vs;
    if (v->stale) {
        v->stale = false;
        doc_load(ui, v);
    }
    const fs_doc *d = &v->d;
    char ref[64], title[256], a[128], b[128];
    doc_ref(ui, d->number, d->id, ref, sizeof ref);
    snprintf(title, sizeof title, "%s %s", fs_doc_kind_label(d->kind, ui->rtl), ref);
    enum ui_action hints[12];
    ui_draw_frame(ui, title, hints, doc_hints(v, hints));
    int lw = 14, col = (ui->cols - 2) / 2, vw = col - lw - 2, x2 = 1 + col;
    ut_kv(ui, 2, 1, lw, vw, _("Related to"), d->identity_name, ROLE_NORMAL);
    ut_local_digits(ui, d->opp_number, a, sizeof a);
    ut_kv(ui, 2, x2, lw, vw, _("Opportunity"), *a ? a : _("none"), *a ? ROLE_NORMAL : ROLE_DIM);
    ut_kv(ui, 3, 1, lw, vw, _("Status"), fs_doc_status_label(d->status, ui->rtl),
       d->status == FS_DOC_REJECTED ? ROLE_WARNING : ROLE_NORMAL);
    ut_local_digits(ui, d->number, a, sizeof a);
    ut_kv(ui, 3, x2, lw, vw, _("Number"), *a ? a : _("given on approval"), *a ? ROLE_NORMAL : ROLE_DIM);
    ui_date(ui, d->issue_date, a, sizeof a);
    ut_kv(ui, 4, 1, lw, vw, _("Issue date"), a, ROLE_NORMAL);
    if (d->expiry_date[0]) {
        ui_date(ui, d->expiry_date, a, sizeof a);
        ut_kv(ui, 4, x2, lw, vw, _("Expiry date"), a, ROLE_NORMAL);
    }
    ut_kv(ui, 5, 1, lw, vw, _("Seller"), v->seller, ROLE_NORMAL);
    fs_percent_format(d->tax_bp, ui->s->digits, a, sizeof a);
    fs_percent_format(d->duties_bp, ui->s->digits, b, sizeof b);
    char rates[300];
    snprintf(rates, sizeof rates, "%s %%  /  %s %%", a, b);
    ut_kv(ui, 5, x2, lw, vw, _("Tax / duties"), rates, ROLE_NORMAL);
    ut_kv(ui, 6, 1, lw, ui->cols - lw - 4, _("Description"), d->description, ROLE_NORMAL);

    char line[512];
    /* Lines end above the two footer rows. */
    int room = ui->rows - 4 - LINES_Y;
    int shown = v->lines.n < v->lines.top + room ? v->lines.n : v->lines.top + room;
    ui_grid_draw(ui, LINES_Y, 1, ui->cols - 2, line_cols, D_COLS, v->lines.cells, shown, v->lines.sel, v->lines.top);
    if (!v->lines.n) {
        ui_text(ui, LINES_Y + 2, 1, ui->cols - 2, _("This document has no lines yet."), FS_ALIGN_CENTER, ROLE_DIM);
        if (v->changeable) {
            snprintf(line, sizeof line, _("%s: add a row"), ui_key_hint(UI_ADD_ROW));
            ui_text(ui, LINES_Y + 3, 1, ui->cols - 2, line, FS_ALIGN_CENTER, ROLE_DIM);
        }
    }
    char tot[64], disc[64], tax[64], dut[64], fin[64];
    ui_money(ui, d->total, tot, sizeof tot);
    ui_money(ui, d->discount, disc, sizeof disc);
    ui_money(ui, d->tax, tax, sizeof tax);
    ui_money(ui, d->duties, dut, sizeof dut);
    ui_money(ui, d->final, fin, sizeof fin);
    snprintf(line, sizeof line, _("Total amount %s   Discount %s"), tot, disc);
    ui_text(ui, ui->rows - 3, 1, ui->cols - 2, line, FS_ALIGN_END, ROLE_NORMAL);
    snprintf(line, sizeof line, _("Tax %s   Duties %s   Final amount %s"), tax, dut, fin);
    ut_totals(ui, line, FS_ALIGN_END);
}

/* Runs one step of the status flow and shows the outcome. */
static void doc_step(struct ui *ui, struct docview *v, enum ui_action a)
{
    fs_err e;
    fs_err_clear(&e);
    char ref[64], question[300];
    doc_ref(ui, v->d.number, v->d.id, ref, sizeof ref);
    if (a == UI_APPROVE || a == UI_REJECT) {
        snprintf(question, sizeof question, a == UI_APPROVE ? _("Approve %s %s?") : _("Reject %s %s?"),
                 fs_doc_kind_label(v->d.kind, ui->rtl), ref);
        if (!ui_confirm(ui, question))
            return;
    }
    int rc = a == UI_SUBMIT ? fs_doc_submit(ui->s, v->id, &e)
           : a == UI_APPROVE ? fs_doc_approve(ui->s, v->id, &e)
           : fs_doc_reject(ui->s, v->id, &e);
    if (rc != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    if (!doc_load(ui, v))
        return;
    doc_ref(ui, v->d.number, v->d.id, ref, sizeof ref);
    ui_message(ui, ROLE_NORMAL, a == UI_SUBMIT ? _("%s is pending approval.") : a == UI_APPROVE ? _("Approved: %s.")
                                                                                  : _("Rejected: %s."),
               ref);
}

/* Turns the approved proforma into a draft invoice and opens it. */
static void doc_convert(struct ui *ui, struct docview *v)
{
    fs_err e;
    int64_t inv;
    if (v->d.kind != FS_DOC_PROFORMA) {
        ui_message(ui, ROLE_ERROR, "%s", _("Only a proforma can be converted to an invoice."));
        return;
    }
    if (fs_doc_convert(ui->s, v->id, &inv, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    ui_open_doc(ui, inv);
    ui_message(ui, ROLE_NORMAL, "%s", _("Draft invoice created from the proforma."));
}

/* ---- changing the document: rows and header ---------------------------- */

/* True when the user may change the document now; else shows the core's
 * refusal (rejected, or approved without the right to edit after
 * approval). */
static bool may_change(struct ui *ui, struct docview *v)
{
    fs_err e;
    fs_err_clear(&e);
    if (fs_doc_changeable(ui->s, v->id, &e) == FS_OK)
        return true;
    ui_message(ui, ROLE_ERROR, "%s", e.msg);
    return false;
}

enum { LF_PRODUCT, LF_QTY, LF_PRICE, LF_PCT, LF_DISC, LF_WAREHOUSE, LF_DESC, LF_COUNT };

struct lineform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[LF_COUNT];
    struct ui_choice_src product;
    struct docview *v;         /* the document screen under the form */
    int line_no;               /* the row being changed, 0 = a new row */
    int64_t line_product;      /* its product and name as they were */
    char line_name[1024];
    int64_t note_for;          /* the product the price note is about */
    char note[300];
};

static void line_draw(struct ui *ui, void *vs)
{
    struct lineform *f = vs;
    char ref[64], title[300], row[16];
    doc_ref(ui, f->v->d.number, f->v->d.id, ref, sizeof ref);
    ui_int(ui, f->line_no, row, sizeof row);
    if (f->line_no)
        snprintf(title, sizeof title, _("Row %s of %s %s"), row, fs_doc_kind_label(f->v->d.kind, ui->rtl), ref);
    else
        snprintf(title, sizeof title, _("Add row to %s %s"), fs_doc_kind_label(f->v->d.kind, ui->rtl), ref);
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 4);
    /* The price an empty unit price stands for. */
    int64_t pid = f->w[LF_PRODUCT].id;
    if (pid != f->note_for) {
        f->note_for = pid;
        f->note[0] = '\0';
        fs_product p;
        fs_err e;
        if (pid && fs_product_get(ui->s, pid, &p, &e) == FS_OK) {
            char price[64];
            ui_money_unit(ui, p.unit_price, price, sizeof price);
            if (p.has_price)
                snprintf(f->note, sizeof f->note, _("An empty unit price is the product's price, %s."), price);
            else
                fs_text_copy(f->note, sizeof f->note, _("This product has no price: type the unit price."));
        }
    }
    ui_text(ui, 3 + LF_COUNT + 1, 2, ui->cols - 4, f->note, FS_ALIGN_START, ROLE_DIM);
    ui_text(ui, 3 + LF_COUNT + 2, 2, ui->cols - 4, _("Give either a discount percentage or a discount in Rial."),
            FS_ALIGN_START, ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

/* Adds or changes the row and goes back to the document. */
static void line_save(struct ui *ui, void *form)
{
    struct lineform *f = form;
    struct ui_widget *w = f->w;
    for (int i = 0; i < LF_COUNT; i++)
        if (w[i].popup_open)
            uw_choose(&w[i]);
    fs_err e;
    fs_err_clear(&e);
    struct fs_doc_line_in in;
    memset(&in, 0, sizeof in);
    int rc = ui_choice_resolve(ui, &w[LF_PRODUCT], &f->product, &in.product_id, &e);
    if (rc == FS_OK && !in.product_id)
        rc = fs_err_set(&e, FS_EINVAL, "product", _("product: choose a product first."));
    if (rc == FS_OK)
        rc = fs_qty_parse(uw_text(&w[LF_QTY]), "qty", &in.qty, &e);
    /* The row's own product keeps its price and name; another product
     * starts from its price unless one is typed. */
    bool same = f->line_no && in.product_id == f->line_product;
    const char *price = uw_text(&w[LF_PRICE]);
    if (rc == FS_OK && *price && (!f->line_no || same || w[LF_PRICE].changed)) {
        in.has_price = true;
        rc = fs_money_parse(price, "price", &in.unit_price, &e);
    }
    const char *pct = uw_text(&w[LF_PCT]), *amt = uw_text(&w[LF_DISC]);
    if (rc == FS_OK && *pct) {
        in.has_discount_bp = true;
        rc = fs_percent_parse(pct, "discount_percent", &in.discount_bp, &e);
    }
    if (rc == FS_OK && *amt) {
        in.has_discount = true;
        rc = fs_money_parse(amt, "discount", &in.discount, &e);
    }
    if (rc == FS_OK && *uw_text(&w[LF_WAREHOUSE]) && !w[LF_WAREHOUSE].id)
        rc = fs_lookup_warehouse(ui->s, uw_text(&w[LF_WAREHOUSE]), "warehouse", &in.warehouse_id, &e);
    else
        in.warehouse_id = *uw_text(&w[LF_WAREHOUSE]) ? w[LF_WAREHOUSE].id : 0;
    in.name = same ? f->line_name : NULL;
    in.description = uw_text(&w[LF_DESC]);
    int no = f->line_no;
    if (rc == FS_OK)
        rc = f->line_no ? fs_doc_line_edit(ui->s, f->v->id, f->line_no, &in, &e)
                        : fs_doc_line_add(ui->s, f->v->id, &in, &no, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    struct docview *v = f->v;
    const char *done = f->line_no ? _("Row changed.") : _("Row added.");
    v->stale = true;
    v->want_row = no;
    ui_pop(ui);
    /* Over the stock under quantity warehousing: saved, with the core's
     * warning. */
    if (e.msg[0])
        ui_message(ui, ROLE_WARNING, "%s %s", done, e.msg);
    else
        ui_message(ui, ROLE_NORMAL, "%s", done);
}

static const struct ui_view_ops line_ops = {
    .name = "doc-line", .draw = line_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 60, .min_rows = 16,
};

/* Opens the row form: empty for a new row (line_no 0), else filled with
 * row line_no. */
static void open_line_form(struct ui *ui, struct docview *v, int line_no)
{
    if (!may_change(ui, v))
        return;
    struct lineform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->v = v;
    f->line_no = line_no;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[LF_PRODUCT], "product", N_("Product"), W_CHOICE);
    f->product.what = "product";
    ui_choice_bind(&w[LF_PRODUCT], &f->product);
    uw_init(ui, &w[LF_QTY], "qty", N_("Quantity"), W_NUMBER);
    uw_init(ui, &w[LF_PRICE], "price", N_("Unit price"), W_AMOUNT);
    uw_init(ui, &w[LF_PCT], "discount_percent", N_("Discount %"), W_NUMBER);
    uw_init(ui, &w[LF_DISC], "discount", N_("Discount (Rial)"), W_AMOUNT);
    uw_init(ui, &w[LF_WAREHOUSE], "warehouse", N_("Warehouse"), W_CHOICE);
    w[LF_WAREHOUSE].choices = ui_warehouse_choices;
    uw_init(ui, &w[LF_DESC], "description", N_("Description"), W_TEXT);
    f->m = (struct mini){ w, LF_COUNT, LF_PRODUCT, 18, 50, line_save };
    f->note_for = -1;
    if (line_no > 0 && line_no <= v->d.nlines) {
        const fs_doc_line *l = &v->d.lines[line_no - 1];
        char buf[64];
        fs_product p;
        fs_err e;
        uw_set(&w[LF_PRODUCT], fs_product_get(ui->s, l->product_id, &p, &e) == FS_OK ? p.name : l->name,
               l->product_id);
        fs_qty_format(l->qty, ui->s->digits, buf, sizeof buf);
        uw_set(&w[LF_QTY], buf, 0);
        ui_money(ui, l->unit_price, buf, sizeof buf);
        uw_set(&w[LF_PRICE], buf, 0);
        /* The discount as a percentage when the percentage gives exactly
         * the stored amount (a new quantity keeps "3 %"), else in Rial. */
        int64_t from_pct = -1;
        fs_money_percent(l->total, l->discount_bp, &from_pct);
        if (l->discount_bp && from_pct == l->discount) {
            fs_percent_format(l->discount_bp, ui->s->digits, buf, sizeof buf);
            uw_set(&w[LF_PCT], buf, 0);
        } else if (l->discount) {
            ui_money(ui, l->discount, buf, sizeof buf);
            uw_set(&w[LF_DISC], buf, 0);
        }
        if (l->warehouse_id) {
            /* The warehouse's name, from the same list the field offers. */
            struct ui_choice all[64];
            int n = ui_warehouse_choices(ui, NULL, "", all, 64);
            for (int i = 0; i < n; i++)
                if (all[i].id == l->warehouse_id)
                    uw_set(&w[LF_WAREHOUSE], all[i].label, l->warehouse_id);
        }
        uw_set(&w[LF_DESC], l->description, 0);
        f->line_product = l->product_id;
        fs_text_copy(f->line_name, sizeof f->line_name, l->name);
        f->m.focus = LF_QTY;
    } else {
        f->line_no = 0;
    }
    ui_push(ui, &line_ops, f);
}

/* Removes the selected row after asking. */
static void remove_line(struct ui *ui, struct docview *v)
{
    if (!v->lines.n || v->lines.sel < 0 || v->lines.sel >= v->d.nlines || !may_change(ui, v))
        return;
    const fs_doc_line *l = &v->d.lines[v->lines.sel];
    char row[16], question[600];
    ui_int(ui, l->position, row, sizeof row);
    snprintf(question, sizeof question, _("Remove row %s (%s)?"), row, l->name);
    if (!ui_confirm(ui, question))
        return;
    fs_err e;
    fs_err_clear(&e);
    if (fs_doc_line_remove(ui->s, v->id, l->position, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    doc_load(ui, v);
    ui_message(ui, ROLE_NORMAL, "%s", _("Row removed."));
}

enum { HF_ISSUE, HF_EXPIRY, HF_DESC, HF_COUNT };

struct headform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[HF_COUNT];
    struct docview *v;
};

static void head_draw(struct ui *ui, void *vs)
{
    struct headform *f = vs;
    char ref[64], title[300];
    doc_ref(ui, f->v->d.number, f->v->d.id, ref, sizeof ref);
    snprintf(title, sizeof title, _("Header of %s %s"), fs_doc_kind_label(f->v->d.kind, ui->rtl), ref);
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_PICK_DATE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 5);
    mini_draw(ui, &f->m, 3);
}

static void head_save(struct ui *ui, void *form)
{
    struct headform *f = form;
    fs_err e;
    fs_err_clear(&e);
    char issue[11], expiry[11];
    int rc = uw_date_iso(ui, &f->w[HF_ISSUE], "date", issue, &e);
    if (rc == FS_OK && f->w[HF_EXPIRY].kind != W_READONLY)
        rc = uw_date_iso(ui, &f->w[HF_EXPIRY], "expiry", expiry, &e);
    else
        expiry[0] = '\0';
    /* An empty date leaves it as it is. */
    struct fs_doc_edit in = { issue[0] ? issue : NULL, expiry[0] ? expiry : NULL, uw_text(&f->w[HF_DESC]) };
    if (rc == FS_OK)
        rc = fs_doc_update(ui->s, f->v->id, &in, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    f->v->stale = true;
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, "%s", _("Header saved."));
}

static const struct ui_view_ops head_ops = {
    .name = "doc-header", .draw = head_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 50, .min_rows = 10,
};

/* A stored date as the date fields show it. */
static void set_date(struct ui *ui, struct ui_widget *w, const char *iso)
{
    fs_day d;
    char buf[32] = "";
    if (iso && *iso && fs_day_from_iso(iso, &d) == FS_OK)
        fs_date_format(d, ui->s->calendar, ui->s->digits, buf, sizeof buf);
    uw_set(w, buf, 0);
}

static void open_head_form(struct ui *ui, struct docview *v)
{
    if (!may_change(ui, v))
        return;
    struct headform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->v = v;
    uw_init(ui, &f->w[HF_ISSUE], "date", N_("Issue date"), W_DATE);
    uw_init(ui, &f->w[HF_EXPIRY], "expiry", N_("Expiry date"),
            v->d.kind == FS_DOC_PROFORMA ? W_DATE : W_READONLY);
    uw_init(ui, &f->w[HF_DESC], "description", N_("Description"), W_TEXT);
    set_date(ui, &f->w[HF_ISSUE], v->d.issue_date);
    set_date(ui, &f->w[HF_EXPIRY], v->d.expiry_date);
    uw_set(&f->w[HF_DESC], v->d.description, 0);
    f->m = (struct mini){ f->w, HF_COUNT, HF_ISSUE, 16, 50, head_save };
    ui_push(ui, &head_ops, f);
}

static bool doc_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct docview *v = vs;
    if (ui_is(k, UI_SUBMIT) || ui_is(k, UI_APPROVE) || ui_is(k, UI_REJECT)) {
        doc_step(ui, v, ui_is(k, UI_SUBMIT) ? UI_SUBMIT : ui_is(k, UI_APPROVE) ? UI_APPROVE : UI_REJECT);
        return true;
    }
    if (ui_is(k, UI_CONVERT)) {
        doc_convert(ui, v);
        return true;
    }
    if (ui_is(k, UI_ADD_ROW)) {
        open_line_form(ui, v, 0);
        return true;
    }
    if (ui_is(k, UI_OPEN)) {
        if (v->lines.n && v->lines.sel >= 0)
            open_line_form(ui, v, v->lines.sel + 1);
        return true;
    }
    if (ui_is(k, UI_DEL_ROW)) {
        remove_line(ui, v);
        return true;
    }
    if (ui_is(k, UI_EDIT_HEADER)) {
        open_head_form(ui, v);
        return true;
    }
    return ut_nav_key(ui, &v->lines, k, ui->rows - 4 - LINES_Y, NULL, v);
}

static void doc_close(void *vs)
{
    struct docview *v = vs;
    if (v->have)
        fs_doc_free(&v->d);
    ut_free(&v->lines);
    free(v);
}

static const struct ui_view_ops doc_ops = {
    .name = "doc", .draw = doc_draw, .key = doc_key, .close = doc_close, .min_cols = 80, .min_rows = 16,
};

void ui_open_doc(struct ui *ui, int64_t doc_id)
{
    struct docview *v = calloc(1, sizeof *v);
    if (!v)
        return;
    v->id = doc_id;
    ut_init(&v->lines, D_COLS);
    if (!doc_load(ui, v)) {
        doc_close(v);
        return;
    }
    ui_push(ui, &doc_ops, v);
}

/* ---- a new document ---------------------------------------------------- */

enum { ND_KIND, ND_CONTACT, ND_OPP, ND_SOURCE, ND_ISSUE, ND_EXPIRY, ND_DESC, ND_COUNT };

struct newdoc {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[ND_COUNT];
    struct ui_choice_src contact;
    int64_t identity_id;       /* the chosen contact, whose opportunities are offered */
    bool fixed;                /* opened from that identity's profile */
    bool *saved;               /* the screen under the form reloads */
};

/* Proforma, invoice and sales return (ids 1–3), narrowed by the start of
 * a word of their Persian or English names. */
static int kind_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    (void)ctx;
    char *key = fs_text_search_key(text);
    int n = 0;
    for (int k = FS_DOC_PROFORMA; k <= FS_DOC_RETURN && n < max; k++) {
        bool match = !key || !*key || ui_key_match(fs_doc_kind_label((enum fs_doc_kind)k, true), key) ||
                     ui_key_match(fs_doc_kind_label((enum fs_doc_kind)k, false), key) ||
                     ui_key_match(fs_doc_kind_name((enum fs_doc_kind)k), key);
        if (!match)
            continue;
        out[n].id = k + 1;
        fs_text_copy(out[n].label, sizeof out[n].label, fs_doc_kind_label((enum fs_doc_kind)k, ui->rtl));
        out[n].hint[0] = '\0';
        n++;
    }
    free(key);
    return n;
}

/* Collects the approved invoices of a contact whose number holds the
 * typed digits, the newest last (the oldest drop out when full). */
struct invoice_pick {
    struct ui *ui;
    const char *digits;
    struct ui_choice *out;
    int max, n;
    int64_t last;
};

static int collect_invoice(void *ctx, const fs_doc_row *r)
{
    struct invoice_pick *c = ctx;
    c->last = r->id;
    if (c->digits[0] && !strstr(r->number, c->digits))
        return 0;
    if (c->n == c->max) {
        memmove(c->out, c->out + 1, (size_t)(c->max - 1) * sizeof *c->out);
        c->n--;
    }
    struct ui_choice *o = &c->out[c->n++];
    o->id = r->id;
    doc_ref(c->ui, r->number, r->id, o->label, sizeof o->label);
    char fin[48], day[32] = "";
    ui_money(c->ui, r->final, fin, sizeof fin);
    ui_date(c->ui, r->issue_date, day, sizeof day);
    snprintf(o->hint, sizeof o->hint, "%s  %s", day, fin);
    return 0;
}

/* A sales return names the invoice it returns: the contact's approved
 * invoices, newest first, narrowed by digits of their number. */
static int invoice_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    int64_t identity = *(const int64_t *)ctx;
    if (!identity)
        return 0;
    char *latin = fs_text_latin_digits(text);
    char digits[64] = "";
    size_t k = 0;
    for (const char *p = latin ? latin : ""; *p && k + 1 < sizeof digits; p++)
        if (*p >= '0' && *p <= '9')
            digits[k++] = *p;
    digits[k] = '\0';
    free(latin);
    struct invoice_pick c = { ui, digits, out, max, 0, 0 };
    struct fs_doc_filter f = { .kind = FS_DOC_INVOICE, .status = FS_DOC_APPROVED, .identity_id = identity };
    fs_err e;
    for (;;) {
        f.after = c.last;
        int64_t before = c.last;
        if (fs_doc_list(ui->s, &f, collect_invoice, &c, &e) != FS_OK || c.last == before)
            break;
    }
    for (int i = 0; i < c.n / 2; i++) {
        struct ui_choice t = out[i];
        out[i] = out[c.n - 1 - i];
        out[c.n - 1 - i] = t;
    }
    return c.n;
}

/* Only a proforma has an expiry date and only a return names an invoice;
 * the opportunities and invoices follow the contact. */
static void newdoc_sync(struct newdoc *f)
{
    struct ui_widget *x = &f->w[ND_EXPIRY];
    bool proforma = f->w[ND_KIND].id == FS_DOC_PROFORMA + 1;
    if (!proforma && x->kind != W_READONLY) {
        uw_set(x, "", 0);
        x->kind = W_READONLY;
    } else if (proforma && x->kind == W_READONLY) {
        x->kind = W_DATE;
    }
    struct ui_widget *src = &f->w[ND_SOURCE];
    bool ret = f->w[ND_KIND].id == FS_DOC_RETURN + 1;
    if (!ret && src->kind != W_READONLY) {
        uw_set(src, "", 0);
        src->kind = W_READONLY;
    } else if (ret && src->kind == W_READONLY) {
        src->kind = W_CHOICE;
    }
    if (!f->fixed)
        f->identity_id = f->w[ND_CONTACT].id;
}

static void newdoc_draw(struct ui *ui, void *vs)
{
    struct newdoc *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_PICK_DATE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("New document"), hints, 5);
    int y = 3 + ND_COUNT + 1;
    if (f->w[ND_EXPIRY].kind != W_READONLY)
        ui_text(ui, y++, 2, ui->cols - 4, _("An empty expiry date is the default validity."), FS_ALIGN_START,
                ROLE_DIM);
    ui_text(ui, y, 2, ui->cols - 4, _("After saving, the document opens: add its rows there."), FS_ALIGN_START,
            ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

/* Related to: the quick-create saved a new identity, now in the field. */
static void newdoc_contact_created(struct ui *ui, void *ctx)
{
    (void)ui;
    struct newdoc *f = ctx;
    newdoc_sync(f);
    mini_step(&f->m, 1);
}

static bool newdoc_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    if (ui_is(k, UI_SAVE))
        return mini_view_key(ui, vs, k); /* may close the form */
    struct newdoc *f = vs;
    /* Related to: text that matches no identity creates one (Enter, Ins). */
    if (f->m.focus == ND_CONTACT && !f->fixed &&
        ui_identity_lookup_key(ui, &f->w[ND_CONTACT], k, newdoc_contact_created, f))
        return true;
    bool used = mini_view_key(ui, vs, k);
    newdoc_sync(vs);
    if (f->m.focus == ND_CONTACT && !f->fixed)
        ui_identity_lookup_hint(ui, &f->w[ND_CONTACT]);
    return used;
}

static void newdoc_save(struct ui *ui, void *form)
{
    struct newdoc *f = form;
    struct ui_widget *w = f->w;
    for (int i = 0; i < ND_COUNT; i++)
        if (w[i].popup_open)
            uw_choose(&w[i]);
    newdoc_sync(f);
    fs_err e;
    fs_err_clear(&e);
    struct fs_doc_new in;
    memset(&in, 0, sizeof in);
    char issue[11] = "", expiry[11] = "";
    int rc = FS_OK;
    if (w[ND_KIND].id < 1 || w[ND_KIND].id > 3)
        rc = fs_err_set(&e, FS_EINVAL, "kind", _("kind: choose proforma, invoice or sales return."));
    in.kind = (enum fs_doc_kind)(w[ND_KIND].id - 1);
    if (rc == FS_OK && f->fixed)
        in.identity_id = f->identity_id;
    else if (rc == FS_OK)
        rc = ui_choice_resolve(ui, &w[ND_CONTACT], &f->contact, &in.identity_id, &e);
    if (rc == FS_OK && *uw_text(&w[ND_OPP]) && !w[ND_OPP].id)
        rc = fs_err_set(&e, FS_EINVAL, "opp", _("opportunity: choose one of this identity's opportunities."));
    in.opp_id = w[ND_OPP].id;
    if (rc == FS_OK && *uw_text(&w[ND_SOURCE]) && !w[ND_SOURCE].id)
        rc = fs_err_set(&e, FS_EINVAL, "source", _("%s: choose one of this contact's approved invoices."),
                        "source");
    in.source_doc_id = w[ND_SOURCE].id;
    if (rc == FS_OK)
        rc = uw_date_iso(ui, &w[ND_ISSUE], "date", issue, &e);
    if (rc == FS_OK && w[ND_EXPIRY].kind != W_READONLY)
        rc = uw_date_iso(ui, &w[ND_EXPIRY], "expiry", expiry, &e);
    in.issue_date = issue;
    in.expiry_date = expiry;
    in.description = uw_text(&w[ND_DESC]);
    int64_t id = 0;
    if (rc == FS_OK)
        rc = fs_doc_create(ui->s, &in, &id, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    if (f->saved)
        *f->saved = true;
    ui_pop(ui);
    ui_open_doc(ui, id);
    char ref[64];
    doc_ref(ui, NULL, id, ref, sizeof ref);
    ui_message(ui, ROLE_NORMAL, _("%s %s saved. %s: add a row."), fs_doc_kind_label(in.kind, ui->rtl), ref,
               ui_key_hint(UI_ADD_ROW));
}

static const struct ui_view_ops newdoc_ops = {
    .name = "doc-new", .draw = newdoc_draw, .key = newdoc_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 60, .min_rows = 14,
};

void ui_open_doc_new(struct ui *ui, int64_t identity_id, int kind, bool *saved)
{
    struct newdoc *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->saved = saved;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[ND_KIND], "kind", N_("Kind"), W_CHOICE);
    w[ND_KIND].choices = kind_choices;
    uw_init(ui, &w[ND_CONTACT], "contact", N_("Related to"), identity_id ? W_READONLY : W_CHOICE);
    f->contact.what = "contact";
    uw_init(ui, &w[ND_OPP], "opp", N_("Opportunity"), W_CHOICE);
    w[ND_OPP].choices = mini_opp_choices;
    w[ND_OPP].ctx = &f->identity_id;
    uw_init(ui, &w[ND_SOURCE], "source", N_("Invoice returned"), W_READONLY);
    w[ND_SOURCE].choices = invoice_choices;
    w[ND_SOURCE].ctx = &f->identity_id;
    uw_init(ui, &w[ND_ISSUE], "date", N_("Issue date"), W_DATE);
    uw_init(ui, &w[ND_EXPIRY], "expiry", N_("Expiry date"), W_DATE);
    uw_init(ui, &w[ND_DESC], "description", N_("Description"), W_TEXT);
    f->m = (struct mini){ w, ND_COUNT, ND_KIND, 16, 50, newdoc_save };
    if (identity_id) {
        fs_identity idn;
        fs_err e;
        if (fs_identity_get(ui->s, identity_id, &idn, &e) != FS_OK) {
            ui_message(ui, ROLE_ERROR, "%s", e.msg);
            mini_view_close(f);
            return;
        }
        uw_set(&w[ND_CONTACT], idn.name, identity_id);
        fs_identity_free(&idn);
        f->fixed = true;
        f->identity_id = identity_id;
    } else {
        ui_choice_bind(&w[ND_CONTACT], &f->contact);
    }
    if (kind >= FS_DOC_PROFORMA && kind <= FS_DOC_RETURN) {
        uw_set(&w[ND_KIND], fs_doc_kind_label((enum fs_doc_kind)kind, ui->rtl), kind + 1);
        f->m.focus = f->fixed ? ND_OPP : ND_CONTACT;
    }
    char today[32];
    fs_date_format(ui->s->today, ui->s->calendar, ui->s->digits, today, sizeof today);
    uw_set(&w[ND_ISSUE], today, 0);
    newdoc_sync(f);
    ui_push(ui, &newdoc_ops, f);
}
