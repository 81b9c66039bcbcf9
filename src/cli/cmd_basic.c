/* cmd_basic.c — init, date, summary. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "money.h"
#include "share.h"
#include "stats.h"

/* `forsat init [--shared GROUP]`: with --shared the database (new, or
 * one already initialised) is given to a Unix group (share.h). */
int cmd_init(struct cli *c, int argc, char **argv)
{
    const char *shared = NULL;
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { "shared", 1, &shared, NULL, NULL }, { 0 } }, NULL) != 0)
        return FS_EINVAL;
    fs_err e;
    fs_err_clear(&e);
    if (shared && fs_share_check(c->db_path, shared, &e) != FS_OK)
        return cli_fail(&e);
    const char *login = fs_os_login();
    int st = fs_init_database(c->db_path, login, &e);
    bool existing = shared && st == FS_ECONFLICT && strcmp(e.field, "db") == 0;
    if (st != FS_OK && !existing)
        return cli_fail(&e);
    if (st == FS_OK)
        printf(_("created %s; %s is its admin.\n"), c->db_path, login);
    if (shared && fs_share_database(c->db_path, shared, &e) != FS_OK)
        return cli_fail(&e);
    if (shared)
        printf(_("%s is shared with the group %s; its members need a forsat user (`forsat user add`).\n"),
               c->db_path, shared);
    return 0;
}

/* `forsat date X`: X in Jalali or ISO Gregorian (or today, +N); prints the
 * Jalali and the ISO form. */
int cmd_date(struct cli *c, int argc, char **argv)
{
    struct cli_strv pos = { 0 };
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, &pos) != 0)
        return FS_EINVAL;
    if (pos.n > 1) {
        cli_strv_free(&pos);
        return cli_usage(_("date: give one date, like 1403/12/30 or 2025-03-20."));
    }
    const char *text = pos.n ? pos.v[0] : "today";
    fs_err e;
    fs_err_clear(&e);
    fs_day d;
    /* ISO input is always Gregorian; a slash date follows --calendar. */
    int st = fs_date_parse(text, fs_today(), c->calendar, _("date"), &d, &e);
    cli_strv_free(&pos);
    if (st != FS_OK)
        return cli_fail(&e);
    char j[32], iso[11];
    fs_date_format(d, FS_CAL_JALALI, c->digits, j, sizeof j);
    fs_day_to_iso(d, iso);
    int y, m, dd;
    fs_day_to_jalali(d, &y, &m, &dd);
    int wd = fs_day_weekday_sat0(d);
    if (c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        fs_date_format(d, FS_CAL_JALALI, FS_DIGITS_LATIN, j, sizeof j);
        jw_str(&w, "jalali", j);
        jw_str(&w, "gregorian", iso);
        jw_str(&w, "weekday", fs_weekday_name_sat0(wd, false));
        jw_bool(&w, "leap_year", fs_jalali_is_leap(y));
        jw_end_obj(&w);
        jw_finish(&w);
        return 0;
    }
    printf("%s  %s  %s %s\n", j, iso, fs_weekday_name_sat0(wd, c->lang_fa),
           fs_jalali_month_name(m, c->lang_fa));
    return 0;
}

/* `forsat summary`: what the database holds. */
int cmd_summary(struct cli *c, int argc, char **argv)
{
    if (cli_parse(argc, argv, (const struct cli_opt[]){ { 0 } }, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    int64_t n[FS_STAT_COUNT];
    if (fs_stats(&c->s, n, &e) != FS_OK)
        return cli_fail(&e);
    char today[32];
    fs_date_format(fs_today(), c->calendar, c->digits, today, sizeof today);
    printf(_("forsat %s — %s — user %s — %s\n"), FORSAT_VERSION, c->db_path, c->s.login, today);
    for (int i = 0; i < FS_STAT_COUNT; i++) {
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)n[i]);
        char *loc = fs_text_local_digits(num, c->digits);
        cli_kv(fs_stat_label((enum fs_stat)i), loc ? loc : num);
        free(loc);
    }
    return 0;
}
