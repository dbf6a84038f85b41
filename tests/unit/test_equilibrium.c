/* The Gibbs energy minimiser (src/thermo/equilibrium*.c) on published equilibria and on its
 * contract. Each published case derives its expected value from the data file by another path
 * (ΔG° = Σ ν (H − T S) of the species through the thermo API, then the equilibrium constant solved
 * in closed form or by bisection here), checks the engine against it to 1e-8, and checks the data
 * against the published figure to a stated tolerance. */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/equilibrium.h"
#include "oreflow/thermo.h"

#include <stdlib.h>
#include <string.h>

#define RGAS ORF_R_J_MOLK

typedef struct {
    orf_ctx *ctx;
    orf_matdb *mdb;
    orf_thermo_db *db;
    orf_eq_system *sys;
    orf_eq_work *w;
    double feed[64];
} fixture;

static fixture *F;

static int setup(void **state)
{
    (void)state;
    F = calloc(1, sizeof *F);
    F->ctx = orf_ctx_alloc();
    char path[4096];
    snprintf(path, sizeof path, "%s/materials.yaml", orf_data_dir());
    if (orf_matdb_load(F->ctx, path, &F->mdb) || orf_thermo_load_default(F->ctx, F->mdb, &F->db)) {
        orf_ctx_print_diags(F->ctx, stderr);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    orf_eq_work_free(F->w);
    orf_eq_system_free(F->sys);
    orf_thermo_free(F->db);
    orf_matdb_free(F->mdb);
    orf_ctx_free(F->ctx);
    free(F);
    return 0;
}

/* A system of a gas phase (space-separated species, "" for none) and one pure phase each. */
static void mk(const char *gas, const char *pure)
{
    orf_eq_work_free(F->w);
    orf_eq_system_free(F->sys);
    F->w = NULL;
    orf_ctx_clear_diags(F->ctx);
    assert_int_equal(orf_eq_system_alloc(F->ctx, F->db, &F->sys), ORF_OK);
    char buf[512], *names[32];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", gas);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " "))
        names[n++] = t;
    if (n)
        assert_int_equal(
            orf_eq_system_add_phase(F->sys, "gas", ORF_EQ_GAS, (const char *const *)names, n, NULL),
            ORF_OK);
    snprintf(buf, sizeof buf, "%s", pure);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
        const char *one[1] = {t};
        assert_int_equal(orf_eq_system_add_phase(F->sys, t, ORF_EQ_PURE, one, 1, NULL), ORF_OK);
    }
}

static void work(void)
{
    assert_int_equal(orf_eq_work_alloc(F->sys, &F->w), ORF_OK);
}

/* "C=1 O2=0.5" into F->feed (first system species of that name). */
static void feed(const char *spec)
{
    memset(F->feed, 0, sizeof F->feed);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *t = strtok(buf, " "); t; t = strtok(NULL, " ")) {
        char *eq = strchr(t, '=');
        *eq = 0;
        int i = orf_eq_species_find(F->sys, t, -1);
        assert_true(i >= 0);
        F->feed[i] += atof(eq + 1);
    }
}

static double amount(const orf_eq_result *r, const char *name)
{
    int i = orf_eq_species_find(F->sys, name, -1);
    assert_true(i >= 0);
    return r->n[i];
}

static double g(const char *name, double t)
{
    int i = orf_thermo_index(F->db, name);
    assert_true(i >= 0);
    const orf_species *sp = orf_thermo_species(F->db, (size_t)i);
    return orf_species_h_j_mol(sp, t) - t * orf_species_s_j_molk(sp, t);
}

static orf_eq_result solve(double t, double p)
{
    orf_eq_result r;
    orf_status st = orf_eq_solve_tp(F->w, F->feed, t, p, NULL, &r);
    if (st)
        orf_ctx_print_diags(F->ctx, stderr);
    assert_int_equal(st, ORF_OK);
    assert_true(r.balance_error < 1e-12);
    return r;
}

/* CO mole fraction over graphite at total pressure p: x²p/(1−x) = K, K = exp(−ΔG°/RT),
 * C + CO2 = 2 CO. */
static double boudouard_x(double t, double p)
{
    double k = exp(-(2 * g("CO", t) - g("CO2", t) - g("C", t)) / (RGAS * t)) / p;
    return (-k + sqrt(k * k + 4 * k)) / 2;
}

/* Boudouard: CO/CO2 over graphite at 1 bar. Published: the CO share passes 50 % near 700 °C and
 * exceeds 99 % above 1000 °C (Gaskell, "Introduction to the Thermodynamics of Materials", 5th
 * ed., Ex. 13; Biswas, "Principles of Blast Furnace Ironmaking", 1981, Fig. 2.2). */
