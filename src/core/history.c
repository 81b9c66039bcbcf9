/* history.c — change_log rows (see history.h). */
#include "history.h"

#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "text.h"

/* True when two optional texts hold the same value; NULL equals "". */
static int same_text(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int fs_history_record(fs_session *s, const char *kind, int64_t id, const char *field, const char *old_value,
                      const char *new_value, const char *now, fs_err *e)
{
    if (same_text(old_value, new_value))
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "INSERT INTO change_log(item_kind, item_id, field, old_value, new_value, user_id, at) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    /* An empty value is stored as NULL so "was empty" reads the same
     * whatever the field's type. */
    fs_bind_text(st, 4, old_value && *old_value ? old_value : NULL);
    fs_bind_text(st, 5, new_value && *new_value ? new_value : NULL);
    sqlite3_bind_int64(st, 6, s->user_id);
    sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
    return fs_db_step_done(s->db, st, _("recording the change history"), e);
}

int fs_history_record_int(fs_session *s, const char *kind, int64_t id, const char *field, int64_t old_value,
                          int64_t new_value, int zero_is_empty, const char *now, fs_err *e)
{
    char a[24], b[24];
    snprintf(a, sizeof a, "%" PRId64, old_value);
    snprintf(b, sizeof b, "%" PRId64, new_value);
    return fs_history_record(s, kind, id, field, zero_is_empty && old_value == 0 ? NULL : a,
                             zero_is_empty && new_value == 0 ? NULL : b, now, e);
}

const char *fs_history_kind(const char *text)
{
    static const struct {
        const char *word, *kind;
    } kinds[] = {
        { "opp", "opportunity" }, { "opportunity", "opportunity" }, { "contact", "identity" },
        { "identity", "identity" }, { "product", "product" },        { "doc", "document" },
        { "document", "document" }, { "campaign", "campaign" },
    };
    for (size_t i = 0; text && i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(text, kinds[i].word) == 0)
            return kinds[i].kind;
    return NULL;
}

/* FS_OK when item (kind, id) exists and the acting user may see it, else
 * FS_ECONFLICT "not found".  Opportunities follow the visibility rule of
 * opportunity.h; the other kinds are visible to every user. */
static int check_item(fs_session *s, const char *kind, int64_t id, fs_err *e)
{
    char idt[24];
    snprintf(idt, sizeof idt, "%" PRId64, id);
    if (strcmp(kind, "opportunity") == 0) {
        int64_t found;
        return fs_opp_find(s, idt, "opportunity", &found, e);
    }
    static const struct {
        const char *kind, *sql;
    } tables[] = {
        { "identity", "SELECT 1 FROM identity WHERE id = ?1" },
        { "product", "SELECT 1 FROM product WHERE id = ?1" },
        { "document", "SELECT 1 FROM document WHERE id = ?1" },
        { "campaign", "SELECT 1 FROM campaign WHERE id = ?1" },
    };
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        if (strcmp(kind, tables[i].kind) != 0)
            continue;
        sqlite3_stmt *st = fs_db_stmt(s->db, tables[i].sql, e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, id);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_ROW)
            return FS_OK;
        if (rc != SQLITE_DONE)
            return fs_db_fail(s->db, _("reading the history"), e);
        return fs_err_set(e, FS_ECONFLICT, kind, _("%s %s: not found."), kind, idt);
    }
    return fs_err_set(e, FS_EINVAL, "kind", _("kind: must be opp, contact, product, doc or campaign."));
}

/* ---- display text ---------------------------------------------------------- */

