/* oreflow — classification models on plain numbers (no streams).
 *
 * Whiten's efficiency curve:
 *   E(x) = (e^{αx} - 1) / (e^{αx} + e^α - 2),  x = d/d50
 *   Whiten, W.J. (1972) "Simulation and model building for mineral processing", PhD thesis,
 *   University of Queensland; as given in Napier-Munn, T.J., Morrell, S., Morrison, R.D. &
 *   Kojovic, T. (1996) Mineral Comminution Circuits, JKMRC Monograph Series, ch. 4 (screens,
 *   cyclones).
 *
 * Plitt's hydrocyclone model:
 *   Plitt, L.R. (1976) "A mathematical model of the hydrocyclone classifier", CIM Bulletin
 *   69(776), 114–123; constants as recalibrated by Flintoff, B.C., Plitt, L.R. & Gruber, A.A.
 *   (1987) "Optimal use of hydrocyclones in grinding circuits", Mineral Processing Design
 *   (Mular & Anderson eds.), SME, pp. 47–74; also Napier-Munn et al. (1996) ch. 4.
 *     d50c = 39.7 Dc^0.46 Di^0.6 Do^1.21 µ^0.5 e^{0.063 φ} / (Du^0.71 h^0.38 Q^0.45
 * ((ρs-ρl)/1.6)^k) P    = 1.88 Q^1.78 e^{0.0055 φ} / (Dc^0.37 Di^0.94 h^0.28 (Du²+Do²)^0.87) S
 * = 1.9 (Du/Do)^3.31 h^0.54 (Du²+Do²)^0.36 e^{0.0054 φ} / (H^0.24 Dc^1.11) m    = 1.94 e^{-1.58
 * S/(1+S)} (Dc² h / Q)^0.15 cm, L/min, kPa, cP, g/cm³, φ volume % solids in the feed, H head in m
 * of pulp. With µ = 1 cP, k = 0.5 and ρl = 1, 39.7·√1.6 = 50.2 recovers Plitt's 1976 constant
 * (50.5).
 *
 * Settling: Stokes (1851); Ferguson, R.I. & Church, M. (2004) "A simple universal equation for
 * grain settling velocity", J. Sedimentary Research 74(6), 933–937; Richardson, J.F. & Zaki, W.N.
 * (1954) "Sedimentation and fluidisation: Part I", Trans. IChemE 32, 35–53.
 */
#include <math.h>

#include "units_cc.h"

#define G_M_S2 9.80665
#define LN2 0.69314718055994530942

double orf__whiten_efficiency(double x, double alpha)
{
    if (!(x > 0.0))
        return 0.0;
    if (!(alpha > 0.0))
        return x / (1.0 + x); /* the α → 0 limit of the expression */
    if (x <= 1.0) {
        /* divide numerator and denominator by e^α: exponents <= 0, no overflow */
        double a = exp(alpha * (x - 1.0));
        double ea = exp(-alpha);
        return (a - ea) / (a + 1.0 - 2.0 * ea);
    }
    /* x > 1: 1 - E = (e^α - 1)/(e^{αx} + e^α - 2), divided by e^{αx}; computing the small
     * complement keeps the curve monotone to the last bit near 1 */
    double ex = exp(-alpha * x);
    double r = exp(alpha * (1.0 - x));
    return 1.0 - (r - ex) / (1.0 + r - 2.0 * ex);
}

double orf__plitt_efficiency(double x, double m)
{
    if (!(x > 0.0))
        return 0.0;
    return 1.0 - exp(-LN2 * pow(x, m));
}

