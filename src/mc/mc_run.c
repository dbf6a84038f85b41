/* Monte Carlo risk analysis of project economics (the tornado is in mc_sensitivity.c).
 *
 * Sampling: inverse-CDF draws per parameter from a per-sample seeded MT19937 (dist.c), rank
 * correlation by Iman & Conover (1982) (iman_conover.c). Reporting follows the usual practice
 * for mining project risk (P10/P50/P90 of NPV, probability of a loss; Saługa & Kicki 2002,
 * WIT Trans. Model. Simul. 31; Davis, "(Mis)use of Monte Carlo simulations in NPV analysis",
 * Mining Engineering 1995). Percentiles: Hyndman & Fan (1996) type 7.
 */
#include "mc/mc_impl.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- percentiles */

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double orf_percentile_sorted(const double *v, size_t n, double pct)
{
    if (n == 0)
        return (double)NAN;
    double h = (double)(n - 1) * pct / 100.0;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* Sample standard deviation (n - 1), extremes and mean of sorted values v[0..n); NaN when
 * there are none (the deviation: fewer than two). */
static void spread(const double *v, size_t n, double *sd, double *lo, double *hi, double *mean)
{
    double sum = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    double mu = n ? sum / (double)n : (double)NAN;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - mu) * (v[i] - mu);
    *sd = n > 1 ? sqrt(ss / (double)(n - 1)) : (double)NAN;
    *lo = n ? v[0] : (double)NAN;
    *hi = n ? v[n - 1] : (double)NAN;
    if (mean)
        *mean = mu;
}

/* ---------------------------------------------------------------- workers */

typedef struct {
    orf_ctx *parent; /* the caller's context: workers allocate through its (thread-safe) hook */
    const char *path;
    const orf_mc_param *p;
    size_t k, n;
    const double *x;
    double *npv, *irr;
    atomic_size_t next, done, solves, failed;
    atomic_int error; /* first worker setup failure */
    atomic_int oom;   /* a worker was refused an allocation: its samples cannot be trusted */
    volatile sig_atomic_t *stop; /* the caller's stop request (orf_mc_opts) */
    pthread_mutex_t lock;        /* guards the first failure */
    orf_mc_result *res;          /* first_failed: lowest failed sample index so far (n: none) */
} mc_job;

static void *worker(void *arg)
{
    mc_job *J = arg;
    orf_ctx *ctx = orf_ctx_alloc_like(J->parent); /* its unit types too, not only the built-ins */
    mc_model m;
    memset(&m, 0, sizeof m);
    if (!ctx) {
        atomic_store(&J->error, ORF_E_NOMEM);
        atomic_store(&J->oom, 1);
        goto drain;
    }
    orf_status st = orf__mc_model_open(ctx, J->path, J->p, J->k, &m);
    if (st != ORF_OK) {
        atomic_store(&J->error, st < 0 ? st : ORF_E_INTERNAL);
        goto drain;
    }
    for (;;) {
        /* the caller's stop request (orf_mc_opts) or the context's (orf_ctx_set_stop) */
        if ((J->stop && *J->stop) || orf_ctx_stopped(J->parent))
            break;
        size_t i = atomic_fetch_add(&J->next, 1);
        if (i >= J->n)
            break;
        int solved;
        if (orf__mc_model_eval(&m, J->p, &J->x[i * J->k], &J->npv[i], &J->irr[i], &solved) != 0) {
            J->npv[i] = J->irr[i] = (double)NAN;
            atomic_fetch_add(&J->failed, 1);
            /* the lowest index, not the first in time: the same for any thread count */
            pthread_mutex_lock(&J->lock);
            if (i < J->res->first_failed) {
                J->res->first_failed = i;
                snprintf(J->res->first_failure, sizeof J->res->first_failure, "%s",
                         m.why[0] ? m.why : "the sample could not be evaluated");
            }
            pthread_mutex_unlock(&J->lock);
        }
        if (solved)
            atomic_fetch_add(&J->solves, 1);
        atomic_fetch_add(&J->done, 1);
    }
drain:
    /* On a setup failure, leave the samples to the other workers; if none can run, the caller
     * sees the error. A refused allocation (a sample's solve may have failed on it, or the
     * setup) fails the whole run: no sample may be lost silently. */
    if (ctx && ctx->noom)
        atomic_store(&J->oom, 1);
    orf__mc_model_close(&m);
    orf_ctx_free(ctx);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The run; *combined = 1 once o->share's combine was called (it must be called exactly once on
 * every process, also on a failure). */
