/* test_draft.c — unsaved form input kept as a draft (SPEC §11): one draft
 * per user, form and item, replaced on every save, private to its user;
 * and the opportunity form as a draft payload, round-tripped field by
 * field, rejected whole when the payload is damaged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draft.h"
#include "identity.h"
#include "money.h"
#include "opp_draft.h"
#include "opportunity.h"
#include "product.h"
#include "subtype.h"
#include "user.h"

#include "fixture.h"

static int setup(void **state)
{
    (void)state;
    if (fx_open("draft", NULL, "reza") != 0)
        return -1;
    s.today = fs_today();
    return 0;
}

static int64_t count_drafts(void)
{
    return fx_query_int("SELECT count(*) FROM draft");
}

/* Saving twice keeps one draft (the newer text), also for a new item
 * whose item id is stored as NULL; loading gives it back with its time. */
static void test_save_replaces_and_loads(void **state)
{
    (void)state;
    fs_err e;
    char *p = NULL;
    char at[21];
    assert_int_equal(fs_draft_save(&s, "opp", 0, "عنوان: خرید لپ‌تاپ", &e), FS_OK);
    assert_int_equal(fs_draft_save(&s, "opp", 0, "عنوان: خرید لپ‌تاپ ایسوس", &e), FS_OK);
    assert_int_equal(fs_draft_save(&s, "opp", 42, "ویرایش فرصت ۴۲", &e), FS_OK);
    assert_int_equal(count_drafts(), 2);
    assert_int_equal(fs_draft_load(&s, "opp", 0, &p, at, &e), FS_OK);
    assert_string_equal(p, "عنوان: خرید لپ‌تاپ ایسوس");
    assert_int_equal(strlen(at), 20);
    assert_int_equal(at[10], 'T');
    free(p);
    assert_int_equal(fs_draft_load(&s, "opp", 42, &p, NULL, &e), FS_OK);
    assert_string_equal(p, "ویرایش فرصت ۴۲");
    free(p);
    /* None for another form or item: FS_OK with no payload. */
    assert_int_equal(fs_draft_load(&s, "contact", 0, &p, at, &e), FS_OK);
    assert_null(p);
    assert_string_equal(at, "");

    assert_int_equal(fs_draft_delete(&s, "opp", 0, &e), FS_OK);
    assert_int_equal(fs_draft_delete(&s, "opp", 0, &e), FS_OK); /* already gone: fine */
    assert_int_equal(fs_draft_load(&s, "opp", 0, &p, NULL, &e), FS_OK);
    assert_null(p);
    assert_int_equal(count_drafts(), 1);
}

struct seen {
    int n;
    char forms[8][16];
    int64_t items[8];
    int stop_after;
};

static int collect(void *ctx, const fs_draft *d)
{
    struct seen *sn = ctx;
    snprintf(sn->forms[sn->n], sizeof sn->forms[0], "%s", d->form);
    sn->items[sn->n++] = d->item_id;
    return sn->stop_after && sn->n == sn->stop_after ? 7 : 0;
}

/* Each user sees only their own drafts, newest first; another user's draft
 * of the same form and item is a separate draft. */
