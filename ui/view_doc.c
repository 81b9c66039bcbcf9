/* view_doc.c — sales documents (SPEC §7.1): the list with kind and status
 * filters, and the document screen (header, lines with tax and duties,
 * totals) with the status flow: submit, approve, reject, and converting an
 * approved proforma into an invoice.  Every rule — who may approve, what
 * may change after approval, the numbering — is the core's; a refusal
 * shows the core's sentence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "i18n.h"
#include "money.h"
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
    static const enum ui_action hints[] = { UI_OPEN, UI_FILTER_KIND, UI_FILTER_STATUS, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Documents"), hints, 5);
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
    return true;
}

/* The actions the document's kind and status allow, for the status bar. */
static int doc_hints(const fs_doc *d, enum ui_action *out)
{
    int n = 0;
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
    const fs_doc *d = &v->d;
    char ref[64], title[256], a[128], b[128];
    doc_ref(ui, d->number, d->id, ref, sizeof ref);
    snprintf(title, sizeof title, "%s %s", fs_doc_kind_label(d->kind, ui->rtl), ref);
    enum ui_action hints[8];
    ui_draw_frame(ui, title, hints, doc_hints(d, hints));
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

    /* Lines end above the two footer rows. */
    int room = ui->rows - 4 - LINES_Y;
    int shown = v->lines.n < v->lines.top + room ? v->lines.n : v->lines.top + room;
    ui_grid_draw(ui, LINES_Y, 1, ui->cols - 2, line_cols, D_COLS, v->lines.cells, shown, v->lines.sel, v->lines.top);
    if (!v->lines.n)
        ui_text(ui, LINES_Y + 2, 1, ui->cols - 2, _("This document has no lines yet."), FS_ALIGN_CENTER, ROLE_DIM);
    char tot[64], disc[64], tax[64], dut[64], fin[64], line[512];
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
