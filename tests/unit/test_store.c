/* Tests of the store: connection settings, migrations from an older schema,
 * the write helper's all-or-nothing and busy retry, and init. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "session.h"
#include "store.h"

static char dir[256];
static char path[300];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/forsat-store-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/sub/test.db", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static int64_t query_int(fs_db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(fs_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *query_text(fs_db *db, const char *sql, char *buf, size_t n)
{
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(fs_db_sqlite(db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static void test_missing_file_is_not_created(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    assert_int_equal(fs_db_open(path, 0, &db, &e), FS_ECONFLICT);
    assert_null(db);
    assert_non_null(strstr(e.msg, "forsat init"));
    assert_int_not_equal(access(path, F_OK), 0);
}

static void test_connection_settings(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    char buf[64];
    assert_int_equal(fs_db_open(path, FS_DB_CREATE, &db, &e), FS_OK);
    assert_string_equal(query_text(db, "PRAGMA journal_mode", buf, sizeof buf), "wal");
    assert_int_equal(query_int(db, "PRAGMA synchronous"), 2); /* FULL */
    assert_int_equal(query_int(db, "PRAGMA foreign_keys"), 1);
    assert_int_equal(fs_db_version(db), fs_db_latest_version());
    /* Every table is STRICT: text in an integer column is refused. */
    assert_int_equal(fs_db_exec(db, "INSERT INTO counter VALUES ('x', 'year', 1)", &e), FS_ERUNTIME);
    int defensive = -1;
    sqlite3_db_config(fs_db_sqlite(db), SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    assert_int_equal(defensive, 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                   "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' "
                                   "AND sql NOT LIKE '%STRICT%'"),
                     0);
    fs_db_close(db);
}

