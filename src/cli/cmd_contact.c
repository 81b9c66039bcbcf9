/* cmd_contact.c — `forsat contact add|edit|show|list|search`: identities
 * (people and organizations) from the command line. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "identity.h"
#include "lookup.h"
#include "money.h"

/* The options add and edit share; NULL = not given. */
struct contact_opts {
    const char *name, *kind, *phone, *mobile, *email, *address, *national_id, *economic_code, *source, *owner,
        *notes, *version;
    bool force;
};

/* Fills opts[] (room for 14 entries) with the add/edit options writing
 * into o; edit also takes --version. */
static void contact_options(struct contact_opts *o, bool edit, struct cli_opt *opts)
{
    const struct cli_opt all[] = {
        { "name", 1, &o->name, NULL, NULL },
        { "kind", 1, &o->kind, NULL, NULL },
        { "phone", 1, &o->phone, NULL, NULL },
        { "mobile", 1, &o->mobile, NULL, NULL },
        { "email", 1, &o->email, NULL, NULL },
        { "address", 1, &o->address, NULL, NULL },
        { "national-id", 1, &o->national_id, NULL, NULL },
        { "economic-code", 1, &o->economic_code, NULL, NULL },
        { "source", 1, &o->source, NULL, NULL },
        { "owner", 1, &o->owner, NULL, NULL },
        { "notes", 1, &o->notes, NULL, NULL },
        { "force", 0, NULL, &o->force, NULL },
        { "version", 1, &o->version, NULL, NULL },
        { 0 },
    };
    int n = 0;
    for (const struct cli_opt *p = all; p->name; p++)
        if (edit || strcmp(p->name, "version") != 0)
            opts[n++] = *p;
    memset(&opts[n], 0, sizeof opts[n]);
}

/* Copies the given options onto r, resolving --source and --owner by
 * name; "" clears a field. */
static int apply_options(struct cli *c, const struct contact_opts *o, fs_identity *r, fs_err *e)
{
    const struct {
        const char *val;
        const char **slot;
    } text[] = {
        { o->name, &r->name },     { o->kind, &r->kind },       { o->phone, &r->phone },
        { o->mobile, &r->mobile }, { o->email, &r->email },     { o->address, &r->address },
        { o->national_id, &r->national_id }, { o->economic_code, &r->economic_code }, { o->notes, &r->notes },
    };
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        if (text[i].val)
            *text[i].slot = text[i].val;
    if (o->source) {
        r->source_id = 0;
        if (*o->source && fs_lookup_list_item(&c->s, "source", o->source, _("source"), &r->source_id, e) != FS_OK)
            return e->code;
    }
    if (o->owner) {
        r->owner_id = 0;
        if (*o->owner && fs_lookup_user(&c->s, o->owner, _("owner"), &r->owner_id, e) != FS_OK)
            return e->code;
    }
    if (o->version && fs_int_parse(o->version, _("version"), 1, INT64_MAX / 2, &r->version, e) != FS_OK)
        return e->code;
    return FS_OK;
}

/* A number for display in the chosen digits (malloc'd; NULL stays NULL). */
static char *local_number(const struct cli *c, const char *v)
{
    return v ? fs_text_local_digits(v, c->digits) : NULL;
}

