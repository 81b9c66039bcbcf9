/* ui.c — the screens' event loop, keymap, drawing helpers and script mode. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "ui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "jdate.h"
#include "money.h"
#include "text.h"
#include "ui_views.h"

/* ---- keymap ------------------------------------------------------------ */

#define MAX_BINDINGS 8

static struct {
    const char *name;
    const char *keys;
    const char *label;
    struct ui_key bind[MAX_BINDINGS];
    int nbind;
} actions[UI_ACTION_COUNT] = {
#define UI_ACTION(id, name, keys, label) [UI_##id] = { name, keys, label, { { 0, 0, false } }, 0 },
#include "actions.def"
#undef UI_ACTION
};

static const struct {
    const char *name;
    int code;
    wint_t ch;
} named_keys[] = {
    { "Enter", 0, '\n' }, { "Esc", 0, 27 }, { "Tab", 0, '\t' }, { "S-Tab", KEY_BTAB, 0 },
    { "Up", KEY_UP, 0 }, { "Down", KEY_DOWN, 0 }, { "Left", KEY_LEFT, 0 }, { "Right", KEY_RIGHT, 0 },
    { "PgUp", KEY_PPAGE, 0 }, { "PgDn", KEY_NPAGE, 0 }, { "Home", KEY_HOME, 0 }, { "End", KEY_END, 0 },
    { "Ins", KEY_IC, 0 }, { "Del", KEY_DC, 0 }, { "Backspace", KEY_BACKSPACE, 0 }, { "Space", 0, ' ' },
};

/* Parses one key name of the keymap/script syntax into k; false if unknown. */
static bool parse_key(const char *name, struct ui_key *k)
{
    memset(k, 0, sizeof *k);
    if (strncmp(name, "M-", 2) == 0 && name[2]) {
        if (!parse_key(name + 2, k))
            return false;
        k->meta = true;
        return true;
    }
    if (strncmp(name, "C-", 2) == 0 && name[2] && !name[3]) {
        k->ch = (wint_t)(name[2] & 0x1f);
        return true;
    }
    if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
        int n = atoi(name + 1);
        if (n >= 1 && n <= 12) {
            k->code = KEY_F(n);
            return true;
        }
    }
    for (size_t i = 0; i < sizeof named_keys / sizeof *named_keys; i++)
        if (strcmp(named_keys[i].name, name) == 0) {
            k->code = named_keys[i].code;
            k->ch = named_keys[i].ch;
            return true;
        }
    /* One character (UTF-8). */
    wchar_t wc;
    mbstate_t ps;
    memset(&ps, 0, sizeof ps);
    size_t n = mbrtowc(&wc, name, strlen(name), &ps);
    if (n > 0 && n < (size_t)-2 && name[n] == '\0') {
        k->ch = (wint_t)wc;
        return true;
    }
    return false;
}

/* Fills the binding table from the actions' default key strings. */
static void load_keymap(void)
{
    for (int a = 0; a < UI_ACTION_COUNT; a++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", actions[a].keys);
        actions[a].nbind = 0;
        for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && actions[a].nbind < MAX_BINDINGS;
             t = strtok_r(NULL, " ", &save)) {
            struct ui_key k;
            if (parse_key(t, &k))
                actions[a].bind[actions[a].nbind++] = k;
        }
    }
}

static bool key_eq(const struct ui_key *a, const struct ui_key *b)
{
    if (a->meta != b->meta)
        return false;
    if (a->code || b->code)
        return a->code == b->code;
    /* Enter arrives as '\n', '\r' or KEY_ENTER. */
    if ((a->ch == '\r' || a->ch == '\n') && (b->ch == '\r' || b->ch == '\n'))
        return true;
    return a->ch == b->ch;
}

bool ui_is(const struct ui_key *k, enum ui_action a)
{
    struct ui_key kk = *k;
    if (kk.code == KEY_ENTER) {
        kk.code = 0;
        kk.ch = '\n';
    }
    for (int i = 0; i < actions[a].nbind; i++)
        if (key_eq(&kk, &actions[a].bind[i]))
            return true;
    return false;
}

