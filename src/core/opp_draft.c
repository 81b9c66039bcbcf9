#include "opp_draft.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "strbuf.h"

#define MAGIC "opp-draft"
#define FORMAT_VERSION 1

/* ---- the scalar fields, one table for both directions ------------------ */

enum kind { K_I64, K_INT, K_BOOL, K_CHARS, K_STR, K_STAGE_KIND };

struct scalar {
    const char *name;
    enum kind kind;
    size_t off;
    size_t size;   /* K_CHARS: the array's size */
};

#define F(name, kind, member) { name, kind, offsetof(fs_opp, member), sizeof(((fs_opp *)0)->member) }

static const struct scalar scalars[] = {
    F("id", K_I64, id),
    F("number", K_CHARS, number),
    F("version", K_I64, version),
    F("identity", K_I64, identity_id),
    F("subtype", K_I64, subtype_id),
    F("stage", K_I64, stage_id),
    F("title", K_STR, title),
    F("type", K_I64, type_id),
    F("assigned", K_I64, assigned_id),
    F("source", K_I64, source_id),
    F("campaign", K_I64, campaign_id),
    F("close_date", K_CHARS, close_date),
    F("final_amount", K_I64, final_amount),
    F("amount_manual", K_BOOL, amount_manual),
    F("probability", K_INT, probability),
    F("win_reason", K_I64, win_reason_id),
    F("loss_reason", K_I64, loss_reason_id),
    F("purchase_process", K_I64, purchase_process_id),
    F("important", K_BOOL, important),
    F("won_at", K_CHARS, won_at),
    F("lost_at", K_CHARS, lost_at),
    F("stage_changed_at", K_CHARS, stage_changed_at),
    F("created_at", K_CHARS, created_at),
    F("updated_at", K_CHARS, updated_at),
    F("created_by", K_I64, created_by),
    F("updated_by", K_I64, updated_by),
    F("stage_kind", K_STAGE_KIND, names.stage_kind),
    F("expected_amount", K_I64, expected_amount),
    F("age_days", K_INT, age_days),
    F("days_in_stage", K_INT, days_in_stage),
    F("days_to_close", K_INT, days_to_close),
};

#undef F

/* The display names, in the order of the struct. */
static const struct {
    const char *name;
    size_t off;
} refs[] = {
#define R(m) { #m, offsetof(fs_opp, names.m) }
    R(contact), R(subtype), R(stage), R(type), R(source), R(campaign), R(win_reason), R(loss_reason),
    R(purchase_process), R(assigned), R(created_by), R(updated_by),
#undef R
};

#define NSCALARS (sizeof scalars / sizeof *scalars)
#define NREFS (sizeof refs / sizeof *refs)

/* ---- encoding ------------------------------------------------------------ */


/* A TAB and then text escaped (NULL is \N). */
static void put_text(struct fs_strbuf *b, const char *s)
{
    fs_strbuf_put(b, "\t", 1);
    if (!s) {
        fs_strbuf_put(b, "\\N", 2);
        return;
    }
    for (const char *p = s; *p; p++) {
        const char *esc = *p == '\\' ? "\\\\" : *p == '\t' ? "\\t" : *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : NULL;
        if (esc)
            fs_strbuf_puts(b, esc);
        else
            fs_strbuf_put(b, p, 1);
    }
}

/* A TAB and then a decimal number. */
static void put_int(struct fs_strbuf *b, int64_t v)
{
    char num[32];
    snprintf(num, sizeof num, "\t%" PRId64, v);
    fs_strbuf_puts(b, num);
}

