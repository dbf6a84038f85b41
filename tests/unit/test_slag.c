/* Slag physical properties (src/thermo/slag.c) and Westly's furnace relations
 * (src/units/saf_electric.c): published values, trends, and the functions' contracts. */
#include "orf_test.h"

#include "oreflow/slag.h"
#include "units/saf_electric.h"

#include <math.h>

/* Pure oxide by formula, 100 mass units. */
static void pure(double m[ORF_SLAG_NOX], const char *formula)
{
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    m[orf_slag_oxide_index(formula)] = 100.0;
}

/* A typical HC FeCr (MgO–Al2O3–SiO2) tapping slag, mass %, with 8 % Cr2O3 (South African
 * practice as summarised in ../shared/domain/chromite-chain.md: MgO/Al2O3 ≈ 1, basicity
 * (CaO+MgO)/SiO2 ≈ 0.9). */
static void fecr_slag(double m[ORF_SLAG_NOX])
{
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    m[ORF_SLAG_SIO2] = 32.0;
    m[ORF_SLAG_AL2O3] = 27.0;
    m[ORF_SLAG_MGO] = 25.0;
    m[ORF_SLAG_CAO] = 3.0;
    m[ORF_SLAG_CR2O3] = 8.0;
    m[ORF_SLAG_FEO] = 1.0;
}

/* Blast-furnace type slag, mass %: 40 CaO, 35 SiO2, 15 Al2O3, 10 MgO. */
static void bf_slag(double m[ORF_SLAG_NOX])
{
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    m[ORF_SLAG_CAO] = 40.0;
    m[ORF_SLAG_SIO2] = 35.0;
    m[ORF_SLAG_AL2O3] = 15.0;
    m[ORF_SLAG_MGO] = 10.0;
}

static void test_oxide_names(void **state)
{
    (void)state;
    for (int i = 0; i < ORF_SLAG_NOX; i++) {
        assert_int_equal(orf_slag_oxide_index(orf_slag_oxide_formula(i)), i);
        assert_true(orf_slag_oxide_molar_mass_g_mol(i) > 40.0);
    }
    assert_int_equal(orf_slag_oxide_index("Cr2O3"), ORF_SLAG_CR2O3);
    assert_int_equal(orf_slag_oxide_index("SiO"), -1);
    assert_int_equal(orf_slag_oxide_index(NULL), -1);
    assert_null(orf_slag_oxide_formula(ORF_SLAG_NOX));
    assert_true(isnan(orf_slag_oxide_molar_mass_g_mol(-1)));
    /* IUPAC: Cr2O3 = 2 × 51.9961 + 3 × 15.999 */
    ORF_ASSERT_REL(orf_slag_oxide_molar_mass_g_mol(ORF_SLAG_CR2O3), 151.989, 1e-4);
}

/* Optical basicities of pure oxides, Duffy & Ingram as tabulated in Mills' Slag Atlas (1995). */
static void test_optical_basicity_pure(void **state)
{
    (void)state;
    static const struct {
        const char *f;
        double lambda;
    } cases[] = {{"CaO", 1.00},  {"SiO2", 0.48}, {"Al2O3", 0.60}, {"MgO", 0.78},
                 {"Na2O", 1.15}, {"K2O", 1.40},  {"TiO2", 0.61}};
    double m[ORF_SLAG_NOX];
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pure(m, cases[k].f);
        ORF_ASSERT_REL(orf_slag_optical_basicity(m), cases[k].lambda, 1e-12);
    }
    /* CaSiO3 (x_CaO = x_SiO2 = 1/2): Λ = (1·1.00 + 2·0.48) / 3, oxygen-weighted. */
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    m[ORF_SLAG_CAO] = orf_slag_oxide_molar_mass_g_mol(ORF_SLAG_CAO);
    m[ORF_SLAG_SIO2] = orf_slag_oxide_molar_mass_g_mol(ORF_SLAG_SIO2);
    ORF_ASSERT_REL(orf_slag_optical_basicity(m), (1.00 + 2 * 0.48) / 3.0, 1e-12);
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    assert_true(isnan(orf_slag_optical_basicity(m)));
}

