/* cmd_filter.c — `forsat filter list|show|rename|delete`: the acting
 * user's saved filters of the opportunity list.  They are made with
 * `forsat opp list … --save NAME` (or in the filter form) and applied with
 * `forsat opp list --filter NAME`; the rules live in
 * src/core/saved_filter.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "saved_filter.h"

/* One field of a saved filter as shown: its key (args and JSON), a label,
 * the id of a referenced item (0 for values) and the shown value. */
struct field {
    const char *key, *label;
    int64_t id;
    char value[512];
};

#define MAX_FIELDS 24

static void add_field(struct field *out, int *n, const char *key, const char *label, int64_t id, const char *value)
{
    if (*n >= MAX_FIELDS)
        return;
    out[*n].key = key;
    out[*n].label = label;
    out[*n].id = id;
    fs_text_copy(out[*n].value, sizeof out[*n].value, value);
    (*n)++;
}

/* The set fields of f, in the order of `opp list`'s options, with names
 * for the ids and dates and amounts in the session's formats. */
static int describe(struct cli *c, const fs_opp_filter *f, struct field *out)
{
    const struct {
        const char *key, *label;
        int64_t id;
    } ids[] = {
        { "subtype", N_("subtype"), f->subtype_id },     { "stage", N_("stage"), f->stage_id },
        { "type", N_("type"), f->type_id },              { "source", N_("source"), f->source_id },
        { "campaign", N_("campaign"), f->campaign_id },  { "assigned", N_("assigned to"), f->assigned_id },
        { "contact", N_("contact"), f->identity_id },    { "product", N_("product"), f->product_id },
        { "group", N_("product group"), f->group_id },   { "win_reason", N_("win reason"), f->win_reason_id },
        { "loss_reason", N_("loss reason"), f->loss_reason_id },
    };
    int n = 0;
    char buf[512];
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        if (!ids[i].id)
            continue;
        fs_err e;
        if (fs_lookup_label(&c->s, ids[i].key, ids[i].id, buf, sizeof buf, &e) != FS_OK)
            snprintf(buf, sizeof buf, "?");
        add_field(out, &n, ids[i].key, _(ids[i].label), ids[i].id, buf);
    }
    if (f->stage_kind >= 0)
        add_field(out, &n, "status", _("status"), 0, fs_stage_kind_name((enum fs_stage_kind)f->stage_kind));
    const struct {
        const char *key, *label, *iso;
    } dates[] = {
        { "close_from", N_("close date from"), f->close_from }, { "close_to", N_("close date to"), f->close_to },
        { "won_from", N_("won from"), f->won_from },             { "won_to", N_("won to"), f->won_to },
        { "lost_from", N_("lost from"), f->lost_from },          { "lost_to", N_("lost to"), f->lost_to },
    };
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++)
        if (dates[i].iso && *dates[i].iso) {
            cli_date(c, dates[i].iso, buf, sizeof buf);
            add_field(out, &n, dates[i].key, _(dates[i].label), 0, buf);
        }
    if (f->overdue)
        add_field(out, &n, "overdue", _("only overdue"), 0, _("yes"));
    if (f->has_realized_min) {
        cli_money(c, f->realized_min, buf, sizeof buf);
        add_field(out, &n, "realized_min", _("realized from"), 0, buf);
    }
    if (f->has_realized_max) {
        cli_money(c, f->realized_max, buf, sizeof buf);
        add_field(out, &n, "realized_max", _("realized to"), 0, buf);
    }
    if (f->text && *f->text)
        add_field(out, &n, "text", _("text"), 0, f->text);
    if (f->invert)
        add_field(out, &n, "invert", _("inverse"), 0, _("yes"));
    return n;
}

/* "label: value; …" of a filter for one table cell. */
static void summary(const struct field *fl, int n, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s: %s", i ? "; " : "", fl[i].label, fl[i].value);
}

/* Opens the session and finds the acting user's filter named by text. */
static int find_filter(struct cli *c, const char *text, int64_t *id)
{
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    if (fs_saved_filter_find(&c->s, text, _("filter"), id, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}

/* Parses argv with no options and exactly npos positional arguments. */
static int positional(int argc, char **argv, int npos, const char *usage, struct cli_strv *pos)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, pos) != 0)
        return FS_EINVAL;
    if (pos->n != npos)
        return cli_usage(_("usage: forsat %s"), usage);
    return 0;
}

struct list_ctx {
    struct cli *c;
    struct cli_table *t;
};

static int list_row(void *v, const fs_saved_filter_row *r)
{
    struct list_ctx *x = v;
    fs_saved_filter *sf = malloc(sizeof *sf);
    struct field *fl = calloc(MAX_FIELDS, sizeof *fl);
    char cell[2048], id[24];
    fs_err e;
    if (!sf || !fl) {
        free(sf);
        free(fl);
        return FS_ERUNTIME;
    }
    sf->id = r->id;
    if (fs_saved_filter_decode(&x->c->s, r->name, r->args, sf, &e) == FS_OK)
        summary(fl, describe(x->c, &sf->f, fl), cell, sizeof cell);
    else
        snprintf(cell, sizeof cell, "%s", e.msg);
    snprintf(id, sizeof id, "%" PRId64, r->id);
    const char *cells[] = { id, r->name, cell };
    cli_table_add(x->t, cells);
    free(sf);
    free(fl);
    return 0;
}

