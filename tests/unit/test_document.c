/* test_document.c — proformas, invoices and returns as a sales team sees
 * them: figures with tax only on taxable products, issuing from an
 * opportunity, the status flow and its permissions, numbering (gap-free
 * with 8 processes approving at once), conversion and stock moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sys/wait.h>
#include <unistd.h>

#include "document.h"
#include "fixture_doc.h"
#include "jdate.h"
#include "money.h"

#define Q(n) ((int64_t)(n) * FS_QTY_SCALE)

/* A line of qty (in 1/10000) of product, at its own price, no discount. */
static struct fs_doc_line_in line_of(int64_t product, int64_t qty)
{
    struct fs_doc_line_in in = { .product_id = product, .qty = qty };
    return in;
}

/* A draft of kind for identity, issued today. */
static int64_t new_doc(enum fs_doc_kind kind, int64_t identity)
{
    fs_err e;
    int64_t id = 0;
    struct fs_doc_new in = { .kind = kind, .identity_id = identity };
    if (fs_doc_create(&s, &in, &id, &e) != FS_OK)
        fail_msg("create: %s", e.msg);
    return id;
}

static void add_line(int64_t doc, struct fs_doc_line_in in)
{
    fs_err e;
    if (fs_doc_line_add(&s, doc, &in, NULL, &e) != FS_OK)
        fail_msg("line: %s", e.msg);
}

static void approve(int64_t doc)
{
    fs_err e;
    if (fs_doc_approve(&s, doc, &e) != FS_OK)
        fail_msg("approve: %s", e.msg);
}

/* The worked example of SPEC §6.2 with 10 % tax on the taxable laptop, a
 * service without tax at 2.5 units, and a half-Rial tax rounded up. */
static void test_tax_only_on_taxable_products(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 0);
    int64_t install = fx_product("SV-1", "نصب و راه‌اندازی", 1234567, 0, 0);
    int64_t cable = fx_product("CB-5", "کابل شبکه", 15, 1, 0);
    int64_t inv = new_doc(FS_DOC_INVOICE, cust);

    struct fs_doc_line_in l1 = line_of(laptop, Q(4));
    l1.has_discount_bp = true;
    l1.discount_bp = 300;
    add_line(inv, l1);
    add_line(inv, line_of(install, 25000)); /* 2.5 units */
    add_line(inv, line_of(cable, Q(1)));

    fs_doc d;
    assert_int_equal(fs_doc_load(&s, inv, &d, &e), FS_OK);
    assert_int_equal(d.nlines, 3);
    assert_int_equal(d.tax_bp, 1000);
    /* 4 × 10,000,000 = 40,000,000; 3 % = 1,200,000; tax 10 % of 38,800,000. */
    assert_int_equal(d.lines[0].total, 40000000);
    assert_int_equal(d.lines[0].discount, 1200000);
    assert_int_equal(d.lines[0].tax, 3880000);
    assert_int_equal(d.lines[0].final, 42680000);
    /* 2.5 × 1,234,567 = 3,086,417.5 → 3,086,418; a service: no tax. */
    assert_int_equal(d.lines[1].total, 3086418);
    assert_int_equal(d.lines[1].tax, 0);
    assert_int_equal(d.lines[1].final, 3086418);
    /* 10 % of 15 = 1.5 → 2 (half away from zero). */
    assert_int_equal(d.lines[2].tax, 2);
    assert_int_equal(d.lines[2].final, 17);
    /* Totals are exact sums of the lines. */
    assert_int_equal(d.total, 43086433);
    assert_int_equal(d.discount, 1200000);
    assert_int_equal(d.tax, 3880002);
    assert_int_equal(d.duties, 0);
    assert_int_equal(d.final, 45766435);
    assert_string_equal(d.lines[0].name, "لپ‌تاپ ایسوس");
    assert_string_equal(d.lines[0].product_code, "LP-100");
    fs_doc_free(&d);
}

/* Duties come from the settings when the document is created and stay
 * with it; a discount typed as an amount gives its percentage. */
