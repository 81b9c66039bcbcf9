/* opp_merge.c — parts of an opportunity that differ between two copies,
 * and re-applying one user's changes on top of another's (opp_merge.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "money.h"
#include "opp_draft.h"
#include "opp_merge.h"
#include "text.h"

static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The header parts: their change_log field and where the value lives. */
static const struct {
    enum fs_opp_part_kind kind;
    const char *field;
} headers[] = {
    { FS_OPP_PART_CONTACT, "contact" },         { FS_OPP_PART_SUBTYPE, "subtype" },
    { FS_OPP_PART_TITLE, "title" },             { FS_OPP_PART_STAGE, "stage" },
    { FS_OPP_PART_WIN_REASON, "win_reason" },   { FS_OPP_PART_LOSS_REASON, "loss_reason" },
    { FS_OPP_PART_TYPE, "type" },               { FS_OPP_PART_ASSIGNED, "assigned" },
    { FS_OPP_PART_SOURCE, "source" },           { FS_OPP_PART_CAMPAIGN, "campaign" },
    { FS_OPP_PART_CLOSE_DATE, "close_date" },   { FS_OPP_PART_PURCHASE, "purchase_process" },
    { FS_OPP_PART_AMOUNT, "final_amount" },     { FS_OPP_PART_PROBABILITY, "probability" },
    { FS_OPP_PART_IMPORTANT, "important" },
};

/* The id slot of a header part that refers to something, or NULL. */
static int64_t *id_slot(fs_opp *o, enum fs_opp_part_kind k)
{
    switch (k) {
    case FS_OPP_PART_CONTACT: return &o->identity_id;
    case FS_OPP_PART_SUBTYPE: return &o->subtype_id;
    case FS_OPP_PART_STAGE: return &o->stage_id;
    case FS_OPP_PART_WIN_REASON: return &o->win_reason_id;
    case FS_OPP_PART_LOSS_REASON: return &o->loss_reason_id;
    case FS_OPP_PART_TYPE: return &o->type_id;
    case FS_OPP_PART_ASSIGNED: return &o->assigned_id;
    case FS_OPP_PART_SOURCE: return &o->source_id;
    case FS_OPP_PART_CAMPAIGN: return &o->campaign_id;
    case FS_OPP_PART_PURCHASE: return &o->purchase_process_id;
    default: return NULL;
    }
}

/* The ref (display names) of a header part, or NULL. */
static const fs_opp_ref *ref_of(const fs_opp *o, enum fs_opp_part_kind k)
{
    switch (k) {
    case FS_OPP_PART_CONTACT: return &o->names.contact;
    case FS_OPP_PART_SUBTYPE: return &o->names.subtype;
    case FS_OPP_PART_STAGE: return &o->names.stage;
    case FS_OPP_PART_WIN_REASON: return &o->names.win_reason;
    case FS_OPP_PART_LOSS_REASON: return &o->names.loss_reason;
    case FS_OPP_PART_TYPE: return &o->names.type;
    case FS_OPP_PART_ASSIGNED: return &o->names.assigned;
    case FS_OPP_PART_SOURCE: return &o->names.source;
    case FS_OPP_PART_CAMPAIGN: return &o->names.campaign;
    case FS_OPP_PART_PURCHASE: return &o->names.purchase_process;
    default: return NULL;
    }
}

static const char *value_of(const fs_opp *o, int64_t field_id)
{
    for (int i = 0; i < o->nvalues; i++)
        if (o->values[i].field_id == field_id)
            return o->values[i].value;
    return NULL;
}

static bool same_lines(const fs_opp *a, const fs_opp *b)
{
    if (a->nlines != b->nlines)
        return false;
    for (int i = 0; i < a->nlines; i++) {
        const fs_opp_line *x = &a->lines[i], *y = &b->lines[i];
        if (x->id != y->id || x->product_id != y->product_id || x->qty != y->qty || x->unit_price != y->unit_price ||
            x->has_price != y->has_price || x->discount != y->discount || x->discount_bp != y->discount_bp ||
            !same_str(x->name, y->name) || !same_str(x->description, y->description))
            return false;
    }
    return true;
}

