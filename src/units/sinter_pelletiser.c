/* Pelletising and oxidative sintering of chromite fines (the Outotec/Outokumpu steel-belt
 * process; Naiker & Riley, "Xstrata Alloys in profile", SAIMM Southern African Pyrometallurgy
 * 2006; du Preez et al., Minerals 13(6) 809, 2023, process route (ii): closed SAF on oxidative
 * sintered pellets).
 *
 * Mass balance: wet concentrate, binder (bentonite), coke fines and air are mixed; then
 *   moisture and bound water:  H2O(l) -> H2O(g);   carbonates: CaCO3 -> CaO + CO2;
 *   fuel:        C + O2 -> CO2, CH4 + 2 O2 -> CO2 + 2 H2O, H2 + 1/2 O2 -> H2O, CO + 1/2 O2 -> CO2
 *                (all of it: the bed is oxidising);
 *   oxidation:   4 FeO + O2 -> 2 Fe2O3 for the share x_ox of the FeO (FeO of the chromite spinel
 *                partly oxidised to Fe3+ in the oxidative sinter, Kleynhans et al., JSAIMM 117(5)
 *                2017; x_ox is an input);
 *   when the O2 fed is short, fuel and oxidation are scaled down together (o2_short = 1).
 * Products: sintered pellets (every condensed species) at T_p and off-gas at T_g.
 * Energy balance on the formation scale (data/thermo.yaml):
 *   Q_c = H(25 °C, before) − H(25 °C, after) of the burning and oxidation step (heat released);
 *   surplus = H_in − H_out − l·Q_c, with l the share of Q_c lost (belt, hoods, cooling air).
 * surplus is linear in the fuel inlet's rate f (fuel burnt completely, O2 in excess):
 * surplus(f) = a + b f, so the fuel demand that closes the balance is f* = −a/b, found from two
 * evaluations (without and with the fuel fed). A design spec on heat_surplus_kw = 0 gives the same
 * rate through the flowsheet solver.
 */
#include <math.h>
#include <string.h>

#include "charge_prep.h"

enum { O_PEL, O_GAS, NOUT };

typedef struct sinter_state {
    orf__chem c;
    orf__cp_sp sp;
    int fuel;          /* inlet index or -1 */
    double *pel, *gas; /* nsp: outlet species, kmol/h */
} sinter_state;

static const orf_param_def sinter_params[] = {
    {"feo_oxidised_pct", ORF_PARAM_NUMBER, "%", 0, 50, 0, 100,
     "share of the FeO oxidised to Fe2O3 in the oxidative sinter (assumption: 50 %; measure it)"},
    {"pellet_temp_c", ORF_PARAM_NUMBER, "°C", 0, 150, 25, 1500,
     "temperature of the sintered pellets leaving the cooling zone (assumption: 150 °C)"},
    {"gas_temp_c", ORF_PARAM_NUMBER, "°C", 0, 200, 25, 1500,
     "off-gas temperature at the stack (assumption: 200 °C)"},
    {"heat_loss_pct", ORF_PARAM_NUMBER, "%", 0, 15, 0, 90,
     "share of the heat released by combustion lost through the belt, hoods and cooling air "
     "(assumption: 15 %)"},
    {"fuel", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "inlet stream that carries the fuel (coke fines), for the fuel demand"},
};
enum { P_OX, P_TP, P_TG, P_LOSS, P_FUEL };

