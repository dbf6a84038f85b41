/* The linear algebra of the Newton step of the Gibbs energy minimisation (equilibrium_solve.c):
 * Gaussian elimination with complete pivoting, and the reduced (element-potential) form of the
 * Newton system.
 *
 * The full system (build_and_solve in equilibrium_solve.c) has one unknown per active species
 * (δ_i = Δln n_i of solution species, Δn_c of pure phases) and one per independent element (π).
 * Within a solution phase of mole fractions x and (regular) interaction matrix
 * R_ik = W_ik/RT − q_i − q_k + 2Q, its species rows read M δ − (x·δ) 1 = A_pᵀ π − μ with
 * M = I + R X; since R x = 0 (Σ_k x_k q_k = 2Q), M 1 = 1 and nᵀM⁻¹ = nᵀ, so with s = x·δ (Δln N of
 * the phase) the species unknowns are δ = s 1 + Z π − y, Z = M⁻¹ A_pᵀ, y = M⁻¹ μ (ideal phases and
 * gas: M = I, Z = A_pᵀ, y = μ). Putting this into the element rows and into x·δ = s leaves the
 * reduced system of the RAND method (White, Johnson & Dantzig 1958, J. Chem. Phys. 28:751; Smith &
 * Missen 1982, "Chemical Reaction Equilibrium Analysis", §6.3; Gordon & McBride 1994, NASA
 * RP-1311, §2.5), one row per independent element, solution phase and pure phase:
 *   element r:  Σ_t (Σ_i a_ir n_i Z_it) π_t + Σ_p (Σ_{i∈p} a_ir n_i) s_p + Σ_c a_cr Δn_c
 *               = b_r − Σ_j a_jr n_j + Σ_i a_ir n_i y_i
 *   phase p:    Σ_t (Σ_{i∈p} n_i a_it) π_t = Σ_{i∈p} n_i μ_i
 *   pure c:     Σ_t a_ct π_t = μ°_c
 * (nᵀZ = nᵀAᵀ and nᵀy = nᵀμ, used as such). The unknowns are taken as ΔN_p = N_p s_p (a
 * column that does not vanish with the phase) and Δπ = π − π0 from the current potentials π0
 * (Gordon & McBride's correction form): μ and μ° enter as μ − a·π0, which vanish at convergence, so
 * the element rows do not carry the step as a difference of terms |π| times larger. It has nr +
 * phases unknowns instead of nr + species: the furnace's 20 or so become 10 or so, and the
 * elimination, a cube of the size, a few times cheaper. It is solved by the same complete-pivoting
 * elimination; where it is rank deficient (a degenerate assemblage: π not unique) or a regular
 * phase's M is near singular, the step is taken from the full system instead, whose rank-deficient
 * solution (free unknowns 0) and degeneracy flag the phase logic relies on. Both forms give the
 * same Newton step to round-off. */
#include <math.h>
#include <string.h>

#include "equilibrium_impl.h"

/* max |v[j]| over j < n, NaN left out (0 when none is larger): four running maxima, so that the
 * search does not wait on one comparison after another. The largest of a set does not depend on
 * the order of the comparisons, so the pivot is the one a single scan finds. */
static double row_max_abs(const double *restrict v, size_t n)
{
    double m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        double a0 = fabs(v[j]), a1 = fabs(v[j + 1]), a2 = fabs(v[j + 2]), a3 = fabs(v[j + 3]);
        m0 = a0 > m0 ? a0 : m0;
        m1 = a1 > m1 ? a1 : m1;
        m2 = a2 > m2 ? a2 : m2;
        m3 = a3 > m3 ? a3 : m3;
    }
    for (; j < n; j++) {
        double a = fabs(v[j]);
        m0 = a > m0 ? a : m0;
    }
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
}

/* Step k of a complete-pivoting elimination of the n × n matrix m: the pivot is the first element
 * (row by row) of the largest magnitude in the active part, rmax[i] holding the largest |m_ij| over
 * j >= k of row i (found while the row was last updated: the same maxima a scan of the active part
 * finds); its row is swapped into row k (with rhs, when not NULL, and rmax) and its column into
 * column k (with col). Returns the pivot's row before the swap, or n when the largest magnitude is
 * not above 1e-11 (rank k). */
