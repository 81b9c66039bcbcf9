/* saved_filter.c — named filters of the opportunity list (see
 * saved_filter.h for the rules and the stored format). */
#include "saved_filter.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "strbuf.h"
#include "text.h"

#define HEADER "forsat-filter"

/* The id fields: key in args (also the kind fs_lookup_label knows), the
 * label for messages and where the id lives in fs_opp_filter. */
static const struct {
    const char *key, *label;
    size_t off;
} id_fields[] = {
    { "subtype", N_("subtype"), offsetof(fs_opp_filter, subtype_id) },
    { "stage", N_("stage"), offsetof(fs_opp_filter, stage_id) },
    { "type", N_("type"), offsetof(fs_opp_filter, type_id) },
    { "source", N_("source"), offsetof(fs_opp_filter, source_id) },
    { "campaign", N_("campaign"), offsetof(fs_opp_filter, campaign_id) },
    { "assigned", N_("assigned to"), offsetof(fs_opp_filter, assigned_id) },
    { "contact", N_("contact"), offsetof(fs_opp_filter, identity_id) },
    { "product", N_("product"), offsetof(fs_opp_filter, product_id) },
    { "group", N_("product group"), offsetof(fs_opp_filter, group_id) },
    { "win_reason", N_("win reason"), offsetof(fs_opp_filter, win_reason_id) },
    { "loss_reason", N_("loss reason"), offsetof(fs_opp_filter, loss_reason_id) },
};
#define N_ID_FIELDS (sizeof id_fields / sizeof *id_fields)

/* The date fields: key, label, the pointer in fs_opp_filter and the
 * buffer in fs_saved_filter. */
static const struct {
    const char *key, *label;
    size_t off, buf;
} date_fields[] = {
    { "close_from", N_("close date from"), offsetof(fs_opp_filter, close_from), offsetof(fs_saved_filter, close_from) },
    { "close_to", N_("close date to"), offsetof(fs_opp_filter, close_to), offsetof(fs_saved_filter, close_to) },
    { "won_from", N_("won from"), offsetof(fs_opp_filter, won_from), offsetof(fs_saved_filter, won_from) },
    { "won_to", N_("won to"), offsetof(fs_opp_filter, won_to), offsetof(fs_saved_filter, won_to) },
    { "lost_from", N_("lost from"), offsetof(fs_opp_filter, lost_from), offsetof(fs_saved_filter, lost_from) },
    { "lost_to", N_("lost to"), offsetof(fs_opp_filter, lost_to), offsetof(fs_saved_filter, lost_to) },
};
#define N_DATE_FIELDS (sizeof date_fields / sizeof *date_fields)

static int64_t *id_slot(fs_opp_filter *f, size_t i)
{
    return (int64_t *)((char *)f + id_fields[i].off);
}

static int64_t id_value(const fs_opp_filter *f, size_t i)
{
    return *(const int64_t *)((const char *)f + id_fields[i].off);
}

static const char *date_value(const fs_opp_filter *f, size_t i)
{
    return *(const char *const *)((const char *)f + date_fields[i].off);
}

static char *date_buf(fs_saved_filter *sf, size_t i)
{
    return (char *)sf + date_fields[i].buf;
}

void fs_saved_filter_point(fs_saved_filter *sf)
{
    sf->f.text = sf->text[0] ? sf->text : NULL;
    for (size_t i = 0; i < N_DATE_FIELDS; i++) {
        char *b = date_buf(sf, i);
        *(const char **)((char *)&sf->f + date_fields[i].off) = b[0] ? b : NULL;
    }
}

/* ---- encoding ------------------------------------------------------------ */

static void putf_int(struct fs_strbuf *b, const char *key, int64_t v)
{
    char line[96];
    int n = snprintf(line, sizeof line, "%s=%lld\n", key, (long long)v);
    fs_strbuf_put(b, line, (size_t)n);
}

static void put_line(struct fs_strbuf *b, const char *key, const char *value)
{
    fs_strbuf_put(b, key, strlen(key));
    fs_strbuf_put(b, "=", 1);
    fs_strbuf_put(b, value, strlen(value));
    fs_strbuf_put(b, "\n", 1);
}

