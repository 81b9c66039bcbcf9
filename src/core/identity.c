/* identity.c — identities: validation, add, edit, read, list and the
 * type-ahead search (see identity.h). */
#include "identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "history.h"
#include "i18n.h"
#include "text.h"

/* Most digits a phone number or code may hold. */
#define DIGITS_MAX 20
/* Longest address and notes, in characters: far above real use, small
 * enough that one row cannot bloat every screen that shows it. */
#define ADDRESS_MAX 500
#define NOTES_MAX 10000
#define EMAIL_MAX 254
/* The word search ranks (by name) at most this many full-text matches;
 * beyond it the user is typing too little for a name order to matter, and
 * the bound keeps every keystroke fast over a million identities. */
#define SEARCH_CANDIDATES 1000
/* Words of a search text that take part in the match. */
#define SEARCH_WORDS 16

/* The row columns every list and search query selects, in this order. */
#define ROW_COLUMNS "identity.id, identity.kind, identity.name, identity.phone, identity.mobile, " \
                    "identity.email, identity.national_id"

const char *fs_identity_kind(const char *text)
{
    static const struct {
        const char *word, *kind;
    } words[] = {
        { "person", "person" }, { "org", "org" },     { "organization", "org" }, { "organisation", "org" },
        { "حقیقی", "person" },  { "حقوقی", "org" },  { "شخص", "person" },        { "سازمان", "org" },
    };
    char *key = fs_text_search_key(text ? text : "");
    const char *kind = NULL;
    for (size_t i = 0; key && i < sizeof words / sizeof *words && !kind; i++)
        if (strcmp(key, words[i].word) == 0)
            kind = words[i].kind;
    free(key);
    return kind;
}

/* ---- validation --------------------------------------------------------- */

/* The values of a form, normalised and checked, ready to store.  Strings
 * are malloc'd (NULL = empty). */
struct clean {
    const char *kind;
    char *name, *name_key, *phone, *mobile, *email, *address, *national_id, *economic_code, *notes;
    char *codes_key;
    int64_t source_id, owner_id;
    char source_key[64], owner_login[64]; /* for the change history */
};

/* Frees the strings of *c. */
static void clean_free(struct clean *c)
{
    free(c->name);
    free(c->name_key);
    free(c->phone);
    free(c->mobile);
    free(c->email);
    free(c->address);
    free(c->national_id);
    free(c->economic_code);
    free(c->notes);
    free(c->codes_key);
}

/* The out-of-memory error. */
static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

/* True when s holds a C0 control character or DEL. */
static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return true;
    return false;
}

/* Optional free text: stored normalised, NULL when empty.  More than max
 * characters, or a line break/control in a one-line field, is FS_EINVAL. */
static int clean_text(const char *field, const char *label, const char *in, size_t max, bool one_line, char **out,
                      fs_err *e)
{
    *out = NULL;
    if (!in)
        return FS_OK;
    char *t = fs_text_normalize(in);
    if (!t)
        return oom(e);
    if (!*t) {
        free(t);
        return FS_OK;
    }
    if (fs_text_length(t) > max) {
        free(t);
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be at most %zu characters."), label, max);
    }
    if (one_line && has_control(t)) {
        free(t);
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be one line without control characters."), label);
    }
    *out = t;
    return FS_OK;
}

/* True for characters that may separate the digits of a typed number and
 * carry no meaning: white space, dashes, dots, slashes, parentheses, and
 * the invisible marks pasted along with numbers from Persian text (LRM,
 * RLM, ZWNJ, bidi embeddings, BOM, no-break space). */
static bool number_separator(UChar32 c)
{
    return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')' || c == 0xA0 ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x2010 && c <= 0x2015) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x2212 || c == 0xFEFF;
}

/* Reduces a typed number to its digits (any script) in buf.  For a phone,
 * a leading '+' becomes "00" and Iran's own prefix +98/0098 becomes the
 * national 0, so one number has one stored form.  Returns the digit count,
 * or -1 when a character other than a digit or separator appears, -2 when
 * there are more than max digits. */
