/* Aluminothermic reduction of chromic oxide to chromium metal (Goldschmidt process).
 *
 *   Cr2O3 + 2 Al -> 2 Cr + Al2O3     ΔH°298 = −535.1 kJ (NASA Glenn data, Gurvich ΔfH of Cr2O3)
 *   3 FeO + 2 Al -> 3 Fe + Al2O3,  Fe2O3 + 2 Al -> 2 Fe + Al2O3   (iron oxides reduced first)
 * Stoichiometry: 0.3550 t Al per t Cr2O3, 0.5189 t Al per t Cr; stoichiometric charge releases
 * 2.60 MJ/kg at 298 K. A yield Y of the Cr2O3 is reduced (limited by the aluminium fed); the
 * aluminium left over dissolves in the metal. Other oxides (CaO flux, MgO, SiO2) go to the slag.
 * Heat balance: the products leave at product_temp_c; the heat surplus H_in − H_out is lost to
 * the surroundings (> 0: the charge is self-sustaining at that temperature; < 0: it needs a heat
 * booster such as CrO3/NaClO3/KNO3 or preheating). The adiabatic temperature solves
 * Σ n_out H(T_ad) = Σ n_in H(T_in) by bisection (H(T) has steps at melting points, where T_ad may
 * sit on a plateau). Lab practice: 98 % Cr recovery with 12 % CrO3 and 1.2 × stoichiometric Al
 * (Orhan & Arslan, SME Annual Meeting 2000); Cr2O3 : Al ≈ 3 : 1 by mass classical charge.
 * That is `model: yield`; `model: equilibrium` (aluminothermic_eq.c) predicts the yield, the Al
 * left in the metal and the slag from a Gibbs-energy minimum over a liquid metal and a liquid slag
 * at the adiabatic temperature (docs/models.md "Aluminothermic reduction").
 */
#include <math.h>
#include <string.h>

#include "alu_impl.h"

#define O_METAL ORF__ALU_METAL
#define O_SLAG ORF__ALU_SLAG
#define NOUT ORF__ALU_NOUT

static const orf_param_def alu_params[] = {
    {"cr_yield_pct", ORF_PARAM_NUMBER, "%", 0, 92, 0, 100,
     "yield model: share of the Cr2O3 fed that is reduced (limited by the aluminium fed)"},
    {"product_temp_c", ORF_PARAM_NUMBER, "°C", 0, 2100, 25, 3500,
     "temperature of metal and slag at tapping (Cr melts at 1857 °C, Al2O3 at 2054 °C); "
     "equilibrium model: when written, the metal/slag split is computed there, else at the "
     "adiabatic temperature"},
    {"model", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "'yield' (default: cr_yield_pct given) or 'equilibrium' (yield, Al in metal and slag from "
     "a Gibbs-energy minimum over liquid metal and slag at the adiabatic temperature)"},
    {"heat_loss_pct", ORF_PARAM_NUMBER, "%", 0, 0, 0, 90,
     "equilibrium model: share of the heat of reaction (at 25 °C) lost to the crucible and "
     "surroundings before the products settle (default 0: adiabatic)"},
};