/* FS_OK when text may be stored as a filter's search text. */
static int check_text(const char *text, fs_err *e)
{
    if (!fs_text_valid_utf8(text, strlen(text)))
        return fs_err_set(e, FS_EINVAL, "text", _("text: must be valid UTF-8 text."));
    if (fs_text_length(text) > FS_SAVED_FILTER_TEXT_MAX)
        return fs_err_set(e, FS_EINVAL, "text", _("text: a saved filter's text holds at most %d characters."),
                          FS_SAVED_FILTER_TEXT_MAX);
    return FS_OK;
}

/* FS_OK when iso is a real date written YYYY-MM-DD. */
static int check_date(size_t i, const char *iso, fs_err *e)
{
    fs_day d;
    if (strlen(iso) != 10 || fs_day_from_iso(iso, &d) != FS_OK)
        return fs_err_set(e, FS_EINVAL, date_fields[i].key, _("%s: \"%s\" is not a date written YYYY-MM-DD."),
                          _(date_fields[i].label), iso);
    return FS_OK;
}

int fs_saved_filter_encode(const fs_opp_filter *f, char **args, fs_err *e)
{
    *args = NULL;
    struct fs_strbuf b = { NULL, 0, 0, false };
    fs_strbuf_put(&b, HEADER " 1\n", strlen(HEADER " 1\n"));
    for (size_t i = 0; i < N_ID_FIELDS; i++) {
        int64_t v = id_value(f, i);
        if (v < 0) {
            free(b.p);
            return fs_err_set(e, FS_EINVAL, id_fields[i].key, _("%s: not an id."), _(id_fields[i].label));
        }
        if (v)
            putf_int(&b, id_fields[i].key, v);
    }
    if (f->stage_kind >= 0) {
        if (f->stage_kind > FS_STAGE_LOST) {
            free(b.p);
            return fs_err_set(e, FS_EINVAL, "status", _("status: must be open, won or lost."));
        }
        put_line(&b, "status", fs_stage_kind_name((enum fs_stage_kind)f->stage_kind));
    }
    for (size_t i = 0; i < N_DATE_FIELDS; i++) {
        const char *d = date_value(f, i);
        if (!d || !*d)
            continue;
        if (check_date(i, d, e) != FS_OK) {
            free(b.p);
            return FS_EINVAL;
        }
        put_line(&b, date_fields[i].key, d);
    }
    if (f->overdue)
        put_line(&b, "overdue", "1");
    if (f->has_realized_min)
        putf_int(&b, "realized_min", f->realized_min);
    if (f->has_realized_max)
        putf_int(&b, "realized_max", f->realized_max);
    if (f->text && *f->text) {
        if (check_text(f->text, e) != FS_OK) {
            free(b.p);
            return FS_EINVAL;
        }
        fs_strbuf_put(&b, "text=", 5);
        for (const char *p = f->text; *p; p++) {
            const char *esc = *p == '\\' ? "\\\\" : *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : *p == '\t' ? "\\t" : NULL;
            fs_strbuf_put(&b, esc ? esc : p, esc ? 2 : 1);
        }
        fs_strbuf_put(&b, "\n", 1);
    }
    if (f->invert)
        put_line(&b, "invert", "1");
    if (b.failed) {
        free(b.p);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    *args = b.p;
    return FS_OK;
}

/* ---- decoding ------------------------------------------------------------ */

/* Checks that every id of f names an item; the refusal names the field. */
static int check_refs(fs_session *s, const fs_opp_filter *f, fs_err *e)
{
    for (size_t i = 0; i < N_ID_FIELDS; i++) {
        int64_t v = id_value(f, i);
        char label[8];
        if (v && fs_lookup_label(s, id_fields[i].key, v, label, sizeof label, e) != FS_OK)
            return e ? e->code : FS_ECONFLICT;
    }
    return FS_OK;
}

/* A whole number written in ASCII decimal, optionally negative (when
 * allowed), with no sign, space or anything else around it. */
static bool parse_int(const char *t, bool negative_ok, int64_t *out)
{
    bool neg = negative_ok && *t == '-';
    if (neg)
        t++;
    size_t n = strlen(t);
    if (n == 0 || n > 18 || strspn(t, "0123456789") != n)
        return false;
    int64_t v = 0;
    for (; *t; t++)
        v = v * 10 + (*t - '0');
    *out = neg ? -v : v;
    return true;
}

/* Undoes the text escapes in place; false for a bad escape. */
static bool unescape(char *s)
{
    char *o = s;
    for (const char *p = s; *p; p++) {
        if (*p != '\\') {
            *o++ = *p;
            continue;
        }
        p++;
        if (*p == '\\')
            *o++ = '\\';
        else if (*p == 'n')
            *o++ = '\n';
        else if (*p == 'r')
            *o++ = '\r';
        else if (*p == 't')
            *o++ = '\t';
        else
            return false;
    }
    *o = '\0';
    return true;
}

/* A refusal of a stored value: names the key, the filter and the value. */
static int bad_value(fs_err *e, const char *name, const char *key, const char *label, const char *value)
{
    char *clean = fs_text_sanitize(value, (size_t)-1);
    char shown[64];
    fs_text_copy(shown, sizeof shown, clean ? clean : "");
    free(clean);
    return fs_err_set(e, FS_EINVAL, key, _("saved filter \"%s\": the %s \"%s\" stored in it is not valid; "
                                           "set that field again and save the filter."),
                      name, label, shown);
}

/* Reads one key=value line into out; unknown keys are left alone. */
static int read_line(fs_saved_filter *out, const char *name, const char *key, char *value, fs_err *e)
{
    fs_opp_filter *f = &out->f;
    int64_t v;
    for (size_t i = 0; i < N_ID_FIELDS; i++)
        if (!strcmp(key, id_fields[i].key)) {
            if (!parse_int(value, false, &v) || v <= 0)
                return bad_value(e, name, key, _(id_fields[i].label), value);
            *id_slot(f, i) = v;
            return FS_OK;
        }
    for (size_t i = 0; i < N_DATE_FIELDS; i++)
        if (!strcmp(key, date_fields[i].key)) {
            if (check_date(i, value, NULL) != FS_OK)
                return bad_value(e, name, key, _(date_fields[i].label), value);
            memcpy(date_buf(out, i), value, 11);
            return FS_OK;
        }
    if (!strcmp(key, "status")) {
        enum fs_stage_kind k;
        if (fs_stage_kind_parse(value, "status", &k, NULL) != FS_OK ||
            strcmp(value, fs_stage_kind_name(k)) != 0)
            return bad_value(e, name, key, _("status"), value);
        f->stage_kind = (int)k;
    } else if (!strcmp(key, "overdue") || !strcmp(key, "invert")) {
        bool *b = !strcmp(key, "overdue") ? &f->overdue : &f->invert;
        if (strcmp(value, "1") != 0 && strcmp(value, "0") != 0)
            return bad_value(e, name, key, !strcmp(key, "overdue") ? _("overdue") : _("inverse"), value);
        *b = value[0] == '1';
    } else if (!strcmp(key, "realized_min") || !strcmp(key, "realized_max")) {
        bool min = !strcmp(key, "realized_min");
        if (!parse_int(value, true, &v))
            return bad_value(e, name, key, min ? _("realized from") : _("realized to"), value);
        *(min ? &f->has_realized_min : &f->has_realized_max) = true;
        *(min ? &f->realized_min : &f->realized_max) = v;
    } else if (!strcmp(key, "text")) {
        char *raw = strdup(value);
        if (!raw)
            return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        bool ok = unescape(value) && check_text(value, NULL) == FS_OK;
        if (ok)
            fs_text_copy(out->text, sizeof out->text, value);
        int rc = ok ? FS_OK : bad_value(e, name, key, _("text"), raw);
        free(raw);
        return rc;
    }
    return FS_OK;
}

/* The header line: "forsat-filter N", N ≥ 1. */
static bool header_ok(const char *line)
{
    size_t n = strlen(HEADER);
    int64_t version;
    return strncmp(line, HEADER " ", n + 1) == 0 && parse_int(line + n + 1, false, &version) && version >= 1;
}

static int decode(fs_session *s, const char *name, const char *args, fs_saved_filter *out, fs_err *e)
{
    if (!args || strlen(args) > FS_SAVED_FILTER_ARGS_MAX || !fs_text_valid_utf8(args, strlen(args)))
        return fs_err_set(e, FS_EINVAL, "args", _("saved filter \"%s\" is damaged; delete it and save it again."),
                          name);
    char *copy = strdup(args);
    if (!copy)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int rc = FS_OK;
    char *save = NULL;
    bool first = true;
    /* strtok_r skips empty lines, which carry nothing. */
    for (char *line = strtok_r(copy, "\n", &save); line && rc == FS_OK; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (first) {
            first = false;
            if (!header_ok(line))
                rc = fs_err_set(e, FS_EINVAL, "args",
                                _("saved filter \"%s\" is damaged; delete it and save it again."), name);
            continue;
        }
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        rc = read_line(out, name, line, eq + 1, e);
    }
    if (first && rc == FS_OK)
        rc = fs_err_set(e, FS_EINVAL, "args", _("saved filter \"%s\" is damaged; delete it and save it again."),
                        name);
    free(copy);
    fs_saved_filter_point(out);
    if (rc == FS_OK && check_refs(s, &out->f, e) != FS_OK) {
        /* Which field, and what to do about it, in one sentence. */
        const char *label = e->field;
        for (size_t i = 0; i < N_ID_FIELDS; i++)
            if (!strcmp(e->field, id_fields[i].key))
                label = _(id_fields[i].label);
        rc = e->code;
        if (rc == FS_ECONFLICT) {
            char field[sizeof e->field];
            fs_text_copy(field, sizeof field, e->field);
            fs_err_set(e, FS_ECONFLICT, field,
                       _("saved filter \"%s\": the %s it filters on no longer exists; choose another %s and save "
                         "the filter again."),
                       name, label, label);
        }
    }
    return rc;
}

int fs_saved_filter_decode(fs_session *s, const char *name, const char *args, fs_saved_filter *out, fs_err *e)
{
    int64_t id = out->id;
    char keep[sizeof out->name];
    fs_text_copy(keep, sizeof keep, name ? name : "");
    memset(out, 0, sizeof *out);
    out->id = id;
    fs_text_copy(out->name, sizeof out->name, keep);
    fs_opp_filter_init(&out->f);
    int rc = decode(s, out->name, args, out, e);
    if (rc != FS_OK) {
        memset(out->text, 0, sizeof out->text);
        for (size_t i = 0; i < N_DATE_FIELDS; i++)
            date_buf(out, i)[0] = '\0';
        fs_opp_filter_init(&out->f);
    }
    return rc;
}

/* ---- names ------------------------------------------------------------- */

/* The stored form of a typed name (trimmed, NFC) in *out (malloc'd), or a
 * refusal naming "name". */
static int clean_name(const char *text, char **out, fs_err *e)
{
    *out = NULL;
    char *n = fs_text_normalize(text ? text : "");
    if (!n)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int rc = FS_OK;
    size_t len = fs_text_length(n);
    bool control = false;
    for (const unsigned char *p = (const unsigned char *)n; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            control = true;
    if (len == 0)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: a saved filter needs a name."));
    else if (len > FS_SAVED_FILTER_NAME_MAX)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: at most %d characters."), FS_SAVED_FILTER_NAME_MAX);
    else if (control)
        rc = fs_err_set(e, FS_EINVAL, "name", _("name: may not hold control characters (a new line, a tab …)."));
    if (rc != FS_OK) {
        free(n);
        return rc;
    }
    *out = n;
    return FS_OK;
}

/* The id of the acting user's filter whose name equals key by search key,
 * other than `except` (0 when none); -1 on a database error. */
static int64_t same_name(fs_session *s, const char *key, int64_t except, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, name FROM saved_filter WHERE user_id = ?1 ORDER BY id", e);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, s->user_id);
    int64_t found = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        char *k = fs_text_search_key((const char *)sqlite3_column_text(st, 1));
        if (k && id != except && !strcmp(k, key))
            found = id;
        free(k);
        if (found)
            break;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        fs_db_fail(s->db, _("reading the saved filters"), e);
        return -1;
    }
    return found;
}

static int taken(const char *name, fs_err *e)
{
    return fs_err_set(e, FS_ECONFLICT, "name",
                      _("name: you already have a saved filter named \"%s\"; choose another name or replace it."),
                      name);
}

/* ---- save ---------------------------------------------------------------- */

struct save_ctx {
    fs_session *s;
    const char *name, *key, *args;
    bool replace;
    int64_t id;
};

static int save_tx(fs_db *db, void *v, fs_err *e)
{
    struct save_ctx *c = v;
    int64_t old = same_name(c->s, c->key, 0, e);
    if (old < 0)
        return FS_ERUNTIME;
    if (old && !c->replace)
        return taken(c->name, e);
    sqlite3_stmt *st;
    if (old) {
        st = fs_db_stmt(db, "UPDATE saved_filter SET name = ?2, args = ?3 WHERE id = ?1", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, old);
    } else {
        st = fs_db_stmt(db, "INSERT INTO saved_filter(user_id, name, args) VALUES (?1, ?2, ?3)", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, c->s->user_id);
    }
    sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->args, -1, SQLITE_STATIC);
    if (fs_db_step_done(db, st, _("saving the filter"), e) != FS_OK)
        return e->code;
    c->id = old ? old : sqlite3_last_insert_rowid(fs_db_sqlite(db));
    return FS_OK;
}

