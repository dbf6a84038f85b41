/* Chemistry units on real flowsheets: the material -> species bridge, the generic reactor, the
 * submerged-arc ferrochrome furnace and the aluminothermic reduction.
 *
 * Published figures checked:
 *  - SAF specific electric energy 3.1–4.2 MWh per t of HC ferrochrome: conventional semi-closed
 *    furnaces 3.8–4.2, closed furnaces on pre-heated pellets 3.1–3.3 (du Preez et al., Minerals
 *    13(6) 809, 2023, review of process routes); DC furnaces 3.4–3.6 MWh/t (Barcza, SAIMM Chrome
 *    Colloquium 2017, Mining Weekly 14 Jul 2017).
 *  - HC ferrochrome: Cr 60–70 %, C 4–6 % (Sizer Metal, HC FeCr grades; GOST 4757 HC grades).
 *  - Aluminothermic Cr2O3 + 2 Al -> 2 Cr + Al2O3: 0.3550 t Al per t Cr2O3, 1.4616 t Cr2O3 per t
 *    Cr, 0.9805 t Al2O3 per t Cr, 2.60 MJ per kg of stoichiometric charge (derived from the NASA
 *    Glenn data, McBride et al. 2002, with IUPAC atomic weights). Adiabatic temperature: with the
 *    products Cr (m.p. 2130 K) and Al2O3 (m.p. 2327 K, fusion 111.4 kJ/mol) the 535.1 kJ released
 *    heat 2 Cr + Al2O3 past 2327 K but not through the whole fusion of Al2O3, so T_ad = 2327 K
 *    (on the Al2O3 melting plateau): the pure charge is not self-sustaining at a 2100 °C tap,
 *    which is why practice adds boosters (CrO3, Orhan & Arslan SME 2000; BaO2/Mg ignition).
 */
#include "chem_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oreflow.h"
#include "oreflow/thermo.h"

/* the shared helpers (chem_fixture.h) under this file's names */
typedef chem_run run_t;
#define load chem_load
#define unload chem_unload
#define result chem_result
#define stream chem_stream
#define balances_close chem_balances_close
#define unit_dh_kw chem_unit_dh_kw

/* ---- the bridge ----------------------------------------------------------------------------- */

static void chromite_analysis_maps_to_its_oxides(void **state)
{
    (void)state;
    run_t r;
    load(&r, ORF_SOURCE_DIR "/examples/chromite/ferrochrome.yaml", NULL);
    const orf_system *y = orf_flowsheet_system(r.fs);
    int m = -1;
    for (size_t i = 0; i < y->nm; i++)
        if (!strcmp(y->mat[i]->name, "chromite"))
            m = (int)i;
    assert_true(m >= 0);
    /* materials.yaml: Cr2O3 61.0, Al2O3 8.5, MgO 15.5, FeO 12.0, Fe2O3 2.5, SiO2 0.3, TiO2 0.2 */
    struct {
        const char *sp;
        double pct;
    } ox[] = {{"Cr2O3", 61.0}, {"FeO", 12.0}, {"Fe2O3", 2.5}, {"MgO", 15.5}, {"TiO2", 0.2}};
    for (size_t i = 0; i < sizeof ox / sizeof ox[0]; i++) {
        int s = orf_thermo_index(r.db, ox[i].sp);
        const orf_species *sp = orf_thermo_species(r.db, (size_t)s);
        double kg =
            orf_chem_map_mol_per_kg(r.map, (size_t)m, (size_t)s) * sp->molar_mass_g_mol / 1000.0;
        ORF_ASSERT_REL(kg * 100.0, ox[i].pct, 1e-12);
    }
    /* serpentine Mg3Si2O5(OH)4 by the element bridge: 3 MgO + 2 SiO2 + 2 H2O per formula unit */
    for (size_t i = 0; i < y->nm; i++)
        if (!strcmp(y->mat[i]->name, "serpentine"))
            m = (int)i;
    double mgo = orf_chem_map_mol_per_kg(r.map, (size_t)m, (size_t)orf_thermo_index(r.db, "MgO"));
    double sio2 = orf_chem_map_mol_per_kg(r.map, (size_t)m, (size_t)orf_thermo_index(r.db, "SiO2"));
    double h2o =
        orf_chem_map_mol_per_kg(r.map, (size_t)m, (size_t)orf_thermo_index(r.db, "H2O(L)"));
    ORF_ASSERT_REL(mgo / sio2, 1.5, 1e-12);
    ORF_ASSERT_REL(h2o / sio2, 1.0, 1e-12);
    ORF_ASSERT_REL(sio2, 2.0 * 1000.0 / y->mat[m]->molar_mass_g_mol, 1e-9);
    unload(&r);
}

