#include "lookup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "identity.h"
#include "money.h"
#include "text.h"

/* How one kind of thing is found: its table, a label for messages, the SQL
 * expression shown in candidate lists, and the search-key expressions
 * compared with the typed text.  Tables and columns are constants here. */
struct kind {
    const char *table;
    const char *what;      /* "identity" — for messages (translated) */
    const char *display;   /* SQL expression naming a row */
    const char *keys[3];   /* SQL expressions holding search keys */
    const char *scope;     /* extra WHERE condition with ?2, or NULL */
};

static const struct kind k_identity = { "identity", N_("identity"), "name", { "name_key", NULL, NULL }, NULL };
static const struct kind k_product = { "product", N_("product"), "code || ' ' || name",
                                       { "code_key", "name_key", NULL }, NULL };
static const struct kind k_user = { "user", N_("user"), "login", { "fs_key(login)", "fs_key(name)", NULL }, NULL };
static const struct kind k_campaign = { "campaign", N_("campaign"), "name", { "fs_key(name)", NULL, NULL }, NULL };
static const struct kind k_warehouse = { "warehouse", N_("warehouse"), "name", { "fs_key(name)", NULL, NULL }, NULL };
static const struct kind k_group = { "product_group", N_("product group"), "name", { "name_key", NULL, NULL }, NULL };
static const struct kind k_subtype = { "subtype", N_("subtype"), "key",
                                       { "fs_key(key)", "fs_key(title_fa)", "fs_key(title_en)" }, NULL };
static const struct kind k_stage = { "stage", N_("stage"), "key",
                                     { "fs_key(key)", "fs_key(title_fa)", "fs_key(title_en)" },
                                     "subtype_id = ?2 AND NOT deleted" };
static const struct kind k_list = { "list_item", N_("list item"), "key",
                                    { "fs_key(key)", "fs_key(label_fa)", "fs_key(label_en)" }, "list = ?2" };

/* SQL function fs_key(text): the search key, for small tables whose names
 * have no stored key column. */
static void sql_fs_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]);
    if (!t) {
        sqlite3_result_null(ctx);
        return;
    }
    char *k = fs_text_search_key((const char *)t);
    if (!k) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, k, -1, free);
}

/* Registers fs_key() on the connection once. */
static void ensure_fn(fs_session *s)
{
    sqlite3_create_function(fs_db_sqlite(s->db), "fs_key", 1,
                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fs_key, NULL,
                            NULL);
}

int fs_parse_id(const char *text, const char *field, int64_t *id, fs_err *e)
{
    return fs_int_parse(text, field, 1, INT64_MAX / 2, id, e);
}

/* True when text is digits only, in any script. */
static int all_digits(const char *text)
{
    char *l = fs_text_latin_digits(text);
    int yes = l && *l;
    for (const char *p = l; yes && *p; p++)
        if (*p < '0' || *p > '9')
            yes = 0;
    free(l);
    return yes;
}

/* Runs the match query of kind k: exact (mode 0) or prefix (mode 1);
 * returns the number of matches (up to 6), their ids and a candidate list. */
static int find(fs_session *s, const struct kind *k, const char *key, int64_t scope, int mode, int64_t *id,
                char *cands, size_t ncands, fs_err *e)
{
    char sql[1024];
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT id, %s FROM %s WHERE (", k->display, k->table);
    for (int i = 0; i < 3 && k->keys[i]; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n,
                              mode == 0 ? "%s%s = ?1" : "%s(%s >= ?1 AND %s < ?1 || x'f48fbfbf')",
                              i ? " OR " : "", k->keys[i], k->keys[i]);
    n += (size_t)snprintf(sql + n, sizeof sql - n, ")%s%s ORDER BY id LIMIT 6", k->scope ? " AND " : "",
                          k->scope ? k->scope : "");
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (k->scope)
        sqlite3_bind_int64(st, 2, scope);
    int count = 0;
    cands[0] = '\0';
    size_t used = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (count == 0)
            *id = sqlite3_column_int64(st, 0);
        if (count < 5 && used < ncands) {
            const char *d = (const char *)sqlite3_column_text(st, 1);
            used += (size_t)snprintf(cands + used, ncands - used, "%s%lld %s", count ? ", " : "",
                                     (long long)sqlite3_column_int64(st, 0), d ? d : "");
            if (used >= ncands)
                used = ncands - 1;
        }
        count++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("looking up a name"), e), -1;
    return count;
}

