/* view_admin.c — the Admin screen (SPEC §4, §5.2, §5.3 C, §3, §6.3): the
 * system lists, campaigns, warehouses, the subtypes, the stage chain and
 * the custom fields of each subtype, users, roles and the settings (tax
 * and duties per document kind, proforma validity), one tab each.
 *
 * A tab is shown only to a user holding the permission its changes need
 * (admin.lists, admin.model, admin.users); the core checks again.  Every
 * change is one core call: a refusal is shown at the form's field or on
 * the message line and changes nothing.  Rows: Ins adds (a small form),
 * Enter renames or edits, Alt-↑/↓ reorders, Space enables or disables
 * (on Subtypes: makes the default), Del deletes.  Disabling or deleting a
 * stage that holds opportunities asks for the stage they move to.  Two
 * lists of rights, saved at once with Space: a user's own permissions
 * (Users tab, the "permissions" key) and who may issue remittances from a
 * warehouse (Warehouses tab, Enter), and what a role may do (Roles tab,
 * Enter).  On Settings, Enter changes the selected value.  Screens call
 * src/core only.
 */
#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "choices.h"
#include "i18n.h"
#include "jdate.h"
#include "lists.h"
#include "role.h"
#include "settings.h"
#include "stock.h"
#include "subtype.h"
#include "text.h"
#include "ui.h"
#include "ui_admin.h"
#include "ui_table.h"
#include "user.h"
#include "widgets.h"

/* ---- fixed choices: label in each language, keyed as the core names ---- */

struct opt {
    const char *key;
    const char *en;            /* untranslated (N_) */
    const char *fa;
};

struct optset {
    const struct opt *v;
    int n;
};

static const struct opt list_opts[] = {
    { "type", N_("Type"), "نوع" },
    { "source", N_("Source"), "منبع" },
    { "win_reason", N_("Win reasons"), "دلایل موفقیت" },
    { "loss_reason", N_("Loss reasons"), "دلایل شکست" },
    { "purchase_process", N_("Purchase process"), "فرایند خرید" },
    { "unit", N_("Unit"), "واحد" },
};
#define NLISTS ((int)(sizeof list_opts / sizeof *list_opts))

/* In enum fs_stage_kind order. */
static const struct opt kind_opts[] = {
    { "open", N_("open"), "جاری" }, { "won", N_("won"), "موفق" }, { "lost", N_("lost"), "ناموفق" },
};
/* In enum fs_custom_field_type order. */
static const struct opt type_opts[] = {
    { "text", N_("text"), "متن" },          { "number", N_("number"), "عدد" },
    { "amount", N_("amount"), "مبلغ" },     { "date", N_("date"), "تاریخ" },
    { "bool", N_("yes/no"), "بله/خیر" },    { "choice", N_("choice"), "انتخابی" },
    { "user", N_("user"), "کاربر" },
};
static const struct opt yesno_opts[] = { { "yes", N_("yes"), "بله" }, { "no", N_("no"), "خیر" } };
/* The roles of data/defaults.sql. */
static const struct opt role_opts[] = {
    { "admin", N_("Admin"), "مدیر سیستم" },
    { "sales_manager", N_("Sales manager"), "مدیر فروش" },
    { "sales_rep", N_("Sales rep"), "کارشناس فروش" },
    { "warehouse_keeper", N_("Warehouse keeper"), "انباردار" },
    { "financial_manager", N_("Financial manager"), "مدیر مالی" },
};

#define OPTSET(a) { a, (int)(sizeof a / sizeof *a) }
static struct optset kind_set = OPTSET(kind_opts);
static struct optset type_set = OPTSET(type_opts);
static struct optset yesno_set = OPTSET(yesno_opts);
static struct optset role_set = OPTSET(role_opts);

static const char *opt_label(const struct ui *ui, const struct opt *o)
{
    return ui->rtl ? o->fa : _(o->en);
}

/* The index of key in set, or -1. */
static int opt_find(const struct optset *set, const char *key)
{
    for (int i = 0; i < set->n; i++)
        if (key && !strcmp(set->v[i].key, key))
            return i;
    return -1;
}

/* The options of a set (ctx) matching the typed text in either language
 * or by key; choice ids are index + 1. */
static int opt_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    const struct optset *set = ctx;
    char *key = fs_text_search_key(text);
    int n = 0;
    for (int i = 0; i < set->n && n < max; i++) {
        const struct opt *o = &set->v[i];
        const char *k = key ? key : "";
        if (ui_key_match(o->fa, k) || ui_key_match(_(o->en), k) || ui_key_match(o->en, k) || ui_key_match(o->key, k)) {
            out[n].id = i + 1;
            fs_text_copy(out[n].label, sizeof out[n].label, opt_label(ui, o));
            out[n].hint[0] = '\0';
            n++;
        }
    }
    free(key);
    return n;
}

/* ---- the screen's state ------------------------------------------------- */

enum tab { T_LISTS, T_CAMPAIGNS, T_WAREHOUSES, T_SUBTYPES, T_STAGES, T_FIELDS, T_USERS, T_ROLES, T_SETTINGS, T_COUNT };

static const char *const tab_names[T_COUNT] = {
    N_("Lists"), N_("Campaigns"), N_("Warehouses"), N_("Subtypes"), N_("Stages"), N_("Custom fields"), N_("Users"),
    N_("Roles"),   N_("Settings"),
};
/* Warehouses: adding and disabling need admin.lists (who may issue from
 * one needs admin.users, checked when that list is opened). */
static const enum fs_perm tab_perm[T_COUNT] = {
    FS_PERM_ADMIN_LISTS, FS_PERM_ADMIN_LISTS, FS_PERM_ADMIN_LISTS, FS_PERM_ADMIN_MODEL,
    FS_PERM_ADMIN_MODEL, FS_PERM_ADMIN_MODEL, FS_PERM_ADMIN_USERS, FS_PERM_ADMIN_USERS, FS_PERM_ADMIN_MODEL,
};

#define MAXCOLS 7
static const struct ui_col tab_cols[T_COUNT][MAXCOLS] = {
    [T_LISTS] = { { N_("#"), 4, FS_ALIGN_END }, { N_("Key"), 18, FS_ALIGN_START },
                  { N_("Persian label"), 0, FS_ALIGN_START }, { N_("English label"), 26, FS_ALIGN_START },
                  { N_("Active"), 7, FS_ALIGN_START } },
    [T_CAMPAIGNS] = { { N_("Name"), 0, FS_ALIGN_START }, { N_("Start"), 12, FS_ALIGN_START },
                      { N_("End"), 12, FS_ALIGN_START }, { N_("Active"), 7, FS_ALIGN_START } },
    [T_WAREHOUSES] = { { N_("Name"), 0, FS_ALIGN_START }, { N_("Users who may issue"), 20, FS_ALIGN_END },
                       { N_("Active"), 7, FS_ALIGN_START } },
    [T_SUBTYPES] = { { N_("#"), 4, FS_ALIGN_END }, { N_("Key"), 12, FS_ALIGN_START },
                     { N_("Persian title"), 0, FS_ALIGN_START }, { N_("English title"), 16, FS_ALIGN_START },
                     { N_("Default"), 7, FS_ALIGN_START }, { N_("Stages"), 6, FS_ALIGN_END },
                     { N_("Opportunities"), 13, FS_ALIGN_END } },
    [T_STAGES] = { { N_("#"), 4, FS_ALIGN_END }, { N_("Key"), 14, FS_ALIGN_START },
                   { N_("Persian title"), 0, FS_ALIGN_START }, { N_("English title"), 22, FS_ALIGN_START },
                   { N_("Kind"), 8, FS_ALIGN_START }, { N_("Opportunities"), 13, FS_ALIGN_END },
                   { N_("Active"), 7, FS_ALIGN_START } },
    [T_FIELDS] = { { N_("#"), 4, FS_ALIGN_END }, { N_("Key"), 16, FS_ALIGN_START },
                   { N_("Label"), 0, FS_ALIGN_START }, { N_("Type"), 10, FS_ALIGN_START },
                   { N_("Required"), 9, FS_ALIGN_START }, { N_("Active"), 7, FS_ALIGN_START } },
    [T_USERS] = { { N_("Login"), 16, FS_ALIGN_START }, { N_("Name"), 0, FS_ALIGN_START },
                  { N_("Role"), 20, FS_ALIGN_START }, { N_("Active"), 7, FS_ALIGN_START } },
    [T_ROLES] = { { N_("Role"), 0, FS_ALIGN_START }, { N_("Key"), 18, FS_ALIGN_START },
                  { N_("Active users"), 12, FS_ALIGN_END }, { N_("Permissions"), 11, FS_ALIGN_END } },
    [T_SETTINGS] = { { N_("Setting"), 0, FS_ALIGN_START }, { N_("Value"), 12, FS_ALIGN_END },
                     { N_("Name"), 20, FS_ALIGN_START } },
};
static const int tab_ncols[T_COUNT] = { 5, 4, 3, 7, 7, 6, 4, 4, 3 };

