/* cli.h — what every command of the `forsat` program shares: global
 * options, the session, argument parsing helpers and output in table, CSV
 * or JSON.  Commands parse and print; every rule lives in src/core.
 */
#ifndef FS_CLI_H
#define FS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "jdate.h"
#include "session.h"
#include "text.h"

enum cli_format { CLI_TABLE, CLI_CSV, CLI_JSON };

struct cli {
    const char *db_path;
    const char *as_login;      /* --as LOGIN, or NULL */
    enum cli_format format;
    bool lang_fa;
    enum fs_digits digits;
    enum fs_calendar calendar;
    bool csv_bom;              /* --bom: Excel-friendly CSV */
    bool digits_set;           /* --digits was given */
    bool bidi_terminal;        /* --bidi terminal: the terminal reorders and shapes */
    fs_session s;              /* opened on demand by cli_session() */
    bool session_open;
};

/* A command handler: argv[0] is the command's own name ("add" for
 * `forsat contact add`).  Returns an exit status (SPEC §12). */
typedef int (*cli_fn)(struct cli *c, int argc, char **argv);

struct cli_cmd {
    const char *name;
    cli_fn fn;
    const char *usage;   /* one line, untranslated: "contact add --name NAME ..." */
};

/* Runs the sub-command named by argv[0] from table (NULL-terminated by a
 * zero entry), or prints usage and returns 2. `group` names the command
 * group for messages ("contact"). */
int cli_dispatch(struct cli *c, const char *group, const struct cli_cmd *table, int argc, char **argv);

/* Opens the session (database + acting user) once; prints the error and
 * returns its code on failure, else 0. */
int cli_session(struct cli *c);

/* Prints e's message on stderr as one sentence and returns e->code. */
int cli_fail(const fs_err *e);
/* Writes one CSV row to stdout (fs_csv_write_row); on a terminal every cell
 * is sanitised for display first. */
int cli_csv_row(const char *const *cells, int n);

/* Prints a usage error on stderr ("forsat: <msg>") and returns 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Option parsing for sub-commands (getopt_long, long options only).  A
 * command declares its options as an array of cli_opt ending with a zero
 * entry; values land in `val` (string) or `flag` (bool), repeated options
 * append to `list`. */
struct cli_opt {
    const char *name;      /* "title" for --title */
    int has_arg;           /* 0 flag, 1 required argument */
    const char **val;      /* last value given */
    bool *flag;            /* set when given */
    struct cli_strv *list; /* every value given, in order */
};

struct cli_strv {
    const char **v;
    int n, cap;
};
void cli_strv_free(struct cli_strv *l);

/* Parses argv (after the command name) against opts; positional arguments
 * are returned in pos (pointers into argv).  Unknown options and missing
 * values are usage errors: returns 2 after printing, else 0. */
int cli_parse(int argc, char **argv, const struct cli_opt *opts, struct cli_strv *pos);

/* Output. */
enum cli_col_type {
    COL_TEXT,    /* string; JSON string */
    COL_INT,     /* integer; JSON number; right-aligned */
    COL_MONEY,   /* integer Rial; table shows separators; JSON number */
    COL_QTY,     /* fixed-point quantity (1/10000); JSON number with decimals */
    COL_DATE,    /* ISO date; table/CSV show the chosen calendar; JSON ISO */
    COL_BOOL,    /* "0"/"1"; JSON true/false */
};

struct cli_col {
    const char *key;      /* JSON key and CSV header */
    const char *heading;  /* translated table heading */
    enum cli_col_type type;
};

struct cli_table;
struct cli_table *cli_table_new(const struct cli_col *cols, int ncols);
/* Adds a row of ncols strings (NULL = empty/null); copies them. */
int cli_table_add(struct cli_table *t, const char *const *cells);
/* Prints in the session's format.  An optional totals row (NULL for none)
 * shows under a rule in table form; with totals, JSON output is
 * {"rows": [...], "totals": {...}} instead of a bare array; CSV leaves
 * totals out so the file stays importable. */
void cli_table_print(struct cli *c, struct cli_table *t, const char *const *totals);
void cli_table_free(struct cli_table *t);

/* A record (show): key/value lines in table form, one JSON object. Values
 * may be nested JSON built with the jw_* writer when format is JSON. */
struct jw {
    FILE *f;
    int depth;
    bool first[32];
};
void jw_begin(struct jw *w, FILE *f);
void jw_obj(struct jw *w, const char *key);   /* key NULL inside arrays */
void jw_arr(struct jw *w, const char *key);
void jw_end_obj(struct jw *w);
void jw_end_arr(struct jw *w);
void jw_str(struct jw *w, const char *key, const char *v); /* NULL → null */
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_qty(struct jw *w, const char *key, int64_t q);
void jw_bool(struct jw *w, const char *key, bool v);
void jw_null(struct jw *w, const char *key);
void jw_finish(struct jw *w); /* newline */

/* Key/value printing for `show` in table form: "label: value" with the
 * value sanitised for the terminal. */
void cli_kv(const char *label, const char *value);

/* Formatting by the session's preferences. */
void cli_money(const struct cli *c, int64_t v, char *out, size_t n);
void cli_date(const struct cli *c, const char *iso, char *out, size_t n);
/* Writes s to f sanitised for a terminal (no control characters). */
void cli_puts_safe(FILE *f, const char *s);

/* Parses a date argument with the session's calendar; "" → *iso = "". */
int cli_parse_date(const struct cli *c, const char *text, const char *field, char iso[11], fs_err *e);

#endif
