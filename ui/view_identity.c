/* view_identity.c — identities (SPEC §2): the list with its type-ahead
 * search line, the profile (details, the identity balance, the
 * Opportunities and Records tabs, the Items menu), the quick-create form,
 * and the receipt / payment / contract form of the Items menu.
 *
 * The profile is where paths 3, 4 and 5 of SPEC §5.1 start: the
 * Opportunities tab's "new", the Records tab's "new" and the Items menu's
 * "New opportunity" all open the opportunity form with "related to" filled
 * in and fixed.  Screens call src/core only.
 *
 * Two ways to make an identity: the identity form (every field; Ins on the
 * list, and F4 on the profile edits with it, checked against the version
 * it started from, its input kept as a draft on a hang-up) and the quick
 * form (name, kind, mobile, how acquainted): the fast path of F3's "New
 * identity" and of a "Related to" lookup with no match in the opportunity
 * and New document forms, which then get the new identity chosen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "balance.h"
#include "choices.h"
#include "document.h"
#include "draft.h"
#include "i18n.h"
#include "identity.h"
#include "lists.h"
#include "mini.h"
#include "opp_bulk.h"
#include "money.h"
#include "opp_list.h"
#include "records.h"
#include "ui.h"
#include "ui_table.h"
#include "ui_views.h"
#include "user.h"
#include "widgets.h"

#define PAGE 100
/* Records of one identity loaded for the newest-first merge. */
#define RECORDS_MAX 5000

/* "Person"/"Organization" (Persian words under the Persian UI, as the
 * core's document and balance labels are). */
static const char *kind_label(struct ui *ui, const char *kind)
{
    bool org = kind && !strcmp(kind, "org");
    if (ui->rtl)
        return org ? "حقوقی" : "حقیقی";
    return org ? _("Organization") : _("Person");
}

/* ---- choices ----------------------------------------------------------- */

/* True when the search key of word starts with key. */
static bool word_starts(const char *word, const char *key)
{
    char *wk = fs_text_search_key(word);
    bool yes = wk && !strncmp(wk, key, strlen(key));
    free(wk);
    return yes;
}

/* Person (id 1) and organization (id 2), narrowed by what is typed: the
 * start of either word in Persian or English. */
static int kind_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    (void)ctx;
    static const char *const kinds[] = { "person", "org" };
    static const char *const words[2][4] = {
        { "person", "حقیقی", N_("Person"), "شخص" },
        { "organization", "حقوقی", N_("Organization"), "سازمان" },
    };
    char *key = fs_text_search_key(text);
    int n = 0;
    for (int i = 0; i < 2 && n < max; i++) {
        bool match = !key || !*key;
        for (int j = 0; j < 4 && !match; j++)
            match = word_starts(words[i][j], key) || word_starts(_(words[i][j]), key);
        if (match) {
            out[n].id = i + 1;
            fs_text_copy(out[n].label, sizeof out[n].label, kind_label(ui, kinds[i]));
            out[n].hint[0] = '\0';
            n++;
        }
    }
    free(key);
    return n;
}

/* ---- the identity list ------------------------------------------------- */

enum { L_MARK, L_ID, L_NAME, L_KIND, L_PHONE, L_MOBILE, L_COLS };

/* The mark column's sign for a marked identity. */
#define MARK_SIGN "✓"

static const struct ui_col list_cols[L_COLS] = {
    { " ", 2, FS_ALIGN_START },          { N_("Id"), 8, FS_ALIGN_END },       { N_("Name"), 0, FS_ALIGN_START }, { N_("Kind"), 12, FS_ALIGN_START },
    { N_("Phone"), 14, FS_ALIGN_START }, { N_("Mobile"), 14, FS_ALIGN_START },
};

struct idlist {
    struct ui_widget search;
    char text[256];            /* the search the rows answer ("" = all by id) */
    struct ui_table t;
    bool more_matches;         /* the search found more than one page */
    char problem[300];         /* why the search found nothing */
    bool stale;                /* a screen opened from here may have changed rows */
    /* Marked identities (Space), in the order they were marked: "New
     * opportunity for marked" creates one opportunity for each. */
    int64_t *marks;
    int nmarks, cap_marks;
    bool in_rows;              /* moved into the rows since typing: Space marks */
};

struct row_ctx {
    struct ui *ui;
    struct idlist *l;
    struct ui_table *t;
    int n, max;
    bool more;
};

static int add_identity_row(void *ctx, const fs_identity_row *r)
{
    struct row_ctx *c = ctx;
    if (c->n == c->max) {
        c->more = true;
        return 1;
    }
    char id[32], phone[64], mobile[64];
    ui_int(c->ui, r->id, id, sizeof id);
    ut_local_digits(c->ui, r->phone, phone, sizeof phone);
    ut_local_digits(c->ui, r->mobile, mobile, sizeof mobile);
    bool marked = false;
    for (int i = 0; i < c->l->nmarks && !marked; i++)
        marked = c->l->marks[i] == r->id;
    const char *v[L_COLS] = { marked ? MARK_SIGN : "", id, r->name, kind_label(c->ui, r->kind), phone, mobile };
    c->n++;
    return !ut_add(c->t, r->id, v);
}

/* The page after t->after of every identity, or the ranked search
 * results (one page: type more to narrow them). */
static void idlist_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct idlist *l = ctx;
    fs_err e;
    ut_clear(t);
    l->problem[0] = '\0';
    l->more_matches = false;
    struct row_ctx c = { ui, l, t, 0, PAGE, false };
    int rc;
    if (l->text[0]) {
        rc = fs_identity_search(ui->s, l->text, PAGE, add_identity_row, &c, &l->more_matches, &e);
        t->more = false;
    } else {
        rc = fs_identity_list(ui->s, t->after, PAGE + 1, NULL, add_identity_row, &c, &e);
        t->more = c.more;
    }
    if (rc != FS_OK)
        fs_text_copy(l->problem, sizeof l->problem, e.msg);
}

static void idlist_draw(struct ui *ui, void *vs)
{
    struct idlist *l = vs;
    if (l->stale) {
        l->stale = false;
        ut_refresh(ui, &l->t, idlist_load, l);
    }
    /* "New opportunity for marked" shows once something is marked. */
    static const enum ui_action hints[] = { UI_OPEN, UI_MARK, UI_NEW_IDENTITY, UI_QUICK_NEW, UI_HELP, UI_BACK };
    static const enum ui_action marked_hints[] = { UI_OPEN, UI_MARK, UI_BULK_OPP, UI_NEW_IDENTITY, UI_QUICK_NEW,
                                                   UI_HELP, UI_BACK };
    char title[128];
    if (l->nmarks) {
        char count[32];
        ui_int(ui, l->nmarks, count, sizeof count);
        snprintf(title, sizeof title, P_("Identities (%s marked)", "Identities (%s marked)", l->nmarks), count);
    } else {
        fs_text_copy(title, sizeof title, _("Identities"));
    }
    if (l->nmarks)
        ui_draw_frame(ui, title, marked_hints, 7);
    else
        ui_draw_frame(ui, title, hints, 6);
    int w = ui->cols - 2;
    ut_draw(ui, &l->t, 2, 1, w, list_cols, true);
    char line[600];
    enum ui_role role = ROLE_DIM;
    if (l->problem[0])
        fs_text_copy(line, sizeof line, l->problem), role = ROLE_WARNING;
    else if (!l->t.n && l->text[0])
        snprintf(line, sizeof line, _("No identity matches. %s: new identity"), ui_key_hint(UI_NEW_IDENTITY));
    else if (!l->t.n)
        snprintf(line, sizeof line, _("No identities yet. %s: new identity"), ui_key_hint(UI_NEW_IDENTITY));
    else if (l->more_matches)
        snprintf(line, sizeof line, _("The first %d matches; type more to narrow them."), l->t.n);
    else
        fs_text_copy(line, sizeof line, _("Type part of a name, a phone number or a code."));
    ui_text(ui, ui->rows - 2, 1, w, line, FS_ALIGN_START, role);
    int fw = ui->cols - 14 < 40 ? ui->cols - 14 : 40;
    uw_draw(ui, &l->search, 1, 1, 10, fw, true);
}

