/* oreflow — private header of the comminution and classification unit family (units_cc.h).
 *
 * Two layers:
 *  1. Pure model functions on plain numbers and arrays (classify_model.c, comminution_model.c):
 *     partition curves, Plitt's hydrocyclone equations, settling velocities, the crusher and
 *     ball/rod mill population balances, Bond's law. No streams, no context, no allocation:
 *     they are unit-tested against published numbers on their own.
 *  2. Unit descriptors (hydrocyclone.c, screen.c, crusher.c, mill.c, hydrosizer.c,
 *     solid_liquid.c) that map streams through layer 1. Each is exported as
 *     `const orf_unit_type orf_unit_<name>`, a row of the unit list (src/units/units.def).
 *
 * Units of measure: sizes in µm unless the name says mm; densities kg/m³ (Plitt's equations take
 * g/cm³ and cm inside, converted at the call); flows t/h or m³/h; times min where Austin's
 * selection function uses 1/min.
 * Ownership: every array is the caller's; functions write only their output arguments.
 */
#ifndef OREFLOW_UNITS_CC_H
#define OREFLOW_UNITS_CC_H

#include <math.h>
#include <stddef.h>

#include "oreflow/unit.h"
#include "units_impl.h" /* the unit descriptors, orf_unit_<name> */

/* ---------------------------------------------------------------- classification models */

/* Whiten's efficiency curve (Whiten 1972; Napier-Munn et al. 1996 §4):
 *   E(x) = (exp(alpha x) - 1) / (exp(alpha x) + exp(alpha) - 2),  x = d/d50,
 * the fraction of particles of relative size x that report to the coarse product, before bypass.
 * E(1) = 1/2; alpha -> infinity gives a sharp cut at x = 1. Evaluated without overflow for any
 * alpha > 0 and x >= 0. */
double orf__whiten_efficiency(double x, double alpha);

/* Rosin–Rammler form of the corrected partition curve used with Plitt's model
 * (Plitt 1976; Flintoff, Plitt & Gruber 1987): Ec(x) = 1 - exp(-ln2 · x^m), x = d/d50c. */
double orf__plitt_efficiency(double x, double m);

/* Actual partition to the coarse product with fine bypass Rf: Y = Rf + (1 - Rf)·Ec. */
static inline double orf__with_bypass(double ec, double rf)
{
    return rf + (1.0 - rf) * ec;
}

/* Plitt's hydrocyclone equations as recalibrated by Flintoff, Plitt & Gruber (1987), in Plitt's
 * units: lengths in cm, Q in L/min per cyclone, P in kPa, viscosity in cP (mPa·s), densities
 * g/cm³, phi = feed solids volume %. f1..f4 are the calibration factors (1 = published). */
typedef struct orf_plitt_geom {
    double dc_cm, di_cm, do_cm, du_cm, h_cm;
} orf_plitt_geom;

/* Corrected cut size of particles of density rho_s (g/cm³), µm:
 *   d50c = f1 · 39.7 Dc^0.46 Di^0.6 Do^1.21 µ^0.5 exp(0.063 φ)
 *          / (Du^0.71 h^0.38 Q^0.45 ((ρs - ρl)/1.6)^k)                          (k = 0.5) */
double orf__plitt_d50c_um(const orf_plitt_geom *g, double q_lpm, double phi_vol_pct, double visc_cp,
                          double rho_s, double rho_l, double k, double f1);
/* Pressure drop, kPa: P = f2 · 1.88 Q^1.78 exp(0.0055 φ) / (Dc^0.37 Di^0.94 h^0.28 (Du²+Do²)^0.87)
 */
double orf__plitt_pressure_kpa(const orf_plitt_geom *g, double q_lpm, double phi_vol_pct,
                               double f2);
/* Inverse of the pressure equation: flow per cyclone (L/min) giving pressure p_kpa. */
double orf__plitt_flow_lpm(const orf_plitt_geom *g, double p_kpa, double phi_vol_pct, double f2);
/* Volumetric flow split S = underflow/overflow slurry volume:
 *   S = f3 · 1.9 (Du/Do)^3.31 h^0.54 (Du²+Do²)^0.36 exp(0.0054 φ) / (H^0.24 Dc^1.11),
 * H = P / (ρ_pulp g) the head in metres of pulp (P kPa, ρ_pulp g/cm³). */
double orf__plitt_split(const orf_plitt_geom *g, double p_kpa, double phi_vol_pct, double rho_pulp,
                        double f3);
/* Sharpness: m = f4 · 1.94 exp(-1.58 S/(1+S)) (Dc² h / Q)^0.15. */
double orf__plitt_sharpness(const orf_plitt_geom *g, double split, double q_lpm, double f4);

