/* Liquidus of an oxide slag (include/oreflow/slag_liquidus.h).
 *
 * At the liquidus the melt has the slag's own composition, and solid φ is stable with it when its
 * saturation index
 *   SI_φ(T) = (Σ_s ν_φs μ_s(T) − g°_φ(T)) / RT ≥ 0
 * (ν_φs: melt species s per formula of φ — each melt species holds one cation, so φ's cations fix
 * them; μ_s the chemical potential of s in the "oxide_melt" regular solution of
 * src/thermo/solution_models.c; g°_φ from data/thermo.yaml). The melt is one phase whose every
 * species holds its own cation, so the element balances fix its composition: its Gibbs
 * equilibrium is the feed itself, and μ_s = g°_s(T) + RT ln x_s + Σ_j x_j W_sj − Σ_{i<j} x_i x_j
 * W_ij is evaluated directly (the same expression the engine's λ satisfy at convergence:
 * Σ_j a_sj λ_j = μ_s; W does not depend on T). dSI_φ/dT = (h°_φ − Σ_s ν_φs H̄_s)/(RT²) with the
 * partial enthalpy H̄_s = h°_s + μex_s (Gibbs–Helmholtz; the excess is all enthalpy).
 * The liquidus is the highest root of max_φ SI_φ(T) in [1200, 2800] K, found by a safeguarded
 * Newton iteration in 1/T (rtsafe: Press et al., Numerical Recipes 3rd ed. 2007, §9.4): each
 * SI_φ is close to linear in 1/T (its slope is the dissolution enthalpy over R), so the first
 * guess is the highest of the solids' roots interpolated linearly in 1/T between the bracket's
 * ends, and Newton steps that leave the bracket or fail to halve the step are bisection steps;
 * to ORF_SLAG_LIQ_TOL_K (1e-7 K). Equivalent to the full melt + solids equilibrium with the solid
 * amount → 0, without the phase add/drop of each trial T.
 * Method and accuracy: docs/models.md "Slag liquidus (issue 16)".
 */
#include "oreflow/slag_liquidus.h"

#include "oreflow/equilibrium.h"

#include "equilibrium_impl.h" /* the melt's W_ij (read only) */

#include <math.h>
#include <string.h>

typedef struct melt_oxide {
    int oxide;           /* orf_slag_oxide */
    const char *species; /* melt species, one cation */
    double cations;      /* cations per oxide formula */
} melt_oxide;

static const melt_oxide melt_ox[] = {
    {ORF_SLAG_SIO2, "SiO2(L)", 1.0}, {ORF_SLAG_AL2O3, "AlO1.5(L)", 2.0},
    {ORF_SLAG_MGO, "MgO(L)", 1.0},   {ORF_SLAG_CAO, "CaO(L)", 1.0},
    {ORF_SLAG_FEO, "FeO(L)", 1.0},   {ORF_SLAG_CR2O3, "CrO1.5(L)", 2.0},
};
#define NMELT (sizeof melt_ox / sizeof *melt_ox)

typedef struct solid_phase {
    const char *name;    /* mineral */
    const char *species; /* thermo species */
    double t_fus_k;      /* the source's melting point: its ranges above it are the liquid */
} solid_phase;

/* The crystal is used at every T (above its melting point extrapolated with the constant Cp of
 * its last crystal range, the file's convention): the liquid record of the same species would
 * make the pure liquid compound, not the melt model, the phase to compare with. */
static const solid_phase solids[] = {
    {"periclase", "MgO", 3100.0},         {"cristobalite", "SiO2", 1996.0},
    {"corundum", "Al2O3", 2327.0},        {"lime", "CaO", 3172.0},
    {"eskolaite", "Cr2O3", 2705.0},       {"forsterite", "Mg2SiO4", 2171.0},
    {"protoenstatite", "MgSiO3", 1850.0}, {"spinel", "MgAl2O4", 2408.0},
};
#define NSOLID (sizeof solids / sizeof *solids)

