/* oreflow — electrical relations of a three-phase submerged-arc furnace (Westly).
 *
 * Westly, J. (1974) "Resistance and heat distribution in a submerged-arc furnace", INFACON 74,
 * Johannesburg, SAIMM, pp. 121–127; Westly, J. (1975) "Critical parameters in design of
 * reduction furnaces", Electric Furnace Conference Proceedings 33:1–14. Equations, constants
 * and sources in docs/models.md ("Furnace electrical relations (Westly)").
 *
 * Pure function, no allocation. Declared here for the units floor only (orf__ prefix).
 */
#ifndef OREFLOW_SAF_ELECTRIC_H
#define OREFLOW_SAF_ELECTRIC_H

/* Inputs. p_mw: furnace active (real) power, all three phases, MW (> 0).
 * c3: Westly's constant of I = C3 · P^(2/3) (I in kA per electrode, P in MW, all phases), > 0;
 *     0 selects ORF__WESTLY_C3_FECR_ASSUMED (an assumption, see below).
 * x_mohm: operating reactance per phase, mΩ (>= 0); if < 0, pf is used instead.
 * pf: power factor (0, 1], used only when x_mohm < 0. */
typedef struct {
    double p_mw, c3, x_mohm, pf;
} orf__westly_in;

/* Outputs. i_ka: current per electrode, kA; r_mohm: furnace (load) resistance per phase, mΩ,
 * R = P / (3 I²); x_mohm: reactance per phase used, mΩ; pf: power factor cos φ; mva: apparent
 * power S = P / pf, MVA; v_electrode_v: electrode-to-hearth (phase) voltage of the resistive
 * part, V, I·R; v_secondary_v: secondary line-to-line voltage, V, √3·I·|Z|. */
typedef struct {
    double i_ka, r_mohm, x_mohm, pf, mva, v_electrode_v, v_secondary_v;
} orf__westly_out;

/* C3 published by Magnussen (J. SAIMM, "Basic parameters in the operation and design of submerged
 * arc furnaces, with particular reference to production of high-silicon alloys"): 10.11 for an
 * 18.04 MW furnace at 7 997 kWh/t (a ferrosilicon duty), 9.64 and 9.70 for two 19.5–19.9 MW
 * furnaces at 11 795–12 371 kWh/t (silicon metal). */
#define ORF__WESTLY_C3_FESI_MAGNUSSEN 10.11
#define ORF__WESTLY_C3_SI_MAGNUSSEN 9.67
/* ASSUMPTION, not a published table value: C3 of a charge-chrome (HC FeCr) furnace, from a
 * 60 MVA transformer, ≈ 48 MW at cos φ ≈ 0.8 and ≈ 120 kA per electrode: 120 / 48^(2/3) ≈ 9.1.
 * Replace by the plant's own C3 (I / P^(2/3) from its logs). */
#define ORF__WESTLY_C3_FECR_ASSUMED 9.1

/* Returns 0, or -1 on invalid input (out left zeroed). */
int orf__westly(const orf__westly_in *in, orf__westly_out *out);

#endif /* OREFLOW_SAF_ELECTRIC_H */
