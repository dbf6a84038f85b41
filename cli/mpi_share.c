/* MPI scale-out of `oreflow mc`: every rank loads the file and draws the same whole sample matrix
 * from the seed (the matrix is cheap next to the solves, and Iman–Conover reorders whole
 * columns, so no rank can draw only its own rows); rank r evaluates the contiguous block
 * [n r / size, n (r + 1) / size) on its -j threads; the combine hook then gathers every block
 * into every rank (MPI_Allgatherv, in sample order, bit for bit), sums the counts and takes
 * the lowest failed sample's diagnostic, so each rank computes the statistics from exactly the
 * numbers and order of a one-process run, and rank 0 prints them. Only the calling thread calls
 * MPI (MPI_THREAD_FUNNELED). The MPI calls are in the plug-in oreflow-mpi.so (cli/mpi_ops.h),
 * opened only under a launcher: a plain run loads no MPI library. Built without MPI (no mpi.h at
 * configure time), a launch by mpirun of several processes is refused rather than run n times
 * over. */
#include "mpi_share.h"

#include "mpi_ops.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int launched(void)
{
    const char *f = getenv("ORF_MPI");
    if (f && *f)
        return strcmp(f, "0") != 0;
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK") ||
           getenv("PMI_SIZE");
}

#ifdef ORF_HAVE_MPI

/* First sample of rank r's block. */
static size_t block_lo(size_t n, int r, int size)
{
    return (size_t)((unsigned long long)n * (unsigned long long)r / (unsigned long long)size);
}

static orf_status combine(void *ud, orf_ctx *ctx, orf_mc_part *p)
{
    orf_cli_mpi *m = ud;
    int size = m->size;
    int *st = malloc((size_t)size * sizeof *st);
    int *cnt = malloc((size_t)size * sizeof *cnt);
    int *off = malloc((size_t)size * sizeof *off);
    if (!st || !cnt || !off) {
        free(st);
        free(cnt);
        free(off);
        fprintf(stderr, "oreflow: out of memory\n");
        m->ops->abort_all(1); /* the other ranks would wait for this one */
        return ORF_E_NOMEM;
    }
    int mine = (int)p->status;
    m->ops->allgather_int(mine, st);
    int worst = 0, who = 0;
    for (int r = 0; r < size; r++)
        if (st[r] != 0 && worst == 0) {
            worst = st[r];
            who = r;
        }
    m->root_failed = st[0] != 0;
    m->self_failed = mine != 0;
    orf_status out = ORF_OK;
    if (worst != 0) {
        out = p->status != ORF_OK ? p->status
                                  : orf_diag_emit(ctx, (orf_status)worst, NULL, NULL,
                                                  "MPI rank %d of %d failed (%s): its "
                                                  "diagnostics are on its standard error",
                                                  who, size, orf_status_name((orf_status)worst));
        goto done;
    }
    if (p->n > (size_t)INT_MAX) { /* MPI counts are int (checked alike on every rank) */
        out = orf_diag_emit(ctx, ORF_E_RANGE, NULL, NULL,
                            "%zu samples are more than one MPI gather holds (%d)", p->n, INT_MAX);
        goto done;
    }
    for (int r = 0; r < size; r++) {
        off[r] = (int)block_lo(p->n, r, size);
        cnt[r] = (int)(block_lo(p->n, r + 1, size) - (size_t)off[r]);
    }
    m->ops->allgatherv_double(p->npv_usd, cnt, off);
    m->ops->allgatherv_double(p->irr, cnt, off);
    uint64_t c[2] = {p->failed, p->solves}, sum[2];
    m->ops->allreduce_u64(c, sum, 2, 0);
    uint64_t ff = p->first_failed, lowest;
    m->ops->allreduce_u64(&ff, &lowest, 1, 1);
    p->failed = (size_t)sum[0];
    p->solves = (size_t)sum[1];
    p->first_failed = (size_t)lowest;
    if (lowest < p->n) { /* its diagnostic, from the rank that evaluated it */
        int owner = 0;
        while (owner + 1 < size && (size_t)off[owner + 1] <= lowest)
            owner++;
        m->ops->bcast_char(p->first_failure, (int)p->first_failure_cap, owner);
    }
done:
    free(st);
    free(cnt);
    free(off);
    return out;
}

/* dir of this program + "/" + rel, opened as the plug-in; NULL when it is not there */
static void *open_beside_exe(const char *rel)
{
    char exe[4096];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0)
        return NULL;
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    char path[4096 + 256];
    if (snprintf(path, sizeof path, "%s/%s", exe, rel) >= (int)sizeof path)
        return NULL;
    return access(path, R_OK) == 0 ? dlopen(path, RTLD_NOW | RTLD_GLOBAL) : NULL;
}

/* The MPI plug-in: beside the program (a build tree), then LIBDIR/oreflow relative to the
 * program (an installation, wherever its prefix was moved), then the configured prefix's. It
 * stays loaded to the end (MPI's own plug-ins and leak suppressions need its code mapped), and
 * global, as MPI libraries opened by dlopen need for their own components. */
