/* Tests of the settings and roles modules: listing and setting the tax,
 * duties and proforma-validity settings (ranges, Persian digits, the
 * permission, the change history, new documents only), and granting and
 * revoking role permissions (someone always keeps admin.users). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "fixture_doc.h"
#pragma GCC diagnostic pop
#include "document.h"
#include "role.h"
#include "settings.h"

static const fs_setting *find_setting(const fs_setting *v, const char *name)
{
    for (int i = 0; i < FS_SETTING_COUNT; i++)
        if (!strcmp(v[i].name, name))
            return &v[i];
    fail_msg("no setting %s", name);
    return NULL;
}

static void test_settings_list_defaults(void **state)
{
    (void)state;
    fs_err e;
    fs_setting v[FS_SETTING_COUNT];
    assert_int_equal(fs_setting_list(&s, v, &e), FS_OK);
    assert_int_equal(find_setting(v, "tax.proforma")->value, 1000);
    assert_string_equal(find_setting(v, "tax.invoice")->text, "10");
    assert_string_equal(find_setting(v, "tax.invoice")->key, "tax_bp.invoice");
    assert_int_equal(find_setting(v, "duties.return")->value, 0);
    assert_int_equal(find_setting(v, "proforma_valid_days")->value, 30);
    assert_int_equal(find_setting(v, "proforma_valid_days")->type, FS_SETTING_DAYS);
    /* A missing row reads as its default. */
    fx_sql("DELETE FROM setting WHERE key = 'duties_bp.invoice'");
    assert_int_equal(fs_setting_list(&s, v, &e), FS_OK);
    assert_int_equal(find_setting(v, "duties.invoice")->value, 0);
}

static void test_settings_set_and_validate(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "9", &e), FS_OK);
    assert_int_equal(fx_int("SELECT value FROM setting WHERE key = 'tax_bp.proforma'"), 900);
    /* Persian digits and the percent sign; the stored key works as a name. */
    assert_int_equal(fs_setting_set(&s, "duties_bp.invoice", "۲٫۵٪", &e), FS_OK);
    assert_int_equal(fx_int("SELECT value FROM setting WHERE key = 'duties_bp.invoice'"), 250);
    assert_int_equal(fs_setting_set(&s, "proforma_valid_days", "۱۵", &e), FS_OK);
    assert_int_equal(fx_int("SELECT value FROM setting WHERE key = 'proforma_valid_days'"), 15);

    /* Refusals change nothing. */
    int64_t log = fx_int("SELECT count(*) FROM change_log");
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "100.5", &e), FS_EINVAL);
    assert_string_equal(e.field, "tax.proforma");
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "1.234", &e), FS_EINVAL);
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "-1", &e), FS_EINVAL);
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "ten", &e), FS_EINVAL);
    assert_int_equal(fs_setting_set(&s, "proforma_valid_days", "0", &e), FS_EINVAL);
    assert_int_equal(fs_setting_set(&s, "proforma_valid_days", "3651", &e), FS_EINVAL);
    assert_int_equal(fs_setting_set(&s, "proforma_valid_days", "1.5", &e), FS_EINVAL);
    assert_int_equal(fs_setting_set(&s, "vat", "9", &e), FS_EINVAL);
    assert_string_equal(e.field, "setting");
    assert_int_equal(fx_int("SELECT value FROM setting WHERE key = 'tax_bp.proforma'"), 900);
    assert_int_equal(fx_int("SELECT value FROM setting WHERE key = 'proforma_valid_days'"), 15);
    assert_int_equal(fx_int("SELECT count(*) FROM change_log"), log);
    /* The edges are allowed. */
    assert_int_equal(fs_setting_set(&s, "tax.return", "100", &e), FS_OK);
    assert_int_equal(fs_setting_set(&s, "tax.return", "0", &e), FS_OK);
    assert_int_equal(fs_setting_set(&s, "proforma_valid_days", "3650", &e), FS_OK);

    /* Each change is in the history: stored values, who. */
    char buf[200];
    assert_string_equal(fx_text(buf, sizeof buf,
                                "SELECT group_concat(coalesce(old_value, '') || '>' || new_value, ' ') FROM "
                                "(SELECT * FROM change_log WHERE item_kind = 'setting' AND field = 'tax_bp.proforma' "
                                "ORDER BY id)"),
                        "1000>900");
    assert_int_equal(fx_int("SELECT count(*) FROM change_log WHERE item_kind = 'setting'"), 6);
    assert_int_equal(fx_int("SELECT count(DISTINCT user_id) FROM change_log WHERE item_kind = 'setting'"), 1);

    /* Setting needs admin.model. */
    fx_act_as("sara", 2);
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "8", &e), FS_EPERM);
    assert_int_equal(fx_int("SELECT value FROM setting WHERE key = 'tax_bp.proforma'"), 900);
    fs_setting v[FS_SETTING_COUNT];
    assert_int_equal(fs_setting_list(&s, v, &e), FS_OK); /* reading needs none */
    assert_int_equal(find_setting(v, "tax.proforma")->value, 900);
}

