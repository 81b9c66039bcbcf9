/* opp_bulk.c — one opportunity for each of many identities, in one
 * transaction (opp_bulk.h). */
#include "opp_bulk.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store.h"

static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

static bool dup_str(char **slot, const char *v)
{
    *slot = NULL;
    if (!v)
        return true;
    *slot = strdup(v);
    return *slot != NULL;
}

/* A deep copy of the template as a new opportunity: no id, number or
 * version, line and competitor ids cleared. */
static int clone_new(const fs_opp *t, fs_opp *o, fs_err *e)
{
    *o = *t;
    o->id = 0;
    o->number[0] = '\0';
    o->version = 0;
    o->title = NULL;
    o->values = NULL;
    o->competitors = NULL;
    o->lines = NULL;
    o->nvalues = o->ncompetitors = o->nlines = 0;
    if (!dup_str(&o->title, t->title))
        return oom(e);
    if (t->nvalues) {
        if (!(o->values = calloc((size_t)t->nvalues, sizeof *o->values)))
            return oom(e);
        o->nvalues = t->nvalues;
        for (int i = 0; i < t->nvalues; i++) {
            o->values[i] = t->values[i];
            if (!dup_str(&o->values[i].value, t->values[i].value))
                return oom(e);
        }
    }
    if (t->ncompetitors) {
        if (!(o->competitors = calloc((size_t)t->ncompetitors, sizeof *o->competitors)))
            return oom(e);
        o->ncompetitors = t->ncompetitors;
        for (int i = 0; i < t->ncompetitors; i++) {
            fs_opp_competitor *k = &o->competitors[i];
            *k = t->competitors[i];
            k->id = 0;
            k->name = k->note = NULL;
            if (!dup_str(&k->name, t->competitors[i].name) || !dup_str(&k->note, t->competitors[i].note))
                return oom(e);
        }
    }
    if (t->nlines) {
        if (!(o->lines = calloc((size_t)t->nlines, sizeof *o->lines)))
            return oom(e);
        o->nlines = t->nlines;
        for (int i = 0; i < t->nlines; i++) {
            fs_opp_line *l = &o->lines[i];
            *l = t->lines[i];
            l->id = 0;
            l->name = l->description = NULL;
            if (!dup_str(&l->name, t->lines[i].name) || !dup_str(&l->description, t->lines[i].description))
                return oom(e);
        }
    }
    return FS_OK;
}

struct bulk {
    fs_session *s;
    const fs_opp *tpl;
    const int64_t *ids;
    int n;
    int64_t *out;
};

/* Prefixes e->msg with the identity that was refused. */
static int name_failure(fs_session *s, int64_t id, fs_err *e)
{
    char name[FS_TITLE_BYTES] = "";
    fs_err ignore;
    fs_err_clear(&ignore);
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT name FROM identity WHERE id = ?1", &ignore);
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
    }
    char msg[sizeof e->msg];
    snprintf(msg, sizeof msg, "%s", e->msg);
    if (*name)
        snprintf(e->msg, sizeof e->msg, _("identity «%s» (id %" PRId64 "): %s"), name, id, msg);
    else
        snprintf(e->msg, sizeof e->msg, _("identity %" PRId64 ": %s"), id, msg);
    return e->code;
}

static int bulk_tx(fs_db *db, void *vb, fs_err *e)
{
    (void)db;
    struct bulk *b = vb;
    for (int i = 0; i < b->n; i++) {
        fs_opp o;
        int rc = clone_new(b->tpl, &o, e);
        o.identity_id = b->ids[i];
        int64_t id = 0;
        if (rc == FS_OK)
            rc = fs_opp_save_in_tx(b->s, &o, &id, e);
        fs_opp_free(&o);
        if (rc != FS_OK) {
            if (!e->code)
                e->code = rc;
            return name_failure(b->s, b->ids[i], e);
        }
        if (b->out)
            b->out[i] = id;
    }
    return FS_OK;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int fs_opp_bulk_create(fs_session *s, const fs_opp *tpl, const int64_t *identity_ids, int n,
                       int64_t *created_ids_out, fs_err *e)
{
    int rc = fs_require(s, FS_PERM_BULK_EDIT, e);
    if (rc != FS_OK)
        return rc;
    if (n < 1)
        return fs_err_set(e, FS_EINVAL, "contacts", _("contacts: choose at least one identity."));
    if (n > FS_OPP_BULK_MAX)
        return fs_err_set(e, FS_EINVAL, "contacts",
                          _("contacts: at most %d identities at once, not %d."), FS_OPP_BULK_MAX, n);
    int64_t *sorted = malloc((size_t)n * sizeof *sorted);
    if (!sorted)
        return oom(e);
    memcpy(sorted, identity_ids, (size_t)n * sizeof *sorted);
    qsort(sorted, (size_t)n, sizeof *sorted, cmp_id);
    for (int i = 1; i < n; i++)
        if (sorted[i] == sorted[i - 1]) {
            int64_t dup = sorted[i];
            free(sorted);
            return fs_err_set(e, FS_EINVAL, "contacts",
                              _("contacts: the identity with id %" PRId64 " is given more than once."), dup);
        }
    free(sorted);
    struct bulk b = { s, tpl, identity_ids, n, created_ids_out };
    return fs_db_write(s->db, bulk_tx, &b, e);
}