static void boudouard_matches_the_equilibrium_constant_and_published_curve(void **state)
{
    (void)state;
    mk("CO CO2", "C");
    work();
    feed("C=2 CO2=1");
    for (double t = 800; t <= 1600; t += 100) {
        orf_eq_result r = solve(t, 1.0);
        double x = amount(&r, "CO") / (amount(&r, "CO") + amount(&r, "CO2"));
        ORF_ASSERT_REL(x, boudouard_x(t, 1.0), 1e-8);
    }
    double lo = 800, hi = 1200; /* engine: T of 50 % CO */
    while (hi - lo > 1e-3) {
        double t = 0.5 * (lo + hi);
        orf_eq_result r = solve(t, 1.0);
        double x = amount(&r, "CO") / (amount(&r, "CO") + amount(&r, "CO2"));
        *(x < 0.5 ? &lo : &hi) = t;
    }
    ORF_ASSERT_ABS(lo - 273.15, 700.0, 40.0); /* published ≈ 700 °C, ±40 K */
    orf_eq_result r = solve(1273.15, 1.0);
    assert_true(amount(&r, "CO") / (amount(&r, "CO") + amount(&r, "CO2")) > 0.99);
}

/* Water-gas shift CO + H2O = CO2 + H2 at 1000 K. Published: K = exp(−ΔG°/RT) with the NIST-JANAF
 * ΔfG°(1000 K) of CO −200.275, CO2 −395.886, H2O(g) −192.590 kJ/mol (Chase 1998): K = 1.438. */
static void water_gas_shift_constant_at_1000_k(void **state)
{
    (void)state;
    mk("CO CO2 H2 H2O", "");
    work();
    feed("CO=1 H2O=1.5");
    orf_eq_result r = solve(1000, 1.0);
    double k = amount(&r, "CO2") * amount(&r, "H2") / (amount(&r, "CO") * amount(&r, "H2O"));
    double kd =
        exp(-(g("CO2", 1000) + g("H2", 1000) - g("CO", 1000) - g("H2O", 1000)) / (RGAS * 1000));
    ORF_ASSERT_REL(k, kd, 1e-8);
    double kj = exp(-(-395.886 + 192.590 + 200.275) * 1000 / (8.314462618 * 1000));
    ORF_ASSERT_REL(kd, kj, 0.02); /* the data file against JANAF, 2 % */
}

/* CH4 = C + 2 H2 at 1 bar. Published: ΔfG°(CH4, 1000 K) = 19.492 kJ/mol (NIST-JANAF, Chase 1998),
 * so K = p_H2²/p_CH4 = 10.4 at 1000 K; ΔfG° changes sign near 820 K. */
static void methane_cracking_over_graphite(void **state)
{
    (void)state;
    mk("CH4 H2", "C");
    work();
    feed("CH4=1");
    for (double t = 700; t <= 1300; t += 200) {
        orf_eq_result r = solve(t, 1.0);
        double nch4 = amount(&r, "CH4"), nh2 = amount(&r, "H2"), tot = nch4 + nh2;
        double k = (nh2 / tot) * (nh2 / tot) / (nch4 / tot);
        double kd = exp(-(2 * g("H2", t) + g("C", t) - g("CH4", t)) / (RGAS * t));
        ORF_ASSERT_REL(k, kd, 1e-8);
        ORF_ASSERT_REL(amount(&r, "C"), 1 - nch4, 1e-9);
    }
    double kd = exp(-(2 * g("H2", 1000) + g("C", 1000) - g("CH4", 1000)) / (RGAS * 1000));
    ORF_ASSERT_REL(kd, exp(19492 / (8.314462618 * 1000)), 0.03);
}

/* The C–O–H–Cr–Fe–Si system of a ferrochrome furnace, gas and pure condensed phases. */
#define BIG_GAS "CO CO2 O2 H2 H2O CH4 N2"
#define BIG_PURE "C Cr Cr2O3 Cr3C2 Cr7C3 Cr23C6 Fe FeO Fe3O4 Si SiO2 SiC"

/* An inert gas changes nothing but dilution: with Ar the Boudouard equilibrium holds at the
 * partial pressures p_i = x_i P (x over CO, CO2 and Ar), and Ar comes out as it went in. */
static void inert_argon_only_dilutes(void **state)
{
    (void)state;
    mk("CO CO2 Ar", "C");
    work();
    feed("C=2 CO2=1 Ar=4");
    orf_eq_result r = solve(1000, 1.0);
    double co = amount(&r, "CO"), co2 = amount(&r, "CO2"), ar = amount(&r, "Ar");
    double tot = co + co2 + ar;
    ORF_ASSERT_REL(ar, 4.0, 1e-14);
    double k = exp(-(2 * g("CO", 1000) - g("CO2", 1000) - g("C", 1000)) / (RGAS * 1000));
    ORF_ASSERT_REL((co / tot) * (co / tot) / (co2 / tot), k, 1e-8);
    /* dilution raises the CO share of the reacting gas, as a lower pressure does */
    double x_ar = co / (co + co2);
    ORF_ASSERT_REL(x_ar, boudouard_x(1000, (co + co2) / tot), 1e-8);
    assert_true(x_ar > boudouard_x(1000, 1.0));
}

/* A system that cannot react returns its feed; absent elements are simply absent. */
static void unreactive_feed_comes_back(void **state)
{
    (void)state;
    mk(BIG_GAS " Ar", BIG_PURE);
    work();
    feed("N2=2 Ar=1 Cr=0.5");
    orf_eq_result r = solve(1500, 1.0);
    ORF_ASSERT_REL(amount(&r, "N2"), 2.0, 1e-14);
    ORF_ASSERT_REL(amount(&r, "Ar"), 1.0, 1e-14);
    ORF_ASSERT_REL(amount(&r, "Cr"), 0.5, 1e-14);
    assert_true(amount(&r, "CO") == 0 && amount(&r, "Fe") == 0 && amount(&r, "SiC") == 0);
}