static int number_digits(const char *in, bool phone, int max, char *buf, size_t n)
{
    char *l = fs_text_latin_digits(in);
    if (!l)
        return -1;
    int32_t len = (int32_t)strnlen(l, 4096);
    int32_t i = 0;
    int nd = 0;
    size_t used = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        UChar32 c;
        U8_NEXT(l, i, len, c);
        if (c >= '0' && c <= '9') {
            if (nd >= max || used + 1 >= n)
                rc = -2;
            else
                buf[used++] = (char)c, nd++;
        } else if (c == '+' && phone && used == 0) {
            buf[used++] = '0';
            buf[used++] = '0';
        } else if (!number_separator(c)) {
            rc = -1;
        }
    }
    free(l);
    if (rc)
        return rc;
    buf[used] = '\0';
    if (phone && strncmp(buf, "0098", 4) == 0) {
        memmove(buf + 1, buf + 4, used - 3);
        buf[0] = '0';
    }
    return nd;
}

/* A phone-like number or code: NULL when empty, else its canonical digits.
 * min_digits > 0 applies to phones. */
static int clean_number(const char *field, const char *label, const char *in, bool phone, char **out, fs_err *e)
{
    *out = NULL;
    if (!in)
        return FS_OK;
    char buf[2 * DIGITS_MAX + 8];
    int nd = number_digits(in, phone, DIGITS_MAX, buf, sizeof buf);
    if (nd == -2)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must have at most %d digits."), label, DIGITS_MAX);
    if (nd < 0)
        return fs_err_set(e, FS_EINVAL, field,
                          phone ? _("%s: may hold only digits, spaces, dashes, parentheses and a leading +.")
                                : _("%s: may hold only digits (spaces and dashes are ignored)."),
                          label);
    if (nd == 0 && !buf[0]) {
        /* Only separators or white space: the field is empty. */
        char *t = fs_text_normalize(in);
        bool blank = t && !*t;
        free(t);
        if (blank)
            return FS_OK;
        return fs_err_set(e, FS_EINVAL, field, _("%s: must hold digits."), label);
    }
    if (phone && nd < 3)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must have at least 3 digits."), label);
    *out = strdup(buf);
    return *out ? FS_OK : oom(e);
}

/* An e-mail address: one @ with text on both sides, no white space. */
static int clean_email(const char *in, char **out, fs_err *e)
{
    const char *label = _("email");
    int st = clean_text("email", label, in, EMAIL_MAX, true, out, e);
    if (st != FS_OK || !*out)
        return st;
    const char *at = strchr(*out, '@');
    bool ok = at && at != *out && at[1] && !strchr(at + 1, '@') && strlen(*out) <= EMAIL_MAX;
    for (const unsigned char *p = (const unsigned char *)*out; ok && *p; p++)
        if (*p <= 0x20)
            ok = false;
    if (ok && (strstr(*out, "\xC2\xA0") || strstr(*out, "\xE2\x80")))
        ok = false; /* no-break and other Unicode spaces, invisible marks */
    if (ok)
        return FS_OK;
    free(*out);
    *out = NULL;
    return fs_err_set(e, FS_EINVAL, "email", _("%s: must be one address like name@example.com, with one @ and no spaces."),
                      label);
}

/* Checks a reference to another row (the source list item, the owner):
 * sql selects (active, stored name, shown name) of row ?1 (and may use
 * ?2 = Persian labels; binding it to SQL without ?2 is harmless).  The row must exist, and be active unless the record already
 * has it (kept); its stored name is copied for the change history. */
static int check_ref(fs_session *s, const char *sql, const char *field, const char *label, int64_t id, bool kept,
                     char *name, size_t n, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, s->lang_fa);
    int rc = sqlite3_step(st);
    int status = FS_OK;
    if (rc == SQLITE_ROW) {
        snprintf(name, n, "%s", (const char *)sqlite3_column_text(st, 1));
        if (!sqlite3_column_int(st, 0) && !kept)
            status = fs_err_set(e, FS_EINVAL, field, _("%s: \"%s\" is disabled; choose an active one."), label,
                                (const char *)sqlite3_column_text(st, 2));
    } else if (rc == SQLITE_DONE) {
        status = fs_err_set(e, FS_EINVAL, field, _("%s: there is no %s with id %lld."), label, label, (long long)id);
    } else {
        status = fs_db_fail(s->db, _("saving the identity"), e);
    }
    sqlite3_reset(st);
    return status;
}

