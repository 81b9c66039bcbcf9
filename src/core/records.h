/* records.h — the records part shared by every item (SPEC §8): notes,
 * follow-ups with their due list, tags, the opportunity's "important"
 * flag, and the listing of everything linked to an item.
 *
 * An item is named by its stored kind — "opportunity", "identity",
 * "document" or "product" — and its id.  It must exist, and an
 * opportunity must be visible to the acting user (created by or assigned
 * to them, or FS_PERM_VIEW_ALL); otherwise FS_ECONFLICT "not found".
 * Anyone who may see an item may add notes, follow-ups and tags to it.
 *
 * Follow-ups: due from/to are ISO dates (to ≥ from; to defaults to from),
 * the description is required, remind-at is optional and given as local
 * time "YYYY-MM-DD HH:MM" (stored in UTC), the assigned user defaults to
 * the acting one.  A follow-up is overdue while open and due_to < today.
 * It may be marked done or open again by its assigned user, its creator
 * or a holder of FS_PERM_VIEW_ALL.
 */
#ifndef FS_RECORDS_H
#define FS_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

#define FS_NOTE_MAX 4000         /* characters */
#define FS_FOLLOWUP_TEXT_MAX 1000 /* characters */
#define FS_TAG_MAX 50            /* characters */
#define FS_RECORDS_DEFAULT_LIMIT 500

/* FS_OK when item_kind is one of the four kinds above, else FS_EINVAL. */
int fs_item_kind_check(const char *item_kind, fs_err *e);
/* FS_OK when the item exists and the acting user may see it; *label (may
 * be NULL) gets what names it: "OPP-1405-000001 title", the identity's
 * name, the document's number (or kind and id while a draft), "code name"
 * of a product. */
int fs_item_check(fs_session *s, const char *item_kind, int64_t item_id, char *label, size_t n, fs_err *e);

/* ---- notes ------------------------------------------------------------- */

typedef struct fs_note {
    int64_t id;
    char item_kind[16];
    int64_t item_id;
    char *body;
    char login[64];            /* who wrote it */
    char created_at[21];       /* UTC timestamp */
} fs_note;

/* Adds a note (1 … FS_NOTE_MAX characters, normalised) to an item. */
int fs_note_add(fs_session *s, const char *item_kind, int64_t item_id, const char *body, int64_t *id, fs_err *e);
/* The notes of an item, newest first; *out malloc'd (fs_note_list_free). */
int fs_note_list(fs_session *s, const char *item_kind, int64_t item_id, fs_note **out, int *n, fs_err *e);
void fs_note_list_free(fs_note *v, int n);

/* ---- follow-ups -------------------------------------------------------- */

struct fs_followup_new {
    const char *item_kind;
    int64_t item_id;
    const char *due_from;      /* ISO, required */
    const char *due_to;        /* ISO or NULL/"" = due_from */
    const char *remind_at;     /* local "YYYY-MM-DD HH:MM" or NULL/"" */
    const char *description;   /* required */
    int64_t user_id;           /* 0 = the acting user */
};

typedef struct fs_followup {
    int64_t id;
    char item_kind[16];
    int64_t item_id;
    char *item_label;          /* as fs_item_check names it */
    int64_t user_id;
    char login[64];            /* assigned user */
    char due_from[11], due_to[11];
    char remind_at[17];        /* local "YYYY-MM-DD HH:MM", "" when none */
    char *description;
    bool done;
    bool overdue;              /* open and due_to < today */
    char created_at[21];
    char created_by[64];       /* login */
    bool remind_due;           /* open, with a remind-at that has come (≤ fs_now_iso()) */
} fs_followup;

/* Parses "DATE HH:MM" typed by a user — DATE in any form fs_date_parse
 * accepts (Jalali by default), the time 00:00–23:59 in any digits — into
 * the local "YYYY-MM-DD HH:MM" that fs_followup_add takes. */
int fs_remind_parse(const fs_session *s, const char *text, const char *field, char out[17], fs_err *e);

int fs_followup_add(fs_session *s, const struct fs_followup_new *in, int64_t *id, fs_err *e);

/* Which follow-ups fs_followup_list returns.  The due list of a user is
 * {user_id, days_ahead = 0}: their open follow-ups due from today or
 * earlier, overdue ones first (by due_to), then by due_from. */