/* Prints an identity: key/value lines, or one JSON object. */
static void print_identity(struct cli *c, const fs_identity *r)
{
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", r->id);
        jw_str(&w, "kind", r->kind);
        jw_str(&w, "name", r->name);
        jw_str(&w, "phone", r->phone);
        jw_str(&w, "mobile", r->mobile);
        jw_str(&w, "email", r->email);
        jw_str(&w, "address", r->address);
        jw_str(&w, "national_id", r->national_id);
        jw_str(&w, "economic_code", r->economic_code);
        jw_str(&w, "source", r->source_key);
        jw_str(&w, "owner", r->owner_login);
        jw_str(&w, "notes", r->notes);
        jw_str(&w, "created_at", r->created_at);
        jw_str(&w, "updated_at", r->updated_at);
        jw_int(&w, "version", r->version);
        jw_end_obj(&w);
        jw_finish(&w);
        return;
    }
    char num[32], created[32], updated[32], day[11];
    snprintf(num, sizeof num, "%lld", (long long)r->id);
    char *id = local_number(c, num);
    char *phone = local_number(c, r->phone), *mobile = local_number(c, r->mobile);
    char *nid = local_number(c, r->national_id), *eco = local_number(c, r->economic_code);
    snprintf(day, sizeof day, "%.10s", r->created_at);
    cli_date(c, day, created, sizeof created);
    snprintf(day, sizeof day, "%.10s", r->updated_at);
    cli_date(c, day, updated, sizeof updated);
    snprintf(num, sizeof num, "%lld", (long long)r->version);
    char *version = local_number(c, num);
    cli_kv(_("id"), id);
    cli_kv(_("kind"), strcmp(r->kind, "org") == 0 ? _("organization") : _("person"));
    cli_kv(_("name"), r->name);
    cli_kv(_("phone"), phone);
    cli_kv(_("mobile"), mobile);
    cli_kv(_("email"), r->email);
    cli_kv(_("address"), r->address);
    cli_kv(_("national id"), nid);
    cli_kv(_("economic code"), eco);
    cli_kv(_("source"), r->source_label);
    cli_kv(_("owner"), r->owner_login);
    cli_kv(_("notes"), r->notes);
    cli_kv(_("created"), created);
    cli_kv(_("updated"), updated);
    cli_kv(_("version"), version);
    free(id);
    free(phone);
    free(mobile);
    free(nid);
    free(eco);
    free(version);
}

/* Reads identity id and prints it. */
static int show_identity(struct cli *c, int64_t id)
{
    fs_err e;
    fs_err_clear(&e);
    fs_identity r;
    if (fs_identity_get(&c->s, id, &r, &e) != FS_OK)
        return cli_fail(&e);
    print_identity(c, &r);
    fs_identity_free(&r);
    return 0;
}

/* After a save: the id, or with --format json the whole record. */
static int print_saved(struct cli *c, int64_t id)
{
    if (c->format == CLI_JSON)
        return show_identity(c, id);
    printf("%lld\n", (long long)id);
    return 0;
}

/* Parses argv against opts with exactly one positional argument naming an
 * identity (an id or an unambiguous name); opens the session and resolves
 * it into *id.  Returns 0 or the exit status. */
