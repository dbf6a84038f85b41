/* Named solution models with published interaction parameters, for the equilibrium engine's
 * regular (quadratic) solution phases: G^ex = N Σ_{i<j} x_i x_j W_ij (include/oreflow/
 * equilibrium.h). Equations, sources and the limits of each set: docs/models.md ("Solution
 * models").
 *
 * fecr_metal — liquid Fe–Cr–Si–C alloy. The binary W are the regular-solution reading of the
 *   infinite-dilution activity coefficients and first-order interaction parameters of solutes in
 *   liquid iron at 1873 K (Sigworth & Elliott 1974, Met. Sci. 8:298; the JSPS "Steelmaking Data
 *   Sourcebook", 1988), with the standard states of those tables: Cr solid, Si liquid, C graphite,
 *   Fe liquid. In a regular solution with solvent Fe (1):
 *       ln γ°_i = W_Fe,i / RT,   ε_i^j = (W_ij − W_Fe,i − W_Fe,j) / RT,
 *   and ε from the mass-% parameters e (Lupis 1983, "Chemical Thermodynamics of Materials", eq.
 *   XVI-55): ε_i^j = 230 e_i^j M_j / M_Fe + (M_Fe − M_j) / M_Fe. At 1873 K (RT = 15 572 J):
 *       γ°_Cr = 1.0 → W_FeCr = 0;   γ°_Si = 0.0013 → W_FeSi = −103 480 J;
 *       γ°_C = 0.57 → W_FeC = −8 753 J;
 *       e_C^Si = 0.08 → ε = 9.75 → W_SiC = +39 600 J;
 *       e_Si^Cr = −0.0003 → ε ≈ 0 → W_CrSi = W_FeSi = −103 480 J.
 *   W_CrC is not taken from the iron corner: e_C^Cr = −0.024 (ε = −5.07) would give −87 700 J,
 *   which extrapolated to 70 % Cr puts a 5.5 % C alloy at a_C ≈ 0.014 and the Cr7C3 saturation
 *   far above the ~7 % C of the C–Cr liquidus at 1700 °C. W_CrC = −47 970 J is instead fitted so
 *   that the Cr–C melt at 1973 K is saturated with Cr7C3 (this database's Cr7C3) at x_C = 0.25
 *   (C–Cr phase diagram, Venkatraman & Neumann 1990, Bull. Alloy Phase Diagr. 11(2):152); the
 *   test test_saf_predict checks both the fit and the iron-corner figures. A regular solution
 *   cannot carry a full Redlich–Kister assessment: docs/models.md says where the set is weak.
 *
 * oxide_slag — liquid silicate slag SiO2–Al2O3–MgO–CaO–FeO–Cr2O3–TiO2. W are the cation
 *   interaction energies α_ij of Ban-ya's regular solution model of steelmaking slags (Ban-ya
 *   1993, ISIJ Int. 33(1):2, table 1; Lumsden 1961 for the formalism), applied here on a
 *   molecular basis (one mole of each oxide formula, where Ban-ya counts cations: AlO1.5, CrO1.5);
 *   Cr2O3 and TiO2 mix ideally with the other oxides (W = 0), an assumption: Ban-ya's table has no
 *   Cr term and the dissolved chromium oxide of a ferrochrome slag is a small, equilibrium-side
 *   share of its Cr2O3 (the rest is undissolved chromite and alloy prills, modelled apart in the
 *   furnace). Standard states: the pure oxides as data/thermo.yaml gives them at T.
 *
 * oxide_melt — the same slag as a melt on liquid references, for liquidus calculations
 *   (src/thermo/slag_liquidus.c). Species on Ban-ya's one-cation basis, so that his α_ij are the
 *   W_ij of the engine without conversion: SiO2(L), AlO1.5(L), MgO(L), CaO(L), FeO(L), CrO1.5(L),
 *   the NASA Glenn / JANAF liquid records extended below their melting points with the liquid's
 *   constant Cp (supercooled liquids, data/thermo.yaml). W are Ban-ya's (1993, table 1) except two
 *   fits, each to one published liquidus point (docs/models.md "Slag liquidus (issue 16)"):
 *     W_MgSi = −96 550 J fitted so that forsterite melts congruently at 1890 °C (2163 K; Bowen &
 *       Andersen 1914, Am. J. Sci. 37:487) — Ban-ya's −66 940 puts it at 2242 °C;
 *     W_MgAl = −39 950 J fitted so that spinel MgAl2O4 melts congruently at 2135 °C (2408 K, the
 *       JANAF melting point, Chase 1998) — Ban-ya's −71 130 puts it lower.
 *   CrO1.5 mixes ideally (W = 0, assumption: Ban-ya has no Cr3+ term). A regular solution cannot
 *   follow the MgO–SiO2 binary across its range (docs/models.md says where it fails).
 */
#include "oreflow/equilibrium.h"

#include <string.h>

typedef struct wpair {
    const char *a, *b;
    double w_j_mol;
} wpair;

typedef struct solution_model {
    const char *name;
    const char *source;
    const char *const *species; /* NULL-terminated */
    const wpair *w;
    size_t nw;
} solution_model;

static const char *const metal_species[] = {"Fe", "Cr", "Si", "C", NULL};
static const wpair metal_w[] = {
    {"Fe", "Cr", 0.0},
    {"Fe", "Si", -103480.0},
    {"Fe", "C", -8753.0},
    {"Cr", "C", -47970.0},
    /* fitted: Cr7C3 saturation at x_C = 0.25, 1973 K */ {"Si", "C", 39600.0},
    {"Cr", "Si", -103480.0},
};

