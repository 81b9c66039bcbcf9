/* main.c — the `forsat` program: global options, the command table and
 * the helpers every command shares. */
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "money.h"
#include "shell.h"

static const struct cli_cmd top_commands[] = {
#define FS_COMMAND(name, fn, usage) { name, fn, usage },
#include "commands.def"
#undef FS_COMMAND
    { NULL, NULL, NULL },
};

const struct cli_cmd *cli_commands(void)
{
    return top_commands;
}

static void print_help(FILE *f)
{
    fputs(_("usage: forsat [OPTIONS] COMMAND [ARGS]\n"
            "\n"
            "Manage sales opportunities over a local SQLite database.\n"
            "\n"
            "Options:\n"
            "  --db PATH                 database file (default: $FORSAT_DB, else\n"
            "                            $XDG_DATA_HOME/forsat/forsat.db)\n"
            "  --as LOGIN                act as another user (admins only)\n"
            "  --lang fa|en              language of messages and labels\n"
            "  --digits latin|persian    digits in output\n"
            "  --bidi app|terminal       who reorders and shapes Persian on screen\n"
            "  --calendar jalali|gregorian  calendar of dates in output and input\n"
            "  --currency rial|toman     unit of amounts shown (stored, CSV and JSON: Rial)\n"
            "  --format table|csv|json   output format\n"
            "  --bom                     start CSV output with a byte-order mark (Excel)\n"
            "  --help, --version\n"
            "\n"
            "Commands:\n"),
          f);
    for (const struct cli_cmd *c = top_commands; c->name; c++)
        fprintf(f, "  %s\n", c->usage);
    fputs(_("\nExit status: 0 success, 1 runtime failure, 2 bad usage or invalid input,\n"
            "3 permission denied, 4 conflict or not found.\n"),
          f);
}

int cli_fail(const fs_err *e)
{
    fputs("forsat: ", stderr);
    cli_puts_safe(stderr, e->msg[0] ? e->msg : _("failed."));
    fputc('\n', stderr);
    return e->code ? e->code : FS_ERUNTIME;
}

int cli_usage(const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("forsat: ", stderr);
    cli_puts_safe(stderr, msg);
    fputc('\n', stderr);
    return FS_EINVAL;
}

int cli_session(struct cli *c)
{
    if (c->session_open)
        return 0;
    fs_err e;
    fs_err_clear(&e);
    int st = fs_session_open(&c->s, c->db_path, 0, c->as_login, &e);
    if (st != FS_OK)
        return cli_fail(&e);
    c->s.lang_fa = c->lang_fa;
    c->s.digits = c->digits;
    c->s.calendar = c->calendar;
    c->session_open = true;
    return 0;
}

int cli_dispatch(struct cli *c, const char *group, const struct cli_cmd *table, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
        FILE *f = argc < 1 ? stderr : stdout;
        fprintf(f, _("usage:\n"));
        for (const struct cli_cmd *t = table; t->name; t++)
            fprintf(f, "  forsat %s\n", t->usage);
        return argc < 1 ? FS_EINVAL : 0;
    }
    for (const struct cli_cmd *t = table; t->name; t++)
        if (strcmp(t->name, argv[0]) == 0) {
            if (argc > 1 && strcmp(argv[1], "--help") == 0) {
                printf("usage: forsat %s\n", t->usage);
                return 0;
            }
            return t->fn(c, argc, argv);
        }
    return cli_usage(_("unknown command \"%s %s\"; see `forsat %s --help`."), group, argv[0], group);
}

