/* cmd_demo.c — `forsat demo [--size small|large]`: a realistic demo
 * database (src/core/demo.c). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "demo.h"
#include "i18n.h"
#include "money.h"

/* The rows of every table as JSON, CSV or a table. */
static void print_rows(struct cli *c, const fs_demo_result *r)
{
    const struct cli_col cols[] = {
        { "table", _("table"), COL_TEXT },
        { "rows", _("rows"), COL_INT },
    };
    struct cli_table *t = cli_table_new(cols, 2);
    if (!t)
        return;
    for (int i = 0; i < FS_DEMO_TABLE_COUNT; i++) {
        char n[24];
        snprintf(n, sizeof n, "%" PRId64, r->rows[i]);
        const char *cells[] = { fs_demo_table_name((enum fs_demo_table)i), n };
        cli_table_add(t, cells);
    }
    cli_table_print(c, t, NULL);
    cli_table_free(t);
}

/* `forsat demo [--size small|large]` (and the hidden `--scale N`, which
 * divides the large counts for tests). */
int cmd_demo(struct cli *c, int argc, char **argv)
{
    const char *size = NULL, *scale = NULL;
    const struct cli_opt opts[] = {
        { "size", 1, &size, NULL, NULL },
        { "scale", 1, &scale, NULL, NULL },
        { 0 },
    };
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    fs_demo_opts o = { FS_DEMO_SMALL, 1, c->as_login };
    if (size && strcmp(size, "large") == 0)
        o.size = FS_DEMO_LARGE;
    else if (size && strcmp(size, "small") != 0)
        return cli_usage(_("--size: must be small or large, not \"%s\"."), size);
    fs_err e;
    fs_err_clear(&e);
    if (scale) {
        int64_t v;
        if (o.size != FS_DEMO_LARGE)
            return cli_usage(_("--scale: only the large demo can be scaled down."));
        if (fs_int_parse(scale, "scale", 1, 1000000, &v, &e) != FS_OK)
            return cli_fail(&e);
        o.scale = (int)v;
    }
    fs_demo_result r;
    if (fs_demo_create(c->db_path, &o, &r, &e) != FS_OK)
        return cli_fail(&e);

    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_str(&w, "db", c->db_path);
        jw_str(&w, "size", o.size == FS_DEMO_LARGE ? "large" : "small");
        jw_int(&w, "elapsed_ms", r.elapsed_ms);
        jw_obj(&w, "rows");
        for (int i = 0; i < FS_DEMO_TABLE_COUNT; i++)
            jw_int(&w, fs_demo_table_name((enum fs_demo_table)i), r.rows[i]);
        jw_end_obj(&w);
        jw_end_obj(&w);
        jw_finish(&w);
        return 0;
    }
    if (c->format == CLI_CSV) {
        print_rows(c, &r);
        return 0;
    }
    char counts[768];
    snprintf(counts, sizeof counts,
             _("%" PRId64 " users, %" PRId64 " identities, %" PRId64 " products, %" PRId64
               " opportunities with %" PRId64 " product lines, %" PRId64 " documents, %" PRId64
               " money items in %" PRId64 ".%01" PRId64 " s."),
             r.rows[FS_DEMO_USER], r.rows[FS_DEMO_IDENTITY], r.rows[FS_DEMO_PRODUCT], r.rows[FS_DEMO_OPPORTUNITY],
             r.rows[FS_DEMO_OPP_LINE], r.rows[FS_DEMO_DOCUMENT], r.rows[FS_DEMO_MONEY_ITEM], r.elapsed_ms / 1000,
             r.elapsed_ms % 1000 / 100);
    /* The path stays as it is; only the counts take the chosen digits. */
    char *loc = fs_text_local_digits(counts, c->digits);
    printf(_("created the demo database %s: %s\n"), c->db_path, loc ? loc : counts);
    free(loc);
    if (o.size == FS_DEMO_LARGE)
        print_rows(c, &r);
    return 0;
}