struct orf_slag_liq {
    orf_ctx *ctx;
    const orf_thermo_db *db;
    orf_eq_system *sys;
    orf_eq_work *w;
    int sp[NMELT];                    /* system species of each melt oxide */
    const orf_species *solid[NSOLID]; /* NULL when the database lacks it */
    double feed[NMELT];
    size_t nel;
    /* the direct evaluation (system species order s; the system is the melt alone) */
    const orf_species *msp[NMELT];        /* melt species s */
    double wm[NMELT * NMELT];             /* W_ij, J/mol */
    double nu[NSOLID][NMELT];             /* melt species s per formula of solid k */
    const orf_thermo_range *last[NSOLID]; /* solid k's last crystal range (NULL: none) */
    /* of the composition set by set_feed */
    int possible[NSOLID]; /* solid_possible */
    double lnx[NSOLID];   /* Σ_s ν_ks ln x_s */
    double ex[NSOLID];    /* Σ_s ν_ks μex_s, J/mol */
};

/* ν of every solid from its cations (each melt species holds one); a solid with an element the
 * melt lacks, or whose oxygen is not that of its cations' melt oxides, cannot be used. */
static orf_status solid_stoichiometry(orf_slag_liq *sl)
{
    const orf_matdb *mdb = orf_thermo_matdb(sl->db);
    const int el_o = orf_matdb_element_index(mdb, "O");
    int cat[NMELT];
    for (size_t s = 0; s < NMELT; s++) {
        cat[s] = -1;
        for (size_t j = 0; j < sl->nel; j++)
            if ((int)j != el_o && sl->msp[s]->counts[j] > 0)
                cat[s] = cat[s] < 0 ? (int)j : -2;
        if (cat[s] < 0)
            return orf_diag_emit(sl->ctx, ORF_E_INTERNAL, NULL, "slag liquidus",
                                 "melt species '%s' must hold exactly one cation",
                                 sl->msp[s]->name);
    }
    for (size_t k = 0; k < NSOLID; k++) {
        const orf_species *sp = sl->solid[k];
        if (!sp)
            continue;
        double o = 0.0, left = 0.0;
        for (size_t s = 0; s < NMELT; s++) {
            sl->nu[k][s] = sp->counts[cat[s]] / sl->msp[s]->counts[cat[s]];
            o += sl->nu[k][s] * (el_o >= 0 ? sl->msp[s]->counts[el_o] : 0.0);
        }
        for (size_t j = 0; j < sl->nel; j++) {
            int melt = (int)j == el_o;
            for (size_t s = 0; s < NMELT; s++)
                melt |= cat[s] == (int)j;
            left += melt ? 0.0 : fabs(sp->counts[j]);
        }
        if (left > 0 || (el_o >= 0 && fabs(o - sp->counts[el_o]) > 1e-9))
            return orf_diag_emit(sl->ctx, ORF_E_INTERNAL, NULL, "slag liquidus",
                                 "solid '%s' is not made of the melt's oxides", sp->name);
    }
    return ORF_OK;
}

orf_status orf_slag_liq_alloc(orf_ctx *ctx, const orf_thermo_db *db, orf_slag_liq **out)
{
    *out = NULL;
    orf_slag_liq *sl = orf_calloc(ctx, 1, sizeof *sl);
    if (!sl)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    sl->ctx = ctx;
    sl->db = db;
    sl->nel = orf_matdb_element_count(orf_thermo_matdb(db));
    const char *names[NMELT];
    for (size_t i = 0; i < NMELT; i++) {
        names[i] = melt_ox[i].species;
        if (orf_thermo_index(db, names[i]) < 0) {
            orf_slag_liq_free(sl);
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, "slag liquidus",
                                 "the thermo database has no melt species '%s' (data/thermo.yaml)",
                                 names[i]);
        }
    }
    int ph = -1;
    orf_status st = orf_eq_system_alloc(ctx, db, &sl->sys);
    if (!st)
        st = orf_eq_system_add_solution(sl->sys, "oxide_melt", "melt", NULL, NULL, &ph);
    if (!st && ph < 0)
        st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, "slag liquidus", "no melt phase");
    if (!st)
        st = orf_eq_work_alloc(sl->sys, &sl->w);
    if (st) {
        orf_slag_liq_free(sl);
        return st;
    }
    for (size_t i = 0; i < NMELT; i++)
        sl->sp[i] = orf_eq_species_find(sl->sys, melt_ox[i].species, ph);
    for (size_t k = 0; k < NSOLID; k++) {
        int s = orf_thermo_index(db, solids[k].species);
        sl->solid[k] = s >= 0 ? orf_thermo_species(db, (size_t)s) : NULL;
        for (size_t i = 0; sl->solid[k] && i < sl->solid[k]->nr; i++)
            if (sl->solid[k]->r[i].tmax_k <= solids[k].t_fus_k + 0.5)
                sl->last[k] = &sl->solid[k]->r[i];
    }
    const orf__eq_phase *mph = &sl->sys->ph[ph];
    if (orf_eq_species_count(sl->sys) != NMELT || mph->n != NMELT || !mph->w)
        st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, "slag liquidus", "melt is not regular");
    else {
        memcpy(sl->wm, mph->w, sizeof sl->wm);
        for (size_t s = 0; s < NMELT; s++)
            sl->msp[s] = orf_eq_species_get(sl->sys, s);
        st = solid_stoichiometry(sl);
    }
    if (st) {
        orf_slag_liq_free(sl);
        return st;
    }
    *out = sl;
    return ORF_OK;
}