static void open_identity_form(struct ui *ui, int64_t id, const char *text, bool *saved);

/* Shows row i's mark as the marks say. */
static void show_mark(struct idlist *l, int i)
{
    bool marked = false;
    for (int j = 0; j < l->nmarks && !marked; j++)
        marked = l->marks[j] == l->t.ids[i];
    char **cell = &l->t.cells[(size_t)i * L_COLS + L_MARK];
    char *v = strdup(marked ? MARK_SIGN : "");
    if (v) {
        free(*cell);
        *cell = v;
    }
}

/* Marks the selected identity, or unmarks it; the selection moves on. */
static void toggle_mark(struct ui *ui, struct idlist *l)
{
    int64_t id = ut_sel_id(&l->t);
    if (!id)
        return;
    int at = -1;
    for (int i = 0; i < l->nmarks && at < 0; i++)
        if (l->marks[i] == id)
            at = i;
    if (at >= 0) {
        memmove(&l->marks[at], &l->marks[at + 1], (size_t)(l->nmarks - at - 1) * sizeof *l->marks);
        l->nmarks--;
    } else if (l->nmarks >= FS_OPP_BULK_MAX) {
        char most[32];
        ui_int(ui, FS_OPP_BULK_MAX, most, sizeof most);
        ui_message(ui, ROLE_ERROR, _("At most %s identities can be marked at once."), most);
        return;
    } else {
        if (l->nmarks == l->cap_marks) {
            int cap = l->cap_marks ? l->cap_marks * 2 : 16;
            int64_t *g = realloc(l->marks, (size_t)cap * sizeof *g);
            if (!g)
                return;
            l->marks = g;
            l->cap_marks = cap;
        }
        l->marks[l->nmarks++] = id;
    }
    show_mark(l, l->t.sel);
    if (l->t.sel + 1 < l->t.n) {
        l->t.sel++;
        int vis = ut_visible(ui, 2);
        if (vis > 0 && l->t.sel >= l->t.top + vis)
            l->t.top = l->t.sel - vis + 1;
    }
}

/* After the opportunities were created: the marks are cleared. */
static void bulk_created(struct ui *ui, void *ctx)
{
    (void)ui;
    struct idlist *l = ctx;
    l->nmarks = 0;
    l->stale = true;
}

/* "New opportunity for marked": the opportunity form in bulk mode. */
static void new_for_marked(struct ui *ui, struct idlist *l)
{
    fs_err e;
    if (!l->nmarks) {
        ui_message(ui, ROLE_WARNING, _("Mark identities first (%s)."), ui_key_hint(UI_MARK));
        return;
    }
    if (fs_require(ui->s, FS_PERM_BULK_EDIT, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return;
    }
    ui_open_opp_bulk(ui, l->marks, l->nmarks, bulk_created, l);
}

static bool idlist_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct idlist *l = vs;
    /* Space marks while the search is empty or after moving into the
     * rows; otherwise it is typed (names have spaces).  C-t always marks. */
    if (ui_is(k, UI_MARK) && (k->ch != ' ' || k->meta || k->code || !l->text[0] || l->in_rows)) {
        toggle_mark(ui, l);
        return true;
    }
    if (ui_is(k, UI_BULK_OPP)) {
        new_for_marked(ui, l);
        return true;
    }
    if (ui_is(k, UI_NEW_IDENTITY)) {
        l->stale = true;
        open_identity_form(ui, 0, l->t.n ? "" : l->text, NULL);
        return true;
    }
    if (ui_is(k, UI_OPEN)) {
        int64_t id = ut_sel_id(&l->t);
        if (id) {
            l->stale = true;
            ui_open_identity(ui, id);
        }
        return true;
    }
    if (ut_nav_key(ui, &l->t, k, ut_visible(ui, 2), l->text[0] ? NULL : idlist_load, l)) {
        l->in_rows = true;
        return true;
    }
    if (k->ch == 27 && !k->meta && !k->code && l->text[0]) {
        uw_set(&l->search, "", 0);
        l->text[0] = '\0';
        ut_reload(ui, &l->t, idlist_load, l);
        return true;
    }
    if (!uw_key(ui, &l->search, k))
        return false;
    l->in_rows = false;
    if (strcmp(uw_text(&l->search), l->text) != 0) {
        fs_text_copy(l->text, sizeof l->text, uw_text(&l->search));
        ut_reload(ui, &l->t, idlist_load, l);
    }
    return true;
}

static void idlist_close(void *vs)
{
    struct idlist *l = vs;
    ut_free(&l->t);
    uw_free(&l->search);
    free(l->marks);
    free(l);
}

static const struct ui_view_ops idlist_ops = {
    .name = "identity-list", .draw = idlist_draw, .key = idlist_key, .close = idlist_close,
    .min_cols = 60, .min_rows = 10,
};

void ui_open_identity_list(struct ui *ui, void *arg)
{
    (void)arg;
    struct idlist *l = calloc(1, sizeof *l);
    if (!l)
        return;
    uw_init(ui, &l->search, "search", N_("Search"), W_TEXT);
    ut_init(&l->t, L_COLS);
    ut_reload(ui, &l->t, idlist_load, l);
    ui_push(ui, &idlist_ops, l);
}

/* ---- quick-create ------------------------------------------------------ */

enum { Q_NAME, Q_KIND, Q_MOBILE, Q_SOURCE, Q_COUNT };

struct quick {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[Q_COUNT];
    struct ui_choice_src source;
    char note[600];            /* why the save is asking */
    /* Opened from another form's "Related to" field: the field that gets
     * the new identity, and what to run then (instead of opening the
     * profile). */
    struct ui_widget *target;
    void (*done)(struct ui *ui, void *ctx);
    void *done_ctx;
};

static void quick_draw(struct ui *ui, void *vs)
{
    struct quick *q = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("New identity"), hints, 4);
    ui_text(ui, 8, 2, ui->cols - 4,
            q->target ? _("After saving, the new identity is chosen in the form you came from.")
                      : _("After saving, the identity's profile opens."),
            FS_ALIGN_START, ROLE_DIM);
    if (q->note[0])
        ui_text(ui, 10, 2, ui->cols - 4, q->note, FS_ALIGN_START, ROLE_WARNING);
    mini_draw(ui, &q->m, 3);
}

static int first_identity(void *ctx, const fs_identity_row *r)
{
    fs_identity_row *out = ctx;
    out->id = r->id;
    out->name = strdup(r->name ? r->name : "");
    return 1;
}

/* Names the identity that already has the typed mobile number. */
static void conflict_note(struct ui *ui, struct quick *q)
{
    fs_err e;
    fs_identity_row r = { 0, NULL, NULL, NULL, NULL, NULL, NULL };
    fs_identity_search(ui->s, uw_text(&q->w[Q_MOBILE]), 1, first_identity, &r, NULL, &e);
    char id[32];
    ui_int(ui, r.id, id, sizeof id);
    snprintf(q->note, sizeof q->note, _("This mobile number is already that of %s (%s)."), r.name ? r.name : "?", id);
    free((char *)r.name);
}

/* Saves the new identity and replaces this form with its profile (or
 * hands it to the form the quick-create was opened from). */
