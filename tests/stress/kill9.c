/* kill9.c — a process killed with SIGKILL in the middle of saving never
 * leaves a half-saved opportunity behind (SPEC §11).
 *
 * In each round a child opens the database and saves opportunities of 50
 * product lines without pause, alternating new ones with edits that change
 * every line of the last one and add or drop a line pair; after each
 * commit it writes the id to a pipe.  The parent kills it at a random
 * moment (seeded, so a failing round can be replayed), then opens the
 * database afresh and checks: the file is sound, every id the child
 * reported in any round is there, every opportunity has a whole set of
 * lines (50 or 52 — one save's worth — with one quantity throughout), its
 * automatic amount is the sum of its lines, and the opportunity numbers
 * have no gap.
 * FORSAT_KILL9_ROUNDS (30) and FORSAT_KILL9_SEED change the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "identity.h"
#include "money.h"
#include "opportunity.h"
#include "product.h"
#include "stress_util.h"

#define LINES 50

static int64_t W_ident, W_prod[3];

static void setup(void)
{
    fs_err e;
    fs_session s;
    if (fs_init_database(st_db, "reza", &e) != FS_OK)
        st_die("init: %s", e.msg);
    st_session(&s, st_db, "reza");
    fs_identity id = { .kind = "org", .name = "شرکت فولاد مبارکه" };
    if (fs_identity_add(&s, &id, false, &W_ident, &e) != FS_OK)
        st_die("identity: %s", e.msg);
    const char *names[3] = { "لپ‌تاپ ایسوس", "کابل شبکه", "مانیتور سامسونگ" };
    for (int i = 0; i < 3; i++) {
        fs_product p;
        fs_product_init(&p);
        snprintf(p.code, sizeof p.code, "P-%d", i + 1);
        snprintf(p.name, sizeof p.name, "%s", names[i]);
        p.has_price = true;
        p.unit_price = 1000000 * (i + 1) + 12345;
        if (fs_product_add(&s, &p, &W_prod[i], &e) != FS_OK)
            st_die("product: %s", e.msg);
    }
    fs_session_close(&s);
}

/* The child: saves until killed.  Reports each committed id on fd. */
static void child_main(int fd, uint64_t seed)
{
    fs_session s;
    fs_err e;
    st_session(&s, st_db, "reza");
    int64_t last = 0;
    for (uint64_t n = 0;; n++) {
        fs_opp o;
        int64_t qty = (int64_t)(st_rand(&seed) % 90 + 1) * FS_QTY_SCALE / 10;
        if (last && n % 2) {
            /* An edit: every line gets the new quantity, and a pair of
             * lines comes or goes, so a half-applied edit would show. */
            if (fs_opp_load(&s, last, &o, &e) != FS_OK)
                st_die("child: load: %s", e.msg);
            fs_opp_line_in in = { .qty = qty };
            for (int i = 1; i <= o.nlines; i++)
                fs_opp_line_edit(&o, i, &in, &e);
            if (o.nlines > LINES) {
                fs_opp_line_remove(&o, o.nlines, &e);
                fs_opp_line_remove(&o, o.nlines, &e);
            } else {
                fs_opp_line_in add = { .product_id = W_prod[n % 3], .qty = qty };
                fs_opp_line_add(&o, &add, NULL, &e);
                fs_opp_line_add(&o, &add, NULL, &e);
            }
        } else {
            if (fs_opp_new(&s, &o, &e) != FS_OK)
                st_die("child: new: %s", e.msg);
            o.identity_id = W_ident;
            char title[64];
            snprintf(title, sizeof title, "سفارش عمده %llu", (unsigned long long)n);
            fs_opp_set_text(&o.title, title, &e);
            for (int i = 0; i < LINES; i++) {
                fs_opp_line_in in = { .product_id = W_prod[i % 3], .qty = qty };
                fs_opp_line_add(&o, &in, NULL, &e);
            }
        }
        if (fs_opp_save(&s, &o, &e) != FS_OK)
            st_die("child: save: %s", e.msg);
        last = o.id;
        char msg[32];
        int len = snprintf(msg, sizeof msg, "%lld\n", (long long)o.id);
        /* One write of less than PIPE_BUF bytes: all of it or nothing. */
        if (write(fd, msg, (size_t)len) != len)
            _exit(3);
        fs_opp_free(&o);
    }
}

/* Appends every id the child reported before it died to ids; returns how
 * many it reported. */
static long read_ids(int fd, int64_t **ids, long *nids, long *cap)
{
    char buf[4096], part[32];
    size_t plen = 0;
    long n = 0;
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < got; i++) {
            if (buf[i] != '\n') {
                if (plen < sizeof part - 1)
                    part[plen++] = buf[i];
                continue;
            }
            part[plen] = '\0';
            plen = 0;
            if (*nids == *cap) {
                *cap = *cap ? *cap * 2 : 256;
                *ids = realloc(*ids, (size_t)*cap * sizeof **ids);
                if (!*ids)
                    st_die("out of memory");
            }
            (*ids)[(*nids)++] = atoll(part);
            n++;
        }
    return n;
}

