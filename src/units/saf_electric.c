/* Electrical relations of a three-phase submerged-arc furnace (Westly 1974, 1975).
 *
 *   I = C3 · P^(2/3)                 I: current per electrode, kA; P: active power, MW (3 phases)
 *   R = P / (3 I²)                   operating (load) resistance per phase; MW/kA² = Ω → ×1000 mΩ
 *   cos φ = R / √(R² + X²)           X: operating reactance per phase
 *   S = P / cos φ                    apparent power, MVA
 *   U_R = I · R                      resistive electrode-to-hearth (phase) voltage
 *   U_2 = √3 · I · √(R² + X²)        secondary line-to-line voltage
 * The constant C3 is Westly's: for a given process and charge it holds from small to large
 * furnaces (equivalent to Andreae's R = k · P^(−1/3) with k = 1 / (3 C3²)). Checked in
 * tests/unit/test_slag.c against Magnussen's published furnace data. Sources: docs/models.md,
 * "Furnace electrical relations (Westly)".
 */
#include <math.h>
#include <string.h>

#include "saf_electric.h"

int orf__westly(const orf__westly_in *in, orf__westly_out *out)
{
    if (!out)
        return -1;
    memset(out, 0, sizeof *out);
    if (!in || !(in->p_mw > 0.0) || !isfinite(in->p_mw) || !(in->c3 >= 0.0) || !isfinite(in->c3))
        return -1;
    double c3 = in->c3 > 0.0 ? in->c3 : ORF__WESTLY_C3_FECR_ASSUMED;
    double i_ka = c3 * pow(in->p_mw, 2.0 / 3.0);
    double r_mohm = 1000.0 * in->p_mw / (3.0 * i_ka * i_ka);
    double x_mohm;
    if (in->x_mohm >= 0.0 && isfinite(in->x_mohm)) {
        x_mohm = in->x_mohm;
    } else if (in->pf > 0.0 && in->pf <= 1.0) {
        x_mohm = r_mohm * sqrt(1.0 - in->pf * in->pf) / in->pf;
    } else {
        return -1;
    }
    double z_mohm = hypot(r_mohm, x_mohm);
    out->i_ka = i_ka;
    out->r_mohm = r_mohm;
    out->x_mohm = x_mohm;
    out->pf = r_mohm / z_mohm;
    out->mva = in->p_mw / out->pf;
    out->v_electrode_v = i_ka * r_mohm;             /* kA · mΩ = V */
    out->v_secondary_v = sqrt(3.0) * i_ka * z_mohm; /* line-to-line */
    return 0;
}