int fs_opp_draft_encode(const fs_opp *o, char **out, fs_err *e)
{
    struct fs_strbuf b = { 0 };
    char head[32];
    snprintf(head, sizeof head, MAGIC "\t%d\n", FORMAT_VERSION);
    fs_strbuf_puts(&b, head);
    const char *base = (const char *)o;
    for (size_t i = 0; i < NSCALARS; i++) {
        const struct scalar *f = &scalars[i];
        const void *p = base + f->off;
        fs_strbuf_puts(&b, f->name);
        switch (f->kind) {
        case K_I64: put_int(&b, *(const int64_t *)p); break;
        case K_INT: put_int(&b, *(const int *)p); break;
        case K_BOOL: put_int(&b, *(const bool *)p); break;
        case K_STAGE_KIND: put_int(&b, *(const enum fs_stage_kind *)p); break;
        case K_CHARS: put_text(&b, (const char *)p); break;
        case K_STR: put_text(&b, *(char *const *)p); break;
        }
        fs_strbuf_puts(&b, "\n");
    }
    for (size_t i = 0; i < NREFS; i++) {
        const fs_opp_ref *r = (const fs_opp_ref *)(base + refs[i].off);
        fs_strbuf_puts(&b, "ref\t");
        fs_strbuf_puts(&b, refs[i].name);
        put_text(&b, r->key);
        put_text(&b, r->label);
        fs_strbuf_puts(&b, "\n");
    }
    for (int i = 0; i < o->nvalues; i++) {
        const fs_opp_value *v = &o->values[i];
        fs_strbuf_puts(&b, "value");
        put_int(&b, v->field_id);
        put_text(&b, v->value);
        put_text(&b, v->key);
        put_text(&b, v->label);
        put_int(&b, v->type);
        fs_strbuf_puts(&b, "\n");
    }
    for (int i = 0; i < o->ncompetitors; i++) {
        const fs_opp_competitor *k = &o->competitors[i];
        fs_strbuf_puts(&b, "competitor");
        put_int(&b, k->id);
        put_int(&b, k->identity_id);
        put_text(&b, k->name);
        put_text(&b, k->note);
        fs_strbuf_puts(&b, "\n");
    }
    for (int i = 0; i < o->nlines; i++) {
        const fs_opp_line *l = &o->lines[i];
        fs_strbuf_puts(&b, "line");
        put_int(&b, l->id);
        put_int(&b, l->product_id);
        put_text(&b, l->name);
        put_int(&b, l->qty);
        put_int(&b, l->has_price);
        put_int(&b, l->unit_price);
        put_int(&b, l->discount_by);
        put_int(&b, l->discount_bp);
        put_int(&b, l->discount);
        put_text(&b, l->description);
        put_int(&b, l->total);
        put_int(&b, l->final);
        put_text(&b, l->product_code);
        put_text(&b, l->unit);
        fs_strbuf_puts(&b, "\n");
    }
    fs_strbuf_puts(&b, "end\n");
    if (b.failed) {
        free(b.p);
        *out = NULL;
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    *out = b.p;
    return FS_OK;
}

/* ---- decoding ------------------------------------------------------------ */

#define MAX_FIELDS 16

/* One record being read: its fields, unescaped in place. */
struct rec {
    char *f[MAX_FIELDS];
    bool null[MAX_FIELDS];
    int n;
    long line;
};

static int bad(const struct rec *r, fs_err *e)
{
    return fs_err_set(e, FS_EINVAL, "draft", _("draft: line %ld is not part of a saved form."), r->line);
}

/* Undoes put_text's escapes in place; false for an unknown escape. */
static bool unescape(char *s, bool *null)
{
    *null = strcmp(s, "\\N") == 0;
    if (*null)
        return true;
    char *w = s;
    for (const char *p = s; *p; p++) {
        if (*p != '\\') {
            *w++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case '\\': *w++ = '\\'; break;
        case 't': *w++ = '\t'; break;
        case 'n': *w++ = '\n'; break;
        case 'r': *w++ = '\r'; break;
        default: return false;
        }
    }
    *w = '\0';
    return true;
}

/* Splits one line (NUL-terminated, no newline) into r. */
static bool split(char *line, struct rec *r)
{
    r->n = 0;
    for (char *p = line;;) {
        if (r->n == MAX_FIELDS)
            return false;
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = '\0';
        if (!unescape(p, &r->null[r->n]))
            return false;
        r->f[r->n++] = p;
        if (!tab)
            return true;
        p = tab + 1;
    }
}

/* A decimal int64 filling the whole field, within [min, max]. */
static bool num(const struct rec *r, int i, int64_t min, int64_t max, int64_t *out)
{
    const char *s = r->f[i];
    if (r->null[i] || !*s || (*s != '-' && (*s < '0' || *s > '9')))
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* A copy of text field i into *slot (NULL stays NULL), freeing the old. */
static bool text_dup(const struct rec *r, int i, char **slot)
{
    char *v = NULL;
    if (!r->null[i] && !(v = strdup(r->f[i])))
        return false;
    free(*slot);
    *slot = v;
    return true;
}

/* Text field i into a fixed array of n bytes; NULL is "". */
static bool text_copy(const struct rec *r, int i, char *dst, size_t n)
{
    const char *s = r->null[i] ? "" : r->f[i];
    if (strlen(s) >= n)
        return false;
    memcpy(dst, s, strlen(s) + 1);
    return true;
}

/* Grows *v (n elements of sz) by one zeroed element. */
static void *grow(void *v, int n, size_t sz)
{
    char *p = realloc(v, (size_t)(n + 1) * sz);
    if (p)
        memset(p + (size_t)n * sz, 0, sz);
    return p;
}

static bool read_scalar(const struct rec *r, const struct scalar *f, fs_opp *o)
{
    void *p = (char *)o + f->off;
    int64_t v;
    if (r->n != 2)
        return false;
    switch (f->kind) {
    case K_I64:
        return num(r, 1, INT64_MIN, INT64_MAX, (int64_t *)p);
    case K_INT:
        if (!num(r, 1, INT32_MIN, INT32_MAX, &v))
            return false;
        *(int *)p = (int)v;
        return true;
    case K_BOOL:
        if (!num(r, 1, 0, 1, &v))
            return false;
        *(bool *)p = v;
        return true;
    case K_STAGE_KIND:
        if (!num(r, 1, FS_STAGE_OPEN, FS_STAGE_LOST, &v))
            return false;
        *(enum fs_stage_kind *)p = (enum fs_stage_kind)v;
        return true;
    case K_CHARS:
        return text_copy(r, 1, p, f->size);
    case K_STR:
        return text_dup(r, 1, (char **)p);
    }
    return false;
}

static bool read_ref(const struct rec *r, fs_opp *o)
{
    if (r->n != 4)
        return false;
    for (size_t i = 0; i < NREFS; i++)
        if (strcmp(r->f[1], refs[i].name) == 0) {
            fs_opp_ref *ref = (fs_opp_ref *)((char *)o + refs[i].off);
            return text_copy(r, 2, ref->key, sizeof ref->key) && text_copy(r, 3, ref->label, sizeof ref->label);
        }
    return false;
}

static bool read_value(const struct rec *r, fs_opp *o)
{
    int64_t type;
    if (r->n != 6 || !num(r, 5, FS_CFIELD_TEXT, FS_CFIELD_USER, &type))
        return false;
    fs_opp_value *g = grow(o->values, o->nvalues, sizeof *g);
    if (!g)
        return false;
    o->values = g;
    fs_opp_value *v = &g[o->nvalues++];
    v->type = (enum fs_custom_field_type)type;
    return num(r, 1, INT64_MIN, INT64_MAX, &v->field_id) && text_dup(r, 2, &v->value) &&
           text_copy(r, 3, v->key, sizeof v->key) && text_copy(r, 4, v->label, sizeof v->label);
}

static bool read_competitor(const struct rec *r, fs_opp *o)
{
    if (r->n != 5)
        return false;
    fs_opp_competitor *g = grow(o->competitors, o->ncompetitors, sizeof *g);
    if (!g)
        return false;
    o->competitors = g;
    fs_opp_competitor *k = &g[o->ncompetitors++];
    return num(r, 1, INT64_MIN, INT64_MAX, &k->id) && num(r, 2, INT64_MIN, INT64_MAX, &k->identity_id) &&
           text_dup(r, 3, &k->name) && text_dup(r, 4, &k->note);
}

static bool read_line(const struct rec *r, fs_opp *o)
{
    int64_t has_price = 0, by = 0;
    if (r->n != 15)
        return false;
    fs_opp_line *g = grow(o->lines, o->nlines, sizeof *g);
    if (!g)
        return false;
    o->lines = g;
    fs_opp_line *l = &g[o->nlines++];
    bool ok = num(r, 1, INT64_MIN, INT64_MAX, &l->id) && num(r, 2, INT64_MIN, INT64_MAX, &l->product_id) &&
              text_dup(r, 3, &l->name) && num(r, 4, INT64_MIN, INT64_MAX, &l->qty) &&
              num(r, 5, 0, 1, &has_price) && num(r, 6, INT64_MIN, INT64_MAX, &l->unit_price) &&
              num(r, 7, FS_DISCOUNT_NONE, FS_DISCOUNT_KEEP, &by) &&
              num(r, 8, INT64_MIN, INT64_MAX, &l->discount_bp) && num(r, 9, INT64_MIN, INT64_MAX, &l->discount) &&
              text_dup(r, 10, &l->description) && num(r, 11, INT64_MIN, INT64_MAX, &l->total) &&
              num(r, 12, INT64_MIN, INT64_MAX, &l->final) &&
              text_copy(r, 13, l->product_code, sizeof l->product_code) && text_copy(r, 14, l->unit, sizeof l->unit);
    l->has_price = has_price == 1;
    l->discount_by = ok ? (enum fs_discount_by)by : FS_DISCOUNT_NONE;
    return ok;
}

/* Reads one record into o; false when it is not one. */
static bool read_record(const struct rec *r, fs_opp *o)
{
    const char *k = r->f[0];
    if (strcmp(k, "ref") == 0)
        return read_ref(r, o);
    if (strcmp(k, "value") == 0)
        return read_value(r, o);
    if (strcmp(k, "competitor") == 0)
        return read_competitor(r, o);
    if (strcmp(k, "line") == 0)
        return read_line(r, o);
    for (size_t i = 0; i < NSCALARS; i++)
        if (strcmp(k, scalars[i].name) == 0)
            return read_scalar(r, &scalars[i], o);
    return false;
}

int fs_opp_draft_decode(const char *payload, fs_opp *o, fs_err *e)
{
    memset(o, 0, sizeof *o);
    char *copy = strdup(payload ? payload : "");
    if (!copy)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    struct rec r = { .line = 0 };
    bool ended = false;
    int status = FS_OK;
    char *p = copy;
    while (*p && status == FS_OK) {
        char *nl = strchr(p, '\n');
        if (!nl) {
            r.line++;
            status = bad(&r, e); /* cut short: every record ends in a newline */
            break;
        }
        *nl = '\0';
        r.line++;
        if (ended || !split(p, &r)) {
            status = bad(&r, e);
        } else if (r.line == 1) {
            int64_t v;
            if (r.n != 2 || strcmp(r.f[0], MAGIC) != 0 || !num(&r, 1, FORMAT_VERSION, FORMAT_VERSION, &v))
                status = bad(&r, e);
        } else if (r.n == 1 && strcmp(r.f[0], "end") == 0) {
            ended = true;
        } else if (!read_record(&r, o)) {
            status = bad(&r, e);
        }
        p = nl + 1;
    }
    if (status == FS_OK && !ended) {
        r.line++;
        status = bad(&r, e);
    }
    free(copy);
    if (status != FS_OK)
        fs_opp_free(o);
    return status;
}
