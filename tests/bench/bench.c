/* bench.c — forsat at one-million scale (issue 9, docs/PERFORMANCE.md).
 *
 *   bench FORSAT_BINARY        (meson test -C BUILD --benchmark)
 *
 * Environment:
 *   FORSAT_BENCH_DB     the database to measure; built once with
 *                       `forsat demo --size large` when missing (default:
 *                       FORSAT_BENCH_DIR/bench-large.db, or bench-scaleN.db)
 *   FORSAT_BENCH_SCALE  N: build with `--scale N` (a quick run)
 *   FORSAT_BENCH_ITER   inputs per operation (default 200)
 *   FORSAT_BENCH_REPEAT timed runs of each input, the best kept (default 3)
 *   FORSAT_BENCH_BUDGET seconds one operation and its floor may take
 *                       (default 30): slow ones get fewer inputs (never
 *                       fewer than 10) and one timed run each
 *   FORSAT_BENCH_OUT    also write the Markdown report to this file
 *   FORSAT_BENCH_SKIP   words naming parts to skip: identity, product, list,
 *                       form, money, reports, startup, memory, import
 *   FORSAT_BENCH_ONLY   words naming the only parts to run
 *   FORSAT_BENCH_STRICT 1: exit 1 when a target is missed
 *
 * Every operation is timed many times with a warm cache, on inputs drawn
 * deterministically from the data, next to its FLOOR: the bare SQLite
 * queries that fetch the same rows, prepared once on the same connection
 * and stepped to completion.  The floor is what any program would pay for
 * those rows on this machine, so the ratio operation / floor shows the
 * cost forsat adds, whatever the noise of the machine.  The run writes
 * nothing lasting to the database: saved opportunities are deleted again
 * and the numbering counter restored.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pty.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "balance.h"
#include "identity.h"
#include "money.h"
#include "opp_list.h"
#include "opportunity.h"
#include "product.h"
#include "report.h"
#include "session.h"
#include "stock.h"
#include "store.h"
#include "text.h"

#define LEN(a) ((int)(sizeof(a) / sizeof *(a)))
#define TEXT_MAX 256
#define TYPEAHEAD_LIMIT 20   /* rows a picker shows */
#define PAGE 50              /* rows of a list page */
#define SAVE_LINES 50
#define MAX_ROWS 160         /* result rows of the report */
#define MAX_USERS 64

/* ---- small helpers -------------------------------------------------------- */

/* Stops the benchmark: a measurement that fails is a defect, not a figure. */
__attribute__((noreturn, format(printf, 1, 2))) static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "bench: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* A well-mixed 64-bit function of x: the deterministic "random" inputs. */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* 1 … n, a function of (salt, i). */
static int64_t pick(uint64_t salt, int64_t i, int64_t n)
{
    return 1 + (int64_t)(mix(salt * 1000003ULL + (uint64_t)i) % (uint64_t)n);
}

static const char *env_or(const char *name, const char *dflt)
{
    const char *v = getenv(name);
    return v && *v ? v : dflt;
}

/* False when FORSAT_BENCH_SKIP names the part, or FORSAT_BENCH_ONLY does
 * not. */
static bool wanted(const char *part)
{
    const char *skip = getenv("FORSAT_BENCH_SKIP"), *only = getenv("FORSAT_BENCH_ONLY");
    return !(skip && strstr(skip, part)) && !(only && *only && !strstr(only, part));
}

/* The first n code points of a UTF-8 string (fewer when it is shorter);
 * false when it has fewer than n. */
static bool utf8_prefix(const char *s, int n, char *out, size_t cap)
{
    size_t i = 0;
    int cps = 0;
    while (s[i] && cps < n) {
        i++;
        while ((s[i] & 0xC0) == 0x80)
            i++;
        cps++;
    }
    if (cps < n || i >= cap)
        return false;
    memcpy(out, s, i);
    out[i] = '\0';
    return true;
}

/* Swaps the Persian and Arabic spellings of yeh and kaf in place (both
 * two bytes in UTF-8): what a user with the other keyboard layout types.
 * Returns how many letters changed. */
static int swap_spelling(char *s)
{
    int n = 0;
    for (unsigned char *p = (unsigned char *)s; p[0] && p[1]; p++) {
        if (p[0] == 0xDB && p[1] == 0x8C) {            /* ی → ي */
            p[0] = 0xD9, p[1] = 0x8A, n++;
        } else if (p[0] == 0xD9 && p[1] == 0x8A) {     /* ي → ی */
            p[0] = 0xDB, p[1] = 0x8C, n++;
        } else if (p[0] == 0xDA && p[1] == 0xA9) {     /* ک → ك */
            p[0] = 0xD9, p[1] = 0x83, n++;
        } else if (p[0] == 0xD9 && p[1] == 0x83) {     /* ك → ک */
            p[0] = 0xDA, p[1] = 0xA9, n++;
        }
    }
    return n;
}

/* Latin digits → Persian digits (U+06F0 …). */
static void persian_digits(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (; *in && o + 3 < cap; in++) {
        if (*in >= '0' && *in <= '9') {
            out[o++] = (char)0xDB;
            out[o++] = (char)(0xB0 + (*in - '0'));
        } else {
            out[o++] = *in;
        }
    }
    out[o] = '\0';
}

/* ---- results -------------------------------------------------------------- */

struct target {
    const char *text;      /* as docs/PERFORMANCE.md shows it */
    double max_us;         /* p99 must be at most this (0 = no time target) */
    double max_ratio;      /* median / floor median at most this (0 = none) */
};

static const struct target T_TYPEAHEAD = { "p99 ≤ 2 ms, ≤ 3× floor", 2000, 3 };
static const struct target T_LIST = { "≤ 5 ms", 5000, 0 };
static const struct target T_FORM = { "≤ 5 ms", 5000, 0 };
static const struct target T_SAVE = { "≤ 20 ms", 20000, 0 };
static const struct target T_BALANCE = { "≤ 1 ms", 1000, 0 };
static const struct target T_REPORT = { "≤ 500 ms", 500000, 0 };
static const struct target T_STARTUP = { "≤ 100 ms", 100000, 0 };

struct result {
    char section[48];
    char name[160];
    const struct target *t;
    int n, reps, nf, repsf;        /* inputs, timed runs of each (best kept); of the floor */
    double med, p99, fmed, fp99;   /* µs; fmed < 0: no floor */
    double cpu;                    /* median CPU µs of the operation; < 0: not measured */
    int met;                       /* 1 met, 0 missed, -1 no target */
};

static struct result results[MAX_ROWS];
static int nresults;
static int missed;

/* Single runs (demo, export, import), already formatted. */
static char single_rows[16][320];
static int nsingle;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of n sorted values. */
static double quantile(const double *v, int n, double q)
{
    int k = (int)ceil(q * n) - 1;
    return v[k < 0 ? 0 : k >= n ? n - 1 : k];
}

/* ---- the measured world --------------------------------------------------- */

struct ctx {
    const char *forsat;        /* the program */
    const char *db_path;
    fs_session s;              /* an admin: sees everything */
    fs_session rep;            /* switched between sales reps */
    sqlite3 *h;                /* s's connection: the floors run here */
    int64_t max_identity, max_opp, max_product;
    char reps[MAX_USERS][64];  /* logins of the sales reps */
    char busy_rep[64];         /* the one assigned the most opportunities */
    int64_t busy_rep_opps;
    const char *startup_as;    /* start-up as this login (NULL: the OS login) */
    int nreps;
    int64_t users[MAX_USERS];  /* users with opportunities */
    int nusers;
    int64_t stages[16];        /* the default subtype's stages */
    int nstages;
    int64_t types[16], campaigns[16]; /* opportunity types, campaigns */
    int ntypes, ncampaigns;
    char today[11];
    /* Inputs of the row being measured, one per iteration. */
    int n;
    char (*text)[TEXT_MAX];
    char (*key)[TEXT_MAX];
    char (*fts)[TEXT_MAX];
    int64_t *a, *b;
    /* Floor statements of the row (finalized after it). */
    sqlite3_stmt *f[4];
    /* Per-row settings. */
    fs_opp_filter flt;
    int list_kind;
    int forecast_by;
    fs_opp save_form;
    int64_t save_products[SAVE_LINES * 8];
    int nsave_products;
    int64_t saved_id;
    sqlite3_int64 sink;        /* keeps the compiler from dropping reads */
    bool cpu_clock;            /* time a started process by its CPU time */
    bool spawns;               /* the operation runs another process */
    double child_cpu;          /* CPU µs of the process a step last ran */
};

typedef void (*step_fn)(struct ctx *c, int i);

struct bench_ops {
    step_fn setup;             /* untimed, before the operation */
    step_fn op;
    step_fn op_done;           /* untimed, after it */
    step_fn floor;
    step_fn floor_done;        /* untimed, after the floor */
};

/* Prepares a floor statement on the measured connection. */
static sqlite3_stmt *prep(struct ctx *c, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->h, sql, -1, &st, NULL) != SQLITE_OK)
        die("floor SQL does not compile: %s\n%s", sqlite3_errmsg(c->h), sql);
    return st;
}

static void floors_free(struct ctx *c)
{
    for (int i = 0; i < LEN(c->f); i++) {
        sqlite3_finalize(c->f[i]);
        c->f[i] = NULL;
    }
}

/* Steps st to completion reading every column, as a program showing the
 * rows would; resets it and returns the number of rows. */
static int drain(struct ctx *c, sqlite3_stmt *st)
{
    int rows = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int nc = sqlite3_column_count(st);
        for (int k = 0; k < nc; k++) {
            if (sqlite3_column_type(st, k) == SQLITE_TEXT)
                c->sink += sqlite3_column_bytes(st, k) + *sqlite3_column_text(st, k);
            else
                c->sink += sqlite3_column_int64(st, k);
        }
        rows++;
    }
    if (rc != SQLITE_DONE)
        die("floor query failed: %s", sqlite3_errmsg(c->h));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rows;
}