static const orf_result_def alu_results[] = {
    {"metal_tph", "t/h", "metal produced"},
    {"cr_in_metal_pct", "%", "metal purity (Cr)"},
    {"al_in_metal_pct", "%", "aluminium left in the metal"},
    {"cr_recovery_pct", "%", "Cr in metal / Cr fed (the yield)"},
    {"al_stoich_tph", "t/h", "aluminium for the stoichiometric reduction of the oxides fed"},
    {"al_excess_pct", "%", "aluminium fed above stoichiometric"},
    {"al_kg_per_t_metal", "kg/t", "aluminium fed per t of metal"},
    {"slag_tph", "t/h", "slag"},
    {"slag_al2o3_pct", "%", "Al2O3 in the slag"},
    {"slag_cr2o3_pct", "%", "Cr2O3 in the slag"},
    {"specific_heat_kj_per_kg", "kJ/kg", "heat of reaction at 25 °C per kg of charge"},
    {"adiabatic_temp_c", "°C",
     "temperature the products reach on their own heat (less heat_loss_pct)"},
    {"heat_surplus_kw", "kW",
     "H_in − heat loss − H_out at the products' temperature (> 0: heat left over, e.g. Al2O3 "
     "not all molten on its melting plateau; < 0: heat must be added)"},
    {"self_sustaining", "-",
     "yield model: 1 when the charge reaches product_temp_c on its own heat; equilibrium model: "
     "1 when the specific heat meets the 2300 kJ/kg criterion and the products are molten (0: "
     "add a booster such as CrO3 or NaClO3, preheat or flux the charge)"},
    {"energy_balance_error", "-", "|H_in − loss − surplus − H_out| / Σ|H|"},
    {"heat_loss_kw", "kW", "heat lost (equilibrium model: heat_loss_pct of the heat of reaction)"},
    {"slag_al2o3_activity", "-", "equilibrium model: Al2O3 activity in the slag (pure Al2O3 = 1)"},
    {"slag_liquidus_c", "°C",
     "equilibrium model: corundum liquidus of the slag (regular-solution activity and the "
     "fusion of Al2O3 from its data); null where not defined (no Al2O3 above x 1e-6, or "
     "corundum never saturates the slag)"},
    {"metal_liquidus_c", "°C",
     "equilibrium model: Cr liquidus of the metal (regular-solution activity and the fusion of "
     "Cr from its data); null where not defined (no Cr above x 1e-6)"},
    {"heat_criterion_met", "-",
     "equilibrium model: 1 when the specific heat is ≥ 2300 kJ/kg of charge (Shemtchushny's "
     "rule for thermite processes)"},
    {"products_molten", "-",
     "equilibrium model: 1 when the products' temperature is above both liquidus temperatures "
     "and the liquidus of each phase's major species (Al in a metal without Cr, CaO in a slag "
     "without Al2O3), and no Al2O3 is left unmolten on its melting plateau"},
    {"balance_error", "-", "equilibrium model: largest element imbalance of the solve"},
    {"not_self_sustaining", "warning",
     "the charge is not self-sustaining (see self_sustaining): add a booster such as CrO3 or "
     "NaClO3, preheat or flux it"},
};

static const char *const alu_in[] = {"feed", NULL};
static const char *const alu_out[] = {"metal", "slag", NULL};

static orf_status alu_setup(orf_unit *u, orf_ctx *ctx)
{
    orf__alu_state *s = u->state;
    const orf_node *mn = orf_unit_param_node(u, "model");
    if (mn) {
        if (mn->kind != ORF_NODE_SCALAR || !mn->str ||
            (strcmp(mn->str, "yield") != 0 && strcmp(mn->str, "equilibrium") != 0)) {
            orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                          "model must be 'yield' or 'equilibrium'");
            static const char *const cand[] = {"yield", "equilibrium", NULL};
            if (mn->kind == ORF_NODE_SCALAR && mn->str)
                orf_diag_hint_nearest(ctx, mn->str, cand, 2);
            return ORF_E_INPUT;
        }
        s->equilibrium = strcmp(mn->str, "equilibrium") == 0;
    }
    s->t_given = orf_unit_param_node(u, "product_temp_c") != NULL;
    orf_status st = orf__chem_init(u, ctx, &s->c, NOUT, NULL);
    if (st)
        return st;
    orf__chem *c = &s->c;
    const char *req[] = {"Cr", "Al", "Cr2O3", "Al2O3"};
    int *dst[] = {&s->cr, &s->al, &s->cr2o3, &s->al2o3};
    for (size_t i = 0; i < 4; i++)
        if ((*dst[i] = orf_thermo_index(c->db, req[i])) < 0)
            return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                 "aluminothermic needs species '%s' in thermo.yaml", req[i]);
    s->feo = orf_thermo_index(c->db, "FeO");
    s->fe2o3 = orf_thermo_index(c->db, "Fe2O3");
    s->fe = orf_thermo_index(c->db, "Fe");
    s->route = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!s->route)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t k = 0; k < c->nsp; k++)
        s->route[k] = O_SLAG;
    s->route[s->cr] = s->route[s->al] = O_METAL;
    if (s->fe >= 0)
        s->route[s->fe] = O_METAL;
    orf__chem_reach(c, s->cr);
    orf__chem_reach(c, s->al2o3);
    if (s->fe >= 0 && ((s->feo >= 0 && c->reach[s->feo]) || (s->fe2o3 >= 0 && c->reach[s->fe2o3])))
        orf__chem_reach(c, s->fe);
    /* gases cannot leave this unit: none may enter */
    for (size_t k = 0; k < c->nsp; k++)
        if (c->reach[k] && orf_thermo_species(c->db, k)->phase == ORF_PHASE_GAS)
            c->reach[k] = 0;
    if (s->equilibrium && (st = orf__alu_eq_setup(u, ctx, s)))
        return st;
    return orf__chem_check(u, ctx, c, s->route);
}

