/* demo.h — `forsat demo`: a realistic Persian demo database (SPEC §12).
 *
 * The small demo (a few hundred records) is written through the domain
 * functions, as the users it names, so every rule, number and change-log
 * row is exactly what using the program would have produced.  The large
 * demo (a million identities and opportunities) is for benchmarks: it sets
 * up users, lists and the model through the domain functions too, then
 * writes the bulk rows with prepared statements in large transactions,
 * computing every derived column (search keys, line and document totals,
 * numbers and counters, stage log, won/lost dates) the way the domain does.
 *
 * Both are deterministic: the same options give the same data.  Both only
 * fill a new file or a freshly initialised, still empty database.
 */
#ifndef FS_DEMO_H
#define FS_DEMO_H

#include <stdint.h>

#include "error.h"

enum fs_demo_size { FS_DEMO_SMALL, FS_DEMO_LARGE };

typedef struct fs_demo_opts {
    enum fs_demo_size size;
    int scale;          /* large only: every count divided by this (tests); 0 or 1 = full size */
    const char *as_login; /* act as this user (NULL: the operating-system login) */
} fs_demo_opts;

/* The tables the demo fills, for the summary it returns. */
enum fs_demo_table {
    FS_DEMO_USER,
    FS_DEMO_IDENTITY,
    FS_DEMO_CAMPAIGN,
    FS_DEMO_PRODUCT_GROUP,
    FS_DEMO_PRODUCT,
    FS_DEMO_WAREHOUSE,
    FS_DEMO_STOCK_MOVE,
    FS_DEMO_OPPORTUNITY,
    FS_DEMO_OPP_LINE,
    FS_DEMO_OPP_COMPETITOR,
    FS_DEMO_OPP_FIELD_VALUE,
    FS_DEMO_STAGE_LOG,
    FS_DEMO_DOCUMENT,
    FS_DEMO_DOC_LINE,
    FS_DEMO_MONEY_ITEM,
    FS_DEMO_CHANGE_LOG,
    FS_DEMO_TABLE_COUNT
};

/* The SQL table name ("opp_line"). */
const char *fs_demo_table_name(enum fs_demo_table t);

typedef struct fs_demo_result {
    int64_t rows[FS_DEMO_TABLE_COUNT]; /* rows in each table afterwards */
    int64_t elapsed_ms;                /* wall-clock time of the whole run */
} fs_demo_result;

/* Creates the database at path when it does not exist (as `forsat init`
 * does, with the operating-system login as admin) and fills it.  A file
 * that already holds data (identities, products, opportunities, documents,
 * campaigns, users beyond the first admin …) is FS_ECONFLICT and is not
 * changed.  The acting user must be an admin. */
int fs_demo_create(const char *path, const fs_demo_opts *opts, fs_demo_result *res, fs_err *e);

#endif
