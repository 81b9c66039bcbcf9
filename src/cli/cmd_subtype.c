/* cmd_subtype.c — the opportunity model from the command line:
 * `forsat subtype …`, `forsat stage …` and `forsat field …` (custom
 * fields).  Rules live in src/core/subtype.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "subtype.h"

/* Parses argv with opts and checks the count of positional arguments;
 * opens the session.  Returns 0 or an exit status (usage printed). */
static int parse(struct cli *c, int argc, char **argv, const struct cli_opt *opts, int npos, const char *usage,
                 struct cli_strv *pos)
{
    if (cli_parse(argc, argv, opts, pos) != 0)
        return FS_EINVAL;
    if (pos->n != npos)
        return cli_usage(_("usage: forsat %s"), usage);
    return cli_session(c);
}

static void i64(char *buf, size_t n, int64_t v)
{
    snprintf(buf, n, "%" PRId64, v);
}

/* A table of the columns src with their headings translated into buf
 * (which must live as long as the table). */
static struct cli_table *new_table(const struct cli_col *src, int n, struct cli_col *buf)
{
    for (int i = 0; i < n; i++) {
        buf[i] = src[i];
        buf[i].heading = _(src[i].heading);
    }
    return cli_table_new(buf, n);
}

/* ---- subtype ------------------------------------------------------------ */

static const struct cli_col subtype_cols[] = {
    { "id", N_("id"), COL_INT },           { "key", N_("key"), COL_TEXT },
    { "title_fa", N_("title (fa)"), COL_TEXT }, { "title_en", N_("title (en)"), COL_TEXT },
    { "default", N_("default"), COL_BOOL }, { "active", N_("active"), COL_BOOL },
};
#define NSUBTYPE_COLS ((int)(sizeof subtype_cols / sizeof *subtype_cols))

/* Prints subtypes as a table (or CSV/JSON); one JSON object when single. */
static int print_subtypes(struct cli *c, const fs_subtype *v, int n, bool single)
{
    if (single && c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", v->id);
        jw_str(&w, "key", v->key);
        jw_str(&w, "title_fa", v->title_fa);
        jw_str(&w, "title_en", v->title_en);
        jw_bool(&w, "default", v->is_default);
        jw_bool(&w, "active", v->active);
        jw_end_obj(&w);
        jw_finish(&w);
        return 0;
    }
    struct cli_col cols[NSUBTYPE_COLS];
    struct cli_table *t = new_table(subtype_cols, NSUBTYPE_COLS, cols);
    if (!t)
        return FS_ERUNTIME;
    for (int i = 0; i < n; i++) {
        char id[24];
        i64(id, sizeof id, v[i].id);
        const char *cells[] = { id, v[i].key, v[i].title_fa, v[i].title_en, v[i].is_default ? "1" : "0",
                                v[i].active ? "1" : "0" };
        cli_table_add(t, cells);
    }
    cli_table_print(c, t, NULL);
    cli_table_free(t);
    return 0;
}