static void quick_save(struct ui *ui, void *form)
{
    struct quick *q = form;
    fs_err e;
    fs_err_clear(&e);
    struct ui_widget *w = q->w;
    if (w[Q_KIND].popup_open || w[Q_SOURCE].popup_open)
        uw_choose(w[Q_KIND].popup_open ? &w[Q_KIND] : &w[Q_SOURCE]);
    fs_identity in;
    memset(&in, 0, sizeof in);
    in.name = uw_text(&w[Q_NAME]);
    in.mobile = uw_text(&w[Q_MOBILE]);
    in.kind = w[Q_KIND].id == 2 ? "org" : w[Q_KIND].id == 1 ? "person" : fs_identity_kind(uw_text(&w[Q_KIND]));
    if (!in.kind) {
        fs_err_set(&e, FS_EINVAL, "kind", _("kind: choose person or organization."));
        mini_error(ui, &q->m, &e);
        return;
    }
    if (ui_choice_resolve(ui, &w[Q_SOURCE], &q->source, &in.source_id, &e) != FS_OK) {
        mini_error(ui, &q->m, &e);
        return;
    }
    int64_t id = 0;
    int rc = fs_identity_add(ui->s, &in, false, &id, &e);
    if (rc == FS_ECONFLICT && !strcmp(e.field, "mobile")) {
        /* The same number twice may be two people sharing a phone: the
         * user decides, seeing whose number it is. */
        conflict_note(ui, q);
        quick_draw(ui, q);
        bool yes = ui_confirm(ui, _("Save anyway?"));
        q->note[0] = '\0';
        if (!yes)
            return;
        rc = fs_identity_add(ui->s, &in, true, &id, &e);
    }
    if (rc != FS_OK) {
        mini_error(ui, &q->m, &e);
        return;
    }
    struct ui_widget *target = q->target;
    void (*done)(struct ui *, void *) = q->done;
    void *done_ctx = q->done_ctx;
    ui_pop(ui); /* frees q */
    if (target) {
        fs_identity idn;
        if (fs_identity_get(ui->s, id, &idn, &e) == FS_OK) {
            uw_set(target, idn.name, id);
            target->changed = true;
            fs_identity_free(&idn);
        }
        if (done)
            done(ui, done_ctx);
    } else {
        ui_open_identity(ui, id);
    }
    ui_message(ui, ROLE_NORMAL, "%s", _("Identity saved."));
}

static const struct ui_view_ops quick_ops = {
    .name = "identity-new", .draw = quick_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 50, .min_rows = 12,
};

/* True when text is a phone number rather than a name. */
static bool looks_like_number(const char *text)
{
    char *latin = fs_text_latin_digits(text);
    bool number = latin && *latin && latin[strspn(latin, "0123456789 +-()")] == '\0';
    free(latin);
    return number;
}

/* Opens the quick-create form; text (a search that found nothing) fills
 * the mobile when it is a number, else the name. */
static struct quick *open_quick_create(struct ui *ui, const char *text)
{
    struct quick *q = calloc(1, sizeof *q);
    if (!q)
        return NULL;
    uw_init(ui, &q->w[Q_NAME], "name", N_("Name"), W_TEXT);
    uw_init(ui, &q->w[Q_KIND], "kind", N_("Kind"), W_CHOICE);
    q->w[Q_KIND].choices = kind_choices;
    uw_init(ui, &q->w[Q_MOBILE], "mobile", N_("Mobile"), W_NUMBER);
    uw_init(ui, &q->w[Q_SOURCE], "source", N_("How acquainted"), W_CHOICE);
    q->source.what = "source";
    ui_choice_bind(&q->w[Q_SOURCE], &q->source);
    uw_set(&q->w[Q_KIND], kind_label(ui, "person"), 1);
    q->m = (struct mini){ q->w, Q_COUNT, Q_NAME, 16, 50, quick_save };
    if (text && *text) {
        bool number = looks_like_number(text);
        uw_set(&q->w[number ? Q_MOBILE : Q_NAME], text, 0);
        q->w[number ? Q_MOBILE : Q_NAME].changed = true;
        if (number)
            q->m.focus = Q_NAME;
    }
    ui_push(ui, &quick_ops, q);
    return q;
}

/* The F3 menu's "New identity": the quick-create form, the fast path. */
void ui_open_identity_new(struct ui *ui, void *arg)
{
    (void)arg;
    open_quick_create(ui, NULL);
}

/* True when the typed text of an identity field matches no identity. */
static bool lookup_no_match(struct ui *ui, struct ui_widget *w)
{
    if (!*uw_text(w) || w->id)
        return false;
    if (w->popup_open)
        return w->npopup == 0;
    struct ui_choice one[1];
    return !w->choices || w->choices(ui, w->ctx, uw_text(w), one, 1) == 0;
}

bool ui_identity_lookup_key(struct ui *ui, struct ui_widget *w, const struct ui_key *k,
                            void (*done)(struct ui *ui, void *ctx), void *ctx)
{
    if (!w || w->kind != W_CHOICE)
        return false;
    if (!ui_is(k, UI_NEW_IDENTITY) && !(ui_is(k, UI_OPEN) && lookup_no_match(ui, w)))
        return false;
    w->popup_open = false;
    struct quick *q = open_quick_create(ui, w->id ? "" : uw_text(w));
    if (q) {
        q->target = w;
        q->done = done;
        q->done_ctx = ctx;
    }
    return true;
}

void ui_identity_lookup_hint(struct ui *ui, struct ui_widget *w)
{
    if (w && w->kind == W_CHOICE && w->popup_open && lookup_no_match(ui, w))
        ui_message(ui, ROLE_WARNING, _("No identity matches \"%s\". %s or %s: new identity"), uw_text(w),
                   ui_key_hint(UI_OPEN), ui_key_hint(UI_NEW_IDENTITY));
}

/* ---- the identity form (every field, new or edit) ---------------------- */

enum {
    F_KIND, F_NAME, F_PHONE, F_MOBILE, F_EMAIL, F_ADDRESS, F_NATIONAL, F_ECONOMIC, F_SOURCE, F_OWNER, F_NOTES,
    F_COUNT
};

#define DRAFT_FORM "identity"

struct idform {
    struct mini m;             /* first: the form's view functions use it */
    struct ui_widget w[F_COUNT];
    struct ui_choice_src source, owner;
    int64_t id;                /* 0: a new identity */
    int64_t version;           /* the version the edit started from */
    bool *saved;               /* the screen under the form reloads */
    bool restored;             /* holds a kept draft: unsaved even untouched */
    char note[600];            /* the core's sentence the save is asking about */
};

/* Draws text from row y over at most max rows of width w, broken between
 * words. */
static void text_wrapped(struct ui *ui, int y, int x, int w, const char *text, enum ui_role role, int max)
{
    char line[1024] = "";
    const char *p = text;
    while (*p && max > 0) {
        while (*p == ' ')
            p++;
        size_t wl = strcspn(p, " ");
        char cand[1024];
        snprintf(cand, sizeof cand, "%s%s%.*s", line, line[0] ? " " : "", (int)wl, p);
        if (line[0] && (fs_text_width(cand) > w || max == 0)) {
            ui_text(ui, y++, x, w, line, FS_ALIGN_START, role);
            max--;
            line[0] = '\0';
            continue;
        }
        fs_text_copy(line, sizeof line, cand);
        p += wl;
    }
    if (line[0] && max > 0)
        ui_text(ui, y, x, w, line, FS_ALIGN_START, role);
}

static void idform_draw(struct ui *ui, void *vs)
{
    struct idform *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_HELP, UI_BACK };
    char title[300];
    if (f->id) {
        char id[32];
        ui_int(ui, f->id, id, sizeof id);
        snprintf(title, sizeof title, _("Edit identity %s"), id);
    } else {
        fs_text_copy(title, sizeof title, _("New identity"));
    }
    ui_draw_frame(ui, title, hints, 4);
    int y = 3 + F_COUNT + 1;
    ui_text(ui, y, 2, ui->cols - 4,
            f->id ? _("F2 saves the changes; someone else's save in between is refused, keeping yours here.")
                  : _("An empty owner is you.  After saving, the identity's profile opens."),
            FS_ALIGN_START, ROLE_DIM);
    if (f->note[0])
        text_wrapped(ui, y + 1, 2, ui->cols - 4, f->note, ROLE_WARNING, 3);
    mini_draw(ui, &f->m, 3);
}

/* The name of user id ("" when unknown). */
struct user_pick {
    int64_t id;
    char name[128];
};

static int find_user(void *ctx, const fs_user *u)
{
    struct user_pick *p = ctx;
    if (u->id != p->id)
        return 0;
    fs_text_copy(p->name, sizeof p->name, u->name && *u->name ? u->name : u->login);
    return 1;
}

static void user_name(struct ui *ui, int64_t id, char *out, size_t n)
{
    struct user_pick p = { id, "" };
    fs_err e;
    if (id)
        fs_user_list(ui->s, true, find_user, &p, &e);
    fs_text_copy(out, n, p.name);
}

