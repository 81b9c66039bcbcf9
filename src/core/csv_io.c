/* csv_io.c — CSV import and export (see csv_io.h and docs/CSV.md).
 *
 * Import reads the file one physical line at a time and feeds each line to
 * libcsv, so it knows the line every record starts on: a record starts on
 * the first line read while no record is open, and one is open from its
 * first byte until libcsv reports its end.  Every record is checked and
 * written through the domain functions (fs_identity_insert,
 * fs_product_insert, fs_opp_save_in_tx) inside one fs_db_write
 * transaction; returning an error from it rolls the whole file back. */
#include "csv_io.h"

#include <csv.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "i18n.h"
#include "identity.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "product.h"
#include "store.h"
#include "text.h"

/* fs_db_write's function returns this after a dry run: not FS_OK, so the
 * transaction is rolled back, and no error. */
#define DRY_RUN_DONE 100
/* A record longer than this is almost surely a missing closing quote. */
#define RECORD_MAX (16u << 20)
#define FIELDS_MAX 1000
/* Distinct lookup texts (source, owner, unit, …) remembered per import. */
#define CACHE_MAX 64

/* One column a file may have: its name in exports and the other names
 * accepted in headers ('|'-separated).  Columns that are not read are
 * exported for people and ignored on import. */
struct column {
    const char *name;
    const char *aliases;
    bool read;
};

enum { K_ID, K_KIND, K_NAME, K_PHONE, K_MOBILE, K_EMAIL, K_ADDRESS, K_NATIONAL_ID, K_ECONOMIC_CODE, K_SOURCE,
       K_OWNER, K_NOTES, K_CREATED, K_NCOLS };
static const struct column contact_cols[K_NCOLS] = {
    [K_ID] = { "id", "شناسه", false },
    [K_KIND] = { "kind", "نوع|نوع هویت", true },
    [K_NAME] = { "name", "نام|نام کامل|full_name", true },
    [K_PHONE] = { "phone", "تلفن|تلفن ثابت|tel|telephone", true },
    [K_MOBILE] = { "mobile", "موبایل|همراه|تلفن همراه|cell", true },
    [K_EMAIL] = { "email", "e-mail|ایمیل|پست الکترونیک|پست الکترونیکی|رایانامه", true },
    [K_ADDRESS] = { "address", "آدرس|نشانی", true },
    [K_NATIONAL_ID] = { "national_id", "کد ملی|شناسه ملی", true },
    [K_ECONOMIC_CODE] = { "economic_code", "کد اقتصادی", true },
    [K_SOURCE] = { "source", "منبع|نحوه آشنایی|how_acquainted", true },
    [K_OWNER] = { "owner", "مالک", true },
    [K_NOTES] = { "notes", "note|یادداشت|توضیحات", true },
    [K_CREATED] = { "created", "created_at|تاریخ ایجاد", false },
};

enum { P_ID, P_CODE, P_NAME, P_GROUP, P_KIND, P_UNIT, P_UNIT_PRICE, P_SELLABLE, P_STOCK_TRACKED, P_SERIAL,
       P_TAXABLE, P_NAME_EDITABLE, P_ACTIVE, P_NCOLS };
static const struct column product_cols[P_NCOLS] = {
    [P_ID] = { "id", "شناسه", false },
    [P_CODE] = { "code", "کد|کد محصول|product_code", true },
    [P_NAME] = { "name", "نام|نام محصول|product_name", true },
    [P_GROUP] = { "group", "گروه|گروه محصول|product_group", true },
    [P_KIND] = { "kind", "نوع", true },
    [P_UNIT] = { "unit", "واحد", true },
    [P_UNIT_PRICE] = { "unit_price", "price|قیمت|قیمت واحد", true },
    [P_SELLABLE] = { "sellable", "قابل فروش", true },
    [P_STOCK_TRACKED] = { "stock_tracked", "انبارداری|کنترل موجودی", true },
    [P_SERIAL] = { "serial", "سریال|سریالی", true },
    [P_TAXABLE] = { "taxable", "مشمول مالیات|مالیات", true },
    [P_NAME_EDITABLE] = { "name_editable", "نام قابل ویرایش|نام قابل‌ویرایش", true },
    [P_ACTIVE] = { "active", "فعال", true },
};

/* O_CONTACT … O_PURCHASE_PROCESS describe the opportunity and are read
 * from the first row of its group; O_PRODUCT_CODE … O_DESCRIPTION are one
 * product line per row. */
enum { O_REF, O_CONTACT, O_CONTACT_NAME, O_TITLE, O_SUBTYPE, O_STAGE, O_TYPE, O_ASSIGNED, O_SOURCE, O_CAMPAIGN,
       O_CLOSE_DATE, O_AMOUNT, O_PROBABILITY, O_WIN_REASON, O_LOSS_REASON, O_PURCHASE_PROCESS, O_CREATED,
       O_PRODUCT_CODE, O_PRODUCT_NAME, O_QTY, O_UNIT_PRICE, O_DISCOUNT_PERCENT, O_DISCOUNT, O_DESCRIPTION,
       O_NCOLS };
static const struct column opp_cols[O_NCOLS] = {
    [O_REF] = { "opp_ref", "number|ref|شماره|شماره فرصت", true },
    [O_CONTACT] = { "contact", "identity|related_to|مرتبط با|مخاطب|هویت", true },
    [O_CONTACT_NAME] = { "contact_name", "نام مخاطب", false },
    [O_TITLE] = { "title", "عنوان", true },
    [O_SUBTYPE] = { "subtype", "زیرنوع", true },
    [O_STAGE] = { "stage", "مرحله|مرحله فروش", true },
    [O_TYPE] = { "type", "نوع", true },
    [O_ASSIGNED] = { "assigned", "assigned_to|تخصیص داده شده به|تخصیص داده‌شده به|مسئول", true },
    [O_SOURCE] = { "source", "منبع", true },
    [O_CAMPAIGN] = { "campaign", "کمپین", true },
    [O_CLOSE_DATE] = { "close_date", "تاریخ بسته شدن|تاریخ بسته‌شدن", true },
    [O_AMOUNT] = { "amount", "final_amount|مبلغ نهایی|مبلغ", true },
    [O_PROBABILITY] = { "probability", "احتمال|درصد احتمال", true },
    [O_WIN_REASON] = { "win_reason", "دلیل موفقیت", true },
    [O_LOSS_REASON] = { "loss_reason", "دلیل شکست", true },
    [O_PURCHASE_PROCESS] = { "purchase_process", "پروسه خرید|فرایند خرید", true },
    [O_CREATED] = { "created", "created_at|تاریخ ایجاد", false },
    [O_PRODUCT_CODE] = { "product_code", "product|کد محصول", true },
    [O_PRODUCT_NAME] = { "product_name", "line_name|نام محصول", true },
    [O_QTY] = { "qty", "quantity|تعداد|مقدار", true },
    [O_UNIT_PRICE] = { "unit_price", "price|قیمت|قیمت واحد", true },
    [O_DISCOUNT_PERCENT] = { "discount_percent", "درصد تخفیف", true },
    [O_DISCOUNT] = { "discount", "تخفیف|مبلغ تخفیف", true },
    [O_DESCRIPTION] = { "description", "شرح|توضیحات", true },
};

/* Where a domain error's field differs from the column's name. */
static const struct {
    const char *field, *column;
} field_columns[] = {
    { "price", "unit_price" }, { "product", "product_code" }, { "name", "product_name" },
    { "final_amount", "amount" }, { "reason", "win_reason" }, { "reason", "loss_reason" },
};

/* What a cell names: an item of a system list, or a row found by a
 * lookup.h function. */
enum lookup_kind { LK_SOURCE, LK_UNIT, LK_TYPE, LK_PURCHASE, LK_WIN, LK_LOSS, LK_USER, LK_GROUP, LK_PRODUCT,
                   LK_CAMPAIGN, LK_CONTACT };
static const struct {
    const char *list;
    int (*fn)(fs_session *s, const char *text, const char *field, int64_t *id, fs_err *e);
} lookups[] = {
    [LK_SOURCE] = { "source", NULL },      [LK_UNIT] = { "unit", NULL },
    [LK_TYPE] = { "type", NULL },          [LK_PURCHASE] = { "purchase_process", NULL },
    [LK_WIN] = { "win_reason", NULL },     [LK_LOSS] = { "loss_reason", NULL },
    [LK_USER] = { NULL, fs_lookup_user },  [LK_GROUP] = { NULL, fs_lookup_group },
    [LK_PRODUCT] = { NULL, fs_lookup_product }, [LK_CAMPAIGN] = { NULL, fs_lookup_campaign },
    [LK_CONTACT] = { NULL, fs_lookup_identity },
};

