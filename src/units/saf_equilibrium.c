/* Submerged-arc ferrochrome furnace, predictive model (`model: equilibrium`).
 *
 * The charge (less its dust) splits three ways (docs/models.md "Submerged-arc furnace, predictive
 * model"; the picture of Cr losses of Hayes 2004, INFACON X, "Aspects of SAF smelting of
 * ferrochrome", and Xu & Dai 1992, INFACON 6: unreduced chromite and alloy droplets dominate the
 * Cr of FeCr slag, dissolved Cr oxide is the smaller part):
 *
 * 1. Undissolved chromite. Grains of radius r0 dissolve in the slag under diffusion control (a
 *    shrinking sphere, Sherwood number 2: r dr/dt = −D ρ_sl Δw / ρ_sp), so the time to dissolve a
 *    grain is t_d = ρ_sp r0² / (2 D ρ_sl Δw) and the share still solid after the residence time τ
 *    is X_u = (1 − τ/t_d)^{3/2} (0 when τ ≥ t_d). Δw is the Cr2O3 mass fraction of slag saturated
 *    with chromite (the bulk is kept near zero by the reduction). D from the Eyring relation
 *    D = k_B T / (λ η), λ = 0.28 nm (the O²⁻ diameter; Mills & Keene 1987, Int. Mater. Rev. 32:1),
 *    η the Urbain viscosity of the gangue slag (the charge's SiO2, Al2O3, MgO, CaO, TiO2). The
 *    undissolved share X_u of the Cr and Fe oxides reports to the slag unchanged.
 * 2. Gibbs equilibrium of the rest at the slag temperature and 1 bar (src/thermo/equilibrium*.c):
 *    ideal gas, liquid Fe–Cr–Si–C alloy and oxide slag (regular solutions, "fecr_metal" and
 *    "oxide_slag" of src/thermo/solution_models.c), graphite, chromium carbides and the other
 *    condensed species the charge carries as pure phases.
 * 3. Alloy prills. Droplets settle through the slag layer (depth h) in the settling time τ_s at
 *    Stokes' velocity v = g Δρ d² / (18 η) (Stokes 1851; Δρ alloy − slag, η of the equilibrium
 *    slag): those below d* = sqrt(18 η h / (g Δρ τ_s)) stay in the slag. With a log-normal mass
 *    distribution of droplet sizes (median d50, spread σ) the entrained share of the alloy is
 *    φ = Φ((ln d* − ln d50) / σ).
 * Energy, off-gas and the reported figures as in the recovery model (saf_ferrochrome.c).
 */
#include <math.h>
#include <string.h>

#include "oreflow/slag.h"
#include "saf_impl.h"

#define KB_J_K 1.380649e-23 /* Boltzmann constant (CODATA 2018) */
#define EYRING_LAMBDA_M 2.8e-10
#define G_M_S2 9.80665
#define SPINEL_DENSITY_KG_M3 4600.0 /* chromite, as data/materials.yaml */

static int carried(const orf__chem *c, int k)
{
    return k >= 0 && c->carrier[k] >= 0; /* the same material at every outlet (no out_phase) */
}

static int keep_species(const char *name, void *arg)
{
    const orf__chem *c = arg;
    return carried(c, orf_thermo_index(c->db, name));
}

