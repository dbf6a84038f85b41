/* oreflow — project economics from a solved flowsheet: cash flow, taxes, NPV/IRR/payback,
 * unit costs, value added and taxes per stage of the chain, jobs.
 *
 * The `economics:` section of the flowsheet file (docs/format.md, "Economics") ties prices and
 * costs to simulated streams and unit results, so every tonne and kWh in the cash flow is a
 * simulated one. Money is converted to US dollars (real, constant money) at the file's rates.
 *
 * Usage: orf_econ_load once per flowsheet (parses and resolves names; allocates everything
 * needed), then orf_econ_eval after each solve (allocates nothing, so Monte Carlo workers call
 * it per sample). orf_econ_param_ref gives the address of any numeric value of the section by
 * its path ("economics.fx.KZT", "economics.products.ferrochrome.price") for sampling.
 * Ownership: an orf_econ borrows its flowsheet (which must outlive it) and owns its results;
 * result pointers are borrowed from it. Thread safety: one thread at a time per orf_econ.
 *
 * Taxes are a list (src/econ/econ_taxes.h): per-tax values are arrays indexed like
 * orf_econ_result.tax_keys ("met", "royalty", "cit", "social_tax", "vat" today; look one up
 * with orf_econ_tax_index). Their rates default to the jurisdiction's data file,
 * data/jurisdictions/NAME.yaml (economics.jurisdiction, default kazakhstan).
 */
#ifndef OREFLOW_ECON_H
#define OREFLOW_ECON_H

#include "common.h"
#include "flowsheet.h"
#include "output.h"
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_econ orf_econ;

/* Room for the taxes of the list in the per-tax arrays below (the list has ntaxes of them). */
#define ORF_ECON_MAX_TAXES 12

/* One year of the cash flow, US dollars (money out of the project positive in the cost columns;
 * net = revenue - opex - capex - working_capital - closure - taxes). */
typedef struct orf_econ_year {
    int year;          /* calendar year */
    double production; /* fraction of full production (ramp-up), 0 when not operating */
    double revenue_usd;
    double opex_usd;            /* operating cost (social tax excluded: it is in taxes) */
    double capex_usd;           /* initial phases + sustaining capital */
    double working_capital_usd; /* change in working capital (negative when released) */
    double closure_usd;
    double depreciation_usd;            /* tax depreciation (not a cash flow) */
    double pbt_usd;                     /* taxable profit before CIT */
    double tax_usd[ORF_ECON_MAX_TAXES]; /* each tax of the list (VAT: non-recoverable input VAT) */
    double taxes_usd;                   /* their sum */
    double net_usd, cumulative_usd, discounted_usd;
    double feed_t;  /* dry t of the schedule's feed processed (0 without a schedule) */
    double gva_usd; /* gross value added: revenue - bought-in goods and services (opex - payroll) */
    /* value added: the stages' sum (sold value minus bought-in feed value) × the year's
     * production (with a schedule, of each period by its share of the year) */
    double value_added_usd;
    /* Carbon (economics.carbon / economics.cbam; 0 without them): Scope 1 and 2 emitted in the
     * year, t CO2e; the CBAM certificates' cost of the share shipped to the EU and the domestic
     * carbon price on Scope 1, USD (both inside opex_usd, so deductible for CIT). */
    double scope1_t, scope2_t, cbam_usd, carbon_price_usd;
} orf_econ_year;

/* One year of the loan (economics.financing), nominal USD (the loan's money; equal to real USD
 * without economics.inflation). CFADS = revenue - opex - sustaining capex - d(working capital) -
 * closure - taxes with interest deducted, in operating years (0 before). */
typedef struct orf_econ_debt_year {
    int year;
    double drawdown_usd, interest_usd; /* interest accrued in the year */
    double capitalised_usd;            /* the part of it added to the balance (construction) */
    double fees_usd, principal_usd, balance_usd; /* balance: closing */
    double cfads_usd, dscr;                      /* dscr NaN without debt service */
    double taxes_usd;                            /* all taxes with interest deducted (levered) */
    double equity_usd; /* equity cash flow: levered net + drawdown - interest paid - principal -
                          fees */
} orf_econ_debt_year;

/* Carbon of one stage of the chain (docs/format.md, "Carbon and CBAM"), per year at full
 * production: its own direct (Scope 1) and indirect (Scope 2) emissions, those embedded in the
 * precursors it consumes from other stages, and the specific embedded emissions of its output
 * (CBAM methodology: (own + precursors) / t produced). */
typedef struct orf_econ_carbon_stage {
    const char *name;
    double scope1_t, scope2_t, electricity_mwh;
    double precursor_direct_t, precursor_indirect_t;
    double output_t;                         /* dry t/yr of its out streams */
    double direct_t_per_t, indirect_t_per_t; /* specific embedded emissions, t CO2e/t */
} orf_econ_carbon_stage;

