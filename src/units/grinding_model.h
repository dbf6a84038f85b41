/* oreflow — pure models of the SAG/AG mill and the high-pressure grinding rolls (grinding_model.c).
 *
 * Plain functions of numbers and arrays (no streams, no context, no allocation), unit-tested
 * against published and hand-computed figures in tests/unit/test_grinding_units.c. The unit
 * descriptors are sag_mill.c and hpgr.c; the population-balance building blocks they share with
 * the ball mill and the crusher (Austin's selection and breakage functions, the mixers-in-series
 * solution, Whiten's crusher) are in comminution_model.c (units_cc.h).
 *
 * Units of measure: sizes µm unless the name says mm or m; densities t/m³ where the published
 * equation takes them so (Austin 1990), else kg/m³; flows t/h; power kW.
 */
#ifndef OREFLOW_GRINDING_MODEL_H
#define OREFLOW_GRINDING_MODEL_H

#include <stddef.h>

/* Austin (1990) "A mill power equation for SAG mills", Minerals & Metallurgical Processing 7(1),
 * 57–63: power at the pinion, kW,
 *   P = 10.6 D^2.5 L (1 - 1.03 J) [(1 - eB)(rho_s/wc) J + 0.6 JB (rho_b - rho_s/wc)]
 *       · phi_c (1 - 0.1 / 2^(9 - 10 phi_c)),
 * D, L inside diameter and length (m), J total and JB ball load (fractions of the mill volume),
 * eB the porosity of the charge (fraction; Austin takes 0.3), wc the mass fraction of solids of
 * the slurry filling it (Austin: 0.8), rho_s ore and rho_b ball density (t/m³), phi_c the speed
 * as a fraction of critical. Returns 0 for a non-positive result (a load above 1/1.03). */
double orf__austin_sag_power_kw(double d_m, double l_m, double j, double jb, double porosity,
                                double wc, double rho_s_t_m3, double rho_b_t_m3, double phi_c);

/* Ore held in a tumbling mill's charge, t: the ore rocks of the rock share of the charge and the
 * ore of the slurry filling the interstices of the whole charge (the same charge description as
 * Austin 1990): V [(J - JB)(1 - eB) rho_s + eB J wc rho_slurry], rho_slurry = 1/(wc/rho_s +
 * (1 - wc)/rho_w), V = pi D² L / 4. Densities t/m³. */
double orf__sag_ore_holdup_t(double d_m, double l_m, double j, double jb, double porosity,
                             double wc, double rho_s_t_m3, double rho_w_t_m3);

/* Morrell (2004) "An alternative energy–size relationship to that proposed by Bond for the design
 * and optimisation of grinding circuits", Int. J. Miner. Process. 74, 133–141:
 *   W = Mi · 4 · (x2^f(x2) - x1^f(x1)),  f(x) = -(0.295 + x/1,000,000),
 * W kWh/t, Mi the work index (Mia for the coarse, AG/SAG range), x1 feed and x2 product 80 %
 * passing sizes in µm. */
double orf__morrell_specific_energy(double mi_kwh_per_t, double f80_um, double p80_um);

/* Discharge grate classification of an AG/SAG mill (Leung, Morrison & Whiten 1987; Napier-Munn,
 * Morrell, Morrison & Kojovic 1996, ch. 9): the fraction of the maximum discharge rate at size x,
 *   c = 1 (x <= xm),  ln(x/xg)/ln(xm/xg) (xm < x < xg),  0 (x >= xg),
 * xm the size below which particles leave like water, xg the grate aperture. */
double orf__grate_classification(double x, double xm, double xg);

/* Steady state of a perfectly mixed mill with a discharge classification (Whiten 1974, "A matrix
 * theory of comminution machines", Chem. Eng. Sci. 29, 589–599; Napier-Munn et al. 1996 ch. 9),
 * on one column of a size distribution (n classes coarse → fine, the last the pan):
 *   f_i + Σ_{j<i} b_ij r_j s_j = (r_i + d_i) s_i,   p_i = d_i s_i,   d_i = dmax c_i,
 * r breakage rates and dmax in the same time unit as f (t/h → 1/h), b from
 * orf__austin_breakage_matrix (b_ii = 0, columns sum to 1). The pan does not break (r = 0) and
 * leaves at dmax. Writes the holdup s (t) and the product p (t/h); returns Σ s. f, s and p must
 * not alias. A class with r_i + d_i = 0 holds nothing (the caller keeps rates positive). */
double orf__perfect_mixing_solve(size_t n, const double *f, const double *r, const double *c,
                                 double dmax, const double *b, double *s, double *p);

/* Size below which pct % of a size distribution passes (tph per class, coarse → fine; class s
 * between lower_um[s] and upper_um[s]), log-linear between sieves and linear in the pan, as
 * orf_stream_pxx_um does for a stream. NaN for an empty distribution. */
double orf__pxx_of_sizes(size_t n, const double *upper_um, const double *lower_um,
                         const double *tph, double pct);

/* ---- high-pressure grinding rolls ---------------------------------------------------------- */

/* Gap at which the particle bed forms (the critical size), m: continuity of the compacted strip
 * between the rolls, rho_a x_c = rho_g s0 (Schönert 1988 "A first survey of grinding with
 * high-compression roller mills", Int. J. Miner. Process. 22, 401–412; Klymowsky et al. 2002),
 * rho_a the feed bulk density and rho_g the flake (cake) density. */
double orf__hpgr_critical_gap_m(double s0_m, double rho_bulk, double rho_flake);

/* Angle of nip, rad: the roll angle at which the gap (s0 + D(1 - cos a)) equals the critical gap
 * x_c (Schönert 1988; Klymowsky et al. 2002): cos a = 1 - (x_c - s0)/D. */
double orf__hpgr_nip_angle_rad(double d_m, double s0_m, double xc_m);

/* Throughput of a roll pair by the continuity equation, t/h: G = 3600 rho_g s0 L U (Schönert
 * 1988; Klymowsky et al. 2002; Torres & Casali 2009), rho_g flake density t/m³, s0 working gap,
 * L roll length m, U peripheral speed m/s. */
double orf__hpgr_throughput_tph(double rho_flake_t_m3, double s0_m, double l_m, double u_m_s);

/* Power drawn by the two rolls, kW: P = 2 F sin(beta/2) U (Schönert 1988; Torres & Casali 2009),
 * F the pressing force (kN), beta the angle of the compression zone (rad), U m/s. */
double orf__hpgr_power_kw(double force_kn, double beta_rad, double u_m_s);

/* Energy-specific selection function (Herbst & Fuerstenau 1980, Int. J. Miner. Process. 7, 1–31;
 * used for the HPGR bed by Torres & Casali 2009), t/kWh:
 *   ln(S^E(x)/S^E_1) = z1 ln(x/x1) + z2 ln²(x/x1),  x1 = 1 mm. x in mm. */
double orf__energy_selection(double x_mm, double s1e_t_per_kwh, double z1, double z2);

/* Relative pressure of block k of nb equal blocks across the roll length, the parabolic profile
 * of Torres & Casali (2009) normalised to a mean of 1 over the blocks:
 *   w_k ∝ 1 - (2 y_k / L)²,  y_k the block centre measured from the middle of the roll. */
double orf__hpgr_block_pressure(size_t k, size_t nb);

#endif