/* ---- the draft: what was typed, kept across a hang-up ---- */

/* Appends text with \\, tab and line breaks escaped. */
static void put_escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++)
        if (*p == '\\')
            fputs("\\\\", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p == '\n')
            fputs("\\n", out);
        else
            fputc(*p, out);
}

/* "version\tV\n" then "field\tid\tchanged\ttext\n" a widget. */
static char *draft_encode(const struct idform *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out)
        return NULL;
    fprintf(out, "version\t%lld\n", (long long)f->version);
    for (int i = 0; i < F_COUNT; i++) {
        fprintf(out, "%s\t%lld\t%d\t", f->w[i].name, (long long)f->w[i].id, f->w[i].changed ? 1 : 0);
        put_escaped(out, uw_text(&f->w[i]));
        fputc('\n', out);
    }
    fclose(out);
    return buf;
}

/* Restores the widgets (and the version) from a draft. */
static void draft_decode(struct idform *f, const char *payload)
{
    char *copy = strdup(payload);
    char *save = NULL;
    for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab++ = '\0';
        if (!strcmp(line, "version")) {
            f->version = strtoll(tab, NULL, 10);
            continue;
        }
        long long id = strtoll(tab, &tab, 10);
        int changed = *tab == '\t' ? (int)strtol(tab + 1, &tab, 10) : 0;
        if (*tab != '\t')
            continue;
        char *text = ++tab, *o = text;
        for (char *p = text; *p; p++) {
            if (*p == '\\' && p[1]) {
                p++;
                *o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
            } else {
                *o++ = *p;
            }
        }
        *o = '\0';
        for (int i = 0; i < F_COUNT; i++)
            if (!strcmp(f->w[i].name, line)) {
                uw_set(&f->w[i], text, id);
                f->w[i].changed = changed != 0;
            }
    }
    free(copy);
}

static bool idform_dirty(void *vs)
{
    struct idform *f = vs;
    return f->restored || mini_dirty(&f->m);
}

static void idform_save_draft(struct ui *ui, void *vs)
{
    struct idform *f = vs;
    fs_err e;
    char *payload = draft_encode(f);
    if (payload)
        fs_draft_save(ui->s, DRAFT_FORM, f->id, payload, &e);
    free(payload);
}

static void idform_discard(struct ui *ui, void *vs)
{
    struct idform *f = vs;
    fs_err e;
    fs_draft_delete(ui->s, DRAFT_FORM, f->id, &e);
}

/* Saves through the core: new → its profile opens; edit → back to the
 * profile, reloaded.  A phone or mobile that is someone else's asks
 * first; an edit someone saved in between is refused and what was typed
 * stays. */
static void idform_save(struct ui *ui, void *form)
{
    struct idform *f = form;
    struct ui_widget *w = f->w;
    fs_err e;
    fs_err_clear(&e);
    for (int i = 0; i < F_COUNT; i++)
        if (w[i].popup_open)
            uw_choose(&w[i]);
    f->note[0] = '\0';
    fs_identity in;
    memset(&in, 0, sizeof in);
    in.id = f->id;
    in.version = f->version;
    in.kind = w[F_KIND].id == 2 ? "org" : w[F_KIND].id == 1 ? "person" : fs_identity_kind(uw_text(&w[F_KIND]));
    in.name = uw_text(&w[F_NAME]);
    in.phone = uw_text(&w[F_PHONE]);
    in.mobile = uw_text(&w[F_MOBILE]);
    in.email = uw_text(&w[F_EMAIL]);
    in.address = uw_text(&w[F_ADDRESS]);
    in.national_id = uw_text(&w[F_NATIONAL]);
    in.economic_code = uw_text(&w[F_ECONOMIC]);
    in.notes = uw_text(&w[F_NOTES]);
    int rc = FS_OK;
    if (!in.kind)
        rc = fs_err_set(&e, FS_EINVAL, "kind", _("kind: choose person or organization."));
    if (rc == FS_OK)
        rc = ui_choice_resolve(ui, &w[F_SOURCE], &f->source, &in.source_id, &e);
    if (rc == FS_OK)
        rc = ui_choice_resolve(ui, &w[F_OWNER], &f->owner, &in.owner_id, &e);
    int64_t id = f->id;
    if (rc == FS_OK)
        rc = f->id ? fs_identity_edit(ui->s, &in, false, &e) : fs_identity_add(ui->s, &in, false, &id, &e);
    if (rc == FS_ECONFLICT && (!strcmp(e.field, "phone") || !strcmp(e.field, "mobile"))) {
        /* Two people may share a number: the user decides, reading the
         * core's sentence that names whose number it is. */
        fs_text_copy(f->note, sizeof f->note, e.msg);
        idform_draw(ui, f);
        bool yes = ui_confirm(ui, _("Save anyway?"));
        f->note[0] = '\0';
        if (!yes) {
            mini_error(ui, &f->m, &e);
            return;
        }
        rc = f->id ? fs_identity_edit(ui->s, &in, true, &e) : fs_identity_add(ui->s, &in, true, &id, &e);
    }
    if (rc != FS_OK) {
        /* A stale edit names who saved in between; the input stays. */
        if (rc == FS_ECONFLICT && !strcmp(e.field, "version"))
            fs_text_copy(f->note, sizeof f->note, e.msg);
        mini_error(ui, &f->m, &e);
        return;
    }
    fs_draft_delete(ui->s, DRAFT_FORM, f->id, &e);
    bool created = !f->id;
    if (f->saved)
        *f->saved = true;
    ui_pop(ui); /* frees f */
    if (created)
        ui_open_identity(ui, id);
    ui_message(ui, ROLE_NORMAL, "%s", _("Identity saved."));
}

static const struct ui_view_ops idform_ops = {
    .name = "identity-form", .draw = idform_draw, .key = mini_view_key, .dirty = idform_dirty,
    .save_draft = idform_save_draft, .discard = idform_discard, .close = mini_view_close,
    .min_cols = 60, .min_rows = 21,
};

/* Opens the identity form: id 0 for a new identity (text, a search that
 * found nothing, fills the mobile when it is a number, else the name), or
 * the identity to edit, filled in.  A draft kept from an earlier session
 * is offered back first. */
