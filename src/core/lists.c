/* lists.c — system lists (see lists.h). */
#include "lists.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "text.h"

static const struct {
    const char *list;
    const char *names[6]; /* search keys a user may type; '-' and '_' alike */
} list_names[] = {
    { "type", { "type", "types", "نوع", NULL } },
    { "source", { "source", "sources", "منبع", "نحوه آشنایی", NULL } },
    { "win_reason", { "win_reason", "win_reasons", "دلیل موفقیت", "دلایل موفقیت", NULL } },
    { "loss_reason", { "loss_reason", "loss_reasons", "دلیل شکست", "دلایل شکست", NULL } },
    { "purchase_process", { "purchase_process", "پروسه خرید", "فرایند خرید", NULL } },
    { "unit", { "unit", "units", "واحد", NULL } },
};

const char *fs_list_name(const char *text)
{
    char *key = fs_text_search_key(text ? text : "");
    if (!key)
        return NULL;
    for (char *p = key; *p; p++)
        if (*p == '-')
            *p = '_';
    const char *found = NULL;
    for (size_t i = 0; i < sizeof list_names / sizeof *list_names && !found; i++)
        for (int j = 0; list_names[i].names[j] && !found; j++)
            if (strcmp(key, list_names[i].names[j]) == 0)
                found = list_names[i].list;
    free(key);
    return found;
}

int fs_list_check_name(const char *text, const char **list, fs_err *e)
{
    *list = fs_list_name(text);
    if (*list)
        return FS_OK;
    char *clean = fs_text_sanitize(text ? text : "", (size_t)-1);
    int st = fs_err_set(e, FS_EINVAL, "list",
                        _("%s: no list is called \"%s\"; the lists are type, source, win-reason, loss-reason, "
                          "purchase-process and unit."),
                        _("list"), clean ? clean : "");
    free(clean);
    return st;
}

/* ---- reading ----------------------------------------------------------- */

