/* cmd_opp.c — `forsat opp …`: opportunities from the command line (add,
 * edit, stage, lines, competitors, custom fields, show, list).  Commands
 * resolve names and parse values; every rule lives in
 * src/core/opportunity.c and src/core/opp_list.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_doc.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "opp_bulk.h"
#include "opp_list.h"
#include "opportunity.h"
#include "saved_filter.h"

static void i64(char *buf, size_t n, int64_t v)
{
    snprintf(buf, n, "%" PRId64, v);
}

/* A whole number in the chosen digits, in a caller's buffer. */
static const char *local_int(const struct cli *c, int64_t v, char *buf, size_t n)
{
    char tmp[24];
    i64(tmp, sizeof tmp, v);
    char *l = fs_text_local_digits(tmp, c->digits);
    snprintf(buf, n, "%s", l ? l : tmp);
    free(l);
    return buf;
}

/* ---- add / edit options ------------------------------------------------ */

/* The options add and edit share; NULL = not given, "" clears. */
struct opp_opts {
    const char *contact, *title, *subtype, *stage, *type, *assigned, *source, *campaign, *close_date, *amount,
        *probability, *purchase_process, *reason, *version;
    bool amount_auto;
    struct cli_strv competitors, fields;
};

/* Fills opts (room for 20 entries); edit adds --amount-auto, --reason
 * and --version. */
static void opp_options(struct opp_opts *o, bool edit, struct cli_opt *opts)
{
    const struct cli_opt all[] = {
        { "contact", 1, &o->contact, NULL, NULL },
        { "title", 1, &o->title, NULL, NULL },
        { "subtype", 1, &o->subtype, NULL, NULL },
        { "stage", 1, &o->stage, NULL, NULL },
        { "type", 1, &o->type, NULL, NULL },
        { "assigned", 1, &o->assigned, NULL, NULL },
        { "source", 1, &o->source, NULL, NULL },
        { "campaign", 1, &o->campaign, NULL, NULL },
        { "close-date", 1, &o->close_date, NULL, NULL },
        { "amount", 1, &o->amount, NULL, NULL },
        { "probability", 1, &o->probability, NULL, NULL },
        { "purchase-process", 1, &o->purchase_process, NULL, NULL },
        { "competitor", 1, NULL, NULL, &o->competitors },
        { "field", 1, NULL, NULL, &o->fields },
        { "amount-auto", 0, NULL, &o->amount_auto, NULL },
        { "reason", 1, &o->reason, NULL, NULL },
        { "version", 1, &o->version, NULL, NULL },
        { 0 },
    };
    int n = 0;
    for (const struct cli_opt *p = all; p->name; p++)
        if (edit || (strcmp(p->name, "amount-auto") != 0 && strcmp(p->name, "version") != 0 &&
                     strcmp(p->name, "reason") != 0))
            opts[n++] = *p;
    memset(&opts[n], 0, sizeof opts[n]);
}

/* Resolves an optional list item: NULL keeps *id, "" clears it. */
static int opt_item(struct cli *c, const char *list, const char *text, const char *field, int64_t *id, fs_err *e)
{
    if (!text)
        return FS_OK;
    *id = 0;
    return *text ? fs_lookup_list_item(&c->s, list, text, field, id, e) : FS_OK;
}