static void test_settings_apply_to_new_documents(void **state)
{
    (void)state;
    fs_err e;
    int64_t who = fx_identity("شرکت آلفا");
    struct fs_doc_new in = { FS_DOC_PROFORMA, who, 0, 0, "2025-03-01", NULL, NULL };
    int64_t old = 0, fresh = 0;
    assert_int_equal(fs_doc_create(&s, &in, &old, &e), FS_OK);
    assert_int_equal(fs_setting_set(&s, "tax.proforma", "9", &e), FS_OK);
    assert_int_equal(fs_setting_set(&s, "duties.proforma", "1.5", &e), FS_OK);
    assert_int_equal(fs_setting_set(&s, "proforma_valid_days", "10", &e), FS_OK);
    assert_int_equal(fs_doc_create(&s, &in, &fresh, &e), FS_OK);
    assert_int_equal(fx_int("SELECT tax_bp FROM document WHERE id = %lld", (long long)old), 1000);
    assert_int_equal(fx_int("SELECT duties_bp FROM document WHERE id = %lld", (long long)old), 0);
    assert_int_equal(fx_int("SELECT tax_bp FROM document WHERE id = %lld", (long long)fresh), 900);
    assert_int_equal(fx_int("SELECT duties_bp FROM document WHERE id = %lld", (long long)fresh), 150);
    char buf[32];
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT expiry_date FROM document WHERE id = %lld", (long long)old),
                        "2025-03-31");
    assert_string_equal(fx_text(buf, sizeof buf, "SELECT expiry_date FROM document WHERE id = %lld", (long long)fresh),
                        "2025-03-11");
    /* Invoices keep their own percentage. */
    in.kind = FS_DOC_INVOICE;
    assert_int_equal(fs_doc_create(&s, &in, &fresh, &e), FS_OK);
    assert_int_equal(fx_int("SELECT tax_bp FROM document WHERE id = %lld", (long long)fresh), 1000);
}

/* The permission names role key holds, sorted. */
static const char *role_perms(char *buf, size_t n, const char *key)
{
    return fx_text(buf, n,
                   "SELECT coalesce(group_concat(perm, ' '), '') FROM (SELECT perm FROM role_perm JOIN role r "
                   "ON r.id = role_id WHERE r.key = '%s' ORDER BY perm)",
                   key);
}

struct seen {
    int n;
    uint32_t rep_perms;
    int64_t admin_users;
};

static int seen_role(void *ctx, const fs_role *r)
{
    struct seen *x = ctx;
    x->n++;
    if (!strcmp(r->key, "sales_rep"))
        x->rep_perms = r->perms;
    if (!strcmp(r->key, "admin"))
        x->admin_users = r->users;
    return 0;
}

static void test_role_grant_and_revoke(void **state)
{
    (void)state;
    fs_err e;
    char buf[300];
    struct seen x = { 0 };
    assert_int_equal(fs_role_list(&s, seen_role, &x, &e), FS_OK);
    assert_int_equal(x.n, 5);
    assert_int_equal(x.admin_users, 1);
    assert_int_equal(x.rep_perms, (1u << FS_PERM_SELECT_PRODUCT) | (1u << FS_PERM_RENAME_OTHER) |
                                      (1u << FS_PERM_VIEW_BALANCE) | (1u << FS_PERM_VIEW_STOCK));

    assert_int_equal(fs_role_grant(&s, "sales_rep", "export", true, &e), FS_OK);
    assert_int_equal(fs_role_grant(&s, "sales_rep", "export", true, &e), FS_OK); /* again: no change */
    assert_int_equal(fs_role_grant(&s, "3", "stock.view", false, &e), FS_OK);   /* by id */
    assert_string_equal(role_perms(buf, sizeof buf, "sales_rep"),
                        "balance.view export opp.rename_other opp.select_product");
    assert_int_equal(fs_role_grant(&s, "sales_rep", "stock.view", false, &e), FS_OK); /* not held: no change */

    /* A user of the role holds it from their next login. */
    fx_act_as("ali", 3);
    assert_true(fs_can(&s, FS_PERM_EXPORT));
    assert_false(fs_can(&s, FS_PERM_VIEW_STOCK));
    assert_int_equal(fs_role_grant(&s, "sales_rep", "admin.users", true, &e), FS_EPERM);
    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);

    assert_int_equal(fs_role_grant(&s, "boss", "export", true, &e), FS_EINVAL);
    assert_string_equal(e.field, "role");
    assert_int_equal(fs_role_grant(&s, "sales_rep", "fly", true, &e), FS_EINVAL);
    assert_string_equal(e.field, "permission");
}

static void test_role_last_admin_refused(void **state)
{
    (void)state;
    fs_err e;
    char buf[300];
    /* The admin role is the only one with admin.users. */
    assert_int_equal(fs_role_grant(&s, "admin", "admin.users", false, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "permission");
    assert_int_equal(fx_int("SELECT count(*) FROM role_perm WHERE perm = 'admin.users'"), 1);
    /* Another role holding it, but nobody active has that role: still refused. */
    assert_int_equal(fs_role_grant(&s, "sales_manager", "admin.users", true, &e), FS_OK);
    assert_int_equal(fs_role_grant(&s, "admin", "admin.users", false, &e), FS_ECONFLICT);
    assert_string_equal(role_perms(buf, sizeof buf, "sales_manager"),
                        "admin.users balance.view bulk_edit delete doc.approve export opp.edit_price "
                        "opp.rename_other opp.select_product opp.view_all stock.view");
    /* With an active sales manager it may go from the admin role. */
    fx_sql("INSERT INTO user(login, name, role_id, created_at) VALUES ('sara', 'sara', 2, '2025-01-01T00:00:00Z')");
    assert_int_equal(fs_role_grant(&s, "admin", "admin.users", false, &e), FS_OK);
    assert_int_equal(fx_int("SELECT count(*) FROM role_perm WHERE perm = 'admin.users'"), 1);
    /* … and then not from the sales manager's. */
    assert_int_equal(fs_session_login(&s, "sara", &e), FS_OK);
    assert_int_equal(fs_role_grant(&s, "sales_manager", "admin.users", false, &e), FS_ECONFLICT);
    assert_int_equal(fx_int("SELECT count(*) FROM role_perm WHERE perm = 'admin.users'"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_settings_list_defaults, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_settings_set_and_validate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_settings_apply_to_new_documents, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_role_grant_and_revoke, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_role_last_admin_refused, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