/* How a field's values are shown. */
enum value_kind {
    V_TEXT,      /* as stored */
    V_DATE,      /* ISO date */
    V_MONEY,     /* integer Rial */
    V_INT,       /* whole number */
    V_PERCENT,   /* whole percentage */
    V_BOOL,      /* "0"/"1" */
    V_STAGE,     /* stage key (of the opportunity's subtype) */
    V_SUBTYPE,   /* subtype key */
    V_LIST,      /* list item key of list `list` */
    V_LOGIN,     /* user login */
    V_ID,        /* id of `list` as fs_lookup_label names it ("group", "unit") */
    V_PKIND,     /* product kind: product/service */
    V_IKIND,     /* identity kind: person/org */
    V_CUSTOM,    /* opportunity custom field (field.KEY) */
    V_LINE,      /* product line summary (opportunity.c line_summary) */
};

struct field_spec {
    const char *kind;    /* item kind; NULL: any */
    const char *field;
    const char *label;   /* N_() */
    enum value_kind type;
    const char *list;
};

static const struct field_spec specs[] = {
    { "opportunity", "contact", N_("Contact"), V_TEXT, NULL },
    { "opportunity", "title", N_("Title"), V_TEXT, NULL },
    { "opportunity", "subtype", N_("Subtype"), V_SUBTYPE, NULL },
    { "opportunity", "stage", N_("Stage"), V_STAGE, NULL },
    { "opportunity", "stage_log", N_("Stage"), V_STAGE, NULL },
    { "opportunity", "type", N_("Type"), V_LIST, "type" },
    { "opportunity", "assigned", N_("Assigned to"), V_LOGIN, NULL },
    { "opportunity", "source", N_("Source"), V_LIST, "source" },
    { "opportunity", "campaign", N_("Campaign"), V_TEXT, NULL },
    { "opportunity", "close_date", N_("Close date"), V_DATE, NULL },
    { "opportunity", "win_reason", N_("Win reason"), V_LIST, "win_reason" },
    { "opportunity", "loss_reason", N_("Loss reason"), V_LIST, "loss_reason" },
    { "opportunity", "purchase_process", N_("Purchase process"), V_LIST, "purchase_process" },
    { "opportunity", "won_at", N_("Won on"), V_DATE, NULL },
    { "opportunity", "lost_at", N_("Lost on"), V_DATE, NULL },
    { "opportunity", "final_amount", N_("Final amount"), V_MONEY, NULL },
    { "opportunity", "amount_manual", N_("Amount typed by hand"), V_BOOL, NULL },
    { "opportunity", "probability", N_("Probability"), V_PERCENT, NULL },
    { "opportunity", "important", N_("Important"), V_BOOL, NULL },
    { "opportunity", "line", N_("Product line"), V_LINE, NULL },
    { "opportunity", "competitor", N_("Competitor"), V_TEXT, NULL },
    { "identity", "kind", N_("Kind"), V_IKIND, NULL },
    { "identity", "name", N_("Name"), V_TEXT, NULL },
    { "identity", "phone", N_("Phone"), V_TEXT, NULL },
    { "identity", "mobile", N_("Mobile"), V_TEXT, NULL },
    { "identity", "email", N_("Email"), V_TEXT, NULL },
    { "identity", "address", N_("Address"), V_TEXT, NULL },
    { "identity", "national_id", N_("National ID"), V_TEXT, NULL },
    { "identity", "economic_code", N_("Economic code"), V_TEXT, NULL },
    { "identity", "source", N_("Source"), V_LIST, "source" },
    { "identity", "owner", N_("Owner"), V_LOGIN, NULL },
    { "identity", "notes", N_("Notes"), V_TEXT, NULL },
    { "product", "code", N_("Code"), V_TEXT, NULL },
    { "product", "name", N_("Name"), V_TEXT, NULL },
    { "product", "group_id", N_("Group"), V_ID, "group" },
    { "product", "kind", N_("Kind"), V_PKIND, NULL },
    { "product", "unit_id", N_("Unit"), V_ID, "unit" },
    { "product", "unit_price", N_("Unit price"), V_MONEY, NULL },
    { "product", "sellable", N_("Sellable"), V_BOOL, NULL },
    { "product", "stock_tracked", N_("Kept in stock"), V_BOOL, NULL },
    { "product", "serial", N_("Serial numbers"), V_BOOL, NULL },
    { "product", "taxable", N_("Taxable"), V_BOOL, NULL },
    { "product", "name_editable", N_("Name editable"), V_BOOL, NULL },
    { "product", "active", N_("Active"), V_BOOL, NULL },
    { "campaign", "active", N_("Active"), V_BOOL, NULL },
    { "list_item", "label_fa", N_("Persian label"), V_TEXT, NULL },
    { "list_item", "label_en", N_("English label"), V_TEXT, NULL },
    { "list_item", "position", N_("Position"), V_INT, NULL },
    { "list_item", "active", N_("Active"), V_BOOL, NULL },
    { "list_item", "key", N_("Key"), V_TEXT, NULL },
    { NULL, "tag", N_("Tag"), V_TEXT, NULL },
};