/* Bad input is a clear error, never an answer. */
static void bad_input_is_an_error(void **state)
{
    (void)state;
    mk(BIG_GAS, BIG_PURE);
    work();
    orf_eq_result r;
    feed("");
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 1500, 1, NULL, &r), ORF_E_INPUT);
    feed("C=1 O2=-0.5");
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 1500, 1, NULL, &r), ORF_E_INPUT);
    feed("C=1 O2=0.5");
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 50, 1, NULL, &r), ORF_E_RANGE);
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 1500, 0, NULL, &r), ORF_E_RANGE);
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, (double)NAN, 1, NULL, &r), ORF_E_RANGE);
    /* Cr23C6 has data to 1800 K: strict is an error, else one warning naming it and the range */
    feed("Cr=1 C=1");
    orf_eq_options o;
    orf_eq_options_init(&o);
    o.strict_range = 1;
    orf_ctx_clear_diags(F->ctx);
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 1900, 1, &o, &r), ORF_E_RANGE);
    orf_ctx_clear_diags(F->ctx);
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 1900, 1, NULL, &r), ORF_OK);
    assert_true(r.out_of_range >= 1);
    int named = 0;
    for (size_t i = 0; i < orf_ctx_diag_count(F->ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(F->ctx, i);
        if (d->severity == ORF_SEV_WARNING && strstr(d->message, "'Cr23C6'") &&
            strstr(d->message, "298.15-1800 K"))
            named = 1;
    }
    assert_true(named);
}

/* Liquid water's data end at 500 K: above it steam (the same formula, with data there) takes over
 * and H2O(L) is no candidate — no extrapolation and no warning (the HBI shaft at 750-950 °C
 * printed four); below it both compete and water condenses at 350 K and 1 bar (saturation
 * pressure 0.42 bar). A species with no such partner still warns (Cr23C6 above). */
static void a_state_beyond_its_data_gives_way_to_one_with_data(void **state)
{
    (void)state;
    mk("H2 H2O", "H2O(L)");
    work();
    feed("H2=1 H2O(L)=1");
    orf_ctx_clear_diags(F->ctx);
    orf_eq_result r = solve(1000, 1);
    assert_int_equal(r.out_of_range, 0);
    assert_int_equal(orf_ctx_diag_count(F->ctx), 0);
    assert_true(amount(&r, "H2O(L)") == 0.0);
    assert_true(fabs(amount(&r, "H2O") - 1.0) < 1e-9);
    /* 1 mol H2 + 1 mol water at 350 K, 1 bar: steam v with v/(1+v) = 0.4168 (p_sat, IAPWS
     * steam tables), v = 0.7147, liquid 0.2853 mol */
    r = solve(350, 1);
    assert_true(fabs(amount(&r, "H2O(L)") - 0.2853) < 0.02);
    assert_true(fabs(amount(&r, "H2O(L)") + amount(&r, "H2O") - 1.0) < 1e-9);
}

/* Too few iterations is reported, not a silent answer. */
static void non_convergence_is_reported(void **state)
{
    (void)state;
    mk(BIG_GAS, BIG_PURE);
    work();
    feed("Cr2O3=1 FeO=1 SiO2=0.5 C=5");
    orf_eq_options o;
    orf_eq_options_init(&o);
    o.max_iter = 2;
    orf_eq_result r;
    orf_ctx_clear_diags(F->ctx);
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 1600, 1, &o, &r), ORF_E_NOT_CONVERGED);
    assert_true(orf_ctx_error_count(F->ctx) == 1);
    assert_non_null(strstr(orf_ctx_diag_get(F->ctx, 0)->message, "not converged"));
}

/* Regular solution: Si and C dissolved in one phase with SiC pure. At equilibrium
 * ln x_Si + ln x_C + W (x_C² + x_Si²)/RT = ΔfG°(SiC)/RT (binary regular solution, ln γ_Si =
 * W x_C²/RT); solved for the extent here by bisection. W is a test value, not a published one. */
static void regular_solution_potentials(void **state)
{
    (void)state;
    const double t = 1500, wv = -40000, rt = RGAS * t;
    for (int kind = 0; kind < 2; kind++) {
        double w = kind ? wv : 0.0;
        orf_eq_work_free(F->w);
        orf_eq_system_free(F->sys);
        assert_int_equal(orf_eq_system_alloc(F->ctx, F->db, &F->sys), ORF_OK);
        const char *metal[] = {"Si", "C"}, *sic[] = {"SiC"};
        int ph;
        assert_int_equal(orf_eq_system_add_phase(F->sys, "metal", ORF_EQ_REGULAR, metal, 2, &ph),
                         ORF_OK);
        assert_int_equal(orf_eq_system_set_w(F->sys, ph, "Si", "C", w), ORF_OK);
        assert_int_equal(orf_eq_system_add_phase(F->sys, "SiC", ORF_EQ_PURE, sic, 1, NULL), ORF_OK);
        work();
        feed("Si=2 C=1");
        orf_eq_result r = solve(t, 1.0);
        double dg = (g("SiC", t) - g("Si", t) - g("C", t)) / rt, lo = 0, hi = 1;
        while (hi - lo > 1e-15) {
            double xi = 0.5 * (lo + hi), xs = (2 - xi) / (3 - 2 * xi), xc = 1 - xs;
            double f = log(xs) + log(xc) + w * (xc * xc + xs * xs) / rt - dg;
            *(f > 0 ? &lo : &hi) = xi;
        }
        ORF_ASSERT_REL(amount(&r, "SiC"), lo, 1e-8);
    }
}

