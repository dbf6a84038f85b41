/* Discounted cash flow and tax building blocks.
 *
 * NPV = sum_t CF_t (1+r)^-t (end-of-year flows, year 0 undiscounted); IRR solves NPV(r) = 0
 * with Brent's method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4;
 * GSL gsl_root_fsolver_brent). Payback interpolates the cumulative cash flow within the year
 * of the crossing. Depreciation: pooled declining balance, Kazakhstan Tax Code 2017 art. 271
 * (PwC Worldwide Tax Summaries, Kazakhstan — Deductions, reviewed Feb 2024). CIT: 20 %,
 * losses carried forward up to 10 years (PwC Tax Summaries, Kazakhstan — Corporate, 2026).
 */
#include "oreflow/finance.h"

#include "base/base_impl.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>

double orf_fin_npv(const double *cf, size_t n, double r)
{
    /* Horner from the last year: sum cf[t] v^t with v = 1/(1+r). */
    double v = 1.0 / (1.0 + r), s = 0.0;
    for (size_t k = n; k-- > 0;)
        s = s * v + cf[k];
    return s;
}

typedef struct {
    const double *cf;
    size_t n;
} npv_args;

static double npv_fn(double r, void *p)
{
    const npv_args *a = p;
    return orf_fin_npv(a->cf, a->n, r);
}

/* The grid the IRR's roots are bracketed on: -0.99 to 100, denser near zero where project IRRs
 * live. */
static double irr_grid(int k)
{
    return k <= 200 ? -0.99 + 1.99 * k / 200.0 : 1.0 + (100.0 - 1.0) * pow((k - 200) / 200.0, 2.0);
}

/* Brent's method on [lo, hi] (NPV changes sign there) to 1e-12. */
static orf_status irr_refine(npv_args *a, double lo, double hi, double *root)
{
    orf__gsl_init(); /* callable without a context */
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return ORF_E_NOMEM;
    gsl_function F = {npv_fn, a};
    int st = gsl_root_fsolver_set(s, &F, lo, hi);
    for (int it = 0; st == GSL_SUCCESS && it < 200; it++) {
        st = gsl_root_fsolver_iterate(s);
        if (st != GSL_SUCCESS)
            break;
        double xl = gsl_root_fsolver_x_lower(s), xu = gsl_root_fsolver_x_upper(s);
        if (gsl_root_test_interval(xl, xu, 1e-14, 1e-12) == GSL_SUCCESS)
            break;
    }
    double r = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (st != GSL_SUCCESS || !isfinite(r))
        return ORF_E_NUMERIC;
    *root = r;
    return ORF_OK;
}

/* Every root on the grid in ascending order, refined; the one nearest `guess` when near is set,
 * else the smallest. */
static orf_status irr_pick(const double *cf, size_t n, int near, double guess, double *irr)
{
    *irr = (double)NAN;
    if (n < 2)
        return ORF_E_NUMERIC;
    npv_args a = {cf, n};
    double lo = irr_grid(0), flo = npv_fn(lo, &a);
    int found = 0;
    for (int k = 1; k <= 400; k++) {
        double x = irr_grid(k), fx = npv_fn(x, &a), r = x;
        if (!isfinite(fx))
            continue;
        if (fx != 0.0 && !(isfinite(flo) && (flo < 0) != (fx < 0))) {
            lo = x;
            flo = fx;
            continue;
        }
        if (fx != 0.0) {
            orf_status st = irr_refine(&a, lo, x, &r);
            if (st != ORF_OK)
                return st;
        }
        if (!found || (near && fabs(r - guess) < fabs(*irr - guess)))
            *irr = r;
        found = 1;
        if (!near)
            return ORF_OK;
        lo = x;
        flo = fx;
    }
    return found ? ORF_OK : ORF_E_NUMERIC;
}

orf_status orf_fin_irr(const double *cf, size_t n, double *irr)
{
    return irr_pick(cf, n, 0, 0.0, irr);
}

orf_status orf_fin_irr_near(const double *cf, size_t n, double guess, double *irr)
{
    return irr_pick(cf, n, 1, guess, irr);
}

double orf_fin_payback_years(const double *cf, size_t n)
{
    double cum = 0.0;
    int was_negative = 0;
    for (size_t t = 0; t < n; t++) {
        double prev = cum;
        cum += cf[t];
        if (cum < 0.0) {
            was_negative = 1;
        } else if (was_negative && prev < 0.0) {
            /* Flows sit at times 0, 1, ..., as in the NPV: the crossing lies between t-1 and t
             * (t >= 1 here, since cum was negative before). */
            return (double)(t - 1) + (-prev / cf[t]);
        }
    }
    return was_negative ? (double)NAN : 0.0;
}

double orf_fin_discounted_payback_years(const double *cf, size_t n, double rate)
{
    double cum = 0.0, v = 1.0 / (1.0 + rate), vt = 1.0;
    int was_negative = 0;
    for (size_t t = 0; t < n; t++, vt *= v) {
        double prev = cum, d = cf[t] * vt;
        cum += d;
        if (cum < 0.0)
            was_negative = 1;
        else if (was_negative && prev < 0.0)
            return (double)(t - 1) + (-prev / d);
    }
    return was_negative ? (double)NAN : 0.0;
}

void orf_fin_depreciation_db(const double *additions, size_t n, double rate, size_t in_service,
                             int write_off_last, double *dep)
{
    double wip = 0.0, pool = 0.0;
    for (size_t t = 0; t < n; t++) {
        dep[t] = 0.0;
        if (t < in_service) {
            wip += additions[t];
            continue;
        }
        pool += additions[t] + wip;
        wip = 0.0;
        double d = rate * pool;
        if (write_off_last && t == n - 1)
            d = pool;
        dep[t] = d;
        pool -= d;
    }
}

void orf_fin_cit(const double *pbt, size_t n, double rate, int carry_years, double *tax)
{
    /* While running, tax[s] < 0 holds the unused loss of year s (a loss year pays no tax). */
    for (size_t t = 0; t < n; t++) {
        if (pbt[t] <= 0.0) {
            tax[t] = pbt[t]; /* store the loss */
            continue;
        }
        double income = pbt[t];
        size_t first = 0;
        if (carry_years >= 0 && t > (size_t)carry_years)
            first = t - (size_t)carry_years;
        for (size_t s = first; s < t && income > 0.0; s++) {
            if (tax[s] < 0.0) {
                double use = fmin(-tax[s], income);
                tax[s] += use;
                income -= use;
            }
        }
        tax[t] = rate * income;
    }
    for (size_t t = 0; t < n; t++)
        if (tax[t] < 0.0)
            tax[t] = 0.0;
}