static bool same_competitors(const fs_opp *a, const fs_opp *b)
{
    if (a->ncompetitors != b->ncompetitors)
        return false;
    for (int i = 0; i < a->ncompetitors; i++) {
        const fs_opp_competitor *x = &a->competitors[i], *y = &b->competitors[i];
        if (x->identity_id != y->identity_id || !same_str(x->name, y->name) || !same_str(x->note, y->note))
            return false;
    }
    return true;
}

bool fs_opp_part_same(const fs_opp *a, const fs_opp *b, const fs_opp_part *p)
{
    int64_t *x = id_slot((fs_opp *)a, p->kind), *y = id_slot((fs_opp *)b, p->kind);
    if (x)
        return *x == *y;
    switch (p->kind) {
    case FS_OPP_PART_TITLE: return same_str(a->title, b->title);
    case FS_OPP_PART_CLOSE_DATE: return strcmp(a->close_date, b->close_date) == 0;
    case FS_OPP_PART_AMOUNT:
        /* An automatic amount follows the lines: only a typed one counts. */
        return a->amount_manual == b->amount_manual && (!a->amount_manual || a->final_amount == b->final_amount);
    case FS_OPP_PART_PROBABILITY: return a->probability == b->probability;
    case FS_OPP_PART_IMPORTANT: return a->important == b->important;
    case FS_OPP_PART_VALUE: return same_str(value_of(a, p->field_id), value_of(b, p->field_id));
    case FS_OPP_PART_COMPETITORS: return same_competitors(a, b);
    case FS_OPP_PART_LINES: return same_lines(a, b);
    default: return true;
    }
}

/* The custom field's key as either copy knows it. */
static const char *value_key(const fs_opp *a, const fs_opp *b, int64_t field_id)
{
    for (int pass = 0; pass < 2; pass++) {
        const fs_opp *o = pass ? b : a;
        for (int i = 0; i < o->nvalues; i++)
            if (o->values[i].field_id == field_id && o->values[i].key[0])
                return o->values[i].key;
    }
    return "";
}

struct parts {
    fs_opp_part *v;
    int n, cap;
};

static int add_part(struct parts *ps, enum fs_opp_part_kind kind, int64_t field_id, const char *field, fs_err *e)
{
    if (ps->n == ps->cap) {
        int cap = ps->cap ? ps->cap * 2 : 16;
        fs_opp_part *v = realloc(ps->v, (size_t)cap * sizeof *v);
        if (!v)
            return oom(e);
        ps->v = v;
        ps->cap = cap;
    }
    fs_opp_part *p = &ps->v[ps->n++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->field_id = field_id;
    snprintf(p->field, sizeof p->field, "%s", field);
    return FS_OK;
}

/* Every part of a and b (differing or not), in the form's order. */
static int all_parts(const fs_opp *a, const fs_opp *b, struct parts *ps, fs_err *e)
{
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++)
        if (add_part(ps, headers[i].kind, 0, headers[i].field, e) != FS_OK)
            return e->code;
    for (int pass = 0; pass < 2; pass++) {
        const fs_opp *o = pass ? b : a;
        for (int i = 0; i < o->nvalues; i++) {
            int64_t id = o->values[i].field_id;
            bool seen = false;
            for (int j = 0; j < ps->n && !seen; j++)
                seen = ps->v[j].kind == FS_OPP_PART_VALUE && ps->v[j].field_id == id;
            if (seen)
                continue;
            char field[FS_KEY_BYTES + 8];
            snprintf(field, sizeof field, "field.%s", value_key(a, b, id));
            if (add_part(ps, FS_OPP_PART_VALUE, id, field, e) != FS_OK)
                return e->code;
        }
    }
    if (add_part(ps, FS_OPP_PART_COMPETITORS, 0, "competitor", e) != FS_OK ||
        add_part(ps, FS_OPP_PART_LINES, 0, "line", e) != FS_OK)
        return e->code;
    return FS_OK;
}