int fs_saved_filter_save(fs_session *s, const char *name, const fs_opp_filter *f, bool replace, int64_t *id,
                         fs_err *e)
{
    char *clean = NULL, *args = NULL, *key = NULL;
    int rc = clean_name(name, &clean, e);
    if (rc == FS_OK)
        rc = fs_saved_filter_encode(f, &args, e);
    if (rc == FS_OK)
        rc = check_refs(s, f, e);
    if (rc == FS_OK && !(key = fs_text_search_key(clean)))
        rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    struct save_ctx c = { s, clean, key, args, replace, 0 };
    if (rc == FS_OK)
        rc = fs_db_write(s->db, save_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    free(clean);
    free(args);
    free(key);
    return rc;
}

/* ---- list, find, load ---------------------------------------------------- */

int fs_saved_filter_list(fs_session *s, fs_saved_filter_fn cb, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, name, args FROM saved_filter WHERE user_id = ?1 "
                                         "ORDER BY name, id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, s->user_id);
    int rc, status = FS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_saved_filter_row r = {
            .id = sqlite3_column_int64(st, 0),
            .name = (const char *)sqlite3_column_text(st, 1),
            .args = (const char *)sqlite3_column_text(st, 2),
        };
        if ((status = cb(ctx, &r)) != 0)
            break;
    }
    if (status == FS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("reading the saved filters"), e);
    sqlite3_reset(st);
    return status;
}

