/* oreflow — wet high-intensity magnetic separation: capture by a magnetised matrix.
 *
 * Force balance on a particle (Svoboda 1987, ch. 3–4): the magnetic force on a particle of
 * volume V, density rho and mass susceptibility chi in a field B with gradient ∇B is
 *     F_m = chi·rho·V·B·∇B / mu0,
 * and the competing force in a WHIMS matrix is the hydrodynamic drag, 3·pi·eta·d·v for fine
 * particles (Stokes). Their ratio defines the magnetic velocity (Watson 1973; Svoboda 1987):
 *     v_m = chi·rho·d²·(B∇B) / (18·mu0·eta),
 * the velocity a particle reaches under the magnetic force alone. Watson's (1973) trajectory
 * analysis of a matrix filter gives an exponential capture law in v_m / v_0 (v_0 the slurry
 * velocity through the matrix, with a geometric capture-area factor); we write it as
 *     capture = 1 - exp(-v_m / v_c),
 * v_c (m/s) lumping the slurry velocity and matrix geometry. Recovery falls with d² for fine
 * particles; the default v_c is set so that chromite is half captured at 5 µm at the force
 * factor 2×10^8 G²/mm (= 2000 T²/m) quoted for the Longi-Multotec vertical-ring WHIMS, which
 * "recovers particles down to about 5 µm" (IM Mining 2015).
 *
 * References:
 *  - Svoboda, J. (1987) Magnetic Methods for the Treatment of Minerals, Elsevier, Amsterdam
 *    (Developments in Mineral Processing 8): force balance, magnetic velocity, matrix capture.
 *  - Watson, J.H.P. (1973) Magnetic filtration, J. Appl. Phys. 44(9), 4209–4213.
 *  - Longi-Multotec VRWHIMS figures: International Mining, 7 Oct 2015, "Increased chromite
 *    recovery with Longi-Multotec's vertical ring WHIMS".
 */
#include "units/sep_models.h"

#include <math.h>

double orf__magnetic_velocity_m_s(double chi_m3_kg, double rho_kg_m3, double d_um,
                                  double force_factor_t2_m, double eta_pa_s)
{
    if (!(d_um > 0.0) || !(eta_pa_s > 0.0))
        return 0.0;
    double d_m = d_um * 1e-6;
    return chi_m3_kg * rho_kg_m3 * d_m * d_m * force_factor_t2_m / (18.0 * ORF__MU0 * eta_pa_s);
}

double orf__whims_capture(double v_m_m_s, double v_capture_m_s)
{
    if (!(v_m_m_s > 0.0))
        return 0.0;
    if (!(v_capture_m_s > 0.0))
        return 1.0;
    return -expm1(-v_m_m_s / v_capture_m_s);
}
