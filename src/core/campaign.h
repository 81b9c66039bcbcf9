/* campaign.h — marketing campaigns (SPEC §1 «کمپین تبلیغاتی»): a name,
 * unique whatever its spelling variant, and an optional date range.
 * Opportunities link to an active campaign; a disabled campaign stays on
 * the opportunities that have it.  Changes need admin.lists.
 */
#ifndef FS_CAMPAIGN_H
#define FS_CAMPAIGN_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "session.h"

#define FS_CAMPAIGN_NAME_MAX 200 /* characters */

/* One campaign; valid only during the callback.  Dates are ISO or NULL. */
typedef struct fs_campaign {
    int64_t id;
    const char *name;
    const char *start_date, *end_date;
    bool active;
    const char *created_at;
} fs_campaign;

typedef int (*fs_campaign_cb)(void *ctx, const fs_campaign *c);

/* Adds a campaign.  start_date and end_date are ISO 'YYYY-MM-DD' or
 * NULL/"" (none); the end may not be before the start.  A name that
 * equals another campaign's (by search key) is FS_ECONFLICT. */
int fs_campaign_add(fs_session *s, const char *name, const char *start_date, const char *end_date, int64_t *id,
                    fs_err *e);

/* Every campaign by id, disabled ones only when all is set. */
int fs_campaign_list(fs_session *s, bool all, fs_campaign_cb cb, void *ctx, fs_err *e);

/* Disables or enables campaign id. */
int fs_campaign_set_active(fs_session *s, int64_t id, bool active, fs_err *e);

/* FS_OK when id is an active campaign, else FS_EINVAL naming `field` (the
 * check an opportunity makes when a campaign is newly chosen). */
int fs_campaign_check_active(fs_session *s, int64_t id, const char *field, fs_err *e);

#endif
