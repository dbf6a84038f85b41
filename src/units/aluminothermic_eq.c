/* Aluminothermic reduction from equilibrium (`model: equilibrium` of the aluminothermic unit).
 *
 * The charge (Cr2O3, Al, the iron oxides, CaO/MgO/SiO2/TiO2 flux or gangue) is brought to the
 * minimum of Gibbs energy (include/oreflow/equilibrium.h) over two condensed solutions:
 *   metal  Cr, Al, Fe, Si (those a material of the flowsheet carries), regular solution;
 *   slag   Al2O3, Cr2O3, CaO, MgO, SiO2, FeO, Fe2O3, TiO2 (those reachable), regular solution;
 * G^ex = N Σ_{i<j} x_i x_j W_ij, RT ln γ_i = Σ_j x_j W_ij − Σ_{j<k} x_j x_k W_jk. Each end member
 * takes the data of its species in data/thermo.yaml (the stable pure phase at T: liquid Cr above
 * 2130 K, liquid Al2O3 above 2327 K), so activities are relative to the pure stable phase, the
 * usual reference of measured slag activities, and the streams carry exactly the enthalpy the
 * equilibrium used (no heat of mixing: the data's convention). Other species of the feed
 * (carbon, sodium salts) pass to the slag unchanged; their sensible heat is in the balance.
 * Interaction parameters W (J/mol), evaluated at T_REF_K where the source gives W(T):
 *   Al–Cr  −18 000: liquid L0 = −29 000, L1 = −11 000 of Dupin, Ansara & Sundman (Calphad 25,
 *          2001, 279), W = L0 − L1 = RT ln γ°_Al in liquid Cr (the Cr-rich limit);
 *   Al–Fe  L0 = −91 976.5 + 22.1314 T of the COST 507 light-alloy database (Ansara, Dinsdale &
 *          Rand 1998, Al–Fe by Seiersten);
 *   Cr–Fe  L0 + L1 = −19 068 + 7.996546 T of Lee (Calphad 17, 1993, 251), the Cr-rich limit;
 *   slag   regular-solution α_ij of Ban-ya (ISIJ Int. 33, 1993, 2), cation pairs applied to the
 *          oxide species: Ca–Al −154 810, Ca–Si −133 890, Si–Al −127 610, Ca–Mg −100 420,
 *          Mg–Al −71 130, Mg–Si −66 940, Fe2+–Si −41 840, Fe2+–Al −41 000, Fe2+–Ca −31 380,
 *          Fe2+–Mg +33 470 (values as recalled from the paper's table, not re-checked here);
 *   other pairs (every Cr2O3 pair, Cr–Si, Al–Si, Fe–Si, TiO2, Fe2O3) ideal: an assumption
 *          (Cr2O3–Al2O3 mix completely in solid and liquid; the rest is a GAP).
 * Heat balance: the adiabatic temperature T_ad solves Σ_out n H(T_ad) + H_inert(T_ad) = H_in −
 * Q_loss (adiabatic_t below: Newton and secant steps on T from the engine's search at given
 * enthalpy, one equilibrium per step; H_in at the inlets' temperatures, so a preheated charge
 * runs hotter), with
 * Q_loss = heat_loss_pct × the heat of reaction at 25 °C of the equilibrium products. On a melting
 * plateau of Al2O3 the products are written just below the step and the heat left is the surplus
 * (Al2O3 not all molten). The split is taken at T_ad, or at product_temp_c when it is written.
 * Liquidus (reported, and compared with T_ad): the slag's corundum liquidus and the metal's Cr
 * liquidus from ln(x γ) = −ΔH_fus/R (1/T − 1/T_m), T = (RT ln γ + ΔH_fus)/(ΔH_fus/T_m − R ln x),
 * with T_m and ΔH_fus read off the species' data (the step of H at the solid/liquid boundary).
 * Self-sustaining: the specific heat of the charge ≥ 2300 kJ/kg (Shemtchushny's rule, as given
 * for thermite processes by Belitskus, J. Met. 24 (1972) 30 and Gupta, "Chemical Metallurgy",
 * Wiley-VCH 2003, §metallothermic reduction) and T_ad above both liquidus temperatures. The
 * verdict is in the results (self_sustaining, heat_criterion_met, products_molten), not a
 * diagnostic: a warning from compute would allocate inside the solve.
 */
#include <math.h>
#include <string.h>

#include "alu_impl.h"

