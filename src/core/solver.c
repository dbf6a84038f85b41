/* Sequential-modular flowsheet solver.
 *
 * The plan (planner.c) orders the units into recycle blocks solved in topological order, with
 * tear streams inside each block.
 *
 * Iteration: successive substitution x_{k+1} = g(x_k) on the tear streams, accelerated by the
 * bounded Wegstein method applied to each variable (Wegstein 1958, Comm. ACM 1(6) 9):
 *   s = (g(x_k) − g(x_{k−1})) / (x_k − x_{k−1}),  q = s / (s − 1) bounded to [q_min, q_max],
 *   x_{k+1} = q·x_k + (1 − q)·g(x_k).
 * Convergence: for every tear and every material m, Σ_{j∈m} |g_j − x_j| / D_m < tol, with D_m the
 * smaller of the material's flow in the tear and in the block's external feed (floor 1e-12 of the
 * tear's total flow), and the temperature change relative to its absolute value. The sum bounds
 * the mass of m the tear creates or destroys, so every material's — hence every element's and the
 * total — balance closes to tol; dividing by the external feed as well keeps that true when the
 * circulating load is large (a 99.9 % recycle carries 1000× its feed, so a test relative to the
 * tear alone would let the plant balance miss by 1000 tol). The loop allocates nothing.
 *
 * With `sequencing: nested` a block is iterated as nested loops (plan_nest.c, solve_loop below)
 * on the same tears, with the same test and step.
 *
 * Design specifications (specs.c) are met by Gauss–Seidel passes over them, around the block
 * solves (orf_flowsheet_solve, below). */
#include "flowsheet_impl.h"

#include <gsl/gsl_errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* ---- solving --------------------------------------------------------------------------------- */

/* 1 when every x[j] is finite: x·0 is 0 for a finite x and NaN for an infinite or NaN one, so
 * the sums (four, for instruction-level parallelism) stay 0 exactly when all are finite. */
static int all_finite(const double *x, size_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += x[j] * 0.0;
        s1 += x[j + 1] * 0.0;
        s2 += x[j + 2] * 0.0;
        s3 += x[j + 3] * 0.0;
    }
    for (; j < n; j++)
        s0 += x[j] * 0.0;
    return s0 + s1 + s2 + s3 == 0.0;
}

/* 1 when x and y agree to MEMO_RTOL relative, value by value. */
#define MEMO_RTOL 1e-13
static int near_equal(const double *x, const double *y, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (!(fabs(x[j] - y[j]) <= MEMO_RTOL * (fabs(x[j]) + fabs(y[j]))))
            return 0;
    return 1;
}

/* An ORF_UNIT_MEMO unit whose parameters are those of its last compute in this solve and whose
 * inlets agree with that compute's to MEMO_RTOL (a recycle re-solved upstream moves them by a
 * few ulps): its outlets and results back as that compute left them (a tear update may have
 * moved an outlet since). The memos are cleared when a solve starts, so that an answer depends
 * on the solve's own history only (Monte Carlo workers solve samples in any order). 1 when
 * restored. */
static int memo_restore(orf_flowsheet *fs, size_t ui)
{
    orf_unit *u = &fs->units[ui];
    orf__memo *m = &fs->memo[ui];
    size_t nv = fs->sys.nvar;
    if (!(u->type->flags & ORF_UNIT_MEMO) || !m->valid ||
        memcmp(m->p, u->p, u->type->nparams * sizeof(double)))
        return 0;
    for (size_t k = 0; k < u->nin; k++)
        if (!near_equal(m->in + k * nv, fs->uin[ui][k]->x, nv))
            return 0;
    for (size_t k = 0; k < u->nout; k++)
        memcpy(fs->uout[ui][k]->x, m->out + k * nv, nv * sizeof(double));
    memcpy(u->r, m->r, u->type->nresults * sizeof(double));
    fs->memo_hits++;
    return 1;
}

static void memo_store(orf_flowsheet *fs, size_t ui)
{
    orf_unit *u = &fs->units[ui];
    orf__memo *m = &fs->memo[ui];
    size_t nv = fs->sys.nvar;
    if (!(u->type->flags & ORF_UNIT_MEMO))
        return;
    memcpy(m->p, u->p, u->type->nparams * sizeof(double));
    for (size_t k = 0; k < u->nin; k++)
        memcpy(m->in + k * nv, fs->uin[ui][k]->x, nv * sizeof(double));
    for (size_t k = 0; k < u->nout; k++)
        memcpy(m->out + k * nv, fs->uout[ui][k]->x, nv * sizeof(double));
    memcpy(m->r, u->r, u->type->nresults * sizeof(double));
    m->valid = 1;
}

