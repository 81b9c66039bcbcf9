/* cmd_records.c — the records part from the command line (SPEC §8):
 * `forsat note`, `forsat followup`, `forsat tag`, `forsat records` and
 * `forsat morning`.  The item is named by one of --opp, --contact, --doc
 * or --product; every rule lives in src/core/records.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "document.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "records.h"
#include "report.h"

/* Formats v into buf and returns buf (table cells are strings). */
static const char *i64(char *buf, size_t n, int64_t v)
{
    snprintf(buf, n, "%" PRId64, v);
    return buf;
}

/* ---- naming the item ------------------------------------------------------------ */

struct item_opts {
    const char *opp, *contact, *doc, *product;
};

#define ITEM_OPTS(p)                                                                                              \
    { "opp", 1, &(p).opp, NULL, NULL }, { "contact", 1, &(p).contact, NULL, NULL },                             \
        { "doc", 1, &(p).doc, NULL, NULL }, { "product", 1, &(p).product, NULL, NULL }

/* Resolves the one item option given into its stored kind and id. */
static int resolve_item(struct cli *c, const struct item_opts *p, const char **kind, int64_t *id, fs_err *e)
{
    int given = !!p->opp + !!p->contact + !!p->doc + !!p->product;
    if (given != 1)
        return fs_err_set(e, FS_EINVAL, "item", _("item: give one of --opp, --contact, --doc or --product."));
    fs_session *s = &c->s;
    if (p->opp) {
        *kind = "opportunity";
        return fs_opp_find(s, p->opp, _("opportunity"), id, e);
    }
    if (p->contact) {
        *kind = "identity";
        return fs_lookup_identity(s, p->contact, _("contact"), id, e);
    }
    if (p->doc) {
        *kind = "document";
        return fs_doc_find(s, p->doc, _("document"), id, e);
    }
    *kind = "product";
    return fs_lookup_product(s, p->product, _("product"), id, e);
}

/* Parses argv against opts, checks npos positional arguments (-1: any
 * number, at least one) and opens the session. */
static int begin(struct cli *c, int argc, char **argv, const struct cli_opt *opts, int npos, const char *usage,
                 struct cli_strv *pos)
{
    if (cli_parse(argc, argv, opts, pos) != 0)
        return FS_EINVAL;
    if ((npos >= 0 && pos->n != npos) || (npos < 0 && pos->n < 1))
        return cli_usage(_("usage: forsat %s"), usage);
    return cli_session(c);
}

/* Joins the positional words with spaces (a note typed without quotes). */
static char *join_words(const struct cli_strv *pos)
{
    size_t n = 1;
    for (int i = 0; i < pos->n; i++)
        n += strlen(pos->v[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < pos->n; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, pos->v[i]);
    }
    return s;
}

/* ---- notes ---------------------------------------------------------------------- */

static const struct cli_col note_cols[] = {
    { "id", N_("id"), COL_INT },
    { "created_at", N_("when"), COL_TEXT },
    { "user", N_("user"), COL_TEXT },
    { "text", N_("note"), COL_TEXT },
};

