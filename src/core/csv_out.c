/* csv_out.c — the CSV row writer and atomically written CSV files (see
 * csv_out.h). */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_out.h"
#include "i18n.h"

int fs_csv_write_row(FILE *f, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        const char *v = cells[i] ? cells[i] : "";
        csv_fwrite(f, v, strlen(v));
    }
    fputs("\r\n", f);
    return ferror(f) ? -1 : 0;
}

/* The folder part of path ("." when it has none), malloc'd. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* The refusal for errno err met while writing path. */
static int io_error(fs_err *e, int err, const char *path)
{
    char *dir = folder_of(path);
    const char *d = dir ? dir : path;
    int rc;
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        rc = fs_err_set(e, FS_EINVAL, "file", _("file: the folder %s does not exist."), d);
        break;
    case EACCES:
    case EPERM:
    case EROFS:
        rc = fs_err_set(e, FS_ERUNTIME, "file", _("file: no permission to write in the folder %s."), d);
        break;
    case ENOSPC:
#ifdef EDQUOT
    case EDQUOT:
#endif
    case EFBIG:
        rc = fs_err_set(e, FS_ERUNTIME, "file", _("file: the disk is full; %s was not written."), path);
        break;
    case EISDIR:
        rc = fs_err_set(e, FS_EINVAL, "file", _("file: %s is a folder; give a file name."), path);
        break;
    default:
        rc = fs_err_set(e, FS_ERUNTIME, "file", _("file: cannot write %s: %s."), path, strerror(err));
    }
    free(dir);
    return rc;
}

/* Removes path.tmp after a failure; returns the error's code. */
static int fail(fs_csv_file *cf, int err, fs_err *e)
{
    int rc = io_error(e, err, cf->name ? cf->name : "");
    fs_csv_file_abort(cf);
    return rc;
}

int fs_csv_file_open(fs_csv_file *cf, const char *path, const char *name, bool replace, bool bom, fs_err *e)
{
    memset(cf, 0, sizeof *cf);
    if (!path || !*path)
        return fs_err_set(e, FS_EINVAL, "file", _("file: give the name of the file to write."));
    if (!name)
        name = path;
    size_t n = strlen(path);
    if (path[n - 1] == '/')
        return fs_err_set(e, FS_EINVAL, "file", _("file: %s is a folder; give a file name."), name);
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return fs_err_set(e, FS_EINVAL, "file", _("file: %s is a folder; give a file name."), name);
        if (!replace)
            return fs_err_set(e, FS_ECONFLICT, "file", _("file: %s already exists."), name);
    }
    cf->path = strdup(path);
    cf->name = strdup(name);
    cf->tmp = malloc(n + 5);
    if (!cf->path || !cf->name || !cf->tmp) {
        fs_csv_file_abort(cf);
        return fs_err_set(e, FS_ERUNTIME, "", _("out of memory."));
    }
    memcpy(cf->tmp, path, n);
    memcpy(cf->tmp + n, ".tmp", 5);
    cf->replace = replace;
    int fd = open(cf->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        int err = errno;
        free(cf->tmp);
        cf->tmp = NULL; /* not ours: never removed */
        int rc = err == EEXIST ? fs_err_set(e, FS_ECONFLICT, "file",
                                            _("file: %s.tmp is in the way (left by an earlier export?); remove it "
                                              "or choose another name."),
                                            name)
                               : io_error(e, err, name);
        fs_csv_file_abort(cf);
        return rc;
    }
    cf->f = fdopen(fd, "w");
    if (!cf->f) {
        int err = errno;
        close(fd);
        return fail(cf, err, e);
    }
    if (bom && fputs(FS_CSV_BOM, cf->f) == EOF)
        return fail(cf, errno ? errno : EIO, e);
    return FS_OK;
}

int fs_csv_file_row(fs_csv_file *cf, const char *const *cells, int n, fs_err *e)
{
    if (!cf->f)
        return io_error(e, cf->err ? cf->err : EBADF, cf->name ? cf->name : "");
    errno = 0;
    if (fs_csv_write_row(cf->f, cells, n) != 0) {
        cf->err = errno ? errno : EIO;
        return fail(cf, cf->err, e);
    }
    cf->rows++;
    return FS_OK;
}

int fs_csv_file_commit(fs_csv_file *cf, fs_err *e)
{
    if (!cf->f)
        return io_error(e, cf->err ? cf->err : EBADF, cf->name ? cf->name : "");
    errno = 0;
    if (fflush(cf->f) != 0 || ferror(cf->f))
        return fail(cf, errno ? errno : EIO, e);
    if (fsync(fileno(cf->f)) != 0 && errno != EINVAL && errno != EROFS)
        return fail(cf, errno, e);
    FILE *f = cf->f;
    cf->f = NULL;
    if (fclose(f) != 0)
        return fail(cf, errno ? errno : EIO, e);
    /* Without replace, a file that appeared meanwhile is kept. */
    struct stat st;
    if (!cf->replace && stat(cf->path, &st) == 0) {
        int rc = fs_err_set(e, FS_ECONFLICT, "file", _("file: %s already exists."), cf->name);
        fs_csv_file_abort(cf);
        return rc;
    }
    if (rename(cf->tmp, cf->path) != 0)
        return fail(cf, errno, e);
    free(cf->tmp);
    cf->tmp = NULL;
    /* The rename itself reaches the disk with the folder. */
    char *dir = folder_of(cf->path);
    int dfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
    free(cf->path);
    free(cf->name);
    cf->path = cf->name = NULL;
    return FS_OK;
}

void fs_csv_file_abort(fs_csv_file *cf)
{
    if (cf->f) {
        fclose(cf->f);
        cf->f = NULL;
    }
    if (cf->tmp) {
        unlink(cf->tmp);
        free(cf->tmp);
        cf->tmp = NULL;
    }
    free(cf->path);
    free(cf->name);
    cf->path = cf->name = NULL;
}