/* Heat balance: at the T found, the equilibrium enthalpy equals the target (adiabatic: the
 * feed's own enthalpy plus the heat input). */
static void heat_balance_finds_the_temperature(void **state)
{
    (void)state;
    mk(BIG_GAS, BIG_PURE);
    work();
    feed("C=1 O2=0.6 N2=2.3");
    double h = orf_eq_enthalpy_j(F->sys, F->feed, 298.15);
    orf_eq_result r;
    assert_int_equal(orf_eq_solve_h(F->w, F->feed, h, 1, 300, 3000, NULL, &r), ORF_OK);
    ORF_ASSERT_ABS(r.h_j, h, 1e-6);            /* J, of a span of ~1e5 J */
    assert_true(r.t_k > 1500 && r.t_k < 2500); /* flame of carbon in air: ~2000 K */
    double t_adiabatic = r.t_k;
    assert_int_equal(orf_eq_solve_h(F->w, F->feed, h + 50e3, 1, 300, 3000, NULL, &r), ORF_OK);
    assert_true(r.t_k > t_adiabatic);
    assert_int_equal(orf_eq_solve_h(F->w, F->feed, h - 1e9, 1, 300, 3000, NULL, &r), ORF_E_RANGE);
    /* an enthalpy at an end of the bracket to rounding is that end (a furnace fed almost nothing
     * at its inlets' temperature: "0.000656 J is outside H(298.15 K) = 0.000656" before) */
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 300, 1, NULL, &r), ORF_OK);
    double h300 = r.h_j;
    assert_int_equal(
        orf_eq_solve_h(F->w, F->feed, h300 - 1e-13 * fabs(h300), 1, 300, 3000, NULL, &r), ORF_OK);
    ORF_ASSERT_ABS(r.t_k, 300.0, 0.0);
    assert_int_equal(orf_eq_solve_tp(F->w, F->feed, 3000, 1, NULL, &r), ORF_OK);
    double h3000 = r.h_j;
    assert_int_equal(
        orf_eq_solve_h(F->w, F->feed, h3000 + 1e-13 * fabs(h3000), 1, 300, 3000, NULL, &r), ORF_OK);
    ORF_ASSERT_ABS(r.t_k, 3000.0, 0.0);
}

/* The search from a guess (orf_eq_solve_h_near, the aluminothermic unit's warm start) finds the
 * root of the full-range search to its tolerance, from any guess and step, and after the target
 * moves (the guess then the last answer); a target inside a melting step of H gives the step from
 * both, the warm search just above it. */
static void warm_bracket_agrees_with_the_full_search(void **state)
{
    (void)state;
    mk(BIG_GAS, BIG_PURE);
    work();
    feed("C=1 O2=0.6 N2=2.3");
    double h0 = orf_eq_enthalpy_j(F->sys, F->feed, 298.15);
    orf_eq_result r;
    double t_last = 2300.0;
    for (int q = 0; q < 3; q++) {
        double h = h0 + 50e3 * q; /* a parameter change: the target moves */
        assert_int_equal(orf_eq_solve_h(F->w, F->feed, h, 1, 300, 3000, NULL, &r), ORF_OK);
        double t_cold = r.t_k, co = amount(&r, "CO");
        const double guesses[] = {301, 900, 2000, 2999, t_last}, steps[] = {0.5, 20, 400};
        for (size_t g = 0; g < 5; g++)
            for (size_t k = 0; k < 3; k++) {
                orf_eq_options o;
                orf_eq_options_init(&o);
                assert_int_equal(orf_eq_solve_h_near(F->w, F->feed, h, NULL, NULL, 1, 300, 3000,
                                                     guesses[g], steps[k], &o, &r),
                                 ORF_OK);
                ORF_ASSERT_ABS(r.t_k, t_cold, 1e-6);
                ORF_ASSERT_ABS(r.h_j, h, 1e-6);
                ORF_ASSERT_REL(amount(&r, "CO"), co, 1e-8);
            }
        t_last = t_cold;
    }
    /* out of range: the same error as the full search */
    assert_int_equal(
        orf_eq_solve_h_near(F->w, F->feed, h0 - 1e9, NULL, NULL, 1, 300, 3000, 2000, 10, NULL, &r),
        ORF_E_RANGE);
    orf_ctx_clear_diags(F->ctx);
    /* pure Al2O3 melting (the thermit's plateau): H steps by ΔH_fus at the boundary of its data */
    mk("", "Al2O3");
    work();
    feed("Al2O3=1");
    const orf_species *sp = orf_thermo_species(F->db, (size_t)orf_thermo_index(F->db, "Al2O3"));
    double tb = 0, dh = 0;
    for (size_t k = sp->nr; k-- > 1 && tb == 0;) {
        double b = sp->r[k].tmin_k,
               d = orf_thermo_range_h(&sp->r[k], b) - orf_thermo_range_h(&sp->r[k - 1], b);
        if (d > 1000)
            tb = b, dh = d;
    }
    assert_true(tb > 2000 && tb < 2500 && dh > 50e3); /* 2327 K, ~110 kJ/mol */
    double h = orf_eq_enthalpy_j(F->sys, F->feed, tb - 1e-3) + 0.5 * dh;
    assert_int_equal(orf_eq_solve_h(F->w, F->feed, h, 1, 300, 4000, NULL, &r), ORF_OK);
    ORF_ASSERT_ABS(r.t_k, tb, 1e-6);
    const double guesses[] = {500, 2300, tb + 3, 3900};
    for (size_t g = 0; g < 4; g++) {
        assert_int_equal(orf_eq_solve_h_near(F->w, F->feed, h, NULL, NULL, 1, 300, 4000, guesses[g],
                                             20, NULL, &r),
                         ORF_OK);
        ORF_ASSERT_ABS(r.t_k, tb, 1e-7);
        assert_true(r.t_k > tb); /* just above the step: the products hold more than h */
    }
}

