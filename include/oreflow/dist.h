/* oreflow — probability distributions for uncertain parameters, Monte Carlo sampling
 * and Iman–Conover rank correlation.
 *
 * Every distribution is sampled by its inverse CDF (quantile) applied to a uniform number, so
 * the P10/P90 of a parameter for a tornado chart is the same function at 0.1 and 0.9.
 * Ownership: callers own all arrays. Memory: the functions that allocate (sampling, Iman–Conover,
 * rank correlation) do so through a private context with the default allocator (orf_mc_run
 * reaches the same code through its caller's context). Thread safety: reentrant.
 */
#ifndef OREFLOW_DIST_H
#define OREFLOW_DIST_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ORF_DIST_FIXED,      /* a: the value */
    ORF_DIST_UNIFORM,    /* a = min, b = max */
    ORF_DIST_TRIANGULAR, /* a = min, b = mode, c = max */
    ORF_DIST_NORMAL,     /* a = mean, b = standard deviation */
    ORF_DIST_LOGNORMAL,  /* a = mu, b = sigma of ln(x) (median e^mu) */
    ORF_DIST_PERT        /* a = min, b = mode, c = max; Beta with shape lambda = 4 */
} orf_dist_kind;

typedef struct orf_dist {
    orf_dist_kind kind;
    double a, b, c;
} orf_dist;

/* Name of a kind ("triangular"); never NULL. Kind from its name: 0 ok, -1 unknown. */
ORF_API const char *orf_dist_kind_name(orf_dist_kind k);
ORF_API int orf_dist_kind_from_name(const char *name, orf_dist_kind *k);

/* Check the parameters (min <= mode <= max, sd >= 0, ...). ORF_OK or ORF_E_RANGE; *why gets a
 * static message on error. Degenerate distributions (min == max, sd == 0) are valid and give
 * their single value. */
ORF_API orf_status orf_dist_check(const orf_dist *d, const char **why);
/* Quantile (inverse CDF) at u in (0,1). */
ORF_API double orf_dist_quantile(const orf_dist *d, double u);
/* Mean and standard deviation (closed forms). */
ORF_API double orf_dist_mean(const orf_dist *d);
ORF_API double orf_dist_sd(const orf_dist *d);

/* Seed of sample `i` of a run seeded with `seed` (SplitMix64 mix), so that sample i's random
 * numbers depend only on (seed, i), whatever the thread count or evaluation order. */
ORF_API unsigned long orf_mc_sample_seed(unsigned long seed, unsigned long i);

/* Fill x (n rows × k columns, row-major) with independent samples: row i from a GSL MT19937
 * generator seeded with orf_mc_sample_seed(seed, i). Then, when rank_corr (k×k, row-major,
 * symmetric, unit diagonal) is not NULL, rearrange each column by Iman–Conover so that the rank
 * correlations approach rank_corr (the rearrangement is seeded from (seed, n)). Returns ORF_OK,
 * ORF_E_NOMEM, or ORF_E_INPUT when rank_corr is not positive definite. */
ORF_API orf_status orf_mc_sample_matrix(const orf_dist *d, size_t k, const double *rank_corr,
                                        size_t n, unsigned long seed, double *x);

/* Iman & Conover (1982), "A distribution-free approach to inducing rank correlation among input
 * variables", Commun. Stat. Simul. Comput. 11(3):311–334: reorder each column of x (n × k,
 * row-major) so that the rank correlation matrix approaches `target` (k×k), keeping each
 * column's values (so its marginal distribution). `seed` drives the random van der Waerden
 * score permutations. Returns ORF_OK, ORF_E_NOMEM or ORF_E_INPUT (target not positive definite,
 * or n < k + 2). */
ORF_API orf_status orf_iman_conover(double *x, size_t n, size_t k, const double *target,
                                    unsigned long seed);

/* Spearman rank correlation of columns a and b of x (n × k, row-major); ties get mid-ranks.
 * Allocates; NaN on out of memory. */
ORF_API double orf_rank_corr(const double *x, size_t n, size_t k, size_t a, size_t b);

#ifdef __cplusplus
}
#endif
#endif
