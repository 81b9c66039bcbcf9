/* Tests of the users module: a user's permissions as the Admin screen
 * shows them — what the role gives, the user's own grants and revocations
 * (fs_user_perms) — and that they agree with what the user may then do. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* The fixture's helpers for documents are not used here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "fixture_doc.h"
#pragma GCC diagnostic pop
#include "user.h"

#define BIT(p) (1u << (p))

static void test_role_grants_and_revocations(void **state)
{
    (void)state;
    fs_err e;
    int64_t rep = 0;
    uint32_t role, granted, revoked;
    assert_int_equal(fs_user_add(&s, "ali", "علی کریمی", "sales_rep", &rep, &e), FS_OK);
    assert_int_equal(fs_user_perms(&s, rep, &role, &granted, &revoked, &e), FS_OK);
    /* The sales rep role of data/defaults.sql. */
    assert_int_equal(role, BIT(FS_PERM_SELECT_PRODUCT) | BIT(FS_PERM_RENAME_OTHER) | BIT(FS_PERM_VIEW_BALANCE) |
                               BIT(FS_PERM_VIEW_STOCK));
    assert_int_equal(granted, 0);
    assert_int_equal(revoked, 0);

    assert_int_equal(fs_user_grant(&s, rep, "export", true, &e), FS_OK);
    assert_int_equal(fs_user_grant(&s, rep, "balance.view", false, &e), FS_OK);
    assert_int_equal(fs_user_perms(&s, rep, &role, &granted, &revoked, &e), FS_OK);
    assert_true(role & BIT(FS_PERM_VIEW_BALANCE));
    assert_int_equal(granted, BIT(FS_PERM_EXPORT));
    assert_int_equal(revoked, BIT(FS_PERM_VIEW_BALANCE));
    /* Granting back what was revoked turns the row into a grant. */
    assert_int_equal(fs_user_grant(&s, rep, "balance.view", true, &e), FS_OK);
    assert_int_equal(fs_user_perms(&s, rep, &role, &granted, &revoked, &e), FS_OK);
    assert_int_equal(granted, BIT(FS_PERM_EXPORT) | BIT(FS_PERM_VIEW_BALANCE));
    assert_int_equal(revoked, 0);
    assert_int_equal(fs_user_grant(&s, rep, "balance.view", false, &e), FS_OK);
    assert_int_equal(fs_user_perms(&s, rep, &role, &granted, &revoked, &e), FS_OK);
    char rows[200];
    assert_string_equal(fx_text(rows, sizeof rows, "SELECT group_concat(perm || '=' || granted, ' ') FROM "
                                                   "(SELECT * FROM user_perm WHERE user_id = %lld ORDER BY perm)",
                                (long long)rep),
                        "balance.view=0 export=1");

    /* What the session of the user then holds is (role | granted) & ~revoked. */
    fs_session_close(&s);
    memset(&s, 0, sizeof s);
    assert_int_equal(fs_db_open(fx_path, 0, &s.db, &e), FS_OK);
    assert_int_equal(fs_session_login(&s, "ali", &e), FS_OK);
    assert_int_equal(s.perms, (role | granted) & ~revoked);
    assert_true(fs_can(&s, FS_PERM_EXPORT));
    assert_false(fs_can(&s, FS_PERM_VIEW_BALANCE));
    assert_true(fs_can(&s, FS_PERM_VIEW_STOCK));
}

static void test_admin_role_and_missing_user(void **state)
{
    (void)state;
    fs_err e;
    uint32_t role = 1, granted = 1, revoked = 1;
    assert_int_equal(fs_user_perms(&s, s.user_id, &role, &granted, &revoked, &e), FS_OK);
    assert_int_equal(role, BIT(FS_PERM_COUNT) - 1);
    assert_int_equal(granted | revoked, 0);
    assert_int_equal(fs_user_perms(&s, 9999, &role, &granted, &revoked, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "user");
    assert_int_equal(role | granted | revoked, 0);
    /* Reading needs no permission; granting needs admin.users. */
    int64_t me = s.user_id;
    fx_act_as("sara", 2);
    assert_int_equal(fs_user_perms(&s, me, &role, &granted, &revoked, &e), FS_OK);
    assert_int_equal(fs_user_grant(&s, s.user_id, "admin.users", true, &e), FS_EPERM);
    assert_int_equal(fx_int("SELECT count(*) FROM user_perm"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_role_grants_and_revocations, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_admin_role_and_missing_user, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
