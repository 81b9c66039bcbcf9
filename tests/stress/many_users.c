/* many_users.c — a sales team on one database at once (SPEC §11).
 *
 * The parent builds a database through the domain functions (users,
 * identities, products with stock, a second warehouse with grants, one
 * opportunity everybody edits), then forks FORSAT_STRESS_PROCS processes
 * (16; 32 for the heavier run) that each open their own connection and,
 * for FORSAT_STRESS_SECONDS (10), do what sales reps do: create and edit
 * opportunities, edit the shared one at the same time as the others (the
 * version check must catch every overlap), issue proformas and invoices
 * from opportunities and approve them, convert proformas, record returns,
 * receipts, payments and contracts, move stock and list opportunities
 * with totals.  Each child writes every operation it was told succeeded to
 * its own log.  The parent then checks, with its own SQL and against the
 * logs: nothing reported done is missing, nothing was overwritten
 * silently, no caller ever saw "database is locked", balances, stock on
 * hand and frozen stock add up, document and opportunity numbers are
 * gap-free, and the file is sound.
 */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "balance.h"
#include "document.h"
#include "identity.h"
#include "money.h"
#include "opp_list.h"
#include "opportunity.h"
#include "product.h"
#include "stock.h"
#include "stress_util.h"
#include "user.h"

#define MAX_PROCS 64
#define NIDENT 12
#define NPROD 6
#define NTRACKED 4
#define MAX_MINE 20000

static const char *const logins[] = { "reza", "sara", "omid", "neda" };
#define NLOGINS 4

/* What the parent set up, inherited by every child. */
static struct {
    int64_t ident[NIDENT];
    int64_t prod[NPROD];     /* the first NTRACKED are stock-tracked */
    int64_t wh[2];
    int64_t shared;          /* the opportunity everybody edits */
    int64_t shared_version0;
} W;

/* ---- setup --------------------------------------------------------------- */

static void must(int rc, const fs_err *e, const char *what)
{
    if (rc != FS_OK)
        st_die("setup: %s: %s", what, e->msg);
}

/* Adds an opportunity line of qty units of product (its own price). */
static void add_line(fs_opp *o, int64_t product, int64_t qty, int64_t discount_bp)
{
    fs_err e;
    fs_opp_line_in in = { .product_id = product, .qty = qty };
    if (discount_bp) {
        in.has_discount_bp = true;
        in.discount_bp = discount_bp;
    }
    must(fs_opp_line_add(o, &in, NULL, &e), &e, "line");
}

static void setup(FILE *log)
{
    static const char *const people[NIDENT] = {
        "علی کریمی", "شرکت فولاد مبارکه", "مریم حسینی", "شرکت داده‌پردازان پارس", "حسین رضایی",
        "فروشگاه زنجیره‌ای رفاه", "زهرا محمدی", "شرکت ملی نفت", "محمد جعفری", "بیمارستان میلاد",
        "فاطمه احمدی", "دانشگاه صنعتی شریف",
    };
    static const struct { const char *code, *name; int64_t price; bool taxable; } products[NPROD] = {
        { "LP-100", "لپ‌تاپ ایسوس", 10000000, true },  { "PR-200", "چاپگر لیزری اچ‌پی", 8500000, true },
        { "MN-300", "مانیتور ۲۷ اینچ سامسونگ", 6250000, false }, { "RT-400", "روتر سیسکو", 12000000, true },
        { "SV-500", "نصب و راه‌اندازی", 1500000, false }, { "SP-600", "پشتیبانی سالانه", 25000000, false },
    };
    fs_err e;
    fs_session s;
    if (fs_init_database(st_db, "reza", &e) != FS_OK)
        st_die("init: %s", e.msg);
    st_session(&s, st_db, "reza");
    int64_t uid[NLOGINS] = { s.user_id };
    const char *names[NLOGINS] = { NULL, "سارا احمدی", "امید نوری", "ندا صالحی" };
    for (int i = 1; i < NLOGINS; i++)
        must(fs_user_add(&s, logins[i], names[i], "sales_manager", &uid[i], &e), &e, "user");
    for (int i = 0; i < NIDENT; i++) {
        fs_identity id = { .kind = strncmp(people[i], "شرکت", 8) == 0 || i % 2 ? "org" : "person",
                           .name = people[i] };
        must(fs_identity_add(&s, &id, false, &W.ident[i], &e), &e, "identity");
    }
    for (int i = 0; i < NPROD; i++) {
        fs_product p;
        fs_product_init(&p);
        snprintf(p.code, sizeof p.code, "%s", products[i].code);
        snprintf(p.name, sizeof p.name, "%s", products[i].name);
        p.has_price = true;
        p.unit_price = products[i].price;
        p.taxable = products[i].taxable;
        p.stock_tracked = i < NTRACKED;
        p.service = i >= NTRACKED;
        must(fs_product_add(&s, &p, &W.prod[i], &e), &e, "product");
    }
    W.wh[0] = 1; /* «انبار مرکزی», made by init */
    must(fs_warehouse_add(&s, "انبار شیراز", &W.wh[1], &e), &e, "warehouse");
    for (int w = 0; w < 2; w++)
        for (int u = 0; u < NLOGINS; u++)
            must(fs_warehouse_grant(&s, W.wh[w], uid[u], &e), &e, "grant");
    for (int p = 0; p < NTRACKED; p++)
        for (int w = 0; w < 2; w++) {
            fs_stock_req r = { .kind = FS_MOVE_IN, .product_id = W.prod[p], .warehouse_id = W.wh[w],
                               .qty = 100 * FS_QTY_SCALE, .description = "موجودی اول دوره" };
            fs_stock_result res;
            must(fs_stock_record(&s, &r, &res, &e), &e, "stock in");
            fprintf(log, "stock\t%" PRId64 "\tin\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n", res.move_id, W.prod[p],
                    W.wh[w], r.qty);
        }
    fs_opp o;
    must(fs_opp_new(&s, &o, &e), &e, "new");
    o.identity_id = W.ident[1];
    must(fs_opp_set_text(&o.title, "قرارداد مشترک تیم فروش", &e), &e, "title");
    add_line(&o, W.prod[0], 10 * FS_QTY_SCALE, 0);
    add_line(&o, W.prod[4], 1 * FS_QTY_SCALE, 0);
    must(fs_opp_save(&s, &o, &e), &e, "shared opportunity");
    W.shared = o.id;
    W.shared_version0 = o.version;
    fprintf(log, "opp\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%d\n", o.id, o.version, o.final_amount, o.nlines);
    fs_opp_free(&o);
    fs_session_close(&s);
}

