/* out.c — command-line output: tables, CSV (libcsv), JSON, key/value. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csv_out.h"
#include "i18n.h"
#include "money.h"

struct cli_table {
    const struct cli_col *cols;
    int ncols;
    char **cells; /* rows × ncols */
    size_t nrows, cap;
};

struct cli_table *cli_table_new(const struct cli_col *cols, int ncols)
{
    struct cli_table *t = calloc(1, sizeof *t);
    if (t) {
        t->cols = cols;
        t->ncols = ncols;
    }
    return t;
}

int cli_table_add(struct cli_table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **n = realloc(t->cells, cap * (size_t)t->ncols * sizeof *n);
        if (!n)
            return -1;
        t->cells = n;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * (size_t)t->ncols;
    for (int i = 0; i < t->ncols; i++)
        row[i] = cells[i] ? strdup(cells[i]) : NULL;
    t->nrows++;
    return 0;
}

void cli_table_free(struct cli_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t);
}

/* In Toman (--currency toman) the unit word follows: a bare number reads as
 * Rial everywhere else. */
void cli_money(const struct cli *c, int64_t v, char *out, size_t n)
{
    char num[64];
    fs_money_format(v, c->digits, c->s.toman, num, sizeof num);
    if (c->s.toman)
        snprintf(out, n, "%s %s", num, _("Toman"));
    else
        snprintf(out, n, "%s", num);
}

/* A column's table heading; amount columns name the unit in Toman, since
 * their cells are bare numbers. */
static const char *col_heading(const struct cli *c, const struct cli_col *col, char *buf, size_t n)
{
    if (col->type != COL_MONEY || !c->s.toman)
        return col->heading;
    snprintf(buf, n, "%s (%s)", col->heading, _("Toman"));
    return buf;
}

void cli_date(const struct cli *c, const char *iso, char *out, size_t n)
{
    fs_day d;
    if (!iso || !*iso || fs_day_from_iso(iso, &d) != FS_OK) {
        snprintf(out, n, "%s", iso ? iso : "");
        return;
    }
    fs_date_format(d, c->calendar, c->digits, out, n);
}

int cli_parse_date(const struct cli *c, const char *text, const char *field, char iso[11], fs_err *e)
{
    if (!text || !*text) {
        iso[0] = '\0';
        return FS_OK;
    }
    fs_day d;
    int st = fs_date_parse(text, fs_today(), c->calendar, field, &d, e);
    if (st == FS_OK)
        fs_day_to_iso(d, iso);
    return st;
}

void cli_puts_safe(FILE *f, const char *s)
{
    char *clean = fs_text_sanitize(s ? s : "", (size_t)-1);
    fputs(clean ? clean : "", f);
    free(clean);
}

/* The text a cell shows in table/CSV form, formatted into buf if needed. */
static const char *cell_display(const struct cli *c, enum cli_col_type type, const char *v, char *buf,
                                size_t n, bool for_csv)
{
    if (!v)
        return "";
    switch (type) {
    case COL_MONEY:
        if (for_csv)
            return v;
        fs_money_format(strtoll(v, NULL, 10), c->digits, c->s.toman, buf, n);
        return buf;
    case COL_QTY:
        fs_qty_format(strtoll(v, NULL, 10), for_csv ? FS_DIGITS_LATIN : c->digits, buf, n);
        return buf;
    case COL_DATE:
        if (for_csv && c->calendar == FS_CAL_GREGORIAN)
            return v;
        if (for_csv) {
            struct cli latin = *c;
            latin.digits = FS_DIGITS_LATIN;
            cli_date(&latin, v, buf, n);
        } else {
            cli_date(c, v, buf, n);
        }
        return buf;
    case COL_INT:
        if (for_csv || c->digits == FS_DIGITS_LATIN)
            return v;
        {
            char *l = fs_text_local_digits(v, c->digits);
            snprintf(buf, n, "%s", l ? l : v);
            free(l);
        }
        return buf;
    case COL_BOOL:
        return strcmp(v, "0") == 0 || !*v ? (for_csv ? "0" : _("no")) : (for_csv ? "1" : _("yes"));
    case COL_TEXT:
    default:
        return v;
    }
}

/* Pads with spaces to `width` columns, left or right aligned. */
static void put_padded(FILE *f, const char *s, int width, bool right)
{
    char *clean = fs_text_sanitize(s, (size_t)-1);
    const char *t = clean ? clean : "";
    int w = fs_text_width(t);
    if (right)
        for (int i = w; i < width; i++)
            fputc(' ', f);
    fputs(t, f);
    if (!right)
        for (int i = w; i < width; i++)
            fputc(' ', f);
    free(clean);
}

/* Widest display width of a cell text, capped so one hostile 10,000
 * character name cannot make every row that wide. */
#define MAX_COL_WIDTH 60

