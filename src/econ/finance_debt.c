/* Nominal/real conversion and term loans: schedules, DSCR and LLCR.
 *
 * Fisher: (1 + n) = (1 + r)(1 + i) (Fisher 1930; Brealey, Myers & Allen, "Principles of Corporate
 * Finance", 10th ed., ch. 3.5). Annuity: A = P r / (1 - (1+r)^-n) (the annuity factor of Brealey,
 * Myers & Allen ch. 2.3). Cover ratios as Yescombe, "Principles of Project Finance", 2nd ed.
 * (2014), cover ratios: annual DSCR = CFADS / (interest + principal) of the year; LLCR = NPV of the
 * CFADS over the remaining loan life at the interest rate / debt outstanding. Sculpting: debt
 * service of each repayment year = CFADS / target DSCR (Yescombe, "sculpted repayment"), capped at
 * the balance, the last instalment repaying what remains (a balloon when the target cannot be met).
 */
#include "oreflow/finance.h"

#include <math.h>

double orf_fin_fisher_nominal(double real, double inflation)
{
    return (1.0 + real) * (1.0 + inflation) - 1.0;
}

double orf_fin_fisher_real(double nominal, double inflation)
{
    return (1.0 + nominal) / (1.0 + inflation) - 1.0;
}

double orf_fin_annuity_payment(double principal, double rate, int n)
{
    if (n < 1)
        return (double)NAN;
    if (rate == 0.0)
        return principal / n;
    return principal * rate / (1.0 - pow(1.0 + rate, -(double)n));
}

void orf_fin_loan_schedule(const orf_fin_loan *L, const double *draw, const double *cfads, size_t n,
                           double *interest, double *capitalised, double *fees, double *principal,
                           double *balance)
{
    double commitment = 0.0;
    size_t first_draw = n;
    for (size_t t = 0; t < n; t++) {
        commitment += draw[t];
        if (draw[t] > 0.0 && first_draw == n)
            first_draw = t;
    }
    double open = 0.0, drawn = 0.0, level = 0.0, instalment = 0.0;
    const long first = L->first_repayment, last = L->first_repayment + L->repayments - 1;
    for (size_t t = 0; t < n; t++) {
        const long ti = (long)t;
        double r = L->rate * (open + 0.5 * draw[t]);
        interest[t] = r;
        capitalised[t] = (ti < L->first_interest_paid && L->capitalise_idc) ? r : 0.0;
        double undrawn = commitment - drawn - 0.5 * draw[t];
        fees[t] = L->commitment_fee * (undrawn > 0.0 ? undrawn : 0.0);
        if (t == first_draw)
            fees[t] += L->upfront_fee * commitment;
        drawn += draw[t];
        double p = 0.0;
        if (ti == first) {
            level = orf_fin_annuity_payment(open, L->rate, L->repayments);
            instalment = open / L->repayments;
        }
        if (ti >= first && ti <= last && open > 0.0) {
            switch (L->kind) {
            case ORF_FIN_ANNUITY:
                p = level - r;
                break;
            case ORF_FIN_STRAIGHT_LINE:
                p = instalment;
                break;
            case ORF_FIN_SCULPTED:
                p = (cfads ? cfads[t] : 0.0) / L->target_dscr - r;
                break;
            }
            if (p < 0.0)
                p = 0.0;
            if (p > open || ti == last)
                p = open;
        }
        principal[t] = p;
        balance[t] = open + draw[t] + capitalised[t] - p;
        open = balance[t];
    }
}

double orf_fin_dscr(double cfads, double interest_paid, double principal)
{
    double ds = interest_paid + principal;
    return ds > 0.0 ? cfads / ds : (double)NAN;
}

double orf_fin_llcr(const double *cfads, size_t t0, size_t t_last, double rate, double balance_open)
{
    if (!(balance_open > 0.0) || t_last < t0)
        return (double)NAN;
    double pv = 0.0, v = 1.0;
    for (size_t t = t0; t <= t_last; t++) {
        v /= 1.0 + rate;
        pv += cfads[t] * v;
    }
    return pv / balance_open;
}