int fs_list_show(fs_session *s, const char *list, fs_list_cb cb, void *ctx, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, list, key, label_fa, label_en, position, active FROM list_item "
                                         "WHERE list = ?1 ORDER BY position, id", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, list, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        fs_list_item it = {
            sqlite3_column_int64(st, 0),
            (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3),
            (const char *)sqlite3_column_text(st, 4),
            sqlite3_column_int(st, 5),
            sqlite3_column_int(st, 6) != 0,
        };
        if (cb(ctx, &it) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    int status = rc == SQLITE_DONE ? FS_OK : fs_db_fail(s->db, _("reading the list"), e);
    sqlite3_reset(st);
    return status;
}

int fs_list_label(fs_session *s, int64_t id, char *out, size_t n, fs_err *e)
{
    out[0] = '\0';
    if (id <= 0)
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT CASE WHEN ?2 THEN label_fa ELSE label_en END FROM list_item "
                                         "WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, s->lang_fa);
    int status = FS_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    else
        status = fs_err_set(e, FS_ECONFLICT, "id", _("list item %lld does not exist."), (long long)id);
    sqlite3_reset(st);
    return status;
}

/* The stored state of one item, read inside a transaction. */
struct item {
    int64_t id;
    char key[FS_LIST_KEY_MAX + 1];
    char *label_fa, *label_en;
    int position;
    bool active;
};

/* Frees the labels of *it. */
static void item_free(struct item *it)
{
    free(it->label_fa);
    free(it->label_en);
}

/* Reads item id of list, or FS_ECONFLICT when list has no such item. */
static int item_get(fs_session *s, const char *list, int64_t id, struct item *it, fs_err *e)
{
    memset(it, 0, sizeof *it);
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT key, label_fa, label_en, position, active FROM list_item "
                                         "WHERE id = ?1 AND list = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, list, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int status = FS_OK;
    if (rc == SQLITE_ROW) {
        it->id = id;
        snprintf(it->key, sizeof it->key, "%s", (const char *)sqlite3_column_text(st, 0));
        it->label_fa = fs_col_strdup(st, 1);
        it->label_en = fs_col_strdup(st, 2);
        it->position = sqlite3_column_int(st, 3);
        it->active = sqlite3_column_int(st, 4) != 0;
        if (!it->label_fa || !it->label_en)
            status = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    } else if (rc == SQLITE_DONE) {
        status = fs_err_set(e, FS_ECONFLICT, "item", _("the %s list has no item %lld."), list, (long long)id);
    } else {
        status = fs_db_fail(s->db, _("reading the list"), e);
    }
    sqlite3_reset(st);
    return status;
}

/* ---- validation --------------------------------------------------------- */

/* A label as stored: normalised, 1–100 characters, one line.  NULL in →
 * NULL out (not given). */
static int clean_label(const char *field, const char *label, const char *in, char **out, fs_err *e)
{
    *out = NULL;
    if (!in)
        return FS_OK;
    return fs_list_clean_name(field, label, in, FS_LIST_LABEL_MAX, out, e);
}

int fs_list_clean_name(const char *field, const char *label, const char *in, size_t max, char **out, fs_err *e)
{
    *out = fs_text_normalize(in ? in : "");
    if (!*out)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    int st = FS_OK;
    if (!**out)
        st = fs_err_set(e, FS_EINVAL, field, _("%s: required."), label);
    else if (fs_text_length(*out) > max)
        st = fs_err_set(e, FS_EINVAL, field, _("%s: must be at most %zu characters."), label, max);
    for (const unsigned char *p = (const unsigned char *)*out; st == FS_OK && *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            st = fs_err_set(e, FS_EINVAL, field, _("%s: must be one line without control characters."), label);
    if (st != FS_OK) {
        free(*out);
        *out = NULL;
    }
    return st;
}

/* FS_ECONFLICT when one of the labels (NULL = none) equals, by search key,
 * a label of another item of list. */
static int check_labels_unique(fs_session *s, const char *list, int64_t self, const char *fa, const char *en,
                               fs_err *e)
{
    char *keys[2] = { fa ? fs_text_search_key(fa) : NULL, en ? fs_text_search_key(en) : NULL };
    const char *given[2] = { fa, en };
    int status = FS_OK;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, key, label_fa, label_en FROM list_item WHERE list = ?1", e);
    if (!st)
        status = FS_ERUNTIME;
    else
        sqlite3_bind_text(st, 1, list, -1, SQLITE_TRANSIENT);
    while (status == FS_OK && sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_int64(st, 0) == self)
            continue;
        for (int col = 2; col <= 3 && status == FS_OK; col++) {
            char *k = fs_text_search_key((const char *)sqlite3_column_text(st, col));
            for (int i = 0; i < 2 && status == FS_OK; i++)
                if (keys[i] && k && strcmp(keys[i], k) == 0)
                    status = fs_err_set(e, FS_ECONFLICT, i ? "en" : "fa",
                                        _("%s: \"%s\" is already the label of item %s of the %s list."),
                                        i ? _("English label") : _("Persian label"), given[i],
                                        (const char *)sqlite3_column_text(st, 1), list);
            free(k);
        }
    }
    if (st)
        sqlite3_reset(st);
    free(keys[0]);
    free(keys[1]);
    return status;
}

/* True when list already has an item with this key. */
static int key_exists(fs_session *s, const char *list, const char *key, bool *exists, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT 1 FROM list_item WHERE list = ?1 AND key = ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, list, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
    *exists = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return FS_OK;
}

/* A typed key: a-z, 0-9 and _, starting with a letter (so it never reads
 * as an id), up to FS_LIST_KEY_MAX. */
static int check_key(const char *key, fs_err *e)
{
    size_t n = strlen(key);
    bool ok = n >= 1 && n <= FS_LIST_KEY_MAX && key[0] >= 'a' && key[0] <= 'z';
    for (size_t i = 0; ok && i < n; i++)
        ok = (key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == '_';
    if (ok)
        return FS_OK;
    return fs_err_set(e, FS_EINVAL, "key",
                      _("%s: must be 1 to %d lower-case English letters, digits or _, starting with a letter."),
                      _("key"), FS_LIST_KEY_MAX);
}

/* A key made from the English label: lower-case letters and digits, other
 * runs → '_'; "item" when nothing is left; made unique with _2, _3 … */
static int derive_key(fs_session *s, const char *list, const char *label, char *key, size_t n, fs_err *e)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)label; *p && k + 1 < FS_LIST_KEY_MAX - 4; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            key[k++] = (char)c;
        else if (k && key[k - 1] != '_')
            key[k++] = '_';
    }
    while (k && key[k - 1] == '_')
        k--;
    key[k] = '\0';
    if (!k || key[0] < 'a' || key[0] > 'z') {
        char tail[FS_LIST_KEY_MAX];
        snprintf(tail, sizeof tail, "%s", key);
        snprintf(key, n, "item%s%s", k ? "_" : "", tail);
    }
    size_t base = strlen(key);
    for (int i = 2;; i++) {
        bool exists;
        if (key_exists(s, list, key, &exists, e) != FS_OK)
            return FS_ERUNTIME;
        if (!exists)
            return FS_OK;
        snprintf(key + base, n - base, "_%d", i);
    }
}