struct cache_entry {
    enum lookup_kind kind;
    char *text;
    int64_t id;
};

/* A set of strings with the line each was first seen on (opp_ref). */
struct strset {
    char **keys;
    long *lines;
    size_t cap, used;
};

/* The opportunity being gathered from adjacent rows with one opp_ref. */
struct group {
    bool open, bad;
    char *ref;
    long first_line;
    char **head;        /* the first row's cells of the opportunity's columns */
    fs_opp o;
};

struct imp {
    fs_session *s;
    enum fs_csv_kind kind;
    const char *path;
    const fs_import_opts *o;
    fs_import_result *r;
    fs_err *e;
    int fatal;                    /* a status that stops the import */
    const struct column *cols;
    int ncols;
    /* The record being read: fields as NUL-terminated runs in buf. */
    char *buf;
    size_t used, cap;
    size_t *offs;
    const char **f;
    int nf;
    bool too_many;
    bool row_done;
    long line, rec_line, last_bad_line;
    /* The header: the file's index of each column (-1 when absent), and of
     * custom-field columns (opportunities: field.KEY). */
    bool have_header;
    int pos[O_NCOLS];
    char **names;
    int nnames;
    int *custom_pos;
    int ncustom;
    /* The line of each record imported, by id: ids of one import are
     * consecutive from first_id, so an array indexed by id - first_id. */
    int64_t first_id;
    uint32_t *lines;
    size_t nlines, caplines;
    struct cache_entry cache[CACHE_MAX];
    int ncache;
    struct group g;
    struct strset refs;
    /* Contacts: the SQL of the triggers and index dropped for the import
     * (see fts_defer). */
    char *deferred[3];
    int ndeferred;
};

/* ---- small helpers ---------------------------------------------------------- */

static int oom(fs_err *e)
{
    return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
}

int fs_csv_kind_parse(const char *text, enum fs_csv_kind *kind, fs_err *e)
{
    static const struct {
        const char *word;
        enum fs_csv_kind kind;
    } words[] = {
        { "contacts", FS_CSV_CONTACTS },     { "contact", FS_CSV_CONTACTS },   { "products", FS_CSV_PRODUCTS },
        { "product", FS_CSV_PRODUCTS },      { "opportunities", FS_CSV_OPPORTUNITIES },
        { "opportunity", FS_CSV_OPPORTUNITIES }, { "opps", FS_CSV_OPPORTUNITIES }, { "opp", FS_CSV_OPPORTUNITIES },
    };
    for (size_t i = 0; text && i < sizeof words / sizeof *words; i++)
        if (strcmp(text, words[i].word) == 0) {
            *kind = words[i].kind;
            return FS_OK;
        }
    return fs_err_set(e, FS_EINVAL, "kind", _("what: must be contacts, products or opportunities."));
}

/* The key a header name is matched by: its search key (case, Persian
 * spelling variants and ZWNJ folded) with spaces and dashes as '_'. */
static char *header_key(const char *name)
{
    char *k = fs_text_search_key(name);
    for (char *p = k; p && *p; p++)
        if (*p == ' ' || *p == '-')
            *p = '_';
    return k;
}

/* True when key is the header key of col's name or one of its aliases. */
static bool column_matches(const struct column *col, const char *key)
{
    if (strcmp(key, col->name) == 0)
        return true;
    bool found = false;
    const char *a = col->aliases;
    while (a && *a && !found) {
        const char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        char *alias = strndup(a, n);
        char *ak = alias ? header_key(alias) : NULL;
        found = ak && strcmp(ak, key) == 0;
        free(ak);
        free(alias);
        a = bar ? bar + 1 : NULL;
    }
    return found;
}

/* The cell of column col in the current record; NULL when the file has no
 * such column or the cell is empty. */
static const char *cell(const struct imp *m, int col)
{
    int i = m->pos[col];
    if (i < 0 || i >= m->nf || !m->f[i][0])
        return NULL;
    return m->f[i];
}

/* The column as the file's header names it. */
static const char *column_name(const struct imp *m, int col)
{
    return col >= 0 && m->pos[col] >= 0 ? m->names[m->pos[col]] : "";
}

/* Reports one problem (counting each bad row once). */
static void report(struct imp *m, long line, const char *column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(struct imp *m, long line, const char *column, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line != m->last_bad_line) {
        m->r->bad_rows++;
        m->last_bad_line = line;
    }
    if (m->o->report)
        m->o->report(m->o->ctx, line, column ? column : "", msg);
}

/* The file's column named name, or -1. */
static int column_named(const struct imp *m, const char *name)
{
    for (int c = 0; c < m->ncols; c++)
        if (strcmp(m->cols[c].name, name) == 0 && m->pos[c] >= 0)
            return c;
    return -1;
}

/* The column a domain error's field names, or -1. */
static int column_of_field(const struct imp *m, const char *field)
{
    int c = column_named(m, field);
    for (size_t i = 0; c < 0 && i < sizeof field_columns / sizeof *field_columns; i++)
        if (strcmp(field, field_columns[i].field) == 0)
            c = column_named(m, field_columns[i].column);
    return c;
}

/* The file column of a custom field key (field.KEY), or "". */
static const char *custom_column(const struct imp *m, const char *key)
{
    for (int i = 0; i < m->ncustom; i++)
        if (strcmp(m->names[m->custom_pos[i]] + 6, key) == 0)
            return m->names[m->custom_pos[i]];
    return "";
}

/* Reports a domain error on the row starting at line; col (or, when -1,
 * the column of e's field) names the column.  A runtime error stops the
 * import.  Returns FS_OK so the caller goes on with the next row. */
static int row_error(struct imp *m, long line, int col, const fs_err *err)
{
    if (err->code == FS_ERUNTIME || err->code == FS_OK) {
        m->fatal = FS_ERUNTIME;
        if (m->e != err)
            *m->e = *err;
        if (!m->e->msg[0])
            fs_err_set(m->e, FS_ERUNTIME, "", _("the import failed."));
        return FS_ERUNTIME;
    }
    if (col < 0)
        col = column_of_field(m, err->field);
    const char *name = col >= 0 ? column_name(m, col) : custom_column(m, err->field);
    report(m, line, name, "%s", err->msg);
    return FS_OK;
}

/* Resolves text through the lookup of kind, remembering up to CACHE_MAX
 * distinct texts (imports name the same few sources and units over and
 * over). */
static int lookup(struct imp *m, enum lookup_kind kind, const char *text, const char *field, int64_t *id, fs_err *e)
{
    for (int i = 0; i < m->ncache; i++)
        if (m->cache[i].kind == kind && strcmp(m->cache[i].text, text) == 0) {
            *id = m->cache[i].id;
            return FS_OK;
        }
    /* Contacts are many and rarely repeated: not cached. */
    if (kind == LK_CONTACT)
        return fs_lookup_identity(m->s, text, field, id, e);
    int rc = lookups[kind].list ? fs_lookup_list_item(m->s, lookups[kind].list, text, field, id, e)
                                : lookups[kind].fn(m->s, text, field, id, e);
    if (rc == FS_OK && m->ncache < CACHE_MAX && (m->cache[m->ncache].text = strdup(text)) != NULL) {
        m->cache[m->ncache].kind = kind;
        m->cache[m->ncache].id = *id;
        m->ncache++;
    }
    return rc;
}

/* Remembers that the record with this id came from line. */
static int remember(struct imp *m, int64_t id, long line)
{
    if (m->nlines == 0)
        m->first_id = id;
    if (id < m->first_id)
        return FS_OK;
    size_t k = (size_t)(id - m->first_id);
    if (k >= m->caplines) {
        size_t cap = m->caplines ? m->caplines * 2 : 1024;
        while (cap <= k)
            cap *= 2;
        uint32_t *v = realloc(m->lines, cap * sizeof *v);
        if (!v)
            return oom(m->e);
        m->lines = v;
        m->caplines = cap;
    }
    while (m->nlines < k)
        m->lines[m->nlines++] = 0;
    m->lines[k] = (uint32_t)line;
    if (k >= m->nlines)
        m->nlines = k + 1;
    return FS_OK;
}

