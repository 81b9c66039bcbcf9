/* export.c — the "Export CSV" form (see export.h). */
#include <curses.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "choices.h"
#include "export.h"
#include "i18n.h"
#include "mini.h"

enum { X_FILE, X_DATES, X_BOM, X_COUNT };

struct exportform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[X_COUNT];
    struct ui_export x;
};

/* ---- the two-way choices -------------------------------------------------- */

struct opt2 {
    const char *label[2];      /* untranslated (N_); choice ids 1 and 2 */
    const char *hint[2];
};

static const struct opt2 dates_opts = { { N_("Jalali"), N_("ISO") }, { "1405/09/06", "2026-11-27" } };
static const struct opt2 bom_opts = { { N_("yes"), N_("no") }, { NULL, NULL } };

/* The options (ctx, a struct opt2) whose label in either language starts
 * like the typed text. */
static int opt2_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    (void)ui;
    const struct opt2 *o = ctx;
    char *key = fs_text_search_key(text);
    int n = 0;
    for (int i = 0; i < 2 && n < max; i++) {
        const char *k = key ? key : "";
        if (!ui_key_match(_(o->label[i]), k) && !ui_key_match(o->label[i], k))
            continue;
        out[n].id = i + 1;
        fs_text_copy(out[n].label, sizeof out[n].label, _(o->label[i]));
        fs_text_copy(out[n].hint, sizeof out[n].hint, o->hint[i] ? o->hint[i] : "");
        n++;
    }
    free(key);
    return n;
}

/* The option a two-way field stands for (1 or 2): the chosen one, or the
 * only one the typed text matches; 0 when none or both match. */
static int opt2_value(struct ui *ui, struct ui_widget *w)
{
    if (w->id == 1 || w->id == 2)
        return (int)w->id;
    struct ui_choice c[2];
    int n = opt2_choices(ui, w->ctx, uw_text(w), c, 2);
    return n == 1 ? (int)c[0].id : 0;
}

static void opt2_set(struct ui_widget *w, int id)
{
    const struct opt2 *o = w->ctx;
    uw_set(w, _(o->label[id - 1]), id);
}

/* ---- paths and cells ------------------------------------------------------- */

/* path with a leading "~" or "~user" expanded, malloc'd. */
static char *expand_home(const char *path)
{
    if (path[0] != '~')
        return strdup(path);
    const char *rest = path + 1 + strcspn(path + 1, "/");
    const char *home = NULL;
    if (rest == path + 1) {
        home = getenv("HOME");
        if (!home || !*home) {
            struct passwd *pw = getpwuid(getuid());
            home = pw ? pw->pw_dir : NULL;
        }
    } else {
        char user[256];
        snprintf(user, sizeof user, "%.*s", (int)(rest - path - 1), path + 1);
        struct passwd *pw = getpwnam(user);
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home)
        return strdup(path);
    size_t n = strlen(home) + strlen(rest) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s%s", home, rest);
    return out;
}

void ui_export_int(int64_t v, char *out, size_t n)
{
    snprintf(out, n, "%lld", (long long)v);
}

void ui_export_date(const char *iso, enum fs_calendar cal, char *out, size_t n)
{
    fs_day d;
    if (!iso || !*iso || fs_day_from_iso(iso, &d) != FS_OK) {
        snprintf(out, n, "%s", iso ? iso : "");
        return;
    }
    fs_date_format(d, cal, FS_DIGITS_LATIN, out, n);
}

/* ---- the form ------------------------------------------------------------------ */

static void export_draw(struct ui *ui, void *vs)
{
    struct exportform *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("Export CSV"), hints, 4);
    int lw = 0;
    for (int i = 0; i < X_COUNT; i++)
        if (fs_text_width(_(f->w[i].label)) > lw)
            lw = fs_text_width(_(f->w[i].label));
    f->m.lw = lw + 3; /* room for the " !" of a refused value */
    if (f->x.note)
        ui_text(ui, 1, 2, ui->cols - 4, _(f->x.note), FS_ALIGN_START, ROLE_DIM);
    int y = 3 + X_COUNT + 1;
    char line[256];
    snprintf(line, sizeof line, _("%s writes the file; an existing file is replaced only if you say so."),
             ui_key_hint(UI_SAVE));
    ui_text(ui, y, 2, ui->cols - 4, line, FS_ALIGN_START, ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

/* Space flips a two-way field. */
static bool export_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct exportform *f = vs;
    struct ui_widget *w = &f->w[f->m.focus];
    if (f->m.focus != X_FILE && w->kind == W_CHOICE && !w->popup_open && ui_is(k, UI_TOGGLE)) {
        opt2_set(w, opt2_value(ui, w) == 1 ? 2 : 1);
        w->error[0] = '\0';
        return true;
    }
    return mini_view_key(ui, vs, k);
}

/* A refusal at the File field (the core's own field when it names one). */
static void refuse(struct ui *ui, struct exportform *f, fs_err *e)
{
    if (!e->field[0])
        fs_text_copy(e->field, sizeof e->field, "file");
    mini_error(ui, &f->m, e);
}

