/* oreflow — Monte Carlo risk analysis and one-at-a-time sensitivity of project economics.
 *
 * The `uncertainty:` section (docs/format.md, "Uncertainty") gives distributions to numeric
 * parameters of the file: any value of the economics section by its path
 * ("economics.products.ferrochrome.price") or any numeric unit parameter as "unit.param"
 * ("spiral.cut_density_kg_m3"), plus rank correlations between them (Iman–Conover).
 * orf_mc_run draws the whole sample matrix first (row i from (seed, i), then the rank
 * reordering), then evaluates rows on worker threads; each worker loads its own flowsheet,
 * economics model and context, solves the base case once and warm-starts every sample that
 * touches the flowsheet from the base case's converged streams, so the numbers are the same for
 * any thread count. Samples that touch only economics values skip the solve.
 * Ownership: results own their arrays (orf_mc_result_fini), allocated through the context given
 * to the run, which must outlive them. Memory: the workers' contexts allocate through the same
 * hook, from several threads at once (see orf_alloc_fn). A run that was refused an allocation
 * anywhere returns ORF_E_NOMEM, never a partial result. Thread safety: each call is
 * independent; the progress callback is called from the calling thread only.
 */
#ifndef OREFLOW_MC_H
#define OREFLOW_MC_H

#include "common.h"
#include "dist.h"
#include "output.h"
#include <signal.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_mc_param {
    const char *path; /* "economics.fx.KZT" or "unit.param" (interned in the context) */
    orf_dist dist;
    int flowsheet; /* 1: a unit parameter (needs a re-solve) */
    double base;   /* value in the file */
    /* Range a sampled value must lie in (a unit parameter's declared min..max, as the loader
     * checks the file's value); -inf..inf when none. A draw outside fails its sample. */
    double lo, hi;
} orf_mc_param;

/* A run spread over several processes (MPI ranks: cli/mpi_mc.c; docs/cluster.md). Every
 * process loads the file and draws the same whole sample matrix from the seed, evaluates only
 * its own samples [lo, hi) (on its worker threads), then `combine` makes the per-sample outputs
 * whole: on return every process holds all n samples' NPV and IRR in sample order, the summed
 * counts and the lowest failed sample, so the statistics are computed from the same numbers in
 * the same order as one process computes them: the result for a seed is the same whatever the
 * number of processes and threads. The library itself holds no MPI code. */
typedef struct orf_mc_part {
    size_t n, lo, hi;      /* all samples; this process's [lo, hi) */
    double *npv_usd, *irr; /* n each: [lo, hi) filled here; the rest to be filled by combine */
    size_t failed, solves; /* this process's counts: to be summed over processes */
    size_t first_failed;   /* this process's lowest failed sample (n: none): to be minimised */
    char *first_failure;   /* its diagnostic: the one of the lowest over processes */
    size_t first_failure_cap;
    orf_status status; /* this process's outcome (ORF_OK or its failure) */
} orf_mc_part;
typedef struct orf_mc_share {
    size_t lo, hi; /* this process's samples (lo <= hi <= n) */
    /* Called once on every process, also after a local failure (so that no process waits for
     * a failed one): ORF_OK when every process succeeded and `part` is whole, else a failure
     * (the local one, or ORF_E_INTERNAL with a diagnostic for another process's). */
    orf_status (*combine)(void *ud, orf_ctx *ctx, orf_mc_part *part);
    void *ud;
} orf_mc_share;

typedef struct orf_mc_opts {
    size_t n;    /* samples */
    int threads; /* worker threads (>= 1) */
    unsigned long seed;
    size_t hist_bins; /* NPV histogram bins (default 20 when 0) */
    /* Optional progress report (called from the calling thread, about 10 times a second). */
    void (*progress)(void *ud, size_t done, size_t n);
    void *progress_ud;
    /* Optional: this process's share of a run spread over processes (NULL: all samples). */
    const orf_mc_share *share;
    /* Optional: set (by a signal handler, another thread) to stop the run: the workers finish
     * the samples they hold and orf_mc_run returns ORF_E_INTERNAL with the diagnostic
     * "interrupted" (no partial result). Not for a run spread over processes. */
    volatile sig_atomic_t *stop;
} orf_mc_opts;