static size_t complete_pivot(double *m, size_t n, size_t k, double *rhs, double *rmax, int *col)
{
    size_t pr = k, pc = k;
    double best = 0.0;
    for (size_t i = k; i < n; i++)
        if (rmax[i] > best) {
            best = rmax[i];
            pr = i;
        }
    if (!(best > 1e-11))
        return n;
    while (!(fabs(m[pr * n + pc]) == best))
        pc++;
    if (pr != k) {
        for (size_t j = 0; j < n; j++) {
            double t = m[k * n + j];
            m[k * n + j] = m[pr * n + j];
            m[pr * n + j] = t;
        }
        double t;
        if (rhs) {
            t = rhs[k];
            rhs[k] = rhs[pr];
            rhs[pr] = t;
        }
        t = rmax[k];
        rmax[k] = rmax[pr];
        rmax[pr] = t;
    }
    if (pc != k) {
        for (size_t i = 0; i < n; i++) {
            double t = m[i * n + k];
            m[i * n + k] = m[i * n + pc];
            m[i * n + pc] = t;
        }
        int t = col[k];
        col[k] = col[pc];
        col[pc] = t;
    }
    return pr;
}

/* Gaussian elimination with complete pivoting on the row-equilibrated system, in place; the
 * solution replaces rhs. A rank-deficient but consistent system (fewer condensed phases than
 * independent elements: the element potentials are then not unique, the amounts are) gets its
 * free unknowns set to 0. `col` (n ints) and `rmax` (n doubles) are scratch. The search for the
 * complete pivot reads the row maxima of the active part, each found in the pass that updated the
 * row (one pass over the matrix per step instead of two). Returns 0, or -1 when inconsistent. */
int orf__eq_lu_solve(double *m, double *rhs, int *col, double *rmax, size_t n, size_t *rank_out)
{
    for (size_t i = 0; i < n; i++) {
        double s = row_max_abs(m + i * n, n); /* = fmax over the row from 0: NaN left out */
        if (!(s > 0)) {
            if (fabs(rhs[i]) > 1e-9)
                return -1;
            s = 1.0;
        }
        for (size_t j = 0; j < n; j++)
            m[i * n + j] /= s;
        rhs[i] /= s;
    }
    for (size_t i = 0; i < n; i++)
        rmax[i] = row_max_abs(m + i * n, n);
    for (size_t j = 0; j < n; j++)
        col[j] = (int)j;
    size_t rank = 0;
    for (size_t k = 0; k < n; k++) {
        /* the pivot (the order of comparisons in rmax's upkeep does not matter) */
        size_t pr = complete_pivot(m, n, k, rhs, rmax, col);
        if (pr == n)
            break;
        const double *restrict pk = m + k * n;
        for (size_t i = k + 1; i < n; i++) {
            double *restrict ri = m + i * n;
            double f = ri[k] / pk[k];
            if (f != 0.0) {
                double mx = 0.0;
                for (size_t j = k + 1; j < n; j++) {
                    double v = ri[j] - f * pk[j], av = fabs(v);
                    ri[j] = v;
                    mx = av > mx ? av : mx; /* as row_max_abs: NaN left out */
                }
                rmax[i] = mx;
                rhs[i] -= f * rhs[k];
            } else if (ri[k] != 0.0)
                rmax[i] = row_max_abs(ri + k + 1, n - k - 1);
            /* else the row is as it was and the element left behind is 0: its maximum stays */
        }
        rank++;
    }
    *rank_out = rank;
    for (size_t i = rank; i < n; i++)
        if (fabs(rhs[i]) > 1e-9)
            return -1;
    for (size_t k = n; k-- > 0;) {
        if (k >= rank) {
            rhs[k] = 0.0;
            continue;
        }
        double v = rhs[k];
        for (size_t j = k + 1; j < rank; j++)
            v -= m[k * n + j] * rhs[j];
        rhs[k] = v / m[k * n + k];
    }
    /* undo the column permutation: unknown col[k] = rhs[k]; the first column of m is scratch */
    for (size_t k = 0; k < n; k++)
        m[k] = rhs[k];
    for (size_t k = 0; k < n; k++)
        rhs[col[k]] = m[k];
    return 0;
}

