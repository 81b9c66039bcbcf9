/* cmd_report.c — `forsat report …`: the reports of SPEC §10 (src/core/
 * report.c) as tables with a bar chart column, CSV or JSON.  `report list`
 * is the opportunity list itself (`opp list`, every filter, totals row,
 * export with --format csv). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "i18n.h"
#include "lookup.h"
#include "money.h"
#include "opportunity.h"
#include "report.h"

/* Formats v into buf and returns buf (table cells are strings). */
static const char *i64(char *buf, size_t n, int64_t v)
{
    snprintf(buf, n, "%" PRId64, v);
    return buf;
}

/* ---- the bar chart column --------------------------------------------------- */

#define BAR_WIDTH 20

/* A bar for v scaled so that max fills BAR_WIDTH cells, in eighths of a
 * cell (▏▎▍▌▋▊▉█), padded to the full width.  Under the Persian UI the bar
 * grows from the right edge leftwards; only the right half (▐) and right
 * eighth (▕) blocks exist for its ragged end. */
static void bar(int64_t v, int64_t max, bool rtl, char *out, size_t n)
{
    static const char *const left[] = { "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
    const int64_t steps = BAR_WIDTH * 8;
    /* Halve both until v × steps cannot overflow. */
    while (max > INT64_MAX / steps) {
        max /= 2;
        v /= 2;
    }
    int64_t eighths = max > 0 && v > 0 ? (v * steps * 2 + max) / (2 * max) : 0;
    if (v > 0 && eighths == 0)
        eighths = 1;
    int full = (int)(eighths / 8), rest = (int)(eighths % 8);
    int cells = full + (rest ? 1 : 0);
    size_t o = 0;
    out[0] = '\0';
#define PUT(s) (o += (size_t)snprintf(out + o, o < n ? n - o : 0, "%s", (s)))
    if (rtl) {
        for (int i = cells; i < BAR_WIDTH; i++)
            PUT(" ");
        if (rest)
            PUT(rest >= 4 ? "▐" : "▕");
        for (int i = 0; i < full; i++)
            PUT("█");
    } else {
        for (int i = 0; i < full; i++)
            PUT("█");
        if (rest)
            PUT(left[rest - 1]);
        for (int i = cells; i < BAR_WIDTH; i++)
            PUT(" ");
    }
#undef PUT
}

/* A report table: the report's columns and, in table form, a chart column
 * whose bars are scaled to `max`. */
#define MAX_COLS 12
struct rtab {
    struct cli *c;
    struct cli_col cols[MAX_COLS + 1];
    int ncols;
    bool chart;
    int64_t max;
    struct cli_table *t;
};

/* Starts a report table; false when memory ran out. */
static bool rtab_begin(struct rtab *r, struct cli *c, const struct cli_col *cols, int ncols, int64_t max)
{
    memset(r, 0, sizeof *r);
    r->c = c;
    memcpy(r->cols, cols, (size_t)ncols * sizeof *cols);
    r->ncols = ncols;
    r->chart = c->format == CLI_TABLE;
    r->max = max;
    if (r->chart)
        r->cols[r->ncols++] = (struct cli_col){ "chart", "", COL_TEXT };
    r->t = cli_table_new(r->cols, r->ncols);
    return r->t != NULL;
}

/* Adds a row of the report's cells and, in table form, the bar of value. */
static void rtab_row(struct rtab *r, const char *const *cells, int64_t value)
{
    const char *row[MAX_COLS + 1];
    char b[BAR_WIDTH * 4 + 8];
    int n = r->ncols - (r->chart ? 1 : 0);
    memcpy(row, cells, (size_t)n * sizeof *row);
    if (r->chart) {
        bar(value, r->max, r->c->lang_fa, b, sizeof b);
        row[n] = b;
    }
    cli_table_add(r->t, row);
}

/* Prints the table with its totals row (NULL for none) and frees it. */
static void rtab_end(struct rtab *r, const char *const *totals)
{
    const char *row[MAX_COLS + 1];
    if (totals) {
        int n = r->ncols - (r->chart ? 1 : 0);
        memcpy(row, totals, (size_t)n * sizeof *row);
        row[n] = NULL;
    }
    cli_table_print(r->c, r->t, totals ? row : NULL);
    cli_table_free(r->t);
}

/* The larger of two values. */
static int64_t max_of(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* ---- options shared by the reports ------------------------------------------ */

struct filter_opts {
    const char *subtype, *type, *source, *campaign, *assigned, *from, *to;
};

#define FILTER_OPTS(p)                                                                                            \
    { "subtype", 1, &(p).subtype, NULL, NULL }, { "type", 1, &(p).type, NULL, NULL },                           \
        { "source", 1, &(p).source, NULL, NULL }, { "campaign", 1, &(p).campaign, NULL, NULL },                 \
        { "assigned", 1, &(p).assigned, NULL, NULL }

/* Resolves the typed filters into f; dates go to from/to buffers. */
static int resolve_filter(struct cli *c, const struct filter_opts *p, fs_report_filter *f, char from[11],
                          char to[11], fs_err *e)
{
    fs_session *s = &c->s;
    memset(f, 0, sizeof *f);
    if ((p->subtype && fs_subtype_resolve(s, p->subtype, _("subtype"), &f->subtype_id, e) != FS_OK) ||
        (p->type && fs_lookup_list_item(s, "type", p->type, _("type"), &f->type_id, e) != FS_OK) ||
        (p->source && fs_lookup_list_item(s, "source", p->source, _("source"), &f->source_id, e) != FS_OK) ||
        (p->campaign && fs_lookup_campaign(s, p->campaign, _("campaign"), &f->campaign_id, e) != FS_OK) ||
        (p->assigned && fs_lookup_user(s, p->assigned, _("assigned"), &f->assigned_id, e) != FS_OK) ||
        (p->from && cli_parse_date(c, p->from, _("from"), from, e) != FS_OK) ||
        (p->to && cli_parse_date(c, p->to, _("to"), to, e) != FS_OK))
        return e->code;
    f->from = p->from ? from : NULL;
    f->to = p->to ? to : NULL;
    return FS_OK;
}

/* Parses argv with opts (no positional arguments), opens the session and
 * resolves the filters. */
static int begin(struct cli *c, int argc, char **argv, const struct cli_opt *opts, const struct filter_opts *p,
                 fs_report_filter *f, char from[11], char to[11])
{
    if (cli_parse(argc, argv, opts, NULL) != 0)
        return FS_EINVAL;
    int rc = cli_session(c);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    if (resolve_filter(c, p, f, from, to, &e) != FS_OK)
        return cli_fail(&e);
    return 0;
}

/* Picks word among names (NULL-terminated); -1 and a usage error if none. */
static int choose(const char *opt, const char *word, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(word, names[i]) == 0)
            return i;
    char list[128] = "";
    for (int i = 0; names[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
    cli_usage(_("%s: must be one of %s, not \"%s\"."), opt, list, word);
    return -1;
}

/* A whole-number option in [min, max]; def when not given. */
static int int_opt(const char *text, const char *field, int64_t min, int64_t max, int def, int *out)
{
    *out = def;
    if (!text)
        return 0;
    fs_err e;
    int64_t v;
    if (fs_int_parse(text, field, min, max, &v, &e) != FS_OK)
        return cli_fail(&e);
    *out = (int)v;
    return 0;
}

/* ---- report list ------------------------------------------------------------ */

/* `report list [opp list filters]`: the opportunity list report. */
static int report_list(struct cli *c, int argc, char **argv)
{
    char **v = calloc((size_t)argc + 2, sizeof *v);
    if (!v)
        return FS_ERUNTIME;
    v[0] = (char *)"opp";
    memcpy(v + 1, argv, (size_t)argc * sizeof *v);
    int rc = cmd_opp(c, argc + 1, v);
    free(v);
    return rc;
}

/* ---- pipeline ----------------------------------------------------------------- */

static void pipeline_json(const fs_pipeline *p, bool cards)
{
    struct jw w;
    jw_begin(&w, stdout);
    jw_obj(&w, NULL);
    jw_int(&w, "subtype_id", p->subtype_id);
    jw_int(&w, "days", p->days);
    jw_str(&w, "since", p->since[0] ? p->since : NULL);
    jw_arr(&w, "columns");
    for (int i = 0; i < p->ncolumns; i++) {
        const fs_pipeline_column *col = &p->columns[i];
        jw_obj(&w, NULL);
        jw_str(&w, "stage", col->key);
        jw_str(&w, "title", col->title);
        jw_str(&w, "kind", fs_stage_kind_name(col->kind));
        jw_int(&w, "count", col->count);
        jw_int(&w, "final", col->sum_final);
        jw_int(&w, "expected", col->sum_expected);
        if (cards) {
            jw_arr(&w, "cards");
            for (int j = 0; j < col->ncards; j++) {
                const fs_pipeline_card *k = &col->cards[j];
                jw_obj(&w, NULL);
                jw_int(&w, "id", k->id);
                jw_str(&w, "number", k->number);
                jw_str(&w, "title", k->title);
                jw_str(&w, "contact", k->contact);
                jw_str(&w, "assigned", k->assigned);
                jw_int(&w, "final", k->final_amount);
                jw_int(&w, "expected", k->expected_amount);
                jw_str(&w, "close_date", k->close_date[0] ? k->close_date : NULL);
                jw_bool(&w, "overdue", k->overdue);
                jw_int(&w, "age_days", k->age_days);
                jw_end_obj(&w);
            }
            jw_end_arr(&w);
        }
        jw_end_obj(&w);
    }
    jw_end_arr(&w);
    jw_obj(&w, "totals");
    jw_int(&w, "count", p->totals.count);
    jw_int(&w, "final", p->totals.sum_final);
    jw_int(&w, "expected", p->totals.sum_expected);
    jw_end_obj(&w);
    jw_end_obj(&w);
    jw_finish(&w);
}

/* The cards of every column as one table (stage first). */
static void pipeline_cards(struct cli *c, const fs_pipeline *p)
{
    const struct cli_col cols[] = {
        { "stage", _("stage"), COL_TEXT },          { "number", _("number"), COL_TEXT },
        { "title", _("title"), COL_TEXT },          { "contact", _("contact"), COL_TEXT },
        { "final", _("final amount"), COL_MONEY },  { "expected", _("expected amount"), COL_MONEY },
        { "close_date", _("close date"), COL_DATE }, { "overdue", _("overdue"), COL_BOOL },
        { "age_days", _("age in days"), COL_INT },  { "assigned", _("assigned to"), COL_TEXT },
    };
    struct cli_table *t = cli_table_new(cols, 10);
    for (int i = 0; t && i < p->ncolumns; i++)
        for (int j = 0; j < p->columns[i].ncards; j++) {
            const fs_pipeline_card *k = &p->columns[i].cards[j];
            char fin[24], exp[24], age[24];
            const char *cells[] = { p->columns[i].key, k->number, k->title, k->contact,
                                    i64(fin, sizeof fin, k->final_amount), i64(exp, sizeof exp, k->expected_amount),
                                    k->close_date, k->overdue ? "1" : "0", i64(age, sizeof age, k->age_days),
                                    k->assigned };
            cli_table_add(t, cells);
        }
    if (t) {
        fputc('\n', stdout);
        cli_table_print(c, t, NULL);
    }
    cli_table_free(t);
}

/* The columns of the board as rows: count, sums and a bar of Σ final. */
static void pipeline_table(struct cli *c, const fs_pipeline *p)
{
    const struct cli_col cols[] = {
        { "stage", _("stage"), COL_TEXT },        { "title", _("title"), COL_TEXT },
        { "kind", _("kind"), COL_TEXT },          { "count", _("count"), COL_INT },
        { "final", _("final amount"), COL_MONEY }, { "expected", _("expected amount"), COL_MONEY },
    };
    int64_t max = 0;
    for (int i = 0; i < p->ncolumns; i++)
        max = max_of(max, p->columns[i].sum_final);
    struct rtab r;
    if (!rtab_begin(&r, c, cols, 6, max))
        return;
    for (int i = 0; i < p->ncolumns; i++) {
        const fs_pipeline_column *col = &p->columns[i];
        char n[24], fin[24], exp[24];
        const char *cells[] = { col->key, col->title, fs_stage_kind_name(col->kind), i64(n, sizeof n, col->count),
                                i64(fin, sizeof fin, col->sum_final), i64(exp, sizeof exp, col->sum_expected) };
        rtab_row(&r, cells, col->sum_final);
    }
    char n[24], fin[24], exp[24];
    const char *totals[] = { NULL, _("total"), NULL, i64(n, sizeof n, p->totals.count),
                             i64(fin, sizeof fin, p->totals.sum_final), i64(exp, sizeof exp, p->totals.sum_expected) };
    rtab_end(&r, totals);
}

/* `report pipeline`: the board; --cards adds the cards (a second table). */
static int report_pipeline(struct cli *c, int argc, char **argv)
{
    struct filter_opts p = { 0 };
    const char *days = NULL, *cards = NULL;
    const struct cli_opt opts[] = {
        FILTER_OPTS(p), { "days", 1, &days, NULL, NULL }, { "cards", 1, &cards, NULL, NULL }, { 0 },
    };
    fs_report_filter f;
    char from[11], to[11];
    int rc = begin(c, argc, argv, opts, &p, &f, from, to);
    int nd, nc;
    if (rc || (rc = int_opt(days, _("days"), 0, 36500, FS_PIPELINE_DEFAULT_DAYS, &nd)) != 0 ||
        (rc = int_opt(cards, _("cards"), 0, FS_PIPELINE_MAX_CARDS, 0, &nc)) != 0)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_pipeline pl;
    if (fs_report_pipeline(&c->s, &f, nd, nc, &pl, &e) != FS_OK)
        return cli_fail(&e);
    if (c->format == CLI_JSON) {
        pipeline_json(&pl, cards != NULL);
    } else {
        pipeline_table(c, &pl);
        if (nc && c->format == CLI_TABLE)
            pipeline_cards(c, &pl);
    }
    fs_pipeline_free(&pl);
    return 0;
}

/* `report move ID next|prev [--reason R]`: prints the new stage's key. */
static int report_move(struct cli *c, int argc, char **argv)
{
    const char *reason = NULL;
    const struct cli_opt opts[] = { { "reason", 1, &reason, NULL, NULL }, { 0 } };
    struct cli_strv pos = { 0 };
    int rc = cli_parse(argc, argv, opts, &pos);
    if (!rc && pos.n != 2)
        rc = cli_usage(_("usage: forsat %s"), "report move ID next|prev [--reason ITEM]");
    int dir = 0;
    if (!rc) {
        static const char *const dirs[] = { "next", "prev", NULL };
        int k = choose("direction", pos.v[1], dirs);
        rc = k < 0 ? FS_EINVAL : 0;
        dir = k == 0 ? 1 : -1;
    }
    if (!rc)
        rc = cli_session(c);
    fs_err e;
    fs_err_clear(&e);
    int64_t id, stage_id;
    fs_stage st;
    if (!rc && (fs_opp_find(&c->s, pos.v[0], _("opportunity"), &id, &e) != FS_OK ||
                fs_report_pipeline_move(&c->s, id, dir, reason, &stage_id, &e) != FS_OK ||
                fs_stage_get(&c->s, stage_id, &st, &e) != FS_OK))
        rc = cli_fail(&e);
    if (!rc && c->format == CLI_JSON) {
        struct jw w;
        jw_begin(&w, stdout);
        jw_obj(&w, NULL);
        jw_int(&w, "id", id);
        jw_str(&w, "stage", st.key);
        jw_str(&w, "stage_kind", fs_stage_kind_name(st.kind));
        jw_end_obj(&w);
        jw_finish(&w);
    } else if (!rc) {
        printf("%s\n", st.key);
    }
    cli_strv_free(&pos);
    return rc;
}

/* ---- forecast ----------------------------------------------------------------- */

/* `report forecast`: Σ final and Σ expected of the open opportunities by
 * close month, user or stage. */
static int report_forecast(struct cli *c, int argc, char **argv)
{
    struct filter_opts p = { 0 };
    const char *by = "month";
    const struct cli_opt opts[] = {
        FILTER_OPTS(p), { "from", 1, &p.from, NULL, NULL }, { "to", 1, &p.to, NULL, NULL },
        { "by", 1, &by, NULL, NULL }, { 0 },
    };
    fs_report_filter f;
    char from[11], to[11];
    int rc = begin(c, argc, argv, opts, &p, &f, from, to);
    static const char *const bys[] = { N_("month"), N_("user"), N_("stage"), NULL };
    int k = rc ? 0 : choose("--by", by, bys);
    if (rc || k < 0)
        return rc ? rc : FS_EINVAL;
    fs_err e;
    fs_err_clear(&e);
    fs_report_row *rows;
    int n;
    fs_report_totals t;
    if (fs_report_forecast(&c->s, &f, (enum fs_forecast_by)k, &rows, &n, &t, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col cols[] = {
        { bys[k], _(bys[k]), COL_TEXT },          { "label", _("name"), COL_TEXT },
        { "count", _("count"), COL_INT }, { "final", _("final amount"), COL_MONEY },
        { "expected", _("expected amount"), COL_MONEY },
    };
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        max = max_of(max, rows[i].sum_expected);
    struct rtab r;
    if (rtab_begin(&r, c, cols, 5, max)) {
        for (int i = 0; i < n; i++) {
            char cnt[24], fin[24], exp[24];
            const char *cells[] = { rows[i].key, rows[i].label, i64(cnt, sizeof cnt, rows[i].count),
                                    i64(fin, sizeof fin, rows[i].sum_final), i64(exp, sizeof exp, rows[i].sum_expected) };
            rtab_row(&r, cells, rows[i].sum_expected);
        }
        char cnt[24], fin[24], exp[24];
        const char *totals[] = { NULL, _("total"), i64(cnt, sizeof cnt, t.count), i64(fin, sizeof fin, t.sum_final),
                                 i64(exp, sizeof exp, t.sum_expected) };
        rtab_end(&r, totals);
    }
    fs_report_rows_free(rows, n);
    return 0;
}

/* ---- won / lost ----------------------------------------------------------------- */

static void won_lost_recent(struct cli *c, const fs_wonlost_recent *w)
{
    const struct cli_col cols[] = {
        { "days", _("last days"), COL_INT },       { "won", _("won"), COL_INT },
        { "won_amount", _("won amount"), COL_MONEY }, { "lost", _("lost"), COL_INT },
        { "lost_amount", _("lost amount"), COL_MONEY },
    };
    int64_t max = 0;
    for (int i = 0; i < FS_RECENT_WINDOWS; i++)
        max = max_of(max, w[i].won_amount);
    struct rtab r;
    if (!rtab_begin(&r, c, cols, 5, max))
        return;
    for (int i = 0; i < FS_RECENT_WINDOWS; i++) {
        char d[24], wc[24], wa[24], lc[24], la[24];
        const char *cells[] = { i64(d, sizeof d, w[i].days), i64(wc, sizeof wc, w[i].won_count),
                                i64(wa, sizeof wa, w[i].won_amount), i64(lc, sizeof lc, w[i].lost_count),
                                i64(la, sizeof la, w[i].lost_amount) };
        rtab_row(&r, cells, w[i].won_amount);
    }
    rtab_end(&r, NULL);
}

/* `report won-lost`: won and lost by a grouping, or --recent windows. */
static int report_won_lost(struct cli *c, int argc, char **argv)
{
    struct filter_opts p = { 0 };
    const char *by = "reason";
    bool recent = false;
    const struct cli_opt opts[] = {
        FILTER_OPTS(p), { "from", 1, &p.from, NULL, NULL }, { "to", 1, &p.to, NULL, NULL },
        { "by", 1, &by, NULL, NULL }, { "recent", 0, NULL, &recent, NULL }, { 0 },
    };
    fs_report_filter f;
    char from[11], to[11];
    int rc = begin(c, argc, argv, opts, &p, &f, from, to);
    static const char *const bys[] = { N_("reason"), N_("product"), N_("user"), N_("type"), N_("source"), NULL };
    int k = rc ? 0 : choose("--by", by, bys);
    if (rc || k < 0)
        return rc ? rc : FS_EINVAL;
    fs_err e;
    fs_err_clear(&e);
    if (recent) {
        fs_wonlost_recent w[FS_RECENT_WINDOWS];
        if (fs_report_won_lost_recent(&c->s, &f, w, &e) != FS_OK)
            return cli_fail(&e);
        won_lost_recent(c, w);
        return 0;
    }
    fs_wonlost_row *rows;
    int n;
    if (fs_report_won_lost(&c->s, &f, (enum fs_wonlost_by)k, &rows, &n, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col all_cols[] = {
        { bys[k], _(bys[k]), COL_TEXT },          { "label", _("name"), COL_TEXT },
        { "list", _("list"), COL_TEXT },  { "won", _("won"), COL_INT },
        { "won_amount", _("won amount"), COL_MONEY }, { "lost", _("lost"), COL_INT },
        { "lost_amount", _("lost amount"), COL_MONEY },
    };
    /* The list (win or loss reason) is a column only by reason. */
    bool list = k == FS_WONLOST_REASON;
    struct cli_col cols[7];
    int ncols = 0;
    for (int j = 0; j < 7; j++)
        if (j != 2 || list)
            cols[ncols++] = all_cols[j];
    int64_t max = 0, tot[4] = { 0, 0, 0, 0 };
    for (int i = 0; i < n; i++)
        max = max_of(max, rows[i].won_amount);
    struct rtab r;
    if (rtab_begin(&r, c, cols, ncols, max)) {
        char b[4][24];
        for (int i = 0; i < n; i++) {
            const fs_wonlost_row *w = &rows[i];
            const int64_t v[4] = { w->won_count, w->won_amount, w->lost_count, w->lost_amount };
            const char *cells[7] = { w->key, w->label, w->list };
            for (int j = 0; j < 4; j++) {
                cells[3 + j] = i64(b[j], sizeof b[j], v[j]);
                tot[j] += v[j];
            }
            if (!list)
                memmove(&cells[2], &cells[3], 4 * sizeof *cells);
            rtab_row(&r, cells, w->won_amount);
        }
        const char *totals[7] = { NULL, _("total"), NULL };
        for (int j = 0; j < 4; j++)
            totals[3 + j] = i64(b[j], sizeof b[j], tot[j]);
        /* By product an opportunity with several products counts once per
         * product: only the amounts add up. */
        if (k == FS_WONLOST_PRODUCT)
            totals[3] = totals[5] = NULL;
        if (!list)
            memmove(&totals[2], &totals[3], 4 * sizeof *totals);
        rtab_end(&r, totals);
    }
    fs_wonlost_rows_free(rows, n);
    return 0;
}

/* ---- cycle time ----------------------------------------------------------------- */

/* Tenths of a day as a quantity cell ("12.5"). */
static const char *tenths(char *buf, size_t n, int64_t x10)
{
    return i64(buf, n, x10 * (FS_QTY_SCALE / 10));
}

/* The cells of a cycle-time row, formatted into b. */
static void cycle_cells(const fs_cycle_row *r, const char *key, const char *label, char b[5][24],
                        const char *cells[7])
{
    cells[0] = key;
    cells[1] = label;
    cells[2] = i64(b[0], 24, r->count);
    cells[3] = r->count ? tenths(b[1], 24, r->avg_x10) : NULL;
    cells[4] = r->count ? tenths(b[2], 24, r->median_x10) : NULL;
    cells[5] = r->count ? i64(b[3], 24, r->min_days) : NULL;
    cells[6] = r->count ? i64(b[4], 24, r->max_days) : NULL;
}

/* `report cycle`: days from creation to win; the totals row is all of them. */
static int report_cycle(struct cli *c, int argc, char **argv)
{
    struct filter_opts p = { 0 };
    const char *by = "type";
    const struct cli_opt opts[] = {
        FILTER_OPTS(p), { "from", 1, &p.from, NULL, NULL }, { "to", 1, &p.to, NULL, NULL },
        { "by", 1, &by, NULL, NULL }, { 0 },
    };
    fs_report_filter f;
    char from[11], to[11];
    int rc = begin(c, argc, argv, opts, &p, &f, from, to);
    static const char *const bys[] = { N_("type"), N_("source"), N_("user"), NULL };
    int k = rc ? 0 : choose("--by", by, bys);
    if (rc || k < 0)
        return rc ? rc : FS_EINVAL;
    fs_err e;
    fs_err_clear(&e);
    fs_cycle_row *rows, all;
    int n;
    if (fs_report_cycle(&c->s, &f, (enum fs_cycle_by)k, &rows, &n, &all, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col cols[] = {
        { bys[k], _(bys[k]), COL_TEXT },                { "label", _("name"), COL_TEXT },
        { "won", _("won"), COL_INT },           { "average_days", _("average days"), COL_QTY },
        { "median_days", _("median days"), COL_QTY }, { "min_days", _("fewest days"), COL_INT },
        { "max_days", _("most days"), COL_INT },
    };
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        max = max_of(max, rows[i].avg_x10);
    struct rtab r;
    if (rtab_begin(&r, c, cols, 7, max)) {
        char b[5][24];
        const char *cells[7];
        for (int i = 0; i < n; i++) {
            cycle_cells(&rows[i], rows[i].key, rows[i].label, b, cells);
            rtab_row(&r, cells, rows[i].avg_x10);
        }
        cycle_cells(&all, NULL, _("all"), b, cells);
        rtab_end(&r, cells);
    }
    fs_cycle_rows_free(rows, n);
    return 0;
}

/* ---- campaigns ------------------------------------------------------------------ */

/* `report campaign`: per campaign its opportunities, documents and
 * realized amount. */
static int report_campaign(struct cli *c, int argc, char **argv)
{
    struct filter_opts p = { 0 };
    const struct cli_opt opts[] = { FILTER_OPTS(p), { 0 } };
    fs_report_filter f;
    char from[11], to[11];
    int rc = begin(c, argc, argv, opts, &p, &f, from, to);
    if (rc)
        return rc;
    fs_err e;
    fs_err_clear(&e);
    fs_campaign_row *rows;
    int n;
    if (fs_report_campaigns(&c->s, &f, &rows, &n, &e) != FS_OK)
        return cli_fail(&e);
    const struct cli_col cols[] = {
        { "id", _("id"), COL_INT },
        { "name", _("campaign"), COL_TEXT },
        { "active", _("active"), COL_BOOL },
        { "opportunities", _("opportunities"), COL_INT },
        { "won", _("won"), COL_INT },
        { "final", _("final amount"), COL_MONEY },
        { "proformas", _("proformas"), COL_INT },
        { "invoices", _("invoices"), COL_INT },
        { "realized", _("realized amount"), COL_MONEY },
    };
    int64_t max = 0, tot[6] = { 0 };
    for (int i = 0; i < n; i++)
        max = max_of(max, rows[i].realized);
    struct rtab r;
    if (rtab_begin(&r, c, cols, 9, max)) {
        for (int i = 0; i < n; i++) {
            const fs_campaign_row *k = &rows[i];
            const int64_t v[6] = { k->opportunities, k->won, k->sum_final, k->proformas, k->invoices, k->realized };
            char id[24], b[6][24];
            const char *cells[9] = { i64(id, sizeof id, k->id), k->name, k->active ? "1" : "0" };
            for (int j = 0; j < 6; j++) {
                cells[3 + j] = i64(b[j], sizeof b[j], v[j]);
                tot[j] += v[j];
            }
            rtab_row(&r, cells, k->realized);
        }
        char b[6][24];
        const char *totals[9] = { NULL, _("total"), NULL };
        for (int j = 0; j < 6; j++)
            totals[3 + j] = i64(b[j], sizeof b[j], tot[j]);
        rtab_end(&r, totals);
    }
    fs_campaign_rows_free(rows, n);
    return 0;
}

static const struct cli_cmd report_cmds[] = {
    { "list", report_list, "report list [the filters of opp list]   the opportunity report; export with --format csv" },
    { "pipeline", report_pipeline,
      "report pipeline [--subtype S] [--days N] [--cards N] [--type T] [--source S] [--campaign C] [--assigned LOGIN]" },
    { "move", report_move, "report move ID next|prev [--reason ITEM]   move a pipeline card one stage" },
    { "forecast", report_forecast,
      "report forecast [--from D] [--to D] [--by month|user|stage] [--subtype S] [--type T] [--source S] "
      "[--campaign C] [--assigned LOGIN]" },
    { "won-lost", report_won_lost,
      "report won-lost [--by reason|product|user|type|source] [--from D] [--to D] [--recent] [filters]" },
    { "cycle", report_cycle, "report cycle [--by type|source|user] [--from D] [--to D] [filters]" },
    { "campaign", report_campaign, "report campaign [filters]   opportunities, documents and realized amount" },
    { NULL, NULL, NULL },
};

int cmd_report(struct cli *c, int argc, char **argv)
{
    return cli_dispatch(c, "report", report_cmds, argc - 1, argv + 1);
}
