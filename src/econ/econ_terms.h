/* Private: finance and fiscal terms of the economics (issue 18, part 3), beside the cash flow of
 * econ_eval.c:
 *   econ_finance_terms.c  parsing of economics.inflation, fx_path, financing, fiscal and of the
 *                         products' freight; nominal money (price indices, Fisher); the fiscal
 *                         taxes of the list (property, land, emission charges, import duty) and
 *                         the CIT holiday;
 *   econ_debt.c           the loan on the cash flow: drawdowns, levered taxes, CFADS, DSCR, LLCR,
 *                         project and equity IRR;
 *   econ_terms_out.c      their JSON members and terminal tables.
 * orf_econ_eval calls the hooks in this order: orf__econ_terms_years (nominal amounts) ->
 * orf__econ_debt_eval (levered taxes) -> orf__econ_taxes_eval (unlevered, as without debt) ->
 * orf__econ_terms_deflate (nominal copy; the years back to real) -> eval_cash_flow ->
 * orf__econ_terms_results. Without the sections every hook leaves the results as before. */
#ifndef ORF_ECON_TERMS_H
#define ORF_ECON_TERMS_H

#include "oreflow/econ.h"
#include "oreflow/finance.h"
#include "oreflow/node.h"

#include <stdio.h>

/* What each currency's share of a cash-flow line is made of (for its nominal index). */
typedef enum {
    ORF__MIX_REV, /* revenue: prices less freight */
    ORF__MIX_VAR, /* variable opex */
    ORF__MIX_FIX, /* fixed opex but maintenance (labour, annual items) */
    ORF__MIX_PAY, /* payroll */
    ORF__MIX_COUNT
} orf__econ_mix_kind;

typedef struct {
    const char *name;
    double per_t;
    int cur;
} econ_freight;

typedef struct {
    const char *name;
    int stream;    /* -1: an annual amount */
    int material;  /* -1: dry t of the stream */
    double amount; /* per t, or per year */
    int cur;
} econ_emission;

typedef struct econ_terms {
    /* netback: freight items of product i at [ffirst[i], ffirst[i] + nfreight[i]) */
    econ_freight *freight;
    size_t *ffirst, *nfreight, nfreight_all;
    /* nominal money */
    int nominal;
    double *cpi[16]; /* % per year after year 0, the last holding; NULL: as USD */
    size_t ncpi[16];
    double *fxp[16]; /* units per USD per year from year 0, the last holding; NULL: relative PPP */
    size_t nfxp[16];
    double mix[ORF__MIX_COUNT][16]; /* real USD at full production by currency */
    double *index;                  /* [c * ny + t]: nominal USD per real USD of currency c */
    double *p_usd;                  /* USD price index, 1 in year 0 */
    double *var_t, *fix_t;          /* work */
    orf_econ_year *nom;
    double *nom_cf;
    double mean_inflation;
    /* financing */
    int financed;
    orf_fin_loan loan;
    double debt_pct, interest_pct, upfront_pct, commitment_pct, target_dscr;
    int tenor, grace;
    double *draw, *interest, *capitalised, *fees, *principal, *balance, *cfads, *lev_taxes, *equity,
        *work;
    orf_econ_debt_year *debt;
    /* fiscal */
    double buildings_pct, book_life_years;
    double hectares, land_rate;
    int land_cur;
    econ_emission *emissions;
    size_t nemissions;
    int holiday_start, holiday_years; /* start as an index of the timeline */
    double duty_share_pct, duty_rate_pct;
    /* hooks into taxable profit (econ_taxes.c): extra deductions and extra additions to the
     * depreciation pool of each year; all zero without debt */
    double *deduct, *capitalise;
} econ_terms;

/* Parsing (econ_load.c calls it after the products); allocation once the timeline is sized. */
void orf__econ_terms_parse(orf_econ *e, const orf_node *ec);
/* A product's `freight` (a map or a list of maps), from parse_products. */
void orf__econ_freight_parse(orf_econ *e, size_t product, const orf_node *fr, const char *prefix);
int orf__econ_terms_alloc(orf_econ *e);
void orf__econ_terms_free(orf_econ *e);

/* Evaluation. */
void orf__econ_mix_reset(orf_econ *e);
void orf__econ_mix(orf_econ *e, orf__econ_mix_kind k, int cur, double usd);
/* Freight of a product, USD per t; adds -freight × tonnes_sold to the revenue's mix. */
double orf__econ_freight_usd(orf_econ *e, size_t product, double tonnes_sold);
/* Initial (phase) capital of year t, nominal USD when nominal. */
double orf__econ_initial_capex(const orf_econ *e, size_t t);
void orf__econ_terms_years(orf_econ *e);
/* Nominal USD per real USD of currency cur in year t (1 when real). */
double orf__econ_index(const orf_econ *e, int cur, size_t t);
void orf__econ_cit_holiday(const orf_econ *e, double *cit);
void orf__econ_terms_deflate(orf_econ *e);
void orf__econ_terms_results(orf_econ *e);
void orf__econ_debt_eval(orf_econ *e);
void orf__econ_debt_results(orf_econ *e);

/* Taxes of the list (formulas in econ_finance_terms.c). */
void orf__econ_property_series(const orf_econ *e, double *out);
double orf__econ_property_rate(const orf_econ *e);
void orf__econ_land_series(const orf_econ *e, double *out);
double orf__econ_land_rate(const orf_econ *e);
void orf__econ_emission_series(const orf_econ *e, double *out);
double orf__econ_emission_rate(const orf_econ *e);
void orf__econ_import_series(const orf_econ *e, double *out);
double orf__econ_import_rate(const orf_econ *e);

/* Output (econ_terms_out.c). */
void orf__econ_terms_json(const orf_econ *e, orf_json *j);
void orf__econ_terms_print(const orf_econ *e, FILE *fp);

#endif