const char *ui_key_hint(enum ui_action a)
{
    static char buf[UI_ACTION_COUNT][16];
    const char *keys = actions[a].keys;
    size_t n = strcspn(keys, " ");
    snprintf(buf[a], sizeof buf[a], "%.*s", (int)n, keys);
    return buf[a];
}

const char *ui_action_keys(enum ui_action a)
{
    return actions[a].keys;
}

const char *ui_action_label(enum ui_action a)
{
    return _(actions[a].label);
}

/* ---- drawing ----------------------------------------------------------- */

static attr_t role_attr[ROLE_COUNT];

/* Sets up colours, or attributes only under NO_COLOR / monochrome. */
static void init_roles(struct ui *ui)
{
    const char *nc = getenv("NO_COLOR");
    ui->color = has_colors() && !(nc && *nc) && !ui->script;
    role_attr[ROLE_NORMAL] = A_NORMAL;
    role_attr[ROLE_TITLE] = A_REVERSE | A_BOLD;
    role_attr[ROLE_STATUS] = A_REVERSE;
    role_attr[ROLE_LABEL] = A_NORMAL;
    role_attr[ROLE_FIELD] = A_UNDERLINE;
    role_attr[ROLE_FOCUS] = A_REVERSE;
    role_attr[ROLE_ERROR] = A_BOLD;
    role_attr[ROLE_WARNING] = A_BOLD;
    role_attr[ROLE_DIM] = A_DIM;
    role_attr[ROLE_HEADING] = A_BOLD | A_UNDERLINE;
    if (!ui->color)
        return;
    start_color();
    use_default_colors();
    init_pair(1, COLOR_WHITE, COLOR_BLUE);
    init_pair(2, COLOR_RED, -1);
    init_pair(3, COLOR_YELLOW, -1);
    init_pair(4, COLOR_CYAN, -1);
    role_attr[ROLE_TITLE] = COLOR_PAIR(1) | A_BOLD;
    role_attr[ROLE_STATUS] = COLOR_PAIR(1);
    role_attr[ROLE_ERROR] = COLOR_PAIR(2) | A_BOLD;
    role_attr[ROLE_WARNING] = COLOR_PAIR(3) | A_BOLD;
    role_attr[ROLE_LABEL] = COLOR_PAIR(4);
}

int ui_screen_x(const struct ui *ui, int x, int w)
{
    return ui->rtl ? ui->cols - x - w : x;
}

void ui_fill(struct ui *ui, int y, int x, int w, enum ui_role role)
{
    if (y < 0 || y >= ui->rows || w <= 0)
        return;
    int sx = ui_screen_x(ui, x, w);
    if (sx < 0) {
        w += sx;
        sx = 0;
    }
    if (sx + w > ui->cols)
        w = ui->cols - sx;
    attrset(role_attr[role]);
    mvhline(y, sx, ' ', w);
    attrset(A_NORMAL);
}

int ui_text(struct ui *ui, int y, int x, int w, const char *text, enum fs_align align, enum ui_role role)
{
    if (y < 0 || y >= ui->rows || w <= 0)
        return 0;
    int sx = ui_screen_x(ui, x, w);
    if (sx < 0) {
        w += sx;
        sx = 0;
    }
    if (sx + w > ui->cols)
        w = ui->cols - sx;
    if (w <= 0)
        return 0;
    /* One line buffer reused for every draw: no allocation per cell.  The
     * cell is aligned by the screen's direction (a Persian name in an
     * English table still starts at the column's left edge); only text too
     * wide for the cell is clipped by the bidi layer at its logical end. */
    static fs_vline v;
    enum fs_bidi_base base = ui->rtl ? FS_BIDI_AUTO_RTL : FS_BIDI_AUTO_LTR;
    if (fs_bidi_render(text ? text : "", -1, base, FS_ALIGN_START, ui->bidi, &v) != FS_OK)
        return 0;
    int pad = 0;
    if (v.width > w) {
        if (fs_bidi_render(text ? text : "", w, base, FS_ALIGN_START, ui->bidi, &v) != FS_OK)
            return 0;
    } else {
        int spare = w - v.width;
        bool left = (align == FS_ALIGN_START) != ui->rtl; /* START is left in LTR */
        pad = align == FS_ALIGN_CENTER ? spare / 2 : left ? 0 : spare;
    }
    attrset(role_attr[role]);
    mvaddstr(y, sx + pad, v.text);
    attrset(A_NORMAL);
    return v.width;
}