static orf_status eval_unit(orf_flowsheet *fs, size_t ui)
{
    orf_unit *u = &fs->units[ui];
    if (fs->ctx->stop && *fs->ctx->stop) /* orf_ctx_set_stop: a cancel or a caller's time limit */
        return orf_diag_emit(fs->ctx, ORF_E_STOPPED, &u->loc, u->name,
                             "solve stopped by request (before unit '%s')", u->name);
    if (memo_restore(fs, ui))
        return ORF_OK;
    fs->memo[ui].valid = 0;
    fs->unit_evals++;
    int rc = u->type->compute(u, fs->uin[ui], fs->uout[ui]);
    if (rc < 0)
        return orf_diag_emit(fs->ctx, ORF_E_NUMERIC, &u->loc, u->name,
                             "unit '%s' (%s) failed to compute (code %d)", u->name, u->type->name,
                             rc);
    if (rc > 0)
        orf_diag_warn(fs->ctx, &u->loc, u->name, "unit '%s' reported trouble (code %d)", u->name,
                      rc);
    /* guard: NaN in an outlet is never a silent answer */
    for (size_t k = 0; k < u->nout; k++) {
        const orf_stream *o = fs->uout[ui][k];
        if (all_finite(o->x, fs->sys.nvar))
            continue;
        for (size_t j = 0; j < fs->sys.nvar; j++)
            if (!isfinite(o->x[j]))
                return orf_diag_emit(fs->ctx, ORF_E_NUMERIC, &u->loc, u->name,
                                     "unit '%s' (%s) produced a non-finite value in stream '%s'",
                                     u->name, u->type->name, o->name);
    }
    if (rc == 0)
        memo_store(fs, ui);
    return ORF_OK;
}

static double tear_residual(const orf_system *y, const double *x, const double *g,
                            const double *ext_m)
{
    size_t per = y->ns * y->nc, nflow = y->npart + y->nm;
    double tot = 0;
    for (size_t j = 0; j < nflow; j++)
        tot += fabs(g[j]);
    double fl = 1e-12 * tot > 1e-300 ? 1e-12 * tot : 1e-300, r = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double d = fabs(g[y->npart + m] - x[y->npart + m]), t = fabs(g[y->npart + m]);
        size_t k0 = y->pslot[m] >= 0 ? (size_t)y->pslot[m] * per : 0, k1 = k0;
        if (y->pslot[m] >= 0)
            k1 = k0 + per;
        for (size_t k = k0; k < k1; k++) {
            d += fabs(g[k] - x[k]);
            t += fabs(g[k]);
        }
        double den = ext_m[m] > 0 && ext_m[m] < t ? ext_m[m] : t;
        double rm = d / (den > fl ? den : fl);
        if (rm > r)
            r = rm;
    }
    double tx = x[nflow], tg = g[nflow];
    double rt = fabs(tg - tx) / (fabs(tg) + 273.15);
    return r > rt ? r : rt;
}

/* A loop that did not converge because its circulating load grows without bound: a tear whose
 * flow grew at each of the last iterations to more than ten times the loop's feed. Names the
 * material that piles up most against its feed: the loop has no exit for it. The loop's tears are
 * tl[0..nt) (indices into fs->tears), or with tl NULL tear_first .. tear_first + nt; per tear its
 * last total flow and growth count are in the workspace after x_prev, g_prev and the feed. */