static void open_identity_form(struct ui *ui, int64_t id, const char *text, bool *saved)
{
    struct idform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[F_KIND], "kind", N_("Kind"), W_CHOICE);
    w[F_KIND].choices = kind_choices;
    uw_init(ui, &w[F_NAME], "name", N_("Name"), W_TEXT);
    uw_init(ui, &w[F_PHONE], "phone", N_("Phone"), W_NUMBER);
    uw_init(ui, &w[F_MOBILE], "mobile", N_("Mobile"), W_NUMBER);
    uw_init(ui, &w[F_EMAIL], "email", N_("Email"), W_NUMBER); /* an address reads left to right */
    uw_init(ui, &w[F_ADDRESS], "address", N_("Address"), W_TEXT);
    uw_init(ui, &w[F_NATIONAL], "national_id", N_("National id"), W_NUMBER);
    uw_init(ui, &w[F_ECONOMIC], "economic_code", N_("Economic code"), W_NUMBER);
    uw_init(ui, &w[F_SOURCE], "source", N_("How acquainted"), W_CHOICE);
    f->source.what = "source";
    ui_choice_bind(&w[F_SOURCE], &f->source);
    uw_init(ui, &w[F_OWNER], "owner", N_("Owner"), W_CHOICE);
    f->owner.what = "assigned";
    ui_choice_bind(&w[F_OWNER], &f->owner);
    uw_init(ui, &w[F_NOTES], "notes", N_("Notes"), W_TEXT);
    f->m = (struct mini){ w, F_COUNT, F_NAME, 16, 60, idform_save };
    f->id = id;
    f->saved = saved;
    char owner[128];
    if (id) {
        fs_identity d;
        fs_err e;
        if (fs_identity_get(ui->s, id, &d, &e) != FS_OK) {
            ui_message(ui, ROLE_ERROR, "%s", e.msg);
            mini_view_close(f);
            return;
        }
        f->version = d.version;
        uw_set(&w[F_KIND], kind_label(ui, d.kind), d.kind && !strcmp(d.kind, "org") ? 2 : 1);
        uw_set(&w[F_NAME], d.name ? d.name : "", 0);
        /* Numbers in the digits of the interface, as the profile shows them. */
        const char *nums[] = { d.phone, d.mobile, d.national_id, d.economic_code };
        const int at[] = { F_PHONE, F_MOBILE, F_NATIONAL, F_ECONOMIC };
        for (int i = 0; i < 4; i++) {
            char buf[128];
            ut_local_digits(ui, nums[i] ? nums[i] : "", buf, sizeof buf);
            uw_set(&w[at[i]], buf, 0);
        }
        uw_set(&w[F_EMAIL], d.email ? d.email : "", 0);
        uw_set(&w[F_ADDRESS], d.address ? d.address : "", 0);
        uw_set(&w[F_SOURCE], d.source_id && d.source_label ? d.source_label : "", d.source_id);
        user_name(ui, d.owner_id, owner, sizeof owner);
        uw_set(&w[F_OWNER], owner, d.owner_id);
        uw_set(&w[F_NOTES], d.notes ? d.notes : "", 0);
        fs_identity_free(&d);
    } else {
        uw_set(&w[F_KIND], kind_label(ui, "person"), 1);
        user_name(ui, ui->s->user_id, owner, sizeof owner);
        uw_set(&w[F_OWNER], owner, ui->s->user_id);
        if (text && *text) {
            int at = looks_like_number(text) ? F_MOBILE : F_NAME;
            uw_set(&w[at], text, 0);
            w[at].changed = true;
        }
    }
    /* Input kept from a session that was cut off. */
    char *payload = NULL, saved_at[21] = "";
    fs_err e;
    if (fs_draft_load(ui->s, DRAFT_FORM, id, &payload, saved_at, &e) == FS_OK && payload) {
        char q[300], when[32], day[11];
        fs_text_copy(day, sizeof day, saved_at);
        ui_date(ui, day, when, sizeof when);
        snprintf(q, sizeof q, _("Input you did not save on %s was kept for this form. Restore it?"), when);
        if (ui_confirm(ui, q)) {
            draft_decode(f, payload);
            f->restored = true;
        } else {
            fs_draft_delete(ui->s, DRAFT_FORM, id, &e);
        }
        free(payload);
    }
    ui_push(ui, &idform_ops, f);
    if (f->restored)
        ui_message(ui, ROLE_WARNING, "%s", _("This is unsaved input kept from an earlier session; F2 saves it."));
}

/* ---- receipt / payment / contract from the Items menu ------------------ */

enum { M_AMOUNT, M_DATE, M_OPP, M_DESC, M_COUNT };

struct moneyform {
    struct mini m;             /* first: the form's view functions use it */
    enum fs_money_item_kind kind;
    int64_t identity_id;
    struct ui_widget w[M_COUNT];
    bool *saved;               /* the profile's "reload" flag */
};

static void money_draw(struct ui *ui, void *vs)
{
    struct moneyform *f = vs;
    static const char *const titles[] = { N_("New receipt"), N_("New payment"), N_("New financial contract") };
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_PICK_DATE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _(titles[f->kind]), hints, 5);
    mini_draw(ui, &f->m, 3);
}

static void money_save(struct ui *ui, void *form)
{
    struct moneyform *f = form;
    fs_err e;
    fs_err_clear(&e);
    struct ui_widget *w = f->w;
    if (w[M_OPP].popup_open)
        uw_choose(&w[M_OPP]);
    struct fs_money_item_new in;
    memset(&in, 0, sizeof in);
    in.kind = f->kind;
    in.identity_id = f->identity_id;
    in.description = uw_text(&w[M_DESC]);
    char iso[11] = "";
    fs_day d;
    int rc = fs_money_parse(uw_text(&w[M_AMOUNT]), "amount", &in.amount, &e);
    if (rc == FS_OK && *uw_text(&w[M_DATE]) &&
        (rc = fs_date_parse(uw_text(&w[M_DATE]), ui->s->today, ui->s->calendar, "date", &d, &e)) == FS_OK) {
        fs_day_to_iso(d, iso);
        in.date = iso;
    }
    if (rc == FS_OK && *uw_text(&w[M_OPP]) && !w[M_OPP].id)
        rc = fs_err_set(&e, FS_EINVAL, "opp", _("opportunity: choose one of this identity's opportunities."));
    in.opp_id = w[M_OPP].id;
    int64_t id;
    if (rc == FS_OK)
        rc = fs_money_item_add(ui->s, &in, &id, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    *f->saved = true;
    char amt[64];
    ui_money_unit(ui, in.amount, amt, sizeof amt);
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, _("Saved, %s."), amt);
}

static const struct ui_view_ops money_ops = {
    .name = "money-item-new", .draw = money_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 50, .min_rows = 12,
};

static void open_money_form(struct ui *ui, int64_t identity_id, enum fs_money_item_kind kind, bool *saved)
{
    struct moneyform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->kind = kind;
    f->identity_id = identity_id;
    f->saved = saved;
    uw_init(ui, &f->w[M_AMOUNT], "amount", N_("Amount (Rial)"), W_AMOUNT);
    uw_init(ui, &f->w[M_DATE], "date", N_("Date"), W_DATE);
    uw_init(ui, &f->w[M_OPP], "opp", N_("Opportunity"), W_CHOICE);
    f->w[M_OPP].choices = mini_opp_choices;
    f->w[M_OPP].ctx = &f->identity_id;
    uw_init(ui, &f->w[M_DESC], "description", N_("Description"), W_TEXT);
    char today[32];
    fs_date_format(ui->s->today, ui->s->calendar, ui->s->digits, today, sizeof today);
    uw_set(&f->w[M_DATE], today, 0);
    f->m = (struct mini){ f->w, M_COUNT, M_AMOUNT, 16, 50, money_save };
    ui_push(ui, &money_ops, f);
}

void ui_open_money_item_new(struct ui *ui, int64_t identity_id, int kind, int64_t opp_id, const char *opp_label,
                            bool *saved)
{
    open_money_form(ui, identity_id, (enum fs_money_item_kind)kind, saved);
    if (!opp_id || ui->depth == 0 || ui->stack[ui->depth - 1].ops != &money_ops)
        return;
    struct moneyform *f = ui->stack[ui->depth - 1].state;
    uw_set(&f->w[M_OPP], opp_label ? opp_label : "", opp_id); /* linked to the opportunity it came from */
}

/* ---- note and follow-up from the Items menu ----------------------------- */

enum { N_TEXT, N_COUNT };

struct noteform {
    struct mini m;             /* first: the form's view functions use it */
    int64_t identity_id;
    struct ui_widget w[N_COUNT];
    bool *saved;
};

static void note_draw(struct ui *ui, void *vs)
{
    struct noteform *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("New note"), hints, 3);
    mini_draw(ui, &f->m, 3);
}

static void note_save(struct ui *ui, void *form)
{
    struct noteform *f = form;
    fs_err e;
    int64_t id;
    if (fs_note_add(ui->s, "identity", f->identity_id, uw_text(&f->w[N_TEXT]), &id, &e) != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    *f->saved = true;
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, "%s", _("Note saved."));
}

static const struct ui_view_ops note_ops = {
    .name = "note-new", .draw = note_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 50, .min_rows = 8,
};

static void open_note_form(struct ui *ui, int64_t identity_id, bool *saved)
{
    struct noteform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->identity_id = identity_id;
    f->saved = saved;
    uw_init(ui, &f->w[N_TEXT], "text", N_("Note"), W_TEXT);
    f->m = (struct mini){ f->w, N_COUNT, N_TEXT, 16, 70, note_save };
    ui_push(ui, &note_ops, f);
}

enum { U_DUE, U_DUE_TO, U_REMIND, U_TEXT, U_USER, U_COUNT };

struct followform {
    struct mini m;             /* first: the form's view functions use it */
    int64_t identity_id;
    struct ui_widget w[U_COUNT];
    struct ui_choice_src user;
    bool *saved;
};

