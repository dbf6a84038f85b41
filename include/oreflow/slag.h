/* oreflow — physical properties of molten oxide slags (pure functions, no allocation).
 *
 * Compositions are oxide masses in any one mass unit, indexed by orf_slag_oxide; they are
 * normalised inside (negative or non-finite entries count as zero). Temperatures in K.
 * Models and coefficient sources are given with each function and in docs/models.md
 * ("Slag properties").
 *
 * Thread safety: every function is pure and reentrant.
 */
#ifndef OREFLOW_SLAG_H
#define OREFLOW_SLAG_H

#include "common.h" /* ORF_API */

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ORF_SLAG_SIO2,
    ORF_SLAG_AL2O3,
    ORF_SLAG_CAO,
    ORF_SLAG_MGO,
    ORF_SLAG_FEO,
    ORF_SLAG_CR2O3,
    ORF_SLAG_FE2O3,
    ORF_SLAG_TIO2,
    ORF_SLAG_MNO,
    ORF_SLAG_NA2O,
    ORF_SLAG_K2O,
    ORF_SLAG_CAF2,
    ORF_SLAG_NOX
} orf_slag_oxide;

/* Oxide by formula ("SiO2", "Cr2O3", ...), or -1. */
ORF_API int orf_slag_oxide_index(const char *formula);

/* Formula of an oxide ("SiO2"), or NULL outside [0, ORF_SLAG_NOX). */
ORF_API const char *orf_slag_oxide_formula(int oxide);

/* Molar mass of an oxide, g/mol, or NAN outside [0, ORF_SLAG_NOX). */
ORF_API double orf_slag_oxide_molar_mass_g_mol(int oxide);

/* Viscosity of a fully liquid slag, Pa·s, Urbain model as given in Mills' Slag Atlas (2nd ed.
 * 1995, ch. 9) / Urbain 1981 (Rev. Int. Hautes Temp. Refract. 18:133), from oxide masses
 * (any mass unit, normalised inside) and T in K. Returns NAN if the slag has no oxides. */
ORF_API double orf_slag_viscosity_pa_s(const double mass[ORF_SLAG_NOX], double t_k);

/* Optical basicity (Duffy & Ingram; values per oxide from Mills' Slag Atlas). */
ORF_API double orf_slag_optical_basicity(const double mass[ORF_SLAG_NOX]);

/* Density of the liquid slag, kg/m³ (Mills & Keene 1987 partial molar volumes, with the
 * temperature dependence they give). */
ORF_API double orf_slag_density_kg_m3(const double mass[ORF_SLAG_NOX], double t_k);

/* Electrical conductivity of the liquid slag, S/m, if you find a published model suited to
 * ferroalloy slags (e.g. from optical basicity or viscosity: Zhang & Chou, or Mills' correlations);
 * NAN if not implemented. */
ORF_API double orf_slag_conductivity_s_m(const double mass[ORF_SLAG_NOX], double t_k);

#ifdef __cplusplus
}
#endif

#endif /* OREFLOW_SLAG_H */