static void alu_teardown(orf_unit *u, orf_ctx *ctx)
{
    orf__alu_eq_free(u->state);
    orf__chem_teardown(u, ctx);
}

static double mw(const orf__chem *c, int s)
{
    return orf_thermo_species(c->db, (size_t)s)->molar_mass_g_mol;
}

void orf__alu_results(orf_unit *u, const double *n_in, const double *me, const double *sl)
{
    orf__alu_state *s = u->state;
    orf__chem *c = &s->c;
    double cr_fed = 2.0 * n_in[s->cr2o3] + n_in[s->cr];
    double al_fed = n_in[s->al], charge_t = orf__chem_tph(c, n_in);
    double nfeo = s->feo >= 0 ? n_in[s->feo] : 0, nfe2o3 = s->fe2o3 >= 0 ? n_in[s->fe2o3] : 0;
    double al_stoich = 2.0 * n_in[s->cr2o3] + 2.0 / 3.0 * nfeo + 2.0 * nfe2o3; /* kmol/h */
    double metal = orf__chem_tph(c, me), slag = orf__chem_tph(c, sl);
    double *r = u->r;
    r[ORF__ALU_R_METAL] = metal;
    r[ORF__ALU_R_CR] = metal > 0 ? 100.0 * me[s->cr] * mw(c, s->cr) / 1000.0 / metal : 0;
    r[ORF__ALU_R_AL] = metal > 0 ? 100.0 * me[s->al] * mw(c, s->al) / 1000.0 / metal : 0;
    r[ORF__ALU_R_CRREC] = cr_fed > 0 ? 100.0 * me[s->cr] / cr_fed : 0;
    r[ORF__ALU_R_ALST] = al_stoich * mw(c, s->al) / 1000.0;
    r[ORF__ALU_R_ALEX] = al_stoich > 0 ? 100.0 * (al_fed / al_stoich - 1.0) : (double)NAN;
    /* kmol/h × kg/kmol / (t/h) */
    r[ORF__ALU_R_ALKG] = metal > 0 ? al_fed * mw(c, s->al) / metal : 0;
    r[ORF__ALU_R_SLAG] = slag;
    r[ORF__ALU_R_SAL] = slag > 0 ? 100.0 * sl[s->al2o3] * mw(c, s->al2o3) / 1000.0 / slag : 0;
    r[ORF__ALU_R_SCR] = slag > 0 ? 100.0 * sl[s->cr2o3] * mw(c, s->cr2o3) / 1000.0 / slag : 0;
    double h298_out = orf__chem_h_kw(c, me, 25.0) + orf__chem_h_kw(c, sl, 25.0);
    /* kW / (t/h) = kJ/s per t/h = 3600 kJ/t = 3.6 kJ/kg */
    r[ORF__ALU_R_SPH] =
        charge_t > 0 ? (orf__chem_h_kw(c, n_in, 25.0) - h298_out) / charge_t * 3.6 : 0;
}

