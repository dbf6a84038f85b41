/* Physical properties of molten oxide slags: viscosity (Urbain), optical basicity (Duffy &
 * Ingram), density (Mills & Keene partial molar volumes) and electrical conductivity (Mills'
 * viscosity–conductivity correlation). Pure functions of the oxide masses and T; no allocation.
 * Sources and coefficient tables: docs/models.md, "Slag properties".
 */
#include <math.h>
#include <string.h>

#include "oreflow/slag.h"

/* Formula and molar mass, g/mol (IUPAC 2013 standard atomic weights). */
static const struct {
    const char *formula;
    double m_g_mol;
} OXIDES[ORF_SLAG_NOX] = {
    [ORF_SLAG_SIO2] = {"SiO2", 60.084},    [ORF_SLAG_AL2O3] = {"Al2O3", 101.961},
    [ORF_SLAG_CAO] = {"CaO", 56.077},      [ORF_SLAG_MGO] = {"MgO", 40.304},
    [ORF_SLAG_FEO] = {"FeO", 71.844},      [ORF_SLAG_CR2O3] = {"Cr2O3", 151.990},
    [ORF_SLAG_FE2O3] = {"Fe2O3", 159.688}, [ORF_SLAG_TIO2] = {"TiO2", 79.866},
    [ORF_SLAG_MNO] = {"MnO", 70.937},      [ORF_SLAG_NA2O] = {"Na2O", 61.979},
    [ORF_SLAG_K2O] = {"K2O", 94.196},      [ORF_SLAG_CAF2] = {"CaF2", 78.075},
};

int orf_slag_oxide_index(const char *formula)
{
    if (!formula)
        return -1;
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        if (strcmp(formula, OXIDES[i].formula) == 0)
            return i;
    return -1;
}

const char *orf_slag_oxide_formula(int oxide)
{
    return oxide >= 0 && oxide < ORF_SLAG_NOX ? OXIDES[oxide].formula : NULL;
}

double orf_slag_oxide_molar_mass_g_mol(int oxide)
{
    return oxide >= 0 && oxide < ORF_SLAG_NOX ? OXIDES[oxide].m_g_mol : (double)NAN;
}

/* Mole fractions from masses; negative or non-finite masses count as zero. Returns 0 if the slag
 * has no oxide. */
static int mole_fractions(const double mass[ORF_SLAG_NOX], double x[ORF_SLAG_NOX])
{
    double n = 0.0;
    for (int i = 0; i < ORF_SLAG_NOX; i++) {
        double m = mass ? mass[i] : 0.0;
        x[i] = isfinite(m) && m > 0.0 ? m / OXIDES[i].m_g_mol : 0.0;
        n += x[i];
    }
    if (!(n > 0.0) || !isfinite(n))
        return 0;
    for (int i = 0; i < ORF_SLAG_NOX; i++)
        x[i] /= n;
    return 1;
}

/* ---- Viscosity: Urbain (1981), modifier-specific form of Mills' Slag Atlas (1995, ch. 9) ----
 *
 *   η [dPa·s] = A · T · exp(1000 B / T),   ln A = −(0.29 B + 11.57)
 *   X_G = x_SiO2
 *   X_M = x_CaO + x_MgO + x_FeO + x_MnO + x_Na2O + x_K2O + 3 x_CaF2 + 2 x_TiO2
 *   X_A = x_Al2O3 + x_Fe2O3 + x_Cr2O3     (Cr2O3 amphoteric, like Fe2O3: see docs/models.md)
 *   each divided by X_G + X_M + X_A (so that they sum to 1: CaF2 and TiO2 count more than once)
 *   α = X_M / (X_M + X_A)
 *   B_i = Σ_k (a_k + b_ik α + c_ik α²) X_G^k,  k = 0..3, for modifier i = Ca, Mg, Mn
 *   B   = Σ_i w_i B_i / Σ_i w_i,  w_Ca = x_CaO + x_Na2O + x_K2O + x_CaF2, w_Mg = x_MgO,
 *                                  w_Mn = x_MnO + x_FeO
 * Coefficients: Urbain, Rev. Int. Hautes Temp. Refract. 18 (1981) 133 (CaO, MgO, MnO
 * systems), as tabulated by Mills, Slag Atlas 2nd ed. (1995) ch. 9 and Mills, "The estimation of
 * slag properties", Southern African Pyrometallurgy 2011 short course, Table (Urbain model). */
