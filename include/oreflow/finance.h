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
ORF_API double orf_fin_npv(const double *cf, size_t n, double r);

/* Internal rate of return: the r in (-0.99, 100) with NPV(r) = 0, found by bracketing on a grid
 * and refining with GSL's Brent solver to 1e-12. When the flows change sign more than once and
 * several roots exist, the smallest root is returned. Returns ORF_OK, or ORF_E_NUMERIC when no
 * root exists (all flows of one sign, or NPV never changes sign); *irr is then NaN. */
ORF_API orf_status orf_fin_irr(const double *cf, size_t n, double *irr);
/* As orf_fin_irr, but of several roots the one nearest `guess` (what a spreadsheet's IRR finds
 * from that guess). A project whose closure costs follow its last revenue has a second,
 * meaningless root near -100 %; the economics reports the root nearest its discount rate. */
ORF_API orf_status orf_fin_irr_near(const double *cf, size_t n, double guess, double *irr);

/* Payback period in years from the start of year 0: the first time the cumulative undiscounted
 * cash flow turns from negative to >= 0, interpolated linearly within the year of the crossing
 * (flows -100, 60, 60 give 1.667). Returns NaN when it never pays back, 0 when it is never
 * negative. */
ORF_API double orf_fin_payback_years(const double *cf, size_t n);

/* Discounted payback in years: the payback of the flows discounted at `rate` (fraction, real; the
 * flow of year t divided by (1+rate)^t, as in the NPV), interpolated the same way (flows -100,
 * 60, 60 at 10 % give 1 + 45.45/49.59 = 1.917). NaN when the NPV never turns >= 0. */
ORF_API double orf_fin_discounted_payback_years(const double *cf, size_t n, double rate);

/* Declining-balance depreciation on a pooled group (Kazakhstan Tax Code 2017, art. 271: the
 * rate applies to the group's value balance at the end of the year, after the year's
 * additions). additions[t] join the pool in year t, except that additions before `in_service`
 * (assets under construction) join it in year `in_service`. With write_off_last, whatever
 * balance remains is deducted in year n-1 (disposal at closure). dep[0..n) receives the
 * deduction of each year. rate is a fraction (0.25). */
ORF_API void orf_fin_depreciation_db(const double *additions, size_t n, double rate,
                                     size_t in_service, int write_off_last, double *dep);

/* Corporate income tax with loss carry-forward: tax[t] = rate * max(0, pbt[t] - losses),
 * losses used oldest first; a loss may be carried forward `carry_years` years (a negative value
 * means without limit). rate is a fraction (0.20). */
ORF_API void orf_fin_cit(const double *pbt, size_t n, double rate, int carry_years, double *tax);

/* ---- Nominal and real money; loans (src/econ/finance_debt.c) ---- */

/* Fisher relation (Fisher 1930, "The Theory of Interest"; Brealey, Myers & Allen, "Principles of
 * Corporate Finance", 10th ed., ch. 3.5): (1 + nominal) = (1 + real)(1 + inflation). Fractions. */
ORF_API double orf_fin_fisher_nominal(double real, double inflation);
ORF_API double orf_fin_fisher_real(double nominal, double inflation);

/* Level payment per period that repays `principal` over n periods at `rate` per period, interest
 * on the opening balance: P r / (1 - (1+r)^-n) (P / n when rate is 0). n >= 1. */
ORF_API double orf_fin_annuity_payment(double principal, double rate, int n);

typedef enum {
    ORF_FIN_ANNUITY,       /* level debt service: interest + principal constant */
    ORF_FIN_STRAIGHT_LINE, /* equal principal instalments */
    ORF_FIN_SCULPTED       /* debt service = CFADS / target DSCR, the rest at maturity */
} orf_fin_repayment;

/* A term loan on a yearly timeline (index t = 0..n-1). Drawdowns happen evenly through their
 * year, so a year's interest is rate × (opening balance + half the year's drawdown). Interest of
 * the years before `first_interest_paid` is capitalised (added to the balance) when
 * capitalise_idc is set, else paid. Principal is repaid in the `repayments` years from
 * `first_repayment`; the last of them repays whatever remains. Fees: `upfront_fee` (fraction of
 * the sum of the drawdowns, paid in the year of the first drawdown) and `commitment_fee`
 * (fraction per year of the average undrawn commitment: the sum of the drawdowns less those
 * made, half the year's own counted as made). */
typedef struct orf_fin_loan {
    double rate;             /* interest, fraction per year */
    int first_interest_paid; /* year from which interest is paid in cash */
    int capitalise_idc;      /* 1: interest during construction is added to the balance */
    int first_repayment;     /* year of the first principal instalment */
    int repayments;          /* number of instalments (>= 1) */
    orf_fin_repayment kind;  /* how the principal is repaid */
    double target_dscr;      /* ORF_FIN_SCULPTED: CFADS / debt service aimed at (> 0) */
    double upfront_fee;      /* fraction of the commitment */
    double commitment_fee;   /* fraction per year of the undrawn commitment */
} orf_fin_loan;

/* The loan's schedule over n years: draw[t] (drawn in year t) and, for ORF_FIN_SCULPTED, cfads[t]
 * (cash flow available for debt service; may be NULL otherwise) in; out interest[t] (accrued),
 * capitalised[t] (the part of interest[t] added to the balance), fees[t], principal[t] and
 * balance[t] (closing). Every output array has n elements. Allocates nothing. */
ORF_API void orf_fin_loan_schedule(const orf_fin_loan *L, const double *draw, const double *cfads,
                                   size_t n, double *interest, double *capitalised, double *fees,
                                   double *principal, double *balance);

/* Debt service cover ratio of a year (Yescombe, "Principles of Project Finance", 2nd ed. 2014,
 * cover ratios: annual DSCR = CFADS / debt service, debt service = interest paid + principal):
 * NaN when there is no debt service. */
ORF_API double orf_fin_dscr(double cfads, double interest_paid, double principal);

/* Loan life cover ratio at the start of year t0 (Yescombe, "cover ratios"): NPV at `rate` of the
 * CFADS of years t0..t_last (year t0's flow discounted one year) divided by the debt outstanding at
 * the start of t0 (balance_open > 0; NaN otherwise). */
ORF_API double orf_fin_llcr(const double *cfads, size_t t0, size_t t_last, double rate,
                            double balance_open);

#ifdef __cplusplus
}
#endif
#endif
