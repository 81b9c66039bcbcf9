/* test_records.c — the records part (SPEC §8): notes and follow-ups on any
 * item, the due list, reminders in local time, done/undone and who may
 * do it, tags that fold Persian spelling variants, the important flag,
 * and the records listing of an opportunity, an identity, a document and
 * a product, newest first, with what each user may see.  Today is pinned
 * to 2026-11-27 (1405/09/06) in Tehran. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <time.h>

#include "balance.h"
#include "document.h"
#include "fixture_doc.h"
#include "opportunity.h"
#include "records.h"

static int64_t ali, opp, product, invoice, receipt;
static int64_t sara, nima;

/* Acts as one of the fixture's users (they exist; the role is unused). */
static void login(const char *who)
{
    fx_act_as(who, 3);
}

/* Everything in the database that records write, to show a refused call
 * changed nothing. */
static int64_t written(void)
{
    return fx_int("SELECT (SELECT count(*) FROM note) * 1000000 + (SELECT count(*) FROM followup) * 1000 + "
                  "(SELECT count(*) FROM tag) + (SELECT total(done) FROM followup) * 100");
}

static int setup(void **state)
{
    setenv("TZ", "Asia/Tehran", 1);
    tzset();
    setenv("FORSAT_TODAY", "2026-11-27", 1);
    if (fx_setup(state) != 0)
        return -1;
    fx_sql("INSERT INTO user(login, name, role_id, created_at) VALUES "
           "('sara', 'سارا احمدی', 3, '2025-01-01T00:00:00Z'), ('nima', 'نیما رضایی', 3, '2025-01-01T00:00:00Z'), "
           "('anbar', 'انباردار', 4, '2025-01-01T00:00:00Z'), ('old', 'کاربر قدیمی', 3, '2025-01-01T00:00:00Z')");
    fx_sql("UPDATE user SET active = 0 WHERE login = 'old'");
    sara = fx_int("SELECT id FROM user WHERE login = 'sara'");
    nima = fx_int("SELECT id FROM user WHERE login = 'nima'");
    ali = fx_identity("علی کریمی");
    product = fx_product("LAPTOP", "لپ‌تاپ ایسوس", 10000000, 0, 0);
    fs_err e;
    fs_opp o;
    if (fs_opp_new(&s, &o, &e) != FS_OK)
        return -1;
    o.identity_id = ali;
    o.assigned_id = sara;
    fs_opp_line_in in = { .product_id = product, .qty = 2 * 10000 };
    if (fs_opp_set_text(&o.title, "خرید لپ‌تاپ برای دفتر مرکزی", &e) != FS_OK ||
        fs_opp_line_add(&o, &in, NULL, &e) != FS_OK || fs_opp_save(&s, &o, &e) != FS_OK)
        fail_msg("opp: %s", e.msg);
    opp = o.id;
    fs_opp_free(&o);
    struct fs_money_item_new m = { .kind = FS_MONEY_RECEIPT, .opp_id = opp, .amount = 5000000,
                                   .description = "پیش‌پرداخت" };
    if (fs_doc_issue_from_opp(&s, opp, FS_DOC_INVOICE, &invoice, &e) != FS_OK ||
        fs_doc_approve(&s, invoice, &e) != FS_OK || fs_money_item_add(&s, &m, &receipt, &e) != FS_OK)
        fail_msg("documents: %s", e.msg);
    return 0;
}

static void test_items(void **state)
{
    (void)state;
    fs_err e;
    char label[256];
    assert_int_equal(fs_item_check(&s, "opportunity", opp, label, sizeof label, &e), FS_OK);
    char want[256];
    snprintf(want, sizeof want, "%s خرید لپ‌تاپ برای دفتر مرکزی",
             fx_text(label, sizeof label, "SELECT number FROM opportunity WHERE id = %lld", (long long)opp));
    assert_int_equal(fs_item_check(&s, "opportunity", opp, label, sizeof label, &e), FS_OK);
    assert_string_equal(label, want);
    assert_int_equal(fs_item_check(&s, "identity", ali, label, sizeof label, &e), FS_OK);
    assert_string_equal(label, "علی کریمی");
    assert_int_equal(fs_item_check(&s, "product", product, label, sizeof label, &e), FS_OK);
    assert_string_equal(label, "LAPTOP لپ‌تاپ ایسوس");
    assert_int_equal(fs_item_check(&s, "document", invoice, label, sizeof label, &e), FS_OK);
    assert_memory_equal(label, "INV-", 4);
    assert_int_equal(fs_item_check(&s, "identity", 999, label, sizeof label, &e), FS_ECONFLICT);
    assert_string_equal(e.msg, "contact 999: not found.");
    assert_int_equal(fs_item_check(&s, "campaign", 1, NULL, 0, &e), FS_EINVAL);
    assert_string_equal(e.field, "item");
    login("nima");
    assert_int_equal(fs_item_check(&s, "opportunity", opp, NULL, 0, &e), FS_ECONFLICT);
    login("sara");
    assert_int_equal(fs_item_check(&s, "opportunity", opp, NULL, 0, &e), FS_OK);
    login("reza");
}

