/* fixture_doc.h — a fresh database with Persian customers, products and
 * opportunities for the document and balance tests (test_document.c,
 * test_balance.c).  Everything is static: each test program includes it
 * once. */
#ifndef FIXTURE_DOC_H
#define FIXTURE_DOC_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "store.h"

static char fx_dir[64];
static char fx_path[128];
static fs_session S;

/* A fresh database with "reza" as its admin, acting as reza. */
static int fx_setup(void **state)
{
    (void)state;
    fs_err e;
    snprintf(fx_dir, sizeof fx_dir, "/tmp/forsat-doc-XXXXXX");
    if (!mkdtemp(fx_dir))
        return -1;
    snprintf(fx_path, sizeof fx_path, "%s/t.db", fx_dir);
    memset(&S, 0, sizeof S);
    if (fs_init_database(fx_path, "reza", &e) != FS_OK || fs_db_open(fx_path, 0, &S.db, &e) != FS_OK ||
        fs_session_login(&S, "reza", &e) != FS_OK)
        return -1;
    S.today = fs_today();
    return 0;
}

static int fx_teardown(void **state)
{
    (void)state;
    char cmd[128];
    fs_session_close(&S);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
    return system(cmd);
}

/* Runs formatted SQL; fails the test when it does not run. */
static void fx_sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fx_sql(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    char *msg = NULL;
    if (sqlite3_exec(fs_db_sqlite(S.db), sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* The integer the formatted query returns (-1 for no row). */
static int64_t fx_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t fx_int(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(fs_db_sqlite(S.db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(fs_db_sqlite(S.db)));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The text the formatted query returns, into buf ("" for no row/NULL). */
static const char *fx_text(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *fx_text(char *buf, size_t n, const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3_stmt *st = NULL;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(fs_db_sqlite(S.db), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(fs_db_sqlite(S.db)));
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static int64_t fx_identity(const char *name)
{
    fx_sql("INSERT INTO identity(kind, name, name_key, created_at, updated_at) "
           "VALUES ('org', '%s', '%s', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')", name, name);
    return sqlite3_last_insert_rowid(fs_db_sqlite(S.db));
}

/* A product; price < 0 means "no price". */
static int64_t fx_product(const char *code, const char *name, int64_t price, int taxable, int stock_tracked)
{
    char p[32];
    if (price < 0)
        snprintf(p, sizeof p, "NULL");
    else
        snprintf(p, sizeof p, "%lld", (long long)price);
    fx_sql("INSERT INTO product(code, code_key, name, name_key, unit_price, taxable, stock_tracked, created_at, "
           "updated_at) VALUES ('%s', lower('%s'), '%s', '%s', %s, %d, %d, '2025-01-01T00:00:00Z', "
           "'2025-01-01T00:00:00Z')", code, code, name, name, p, taxable, stock_tracked);
    return sqlite3_last_insert_rowid(fs_db_sqlite(S.db));
}

/* An opportunity of identity, created by and assigned to user id 1. */
static int64_t fx_opp(int64_t identity, const char *title)
{
    static int n;
    fx_sql("INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, assigned_id, "
           "stage_changed_at, created_at, created_by, updated_at, updated_by) "
           "VALUES ('OPP-1404-%06d', 1, (SELECT id FROM stage WHERE key = 'needs'), %lld, '%s', '%s', 1, "
           "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 1, '2025-01-01T00:00:00Z', 1)",
           ++n, (long long)identity, title, title);
    return sqlite3_last_insert_rowid(fs_db_sqlite(S.db));
}

/* Adds user login with role (2 sales manager, 3 sales rep, 4 warehouse
 * keeper, 5 financial manager) and acts as them. */
static void fx_act_as(const char *login, int role)
{
    fs_err e;
    fx_sql("INSERT OR IGNORE INTO user(login, name, role_id, created_at) "
           "VALUES ('%s', '%s', %d, '2025-01-01T00:00:00Z')", login, login, role);
    if (fs_session_login(&S, login, &e) != FS_OK)
        fail_msg("login %s: %s", login, e.msg);
}

#endif
