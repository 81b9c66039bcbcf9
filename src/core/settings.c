/* settings.c — the admin's settings (see settings.h). */
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "money.h"
#include "store.h"

static const struct known {
    const char *name, *key, *label;
    enum fs_setting_type type;
    int64_t def;
} known[FS_SETTING_COUNT] = {
    { "tax.proforma", "tax_bp.proforma", N_("Tax on proformas"), FS_SETTING_PERCENT, 1000 },
    { "tax.invoice", "tax_bp.invoice", N_("Tax on invoices"), FS_SETTING_PERCENT, 1000 },
    { "tax.return", "tax_bp.return", N_("Tax on returns"), FS_SETTING_PERCENT, 1000 },
    { "duties.proforma", "duties_bp.proforma", N_("Duties on proformas"), FS_SETTING_PERCENT, 0 },
    { "duties.invoice", "duties_bp.invoice", N_("Duties on invoices"), FS_SETTING_PERCENT, 0 },
    { "duties.return", "duties_bp.return", N_("Duties on returns"), FS_SETTING_PERCENT, 0 },
    { "proforma_valid_days", "proforma_valid_days", N_("Days a proforma stays valid"), FS_SETTING_DAYS, 30 },
};

#define DAYS_MIN 1
#define DAYS_MAX 3650

/* The index of a setting by either name, -1 when unknown. */
static int find(const char *name)
{
    for (int i = 0; name && i < FS_SETTING_COUNT; i++)
        if (!strcmp(name, known[i].name) || !strcmp(name, known[i].key))
            return i;
    return -1;
}

static int64_t max_of(enum fs_setting_type t)
{
    return t == FS_SETTING_PERCENT ? FS_BP_SCALE : DAYS_MAX;
}

static int64_t min_of(enum fs_setting_type t)
{
    return t == FS_SETTING_PERCENT ? 0 : DAYS_MIN;
}

void fs_setting_format(enum fs_setting_type type, int64_t value, enum fs_digits digits, char *out, size_t n)
{
    if (type == FS_SETTING_PERCENT) {
        fs_percent_format(value, digits, out, n);
        return;
    }
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)value);
    char *l = fs_text_local_digits(num, digits);
    snprintf(out, n, "%s", l ? l : num);
    free(l);
}

/* The stored value of key in *out (def when the row is missing). */
static int read_value(fs_session *s, const struct known *k, int64_t *out, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT value FROM setting WHERE key = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, k->key, -1, SQLITE_STATIC);
    int rc = FS_OK;
    *out = k->def;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        char *end = NULL;
        long long n = v ? strtoll(v, &end, 10) : 0;
        if (!v || end == v || *end || n < min_of(k->type) || n > max_of(k->type))
            rc = fs_err_set(e, FS_ERUNTIME, k->key,
                            _("the setting %s is \"%s\", not a whole number from %lld to %lld."), k->key, v ? v : "",
                            (long long)min_of(k->type), (long long)max_of(k->type));
        else
            *out = n;
    } else if (step != SQLITE_DONE) {
        rc = fs_db_fail(s->db, _("reading the settings"), e);
    }
    sqlite3_reset(st);
    return rc;
}

int fs_setting_list(fs_session *s, fs_setting out[FS_SETTING_COUNT], fs_err *e)
{
    for (int i = 0; i < FS_SETTING_COUNT; i++) {
        const struct known *k = &known[i];
        fs_setting *o = &out[i];
        o->name = k->name;
        o->key = k->key;
        o->label = _(k->label);
        o->type = k->type;
        if (read_value(s, k, &o->value, e) != FS_OK)
            return e->code;
        fs_setting_format(k->type, o->value, FS_DIGITS_LATIN, o->text, sizeof o->text);
    }
    return FS_OK;
}

int fs_setting_parse(const char *name, const char *value, int64_t *out, fs_err *e)
{
    int i = find(name);
    if (i < 0)
        return fs_err_set(e, FS_EINVAL, "setting",
                          _("setting: \"%s\" is not a setting; the settings are tax.proforma, tax.invoice, "
                            "tax.return, duties.proforma, duties.invoice, duties.return and proforma_valid_days."),
                          name ? name : "");
    const struct known *k = &known[i];
    if (k->type == FS_SETTING_PERCENT)
        return fs_percent_parse(value, k->name, out, e);
    return fs_int_parse(value, k->name, DAYS_MIN, DAYS_MAX, out, e);
}

struct set_ctx {
    fs_session *s;
    const struct known *k;
    int64_t value;
};

static int set_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct set_ctx *c = vctx;
    int64_t old = 0;
    if (read_value(c->s, c->k, &old, e) != FS_OK) {
        /* A broken stored value is replaced; its text goes to the history. */
        old = -1;
        fs_err_clear(e);
    }
    sqlite3_stmt *st = fs_db_stmt(db, "INSERT OR REPLACE INTO setting(key, value) VALUES (?1, ?2)", e);
    if (!st)
        return FS_ERUNTIME;
    char nv[24], ov[24];
    snprintf(nv, sizeof nv, "%lld", (long long)c->value);
    snprintf(ov, sizeof ov, "%lld", (long long)old);
    sqlite3_bind_text(st, 1, c->k->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, nv, -1, SQLITE_TRANSIENT);
    if (fs_db_step_done(db, st, _("changing the setting"), e) != FS_OK)
        return e->code;
    char now[21];
    fs_now_iso(now);
    return fs_history_record(c->s, "setting", 0, c->k->key, old < 0 ? NULL : ov, nv, now, e);
}

int fs_setting_set(fs_session *s, const char *name, const char *value, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    struct set_ctx c = { s, NULL, 0 };
    if (fs_setting_parse(name, value, &c.value, e) != FS_OK)
        return e->code;
    c.k = &known[find(name)];
    return fs_db_write(s->db, set_tx, &c, e);
}
