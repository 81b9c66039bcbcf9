/* shell.c — `forsat shell`: the interactive admin shell for headless
 * servers.  A line is split into words like a POSIX shell splits them
 * (src/core/words.c) and run through the same command table as the command
 * line (commands.def), with a fresh copy of the global options, so every
 * command prints and exits the same; the one database connection stays
 * open between commands.
 *
 * On a terminal it reads lines with libedit: emacs keys, a history kept
 * per user across sessions in $XDG_STATE_HOME/forsat/history (else
 * ~/.local/state/forsat/history), and Tab completion of commands,
 * sub-commands, options, list names, list items, user logins, stage and
 * subtype keys and permission names.  What can be completed is read from
 * the commands' own usage lines (commands.def, and each group's `help`
 * output), so the shell cannot fall out of step with the commands.  Read
 * from a pipe or file (`forsat shell < script`) it prints no prompt and
 * nothing else of its own. */
#include <editline/readline.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lists.h"
#include "money.h"
#include "shell.h"
#include "subtype.h"
#include "user.h"
#include "words.h"

/* ---- a growable list of strings ------------------------------------------ */

struct strs {
    char **v;
    int n, cap;
};

static void strs_add(struct strs *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        char **v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return;
        l->v = v;
        l->cap = cap;
    }
    char *copy = strndup(s, len);
    if (copy)
        l->v[l->n++] = copy;
}

