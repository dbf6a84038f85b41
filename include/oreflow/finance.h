/* oreflow — discounted cash flow arithmetic and Kazakh-style tax building blocks.
 *
 * Pure functions on plain arrays (no flowsheet, no context): NPV, IRR, payback, declining-
 * balance tax depreciation, corporate income tax with loss carry-forward.
 *
 * Conventions (docs/format.md, "economics"):
 *  - cash flows cf[0..n) are yearly; cf[t] is discounted by (1+r)^-t, so cf[0] (the first
 *    construction year) is undiscounted — the textbook NPV = sum_t CF_t / (1+r)^t;
 *  - money out is negative, money in positive;
 *  - rates are fractions (0.10), not percent.
 * Ownership: callers own every array. Thread safety: all functions are reentrant.
 */
#ifndef OREFLOW_FINANCE_H
#define OREFLOW_FINANCE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Net present value of cf[0..n) at rate r (> -1). */
double orf_fin_npv(const double *cf, size_t n, double r);

/* Internal rate of return: the r in (-0.99, 100) with NPV(r) = 0, found by bracketing on a grid
 * and refining with GSL's Brent solver to 1e-12. When the flows change sign more than once and
 * several roots exist, the smallest root is returned. Returns ORF_OK, or ORF_E_NUMERIC when no
 * root exists (all flows of one sign, or NPV never changes sign); *irr is then NaN. */
orf_status orf_fin_irr(const double *cf, size_t n, double *irr);
/* As orf_fin_irr, but of several roots the one nearest `guess` (what a spreadsheet's IRR finds
 * from that guess). A project whose closure costs follow its last revenue has a second,
 * meaningless root near -100 %; the economics reports the root nearest its discount rate. */
orf_status orf_fin_irr_near(const double *cf, size_t n, double guess, double *irr);

/* Payback period in years from the start of year 0: the first time the cumulative undiscounted
 * cash flow turns from negative to >= 0, interpolated linearly within the year of the crossing
 * (flows -100, 60, 60 give 1.667). Returns NaN when it never pays back, 0 when it is never
 * negative. */
double orf_fin_payback_years(const double *cf, size_t n);

/* Discounted payback in years: the payback of the flows discounted at `rate` (fraction, real; the
 * flow of year t divided by (1+rate)^t, as in the NPV), interpolated the same way (flows -100,
 * 60, 60 at 10 % give 1 + 45.45/49.59 = 1.917). NaN when the NPV never turns >= 0. */
double orf_fin_discounted_payback_years(const double *cf, size_t n, double rate);

/* Declining-balance depreciation on a pooled group (Kazakhstan Tax Code 2017, art. 271: the
 * rate applies to the group's value balance at the end of the year, after the year's
 * additions). additions[t] join the pool in year t, except that additions before `in_service`
 * (assets under construction) join it in year `in_service`. With write_off_last, whatever
 * balance remains is deducted in year n-1 (disposal at closure). dep[0..n) receives the
 * deduction of each year. rate is a fraction (0.25). */
void orf_fin_depreciation_db(const double *additions, size_t n, double rate, size_t in_service,
                             int write_off_last, double *dep);

/* Corporate income tax with loss carry-forward: tax[t] = rate * max(0, pbt[t] - losses),
 * losses used oldest first; a loss may be carried forward `carry_years` years (a negative value
 * means without limit). rate is a fraction (0.20). */
void orf_fin_cit(const double *pbt, size_t n, double rate, int carry_years, double *tax);

#ifdef __cplusplus
}
#endif
#endif