struct match {
    const char *exact, *key;
    int64_t want_id;           /* digits typed, else 0 */
    int64_t exact_id, id_id, key_id, prefix_id;
    int keys, prefixes;
    char cands[512];
    size_t used;
};

static int match_row(void *v, const fs_saved_filter_row *r)
{
    struct match *m = v;
    if (!strcmp(r->name, m->exact))
        m->exact_id = r->id;
    if (m->want_id && r->id == m->want_id)
        m->id_id = r->id;
    char *k = fs_text_search_key(r->name);
    if (!k)
        return 0;
    size_t n = strlen(m->key);
    if (!strcmp(k, m->key)) {
        m->keys++;
        m->key_id = r->id;
    } else if (*m->key && !strncmp(k, m->key, n)) {
        m->prefixes++;
        m->prefix_id = r->id;
        if (m->prefixes <= 5 && m->used < sizeof m->cands)
            m->used += (size_t)snprintf(m->cands + m->used, sizeof m->cands - m->used, "%s\"%s\"",
                                        m->prefixes > 1 ? ", " : "", r->name);
        if (m->used >= sizeof m->cands)
            m->used = sizeof m->cands - 1;
    }
    free(k);
    return 0;
}

int fs_saved_filter_find(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    *id = 0;
    char *name = fs_text_normalize(text ? text : "");
    char *key = name ? fs_text_search_key(name) : NULL;
    if (!name || !key) {
        free(name);
        free(key);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    int rc = FS_OK;
    struct match m = { name, key, 0, 0, 0, 0, 0, 0, 0, "", 0 };
    if (!*name) {
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: name a saved filter."), field);
    } else {
        char *latin = fs_text_latin_digits(name);
        int64_t want;
        if (latin && parse_int(latin, false, &want))
            m.want_id = want;
        free(latin);
        rc = fs_saved_filter_list(s, match_row, &m, e);
    }
    if (rc == FS_OK) {
        *id = m.exact_id ? m.exact_id : m.id_id ? m.id_id : m.keys == 1 ? m.key_id
              : !m.keys && m.prefixes == 1 ? m.prefix_id : 0;
        char *clean = fs_text_sanitize(name, (size_t)-1);
        if (!*id && !m.keys && m.prefixes > 1)
            rc = fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is ambiguous; it matches %s%s."), field,
                            clean ? clean : "", m.cands, m.prefixes > 5 ? ", …" : "");
        else if (!*id)
            rc = fs_err_set(e, FS_EINVAL, field, _("%s: you have no saved filter named \"%s\"."), field,
                            clean ? clean : "");
        free(clean);
    }
    free(name);
    free(key);
    return rc;
}