static int alu_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    orf__alu_state *s = u->state;
    for (size_t k = ORF__ALU_R_LOSS; k < u->type->nresults; k++)
        u->r[k] = 0.0; /* the equilibrium model's results */
    if (s->equilibrium)
        return orf__alu_eq_compute(u, in, out);
    orf__chem *c = &s->c;
    double h_in = orf__chem_mix(c, in, u->nin);
    double *n = c->n;
    memcpy(c->tmp, n, c->nsp * sizeof(double)); /* the feed, for the results */
    double nfeo = s->feo >= 0 ? n[s->feo] : 0, nfe2o3 = s->fe2o3 >= 0 ? n[s->fe2o3] : 0;
    /* iron oxides first, then Cr2O3 at the yield, all limited by the aluminium */
    if (s->fe >= 0) {
        double x = nfe2o3 < n[s->al] / 2.0 ? nfe2o3 : n[s->al] / 2.0; /* Fe2O3 + 2Al */
        if (x > 0) {
            n[s->fe2o3] -= x;
            n[s->al] -= 2 * x;
            n[s->fe] += 2 * x;
            n[s->al2o3] += x;
        }
        x = nfeo / 3.0 < n[s->al] / 2.0 ? nfeo / 3.0 : n[s->al] / 2.0; /* 3FeO + 2Al */
        if (x > 0) {
            n[s->feo] -= 3 * x;
            n[s->al] -= 2 * x;
            n[s->fe] += 3 * x;
            n[s->al2o3] += x;
        }
    }
    double xi = u->p[ORF__ALU_P_Y] / 100.0 * n[s->cr2o3];
    if (xi > n[s->al] / 2.0)
        xi = n[s->al] / 2.0;
    if (xi < 0)
        xi = 0;
    n[s->cr2o3] -= xi;
    n[s->al] -= 2 * xi;
    n[s->cr] += 2 * xi;
    n[s->al2o3] += xi;
    for (size_t k = 0; k < c->nsp; k++)
        if (n[k] < 0 && n[k] > -1e-12)
            n[k] = 0;

    double *o = c->out;
    memset(o, 0, NOUT * c->nsp * sizeof(double));
    for (size_t k = 0; k < c->nsp; k++)
        o[(size_t)s->route[k] * c->nsp + k] = n[k];
    double tp = u->p[ORF__ALU_P_T];
    int rc = 0;
    double h_out = 0.0;
    for (size_t q = 0; q < NOUT; q++) {
        if (orf__chem_write(c, q, o + q * c->nsp, out[q], tp))
            rc = -1;
        h_out += orf_chem_stream_enthalpy_kw(c->map, out[q]);
    }
    /* adiabatic temperature: bisection on H_products(T) − H_in (monotone, with steps) */
    double lo = 25.0, hi = 5000.0;
    if (orf__chem_h_kw(c, n, lo) >= h_in)
        hi = lo;
    else if (orf__chem_h_kw(c, n, hi) <= h_in)
        lo = hi;
    for (int it = 0; it < 200 && hi - lo > 1e-9; it++) {
        double mid = 0.5 * (lo + hi);
        if (orf__chem_h_kw(c, n, mid) < h_in)
            lo = mid;
        else
            hi = mid;
    }
    orf__alu_results(u, c->tmp, o + O_METAL * c->nsp, o + O_SLAG * c->nsp);
    double *r = u->r;
    r[ORF__ALU_R_TAD] = 0.5 * (lo + hi);
    r[ORF__ALU_R_SURP] = h_in - h_out;
    r[ORF__ALU_R_SELF] = h_in - h_out >= 0 ? 1.0 : 0.0;
    r[ORF__ALU_R_WARN] = 1.0 - r[ORF__ALU_R_SELF];
    double scale = fabs(h_in) + fabs(h_out) + 1e-30;
    r[ORF__ALU_R_EBAL] = fabs(h_in - r[ORF__ALU_R_SURP] - h_out) / scale;
    return rc;
}

const orf_unit_type orf_unit_aluminothermic = {
    .abi = ORF_UNIT_ABI,
    .name = "aluminothermic",
    .family = "furnace",
    .summary = "aluminothermic reduction of Cr2O3 to chromium metal: Al demand and excess, yield "
               "(given, or from equilibrium of liquid metal and slag), purity, slag, heat of "
               "reaction, adiabatic temperature, self-sustaining criterion",
    .citation = "Goldschmidt process; Orhan & Arslan, SME 2000; thermo McBride et al. 2002 "
                "NASA/TP-2002-211556; liquid Al-Cr Dupin, Ansara & Sundman, Calphad 25 (2001) "
                "279; Al-Fe COST 507 (1998); slag Ban-ya, ISIJ Int. 33 (1993) 2",
    .params = alu_params,
    .nparams = sizeof alu_params / sizeof *alu_params,
    .inlets = alu_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = alu_out,
    .noutlets = NOUT,
    .results = alu_results,
    .nresults = sizeof alu_results / sizeof *alu_results,
    .conserves_materials = 0,
    .setup = alu_setup,
    .compute = alu_compute,
    .state_size = sizeof(orf__alu_state),
    .flags = ORF_UNIT_MEMO,   /* a pure function of the inlets and parameters */
    .teardown = alu_teardown, /* the thermo data, species map and equilibrium workspace */
};