#define GRID_Y 4

struct admin {
    enum tab tabs[T_COUNT];    /* the tabs this user may use */
    int ntabs, cur;
    int list;                  /* Lists: index in list_opts */
    fs_subtype *subs;          /* Subtypes, Stages and Custom fields: the subtypes */
    int nsubs, sub;
    fs_stage *stages;          /* Stages: the chain shown */
    int nstages;
    fs_setting settings[FS_SETTING_COUNT]; /* Settings: the rows shown */
    struct ui_table t;
    bool *active;              /* per row: enabled */
    int nactive, cap_active;
    char problem[300];
    char refusal[600];         /* the core's last refusal, shown in full */
};

/* The two lists of rights opened from a row (see open_rights). */
enum rights_kind { R_PERMS, R_WAREHOUSE, R_ROLE };
static void open_rights(struct ui *ui, struct admin *a, enum rights_kind kind, int64_t id, const char *name);
static void admin_reload(struct ui *ui, struct admin *a, int64_t id);

static enum tab cur_tab(const struct admin *a)
{
    return a->tabs[a->cur];
}

static int64_t cur_subtype(const struct admin *a)
{
    return a->nsubs ? a->subs[a->sub].id : 0;
}

static const char *yes_no(bool b)
{
    return b ? _("yes") : _("no");
}

/* ---- loading the rows -------------------------------------------------- */

struct rows {
    struct ui *ui;
    struct admin *a;
};

/* Appends a row and whether it is enabled; non-zero when memory ran out. */
static int push_row(struct admin *a, int64_t id, const char *const *v, bool active)
{
    if (a->nactive == a->cap_active) {
        int cap = a->cap_active ? a->cap_active * 2 : 32;
        bool *p = realloc(a->active, (size_t)cap * sizeof *p);
        if (!p)
            return 1;
        a->active = p;
        a->cap_active = cap;
    }
    if (!ut_add(&a->t, id, v))
        return 1;
    a->active[a->nactive++] = active;
    return 0;
}

static int list_row(void *ctx, const fs_list_item *it)
{
    struct rows *r = ctx;
    char pos[24];
    ui_int(r->ui, it->position, pos, sizeof pos);
    const char *v[] = { pos, it->key, it->label_fa, it->label_en, yes_no(it->active) };
    return push_row(r->a, it->id, v, it->active);
}

static int campaign_row(void *ctx, const fs_campaign *c)
{
    struct rows *r = ctx;
    char start[32] = "", end[32] = "";
    if (c->start_date)
        ui_date(r->ui, c->start_date, start, sizeof start);
    if (c->end_date)
        ui_date(r->ui, c->end_date, end, sizeof end);
    const char *v[] = { c->name, start, end, yes_no(c->active) };
    return push_row(r->a, c->id, v, c->active);
}

static int user_row(void *ctx, const fs_user *u)
{
    struct rows *r = ctx;
    int i = opt_find(&role_set, u->role);
    const char *v[] = { u->login, u->name, i >= 0 ? opt_label(r->ui, &role_opts[i]) : u->role, yes_no(u->active) };
    return push_row(r->a, u->id, v, u->active);
}

/* The number of permissions in a bit set. */
static int perm_count(uint32_t bits)
{
    int n = 0;
    for (int p = 0; p < FS_PERM_COUNT; p++)
        n += (bits >> p) & 1u;
    return n;
}

static int role_row(void *ctx, const fs_role *ro)
{
    struct rows *r = ctx;
    char users[24], perms[24];
    ui_int(r->ui, ro->users, users, sizeof users);
    ui_int(r->ui, perm_count(ro->perms), perms, sizeof perms);
    const char *v[] = { r->ui->rtl ? ro->title_fa : ro->title_en, ro->key, users, perms };
    return push_row(r->a, ro->id, v, true);
}

/* A setting's value as shown: "۹ ٪", "30 days". */
static void setting_text(const struct ui *ui, const fs_setting *st, char *out, size_t n)
{
    char num[32];
    fs_setting_format(st->type, st->value, ui->s->digits, num, sizeof num);
    if (st->type == FS_SETTING_PERCENT)
        snprintf(out, n, "%s %%", num);
    else
        snprintf(out, n, P_("%s day", "%s days", st->value), num);
}

static int setting_rows(struct rows *r, fs_err *e)
{
    struct admin *a = r->a;
    int rc = fs_setting_list(r->ui->s, a->settings, e);
    for (int i = 0; rc == FS_OK && i < FS_SETTING_COUNT; i++) {
        char val[64];
        setting_text(r->ui, &a->settings[i], val, sizeof val);
        const char *v[] = { a->settings[i].label, val, a->settings[i].name };
        if (push_row(a, i + 1, v, true))
            break;
    }
    return rc;
}

/* Reads the subtypes again (they may have been added here or from the
 * shell meanwhile) and makes subtype keep the current one when it is
 * still there (else the first). */
static int load_subtypes(struct ui *ui, struct admin *a, int64_t keep, fs_err *e)
{
    free(a->subs);
    a->subs = NULL;
    a->nsubs = a->sub = 0;
    int rc = fs_subtype_list(ui->s, &a->subs, &a->nsubs, e);
    for (int k = 0; k < a->nsubs; k++)
        if (a->subs[k].id == keep)
            a->sub = k;
    return rc;
}

/* Subtypes: each with its active stages and the opportunities in them. */
static int subtype_rows(struct rows *r, fs_err *e)
{
    struct admin *a = r->a;
    int rc = load_subtypes(r->ui, a, cur_subtype(a), e);
    for (int i = 0; rc == FS_OK && i < a->nsubs; i++) {
        const fs_subtype *sub = &a->subs[i];
        fs_stage *st = NULL;
        int n = 0, active = 0;
        int64_t opps = 0;
        if ((rc = fs_stage_list(r->ui->s, sub->id, &st, &n, e)) != FS_OK)
            break;
        for (int k = 0; k < n; k++) {
            active += st[k].active;
            opps += st[k].opp_count;
        }
        free(st);
        char pos[24], nst[24], nopp[24];
        ui_int(r->ui, sub->position, pos, sizeof pos);
        ui_int(r->ui, active, nst, sizeof nst);
        ui_int(r->ui, opps, nopp, sizeof nopp);
        const char *v[] = { pos, sub->key, sub->title_fa, sub->title_en, sub->is_default ? _("yes") : "", nst, nopp };
        if (push_row(a, sub->id, v, sub->active))
            break;
    }
    return rc;
}

/* Warehouses: each with how many users may issue remittances from it. */
static int warehouse_row(void *ctx, const fs_warehouse *w)
{
    struct rows *r = ctx;
    int64_t *ids = NULL;
    int n = 0;
    fs_err e;
    char num[24] = "";
    if (fs_warehouse_users(r->ui->s, w->id, &ids, &n, &e) == FS_OK)
        ui_int(r->ui, n, num, sizeof num);
    free(ids);
    const char *v[] = { w->name, num, yes_no(w->active) };
    return push_row(r->a, w->id, v, w->active);
}

static int stage_rows(struct rows *r, fs_err *e)
{
    struct admin *a = r->a;
    free(a->stages);
    a->stages = NULL;
    a->nstages = 0;
    if (!a->nsubs)
        return FS_OK;
    int rc = fs_stage_list(r->ui->s, cur_subtype(a), &a->stages, &a->nstages, e);
    for (int i = 0; rc == FS_OK && i < a->nstages; i++) {
        const fs_stage *st = &a->stages[i];
        char pos[24], n[24];
        ui_int(r->ui, st->position, pos, sizeof pos);
        ui_int(r->ui, st->opp_count, n, sizeof n);
        const char *v[] = { pos, st->key, st->title_fa, st->title_en, opt_label(r->ui, &kind_opts[st->kind]), n,
                            yes_no(st->active) };
        push_row(a, st->id, v, st->active);
    }
    return rc;
}

static int field_rows(struct rows *r, fs_err *e)
{
    struct admin *a = r->a;
    fs_custom_field *f = NULL;
    int n = 0;
    if (!a->nsubs)
        return FS_OK;
    int rc = fs_custom_field_list(r->ui->s, cur_subtype(a), true, &f, &n, e);
    for (int i = 0; rc == FS_OK && i < n; i++) {
        char pos[24];
        ui_int(r->ui, f[i].position, pos, sizeof pos);
        const char *v[] = { pos, f[i].key, r->ui->rtl ? f[i].label_fa : f[i].label_en,
                            opt_label(r->ui, &type_opts[f[i].type]), yes_no(f[i].required), yes_no(f[i].active) };
        push_row(a, f[i].id, v, f[i].active);
    }
    if (rc == FS_OK)
        fs_custom_field_list_free(f, n);
    return rc;
}