/* ---- a child: one sales rep at work -------------------------------------- */

enum op { OP_NEW, OP_EDIT, OP_SHARED, OP_PROFORMA, OP_INVOICE, OP_MONEY, OP_RETURN, OP_STOCK, OP_LIST, NOPS };
static const char *const op_names[NOPS] = { "new", "edit", "shared", "proforma", "invoice", "money", "return",
                                            "stock", "list" };
/* Out of 100. */
static const int op_weight[NOPS] = { 20, 12, 18, 10, 10, 12, 3, 12, 3 };

struct child {
    int no;
    fs_session s;
    FILE *log;
    uint64_t rng;
    long seq;
    int unexpected;
    int64_t mine[MAX_MINE];        /* my opportunities */
    int nmine;
    int64_t invoices[MAX_MINE];    /* my approved invoices */
    int ninvoices;
    int64_t proformas[MAX_MINE];   /* my approved proformas not yet converted */
    int nproformas;
    long done[NOPS];
    double *lat;                   /* every operation's milliseconds */
    long nlat, cap_lat;
};

/* Logs a failure nobody expected: every failure here is one. */
static void unexpected(struct child *c, const char *op, const fs_err *e)
{
    fprintf(c->log, "error\t%s\t%d\t%s\n", op, e->code, e->msg);
    fflush(c->log);
    c->unexpected++;
}

/* Even a success may carry a warning: none may speak of a lock. */
static void watch_message(struct child *c, const char *op, const fs_err *e)
{
    if (e->msg[0] && st_is_lock_message(e->msg)) {
        fprintf(c->log, "lockmsg\t%s\t%s\n", op, e->msg);
        c->unexpected++;
    }
}

static int64_t pick(struct child *c, const int64_t *v, int n) { return v[st_rand_range(&c->rng, 0, n - 1)]; }

/* A new opportunity with 1–5 lines. */
static void op_new(struct child *c)
{
    fs_err e;
    fs_opp o;
    if (fs_opp_new(&c->s, &o, &e) != FS_OK) {
        unexpected(c, "new", &e);
        return;
    }
    o.identity_id = pick(c, W.ident, NIDENT);
    char title[128];
    snprintf(title, sizeof title, "فرصت فروش %d-%ld", c->no, c->seq);
    fs_opp_set_text(&o.title, title, &e);
    o.probability = (int)st_rand_range(&c->rng, 0, 100);
    int n = (int)st_rand_range(&c->rng, 1, 5);
    for (int i = 0; i < n; i++) {
        fs_opp_line_in in = { .product_id = pick(c, W.prod, NPROD),
                              .qty = st_rand_range(&c->rng, 1, 200) * FS_QTY_SCALE / 10 };
        if (st_rand(&c->rng) % 3 == 0) {
            in.has_discount_bp = true;
            in.discount_bp = st_rand_range(&c->rng, 0, 1500);
        }
        fs_opp_line_add(&o, &in, NULL, &e);
    }
    if (fs_opp_save(&c->s, &o, &e) != FS_OK) {
        unexpected(c, "new", &e);
    } else {
        fprintf(c->log, "opp\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%d\n", o.id, o.version, o.final_amount, o.nlines);
        if (c->nmine < MAX_MINE)
            c->mine[c->nmine++] = o.id;
        c->done[OP_NEW]++;
    }
    fs_opp_free(&o);
}

/* Edits one of my opportunities: probability, and a line added or removed. */
static void op_edit(struct child *c)
{
    if (!c->nmine) {
        op_new(c);
        return;
    }
    fs_err e;
    fs_opp o;
    if (fs_opp_load(&c->s, pick(c, c->mine, c->nmine), &o, &e) != FS_OK) {
        unexpected(c, "edit", &e);
        return;
    }
    o.probability = (int)st_rand_range(&c->rng, 0, 100);
    if (o.nlines > 1 && st_rand(&c->rng) % 2)
        fs_opp_line_remove(&o, o.nlines, &e);
    else if (o.nlines < 8) {
        fs_opp_line_in in = { .product_id = pick(c, W.prod, NPROD), .qty = st_rand_range(&c->rng, 1, 9) * FS_QTY_SCALE };
        fs_opp_line_add(&o, &in, NULL, &e);
    }
    if (fs_opp_save(&c->s, &o, &e) != FS_OK)
        unexpected(c, "edit", &e);
    else {
        fprintf(c->log, "opp\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\t%d\n", o.id, o.version, o.final_amount, o.nlines);
        c->done[OP_EDIT]++;
    }
    fs_opp_free(&o);
}