/* The line the record with this id came from, 0 when it was not imported
 * now. */
static long line_of(const struct imp *m, int64_t id)
{
    if (m->nlines == 0 || id < m->first_id || (size_t)(id - m->first_id) >= m->nlines)
        return 0;
    return m->lines[id - m->first_id];
}

/* Parses a yes/no cell; NULL keeps *out. */
static int parse_bool(const char *text, const char *field, bool *out, fs_err *e)
{
    static const char *const yes[] = { "1", "yes", "y", "true", "بله", "بلی", "آری", "دارد" };
    static const char *const no[] = { "0", "no", "n", "false", "خیر", "نه", "ندارد" };
    if (!text)
        return FS_OK;
    char *k = fs_text_search_key(text);
    if (!k)
        return oom(e);
    int v = -1;
    for (size_t i = 0; i < sizeof yes / sizeof *yes && v < 0; i++) {
        char *y = fs_text_search_key(yes[i]);
        if (y && strcmp(k, y) == 0)
            v = 1;
        free(y);
    }
    for (size_t i = 0; i < sizeof no / sizeof *no && v < 0; i++) {
        char *n = fs_text_search_key(no[i]);
        if (n && strcmp(k, n) == 0)
            v = 0;
        free(n);
    }
    free(k);
    if (v < 0)
        return fs_err_set(e, FS_EINVAL, field, _("%s: must be yes or no (1/0, بله/خیر), not \"%s\"."), field, text);
    *out = v == 1;
    return FS_OK;
}

/* Column i of the current row as text, NULL when SQL NULL. */
static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Runs constant SQL without results (savepoints). */
static int exec(struct imp *m, const char *sql)
{
    return fs_db_exec(m->s->db, sql, m->e);
}

/* Runs sql (one statement, ?1 bound to v) to its end. */
static int step_with(struct imp *m, const char *sql, int64_t v, const char *what)
{
    sqlite3_stmt *st = fs_db_stmt(m->s->db, sql, m->e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, v);
    return fs_db_step_done(m->s->db, st, what, m->e);
}

/* ---- contacts --------------------------------------------------------------- */

/* A phone or mobile that is some identity's number already: names that
 * identity, or the line of this file it came from.  The stored form of
 * the number is what fs_identity_insert makes of it, so the row is
 * inserted (forced) inside a savepoint, read back and rolled back. */
static int contact_duplicate(struct imp *m, const fs_identity *in, const fs_err *err)
{
    fs_session *s = m->s;
    fs_err e2;
    fs_err_clear(&e2);
    int64_t id = 0, other = 0;
    char number[64] = "", other_name[256] = "";
    if (exec(m, "SAVEPOINT csv_duplicate") != FS_OK)
        return row_error(m, m->rec_line, -1, m->e);
    if (fs_identity_insert(s, in, true, &id, &e2) == FS_OK) {
        sqlite3_stmt *st = fs_db_stmt(s->db, "SELECT CASE WHEN ?2 = 'phone' THEN phone ELSE mobile END "
                                             "FROM identity WHERE id = ?1", &e2);
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, err->field, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                fs_text_copy(number, sizeof number, (const char *)sqlite3_column_text(st, 0));
            sqlite3_reset(st);
        }
        st = number[0] ? fs_db_stmt(s->db, "SELECT id, name FROM identity WHERE (phone = ?1 OR mobile = ?1) "
                                           "AND id <> ?2 ORDER BY id LIMIT 1", &e2)
                       : NULL;
        if (st) {
            sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 2, id);
            if (sqlite3_step(st) == SQLITE_ROW) {
                other = sqlite3_column_int64(st, 0);
                fs_text_copy(other_name, sizeof other_name, (const char *)sqlite3_column_text(st, 1));
            }
            sqlite3_reset(st);
        }
    }
    if (exec(m, "ROLLBACK TO csv_duplicate; RELEASE csv_duplicate") != FS_OK)
        return row_error(m, m->rec_line, -1, m->e);
    int col = column_of_field(m, err->field);
    long other_line = line_of(m, other);
    if (other_line > 0)
        report(m, m->rec_line, column_name(m, col), _("%s: %s is also on line %ld of this file."), err->field, number,
               other_line);
    else if (other > 0)
        report(m, m->rec_line, column_name(m, col), _("%s: %s is already the number of contact %" PRId64 " «%s»."),
               err->field, number, other, other_name);
    else
        report(m, m->rec_line, column_name(m, col), "%s", err->msg);
    return FS_OK;
}

/* Imports the current record as an identity. */
static int contact_row(struct imp *m)
{
    fs_identity in;
    memset(&in, 0, sizeof in);
    in.kind = cell(m, K_KIND) ? cell(m, K_KIND) : "person";
    in.name = cell(m, K_NAME);
    in.phone = cell(m, K_PHONE);
    in.mobile = cell(m, K_MOBILE);
    in.email = cell(m, K_EMAIL);
    in.address = cell(m, K_ADDRESS);
    in.national_id = cell(m, K_NATIONAL_ID);
    in.economic_code = cell(m, K_ECONOMIC_CODE);
    in.notes = cell(m, K_NOTES);
    fs_err e;
    fs_err_clear(&e);
    const char *t;
    if ((t = cell(m, K_SOURCE)) && lookup(m, LK_SOURCE, t, "source", &in.source_id, &e) != FS_OK)
        return row_error(m, m->rec_line, K_SOURCE, &e);
    if ((t = cell(m, K_OWNER)) && lookup(m, LK_USER, t, "owner", &in.owner_id, &e) != FS_OK)
        return row_error(m, m->rec_line, K_OWNER, &e);
    int64_t id = 0;
    int rc = fs_identity_insert(m->s, &in, false, &id, &e);
    if (rc == FS_OK) {
        m->r->imported++;
        return remember(m, id, m->rec_line);
    }
    if (rc == FS_ECONFLICT && (strcmp(e.field, "phone") == 0 || strcmp(e.field, "mobile") == 0))
        return contact_duplicate(m, &in, &e);
    return row_error(m, m->rec_line, -1, &e);
}

/* FTS5 (SQLite 3.40) writes its pending index data out at every statement
 * savepoint, and inside the import's transaction every INSERT opens one:
 * through the identity_fts_ai trigger each contact would cost a flush and
 * a merge, about half the import's time.  So for the import the trigger is
 * dropped, inside the same transaction, the new rows are indexed with one
 * INSERT … SELECT at the end, and the trigger is created again from its
 * own stored SQL.  The row-count trigger goes the same way (one UPDATE at
 * the end instead of one per contact), and for a large file the name
 * index too: one build from sorted keys at the end takes about a second
 * per million contacts, while keeping it up to date row by row costs
 * several times that in random page reads and writes.  The phone and
 * mobile indexes stay: the duplicate check reads them, for numbers of
 * this file too.  Other connections never see anything missing: the
 * change commits or rolls back with the rows. */
static const char *const deferred_names[] = { "identity_fts_ai", "identity_count_ai", "identity_name_key" };

/* A file at least this large (and at least an eighth of the stored
 * contacts, at ~128 bytes a contact) has its name index built at the end. */
#define DEFER_INDEX_BYTES (4 << 20)

static int fts_defer(struct imp *m, long long file_bytes)
{
    sqlite3_stmt *st = fs_db_stmt(m->s->db, "SELECT n FROM row_count WHERE tbl = 'identity'", m->e);
    if (!st)
        return FS_ERUNTIME;
    long long stored = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    bool index = file_bytes >= DEFER_INDEX_BYTES && file_bytes / 128 >= stored / 8;
    char drop[256] = "";
    size_t used = 0;
    for (int i = 0; i < (index ? 3 : 2); i++) {
        st = fs_db_stmt(m->s->db, "SELECT type, sql FROM sqlite_schema WHERE name = ?1 AND sql IS NOT NULL", m->e);
        if (!st)
            return FS_ERUNTIME;
        sqlite3_bind_text(st, 1, deferred_names[i], -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            bool trig = strcmp(col_text(st, 0), "trigger") == 0;
            if (!(m->deferred[m->ndeferred] = strdup(col_text(st, 1)))) {
                sqlite3_reset(st);
                return oom(m->e);
            }
            m->ndeferred++;
            used += (size_t)snprintf(drop + used, sizeof drop - used, "DROP %s %s;", trig ? "TRIGGER" : "INDEX",
                                     deferred_names[i]);
        }
        sqlite3_reset(st);
    }
    return used ? exec(m, drop) : FS_OK;
}

