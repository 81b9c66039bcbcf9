/* ui_reports.h — the report screens (SPEC §10) and the follow-ups due
 * list (SPEC §8), opened from the main menu. */
#ifndef FS_UI_REPORTS_H
#define FS_UI_REPORTS_H

#include "ui.h"

/* The Reports menu: the pipeline and the table-and-chart reports
 * (forecast, won/lost, cycle time, campaigns; view_report.c). */
void ui_open_reports(struct ui *ui, void *arg);
/* The pipeline board of the default subtype (view_pipeline.c). */
void ui_open_pipeline(struct ui *ui, void *arg);
/* The acting user's due follow-ups: Enter opens the linked item, a key
 * marks one done (view_followup.c). */
void ui_open_followups(struct ui *ui, void *arg);
/* Opens the screen of an item as records name it ("opportunity",
 * "identity", "document", "product"). */
void ui_open_item(struct ui *ui, const char *item_kind, int64_t item_id);

#endif