/* The CPU time this process has used, in µs. */
static double cpu_now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* Runs one timed step (with its untimed setup and cleanup) and returns
 * its wall time in µs (or the CPU time of the process it started, with
 * c->cpu_clock); *cpu gets the CPU time this process spent in it. */
static double timed(struct ctx *c, step_fn setup, step_fn fn, step_fn done, int i, double *cpu)
{
    if (setup)
        setup(c, i);
    double c0 = cpu_now_us(), t0 = now_us();
    fn(c, i);
    double t = now_us() - t0;
    if (cpu)
        *cpu = cpu_now_us() - c0;
    if (c->cpu_clock)
        t = c->child_cpu;
    if (done)
        done(c, i);
    return t;
}

/* Timed runs of each input; the best is kept, so that a moment when another
 * process held the CPU is not counted as forsat's time (the spread between
 * inputs, which p99 is about, stays). */
static int repeats = 3;
/* Seconds one row may take: slow operations get fewer inputs (at least 10)
 * and one timed run each. */
static double budget_s = 30;

/* How many of n inputs to time, and how often each, for a step costing
 * cost_s seconds, within half the budget. */
static void plan(double cost_s, int n, int *inputs_out, int *reps_out)
{
    double half = budget_s / 2;
    int reps = cost_s * repeats * n > half ? 1 : repeats;
    int m = n;
    if (cost_s * reps * n > half)
        m = (int)(half / (cost_s * reps));
    *inputs_out = m < 10 ? (n < 10 ? n : 10) : m > n ? n : m;
    *reps_out = reps;
}

/* Times ops->op and ops->floor on inputs 0 … c->n - 1, interleaved (so a
 * slow moment of the machine hits both), after a warm-up pass over the
 * first inputs; records the row. */
static void measure(struct ctx *c, const char *section, const char *name, const struct target *t,
                    const struct bench_ops *ops)
{
    int n = c->n;
    double *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
    double *cpu = malloc((size_t)n * sizeof *cpu);
    if (!a || !b || !cpu)
        die("out of memory");
    int warm = n < 5 ? n : 5;
    double op_cost = 0, floor_cost = 0;
    for (int i = 0; i < warm; i++) {
        op_cost += timed(c, ops->setup, ops->op, ops->op_done, i, NULL) / 1e6 / warm;
        if (ops->floor)
            floor_cost += timed(c, NULL, ops->floor, ops->floor_done, i, NULL) / 1e6 / warm;
    }
    int n_op, reps_op, n_floor = 0, reps_floor = 0;
    plan(op_cost, n, &n_op, &reps_op);
    if (ops->floor)
        plan(floor_cost, n, &n_floor, &reps_floor);
    for (int i = 0; i < n_op || i < n_floor; i++) {
        a[i] = b[i] = cpu[i] = INFINITY;
        for (int k = 0; k < reps_op || k < reps_floor; k++) {
            if (i < n_op && k < reps_op) {
                double used;
                a[i] = fmin(a[i], timed(c, ops->setup, ops->op, ops->op_done, i, &used));
                cpu[i] = fmin(cpu[i], used);
            }
            if (i < n_floor && k < reps_floor)
                b[i] = fmin(b[i], timed(c, NULL, ops->floor, ops->floor_done, i, NULL));
        }
    }
    qsort(a, (size_t)n_op, sizeof *a, cmp_double);
    qsort(cpu, (size_t)n_op, sizeof *cpu, cmp_double);
    if (nresults == MAX_ROWS)
        die("too many result rows");
    struct result *r = &results[nresults++];
    memset(r, 0, sizeof *r);
    snprintf(r->section, sizeof r->section, "%s", section);
    snprintf(r->name, sizeof r->name, "%s", name);
    r->t = t;
    r->n = n_op;
    r->reps = reps_op;
    r->nf = n_floor;
    r->repsf = reps_floor;
    r->med = quantile(a, n_op, 0.5);
    r->p99 = quantile(a, n_op, 0.99);
    r->cpu = c->spawns ? -1 : quantile(cpu, n_op, 0.5);
    r->fmed = r->fp99 = -1;
    if (ops->floor) {
        qsort(b, (size_t)n_floor, sizeof *b, cmp_double);
        r->fmed = quantile(b, n_floor, 0.5);
        r->fp99 = quantile(b, n_floor, 0.99);
    }
    r->met = -1;
    if (t) {
        r->met = 1;
        if (t->max_us > 0 && r->p99 > t->max_us)
            r->met = 0;
        if (t->max_ratio > 0 && r->fmed > 0 && r->med / r->fmed > t->max_ratio)
            r->met = 0;
        missed += !r->met;
    }
    fprintf(stderr, "  %-58s median %9.1f µs  p99 %9.1f µs  floor %9.1f µs  (%d×%d, %d×%d)\n", name, r->med,
            r->p99, r->fmed, n_op, reps_op, n_floor, reps_floor);
    floors_free(c);
    free(a);
    free(b);
    free(cpu);
}

/* Allocates the per-iteration inputs of a row. */
static void inputs(struct ctx *c, int n)
{
    c->n = n;
    free(c->text);
    free(c->key);
    free(c->fts);
    free(c->a);
    free(c->b);
    c->text = calloc((size_t)n, TEXT_MAX);
    c->key = calloc((size_t)n, TEXT_MAX);
    c->fts = calloc((size_t)n, TEXT_MAX);
    c->a = calloc((size_t)n, sizeof *c->a);
    c->b = calloc((size_t)n, sizeof *c->b);
    if (!c->text || !c->key || !c->fts || !c->a || !c->b)
        die("out of memory");
}

/* Fills key[i] (the search key) and fts[i] (the FTS5 prefix query, every
 * word "w"*) of text[i], for the floors. */
static void keys_of_text(struct ctx *c)
{
    for (int i = 0; i < c->n; i++) {
        char *k = fs_text_search_key(c->text[i]);
        if (!k)
            die("out of memory");
        snprintf(c->key[i], TEXT_MAX, "%s", k);
        free(k);
        size_t o = 0;
        for (const char *p = c->key[i]; *p;) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            o += (size_t)snprintf(c->fts[i] + o, TEXT_MAX - o, "%s\"", o ? " " : "");
            for (; *p && *p != ' ' && o + 4 < TEXT_MAX; p++)
                c->fts[i][o++] = *p;
            o += (size_t)snprintf(c->fts[i] + o, TEXT_MAX - o, "\"*");
        }
    }
}

/* One integer from a query with no parameters (setup only). */
static int64_t query_int(struct ctx *c, const char *sql)
{
    sqlite3_stmt *st = prep(c, sql);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return v;
}

/* Text column 0 of a query on ?1 = id into out; false when no row. */
static bool query_text(struct ctx *c, sqlite3_stmt *st, int64_t id, char *out, size_t cap)
{
    sqlite3_bind_int64(st, 1, id);
    bool ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0);
    if (ok)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return ok;
}

static void check(int rc, const fs_err *e, const char *what)
{
    if (rc != FS_OK)
        die("%s failed (%d): %s", what, rc, e->msg);
}

/* ---- identity type-ahead ------------------------------------------------ */

enum typing { TYPE_PERSIAN, TYPE_VARIANT, TYPE_LATIN, TYPE_DIGITS };

static const char *const latin_names[] = {
    "ali karimi", "mohammad rezaei", "sara ahmadi", "reza moradi", "maryam hosseini",
    "hamid tehrani", "zahra kazemi", "babak farhadi", "leila amini", "arash soltani",
};

/* What a user types in the contact picker: the first len characters of a
 * stored name (as stored; or with the other spelling of ی/ک, from names
 * holding one), of a Latin transliteration, or of a mobile number (odd
 * inputs in Persian digits). */
static void identity_inputs(struct ctx *c, enum typing how, int len)
{
    sqlite3_stmt *st = prep(c, how == TYPE_DIGITS ? "SELECT mobile FROM identity WHERE id = ?1"
                                                  : "SELECT name FROM identity WHERE id = ?1");
    for (int i = 0; i < c->n; i++) {
        char full[TEXT_MAX];
        bool ok = false;
        for (int k = 0; !ok && k < 5000; k++) {
            int64_t id = pick(100 + (uint64_t)how * 10 + (uint64_t)len, i * 5000 + k, c->max_identity);
            if (how == TYPE_LATIN) {
                ok = utf8_prefix(latin_names[(i + k) % LEN(latin_names)], len, c->text[i], TEXT_MAX);
            } else if (query_text(c, st, id, full, sizeof full) && utf8_prefix(full, len, c->text[i], TEXT_MAX)) {
                ok = how != TYPE_VARIANT || swap_spelling(c->text[i]) > 0;
                if (ok && how == TYPE_DIGITS && i % 2) {
                    char fa[TEXT_MAX];
                    persian_digits(c->text[i], fa, sizeof fa);
                    snprintf(c->text[i], TEXT_MAX, "%s", fa);
                }
            }
        }
        if (!ok)
            die("no identity input of kind %d and length %d", (int)how, len);
    }
    sqlite3_finalize(st);
    keys_of_text(c);
}

static int count_identity(void *ctx, const fs_identity_row *r)
{
    ((struct ctx *)ctx)->sink += r->id;
    return 0;
}

static void op_identity_search(struct ctx *c, int i)
{
    fs_err e;
    bool more;
    int rc = fs_identity_search(&c->s, c->text[i], TYPEAHEAD_LIMIT, count_identity, c, &more, &e);
    if (rc != FS_OK && rc != FS_EINVAL)
        check(rc, &e, "fs_identity_search");
}

#define IDENTITY_ROW "identity.id, identity.kind, identity.name, identity.phone, identity.mobile, " \
                     "identity.email, identity.national_id"

