/* The linear programmes of the Gibbs minimiser (equilibrium_solve.c): the two-phase simplex
 * method (Bland's rule) for min Σ c_j n_j, A n = b, n ≥ 0 — the levelling start and the element
 * potentials of degenerate assemblages (Eriksson & Thompson 1989, CALPHAD 13:389; Smith & Missen
 * 1982, ch. 6) — and the simplex pivot by which a pure phase replaces another. */
#include <math.h>
#include <string.h>

#include "equilibrium_impl.h"

static void pivot(double *t, size_t nr, size_t wd, size_t pr, size_t pc)
{
    double p = t[pr * wd + pc];
    for (size_t j = 0; j < wd; j++)
        t[pr * wd + j] /= p;
    for (size_t r = 0; r < nr; r++) {
        double f = t[r * wd + pc];
        if (r == pr || f == 0.0)
            continue;
        for (size_t j = 0; j < wd; j++)
            t[r * wd + j] -= f * t[pr * wd + j];
    }
}

/* Simplex iterations on the tableau with costs c (species) and, in phase 1, unit costs on the
 * artificial columns. Bland's rule: smallest entering index, smallest leaving basis index. */
static int simplex(orf_eq_work *w, int phase1)
{
    size_t nr = w->nrows, ns = w->ns, wd = ns + nr + 1, rh = ns + nr;
    double *t = w->tab;
    for (int guard = 0; guard < 10000; guard++) {
        size_t enter = wd;
        for (size_t j = 0; j < ns + nr && enter == wd; j++) {
            if (j < ns ? !w->elig[j] : !phase1)
                continue;
            double cj = j < ns ? (phase1 ? 0.0 : w->cost[j]) : 1.0, d = cj;
            for (size_t r = 0; r < nr; r++) {
                size_t bj = (size_t)w->basis[r];
                double cb = bj < ns ? (phase1 ? 0.0 : w->cost[bj]) : 1.0;
                d -= cb * t[r * wd + j];
            }
            if (d < -1e-11 * (1.0 + fabs(cj)))
                enter = j;
        }
        if (enter == wd)
            return 0;
        size_t leave = nr;
        double best = HUGE_VAL;
        for (size_t r = 0; r < nr; r++) {
            double e = t[r * wd + enter];
            if (e > 1e-12) {
                double ratio = t[r * wd + rh] / e;
                if (ratio < best - 1e-15 ||
                    (ratio <= best + 1e-15 && leave < nr && w->basis[r] < w->basis[leave])) {
                    best = ratio;
                    leave = r;
                }
            }
        }
        if (leave == nr)
            return -1; /* unbounded: cannot happen with b ≥ 0 and no element-free species */
        pivot(t, nr, wd, leave, enter);
        w->basis[leave] = (int)enter;
    }
    return -1;
}

/* The linear programme min Σ c_j n_j, A n = b, n ≥ 0 over the eligible species with the costs
 * w->cost: its solution into n (ns), its duals (the element potentials) into pi_r. */
int orf__eq_level(orf_eq_work *w, double *n, double *pi_r)
{
    size_t nr = w->nrows, ns = w->ns, wd = ns + nr + 1, rh = ns + nr;
    double *t = w->tab;
    memset(t, 0, (nr + 1) * wd * sizeof(double));
    for (size_t r = 0; r < nr; r++) {
        for (size_t j = 0; j < ns; j++)
            t[r * wd + j] = w->elig[j] ? orf__eq_arow(w, j, r) : 0.0;
        t[r * wd + ns + r] = 1.0;
        t[r * wd + rh] = w->b[w->rows[r]];
        w->basis[r] = (int)(ns + r);
    }
    if (simplex(w, 1))
        return -1;
    for (size_t r = 0; r < nr; r++) /* artificials left at zero level: pivot them out */
        if ((size_t)w->basis[r] >= ns)
            for (size_t j = 0; j < ns; j++)
                if (w->elig[j] && fabs(t[r * wd + j]) > 1e-9) {
                    pivot(t, nr, wd, r, j);
                    w->basis[r] = (int)j;
                    break;
                }
    if (simplex(w, 0))
        return -1;
    memset(n, 0, ns * sizeof(double));
    for (size_t r = 0; r < nr; r++)
        if ((size_t)w->basis[r] < ns)
            n[w->basis[r]] = fmax(t[r * wd + rh], 0.0);
    /* duals: π = c_B B⁻¹, B⁻¹ in the artificial columns */
    for (size_t k = 0; k < nr; k++) {
        double s = 0.0;
        for (size_t r = 0; r < nr; r++) {
            size_t bj = (size_t)w->basis[r];
            s += (bj < ns ? w->cost[bj] : 0.0) * t[r * wd + ns + k];
        }
        pi_r[k] = s;
    }
    return 0;
}