/* Viscosity: contract, magnitudes, and the trends the Urbain model must show. */
static void test_viscosity(void **state)
{
    (void)state;
    double m[ORF_SLAG_NOX];
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    assert_true(isnan(orf_slag_viscosity_pa_s(m, 1873.0)));
    assert_true(isnan(orf_slag_viscosity_pa_s(NULL, 1873.0)));
    pure(m, "SiO2"); /* no modifier, no amphoteric: outside the model */
    assert_true(isnan(orf_slag_viscosity_pa_s(m, 2273.0)));

    /* Mass units do not matter. */
    fecr_slag(m);
    double eta = orf_slag_viscosity_pa_s(m, 1923.15);
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] *= 7.5;
    ORF_ASSERT_REL(orf_slag_viscosity_pa_s(m, 1923.15), eta, 1e-12);

    /* FeCr slag, fully liquid at 1650–1750 °C: of the order of 0.1–1 Pa·s (measured FeCr slag
     * viscosities lie in 0.2–1 Pa·s; Urbain's error is some 25–50 % for such slags). */
    fecr_slag(m);
    double prev = INFINITY;
    for (double t_c = 1650.0; t_c <= 1750.0; t_c += 25.0) {
        double e = orf_slag_viscosity_pa_s(m, t_c + 273.15);
        assert_true(e > 0.1 && e < 1.0);
        assert_true(e < prev); /* falls with temperature */
        prev = e;
    }
    /* SiO2 replacing MgO (more network former) raises the viscosity. */
    double base = orf_slag_viscosity_pa_s(m, 1923.15);
    for (int k = 1; k <= 4; k++) {
        m[ORF_SLAG_SIO2] += 2.0;
        m[ORF_SLAG_MGO] -= 2.0;
        double e = orf_slag_viscosity_pa_s(m, 1923.15);
        assert_true(e > base);
        base = e;
    }
    /* Arrhenius in 1/T with the model's activation: ln(η/T) is linear in 1/T, so three
     * temperatures satisfy the linear relation exactly. */
    fecr_slag(m);
    double t1 = 1873.0, t2 = 1923.0, t3 = 1973.0;
    double y1 = log(orf_slag_viscosity_pa_s(m, t1) / t1);
    double y2 = log(orf_slag_viscosity_pa_s(m, t2) / t2);
    double y3 = log(orf_slag_viscosity_pa_s(m, t3) / t3);
    ORF_ASSERT_REL((y2 - y1) / (1 / t2 - 1 / t1), (y3 - y2) / (1 / t3 - 1 / t2), 1e-9);

    /* Blast-furnace slag at 1500 °C: 0.2–0.6 Pa·s (the range of measured CaO–SiO2–Al2O3–MgO
     * bosh slags, Kim et al., ISIJ Int. 44 (2004) 1291). */
    bf_slag(m);
    eta = orf_slag_viscosity_pa_s(m, 1773.15);
    assert_true(eta > 0.2 && eta < 0.6);
    /* More Al2O3 at fixed CaO/SiO2 and MgO raises the viscosity (Kim et al. 2004). */
    m[ORF_SLAG_AL2O3] += 5.0;
    assert_true(orf_slag_viscosity_pa_s(m, 1773.15) > eta);
}

/* Density (Mills & Keene 1987). */
static void test_density(void **state)
{
    (void)state;
    double m[ORF_SLAG_NOX];
    /* Pure CaO at 1773 K: ρ = M / V = 56.077 / 20.7 g/cm³. */
    pure(m, "CaO");
    ORF_ASSERT_REL(orf_slag_density_kg_m3(m, 1773.0), 1000.0 * 56.077 / 20.7, 1e-12);
    /* 1 % volume expansion per 100 K. */
    ORF_ASSERT_REL(orf_slag_density_kg_m3(m, 1873.0), 1000.0 * 56.077 / (20.7 * 1.01), 1e-12);
    /* Pure silica: V = 19.55 + 7.966. */
    pure(m, "SiO2");
    ORF_ASSERT_REL(orf_slag_density_kg_m3(m, 1773.0), 1000.0 * 60.084 / (19.55 + 7.966), 1e-12);
    /* Liquid slags lie at 2.5–3.0 t/m³ (Slag Atlas ch. 10: BF slags ≈ 2.6–2.8 at 1500 °C). */
    bf_slag(m);
    double rho = orf_slag_density_kg_m3(m, 1773.15);
    assert_true(rho > 2600.0 && rho < 2800.0);
    fecr_slag(m);
    rho = orf_slag_density_kg_m3(m, 1923.15);
    assert_true(rho > 2600.0 && rho < 3000.0);
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    assert_true(isnan(orf_slag_density_kg_m3(m, 1773.0)));
}

/* Conductivity from viscosity (Mills 2011): κ rises with T as η falls, with the exponent 1/1.18. */
static void test_conductivity(void **state)
{
    (void)state;
    double m[ORF_SLAG_NOX];
    fecr_slag(m);
    double k1 = orf_slag_conductivity_s_m(m, 1923.15), k2 = orf_slag_conductivity_s_m(m, 1973.15);
    double e1 = orf_slag_viscosity_pa_s(m, 1923.15), e2 = orf_slag_viscosity_pa_s(m, 1973.15);
    assert_true(k2 > k1 && k1 > 0.0);
    ORF_ASSERT_REL(log(k2 / k1), log(e1 / e2) / 1.18, 1e-9);
    /* η = 1 dPa·s (0.1 Pa·s) ↔ κ = exp(−0.08/1.18) S/cm. */
    ORF_ASSERT_REL(k1 * pow(10.0 * e1, 1.0 / 1.18), 100.0 * exp(-0.08 / 1.18), 1e-9);
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        m[i] = 0.0;
    assert_true(isnan(orf_slag_conductivity_s_m(m, 1900.0)));
}

