/* oreflow — pure separation models behind the gravity, magnetic and flotation units.
 *
 * Plain functions of numbers (no streams), so that each model is tested against published
 * figures on its own. The unit plug-ins (gravity.c, magnetic.c, flotation.c) call them per
 * particle type. Sources and equations are in each implementation file and docs/models.md.
 * All functions are pure, allocate nothing and are thread safe.
 */
#ifndef ORF_SEP_MODELS_H
#define ORF_SEP_MODELS_H

#include <stddef.h>

/* ln 3: the logistic Tromp curve reaches 0.75 at rho50 + Ep. */
#define ORF__LN3 1.0986122886681098

/* ---- gravity (gravity_model.c) ---------------------------------------------------------- */

/* Tromp (partition) number: fraction of particles of density rho (kg/m³) reporting to the
 * heavy product of a separator with cut density rho50 and écart probable ep (kg/m³):
 * P = 1/(1+exp(ln3·(rho50-rho)/ep)). ep <= 0 gives the perfect split (0, ½ at rho50, 1). */
double orf__tromp(double rho_kg_m3, double rho50_kg_m3, double ep_kg_m3);

/* Size-dependent cut density and Ep from the equal-settling (hindered-settling) criterion:
 * particles of size d and density rho behave alike when (rho - rho_w)·d^n is equal, so
 *   rho50(d) = rho_w + (rho50_ref - rho_w)·(d_ref/d)^n,   Ep(d) = Ep_ref·(d_ref/d)^n,
 * for d < d_ref (coarser particles: the reference cut), which keeps the imperfection
 * I = Ep/(rho50 - rho_w) constant with size. n = 0: no size effect. d_um <= 0: d_ref. */
void orf__gravity_cut_at_size(double d_um, double d_ref_um, double rho50_ref_kg_m3,
                              double ep_ref_kg_m3, double n_exp, double rho_fluid_kg_m3,
                              double *rho50_kg_m3, double *ep_kg_m3);

/* Fraction of particles of size d that short-circuit the separation and split with the water
 * (fine-particle misplacement): exp(-d/d_bypass). d_bypass <= 0: none. */
double orf__fines_bypass(double d_um, double d_bypass_um);

/* Three-product partition of a gravity separator (conc, middlings, tails) with two cut
 * densities rho50_conc >= rho50_mid (a particle reports to conc with P(rho; rho50_conc), to
 * conc+middlings with P(rho; rho50_mid)); the bypassed fraction b splits like the water
 * (wc, wm to conc, middlings). Writes the three fractions (sum 1) into frac[3]. */
typedef struct orf__gravity_params {
    double rho50_conc_kg_m3, rho50_mid_kg_m3; /* at d_ref */
    double ep_kg_m3;                          /* at d_ref */
    double d_ref_um, size_exp;
    double d_bypass_um;
    double water_conc, water_mid; /* fractions of feed water */
    double rho_fluid_kg_m3;
} orf__gravity_params;
/* The size terms of the partition (the cut shift factor (d_ref/d)^n below d_ref, and the fines
 * bypass), and the split for given size terms: orf__gravity_partition3 is the two together;
 * callers that visit many particles of one size compute the size terms once. */
void orf__gravity_size_terms(const orf__gravity_params *g, double d_um, double *shift,
                             double *bypass);
void orf__gravity_partition3_sized(const orf__gravity_params *g, double rho_kg_m3, double shift,
                                   double bypass, double frac[3]);
void orf__gravity_partition3(const orf__gravity_params *g, double rho_kg_m3, double d_um,
                             double frac[3]);

/* Many particles at once (gravity_model.c: the mid cut's exp from the concentrate cut's by a
 * constant factor, exps reused along a row while the exponent repeats). orf__gravity_sized_set
 * fills the per-size terms (arrays of ns, caller-owned) from the parameters after the load
 * correction and the size terms; ok = 0 when some Ep is not positive (the caller then uses
 * orf__gravity_partition3_sized). orf__gravity_partition_rows: for nrows rows of ns densities
 * (one per size class), f0 = the fraction to the concentrate (clamped to [0, 1]) and f1 = the
 * fraction of the rest to the middlings (f[1]/(f[1] + f[2]), 0 when that is not positive,
 * clamped), as orf__gravity_partition3_sized gives them to ~1e-14 relative; work: 4·nrows·ns. */
typedef struct orf__gravity_sized {
    size_t ns;
    double *r50c, *r50m, *ep;      /* cut densities and Ep at each size */
    double *omb, *bwc, *bwm, *bwt; /* 1 − b, b·wc, b·wm, b·(1 − wc − wm) of the bypass b */
    double k_mid;                  /* exp(z_mid)/exp(z_conc) */
    int use_k, ok;
} orf__gravity_sized;
void orf__gravity_sized_set(orf__gravity_sized *S, const orf__gravity_params *g,
                            const double *shift, const double *bypass);