/* ---- changes -------------------------------------------------------------- */

struct change;
/* One change of an existing item, given its stored state. */
typedef int (*item_op)(struct change *c, const struct item *it, fs_err *e);

struct change {
    fs_session *s;
    const char *list;
    int64_t id;
    const char *key, *fa, *en;
    int64_t position;
    bool active;
    item_op op;
};

/* The transaction of fs_list_add(): validate labels and key, append. */
static int add_tx(fs_db *db, void *v, fs_err *e)
{
    (void)db;
    struct change *c = v;
    fs_session *s = c->s;
    char *fa = NULL, *en = NULL;
    char key[FS_LIST_KEY_MAX + 8];
    int st = FS_OK;
    if ((!c->fa || !*c->fa) && (!c->en || !*c->en))
        st = fs_err_set(e, FS_EINVAL, "fa", _("%s: give a Persian or an English label (or both)."), _("label"));
    if (st == FS_OK && c->fa && *c->fa)
        st = clean_label("fa", _("Persian label"), c->fa, &fa, e);
    if (st == FS_OK && c->en && *c->en)
        st = clean_label("en", _("English label"), c->en, &en, e);
    if (st == FS_OK && c->key && *c->key) {
        /* Keys are lower case; "Premium" is taken as "premium". */
        snprintf(key, sizeof key, "%s", strlen(c->key) < sizeof key ? c->key : "");
        for (char *p = key; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        st = check_key(key, e);
        bool exists = false;
        if (st == FS_OK && (st = key_exists(s, c->list, key, &exists, e)) == FS_OK && exists)
            st = fs_err_set(e, FS_ECONFLICT, "key", _("%s: the %s list already has an item \"%s\"."), _("key"),
                            c->list, key);
    } else if (st == FS_OK) {
        st = derive_key(s, c->list, en ? en : "", key, sizeof key, e);
    }
    if (st == FS_OK)
        st = check_labels_unique(s, c->list, 0, fa, en, e);
    if (st == FS_OK) {
        sqlite3_stmt *ins = fs_db_stmt(s->db,
                                       "INSERT INTO list_item(list, key, label_fa, label_en, position) "
                                       "SELECT ?1, ?2, ?3, ?4, coalesce(max(position), 0) + 1 FROM list_item "
                                       "WHERE list = ?1",
                                       e);
        if (!ins) {
            st = FS_ERUNTIME;
        } else {
            sqlite3_bind_text(ins, 1, c->list, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 2, key, -1, SQLITE_TRANSIENT);
            fs_bind_text(ins, 3, fa ? fa : en);
            fs_bind_text(ins, 4, en ? en : fa);
            st = fs_db_step_done(s->db, ins, _("saving the list item"), e);
            c->id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
        }
    }
    free(fa);
    free(en);
    return st;
}

/* The permission and list-name checks every change starts with. */
static int begin_change(fs_session *s, const char **list, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_LISTS, e) != FS_OK)
        return FS_EPERM;
    return fs_list_check_name(*list, list, e);
}

int fs_list_add(fs_session *s, const char *list, const char *key, const char *label_fa, const char *label_en,
                int64_t *id, fs_err *e)
{
    int st = begin_change(s, &list, e);
    if (st != FS_OK)
        return st;
    struct change c = { .s = s, .list = list, .key = key, .fa = label_fa, .en = label_en };
    st = fs_db_write(s->db, add_tx, &c, e);
    if (st == FS_OK && id)
        *id = c.id;
    return st;
}

/* Runs c->op on the stored item c->id inside a write transaction. */
static int item_tx(fs_db *db, void *v, fs_err *e)
{
    (void)db;
    struct change *c = v;
    struct item it;
    int st = item_get(c->s, c->list, c->id, &it, e);
    if (st == FS_OK)
        st = c->op(c, &it, e);
    item_free(&it);
    return st;
}

/* Checks permission and list name, then runs c->op in a transaction. */
static int change_item(fs_session *s, const char *list, struct change *c, fs_err *e)
{
    int st = begin_change(s, &list, e);
    if (st != FS_OK)
        return st;
    c->s = s;
    c->list = list;
    return fs_db_write(s->db, item_tx, c, e);
}

