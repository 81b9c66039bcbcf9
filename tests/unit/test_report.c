/* test_report.c — every figure of the reports against a fixture worked
 * out by hand: eight opportunities built through the domain functions
 * with today pinned to 2026-11-27 (1405/09/06), then the pipeline's
 * counts, sums, cards and overdue flags, the forecast per month, user and
 * stage, won/lost per reason, product, user, type and source and in the
 * last 1/7/30/90 days, the average and median cycle time, the campaign
 * analysis with its realized amount, the export, the morning view, moving
 * a card, and what a sales rep sees of it all.
 *
 * The fixture (T = 2026-11-27; expected = final × probability / 100):
 *
 *  opp  assigned  stage        final       prob  expected    close       won/lost          created     type      source      campaign
 *  O1   sara      contact      38,800,000  40    15,520,000  2026-11-20  —                 2026-11-07  standard  phone       الکامپ
 *  O2   nima      needs         5,000,000  50     2,500,000  2026-12-15  —                 —           bulk      exhibition  —
 *  O3   sara      needs        12,000,000  25     3,000,000  2027-01-10  —                 —           standard  phone       الکامپ
 *  O4   sara      won (price)  20,000,000  90    18,000,000  2026-11-25  won 2026-11-24    2026-11-04  standard  phone       الکامپ
 *  O5   nima      won (qual.)   8,000,000  100    8,000,000  2026-10-15  won 2026-10-18    2026-10-08  bulk      exhibition  —
 *  O6   sara      lost (price)  3,000,000  30       900,000  —           lost 2026-11-17   —           standard  phone       پاییز
 *  O7   reza      won (price)   6,000,000  60     3,600,000  —           won 2026-11-27    2026-11-17  special   —           —
 *  O8   sara      won (rel.)    1,000,001  50       500,001  —           won 2026-11-22    2026-11-07  standard  referral    —
 *
 * O8's expected amount is 500,000.5 rounded half up.  O1's amount is its
 * lines (4 laptops at 10,000,000 less 3 %), O4's two laptops, O6's one
 * service line; the others are typed by hand.  O1 has an
 * approved proforma, O4 an approved invoice of 20,000,000 and a draft one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <time.h>

#include "document.h"
#include "fixture_doc.h"
#include "money.h"
#include "opportunity.h"
#include "records.h"
#include "report.h"

static int64_t sara, nima, reza;
static int64_t laptop, service;
static int64_t alcomp, autumn;
static int64_t opp[9];
static fs_day T;

static int64_t item(const char *list, const char *key)
{
    return fx_int("SELECT id FROM list_item WHERE list = '%s' AND key = '%s'", list, key);
}

static int64_t stage(const char *key)
{
    return fx_int("SELECT id FROM stage WHERE subtype_id = 1 AND key = '%s'", key);
}

/* Acts as one of the fixture's users (they exist; the role is unused). */
static void login(const char *who)
{
    fx_act_as(who, 3);
}

struct spec {
    int64_t identity, assigned, type, source, campaign;
    const char *title, *close;
    int64_t amount;            /* 0: the lines give it */
    int probability;
    int64_t line_product, line_qty, line_price; /* one line, or none */
    int line_discount_bp;
};

/* Creates and saves an opportunity as reza. */
static int64_t make(const struct spec *p)
{
    fs_err e;
    fs_opp o;
    if (fs_opp_new(&s, &o, &e) != FS_OK)
        fail_msg("new: %s", e.msg);
    o.identity_id = p->identity;
    o.assigned_id = p->assigned;
    o.type_id = p->type;
    o.source_id = p->source;
    o.campaign_id = p->campaign;
    o.probability = p->probability;
    if (p->close)
        snprintf(o.close_date, sizeof o.close_date, "%s", p->close);
    if (fs_opp_set_text(&o.title, p->title, &e) != FS_OK)
        fail_msg("title: %s", e.msg);
    if (p->line_product) {
        fs_opp_line_in in = { .product_id = p->line_product, .qty = p->line_qty * FS_QTY_SCALE };
        if (p->line_price) {
            in.has_price = true;
            in.unit_price = p->line_price;
        }
        if (p->line_discount_bp) {
            in.has_discount_bp = true;
            in.discount_bp = p->line_discount_bp;
        }
        if (fs_opp_line_add(&o, &in, NULL, &e) != FS_OK)
            fail_msg("line: %s", e.msg);
    }
    if (p->amount)
        fs_opp_set_amount(&o, p->amount);
    if (fs_opp_save(&s, &o, &e) != FS_OK)
        fail_msg("save %s: %s", p->title, e.msg);
    int64_t id = o.id;
    fs_opp_free(&o);
    return id;
}