void orf_slag_liq_free(orf_slag_liq *sl)
{
    if (!sl)
        return;
    orf_eq_work_free(sl->w);
    orf_eq_system_free(sl->sys);
    orf_free(sl->ctx, sl);
}

/* Moles of cations per melt species from oxide masses (normalised to 1 mol); 0 if none. */
static int set_feed(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX])
{
    double tot = 0.0;
    for (size_t i = 0; i < NMELT; i++) {
        double m = mass[melt_ox[i].oxide];
        double n = isfinite(m) && m > 0
                       ? m / orf_slag_oxide_molar_mass_g_mol(melt_ox[i].oxide) * melt_ox[i].cations
                       : 0.0;
        sl->feed[i] = n;
        tot += n;
    }
    if (!(tot > 0))
        return 0;
    double feed[NMELT] = {0};
    for (size_t i = 0; i < NMELT; i++)
        feed[sl->sp[i]] = sl->feed[i] / tot;
    memcpy(sl->feed, feed, sizeof feed);
    /* μex_s = Σ_j x_j W_sj − Σ_{i<j} x_i x_j W_ij (x = feed: the melt's composition) */
    double q[NMELT], pq = 0.0, lnx[NMELT];
    for (size_t s = 0; s < NMELT; s++) {
        q[s] = 0.0;
        for (size_t j = 0; j < NMELT; j++)
            q[s] += feed[j] * sl->wm[s * NMELT + j];
        pq += 0.5 * feed[s] * q[s];
        lnx[s] = feed[s] > 0 ? log(feed[s]) : 0.0;
    }
    for (size_t k = 0; k < NSOLID; k++) {
        sl->possible[k] = sl->solid[k] != NULL; /* as solid_possible: its cations' species fed */
        for (size_t s = 0; s < NMELT; s++)
            sl->possible[k] &= !(sl->nu[k][s] > 0) || feed[s] > 0;
        sl->lnx[k] = sl->ex[k] = 0.0;
        for (size_t s = 0; sl->possible[k] && s < NMELT; s++)
            if (sl->nu[k][s] > 0) {
                sl->lnx[k] += sl->nu[k][s] * lnx[s];
                sl->ex[k] += sl->nu[k][s] * (q[s] - pq);
            }
    }
    return 1;
}

/* Solid k possible: the melt holds every element of it (judged from the feed: the engine's λ of
 * an element whose balance row is dependent, such as O here, is reported as 0). */
static int solid_possible(const orf_slag_liq *sl, size_t k)
{
    const orf_species *s = sl->solid[k];
    if (!s)
        return 0;
    for (size_t j = 0; j < sl->nel; j++) {
        if (!(s->counts[j] > 0))
            continue;
        double b = 0.0;
        for (size_t i = 0; i < NMELT; i++)
            b += sl->feed[i] * orf_eq_species_get(sl->sys, i)->counts[j];
        if (!(b > 0))
            return 0;
    }
    return 1;
}

/* Gibbs energy of the crystal of solid k at t_k, J/mol; its enthalpy into *h when h is not
 * NULL. */
static double g_crystal_h(const orf_slag_liq *sl, size_t k, double t_k, double *h)
{
    const orf_species *s = sl->solid[k];
    const orf_thermo_range *last = sl->last[k];
    if (!last || t_k <= last->tmax_k) {
        if (h)
            *h = orf_species_h_j_mol(s, t_k);
        return orf_species_g_j_mol(s, t_k);
    }
    double t1 = last->tmax_k, cp = orf_thermo_range_cp(last, t1);
    double hv = orf_thermo_range_h(last, t1) + cp * (t_k - t1);
    double sv = orf_thermo_range_s(last, t1) + cp * log(t_k / t1);
    if (h)
        *h = hv;
    return hv - t_k * sv;
}

