/* oreflow — plant data: mass-balance reconciliation, n-product formulas.
 *
 * The reconciliation works on a network of nodes (process units) and streams given as an
 * incidence list, and on "basic" balanced quantities (solids or its size classes, water, the
 * flow of each assayed component, of each component in each size class). Every basic quantity
 * is conserved at every node, except where a node is said to exchange it with the environment
 * (orf_recon_exchange: water at a water addition). A measurement is a function of one stream's
 * basic flows:
 *
 *     flow:   y = scale * sum_{b in num} q_b                       (t/h)
 *     ratio:  y = scale * sum_{b in num} q_b / sum_{b in den} q_b   (assay %, size %, % solids)
 *
 * The weighted least-squares problem min sum ((y_i - yhat_i)/sd_i)^2 subject to the node
 * balances is solved exactly: the (linear) node balances of the component flows are eliminated
 * by a null-space basis of the node incidence matrix (one per set of conserving nodes), and the
 * bilinear measurement equations (flow x assay) by Levenberg–Marquardt/Gauss–Newton iterations to
 * the KKT point (Crowe et al. 1983 AIChE J 29:881; Crowe 1986 AIChE J 32:616 for the bilinear
 * case). Statistics follow Mah & Tamhane 1982 AIChE J 28:828 (measurement test, max-power
 * normalised residuals) and the global chi-square test of Reilly & Carpani 1963 / Madron 1992.
 *
 * Ownership: an orf_recon owns its copies of everything passed in (quantity index lists
 * included); results are read through getters. Not thread-safe per object; separate objects may
 * be used from separate threads.
 */
#ifndef OREFLOW_BALANCE_H
#define OREFLOW_BALANCE_H

#include "common.h"
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_recon orf_recon;

/* A quantity of one stream (see the file comment). nden == 0 makes it a flow. */
typedef struct orf_recon_qty {
    size_t stream;
    const size_t *num;
    size_t nnum;
    const size_t *den;
    size_t nden;
    double scale; /* 100 for %, 1 for t/h */
} orf_recon_qty;

typedef struct orf_recon_opts {
    int max_iter; /* default 200 */
    double tol;   /* relative step tolerance, default 1e-10 */
    double alpha; /* level of the statistical tests, default 0.05 */
} orf_recon_opts;

typedef struct orf_recon_info {
    int converged;
    int iterations;
    size_t nmeas;
    size_t nredundant; /* measurements that enter a balance more than once (leverage < 1) */
    int dof;           /* degrees of freedom of the global test = rank of the redundancy */
    double chi2;       /* sum of squared adjustments in units of their SD */
    double chi2_crit;  /* chi-square quantile at 1 - alpha */
    double p_value;    /* P(chi2_dof > chi2) */
    double mt_crit;    /* critical value of the measurement test (Sidak-corrected, MT-NT) */
    size_t nsuspect;   /* measurements whose |MT| exceeds mt_crit */
    int worst;         /* index of the measurement with the largest |MT|, -1 if none */
    double max_balance_residual; /* worst node imbalance of any basic, relative to its flow */
} orf_recon_info;

typedef struct orf_recon_meas_result {
    double measured, sd;
    double reconciled;
    double sd_reconciled; /* SD of the reconciled value (linearised covariance) */
    double adjust_sd;     /* (reconciled - measured) / sd */
    double mt;            /* normalised adjustment (measurement test); NaN if not redundant */
    int redundant;
    int suspect; /* |mt| > mt_crit */
} orf_recon_meas_result;

/* Create a problem of `nstreams` streams, `nnodes` balance nodes and `nbasic` basic quantities.
 * NULL on out of memory or zero sizes. Memory comes from a private context with the default
 * allocator, freed with the problem. */
ORF_API orf_recon *orf_recon_alloc(size_t nstreams, size_t nnodes, size_t nbasic);
/* The same, every allocation (now and in orf_recon_solve, orf_recon_estimate) through `ctx`'s
 * allocator; `ctx` must outlive the problem. The problem records no diagnostics on `ctx`. */