/* ---- ferrochrome furnace -------------------------------------------------------------------- */

static void saf_energy_and_alloy_in_published_ranges(void **state)
{
    (void)state;
    run_t r;
    load(&r, ORF_SOURCE_DIR "/examples/chromite/ferrochrome.yaml", NULL);
    balances_close(&r);
    double sec = result(&r, "saf", "specific_energy_kwh_per_t");
    assert_true(sec >= 3100.0 && sec <= 4200.0);
    double cr = result(&r, "saf", "cr_in_alloy_pct"), c = result(&r, "saf", "c_in_alloy_pct");
    assert_true(cr >= 60.0 && cr <= 70.0);
    assert_true(c >= 4.0 && c <= 6.0);
    /* the design spec found the reductant rate; the unit's own stoichiometric demand agrees */
    double coke = orf_stream_total_tph(stream(&r, "coke"));
    ORF_ASSERT_REL(result(&r, "saf", "reductant_demand_tph"), coke, 1e-6);
    /* alloy analysis is what the alloy stream carries */
    double a;
    assert_int_equal(orf_stream_assay(stream(&r, "ferrochrome"), "Cr", &a), ORF_OK);
    ORF_ASSERT_REL(a, cr, 1e-9);
    ORF_ASSERT_REL(result(&r, "saf", "alloy_tph"), orf_stream_total_tph(stream(&r, "ferrochrome")),
                   1e-12);
    /* energy balance from the streams: P·η·(1 − l) = H_out − H_in, to 1e-6 */
    double scale, dh = unit_dh_kw(&r, "saf", &scale);
    /* H_out holds the heat of melting of slag and alloy beside the streams' enthalpy */
    double melt = result(&r, "saf", "melting_heat_kw");
    assert_true(melt > 0);
    dh += melt;
    ORF_ASSERT_REL(dh, result(&r, "saf", "reaction_enthalpy_kw"), 1e-9);
    double p = result(&r, "saf", "power_kw");
    assert_true(fabs(p * 0.95 * (1 - 0.12) - dh) <= 1e-6 * scale);
    assert_true(result(&r, "saf", "energy_balance_error") < 1e-6);
    /* the recoveries are the shares of the Cr and Fe fed that report to the alloy, dust being
     * one of the losses (docs/models.md): to 1e-9 */
    ORF_ASSERT_REL(result(&r, "saf", "cr_recovery_pct"), 84.0, 1e-9);
    const orf_matdb *mdb = orf_flowsheet_system(r.fs)->db;
    static const char *const feeds[] = {"concentrate", "coke", "quartzite", "air_leak"};
    static const char *const el[] = {"Cr", "Fe"};
    static const double rec[] = {84.0, 98.0};
    for (size_t k = 0; k < 2; k++) {
        int e = orf_matdb_element_index(mdb, el[k]);
        assert_true(e >= 0);
        double fed = 0;
        for (size_t f = 0; f < 4; f++)
            fed += orf_stream_element_tph(stream(&r, feeds[f]), e);
        ORF_ASSERT_REL(orf_stream_element_tph(stream(&r, "ferrochrome"), e) / fed, rec[k] / 100.0,
                       1e-9);
    }
    /* reaction enthalpy alone is a floor: Cr2O3 + 3C -> 2Cr + 3CO needs 2.16 MWh per t Cr */
    double cr_tph = result(&r, "saf", "alloy_tph") * cr / 100.0;
    assert_true(dh / cr_tph > 2160.0);
    unload(&r);
}