static orf_status mc_run(orf_ctx *ctx, const char *path, const orf_mc_opts *o, orf_mc_result *res,
                         int *combined)
{
    memset(res, 0, sizeof *res);
    res->ctx = ctx;
    size_t noom0 = ctx->noom;
    mc_model base;
    mc_spec s;
    memset(&s, 0, sizeof s);
    orf_status st = orf__mc_model_open(ctx, path, NULL, 0, &base);
    if (st == ORF_OK)
        st = orf__mc_spec_load(ctx, &base, &s);
    if (st != ORF_OK) {
        orf__mc_spec_free(ctx, &s);
        orf__mc_model_close(&base);
        return ctx->noom != noom0 ? ORF_E_NOMEM : st; /* a failure after a refused allocation */
    }
    orf_econ_eval(base.e);
    res->base_npv_usd = orf_econ_result_get(base.e)->npv_usd;
    res->base_irr = orf_econ_result_get(base.e)->irr;
    orf__mc_model_close(&base);
    if (ctx->noom != noom0) {
        orf__mc_spec_free(ctx, &s);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory in the base case");
    }

    size_t n = o->n, k = s.k;
    size_t lo = o->share ? o->share->lo : 0, hi = o->share ? o->share->hi : n;
    if (lo > hi || hi > n) {
        orf__mc_spec_free(ctx, &s);
        return orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL,
                             "Monte Carlo share [%zu, %zu) outside the %zu samples", lo, hi, n);
    }
    res->n = n;
    res->k = k;
    res->params = orf_malloc(ctx, k * sizeof *res->params);
    res->x = orf_malloc(ctx, (n * k + 1) * sizeof *res->x);
    res->npv_usd = orf_malloc(ctx, (n + 1) * sizeof *res->npv_usd);
    res->irr = orf_malloc(ctx, (n + 1) * sizeof *res->irr);
    res->hist_bins = o->hist_bins ? o->hist_bins : 20;
    res->hist = orf_calloc(ctx, res->hist_bins, sizeof *res->hist);
    double *sorted = orf_malloc(ctx, (n + 1) * sizeof *sorted);
    if (!res->params || !res->x || !res->npv_usd || !res->irr || !res->hist || !sorted) {
        orf_free(ctx, sorted);
        orf__mc_spec_free(ctx, &s);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory for %zu samples", n);
    }
    memcpy(res->params, s.p, k * sizeof *res->params);
    orf_dist *d = orf_malloc(ctx, k * sizeof *d);
    if (!d) {
        orf_free(ctx, sorted);
        orf__mc_spec_free(ctx, &s);
        orf_mc_result_fini(res);
        return ORF_E_NOMEM;
    }
    for (size_t j = 0; j < k; j++)
        d[j] = s.p[j].dist;
    double t0 = now_s();
    /* Iman & Conover need n >= k + 2 rows to correlate k columns: say so, rather than blame
     * the user's correlation matrix */
    st = s.corr && k >= 2 && n < k + 2
             ? ORF_E_RANGE
             : orf__mc_sample_matrix(ctx, d, k, s.corr, n, o->seed, res->x);
    orf_free(ctx, d);
    orf__mc_spec_free(ctx, &s);
    if (st == ORF_E_RANGE) {
        orf_free(ctx, sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, st, NULL, NULL,
                             "uncertainty: rank correlations among %zu parameters need at least "
                             "%zu samples (-n), found %zu",
                             k, k + 2, n);
    }
    if (st != ORF_OK) {
        orf_free(ctx, sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, st, NULL, NULL,
                             st == ORF_E_INPUT ? "uncertainty: the rank correlations are not "
                                                 "consistent (matrix not positive definite)"
                                               : "sampling failed");
    }

    mc_job J;
    memset(&J, 0, sizeof J);
    J.parent = ctx;
    J.path = path;
    J.p = res->params;
    J.k = k;
    J.n = hi; /* the workers take samples lo, lo + 1, ... up to hi (all of them: 0..n) */
    J.x = res->x;
    J.npv = res->npv_usd;
    J.irr = res->irr;
    atomic_init(&J.next, lo);
    atomic_init(&J.done, 0);
    atomic_init(&J.solves, 0);
    atomic_init(&J.failed, 0);
    atomic_init(&J.error, 0);
    atomic_init(&J.oom, 0);
    J.res = res;
    J.stop = o->share ? NULL : o->stop;
    res->first_failed = n;
    if (pthread_mutex_init(&J.lock, NULL) != 0) {
        orf_free(ctx, sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "cannot create a mutex");
    }
    int nt = o->threads > 0 ? o->threads : 1;
    pthread_t *th = orf_malloc(ctx, (size_t)nt * sizeof *th);
    if (!th) {
        pthread_mutex_destroy(&J.lock);
        orf_free(ctx, sorted);
        orf_mc_result_fini(res);
        return ORF_E_NOMEM;
    }
    int started = 0;
    for (int t = 0; t < nt; t++)
        if (pthread_create(&th[started], NULL, worker, &J) == 0)
            started++;
    if (started == 0) {
        pthread_mutex_destroy(&J.lock);
        orf_free(ctx, th);
        orf_free(ctx, sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "cannot start worker threads");
    }
    if (o->progress) {
        struct timespec ts = {0, 100000000L};
        for (;;) {
            size_t done = atomic_load(&J.done);
            o->progress(o->progress_ud, done, hi - lo);
            if (done >= hi - lo || (atomic_load(&J.error) && done + lo == atomic_load(&J.next)) ||
                (J.stop && *J.stop) || orf_ctx_stopped(ctx))
                break;
            nanosleep(&ts, NULL);
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    orf_free(ctx, th);
    pthread_mutex_destroy(&J.lock);
    st = ORF_OK;
    if (atomic_load(&J.oom))
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory in a Monte Carlo worker");
    else if (atomic_load(&J.done) < hi - lo && orf_ctx_stopped(ctx))
        st = orf_diag_emit(ctx, ORF_E_STOPPED, NULL, NULL,
                           "Monte Carlo stopped by request after %zu of %zu samples",
                           (size_t)atomic_load(&J.done), hi - lo);
    else if (atomic_load(&J.done) < hi - lo && J.stop && *J.stop)
        st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "interrupted");
    else if (atomic_load(&J.done) < hi - lo)
        st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL,
                           "Monte Carlo workers could not load '%s'", path);
    res->failed = atomic_load(&J.failed);
    res->solves = atomic_load(&J.solves);
    if (o->share) { /* the other processes' samples (also on a failure: none may wait) */
        orf_mc_part part = {n,
                            lo,
                            hi,
                            res->npv_usd,
                            res->irr,
                            res->failed,
                            res->solves,
                            res->first_failed,
                            res->first_failure,
                            sizeof res->first_failure,
                            st};
        *combined = 1;
        orf_status cs = o->share->combine(o->share->ud, ctx, &part);
        if (st == ORF_OK)
            st = cs;
        res->failed = part.failed;
        res->solves = part.solves;
        res->first_failed = part.first_failed;
    }
    res->seconds = now_s() - t0;
    if (st != ORF_OK) {
        orf_free(ctx, sorted);
        orf_mc_result_fini(res);
        return st;
    }

    /* Statistics over successful samples. */
    size_t m = 0, loss = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(res->npv_usd[i]))
            continue;
        sorted[m++] = res->npv_usd[i];
        sum += res->npv_usd[i];
        loss += res->npv_usd[i] < 0;
    }
    qsort(sorted, m, sizeof *sorted, dcmp);
    res->npv_mean = m ? sum / (double)m : (double)NAN;
    res->npv_p10 = orf_percentile_sorted(sorted, m, 10);
    res->npv_p50 = orf_percentile_sorted(sorted, m, 50);
    res->npv_p90 = orf_percentile_sorted(sorted, m, 90);
    res->prob_loss = m ? (double)loss / (double)m : (double)NAN;
    spread(sorted, m, &res->npv_std, &res->npv_min, &res->npv_max, NULL);
    res->hist_lo = m ? sorted[0] : 0;
    res->hist_hi = m ? sorted[m - 1] : 0;
    double w = (res->hist_hi - res->hist_lo) / (double)res->hist_bins;
    for (size_t i = 0; i < m; i++) {
        size_t b = w > 0 ? (size_t)((sorted[i] - res->hist_lo) / w) : 0;
        if (b >= res->hist_bins)
            b = res->hist_bins - 1;
        res->hist[b]++;
    }
    size_t mi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(res->irr[i]))
            sorted[mi++] = res->irr[i];
    qsort(sorted, mi, sizeof *sorted, dcmp);
    res->irr_p10 = orf_percentile_sorted(sorted, mi, 10);
    res->irr_p50 = orf_percentile_sorted(sorted, mi, 50);
    res->irr_p90 = orf_percentile_sorted(sorted, mi, 90);
    spread(sorted, mi, &res->irr_std, &res->irr_min, &res->irr_max, &res->irr_mean);
    orf_free(ctx, sorted);
    return ORF_OK;
}