/* The first text column of a one-row query, copied into out; false when
 * there is no row.  The query may use ?1 = a, ?2 = b, ?3 = id (binding a
 * parameter the query does not use is harmless). */
static bool query_text(fs_session *s, const char *sql, const char *a, const char *b, int64_t id, char *out, size_t n)
{
    fs_err e;
    fs_err_clear(&e);
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, &e);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, id);
    bool found = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0);
    if (found)
        fs_text_copy(out, n, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return found;
}

/* v in the session's digits. */
static void local_digits(const fs_session *s, const char *v, char *out, size_t n)
{
    char *l = fs_text_local_digits(v, s->digits);
    fs_text_copy(out, n, l ? l : v);
    free(l);
}

/* An amount as the session shows it: separators, in Toman when asked
 * (then with the unit word, since the stored value is Rial). */
static void money_text(const fs_session *s, int64_t v, char *out, size_t n)
{
    char num[64];
    fs_money_format(v, s->digits, s->toman, num, sizeof num);
    if (s->toman)
        snprintf(out, n, "%s %s", num, _("Toman"));
    else
        fs_text_copy(out, n, num);
}

/* True when v is a whole number (an optional '-' and digits). */
static bool is_int(const char *v)
{
    const char *p = v + (*v == '-');
    if (!*p)
        return false;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* The type and list of custom field `key` of opportunity item_id. */
static int custom_type(fs_session *s, int64_t item_id, const char *key, char *label, size_t n)
{
    const char *sql = s->lang_fa
                          ? "SELECT cf.label_fa, cf.type FROM custom_field cf LEFT JOIN opportunity o ON o.id = ?2 "
                            "WHERE cf.key = ?1 ORDER BY cf.subtype_id = o.subtype_id DESC, cf.id LIMIT 1"
                          : "SELECT cf.label_en, cf.type FROM custom_field cf LEFT JOIN opportunity o ON o.id = ?2 "
                            "WHERE cf.key = ?1 ORDER BY cf.subtype_id = o.subtype_id DESC, cf.id LIMIT 1";
    fs_err e;
    fs_err_clear(&e);
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, &e);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, item_id);
    int type = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        fs_text_copy(label, n, (const char *)sqlite3_column_text(st, 0));
        static const char *const types[] = { "text", "number", "amount", "date", "bool", "choice", "user" };
        static const enum value_kind kinds[] = { V_TEXT, V_INT, V_MONEY, V_DATE, V_BOOL, V_TEXT, V_LOGIN };
        const char *t = (const char *)sqlite3_column_text(st, 1);
        for (size_t i = 0; t && i < sizeof types / sizeof *types; i++)
            if (strcmp(t, types[i]) == 0)
                type = (int)kinds[i];
    }
    sqlite3_reset(st);
    return type;
}

/* A product line summary as stored, "2. CODE NAME × 4 @ 10000000 − 1200000
 * = 38800000 (note)", shown with separators and the session's digits,
 * numbers first and the name after them so the line reads the same in
 * either direction: "2. CODE × 4 @ 10,000,000 − 1,200,000 = 38,800,000
 * NAME (note)".  Anything else is left as stored. */
