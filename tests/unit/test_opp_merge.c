/* Tests of opp_merge: the parts two copies of an opportunity differ in,
 * their values in the change history's form, and "keep my edits on top of
 * theirs" (SPEC §5.4: the second save of the same opportunity). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "opp_merge.h"

/* The opportunity as the form loaded it (version 2). */
static void make_base(fs_opp *o)
{
    fs_err e;
    memset(o, 0, sizeof *o);
    o->id = 7;
    o->version = 2;
    o->identity_id = 3;
    snprintf(o->names.contact.label, sizeof o->names.contact.label, "%s", "شرکت فولاد مبارکه");
    o->subtype_id = 1;
    o->stage_id = 2;
    snprintf(o->names.stage.key, sizeof o->names.stage.key, "%s", "negotiation");
    fs_opp_set_text(&o->title, "فروش لپ‌تاپ", &e);
    snprintf(o->close_date, sizeof o->close_date, "%s", "2026-12-01");
    o->probability = 40;
    o->lines = calloc(1, sizeof *o->lines);
    o->nlines = 1;
    o->lines[0].id = 11;
    o->lines[0].product_id = 5;
    o->lines[0].qty = 4 * FS_QTY_SCALE;
    o->lines[0].unit_price = 10000000;
    snprintf(o->lines[0].product_code, sizeof o->lines[0].product_code, "%s", "LAPTOP");
    o->values = calloc(1, sizeof *o->values);
    o->nvalues = 1;
    o->values[0].field_id = 9;
    snprintf(o->values[0].key, sizeof o->values[0].key, "%s", "budget");
    fs_opp_set_text(&o->values[0].value, "500", &e);
}

static void copy(const fs_opp *a, fs_opp *b)
{
    fs_err e;
    assert_int_equal(fs_opp_copy(a, b, &e), FS_OK);
}

static void test_same_copies_differ_in_nothing(void **state)
{
    (void)state;
    fs_opp a, b;
    make_base(&a);
    copy(&a, &b);
    fs_opp_part *d;
    int n;
    fs_err e;
    assert_int_equal(fs_opp_diff(&a, &b, &d, &n, &e), FS_OK);
    assert_int_equal(n, 0);
    assert_null(d);
    fs_opp_free(&a);
    fs_opp_free(&b);
}

static void test_diff_lists_every_changed_part_in_form_order(void **state)
{
    (void)state;
    fs_opp a, b;
    fs_err e;
    make_base(&a);
    copy(&a, &b);
    /* Another user: a new title and close date, a custom value, a new
     * competitor, one more laptop; an automatic amount that follows the
     * lines is not a change of its own. */
    fs_opp_set_text(&b.title, "فروش ۵ لپ‌تاپ", &e);
    snprintf(b.close_date, sizeof b.close_date, "%s", "2026-12-20");
    fs_opp_set_text(&b.values[0].value, "700", &e);
    b.competitors = calloc(1, sizeof *b.competitors);
    b.ncompetitors = 1;
    fs_opp_set_text(&b.competitors[0].name, "پارس رایانه", &e);
    b.lines[0].qty = 5 * FS_QTY_SCALE;
    b.final_amount = 50000000;
    fs_opp_part *d;
    int n;
    assert_int_equal(fs_opp_diff(&a, &b, &d, &n, &e), FS_OK);
    assert_int_equal(n, 5);
    assert_string_equal(d[0].field, "title");
    assert_string_equal(d[1].field, "close_date");
    assert_string_equal(d[2].field, "field.budget");
    assert_int_equal(d[2].kind, FS_OPP_PART_VALUE);
    assert_int_equal(d[2].field_id, 9);
    assert_string_equal(d[3].field, "competitor");
    assert_string_equal(d[4].field, "line");
    char v[512];
    fs_opp_part_value(&b, &d[1], v, sizeof v);
    assert_string_equal(v, "2026-12-20");
    fs_opp_part_value(&b, &d[4], v, sizeof v);
    assert_string_equal(v, "LAPTOP × 5");
    fs_opp_part_value(&a, &d[3], v, sizeof v);
    assert_string_equal(v, "");
    fs_opp_part_value(&b, &d[3], v, sizeof v);
    assert_string_equal(v, "پارس رایانه");
    free(d);
    /* A typed amount is a change; a value only one copy has is too. */
    b.amount_manual = true;
    fs_opp_free(&b);
    copy(&a, &b);
    b.amount_manual = true;
    b.final_amount = 1;
    free(b.values[0].value);
    b.values[0].value = NULL;
    assert_int_equal(fs_opp_diff(&a, &b, &d, &n, &e), FS_OK);
    assert_int_equal(n, 2);
    assert_string_equal(d[0].field, "final_amount");
    assert_string_equal(d[1].field, "field.budget");
    free(d);
    fs_opp_free(&a);
    fs_opp_free(&b);
}