/* A constant heat capacity of 40 J/K outside the system (inert solids of a charge). */
static double inert_40(double t_k, void *arg)
{
    (void)arg;
    return 40.0 * (t_k - 298.15);
}

/* The search from a guess (Newton on the frozen heat capacity, secant, melting steps probed) on
 * thermit charges (metal Cr-Al-Fe, slag Al2O3-Cr2O3-CaO-FeO, regular solutions, an inert heat
 * capacity outside the system) agrees with the full-range search: the same T to 1e-6 K (2e-7 K, the
 * products holding at least the target, where the target is on a melting step of H: Al2O3, Cr),
 * the same enthalpy to the searches' tolerance, the same amounts; from guesses below, at and above
 * the answer. */
static void warm_search_agrees_on_thermit_charges(void **state)
{
    (void)state;
    orf_eq_work_free(F->w);
    orf_eq_system_free(F->sys);
    F->w = NULL;
    assert_int_equal(orf_eq_system_alloc(F->ctx, F->db, &F->sys), ORF_OK);
    const char *metal[] = {"Cr", "Al", "Fe"}, *slag[] = {"Al2O3", "Cr2O3", "CaO", "FeO"};
    int pm, ps;
    assert_int_equal(orf_eq_system_add_phase(F->sys, "metal", ORF_EQ_REGULAR, metal, 3, &pm),
                     ORF_OK);
    assert_int_equal(orf_eq_system_add_phase(F->sys, "slag", ORF_EQ_REGULAR, slag, 4, &ps), ORF_OK);
    /* the aluminothermic unit's W at 2300 K (src/units/aluminothermic_eq.c) */
    assert_int_equal(orf_eq_system_set_w(F->sys, pm, "Al", "Cr", -18000.0), ORF_OK);
    assert_int_equal(orf_eq_system_set_w(F->sys, pm, "Al", "Fe", -91976.5 + 22.1314 * 2300),
                     ORF_OK);
    assert_int_equal(orf_eq_system_set_w(F->sys, ps, "CaO", "Al2O3", -154810.0), ORF_OK);
    assert_int_equal(orf_eq_system_set_w(F->sys, ps, "FeO", "Al2O3", -41000.0), ORF_OK);
    work();
    const orf_species *al2o3 = orf_thermo_species(F->db, (size_t)orf_thermo_index(F->db, "Al2O3"));
    double tb = 0;
    for (size_t k = al2o3->nr; k-- > 1 && tb == 0;)
        if (orf_thermo_range_h(&al2o3->r[k], al2o3->r[k].tmin_k) -
                orf_thermo_range_h(&al2o3->r[k - 1], al2o3->r[k].tmin_k) >
            1000)
            tb = al2o3->r[k].tmin_k;
    assert_true(tb > 2300 && tb < 2350);
    const char *charges[] = {"Cr2O3=1 Al=2", "Cr2O3=1 Al=2.1 CaO=0.3", "Cr2O3=1 Al=1.9 FeO=0.4",
                             "Cr2O3=1 Al=2.4 CaO=0.1 FeO=0.1"};
    const double dq[] = {-200e3, -60e3, 0.0, 80e3}, guesses[] = {1200, 2300, 2600, 3500};
    int on_step = 0;
    for (size_t c = 0; c < 4; c++) {
        feed(charges[c]);
        double h0 = orf_eq_enthalpy_j(F->sys, F->feed, 298.15);
        orf_eq_result r;
        /* the target on the step: halfway between H just below and just above it */
        assert_int_equal(orf_eq_solve_tp(F->w, F->feed, tb - 5e-8, 1, NULL, &r), ORF_OK);
        double h_step = r.h_j + inert_40(tb, NULL);
        assert_int_equal(orf_eq_solve_tp(F->w, F->feed, tb + 5e-8, 1, NULL, &r), ORF_OK);
        h_step = 0.5 * (h_step + r.h_j + inert_40(tb, NULL));
        for (size_t q = 0; q < 5; q++) {
            double h = q < 4 ? h0 + dq[q] : h_step;
            assert_int_equal(
                orf_eq_solve_h_extra(F->w, F->feed, h, inert_40, NULL, 1, 300, 4000, NULL, &r),
                ORF_OK);
            double t_full = r.t_k, al = amount(&r, "Al"), cr2o3 = amount(&r, "Cr2O3");
            /* the full search ended on a melting step (of Al2O3, or of Cr at 2130 K) */
            int step = fabs(r.h_j + inert_40(t_full, NULL) - h) > 1e-9 * fabs(h);
            on_step += step;
            for (size_t g = 0; g < 4; g++) {
                orf_eq_result rn;
                assert_int_equal(orf_eq_solve_h_near(F->w, F->feed, h, inert_40, NULL, 1, 300, 4000,
                                                     guesses[g], 200, NULL, &rn),
                                 ORF_OK);
                if (step) {
                    ORF_ASSERT_ABS(rn.t_k, t_full, 2e-7); /* both within 1e-7 K of the step */
                    assert_true(rn.h_j + inert_40(rn.t_k, NULL) >= h);
                } else {
                    ORF_ASSERT_ABS(rn.t_k, t_full, 1e-6);
                    ORF_ASSERT_ABS(rn.h_j + inert_40(rn.t_k, NULL), h, 1e-11 * fabs(h));
                }
                ORF_ASSERT_REL(amount(&rn, "Al"), al, 1e-6);
                ORF_ASSERT_REL(amount(&rn, "Cr2O3"), cr2o3, 1e-6);
            }
        }
    }
    assert_true(on_step >= 4); /* each charge's target on the Al2O3 step, at least */
}

