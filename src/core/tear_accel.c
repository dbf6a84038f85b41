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
 * workspace planned at load (ORF_ACCEL_DEPTH pairs per tear, stored as ΔX + ΔF — with a history
 * P = 1, so the step uses ΔX only in that sum — and ΔF): nothing is allocated.
 *
 * Cost. Pass 1 sweeps a tear's variables once: the new pair, ‖W^½f‖², ΔFᵀWΔF and ΔFᵀWf of the new
 * pair, the clock and the list of active variables; then, over that list, the Gram row ΔFᵢᵀWΔF and
 * the right-hand side ΔFᵢᵀWf of the kept pairs, four pairs at a time. Pass 2 applies every pair
 * and the clip to each variable of the same list in one pass. A re-solve of the set (k = 1) keeps
 * the Gram matrix unless the weights moved since the set's last step (its external feed, or
 * another set's step wrote fs->accel_w: fs->accel_w_of). A variable is active when it was not +0 in
 * x, g, x_prev or g_prev at some step since the oldest kept pair was stored (fs->accel_nz holds
 * the last step at which each variable was not +0): the others are +0 in f and in every ΔF and
 * ΔX + ΔF used, so their products are +0 and leave each sum, and the step, unchanged. Every sum
 * keeps its order over the variables: the results are bit-identical to the unfused loops. */
#include "flowsheet_impl.h"

#include <math.h>
#include <string.h>

#define TEMP_SCALE_K 300.0  /* a change of 1 K weighs as much as a 1/300 relative flow change */
#define PIVOT_RTOL 1e-10    /* a ΔF whose part outside the newer ones' span is < 1e-5 of it */
#define RESTART_GROWTH 10.0 /* a step that multiplies the residual by more drops the history */

/* a stored pair: ΔX + ΔF (what the step uses of ΔX), and ΔF */
static double *hist_sx(const orf_flowsheet *fs, int slot, size_t ti)
{
    return fs->hist + ((size_t)slot * fs->ntears + ti) * fs->sys.nvar;
}

static double *hist_df(const orf_flowsheet *fs, int slot, size_t ti)
{
    return fs->hist + ((size_t)(ORF_ACCEL_DEPTH + slot) * fs->ntears + ti) * fs->sys.nvar;
}

/* The squared weight of every variable of a stream, from the loop's external feed per material;
 * 1 when some weight differs from the one w2 held. */
static int weights(orf_flowsheet *fs, const double *ext_m, double *w2)
{
    const orf_system *y = &fs->sys;
    size_t per = y->ns * y->nc;
    double tot = 0;
    for (size_t m = 0; m < y->nm; m++)
        tot += ext_m[m];
    double fl = tot > 0 ? 1e-12 * tot : 1.0;
    int moved = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double d = ext_m[m] > fl ? ext_m[m] : fl, w = 1.0 / (d * d);
        moved |= w2[y->npart + m] != w;
        w2[y->npart + m] = w;
        if (y->pslot[m] >= 0)
            for (size_t k = (size_t)y->pslot[m] * per, k1 = k + per; k < k1; k++)
                w2[k] = w;
    }
    double wt = 1.0 / (TEMP_SCALE_K * TEMP_SCALE_K);
    moved |= w2[y->npart + y->nm] != wt;
    w2[y->npart + y->nm] = wt;
    return moved;
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