/* The rows of the current tab (a ut_load_fn; every table is one page). */
static void admin_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct admin *a = ctx;
    struct rows r = { ui, a };
    fs_err e;
    fs_err_clear(&e);
    ut_clear(t);
    a->nactive = 0;
    a->problem[0] = '\0';
    t->more = false;
    int rc = FS_OK;
    switch (cur_tab(a)) {
    case T_LISTS: rc = fs_list_show(ui->s, list_opts[a->list].key, list_row, &r, &e); break;
    case T_CAMPAIGNS: rc = fs_campaign_list(ui->s, true, campaign_row, &r, &e); break;
    case T_WAREHOUSES: rc = fs_warehouse_list(ui->s, warehouse_row, &r, &e); break;
    case T_SUBTYPES: rc = subtype_rows(&r, &e); break;
    case T_STAGES: rc = stage_rows(&r, &e); break;
    case T_FIELDS: rc = field_rows(&r, &e); break;
    case T_USERS: rc = fs_user_list(ui->s, true, user_row, &r, &e); break;
    case T_ROLES: rc = fs_role_list(ui->s, role_row, &r, &e); break;
    case T_SETTINGS: rc = setting_rows(&r, &e); break;
    case T_COUNT: break;
    }
    if (rc != FS_OK)
        fs_text_copy(a->problem, sizeof a->problem, e.msg);
}

/* Reloads the rows and selects row id (when still there). */
static void admin_reload(struct ui *ui, struct admin *a, int64_t id)
{
    ut_refresh(ui, &a->t, admin_load, a);
    for (int i = 0; id && i < a->t.n; i++)
        if (a->t.ids[i] == id) {
            a->t.sel = i;
            int vis = ut_visible(ui, GRID_Y);
            if (a->t.sel < a->t.top)
                a->t.top = a->t.sel;
            if (a->t.sel >= a->t.top + vis)
                a->t.top = a->t.sel - vis + 1;
        }
}

/* Shows tab i (an index in a->tabs) from its first row. */
static void show_tab(struct ui *ui, struct admin *a, int i)
{
    /* Stages and Custom fields go on with the subtype chosen last: the
     * one selected on the Subtypes tab when coming from there. */
    int64_t keep = cur_subtype(a);
    if (cur_tab(a) == T_SUBTYPES && ut_sel_id(&a->t))
        keep = ut_sel_id(&a->t);
    a->cur = (i + a->ntabs) % a->ntabs;
    ut_free(&a->t);
    ut_init(&a->t, tab_ncols[cur_tab(a)]);
    if (cur_tab(a) == T_STAGES || cur_tab(a) == T_FIELDS) {
        fs_err e;
        if (load_subtypes(ui, a, keep, &e) != FS_OK)
            ui_message(ui, ROLE_ERROR, "%s", e.msg);
    }
    ut_reload(ui, &a->t, admin_load, a);
}

/* Draws text on `lines` rows from y, broken at a space when it is wider
 * than the screen. */
static void draw_wrapped(struct ui *ui, int y, int lines, const char *text, enum ui_role role)
{
    int w = ui->cols - 2;
    const char *p = text;
    for (int i = 0; i < lines && *p; i++) {
        size_t cut = strlen(p);
        if (i + 1 < lines && fs_text_width(p) > w) {
            /* The last space that leaves the line within w columns. */
            char line[600];
            for (const char *q = p; *q; q++)
                if (*q == ' ') {
                    size_t n = (size_t)(q - p);
                    if (n >= sizeof line)
                        break;
                    memcpy(line, p, n);
                    line[n] = '\0';
                    if (fs_text_width(line) > w)
                        break;
                    cut = n;
                }
        }
        char part[600];
        fs_text_copy(part, sizeof part, p);
        if (cut < sizeof part)
            part[cut] = '\0';
        ui_text(ui, y + i, 1, w, part, FS_ALIGN_START, role);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

/* ---- the forms ---------------------------------------------------------- */

enum form_kind {
    FK_LIST_ADD, FK_LIST_RENAME, FK_CAMPAIGN_ADD, FK_STAGE_ADD, FK_STAGE_RENAME, FK_REPLACE, FK_FIELD_ADD,
    FK_USER_ADD, FK_USER_EDIT, FK_SUBTYPE_ADD, FK_SUBTYPE_RENAME, FK_WAREHOUSE_ADD, FK_SETTING,
};

#define FORM_MAX 6

struct form {
    enum form_kind kind;
    struct admin *a;           /* the screen below, reloaded after a save */
    int64_t id;                /* the row renamed, edited or replaced */
    int position;              /* FK_STAGE_ADD: where the stage goes */
    bool del;                  /* FK_REPLACE: delete (else disable) */
    char title[300], note[600];
    struct ui_widget w[FORM_MAX];
    int n, focus;
};

static struct ui_widget *form_add(struct ui *ui, struct form *f, const char *name, const char *label,
                                  enum ui_wkind kind)
{
    struct ui_widget *w = &f->w[f->n++];
    uw_init(ui, w, name, label, kind);
    return w;
}

/* Makes w a choice among set, showing option `preset` (-1: none). */
static void form_opts(struct ui *ui, struct ui_widget *w, struct optset *set, int preset)
{
    w->choices = opt_choices;
    w->ctx = set;
    if (preset >= 0)
        uw_set(w, opt_label(ui, &set->v[preset]), preset + 1);
}

/* The option index chosen in w (popup id or typed text matching exactly
 * one option); FS_EINVAL naming the field otherwise. */
static int form_opt(struct ui *ui, struct ui_widget *w, int *index, fs_err *e)
{
    if (w->id > 0) {
        *index = (int)w->id - 1;
        return FS_OK;
    }
    struct ui_choice c[UI_CHOICES_MAX];
    if (*uw_text(w) && w->choices(ui, w->ctx, uw_text(w), c, UI_CHOICES_MAX) == 1) {
        *index = (int)c[0].id - 1;
        return FS_OK;
    }
    return fs_err_set(e, FS_EINVAL, w->name, _("%s: choose one of the list."), _(w->label));
}

/* Text of an edited field, or NULL when it still shows what was there
 * (the core keeps that value). */
static const char *changed_text(const struct ui_widget *w)
{
    return w->changed ? uw_text(w) : NULL;
}

static void form_step(struct form *f, int dir)
{
    if (f->w[f->focus].popup_open)
        uw_choose(&f->w[f->focus]);
    for (int tries = 0; tries < f->n; tries++) {
        f->focus = (f->focus + dir + f->n) % f->n;
        if (f->w[f->focus].kind != W_READONLY)
            break;
    }
}

static void form_draw(struct ui *ui, void *vs)
{
    struct form *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, f->title, hints, 4);
    int lw = 18, fw = ui->cols - lw - 8 < 50 ? ui->cols - lw - 8 : 50, top = 3;
    if (f->note[0])
        ui_text(ui, 2, 2, ui->cols - 4, f->note, FS_ALIGN_START, ROLE_DIM);
    const char *err = NULL;
    for (int i = 0; i < f->n; i++) {
        if (i != f->focus)
            uw_draw(ui, &f->w[i], top + i, 2, lw, fw, false);
        if (f->w[i].error[0] && (!err || i == f->focus))
            err = f->w[i].error;
    }
    if (err)
        draw_wrapped(ui, top + f->n + 1, 2, err, ROLE_ERROR);
    uw_draw(ui, &f->w[f->focus], top + f->focus, 2, lw, fw, true);
    uw_draw_popup(ui, &f->w[f->focus], top + f->focus, 2 + lw + 1, fw);
}

/* Shows a refusal at the field the core named, else on the message line. */
static void form_error(struct ui *ui, struct form *f, const fs_err *e)
{
    for (int i = 0; i < f->n; i++)
        if (!strcmp(f->w[i].name, e->field)) {
            fs_text_copy(f->w[i].error, sizeof f->w[i].error, e->msg);
            f->focus = i;
            break;
        }
    ui_message(ui, ROLE_ERROR, "%s", e->msg);
}

/* The stages the opportunities of f->id may move to: the subtype's other
 * active stages. */
static int replace_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    struct form *f = ctx;
    const struct admin *a = f->a;
    char *key = fs_text_search_key(text);
    int n = 0;
    /* Only stages of the retired one's kind take its opportunities. */
    int kind = -1;
    for (int i = 0; i < a->nstages; i++)
        if (a->stages[i].id == f->id)
            kind = (int)a->stages[i].kind;
    for (int i = 0; i < a->nstages && n < max; i++) {
        const fs_stage *st = &a->stages[i];
        if (st->id == f->id || !st->active || (kind >= 0 && (int)st->kind != kind))
            continue;
        const char *title = ui->rtl ? st->title_fa : st->title_en;
        if (ui_key_match(st->title_fa, key ? key : "") || ui_key_match(st->title_en, key ? key : "") ||
            ui_key_match(st->key, key ? key : "")) {
            out[n].id = st->id;
            fs_text_copy(out[n].label, sizeof out[n].label, title);
            fs_text_copy(out[n].hint, sizeof out[n].hint, opt_label(ui, &kind_opts[st->kind]));
            n++;
        }
    }
    free(key);
    return n;
}