/* FS_ECONFLICT when number is already the phone or mobile of an identity
 * other than self. */
static int check_duplicate(fs_session *s, const char *field, const char *label, const char *number, int64_t self,
                           fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT id, name FROM identity WHERE (phone = ?1 OR mobile = ?1) "
                                         "AND id <> ?2 ORDER BY id LIMIT 1", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, self);
    int rc = sqlite3_step(st);
    int status = FS_OK;
    if (rc == SQLITE_ROW)
        status = fs_err_set(e, FS_ECONFLICT, field,
                            _("%s: %s is already the number of identity %lld \"%s\"; nothing was saved."),
                            label, number, (long long)sqlite3_column_int64(st, 0),
                            (const char *)sqlite3_column_text(st, 1));
    else if (rc != SQLITE_DONE)
        status = fs_db_fail(s->db, _("looking for duplicates"), e);
    sqlite3_reset(st);
    return status;
}

/* Joins the non-empty numbers with spaces: the codes_key the search uses. */
static char *codes_key(const struct clean *c)
{
    const char *parts[] = { c->phone, c->mobile, c->national_id, c->economic_code };
    size_t n = 1;
    for (size_t i = 0; i < 4; i++)
        n += parts[i] ? strlen(parts[i]) + 1 : 0;
    char *k = malloc(n);
    if (!k)
        return NULL;
    k[0] = '\0';
    for (size_t i = 0; i < 4; i++)
        if (parts[i]) {
            if (*k)
                strcat(k, " ");
            strcat(k, parts[i]);
        }
    return k;
}

/* Validates every field of *in into *c.  cur is the stored record on an
 * edit (NULL on add): a source or owner it already has may be disabled, and
 * only numbers it does not already hold are checked for duplicates. */
static int validate(fs_session *s, const fs_identity *in, const fs_identity *cur, bool force, struct clean *c,
                    fs_err *e)
{
    memset(c, 0, sizeof *c);
    int st;
    if (!in->kind || !*in->kind)
        return fs_err_set(e, FS_EINVAL, "kind", _("%s: required; person or org."), _("kind"));
    c->kind = fs_identity_kind(in->kind);
    if (!c->kind)
        return fs_err_set(e, FS_EINVAL, "kind", _("%s: must be person or org."), _("kind"));
    if ((st = clean_text("name", _("name"), in->name, FS_IDENTITY_NAME_MAX, true, &c->name, e)) != FS_OK)
        return st;
    if (!c->name)
        return fs_err_set(e, FS_EINVAL, "name", _("%s: required."), _("name"));
    if ((st = clean_number("phone", _("phone"), in->phone, true, &c->phone, e)) != FS_OK ||
        (st = clean_number("mobile", _("mobile"), in->mobile, true, &c->mobile, e)) != FS_OK ||
        (st = clean_email(in->email, &c->email, e)) != FS_OK ||
        (st = clean_text("address", _("address"), in->address, ADDRESS_MAX, false, &c->address, e)) != FS_OK ||
        (st = clean_number("national_id", _("national id"), in->national_id, false, &c->national_id, e)) != FS_OK ||
        (st = clean_number("economic_code", _("economic code"), in->economic_code, false, &c->economic_code, e)) !=
            FS_OK ||
        (st = clean_text("notes", _("notes"), in->notes, NOTES_MAX, false, &c->notes, e)) != FS_OK)
        return st;
    c->source_id = in->source_id > 0 ? in->source_id : 0;
    if (c->source_id &&
        (st = check_ref(s, "SELECT active, key, CASE WHEN ?2 THEN label_fa ELSE label_en END FROM list_item "
                           "WHERE id = ?1 AND list = 'source'",
                        "source", _("source"), c->source_id, cur && cur->source_id == c->source_id, c->source_key,
                        sizeof c->source_key, e)) != FS_OK)
        return st;
    c->owner_id = in->owner_id > 0 ? in->owner_id : (cur ? 0 : s->user_id);
    if (c->owner_id &&
        (st = check_ref(s, "SELECT active, login, login FROM user WHERE id = ?1", "owner", _("owner"),
                        c->owner_id, cur && cur->owner_id == c->owner_id, c->owner_login, sizeof c->owner_login,
                        e)) != FS_OK)
        return st;
    c->name_key = fs_text_search_key(c->name);
    c->codes_key = codes_key(c);
    if (!c->name_key || !c->codes_key)
        return oom(e);
    if (force)
        return FS_OK;
    /* Only a number the record does not hold yet is a new duplicate: an
     * earlier forced duplicate does not block editing other fields. */
    const char *nums[2] = { c->phone, c->mobile };
    const char *fields[2] = { "phone", "mobile" };
    for (int i = 0; i < 2; i++) {
        if (!nums[i])
            continue;
        if (cur && ((cur->phone && strcmp(cur->phone, nums[i]) == 0) ||
                    (cur->mobile && strcmp(cur->mobile, nums[i]) == 0)))
            continue;
        if ((st = check_duplicate(s, fields[i], _(fields[i]), nums[i], cur ? cur->id : 0, e)) != FS_OK)
            return st;
    }
    return FS_OK;
}

