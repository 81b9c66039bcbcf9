/* Tests of csv_out.c: the CSV row writer the command line and the screens
 * share (every cell quoted, quotes doubled, line breaks kept, CRLF), and
 * CSV files written atomically — nothing under the chosen name until the
 * commit, no FILE.tmp left after a commit or any failure, an existing file
 * replaced only when asked, a missing folder, a full disk (a file size
 * limit) and a FILE.tmp in the way refused naming the field "file". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_out.h"

static char dir[256];
static char path[400];
static char tmp[420];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/forsat-csvout-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/out.csv", dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* The whole file at p, malloc'd ("" when missing). */
static char *slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return strdup("");
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* How many entries the test folder holds. */
static int entries(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void test_write_row(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    const char *row[] = { "1", "قرارداد \"ویژه\"، پشتیبانی, شبکه", NULL, "line\nbreak", "" };
    assert_int_equal(fs_csv_write_row(f, row, 5), 0);
    const char *two[] = { "a" };
    assert_int_equal(fs_csv_write_row(f, two, 1), 0);
    fclose(f);
    assert_string_equal(buf, "\"1\",\"قرارداد \"\"ویژه\"\"، پشتیبانی, شبکه\",\"\",\"line\nbreak\",\"\"\r\n\"a\"\r\n");
    free(buf);
}

static void test_commit(void **state)
{
    (void)state;
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, "~/out.csv", false, true, &e), FS_OK);
    const char *h[] = { "عنوان", "مبلغ" };
    const char *r[] = { "خرید سرور", "900000000" };
    assert_int_equal(fs_csv_file_row(&cf, h, 2, &e), FS_OK);
    assert_int_equal(fs_csv_file_row(&cf, r, 2, &e), FS_OK);
    assert_int_equal(cf.rows, 2);
    /* Until the commit only FILE.tmp exists. */
    assert_false(exists(path));
    assert_true(exists(tmp));
    assert_int_equal(fs_csv_file_commit(&cf, &e), FS_OK);
    fs_csv_file_abort(&cf); /* harmless after a commit */
    assert_false(exists(tmp));
    char *got = slurp(path);
    assert_string_equal(got, FS_CSV_BOM "\"عنوان\",\"مبلغ\"\r\n\"خرید سرور\",\"900000000\"\r\n");
    free(got);
    assert_int_equal(entries(), 1);
}

static void test_no_bom(void **state)
{
    (void)state;
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, NULL, false, false, &e), FS_OK);
    const char *r[] = { "x" };
    assert_int_equal(fs_csv_file_row(&cf, r, 1, &e), FS_OK);
    assert_int_equal(fs_csv_file_commit(&cf, &e), FS_OK);
    char *got = slurp(path);
    assert_string_equal(got, "\"x\"\r\n");
    free(got);
}

static void write_keep(void)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("keep me\n", f);
    fclose(f);
}

static void test_existing_kept(void **state)
{
    (void)state;
    write_keep();
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, "~/out.csv", false, false, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "file");
    assert_non_null(strstr(e.msg, "~/out.csv"));
    char *got = slurp(path);
    assert_string_equal(got, "keep me\n");
    free(got);
    assert_int_equal(entries(), 1);
}

static void test_existing_replaced(void **state)
{
    (void)state;
    write_keep();
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, NULL, true, false, &e), FS_OK);
    const char *r[] = { "new" };
    assert_int_equal(fs_csv_file_row(&cf, r, 1, &e), FS_OK);
    /* The old file stays whole until the commit. */
    char *got = slurp(path);
    assert_string_equal(got, "keep me\n");
    free(got);
    assert_int_equal(fs_csv_file_commit(&cf, &e), FS_OK);
    got = slurp(path);
    assert_string_equal(got, "\"new\"\r\n");
    free(got);
    assert_int_equal(entries(), 1);
}

static void test_abort(void **state)
{
    (void)state;
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, NULL, false, true, &e), FS_OK);
    const char *r[] = { "x" };
    assert_int_equal(fs_csv_file_row(&cf, r, 1, &e), FS_OK);
    fs_csv_file_abort(&cf);
    assert_int_equal(entries(), 0);
}

static void test_missing_folder(void **state)
{
    (void)state;
    char p[500];
    snprintf(p, sizeof p, "%s/missing/out.csv", dir);
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, p, "~/missing/out.csv", false, false, &e), FS_EINVAL);
    assert_string_equal(e.field, "file");
    assert_string_equal(e.msg, "file: the folder ~/missing does not exist.");
    assert_int_equal(entries(), 0);
}

static void test_folder_and_empty(void **state)
{
    (void)state;
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, dir, NULL, true, false, &e), FS_EINVAL);
    assert_string_equal(e.field, "file");
    assert_non_null(strstr(e.msg, "is a folder"));
    assert_int_equal(fs_csv_file_open(&cf, "", NULL, true, false, &e), FS_EINVAL);
    assert_string_equal(e.field, "file");
    assert_int_equal(entries(), 0);
}

static void test_tmp_in_the_way(void **state)
{
    (void)state;
    FILE *f = fopen(tmp, "w");
    assert_non_null(f);
    fputs("mine\n", f);
    fclose(f);
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, NULL, true, false, &e), FS_ECONFLICT);
    assert_string_equal(e.field, "file");
    /* Someone else's FILE.tmp is never removed or written. */
    char *got = slurp(tmp);
    assert_string_equal(got, "mine\n");
    free(got);
    assert_false(exists(path));
}

/* A full disk, as a file size limit: the write fails, the message says
 * the disk is full, and neither the file nor FILE.tmp is left. */
static void test_disk_full(void **state)
{
    (void)state;
    struct rlimit old, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    fs_csv_file cf;
    fs_err e;
    assert_int_equal(fs_csv_file_open(&cf, path, "~/out.csv", false, false, &e), FS_OK);
    lim = old;
    lim.rlim_cur = 4096;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    const char *r[] = { "خرید ۸ عدد پچ‌پنل برای مرکز داده", "66120000", "1405/11/15" };
    int rc = FS_OK;
    for (int i = 0; i < 1000 && rc == FS_OK; i++)
        rc = fs_csv_file_row(&cf, r, 3, &e);
    if (rc == FS_OK)
        rc = fs_csv_file_commit(&cf, &e);
    fs_csv_file_abort(&cf);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    assert_int_equal(rc, FS_ERUNTIME);
    assert_string_equal(e.field, "file");
    assert_string_equal(e.msg, "file: the disk is full; ~/out.csv was not written.");
    assert_int_equal(entries(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_row),
        cmocka_unit_test_setup_teardown(test_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_existing_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_existing_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_and_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tmp_in_the_way, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disk_full, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