/* Moves opportunity id to stage key with reason on the day `ago` days
 * before T (won/lost dates are the day of the move). */
static void move(int64_t id, const char *key, const char *reason, int ago)
{
    fs_err e;
    fs_opp o;
    s.today = T - ago;
    if (fs_opp_load(&s, id, &o, &e) != FS_OK || fs_opp_set_stage(&s, &o, stage(key), reason, &e) != FS_OK ||
        fs_opp_save(&s, &o, &e) != FS_OK)
        fail_msg("move %lld to %s: %s", (long long)id, key, e.msg);
    fs_opp_free(&o);
    s.today = T;
}

/* Approves a document issued from an opportunity. */
static void issue(int64_t id, enum fs_doc_kind kind, bool approve)
{
    fs_err e;
    int64_t doc;
    if (fs_doc_issue_from_opp(&s, id, kind, &doc, &e) != FS_OK || (approve && fs_doc_approve(&s, doc, &e) != FS_OK))
        fail_msg("document: %s", e.msg);
}

static int setup(void **state)
{
    setenv("TZ", "Asia/Tehran", 1);
    tzset();
    setenv("FORSAT_TODAY", "2026-11-27", 1);
    if (fx_setup(state) != 0)
        return -1;
    T = s.today;
    fx_sql("INSERT INTO user(login, name, role_id, created_at) VALUES "
           "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'), ('nima', 'نیما رضایی', 3, '2025-01-01T00:00:00Z')");
    reza = fx_int("SELECT id FROM user WHERE login = 'reza'");
    sara = fx_int("SELECT id FROM user WHERE login = 'sara'");
    nima = fx_int("SELECT id FROM user WHERE login = 'nima'");
    int64_t ali = fx_identity("علی کریمی");
    int64_t foolad = fx_identity("شرکت فولاد مبارکه");
    laptop = fx_product("LAPTOP", "لپ‌تاپ ایسوس", 10000000, 0, 0);
    service = fx_product("SRV", "نصب و راه‌اندازی", -1, 0, 0);
    fx_sql("INSERT INTO campaign(name, created_at) VALUES ('نمایشگاه الکامپ', 'x'), ('کمپین پاییز', 'x')");
    alcomp = fx_int("SELECT id FROM campaign WHERE name = 'نمایشگاه الکامپ'");
    autumn = fx_int("SELECT id FROM campaign WHERE name = 'کمپین پاییز'");
    int64_t standard = item("type", "standard"), bulk = item("type", "bulk"), special = item("type", "special");
    int64_t phone = item("source", "phone"), exhibition = item("source", "exhibition");
    int64_t referral = item("source", "referral");

    const struct spec specs[9] = {
        [1] = { ali, sara, standard, phone, alcomp, "خرید لپ‌تاپ برای دفتر مرکزی", "2026-11-20", 0, 40, laptop, 4, 0,
                300 },
        [2] = { foolad, nima, bulk, exhibition, 0, "تمدید پشتیبانی شبکه", "2026-12-15", 5000000, 50, 0, 0, 0, 0 },
        [3] = { ali, sara, standard, phone, alcomp, "سرور بایگانی", "2027-01-10", 12000000, 25, 0, 0, 0, 0 },
        [4] = { foolad, sara, standard, phone, alcomp, "تجهیز اتاق جلسات", "2026-11-25", 0, 90, laptop, 2, 0, 0 },
        [5] = { foolad, nima, bulk, exhibition, 0, "قرارداد نگهداری", "2026-10-15", 8000000, 100, 0, 0, 0, 0 },
        [6] = { ali, sara, standard, phone, autumn, "نصب شبکه شعبه", NULL, 0, 30, service, 1, 3000000, 0 },
        [7] = { foolad, reza, special, 0, 0, "سفارش ویژه چاپگر", NULL, 6000000, 60, 0, 0, 0, 0 },
        [8] = { ali, sara, standard, referral, 0, "ارتقای حافظه", NULL, 1000001, 50, 0, 0, 0, 0 },
    };
    for (int i = 1; i <= 8; i++)
        opp[i] = make(&specs[i]);
    move(opp[2], "needs", NULL, 0);
    move(opp[3], "needs", NULL, 0);
    move(opp[4], "won", "price", 3);
    move(opp[5], "won", "quality", 40);
    move(opp[6], "lost", "price", 10);
    move(opp[7], "won", "price", 0);
    move(opp[8], "won", "relationship", 5);
    /* Creation times are clock timestamps; the cycle and age figures need
     * known ones (08:00 UTC is 11:30 the same day in Tehran). */
    static const struct {
        int i;
        const char *at;
    } created[] = { { 1, "2026-11-07" }, { 4, "2026-11-04" }, { 5, "2026-10-08" }, { 7, "2026-11-17" },
                    { 8, "2026-11-07" } };
    for (size_t i = 0; i < sizeof created / sizeof *created; i++)
        fx_sql("UPDATE opportunity SET created_at = '%sT08:00:00Z' WHERE id = %lld", created[i].at,
               (long long)opp[created[i].i]);
    issue(opp[1], FS_DOC_PROFORMA, true);
    issue(opp[4], FS_DOC_INVOICE, true);
    issue(opp[4], FS_DOC_INVOICE, false);
    return 0;
}