/* The one core call behind each form; *id gets the row to select after. */
static int form_apply(struct ui *ui, struct form *f, int64_t *id, char *msg, size_t n, fs_err *e)
{
    fs_session *s = ui->s;
    struct ui_widget *w = f->w;
    struct admin *a = f->a;
    const char *list = list_opts[a->list].key;
    int rc = FS_OK, i1 = 0, i2 = 0;
    char start[11], end[11];
    *id = f->id;
    switch (f->kind) {
    case FK_LIST_ADD:
        rc = fs_list_add(s, list, uw_text(&w[0]), uw_text(&w[1]), uw_text(&w[2]), id, e);
        fs_text_copy(msg, n, _("Item added."));
        break;
    case FK_LIST_RENAME:
        rc = fs_list_rename(s, list, f->id, changed_text(&w[1]), changed_text(&w[2]), e);
        fs_text_copy(msg, n, _("Item renamed."));
        break;
    case FK_CAMPAIGN_ADD:
        if ((rc = uw_date_iso(ui, &w[1], w[1].name, start, e)) == FS_OK && (rc = uw_date_iso(ui, &w[2], w[2].name, end, e)) == FS_OK)
            rc = fs_campaign_add(s, uw_text(&w[0]), start, end, id, e);
        fs_text_copy(msg, n, _("Campaign added."));
        break;
    case FK_STAGE_ADD:
        if ((rc = form_opt(ui, &w[3], &i1, e)) == FS_OK)
            rc = fs_stage_add(s, cur_subtype(a), uw_text(&w[0]), uw_text(&w[1]), uw_text(&w[2]),
                              (enum fs_stage_kind)i1, f->position, id, e);
        fs_text_copy(msg, n, _("Stage added."));
        break;
    case FK_STAGE_RENAME:
        rc = fs_stage_rename(s, f->id, changed_text(&w[1]), changed_text(&w[2]), e);
        fs_text_copy(msg, n, _("Stage renamed."));
        break;
    case FK_REPLACE: {
        int64_t to = w[0].id, moved = 0;
        struct ui_choice c[UI_CHOICES_MAX];
        if (!to && *uw_text(&w[0]) && replace_choices(ui, f, uw_text(&w[0]), c, UI_CHOICES_MAX) == 1)
            to = c[0].id;
        if (!to)
            return fs_err_set(e, FS_EINVAL, "replace", _("%s: choose another active stage of the same kind."),
                              _(w[0].label));
        rc = f->del ? fs_stage_delete(s, f->id, to, &moved, e) : fs_stage_set_active(s, f->id, false, to, &moved, e);
        char num[24];
        ui_int(ui, moved, num, sizeof num);
        snprintf(msg, n, f->del ? P_("%s opportunity moved to «%s»; the stage is deleted.",
                                     "%s opportunities moved to «%s»; the stage is deleted.", moved)
                                : P_("%s opportunity moved to «%s»; the stage is disabled.",
                                     "%s opportunities moved to «%s»; the stage is disabled.", moved),
                 num, uw_text(&w[0]));
        if (f->del)
            *id = to;
        break;
    }
    case FK_FIELD_ADD:
        if ((rc = form_opt(ui, &w[3], &i1, e)) == FS_OK && (rc = form_opt(ui, &w[4], &i2, e)) == FS_OK)
            rc = fs_custom_field_add(s, cur_subtype(a), uw_text(&w[0]), uw_text(&w[1]), uw_text(&w[2]),
                                     (enum fs_custom_field_type)i1, i2 == 0, uw_text(&w[5]), id, e);
        fs_text_copy(msg, n, _("Custom field added."));
        break;
    case FK_USER_ADD:
        if ((rc = form_opt(ui, &w[2], &i1, e)) == FS_OK)
            rc = fs_user_add(s, uw_text(&w[0]), uw_text(&w[1]), role_opts[i1].key, id, e);
        fs_text_copy(msg, n, _("User added."));
        break;
    case FK_USER_EDIT:
        if (w[2].changed)
            rc = form_opt(ui, &w[2], &i1, e);
        if (rc == FS_OK)
            rc = fs_user_edit(s, f->id, changed_text(&w[1]), w[2].changed ? role_opts[i1].key : NULL, e);
        fs_text_copy(msg, n, _("User changed."));
        break;
    case FK_SUBTYPE_ADD:
        rc = fs_subtype_add(s, uw_text(&w[0]), uw_text(&w[1]), uw_text(&w[2]), id, e);
        fs_text_copy(msg, n, _("Subtype added with the default subtype's stages; change them on the Stages tab."));
        break;
    case FK_SUBTYPE_RENAME:
        rc = fs_subtype_rename(s, f->id, changed_text(&w[1]), changed_text(&w[2]), e);
        fs_text_copy(msg, n, _("Subtype renamed."));
        break;
    case FK_WAREHOUSE_ADD:
        rc = fs_warehouse_add(s, uw_text(&w[0]), id, e);
        fs_text_copy(msg, n, _("Warehouse added."));
        break;
    case FK_SETTING: {
        const fs_setting *st = &a->settings[f->id - 1];
        rc = fs_setting_set(s, st->name, uw_text(&w[0]), e);
        snprintf(msg, n, _("«%s» changed; new documents use it, existing ones keep their own."), st->label);
        break;
    }
    }
    return rc;
}

static void form_save(struct ui *ui, struct form *f)
{
    struct ui_widget *fw = &f->w[f->focus];
    if (fw->popup_open)
        uw_choose(fw);
    for (int i = 0; i < f->n; i++)
        f->w[i].error[0] = '\0';
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    char msg[600];
    if (form_apply(ui, f, &id, msg, sizeof msg, &e) != FS_OK) {
        form_error(ui, f, &e);
        return;
    }
    struct admin *a = f->a;
    ui_pop(ui); /* frees f */
    admin_reload(ui, a, id);
    ui_message(ui, ROLE_NORMAL, "%s", msg);
}

static bool form_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct form *f = vs;
    struct ui_widget *w = &f->w[f->focus];
    if (ui_is(k, UI_SAVE)) {
        form_save(ui, f);
        return true;
    }
    if (w->popup_open && (k->code == KEY_DOWN || k->code == KEY_UP || ui_is(k, UI_OPEN)))
        return uw_key(ui, w, k);
    /* Enter on the last field saves: the one-field forms need no F2. */
    if (ui_is(k, UI_OPEN) && f->focus == f->n - 1) {
        form_save(ui, f);
        return true;
    }
    if ((k->ch == '\t' && !k->meta) || (k->code == KEY_DOWN && !k->meta) || ui_is(k, UI_OPEN)) {
        form_step(f, 1);
        return true;
    }
    if (k->code == KEY_BTAB || (k->code == KEY_UP && !k->meta)) {
        form_step(f, -1);
        return true;
    }
    /* Typing into a choice that still shows its preset starts afresh. */
    if (w->kind == W_CHOICE && !w->changed && !k->meta && !k->code && k->ch >= 0x20 && k->ch != 0x7f)
        uw_set(w, "", 0);
    return uw_key(ui, w, k);
}

static bool form_dirty(void *vs)
{
    struct form *f = vs;
    for (int i = 0; i < f->n; i++)
        if (f->w[i].changed)
            return true;
    return false;
}

static void form_close(void *vs)
{
    struct form *f = vs;
    for (int i = 0; i < f->n; i++)
        uw_free(&f->w[i]);
    free(f);
}

static const struct ui_view_ops form_ops = {
    .name = "admin-form", .draw = form_draw, .key = form_key, .dirty = form_dirty, .close = form_close,
    .min_cols = 60, .min_rows = 14,
};

static struct form *form_new(struct admin *a, enum form_kind kind, int64_t id, const char *title)
{
    struct form *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->kind = kind;
    f->a = a;
    f->id = id;
    fs_text_copy(f->title, sizeof f->title, title);
    return f;
}

/* The selected row's cell c ("" when none). */
static const char *sel_cell(const struct admin *a, int c)
{
    return a->t.n ? a->t.cells[a->t.sel * a->t.ncols + c] : "";
}

static const fs_stage *sel_stage(const struct admin *a)
{
    int64_t id = ut_sel_id(&a->t);
    for (int i = 0; i < a->nstages; i++)
        if (a->stages[i].id == id)
            return &a->stages[i];
    return NULL;
}

/* Asks where the opportunities of stage st go before it is disabled or
 * deleted (del). */
static void open_replace(struct ui *ui, struct admin *a, const fs_stage *st, bool del)
{
    const char *title = ui->rtl ? st->title_fa : st->title_en;
    char head[900];
    snprintf(head, sizeof head, del ? _("Delete the stage «%s»") : _("Disable the stage «%s»"), title);
    struct form *f = form_new(a, FK_REPLACE, st->id, head);
    if (!f)
        return;
    f->del = del;
    char num[24];
    ui_int(ui, st->opp_count, num, sizeof num);
    snprintf(f->note, sizeof f->note,
             P_("It holds %s opportunity; choose the active stage of this subtype it moves to.",
                "It holds %s opportunities; choose the active stage of this subtype they move to.", st->opp_count),
             num);
    struct ui_widget *w = form_add(ui, f, "replace", N_("Move them to"), W_CHOICE);
    w->choices = replace_choices;
    w->ctx = f;
    ui_push(ui, &form_ops, f);
}

