/* Atomic output files: reserve NAME.tmp.XXXXXX beside NAME, write it, flush, fsync, close
 * (checked), rename over NAME. On any error the temporary is removed and an old NAME stays as it
 * was. The names are allocated through the context's allocator. */
#include "base_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void release(orf_atomic *a)
{
    if (a->ctx) {
        orf_free(a->ctx, a->path);
        orf_free(a->ctx, a->tmp);
    }
    a->path = a->tmp = NULL;
    a->fp = NULL;
}

/* Create the temporary; returns its descriptor (>= 0) or a negative status. */
static int reserve(orf_ctx *ctx, orf_atomic *a, const char *path)
{
    memset(a, 0, sizeof *a);
    a->ctx = ctx;
    size_t n = strlen(path);
    a->path = orf_malloc(ctx, n + 1);
    a->tmp = orf_malloc(ctx, n + 16);
    if (!a->path || !a->tmp) {
        release(a);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    memcpy(a->path, path, n + 1);
    snprintf(a->tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        orf_loc l = {path, 0, 0};
        int e = errno;
        release(a);
        return orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot create output file: %s", strerror(e));
    }
    /* mkstemp makes it 0600: give it the mode of the file it replaces, else 0644 */
    struct stat old;
    fchmod(fd, stat(path, &old) == 0 ? (old.st_mode & 07777) : 0644);
    return fd;
}

orf_status orf_atomic_reserve(orf_ctx *ctx, orf_atomic *a, const char *path)
{
    int fd = reserve(ctx, a, path);
    if (fd < 0)
        return fd;
    close(fd);
    return ORF_OK;
}

orf_status orf_atomic_open(orf_ctx *ctx, orf_atomic *a, const char *path)
{
    int fd = reserve(ctx, a, path);
    if (fd < 0)
        return fd;
    a->fp = fdopen(fd, "w");
    if (!a->fp) {
        close(fd);
        unlink(a->tmp);
        release(a);
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot open output stream");
    }
    return ORF_OK;
}

/* Flush and sync the temporary: through fp when the handle writes it, else by name. */
static int sync_tmp(orf_atomic *a)
{
    if (a->fp) {
        int bad = ferror(a->fp) != 0;
        bad |= fflush(a->fp) != 0;
        bad |= fsync(fileno(a->fp)) != 0 && errno != EINVAL;
        bad |= fclose(a->fp) != 0;
        a->fp = NULL;
        return bad;
    }
    int fd = open(a->tmp, O_RDONLY);
    if (fd < 0)
        return 1;
    int bad = fsync(fd) != 0 && errno != EINVAL;
    bad |= close(fd) != 0;
    return bad;
}

orf_status orf_atomic_commit(orf_ctx *ctx, orf_atomic *a)
{
    if (!a->tmp)
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "output file was not opened");
    orf_loc l = {a->path, 0, 0};
    orf_status st = ORF_OK;
    if (sync_tmp(a))
        st = orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "write failed: %s", strerror(errno));
    else if (rename(a->tmp, a->path) != 0)
        st =
            orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot rename into place: %s", strerror(errno));
    if (st)
        unlink(a->tmp);
    release(a);
    return st;
}

void orf_atomic_abort(orf_atomic *a)
{
    if (a->fp)
        fclose(a->fp);
    a->fp = NULL;
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