/* ---- add ------------------------------------------------------------------ */

/* Binds the 13 stored values of *c to parameters first … first + 12, in
 * the column order of the INSERT and UPDATE below. */
static void bind_values(sqlite3_stmt *st, int first, const struct clean *c)
{
    const char *text[] = { c->kind,    c->name,        c->name_key,      c->phone,
                           c->mobile,  c->email,       c->address,       c->national_id,
                           c->economic_code };
    int i = first;
    for (size_t k = 0; k < sizeof text / sizeof *text; k++)
        fs_bind_text(st, i++, text[k]);
    fs_bind_id(st, i++, c->source_id);
    fs_bind_id(st, i++, c->owner_id);
    fs_bind_text(st, i++, c->notes);
    fs_bind_text(st, i, c->codes_key);
}

int fs_identity_insert(fs_session *s, const fs_identity *in, bool force, int64_t *id, fs_err *e)
{
    struct clean c;
    int st = validate(s, in, NULL, force, &c, e);
    if (st != FS_OK) {
        clean_free(&c);
        return st;
    }
    char now[21];
    fs_now_iso(now);
    sqlite3_stmt *ins = fs_db_stmt(s->db,
                                   "INSERT INTO identity(kind, name, name_key, phone, mobile, email, address, "
                                   "national_id, economic_code, source_id, owner_id, notes, codes_key, created_at, "
                                   "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                                   e);
    if (!ins) {
        clean_free(&c);
        return FS_ERUNTIME;
    }
    bind_values(ins, 1, &c);
    fs_bind_text(ins, 14, now);
    clean_free(&c);
    st = fs_db_step_done(s->db, ins, _("saving the identity"), e);
    if (st == FS_OK && id)
        *id = sqlite3_last_insert_rowid(fs_db_sqlite(s->db));
    return st;
}

struct add_ctx {
    fs_session *s;
    const fs_identity *in;
    bool force;
    int64_t id;
};

/* The transaction of fs_identity_add(). */
static int add_tx(fs_db *db, void *v, fs_err *e)
{
    (void)db;
    struct add_ctx *a = v;
    return fs_identity_insert(a->s, a->in, a->force, &a->id, e);
}

int fs_identity_add(fs_session *s, const fs_identity *in, bool force, int64_t *id, fs_err *e)
{
    struct add_ctx a = { s, in, force, 0 };
    int st = fs_db_write(s->db, add_tx, &a, e);
    if (st == FS_OK && id)
        *id = a.id;
    return st;
}

/* ---- read ------------------------------------------------------------------ */

void fs_identity_free(fs_identity *r)
{
    if (!r)
        return;
    free(r->mem);
    memset(r, 0, sizeof *r);
}

int fs_identity_get(fs_session *s, int64_t id, fs_identity *out, fs_err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = fs_db_stmt(s->db,
                                  "SELECT i.kind, i.name, i.phone, i.mobile, i.email, i.address, i.national_id, "
                                  "i.economic_code, i.notes, li.key, CASE WHEN ?2 THEN li.label_fa ELSE li.label_en END, "
                                  "u.login, i.source_id, i.owner_id, i.version, i.created_at, i.updated_at "
                                  "FROM identity i LEFT JOIN list_item li ON li.id = i.source_id "
                                  "LEFT JOIN user u ON u.id = i.owner_id WHERE i.id = ?1",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, s->lang_fa);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        int status = rc == SQLITE_DONE
                         ? fs_err_set(e, FS_ECONFLICT, "id", _("identity %lld does not exist."), (long long)id)
                         : fs_db_fail(s->db, _("reading the identity"), e);
        sqlite3_reset(st);
        return status;
    }
    /* Columns 0–11 are the strings; they go into one block the record owns. */
    const char **slots[] = { &out->kind,         &out->name,  &out->phone,      &out->mobile,
                             &out->email,        &out->address, &out->national_id, &out->economic_code,
                             &out->notes,        &out->source_key, &out->source_label, &out->owner_login };
    enum { NSTR = sizeof slots / sizeof *slots };
    size_t total = 0;
    for (int i = 0; i < NSTR; i++)
        if (sqlite3_column_type(st, i) != SQLITE_NULL)
            total += (size_t)sqlite3_column_bytes(st, i) + 1;
    out->mem = malloc(total ? total : 1);
    if (!out->mem) {
        sqlite3_reset(st);
        return oom(e);
    }
    char *p = out->mem;
    for (int i = 0; i < NSTR; i++) {
        const unsigned char *t = sqlite3_column_text(st, i);
        if (!t)
            continue;
        size_t n = (size_t)sqlite3_column_bytes(st, i);
        memcpy(p, t, n);
        p[n] = '\0';
        *slots[i] = p;
        p += n + 1;
    }
    out->id = id;
    out->source_id = sqlite3_column_int64(st, 12);
    out->owner_id = sqlite3_column_int64(st, 13);
    out->version = sqlite3_column_int64(st, 14);
    snprintf(out->created_at, sizeof out->created_at, "%s", (const char *)sqlite3_column_text(st, 15));
    snprintf(out->updated_at, sizeof out->updated_at, "%s", (const char *)sqlite3_column_text(st, 16));
    sqlite3_reset(st);
    return FS_OK;
}