static double g_crystal(const orf_slag_liq *sl, size_t k, double t_k)
{
    return g_crystal_h(sl, k, t_k, NULL);
}

static double si_of(const orf_slag_liq *sl, size_t k, const orf_eq_result *r, double t_k)
{
    const orf_species *s = sl->solid[k];
    double mu = 0.0;
    for (size_t j = 0; j < sl->nel; j++)
        mu += s->counts[j] * r->lambda[j];
    return (mu - g_crystal(sl, k, t_k)) / (ORF_R_J_MOLK * t_k);
}

/* max_φ SI_φ at t_k over the solids possible in the composition of set_feed (its phase into
 * *which, its dSI/dT into *dsi when dsi is not NULL, every solid's SI into all[] when all is not
 * NULL, -HUGE_VAL for those not possible); -HUGE_VAL when no solid applies. */
static orf_status max_si(orf_slag_liq *sl, double t_k, double *si, size_t *which, double *dsi,
                         double all[NSOLID])
{
    double g[NMELT];
    int need[NMELT] = {0};
    for (size_t k = 0; k < NSOLID; k++)
        for (size_t s = 0; sl->possible[k] && s < NMELT; s++)
            need[s] |= sl->nu[k][s] > 0;
    for (size_t s = 0; s < NMELT; s++)
        g[s] = need[s] ? orf_species_g_j_mol(sl->msp[s], t_k) : 0.0;
    const double rt = ORF_R_J_MOLK * t_k;
    *si = -HUGE_VAL;
    *which = NSOLID;
    for (size_t k = 0; k < NSOLID; k++) {
        double v = -HUGE_VAL;
        if (sl->possible[k]) {
            double mu = sl->ex[k];
            for (size_t s = 0; s < NMELT; s++)
                mu += sl->nu[k][s] > 0 ? sl->nu[k][s] * g[s] : 0.0;
            v = (mu - g_crystal(sl, k, t_k)) / rt + sl->lnx[k];
            if (!isfinite(v))
                return orf_diag_emit(sl->ctx, ORF_E_NUMERIC, NULL, "slag liquidus",
                                     "saturation index of %s at %g K is not finite", solids[k].name,
                                     t_k);
        }
        if (all)
            all[k] = v;
        if (v > *si) {
            *si = v;
            *which = k;
        }
    }
    if (dsi && *which < NSOLID) { /* (h°_φ − Σ ν (h°_s + μex_s)) / RT² */
        double h;
        (void)g_crystal_h(sl, *which, t_k, &h);
        h -= sl->ex[*which];
        for (size_t s = 0; s < NMELT; s++)
            if (sl->nu[*which][s] > 0)
                h -= sl->nu[*which][s] * orf_species_h_j_mol(sl->msp[s], t_k);
        *dsi = h / (rt * t_k);
    }
    return ORF_OK;
}

