/* Liquidus of an oxide slag from the Gibbs engine (include/oreflow/slag_liquidus.h).
 *
 * At the liquidus the melt has the slag's own composition, so one equilibrium of the melt alone
 * (the "oxide_melt" regular solution, src/thermo/solution_models.c) gives its element potentials
 * λ_j(T), and solid φ is stable with it when its saturation index
 *   SI_φ(T) = (Σ_j a_φj λ_j − g°_φ(T)) / RT ≥ 0
 * (a_φj: atoms of element j in φ; g°_φ from data/thermo.yaml). The liquidus is the highest root of
 * max_φ SI_φ(T): bisection on T in [1200, 2800] K to a 20 K bracket, then Illinois regula falsi
 * to 1e-7 K, from the end where a solid is stable
 * (max SI > 0) to the end where none is. Equivalent to bisection on the full melt + solids
 * equilibrium with the solid amount → 0, without the phase add/drop of each trial T.
 * Method and accuracy: docs/models.md "Slag liquidus (issue 16)".
 */
#include "oreflow/slag_liquidus.h"

#include "oreflow/equilibrium.h"

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
};

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

/* Gibbs energy of the crystal of solid k at t_k, J/mol. */
static double g_crystal(const orf_slag_liq *sl, size_t k, double t_k)
{
    const orf_species *s = sl->solid[k];
    const orf_thermo_range *last = NULL;
    for (size_t i = 0; i < s->nr; i++)
        if (s->r[i].tmax_k <= solids[k].t_fus_k + 0.5)
            last = &s->r[i];
    if (!last || t_k <= last->tmax_k)
        return orf_species_g_j_mol(s, t_k);
    double t1 = last->tmax_k, cp = orf_thermo_range_cp(last, t1);
    double h = orf_thermo_range_h(last, t1) + cp * (t_k - t1);
    double sv = orf_thermo_range_s(last, t1) + cp * log(t_k / t1);
    return h - t_k * sv;
}

static double si_of(const orf_slag_liq *sl, size_t k, const orf_eq_result *r, double t_k)
{
    const orf_species *s = sl->solid[k];
    double mu = 0.0;
    for (size_t j = 0; j < sl->nel; j++)
        mu += s->counts[j] * r->lambda[j];
    return (mu - g_crystal(sl, k, t_k)) / (ORF_R_J_MOLK * t_k);
}

/* max_φ SI_φ at t_k (its phase into *which); -HUGE_VAL when no solid applies. */
static orf_status max_si(orf_slag_liq *sl, double t_k, double *si, size_t *which)
{
    orf_eq_options o;
    orf_eq_options_init(&o);
    o.start = ORF_EQ_START_FEED;
    orf_eq_result r;
    orf_status st = orf_eq_solve_tp(sl->w, sl->feed, t_k, 1.0, &o, &r);
    if (st < 0)
        return st;
    *si = -HUGE_VAL;
    *which = NSOLID;
    for (size_t k = 0; k < NSOLID; k++) {
        if (!solid_possible(sl, k))
            continue;
        double v = si_of(sl, k, &r, t_k);
        if (v > *si) {
            *si = v;
            *which = k;
        }
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
    double lo = ORF_SLAG_LIQ_TMIN_K, hi = ORF_SLAG_LIQ_TMAX_K, s_lo, s_hi;
    size_t k_lo, k_hi;
    int last_side = 0; /* Illinois: the side the last point fell on */
    orf_status st;
    if ((st = max_si(sl, hi, &s_hi, &k_hi)))
        return st;
    if (s_hi >= 0.0) {
        *t_liq_k = hi;
        if (primary_phase)
            *primary_phase = solids[k_hi].name;
        return ORF_E_RANGE;
    }
    if ((st = max_si(sl, lo, &s_lo, &k_lo)))
        return st;
    if (!(s_lo >= 0.0)) {
        *t_liq_k = lo;
        return ORF_E_RANGE;
    }
    /* bisection to a 20 K bracket, then Illinois regula falsi on the (continuous) largest
     * saturation index, to ORF_SLAG_LIQ_TOL_K: the liquidus is then a smooth function of the
     * composition, fit for a design spec */
    for (int it = 0; it < 200 && hi - lo > ORF_SLAG_LIQ_TOL_K; it++) {
        int falsi = hi - lo <= 20.0 && s_lo > s_hi;
        double mid = falsi ? lo + (hi - lo) * s_lo / (s_lo - s_hi) : 0.5 * (lo + hi), s;
        if (!(mid > lo && mid < hi))
            mid = 0.5 * (lo + hi);
        size_t k;
        if ((st = max_si(sl, mid, &s, &k)))
            return st;
        if (fabs(s) < 1e-15) { /* on the liquidus */
            lo = hi = mid;
            k_lo = k;
            break;
        }
        if (s > 0.0) {
            if (falsi && last_side > 0)
                s_hi *= 0.5; /* Illinois: the same end twice, halve the other's weight */
            lo = mid;
            s_lo = s;
            k_lo = k;
            last_side = 1;
        } else {
            if (falsi && last_side < 0)
                s_lo *= 0.5;
            hi = mid;
            s_hi = s;
            last_side = -1;
        }
    }
    *t_liq_k = 0.5 * (lo + hi);
    if (primary_phase)
        *primary_phase = solids[k_lo].name;
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
        if ((st = max_si(sl, t_k, g, &kk)))
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
        if ((st = max_si(sl, t_k, &g, &kk)))
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