static void runaway_warn(orf_flowsheet *fs, size_t nt, const size_t *tl, size_t tear_first,
                         const double *ext_m)
{
    const orf_system *y = &fs->sys;
    const double *last = fs->wk + 3 * fs->ntears * y->nvar;
    double feed = 0;
    for (size_t m = 0; m < y->nm; m++)
        feed += ext_m[m];
    int window = fs->opts.max_iter < 20 ? fs->opts.max_iter : 20;
    for (size_t k = 0; k < nt; k++) {
        size_t ti = tl ? tl[k] : tear_first + k;
        const double *last_tot = last + 2 * ti;
        const orf_stream *t = &fs->shadow[ti];
        if (last_tot[1] < window || !(last_tot[0] > 10 * feed))
            continue;
        size_t worst = 0;
        double ratio = -1;
        for (size_t m = 0; m < y->nm; m++) {
            double r = orf_stream_material_tph(t, m) / (ext_m[m] > 1e-12 ? ext_m[m] : 1e-12);
            if (r > ratio) {
                ratio = r;
                worst = m;
            }
        }
        const char *name = fs->streams[fs->tears[ti]].name;
        orf_diag_warn(fs->ctx, &fs->stream_loc[fs->tears[ti]], name,
                      "circulating load grew to %.6g t/h through '%s' (feed %.6g t/h) and was "
                      "still growing at the last iteration, mostly %s (%.4g t/h): the loop has no "
                      "exit for that material or size",
                      last_tot[0], name, feed, y->mat[worst]->name,
                      orf_stream_material_tph(t, worst));
    }
}

/* The next value of tear ti from x (the tear stream) and g (its shadow, g(x)): successive
 * substitution, or Wegstein's bounded step per variable from the third iteration on with the
 * previous x and g in xp and gp (which take the current ones). Flows are never negative: a step
 * below zero is clipped to zero. */
static void tear_update(orf_flowsheet *fs, size_t ti, double *xp, double *gp, int it)
{
    const orf_system *y = &fs->sys;
    const orf_solver_opts *o = &fs->opts;
    size_t nv = y->nvar;
    double *x = fs->streams[fs->tears[ti]].x;
    const double *g = fs->shadow[ti].x;
    for (size_t j = 0; j < nv; j++) {
        double xn = g[j];
        if (o->accel != ORF_ACCEL_NONE && it > 2) {
            double dx = x[j] - xp[j];
            double scale = fabs(x[j]) + fabs(xp[j]);
            if (fabs(dx) > 1e-14 * scale && scale > 0) {
                double s = (g[j] - gp[j]) / dx;
                double q = s / (s - 1.0);
                if (!isfinite(q))
                    q = 0;
                q = q < o->q_min ? o->q_min : q > o->q_max ? o->q_max : q;
                xn = q * x[j] + (1.0 - q) * g[j];
            }
        }
        if (j < y->npart + y->nm && xn < 0)
            xn = 0;
        xp[j] = x[j];
        gp[j] = g[j];
        x[j] = xn;
    }
}

static orf_status solve_loop(orf_flowsheet *fs, size_t li, double tol_l, double *achieved,
                             orf_solve_info *info);

/* sequencing auto: a block of more loops than this is iterated nested. The nested sequencing pays
 * on long chains of loops (bench_solver: 3.5x fewer evaluations at 1,004 units, its blocks of
 * 84 loops); on the examples' blocks of 1-4 loops it costs up to 2.5x flat's (docs/models.md). */
#define NEST_AUTO_LOOPS 8

/* method auto: the loop's Anderson phase gives way to Wegstein's steps for the rest of the solve
 * when none of its first GIVE_BACK_ITERS iterations has brought the residual r below r_on, the one
 * it started from, and that was above GIVE_BACK_RES (the tears create or destroy half the loop's
 * feed of a material or more: no steady state in sight) (a loop with no steady state, whose
 * circulating load grows without bound: Wegstein's steps let it grow, so that runaway_warn names
 * it). *n_on counts the phase's iterations, and *r_on is set at its first. 1 when given back. */
#define GIVE_BACK_ITERS 10
#define GIVE_BACK_RES 0.5
static int give_back(const orf_flowsheet *fs, orf__accel *A, int *n_on, double *r_on, double r)
{
    if (*r_on == HUGE_VAL) {
        *r_on = r;
        *n_on = 0;
        return 0;
    }
    if (r < *r_on)
        *n_on = -1; /* it has gained: it stays */
    if (fs->opts.accel != ORF_ACCEL_AUTO || *n_on < 0 || !(*r_on > GIVE_BACK_RES) ||
        ++*n_on < GIVE_BACK_ITERS)
        return 0;
    A->on = 0;
    A->off = 1;
    return 1;
}