static const double URB_A[4] = {13.2, 30.5, -40.4, 60.8};
static const double URB_B[3][4] = {
    {41.5, -117.2, 232.1, -156.4}, /* Ca */
    {15.9, -54.1, 138.0, -99.8},   /* Mg */
    {20.0, 26.0, -110.3, 64.3},    /* Mn */
};
static const double URB_C[3][4] = {
    {-45.0, 130.0, -298.6, 213.6}, /* Ca */
    {-18.6, 33.0, -112.0, 97.6},   /* Mg */
    {-25.6, -56.0, 186.2, -104.6}, /* Mn */
};

static double urbain_b(const double x[ORF_SLAG_NOX])
{
    double xg = x[ORF_SLAG_SIO2];
    double xm = x[ORF_SLAG_CAO] + x[ORF_SLAG_MGO] + x[ORF_SLAG_FEO] + x[ORF_SLAG_MNO] +
                x[ORF_SLAG_NA2O] + x[ORF_SLAG_K2O] + 3.0 * x[ORF_SLAG_CAF2] +
                2.0 * x[ORF_SLAG_TIO2];
    double xa = x[ORF_SLAG_AL2O3] + x[ORF_SLAG_FE2O3] + x[ORF_SLAG_CR2O3];
    double norm = xg + xm + xa;
    if (!(xm + xa > 0.0))
        return NAN; /* pure silica: outside the model */
    xg /= norm;
    double alpha = xm / (xm + xa);
    double w[3] = {x[ORF_SLAG_CAO] + x[ORF_SLAG_NA2O] + x[ORF_SLAG_K2O] + x[ORF_SLAG_CAF2],
                   x[ORF_SLAG_MGO], x[ORF_SLAG_MNO] + x[ORF_SLAG_FEO]};
    double wsum = w[0] + w[1] + w[2];
    if (!(wsum > 0.0)) { /* only TiO2 or amphoterics as modifiers: CaO set (assumption) */
        w[0] = 1.0;
        wsum = 1.0;
    }
    double b = 0.0;
    for (int i = 0; i < 3; i++) {
        if (w[i] <= 0.0)
            continue;
        double bi = 0.0, g = 1.0;
        for (int k = 0; k < 4; k++) {
            bi += (URB_A[k] + URB_B[i][k] * alpha + URB_C[i][k] * alpha * alpha) * g;
            g *= xg;
        }
        b += w[i] * bi;
    }
    return b / wsum;
}

double orf_slag_viscosity_pa_s(const double mass[ORF_SLAG_NOX], double t_k)
{
    double x[ORF_SLAG_NOX];
    if (!mole_fractions(mass, x) || !(t_k > 0.0) || !isfinite(t_k))
        return NAN;
    double b = urbain_b(x);
    if (!isfinite(b))
        return NAN;
    double ln_a = -(0.29 * b + 11.57);
    double eta_dpa_s = exp(ln_a + log(t_k) + 1000.0 * b / t_k);
    return 0.1 * eta_dpa_s;
}

/* ---- Optical basicity: Λ = Σ x_i n_i Λ_i / Σ x_i n_i (Duffy & Ingram 1976), n_i oxygen atoms
 * per formula (CaF2: 1, two F⁻ carry the charge of one O²⁻). Λ_i from Mills' Slag Atlas (1995)
 * ch. 1 and Mills (2011); CaF2 0.43 (Duffy & Ingram, electronegativity value; Mills & Sridhar 1999
 * fit 1.2 for viscosity, not used here). */
static const double LAMBDA[ORF_SLAG_NOX] = {
    [ORF_SLAG_SIO2] = 0.48,  [ORF_SLAG_AL2O3] = 0.60, [ORF_SLAG_CAO] = 1.00,
    [ORF_SLAG_MGO] = 0.78,   [ORF_SLAG_FEO] = 1.00,   [ORF_SLAG_CR2O3] = 0.75,
    [ORF_SLAG_FE2O3] = 0.75, [ORF_SLAG_TIO2] = 0.61,  [ORF_SLAG_MNO] = 1.00,
    [ORF_SLAG_NA2O] = 1.15,  [ORF_SLAG_K2O] = 1.40,   [ORF_SLAG_CAF2] = 0.43,
};
static const double N_OXYGEN[ORF_SLAG_NOX] = {
    [ORF_SLAG_SIO2] = 2, [ORF_SLAG_AL2O3] = 3, [ORF_SLAG_CAO] = 1,   [ORF_SLAG_MGO] = 1,
    [ORF_SLAG_FEO] = 1,  [ORF_SLAG_CR2O3] = 3, [ORF_SLAG_FE2O3] = 3, [ORF_SLAG_TIO2] = 2,
    [ORF_SLAG_MNO] = 1,  [ORF_SLAG_NA2O] = 1,  [ORF_SLAG_K2O] = 1,   [ORF_SLAG_CAF2] = 1,
};