/* Z = M⁻¹ A_pᵀ and y = M⁻¹ μ of regular phase p over its active species (those the present
 * elements allow; the others have n = 0 and no part in x, q or Q) into w->zr (row i: Z_i·, nr
 * entries) and w->yr, by elimination with partial pivoting on [M | A_pᵀ μ]. 0, or -1 when M is
 * near singular (a phase at its spinodal: the full system decides). */
static int regular_block(orf_eq_work *w, size_t p)
{
    const orf__eq_phase *ph = &w->sys->ph[p];
    size_t n = 0, nr = w->nrows, f0 = ph->first;
    int *id = w->aidx;
    for (size_t i = 0; i < ph->n; i++)
        if (w->var[f0 + i] >= 0)
            id[n++] = (int)i;
    size_t wd = n + nr + 1;
    double rt = ORF_R_J_MOLK * w->t_k, tot = w->phase_n[p], *t = w->mp;
    for (size_t a = 0; a < n; a++) {
        double *row = t + a * wd;
        size_t i = (size_t)id[a];
        for (size_t c = 0; c < n; c++) {
            size_t k = (size_t)id[c];
            double xk = w->n[f0 + k] / tot;
            row[c] =
                (a == c ? 1.0 : 0.0) +
                (ph->w[i * ph->n + k] / rt - w->q[f0 + i] - w->q[f0 + k] + 2.0 * w->pq[p]) * xk;
        }
        for (size_t r = 0; r < nr; r++)
            row[n + r] = orf__eq_arow(w, f0 + i, r);
        row[n + nr] = w->mu[f0 + i] - orf__eq_pia(w, w->lambda, f0 + i); /* shifted by π0 */
    }
    for (size_t k = 0; k < n; k++) {
        size_t pr = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(t[i * wd + k]) > fabs(t[pr * wd + k]))
                pr = i;
        if (!(fabs(t[pr * wd + k]) > 1e-9))
            return -1;
        if (pr != k)
            for (size_t j = k; j < wd; j++) {
                double v = t[k * wd + j];
                t[k * wd + j] = t[pr * wd + j];
                t[pr * wd + j] = v;
            }
        const double *restrict pk = t + k * wd;
        for (size_t i = k + 1; i < n; i++) {
            double *restrict ri = t + i * wd, f = ri[k] / pk[k];
            if (f != 0.0)
                for (size_t j = k + 1; j < wd; j++)
                    ri[j] -= f * pk[j];
        }
    }
    for (size_t c = n; c < wd; c++)
        for (size_t k = n; k-- > 0;) {
            double v = t[k * wd + c];
            for (size_t j = k + 1; j < n; j++)
                v -= t[k * wd + j] * t[j * wd + c];
            t[k * wd + c] = v / t[k * wd + k];
        }
    for (size_t a = 0; a < n; a++) {
        size_t i = f0 + (size_t)id[a];
        for (size_t r = 0; r < nr; r++)
            w->zr[i * w->ne + r] = t[a * wd + n + r];
        w->yr[i] = t[a * wd + n + nr];
    }
    return 0;
}

/* Complete-pivoting LU of the row-equilibrated reduced system g (m × m, in place; the pivot rule
 * of orf__eq_lu_solve), kept for more than one right-hand side: row scales in w->rsc, the row
 * swap of each step in w->rpiv, the column order in w->piv, the multipliers below the diagonal.
 * 0, or -1 when the system is rank deficient. */