#define T_REF_K 2300.0 /* where W(T) is evaluated: the middle of the published T_ad range */
#define HEAT_CRITERION_KJ_KG 2300.0
/* The adiabatic search's first guess: 1 mK above the melting point of Al2O3 in its data (T_REF_K
 * where the data has none). A charge that runs melts its slag, so T_ad lies on that melting step
 * of H or above it: from there the search takes the step (two trials) or goes on upwards without
 * it (flagship Monte Carlo: 4.04 → 3.58 equilibria per compute, from T_REF_K before). */
#define T_GUESS_K(e) (isfinite((e)->tm_al2o3_k) ? (e)->tm_al2o3_k + 1e-3 : T_REF_K)

static const char *const metal_names[] = {"Cr", "Al", "Fe", "Si", NULL};
static const char *const slag_names[] = {"Al2O3", "Cr2O3", "CaO",  "MgO", "SiO2",
                                         "FeO",   "Fe2O3", "TiO2", NULL};

typedef struct {
    const char *a, *b;
    double w0, w1; /* W = w0 + w1 T, J/mol */
} w_pair;

static const w_pair pairs[] = {
    {"Al", "Cr", -18000.0, 0.0},      {"Al", "Fe", -91976.5, 22.1314},
    {"Cr", "Fe", -19068.0, 7.996546}, {"CaO", "Al2O3", -154810.0, 0.0},
    {"CaO", "SiO2", -133890.0, 0.0},  {"SiO2", "Al2O3", -127610.0, 0.0},
    {"CaO", "MgO", -100420.0, 0.0},   {"MgO", "Al2O3", -71130.0, 0.0},
    {"MgO", "SiO2", -66940.0, 0.0},   {"FeO", "SiO2", -41840.0, 0.0},
    {"FeO", "Al2O3", -41000.0, 0.0},  {"FeO", "CaO", -31380.0, 0.0},
    {"FeO", "MgO", 33470.0, 0.0},
};

/* Melting point and heat of fusion: the highest range boundary where H steps by > 1 kJ/mol. */
static void fusion(const orf_species *sp, double *tm_k, double *dh_j)
{
    *tm_k = (double)NAN;
    *dh_j = (double)NAN;
    for (size_t k = sp->nr; k-- > 1;) {
        double tb = sp->r[k].tmin_k;
        double dh = orf_thermo_range_h(&sp->r[k], tb) - orf_thermo_range_h(&sp->r[k - 1], tb);
        if (dh > 1000.0) {
            *tm_k = tb;
            *dh_j = dh;
            return;
        }
    }
}

static int in_list(const char *const *list, const char *name)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], name))
            return 1;
    return 0;
}

orf_status orf__alu_eq_setup(orf_unit *u, orf_ctx *ctx, orf__alu_state *s)
{
    orf__chem *c = &s->c;
    orf__alu_eq *e = &s->e;
    e->ctx = ctx;
    const char **mn = orf_unit_alloc(u, c->nsp + 1, sizeof *mn);
    const char **sn = orf_unit_alloc(u, c->nsp + 1, sizeof *sn);
    e->in_sys = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!mn || !sn || !e->in_sys)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    size_t nm = 0, nsl = 0;
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(c->db, k);
        if (!c->reach[k])
            continue;
        if (in_list(metal_names, sp->name)) {
            mn[nm++] = sp->name;
            s->route[k] = ORF__ALU_METAL;
            e->in_sys[k] = 1;
        } else if (in_list(slag_names, sp->name)) {
            sn[nsl++] = sp->name;
            e->in_sys[k] = 1;
        }
    }
    orf_status st;
    int pm = -1, ps = -1;
    if ((st = orf_eq_system_alloc(ctx, c->db, &e->sys)) ||
        (st = orf_eq_system_add_phase(e->sys, "metal", ORF_EQ_REGULAR, mn, nm, &pm)) ||
        (st = orf_eq_system_add_phase(e->sys, "slag", ORF_EQ_REGULAR, sn, nsl, &ps)))
        return st;
    e->ns = orf_eq_species_count(e->sys);
    e->th = orf_unit_alloc(u, e->ns, sizeof(int));
    e->outlet = orf_unit_alloc(u, e->ns, sizeof(int));
    e->feed = orf_unit_alloc(u, e->ns, sizeof(double));
    e->wm = orf_unit_alloc(u, e->ns * e->ns, sizeof(double));
    e->tm_k = orf_unit_alloc(u, e->ns, sizeof(double));
    e->dhf_j = orf_unit_alloc(u, e->ns, sizeof(double));
    if (!e->th || !e->outlet || !e->feed || !e->wm || !e->tm_k || !e->dhf_j)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < e->ns; i++) {
        e->th[i] = orf_thermo_index(c->db, orf_eq_species_get(e->sys, i)->name);
        e->outlet[i] = orf_eq_species_phase(e->sys, i) == pm ? ORF__ALU_METAL : ORF__ALU_SLAG;
        fusion(orf_thermo_species(c->db, (size_t)e->th[i]), &e->tm_k[i], &e->dhf_j[i]);
    }
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        const w_pair *q = &pairs[k];
        int ph = in_list(metal_names, q->a) ? pm : ps;
        int a = orf_eq_species_find(e->sys, q->a, ph), b = orf_eq_species_find(e->sys, q->b, ph);
        if (a < 0 || b < 0)
            continue;
        double w = q->w0 + q->w1 * T_REF_K;
        if ((st = orf_eq_system_set_w(e->sys, ph, q->a, q->b, w)))
            return st;
        e->wm[(size_t)a * e->ns + (size_t)b] = e->wm[(size_t)b * e->ns + (size_t)a] = w;
    }
    e->s_al2o3 = orf_eq_species_find(e->sys, "Al2O3", ps);
    e->s_cr = orf_eq_species_find(e->sys, "Cr", pm);
    fusion(orf_thermo_species(c->db, (size_t)s->al2o3), &e->tm_al2o3_k, &e->dhf_al2o3_j);
    fusion(orf_thermo_species(c->db, (size_t)s->cr), &e->tm_cr_k, &e->dhf_cr_j);
    return orf_eq_work_alloc(e->sys, &e->w);
}