/* Indexes the imported contacts, counts them and puts back what fts_defer
 * dropped. */
static int fts_restore(struct imp *m)
{
    if (!m->ndeferred)
        return FS_OK;
    /* Every duplicate has been reported: the lines of the records are not
     * needed any more, and their memory is what the index build uses. */
    free(m->lines);
    m->lines = NULL;
    m->caplines = 0;
    int rc = FS_OK;
    if (m->nlines) {
        /* Many contacts at once: the search index merges its segments 16
         * at a time instead of 4 while they go in (a million contacts: 9 s
         * instead of 12 s), then goes back to its own setting. */
        bool many = m->nlines >= 10000;
        int64_t automerge = 4;
        if (many) {
            sqlite3_stmt *st = fs_db_stmt(m->s->db, "SELECT v FROM identity_fts_config WHERE k = 'automerge'", m->e);
            if (!st)
                return FS_ERUNTIME;
            if (sqlite3_step(st) == SQLITE_ROW)
                automerge = sqlite3_column_int64(st, 0);
            sqlite3_reset(st);
            rc = step_with(m, "INSERT INTO identity_fts(identity_fts, rank) VALUES ('automerge', ?1)", 16,
                           _("indexing the contacts for search"));
        }
        if (rc == FS_OK)
            rc = step_with(m, "INSERT INTO identity_fts(rowid, name_key, codes_key) "
                              "SELECT id, name_key, codes_key FROM identity WHERE id >= ?1", m->first_id,
                           _("indexing the contacts for search"));
        if (rc == FS_OK && many)
            rc = step_with(m, "INSERT INTO identity_fts(identity_fts, rank) VALUES ('automerge', ?1)", automerge,
                           _("indexing the contacts for search"));
        if (rc == FS_OK)
            rc = step_with(m, "UPDATE row_count SET n = n + (SELECT count(*) FROM identity WHERE id >= ?1) "
                              "WHERE tbl = 'identity'", m->first_id, _("counting the contacts"));
    }
    for (int i = 0; rc == FS_OK && i < m->ndeferred; i++)
        rc = exec(m, m->deferred[i]);
    return rc;
}

/* Forgets what fts_defer kept. */
static void fts_free(struct imp *m)
{
    for (int i = 0; i < m->ndeferred; i++)
        free(m->deferred[i]);
    m->ndeferred = 0;
}

/* ---- products --------------------------------------------------------------- */

/* Fills p from the current record; FS_OK or the error with its column. */
static int product_fields(struct imp *m, fs_product *p, int *col, fs_err *e)
{
    const char *t;
    fs_text_copy(p->code, sizeof p->code, cell(m, P_CODE));
    fs_text_copy(p->name, sizeof p->name, cell(m, P_NAME));
    if ((t = cell(m, P_GROUP)) && lookup(m, LK_GROUP, t, "group", &p->group_id, e) != FS_OK)
        return *col = P_GROUP, e->code;
    if ((t = cell(m, P_KIND))) {
        char *k = fs_text_search_key(t);
        if (!k)
            return oom(e);
        bool product = strcmp(k, "product") == 0 || strcmp(k, "کالا") == 0 || strcmp(k, "محصول") == 0;
        p->service = strcmp(k, "service") == 0 || strcmp(k, "خدمت") == 0 || strcmp(k, "خدمات") == 0;
        free(k);
        if (!product && !p->service)
            return *col = P_KIND, fs_err_set(e, FS_EINVAL, "kind", _("kind: must be product or service (کالا/خدمت)."));
    }
    if ((t = cell(m, P_UNIT)) && lookup(m, LK_UNIT, t, "unit", &p->unit_id, e) != FS_OK)
        return *col = P_UNIT, e->code;
    if ((t = cell(m, P_UNIT_PRICE))) {
        if (fs_money_parse(t, "unit_price", &p->unit_price, e) != FS_OK)
            return *col = P_UNIT_PRICE, e->code;
        p->has_price = true;
    }
    const struct {
        int col;
        bool *flag;
    } flags[] = {
        { P_SELLABLE, &p->sellable }, { P_STOCK_TRACKED, &p->stock_tracked }, { P_SERIAL, &p->serial },
        { P_TAXABLE, &p->taxable },   { P_NAME_EDITABLE, &p->name_editable }, { P_ACTIVE, &p->active },
    };
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (parse_bool(cell(m, flags[i].col), product_cols[flags[i].col].name, flags[i].flag, e) != FS_OK)
            return *col = flags[i].col, e->code;
    return FS_OK;
}

/* Imports the current record as a product. */
static int product_row(struct imp *m)
{
    fs_product p;
    fs_product_init(&p);
    fs_err e;
    fs_err_clear(&e);
    int col = -1;
    if (product_fields(m, &p, &col, &e) != FS_OK)
        return row_error(m, m->rec_line, col, &e);
    int64_t id = 0;
    int rc = fs_product_insert(m->s, &p, &id, &e);
    if (rc == FS_OK) {
        m->r->imported++;
        return remember(m, id, m->rec_line);
    }
    if (rc == FS_EPERM) {
        m->fatal = FS_EPERM;
        *m->e = e;
        return FS_EPERM;
    }
    int64_t other = 0;
    fs_err e2;
    long other_line;
    if (rc == FS_ECONFLICT && strcmp(e.field, "code") == 0 && fs_lookup_product(m->s, p.code, "code", &other, &e2) == FS_OK &&
        (other_line = line_of(m, other)) > 0) {
        report(m, m->rec_line, column_name(m, P_CODE), _("code: %s is also on line %ld of this file."), p.code,
               other_line);
        return FS_OK;
    }
    return row_error(m, m->rec_line, -1, &e);
}

/* ---- opportunities ---------------------------------------------------------- */

/* Adds key (first seen on line) to the set; FS_ECONFLICT with *line set
 * when it was there already. */
static int strset_add(struct strset *set, const char *key, long *line, fs_err *e)
{
    if (set->used * 2 >= set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 1024;
        char **keys = calloc(cap, sizeof *keys);
        long *lines = calloc(cap, sizeof *lines);
        if (!keys || !lines) {
            free(keys);
            free(lines);
            return oom(e);
        }
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->keys[i])
                continue;
            uint64_t h = 1469598103934665603ULL;
            for (const char *p = set->keys[i]; *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            size_t j = h & (cap - 1);
            while (keys[j])
                j = (j + 1) & (cap - 1);
            keys[j] = set->keys[i];
            lines[j] = set->lines[i];
        }
        free(set->keys);
        free(set->lines);
        set->keys = keys;
        set->lines = lines;
        set->cap = cap;
    }
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    size_t j = h & (set->cap - 1);
    while (set->keys[j]) {
        if (strcmp(set->keys[j], key) == 0) {
            *line = set->lines[j];
            return FS_ECONFLICT;
        }
        j = (j + 1) & (set->cap - 1);
    }
    if (!(set->keys[j] = strdup(key)))
        return oom(e);
    set->lines[j] = *line;
    set->used++;
    return FS_OK;
}

static void strset_free(struct strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->keys[i]);
    free(set->keys);
    free(set->lines);
    memset(set, 0, sizeof *set);
}

/* The number of cells that describe the opportunity (not its line):
 * O_CONTACT … O_PURCHASE_PROCESS, then the custom fields. */
static int head_count(const struct imp *m)
{
    return O_PURCHASE_PROCESS - O_CONTACT + 1 + m->ncustom;
}

/* The file index of head cell h, or -1. */
static int head_pos(const struct imp *m, int h)
{
    int n = O_PURCHASE_PROCESS - O_CONTACT + 1;
    return h < n ? m->pos[O_CONTACT + h] : m->custom_pos[h - n];
}

static void group_free(struct imp *m)
{
    struct group *g = &m->g;
    if (g->head)
        for (int h = 0; h < head_count(m); h++)
            free(g->head[h]);
    free(g->head);
    free(g->ref);
    if (g->open)
        fs_opp_free(&g->o);
    memset(g, 0, sizeof *g);
}

/* Saves the gathered opportunity (inside a savepoint, so a failure
 * leaves nothing of it) or counts it skipped. */