/* The current subtype's title ("" when there is none). */
static const char *subtype_title(const struct ui *ui, const struct admin *a)
{
    return !a->nsubs ? "" : ui->rtl ? a->subs[a->sub].title_fa : a->subs[a->sub].title_en;
}

/* A new form for something of the current subtype with its key and two
 * labels; what: "title" or "label", the core's field names for them.
 * NULL when there is no subtype. */
static struct form *subtype_form(struct ui *ui, struct admin *a, enum form_kind kind, const char *head,
                                 const char *what)
{
    if (!a->nsubs)
        return NULL;
    struct form *f = form_new(a, kind, 0, head);
    if (!f)
        return NULL;
    bool t = !strcmp(what, "title");
    form_add(ui, f, "key", N_("Key"), W_TEXT);
    form_add(ui, f, t ? "title_fa" : "label_fa", t ? N_("Persian title") : N_("Persian label"), W_TEXT);
    form_add(ui, f, t ? "title_en" : "label_en", t ? N_("English title") : N_("English label"), W_TEXT);
    return f;
}

/* Ins: the add form of the current tab. */
static void open_add(struct ui *ui, struct admin *a)
{
    struct form *f = NULL;
    char title[600];
    switch (cur_tab(a)) {
    case T_LISTS:
        snprintf(title, sizeof title, _("New item of «%s»"), opt_label(ui, &list_opts[a->list]));
        if (!(f = form_new(a, FK_LIST_ADD, 0, title)))
            return;
        form_add(ui, f, "key", N_("Key"), W_TEXT);
        form_add(ui, f, "fa", N_("Persian label"), W_TEXT);
        form_add(ui, f, "en", N_("English label"), W_TEXT);
        fs_text_copy(f->note, sizeof f->note,
                     _("The key (a-z, 0-9, _) names the item in commands; empty makes one from the English label."));
        break;
    case T_CAMPAIGNS:
        if (!(f = form_new(a, FK_CAMPAIGN_ADD, 0, _("New campaign"))))
            return;
        form_add(ui, f, "name", N_("Name"), W_TEXT);
        form_add(ui, f, "start", N_("Start date"), W_DATE);
        form_add(ui, f, "end", N_("End date"), W_DATE);
        break;
    case T_WAREHOUSES:
        if (!(f = form_new(a, FK_WAREHOUSE_ADD, 0, _("New warehouse"))))
            return;
        form_add(ui, f, "name", N_("Name"), W_TEXT);
        fs_text_copy(f->note, sizeof f->note, _("Enter on a warehouse then chooses who may issue remittances from it."));
        break;
    case T_SUBTYPES:
        if (!(f = form_new(a, FK_SUBTYPE_ADD, 0, _("New subtype"))))
            return;
        form_add(ui, f, "key", N_("Key"), W_TEXT);
        form_add(ui, f, "title_fa", N_("Persian title"), W_TEXT);
        form_add(ui, f, "title_en", N_("English title"), W_TEXT);
        fs_text_copy(f->note, sizeof f->note,
                     _("The key (a-z, 0-9, _ or -) names it in commands; it starts with the default subtype's stages."));
        break;
    case T_STAGES: {
        snprintf(title, sizeof title, _("New stage of «%s»"), subtype_title(ui, a));
        if (!(f = subtype_form(ui, a, FK_STAGE_ADD, title, "title")))
            return;
        form_opts(ui, form_add(ui, f, "kind", N_("Kind"), W_CHOICE), &kind_set, FS_STAGE_OPEN);
        const fs_stage *st = sel_stage(a);
        if (st) {
            /* After the selected stage: new stages are usually open ones
             * that go before the final stages, not after them. */
            f->position = st->position + 1;
            snprintf(f->note, sizeof f->note, _("The new stage goes after «%s»; Alt-↑/↓ moves it later."),
                     ui->rtl ? st->title_fa : st->title_en);
        }
        break;
    }
    case T_FIELDS:
        snprintf(title, sizeof title, _("New custom field of «%s»"), subtype_title(ui, a));
        if (!(f = subtype_form(ui, a, FK_FIELD_ADD, title, "label")))
            return;
        form_opts(ui, form_add(ui, f, "type", N_("Type"), W_CHOICE), &type_set, FS_CFIELD_TEXT);
        form_opts(ui, form_add(ui, f, "required", N_("Required"), W_CHOICE), &yesno_set, 1);
        form_add(ui, f, "choices", N_("Choices"), W_TEXT);
        fs_text_copy(f->note, sizeof f->note, _("Choices (type \"choice\" only): the options separated by commas."));
        break;
    case T_USERS:
        if (!(f = form_new(a, FK_USER_ADD, 0, _("New user"))))
            return;
        form_add(ui, f, "login", N_("Login"), W_TEXT);
        form_add(ui, f, "name", N_("Name"), W_TEXT);
        form_opts(ui, form_add(ui, f, "role", N_("Role"), W_CHOICE), &role_set, opt_find(&role_set, "sales_rep"));
        fs_text_copy(f->note, sizeof f->note, _("The login is the user's operating-system login."));
        break;
    case T_ROLES:
        ui_message(ui, ROLE_WARNING, "%s", _("The roles are fixed; Enter changes what the selected one may do."));
        return;
    case T_SETTINGS:
        ui_message(ui, ROLE_WARNING, "%s", _("The settings are fixed; Enter changes the selected one."));
        return;
    case T_COUNT:
        return;
    }
    ui_push(ui, &form_ops, f);
}

/* Enter: renames the selected list item or stage, edits the user. */
static void open_edit(struct ui *ui, struct admin *a)
{
    int64_t id = ut_sel_id(&a->t);
    struct form *f = NULL;
    if (!id)
        return;
    switch (cur_tab(a)) {
    case T_LISTS:
        if (!(f = form_new(a, FK_LIST_RENAME, id, _("Rename the item"))))
            return;
        uw_set(form_add(ui, f, "key", N_("Key"), W_READONLY), sel_cell(a, 1), 0);
        uw_set(form_add(ui, f, "fa", N_("Persian label"), W_TEXT), sel_cell(a, 2), 0);
        uw_set(form_add(ui, f, "en", N_("English label"), W_TEXT), sel_cell(a, 3), 0);
        break;
    case T_STAGES:
        if (!(f = form_new(a, FK_STAGE_RENAME, id, _("Rename the stage"))))
            return;
        uw_set(form_add(ui, f, "key", N_("Key"), W_READONLY), sel_cell(a, 1), 0);
        uw_set(form_add(ui, f, "title_fa", N_("Persian title"), W_TEXT), sel_cell(a, 2), 0);
        uw_set(form_add(ui, f, "title_en", N_("English title"), W_TEXT), sel_cell(a, 3), 0);
        break;
    case T_USERS: {
        if (!(f = form_new(a, FK_USER_EDIT, id, _("Change the user"))))
            return;
        uw_set(form_add(ui, f, "login", N_("Login"), W_READONLY), sel_cell(a, 0), 0);
        uw_set(form_add(ui, f, "name", N_("Name"), W_TEXT), sel_cell(a, 1), 0);
        struct ui_widget *w = form_add(ui, f, "role", N_("Role"), W_CHOICE);
        int r = -1; /* the role shown in the row */
        for (int i = 0; i < role_set.n; i++)
            if (!strcmp(opt_label(ui, &role_opts[i]), sel_cell(a, 2)))
                r = i;
        form_opts(ui, w, &role_set, r);
        break;
    }
    case T_SUBTYPES:
        if (!(f = form_new(a, FK_SUBTYPE_RENAME, id, _("Rename the subtype"))))
            return;
        uw_set(form_add(ui, f, "key", N_("Key"), W_READONLY), sel_cell(a, 1), 0);
        uw_set(form_add(ui, f, "title_fa", N_("Persian title"), W_TEXT), sel_cell(a, 2), 0);
        uw_set(form_add(ui, f, "title_en", N_("English title"), W_TEXT), sel_cell(a, 3), 0);
        break;
    case T_WAREHOUSES:
        open_rights(ui, a, R_WAREHOUSE, id, sel_cell(a, 0));
        return;
    case T_ROLES:
        open_rights(ui, a, R_ROLE, id, sel_cell(a, 0));
        return;
    case T_SETTINGS: {
        const fs_setting *st = &a->settings[id - 1];
        char val[32];
        if (!(f = form_new(a, FK_SETTING, id, st->label)))
            return;
        fs_setting_format(st->type, st->value, ui->s->digits, val, sizeof val);
        uw_set(form_add(ui, f, st->name, st->type == FS_SETTING_PERCENT ? N_("Percent") : N_("Days"), W_TEXT), val,
               0);
        fs_text_copy(f->note, sizeof f->note,
                     st->type == FS_SETTING_PERCENT
                         ? _("From 0 to 100, up to 2 decimals.  New documents use it; existing ones keep their own.")
                         : _("From 1 to 3650.  New proformas use it; existing ones keep their expiry."));
        ui_push(ui, &form_ops, f);
        return;
    }
    case T_CAMPAIGNS:
        ui_message(ui, ROLE_WARNING, "%s", _("A campaign keeps the name and dates it was added with; Space disables it."));
        return;
    case T_FIELDS:
        ui_message(ui, ROLE_WARNING, "%s", _("A custom field cannot be changed; disable it (Del) and add another."));
        return;
    case T_COUNT:
        return;
    }
    if (f->focus == 0)
        f->focus = 1;
    ui_push(ui, &form_ops, f);
}