static void test_notes(void **state)
{
    (void)state;
    fs_err e;
    int64_t a, b;
    assert_int_equal(fs_note_add(&s, "opportunity", opp, "  مشتری قیمت نهایی را خواست.\nفردا تماس گرفته شود.  ", &a, &e),
                     FS_OK);
    login("sara");
    assert_int_equal(fs_note_add(&s, "opportunity", opp, "پیش‌فاکتور ارسال شد", &b, &e), FS_OK);
    login("reza");
    assert_true(b > a);
    /* Same second: the later note still comes first (by id). */
    fs_note *v;
    int n;
    assert_int_equal(fs_note_list(&s, "opportunity", opp, &v, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, b);
    assert_string_equal(v[0].login, "sara");
    assert_string_equal(v[1].body, "مشتری قیمت نهایی را خواست.\nفردا تماس گرفته شود.");
    assert_string_equal(v[1].login, "reza");
    fs_note_list_free(v, n);

    int64_t before = written();
    assert_int_equal(fs_note_add(&s, "opportunity", opp, "   ", &a, &e), FS_EINVAL);
    assert_string_equal(e.field, "text");
    char *big = malloc(FS_NOTE_MAX * 2 + 3);
    for (int i = 0; i < FS_NOTE_MAX + 1; i++)
        memcpy(big + 2 * i, "ن", 2);
    big[2 * (FS_NOTE_MAX + 1)] = '\0';
    assert_int_equal(fs_note_add(&s, "identity", ali, big, &a, &e), FS_EINVAL);
    big[2 * FS_NOTE_MAX] = '\0';
    assert_int_equal(fs_note_add(&s, "product", 999, big, &a, &e), FS_ECONFLICT);
    login("nima");
    assert_int_equal(fs_note_add(&s, "opportunity", opp, "یادداشت", &a, &e), FS_ECONFLICT);
    assert_int_equal(fs_note_list(&s, "opportunity", opp, &v, &n, &e), FS_ECONFLICT);
    login("reza");
    assert_int_equal(written(), before);
    assert_int_equal(fs_note_add(&s, "product", product, big, &a, &e), FS_OK);
    free(big);
}

static void test_remind_parse(void **state)
{
    (void)state;
    fs_err e;
    char out[17];
    assert_int_equal(fs_remind_parse(&s, "1405/09/07 9:30", "remind", out, &e), FS_OK);
    assert_string_equal(out, "2026-11-28 09:30");
    assert_int_equal(fs_remind_parse(&s, "۱۴۰۵/۰۹/۰۷ ۱۴:۰۵", "remind", out, &e), FS_OK);
    assert_string_equal(out, "2026-11-28 14:05");
    assert_int_equal(fs_remind_parse(&s, "tomorrow 08:00", "remind", out, &e), FS_OK);
    assert_string_equal(out, "2026-11-28 08:00");
    const char *bad[] = { "1405/09/07", "1405/09/07 24:00", "1405/09/07 10:60", "1405/12/30 10:00",
                          "1405/09/07 10:00x", "", "10:00", "1405/09/07 1:5" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(fs_remind_parse(&s, bad[i], "remind", out, &e), FS_EINVAL);
    assert_string_equal(e.field, "remind");
}

static fs_followup *due_list(int64_t user, int days, bool done, int *n)
{
    fs_err e;
    fs_followup_filter f;
    fs_followup_filter_init(&f);
    f.user_id = user;
    f.days_ahead = days;
    f.include_done = done;
    fs_followup *v;
    if (fs_followup_list(&s, &f, &v, n, &e) != FS_OK)
        fail_msg("due list: %s", e.msg);
    return v;
}

static void test_followups(void **state)
{
    (void)state;
    fs_err e;
    int64_t today, later, overdue, mine;
    struct fs_followup_new in = { .item_kind = "opportunity", .item_id = opp, .due_from = "2026-11-27",
                                  .remind_at = "2026-11-27 09:30", .description = "تماس با آقای کریمی",
                                  .user_id = sara };
    assert_int_equal(fs_followup_add(&s, &in, &today, &e), FS_OK);
    char buf[64];
    /* 09:30 in Tehran is 06:00 UTC; due_to defaults to due_from. */
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT remind_at FROM followup WHERE id = %lld", (long long)today),
                        "2026-11-27T06:00:00Z");
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT due_to FROM followup WHERE id = %lld", (long long)today),
                        "2026-11-27");
    in = (struct fs_followup_new){ .item_kind = "identity", .item_id = ali, .due_from = "2026-12-01",
                                   .due_to = "2026-12-03", .description = "ارسال کاتالوگ", .user_id = sara };
    assert_int_equal(fs_followup_add(&s, &in, &later, &e), FS_OK);
    in = (struct fs_followup_new){ .item_kind = "document", .item_id = invoice, .due_from = "2026-11-20",
                                   .due_to = "2026-11-25", .description = "پیگیری پرداخت فاکتور", .user_id = sara };
    assert_int_equal(fs_followup_add(&s, &in, &overdue, &e), FS_OK);
    in = (struct fs_followup_new){ .item_kind = "product", .item_id = product, .due_from = "2026-11-26",
                                   .description = "بررسی قیمت جدید" };
    assert_int_equal(fs_followup_add(&s, &in, &mine, &e), FS_OK);
    assert_int_equal(fx_int("SELECT user_id FROM followup WHERE id = %lld", (long long)mine),
                     fx_int("SELECT id FROM user WHERE login = 'reza'"));

    /* Refused: each names its field and writes nothing. */
    int64_t before = written(), id;
    const struct {
        struct fs_followup_new in;
        int code;
        const char *field;
    } bad[] = {
        { { "opportunity", opp, NULL, NULL, NULL, "x", 0 }, FS_EINVAL, "due" },
        { { "opportunity", opp, "2026-11-27", "2026-11-26", NULL, "x", 0 }, FS_EINVAL, "due_to" },
        { { "opportunity", opp, "2026-02-30", NULL, NULL, "x", 0 }, FS_EINVAL, "due" },
        { { "opportunity", opp, "2026-11-27", NULL, "2026-11-27 25:00", "x", 0 }, FS_EINVAL, "remind" },
        { { "opportunity", opp, "2026-11-27", NULL, NULL, " ", 0 }, FS_EINVAL, "text" },
        { { "opportunity", opp, "2026-11-27", NULL, NULL, "x", 9999 }, FS_EINVAL, "user" },
        { { "opportunity", opp, "2026-11-27", NULL, NULL, "x",
            fx_int("SELECT id FROM user WHERE login = 'old'") }, FS_EINVAL, "user" },
        { { "opportunity", 9999, "2026-11-27", NULL, NULL, "x", 0 }, FS_ECONFLICT, "opportunity" },
        { { "user", 1, "2026-11-27", NULL, NULL, "x", 0 }, FS_EINVAL, "item" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(fs_followup_add(&s, &bad[i].in, &id, &e), bad[i].code);
        assert_string_equal(e.field, bad[i].field);
    }
    assert_int_equal(written(), before);

    /* Sara's due list: overdue first, then today's; the December one only
     * when looking 5 days ahead. */
    login("sara");
    int n;
    fs_followup *v = due_list(0, 0, false, &n);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, overdue);
    assert_true(v[0].overdue);
    assert_memory_equal(v[0].item_label, "INV-", 4);
    assert_int_equal(v[1].id, today);
    assert_false(v[1].overdue);
    assert_string_equal(v[1].remind_at, "2026-11-27 09:30");
    assert_string_equal(v[1].created_by, "reza");
    assert_string_equal(v[1].login, "sara");
    fs_followup_list_free(v, n);
    v = due_list(0, 5, false, &n);
    assert_int_equal(n, 3);
    assert_int_equal(v[2].id, later);
    assert_string_equal(v[2].item_label, "علی کریمی");
    assert_string_equal(v[2].remind_at, "");
    fs_followup_list_free(v, n);

    /* Done: gone from the due list, back with include_done, and undone. */
    assert_int_equal(fs_followup_set_done(&s, overdue, true, &e), FS_OK);
    v = due_list(0, 0, false, &n);
    assert_int_equal(n, 1);
    fs_followup_list_free(v, n);
    v = due_list(0, -1, true, &n);
    assert_int_equal(n, 3);
    assert_int_equal(v[2].id, overdue);
    assert_true(v[2].done);
    assert_false(v[2].overdue);
    fs_followup_list_free(v, n);
    assert_int_equal(fs_followup_set_done(&s, overdue, false, &e), FS_OK);
    assert_int_equal(fx_int("SELECT done FROM followup WHERE id = %lld", (long long)overdue), 0);

    /* One follow-up: to its user and its creator, "not found" to others. */
    fs_followup one;
    assert_int_equal(fs_followup_get(&s, today, &one, &e), FS_OK);
    assert_string_equal(one.description, "تماس با آقای کریمی");
    assert_string_equal(one.remind_at, "2026-11-27 09:30");
    assert_string_equal(one.item_kind, "opportunity");
    fs_followup_free(&one);
    assert_int_equal(fs_followup_get(&s, mine, &one, &e), FS_ECONFLICT);
    assert_int_equal(fs_followup_get(&s, 9999, &one, &e), FS_ECONFLICT);

    /* Another's list needs view_all; another's follow-up may not be closed. */
    fs_followup_filter f;
    fs_followup_filter_init(&f);
    f.user_id = nima;
    assert_int_equal(fs_followup_list(&s, &f, &v, &n, &e), FS_EPERM);
    before = written();
    assert_int_equal(fs_followup_set_done(&s, mine, true, &e), FS_EPERM);
    assert_int_equal(fs_followup_set_done(&s, 9999, true, &e), FS_ECONFLICT);
    assert_int_equal(written(), before);
    login("reza");
    v = due_list(sara, 0, false, &n);
    assert_int_equal(n, 2);
    fs_followup_list_free(v, n);
    /* The creator may close it. */
    assert_int_equal(fs_followup_set_done(&s, today, true, &e), FS_OK);
    assert_int_equal(fs_followup_set_done(&s, today, false, &e), FS_OK);
}