static int red_factor(orf_eq_work *w, double *g, size_t m)
{
    double *rmax = w->rmax;
    int *col = w->piv;
    for (size_t i = 0; i < m; i++) {
        double s = row_max_abs(g + i * m, m);
        if (!(s > 0))
            return -1;
        for (size_t j = 0; j < m; j++)
            g[i * m + j] /= s;
        w->rsc[i] = s;
        rmax[i] = row_max_abs(g + i * m, m);
    }
    for (size_t j = 0; j < m; j++)
        col[j] = (int)j;
    for (size_t k = 0; k < m; k++) {
        size_t pr = complete_pivot(g, m, k, NULL, rmax, col);
        if (pr == m)
            return -1;
        w->rpiv[k] = (int)pr;
        const double *restrict pk = g + k * m;
        for (size_t i = k + 1; i < m; i++) {
            double *restrict ri = g + i * m;
            double f = ri[k] / pk[k], was = ri[k];
            ri[k] = f; /* the multiplier, for red_apply */
            if (f != 0.0) {
                double mx = 0.0;
                for (size_t j = k + 1; j < m; j++) {
                    double v = ri[j] - f * pk[j], av = fabs(v);
                    ri[j] = v;
                    mx = av > mx ? av : mx;
                }
                rmax[i] = mx;
            } else if (was != 0.0)
                rmax[i] = row_max_abs(ri + k + 1, m - k - 1);
            /* else the row is unchanged and the element left behind 0: its maximum stays */
        }
    }
    return 0;
}

/* Solves with the factors of red_factor: v (m) is the right-hand side, then the solution. */
static void red_apply(orf_eq_work *w, const double *g, size_t m, double *v)
{
    double *t = w->rmax; /* free after the factorisation */
    for (size_t i = 0; i < m; i++)
        v[i] /= w->rsc[i];
    /* the row swaps first, in order: they moved whole rows, multipliers included (P g = L U) */
    for (size_t k = 0; k < m; k++) {
        size_t pr = (size_t)w->rpiv[k];
        double x = v[k];
        v[k] = v[pr];
        v[pr] = x;
    }
    for (size_t k = 0; k < m; k++)
        for (size_t i = k + 1; i < m; i++)
            if (g[i * m + k] != 0.0)
                v[i] -= g[i * m + k] * v[k];
    for (size_t k = m; k-- > 0;) {
        double x = v[k];
        for (size_t j = k + 1; j < m; j++)
            x -= g[k * m + j] * t[j];
        t[k] = x / g[k * m + k];
    }
    for (size_t k = 0; k < m; k++)
        v[w->piv[k]] = t[k];
}

/* The unknowns of the full system from the reduced solution v: δ_i = s_p + Z_i·π (− y_i when
 * `first`: the step itself; without, a correction added to it); Δn_c; π. */
static void expand(orf_eq_work *w, const double *v, size_t msp, int first)
{
    const orf_eq_system *s = w->sys;
    size_t nr = w->nrows, ne = w->ne;
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        if (w->pcol[p] < 0)
            continue;
        double sp = v[w->pcol[p]];
        if (ph->kind == ORF_EQ_PURE) {
            w->rhs[w->var[ph->first]] = first ? sp : w->rhs[w->var[ph->first]] + sp;
            continue;
        }
        /* the unknown is ΔN_p, whose column (Σ_i a_ir x_i) does not vanish with the phase: with
         * s_p itself a phase of 1e-10 of the total (a gas about to vanish) made the system look
         * rank deficient */
        sp /= w->phase_n[p];
        int reg = ph->kind == ORF_EQ_REGULAR;
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            if (w->var[i] < 0)
                continue;
            double d = sp - (first ? w->yr[i] : 0.0);
            if (reg)
                for (size_t t = 0; t < nr; t++)
                    d += w->zr[i * ne + t] * v[t];
            else
                for (size_t t = 0; t < nr; t++)
                    d += orf__eq_arow(w, i, t) * v[t];
            w->rhs[w->var[i]] = first ? d : w->rhs[w->var[i]] + d;
        }
    }
    for (size_t r = 0; r < nr; r++)
        w->rhs[msp + r] = (first ? w->lambda[r] : w->rhs[msp + r]) + v[r];
}

