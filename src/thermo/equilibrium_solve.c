/* The Gibbs energy minimisation of one call (the element-potential method with phase add/drop).
 *
 * Unknowns: ln n_i of the species of present solution phases (gas, ideal, regular), n_c of present
 * pure phases, and the element potentials π_e (/RT) of the independent element balances. Newton
 * on the stationarity conditions of the Lagrangian L = Σ n_i μ_i − Σ_e π_e (Σ_i a_ie n_i − b_e)
 * (Eriksson 1975, Chem. Scr. 8:100; Smith & Missen 1982, ch. 6, RAND; the ln n form and its step
 * limits are those of Gordon & McBride, NASA RP-1311, 1994, §3):
 *   solution species i of phase α:  δ_i − Σ_k x_k δ_k + Σ_k x_k ∂lnγ_i/∂ln... − Σ_e a_ie π_e = −μ_i
 *     with δ = Δln n and, for a regular phase (RT ln γ_i = q_i − Q, q_i = Σ_j x_j W_ij,
 *     Q = Σ_{j<k} x_j x_k W_jk), N ∂lnγ_i/∂n_k = (W_ik − q_i − q_k + 2Q)/RT;
 *   pure phase c:                   − Σ_e a_ce π_e = −μ°_c;
 *   element e:                      Σ_i a_ie n_i δ_i + Σ_c a_ce Δn_c = b_e − Σ_j a_je n_j.
 * The initial estimate is the linear programme min Σ μ°_i n_i, A n = b, n ≥ 0 (two-phase simplex,
 * Bland's rule), whose basis gives the first phase assemblage and whose duals give π — the
 * "levelling" start of Eriksson & Thompson (1989, CALPHAD 13:389) and Thermochimica (Piro 2013).
 * After each converged Newton run a phase with negative driving force is added: a pure phase when
 * μ°_c < Σ a_ce π_e, a solution when Σ_i exp(Σ_e a_ie π_e − μ°_i − ln γ_i) > 1 (tangent-plane
 * test); a solution whose amount vanishes is dropped. Pure phases move as in the simplex method:
 * a step stops where the first pure phase runs out (ratio test) and that phase leaves; a pure
 * phase whose composition is a combination of present ones replaces one of them (equilibrium_lp.c).
 * Where the assemblage leaves π partly free (fewer phases than elements), the free part comes
 * from linear-programming duality before the stability test (potentials_by_lp()). A Newton run
 * that cannot converge on its assemblage (25 steps, or π running away) starts again from the LP.
 */
#include <math.h>
#include <string.h>

#include "equilibrium_impl.h"
#include "thermo_impl.h"

#define LN_FLOOR (-700.0) /* ln n below which a solution species counts as absent */
#define SEED 1e-6         /* share of the total amount given to a phase when it is added */

/* ---- state ----------------------------------------------------------------------------------- */

static int solution(const orf__eq_phase *ph)
{
    return ph->kind != ORF_EQ_PURE;
}