/* The lookup shared by every kind. */
static int lookup(fs_session *s, const struct kind *k, int64_t scope, const char *text, const char *field,
                  int64_t *id, fs_err *e)
{
    if (!text || !*text)
        return fs_err_set(e, FS_EINVAL, field, _("%s: a %s is required."), field, _(k->what));
    ensure_fn(s);
    if (all_digits(text)) {
        int64_t want;
        if (fs_parse_id(text, field, &want, e) != FS_OK)
            return FS_EINVAL;
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?1%s%s", k->table, k->scope ? " AND " : "",
                 k->scope ? k->scope : "");
        sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, want);
        if (k->scope)
            sqlite3_bind_int64(st, 2, scope);
        int found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (found) {
            *id = want;
            return FS_OK;
        }
        /* Digits may also be a code or a key (product code "1001"). */
    }
    char *key = fs_text_search_key(text);
    if (!key)
        return fs_err_set(e, FS_ERUNTIME, field, _("out of memory."));
    char cands[512];
    int n = find(s, k, key, scope, 0, id, cands, sizeof cands, e);
    if (n == 0)
        n = find(s, k, key, scope, 1, id, cands, sizeof cands, e);
    free(key);
    if (n < 0)
        return e ? e->code : FS_ERUNTIME;
    if (n == 1)
        return FS_OK;
    char *clean = fs_text_sanitize(text, (size_t)-1);
    int rc;
    if (n == 0)
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: no %s matches \"%s\"."), field, _(k->what), clean ? clean : "");
    else
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is ambiguous; it matches %s%s."), field,
                        clean ? clean : "", cands, n > 5 ? ", …" : "");
    free(clean);
    return rc;
}

struct one_match {
    int n;
    int64_t id;
    char cands[512];
    size_t used;
};

static int count_match(void *ctx, const fs_identity_row *r)
{
    struct one_match *m = ctx;
    if (m->n++ == 0)
        m->id = r->id;
    if (m->n <= 5 && m->used < sizeof m->cands)
        m->used += (size_t)snprintf(m->cands + m->used, sizeof m->cands - m->used, "%s%lld %s", m->n > 1 ? ", " : "",
                                    (long long)r->id, r->name);
    if (m->used >= sizeof m->cands)
        m->used = sizeof m->cands - 1;
    return 0;
}

int fs_lookup_identity(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    int rc = lookup(s, &k_identity, 0, text, field, id, e);
    if (rc != FS_EINVAL || !text || !*text || strstr(e->msg, "ambiguous"))
        return rc;
    /* No name starts with the text: any words of the name (or a phone),
     * as type-ahead finds them — «فولاد مبارکه» names «شرکت فولاد مبارکه». */
    struct one_match m = { 0, 0, "", 0 };
    bool more = false;
    fs_err e2;
    if (fs_identity_search(s, text, 6, count_match, &m, &more, &e2) != FS_OK || m.n == 0)
        return rc;
    if (m.n == 1) {
        *id = m.id;
        fs_err_clear(e);
        return FS_OK;
    }
    char *clean = fs_text_sanitize(text, (size_t)-1);
    rc = fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is ambiguous; it matches %s%s."), field, clean ? clean : "",
                    m.cands, m.n > 5 || more ? ", …" : "");
    free(clean);
    return rc;
}

int fs_lookup_product(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    return lookup(s, &k_product, 0, text, field, id, e);
}

int fs_lookup_user(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    return lookup(s, &k_user, 0, text, field, id, e);
}

int fs_lookup_campaign(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    return lookup(s, &k_campaign, 0, text, field, id, e);
}

int fs_lookup_warehouse(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    return lookup(s, &k_warehouse, 0, text, field, id, e);
}

int fs_lookup_group(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    return lookup(s, &k_group, 0, text, field, id, e);
}

int fs_lookup_subtype(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    return lookup(s, &k_subtype, 0, text, field, id, e);
}

int fs_lookup_stage(fs_session *s, int64_t subtype_id, const char *text, const char *field, int64_t *id,
                    fs_err *e)
{
    return lookup(s, &k_stage, subtype_id, text, field, id, e);
}

int fs_lookup_list_item(fs_session *s, const char *list, const char *text, const char *field, int64_t *id,
                        fs_err *e)
{
    /* The list name is bound as text through the scope slot. */
    struct kind k = k_list;
    (void)k;
    ensure_fn(s);
    if (!text || !*text)
        return fs_err_set(e, FS_EINVAL, field, _("%s: a %s is required."), field, _(k_list.what));
    char *key = fs_text_search_key(text);
    if (!key)
        return fs_err_set(e, FS_ERUNTIME, field, _("out of memory."));
    sqlite3_stmt *st = fs_db_stmt(s->db,
        "SELECT id, key, 0 FROM list_item WHERE list = ?2 AND (CAST(id AS TEXT) = ?3 "
        "OR fs_key(key) = ?1 OR fs_key(label_fa) = ?1 OR fs_key(label_en) = ?1) "
        "UNION ALL SELECT id, key, 1 FROM list_item WHERE list = ?2 AND ("
        "fs_key(label_fa) >= ?1 AND fs_key(label_fa) < ?1 || x'f48fbfbf' OR "
        "fs_key(label_en) >= ?1 AND fs_key(label_en) < ?1 || x'f48fbfbf' OR "
        "fs_key(key) >= ?1 AND fs_key(key) < ?1 || x'f48fbfbf') ORDER BY 3, 1", e);
    if (!st) {
        free(key);
        return FS_ERUNTIME;
    }
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, list, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, key, -1, SQLITE_TRANSIENT);
    free(key);
    int exact = 0, prefix = 0;
    int64_t exact_id = 0, prefix_id = 0, last = 0;
    char cands[512] = "";
    size_t used = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t rid = sqlite3_column_int64(st, 0);
        int is_prefix = sqlite3_column_int(st, 2);
        if (!is_prefix) {
            if (exact == 0 || exact_id != rid)
                exact++;
            exact_id = rid;
        } else if (rid != last) {
            prefix++;
            prefix_id = rid;
            if (prefix <= 5 && used < sizeof cands)
                used += (size_t)snprintf(cands + used, sizeof cands - used, "%s%s", prefix > 1 ? ", " : "",
                                         (const char *)sqlite3_column_text(st, 1));
        }
        last = rid;
    }
    sqlite3_reset(st);
    if (exact == 1) {
        *id = exact_id;
        return FS_OK;
    }
    if (exact == 0 && prefix == 1) {
        *id = prefix_id;
        return FS_OK;
    }
    char *clean = fs_text_sanitize(text, (size_t)-1);
    int rc = prefix == 0 && exact == 0
                 ? fs_err_set(e, FS_EINVAL, field, _("%s: no item of the %s list matches \"%s\"."), field, list,
                              clean ? clean : "")
                 : fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is ambiguous; it matches %s."), field,
                              clean ? clean : "", cands);
    free(clean);
    return rc;
}