orf_status orf__saf_eq_setup(orf_unit *u, orf_ctx *ctx)
{
    saf_state *s = u->state;
    orf__chem *c = &s->c;
    const orf_thermo_db *db = c->db;
    const orf_matdb *mdb = u->sys->db;
    const int el_o = orf_matdb_element_index(mdb, "O"), el_c = orf_matdb_element_index(mdb, "C");
    orf_status st;
    /* the alloy's elements must be carried at the slag outlet too (prills) */
    const int metals[] = {s->cr, s->fe, s->si, s->c_};
    for (size_t i = 0; i < sizeof metals / sizeof *metals; i++)
        if (!carried(c, metals[i]))
            return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                 "the equilibrium model needs a material that carries '%s' "
                                 "(alloy and its prills in the slag)",
                                 orf_thermo_species(db, (size_t)metals[i])->name);
    if ((st = orf_eq_system_alloc(ctx, db, &s->sys)))
        return st;
    const char **gas = orf_unit_alloc(u, c->nsp + 1, sizeof *gas);
    s->grp = orf_unit_alloc(u, c->nsp + 1, sizeof(int)); /* by thermo species, then reused */
    s->undis = orf_unit_alloc(u, c->nsp, sizeof(double));
    if (!gas || !s->grp || !s->undis)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    size_t ng = 0;
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(db, k);
        if (sp->phase == ORF_PHASE_GAS && carried(c, (int)k))
            gas[ng++] = sp->name;
    }
    if (ng && (st = orf_eq_system_add_phase(s->sys, "gas", ORF_EQ_GAS, gas, ng, NULL)))
        return st;
    if ((st = orf_eq_system_add_solution(s->sys, "fecr_metal", "alloy", keep_species, c,
                                         &s->metal_ph)) ||
        (st = orf_eq_system_add_solution(s->sys, "oxide_slag", "slag", keep_species, c,
                                         &s->slag_ph)))
        return st;
    /* every other carried condensed species: a pure phase (graphite, carbides, oxides the slag
     * model does not hold); water and carbonates are decomposed before the equilibrium */
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(db, k);
        if (sp->phase == ORF_PHASE_GAS || sp->phase == ORF_PHASE_AQUEOUS || !carried(c, (int)k) ||
            (int)k == s->h2ol || (int)k == s->caco3)
            continue;
        int in_sol =
            (s->metal_ph >= 0 && orf_eq_species_find(s->sys, sp->name, s->metal_ph) >= 0) ||
            (s->slag_ph >= 0 && orf_eq_species_find(s->sys, sp->name, s->slag_ph) >= 0);
        if ((int)k != s->c_ && in_sol)
            continue;
        const char *one[1] = {sp->name};
        char name[64];
        snprintf(name, sizeof name, "%s(pure)", sp->name);
        if ((st = orf_eq_system_add_phase(s->sys, name, ORF_EQ_PURE, one, 1, NULL)))
            return st;
    }
    s->ns = orf_eq_species_count(s->sys);
    s->th = orf_unit_alloc(u, s->ns + 1, sizeof(int));
    s->feed = orf_unit_alloc(u, s->ns + 1, sizeof(double));
    int *grp = orf_unit_alloc(u, s->ns + 1, sizeof(int));
    if (!s->th || !s->feed || !grp)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < s->ns; i++) {
        const orf_species *sp = orf_eq_species_get(s->sys, i);
        int ph = orf_eq_species_phase(s->sys, i), k = orf_thermo_index(db, sp->name);
        s->th[i] = k;
        c->reach[k] = 1;
        if (orf_eq_phase_kind_of(s->sys, (size_t)ph) == ORF_EQ_GAS)
            grp[i] = O_GAS;
        else if (ph == s->metal_ph)
            grp[i] = O_ALLOY;
        else if (ph == s->slag_ph)
            grp[i] = O_SLAG;
        else { /* pure: carbides (metal and carbon only) join the alloy; graphite and oxides the
                * slag (coke left over is tapped with it) */
            int oxide = el_o >= 0 && sp->counts[el_o] > 0, metal = 0;
            for (size_t e = 0; e < orf_matdb_element_count(mdb); e++)
                metal |= (int)e != el_c && (int)e != el_o && sp->counts[e] > 0;
            grp[i] = !oxide && metal ? O_ALLOY : O_SLAG;
        }
    }
    s->grp = grp;
    /* system species of each thermo species (the feed's map), built once */
    s->sysidx = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!s->sysidx)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t k = 0; k < c->nsp; k++)
        s->sysidx[k] = orf_eq_species_find(s->sys, orf_thermo_species(db, k)->name, -1);
    const orf_matdb *m = u->sys->db;
    s->el_cr = orf_matdb_element_index(m, "Cr");
    s->el_c = el_c;
    s->el_si = orf_matdb_element_index(m, "Si");
    s->el_o = el_o;
    if ((st = orf_eq_work_alloc(s->sys, &s->w)))
        return st;
    return ORF_OK;
}

