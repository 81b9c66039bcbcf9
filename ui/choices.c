/* choices.c — the type-ahead sources of every screen's choice fields. */
#include "choices.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "i18n.h"
#include "identity.h"
#include "lists.h"
#include "lookup.h"
#include "product.h"
#include "stock.h"
#include "subtype.h"
#include "text.h"
#include "user.h"

struct collect {
    struct ui_choice *out;
    int max, n;
    const char *key;             /* search key of the typed text */
    bool fa;
};

bool ui_key_match(const char *label, const char *key)
{
    if (!*key)
        return true;
    char *lk = fs_text_search_key(label);
    bool yes = false;
    if (lk) {
        size_t n = strlen(key);
        for (const char *p = lk; *p; p++)
            if ((p == lk || p[-1] == ' ') && strncmp(p, key, n) == 0) {
                yes = true;
                break;
            }
    }
    free(lk);
    return yes;
}

static void push_choice(struct collect *c, int64_t id, const char *label, const char *hint)
{
    if (c->n >= c->max || !ui_key_match(label, c->key))
        return;
    c->out[c->n].id = id;
    fs_text_copy(c->out[c->n].label, sizeof c->out[c->n].label, label);
    fs_text_copy(c->out[c->n].hint, sizeof c->out[c->n].hint, hint ? hint : "");
    c->n++;
}

static int collect_list_item(void *ctx, const fs_list_item *it)
{
    struct collect *c = ctx;
    if (it->active)
        push_choice(c, it->id, c->fa ? it->label_fa : it->label_en, NULL);
    return c->n >= c->max;
}

static int collect_identity(void *ctx, const fs_identity_row *r)
{
    struct collect *c = ctx;
    if (c->n < c->max) {
        c->out[c->n].id = r->id;
        fs_text_copy(c->out[c->n].label, sizeof c->out[c->n].label, r->name);
        fs_text_copy(c->out[c->n].hint, sizeof c->out[c->n].hint, r->mobile && *r->mobile ? r->mobile : r->phone ? r->phone : "");
        c->n++;
    }
    return c->n >= c->max;
}

static int collect_user(void *ctx, const fs_user *u)
{
    struct collect *c = ctx;
    push_choice(c, u->id, u->name, u->login);
    return c->n >= c->max;
}

static int collect_campaign(void *ctx, const fs_campaign *cp)
{
    struct collect *c = ctx;
    push_choice(c, cp->id, cp->name, NULL);
    return c->n >= c->max;
}

static int collect_product(void *ctx, const fs_product *p)
{
    struct collect *c = ctx;
    if (c->n < c->max) {
        c->out[c->n].id = p->id;
        fs_text_copy(c->out[c->n].label, sizeof c->out[c->n].label, p->name);
        fs_text_copy(c->out[c->n].hint, sizeof c->out[c->n].hint, p->code);
        c->n++;
    }
    return c->n >= c->max;
}

static int collect_group(void *ctx, const fs_group *g)
{
    struct collect *c = ctx;
    push_choice(c, g->id, g->name, NULL);
    return c->n >= c->max;
}

int ui_choices(struct ui *ui, void *vctx, const char *text, struct ui_choice *out, int max)
{
    const struct ui_choice_src *cc = vctx;
    fs_err e;
    char *key = fs_text_search_key(text);
    struct collect c = { out, max, 0, key ? key : "", ui->rtl };
    const char *w = cc->what;
    bool more;
    if (!strcmp(w, "contact")) {
        fs_identity_search(ui->s, text, max, collect_identity, &c, &more, &e);
    } else if (!strcmp(w, "competitor")) {
        fs_identity_search(ui->s, text, max, collect_identity, &c, &more, &e);
    } else if (!strcmp(w, "type") || !strcmp(w, "source") || !strcmp(w, "purchase_process") ||
               !strcmp(w, "win_reason") || !strcmp(w, "loss_reason") || !strcmp(w, "unit")) {
        fs_list_show(ui->s, w, collect_list_item, &c, &e);
    } else if (!strcmp(w, "reason")) {
        fs_list_show(ui->s, cc->stage_kind && *cc->stage_kind == FS_STAGE_LOST ? "loss_reason" : "win_reason",
                     collect_list_item, &c, &e);
    } else if (!strcmp(w, "assigned")) {
        fs_user_list(ui->s, false, collect_user, &c, &e);
    } else if (!strcmp(w, "campaign")) {
        fs_campaign_list(ui->s, false, collect_campaign, &c, &e);
    } else if (!strcmp(w, "subtype") || !strcmp(w, "stage")) {
        fs_subtype *subs = NULL;
        fs_stage *stages = NULL;
        int n = 0;
        if (!strcmp(w, "subtype") && fs_subtype_list(ui->s, &subs, &n, &e) == FS_OK) {
            for (int i = 0; i < n; i++)
                if (subs[i].active)
                    push_choice(&c, subs[i].id, ui->rtl ? subs[i].title_fa : subs[i].title_en, NULL);
            free(subs);
        } else if (!strcmp(w, "stage") && cc->subtype_id && fs_stage_list(ui->s, *cc->subtype_id, &stages, &n, &e) == FS_OK) {
            for (int i = 0; i < n; i++)
                if (stages[i].active && !stages[i].deleted)
                    push_choice(&c, stages[i].id, ui->rtl ? stages[i].title_fa : stages[i].title_en, NULL);
            free(stages);
        }
    } else if (!strcmp(w, "group")) {
        fs_group_list(ui->s, collect_group, &c, &e);
    } else if (!strcmp(w, "product") || !strcmp(w, "code")) {
        fs_product_filter pf;
        memset(&pf, 0, sizeof pf);
        pf.group_id = cc->group_id ? *cc->group_id : 0;
        pf.pickable = true;
        if (!strcmp(w, "code"))
            fs_product_search_code(ui->s, text, &pf, max, collect_product, &c, &e);
        else
            fs_product_search(ui->s, text, &pf, max, collect_product, &c, &e);
    }
    free(key);
    return c.n;
}