/* Onset temperature of the reduction of oxide `ox` by graphite (metal `m`, ν_m per ν_ox oxide,
 * 2 CO per O2), engine: lowest T at which metal appears, by bisection. */
static double engine_onset(const char *m, double lo, double hi)
{
    while (hi - lo > 1e-4) {
        double t = 0.5 * (lo + hi);
        orf_eq_result r = solve(t, 1.0);
        *(amount(&r, m) > 1e-3 ? &hi : &lo) = t;
    }
    return lo;
}

/* The same from the data: (2/y) MxOy + 2 C = (2x/y) M + 2 CO at p_CO of the Boudouard equilibrium
 * at 1 bar (the gas over graphite), ΔG = 0 by bisection. */
static double data_onset(const char *ox, const char *m, double x, double y, double lo, double hi)
{
    while (hi - lo > 1e-4) {
        double t = 0.5 * (lo + hi);
        double dg = (2 * x / y) * g(m, t) + 2 * (g("CO", t) + RGAS * t * log(boudouard_x(t, 1))) -
                    (2 / y) * g(ox, t) - 2 * g("C", t);
        *(dg < 0 ? &hi : &lo) = t;
    }
    return lo;
}

/* Ellingham crossovers: the temperature above which carbon (to CO at 1 bar) reduces the oxide.
 * Published (Ellingham diagrams, e.g. Gaskell 5th ed. Fig. 12.13; D. O'Hare, Oxford lecture
 * notes 1996): Cr2O3 ≈ 1500 K (±100 K), SiO2 ≈ 1930 K (±60 K), MgO to Mg vapour ≈ 2120 K (±100 K;
 * the standard-state crossing, p_Mg = p_CO = 1 bar). */
static void ellingham_crossovers_from_the_data(void **state)
{
    (void)state;
    mk("CO CO2 Ar", "C Cr Cr2O3");
    work();
    feed("Cr2O3=1 C=6 Ar=1e-7"); /* a trace of Ar keeps a gas phase (see docs) */
    double te = engine_onset("Cr", 1000, 2000), td = data_onset("Cr2O3", "Cr", 2, 3, 1000, 2000);
    ORF_ASSERT_ABS(te, td, 0.01);
    ORF_ASSERT_ABS(td, 1500, 100);
    mk("CO CO2 Ar", "C Si SiO2");
    work();
    feed("SiO2=1 C=4 Ar=1e-7");
    te = engine_onset("Si", 1500, 2500);
    td = data_onset("SiO2", "Si", 1, 2, 1500, 2500);
    ORF_ASSERT_ABS(te, td, 0.01);
    ORF_ASSERT_ABS(td, 1930, 60);
    /* MgO + C = Mg(g) + CO: the engine's K = p_Mg p_CO is 1 at the standard crossing (at 4 bar
     * total, so that p_Mg p_CO can reach 1 bar² with both solids left; the Ar trace keeps a gas
     * phase below it, where p_Mg + p_CO < 4 bar) */
    mk("CO CO2 Mg(g) Ar", "C MgO");
    work();
    feed("MgO=1 C=4 Ar=1e-7");
    double lo = 1800, hi = 2600;
    while (hi - lo > 1e-4) {
        double t = 0.5 * (lo + hi);
        orf_eq_result r = solve(t, 4.0);
        double tot = amount(&r, "CO") + amount(&r, "CO2") + amount(&r, "Mg(g)") + amount(&r, "Ar");
        double k = 16.0 * amount(&r, "Mg(g)") / tot * amount(&r, "CO") / tot;
        *(k > 1 ? &hi : &lo) = t;
    }
    double dlo = 1800, dhi = 2600;
    while (dhi - dlo > 1e-4) {
        double t = 0.5 * (dlo + dhi);
        double dg = g("Mg(g)", t) + g("CO", t) - g("MgO", t) - g("C", t);
        *(dg < 0 ? &dhi : &dlo) = t;
    }
    ORF_ASSERT_ABS(lo, dlo, 0.01);
    ORF_ASSERT_ABS(dlo, 2120, 100);
}

