/* A first-order predictor for the warm start of re-solves: the Euler predictor of continuation
 * methods (E. L. Allgower and K. Georg, "Introduction to Numerical Continuation Methods", SIAM
 * Classics in Applied Mathematics 45, 2003, ch. 2, the predictor-corrector scheme: a tangent step
 * from a known point of the solution curve, then the corrector — here the flowsheet solve itself).
 *
 * A re-solve (a schedule period at a sampled grade, a Monte Carlo sample) starts from a stored
 * solution x0 at parameters v0. Each column dx/dv_k is a forward difference taken once, by a solve
 * from x0 at the FIXED value v0_k·(1 + h) (docs/models.md "Schedule"), so the start of every
 * re-solve depends on the stored solution and the parameters only — never on which sample came
 * first (the same numbers on every thread and MPI rank). The start is x0 + Σ_k dx/dv_k·Δv_k, the
 * design specs' parameters likewise; the solve then converges from there to its own tolerances, so
 * the answer changes only within them. Assumptions: the solution is differentiable in each
 * parameter near v0 (a column across a kink only gives a worse start, never a wrong answer).
 */
#include "econ_predict.h"

#include "oreflow/stream.h"
#include "oreflow/unit.h"

#include <math.h>
#include <string.h>

orf_status orf__predict_init(orf_ctx *ctx, orf_flowsheet *fs, double *const *slot, size_t n,
                             orf__predict *pr)
{
    memset(pr, 0, sizeof *pr);
    pr->fs = fs;
    pr->ns = orf_flowsheet_state_size(fs);
    pr->nspec = orf_flowsheet_spec_count(fs);
    pr->n = n;
    pr->nvar = orf_flowsheet_system(fs)->nvar;
    size_t w = pr->ns + pr->nspec;
    pr->slot = orf_calloc(ctx, n + 1, sizeof *pr->slot);
    pr->v0 = orf_calloc(ctx, n + 1, sizeof *pr->v0);
    pr->col = orf_calloc(ctx, n * w + 1, sizeof *pr->col);
    pr->ok = orf_calloc(ctx, n + 1, sizeof *pr->ok);
    pr->dv = orf_calloc(ctx, n + 1, sizeof *pr->dv);
    pr->x = orf_calloc(ctx, pr->ns + 1, sizeof *pr->x);
    pr->idx = orf_calloc(ctx, pr->ns + 1, sizeof *pr->idx);
    pr->var = orf_calloc(ctx, pr->ns + 1, sizeof *pr->var);
    pr->spec_slot = orf_calloc(ctx, pr->nspec + 1, sizeof *pr->spec_slot);
    pr->spec_on = orf_calloc(ctx, pr->nspec + 1, sizeof *pr->spec_on);
    pr->spec_lo = orf_calloc(ctx, pr->nspec + 1, sizeof *pr->spec_lo);
    pr->spec_hi = orf_calloc(ctx, pr->nspec + 1, sizeof *pr->spec_hi);
    if (!pr->slot || !pr->v0 || !pr->col || !pr->ok || !pr->dv || !pr->x || !pr->idx || !pr->var ||
        !pr->spec_slot || !pr->spec_on || !pr->spec_lo || !pr->spec_hi)
        return ORF_E_NOMEM;
    for (size_t k = 0; k < n; k++) {
        pr->slot[k] = slot[k];
        pr->v0[k] = *slot[k];
    }
    for (size_t s = 0; s < pr->nspec; s++) {
        const orf_spec_info *si = orf_flowsheet_spec(fs, s);
        pr->spec_slot[s] = orf_flowsheet_param_ref(fs, si->unit, si->param);
        pr->spec_on[s] = orf_flowsheet_spec_switch(fs, s);
        pr->spec_lo[s] = si->min; /* the bracket the spec's search keeps to */
        pr->spec_hi[s] = si->max;
    }
    return ORF_OK;
}

void orf__predict_free(orf_ctx *ctx, orf__predict *pr)
{
    orf_free(ctx, pr->slot);
    orf_free(ctx, pr->v0);
    orf_free(ctx, pr->col);
    orf_free(ctx, pr->ok);
    orf_free(ctx, pr->dv);
    orf_free(ctx, pr->x);
    orf_free(ctx, pr->idx);
    orf_free(ctx, pr->var);
    orf_free(ctx, pr->spec_slot);
    orf_free(ctx, pr->spec_on);
    orf_free(ctx, pr->spec_lo);
    orf_free(ctx, pr->spec_hi);
    memset(pr, 0, sizeof *pr);
}