static int group_finish(struct imp *m)
{
    struct group *g = &m->g;
    if (!g->open)
        return FS_OK;
    int rc = FS_OK;
    if (g->bad) {
        m->r->skipped++;
    } else if (exec(m, "SAVEPOINT csv_opp") != FS_OK) {
        rc = row_error(m, g->first_line, -1, m->e);
    } else {
        fs_err e;
        fs_err_clear(&e);
        int st = fs_opp_save_in_tx(m->s, &g->o, NULL, &e);
        if (exec(m, st == FS_OK ? "RELEASE csv_opp" : "ROLLBACK TO csv_opp; RELEASE csv_opp") != FS_OK)
            rc = row_error(m, g->first_line, -1, m->e);
        else if (st == FS_OK)
            m->r->imported++;
        else if ((rc = row_error(m, g->first_line, -1, &e)) == FS_OK)
            m->r->skipped++;
    }
    group_free(m);
    return rc;
}

/* Sets the opportunity's fields from the first row of its group. */
static int group_head(struct imp *m, fs_opp *o, int *col, fs_err *e)
{
    fs_session *s = m->s;
    const char *t;
#define FAIL(c) return (*col = (c), e->code)
    if ((t = cell(m, O_CONTACT)) && lookup(m, LK_CONTACT, t, "contact", &o->identity_id, e) != FS_OK)
        FAIL(O_CONTACT);
    if ((t = cell(m, O_TITLE)) && fs_opp_set_text(&o->title, t, e) != FS_OK)
        FAIL(O_TITLE);
    if ((t = cell(m, O_SUBTYPE))) {
        if (fs_subtype_resolve(s, t, "subtype", &o->subtype_id, e) != FS_OK)
            FAIL(O_SUBTYPE);
        o->stage_id = 0;
    }
    int64_t id;
    if ((t = cell(m, O_STAGE)) &&
        (fs_stage_resolve(s, o->subtype_id, t, "stage", &id, e) != FS_OK || fs_opp_set_stage(s, o, id, NULL, e) != FS_OK))
        FAIL(O_STAGE);
    if ((t = cell(m, O_TYPE)) && lookup(m, LK_TYPE, t, "type", &o->type_id, e) != FS_OK)
        FAIL(O_TYPE);
    if ((t = cell(m, O_ASSIGNED)) && lookup(m, LK_USER, t, "assigned", &o->assigned_id, e) != FS_OK)
        FAIL(O_ASSIGNED);
    if ((t = cell(m, O_SOURCE)) && lookup(m, LK_SOURCE, t, "source", &o->source_id, e) != FS_OK)
        FAIL(O_SOURCE);
    if ((t = cell(m, O_CAMPAIGN)) && lookup(m, LK_CAMPAIGN, t, "campaign", &o->campaign_id, e) != FS_OK)
        FAIL(O_CAMPAIGN);
    if ((t = cell(m, O_CLOSE_DATE))) {
        fs_day d;
        if (fs_date_parse(t, s->today, FS_CAL_JALALI, "close_date", &d, e) != FS_OK)
            FAIL(O_CLOSE_DATE);
        fs_day_to_iso(d, o->close_date);
    }
    if ((t = cell(m, O_AMOUNT))) {
        int64_t v;
        if (fs_money_parse(t, "amount", &v, e) != FS_OK)
            FAIL(O_AMOUNT);
        fs_opp_set_amount(o, v);
    }
    if ((t = cell(m, O_PROBABILITY))) {
        int64_t v;
        if (fs_int_parse(t, "probability", 0, 100, &v, e) != FS_OK)
            FAIL(O_PROBABILITY);
        o->probability = (int)v;
    }
    if ((t = cell(m, O_WIN_REASON)) && lookup(m, LK_WIN, t, "win_reason", &o->win_reason_id, e) != FS_OK)
        FAIL(O_WIN_REASON);
    if ((t = cell(m, O_LOSS_REASON)) && lookup(m, LK_LOSS, t, "loss_reason", &o->loss_reason_id, e) != FS_OK)
        FAIL(O_LOSS_REASON);
    if ((t = cell(m, O_PURCHASE_PROCESS)) &&
        lookup(m, LK_PURCHASE, t, "purchase_process", &o->purchase_process_id, e) != FS_OK)
        FAIL(O_PURCHASE_PROCESS);
#undef FAIL
    for (int i = 0; i < m->ncustom; i++) {
        int p = m->custom_pos[i];
        if (p < m->nf && m->f[p][0] && fs_opp_value_set(s, o, m->names[p] + 6, m->f[p], e) != FS_OK) {
            *col = -1;
            snprintf(e->field, sizeof e->field, "%s", m->names[p] + 6);
            return e->code;
        }
    }
    return FS_OK;
}

/* Adds the current row's product line (if it has one) to the group. */
static int group_line(struct imp *m, fs_opp *o, int *col, fs_err *e)
{
    const char *code = cell(m, O_PRODUCT_CODE);
    if (!code) {
        for (int c = O_PRODUCT_NAME; c <= O_DESCRIPTION; c++)
            if (cell(m, c))
                return *col = O_PRODUCT_CODE,
                       fs_err_set(e, FS_EINVAL, "product_code",
                                  _("product_code: required on a row that gives %s."), m->cols[c].name);
        return FS_OK;
    }
    fs_opp_line_in in;
    memset(&in, 0, sizeof in);
    const char *t;
    if (lookup(m, LK_PRODUCT, code, "product_code", &in.product_id, e) != FS_OK)
        return *col = O_PRODUCT_CODE, e->code;
    in.qty = FS_QTY_SCALE;
    if ((t = cell(m, O_QTY)) && fs_qty_parse(t, "qty", &in.qty, e) != FS_OK)
        return *col = O_QTY, e->code;
    if ((t = cell(m, O_UNIT_PRICE))) {
        if (fs_money_parse(t, "unit_price", &in.unit_price, e) != FS_OK)
            return *col = O_UNIT_PRICE, e->code;
        in.has_price = true;
    }
    const char *pct = cell(m, O_DISCOUNT_PERCENT), *amount = cell(m, O_DISCOUNT);
    if (pct && amount)
        return *col = O_DISCOUNT, fs_err_set(e, FS_EINVAL, "discount",
                                             _("discount: give discount_percent or discount, not both."));
    if (pct && fs_percent_parse(pct, "discount_percent", &in.discount_bp, e) != FS_OK)
        return *col = O_DISCOUNT_PERCENT, e->code;
    in.has_discount_bp = pct != NULL;
    if (amount && fs_money_parse(amount, "discount", &in.discount, e) != FS_OK)
        return *col = O_DISCOUNT, e->code;
    in.has_discount = amount != NULL;
    in.name = cell(m, O_PRODUCT_NAME);
    in.description = cell(m, O_DESCRIPTION);
    if (fs_opp_line_add(o, &in, NULL, e) != FS_OK)
        return *col = -1, e->code;
    /* Computing now pins a price or arithmetic problem to this row. */
    if (fs_opp_compute(m->s, o, e) != FS_OK)
        return *col = -1, e->code;
    return FS_OK;
}

/* Imports the current record as a row of an opportunity. */
static int opp_row(struct imp *m)
{
    struct group *g = &m->g;
    fs_err e;
    fs_err_clear(&e);
    const char *ref = cell(m, O_REF);
    if (!ref) {
        report(m, m->rec_line, column_name(m, O_REF),
               _("opp_ref: required; the rows of one opportunity share one opp_ref."));
        m->r->skipped++;
        return FS_OK;
    }
    int col = -1;
    if (g->open && strcmp(ref, g->ref) == 0) {
        /* A further line: the opportunity's cells are empty or repeat the
         * first row's. */
        for (int h = 0; h < head_count(m); h++) {
            int p = head_pos(m, h);
            if (p < 0 || p >= m->nf || !m->f[p][0] || strcmp(m->f[p], g->head[h]) == 0)
                continue;
            report(m, m->rec_line, m->names[p],
                   _("%s: differs from line %ld, the first row of opportunity %s; leave it empty or repeat it."),
                   m->names[p], g->first_line, g->ref);
            g->bad = true;
            return FS_OK;
        }
        if (!g->bad && group_line(m, &g->o, &col, &e) != FS_OK) {
            g->bad = true;
            return row_error(m, m->rec_line, col, &e);
        }
        return FS_OK;
    }
    int rc = group_finish(m);
    if (rc != FS_OK)
        return rc;
    long first = m->rec_line;
    rc = strset_add(&m->refs, ref, &first, m->e);
    if (rc == FS_ECONFLICT) {
        report(m, m->rec_line, column_name(m, O_REF),
               _("opp_ref: the rows of opportunity %s must be next to each other (it starts on line %ld)."), ref, first);
        m->r->skipped++;
        return FS_OK;
    }
    if (rc != FS_OK)
        return m->fatal = rc;
    g->ref = strdup(ref);
    g->head = calloc((size_t)head_count(m), sizeof *g->head);
    if (!g->ref || !g->head)
        return m->fatal = oom(m->e);
    g->first_line = m->rec_line;
    for (int h = 0; h < head_count(m); h++) {
        int p = head_pos(m, h);
        if (!(g->head[h] = strdup(p >= 0 && p < m->nf ? m->f[p] : "")))
            return m->fatal = oom(m->e);
    }
    if (fs_opp_new(m->s, &g->o, &e) != FS_OK)
        return row_error(m, m->rec_line, -1, &e);
    g->open = true;
    if (group_head(m, &g->o, &col, &e) != FS_OK || group_line(m, &g->o, &col, &e) != FS_OK) {
        g->bad = true;
        return row_error(m, m->rec_line, col, &e);
    }
    return FS_OK;
}