void orf__alu_eq_free(orf__alu_state *s)
{
    orf_eq_work_free(s->e.w);
    orf_eq_system_free(s->e.sys);
    s->e.w = NULL;
    s->e.sys = NULL;
}

/* RT ln γ of system species i in its phase (amounts n), J/mol. */
static double rt_ln_gamma(const orf__alu_eq *e, const double *n, size_t i)
{
    double tot = 0.0, a = 0.0, b = 0.0;
    for (size_t j = 0; j < e->ns; j++)
        if (e->outlet[j] == e->outlet[i])
            tot += n[j];
    if (tot <= 0)
        return 0.0;
    for (size_t j = 0; j < e->ns; j++) {
        if (e->outlet[j] != e->outlet[i])
            continue;
        a += n[j] / tot * e->wm[i * e->ns + j];
        for (size_t k = j + 1; k < e->ns; k++)
            if (e->outlet[k] == e->outlet[i])
                b += n[j] / tot * n[k] / tot * e->wm[j * e->ns + k];
    }
    return a - b;
}

static double mole_fraction(const orf__alu_eq *e, const double *n, size_t i)
{
    double tot = 0.0;
    for (size_t j = 0; j < e->ns; j++)
        if (e->outlet[j] == e->outlet[i])
            tot += n[j];
    return tot > 0 ? n[i] / tot : 0.0;
}

/* Liquidus of the primary phase of species i (pure i solid below t_m): K. NaN where it is not
 * defined: i absent or below LIQ_X_MIN in its phase (a trace: no primary phase of it), no fusion in
 * its data, or no positive T (RT ln γ_i < −ΔH_fus: the solid never saturates the liquid, e.g.
 * corundum in a lime slag; the formula would give a temperature below 0 K). */
#define LIQ_X_MIN 1e-6
static double liquidus_k(const orf__alu_eq *e, const double *n, int i, double tm, double dh)
{
    if (i < 0 || !(tm > 0) || !(dh > 0))
        return (double)NAN;
    double x = mole_fraction(e, n, (size_t)i);
    if (!(x >= LIQ_X_MIN))
        return (double)NAN;
    double den = dh / tm - ORF_R_J_MOLK * log(x);
    double t = (rt_ln_gamma(e, n, (size_t)i) + dh) / den;
    return t > 0 && isfinite(t) ? t : (double)NAN;
}

/* The temperature above which the products' phase `outlet` counts as molten (products_molten):
 * the larger of its primary liquidus tl_k (corundum, Cr) and the liquidus of its major species,
 * which is the primary species itself in a normal charge (then tl_k alone). Where the primary
 * species is absent or a trace (a charge without oxide: Al metal, lime slag) the major species'
 * own melting decides: Al melts at 660 °C, CaO at 2613 °C. 0 when the phase is absent (no
 * condition); HUGE_VAL when neither liquidus is defined (molten cannot be shown). */
