/* settings.h — the settings an admin changes (SPEC §7.1): the tax and
 * duties percentages of each document kind and how many days a proforma
 * stays valid.  They live in the `setting` table (key → text value); the
 * documents read them when one is created and keep their own copy, so a
 * change applies to new documents only.
 *
 * Names: a setting is named by its key in the table (tax_bp.proforma) or
 * by the shorter name shown to users (tax.proforma); see fs_setting_list.
 */
#ifndef FS_SETTINGS_H
#define FS_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

enum fs_setting_type {
    FS_SETTING_PERCENT, /* a percentage 0–100 with up to 2 decimals, stored in basis points */
    FS_SETTING_DAYS,    /* a whole number of days 1–3650 */
};

/* The settings fs_setting_list knows, in the order it lists them. */
#define FS_SETTING_COUNT 7

typedef struct fs_setting {
    const char *name;          /* shown to users: "tax.proforma" */
    const char *key;           /* in the setting table: "tax_bp.proforma" */
    const char *label;         /* translated: "Tax on proformas" */
    enum fs_setting_type type;
    int64_t value;             /* basis points or days */
    char text[32];             /* the value as typed, Latin digits: "9.5", "30" */
} fs_setting;

/* Every known setting with its current value (the default when the row is
 * missing); out holds FS_SETTING_COUNT entries.  Reading needs no
 * permission.  A stored value out of range is FS_ERUNTIME naming the key. */
int fs_setting_list(fs_session *s, fs_setting out[FS_SETTING_COUNT], fs_err *e);

/* Parses value for setting name (either name form) into *out: a
 * percentage ("9", "12.5", "۹٪") or a number of days, in any digit
 * script.  FS_EINVAL naming the setting when the name is unknown or the
 * value out of range. */
int fs_setting_parse(const char *name, const char *value, int64_t *out, fs_err *e);

/* Sets one setting; needs admin.model.  The change is recorded in the
 * change history (item kind 'setting', item id 0, the key as the field,
 * the stored values).  Nothing changes on a refusal. */
int fs_setting_set(fs_session *s, const char *name, const char *value, fs_err *e);

/* The value as shown: "9.5" (a percentage) or "30", in digits. */
void fs_setting_format(enum fs_setting_type type, int64_t value, enum fs_digits digits, char *out, size_t n);

#endif