static const fs_pipeline_column *column(const fs_pipeline *p, const char *key)
{
    for (int i = 0; i < p->ncolumns; i++)
        if (strcmp(p->columns[i].key, key) == 0)
            return &p->columns[i];
    fail_msg("no column %s", key);
    return NULL;
}

static void assert_column(const fs_pipeline *p, const char *key, int64_t count, int64_t final, int64_t expected)
{
    const fs_pipeline_column *c = column(p, key);
    assert_int_equal(c->count, count);
    assert_int_equal(c->sum_final, final);
    assert_int_equal(c->sum_expected, expected);
}

static void pipeline(const fs_report_filter *f, int days, int cards, fs_pipeline *p)
{
    fs_err e;
    if (fs_report_pipeline(&s, f, days, cards, p, &e) != FS_OK)
        fail_msg("pipeline: %s", e.msg);
}

static void test_pipeline(void **state)
{
    (void)state;
    fs_report_filter f = { 0 };
    fs_pipeline p;
    pipeline(&f, FS_PIPELINE_DEFAULT_DAYS, FS_PIPELINE_DEFAULT_CARDS, &p);
    assert_int_equal(p.ncolumns, 6);
    assert_string_equal(p.columns[0].key, "contact");
    assert_string_equal(p.columns[5].key, "lost");
    assert_string_equal(p.since, "2026-10-29");
    assert_column(&p, "contact", 1, 38800000, 15520000);
    assert_column(&p, "needs", 2, 17000000, 5500000);
    assert_column(&p, "proforma", 0, 0, 0);
    assert_column(&p, "negotiation", 0, 0, 0);
    /* O5 was won 40 days ago: outside the 30-day window. */
    assert_column(&p, "won", 3, 27000001, 22100001);
    assert_column(&p, "lost", 1, 3000000, 900000);
    assert_int_equal(p.totals.count, 7);
    assert_int_equal(p.totals.sum_final, 85800001);
    assert_int_equal(p.totals.sum_expected, 44020001);

    const fs_pipeline_column *c = column(&p, "contact");
    assert_int_equal(c->ncards, 1);
    assert_int_equal(c->cards[0].id, opp[1]);
    assert_string_equal(c->cards[0].contact, "علی کریمی");
    assert_string_equal(c->cards[0].assigned, "sara");
    assert_int_equal(c->cards[0].final_amount, 38800000);
    assert_int_equal(c->cards[0].expected_amount, 15520000);
    assert_true(c->cards[0].overdue);
    assert_int_equal(c->cards[0].age_days, 20);
    c = column(&p, "needs");
    assert_int_equal(c->ncards, 2);
    assert_int_equal(c->cards[0].id, opp[2]); /* 2026-12-15 before 2027-01-10 */
    assert_int_equal(c->cards[1].id, opp[3]);
    assert_false(c->cards[0].overdue);
    assert_false(c->cards[1].overdue);
    c = column(&p, "won");
    assert_int_equal(c->ncards, 3);
    assert_int_equal(c->cards[0].id, opp[7]); /* the latest win first */
    assert_int_equal(c->cards[1].id, opp[4]);
    assert_int_equal(c->cards[2].id, opp[8]);
    assert_false(c->cards[1].overdue); /* closes 2026-11-25, but won */
    fs_pipeline_free(&p);

    /* No window: O5 counts; a 7-day window keeps O4, O7, O8 and drops O6. */
    pipeline(&f, 0, 1, &p);
    assert_column(&p, "won", 4, 35000001, 30100001);
    assert_int_equal(column(&p, "won")->ncards, 1);
    assert_int_equal(column(&p, "won")->cards[0].id, opp[7]);
    assert_int_equal(column(&p, "needs")->ncards, 1);
    assert_int_equal(column(&p, "needs")->count, 2);
    assert_string_equal(p.since, "");
    fs_pipeline_free(&p);
    pipeline(&f, 7, 0, &p);
    assert_column(&p, "won", 3, 27000001, 22100001);
    assert_column(&p, "lost", 0, 0, 0);
    assert_int_equal(column(&p, "won")->ncards, 0);
    fs_pipeline_free(&p);

    /* Filters: nima's board; type standard. */
    f.assigned_id = nima;
    pipeline(&f, 0, 5, &p);
    assert_column(&p, "needs", 1, 5000000, 2500000);
    assert_column(&p, "won", 1, 8000000, 8000000);
    assert_int_equal(p.totals.count, 2);
    fs_pipeline_free(&p);
    f.assigned_id = 0;
    f.type_id = item("type", "standard");
    pipeline(&f, 30, 5, &p);
    assert_column(&p, "contact", 1, 38800000, 15520000);
    assert_column(&p, "needs", 1, 12000000, 3000000);
    assert_column(&p, "won", 2, 21000001, 18500001);
    assert_column(&p, "lost", 1, 3000000, 900000);
    fs_pipeline_free(&p);

    fs_err e;
    f = (fs_report_filter){ .from = "2026-01-01" };
    assert_int_equal(fs_report_pipeline(&s, &f, 30, 5, &p, &e), FS_EINVAL);
    f.from = NULL;
    assert_int_equal(fs_report_pipeline(&s, &f, -1, 5, &p, &e), FS_EINVAL);
    assert_string_equal(e.field, "days");
    assert_int_equal(fs_report_pipeline(&s, &f, 30, FS_PIPELINE_MAX_CARDS + 1, &p, &e), FS_EINVAL);
    f.subtype_id = 999;
    assert_int_not_equal(fs_report_pipeline(&s, &f, 30, 5, &p, &e), FS_OK);
}

