/* faultvfs.c — a full or failing disk never leaves half a save behind, and
 * says so in a sentence (SPEC §11).
 *
 * A test VFS wraps SQLite's "unix" VFS and is registered as the default,
 * so the store's own sqlite3_open_v2(…, NULL) goes through it.  It counts
 * the writes, syncs and truncations of every file (database, write-ahead
 * log) and fails the Nth one — once, or that one and every later one —
 * with SQLITE_FULL (disk full; syncs and truncations then fail with an I/O
 * error) or an I/O error.  Each business operation
 * (saving an opportunity with lines, editing it, approving an invoice, a
 * receipt, a stock movement, importing 100 identities in one transaction,
 * saving a draft) is run with N = 1, 2, … until it gets through.  After
 * every failed attempt:
 *  - the error is FS_ERUNTIME with a sentence saying the disk is full or
 *    failed and that nothing was saved;
 *  - the database holds exactly what it held before (a checksum of every
 *    table, read through a separate plain connection);
 *  - the same connection still works: integrity_check is ok and the next
 *    attempt runs on it.
 * A small wal_autocheckpoint makes checkpoints (writes into the database
 * file after a commit) part of the attempts too.  Finally the database is
 * reopened and every operation's result is checked to be there once.
 */
#include <errno.h>
#include <unistd.h>

#include "balance.h"
#include "document.h"
#include "draft.h"
#include "identity.h"
#include "money.h"
#include "opportunity.h"
#include "product.h"
#include "stock.h"
#include "stress_util.h"

/* ---- the fault-injecting VFS ---------------------------------------------- */

enum fault_kind { FAULT_FULL, FAULT_IOERR };

static struct {
    bool armed;
    long count;        /* writes, syncs and truncations since armed */
    long fail_at;      /* the Nth fails … */
    bool persist;      /* … and every one after it */
    enum fault_kind kind;
    long fired;        /* faults injected since armed */
    char first;        /* what the first fault failed: 'w'rite, 's'ync, 't'runcate */
} F;

static sqlite3_vfs *real_vfs;

struct ffile {
    sqlite3_file base;
    sqlite3_file *real;   /* the unix VFS's file, right after this struct */
};

#define REAL(f) (((struct ffile *)(f))->real)

/* True when this write/sync/truncate is to fail. */
static bool fault_now(char what)
{
    if (!F.armed)
        return false;
    F.count++;
    if (F.count == F.fail_at || (F.persist && F.count > F.fail_at)) {
        if (!F.fired++)
            F.first = what;
        return true;
    }
    return false;
}

static int f_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int f_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}
static int f_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    if (fault_now('w'))
        return F.kind == FAULT_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}
static int f_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    if (fault_now('t'))
        return SQLITE_IOERR_TRUNCATE;
    return REAL(f)->pMethods->xTruncate(REAL(f), size);
}
static int f_sync(sqlite3_file *f, int flags)
{
    if (fault_now('s'))
        return SQLITE_IOERR_FSYNC;
    return REAL(f)->pMethods->xSync(REAL(f), flags);
}
static int f_size(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int f_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int f_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int f_reserved(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int f_control(sqlite3_file *f, int op, void *arg) { return REAL(f)->pMethods->xFileControl(REAL(f), op, arg); }
static int f_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int f_device(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int f_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **p)
{
    return REAL(f)->pMethods->xShmMap(REAL(f), pg, pgsz, extend, p);
}
static int f_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void f_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int f_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
static int f_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
    return REAL(f)->pMethods->xFetch(REAL(f), off, n, p);
}
static int f_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p) { return REAL(f)->pMethods->xUnfetch(REAL(f), off, p); }

static const sqlite3_io_methods fault_io = {
    3, f_close, f_read, f_write, f_truncate, f_sync, f_size, f_lock, f_unlock, f_reserved, f_control, f_sector,
    f_device, f_shm_map, f_shm_lock, f_shm_barrier, f_shm_unmap, f_fetch, f_unfetch,
};