/* Westly's relations against Magnussen's published furnace data (J. SAIMM; table of furnace
 * load, operating resistance, Westly factor C3 and reactance for three furnaces). */
static void test_westly_magnussen(void **state)
{
    (void)state;
    static const struct {
        double p_mw, r_mohm, c3, x_mohm;
    } f[] = {
        {18.04, 1.244, 10.11, 0.983}, {19.50, 1.333, 9.64, 1.310}, {19.90, 1.309, 9.70, 1.273}};
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        orf__westly_in in = {.p_mw = f[k].p_mw, .c3 = f[k].c3, .x_mohm = f[k].x_mohm};
        orf__westly_out out;
        assert_int_equal(orf__westly(&in, &out), 0);
        /* C3 is published to 3–4 digits: R ∝ C3^-2, so 0.3 %. */
        ORF_ASSERT_REL(out.r_mohm, f[k].r_mohm, 3e-3);
        /* Power balance: P = 3 I² R; S = P / cos φ = √3 U₂ I. */
        ORF_ASSERT_REL(3.0 * out.i_ka * out.i_ka * out.r_mohm / 1000.0, f[k].p_mw, 1e-12);
        ORF_ASSERT_REL(out.mva, sqrt(3.0) * out.v_secondary_v * out.i_ka / 1000.0, 1e-12);
        ORF_ASSERT_REL(out.pf, f[k].r_mohm / hypot(f[k].r_mohm, f[k].x_mohm), 3e-3);
    }
    /* Furnace A (19.5 MW): I ≈ 69.8 kA, cos φ ≈ 0.71 from the table's R and X. */
    orf__westly_in in = {.p_mw = 19.5, .c3 = 9.64, .x_mohm = 1.310};
    orf__westly_out out;
    assert_int_equal(orf__westly(&in, &out), 0);
    ORF_ASSERT_REL(out.i_ka, 69.83, 2e-3);
    ORF_ASSERT_REL(out.pf, 0.7132, 3e-3);
}

static void test_westly_contract(void **state)
{
    (void)state;
    orf__westly_out out;
    /* Power factor in place of reactance gives the same state back. */
    orf__westly_in a = {.p_mw = 48.0, .c3 = 9.1, .x_mohm = -1.0, .pf = 0.8};
    assert_int_equal(orf__westly(&a, &out), 0);
    ORF_ASSERT_REL(out.pf, 0.8, 1e-12);
    ORF_ASSERT_REL(out.mva, 60.0, 1e-12);
    orf__westly_in b = {.p_mw = 48.0, .c3 = 9.1, .x_mohm = out.x_mohm};
    orf__westly_out out2;
    assert_int_equal(orf__westly(&b, &out2), 0);
    ORF_ASSERT_REL(out2.pf, 0.8, 1e-12);
    /* c3 = 0: the documented FeCr assumption (60 MVA, 48 MW, ≈ 120 kA). */
    orf__westly_in c = {.p_mw = 48.0, .c3 = 0.0, .x_mohm = -1.0, .pf = 0.8};
    assert_int_equal(orf__westly(&c, &out), 0);
    ORF_ASSERT_REL(out.i_ka, 120.0, 0.01);
    /* Current scales as P^(2/3) at fixed C3: twice the power, 2^(2/3) the current. */
    orf__westly_in d = {.p_mw = 96.0, .c3 = 0.0, .x_mohm = -1.0, .pf = 0.8};
    assert_int_equal(orf__westly(&d, &out2), 0);
    ORF_ASSERT_REL(out2.i_ka / out.i_ka, pow(2.0, 2.0 / 3.0), 1e-12);
    /* Errors leave out zeroed. */
    orf__westly_in bad[] = {{.p_mw = 0.0, .c3 = 9.0, .x_mohm = 1.0},
                            {.p_mw = 40.0, .c3 = -1.0, .x_mohm = 1.0},
                            {.p_mw = 40.0, .c3 = 9.0, .x_mohm = -1.0, .pf = 0.0},
                            {.p_mw = 40.0, .c3 = 9.0, .x_mohm = -1.0, .pf = 1.5},
                            {.p_mw = NAN, .c3 = 9.0, .x_mohm = 1.0}};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(orf__westly(&bad[k], &out), -1);
        assert_true(out.i_ka == 0.0 && out.mva == 0.0);
    }
    assert_int_equal(orf__westly(NULL, &out), -1);
    assert_int_equal(orf__westly(&a, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oxide_names),     cmocka_unit_test(test_optical_basicity_pure),
        cmocka_unit_test(test_viscosity),       cmocka_unit_test(test_density),
        cmocka_unit_test(test_conductivity),    cmocka_unit_test(test_westly_magnussen),
        cmocka_unit_test(test_westly_contract),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
