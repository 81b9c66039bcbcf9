/* fixture_doc.h — a fresh database with Persian customers, products and
 * opportunities for the document and balance tests (test_document.c,
 * test_balance.c and the others that include it), built on fixture.h.
 * Everything is static: each test program includes it once. */
#ifndef FIXTURE_DOC_H
#define FIXTURE_DOC_H

#include <stdarg.h>
#include <stdio.h>

#include "fixture.h"

/* A fresh database with "reza" as its admin, acting as reza. */
static int fx_setup(void **state)
{
    (void)state;
    if (fx_open("doc", NULL, "reza") != 0)
        return -1;
    s.today = fs_today();
    return 0;
}

/* Formats fmt's arguments into the char array sql. */
#define FX_FORMAT(sql, fmt)                   \
    do {                                      \
        va_list ap;                           \
        va_start(ap, fmt);                    \
        vsnprintf(sql, sizeof sql, fmt, ap);  \
        va_end(ap);                           \
    } while (0)

/* Runs formatted SQL; fails the test when it does not run. */
static void fx_sql(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fx_sql(const char *fmt, ...)
{
    char sql[2048];
    FX_FORMAT(sql, fmt);
    fx_exec(sql);
}

/* The integer the formatted query returns (-1 for no row); an SQL error
 * fails the test. */
static int64_t fx_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t fx_int(const char *fmt, ...)
{
    char sql[2048];
    FX_FORMAT(sql, fmt);
    return fx_int_of(sql, true);
}

/* The text the formatted query returns, into buf ("" for no row/NULL); an
 * SQL error fails the test. */
static const char *fx_text(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static const char *fx_text(char *buf, size_t n, const char *fmt, ...)
{
    char sql[2048];
    FX_FORMAT(sql, fmt);
    return fx_text_of(sql, buf, n, true);
}

static int64_t fx_identity(const char *name)
{
    fx_sql("INSERT INTO identity(kind, name, name_key, created_at, updated_at) "
           "VALUES ('org', '%s', '%s', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')", name, name);
    return sqlite3_last_insert_rowid(fs_db_sqlite(s.db));
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
    return sqlite3_last_insert_rowid(fs_db_sqlite(s.db));
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
    return sqlite3_last_insert_rowid(fs_db_sqlite(s.db));
}

/* Adds user login with role (2 sales manager, 3 sales rep, 4 warehouse
 * keeper, 5 financial manager) and acts as them. */
static void fx_act_as(const char *login, int role)
{
    fs_err e;
    fx_sql("INSERT OR IGNORE INTO user(login, name, role_id, created_at) "
           "VALUES ('%s', '%s', %d, '2025-01-01T00:00:00Z')", login, login, role);
    if (fs_session_login(&s, login, &e) != FS_OK)
        fail_msg("login %s: %s", login, e.msg);
}

#endif
