#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "i18n.h"

extern const char *const fs_schema_migrations[];
extern const size_t fs_schema_migrations_count;
extern const char *const fs_defaults_sql[];
extern const size_t fs_defaults_sql_count;

/* One cached statement, found by the hash and text of its SQL. */
struct stmt_slot {
    uint64_t hash;
    const char *sql;      /* the caller's text; compared with strcmp */
    sqlite3_stmt *st;
};

struct fs_db {
    sqlite3 *h;
    char *path;
    struct stmt_slot *slots;   /* open addressing, power-of-two size */
    size_t nslots, used;
    int64_t busy_ms;
};

/* 64-bit FNV-1a of a NUL-terminated string. */
static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

sqlite3 *fs_db_sqlite(fs_db *db) { return db->h; }
const char *fs_db_path(const fs_db *db) { return db->path; }
int64_t fs_db_busy_wait_ms(const fs_db *db) { return db->busy_ms; }
int fs_db_latest_version(void) { return (int)fs_schema_migrations_count; }

int fs_db_fail(fs_db *db, const char *what, fs_err *e)
{
    int rc = sqlite3_extended_errcode(db->h);
    int code = (rc & 0xff) == SQLITE_CONSTRAINT ? FS_EINVAL : FS_ERUNTIME;
    /* Disk trouble gets a sentence a user can act on; SQLite has rolled the
     * transaction back (or run_tx does), so nothing of it was saved. */
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return fs_err_set(e, FS_ERUNTIME, "", _("%s failed: the disk is full; nothing was saved."), what);
    case SQLITE_IOERR:
        return fs_err_set(e, FS_ERUNTIME, "",
                          _("%s failed: the disk could not be read or written (%s); nothing was saved."), what,
                          sqlite3_errmsg(db->h));
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        return fs_err_set(e, FS_ERUNTIME, "",
                          _("%s failed: the database file cannot be written (%s); nothing was saved."), what,
                          sqlite3_errmsg(db->h));
    }
    return fs_err_set(e, code, "", _("%s failed: %s."), what, sqlite3_errmsg(db->h));
}

int fs_db_exec(fs_db *db, const char *sql, fs_err *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fs_err_set(e, FS_ERUNTIME, "", _("database error: %s."), msg ? msg : "?");
        sqlite3_free(msg);
        return FS_ERUNTIME;
    }
    return FS_OK;
}

int fs_db_step_done(fs_db *db, sqlite3_stmt *st, const char *what, fs_err *e)
{
    int rc = sqlite3_step(st);
    int status = FS_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        status = fs_db_fail(db, what, e);
    sqlite3_reset(st);
    return status;
}

void fs_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void fs_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

char *fs_col_strdup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return strdup(t ? (const char *)t : "");
}

static char clock_pin[21];

void fs_clock_pin(const char *iso)
{
    if (iso && strlen(iso) == 20)
        memcpy(clock_pin, iso, 21);
    else
        clock_pin[0] = '\0';
}