typedef struct orf_mc_result {
    size_t n, k;
    orf_mc_param *params;  /* k (paths borrowed from the context) */
    double *x;             /* n × k sampled values, row-major */
    double *npv_usd, *irr; /* n; NaN for failed samples / no IRR */
    size_t failed;         /* samples whose solve or evaluation failed */
    size_t solves;         /* samples that re-solved the flowsheet */
    double base_npv_usd, base_irr;
    double npv_mean, npv_p10, npv_p50, npv_p90; /* pXX: the XX-th percentile (P10 low) */
    double irr_p10, irr_p50, irr_p90;
    double npv_std, npv_min, npv_max; /* sample standard deviation, extremes (successful) */
    double irr_mean, irr_std, irr_min, irr_max;
    double prob_loss; /* share of successful samples with NPV < 0 */
    size_t hist_bins;
    double hist_lo, hist_hi;
    size_t *hist;            /* hist_bins counts over [hist_lo, hist_hi] */
    double seconds;          /* wall time of the sampling and evaluation */
    size_t first_failed;     /* index of the first failed sample (n when none failed) */
    char first_failure[256]; /* its diagnostic ("" when none) */
    orf_ctx *ctx;            /* whose allocator holds the arrays: must outlive the result */
} orf_mc_result;

/* Run the Monte Carlo on the flowsheet file at `path` (which must have economics and
 * uncertainty sections). Diagnostics go to ctx. ORF_OK, ORF_E_INPUT (bad file or section),
 * ORF_E_NOMEM, or the base case's solve failure. */
ORF_API orf_status orf_mc_run(orf_ctx *ctx, const char *path, const orf_mc_opts *o,
                              orf_mc_result *res);
ORF_API void orf_mc_result_fini(orf_mc_result *res);
struct orf_flowsheet;
struct orf_econ;
/* Validate the `uncertainty:` section of a loaded flowsheet through the functions orf_mc_run
 * uses (parameters, distributions, rank correlations), without solving: `oreflow check`.
 * e is the flowsheet's economics (NULL when it has none). ORF_OK when the section is absent. */
ORF_API orf_status orf_mc_check(orf_ctx *ctx, struct orf_flowsheet *fs, struct orf_econ *e);

/* Summary as JSON: {"samples", "failed", "seed", "threads", "base": {...},
 * "npv_usd": {"mean","std","min","p10","p50","p90","max","histogram": {"lo","hi","counts"}},
 * "irr": {...}, "prob_loss", "parameters": [...], and when samples failed "failures":
 * {"first_sample", "first_diagnostic", "inputs": [per parameter: the range of the successful
 * samples and how many failed samples lie below / above it], "samples": [the first few failed
 * samples' values]}}. */
ORF_API void orf_mc_write_json(const orf_mc_result *r, const orf_mc_opts *o, orf_json *j);
ORF_API void orf_mc_print(const orf_mc_result *r, FILE *fp);
/* Samples as CSV (one row per sample: index, each parameter, npv_usd, irr), atomically. */
ORF_API orf_status orf_mc_write_csv(orf_ctx *ctx, const orf_mc_result *r, const char *path);

/* One-at-a-time sensitivity (tornado): each uncertain parameter at its P10 and P90 with all
 * others at their base values. Rows sorted by |swing| descending. */
typedef struct orf_sens_row {
    const char *path;
    double base, low, high;           /* parameter values: file, P10, P90 */
    double npv_low_usd, npv_high_usd; /* NPV with the parameter at P10 / P90 */
    double swing_usd;                 /* npv_high - npv_low */
    const char *unit; /* unit of measure of the values ("USD/t", "µm"); "" when none */
} orf_sens_row;
typedef struct orf_sens_result {
    double base_npv_usd;
    size_t nrows;
    orf_sens_row *rows;
    orf_ctx *ctx; /* whose allocator holds the rows: must outlive the result */
} orf_sens_result;
ORF_API orf_status orf_sensitivity_run(orf_ctx *ctx, const char *path, orf_sens_result *res);
ORF_API void orf_sens_result_fini(orf_sens_result *res);
ORF_API void orf_sens_write_json(const orf_sens_result *r, orf_json *j);
ORF_API void orf_sens_print(const orf_sens_result *r, FILE *fp);

/* Percentile (linear interpolation between order statistics, Hyndman & Fan type 7) of sorted
 * values v[0..n). NaN when n == 0. */
ORF_API double orf_percentile_sorted(const double *v, size_t n, double pct);

#ifdef __cplusplus
}
#endif
#endif