int fs_opp_diff(const fs_opp *a, const fs_opp *b, fs_opp_part **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    struct parts ps = { 0 };
    if (all_parts(a, b, &ps, e) != FS_OK) {
        free(ps.v);
        return e->code;
    }
    int k = 0;
    for (int i = 0; i < ps.n; i++)
        if (!fs_opp_part_same(a, b, &ps.v[i]))
            ps.v[k++] = ps.v[i];
    if (!k) {
        free(ps.v);
        ps.v = NULL;
    }
    *out = ps.v;
    *n = k;
    return FS_OK;
}

static void cat(char *out, size_t n, const char *s)
{
    size_t len = strlen(out);
    if (len + 1 < n)
        fs_text_copy(out + len, n - len, s);
}

void fs_opp_part_value(const fs_opp *o, const fs_opp_part *p, char *out, size_t n)
{
    out[0] = '\0';
    const fs_opp_ref *r = ref_of(o, p->kind);
    if (r) {
        /* As the change history stores it: names for the related identity
         * and the campaign, keys (or the login) for the rest. */
        int64_t id = *id_slot((fs_opp *)o, p->kind);
        if (id)
            fs_text_copy(out, n, p->kind == FS_OPP_PART_CONTACT || p->kind == FS_OPP_PART_CAMPAIGN ? r->label : r->key);
        return;
    }
    switch (p->kind) {
    case FS_OPP_PART_TITLE: fs_text_copy(out, n, o->title ? o->title : ""); return;
    case FS_OPP_PART_CLOSE_DATE: fs_text_copy(out, n, o->close_date); return;
    case FS_OPP_PART_AMOUNT: snprintf(out, n, "%" PRId64, o->final_amount); return;
    case FS_OPP_PART_PROBABILITY: snprintf(out, n, "%d", o->probability); return;
    case FS_OPP_PART_IMPORTANT: snprintf(out, n, "%d", o->important ? 1 : 0); return;
    case FS_OPP_PART_VALUE: {
        const char *v = value_of(o, p->field_id);
        fs_text_copy(out, n, v ? v : "");
        return;
    }
    case FS_OPP_PART_COMPETITORS:
        for (int i = 0; i < o->ncompetitors; i++) {
            const fs_opp_competitor *c = &o->competitors[i];
            if (i)
                cat(out, n, ", ");
            cat(out, n, c->name ? c->name : "");
            if (c->note && *c->note) {
                cat(out, n, " — ");
                cat(out, n, c->note);
            }
        }
        return;
    case FS_OPP_PART_LINES:
        for (int i = 0; i < o->nlines; i++) {
            const fs_opp_line *l = &o->lines[i];
            char q[48], one[300];
            fs_qty_format(l->qty, FS_DIGITS_LATIN, q, sizeof q);
            snprintf(one, sizeof one, "%s%s × %s", i ? ", " : "",
                     l->product_code[0] ? l->product_code : (l->name ? l->name : ""), q);
            cat(out, n, one);
        }
        return;
    default: return;
    }
}

int fs_opp_copy(const fs_opp *o, fs_opp *out, fs_err *e)
{
    char *payload = NULL;
    memset(out, 0, sizeof *out);
    int rc = fs_opp_draft_encode(o, &payload, e);
    if (rc == FS_OK)
        rc = fs_opp_draft_decode(payload, out, e);
    free(payload);
    return rc;
}

/* Sets part p of dst to src's value; mine is a deep copy of the user's
 * copy whose arrays may be taken. */