typedef struct orf_econ_product {
    const char *name, *stream, *stage; /* stage may be NULL */
    int sold; /* 1: revenue; 0: an intermediate valued at market price only */
    double dry_tph, tonnes_per_year, grade_pct; /* grade: of the price basis (NaN if none) */
    double price_usd_per_t;                     /* ex-VAT, grade-adjusted, in USD */
    double freight_usd_per_t;                   /* freight items (rail, port, sea), 0 if none */
    double netback_usd_per_t;                   /* mine-gate price: price - freight */
    double value_usd_per_year;                  /* at full production, at the netback */
    double unit_cost_usd_per_t; /* operating cost of its stage allocated by value (see docs) */
} orf_econ_product;

typedef struct orf_econ_stage {
    const char *name;
    double value_in_usd, value_out_usd, value_added_usd; /* per year at full production */
    double element_out_tpy; /* valuable element (default Cr) in the output, t/yr */
    double value_added_usd_per_t_element;
    double opex_usd, margin_usd; /* margin = value added - opex */
    double capex_usd;
    /* Taxes to the state over the life, per operating year on average (VAT is not shared). */
    double tax_usd[ORF_ECON_MAX_TAXES], taxes_usd;
    double jobs;
    double payroll_usd;           /* its labour (and its share of unattributed labour) */
    double gross_value_added_usd; /* value added - bought-in goods and services */
} orf_econ_stage;

/* One period of a life-of-mine schedule (docs/format.md, "Life of mine"): the flowsheet solved
 * with the period's settings; figures at full production unless said otherwise. */
typedef struct orf_econ_period {
    const char *name;
    double start, end;      /* calendar years (fractional): first and last moment fed */
    double operating_years; /* years operated in the period (partial years count their share) */
    double feed_tph;        /* dry t/h of the schedule's feed stream */
    double tonnes;          /* dry t of the feed processed in the period (ramp-up included) */
    double revenue_usd_per_year, opex_usd_per_year, electricity_mwh_per_year;
    double value_added_usd_per_year; /* sold value minus bought-in feed value (stages' sum) */
    size_t nproducts;
    const orf_econ_product *products; /* like orf_econ_result.products */
} orf_econ_period;

typedef struct orf_econ_result {
    const char *currency;               /* "USD" */
    const char *element;                /* element of value added per t ("Cr") */
    double discount_rate;               /* fraction, real */
    double npv_usd, irr, payback_years; /* irr NaN when none; payback NaN when never */
    double discounted_payback_years;    /* at discount_rate; NaN when never */
    double operating_hours;             /* per year */
    double revenue_usd_per_year, opex_usd_per_year, electricity_mwh_per_year; /* full production */
    double capex_usd;                                                         /* initial phases */
    size_t ntaxes;                           /* taxes in the list */
    const char *const *tax_keys;             /* JSON/CSV key of each: "met", "cit", ... */
    const char *const *tax_labels;           /* terminal label of each: "MET", "CIT", ... */
    double tax_life_usd[ORF_ECON_MAX_TAXES]; /* each tax over the life */
    double taxes_life_usd;                   /* all taxes over the life */
    double jobs;
    size_t nyears;
    const orf_econ_year *years;
    size_t nproducts;
    const orf_econ_product *products;
    size_t nstages;
    const orf_econ_stage *stages;
    /* Life of mine (a `schedule:` section; nperiods 0 without one). With one, the products',
     * stages' and headline figures "at full production" are averages over the periods weighted
     * by their operating years. */
    size_t nperiods;
    const orf_econ_period *periods;
    const char *feed_stream; /* the schedule's feed stream */
    double resource_t;       /* dry t of the resource (NaN: no limit given) */
    double processed_t;      /* dry t fed over the life */
    double unprocessed_t;    /* dry t of the periods left when the timeline ends */
    double life_years;       /* operating years (partial last year counted by its share) */
    double gva_usd_per_year; /* gross value added at full production, whole plant */
    /* Nominal mode (economics.inflation): taxes on nominal amounts; `years` is the nominal cash
     * flow deflated by the USD price index, years_nominal the nominal one (NULL otherwise). */
    int nominal;
    double discount_rate_nominal; /* Fisher: (1+r)(1+i) - 1 at the life's mean USD inflation */
    double npv_nominal_usd;       /* nominal flows discounted year by year at (1+r)(1+i_t) */
    double irr_nominal;
    const orf_econ_year *years_nominal;
    const double *usd_price_index; /* per year, 1 in year 0; NULL when real */
    /* Financing (economics.financing); the headline npv/irr stay unlevered (project). */
    int financed;
    double debt_usd;                 /* sum of the drawdowns (nominal) */
    double min_dscr, avg_dscr, llcr; /* DSCR over the repayment years; LLCR at the start
                                        of repayment */
    double project_irr, equity_irr;  /* real (as irr); equity: levered */
    double project_irr_nominal, equity_irr_nominal;
    double equity_npv_usd;          /* equity flows (real) at discount_rate */
    const orf_econ_debt_year *debt; /* nyears rows, NULL when not financed */
    /* Carbon (has_carbon 0 without economics.carbon): figures at full production of the
     * flowsheet's solution (with a schedule: the periods' averages), t CO2e per year. */
    int has_carbon;
    double scope1_t_per_year, scope2_t_per_year, grid_t_co2_per_mwh;
    double carbon_mwh_per_year; /* the electricity of Scope 2 (that of the same case) */
    double carbon_in_tph, carbon_products_tph, carbon_emitted_tph; /* t C/h: the balance */
    size_t ncarbon_stages;
    const orf_econ_carbon_stage *carbon_stages; /* nstages + 1: the last is the plant's unstaged */
    int has_cbam;
    const char *cbam_product;
    double cbam_t_per_t;  /* embedded emissions charged per t of the CBAM product (first year) */
    double cbam_life_usd; /* certificates over the life */
    double carbon_price_life_usd;
    double scope1_life_t, scope2_life_t;
} orf_econ_result;