/* ---- row actions -------------------------------------------------------- */

/* Shows a refusal of a row action on the message line and, in full (the
 * message line cuts long sentences), above the keys. */
static void refuse(struct ui *ui, struct admin *a, const fs_err *e)
{
    ui_message(ui, ROLE_ERROR, "%s", e->msg);
    fs_text_copy(a->refusal, sizeof a->refusal, e->msg);
}

/* Alt-↑/↓: moves the selected list item or stage by dir. */
static void move_row(struct ui *ui, struct admin *a, int dir)
{
    int64_t id = ut_sel_id(&a->t);
    fs_err e;
    int rc;
    if (!id)
        return;
    if (cur_tab(a) == T_LISTS) {
        int pos = a->t.sel + 1 + dir;
        if (pos < 1 || pos > a->t.n)
            return;
        rc = fs_list_move(ui->s, list_opts[a->list].key, id, pos, &e);
    } else if (cur_tab(a) == T_STAGES) {
        const fs_stage *st = sel_stage(a);
        if (!st || st->position + dir < 1 || st->position + dir > a->nstages)
            return;
        rc = fs_stage_move(ui->s, id, st->position + dir, &e);
    } else {
        ui_message(ui, ROLE_WARNING, "%s", _("These rows have no order to change."));
        return;
    }
    if (rc != FS_OK)
        refuse(ui, a, &e);
    admin_reload(ui, a, id);
}

/* Asks before disabling the selected custom field. */
static void disable_field(struct ui *ui, struct admin *a, int64_t id)
{
    if (!a->active[a->t.sel]) {
        ui_message(ui, ROLE_WARNING, "%s", _("This custom field is disabled; add a new one to ask for it again."));
        return;
    }
    char q[600];
    snprintf(q, sizeof q, _("Disable the custom field «%s»? Its stored values stay."), sel_cell(a, 2));
    if (!ui_confirm(ui, q))
        return;
    fs_err e;
    if (fs_custom_field_disable(ui->s, id, &e) != FS_OK)
        refuse(ui, a, &e);
    else
        ui_message(ui, ROLE_NORMAL, "%s", _("Custom field disabled."));
    admin_reload(ui, a, id);
}

/* Space: enables or disables the selected row. */
static void toggle_row(struct ui *ui, struct admin *a)
{
    int64_t id = ut_sel_id(&a->t);
    if (!id)
        return;
    bool on = !a->active[a->t.sel];
    fs_err e;
    int rc = FS_OK;
    switch (cur_tab(a)) {
    case T_LISTS: rc = fs_list_set_active(ui->s, list_opts[a->list].key, id, on, &e); break;
    case T_CAMPAIGNS: rc = fs_campaign_set_active(ui->s, id, on, &e); break;
    case T_WAREHOUSES: rc = fs_warehouse_set_active(ui->s, id, on, &e); break;
    case T_SUBTYPES:
        if (fs_subtype_set_default(ui->s, id, &e) != FS_OK)
            refuse(ui, a, &e);
        else
            ui_message(ui, ROLE_NORMAL, _("«%s» is now the default subtype of new opportunities."),
                       sel_cell(a, ui->rtl ? 2 : 3));
        admin_reload(ui, a, id);
        return;
    case T_STAGES: {
        const fs_stage *st = sel_stage(a);
        if (st && !on && st->opp_count > 0) {
            open_replace(ui, a, st, false);
            return;
        }
        rc = fs_stage_set_active(ui->s, id, on, 0, NULL, &e);
        break;
    }
    case T_FIELDS: disable_field(ui, a, id); return;
    case T_USERS: rc = fs_user_set_active(ui->s, id, on, &e); break;
    case T_ROLES:
    case T_SETTINGS:
        ui_message(ui, ROLE_WARNING, "%s", _("These rows cannot be disabled; Enter changes the selected one."));
        return;
    case T_COUNT: return;
    }
    if (rc != FS_OK)
        refuse(ui, a, &e);
    else
        ui_message(ui, ROLE_NORMAL, "%s", on ? _("Enabled.") : _("Disabled."));
    admin_reload(ui, a, id);
}

/* Del: deletes the selected list item or stage (asking first). */
static void delete_row(struct ui *ui, struct admin *a)
{
    int64_t id = ut_sel_id(&a->t);
    if (!id)
        return;
    fs_err e;
    int rc;
    char q[900];
    switch (cur_tab(a)) {
    case T_LISTS:
        snprintf(q, sizeof q, _("Delete the item «%s»?"), sel_cell(a, ui->rtl ? 2 : 3));
        if (!ui_confirm(ui, q))
            return;
        rc = fs_list_delete(ui->s, list_opts[a->list].key, id, &e);
        break;
    case T_STAGES: {
        const fs_stage *st = sel_stage(a);
        if (!st)
            return;
        if (st->opp_count > 0) {
            open_replace(ui, a, st, true);
            return;
        }
        snprintf(q, sizeof q, _("Delete the stage «%s»?"), ui->rtl ? st->title_fa : st->title_en);
        if (!ui_confirm(ui, q))
            return;
        rc = fs_stage_delete(ui->s, id, 0, NULL, &e);
        break;
    }
    case T_FIELDS: disable_field(ui, a, id); return;
    case T_CAMPAIGNS:
        ui_message(ui, ROLE_WARNING, "%s", _("Campaigns stay on the opportunities that have them; Space disables one."));
        return;
    case T_USERS:
        ui_message(ui, ROLE_WARNING, "%s", _("Users stay on the records they made; Space disables one."));
        return;
    case T_SUBTYPES:
        ui_message(ui, ROLE_WARNING, "%s", _("Subtypes stay on the opportunities that have them; Space makes another one the default."));
        return;
    case T_WAREHOUSES:
        ui_message(ui, ROLE_WARNING, "%s", _("A warehouse keeps its stock and its movements; Space disables it."));
        return;
    case T_ROLES:
    case T_SETTINGS:
        ui_message(ui, ROLE_WARNING, "%s", _("These rows cannot be deleted; Enter changes the selected one."));
        return;
    default:
        return;
    }
    if (rc != FS_OK)
        refuse(ui, a, &e);
    else
        ui_message(ui, ROLE_NORMAL, "%s", _("Deleted."));
    admin_reload(ui, a, 0);
}

/* ←/→: the next or previous list or subtype. */
static void pick(struct ui *ui, struct admin *a, int dir)
{
    if (cur_tab(a) == T_LISTS)
        a->list = (a->list + dir + NLISTS) % NLISTS;
    else if ((cur_tab(a) == T_STAGES || cur_tab(a) == T_FIELDS) && a->nsubs)
        a->sub = (a->sub + dir + a->nsubs) % a->nsubs;
    else
        return;
    ut_reload(ui, &a->t, admin_load, a);
}

/* ---- lists of rights: a user's own permissions, who may issue from a
 * warehouse, a role's permissions.  Space changes the selected row at once through the core (as
 * Space enables or disables a row on the tabs); F10 goes back. ---------- */

struct rights {
    enum rights_kind kind;
    struct admin *a;           /* the screen below, reloaded after a change */
    int64_t id;                /* R_PERMS: the user; R_WAREHOUSE: the warehouse; R_ROLE: the role */
    char name[300];            /* its login, name or title */
    struct ui_table t;
    bool *on;                  /* per row: holds the permission / may issue */
    int non, cap_on;
    char problem[300];
    char refusal[600];
};

static const struct ui_col rights_cols[3][5] = {
    [R_PERMS] = { { N_("Permission"), 0, FS_ALIGN_START }, { N_("Name"), 18, FS_ALIGN_START },
                  { N_("From the role"), 13, FS_ALIGN_START }, { N_("Own"), 10, FS_ALIGN_START },
                  { N_("Holds"), 7, FS_ALIGN_START } },
    [R_WAREHOUSE] = { { N_("Login"), 16, FS_ALIGN_START }, { N_("Name"), 0, FS_ALIGN_START },
                      { N_("Role"), 20, FS_ALIGN_START }, { N_("May issue"), 10, FS_ALIGN_START } },
    [R_ROLE] = { { N_("Permission"), 0, FS_ALIGN_START }, { N_("Name"), 18, FS_ALIGN_START },
                 { N_("Holds"), 7, FS_ALIGN_START } },
};
static const int rights_ncols[3] = { 5, 4, 3 };

