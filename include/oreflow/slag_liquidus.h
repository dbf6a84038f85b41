/* oreflow — liquidus temperature of an oxide slag from thermodynamics (issue 16).
 *
 * The liquidus is the highest temperature at which a solid phase is stable with the melt of the
 * slag's own composition (the solid's amount → 0): the largest T where, for some solid φ,
 *   Σ_j a_φj λ_j(T) − g°_φ(T) = 0,
 * λ_j being the element potentials of the melt with the "oxide_melt" solution model
 * (src/thermo/solution_models.c; the melt's equilibrium is its own composition, so they are
 * evaluated directly, as the Gibbs engine of include/oreflow/equilibrium.h would give them) and
 * g°_φ the solid's Gibbs energy from data/thermo.yaml. Safeguarded Newton in 1/T in [1200, 2800] K
 * to ORF_SLAG_LIQ_TOL_K. Solids: periclase MgO, cristobalite SiO2, corundum Al2O3, lime CaO,
 * eskolaite Cr2O3, forsterite Mg2SiO4, protoenstatite MgSiO3, spinel MgAl2O4 (those the database
 * has). Equations, data, fits and accuracy: docs/models.md "Slag liquidus (issue 16)".
 *
 * Compositions are oxide masses indexed by orf_slag_oxide (include/oreflow/slag.h), any mass unit;
 * oxides outside the melt model (Fe2O3, TiO2, MnO, Na2O, K2O, CaF2) are left out and the rest
 * renormalised.
 *
 * Ownership: orf_slag_liq_alloc builds the melt system and its workspace (allocates through ctx,
 * borrows db, which must outlive the object); orf_slag_liq_eval allocates nothing (diagnostics
 * aside). The primary-phase name is a static string. Thread safety: one object per thread.
 */
#ifndef OREFLOW_SLAG_LIQUIDUS_H
#define OREFLOW_SLAG_LIQUIDUS_H

#include "common.h"
#include "slag.h"
#include "thermo.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ORF_SLAG_LIQ_TMIN_K 1200.0 /* search bracket */
#define ORF_SLAG_LIQ_TMAX_K 2800.0
#define ORF_SLAG_LIQ_TOL_K 1e-7

typedef struct orf_slag_liq orf_slag_liq;

/* Prepare the melt model over thermo database `db`. ORF_E_UNKNOWN_NAME when db lacks the melt's
 * reference species (data/thermo.yaml "SiO2(L)" ...), ORF_E_NOMEM. */
ORF_API orf_status orf_slag_liq_alloc(orf_ctx *ctx, const orf_thermo_db *db, orf_slag_liq **out);
ORF_API void orf_slag_liq_free(orf_slag_liq *sl);

/* Liquidus of slag `mass` (K) and its primary phase ("periclase", "forsterite", "spinel", ...).
 * Returns ORF_OK; ORF_E_INPUT if the slag has none of the melt's oxides; ORF_E_RANGE when a solid
 * is stable up to ORF_SLAG_LIQ_TMAX_K (*t_liq_k = that bound) or none down to
 * ORF_SLAG_LIQ_TMIN_K (*t_liq_k = that bound, *primary_phase = "none"); the engine's error if a
 * melt equilibrium fails. ORF_E_INPUT and ORF_E_RANGE come without a diagnostic (a numeric query
 * a unit makes while solving: it reports them through its results). primary_phase may be NULL.
 * The liquidus is found to ORF_SLAG_LIQ_TOL_K, so it is a smooth function of the composition. */
ORF_API orf_status orf_slag_liq_eval(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX],
                                     double *t_liq_k, const char **primary_phase);
/* Mass fraction of slag `mass` that is solid at t_k (0 at or above its liquidus): the primary
 * phase removed by the lever rule until the rest's liquidus is t_k (the primary phase held; to
 * 1e-5). ORF_OK, or the engine's error. No diagnostic for an answer outside the bracket. */
ORF_API orf_status orf_slag_liq_solid_fraction(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX],
                                               double t_k, double *f_solid);
/* Heat of melting of slag `mass` (oxide masses in kg; in t the answer is MJ) at t_k, kJ: its
 * enthalpy as the oxide_melt
 * liquid (the liquid references and the regular solution's excess enthalpy Σ x_i x_j W_ij) less
 * that of the pure oxides as data/thermo.yaml has them at t_k (solid below their melting points).
 * What a furnace's energy balance adds when its slag leaves molten. NAN if an oxide lacks data. */
ORF_API double orf_slag_liq_melting_heat_kj(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX],
                                            double t_k);

/* Saturation index of solid phase `phase` (name as above) with the melt of `mass` at t_k:
 * (Σ_j a_j λ_j − g°)/RT, > 0 supersaturated. NAN if the phase is unknown or its elements are not
 * all in the slag. For tests and diagnostics. */
ORF_API double orf_slag_liq_saturation(orf_slag_liq *sl, const double mass[ORF_SLAG_NOX],
                                       double t_k, const char *phase);

#ifdef __cplusplus
}
#endif
#endif