static void test_duties_and_discount_amount(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("علی کریمی");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 0);
    fx_sql("UPDATE setting SET value = '250' WHERE key = 'duties_bp.invoice'");
    int64_t inv = new_doc(FS_DOC_INVOICE, cust);
    fx_sql("UPDATE setting SET value = '900' WHERE key = 'duties_bp.invoice'");
    struct fs_doc_line_in l = line_of(laptop, Q(4));
    l.has_discount = true;
    l.discount = 1000000;
    add_line(inv, l);
    fs_doc d;
    assert_int_equal(fs_doc_load(&s, inv, &d, &e), FS_OK);
    assert_int_equal(d.duties_bp, 250);
    assert_int_equal(d.lines[0].discount_bp, 250); /* 1,000,000 of 40,000,000 */
    assert_int_equal(d.lines[0].tax, 3900000);     /* 10 % of 39,000,000 */
    assert_int_equal(d.lines[0].duties, 975000);   /* 2.5 % of 39,000,000 */
    assert_int_equal(d.final, 39000000 + 3900000 + 975000);
    fs_doc_free(&d);

    /* A discount larger than the line is refused and changes nothing. */
    l.discount = 40000001;
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "discount");
    assert_int_equal(fx_int("SELECT count(*) FROM doc_line WHERE doc_id = %lld", (long long)inv), 1);
}

/* "Issue proforma" copies the opportunity's lines into a draft linked to
 * the opportunity and its identity, expiring after proforma_valid_days. */
static void test_issue_from_opportunity(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 0);
    int64_t opp = fx_opp(cust, "تجهیز دفتر مرکزی");
    fx_sql("INSERT INTO opp_line(opp_id, position, product_id, name, qty, unit_price, discount_bp, discount, total, "
           "final, description) VALUES (%lld, 1, %lld, 'لپ‌تاپ ایسوس', 40000, 10000000, 300, 1200000, 40000000, "
           "38800000, 'با کیف')", (long long)opp, (long long)laptop);
    fx_sql("INSERT INTO opp_line(opp_id, position, product_id, name, qty, unit_price, total, final) "
           "VALUES (%lld, 2, (SELECT id FROM product WHERE builtin), 'کابل‌کشی ساختمان', 10000, 5000000, 5000000, "
           "5000000)", (long long)opp);
    int64_t pro = 0;
    assert_int_equal(fs_doc_issue_from_opp(&s, opp, FS_DOC_PROFORMA, &pro, &e), FS_OK);
    fs_doc d;
    assert_int_equal(fs_doc_load(&s, pro, &d, &e), FS_OK);
    assert_int_equal(d.kind, FS_DOC_PROFORMA);
    assert_int_equal(d.status, FS_DOC_DRAFT);
    assert_string_equal(d.number, "");
    assert_int_equal(d.opp_id, opp);
    assert_int_equal(d.identity_id, cust);
    assert_string_equal(d.opp_number, "OPP-1404-000001");
    char today[11], expiry[11];
    fs_day_to_iso(s.today, today);
    fs_day_to_iso(s.today + 30, expiry);
    assert_string_equal(d.issue_date, today);
    assert_string_equal(d.expiry_date, expiry);
    assert_int_equal(d.nlines, 2);
    assert_int_equal(d.lines[0].product_id, laptop);
    assert_string_equal(d.lines[0].name, "لپ‌تاپ ایسوس");
    assert_int_equal(d.lines[0].qty, Q(4));
    assert_int_equal(d.lines[0].unit_price, 10000000);
    assert_int_equal(d.lines[0].discount_bp, 300);
    assert_int_equal(d.lines[0].discount, 1200000);
    assert_string_equal(d.lines[0].description, "با کیف");
    assert_int_equal(d.lines[0].final, 38800000 + 3880000);
    assert_string_equal(d.lines[1].name, "کابل‌کشی ساختمان");
    assert_int_equal(d.lines[1].tax, 0); /* «سایر» is not taxable */
    assert_int_equal(d.final, 38800000 + 3880000 + 5000000);
    fs_doc_free(&d);

    /* An opportunity of another identity cannot be given with a contact. */
    int64_t other = fx_identity("علی کریمی");
    struct fs_doc_new in = { .kind = FS_DOC_INVOICE, .identity_id = other, .opp_id = opp };
    int64_t before = fx_int("SELECT count(*) FROM document");
    assert_int_equal(fs_doc_create(&s, &in, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "opp");
    assert_int_equal(fx_int("SELECT count(*) FROM document"), before);
    /* A return cannot be issued from an opportunity. */
    assert_int_equal(fs_doc_issue_from_opp(&s, opp, FS_DOC_RETURN, NULL, &e), FS_EINVAL);
}

/* draft → pending → approved; approval needs doc.approve; an approved
 * document changes only with doc.edit_approved; rejected is read-only. */