static int v_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
    (void)vfs;
    struct ffile *f = (struct ffile *)file;
    f->real = (sqlite3_file *)&f[1];
    int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
    /* SQLite calls xClose only when pMethods is set. */
    f->base.pMethods = f->real->pMethods ? &fault_io : NULL;
    return rc;
}
static int v_delete(sqlite3_vfs *v, const char *name, int sync) { (void)v; return real_vfs->xDelete(real_vfs, name, sync); }
static int v_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
    (void)v;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}
static int v_fullpath(sqlite3_vfs *v, const char *name, int n, char *out)
{
    (void)v;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}
static void *v_dlopen(sqlite3_vfs *v, const char *name) { (void)v; return real_vfs->xDlOpen(real_vfs, name); }
static void v_dlerror(sqlite3_vfs *v, int n, char *out) { (void)v; real_vfs->xDlError(real_vfs, n, out); }
static void (*v_dlsym(sqlite3_vfs *v, void *h, const char *sym))(void)
{
    (void)v;
    return real_vfs->xDlSym(real_vfs, h, sym);
}
static void v_dlclose(sqlite3_vfs *v, void *h) { (void)v; real_vfs->xDlClose(real_vfs, h); }
static int v_random(sqlite3_vfs *v, int n, char *out) { (void)v; return real_vfs->xRandomness(real_vfs, n, out); }
static int v_sleep(sqlite3_vfs *v, int us) { (void)v; return real_vfs->xSleep(real_vfs, us); }
static int v_time(sqlite3_vfs *v, double *out) { (void)v; return real_vfs->xCurrentTime(real_vfs, out); }
static int v_lasterr(sqlite3_vfs *v, int n, char *out) { (void)v; return real_vfs->xGetLastError(real_vfs, n, out); }
static int v_time64(sqlite3_vfs *v, sqlite3_int64 *out) { (void)v; return real_vfs->xCurrentTimeInt64(real_vfs, out); }

static sqlite3_vfs fault_vfs;

/* Registers the fault VFS as the default, wrapping "unix". */
static void fault_vfs_register(void)
{
    real_vfs = sqlite3_vfs_find("unix");
    if (!real_vfs)
        st_die("no unix VFS");
    fault_vfs = (sqlite3_vfs){
        .iVersion = 2, .szOsFile = (int)sizeof(struct ffile) + real_vfs->szOsFile,
        .mxPathname = real_vfs->mxPathname, .zName = "faultvfs", .xOpen = v_open, .xDelete = v_delete,
        .xAccess = v_access, .xFullPathname = v_fullpath, .xDlOpen = v_dlopen, .xDlError = v_dlerror,
        .xDlSym = v_dlsym, .xDlClose = v_dlclose, .xRandomness = v_random, .xSleep = v_sleep,
        .xCurrentTime = v_time, .xGetLastError = v_lasterr, .xCurrentTimeInt64 = v_time64,
    };
    if (sqlite3_vfs_register(&fault_vfs, 1) != SQLITE_OK)
        st_die("cannot register the fault VFS");
}

static void arm(long n, bool persist, enum fault_kind kind)
{
    F.count = 0;
    F.fired = 0;
    F.fail_at = n;
    F.persist = persist;
    F.kind = kind;
    F.armed = true;
}

static void disarm(void) { F.armed = false; }

/* ---- the operations ------------------------------------------------------- */

static fs_session S;
static int64_t W_ident, W_laptop, W_cable, W_opp;
static long W_round;   /* makes each attempt's data its own */

static void must(int rc, const fs_err *e, const char *what)
{
    if (rc != FS_OK)
        st_die("setup: %s: %s", what, e->msg);
}

/* A new opportunity of 20 lines. */
static int op_save_new(fs_err *e)
{
    fs_opp o;
    if (fs_opp_new(&S, &o, e) != FS_OK)
        return e->code;
    o.identity_id = W_ident;
    char title[64];
    snprintf(title, sizeof title, "خرید تجهیزات شبکه %ld", ++W_round);
    fs_opp_set_text(&o.title, title, e);
    for (int i = 0; i < 20; i++) {
        fs_opp_line_in in = { .product_id = i % 2 ? W_laptop : W_cable, .qty = (i + 1) * FS_QTY_SCALE };
        fs_opp_line_add(&o, &in, NULL, e);
    }
    int rc = fs_opp_save(&S, &o, e);
    fs_opp_free(&o);
    return rc;
}

