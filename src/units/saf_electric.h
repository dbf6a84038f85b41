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
 * c3: Westly's process constant of I = C3 · P^(2/3) (I in kA per electrode, P in MW), > 0;
 *     0 selects the ferrochrome value (see ORF__WESTLY_C3_*).
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

/* Returns 0, or -1 on invalid input (out left zeroed). */
int orf__westly(const orf__westly_in *in, orf__westly_out *out);

#endif /* OREFLOW_SAF_ELECTRIC_H */
