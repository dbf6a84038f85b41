/* Multisecant acceleration of the tear streams of a recycle loop (solver: {method: anderson}).
 *
 * The tear streams x of a loop (all of its tears as one vector) are a fixed point of the sweep
 * x = g(x); f(x) = g(x) − x is the residual. Newton's step −J⁻¹f needs the Jacobian of f; the
 * bounded Wegstein method (Wegstein 1958, Comm. ACM 1(6) 9) estimates only its diagonal, by a
 * secant per variable, and steps x + P·f with P_j = 1 − q_j = 1/(1 − s_j) ∈ [1 − q_max, 1 − q_min].
 * That is Newton's method where the units act on each variable separately (a separator's recovery
 * per material, size and composition class), but a loop whose variables are coupled — a spiral or
 * a table whose partition moves with its load (src/units/capacity_model.c), so that every
 * particle's split depends on the whole recycle — makes each variable's secant see the others'
 * moves, and Wegstein's steps zigzag.
 *
 * Here the inverse Jacobian H ≈ J⁻¹ starts from Wegstein's diagonal, H₀ = −P, and is corrected so
 * that it maps the last m (≤ ORF_ACCEL_DEPTH) changes of f onto the changes of x that caused them
 * (ΔF, ΔX: the multisecant "type II" Broyden update, Broyden 1965, Math. Comp. 19, 577–593;
 * Eyert 1996, J. Comput. Phys. 124, 271–285; Fang & Saad 2009, Numer. Linear Algebra Appl. 16,
 * 197–221), H = H₀ + (ΔX − H₀ΔF)(ΔFᵀWΔF)⁻¹ΔFᵀW, which is Anderson's mixing (Anderson 1965,
 * J. ACM 12(4) 547–560; Walker & Ni 2011, SIAM J. Numer. Anal. 49(4) 1715–1735) with the
 * Wegstein step as its mixing:
 *     γ = argmin ‖W^½(f − ΔF·γ)‖₂,   x⁺ = x + P·f − (ΔX + P·ΔF)·γ.
 * Where the loop is linear and decoupled, P·ΔF = −ΔX and the correction vanishes: the step is
 * Wegstein's. W weighs each material's flows by the inverse of the loop's external feed of it
 * (the convergence test's scale, solver.c) and the temperature by 1/(300 K).
 *
 * Safeguards (Walker & Ni 2011 §5; the restart of Fang & Saad 2009 §6): a step whose residual
 * ‖W^½ f‖ is not below the last one drops the history and takes Wegstein's step instead; a
 * stored ΔF nearly in the span of newer ones is left out of the least-squares solve (a small pivot
 * in the Cholesky factor of the m × m normal matrix, ordered newest first); a non-finite γ falls
 * back on Wegstein's step. Flows are never negative (clipped to zero). The history lives in the
 * workspace planned at load (ORF_ACCEL_DEPTH pairs of ΔX, ΔF per tear): nothing is allocated. */
#include "flowsheet_impl.h"

#include <math.h>
#include <string.h>

#define TEMP_SCALE_K 300.0  /* a change of 1 K weighs as much as a 1/300 relative flow change */
#define PIVOT_RTOL 1e-10    /* a ΔF whose part outside the newer ones' span is < 1e-5 of it */
#define RESTART_GROWTH 10.0 /* a step that multiplies the residual by more drops the history */

static double *hist_dx(const orf_flowsheet *fs, int slot, size_t ti)
{
    return fs->hist + ((size_t)slot * fs->ntears + ti) * fs->sys.nvar;
}

static double *hist_df(const orf_flowsheet *fs, int slot, size_t ti)
{
    return fs->hist + ((size_t)(ORF_ACCEL_DEPTH + slot) * fs->ntears + ti) * fs->sys.nvar;
}

/* The squared weight of every variable of a stream, from the loop's external feed per material. */
static void weights(orf_flowsheet *fs, const double *ext_m, double *w2)
{
    const orf_system *y = &fs->sys;
    size_t per = y->ns * y->nc;
    double tot = 0;
    for (size_t m = 0; m < y->nm; m++)
        tot += ext_m[m];
    double fl = tot > 0 ? 1e-12 * tot : 1.0;
    for (size_t m = 0; m < y->nm; m++) {
        double d = ext_m[m] > fl ? ext_m[m] : fl, w = 1.0 / (d * d);
        w2[y->npart + m] = w;
        if (y->pslot[m] >= 0)
            for (size_t k = (size_t)y->pslot[m] * per, k1 = k + per; k < k1; k++)
                w2[k] = w;
    }
    w2[y->npart + y->nm] = 1.0 / (TEMP_SCALE_K * TEMP_SCALE_K);
}