static double solution_force(orf_eq_work *w, size_t p, const double *pi_r)
{
    const orf__eq_phase *ph = &w->sys->ph[p];
    double rt = ORF_R_J_MOLK * w->t_k, sum = 0.0;
    double *x = w->gam; /* scratch for the trial composition (phase absent: unused) */
    for (size_t i = ph->first; i < ph->first + ph->n; i++)
        x[i] = w->elig[i] ? exp(fmin(orf__eq_pia(w, pi_r, i) - w->mu0[i], 700.0)) : 0.0;
    if (ph->kind != ORF_EQ_REGULAR) {
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            sum += x[i];
        return sum > 0 ? -log(sum) : HUGE_VAL; /* ideal: the exact minimum */
    }
    /* Regular: the least tangent-plane distance (Michelsen 1982) D(z) = Σ z_i (μ°_i + ln z_i +
     * ln γ_i(z) − π·a_i) over compositions z, by successive substitution z ∝ exp(π·a_i − μ°_i −
     * ln γ_i(z)), damped (half steps in ln z) because it oscillates when the W are strongly
     * attractive. D is evaluated exactly at every iterate and the least value returned: an
     * iterate that has not settled can only overstate the force, never invent a negative one (a
     * phase added on a false negative made the minimiser cycle). */
    double best = HUGE_VAL;
    int damped = 0;
    for (int it = 0; it < 60; it++) {
        sum = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            sum += x[i];
        if (!(sum > 0) || !isfinite(sum))
            break;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            x[i] /= sum; /* z */
        double qq = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            w->q[i] = 0.0;
            for (size_t j = 0; j < ph->n; j++)
                w->q[i] += x[ph->first + j] * ph->w[(i - ph->first) * ph->n + j] / rt;
            qq += 0.5 * x[i] * w->q[i];
        }
        double d = 0.0, change = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            if (!(x[i] > 0))
                continue;
            double g = w->mu0[i] + w->q[i] - qq - orf__eq_pia(w, pi_r, i);
            d += x[i] * (log(x[i]) + g);
        }
        if (d < best)
            best = d;
        double nsum = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            if (!w->elig[i]) {
                x[i] = 0.0;
                continue;
            }
            double ln_new = fmin(orf__eq_pia(w, pi_r, i) - w->mu0[i] - (w->q[i] - qq), 700.0);
            nsum += exp(ln_new);
            double ln_old = x[i] > 0 ? log(x[i]) : ln_new;
            double ln_next = damped ? 0.5 * (ln_old + ln_new) : ln_new;
            change = fmax(change, fabs(ln_next - ln_old));
            x[i] = exp(ln_next);
        }
        if (nsum > 0 && -log(nsum) < best - 1e-12 && change < 1e-9)
            best = -log(nsum); /* settled: the substitution's own estimate is the minimum */
        if (change < 1e-9)
            break;
        if (it >= 5)
            damped = 1; /* not settled in a few plain steps: damp */
    }
    sum = 0.0;
    for (size_t i = ph->first; i < ph->first + ph->n; i++)
        sum += x[i];
    for (size_t i = ph->first; i < ph->first + ph->n; i++)
        x[i] = sum > 0 ? x[i] / sum : 0.0; /* the composition found, for seed_solution */
    return best;
}

/* Phase totals, mole fractions, ln γ and μ of the present phases. */
static void potentials(orf_eq_work *w)
{
    const orf_eq_system *s = w->sys;
    double rt = ORF_R_J_MOLK * w->t_k;
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        double tot = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            tot += w->present[p] && w->elig[i] ? w->n[i] : 0.0;
        w->phase_n[p] = tot;
        w->pq[p] = 0.0;
        if (!w->present[p])
            continue;
        if (!solution(ph)) {
            w->mu[ph->first] = w->mu0[ph->first];
            continue;
        }
        double lnt = log(tot);
        if (ph->kind == ORF_EQ_REGULAR) {
            /* the mole fractions once per phase (in gam, overwritten below), not once per pair;
             * each term is the same product x_j·W_ij/RT, summed in the same order */
            double *restrict x = w->gam + ph->first;
            for (size_t j = 0; j < ph->n; j++)
                x[j] = w->n[ph->first + j] / tot;
            for (size_t i = ph->first; i < ph->first + ph->n; i++) {
                const double *restrict wi = ph->w + (i - ph->first) * ph->n;
                double qi = 0.0;
                for (size_t j = 0; j < ph->n; j++)
                    qi += x[j] * wi[j] / rt;
                w->q[i] = qi;
                w->pq[p] += 0.5 * w->n[i] / tot * qi;
            }
        } else {
            for (size_t i = ph->first; i < ph->first + ph->n; i++)
                w->gam[i] = w->q[i] = 0.0;
        }
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            if (ph->kind == ORF_EQ_REGULAR)
                w->gam[i] = w->q[i] - w->pq[p];
            w->mu[i] = w->mu0[i] + w->lnn[i] - lnt + w->gam[i];
        }
    }
}