/* Where fs_lookup_label reads a name: the SQL for each language (?1 the
 * id, ?2 the list of a list item) and the noun for messages. */
static const struct {
    const char *what, *sql_en, *sql_fa, *noun;
    bool list;
} label_kinds[] = {
    { "subtype", "SELECT title_en FROM subtype WHERE id = ?1", "SELECT title_fa FROM subtype WHERE id = ?1",
      N_("subtype"), false },
    { "stage", "SELECT title_en FROM stage WHERE id = ?1 AND NOT deleted",
      "SELECT title_fa FROM stage WHERE id = ?1 AND NOT deleted", N_("stage"), false },
    { "type", "SELECT label_en FROM list_item WHERE id = ?1 AND list = ?2",
      "SELECT label_fa FROM list_item WHERE id = ?1 AND list = ?2", N_("list item"), true },
    { "source", "SELECT label_en FROM list_item WHERE id = ?1 AND list = ?2",
      "SELECT label_fa FROM list_item WHERE id = ?1 AND list = ?2", N_("list item"), true },
    { "win_reason", "SELECT label_en FROM list_item WHERE id = ?1 AND list = ?2",
      "SELECT label_fa FROM list_item WHERE id = ?1 AND list = ?2", N_("list item"), true },
    { "loss_reason", "SELECT label_en FROM list_item WHERE id = ?1 AND list = ?2",
      "SELECT label_fa FROM list_item WHERE id = ?1 AND list = ?2", N_("list item"), true },
    { "purchase_process", "SELECT label_en FROM list_item WHERE id = ?1 AND list = ?2",
      "SELECT label_fa FROM list_item WHERE id = ?1 AND list = ?2", N_("list item"), true },
    { "unit", "SELECT label_en FROM list_item WHERE id = ?1 AND list = ?2",
      "SELECT label_fa FROM list_item WHERE id = ?1 AND list = ?2", N_("list item"), true },
    { "campaign", "SELECT name FROM campaign WHERE id = ?1", NULL, N_("campaign"), false },
    { "assigned", "SELECT name FROM user WHERE id = ?1", NULL, N_("user"), false },
    { "contact", "SELECT name FROM identity WHERE id = ?1", NULL, N_("identity"), false },
    { "product", "SELECT name FROM product WHERE id = ?1", NULL, N_("product"), false },
    { "group", "SELECT name FROM product_group WHERE id = ?1", NULL, N_("product group"), false },
};

int fs_lookup_label(fs_session *s, const char *what, int64_t id, char *out, size_t n, fs_err *e)
{
    if (n)
        out[0] = '\0';
    for (size_t i = 0; i < sizeof label_kinds / sizeof *label_kinds; i++) {
        if (strcmp(label_kinds[i].what, what) != 0)
            continue;
        const char *sql = s->lang_fa && label_kinds[i].sql_fa ? label_kinds[i].sql_fa : label_kinds[i].sql_en;
        sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, id);
        if (label_kinds[i].list)
            sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        int status = FS_OK;
        if (rc == SQLITE_ROW)
            fs_text_copy(out, n, (const char *)sqlite3_column_text(st, 0));
        else if (rc == SQLITE_DONE)
            status = fs_err_set(e, FS_ECONFLICT, what, _("%s: no %s has the id %lld (any more)."), what,
                                _(label_kinds[i].noun), (long long)id);
        else
            status = fs_db_fail(s->db, _("looking up a name"), e);
        sqlite3_reset(st);
        return status;
    }
    return fs_err_set(e, FS_EINVAL, what, _("%s: not a kind of item that has a name."), what);
}