static int spec_owned(const orf__predict *pr, size_t s)
{ /* a spec switched off no longer owns its parameter */
    return pr->spec_slot[s] && !(pr->spec_on[s] && *pr->spec_on[s] == 0.0);
}

void orf__predict_column(orf__predict *pr, size_t k, const double *x0, const double *p0, double hi)
{
    orf_flowsheet *fs = pr->fs;
    orf_ctx *ctx = orf_flowsheet_ctx(fs);
    double v0 = pr->v0[k], d = v0 != 0 ? ORF_PREDICT_H * fabs(v0) : ORF_PREDICT_H;
    if (v0 + d > hi)
        d = -d;
    orf__ctx_mark mk = orf__ctx_mark_get(ctx);
    orf_flowsheet_state_restore(fs, x0);
    for (size_t s = 0; s < pr->nspec; s++)
        if (spec_owned(pr, s))
            *pr->spec_slot[s] = p0[s];
    *pr->slot[k] = v0 + d;
    orf_status st = orf_flowsheet_solve(fs, NULL);
    *pr->slot[k] = v0;
    /* the derivative solve is the predictor's own: its diagnostics are not the run's */
    orf__ctx_rollback(ctx, &mk);
    pr->ok[k] = -1;
    if (st < 0)
        return;
    double *c = pr->col + k * (pr->ns + pr->nspec);
    orf_flowsheet_state_save(fs, c);
    int fin = 1;
    for (size_t i = 0; i < pr->ns; i++) {
        c[i] = (c[i] - x0[i]) / d;
        fin &= isfinite(c[i]);
    }
    for (size_t s = 0; s < pr->nspec; s++) {
        c[pr->ns + s] = spec_owned(pr, s) ? (*pr->spec_slot[s] - p0[s]) / d : 0.0;
        fin &= isfinite(c[pr->ns + s]);
    }
    if (!fin)
        return;
    pr->ok[k] = 1;
    /* the support of the columns taken: only those variables are predicted */
    const size_t w = pr->ns + pr->nspec;
    pr->nz = 0;
    for (size_t i = 0; i < pr->ns; i++) {
        int moved = 0;
        for (size_t j = 0; j < pr->n && !moved; j++)
            moved = pr->ok[j] == 1 && pr->col[j * w + i] != 0;
        if (moved) {
            pr->idx[pr->nz] = i;
            pr->var[pr->nz++] = &orf_flowsheet_stream(fs, i / pr->nvar)->x[i % pr->nvar];
        }
    }
}

int orf__predict_start(orf__predict *pr, const double *x0, const double *p0)
{
    if (!pr->n)
        return 0;
    int any = 0;
    for (size_t k = 0; k < pr->n; k++) {
        pr->dv[k] = *pr->slot[k] - pr->v0[k];
        if (pr->dv[k] != 0) {
            if (pr->ok[k] != 1)
                return 0; /* no column along a changed parameter: today's start */
            any = 1;
        }
    }
    if (!any)
        return 0;
    const size_t w = pr->ns + pr->nspec;
    for (size_t j = 0; j < pr->nz; j++) {
        size_t i = pr->idx[j];
        double x = x0[i];
        for (size_t k = 0; k < pr->n; k++)
            x += pr->col[k * w + i] * pr->dv[k];
        if (!isfinite(x))
            return 0;
        if (x < 0 && i % pr->nvar != pr->nvar - 1) /* a flow (the last variable: T) */
            x = 0;
        pr->x[j] = x;
    }
    for (size_t j = 0; j < pr->nz; j++) /* (the other variables are at x0 already) */
        *pr->var[j] = pr->x[j];
    for (size_t s = 0; s < pr->nspec; s++) {
        if (!spec_owned(pr, s))
            continue;
        double p = p0[s];
        for (size_t k = 0; k < pr->n; k++)
            p += pr->col[k * w + pr->ns + s] * pr->dv[k];
        if (p == p0[s] || !isfinite(p))
            continue; /* (p0 as it is: a limit's parameter may rest on its bracket's end) */
        /* strictly inside the bracket: the search starts from an interior value (specs.c) */
        double lo = pr->spec_lo[s], hi = pr->spec_hi[s], m = 1e-3 * (hi - lo);
        *pr->spec_slot[s] = p < lo + m ? lo + m : p > hi - m ? hi - m : p;
    }
    return 1;
}