void orf__saf_eq_teardown(orf_unit *u, orf_ctx *ctx)
{
    saf_state *s = u->state;
    orf_eq_work_free(s->w);
    orf_eq_system_free(s->sys);
    orf_slag_liq_free(s->liq);
    s->w = NULL;
    s->sys = NULL;
    s->liq = NULL;
    orf__chem_teardown(u, ctx);
}

void orf__saf_slag_masses(const saf_state *s, const double *n, int gangue, double *mass)
{
    const orf__chem *c = &s->c;
    memset(mass, 0, ORF_SLAG_NOX * sizeof *mass);
    for (size_t k = 0; k < c->nsp; k++) {
        int ox = s->oxide[k];
        if (ox < 0 || !(n[k] > 0) ||
            (gangue && (ox == ORF_SLAG_CR2O3 || ox == ORF_SLAG_FEO || ox == ORF_SLAG_FE2O3)))
            continue;
        mass[ox] += n[k] * orf_thermo_species(c->db, k)->molar_mass_g_mol / 1000.0;
    }
}

static double g_of(const orf__chem *c, int k, double t_k)
{
    return orf_species_g_j_mol(orf_thermo_species(c->db, (size_t)k), t_k);
}

/* The nodes of the grain-size quadrature (below): radii and weights depend on the parameters
 * d50_m and σ only, so they are kept keyed by those values (a pure function of them: whatever
 * compute came before, the same parameters give the same nodes bit for bit). */
static void grain_nodes(saf_state *s, double d50_m, double sigma)
{
    if (s->grain_ok && s->grain_key[0] == d50_m && s->grain_key[1] == sigma)
        return;
    const int nz = SAF_GRAIN_NODES - 1;
    const double zmax = 5.0, h = 2.0 * zmax / nz;
    double wsum = 0.0;
    for (int i = 0; i <= nz; i++) {
        double z = -zmax + i * h, wgt = exp(-0.5 * z * z) * (i == 0 || i == nz ? 0.5 : 1.0);
        s->grain_r0[i] = 0.5 * d50_m * exp(sigma * z);
        s->grain_w[i] = wgt;
        wsum += wgt;
    }
    s->grain_wsum = wsum;
    s->grain_key[0] = d50_m;
    s->grain_key[1] = sigma;
    s->grain_ok = 1;
}

/* Share of chromite still solid after tau_s in slag: grains of diameter d dissolve in
 * t_d = ρ_sp (d/2)² / (2 D ρ_sl Δw) (diffusion-controlled shrinking sphere, Sh = 2), leaving
 * (1 − τ/t_d)^{3/2} of their mass; summed over a log-normal mass distribution of grain sizes
 * (median d50_m, σ of ln d) by the trapezoidal rule over ±5 σ (161 nodes). */
static double undissolved(saf_state *s, double diff, double rho_sl, double dw, double tau_s,
                          double d50_m, double sigma)
{
    if (!(diff > 0) || !(rho_sl > 0) || !(dw > 0) || !isfinite(diff))
        return 0.0;
    grain_nodes(s, d50_m, sigma);
    double sum = 0.0;
    for (int i = 0; i < SAF_GRAIN_NODES; i++) {
        double r0 = s->grain_r0[i];
        double t_d = SPINEL_DENSITY_KG_M3 * r0 * r0 / (2.0 * diff * rho_sl * dw);
        if (t_d > tau_s)
            sum += s->grain_w[i] * pow(1.0 - tau_s / t_d, 1.5);
    }
    return sum / s->grain_wsum;
}

/* Standard normal distribution function. */
static double phi(double z)
{
    return 0.5 * erfc(-z / sqrt(2.0));
}