void ui_put_visual(struct ui *ui, int y, int sx, const char *text, enum ui_role role)
{
    (void)ui;
    attrset(role_attr[role]);
    mvaddstr(y, sx, text);
    attrset(A_NORMAL);
}

void ui_cursor(struct ui *ui, int y, int x)
{
    int sx = ui_screen_x(ui, x, 1);
    if (sx >= 0 && sx < ui->cols && y >= 0 && y < ui->rows) {
        move(y, sx);
        curs_set(1);
    }
}

void ui_message(struct ui *ui, enum ui_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ui->message, sizeof ui->message, fmt, ap);
    va_end(ap);
    ui->message_role = role;
}

/* In Toman (--currency toman) the unit word follows the number, so the
 * text reads right wherever it lands: the amount fields are filled with it
 * and parse it back exactly (fs_money_parse takes "… تومان"), while a bare
 * number there means Rial.  An amount that is not a whole number of Toman
 * stays in Rial, with its unit word, so editing never rounds it. */
void ui_money(struct ui *ui, int64_t v, char *out, size_t n)
{
    if (!ui->s->toman) {
        fs_money_format(v, ui->s->digits, false, out, n);
        return;
    }
    char num[64];
    bool toman = v % 10 == 0;
    fs_money_format(v, ui->s->digits, toman, num, sizeof num);
    snprintf(out, n, "%s %s", num, toman ? _("Toman") : _("Rial"));
}

void ui_money_unit(struct ui *ui, int64_t v, char *out, size_t n)
{
    if (ui->s->toman) {
        ui_money(ui, v, out, n);
        return;
    }
    char num[64];
    fs_money_format(v, ui->s->digits, false, num, sizeof num);
    snprintf(out, n, "%s %s", num, _("Rial"));
}

void ui_date(struct ui *ui, const char *iso, char *out, size_t n)
{
    fs_day d;
    if (!iso || !*iso || fs_day_from_iso(iso, &d) != FS_OK) {
        snprintf(out, n, "%s", iso ? iso : "");
        return;
    }
    fs_date_format(d, ui->s->calendar, ui->s->digits, out, n);
}

void ui_int(struct ui *ui, int64_t v, char *out, size_t n)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    char *l = fs_text_local_digits(buf, ui->s->digits);
    snprintf(out, n, "%s", l ? l : buf);
    free(l);
}