static void test_drafts_are_private_and_listed_newest_first(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_user_add(&s, "sara", "سارا احمدی", "sales_rep", NULL, &e), FS_OK);
    assert_int_equal(fs_draft_save(&s, "opp", 0, "reza's new", &e), FS_OK);
    assert_int_equal(fs_draft_save(&s, "contact", 7, "reza's contact", &e), FS_OK);
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_draft_save(&s, "opp", 0, "sara's new", &e), FS_OK);

    struct seen seen = { 0 };
    assert_int_equal(fs_draft_list(&s, collect, &seen, &e), FS_OK);
    assert_int_equal(seen.n, 1);
    assert_string_equal(seen.forms[0], "opp");
    char *p = NULL;
    assert_int_equal(fs_draft_load(&s, "opp", 0, &p, NULL, &e), FS_OK);
    assert_string_equal(p, "sara's new");
    free(p);
    assert_int_equal(fs_draft_delete(&s, "opp", 0, &e), FS_OK);

    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);
    memset(&seen, 0, sizeof seen);
    assert_int_equal(fs_draft_list(&s, collect, &seen, &e), FS_OK);
    assert_int_equal(seen.n, 2);
    assert_string_equal(seen.forms[0], "contact");
    assert_int_equal(seen.items[0], 7);
    assert_string_equal(seen.forms[1], "opp");
    assert_int_equal(seen.items[1], 0);
    /* reza's draft survived sara's delete. */
    assert_int_equal(fs_draft_load(&s, "opp", 0, &p, NULL, &e), FS_OK);
    assert_string_equal(p, "reza's new");
    free(p);
    /* The callback's non-zero return stops the list and is returned. */
    memset(&seen, 0, sizeof seen);
    seen.stop_after = 1;
    assert_int_equal(fs_draft_list(&s, collect, &seen, &e), 7);
    assert_int_equal(seen.n, 1);
}

/* Bad input is refused and writes nothing. */
static void test_bad_input_changes_nothing(void **state)
{
    (void)state;
    fs_err e;
    char form[80];
    memset(form, 'x', sizeof form - 1);
    form[sizeof form - 1] = '\0';
    assert_int_equal(fs_draft_save(&s, "", 0, "x", &e), FS_EINVAL);
    assert_string_equal(e.field, "form");
    assert_int_equal(fs_draft_save(&s, form, 0, "x", &e), FS_EINVAL);
    assert_int_equal(fs_draft_save(&s, "opp", 0, "bad \xff byte", &e), FS_EINVAL);
    assert_string_equal(e.field, "payload");
    char *big = malloc(FS_DRAFT_PAYLOAD_MAX + 2);
    assert_non_null(big);
    memset(big, 'a', FS_DRAFT_PAYLOAD_MAX + 1);
    big[FS_DRAFT_PAYLOAD_MAX + 1] = '\0';
    assert_int_equal(fs_draft_save(&s, "opp", 0, big, &e), FS_EINVAL);
    free(big);
    assert_int_equal(count_drafts(), 0);
}

/* ---- the opportunity as a payload ---------------------------------------- */

/* A saved opportunity with every section filled: lines (one with a
 * renamed «سایر» line and a description holding TAB, newline and
 * backslash), competitors (one linked organization, one free text),
 * custom values, a won stage with its reason. */