void cli_strv_free(struct cli_strv *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Appends s to l; returns -1 on OOM. */
static int strv_push(struct cli_strv *l, const char *s)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 8;
        const char **v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

int cli_parse(int argc, char **argv, const struct cli_opt *opts, struct cli_strv *pos)
{
    int n = 0;
    while (opts[n].name)
        n++;
    struct option *lo = calloc((size_t)n + 1, sizeof *lo);
    if (!lo)
        return cli_usage("%s", _("out of memory."));
    for (int i = 0; i < n; i++) {
        lo[i].name = opts[i].name;
        lo[i].has_arg = opts[i].has_arg ? required_argument : no_argument;
        lo[i].val = 1000 + i;
    }
    /* 0, not 1: glibc then forgets an earlier parse that stopped inside a
     * cluster like "-ab" and would otherwise go on reading that (possibly
     * freed) argument on the next call. */
    optind = 0;
    opterr = 0;
    int rc = 0, ch, idx;
    /* "-" first: positional arguments come back in order as value 1, so a
     * value like "-5" after an option is still that option's value. */
    while ((ch = getopt_long(argc, argv, "-", lo, &idx)) != -1) {
        if (ch == 1) {
            if (pos)
                strv_push(pos, optarg);
            else {
                rc = cli_usage(_("unexpected argument \"%s\"."), optarg);
                break;
            }
        } else if (ch >= 1000 && ch < 1000 + n) {
            const struct cli_opt *o = &opts[ch - 1000];
            if (o->val)
                *o->val = optarg;
            if (o->flag)
                *o->flag = true;
            if (o->list)
                strv_push(o->list, optarg);
        } else if (ch == '?' && optopt >= 1000 && optopt < 1000 + n && !opts[optopt - 1000].has_arg) {
            rc = cli_usage(_("option --%s takes no value."), opts[optopt - 1000].name);
            break;
        } else if (ch == ':' || (ch == '?' && optopt >= 1000)) {
            rc = cli_usage(_("option %s needs a value."), argv[optind - 1]);
            break;
        } else if (ch == '?' && optopt > 0 && optopt < 128) {
            /* An unknown short option: optind may still point before its
             * argument, so name the letter itself. */
            rc = cli_usage(_("unknown option \"-%c\"; see --help."), optopt);
            break;
        } else {
            rc = cli_usage(_("unknown option \"%s\"; see --help."), argv[optind - 1]);
            break;
        }
    }
    if (rc == 0)
        for (int i = optind; i < argc; i++) {
            if (!pos) {
                rc = cli_usage(_("unexpected argument \"%s\"."), argv[i]);
                break;
            }
            strv_push(pos, argv[i]);
        }
    free(lo);
    return rc;
}

/* The default database path: $FORSAT_DB, else the XDG data directory. */
static const char *default_db_path(char *buf, size_t n)
{
    const char *env = getenv("FORSAT_DB");
    if (env && *env)
        return env;
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg) {
        snprintf(buf, n, "%s/forsat/forsat.db", xdg);
        return buf;
    }
    const char *home = getenv("HOME");
    snprintf(buf, n, "%s/.local/share/forsat/forsat.db", home && *home ? home : ".");
    return buf;
}

/* True when the locale asks for Persian messages. */
static bool locale_is_persian(void)
{
    const char *vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "fa", 2) == 0;
    }
    return false;
}

/* Sets gettext's language to Persian or English regardless of LANG, so
 * `--lang` works even in the C locale. */
