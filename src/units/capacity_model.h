/* oreflow — capacity of the separators: load per machine and its effect on the partition.
 *
 * Pure functions of numbers (no streams), used by the gravity units (gravity.c) and the WHIMS
 * (magnetic.c); equations, sources and the assumed coefficients: capacity_model.c and
 * docs/models.md "Capacity of the separators". Thread safe, allocate nothing.
 */
#ifndef ORF_CAPACITY_MODEL_H
#define ORF_CAPACITY_MODEL_H

/* Machines used and load per machine (t/h of feed solids) for a feed of feed_tph t/h solids on
 * `installed` machines (spiral starts, table decks, jig units, WHIMS machines). installed <= 0
 * means "as many as the nominal load needs": the load is then the nominal load exactly (the
 * capacity correction is neutral) and *machines = ceil(feed/nominal) (at least 1 for a feed, 0
 * for none). nominal <= 0 with installed <= 0: load = feed, machines = 1. */
void orf__capacity_load(double feed_tph, double installed, double nominal_tph_per_machine,
                        double *machines, double *load_tph_per_machine);

/* Load ratio q = load / nominal (1 when the nominal is not positive or the load is not finite). */
double orf__capacity_ratio(double load_tph_per_machine, double nominal_tph_per_machine);

/* Flowing-film separator (spiral, table) under a load ratio q: the cut density measured from the
 * fluid and the écart probable scale as
 *     rho50(q) - rho_f = (rho50 - rho_f)·q^b,    Ep(q) = Ep·q^a
 * (a thicker, faster film at higher load carries heavies outward and mixes the bands: Holland-
 * Batt 1989, 1995; Sivamohan & Forssberg 1985). q = 1 returns the inputs exactly; q <= 0 is
 * treated as 1. The exponents a, b are calibration parameters (docs/models.md). */
void orf__capacity_gravity_cut(double q, double ep_exponent, double cut_exponent,
                               double rho_fluid_kg_m3, double *rho50_kg_m3, double *ep_kg_m3);

/* WHIMS under a load ratio q at the nominal pulp density: the slurry velocity through the matrix
 * is proportional to the slurry flow per machine, and Watson's (1973) capture law depends on v_m
 * over that velocity, so the capture velocity scales as v_c(q) = v_c·q^e (e = 1 from Watson's
 * law; e is a parameter). q = 1 returns v_c exactly. */
double orf__capacity_whims_vc(double q, double exponent, double v_capture_m_s);

/* 1 when x lies outside [lo, hi] (a bound <= 0 is not checked), else 0; NaN x: 0. */
double orf__capacity_out_of_range(double x, double lo, double hi);

#endif