void ui_draw_frame(struct ui *ui, const char *title, const enum ui_action *hints, int nhints)
{
    char today[32], head[512];
    fs_date_format(ui->s->today, ui->s->calendar, ui->s->digits, today, sizeof today);
    ui_fill(ui, 0, 0, ui->cols, ROLE_TITLE);
    /* The program's name and the title are separate cells, like the key
     * hints: in one string a Persian title after the Latin name would be
     * laid out as part of a left-to-right line (its «» end up apart). */
    snprintf(head, sizeof head, "%s —", _("forsat"));
    int right = fs_text_width(today) + 2 + fs_text_width(ui->s->user_name) + 2;
    int hw = fs_text_width(head), room = ui->cols - right - 2;
    ui_text(ui, 0, 1, hw < room ? hw : room, head, FS_ALIGN_START, ROLE_TITLE);
    if (room > hw + 1)
        ui_text(ui, 0, 2 + hw, room - hw - 1, title, FS_ALIGN_START, ROLE_TITLE);
    char who[256];
    snprintf(who, sizeof who, "%s  %s", ui->s->user_name, today);
    ui_text(ui, 0, ui->cols - right, right - 1, who, FS_ALIGN_END, ROLE_TITLE);

    int y = ui->rows - 1;
    ui_fill(ui, y, 0, ui->cols, ROLE_STATUS);
    if (ui->message[0]) {
        ui_text(ui, y, 1, ui->cols - 2, ui->message, FS_ALIGN_START, ui->message_role == ROLE_NORMAL ? ROLE_STATUS : ui->message_role);
        return;
    }
    /* Whole hints only: when they do not fit, the ones before the last
     * two (Help and Back, on every screen) go first, from the end. */
    enum { MAX_HINTS = 16 };
    char one[MAX_HINTS][128];
    int keep[MAX_HINTS], nkeep = 0, width = 0;
    if (nhints > MAX_HINTS)
        nhints = MAX_HINTS;
    for (int i = 0; i < nhints; i++) {
        snprintf(one[i], sizeof one[i], "%s %s", ui_key_hint(hints[i]), ui_action_label(hints[i]));
        keep[nkeep++] = i;
        width += fs_text_width(one[i]) + (i ? 2 : 0);
    }
    while (width > ui->cols - 2 && nkeep > 2) {
        int drop = nkeep - 3;
        width -= fs_text_width(one[keep[drop]]) + 2;
        memmove(&keep[drop], &keep[drop + 1], (size_t)(nkeep - drop - 1) * sizeof *keep);
        nkeep--;
    }
    /* Each hint is its own cell, laid out from the start side: joined into
     * one line, a Persian label and the next hint's key ("Ins افزودن  /
     * جستجو") would be reordered together by the bidi algorithm. */
    int x = 1;
    for (int i = 0; i < nkeep && x < ui->cols - 1; i++) {
        int w = fs_text_width(one[keep[i]]);
        if (w > ui->cols - 1 - x)
            w = ui->cols - 1 - x;
        ui_text(ui, y, x, w, one[keep[i]], FS_ALIGN_START, ROLE_STATUS);
        x += w + 2;
    }
}

/* ---- the screen stack -------------------------------------------------- */

void ui_push(struct ui *ui, const struct ui_view_ops *ops, void *state)
{
    if (ui->depth >= UI_STACK_MAX) {
        ops->close(state);
        ui_message(ui, ROLE_ERROR, "%s", _("Too many screens open; close one first."));
        return;
    }
    ui->stack[ui->depth].ops = ops;
    ui->stack[ui->depth].state = state;
    ui->depth++;
}

void ui_pop(struct ui *ui)
{
    if (ui->depth == 0)
        return;
    ui->depth--;
    ui->stack[ui->depth].ops->close(ui->stack[ui->depth].state);
    if (ui->depth == 0)
        ui->quit = true;
}

/* ---- script mode ------------------------------------------------------- */

/* Writes the virtual screen to path: one line per row, trailing spaces
 * trimmed, wide characters once. */
static void dump_screen(struct ui *ui, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    for (int y = 0; y < ui->rows; y++) {
        char line[4096];
        size_t n = 0, keep = 0;
        for (int x = 0; x < ui->cols; x++) {
            cchar_t cc;
            wchar_t wch[CCHARW_MAX + 1];
            attr_t a;
            short pair;
            if (mvin_wch(y, x, &cc) == ERR)
                break;
            if (getcchar(&cc, wch, &a, &pair, NULL) == ERR)
                continue;
            int w = wcwidth(wch[0]);
            for (int i = 0; wch[i] && n + 8 < sizeof line; i++) {
                size_t k = wcrtomb(line + n, wch[i], &(mbstate_t){ 0 });
                if (k != (size_t)-1)
                    n += k;
            }
            if (wch[0] != L' ')
                keep = n;
            if (w == 2)
                x++;
        }
        fwrite(line, 1, keep, f);
        fputc('\n', f);
    }
    fclose(f);
}

/* Pending keys of a script line ("key F2 Tab" or "type text"). */
static struct ui_key pending[512];
static int npending, ipending;