/* Changes every line of W_opp and drops one. */
static int op_save_edit(fs_err *e)
{
    fs_opp o;
    if (fs_opp_load(&S, W_opp, &o, e) != FS_OK)
        return e->code;
    fs_opp_line_in in = { .qty = (o.lines[0].qty / FS_QTY_SCALE + 1) * FS_QTY_SCALE };
    for (int i = 1; i <= o.nlines; i++)
        fs_opp_line_edit(&o, i, &in, e);
    fs_opp_line_remove(&o, o.nlines, e);
    o.probability = (o.probability + 7) % 100;
    int rc = fs_opp_save(&S, &o, e);
    fs_opp_free(&o);
    return rc;
}

static int64_t W_invoice;

/* Approves the draft invoice W_invoice (number, stock moves). */
static int op_approve(fs_err *e) { return fs_doc_approve(&S, W_invoice, e); }

static int op_receipt(fs_err *e)
{
    struct fs_money_item_new in = { .kind = FS_MONEY_RECEIPT, .opp_id = W_opp, .amount = 5000000,
                                    .description = "دریافت چک" };
    int64_t id;
    return fs_money_item_add(&S, &in, &id, e);
}

static int op_stock(fs_err *e)
{
    fs_stock_req r = { .kind = FS_MOVE_IN, .product_id = W_laptop, .warehouse_id = 1, .qty = 7 * FS_QTY_SCALE,
                       .description = "ورود از تأمین‌کننده" };
    fs_stock_result res;
    return fs_stock_record(&S, &r, &res, e);
}

/* 100 identities in one transaction, as an import does. */
static int import_tx(fs_db *db, void *ctx, fs_err *e)
{
    (void)db;
    (void)ctx;
    for (int i = 0; i < 100; i++) {
        char name[96], phone[32];
        snprintf(name, sizeof name, "مشتری وارداتی %ld-%03d", W_round, i);
        snprintf(phone, sizeof phone, "0912%03ld%04d", W_round % 1000, i);
        fs_identity in = { .kind = i % 3 ? "person" : "org", .name = name, .mobile = phone };
        int64_t id;
        int rc = fs_identity_insert(&S, &in, false, &id, e);
        if (rc != FS_OK)
            return rc;
    }
    return FS_OK;
}

static int op_import(fs_err *e)
{
    W_round++;
    return fs_db_write(S.db, import_tx, NULL, e);
}

static int op_draft(fs_err *e)
{
    char payload[128];
    snprintf(payload, sizeof payload, "opp-draft\t1\nid\t%ld\ntitle\tپیش‌نویس\nend\n", ++W_round);
    return fs_draft_save(&S, "opp", 0, payload, e);
}

/* What one success changes, read through the plain connection. */
static int64_t mark_lines(sqlite3 *h) { return st_int(h, "SELECT count(*) FROM opp_line"); }
static int64_t mark_version(sqlite3 *h)
{
    return st_int(h, "SELECT version FROM opportunity WHERE id = %lld", (long long)W_opp);
}
static int64_t mark_moves(sqlite3 *h) { return st_int(h, "SELECT count(*) FROM stock_move"); }
static int64_t mark_money(sqlite3 *h) { return st_int(h, "SELECT count(*) FROM money_item"); }
static int64_t mark_identities(sqlite3 *h) { return st_int(h, "SELECT count(*) FROM identity"); }
/* The round number a draft's payload carries ("opp-draft\t1\nid\t<round>…"). */
static int64_t mark_drafts(sqlite3 *h) { return st_int(h, "SELECT CAST(substr(payload, 16) AS INTEGER) FROM draft"); }

struct op {
    const char *name;
    int (*run)(fs_err *e);
    int64_t (*mark)(sqlite3 *h);
};

static const struct op ops[] = {
    { "save a new opportunity (20 lines)", op_save_new, mark_lines },
    { "edit an opportunity's lines", op_save_edit, mark_version },
    { "approve an invoice", op_approve, mark_moves },
    { "add a receipt", op_receipt, mark_money },
    { "record stock in", op_stock, mark_moves },
    { "import 100 identities", op_import, mark_identities },
    { "save a draft", op_draft, mark_drafts },
};
#define NOPS (sizeof ops / sizeof *ops)

