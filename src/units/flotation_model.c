/* oreflow — flotation in a bank of cells: first-order kinetics, maximum recovery, entrainment.
 *
 * A particle type (material, size, composition) floats at first order with rate constant k
 * (1/min) up to a maximum recovery R∞ (Kelsall 1961 two-fraction idea: a fraction R∞ floats,
 * 1 - R∞ does not). A perfectly mixed cell of residence time τ recovers kτ/(1+kτ) of the
 * floatable fraction; n equal cells in series (King 2001 §8.5; Wills & Finch 2016 ch. 12):
 *     R = R∞·[1 - (1 + kτ)^-n]      → R∞·(1 - e^(-k·nτ)) as n → ∞ (plug flow).
 * Klimpel (1980): k rectangular on [0, k_max]; the average of (1+k'τ)^-n over k' is closed form.
 * Entrainment (Savassi et al. 1998): pulp particles go to the froth with the water at the
 * degree of entrainment ENT(d) (ENT = 1 for water-like fines, 0 for coarse particles):
 *     ENT = 2 / (exp(2.292·x^adj) + exp(-2.292·x^adj)),  x = d/ξ,  adj = 1 + ln(δ)/exp(x),
 * ξ the size entrained at 20 %, δ the drainage parameter. In a cell sending a fraction rw of its
 * feed water to the froth, entrainment removes the pulp's particles at e = ENT·rw/(1-rw) per
 * unit of tailings, so a cell's tailings keep 1/(1 + kτ + e) (floatable) and 1/(1 + e) (not):
 *     R = 1 - R∞·(1 + kτ + e)^-n - (1 - R∞)·(1 + e)^-n.
 * With ENT = 1 this recovers exactly the water recovery; with τ = 0 only entrainment is left.
 * Size effect on k: bell-shaped in log size with an optimum (Trahar 1981),
 *     k(d) = k_max·exp(-½·(ln(d/d_opt)/σ)²).
 *
 * References:
 *  - Savassi, O.N., Alexander, D.J., Franzidis, J.-P., Manlapig, E.V. (1998) An empirical model
 *    for entrainment in industrial flotation plants, Minerals Engineering 11(3), 243–256.
 *  - Klimpel, R.R. (1980) Selection of chemical reagents for flotation, in Mular & Bhappu (eds.),
 *    Mineral Processing Plant Design, 2nd ed., SME, 907–934.
 *  - King, R.P. (2001) Modeling and Simulation of Mineral Processing Systems, ch. 8.
 *  - Trahar, W.J. (1981) A rational interpretation of the role of particle size in flotation,
 *    Int. J. Miner. Process. 8, 289–327.
 *  - Kelsall, D.F. (1961) Application of probability in the assessment of flotation systems,
 *    Trans. IMM 70, 191–204.
 */
#include "units/sep_models.h"

#include <math.h>

double orf__savassi_ent(double d_um, double xi_um, double delta)
{
    if (!(xi_um > 0.0))
        return 0.0;
    if (!(d_um > 0.0))
        return 1.0;
    double x = d_um / xi_um;
    double adj = 1.0 + log(delta > 0.0 ? delta : 1.0) / exp(x);
    double z = 2.292 * pow(x, adj);
    if (z > 700.0)
        return 0.0;
    return 2.0 / (exp(z) + exp(-z));
}

double orf__flotation_size_factor(double d_um, double d_opt_um, double sigma)
{
    if (!(sigma > 0.0) || !(d_opt_um > 0.0) || !(d_um > 0.0))
        return 1.0;
    double z = log(d_um / d_opt_um) / sigma;
    return exp(-0.5 * z * z);
}

/* Mean over k' in [0, k] of (1 + k'τ + e)^-n. */
static double klimpel_tail(double ktau, double n, double e)
{
    double a = 1.0 + e;
    if (ktau < 1e-12)
        return pow(a, -n);
    double b = a + ktau;
    if (fabs(n - 1.0) < 1e-12)
        return log(b / a) / ktau;
    return (pow(a, 1.0 - n) - pow(b, 1.0 - n)) / ((n - 1.0) * ktau);
}

double orf__flotation_nonfloat_tail(double n_cells, double e_cell)
{
    double e = e_cell > 0.0 ? e_cell : 0.0;
    return pow(1.0 + e, -n_cells);
}

double orf__flotation_bank_recovery(double k_per_min, double tau_min, double n_cells, double rmax,
                                    double e_cell, orf__kdist dist)
{
    return orf__flotation_bank_recovery_tail(k_per_min, tau_min, n_cells, rmax, e_cell, dist,
                                             orf__flotation_nonfloat_tail(n_cells, e_cell));
}

double orf__flotation_bank_recovery_tail(double k_per_min, double tau_min, double n_cells,
                                         double rmax, double e_cell, orf__kdist dist,
                                         double tail_nonfloat)
{
    if (!(n_cells > 0.0))
        return 0.0;
    double ktau = (k_per_min > 0.0 && tau_min > 0.0) ? k_per_min * tau_min : 0.0;
    double e = e_cell > 0.0 ? e_cell : 0.0;
    double tail_float =
        dist == ORF__KDIST_KLIMPEL ? klimpel_tail(ktau, n_cells, e) : pow(1.0 + ktau + e, -n_cells);
    double r = 1.0 - rmax * tail_float - (1.0 - rmax) * tail_nonfloat;
    if (r < 0.0)
        r = 0.0;
    if (r > 1.0)
        r = 1.0;
    return r;
}

double orf__cell_water_split(double bank_water_recovery, double n_cells)
{
    if (!(bank_water_recovery > 0.0) || !(n_cells > 0.0))
        return 0.0;
    if (bank_water_recovery >= 1.0)
        return 1.0;
    return -expm1(log1p(-bank_water_recovery) / n_cells);
}