static void follow_draw(struct ui *ui, void *vs)
{
    struct followform *f = vs;
    static const enum ui_action hints[] = { UI_SAVE, UI_NEXT_FIELD, UI_PICK_DATE, UI_HELP, UI_BACK };
    ui_draw_frame(ui, _("New follow-up"), hints, 5);
    ui_text(ui, 3 + U_COUNT + 1, 2, ui->cols - 4,
            _("An empty end is the due date itself; remind at is a date and a time like 1405/09/10 14:30."),
            FS_ALIGN_START, ROLE_DIM);
    mini_draw(ui, &f->m, 3);
}

/* A date field as ISO ("" when empty). */
static int iso_date(struct ui *ui, struct ui_widget *w, char iso[11], fs_err *e)
{
    iso[0] = '\0';
    if (!*uw_text(w))
        return FS_OK;
    fs_day d;
    int rc = fs_date_parse(uw_text(w), ui->s->today, ui->s->calendar, w->name, &d, e);
    if (rc == FS_OK)
        fs_day_to_iso(d, iso);
    return rc;
}

static void follow_save(struct ui *ui, void *form)
{
    struct followform *f = form;
    struct ui_widget *w = f->w;
    fs_err e;
    fs_err_clear(&e);
    if (w[U_USER].popup_open)
        uw_choose(&w[U_USER]);
    struct fs_followup_new in;
    memset(&in, 0, sizeof in);
    char from[11], to[11], remind[17] = "";
    in.item_kind = "identity";
    in.item_id = f->identity_id;
    in.due_from = from;
    in.due_to = to;
    in.remind_at = remind;
    in.description = uw_text(&w[U_TEXT]);
    int rc = iso_date(ui, &w[U_DUE], from, &e);
    if (rc == FS_OK)
        rc = iso_date(ui, &w[U_DUE_TO], to, &e);
    if (rc == FS_OK && *uw_text(&w[U_REMIND]))
        rc = fs_remind_parse(ui->s, uw_text(&w[U_REMIND]), "remind", remind, &e);
    if (rc == FS_OK)
        rc = ui_choice_resolve(ui, &w[U_USER], &f->user, &in.user_id, &e);
    int64_t id;
    if (rc == FS_OK)
        rc = fs_followup_add(ui->s, &in, &id, &e);
    if (rc != FS_OK) {
        mini_error(ui, &f->m, &e);
        return;
    }
    *f->saved = true;
    ui_pop(ui);
    ui_message(ui, ROLE_NORMAL, "%s", _("Follow-up saved."));
}

static const struct ui_view_ops follow_ops = {
    .name = "followup-new", .draw = follow_draw, .key = mini_view_key, .dirty = mini_view_dirty,
    .close = mini_view_close,
    .min_cols = 50, .min_rows = 12,
};

static void open_follow_form(struct ui *ui, int64_t identity_id, bool *saved)
{
    struct followform *f = calloc(1, sizeof *f);
    if (!f)
        return;
    f->identity_id = identity_id;
    f->saved = saved;
    struct ui_widget *w = f->w;
    uw_init(ui, &w[U_DUE], "due", N_("Due"), W_DATE);
    uw_init(ui, &w[U_DUE_TO], "due_to", N_("Due until"), W_DATE);
    uw_init(ui, &w[U_REMIND], "remind", N_("Remind at"), W_NUMBER);
    uw_init(ui, &w[U_TEXT], "text", N_("To do"), W_TEXT);
    uw_init(ui, &w[U_USER], "user", N_("Assigned to"), W_CHOICE);
    f->user.what = "assigned";
    ui_choice_bind(&w[U_USER], &f->user);
    char today[32], me[128];
    fs_date_format(ui->s->today, ui->s->calendar, ui->s->digits, today, sizeof today);
    uw_set(&w[U_DUE], today, 0);
    user_name(ui, ui->s->user_id, me, sizeof me);
    uw_set(&w[U_USER], me, ui->s->user_id);
    f->m = (struct mini){ w, U_COUNT, U_DUE, 16, 50, follow_save };
    ui_push(ui, &follow_ops, f);
}

/* ---- the profile ------------------------------------------------------- */

enum tab { TAB_OPPS, TAB_RECORDS, TAB_COUNT };

static const char *const tab_names[TAB_COUNT] = { N_("Opportunities"), N_("Records") };

enum { O_NUMBER, O_TITLE, O_FINAL, O_REALIZED, O_STAGE, O_COLS };

/* Expected amounts show as their sum only, leaving the title room; narrow
 * screens drop the stage. */
static const struct ui_col opp_cols[O_COLS] = {
    { N_("Number"), 15, FS_ALIGN_START },     { N_("Title"), 0, FS_ALIGN_START },
    { N_("Final amount"), 15, FS_ALIGN_END }, { N_("Realized"), 15, FS_ALIGN_END },
    { N_("Stage"), 16, FS_ALIGN_START },
};

enum { R_DATE, R_ITEM, R_NUMBER, R_AMOUNT, R_STATUS, R_DESC, R_COLS };

static const struct ui_col rec_cols[R_COLS] = {
    { N_("Date"), 10, FS_ALIGN_START },   { N_("Item"), 16, FS_ALIGN_START },
    { N_("Number"), 15, FS_ALIGN_START }, { N_("Amount"), 15, FS_ALIGN_END },
    { N_("Status"), 16, FS_ALIGN_START }, { N_("Description"), 0, FS_ALIGN_START },
};

struct profile {
    int64_t id;
    fs_identity idn;
    bool have;
    char balance[300];
    enum ui_role balance_role;
    enum tab tab;
    struct ui_table opps, recs;
    int64_t count, sum_final, sum_expected, sum_realized;
    bool recs_capped;
    bool stale;                /* something opened from here may have changed it */
};

/* The page of the identity's opportunities after t->after. */
static void opps_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct profile *p = ctx;
    fs_err e;
    ut_clear(t);
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.identity_id = p->id;
    f.after = t->after;
    f.limit = PAGE;
    f.totals = false;
    fs_opp_page pg;
    if (fs_opp_list(ui->s, &f, &pg, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        t->more = false;
        return;
    }
    for (int i = 0; i < pg.n; i++) {
        fs_opp_row *r = &pg.rows[i];
        int64_t realized = 0;
        if (fs_balance_realized(ui->s, r->id, &realized, &e) != FS_OK)
            realized = 0;
        char num[64], fin[64], rea[64];
        ut_local_digits(ui, r->number, num, sizeof num);
        ui_money(ui, r->final_amount, fin, sizeof fin);
        ui_money(ui, realized, rea, sizeof rea);
        const char *v[O_COLS] = { num, r->title, fin, rea, r->stage };
        if (!ut_add(t, r->id, v))
            break;
    }
    t->more = pg.more;
    fs_opp_page_free(&pg);
}

/* The count, Σ final and Σ expected of all the identity's opportunities
 * (from the core's totals), and Σ realized over all of them, not only the
 * page shown. */
static void opps_sums(struct ui *ui, struct profile *p)
{
    fs_err e;
    fs_opp_filter f;
    fs_opp_filter_init(&f);
    f.identity_id = p->id;
    f.limit = 1000;
    f.totals = true;
    p->count = p->sum_final = p->sum_expected = p->sum_realized = 0;
    for (;;) {
        fs_opp_page pg;
        if (fs_opp_list(ui->s, &f, &pg, &e) != FS_OK)
            return;
        if (f.totals) {
            p->count = pg.count;
            p->sum_final = pg.sum_final;
            p->sum_expected = pg.sum_expected;
        }
        for (int i = 0; i < pg.n; i++) {
            int64_t r;
            if (fs_balance_realized(ui->s, pg.rows[i].id, &r, &e) == FS_OK)
                fs_money_add(p->sum_realized, r, &p->sum_realized);
        }
        bool more = pg.more;
        f.after = pg.next_after;
        f.totals = false;
        fs_opp_page_free(&pg);
        if (!more)
            return;
    }
}

/* One record (document or financial item) before the newest-first sort. */
struct rec {
    int64_t key;               /* document id, or negative: money item, note, follow-up */
    int cls;                   /* on one day: 0 money items, 1 documents, 2 notes and follow-ups */
    int64_t seq;               /* the row's own id, the latest first */
    char date[11];
    const char *item, *status;
    char *number, *desc;
    int64_t amount;
    bool no_amount;            /* notes and follow-ups */
};