static const char *const slag_species[] = {"SiO2", "Al2O3", "MgO",  "CaO",
                                           "FeO",  "Cr2O3", "TiO2", NULL};
static const wpair slag_w[] = {
    {"FeO", "SiO2", -41840.0},    {"CaO", "SiO2", -133890.0},  {"MgO", "SiO2", -66940.0},
    {"Al2O3", "SiO2", -127610.0}, {"CaO", "Al2O3", -154810.0}, {"MgO", "Al2O3", -71130.0},
    {"FeO", "CaO", -31380.0},     {"FeO", "MgO", 33470.0},     {"FeO", "Al2O3", -41000.0},
    {"CaO", "MgO", 100420.0},
};

static const char *const melt_species[] = {"SiO2(L)", "AlO1.5(L)", "MgO(L)", "CaO(L)",
                                           "FeO(L)",  "CrO1.5(L)", NULL};
static const wpair melt_w[] = {
    {"FeO(L)", "SiO2(L)", -41840.0},     {"CaO(L)", "SiO2(L)", -133890.0},
    {"MgO(L)", "SiO2(L)", -96550.0}, /* fitted: forsterite congruent at 2163 K */
    {"AlO1.5(L)", "SiO2(L)", -127610.0}, {"CaO(L)", "AlO1.5(L)", -154810.0},
    {"MgO(L)", "AlO1.5(L)", -39950.0}, /* fitted: spinel congruent at 2408 K */
    {"FeO(L)", "CaO(L)", -31380.0},      {"FeO(L)", "MgO(L)", 33470.0},
    {"FeO(L)", "AlO1.5(L)", -41000.0},   {"CaO(L)", "MgO(L)", 100420.0},
};

static const solution_model models[] = {
    {"fecr_metal",
     "regular solution from Sigworth & Elliott (1974) Met. Sci. 8:298 (γ°, e at 1873 K in liquid "
     "Fe), ε conversion Lupis (1983); W_CrC fitted to Cr7C3 saturation of the Cr–C melt "
     "(Venkatraman & Neumann 1990)",
     metal_species, metal_w, sizeof metal_w / sizeof *metal_w},
    {"oxide_slag",
     "regular solution, cation interaction energies of Ban-ya (1993) ISIJ Int. 33(1):2 on a "
     "molecular basis; Cr2O3, TiO2 ideal (assumption)",
     slag_species, slag_w, sizeof slag_w / sizeof *slag_w},
    {"oxide_melt",
     "regular solution on supercooled-liquid references, one-cation basis: cation interaction "
     "energies of Ban-ya (1993) ISIJ Int. 33(1):2; W_MgSi fitted to forsterite congruent melting "
     "(1890 °C), W_MgAl to spinel congruent melting (2135 °C); CrO1.5 ideal (assumption)",
     melt_species, melt_w, sizeof melt_w / sizeof *melt_w},
};

static const solution_model *find(const char *name)
{
    for (size_t i = 0; i < sizeof models / sizeof *models; i++)
        if (!strcmp(models[i].name, name))
            return &models[i];
    return NULL;
}

const char *orf_eq_solution_source(const char *model)
{
    const solution_model *m = model ? find(model) : NULL;
    return m ? m->source : NULL;
}

const char *orf_eq_solution_name(size_t i)
{
    return i < sizeof models / sizeof *models ? models[i].name : NULL;
}

orf_status orf_eq_system_add_solution(orf_eq_system *sys, const char *model, const char *phase_name,
                                      int (*keep)(const char *species, void *arg), void *arg,
                                      int *phase)
{
    orf_ctx *ctx = orf_eq_system_ctx(sys);
    const solution_model *m = model ? find(model) : NULL;
    if (phase)
        *phase = -1;
    if (!m) {
        orf_status rc = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, phase_name,
                                      "unknown solution model '%s'", model ? model : "(null)");
        const char *names[sizeof models / sizeof *models];
        for (size_t i = 0; i < sizeof models / sizeof *models; i++)
            names[i] = models[i].name;
        if (model)
            orf_diag_hint_nearest(ctx, model, names, sizeof models / sizeof *models);
        return rc;
    }
    const char *use[16];
    size_t n = 0;
    for (size_t i = 0; m->species[i] && n < sizeof use / sizeof *use; i++)
        if (orf_eq_system_knows(sys, m->species[i]) && (!keep || keep(m->species[i], arg)))
            use[n++] = m->species[i];
    if (n == 0)
        return ORF_OK; /* nothing of this solution can form: no phase */
    int ph;
    orf_status st = orf_eq_system_add_phase(sys, phase_name, ORF_EQ_REGULAR, use, n, &ph);
    if (st)
        return st;
    for (size_t k = 0; k < m->nw; k++) {
        int ia = orf_eq_species_find(sys, m->w[k].a, ph),
            ib = orf_eq_species_find(sys, m->w[k].b, ph);
        if (ia < 0 || ib < 0 || m->w[k].w_j_mol == 0.0)
            continue;
        if ((st = orf_eq_system_set_w(sys, ph, m->w[k].a, m->w[k].b, m->w[k].w_j_mol)))
            return st;
    }
    if (phase)
        *phase = ph;
    return ORF_OK;
}