static double molten_above_k(const orf__alu_eq *e, const double *n, int outlet, double tl_k)
{
    double tot = 0.0;
    size_t major = e->ns;
    for (size_t j = 0; j < e->ns; j++)
        if (e->outlet[j] == outlet) {
            tot += n[j];
            if (major == e->ns || n[j] > n[major])
                major = j;
        }
    if (!(tot > 0))
        return 0.0;
    double tj = liquidus_k(e, n, (int)major, e->tm_k[major], e->dhf_j[major]);
    if (isnan(tl_k) && isnan(tj))
        return HUGE_VAL;
    return fmax(tl_k, tj); /* the one defined, where one is NaN */
}

/* The inert species' enthalpy at t_k, in the engine's unit (kmol/h × J/mol = kJ/h). */
typedef struct inert_arg {
    const orf__chem *c;
    const double *inert;
} inert_arg;

static double inert_h(double t_k, void *arg)
{
    const inert_arg *a = arg;
    return orf__chem_h_kw(a->c, a->inert, t_k - 273.15) * 3600.0;
}

/* T where the equilibrium products and the inert species hold h_kw (kW): the engine's search at
 * given enthalpy with the inert species' enthalpy in it, instead of a fixed point around it, from
 * t_guess (orf_eq_solve_h_near: Newton on the frozen heat capacity, secant, the melting steps of
 * Cr and Al2O3 tried from both sides, inside 298.15–4500 K). res: the equilibrium at the T
 * returned. */
static int adiabatic_t(orf__alu_eq *e, const orf__chem *c, const double *inert, double h_kw,
                       double t_guess, double dt, orf_eq_options *opt, orf_eq_result *res,
                       double *t_out)
{
    inert_arg ia = {c, inert};
    if (orf_eq_solve_h_near(e->w, e->feed, h_kw * 3600.0, inert_h, &ia, 1.0, 298.15, 4500.0,
                            t_guess, dt, opt, res))
        return -1; /* the engine's diagnostic says why */
    *t_out = res->t_k;
    return 0;
}

