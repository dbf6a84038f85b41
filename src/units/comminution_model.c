/* oreflow — comminution models on plain arrays (no streams).
 *
 * Crusher: Whiten's classification-and-breakage model (Whiten, W.J. 1972 "The simulation of
 * crushing plants with models developed using multiple spline regression", J. S. Afr. Inst.
 * Min. Metall. 72, 257–264; Napier-Munn, T.J., Morrell, S., Morrison, R.D. & Kojovic, T. 1996
 * "Mineral Comminution Circuits", JKMRC, ch. 6). Material entering the chamber x = f + B C x;
 * product p = (I - C) x, hence p = (I - C)(I - B C)^{-1} f. Classification
 *   C(d) = 1 - ((K2 - d)/(K2 - K1))^K3 between K1 and K2 (0 below, 1 above).
 * Appearance function from t10 (Narayanan, S.S. & Whiten, W.J. 1988 "Determination of
 * comminution characteristics from single particle breakage tests and its application to
 * ball mill scale-up", Trans. IMM C 97, C115–C124): t10 = A(1 - e^{-b Ecs}); the progeny
 * size distribution is the one-parameter power law through t10, B(x/y) = (x/y)^{-log10 t10}
 * (the JKMRC t10–tn spline tables are not reproduced: see docs/models.md).
 *
 * Ball and rod mills: Austin, L.G., Klimpel, R.R. & Luckie, P.T. (1984) "Process Engineering
 * of Size Reduction: Ball Milling", SME-AIME, New York: selection function
 *   S_i = a x_i^α / (1 + (x_i/µ)^Λ)   (x in mm, a in 1/min),
 * cumulative breakage B_ij = φ (x_{i-1}/x_j)^γ + (1-φ)(x_{i-1}/x_j)^β, steady-state balance of
 * N fully mixed reactors in series with mean residence time τ.
 *
 * Bond, F.C. (1961) "Crushing and grinding calculations", British Chemical Engineering 6(6),
 * 378–385 and 6(8), 543–548:  W = 10 Wi (1/√P80 − 1/√F80).
 */
#include <math.h>

#include "units_cc.h"

double orf__whiten_classification(double d, double k1, double k2, double k3)
{
    if (d <= k1)
        return 0.0;
    if (d >= k2)
        return 1.0;
    return 1.0 - pow((k2 - d) / (k2 - k1), k3);
}

double orf__t10_cumulative(double rel, double t10)
{
    if (!(rel > 0.0))
        return 0.0;
    if (rel >= 1.0)
        return 1.0;
    return pow(rel, -log10(t10));
}

double orf__t10_from_ecs(double a_pct, double b_t_per_kwh, double ecs_kwh_per_t)
{
    return 0.01 * a_pct * (1.0 - exp(-b_t_per_kwh * ecs_kwh_per_t));
}

void orf__crusher_breakage_matrix(size_t n, const double *upper_um, double t10, double *b)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            if (i >= j) {
                double hi = orf__t10_cumulative(upper_um[i] / upper_um[j], t10);
                double lo =
                    i + 1 < n ? orf__t10_cumulative(upper_um[i + 1] / upper_um[j], t10) : 0.0;
                v = hi - lo;
            }
            b[i * n + j] = v;
        }
}

void orf__crusher_solve(size_t n, const double *c, const double *b, const double *f, double *p,
                        double *broken_tph)
{
    /* forward substitution for x = f + B C x (B lower triangular); x is kept in p */
    for (size_t i = 0; i < n; i++) {
        double src = f[i];
        for (size_t j = 0; j < i; j++)
            src += b[i * n + j] * c[j] * p[j];
        double diag = 1.0 - b[i * n + i] * c[i];
        p[i] = diag > 1e-300 ? src / diag : 0.0;
    }
    double broken = 0.0;
    for (size_t i = 0; i < n; i++) {
        broken += c[i] * p[i];
        p[i] *= 1.0 - c[i];
    }
    if (broken_tph)
        *broken_tph = broken;
}

double orf__austin_selection(double x_mm, double a_per_min, double alpha, double mu_mm,
                             double lambda)
{
    if (!(x_mm > 0.0))
        return 0.0;
    return a_per_min * pow(x_mm, alpha) / (1.0 + pow(x_mm / mu_mm, lambda));
}

double orf__austin_cumulative(double r, double phi, double gamma, double beta)
{
    if (!(r > 0.0))
        return 0.0;
    if (r >= 1.0)
        return 1.0;
    return phi * pow(r, gamma) + (1.0 - phi) * pow(r, beta);
}

void orf__austin_breakage_matrix(size_t n, const double *upper_um, double phi, double gamma,
                                 double beta, double *b)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            if (i > j) {
                /* x_j of Austin's notation is the bottom of class j = upper_um[j+1] */
                double xj = upper_um[j + 1];
                double hi = orf__austin_cumulative(upper_um[i] / xj, phi, gamma, beta);
                double lo = i + 1 < n
                                ? orf__austin_cumulative(upper_um[i + 1] / xj, phi, gamma, beta)
                                : 0.0;
                v = hi - lo;
            }
            b[i * n + j] = v;
        }
}

void orf__mill_solve_mixers(size_t n, const double *s, const double *b, double tau_min,
                            int n_mixers, double *x)
{
    if (n == 0 || n_mixers < 1 || !(tau_min > 0.0))
        return;
    double t = tau_min / n_mixers;
    for (int k = 0; k < n_mixers; k++)
        for (size_t i = 0; i < n; i++) {
            /* x[i] still holds this mixer's feed; x[j < i] already hold its product */
            double src = x[i];
            for (size_t j = 0; j < i; j++)
                src += t * b[i * n + j] * s[j] * x[j];
            double si = i + 1 < n ? s[i] : 0.0; /* the pan cannot break into a finer class */
            x[i] = src / (1.0 + si * t);
        }
}

double orf__bond_specific_energy(double wi_kwh_per_t, double f80_um, double p80_um)
{
    return 10.0 * wi_kwh_per_t * (1.0 / sqrt(p80_um) - 1.0 / sqrt(f80_um));
}