static void test_status_flow_and_permissions(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("علی کریمی");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 0);
    int64_t pro = new_doc(FS_DOC_PROFORMA, cust);

    assert_int_equal(fs_doc_submit(&s, pro, &e), FS_EINVAL); /* no lines yet */
    assert_string_equal(e.field, "lines");
    add_line(pro, line_of(laptop, Q(1)));

    fx_act_as("sara", 3); /* sales rep */
    assert_int_equal(fs_doc_changeable(&s, pro, &e), FS_OK); /* a draft */
    assert_int_equal(fs_doc_submit(&s, pro, &e), FS_OK);
    assert_int_equal(fs_doc_approve(&s, pro, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "doc.approve"));
    assert_int_equal(fs_doc_reject(&s, pro, &e), FS_EPERM);
    char buf[64];
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT status || '/' || coalesce(number, '-') FROM document "
                                                 "WHERE id = %lld", (long long)pro),
                        "pending/-");
    /* A pending document can still be edited by its seller. */
    struct fs_doc_line_in two = line_of(laptop, Q(2));
    assert_int_equal(fs_doc_line_edit(&s, pro, 1, &two, &e), FS_OK);

    fx_act_as("maryam", 2); /* sales manager: may approve, not edit after */
    approve(pro);
    int year = fs_day_jalali_year(s.today);
    char want[32];
    snprintf(want, sizeof want, "PRO-%d-000001", year);
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT number FROM document WHERE id = %lld", (long long)pro), want);
    assert_int_equal(fx_int("SELECT approved_by FROM document WHERE id = %lld", (long long)pro),
                     fx_int("SELECT id FROM user WHERE login = 'maryam'"));
    assert_int_equal(fs_doc_approve(&s, pro, &e), FS_ECONFLICT); /* once only */

    int64_t version = fx_int("SELECT version FROM document WHERE id = %lld", (long long)pro);
    /* The screens ask first, and get the same refusal. */
    assert_int_equal(fs_doc_changeable(&s, pro, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "doc.edit_approved"));
    assert_int_equal(fs_doc_line_add(&s, pro, &two, NULL, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "doc.edit_approved"));
    assert_int_equal(fs_doc_line_remove(&s, pro, 1, &e), FS_EPERM);
    struct fs_doc_edit ed = { .description = "تحویل فوری" };
    assert_int_equal(fs_doc_update(&s, pro, &ed, &e), FS_EPERM);
    assert_int_equal(fx_int("SELECT version FROM document WHERE id = %lld", (long long)pro), version);

    fx_act_as("nasrin", 5); /* financial manager: edit after approval */
    assert_int_equal(fs_doc_changeable(&s, pro, &e), FS_OK);
    assert_int_equal(fs_doc_update(&s, pro, &ed, &e), FS_OK);
    assert_int_equal(fs_doc_line_add(&s, pro, &two, NULL, &e), FS_OK);
    assert_int_equal(fx_int("SELECT final FROM document WHERE id = %lld", (long long)pro), 4 * 11000000);
    /* ... but the last line of an approved document stays. */
    assert_int_equal(fs_doc_line_remove(&s, pro, 1, &e), FS_OK);
    assert_int_equal(fs_doc_line_remove(&s, pro, 1, &e), FS_EINVAL);

    /* Rejected: read-only for everyone, and never numbered. */
    int64_t inv = new_doc(FS_DOC_INVOICE, cust);
    add_line(inv, line_of(laptop, Q(1)));
    assert_int_equal(fs_doc_reject(&s, inv, &e), FS_OK);
    assert_int_equal(fs_doc_changeable(&s, inv, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "status");
    assert_int_equal(fs_doc_changeable(&s, inv + 100, &e), FS_ECONFLICT); /* no such document */
    assert_int_equal(fs_doc_line_add(&s, inv, &two, NULL, &e), FS_ECONFLICT);
    assert_int_equal(fs_doc_approve(&s, inv, &e), FS_ECONFLICT);
    assert_int_equal(fx_int("SELECT number IS NULL FROM document WHERE id = %lld", (long long)inv), 1);
}

/* Prices and names follow the opportunity rules: a defined price changes
 * only with opp.edit_price; «سایر» is renamed only with opp.rename_other;
 * other products only when name-editable; only sellable active products. */