int orf__eq_newton_reduced(orf_eq_work *w, size_t *msp_out)
{
    const orf_eq_system *s = w->sys;
    size_t msp = 0, nr = w->nrows, ne = w->ne;
    for (size_t i = 0; i < w->ns; i++)
        w->var[i] = (w->present[s->phase[i]] && w->elig[i]) ? (int)msp++ : -1;
    *msp_out = msp;
    for (size_t r = 0; r < nr; r++)
        if (!isfinite(w->lambda[r]))
            return -1;
    /* the unknowns: Δπ, then ΔN_p of each present solution phase and Δn_c of each pure phase */
    size_t m = nr;
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        w->pcol[p] = -1;
        if (!w->present[p])
            continue;
        int active = 0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            active |= w->var[i] >= 0;
        if (!active)
            continue;
        if (ph->kind != ORF_EQ_PURE && !(w->phase_n[p] > 0))
            return -1;
        if (ph->kind == ORF_EQ_REGULAR && regular_block(w, p))
            return -1;
        w->pcol[p] = (int)m++;
    }
    double *g = w->m, *rhs = w->rred;
    memset(g, 0, m * m * sizeof(double));
    for (size_t r = 0; r < nr; r++) {
        double res = w->b[w->rows[r]];
        for (size_t i = 0; i < w->ns; i++)
            if (w->var[i] >= 0)
                res -= orf__eq_arow(w, i, r) * w->n[i];
        rhs[r] = w->rres[r] = res;
    }
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        if (w->pcol[p] < 0)
            continue;
        size_t c = (size_t)w->pcol[p];
        if (ph->kind == ORF_EQ_PURE) {
            size_t i = ph->first;
            for (size_t r = 0; r < nr; r++) {
                double a = orf__eq_arow(w, i, r);
                g[r * m + c] = a;
                g[c * m + r] = a;
            }
            rhs[c] = w->mu0[i] - orf__eq_pia(w, w->lambda, i);
            continue;
        }
        int reg = ph->kind == ORF_EQ_REGULAR;
        double sn = 0.0, tot = w->phase_n[p];
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            if (w->var[i] < 0)
                continue;
            double ni = w->n[i], f = w->mu[i] - orf__eq_pia(w, w->lambda, i);
            if (!reg)
                w->yr[i] = f;
            double y = w->yr[i];
            sn += ni * f;
            for (size_t r = 0; r < nr; r++) {
                double an = orf__eq_arow(w, i, r) * ni;
                if (an == 0.0)
                    continue;
                double *gr = g + r * m;
                if (reg)
                    for (size_t t = 0; t < nr; t++)
                        gr[t] += an * w->zr[i * ne + t];
                else
                    for (size_t t = 0; t < nr; t++)
                        gr[t] += an * orf__eq_arow(w, i, t);
                gr[c] += an / tot; /* unknown ΔN_p = N_p s_p: see expand() */
                g[c * m + r] += an;
                rhs[r] += an * y;
            }
        }
        rhs[c] = sn;
    }
    if (red_factor(w, g, m))
        return -1; /* degenerate (π not unique): the full system decides */
    red_apply(w, g, m, rhs);
    expand(w, rhs, msp, 1);
    /* one step of iterative refinement on the element rows: their residual in the full system's
     * terms (amounts, of the size of b) is found accurately, where the reduced rows hold sums of
     * products n a Z of mixed sizes. The correction (element rows only) leaves the species rows as
     * they are: δ_i = s_p + Z_i·Δπ − y_i there by construction. Without it the balances were
     * ~1e-14 instead of ~1e-16, enough to slow a recycle loop held to 1e-12. */
    double *dn = w->dnr, worst = 0.0;
    for (size_t i = 0; i < w->ns; i++)
        if (w->var[i] >= 0) {
            double d = w->rhs[w->var[i]];
            dn[i] = s->ph[s->phase[i]].kind == ORF_EQ_PURE ? d : w->n[i] * d;
        }
    for (size_t r = 0; r < nr; r++) {
        double res = w->rres[r];
        for (size_t i = 0; i < w->ns; i++)
            if (w->var[i] >= 0)
                res -= orf__eq_arow(w, i, r) * dn[i];
        rhs[r] = res;
        worst = fmax(worst, fabs(res) / w->b[w->rows[r]]);
    }
    if (worst > 1e-15) { /* else the step holds the balances already */
        for (size_t r = nr; r < m; r++)
            rhs[r] = 0.0;
        red_apply(w, g, m, rhs);
        expand(w, rhs, msp, 0);
    }
    w->degenerate = 0;
    return 0;
}
