/* fuzz_csv.c — CSV import (csv_io.h) of any file into a small database:
 * every file is imported, or refused with a sentence and nothing changed;
 * it never crashes.  Byte 0 of the input picks contacts, products or
 * opportunities and the skip-bad and dry-run options; the rest is the
 * file.  The database (an identity, a product, the defaults) is made once
 * per process in a scratch directory removed at exit. */
#include <unistd.h>

#include "csv_io.h"
#include "fuzz.h"
#include "store.h"

static char dir[64], db_path[96], csv_path[96];
static fs_session S;
static bool ready;

static void cleanup(void)
{
    fs_session_close(&S);
    unlink(csv_path);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static int64_t count(const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(fs_db_sqlite(S.db), sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static bool setup(void)
{
    fs_err e;
    snprintf(dir, sizeof dir, "/tmp/forsat-fuzzcsv-XXXXXX");
    if (!mkdtemp(dir))
        return false;
    snprintf(db_path, sizeof db_path, "%s/f.db", dir);
    snprintf(csv_path, sizeof csv_path, "%s/in.csv", dir);
    if (fs_init_database(db_path, "reza", &e) != FS_OK || fs_db_open(db_path, 0, &S.db, &e) != FS_OK ||
        fs_session_login(&S, "reza", &e) != FS_OK)
        return false;
    S.today = 20366;
    atexit(cleanup);
    char *msg = NULL;
    sqlite3_exec(fs_db_sqlite(S.db),
                 "INSERT INTO identity(kind, name, name_key, created_at, updated_at) VALUES "
                 "('org', 'شرکت فولاد مبارکه', 'شرکت فولاد مبارکه', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
                 "INSERT INTO product(code, code_key, name, name_key, unit_price, created_at, updated_at) VALUES "
                 "('LP-100', 'lp-100', 'لپ‌تاپ ایسوس', 'لپ‌تاپ ایسوس', 10000000, '2025-01-01T00:00:00Z', "
                 "'2025-01-01T00:00:00Z');",
                 NULL, NULL, &msg);
    sqlite3_free(msg);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 65536)
        return 0;
    if (!ready && !(ready = setup()))
        abort();
    FILE *f = fopen(csv_path, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    static const enum fs_csv_kind kinds[3] = { FS_CSV_CONTACTS, FS_CSV_PRODUCTS, FS_CSV_OPPORTUNITIES };
    fs_import_opts o = { .skip_bad = data[0] & 4, .dry_run = data[0] & 8 };
    fs_import_result r;
    fs_err e;
    fs_err_clear(&e);
    int64_t before = count("SELECT (SELECT count(*) FROM identity) + (SELECT count(*) FROM product) + "
                           "(SELECT count(*) FROM opportunity) + (SELECT count(*) FROM opp_line)");
    int rc = fs_import_csv(&S, kinds[data[0] % 3], csv_path, &o, &r, &e);
    FUZZ_CHECK(rc == FS_OK || rc == FS_EINVAL || rc == FS_ECONFLICT || rc == FS_ERUNTIME);
    int64_t after = count("SELECT (SELECT count(*) FROM identity) + (SELECT count(*) FROM product) + "
                          "(SELECT count(*) FROM opportunity) + (SELECT count(*) FROM opp_line)");
    if (rc != FS_OK) {
        FUZZ_CHECK(e.msg[0] != '\0');
        FUZZ_CHECK(after == before);
    }
    if (o.dry_run)
        FUZZ_CHECK(after == before);
    FUZZ_CHECK(r.imported >= 0 && r.skipped >= 0 && r.bad_rows >= 0);
    return 0;
}