/* Solve (G restricted to the usable columns) γ = b by Cholesky, columns in the order ord[0..n)
 * (newest first); a column whose pivot is below PIVOT_RTOL of its diagonal is left out (γ = 0). */
static void small_solve(const double *G, const double *b, const int *ord, int n, double *gamma)
{
    double L[ORF_ACCEL_DEPTH][ORF_ACCEL_DEPTH], z[ORF_ACCEL_DEPTH];
    int use[ORF_ACCEL_DEPTH];
    for (int i = 0; i < n; i++) {
        int oi = ord[i];
        use[i] = 0;
        gamma[oi] = 0;
        double d = G[oi * ORF_ACCEL_DEPTH + oi];
        for (int j = 0; j < i; j++) {
            L[i][j] = 0;
            if (!use[j])
                continue;
            double s = G[oi * ORF_ACCEL_DEPTH + ord[j]];
            for (int k = 0; k < j; k++)
                s -= L[i][k] * L[j][k];
            L[i][j] = s / L[j][j];
            d -= L[i][j] * L[i][j];
        }
        if (!(d > PIVOT_RTOL * G[oi * ORF_ACCEL_DEPTH + oi]) || !isfinite(d))
            continue;
        use[i] = 1;
        L[i][i] = sqrt(d);
    }
    for (int i = 0; i < n; i++) {
        z[i] = 0;
        if (!use[i])
            continue;
        double s = b[ord[i]];
        for (int k = 0; k < i; k++)
            s -= L[i][k] * z[k];
        z[i] = s / L[i][i];
    }
    for (int i = n - 1; i >= 0; i--) {
        if (!use[i])
            continue;
        double s = z[i];
        for (int k = i + 1; k < n; k++)
            if (use[k])
                s -= L[k][i] * gamma[ord[k]];
        gamma[ord[i]] = s / L[i][i];
    }
}

/* The Gram matrix of the stored ΔF under the weights w2 (a re-solve of the loop keeps its history:
 * its feed, hence the weights, may have moved). */
static void regram(orf_flowsheet *fs, orf__accel *A, size_t nt, const size_t *tl, size_t tear_first,
                   const double *w2)
{
    size_t nv = fs->sys.nvar;
    int ord[ORF_ACCEL_DEPTH];
    for (int i = 0; i < A->n; i++)
        ord[i] = (A->head - i + ORF_ACCEL_DEPTH) % ORF_ACCEL_DEPTH;
    for (int i = 0; i < A->n; i++)
        for (int j = 0; j <= i; j++) {
            double s = 0;
            for (size_t q = 0; q < nt; q++) {
                size_t ti = tl ? tl[q] : tear_first + q;
                const double *a = hist_df(fs, ord[i], ti), *b = hist_df(fs, ord[j], ti);
                for (size_t v = 0; v < nv; v++)
                    s += w2[v] * a[v] * b[v];
            }
            A->gram[ord[i] * ORF_ACCEL_DEPTH + ord[j]] = s;
            A->gram[ord[j] * ORF_ACCEL_DEPTH + ord[i]] = s;
        }
}

