/* The loan of economics.financing on the cash flow (issue 18, part 3).
 *
 * Drawdowns: debt_pct_of_capex of the initial (phase) capital of each construction year, drawn
 * pro rata with it; later phases and sustaining capital are paid from cash. Interest during
 * construction is capitalised (added to the balance and, for tax, to the cost of the assets: the
 * depreciation pool, IAS 23 "Borrowing costs") or paid, as interest_during_construction says.
 * Repayment from the first operating year + grace_years to the end of tenor_years (counted from
 * the first operating year, grace included): annuity, straight line, or sculpted to a target DSCR
 * (orf_fin_loan_schedule). Interest paid and fees are deducted for CIT in the year paid, so the
 * levered taxes differ from the project's; the thin-capitalisation limit of the Kazakh Tax Code
 * (art. 246 of the 2017 Code: interest to related parties and to lenders in tax havens deductible
 * only up to a 4:1 debt-to-equity ratio) is not applied: the lender is taken to be an unrelated
 * bank (an assumption).
 * CFADS_t = revenue - opex - sustaining capex - d(working capital) - closure - levered taxes in
 * operating years (Yescombe, "Principles of Project Finance", 2nd ed. 2014, "cover ratios"); DSCR_t
 * = CFADS_t / (interest paid + principal), shown for every operating year with debt service, its
 * minimum and mean taken over the repayment years (grace years, interest only, left out); LLCR at
 * the start of repayment = NPV at the loan rate of the CFADS of the repayment years / the balance
 * then (Yescombe, "cover ratios"). Sculpted repayment depends on CFADS and CFADS on the interest
 * (its tax shield): fixed-point iteration, at most 50 passes, to 1e-9 of the debt. Equity cash
 * flow_t = levered net + drawdown - interest paid - principal - fees. The project IRR is the
 * unlevered, post-tax IRR of the headline cash flow; the equity IRR is the levered one.
 */
#include "econ_impl.h"

#include <math.h>
#include <string.h>

static orf_fin_loan loan_of(const orf_econ *e)
{
    const econ_terms *T = e->terms;
    orf_fin_loan L = T->loan;
    L.rate = T->interest_pct / 100.0;
    L.first_interest_paid = e->construction_years;
    L.first_repayment = e->construction_years + T->grace;
    L.repayments = T->tenor - T->grace;
    L.target_dscr = T->target_dscr;
    L.upfront_fee = T->upfront_pct / 100.0;
    L.commitment_fee = T->commitment_pct / 100.0;
    return L;
}

void orf__econ_debt_eval(orf_econ *e)
{
    econ_terms *T = e->terms;
    if (!T->financed)
        return;
    const size_t ny = e->ny, cod = (size_t)e->construction_years;
    double commitment = 0;
    for (size_t t = 0; t < ny; t++) {
        T->draw[t] = t < cod ? T->debt_pct / 100.0 * orf__econ_initial_capex(e, t) : 0.0;
        commitment += T->draw[t];
        T->cfads[t] = T->work[t] = 0.0;
    }
    orf_fin_loan L = loan_of(e);
    for (int it = 0; it < 50; it++) {
        orf_fin_loan_schedule(&L, T->draw, T->cfads, ny, T->interest, T->capitalised, T->fees,
                              T->principal, T->balance);
        for (size_t t = 0; t < ny; t++) {
            T->deduct[t] = T->interest[t] - T->capitalised[t] + T->fees[t];
            T->capitalise[t] = T->capitalised[t];
        }
        orf__econ_taxes_eval(e);
        double change = 0;
        for (size_t t = 0; t < ny; t++) {
            const orf_econ_year *y = &e->years[t];
            T->lev_taxes[t] = y->taxes_usd;
            T->cfads[t] = t < cod ? 0.0
                                  : y->revenue_usd - y->opex_usd -
                                        (y->capex_usd - orf__econ_initial_capex(e, t)) -
                                        y->working_capital_usd - y->closure_usd - y->taxes_usd;
            change = fmax(change, fabs(T->principal[t] - T->work[t]));
            T->work[t] = T->principal[t];
        }
        if (L.kind != ORF_FIN_SCULPTED || (it > 0 && change <= 1e-9 * (1.0 + commitment)))
            break;
    }
    for (size_t t = 0; t < ny; t++) {
        const orf_econ_year *y = &e->years[t];
        double net = y->revenue_usd - y->opex_usd - y->capex_usd - y->working_capital_usd -
                     y->closure_usd - T->lev_taxes[t];
        T->equity[t] =
            net + T->draw[t] - (T->interest[t] - T->capitalised[t]) - T->principal[t] - T->fees[t];
        T->deduct[t] = T->capitalise[t] = 0.0; /* the headline taxes are the project's */
    }
}

void orf__econ_debt_results(orf_econ *e)
{
    econ_terms *T = e->terms;
    orf_econ_result *R = &e->res;
    R->financed = T->financed;
    R->debt = T->financed ? T->debt : NULL;
    R->project_irr = R->irr;
    R->project_irr_nominal = R->irr_nominal;
    R->min_dscr = R->avg_dscr = R->llcr = R->equity_irr = R->equity_irr_nominal =
        R->equity_npv_usd = (double)NAN;
    R->debt_usd = 0;
    if (!T->financed)
        return;
    const size_t ny = e->ny, cod = (size_t)e->construction_years;
    const orf_fin_loan L = loan_of(e);
    double sum = 0;
    size_t n = 0;
    for (size_t t = 0; t < ny; t++) {
        orf_econ_debt_year *d = &T->debt[t];
        d->year = e->years[t].year;
        d->drawdown_usd = T->draw[t];
        d->interest_usd = T->interest[t];
        d->capitalised_usd = T->capitalised[t];
        d->fees_usd = T->fees[t];
        d->principal_usd = T->principal[t];
        d->balance_usd = T->balance[t];
        d->cfads_usd = T->cfads[t];
        d->taxes_usd = T->lev_taxes[t];
        d->equity_usd = T->equity[t];
        d->dscr = t < cod ? (double)NAN
                          : orf_fin_dscr(T->cfads[t], T->interest[t] - T->capitalised[t],
                                         T->principal[t]);
        R->debt_usd += T->draw[t];
        if (isfinite(d->dscr) && (long)t >= L.first_repayment) { /* repayment years */
            R->min_dscr = n ? fmin(R->min_dscr, d->dscr) : d->dscr;
            sum += d->dscr;
            n++;
        }
        /* the equity flow in real USD, for its real IRR and NPV */
        T->work[t] = T->equity[t] / (T->nominal ? T->p_usd[t] : 1.0);
    }
    R->avg_dscr = n ? sum / (double)n : (double)NAN;
    size_t first = (size_t)L.first_repayment, last = first + (size_t)L.repayments - 1;
    if (first >= 1 && last < ny)
        R->llcr = orf_fin_llcr(T->cfads, first, last, L.rate, T->balance[first - 1]);
    /* the root nearest the discount rate (a closure cost after the last revenue gives a second
     * root near -100 %: orf_fin_irr_near) */
    double r = e->discount_rate_pct / 100.0;
    orf_fin_irr_near(T->equity, ny, orf_fin_fisher_nominal(r, T->nominal ? T->mean_inflation : 0.0),
                     &R->equity_irr_nominal);
    orf_fin_irr_near(T->work, ny, r, &R->equity_irr);
    R->equity_npv_usd = orf_fin_npv(T->work, ny, R->discount_rate);
}