/* The checks after one kill; returns the number of opportunities. */
static int64_t check_after_kill(int round, const int64_t *ids, long nids)
{
    /* A fresh connection, as the next forsat started after the kill would
     * open it: it replays the write-ahead log. */
    fs_db *db;
    fs_err e;
    if (fs_db_open(st_db, 0, &db, &e) != FS_OK) {
        st_fail("round %d: the database does not open after the kill: %s", round, e.msg);
        return 0;
    }
    sqlite3 *h = fs_db_sqlite(db);
    char why[512];
    ST_CHECK(st_db_sound(h, why, sizeof why), "round %d: the database is damaged: %s", round, why);
    for (long i = 0; i < nids; i++)
        ST_CHECK(st_int(h, "SELECT count(*) FROM opportunity WHERE id = %lld", (long long)ids[i]) == 1,
                 "round %d: opportunity %lld was reported saved but is missing", round, (long long)ids[i]);
    ST_CHECK(st_int(h, "SELECT count(*) FROM opportunity o WHERE (SELECT count(*) FROM opp_line WHERE opp_id = o.id) "
                       "NOT IN (%d, %d)", LINES, LINES + 2) == 0,
             "round %d: an opportunity has a partial set of lines", round);
    ST_CHECK(st_int(h, "SELECT count(*) FROM opportunity o WHERE (SELECT count(DISTINCT qty) FROM opp_line "
                       "WHERE opp_id = o.id) != 1") == 0,
             "round %d: an opportunity holds lines from two different saves", round);
    ST_CHECK(st_int(h, "SELECT count(*) FROM opportunity o WHERE amount_manual = 0 AND final_amount != "
                       "(SELECT coalesce(sum(final), 0) FROM opp_line WHERE opp_id = o.id)") == 0,
             "round %d: an automatic final amount is not the sum of its lines", round);
    int64_t n = st_int(h, "SELECT count(*) FROM opportunity");
    ST_CHECK(st_int(h, "SELECT coalesce(sum(last), 0) FROM counter WHERE kind = 'opportunity'") == n &&
                 st_int(h, "SELECT count(DISTINCT number) FROM opportunity") == n,
             "round %d: opportunity numbers have a gap or a repeat", round);
    fs_db_close(db);
    return n;
}

int main(void)
{
    long rounds = st_env_long("FORSAT_KILL9_ROUNDS", 30);
    uint64_t rng = (uint64_t)st_env_long("FORSAT_KILL9_SEED", 1405);
    long max_delay_ms = st_env_long("FORSAT_KILL9_MAX_MS", 250);
    st_make_dir("kill9");
    setup();
    printf("%ld rounds, kill after 0–%ld ms (seed %llu)\n", rounds, max_delay_ms, (unsigned long long)rng);
    long reported = 0, mid_save = 0, before_first = 0;
    int64_t *ids = NULL;
    long nids = 0, cap = 0;
    int64_t total = 0;
    for (long round = 1; round <= rounds && !st_failures; round++) {
        int fds[2];
        if (pipe(fds) != 0)
            st_die("pipe: %s", strerror(errno));
        uint64_t child_seed = st_rand(&rng);
        /* One round in three is killed within 3 ms: while it opens the
         * database or in its first save. */
        long delay_us = (long)st_rand_range(&rng, 0, st_rand(&rng) % 3 ? max_delay_ms * 1000 : 3000);
        pid_t pid = fork();
        if (pid < 0)
            st_die("fork: %s", strerror(errno));
        if (pid == 0) {
            close(fds[0]);
            child_main(fds[1], child_seed);
            _exit(0);
        }
        close(fds[1]);
        usleep((useconds_t)delay_us);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        ST_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
                 "round %ld: the child ended by itself (status %d) before it was killed", round,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        long n = read_ids(fds[0], &ids, &nids, &cap);
        close(fds[0]);
        reported += n;
        if (n == 0)
            before_first++;
        else
            mid_save++;
        total = check_after_kill((int)round, ids, nids);
    }
    printf("%ld kills survived: %ld in the middle of a run of saves (%ld saves reported in all), %ld before "
           "the first save committed\n",
           rounds, mid_save, reported, before_first);
    printf("%lld opportunities of %d or %d lines in the database, every one whole\n", (long long)total, LINES,
           LINES + 2);
    free(ids);
    int rc = st_finish("kill -9");
    if (rc == 0)
        st_remove_dir();
    return rc;
}