static int subtype_add(struct cli *c, int argc, char **argv)
{
    const char *fa = NULL, *en = NULL;
    const struct cli_opt opts[] = { { "fa", 1, &fa, NULL, NULL }, { "en", 1, &en, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1, "subtype add KEY --fa TITLE [--en TITLE]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id = 0;
    fs_subtype t;
    if (!rc && (fs_subtype_add(&c->s, pos.v[0], fa, en, &id, &e) != FS_OK || fs_subtype_get(&c->s, id, &t, &e) != FS_OK))
        rc = cli_fail(&e);
    else if (!rc && c->format == CLI_JSON)
        rc = print_subtypes(c, &t, 1, true);
    else if (!rc)
        printf("%" PRId64 "\n", id);
    cli_strv_free(&pos);
    return rc;
}

static int subtype_list(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, (const struct cli_opt[]){ { 0 } }, 0, "subtype list", &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_subtype *v;
    int n;
    if (fs_subtype_list(&c->s, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    rc = print_subtypes(c, v, n, false);
    free(v);
    return rc;
}

static int subtype_rename(struct cli *c, int argc, char **argv)
{
    const char *fa = NULL, *en = NULL;
    const struct cli_opt opts[] = { { "fa", 1, &fa, NULL, NULL }, { "en", 1, &en, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1, "subtype rename SUBTYPE [--fa TITLE] [--en TITLE]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (!rc && (fs_lookup_subtype(&c->s, pos.v[0], _("subtype"), &id, &e) != FS_OK ||
                fs_subtype_rename(&c->s, id, fa, en, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int subtype_default(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, (const struct cli_opt[]){ { 0 } }, 1, "subtype default SUBTYPE", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (!rc && (fs_lookup_subtype(&c->s, pos.v[0], _("subtype"), &id, &e) != FS_OK ||
                fs_subtype_set_default(&c->s, id, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static const struct cli_cmd subtype_cmds[] = {
    { "add", subtype_add, "subtype add KEY --fa TITLE [--en TITLE]   (starts with the default stage chain)" },
    { "list", subtype_list, "subtype list" },
    { "rename", subtype_rename, "subtype rename SUBTYPE [--fa TITLE] [--en TITLE]" },
    { "default", subtype_default, "subtype default SUBTYPE" },
    { NULL, NULL, NULL },
};

int cmd_subtype(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "subtype", subtype_cmds, argc - 1, argv + 1);
}

/* ---- stage -------------------------------------------------------------- */

/* Resolves --subtype (NULL: 0, meaning "any id, names in the default"). */
static int opt_subtype(struct cli *c, const char *text, int64_t *id, fs_err *e)
{
    *id = 0;
    return text ? fs_subtype_resolve(&c->s, text, _("subtype"), id, e) : FS_OK;
}

static const struct cli_col stage_cols[] = {
    { "position", N_("position"), COL_INT }, { "id", N_("id"), COL_INT },
    { "key", N_("key"), COL_TEXT },          { "title_fa", N_("title (fa)"), COL_TEXT },
    { "title_en", N_("title (en)"), COL_TEXT }, { "kind", N_("kind"), COL_TEXT },
    { "active", N_("active"), COL_BOOL },    { "opportunities", N_("opportunities"), COL_INT },
};
#define NSTAGE_COLS ((int)(sizeof stage_cols / sizeof *stage_cols))

static void print_stage_json(const fs_stage *g)
{
    struct jw w;
    jw_begin(&w, stdout);
    jw_obj(&w, NULL);
    jw_int(&w, "id", g->id);
    jw_int(&w, "subtype_id", g->subtype_id);
    jw_int(&w, "position", g->position);
    jw_str(&w, "key", g->key);
    jw_str(&w, "title_fa", g->title_fa);
    jw_str(&w, "title_en", g->title_en);
    jw_str(&w, "kind", fs_stage_kind_name(g->kind));
    jw_bool(&w, "active", g->active);
    jw_end_obj(&w);
    jw_finish(&w);
}

static int stage_list(struct cli *c, int argc, char **argv)
{
    const char *subtype = NULL;
    const struct cli_opt opts[] = { { "subtype", 1, &subtype, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 0, "stage list [--subtype S]", &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t sid;
    fs_stage *v;
    int n;
    if (fs_subtype_resolve(&c->s, subtype, _("subtype"), &sid, &e) != FS_OK ||
        fs_stage_list(&c->s, sid, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    struct cli_col cols[NSTAGE_COLS];
    struct cli_table *t = new_table(stage_cols, NSTAGE_COLS, cols);
    for (int i = 0; t && i < n; i++) {
        char p[24], id[24], cnt[24];
        i64(p, sizeof p, v[i].position);
        i64(id, sizeof id, v[i].id);
        i64(cnt, sizeof cnt, v[i].opp_count);
        const char *cells[] = { p, id, v[i].key, v[i].title_fa, v[i].title_en, fs_stage_kind_name(v[i].kind),
                                v[i].active ? "1" : "0", cnt };
        cli_table_add(t, cells);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
    free(v);
    return t ? 0 : FS_ERUNTIME;
}

static int stage_add(struct cli *c, int argc, char **argv)
{
    const char *fa = NULL, *en = NULL, *kind = "open", *position = NULL, *subtype = NULL;
    const struct cli_opt opts[] = {
        { "fa", 1, &fa, NULL, NULL },          { "en", 1, &en, NULL, NULL },
        { "kind", 1, &kind, NULL, NULL },      { "position", 1, &position, NULL, NULL },
        { "subtype", 1, &subtype, NULL, NULL }, { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1,
                   "stage add KEY --fa TITLE [--en TITLE] [--kind open|won|lost] [--position N] [--subtype S]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t sid, id, p = 0;
    enum fs_stage_kind k;
    fs_stage g;
    if (!rc && (fs_subtype_resolve(&c->s, subtype, _("subtype"), &sid, &e) != FS_OK ||
                fs_stage_kind_parse(kind, _("kind"), &k, &e) != FS_OK ||
                (position && fs_int_parse(position, _("position"), 1, 1000, &p, &e) != FS_OK) ||
                fs_stage_add(&c->s, sid, pos.v[0], fa, en, k, (int)p, &id, &e) != FS_OK ||
                fs_stage_get(&c->s, id, &g, &e) != FS_OK))
        rc = cli_fail(&e);
    else if (!rc && c->format == CLI_JSON)
        print_stage_json(&g);
    else if (!rc)
        printf("%" PRId64 "\n", id);
    cli_strv_free(&pos);
    return rc;
}

/* The stage named by pos.v[0] (and the replacement named by replace, in
 * the same subtype, when given). */
static int target_stage(struct cli *c, const char *subtype, const char *text, const char *replace, int64_t *id,
                        int64_t *rid, fs_err *e)
{
    int64_t sid;
    fs_stage g;
    if (opt_subtype(c, subtype, &sid, e) != FS_OK || fs_stage_resolve(&c->s, sid, text, _("stage"), id, e) != FS_OK)
        return e->code;
    if (rid)
        *rid = 0;
    if (!replace)
        return FS_OK;
    if (fs_stage_get(&c->s, *id, &g, e) != FS_OK)
        return e->code;
    return fs_stage_resolve(&c->s, g.subtype_id, replace, _("replace"), rid, e);
}

static int stage_rename(struct cli *c, int argc, char **argv)
{
    const char *fa = NULL, *en = NULL, *subtype = NULL;
    const struct cli_opt opts[] = {
        { "fa", 1, &fa, NULL, NULL }, { "en", 1, &en, NULL, NULL }, { "subtype", 1, &subtype, NULL, NULL }, { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1, "stage rename STAGE [--fa TITLE] [--en TITLE] [--subtype S]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id;
    if (!rc && (target_stage(c, subtype, pos.v[0], NULL, &id, NULL, &e) != FS_OK ||
                fs_stage_rename(&c->s, id, fa, en, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static int stage_move(struct cli *c, int argc, char **argv)
{
    const char *subtype = NULL;
    const struct cli_opt opts[] = { { "subtype", 1, &subtype, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 2, "stage move STAGE POSITION [--subtype S]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id, p;
    if (!rc && (target_stage(c, subtype, pos.v[0], NULL, &id, NULL, &e) != FS_OK ||
                fs_int_parse(pos.v[1], _("position"), 1, 1000, &p, &e) != FS_OK ||
                fs_stage_move(&c->s, id, (int)p, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

/* disable, enable and delete: the same shape. */
static int stage_retire(struct cli *c, int argc, char **argv, int what)
{
    const char *subtype = NULL, *replace = NULL;
    /* enable takes no replacement: its table ends before --replace. */
    const struct cli_opt opts[] = {
        { "subtype", 1, &subtype, NULL, NULL },
        { what == 1 ? NULL : "replace", 1, &replace, NULL, NULL },
        { 0 },
    };
    static const char *const usage[] = { "stage disable STAGE [--replace STAGE] [--subtype S]",
                                         "stage enable STAGE [--subtype S]",
                                         "stage delete STAGE [--replace STAGE] [--subtype S]" };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1, usage[what], &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t id, rid, moved = 0;
    if (!rc && target_stage(c, subtype, pos.v[0], replace, &id, &rid, &e) != FS_OK)
        rc = cli_fail(&e);
    else if (!rc && (what == 2 ? fs_stage_delete(&c->s, id, rid, &moved, &e)
                               : fs_stage_set_active(&c->s, id, what == 1, rid, &moved, &e)) != FS_OK)
        rc = cli_fail(&e);
    else if (!rc && moved)
        printf(P_("%" PRId64 " opportunity moved.\n", "%" PRId64 " opportunities moved.\n", moved), moved);
    cli_strv_free(&pos);
    return rc;
}

static int stage_disable(struct cli *c, int argc, char **argv)
{
    return stage_retire(c, argc, argv, 0);
}

static int stage_enable(struct cli *c, int argc, char **argv)
{
    return stage_retire(c, argc, argv, 1);
}

static int stage_delete(struct cli *c, int argc, char **argv)
{
    return stage_retire(c, argc, argv, 2);
}

static const struct cli_cmd stage_cmds[] = {
    { "list", stage_list, "stage list [--subtype S]" },
    { "add", stage_add, "stage add KEY --fa TITLE [--en TITLE] [--kind open|won|lost] [--position N] [--subtype S]" },
    { "rename", stage_rename, "stage rename STAGE [--fa TITLE] [--en TITLE] [--subtype S]" },
    { "move", stage_move, "stage move STAGE POSITION [--subtype S]" },
    { "disable", stage_disable, "stage disable STAGE [--replace STAGE] [--subtype S]" },
    { "enable", stage_enable, "stage enable STAGE [--subtype S]" },
    { "delete", stage_delete, "stage delete STAGE [--replace STAGE] [--subtype S]" },
    { NULL, NULL, NULL },
};

int cmd_stage(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "stage", stage_cmds, argc - 1, argv + 1);
}

/* ---- field -------------------------------------------------------------- */

static const struct cli_col field_cols[] = {
    { "id", N_("id"), COL_INT },        { "key", N_("key"), COL_TEXT },
    { "label_fa", N_("label (fa)"), COL_TEXT }, { "label_en", N_("label (en)"), COL_TEXT },
    { "type", N_("type"), COL_TEXT },   { "required", N_("required"), COL_BOOL },
    { "active", N_("active"), COL_BOOL }, { "choices", N_("choices"), COL_TEXT },
};
#define NFIELD_COLS ((int)(sizeof field_cols / sizeof *field_cols))

static void print_field_json(const fs_custom_field *f)
{
    struct jw w;
    jw_begin(&w, stdout);
    jw_obj(&w, NULL);
    jw_int(&w, "id", f->id);
    jw_int(&w, "subtype_id", f->subtype_id);
    jw_str(&w, "key", f->key);
    jw_str(&w, "label_fa", f->label_fa);
    jw_str(&w, "label_en", f->label_en);
    jw_str(&w, "type", fs_custom_field_type_name(f->type));
    jw_bool(&w, "required", f->required);
    jw_bool(&w, "active", f->active);
    jw_arr(&w, "choices");
    const char *p = f->choices;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        char *opt = strndup(p, nl ? (size_t)(nl - p) : strlen(p));
        jw_str(&w, NULL, opt ? opt : "");
        free(opt);
        p = nl ? nl + 1 : NULL;
    }
    jw_end_arr(&w);
    jw_end_obj(&w);
    jw_finish(&w);
}

static int field_add(struct cli *c, int argc, char **argv)
{
    const char *fa = NULL, *en = NULL, *type = NULL, *choices = NULL, *subtype = NULL;
    bool required = false;
    const struct cli_opt opts[] = {
        { "fa", 1, &fa, NULL, NULL },           { "en", 1, &en, NULL, NULL },
        { "type", 1, &type, NULL, NULL },       { "choices", 1, &choices, NULL, NULL },
        { "required", 0, NULL, &required, NULL }, { "subtype", 1, &subtype, NULL, NULL },
        { 0 },
    };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1,
                   "field add KEY --type text|number|amount|date|bool|choice|user --fa LABEL [--en LABEL] "
                   "[--required] [--choices \"A,B\"] [--subtype S]",
                   &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t sid, id;
    enum fs_custom_field_type t;
    fs_custom_field f = { 0 };
    if (!rc && (fs_subtype_resolve(&c->s, subtype, _("subtype"), &sid, &e) != FS_OK ||
                fs_custom_field_type_parse(type, _("type"), &t, &e) != FS_OK ||
                fs_custom_field_add(&c->s, sid, pos.v[0], fa, en, t, required, choices, &id, &e) != FS_OK ||
                fs_custom_field_get(&c->s, id, &f, &e) != FS_OK))
        rc = cli_fail(&e);
    else if (!rc && c->format == CLI_JSON)
        print_field_json(&f);
    else if (!rc)
        printf("%" PRId64 "\n", id);
    free(f.choices);
    cli_strv_free(&pos);
    return rc;
}

static int field_list(struct cli *c, int argc, char **argv)
{
    const char *subtype = NULL;
    bool all = false;
    const struct cli_opt opts[] = { { "subtype", 1, &subtype, NULL, NULL }, { "all", 0, NULL, &all, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 0, "field list [--subtype S] [--all]", &pos);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    int64_t sid;
    fs_custom_field *v;
    int n;
    if (fs_subtype_resolve(&c->s, subtype, _("subtype"), &sid, &e) != FS_OK ||
        fs_custom_field_list(&c->s, sid, all, &v, &n, &e) != FS_OK)
        return cli_fail(&e);
    struct cli_col cols[NFIELD_COLS];
    struct cli_table *t = new_table(field_cols, NFIELD_COLS, cols);
    for (int i = 0; t && i < n; i++) {
        char id[24];
        i64(id, sizeof id, v[i].id);
        /* Options one per line are shown comma separated. */
        char *choices = strdup(v[i].choices);
        for (char *p = choices; p && *p; p++)
            if (*p == '\n')
                *p = ',';
        const char *cells[] = { id, v[i].key, v[i].label_fa, v[i].label_en, fs_custom_field_type_name(v[i].type),
                                v[i].required ? "1" : "0", v[i].active ? "1" : "0", choices };
        cli_table_add(t, cells);
        free(choices);
    }
    if (t)
        cli_table_print(c, t, NULL);
    cli_table_free(t);
    fs_custom_field_list_free(v, n);
    return t ? 0 : FS_ERUNTIME;
}

static int field_disable(struct cli *c, int argc, char **argv)
{
    const char *subtype = NULL;
    const struct cli_opt opts[] = { { "subtype", 1, &subtype, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse(c, argc, argv, opts, 1, "field disable FIELD [--subtype S]", &pos);
    fs_err e;
    fs_err_clear(&e);
    int64_t sid, id;
    if (!rc && (fs_subtype_resolve(&c->s, subtype, _("subtype"), &sid, &e) != FS_OK ||
                fs_custom_field_resolve(&c->s, sid, pos.v[0], _("field"), &id, &e) != FS_OK ||
                fs_custom_field_disable(&c->s, id, &e) != FS_OK))
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    return rc;
}

static const struct cli_cmd field_cmds[] = {
    { "add", field_add,
      "field add KEY --type text|number|amount|date|bool|choice|user --fa LABEL [--en LABEL] [--required] "
      "[--choices \"A,B\"] [--subtype S]" },
    { "list", field_list, "field list [--subtype S] [--all]" },
    { "disable", field_disable, "field disable FIELD [--subtype S]" },
    { NULL, NULL, NULL },
};

int cmd_field(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "field", field_cmds, argc - 1, argv + 1);
}