void orf__gravity_partition_rows(const orf__gravity_sized *S, size_t nrows, const double *rho,
                                 double *work, double *f0, double *f1);

/* ---- magnetic (magnetic_model.c) -------------------------------------------------------- */

#define ORF__MU0 1.25663706212e-6 /* vacuum permeability, T·m/A (CODATA 2018) */

/* Magnetic velocity (m/s) of a sphere of size d (µm), density rho (kg/m³) and mass
 * susceptibility chi (m³/kg) in a field of force factor B·∇B (T²/m), in a fluid of viscosity
 * eta (Pa·s): Stokes drag balancing the magnetic force (Svoboda 1987; Watson 1973):
 *   v_m = chi·rho·d²·B∇B / (18·mu0·eta). Negative chi (diamagnetic) gives v_m <= 0. */
double orf__magnetic_velocity_m_s(double chi_m3_kg, double rho_kg_m3, double d_um,
                                  double force_factor_t2_m, double eta_pa_s);

/* Capture probability of a WHIMS matrix: 1 - exp(-v_m / v_c), v_c the capture velocity
 * (the slurry velocity through the matrix divided by the capture-area factor; Watson 1973's
 * exponential capture law). v_m <= 0: 0. */
double orf__whims_capture(double v_m_m_s, double v_capture_m_s);

#define ORF__G_M_S2 9.80665 /* standard gravity, m/s² */

/* Magnetisation (A/m) of a strongly magnetic (ferrimagnetic) grain of saturation magnetisation
 * ms (A/m) and demagnetising factor N (1/3 for a sphere) in an applied field H (A/m):
 * M = (H/N)·ms/(ms + H/N), H/N below saturation, ms above (Svoboda 1987; Fröhlich–Kennelly
 * form). 0 when any argument is <= 0. */
double orf__ferro_magnetisation_a_m(double h_a_m, double ms_a_m, double demag_n);

/* Field of a drum of alternating poles (pitch p, mm) at a distance x (mm) from its surface, given
 * the surface flux density b0 (T): B = b0·exp(−pi·x/p), ∇B = (pi/p)·B (T/m). */
void orf__drum_field(double b0_t, double pitch_mm, double x_mm, double *b_t, double *grad_t_m);

/* Velocity (m/s) towards a LIMS drum of a particle of size d (µm) with volume magnetisation M
 * (A/m) in a field gradient ∇B (T/m), against gravity (Δrho, kg/m³, particle minus fluid) and
 * Stokes drag: v = d²·(M·∇B − Δrho·g)/(18·eta). Negative when gravity wins. */
double orf__lims_velocity_m_s(double m_a_m, double grad_t_m, double drho_kg_m3, double d_um,
                              double eta_pa_s);

/* ---- flotation (flotation_model.c) ------------------------------------------------------ */

/* Savassi et al. (1998) degree of entrainment: ENT = 2/(exp(2.292·x^adj) + exp(-2.292·x^adj)),
 * x = d/xi, adj = 1 + ln(delta)/exp(x). ENT(xi) = 0.20 for every delta. */
double orf__savassi_ent(double d_um, double xi_um, double delta);

/* Size dependence of the flotation rate constant (bell-shaped in log size, Trahar 1981):
 * f(d) = exp(-½·(ln(d/d_opt)/sigma)²); sigma <= 0: 1 (no size effect). */
double orf__flotation_size_factor(double d_um, double d_opt_um, double sigma);

typedef enum { ORF__KDIST_SINGLE = 0, ORF__KDIST_KLIMPEL = 1 } orf__kdist;

/* Recovery to the froth of a particle type in a bank of n equal perfectly mixed cells, each of
 * residence time tau (min), rate constant k (1/min; for Klimpel the top of a rectangular
 * distribution on [0, k]), maximum recovery rmax, and entrainment number e per cell
 * (e = ENT·rw/(1-rw), rw the fraction of a cell's feed water going to its froth):
 *   single:  R = 1 - rmax·(1+kτ+e)^-n - (1-rmax)·(1+e)^-n
 *   Klimpel: the first term averaged over k' in [0, k] (closed form).
 * e = 0 gives R = rmax·[1-(1+kτ)^-n]; tau = 0 gives entrainment only. n may be non-integer. */
double orf__flotation_bank_recovery(double k_per_min, double tau_min, double n_cells, double rmax,
                                    double e_cell, orf__kdist dist);
/* The same with the non-floating tail (1+e)^-n given (orf__flotation_nonfloat_tail), for callers
 * that evaluate many particles of one size at fixed n and e. */
double orf__flotation_nonfloat_tail(double n_cells, double e_cell);
double orf__flotation_bank_recovery_tail(double k_per_min, double tau_min, double n_cells,
                                         double rmax, double e_cell, orf__kdist dist,
                                         double tail_nonfloat);

/* Per-cell water split rw from the bank's water recovery Rw: (1-rw)^n = 1-Rw. */
double orf__cell_water_split(double bank_water_recovery, double n_cells);

#endif
