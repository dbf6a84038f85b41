/* oreflow — a portfolio of projects for the state (docs/format.md, "Portfolio"):
 * orf_portfolio_run solves and evaluates several projects (each flowsheet file with its
 * economics and its schedule if any) and sums their cash flows per calendar year.
 * Ownership: the result owns its arrays (orf_portfolio_result_fini), allocated through the
 * context given to the run, which must outlive it. Thread safety: one context per thread.
 */
#ifndef OREFLOW_PORTFOLIO_H
#define OREFLOW_PORTFOLIO_H

#include "common.h"
#include "econ.h"
#include "output.h"
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The per-year figures of the portfolio, summed over the projects (US dollars, real). */
#define ORF_PORTFOLIO_FIGURES(X)                                                                   \
    X(value_added_usd, "value added")                                                              \
    X(gva_usd, "GVA")                                                                              \
    X(jobs, "jobs")                                                                                \
    X(taxes_usd, "taxes")                                                                          \
    X(exports_usd, "exports")                                                                      \
    X(capex_usd, "CAPEX")                                                                          \
    X(net_usd, "net cash flow")

typedef struct orf_portfolio_year {
    int year; /* calendar year */
#define ORF__PF_FIELD(key, label) double key;
    ORF_PORTFOLIO_FIGURES(ORF__PF_FIELD)
#undef ORF__PF_FIELD
    double tax_usd[ORF_ECON_MAX_TAXES]; /* each tax of the list */
    size_t projects;                    /* projects with a cash-flow year here */
} orf_portfolio_year;

typedef struct orf_portfolio_project {
    const char *file, *name;
    double npv_usd, irr, payback_years, capex_usd, discount_rate;
    int first_year, last_year;
    double jobs;
    /* per year of the portfolio (nyears, aligned with orf_portfolio_result.years; 0 outside the
     * project's own years): value added and all taxes */
    double *value_added_usd, *taxes_usd;
} orf_portfolio_project;

typedef struct orf_portfolio_result {
    size_t nprojects;
    orf_portfolio_project *projects;
    size_t nyears;
    orf_portfolio_year *years; /* every calendar year from the first project's start to the last
                                  project's closure */
    orf_portfolio_year total;  /* sums over the years (jobs: the peak year's) */
    size_t ntaxes;
    const char *const *tax_keys, *const *tax_labels; /* as orf_econ_result's */
    orf_ctx *ctx;
} orf_portfolio_result;

/* Solve and evaluate each of the n flowsheet files (each must have an economics section) and sum
 * their cash flows per calendar year. ORF_OK, ORF_E_INPUT, ORF_E_NOMEM, or a project's failure
 * (a solve that did not converge, economics that cannot be evaluated), with diagnostics. */
ORF_API orf_status orf_portfolio_run(orf_ctx *ctx, const char *const *paths, size_t n,
                                     orf_portfolio_result *res);
ORF_API void orf_portfolio_result_fini(orf_portfolio_result *res);
/* {"currency", "value_added_basis", "exports_basis", "projects": [{file, name, discount_rate,
 * npv_usd, irr, payback_years, capex_usd, jobs, first_year, last_year, value_added_usd: [per
 * year], taxes_usd: [per year]}], "years": [{year, value_added_usd, jobs, taxes_usd,
 * exports_usd, capex_usd, net_usd, taxes: {each tax}, projects}], "total": {...}} */
ORF_API void orf_portfolio_write_json(const orf_portfolio_result *r, orf_json *j);
ORF_API void orf_portfolio_print(const orf_portfolio_result *r, FILE *fp);

#ifdef __cplusplus
}
#endif
#endif