static void line_text(const fs_session *s, const char *v, char *out, size_t n)
{
    static regex_t re;
    static int ready; /* 0 not yet, 1 compiled, -1 failed */
    if (!ready)
        ready = regcomp(&re,
                        "^([0-9]+)\\. ([^ ]*) (.*) × ([0-9.]+) @ ([0-9]+) − ([0-9]+) = ([0-9]+)( \\((.*)\\))?$",
                        REG_EXTENDED) == 0
                    ? 1
                    : -1;
    regmatch_t m[10];
    if (ready != 1 || regexec(&re, v, 10, m, 0) != 0)
        return;
    char part[10][1400];
    for (int i = 1; i < 10; i++) {
        int len = m[i].rm_so < 0 ? 0 : (int)(m[i].rm_eo - m[i].rm_so);
        snprintf(part[i], sizeof part[i], "%.*s", len, m[i].rm_so < 0 ? "" : v + m[i].rm_so);
    }
    char row[32], qty[48], price[64], disc[64], fin[64];
    local_digits(s, part[1], row, sizeof row);
    local_digits(s, part[4], qty, sizeof qty);
    money_text(s, strtoll(part[5], NULL, 10), price, sizeof price);
    money_text(s, strtoll(part[6], NULL, 10), disc, sizeof disc);
    money_text(s, strtoll(part[7], NULL, 10), fin, sizeof fin);
    /* A summary longer than out is cut at a whole character, as every
     * value is. */
    char all[4800];
    if (snprintf(all, sizeof all, "%s. %s × %s @ %s − %s = %s%s%s%s%s%s", row, part[2], qty, price, disc, fin, *part[3] ? " " : "",
             part[3], m[8].rm_so >= 0 ? " (" : "", part[9], m[8].rm_so >= 0 ? ")" : "") < 0)
        return;
    fs_text_copy(out, n, all);
}

/* One value of a field of type `type` as shown. */
static void value_text(fs_session *s, enum value_kind type, const char *list, int64_t item_id, const char *v,
                       char *out, size_t n)
{
    out[0] = '\0';
    if (!v || !*v)
        return;
    bool fa = s->lang_fa;
    fs_text_copy(out, n, v); /* what is shown when nothing better is found */
    switch (type) {
    case V_DATE: {
        fs_day d;
        if (fs_day_from_iso(v, &d) == FS_OK)
            fs_date_format(d, s->calendar, s->digits, out, n);
        return;
    }
    case V_MONEY:
        if (is_int(v))
            money_text(s, strtoll(v, NULL, 10), out, n);
        return;
    case V_INT:
        local_digits(s, v, out, n);
        return;
    case V_PERCENT: {
        char p[48];
        snprintf(p, sizeof p, "%s%%", v);
        local_digits(s, p, out, n);
        return;
    }
    case V_BOOL:
        if (strcmp(v, "0") == 0 || strcmp(v, "1") == 0)
            fs_text_copy(out, n, strcmp(v, "1") == 0 ? _("yes") : _("no"));
        return;
    case V_STAGE:
        /* A stage key is unique within a subtype: the opportunity's own
         * subtype first, then any stage with that key. */
        query_text(s,
                   fa ? "SELECT st.title_fa FROM stage st LEFT JOIN opportunity o ON o.id = ?3 WHERE st.key = ?1 "
                        "ORDER BY st.subtype_id = o.subtype_id DESC, st.deleted, st.id LIMIT 1"
                      : "SELECT st.title_en FROM stage st LEFT JOIN opportunity o ON o.id = ?3 WHERE st.key = ?1 "
                        "ORDER BY st.subtype_id = o.subtype_id DESC, st.deleted, st.id LIMIT 1",
                   v, NULL, item_id, out, n);
        return;
    case V_SUBTYPE:
        query_text(s,
                   fa ? "SELECT title_fa FROM subtype WHERE key = ?1"
                      : "SELECT title_en FROM subtype WHERE key = ?1",
                   v, NULL, 0, out, n);
        return;
    case V_LIST:
        query_text(s,
                   fa ? "SELECT label_fa FROM list_item WHERE key = ?1 AND list = ?2"
                      : "SELECT label_en FROM list_item WHERE key = ?1 AND list = ?2",
                   v, list, 0, out, n);
        return;
    case V_LOGIN:
        /* A login, or a user id (custom user fields). */
        if (is_int(v)) {
            fs_err e;
            fs_lookup_label(s, "assigned", strtoll(v, NULL, 10), out, n, &e);
        } else {
            query_text(s, "SELECT name FROM user WHERE login = ?1", v, NULL, 0,
                       out, n);
        }
        return;
    case V_ID:
        if (is_int(v)) {
            fs_err e;
            if (fs_lookup_label(s, list, strtoll(v, NULL, 10), out, n, &e) != FS_OK)
                fs_text_copy(out, n, v);
        }
        return;
    case V_PKIND:
        if (strcmp(v, "service") == 0 || strcmp(v, "product") == 0)
            fs_text_copy(out, n, strcmp(v, "service") == 0 ? _("service") : _("product"));
        return;
    case V_IKIND:
        if (strcmp(v, "person") == 0 || strcmp(v, "org") == 0)
            fs_text_copy(out, n, strcmp(v, "person") == 0 ? _("person") : _("organization"));
        return;
    case V_LINE:
        line_text(s, v, out, n);
        return;
    case V_TEXT:
    case V_CUSTOM:
    default:
        return;
    }
}