/* Prints notes (the whole list, or the one with id only when only > 0). */
static void print_notes(struct cli *c, const fs_note *v, int n, int64_t only)
{
    struct cli_col cols[4];
    for (int i = 0; i < 4; i++) {
        cols[i] = note_cols[i];
        cols[i].heading = _(note_cols[i].heading);
    }
    if (only && c->format == CLI_JSON) {
        for (int i = 0; i < n; i++)
            if (v[i].id == only) {
                struct jw w;
                jw_begin(&w, stdout);
                jw_obj(&w, NULL);
                jw_int(&w, "id", v[i].id);
                jw_str(&w, "item_kind", v[i].item_kind);
                jw_int(&w, "item_id", v[i].item_id);
                jw_str(&w, "text", v[i].body);
                jw_str(&w, "user", v[i].login);
                jw_str(&w, "created_at", v[i].created_at);
                jw_end_obj(&w);
                jw_finish(&w);
            }
        return;
    }
    struct cli_table *t = cli_table_new(cols, 4);
    for (int i = 0; t && i < n; i++) {
        /* The day in the chosen calendar and the UTC time, as the history
         * shows its changes. */
        char id[24], day[11], when[64];
        snprintf(day, sizeof day, "%.10s", v[i].created_at);
        cli_date(c, day, when, 32);
        snprintf(when + strlen(when), sizeof when - strlen(when), " %.5s", v[i].created_at + 11);
        const char *cells[] = { i64(id, sizeof id, v[i].id), when, v[i].login, v[i].body };
        cli_table_add(t, cells);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
}

/* `note add ITEM TEXT…`: prints the new note's id (JSON: the note). */
static int note_add(struct cli *c, int argc, char **argv)
{
    struct item_opts p = { 0 };
    const struct cli_opt opts[] = { ITEM_OPTS(p), { 0 } };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, -1, "note add --opp ID|--contact ID|--doc ID|--product ID TEXT", &pos);
    fs_err e;
    fs_err_clear(&e);
    const char *kind;
    int64_t item, id;
    char *text = rc ? NULL : join_words(&pos);
    if (!rc && !text)
        rc = FS_ERUNTIME;
    if (!rc && (resolve_item(c, &p, &kind, &item, &e) != FS_OK || fs_note_add(&c->s, kind, item, text, &id, &e) != FS_OK))
        rc = cli_fail(&e);
    free(text);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    if (c->format != CLI_JSON) {
        printf("%" PRId64 "\n", id);
        return 0;
    }
    fs_note *v;
    int n;
    if (fs_note_list(&c->s, kind, item, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    print_notes(c, v, n, id);
    fs_note_list_free(v, n);
    return 0;
}

/* `note list ITEM`: the item's notes, newest first. */
static int note_list(struct cli *c, int argc, char **argv)
{
    struct item_opts p = { 0 };
    const struct cli_opt opts[] = { ITEM_OPTS(p), { 0 } };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, 0, "note list --opp ID|--contact ID|--doc ID|--product ID", &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    const char *kind;
    int64_t item;
    fs_note *v;
    int n;
    if (resolve_item(c, &p, &kind, &item, &e) != FS_OK || fs_note_list(&c->s, kind, item, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    print_notes(c, v, n, 0);
    fs_note_list_free(v, n);
    return 0;
}

static const struct cli_cmd note_cmds[] = {
    { "add", note_add, "note add --opp ID|--contact ID|--doc ID|--product ID TEXT" },
    { "list", note_list, "note list --opp ID|--contact ID|--doc ID|--product ID" },
    { NULL, NULL, NULL },
};

int cmd_note(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "note", note_cmds, argc - 1, argv + 1);
}

/* ---- follow-ups ------------------------------------------------------------------- */

static void followup_json(struct jw *w, const fs_followup *f)
{
    jw_obj(w, NULL);
    jw_int(w, "id", f->id);
    jw_str(w, "item_kind", f->item_kind);
    jw_int(w, "item_id", f->item_id);
    jw_str(w, "item", f->item_label);
    jw_str(w, "user", f->login);
    jw_str(w, "due_from", f->due_from);
    jw_str(w, "due_to", f->due_to);
    jw_str(w, "remind_at", f->remind_at[0] ? f->remind_at : NULL);
    jw_str(w, "text", f->description);
    jw_bool(w, "done", f->done);
    jw_bool(w, "overdue", f->overdue);
    jw_str(w, "created_by", f->created_by);
    jw_end_obj(w);
}

/* The follow-ups as a table (JSON: an array). */
static void print_followups(struct cli *c, const fs_followup *v, int n)
{
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_arr(&w, NULL);
        for (int i = 0; i < n; i++)
            followup_json(&w, &v[i]);
        jw_end_arr(&w);
        jw_finish(&w);
        return;
    }
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },           { "due_from", _("due from"), COL_DATE },
        { "due_to", _("due to"), COL_DATE },  { "remind_at", _("remind at"), COL_TEXT },
        { "item", _("item"), COL_TEXT },      { "text", _("description"), COL_TEXT },
        { "user", _("user"), COL_TEXT },      { "done", _("done"), COL_BOOL },
        { "overdue", _("overdue"), COL_BOOL },
    };
    struct cli_table *t = cli_table_new(cols, 9);
    for (int i = 0; t && i < n; i++) {
        char id[24], remind[64] = "";
        if (v[i].remind_at[0]) {
            /* The date in the chosen calendar, then the local time. */
            char day[11];
            snprintf(day, sizeof day, "%.10s", v[i].remind_at);
            cli_date(c, day, remind, 32);
            snprintf(remind + strlen(remind), sizeof remind - strlen(remind), " %s", v[i].remind_at + 11);
        }
        const char *cells[] = { i64(id, sizeof id, v[i].id), v[i].due_from, v[i].due_to, remind,
                                v[i].item_label, v[i].description, v[i].login, v[i].done ? "1" : "0",
                                v[i].overdue ? "1" : "0" };
        cli_table_add(t, cells);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
}

/* `followup add ITEM --due D [--due-to D] [--remind "D HH:MM"] --text T
 * [--user LOGIN]`: prints the new id (JSON: the follow-up). */
static int followup_add(struct cli *c, int argc, char **argv)
{
    struct item_opts p = { 0 };
    const char *due = NULL, *due_to = NULL, *remind = NULL, *text = NULL, *user = NULL;
    const struct cli_opt opts[] = {
        ITEM_OPTS(p),
        { "due", 1, &due, NULL, NULL },
        { "due-to", 1, &due_to, NULL, NULL },
        { "remind", 1, &remind, NULL, NULL },
        { "text", 1, &text, NULL, NULL },
        { "user", 1, &user, NULL, NULL },
        { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, 0,
                   "followup add --opp ID|--contact ID|--doc ID|--product ID --due D [--due-to D] "
                   "[--remind \"D HH:MM\"] --text T [--user LOGIN]",
                   &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    struct fs_followup_new in = { 0 };
    char from[11] = "", to[11] = "", at[17] = "";
    int64_t id;
    if (resolve_item(c, &p, &in.item_kind, &in.item_id, &e) != FS_OK ||
        (due && cli_parse_date(c, due, _("due"), from, &e) != FS_OK) ||
        (due_to && cli_parse_date(c, due_to, _("due_to"), to, &e) != FS_OK) ||
        (remind && fs_remind_parse(&c->s, remind, _("remind"), at, &e) != FS_OK) ||
        (user && fs_lookup_user(&c->s, user, _("user"), &in.user_id, &e) != FS_OK))
        return cli_fail(&e);
    in.due_from = from;
    in.due_to = to;
    in.remind_at = at;
    in.description = text;
    if (fs_followup_add(&c->s, &in, &id, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format != CLI_JSON) {
        printf("%" PRId64 "\n", id);
        return 0;
    }
    fs_followup f;
    if (fs_followup_get(&c->s, id, &f, &e) != FS_OK)
        return cli_fail(&e);
    struct jw w;
    jw_begin(&w, stdout);
    followup_json(&w, &f);
    jw_finish(&w);
    fs_followup_free(&f);
    return 0;
}

/* `followup list [--user LOGIN] [--days N] [--all]`: the due list (open,
 * due from today or earlier, overdue first); --days looks ahead, --all
 * shows every follow-up of the user, done ones too. */
static int followup_list(struct cli *c, int argc, char **argv)
{
    const char *user = NULL, *days = NULL;
    bool all = false;
    const struct cli_opt opts[] = {
        { "user", 1, &user, NULL, NULL }, { "days", 1, &days, NULL, NULL }, { "all", 0, NULL, &all, NULL }, { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, 0, "followup list [--user LOGIN] [--days N] [--all]", &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_followup_filter f;
    fs_followup_filter_init(&f);
    int64_t v = 0;
    if ((user && fs_lookup_user(&c->s, user, _("user"), &f.user_id, &e) != FS_OK) ||
        (days && fs_int_parse(days, _("days"), 0, 36500, &v, &e) != FS_OK))
        return cli_fail(&e);
    f.days_ahead = all ? -1 : (int)v;
    f.include_done = all;
    fs_followup *list;
    int n;
    if (fs_followup_list(&c->s, &f, &list, &n, &e) != FS_OK)
        return cli_fail(&e);
    print_followups(c, list, n);
    fs_followup_list_free(list, n);
    return 0;
}

/* `followup done ID [--undo]`: prints the id. */
static int followup_done(struct cli *c, int argc, char **argv)
{
    bool undo = false;
    const struct cli_opt opts[] = { { "undo", 0, NULL, &undo, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, 1, "followup done ID [--undo]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    if (!rc && (fs_parse_id(pos.v[0], _("follow-up"), &id, &e) != FS_OK ||
                fs_followup_set_done(&c->s, id, !undo, &e) != FS_OK))
        rc = cli_fail(&e);
    if (!rc)
        printf("%" PRId64 "\n", id);
    cli_strv_free(&pos);
    return rc;
}

static const struct cli_cmd followup_cmds[] = {
    { "add", followup_add,
      "followup add --opp ID|--contact ID|--doc ID|--product ID --due D [--due-to D] [--remind \"D HH:MM\"] "
      "--text T [--user LOGIN]" },
    { "list", followup_list, "followup list [--user LOGIN] [--days N] [--all]" },
    { "done", followup_done, "followup done ID [--undo]" },
    { NULL, NULL, NULL },
};

int cmd_followup(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "followup", followup_cmds, argc - 1, argv + 1);
}

/* ---- tags ------------------------------------------------------------------------ */

/* `tag add|remove ITEM TAG`: prints nothing but errors; `tag list ITEM`. */
static int tag_command(struct cli *c, int argc, char **argv, int op)
{
    static const char *const usage[] = {
        "tag add --opp ID|--contact ID|--doc ID|--product ID TAG",
        "tag remove --opp ID|--contact ID|--doc ID|--product ID TAG",
        "tag list --opp ID|--contact ID|--doc ID|--product ID",
    };
    struct item_opts p = { 0 };
    const struct cli_opt opts[] = { ITEM_OPTS(p), { 0 } };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, op == 2 ? 0 : 1, usage[op], &pos);
    fs_err e;
    fs_err_clear(&e);
    const char *kind;
    int64_t item;
    char **tags = NULL;
    int n = 0;
    if (!rc && (resolve_item(c, &p, &kind, &item, &e) != FS_OK ||
                (op == 0 && fs_tag_add(&c->s, kind, item, pos.v[0], &e) != FS_OK) ||
                (op == 1 && fs_tag_remove(&c->s, kind, item, pos.v[0], &e) != FS_OK) ||
                fs_tag_list(&c->s, kind, item, &tags, &n, &e) != FS_OK))
        rc = cli_fail(&e);
    if (!rc && (op == 2 || c->format == CLI_JSON)) {
        const struct cli_col cols[] = { { "tag", _("tag"), COL_TEXT } };
        struct cli_table *t = cli_table_new(cols, 1);
        for (int i = 0; t && i < n; i++)
            cli_table_add(t, (const char *const *)&tags[i]);
        if (t)
            cli_table_print(c, t, NULL);
        cli_table_free(t);
    }
    fs_tag_list_free(tags, n);
    cli_strv_free(&pos);
    return rc;
}

/* `tag add ITEM TAG`. */
static int tag_add(struct cli *c, int argc, char **argv)
{
    return tag_command(c, argc, argv, 0);
}

/* `tag remove ITEM TAG`. */
static int tag_remove(struct cli *c, int argc, char **argv)
{
    return tag_command(c, argc, argv, 1);
}

/* `tag list ITEM`. */
static int tag_list(struct cli *c, int argc, char **argv)
{
    return tag_command(c, argc, argv, 2);
}

static const struct cli_cmd tag_cmds[] = {
    { "add", tag_add, "tag add --opp ID|--contact ID|--doc ID|--product ID TAG" },
    { "remove", tag_remove, "tag remove --opp ID|--contact ID|--doc ID|--product ID TAG" },
    { "list", tag_list, "tag list --opp ID|--contact ID|--doc ID|--product ID" },
    { NULL, NULL, NULL },
};

int cmd_tag(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "tag", tag_cmds, argc - 1, argv + 1);
}

/* ---- the records part -------------------------------------------------------------- */

/* `records show ITEM [--limit N]`: everything linked to the item. */
static int records_show(struct cli *c, int argc, char **argv)
{
    struct item_opts p = { 0 };
    const char *limit = NULL;
    const struct cli_opt opts[] = { ITEM_OPTS(p), { "limit", 1, &limit, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, 0, "records show --opp ID|--contact ID|--doc ID|--product ID [--limit N]",
                   &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    const char *kind;
    int64_t item, lim = 0;
    fs_record *v;
    int n;
    if ((limit && fs_int_parse(limit, _("limit"), 1, 100000, &lim, &e) != FS_OK) ||
        resolve_item(c, &p, &kind, &item, &e) != FS_OK ||
        fs_records_list(&c->s, kind, item, (int)lim, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col cols[] = {
        { "record", _("record"), COL_TEXT }, { "id", _("id"), COL_INT },
        { "kind", _("kind"), COL_TEXT },     { "status", _("status"), COL_TEXT },
        { "date", _("date"), COL_DATE },     { "text", _("text"), COL_TEXT },
        { "amount", _("amount"), COL_MONEY }, { "user", _("user"), COL_TEXT },
        { "item_kind", _("on"), COL_TEXT },  { "item_id", _("on id"), COL_INT },
    };
    struct cli_table *t = cli_table_new(cols, 10);
    for (int i = 0; t && i < n; i++) {
        char id[24], amount[24], on[24];
        bool money = v[i].kind == FS_RECORD_DOCUMENT || v[i].kind == FS_RECORD_MONEY;
        const char *cells[] = { fs_record_kind_name(v[i].kind), i64(id, sizeof id, v[i].id), v[i].subkind,
                                v[i].status, v[i].date, v[i].text, money ? i64(amount, sizeof amount, v[i].amount) : NULL,
                                v[i].login, v[i].item_kind, i64(on, sizeof on, v[i].item_id) };
        cli_table_add(t, cells);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
    fs_records_list_free(v, n);
    return t ? 0 : FS_ERUNTIME;
}

/* `records important --opp ID [--off]`: prints the opportunity's id. */
static int records_important(struct cli *c, int argc, char **argv)
{
    const char *opp = NULL;
    bool off = false;
    const struct cli_opt opts[] = { { "opp", 1, &opp, NULL, NULL }, { "off", 0, NULL, &off, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = begin(c, argc, argv, opts, 0, "records important --opp ID [--off]", &pos);
    cli_strv_free(&pos);
    if (!rc && !opp)
        rc = cli_usage(_("usage: forsat %s"), "records important --opp ID [--off]");
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (fs_opp_find(&c->s, opp, _("opportunity"), &id, &e) != FS_OK ||
        fs_records_set_important(&c->s, id, !off, &e) != FS_OK)
        return cli_fail(&e);
    printf("%" PRId64 "\n", id);
    return 0;
}

static const struct cli_cmd records_cmds[] = {
    { "show", records_show, "records show --opp ID|--contact ID|--doc ID|--product ID [--limit N]" },
    { "important", records_important, "records important --opp ID [--off]" },
    { NULL, NULL, NULL },
};

int cmd_records(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "records", records_cmds, argc - 1, argv + 1);
}

/* ---- morning -------------------------------------------------------------------------- */

static void overdue_table(struct cli *c, const fs_morning_view *m)
{
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },             { "number", _("number"), COL_TEXT },
        { "title", _("title"), COL_TEXT },      { "contact", _("contact"), COL_TEXT },
        { "close_date", _("close date"), COL_DATE }, { "final", _("final amount"), COL_MONEY },
        { "expected", _("expected amount"), COL_MONEY },
    };
    struct cli_table *t = cli_table_new(cols, 7);
    for (int i = 0; t && i < m->noverdue; i++) {
        const fs_pipeline_card *k = &m->overdue[i];
        char id[24], fin[24], exp[24];
        const char *cells[] = { i64(id, sizeof id, k->id), k->number, k->title, k->contact, k->close_date,
                                i64(fin, sizeof fin, k->final_amount), i64(exp, sizeof exp, k->expected_amount) };
        cli_table_add(t, cells);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
}

/* `morning`: the rep's overdue close dates and due follow-ups. */
int cmd_morning(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_morning_view m;
    if (fs_morning(&c->s, 0, &m, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "overdue_count", m.overdue_count);
        jw_arr(&w, "overdue");
        for (int i = 0; i < m.noverdue; i++) {
            jw_obj(&w, NULL);
            jw_int(&w, "id", m.overdue[i].id);
            jw_str(&w, "number", m.overdue[i].number);
            jw_str(&w, "title", m.overdue[i].title);
            jw_str(&w, "contact", m.overdue[i].contact);
            jw_str(&w, "close_date", m.overdue[i].close_date);
            jw_int(&w, "final", m.overdue[i].final_amount);
            jw_int(&w, "expected", m.overdue[i].expected_amount);
            jw_end_obj(&w);
        }
        jw_end_arr(&w);
        jw_arr(&w, "due");
        for (int i = 0; i < m.ndue; i++)
            followup_json(&w, &m.due[i]);
        jw_end_arr(&w);
        jw_end_obj(&w);
        jw_finish(&w);
    } else {
        /* CSV: the two tables one after the other, without headings. */
        bool table = c->format == CLI_TABLE;
        char n[24];
        char *l = fs_text_local_digits(i64(n, sizeof n, m.overdue_count), c->digits);
        if (table)
            printf(_("Overdue close dates: %s\n"), l ? l : n);
        free(l);
        if (m.noverdue || !table)
            overdue_table(c, &m);
        l = fs_text_local_digits(i64(n, sizeof n, m.ndue), c->digits);
        if (table)
            printf(_("\nFollow-ups due: %s\n"), l ? l : n);
        else
            fputs("\r\n", stdout);
        free(l);
        if (m.ndue || !table)
            print_followups(c, m.due, m.ndue);
    }
    fs_morning_free(&m);
    return 0;
}