/* Water recovery to underflow Rf such that the underflow slurry volume is the fraction
 * rv = S/(1+S) of the feed: with the corrected partition, underflow volume is linear in Rf,
 *   Vu = Rf·(Vw + Vs) + (1 - Rf)·A,   A = Σ Ec_i Vs_i,
 * so Rf = (rv (Vw + Vs) - A) / (Vw + Vs - A), clamped to [0, 1]. vw, vs: water and solids
 * volume flows (any one unit); a: solids volume that the corrected curve sends to underflow.
 * Returns the clamped Rf; *clamped (may be NULL) is set to 1 when clamping was needed. */
double orf__cyclone_water_recovery(double rv, double vw, double vs, double a, int *clamped);

/* Terminal settling velocity of a sphere, m/s, for any particle Reynolds number, from the
 * drag law of Ferguson & Church (2004) (C1 = 18 gives Stokes' law for fine particles, C2 = 0.4
 * the Newton regime of smooth spheres): v = R g d² / (C1 ν + sqrt(0.75 C2 R g d³)),
 * R = (ρp - ρf)/ρf, ν = µ/ρf. d in µm, densities kg/m³, viscosity mPa·s. */
double orf__settling_velocity_m_s(double d_um, double rho_p, double rho_f, double visc_mpas,
                                  double c1, double c2);
/* Stokes' law, m/s (the c2 = 0 limit of the above). */
double orf__stokes_velocity_m_s(double d_um, double rho_p, double rho_f, double visc_mpas);
/* Richardson–Zaki (1954) hindered settling velocity: v_t (1 - φ)^n, φ = solids volume fraction. */
static inline double orf__hindered_velocity(double v_t, double phi, double n)
{
    return phi >= 1.0 ? 0.0 : v_t * pow(1.0 - phi, n);
}
/* Richardson–Zaki exponent from the particle Reynolds number at terminal velocity (Richardson &
 * Zaki 1954, with d/D → 0): 4.65 (Re < 0.2), 4.4 Re^-0.03 (< 1), 4.4 Re^-0.1 (< 500), 2.4. */
double orf__richardson_zaki_n(double re);

/* ------------------------------------------------------------------ comminution models */

/* Size classes for the population balances: n classes coarse → fine; upper_um[i] is the top of
 * class i, mid_um[i] its representative size; the last class is the pan (lower size 0). */

/* Whiten's crusher classification function (Whiten 1972; Napier-Munn et al. 1996 ch. 6):
 * probability that a particle of size d enters the breakage zone,
 *   C(d) = 0 (d < K1),  1 - ((K2 - d)/(K2 - K1))^K3 (K1 <= d <= K2),  1 (d > K2). */
double orf__whiten_classification(double d, double k1, double k2, double k3);

/* Cumulative breakage (appearance) function from t10: the fraction of the progeny of a parent
 * of size y that passes size x, as the one-parameter power law through t10 (the fraction
 * passing y/10, Narayanan & Whiten 1988):  B(x/y) = (x/y)^(-log10 t10), 0 < t10 < 1,
 * so B(1) = 1 and B(1/10) = t10. */
double orf__t10_cumulative(double rel, double t10);
/* t10 from specific comminution energy (Narayanan & Whiten 1988; Napier-Munn et al. 1996):
 *   t10 = A (1 - exp(-b Ecs)),  A in %, b in t/kWh, Ecs in kWh/t. Returns a fraction. */
double orf__t10_from_ecs(double a_pct, double b_t_per_kwh, double ecs_kwh_per_t);

/* Breakage matrix for the crusher: b[i*n + j] = mass fraction of the broken class-j material
 * that appears in class i (i >= j, including i = j: fragments that stay in the parent's class),
 *   b_ij = B(upper_i / upper_j) - B(upper_{i+1} / upper_j)   (i < n-1),
 *   b_{n-1,j} = B(upper_{n-1} / upper_j)                      (the pan takes everything finer),
 * so each column sums to B(1) = 1 exactly. */
void orf__crusher_breakage_matrix(size_t n, const double *upper_um, double t10, double *b);

/* Steady-state Whiten crusher on one column of a size distribution (n classes, t/h):
 *   p = (I - C) (I - B C)^(-1) f,  solved by forward substitution (B lower triangular).
 * c: classification per class; b: n×n from orf__crusher_breakage_matrix. f and p may alias.
 * *broken_tph (may be NULL) receives Σ C x, the mass flow through the breakage zone. */
void orf__crusher_solve(size_t n, const double *c, const double *b, const double *f, double *p,
                        double *broken_tph);