/* ---- the file ----------------------------------------------------------------- */

/* Reads the header row: the file index of every known column. */
static int read_header(struct imp *m)
{
    bool bad = false;
    m->names = calloc((size_t)m->nf + 1, sizeof *m->names);
    m->custom_pos = calloc((size_t)m->nf + 1, sizeof *m->custom_pos);
    if (!m->names || !m->custom_pos)
        return m->fatal = oom(m->e);
    for (int i = 0; i < m->nf; i++) {
        if (!(m->names[i] = strdup(m->f[i])))
            return m->fatal = oom(m->e);
        m->nnames = i + 1;
        char *key = header_key(m->f[i]);
        if (!key)
            return m->fatal = oom(m->e);
        int found = -1;
        for (int c = 0; c < m->ncols && found < 0; c++)
            if (column_matches(&m->cols[c], key))
                found = c;
        if (found >= 0 && m->pos[found] >= 0) {
            report(m, m->rec_line, m->f[i], _("this column appears twice (also column %d)."), m->pos[found] + 1);
            bad = true;
        } else if (found >= 0) {
            m->pos[found] = i;
        } else if (m->kind == FS_CSV_OPPORTUNITIES && strncmp(key, "field.", 6) == 0 && key[6]) {
            /* A custom field: the key as typed, after "field.". */
            memcpy(m->names[i], "field.", 6);
            m->custom_pos[m->ncustom++] = i;
        } else if (!*key) {
            report(m, m->rec_line, "", _("column %d has no name; the first row must name every column."), i + 1);
            bad = true;
        } else {
            report(m, m->rec_line, m->f[i], _("unknown column; the columns are listed in docs/CSV.md."));
            bad = true;
        }
        free(key);
    }
    static const int contact_req[] = { K_NAME }, product_req[] = { P_CODE, P_NAME },
                     opp_req[] = { O_REF, O_CONTACT, O_TITLE };
    const int *req = m->kind == FS_CSV_CONTACTS ? contact_req : m->kind == FS_CSV_PRODUCTS ? product_req : opp_req;
    int nreq = m->kind == FS_CSV_CONTACTS ? 1 : m->kind == FS_CSV_PRODUCTS ? 2 : 3;
    for (int i = 0; i < nreq; i++)
        if (m->pos[req[i]] < 0) {
            report(m, m->rec_line, "", _("the header has no %s column; it is required."), m->cols[req[i]].name);
            bad = true;
        }
    m->have_header = true;
    if (bad) {
        m->fatal = fs_err_set(m->e, FS_EINVAL, "header",
                              _("the first row must name the columns; nothing was imported."));
    }
    return m->fatal;
}

/* Counts a rejected row as skipped: a contact or product, or an
 * opportunity other than the one being gathered (whose rows then make it
 * bad). */
static void row_rejected(struct imp *m)
{
    const char *ref = m->kind == FS_CSV_OPPORTUNITIES ? cell(m, O_REF) : NULL;
    if (ref && m->g.open && strcmp(ref, m->g.ref) == 0)
        m->g.bad = true;
    else
        m->r->skipped++;
}

/* libcsv: one field of the current record. */
static void on_field(void *data, size_t len, void *vm)
{
    struct imp *m = vm;
    if (m->fatal)
        return;
    if (m->nf >= FIELDS_MAX) {
        m->too_many = true;
        return;
    }
    if (m->used + len + 1 > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;
        while (cap < m->used + len + 1)
            cap *= 2;
        char *b = realloc(m->buf, cap);
        if (!b) {
            m->fatal = oom(m->e);
            return;
        }
        m->buf = b;
        m->cap = cap;
    }
    if (len)
        memcpy(m->buf + m->used, data, len);
    m->buf[m->used + len] = '\0';
    m->offs[m->nf++] = m->used;
    m->used += len + 1;
}

/* libcsv: the end of the current record. */
static void on_row(int term, void *vm)
{
    (void)term;
    struct imp *m = vm;
    m->row_done = true;
    int nf = m->nf;
    m->nf = 0;
    m->used = 0;
    if (m->fatal)
        return;
    bool empty = true;
    for (int i = 0; i < nf; i++) {
        m->f[i] = m->buf + m->offs[i];
        if (m->f[i][0])
            empty = false;
    }
    m->nf = nf;
    long bad_before = m->r->bad_rows;
    int utf8_bad = -1;
    for (int i = 0; i < nf && utf8_bad < 0 && m->have_header; i++)
        if (!fs_text_valid_utf8(m->f[i], strlen(m->f[i])))
            utf8_bad = i;
    if (m->too_many) {
        m->too_many = false;
        report(m, m->rec_line, "", _("the row has more than %d columns."), FIELDS_MAX);
    } else if (empty) {
        /* A row of empty cells, as spreadsheets write under the data. */
    } else if (!m->have_header) {
        read_header(m);
        bad_before = m->r->bad_rows;
    } else if (nf > m->nnames) {
        report(m, m->rec_line, "", _("the row has %d cells but the header names %d columns."), nf, m->nnames);
    } else if (utf8_bad >= 0) {
        report(m, m->rec_line, m->names[utf8_bad], _("not UTF-8 text; save the file as \"CSV UTF-8\"."));
    } else if (m->kind == FS_CSV_CONTACTS) {
        contact_row(m);
    } else if (m->kind == FS_CSV_PRODUCTS) {
        product_row(m);
    } else {
        opp_row(m);
        bad_before = m->r->bad_rows; /* opportunities count their own skips */
    }
    if (m->r->bad_rows != bad_before)
        row_rejected(m);
    m->nf = 0;
}

/* True when the line holds only blanks. */
static bool blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            return false;
    return true;
}

/* Resets what one attempt of the transaction builds, so a retried
 * transaction starts clean. */
static void imp_reset(struct imp *m)
{
    group_free(m);
    strset_free(&m->refs);
    for (int i = 0; i < m->nnames; i++)
        free(m->names[i]);
    free(m->names);
    free(m->custom_pos);
    m->names = NULL;
    m->custom_pos = NULL;
    m->nnames = m->ncustom = 0;
    for (int c = 0; c < O_NCOLS; c++)
        m->pos[c] = -1;
    m->have_header = false;
    m->nlines = 0;
    m->fatal = FS_OK;
    m->nf = m->used = 0;
    m->too_many = false;
    m->line = m->rec_line = m->last_bad_line = 0;
}