typedef struct fs_followup_filter {
    int64_t user_id;           /* 0 = the acting user; another user needs FS_PERM_VIEW_ALL */
    int days_ahead;            /* due_from ≤ today + days_ahead; -1 = any date */
    bool include_done;
    int limit;                 /* 0 = FS_RECORDS_DEFAULT_LIMIT */
} fs_followup_filter;
void fs_followup_filter_init(fs_followup_filter *f);

int fs_followup_list(fs_session *s, const fs_followup_filter *f, fs_followup **out, int *n, fs_err *e);
void fs_followup_list_free(fs_followup *v, int n);
/* The acting user's reminders that have come: open follow-ups whose
 * remind-at is at or before now (fs_now_iso()), whatever their due dates,
 * earliest reminder first, at most limit (0 = FS_RECORDS_DEFAULT_LIMIT). */
int fs_followup_reminders(fs_session *s, int limit, fs_followup **out, int *n, fs_err *e);
void fs_followup_free(fs_followup *f);
/* One follow-up, to its assigned user, its creator or a holder of
 * FS_PERM_VIEW_ALL (others: FS_ECONFLICT "not found"). */
int fs_followup_get(fs_session *s, int64_t id, fs_followup *out, fs_err *e);
/* Marks a follow-up done (or open again). */
int fs_followup_set_done(fs_session *s, int64_t id, bool done, fs_err *e);

/* ---- tags and the important flag ---------------------------------------- */

/* Adds a tag (1 … FS_TAG_MAX characters, normalised) to an item; a tag it
 * already has (by search key) is FS_ECONFLICT.  Recorded in the item's
 * change history. */
int fs_tag_add(fs_session *s, const char *item_kind, int64_t item_id, const char *tag, fs_err *e);
/* Removes a tag matched by search key; FS_ECONFLICT when it has none. */
int fs_tag_remove(fs_session *s, const char *item_kind, int64_t item_id, const char *tag, fs_err *e);
/* The item's tags in alphabetical order; *out malloc'd (fs_tag_list_free). */
int fs_tag_list(fs_session *s, const char *item_kind, int64_t item_id, char ***out, int *n, fs_err *e);
void fs_tag_list_free(char **v, int n);

/* Sets or clears the opportunity's important flag through the form
 * (fs_opp_load/fs_opp_save: version, history and every rule apply). */
int fs_records_set_important(fs_session *s, int64_t opp_id, bool important, fs_err *e);

/* ---- the records part ---------------------------------------------------- */

enum fs_record_kind { FS_RECORD_DOCUMENT, FS_RECORD_MONEY, FS_RECORD_NOTE, FS_RECORD_FOLLOWUP };
/* "document", "money", "note", "followup". */
const char *fs_record_kind_name(enum fs_record_kind k);

typedef struct fs_record {
    enum fs_record_kind kind;
    int64_t id;
    char subkind[16];          /* document: proforma|invoice|return; money: receipt|payment|contract;
                                  follow-up: open|done; note: "" */
    char status[16];           /* document: draft|pending|approved|rejected; else "" */
    char *text;                /* document number ("" for a draft), money or note text, follow-up description */
    int64_t amount;            /* document final, money amount; 0 for notes and follow-ups */
    char date[11];             /* document issue date, money date, follow-up due_from, note's local day */
    char at[21];               /* created_at (UTC): the order, newest first */
    char login[64];            /* created by */
    char item_kind[16];        /* the item it hangs on (for an identity: maybe one of its opportunities) */
    int64_t item_id;
} fs_record;

/* Everything linked to an item, newest first, at most limit rows (0 =
 * FS_RECORDS_DEFAULT_LIMIT):
 *  - opportunity: documents and money items linked to it, its notes and
 *    follow-ups;
 *  - identity: its documents and money items, its notes and follow-ups and
 *    those of its opportunities the user may see;
 *  - document: money items linked to it, documents made from it, its notes
 *    and follow-ups;
 *  - product: its notes and follow-ups.
 * Money items appear only to holders of FS_PERM_VIEW_BALANCE. */
int fs_records_list(fs_session *s, const char *item_kind, int64_t item_id, int limit, fs_record **out, int *n,
                    fs_err *e);
void fs_records_list_free(fs_record *v, int n);

#endif