/* A fresh draft invoice of 3 laptops and 2 cables for W_opp. */
static void new_invoice(void)
{
    fs_err e;
    must(fs_doc_issue_from_opp(&S, W_opp, FS_DOC_INVOICE, &W_invoice, &e), &e, "invoice");
}

static void setup(void)
{
    fs_err e;
    must(fs_init_database(st_db, "reza", &e), &e, "init");
    st_session(&S, st_db, "reza");
    fs_identity id = { .kind = "org", .name = "شرکت فولاد مبارکه" };
    must(fs_identity_add(&S, &id, false, &W_ident, &e), &e, "identity");
    fs_product p;
    fs_product_init(&p);
    snprintf(p.code, sizeof p.code, "LP-100");
    snprintf(p.name, sizeof p.name, "لپ‌تاپ ایسوس");
    p.has_price = true;
    p.unit_price = 10000000;
    p.stock_tracked = true;
    p.taxable = true;
    must(fs_product_add(&S, &p, &W_laptop, &e), &e, "product");
    snprintf(p.code, sizeof p.code, "CB-5");
    snprintf(p.name, sizeof p.name, "کابل شبکه");
    p.unit_price = 150000;
    p.stock_tracked = false;
    must(fs_product_add(&S, &p, &W_cable, &e), &e, "product");
    must(fs_warehouse_grant(&S, 1, S.user_id, &e), &e, "grant");
    must(op_save_new(&e), &e, "opportunity");
    W_opp = st_int(fs_db_sqlite(S.db), "SELECT max(id) FROM opportunity");
    /* Checkpoint every few pages, so checkpoints run inside the attempts. */
    must(fs_db_exec(S.db, "PRAGMA wal_autocheckpoint = 8", &e), &e, "pragma");
}

/* ---- the test --------------------------------------------------------------- */

static const struct {
    const char *name;
    bool persist;
    enum fault_kind kind;
} modes[] = {
    { "disk full from the Nth write on", true, FAULT_FULL },
    { "I/O error on the Nth write only", false, FAULT_IOERR },
    { "I/O error from the Nth write on", true, FAULT_IOERR },
    { "disk full on the Nth write only", false, FAULT_FULL },
};
#define NMODES (sizeof modes / sizeof *modes)

static long points_tried, reopened, after_commit;

/* Runs op with the Nth write failing, for N = 1, 2, … until it succeeds,
 * checking every failed attempt.  Returns the attempts. */
static long run_until_success(sqlite3 *plain, const struct op *op, size_t mode)
{
    for (long n = 1; n < 10000; n++) {
        uint64_t before = st_checksum(plain);
        int64_t mark = op->mark(plain);
        fs_err e;
        fs_err_clear(&e);
        arm(n, modes[mode].persist, modes[mode].kind);
        int rc = op->run(&e);
        long fired = F.fired;
        char first = F.first;
        disarm();
        if (rc == FS_OK) {
            /* A fault that did not fail the operation hit after its commit
             * (a checkpoint): the data is in the log, nothing is lost. */
            if (fired)
                after_commit++;
            ST_CHECK(op->mark(plain) != mark, "%s (%s, N=%ld): reported saved but the database did not change",
                     op->name, modes[mode].name, n);
            char why[512];
            ST_CHECK(st_db_sound(fs_db_sqlite(S.db), why, sizeof why), "%s: after success: %s", op->name, why);
            return n;
        }
        points_tried++;
        ST_CHECK(fired > 0, "%s (%s, N=%ld): failed without a fault: %s", op->name, modes[mode].name, n, e.msg);
        ST_CHECK(e.code == FS_ERUNTIME, "%s (%s, N=%ld): error code %d, not a runtime error: %s", op->name,
                 modes[mode].name, n, e.code, e.msg);
        /* A full disk shows on a write; a failed sync is an I/O error. */
        bool says_disk = modes[mode].kind == FAULT_FULL && first == 'w' ? strstr(e.msg, "disk is full") != NULL
                                                                        : strstr(e.msg, "disk") != NULL;
        ST_CHECK(says_disk && strstr(e.msg, "nothing was saved"),
                 "%s (%s, N=%ld): the message does not say what happened: \"%s\"", op->name, modes[mode].name, n,
                 e.msg);
        if (n == 1 && mode == 0)
            printf("  %s: \"%s\"\n", op->name, e.msg);
        ST_CHECK(st_checksum(plain) == before, "%s (%s, N=%ld): the failed attempt changed the database", op->name,
                 modes[mode].name, n);
        /* The connection that saw the fault must still work. */
        char why[512];
        if (!st_db_sound(fs_db_sqlite(S.db), why, sizeof why)) {
            printf("  %s (%s, N=%ld): the connection needed reopening: %s\n", op->name, modes[mode].name, n, why);
            reopened++;
            fs_session_close(&S);
            st_session(&S, st_db, "reza");
            ST_CHECK(st_db_sound(fs_db_sqlite(S.db), why, sizeof why), "%s: after reopening: %s", op->name, why);
        }
        if (st_failures > 20)
            st_die("too many failures");
    }
    st_fail("%s (%s): never succeeded", op->name, modes[mode].name);
    return 0;
}

