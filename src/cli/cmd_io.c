/* cmd_io.c — `forsat import contacts|products|opportunities FILE.csv` and
 * `forsat export contacts|products|opportunities|report NAME …`: CSV files
 * in and out (src/core/csv_io.c; columns in docs/CSV.md).  `export report`
 * runs the report command itself with CSV output, so its file is the one
 * `forsat --format csv report NAME …` prints. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "csv_io.h"
#include "csv_out.h"
#include "i18n.h"

/* Prints one bad row on stderr: "line N, column C: reason". */
static void report_row(void *ctx, long line, const char *column, const char *msg)
{
    (void)ctx;
    char head[128];
    snprintf(head, sizeof head, _("line %ld"), line);
    fputs("forsat: ", stderr);
    fputs(head, stderr);
    if (column && *column) {
        fputs(_(", column "), stderr);
        cli_puts_safe(stderr, column);
    }
    fputs(": ", stderr);
    cli_puts_safe(stderr, msg);
    fputc('\n', stderr);
}

/* Parses argv against opts with npos positional arguments.  `help` or
 * `--help` alone prints the usage and returns -1; a wrong count is a usage
 * error (2). */
static int parse_args(int argc, char **argv, const struct cli_opt *opts, int npos, const char *usage,
                      struct cli_strv *pos)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        printf("usage: forsat %s\n", usage);
        return -1;
    }
    int rc = cli_parse(argc, argv, opts, pos);
    if (!rc && pos->n == 1 && strcmp(pos->v[0], "help") == 0) {
        printf("usage: forsat %s\n", usage);
        cli_strv_free(pos);
        return -1;
    }
    if (!rc && pos->n != npos)
        rc = cli_usage("%s: forsat %s", _("usage"), usage);
    return rc;
}

/* `import WHAT FILE [--skip-bad] [--dry-run]`: one summary line on
 * stdout, every bad row on stderr. */
int cmd_import(struct cli *c, int argc, char **argv)
{
    fs_import_opts o = { false, false, report_row, NULL };
    const struct cli_opt opts[] = { { "skip-bad", 0, NULL, &o.skip_bad, NULL }, { "dry-run", 0, NULL, &o.dry_run, NULL },
                                    { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse_args(argc, argv, opts, 2, "import contacts|products|opportunities FILE.csv [--skip-bad] [--dry-run]",
                        &pos);
    if (rc < 0)
        return 0;
    fs_err e;
    fs_err_clear(&e);
    enum fs_csv_kind kind = FS_CSV_CONTACTS;
    if (!rc && fs_csv_kind_parse(pos.v[0], &kind, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc)
        rc = cli_session(c);
    fs_import_result r;
    if (!rc && fs_import_csv(&c->s, kind, pos.v[1], &o, &r, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    if (rc)
        return rc;
    if (c->format == CLI_JSON)
        printf("{\"imported\":%ld,\"skipped\":%ld,\"dry_run\":%s}\n", r.imported, r.skipped,
               o.dry_run ? "true" : "false");
    else if (o.dry_run)
        printf(_("would import %ld, skip %ld (dry run: nothing was changed)\n"), r.imported, r.skipped);
    else
        printf(_("imported %ld, skipped %ld\n"), r.imported, r.skipped);
    return 0;
}

/* Writes one CSV row (every cell quoted, CRLF) to stdout. */
static int write_row(void *ctx, const char *const *cells, int n)
{
    (void)ctx;
    return cli_csv_row(cells, n) ? 1 : 0;
}

/* --dates jalali|iso → the calendar of CSV dates; a usage error (2)
 * otherwise. */
static int dates_option(const char *dates, enum fs_calendar *cal)
{
    if (strcmp(dates, "iso") == 0 || strcmp(dates, "gregorian") == 0)
        *cal = FS_CAL_GREGORIAN;
    else if (strcmp(dates, "jalali") == 0)
        *cal = FS_CAL_JALALI;
    else
        return cli_usage(_("--dates: must be jalali or iso, not \"%s\"."), dates);
    return 0;
}

/* `export report NAME [the report's options] [--bom] [--dates jalali|iso]`:
 * argv[0] is "report".  --bom and --dates are taken out; the rest goes to
 * `report NAME …` with CSV output. */
static int export_report(struct cli *c, int argc, char **argv)
{
    static const char *const names[] = { "list", "pipeline", "forecast", "won-lost", "cycle", "campaign" };
    static const char usage[] =
        "export report list|pipeline|forecast|won-lost|cycle|campaign [the report's options] [--bom] "
        "[--dates jalali|iso]";
    bool known = false;
    for (size_t i = 0; argc >= 2 && i < sizeof names / sizeof *names; i++)
        known = known || strcmp(argv[1], names[i]) == 0;
    if (!known) {
        if (argc >= 2 && (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0)) {
            printf("usage: forsat %s\n", usage);
            return 0;
        }
        return cli_usage("%s: forsat %s", _("usage"), usage);
    }
    char **v = calloc((size_t)argc + 1, sizeof *v);
    if (!v)
        return FS_ERUNTIME;
    int n = 0, rc = 0;
    bool bom = c->csv_bom;
    enum fs_calendar cal = FS_CAL_JALALI;
    for (int i = 0; i < argc && !rc; i++) {
        if (strcmp(argv[i], "--bom") == 0)
            bom = true;
        else if (strcmp(argv[i], "--dates") == 0 && i + 1 < argc)
            rc = dates_option(argv[++i], &cal);
        else if (strncmp(argv[i], "--dates=", 8) == 0)
            rc = dates_option(argv[i] + 8, &cal);
        else
            v[n++] = argv[i];
    }
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    /* The permission is checked before anything is written. */
    if (!rc && fs_require(&c->s, FS_PERM_EXPORT, &e) != FS_OK)
        rc = cli_fail(&e);
    if (!rc) {
        c->format = CLI_CSV;
        c->csv_bom = bom;
        c->calendar = cal;
        c->s.calendar = cal;
        rc = cmd_report(c, n, v);
    }
    free(v);
    return rc;
}

/* `export WHAT [--bom] [--dates jalali|iso]`: CSV on stdout. */
int cmd_export(struct cli *c, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "report") == 0)
        return export_report(c, argc - 1, argv + 1);
    const char *dates = NULL;
    bool bom = c->csv_bom;
    const struct cli_opt opts[] = { { "bom", 0, NULL, &bom, NULL }, { "dates", 1, &dates, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = parse_args(argc, argv, opts, 1, "export contacts|products|opportunities|report NAME ... [--bom] [--dates jalali|iso]", &pos);
    if (rc < 0)
        return 0;
    enum fs_calendar cal = FS_CAL_JALALI;
    if (!rc && dates)
        rc = dates_option(dates, &cal);
    fs_err e;
    fs_err_clear(&e);
    enum fs_csv_kind kind = FS_CSV_CONTACTS;
    if (!rc && fs_csv_kind_parse(pos.v[0], &kind, &e) != FS_OK)
        rc = cli_fail(&e);
    cli_strv_free(&pos);
    if (!rc)
        rc = cli_session(c);
    if (rc)
        return rc;
    /* The permission is checked before anything is written. */
    if (fs_require(&c->s, FS_PERM_EXPORT, &e) != FS_OK)
        return cli_fail(&e);
    if (bom)
        fputs(FS_CSV_BOM, stdout);
    if (fs_export_csv(&c->s, kind, cal, write_row, NULL, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}