static const orf_result_def sinter_results[] = {
    {"pellets_tph", "t/h", "sintered pellets"},
    {"fe3_share_pct", "%", "Fe as Fe2O3 / Fe in the pellets"},
    {"water_removed_tph", "t/h", "moisture and bound water driven off"},
    {"combustion_heat_kw", "kW", "heat released by burning the fuel and oxidising FeO (25 °C)"},
    {"heat_kwh_per_t", "kWh/t", "heat released per t of pellets"},
    {"heat_loss_kw", "kW", "heat lost (share of the heat released)"},
    {"heat_surplus_kw", "kW",
     "H_in − H_out − losses: > 0 more fuel than the outlet "
     "temperatures need, < 0 too little"},
    {"fuel_demand_tph", "t/h",
     "fuel inlet rate that closes the heat balance (surplus 0); NaN when none "
     "does (no fuel inlet, or too little air to burn more)"},
    {"fuel_kg_per_t", "kg/t", "fuel inlet per t of pellets (at the rate fed)"},
    {"offgas_nm3_h", "Nm³/h", "off-gas volume (0 °C, 1 atm)"},
    {"offgas_o2_pct", "vol %", "O2 left in the off-gas"},
    {"offgas_co2_pct", "vol %", "CO2 in the off-gas"},
    {"o2_short", "warning", "the air fed could not burn all the fuel"},
    {"energy_balance_error", "-", "|H_in − losses − surplus − H_out(streams)| / Σ|H|"},
};
enum {
    R_PEL,
    R_FE3,
    R_H2O,
    R_QC,
    R_QT,
    R_LOSSR,
    R_SUR,
    R_FD,
    R_FKG,
    R_NM3,
    R_O2,
    R_CO2,
    R_SHORT,
    R_EBAL
};

static const char *const sinter_in[] = {"feed", NULL};
static const char *const sinter_out[] = {"pellets", "gas", NULL};

static orf_status sinter_setup(orf_unit *u, orf_ctx *ctx)
{
    sinter_state *s = u->state;
    orf__chem *c = &s->c;
    orf_status st = orf__chem_init(u, ctx, c, NOUT, NULL);
    if (st || (st = orf__cp_species(u, ctx, c, &s->sp, "sinter_pelletiser")))
        return st;
    s->pel = orf_unit_alloc(u, c->nsp, sizeof(double));
    s->gas = orf_unit_alloc(u, c->nsp, sizeof(double));
    int *route = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!s->pel || !s->gas || !route)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t k = 0; k < c->nsp; k++)
        route[k] = orf_thermo_species(c->db, k)->phase == ORF_PHASE_GAS ? O_GAS : O_PEL;
    const orf__cp_sp *p = &s->sp;
    int prod[] = {p->fe2o3, p->co2, p->h2o, p->o2, p->cao};
    for (size_t i = 0; i < sizeof prod / sizeof *prod; i++)
        orf__chem_reach(c, prod[i]);
    if (p->h2ol >= 0)
        c->reach[p->h2ol] = 0; /* all of it leaves as vapour */
    if ((st = orf__chem_check(u, ctx, c, route)))
        return st;
    return orf__cp_inlet(u, ctx, c, "fuel", &s->fuel);
}

typedef struct sbal {
    double h_in, h_out, q_comb, loss, surplus, water, short_o2;
} sbal;

/* The balance with the fuel inlet's flow scaled by `scale`; leaves the outlet species in s->pel
 * and s->gas. */
static void sinter_balance(sinter_state *s, const double *p, const orf_stream *const *in,
                           size_t nin, double scale, sbal *b)
{
    orf__chem *c = &s->c;
    const orf__cp_sp *sp = &s->sp;
    double *n = c->n;
    memset(n, 0, c->nsp * sizeof(double));
    b->h_in = 0.0;
    for (size_t i = 0; i < nin; i++) {
        double w = (int)i == s->fuel ? scale : 1.0;
        orf_chem_stream_kmolh(c->map, in[i], c->tmp);
        for (size_t k = 0; k < c->nsp; k++)
            n[k] += w * c->tmp[k];
        b->h_in += w * orf_chem_stream_enthalpy_kw(c->map, in[i]);
    }
    b->water =
        sp->h2ol >= 0
            ? n[sp->h2ol] * orf_thermo_species(c->db, (size_t)sp->h2ol)->molar_mass_g_mol / 1000.0
            : 0.0;
    orf__cp_dry_calcine(sp, n);
    double h25 = orf__chem_h_kw(c, n, 25.0);
    double xox = p[P_OX] / 100.0 * n[sp->feo];
    double need = orf__cp_o2_demand(sp, n) + xox / 4.0;
    double phi = need > n[sp->o2] ? n[sp->o2] / need : 1.0;
    b->short_o2 = phi < 1.0;
    orf__cp_burn(sp, n, n, phi);
    n[sp->feo] -= phi * xox;
    n[sp->fe2o3] += phi * xox / 2.0;
    n[sp->o2] -= phi * xox / 4.0;
    if (n[sp->o2] < 0)
        n[sp->o2] = 0.0; /* round-off when short */
    b->q_comb = h25 - orf__chem_h_kw(c, n, 25.0);
    orf__cp_close(c, n, s->pel, s->gas, p[P_TP], p[P_TG], p[P_LOSS], b->h_in, b->q_comb, &b->h_out,
                  &b->loss, &b->surplus);
}