/* Reads script lines until one yields keys; handles screen dumps and
 * resizes itself.  Returns false at the end of the script. */
static bool script_next(struct ui *ui, struct ui_key *out)
{
    while (ipending >= npending) {
        char line[2048];
        if (!fgets(line, sizeof line, ui->script))
            return false;
        ui->script_line++;
        line[strcspn(line, "\n")] = '\0';
        npending = ipending = 0;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (strncmp(line, "key ", 4) == 0) {
            char *save = NULL;
            for (char *t = strtok_r(line + 4, " ", &save); t && npending < 512; t = strtok_r(NULL, " ", &save)) {
                if (parse_key(t, &pending[npending]))
                    npending++;
                else
                    fprintf(stderr, "script line %d: unknown key %s\n", ui->script_line, t);
            }
        } else if (strncmp(line, "type ", 5) == 0) {
            const char *p = line + 5;
            mbstate_t ps;
            memset(&ps, 0, sizeof ps);
            while (*p && npending < 512) {
                wchar_t wc;
                size_t k = mbrtowc(&wc, p, strlen(p), &ps);
                if (k == 0 || k >= (size_t)-2)
                    break;
                pending[npending++] = (struct ui_key){ (wint_t)wc, 0, false };
                p += k;
            }
        } else if (strncmp(line, "screen ", 7) == 0) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", ui->script_dir, line + 7);
            dump_screen(ui, path);
        } else if (strncmp(line, "shell ", 6) == 0) {
            /* Script mode only: runs a command (sh -c) while the screens
             * wait — another user changing data meanwhile ("shell
             * $FORSAT --as ali opp edit 1 --title T >/dev/null").  A
             * command that fails is reported like a bad script line. */
            int rc = system(line + 6);
            if (rc != 0)
                fprintf(stderr, "script line %d: the command failed (status %d): %s\n", ui->script_line, rc, line + 6);
        } else if (strcmp(line, "hangup") == 0) {
            /* The terminal goes away (a dropped SSH connection). */
            raise(SIGHUP);
            pending[npending++] = (struct ui_key){ 0, 0, false };
        } else if (strncmp(line, "resize ", 7) == 0) {
            int c = 0, r = 0;
            if (sscanf(line + 7, "%d %d", &c, &r) == 2 && c > 0 && r > 0) {
                resizeterm(r, c);
                pending[npending++] = (struct ui_key){ 0, KEY_RESIZE, false };
            }
        } else {
            fprintf(stderr, "script line %d: unknown command: %s\n", ui->script_line, line);
        }
    }
    *out = pending[ipending++];
    return true;
}

/* ---- the loop ---------------------------------------------------------- */

/* Reads one key from the terminal, folding ESC-prefixed keys into Alt. */
bool ui_read_key(struct ui *ui, struct ui_key *k)
{
    if (ui->script)
        return script_next(ui, k);
    wint_t wc;
    int rc = get_wch(&wc);
    memset(k, 0, sizeof *k);
    if (rc == ERR)
        return true;
    if (rc == KEY_CODE_YES) {
        k->code = (int)wc;
        const char *name = keyname((int)wc);
        /* xterm's Alt+arrows arrive as extended keys kUP3/kDN3/kNXT3/kPRV3. */
        if (name && name[0] == 'k' && strchr(name, '3')) {
            k->meta = true;
            k->code = strncmp(name, "kUP", 3) == 0 ? KEY_UP : strncmp(name, "kDN", 3) == 0 ? KEY_DOWN
                    : strncmp(name, "kNXT", 4) == 0 ? KEY_NPAGE : strncmp(name, "kPRV", 4) == 0 ? KEY_PPAGE
                    : k->code;
        }
        return true;
    }
    if (wc == 27) {
        nodelay(stdscr, TRUE);
        wint_t next;
        int r2 = get_wch(&next);
        nodelay(stdscr, FALSE);
        if (r2 == OK) {
            k->meta = true;
            k->ch = next;
            return true;
        }
        if (r2 == KEY_CODE_YES) {
            k->meta = true;
            k->code = (int)next;
            return true;
        }
    }
    k->ch = wc;
    return true;
}

