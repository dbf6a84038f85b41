/* Probability distributions by their inverse CDFs.
 *
 * Uniform, triangular (Johnson, Kotz & Balakrishnan, "Continuous Univariate Distributions",
 * vol. 2, 2nd ed., 1995, ch. 26), normal and lognormal (GSL gsl_cdf_ugaussian_Pinv), PERT:
 * a Beta on [min, max] with alpha = 1 + 4 (mode-min)/(max-min), beta = 1 + 4 (max-mode)/(max-min)
 * (Malcolm, Roseboom, Clark & Fazar 1959, Oper. Res. 7(5):646–669; Vose, "Risk Analysis", 3rd
 * ed., 2008, §9.1), quantile by gsl_cdf_beta_Pinv. Per-sample seeds by SplitMix64 (Steele, Lea
 * & Flood 2014, OOPSLA "Fast splittable pseudorandom number generators").
 */
#include "mc/mc_impl.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"fixed",  "uniform",   "triangular",
                                         "normal", "lognormal", "pert"};

const char *orf_dist_kind_name(orf_dist_kind k)
{
    if ((size_t)k < sizeof kind_names / sizeof kind_names[0])
        return kind_names[k];
    return "?";
}

int orf_dist_kind_from_name(const char *name, orf_dist_kind *k)
{
    for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *k = (orf_dist_kind)i;
            return 0;
        }
    }
    return -1;
}

orf_status orf_dist_check(const orf_dist *d, const char **why)
{
    static const char *const m_fin = "parameters must be finite numbers";
    *why = NULL;
    if (!isfinite(d->a) || !isfinite(d->b) || !isfinite(d->c)) {
        *why = m_fin;
        return ORF_E_RANGE;
    }
    switch (d->kind) {
    case ORF_DIST_FIXED:
        return ORF_OK;
    case ORF_DIST_UNIFORM:
        if (d->a > d->b) {
            *why = "min must not exceed max";
            return ORF_E_RANGE;
        }
        return ORF_OK;
    case ORF_DIST_TRIANGULAR:
    case ORF_DIST_PERT:
        if (!(d->a <= d->b && d->b <= d->c)) {
            *why = "need min <= mode <= max";
            return ORF_E_RANGE;
        }
        return ORF_OK;
    case ORF_DIST_NORMAL:
    case ORF_DIST_LOGNORMAL:
        if (d->b < 0) {
            *why = "the standard deviation (sigma) must be >= 0";
            return ORF_E_RANGE;
        }
        return ORF_OK;
    }
    *why = "unknown distribution";
    return ORF_E_RANGE;
}

double orf_dist_quantile(const orf_dist *d, double u)
{
    switch (d->kind) {
    case ORF_DIST_FIXED:
        return d->a;
    case ORF_DIST_UNIFORM:
        return d->a + u * (d->b - d->a);
    case ORF_DIST_TRIANGULAR: {
        double lo = d->a, mo = d->b, hi = d->c, w = hi - lo;
        if (w <= 0)
            return lo;
        double fc = (mo - lo) / w;
        if (u < fc)
            return lo + sqrt(u * w * (mo - lo));
        return hi - sqrt((1 - u) * w * (hi - mo));
    }
    case ORF_DIST_NORMAL:
        return d->b > 0 ? d->a + d->b * gsl_cdf_ugaussian_Pinv(u) : d->a;
    case ORF_DIST_LOGNORMAL:
        return exp(d->b > 0 ? d->a + d->b * gsl_cdf_ugaussian_Pinv(u) : d->a);
    case ORF_DIST_PERT: {
        double lo = d->a, mo = d->b, hi = d->c, w = hi - lo;
        if (w <= 0)
            return lo;
        double al = 1 + 4 * (mo - lo) / w, be = 1 + 4 * (hi - mo) / w;
        return lo + w * gsl_cdf_beta_Pinv(u, al, be);
    }
    }
    return (double)NAN;
}

double orf_dist_mean(const orf_dist *d)
{
    switch (d->kind) {
    case ORF_DIST_FIXED:
        return d->a;
    case ORF_DIST_UNIFORM:
        return 0.5 * (d->a + d->b);
    case ORF_DIST_TRIANGULAR:
        return (d->a + d->b + d->c) / 3;
    case ORF_DIST_NORMAL:
        return d->a;
    case ORF_DIST_LOGNORMAL:
        return exp(d->a + 0.5 * d->b * d->b);
    case ORF_DIST_PERT:
        return (d->a + 4 * d->b + d->c) / 6;
    }
    return (double)NAN;
}

double orf_dist_sd(const orf_dist *d)
{
    double a = d->a, b = d->b, c = d->c;
    switch (d->kind) {
    case ORF_DIST_FIXED:
        return 0;
    case ORF_DIST_UNIFORM:
        return (b - a) / sqrt(12.0);
    case ORF_DIST_TRIANGULAR:
        return sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
    case ORF_DIST_NORMAL:
        return b;
    case ORF_DIST_LOGNORMAL:
        return sqrt((exp(b * b) - 1) * exp(2 * a + b * b));
    case ORF_DIST_PERT: {
        double w = c - a;
        if (w <= 0)
            return 0;
        double al = 1 + 4 * (b - a) / w, be = 1 + 4 * (c - b) / w;
        return w * sqrt(al * be / ((al + be) * (al + be) * (al + be + 1)));
    }
    }
    return (double)NAN;
}

unsigned long orf_mc_sample_seed(unsigned long seed, unsigned long i)
{
    uint64_t z = (uint64_t)seed * 0x9E3779B97F4A7C15ull + (uint64_t)i + 0x632BE59BD9B4E019ull;
    for (int r = 0; r < 2; r++) {
        z += 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
    }
    unsigned long s = (unsigned long)(z & 0xFFFFFFFFul);
    return s ? s : 4357ul; /* gsl_rng_set treats 0 as its default seed: avoid the alias */
}

orf_status orf__mc_sample_matrix(orf_ctx *ctx, const orf_dist *d, size_t k, const double *rank_corr,
                                 size_t n, unsigned long seed, double *x)
{
    /* GSL's own malloc, out of reach of the context's allocator hook; NULL is ORF_E_NOMEM. */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return ORF_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        gsl_rng_set(r, orf_mc_sample_seed(seed, i));
        for (size_t j = 0; j < k; j++)
            x[i * k + j] = orf_dist_quantile(&d[j], gsl_rng_uniform_pos(r));
    }
    gsl_rng_free(r);
    if (!rank_corr || k < 2)
        return ORF_OK;
    int trivial = 1;
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            if (a != b && rank_corr[a * k + b] != 0.0)
                trivial = 0;
    if (trivial)
        return ORF_OK;
    return orf__iman_conover(ctx, x, n, k, rank_corr, orf_mc_sample_seed(seed, n));
}

orf_status orf_mc_sample_matrix(const orf_dist *d, size_t k, const double *rank_corr, size_t n,
                                unsigned long seed, double *x)
{
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return ORF_E_NOMEM;
    orf_status st = orf__mc_sample_matrix(ctx, d, k, rank_corr, n, seed, x);
    orf_ctx_free(ctx);
    return st;
}