/* Sets custom field values typed as NAME=VALUE. */
static int apply_fields(struct cli *c, const struct cli_strv *fields, fs_opp *o, fs_err *e)
{
    for (int i = 0; i < fields->n; i++) {
        const char *eq = strchr(fields->v[i], '=');
        if (!eq)
            return fs_err_set(e, FS_EINVAL, "field", _("field: write NAME=VALUE, not \"%s\"."), fields->v[i]);
        char *name = strndup(fields->v[i], (size_t)(eq - fields->v[i]));
        int rc = name ? fs_opp_value_set(&c->s, o, name, eq + 1, e) : fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
        free(name);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

/* Copies the given options onto the form o, resolving names. */
static int apply_options(struct cli *c, struct opp_opts *p, fs_opp *o, fs_err *e)
{
    fs_session *s = &c->s;
    if (p->subtype) {
        if (fs_subtype_resolve(s, p->subtype, _("subtype"), &o->subtype_id, e) != FS_OK)
            return e->code;
        if (!o->id && !p->stage)
            o->stage_id = 0; /* a new opportunity starts at its subtype's first stage */
    }
    if (p->stage) {
        int64_t id;
        if (fs_stage_resolve(s, o->subtype_id, p->stage, _("stage"), &id, e) != FS_OK ||
            fs_opp_set_stage(s, o, id, NULL, e) != FS_OK)
            return e->code;
    }
    if (p->reason && fs_opp_set_reason(s, o, p->reason, e) != FS_OK)
        return e->code;
    if (p->contact && fs_lookup_identity(s, p->contact, _("contact"), &o->identity_id, e) != FS_OK)
        return e->code;
    if (p->title && fs_opp_set_text(&o->title, p->title, e) != FS_OK)
        return e->code;
    if (opt_item(c, "type", p->type, _("type"), &o->type_id, e) != FS_OK ||
        opt_item(c, "source", p->source, _("source"), &o->source_id, e) != FS_OK ||
        opt_item(c, "purchase_process", p->purchase_process, _("purchase_process"), &o->purchase_process_id, e) != FS_OK)
        return e->code;
    if (p->assigned && fs_lookup_user(s, p->assigned, _("assigned"), &o->assigned_id, e) != FS_OK)
        return e->code;
    if (p->campaign) {
        o->campaign_id = 0;
        if (*p->campaign && fs_lookup_campaign(s, p->campaign, _("campaign"), &o->campaign_id, e) != FS_OK)
            return e->code;
    }
    if (p->close_date && cli_parse_date(c, p->close_date, _("close_date"), o->close_date, e) != FS_OK)
        return e->code;
    if (p->amount && p->amount_auto)
        return fs_err_set(e, FS_EINVAL, "amount", _("amount: give --amount or --amount-auto, not both."));
    if (p->amount) {
        int64_t v;
        if (fs_money_parse(p->amount, _("amount"), &v, e) != FS_OK)
            return e->code;
        fs_opp_set_amount(o, v);
    }
    if (p->amount_auto)
        fs_opp_set_amount_auto(o);
    if (p->probability) {
        int64_t v;
        if (fs_int_parse(p->probability, _("probability"), 0, 100, &v, e) != FS_OK)
            return e->code;
        o->probability = (int)v;
    }
    for (int i = 0; i < p->competitors.n; i++)
        if (fs_opp_competitor_add(s, o, p->competitors.v[i], NULL, e) != FS_OK)
            return e->code;
    if (apply_fields(c, &p->fields, o, e) != FS_OK)
        return e->code;
    if (p->version && fs_int_parse(p->version, _("version"), 1, INT64_MAX / 2, &o->version, e) != FS_OK)
        return e->code;
    return FS_OK;
}

/* ---- show ---------------------------------------------------------------- */

/* A custom value as the table shows it. */
static void value_display(const struct cli *c, const fs_opp_value *v, char *out, size_t n)
{
    switch (v->type) {
    case FS_CFIELD_AMOUNT:
        cli_money(c, strtoll(v->value, NULL, 10), out, n);
        return;
    case FS_CFIELD_DATE:
        cli_date(c, v->value, out, n);
        return;
    case FS_CFIELD_BOOL:
        snprintf(out, n, "%s", strcmp(v->value, "1") == 0 ? _("yes") : _("no"));
        return;
    case FS_CFIELD_NUMBER: {
        char *l = fs_text_local_digits(v->value, c->digits);
        snprintf(out, n, "%s", l ? l : v->value);
        free(l);
        return;
    }
    default:
        snprintf(out, n, "%s", v->value);
    }
}

static const struct cli_col line_cols[] = {
    { "line", N_("row"), COL_INT },           { "product_code", N_("code"), COL_TEXT },
    { "name", N_("product"), COL_TEXT },      { "unit", N_("unit"), COL_TEXT },
    { "qty", N_("quantity"), COL_QTY },       { "unit_price", N_("unit price"), COL_MONEY },
    { "total", N_("total"), COL_MONEY },      { "discount", N_("discount"), COL_MONEY },
    { "final", N_("final price"), COL_MONEY }, { "description", N_("description"), COL_TEXT },
};
#define NLINE_COLS ((int)(sizeof line_cols / sizeof *line_cols))

/* The product lines as a grid with the footer total, discount, sum. */
static void print_lines(struct cli *c, const fs_opp *o)
{
    struct cli_col cols[NLINE_COLS];
    for (int i = 0; i < NLINE_COLS; i++) {
        cols[i] = line_cols[i];
        cols[i].heading = _(line_cols[i].heading);
    }
    struct cli_table *t = cli_table_new(cols, NLINE_COLS);
    if (!t)
        return;
    int64_t total = 0, discount = 0, final = 0;
    for (int i = 0; i < o->nlines; i++) {
        const fs_opp_line *l = &o->lines[i];
        char row[24], qty[24], price[24], tot[24], disc[24], fin[24];
        i64(row, sizeof row, i + 1);
        i64(qty, sizeof qty, l->qty);
        i64(price, sizeof price, l->unit_price);
        i64(tot, sizeof tot, l->total);
        i64(disc, sizeof disc, l->discount);
        i64(fin, sizeof fin, l->final);
        const char *cells[] = { row, l->product_code, l->name, l->unit, qty, price, tot, disc, fin, l->description };
        cli_table_add(t, cells);
        total += l->total;
        discount += l->discount;
        final += l->final;
    }
    char tot[24], disc[24], fin[24];
    i64(tot, sizeof tot, total);
    i64(disc, sizeof disc, discount);
    i64(fin, sizeof fin, final);
    const char *totals[] = { NULL, NULL, _("sum"), NULL, NULL, NULL, tot, disc, fin, NULL };
    cli_table_print(c, t, o->nlines ? totals : NULL);
    cli_table_free(t);
}

static void json_lines(struct jw *w, const fs_opp *o)
{
    jw_arr(w, "lines");
    for (int i = 0; i < o->nlines; i++) {
        const fs_opp_line *l = &o->lines[i];
        jw_obj(w, NULL);
        jw_int(w, "line", i + 1);
        jw_int(w, "id", l->id);
        jw_int(w, "product_id", l->product_id);
        jw_str(w, "product_code", l->product_code);
        jw_str(w, "name", l->name);
        jw_str(w, "unit", l->unit);
        jw_qty(w, "qty", l->qty);
        jw_int(w, "unit_price", l->unit_price);
        jw_int(w, "total", l->total);
        jw_int(w, "discount_bp", l->discount_bp);
        jw_int(w, "discount", l->discount);
        jw_int(w, "final", l->final);
        jw_str(w, "description", l->description && *l->description ? l->description : NULL);
        jw_end_obj(w);
    }
    jw_end_arr(w);
}

/* Keys that other command groups add to `opp show` (balance, realized
 * amount — cmd_doc.c).  w is the open JSON object, or NULL in table form.
 * Add further sections here. */
static void show_extra(struct cli *c, const fs_opp *o, struct jw *w)
{
    cli_opp_show_money(c, o->id, w);
}

static void json_ref(struct jw *w, const char *key, const fs_opp_ref *r)
{
    jw_str(w, key, r->key[0] ? r->key : NULL);
}

/* The history of an opportunity: JSON array "history", or a table. */
static int print_history(struct cli *c, const fs_opp *o, struct jw *w)
{
    fs_err e;
    fs_err_clear(&e);
    fs_opp_change *v;
    int n;
    if (fs_opp_history(&c->s, o->id, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    if (w) {
        jw_arr(w, "history");
        for (int i = 0; i < n; i++) {
            jw_obj(w, NULL);
            jw_str(w, "at", v[i].at);
            jw_str(w, "user", v[i].login);
            jw_str(w, "field", v[i].field);
            jw_str(w, "old", *v[i].old_value ? v[i].old_value : NULL);
            jw_str(w, "new", *v[i].new_value ? v[i].new_value : NULL);
            jw_end_obj(w);
        }
        jw_end_arr(w);
    } else {
        const struct cli_col cols[] = {
            { "at", _("when"), COL_TEXT },   { "user", _("user"), COL_TEXT },
            { "field", _("field"), COL_TEXT }, { "old", _("old"), COL_TEXT },
            { "new", _("new"), COL_TEXT },
        };
        struct cli_table *t = cli_table_new(cols, 5);
        for (int i = 0; t && i < n; i++) {
            /* Date in the chosen calendar, then the UTC time of day. */
            char day[11], when[64];
            snprintf(day, sizeof day, "%.10s", v[i].at);
            cli_date(c, day, when, 32);
            snprintf(when + strlen(when), sizeof when - strlen(when), " %.8s", v[i].at + (strlen(v[i].at) > 11 ? 11 : 0));
            const char *cells[] = { when, v[i].login, v[i].field, v[i].old_value, v[i].new_value };
            cli_table_add(t, cells);
        }
        fputc('\n', stdout);
        if (t)
            cli_table_print(c, t, NULL);
        cli_table_free(t);
    }
    fs_opp_history_free(v, n);
    return 0;
}

static void print_json(struct cli *c, const fs_opp *o, bool history)
{
    struct jw w;
    jw_begin(&w, stdout);
    jw_obj(&w, NULL);
    jw_int(&w, "id", o->id);
    jw_str(&w, "number", o->number);
    jw_str(&w, "title", o->title);
    jw_str(&w, "contact", o->names.contact.label);
    jw_int(&w, "contact_id", o->identity_id);
    json_ref(&w, "subtype", &o->names.subtype);
    json_ref(&w, "stage", &o->names.stage);
    jw_str(&w, "stage_title", o->names.stage.label);
    jw_str(&w, "stage_kind", fs_stage_kind_name(o->names.stage_kind));
    json_ref(&w, "type", &o->names.type);
    json_ref(&w, "assigned", &o->names.assigned);
    json_ref(&w, "source", &o->names.source);
    jw_str(&w, "campaign", o->campaign_id ? o->names.campaign.label : NULL);
    jw_str(&w, "close_date", o->close_date[0] ? o->close_date : NULL);
    jw_int(&w, "final_amount", o->final_amount);
    jw_bool(&w, "amount_manual", o->amount_manual);
    jw_int(&w, "probability", o->probability);
    jw_int(&w, "expected_amount", o->expected_amount);
    json_ref(&w, "win_reason", &o->names.win_reason);
    json_ref(&w, "loss_reason", &o->names.loss_reason);
    json_ref(&w, "purchase_process", &o->names.purchase_process);
    jw_str(&w, "won_at", o->won_at[0] ? o->won_at : NULL);
    jw_str(&w, "lost_at", o->lost_at[0] ? o->lost_at : NULL);
    jw_bool(&w, "important", o->important);
    jw_str(&w, "created_at", o->created_at);
    json_ref(&w, "created_by", &o->names.created_by);
    jw_str(&w, "updated_at", o->updated_at);
    json_ref(&w, "updated_by", &o->names.updated_by);
    jw_str(&w, "stage_changed_at", o->stage_changed_at);
    jw_int(&w, "version", o->version);
    jw_int(&w, "age_days", o->age_days);
    jw_int(&w, "days_in_stage", o->days_in_stage);
    if (o->days_to_close >= 0)
        jw_int(&w, "days_to_close", o->days_to_close);
    else
        jw_null(&w, "days_to_close");
    show_extra(c, o, &w);
    jw_arr(&w, "competitors");
    for (int i = 0; i < o->ncompetitors; i++) {
        jw_obj(&w, NULL);
        jw_str(&w, "name", o->competitors[i].name);
        if (o->competitors[i].identity_id)
            jw_int(&w, "identity_id", o->competitors[i].identity_id);
        else
            jw_null(&w, "identity_id");
        jw_str(&w, "note", *o->competitors[i].note ? o->competitors[i].note : NULL);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_obj(&w, "fields");
    for (int i = 0; i < o->nvalues; i++) {
        const fs_opp_value *v = &o->values[i];
        if (v->type == FS_CFIELD_NUMBER || v->type == FS_CFIELD_AMOUNT)
            jw_int(&w, v->key, strtoll(v->value, NULL, 10));
        else if (v->type == FS_CFIELD_BOOL)
            jw_bool(&w, v->key, strcmp(v->value, "1") == 0);
        else
            jw_str(&w, v->key, v->value);
    }
    jw_end_obj(&w);
    json_lines(&w, o);
    if (history)
        print_history(c, o, &w);
    jw_end_obj(&w);
    jw_finish(&w);
}

static void print_table(struct cli *c, const fs_opp *o, bool history)
{
    char buf[2 * FS_TITLE_BYTES + 64], money[64], num[32], d1[64];
    cli_kv(_("number"), o->number);
    cli_kv(_("title"), o->title);
    cli_kv(_("contact"), o->names.contact.label);
    cli_kv(_("subtype"), o->names.subtype.label);
    cli_kv(_("stage"), o->names.stage.label);
    cli_kv(_("type"), o->names.type.label);
    snprintf(buf, sizeof buf, "%s (%s)", o->names.assigned.label, o->names.assigned.key);
    cli_kv(_("assigned to"), buf);
    cli_kv(_("source"), o->names.source.label);
    cli_kv(_("campaign"), o->names.campaign.label);
    cli_date(c, o->close_date, d1, sizeof d1);
    if (o->close_date[0] && o->names.stage_kind == FS_STAGE_OPEN && o->days_to_close < 0) {
        fs_day d;
        if (fs_day_from_iso(o->close_date, &d) == FS_OK && d < c->s.today)
            snprintf(d1 + strlen(d1), sizeof d1 - strlen(d1), " (%s)", _("overdue"));
    }
    cli_kv(_("close date"), d1);
    cli_money(c, o->final_amount, money, sizeof money);
    snprintf(buf, sizeof buf, "%s (%s)", money, o->amount_manual ? _("manual") : _("sum of the products"));
    cli_kv(_("final amount"), buf);
    snprintf(buf, sizeof buf, "%s%%", local_int(c, o->probability, num, sizeof num));
    cli_kv(_("probability"), buf);
    cli_money(c, o->expected_amount, money, sizeof money);
    cli_kv(_("expected amount"), money);
    cli_kv(_("win reason"), o->names.win_reason.label);
    cli_kv(_("loss reason"), o->names.loss_reason.label);
    cli_kv(_("purchase process"), o->names.purchase_process.label);
    cli_date(c, o->won_at, d1, sizeof d1);
    cli_kv(_("win date"), d1);
    cli_date(c, o->lost_at, d1, sizeof d1);
    cli_kv(_("loss date"), d1);
    show_extra(c, o, NULL);
    char day[11];
    snprintf(day, sizeof day, "%.10s", o->created_at);
    cli_date(c, day, d1, sizeof d1);
    snprintf(buf, sizeof buf, "%s (%s)", d1, o->names.created_by.key);
    cli_kv(_("created"), buf);
    snprintf(day, sizeof day, "%.10s", o->updated_at);
    cli_date(c, day, d1, sizeof d1);
    snprintf(buf, sizeof buf, "%s (%s)", d1, o->names.updated_by.key);
    cli_kv(_("updated"), buf);
    cli_kv(_("version"), local_int(c, o->version, num, sizeof num));
    cli_kv(_("age in days"), local_int(c, o->age_days, num, sizeof num));
    cli_kv(_("days in stage"), local_int(c, o->days_in_stage, num, sizeof num));
    if (o->days_to_close >= 0)
        cli_kv(_("days to close"), local_int(c, o->days_to_close, num, sizeof num));
    for (int i = 0; i < o->nvalues; i++) {
        char v[FS_TITLE_BYTES];
        value_display(c, &o->values[i], v, sizeof v);
        cli_kv(o->values[i].label[0] ? o->values[i].label : o->values[i].key, v);
    }
    for (int i = 0; i < o->ncompetitors; i++) {
        snprintf(buf, sizeof buf, "%s%s%s", o->competitors[i].name, *o->competitors[i].note ? " — " : "",
                 o->competitors[i].note);
        cli_kv(_("competitor"), buf);
    }
    if (o->nlines) {
        fputc('\n', stdout);
        print_lines(c, o);
    }
    if (history)
        print_history(c, o, NULL);
}

/* Loads opportunity id and prints it in the chosen format. */
static int show_opp(struct cli *c, int64_t id, bool history)
{
    fs_err e;
    fs_err_clear(&e);
    fs_opp o;
    if (fs_opp_load(&c->s, id, &o, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON)
        print_json(c, &o, history);
    else
        print_table(c, &o, history);
    fs_opp_free(&o);
    return 0;
}

/* Prints what a changing command reports: the id, or the record in JSON. */
static int report(struct cli *c, const fs_opp *o, int64_t value)
{
    if (c->format == CLI_JSON)
        return show_opp(c, o->id, false);
    printf("%" PRId64 "\n", value);
    return 0;
}

/* ---- add, edit and the other changes -------------------------------------- */

static int opp_add(struct cli *c, int argc, char **argv)
{
    struct opp_opts p = { 0 };
    struct cli_opt opts[20];
    opp_options(&p, false, opts);
    int rc = cli_parse(argc, argv, opts, NULL);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    fs_opp o = { 0 };
    if (!rc && (fs_opp_new(&c->s, &o, &e) != FS_OK || apply_options(c, &p, &o, &e) != FS_OK ||
                fs_opp_save(&c->s, &o, &e) != FS_OK))
        rc = cli_fail(&e);
    if (!rc)
        rc = report(c, &o, o.id);
    fs_opp_free(&o);
    cli_strv_free(&p.competitors);
    cli_strv_free(&p.fields);
    return rc;
}

/* ---- bulk-add ---------------------------------------------------------------- */

/* Appends the identities named in path ("-" = standard input), one id or
 * name a line; blank lines are skipped. */
static int read_contacts(struct cli *c, const char *path, int64_t **ids, int *n, int *cap, fs_err *e)
{
    bool std = strcmp(path, "-") == 0;
    FILE *f = std ? stdin : fopen(path, "r");
    if (!f)
        return fs_err_set(e, FS_EINVAL, "contacts-from", _("contacts-from: cannot read %s."), path);
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int rc = FS_OK, row = 0;
    while (rc == FS_OK && (len = getline(&line, &lcap, f)) >= 0) {
        row++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
            line[--len] = '\0';
        const char *t = line;
        while (*t == ' ' || *t == '\t')
            t++;
        if (!*t)
            continue;
        if (*n == *cap) {
            int64_t *g = realloc(*ids, (size_t)(*cap ? *cap * 2 : 64) * sizeof *g);
            if (!g) {
                rc = fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
                break;
            }
            *ids = g;
            *cap = *cap ? *cap * 2 : 64;
        }
        if (fs_lookup_identity(&c->s, t, _("contact"), &(*ids)[*n], e) != FS_OK) {
            char msg[sizeof e->msg];
            snprintf(msg, sizeof msg, "%s", e->msg);
            snprintf(e->msg, sizeof e->msg, _("%s, line %d: %s"), std ? _("standard input") : path, row, msg);
            rc = e->code;
        } else {
            (*n)++;
        }
    }
    free(line);
    if (!std)
        fclose(f);
    return rc;
}

/* Adds a template line typed as PRODUCT[=QTY] (quantity 1 when omitted). */
static int template_line(struct cli *c, const char *text, fs_opp *o, fs_err *e)
{
    const char *eq = strrchr(text, '=');
    char *product = eq ? strndup(text, (size_t)(eq - text)) : strdup(text);
    if (!product)
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    fs_opp_line_in in = { .qty = FS_QTY_SCALE };
    int rc = fs_lookup_product(&c->s, product, _("product"), &in.product_id, e);
    free(product);
    if (rc == FS_OK && eq)
        rc = fs_qty_parse(eq + 1, _("qty"), &in.qty, e);
    if (rc == FS_OK)
        rc = fs_opp_line_add(o, &in, NULL, e);
    return rc;
}

/* Prints the opportunities created: ids one a line, or in JSON the list
 * with numbers and contacts. */
static int report_bulk(struct cli *c, const int64_t *ids, int n)
{
    if (c->format != CLI_JSON) {
        for (int i = 0; i < n; i++)
            printf("%" PRId64 "\n", ids[i]);
        return 0;
    }
    struct jw w;
    jw_begin(&w, stdout);
    jw_arr(&w, NULL);
    for (int i = 0; i < n; i++) {
        fs_err e;
        fs_err_clear(&e);
        fs_opp o;
        if (fs_opp_load(&c->s, ids[i], &o, &e) != FS_OK) {
            memset(&o, 0, sizeof o);
            o.id = ids[i];
        }
        jw_obj(&w, NULL);
        jw_int(&w, "id", ids[i]);
        jw_str(&w, "number", o.number[0] ? o.number : NULL);
        jw_int(&w, "contact_id", o.identity_id);
        jw_str(&w, "contact", o.names.contact.label[0] ? o.names.contact.label : NULL);
        jw_end_obj(&w);
        fs_opp_free(&o);
    }
    jw_end_arr(&w);
    jw_finish(&w);
    return 0;
}

static int opp_bulk_add(struct cli *c, int argc, char **argv)
{
    struct opp_opts p = { 0 };
    struct cli_opt opts[24];
    opp_options(&p, false, opts);
    /* --contact is repeatable here; --contacts-from and --line are added. */
    struct cli_strv contacts = { 0 }, files = { 0 }, lines = { 0 };
    int k = 0;
    for (; opts[k].name; k++)
        if (strcmp(opts[k].name, "contact") == 0) {
            opts[k].val = NULL;
            opts[k].list = &contacts;
        }
    opts[k++] = (struct cli_opt){ "contacts-from", 1, NULL, NULL, &files };
    opts[k++] = (struct cli_opt){ "line", 1, NULL, NULL, &lines };
    memset(&opts[k], 0, sizeof opts[k]);
    int rc = cli_parse(argc, argv, opts, NULL);
    if (!rc && !contacts.n && !files.n)
        rc = cli_usage(_("opp bulk-add: give the identities with --contact or --contacts-from."));
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    fs_opp o = { 0 };
    int64_t *ids = NULL, *created = NULL;
    int n = 0, cap = 0;
    if (!rc && (fs_opp_new(&c->s, &o, &e) != FS_OK || apply_options(c, &p, &o, &e) != FS_OK))
        rc = cli_fail(&e);
    for (int i = 0; !rc && i < lines.n; i++)
        if (template_line(c, lines.v[i], &o, &e) != FS_OK)
            rc = cli_fail(&e);
    for (int i = 0; !rc && i < contacts.n; i++) {
        if (n == cap) {
            int64_t *g = realloc(ids, (size_t)(cap ? cap * 2 : 64) * sizeof *g);
            if (!g) {
                rc = (fs_err_set(&e, FS_ERUNTIME, "", _("out of memory.")), cli_fail(&e));
                break;
            }
            ids = g;
            cap = cap ? cap * 2 : 64;
        }
        if (fs_lookup_identity(&c->s, contacts.v[i], _("contact"), &ids[n], &e) != FS_OK)
            rc = cli_fail(&e);
        else
            n++;
    }
    for (int i = 0; !rc && i < files.n; i++)
        if (read_contacts(c, files.v[i], &ids, &n, &cap, &e) != FS_OK)
            rc = cli_fail(&e);
    if (!rc && n && !(created = calloc((size_t)n, sizeof *created)))
        rc = (fs_err_set(&e, FS_ERUNTIME, "", _("out of memory.")), cli_fail(&e));
    if (!rc && fs_opp_bulk_create(&c->s, &o, ids, n, created, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc)
        rc = report_bulk(c, created, n);
    free(ids);
    free(created);
    fs_opp_free(&o);
    cli_strv_free(&contacts);
    cli_strv_free(&files);
    cli_strv_free(&lines);
    cli_strv_free(&p.competitors);
    cli_strv_free(&p.fields);
    return rc;
}

/* A change to an opportunity: applied to the loaded form before saving. */
typedef int (*opp_change_fn)(struct cli *c, fs_opp *o, void *ctx, fs_err *e);

/* Loads the opportunity named by text, checks --version, applies fn and
 * saves; o holds the saved form on success (free it). */
static int opp_update(struct cli *c, const char *text, const char *version, opp_change_fn fn, void *ctx, fs_opp *o)
{
    memset(o, 0, sizeof *o);
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (fs_opp_find(&c->s, text, _("opportunity"), &id, &e) != FS_OK || fs_opp_load(&c->s, id, o, &e) != FS_OK ||
        (version && fs_int_parse(version, _("version"), 1, INT64_MAX / 2, &o->version, &e) != FS_OK) ||
        fn(c, o, ctx, &e) != FS_OK || fs_opp_save(&c->s, o, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}

/* Parses argv and checks that npos positional arguments were given. */
static int parse(int argc, char **argv, const struct cli_opt *opts, int npos, const char *usage,
                 struct cli_strv *pos)
{
    if (cli_parse(argc, argv, opts, pos) != 0)
        return FS_EINVAL;
    if (pos->n != npos)
        return cli_usage(_("usage: forsat %s"), usage);
    return 0;
}

static int change_options(struct cli *c, fs_opp *o, void *ctx, fs_err *e)
{
    return apply_options(c, ctx, o, e);
}

static int opp_edit(struct cli *c, int argc, char **argv)
{
    struct opp_opts p = { 0 };
    struct cli_opt opts[20];
    struct cli_strv pos = { 0 };
    opp_options(&p, true, opts);
    int rc = parse(argc, argv, opts, 1, "opp edit ID [options of add] [--reason ITEM] [--amount-auto] [--version N]",
                   &pos);
    fs_opp o = { 0 };
    if (!rc) {
        /* --version is applied by opp_update before the other options. */
        const char *version = p.version;
        p.version = NULL;
        rc = opp_update(c, pos.v[0], version, change_options, &p, &o);
    }
    if (!rc)
        rc = report(c, &o, o.id);
    fs_opp_free(&o);
    cli_strv_free(&pos);
    cli_strv_free(&p.competitors);
    cli_strv_free(&p.fields);
    return rc;
}

struct stage_change {
    const char *stage, *reason;
};

static int change_stage(struct cli *c, fs_opp *o, void *ctx, fs_err *e)
{
    struct stage_change *x = ctx;
    int64_t id;
    if (fs_stage_resolve(&c->s, o->subtype_id, x->stage, _("stage"), &id, e) != FS_OK)
        return e->code;
    return fs_opp_set_stage(&c->s, o, id, x->reason, e);
}

/* `opp stage ID STAGE [--reason ITEM]`. */
static int opp_stage(struct cli *c, int argc, char **argv)
{
    const char *reason = NULL, *version = NULL;
    const struct cli_opt opts[] = {
        { "reason", 1, &reason, NULL, NULL }, { "version", 1, &version, NULL, NULL }, { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = parse(argc, argv, opts, 2, "opp stage ID STAGE [--reason ITEM] [--version N]", &pos);
    fs_opp o = { 0 };
    if (!rc) {
        struct stage_change x = { pos.v[1], reason };
        rc = opp_update(c, pos.v[0], version, change_stage, &x, &o);
    }
    if (!rc)
        rc = report(c, &o, o.id);
    fs_opp_free(&o);
    cli_strv_free(&pos);
    return rc;
}

static int opp_show(struct cli *c, int argc, char **argv)
{
    bool history = false;
    const struct cli_opt opts[] = { { "history", 0, NULL, &history, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(argc, argv, opts, 1, "opp show ID [--history]", &pos);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (!rc && fs_opp_find(&c->s, pos.v[0], _("opportunity"), &id, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc)
        rc = show_opp(c, id, history);
    cli_strv_free(&pos);
    return rc;
}

/* ---- lines ------------------------------------------------------------------ */

struct line_opts {
    const char *product, *qty, *price, *discount_percent, *discount, *name, *description, *version;
};

/* Parses the typed line values into in. */
static int line_input(struct cli *c, const struct line_opts *p, fs_opp_line_in *in, fs_err *e)
{
    memset(in, 0, sizeof *in);
    if (p->discount_percent && p->discount)
        return fs_err_set(e, FS_EINVAL, "discount", _("discount: give --discount-percent or --discount, not both."));
    if (p->product && fs_lookup_product(&c->s, p->product, _("product"), &in->product_id, e) != FS_OK)
        return e->code;
    if (p->qty && fs_qty_parse(p->qty, _("qty"), &in->qty, e) != FS_OK)
        return e->code;
    if (p->price) {
        in->has_price = true;
        if (fs_money_parse(p->price, _("price"), &in->unit_price, e) != FS_OK)
            return e->code;
    }
    if (p->discount_percent) {
        in->has_discount_bp = true;
        if (fs_percent_parse(p->discount_percent, _("discount_percent"), &in->discount_bp, e) != FS_OK)
            return e->code;
    }
    if (p->discount) {
        in->has_discount = true;
        if (fs_money_parse(p->discount, _("discount"), &in->discount, e) != FS_OK)
            return e->code;
    }
    in->name = p->name;
    in->description = p->description;
    return FS_OK;
}

struct line_change {
    const struct line_opts *p;
    int line_no, position;
    int op;                  /* 0 add, 1 edit, 2 remove, 3 move */
};

static int change_line(struct cli *c, fs_opp *o, void *ctx, fs_err *e)
{
    struct line_change *x = ctx;
    fs_opp_line_in in;
    switch (x->op) {
    case 0:
        if (line_input(c, x->p, &in, e) != FS_OK)
            return e->code;
        return fs_opp_line_add(o, &in, &x->line_no, e);
    case 1:
        if (line_input(c, x->p, &in, e) != FS_OK)
            return e->code;
        return fs_opp_line_edit(o, x->line_no, &in, e);
    case 2:
        return fs_opp_line_remove(o, x->line_no, e);
    default:
        return fs_opp_line_move(o, x->line_no, x->position, e);
    }
}

/* line add/edit/remove/move: positional ID, then line number(s). */
static int line_command(struct cli *c, int argc, char **argv, int op)
{
    struct line_opts p = { 0 };
    const struct cli_opt opts[] = {
        { "product", 1, &p.product, NULL, NULL },
        { "qty", 1, &p.qty, NULL, NULL },
        { "price", 1, &p.price, NULL, NULL },
        { "discount-percent", 1, &p.discount_percent, NULL, NULL },
        { "discount", 1, &p.discount, NULL, NULL },
        { "name", 1, &p.name, NULL, NULL },
        { "description", 1, &p.description, NULL, NULL },
        { "version", 1, &p.version, NULL, NULL },
        { 0 },
    };
    static const char *const usage[] = {
        "opp line add ID --product CODE --qty Q [--price RIAL] [--discount-percent P | --discount RIAL] [--name N] "
        "[--description D] [--version N]",
        "opp line edit ID LINE_NO [--product CODE] [--qty Q] [--price RIAL] [--discount-percent P | --discount RIAL] "
        "[--name N] [--description D] [--version N]",
        "opp line remove ID LINE_NO [--version N]",
        "opp line move ID LINE_NO POSITION [--version N]",
    };
    static const int npos[] = { 1, 2, 2, 3 };
    /* remove and move take only --version (the last option). */
    struct cli_strv pos = { 0 };
    int rc = parse(argc, argv, op >= 2 ? opts + 7 : opts, npos[op], usage[op], &pos);
    if (!rc && op == 0 && (!p.product || !p.qty))
        rc = cli_usage(_("opp line add: --product and --qty are required."));
    struct line_change x = { &p, 0, 0, op };
    fs_err e;
    fs_err_clear(&e);
    int64_t v;
    if (!rc && op >= 1) {
        if (fs_int_parse(pos.v[1], _("line"), 1, 100000, &v, &e) != FS_OK)
            rc = cli_fail(&e);
        x.line_no = (int)v;
    }
    if (!rc && op == 3) {
        if (fs_int_parse(pos.v[2], _("position"), 1, 100000, &v, &e) != FS_OK)
            rc = cli_fail(&e);
        x.position = (int)v;
    }
    fs_opp o = { 0 };
    if (!rc)
        rc = opp_update(c, pos.v[0], p.version, change_line, &x, &o);
    if (!rc)
        rc = report(c, &o, op == 0 ? x.line_no : o.id);
    fs_opp_free(&o);
    cli_strv_free(&pos);
    return rc;
}

static int line_add(struct cli *c, int argc, char **argv)
{
    return line_command(c, argc, argv, 0);
}

static int line_edit(struct cli *c, int argc, char **argv)
{
    return line_command(c, argc, argv, 1);
}

static int line_remove(struct cli *c, int argc, char **argv)
{
    return line_command(c, argc, argv, 2);
}

static int line_move(struct cli *c, int argc, char **argv)
{
    return line_command(c, argc, argv, 3);
}

/* Loads the opportunity named by argv's one positional argument. */
static int load_named(struct cli *c, int argc, char **argv, const char *usage, fs_opp *o)
{
    struct cli_strv pos = { 0 };
    memset(o, 0, sizeof *o);
    int rc = parse(argc, argv, (const struct cli_opt[]){ { 0 } }, 1, usage, &pos);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (!rc && (fs_opp_find(&c->s, pos.v[0], _("opportunity"), &id, &e) != FS_OK || fs_opp_load(&c->s, id, o, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int line_list(struct cli *c, int argc, char **argv)
{
    fs_opp o;
    int rc = load_named(c, argc, argv, "opp line list ID", &o);
    if (rc)
        return rc;
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        json_lines(&w, &o);
        jw_end_obj(&w);
        jw_finish(&w);
    } else {
        print_lines(c, &o);
    }
    fs_opp_free(&o);
    return 0;
}

static const struct cli_cmd line_cmds[] = {
    { "add", line_add,
      "opp line add ID --product CODE --qty Q [--price RIAL] [--discount-percent P | --discount RIAL] [--name N] "
      "[--description D]" },
    { "edit", line_edit, "opp line edit ID LINE_NO [--product CODE] [--qty Q] [--price RIAL] [--discount-percent P | "
                         "--discount RIAL] [--name N] [--description D]" },
    { "list", line_list, "opp line list ID" },
    { "remove", line_remove, "opp line remove ID LINE_NO" },
    { "move", line_move, "opp line move ID LINE_NO POSITION" },
    { NULL, NULL, NULL },
};

static int opp_line(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "opp line", line_cmds, argc - 1, argv + 1);
}

/* ---- competitors and custom fields ------------------------------------------ */

struct named_change {
    const char *name, *note;
    int op;                  /* 0 competitor add, 1 competitor remove, 2 field set */
};

static int change_named(struct cli *c, fs_opp *o, void *ctx, fs_err *e)
{
    struct named_change *x = ctx;
    if (x->op == 0)
        return fs_opp_competitor_add(&c->s, o, x->name, x->note, e);
    if (x->op == 1)
        return fs_opp_competitor_remove(o, x->name, e);
    struct cli_strv one = { (const char **)&x->name, 1, 1 };
    return apply_fields(c, &one, o, e);
}

static int named_command(struct cli *c, int argc, char **argv, int op)
{
    const char *note = NULL, *version = NULL;
    const struct cli_opt opts[] = {
        { "note", 1, &note, NULL, NULL }, { "version", 1, &version, NULL, NULL }, { 0 },
    };
    static const char *const usage[] = {
        "opp competitor add ID NAME [--note N] [--version N]",
        "opp competitor remove ID ROW|NAME [--version N]",
        "opp field set ID NAME=VALUE [--version N]",
    };
    struct cli_strv pos = { 0 };
    int rc = parse(argc, argv, op == 0 ? opts : opts + 1, 2, usage[op], &pos);
    fs_opp o = { 0 };
    if (!rc) {
        struct named_change x = { pos.v[1], note, op };
        rc = opp_update(c, pos.v[0], version, change_named, &x, &o);
    }
    if (!rc)
        rc = report(c, &o, o.id);
    fs_opp_free(&o);
    cli_strv_free(&pos);
    return rc;
}

static int competitor_add(struct cli *c, int argc, char **argv)
{
    return named_command(c, argc, argv, 0);
}

static int competitor_remove(struct cli *c, int argc, char **argv)
{
    return named_command(c, argc, argv, 1);
}

static int competitor_list(struct cli *c, int argc, char **argv)
{
    fs_opp o;
    int rc = load_named(c, argc, argv, "opp competitor list ID", &o);
    if (rc)
        return rc;
    const struct cli_col cols[] = {
        { "row", _("row"), COL_INT },
        { "name", _("competitor"), COL_TEXT },
        { "identity_id", _("identity"), COL_INT },
        { "note", _("note"), COL_TEXT },
    };
    struct cli_table *t = cli_table_new(cols, 4);
    for (int i = 0; t && i < o.ncompetitors; i++) {
        char row[24], ident[24];
        i64(row, sizeof row, i + 1);
        i64(ident, sizeof ident, o.competitors[i].identity_id);
        const char *cells[] = { row, o.competitors[i].name, o.competitors[i].identity_id ? ident : NULL,
                                o.competitors[i].note };
        cli_table_add(t, cells);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
    fs_opp_free(&o);
    return t ? 0 : FS_ERUNTIME;
}

static const struct cli_cmd competitor_cmds[] = {
    { "add", competitor_add, "opp competitor add ID NAME [--note N]" },
    { "remove", competitor_remove, "opp competitor remove ID ROW|NAME" },
    { "list", competitor_list, "opp competitor list ID" },
    { NULL, NULL, NULL },
};

static int opp_competitor(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "opp competitor", competitor_cmds, argc - 1, argv + 1);
}

static int field_set(struct cli *c, int argc, char **argv)
{
    return named_command(c, argc, argv, 2);
}

static const struct cli_cmd field_cmds[] = {
    { "set", field_set, "opp field set ID NAME=VALUE" },
    { NULL, NULL, NULL },
};

static int opp_field(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "opp field", field_cmds, argc - 1, argv + 1);
}

/* ---- list ------------------------------------------------------------------- */

struct list_opts {
    const char *subtype, *stage, *status, *type, *source, *campaign, *assigned, *contact, *product, *group, *reason,
        *close_from, *close_to, *won_from, *won_to, *lost_from, *lost_to, *realized_min, *realized_max, *text,
        *after, *limit, *save, *filter;
    bool overdue, invert, replace;
};

/* Resolves --reason in the win and the loss reason lists (a key like
 * "price" may name one of each). */
static int opt_reason(struct cli *c, const char *text, fs_opp_filter *f, fs_err *e)
{
    fs_err ignore;
    int win = fs_lookup_list_item(&c->s, "win_reason", text, _("reason"), &f->win_reason_id, &ignore);
    int loss = fs_lookup_list_item(&c->s, "loss_reason", text, _("reason"), &f->loss_reason_id, e);
    if (win != FS_OK)
        f->win_reason_id = 0;
    if (loss != FS_OK)
        f->loss_reason_id = 0;
    if (win == FS_OK || loss == FS_OK) {
        fs_err_clear(e);
        return FS_OK;
    }
    char *clean = fs_text_sanitize(text, (size_t)-1);
    fs_err_set(e, FS_EINVAL, "reason", _("reason: no win or loss reason matches \"%s\"."), clean ? clean : "");
    free(clean);
    return FS_EINVAL;
}

/* Reads --after and --limit into f. */
static int list_page(const struct list_opts *p, fs_opp_filter *f, fs_err *e)
{
    int64_t v;
    if (p->after && fs_int_parse(p->after, _("after"), 0, INT64_MAX / 2, &f->after, e) != FS_OK)
        return e->code;
    if (p->limit) {
        if (fs_int_parse(p->limit, _("limit"), 1, FS_OPP_LIST_MAX_LIMIT, &v, e) != FS_OK)
            return e->code;
        f->limit = (int)v;
    }
    return FS_OK;
}

/* Turns the typed filters into f (dates in the session's calendar). */
static int list_filter(struct cli *c, const struct list_opts *p, fs_opp_filter *f, char dates[6][11], fs_err *e)
{
    fs_session *s = &c->s;
    fs_opp_filter_init(f);
    if (p->subtype && fs_subtype_resolve(s, p->subtype, _("subtype"), &f->subtype_id, e) != FS_OK)
        return e->code;
    if (p->stage && fs_stage_resolve(s, f->subtype_id, p->stage, _("stage"), &f->stage_id, e) != FS_OK)
        return e->code;
    if (p->status) {
        enum fs_stage_kind k;
        if (fs_stage_kind_parse(p->status, _("status"), &k, e) != FS_OK)
            return e->code;
        f->stage_kind = (int)k;
    }
    if (opt_item(c, "type", p->type, _("type"), &f->type_id, e) != FS_OK ||
        opt_item(c, "source", p->source, _("source"), &f->source_id, e) != FS_OK)
        return e->code;
    if ((p->campaign && fs_lookup_campaign(s, p->campaign, _("campaign"), &f->campaign_id, e) != FS_OK) ||
        (p->assigned && fs_lookup_user(s, p->assigned, _("assigned"), &f->assigned_id, e) != FS_OK) ||
        (p->contact && fs_lookup_identity(s, p->contact, _("contact"), &f->identity_id, e) != FS_OK) ||
        (p->product && fs_lookup_product(s, p->product, _("product"), &f->product_id, e) != FS_OK) ||
        (p->group && fs_lookup_group(s, p->group, _("group"), &f->group_id, e) != FS_OK) ||
        (p->reason && opt_reason(c, p->reason, f, e) != FS_OK))
        return e->code;
    /* Errors name the field as the filter form does ("close date from"). */
    const struct {
        const char *text, *field, *label;
        const char **slot;
    } ds[6] = {
        { p->close_from, "close_from", N_("close date from"), &f->close_from },
        { p->close_to, "close_to", N_("close date to"), &f->close_to },
        { p->won_from, "won_from", N_("won from"), &f->won_from },
        { p->won_to, "won_to", N_("won to"), &f->won_to },
        { p->lost_from, "lost_from", N_("lost from"), &f->lost_from },
        { p->lost_to, "lost_to", N_("lost to"), &f->lost_to },
    };
    for (int i = 0; i < 6; i++) {
        if (!ds[i].text)
            continue;
        if (!*ds[i].text)
            return fs_err_set(e, FS_EINVAL, ds[i].field, _("%s: a date is required."), _(ds[i].label));
        if (cli_parse_date(c, ds[i].text, _(ds[i].label), dates[i], e) != FS_OK)
            return e->code;
        *ds[i].slot = dates[i];
    }
    if (p->realized_min) {
        f->has_realized_min = true;
        if (fs_money_parse(p->realized_min, _("realized from"), &f->realized_min, e) != FS_OK)
            return e->code;
    }
    if (p->realized_max) {
        f->has_realized_max = true;
        if (fs_money_parse(p->realized_max, _("realized to"), &f->realized_max, e) != FS_OK)
            return e->code;
    }
    f->text = p->text;
    f->overdue = p->overdue;
    f->invert = p->invert;
    return list_page(p, f, e);
}

/* True when any option that filters (not --after or --limit) was given. */
static bool any_filter_option(const struct list_opts *p)
{
    const char *const given[] = { p->subtype, p->stage, p->status, p->type, p->source, p->campaign, p->assigned,
                                  p->contact, p->product, p->group, p->reason, p->close_from, p->close_to,
                                  p->won_from, p->won_to, p->lost_from, p->lost_to, p->realized_min,
                                  p->realized_max, p->text };
    for (size_t i = 0; i < sizeof given / sizeof *given; i++)
        if (given[i])
            return true;
    return p->overdue || p->invert;
}

static void list_json(const fs_opp_page *pg)
{
    struct jw w;
    jw_begin(&w, stdout);
    jw_obj(&w, NULL);
    jw_arr(&w, "rows");
    for (int i = 0; i < pg->n; i++) {
        const fs_opp_row *r = &pg->rows[i];
        jw_obj(&w, NULL);
        jw_int(&w, "id", r->id);
        jw_str(&w, "number", r->number);
        jw_str(&w, "title", r->title);
        jw_str(&w, "contact", r->contact);
        jw_str(&w, "stage", r->stage_key);
        jw_str(&w, "stage_kind", fs_stage_kind_name(r->stage_kind));
        jw_int(&w, "final", r->final_amount);
        jw_int(&w, "probability", r->probability);
        jw_int(&w, "expected", r->expected_amount);
        jw_str(&w, "close_date", r->close_date[0] ? r->close_date : NULL);
        jw_str(&w, "won_at", r->won_at[0] ? r->won_at : NULL);
        jw_str(&w, "lost_at", r->lost_at[0] ? r->lost_at : NULL);
        jw_str(&w, "assigned", r->assigned);
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_obj(&w, "totals");
    jw_int(&w, "count", pg->count);
    jw_int(&w, "final", pg->sum_final);
    jw_int(&w, "expected", pg->sum_expected);
    jw_end_obj(&w);
    if (pg->more)
        jw_int(&w, "next_after", pg->next_after);
    else
        jw_null(&w, "next_after");
    jw_end_obj(&w);
    jw_finish(&w);
}

static void list_table(struct cli *c, const fs_opp_page *pg)
{
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },
        { "number", _("number"), COL_TEXT },
        { "title", _("title"), COL_TEXT },
        { "contact", _("contact"), COL_TEXT },
        { "stage", _("stage"), COL_TEXT },
        { "final", _("final amount"), COL_MONEY },
        { "expected", _("expected amount"), COL_MONEY },
        { "close_date", _("close date"), COL_DATE },
        { "assigned", _("assigned to"), COL_TEXT },
    };
    struct cli_table *t = cli_table_new(cols, 9);
    if (!t)
        return;
    for (int i = 0; i < pg->n; i++) {
        const fs_opp_row *r = &pg->rows[i];
        char id[24], fin[24], exp[24];
        i64(id, sizeof id, r->id);
        i64(fin, sizeof fin, r->final_amount);
        i64(exp, sizeof exp, r->expected_amount);
        const char *cells[] = { id, r->number, r->title, r->contact, r->stage, fin, exp, r->close_date, r->assigned };
        cli_table_add(t, cells);
    }
    char count[64], num[32], fin[24], exp[24];
    snprintf(count, sizeof count, _("total: %s"), local_int(c, pg->count, num, sizeof num));
    i64(fin, sizeof fin, pg->sum_final);
    i64(exp, sizeof exp, pg->sum_expected);
    const char *totals[] = { NULL, NULL, count, NULL, NULL, fin, exp, NULL, NULL };
    cli_table_print(c, t, totals);
    cli_table_free(t);
    if (pg->more && c->format == CLI_TABLE)
        printf(_("(more: --after %s)\n"), local_int(c, pg->next_after, num, sizeof num));
}

static int opp_list(struct cli *c, int argc, char **argv)
{
    struct list_opts p = { 0 };
    const struct cli_opt opts[] = {
        { "subtype", 1, &p.subtype, NULL, NULL },       { "stage", 1, &p.stage, NULL, NULL },
        { "status", 1, &p.status, NULL, NULL },         { "type", 1, &p.type, NULL, NULL },
        { "source", 1, &p.source, NULL, NULL },         { "campaign", 1, &p.campaign, NULL, NULL },
        { "assigned", 1, &p.assigned, NULL, NULL },     { "contact", 1, &p.contact, NULL, NULL },
        { "product", 1, &p.product, NULL, NULL },       { "group", 1, &p.group, NULL, NULL },
        { "reason", 1, &p.reason, NULL, NULL },         { "close-from", 1, &p.close_from, NULL, NULL },
        { "close-to", 1, &p.close_to, NULL, NULL },     { "overdue", 0, NULL, &p.overdue, NULL },
        { "won-from", 1, &p.won_from, NULL, NULL },     { "won-to", 1, &p.won_to, NULL, NULL },
        { "lost-from", 1, &p.lost_from, NULL, NULL },   { "lost-to", 1, &p.lost_to, NULL, NULL },
        { "realized-min", 1, &p.realized_min, NULL, NULL }, { "realized-max", 1, &p.realized_max, NULL, NULL },
        { "text", 1, &p.text, NULL, NULL },             { "not", 0, NULL, &p.invert, NULL },
        { "after", 1, &p.after, NULL, NULL },           { "limit", 1, &p.limit, NULL, NULL },
        { "save", 1, &p.save, NULL, NULL },             { "replace", 0, NULL, &p.replace, NULL },
        { "filter", 1, &p.filter, NULL, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    /* A saved filter is the whole filter: options beside it would leave
     * the user guessing which one counts. */
    if (p.filter && any_filter_option(&p))
        return cli_usage(_("opp list: --filter applies a saved filter as it is; give no other filter options "
                           "with it (only --after, --limit and --save)."));
    if (p.replace && !p.save)
        return cli_usage(_("opp list: --replace goes with --save NAME."));
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_opp_filter f;
    char dates[6][11];
    fs_opp_page pg;
    fs_saved_filter *sf = p.filter ? malloc(sizeof *sf) : NULL;
    int64_t saved_id = 0;
    if (p.filter && !sf) {
        rc = fs_err_set(&e, FS_ERUNTIME, "", _("out of memory."));
    } else if (p.filter) {
        /* f's texts point into sf, which lives until the list is printed. */
        if (fs_saved_filter_find(&c->s, p.filter, _("filter"), &saved_id, &e) == FS_OK &&
            fs_saved_filter_load(&c->s, saved_id, sf, &e) == FS_OK) {
            f = sf->f;
            rc = list_page(&p, &f, &e);
        } else {
            rc = e.code;
        }
    } else {
        rc = list_filter(c, &p, &f, dates, &e);
    }
    if (rc == FS_OK && p.save) {
        rc = fs_saved_filter_save(&c->s, p.save, &f, p.replace, &saved_id, &e);
        if (rc == FS_OK && c->format == CLI_TABLE)
            fprintf(stderr, _("saved the filter as %lld.\n"), (long long)saved_id);
    }
    if (rc != FS_OK || fs_opp_list(&c->s, &f, &pg, &e) != FS_OK) {
        free(sf);
        return cli_fail(&e);
    }
    if (c->format == CLI_JSON)
        list_json(&pg);
    else
        list_table(c, &pg);
    fs_opp_page_free(&pg);
    free(sf);
    return 0;
}

static const struct cli_cmd opp_cmds[] = {
    { "add", opp_add,
      "opp add --contact ID|NAME --title T [--subtype S] [--stage S] [--type ITEM] [--assigned LOGIN] "
      "[--source ITEM] [--campaign C] [--close-date DATE] [--amount RIAL] [--probability N] "
      "[--purchase-process ITEM] [--competitor NAME]... [--field NAME=VALUE]..." },
    { "bulk-add", opp_bulk_add,
      "opp bulk-add --contact ID|NAME... | --contacts-from FILE|- --title T [--line PRODUCT[=QTY]]... "
      "[other options of add]   one opportunity for each identity" },
    { "edit", opp_edit, "opp edit ID [options of add] [--reason ITEM] [--amount-auto] [--version N]" },
    { "stage", opp_stage, "opp stage ID STAGE [--reason ITEM] [--version N]" },
    { "line", opp_line, "opp line add|edit|list|remove|move ID ..." },
    { "competitor", opp_competitor, "opp competitor add|remove|list ID ..." },
    { "field", opp_field, "opp field set ID NAME=VALUE" },
    { "show", opp_show, "opp show ID [--history]" },
    { "list", opp_list,
      "opp list [--subtype S] [--stage S] [--status open|won|lost] [--type T] [--source S] [--campaign C] "
      "[--assigned LOGIN] [--contact C] [--product CODE] [--group G] [--reason R] [--close-from D] [--close-to D] "
      "[--overdue] [--won-from D] [--won-to D] [--lost-from D] [--lost-to D] [--realized-min RIAL] "
      "[--realized-max RIAL] [--text T] [--not] [--after ID] [--limit N] [--save NAME [--replace]] "
      "[--filter NAME]" },
    { "proforma", cmd_opp_proforma, "opp proforma ID             issue a draft proforma with the products" },
    { "invoice", cmd_opp_invoice, "opp invoice ID              issue a draft invoice with the products" },
    { NULL, NULL, NULL },
};

int cmd_opp(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "opp", opp_cmds, argc - 1, argv + 1);
}