void fs_now_iso(char out[21])
{
    if (clock_pin[0]) {
        memcpy(out, clock_pin, 21);
        return;
    }
    /* Screen tests pin the clock (FORSAT_NOW=YYYY-MM-DDTHH:MM:SSZ) so
     * records made in one run sort the same way every time. */
    const char *pinned = getenv("FORSAT_NOW");
    if (pinned && strlen(pinned) == 20 && pinned[10] == 'T' && pinned[19] == 'Z') {
        memcpy(out, pinned, 21);
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Doubles the statement cache, rehashing the live slots. */
static int grow_cache(fs_db *db)
{
    size_t n = db->nslots ? db->nslots * 2 : 64;
    struct stmt_slot *s = calloc(n, sizeof *s);
    if (!s)
        return -1;
    for (size_t i = 0; i < db->nslots; i++) {
        if (!db->slots[i].st)
            continue;
        size_t j = db->slots[i].hash & (n - 1);
        while (s[j].st)
            j = (j + 1) & (n - 1);
        s[j] = db->slots[i];
    }
    free(db->slots);
    db->slots = s;
    db->nslots = n;
    return 0;
}

sqlite3_stmt *fs_db_stmt(fs_db *db, const char *sql, fs_err *e)
{
    if (db->used * 2 >= db->nslots && grow_cache(db) != 0) {
        fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        return NULL;
    }
    uint64_t h = hash_str(sql);
    size_t j = h & (db->nslots - 1);
    while (db->slots[j].st) {
        if (db->slots[j].hash == h && strcmp(db->slots[j].sql, sql) == 0) {
            sqlite3_stmt *st = db->slots[j].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        j = (j + 1) & (db->nslots - 1);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fs_db_fail(db, _("preparing a query"), e);
        sqlite3_finalize(st);
        return NULL;
    }
    db->slots[j].hash = h;
    db->slots[j].sql = sqlite3_sql(st); /* owned by the statement, lives as long */
    db->slots[j].st = st;
    db->used++;
    return st;
}

/* Sleeps for ms milliseconds. */
static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* True when the connection's last error means "another process holds the
 * lock; try again". */
static bool is_busy(fs_db *db)
{
    int rc = sqlite3_errcode(db->h);
    return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Runs fn inside BEGIN <mode> … COMMIT with the busy retry loop. */
static int run_tx(fs_db *db, const char *begin, fs_db_fn fn, void *ctx, fs_err *e)
{
    int waited = 0, delay = 2;
    for (;;) {
        int rc = sqlite3_exec(db->h, begin, NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            fs_err_clear(e);
            int st = fn(db, ctx, e);
            if (st == FS_OK) {
                rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
                if (rc == SQLITE_OK)
                    return FS_OK;
            }
            bool busy = st != FS_OK ? (st == FS_ERUNTIME && is_busy(db)) : is_busy(db);
            /* A failed COMMIT (disk full, I/O error) is described before
             * ROLLBACK replaces the connection's error. */
            if (st == FS_OK && !busy)
                st = fs_db_fail(db, _("saving"), e);
            if (!sqlite3_get_autocommit(db->h))
                sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            if (!busy)
                return st;
        } else if (!is_busy(db)) {
            return fs_db_fail(db, _("starting a transaction"), e);
        }
        if (waited >= FS_DB_BUSY_LIMIT_MS)
            return fs_err_set(e, FS_ERUNTIME, "",
                              _("the database stayed busy for %d seconds; nothing was changed, try again."),
                              FS_DB_BUSY_LIMIT_MS / 1000);
        sleep_ms(delay);
        waited += delay;
        db->busy_ms += delay;
        if (delay < 50)
            delay *= 2;
    }
}

int fs_db_write(fs_db *db, fs_db_fn fn, void *ctx, fs_err *e)
{
    return run_tx(db, "BEGIN IMMEDIATE", fn, ctx, e);
}

int fs_db_read(fs_db *db, fs_db_fn fn, void *ctx, fs_err *e)
{
    return run_tx(db, "BEGIN DEFERRED", fn, ctx, e);
}

int fs_db_version(fs_db *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Counts the schema objects of a file, to tell an empty file from a foreign
 * database. */
static int count_schema_objects(fs_db *db)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

struct migrate_ctx {
    int target;
};

/* Applies every migration above the file's version up to ctx->target, in
 * one transaction, and raises user_version with each. */
static int migrate_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct migrate_ctx *c = vctx;
    int v = fs_db_version(db);
    if (v < 0)
        return fs_db_fail(db, _("reading the schema version"), e);
    if (v == 0 && count_schema_objects(db) > 0)
        return fs_err_set(e, FS_EINVAL, "db", _("%s is not a forsat database; it was left unchanged."),
                          db->path);
    for (int i = v; i < c->target; i++) {
        if (fs_db_exec(db, fs_schema_migrations[i], e) != FS_OK)
            return FS_ERUNTIME;
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", i + 1);
        if (fs_db_exec(db, sql, e) != FS_OK)
            return FS_ERUNTIME;
    }
    return FS_OK;
}

int fs_db_migrate_to(fs_db *db, int version, fs_err *e)
{
    if (version > fs_db_latest_version())
        version = fs_db_latest_version();
    if (fs_db_version(db) >= version)
        return FS_OK;
    struct migrate_ctx c = { version };
    return fs_db_write(db, migrate_tx, &c, e);
}

bool fs_db_initialised(fs_db *db)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db->h, "SELECT 1 FROM setting WHERE key = 'warehousing_mode'", -1, &st,
                           NULL) == SQLITE_OK)
        yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

int fs_db_seed_defaults(fs_db *db, fs_err *e)
{
    if (fs_db_initialised(db))
        return FS_OK;
    for (size_t i = 0; i < fs_defaults_sql_count; i++)
        if (fs_db_exec(db, fs_defaults_sql[i], e) != FS_OK)
            return FS_ERUNTIME;
    return FS_OK;
}

/* Creates the directory that will hold path (one level is enough for the
 * XDG default; deeper trees are the admin's to make). */
static void make_parent_dir(const char *path)
{
    char *dir = strdup(path);
    if (!dir)
        return;
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        char *p = dir + 1;
        while ((p = strchr(p, '/')) != NULL) {
            *p = '\0';
            mkdir(dir, 0700);
            *p++ = '/';
        }
        mkdir(dir, 0700);
    }
    free(dir);
}

/* Busy handler: sleep 1 ms and try again, for up to FS_DB_BUSY_LIMIT_MS;
 * run_tx's own retry covers anything longer. */
static int busy_wait(void *ctx, int count)
{
    fs_db *db = ctx;
    if (count >= FS_DB_BUSY_LIMIT_MS)
        return 0;
    sleep_ms(1);
    db->busy_ms++;
    return 1;
}

/* Applies the per-connection settings every forsat connection must have. */
static int configure(fs_db *db, fs_err *e)
{
    int on = 1;
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, on, NULL);
    sqlite3_db_config(db->h, SQLITE_DBCONFIG_ENABLE_FKEY, on, NULL);
    /* Waiting writers poll every millisecond: measured with 16 processes it
     * doubled throughput and cut the slowest waits fourfold against
     * SQLite's growing back-off (docs/RELIABILITY.md). */
    sqlite3_busy_handler(db->h, busy_wait, db);
    return fs_db_exec(db,
                      "PRAGMA journal_mode = WAL;"
                      "PRAGMA synchronous = FULL;"
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA cache_size = -8000;"
                      "PRAGMA temp_store = MEMORY;",
                      e);
}