/* Edits the opportunity everybody edits: read, think for up to 2 ms,
 * save.  A save over someone else's must be refused as a conflict. */
static void op_shared(struct child *c)
{
    fs_err e;
    fs_opp o;
    if (fs_opp_load(&c->s, W.shared, &o, &e) != FS_OK) {
        unexpected(c, "shared", &e);
        return;
    }
    int64_t base = o.version;
    usleep((useconds_t)st_rand_range(&c->rng, 0, 2000));
    char title[128];
    snprintf(title, sizeof title, "قرارداد مشترک — ویرایش %d-%ld", c->no, c->seq);
    fs_opp_set_text(&o.title, title, &e);
    o.probability = (int)st_rand_range(&c->rng, 0, 100);
    int64_t qty = st_rand_range(&c->rng, 1, 50) * FS_QTY_SCALE;
    fs_opp_line_in in = { .qty = qty };
    fs_opp_line_edit(&o, 1, &in, &e);
    int rc = fs_opp_save(&c->s, &o, &e);
    if (rc == FS_OK) {
        /* The save moved the version from base to base + 1; the reload
         * after it may already show someone else's later save. */
        fprintf(c->log, "shared\t%" PRId64 "\t%" PRId64 "\t%s\t%d\t%" PRId64 "\n", base, base + 1, title, o.probability,
                qty);
        c->done[OP_SHARED]++;
    } else if (rc == FS_ECONFLICT && strcmp(e.field, "version") == 0) {
        fprintf(c->log, "conflict\t%" PRId64 "\n", base);
        watch_message(c, "shared", &e);
    } else {
        unexpected(c, "shared", &e);
    }
    fs_opp_free(&o);
}

/* Logs a document as the database now has it. */
static bool log_doc(struct child *c, int64_t id, const char *op)
{
    fs_err e;
    fs_doc d;
    if (fs_doc_load(&c->s, id, &d, &e) != FS_OK) {
        unexpected(c, op, &e);
        return false;
    }
    fprintf(c->log, "doc\t%" PRId64 "\t%s\t%s\t%s\t%" PRId64 "\t%" PRId64 "\n", d.id, fs_doc_kind_name(d.kind),
            fs_doc_status_name(d.status), d.number[0] ? d.number : "-", d.final, d.opp_id);
    fs_doc_free(&d);
    return true;
}

/* Issues a document from one of my opportunities and (mostly) approves
 * it; approved proformas are now and then converted into invoices. */
static void op_issue(struct child *c, enum fs_doc_kind kind)
{
    const char *op = kind == FS_DOC_PROFORMA ? "proforma" : "invoice";
    fs_err e;
    if (kind == FS_DOC_INVOICE && c->nproformas && st_rand(&c->rng) % 2) {
        int k = (int)st_rand_range(&c->rng, 0, c->nproformas - 1);
        int64_t inv;
        if (fs_doc_convert(&c->s, c->proformas[k], &inv, &e) != FS_OK || fs_doc_approve(&c->s, inv, &e) != FS_OK) {
            unexpected(c, "convert", &e);
            return;
        }
        c->proformas[k] = c->proformas[--c->nproformas];
        if (log_doc(c, inv, op) && c->ninvoices < MAX_MINE)
            c->invoices[c->ninvoices++] = inv;
        c->done[OP_INVOICE]++;
        return;
    }
    if (!c->nmine) {
        op_new(c);
        return;
    }
    int64_t opp = pick(c, c->mine, c->nmine), id;
    if (fs_doc_issue_from_opp(&c->s, opp, kind, &id, &e) != FS_OK) {
        unexpected(c, op, &e);
        return;
    }
    bool approve = st_rand(&c->rng) % 5 != 0;
    if (approve && fs_doc_approve(&c->s, id, &e) != FS_OK) {
        unexpected(c, op, &e);
        approve = false;
    }
    if (!log_doc(c, id, op))
        return;
    if (approve && kind == FS_DOC_INVOICE && c->ninvoices < MAX_MINE)
        c->invoices[c->ninvoices++] = id;
    if (approve && kind == FS_DOC_PROFORMA && c->nproformas < MAX_MINE)
        c->proformas[c->nproformas++] = id;
    c->done[kind == FS_DOC_PROFORMA ? OP_PROFORMA : OP_INVOICE]++;
}

/* A receipt (mostly), payment or contract for one of my opportunities,
 * half the time also linked to one of my approved invoices. */
static void op_money(struct child *c)
{
    if (!c->nmine) {
        op_new(c);
        return;
    }
    fs_err e;
    struct fs_money_item_new in = { .amount = st_rand_range(&c->rng, 1, 5000) * 10000 };
    int r = (int)(st_rand(&c->rng) % 10);
    in.kind = r < 6 ? FS_MONEY_RECEIPT : r < 8 ? FS_MONEY_PAYMENT : FS_MONEY_CONTRACT;
    if (c->ninvoices && st_rand(&c->rng) % 2) {
        fs_doc d;
        in.doc_id = pick(c, c->invoices, c->ninvoices);
        if (fs_doc_load(&c->s, in.doc_id, &d, &e) != FS_OK) {
            unexpected(c, "money", &e);
            return;
        }
        in.opp_id = d.opp_id;
        fs_doc_free(&d);
    } else {
        in.opp_id = pick(c, c->mine, c->nmine);
    }
    in.description = "دریافت از مشتری";
    int64_t id;
    if (fs_money_item_add(&c->s, &in, &id, &e) != FS_OK) {
        unexpected(c, "money", &e);
        return;
    }
    fprintf(c->log, "money\t%" PRId64 "\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n", id,
            fs_money_item_kind_name(in.kind), in.amount, in.opp_id, in.doc_id);
    c->done[OP_MONEY]++;
}