int orf__saf_eq_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    saf_state *s = u->state;
    orf__chem *c = &s->c;
    const double *p = u->p;
    double *r = u->r;
    const size_t nsp = c->nsp;
    double h_in_kw = orf__chem_mix(c, in, u->nin);
    double *n = c->n, *o = c->out;
    const double cr_fed_t = orf__chem_element_tph(c, n, "Cr");
    const double c_fed_kmol = n[s->c_];
    const double d = p[P_DUST] / 100.0, t_slag_k = p[P_TS] + 273.15;
    memset(o, 0, NOUT * nsp * sizeof(double));
    /* dust, then water and carbonates */
    for (size_t k = 0; k < nsp; k++) {
        const orf_species *sp = orf_thermo_species(c->db, k);
        double x = (sp->phase != ORF_PHASE_GAS && (int)k != s->h2ol) ? d * n[k] : 0.0;
        o[O_DUST * nsp + k] = x;
        n[k] -= x;
    }
    /* moisture and carbonate CO2 leave the burden top with the off-gas, short of the reaction
     * zone (an assumption: the upper burden is at 200–900 °C, below the water-gas and Boudouard
     * reactions' range of speed) */
    o[O_GAS * nsp + (size_t)s->h2o] += n[s->h2o];
    n[s->h2o] = 0.0;
    if (s->h2ol >= 0) {
        o[O_GAS * nsp + (size_t)s->h2o] += n[s->h2ol];
        n[s->h2ol] = 0.0;
    }
    if (s->caco3 >= 0 && s->cao >= 0 && n[s->caco3] > 0) {
        n[s->cao] += n[s->caco3];
        o[O_GAS * nsp + (size_t)s->co2] += n[s->caco3];
        n[s->caco3] = 0.0;
    }
    /* 1. undissolved chromite */
    double mass[ORF_SLAG_NOX];
    orf__saf_slag_masses(s, n, 1, mass);
    double eta_g = orf_slag_viscosity_pa_s(mass, t_slag_k);
    double rho_g = orf_slag_density_kg_m3(mass, t_slag_k);
    double diff = KB_J_K * t_slag_k / (EYRING_LAMBDA_M * eta_g);
    double xu = undissolved(s, diff, rho_g, p[P_SOL] / 100.0, p[P_RES] * 3600.0,
                            p[P_GRAIN] / 1000.0, p[P_GSIG]);
    if (!isfinite(eta_g) || !isfinite(rho_g))
        xu = 0.0; /* no gangue slag: nothing to dissolve in; reported as NaN viscosity */
    memset(s->undis, 0, nsp * sizeof(double));
    if (xu > 0) { /* the grains keep their share of the chromite's Cr and Fe oxides */
        const int ox[] = {s->cr2o3, s->feo, s->fe2o3};
        for (size_t i = 0; i < sizeof ox / sizeof *ox; i++)
            if (ox[i] >= 0) {
                s->undis[ox[i]] = xu * n[ox[i]];
                n[ox[i]] -= s->undis[ox[i]];
            }
    }
    /* 2. equilibrium of the rest */
    double tot = 0.0;
    for (size_t i = 0; i < s->ns; i++)
        s->feed[i] = 0.0;
    for (size_t k = 0; k < nsp; k++) {
        if (!(n[k] > 0))
            continue;
        int i = s->sysidx[k];
        if (i < 0)
            continue; /* not carried anywhere: cannot be in the charge (setup checked) */
        s->feed[i] += n[k];
        tot += n[k];
    }
    orf_eq_result er;
    memset(&er, 0, sizeof er);
    if (tot > 0) {
        orf_eq_options eo;
        orf_eq_options_init(&eo);
        /* from the LP estimate every time (not the last answer): a result must not depend on
         * which solve came before, or Monte Carlo would differ with its threads' partition */
        eo.start = ORF_EQ_START_LEVEL;
        orf_status st = orf_eq_solve_tp(s->w, s->feed, t_slag_k, 1.0, &eo, &er);
        if (st)
            return -1; /* the solver's diagnostic says why */
        for (size_t i = 0; i < s->ns; i++)
            if (er.n[i] > 0)
                o[(size_t)s->grp[i] * nsp + (size_t)s->th[i]] += er.n[i];
    }
    /* 3. prills: a share φ of the alloy stays in the slag */
    double sl_liq[ORF_SLAG_NOX];
    orf__saf_slag_masses(s, o + O_SLAG * nsp, 0, sl_liq);
    double eta = orf_slag_viscosity_pa_s(sl_liq, t_slag_k);
    /* below its liquidus the slag carries solids (lever rule) that stiffen it for the settling
     * droplets (Roscoe); the liquidus and its results are set here */
    double fs = orf__saf_liquidus(u, sl_liq);
    double eta_eff = eta * orf__saf_roscoe(fs);
    double rho_s = orf_slag_density_kg_m3(sl_liq, t_slag_k);
    double drho = p[P_RHOM] - rho_s;
    double dcut = drho > 0 && eta_eff > 0
                      ? sqrt(18.0 * eta_eff * p[P_DEPTH] / (G_M_S2 * drho * p[P_SETTLE] * 60.0))
                      : (double)INFINITY;
    double prill = isfinite(dcut) ? phi((log(dcut * 1000.0) - log(p[P_D50])) / p[P_SIG]) : 1.0;
    if (!isfinite(eta))
        prill = 0.0; /* no slag: nothing to hold droplets */
    for (size_t k = 0; k < nsp; k++) {
        double a = o[O_ALLOY * nsp + k] * prill;
        o[O_ALLOY * nsp + k] -= a;
        o[O_SLAG * nsp + k] += a + s->undis[k];
    }
    int rc = orf__saf_finish(u, in, out, h_in_kw, cr_fed_t, c_fed_kmol, (double)NAN, 0, sl_liq);
    /* the losses and the model's figures */
    const double m_cr = orf_thermo_species(c->db, (size_t)s->cr)->molar_mass_g_mol;
    double cr_t = cr_fed_t > 0 ? 100.0 / cr_fed_t : 0.0;
    double prill_cr_t = 0, prill_t = 0;
    for (size_t i = 0; i < s->ns; i++)
        if (s->grp[i] == O_ALLOY && er.n[i] > 0) {
            const orf_species *sp = orf_eq_species_get(s->sys, i);
            double t = er.n[i] * sp->molar_mass_g_mol / 1000.0;
            prill_t += t * prill;
            prill_cr_t += prill * er.n[i] * sp->counts[s->el_cr] * m_cr / 1000.0;
        }
    double slag_t = orf__chem_tph(c, o + O_SLAG * nsp);
    r[R_UNDIS] = 100.0 * xu;
    r[R_PRILL] = slag_t > 0 ? 100.0 * prill_t / slag_t : 0.0;
    r[R_LUND] = cr_t * s->undis[s->cr2o3] * 2.0 * m_cr / 1000.0;
    r[R_LPRILL] = cr_t * prill_cr_t;
    r[R_LDIS] = 100.0 - r[R_CRREC] - r[R_LDUST] - r[R_LUND] - r[R_LPRILL];
    r[R_VISC] = eta;
    r[R_ETAEFF] = eta_eff;
    r[R_VISCW] = isfinite(eta_eff) && eta_eff > p[P_MAXVISC];
    r[R_RHOS] = rho_s;
    r[R_DCRIT] = dcut * 1000.0;
    r[R_DIFF] = diff;
    int graphite = 0; /* graphite: the pure phase of species C */
    r[R_GRAPH] = 0.0;
    for (size_t i = 0; i < s->ns; i++) {
        int ph = orf_eq_species_phase(s->sys, i);
        if (s->th[i] != s->c_ || ph == s->metal_ph || !er.present || !er.present[ph])
            continue;
        graphite = 1;
        r[R_GRAPH] = er.n[i] * orf_thermo_species(c->db, (size_t)s->c_)->molar_mass_g_mol / 1000.0;
    }
    /* activities from the element potentials: a_C = exp((λ_C − g°_C)/RT) */
    const int ec = s->el_c, es = s->el_si, eo2 = s->el_o;
    const double rt = ORF_R_J_MOLK * t_slag_k;
    r[R_ACT_C] = r[R_SIO2A] = (double)NAN;
    if (er.lambda && ec >= 0)
        r[R_ACT_C] = exp((er.lambda[ec] - g_of(c, s->c_, t_slag_k)) / rt);
    if (er.lambda && es >= 0 && eo2 >= 0)
        r[R_SIO2A] = exp((er.lambda[es] + 2.0 * er.lambda[eo2] - g_of(c, s->sio2, t_slag_k)) / rt);
    r[R_XC] = graphite;
    r[R_EQIT] = er.iterations;
    return rc;
}
