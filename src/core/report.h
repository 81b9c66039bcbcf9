/* report.h — the reports of SPEC §10 as plain data for the command line
 * and the screens: pipeline (kanban by stage), forecast, won/lost,
 * cycle time, campaign analysis, the opportunity report's export, and the
 * morning view of a sales rep.
 *
 * Every report obeys the visibility rule: without FS_PERM_VIEW_ALL only
 * opportunities the user created or is assigned to are counted.  Amounts
 * are Rial; the expected amount of an opportunity is final × probability
 * / 100 rounded half up (fs_opp_expected_amount), summed per opportunity.
 * "The last N days" are the N days ending today: date ≥ today − (N − 1).
 * Each function fills its result from one read snapshot; results are
 * malloc'd and freed with the matching *_free function.
 */
#ifndef FS_REPORT_H
#define FS_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "opp_list.h"
#include "records.h"
#include "session.h"
#include "subtype.h"

#define FS_PIPELINE_DEFAULT_DAYS 30
#define FS_PIPELINE_DEFAULT_CARDS 50
#define FS_PIPELINE_MAX_CARDS 1000
#define FS_RECENT_WINDOWS 4      /* won/lost in the last 1, 7, 30, 90 days */

/* Filters shared by the aggregate reports; 0 / NULL = not used.  from/to
 * bound the report's own date: the close date (forecast), the win or loss
 * date (won/lost, cycle time); the pipeline and the campaign analysis take
 * no period. */
typedef struct fs_report_filter {
    int64_t subtype_id, type_id, source_id, campaign_id, assigned_id;
    const char *from, *to;     /* ISO, inclusive */
} fs_report_filter;

typedef struct fs_report_totals {
    int64_t count, sum_final, sum_expected;
} fs_report_totals;

/* ---- pipeline ------------------------------------------------------------ */

typedef struct fs_pipeline_card {
    int64_t id;
    char number[32];
    char *title;
    char *contact;             /* the identity's name */
    char assigned[64];         /* login */
    int64_t stage_id;
    int64_t final_amount, expected_amount;
    int probability;
    char close_date[11];       /* ISO, "" when none */
    bool overdue;              /* close date before today and the stage is open */
    int age_days;              /* today − the local day it was created */
} fs_pipeline_card;

typedef struct fs_pipeline_column {
    int64_t stage_id;
    char key[FS_KEY_BYTES];
    char title[FS_TITLE_BYTES]; /* in the session's language */
    enum fs_stage_kind kind;
    int64_t count, sum_final, sum_expected; /* over every opportunity of the column */
    fs_pipeline_card *cards;   /* the first `cards`: open columns by close date (undated last),
                                  final columns the latest won/lost first */
    int ncards;
} fs_pipeline_column;

typedef struct fs_pipeline {
    int64_t subtype_id;
    int days;                  /* window of the final columns; 0 = no window */
    char since[11];            /* ISO first day of the window, "" without one */
    fs_pipeline_column *columns; /* the subtype's active stages in chain order */
    int ncolumns;
    fs_report_totals totals;   /* of the whole board */
} fs_pipeline;

/* The board of subtype f->subtype_id (0 = the default subtype), filtered
 * by f's other ids (f->from/to must be unset).  Final (won/lost) columns
 * hold only opportunities won/lost in the last `days` days (0 = all).
 * cards: cards per column, 0 … FS_PIPELINE_MAX_CARDS. */
int fs_report_pipeline(fs_session *s, const fs_report_filter *f, int days, int cards, fs_pipeline *out, fs_err *e);
void fs_pipeline_free(fs_pipeline *p);

/* The column next to the opportunity's (dir +1 right/next, -1
 * left/previous) among its subtype's active stages in chain order: the
 * stage a card would move to.  FS_EINVAL at either end. */
int fs_report_pipeline_target(fs_session *s, int64_t opp_id, int dir, fs_stage *target, fs_err *e);
/* Moves the card there through fs_opp_load / fs_opp_set_stage /
 * fs_opp_save, so every rule of a stage change applies; reason (NULL for
 * none) is the win or loss reason when the target is a final stage.
 * *stage_id (may be NULL) gets the new stage. */
int fs_report_pipeline_move(fs_session *s, int64_t opp_id, int dir, const char *reason, int64_t *stage_id,
                            fs_err *e);

/* ---- forecast ------------------------------------------------------------ */

enum fs_forecast_by { FS_FORECAST_MONTH, FS_FORECAST_USER, FS_FORECAST_STAGE };

typedef struct fs_report_row {
    int64_t id;                /* user / stage id; 0 for a month or "none" */
    char key[FS_KEY_BYTES];    /* "1405/09" (Jalali, Latin digits), login, stage key */
    char *label;               /* month name and year, user name, stage title */
    int64_t count, sum_final, sum_expected;
} fs_report_row;

/* Σ final and Σ expected of the OPEN opportunities whose close date lies
 * in [f->from, f->to], grouped by Jalali month of the close date (every
 * month of the period, empty ones too, in order), by assigned user (by
 * login) or by stage (chain order).  Default period: the current Jalali
 * month and the 11 after it; a period is at most 100 years long. */
