/* Private helpers of the charge-preparation units (sinter_pelletiser, prereduction_kiln): the
 * species they need, drying and calcining, combustion with the oxygen at hand, and the fuel rate
 * that closes an enthalpy balance linear in the fuel feed. */
#ifndef ORF_CHARGE_PREP_H
#define ORF_CHARGE_PREP_H

#include "chem_impl.h"

/* Species indices (-1 where thermo.yaml lacks an optional one). */
typedef struct orf__cp_sp {
    int c, co, co2, o2, n2, h2, ch4, h2o, h2ol, feo, fe2o3, fe, cr, cr2o3, caco3, cao;
} orf__cp_sp;

/* Look up the species; C, CO, CO2, O2, H2O, FeO, Fe2O3, Fe, Cr, Cr2O3 are required (a located
 * error names the unit type). */
orf_status orf__cp_species(orf_unit *u, orf_ctx *ctx, const orf__chem *c, orf__cp_sp *sp,
                           const char *type);
/* H2O(L) -> H2O(g); CaCO3 -> CaO + CO2. */
void orf__cp_dry_calcine(const orf__cp_sp *sp, double *n);
/* O2 (kmol/h) to burn the combustibles of f completely: C + O2 -> CO2, CO + 1/2 O2 -> CO2,
 * CH4 + 2 O2 -> CO2 + 2 H2O, H2 + 1/2 O2 -> H2O. */
double orf__cp_o2_demand(const orf__cp_sp *sp, const double *f);
/* Burn the share x (0..1) of each combustible of f: f loses them, n gains the CO2 and H2O and
 * loses the O2 (n and f may be the same array). */
void orf__cp_burn(const orf__cp_sp *sp, double *n, double *f, double x);
/* Named inlet (string parameter `param`) or -1 when the parameter is absent; a located error
 * when it names no inlet. */
orf_status orf__cp_inlet(orf_unit *u, orf_ctx *ctx, const orf__chem *c, const char *param,
                         int *idx);
/* The end of a balance: species flows n split into the condensed ones (pel) and the gas (gas),
 * their enthalpy at t_pel_c and t_gas_c into *h_out, the loss (loss_pct % of the combustion heat
 * q_comb when it is positive) and the surplus h_in − h_out − loss. */
void orf__cp_close(const orf__chem *c, const double *n, double *pel, double *gas, double t_pel_c,
                   double t_gas_c, double loss_pct, double h_in, double q_comb, double *h_out,
                   double *loss, double *surplus);
/* Write pellets and gas into outlets o_pel and o_gas at their temperatures; their enthalpy from
 * the streams into *h_out. 0, or -1 when a species has no carrier. */
int orf__cp_write(const orf__chem *c, const double *pel, const double *gas, orf_stream *o_pel,
                  orf_stream *o_gas, double t_pel_c, double t_gas_c, double *h_out);
/* Nm³/h and the volume % of species k in the gas species flows g. */
double orf__cp_nm3(const orf__chem *c, const double *g);
double orf__cp_vol_pct(const orf__chem *c, const double *g, int k);

#endif