static void test_price_and_name_permissions(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("علی کریمی");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 0);
    int64_t custom = fx_product("CU-1", "طراحی اختصاصی", -1, 0, 0);
    int64_t old = fx_product("OLD-1", "مانیتور قدیمی", 100, 0, 0);
    fx_sql("UPDATE product SET active = 0 WHERE id = %lld", (long long)old);
    int64_t other = fx_int("SELECT id FROM product WHERE builtin");
    int64_t inv = new_doc(FS_DOC_INVOICE, cust);
    fx_act_as("sara", 3);

    struct fs_doc_line_in l = line_of(laptop, Q(1));
    l.has_price = true;
    l.unit_price = 9000000;
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "opp.edit_price"));
    l.unit_price = 10000000; /* the defined price itself is fine */
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_OK);

    l = line_of(custom, Q(1)); /* no price defined: one must be typed */
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "price");
    l.has_price = true;
    l.unit_price = 7000000;
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_OK);

    l = line_of(laptop, Q(1));
    l.name = "لپ‌تاپ گیمینگ";
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "name");

    l = line_of(other, Q(1));
    l.has_price = true;
    l.unit_price = 500000;
    l.name = "  هزینه حمل  ";
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_OK);
    char buf[64];
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT name FROM doc_line WHERE doc_id = %lld AND position = 3",
                                (long long)inv),
                        "هزینه حمل");
    fx_sql("INSERT INTO user_perm(user_id, perm, granted) SELECT id, 'opp.rename_other', 0 FROM user "
           "WHERE login = 'sara'");
    fx_act_as("sara", 3);
    l.name = "بیمه";
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EPERM);
    fx_sql("UPDATE setting SET value = 'serial' WHERE key = 'warehousing_mode'");
    fx_act_as("reza", 1);
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EINVAL);

    l = line_of(old, Q(1));
    assert_int_equal(fs_doc_line_add(&s, inv, &l, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "product");
    assert_int_equal(fx_int("SELECT count(*) FROM doc_line WHERE doc_id = %lld", (long long)inv), 3);
}

/* Removing a line moves the rows after it up and fixes the totals. */
static void test_line_remove_renumbers(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("علی کریمی");
    int64_t a = fx_product("A-1", "کاغذ A4", 1000, 0, 0);
    int64_t b = fx_product("B-1", "خودکار", 200, 0, 0);
    int64_t c = fx_product("C-1", "منگنه", 30, 0, 0);
    int64_t inv = new_doc(FS_DOC_INVOICE, cust);
    add_line(inv, line_of(a, Q(1)));
    add_line(inv, line_of(b, Q(1)));
    add_line(inv, line_of(c, Q(1)));
    assert_int_equal(fs_doc_line_remove(&s, inv, 2, &e), FS_OK);
    assert_int_equal(fx_int("SELECT product_id FROM doc_line WHERE doc_id = %lld AND position = 2", (long long)inv),
                     c);
    assert_int_equal(fx_int("SELECT final FROM document WHERE id = %lld", (long long)inv), 1030);
    assert_int_equal(fs_doc_line_remove(&s, inv, 3, &e), FS_ECONFLICT);
}

/* Numbers follow the kind and the Jalali year of the issue date. */
static void test_number_per_kind_and_year(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("علی کریمی");
    int64_t a = fx_product("A-1", "کاغذ A4", 1000, 0, 0);
    struct fs_doc_new in = { .kind = FS_DOC_INVOICE, .identity_id = cust, .issue_date = "2024-03-19" };
    int64_t old, pro;
    assert_int_equal(fs_doc_create(&s, &in, &old, &e), FS_OK); /* 1402/12/29 */
    add_line(old, line_of(a, Q(1)));
    approve(old);
    pro = new_doc(FS_DOC_PROFORMA, cust);
    add_line(pro, line_of(a, Q(1)));
    approve(pro);
    in.issue_date = "2024-03-20"; /* 1403/01/01 */
    int64_t next;
    assert_int_equal(fs_doc_create(&s, &in, &next, &e), FS_OK);
    add_line(next, line_of(a, Q(1)));
    approve(next);
    char buf[64], want[32];
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT number FROM document WHERE id = %lld", (long long)old),
                        "INV-1402-000001");
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT number FROM document WHERE id = %lld", (long long)next),
                        "INV-1403-000001");
    snprintf(want, sizeof want, "PRO-%d-000001", fs_day_jalali_year(s.today));
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT number FROM document WHERE id = %lld", (long long)pro), want);
    /* An approved document's issue date cannot move to another year. */
    struct fs_doc_edit ed = { .issue_date = "2024-04-01" };
    assert_int_equal(fs_doc_update(&s, next, &ed, &e), FS_EINVAL);
    /* By number as well as by id, in any digit script. */
    int64_t found;
    assert_int_equal(fs_doc_find(&s, "inv-۱۴۰۳-۰۰۰۰۰۱", "doc", &found, &e), FS_OK);
    assert_int_equal(found, next);
    assert_int_equal(fs_doc_find(&s, "INV-1403-000002", "doc", &found, &e), FS_ECONFLICT);
}