/* Parse the flowsheet's `economics:` section. *out is NULL (and ORF_OK returned) when the file
 * has none. Errors are located diagnostics on ctx (ORF_E_INPUT / ORF_E_UNKNOWN_NAME). */
ORF_API orf_status orf_econ_load(orf_ctx *ctx, orf_flowsheet *fs, orf_econ **out);
ORF_API void orf_econ_free(orf_econ *e);

/* Evaluate from the flowsheet's current streams and unit results. Allocates nothing.
 * ORF_OK, or ORF_E_NUMERIC when a value is not finite (no diagnostic: called per sample). */
ORF_API orf_status orf_econ_eval(orf_econ *e);
/* Fix the capital of the phases given `capex: factored` (the design's installed cost of their
 * units, orf_design_compute) from the flowsheet's current, solved state: call it once after the
 * base (design-case) solve; later solves (Monte Carlo samples, scenarios, schedule periods) do not
 * change it. orf_econ_eval calls it when it has not been called (it allocates then). A no-op
 * without factored phases or once fixed. A unit that is not sized in this solve is an error. */
ORF_API orf_status orf_econ_fix_design_capex(orf_econ *e);
ORF_API const orf_econ_result *orf_econ_result_get(const orf_econ *e);
/* Index of the tax with JSON key `key` in the per-tax arrays of r, or -1. */
ORF_API int orf_econ_tax_index(const orf_econ_result *r, const char *key);

/* A life-of-mine schedule: 1 when the file has one. Its periods are solved inside
 * orf_econ_eval, each warm-started from its own last solution; afterwards the flowsheet is
 * re-solved as the file gives it (restore 1, the default) or left at the last period (restore 0:
 * Monte Carlo workers, which need only the economics). */
ORF_API int orf_econ_has_schedule(const orf_econ *e);
ORF_API void orf_econ_schedule_restore(orf_econ *e, int restore);
/* Number of the schedule's periods, and of those that set the flowsheet parameter at `slot`. */
ORF_API size_t orf_econ_schedule_periods(const orf_econ *e);
ORF_API size_t orf_econ_schedule_sets(const orf_econ *e, const double *slot);

/* Address of a numeric value of the section by path (see docs/format.md), or NULL. Writing
 * through it changes the next orf_econ_eval. */
ORF_API double *orf_econ_param_ref(orf_econ *e, const char *path);
/* Paths of all numeric values (for did-you-mean hints): count and i-th. */
ORF_API size_t orf_econ_param_count(const orf_econ *e);
ORF_API const char *orf_econ_param_path(const orf_econ *e, size_t i);
/* Unit of measure of the value at `path` as shown to users, from where the section defines it:
 * "USD/t" (a price in its currency per tonne), "USD" (an amount), "KZT/USD" (a rate: KZT per
 * USD), "%", "kW", "h/yr"; "" for a plain number; NULL when there is no such value. */
ORF_API const char *orf_econ_param_unit(const orf_econ *e, const char *path);
/* The range [lo, hi] the loader accepts for the value at `path` (-inf..inf where it checks
 * none): 1, or 0 when there is no such value. */
ORF_API int orf_econ_param_range(const orf_econ *e, const char *path, double *lo, double *hi);

/* Write `"economics": {...}` into an open JSON object (after orf_econ_eval). */
ORF_API void orf_econ_write_json(const orf_econ *e, orf_json *j);
/* orf_json_section_fn adapter for orf_result_write_json: ud is an orf_econ *. */
ORF_API void orf_econ_json_section(void *ud, orf_json *j);
/* Human summary: headline figures, products, stages, cash-flow table. */
ORF_API void orf_econ_print(const orf_econ *e, FILE *fp);
/* Cash-flow table as CSV, written atomically to path. */
ORF_API orf_status orf_econ_write_csv(orf_ctx *ctx, const orf_econ *e, const char *path);

#ifdef __cplusplus
}
#endif
#endif