/* Pure phase `add` joins: if its composition is a combination Σ α_c a_c of the present pure
 * phases' (Cr7C3 from Cr23C6 and graphite), the assemblage with all of them violates the phase
 * rule and the Newton system is inconsistent. Then this is a pivot of the simplex method
 * (Smith & Missen 1982, §6.3; the "phase exchange" of Eriksson 1975): θ of the new phase forms
 * from the others, θ = min n_c / α_c over α_c > 0, and the phase that runs out leaves; the element
 * balance holds exactly, and G falls by θ times the driving force. Returns 1 when done this way,
 * 0 when the phase is independent of the present pure phases (then it simply joins at zero). */
int orf__eq_exchange(orf_eq_work *w, size_t add)
{
    const orf_eq_system *s = w->sys;
    size_t nr = w->nrows, k = 0, j = s->ph[add].first;
    int *cols = w->piv; /* system species of the present pure phases */
    for (size_t p = 0; p < w->np; p++)
        if (w->present[p] && s->ph[p].kind == ORF_EQ_PURE && w->elig[s->ph[p].first])
            cols[k++] = (int)s->ph[p].first;
    if (k == 0)
        return 0;
    size_t wd = k + 1;
    double *m = w->m; /* nr × (k + 1): [a_c | a_j] */
    for (size_t r = 0; r < nr; r++) {
        for (size_t c = 0; c < k; c++)
            m[r * wd + c] = orf__eq_arow(w, (size_t)cols[c], r);
        m[r * wd + k] = orf__eq_arow(w, j, r);
    }
    /* Gauss-Jordan with partial pivoting; pc[c] = pivot row of column c or -1 */
    int *pc = w->var; /* rebuilt by the next Newton step */
    size_t row = 0;
    for (size_t c = 0; c < k; c++) {
        pc[c] = -1;
        size_t best = row;
        for (size_t r = row; r < nr; r++)
            if (fabs(m[r * wd + c]) > fabs(m[best * wd + c]))
                best = r;
        if (row >= nr || !(fabs(m[best * wd + c]) > 1e-10))
            continue;
        for (size_t q = 0; q < wd; q++) {
            double t = m[row * wd + q];
            m[row * wd + q] = m[best * wd + q];
            m[best * wd + q] = t;
        }
        double piv = m[row * wd + c];
        for (size_t q = 0; q < wd; q++)
            m[row * wd + q] /= piv;
        for (size_t r = 0; r < nr; r++) {
            double f = m[r * wd + c];
            if (r != row && f != 0.0)
                for (size_t q = 0; q < wd; q++)
                    m[r * wd + q] -= f * m[row * wd + q];
        }
        pc[c] = (int)row++;
    }
    for (size_t r = row; r < nr; r++)
        if (fabs(m[r * wd + k]) > 1e-10)
            return 0; /* not a combination of the present pure phases */
    double theta = HUGE_VAL;
    size_t leave = k;
    for (size_t c = 0; c < k; c++) {
        double alpha = pc[c] >= 0 ? m[(size_t)pc[c] * wd + k] : 0.0;
        if (alpha > 1e-12 && w->n[cols[c]] / alpha < theta) {
            theta = w->n[cols[c]] / alpha;
            leave = c;
        }
    }
    if (leave == k)
        return 0;
    for (size_t c = 0; c < k; c++)
        if (pc[c] >= 0)
            w->n[cols[c]] = fmax(w->n[cols[c]] - theta * m[(size_t)pc[c] * wd + k], 0.0);
    w->n[cols[leave]] = 0.0;
    w->present[s->phase[cols[leave]]] = 0;
    w->present[add] = 1;
    w->n[j] = theta;
    return 1;
}

/* The element potentials of a degenerate assemblage: fewer present phases than independent
 * elements (C + Cr2O3 below the reduction onset), so the present species fix only some
 * combinations of π and the rest is free. The free part decides the stability test, so it is
 * taken from linear programming duality (Smith & Missen 1982, ch. 6; the "levelling" of Eriksson
 * & Thompson 1989): the LP min Σ c_j n_j, A n = b, n ≥ 0 with c = the current μ of the species of
 * present phases and μ° of the others has the current amounts as a solution exactly when some π
 * satisfies a_k·π = μ_k on the present species and a_j·π ≤ μ°_j on the absent ones (weak duality
 * and complementary slackness); its optimal duals are then such a π. Otherwise the assemblage is
 * not optimal, and *add gets the absent pure phase the LP puts at the largest amount (np if none).
 * Returns 1 when pi_r was replaced. */