#define NDOCS 40
#define NPROCS 8

/* 8 processes approve 40 invoices at once, interleaved; the numbers are
 * exactly 000001…000040: no gap, no duplicate, counter at 40. */
static void test_numbering_gap_free_under_concurrency(void **state)
{
    (void)state;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t a = fx_product("A-1", "کاغذ A4", 1000, 0, 0);
    int64_t ids[NDOCS];
    fs_err e;
    for (int i = 0; i < NDOCS; i++) {
        ids[i] = new_doc(FS_DOC_INVOICE, cust);
        add_line(ids[i], line_of(a, Q(1)));
        assert_int_equal(fs_doc_submit(&s, ids[i], &e), FS_OK);
    }
    pid_t pids[NPROCS];
    for (int p = 0; p < NPROCS; p++) {
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0) {
            fs_session cs = { 0 };
            int bad = 0;
            if (fs_db_open(fx_path, 0, &cs.db, &e) != FS_OK || fs_session_login(&cs, "reza", &e) != FS_OK)
                _exit(100);
            cs.today = fs_today();
            for (int i = p; i < NDOCS; i += NPROCS)
                if (fs_doc_approve(&cs, ids[i], &e) != FS_OK) {
                    fprintf(stderr, "approve %lld: %s\n", (long long)ids[i], e.msg);
                    bad++;
                }
            fs_session_close(&cs);
            _exit(bad);
        }
    }
    for (int p = 0; p < NPROCS; p++) {
        int status;
        assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    int year = fs_day_jalali_year(s.today);
    assert_int_equal(fx_int("SELECT count(DISTINCT number) FROM document WHERE kind = 'invoice' AND status = "
                            "'approved'"),
                     NDOCS);
    for (int n = 1; n <= NDOCS; n++)
        if (fx_int("SELECT count(*) FROM document WHERE number = 'INV-%d-%06d'", year, n) != 1)
            fail_msg("number INV-%d-%06d is missing or repeated", year, n);
    assert_int_equal(fx_int("SELECT last FROM counter WHERE kind = 'invoice' AND year = %d", year), NDOCS);
}

/* Approved invoices take stock out, approved returns bring it back;
 * drafts, rejected documents and proformas move nothing. */
static void test_stock_moves_on_approval(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 1);
    int64_t service = fx_product("SV-1", "نصب", 500000, 0, 0);
    fx_sql("INSERT INTO warehouse(name, created_at) VALUES ('انبار تبریز', '2025-01-01T00:00:00Z')");
    int64_t tabriz = sqlite3_last_insert_rowid(fs_db_sqlite(s.db));
    int64_t central = fx_int("SELECT min(id) FROM warehouse");

    int64_t inv = new_doc(FS_DOC_INVOICE, cust);
    add_line(inv, line_of(laptop, Q(3)));
    add_line(inv, line_of(service, Q(1)));
    struct fs_doc_line_in l = line_of(laptop, Q(2));
    l.warehouse_id = tabriz;
    add_line(inv, l);
    int64_t rej = new_doc(FS_DOC_INVOICE, cust);
    add_line(rej, line_of(laptop, Q(7)));
    assert_int_equal(fs_doc_reject(&s, rej, &e), FS_OK);
    int64_t pro = new_doc(FS_DOC_PROFORMA, cust);
    add_line(pro, line_of(laptop, Q(5)));
    approve(pro);
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move"), 0);

    approve(inv);
    char buf[256];
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT group_concat(kind || ':' || warehouse_id || ':' || qty, ' ') "
                                                 "FROM (SELECT * FROM stock_move ORDER BY id)"),
                        "invoice:1:30000 invoice:2:20000");
    assert_int_equal(central, 1);
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move WHERE doc_id = %lld AND description = "
                            "(SELECT number FROM document WHERE id = %lld)", (long long)inv, (long long)inv),
                     2);

    /* Edited after approval: the moves follow the lines. */
    l = line_of(laptop, Q(4));
    assert_int_equal(fs_doc_line_edit(&s, inv, 1, &l, &e), FS_OK);
    assert_int_equal(fx_int("SELECT sum(qty) FROM stock_move WHERE doc_id = %lld", (long long)inv), Q(6));

    int64_t ret = new_doc(FS_DOC_RETURN, cust);
    add_line(ret, line_of(laptop, Q(1)));
    approve(ret);
    assert_int_equal(fx_int("SELECT qty FROM stock_move WHERE kind = 'return' AND doc_id = %lld", (long long)ret),
                     Q(1));

    /* Serial warehousing writes no quantity moves. */
    fx_sql("UPDATE setting SET value = 'serial' WHERE key = 'warehousing_mode'");
    int64_t inv2 = new_doc(FS_DOC_INVOICE, cust);
    add_line(inv2, line_of(laptop, Q(1)));
    approve(inv2);
    assert_int_equal(fx_int("SELECT count(*) FROM stock_move WHERE doc_id = %lld", (long long)inv2), 0);
}