/* method auto: 1 when Wegstein's steps have stalled on a loop — from its fourth iteration, the
 * residual r did not fall below STALL_DROP of r2, the residual two iterations before (a rate
 * slower than √STALL_DROP ≈ 0.3 per iteration): its tear variables are coupled (tear_accel.c) */
#define STALL_DROP 0.1
static int stalled(int it, double r, double r2)
{
    return it >= 4 && !(r < STALL_DROP * r2);
}

/* A unit failed (a Gibbs minimiser that did not converge, say) in the sweep after a multisecant
 * step, which extrapolates: the tears of the set tl[0..nt) (NULL: tear_first .. + nt) go back to
 * g of the last iterate, a state the units produced themselves (a plain substitution step), the
 * diagnostics of the failed sweep are dropped, and the loop goes on with Wegstein's steps for the
 * rest of this solve. 1 when done so; 0 for a failure it cannot undo (out of memory). */
static int accel_retreat(orf_flowsheet *fs, orf__accel *A, const orf__ctx_mark *m, orf_status st,
                         size_t nt, const size_t *tl, size_t tear_first)
{
    if (st != ORF_E_NUMERIC || fs->ctx->noom != m->noom)
        return 0;
    orf__ctx_rollback(fs->ctx, m);
    size_t nv = fs->sys.nvar;
    for (size_t q = 0; q < nt; q++) {
        size_t ti = tl ? tl[q] : tear_first + q;
        memcpy(fs->streams[fs->tears[ti]].x, fs->wk + (fs->ntears + ti) * nv, nv * sizeof(double));
    }
    A->n = 0;
    A->head = -1;
    A->on = 0;
    A->restarts++;
    return 1;
}