static void export_save(struct ui *ui, void *form)
{
    struct exportform *f = form;
    for (int i = 0; i < X_COUNT; i++)
        if (f->w[i].popup_open)
            uw_choose(&f->w[i]);
    for (int i = 0; i < X_COUNT; i++)
        f->w[i].error[0] = '\0';
    fs_err e;
    fs_err_clear(&e);
    enum fs_calendar cal = FS_CAL_JALALI;
    if (f->x.has_dates) {
        int d = opt2_value(ui, &f->w[X_DATES]);
        if (!d) {
            fs_err_set(&e, FS_EINVAL, "dates", _("dates: choose Jalali or ISO."));
            mini_error(ui, &f->m, &e);
            return;
        }
        opt2_set(&f->w[X_DATES], d);
        cal = d == 1 ? FS_CAL_JALALI : FS_CAL_GREGORIAN;
    }
    int b = opt2_value(ui, &f->w[X_BOM]);
    if (!b) {
        fs_err_set(&e, FS_EINVAL, "bom", _("bom: choose yes or no."));
        mini_error(ui, &f->m, &e);
        return;
    }
    opt2_set(&f->w[X_BOM], b);
    /* The permission first: a refused user gets no file and no question. */
    if (fs_require(ui->s, FS_PERM_EXPORT, &e) != FS_OK) {
        refuse(ui, f, &e);
        return;
    }
    char shown[1024];
    fs_text_copy(shown, sizeof shown, uw_text(&f->w[X_FILE]));
    if (!shown[0]) {
        fs_err_set(&e, FS_EINVAL, "file", _("file: give the name of the file to write."));
        refuse(ui, f, &e);
        return;
    }
    char *path = expand_home(shown);
    if (!path) {
        fs_err_set(&e, FS_ERUNTIME, "file", _("out of memory."));
        refuse(ui, f, &e);
        return;
    }
    struct stat st;
    bool replace = false;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
        char q[1200];
        snprintf(q, sizeof q, _("%s exists. Replace it?"), shown);
        if (!ui_confirm(ui, q)) {
            free(path);
            ui_message(ui, ROLE_WARNING, _("Nothing was written: %s is as it was."), shown);
            return;
        }
        replace = true;
    }
    fs_csv_file cf;
    long rows = 0;
    int rc = fs_csv_file_open(&cf, path, shown, replace, b == 1, &e);
    if (rc == FS_OK)
        rc = f->x.fn(ui, f->x.ctx, &cf, cal, &rows, &e);
    if (rc == FS_OK)
        rc = fs_csv_file_commit(&cf, &e);
    fs_csv_file_abort(&cf);
    free(path);
    if (rc != FS_OK) {
        refuse(ui, f, &e);
        return;
    }
    char msg[1400], num[32];
    ui_int(ui, rows, num, sizeof num);
    snprintf(msg, sizeof msg, P_("%s row written to %s.", "%s rows written to %s.", rows), num, shown);
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, "%s", msg);
}

static void export_close(void *vs)
{
    struct exportform *f = vs;
    if (f->x.free_ctx)
        f->x.free_ctx(f->x.ctx);
    mini_view_close(vs);
}

/* Nothing typed here is worth keeping: Esc leaves without asking. */
static const struct ui_view_ops export_ops = {
    .name = "export", .draw = export_draw, .key = export_key, .close = export_close,
    .min_cols = 60, .min_rows = 12,
};

void ui_open_export(struct ui *ui, const struct ui_export *x)
{
    struct exportform *f = calloc(1, sizeof *f);
    if (!f) {
        if (x->free_ctx)
            x->free_ctx(x->ctx);
        return;
    }
    f->x = *x;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[X_FILE], "file", N_("File"), W_TEXT);
    uw_init(ui, &w[X_DATES], "dates", N_("Dates"), x->has_dates ? W_CHOICE : W_READONLY);
    w[X_DATES].choices = opt2_choices;
    w[X_DATES].ctx = (void *)&dates_opts;
    uw_init(ui, &w[X_BOM], "bom", N_("For Excel (BOM)"), W_CHOICE);
    w[X_BOM].choices = opt2_choices;
    w[X_BOM].ctx = (void *)&bom_opts;
    /* ~/forsat-WHAT-1405-09-06.csv: today's Jalali date, Latin digits. */
    char day[32], name[256];
    fs_date_format(ui->s->today, FS_CAL_JALALI, FS_DIGITS_LATIN, day, sizeof day);
    for (char *p = day; *p; p++)
        if (*p == '/')
            *p = '-';
    snprintf(name, sizeof name, "~/forsat-%s-%s.csv", x->what, day);
    uw_set(&w[X_FILE], name, 0);
    if (x->has_dates)
        opt2_set(&w[X_DATES], 1);
    else
        uw_set(&w[X_DATES], _("(no dates in this table)"), 0);
    opt2_set(&w[X_BOM], 1);
    f->m = (struct mini){ w, X_COUNT, X_FILE, 18, 60, export_save };
    ui_push(ui, &export_ops, f);
}