/* Appends a row and whether it is on; non-zero when memory ran out. */
static int rights_push(struct rights *r, int64_t id, const char *const *v, bool on)
{
    if (r->non == r->cap_on) {
        int cap = r->cap_on ? r->cap_on * 2 : 32;
        bool *p = realloc(r->on, (size_t)cap * sizeof *p);
        if (!p)
            return 1;
        r->on = p;
        r->cap_on = cap;
    }
    if (!ut_add(&r->t, id, v))
        return 1;
    r->on[r->non++] = on;
    return 0;
}

struct wh_users {
    struct ui *ui;
    struct rights *r;
    const int64_t *ids;        /* the users who may issue, ascending */
    int n;
};

static int wh_user_row(void *ctx, const fs_user *u)
{
    struct wh_users *x = ctx;
    bool may = false;
    for (int i = 0; i < x->n && !may; i++)
        may = x->ids[i] == u->id;
    int i = opt_find(&role_set, u->role);
    const char *v[] = { u->login, u->name, i >= 0 ? opt_label(x->ui, &role_opts[i]) : u->role, yes_no(may) };
    return rights_push(x->r, u->id, v, may);
}

/* R_ROLE: the permissions of role want (bits in perms). */
struct role_perms {
    int64_t want;
    uint32_t perms;
    bool found;
};

static int role_perms_row(void *ctx, const fs_role *ro)
{
    struct role_perms *x = ctx;
    if (ro->id == x->want) {
        x->perms = ro->perms;
        x->found = true;
    }
    return 0;
}

/* The rows: every permission, or every active user (a ut_load_fn). */
static void rights_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct rights *r = ctx;
    fs_err e;
    fs_err_clear(&e);
    ut_clear(t);
    r->non = 0;
    r->problem[0] = '\0';
    t->more = false;
    int rc;
    if (r->kind == R_PERMS) {
        uint32_t role = 0, granted = 0, revoked = 0;
        rc = fs_user_perms(ui->s, r->id, &role, &granted, &revoked, &e);
        for (int p = 0; rc == FS_OK && p < FS_PERM_COUNT; p++) {
            uint32_t bit = 1u << p;
            bool holds = ((role | granted) & ~revoked & bit) != 0;
            const char *own = granted & bit ? _("granted") : revoked & bit ? _("revoked") : "";
            const char *v[] = { fs_perm_label((enum fs_perm)p), fs_perm_name((enum fs_perm)p), yes_no(role & bit),
                                own, yes_no(holds) };
            if (rights_push(r, p + 1, v, holds))
                break;
        }
    } else if (r->kind == R_ROLE) {
        struct role_perms x = { r->id, 0, false };
        rc = fs_role_list(ui->s, role_perms_row, &x, &e);
        for (int p = 0; rc == FS_OK && x.found && p < FS_PERM_COUNT; p++) {
            bool holds = (x.perms >> p) & 1u;
            const char *v[] = { fs_perm_label((enum fs_perm)p), fs_perm_name((enum fs_perm)p), yes_no(holds) };
            if (rights_push(r, p + 1, v, holds))
                break;
        }
    } else {
        struct wh_users x = { ui, r, NULL, 0 };
        int64_t *ids = NULL;
        rc = fs_warehouse_users(ui->s, r->id, &ids, &x.n, &e);
        x.ids = ids;
        if (rc == FS_OK)
            rc = fs_user_list(ui->s, false, wh_user_row, &x, &e);
        free(ids);
    }
    if (rc != FS_OK)
        fs_text_copy(r->problem, sizeof r->problem, e.msg);
}

/* Space: grants or revokes the selected permission, or gives or takes the
 * selected user's right to issue from the warehouse. */
static void rights_toggle(struct ui *ui, struct rights *r)
{
    int64_t id = ut_sel_id(&r->t);
    if (!id)
        return;
    bool on = r->on[r->t.sel];
    fs_err e;
    fs_err_clear(&e);
    char msg[900];
    int rc;
    if (r->kind == R_PERMS) {
        enum fs_perm p = (enum fs_perm)(id - 1);
        rc = fs_user_grant(ui->s, r->id, fs_perm_name(p), !on, &e);
        snprintf(msg, sizeof msg, on ? _("%s may no longer %s (from their next start).")
                                     : _("%s may now %s (from their next start)."),
                 r->name, fs_perm_label(p));
    } else if (r->kind == R_ROLE) {
        enum fs_perm p = (enum fs_perm)(id - 1);
        char role[24];
        snprintf(role, sizeof role, "%lld", (long long)r->id);
        rc = fs_role_grant(ui->s, role, fs_perm_name(p), !on, &e);
        snprintf(msg, sizeof msg, on ? _("Users with the role «%s» may no longer %s (from their next start).")
                                     : _("Users with the role «%s» may now %s (from their next start)."),
                 r->name, fs_perm_label(p));
    } else {
        rc = on ? fs_warehouse_revoke(ui->s, r->id, id, &e) : fs_warehouse_grant(ui->s, r->id, id, &e);
        snprintf(msg, sizeof msg, on ? _("%s may no longer issue remittances from «%s».")
                                     : _("%s may now issue remittances from «%s»."),
                 r->t.cells[r->t.sel * r->t.ncols], r->name);
    }
    if (rc != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        fs_text_copy(r->refusal, sizeof r->refusal, e.msg);
    } else {
        ui_message(ui, ROLE_NORMAL, "%s", msg);
    }
    ut_refresh(ui, &r->t, rights_load, r);
    if (r->kind != R_PERMS) /* the tab counts who may issue, or the role's permissions */
        admin_reload(ui, r->a, r->id);
}

static void rights_draw(struct ui *ui, void *vs)
{
    struct rights *r = vs;
    static const enum ui_action hints[] = { UI_TOGGLE, UI_HELP, UI_BACK };
    char title[900], line[600];
    if (r->kind == R_PERMS)
        snprintf(title, sizeof title, _("Permissions of %s"), r->name);
    else if (r->kind == R_ROLE)
        snprintf(title, sizeof title, _("Permissions of the role «%s»"), r->name);
    else
        snprintf(title, sizeof title, _("Who may issue remittances from «%s»"), r->name);
    ui_draw_frame(ui, title, hints, 3);
    draw_wrapped(ui, 2, r->kind == R_ROLE ? 2 : 1,
                 r->kind == R_PERMS  ? _("A permission is held when the role gives it or it is granted, and not revoked.")
                 : r->kind == R_ROLE ? _("Every user with this role holds these, besides their own grants and "
                                         "revocations; a change applies from their next start.")
                                     : _("Only users who may issue from a warehouse move its stock."),
                 ROLE_DIM);
    ut_draw(ui, &r->t, GRID_Y, 1, ui->cols - 2, rights_cols[r->kind], true);
    if (r->problem[0])
        ui_text(ui, GRID_Y + 2, 1, ui->cols - 2, r->problem, FS_ALIGN_START, ROLE_WARNING);
    if (r->refusal[0])
        draw_wrapped(ui, ui->rows - 4, 2, r->refusal, ROLE_ERROR);
    snprintf(line, sizeof line,
             r->kind != R_WAREHOUSE ? _("%s grant or revoke (saved at once)  %s back")
                                : _("%s give or take the right (saved at once)  %s back"),
             ui_key_hint(UI_TOGGLE), ui_key_hint(UI_BACK));
    ui_text(ui, ui->rows - 2, 1, ui->cols - 2, line, FS_ALIGN_START, ROLE_DIM);
}

static bool rights_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct rights *r = vs;
    r->refusal[0] = '\0';
    if (ui_is(k, UI_TOGGLE)) {
        rights_toggle(ui, r);
        return true;
    }
    return ut_nav_key(ui, &r->t, k, ut_visible(ui, GRID_Y), NULL, r);
}

static void rights_close(void *vs)
{
    struct rights *r = vs;
    ut_free(&r->t);
    free(r->on);
    free(r);
}

static const struct ui_view_ops rights_ops = {
    .name = "admin-rights", .draw = rights_draw, .key = rights_key, .close = rights_close, .min_cols = 80,
    .min_rows = 16,
};

/* Opens the permissions of user id (login name) or the users who may issue
 * from warehouse id (named name).  Both change rights, which needs
 * admin.users: without it the core's refusal is shown instead. */
