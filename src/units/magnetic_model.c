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
 *
 * Low-intensity drum separator (LIMS) for ferrimagnetic minerals (magnetite): a strongly magnetic
 * grain is magnetised by the applied field H up to the limit set by its own demagnetising field,
 * M = H/N below saturation (N = 1/3 for a sphere; Svoboda 1987 ch. 2; Svoboda & Fujita 2003), and
 * saturates at M_s = sigma_s·rho (magnetite sigma_s = 92 A·m²/kg, Banerjee & Moskowitz 1985). The
 * two limits are joined by the Fröhlich–Kennelly form M = k·H·M_s/(M_s + k·H), k = 1/N (Jiles
 * 1991, Introduction to Magnetism and Magnetic Materials, §1). A locked particle carries the
 * volume fraction phi of such grains: M_p = Σ phi_i·M_i. The force on the particle (volume V) in
 * the field of the drum is F = mu0·V·M_p·∇H = V·M_p·∇B, against gravity V·Δrho·g (the drum lifts
 * the particle out of the slurry) and Stokes drag, so that
 *     v_m = d²·(M_p·∇B − Δrho·g) / (18·eta).
 * An open-gradient drum of alternating poles of pitch p has a field decaying from its surface as
 *     B(x) = B_0·exp(−pi·x/p),  ∇B = (pi/p)·B   (Furlani 2001, Permanent Magnet and
 * Electromechanical Devices, §4; Svoboda 1987 ch. 4: drum separators). Capture within the pickup
 * zone uses the exponential law of the matrix above, 1 − exp(−v_m/v_c), v_c the pickup gap over
 * the residence time in the magnetic zone (a calibration parameter, assumed).
 *  - Svoboda, J., Fujita, T. (2003) Recent developments in magnetic methods of material
 *    separation, Minerals Engineering 16(9), 785–792.
 *  - Banerjee, S.K., Moskowitz, B.M. (1985) Ferrimagnetic properties of magnetite, in Magnetite
 *    Biomineralization and Magnetoreception in Organisms, Plenum, 17–41 (sigma_s = 92 A·m²/kg).
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

double orf__ferro_magnetisation_a_m(double h_a_m, double ms_a_m, double demag_n)
{
    if (!(h_a_m > 0.0) || !(ms_a_m > 0.0) || !(demag_n > 0.0))
        return 0.0;
    double kh = h_a_m / demag_n;
    return kh * ms_a_m / (ms_a_m + kh);
}

void orf__drum_field(double b0_t, double pitch_mm, double x_mm, double *b_t, double *grad_t_m)
{
    double k = pitch_mm > 0.0 ? 3.14159265358979323846 / (pitch_mm * 1e-3) : 0.0; /* 1/m */
    double b = b0_t * exp(-k * (x_mm > 0.0 ? x_mm * 1e-3 : 0.0));
    *b_t = b;
    *grad_t_m = k * b;
}

double orf__lims_velocity_m_s(double m_a_m, double grad_t_m, double drho_kg_m3, double d_um,
                              double eta_pa_s)
{
    if (!(d_um > 0.0) || !(eta_pa_s > 0.0))
        return 0.0;
    double d_m = d_um * 1e-6;
    return d_m * d_m * (m_a_m * grad_t_m - drho_kg_m3 * ORF__G_M_S2) / (18.0 * eta_pa_s);
}