orf_status orf_slag_liq_eval(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX], double *t_liq_k,
                             const char **primary_phase)
{
    *t_liq_k = NAN;
    if (primary_phase)
        *primary_phase = "none";
    if (!set_feed(sl, mass))
        return ORF_E_INPUT; /* none of the melt's oxides (no diagnostic: a query, see header) */
    double lo = ORF_SLAG_LIQ_TMIN_K, hi = ORF_SLAG_LIQ_TMAX_K, s_lo, s_hi, a_lo[NSOLID],
           a_hi[NSOLID];
    size_t k_lo, k_hi;
    orf_status st;
    if ((st = max_si(sl, hi, &s_hi, &k_hi, NULL, a_hi)))
        return st;
    if (s_hi >= 0.0) {
        *t_liq_k = hi;
        if (primary_phase)
            *primary_phase = solids[k_hi].name;
        return ORF_E_RANGE;
    }
    if ((st = max_si(sl, lo, &s_lo, &k_lo, NULL, a_lo)))
        return st;
    if (!(s_lo >= 0.0)) {
        *t_liq_k = lo;
        return ORF_E_RANGE;
    }
    /* first guess: each solid's root with its SI linear in 1/T between the ends (exact for a
     * constant dissolution enthalpy), the highest of them */
    double t = 0.0;
    for (size_t k = 0; k < NSOLID; k++)
        if (a_lo[k] >= 0.0 && a_hi[k] < 0.0)
            t = fmax(t, 1.0 / (1.0 / hi + (1.0 / lo - 1.0 / hi) * a_hi[k] / (a_hi[k] - a_lo[k])));
    if (!(t > lo && t < hi))
        t = 0.5 * (lo + hi);
    /* safeguarded Newton in 1/T on the largest saturation index (rtsafe, Numerical Recipes
     * §9.4): [lo, hi] keeps the sign change; a step out of it, or not under half the step before
     * last (a kink where the primary phase changes), is a bisection; to ORF_SLAG_LIQ_TOL_K: the
     * liquidus is then a smooth function of the composition, fit for a design spec */
    double dx_old = hi - lo, dx = dx_old, t_liq = 0.5 * (lo + hi);
    size_t k = k_lo;
    for (int it = 0; it < 200; it++) {
        double s, ds = 0.0;
        if ((st = max_si(sl, t, &s, &k, &ds, NULL)))
            return st;
        if (fabs(s) < 1e-15) { /* on the liquidus */
            t_liq = t;
            break;
        }
        if (s > 0.0)
            lo = t;
        else
            hi = t;
        double tn = ds < 0.0 ? t / (1.0 + s / (t * ds)) : (double)NAN; /* SI' = −T² dSI/dT */
        if (!(tn > lo && tn < hi) || fabs(tn - t) > 0.5 * fabs(dx_old))
            tn = 0.5 * (lo + hi);
        dx_old = dx;
        dx = tn - t;
        if (hi - lo <= ORF_SLAG_LIQ_TOL_K) {
            t_liq = 0.5 * (lo + hi);
            break;
        }
        t_liq = tn;
        if (fabs(dx) <= ORF_SLAG_LIQ_TOL_K)
            break; /* Newton: the error is then of the order of dx², far below the tolerance */
        t = tn;
    }
    *t_liq_k = t_liq;
    if (primary_phase)
        *primary_phase = solids[k < NSOLID ? k : k_lo].name;
    return ORF_OK;
}

/* Oxide mass fractions of solid k (its formula's oxides; the solids are made of the melt's
 * oxides). */
static void solid_oxides(const orf_slag_liq *sl, size_t k, double frac[ORF_SLAG_NOX])
{
    memset(frac, 0, ORF_SLAG_NOX * sizeof *frac);
    const orf_species *s = sl->solid[k];
    const orf_matdb *mdb = orf_thermo_matdb(sl->db);
    double tot = 0.0;
    for (size_t i = 0; i < NMELT; i++) {
        int ox = melt_ox[i].oxide;
        int e;
        double factor;
        if (orf_oxide_factor(mdb, orf_slag_oxide_formula(ox), &e, &factor) || !(s->counts[e] > 0))
            continue; /* e: the oxide's cation */
        double m = s->counts[e] / melt_ox[i].cations * orf_slag_oxide_molar_mass_g_mol(ox);
        frac[ox] = m;
        tot += m;
    }
    for (size_t i = 0; i < ORF_SLAG_NOX; i++)
        frac[i] = tot > 0 ? frac[i] / tot : 0.0;
}