/* Keys of notes and follow-ups in the Records grid, apart from money items
 * (−id) and documents (id). */
#define NOTE_KEY(id) (-((int64_t)1 << 40) - (id))
#define FOLLOWUP_KEY(id) (-((int64_t)2 << 40) - (id))

struct rec_list {
    struct rec *v;
    int n, cap;
    bool capped;
};

static struct rec *rec_push(struct rec_list *l)
{
    if (l->n >= RECORDS_MAX) {
        l->capped = true;
        return NULL;
    }
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        struct rec *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    struct rec *r = &l->v[l->n++];
    memset(r, 0, sizeof *r);
    return r;
}

struct rec_ctx {
    struct ui *ui;
    struct rec_list *l;
    int64_t last;
};

static int collect_doc(void *ctx, const fs_doc_row *d)
{
    struct rec_ctx *c = ctx;
    c->last = d->id;
    struct rec *r = rec_push(c->l);
    if (!r)
        return 1;
    r->key = d->id;
    r->cls = 1;
    r->seq = d->id;
    fs_text_copy(r->date, sizeof r->date, d->issue_date);
    r->item = fs_doc_kind_label(d->kind, c->ui->rtl);
    r->status = fs_doc_status_label(d->status, c->ui->rtl);
    r->number = strdup(d->number && *d->number ? d->number : "—");
    r->amount = d->final;
    return 0;
}

static int collect_money(void *ctx, const fs_money_item *m)
{
    struct rec_ctx *c = ctx;
    c->last = m->id;
    struct rec *r = rec_push(c->l);
    if (!r)
        return 1;
    r->key = -m->id;
    r->seq = m->id;
    fs_text_copy(r->date, sizeof r->date, m->date);
    r->item = fs_money_item_kind_label(m->kind, c->ui->rtl);
    r->status = "";
    r->number = strdup(m->doc_number && *m->doc_number ? m->doc_number : "");
    r->desc = strdup(m->description ? m->description : "");
    r->amount = m->amount;
    return 0;
}

/* Newest first: by date; on one day financial items (which usually settle
 * the day's documents) before documents, each kind latest first. */