static const char *saf_short_yaml =
    "name: SAF short of carbon\n"
    "materials: [chromite, coke, Cr2O3, FeO, Fe2O3, MgO, Al2O3, SiO2, CaO, TiO2, C, Cr, Fe, Si,\n"
    "            CO, CO2, steam, CH4]\n"
    "feeds:\n"
    "  ore: {bulk: {chromite: 10}}\n"
    "  coke: {bulk: {coke: 0.5}}\n"
    "units:\n"
    "  - {name: saf, type: saf_ferrochrome, in: [ore, coke],\n"
    "     out: {alloy: fecr, slag: slag, gas: gas, dust: dust}, reductant: coke}\n";

/* With too little coke every carbon atom goes to reduction: no C left in the alloy, recoveries
 * scaled down together, and the element balance still closes. */
static void saf_short_of_carbon_scales_reduction(void **state)
{
    (void)state;
    run_t r;
    load(&r, "short.yaml", saf_short_yaml);
    balances_close(&r);
    assert_true(result(&r, "saf", "carbon_short") == 1.0);
    ORF_ASSERT_ABS(result(&r, "saf", "c_in_alloy_pct"), 0.0, 1e-9);
    assert_true(result(&r, "saf", "cr_recovery_pct") < 84.0 * 0.5);
    assert_true(result(&r, "saf", "reductant_demand_tph") > 0.5);
    unload(&r);
}

/* ---- aluminothermic ------------------------------------------------------------------------- */

static const char *thermit_yaml =
    "name: stoichiometric thermit charge\n"
    "materials: [Cr2O3, Al, Cr, Al2O3]\n"
    "feeds:\n"
    "  oxide: {bulk: {Cr2O3: 1.0}}\n"
    "  aluminium: {bulk: {Al: 0.35500}}\n"
    "units:\n"
    "  - {name: thermit, type: aluminothermic, in: [oxide, aluminium],\n"
    "     out: {metal: metal, slag: slag}, cr_yield_pct: 100, product_temp_c: 2100}\n";

static void thermit_stoichiometry_and_heat(void **state)
{
    (void)state;
    run_t r;
    load(&r, "thermit.yaml", thermit_yaml);
    balances_close(&r);
    /* 0.3550 t Al per t Cr2O3 (derived): the charge is stoichiometric to 4 digits */
    ORF_ASSERT_REL(result(&r, "thermit", "al_stoich_tph"), 0.3550, 2e-4);
    ORF_ASSERT_ABS(result(&r, "thermit", "al_excess_pct"), 0.0, 0.05);
    /* 1.4616 t Cr2O3 per t Cr; 0.9805 t Al2O3 per t Cr; 0.5189 t Al per t Cr */
    double metal = result(&r, "thermit", "metal_tph");
    ORF_ASSERT_REL(1.0 / metal, 1.4616, 3e-4);
    ORF_ASSERT_REL(result(&r, "thermit", "slag_tph") / metal, 0.9805, 3e-4);
    ORF_ASSERT_REL(result(&r, "thermit", "al_kg_per_t_metal"), 518.9, 3e-4);
    /* 2.60 MJ per kg of stoichiometric charge */
    ORF_ASSERT_REL(result(&r, "thermit", "specific_heat_kj_per_kg"), 2600.0, 2e-3);
    /* adiabatic temperature on the Al2O3 melting plateau, 2327 K */
    ORF_ASSERT_ABS(result(&r, "thermit", "adiabatic_temp_c") + 273.15, 2327.0, 0.01);
    assert_true(result(&r, "thermit", "self_sustaining") == 0.0);
    /* energy: surplus = −(H_out − H_in) from the streams */
    double scale, dh = unit_dh_kw(&r, "thermit", &scale);
    assert_true(fabs(result(&r, "thermit", "heat_surplus_kw") + dh) <= 1e-6 * scale);
    unload(&r);
}