/* A sales return of one unit of the first line of one of my invoices. */
static void op_return(struct child *c)
{
    if (!c->ninvoices) {
        op_money(c);
        return;
    }
    fs_err e;
    fs_doc inv;
    int64_t src = pick(c, c->invoices, c->ninvoices), id;
    if (fs_doc_load(&c->s, src, &inv, &e) != FS_OK) {
        unexpected(c, "return", &e);
        return;
    }
    struct fs_doc_new in = { .kind = FS_DOC_RETURN, .opp_id = inv.opp_id, .source_doc_id = src,
                             .description = "برگشت یک عدد" };
    struct fs_doc_line_in l = { .product_id = inv.lines[0].product_id,
                                .qty = inv.lines[0].qty < FS_QTY_SCALE ? inv.lines[0].qty : FS_QTY_SCALE,
                                .has_price = true, .unit_price = inv.lines[0].unit_price };
    fs_doc_free(&inv);
    if (fs_doc_create(&c->s, &in, &id, &e) != FS_OK || fs_doc_line_add(&c->s, id, &l, NULL, &e) != FS_OK ||
        fs_doc_approve(&c->s, id, &e) != FS_OK) {
        unexpected(c, "return", &e);
        return;
    }
    if (log_doc(c, id, "return"))
        c->done[OP_RETURN]++;
}

/* Stock in or out of a tracked product in either warehouse. */
static void op_stock(struct child *c)
{
    fs_err e;
    fs_stock_req r = { .kind = st_rand(&c->rng) % 2 ? FS_MOVE_IN : FS_MOVE_OUT,
                       .product_id = pick(c, W.prod, NTRACKED), .warehouse_id = pick(c, W.wh, 2),
                       .qty = st_rand_range(&c->rng, 1, 30) * FS_QTY_SCALE, .description = "جابجایی انبار" };
    fs_stock_result res;
    if (fs_stock_record(&c->s, &r, &res, &e) != FS_OK) {
        unexpected(c, "stock", &e);
        return;
    }
    watch_message(c, "stock", &e); /* a warning when more went out than was there */
    fprintf(c->log, "stock\t%" PRId64 "\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRId64 "\n", res.move_id,
            r.kind == FS_MOVE_IN ? "in" : "out", r.product_id, r.warehouse_id, r.qty);
    c->done[OP_STOCK]++;
}