/* the bits of v: 0 for +0.0 only (-0.0, NaN and infinities are values) */
static inline unsigned long long bits(double v)
{
    unsigned long long b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* Pass 1a of one tear, one sweep over all its variables: the residual f = g − x; the newest pair
 * ΔX = x − x_prev, ΔF = f − f_prev (pair; stored as ΔX + ΔF and ΔF) and its weighted ΔF; the
 * clock of the variables that are not +0 now; ‖W^½f‖², ΔFᵀWΔF and ΔFᵀWf of the new pair, added to
 * sums[0..2] in variable order (a +0 term leaves a sum unchanged); the list idx of the variables
 * not +0 at some step since `since`, whose length it returns. */
static size_t pass1_sweep(size_t nv, const double *restrict x, const double *restrict g,
                          const double *restrict xp, const double *restrict gp,
                          const double *restrict w2, double *restrict f, double *restrict sx,
                          double *restrict df, double *restrict wdf,
                          unsigned long long *restrict nz, unsigned long long now,
                          unsigned long long since, int pair, size_t *restrict idx, double sums[3])
{
    double ff = sums[0], nf = sums[1], sn = sums[2];
    size_t na = 0;
    for (size_t j = 0; j < nv; j++) {
        const double fj = g[j] - x[j];
        f[j] = fj;
        unsigned long long on = bits(x[j]) | bits(g[j]) | bits(xp[j]) | bits(gp[j]);
        nz[j] = on ? now : nz[j];
        ff += w2[j] * fj * fj;
        idx[na] = j;
        na += nz[j] >= since;
        if (!pair)
            continue;
        const double d = fj - (gp[j] - xp[j]), wd = w2[j] * d;
        df[j] = d;
        sx[j] = (x[j] - xp[j]) + d;
        wdf[j] = wd;
        nf += wd * d;
        sn += wd * fj;
    }
    sums[0] = ff;
    sums[1] = nf;
    sums[2] = sn;
    return na;
}

/* ΔFᵢ·W·ΔF_new (g) and ΔFᵢ·W·f (r) of np (1 to 4) stored ΔF p[0..np) over the variables
 * idx[0..na) into out[2i], out[2i + 1], each summed in ascending variable order as the unfused
 * loops summed them (four pairs a pass: the variable's weight, f and weighted ΔF loaded once). */
static void pass1_products(size_t na, const size_t *restrict idx, const double *restrict w2,
                           const double *restrict f, const double *restrict wdf,
                           const double *const p[4], int np, double out[8])
{
    double g0 = 0, r0 = 0, g1 = 0, r1 = 0, g2 = 0, r2 = 0, g3 = 0, r3 = 0;
    const double *restrict a = p[0], *restrict b = np > 1 ? p[1] : NULL;
    const double *restrict c = np > 2 ? p[2] : NULL, *restrict d = np > 3 ? p[3] : NULL;
    if (np == 4) {
        for (size_t t = 0; t < na; t++) {
            size_t j = idx[t];
            double wj = w2[j], fj = f[j], dj = wdf[j], aj = a[j], bj = b[j], cj = c[j], ej = d[j];
            g0 += dj * aj;
            r0 += wj * aj * fj;
            g1 += dj * bj;
            r1 += wj * bj * fj;
            g2 += dj * cj;
            r2 += wj * cj * fj;
            g3 += dj * ej;
            r3 += wj * ej * fj;
        }
    } else if (np == 3) {
        for (size_t t = 0; t < na; t++) {
            size_t j = idx[t];
            double wj = w2[j], fj = f[j], dj = wdf[j], aj = a[j], bj = b[j], cj = c[j];
            g0 += dj * aj;
            r0 += wj * aj * fj;
            g1 += dj * bj;
            r1 += wj * bj * fj;
            g2 += dj * cj;
            r2 += wj * cj * fj;
        }
    } else if (np == 2) {
        for (size_t t = 0; t < na; t++) {
            size_t j = idx[t];
            double wj = w2[j], fj = f[j], dj = wdf[j], aj = a[j], bj = b[j];
            g0 += dj * aj;
            r0 += wj * aj * fj;
            g1 += dj * bj;
            r1 += wj * bj * fj;
        }
    } else {
        for (size_t t = 0; t < na; t++) {
            size_t j = idx[t];
            g0 += wdf[j] * a[j];
            r0 += w2[j] * a[j] * f[j];
        }
    }
    out[0] = g0;
    out[1] = r0;
    out[2] = g1;
    out[3] = r1;
    out[4] = g2;
    out[5] = r2;
    out[6] = g3;
    out[7] = r3;
}

/* Pass 2 with a history (P = 1): x⁺ = x + f − Σᵢ γᵢ(ΔXᵢ + ΔFᵢ), the pairs newest first, flows
 * clipped at zero; x and g become x_prev and g_prev. One pass over the variables idx[0..na)
 * (ascending), the pairs applied to each in turn: the others are +0 in x, g, x_prev, g_prev and
 * every pair, and would stay so. The pairs sit at the end of q (q[8 − n + i] is the
 * i-th newest), so that a switch on n enters the unrolled sequence where it starts. */
_Static_assert(ORF_ACCEL_DEPTH <= 8, "pass2_history unrolls at most 8 pairs");
static void pass2_history(const orf_flowsheet *fs, size_t ti, size_t na, const size_t *restrict idx,
                          size_t nflow, double *restrict x, const double *restrict g,
                          double *restrict xp, double *restrict gp, const int *ord, int n,
                          const double *gamma)
{
    const double *q[8] = {NULL};
    double c[8] = {0};
    for (int i = 0; i < n; i++) {
        q[8 - n + i] = hist_sx(fs, ord[i], ti);
        c[8 - n + i] = gamma[ord[i]];
    }
    const double *restrict q0 = q[0], *restrict q1 = q[1], *restrict q2 = q[2], *restrict q3 = q[3],
                           *restrict q4 = q[4], *restrict q5 = q[5], *restrict q6 = q[6],
                           *restrict q7 = q[7];
    for (size_t t = 0; t < na; t++) {
        size_t j = idx[t];
        double xj = x[j], gj = g[j];
        xp[j] = xj;
        gp[j] = gj;
        double xn = xj + (gj - xj);
        switch (n) {
        case 8:
            xn -= c[0] * q0[j];
            /* fallthrough */
        case 7:
            xn -= c[1] * q1[j];
            /* fallthrough */
        case 6:
            xn -= c[2] * q2[j];
            /* fallthrough */
        case 5:
            xn -= c[3] * q3[j];
            /* fallthrough */
        case 4:
            xn -= c[4] * q4[j];
            /* fallthrough */
        case 3:
            xn -= c[5] * q5[j];
            /* fallthrough */
        case 2:
            xn -= c[6] * q6[j];
            /* fallthrough */
        default:
            xn -= c[7] * q7[j];
        }
        x[j] = j < nflow && xn < 0 ? 0.0 : xn;
    }
}

void orf__accel_step(orf_flowsheet *fs, orf__accel *A, size_t nt, const size_t *tl,
                     size_t tear_first, const double *ext_m, int k, int wegstein)
{
    const orf_system *y = &fs->sys;
    const orf_solver_opts *o = &fs->opts;
    size_t nv = y->nvar, nflow = y->npart + y->nm, T = fs->ntears;
    double *w2 = fs->accel_w;
    /* a re-solve keeps the history: its Gram matrix holds for the weights of the set's last step,
     * still in w2 when no other set stepped since and the external feed did not move */
    int moved = weights(fs, ext_m, w2) || fs->accel_w_of != A;
    fs->accel_w_of = A;
    if (k <= 1 && A->n > 0 && moved)
        regram(fs, A, nt, tl, tear_first, w2);
    /* pass 1 (from the second iteration): the newest pair ΔX = x − x_prev, ΔF = f − f_prev into
     * the next slot; its products with the stored ΔF (the Gram row), ‖f‖² and ΔFᵢ·f for every
     * pair that stays, over the variables that are not +0 in x, g or any of those pairs */
    int slot = A->head + 1 < ORF_ACCEL_DEPTH ? A->head + 1 : 0;
    double gnew[ORF_ACCEL_DEPTH] = {0}, rhs[ORF_ACCEL_DEPTH] = {0}, ff = 0, nf = 0;
    int pair = k > 1;
    unsigned long long now = ++fs->accel_steps, since = now;
    int keep[ORF_ACCEL_DEPTH], nkeep = 0; /* the stored pairs that stay, newest first */
    for (int i = 0; i < A->n; i++) {
        int si = (A->head - i + ORF_ACCEL_DEPTH) % ORF_ACCEL_DEPTH;
        if (pair && si == slot)
            continue; /* the oldest pair, overwritten now */
        keep[nkeep++] = si;
        if (A->stamp[si] < since)
            since = A->stamp[si];
    }
    double *f = fs->accel_f, *wdf = fs->accel_wdf;
    for (size_t q = 0; q < nt; q++) {
        size_t ti = tl ? tl[q] : tear_first + q;
        const double *x = fs->streams[fs->tears[ti]].x, *g = fs->shadow[ti].x;
        const double *xp = fs->wk + ti * nv, *gp = fs->wk + (T + ti) * nv;
        double *df = hist_df(fs, slot, ti);
        unsigned long long *nz = fs->accel_nz + ti * nv;
        if (!fs->accel_nz_ok[ti]) { /* the tear's first step: no pair of it is stored yet */
            memset(nz, 0, nv * sizeof *nz);
            fs->accel_nz_ok[ti] = 1;
        }
        /* a variable +0 in x, g, x_prev and g_prev at every step since the oldest pair kept is
         * +0 in f and in every ΔF used: its products are +0 and leave the sums unchanged */
        size_t *idx = fs->accel_idx + ti * (nv + 1) + 1;
        double sums[3] = {ff, nf, 0.0};
        size_t na = pass1_sweep(nv, x, g, xp, gp, w2, f, hist_sx(fs, slot, ti), df, wdf, nz, now,
                                since, pair, idx, sums);
        idx[-1] = na; /* for pass 2 */
        ff = sums[0];
        nf = sums[1];
        if (pair)
            rhs[slot] += sums[2];
        for (int i = 0; i < nkeep; i += 4) {
            int np = nkeep - i < 4 ? nkeep - i : 4;
            const double *p[4] = {NULL, NULL, NULL, NULL};
            double s[8];
            for (int e = 0; e < np; e++)
                p[e] = hist_df(fs, keep[i + e], ti);
            pass1_products(na, idx, w2, f, wdf, p, np, s);
            for (int e = 0; e < np; e++) {
                gnew[keep[i + e]] += s[2 * e];
                rhs[keep[i + e]] += s[2 * e + 1];
            }
        }
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
        A->stamp[slot] = now;
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
        small_solve(A->gram, rhs, ord, n, gamma);
        for (int i = 0; i < n; i++)
            if (!isfinite(gamma[ord[i]]))
                n = 0; /* fall back on Wegstein's step */
    }
    /* pass 2: the step, with Wegstein's P per variable (from the third iteration of the block's
     * solve, as in solver.c's tear_update) when there is no history */
    for (size_t q = 0; q < nt; q++) {
        size_t ti = tl ? tl[q] : tear_first + q;
        double *x = fs->streams[fs->tears[ti]].x;
        const double *g = fs->shadow[ti].x;
        double *xp = fs->wk + ti * nv, *gp = fs->wk + (T + ti) * nv;
        if (n > 0) {
            const size_t *idx = fs->accel_idx + ti * (nv + 1);
            pass2_history(fs, ti, idx[0], idx + 1, nflow, x, g, xp, gp, ord, n, gamma);
            continue;
        }
        for (size_t j = 0; j < nv; j++) {
            double fj = g[j] - x[j], P = 1.0;
            if (wegstein) {
                double dxw = x[j] - xp[j], scale = fabs(x[j]) + fabs(xp[j]);
                if (fabs(dxw) > 1e-14 * scale && scale > 0) {
                    double sl = (g[j] - gp[j]) / dxw, qw = sl / (sl - 1.0);
                    if (!isfinite(qw))
                        qw = 0;
                    qw = qw < o->q_min ? o->q_min : qw > o->q_max ? o->q_max : qw;
                    P = 1.0 - qw;
                }
            }
            double xn = x[j] + P * fj;
            if (j < nflow && xn < 0)
                xn = 0;
            xp[j] = x[j];
            gp[j] = g[j];
            x[j] = xn;
        }
    }
}
