/* subtype.c — subtypes, stage chains and custom fields (see subtype.h). */
#include "subtype.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "i18n.h"
#include "jdate.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "rows.h"
#include "text.h"

#define KEY_MAX_CHARS 50
#define TITLE_MAX_CHARS 200
#define TEXT_VALUE_MAX_CHARS 1000

static const char *const stage_kind_names[] = { "open", "won", "lost" };
static const char *const field_type_names[] = { "text", "number", "amount", "date", "bool", "choice", "user" };

const char *fs_stage_kind_name(enum fs_stage_kind k)
{
    return stage_kind_names[k];
}

int fs_stage_kind_parse(const char *text, const char *field, enum fs_stage_kind *k, fs_err *e)
{
    for (int i = 0; i < 3; i++)
        if (text && strcmp(text, stage_kind_names[i]) == 0) {
            *k = (enum fs_stage_kind)i;
            return FS_OK;
        }
    return fs_err_set(e, FS_EINVAL, field, _("%s: must be open, won or lost."), field);
}

const char *fs_custom_field_type_name(enum fs_custom_field_type t)
{
    return field_type_names[t];
}

int fs_custom_field_type_parse(const char *text, const char *field, enum fs_custom_field_type *t, fs_err *e)
{
    for (int i = 0; i < 7; i++)
        if (text && strcmp(text, field_type_names[i]) == 0) {
            *t = (enum fs_custom_field_type)i;
            return FS_OK;
        }
    return fs_err_set(e, FS_EINVAL, field,
                      _("%s: must be text, number, amount, date, bool, choice or user."), field);
}

/* ---- shared checks ------------------------------------------------------ */

/* Checks a key (letters a–z, digits, '_', '-'; 1–50) and lowercases it into
 * out. */
static int check_key(const char *text, const char *field, char out[FS_KEY_BYTES], fs_err *e)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > KEY_MAX_CHARS)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be 1 to %d characters."), field, KEY_MAX_CHARS);
    for (size_t i = 0; i < n; i++) {
        char ch = text[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
            return fs_err_set(e, FS_EINVAL, field,
                              _("%s: may hold only the letters a to z, digits, '_' and '-'."), field);
        out[i] = ch;
    }
    out[n] = '\0';
    return FS_OK;
}

/* Normalises a title (1–200 characters) into out. */
static int check_title(const char *text, const char *field, char out[FS_TITLE_BYTES], fs_err *e)
{
    char *t = fs_text_normalize(text ? text : "");
    if (!t)
        return fs_err_set(e, FS_ERUNTIME, field, _("out of memory."));
    size_t len = fs_text_length(t);
    int rc = FS_OK;
    if (len == 0 || len > TITLE_MAX_CHARS || strlen(t) >= FS_TITLE_BYTES)
        rc = fs_err_set(e, FS_EINVAL, field, _("%s: must be 1 to %d characters."), field, TITLE_MAX_CHARS);
    else
        snprintf(out, FS_TITLE_BYTES, "%s", t);
    free(t);
    return rc;
}

/* Both titles of a new thing: at least one is given; a missing one takes
 * the other's text. */
static int check_titles(const char *fa, const char *en, const char *field_fa, const char *field_en,
                        char out_fa[FS_TITLE_BYTES], char out_en[FS_TITLE_BYTES], fs_err *e)
{
    bool has_fa = fa && *fa, has_en = en && *en;
    if (!has_fa && !has_en)
        return fs_err_set(e, FS_EINVAL, field_fa, _("%s: give a Persian or an English title."), field_fa);
    if (check_title(has_fa ? fa : en, field_fa, out_fa, e) != FS_OK)
        return FS_EINVAL;
    return check_title(has_en ? en : fa, field_en, out_en, e);
}

/* Copies column i into a fixed buffer. */
static void col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
}

/* Runs a one-row, one-integer query with up to two integer parameters;
 * *out gets the value (0 when there is no row). */
static int query_int(fs_session *s, const char *sql, int64_t a, int64_t b, int64_t *out, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, b);
    int rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fs_db_fail(s->db, _("reading the opportunity model"), e);
    return FS_OK;
}

/* Reads the one row of sql (?1 = id) into out with read; FS_ECONFLICT
 * naming field when there is none (`what` is the thing, translated). */