static fs_report_row *forecast(const fs_report_filter *f, enum fs_forecast_by by, int *n, fs_report_totals *t)
{
    fs_err e;
    fs_report_row *rows;
    if (fs_report_forecast(&s, f, by, &rows, n, t, &e) != FS_OK)
        fail_msg("forecast: %s", e.msg);
    return rows;
}

static void test_forecast(void **state)
{
    (void)state;
    int n;
    fs_report_totals t;
    fs_report_filter f = { 0 };
    /* Default: Azar 1405 and the 11 months after it; O1's close date
     * (Aban) lies before, so only O2 (Azar) and O3 (Dey) count. */
    fs_report_row *r = forecast(&f, FS_FORECAST_MONTH, &n, &t);
    assert_int_equal(n, 12);
    assert_string_equal(r[0].key, "1405/09");
    assert_string_equal(r[0].label, "Azar 1405");
    assert_string_equal(r[11].key, "1406/08");
    assert_int_equal(r[0].count, 1);
    assert_int_equal(r[0].sum_final, 5000000);
    assert_int_equal(r[0].sum_expected, 2500000);
    assert_string_equal(r[1].key, "1405/10");
    assert_int_equal(r[1].sum_final, 12000000);
    assert_int_equal(r[1].sum_expected, 3000000);
    for (int i = 2; i < 12; i++)
        assert_int_equal(r[i].count, 0);
    assert_int_equal(t.count, 2);
    assert_int_equal(t.sum_final, 17000000);
    assert_int_equal(t.sum_expected, 5500000);
    fs_report_rows_free(r, n);

    /* From Aban: O1 (overdue, still open) is in its month. */
    f.from = "2026-10-23";
    r = forecast(&f, FS_FORECAST_MONTH, &n, &t);
    assert_int_equal(n, 12);
    assert_string_equal(r[0].key, "1405/08");
    assert_int_equal(r[0].sum_final, 38800000);
    assert_int_equal(r[0].sum_expected, 15520000);
    assert_int_equal(t.sum_final, 55800000);
    fs_report_rows_free(r, n);

    s.lang_fa = true;
    f.to = "2026-12-21"; /* 1405/09/30: two months */
    r = forecast(&f, FS_FORECAST_MONTH, &n, &t);
    assert_int_equal(n, 2);
    assert_string_equal(r[1].label, "آذر 1405");
    assert_int_equal(t.count, 2);
    fs_report_rows_free(r, n);
    s.lang_fa = false;

    f.from = f.to = NULL;
    r = forecast(&f, FS_FORECAST_USER, &n, &t);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].key, "nima");
    assert_string_equal(r[0].label, "نیما رضایی");
    assert_int_equal(r[0].sum_final, 5000000);
    assert_int_equal(r[0].sum_expected, 2500000);
    assert_string_equal(r[1].key, "sara");
    assert_int_equal(r[1].sum_final, 12000000);
    assert_int_equal(r[1].sum_expected, 3000000);
    fs_report_rows_free(r, n);

    f.from = "2026-10-23";
    r = forecast(&f, FS_FORECAST_STAGE, &n, &t);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].key, "contact");
    assert_int_equal(r[0].sum_final, 38800000);
    assert_string_equal(r[1].key, "needs");
    assert_int_equal(r[1].count, 2);
    assert_int_equal(r[1].sum_final, 17000000);
    assert_int_equal(r[1].sum_expected, 5500000);
    fs_report_rows_free(r, n);

    fs_err e;
    f.to = "2026-01-01";
    assert_int_equal(fs_report_forecast(&s, &f, FS_FORECAST_MONTH, &r, &n, &t, &e), FS_EINVAL);
    assert_string_equal(e.field, "to");
    f.from = "1900-01-01";
    f.to = "2100-01-01";
    assert_int_equal(fs_report_forecast(&s, &f, FS_FORECAST_MONTH, &r, &n, &t, &e), FS_EINVAL);
    f.from = "2026-13-01";
    assert_int_equal(fs_report_forecast(&s, &f, FS_FORECAST_MONTH, &r, &n, &t, &e), FS_EINVAL);
    assert_string_equal(e.field, "from");
}