static void seed_solution(orf_eq_work *w, size_t p, double amount, const double *pi_r)
{
    const orf__eq_phase *ph = &w->sys->ph[p];
    double sum = 0.0;
    /* a regular phase enters at the composition of its least tangent-plane distance (left in
     * w->gam by solution_force): at the ideal one it may be unstable and vanish again */
    int tpd = pi_r && ph->kind == ORF_EQ_REGULAR && isfinite(solution_force(w, p, pi_r));
    for (size_t i = ph->first; i < ph->first + ph->n; i++) {
        double x = 0.0;
        if (w->elig[i])
            x = tpd    ? w->gam[i]
                : pi_r ? exp(fmin(fmax(orf__eq_pia(w, pi_r, i) - w->mu0[i], -300.0), 0.0))
                       : 1.0;
        w->n[i] = x > 0 && isfinite(x) ? x : 0.0;
        sum += w->n[i];
    }
    for (size_t i = ph->first; i < ph->first + ph->n; i++) {
        w->n[i] = sum > 0 ? fmax(amount * w->n[i] / sum, w->elig[i] ? 1e-40 * amount : 0.0) : 0.0;
        w->lnn[i] = w->n[i] > 0 ? log(w->n[i]) : LN_FLOOR;
    }
    w->present[p] = 1;
}

/* The phases present with the amounts in w->n; species of a present solution phase that have
 * none get a trace (from π, or 1e-10 of the phase after a feed start) so that ln n exists. */
static void assemblage(orf_eq_work *w, const double *pi_r, int feed_start)
{
    const orf_eq_system *s = w->sys;
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        double amt = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            amt += w->n[i];
        w->present[p] = amt > 0;
        if (!w->present[p] || !solution(ph))
            continue;
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            double x = w->n[i];
            if (!(x > 0) && w->elig[i])
                x = feed_start
                        ? 1e-10 * amt
                        : amt * exp(fmin(fmax(orf__eq_pia(w, pi_r, i) - w->mu0[i], -300.0), -1e-3));
            w->n[i] = w->elig[i] ? fmax(x, 1e-40 * amt) : 0.0;
            w->lnn[i] = w->n[i] > 0 ? log(w->n[i]) : LN_FLOOR;
        }
    }
}

/* The first assemblage and amounts. */
/* π (pi_r) comes from the linear programme, or from the first Newton step. */
static orf_status start(orf_eq_work *w, const double *feed, const orf_eq_options *o, double *pi_r)
{
    const orf_eq_system *s = w->sys;
    size_t ns = w->ns;
    int last = o->start == ORF_EQ_START_LAST && w->have_last;
    for (size_t i = 0; last && i < ns; i++)
        if (!w->elig[i] && w->n[i] > 0)
            last = 0;
    if (last) {
        for (size_t p = 0; p < w->np; p++)
            if (w->present[p] && solution(&s->ph[p])) {
                const orf__eq_phase *ph = &s->ph[p];
                for (size_t i = ph->first; i < ph->first + ph->n; i++) {
                    if (!w->elig[i])
                        w->n[i] = 0.0;
                    w->lnn[i] = w->n[i] > 0 ? log(w->n[i]) : LN_FLOOR;
                }
            }
        return ORF_OK;
    }
    double tot = 0.0;
    for (size_t e = 0; e < w->ne; e++)
        tot += w->b[e];
    if (o->start == ORF_EQ_START_FEED) {
        for (size_t i = 0; i < ns; i++)
            w->n[i] = w->elig[i] ? feed[i] : 0.0;
    } else if (memcpy(w->cost, w->mu0, ns * sizeof(double)), orf__eq_level(w, w->n, pi_r))
        return orf_diag_emit(w->ctx, ORF_E_NUMERIC, NULL, NULL,
                             "equilibrium: the initial linear programme failed");
    assemblage(w, pi_r, o->start == ORF_EQ_START_FEED);
    (void)tot;
    return ORF_OK;
}

