/* store.h — the SQLite store: opening, migrations, cached statements and the
 * one write helper.
 *
 * Every connection runs in WAL mode with synchronous=FULL, foreign keys on,
 * a busy timeout and SQLITE_DBCONFIG_DEFENSIVE.  Every write goes through
 * fs_db_write(): a short BEGIN IMMEDIATE transaction, retried as a whole
 * while another process holds the write lock, so a user never sees
 * "database is locked".  No transaction is ever held open while a user types.
 */
#ifndef FS_STORE_H
#define FS_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef struct fs_db fs_db;

enum fs_db_flags {
    FS_DB_CREATE = 1,   /* create the file (and its directory) if missing */
    FS_DB_NO_MIGRATE = 2, /* tests only: open without upgrading the schema */
};

/* Opens the database at path and upgrades its schema to the latest version.
 * Without FS_DB_CREATE a missing file is FS_ECONFLICT ("not found") with a
 * sentence telling to run `forsat init`.  A file that is not a forsat
 * database, or one made by a newer forsat, is refused and left unchanged. */
int fs_db_open(const char *path, int flags, fs_db **out, fs_err *e);
void fs_db_close(fs_db *db);

sqlite3 *fs_db_sqlite(fs_db *db);
const char *fs_db_path(const fs_db *db);

/* The schema version of the open file (PRAGMA user_version) and the latest
 * one this program knows. */
int fs_db_version(fs_db *db);
int fs_db_latest_version(void);

/* Applies migrations up to `version` (tests build old databases with it). */
int fs_db_migrate_to(fs_db *db, int version, fs_err *e);

/* True once `forsat init` has written the default data. */
bool fs_db_initialised(fs_db *db);

/* Writes the default lists, subtype, stages, "Other" product and default
 * warehouse (data/defaults.sql), once.  Runs inside a write transaction. */
int fs_db_seed_defaults(fs_db *db, fs_err *e);

/* A prepared statement for a constant SQL text, cached for the life of the
 * connection and returned reset with no bindings.  Use it for SQL that does
 * not vary; dynamic SQL is prepared and finalized by its caller.  NULL with
 * *e filled when the SQL does not compile. */
sqlite3_stmt *fs_db_stmt(fs_db *db, const char *sql, fs_err *e);

/* Runs fn(db, ctx, e) inside BEGIN IMMEDIATE … COMMIT.  When fn returns
 * non-zero the transaction is rolled back and fn's status returned.  When
 * the database is busy (another writer) the whole transaction is retried
 * with a short back-off for up to FS_DB_BUSY_LIMIT_MS.  fn must not keep
 * state across calls that a retry would duplicate (build it inside fn). */
typedef int (*fs_db_fn)(fs_db *db, void *ctx, fs_err *e);
int fs_db_write(fs_db *db, fs_db_fn fn, void *ctx, fs_err *e);

/* Runs fn inside a read transaction, so several queries see one snapshot. */
int fs_db_read(fs_db *db, fs_db_fn fn, void *ctx, fs_err *e);

#define FS_DB_BUSY_LIMIT_MS 60000

/* Fills *e from the connection's last error (FS_ERUNTIME, or FS_EINVAL for
 * a constraint violation) and returns the code.  `what` says what was being
 * done ("saving the opportunity"). */
int fs_db_fail(fs_db *db, const char *what, fs_err *e);

/* Executes SQL with no results (may hold several statements). */
int fs_db_exec(fs_db *db, const char *sql, fs_err *e);

/* Steps a statement that returns no rows; resets it.  FS_OK or fs_db_fail. */
int fs_db_step_done(fs_db *db, sqlite3_stmt *st, const char *what, fs_err *e);

/* Binds helpers: NULL text / zero id bind SQL NULL. */
void fs_bind_text(sqlite3_stmt *st, int i, const char *s);
void fs_bind_id(sqlite3_stmt *st, int i, int64_t id);

/* Copies column i as a malloc'd string ("" for NULL); NULL on OOM. */
char *fs_col_strdup(sqlite3_stmt *st, int i);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (FORSAT_NOW when set:
 * the screen tests pin it). */
void fs_now_iso(char out[21]);
/* Pins the clock fs_now_iso() reads to iso ("YYYY-MM-DDTHH:MM:SSZ"), for
 * this process, until it is pinned again or unpinned with NULL: the small
 * demo writes its history through the domain, each record at its day. */
void fs_clock_pin(const char *iso);

/* Milliseconds spent waiting on other writers since the connection opened
 * (benchmarks and the many-users test read it). */
int64_t fs_db_busy_wait_ms(const fs_db *db);

#endif