static void print_table_text(struct cli *c, struct cli_table *t, const char *const *totals)
{
    int *width = calloc((size_t)t->ncols, sizeof *width);
    char buf[96];
    if (!width)
        return;
    for (int j = 0; j < t->ncols; j++) {
        char hb[160];
        width[j] = fs_text_width(col_heading(c, &t->cols[j], hb, sizeof hb));
        for (size_t i = 0; i <= t->nrows; i++) {
            const char *v = i < t->nrows ? t->cells[i * (size_t)t->ncols + (size_t)j] : (totals ? totals[j] : NULL);
            char *clean = fs_text_sanitize(cell_display(c, t->cols[j].type, v, buf, sizeof buf, false), (size_t)-1);
            int w = clean ? fs_text_width(clean) : 0;
            free(clean);
            if (w > width[j])
                width[j] = w > MAX_COL_WIDTH ? MAX_COL_WIDTH : w;
        }
    }
    for (int j = 0; j < t->ncols; j++) {
        char hb[160];
        put_padded(stdout, col_heading(c, &t->cols[j], hb, sizeof hb), j + 1 < t->ncols ? width[j] : 0, false);
        fputs(j + 1 < t->ncols ? "  " : "\n", stdout);
    }
    for (size_t i = 0; i <= t->nrows; i++) {
        const char *const *row;
        if (i < t->nrows) {
            row = (const char *const *)t->cells + i * (size_t)t->ncols;
        } else {
            if (!totals)
                break;
            for (int j = 0; j < t->ncols; j++) {
                for (int k = 0; k < width[j]; k++)
                    fputc('-', stdout);
                fputs(j + 1 < t->ncols ? "  " : "\n", stdout);
            }
            row = totals;
        }
        for (int j = 0; j < t->ncols; j++) {
            enum cli_col_type ty = t->cols[j].type;
            const char *v = cell_display(c, ty, row[j], buf, sizeof buf, false);
            bool right = ty == COL_INT || ty == COL_MONEY || ty == COL_QTY;
            char *clean = fs_text_sanitize(v, (size_t)-1);
            /* Clip overlong cells at a character boundary. */
            if (clean && fs_text_width(clean) > MAX_COL_WIDTH) {
                size_t k = 0;
                int w = 0;
                while (clean[k]) {
                    size_t step = 1;
                    while (((unsigned char)clean[k + step] & 0xC0) == 0x80)
                        step++;
                    char save = clean[k + step];
                    clean[k + step] = '\0';
                    int cw = fs_text_width(clean + k);
                    clean[k + step] = save;
                    if (w + cw > MAX_COL_WIDTH - 1)
                        break;
                    w += cw;
                    k += step;
                }
                strcpy(clean + k, "…");
            }
            put_padded(stdout, clean ? clean : "", j + 1 < t->ncols || right ? width[j] : 0, right);
            free(clean);
            fputs(j + 1 < t->ncols ? "  " : "\n", stdout);
        }
    }
    free(width);
}

int cli_csv_row(const char *const *cells, int n)
{
    static int tty = -1;
    if (tty < 0)
        tty = isatty(STDOUT_FILENO);
    if (!tty)
        return fs_csv_write_row(stdout, cells, n);
    /* On a terminal the cells go through the display's sanitising: text
     * stored before controls were refused, or imported from elsewhere,
     * never moves the cursor or recolours the screen. */
    char **clean = calloc((size_t)(n > 0 ? n : 1), sizeof *clean);
    if (!clean)
        return -1;
    for (int i = 0; i < n; i++)
        clean[i] = fs_text_sanitize(cells[i] ? cells[i] : "", (size_t)-1);
    int rc = fs_csv_write_row(stdout, (const char *const *)clean, n);
    for (int i = 0; i < n; i++)
        free(clean[i]);
    free(clean);
    return rc;
}

static void print_table_csv(struct cli *c, struct cli_table *t)
{
    const char **row = calloc((size_t)t->ncols, sizeof *row);
    char(*buf)[96] = calloc((size_t)t->ncols, sizeof *buf);
    if (!row || !buf) {
        free(row);
        free(buf);
        return;
    }
    if (c->csv_bom)
        fputs(FS_CSV_BOM, stdout);
    for (int j = 0; j < t->ncols; j++)
        row[j] = t->cols[j].key;
    cli_csv_row(row, t->ncols);
    for (size_t i = 0; i < t->nrows; i++) {
        for (int j = 0; j < t->ncols; j++)
            row[j] = cell_display(c, t->cols[j].type, t->cells[i * (size_t)t->ncols + (size_t)j], buf[j],
                                  sizeof buf[j], true);
        cli_csv_row(row, t->ncols);
    }
    free(row);
    free(buf);
}