int fs_db_open(const char *path, int flags, fs_db **out, fs_err *e)
{
    *out = NULL;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (!exists && !(flags & FS_DB_CREATE))
        return fs_err_set(e, FS_ECONFLICT, "db",
                          _("no database at %s; create one with `forsat init` or `forsat demo`."), path);
    if (!exists)
        make_parent_dir(path);
    fs_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (flags & FS_DB_CREATE)
        oflags |= SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
        fs_err_set(e, FS_ERUNTIME, "db", _("cannot open the database %s: %s."), path,
                   db->h ? sqlite3_errmsg(db->h) : "?");
        fs_db_close(db);
        return FS_ERUNTIME;
    }
    int st = configure(db, e);
    if (st == FS_OK) {
        int v = fs_db_version(db);
        if (v > fs_db_latest_version())
            st = fs_err_set(e, FS_EINVAL, "db",
                            _("%s was made by a newer forsat (schema %d, this one knows %d); it was left unchanged."),
                            path, v, fs_db_latest_version());
        else if (!(flags & FS_DB_NO_MIGRATE))
            st = fs_db_migrate_to(db, fs_db_latest_version(), e);
    }
    if (st != FS_OK) {
        if (e && e->code == FS_ERUNTIME && strstr(e->msg, "file is not a database"))
            fs_err_set(e, FS_EINVAL, "db", _("%s is not a forsat database; it was left unchanged."), path);
        fs_db_close(db);
        return st;
    }
    *out = db;
    return FS_OK;
}

void fs_db_close(fs_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->nslots; i++)
        sqlite3_finalize(db->slots[i].st);
    free(db->slots);
    sqlite3_close_v2(db->h);
    free(db->path);
    free(db);
}