/* A new start from the LP with the costs of the present state: the current μ of the species of
 * present phases, μ° of the others (the levelling of Eriksson & Thompson 1989 repeated at the
 * current potentials). Used when a phase that the stability test calls for cannot enter the
 * present assemblage by itself (gas + Cr2O3 + C with Cr7C3: four phases of three elements). */
static int relevel(orf_eq_work *w, double *pi_r)
{
    const orf_eq_system *s = w->sys;
    potentials(w);
    for (size_t i = 0; i < w->ns; i++) {
        int live = w->present[s->phase[i]] && w->elig[i] &&
                   (!solution(&s->ph[s->phase[i]]) || w->lnn[i] > LN_FLOOR + 1.0);
        w->cost[i] = live ? w->mu[i] : w->mu0[i];
    }
    if (orf__eq_level(w, w->n, pi_r))
        return -1;
    assemblage(w, pi_r, 0);
    return 0;
}

/* ---- Newton on one assemblage -----------------------------------------------------------------
 */

typedef struct step_info {
    double err;  /* largest n_i |δ_i| / N and |Δn_c| / N */
    double dmax; /* largest |δ_i| of species above the floor */
    int changed; /* a phase was dropped */
    int bounced; /* a pure phase that had just joined (n = 0) left at once */
} step_info;

static int build_and_solve(orf_eq_work *w, double reg, size_t *msp_out)
{
    if (reg == 0.0 && !orf__eq_newton_reduced(w, msp_out))
        return 0; /* the reduced system (equilibrium_newton.c); the full one where it fails */
    const orf_eq_system *s = w->sys;
    size_t msp = 0, nr = w->nrows;
    double rt = ORF_R_J_MOLK * w->t_k;
    for (size_t i = 0; i < w->ns; i++)
        w->var[i] = (w->present[s->phase[i]] && w->elig[i]) ? (int)msp++ : -1;
    size_t m = msp + nr;
    memset(w->m, 0, m * m * sizeof(double));
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        if (!w->present[p])
            continue;
        for (size_t i = ph->first; i < ph->first + ph->n; i++) {
            if (w->var[i] < 0)
                continue;
            double *row = w->m + (size_t)w->var[i] * m;
            if (solution(ph)) {
                double tot = w->phase_n[p];
                for (size_t k = ph->first; k < ph->first + ph->n; k++) {
                    if (w->var[k] < 0)
                        continue;
                    double xk = w->n[k] / tot, v = (i == k ? 1.0 : 0.0) - xk;
                    if (ph->kind == ORF_EQ_REGULAR)
                        v += (ph->w[(i - ph->first) * ph->n + (k - ph->first)] / rt - w->q[i] -
                              w->q[k] + 2.0 * w->pq[p]) *
                             xk;
                    row[w->var[k]] = v;
                }
                w->rhs[w->var[i]] = -w->mu[i];
            } else
                w->rhs[w->var[i]] = -w->mu0[i];
            for (size_t r = 0; r < nr; r++)
                row[msp + r] = -orf__eq_arow(w, i, r);
        }
    }
    for (size_t r = 0; r < nr; r++) {
        double *row = w->m + (msp + r) * m, res = w->b[w->rows[r]];
        for (size_t i = 0; i < w->ns; i++) {
            if (w->var[i] < 0)
                continue;
            double a = orf__eq_arow(w, i, r);
            res -= a * w->n[i];
            row[w->var[i]] = solution(&s->ph[s->phase[i]]) ? a * w->n[i] : a;
        }
        row[msp + r] = -reg * w->b[w->rows[r]];
        w->rhs[msp + r] = res;
    }
    *msp_out = msp;
    size_t rank = m;
    int bad = orf__eq_lu_solve(w->m, w->rhs, w->piv, w->rmax, m, &rank);
    w->degenerate = rank < m;
    return bad;
}