double orf_slag_optical_basicity(const double mass[ORF_SLAG_NOX])
{
    double x[ORF_SLAG_NOX];
    if (!mole_fractions(mass, x))
        return NAN;
    double num = 0.0, den = 0.0;
    for (int i = 0; i < ORF_SLAG_NOX; i++) {
        num += x[i] * N_OXYGEN[i] * LAMBDA[i];
        den += x[i] * N_OXYGEN[i];
    }
    return num / den;
}

/* ---- Density: ρ = Σ x_i M_i / V,  V(T) = V_1773 · (1 + 1e-4 (T − 1773 K)),
 * V_1773 = Σ x_i V_i (cm³/mol), Mills & Keene, Int. Mater. Rev. 32 (1987) 1–120, as given in the
 * Slag Atlas (1995) ch. 10:  V_SiO2 = 19.55 + 7.966 x_SiO2, V_Al2O3 = 28.31 + 32 x − 31.45 x²;
 * the others constant. Cr2O3 29.2 cm³/mol from Mills (2011) (not in the 1987 table). The
 * temperature term is Mills & Keene's ≈ 1 % volume expansion per 100 K. */
static const double V_MOLAR_CM3[ORF_SLAG_NOX] = {
    [ORF_SLAG_CAO] = 20.7,   [ORF_SLAG_MGO] = 16.1,  [ORF_SLAG_FEO] = 15.8, [ORF_SLAG_CR2O3] = 29.2,
    [ORF_SLAG_FE2O3] = 38.4, [ORF_SLAG_TIO2] = 24.0, [ORF_SLAG_MNO] = 15.6, [ORF_SLAG_NA2O] = 33.0,
    [ORF_SLAG_K2O] = 51.8,   [ORF_SLAG_CAF2] = 31.3,
};

double orf_slag_density_kg_m3(const double mass[ORF_SLAG_NOX], double t_k)
{
    double x[ORF_SLAG_NOX];
    if (!mole_fractions(mass, x) || !(t_k > 0.0) || !isfinite(t_k))
        return NAN;
    double xs = x[ORF_SLAG_SIO2], xa = x[ORF_SLAG_AL2O3];
    double v = xs * (19.55 + 7.966 * xs) + xa * (28.31 + 32.0 * xa - 31.45 * xa * xa);
    double m = 0.0;
    for (int i = 0; i < ORF_SLAG_NOX; i++) {
        v += x[i] * V_MOLAR_CM3[i];
        m += x[i] * OXIDES[i].m_g_mol;
    }
    v *= 1.0 + 1e-4 * (t_k - 1773.0);
    return 1000.0 * m / v; /* g/cm³ → kg/m³ */
}

/* ---- Electrical conductivity from viscosity (Mills 2011; Mills, Yuan, Li & Zhang, High Temp.
 * High Press. 42 (2013) 237): for slags with little alkali oxide (x_Na2O + x_K2O ≤ 0.005)
 *   ln η [dPa·s] = −0.08 − 1.18 ln κ [S/cm]
 * and with alkalis ln η = F − G ln κ, F = 0.15 + 3.87 f, G = 1.1 + 1.77 f, f = X_alk / X_cat
 * (X_alk = 2(x_Na2O + x_K2O), X_cat the cations other than Si and Al, trivalent and Ti counted
 * as in Mills 2011). η is the Urbain viscosity above. */
double orf_slag_conductivity_s_m(const double mass[ORF_SLAG_NOX], double t_k)
{
    double x[ORF_SLAG_NOX];
    double eta = orf_slag_viscosity_pa_s(mass, t_k);
    if (!isfinite(eta) || !mole_fractions(mass, x))
        return NAN;
    double ln_eta_dpa_s = log(10.0 * eta);
    double f_ = -0.08, g = 1.18;
    double alk = x[ORF_SLAG_NA2O] + x[ORF_SLAG_K2O];
    if (alk > 0.005) {
        double xna = 2.0 * alk;
        double xcat = x[ORF_SLAG_CAO] + x[ORF_SLAG_MGO] + xna + x[ORF_SLAG_FEO] + x[ORF_SLAG_MNO] +
                      x[ORF_SLAG_CAF2] + 0.5 * x[ORF_SLAG_TIO2] +
                      0.6667 * (x[ORF_SLAG_CR2O3] + x[ORF_SLAG_FE2O3]);
        double fr = xna / xcat;
        f_ = 0.15 + 3.87 * fr;
        g = 1.1 + 1.77 * fr;
    }
    double kappa_s_cm = exp((f_ - ln_eta_dpa_s) / g);
    return 100.0 * kappa_s_cm;
}