static int rec_cmp(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    int c = strcmp(y->date, x->date);
    if (c)
        return c;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

/* Every document and financial item of the identity, newest first. */
static void recs_load(struct ui *ui, void *ctx, struct ui_table *t)
{
    struct profile *p = ctx;
    fs_err e;
    ut_clear(t);
    struct rec_list l = { NULL, 0, 0, false };
    struct rec_ctx c = { ui, &l, 0 };
    struct fs_doc_filter df = { -1, -1, p->id, 0, 0, PAGE };
    for (;;) { /* page by page: a full page may have a next one */
        int before = l.n;
        if (fs_doc_list(ui->s, &df, collect_doc, &c, &e) != FS_OK || l.n - before < PAGE)
            break;
        df.after = c.last;
    }
    struct fs_money_item_filter mf = { -1, p->id, 0, 0, PAGE };
    c.last = 0;
    for (;;) {
        int before = l.n;
        if (fs_money_item_list(ui->s, &mf, collect_money, &c, &e) != FS_OK || l.n - before < PAGE)
            break;
        mf.after = c.last;
    }
    /* The notes and follow-ups of the identity and of its opportunities. */
    fs_record *nr = NULL;
    int nn = 0;
    if (fs_records_list(ui->s, "identity", p->id, 0, &nr, &nn, &e) == FS_OK)
        for (int i = 0; i < nn; i++) {
            if (nr[i].kind != FS_RECORD_NOTE && nr[i].kind != FS_RECORD_FOLLOWUP)
                continue;
            struct rec *r = rec_push(&l);
            if (!r)
                break;
            bool note = nr[i].kind == FS_RECORD_NOTE;
            r->key = note ? NOTE_KEY(nr[i].id) : FOLLOWUP_KEY(nr[i].id);
            r->cls = 2;
            r->seq = nr[i].id;
            fs_text_copy(r->date, sizeof r->date, nr[i].date);
            r->item = note ? _("Note") : _("Follow-up");
            r->status = note ? "" : !strcmp(nr[i].subkind, "done") ? _("done") : _("open");
            r->number = strdup("");
            r->desc = strdup(nr[i].text ? nr[i].text : "");
            r->no_amount = true;
        }
    fs_records_list_free(nr, nn);
    if (l.n)
        qsort(l.v, (size_t)l.n, sizeof *l.v, rec_cmp);
    for (int i = 0; i < l.n; i++) {
        struct rec *r = &l.v[i];
        char date[32], amt[64], num[64];
        ui_date(ui, r->date, date, sizeof date);
        if (r->no_amount)
            amt[0] = '\0';
        else
            ui_money(ui, r->amount, amt, sizeof amt);
        ut_local_digits(ui, r->number, num, sizeof num);
        const char *v[R_COLS] = { date, r->item, num, amt, r->status, r->desc };
        ut_add(t, r->key, v);
        free(r->number);
        free(r->desc);
    }
    free(l.v);
    p->recs_capped = l.capped;
    t->more = false;
}

/* Reads the identity, its balance and both tabs again. */
static bool profile_load(struct ui *ui, struct profile *p)
{
    fs_err e;
    fs_identity idn;
    if (fs_identity_get(ui->s, p->id, &idn, &e) != FS_OK) {
        ui_message(ui, ROLE_ERROR, "%s", e.msg);
        return false;
    }
    if (p->have)
        fs_identity_free(&p->idn);
    p->idn = idn;
    p->have = true;
    fs_balance b;
    p->balance_role = ROLE_NORMAL;
    if (fs_balance_identity(ui->s, p->id, &b, &e) != FS_OK) {
        /* Without balance.view the core says which permission is missing. */
        fs_text_copy(p->balance, sizeof p->balance, e.msg);
        p->balance_role = ROLE_DIM;
    } else if (b.status == FS_BALANCE_NONE) {
        fs_text_copy(p->balance, sizeof p->balance, _("none"));
        p->balance_role = ROLE_DIM;
    } else {
        char amt[64];
        ui_money(ui, b.amount < 0 ? -b.amount : b.amount, amt, sizeof amt);
        snprintf(p->balance, sizeof p->balance, "%s %s", amt, fs_balance_status_label(b.status, ui->rtl));
    }
    ut_refresh(ui, &p->opps, opps_load, p);
    opps_sums(ui, p);
    ut_refresh(ui, &p->recs, recs_load, p);
    return true;
}

static void draw_details(struct ui *ui, struct profile *p)
{
    const fs_identity *d = &p->idn;
    int lw = 14, col = (ui->cols - 2) / 2, vw = col - lw - 2, full = ui->cols - lw - 4;
    int x2 = 1 + col;
    char a[128], b[128], created[32], date[11];
    ut_kv(ui, 2, 1, lw, full, _("Name"), d->name, ROLE_NORMAL);
    ut_kv(ui, 3, 1, lw, vw, _("Kind"), kind_label(ui, d->kind), ROLE_NORMAL);
    ut_kv(ui, 3, x2, lw, vw, _("Owner"), d->owner_login, ROLE_NORMAL);
    ut_local_digits(ui, d->phone, a, sizeof a);
    ut_local_digits(ui, d->mobile, b, sizeof b);
    ut_kv(ui, 4, 1, lw, vw, _("Phone"), a, ROLE_NORMAL);
    ut_kv(ui, 4, x2, lw, vw, _("Mobile"), b, ROLE_NORMAL);
    ut_local_digits(ui, d->national_id, a, sizeof a);
    ut_local_digits(ui, d->economic_code, b, sizeof b);
    ut_kv(ui, 5, 1, lw, vw, _("Email"), d->email, ROLE_NORMAL);
    ut_kv(ui, 5, x2, lw, vw, _("National id"), a, ROLE_NORMAL);
    ut_kv(ui, 6, 1, lw, vw, _("How acquainted"), d->source_label, ROLE_NORMAL);
    ut_kv(ui, 6, x2, lw, vw, _("Economic code"), b, ROLE_NORMAL);
    ut_kv(ui, 7, 1, lw, full, _("Address"), d->address, ROLE_NORMAL);
    ut_kv(ui, 8, 1, lw, full, _("Notes"), d->notes, ROLE_NORMAL);
    ut_kv(ui, 9, 1, lw, vw, _("Balance"), p->balance, p->balance_role);
    fs_text_copy(date, sizeof date, d->created_at);
    ui_date(ui, date, created, sizeof created);
    ut_kv(ui, 9, x2, lw, vw, _("Created"), created, ROLE_DIM);
    /* Its tags (SPEC §8); the tags key edits them. */
    char tags[1024], none[128];
    ui_tags_text(ui, "identity", p->id, tags, sizeof tags);
    snprintf(none, sizeof none, _("none (%s: tags)"), ui_key_hint(UI_TAGS));
    ut_kv(ui, 10, 1, lw, full, _("Tags"), tags[0] ? tags : none, tags[0] ? ROLE_NORMAL : ROLE_DIM);
}

static void profile_draw(struct ui *ui, void *vs)
{
    struct profile *p = vs;
    if (p->stale) {
        p->stale = false;
        profile_load(ui, p);
    }
    char title[300];
    snprintf(title, sizeof title, "%s: %s", _("Identity"), p->idn.name ? p->idn.name : "");
    static const enum ui_action hints[] = { UI_OPEN, UI_EDIT, UI_NEW_OPP, UI_ITEMS, UI_NEXT_SECTION, UI_HELP, UI_BACK };
    ui_draw_frame(ui, title, hints, 7);
    draw_details(ui, p);
    char cnt[32], line[512];
    int64_t nshown = p->tab == TAB_OPPS ? p->count : p->recs.n;
    ui_int(ui, nshown, cnt, sizeof cnt);
    snprintf(line, sizeof line, p->tab == TAB_OPPS ? P_("%s opportunity", "%s opportunities", nshown) : p->recs_capped
             ? _("the newest of the first %s records") : P_("%s record", "%s records", nshown), cnt);
    ui_text(ui, 11, 1, ui->cols - 2, line, FS_ALIGN_END, ROLE_DIM);
    ut_tabs(ui, 11, 1, tab_names, TAB_COUNT, (int)p->tab);
    int w = ui->cols - 2;
    if (p->tab == TAB_OPPS) {
        ut_draw(ui, &p->opps, 12, 1, w, opp_cols, true);
        if (!p->opps.n)
            ui_text(ui, 14, 1, w, _("No opportunity yet."), FS_ALIGN_CENTER, ROLE_DIM);
        /* The sums of all the identity's opportunities, not just this page. */
        char fin[64], exp[64], rea[64];
        ui_money(ui, p->sum_final, fin, sizeof fin);
        ui_money(ui, p->sum_expected, exp, sizeof exp);
        ui_money(ui, p->sum_realized, rea, sizeof rea);
        snprintf(line, sizeof line, _("Σ final %s   Σ expected %s   Σ realized %s"), fin, exp, rea);
        ut_totals(ui, line, FS_ALIGN_START);
    } else {
        ut_draw(ui, &p->recs, 12, 1, w, rec_cols, true);
        if (!p->recs.n)
            ui_text(ui, 14, 1, w, _("No records yet."), FS_ALIGN_CENTER, ROLE_DIM);
    }
}

/* The Items menu's entries, each related to the profile's identity. */
static void item_new_opp(struct ui *ui, void *arg)
{
    struct profile *p = arg;
    p->stale = true;
    ui_open_opp_form(ui, 0, NULL, p->id); /* path 5 */
}

static void item_new_money(struct ui *ui, struct profile *p, enum fs_money_item_kind kind)
{
    open_money_form(ui, p->id, kind, &p->stale);
}

static void item_new_receipt(struct ui *ui, void *arg) { item_new_money(ui, arg, FS_MONEY_RECEIPT); }
static void item_new_payment(struct ui *ui, void *arg) { item_new_money(ui, arg, FS_MONEY_PAYMENT); }
static void item_new_contract(struct ui *ui, void *arg) { item_new_money(ui, arg, FS_MONEY_CONTRACT); }

/* A new empty document of kind for the identity (fixed in the form). */
static void item_new_doc(struct ui *ui, struct profile *p, enum fs_doc_kind kind)
{
    ui_open_doc_new(ui, p->id, (int)kind, &p->stale);
}

static void item_new_note(struct ui *ui, void *arg)
{
    struct profile *p = arg;
    open_note_form(ui, p->id, &p->stale);
}

static void item_new_followup(struct ui *ui, void *arg)
{
    struct profile *p = arg;
    open_follow_form(ui, p->id, &p->stale);
}

static void item_new_proforma(struct ui *ui, void *arg) { item_new_doc(ui, arg, FS_DOC_PROFORMA); }
static void item_new_invoice(struct ui *ui, void *arg) { item_new_doc(ui, arg, FS_DOC_INVOICE); }
static void item_new_return(struct ui *ui, void *arg) { item_new_doc(ui, arg, FS_DOC_RETURN); }

static bool profile_key(struct ui *ui, void *vs, const struct ui_key *k)
{
    struct profile *p = vs;
    struct ui_table *t = p->tab == TAB_OPPS ? &p->opps : &p->recs;
    if (ui_is(k, UI_NEXT_SECTION)) {
        p->tab = (p->tab + 1) % TAB_COUNT;
        return true;
    }
    if (ui_is(k, UI_TAGS)) {
        ui_open_tags(ui, "identity", p->id, p->idn.name ? p->idn.name : "", NULL);
        return true;
    }
    if (ui_is(k, UI_EDIT)) {
        open_identity_form(ui, p->id, NULL, &p->stale);
        return true;
    }
    if (ui_is(k, UI_NEW_OPP)) {
        p->stale = true;
        ui_open_opp_form(ui, 0, NULL, p->id); /* path 3 (Opportunities tab) or 4 (Records tab) */
        return true;
    }
    if (ui_is(k, UI_ITEMS)) {
        const struct ui_menu_item items[] = {
            { N_("New opportunity"), item_new_opp, p },
            { N_("New receipt"), item_new_receipt, p },
            { N_("New payment"), item_new_payment, p },
            { N_("New financial contract"), item_new_contract, p },
            { N_("New proforma"), item_new_proforma, p },
            { N_("New invoice"), item_new_invoice, p },
            { N_("New sales return"), item_new_return, p },
            { N_("New note"), item_new_note, p },
            { N_("New follow-up"), item_new_followup, p },
        };
        char title[300];
        snprintf(title, sizeof title, _("New item for %s"), p->idn.name ? p->idn.name : "");
        ui_open_menu(ui, title, items, (int)(sizeof items / sizeof *items), false);
        return true;
    }
    if (ui_is(k, UI_OPEN)) {
        int64_t id = ut_sel_id(t);
        if (p->tab == TAB_OPPS && id) {
            p->stale = true;
            ui_open_opp_form(ui, id, NULL, 0);
        } else if (p->tab == TAB_RECORDS && id > 0) {
            p->stale = true;
            ui_open_doc(ui, id);
        }
        return true;
    }
    return ut_nav_key(ui, t, k, ut_visible(ui, 12), p->tab == TAB_OPPS ? opps_load : NULL, p);
}

static void profile_close(void *vs)
{
    struct profile *p = vs;
    if (p->have)
        fs_identity_free(&p->idn);
    ut_free(&p->opps);
    ut_free(&p->recs);
    free(p);
}

static const struct ui_view_ops profile_ops = {
    .name = "identity", .draw = profile_draw, .key = profile_key, .close = profile_close,
    .min_cols = 80, .min_rows = 20,
};

void ui_open_identity(struct ui *ui, int64_t id)
{
    struct profile *p = calloc(1, sizeof *p);
    if (!p)
        return;
    p->id = id;
    ut_init(&p->opps, O_COLS);
    ut_init(&p->recs, R_COLS);
    if (!profile_load(ui, p)) {
        profile_close(p);
        return;
    }
    ui_push(ui, &profile_ops, p);
}