/* The opportunity list with totals, and one balance. */
static void op_list(struct child *c)
{
    fs_err e;
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    if (st_rand(&c->rng) % 2)
        f.text = "فرصت";
    fs_opp_page page;
    if (fs_opp_list(&c->s, &f, &page, &e) != FS_OK) {
        unexpected(c, "list", &e);
        return;
    }
    fprintf(c->log, "list\t%" PRId64 "\t%" PRId64 "\n", page.count, page.sum_final);
    fs_opp_page_free(&page);
    fs_balance b;
    if (c->nmine && fs_balance_opp(&c->s, pick(c, c->mine, c->nmine), &b, &e) != FS_OK) {
        unexpected(c, "balance", &e);
        return;
    }
    c->done[OP_LIST]++;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One child's whole life; returns its exit status. */
static int child_main(int no, double seconds, uint64_t seed)
{
    struct child *c = calloc(1, sizeof *c);
    if (!c)
        return 3;
    c->no = no;
    c->rng = seed ^ ((uint64_t)(no + 1) * 0x9E3779B97F4A7C15ULL);
    char path[400];
    snprintf(path, sizeof path, "%s/child-%02d.log", st_dir, no);
    c->log = fopen(path, "w");
    if (!c->log)
        return 3;
    st_session(&c->s, st_db, logins[no % NLOGINS]);
    double end = st_now_ms() + seconds * 1000.0;
    for (c->seq = 1; st_now_ms() < end; c->seq++) {
        int r = (int)(st_rand(&c->rng) % 100), op = 0;
        while (r >= op_weight[op])
            r -= op_weight[op++];
        double t0 = st_now_ms();
        switch (op) {
        case OP_NEW: op_new(c); break;
        case OP_EDIT: op_edit(c); break;
        case OP_SHARED: op_shared(c); break;
        case OP_PROFORMA: op_issue(c, FS_DOC_PROFORMA); break;
        case OP_INVOICE: op_issue(c, FS_DOC_INVOICE); break;
        case OP_MONEY: op_money(c); break;
        case OP_RETURN: op_return(c); break;
        case OP_STOCK: op_stock(c); break;
        default: op_list(c); break;
        }
        fflush(c->log);
        if (c->nlat == c->cap_lat) {
            c->cap_lat = c->cap_lat ? 2 * c->cap_lat : 1024;
            double *g = realloc(c->lat, (size_t)c->cap_lat * sizeof *g);
            if (!g)
                break;
            c->lat = g;
        }
        c->lat[c->nlat++] = st_now_ms() - t0;
        if (c->lat[c->nlat - 1] > 250)
            fprintf(c->log, "slow\t%s\t%.0f\n", op_names[op], c->lat[c->nlat - 1]);
        if (c->lat[c->nlat - 1] > 250)
            fprintf(c->log, "slow\t%s\t%.0f\n", op_names[op], c->lat[c->nlat - 1]);
    }
    qsort(c->lat, (size_t)c->nlat, sizeof *c->lat, cmp_double);
    long ops = 0;
    for (int i = 0; i < NOPS; i++)
        ops += c->done[i];
    fprintf(c->log, "stat\t%ld\t%" PRId64 "\t%.1f\t%.1f\t%.1f\n", ops, fs_db_busy_wait_ms(c->s.db),
            c->nlat ? c->lat[c->nlat / 2] : 0.0, c->nlat ? c->lat[c->nlat * 99 / 100] : 0.0,
            c->nlat ? c->lat[c->nlat - 1] : 0.0);
    for (int i = 0; i < NOPS; i++)
        fprintf(c->log, "done\t%s\t%ld\n", op_names[i], c->done[i]);
    fclose(c->log);
    fs_session_close(&c->s);
    int status = c->unexpected ? 2 : 0;
    free(c->lat);
    free(c);
    return status;
}

/* ---- checking ------------------------------------------------------------ */

/* What the logs say was done. */
struct shared_save {
    int64_t base, version, prob, qty;
    char title[160];
};

static struct {
    struct shared_save *shared;
    long nshared, cap_shared;
    long conflicts, errors, money, stock_moves, docs, opps, lists, slow;
    long exact;   /* opportunity log lines that are the stored version */
    long ops;
    int64_t busy_ms;
    double p50_max, p99_max, worst;
} L;

static void *grow_array(void *v, long *cap, long n, size_t sz)
{
    if (n < *cap)
        return v;
    *cap = *cap ? *cap * 2 : 256;
    void *g = realloc(v, (size_t)*cap * sz);
    if (!g)
        st_die("out of memory");
    return g;
}

/* Checks one log line against the database and files it. */
static int64_t *opp_money;   /* [max_opp + 1]: Σ logged money per opportunity */
static int64_t *opp_version; /* [max_opp + 1]: the last version logged per opportunity */
static int64_t max_opp;

static void check_line(sqlite3 *h, char *line)
{
    char *f[8] = { 0 };
    int n = 0;
    for (char *p = line; p && n < 8; n++) {
        f[n] = p;
        p = strchr(p, '\t');
        if (p)
            *p++ = '\0';
    }
    char buf[256];
    if (strcmp(f[0], "opp") == 0 && n == 5) {
        int64_t id = atoll(f[1]);
        L.opps++;
        if (id == W.shared)
            return;
        if (id > 0 && id <= max_opp && atoll(f[2]) > opp_version[id])
            opp_version[id] = atoll(f[2]);
        /* An opportunity is edited only by the child that made it, so the
         * database must hold exactly its last logged version. */
        int64_t version = st_int(h, "SELECT version FROM opportunity WHERE id = %lld", (long long)id);
        if (version == atoll(f[2])) {
            L.exact++;
            ST_CHECK(st_int(h, "SELECT final_amount FROM opportunity WHERE id = %lld", (long long)id) == atoll(f[3]),
                     "opportunity %s: final amount is not the %s logged", f[1], f[3]);
            ST_CHECK(st_int(h, "SELECT count(*) FROM opp_line WHERE opp_id = %lld", (long long)id) == atoll(f[4]),
                     "opportunity %s: line count is not the %s logged", f[1], f[4]);
        } else {
            ST_CHECK(version > atoll(f[2]), "opportunity %s: saved as version %s but the database has %lld", f[1],
                     f[2], (long long)version);
        }
    } else if (strcmp(f[0], "shared") == 0 && n == 6) {
        L.shared = grow_array(L.shared, &L.cap_shared, L.nshared, sizeof *L.shared);
        struct shared_save *s = &L.shared[L.nshared++];
        s->base = atoll(f[1]);
        s->version = atoll(f[2]);
        snprintf(s->title, sizeof s->title, "%s", f[3]);
        s->prob = atoll(f[4]);
        s->qty = atoll(f[5]);
    } else if (strcmp(f[0], "conflict") == 0) {
        L.conflicts++;
    } else if (strcmp(f[0], "doc") == 0 && n == 7) {
        L.docs++;
        int64_t id = atoll(f[1]);
        st_text(h, buf, sizeof buf, "SELECT kind || ' ' || status || ' ' || coalesce(number, '-') || ' ' || final || "
                "' ' || coalesce(opp_id, 0) FROM document WHERE id = %lld", (long long)id);
        char want[256];
        snprintf(want, sizeof want, "%s %s %s %s %s", f[2], f[3], f[4], f[5], f[6]);
        ST_CHECK(strcmp(buf, want) == 0, "document %s: logged \"%s\", database has \"%s\"", f[1], want, buf);
    } else if (strcmp(f[0], "money") == 0 && n == 6) {
        L.money++;
        st_text(h, buf, sizeof buf, "SELECT kind || ' ' || amount || ' ' || coalesce(opp_id, 0) || ' ' || "
                "coalesce(doc_id, 0) FROM money_item WHERE id = %s", f[1]);
        char want[256];
        snprintf(want, sizeof want, "%s %s %s %s", f[2], f[3], f[4], f[5]);
        ST_CHECK(strcmp(buf, want) == 0, "money item %s: logged \"%s\", database has \"%s\"", f[1], want, buf);
        int64_t opp = atoll(f[4]);
        if (opp > 0 && opp <= max_opp)
            opp_money[opp] += strcmp(f[2], "receipt") == 0 ? -atoll(f[3]) : atoll(f[3]);
    } else if (strcmp(f[0], "stock") == 0 && n == 6) {
        L.stock_moves++;
        st_text(h, buf, sizeof buf, "SELECT kind || ' ' || product_id || ' ' || warehouse_id || ' ' || qty "
                "FROM stock_move WHERE id = %s", f[1]);
        char want[256];
        snprintf(want, sizeof want, "%s %s %s %s", f[2], f[3], f[4], f[5]);
        ST_CHECK(strcmp(buf, want) == 0, "stock move %s: logged \"%s\", database has \"%s\"", f[1], want, buf);
    } else if (strcmp(f[0], "slow") == 0) {
        L.slow++;
    } else if (strcmp(f[0], "slow") == 0) {
        L.slow++;
    } else if (strcmp(f[0], "list") == 0) {
        L.lists++;
    } else if (strcmp(f[0], "stat") == 0 && n == 6) {
        L.ops += atol(f[1]);
        L.busy_ms += atoll(f[2]);
        double p50 = atof(f[3]), p99 = atof(f[4]), worst = atof(f[5]);
        L.p50_max = p50 > L.p50_max ? p50 : L.p50_max;
        L.p99_max = p99 > L.p99_max ? p99 : L.p99_max;
        L.worst = worst > L.worst ? worst : L.worst;
    } else if (strcmp(f[0], "error") == 0 || strcmp(f[0], "lockmsg") == 0) {
        L.errors++;
        st_fail("a caller was given an error: %s %s %s %s", f[0], f[1], f[2] ? f[2] : "", f[3] ? f[3] : "");
    } else if (strcmp(f[0], "done") != 0) {
        st_fail("log line not understood: %s", f[0]);
    }
}

static void read_log(sqlite3 *h, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        st_fail("no log %s", path);
        return;
    }
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        check_line(h, line);
    }
    fclose(f);
}