static int parse_one_identity(struct cli *c, int argc, char **argv, const struct cli_opt *opts, const char *usage,
                              int64_t *id)
{
    struct cli_strv pos = { 0 };
    int rc = cli_parse(argc, argv, opts, &pos);
    if (!rc && pos.n != 1)
        rc = cli_usage("%s", usage);
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    if (!rc && fs_lookup_identity(&c->s, pos.v[0], _("identity"), id, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

/* cli_fail for a save; a number that is another identity's gets the
 * command line's way to keep it anyway. */
static int save_fail(fs_err *e)
{
    if (e->code == FS_ECONFLICT && (strcmp(e->field, "phone") == 0 || strcmp(e->field, "mobile") == 0)) {
        size_t n = strlen(e->msg);
        snprintf(e->msg + n, sizeof e->msg - n, " %s", _("(Give --force if this really is another contact.)"));
    }
    return cli_fail(e);
}

/* `contact add`: prints the new id (JSON: the whole record). */
static int contact_add(struct cli *c, int argc, char **argv)
{
    struct contact_opts o = { 0 };
    struct cli_opt opts[16];
    contact_options(&o, false, opts);
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_identity r = { .kind = "person" };
    int64_t id = 0;
    if (apply_options(c, &o, &r, &e) != FS_OK || fs_identity_add(&c->s, &r, o.force, &id, &e) != FS_OK)
        return save_fail(&e);
    return print_saved(c, id);
}


/* `contact edit ID`: changes the given fields; --version N refuses the
 * edit when someone saved the identity after version N. */
static int contact_edit(struct cli *c, int argc, char **argv)
{
    struct contact_opts o = { 0 };
    struct cli_opt opts[16];
    contact_options(&o, true, opts);
    int64_t id = 0;
    int rc = parse_one_identity(c, argc, argv, opts, _("contact edit: give one identity (an id or a name)."), &id);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_identity r;
    if (fs_identity_get(&c->s, id, &r, &e) != FS_OK)
        return cli_fail(&e);
    if (apply_options(c, &o, &r, &e) != FS_OK || fs_identity_edit(&c->s, &r, o.force, &e) != FS_OK)
        rc = save_fail(&e);
    fs_identity_free(&r);
    return rc ? rc : print_saved(c, id);
}

/* `contact show ID`. */
static int contact_show(struct cli *c, int argc, char **argv)
{
    int64_t id = 0;
    int rc = parse_one_identity(c, argc, argv, (const struct cli_opt[]){ { 0 } },
                                _("contact show: give one identity (an id or a name)."), &id);
    return rc ? rc : show_identity(c, id);
}

/* Rows of list and search go into a table; phones in the chosen digits. */
struct rows {
    struct cli *c;
    struct cli_table *t;
    bool search; /* columns id, name, phone, mobile */
    int64_t last_id;
    int count;
};

/* Adds one identity row to the table. */
static int add_row(void *v, const fs_identity_row *r)
{
    struct rows *x = v;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)r->id);
    bool json = x->c->format == CLI_JSON;
    char *phone = json ? NULL : local_number(x->c, r->phone);
    char *mobile = json ? NULL : local_number(x->c, r->mobile);
    const char *ph = json ? r->phone : phone, *mo = json ? r->mobile : mobile;
    if (x->search) {
        const char *cells[] = { id, r->name, ph, mo };
        cli_table_add(x->t, cells);
    } else {
        const char *kind = json ? r->kind : strcmp(r->kind, "org") == 0 ? _("organization") : _("person");
        const char *cells[] = { id, kind, r->name, ph, mo, r->email };
        cli_table_add(x->t, cells);
    }
    free(phone);
    free(mobile);
    x->last_id = r->id;
    x->count++;
    return 0;
}

/* Parses --limit (default def) and --after into *limit / *after. */
static int parse_paging(const char *limit_text, const char *after_text, int def, int *limit, int64_t *after,
                        fs_err *e)
{
    int64_t v = def;
    if (limit_text && fs_int_parse(limit_text, "--limit", 1, FS_IDENTITY_SEARCH_MAX, &v, e) != FS_OK)
        return FS_EINVAL;
    *limit = (int)v;
    *after = 0;
    if (after_text && fs_int_parse(after_text, "--after", 0, INT64_MAX / 2, after, e) != FS_OK)
        return FS_EINVAL;
    return FS_OK;
}

/* `contact list [--after ID] [--limit N] [--kind K]`: a page by id. */
static int contact_list(struct cli *c, int argc, char **argv)
{
    const char *after = NULL, *limit = NULL, *kind = NULL;
    const struct cli_opt opts[] = {
        { "after", 1, &after, NULL, NULL },
        { "limit", 1, &limit, NULL, NULL },
        { "kind", 1, &kind, NULL, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    fs_err e;
    fs_err_clear(&e);
    int n;
    int64_t from;
    if (parse_paging(limit, after, 50, &n, &from, &e) != FS_OK)
        return cli_fail(&e);
    int rc = cli_session(c);
    if (rc)
        return rc;
    static const struct cli_col cols[] = {
        { "id", N_("id"), COL_INT },       { "kind", N_("kind"), COL_TEXT },     { "name", N_("name"), COL_TEXT },
        { "phone", N_("phone"), COL_TEXT }, { "mobile", N_("mobile"), COL_TEXT }, { "email", N_("email"), COL_TEXT },
    };
    struct cli_col tcols[6];
    for (int i = 0; i < 6; i++)
        tcols[i] = (struct cli_col){ cols[i].key, _(cols[i].heading), cols[i].type };
    struct rows x = { c, cli_table_new(tcols, 6), false, 0, 0 };
    if (!x.t)
        return FS_ERUNTIME;
    if (fs_identity_list(&c->s, from, n, kind, add_row, &x, &e) != FS_OK) {
        cli_table_free(x.t);
        return cli_fail(&e);
    }
    cli_table_print(c, x.t, NULL);
    cli_table_free(x.t);
    /* A full page may have a next one; say how to get it. */
    if (x.count == n && c->format == CLI_TABLE)
        fprintf(stderr, _("forsat: more may follow; add --after %lld for the next page.\n"), (long long)x.last_id);
    return 0;
}

/* `contact search TEXT [--limit N]`: type-ahead search by name, phone or
 * code. */
static int contact_search(struct cli *c, int argc, char **argv)
{
    const char *limit = NULL;
    const struct cli_opt opts[] = { { "limit", 1, &limit, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, opts, &pos) != 0) {
        cli_strv_free(&pos);
        return FS_EINVAL;
    }
    if (pos.n < 1) {
        cli_strv_free(&pos);
        return cli_usage(_("contact search: give part of a name, a phone number or a code."));
    }
    /* Several arguments are one text: `contact search علی کریمی`. */
    size_t len = 1;
    for (int i = 0; i < pos.n; i++)
        len += strlen(pos.v[i]) + 1;
    char *text = calloc(1, len);
    for (int i = 0; text && i < pos.n; i++) {
        if (i)
            strcat(text, " ");
        strcat(text, pos.v[i]);
    }
    cli_strv_free(&pos);
    fs_err e;
    fs_err_clear(&e);
    int n = 20;
    int64_t unused;
    int rc = FS_ERUNTIME;
    if (text)
        rc = parse_paging(limit, NULL, 20, &n, &unused, &e) != FS_OK ? cli_fail(&e) : cli_session(c);
    if (rc) {
        free(text);
        return rc;
    }
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },
        { "name", _("name"), COL_TEXT },
        { "phone", _("phone"), COL_TEXT },
        { "mobile", _("mobile"), COL_TEXT },
    };
    struct rows x = { c, cli_table_new(cols, 4), true, 0, 0 };
    bool more = false;
    if (!x.t || fs_identity_search(&c->s, text, n, add_row, &x, &more, &e) != FS_OK) {
        rc = x.t ? cli_fail(&e) : FS_ERUNTIME;
    } else {
        cli_table_print(c, x.t, NULL);
        if (more && c->format == CLI_TABLE)
            fprintf(stderr, _("forsat: more identities match; type more of the name or raise --limit.\n"));
    }
    cli_table_free(x.t);
    free(text);
    return rc;
}

static const struct cli_cmd contact_cmds[] = {
    { "add", contact_add,
      "contact add --name NAME [--kind person|org] [--phone P] [--mobile M] [--email E] [--address A] "
      "[--national-id N] [--economic-code C] [--source ITEM] [--owner LOGIN] [--notes T] [--force]" },
    { "edit", contact_edit, "contact edit ID [the options of add] [--version N]" },
    { "show", contact_show, "contact show ID" },
    { "list", contact_list, "contact list [--after ID] [--limit N] [--kind person|org]" },
    { "search", contact_search, "contact search TEXT [--limit N]" },
    { NULL, NULL, NULL },
};

/* `forsat contact …`. */
int cmd_contact(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "contact", contact_cmds, argc - 1, argv + 1);
}