/* Austin's selection function (Austin, Klimpel & Luckie 1984, eq. for abnormal breakage):
 *   S(x) = a (x/x0)^alpha / (1 + (x/mu)^Lambda),   x0 = 1 mm, a in 1/min, x and mu in mm. */
double orf__austin_selection(double x_mm, double a_per_min, double alpha, double mu_mm,
                             double lambda);
/* Austin's cumulative primary breakage function:
 *   B(r) = phi r^gamma + (1 - phi) r^beta,  r = x_{i-1}/x_j  (relative size, <= 1). */
double orf__austin_cumulative(double r, double phi, double gamma, double beta);
/* Breakage matrix for the mill (Austin's normalisation: all broken material leaves its class,
 * b_jj = 0): b_ij = B(upper_i/upper_{j+1}) - B(upper_{i+1}/upper_{j+1}) for i > j, the pan takes
 * B(upper_{n-1}/upper_{j+1}). The pan does not break (nowhere to go). Columns sum to 1. */
void orf__austin_breakage_matrix(size_t n, const double *upper_um, double phi, double gamma,
                                 double beta, double *b);

/* Steady-state population balance of n_mixers equal fully mixed reactors in series, total mean
 * residence time tau_min (Austin, Klimpel & Luckie 1984, ch. 10):
 *   p_i (1 + S_i τ') = f_i + τ' Σ_{j<i} b_ij S_j p_j,   τ' = tau/N, per mixer.
 * s: selection per class (1/min); b: n×n (b_ii = 0 expected). In place on x (feed in, product
 * out). Allocates nothing. */
void orf__mill_solve_mixers(size_t n, const double *s, const double *b, double tau_min,
                            int n_mixers, double *x);

/* O(N) forms of the above for separable breakage functions (breakage_sep.c; Austin, Klimpel &
 * Luckie 1984; King 2001 ch. 5): the same results as the dense matrices but for the order of the
 * floating-point additions. Each *_sep_factors returns 0, or -1 where the separable form does not
 * apply (bounds not strictly decreasing and positive, φ outside 0..1, powers out of range): the
 * caller then keeps the dense matrix.
 * Austin: a and w are 2n each; b_ij = a[i] w[j] + a[n+i] w[n+j] for i > j. */
int orf__austin_sep_factors(size_t n, const double *upper_um, double phi, double gamma, double beta,
                            double *a, double *w);
/* orf__mill_solve_mixers with the factors of orf__austin_sep_factors in place of b. */
void orf__mill_solve_mixers_sep(size_t n, const double *s, const double *a, const double *w,
                                double tau_min, int n_mixers, double *x);
/* Whiten crusher's t10 power law: a, w, d n each; b_ij = a[i] w[j] (i > j), b_ii = d[i]. */
int orf__crusher_sep_factors(size_t n, const double *upper_um, double t10, double *a, double *w,
                             double *d);
/* orf__crusher_solve with the factors of orf__crusher_sep_factors in place of b. */
void orf__crusher_solve_sep(size_t n, const double *c, const double *a, const double *w,
                            const double *d, const double *f, double *p, double *broken_tph);
/* orf__crusher_solve with Austin's b (zero diagonal) from orf__austin_sep_factors, no broken
 * flow (the HPGR's pre-crushing of coarse particles). f and p may alias. */
void orf__crusher_solve_austin_sep(size_t n, const double *c, const double *a, const double *w,
                                   const double *f, double *p);
/* orf__perfect_mixing_solve (grinding_model.h) with the factors of orf__austin_sep_factors. */
double orf__perfect_mixing_solve_sep(size_t n, const double *f, const double *r, const double *c,
                                     double dmax, const double *a, const double *w, double *s,
                                     double *p);
/* Vogel & Peukert's breakage function as Dyssol discretises it (Vogel & Peukert 2003; Dyssol's
 * "Cone" crusher), on class sizes x (coarse → fine), d' = dmin in the unit of x: b[j*n + k] =
 * w_jk / Σ_{k'≥j} w_jk', w_jk = (x_j/x_k)^q ½(1 + tanh((x_k − d')/d')) for k ≥ j, else 0. */
void orf__vogel_breakage_matrix(size_t n, const double *x, double dmin, double q, double *b);
/* The same, separable: b_jk = g[k] / gsum[j] for k ≥ j (0 where gsum[j] is 0). */
int orf__vogel_sep_factors(size_t n, const double *x, double dmin, double q, double *g,
                           double *gsum);

/* Bond's third theory (Bond 1961): specific energy kWh/t (short tons in Bond's paper; the
 * metric form with Wi in kWh/t), W = 10 Wi (1/sqrt(P80) - 1/sqrt(F80)), sizes in µm. */
double orf__bond_specific_energy(double wi_kwh_per_t, double f80_um, double p80_um);

#endif