static int64_t full_opportunity(fs_opp *o)
{
    fs_err e;
    fs_identity cust = { .kind = "org", .name = "شرکت فولاد مبارکه", .phone = "031-5252 1234" };
    fs_identity rival = { .kind = "org", .name = "شرکت داده‌پردازان" };
    int64_t cust_id, rival_id, laptop, other, f_text, f_amount;
    assert_int_equal(fs_identity_add(&s, &cust, false, &cust_id, &e), FS_OK);
    assert_int_equal(fs_identity_add(&s, &rival, false, &rival_id, &e), FS_OK);
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "LP-100");
    snprintf(p.name, sizeof p.name, "لپ‌تاپ ایسوس");
    p.has_price = true;
    p.unit_price = 10000000;
    assert_int_equal(fs_product_add(&s, &p, &laptop, &e), FS_OK);
    assert_int_equal(fs_product_other_id(&s, &other, &e), FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "contract_no", "شماره قرارداد", "Contract no", FS_CFIELD_TEXT, false,
                                         NULL, &f_text, &e),
                     FS_OK);
    assert_int_equal(fs_custom_field_add(&s, 1, "budget", "بودجه", "Budget", FS_CFIELD_AMOUNT, false, NULL,
                                         &f_amount, &e),
                     FS_OK);

    assert_int_equal(fs_opp_new(&s, o, &e), FS_OK);
    o->identity_id = cust_id;
    assert_int_equal(fs_opp_set_text(&o->title, "تجهیز دفتر مرکزی\tفاز\\۲", &e), FS_OK);
    o->probability = 60;
    o->important = true;
    snprintf(o->close_date, sizeof o->close_date, "2026-03-10");
    fs_opp_line_in l1 = { .product_id = laptop, .qty = 4 * FS_QTY_SCALE, .has_discount_bp = true, .discount_bp = 300,
                          .description = "رنگ مشکی\nبا کیف\\" };
    fs_opp_line_in l2 = { .product_id = other, .qty = 25000, .has_price = true, .unit_price = 1234567,
                          .name = "نصب و راه‌اندازی" };
    assert_int_equal(fs_opp_line_add(o, &l1, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_line_add(o, &l2, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_competitor_add(&s, o, "شرکت داده‌پردازان", "قیمت پایین‌تر", &e), FS_OK);
    assert_int_equal(fs_opp_competitor_add(&s, o, "فروشگاه آنلاین", NULL, &e), FS_OK);
    assert_int_equal(fs_opp_value_set(&s, o, "contract_no", "ق-۱۴۰۵/۲۳", &e), FS_OK);
    assert_int_equal(fs_opp_value_set(&s, o, "budget", "۵۰٬۰۰۰٬۰۰۰", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, o, &e), FS_OK);
    int64_t won = 0;
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(fs_db_sqlite(s.db), "SELECT id FROM stage WHERE key = 'won'", -1, &st, NULL);
    if (sqlite3_step(st) == SQLITE_ROW)
        won = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(fs_opp_set_stage(&s, o, won, "quality", &e), FS_OK);
    assert_int_equal(fs_opp_save(&s, o, &e), FS_OK);
    assert_int_equal(o->competitors[0].identity_id, rival_id);
    return o->id;
}

/* Every field of a as b has it. */
static void assert_same_opp(const fs_opp *a, const fs_opp *b)
{
    assert_int_equal(a->id, b->id);
    assert_string_equal(a->number, b->number);
    assert_int_equal(a->version, b->version);
    assert_int_equal(a->identity_id, b->identity_id);
    assert_int_equal(a->subtype_id, b->subtype_id);
    assert_int_equal(a->stage_id, b->stage_id);
    assert_true(!a->title == !b->title);
    if (a->title)
        assert_string_equal(a->title, b->title);
    assert_int_equal(a->type_id, b->type_id);
    assert_int_equal(a->assigned_id, b->assigned_id);
    assert_int_equal(a->source_id, b->source_id);
    assert_int_equal(a->campaign_id, b->campaign_id);
    assert_string_equal(a->close_date, b->close_date);
    assert_int_equal(a->final_amount, b->final_amount);
    assert_int_equal(a->amount_manual, b->amount_manual);
    assert_int_equal(a->probability, b->probability);
    assert_int_equal(a->win_reason_id, b->win_reason_id);
    assert_int_equal(a->loss_reason_id, b->loss_reason_id);
    assert_int_equal(a->purchase_process_id, b->purchase_process_id);
    assert_int_equal(a->important, b->important);
    assert_string_equal(a->won_at, b->won_at);
    assert_string_equal(a->lost_at, b->lost_at);
    assert_string_equal(a->stage_changed_at, b->stage_changed_at);
    assert_string_equal(a->created_at, b->created_at);
    assert_string_equal(a->updated_at, b->updated_at);
    assert_int_equal(a->created_by, b->created_by);
    assert_int_equal(a->updated_by, b->updated_by);
    /* The twelve display names are consecutive fs_opp_ref members. */
    const fs_opp_ref *ra = &a->names.contact, *rb = &b->names.contact;
    for (int i = 0; i < 12; i++) {
        assert_string_equal(ra[i].key, rb[i].key);
        assert_string_equal(ra[i].label, rb[i].label);
    }
    assert_ptr_equal(&ra[11], &a->names.updated_by);
    assert_int_equal(a->names.stage_kind, b->names.stage_kind);
    assert_int_equal(a->expected_amount, b->expected_amount);
    assert_int_equal(a->age_days, b->age_days);
    assert_int_equal(a->days_in_stage, b->days_in_stage);
    assert_int_equal(a->days_to_close, b->days_to_close);
    assert_int_equal(a->nvalues, b->nvalues);
    for (int i = 0; i < a->nvalues; i++) {
        assert_int_equal(a->values[i].field_id, b->values[i].field_id);
        assert_string_equal(a->values[i].value, b->values[i].value);
        assert_string_equal(a->values[i].key, b->values[i].key);
        assert_string_equal(a->values[i].label, b->values[i].label);
        assert_int_equal(a->values[i].type, b->values[i].type);
    }
    assert_int_equal(a->ncompetitors, b->ncompetitors);
    for (int i = 0; i < a->ncompetitors; i++) {
        assert_int_equal(a->competitors[i].id, b->competitors[i].id);
        assert_int_equal(a->competitors[i].identity_id, b->competitors[i].identity_id);
        assert_string_equal(a->competitors[i].name, b->competitors[i].name);
        assert_true(!a->competitors[i].note == !b->competitors[i].note);
        if (a->competitors[i].note)
            assert_string_equal(a->competitors[i].note, b->competitors[i].note);
    }
    assert_int_equal(a->nlines, b->nlines);
    for (int i = 0; i < a->nlines; i++) {
        const fs_opp_line *x = &a->lines[i], *y = &b->lines[i];
        assert_int_equal(x->id, y->id);
        assert_int_equal(x->product_id, y->product_id);
        assert_true(!x->name == !y->name);
        if (x->name)
            assert_string_equal(x->name, y->name);
        assert_int_equal(x->qty, y->qty);
        assert_int_equal(x->has_price, y->has_price);
        assert_int_equal(x->unit_price, y->unit_price);
        assert_int_equal(x->discount_by, y->discount_by);
        assert_int_equal(x->discount_bp, y->discount_bp);
        assert_int_equal(x->discount, y->discount);
        assert_true(!x->description == !y->description);
        if (x->description)
            assert_string_equal(x->description, y->description);
        assert_int_equal(x->total, y->total);
        assert_int_equal(x->final, y->final);
        assert_string_equal(x->product_code, y->product_code);
        assert_string_equal(x->unit, y->unit);
    }
}

/* A loaded opportunity, edited but not saved, goes through a draft and
 * comes back field for field; saving the restored form saves the edit. */
static void test_opp_round_trip_through_a_draft(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o, back;
    int64_t id = full_opportunity(&o);
    /* Unsaved edits, as a user would leave them when the line drops. */
    o.probability = 85;
    fs_opp_set_amount(&o, 41000000);
    fs_opp_line_in more = { .product_id = o.lines[0].product_id, .qty = 15000, .description = "" };
    assert_int_equal(fs_opp_line_add(&o, &more, NULL, &e), FS_OK);
    assert_int_equal(fs_opp_set_text(&o.competitors[1].note, "", &e), FS_OK);

    char *payload = NULL;
    assert_int_equal(fs_opp_draft_encode(&o, &payload, &e), FS_OK);
    assert_int_equal(strncmp(payload, "opp-draft\t1\n", 12), 0);
    assert_non_null(strstr(payload, "title\tتجهیز دفتر مرکزی\\tفاز\\\\۲\n"));
    assert_int_equal(fs_draft_save(&s, "opp", id, payload, &e), FS_OK);

    char *stored = NULL;
    assert_int_equal(fs_draft_load(&s, "opp", id, &stored, NULL, &e), FS_OK);
    assert_string_equal(stored, payload);
    assert_int_equal(fs_opp_draft_decode(stored, &back, &e), FS_OK);
    assert_same_opp(&o, &back);
    assert_null(back.lines[2].name);           /* NULL stays NULL … */
    assert_string_equal(back.lines[2].description, ""); /* … and "" stays "" */
    assert_string_equal(back.lines[0].description, "رنگ مشکی\nبا کیف\\");
    assert_string_equal(back.names.win_reason.key, "quality");

    /* Encoding the decoded form gives the same payload. */
    char *again = NULL;
    assert_int_equal(fs_opp_draft_encode(&back, &again, &e), FS_OK);
    assert_string_equal(again, payload);

    /* The restored form saves like the original would have. */
    assert_int_equal(fs_opp_save(&s, &back, &e), FS_OK);
    fs_opp saved;
    assert_int_equal(fs_opp_load(&s, id, &saved, &e), FS_OK);
    assert_int_equal(saved.probability, 85);
    assert_int_equal(saved.final_amount, 41000000);
    assert_true(saved.amount_manual);
    assert_int_equal(saved.nlines, 3);
    assert_int_equal(saved.lines[2].qty, 15000);
    assert_int_equal(saved.ncompetitors, 2);
    assert_int_equal(saved.nvalues, 2);
    fs_opp_free(&saved);

    free(payload);
    free(stored);
    free(again);
    fs_opp_free(&o);
    fs_opp_free(&back);
}

/* A new, empty form round-trips too (NULL title, no lines). */
static void test_new_form_round_trip(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o, back;
    assert_int_equal(fs_opp_new(&s, &o, &e), FS_OK);
    char *payload = NULL;
    assert_int_equal(fs_opp_draft_encode(&o, &payload, &e), FS_OK);
    assert_int_equal(fs_opp_draft_decode(payload, &back, &e), FS_OK);
    assert_same_opp(&o, &back);
    assert_null(back.title);
    free(payload);
    fs_opp_free(&o);
    fs_opp_free(&back);
}

/* A damaged payload is refused whole, naming its line, with nothing
 * half-filled left behind. */
static void test_damaged_payload_is_refused(void **state)
{
    (void)state;
    fs_err e;
    fs_opp o, back;
    full_opportunity(&o);
    char *payload = NULL;
    assert_int_equal(fs_opp_draft_encode(&o, &payload, &e), FS_OK);
    size_t n = strlen(payload);

    /* Cut short anywhere before "end\n": refused. */
    char *cut = strdup(payload);
    for (size_t at = 0; at + 4 < n; at += 7) {
        cut[at] = '\0';
        assert_int_equal(fs_opp_draft_decode(cut, &back, &e), FS_EINVAL);
        assert_int_equal(back.nlines, 0);
        assert_null(back.title);
        memcpy(cut, payload, n + 1);
    }
    free(cut);

    const char *bad[] = {
        "",
        "opp-draft\t2\nend\n",                          /* a newer format */
        "something else\nend\n",
        "opp-draft\t1\nprobability\tfifty\nend\n",
        "opp-draft\t1\nprobability\t99999999999\nend\n",
        "opp-draft\t1\nimportant\t2\nend\n",
        "opp-draft\t1\nunknown_field\t1\nend\n",
        "opp-draft\t1\ntitle\tbad \\q escape\nend\n",
        "opp-draft\t1\nline\t1\t2\nend\n",              /* too few fields */
        "opp-draft\t1\nref\tnobody\tk\tl\nend\n",
        "opp-draft\t1\nend\nid\t5\n",                   /* after the end */
        "opp-draft\t1\nid\t5\nend",                     /* no final newline */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(fs_opp_draft_decode(bad[i], &back, &e), FS_EINVAL);
        assert_string_equal(e.field, "draft");
        assert_non_null(strstr(e.msg, "line"));
    }
    /* The number is the payload's line. */
    assert_int_equal(fs_opp_draft_decode("opp-draft\t1\nid\t5\nversion\tx\nend\n", &back, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "line 3"));
    free(payload);
    fs_opp_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_save_replaces_and_loads, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_drafts_are_private_and_listed_newest_first, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_changes_nothing, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_opp_round_trip_through_a_draft, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_new_form_round_trip, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_damaged_payload_is_refused, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