static int cmp_shared(const void *a, const void *b)
{
    const struct shared_save *x = a, *y = b;
    return x->version < y->version ? -1 : x->version > y->version;
}

/* Every save of the shared opportunity moved its version by exactly one,
 * no two saves share a version (a lost update would), and the database
 * holds what the last save wrote. */
static void check_shared(sqlite3 *h)
{
    qsort(L.shared, (size_t)L.nshared, sizeof *L.shared, cmp_shared);
    int64_t version = st_int(h, "SELECT version FROM opportunity WHERE id = %lld", (long long)W.shared);
    ST_CHECK(version - W.shared_version0 == L.nshared,
             "shared opportunity: %ld saves succeeded but its version went from %lld to %lld", L.nshared,
             (long long)W.shared_version0, (long long)version);
    for (long i = 0; i < L.nshared; i++)
        ST_CHECK(L.shared[i].version == W.shared_version0 + 1 + i,
                 "shared opportunity: save %ld made version %lld (two saves on one version?)", i,
                 (long long)L.shared[i].version);
    ST_CHECK(st_int(h, "SELECT count(*) FROM change_log WHERE item_kind = 'opportunity' AND item_id = %lld "
                       "AND field = 'title'", (long long)W.shared) == L.nshared,
             "shared opportunity: the change history does not hold one title change per save");
    if (!L.nshared)
        return;
    const struct shared_save *last = &L.shared[L.nshared - 1];
    char buf[256];
    st_text(h, buf, sizeof buf, "SELECT title FROM opportunity WHERE id = %lld", (long long)W.shared);
    ST_CHECK(strcmp(buf, last->title) == 0, "shared opportunity: title \"%s\", the last save wrote \"%s\"", buf,
             last->title);
    ST_CHECK(st_int(h, "SELECT probability FROM opportunity WHERE id = %lld", (long long)W.shared) == last->prob,
             "shared opportunity: probability is not the last save's");
    ST_CHECK(st_int(h, "SELECT qty FROM opp_line WHERE opp_id = %lld AND position = 1", (long long)W.shared) ==
                 last->qty,
             "shared opportunity: the first line's quantity is not the last save's");
}

/* The SQL of an opportunity's balance (or identity's, with col
 * identity_id), written here from SPEC §7.2, not taken from balance.c. */
#define BALANCE_SQL(col)                                                                                      \
    "SELECT coalesce((SELECT sum(CASE kind WHEN 'invoice' THEN final WHEN 'return' THEN -final ELSE 0 END) " \
    "FROM document WHERE " col " = %lld AND status = 'approved'), 0) + coalesce((SELECT sum(CASE kind WHEN " \
    "'receipt' THEN -amount ELSE amount END) FROM money_item WHERE " col " = %lld), 0)"

static void check_balances(sqlite3 *h, fs_session *s)
{
    fs_err e;
    fs_balance b;
    for (int64_t id = 1; id <= max_opp; id++) {
        int64_t want = st_int(h, BALANCE_SQL("opp_id"), (long long)id, (long long)id);
        if (fs_balance_opp(s, id, &b, &e) != FS_OK) {
            st_fail("balance of opportunity %lld: %s", (long long)id, e.msg);
            continue;
        }
        ST_CHECK(b.amount == want, "opportunity %lld: balance %lld, its approved items add up to %lld",
                 (long long)id, (long long)b.amount, (long long)want);
        /* The logs alone: approved invoices and returns as logged, plus the
         * money items logged for it. */
        int64_t docs = st_int(h, "SELECT coalesce(sum(CASE kind WHEN 'invoice' THEN final WHEN 'return' THEN -final "
                                 "ELSE 0 END), 0) FROM document WHERE opp_id = %lld AND status = 'approved'",
                              (long long)id);
        ST_CHECK(b.amount == docs + opp_money[id], "opportunity %lld: balance %lld, the logs say %lld", (long long)id,
                 (long long)b.amount, (long long)(docs + opp_money[id]));
    }
    for (int i = 0; i < NIDENT; i++) {
        long long id = (long long)W.ident[i];
        int64_t want = st_int(h, BALANCE_SQL("identity_id"), id, id);
        if (fs_balance_identity(s, W.ident[i], &b, &e) != FS_OK)
            st_fail("balance of identity %lld: %s", id, e.msg);
        else
            ST_CHECK(b.amount == want, "identity %lld: balance %lld, its approved items add up to %lld", id,
                     (long long)b.amount, (long long)want);
    }
}

