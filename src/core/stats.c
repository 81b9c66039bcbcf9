#include "stats.h"

#include "i18n.h"

/* The large tables are counted by the row_count and opp_totals tables
 * that triggers keep up to date (schema 006): counting a million rows took
 * most of the start-up of the screens. */
static const struct {
    const char *label;
    const char *sql;
} stat_table[FS_STAT_COUNT] = {
    [FS_STAT_IDENTITIES] = { N_("identities"), "SELECT n FROM row_count WHERE tbl = 'identity'" },
    [FS_STAT_PRODUCTS] = { N_("products"), "SELECT n FROM row_count WHERE tbl = 'product'" },
    [FS_STAT_OPPORTUNITIES] = { N_("opportunities"), "SELECT coalesce(sum(n), 0) FROM opp_totals" },
    [FS_STAT_OPEN_OPPORTUNITIES] = { N_("open opportunities"),
                                     "SELECT coalesce(sum(n), 0) FROM opp_totals WHERE stage_id IN "
                                     "(SELECT id FROM stage WHERE kind = 'open')" },
    [FS_STAT_DOCUMENTS] = { N_("documents"), "SELECT n FROM row_count WHERE tbl = 'document'" },
    [FS_STAT_MONEY_ITEMS] = { N_("receipts and payments"), "SELECT n FROM row_count WHERE tbl = 'money_item'" },
    [FS_STAT_WAREHOUSES] = { N_("warehouses"), "SELECT count(*) FROM warehouse" },
    [FS_STAT_USERS] = { N_("users"), "SELECT count(*) FROM user" },
};

const char *fs_stat_label(enum fs_stat k) { return _(stat_table[k].label); }

int fs_stats(fs_session *s, int64_t out[FS_STAT_COUNT], fs_err *e)
{
    for (int i = 0; i < FS_STAT_COUNT; i++) {
        sqlite3_stmt *st = fs_db_stmt(s->db, stat_table[i].sql, e);
        if (!st)
            return FS_ERUNTIME;
        out[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        sqlite3_reset(st);
    }
    return FS_OK;
}