void fs_history_describe(fs_session *s, const char *kind, int64_t item_id, const char *field, const char *old_value,
                         const char *new_value, fs_change_text *out)
{
    enum value_kind type = V_TEXT;
    const char *list = NULL;
    fs_text_copy(out->label, sizeof out->label, field ? field : "");
    bool known = false;
    for (size_t i = 0; field && i < sizeof specs / sizeof *specs && !known; i++)
        if ((!specs[i].kind || (kind && strcmp(specs[i].kind, kind) == 0)) && strcmp(specs[i].field, field) == 0) {
            fs_text_copy(out->label, sizeof out->label, _(specs[i].label));
            type = specs[i].type;
            list = specs[i].list;
            known = true;
        }
    if (!known && field && kind && strcmp(kind, "opportunity") == 0 && strncmp(field, "field.", 6) == 0) {
        int t = custom_type(s, item_id, field + 6, out->label, sizeof out->label);
        if (t >= 0)
            type = (enum value_kind)t;
    }
    value_text(s, type, list, item_id, old_value, out->old_text, sizeof out->old_text);
    value_text(s, type, list, item_id, new_value, out->new_text, sizeof out->new_text);
}

void fs_history_when(const fs_session *s, const char *at, char *out, size_t n)
{
    struct tm tm, local;
    memset(&tm, 0, sizeof tm);
    const char *end = at ? strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
    if (!end || *end) {
        fs_text_copy(out, n, at ? at : "");
        return;
    }
    time_t t = timegm(&tm);
    localtime_r(&t, &local);
    fs_day d;
    char iso[16], day[48], clock[16], both[80];
    strftime(iso, sizeof iso, "%Y-%m-%d", &local);
    strftime(clock, sizeof clock, "%H:%M", &local);
    if (fs_day_from_iso(iso, &d) != FS_OK) {
        fs_text_copy(out, n, at);
        return;
    }
    fs_date_format(d, s->calendar, s->digits, day, sizeof day);
    char *c = fs_text_local_digits(clock, s->digits);
    snprintf(both, sizeof both, "%s %s", day, c ? c : clock);
    free(c);
    fs_text_copy(out, n, both);
}