static void strs_clear(struct strs *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* Adds each of the '|'-separated words of alts that is not an upper-case
 * placeholder (JALALI|GREGORIAN stands for a value, not a word). */
static void strs_add_alternatives(struct strs *l, const char *alts)
{
    while (*alts) {
        const char *bar = strchr(alts, '|');
        size_t n = bar ? (size_t)(bar - alts) : strlen(alts);
        bool upper = n > 0;
        for (size_t i = 0; i < n; i++)
            if (alts[i] >= 'a' && alts[i] <= 'z')
                upper = false;
        if (n && !upper)
            strs_add(l, alts, n);
        alts += n + (bar != NULL);
    }
}

/* ---- running one line ------------------------------------------------------- */

static const struct cli_cmd *find_command(const char *name)
{
    for (const struct cli_cmd *t = cli_commands(); t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

/* `help`: the commands, as `forsat --help` lists them. */
static void print_shell_help(void)
{
    printf(_("Commands (the same as on the command line, without \"forsat\"):\n"));
    for (const struct cli_cmd *t = cli_commands(); t->name; t++)
        printf("  %s\n", t->usage);
    printf(_("  help [COMMAND]             this list, or a command's usage\n"
             "  exit [STATUS], quit        leave the shell (also Ctrl-D)\n"));
}

/* Runs one command (argv[0] names it) with a fresh copy of the global
 * options in base and base's open session; returns its exit status. */
static int run_command(struct cli *base, int argc, char **argv)
{
    const struct cli_cmd *t = find_command(argv[0]);
    if (!t)
        return cli_usage(_("unknown command \"%s\"; type help for the list."), argv[0]);
    if (strcmp(t->name, "shell") == 0)
        return cli_usage("%s", _("this is the shell already."));
    if (base->session_open) {
        /* The user may have been changed or disabled since the last line,
         * and the day may have changed: reload both. */
        fs_err e;
        fs_err_clear(&e);
        char login[sizeof base->s.login];
        memcpy(login, base->s.login, sizeof login);
        base->s.today = fs_today();
        if (fs_session_login(&base->s, login, &e) != FS_OK)
            return cli_fail(&e);
    }
    struct cli c = *base;
    int rc = t->fn(&c, argc, argv);
    fflush(stdout);
    fflush(stderr);
    if (c.session_open && !base->session_open) {
        base->s = c.s;
        base->session_open = true;
    }
    return rc;
}

/* Runs one line: a command, `help`, or `exit`/`quit` (sets *quit).
 * Returns the exit status of what ran; a blank line or a comment keeps
 * last. */
static int run_line(struct cli *base, const char *line, int last, bool *quit)
{
    fs_words w;
    fs_err e;
    fs_err_clear(&e);
    int rc = last;
    if (fs_words_split(line, false, &w, &e) != FS_OK) {
        rc = cli_fail(&e);
    } else if (w.n == 0) {
        /* nothing to do */
    } else if (strcmp(w.v[0], "exit") == 0 || strcmp(w.v[0], "quit") == 0) {
        *quit = true;
        int64_t v = last;
        if (w.n > 1 && fs_int_parse(w.v[1], "exit", 0, 255, &v, &e) != FS_OK)
            v = cli_fail(&e);
        rc = (int)v;
    } else if (strcmp(w.v[0], "help") == 0 || strcmp(w.v[0], "?") == 0) {
        if (w.n > 1) {
            char help[] = "help";
            char *argv[] = { w.v[1], help, NULL };
            rc = run_command(base, 2, argv);
        } else {
            print_shell_help();
            rc = 0;
        }
    } else {
        rc = run_command(base, w.n, w.v);
    }
    fs_words_free(&w);
    fflush(stdout);
    return rc;
}

/* ---- what can be completed ---------------------------------------------------- */

#define MAX_POS 6

/* One command or sub-command as its usage line describes it. */
struct spec {
    char *group, *sub;           /* sub NULL for a command without sub-commands */
    struct strs opts;            /* "--name" … */
    struct strs optvals;         /* per option: its value's alternatives ("a|b") or
                                  * placeholder ("LOGIN"), "" for a flag */
    struct strs pos;             /* per positional argument: alternatives or placeholder */
};

static struct spec *specs;
static int nspecs;
static bool specs_built;
static struct cli *shell_cli;    /* the shell's options and session, for completion */
static struct strs cands;        /* the candidates of the completion under way */

/* Cuts a usage token down to its word: no brackets, braces, "…" or "...". */
static void clean_token(char *t)
{
    char *w = t;
    for (char *r = t; *r; r++)
        if (!strchr("[](){}", *r))
            *w++ = *r;
    *w = '\0';
    size_t n = strlen(t);
    if (n >= 3 && strcmp(t + n - 3, "...") == 0)
        t[n - 3] = '\0';
}

/* True for a word that stands for a value: upper case, or alternatives. */
static bool is_value(const char *t)
{
    if (strncmp(t, "--", 2) == 0 || !*t)
        return false;
    if (strchr(t, '|'))
        return true;
    for (const char *p = t; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            return false;
    return true;
}

/* Reads the options and positional arguments of a usage line after its
 * first `skip` words; the part after two spaces is a description. */
static void parse_usage(struct spec *sp, const char *usage, int skip)
{
    const char *end = strstr(usage, "  ");
    char *text = strndup(usage, end ? (size_t)(end - usage) : strlen(usage));
    if (!text)
        return;
    fs_words w;
    fs_err e;
    if (fs_words_split(text, true, &w, &e) == FS_OK) {
        for (int i = 0; i < w.n; i++)
            clean_token(w.v[i]);
        for (int i = skip; i < w.n; i++) {
            char *t = w.v[i];
            if (!*t || strcmp(t, "|") == 0)
                continue;
            if (strncmp(t, "--", 2) == 0 && t[2]) {
                char *eq = strchr(t, '=');
                const char *val = eq ? eq + 1 : "";
                if (eq)
                    *eq = '\0';
                else if (i + 1 < w.n && (clean_token(w.v[i + 1]), is_value(w.v[i + 1])))
                    val = w.v[++i];
                strs_add(&sp->opts, t, strlen(t));
                strs_add(&sp->optvals, val, strlen(val));
            } else if (sp->pos.n < MAX_POS) {
                strs_add(&sp->pos, t, strlen(t));
            }
        }
    }
    fs_words_free(&w);
    free(text);
}

static struct spec *new_spec(const char *group, const char *sub, size_t sublen)
{
    struct spec *v = realloc(specs, (size_t)(nspecs + 1) * sizeof *v);
    if (!v)
        return NULL;
    specs = v;
    struct spec *sp = &specs[nspecs++];
    memset(sp, 0, sizeof *sp);
    sp->group = strdup(group);
    sp->sub = sub ? strndup(sub, sublen) : NULL;
    return sp;
}

/* What `forsat CMD help` prints, or NULL: a command group lists the usage
 * of each of its sub-commands.  stdout is redirected into a temporary
 * file for the call, stderr to /dev/null. */
static char *capture_help(const struct cli_cmd *t)
{
    FILE *tmp = tmpfile();
    int null = open("/dev/null", O_WRONLY);
    fflush(stdout);
    fflush(stderr);
    int out = dup(STDOUT_FILENO), err = dup(STDERR_FILENO);
    if (!tmp || null < 0 || out < 0 || err < 0) {
        if (tmp)
            fclose(tmp);
        close(null);
        close(out);
        close(err);
        return NULL;
    }
    dup2(fileno(tmp), STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    struct cli c = *shell_cli;
    char name[64], help[] = "help";
    snprintf(name, sizeof name, "%s", t->name);
    char *argv[] = { name, help, NULL };
    t->fn(&c, 2, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    close(out);
    close(err);
    close(null);
    if (c.session_open && !shell_cli->session_open)
        fs_session_close(&c.s);
    char *text = NULL;
    long n = ftell(tmp);
    if (n > 0 && (text = malloc((size_t)n + 1)) != NULL) {
        rewind(tmp);
        size_t got = fread(text, 1, (size_t)n, tmp);
        text[got] = '\0';
    }
    fclose(tmp);
    return text;
}

static struct spec *find_spec(const char *group, const char *sub)
{
    for (int i = 0; i < nspecs; i++)
        if (strcmp(specs[i].group, group) == 0 &&
            (sub ? specs[i].sub && strcmp(specs[i].sub, sub) == 0 : !specs[i].sub))
            return &specs[i];
    return NULL;
}

/* Reads every command's usage, and each group's sub-commands. */
static void build_specs(void)
{
    specs_built = true;
    for (const struct cli_cmd *t = cli_commands(); t->name; t++) {
        /* "contact add|edit|…": a group, whose help lists its
         * sub-commands as "forsat contact add …" lines. */
        const char *second = t->usage + strlen(t->name);
        while (*second == ' ')
            second++;
        bool group = *second >= 'a' && *second <= 'z' && strchr(second, '|') &&
                     strchr(second, '|') < strchr(second, ' ');
        char *help = group ? capture_help(t) : NULL;
        char key[80];
        snprintf(key, sizeof key, "forsat %s ", t->name);
        int subs = 0;
        char *save = NULL;
        for (char *line = help ? strtok_r(help, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
            char *at = strstr(line, key);
            if (!at)
                continue;
            const char *sub = at + strlen(key);
            size_t n = strcspn(sub, " ");
            bool word = n > 0;
            for (size_t i = 0; i < n; i++)
                if (!(sub[i] >= 'a' && sub[i] <= 'z') && sub[i] != '-' && sub[i] != '_')
                    word = false;
            struct spec *sp = new_spec(t->name, word ? sub : NULL, n);
            if (sp)
                parse_usage(sp, at + strlen("forsat "), word ? 2 : 1);
            subs += word;
        }
        free(help);
        if (!subs && !find_spec(t->name, NULL)) {
            struct spec *sp = new_spec(t->name, NULL, 0);
            if (sp)
                parse_usage(sp, t->usage, 1);
        }
    }
}

static void free_specs(void)
{
    for (int i = 0; i < nspecs; i++) {
        free(specs[i].group);
        free(specs[i].sub);
        strs_clear(&specs[i].opts);
        strs_clear(&specs[i].optvals);
        strs_clear(&specs[i].pos);
    }
    free(specs);
    specs = NULL;
    nspecs = 0;
    specs_built = false;
}

/* ---- completion candidates from the database ------------------------------- */

static int add_item_key(void *ctx, const fs_list_item *it)
{
    (void)ctx;
    if (it->active)
        strs_add(&cands, it->key, strlen(it->key));
    return 0;
}

static int add_login(void *ctx, const fs_user *u)
{
    (void)ctx;
    strs_add(&cands, u->login, strlen(u->login));
    return 0;
}

/* Adds the values `what` (an option name or a placeholder) stands for;
 * false when it names a file (the caller completes file names). */
static bool add_values(const char *what)
{
    static const char *const lists[] = { "type", "source", "win_reason", "loss_reason", "purchase_process", "unit" };
    if (strstr(what, "FILE"))
        return false;
    if (!shell_cli->session_open)
        return true;
    fs_session *s = &shell_cli->s;
    fs_err e;
    fs_err_clear(&e);
    char list[32];
    snprintf(list, sizeof list, "%s", what);
    for (char *p = list; *p; p++)
        if (*p == '-')
            *p = '_';
    if (strcmp(list, "reason") == 0) {
        fs_list_show(s, "win_reason", add_item_key, NULL, &e);
        fs_list_show(s, "loss_reason", add_item_key, NULL, &e);
    }
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        if (strcmp(list, lists[i]) == 0)
            fs_list_show(s, lists[i], add_item_key, NULL, &e);
    if (strcmp(what, "LIST") == 0)
        for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
            strs_add(&cands, lists[i], strlen(lists[i]));
    if (strcmp(what, "LOGIN") == 0 || strcmp(what, "USER") == 0 || strcmp(what, "owner") == 0 ||
        strcmp(what, "assigned") == 0 || strcmp(what, "user") == 0 || strcmp(what, "as") == 0)
        fs_user_list(s, false, add_login, NULL, &e);
    if (strncmp(what, "PERM", 4) == 0)
        for (int p = 0; p < FS_PERM_COUNT; p++)
            strs_add(&cands, fs_perm_name((enum fs_perm)p), strlen(fs_perm_name((enum fs_perm)p)));
    bool stages = strcmp(what, "STAGE") == 0 || strcmp(what, "stage") == 0;
    bool subtypes = strcmp(what, "SUBTYPE") == 0 || strcmp(what, "subtype") == 0;
    fs_subtype *st = NULL;
    int nst = 0;
    if ((stages || subtypes) && fs_subtype_list(s, &st, &nst, &e) == FS_OK) {
        for (int i = 0; i < nst; i++) {
            if (subtypes)
                strs_add(&cands, st[i].key, strlen(st[i].key));
            fs_stage *sg = NULL;
            int nsg = 0;
            if (stages && fs_stage_list(s, st[i].id, &sg, &nsg, &e) == FS_OK)
                for (int j = 0; j < nsg; j++)
                    if (!sg[j].deleted)
                        strs_add(&cands, sg[j].key, strlen(sg[j].key));
            free(sg);
        }
    }
    free(st);
    return true;
}

/* Adds the completions of one slot: alternatives, or what a placeholder
 * or an option's name stands for.  False: complete file names. */
static bool add_slot(const char *slot, const char *option)
{
    if (strchr(slot, '|')) {
        strs_add_alternatives(&cands, slot);
        return true;
    }
    if (option && !add_values(option))
        return false;
    return *slot ? add_values(slot) : true;
}

/* Fills cands for the word being typed after the complete words w. */
static bool fill_candidates(const fs_words *w, const char *text)
{
    if (w->n == 0 || (w->n == 1 && (strcmp(w->v[0], "help") == 0 || strcmp(w->v[0], "?") == 0))) {
        for (const struct cli_cmd *t = cli_commands(); t->name; t++)
            strs_add(&cands, t->name, strlen(t->name));
        if (w->n == 0) {
            strs_add(&cands, "help", 4);
            strs_add(&cands, "exit", 4);
            strs_add(&cands, "quit", 4);
        }
        return true;
    }
    const char *cmd = w->v[0];
    bool group = false;
    for (int i = 0; i < nspecs; i++)
        if (strcmp(specs[i].group, cmd) == 0 && specs[i].sub) {
            group = true;
            if (w->n == 1)
                strs_add(&cands, specs[i].sub, strlen(specs[i].sub));
        }
    if (group && w->n == 1)
        return true;
    struct spec *sp = group ? find_spec(cmd, w->v[1]) : find_spec(cmd, NULL);
    if (!sp)
        return true;
    int first = group ? 2 : 1;
    /* The value of the option just typed. */
    const char *prev = w->n > first ? w->v[w->n - 1] : NULL;
    for (int i = 0; prev && i < sp->opts.n; i++)
        if (strcmp(sp->opts.v[i], prev) == 0 && sp->optvals.v[i][0])
            return add_slot(sp->optvals.v[i], prev + 2);
    if (text[0] == '-') {
        for (int i = 0; i < sp->opts.n; i++)
            strs_add(&cands, sp->opts.v[i], strlen(sp->opts.v[i]));
        return true;
    }
    /* The positional argument: count the words that are not options or
     * their values. */
    int k = 0;
    for (int i = first; i < w->n; i++) {
        int o = -1;
        for (int j = 0; j < sp->opts.n && o < 0; j++)
            if (strcmp(sp->opts.v[j], w->v[i]) == 0)
                o = j;
        if (o >= 0)
            i += sp->optvals.v[o][0] != '\0';
        else if (strncmp(w->v[i], "--", 2) != 0)
            k++;
    }
    return k < sp->pos.n ? add_slot(sp->pos.v[k], NULL) : true;
}

/* libedit: one candidate per call, NULL after the last. */
static char *next_candidate(const char *text, int state)
{
    static int i;
    static size_t len;
    if (!state) {
        i = 0;
        len = strlen(text);
    }
    while (i < cands.n) {
        const char *c = cands.v[i++];
        if (strncmp(c, text, len) == 0)
            return strdup(c);
    }
    return NULL;
}

/* libedit: the completions of `text`.  The context is read from the whole
 * line (libedit counts start in characters, the buffer is in bytes), so
 * completion assumes the cursor is at the end of the line, where Tab is
 * pressed nearly always. */
static char **complete(const char *text, int start, int end)
{
    (void)start;
    (void)end;
    if (!specs_built)
        build_specs();
    strs_clear(&cands);
    fs_words w;
    fs_err e;
    char **matches = NULL;
    rl_attempted_completion_over = 1;
    if (fs_words_split(rl_line_buffer ? rl_line_buffer : "", true, &w, &e) == FS_OK) {
        size_t len = rl_line_buffer ? strlen(rl_line_buffer) : 0;
        /* Unless the line ends in a blank, its last word is being typed. */
        if (w.n > 0 && len > 0 && !strchr(" \t", rl_line_buffer[len - 1]))
            w.n--;
        if (fill_candidates(&w, text))
            matches = rl_completion_matches(text, next_candidate);
        else
            rl_attempted_completion_over = 0; /* file names */
    }
    fs_words_free(&w);
    return matches;
}

/* ---- the loop -------------------------------------------------------------- */

/* Makes every missing directory of path (not its last part) with mode
 * 0700. */
static void make_dirs(char *path)
{
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
}

/* The history file: $XDG_STATE_HOME/forsat/history, else
 * ~/.local/state/forsat/history; its directories are made (0700). */
static char *history_path(void)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char buf[4096];
    if (xdg && *xdg == '/')
        snprintf(buf, sizeof buf, "%s/forsat/history", xdg);
    else if (home && *home)
        snprintf(buf, sizeof buf, "%s/.local/state/forsat/history", home);
    else
        return NULL;
    make_dirs(buf);
    return strdup(buf);
}

/* Reads one line from a pipe or file, without the newline; NULL at the
 * end. */
static char *read_plain(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    if (n > 0 && line[n - 1] == '\n')
        line[--n] = '\0';
    if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
    return line;
}

/* `forsat shell`. */
int cmd_shell(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    bool tty = isatty(STDIN_FILENO);
    char *hist = NULL;
    shell_cli = c;
    if (tty) {
        /* Open now, so the prompt shows the user; a missing database is
         * reported here and again by each command that needs it. */
        cli_session(c);
        rl_readline_name = "forsat";
        rl_attempted_completion_function = complete;
        rl_initialize();
        /* Emacs keys (a ~/.editrc may still choose vi); choosing the
         * keymap resets Tab, so it is bound to completion again. */
        rl_parse_and_bind("bind -e");
        rl_parse_and_bind("bind ^I rl_complete");
        using_history();
        stifle_history(1000);
        if ((hist = history_path()) != NULL)
            read_history(hist);
        printf(_("forsat %s shell: type help for the commands, exit or Ctrl-D to leave.\n"), FORSAT_VERSION);
    }
    int status = 0;
    bool quit = false;
    while (!quit) {
        char prompt[160];
        const char *who = c->session_open ? c->s.login : fs_os_login();
        if (status)
            snprintf(prompt, sizeof prompt, "forsat %s [%d]> ", who, status);
        else
            snprintf(prompt, sizeof prompt, "forsat %s> ", who);
        char *line = tty ? readline(prompt) : read_plain();
        if (!line)
            break;
        if (tty && line[strspn(line, " \t")]) {
            add_history(line);
            if (hist && write_history(hist) == 0)
                chmod(hist, 0600);
        }
        status = run_line(c, line, status, &quit);
        free(line);
    }
    if (tty && !quit)
        putchar('\n');
    free(hist);
    free_specs();
    strs_clear(&cands);
    return status;
}