static void apply_language(bool fa)
{
    setenv("LANGUAGE", fa ? "fa" : "en", 1);
    const char *cur = setlocale(LC_MESSAGES, NULL);
    if (fa && cur && (strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
        setlocale(LC_MESSAGES, "C.UTF-8");
}

/* The directory holding fa/LC_MESSAGES/forsat.mo: $FORSAT_LOCALEDIR when set
 * (even empty: the screen tests use that to keep English labels), else the
 * build tree's po/ when this program runs from the build tree that built
 * the .mo (so tests and run-demo need no install), else LOCALEDIR. */
static const char *locale_dir(void)
{
    const char *env = getenv("FORSAT_LOCALEDIR");
    if (env)
        return env;
#ifdef FORSAT_BUILD_ROOT
    char exe[4096], root[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0 && realpath(FORSAT_BUILD_ROOT, root)) {
        size_t len = strlen(root);
        exe[n] = '\0';
        if (strncmp(exe, root, len) == 0 && exe[len] == '/' &&
            access(FORSAT_BUILD_ROOT "/po/fa/LC_MESSAGES/forsat.mo", R_OK) == 0)
            return FORSAT_BUILD_ROOT "/po";
    }
#endif
    return LOCALEDIR;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    bindtextdomain("forsat", locale_dir());
    bind_textdomain_codeset("forsat", "UTF-8");

    char dbbuf[4096];
    struct cli c;
    memset(&c, 0, sizeof c);
    c.lang_fa = locale_is_persian();
    const char *lang = NULL, *bidi = NULL, *digits = NULL, *calendar = NULL, *format = NULL, *currency = NULL;
    bool help = false, version = false;

    /* Global options come before the command. */
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        const char *a = argv[i] + 2;
        const char **slot = NULL;
        if (!*a) {
            i++;
            break;
        }
        if (strcmp(a, "help") == 0) {
            help = true;
            continue;
        }
        if (strcmp(a, "version") == 0) {
            version = true;
            continue;
        }
        if (strcmp(a, "bom") == 0) {
            c.csv_bom = true;
            continue;
        }
        const char *eq = strchr(a, '=');
        size_t klen = eq ? (size_t)(eq - a) : strlen(a);
        if (klen == 2 && strncmp(a, "db", 2) == 0)
            slot = &c.db_path;
        else if (klen == 2 && strncmp(a, "as", 2) == 0)
            slot = &c.as_login;
        else if (klen == 4 && strncmp(a, "lang", 4) == 0)
            slot = &lang;
        else if (klen == 4 && strncmp(a, "bidi", 4) == 0)
            slot = &bidi;
        else if (klen == 6 && strncmp(a, "digits", 6) == 0)
            slot = &digits;
        else if (klen == 8 && strncmp(a, "calendar", 8) == 0)
            slot = &calendar;
        else if (klen == 6 && strncmp(a, "format", 6) == 0)
            slot = &format;
        else if (klen == 8 && strncmp(a, "currency", 8) == 0)
            slot = &currency;
        else
            return cli_usage(_("unknown option \"%s\"; see `forsat --help`."), argv[i]);
        if (eq)
            *slot = eq + 1;
        else if (i + 1 < argc)
            *slot = argv[++i];
        else
            return cli_usage(_("option %s needs a value."), argv[i]);
    }

    if (lang) {
        if (strcmp(lang, "fa") == 0)
            c.lang_fa = true;
        else if (strcmp(lang, "en") == 0)
            c.lang_fa = false;
        else
            return cli_usage(_("--lang: must be fa or en, not \"%s\"."), lang);
    }
    apply_language(c.lang_fa);
    if (bidi) {
        if (strcmp(bidi, "terminal") == 0)
            c.bidi_terminal = true;
        else if (strcmp(bidi, "app") != 0)
            return cli_usage(_("--bidi: must be app or terminal, not \"%s\"."), bidi);
    }
    /* Persian digits by default under the Persian UI on the screens. */
    c.digits = FS_DIGITS_LATIN;
    c.digits_set = digits != NULL;
    if (digits) {
        if (strcmp(digits, "persian") == 0)
            c.digits = FS_DIGITS_PERSIAN;
        else if (strcmp(digits, "latin") != 0)
            return cli_usage(_("--digits: must be latin or persian, not \"%s\"."), digits);
    }
    c.calendar = FS_CAL_JALALI;
    if (calendar) {
        if (strcmp(calendar, "gregorian") == 0)
            c.calendar = FS_CAL_GREGORIAN;
        else if (strcmp(calendar, "jalali") != 0)
            return cli_usage(_("--calendar: must be jalali or gregorian, not \"%s\"."), calendar);
    }
    /* The session is opened later; the field survives fs_session_open. */
    if (currency) {
        if (strcmp(currency, "toman") == 0)
            c.s.toman = true;
        else if (strcmp(currency, "rial") != 0)
            return cli_usage(_("--currency: must be rial or toman, not \"%s\"."), currency);
    }
    c.format = CLI_TABLE;
    if (format) {
        if (strcmp(format, "csv") == 0)
            c.format = CLI_CSV;
        else if (strcmp(format, "json") == 0)
            c.format = CLI_JSON;
        else if (strcmp(format, "table") != 0)
            return cli_usage(_("--format: must be table, csv or json, not \"%s\"."), format);
    }
    if (!c.db_path)
        c.db_path = default_db_path(dbbuf, sizeof dbbuf);

    if (version) {
        printf("forsat %s\n", FORSAT_VERSION);
        return 0;
    }
    if (help) {
        print_help(stdout);
        return 0;
    }
    int rc;
    if (i >= argc) {
        /* No command: the screens on a terminal, else the summary. */
        char *def[] = { (char *)(isatty(0) && isatty(1) ? "tui" : "summary"), NULL };
        rc = def[0][0] == 't' ? cmd_tui(&c, 1, def) : cmd_summary(&c, 1, def);
    } else {
        rc = -1;
        for (const struct cli_cmd *t = top_commands; t->name; t++)
            if (strcmp(t->name, argv[i]) == 0) {
                rc = t->fn(&c, argc - i, argv + i);
                break;
            }
        if (rc == -1)
            rc = cli_usage(_("unknown command \"%s\"; see `forsat --help`."), argv[i]);
    }
    if (c.session_open)
        fs_session_close(&c.s);
    fflush(stdout);
    if (ferror(stdout)) {
        fputs("forsat: writing the output failed.\n", stderr);
        return rc ? rc : FS_ERUNTIME;
    }
    return rc;
}