/* One Newton step on the present assemblage: 0, or 1 when the system is singular and no pure
 * phase is left to drop. */
static int newton_step(orf_eq_work *w, double *pi_r, step_info *si)
{
    const orf_eq_system *s = w->sys;
    size_t msp;
    potentials(w);
    int bad = build_and_solve(w, 0.0, &msp), degenerate = w->degenerate || bad;
    if (bad)
        bad = build_and_solve(w, 1e-12, &msp); /* degenerate assemblage (phase rule) */
    w->degenerate |= degenerate;
    if (bad) {
        /* drop the smallest pure phase; without one the system is singular */
        size_t drop = w->np;
        for (size_t p = 0; p < w->np; p++)
            if (w->present[p] && !solution(&s->ph[p]) &&
                (drop == w->np || w->phase_n[p] < w->phase_n[drop]))
                drop = p;
        if (drop == w->np)
            return 1; /* singular with no pure phase to drop */
        w->present[drop] = 0;
        w->n[s->ph[drop].first] = 0.0;
        si->changed = 1;
        si->bounced = w->phase_n[drop] == 0.0;
        si->err = si->dmax = HUGE_VAL;
        return 0;
    }
    for (size_t r = 0; r < w->nrows; r++)
        pi_r[r] = w->rhs[msp + r];
    if (!w->degenerate) {
        memcpy(w->pprev, pi_r, w->nrows * sizeof(double));
        w->have_prev = 1;
    }
    double tot = 0.0;
    for (size_t p = 0; p < w->np; p++)
        tot += w->present[p] ? w->phase_n[p] : 0.0;
    /* step length: |Δln n| ≤ 2 for major species; a minor one rises to x = 1e-4 at most */
    double lam = 1.0;
    for (size_t i = 0; i < w->ns; i++) {
        if (w->var[i] < 0 || !solution(&s->ph[s->phase[i]]))
            continue;
        double d = w->rhs[w->var[i]], x = w->n[i] / w->phase_n[s->phase[i]];
        if (x > 1e-8) {
            if (fabs(d) > 2.0)
                lam = fmin(lam, 2.0 / fabs(d));
        } else if (d > 0) {
            double lim = (log(1e-4) - log(x)) / d;
            if (lim > 0)
                lam = fmin(lam, lim);
        }
    }
    /* ratio test on the pure phases (the step of the simplex method; Smith & Missen 1982, §6.4):
     * the step stops where the first pure phase runs out, and only that one leaves */
    size_t hit = w->ns;
    for (size_t i = 0; i < w->ns; i++) {
        if (w->var[i] < 0 || solution(&s->ph[s->phase[i]]))
            continue;
        double d = w->rhs[w->var[i]];
        if (d < 0 && w->n[i] + lam * d < 0) {
            lam = fmax(w->n[i] / -d, 0.0);
            hit = i;
        }
    }
    /* Δln N of each solution phase (w->pq is free until the next potentials()) */
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        w->pq[p] = 0.0;
        if (w->present[p] && solution(ph))
            for (size_t i = ph->first; i < ph->first + ph->n; i++)
                if (w->var[i] >= 0)
                    w->pq[p] += w->n[i] / w->phase_n[p] * w->rhs[w->var[i]];
    }
    si->err = si->dmax = 0.0;
    si->changed = 0;
    si->bounced = hit < w->ns && w->n[hit] == 0.0;
    for (size_t i = 0; i < w->ns; i++) {
        if (w->var[i] < 0)
            continue;
        double d = w->rhs[w->var[i]];
        if (solution(&s->ph[s->phase[i]])) {
            if (w->lnn[i] > LN_FLOOR + 1.0 || d > 0) {
                si->err = fmax(si->err, w->n[i] * fabs(d) / tot);
                si->dmax = fmax(si->dmax, fabs(d));
            }
            /* the linear model empties a trace species: jump to the floor (it climbs back in one
             * step if wrong) instead of losing a factor e per iteration */
            if (d - w->pq[s->phase[i]] < -0.9 && w->n[i] < 1e-10 * tot)
                d = LN_FLOOR - w->lnn[i];
            w->lnn[i] = fmax(w->lnn[i] + lam * d, LN_FLOOR);
            w->n[i] = exp(w->lnn[i]);
        } else {
            si->err = fmax(si->err, fabs(d) / tot);
            w->n[i] += lam * d;
            if (i == hit || !(w->n[i] > 0)) {
                w->n[i] = 0.0;
                w->present[s->phase[i]] = 0;
                si->changed = 1;
            }
        }
    }
    if (lam < 1.0)
        si->err = si->dmax = HUGE_VAL; /* only a full step can end the iteration */
    /* a solution phase whose amount vanishes, or that shrinks fast while tiny, is dropped (tested
     * again at convergence) */
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        if (!w->present[p] || !solution(ph))
            continue;
        double amt = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            amt += w->elig[i] ? w->n[i] : 0.0;
        if ((amt < 1e-13 * tot && amt < w->phase_n[p]) || (w->pq[p] < -0.5 && amt < 1e-10 * tot)) {
            w->present[p] = 0;
            for (size_t i = ph->first; i < ph->first + ph->n; i++)
                w->n[i] = 0.0;
            si->changed = 1;
        }
    }
    return ORF_OK;
}