static void open_rights(struct ui *ui, struct admin *a, enum rights_kind kind, int64_t id, const char *name)
{
    fs_err e;
    if (fs_require(ui->s, FS_PERM_ADMIN_USERS, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        fs_text_copy(a->refusal, sizeof a->refusal, e.msg);
        return;
    }
    struct rights *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->kind = kind;
    r->a = a;
    r->id = id;
    fs_text_copy(r->name, sizeof r->name, name);
    ut_init(&r->t, rights_ncols[kind]);
    ut_reload(ui, &r->t, rights_load, r);
    ui_push(ui, &rights_ops, r);
}

/* ---- the screen --------------------------------------------------------- */

/* A row of choices from x: tabs when they fit, else the current one
 * between arrows. */
static void draw_picker(struct ui *ui, int y, int x, const char *label, const char **names, int n, int cur)
{
    int lw = fs_text_width(label) + 1, room = ui->cols - x - lw - 2, need = 0;
    ui_text(ui, y, x, lw, label, FS_ALIGN_START, ROLE_LABEL);
    for (int i = 0; i < n; i++)
        need += fs_text_width(names[i]) + 3;
    if (need <= room) {
        ut_tabs(ui, y, x + lw, names, n, cur);
        return;
    }
    char one[900], num[48], pos[24], all[24];
    ui_int(ui, cur + 1, pos, sizeof pos);
    ui_int(ui, n, all, sizeof all);
    snprintf(num, sizeof num, "%s/%s", pos, all);
    snprintf(one, sizeof one, "◂ %s ▸  (%s)", names[cur], num);
    ui_text(ui, y, x + lw, room, one, FS_ALIGN_START, ROLE_FOCUS);
}

/* The keys of the current tab, on the line above the status bar. */
static void draw_keys(struct ui *ui, const struct admin *a)
{
    char line[600];
    const char *add = ui_key_hint(UI_ADD_ROW), *del = ui_key_hint(UI_DEL_ROW), *tog = ui_key_hint(UI_TOGGLE);
    switch (cur_tab(a)) {
    case T_LISTS:
    case T_STAGES:
        snprintf(line, sizeof line, _("%s add  Enter rename  %s/%s move  %s enable/disable  %s delete  ←/→ %s"), add,
                 ui_key_hint(UI_ROW_MOVE_UP), ui_key_hint(UI_ROW_MOVE_DOWN), tog, del,
                 cur_tab(a) == T_LISTS ? _("another list") : _("another subtype"));
        break;
    case T_FIELDS:
        snprintf(line, sizeof line, _("%s add  %s disable  ←/→ another subtype"), add, del);
        break;
    case T_USERS:
        snprintf(line, sizeof line, _("%s add  Enter change name or role  %s enable/disable  %s own permissions"), add,
                 tog, ui_key_hint(UI_PERMISSIONS));
        break;
    case T_SUBTYPES:
        snprintf(line, sizeof line, _("%s add  Enter rename  %s make default"), add, tog);
        break;
    case T_WAREHOUSES:
        snprintf(line, sizeof line, _("%s add  Enter who may issue from it  %s enable/disable"), add, tog);
        break;
    case T_ROLES:
        fs_text_copy(line, sizeof line, _("Enter the role's permissions (from the users' next start)"));
        break;
    case T_SETTINGS:
        fs_text_copy(line, sizeof line, _("Enter change the value (new documents use it)"));
        break;
    default:
        snprintf(line, sizeof line, _("%s add  %s enable/disable"), add, tog);
        break;
    }
    ui_text(ui, ui->rows - 2, 1, ui->cols - 2, line, FS_ALIGN_START, ROLE_DIM);
}

static void admin_draw(struct ui *ui, void *vs)
{
    struct admin *a = vs;
    /* On Users, Del does nothing: the permissions key takes its place. */
    enum ui_action hints[] = { UI_ADD_ROW, UI_OPEN, UI_TOGGLE, UI_DEL_ROW, UI_NEXT_SECTION, UI_HELP, UI_BACK };
    static const enum ui_action open_only[] = { UI_OPEN, UI_NEXT_SECTION, UI_HELP, UI_BACK };
    if (cur_tab(a) == T_USERS)
        hints[3] = UI_PERMISSIONS;
    /* Roles and Settings are fixed rows: Enter is their one action. */
    if (cur_tab(a) == T_ROLES || cur_tab(a) == T_SETTINGS)
        ui_draw_frame(ui, _("Admin"), open_only, 4);
    else
        ui_draw_frame(ui, _("Admin"), hints, 7);
    const char *names[T_COUNT];
    for (int i = 0; i < a->ntabs; i++)
        names[i] = tab_names[a->tabs[i]];
    ut_tabs(ui, 1, 1, names, a->ntabs, a->cur);
    enum tab t = cur_tab(a);
    if (t == T_LISTS) {
        const char *ln[NLISTS];
        for (int i = 0; i < NLISTS; i++)
            ln[i] = opt_label(ui, &list_opts[i]);
        draw_picker(ui, 2, 1, _("List:"), ln, NLISTS, a->list);
    } else if ((t == T_STAGES || t == T_FIELDS) && a->nsubs) {
        const char **sn = calloc((size_t)a->nsubs, sizeof *sn);
        for (int i = 0; sn && i < a->nsubs; i++)
            sn[i] = ui->rtl ? a->subs[i].title_fa : a->subs[i].title_en;
        if (sn)
            draw_picker(ui, 2, 1, _("Subtype:"), sn, a->nsubs, a->sub);
        free(sn);
    }
    ut_draw(ui, &a->t, GRID_Y, 1, ui->cols - 2, tab_cols[t], true);
    if (a->problem[0])
        ui_text(ui, GRID_Y + 2, 1, ui->cols - 2, a->problem, FS_ALIGN_START, ROLE_WARNING);
    else if (!a->t.n)
        ui_text(ui, GRID_Y + 2, 1, ui->cols - 2, _("Nothing here yet."), FS_ALIGN_CENTER, ROLE_DIM);
    else if (t == T_STAGES && GRID_Y + a->t.n + 3 < ui->rows - 4)
        draw_wrapped(ui, GRID_Y + a->t.n + 2, 2,
                     _("Every subtype keeps an active won stage and an active lost stage; a stage holding "
                       "opportunities is disabled or deleted by moving them to another stage."),
                     ROLE_DIM);
    else if (t == T_SETTINGS && GRID_Y + a->t.n + 3 < ui->rows - 4)
        draw_wrapped(ui, GRID_Y + a->t.n + 2, 2,
                     _("A new document takes the tax and duties of its kind (and a proforma its validity) when it "
                       "is created; existing documents keep their own."),
                     ROLE_DIM);
    if (a->refusal[0])
        draw_wrapped(ui, ui->rows - 4, 2, a->refusal, ROLE_ERROR);
    draw_keys(ui, a);
}

static bool admin_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct admin *a = vs;
    a->refusal[0] = '\0';
    if (ui_is(k, UI_NEXT_SECTION) || (k->ch == '\t' && !k->meta && !k->code))
        show_tab(ui, a, a->cur + 1);
    else if (k->code == KEY_BTAB)
        show_tab(ui, a, a->cur - 1);
    else if (!k->meta && (k->code == KEY_LEFT || k->code == KEY_RIGHT))
        /* Right goes towards the end of the row of choices, which is on
         * the left in the mirrored Persian screen. */
        pick(ui, a, (k->code == KEY_RIGHT) != ui->rtl ? 1 : -1);
    else if (ui_is(k, UI_ROW_MOVE_UP))
        move_row(ui, a, -1);
    else if (ui_is(k, UI_ROW_MOVE_DOWN))
        move_row(ui, a, 1);
    else if (ui_is(k, UI_ADD_ROW))
        open_add(ui, a);
    else if (ui_is(k, UI_OPEN))
        open_edit(ui, a);
    else if (ui_is(k, UI_TOGGLE))
        toggle_row(ui, a);
    else if (ui_is(k, UI_DEL_ROW))
        delete_row(ui, a);
    else if (ui_is(k, UI_PERMISSIONS) && cur_tab(a) == T_USERS && ut_sel_id(&a->t))
        open_rights(ui, a, R_PERMS, ut_sel_id(&a->t), sel_cell(a, 0));
    else
        return ut_nav_key(ui, &a->t, k, ut_visible(ui, GRID_Y), NULL, a);
    return true;
}

static void admin_close(void *vs)
{
    struct admin *a = vs;
    ut_free(&a->t);
    free(a->subs);
    free(a->stages);
    free(a->active);
    free(a);
}

static const struct ui_view_ops admin_ops = {
    .name = "admin", .draw = admin_draw, .key = admin_key, .close = admin_close, .min_cols = 80, .min_rows = 16,
};

bool ui_admin_allowed(const struct ui *ui)
{
    return fs_can(ui->s, FS_PERM_ADMIN_LISTS) || fs_can(ui->s, FS_PERM_ADMIN_MODEL) ||
           fs_can(ui->s, FS_PERM_ADMIN_USERS);
}

void ui_open_admin(struct ui *ui, void *arg)
{
    (void)arg;
    if (!ui_admin_allowed(ui)) {
        fs_err e;
        fs_require(ui->s, FS_PERM_ADMIN_LISTS, &e);
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    struct admin *a = calloc(1, sizeof *a);
    if (!a)
        return;
    for (int i = 0; i < T_COUNT; i++)
        if (fs_can(ui->s, tab_perm[i]))
            a->tabs[a->ntabs++] = (enum tab)i;
    ut_init(&a->t, tab_ncols[a->tabs[0]]);
    show_tab(ui, a, 0);
    ui_push(ui, &admin_ops, a);
}
