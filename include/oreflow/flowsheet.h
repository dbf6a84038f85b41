/* oreflow — flowsheets: load from YAML, solve, inspect, balance, write results.
 *
 * Ownership: an orf_flowsheet owns its system, streams, units, the parsed document and the
 * materials database it loaded; everything returned by a _get function is borrowed from it.
 * A flowsheet is used by one thread at a time; Monte Carlo workers load one each.
 */
#ifndef OREFLOW_FLOWSHEET_H
#define OREFLOW_FLOWSHEET_H

#include "common.h"
#include "node.h"
#include "stream.h"
#include "unit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_flowsheet orf_flowsheet;

/* How tear streams are updated: bounded Wegstein per variable; plain successive substitution;
 * Anderson's multisecant (type II Broyden) step on the whole tear vector of a loop; auto
 * (default): Wegstein's, switching a loop to Anderson's when Wegstein's stalls on it
 * (docs/models.md "Flowsheet solver"). */
typedef enum {
    ORF_ACCEL_WEGSTEIN = 0,
    ORF_ACCEL_NONE = 1,
    ORF_ACCEL_ANDERSON = 2,
    ORF_ACCEL_AUTO = 3
} orf_accel;
/* How a recycle block is iterated: flat sweeps the whole block until all its tears converge;
 * nested converges each inner loop inside every iteration of the loop around it (fewer
 * evaluations on long chains of loops); auto (default) nests the blocks of more than 8 loops and
 * sweeps the others flat (docs/models.md "Flowsheet solver"). */
typedef enum { ORF_SEQ_FLAT = 0, ORF_SEQ_NESTED = 1, ORF_SEQ_AUTO = 2 } orf_sequencing;

typedef struct orf_solver_opts {
    double tol;                /* relative tolerance on tear streams (default 1e-12) */
    int max_iter;              /* default 500 */
    orf_accel accel;           /* default auto */
    double q_min, q_max;       /* Wegstein bounds on q (default -5, 0) */
    orf_sequencing sequencing; /* default auto */
} orf_solver_opts;

typedef struct orf_tear_info {
    int stream;      /* stream index */
    double residual; /* last relative change */
} orf_tear_info;

typedef struct orf_solve_info {
    int converged;
    int iterations; /* total sweeps over all recycle blocks */
    int unit_evals; /* number of unit compute calls */
    size_t ntears;
    const orf_tear_info *tears; /* borrowed */
    double max_residual;
    int specs_met; /* 1 when every design spec was met (or there are none); see each spec's status
                    */
} orf_solve_info;

/* Load a flowsheet file. Collects every located error it can find (up to a cap) before
 * returning ORF_E_INPUT / ORF_E_SYNTAX / ORF_E_IO. */
ORF_API orf_status orf_flowsheet_load(orf_ctx *ctx, const char *path, orf_flowsheet **out);
/* Load from YAML text in memory (`name` stands for the file in diagnostics; relative paths such
 * as materials_db resolve against the current directory). */
ORF_API orf_status orf_flowsheet_load_string(orf_ctx *ctx, const char *name, const char *text,
                                             orf_flowsheet **out);
ORF_API void orf_flowsheet_free(orf_flowsheet *fs);

ORF_API const char *orf_flowsheet_name(const orf_flowsheet *fs);
ORF_API const char *orf_flowsheet_path(const orf_flowsheet *fs);
ORF_API const orf_system *orf_flowsheet_system(const orf_flowsheet *fs);
ORF_API orf_ctx *orf_flowsheet_ctx(const orf_flowsheet *fs);
/* A top-level section of the file (e.g. "economics", "uncertainty") or NULL. */
ORF_API const orf_node *orf_flowsheet_section(const orf_flowsheet *fs, const char *key);

ORF_API size_t orf_flowsheet_stream_count(const orf_flowsheet *fs);
ORF_API orf_stream *orf_flowsheet_stream(const orf_flowsheet *fs, size_t i);
ORF_API int orf_flowsheet_stream_index(const orf_flowsheet *fs,
                                       const char *name); /* -1 if absent */
/* Producer/consumer of a stream: unit index or -1 (feed has a producer unit of type feed;
 * a final product has consumer -1 or a unit of type product). Port index through *port. */
ORF_API int orf_flowsheet_stream_source(const orf_flowsheet *fs, size_t i, int *port);
ORF_API int orf_flowsheet_stream_sink(const orf_flowsheet *fs, size_t i, int *port);

ORF_API size_t orf_flowsheet_unit_count(const orf_flowsheet *fs);
ORF_API orf_unit *orf_flowsheet_unit(const orf_flowsheet *fs, size_t i);
ORF_API int orf_flowsheet_unit_index(const orf_flowsheet *fs, const char *name); /* -1 if absent */

/* Assays listed in the file's report.assays (defaults: element/oxide list from materials). */
/* The element whose recovery the tables report (report.valuable, default from the data), or NULL.
 */
ORF_API const char *orf_flowsheet_valuable_element(const orf_flowsheet *fs);
/* report.products: the streams of the products table, in the file's order (0 when not given). */
ORF_API size_t orf_flowsheet_product_count(const orf_flowsheet *fs);
ORF_API int orf_flowsheet_product(const orf_flowsheet *fs,
                                  size_t k); /* stream index, -1 if k is out of range */
/* Tear streams of the plan and their last residuals (borrowed; valid until the flowsheet is freed).
 */