/* On hand = Σ movements, frozen = approved unexpired uninvoiced proformas,
 * each computed here and compared with what the stock table shows. */
static void check_stock(sqlite3 *h, fs_session *s)
{
    char today[11];
    fs_day_to_iso(fs_today(), today);
    for (int p = 0; p < NTRACKED; p++)
        for (int w = 0; w < 2; w++) {
            long long pid = (long long)W.prod[p], wid = (long long)W.wh[w];
            int64_t on_hand = st_int(h, "SELECT coalesce(sum(CASE WHEN kind IN ('in', 'return') THEN qty ELSE -qty END), 0) "
                                        "FROM stock_move WHERE product_id = %lld AND warehouse_id = %lld", pid, wid);
            int64_t frozen = st_int(h, "SELECT coalesce(sum(l.qty), 0) FROM doc_line l JOIN document d ON d.id = l.doc_id "
                                       "WHERE d.kind = 'proforma' AND d.status = 'approved' AND d.invoiced_by_id IS NULL "
                                       "AND (d.expiry_date IS NULL OR d.expiry_date >= '%s') AND l.product_id = %lld "
                                       "AND coalesce(l.warehouse_id, (SELECT min(id) FROM warehouse WHERE active = 1)) = %lld",
                                    today, pid, wid);
            /* Invoice and return movements mirror the approved documents' lines. */
            int64_t by_docs = st_int(h, "SELECT coalesce(sum(CASE d.kind WHEN 'return' THEN l.qty ELSE -l.qty END), 0) "
                                        "FROM doc_line l JOIN document d ON d.id = l.doc_id WHERE d.status = 'approved' "
                                        "AND d.kind IN ('invoice', 'return') AND l.product_id = %lld AND "
                                        "coalesce(l.warehouse_id, (SELECT min(id) FROM warehouse WHERE active = 1)) = %lld",
                                     pid, wid);
            int64_t by_moves = st_int(h, "SELECT coalesce(sum(CASE kind WHEN 'return' THEN qty ELSE -qty END), 0) "
                                         "FROM stock_move WHERE kind IN ('invoice', 'return') AND product_id = %lld "
                                         "AND warehouse_id = %lld", pid, wid);
            ST_CHECK(by_docs == by_moves, "product %lld in warehouse %lld: documents moved %lld, stock moves say %lld",
                     pid, wid, (long long)by_docs, (long long)by_moves);
            fs_stock_row row;
            fs_err e;
            if (fs_stock_level(s, W.prod[p], W.wh[w], 0, &row, &e) != FS_OK) {
                st_fail("stock level: %s", e.msg);
                continue;
            }
            ST_CHECK(row.on_hand == on_hand, "product %lld in warehouse %lld: on hand %lld, movements add up to %lld",
                     pid, wid, (long long)row.on_hand, (long long)on_hand);
            ST_CHECK(row.frozen == frozen, "product %lld in warehouse %lld: frozen %lld, approved proformas hold %lld",
                     pid, wid, (long long)row.frozen, (long long)frozen);
            ST_CHECK(row.available == on_hand - frozen, "product %lld in warehouse %lld: available is not on hand − frozen",
                     pid, wid);
        }
    ST_CHECK(st_int(h, "SELECT count(*) FROM stock_move WHERE kind IN ('in', 'out')") == L.stock_moves,
             "stock moves: %ld logged, the database holds %lld", L.stock_moves,
             (long long)st_int(h, "SELECT count(*) FROM stock_move WHERE kind IN ('in', 'out')"));
}

/* Numbers of one kind per year are 1 … N with no gap and no repeat, and N
 * is the counter's last. */
static void check_numbers(sqlite3 *h, const char *table, const char *where, const char *kind, const char *prefix)
{
    sqlite3_stmt *st = NULL;
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT DISTINCT substr(number, %zu, 4) FROM %s WHERE %s AND number IS NOT NULL",
             strlen(prefix) + 2, table, where);
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        st_die("%s", sqlite3_errmsg(h));
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *year = (const char *)sqlite3_column_text(st, 0);
        char like[64];
        snprintf(like, sizeof like, "%s-%s-%%", prefix, year);
        size_t from = strlen(prefix) + 7;
        int64_t n = st_int(h, "SELECT count(*) FROM %s WHERE %s AND number LIKE '%s'", table, where, like);
        int64_t distinct = st_int(h, "SELECT count(DISTINCT number) FROM %s WHERE %s AND number LIKE '%s'", table,
                                  where, like);
        int64_t lo = st_int(h, "SELECT min(CAST(substr(number, %zu) AS INTEGER)) FROM %s WHERE %s AND number LIKE '%s'",
                            from, table, where, like);
        int64_t hi = st_int(h, "SELECT max(CAST(substr(number, %zu) AS INTEGER)) FROM %s WHERE %s AND number LIKE '%s'",
                            from, table, where, like);
        int64_t last = st_int(h, "SELECT last FROM counter WHERE kind = '%s' AND year = %s", kind, year);
        ST_CHECK(n == distinct && lo == 1 && hi == n && last == n,
                 "%s numbers of %s: %lld numbers, %lld distinct, from %lld to %lld, counter at %lld", prefix, year,
                 (long long)n, (long long)distinct, (long long)lo, (long long)hi, (long long)last);
        printf("numbers %s-%s: 000001 … %06lld, no gap\n", prefix, year, (long long)hi);
    }
    sqlite3_finalize(st);
}