void ui_choice_bind(struct ui_widget *w, struct ui_choice_src *src)
{
    w->choices = ui_choices;
    w->ctx = src;
}

/* Resolves a choice widget to an id: the chosen item, or the typed text
 * looked up by name; "" is none. */
int ui_choice_resolve(struct ui *ui, struct ui_widget *w, const struct ui_choice_src *src, int64_t *id,
                      fs_err *e)
{
    const char *list = NULL;
    static const char *const lists[] = { "type", "source", "purchase_process", "win_reason", "loss_reason", "unit" };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
        if (!strcmp(src->what, lists[i]))
            list = lists[i];
    const char *t = uw_text(w);
    if (!*t) {
        *id = 0;
        return FS_OK;
    }
    if (w->id) {
        *id = w->id;
        return FS_OK;
    }
    if (list)
        return fs_lookup_list_item(ui->s, list, t, w->name, id, e);
    if (!strcmp(src->what, "contact"))
        return fs_lookup_identity(ui->s, t, w->name, id, e);
    if (!strcmp(src->what, "assigned"))
        return fs_lookup_user(ui->s, t, w->name, id, e);
    if (!strcmp(src->what, "campaign"))
        return fs_lookup_campaign(ui->s, t, w->name, id, e);
    if (!strcmp(src->what, "subtype"))
        return fs_lookup_subtype(ui->s, t, w->name, id, e);
    if (!strcmp(src->what, "group"))
        return fs_lookup_group(ui->s, t, w->name, id, e);
    if (!strcmp(src->what, "product") || !strcmp(src->what, "code"))
        return fs_lookup_product(ui->s, t, w->name, id, e);
    if (!strcmp(src->what, "stage") && src->subtype_id)
        return fs_lookup_stage(ui->s, *src->subtype_id, t, w->name, id, e);
    return fs_err_set(e, FS_EINVAL, w->name, _("%s: choose one of the list."), w->name);
}


/* ---- warehouses ------------------------------------------------------------ */

const char ui_warehouse_issuing[] = "issuing";

struct wh_collect {
    struct ui_choice *out;
    int max, n;
    const char *key;
    bool issuing;
};

static int collect_warehouse(void *ctx, const fs_warehouse *w)
{
    struct wh_collect *c = ctx;
    if (!w->active || (c->issuing && !w->can_issue))
        return 0;
    char *wk = fs_text_search_key(w->name);
    bool match = !*c->key || (wk && strstr(wk, c->key));
    free(wk);
    if (match) {
        c->out[c->n].id = w->id;
        fs_text_copy(c->out[c->n].label, sizeof c->out[c->n].label, w->name);
        c->out[c->n].hint[0] = '\0';
        c->n++;
    }
    return c->n >= c->max;
}

int ui_warehouse_choices(struct ui *ui, void *ctx, const char *text, struct ui_choice *out, int max)
{
    char *key = fs_text_search_key(text);
    struct wh_collect c = { out, max, 0, key ? key : "", ctx == (void *)ui_warehouse_issuing };
    fs_err e;
    fs_warehouse_list(ui->s, collect_warehouse, &c, &e);
    free(key);
    return c.n;
}