/* Steps a one-row UPDATE/DELETE of the item: ?1 = its id, ?2 = value
 * (binding ?2 to a statement without it is harmless). */
static int item_step(struct change *c, const char *sql, int64_t value, const char *what, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(c->s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int64(st, 2, value);
    return fs_db_step_done(c->s->db, st, what, e);
}

/* Sets the given labels and logs them. */
static int rename_op(struct change *c, const struct item *it, fs_err *e)
{
    fs_session *s = c->s;
    char *fa = NULL, *en = NULL;
    int st = FS_OK;
    if (!c->fa && !c->en)
        st = fs_err_set(e, FS_EINVAL, "fa", _("%s: give a new Persian label, a new English label, or both."),
                        _("label"));
    if (st == FS_OK)
        st = clean_label("fa", _("Persian label"), c->fa, &fa, e);
    if (st == FS_OK)
        st = clean_label("en", _("English label"), c->en, &en, e);
    if (st == FS_OK)
        st = check_labels_unique(s, c->list, c->id, fa, en, e);
    if (st == FS_OK) {
        sqlite3_stmt *up = fs_db_stmt(s->db, "UPDATE list_item SET label_fa = coalesce(?2, label_fa), "
                                             "label_en = coalesce(?3, label_en) WHERE id = ?1", e);
        if (!up) {
            st = FS_ERUNTIME;
        } else {
            sqlite3_bind_int64(up, 1, c->id);
            fs_bind_text(up, 2, fa);
            fs_bind_text(up, 3, en);
            st = fs_db_step_done(s->db, up, _("saving the list item"), e);
        }
    }
    char now[21];
    fs_now_iso(now);
    if (st == FS_OK && fa)
        st = fs_history_record(s, "list_item", c->id, "label_fa", it->label_fa, fa, now, e);
    if (st == FS_OK && en)
        st = fs_history_record(s, "list_item", c->id, "label_en", it->label_en, en, now, e);
    free(fa);
    free(en);
    return st;
}

int fs_list_rename(fs_session *s, const char *list, int64_t item_id, const char *label_fa, const char *label_en,
                   fs_err *e)
{
    struct change c = { .id = item_id, .fa = label_fa, .en = label_en, .op = rename_op };
    return change_item(s, list, &c, e);
}

/* The ids of list in order with item c->id slotted in at c->position (at
 * the end when beyond it); *n set.  NULL with *e on failure. */
static int64_t *new_order(struct change *c, size_t *n, fs_err *e)
{
    sqlite3_stmt *sel = fs_db_stmt(c->s->db, "SELECT id FROM list_item WHERE list = ?1 AND id <> ?2 "
                                             "ORDER BY position, id", e);
    if (!sel)
        return NULL;
    sqlite3_bind_text(sel, 1, c->list, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(sel, 2, c->id);
    /* Room for one more is kept so the item fits at the end too. */
    size_t cap = 32;
    int64_t *ids = malloc(cap * sizeof *ids);
    *n = 0;
    while (ids && sqlite3_step(sel) == SQLITE_ROW) {
        if (*n + 3 > cap) {
            cap *= 2;
            int64_t *grown = realloc(ids, cap * sizeof *ids);
            if (!grown) {
                free(ids);
                ids = NULL;
                break;
            }
            ids = grown;
        }
        if ((int64_t)*n + 1 == c->position)
            ids[(*n)++] = c->id;
        ids[(*n)++] = sqlite3_column_int64(sel, 0);
    }
    sqlite3_reset(sel);
    if (!ids) {
        fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        return NULL;
    }
    if (c->position > (int64_t)*n)
        ids[(*n)++] = c->id;
    return ids;
}

/* Moves the item to c->position and renumbers the list. */
static int move_op(struct change *c, const struct item *it, fs_err *e)
{
    if (c->position < 1)
        return fs_err_set(e, FS_EINVAL, "position", _("%s: must be a whole number from 1 up."), _("position"));
    /* Lists are short (tens of items): renumber them all in order. */
    size_t n;
    int64_t *ids = new_order(c, &n, e);
    if (!ids)
        return FS_ERUNTIME;
    int st = FS_OK;
    int64_t slot = 0;
    sqlite3_stmt *up = fs_db_stmt(c->s->db, "UPDATE list_item SET position = ?2 WHERE id = ?1 AND position <> ?2", e);
    if (!up)
        st = FS_ERUNTIME;
    for (size_t i = 0; i < n && st == FS_OK; i++) {
        sqlite3_bind_int64(up, 1, ids[i]);
        sqlite3_bind_int64(up, 2, (int64_t)i + 1);
        st = fs_db_step_done(c->s->db, up, _("saving the list order"), e);
        if (ids[i] == c->id)
            slot = (int64_t)i + 1;
    }
    free(ids);
    char now[21];
    fs_now_iso(now);
    if (st == FS_OK)
        st = fs_history_record_int(c->s, "list_item", c->id, "position", it->position, slot, 0, now, e);
    return st;
}

int fs_list_move(fs_session *s, const char *list, int64_t item_id, int64_t position, fs_err *e)
{
    struct change c = { .id = item_id, .position = position, .op = move_op };
    return change_item(s, list, &c, e);
}

/* Sets the active flag (nothing to do when it already has it). */
static int active_op(struct change *c, const struct item *it, fs_err *e)
{
    if (it->active == c->active)
        return FS_OK;
    int st = item_step(c, "UPDATE list_item SET active = ?2 WHERE id = ?1", c->active, _("saving the list item"), e);
    char now[21];
    fs_now_iso(now);
    if (st == FS_OK)
        st = fs_history_record_int(c->s, "list_item", c->id, "active", it->active, c->active, 0, now, e);
    return st;
}

int fs_list_set_active(fs_session *s, const char *list, int64_t item_id, bool active, fs_err *e)
{
    struct change c = { .id = item_id, .active = active, .op = active_op };
    return change_item(s, list, &c, e);
}

/* Where an item may be used; the first one found is named in the refusal.
 * Opportunity and identity have no index on these columns: a delete is a
 * rare admin action, so one scan is acceptable there. */
static const struct {
    const char *sql;
    const char *what;
} uses[] = {
    { "SELECT 1 FROM identity WHERE source_id = ?1 LIMIT 1", N_("identities") },
    { "SELECT 1 FROM opportunity WHERE type_id = ?1 OR source_id = ?1 OR win_reason_id = ?1 "
      "OR loss_reason_id = ?1 OR purchase_process_id = ?1 LIMIT 1",
      N_("opportunities") },
    { "SELECT 1 FROM product WHERE unit_id = ?1 LIMIT 1", N_("products") },
};

/* Deletes an unused item and closes the gap in the order. */
static int delete_op(struct change *c, const struct item *it, fs_err *e)
{
    fs_session *s = c->s;
    const char *label = s->lang_fa ? it->label_fa : it->label_en;
    int st = FS_OK;
    for (size_t i = 0; st == FS_OK && i < sizeof uses / sizeof *uses; i++) {
        sqlite3_stmt *q = fs_db_stmt(s->db, uses[i].sql, e);
        if (!q)
            return FS_ERUNTIME;
        sqlite3_bind_int64(q, 1, c->id);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc == SQLITE_ROW)
            st = fs_err_set(e, FS_ECONFLICT, "item",
                            _("item \"%s\" of the %s list is used by %s, so it cannot be deleted; disable it "
                              "instead (forsat list disable %s %s)."),
                            label, c->list, _(uses[i].what), c->list, it->key);
        else if (rc != SQLITE_DONE)
            st = fs_db_fail(s->db, _("checking where the item is used"), e);
    }
    if (st == FS_OK) {
        st = item_step(c, "DELETE FROM list_item WHERE id = ?1", 0, _("deleting the list item"), e);
        /* A reference this module does not know of still blocks it. */
        if (st == FS_EINVAL)
            st = fs_err_set(e, FS_ECONFLICT, "item",
                            _("item \"%s\" of the %s list is in use, so it cannot be deleted; disable it instead."),
                            label, c->list);
    }
    if (st == FS_OK) {
        sqlite3_stmt *up = fs_db_stmt(s->db, "UPDATE list_item SET position = position - 1 "
                                             "WHERE list = ?1 AND position > ?2", e);
        if (!up)
            return FS_ERUNTIME;
        sqlite3_bind_text(up, 1, c->list, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(up, 2, it->position);
        st = fs_db_step_done(s->db, up, _("saving the list order"), e);
    }
    char now[21];
    fs_now_iso(now);
    if (st == FS_OK)
        st = fs_history_record(s, "list_item", c->id, "key", it->key, NULL, now, e);
    return st;
}

int fs_list_delete(fs_session *s, const char *list, int64_t item_id, fs_err *e)
{
    struct change c = { .id = item_id, .op = delete_op };
    return change_item(s, list, &c, e);
}