static void test_tags_and_important(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_tag_add(&s, "opportunity", opp, "مشتری ویژه", &e), FS_OK);
    assert_int_equal(fs_tag_add(&s, "opportunity", opp, "فوری", &e), FS_OK);
    assert_int_equal(fs_tag_add(&s, "identity", ali, "VIP", &e), FS_OK);
    int64_t before = written();
    /* Arabic yeh and kaf are the same tag. */
    assert_int_equal(fs_tag_add(&s, "opportunity", opp, "مشتري ويژه", &e), FS_ECONFLICT);
    assert_string_equal(e.field, "tag");
    assert_int_equal(fs_tag_add(&s, "opportunity", opp, "  ", &e), FS_EINVAL);
    assert_int_equal(fs_tag_add(&s, "opportunity", opp, "یک برچسب خیلی خیلی طولانی که از پنجاه نویسه بیشتر است و جا نمی‌شود",
                                &e),
                     FS_EINVAL);
    assert_int_equal(fs_tag_remove(&s, "opportunity", opp, "ناموجود", &e), FS_ECONFLICT);
    login("nima");
    assert_int_equal(fs_tag_add(&s, "opportunity", opp, "رقیب", &e), FS_ECONFLICT);
    login("reza");
    assert_int_equal(written(), before);

    char **tags;
    int n;
    assert_int_equal(fs_tag_list(&s, "opportunity", opp, &tags, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_string_equal(tags[0], "فوری");
    assert_string_equal(tags[1], "مشتری ویژه");
    fs_tag_list_free(tags, n);
    assert_int_equal(fs_tag_remove(&s, "opportunity", opp, "مشتري ويژه", &e), FS_OK);
    assert_int_equal(fx_int("SELECT count(*) FROM tag WHERE item_kind = 'opportunity'"), 1);
    assert_int_equal(fx_int("SELECT count(*) FROM change_log WHERE item_kind = 'opportunity' AND field = 'tag' "
                            "AND old_value = 'مشتری ویژه' AND new_value IS NULL"),
                     1);

    int64_t version = fx_int("SELECT version FROM opportunity WHERE id = %lld", (long long)opp);
    assert_int_equal(fs_records_set_important(&s, opp, true, &e), FS_OK);
    assert_int_equal(fx_int("SELECT important FROM opportunity WHERE id = %lld", (long long)opp), 1);
    assert_int_equal(fx_int("SELECT version FROM opportunity WHERE id = %lld", (long long)opp), version + 1);
    assert_int_equal(fs_records_set_important(&s, opp, true, &e), FS_OK);
    assert_int_equal(fx_int("SELECT version FROM opportunity WHERE id = %lld", (long long)opp), version + 1);
    login("nima");
    assert_int_equal(fs_records_set_important(&s, opp, false, &e), FS_ECONFLICT);
    login("reza");
    assert_int_equal(fx_int("SELECT important FROM opportunity WHERE id = %lld", (long long)opp), 1);
}

static fs_record *records(const char *kind, int64_t id, int *n)
{
    fs_err e;
    fs_record *v;
    if (fs_records_list(&s, kind, id, 0, &v, n, &e) != FS_OK)
        fail_msg("records: %s", e.msg);
    return v;
}

static int find(const fs_record *v, int n, enum fs_record_kind k)
{
    for (int i = 0; i < n; i++)
        if (v[i].kind == k)
            return i;
    return -1;
}

static void test_records_list(void **state)
{
    (void)state;
    /* Known creation times, so the order is certain. */
    fx_sql("UPDATE document SET created_at = '2026-11-20T08:00:00Z'");
    fx_sql("UPDATE money_item SET created_at = '2026-11-21T08:00:00Z'");
    fx_sql("UPDATE note SET created_at = '2026-11-22T08:00:00Z'");
    fx_sql("UPDATE followup SET created_at = '2026-11-23T08:00:00Z'");
    fs_err e;
    int64_t on_ali, on_other;
    assert_int_equal(fs_note_add(&s, "identity", ali, "تغییر آدرس دفتر", &on_ali, &e), FS_OK);
    /* Another opportunity of Ali's, reza's own: Sara may not see it. */
    int64_t other = fx_opp(ali, "تمدید گارانتی");
    assert_int_equal(fs_note_add(&s, "opportunity", other, "گارانتی تا اسفند", &on_other, &e), FS_OK);
    fx_sql("UPDATE note SET created_at = '2026-11-19T08:00:00Z' WHERE id = %lld", (long long)on_other);
    int n;
    fs_record *v = records("opportunity", opp, &n);
    /* 1 follow-up, 2 notes, 1 receipt, 1 invoice — newest first. */
    assert_int_equal(n, 5);
    assert_int_equal(v[0].kind, FS_RECORD_FOLLOWUP);
    assert_string_equal(v[0].subkind, "open");
    assert_string_equal(v[0].date, "2026-11-27");
    assert_int_equal(v[1].kind, FS_RECORD_NOTE);
    assert_int_equal(v[2].kind, FS_RECORD_NOTE);
    assert_string_equal(v[2].date, "2026-11-22");
    assert_int_equal(v[3].kind, FS_RECORD_MONEY);
    assert_string_equal(v[3].subkind, "receipt");
    assert_int_equal(v[3].amount, 5000000);
    assert_string_equal(v[3].text, "پیش‌پرداخت");
    assert_int_equal(v[4].kind, FS_RECORD_DOCUMENT);
    assert_int_equal(v[4].id, invoice);
    assert_string_equal(v[4].subkind, "invoice");
    assert_string_equal(v[4].status, "approved");
    assert_int_equal(v[4].amount, 20000000);
    assert_string_equal(v[4].item_kind, "opportunity");
    fs_records_list_free(v, n);

    /* The identity: its own note first (just written), its follow-up, the
     * opportunity's notes and follow-up, the invoice and the receipt. */
    v = records("identity", ali, &n);
    assert_int_equal(n, 8);
    assert_int_equal(v[0].kind, FS_RECORD_NOTE);
    assert_int_equal(v[0].id, on_ali);
    assert_string_equal(v[0].item_kind, "identity");
    assert_true(find(v, n, FS_RECORD_DOCUMENT) >= 0);
    assert_int_equal(v[7].id, on_other); /* the oldest */
    assert_int_equal(v[7].item_id, other);
    fs_records_list_free(v, n);
    login("sara");
    v = records("identity", ali, &n);
    assert_int_equal(n, 7);
    for (int i = 0; i < n; i++)
        assert_int_not_equal(v[i].item_id, other);
    fs_records_list_free(v, n);
    /* Nima sees neither the opportunity's notes nor its follow-ups; the
     * documents and money of the identity stay. */
    login("nima");
    v = records("identity", ali, &n);
    assert_int_equal(n, 4);
    for (int i = 0; i < n; i++)
        if (v[i].kind == FS_RECORD_NOTE || v[i].kind == FS_RECORD_FOLLOWUP)
            assert_string_equal(v[i].item_kind, "identity");
    fs_records_list_free(v, n);
    assert_int_equal(fs_records_list(&s, "opportunity", opp, 0, &v, &n, &e), FS_ECONFLICT);
    /* Without balance.view no money items. */
    login("anbar");
    v = records("opportunity", opp, &n);
    assert_int_equal(n, 4);
    assert_int_equal(find(v, n, FS_RECORD_MONEY), -1);
    fs_records_list_free(v, n);
    login("reza");

    v = records("document", invoice, &n);
    assert_int_equal(n, 1);
    assert_int_equal(v[0].kind, FS_RECORD_FOLLOWUP);
    fs_records_list_free(v, n);
    v = records("product", product, &n);
    assert_int_equal(n, 2);
    assert_int_equal(find(v, n, FS_RECORD_NOTE) >= 0, 1);
    fs_records_list_free(v, n);
    assert_int_equal(fs_records_list(&s, "opportunity", opp, 2, &v, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    fs_records_list_free(v, n);
}

/* Reminders that have come: open follow-ups whose remind-at is at or
 * before now, whatever their due dates, earliest first; not another
 * user's, not done ones, not those still to come. */
static void test_reminders(void **state)
{
    (void)state;
    fs_err e;
    login("nima");
    /* 10:00 Tehran = 06:30 UTC; the clock says 08:30 UTC (12:00 Tehran). */
    setenv("FORSAT_NOW", "2026-11-27T08:30:00Z", 1);
    int64_t past, earlier, future, done, other;
    struct fs_followup_new in = { .item_kind = "identity", .item_id = ali, .due_from = "2026-12-10",
                                  .due_to = "2026-12-12", .remind_at = "2026-11-27 10:00",
                                  .description = "یادآوری تماس" };
    assert_int_equal(fs_followup_add(&s, &in, &past, &e), FS_OK);
    in.remind_at = "2026-11-26 17:45";
    in.description = "یادآوری دیروز";
    assert_int_equal(fs_followup_add(&s, &in, &earlier, &e), FS_OK);
    in.remind_at = "2026-11-27 12:01";
    in.description = "هنوز نه";
    assert_int_equal(fs_followup_add(&s, &in, &future, &e), FS_OK);
    in.remind_at = "2026-11-27 09:00";
    in.description = "انجام شده";
    assert_int_equal(fs_followup_add(&s, &in, &done, &e), FS_OK);
    assert_int_equal(fs_followup_set_done(&s, done, true, &e), FS_OK);
    in.remind_at = "2026-11-27 09:00";
    in.description = "مال سارا";
    in.user_id = sara;
    assert_int_equal(fs_followup_add(&s, &in, &other, &e), FS_OK);

    fs_followup *v;
    int n;
    assert_int_equal(fs_followup_reminders(&s, 0, &v, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, earlier);
    assert_int_equal(v[1].id, past);
    assert_true(v[1].remind_due);
    assert_string_equal(v[1].remind_at, "2026-11-27 10:00");
    assert_string_equal(v[1].due_from, "2026-12-10");
    fs_followup_list_free(v, n);
    assert_int_equal(fs_followup_reminders(&s, 1, &v, &n, &e), FS_OK);
    assert_int_equal(n, 1);
    fs_followup_list_free(v, n);
    /* The full list marks which reminders have come. */
    fs_followup *all = due_list(0, -1, true, &n);
    int seen = 0;
    for (int i = 0; i < n; i++) {
        if (all[i].id == past || all[i].id == earlier)
            assert_true(all[i].remind_due), seen++;
        if (all[i].id == future || all[i].id == done)
            assert_false(all[i].remind_due), seen++;
    }
    assert_int_equal(seen, 4);
    fs_followup_list_free(all, n);
    /* A minute later the next one has come too. */
    setenv("FORSAT_NOW", "2026-11-27T08:31:00Z", 1);
    assert_int_equal(fs_followup_reminders(&s, 0, &v, &n, &e), FS_OK);
    assert_int_equal(n, 3);
    assert_int_equal(v[2].id, future);
    fs_followup_list_free(v, n);
    unsetenv("FORSAT_NOW");
    login("reza");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items),        cmocka_unit_test(test_notes),
        cmocka_unit_test(test_remind_parse), cmocka_unit_test(test_followups),
        cmocka_unit_test(test_tags_and_important), cmocka_unit_test(test_records_list),
        cmocka_unit_test(test_reminders),
    };
    return cmocka_run_group_tests(tests, setup, fx_teardown);
}