double orf__plitt_d50c_um(const orf_plitt_geom *g, double q_lpm, double phi_vol_pct, double visc_cp,
                          double rho_s, double rho_l, double k, double f1)
{
    double drho = (rho_s - rho_l) / 1.6;
    if (!(drho > 0.0) || !(q_lpm > 0.0))
        return HUGE_VAL; /* a particle no denser than the liquid is never separated */
    double num = 39.7 * pow(g->dc_cm, 0.46) * pow(g->di_cm, 0.6) * pow(g->do_cm, 1.21) *
                 sqrt(visc_cp) * exp(0.063 * phi_vol_pct);
    double den = pow(g->du_cm, 0.71) * pow(g->h_cm, 0.38) * pow(q_lpm, 0.45) * pow(drho, k);
    return f1 * num / den;
}

double orf__plitt_pressure_kpa(const orf_plitt_geom *g, double q_lpm, double phi_vol_pct, double f2)
{
    double dd = g->du_cm * g->du_cm + g->do_cm * g->do_cm;
    return f2 * 1.88 * pow(q_lpm, 1.78) * exp(0.0055 * phi_vol_pct) /
           (pow(g->dc_cm, 0.37) * pow(g->di_cm, 0.94) * pow(g->h_cm, 0.28) * pow(dd, 0.87));
}

double orf__plitt_flow_lpm(const orf_plitt_geom *g, double p_kpa, double phi_vol_pct, double f2)
{
    /* P is a pure power of Q: invert exactly */
    double p1 = orf__plitt_pressure_kpa(g, 1.0, phi_vol_pct, f2);
    return pow(p_kpa / p1, 1.0 / 1.78);
}

double orf__plitt_split(const orf_plitt_geom *g, double p_kpa, double phi_vol_pct, double rho_pulp,
                        double f3)
{
    double dd = g->du_cm * g->du_cm + g->do_cm * g->do_cm;
    double head_m = p_kpa / (G_M_S2 * rho_pulp); /* kPa / (g/cm³ · m/s²) = m */
    return f3 * 1.9 * pow(g->du_cm / g->do_cm, 3.31) * pow(g->h_cm, 0.54) * pow(dd, 0.36) *
           exp(0.0054 * phi_vol_pct) / (pow(head_m, 0.24) * pow(g->dc_cm, 1.11));
}

double orf__plitt_sharpness(const orf_plitt_geom *g, double split, double q_lpm, double f4)
{
    return f4 * 1.94 * exp(-1.58 * split / (1.0 + split)) *
           pow(g->dc_cm * g->dc_cm * g->h_cm / q_lpm, 0.15);
}

double orf__cyclone_water_recovery(double rv, double vw, double vs, double a, int *clamped)
{
    double v = vw + vs;
    double rf;
    int c = 0;
    if (!(v - a > 0.0)) {
        rf = 1.0; /* everything is already in the underflow */
        c = 1;
    } else {
        rf = (rv * v - a) / (v - a);
        if (rf < 0.0) {
            rf = 0.0;
            c = 1;
        } else if (rf > 1.0) {
            rf = 1.0;
            c = 1;
        }
    }
    if (clamped)
        *clamped = c;
    return rf;
}

double orf__stokes_velocity_m_s(double d_um, double rho_p, double rho_f, double visc_mpas)
{
    double d = d_um * 1e-6;
    return G_M_S2 * d * d * (rho_p - rho_f) / (18.0 * visc_mpas * 1e-3);
}

double orf__settling_velocity_m_s(double d_um, double rho_p, double rho_f, double visc_mpas,
                                  double c1, double c2)
{
    double d = d_um * 1e-6;
    double r = (rho_p - rho_f) / rho_f;
    if (!(r > 0.0) || !(d > 0.0))
        return 0.0;
    double nu = visc_mpas * 1e-3 / rho_f;
    return r * G_M_S2 * d * d / (c1 * nu + sqrt(0.75 * c2 * r * G_M_S2 * d * d * d));
}

double orf__richardson_zaki_n(double re)
{
    if (re < 0.2)
        return 4.65;
    if (re < 1.0)
        return 4.4 * pow(re, -0.03);
    if (re < 500.0)
        return 4.4 * pow(re, -0.1);
    return 2.4;
}