static void test_rebase_keeps_both_users_changes(void **state)
{
    (void)state;
    fs_opp base, mine, theirs, out;
    fs_err e;
    make_base(&base);
    copy(&base, &mine);
    copy(&base, &theirs);
    /* The user changed the probability and the title; the other user the
     * title and the close date, and saved (version 3). */
    mine.probability = 75;
    fs_opp_set_text(&mine.title, "فروش لپ‌تاپ — نهایی", &e);
    fs_opp_set_text(&theirs.title, "فروش ۵ لپ‌تاپ", &e);
    snprintf(theirs.close_date, sizeof theirs.close_date, "%s", "2026-12-20");
    theirs.version = 3;
    fs_opp_part *p;
    int n;
    assert_int_equal(fs_opp_rebase(&base, &mine, &theirs, &out, &p, &n, &e), FS_OK);
    /* Both changed the title: listed first, marked, the user's value. */
    assert_int_equal(n, 2);
    assert_string_equal(p[0].field, "title");
    assert_true(p[0].both);
    assert_string_equal(p[1].field, "probability");
    assert_false(p[1].both);
    assert_int_equal(out.version, 3);
    assert_string_equal(out.title, "فروش لپ‌تاپ — نهایی");
    assert_string_equal(out.close_date, "2026-12-20");
    assert_int_equal(out.probability, 75);
    assert_int_equal(out.nlines, 1);
    assert_string_equal(out.values[0].value, "500");
    free(p);
    fs_opp_free(&out);
    /* Taking theirs is a rebase of a copy that changed nothing. */
    assert_int_equal(fs_opp_rebase(&base, &base, &theirs, &out, &p, &n, &e), FS_OK);
    assert_int_equal(n, 0);
    assert_string_equal(out.title, "فروش ۵ لپ‌تاپ");
    assert_int_equal(out.probability, 40);
    fs_opp_free(&out);
    fs_opp_free(&base);
    fs_opp_free(&mine);
    fs_opp_free(&theirs);
}

static void test_rebase_takes_whole_lists_and_values(void **state)
{
    (void)state;
    fs_opp base, mine, theirs, out;
    fs_err e;
    make_base(&base);
    copy(&base, &mine);
    copy(&base, &theirs);
    /* The user removed the line and added a competitor; the other user set
     * the same custom value the user did (not a conflict). */
    fs_opp_line_remove(&mine, 1, &e);
    mine.competitors = calloc(1, sizeof *mine.competitors);
    mine.ncompetitors = 1;
    fs_opp_set_text(&mine.competitors[0].name, "پارس رایانه", &e);
    fs_opp_set_text(&mine.values[0].value, "900", &e);
    fs_opp_set_text(&theirs.values[0].value, "900", &e);
    theirs.probability = 10;
    fs_opp_part *p;
    int n;
    assert_int_equal(fs_opp_rebase(&base, &mine, &theirs, &out, &p, &n, &e), FS_OK);
    assert_int_equal(n, 3);
    assert_false(p[0].both || p[1].both || p[2].both);
    assert_int_equal(out.nlines, 0);
    assert_int_equal(out.ncompetitors, 1);
    assert_string_equal(out.competitors[0].name, "پارس رایانه");
    assert_string_equal(out.values[0].value, "900");
    assert_int_equal(out.probability, 10);
    free(p);
    fs_opp_free(&out);
    fs_opp_free(&base);
    fs_opp_free(&mine);
    fs_opp_free(&theirs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_copies_differ_in_nothing),
        cmocka_unit_test(test_diff_lists_every_changed_part_in_form_order),
        cmocka_unit_test(test_rebase_keeps_both_users_changes),
        cmocka_unit_test(test_rebase_takes_whole_lists_and_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