/* ---- edit ------------------------------------------------------------------ */

/* Who last changed identity id, for the conflict message ("" if unknown). */
static void last_editor(fs_session *s, int64_t id, char *login, size_t n)
{
    fs_err e;
    login[0] = '\0';
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT u.login FROM change_log c JOIN user u ON u.id = c.user_id "
                                         "WHERE c.item_kind = 'identity' AND c.item_id = ?1 ORDER BY c.id DESC LIMIT 1",
                                  &e);
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW)
        snprintf(login, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
}

struct edit_ctx {
    fs_session *s;
    const fs_identity *in;
    bool force;
};

/* Logs every changed field of cur → c. */
static int log_changes(fs_session *s, const fs_identity *cur, const struct clean *c, const char *now, fs_err *e)
{
    const struct {
        const char *field, *old, *new;
    } f[] = {
        { "kind", cur->kind, c->kind },
        { "name", cur->name, c->name },
        { "phone", cur->phone, c->phone },
        { "mobile", cur->mobile, c->mobile },
        { "email", cur->email, c->email },
        { "address", cur->address, c->address },
        { "national_id", cur->national_id, c->national_id },
        { "economic_code", cur->economic_code, c->economic_code },
        { "source", cur->source_key, c->source_id ? c->source_key : NULL },
        { "owner", cur->owner_login, c->owner_id ? c->owner_login : NULL },
        { "notes", cur->notes, c->notes },
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        int st = fs_history_record(s, "identity", cur->id, f[i].field, f[i].old, f[i].new, now, e);
        if (st != FS_OK)
            return st;
    }
    return FS_OK;
}