/* ---- aluminothermic, equilibrium model -------------------------------------------------------
 * A charge of 1 t/h Cr2O3 with al_tph aluminium and cao_tph lime, all at t_c, brought to
 * equilibrium at its adiabatic temperature (less loss_pct of the heat of reaction). */
static void thermit_eq_charge(run_t *r, double cr2o3_tph, double al_tph, double cao_tph, double t_c,
                              double loss_pct)
{
    static char y[1024];
    snprintf(y, sizeof y,
             "name: thermit equilibrium\n"
             "materials: [Cr2O3, Al, Cr, Al2O3, CaO]\n"
             "feeds:\n"
             "  oxide: {bulk: {Cr2O3: %g}, temperature_c: %g}\n"
             "  aluminium: {bulk: {Al: %.6f}, temperature_c: %g}\n"
             "  lime: {bulk: {CaO: %.6f}, temperature_c: %g}\n"
             "units:\n"
             "  - {name: thermit, type: aluminothermic, in: [oxide, aluminium, lime],\n"
             "     out: {metal: metal, slag: slag}, model: equilibrium, heat_loss_pct: %g}\n",
             cr2o3_tph, t_c, al_tph, t_c, cao_tph, t_c, loss_pct);
    load(r, "thermit_eq.yaml", y);
    balances_close(r); /* elements to 1e-9 */
    assert_true(result(r, "thermit", "balance_error") < 1e-12);
    /* energy: H_in = H_out + loss + surplus, H from the streams */
    double scale, dh = unit_dh_kw(r, "thermit", &scale);
    double loss = result(r, "thermit", "heat_loss_kw");
    assert_true(fabs(result(r, "thermit", "heat_surplus_kw") + loss + dh) <= 1e-9 * scale);
    assert_true(result(r, "thermit", "energy_balance_error") < 1e-12);
}

static void thermit_eq(run_t *r, double al_tph, double cao_tph, double t_c, double loss_pct)
{
    thermit_eq_charge(r, 1.0, al_tph, cao_tph, t_c, loss_pct);
}

typedef struct {
    double yield, al, tad_k, a_al2o3, slag_liq_c, surplus, cr2o3, molten, self, sph;
} thermit_out;

static thermit_out thermit_eq_run(double al_tph, double cao_tph, double t_c, double loss_pct)
{
    run_t r;
    thermit_eq(&r, al_tph, cao_tph, t_c, loss_pct);
    thermit_out o = {result(&r, "thermit", "cr_recovery_pct"),
                     result(&r, "thermit", "al_in_metal_pct"),
                     result(&r, "thermit", "adiabatic_temp_c") + 273.15,
                     result(&r, "thermit", "slag_al2o3_activity"),
                     result(&r, "thermit", "slag_liquidus_c"),
                     result(&r, "thermit", "heat_surplus_kw"),
                     result(&r, "thermit", "slag_cr2o3_pct"),
                     result(&r, "thermit", "products_molten"),
                     result(&r, "thermit", "self_sustaining"),
                     result(&r, "thermit", "specific_heat_kj_per_kg")};
    unload(&r);
    return o;
}

/* The stoichiometric charge (0.3550 t Al per t Cr2O3): the specific heat within 0.5 % of the hand
 * calculation 2.60 MJ/kg (the equilibrium leaves 0.2 % of the Cr2O3 unreduced); T_ad in the
 * published 2200–2500 K of Cr2O3 + 2 Al, here on the Al2O3 melting plateau (2327 K) with most
 * of the Al2O3 unmolten (surplus > 0): meets the 2300 kJ/kg criterion but is not self-sustaining,
 * as practice finds without a booster. */
