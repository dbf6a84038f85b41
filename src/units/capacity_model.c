/* oreflow — capacity of the separators: load per machine and its effect on the partition.
 *
 * Load per machine. A circuit installs N machines (spiral starts, table decks, jig units, WHIMS
 * machines) in parallel; each receives L = F/N t/h of solids. With N = 0 the model takes the
 * machines as sized for their nominal load L_nom (L = L_nom, and reports N = ceil(F/L_nom)), so
 * that the capacity correction is exactly neutral and the unit's calibrated partition is its
 * partition at the nominal load. q = L/L_nom is the load ratio.
 *
 * Spirals and tables (flowing-film separators). On a spiral the feed rate per start sets the film
 * depth and velocity: at a higher solids rate the bed of heavies thickens and the faster, deeper
 * film carries more heavy and coarse light particles outward, so the heavy band moves outward
 * (the cut density rises: recovery falls) and the bands mix (Ep rises: grade and recovery fall);
 * at lower loads the separation sharpens, which is why cleaners run at a lower rate per start
 * than roughers (Holland-Batt 1989, 1995; Holland-Batt & Holtham 1991; Sivamohan & Forssberg
 * 1985a; the same for the deck loading of a table, Sivamohan & Forssberg 1985b; Wills & Finch
 * 2016 ch. 10). The published work gives these directions and the operating ranges (1–7 t/h per
 * start, nominal 5 t/h on a Multotec HX5: MechChem Africa 2025; 1–3 t/h on conventional and
 * > 7 t/h on high-capacity spirals: Ramsaywok et al.), not a closed relation for a Tromp
 * curve; we write the simplest monotone form that is neutral at the nominal load,
 *     rho50(q) - rho_f = (rho50 - rho_f)·q^b,    Ep(q) = Ep·q^a,
 * whose exponents a (default 0.5) and b (default 0.1) are ASSUMPTIONS, to be fitted to test work
 * at two feed rates (docs/models.md).
 *
 * WHIMS. Watson's (1973) matrix-capture law depends on the magnetic velocity over the slurry
 * velocity through the matrix, v_m/v_0; at a given pulp density v_0 is proportional to the slurry
 * flow per machine, so the capture velocity of capture = 1 - exp(-v_m/v_c) scales as
 *     v_c(q) = v_c·q^e,   e = 1 (Watson 1973; Svoboda 1987 ch. 3: recovery falls as the slurry
 * velocity rises). Matrix saturation at high loading (the capture cross-section shrinking as the
 * matrix fills, Svoboda 1987 §3.4) is not modelled (docs/models.md: GAP).
 *
 * References:
 *  - Holland-Batt, A.B. (1989) Spiral separation: theory and simulation, Trans. IMM C 98, C46–C60.
 *  - Holland-Batt, A.B. (1995) Some design considerations for spiral separators, Minerals
 *    Engineering 8(11), 1381–1395.
 *  - Holland-Batt, A.B., Holtham, P.N. (1991) Particle and fluid motion on spiral separators,
 *    Minerals Engineering 4(3–4), 457–482.
 *  - Sivamohan, R., Forssberg, E. (1985a) Principles of spiral concentration, Int. J. Miner.
 *    Process. 15, 173–181; (1985b) Principles of tabling, ibid. 15, 281–295.
 *  - Ramsaywok, P., Vermaak, M.K.G., Viljoen, R. Case study: high capacity spiral
 *    concentrators, J. S. Afr. Inst. Min. Metall. (year not verified).
 *  - Wills, B.A., Finch, J.A. (2016) Wills' Mineral Processing Technology, 8th ed., ch. 10.
 *  - Watson, J.H.P. (1973) Magnetic filtration, J. Appl. Phys. 44(9), 4209–4213.
 *  - Svoboda, J. (1987) Magnetic Methods for the Treatment of Minerals, Elsevier, ch. 3.
 */
#include "units/capacity_model.h"

#include <math.h>

void orf__capacity_load(double feed_tph, double installed, double nominal_tph_per_machine,
                        double *machines, double *load_tph_per_machine)
{
    double f = isfinite(feed_tph) && feed_tph > 0.0 ? feed_tph : 0.0;
    if (installed > 0.0) {
        *machines = installed;
        *load_tph_per_machine = f / installed;
        return;
    }
    if (!(nominal_tph_per_machine > 0.0)) {
        *machines = f > 0.0 ? 1.0 : 0.0;
        *load_tph_per_machine = f;
        return;
    }
    double n = ceil(f / nominal_tph_per_machine);
    *machines = f > 0.0 && n < 1.0 ? 1.0 : n;
    *load_tph_per_machine = nominal_tph_per_machine;
}

double orf__capacity_ratio(double load_tph_per_machine, double nominal_tph_per_machine)
{
    if (!(nominal_tph_per_machine > 0.0) || !isfinite(load_tph_per_machine))
        return 1.0;
    return load_tph_per_machine / nominal_tph_per_machine;
}

void orf__capacity_gravity_cut(double q, double ep_exponent, double cut_exponent,
                               double rho_fluid_kg_m3, double *rho50_kg_m3, double *ep_kg_m3)
{
    if (!(q > 0.0) || q == 1.0 || !isfinite(q))
        return;
    if (cut_exponent != 0.0)
        *rho50_kg_m3 = rho_fluid_kg_m3 + (*rho50_kg_m3 - rho_fluid_kg_m3) * pow(q, cut_exponent);
    if (ep_exponent != 0.0)
        *ep_kg_m3 *= pow(q, ep_exponent);
}

double orf__capacity_whims_vc(double q, double exponent, double v_capture_m_s)
{
    if (!(q > 0.0) || q == 1.0 || !isfinite(q) || exponent == 0.0)
        return v_capture_m_s;
    return v_capture_m_s * pow(q, exponent);
}

double orf__capacity_out_of_range(double x, double lo, double hi)
{
    if (!isfinite(x))
        return 0.0;
    if (lo > 0.0 && x < lo)
        return 1.0;
    if (hi > 0.0 && x > hi)
        return 1.0;
    return 0.0;
}