/* True when the validated values equal the stored record. */
static bool same_values(const fs_identity *cur, const struct clean *c)
{
    const char *a[] = { cur->kind,    cur->name,        cur->phone,         cur->mobile,
                        cur->email,   cur->address,     cur->national_id,   cur->economic_code,
                        cur->notes };
    const char *b[] = { c->kind,  c->name,    c->phone,       c->mobile,       c->email,
                        c->address, c->national_id, c->economic_code, c->notes };
    for (size_t i = 0; i < sizeof a / sizeof *a; i++)
        if (strcmp(a[i] ? a[i] : "", b[i] ? b[i] : "") != 0)
            return false;
    return cur->source_id == c->source_id && cur->owner_id == c->owner_id;
}

/* The transaction of fs_identity_edit(): read, check the version,
 * validate, write and log. */
static int edit_tx(fs_db *db, void *v, fs_err *e)
{
    (void)db;
    struct edit_ctx *x = v;
    fs_session *s = x->s;
    fs_identity cur;
    int st = fs_identity_get(s, x->in->id, &cur, e);
    if (st != FS_OK)
        return st;
    if (x->in->version != cur.version) {
        char who[64];
        last_editor(s, cur.id, who, sizeof who);
        st = fs_err_set(e, FS_ECONFLICT, "version",
                        _("identity %lld was changed by %s after you opened it (version %lld, yours is %lld); "
                          "nothing was saved: show it again and redo your edit."),
                        (long long)cur.id, *who ? who : _("someone else"), (long long)cur.version,
                        (long long)x->in->version);
        fs_identity_free(&cur);
        return st;
    }
    struct clean c;
    st = validate(s, x->in, &cur, x->force, &c, e);
    if (st == FS_OK && !same_values(&cur, &c)) {
        char now[21];
        fs_now_iso(now);
        sqlite3_stmt *up = fs_db_stmt(s->db,
                                      "UPDATE identity SET kind = ?2, name = ?3, name_key = ?4, phone = ?5, mobile = ?6, "
                                      "email = ?7, address = ?8, national_id = ?9, economic_code = ?10, "
                                      "source_id = ?11, owner_id = ?12, notes = ?13, codes_key = ?14, "
                                      "updated_at = ?15, version = version + 1 WHERE id = ?1 AND version = ?16",
                                      e);
        if (!up) {
            st = FS_ERUNTIME;
        } else {
            sqlite3_bind_int64(up, 1, cur.id);
            bind_values(up, 2, &c);
            sqlite3_bind_text(up, 15, now, -1, SQLITE_STATIC);
            sqlite3_bind_int64(up, 16, cur.version);
            st = fs_db_step_done(s->db, up, _("saving the identity"), e);
        }
        if (st == FS_OK)
            st = log_changes(s, &cur, &c, now, e);
    }
    clean_free(&c);
    fs_identity_free(&cur);
    return st;
}

int fs_identity_edit(fs_session *s, const fs_identity *in, bool force, fs_err *e)
{
    struct edit_ctx x = { s, in, force };
    return fs_db_write(s->db, edit_tx, &x, e);
}

/* ---- list and search --------------------------------------------------------- */

/* A page or result size: 1 to FS_IDENTITY_SEARCH_MAX. */
static int check_limit(int limit, fs_err *e)
{
    if (limit < 1 || limit > FS_IDENTITY_SEARCH_MAX)
        return fs_err_set(e, FS_EINVAL, "limit", _("%s: must be a whole number from 1 to %d."), _("limit"),
                          FS_IDENTITY_SEARCH_MAX);
    return FS_OK;
}