int orf__alu_eq_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    orf__alu_state *s = u->state;
    orf__chem *c = &s->c;
    orf__alu_eq *e = &s->e;
    double h_in = orf__chem_mix(c, in, u->nin), tot = 0.0;
    const double *n = c->n;
    double *inert = c->tmp; /* the species that pass unchanged */
    for (size_t k = 0; k < c->nsp; k++)
        inert[k] = e->in_sys[k] ? 0.0 : n[k];
    for (size_t i = 0; i < e->ns; i++)
        tot += (e->feed[i] = n[e->th[i]]);
    double *o = c->out;
    memset(o, 0, ORF__ALU_NOUT * c->nsp * sizeof(double));
    double *r = u->r, loss = 0.0, t_ad = T_REF_K, dt_last = 0.0,
           pct = u->p[ORF__ALU_P_LOSS] / 100.0;
    double h298_in = orf__chem_h_kw(c, n, 25.0);
    orf_eq_result res;
    memset(&res, 0, sizeof res);
    orf_eq_options opt;
    orf_eq_options_init(&opt);
    if (tot > 0) {
        /* T_ad and the loss (a share of the products' heat of reaction) by fixed point on the
         * loss; the inert species' enthalpy is inside each search (adiabatic_t) */
        int it = 0;
        for (; it < 60; it++) {
            /* cold on the first pass: the answer must not depend on the previous call (Monte
             * Carlo workers see samples in any order) */
            opt.start = it ? ORF_EQ_START_LAST : ORF_EQ_START_LEVEL;
            /* the search from the last pass's T (passes 2, 3, ...: the loss moves T by a few K,
             * then less); the first pass from T_GUESS_K, cold.
             * dt: the search's step where it finds no positive slope, twice the last move */
            double t_new, dt = it == 0 ? 200.0 : it == 1 ? 20.0 : fmax(1e-4, 2.0 * dt_last);
            if (adiabatic_t(e, c, inert, h_in - loss, it ? t_ad : T_GUESS_K(e), dt, &opt, &res,
                            &t_new))
                return -1; /* the diagnostic says why */
            res.t_k = t_new;
            double h298_out =
                orf_eq_enthalpy_j(e->sys, res.n, 298.15) / 3600.0 + orf__chem_h_kw(c, inert, 25.0);
            double loss_n = pct * fmax(0.0, h298_in - h298_out);
            /* done when the loss this pass found is the one it used (to 1e-12): the next pass
             * would search the same enthalpy again (with no heat loss, after the first pass) */
            int done = fabs(loss_n - loss) <= 1e-12 * (fabs(h_in) + fabs(h298_in));
            dt_last = fabs(res.t_k - t_ad);
            t_ad = res.t_k;
            loss = loss_n;
            if (done)
                break;
        }
        if (it == 60) {
            orf_diag_emit(e->ctx, ORF_E_NOT_CONVERGED, &u->loc, u->name,
                          "adiabatic temperature and heat loss did not settle in 60 passes");
            return -1;
        }
    }
    /* the split: at T_ad (just below a melting step when T_ad sits on it) or the given T; the
     * heat short of the step at T_ad (Al2O3 not all molten) */
    double t_out_k = t_ad, unmolten_kw = 0.0;
    double target_kw = h_in - loss - orf__chem_h_kw(c, inert, t_ad - 273.15);
    if (tot > 0) {
        if (orf_eq_enthalpy_j(e->sys, res.n, t_ad) / 3600.0 > target_kw + 1e-9 * (fabs(h_in) + 1.0))
            t_out_k = t_ad - 1e-3;
        unmolten_kw = target_kw - orf_eq_enthalpy_j(e->sys, res.n, t_out_k) / 3600.0;
    }
    if (tot > 0 && s->t_given) {
        t_out_k = u->p[ORF__ALU_P_T] + 273.15;
        opt.start = ORF_EQ_START_LAST;
        orf_status st = orf_eq_solve_tp(e->w, e->feed, t_out_k, 1.0, &opt, &res);
        if (st)
            return -1;
    }
    for (size_t i = 0; i < e->ns && tot > 0; i++)
        if (res.n[i] > 0)
            o[(size_t)e->outlet[i] * c->nsp + (size_t)e->th[i]] += res.n[i];
    for (size_t k = 0; k < c->nsp; k++)
        o[ORF__ALU_SLAG * c->nsp + k] += inert[k];
    int rc = 0;
    double h_out = 0.0, t_out_c = t_out_k - 273.15;
    for (size_t q = 0; q < ORF__ALU_NOUT; q++) {
        if (orf__chem_write(c, q, o + q * c->nsp, out[q], t_out_c))
            rc = -1;
        h_out += orf_chem_stream_enthalpy_kw(c->map, out[q]);
    }
    orf__alu_results(u, n, o + ORF__ALU_METAL * c->nsp, o + ORF__ALU_SLAG * c->nsp);
    double h_eq = tot > 0 ? orf_eq_enthalpy_j(e->sys, res.n, t_out_k) / 3600.0 : 0.0;
    h_eq += orf__chem_h_kw(c, inert, t_out_c);
    double surplus = h_in - loss - h_eq;
    double scale = fabs(h_in) + fabs(h_out) + 1e-30;
    r[ORF__ALU_R_TAD] = t_ad - 273.15;
    r[ORF__ALU_R_SURP] = surplus;
    r[ORF__ALU_R_EBAL] = fabs(h_in - loss - surplus - h_out) / scale;
    r[ORF__ALU_R_LOSS] = loss;
    const double *xn = tot > 0 ? res.n : e->feed;
    r[ORF__ALU_R_AAL2O3] =
        e->s_al2o3 >= 0 && mole_fraction(e, xn, (size_t)e->s_al2o3) > 0
            ? mole_fraction(e, xn, (size_t)e->s_al2o3) *
                  exp(rt_ln_gamma(e, xn, (size_t)e->s_al2o3) / (ORF_R_J_MOLK * t_out_k))
            : 0.0;
    double tl_s = liquidus_k(e, xn, e->s_al2o3, e->tm_al2o3_k, e->dhf_al2o3_j);
    double tl_m = liquidus_k(e, xn, e->s_cr, e->tm_cr_k, e->dhf_cr_j);
    r[ORF__ALU_R_SLIQ] = tl_s - 273.15;
    r[ORF__ALU_R_MLIQ] = tl_m - 273.15;
    int heat_ok = r[ORF__ALU_R_SPH] >= HEAT_CRITERION_KJ_KG;
    int molten = tot > 0 && t_ad - molten_above_k(e, xn, ORF__ALU_SLAG, tl_s) > 0.01 &&
                 t_ad - molten_above_k(e, xn, ORF__ALU_METAL, tl_m) > 0.01 &&
                 unmolten_kw <= 1e-9 * scale;
    r[ORF__ALU_R_HEATOK] = heat_ok;
    r[ORF__ALU_R_MOLTEN] = molten;
    r[ORF__ALU_R_SELF] = heat_ok && molten;
    r[ORF__ALU_R_WARN] = 1.0 - r[ORF__ALU_R_SELF];
    r[ORF__ALU_R_BAL] = res.balance_error;
    return rc;
}