int fs_report_forecast(fs_session *s, const fs_report_filter *f, enum fs_forecast_by by, fs_report_row **out,
                       int *n, fs_report_totals *totals, fs_err *e);
void fs_report_rows_free(fs_report_row *v, int n);

/* ---- won / lost ---------------------------------------------------------- */

enum fs_wonlost_by { FS_WONLOST_REASON, FS_WONLOST_PRODUCT, FS_WONLOST_USER, FS_WONLOST_TYPE, FS_WONLOST_SOURCE };

typedef struct fs_wonlost_row {
    int64_t id;                /* list item, product or user id; 0 = none */
    char key[FS_KEY_BYTES];    /* item key, product code, login; "" = none */
    char list[16];             /* by reason: "win_reason" or "loss_reason"; else "" */
    char *label;
    int64_t won_count, won_amount, lost_count, lost_amount;
} fs_wonlost_row;

/* Opportunities won (won date in [from, to]) and lost (loss date in
 * [from, to]), open ends when unset, grouped by: reason (win reasons then
 * loss reasons in list order, the row without a reason last), product
 * (through the lines: opportunities holding it, Σ of its lines' finals;
 * most won amount first), assigned user (by login), type or source (list
 * order, none last).  Other groupings use the opportunity's final amount. */
int fs_report_won_lost(fs_session *s, const fs_report_filter *f, enum fs_wonlost_by by, fs_wonlost_row **out,
                       int *n, fs_err *e);
void fs_wonlost_rows_free(fs_wonlost_row *v, int n);

typedef struct fs_wonlost_recent {
    int days;                  /* 1, 7, 30, 90 */
    int64_t won_count, won_amount, lost_count, lost_amount;
} fs_wonlost_recent;

/* Won and lost in the last 1, 7, 30 and 90 days (f's ids apply, its
 * period does not). */
int fs_report_won_lost_recent(fs_session *s, const fs_report_filter *f, fs_wonlost_recent out[FS_RECENT_WINDOWS],
                              fs_err *e);

/* ---- cycle time ---------------------------------------------------------- */

enum fs_cycle_by { FS_CYCLE_TYPE, FS_CYCLE_SOURCE, FS_CYCLE_USER };

typedef struct fs_cycle_row {
    int64_t id;                /* list item or user id; 0 = none */
    char key[FS_KEY_BYTES];
    char *label;
    int64_t count;             /* won opportunities */
    int64_t avg_x10, median_x10; /* days from creation to win, in tenths (12.5 days = 125) */
    int64_t min_days, max_days;
} fs_cycle_row;

/* Days from the local day of creation to the win date of the opportunities
 * won in [from, to], grouped (type and source in list order, users by
 * login, none last); *all gets the figures over every row. */
int fs_report_cycle(fs_session *s, const fs_report_filter *f, enum fs_cycle_by by, fs_cycle_row **out, int *n,
                    fs_cycle_row *all, fs_err *e);
void fs_cycle_rows_free(fs_cycle_row *v, int n);

/* ---- campaigns ----------------------------------------------------------- */

typedef struct fs_campaign_row {
    int64_t id;
    char *name;
    bool active;
    int64_t opportunities, won, sum_final;
    int64_t proformas, invoices;   /* approved ones linked to those opportunities */
    int64_t realized;              /* Σ final of those approved invoices */
} fs_campaign_row;

/* Every campaign (disabled ones too) by id, with f's ids applied to the
 * opportunities counted. */
int fs_report_campaigns(fs_session *s, const fs_report_filter *f, fs_campaign_row **out, int *n, fs_err *e);
void fs_campaign_rows_free(fs_campaign_row *v, int n);

/* ---- the opportunity report ------------------------------------------------ */

/* Export of the opportunity list (fs_opp_list's filters; after, limit
 * and totals are ignored): fn is called for every matching row in id
 * order, a page at a time; a non-zero return stops it and is returned.
 * *totals (may be NULL) gets the count and sums.  Needs FS_PERM_EXPORT. */
typedef int (*fs_report_opp_fn)(void *ctx, const fs_opp_row *row);
int fs_report_opp_export(fs_session *s, const fs_opp_filter *f, fs_report_opp_fn fn, void *ctx,
                         fs_report_totals *totals, fs_err *e);

/* ---- morning ------------------------------------------------------------- */

typedef struct fs_morning_view {
    fs_pipeline_card *overdue;   /* open, assigned to the user, close date < today; oldest first */
    int noverdue;
    int64_t overdue_count;       /* all of them (the list holds at most `limit`) */
    fs_followup *due;            /* the user's due list (fs_followup_list, days_ahead 0) */
    int ndue;
} fs_morning_view;

/* What a rep sees first: their overdue close dates and their due
 * follow-ups, each list at most limit long (0 = 100). */
int fs_morning(fs_session *s, int limit, fs_morning_view *out, fs_err *e);
void fs_morning_free(fs_morning_view *m);

#endif
