/* Atomic output files: reserve NAME.tmp.XXXXXX beside NAME, write it, flush, fsync, close
 * (checked), rename over NAME. On any error the temporary is removed and an old NAME stays as it
 * was. The names are allocated through the context's allocator.
 *
 * A run killed while writing (SIGKILL, power loss) cannot remove its temporary. So that none
 * survives the next run, reserving NAME first deletes every sibling named exactly NAME.tmp. plus
 * six letters or digits (the names mkstemp makes from our template), whoever left it. Chosen over
 * "older than this process and its owner gone" because a temporary records no owner: the cost is
 * that two runs writing the same NAME at the same moment may remove each other's temporary, and
 * then one fails with "cannot rename into place" instead of both racing to the rename (one output
 * would be lost either way). Writing one output from two runs at once is not supported. */
#include "base_impl.h"

#include <ctype.h>
#include <dirent.h>
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

/* Remove PATH.tmp.XXXXXX siblings left by a killed run (see the top of the file). */
static void remove_stale(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    char dir[4096];
    if (slash) {
        size_t dlen = slash == path ? 1 : (size_t)(slash - path);
        if (dlen >= sizeof dir)
            return;
        memcpy(dir, path, dlen);
        dir[dlen] = '\0';
    } else {
        strcpy(dir, ".");
    }
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *n = e->d_name;
        if (strncmp(n, base, blen) != 0 || strncmp(n + blen, ".tmp.", 5) != 0 ||
            strlen(n + blen + 5) != 6)
            continue;
        int ok = 1;
        for (const char *c = n + blen + 5; *c; c++)
            ok &= isalnum((unsigned char)*c) != 0;
        struct stat sb;
        if (ok && fstatat(dirfd(d), n, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(sb.st_mode))
            unlinkat(dirfd(d), n, 0);
    }
    closedir(d);
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
    remove_stale(path);
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