static void floor_identity_search(struct ctx *c, int i)
{
    if (!c->key[i][0])
        return;
    sqlite3_bind_text(c->f[0], 1, c->key[i], -1, SQLITE_STATIC);
    sqlite3_bind_int(c->f[0], 2, TYPEAHEAD_LIMIT + 1);
    int rows = drain(c, c->f[0]);
    if (rows <= TYPEAHEAD_LIMIT && c->fts[i][0]) {
        sqlite3_bind_text(c->f[1], 1, c->fts[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(c->f[1], 2, c->key[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(c->f[1], 3, TYPEAHEAD_LIMIT + 1 - rows);
        drain(c, c->f[1]);
    }
}

static void bench_identity(struct ctx *c, int iters)
{
    static const char *const names[] = { "Persian, as stored", "Persian, other spelling (ی/ي, ک/ك)",
                                         "Latin", "mobile digits (Latin/Persian)" };
    static const struct bench_ops ops = { NULL, op_identity_search, NULL, floor_identity_search, NULL };
    for (int how = 0; how < LEN(names); how++) {
        for (int len = 1; len <= 6; len++) {
            inputs(c, iters);
            identity_inputs(c, (enum typing)how, len);
            c->f[0] = prep(c, "SELECT " IDENTITY_ROW " FROM identity WHERE name_key >= ?1 "
                              "AND name_key < ?1 || x'f48fbfbf' ORDER BY name_key, id LIMIT ?2");
            c->f[1] = prep(c, "SELECT " IDENTITY_ROW " FROM (SELECT rowid AS rid FROM identity_fts "
                              "WHERE identity_fts MATCH ?1 LIMIT 1000) AS m CROSS JOIN identity "
                              "ON identity.id = m.rid WHERE NOT (name_key >= ?2 AND name_key < ?2 || x'f48fbfbf') "
                              "ORDER BY name_key, identity.id LIMIT ?3");
            char name[160];
            snprintf(name, sizeof name, "contact type-ahead, %s, %d character%s", names[how], len,
                     len > 1 ? "s" : "");
            measure(c, "Type-ahead", name, &T_TYPEAHEAD, &ops);
        }
    }
}

/* ---- product type-ahead and code search ----------------------------------- */

#define PRODUCT_ROW                                                                                      \
    "p.id, p.code, p.name, p.group_id, g.name, p.kind, p.unit_id, u.key, u.label_fa, u.label_en, "     \
    "p.unit_price, p.sellable, p.stock_tracked, p.serial, p.taxable, p.name_editable, p.active, "      \
    "p.builtin, p.version"
#define PRODUCT_FROM " LEFT JOIN product_group g ON g.id = p.group_id LEFT JOIN list_item u ON u.id = p.unit_id"

/* The first len characters of product names (odd inputs with the other
 * spelling of ی/ک) or codes (odd inputs in lower case). */
static void product_inputs(struct ctx *c, bool code, int len)
{
    sqlite3_stmt *st = prep(c, code ? "SELECT code FROM product WHERE id = ?1" : "SELECT name FROM product WHERE id = ?1");
    for (int i = 0; i < c->n; i++) {
        char full[TEXT_MAX];
        bool ok = false;
        for (int k = 0; !ok && k < 1000; k++)
            ok = query_text(c, st, pick(code ? 300 : 200 + (uint64_t)len, i * 1000 + k, c->max_product), full,
                            sizeof full) &&
                 utf8_prefix(full, len, c->text[i], TEXT_MAX);
        if (!ok)
            die("no product input of length %d", len);
        if (i % 2 && code)
            for (char *p = c->text[i]; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p - 'A' + 'a');
        if (i % 2 && !code)
            swap_spelling(c->text[i]);
    }
    sqlite3_finalize(st);
    keys_of_text(c);
}

static int count_product(void *ctx, const fs_product *p)
{
    ((struct ctx *)ctx)->sink += p->id;
    return 0;
}

static const fs_product_filter picker = { 0, true };

static void op_product_search(struct ctx *c, int i)
{
    fs_err e;
    check(fs_product_search(&c->s, c->text[i], &picker, TYPEAHEAD_LIMIT, count_product, c, &e), &e,
          "fs_product_search");
}

static void floor_product_search(struct ctx *c, int i)
{
    sqlite3_bind_text(c->f[0], 1, c->key[i], -1, SQLITE_STATIC);
    int rows = drain(c, c->f[0]);
    if (rows < TYPEAHEAD_LIMIT && c->fts[i][0]) {
        sqlite3_bind_text(c->f[1], 1, c->key[i], -1, SQLITE_STATIC);
        sqlite3_bind_int(c->f[1], 2, TYPEAHEAD_LIMIT - rows);
        sqlite3_bind_text(c->f[1], 3, c->fts[i], -1, SQLITE_STATIC);
        drain(c, c->f[1]);
    }
}

static void op_product_code(struct ctx *c, int i)
{
    fs_err e;
    check(fs_product_search_code(&c->s, c->text[i], &picker, TYPEAHEAD_LIMIT, count_product, c, &e), &e,
          "fs_product_search_code");
}

static void floor_product_code(struct ctx *c, int i)
{
    sqlite3_bind_text(c->f[0], 1, c->key[i], -1, SQLITE_STATIC);
    drain(c, c->f[0]);
}

static void bench_product(struct ctx *c, int iters)
{
    static const struct bench_ops name_ops = { NULL, op_product_search, NULL, floor_product_search, NULL };
    static const struct bench_ops code_ops = { NULL, op_product_code, NULL, floor_product_code, NULL };
    for (int len = 1; len <= 6; len++) {
        inputs(c, iters);
        product_inputs(c, false, len);
        c->f[0] = prep(c, "SELECT " PRODUCT_ROW " FROM product p" PRODUCT_FROM
                          " WHERE p.name_key >= ?1 AND p.name_key < ?1 || x'f48fbfbf' AND p.sellable = 1 "
                          "AND p.active = 1 ORDER BY p.name_key, p.id LIMIT 20");
        c->f[1] = prep(c, "SELECT " PRODUCT_ROW " FROM product_fts JOIN product p ON p.id = product_fts.rowid"
                          PRODUCT_FROM " WHERE product_fts MATCH ?3 AND NOT (p.name_key >= ?1 AND p.name_key < ?1 "
                          "|| x'f48fbfbf') AND p.sellable = 1 AND p.active = 1 ORDER BY product_fts.rowid LIMIT ?2");
        char name[160];
        snprintf(name, sizeof name, "product type-ahead (name), %d character%s", len, len > 1 ? "s" : "");
        measure(c, "Type-ahead", name, &T_TYPEAHEAD, &name_ops);
    }
    for (int len = 1; len <= 6; len++) {
        inputs(c, iters);
        product_inputs(c, true, len);
        c->f[0] = prep(c, "SELECT " PRODUCT_ROW " FROM product p" PRODUCT_FROM
                          " WHERE p.code_key >= ?1 AND p.code_key < ?1 || x'f48fbfbf' AND p.sellable = 1 "
                          "AND p.active = 1 ORDER BY p.code_key, p.id LIMIT 20");
        char name[160];
        snprintf(name, sizeof name, "product code search, %d character%s", len, len > 1 ? "s" : "");
        measure(c, "Type-ahead", name, &T_TYPEAHEAD, &code_ops);
    }
}

/* ---- opportunity list ----------------------------------------------------- */

/* The first five filters' totals are kept by triggers (schema 6, 7); the
 * others' are added up: the screens do that after drawing the page, and a
 * key stops it (fs_opp_list_totals), so their "with totals" rows are
 * reported without a target. */
enum list_kind {
    LIST_ALL, LIST_STAGE, LIST_OWN, LIST_ASSIGNED, LIST_OVERDUE, LIST_TYPE, LIST_CAMPAIGN, LIST_INVERSE, LIST_KINDS
};
#define LIST_KEPT LIST_TYPE /* kinds below this have kept totals */

static const char *const list_names[LIST_KINDS] = {
    "no filter", "stage filter", "a sales rep's own view", "assigned-user filter", "overdue filter",
    "type filter", "campaign filter", "inverse of a stage filter",
};

/* The floor's WHERE for each kind: ?2 is the stage, user or today. */
static const char *const list_where[LIST_KINDS] = {
    "1", "o.stage_id = ?2", "(+o.created_by = ?2 OR +o.assigned_id = ?2)", "o.assigned_id = ?2",
    "+o.close_date < ?2 AND +o.stage_id IN (SELECT id FROM stage WHERE kind = 'open')",
    "o.type_id = ?2", "o.campaign_id = ?2", "NOT (o.stage_id = ?2)",
};

static void list_setup(struct ctx *c, int i)
{
    if (c->list_kind == LIST_OWN) {
        fs_err e;
        check(fs_session_login(&c->rep, c->reps[c->a[i]], &e), &e, "fs_session_login");
    }
}

static void op_list(struct ctx *c, int i)
{
    fs_opp_filter f = c->flt;
    f.after = c->b[i];
    if (c->list_kind == LIST_STAGE || c->list_kind == LIST_INVERSE)
        f.stage_id = c->stages[c->a[i]];
    else if (c->list_kind == LIST_ASSIGNED)
        f.assigned_id = c->users[c->a[i]];
    else if (c->list_kind == LIST_TYPE)
        f.type_id = c->types[c->a[i]];
    else if (c->list_kind == LIST_CAMPAIGN)
        f.campaign_id = c->campaigns[c->a[i]];
    f.invert = c->list_kind == LIST_INVERSE;
    fs_opp_page p;
    fs_err e;
    check(fs_opp_list(c->list_kind == LIST_OWN ? &c->rep : &c->s, &f, &p, &e), &e, "fs_opp_list");
    c->sink += p.n + p.count;
    fs_opp_page_free(&p);
}

static void bind_list(struct ctx *c, sqlite3_stmt *st, int i)
{
    if (c->list_kind == LIST_STAGE || c->list_kind == LIST_INVERSE)
        sqlite3_bind_int64(st, 2, c->stages[c->a[i]]);
    else if (c->list_kind == LIST_TYPE)
        sqlite3_bind_int64(st, 2, c->types[c->a[i]]);
    else if (c->list_kind == LIST_CAMPAIGN)
        sqlite3_bind_int64(st, 2, c->campaigns[c->a[i]]);
    else if (c->list_kind == LIST_OWN)
        sqlite3_bind_int64(st, 2, c->rep.user_id);
    else if (c->list_kind == LIST_ASSIGNED)
        sqlite3_bind_int64(st, 2, c->users[c->a[i]]);
    else if (c->list_kind == LIST_OVERDUE)
        sqlite3_bind_text(st, 2, c->today, -1, SQLITE_STATIC);
}

static void floor_list(struct ctx *c, int i)
{
    sqlite3_bind_int64(c->f[0], 1, c->b[i]);
    bind_list(c, c->f[0], i);
    drain(c, c->f[0]);
    if (c->f[1]) {
        bind_list(c, c->f[1], i);
        drain(c, c->f[1]);
    }
}

static void bench_list(struct ctx *c, int iters)
{
    static const struct bench_ops ops = { list_setup, op_list, NULL, floor_list, NULL };
    for (int kind = 0; kind < LIST_KINDS; kind++) {
        if ((kind == LIST_TYPE && !c->ntypes) || (kind == LIST_CAMPAIGN && !c->ncampaigns))
            continue;
        for (int deep = 0; deep < 2; deep++) {
            for (int totals = 0; totals < 2; totals++) {
                inputs(c, iters);
                c->list_kind = kind;
                fs_opp_filter_init(&c->flt);
                c->flt.limit = PAGE;
                c->flt.totals = totals;
                c->flt.overdue = kind == LIST_OVERDUE;
                for (int i = 0; i < c->n; i++) {
                    int nchoice = kind == LIST_STAGE || kind == LIST_INVERSE ? c->nstages
                                  : kind == LIST_OWN ? c->nreps : kind == LIST_ASSIGNED ? c->nusers
                                  : kind == LIST_TYPE ? c->ntypes : kind == LIST_CAMPAIGN ? c->ncampaigns : 1;
                    c->a[i] = pick(400 + (uint64_t)kind, i, nchoice) - 1;
                    /* Deep: somewhere in the second half of the ids, so the
                     * page is far down the list yet not its last. */
                    c->b[i] = deep ? c->max_opp / 2 + pick(410, i, c->max_opp * 2 / 5) : 0;
                }
                char sql[1024];
                snprintf(sql, sizeof sql,
                         "SELECT o.id, o.number, o.title, i.name, sg.key, sg.title_fa, sg.kind, o.final_amount, "
                         "o.probability, o.close_date, u.login, o.won_at, o.lost_at FROM opportunity o "
                         "CROSS JOIN identity i ON i.id = o.identity_id CROSS JOIN stage sg ON sg.id = o.stage_id "
                         "CROSS JOIN user u ON u.id = o.assigned_id WHERE %s AND o.id > ?1 ORDER BY o.id LIMIT %d",
                         list_where[kind], PAGE + 1);
                c->f[0] = prep(c, sql);
                if (totals) {
                    snprintf(sql, sizeof sql,
                             "SELECT count(*), coalesce(sum(o.final_amount), 0), "
                             "coalesce(sum((o.final_amount * o.probability + 50) / 100), 0) FROM opportunity o "
                             "WHERE %s",
                             list_where[kind]);
                    c->f[1] = prep(c, sql);
                }
                char name[160];
                bool added = totals && kind >= LIST_KEPT;
                snprintf(name, sizeof name, "opportunity list, %s, %s, %s", list_names[kind],
                         deep ? "deep page (keyset)" : "first page",
                         added ? "with totals added up (screens: after the page, a key stops it)"
                         : totals ? "with totals" : "without totals");
                measure(c, "Lists", name, added ? NULL : &T_LIST, &ops);
            }
        }
    }
}

/* ---- the opportunity form: load and save ------------------------------------ */

#define FORM_HEADER_SQL                                                                                        \
    "SELECT o.*, i.name, sb.key, sb.title_fa, sb.title_en, sg.key, sg.title_fa, sg.title_en, sg.kind, "       \
    "ty.key, ty.label_fa, ty.label_en, so.key, so.label_fa, so.label_en, ca.name, "                            \
    "wr.key, wr.label_fa, wr.label_en, lr.key, lr.label_fa, lr.label_en, pp.key, pp.label_fa, pp.label_en, "  \
    "ua.login, ua.name, uc.login, uc.name, uu.login, uu.name "                                                 \
    "FROM opportunity o JOIN identity i ON i.id = o.identity_id JOIN subtype sb ON sb.id = o.subtype_id "      \
    "JOIN stage sg ON sg.id = o.stage_id LEFT JOIN list_item ty ON ty.id = o.type_id "                         \
    "LEFT JOIN list_item so ON so.id = o.source_id LEFT JOIN campaign ca ON ca.id = o.campaign_id "            \
    "LEFT JOIN list_item wr ON wr.id = o.win_reason_id LEFT JOIN list_item lr ON lr.id = o.loss_reason_id "    \
    "LEFT JOIN list_item pp ON pp.id = o.purchase_process_id JOIN user ua ON ua.id = o.assigned_id "           \
    "JOIN user uc ON uc.id = o.created_by JOIN user uu ON uu.id = o.updated_by WHERE o.id = ?1"

static void op_load(struct ctx *c, int i)
{
    fs_opp o;
    fs_err e;
    check(fs_opp_load(&c->s, c->a[i], &o, &e), &e, "fs_opp_load");
    c->sink += o.nlines;
    fs_opp_free(&o);
}

static void floor_load(struct ctx *c, int i)
{
    for (int k = 0; k < 4; k++) {
        sqlite3_bind_int64(c->f[k], 1, c->a[i]);
        drain(c, c->f[k]);
    }
}

/* Deletes opportunity id with everything saving it wrote (lines,
 * competitors, values and the stage log go with it). */
static void delete_opp(struct ctx *c, int64_t id)
{
    sqlite3_stmt *st = prep(c, "DELETE FROM change_log WHERE item_kind = 'opportunity' AND item_id = ?1");
    sqlite3_stmt *sl = prep(c, "DELETE FROM stage_log WHERE opp_id = ?1");
    sqlite3_stmt *so = prep(c, "DELETE FROM opportunity WHERE id = ?1");
    sqlite3_stmt *all[] = { st, sl, so };
    sqlite3_exec(c->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    for (int k = 0; k < LEN(all); k++) {
        sqlite3_bind_int64(all[k], 1, id);
        if (sqlite3_step(all[k]) != SQLITE_DONE)
            die("deleting the saved opportunity: %s", sqlite3_errmsg(c->h));
        sqlite3_finalize(all[k]);
    }
    if (sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die("deleting the saved opportunity: %s", sqlite3_errmsg(c->h));
}

/* A new form related to a customer with 50 lines of priced products, as a
 * user would have typed it; nothing is written. */
static void save_setup(struct ctx *c, int i)
{
    fs_err e;
    fs_opp *o = &c->save_form;
    check(fs_opp_new(&c->s, o, &e), &e, "fs_opp_new");
    o->identity_id = pick(500, i, c->max_identity);
    check(fs_opp_set_text(&o->title, "خرید تجهیزات شبکه برای شعبه اصفهان", &e), &e, "fs_opp_set_text");
    o->probability = 40;
    for (int k = 0; k < SAVE_LINES; k++) {
        fs_opp_line_in in = { 0 };
        in.product_id = c->save_products[(i * 7 + k) % c->nsave_products];
        in.qty = (int64_t)(1 + k % 5) * FS_QTY_SCALE;
        if (k % 3 == 0) {
            in.has_discount_bp = true;
            in.discount_bp = 300;
        }
        check(fs_opp_line_add(o, &in, NULL, &e), &e, "fs_opp_line_add");
    }
}

static void op_save(struct ctx *c, int i)
{
    fs_err e;
    check(fs_opp_save(&c->s, &c->save_form, &e), &e, "fs_opp_save");
    c->saved_id = c->save_form.id;
}

static void save_done(struct ctx *c, int i)
{
    fs_opp_free(&c->save_form);
    delete_opp(c, c->saved_id);
}

/* The floor of a save: the same rows inserted in one BEGIN IMMEDIATE
 * transaction committed with synchronous=FULL. */
static void floor_save(struct ctx *c, int i)
{
    char now[21];
    fs_now_iso(now);
    if (sqlite3_exec(c->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        die("BEGIN: %s", sqlite3_errmsg(c->h));
    sqlite3_stmt *o = c->f[0], *l = c->f[1], *g = c->f[2];
    char number[32];
    snprintf(number, sizeof number, "BENCH-%d", i);
    sqlite3_bind_text(o, 1, number, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(o, 2, c->stages[0]);
    sqlite3_bind_int64(o, 3, pick(500, i, c->max_identity));
    sqlite3_bind_int64(o, 4, c->s.user_id);
    sqlite3_bind_text(o, 5, now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(o) != SQLITE_DONE)
        die("floor insert: %s", sqlite3_errmsg(c->h));
    sqlite3_reset(o);
    c->saved_id = sqlite3_last_insert_rowid(c->h);
    for (int k = 0; k < SAVE_LINES; k++) {
        sqlite3_bind_int64(l, 1, c->saved_id);
        sqlite3_bind_int(l, 2, k + 1);
        sqlite3_bind_int64(l, 3, c->save_products[(i * 7 + k) % c->nsave_products]);
        sqlite3_bind_int64(l, 4, (int64_t)(1 + k % 5) * FS_QTY_SCALE);
        if (sqlite3_step(l) != SQLITE_DONE)
            die("floor insert line: %s", sqlite3_errmsg(c->h));
        sqlite3_reset(l);
    }
    sqlite3_bind_int64(g, 1, c->saved_id);
    sqlite3_bind_int64(g, 2, c->stages[0]);
    sqlite3_bind_int64(g, 3, c->s.user_id);
    sqlite3_bind_text(g, 4, now, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(g) != SQLITE_DONE)
        die("floor insert stage log: %s", sqlite3_errmsg(c->h));
    sqlite3_reset(g);
    if (sqlite3_exec(c->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die("COMMIT: %s", sqlite3_errmsg(c->h));
}

static void floor_save_done(struct ctx *c, int i)
{
    delete_opp(c, c->saved_id);
}

static void bench_form(struct ctx *c, int iters)
{
    static const struct bench_ops load_ops = { NULL, op_load, NULL, floor_load, NULL };
    inputs(c, iters);
    for (int i = 0; i < c->n; i++)
        c->a[i] = pick(600, i, c->max_opp);
    c->f[0] = prep(c, FORM_HEADER_SQL);
    c->f[1] = prep(c, "SELECT l.*, p.code, u.label_fa, u.label_en FROM opp_line l JOIN product p ON p.id = l.product_id "
                      "LEFT JOIN list_item u ON u.id = p.unit_id WHERE l.opp_id = ?1 ORDER BY l.position, l.id");
    c->f[2] = prep(c, "SELECT id, identity_id, name, note FROM opp_competitor WHERE opp_id = ?1 ORDER BY id");
    c->f[3] = prep(c, "SELECT v.field_id, v.value, f.key, f.label_fa, f.label_en, f.type FROM opp_field_value v "
                      "JOIN custom_field f ON f.id = v.field_id WHERE v.opp_id = ?1 ORDER BY f.position, f.id");
    measure(c, "Forms", "open an opportunity form (fs_opp_load)", &T_FORM, &load_ops);

    /* Priced, pickable products for the 50 lines. */
    sqlite3_stmt *st = prep(c, "SELECT id FROM product WHERE sellable = 1 AND active = 1 AND builtin = 0 "
                               "AND unit_price IS NOT NULL AND stock_tracked = 0 ORDER BY id LIMIT 400");
    c->nsave_products = 0;
    while (sqlite3_step(st) == SQLITE_ROW && c->nsave_products < LEN(c->save_products))
        c->save_products[c->nsave_products++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (c->nsave_products < SAVE_LINES) {
        /* A database whose products are all stock-tracked: use those. */
        st = prep(c, "SELECT id FROM product WHERE sellable = 1 AND active = 1 AND builtin = 0 "
                     "AND unit_price IS NOT NULL ORDER BY id LIMIT 400");
        c->nsave_products = 0;
        while (sqlite3_step(st) == SQLITE_ROW && c->nsave_products < LEN(c->save_products))
            c->save_products[c->nsave_products++] = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (c->nsave_products == 0)
        die("no priced product to put on the 50 lines");
    /* The numbering counter is put back afterwards, so the run leaves no
     * trace (the saved opportunities themselves are deleted one by one). */
    sqlite3_exec(c->h, "DROP TABLE IF EXISTS temp.bench_counter; "
                       "CREATE TEMP TABLE bench_counter AS SELECT * FROM counter", NULL, NULL, NULL);
    static const struct bench_ops save_ops = { save_setup, op_save, save_done, floor_save, floor_save_done };
    inputs(c, iters);
    c->f[0] = prep(c, "INSERT INTO opportunity(number, subtype_id, stage_id, identity_id, title, title_key, "
                      "assigned_id, final_amount, probability, stage_changed_at, created_at, created_by, updated_at, "
                      "updated_by) VALUES (?1, (SELECT subtype_id FROM stage WHERE id = ?2), ?2, ?3, "
                      "'خرید تجهیزات شبکه', 'خرید تجهیزات شبکه', ?4, 0, 40, ?5, ?5, ?4, ?5, ?4)");
    c->f[1] = prep(c, "INSERT INTO opp_line(opp_id, position, product_id, name, qty, unit_price, discount_bp, "
                      "discount, total, final) SELECT ?1, ?2, id, name, ?4, unit_price, 0, 0, unit_price * ?4 / 10000, "
                      "unit_price * ?4 / 10000 FROM product WHERE id = ?3");
    c->f[2] = prep(c, "INSERT INTO stage_log(opp_id, from_stage_id, to_stage_id, user_id, at) VALUES (?1, NULL, ?2, ?3, ?4)");
    measure(c, "Forms", "save a new opportunity with 50 lines (synchronous=FULL)", &T_SAVE, &save_ops);
    if (sqlite3_exec(c->h, "BEGIN IMMEDIATE; DELETE FROM counter; INSERT INTO counter SELECT * FROM temp.bench_counter; "
                           "COMMIT; DROP TABLE temp.bench_counter", NULL, NULL, NULL) != SQLITE_OK)
        die("restoring the counter: %s", sqlite3_errmsg(c->h));
}

/* ---- balances and stock ----------------------------------------------------- */

#define BALANCE_FLOOR(col)                                                                      \
    "SELECT coalesce(sum(v), 0), count(*) FROM ("                                              \
    "SELECT CASE kind WHEN 'invoice' THEN final ELSE -final END AS v FROM document "            \
    "WHERE " col " = ?1 AND status = 'approved' AND kind IN ('invoice', 'return') "             \
    "UNION ALL SELECT CASE kind WHEN 'receipt' THEN -amount ELSE amount END FROM money_item "   \
    "WHERE " col " = ?1)"

static void op_balance_opp(struct ctx *c, int i)
{
    fs_balance b;
    fs_err e;
    check(fs_balance_opp(&c->s, c->a[i], &b, &e), &e, "fs_balance_opp");
    c->sink += b.amount;
}

static void op_balance_identity(struct ctx *c, int i)
{
    fs_balance b;
    fs_err e;
    check(fs_balance_identity(&c->s, c->a[i], &b, &e), &e, "fs_balance_identity");
    c->sink += b.amount;
}

static void floor_by_id(struct ctx *c, int i)
{
    for (int k = 0; k < LEN(c->f) && c->f[k]; k++) {
        if (sqlite3_bind_parameter_count(c->f[k]) >= 1)
            sqlite3_bind_int64(c->f[k], 1, c->a[i]);
        if (sqlite3_bind_parameter_count(c->f[k]) >= 2)
            sqlite3_bind_text(c->f[k], 2, c->today, -1, SQLITE_STATIC);
        drain(c, c->f[k]);
    }
}

static int count_stock(void *ctx, const fs_stock_row *r)
{
    ((struct ctx *)ctx)->sink += r->available;
    return 0;
}

static void op_stock(struct ctx *c, int i)
{
    fs_err e;
    check(fs_stock_table(&c->s, c->a[i], count_stock, c, &e), &e, "fs_stock_table");
}

/* Half the ids from `with` (rows that have money on them), half any id in
 * 1 … max. */
static void ids_half_from(struct ctx *c, const char *with, uint64_t salt, int64_t max)
{
    sqlite3_stmt *st = prep(c, with);
    int n = 0;
    while (n < c->n && sqlite3_step(st) == SQLITE_ROW)
        c->a[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    for (int i = 0; i < c->n; i++)
        if (i % 2 || i >= n)
            c->a[i] = pick(salt, i, max);
}

static void bench_money(struct ctx *c, int iters)
{
    static const struct bench_ops opp_ops = { NULL, op_balance_opp, NULL, floor_by_id, NULL };
    static const struct bench_ops id_ops = { NULL, op_balance_identity, NULL, floor_by_id, NULL };
    static const struct bench_ops stock_ops = { NULL, op_stock, NULL, floor_by_id, NULL };
    inputs(c, iters);
    ids_half_from(c, "SELECT opp_id FROM document WHERE opp_id IS NOT NULL AND status = 'approved' "
                     "AND id % 13 = 5 LIMIT 1000", 700, c->max_opp);
    c->f[0] = prep(c, BALANCE_FLOOR("opp_id"));
    measure(c, "Balances and stock", "opportunity balance", &T_BALANCE, &opp_ops);
    inputs(c, iters);
    ids_half_from(c, "SELECT identity_id FROM money_item WHERE id % 13 = 5 LIMIT 1000", 710, c->max_identity);
    c->f[0] = prep(c, BALANCE_FLOOR("identity_id"));
    measure(c, "Balances and stock", "identity balance", &T_BALANCE, &id_ops);

    inputs(c, iters);
    /* The catalogue's own products (the most used) and its models. */
    sqlite3_stmt *st = prep(c, "SELECT id FROM product WHERE stock_tracked = 1 ORDER BY (id * 7919) % 10007 LIMIT ?1");
    sqlite3_bind_int(st, 1, c->n);
    int n = 0;
    while (n < c->n && sqlite3_step(st) == SQLITE_ROW)
        c->a[n++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (n == 0)
        die("no stock-tracked product");
    for (int i = n; i < c->n; i++)
        c->a[i] = c->a[i % n];
    c->f[0] = prep(c, "SELECT id, name, active FROM warehouse ORDER BY id");
    c->f[1] = prep(c, "SELECT warehouse_id, sum(CASE WHEN kind IN ('in', 'return') THEN qty ELSE -qty END) "
                      "FROM stock_move WHERE product_id = ?1 GROUP BY warehouse_id");
    c->f[2] = prep(c, "SELECT coalesce(l.warehouse_id, (SELECT min(id) FROM warehouse WHERE active = 1)), sum(l.qty) "
                      "FROM doc_line l JOIN document d ON d.id = l.doc_id WHERE l.product_id = ?1 "
                      "AND d.kind = 'proforma' AND d.status = 'approved' AND d.invoiced_by_id IS NULL "
                      "AND (d.expiry_date IS NULL OR d.expiry_date >= ?2) GROUP BY 1");
    measure(c, "Balances and stock", "stock table of a product", &T_BALANCE, &stock_ops);
}

/* ---- reports ----------------------------------------------------------------- */

static void op_pipeline(struct ctx *c, int i)
{
    fs_report_filter f = { 0 };
    fs_pipeline p;
    fs_err e;
    check(fs_report_pipeline(&c->s, &f, FS_PIPELINE_DEFAULT_DAYS, FS_PIPELINE_DEFAULT_CARDS, &p, &e), &e,
          "fs_report_pipeline");
    c->sink += p.totals.count;
    fs_pipeline_free(&p);
}

static void op_forecast(struct ctx *c, int i)
{
    fs_report_filter f = { 0 };
    fs_report_row *rows;
    int n;
    fs_report_totals t;
    fs_err e;
    check(fs_report_forecast(&c->s, &f, (enum fs_forecast_by)c->forecast_by, &rows, &n, &t, &e), &e,
          "fs_report_forecast");
    c->sink += t.count;
    fs_report_rows_free(rows, n);
}

static void floor_report(struct ctx *c, int i)
{
    for (int k = 0; k < LEN(c->f) && c->f[k]; k++) {
        for (int p = 1; p <= sqlite3_bind_parameter_count(c->f[k]); p++)
            sqlite3_bind_text(c->f[k], p, c->today, -1, SQLITE_STATIC);
        drain(c, c->f[k]);
    }
}

static void bench_reports(struct ctx *c, int iters)
{
    static const struct bench_ops pipe_ops = { NULL, op_pipeline, NULL, floor_report, NULL };
    static const struct bench_ops fc_ops = { NULL, op_forecast, NULL, floor_report, NULL };
    int n = iters / 10 < 10 ? 10 : iters / 10;
    inputs(c, n);
    /* The board's sums per stage (open stages, and won/lost in the last 30
     * days), then 50 cards of each stage by close date. */
    c->f[0] = prep(c, "SELECT o.stage_id, count(*), sum(o.final_amount), sum((o.final_amount * o.probability + 50) / 100) "
                      "FROM opportunity o JOIN stage s ON s.id = o.stage_id WHERE s.kind = 'open' "
                      "OR coalesce(o.won_at, o.lost_at) >= date(?1, '-29 days') GROUP BY o.stage_id");
    c->f[1] = prep(c, "SELECT s.id, (SELECT group_concat(id) FROM (SELECT o.id FROM opportunity o "
                      "WHERE o.stage_id = s.id ORDER BY o.close_date, o.id LIMIT 50)) FROM stage s");
    measure(c, "Reports", "pipeline, every opportunity", &T_REPORT, &pipe_ops);
    static const char *const by[] = { "month", "user", "stage" };
    for (int b = 0; b < LEN(by); b++) {
        inputs(c, n);
        c->forecast_by = b;
        char sql[512];
        snprintf(sql, sizeof sql,
                 "SELECT %s, count(*), sum(o.final_amount), sum((o.final_amount * o.probability + 50) / 100) "
                 "FROM opportunity o WHERE o.stage_id IN (SELECT id FROM stage WHERE kind = 'open') "
                 "AND o.close_date BETWEEN date(?1, 'start of month') AND date(?1, '+12 months') GROUP BY 1",
                 b == 0 ? "o.close_date" : b == 1 ? "o.assigned_id" : "o.stage_id");
        c->f[0] = prep(c, sql);
        char name[96];
        snprintf(name, sizeof name, "forecast by %s, every open opportunity", by[b]);
        measure(c, "Reports", name, &T_REPORT, &fc_ops);
    }
}

/* ---- processes: start-up, memory, demo, import --------------------------------- */

/* The key script of the start-up measurement and its scratch directory. */
struct startup {
    char script[4200], dir[4000];
};

static struct startup startup;

/* CPU time (user + system) of a rusage, in µs. */
static double cpu_us(const struct rusage *ru)
{
    return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) * 1e6 +
           (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec);
}

/* Runs argv with stdout to out_path (NULL: /dev/null), waits and fills
 * its rusage and exit status. */
static void spawn(char *const argv[], const char *out_path, struct rusage *ru, int *status)
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            close(fd);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    if (wait4(pid, &st, 0, ru) < 0)
        die("wait4: %s", strerror(errno));
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs argv in a new pseudo-terminal (100×30) with FORSAT_SCRIPT=script,
 * reading what it writes until it exits; the wall time in µs.  Fills its
 * rusage (may be NULL). */
static double run_pty(char *const argv[], const char *script, const char *screen_dir, struct rusage *ru_out)
{
    struct winsize ws = { .ws_row = 30, .ws_col = 100 };
    int master;
    double t0 = now_us();
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    if (pid < 0)
        die("forkpty: %s", strerror(errno));
    if (pid == 0) {
        if (script) {
            setenv("FORSAT_SCRIPT", script, 1);
            setenv("FORSAT_SCREEN_DIR", screen_dir, 1);
        }
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    char buf[4096];
    ssize_t k;
    while ((k = read(master, buf, sizeof buf)) > 0 || (k < 0 && errno == EINTR))
        ;
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0)
        die("wait4: %s", strerror(errno));
    double t = now_us() - t0;
    close(master);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("%s in a terminal exited with status %d", argv[0], WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    if (ru_out)
        *ru_out = ru;
    return t;
}

/* A child's ru_maxrss counts the memory of the process it was forked from
 * (Linux keeps the larger of the old and the new image's peak across
 * exec), so a child of this benchmark would show the benchmark's own
 * memory.  Commands whose peak memory is measured are therefore started
 * by a fresh copy of this program (`bench --rss`), small when it forks,
 * which reports the peak on descriptor 3. */
#define RSS_FD 3

/* `bench --rss pty|cmd OUT SCRIPT DIR ARGV…`: runs ARGV (in a terminal for
 * pty), stdout to OUT ("-" = /dev/null), and writes its ru_maxrss in KB to
 * descriptor 3; exits with its status. */
static int rss_main(int argc, char **argv)
{
    if (argc < 7)
        return 2;
    struct rusage ru;
    int status = 0;
    if (strcmp(argv[2], "pty") == 0)
        run_pty(argv + 6, argv[4], argv[5], &ru);
    else
        spawn(argv + 6, strcmp(argv[3], "-") == 0 ? NULL : argv[3], &ru, &status);
    dprintf(RSS_FD, "%ld\n", ru.ru_maxrss);
    return status;
}

/* Runs argv (in a terminal with the start-up key script when pty) through
 * `bench --rss`; returns the wall time in µs and fills the command's peak
 * resident memory (KB, may be NULL) and exit status. */
static double run_measured(char *const argv[], bool pty, const char *out_path, long *maxrss_kb, int *status)
{
    char *args[64];
    int n = 0;
    args[n++] = "/proc/self/exe";
    args[n++] = "--rss";
    args[n++] = pty ? "pty" : "cmd";
    args[n++] = (char *)(out_path ? out_path : "-");
    args[n++] = pty ? startup.script : "-";
    args[n++] = pty ? startup.dir : "-";
    for (int i = 0; argv[i] && n < 63; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    int fds[2];
    if (pipe(fds) != 0)
        die("pipe: %s", strerror(errno));
    double t0 = now_us();
    pid_t pid = fork();
    if (pid < 0)
        die("fork: %s", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        if (fds[1] != RSS_FD) {
            dup2(fds[1], RSS_FD);
            close(fds[1]);
        }
        execv(args[0], args);
        _exit(127);
    }
    close(fds[1]);
    char buf[64] = "";
    ssize_t k = 0, got;
    while ((got = read(fds[0], buf + k, sizeof buf - 1 - (size_t)k)) > 0 || (got < 0 && errno == EINTR))
        k += got > 0 ? got : 0;
    close(fds[0]);
    int st;
    if (waitpid(pid, &st, 0) < 0)
        die("waitpid: %s", strerror(errno));
    double t = now_us() - t0;
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    if (maxrss_kb)
        *maxrss_kb = atol(buf);
    return t;
}

/* Runs argv with stdout to out_path (NULL: /dev/null); returns the wall
 * time in µs and fills its peak resident memory (KB) and exit status. */
static double run_cmd(char *const argv[], const char *out_path, long *maxrss_kb, int *status)
{
    return run_measured(argv, false, out_path, maxrss_kb, status);
}

/* Start-up to the first drawn screen: `forsat tui` in a pseudo-terminal
 * with a key script holding one `screen` command, so it draws the main
 * screen, saves it and exits.  The floor is the same program started the
 * same way doing nothing (`forsat --version`). */

static void op_startup(struct ctx *c, int i)
{
    char *as[] = { (char *)c->forsat, "--as", (char *)c->startup_as, "--db", (char *)c->db_path, "tui", NULL };
    char *me[] = { (char *)c->forsat, "--db", (char *)c->db_path, "tui", NULL };
    char **argv = c->startup_as ? as : me;
    struct rusage ru;
    run_pty(argv, startup.script, startup.dir, &ru);
    c->child_cpu = cpu_us(&ru);
}

static void floor_startup(struct ctx *c, int i)
{
    char *argv[] = { (char *)c->forsat, "--version", NULL };
    struct rusage ru;
    run_pty(argv, NULL, NULL, &ru);
    c->child_cpu = cpu_us(&ru);
}

/* A scratch directory holding the key script. */
static void startup_files(void)
{
    snprintf(startup.dir, sizeof startup.dir, "%s/forsat-bench-XXXXXX", env_or("TMPDIR", "/tmp"));
    if (!mkdtemp(startup.dir))
        die("mkdtemp: %s", strerror(errno));
    snprintf(startup.script, sizeof startup.script, "%s/first-screen.keys", startup.dir);
    FILE *f = fopen(startup.script, "w");
    if (!f)
        die("cannot write %s", startup.script);
    fputs("# The main screen, drawn once.\nscreen main\n", f);
    fclose(f);
}

static void startup_cleanup(void)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/main", startup.dir);
    unlink(path);
    unlink(startup.script);
    rmdir(startup.dir);
}

static void bench_startup(struct ctx *c, int iters)
{
    static const struct bench_ops ops = { NULL, op_startup, NULL, floor_startup, NULL };
    inputs(c, iters / 5 < 20 ? 20 : iters / 5);
    c->spawns = true;
    measure(c, "Start-up", "start-up to the first drawn screen (`forsat tui` in a pseudo-terminal)", &T_STARTUP,
            &ops);
    /* The same by the CPU time the process used, which other processes on
     * a busy machine do not stretch. */
    c->cpu_clock = true;
    measure(c, "Start-up", "the same, CPU time (user + system) of the process", NULL, &ops);
    c->cpu_clock = false;
    /* A sales rep's main screen counts their own overdue opportunities:
     * the rep with the most is the slowest start. */
    char name[160];
    snprintf(name, sizeof name, "start-up as the sales rep assigned the most opportunities (%" PRId64 ")",
             c->busy_rep_opps);
    c->startup_as = c->busy_rep;
    measure(c, "Start-up", name, &T_STARTUP, &ops);
    c->cpu_clock = true;
    measure(c, "Start-up", "the same, CPU time (user + system) of the process", NULL, &ops);
    c->cpu_clock = false;
    c->startup_as = NULL;
    c->spawns = false;
}

/* Peak memory (ru_maxrss) of the program running typical commands on a
 * database. */
#define MEMORY_CMDS 6
struct memory {
    long kb[MEMORY_CMDS];
};

static const char *const memory_names[MEMORY_CMDS] = {
    "`forsat opp list` (first page, totals)", "`forsat opp show ID`", "`forsat contact search کریم`",
    "`forsat tui` to the first screen", "the same as the busiest sales rep", "`forsat report pipeline`",
};

static void memory_of(struct ctx *c, const char *db, struct memory *m)
{
    char *cmds[MEMORY_CMDS][8] = {
        { (char *)c->forsat, "--db", (char *)db, "opp", "list", NULL },
        { (char *)c->forsat, "--db", (char *)db, "opp", "show", "1", NULL },
        { (char *)c->forsat, "--db", (char *)db, "contact", "search", "کریم", NULL },
        { (char *)c->forsat, "--db", (char *)db, "tui", NULL },
        { (char *)c->forsat, "--as", c->busy_rep, "--db", (char *)db, "tui", NULL },
        { (char *)c->forsat, "--db", (char *)db, "report", "pipeline", NULL },
    };
    for (int k = 0; k < MEMORY_CMDS; k++) {
        int status = 0;
        run_measured(cmds[k], k == 3 || k == 4, NULL, &m->kb[k], &status);
        if (status != 0)
            die("%s exited with status %d", memory_names[k], status);
    }
}

/* Builds the demo database at path (scale 0/1 = full size) when it does
 * not exist; returns false when it already did.  *us gets the wall time,
 * *cpu_s the CPU seconds (user + system) of the run. */
static bool build_demo(const char *forsat, const char *path, int scale, double *us, double *cpu_s, long *kb)
{
    struct stat sb;
    if (stat(path, &sb) == 0)
        return false;
    char sc[16];
    snprintf(sc, sizeof sc, "%d", scale);
    char *argv[] = { (char *)forsat, "--db", (char *)path, "demo", "--size", "large", scale > 1 ? "--scale" : NULL,
                     sc, NULL };
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    int status;
    fprintf(stderr, "bench: building %s with `forsat demo --size large%s%s` …\n", path, scale > 1 ? " --scale " : "",
            scale > 1 ? sc : "");
    *us = run_cmd(argv, NULL, kb, &status);
    getrusage(RUSAGE_CHILDREN, &after);
    if (status != 0)
        die("forsat demo exited with status %d", status);
    *cpu_s = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
             (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec -
                      before.ru_stime.tv_usec) / 1e6;
    return true;
}

static void add_single(const char *name, double us, double cpu_s, long kb, const char *target, int met)
{
    if (nsingle == LEN(single_rows))
        return;
    snprintf(single_rows[nsingle++], sizeof single_rows[0], "| %s | %.1f s | %.1f s | %.1f MB | %s | %s |", name,
             us / 1e6, cpu_s, (double)kb / 1024, target, met < 0 ? "" : met ? "met" : "**missed**");
    missed += met == 0;
}

/* CPU seconds of the children waited for since *before (updated). */
static double children_cpu(struct rusage *before)
{
    struct rusage now;
    getrusage(RUSAGE_CHILDREN, &now);
    double s = (double)(now.ru_utime.tv_sec - before->ru_utime.tv_sec + now.ru_stime.tv_sec - before->ru_stime.tv_sec) +
               (double)(now.ru_utime.tv_usec - before->ru_utime.tv_usec + now.ru_stime.tv_usec -
                        before->ru_stime.tv_usec) / 1e6;
    *before = now;
    return s;
}

/* Exports every contact of the measured database to CSV with `forsat
 * export contacts`, then times `forsat import contacts` of that file into
 * a new, initialised database (deleted afterwards). */
static void bench_import(struct ctx *c, const char *dir)
{
    char csv[4200], db[4200], wal[4300], shm[4300];
    snprintf(csv, sizeof csv, "%s/bench-contacts.csv", dir);
    snprintf(db, sizeof db, "%s/bench-import.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(shm, sizeof shm, "%s-shm", db);
    unlink(db);
    unlink(wal);
    unlink(shm);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    long kb;
    int status;
    char *exp[] = { (char *)c->forsat, "--db", (char *)c->db_path, "export", "contacts", NULL };
    double us = run_cmd(exp, csv, &kb, &status);
    if (status != 0)
        die("forsat export contacts exited with status %d", status);
    char name[128];
    snprintf(name, sizeof name, "export %" PRId64 " contacts to CSV", c->max_identity);
    add_single(name, us, children_cpu(&ru), kb, "—", -1);
    char *init[] = { (char *)c->forsat, "--db", db, "init", NULL };
    run_cmd(init, NULL, NULL, &status);
    if (status != 0)
        die("forsat init exited with status %d", status);
    /* The file names owners by login: the same users first. */
    sqlite3_stmt *st = prep(c, "SELECT u.login, u.name, r.key FROM user u JOIN role r ON r.id = u.role_id "
                               "WHERE u.login <> ?1 ORDER BY u.id");
    sqlite3_bind_text(st, 1, fs_os_login(), -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        char *add[] = { (char *)c->forsat, "--db", db, "user", "add", (char *)sqlite3_column_text(st, 0), "--name",
                        (char *)sqlite3_column_text(st, 1), "--role", (char *)sqlite3_column_text(st, 2), NULL };
        run_cmd(add, NULL, NULL, &status);
        if (status != 0)
            die("forsat user add exited with status %d", status);
    }
    sqlite3_finalize(st);
    children_cpu(&ru);
    char *imp[] = { (char *)c->forsat, "--db", db, "import", "contacts", csv, NULL };
    us = run_cmd(imp, NULL, &kb, &status);
    if (status != 0)
        die("forsat import contacts exited with status %d", status);
    snprintf(name, sizeof name, "import %" PRId64 " contacts from CSV (new database)", c->max_identity);
    /* The target is for a million rows: judged at full size only. */
    add_single(name, us, children_cpu(&ru), kb, "≤ 60 s for 1,000,000",
               c->max_identity < 1000000 ? -1 : us <= 60e6);
    unlink(db);
    unlink(wal);
    unlink(shm);
    unlink(csv);
}

/* ---- the report --------------------------------------------------------------- */

static void out(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (f) {
        va_start(ap, fmt);
        vfprintf(f, fmt, ap);
        va_end(ap);
    }
}

/* "1,234.5 µs" as ms above 10 ms, for reading. */
static void fmt_time(double us, char *buf, size_t n)
{
    if (us < 0)
        snprintf(buf, n, "—");
    else if (us >= 10000)
        snprintf(buf, n, "%.1f ms", us / 1000);
    else
        snprintf(buf, n, "%.0f µs", us);
}

/* The machine: processors, CPU model, memory, kernel. */
static void machine(FILE *f)
{
    char model[256] = "unknown";
    FILE *ci = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (ci && fgets(line, sizeof line, ci)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *p = strchr(line, ':');
            if (p) {
                snprintf(model, sizeof model, "%s", p + 2);
                model[strcspn(model, "\n")] = '\0';
            }
            break;
        }
    }
    if (ci)
        fclose(ci);
    long mem_kb = 0;
    FILE *mi = fopen("/proc/meminfo", "r");
    while (mi && fgets(line, sizeof line, mi))
        if (sscanf(line, "MemTotal: %ld kB", &mem_kb) == 1)
            break;
    if (mi)
        fclose(mi);
    struct utsname u;
    uname(&u);
    double load[3] = { 0, 0, 0 };
    getloadavg(load, 3);
    out(f, "- processors: %ld (`nproc`); CPU: %s; memory: %.1f GB; %s %s\n", sysconf(_SC_NPROCESSORS_ONLN), model,
        (double)mem_kb / 1048576, u.sysname, u.release);
    out(f, "- SQLite %s; load average at the end of the run: %.2f %.2f %.2f\n", sqlite3_libversion(), load[0],
        load[1], load[2]);
}

static void report(struct ctx *c, const char *out_path, const struct memory *mem)
{
    FILE *f = out_path ? fopen(out_path, "w") : NULL;
    if (out_path && !f)
        die("cannot write %s", out_path);
    struct stat sb;
    stat(c->db_path, &sb);
    out(f, "### Machine and data\n\n");
    machine(f);
    out(f, "- database: %" PRId64 " identities, %" PRId64 " products, %" PRId64 " opportunities; %.2f GB\n",
        c->max_identity, c->max_product, c->max_opp, (double)sb.st_size / 1073741824.0);
    out(f, "- warm cache; runs = inputs × timed runs of each input (the best kept), for the operation / its floor; "
           "p99 is over the inputs; CPU median: CPU time of the operation in this process\n\n");
    const char *section = "";
    for (int i = 0; i < nresults; i++) {
        const struct result *r = &results[i];
        if (strcmp(section, r->section) != 0) {
            section = r->section;
            out(f, "\n### %s\n\n", section);
            out(f, "| operation | target | median | p99 | CPU median | floor median | floor p99 | ratio | runs | |\n");
            out(f, "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        }
        char m[32], p[32], cu[32], fm[32], fp[32], ratio[32], runs[48];
        fmt_time(r->cpu, cu, sizeof cu);
        if (r->nf)
            snprintf(runs, sizeof runs, "%d×%d / %d×%d", r->n, r->reps, r->nf, r->repsf);
        else
            snprintf(runs, sizeof runs, "%d×%d", r->n, r->reps);
        fmt_time(r->med, m, sizeof m);
        fmt_time(r->p99, p, sizeof p);
        fmt_time(r->fmed, fm, sizeof fm);
        fmt_time(r->fp99, fp, sizeof fp);
        if (r->fmed > 0)
            snprintf(ratio, sizeof ratio, "%.2f", r->med / r->fmed);
        else
            snprintf(ratio, sizeof ratio, "—");
        out(f, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r->name, r->t ? r->t->text : "—", m, p, cu,
            fm, fp, ratio, runs, r->met < 0 ? "" : r->met ? "met" : "**missed**");
    }
    if (nsingle) {
        out(f, "\n### Single runs\n\n| operation | wall time | CPU time | peak memory | target | |\n");
        out(f, "|---|---:|---:|---:|---|---|\n");
        for (int i = 0; i < nsingle; i++)
            out(f, "%s\n", single_rows[i]);
    }
    if (mem) {
        out(f, "\n### Peak memory (ru_maxrss of the `forsat` process)\n\n");
        out(f, "| command | %" PRId64 " opportunities | %" PRId64 " | %" PRId64 " | target | |\n"
               "|---|---:|---:|---:|---|---|\n", c->max_opp, c->max_opp / 10, c->max_opp / 100);
        for (int k = 0; k < MEMORY_CMDS; k++) {
            /* Flat: ten times the data costs at most 4 MB more. */
            bool met = mem[0].kb[k] <= 32 * 1024 && mem[0].kb[k] - mem[1].kb[k] <= 4 * 1024;
            missed += !met;
            out(f, "| %s | %.1f MB | %.1f MB | %.1f MB | ≤ 32 MB, flat (10× the data: ≤ 4 MB more) | %s |\n",
                memory_names[k], (double)mem[0].kb[k] / 1024, (double)mem[1].kb[k] / 1024,
                (double)mem[2].kb[k] / 1024, met ? "met" : "**missed**");
        }
    }
    if (f)
        fclose(f);
}

/* ---- main ------------------------------------------------------------------------ */

/* Reads who is who in the demo: sales reps, users with opportunities, the
 * default subtype's stages, the sizes. */
static void discover(struct ctx *c)
{
    c->max_identity = query_int(c, "SELECT max(id) FROM identity");
    c->max_opp = query_int(c, "SELECT max(id) FROM opportunity");
    c->max_product = query_int(c, "SELECT max(id) FROM product");
    if (c->max_identity < 10 || c->max_opp < 10 || c->max_product < 10)
        die("%s holds too little data to measure; build it with `forsat demo --size large`", c->db_path);
    sqlite3_stmt *st = prep(c, "SELECT u.login FROM user u JOIN role r ON r.id = u.role_id "
                               "WHERE r.key = 'sales_rep' AND u.active = 1 ORDER BY u.id");
    while (c->nreps < MAX_USERS && sqlite3_step(st) == SQLITE_ROW)
        snprintf(c->reps[c->nreps++], sizeof c->reps[0], "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    st = prep(c, "SELECT id FROM user WHERE EXISTS (SELECT 1 FROM opportunity WHERE assigned_id = user.id) ORDER BY id");
    while (c->nusers < MAX_USERS && sqlite3_step(st) == SQLITE_ROW)
        c->users[c->nusers++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = prep(c, "SELECT id FROM list_item WHERE list = 'type' AND active = 1 ORDER BY position");
    while (c->ntypes < LEN(c->types) && sqlite3_step(st) == SQLITE_ROW)
        c->types[c->ntypes++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = prep(c, "SELECT id FROM campaign ORDER BY id");
    while (c->ncampaigns < LEN(c->campaigns) && sqlite3_step(st) == SQLITE_ROW)
        c->campaigns[c->ncampaigns++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = prep(c, "SELECT id FROM stage WHERE subtype_id = (SELECT id FROM subtype WHERE is_default = 1) "
                 "AND active = 1 ORDER BY position");
    while (c->nstages < LEN(c->stages) && sqlite3_step(st) == SQLITE_ROW)
        c->stages[c->nstages++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = prep(c, "SELECT u.login, (SELECT count(*) FROM opportunity o WHERE o.assigned_id = u.id) AS n "
                 "FROM user u JOIN role r ON r.id = u.role_id WHERE r.key = 'sales_rep' AND u.active = 1 "
                 "ORDER BY n DESC, u.id LIMIT 1");
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(c->busy_rep, sizeof c->busy_rep, "%s", (const char *)sqlite3_column_text(st, 0));
        c->busy_rep_opps = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    if (c->nreps == 0 || c->nusers == 0 || c->nstages == 0)
        die("%s has no sales rep, assigned user or stage", c->db_path);
    fs_day_to_iso(c->s.today, c->today);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--rss") == 0)
        return rss_main(argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: bench FORSAT_BINARY   (see the comment at the top of tests/bench/bench.c)\n");
        return 2;
    }
    struct ctx *c = calloc(1, sizeof *c);
    if (!c)
        die("out of memory");
    c->forsat = argv[1];
    int scale = atoi(env_or("FORSAT_BENCH_SCALE", "1"));
    int iters = atoi(env_or("FORSAT_BENCH_ITER", "200"));
    repeats = atoi(env_or("FORSAT_BENCH_REPEAT", "3"));
    budget_s = atof(env_or("FORSAT_BENCH_BUDGET", "30"));
    if (scale < 1 || iters < 1 || repeats < 1 || budget_s <= 0)
        die("FORSAT_BENCH_SCALE, _ITER, _REPEAT and _BUDGET must be positive numbers");
    const char *dir = env_or("FORSAT_BENCH_DIR", ".");
    char dflt[4096];
    if (scale > 1)
        snprintf(dflt, sizeof dflt, "%s/bench-scale%d.db", dir, scale);
    else
        snprintf(dflt, sizeof dflt, "%s/bench-large.db", dir);
    c->db_path = env_or("FORSAT_BENCH_DB", dflt);

    double us, cpu;
    long kb;
    if (build_demo(c->forsat, c->db_path, scale, &us, &cpu, &kb)) {
        char name[128];
        snprintf(name, sizeof name, "`forsat demo --size large%s%d`", scale > 1 ? " --scale " : "", scale);
        if (scale == 1)
            snprintf(name, sizeof name, "`forsat demo --size large`");
        add_single(name, us, cpu, kb, "≤ 3 min at full size", scale > 1 ? -1 : us <= 180e6);
    }
    /* The directory of the measured database holds the scratch files. */
    char dbdir[4096];
    snprintf(dbdir, sizeof dbdir, "%s", c->db_path);
    char *slash = strrchr(dbdir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dbdir, sizeof dbdir, ".");

    fs_err e;
    check(fs_session_open(&c->s, c->db_path, 0, NULL, &e), &e, "opening the database");
    c->h = fs_db_sqlite(c->s.db);
    discover(c);
    check(fs_session_open(&c->rep, c->db_path, 0, c->reps[0], &e), &e, "opening the database as a sales rep");
    startup_files();

    fprintf(stderr, "bench: %s, %d runs per operation\n", c->db_path, iters);
    static const struct {
        const char *name;
        void (*fn)(struct ctx *c, int iters);
    } parts[] = {
        { "identity", bench_identity }, { "product", bench_product }, { "list", bench_list },
        { "form", bench_form },         { "money", bench_money },     { "reports", bench_reports },
        { "startup", bench_startup },
    };
    for (int i = 0; i < LEN(parts); i++)
        if (wanted(parts[i].name))
            parts[i].fn(c, iters);

    /* Memory on this database and on demo databases a tenth and a
     * hundredth of its size. */
    struct memory mem[3];
    memset(mem, 0, sizeof mem);
    bool have_memory = wanted("memory");
    for (int k = 0; have_memory && k < 3; k++) {
        char db[4200];
        if (k == 0) {
            snprintf(db, sizeof db, "%s", c->db_path);
        } else {
            int sc = scale * (k == 1 ? 10 : 100);
            snprintf(db, sizeof db, "%s/bench-scale%d.db", dbdir, sc);
            double sus, scpu;
            long skb;
            build_demo(c->forsat, db, sc, &sus, &scpu, &skb);
        }
        memory_of(c, db, &mem[k]);
    }
    if (wanted("import"))
        bench_import(c, dbdir);

    fs_session_close(&c->rep);
    fs_session_close(&c->s);
    startup_cleanup();
    report(c, getenv("FORSAT_BENCH_OUT"), have_memory ? mem : NULL);
    free(c->text);
    free(c->key);
    free(c->fts);
    free(c->a);
    free(c->b);
    free(c);
    if (missed)
        fprintf(stderr, "bench: %d target%s missed (see the table)\n", missed, missed > 1 ? "s" : "");
    return missed && strcmp(env_or("FORSAT_BENCH_STRICT", "0"), "1") == 0 ? 1 : 0;
}