int main(void)
{
    fault_vfs_register();
    st_make_dir("faultvfs");
    setup();
    sqlite3 *plain = st_open_raw(st_db, "unix");
    printf("fault points tried per operation (failing attempts before the one that got through):\n");
    long per_mode_ok[NMODES] = { 0 };
    for (size_t m = 0; m < NMODES; m++) {
        printf("%s:\n", modes[m].name);
        for (size_t i = 0; i < NOPS; i++) {
            if (ops[i].run == op_approve)
                new_invoice();
            long before = points_tried;
            long n = run_until_success(plain, &ops[i], m);
            printf("  %-36s %3ld failed attempts, success at N=%ld\n", ops[i].name, points_tried - before, n);
            per_mode_ok[m]++;
        }
    }
    fs_session_close(&S);
    sqlite3_close(plain);

    /* Reopened from scratch: sound, and every operation's result is there
     * exactly once per success. */
    sqlite3 *h = st_open_raw(st_db, "unix");
    char why[512];
    ST_CHECK(st_db_sound(h, why, sizeof why), "after reopening: %s", why);
    int64_t opps = st_int(h, "SELECT count(*) FROM opportunity");
    ST_CHECK(opps == 1 + (int64_t)NMODES, "%lld opportunities, expected %d", (long long)opps, 1 + (int)NMODES);
    ST_CHECK(st_int(h, "SELECT count(*) FROM document WHERE status = 'approved'") == (int64_t)NMODES,
             "approved invoices: not one per mode");
    ST_CHECK(st_int(h, "SELECT count(*) FROM money_item") == (int64_t)NMODES, "receipts: not one per mode");
    ST_CHECK(st_int(h, "SELECT count(*) FROM identity") == 1 + 100 * (int64_t)NMODES,
             "identities: not 100 per import");
    ST_CHECK(st_int(h, "SELECT count(*) FROM stock_move WHERE kind = 'in'") == (int64_t)NMODES,
             "stock in: not one per mode");
    ST_CHECK(st_int(h, "SELECT count(*) FROM opportunity o WHERE amount_manual = 0 AND final_amount != "
                       "(SELECT coalesce(sum(final), 0) FROM opp_line WHERE opp_id = o.id)") == 0,
             "an automatic final amount is not the sum of its lines");
    ST_CHECK(st_int(h, "SELECT count(*) FROM opp_line WHERE opp_id = %lld", (long long)W_opp) == 20 - (int64_t)NMODES,
             "the edited opportunity lost or kept the wrong lines");
    ST_CHECK(st_int(h, "SELECT count(DISTINCT qty) FROM opp_line WHERE opp_id = %lld", (long long)W_opp) == 1,
             "the edited opportunity holds lines of two saves");
    sqlite3_close(h);
    printf("%ld fault points tried, %ld faults hit after a commit (checkpoints), %ld reconnections needed\n",
           points_tried, after_commit, reopened);
    int rc = st_finish("disk faults");
    if (rc == 0)
        st_remove_dir();
    return rc;
}
