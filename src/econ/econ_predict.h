/* A first-order predictor for the warm start of re-solves (econ_predict.c): the Euler predictor of
 * continuation methods (E. L. Allgower and K. Georg, "Introduction to Numerical Continuation
 * Methods", SIAM Classics in Applied Mathematics 45, 2003, ch. 2). Shared by the life-of-mine
 * schedule (econ_schedule.c) and Monte Carlo without a schedule (src/mc/mc_model.c). */
#ifndef ORF_ECON_PREDICT_H
#define ORF_ECON_PREDICT_H

#include "base/base_impl.h"
#include "oreflow/econ.h"
#include "oreflow/flowsheet.h"

#include <stddef.h>

/* Relative step of the derivative solves: each column is (x(v0·(1 + h)) − x(v0)) / (v0·h). */
#define ORF_PREDICT_H 1e-2

typedef struct orf__predict {
    orf_flowsheet *fs;
    size_t ns, nspec, n; /* state size, design specs, columns */
    double **slot;       /* n: the parameters predicted along (borrowed) */
    double *v0;          /* n: each one's value at the stored solution */
    double *col;         /* n × (ns + nspec): dx/dv, then d(spec parameter)/dv */
    signed char *ok;     /* n: 1 column taken, −1 its derivative solve failed */
    double *dv;          /* n: the change of each parameter in the solve to start */
    size_t nz;           /* stream variables some column moves (the rest stay at x0) */
    size_t *idx;         /* ns: their indices in the state, nz of them */
    double **var;        /* ns: their addresses in the flowsheet's streams */
    double *x;           /* ns: their predicted values */
    double **spec_slot, **spec_on, *spec_lo, *spec_hi; /* nspec */
    size_t nvar;                                       /* doubles per stream (the last: T) */
} orf__predict;

/* Allocate a predictor of n columns along the parameters slot[0..n-1] (borrowed) of fs; all memory
 * is taken here, none when a solve is started. */
orf_status orf__predict_init(orf_ctx *ctx, orf_flowsheet *fs, double *const *slot, size_t n,
                             orf__predict *pr);
void orf__predict_free(orf_ctx *ctx, orf__predict *pr);
/* Take column k by one solve from the stored solution (streams x0, spec parameters p0, all the
 * parameters at the values it was solved at) with parameter k at v0·(1 + h) (v0 − … when that is
 * above its range's hi): the same numbers on every thread and rank. The flowsheet is left solved
 * at the perturbed value, the parameter back at v0; the solve's diagnostics are dropped. */
void orf__predict_column(orf__predict *pr, size_t k, const double *x0, const double *p0, double hi);
/* Put the predicted start into the flowsheet, whose streams and specs' parameters the caller has
 * just set to x0 and p0: streams x0 + Σ_k dx/dv_k·Δv_k (flows ≥ 0) and the
 * enabled specs' parameters p0 + Σ_k dp/dv_k·Δv_k (inside their brackets), Δv_k = *slot[k] − v0[k],
 * over the columns taken; left at x0 and p0 when nothing changed, a column failed or the
 * prediction is not finite. Returns 1 when it predicted. */
int orf__predict_start(orf__predict *pr, const double *x0, const double *p0);

/* Life of mine (econ_schedule.c): take the columns of each period along those of its settings
 * whose value (schedule.PERIOD.UNIT.PARAM) is at one of sampled[0..n-1], from the periods' stored
 * solutions (solved once by orf_econ_eval): later solves of a period start from the prediction.
 * Call it once, after the first orf_econ_eval and before the values change. */
orf_status orf__econ_schedule_predict(orf_econ *e, double *const *sampled, size_t n);

#endif