static void test_upgrade_from_version_1(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    /* Build a database as schema version 1 left it, with data in it. */
    assert_int_equal(fs_db_open(path, FS_DB_CREATE | FS_DB_NO_MIGRATE, &db, &e), FS_OK);
    assert_int_equal(fs_db_migrate_to(db, 1, &e), FS_OK);
    assert_int_equal(fs_db_version(db), 1);
    assert_int_equal(fs_db_exec(db, "INSERT INTO setting VALUES ('kept', 'yes')", &e), FS_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'draft'"), 0);
    fs_db_close(db);

    /* Opening it normally upgrades it and keeps the data. */
    assert_int_equal(fs_db_open(path, 0, &db, &e), FS_OK);
    assert_int_equal(fs_db_version(db), fs_db_latest_version());
    assert_int_equal(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'draft'"), 1);
    char buf[16];
    assert_string_equal(query_text(db, "SELECT value FROM setting WHERE key = 'kept'", buf, sizeof buf), "yes");
    fs_db_close(db);
}

static void test_newer_schema_refused(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    assert_int_equal(fs_db_open(path, FS_DB_CREATE, &db, &e), FS_OK);
    assert_int_equal(fs_db_exec(db, "PRAGMA user_version = 999", &e), FS_OK);
    fs_db_close(db);
    assert_int_equal(fs_db_open(path, 0, &db, &e), FS_EINVAL);
    assert_non_null(strstr(e.msg, "newer forsat"));
}

static int insert_then_fail(fs_db *db, void *ctx, fs_err *e)
{
    (void)ctx;
    if (fs_db_exec(db, "INSERT INTO setting VALUES ('half', 'written')", e) != FS_OK)
        return FS_ERUNTIME;
    return fs_err_set(e, FS_EINVAL, "title", "title: required.");
}

static int insert_ok(fs_db *db, void *ctx, fs_err *e)
{
    return fs_db_exec(db, (const char *)ctx, e);
}

static void test_write_is_all_or_nothing(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    assert_int_equal(fs_db_open(path, FS_DB_CREATE, &db, &e), FS_OK);
    assert_int_equal(fs_db_write(db, insert_then_fail, NULL, &e), FS_EINVAL);
    assert_string_equal(e.field, "title");
    assert_int_equal(query_int(db, "SELECT count(*) FROM setting WHERE key = 'half'"), 0);
    assert_int_equal(fs_db_write(db, insert_ok, "INSERT INTO setting VALUES ('whole', 'x')", &e), FS_OK);
    assert_int_equal(query_int(db, "SELECT count(*) FROM setting WHERE key = 'whole'"), 1);
    fs_db_close(db);
}

/* Another process holds the write lock for 300 ms; our write waits and
 * succeeds instead of reporting "database is locked". */
static void test_busy_is_retried(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    assert_int_equal(fs_db_open(path, FS_DB_CREATE, &db, &e), FS_OK);
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sqlite3 *h;
        sqlite3_open(path, &h);
        sqlite3_exec(h, "BEGIN IMMEDIATE; INSERT INTO setting VALUES ('child', '1');", NULL, NULL, NULL);
        if (write(pipefd[1], "x", 1) != 1)
            _exit(1);
        usleep(300000);
        sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
        sqlite3_close(h);
        _exit(0);
    }
    char ch;
    assert_int_equal(read(pipefd[0], &ch, 1), 1);
    assert_int_equal(fs_db_write(db, insert_ok, "INSERT INTO setting VALUES ('parent', '1')", &e), FS_OK);
    assert_true(fs_db_busy_wait_ms(db) > 0);
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM setting WHERE key IN ('child', 'parent')"), 2);
    close(pipefd[0]);
    close(pipefd[1]);
    fs_db_close(db);
}

static void test_statement_cache(void **state)
{
    (void)state;
    fs_db *db = NULL;
    fs_err e;
    assert_int_equal(fs_db_open(path, FS_DB_CREATE, &db, &e), FS_OK);
    char sql[100][64];
    sqlite3_stmt *first[100];
    for (int i = 0; i < 100; i++) {
        snprintf(sql[i], sizeof sql[i], "SELECT %d", i);
        first[i] = fs_db_stmt(db, sql[i], &e);
        assert_non_null(first[i]);
    }
    /* Same text at another address → the same cached statement, reset. */
    for (int i = 0; i < 100; i++) {
        char copy[64];
        snprintf(copy, sizeof copy, "SELECT %d", i);
        sqlite3_stmt *st = fs_db_stmt(db, copy, &e);
        assert_ptr_equal(st, first[i]);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), i);
    }
    assert_null(fs_db_stmt(db, "SELEC nonsense", &e));
    assert_int_equal(e.code, FS_ERUNTIME);
    fs_db_close(db);
}

static void test_init_registers_admin(void **state)
{
    (void)state;
    fs_err e;
    assert_int_equal(fs_init_database(path, "reza", &e), FS_OK);
    assert_int_equal(fs_init_database(path, "reza", &e), FS_ECONFLICT);
    fs_session s = { 0 };
    assert_int_equal(fs_db_open(path, 0, &s.db, &e), FS_OK);
    assert_int_equal(fs_session_login(&s, "reza", &e), FS_OK);
    assert_true(fs_can(&s, FS_PERM_ADMIN_USERS));
    assert_true(fs_can(&s, FS_PERM_APPROVE));
    assert_int_equal(fs_session_login(&s, "nobody", &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "forsat user add nobody"));
    assert_int_equal(query_int(s.db, "SELECT count(*) FROM list_item WHERE list = 'unit'"), 6);
    assert_int_equal(query_int(s.db, "SELECT count(*) FROM stage WHERE kind IN ('won', 'lost')"), 2);
    fs_session_close(&s);
}

static void test_permission_message(void **state)
{
    (void)state;
    fs_session s = { 0 };
    fs_err e;
    s.perms = 1u << FS_PERM_VIEW_ALL;
    assert_int_equal(fs_require(&s, FS_PERM_VIEW_ALL, &e), FS_OK);
    assert_int_equal(fs_require(&s, FS_PERM_APPROVE, &e), FS_EPERM);
    assert_non_null(strstr(e.msg, "doc.approve"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_missing_file_is_not_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connection_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_from_version_1, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_is_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_is_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_init_registers_admin, setup, teardown),
        cmocka_unit_test(test_permission_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
