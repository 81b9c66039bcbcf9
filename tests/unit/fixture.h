/* fixture.h — the database every unit test that needs one starts from: a
 * fresh database in its own temporary folder, "reza" its admin, opened into
 * the session `s`, plus the small SQL helpers the tests check it with.
 * Each test program includes it once (after <cmocka.h>) and keeps its own
 * seed data; setup calls fx_open, teardown fx_close. */
#ifndef FIXTURE_H
#define FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "store.h"

#define FX_UNUSED __attribute__((unused))

static char fx_dir[256];  /* the test's temporary folder */
static char fx_path[300]; /* the database in it */
static fs_session s;      /* the session the tests act through */

/* Makes /tmp/forsat-TAG-XXXXXX with a fresh database whose admin is reza,
 * opens it into s, runs seed (SQL; NULL for none) and logs in as who
 * (NULL: nobody yet).  0, or -1 with the reason on stderr. */
static FX_UNUSED int fx_open(const char *tag, const char *seed, const char *who)
{
    fs_err e;
    snprintf(fx_dir, sizeof fx_dir, "/tmp/forsat-%s-XXXXXX", tag);
    if (!mkdtemp(fx_dir))
        return -1;
    snprintf(fx_path, sizeof fx_path, "%s/test.db", fx_dir);
    memset(&s, 0, sizeof s);
    if (fs_init_database(fx_path, "reza", &e) != FS_OK || fs_db_open(fx_path, 0, &s.db, &e) != FS_OK ||
        (seed && fs_db_exec(s.db, seed, &e) != FS_OK) || (who && fs_session_login(&s, who, &e) != FS_OK)) {
        fprintf(stderr, "setup: %s\n", e.msg);
        return -1;
    }
    return 0;
}

/* Closes s and removes the test's folder (0 when it is gone). */
static FX_UNUSED int fx_close(void)
{
    char cmd[sizeof fx_dir + 16];
    fs_session_close(&s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
    return system(cmd);
}

/* cmocka teardown for every test that set up with fx_open. */
static FX_UNUSED int fx_teardown(void **state)
{
    (void)state;
    return fx_close();
}

/* Logs s in as who; the test fails when that is refused. */
static FX_UNUSED void fx_login(const char *who)
{
    fs_err e;
    assert_int_equal(fs_session_login(&s, who, &e), FS_OK);
}

/* Runs sql (one or more statements); the test fails when it does not run. */
static FX_UNUSED void fx_exec(const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(fs_db_sqlite(s.db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Prepares sql on s; when strict, an SQL error fails the test, otherwise
 * it gives NULL. */
static FX_UNUSED sqlite3_stmt *fx_prepare(const char *sql, bool strict)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(fs_db_sqlite(s.db), sql, -1, &st, NULL) == SQLITE_OK)
        return st;
    if (strict)
        fail_msg("%s: %s", sql, sqlite3_errmsg(fs_db_sqlite(s.db)));
    sqlite3_finalize(st);
    return NULL;
}

static FX_UNUSED int64_t fx_int_of(const char *sql, bool strict)
{
    sqlite3_stmt *st = fx_prepare(sql, strict);
    int64_t v = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static FX_UNUSED const char *fx_text_of(const char *sql, char *buf, size_t n, bool strict)
{
    sqlite3_stmt *st = fx_prepare(sql, strict);
    buf[0] = '\0';
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

/* The integer sql gives (-1 for no row or an SQL error). */
static FX_UNUSED int64_t fx_query_int(const char *sql)
{
    return fx_int_of(sql, false);
}

/* The text sql gives, into buf ("" for no row, NULL or an SQL error). */
static FX_UNUSED const char *fx_query_text(const char *sql, char *buf, size_t n)
{
    return fx_text_of(sql, buf, n, false);
}

#endif
