/* Shared steps of the charge-preparation units (charge_prep.h). Stoichiometry only: the
 * enthalpies come from data/thermo.yaml through chem_impl.h. */
#include "charge_prep.h"

#include <string.h>

orf_status orf__cp_species(orf_unit *u, orf_ctx *ctx, const orf__chem *c, orf__cp_sp *sp,
                           const char *type)
{
    const char *req[] = {"C", "CO", "CO2", "O2", "H2O", "FeO", "Fe2O3", "Fe", "Cr", "Cr2O3"};
    int *dst[] = {&sp->c,   &sp->co,    &sp->co2, &sp->o2, &sp->h2o,
                  &sp->feo, &sp->fe2o3, &sp->fe,  &sp->cr, &sp->cr2o3};
    for (size_t i = 0; i < sizeof req / sizeof *req; i++)
        if ((*dst[i] = orf_thermo_index(c->db, req[i])) < 0)
            return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                 "%s needs species '%s' in thermo.yaml", type, req[i]);
    sp->n2 = orf_thermo_index(c->db, "N2");
    sp->h2 = orf_thermo_index(c->db, "H2");
    sp->ch4 = orf_thermo_index(c->db, "CH4");
    sp->h2ol = orf_thermo_index(c->db, "H2O(L)");
    sp->caco3 = orf_thermo_index(c->db, "CaCO3");
    sp->cao = orf_thermo_index(c->db, "CaO");
    return ORF_OK;
}

void orf__cp_dry_calcine(const orf__cp_sp *sp, double *n)
{
    if (sp->h2ol >= 0) {
        n[sp->h2o] += n[sp->h2ol];
        n[sp->h2ol] = 0.0;
    }
    if (sp->caco3 >= 0 && sp->cao >= 0 && n[sp->caco3] > 0) {
        n[sp->cao] += n[sp->caco3];
        n[sp->co2] += n[sp->caco3];
        n[sp->caco3] = 0.0;
    }
}

double orf__cp_o2_demand(const orf__cp_sp *sp, const double *f)
{
    double d = f[sp->c] + 0.5 * f[sp->co];
    if (sp->ch4 >= 0)
        d += 2.0 * f[sp->ch4];
    if (sp->h2 >= 0)
        d += 0.5 * f[sp->h2];
    return d;
}

void orf__cp_burn(const orf__cp_sp *sp, double *n, double *f, double x)
{
    double c = x * f[sp->c], co = x * f[sp->co];
    double ch4 = sp->ch4 >= 0 ? x * f[sp->ch4] : 0.0, h2 = sp->h2 >= 0 ? x * f[sp->h2] : 0.0;
    f[sp->c] -= c;
    f[sp->co] -= co;
    if (sp->ch4 >= 0)
        f[sp->ch4] -= ch4;
    if (sp->h2 >= 0)
        f[sp->h2] -= h2;
    n[sp->co2] += c + co + ch4;
    n[sp->h2o] += 2.0 * ch4 + h2;
    n[sp->o2] -= c + 0.5 * co + 2.0 * ch4 + 0.5 * h2;
}

orf_status orf__cp_inlet(orf_unit *u, orf_ctx *ctx, const orf__chem *c, const char *param, int *idx)
{
    *idx = -1;
    const orf_node *rn = orf_unit_param_node(u, param);
    if (!rn)
        return ORF_OK;
    const char *r;
    if (orf_node_string(ctx, rn, param, &r))
        return ORF_E_INPUT;
    if ((*idx = orf__chem_inlet(c, r)) < 0) {
        orf_status rc = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &rn->loc, u->name,
                                      "%s '%s' is not an inlet of unit '%s'", param, r, u->name);
        orf_diag_hint_nearest(ctx, r, c->in_names, c->nin);
        return rc;
    }
    return ORF_OK;
}

double orf__cp_nm3(const orf__chem *c, const double *g)
{
    double k = 0.0;
    for (size_t s = 0; s < c->nsp; s++)
        k += g[s];
    return k * ORF_NM3_PER_KMOL;
}

double orf__cp_vol_pct(const orf__chem *c, const double *g, int k)
{
    double t = orf__cp_nm3(c, g) / ORF_NM3_PER_KMOL;
    return k >= 0 && t > 0 ? 100.0 * g[k] / t : 0.0;
}

void orf__cp_close(const orf__chem *c, const double *n, double *pel, double *gas, double t_pel_c,
                   double t_gas_c, double loss_pct, double h_in, double q_comb, double *h_out,
                   double *loss, double *surplus)
{
    for (size_t k = 0; k < c->nsp; k++) {
        int g = orf_thermo_species(c->db, k)->phase == ORF_PHASE_GAS;
        pel[k] = g ? 0.0 : n[k];
        gas[k] = g ? n[k] : 0.0;
    }
    *h_out = orf__chem_h_kw(c, pel, t_pel_c) + orf__chem_h_kw(c, gas, t_gas_c);
    *loss = q_comb > 0 ? loss_pct / 100.0 * q_comb : 0.0;
    *surplus = h_in - *h_out - *loss;
}

int orf__cp_write(const orf__chem *c, const double *pel, const double *gas, orf_stream *o_pel,
                  orf_stream *o_gas, double t_pel_c, double t_gas_c, double *h_out)
{
    int rc = 0;
    if (orf__chem_write(c, 0, pel, o_pel, t_pel_c) || orf__chem_write(c, 1, gas, o_gas, t_gas_c))
        rc = -1;
    *h_out =
        orf_chem_stream_enthalpy_kw(c->map, o_pel) + orf_chem_stream_enthalpy_kw(c->map, o_gas);
    return rc;
}
