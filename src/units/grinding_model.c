/* oreflow — pure models of the SAG/AG mill and the HPGR. Equations and sources: grinding_model.h
 * and docs/models.md ("SAG/AG mill", "High-pressure grinding rolls").
 *
 *  - Austin, L.G. (1990) A mill power equation for SAG mills, Minerals & Metallurgical Processing
 *    7(1), 57–63.
 *  - Morrell, S. (2004) An alternative energy–size relationship to that proposed by Bond for the
 *    design and optimisation of grinding circuits, Int. J. Miner. Process. 74, 133–141.
 *  - Whiten, W.J. (1974) A matrix theory of comminution machines, Chem. Eng. Sci. 29, 589–599;
 *    Leung, K., Morrison, R.D. & Whiten, W.J. (1987) An energy based ore specific model for
 *    autogenous and semi-autogenous grinding mills, Copper '87, Santiago; Napier-Munn, T.J.,
 *    Morrell, S., Morrison, R.D. & Kojovic, T. (1996) Mineral Comminution Circuits, JKMRC, ch. 9.
 *  - Schönert, K. (1988) A first survey of grinding with high-compression roller mills, Int. J.
 *    Miner. Process. 22, 401–412; Klymowsky, R., Patzelt, N., Knecht, J. & Burchardt, E. (2002)
 *    Selection and sizing of high pressure grinding rolls, in Mular, Halbe & Barratt (eds.)
 *    Mineral Processing Plant Design, Practice and Control, SME, 636–668.
 *  - Torres, M. & Casali, A. (2009) A novel approach for the modelling of high-pressure grinding
 *    rolls, Minerals Engineering 22, 1137–1146.
 *  - Herbst, J.A. & Fuerstenau, D.W. (1980) Scale-up procedure for continuous grinding mill design
 *    using population balance models, Int. J. Miner. Process. 7, 1–31.
 */
#include "units/grinding_model.h"

#include <math.h>

double orf__austin_sag_power_kw(double d_m, double l_m, double j, double jb, double porosity,
                                double wc, double rho_s_t_m3, double rho_b_t_m3, double phi_c)
{
    if (!(d_m > 0.0 && l_m > 0.0 && wc > 0.0 && phi_c > 0.0))
        return 0.0;
    double rho_c = rho_s_t_m3 / wc; /* ore "density" of the slurry-filled charge, Austin's ρs/wc */
    double load = (1.0 - porosity) * rho_c * j + 0.6 * jb * (rho_b_t_m3 - rho_c);
    double speed = phi_c * (1.0 - 0.1 / pow(2.0, 9.0 - 10.0 * phi_c));
    double p = 10.6 * pow(d_m, 2.5) * l_m * (1.0 - 1.03 * j) * load * speed;
    return p > 0.0 ? p : 0.0;
}

double orf__sag_ore_holdup_t(double d_m, double l_m, double j, double jb, double porosity,
                             double wc, double rho_s_t_m3, double rho_w_t_m3)
{
    double v = 3.14159265358979323846 * d_m * d_m * l_m / 4.0;
    double rho_slurry = 1.0 / (wc / rho_s_t_m3 + (1.0 - wc) / rho_w_t_m3);
    double rocks = (j - jb) * (1.0 - porosity) * rho_s_t_m3;
    double slurry = porosity * j * wc * rho_slurry;
    return v * ((rocks > 0.0 ? rocks : 0.0) + slurry);
}

static double morrell_term(double x_um)
{
    return pow(x_um, -(0.295 + x_um / 1.0e6));
}

double orf__morrell_specific_energy(double mi_kwh_per_t, double f80_um, double p80_um)
{
    if (!(f80_um > 0.0 && p80_um > 0.0))
        return (double)NAN;
    return mi_kwh_per_t * 4.0 * (morrell_term(p80_um) - morrell_term(f80_um));
}

double orf__grate_classification(double x, double xm, double xg)
{
    if (x <= xm)
        return 1.0;
    if (x >= xg)
        return 0.0;
    return log(x / xg) / log(xm / xg);
}

double orf__perfect_mixing_solve(size_t n, const double *f, const double *r, const double *c,
                                 double dmax, const double *b, double *s, double *p)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        double src = f[i];
        for (size_t j = 0; j < i; j++)
            src += b[i * n + j] * r[j] * s[j];
        double ri = i + 1 < n ? r[i] : 0.0; /* the pan cannot break into a finer class */
        double di = i + 1 < n ? dmax * c[i] : dmax;
        double out = ri + di;
        s[i] = out > 0.0 ? src / out : 0.0;
        p[i] = di * s[i];
        total += s[i];
    }
    return total;
}

double orf__pxx_of_sizes(size_t n, const double *upper_um, const double *lower_um,
                         const double *tph, double pct)
{
    double total = 0.0;
    for (size_t s = 0; s < n; s++)
        total += tph[s];
    if (!(total > 0.0))
        return (double)NAN;
    double above = 0.0;
    for (size_t s = 0; s < n; s++) {
        double p_hi = 100.0 * (1.0 - above / total);
        above += tph[s];
        double p_lo = 100.0 * (1.0 - above / total);
        if (p_lo < 0.0)
            p_lo = 0.0;
        if (pct <= p_hi && pct >= p_lo) {
            double hi = upper_um[s], lo = lower_um[s];
            if (p_hi == p_lo)
                return hi;
            if (lo <= 0.0)
                return hi * (pct / p_hi);
            double fr = (pct - p_lo) / (p_hi - p_lo);
            return exp(log(lo) + fr * (log(hi) - log(lo)));
        }
    }
    return lower_um[n - 1];
}

double orf__hpgr_critical_gap_m(double s0_m, double rho_bulk, double rho_flake)
{
    if (!(rho_bulk > 0.0))
        return s0_m;
    return s0_m * rho_flake / rho_bulk;
}

double orf__hpgr_nip_angle_rad(double d_m, double s0_m, double xc_m)
{
    double cosa = 1.0 - (xc_m - s0_m) / d_m;
    if (cosa > 1.0)
        cosa = 1.0;
    if (cosa < -1.0)
        cosa = -1.0;
    return acos(cosa);
}

double orf__hpgr_throughput_tph(double rho_flake_t_m3, double s0_m, double l_m, double u_m_s)
{
    return 3600.0 * rho_flake_t_m3 * s0_m * l_m * u_m_s;
}

double orf__hpgr_power_kw(double force_kn, double beta_rad, double u_m_s)
{
    return 2.0 * force_kn * sin(beta_rad / 2.0) * u_m_s;
}

double orf__energy_selection(double x_mm, double s1e_t_per_kwh, double z1, double z2)
{
    if (!(x_mm > 0.0))
        return 0.0;
    double l = log(x_mm); /* x1 = 1 mm */
    return s1e_t_per_kwh * exp(z1 * l + z2 * l * l);
}

double orf__hpgr_block_pressure(size_t k, size_t nb)
{
    if (nb == 0 || k >= nb)
        return 0.0;
    double mean = 0.0, wk = 0.0;
    for (size_t i = 0; i < nb; i++) {
        double y = (2.0 * (double)i + 1.0) / (double)nb - 1.0; /* 2y/L of the block centre */
        double w = 1.0 - y * y;
        mean += w;
        if (i == k)
            wk = w;
    }
    mean /= (double)nb;
    return wk / mean;
}