static fs_wonlost_row *won_lost(const fs_report_filter *f, enum fs_wonlost_by by, int *n)
{
    fs_err e;
    fs_wonlost_row *rows;
    if (fs_report_won_lost(&s, f, by, &rows, n, &e) != FS_OK)
        fail_msg("won/lost: %s", e.msg);
    return rows;
}

static void assert_wl(const fs_wonlost_row *r, const char *key, int64_t wc, int64_t wa, int64_t lc, int64_t la)
{
    assert_string_equal(r->key, key);
    assert_int_equal(r->won_count, wc);
    assert_int_equal(r->won_amount, wa);
    assert_int_equal(r->lost_count, lc);
    assert_int_equal(r->lost_amount, la);
}

static void test_won_lost(void **state)
{
    (void)state;
    fs_report_filter f = { 0 };
    int n;
    fs_wonlost_row *r = won_lost(&f, FS_WONLOST_REASON, &n);
    assert_int_equal(n, 4);
    assert_wl(&r[0], "price", 2, 26000000, 0, 0);
    assert_string_equal(r[0].list, "win_reason");
    assert_wl(&r[1], "quality", 1, 8000000, 0, 0);
    assert_wl(&r[2], "relationship", 1, 1000001, 0, 0);
    assert_wl(&r[3], "price", 0, 0, 1, 3000000);
    assert_string_equal(r[3].list, "loss_reason");
    assert_string_equal(r[3].label, "Price");
    fs_wonlost_rows_free(r, n);

    r = won_lost(&f, FS_WONLOST_PRODUCT, &n);
    assert_int_equal(n, 2);
    assert_wl(&r[0], "LAPTOP", 1, 20000000, 0, 0);
    assert_wl(&r[1], "SRV", 0, 0, 1, 3000000);
    fs_wonlost_rows_free(r, n);

    r = won_lost(&f, FS_WONLOST_USER, &n);
    assert_int_equal(n, 3);
    assert_wl(&r[0], "nima", 1, 8000000, 0, 0);
    assert_wl(&r[1], "reza", 1, 6000000, 0, 0);
    assert_wl(&r[2], "sara", 2, 21000001, 1, 3000000);
    fs_wonlost_rows_free(r, n);

    r = won_lost(&f, FS_WONLOST_TYPE, &n);
    assert_int_equal(n, 3);
    assert_wl(&r[0], "standard", 2, 21000001, 1, 3000000);
    assert_wl(&r[1], "bulk", 1, 8000000, 0, 0);
    assert_wl(&r[2], "special", 1, 6000000, 0, 0);
    fs_wonlost_rows_free(r, n);

    r = won_lost(&f, FS_WONLOST_SOURCE, &n);
    assert_int_equal(n, 4);
    assert_wl(&r[0], "phone", 1, 20000000, 1, 3000000);
    assert_wl(&r[1], "exhibition", 1, 8000000, 0, 0);
    assert_wl(&r[2], "referral", 1, 1000001, 0, 0);
    assert_wl(&r[3], "", 1, 6000000, 0, 0); /* O7 has no source */
    assert_int_equal(r[3].id, 0);
    assert_string_equal(r[3].label, "(none)");
    fs_wonlost_rows_free(r, n);

    /* A period: November 2026 drops O5 (won in October). */
    f.from = "2026-11-01";
    f.to = "2026-11-30";
    r = won_lost(&f, FS_WONLOST_USER, &n);
    assert_int_equal(n, 2);
    assert_wl(&r[0], "reza", 1, 6000000, 0, 0);
    assert_wl(&r[1], "sara", 2, 21000001, 1, 3000000);
    fs_wonlost_rows_free(r, n);

    fs_wonlost_recent w[FS_RECENT_WINDOWS];
    fs_err e;
    assert_int_equal(fs_report_won_lost_recent(&s, &f, w, &e), FS_OK);
    const int64_t want[FS_RECENT_WINDOWS][5] = {
        { 1, 1, 6000000, 0, 0 },
        { 7, 3, 27000001, 0, 0 },
        { 30, 3, 27000001, 1, 3000000 },
        { 90, 4, 35000001, 1, 3000000 },
    };
    for (int i = 0; i < FS_RECENT_WINDOWS; i++) {
        assert_int_equal(w[i].days, want[i][0]);
        assert_int_equal(w[i].won_count, want[i][1]);
        assert_int_equal(w[i].won_amount, want[i][2]);
        assert_int_equal(w[i].lost_count, want[i][3]);
        assert_int_equal(w[i].lost_amount, want[i][4]);
    }
}

