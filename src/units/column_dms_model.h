/* oreflow — pure models of the flotation column and the dense-medium cyclone
 * (column_dms_model.c). Plain functions of numbers; unit-tested against hand computations and
 * limiting cases in tests/unit/test_column_dms.c. Sources in the implementation and
 * docs/models.md ("Column flotation", "Dense-medium cyclone"). */
#ifndef OREFLOW_COLUMN_DMS_MODEL_H
#define OREFLOW_COLUMN_DMS_MODEL_H

/* Recovery of a first-order process in a vessel with axial dispersion (Wehner & Wilhelm 1956;
 * Levenspiel 1999 ch. 13; for the column's collection zone Finch & Dobby 1990, Column Flotation,
 * Pergamon, ch. 4):
 *   R = 1 − 4a·exp(1/(2Nd)) / ((1+a)²·exp(a/(2Nd)) − (1−a)²·exp(−a/(2Nd))),
 *   a = sqrt(1 + 4 k τ Nd),
 * written without overflow as 1 − 4a·e^((1−a)/(2Nd)) / ((1+a)² − (1−a)² e^(−a/Nd)).
 * Nd <= 0: plug flow, 1 − e^(−kτ). Nd → ∞ tends to the mixed tank kτ/(1+kτ). */
double orf__axial_dispersion_recovery(double ktau, double nd);

/* Axial dispersion coefficient of the collection zone, m²/s (Finch & Dobby 1990, from Dobby &
 * Finch 1985 Chem. Eng. Sci. 40, 1061–1068): D = 0.063·dc·(Jl/1.6)^0.3, dc the column diameter
 * (m), Jl the superficial (downward) liquid velocity in cm/s. */
double orf__column_dispersion_m2_s(double dc_m, double jl_cm_s);

/* Overall recovery of a column from its collection-zone recovery Rc and froth-zone recovery Rf,
 * the froth's drop-back returning to the collection zone (Finch & Dobby 1990):
 *   R = Rc·Rf / (Rc·Rf + 1 − Rc). */
double orf__column_overall_recovery(double rc, double rf);

/* Carrying capacity, g/(min·cm²) of column area (Espinosa-Gomez, Finch, Yianatos & Dobby 1988,
 * "Flotation column carrying capacity: particle size and density effects", Minerals Engineering
 * 1(1), 77–79): Ca = 0.068·d80·rho_p, d80 of the concentrate in µm, rho_p in g/cm³. */
double orf__column_carrying_capacity(double d80_um, double rho_p_g_cm3);

/* Volumetric capacity of one dense-medium cyclone, m³/h of medium and ore, from Bernoulli's
 * equation on its inlet: Q = Cd·(π/4)(k_in·Dc)²·sqrt(2 g H), H = head_dc·Dc metres of medium
 * (the inlet head of ≥ 9 Dc of Wills & Finch 2016 §11.3; inlet diameter k_in·Dc, 0.2 Dc in the
 * standard DSM geometry). Cd is the inlet's discharge coefficient. */
double orf__dms_cyclone_capacity_m3h(double dc_m, double head_dc, double k_in, double cd);

/* Solids of a medium (ferrosilicon or magnetite in water) per m³ of medium, t/m³:
 * rho_md (medium density) = phi·rho_ms + (1 − phi)·rho_w ⇒ solids = rho_ms·(rho_md − rho_w)/
 * (rho_ms − rho_w). Densities kg/m³ in, t/m³ out; 0 for a medium lighter than water. */
double orf__medium_solids_t_m3(double rho_md, double rho_ms, double rho_w);

#endif