static int sinter_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    sinter_state *s = u->state;
    orf__chem *c = &s->c;
    const double *p = u->p;
    double *r = u->r;
    sbal b0 = {0}, b;
    if (s->fuel >= 0)
        sinter_balance(s, p, in, u->nin, 0.0, &b0);
    sinter_balance(s, p, in, u->nin, 1.0, &b); /* as fed: the outlets */
    double h_out;
    int rc = orf__cp_write(c, s->pel, s->gas, out[O_PEL], out[O_GAS], p[P_TP], p[P_TG], &h_out);
    const orf__cp_sp *sp = &s->sp;
    double pel = orf__chem_tph(c, s->pel);
    double fe_all = s->pel[sp->feo] + 2.0 * s->pel[sp->fe2o3] + s->pel[sp->fe];
    r[R_PEL] = pel;
    r[R_FE3] = fe_all > 0 ? 100.0 * 2.0 * s->pel[sp->fe2o3] / fe_all : 0.0;
    r[R_H2O] = b.water;
    r[R_QC] = b.q_comb;
    r[R_QT] = pel > 0 ? b.q_comb / pel : 0.0;
    r[R_LOSSR] = b.loss;
    r[R_SUR] = b.surplus;
    r[R_FD] = (double)NAN;
    r[R_FKG] = (double)NAN;
    if (s->fuel >= 0) {
        double f = orf_stream_total_tph(in[s->fuel]);
        double slope = b.surplus - b0.surplus; /* d surplus / d scale */
        r[R_FD] = slope > 0 ? f * (-b0.surplus / slope) : (double)NAN;
        r[R_FKG] = pel > 0 ? 1000.0 * f / pel : 0.0;
    }
    r[R_NM3] = orf__cp_nm3(c, s->gas);
    r[R_O2] = orf__cp_vol_pct(c, s->gas, sp->o2);
    r[R_CO2] = orf__cp_vol_pct(c, s->gas, sp->co2);
    r[R_SHORT] = b.short_o2;
    double scale = fabs(b.h_in) + fabs(h_out) + fabs(b.loss) + 1e-30;
    r[R_EBAL] = fabs(b.h_in - b.loss - b.surplus - h_out) / scale;
    return rc;
}

const orf_unit_type orf_unit_sinter_pelletiser = {
    .abi = ORF_UNIT_ABI,
    .name = "sinter_pelletiser",
    .family = "furnace",
    .summary = "pelletising and oxidative steel-belt sintering of chromite fines: wet concentrate "
               "+ bentonite + coke fines + air -> sintered pellets, off-gas; fuel from the "
               "enthalpy balance",
    .citation = "Naiker & Riley 2006 SAIMM Southern African Pyrometallurgy; du Preez et al. 2023 "
                "Minerals 13(6) 809; Kleynhans et al. 2017 JSAIMM 117(5); thermo McBride et al. "
                "2002 NASA/TP-2002-211556, Chase 1998 NIST-JANAF",
    .params = sinter_params,
    .nparams = sizeof sinter_params / sizeof *sinter_params,
    .inlets = sinter_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = sinter_out,
    .noutlets = NOUT,
    .results = sinter_results,
    .nresults = sizeof sinter_results / sizeof *sinter_results,
    .conserves_materials = 0,
    .setup = sinter_setup,
    .compute = sinter_compute,
    .state_size = sizeof(sinter_state),
    .flags = ORF_UNIT_MEMO, /* a pure function of the inlets and parameters */
    .teardown = orf__chem_teardown,
};