static void thermit_eq_stoichiometric(void **state)
{
    (void)state;
    thermit_out o = thermit_eq_run(0.3550, 0.0, 25.0, 0.0);
    ORF_ASSERT_REL(o.sph, 2600.0, 5e-3);
    assert_true(o.tad_k >= 2200.0 && o.tad_k <= 2500.0);
    ORF_ASSERT_ABS(o.tad_k, 2327.0, 0.01);
    assert_true(o.surplus > 0.0);
    assert_true(o.molten == 0.0 && o.self == 0.0);
    assert_true(o.yield > 99.0 && o.yield < 100.0);
    ORF_ASSERT_ABS(o.slag_liq_c + 273.15, 2327.0, 2.0); /* almost pure Al2O3 */
}

/* More aluminium: higher yield and more Al left in the metal (a_Al up, Cr2O3 in slag down). */
static void thermit_eq_aluminium_excess(void **state)
{
    (void)state;
    thermit_out lo = thermit_eq_run(0.3200, 0.0, 25.0, 0.0);
    thermit_out mid = thermit_eq_run(0.3550, 0.0, 25.0, 0.0);
    thermit_out hi = thermit_eq_run(0.3900, 0.0, 25.0, 0.0);
    assert_true(lo.yield < mid.yield && mid.yield < hi.yield);
    assert_true(lo.al < mid.al && mid.al < hi.al);
    assert_true(lo.cr2o3 > mid.cr2o3 && mid.cr2o3 > hi.cr2o3);
    /* short of aluminium the yield is near the Al fed: 0.32/0.355 of the stoichiometric */
    ORF_ASSERT_ABS(lo.yield, 100.0 * 0.3200 / 0.3551, 0.5);
    /* 10 % excess: the excess dissolves, ≈ 0.0355 t Al in ≈ 0.70 t metal */
    assert_true(hi.al > 4.0 && hi.al < 6.0);
}

/* CaO lowers the Al2O3 activity and the slag's corundum liquidus, and so changes the yield (up:
 * the reduction's product is diluted) and the Al left in the metal (down); it also dilutes the
 * heat (specific heat down). */
static void thermit_eq_lime_flux(void **state)
{
    (void)state;
    thermit_out no = thermit_eq_run(0.3550, 0.0, 25.0, 0.0);
    thermit_out ca = thermit_eq_run(0.3550, 0.10, 25.0, 0.0);
    assert_true(ca.a_al2o3 < 0.7 * no.a_al2o3);
    assert_true(ca.slag_liq_c < no.slag_liq_c - 100.0);
    assert_true(ca.yield > no.yield);
    assert_true(ca.al < no.al);
    assert_true(ca.sph < no.sph);
}

/* Preheating the charge to 600 °C raises T_ad off the Al2O3 plateau (≈ 2630 K) and melts the
 * products; a heat loss of 20 % of the heat of reaction drops it below the plateau. */
static void thermit_eq_preheat_and_loss(void **state)
{
    (void)state;
    thermit_out cold = thermit_eq_run(0.3550, 0.0, 25.0, 0.0);
    thermit_out hot = thermit_eq_run(0.3550, 0.0, 600.0, 0.0);
    thermit_out lossy = thermit_eq_run(0.3550, 0.0, 25.0, 20.0);
    assert_true(hot.tad_k > cold.tad_k + 200.0);
    assert_true(hot.molten == 1.0 && hot.self == 1.0);
    ORF_ASSERT_ABS(hot.surplus, 0.0, 1e-6);
    assert_true(lossy.tad_k < cold.tad_k - 50.0);
    assert_true(lossy.molten == 0.0);
}