static void same_amounts(const double *a, const double *b, size_t n, double tot)
{
    for (size_t i = 0; i < n; i++)
        ORF_ASSERT_ABS(a[i] / tot, b[i] / tot, 1e-9);
}

/* The same answer from any starting split: two feeds of the same elements, and the levelling and
 * the feed starts, agree to 1e-9 of the total amount, at several temperatures. */
static void same_answer_from_any_start(void **state)
{
    (void)state;
    mk(BIG_GAS, BIG_PURE);
    work();
    size_t ns = orf_eq_species_count(F->sys);
    double ref[64], a[64];
    orf_eq_options o;
    orf_eq_options_init(&o);
    for (double t = 1200; t <= 1800; t += 300) {
        feed("Cr2O3=1 FeO=1 SiO2=0.5 C=5 H2O=0.2 N2=0.1");
        memcpy(a, F->feed, sizeof a);
        orf_eq_result r = solve(t, 1.0);
        memcpy(ref, r.n, ns * sizeof(double));
        o.start = ORF_EQ_START_FEED;
        assert_int_equal(orf_eq_solve_tp(F->w, a, t, 1.0, &o, &r), ORF_OK);
        same_amounts(ref, r.n, ns, 10.0);
        /* same elements, other species: Cr + O2 for Cr2O3, Fe3O4 + Fe for FeO, CO + H2 ... */
        feed("Cr=2 O2=1.5 Fe3O4=0.25 Fe=0.25 SiC=0.5 O2=0.5 C=4.3 CO=0.2 H2=0.2 N2=0.1");
        ORF_ASSERT_ABS(F->feed[orf_eq_species_find(F->sys, "SiC", -1)], 0.5, 0);
        for (int s = 0; s < 2; s++) {
            o.start = s ? ORF_EQ_START_FEED : ORF_EQ_START_LEVEL;
            assert_int_equal(orf_eq_solve_tp(F->w, F->feed, t, 1.0, &o, &r), ORF_OK);
            same_amounts(ref, r.n, ns, 10.0);
            assert_true(r.balance_error < 1e-12);
        }
    }
}

typedef struct counter {
    long calls;
} counter;

static void *counting_alloc(void *ud, void *p, size_t size)
{
    counter *c = ud;
    if (size == 0) {
        free(p);
        return NULL;
    }
    c->calls++;
    return realloc(p, size);
}

/* Solving allocates nothing after the workspace is made (STYLE.md "Memory"). */
static void solving_allocates_nothing(void **state)
{
    (void)state;
    counter c = {0};
    orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, &c);
    orf_matdb *mdb;
    orf_thermo_db *db;
    orf_eq_system *sys;
    orf_eq_work *w;
    char path[4096];
    snprintf(path, sizeof path, "%s/materials.yaml", orf_data_dir());
    assert_int_equal(orf_matdb_load(ctx, path, &mdb), ORF_OK);
    assert_int_equal(orf_thermo_load_default(ctx, mdb, &db), ORF_OK);
    assert_int_equal(orf_eq_system_alloc(ctx, db, &sys), ORF_OK);
    const char *els[] = {"C", "O", "H", "Cr", "Fe", "Si", NULL}, *ex[] = {"Cr23C6", NULL};
    assert_int_equal(orf_eq_system_add_defaults(sys, els, ex), ORF_OK);
    assert_int_equal(orf_eq_work_alloc(sys, &w), ORF_OK);
    double fd[64] = {0};
    fd[orf_eq_species_find(sys, "Cr2O3", -1)] = 1;
    fd[orf_eq_species_find(sys, "C", -1)] = 4;
    fd[orf_eq_species_find(sys, "H2O", -1)] = 0.1;
    /* the first pass may warn (once per species and workspace: a diagnostic allocates); the
     * second must allocate nothing */
    long before = 0;
    for (int pass = 0; pass < 2; pass++) {
        before = c.calls;
        orf_eq_options o;
        orf_eq_options_init(&o);
        orf_eq_result r;
        for (double t = 1000; t <= 1900; t += 300) {
            assert_int_equal(orf_eq_solve_tp(w, fd, t, 1, &o, &r), ORF_OK);
            o.start = ORF_EQ_START_LAST;
        }
        double h = orf_eq_enthalpy_j(sys, fd, 298.15) + 500e3;
        assert_int_equal(orf_eq_solve_h(w, fd, h, 1, 400, 2000, NULL, &r), ORF_OK);
    }
    assert_true(before > 0);
    assert_int_equal(c.calls, before);
    orf_eq_work_free(w);
    orf_eq_system_free(sys);
    orf_thermo_free(db);
    orf_matdb_free(mdb);
    orf_ctx_free(ctx);
}

