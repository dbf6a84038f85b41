/* Atomic output files: write NAME.tmp.XXXXXX, flush, fsync, close (checked), rename over NAME.
 * On any error the temp file is removed and an old NAME stays as it was. */
#include "core/core_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

orf_status orf_atomic_open(orf_ctx *ctx, orf_atomic *a, const char *path)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(path);
    a->path = malloc(n + 1);
    a->tmp = malloc(n + 16);
    if (!a->path || !a->tmp) {
        free(a->path);
        free(a->tmp);
        a->path = a->tmp = NULL;
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    memcpy(a->path, path, n + 1);
    snprintf(a->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        orf_loc l = {path, 0, 0};
        int e = errno;
        free(a->path);
        free(a->tmp);
        a->path = a->tmp = NULL;
        return orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot create output file: %s", strerror(e));
    }
    fchmod(fd, 0644);
    a->fp = fdopen(fd, "w");
    if (!a->fp) {
        close(fd);
        unlink(a->tmp);
        free(a->path);
        free(a->tmp);
        a->path = a->tmp = NULL;
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot open output stream");
    }
    /* the strings are owned by the atomic handle; remember the context for commit/abort */
    return ORF_OK;
}

static void release(orf_atomic *a)
{
    free(a->path);
    free(a->tmp);
    a->path = a->tmp = NULL;
    a->fp = NULL;
}

orf_status orf_atomic_commit(orf_ctx *ctx, orf_atomic *a)
{
    if (!a->fp)
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "output file was not opened");
    int bad = ferror(a->fp) != 0;
    bad |= fflush(a->fp) != 0;
    bad |= fsync(fileno(a->fp)) != 0 && errno != EINVAL;
    bad |= fclose(a->fp) != 0;
    a->fp = NULL;
    orf_loc l = {a->path, 0, 0};
    if (bad) {
        unlink(a->tmp);
        orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "write failed: %s", strerror(errno));
        free(a->path);
        free(a->tmp);
        a->path = a->tmp = NULL;
        return ORF_E_IO;
    }
    if (rename(a->tmp, a->path) != 0) {
        int e = errno;
        unlink(a->tmp);
        orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot rename into place: %s", strerror(e));
        free(a->path);
        free(a->tmp);
        a->path = a->tmp = NULL;
        return ORF_E_IO;
    }
    free(a->path);
    free(a->tmp);
    a->path = a->tmp = NULL;
    return ORF_OK;
}

void orf_atomic_abort(orf_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    if (a->tmp)
        unlink(a->tmp);

    release(a);
}

orf_status orf_mkdir_p(orf_ctx *ctx, const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "bad directory name '%s'", dir);
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST) {
                orf_loc l = {dir, 0, 0};
                return orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot create directory: %s",
                                     strerror(errno));
            }
            buf[i] = c;
        }
    }
    return ORF_OK;
}