/* The adiabatic search of each heat-loss pass starts from the last pass's T (orf_eq_solve_h_near)
 * and nothing is kept between calls (Monte Carlo workers solve samples in any order): after a
 * solve at other parameters, the first answer again, exactly; the warm answer closes the heat
 * balance as the cold one (thermit_eq's checks, at 20 % and 5 % loss). */
static void thermit_eq_same_after_a_change(void **state)
{
    (void)state;
    run_t r;
    thermit_eq(&r, 0.3550, 0.0, 25.0, 20.0);
    const char *names[] = {"adiabatic_temp_c", "cr_recovery_pct", "al_in_metal_pct",
                           "heat_surplus_kw", "heat_loss_kw"};
    double first[5];
    for (int i = 0; i < 5; i++)
        first[i] = result(&r, "thermit", names[i]);
    double *loss = orf_flowsheet_param_ref(r.fs, "thermit", "heat_loss_pct");
    double *al = orf_flowsheet_param_ref(r.fs, "aluminium", "bulk.Al");
    assert_non_null(loss);
    assert_non_null(al);
    *loss = 5.0;
    *al = 0.39;
    assert_int_equal(orf_flowsheet_solve(r.fs, NULL), ORF_OK);
    assert_true(result(&r, "thermit", "adiabatic_temp_c") > first[0] + 50.0);
    double scale, dh = unit_dh_kw(&r, "thermit", &scale);
    assert_true(fabs(result(&r, "thermit", "heat_surplus_kw") +
                     result(&r, "thermit", "heat_loss_kw") + dh) <= 1e-9 * scale);
    *loss = 20.0;
    *al = 0.3550;
    assert_int_equal(orf_flowsheet_solve(r.fs, NULL), ORF_OK);
    for (int i = 0; i < 5; i++)
        assert_true(result(&r, "thermit", names[i]) == first[i]);
    unload(&r);
}

/* A charge without oxide (aluminium alone, or with lime and a trace of Cr2O3) does not react: it
 * stays near 25 °C, and its products are not molten (solid Al melts at 660 °C, CaO at 2613 °C).
 * The corundum liquidus is not defined where the slag holds no Al2O3 or where corundum does not
 * saturate it at any temperature (x γ of Al2O3 ≪ 1 in a lime slag): NaN (null in JSON), never a
 * temperature below absolute zero; likewise the Cr liquidus of a metal without Cr. */
static void thermit_eq_without_oxide(void **state)
{
    (void)state;
    const double cr2o3[] = {0.0, 1e-6, 1e-9};
    const double cao[] = {0.0, 0.10, 0.10};
    for (size_t k = 0; k < 3; k++) {
        run_t r;
        thermit_eq_charge(&r, cr2o3[k], 0.3550, cao[k], 25.0, 0.0);
        double tad = result(&r, "thermit", "adiabatic_temp_c");
        double sl = result(&r, "thermit", "slag_liquidus_c");
        double ml = result(&r, "thermit", "metal_liquidus_c");
        assert_true(tad < 30.0);
        assert_true(result(&r, "thermit", "products_molten") == 0.0);
        assert_true(result(&r, "thermit", "self_sustaining") == 0.0);
        assert_true(isnan(sl) || sl + 273.15 > 0.0);
        assert_true(isnan(ml) || ml + 273.15 > 0.0);
        if (k == 0)
            assert_true(isnan(sl) && isnan(ml)); /* no slag, no Cr */
        if (k > 0)
            assert_true(isnan(sl)); /* corundum does not saturate the lime slag */
        unload(&r);
    }
}

/* ---- generic reactor ------------------------------------------------------------------------ */