/* Fewer phases than elements: C + Cr2O3 below the reduction onset and with no inert gas. At 1 bar
 * no gas forms (p_CO + p_CO2 < 1 bar over C + Cr2O3 + Cr) and no Cr: the answer is the feed, and
 * the element potentials, not unique, must still make every absent phase stable: μ°(Cr) ≥ λ_Cr
 * and Σ_gas exp((Σ_e a_ie λ_e − g°_i)/RT) ≤ 1 (the tangent-plane test of the gas). */
static void degenerate_assemblage_has_stable_potentials(void **state)
{
    (void)state;
    mk("CO CO2", "C Cr Cr2O3");
    work();
    feed("Cr2O3=1 C=6");
    const orf_matdb *mdb = F->mdb;
    size_t ec = 0, eo = 0, ecr = 0;
    for (size_t e = 0; e < orf_matdb_element_count(mdb); e++) {
        const char *sym = orf_matdb_element(mdb, e)->symbol;
        ec = strcmp(sym, "C") ? ec : e;
        eo = strcmp(sym, "O") ? eo : e;
        ecr = strcmp(sym, "Cr") ? ecr : e;
    }
    for (double t = 1000; t <= 1400; t += 100) {
        orf_eq_result r = solve(t, 1.0);
        ORF_ASSERT_REL(amount(&r, "C"), 6.0, 1e-14);
        ORF_ASSERT_REL(amount(&r, "Cr2O3"), 1.0, 1e-14);
        assert_true(amount(&r, "Cr") == 0 && amount(&r, "CO") == 0);
        const double *l = r.lambda;
        ORF_ASSERT_REL(l[ec], g("C", t), 1e-12);
        ORF_ASSERT_REL(2 * l[ecr] + 3 * l[eo], g("Cr2O3", t), 1e-12);
        assert_true(g("Cr", t) - l[ecr] >= -1e-9 * fabs(g("Cr", t)));
        double sum = exp((l[ec] + l[eo] - g("CO", t)) / (RGAS * t)) +
                     exp((l[ec] + 2 * l[eo] - g("CO2", t)) / (RGAS * t));
        assert_true(sum <= 1 + 1e-9);
    }
}

/* Sweeps started from the last answer agree with fresh LP starts at every temperature, across
 * phase boundaries: the carbide sequence of Cr2O3 + C (where a carbide must replace a phase of a
 * full assemblage), the onset of MgO + C → Mg(g) + CO (a gas that forms or vanishes with no inert
 * to keep it) and the calcination of CaCO3. */
static void sweeps_agree_with_fresh_starts(void **state)
{
    (void)state;
    static const char *const sys[][3] = {
        {"CO CO2 O2", "C Cr Cr2O3 Cr3C2 Cr7C3 Cr23C6", "Cr2O3=1 C=4"},
        {"CO CO2 O2 Mg(g)", "C MgO", "MgO=1 C=1"},
        {"CO CO2 O2", "C CaO CaCO3", "CaCO3=1"},
    };
    double last[64];
    for (size_t k = 0; k < sizeof sys / sizeof *sys; k++) {
        mk(sys[k][0], sys[k][1]);
        work();
        feed(sys[k][2]);
        size_t ns = orf_eq_species_count(F->sys);
        orf_eq_options o;
        orf_eq_options_init(&o);
        for (double t = 800; t <= 2200; t += 35) {
            orf_eq_result r;
            o.start = ORF_EQ_START_LAST;
            orf_ctx_clear_diags(F->ctx);
            assert_int_equal(orf_eq_solve_tp(F->w, F->feed, t, 1.0, &o, &r), ORF_OK);
            memcpy(last, r.n, ns * sizeof(double));
            r = solve(t, 1.0);
            same_amounts(last, r.n, ns, 5.0);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(boudouard_matches_the_equilibrium_constant_and_published_curve),
        cmocka_unit_test(water_gas_shift_constant_at_1000_k),
        cmocka_unit_test(methane_cracking_over_graphite),
        cmocka_unit_test(inert_argon_only_dilutes),
        cmocka_unit_test(unreactive_feed_comes_back),
        cmocka_unit_test(bad_input_is_an_error),
        cmocka_unit_test(non_convergence_is_reported),
        cmocka_unit_test(a_state_beyond_its_data_gives_way_to_one_with_data),
        cmocka_unit_test(regular_solution_potentials),
        cmocka_unit_test(heat_balance_finds_the_temperature),
        cmocka_unit_test(warm_bracket_agrees_with_the_full_search),
        cmocka_unit_test(ellingham_crossovers_from_the_data),
        cmocka_unit_test(same_answer_from_any_start),
        cmocka_unit_test(solving_allocates_nothing),
        cmocka_unit_test(degenerate_assemblage_has_stable_potentials),
        cmocka_unit_test(sweeps_agree_with_fresh_starts),
        cmocka_unit_test(warm_search_agrees_on_thermit_charges),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