/* Complementary slackness of the LP duals with the present state: a_k·π = cost_k (within 1e-7)
 * on every live species of the present phases. */
static int optimal(const orf_eq_work *w, const double *dual)
{
    const orf_eq_system *s = w->sys;
    double worst = 0.0;
    for (size_t i = 0; i < w->ns; i++)
        if (w->var[i] >= 0 && (!solution(&s->ph[s->phase[i]]) || w->lnn[i] > LN_FLOOR + 1.0))
            worst = fmax(worst, w->cost[i] - orf__eq_pia(w, dual, i));
    return worst <= 1e-7;
}

static int potentials_by_lp(orf_eq_work *w, double *pi_r, size_t *add)
{
    const orf_eq_system *s = w->sys;
    size_t ns = w->ns, nr = w->nrows;
    double *dual = w->pi; /* scratch until the end of the minimisation */
    *add = w->np;
    potentials(w);
    /* The π of the last full-rank Newton system still holds the present equalities when the
     * assemblage lost a phase since (a gas that vanished: Σ x < 1 there); keep it when every
     * absent phase is stable at it. */
    if (w->have_prev) {
        int valid = 1;
        for (size_t i = 0; i < ns && valid; i++) {
            if (w->var[i] < 0)
                continue;
            int live = !solution(&s->ph[s->phase[i]]) || w->lnn[i] > LN_FLOOR + 1.0;
            double r = orf__eq_pia(w, w->pprev, i) - w->mu[i];
            valid = live ? fabs(r) <= 1e-9 * (1.0 + fabs(w->mu[i])) : r <= 1e-9;
        }
        for (size_t p = 0; p < w->np && valid; p++) {
            const orf__eq_phase *ph = &s->ph[p];
            if (w->present[p])
                continue;
            if (solution(ph))
                valid = !(solution_force(w, p, w->pprev) < -1e-10);
            else if (w->elig[ph->first])
                valid = w->mu0[ph->first] - orf__eq_pia(w, w->pprev, ph->first) >= -1e-10;
        }
        if (valid) {
            memcpy(pi_r, w->pprev, nr * sizeof(double));
            return 1;
        }
    }
    for (size_t i = 0; i < ns; i++) {
        int live = w->var[i] >= 0 && (!solution(&s->ph[s->phase[i]]) || w->lnn[i] > LN_FLOOR + 1.0);
        w->cost[i] = live ? w->mu[i] : w->mu0[i];
    }
    if (orf__eq_level(w, w->lpn, dual))
        return 0;
    if (optimal(w, dual)) {
        /* A vertex of the valid set of π may leave an absent solution phase just unstable
         * (Σ_i x_i = 1 + 1e-10: one species at x = 1 and the others at traces) where other
         * valid π keep it stable. Ask for x_i ≤ 1/m on each of its m species (which makes
         * Σ x_i ≤ 1) and keep that π when the LP still finds the present state optimal. */
        int shift = 0;
        for (size_t p = 0; p < w->np; p++) {
            const orf__eq_phase *ph = &s->ph[p];
            if (w->present[p] || !solution(ph) || !(solution_force(w, p, dual) < -1e-10))
                continue;
            double m = 0.0;
            for (size_t i = ph->first; i < ph->first + ph->n; i++)
                m += w->elig[i];
            for (size_t i = ph->first; i < ph->first + ph->n; i++)
                w->cost[i] = w->mu0[i] - log(fmax(m, 1.0));
            shift = 1;
        }
        memcpy(pi_r, dual, nr * sizeof(double));
        if (shift && !orf__eq_level(w, w->lpn, dual) && optimal(w, dual))
            memcpy(pi_r, dual, nr * sizeof(double));
        return 1;
    }
    /* the LP's assemblage goes in: its absent solution phases (the gas that takes the oxygen of
     * C + Cr2O3 → Cr3C2 + CO), and its absent pure phase of largest amount through *add */
    double big = 0.0, tot = 0.0;
    for (size_t e = 0; e < w->ne; e++)
        tot += w->b[e];
    for (size_t p = 0; p < w->np; p++) {
        const orf__eq_phase *ph = &s->ph[p];
        if (w->present[p])
            continue;
        double amt = 0.0;
        for (size_t i = ph->first; i < ph->first + ph->n; i++)
            amt += w->lpn[i];
        if (!(amt > 1e-12 * tot))
            continue;
        if (solution(ph))
            seed_solution(w, p, SEED * tot, pi_r);
        else if (amt > big) {
            big = amt;
            *add = p;
        }
    }
    return 0;
}