static const orf_cli_mpi_ops *open_plugin(void)
{
    void *h = open_beside_exe(ORF_MPI_PLUGIN_NAME);
    if (!h)
        h = open_beside_exe(ORF_MPI_PLUGIN_FROM_BIN);
    if (!h)
        h = dlopen(ORF_MPI_PLUGIN_INSTALLED, RTLD_NOW | RTLD_GLOBAL);
    if (!h) {
        fprintf(stderr, "oreflow: cannot open the MPI plug-in %s (%s)\n", ORF_MPI_PLUGIN_NAME,
                dlerror());
        return NULL;
    }
    orf_cli_mpi_plugin_fn fn;
    void *sym = dlsym(h, ORF_CLI_MPI_PLUGIN_SYMBOL);
    memcpy(&fn, &sym, sizeof fn); /* object to function pointer (POSIX) */
    const orf_cli_mpi_ops *ops = sym ? fn() : NULL;
    if (!ops || ops->version != ORF_CLI_MPI_OPS_VERSION) {
        fprintf(stderr, "oreflow: the MPI plug-in %s does not match this program\n",
                ORF_MPI_PLUGIN_NAME);
        return NULL;
    }
    return ops;
}

int orf_cli_mpi_begin(orf_cli_mpi *m)
{
    memset(m, 0, sizeof m[0]);
    m->size = 1;
    if (!launched())
        return 0;
    if (!(m->ops = open_plugin()))
        return -1;
    if (m->ops->init(&m->rank, &m->size) != 0) {
        fprintf(stderr, "oreflow: MPI_Init failed\n");
        return -1;
    }
    m->active = 1;
    return 0;
}

void orf_cli_mpi_share(orf_cli_mpi *m, orf_mc_opts *o)
{
    if (!m->active || m->size < 2)
        return;
    m->share.lo = block_lo(o->n, m->rank, m->size);
    m->share.hi = block_lo(o->n, m->rank + 1, m->size);
    m->share.combine = combine;
    m->share.ud = m;
    o->share = &m->share;
}

int orf_cli_mpi_gather_rows(orf_cli_mpi *m, int threads, size_t n, size_t len, double *rows,
                            int *stop)
{
    uint64_t mine = *stop != 0, any = 0;
    m->ops->allreduce_u64(&mine, &any, 1, 0); /* the number of ranks asked to stop */
    *stop = any != 0;
    int size = m->size;
    size_t members = (size_t)size * (size_t)threads;
    if (n * len > (size_t)INT_MAX) /* MPI counts are int (alike on every rank) */
        return -1;
    int *cnt = malloc((size_t)size * sizeof *cnt), *off = malloc((size_t)size * sizeof *off);
    if (!cnt || !off) {
        free(cnt);
        free(off);
        fprintf(stderr, "oreflow: out of memory\n");
        m->ops->abort_all(1); /* the other ranks would wait for this one */
        return -1;
    }
    for (int r = 0; r < size; r++) {
        size_t lo = block_lo(n, r * threads, (int)members);
        size_t hi = block_lo(n, (r + 1) * threads, (int)members);
        off[r] = (int)(lo * len);
        cnt[r] = (int)((hi - lo) * len);
    }
    m->ops->allgatherv_double(rows, cnt, off); /* MPI's errors are fatal (MPI_ERRORS_ARE_FATAL) */
    free(cnt);
    free(off);
    return 0;
}

void orf_cli_mpi_abort(orf_cli_mpi *m)
{
    if (m->active)
        m->ops->abort_all(1);
}

void orf_cli_mpi_end(orf_cli_mpi *m)
{
    if (m->active)
        m->ops->finalize();
    m->active = 0;
}

#else /* built without MPI */

int orf_cli_mpi_begin(orf_cli_mpi *m)
{
    memset(m, 0, sizeof m[0]);
    m->size = 1;
    const char *n = getenv("OMPI_COMM_WORLD_SIZE");
    if (!n)
        n = getenv("PMI_SIZE");
    if (launched() && (!n || strcmp(n, "1") != 0)) {
        fprintf(stderr, "oreflow: this oreflow was built without MPI (no mpi.h when it was "
                        "configured): install libopenmpi-dev and rebuild to run it under "
                        "mpirun\n");
        return -1;
    }
    return 0;
}

void orf_cli_mpi_share(orf_cli_mpi *m, orf_mc_opts *o)
{
    (void)m;
    (void)o;
}

int orf_cli_mpi_gather_rows(orf_cli_mpi *m, int threads, size_t n, size_t len, double *rows,
                            int *stop)
{
    (void)m;
    (void)threads;
    (void)n;
    (void)len;
    (void)rows;
    (void)stop;
    return 0;
}

void orf_cli_mpi_abort(orf_cli_mpi *m)
{
    (void)m;
}

void orf_cli_mpi_end(orf_cli_mpi *m)
{
    (void)m;
}

#endif
