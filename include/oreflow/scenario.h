/* oreflow — scenarios side by side.
 *
 * Scenarios (docs/format.md, "Scenarios"): a `scenarios:` section of the flowsheet file (or a
 * separate file: a list, or a map with a `scenarios:` list) names cases, each a map of parameter
 * overrides by the paths `uncertainty:` uses (economics.* values, schedule.PERIOD.* values,
 * UNIT.PARAM unit parameters). orf_scenarios_run solves the base case once, then evaluates each
 * scenario from it: the flowsheet is re-solved (warm-started from the base case's converged
 * streams, as the Monte Carlo does) only when a scenario changes a unit parameter; the
 * economics is evaluated for every one. Overrides are checked when loaded: an unknown path (with
 * a did-you-mean hint), a value outside the range the loader accepts for that value, a
 * duplicate name or a path given twice are located errors (file:line:column).
 *
 * Ownership: results own their arrays (…_fini), allocated through the context given to the run,
 * which must outlive them; names are interned in that context. Thread safety: one context per
 * thread, as everywhere.
 */
#ifndef OREFLOW_SCENARIO_H
#define OREFLOW_SCENARIO_H

#include "common.h"
#include "econ.h"
#include "output.h"
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A column of the comparison: a figure of the economics result. */
typedef struct orf_scenario_column {
    const char *key;   /* JSON key, with its unit ("npv_usd", "irr", "jobs") */
    const char *label; /* terminal heading ("NPV") */
    const char *unit;  /* unit of measure as shown ("M USD", "%"; "" for a count) */
    double scale;      /* shown = value × scale */
    int decimals;      /* shown with this many decimals */
} orf_scenario_column;

/* Room for the figures of one scenario (the columns' count is orf_scenario_result.ncols). */
#define ORF_SCENARIO_MAX_COLS 16

typedef struct orf_scenario {
    const char *name; /* "base" for the file as given */
    size_t nset;
    const char **path; /* nset overridden paths (interned) */
    double *value;     /* nset values */
    int resolved;      /* 1: it changes a unit parameter, so the flowsheet was re-solved for it
                          (a schedule's periods are re-solved for every scenario) */
    int failed;        /* 1: its solve or evaluation failed (figures NaN; why says why) */
    char why[256];
    double fig[ORF_SCENARIO_MAX_COLS]; /* the columns' values, unscaled (SI, USD, fractions) */
} orf_scenario;

typedef struct orf_scenario_result {
    const char *file;
    size_t n;                        /* scenarios, the base case first */
    orf_scenario *sc;                /* n */
    size_t ncols;                    /* columns of fig */
    const orf_scenario_column *cols; /* static */
    size_t failed;                   /* scenarios that failed */
    int schedule; /* 1: the file has a schedule (every case re-solves its periods) */
    orf_ctx *ctx; /* whose allocator holds the arrays: must outlive the result */
} orf_scenario_result;

/* Run the base case and each scenario of the flowsheet file at `path`: those of its own
 * `scenarios:` section, then those of the file `scen_path` (NULL: none). ORF_OK (also when some
 * scenarios failed: see res->failed), ORF_E_INPUT (bad file or section, no scenario at all),
 * ORF_E_NOMEM, or the base case's solve failure. */
ORF_API orf_status orf_scenarios_run(orf_ctx *ctx, const char *path, const char *scen_path,
                                     orf_scenario_result *res);
ORF_API void orf_scenario_result_fini(orf_scenario_result *res);
/* {"file", "columns": [{key, label, unit, scale}], "cases": [{"name", "set": {path: value},
 * "resolved", "failed", "diagnostic"?, <each column's key>: value}]} (values unscaled). */
ORF_API void orf_scenarios_write_json(const orf_scenario_result *r, orf_json *j);
ORF_API void orf_scenarios_print(const orf_scenario_result *r, FILE *fp);
struct orf_flowsheet;
/* Validate the flowsheet's own `scenarios:` section without solving (`oreflow check`). e is
 * the flowsheet's economics (NULL when it has none). ORF_OK when the section is absent. */
ORF_API orf_status orf_scenarios_check(orf_ctx *ctx, struct orf_flowsheet *fs, orf_econ *e);

#ifdef __cplusplus
}
#endif
#endif