/* `filter list`: the acting user's saved filters by name. */
static int filter_list(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = positional(argc, argv, 0, "filter list", &pos);
    cli_strv_free(&pos);
    if (rc || (rc = cli_session(c)))
        return rc;
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },
        { "name", _("name"), COL_TEXT },
        { "fields", _("filters on"), COL_TEXT },
    };
    struct list_ctx x = { c, cli_table_new(cols, 3) };
    if (!x.t)
        return FS_ERUNTIME;
    fs_err e;
    fs_err_clear(&e);
    if (fs_saved_filter_list(&c->s, list_row, &x, &e) != FS_OK)
        rc = e.code ? cli_fail(&e) : FS_ERUNTIME;
    else
        cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    return rc;
}

/* `filter show NAME`: every field of one saved filter. */
static int filter_show(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = positional(argc, argv, 1, "filter show NAME", &pos);
    if (!rc)
        rc = find_filter(c, pos.v[0], &id);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_saved_filter *sf = malloc(sizeof *sf);
    struct field *fl = calloc(MAX_FIELDS, sizeof *fl);
    fs_err e;
    fs_err_clear(&e);
    if (!sf || !fl)
        rc = fs_err_set(&e, FS_ERUNTIME, "", _("out of memory."));
    else if (fs_saved_filter_load(&c->s, id, sf, &e) != FS_OK)
        rc = e.code;
    if (rc) {
        free(sf);
        free(fl);
        return cli_fail(&e);
    }
    int n = describe(c, &sf->f, fl);
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", sf->id);
        jw_str(&w, "name", sf->name);
        jw_obj(&w, "filter");
        for (int i = 0; i < n; i++) {
            if (fl[i].id) {
                jw_obj(&w, fl[i].key);
                jw_int(&w, "id", fl[i].id);
                jw_str(&w, "name", fl[i].value);
                jw_end_obj(&w);
            }
        }
        const char *iso[] = { sf->f.close_from, sf->f.close_to, sf->f.won_from, sf->f.won_to, sf->f.lost_from,
                              sf->f.lost_to };
        const char *iso_keys[] = { "close_from", "close_to", "won_from", "won_to", "lost_from", "lost_to" };
        for (int i = 0; i < 6; i++)
            if (iso[i])
                jw_str(&w, iso_keys[i], iso[i]);
        if (sf->f.stage_kind >= 0)
            jw_str(&w, "status", fs_stage_kind_name((enum fs_stage_kind)sf->f.stage_kind));
        if (sf->f.overdue)
            jw_bool(&w, "overdue", true);
        if (sf->f.has_realized_min)
            jw_int(&w, "realized_min", sf->f.realized_min);
        if (sf->f.has_realized_max)
            jw_int(&w, "realized_max", sf->f.realized_max);
        if (sf->f.text)
            jw_str(&w, "text", sf->f.text);
        if (sf->f.invert)
            jw_bool(&w, "invert", true);
        jw_end_obj(&w);
        jw_end_obj(&w);
        jw_finish(&w);
    } else if (c->format == CLI_CSV) {
        const struct cli_col cols[] = {
            { "field", _("field"), COL_TEXT },
            { "id", _("id"), COL_INT },
            { "value", _("value"), COL_TEXT },
        };
        struct cli_table *t = cli_table_new(cols, 3);
        for (int i = 0; t && i < n; i++) {
            char idb[24];
            snprintf(idb, sizeof idb, "%" PRId64, fl[i].id);
            const char *cells[] = { fl[i].key, fl[i].id ? idb : NULL, fl[i].value };
            cli_table_add(t, cells);
        }
        if (t)
            cli_table_print(c, t, NULL);
        cli_table_free(t);
    } else {
        char idb[24];
        snprintf(idb, sizeof idb, "%" PRId64, sf->id);
        cli_kv(_("id"), idb);
        cli_kv(_("name"), sf->name);
        if (!n)
            cli_kv(_("filters on"), _("nothing (every opportunity)"));
        for (int i = 0; i < n; i++) {
            char v[600];
            if (fl[i].id)
                snprintf(v, sizeof v, "%s (%" PRId64 ")", fl[i].value, fl[i].id);
            else
                snprintf(v, sizeof v, "%s", fl[i].value);
            cli_kv(fl[i].label, v);
        }
    }
    free(sf);
    free(fl);
    return 0;
}

/* `filter rename NAME NEW-NAME`. */
static int filter_rename(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = positional(argc, argv, 2, "filter rename NAME NEW-NAME", &pos);
    if (!rc)
        rc = find_filter(c, pos.v[0], &id);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_saved_filter_rename(&c->s, id, pos.v[1], &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    if (!rc && c->format == CLI_TABLE)
        printf(_("renamed saved filter %lld.\n"), (long long)id);
    return rc;
}

/* `filter delete NAME`. */
static int filter_delete(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int64_t id = 0;
    int rc = positional(argc, argv, 1, "filter delete NAME", &pos);
    if (!rc)
        rc = find_filter(c, pos.v[0], &id);
    cli_strv_free(&pos);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_saved_filter_delete(&c->s, id, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc && c->format == CLI_TABLE)
        printf(_("deleted saved filter %lld.\n"), (long long)id);
    return rc;
}

static const struct cli_cmd filter_cmds[] = {
    { "list", filter_list, "filter list" },
    { "show", filter_show, "filter show NAME" },
    { "rename", filter_rename, "filter rename NAME NEW-NAME" },
    { "delete", filter_delete, "filter delete NAME" },
    { NULL, NULL, NULL },
};

/* `forsat filter …`. */
int cmd_filter(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "filter", filter_cmds, argc - 1, argv + 1);
}