orf_status orf_slag_liq_solid_fraction(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX],
                                       double t_k, double *f_solid)
{
    *f_solid = 0.0;
    double t_liq;
    const char *phase;
    orf_status st = orf_slag_liq_eval(sl, mass, &t_liq, &phase);
    if (st == ORF_E_RANGE && t_liq <= ORF_SLAG_LIQ_TMIN_K)
        return ORF_OK; /* liquid down to the bracket */
    if (st && st != ORF_E_RANGE)
        return st;
    if (!(t_liq > t_k))
        return ORF_OK;
    size_t k = 0;
    while (k < NSOLID && strcmp(solids[k].name, phase))
        k++;
    if (k == NSOLID)
        return ORF_E_INTERNAL;
    double frac[ORF_SLAG_NOX], tot = 0.0, fmax = 1.0, m[ORF_SLAG_NOX];
    solid_oxides(sl, k, frac);
    for (size_t i = 0; i < ORF_SLAG_NOX; i++)
        tot += isfinite(mass[i]) && mass[i] > 0 ? mass[i] : 0.0;
    for (size_t i = 0; i < ORF_SLAG_NOX; i++)
        if (frac[i] > 0)
            fmax = fmin(fmax, (mass[i] > 0 ? mass[i] : 0.0) / (tot * frac[i]));
    /* lever rule: remove f·M of the primary solid until the rest is just saturated at t_k: the
     * largest saturation index of the rest at t_k, g(f), falls to 0 (one melt equilibrium per
     * trial f; Illinois regula falsi on f to 1e-5; the primary phase is held, an approximation
     * past a second saturation) */
    double lo = 0.0, hi = 0.999 * fmax, g_lo, g_hi;
    size_t kk;
    for (int end = 0; end < 2; end++) {
        double f = end ? hi : lo, *g = end ? &g_hi : &g_lo;
        for (size_t i = 0; i < ORF_SLAG_NOX; i++)
            m[i] = (mass[i] > 0 ? mass[i] : 0.0) - f * tot * frac[i];
        if (!set_feed(sl, m))
            return ORF_E_INPUT;
        if ((st = max_si(sl, t_k, g, &kk, NULL, NULL)))
            return st;
    }
    if (!(g_lo > 0)) { /* saturated at t_k already by the bracket's end: nothing to remove */
        *f_solid = 0.0;
        return ORF_OK;
    }
    if (g_hi > 0) { /* still saturated with all the primary phase out: the cap */
        *f_solid = hi;
        return ORF_OK;
    }
    int side = 0;
    for (int it = 0; it < 60 && hi - lo > 1e-5; it++) {
        double f = lo + (hi - lo) * g_lo / (g_lo - g_hi), g;
        if (!(f > lo && f < hi) || it % 4 == 3)
            f = 0.5 * (lo + hi);
        for (size_t i = 0; i < ORF_SLAG_NOX; i++)
            m[i] = (mass[i] > 0 ? mass[i] : 0.0) - f * tot * frac[i];
        if (!set_feed(sl, m))
            return ORF_E_INPUT;
        if ((st = max_si(sl, t_k, &g, &kk, NULL, NULL)))
            return st;
        if (fabs(g) < 1e-10)
            lo = hi = f;
        else if (g > 0) {
            lo = f;
            g_lo = g;
            if (side == 1)
                g_hi *= 0.5;
            side = 1;
        } else {
            hi = f;
            g_hi = g;
            if (side == -1)
                g_lo *= 0.5;
            side = -1;
        }
    }
    *f_solid = 0.5 * (lo + hi);
    return ORF_OK;
}

double orf_slag_liq_melting_heat_kj(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX], double t_k)
{
    double n[NMELT] = {0}, h_std = 0.0, h_melt = 0.0, tot_kg = 0.0;
    for (size_t i = 0; i < NMELT; i++) {
        int ox = melt_ox[i].oxide;
        double m = mass[ox];
        if (!(isfinite(m) && m > 0))
            continue;
        int std = orf_thermo_index(sl->db, orf_slag_oxide_formula(ox));
        if (std < 0)
            return NAN;
        double kmol = m / orf_slag_oxide_molar_mass_g_mol(ox); /* mass in kg: kmol */
        tot_kg += m;
        h_std += kmol * orf_species_h_j_mol(orf_thermo_species(sl->db, (size_t)std), t_k);
        n[sl->sp[i]] = kmol * melt_ox[i].cations;
        h_melt +=
            n[sl->sp[i]] * orf_species_h_j_mol(orf_eq_species_get(sl->sys, (size_t)sl->sp[i]), t_k);
    }
    if (!(tot_kg > 0))
        return 0.0;
    h_melt += orf_eq_excess_h_j(sl->sys, 0, n); /* the melt is the system's only phase */
    return h_melt - h_std;                      /* kmol × J/mol = kJ */
}

double orf_slag_liq_saturation(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX], double t_k,
                               const char *phase)
{
    size_t k = 0;
    while (k < NSOLID && strcmp(solids[k].name, phase))
        k++;
    if (k == NSOLID || !set_feed(sl, mass))
        return NAN;
    orf_eq_options o;
    orf_eq_options_init(&o);
    o.start = ORF_EQ_START_FEED;
    orf_eq_result r;
    if (orf_eq_solve_tp(sl->w, sl->feed, t_k, 1.0, &o, &r) < 0 || !solid_possible(sl, k))
        return NAN;
    return si_of(sl, k, &r, t_k);
}