ORF_API orf_recon *orf_recon_alloc_with(orf_ctx *ctx, size_t nstreams, size_t nnodes,
                                        size_t nbasic);
ORF_API void orf_recon_free(orf_recon *r);
/* Stream `stream` enters (sign +1) or leaves (sign -1) node `node`. Streams that touch no
 * node, or one node only, exchange with the environment (feeds, products). */
ORF_API orf_status orf_recon_connect(orf_recon *r, size_t node, size_t stream, int sign);
/* Node `node` exchanges basic `basic` with the environment (a water addition takes water from
 * outside): that basic is not balanced there; every other basic still is. */
ORF_API orf_status orf_recon_exchange(orf_recon *r, size_t node, size_t basic);
/* Starting estimate of a basic flow in a stream, t/h (default 1). Good guesses (a simulation,
 * the measured flows times the measured assays) speed the solution; they do not change it. */
ORF_API orf_status orf_recon_set_guess(orf_recon *r, size_t basic, size_t stream, double tph);
/* Add a measurement; returns its index (>= 0) or a negative status (bad index, sd <= 0). */
ORF_API int orf_recon_add_meas(orf_recon *r, const orf_recon_qty *q, double value, double sd);
/* Solve. Returns ORF_OK, ORF_E_NOT_CONVERGED, ORF_E_NUMERIC or ORF_E_NOMEM; a message is kept
 * (orf_recon_error). `opts` and `info` may be NULL. */
ORF_API orf_status orf_recon_solve(orf_recon *r, const orf_recon_opts *opts, orf_recon_info *info);
ORF_API const char *orf_recon_error(const orf_recon *r);
ORF_API size_t orf_recon_meas_count(const orf_recon *r);
ORF_API orf_status orf_recon_meas_get(const orf_recon *r, size_t i, orf_recon_meas_result *out);
/* Estimate any quantity after a solve: value, SD (from the linearised covariance) and whether it
 * is observable (uniquely determined by the measurements and balances). Allocates nothing (its
 * workspace comes with the solve), so one problem's estimates are not for several threads at
 * once. */
ORF_API orf_status orf_recon_estimate(const orf_recon *r, const orf_recon_qty *q, double *value,
                                      double *sd, int *observable);
/* Reconciled flow of a basic quantity in a stream, t/h. */
ORF_API double orf_recon_basic_tph(const orf_recon *r, size_t basic, size_t stream);
/* Worst relative node imbalance of the reconciled basic flows (a self-check, ~1e-15). */
ORF_API double orf_recon_balance_residual(const orf_recon *r);

/* n-product formula (Wills & Finch 2016, Mineral Processing Technology 8th ed., §3.6): mass
 * fractions of the feed reporting to each of `np` products from the assays of feed and products
 * in `nk` components, with sum of fractions = 1. np = 2, nk = 1 is the two-product formula
 * C/F = (f - t)/(c - t); np = 3, nk = 2 the three-product formula; nk > np - 1 is solved by
 * (weighted) least squares. Assays x[p*nk + k] of product p, feed[k]; SDs may be NULL (no
 * propagation). Outputs: split[p] (fraction of feed mass), split_sd[p]; recovery[p*nk + k]
 * (fraction of component k), recovery_sd. Error propagation is first order (numerical
 * derivatives of the solution with respect to every assay). Returns ORF_E_NUMERIC when the
 * assays cannot separate the products (singular system) and ORF_E_INPUT on bad sizes. */
typedef struct orf_nproduct_result {
    double split[8], split_sd[8];
    double recovery[8 * 8], recovery_sd[8 * 8];
} orf_nproduct_result;
ORF_API orf_status orf_nproduct(size_t np, size_t nk, const double *feed, const double *feed_sd,
                                const double *prod, const double *prod_sd,
                                orf_nproduct_result *out);