/* Where a listing stands: rows given so far, whether more matched, whether
 * the callback asked to stop. */
struct emit {
    fs_identity_cb cb;
    void *ctx;
    int limit;
    int count;
    bool more, stopped;
};

/* Steps st (selecting ROW_COLUMNS) and hands rows to the callback until
 * the limit; a row beyond it only sets `more`.  Resets st. */
static int emit_rows(fs_session *s, sqlite3_stmt *st, struct emit *m, fs_err *e)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->count >= m->limit) {
            m->more = true;
            break;
        }
        fs_identity_row r = {
            sqlite3_column_int64(st, 0),
            (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2),
            (const char *)sqlite3_column_text(st, 3),
            (const char *)sqlite3_column_text(st, 4),
            (const char *)sqlite3_column_text(st, 5),
            (const char *)sqlite3_column_text(st, 6),
        };
        m->count++;
        if (m->cb(m->ctx, &r) != 0) {
            m->stopped = true;
            break;
        }
    }
    int status = rc == SQLITE_ROW || rc == SQLITE_DONE ? FS_OK : fs_db_fail(s->db, _("reading identities"), e);
    sqlite3_reset(st);
    return status;
}

int fs_identity_list(fs_session *s, int64_t after, int limit, const char *kind, fs_identity_cb cb, void *ctx,
                     fs_err *e)
{
    if (check_limit(limit, e) != FS_OK)
        return FS_EINVAL;
    const char *k = NULL;
    if (kind && !(k = fs_identity_kind(kind)))
        return fs_err_set(e, FS_EINVAL, "kind", _("%s: must be person or org."), _("kind"));
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT " ROW_COLUMNS " FROM identity WHERE id > ?1 "
                                         "AND (?2 IS NULL OR kind = ?2) ORDER BY id LIMIT ?3", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, after);
    fs_bind_text(st, 2, k);
    sqlite3_bind_int(st, 3, limit);
    struct emit m = { cb, ctx, limit, 0, false, false };
    return emit_rows(s, st, &m, e);
}

/* The search key of a search text, or FS_EINVAL when nothing searchable
 * was typed. */
static int search_key(const char *text, char **key, fs_err *e)
{
    *key = fs_text_search_key(text ? text : "");
    if (!*key)
        return oom(e);
    if (**key)
        return FS_OK;
    free(*key);
    *key = NULL;
    return fs_err_set(e, FS_EINVAL, "search", _("%s: type part of a name, a phone number or a code."), _("search"));
}

/* Phase one: names whose key starts with key, in name order. */
static int prefix_phase(fs_session *s, const char *key, struct emit *m, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT " ROW_COLUMNS " FROM identity "
                                         "WHERE name_key >= ?1 AND name_key < ?1 || x'f48fbfbf' "
                                         "ORDER BY name_key, id LIMIT ?2", e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, m->limit - m->count + 1);
    return emit_rows(s, st, m, e);
}

/* True when the UTF-8 word holds a letter or digit (FTS5 would find no
 * token in a word of punctuation alone, and the whole AND would fail). */
static bool has_alnum(const char *w, int32_t len)
{
    int32_t i = 0;
    while (i < len) {
        UChar32 c;
        U8_NEXT(w, i, len, c);
        if (c >= 0 && u_isalnum(c))
            return true;
    }
    return false;
}

/* Appends the FTS5 prefix term "word"* (double quotes doubled, so the
 * user's text is always one quoted string, never query syntax). */
static void append_term(char *q, size_t *n, const char *w, size_t len)
{
    if (*n)
        *n += (size_t)sprintf(q + *n, " AND ");
    q[(*n)++] = '"';
    for (size_t i = 0; i < len; i++) {
        if (w[i] == '"')
            q[(*n)++] = '"';
        q[(*n)++] = w[i];
    }
    q[(*n)++] = '"';
    q[(*n)++] = '*';
    q[*n] = '\0';
}

/* The FTS5 query for a search key: one digit-prefix term for a typed
 * number, else a prefix term per word.  NULL when the key holds no word
 * (the name-prefix phase alone answers); sets *oom_out on OOM. */
