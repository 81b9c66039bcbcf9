/* ui_admin.h — the Admin screen (view_admin.c): system lists, campaigns,
 * warehouses (and who may issue from each), subtypes, the stage chains and
 * custom fields of each subtype, users (and their own permissions), roles
 * (and their permissions) and the settings (tax and duties per document
 * kind, proforma validity), each a tab shown only to users who may change
 * it. */
#ifndef FS_UI_ADMIN_H
#define FS_UI_ADMIN_H

#include <stdbool.h>

#include "ui.h"

/* True when the acting user may use at least one tab of the Admin screen
 * (admin.lists, admin.model or admin.users). */
bool ui_admin_allowed(const struct ui *ui);
/* Opens the Admin screen (the main menu's "Admin"). */
void ui_open_admin(struct ui *ui, void *arg);

#endif
