/* stats.h — what a database holds, for the summary command and the main
 * screen. */
#ifndef FS_STATS_H
#define FS_STATS_H

#include <stdint.h>

#include "session.h"

enum fs_stat {
    FS_STAT_IDENTITIES,
    FS_STAT_PRODUCTS,
    FS_STAT_OPPORTUNITIES,
    FS_STAT_OPEN_OPPORTUNITIES,
    FS_STAT_DOCUMENTS,
    FS_STAT_MONEY_ITEMS,
    FS_STAT_WAREHOUSES,
    FS_STAT_USERS,
    FS_STAT_COUNT
};

/* Counts rows of each kind (exact counts, kept up to date by triggers). */
int fs_stats(fs_session *s, int64_t out[FS_STAT_COUNT], fs_err *e);
/* A translated label: "opportunities". */
const char *fs_stat_label(enum fs_stat k);

#endif