/* An approved proforma converts into a draft invoice with its lines; the
 * proforma is marked invoiced when that invoice is approved, once. */
static void test_convert_proforma(void **state)
{
    (void)state;
    fs_err e;
    int64_t cust = fx_identity("شرکت فولاد مبارکه");
    int64_t laptop = fx_product("LP-100", "لپ‌تاپ ایسوس", 10000000, 1, 1);
    int64_t opp = fx_opp(cust, "تجهیز دفتر");
    struct fs_doc_new in = { .kind = FS_DOC_PROFORMA, .opp_id = opp, .description = "پیشنهاد نهایی" };
    int64_t pro, inv, inv2;
    assert_int_equal(fs_doc_create(&s, &in, &pro, &e), FS_OK);
    struct fs_doc_line_in l = line_of(laptop, Q(2));
    l.has_discount_bp = true;
    l.discount_bp = 500;
    l.description = "رنگ مشکی";
    add_line(pro, l);

    assert_int_equal(fs_doc_convert(&s, pro, &inv, &e), FS_ECONFLICT); /* not approved yet */
    approve(pro);
    assert_int_equal(fs_doc_convert(&s, pro, &inv, &e), FS_OK);
    fs_doc d;
    assert_int_equal(fs_doc_load(&s, inv, &d, &e), FS_OK);
    assert_int_equal(d.kind, FS_DOC_INVOICE);
    assert_int_equal(d.status, FS_DOC_DRAFT);
    assert_int_equal(d.source_doc_id, pro);
    assert_int_equal(d.opp_id, opp);
    assert_int_equal(d.identity_id, cust);
    assert_string_equal(d.description, "پیشنهاد نهایی");
    assert_int_equal(d.nlines, 1);
    assert_int_equal(d.lines[0].discount, 1000000);
    assert_string_equal(d.lines[0].description, "رنگ مشکی");
    assert_int_equal(d.final, 19000000 + 1900000);
    fs_doc_free(&d);
    /* Still frozen until the invoice is approved. */
    assert_int_equal(fx_int("SELECT invoiced_by_id IS NULL FROM document WHERE id = %lld", (long long)pro), 1);
    assert_int_equal(fs_doc_convert(&s, pro, &inv2, &e), FS_OK); /* a second draft is allowed ... */
    approve(inv);
    assert_int_equal(fx_int("SELECT invoiced_by_id FROM document WHERE id = %lld", (long long)pro), inv);
    assert_int_equal(fs_doc_approve(&s, inv2, &e), FS_ECONFLICT); /* ... but only one is approved */
    assert_int_equal(fx_int("SELECT status = 'draft' FROM document WHERE id = %lld", (long long)inv2), 1);
    assert_int_equal(fs_doc_convert(&s, pro, &inv2, &e), FS_ECONFLICT);
    assert_int_equal(fs_doc_convert(&s, inv, &inv2, &e), FS_EINVAL); /* not a proforma */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tax_only_on_taxable_products, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duties_and_discount_amount, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_issue_from_opportunity, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_status_flow_and_permissions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_price_and_name_permissions, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_line_remove_renumbers, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_number_per_kind_and_year, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_numbering_gap_free_under_concurrency, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stock_moves_on_approval, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_convert_proforma, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