static orf_status solve_block(orf_flowsheet *fs, orf__block *b, orf_solve_info *info)
{
    if (b->is_loop && b->loop >= 0 &&
        (fs->opts.sequencing == ORF_SEQ_NESTED ||
         (fs->opts.sequencing == ORF_SEQ_AUTO && fs->loops[b->loop].nsub > NEST_AUTO_LOOPS))) {
        orf__loop *root = &fs->loops[b->loop];
        for (size_t l = 0; l < root->nsub; l++)
            root[l].it = 0;
        double achieved = 0;
        return solve_loop(fs, (size_t)b->loop, fs->tol_now, &achieved, info);
    }
    if (!b->is_loop) {
        for (size_t j = 0; j < b->n; j++) {
            orf_status st = eval_unit(fs, fs->order[b->first + j]);
            if (st)
                return st;
        }
        return ORF_OK;
    }
    const orf_system *y = &fs->sys;
    size_t nv = y->nvar, nt = b->ntear;
    const orf_solver_opts *o = &fs->opts;
    /* external feed of the block per material: streams entering it from upstream blocks (fixed
     * meanwhile), kept in the third workspace segment */
    double *ext_m = fs->wk + 2 * fs->ntears * nv;
    memset(ext_m, 0, y->nm * sizeof *ext_m);
    int bi = fs->unit_block[fs->order[b->first]];
    for (size_t j = 0; j < b->n; j++) {
        const orf_unit *u = &fs->units[fs->order[b->first + j]];
        for (size_t k = 0; k < u->nin; k++) {
            int src = fs->src_unit[u->in[k]];
            if (src < 0 || fs->unit_block[src] != bi)
                for (size_t m = 0; m < y->nm; m++)
                    ext_m[m] += orf_stream_material_tph(&fs->streams[u->in[k]], m);
        }
    }
    /* per tear: its total flow at the last iteration and how many iterations in a row it grew */
    double *last_tot = fs->wk + 3 * fs->ntears * nv + 2 * b->tear_first;
    for (size_t k = 0; k < nt; k++)
        last_tot[2 * k] = last_tot[2 * k + 1] = 0;
    orf__accel *A = &fs->accel[b->acc];
    int aa_k = A->on; /* iteration of the multisecant step in this solve, 0: Wegstein's */
    int n_on = 0;
    double r_on = HUGE_VAL;
    double r1 = HUGE_VAL, r2 = HUGE_VAL; /* the residuals of the last two iterations */
    for (int it = 1; it <= o->max_iter; it++) {
        info->iterations++;
        orf__ctx_mark mark = orf__ctx_mark_get(fs->ctx);
        orf_status st = ORF_OK;
        for (size_t j = 0; j < b->n && !st; j++)
            st = eval_unit(fs, fs->order[b->first + j]);
        if (st && aa_k > 1 && accel_retreat(fs, A, &mark, st, nt, NULL, b->tear_first)) {
            aa_k = 0;
            continue;
        }
        if (st)
            return st;
        double worst = 0;
        for (size_t k = 0; k < nt; k++) {
            size_t ti = b->tear_first + k;
            double *x = fs->streams[fs->tears[ti]].x;
            const double *g = fs->shadow[ti].x;
            double r = tear_residual(y, x, g, ext_m);
            fs->tear_info[ti].residual = r;
            double tot = orf_stream_total_tph(&fs->shadow[ti]);
            last_tot[2 * k + 1] = tot > last_tot[2 * k] ? last_tot[2 * k + 1] + 1 : 0;
            last_tot[2 * k] = tot;
            if (r > worst)
                worst = r;
        }
        if (worst < fs->tol_now) {
            /* the tear keeps x (what its consumers saw); g(x) differs from it by < tol (a design
             * spec's trial at a looser tolerance is not the answer: not counted) */
            fs->inexact |= !(worst < o->tol);
            if (fs->tol_now == o->tol && worst > info->max_residual)
                info->max_residual = worst;
            return ORF_OK;
        }
        if (aa_k && give_back(fs, A, &n_on, &r_on, worst))
            aa_k = 0;
        else if (!aa_k && o->accel == ORF_ACCEL_AUTO && !A->off && stalled(it, worst, r2)) {
            aa_k = 2; /* the last iteration's x and g make the first pair */
            A->on = 1;
            r_on = worst;
            n_on = 0;
        }
        r2 = r1;
        r1 = worst;
        if (aa_k)
            orf__accel_step(fs, A, nt, NULL, b->tear_first, ext_m, aa_k++, it > 2);
        else
            for (size_t k = 0; k < nt; k++) {
                size_t ti = b->tear_first + k;
                tear_update(fs, ti, fs->wk + ti * nv, fs->wk + (fs->ntears + ti) * nv, it);
            }
    }
    /* not converged: name each tear and its residual */
    double worst = 0;
    for (size_t k = 0; k < nt; k++) {
        size_t ti = b->tear_first + k;
        orf_diag_emit(fs->ctx, ORF_E_NOT_CONVERGED, NULL, fs->streams[fs->tears[ti]].name,
                      "recycle through tear stream '%s' did not converge in %d iteration%s: "
                      "relative residual %.3g (tolerance %.3g)",
                      fs->streams[fs->tears[ti]].name, o->max_iter, o->max_iter == 1 ? "" : "s",
                      fs->tear_info[ti].residual, fs->tol_now);
        if (fs->tear_info[ti].residual > worst)
            worst = fs->tear_info[ti].residual;
    }
    if (worst > info->max_residual)
        info->max_residual = worst;
    runaway_warn(fs, nt, NULL, b->tear_first, ext_m);
    return ORF_E_NOT_CONVERGED;
}

/* The residuals of tears tl[0..nt) (indices into fs->tears) against the loop's external feed
 * ext_m, with each tear's growth count (runaway_warn); the largest. */
static double tears_residual(orf_flowsheet *fs, size_t nt, const size_t *tl, const double *ext_m)
{
    double *last = fs->wk + 3 * fs->ntears * fs->sys.nvar, worst = 0;
    for (size_t k = 0; k < nt; k++) {
        size_t ti = tl[k];
        double r = tear_residual(&fs->sys, fs->streams[fs->tears[ti]].x, fs->shadow[ti].x, ext_m);
        fs->tear_info[ti].residual = r;
        double tot = orf_stream_total_tph(&fs->shadow[ti]), *lt = last + 2 * ti;
        lt[1] = tot > lt[0] ? lt[1] + 1 : 0;
        lt[0] = tot;
        if (r > worst)
            worst = r;
    }
    return worst;
}