ORF_API size_t orf_flowsheet_tear_count(const orf_flowsheet *fs);
ORF_API const orf_tear_info *orf_flowsheet_tear(const orf_flowsheet *fs, size_t k);
/* A unit's inlet and outlet streams in port order, as its compute sees them (borrowed). */
ORF_API const orf_stream *const *orf_flowsheet_unit_inlets(const orf_flowsheet *fs, size_t i);
ORF_API const orf_stream *const *orf_flowsheet_unit_outlets(const orf_flowsheet *fs, size_t i);
ORF_API size_t orf_flowsheet_assay_count(const orf_flowsheet *fs);
ORF_API const char *orf_flowsheet_assay_name(const orf_flowsheet *fs, size_t i);

ORF_API orf_solver_opts orf_flowsheet_solver_opts(const orf_flowsheet *fs);
ORF_API void orf_flowsheet_set_solver_opts(orf_flowsheet *fs, const orf_solver_opts *o);

/* Solve the flowsheet (recycles by tearing; then the design specifications). Streams keep their
 * values between calls, so a second solve warm-starts from the last answer.
 * Returns ORF_OK, ORF_E_NOT_CONVERGED (with a diagnostic naming each tear's residual),
 * ORF_E_SPEC, or ORF_E_NUMERIC (a unit failed). `info` may be NULL. */
ORF_API orf_status orf_flowsheet_solve(orf_flowsheet *fs, orf_solve_info *info);
/* Reset every stream to zero (cold start). */
ORF_API void orf_flowsheet_reset(orf_flowsheet *fs);
/* Snapshot/restore all streams (nvar × nstreams doubles; caller's buffer). */
ORF_API size_t orf_flowsheet_state_size(const orf_flowsheet *fs);
ORF_API void orf_flowsheet_state_save(const orf_flowsheet *fs, double *buf);
ORF_API void orf_flowsheet_state_restore(orf_flowsheet *fs, const double *buf);

/* Design specifications found in the file and their solved values. A solve evaluates the specs in
 * order and stops at the first that cannot be met: the ones after it are not evaluated (their value
 * and achieved are then NaN). */
typedef enum orf_spec_status {
    ORF_SPEC_NOT_EVALUATED = 0,
    ORF_SPEC_MET,
    ORF_SPEC_NOT_MET,
    ORF_SPEC_OFF /* switched off (`enabled: false`, or specs.NAME.enabled = 0 in a scenario) */
} orf_spec_status;
/* "met", "not_met", "not_evaluated", "off" */
ORF_API const char *orf_spec_status_name(orf_spec_status s);
typedef struct orf_spec_info {
    const char *name;
    const char *unit;  /* unit adjusted */
    const char *param; /* parameter adjusted */
    double value;      /* value found */
    double target;     /* target of the stream quantity */
    double achieved;
    int iterations;
    orf_spec_status status; /* of the last solve */
    /* A constraint (target at_most / at_least): 1 at most, -1 at least, 0 an equality target.
     * The parameter goes as far toward `prefer` (its min or max) as the constraint allows:
     * active 1 when the constraint binds there (achieved = target), 0 when the preferred end
     * satisfies it. */
    int bound, active;
    double min,
        max; /* the bracket the search keeps to: adjust.min/max within the parameter's range */
} orf_spec_info;
ORF_API size_t orf_flowsheet_spec_count(const orf_flowsheet *fs);
/* The switch of design spec i (1 on, 0 off; the value behind the path specs.NAME.enabled), or
 * NULL when i is out of range. */
ORF_API double *orf_flowsheet_spec_switch(orf_flowsheet *fs, size_t i);
ORF_API const orf_spec_info *orf_flowsheet_spec(const orf_flowsheet *fs, size_t i);

/* Look up a numeric parameter by "unit.param" path (borrowed pointer into u->p, NULL if none).
 * A design spec's switch is "specs" + "NAME.enabled" (1 on, 0 off) when no unit is named specs. */
ORF_API double *orf_flowsheet_param_ref(orf_flowsheet *fs, const char *unit, const char *param);
/* Definition of that parameter (for a table entry "mineralogy.chromite": the table's), or NULL. */
struct orf_param_def;
ORF_API const struct orf_param_def *orf_flowsheet_param_def(const orf_flowsheet *fs,
                                                            const char *unit, const char *param);

/* Mass balance after a solve: per unit and overall, total mass, per material (units that
 * conserve materials) and per element. Relative error = |in - out| / max(in, out, floor). */
typedef struct orf_balance {
    double max_relative_error;
    const char *worst_unit; /* borrowed; NULL for the overall balance */
    const char *worst_what; /* "total", an element symbol or a material name */
    double overall_in_tph, overall_out_tph;
    double unit_max_error; /* worst per-unit error */
    double overall_max_error;
} orf_balance;
ORF_API orf_status orf_flowsheet_balance(const orf_flowsheet *fs, orf_balance *out);
/* Per-unit relative error (total mass and elements), for reports. */
/* Water a unit takes from outside the flowsheet, t/h: its result slot `water_added_tph` (the one
 * place that knows the convention; used by the mass balance and the plant summary). */
ORF_API double orf_unit_water_added_tph(const orf_unit *u);
/* 1 when the unit's model exchanges water with the environment (it has that result slot): its
 * water is not balanced over its streams alone. */
ORF_API int orf_unit_exchanges_water(const orf_unit *u);
ORF_API double orf_flowsheet_unit_balance_error(const orf_flowsheet *fs, size_t unit);

#ifdef __cplusplus
}
#endif
#endif
