/* stress_util.h — what the reliability tests share: a scratch directory,
 * a plain second connection to look at the database with SQL of our own,
 * figures from the environment, a seeded random generator and the
 * checks every test ends with.  Everything is static: each test program
 * includes it once. */
#ifndef STRESS_UTIL_H
#define STRESS_UTIL_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "session.h"
#include "store.h"

/* Not every program uses every helper. */
#define ST_FN static __attribute__((unused))

static int st_failures;

/* Reports a failed check (and counts it) without stopping, so one run
 * shows every broken invariant. */
ST_FN void st_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
ST_FN void st_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
    st_failures++;
}

#define ST_CHECK(cond, ...)                                                                                  \
    do {                                                                                                     \
        if (!(cond))                                                                                         \
            st_fail(__VA_ARGS__);                                                                            \
    } while (0)

/* Stops the test at once: the setup it depends on did not work. */
ST_FN void st_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
ST_FN void st_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FATAL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    fflush(stdout);
    exit(1);
}

/* A positive whole number from the environment, else def. */
ST_FN long st_env_long(const char *name, long def)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return def;
    long n = strtol(v, &end, 10);
    return *end || n <= 0 ? def : n;
}

/* Milliseconds on a monotonic clock. */
ST_FN double st_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* xorshift64*: small, seeded, the same sequence on every machine. */
ST_FN uint64_t st_rand(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9E3779B97F4A7C15ULL;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

/* A number in [lo, hi]. */
ST_FN int64_t st_rand_range(uint64_t *state, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(st_rand(state) % (uint64_t)(hi - lo + 1));
}

/* A scratch directory under $TMPDIR (or /tmp) and the database path in it. */
static char st_dir[256], st_db[300];

ST_FN void st_make_dir(const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(st_dir, sizeof st_dir, "%s/forsat-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    if (!mkdtemp(st_dir))
        st_die("cannot create a scratch directory under %s", tmp && *tmp ? tmp : "/tmp");
    snprintf(st_db, sizeof st_db, "%s/forsat.db", st_dir);
}

/* Removes the scratch directory unless FORSAT_STRESS_KEEP is set (to look
 * at the database after a failure). */
ST_FN void st_remove_dir(void)
{
    if (getenv("FORSAT_STRESS_KEEP")) {
        printf("kept %s\n", st_dir);
        return;
    }
    char cmd[320];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", st_dir);
    if (system(cmd) != 0)
        printf("could not remove %s\n", st_dir);
}

/* A plain connection through the named VFS (NULL: the default), for the
 * test's own SQL; busy waits are retried for up to 60 s. */
ST_FN sqlite3 *st_open_raw(const char *path, const char *vfs)
{
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, vfs) != SQLITE_OK)
        st_die("cannot open %s: %s", path, h ? sqlite3_errmsg(h) : "?");
    sqlite3_busy_timeout(h, 60000);
    return h;
}

/* The integer a formatted query returns (-1 with no row). */
ST_FN int64_t st_int(sqlite3 *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
ST_FN int64_t st_int(sqlite3 *h, const char *fmt, ...)
{
    char sql[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        st_die("%s: %s", sql, sqlite3_errmsg(h));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The text a formatted query returns, into buf ("" for no row or NULL). */
ST_FN const char *st_text(sqlite3 *h, char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
ST_FN const char *st_text(sqlite3 *h, char *buf, size_t n, const char *fmt, ...)
{
    char sql[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(buf, n, "(error: %s)", sqlite3_errmsg(h));
        return buf;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        snprintf(buf, n, "(error: %s)", sqlite3_errmsg(h));
    sqlite3_finalize(st);
    return buf;
}

/* PRAGMA integrity_check and foreign_key_check: true when both are clean;
 * otherwise the first problem goes into why. */
ST_FN bool st_db_sound(sqlite3 *h, char *why, size_t n)
{
    st_text(h, why, n, "PRAGMA integrity_check");
    if (strcmp(why, "ok") != 0)
        return false;
    char fk[256];
    st_text(h, fk, sizeof fk, "SELECT \"table\" || ' row ' || rowid FROM pragma_foreign_key_check");
    if (fk[0]) {
        snprintf(why, n, "foreign key check: %s", fk);
        return false;
    }
    return true;
}

/* 64-bit FNV-1a over bytes, continuing from h. */
ST_FN uint64_t st_fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A checksum of every row of every ordinary table (virtual tables are
 * covered by their shadow tables): two equal sums mean the database holds
 * the same data. */
ST_FN uint64_t st_checksum(sqlite3 *h)
{
    uint64_t sum = 1469598103934665603ULL;
    sqlite3_stmt *tables = NULL;
    if (sqlite3_prepare_v2(h,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                           "ORDER BY name",
                           -1, &tables, NULL) != SQLITE_OK)
        st_die("checksum: %s", sqlite3_errmsg(h));
    while (sqlite3_step(tables) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tables, 0);
        char sql[256];
        /* No ORDER BY: a table is read in rowid (or primary key) order,
         * which equal contents share. */
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
        sqlite3_stmt *rows = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &rows, NULL) != SQLITE_OK)
            st_die("checksum %s: %s", name, sqlite3_errmsg(h));
        sum = st_fnv(sum, name, strlen(name));
        int rc;
        while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
            int nc = sqlite3_column_count(rows);
            for (int i = 0; i < nc; i++) {
                int type = sqlite3_column_type(rows, i);
                sum = st_fnv(sum, &type, sizeof type);
                const void *b = sqlite3_column_blob(rows, i);
                sum = st_fnv(sum, b ? b : "", (size_t)sqlite3_column_bytes(rows, i));
            }
        }
        if (rc != SQLITE_DONE)
            st_die("checksum %s: %s", name, sqlite3_errmsg(h));
        sqlite3_finalize(rows);
    }
    sqlite3_finalize(tables);
    return sum;
}

/* True when a message is the forbidden "database is locked"/busy kind. */
ST_FN bool st_is_lock_message(const char *msg)
{
    return strstr(msg, "locked") || strstr(msg, "busy") || strstr(msg, "BUSY");
}

/* Opens a session on path acting as login; dies when it cannot. */
ST_FN void st_session(fs_session *s, const char *path, const char *login)
{
    fs_err e;
    memset(s, 0, sizeof *s);
    if (fs_db_open(path, 0, &s->db, &e) != FS_OK || fs_session_login(s, login, &e) != FS_OK)
        st_die("session for %s: %s", login, e.msg);
    s->today = fs_today();
}

/* The closing line meson's log and tools/run-tests read. */
ST_FN int st_finish(const char *what)
{
    if (st_failures) {
        printf("%s: %d check(s) failed\n", what, st_failures);
        return 1;
    }
    printf("%s: all checks passed\n", what);
    return 0;
}

#endif