static void assert_cycle(const fs_cycle_row *r, const char *key, int64_t count, int64_t avg, int64_t median)
{
    assert_string_equal(r->key, key);
    assert_int_equal(r->count, count);
    assert_int_equal(r->avg_x10, avg);
    assert_int_equal(r->median_x10, median);
}

static void test_cycle(void **state)
{
    (void)state;
    /* Days from creation to win: O4 20, O5 10, O7 10, O8 15. */
    fs_report_filter f = { 0 };
    fs_cycle_row *r, all;
    int n;
    fs_err e;
    assert_int_equal(fs_report_cycle(&s, &f, FS_CYCLE_TYPE, &r, &n, &all, &e), FS_OK);
    assert_int_equal(n, 3);
    assert_cycle(&r[0], "standard", 2, 175, 175);
    assert_int_equal(r[0].min_days, 15);
    assert_int_equal(r[0].max_days, 20);
    assert_cycle(&r[1], "bulk", 1, 100, 100);
    assert_cycle(&r[2], "special", 1, 100, 100);
    /* 55 / 4 = 13.75 → 13.8; median of 10, 10, 15, 20 = 12.5. */
    assert_int_equal(all.count, 4);
    assert_int_equal(all.avg_x10, 138);
    assert_int_equal(all.median_x10, 125);
    fs_cycle_rows_free(r, n);

    assert_int_equal(fs_report_cycle(&s, &f, FS_CYCLE_SOURCE, &r, &n, &all, &e), FS_OK);
    assert_int_equal(n, 4);
    assert_cycle(&r[0], "phone", 1, 200, 200);
    assert_cycle(&r[1], "exhibition", 1, 100, 100);
    assert_cycle(&r[2], "referral", 1, 150, 150);
    assert_cycle(&r[3], "", 1, 100, 100);
    fs_cycle_rows_free(r, n);

    assert_int_equal(fs_report_cycle(&s, &f, FS_CYCLE_USER, &r, &n, &all, &e), FS_OK);
    assert_int_equal(n, 3);
    assert_cycle(&r[0], "nima", 1, 100, 100);
    assert_cycle(&r[1], "reza", 1, 100, 100);
    assert_cycle(&r[2], "sara", 2, 175, 175);
    fs_cycle_rows_free(r, n);

    /* Won from 2026-11-20: O4, O7, O8 → 20, 10, 15: average and median 15. */
    f.from = "2026-11-20";
    assert_int_equal(fs_report_cycle(&s, &f, FS_CYCLE_USER, &r, &n, &all, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(all.count, 3);
    assert_int_equal(all.avg_x10, 150);
    assert_int_equal(all.median_x10, 150);
    fs_cycle_rows_free(r, n);
}

static void test_campaigns(void **state)
{
    (void)state;
    fs_report_filter f = { 0 };
    fs_campaign_row *r;
    int n;
    fs_err e;
    assert_int_equal(fs_report_campaigns(&s, &f, &r, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].name, "نمایشگاه الکامپ");
    assert_int_equal(r[0].opportunities, 3);
    assert_int_equal(r[0].won, 1);
    assert_int_equal(r[0].sum_final, 70800000);
    assert_int_equal(r[0].proformas, 1);
    assert_int_equal(r[0].invoices, 1);      /* the draft invoice does not count */
    assert_int_equal(r[0].realized, 20000000);
    assert_string_equal(r[1].name, "کمپین پاییز");
    assert_int_equal(r[1].opportunities, 1);
    assert_int_equal(r[1].won, 0);
    assert_int_equal(r[1].sum_final, 3000000);
    assert_int_equal(r[1].realized, 0);
    fs_campaign_rows_free(r, n);

    f.campaign_id = autumn;
    assert_int_equal(fs_report_campaigns(&s, &f, &r, &n, &e), FS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].id, autumn);
    fs_campaign_rows_free(r, n);
}

static int count_rows(void *ctx, const fs_opp_row *row)
{
    (void)row;
    (*(int *)ctx)++;
    return 0;
}

static void test_export(void **state)
{
    (void)state;
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.stage_kind = FS_STAGE_WON;
    int rows = 0;
    fs_report_totals t;
    fs_err e;
    assert_int_equal(fs_report_opp_export(&s, &f, count_rows, &rows, &t, &e), FS_OK);
    assert_int_equal(rows, 4);
    assert_int_equal(t.count, 4);
    assert_int_equal(t.sum_final, 35000001);
    assert_int_equal(t.sum_expected, 30100001);
    /* A sales rep has no export permission. */
    login("sara");
    rows = 0;
    assert_int_equal(fs_report_opp_export(&s, &f, count_rows, &rows, &t, &e), FS_EPERM);
    assert_int_equal(rows, 0);
    login("reza");
}

/* A sales rep sees only what she created or is assigned to. */
static void test_visibility(void **state)
{
    (void)state;
    login("sara");
    fs_report_filter f = { 0 };
    fs_pipeline p;
    pipeline(&f, 30, 50, &p);
    assert_column(&p, "contact", 1, 38800000, 15520000);
    assert_column(&p, "needs", 1, 12000000, 3000000);
    assert_column(&p, "won", 2, 21000001, 18500001);
    assert_column(&p, "lost", 1, 3000000, 900000);
    assert_int_equal(p.totals.count, 5);
    fs_pipeline_free(&p);

    int n;
    fs_report_totals t;
    fs_report_row *r = forecast(&f, FS_FORECAST_USER, &n, &t);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].key, "sara");
    fs_report_rows_free(r, n);

    fs_wonlost_row *w = won_lost(&f, FS_WONLOST_USER, &n);
    assert_int_equal(n, 1);
    assert_wl(&w[0], "sara", 2, 21000001, 1, 3000000);
    fs_wonlost_rows_free(w, n);

    fs_campaign_row *c;
    fs_err e;
    login("nima");
    assert_int_equal(fs_report_campaigns(&s, &f, &c, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(c[0].opportunities, 0);
    assert_int_equal(c[0].realized, 0);
    fs_campaign_rows_free(c, n);
    fs_cycle_row *cy, all;
    assert_int_equal(fs_report_cycle(&s, &f, FS_CYCLE_USER, &cy, &n, &all, &e), FS_OK);
    assert_int_equal(n, 1);
    assert_cycle(&cy[0], "nima", 1, 100, 100);
    fs_cycle_rows_free(cy, n);
    login("reza");
}

static void test_morning(void **state)
{
    (void)state;
    fs_err e;
    struct fs_followup_new in = { .item_kind = "opportunity", .item_id = opp[1], .user_id = sara };
    const struct {
        const char *from, *to, *text;
    } fu[] = {
        { "2026-11-30", NULL, "ارسال پیش‌فاکتور نهایی" },
        { "2026-11-27", NULL, "تماس با آقای کریمی" },
        { "2026-11-25", "2026-11-26", "پیگیری پرداخت" },
    };
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        in.due_from = fu[i].from;
        in.due_to = fu[i].to;
        in.description = fu[i].text;
        assert_int_equal(fs_followup_add(&s, &in, &ids[i], &e), FS_OK);
    }
    login("sara");
    fs_morning_view m;
    assert_int_equal(fs_morning(&s, 0, &m, &e), FS_OK);
    assert_int_equal(m.overdue_count, 1);
    assert_int_equal(m.noverdue, 1);
    assert_int_equal(m.overdue[0].id, opp[1]);
    assert_true(m.overdue[0].overdue);
    assert_int_equal(m.ndue, 2);
    assert_int_equal(m.due[0].id, ids[2]); /* overdue first */
    assert_true(m.due[0].overdue);
    assert_int_equal(m.due[1].id, ids[1]);
    assert_false(m.due[1].overdue);
    fs_morning_free(&m);
    login("nima");
    assert_int_equal(fs_morning(&s, 0, &m, &e), FS_OK);
    assert_int_equal(m.overdue_count, 0);
    assert_int_equal(m.ndue, 0);
    fs_morning_free(&m);
    login("reza");
}