static char *match_query(const char *key, bool *oom_out)
{
    *oom_out = false;
    size_t klen = strlen(key);
    char *q = malloc(2 * klen + 8 * SEARCH_WORDS + 8);
    if (!q) {
        *oom_out = true;
        return NULL;
    }
    size_t n = 0;
    q[0] = '\0';
    /* A typed number may be a phone (stored in its canonical form) or a
     * code (stored as typed): "0098…" is searched both ways. */
    char phone[2 * DIGITS_MAX + 8], code[2 * DIGITS_MAX + 8];
    if (number_digits(key, true, DIGITS_MAX, phone, sizeof phone) > 0) {
        append_term(q, &n, phone, strlen(phone));
        if (number_digits(key, false, DIGITS_MAX, code, sizeof code) > 0 && strcmp(code, phone) != 0) {
            n += (size_t)sprintf(q + n, " OR ");
            append_term(q, &n, code, strlen(code));
        }
        return q;
    }
    int words = 0;
    for (const char *p = key; *p && words < SEARCH_WORDS;) {
        const char *sp = strchr(p, ' ');
        size_t len = sp ? (size_t)(sp - p) : strlen(p);
        if (len && has_alnum(p, (int32_t)len)) {
            append_term(q, &n, p, len);
            words++;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    if (n)
        return q;
    free(q);
    return NULL;
}

/* Phase two: word matches that phase one did not already give, ranked by
 * name among the first SEARCH_CANDIDATES full-text matches. */
static int words_phase(fs_session *s, const char *key, struct emit *m, fs_err *e)
{
    bool no_mem;
    char *q = match_query(key, &no_mem);
    if (!q)
        return no_mem ? oom(e) : FS_OK;
    sqlite3_stmt *fts = fs_db_stmt(s->db,
                                   "SELECT " ROW_COLUMNS " FROM (SELECT rowid AS rid FROM identity_fts "
                                   "WHERE identity_fts MATCH ?1 LIMIT ?4) AS m CROSS JOIN identity "
                                   "ON identity.id = m.rid "
                                   "WHERE NOT (name_key >= ?2 AND name_key < ?2 || x'f48fbfbf') "
                                   "ORDER BY name_key, identity.id LIMIT ?3",
                                   e);
    int st = FS_ERUNTIME;
    if (fts) {
        sqlite3_bind_text(fts, 1, q, -1, SQLITE_STATIC);
        sqlite3_bind_text(fts, 2, key, -1, SQLITE_STATIC);
        sqlite3_bind_int(fts, 3, m->limit - m->count + 1);
        sqlite3_bind_int(fts, 4, SEARCH_CANDIDATES);
        st = emit_rows(s, fts, m, e);
    }
    free(q);
    return st;
}

/* Both searches: names starting with text, then (words) the full-text
 * matches. */
static int search(fs_session *s, const char *text, int limit, bool words, fs_identity_cb cb, void *ctx, bool *more,
                  fs_err *e)
{
    if (check_limit(limit, e) != FS_OK)
        return FS_EINVAL;
    char *key;
    int st = search_key(text, &key, e);
    if (st != FS_OK)
        return st;
    struct emit m = { cb, ctx, limit, 0, false, false };
    st = prefix_phase(s, key, &m, e);
    /* Phase two runs even when phase one filled the page exactly: one
     * more row there tells whether there are more. */
    if (st == FS_OK && words && !m.more && !m.stopped)
        st = words_phase(s, key, &m, e);
    free(key);
    if (more)
        *more = m.more;
    return st;
}

int fs_identity_search(fs_session *s, const char *text, int limit, fs_identity_cb cb, void *ctx, bool *more,
                       fs_err *e)
{
    return search(s, text, limit, true, cb, ctx, more, e);
}

int fs_identity_search_prefix(fs_session *s, const char *text, int limit, fs_identity_cb cb, void *ctx,
                              bool *more, fs_err *e)
{
    return search(s, text, limit, false, cb, ctx, more, e);
}