/* Draws the top view, or a "too small" notice. */
static void draw(struct ui *ui)
{
    getmaxyx(stdscr, ui->rows, ui->cols);
    erase();
    curs_set(0);
    if (ui->depth == 0)
        return;
    const struct ui_view_ops *ops = ui->stack[ui->depth - 1].ops;
    if (ui->cols < ops->min_cols || ui->rows < ops->min_rows) {
        char msg[256];
        snprintf(msg, sizeof msg, _("needs %d×%d, is %d×%d"), ops->min_cols, ops->min_rows, ui->cols, ui->rows);
        int y = ui->rows / 2 - 1;
        ui_text(ui, y, 0, ui->cols, _("Terminal too small"), FS_ALIGN_CENTER, ROLE_ERROR);
        ui_text(ui, y + 1, 0, ui->cols, msg, FS_ALIGN_CENTER, ROLE_ERROR);
        refresh();
        return;
    }
    ops->draw(ui, ui->stack[ui->depth - 1].state);
    refresh();
}

bool ui_confirm(struct ui *ui, const char *question)
{
    char msg[600];
    snprintf(msg, sizeof msg, "%s %s", question, _("(y/n)"));
    ui_fill(ui, ui->rows - 1, 0, ui->cols, ROLE_WARNING);
    ui_text(ui, ui->rows - 1, 1, ui->cols - 2, msg, FS_ALIGN_START, ROLE_WARNING);
    refresh();
    for (;;) {
        struct ui_key k;
        if (!ui_read_key(ui, &k))
            return false;
        if (k.ch == 'y' || k.ch == 'Y' || k.ch == L'ب' || k.ch == L'ل')
            return true;
        if (k.ch == 'n' || k.ch == 'N' || k.ch == L'ن' || k.ch == L'د' || k.ch == 27)
            return false;
    }
}

/* Switches between the Persian (mirrored) and the English screens, labels
 * included. */
static void ui_toggle_language(struct ui *ui)
{
    extern int _nl_msg_cat_cntr; /* glibc: bumping it makes gettext re-read */
    ui->rtl = !ui->rtl;
    ui->s->lang_fa = ui->rtl;
    setenv("LANGUAGE", ui->rtl ? "fa" : "en", 1);
    ++_nl_msg_cat_cntr;
}

/* Set by SIGHUP/SIGTERM: the loop keeps every unsaved form as a draft and
 * leaves.  The handler only sets the flag. */
static volatile sig_atomic_t hangup;

static void on_hangup(int sig)
{
    (void)sig;
    hangup = 1;
}

bool ui_key_waiting(void *v)
{
    struct ui *ui = v;
    if (ui->script)
        return false;
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    return hangup || poll(&p, 1, 0) > 0;
}

/* Lets the top view do its idle work (ops->idle); redraws when it changed
 * something. */
static void idle(struct ui *ui)
{
    if (ui->depth == 0)
        return;
    const struct ui_view_ops *ops = ui->stack[ui->depth - 1].ops;
    if (!ops->idle || ui->cols < ops->min_cols || ui->rows < ops->min_rows)
        return;
    if (ops->idle(ui, ui->stack[ui->depth - 1].state))
        draw(ui);
}