/* Feeds the file to libcsv line by line (see the top of this file). */
static int read_file(struct imp *m, FILE *f)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return oom(m->e);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool between = true;
    size_t record_bytes = 0;
    while (!m->fatal && (n = getline(&line, &cap, f)) > 0) {
        m->line++;
        const char *data = line;
        size_t len = (size_t)n;
        if (m->line == 1 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            data += 3, len -= 3;
        if (between) {
            m->rec_line = m->line;
            record_bytes = 0;
        }
        m->row_done = false;
        if (csv_parse(&p, data, len, on_field, on_row, m) != len) {
            report(m, m->line, "", _("not valid CSV: a quote inside an unquoted cell, or text after a closing quote "
                                     "(write a quote inside a quoted cell as \"\")."));
            fs_err_set(m->e, FS_EINVAL, "file", _("the file is not valid CSV; nothing was imported."));
            m->fatal = FS_EINVAL;
            break;
        }
        record_bytes += len;
        between = m->row_done || (between && blank(data, len));
        if (!between && record_bytes > RECORD_MAX) {
            report(m, m->rec_line, "", _("a row longer than %u MB: is a closing quote missing?"), RECORD_MAX >> 20);
            m->fatal = fs_err_set(m->e, FS_EINVAL, "file", _("the file is not valid CSV; nothing was imported."));
        }
    }
    int rc = m->fatal;
    if (!rc && ferror(f))
        rc = m->fatal = fs_err_set(m->e, FS_ERUNTIME, "file", _("reading %s failed."), m->path);
    if (!rc && csv_fini(&p, on_field, on_row, m) != 0) {
        report(m, m->rec_line, "", _("the file ends inside a quoted cell that starts on this line."));
        rc = m->fatal = fs_err_set(m->e, FS_EINVAL, "file", _("the file is not valid CSV; nothing was imported."));
    }
    free(line);
    csv_free(&p);
    return rc ? rc : m->fatal;
}

/* The import transaction: every row of the file. */
static int import_tx(fs_db *db, void *vm, fs_err *e)
{
    (void)db;
    struct imp *m = vm;
    m->e = e;
    imp_reset(m);
    memset(m->r, 0, sizeof *m->r);
    FILE *f = fopen(m->path, "rb");
    if (!f)
        return fs_err_set(e, FS_EINVAL, "file", _("cannot read %s: %s."), m->path, strerror(errno));
    struct stat sb;
    int rc = m->kind == FS_CSV_CONTACTS ? fts_defer(m, fstat(fileno(f), &sb) == 0 ? (long long)sb.st_size : 0)
                                        : FS_OK;
    if (rc == FS_OK)
        rc = read_file(m, f);
    fclose(f);
    if (rc == FS_OK)
        rc = fts_restore(m);
    fts_free(m);
    if (rc == FS_OK && m->kind == FS_CSV_OPPORTUNITIES) {
        group_finish(m);
        rc = m->fatal;
    }
    if (rc != FS_OK)
        return rc;
    if (!m->have_header)
        return fs_err_set(e, FS_EINVAL, "file", _("%s is empty; its first row must name the columns."), m->path);
    if (m->r->bad_rows && !m->o->skip_bad)
        return fs_err_set(e, FS_EINVAL, "file",
                          _("bad rows: %ld; nothing was imported (correct them, or import the good rows with "
                            "--skip-bad)."),
                          m->r->bad_rows);
    return m->o->dry_run ? DRY_RUN_DONE : FS_OK;
}

int fs_import_csv(fs_session *s, enum fs_csv_kind kind, const char *path, const fs_import_opts *o,
                  fs_import_result *r, fs_err *e)
{
    memset(r, 0, sizeof *r);
    int rc = fs_require(s, FS_PERM_BULK_EDIT, e);
    if (rc == FS_OK && kind == FS_CSV_PRODUCTS)
        rc = fs_require(s, FS_PERM_ADMIN_LISTS, e);
    if (rc != FS_OK)
        return rc;
    struct imp m;
    memset(&m, 0, sizeof m);
    m.s = s;
    m.kind = kind;
    m.path = path;
    m.o = o;
    m.r = r;
    m.cols = kind == FS_CSV_CONTACTS ? contact_cols : kind == FS_CSV_PRODUCTS ? product_cols : opp_cols;
    m.ncols = kind == FS_CSV_CONTACTS ? K_NCOLS : kind == FS_CSV_PRODUCTS ? P_NCOLS : O_NCOLS;
    m.offs = calloc(FIELDS_MAX, sizeof *m.offs);
    m.f = calloc(FIELDS_MAX, sizeof *m.f);
    /* Sorting for an index built at the end (fts_defer) goes to temporary
     * files, not memory: with temp_store = MEMORY a million contacts'
     * names would take 65 MB more, over the 32 MB a command may use. */
    int temp_store = 2;
    sqlite3_stmt *ts = fs_db_stmt(s->db, "PRAGMA temp_store", e);
    if (ts && sqlite3_step(ts) == SQLITE_ROW)
        temp_store = sqlite3_column_int(ts, 0);
    if (ts)
        sqlite3_reset(ts);
    if (!m.offs || !m.f)
        rc = oom(e);
    else if (kind == FS_CSV_CONTACTS && (rc = fs_db_exec(s->db, "PRAGMA temp_store = FILE", e)) != FS_OK)
        ;
    else
        rc = fs_db_write(s->db, import_tx, &m, e);
    if (kind == FS_CSV_CONTACTS) {
        char sql[32];
        fs_err e2;
        snprintf(sql, sizeof sql, "PRAGMA temp_store = %d", temp_store);
        fs_db_exec(s->db, sql, &e2);
    }
    if (rc == DRY_RUN_DONE) {
        fs_err_clear(e);
        rc = FS_OK;
    }
    m.e = e;
    imp_reset(&m);
    for (int i = 0; i < m.ncache; i++)
        free(m.cache[i].text);
    free(m.lines);
    free(m.buf);
    free(m.offs);
    free(m.f);
    return rc;
}

/* ---- export ------------------------------------------------------------------- */

/* A stored ISO date, or the local day of a UTC timestamp, in the export
 * calendar (Latin digits); "" when empty. */
static void export_date(const char *iso, enum fs_calendar cal, char *out, size_t n)
{
    out[0] = '\0';
    if (!iso || !*iso)
        return;
    char day[11];
    fs_text_copy(day, sizeof day, iso);
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (strlen(iso) >= 20 && iso[10] == 'T' && strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
        time_t t = timegm(&tm);
        struct tm local;
        if (localtime_r(&t, &local))
            strftime(day, sizeof day, "%Y-%m-%d", &local);
    }
    fs_day d;
    if (fs_day_from_iso(day, &d) != FS_OK)
        fs_text_copy(out, n, iso);
    else if (cal == FS_CAL_GREGORIAN)
        fs_day_to_iso(d, out);
    else
        fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_LATIN, out, n);
}

/* What every export shares: the statement, its header and a function
 * that turns the current row into cells. */
struct export {
    fs_session *s;
    enum fs_calendar cal;
    fs_export_fn fn;
    void *ctx;
    const char **names;     /* header */
    int ncols;
    const char *what;       /* for the error message */
    /* Fills cells[0..ncols) from the current row of st. */
    int (*row)(struct export *x, sqlite3_stmt *st, const char **cells, fs_err *e);
    char buf[8][64];        /* room for formatted cells */
    /* Opportunities: custom fields. */
    char **fields;
    int nfields;
    char **values;
};

/* Writes the header, then every row of st. */
static int export_run(struct export *x, sqlite3_stmt *st, fs_err *e)
{
    const char **cells = calloc((size_t)x->ncols, sizeof *cells);
    if (!cells)
        return oom(e);
    int rc = SQLITE_DONE, status = FS_OK;
    bool stopped = x->fn(x->ctx, x->names, x->ncols) != 0;
    while (!stopped && status == FS_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        memset(cells, 0, (size_t)x->ncols * sizeof *cells);
        status = x->row(x, st, cells, e);
        if (status == FS_OK)
            stopped = x->fn(x->ctx, cells, x->ncols) != 0;
    }
    if (status == FS_OK && !stopped && rc != SQLITE_DONE)
        status = fs_db_fail(x->s->db, x->what, e);
    sqlite3_reset(st);
    free(cells);
    return status;
}

static int contact_cells(struct export *x, sqlite3_stmt *st, const char **cells, fs_err *e)
{
    (void)e;
    for (int i = 0; i < K_NCOLS; i++)
        cells[i] = col_text(st, i);
    export_date(cells[K_CREATED], x->cal, x->buf[0], sizeof x->buf[0]);
    cells[K_CREATED] = x->buf[0];
    return FS_OK;
}

static int product_cells(struct export *x, sqlite3_stmt *st, const char **cells, fs_err *e)
{
    (void)x;
    (void)e;
    for (int i = 0; i < P_NCOLS; i++)
        cells[i] = col_text(st, i);
    return FS_OK;
}

