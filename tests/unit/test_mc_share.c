/* The Monte Carlo's share hook (orf_mc_share, include/oreflow/mc.h), which cli/mpi_share.c drives
 * with MPI, here driven by P threads standing for P processes and a barrier-based combine (no
 * MPI needed): every "process" ends with the exact numbers of a one-process run (each sample's
 * NPV and IRR bit for bit, the statistics, the histogram, the counts), also with failed samples
 * (the lowest failed sample and its diagnostic, whichever process evaluated it); a process
 * that fails before sampling makes every process fail, none waits forever. */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/mc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE ORF_SOURCE_DIR "/tests/cases/econ_two_stage.yaml"
enum { P = 3, NS = 45 };

/* What the "processes" share: each one's status, part and result. */
typedef struct {
    pthread_barrier_t bar;
    orf_mc_part *part[P];
} bus;

typedef struct {
    bus *b;
    int rank;
    const char *path;
    orf_mc_opts o;
    orf_mc_share sh;
    orf_mc_result r;
    orf_status st;
    orf_ctx *ctx;
    size_t local_solves; /* the process's own re-solves, before the combine */
} proc;

static orf_status combine(void *ud, orf_ctx *ctx, orf_mc_part *p)
{
    (void)ctx;
    proc *me = ud;
    bus *b = me->b;
    b->part[me->rank] = p;
    me->local_solves = p->solves;
    pthread_barrier_wait(&b->bar);
    orf_status worst = ORF_OK;
    for (int r = 0; r < P; r++)
        if (b->part[r]->status != ORF_OK && worst == ORF_OK)
            worst = b->part[r]->status;
    size_t failed = 0, solves = 0, first = p->n;
    int owner = -1;
    if (worst == ORF_OK)
        for (int r = 0; r < P; r++) {
            const orf_mc_part *q = b->part[r];
            if (r != me->rank) { /* the other's block, as MPI_Allgatherv copies it */
                memcpy(p->npv_usd + q->lo, q->npv_usd + q->lo, (q->hi - q->lo) * sizeof(double));
                memcpy(p->irr + q->lo, q->irr + q->lo, (q->hi - q->lo) * sizeof(double));
            }
            failed += q->failed;
            solves += q->solves;
            if (q->first_failed < first) {
                first = q->first_failed;
                owner = r;
            }
        }
    char why[256] = "";
    if (owner >= 0)
        snprintf(why, sizeof why, "%s", b->part[owner]->first_failure);
    pthread_barrier_wait(&b->bar); /* every one has read the others' parts */
    if (worst != ORF_OK)
        return p->status != ORF_OK ? p->status : worst;
    p->failed = failed;
    p->solves = solves;
    p->first_failed = first;
    if (owner >= 0)
        snprintf(p->first_failure, p->first_failure_cap, "%s", why);
    return ORF_OK;
}

static void *run_proc(void *arg)
{
    proc *me = arg;
    me->st = orf_mc_run(me->ctx, me->path, &me->o, &me->r);
    return NULL;
}

/* Run NS samples of `path` (and of bad_path on rank 1 when given) on P threads-as-processes. */
static void run_spread(proc *pr, const char *path, const char *bad_path, int threads)
{
    static bus b;
    memset(&b, 0, sizeof b);
    assert_int_equal(pthread_barrier_init(&b.bar, NULL, P), 0);
    pthread_t th[P];
    for (int r = 0; r < P; r++) {
        proc *me = &pr[r];
        memset(me, 0, sizeof *me);
        me->b = &b;
        me->rank = r;
        me->path = r == 1 && bad_path ? bad_path : path;
        me->ctx = orf_ctx_alloc();
        assert_non_null(me->ctx);
        me->o.n = NS;
        me->o.threads = threads;
        me->o.seed = 19;
        me->sh.lo = (size_t)NS * (size_t)r / P; /* uneven blocks: 15 each, as MPI's split */
        me->sh.hi = (size_t)NS * (size_t)(r + 1) / P;
        me->sh.combine = combine;
        me->sh.ud = me;
        me->o.share = &me->sh;
        assert_int_equal(pthread_create(&th[r], NULL, run_proc, me), 0);
    }
    for (int r = 0; r < P; r++)
        pthread_join(th[r], NULL);
    pthread_barrier_destroy(&b.bar);
}