static int take(fs_opp *dst, fs_opp *src, const fs_opp_part *p, fs_err *e)
{
    int64_t *x = id_slot(dst, p->kind);
    const fs_opp_ref *r = ref_of(src, p->kind);
    if (x) {
        *x = *id_slot(src, p->kind);
        *(fs_opp_ref *)ref_of(dst, p->kind) = *r;
        if (p->kind == FS_OPP_PART_STAGE)
            dst->names.stage_kind = src->names.stage_kind;
        return FS_OK;
    }
    switch (p->kind) {
    case FS_OPP_PART_TITLE: return fs_opp_set_text(&dst->title, src->title, e);
    case FS_OPP_PART_CLOSE_DATE: memcpy(dst->close_date, src->close_date, sizeof dst->close_date); return FS_OK;
    case FS_OPP_PART_AMOUNT:
        dst->amount_manual = src->amount_manual;
        dst->final_amount = src->final_amount;
        return FS_OK;
    case FS_OPP_PART_PROBABILITY: dst->probability = src->probability; return FS_OK;
    case FS_OPP_PART_IMPORTANT: dst->important = src->important; return FS_OK;
    case FS_OPP_PART_VALUE: {
        const fs_opp_value *from = NULL;
        for (int i = 0; i < src->nvalues; i++)
            if (src->values[i].field_id == p->field_id)
                from = &src->values[i];
        for (int i = 0; i < dst->nvalues; i++)
            if (dst->values[i].field_id == p->field_id)
                return fs_opp_set_text(&dst->values[i].value, from ? from->value : NULL, e);
        if (!from)
            return FS_OK;
        fs_opp_value *v = realloc(dst->values, (size_t)(dst->nvalues + 1) * sizeof *v);
        if (!v)
            return oom(e);
        dst->values = v;
        v[dst->nvalues] = *from;
        v[dst->nvalues].value = NULL;
        dst->nvalues++;
        return fs_opp_set_text(&v[dst->nvalues - 1].value, from->value, e);
    }
    case FS_OPP_PART_COMPETITORS: {
        fs_opp_competitor *c = dst->competitors;
        int nc = dst->ncompetitors;
        dst->competitors = src->competitors;
        dst->ncompetitors = src->ncompetitors;
        src->competitors = c; /* freed with src */
        src->ncompetitors = nc;
        return FS_OK;
    }
    case FS_OPP_PART_LINES: {
        fs_opp_line *l = dst->lines;
        int nl = dst->nlines;
        dst->lines = src->lines;
        dst->nlines = src->nlines;
        src->lines = l;
        src->nlines = nl;
        return FS_OK;
    }
    default: return FS_OK;
    }
}

int fs_opp_rebase(const fs_opp *base, const fs_opp *mine, const fs_opp *theirs, fs_opp *out, fs_opp_part **parts,
                  int *nparts, fs_err *e)
{
    *parts = NULL;
    *nparts = 0;
    fs_opp_part *changed = NULL;
    int n = 0;
    fs_opp src;
    memset(&src, 0, sizeof src);
    int rc = fs_opp_copy(theirs, out, e);
    if (rc == FS_OK)
        rc = fs_opp_copy(mine, &src, e);
    if (rc == FS_OK)
        rc = fs_opp_diff(base, mine, &changed, &n, e);
    for (int i = 0; rc == FS_OK && i < n; i++) {
        changed[i].both = !fs_opp_part_same(base, theirs, &changed[i]) && !fs_opp_part_same(mine, theirs, &changed[i]);
        /* The reference stays valid: swapping arrays only exchanges them
         * between out and src. */
        rc = take(out, &src, &changed[i], e);
    }
    fs_opp_free(&src);
    if (rc != FS_OK) {
        free(changed);
        fs_opp_free(out);
        return rc;
    }
    /* Both-changed parts first, each group in the form's order. */
    int k = 0;
    fs_opp_part *sorted = n ? malloc((size_t)n * sizeof *sorted) : NULL;
    if (n && !sorted) {
        free(changed);
        fs_opp_free(out);
        return oom(e);
    }
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++)
            if (changed[i].both == (pass == 0))
                sorted[k++] = changed[i];
    free(changed);
    *parts = sorted;
    *nparts = n;
    return FS_OK;
}
