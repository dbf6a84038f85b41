/* oreflow — plant design of a solved flowsheet: the sized equipment list (spiral starts, table
 * decks, jig area, WHIMS machines, hydrocyclones, flotation cells, thickener and filter area, mill
 * dimensions and motor, crusher selection, furnace MVA) and a factored capital estimate from it
 * (cost curves C = C_ref (S/S_ref)^n escalated by the CEPCI, Lang or Hand installation factors, an
 * AACE class). Methods and sources: docs/models.md "Equipment sizing and factored CAPEX".
 *
 * Ownership: an orf_design owns its items and the cost data it read; it borrows the flowsheet's
 * unit names (the flowsheet must outlive it). Options come from the flowsheet's optional `design:`
 * section (docs/format.md); cost data from $ORF_DATA_DIR/design/{cost_curves,cepci}.yaml.
 */
#ifndef OREFLOW_DESIGN_H
#define OREFLOW_DESIGN_H

#include "common.h"
#include "flowsheet.h"
#include "output.h"
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct orf_design orf_design;

typedef struct orf_design_item {
    const char *unit;          /* the flowsheet unit */
    const char *unit_type;     /* its type */
    const char *equipment;     /* "spiral start", "flotation cell", ... (a cost-curve key) */
    double count;              /* machines the design needs at the nominal load (whole number) */
    double installed;          /* machines the flowsheet runs (a separator's `machines`; = count
                                  for equipment without a capacity model) */
    double size;               /* size of one machine, in size_unit (NaN: none) */
    const char *size_unit;     /* "m²", "m³", "MVA", "cm", "kW", ... */
    double capacity;           /* nominal capacity of one machine, in capacity_unit */
    const char *capacity_unit; /* "t/h", "m³/h", ... */
    double load;               /* actual load of one installed machine, in capacity_unit */
    double utilisation_pct;    /* 100 load / capacity */
    double motor_kw;           /* installed motor of one machine (NaN: not sized) */
    const char *method;        /* the sizing rule, in words */
    const char *source;        /* its published source */
    double purchased_usd;      /* count × one machine's cost at the cost year; NaN: no curve */
    double installed_usd;      /* purchased × installation factor; NaN: no curve */
    double install_factor;     /* Lang or Hand factor applied */
    int cost_assumed;          /* 1: the cost curve's values are assumptions (data file says so) */
} orf_design_item;

typedef struct orf_design_capex {
    double purchased_usd;      /* Σ purchased equipment cost, cost-year USD */
    double installed_usd;      /* Σ installed (factored) cost */
    int cost_year;             /* CEPCI year the costs are escalated to */
    double cepci;              /* its index */
    const char *factor_method; /* "lang" or "hand" */
    double lang_factor;
    int aace_class;                             /* 4 or 5 (AACE 18R-97) */
    double accuracy_low_pct, accuracy_high_pct; /* e.g. -50, +100 */
    size_t n_costed, n_uncosted;
} orf_design_capex;

/* Size every unit of a solved flowsheet and cost the list. Reads the `design:` section (located
 * errors for bad options) and the cost data. */
ORF_API orf_status orf_design_compute(orf_ctx *ctx, const orf_flowsheet *fs, orf_design **out);
ORF_API void orf_design_free(orf_design *d);
/* The `design:` options and the cost data alone, before a solve (`oreflow check`). */
ORF_API orf_status orf_design_check(orf_ctx *ctx, const orf_flowsheet *fs);
ORF_API size_t orf_design_count(const orf_design *d);
ORF_API const orf_design_item *orf_design_item_at(const orf_design *d, size_t i);
ORF_API const orf_design_capex *orf_design_capex_get(const orf_design *d);
/* Installed (factored) cost of the named units, USD; NaN when one has no sized, costed item. */
ORF_API double orf_design_units_installed_usd(const orf_design *d, const char *const *units,
                                              size_t n);
/* 1 when units of this type are sized and the shipped cost data hold a curve for them (read
 * from $ORF_DATA_DIR/design/cost_curves.yaml; for a located error when economics asks for the
 * factored cost of a unit that has none). */
ORF_API int orf_design_type_costed(orf_ctx *ctx, const char *unit_type);
/* JSON section "design" (an orf_json_section_fn: ud is the orf_design). */
ORF_API void orf_design_json_section(void *ud, orf_json *j);
/* Short terminal table. */
ORF_API void orf_design_print(const orf_design *d, FILE *fp);

/* The sizing formulas (exported for the tests; units in the names). */
/* Arterburn (1982): d50c = 2.84 Dc^0.66 C1 C2 C3, Dc in cm, µm; C1 = ((53 − V)/53)^−1.43 (V: feed
 * solids vol %), C2 = 3.27 ΔP^−0.28 (kPa), C3 = (1.65/(ρs − ρl))^0.5 (t/m³). Returns Dc, cm. */
ORF_API double orf_design_cyclone_dc_cm(double d50c_um, double solids_vol_pct, double pressure_kpa,
                                        double solids_density_kg_m3);
/* Mular & Jull (1978): slurry capacity of one cyclone Q = 9.4e-3 ΔP^0.5 Dc^2, m³/h. */
ORF_API double orf_design_cyclone_q_m3h(double dc_cm, double pressure_kpa);
/* Rowland (Bond) ball-mill power per tonne of balls, kW/t: 4.879 D^0.3 (3.2 − 3 Vp) fCs
 * (1 − 0.1 / 2^(9 − 10 fCs)), D inside liners, m. */
ORF_API double orf_design_ball_kw_per_t(double d_m, double vp, double fcs);
/* Rowland rod-mill power per tonne of rods, kW/t: 1.752 D^0.33 (6.3 − 5.4 Vp) fCs. */
ORF_API double orf_design_rod_kw_per_t(double d_m, double vp, double fcs);
/* Mill diameter (inside liners) that draws power_kw at length/diameter ld, charge fraction vp,
 * fraction of critical speed fcs, charge bulk density rho_t_m3 (rod: 1, ball: 0). */
ORF_API double orf_design_mill_diameter_m(double power_kw, double ld, double vp, double fcs,
                                          double rho_t_m3, int rod);
/* Coe–Clevenger (1916) unit area, m² per (t/d) of solids: (F − D) / (ρw R), F and D the
 * dilutions (t water per t solids) of the settling layer and the underflow, R its settling rate
 * m/h, ρw = 1 t/m³: A = (F − D)/(24 R). */
ORF_API double orf_design_coe_clevenger_m2_per_tpd(double f_dilution, double d_dilution,
                                                   double rate_m_h);
/* Cost curve C = c_ref (s/s_ref)^n × cepci/cepci_ref. */
ORF_API double orf_design_cost_usd(double c_ref, double s_ref, double n, double s, double cepci_ref,
                                   double cepci);

#ifdef __cplusplus
}
#endif
#endif