/* Nested sequencing (plan_nest.c): iterate loop li on its own tears until their residuals and
 * those the loops inside it reached are below tol_l; in each iteration evaluate its units in
 * order and converge each loop nested in it, when its turn comes (the recursion is at most
 * MAX_DEPTH deep). An inner loop is converged only as far as the loop around it needs for now:
 * to NEST_KAPPA times that loop's last residual, never looser than NEST_TOL_MAX nor tighter than
 * the outer loop's own tolerance (an inexact inner solve, as in inexact Newton methods: Dembo,
 * Eisenstat & Steihaug 1982, SIAM J. Numer. Anal. 19(2) 400) — so early iterations cost about a
 * flat sweep, and the last ones converge every loop to the solver's tol. A loop that stops at a
 * looser tolerance than the solver's still takes its Wegstein step, whose history (L->it) runs
 * over the whole solve of the block, as in a flat sweep. The outermost loop is accepted only when
 * every tear inside it is below tol. Same convergence test and step as solve_block; the external
 * feed of an inner loop includes what the loop around it sends in, so it is summed at each call.
 * *achieved: the largest residual of the last iteration. Allocates nothing. */
#define NEST_KAPPA 0.1
#define NEST_TOL_MAX 0.1
static orf_status solve_loop(orf_flowsheet *fs, size_t li, double tol_l, double *achieved,
                             orf_solve_info *info)
{
    orf__loop *L = &fs->loops[li];
    const orf_system *y = &fs->sys;
    const orf_solver_opts *o = &fs->opts;
    size_t nv = y->nvar, end = L->first + L->n;
    const size_t *tl = fs->ltears + L->tfirst;
    double *ext_m = fs->lext + li * y->nm;
    memset(ext_m, 0, y->nm * sizeof *ext_m);
    for (size_t j = L->first; j < end; j++) {
        const orf_unit *u = &fs->units[fs->norder[j]];
        for (size_t k = 0; k < u->nin; k++) {
            int src = fs->src_unit[u->in[k]];
            if (src < 0 || fs->npos[src] < L->first || fs->npos[src] >= end)
                for (size_t m = 0; m < y->nm; m++)
                    ext_m[m] += orf_stream_material_tph(&fs->streams[u->in[k]], m);
        }
    }
    double *last = fs->wk + 3 * fs->ntears * nv;
    for (size_t k = 0; k < L->nt; k++)
        last[2 * tl[k]] = last[2 * tl[k] + 1] = 0;
    double r_prev = 1.0; /* the first iteration converges the inner loops to NEST_TOL_MAX */
    orf__accel *A = &fs->accel[fs->naccb + li];
    int aa_k = A->on, n_on = 0;
    double r2 = HUGE_VAL, r_on = HUGE_VAL;
    for (int it = 1; it <= o->max_iter; it++) {
        info->iterations++;
        double tol_c = NEST_KAPPA * r_prev, inner = 0;
        tol_c = tol_c > NEST_TOL_MAX ? NEST_TOL_MAX : tol_c < tol_l ? tol_l : tol_c;
        size_t c = L->cfirst, cend = L->cfirst + L->nc;
        orf__ctx_mark mark = orf__ctx_mark_get(fs->ctx);
        int retreat = 0;
        for (size_t j = L->first; j < end;) {
            orf_status st;
            if (c < cend && fs->loops[c].first == j) {
                double a = 0;
                st = solve_loop(fs, c, tol_c, &a, info);
                inner = a > inner ? a : inner;
                j += fs->loops[c++].n;
            } else
                st = eval_unit(fs, fs->norder[j++]);
            if (st && aa_k > 1 && accel_retreat(fs, A, &mark, st, L->nt, tl, 0)) {
                retreat = 1;
                break;
            }
            if (st)
                return st;
        }
        if (retreat) {
            aa_k = 0;
            continue;
        }
        double worst = tears_residual(fs, L->nt, tl, ext_m);
        double all = worst > inner ? worst : inner;
        int done = all < tol_l;
        if (done && all < fs->tol_now) {
            /* the tears keep x (what their consumers saw); g(x) differs from it by < tol */
            *achieved = all;
            fs->inexact |= !(all < o->tol);
            if (fs->tol_now == o->tol && all > info->max_residual)
                info->max_residual = all;
            return ORF_OK;
        }
        L->it++;
        /* a loop with loops inside converges as fast as their inexact solves let it, Wegstein's
         * steps or not: only innermost loops switch */
        if (aa_k && give_back(fs, A, &n_on, &r_on, worst))
            aa_k = 0;
        else if (!aa_k && o->accel == ORF_ACCEL_AUTO && !A->off && L->nc == 0 &&
                 stalled(it, worst, r2)) {
            aa_k = 2;
            A->on = 1;
            r_on = worst;
            n_on = 0;
        }
        r2 = r_prev;
        if (aa_k)
            orf__accel_step(fs, A, L->nt, tl, 0, ext_m, aa_k++, L->it > 2);
        else
            for (size_t k = 0; k < L->nt; k++)
                tear_update(fs, tl[k], fs->wk + tl[k] * nv, fs->wk + (fs->ntears + tl[k]) * nv,
                            L->it);
        if (done) {
            *achieved = all;
            return ORF_OK;
        }
        r_prev = worst;
    }
    double worst = 0;
    for (size_t k = 0; k < L->nt; k++) {
        size_t ti = tl[k];
        orf_diag_emit(fs->ctx, ORF_E_NOT_CONVERGED, NULL, fs->streams[fs->tears[ti]].name,
                      "recycle through tear stream '%s' did not converge in %d iteration%s: "
                      "relative residual %.3g (tolerance %.3g)",
                      fs->streams[fs->tears[ti]].name, o->max_iter, o->max_iter == 1 ? "" : "s",
                      fs->tear_info[ti].residual, tol_l);
        if (fs->tear_info[ti].residual > worst)
            worst = fs->tear_info[ti].residual;
    }
    if (worst > info->max_residual)
        info->max_residual = worst;
    runaway_warn(fs, L->nt, tl, 0, ext_m);
    return ORF_E_NOT_CONVERGED;
}