static int get_one(fs_session *s, const char *sql, int64_t id, fs_row_fn read, void *out, const char *field,
                   const char *what, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    bool ok = rc == SQLITE_ROW && read(s, st, out);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return fs_err_set(e, FS_ECONFLICT, field, _("%s: no %s has the id %" PRId64 "."), field, what, id);
    return ok ? FS_OK : fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

/* Reads every row of st into a flat array (no owned pointers inside); on
 * failure the array is freed and empty. */
static int list_flat(fs_session *s, sqlite3_stmt *st, void **out, int *n, size_t sz, fs_row_fn read, const char *what,
                     fs_err *e)
{
    int rc = fs_rows_read(s, st, out, n, sz, read, what, e);
    if (rc != FS_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* ---- subtypes ----------------------------------------------------------- */

#define SUBTYPE_COLS "id, key, title_fa, title_en, is_default, active, position"

static void read_subtype(sqlite3_stmt *st, fs_subtype *t)
{
    t->id = sqlite3_column_int64(st, 0);
    col_copy(st, 1, t->key, sizeof t->key);
    col_copy(st, 2, t->title_fa, sizeof t->title_fa);
    col_copy(st, 3, t->title_en, sizeof t->title_en);
    t->is_default = sqlite3_column_int(st, 4) != 0;
    t->active = sqlite3_column_int(st, 5) != 0;
    t->position = sqlite3_column_int(st, 6);
}

static bool row_subtype(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    read_subtype(st, elem);
    return true;
}

int fs_subtype_list(fs_session *s, fs_subtype **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT " SUBTYPE_COLS " FROM subtype ORDER BY position, id", e);
    if (!st)
        return FS_ERUNTIME;
    return list_flat(s, st, (void **)out, n, sizeof **out, row_subtype, _("listing subtypes"), e);
}

int fs_subtype_get(fs_session *s, int64_t id, fs_subtype *out, fs_err *e)
{
    return get_one(s, "SELECT " SUBTYPE_COLS " FROM subtype WHERE id = ?1", id, row_subtype, out, "subtype",
                   _("subtype"), e);
}

int fs_subtype_default(fs_session *s, int64_t *id, fs_err *e)
{
    if (query_int(s, "SELECT id FROM subtype WHERE is_default ORDER BY position, id LIMIT 1", 0, 0, id, e) != FS_OK)
        return FS_ERUNTIME;
    if (*id == 0 && query_int(s, "SELECT id FROM subtype ORDER BY position, id LIMIT 1", 0, 0, id, e) != FS_OK)
        return FS_ERUNTIME;
    if (*id == 0)
        return fs_err_set(e, FS_ECONFLICT, "subtype", _("subtype: the database has no opportunity subtype."));
    return FS_OK;
}

int fs_subtype_resolve(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e)
{
    if (!text || !*text)
        return fs_subtype_default(s, id, e);
    return fs_lookup_subtype(s, text, field, id, e);
}

struct subtype_add_ctx {
    fs_session *s;
    const char *key, *title_fa, *title_en;
    int64_t id;
};

/* Inserts the subtype at the end and copies the default chain into it. */
static int subtype_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct subtype_add_ctx *c = vctx;
    int64_t taken, def;
    sqlite3_stmt *st = fs_db_stmt(db, "SELECT count(*) FROM subtype WHERE key = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, c->key, -1, SQLITE_STATIC);
    taken = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (taken)
        return fs_err_set(e, FS_ECONFLICT, "key", _("key: a subtype with the key \"%s\" already exists."), c->key);
    if (fs_subtype_default(c->s, &def, e) != FS_OK)
        return e->code;
    st = fs_db_stmt(db,
                    "INSERT INTO subtype(key, title_fa, title_en, is_default, active, position) "
                    "VALUES (?1, ?2, ?3, 0, 1, (SELECT coalesce(max(position), 0) + 1 FROM subtype))",
                    e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, c->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->title_fa, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->title_en, -1, SQLITE_STATIC);
    if (fs_db_step_done(db, st, _("adding the subtype"), e) != FS_OK)
        return FS_ERUNTIME;
    c->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
    st = fs_db_stmt(db,
                    "INSERT INTO stage(subtype_id, key, title_fa, title_en, position, kind, active) "
                    "SELECT ?1, key, title_fa, title_en, "
                    "row_number() OVER (ORDER BY position, id), kind, 1 "
                    "FROM stage WHERE subtype_id = ?2 AND active AND NOT deleted",
                    e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    sqlite3_bind_int64(st, 2, def);
    return fs_db_step_done(db, st, _("copying the default stages"), e);
}

int fs_subtype_add(fs_session *s, const char *key, const char *title_fa, const char *title_en, int64_t *id,
                   fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    char k[FS_KEY_BYTES], fa[FS_TITLE_BYTES], en[FS_TITLE_BYTES];
    if (check_key(key, "key", k, e) != FS_OK ||
        check_titles(title_fa, title_en, "title_fa", "title_en", fa, en, e) != FS_OK)
        return FS_EINVAL;
    struct subtype_add_ctx c = { s, k, fa, en, 0 };
    int rc = fs_db_write(s->db, subtype_add_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

struct retitle_ctx {
    fs_session *s;
    const char *sql;      /* UPDATE … SET title_fa = ?2, title_en = ?3 WHERE id = ?1 */
    int64_t id;
    const char *fa, *en;  /* NULL keeps */
    const char *what;
};

/* Sets the titles of one row (subtype or stage); the row must exist. */
static int retitle_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct retitle_ctx *c = vctx;
    sqlite3_stmt *st = fs_db_stmt(db, c->sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->id);
    fs_bind_text(st, 2, c->fa);
    fs_bind_text(st, 3, c->en);
    if (fs_db_step_done(db, st, c->what, e) != FS_OK)
        return FS_ERUNTIME;
    if (sqlite3_changes(fs_db_sqlite(db)) == 0)
        return fs_err_set(e, FS_ECONFLICT, "id", _("id: nothing has the id %" PRId64 "."), c->id);
    return FS_OK;
}

/* Shared by the subtype and stage renames: checks the given titles and
 * writes them. */
static int retitle(fs_session *s, const char *sql, int64_t id, const char *title_fa, const char *title_en,
                   const char *what, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    char fa[FS_TITLE_BYTES], en[FS_TITLE_BYTES];
    bool has_fa = title_fa != NULL, has_en = title_en != NULL;
    if (!has_fa && !has_en)
        return fs_err_set(e, FS_EINVAL, "title_fa", _("title_fa: give a new Persian or English title."));
    if ((has_fa && check_title(title_fa, "title_fa", fa, e) != FS_OK) ||
        (has_en && check_title(title_en, "title_en", en, e) != FS_OK))
        return FS_EINVAL;
    struct retitle_ctx c = { s, sql, id, has_fa ? fa : NULL, has_en ? en : NULL, what };
    return fs_db_write(s->db, retitle_tx, &c, e);
}

int fs_subtype_rename(fs_session *s, int64_t id, const char *title_fa, const char *title_en, fs_err *e)
{
    return retitle(s,
                   "UPDATE subtype SET title_fa = coalesce(?2, title_fa), title_en = coalesce(?3, title_en) "
                   "WHERE id = ?1",
                   id, title_fa, title_en, _("renaming the subtype"), e);
}

/* Makes one subtype the default and the others not. */
static int set_default_tx(fs_db *db, void *vctx, fs_err *e)
{
    int64_t id = *(int64_t *)vctx;
    sqlite3_stmt *st = fs_db_stmt(db, "UPDATE subtype SET is_default = (id = ?1) WHERE EXISTS "
                                      "(SELECT 1 FROM subtype WHERE id = ?1 AND active)", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    if (fs_db_step_done(db, st, _("changing the default subtype"), e) != FS_OK)
        return FS_ERUNTIME;
    if (sqlite3_changes(fs_db_sqlite(db)) == 0)
        return fs_err_set(e, FS_ECONFLICT, "subtype",
                          _("subtype: no active subtype has the id %" PRId64 "."), id);
    return FS_OK;
}

int fs_subtype_set_default(fs_session *s, int64_t id, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    return fs_db_write(s->db, set_default_tx, &id, e);
}

/* ---- stages ------------------------------------------------------------- */

#define STAGE_COLS "id, subtype_id, key, title_fa, title_en, position, kind, active, deleted"

static void read_stage(sqlite3_stmt *st, fs_stage *g)
{
    g->id = sqlite3_column_int64(st, 0);
    g->subtype_id = sqlite3_column_int64(st, 1);
    col_copy(st, 2, g->key, sizeof g->key);
    col_copy(st, 3, g->title_fa, sizeof g->title_fa);
    col_copy(st, 4, g->title_en, sizeof g->title_en);
    g->position = sqlite3_column_int(st, 5);
    const char *k = (const char *)sqlite3_column_text(st, 6);
    g->kind = k && strcmp(k, "won") == 0 ? FS_STAGE_WON : k && strcmp(k, "lost") == 0 ? FS_STAGE_LOST : FS_STAGE_OPEN;
    g->active = sqlite3_column_int(st, 7) != 0;
    g->deleted = sqlite3_column_int(st, 8) != 0;
    g->opp_count = 0;
}

static bool row_stage_only(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    read_stage(st, elem);
    return true;
}

static bool row_stage(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    fs_stage *g = elem;
    read_stage(st, g);
    g->opp_count = sqlite3_column_int64(st, 9);
    return true;
}

int fs_stage_list(fs_session *s, int64_t subtype_id, fs_stage **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT " STAGE_COLS ", (SELECT count(*) FROM opportunity o WHERE o.stage_id = stage.id) "
                                  "FROM stage WHERE subtype_id = ?1 AND NOT deleted ORDER BY position, id",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, subtype_id);
    return list_flat(s, st, (void **)out, n, sizeof **out, row_stage, _("listing stages"), e);
}

int fs_stage_get(fs_session *s, int64_t id, fs_stage *out, fs_err *e)
{
    return get_one(s, "SELECT " STAGE_COLS " FROM stage WHERE id = ?1", id, row_stage_only, out, "stage",
                   _("stage"), e);
}

int fs_stage_resolve(fs_session *s, int64_t subtype_id, const char *text, const char *field, int64_t *id,
                     fs_err *e)
{
    int64_t want = 0;
    fs_stage g;
    /* An id of any subtype, when no subtype is imposed. */
    if (subtype_id == 0 && text && fs_parse_id(text, field, &want, NULL) == FS_OK &&
        fs_stage_get(s, want, &g, NULL) == FS_OK && !g.deleted) {
        *id = want;
        return FS_OK;
    }
    if (subtype_id == 0 && fs_subtype_default(s, &subtype_id, e) != FS_OK)
        return e->code;
    if (fs_lookup_stage(s, subtype_id, text, field, &want, e) != FS_OK)
        return e->code;
    if (fs_stage_get(s, want, &g, e) != FS_OK)
        return e->code;
    if (g.deleted) {
        char *clean = fs_text_sanitize(text, (size_t)-1);
        fs_err_set(e, FS_EINVAL, field, _("%s: no stage matches \"%s\"."), field, clean ? clean : "");
        free(clean);
        return FS_EINVAL;
    }
    *id = want;
    return FS_OK;
}

int fs_stage_first(fs_session *s, int64_t subtype_id, int64_t *id, fs_err *e)
{
    if (query_int(s,
                  "SELECT id FROM stage WHERE subtype_id = ?1 AND active AND NOT deleted "
                  "ORDER BY kind <> 'open', position, id LIMIT 1",
                  subtype_id, 0, id, e) != FS_OK)
        return FS_ERUNTIME;
    if (*id == 0)
        return fs_err_set(e, FS_ECONFLICT, "stage", _("stage: the subtype has no active stage."));
    return FS_OK;
}

static bool row_id(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    *(int64_t *)elem = sqlite3_column_int64(st, 0);
    return true;
}

/* Rewrites the positions of a subtype's stages as 1, 2, … in their current
 * order, with `moving` (0 for none) placed at `to`. */
static int renumber(fs_session *s, int64_t subtype_id, int64_t moving, int to, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT id FROM stage WHERE subtype_id = ?1 AND NOT deleted AND id <> ?2 "
                                  "ORDER BY position, id",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, subtype_id);
    sqlite3_bind_int64(st, 2, moving);
    int64_t *ids = NULL;
    int n = 0;
    if (fs_rows_read(s, st, (void **)&ids, &n, sizeof *ids, row_id, _("ordering the stages"), e) != FS_OK) {
        free(ids);
        return FS_ERUNTIME;
    }
    /* One more slot than the rows, for the stage being placed. */
    int64_t *v = realloc(ids, (size_t)(n + 1) * sizeof *v);
    if (!v) {
        free(ids);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    ids = v;
    if (moving) {
        if (to < 1 || to > n + 1)
            to = n + 1;
        memmove(ids + to, ids + to - 1, (size_t)(n - to + 1) * sizeof *ids);
        ids[to - 1] = moving;
        n++;
    }
    int status = FS_OK;
    for (int i = 0; i < n && status == FS_OK; i++) {
        st = fs_db_stmt(s->db, "UPDATE stage SET position = ?2 WHERE id = ?1 AND position <> ?2", e);
        if (!st) {
            status = FS_ERUNTIME;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int(st, 2, i + 1);
        status = fs_db_step_done(s->db, st, _("ordering the stages"), e);
    }
    free(ids);
    return status;
}

/* Reads subtype subtype_id into *t and tells whether sql (?1 = the
 * subtype, ?2 = key) counts a row that already has the key. */
static int subtype_and_key(fs_session *s, const char *sql, int64_t subtype_id, const char *key, fs_subtype *t,
                           bool *taken, fs_err *e)
{
    if (fs_subtype_get(s, subtype_id, t, e) != FS_OK)
        return e->code;
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, subtype_id);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    *taken = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0;
    sqlite3_reset(st);
    return FS_OK;
}

struct stage_add_ctx {
    fs_session *s;
    int64_t subtype_id;
    const char *key, *fa, *en;
    enum fs_stage_kind kind;
    int position;
    int64_t id;
};

static int stage_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct stage_add_ctx *c = vctx;
    fs_subtype t;
    bool taken;
    if (subtype_and_key(c->s, "SELECT count(*) FROM stage WHERE subtype_id = ?1 AND key = ?2", c->subtype_id, c->key,
                        &t, &taken, e) != FS_OK)
        return e->code;
    if (taken)
        return fs_err_set(e, FS_ECONFLICT, "key", _("key: the subtype \"%s\" already has a stage with the key \"%s\"."),
                          t.key, c->key);
    sqlite3_stmt *st = fs_db_stmt(db,
                    "INSERT INTO stage(subtype_id, key, title_fa, title_en, position, kind, active) "
                    "VALUES (?1, ?2, ?3, ?4, 1000000, ?5, 1)",
                    e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->subtype_id);
    sqlite3_bind_text(st, 2, c->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->fa, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, c->en, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, fs_stage_kind_name(c->kind), -1, SQLITE_STATIC);
    if (fs_db_step_done(db, st, _("adding the stage"), e) != FS_OK)
        return FS_ERUNTIME;
    c->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
    return renumber(c->s, c->subtype_id, c->id, c->position, e);
}

int fs_stage_add(fs_session *s, int64_t subtype_id, const char *key, const char *title_fa, const char *title_en,
                 enum fs_stage_kind kind, int position, int64_t *id, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    char k[FS_KEY_BYTES], fa[FS_TITLE_BYTES], en[FS_TITLE_BYTES];
    if (check_key(key, "key", k, e) != FS_OK ||
        check_titles(title_fa, title_en, "title_fa", "title_en", fa, en, e) != FS_OK)
        return FS_EINVAL;
    if (position < 0)
        return fs_err_set(e, FS_EINVAL, "position", _("position: must be a whole number from 1 up."));
    struct stage_add_ctx c = { s, subtype_id, k, fa, en, kind, position, 0 };
    int rc = fs_db_write(s->db, stage_add_tx, &c, e);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

int fs_stage_rename(fs_session *s, int64_t id, const char *title_fa, const char *title_en, fs_err *e)
{
    return retitle(s,
                   "UPDATE stage SET title_fa = coalesce(?2, title_fa), title_en = coalesce(?3, title_en) "
                   "WHERE id = ?1 AND NOT deleted",
                   id, title_fa, title_en, _("renaming the stage"), e);
}

struct stage_move_ctx {
    fs_session *s;
    int64_t id;
    int position;
};

static int stage_move_tx(fs_db *db, void *vctx, fs_err *e)
{
    (void)db;
    struct stage_move_ctx *c = vctx;
    fs_stage g;
    if (fs_stage_get(c->s, c->id, &g, e) != FS_OK)
        return e->code;
    if (g.deleted)
        return fs_err_set(e, FS_ECONFLICT, "stage", _("stage: the stage \"%s\" was deleted."), g.key);
    int64_t count;
    if (query_int(c->s, "SELECT count(*) FROM stage WHERE subtype_id = ?1 AND NOT deleted", g.subtype_id, 0, &count,
                  e) != FS_OK)
        return FS_ERUNTIME;
    if (c->position < 1 || c->position > count)
        return fs_err_set(e, FS_EINVAL, "position", _("position: must be a whole number from 1 to %" PRId64 "."),
                          count);
    return renumber(c->s, g.subtype_id, g.id, c->position, e);
}

int fs_stage_move(fs_session *s, int64_t id, int position, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    struct stage_move_ctx c = { s, id, position };
    return fs_db_write(s->db, stage_move_tx, &c, e);
}

struct stage_retire_ctx {
    fs_session *s;
    int64_t id, replacement_id;
    bool activate, delete;
    int64_t moved;
};

/* Checks that retiring stage g leaves its subtype a won and a lost stage,
 * and that the replacement (needed when g holds opportunities) is a live
 * stage of the same subtype. */
static int check_retire(struct stage_retire_ctx *c, const fs_stage *g, int64_t held, fs_err *e)
{
    if (g->active && g->kind != FS_STAGE_OPEN) {
        int64_t others;
        if (query_int(c->s,
                      "SELECT count(*) FROM stage WHERE subtype_id = ?1 AND id <> ?2 AND active AND NOT deleted "
                      "AND kind = (SELECT kind FROM stage WHERE id = ?2)",
                      g->subtype_id, g->id, &others, e) != FS_OK)
            return FS_ERUNTIME;
        if (others == 0)
            return fs_err_set(e, FS_EINVAL, "stage",
                              g->kind == FS_STAGE_WON
                                  ? _("stage: \"%s\" is the last active won stage of its subtype; every subtype needs one.")
                                  : _("stage: \"%s\" is the last active lost stage of its subtype; every subtype needs one."),
                              g->key);
    }
    if (held == 0)
        return FS_OK;
    if (c->replacement_id == 0)
        return fs_err_set(e, FS_EINVAL, "replace",
                          _("replace: the stage \"%s\" holds %" PRId64 " opportunities; name a stage to move them to (--replace STAGE)."),
                          g->key, held);
    fs_stage r;
    if (fs_stage_get(c->s, c->replacement_id, &r, e) != FS_OK)
        return e->code;
    if (r.subtype_id != g->subtype_id || r.deleted)
        return fs_err_set(e, FS_EINVAL, "replace", _("replace: the stage to move to must belong to the same subtype."));
    if (r.id == g->id)
        return fs_err_set(e, FS_EINVAL, "replace", _("replace: the stage to move to must be another stage."));
    if (!r.active)
        return fs_err_set(e, FS_EINVAL, "replace", _("replace: the stage \"%s\" is disabled."), r.key);
    /* Moving open opportunities into a won or lost stage would close them
     * without a reason (and the reverse would reopen them): only a stage
     * of the same kind takes them. */
    if (r.kind != g->kind)
        return fs_err_set(e, FS_EINVAL, "replace",
                          _("replace: \"%s\" is a %s stage and \"%s\" a %s one; opportunities move only to a stage of "
                            "the same kind."),
                          g->key, _(fs_stage_kind_name(g->kind)), r.key, _(fs_stage_kind_name(r.kind)));
    return FS_OK;
}

static int stage_retire_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct stage_retire_ctx *c = vctx;
    fs_stage g;
    if (fs_stage_get(c->s, c->id, &g, e) != FS_OK)
        return e->code;
    if (g.deleted)
        return fs_err_set(e, FS_ECONFLICT, "stage", _("stage: the stage \"%s\" was deleted."), g.key);
    c->moved = 0;
    if (c->activate) {
        sqlite3_stmt *st = fs_db_stmt(db, "UPDATE stage SET active = 1 WHERE id = ?1", e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_int64(st, 1, g.id);
        return fs_db_step_done(db, st, _("enabling the stage"), e);
    }
    int64_t held;
    if (query_int(c->s, "SELECT count(*) FROM opportunity WHERE stage_id = ?1", g.id, 0, &held, e) != FS_OK)
        return FS_ERUNTIME;
    if (check_retire(c, &g, held, e) != FS_OK)
        return e->code;
    if (held) {
        char now[21];
        fs_now_iso(now);
        /* One opportunity at a time through the opportunity's own stage
         * rule, so logs, dates and reasons follow exactly one code path. */
        sqlite3_stmt *st = fs_db_stmt(db, "SELECT id FROM opportunity WHERE stage_id = ?1 AND id > ?2 ORDER BY id LIMIT 1",
                                      e);
        int64_t last = 0;
        for (;;) {
            if (!st)
                return FS_ERUNTIME;
            sqlite3_bind_int64(st, 1, g.id);
            sqlite3_bind_int64(st, 2, last);
            int rc = sqlite3_step(st);
            int64_t oid = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
            sqlite3_reset(st);
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                return fs_db_fail(db, _("moving the opportunities"), e);
            if (!oid)
                break;
            if (fs_opp_move_stage_in_tx(c->s, oid, c->replacement_id, now, e) != FS_OK)
                return e->code;
            c->moved++;
            last = oid;
        }
    }
    sqlite3_stmt *st = fs_db_stmt(db,
                                  c->delete ? "UPDATE stage SET active = 0, deleted = 1, position = 0, "
                                              "key = key || '~' || id WHERE id = ?1"
                                            : "UPDATE stage SET active = 0 WHERE id = ?1",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, g.id);
    if (fs_db_step_done(db, st, _("retiring the stage"), e) != FS_OK)
        return FS_ERUNTIME;
    return c->delete ? renumber(c->s, g.subtype_id, 0, 0, e) : FS_OK;
}

int fs_stage_set_active(fs_session *s, int64_t id, bool active, int64_t replacement_id, int64_t *moved,
                        fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    struct stage_retire_ctx c = { s, id, replacement_id, active, false, 0 };
    int rc = fs_db_write(s->db, stage_retire_tx, &c, e);
    if (rc == FS_OK && moved)
        *moved = c.moved;
    return rc;
}

int fs_stage_delete(fs_session *s, int64_t id, int64_t replacement_id, int64_t *moved, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    struct stage_retire_ctx c = { s, id, replacement_id, false, true, 0 };
    int rc = fs_db_write(s->db, stage_retire_tx, &c, e);
    if (rc == FS_OK && moved)
        *moved = c.moved;
    return rc;
}

/* ---- custom fields ------------------------------------------------------ */

#define FIELD_COLS "id, subtype_id, key, label_fa, label_en, type, required, choices, position, active"

static int read_field(sqlite3_stmt *st, fs_custom_field *f)
{
    f->id = sqlite3_column_int64(st, 0);
    f->subtype_id = sqlite3_column_int64(st, 1);
    col_copy(st, 2, f->key, sizeof f->key);
    col_copy(st, 3, f->label_fa, sizeof f->label_fa);
    col_copy(st, 4, f->label_en, sizeof f->label_en);
    f->type = FS_CFIELD_TEXT;
    const char *t = (const char *)sqlite3_column_text(st, 5);
    for (int i = 0; i < 7; i++)
        if (t && strcmp(t, field_type_names[i]) == 0)
            f->type = (enum fs_custom_field_type)i;
    f->required = sqlite3_column_int(st, 6) != 0;
    f->choices = fs_col_strdup(st, 7);
    f->position = sqlite3_column_int(st, 8);
    f->active = sqlite3_column_int(st, 9) != 0;
    return f->choices ? FS_OK : FS_ERUNTIME;
}

void fs_custom_field_list_free(fs_custom_field *v, int n)
{
    for (int i = 0; i < n && v; i++)
        free(v[i].choices);
    free(v);
}

static bool row_field(const fs_session *s, sqlite3_stmt *st, void *elem)
{
    (void)s;
    return read_field(st, elem) == FS_OK;
}

int fs_custom_field_list(fs_session *s, int64_t subtype_id, bool all, fs_custom_field **out, int *n, fs_err *e)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT " FIELD_COLS " FROM custom_field WHERE subtype_id = ?1 AND (active OR ?2) "
                                  "ORDER BY position, id",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, subtype_id);
    sqlite3_bind_int(st, 2, all);
    int status = fs_rows_read(s, st, (void **)out, n, sizeof **out, row_field, _("listing custom fields"), e);
    if (status != FS_OK) {
        fs_custom_field_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return status;
}

int fs_custom_field_get(fs_session *s, int64_t id, fs_custom_field *out, fs_err *e)
{
    return get_one(s, "SELECT " FIELD_COLS " FROM custom_field WHERE id = ?1", id, row_field, out, "field",
                   _("custom field"), e);
}

int fs_custom_field_resolve(fs_session *s, int64_t subtype_id, const char *text, const char *field, int64_t *id,
                     fs_err *e)
{
    char *key = fs_text_search_key(text ? text : "");
    if (!key)
        return fs_err_set(e, FS_ERUNTIME, field, _("out of memory."));
    /* Labels have no stored key, so the small per-subtype list is compared
     * in C: exact key/label first, then a unique prefix. */
    fs_custom_field *v;
    int n;
    if (fs_custom_field_list(s, subtype_id, true, &v, &n, e) != FS_OK) {
        free(key);
        return e->code;
    }
    int exact = 0, prefix = 0;
    int64_t exact_id = 0, prefix_id = 0;
    size_t klen = strlen(key);
    for (int i = 0; i < n && *key; i++) {
        const char *names[3] = { v[i].key, v[i].label_fa, v[i].label_en };
        bool is_exact = false, is_prefix = false;
        for (int j = 0; j < 3; j++) {
            char *k = fs_text_search_key(names[j]);
            if (k && strcmp(k, key) == 0)
                is_exact = true;
            else if (k && strncmp(k, key, klen) == 0)
                is_prefix = true;
            free(k);
        }
        char idtext[24];
        snprintf(idtext, sizeof idtext, "%" PRId64, v[i].id);
        if (strcmp(idtext, key) == 0)
            is_exact = true;
        if (is_exact) {
            exact++;
            exact_id = v[i].id;
        } else if (is_prefix) {
            prefix++;
            prefix_id = v[i].id;
        }
    }
    fs_custom_field_list_free(v, n);
    free(key);
    if (exact == 1 || (exact == 0 && prefix == 1)) {
        *id = exact == 1 ? exact_id : prefix_id;
        return FS_OK;
    }
    char *clean = fs_text_sanitize(text ? text : "", (size_t)-1);
    int rc = exact + prefix == 0
                 ? fs_err_set(e, FS_EINVAL, field, _("%s: no custom field of this subtype matches \"%s\"."), field,
                              clean ? clean : "")
                 : fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" matches several custom fields; use the key."), field,
                              clean ? clean : "");
    free(clean);
    return rc;
}

/* Splits choices typed as "a, b، c" or one per line into the stored form
 * (one per line), checking each option. */
static int check_choices(const char *text, char **out, fs_err *e)
{
    char *norm = fs_text_normalize(text ? text : "");
    if (!norm)
        return fs_err_set(e, FS_ERUNTIME, "choices", _("out of memory."));
    size_t cap = strlen(norm) + 2;
    char *res = calloc(cap, 1);
    char **keys = calloc(cap, sizeof *keys);
    int nkeys = 0, rc = FS_OK;
    size_t used = 0;
    if (!res || !keys)
        rc = fs_err_set(e, FS_ERUNTIME, "choices", _("out of memory."));
    char *p = norm;
    while (rc == FS_OK && p && *p) {
        /* The next separator: newline, ',' or the Arabic comma U+060C. */
        char *sep = p;
        size_t seplen = 0;
        for (; *sep; sep++) {
            if (*sep == '\n' || *sep == ',') {
                seplen = 1;
                break;
            }
            if ((unsigned char)sep[0] == 0xD8 && (unsigned char)sep[1] == 0x8C) {
                seplen = 2;
                break;
            }
        }
        char save = *sep;
        *sep = '\0';
        char *opt = fs_text_normalize(p);
        char *key = opt ? fs_text_search_key(opt) : NULL;
        if (!opt || !key) {
            rc = fs_err_set(e, FS_ERUNTIME, "choices", _("out of memory."));
        } else if (!*opt || fs_text_length(opt) > TITLE_MAX_CHARS) {
            rc = fs_err_set(e, FS_EINVAL, "choices", _("choices: each option must be 1 to %d characters."),
                            TITLE_MAX_CHARS);
        } else {
            for (int i = 0; i < nkeys; i++)
                if (strcmp(keys[i], key) == 0)
                    rc = fs_err_set(e, FS_EINVAL, "choices", _("choices: the option \"%s\" is given twice."), opt);
            if (rc == FS_OK) {
                used += (size_t)snprintf(res + used, cap - used, "%s%s", used ? "\n" : "", opt);
                keys[nkeys++] = key;
                key = NULL;
            }
        }
        free(opt);
        free(key);
        *sep = save;
        p = save ? sep + seplen : NULL;
    }
    if (rc == FS_OK && nkeys == 0)
        rc = fs_err_set(e, FS_EINVAL, "choices", _("choices: a choice field needs at least one option."));
    for (int i = 0; i < nkeys; i++)
        free(keys[i]);
    free(keys);
    free(norm);
    if (rc != FS_OK || used >= cap) {
        free(res);
        return rc != FS_OK ? rc : fs_err_set(e, FS_EINVAL, "choices", _("choices: the options do not fit."));
    }
    *out = res;
    return FS_OK;
}

struct field_add_ctx {
    fs_session *s;
    int64_t subtype_id;
    const char *key, *fa, *en, *choices;
    enum fs_custom_field_type type;
    bool required;
    int64_t id;
};

static int field_add_tx(fs_db *db, void *vctx, fs_err *e)
{
    struct field_add_ctx *c = vctx;
    fs_subtype t;
    bool taken;
    if (subtype_and_key(c->s, "SELECT count(*) FROM custom_field WHERE subtype_id = ?1 AND key = ?2", c->subtype_id, c->key,
                        &t, &taken, e) != FS_OK)
        return e->code;
    if (taken)
        return fs_err_set(e, FS_ECONFLICT, "key",
                          _("key: the subtype \"%s\" already has a custom field with the key \"%s\"."), t.key, c->key);
    sqlite3_stmt *st = fs_db_stmt(db,
                    "INSERT INTO custom_field(subtype_id, key, label_fa, label_en, type, required, choices, position) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                    "(SELECT coalesce(max(position), 0) + 1 FROM custom_field WHERE subtype_id = ?1))",
                    e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, c->subtype_id);
    sqlite3_bind_text(st, 2, c->key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, c->fa, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, c->en, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, fs_custom_field_type_name(c->type), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 6, c->required);
    fs_bind_text(st, 7, c->choices);
    if (fs_db_step_done(db, st, _("adding the custom field"), e) != FS_OK)
        return FS_ERUNTIME;
    c->id = sqlite3_last_insert_rowid(fs_db_sqlite(db));
    return FS_OK;
}

int fs_custom_field_add(fs_session *s, int64_t subtype_id, const char *key, const char *label_fa, const char *label_en,
                 enum fs_custom_field_type type, bool required, const char *choices, int64_t *id, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    char k[FS_KEY_BYTES], fa[FS_TITLE_BYTES], en[FS_TITLE_BYTES];
    if (check_key(key, "key", k, e) != FS_OK ||
        check_titles(label_fa, label_en, "label_fa", "label_en", fa, en, e) != FS_OK)
        return FS_EINVAL;
    char *opts = NULL;
    if (type == FS_CFIELD_CHOICE) {
        if (check_choices(choices, &opts, e) != FS_OK)
            return e->code;
    } else if (choices && *choices) {
        return fs_err_set(e, FS_EINVAL, "choices", _("choices: only a choice field has options."));
    }
    struct field_add_ctx c = { s, subtype_id, k, fa, en, opts, type, required, 0 };
    int rc = fs_db_write(s->db, field_add_tx, &c, e);
    free(opts);
    if (rc == FS_OK && id)
        *id = c.id;
    return rc;
}

static int field_disable_tx(fs_db *db, void *vctx, fs_err *e)
{
    int64_t id = *(int64_t *)vctx;
    sqlite3_stmt *st = fs_db_stmt(db, "UPDATE custom_field SET active = 0 WHERE id = ?1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    if (fs_db_step_done(db, st, _("disabling the custom field"), e) != FS_OK)
        return FS_ERUNTIME;
    if (sqlite3_changes(fs_db_sqlite(db)) == 0)
        return fs_err_set(e, FS_ECONFLICT, "field", _("field: no custom field has the id %" PRId64 "."), id);
    return FS_OK;
}

int fs_custom_field_disable(fs_session *s, int64_t id, fs_err *e)
{
    if (fs_require(s, FS_PERM_ADMIN_MODEL, e) != FS_OK)
        return FS_EPERM;
    return fs_db_write(s->db, field_disable_tx, &id, e);
}

/* ---- custom field values ------------------------------------------------ */

/* Matches a yes/no answer in English or Persian; -1 when it is neither. */
static int parse_bool(const char *key)
{
    static const char *const yes[] = { "yes", "y", "true", "1", "بله", "آری", "اری", "بلی", NULL };
    static const char *const no[] = { "no", "n", "false", "0", "خیر", "نه", NULL };
    for (int i = 0; yes[i]; i++)
        if (strcmp(key, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcmp(key, no[i]) == 0)
            return 0;
    return -1;
}

/* The option of a choice field whose key equals `key`, copied; NULL when
 * none matches. */
static char *match_choice(const char *choices, const char *key)
{
    char *found = NULL;
    const char *p = choices;
    while (p && *p && !found) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *opt = strndup(p, len);
        char *k = opt ? fs_text_search_key(opt) : NULL;
        if (k && strcmp(k, key) == 0) {
            found = opt;
            opt = NULL;
        }
        free(k);
        free(opt);
        p = nl ? nl + 1 : NULL;
    }
    return found;
}

int fs_custom_field_value_parse(fs_session *s, const fs_custom_field *f, const char *text, char **out, fs_err *e)
{
    const char *label = s->lang_fa ? f->label_fa : f->label_en;
    char buf[64];
    *out = NULL;
    char *norm = fs_text_normalize(text ? text : "");
    if (!norm)
        return fs_err_set(e, FS_ERUNTIME, label, _("out of memory."));
    if (!*norm) {
        *out = norm;
        return FS_OK;
    }
    int rc = FS_OK;
    switch (f->type) {
    case FS_CFIELD_TEXT:
        if (fs_text_length(norm) > TEXT_VALUE_MAX_CHARS) {
            rc = fs_err_set(e, FS_EINVAL, label, _("%s: must be at most %d characters."), label, TEXT_VALUE_MAX_CHARS);
            break;
        }
        *out = norm;
        return FS_OK;
    case FS_CFIELD_NUMBER: {
        int64_t v;
        if ((rc = fs_int_parse(norm, label, -FS_MONEY_MAX, FS_MONEY_MAX, &v, e)) == FS_OK) {
            snprintf(buf, sizeof buf, "%" PRId64, v);
            *out = strdup(buf);
        }
        break;
    }
    case FS_CFIELD_AMOUNT: {
        int64_t v;
        if ((rc = fs_money_parse(norm, label, &v, e)) == FS_OK) {
            snprintf(buf, sizeof buf, "%" PRId64, v);
            *out = strdup(buf);
        }
        break;
    }
    case FS_CFIELD_DATE: {
        fs_day d;
        if ((rc = fs_date_parse(norm, s->today, s->calendar, label, &d, e)) == FS_OK) {
            fs_day_to_iso(d, buf);
            *out = strdup(buf);
        }
        break;
    }
    case FS_CFIELD_BOOL: {
        char *key = fs_text_search_key(norm);
        int b = key ? parse_bool(key) : -1;
        free(key);
        if (b < 0)
            rc = fs_err_set(e, FS_EINVAL, label, _("%s: must be yes or no."), label);
        else
            *out = strdup(b ? "1" : "0");
        break;
    }
    case FS_CFIELD_CHOICE: {
        char *key = fs_text_search_key(norm);
        *out = key ? match_choice(f->choices, key) : NULL;
        free(key);
        if (!*out) {
            /* List the options in the message, comma separated. */
            char opts[600];
            size_t used = 0;
            for (const char *p = f->choices; *p; p++) {
                /* Stop at a character boundary when the room runs out. */
                if (used + 8 >= sizeof opts && ((unsigned char)*p & 0xC0) != 0x80)
                    break;
                if (*p == '\n') {
                    opts[used++] = ',';
                    opts[used++] = ' ';
                } else {
                    opts[used++] = *p;
                }
            }
            opts[used] = '\0';
            rc = fs_err_set(e, FS_EINVAL, label, _("%s: must be one of %s."), label, opts);
        }
        free(norm);
        return rc;
    }
    case FS_CFIELD_USER: {
        int64_t uid;
        if ((rc = fs_lookup_user(s, norm, label, &uid, e)) == FS_OK) {
            sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT login FROM user WHERE id = ?1", e);
            if (!st) {
                rc = FS_ERUNTIME;
                break;
            }
            sqlite3_bind_int64(st, 1, uid);
            *out = sqlite3_step(st) == SQLITE_ROW ? fs_col_strdup(st, 0) : NULL;
            sqlite3_reset(st);
        }
        break;
    }
    }
    free(norm);
    if (rc == FS_OK && !*out)
        rc = fs_err_set(e, FS_ERUNTIME, label, _("out of memory."));
    return rc;
}