/* Moving cards left and right (runs last: it changes the board). */
static void test_move(void **state)
{
    (void)state;
    fs_err e;
    fs_stage target;
    int64_t to;
    assert_int_equal(fs_report_pipeline_target(&s, opp[2], 1, &target, &e), FS_OK);
    assert_string_equal(target.key, "proforma");
    assert_int_equal(fs_report_pipeline_move(&s, opp[2], 1, NULL, &to, &e), FS_OK);
    assert_int_equal(to, stage("proforma"));
    assert_int_equal(fx_int("SELECT stage_id FROM opportunity WHERE id = %lld", (long long)opp[2]), stage("proforma"));
    assert_int_equal(fs_report_pipeline_move(&s, opp[2], -1, NULL, &to, &e), FS_OK);
    assert_int_equal(to, stage("needs"));
    assert_int_equal(fx_int("SELECT count(*) FROM stage_log WHERE opp_id = %lld", (long long)opp[2]), 4);

    /* The first column has no left; the last no right. */
    int64_t before = fx_int("SELECT version FROM opportunity WHERE id = %lld", (long long)opp[1]);
    assert_int_equal(fs_report_pipeline_move(&s, opp[1], -1, NULL, &to, &e), FS_EINVAL);
    assert_string_equal(e.field, "stage");
    assert_int_equal(fs_report_pipeline_move(&s, opp[6], 1, NULL, &to, &e), FS_EINVAL);
    assert_int_equal(fx_int("SELECT version FROM opportunity WHERE id = %lld", (long long)opp[1]), before);

    /* Into won: the reason is taken, the win date set, every rule applies. */
    assert_int_equal(fs_report_pipeline_move(&s, opp[3], 1, NULL, &to, &e), FS_OK);
    assert_int_equal(fs_report_pipeline_move(&s, opp[3], 1, NULL, &to, &e), FS_OK);
    assert_int_equal(fs_report_pipeline_target(&s, opp[3], 1, &target, &e), FS_OK);
    assert_int_equal(target.kind, FS_STAGE_WON);
    assert_int_equal(fs_report_pipeline_move(&s, opp[3], 1, "no such reason", &to, &e), FS_EINVAL);
    assert_int_equal(fs_report_pipeline_move(&s, opp[3], 1, "price", &to, &e), FS_OK);
    char buf[32];
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT won_at FROM opportunity WHERE id = %lld", (long long)opp[3]),
                        "2026-11-27");
    assert_int_equal(fx_int("SELECT win_reason_id FROM opportunity WHERE id = %lld", (long long)opp[3]),
                     item("win_reason", "price"));
    assert_int_equal(fs_report_pipeline_move(&s, opp[3], 0, NULL, &to, &e), FS_EINVAL);

    /* A card from the middle of the chain goes both ways. */
    int64_t fresh = fx_opp(fx_int("SELECT identity_id FROM opportunity WHERE id = %lld", (long long)opp[1]), "کارت تازه");
    assert_int_equal(fs_report_pipeline_move(&s, fresh, -1, NULL, &to, &e), FS_OK);
    assert_int_equal(to, stage("contact"));

    /* Nima may not see, hence not move, Sara's card. */
    login("nima");
    assert_int_equal(fs_report_pipeline_move(&s, opp[1], 1, NULL, &to, &e), FS_ECONFLICT);
    assert_int_equal(fx_int("SELECT stage_id FROM opportunity WHERE id = %lld", (long long)opp[1]), stage("contact"));
    login("reza");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline), cmocka_unit_test(test_forecast),   cmocka_unit_test(test_won_lost),
        cmocka_unit_test(test_cycle),    cmocka_unit_test(test_campaigns),  cmocka_unit_test(test_export),
        cmocka_unit_test(test_visibility), cmocka_unit_test(test_morning),  cmocka_unit_test(test_move),
    };
    return cmocka_run_group_tests(tests, setup, fx_teardown);
}