static const char *roast_yaml =
    "name: soda roast\n"
    "materials: [Cr2O3, Na2CO3, O2, N2, Na2CrO4, CO2]\n"
    "feeds:\n"
    "  oxide: {bulk: {Cr2O3: 1.0}}\n"
    "  soda: {bulk: {Na2CO3: 1.0}}\n"
    "  air: {bulk: {O2: 1.0, N2: 3.3}}\n"
    "units:\n"
    "  - name: roaster\n"
    "    type: reactor\n"
    "    in: [oxide, soda, air]\n"
    "    out: [calcine, gas]\n"
    "    reactions:\n"
    "      - {equation: \"2 Cr2O3 + 4 Na2CO3 + 3 O2 -> 4 Na2CrO4 + 4 CO2\", key: Cr2O3,\n"
    "         conversion: 0.9}\n"
    "    route: {gas: gas, default: calcine}\n"
    "    temperature_c: 1100\n"
    "    heat_loss_kw: 50\n";

/* 1 t/h Cr2O3 with 1 t/h soda: soda limits (needs 1.395 t per t Cr2O3 at 90 %), so the extent is
 * set by Na2CO3, and the duty equals H_out − H_in + losses from the streams. */
static void reactor_limits_extent_and_closes_energy(void **state)
{
    (void)state;
    run_t r;
    load(&r, "roast.yaml", roast_yaml);
    balances_close(&r);
    double na2cro4 = 0, soda = 0;
    const orf_stream *c = stream(&r, "calcine");
    const orf_system *y = orf_flowsheet_system(r.fs);
    for (size_t m = 0; m < y->nm; m++) {
        if (!strcmp(y->mat[m]->name, "Na2CrO4"))
            na2cro4 = orf_stream_material_tph(c, m);
        if (!strcmp(y->mat[m]->name, "Na2CO3"))
            soda = orf_stream_material_tph(c, m);
    }
    ORF_ASSERT_ABS(soda, 0.0, 1e-12);                       /* soda used up */
    ORF_ASSERT_REL(na2cro4, 1.0 / 105.988 * 161.973, 1e-4); /* 1 Na2CrO4 per Na2CO3 */
    double scale, dh = unit_dh_kw(&r, "roaster", &scale);
    assert_true(fabs(result(&r, "roaster", "duty_kw") - (dh + 50.0)) <= 1e-6 * scale);
    ORF_ASSERT_REL(orf_stream_temp_c(stream(&r, "gas")), 1100.0, 1e-15);
    /* the conversion is a parameter for specs and Monte Carlo: at 30 % the soda no longer limits */
    double *x = orf_flowsheet_param_ref(r.fs, "roaster", "conversion.1");
    assert_non_null(x);
    assert_null(orf_flowsheet_param_ref(r.fs, "roaster", "conversion.2"));
    *x = 0.3;
    assert_int_equal(orf_flowsheet_solve(r.fs, NULL), ORF_OK);
    const orf_stream *c2 = stream(&r, "calcine");
    for (size_t m = 0; m < y->nm; m++)
        if (!strcmp(y->mat[m]->name, "Na2CrO4"))
            ORF_ASSERT_REL(orf_stream_material_tph(c2, m), 0.3 * 2.0 / 151.99 * 161.973, 1e-4);
    balances_close(&r);
    unload(&r);
}

static void examples_balance_elements_and_energy(void **state)
{
    (void)state;
    run_t r;
    load(&r, ORF_SOURCE_DIR "/examples/chromite/chromium_metal.yaml", NULL);
    balances_close(&r);
    const char *reactors[] = {"roaster", "leach", "acidifier", "reduction_kiln", "oxide_wash"};
    for (size_t i = 0; i < 5; i++) {
        double scale, dh = unit_dh_kw(&r, reactors[i], &scale);
        double loss = i == 0 ? 500.0 : i == 3 ? 100.0 : 0.0;
        assert_true(fabs(result(&r, reactors[i], "duty_kw") - (dh + loss)) <= 1e-6 * scale);
        assert_true(result(&r, reactors[i], "energy_balance_error") < 1e-6);
    }
    double scale, dh = unit_dh_kw(&r, "thermit", &scale);
    double loss = result(&r, "thermit", "heat_loss_kw");
    assert_true(fabs(result(&r, "thermit", "heat_surplus_kw") + loss + dh) <= 1e-6 * scale);
    assert_true(result(&r, "thermit", "cr_in_metal_pct") > 99.0);
    unload(&r);
}