int fs_saved_filter_load(fs_session *s, int64_t id, fs_saved_filter *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    fs_opp_filter_init(&out->f);
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT name, args FROM saved_filter WHERE id = ?1 AND user_id = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, s->user_id);
    int rc = sqlite3_step(st);
    char *name = NULL, *args = NULL;
    int status = FS_OK;
    if (rc == SQLITE_ROW) {
        name = fs_col_strdup(st, 0);
        args = fs_col_strdup(st, 1);
        if (!name || !args)
            status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    } else if (rc == SQLITE_DONE) {
        status = fs_err_set(e, FS_ECONFLICT, "filter", _("filter: you have no saved filter with the id %lld."),
                            (long long)id);
    } else {
        status = fs_db_fail(s->db, _("reading the saved filters"), e);
    }
    sqlite3_reset(st);
    if (status == FS_OK) {
        out->id = id;
        status = fs_saved_filter_decode(s, name, args, out, e);
    }
    free(name);
    free(args);
    return status;
}

/* ---- rename, delete ------------------------------------------------------ */

struct change_ctx {
    fs_session *s;
    int64_t id;
    const char *name, *key;    /* rename; NULL = delete */
};

static int change_tx(fs_db *db, void *v, fs_err *e)
{
    struct change_ctx *c = v;
    if (c->name) {
        int64_t other = same_name(c->s, c->key, c->id, e);
        if (other < 0)
            return FS_ERUNTIME;
        if (other)
            return taken(c->name, e);
    }
    sqlite3_stmt *st = c->name ? fs_db_stmt(db, "UPDATE saved_filter SET name = ?3 WHERE id = ?1 AND user_id = ?2", e)
                               : fs_db_stmt(db, "DELETE FROM saved_filter WHERE id = ?1 AND user_id = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int64(st, 2, c->s->user_id);
    if (c->name)
        sqlite3_bind_text(st, 3, c->name, -1, SQLITE_STATIC);
    if (fs_db_step_done(db, st, c->name ? _("renaming the filter") : _("deleting the filter"), e) != FS_OK)
        return e->code;
    if (sqlite3_changes(fs_db_sqlite(db)) == 0)
        return fs_err_set(e, FS_ECONFLICT, "filter", _("filter: you have no saved filter with the id %lld."),
                          (long long)c->id);
    return FS_OK;
}

int fs_saved_filter_rename(fs_session *s, int64_t id, const char *name, fs_err *e)
{
    char *clean = NULL, *key = NULL;
    int rc = clean_name(name, &clean, e);
    if (rc == FS_OK && !(key = fs_text_search_key(clean)))
        rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    struct change_ctx c = { s, id, clean, key };
    if (rc == FS_OK)
        rc = fs_db_write(s->db, change_tx, &c, e);
    free(clean);
    free(key);
    return rc;
}

int fs_saved_filter_delete(fs_session *s, int64_t id, fs_err *e)
{
    struct change_ctx c = { s, id, NULL, NULL };
    return fs_db_write(s->db, change_tx, &c, e);
}