void orf__accel_step(orf_flowsheet *fs, orf__accel *A, size_t nt, const size_t *tl,
                     size_t tear_first, const double *ext_m, int k, int wegstein)
{
    const orf_system *y = &fs->sys;
    const orf_solver_opts *o = &fs->opts;
    size_t nv = y->nvar, nflow = y->npart + y->nm, T = fs->ntears;
    double *w2 = fs->accel_w;
    weights(fs, ext_m, w2);
    if (k <= 1 && A->n > 0)
        regram(fs, A, nt, tl, tear_first, w2);
    /* pass 1 (from the second iteration): the newest pair ΔX = x − x_prev, ΔF = f − f_prev into
     * the next slot, its products with the stored ΔF; ‖f‖² and ΔFᵢ·f for every pair */
    int slot = A->head + 1 < ORF_ACCEL_DEPTH ? A->head + 1 : 0;
    double gnew[ORF_ACCEL_DEPTH] = {0}, rhs[ORF_ACCEL_DEPTH] = {0}, ff = 0, nf = 0;
    int pair = k > 1;
    for (size_t q = 0; q < nt; q++) {
        size_t ti = tl ? tl[q] : tear_first + q;
        const double *x = fs->streams[fs->tears[ti]].x, *g = fs->shadow[ti].x;
        const double *xp = fs->wk + ti * nv, *gp = fs->wk + (T + ti) * nv;
        double *dx = hist_dx(fs, slot, ti), *df = hist_df(fs, slot, ti);
        for (size_t j = 0; j < nv; j++) {
            double f = g[j] - x[j];
            ff += w2[j] * f * f;
            if (!pair)
                continue;
            dx[j] = x[j] - xp[j];
            df[j] = f - (gp[j] - xp[j]);
        }
        if (!pair)
            continue;
        for (int i = 0; i < A->n; i++) {
            int si = (A->head - i + ORF_ACCEL_DEPTH) % ORF_ACCEL_DEPTH;
            if (si == slot)
                continue; /* the oldest pair, overwritten now */
            const double *dfi = hist_df(fs, si, ti);
            double s = 0;
            for (size_t j = 0; j < nv; j++)
                s += w2[j] * df[j] * dfi[j];
            gnew[si] += s;
        }
        for (size_t j = 0; j < nv; j++)
            nf += w2[j] * df[j] * df[j];
    }
    double r = sqrt(ff);
    if (pair && A->n > 0 && !(r < RESTART_GROWTH * A->r_prev)) {
        /* the last step did not reduce the residual: forget the history, step as Wegstein */
        A->n = 0;
        A->head = -1;
        A->restarts++;
        pair = 0;
    }
    A->r_prev = r;
    if (pair) {
        if (A->n < ORF_ACCEL_DEPTH)
            A->n++;
        A->head = slot;
        for (int si = 0; si < ORF_ACCEL_DEPTH; si++) {
            A->gram[slot * ORF_ACCEL_DEPTH + si] = gnew[si];
            A->gram[si * ORF_ACCEL_DEPTH + slot] = gnew[si];
        }
        A->gram[slot * ORF_ACCEL_DEPTH + slot] = nf;
    }
    /* the stored pairs, newest first */
    int ord[ORF_ACCEL_DEPTH], n = A->n;
    for (int i = 0; i < n; i++)
        ord[i] = (A->head - i + ORF_ACCEL_DEPTH) % ORF_ACCEL_DEPTH;
    double gamma[ORF_ACCEL_DEPTH] = {0};
    if (n > 0) {
        for (size_t q = 0; q < nt; q++) {
            size_t ti = tl ? tl[q] : tear_first + q;
            const double *x = fs->streams[fs->tears[ti]].x, *g = fs->shadow[ti].x;
            for (int i = 0; i < n; i++) {
                const double *dfi = hist_df(fs, ord[i], ti);
                double s = 0;
                for (size_t j = 0; j < nv; j++)
                    s += w2[j] * dfi[j] * (g[j] - x[j]);
                rhs[ord[i]] += s;
            }
        }
        small_solve(A->gram, rhs, ord, n, gamma);
        for (int i = 0; i < n; i++)
            if (!isfinite(gamma[ord[i]]))
                n = 0; /* fall back on Wegstein's step */
    }
    /* pass 2: the step, with Wegstein's P per variable (from the third iteration of the block's
     * solve, as in solver.c's tear_update) */
    for (size_t q = 0; q < nt; q++) {
        size_t ti = tl ? tl[q] : tear_first + q;
        double *x = fs->streams[fs->tears[ti]].x;
        const double *g = fs->shadow[ti].x;
        double *xp = fs->wk + ti * nv, *gp = fs->wk + (T + ti) * nv;
        for (size_t j = 0; j < nv; j++) {
            double f = g[j] - x[j], P = 1.0;
            if (wegstein && n == 0) {
                double dxw = x[j] - xp[j], scale = fabs(x[j]) + fabs(xp[j]);
                if (fabs(dxw) > 1e-14 * scale && scale > 0) {
                    double s = (g[j] - gp[j]) / dxw, qw = s / (s - 1.0);
                    if (!isfinite(qw))
                        qw = 0;
                    qw = qw < o->q_min ? o->q_min : qw > o->q_max ? o->q_max : qw;
                    P = 1.0 - qw;
                }
            }
            double xn = x[j] + P * f;
            for (int i = 0; i < n; i++) {
                const double *dxi = hist_dx(fs, ord[i], ti), *dfi = hist_df(fs, ord[i], ti);
                xn -= gamma[ord[i]] * (dxi[j] + P * dfi[j]);
            }
            if (j < nflow && xn < 0)
                xn = 0;
            xp[j] = x[j];
            gp[j] = g[j];
            x[j] = xn;
        }
    }
}