/* Solve the blocks in order; with a mask, only those it marks, and with skip not those it marks
 * (the others keep their streams). */
orf_status orf__solve_blocks(orf_flowsheet *fs, orf_solve_info *info, const unsigned char *mask,
                             const unsigned char *skip)
{
    for (size_t bi = 0; bi < fs->nblocks; bi++) {
        if ((mask && !mask[bi]) || (skip && skip[bi]))
            continue;
        orf_status st = solve_block(fs, &fs->blocks[bi], info);
        if (st)
            return st;
    }
    return ORF_OK;
}

/* The first solve leaves out what the first design spec solves once its root is found anyway (see
 * orf__spec_deferred). */
static orf_status solve_once(orf_flowsheet *fs, orf_solve_info *info)
{
    return orf__solve_blocks(fs, info, NULL, orf__spec_deferred(fs, 0));
}

/* Inputs that are valid but outside the range a model was built for, warned once per flowsheet
 * after its first solve. Flotation (family "flotation"): bubbles lift particles of roughly
 * 10-150 µm; above about 300 µm they detach and recovery collapses (King 2001, Modeling and
 * Simulation of Mineral Processing Systems, ch. 8; Wills & Finch 2016, Mineral Processing
 * Technology, 8th ed., ch. 12), which the kinetic model does not know. */
#define FLOTATION_MAX_P80_UM 300.0
static void envelope_warn(orf_flowsheet *fs)
{
    if (fs->envelope_warned)
        return;
    fs->envelope_warned = 1;
    for (size_t i = 0; i < fs->nunits; i++) {
        const orf_unit *u = &fs->units[i];
        if (!u->type->family || strcmp(u->type->family, "flotation") || !u->nin)
            continue;
        double p80 = nan("");
        for (size_t k = 0; k < u->nin; k++) {
            double v = orf_stream_pxx_um(fs->uin[i][k], 80);
            if (orf_stream_solids_tph(fs->uin[i][k]) > 0 && isfinite(v) && !(v <= p80))
                p80 = v;
        }
        if (isfinite(p80) && p80 > FLOTATION_MAX_P80_UM)
            orf_diag_warn(
                fs->ctx, &u->loc, u->name,
                "unit '%s' (%s) is fed at a P80 of %.0f µm: flotation floats particles "
                "of about 10-150 µm, and coarse ones above ~%.0f µm drop off the bubbles: "
                "the results lie outside the model's range (grind finer before it, or check the "
                "feed's psd)",
                u->name, u->type->name, p80, FLOTATION_MAX_P80_UM);
    }
}