int main(void)
{
    int procs = (int)st_env_long("FORSAT_STRESS_PROCS", 16);
    double seconds = (double)st_env_long("FORSAT_STRESS_SECONDS", 10);
    uint64_t seed = (uint64_t)st_env_long("FORSAT_STRESS_SEED", 1405);
    if (procs > MAX_PROCS)
        procs = MAX_PROCS;
    st_make_dir("many");
    char path[400];
    snprintf(path, sizeof path, "%s/setup.log", st_dir);
    FILE *setup_log = fopen(path, "w");
    if (!setup_log)
        st_die("cannot write %s", path);
    setup(setup_log);
    fclose(setup_log);
    printf("%d processes for %.0f s on %s (seed %llu)\n", procs, seconds, st_db, (unsigned long long)seed);
    fflush(stdout);

    pid_t pids[MAX_PROCS];
    double t0 = st_now_ms();
    for (int i = 0; i < procs; i++) {
        pids[i] = fork();
        if (pids[i] < 0)
            st_die("fork: %s", strerror(errno));
        if (pids[i] == 0)
            exit(child_main(i, seconds, seed));
    }
    for (int i = 0; i < procs; i++) {
        int status;
        if (waitpid(pids[i], &status, 0) < 0)
            st_die("waitpid: %s", strerror(errno));
        ST_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d ended with status %d (signal %d)", i,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    }
    double elapsed = (st_now_ms() - t0) / 1000.0;

    sqlite3 *h = st_open_raw(st_db, NULL);
    max_opp = st_int(h, "SELECT coalesce(max(id), 0) FROM opportunity");
    opp_money = calloc((size_t)max_opp + 1, sizeof *opp_money);
    opp_version = calloc((size_t)max_opp + 1, sizeof *opp_version);
    if (!opp_money || !opp_version)
        st_die("out of memory");
    read_log(h, path);
    for (int i = 0; i < procs; i++) {
        snprintf(path, sizeof path, "%s/child-%02d.log", st_dir, i);
        read_log(h, path);
    }
    /* Each opportunity holds exactly its last logged save: nothing saved
     * over it unlogged, nothing of it lost. */
    for (int64_t id = 1; id <= max_opp; id++)
        if (opp_version[id])
            ST_CHECK(st_int(h, "SELECT version FROM opportunity WHERE id = %lld", (long long)id) == opp_version[id],
                     "opportunity %lld: the database is not at the last version logged (%lld)", (long long)id,
                     (long long)opp_version[id]);
    char why[512];
    ST_CHECK(st_db_sound(h, why, sizeof why), "the database is damaged: %s", why);
    ST_CHECK(st_int(h, "SELECT count(*) FROM money_item") == L.money, "money items: %ld logged, %lld stored", L.money,
             (long long)st_int(h, "SELECT count(*) FROM money_item"));
    ST_CHECK(st_int(h, "SELECT count(*) FROM opportunity o WHERE amount_manual = 0 AND final_amount != "
                       "(SELECT coalesce(sum(final), 0) FROM opp_line WHERE opp_id = o.id)") == 0,
             "some automatic final amounts are not the sum of their lines");
    check_shared(h);
    fs_session s;
    st_session(&s, st_db, "reza");
    check_balances(h, &s);
    check_stock(h, &s);
    fs_session_close(&s);
    check_numbers(h, "document", "kind = 'proforma'", "proforma", "PRO");
    check_numbers(h, "document", "kind = 'invoice'", "invoice", "INV");
    check_numbers(h, "document", "kind = 'return'", "return", "RET");
    check_numbers(h, "opportunity", "1", "opportunity", "OPP");
    ST_CHECK(st_int(h, "SELECT count(*) FROM document WHERE (status = 'approved') != (number IS NOT NULL)") == 0,
             "a document is approved without a number or numbered without approval");
    sqlite3_close(h);

    printf("%ld operations in %.1f s: %.0f operations/s (%d processes)\n", L.ops, elapsed, (double)L.ops / elapsed,
           procs);
    printf("opportunity saves %ld (%ld are the stored version, checked field by field), documents %ld, money items "
           "%ld, stock moves %ld, lists %ld\n",
           L.opps, L.exact, L.docs, L.money, L.stock_moves, L.lists);
    printf("shared opportunity: %ld saves, %ld conflicting saves detected and refused\n", L.nshared, L.conflicts);
    printf("time spent waiting for other writers: %.1f s over all processes\n", (double)L.busy_ms / 1000.0);
    printf("latency per operation: median ≤ %.1f ms, 99th percentile ≤ %.1f ms, worst %.1f ms; %ld over 250 ms\n",
           L.p50_max, L.p99_max, L.worst, L.slow);
    ST_CHECK(L.nshared > 0 && L.conflicts > 0, "the shared opportunity saw %ld saves and %ld conflicts: the test did "
             "not make users collide", L.nshared, L.conflicts);
    free(opp_money);
    free(opp_version);
    free(L.shared);
    int rc = st_finish("many users");
    if (rc == 0)
        st_remove_dir();
    return rc;
}