static void catch_hangup(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hangup;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns at once */
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* Switches VTE terminals' own bidi off (explicit mode) in app mode. */
static void vte_bidi(struct ui *ui, bool on_exit)
{
    if (ui->script || ui->bidi != FS_BIDI_APP)
        return;
    fputs(on_exit ? "\033[8h" : "\033[8l", stdout);
    fflush(stdout);
}

int ui_run(fs_session *s, const char *db_label, enum fs_bidi_mode bidi)
{
    struct ui ui;
    memset(&ui, 0, sizeof ui);
    ui.s = s;
    ui.rtl = s->lang_fa;
    ui.bidi = bidi;
    ui.db_label = db_label;
    load_keymap();

    /* ncurses needs a UTF-8 locale to draw Persian. */
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");

    const char *script = getenv("FORSAT_SCRIPT");
    SCREEN *scr = NULL;
    FILE *devnull = NULL;
    if (script && *script) {
        ui.script = fopen(script, "r");
        if (!ui.script) {
            fprintf(stderr, "forsat: cannot read the key script %s.\n", script);
            return FS_EINVAL;
        }
        const char *dir = getenv("FORSAT_SCREEN_DIR");
        ui.script_dir = dir && *dir ? dir : ".";
        devnull = fopen("/dev/null", "r+");
        scr = newterm(getenv("TERM") && *getenv("TERM") ? getenv("TERM") : "xterm-256color", devnull, devnull);
        if (!scr) {
            scr = newterm("xterm", devnull, devnull);
        }
        if (!scr) {
            fprintf(stderr, "forsat: cannot start the screens for the key script.\n");
            fclose(devnull);
            fclose(ui.script);
            return FS_ERUNTIME;
        }
        set_term(scr);
    } else {
        if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
            fprintf(stderr, "%s\n", _("forsat: the screens need a terminal; use a command (see `forsat --help`)."));
            return FS_EINVAL;
        }
        vte_bidi(&ui, false);
        if (!initscr()) {
            fprintf(stderr, "forsat: cannot start the screens.\n");
            return FS_ERUNTIME;
        }
    }
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    init_roles(&ui);
    getmaxyx(stdscr, ui.rows, ui.cols);

    catch_hangup();
    ui_open_main(&ui);
    draw(&ui);
    ui_offer_drafts(&ui);
    while (!ui.quit && ui.depth > 0) {
        if (hangup)
            break;
        draw(&ui);
        idle(&ui);
        struct ui_key k;
        if (!ui_read_key(&ui, &k) || hangup)
            break;
        if (k.code == KEY_RESIZE) {
            getmaxyx(stdscr, ui.rows, ui.cols);
            continue;
        }
        if (k.code == 0 && k.ch == 0 && !k.meta)
            continue;
        ui.message[0] = '\0';
        if (ui_is(&k, UI_REDRAW)) {
            clearok(curscr, TRUE);
            continue;
        }
        const struct ui_view_ops *ops = ui.stack[ui.depth - 1].ops;
        void *st = ui.stack[ui.depth - 1].state;
        if (ui.cols < ops->min_cols || ui.rows < ops->min_rows) {
            if (ui_is(&k, UI_BACK))
                ui_pop(&ui);
            continue;
        }
        if (ui_is(&k, UI_QUICK_NEW)) {
            ui_open_quick_new(&ui);
            continue;
        }
        if (ui_is(&k, UI_LANGUAGE)) {
            ui_toggle_language(&ui);
            continue;
        }
        if (ui_is(&k, UI_HELP) && strcmp(ops->name, "help") != 0) {
            ui_open_help(&ui);
            continue;
        }
        if (ops->key(&ui, st, &k))
            continue;
        if (ui_is(&k, UI_BACK)) {
            if (ops->dirty && ops->dirty(st)) {
                if (!ui_confirm(&ui, _("Leave without saving?")))
                    continue;
                if (ops->discard)
                    ops->discard(&ui, st);
            }
            ui_pop(&ui);
        }
    }
    /* A hang-up (or the end of a key script) keeps unsaved input. */
    if (hangup)
        for (int i = ui.depth - 1; i >= 0; i--)
            if (ui.stack[i].ops->save_draft && ui.stack[i].ops->dirty && ui.stack[i].ops->dirty(ui.stack[i].state))
                ui.stack[i].ops->save_draft(&ui, ui.stack[i].state);
    while (ui.depth > 0)
        ui_pop(&ui);
    endwin();
    if (scr)
        delscreen(scr);
    if (devnull)
        fclose(devnull);
    if (ui.script)
        fclose(ui.script);
    vte_bidi(&ui, true);
    return 0;
}