/* 1 when the spec's target quantity is within its tolerance of the target in the current state */
static int spec_holds(orf_flowsheet *fs, const orf__spec *sp)
{
    double tol = 1e-6 * (fabs(sp->info.target) > 1e-12 ? fabs(sp->info.target) : 1.0);
    double r = orf__spec_value(fs, sp) - sp->info.target;
    if (!sp->info.bound)
        return fabs(r) <= tol;
    /* a limit: satisfied, and the parameter at its preferred end or the limit binding */
    double end = sp->prefer_max ? sp->hi : sp->lo;
    return r * sp->info.bound <= tol && (*sp->param == end || fabs(r) <= tol);
}

orf_status orf_flowsheet_solve(orf_flowsheet *fs, orf_solve_info *info)
{
    orf_solve_info local;
    if (!info)
        info = &local;
    memset(info, 0, sizeof *info);
    fs->unit_evals = 0;
    fs->memo_hits = 0;
    fs->tol_now = fs->opts.tol;
    for (size_t i = 0; i < fs->nunits; i++)
        fs->memo[i].valid = 0;
    /* the accelerator's histories, kept over the re-solves of a block within this solve (design
     * specs), start empty: the answer depends on this solve only */
    for (size_t i = 0; i < fs->naccb + fs->nloops; i++) {
        fs->accel[i].n = 0;
        fs->accel[i].head = -1;
        fs->accel[i].on = fs->opts.accel == ORF_ACCEL_ANDERSON;
        fs->accel[i].off = 0;
    }
    for (size_t i = 0; i < fs->nspecs; i++) {
        orf_spec_info *si = &fs->specs[i].info;
        si->status = ORF_SPEC_NOT_EVALUATED;
        si->value = *fs->specs[i].param;
        si->achieved = nan("");
        si->iterations = 0;
    }
    orf_status st = solve_once(fs, info);
    for (size_t pass = 0; !st && fs->nspecs && pass < 50; pass++) {
        for (size_t i = 0; i < fs->nspecs && !st; i++) {
            orf__spec *sp = &fs->specs[i];
            sp->info.iterations = 0;
            if (sp->enabled == 0.0) /* switched off: its parameter keeps its value */
                continue;
            st = orf__spec_solve(fs, sp, info);
            if (st == ORF_E_SPEC) { /* the passes stop: what the next spec was to solve at its
                                       root (orf__spec_deferred) is solved now */
                const unsigned char *d = orf__spec_deferred(fs, i + 1);
                orf_status s2 = d ? orf__solve_blocks(fs, info, d, NULL) : ORF_OK;
                if (s2)
                    st = s2;
            }
            sp->info.status = !st                ? ORF_SPEC_MET
                              : st == ORF_E_SPEC ? ORF_SPEC_NOT_MET
                                                 : sp->info.status;
        }
        if (st)
            break;
        int all = 1;
        for (size_t i = 0; i < fs->nspecs; i++)
            if (fs->specs[i].enabled != 0.0 && !spec_holds(fs, &fs->specs[i]))
                all = 0;
        if (all)
            break;
        if (pass == 49)
            st = orf_diag_emit(fs->ctx, ORF_E_SPEC, NULL, NULL,
                               "the design specs could not be met together in 50 passes");
    }
    /* a spec is met when it holds in the final state (a later spec, or the failure of one that
     * left the flowsheet at the file's parameter, may have moved its target) */
    info->specs_met = 1;
    for (size_t i = 0; i < fs->nspecs; i++) {
        orf__spec *sp = &fs->specs[i];
        if (sp->enabled == 0.0) {
            sp->info.status = ORF_SPEC_OFF;
            continue;
        }
        if (sp->info.status != ORF_SPEC_MET)
            ;
        else if (st && st != ORF_E_SPEC)
            sp->info.status = ORF_SPEC_NOT_EVALUATED; /* a loop failed after it */
        else {
            sp->info.value = *sp->param;
            sp->info.achieved = orf__spec_value(fs, sp);
            if (!spec_holds(fs, sp))
                sp->info.status = ORF_SPEC_NOT_MET;
        }
        if (sp->info.status != ORF_SPEC_MET)
            info->specs_met = 0;
    }
    /* converged: the recycle loops converged (a design spec that cannot be met is reported by
     * the status and specs_met, not as non-convergence) */
    info->converged = st == ORF_OK || st == ORF_E_SPEC;
    if (info->converged)
        envelope_warn(fs);
    info->unit_evals = fs->unit_evals;
    info->ntears = fs->ntears;
    info->tears = fs->tear_info;
    return st;
}