static void same_numbers(const orf_mc_result *a, const orf_mc_result *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->failed, b->failed);
    assert_int_equal(a->solves, b->solves);
    assert_int_equal(a->first_failed, b->first_failed);
    assert_string_equal(a->first_failure, b->first_failure);
    assert_memory_equal(a->x, b->x, a->n * a->k * sizeof(double));
    assert_memory_equal(a->npv_usd, b->npv_usd, a->n * sizeof(double));
    assert_memory_equal(a->irr, b->irr, a->n * sizeof(double));
    const double sa[] = {a->npv_mean, a->npv_p10, a->npv_p50,  a->npv_p90, a->npv_std,
                         a->npv_min,  a->npv_max, a->irr_mean, a->irr_p50, a->prob_loss};
    const double sb[] = {b->npv_mean, b->npv_p10, b->npv_p50,  b->npv_p90, b->npv_std,
                         b->npv_min,  b->npv_max, b->irr_mean, b->irr_p50, b->prob_loss};
    assert_memory_equal(sa, sb, sizeof sa);
    assert_memory_equal(a->hist, b->hist, a->hist_bins * sizeof *a->hist);
}

static void check_against_one_process(const char *path, size_t min_failed)
{
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = NS, .threads = 1, .seed = 19};
    orf_mc_result one;
    assert_int_equal(orf_mc_run(ctx, path, &o, &one), ORF_OK);
    assert_true(one.failed >= min_failed);
    for (int threads = 1; threads <= 2; threads++) {
        proc pr[P];
        run_spread(pr, path, NULL, threads);
        for (int r = 0; r < P; r++) {
            assert_int_equal(pr[r].st, ORF_OK);
            if (min_failed == 0) /* every sample re-solves: each process did its block only */
                assert_int_equal(pr[r].local_solves, pr[r].sh.hi - pr[r].sh.lo);
            same_numbers(&one, &pr[r].r);
            orf_mc_result_fini(&pr[r].r);
            orf_ctx_free(pr[r].ctx);
        }
    }
    orf_mc_result_fini(&one);
    orf_ctx_free(ctx);
}

static void every_process_ends_with_the_one_process_numbers(void **state)
{
    (void)state;
    check_against_one_process(CASE, 0);
}

static void failed_samples_are_counted_and_named_as_on_one_process(void **state)
{
    (void)state;
    /* a recovery drawn on 0.85..1.15: about half the draws are impossible (> 1) and fail */
    FILE *f = fopen(CASE, "rb");
    assert_non_null(f);
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = 0;
    char *at = strstr(text, "min: 0.85, max: 0.95");
    assert_non_null(at);
    memcpy(at, "min: 0.85, max: 1.15", 20);
    const char *path = ORF_BINARY_DIR "/test_mc_share_fail.yaml";
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    check_against_one_process(path, 5);
    remove(path);
}

static void a_process_that_fails_early_stops_them_all(void **state)
{
    (void)state;
    proc pr[P];
    run_spread(pr, CASE, ORF_SOURCE_DIR "/tests/cases/no_such_file.yaml", 1);
    for (int r = 0; r < P; r++) {
        assert_int_not_equal(pr[r].st, ORF_OK);
        orf_ctx_free(pr[r].ctx);
    }
    assert_int_equal(pr[1].st, ORF_E_IO); /* its own failure; the others learn of it */
    assert_int_equal(pr[0].st, ORF_E_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_process_ends_with_the_one_process_numbers),
        cmocka_unit_test(failed_samples_are_counted_and_named_as_on_one_process),
        cmocka_unit_test(a_process_that_fails_early_stops_them_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