/* The library's sulfides enter the chemistry as themselves (a formula match with data/thermo.yaml),
 * not through the oxide bridge: 1 t/h each of chalcopyrite, covellite, sphalerite, galena and
 * molybdenite carries Σ (1000/M) ΔfH kJ/h at 25 °C, with ΔfH of Cemič & Kleppa (1988) and the NBS
 * tables; and chalcopyrite burns in a reactor to Cu2O, Fe2O3 and SO2 with its elements balanced. */
static void sulfide_minerals_map_to_their_species(void **state)
{
    (void)state;
    run_t r;
    load(
        &r, "sulfides.yaml",
        "name: sulfides\n"
        "materials: [chalcopyrite, covellite, sphalerite, galena, molybdenite, Cu2O, Fe2O3, SO2,\n"
        "            O2, N2]\n"
        "feeds:\n"
        "  ore: {bulk: {chalcopyrite: 1, covellite: 1, sphalerite: 1, galena: 1, molybdenite: 1}}\n"
        "  conc: {bulk: {chalcopyrite: 10}}\n"
        "  air: {bulk: {O2: 10.5, N2: 34.6}}\n"
        "units:\n"
        "  - name: roaster\n"
        "    type: reactor\n"
        "    in: [conc, air]\n"
        "    out: [calcine, gas]\n"
        "    reactions:\n"
        "      - {equation: \"4 CuFeS2 + 12 O2 -> 2 Cu2O + 2 Fe2O3 + 8 SO2\", key: CuFeS2, "
        "conversion: 1.0}\n"
        "    route: {gas: gas, default: calcine}\n"
        "    temperature_c: 25\n");
    static const struct {
        const char *formula;
        double m_g_mol, dhf_kj_mol;
    } sp[] = {{"CuFeS2", 183.51, -194.93},
              {"CuS", 95.61, -53.1},
              {"ZnS", 97.44, -205.98},
              {"PbS", 239.3, -100.4},
              {"MoS2", 160.07, -235.1}};
    double want = 0.0;
    for (size_t i = 0; i < sizeof sp / sizeof *sp; i++) {
        int k = orf_thermo_index(r.db, sp[i].formula);
        assert_true(k >= 0);
        double m = orf_thermo_species(r.db, (size_t)k)->molar_mass_g_mol;
        ORF_ASSERT_REL(m, sp[i].m_g_mol, 2e-4);
        want += 1000.0 / m * sp[i].dhf_kj_mol / 3600.0; /* 1 t/h: kmol/h × kJ/mol → kW */
    }
    ORF_ASSERT_REL(orf_chem_stream_enthalpy_kw(r.map, stream(&r, "ore")), want * 1000.0, 1e-9);
    balances_close(&r);
    unload(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chromite_analysis_maps_to_its_oxides),
        cmocka_unit_test(saf_energy_and_alloy_in_published_ranges),
        cmocka_unit_test(saf_short_of_carbon_scales_reduction),
        cmocka_unit_test(thermit_stoichiometry_and_heat),
        cmocka_unit_test(thermit_eq_stoichiometric),
        cmocka_unit_test(thermit_eq_aluminium_excess),
        cmocka_unit_test(thermit_eq_lime_flux),
        cmocka_unit_test(thermit_eq_preheat_and_loss),
        cmocka_unit_test(thermit_eq_same_after_a_change),
        cmocka_unit_test(thermit_eq_without_oxide),
        cmocka_unit_test(reactor_limits_extent_and_closes_energy),
        cmocka_unit_test(examples_balance_elements_and_energy),
        cmocka_unit_test(sulfide_minerals_map_to_their_species),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