/* ---- plant data on a flowsheet (src/balance/plant_data.c) ------------------------------------
 * A measurement file (YAML, or CSV with columns stream,quantity,value,sd,sd_rel; format in
 * docs/reconcile.md) gives measured solids flows, water flows or % solids, assays, size
 * distributions and size-by-assay of streams of a flowsheet, each with an SD. The nodes are the
 * flowsheet's units that have both inlets and outlets (feeds and products exchange with the
 * environment). Ownership: the plant data borrows the flowsheet (which must outlive it) and owns
 * its reconciliation problem; it allocates through the context given to orf_plant_data_load,
 * which must outlive it too. */
struct orf_flowsheet;
struct orf_json;
typedef struct orf_plant_data orf_plant_data;

/* Load a measurement file for `fs` (".csv" by extension, YAML otherwise). Collects every located
 * error (negative SD, unknown stream or assay, assay outside 0..100 %) and returns ORF_E_INPUT,
 * ORF_E_SYNTAX or ORF_E_IO; *out is NULL then. */
ORF_API orf_status orf_plant_data_load(orf_ctx *ctx, struct orf_flowsheet *fs, const char *path,
                                       orf_plant_data **out);
ORF_API void orf_plant_data_free(orf_plant_data *pd);
/* Reconcile; guesses come from the flowsheet's streams (solve it first when it can be solved). */
ORF_API orf_status orf_plant_reconcile(orf_ctx *ctx, orf_plant_data *pd, const orf_recon_opts *opts,
                                       orf_recon_info *info);
/* The underlying problem (borrowed) and the label of measurement i ("cyc_uf.assay.Cr2O3"). */
ORF_API const orf_recon *orf_plant_recon(const orf_plant_data *pd);
ORF_API const char *orf_plant_meas_label(const orf_plant_data *pd, size_t i);
/* Reports: the terminal table, the JSON "reconciliation" section (an orf_json_section_fn: pass
 * the plant data as ud) and a CSV of every measured and estimated quantity (atomic). */
ORF_API void orf_plant_write_table(const orf_plant_data *pd, FILE *fp);
ORF_API void orf_plant_write_json_section(void *pd, struct orf_json *j);
ORF_API orf_status orf_plant_write_csv(orf_ctx *ctx, const orf_plant_data *pd, const char *path);
/* Reconciled value of a stream quantity named as in the file ("solids_tph", "water_tph",
 * "pct_solids", "assay.Cr2O3"): value and SD; ORF_E_UNKNOWN_NAME if not known. */
ORF_API orf_status orf_plant_estimate(const orf_plant_data *pd, const char *stream,
                                      const char *what, double *value, double *sd, int *observable);

/* ---- synthetic surveys (src/balance/survey.c) ------------------------------------------------
 * The value of each measurement of `pd` in the flowsheet's streams as they stand (solve the
 * flowsheet first): values[i] for each of the orf_plant_meas_count measurements, in file order.
 * The file's sieves must be size-class boundaries of the flowsheet (within 2.5 %); a located
 * error otherwise. */
ORF_API orf_status orf_plant_truth(orf_ctx *ctx, const orf_plant_data *pd, double *values);
/* Write a measurement file (YAML) with the same quantities, SDs, defaults and sieves as `pd`:
 * each value the simulated one plus N(0, sd^2) noise (GSL mt19937 seeded with `seed`; relative
 * SDs taken of the true value; results clipped to >= 0 and percentages to <= 100), or the
 * simulated value itself when `exact`. `command` (may be NULL) is quoted in the header comment;
 * the file's `note` follows as comments. Size lists must be complete. */
ORF_API orf_status orf_plant_survey_write(orf_ctx *ctx, const orf_plant_data *pd,
                                          unsigned long seed, int exact, const char *command,
                                          FILE *fp);
/* Number of measurements of the file (before any reconciliation). */
ORF_API size_t orf_plant_meas_count(const orf_plant_data *pd);

#ifdef __cplusplus
}
#endif
#endif
