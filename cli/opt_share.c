/* `oreflow optimize` spread over threads and MPI ranks: every member (a thread of a rank) runs
 * the whole optimisation on its own loaded model; at each batch the library's orf_opt_share
 * gather copies each member's block into the process's buffer (a barrier), the calling thread
 * gathers the ranks' blocks (MPI_Allgatherv in cli/mpi_share.c: only it calls MPI,
 * MPI_THREAD_FUNNELED), and every member copies the whole batch back. Members differ only in
 * which items they compute, so every member, and the one-process run, reach the same result. */
#include "opt_share.h"

#include "cli.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct team team;

typedef struct member {
    team *tm;
    int t;
    orf_opt_share share;
    orf_opt_opts o;
    orf_ctx *ctx;
    orf_opt_result r;
    orf_status st;
    pthread_t th;
} member;

struct team {
    orf_cli_mpi *mp;
    int threads;
    const char *file;
    pthread_barrier_t bar;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int go; /* 1: run, -1: a thread could not start */
    double *buf;
    size_t cap;
    int stop, bad, synced;
    orf_cli_opt_spread *sp;
};

static size_t block_lo(size_t n, int g, int size)
{
    return (size_t)((unsigned long long)n * (unsigned long long)g / (unsigned long long)size);
}

static int gather(void *ud, size_t n, size_t len, double *rows, int *stop)
{
    member *me = ud;
    team *tm = me->tm;
    int g = me->share.rank, size = me->share.size;
    pthread_barrier_wait(&tm->bar); /* every member is done with the previous batch */
    if (me->t == 0) {
        tm->stop = 0;
        if (n * len > tm->cap) {
            free(tm->buf);
            tm->buf = malloc(n * len * sizeof *tm->buf);
            tm->cap = tm->buf ? n * len : 0;
        }
        tm->bad = n * len > 0 && !tm->buf;
    }
    pthread_barrier_wait(&tm->bar);
    size_t lo = block_lo(n, g, size), hi = block_lo(n, g + 1, size);
    pthread_mutex_lock(&tm->mu);
    tm->stop |= *stop;
    pthread_mutex_unlock(&tm->mu);
    if (!tm->bad && hi > lo)
        memcpy(tm->buf + lo * len, rows + lo * len, (hi - lo) * len * sizeof *rows);
    pthread_barrier_wait(&tm->bar);
    if (me->t == 0) {
        if (tm->mp->active && tm->mp->size > 1) {
            int s = tm->stop;
            if (tm->bad) { /* the other ranks wait for this one's rows */
                fprintf(stderr, "oreflow: out of memory\n");
                orf_cli_mpi_abort(tm->mp);
            }
            if (orf_cli_mpi_gather_rows(tm->mp, tm->threads, n, len, tm->buf, &s) != 0)
                tm->bad = 1;
            tm->stop = s;
        }
        if (!tm->synced && !tm->bad) { /* the first gather: each member's load status */
            tm->synced = 1;
            tm->sp->root_failed = tm->buf[0] != 0;
            tm->sp->self_failed = tm->buf[(size_t)tm->mp->rank * (size_t)tm->threads] != 0;
        }
    }
    pthread_barrier_wait(&tm->bar);
    if (!tm->bad && n * len > 0)
        memcpy(rows, tm->buf, n * len * sizeof *rows);
    *stop = tm->stop;
    return tm->bad ? -1 : 0;
}

static void *member_main(void *arg)
{
    member *me = arg;
    team *tm = me->tm;
    pthread_mutex_lock(&tm->mu);
    while (!tm->go)
        pthread_cond_wait(&tm->cv, &tm->mu);
    int go = tm->go;
    pthread_mutex_unlock(&tm->mu);
    if (go > 0)
        me->st = orf_opt_run(me->ctx, tm->file, &me->o, &me->r);
    return NULL;
}

orf_status orf_cli_opt_run(orf_ctx *ctx, const char *file, const orf_opt_opts *o, int threads,
                           orf_cli_mpi *mp, orf_opt_result *res, orf_cli_opt_spread *sp)
{
    memset(sp, 0, sizeof *sp);
    if (threads <= 1 && !(mp->active && mp->size > 1))
        return orf_opt_run(ctx, file, o, res);
    team tm;
    memset(&tm, 0, sizeof tm);
    tm.mp = mp;
    tm.threads = threads;
    tm.file = file;
    tm.sp = sp;
    member *mem = calloc((size_t)threads, sizeof *mem);
    if (!mem)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (int t = 0; t < threads; t++) {
        member *me = &mem[t];
        me->tm = &tm;
        me->t = t;
        me->o = *o;
        me->o.share = &me->share;
        me->share.rank = mp->rank * threads + t;
        me->share.size = mp->size * threads;
        me->share.gather = gather;
        me->share.ud = me;
        me->ctx = t == 0 ? ctx : orf_cli_ctx_alloc();
        if (!me->ctx) {
            for (int k = 1; k < t; k++)
                orf_ctx_free(mem[k].ctx);
            free(mem);
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        }
    }
    pthread_barrier_init(&tm.bar, NULL, (unsigned)threads);
    pthread_mutex_init(&tm.mu, NULL);
    pthread_cond_init(&tm.cv, NULL);
    int started = 1;
    while (started < threads &&
           pthread_create(&mem[started].th, NULL, member_main, &mem[started]) == 0)
        started++;
    pthread_mutex_lock(&tm.mu);
    tm.go = started == threads ? 1 : -1;
    pthread_cond_broadcast(&tm.cv);
    pthread_mutex_unlock(&tm.mu);
    orf_status st;
    if (tm.go > 0)
        st = orf_opt_run(ctx, file, &mem[0].o, res);
    else {
        memset(res, 0, sizeof *res);
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "cannot start %d threads", threads);
    }
    for (int t = 1; t < started; t++)
        pthread_join(mem[t].th, NULL);
    for (int t = 1; t < threads; t++) {
        if (t < started && tm.go > 0)
            orf_opt_result_fini(&mem[t].r);
        orf_ctx_free(mem[t].ctx);
    }
    pthread_cond_destroy(&tm.cv);
    pthread_mutex_destroy(&tm.mu);
    pthread_barrier_destroy(&tm.bar);
    free(tm.buf);
    free(mem);
    return st;
}