/* Writes one JSON value of a typed column. */
static void json_cell(struct jw *w, const char *key, enum cli_col_type type, const char *v)
{
    if (!v || (!*v && type != COL_TEXT)) {
        jw_null(w, key);
        return;
    }
    switch (type) {
    case COL_INT:
    case COL_MONEY:
        jw_int(w, key, strtoll(v, NULL, 10));
        break;
    case COL_QTY:
        jw_qty(w, key, strtoll(v, NULL, 10));
        break;
    case COL_BOOL:
        jw_bool(w, key, strcmp(v, "0") != 0);
        break;
    default:
        jw_str(w, key, v);
    }
}

static void print_table_json(struct cli_table *t, const char *const *totals)
{
    struct jw w;
    jw_begin(&w, stdout);
    if (totals)
        jw_obj(&w, NULL);
    jw_arr(&w, totals ? "rows" : NULL);
    for (size_t i = 0; i < t->nrows; i++) {
        jw_obj(&w, NULL);
        for (int j = 0; j < t->ncols; j++)
            json_cell(&w, t->cols[j].key, t->cols[j].type, t->cells[i * (size_t)t->ncols + (size_t)j]);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    if (totals) {
        jw_obj(&w, "totals");
        for (int j = 0; j < t->ncols; j++)
            if (totals[j] && *totals[j] && t->cols[j].type != COL_TEXT)
                json_cell(&w, t->cols[j].key, t->cols[j].type, totals[j]);
        jw_end_obj(&w);
        jw_end_obj(&w);
    }
    jw_finish(&w);
}

void cli_table_print(struct cli *c, struct cli_table *t, const char *const *totals)
{
    switch (c->format) {
    case CLI_CSV:
        print_table_csv(c, t);
        break;
    case CLI_JSON:
        print_table_json(t, totals);
        break;
    default:
        print_table_text(c, t, totals);
    }
}

void cli_kv(const char *label, const char *value)
{
    cli_puts_safe(stdout, label);
    fputs(": ", stdout);
    cli_puts_safe(stdout, value ? value : "");
    fputc('\n', stdout);
}

/* JSON writer: commas and nesting are tracked per depth. */
void jw_begin(struct jw *w, FILE *f)
{
    memset(w, 0, sizeof *w);
    w->f = f;
    w->first[0] = true;
}

static void jw_sep(struct jw *w, const char *key)
{
    if (!w->first[w->depth])
        fputc(',', w->f);
    w->first[w->depth] = false;
    if (key) {
        fputc('"', w->f);
        fputs(key, w->f);
        fputs("\":", w->f);
    }
}

/* Writes s as a JSON string: valid UTF-8 is passed through, controls are
 * escaped, invalid bytes become U+FFFD. */
static void jw_escape(FILE *f, const char *s)
{
    fputc('"', f);
    char *clean = NULL;
    if (!fs_text_valid_utf8(s, strlen(s)))
        s = clean = fs_text_normalize(s);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            fputc('\\', f);
            fputc(*p, f);
        } else if (*p < 0x20 || *p == 0x7f) {
            fprintf(f, "\\u%04x", *p);
        } else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            /* C1 controls (U+009B is CSI) are escaped too, like the bidi
             * overrides and isolates below: a terminal never obeys them. */
            fprintf(f, "\\u%04x", p[1]);
            p++;
        } else if (p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE) ||
                                    (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9))) {
            fprintf(f, "\\u%04x", 0x2000 | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F));
            p += 2;
        } else {
            fputc(*p, f);
        }
    }
    free(clean);
    fputc('"', f);
}

void jw_obj(struct jw *w, const char *key)
{
    jw_sep(w, key);
    fputc('{', w->f);
    w->first[++w->depth] = true;
}

void jw_arr(struct jw *w, const char *key)
{
    jw_sep(w, key);
    fputc('[', w->f);
    w->first[++w->depth] = true;
}

void jw_end_obj(struct jw *w)
{
    fputc('}', w->f);
    w->depth--;
}

void jw_end_arr(struct jw *w)
{
    fputc(']', w->f);
    w->depth--;
}

void jw_str(struct jw *w, const char *key, const char *v)
{
    jw_sep(w, key);
    if (v)
        jw_escape(w->f, v);
    else
        fputs("null", w->f);
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
    jw_sep(w, key);
    fprintf(w->f, "%lld", (long long)v);
}

void jw_qty(struct jw *w, const char *key, int64_t q)
{
    char buf[48];
    jw_sep(w, key);
    fs_qty_format(q, FS_DIGITS_LATIN, buf, sizeof buf);
    fputs(buf, w->f);
}

void jw_bool(struct jw *w, const char *key, bool v)
{
    jw_sep(w, key);
    fputs(v ? "true" : "false", w->f);
}

void jw_null(struct jw *w, const char *key)
{
    jw_sep(w, key);
    fputs("null", w->f);
}

void jw_finish(struct jw *w)
{
    fputc('\n', w->f);
}
