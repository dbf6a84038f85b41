/* Output of the finance terms: the nominal cash flow and the loan (JSON members "nominal" and
 * "financing" of "economics", terminal tables). Present only when the flowsheet gives
 * economics.inflation / economics.financing. */
#include "econ_impl.h"

#include <math.h>
#include <stdio.h>

static double mus(double usd)
{
    return usd / 1e6;
}

static void json_nominal(const orf_econ *e, orf_json *j)
{
    const orf_econ_result *R = &e->res;
    orf_json_key(j, "nominal");
    orf_json_begin_object(j);
    orf_json_key_number(j, "mean_usd_inflation", e->terms->mean_inflation);
    orf_json_key_number(j, "discount_rate", R->discount_rate_nominal);
    orf_json_key_number(j, "npv_usd", R->npv_nominal_usd);
    orf_json_key_number(j, "irr", R->irr_nominal);
    orf_json_key(j, "cashflow");
    orf_json_begin_array(j);
    for (size_t t = 0; t < R->nyears; t++) {
        const orf_econ_year *y = &R->years_nominal[t];
        orf_json_begin_object(j);
        orf_json_key(j, "year");
        orf_json_int(j, y->year);
        orf_json_key_number(j, "usd_price_index", R->usd_price_index[t]);
        orf_json_key_number(j, "revenue", y->revenue_usd);
        orf_json_key_number(j, "opex", y->opex_usd);
        orf_json_key_number(j, "capex", y->capex_usd);
        orf_json_key_number(j, "working_capital", y->working_capital_usd);
        orf_json_key_number(j, "closure", y->closure_usd);
        orf_json_key_number(j, "depreciation", y->depreciation_usd);
        for (size_t k = 0; k < R->ntaxes; k++)
            orf_json_key_number(j, R->tax_keys[k], y->tax_usd[k]);
        orf_json_key_number(j, "taxes", y->taxes_usd);
        orf_json_key_number(j, "net", y->net_usd);
        orf_json_key_number(j, "cumulative", y->cumulative_usd);
        orf_json_key_number(j, "discounted", y->discounted_usd);
        orf_json_key_number(j, "gva", y->gva_usd);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
}

static const char *repayment_name(orf_fin_repayment k)
{
    return k == ORF_FIN_SCULPTED        ? "sculpted"
           : k == ORF_FIN_STRAIGHT_LINE ? "straight_line"
                                        : "annuity";
}

static void json_financing(const orf_econ *e, orf_json *j)
{
    const orf_econ_result *R = &e->res;
    const econ_terms *T = e->terms;
    orf_json_key(j, "financing");
    orf_json_begin_object(j);
    orf_json_key_string(j, "repayment", repayment_name(T->loan.kind));
    orf_json_key_string(j, "interest_during_construction",
                        T->loan.capitalise_idc ? "capitalised" : "paid");
    orf_json_key_number(j, "debt_usd", R->debt_usd);
    orf_json_key_number(j, "min_dscr", R->min_dscr);
    orf_json_key_number(j, "avg_dscr", R->avg_dscr);
    orf_json_key_number(j, "llcr", R->llcr);
    orf_json_key_number(j, "project_irr", R->project_irr);
    orf_json_key_number(j, "equity_irr", R->equity_irr);
    orf_json_key_number(j, "project_irr_nominal", R->project_irr_nominal);
    orf_json_key_number(j, "equity_irr_nominal", R->equity_irr_nominal);
    orf_json_key_number(j, "equity_npv_usd", R->equity_npv_usd);
    orf_json_key(j, "years"); /* nominal USD */
    orf_json_begin_array(j);
    for (size_t t = 0; t < R->nyears; t++) {
        const orf_econ_debt_year *d = &R->debt[t];
        orf_json_begin_object(j);
        orf_json_key(j, "year");
        orf_json_int(j, d->year);
        orf_json_key_number(j, "drawdown", d->drawdown_usd);
        orf_json_key_number(j, "interest", d->interest_usd);
        orf_json_key_number(j, "capitalised_interest", d->capitalised_usd);
        orf_json_key_number(j, "fees", d->fees_usd);
        orf_json_key_number(j, "principal", d->principal_usd);
        orf_json_key_number(j, "balance", d->balance_usd);
        orf_json_key_number(j, "cfads", d->cfads_usd);
        orf_json_key_number(j, "dscr", d->dscr);
        orf_json_key_number(j, "taxes_levered", d->taxes_usd);
        orf_json_key_number(j, "equity", d->equity_usd);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
}

void orf__econ_terms_json(const orf_econ *e, orf_json *j)
{
    if (e->res.nominal)
        json_nominal(e, j);
    if (e->res.financed)
        json_financing(e, j);
}

static void pct_or_na(FILE *fp, double x)
{
    if (isfinite(x))
        fprintf(fp, "%.2f %%", 100 * x);
    else
        fprintf(fp, "n/a");
}

void orf__econ_terms_print(const orf_econ *e, FILE *fp)
{
    const orf_econ_result *R = &e->res;
    if (R->nominal) {
        fprintf(fp,
                "\nNominal USD (USD inflation %.2f %%/yr on average; taxes on nominal amounts)\n",
                100 * e->terms->mean_inflation);
        fprintf(fp, "  NPV %.2f M USD at (1+r)(1+i) year by year (%.2f %% at the mean)   IRR ",
                mus(R->npv_nominal_usd), 100 * R->discount_rate_nominal);
        pct_or_na(fp, R->irr_nominal);
        fprintf(fp, "\n  %4s %6s %10s %10s %10s %10s %10s %10s\n", "year", "index", "revenue",
                "opex", "capex", "taxes", "net", "discounted");
        for (size_t t = 0; t < R->nyears; t++) {
            const orf_econ_year *y = &R->years_nominal[t];
            fprintf(fp, "  %4d %6.3f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n", y->year,
                    R->usd_price_index[t], mus(y->revenue_usd), mus(y->opex_usd), mus(y->capex_usd),
                    mus(y->taxes_usd), mus(y->net_usd), mus(y->discounted_usd));
        }
        fprintf(fp, "  (M USD, nominal)\n");
    }
    if (!R->financed)
        return;
    const econ_terms *T = e->terms;
    fprintf(fp,
            "\nFinancing (%s, %.1f %% of construction capex at %.2f %%, interest during "
            "construction %s)\n",
            repayment_name(T->loan.kind), T->debt_pct, T->interest_pct,
            T->loan.capitalise_idc ? "capitalised" : "paid");
    fprintf(fp, "  debt %.2f M USD   DSCR min %.2f avg %.2f   LLCR %.2f\n", mus(R->debt_usd),
            R->min_dscr, R->avg_dscr, R->llcr);
    fprintf(fp, "  project IRR (unlevered, post-tax) ");
    pct_or_na(fp, R->project_irr);
    fprintf(fp, "   equity IRR (levered) ");
    pct_or_na(fp, R->equity_irr);
    fprintf(fp, "   equity NPV %.2f M USD\n", mus(R->equity_npv_usd));
    fprintf(fp, "  %4s %9s %9s %9s %9s %9s %9s %6s %9s\n", "year", "drawdown", "interest", "fees",
            "principal", "balance", "CFADS", "DSCR", "equity");
    for (size_t t = 0; t < R->nyears; t++) {
        const orf_econ_debt_year *d = &R->debt[t];
        char dscr[16] = "-";
        if (isfinite(d->dscr))
            snprintf(dscr, sizeof dscr, "%.2f", d->dscr);
        fprintf(fp, "  %4d %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %6s %9.2f\n", d->year,
                mus(d->drawdown_usd), mus(d->interest_usd), mus(d->fees_usd), mus(d->principal_usd),
                mus(d->balance_usd), mus(d->cfads_usd), dscr, mus(d->equity_usd));
    }
    fprintf(fp, "  (M USD%s)\n", R->nominal ? ", nominal" : "");
}