int fs_history_list(fs_session *s, const char *kind, int64_t id, fs_change_cb cb, void *ctx, fs_err *e)
{
    int rc = check_item(s, kind, id, e);
    if (rc != FS_OK)
        return rc;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT c.id, c.field, c.old_value, c.new_value, u.login, c.at, u.name FROM change_log c "
                                  "JOIN user u ON u.id = c.user_id WHERE c.item_kind = ?1 AND c.item_id = ?2 "
                                  "ORDER BY c.id DESC",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    fs_change_text *t = malloc(sizeof *t);
    if (!t) {
        sqlite3_reset(st);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char when[96];
        fs_change c = {
            .id = sqlite3_column_int64(st, 0),
            .field = (const char *)sqlite3_column_text(st, 1),
            .old_value = (const char *)sqlite3_column_text(st, 2),
            .new_value = (const char *)sqlite3_column_text(st, 3),
            .login = (const char *)sqlite3_column_text(st, 4),
            .at = (const char *)sqlite3_column_text(st, 5),
            .user_name = (const char *)sqlite3_column_text(st, 6),
        };
        fs_history_describe(s, kind, id, c.field, c.old_value, c.new_value, t);
        fs_history_when(s, c.at, when, sizeof when);
        c.label = t->label;
        c.old_text = t->old_text;
        c.new_text = t->new_text;
        c.when = when;
        if (cb(ctx, &c))
            break;
    }
    free(t);
    int status = rc == SQLITE_ROW || rc == SQLITE_DONE ? FS_OK : fs_db_fail(s->db, _("reading the history"), e);
    sqlite3_reset(st);
    return status;
}

/* ---- as an array ------------------------------------------------------------ */

struct rows_ctx {
    fs_change_row *v;
    int n, cap;
    bool oom;
};

static char *dup_or_null(const char *v)
{
    return v ? strdup(v) : NULL;
}

static int keep_row(void *vctx, const fs_change *c)
{
    struct rows_ctx *x = vctx;
    if (x->n == x->cap) {
        int cap = x->cap ? x->cap * 2 : 16;
        fs_change_row *v = realloc(x->v, (size_t)cap * sizeof *v);
        if (!v) {
            x->oom = true;
            return 1;
        }
        x->v = v;
        x->cap = cap;
    }
    fs_change_row *r = &x->v[x->n++];
    r->id = c->id;
    r->field = strdup(c->field ? c->field : "");
    r->old_value = dup_or_null(c->old_value);
    r->new_value = dup_or_null(c->new_value);
    r->login = strdup(c->login ? c->login : "");
    r->at = strdup(c->at ? c->at : "");
    r->label = strdup(c->label);
    r->old_text = strdup(c->old_text);
    r->new_text = strdup(c->new_text);
    r->user_name = strdup(c->user_name ? c->user_name : "");
    r->when = strdup(c->when);
    x->oom = !r->field || (c->old_value && !r->old_value) || (c->new_value && !r->new_value) || !r->login ||
             !r->at || !r->label || !r->old_text || !r->new_text || !r->user_name || !r->when;
    return x->oom;
}

int fs_history_rows(fs_session *s, const char *kind, int64_t id, fs_change_row **out, int *n, fs_err *e)
{
    struct rows_ctx x = { 0 };
    *out = NULL;
    *n = 0;
    int rc = fs_history_list(s, kind, id, keep_row, &x, e);
    if (rc == FS_OK && x.oom)
        rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    if (rc != FS_OK) {
        fs_history_rows_free(x.v, x.n);
        return rc;
    }
    *out = x.v;
    *n = x.n;
    return FS_OK;
}

void fs_history_rows_free(fs_change_row *v, int n)
{
    for (int i = 0; v && i < n; i++) {
        free(v[i].field);
        free(v[i].old_value);
        free(v[i].new_value);
        free(v[i].login);
        free(v[i].at);
        free(v[i].label);
        free(v[i].old_text);
        free(v[i].new_text);
        free(v[i].user_name);
        free(v[i].when);
    }
    free(v);
}