orf_status orf_mc_run(orf_ctx *ctx, const char *path, const orf_mc_opts *o, orf_mc_result *res)
{
    int combined = 0;
    orf_status st = mc_run(ctx, path, o, res, &combined);
    if (st != ORF_OK && o->share && !combined) {
        /* a failure before the sampling (the same on every process for a bad file; a refused
         * allocation may be local): the other processes learn of it and stop too */
        orf_mc_part part;
        memset(&part, 0, sizeof part);
        part.status = st;
        o->share->combine(o->share->ud, ctx, &part);
    }
    return st;
}

void orf_mc_result_fini(orf_mc_result *r)
{
    orf_free(r->ctx, r->params);
    orf_free(r->ctx, r->x);
    orf_free(r->ctx, r->npv_usd);
    orf_free(r->ctx, r->irr);
    orf_free(r->ctx, r->hist);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- output */

/* Which inputs make samples fail: input j's range over the successful samples, and how many
 * failed samples drew a value below / above it. */
typedef struct {
    double lo, hi;
    size_t below, above;
} fail_range;

static fail_range input_range(const orf_mc_result *r, size_t j)
{
    fail_range f = {(double)INFINITY, -(double)INFINITY, 0, 0};
    for (size_t i = 0; i < r->n; i++)
        if (isfinite(r->npv_usd[i])) {
            double v = r->x[i * r->k + j];
            f.lo = v < f.lo ? v : f.lo;
            f.hi = v > f.hi ? v : f.hi;
        }
    for (size_t i = 0; i < r->n; i++)
        if (!isfinite(r->npv_usd[i])) {
            double v = r->x[i * r->k + j];
            f.below += v < f.lo;
            f.above += v > f.hi;
        }
    return f;
}

enum { SHOWN_FAILED = 5 }; /* failed samples whose values the JSON lists */

static void failures_json(const orf_mc_result *r, orf_json *j)
{
    orf_json_key(j, "failures");
    orf_json_begin_object(j);
    orf_json_key(j, "first_sample");
    orf_json_int(j, (long)r->first_failed);
    orf_json_key_string(j, "first_diagnostic", r->first_failure);
    orf_json_key(j, "inputs");
    orf_json_begin_array(j);
    for (size_t q = 0; q < r->k; q++) {
        fail_range f = input_range(r, q);
        orf_json_begin_object(j);
        orf_json_key_string(j, "param", r->params[q].path);
        orf_json_key_number(j, "successful_min", f.lo);
        orf_json_key_number(j, "successful_max", f.hi);
        orf_json_key(j, "failed_below");
        orf_json_int(j, (long)f.below);
        orf_json_key(j, "failed_above");
        orf_json_int(j, (long)f.above);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "samples");
    orf_json_begin_array(j);
    for (size_t i = 0, shown = 0; i < r->n && shown < SHOWN_FAILED; i++) {
        if (isfinite(r->npv_usd[i]))
            continue;
        shown++;
        orf_json_begin_object(j);
        orf_json_key(j, "sample");
        orf_json_int(j, (long)i);
        orf_json_key(j, "values");
        orf_json_begin_object(j);
        for (size_t q = 0; q < r->k; q++)
            orf_json_key_number(j, r->params[q].path, r->x[i * r->k + q]);
        orf_json_end_object(j);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
}

static void failures_print(const orf_mc_result *r, FILE *fp)
{
    fprintf(fp, "  %zu of %zu samples failed and are left out of the figures above\n", r->failed,
            r->n);
    fprintf(fp, "    first failure (sample %zu): %s\n", r->first_failed, r->first_failure);
    /* the inputs that most often lie outside first (a selection: k is small) */
    size_t shown = 0, done[64] = {0}, nk = r->k < 64 ? r->k : 64;
    for (size_t pass = 0; pass < nk; pass++) {
        size_t best = nk, bestc = 0;
        fail_range fb = {0, 0, 0, 0};
        for (size_t q = 0; q < nk; q++) {
            fail_range f = input_range(r, q);
            if (!done[q] && f.below + f.above > bestc) {
                best = q;
                bestc = f.below + f.above;
                fb = f;
            }
        }
        if (best == nk)
            break;
        done[best] = 1;
        if (!shown++)
            fprintf(fp, "    inputs of failed samples outside the range of the successful ones:\n");
        fprintf(fp, "      %s: successful %.6g .. %.6g; failed samples below %zu, above %zu\n",
                r->params[best].path, fb.lo, fb.hi, fb.below, fb.above);
    }
    if (!shown)
        fprintf(fp,
                "    no input of a failed sample lies outside the range of the successful ones\n");
}

/* The statistics of one sampled output, in the order docs/json.md gives (NPV and IRR alike). */
static void stat_keys(orf_json *j, double mean, double std, double min, double max, double p10,
                      double p50, double p90)
{
    orf_json_key_number(j, "mean", mean);
    orf_json_key_number(j, "std", std);
    orf_json_key_number(j, "min", min);
    orf_json_key_number(j, "max", max);
    orf_json_key_number(j, "p10", p10);
    orf_json_key_number(j, "p50", p50);
    orf_json_key_number(j, "p90", p90);
}

void orf_mc_write_json(const orf_mc_result *r, const orf_mc_opts *o, orf_json *j)
{
    orf_json_begin_object(j);
    orf_json_key(j, "samples");
    orf_json_int(j, (long)r->n);
    orf_json_key(j, "failed");
    orf_json_int(j, (long)r->failed);
    orf_json_key(j, "solves");
    orf_json_int(j, (long)r->solves);
    orf_json_key(j, "seed");
    orf_json_int(j, (long)o->seed);
    orf_json_key(j, "threads");
    orf_json_int(j, o->threads);
    orf_json_key(j, "base");
    orf_json_begin_object(j);
    orf_json_key_number(j, "npv_usd", r->base_npv_usd);
    orf_json_key_number(j, "irr", r->base_irr);
    orf_json_end_object(j);
    orf_json_key(j, "npv_usd");
    orf_json_begin_object(j);
    stat_keys(j, r->npv_mean, r->npv_std, r->npv_min, r->npv_max, r->npv_p10, r->npv_p50,
              r->npv_p90);
    orf_json_key(j, "histogram");
    orf_json_begin_object(j);
    orf_json_key_number(j, "lo", r->hist_lo);
    orf_json_key_number(j, "hi", r->hist_hi);
    orf_json_key(j, "counts");
    orf_json_begin_array(j);
    for (size_t b = 0; b < r->hist_bins; b++)
        orf_json_int(j, (long)r->hist[b]);
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_json_end_object(j);
    orf_json_key(j, "irr");
    orf_json_begin_object(j);
    stat_keys(j, r->irr_mean, r->irr_std, r->irr_min, r->irr_max, r->irr_p10, r->irr_p50,
              r->irr_p90);
    orf_json_end_object(j);
    orf_json_key_number(j, "prob_loss", r->prob_loss);
    orf_json_key(j, "parameters");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->k; i++) {
        const orf_mc_param *p = &r->params[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "param", p->path);
        orf_json_key_string(j, "dist", orf_dist_kind_name(p->dist.kind));
        orf_json_key_number(j, "base", p->base);
        orf_json_key_number(j, "mean", orf_dist_mean(&p->dist));
        orf_json_key_number(j, "p10", orf_dist_quantile(&p->dist, 0.1));
        orf_json_key_number(j, "p90", orf_dist_quantile(&p->dist, 0.9));
        orf_json_key(j, "resolves_flowsheet");
        orf_json_bool(j, p->flowsheet);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    if (r->failed)
        failures_json(r, j);
    orf_json_end_object(j);
    orf_json_end(j);
}

void orf_mc_print(const orf_mc_result *r, FILE *fp)
{
    fprintf(fp, "Monte Carlo: %zu samples (%zu failed, %zu re-solved the flowsheet), %.2f s\n",
            r->n, r->failed, r->solves, r->seconds);
    fprintf(fp, "  %-10s %10s %10s %10s %10s %10s %10s %10s %10s\n", "", "base case", "P50", "P10",
            "P90", "mean", "std", "min", "max");
    fprintf(fp, "  %-10s %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n", "NPV M USD",
            r->base_npv_usd / 1e6, r->npv_p50 / 1e6, r->npv_p10 / 1e6, r->npv_p90 / 1e6,
            r->npv_mean / 1e6, r->npv_std / 1e6, r->npv_min / 1e6, r->npv_max / 1e6);
    fprintf(fp, "  %-10s %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n", "IRR %",
            100 * r->base_irr, 100 * r->irr_p50, 100 * r->irr_p10, 100 * r->irr_p90,
            100 * r->irr_mean, 100 * r->irr_std, 100 * r->irr_min, 100 * r->irr_max);
    fprintf(fp, "  probability of a loss (NPV < 0): %.1f %%\n", 100 * r->prob_loss);
    if (r->failed)
        failures_print(r, fp);
    size_t mx = 1;
    for (size_t b = 0; b < r->hist_bins; b++)
        if (r->hist[b] > mx)
            mx = r->hist[b];
    double w = (r->hist_hi - r->hist_lo) / (double)r->hist_bins;
    for (size_t b = 0; b < r->hist_bins; b++) {
        fprintf(fp, "  %10.2f |", (r->hist_lo + w * (double)b) / 1e6);
        size_t bar = r->hist[b] * 50 / mx;
        for (size_t q = 0; q < bar; q++)
            fputc('#', fp);
        fprintf(fp, " %zu\n", r->hist[b]);
    }
}

orf_status orf_mc_write_csv(orf_ctx *ctx, const orf_mc_result *r, const char *path)
{
    orf_atomic a;
    orf_status st = orf_atomic_open(ctx, &a, path);
    if (st != ORF_OK)
        return st;
    fprintf(a.fp, "sample");
    for (size_t j = 0; j < r->k; j++) {
        fputc(',', a.fp);
        orf_csv_text(a.fp, r->params[j].path);
    }
    fprintf(a.fp, ",npv_usd,irr\n");
    for (size_t i = 0; i < r->n; i++) {
        fprintf(a.fp, "%zu", i);
        for (size_t j = 0; j < r->k; j++) {
            fputc(',', a.fp);
            orf_csv_number(a.fp, r->x[i * r->k + j], 17);
        }
        fputc(',', a.fp);
        orf_csv_number(a.fp, r->npv_usd[i], 17);
        fputc(',', a.fp);
        orf_csv_number(a.fp, r->irr[i], 17);
        fputc('\n', a.fp);
    }
    if (ferror(a.fp)) {
        orf_atomic_abort(&a);
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot write '%s'", path);
    }
    return orf_atomic_commit(ctx, &a);
}