/* The custom values of opportunity id into x->values (by x->fields). */
static int opp_values(struct export *x, int64_t id, fs_err *e)
{
    for (int i = 0; i < x->nfields; i++) {
        free(x->values[i]);
        x->values[i] = NULL;
    }
    if (!x->nfields)
        return FS_OK;
    sqlite3_stmt *st = fs_db_stmt(x->s->db,
                                  "SELECT f.key, v.value FROM opp_field_value v JOIN custom_field f ON f.id = v.field_id "
                                  "WHERE v.opp_id = ?1",
                                  e);
    if (!st)
        return FS_ERUNTIME;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        for (int i = 0; i < x->nfields; i++)
            if (strcmp(x->fields[i] + 6, col_text(st, 0)) == 0 && !x->values[i])
                x->values[i] = strdup(col_text(st, 1));
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? FS_OK : fs_db_fail(x->s->db, x->what, e);
}

/* One opportunity line (or an opportunity without lines). */
static int opp_cells(struct export *x, sqlite3_stmt *st, const char **cells, fs_err *e)
{
    for (int i = 0; i <= O_PURCHASE_PROCESS; i++)
        cells[i] = col_text(st, i);
    export_date(cells[O_CLOSE_DATE], x->cal, x->buf[0], sizeof x->buf[0]);
    cells[O_CLOSE_DATE] = x->buf[0];
    export_date(col_text(st, O_CREATED), x->cal, x->buf[1], sizeof x->buf[1]);
    cells[O_CREATED] = x->buf[1];
    if (sqlite3_column_type(st, O_PRODUCT_CODE) != SQLITE_NULL) {
        cells[O_PRODUCT_CODE] = col_text(st, O_PRODUCT_CODE);
        cells[O_PRODUCT_NAME] = col_text(st, O_PRODUCT_NAME);
        fs_qty_format(sqlite3_column_int64(st, O_QTY), FS_DIGITS_LATIN, x->buf[2], sizeof x->buf[2]);
        cells[O_QTY] = x->buf[2];
        cells[O_UNIT_PRICE] = col_text(st, O_UNIT_PRICE);
        /* The percentage when it gives the stored discount exactly, else
         * the amount, so the import computes the same line. */
        int64_t total = sqlite3_column_int64(st, O_DESCRIPTION + 1), bp = sqlite3_column_int64(st, O_DISCOUNT_PERCENT);
        int64_t discount = sqlite3_column_int64(st, O_DISCOUNT), by_bp = -1;
        fs_money_percent(total, bp, &by_bp);
        if (discount && by_bp == discount) {
            fs_percent_format(bp, FS_DIGITS_LATIN, x->buf[3], sizeof x->buf[3]);
            cells[O_DISCOUNT_PERCENT] = x->buf[3];
        } else if (discount) {
            cells[O_DISCOUNT] = col_text(st, O_DISCOUNT);
        }
        cells[O_DESCRIPTION] = col_text(st, O_DESCRIPTION);
    }
    if (opp_values(x, sqlite3_column_int64(st, O_DESCRIPTION + 2), e) != FS_OK)
        return e->code;
    for (int i = 0; i < x->nfields; i++)
        cells[O_NCOLS + i] = x->values[i];
    return FS_OK;
}

/* The custom-field columns of an opportunity export: field.KEY for every
 * distinct key of any subtype. */
static int opp_fields(struct export *x, fs_err *e)
{
    sqlite3_stmt *st = fs_db_stmt(x->s->db, "SELECT DISTINCT key FROM custom_field ORDER BY key", e);
    if (!st)
        return FS_ERUNTIME;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && x->nfields < FIELDS_MAX) {
        char **v = realloc(x->fields, (size_t)(x->nfields + 1) * sizeof *v);
        if (!v)
            break;
        x->fields = v;
        size_t n = strlen(col_text(st, 0)) + 7;
        if (!(v[x->nfields] = malloc(n)))
            break;
        snprintf(v[x->nfields++], n, "field.%s", col_text(st, 0));
    }
    sqlite3_reset(st);
    x->values = calloc((size_t)x->nfields + 1, sizeof *x->values);
    if (!x->values || (rc != SQLITE_DONE && rc != SQLITE_ROW))
        return x->values ? fs_db_fail(x->s->db, x->what, e) : oom(e);
    return FS_OK;
}

int fs_export_csv(fs_session *s, enum fs_csv_kind kind, enum fs_calendar dates, fs_export_fn fn, void *ctx,
                  fs_err *e)
{
    int rc = fs_require(s, FS_PERM_EXPORT, e);
    if (rc != FS_OK)
        return rc;
    struct export x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.cal = dates;
    x.fn = fn;
    x.ctx = ctx;
    const struct column *cols;
    const char *sql;
    if (kind == FS_CSV_CONTACTS) {
        cols = contact_cols;
        x.ncols = K_NCOLS;
        x.row = contact_cells;
        x.what = _("exporting the contacts");
        sql = "SELECT i.id, i.kind, i.name, i.phone, i.mobile, i.email, i.address, i.national_id, i.economic_code, "
              "src.key, u.login, i.notes, i.created_at FROM identity i "
              "LEFT JOIN list_item src ON src.id = i.source_id LEFT JOIN user u ON u.id = i.owner_id ORDER BY i.id";
    } else if (kind == FS_CSV_PRODUCTS) {
        cols = product_cols;
        x.ncols = P_NCOLS;
        x.row = product_cells;
        x.what = _("exporting the products");
        sql = "SELECT p.id, p.code, p.name, g.name, p.kind, u.key, p.unit_price, p.sellable, p.stock_tracked, p.serial, "
              "p.taxable, p.name_editable, p.active FROM product p LEFT JOIN product_group g ON g.id = p.group_id "
              "LEFT JOIN list_item u ON u.id = p.unit_id WHERE NOT p.builtin ORDER BY p.id";
    } else {
        cols = opp_cols;
        x.row = opp_cells;
        x.what = _("exporting the opportunities");
        if ((rc = opp_fields(&x, e)) != FS_OK)
            goto done;
        x.ncols = O_NCOLS + x.nfields;
        /* One row per line in line order; the amount only when it was set
         * by hand (else the import sums the lines again); a line's name
         * only when it differs from its product's.  After the columns of
         * opp_cols: the line total, then the opportunity id. */
        sql = "SELECT o.number, o.identity_id, i.name, o.title, sub.key, stg.key, ty.key, u.login, src.key, c.name, "
              "o.close_date, CASE WHEN o.amount_manual THEN o.final_amount END, o.probability, wr.key, lr.key, "
              "pp.key, o.created_at, p.code, CASE WHEN l.name <> p.name THEN l.name END, l.qty, l.unit_price, "
              "l.discount_bp, l.discount, l.description, l.total, o.id "
              "FROM opportunity o JOIN identity i ON i.id = o.identity_id JOIN subtype sub ON sub.id = o.subtype_id "
              "JOIN stage stg ON stg.id = o.stage_id JOIN user u ON u.id = o.assigned_id "
              "LEFT JOIN list_item ty ON ty.id = o.type_id LEFT JOIN list_item src ON src.id = o.source_id "
              "LEFT JOIN campaign c ON c.id = o.campaign_id LEFT JOIN list_item wr ON wr.id = o.win_reason_id "
              "LEFT JOIN list_item lr ON lr.id = o.loss_reason_id "
              "LEFT JOIN list_item pp ON pp.id = o.purchase_process_id "
              "LEFT JOIN opp_line l ON l.opp_id = o.id LEFT JOIN product p ON p.id = l.product_id "
              "WHERE ?1 OR o.created_by = ?2 OR o.assigned_id = ?2 ORDER BY o.id, l.position";
    }
    x.names = calloc((size_t)x.ncols, sizeof *x.names);
    if (!x.names) {
        rc = oom(e);
        goto done;
    }
    for (int i = 0; i < x.ncols; i++)
        x.names[i] = i < (kind == FS_CSV_OPPORTUNITIES ? O_NCOLS : x.ncols) ? cols[i].name : x.fields[i - O_NCOLS];
    sqlite3_stmt *st = fs_db_stmt(s->db, sql, e);
    if (!st) {
        rc = FS_ERUNTIME;
        goto done;
    }
    if (kind == FS_CSV_OPPORTUNITIES) {
        sqlite3_bind_int(st, 1, fs_can(s, FS_PERM_VIEW_ALL));
        sqlite3_bind_int64(st, 2, s->user_id);
    }
    rc = export_run(&x, st, e);
done:
    for (int i = 0; i < x.nfields; i++) {
        free(x.fields[i]);
        if (x.values)
            free(x.values[i]);
    }
    free(x.fields);
    free(x.values);
    free(x.names);
    return rc;
}