orf_status orf__eq_minimise(orf_eq_work *w, const double *feed, const orf_eq_options *o,
                            int *iterations)
{
    const orf_eq_system *s = w->sys;
    double *pi_r = w->lambda; /* per independent row while solving */
    memset(pi_r, 0, w->ne * sizeof(double));
    w->have_prev = 0;
    orf_status st = start(w, feed, o, pi_r);
    if (st)
        return st;
    int it = 0, ok = 0, stall = 0, restarts = 0, bounces = 0;
    double err = HUGE_VAL, dmax = HUGE_VAL;
    /* assemblages settled on before a phase was added: the same one three times is a cycle of
     * phase changes (each seeing the other's phase as more stable at its own potentials); the
     * search then starts again from the linear programme, as a cold start does */
    unsigned long long seen[16];
    int nseen = 0;
    while (it < o->max_iter) {
        step_info si;
        it++;
        int diverged = 0;
        for (size_t r = 0; r < w->nrows; r++)
            diverged |= !(fabs(pi_r[r]) < 1e4);
        if ((++stall > 25 || diverged) && restarts < 2) {
            /* no convergence on one assemblage in 25 steps, or element potentials running away:
             * the assemblage cannot hold the elements (a start from the feed without graphite
             * where graphite must be), and the Newton iteration runs after a boundary it cannot
             * reach. Start again from the linear programme, the assemblage of least G without
             * mixing (Eriksson & Thompson 1989). */
            orf_eq_options lv = *o;
            lv.start = ORF_EQ_START_LEVEL;
            if ((st = start(w, feed, &lv, pi_r)))
                return st;
            stall = 0;
            restarts++;
        }
        if (newton_step(w, pi_r, &si)) {
            if (restarts < 2) {
                stall = 1000; /* restart at the next iteration */
                continue;
            }
            return orf_diag_emit(w->ctx, ORF_E_NUMERIC, NULL, NULL,
                                 "equilibrium: singular Newton system at %g K", w->t_k);
        }
        err = si.err;
        dmax = si.dmax;
        if (si.bounced && ++bounces % 2 == 0 && bounces <= 20) {
            /* a phase the test calls for cannot join this assemblage alone: new LP start */
            if (relevel(w, pi_r))
                return orf_diag_emit(w->ctx, ORF_E_NUMERIC, NULL, NULL,
                                     "equilibrium: the linear programme failed");
            stall = 0;
            continue;
        }
        if (si.changed)
            stall = 0;
        if (si.changed || !(err < 1e-6))
            continue;
        /* (nearly) converged on this assemblage: add the phase with the most negative driving
         * force; done when none is left and the step is below tol */
        size_t add = w->np;
        double best = -1e-10;
        if (w->degenerate && !potentials_by_lp(w, pi_r, &add) && add < w->np)
            best = -HUGE_VAL; /* the LP's phase goes in */
        for (size_t p = 0; p < w->np; p++) {
            const orf__eq_phase *ph = &s->ph[p];
            if (w->present[p])
                continue;
            double f = HUGE_VAL;
            if (!solution(ph)) {
                if (w->elig[ph->first])
                    f = w->mu0[ph->first] - orf__eq_pia(w, pi_r, ph->first);
            } else
                f = solution_force(w, p, pi_r);
            if (f < best) {
                best = f;
                add = p;
            }
        }
        if (add == w->np) {
            if (err < o->tol) {
                ok = 1;
                break;
            }
            continue;
        }
        unsigned long long sig = 1469598103934665603ULL; /* FNV-1a over the present phases */
        for (size_t p = 0; p < w->np; p++)
            sig = (sig ^ (unsigned long long)(w->present[p] ? p + 1 : 0)) * 1099511628211ULL;
        sig = (sig ^ (unsigned long long)add) * 1099511628211ULL;
        int repeats = 0;
        for (int k = 0; k < nseen; k++)
            repeats += seen[k] == sig;
        if (nseen < 16)
            seen[nseen++] = sig;
        if (repeats >= 2 && restarts < 2) {
            nseen = 0;
            stall = 1000; /* restart from the linear programme at the next iteration */
            continue;
        }
        double tot = 0.0;
        for (size_t e = 0; e < w->ne; e++)
            tot += w->b[e];
        stall = 0;
        if (solution(&s->ph[add]))
            seed_solution(w, add, SEED * tot, pi_r);
        else if (!orf__eq_exchange(w, add)) {
            w->present[add] = 1;
            w->n[s->ph[add].first] = 0.0;
        }
    }
    *iterations = it;
    if (!ok)
        return orf_diag_emit(w->ctx, ORF_E_NOT_CONVERGED, NULL, NULL,
                             "equilibrium at %g K, %g bar: not converged in %d iterations "
                             "(largest relative step %.3g, largest Δln n %.3g)",
                             w->t_k, w->p_bar, it, err, dmax);
    potentials(w);
    for (size_t i = 0; i < w->ns; i++) {
        int p = s->phase[i];
        if (!w->present[p] || !w->elig[i] || (solution(&s->ph[p]) && w->lnn[i] <= LN_FLOOR + 1.0))
            w->n[i] = 0.0;
    }
    for (size_t p = 0; p < w->np; p++)
        if (!w->present[p])
            w->phase_n[p] = 0.0;
    memset(w->pi, 0, w->ne * sizeof(double));
    for (size_t r = 0; r < w->nrows; r++)
        w->pi[w->rows[r]] = pi_r[r];
    return ORF_OK;
}
