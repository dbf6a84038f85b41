/* Rotary kiln for the solid-state prereduction of chromite pellets with coal (the SRC process of
 * Showa Denko and its successors CODIR and Premus; Naiker, "The development and advantages of
 * Xstrata's Premus process", INFACON XI, New Delhi 2007; du Preez et al., Minerals 13(6) 809,
 * 2023, process route (iii): closed SAF on prereduced pellets, the lowest specific electricity
 * in operation; Kleynhans et al., JSAIMM 117(5) 2017).
 *
 * Mass balance. Pellets, reductant (coal, char) and air from the inlets other than `fuel` form
 * the bed; the `fuel` inlet (coal, oil or gas fired at the discharge end) burns in the freeboard.
 *   moisture:  H2O(l) -> H2O(g);  carbonates: CaCO3 -> CaO + CO2;
 *   Fe2O3 + C -> 2 FeO + CO                                    (all);
 *   FeO + C -> Fe + CO        until metallic Fe / total Fe = m_Fe;
 *   Cr2O3 + 3 C -> 2 Cr + 3 CO    until metallic Cr / total Cr = m_Cr
 *   (m_Fe, m_Cr are inputs: the kiln's residence time and temperature set them in practice);
 *   carbon short: the Fe2O3, Fe and Cr reductions scale down together (carbon_short = 1);
 *   the bed carbon left is char in the pellets (carried to the furnace as reductant); the fuel's
 *   ash joins the bed before the reductions (so the metallisation counts all the Fe and Cr);
 *   freeboard: the fuel burns completely (C, CO, CH4, H2 to CO2 and H2O) and a share p of the CO,
 *   CH4 and H2 released by the bed burns with the air (post-combustion); O2 short: all burning
 *   scales down together (o2_short = 1).
 * Products: hot prereduced pellets (every condensed species: Cr, Fe, char, the oxides left,
 * ash) at the discharge temperature; off-gas at its exit temperature.
 * Energy balance on the formation scale (data/thermo.yaml):
 *   Q_red = H(25 °C, after) − H(25 °C, before) of the reduction step (heat taken up),
 *   Q_c   = H(25 °C, before) − H(25 °C, after) of the burning step (heat released),
 *   surplus = H_in − H_out − l·Q_c,  l = share of Q_c lost through the shell and seals.
 * surplus is linear in the fuel rate (bed chemistry does not depend on it): the fuel demand that
 * closes the balance is f* = −a/b from surplus(f) = a + b f at f = 0 and at the rate fed; a design
 * spec on heat_surplus_kw = 0 finds the same rate. The metallisation is not made to depend on the
 * temperature (no kinetics): it is what the operator reports.
 */
#include <math.h>
#include <string.h>

#include "charge_prep.h"

enum { O_PEL, O_GAS, NOUT };

typedef struct kiln_state {
    orf__chem c;
    orf__cp_sp sp;
    int fuel;                  /* inlet index or -1 */
    double *f, *g, *pel, *gas; /* nsp: fuel species, combustibles, outlets; kmol/h */
} kiln_state;

static const orf_param_def kiln_params[] = {
    {"fe_metallisation_pct", ORF_PARAM_NUMBER, "%", 0, 85, 0, 100,
     "metallic Fe / total Fe in the pellets discharged (prereduction practice 80–90 %)"},
    {"cr_metallisation_pct", ORF_PARAM_NUMBER, "%", 0, 45, 0, 100,
     "metallic Cr / total Cr in the pellets discharged (prereduction practice 40–60 %)"},
    {"discharge_temp_c", ORF_PARAM_NUMBER, "°C", 0, 800, 25, 1500,
     "temperature of the pellets charged hot to the furnace (practice 600–1000 °C)"},
    {"gas_temp_c", ORF_PARAM_NUMBER, "°C", 0, 800, 25, 1500,
     "off-gas temperature at the feed end (assumption: 800 °C)"},
    {"postcombustion_pct", ORF_PARAM_NUMBER, "%", 0, 100, 0, 100,
     "share of the CO, CH4 and H2 from the bed burnt in the freeboard (assumption: all)"},
    {"heat_loss_pct", ORF_PARAM_NUMBER, "%", 0, 15, 0, 90,
     "share of the heat released by burning lost through the shell and seals (assumption: 15 %)"},
    {"fuel", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "inlet stream burnt as fuel in the freeboard (coal, oil, gas), for the fuel demand; its "
     "carbon does not reduce"},
};
enum { P_MFE, P_MCR, P_TD, P_TG, P_POST, P_LOSS, P_FUEL };

static const orf_result_def kiln_results[] = {
    {"pellets_tph", "t/h", "prereduced pellets discharged"},
    {"fe_metallisation_pct", "%", "metallic Fe / total Fe in the pellets"},
    {"cr_metallisation_pct", "%", "metallic Cr / total Cr in the pellets"},
    {"char_in_pellets_pct", "%", "carbon left in the pellets"},
    {"reduction_carbon_tph", "t/h", "carbon taken by the reductions"},
    {"carbon_short", "warning", "the bed carbon limited the reductions"},
    {"reduction_heat_kw", "kW", "heat taken up by the reductions (25 °C)"},
    {"sensible_heat_kw", "kW", "enthalpy of the pellets above 25 °C (carried to the furnace)"},
    {"combustion_heat_kw", "kW", "heat released by burning (fuel and post-combustion, 25 °C)"},
    {"heat_kwh_per_t", "kWh/t", "heat released per t of pellets"},
    {"heat_loss_kw", "kW", "heat lost (share of the heat released)"},
    {"heat_surplus_kw", "kW", "H_in − H_out − losses: > 0 more fuel than needed, < 0 too little"},
    {"fuel_demand_tph", "t/h",
     "fuel inlet rate that closes the heat balance (surplus 0); NaN when none "
     "does (no fuel inlet, or too little air to burn more)"},
    {"fuel_kg_per_t", "kg/t", "fuel inlet per t of pellets (at the rate fed)"},
    {"offgas_nm3_h", "Nm³/h", "off-gas volume (0 °C, 1 atm)"},
    {"offgas_co_pct", "vol %", "CO in the off-gas"},
    {"offgas_co2_pct", "vol %", "CO2 in the off-gas"},
    {"offgas_o2_pct", "vol %", "O2 in the off-gas"},
    {"o2_short", "warning", "the air fed could not burn the fuel and the post-combustion share"},
    {"energy_balance_error", "-", "|H_in − losses − surplus − H_out(streams)| / Σ|H|"},
};
enum {
    R_PEL,
    R_MFE,
    R_MCR,
    R_CHAR,
    R_CRED,
    R_CSHORT,
    R_QRED,
    R_SENS,
    R_QC,
    R_QT,
    R_LOSSR,
    R_SUR,
    R_FD,
    R_FKG,
    R_NM3,
    R_CO,
    R_CO2,
    R_O2,
    R_OSHORT,
    R_EBAL
};

static const char *const kiln_in[] = {"feed", NULL};
static const char *const kiln_out[] = {"pellets", "gas", NULL};

static orf_status kiln_setup(orf_unit *u, orf_ctx *ctx)
{
    kiln_state *s = u->state;
    orf__chem *c = &s->c;
    orf_status st = orf__chem_init(u, ctx, c, NOUT, NULL);
    if (st || (st = orf__cp_species(u, ctx, c, &s->sp, "prereduction_kiln")))
        return st;
    s->f = orf_unit_alloc(u, c->nsp, sizeof(double));
    s->g = orf_unit_alloc(u, c->nsp, sizeof(double));
    s->pel = orf_unit_alloc(u, c->nsp, sizeof(double));
    s->gas = orf_unit_alloc(u, c->nsp, sizeof(double));
    int *route = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!s->f || !s->g || !s->pel || !s->gas || !route)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t k = 0; k < c->nsp; k++)
        route[k] = orf_thermo_species(c->db, k)->phase == ORF_PHASE_GAS ? O_GAS : O_PEL;
    const orf__cp_sp *p = &s->sp;
    int prod[] = {p->feo, p->fe, p->cr, p->co, p->co2, p->h2o, p->o2, p->cao};
    for (size_t i = 0; i < sizeof prod / sizeof *prod; i++)
        orf__chem_reach(c, prod[i]);
    if (p->h2ol >= 0)
        c->reach[p->h2ol] = 0; /* all of it leaves as vapour */
    if ((st = orf__chem_check(u, ctx, c, route)))
        return st;
    return orf__cp_inlet(u, ctx, c, "fuel", &s->fuel);
}

typedef struct kbal {
    double h_in, h_out, q_red, q_comb, loss, surplus, c_red, short_c, short_o2;
} kbal;

/* The balance with the fuel inlet's flow scaled by `scale`; leaves the outlet species in s->pel
 * and s->gas. */
static void kiln_balance(kiln_state *s, const double *p, const orf_stream *const *in, size_t nin,
                         double scale, kbal *b)
{
    orf__chem *c = &s->c;
    const orf__cp_sp *sp = &s->sp;
    const size_t ns = c->nsp;
    double *n = c->n, *f = s->f, *g = s->g;
    memset(n, 0, ns * sizeof(double));
    memset(f, 0, ns * sizeof(double));
    b->h_in = 0.0;
    for (size_t i = 0; i < nin; i++) {
        int isf = (int)i == s->fuel;
        double w = isf ? scale : 1.0, *dst = isf ? f : n;
        orf_chem_stream_kmolh(c->map, in[i], c->tmp);
        for (size_t k = 0; k < ns; k++)
            dst[k] += w * c->tmp[k];
        b->h_in += w * orf_chem_stream_enthalpy_kw(c->map, in[i]);
    }
    orf__cp_dry_calcine(sp, n);
    orf__cp_dry_calcine(sp, f);
    for (size_t k = 0; k < ns; k++) /* the fuel's ash joins the bed; its carbon burns */
        if ((int)k != sp->c && orf_thermo_species(c->db, k)->phase != ORF_PHASE_GAS) {
            n[k] += f[k];
            f[k] = 0.0;
        }

    /* bed: reductions by the metallisation targets */
    double h25 = orf__chem_h_kw(c, n, 25.0);
    double fe_tot = n[sp->feo] + 2.0 * n[sp->fe2o3] + n[sp->fe];
    double cr_tot = 2.0 * n[sp->cr2o3] + n[sp->cr];
    double xh = n[sp->fe2o3];
    double xfe = fmin(fmax(0.0, p[P_MFE] / 100.0 * fe_tot - n[sp->fe]), n[sp->feo] + 2.0 * xh);
    double xcr = fmin(fmax(0.0, p[P_MCR] / 100.0 * cr_tot - n[sp->cr]), 2.0 * n[sp->cr2o3]);
    double need = xh + xfe + 1.5 * xcr;
    b->short_c = need > n[sp->c];
    if (b->short_c) {
        double phi = n[sp->c] / need;
        xh *= phi;
        xfe *= phi;
        xcr *= phi;
        need = n[sp->c];
    }
    n[sp->fe2o3] -= xh;
    n[sp->feo] += 2.0 * xh - xfe;
    n[sp->fe] += xfe;
    n[sp->cr2o3] -= xcr / 2.0;
    n[sp->cr] += xcr;
    n[sp->c] -= need;
    n[sp->co] += need;
    if (n[sp->c] < 0)
        n[sp->c] = 0.0; /* round-off when short */
    b->c_red = need * orf_thermo_species(c->db, (size_t)sp->c)->molar_mass_g_mol / 1000.0;
    b->q_red = orf__chem_h_kw(c, n, 25.0) - h25;

    /* freeboard: g = what may burn (the fuel's combustibles, a share of the bed's gases) */
    memset(g, 0, ns * sizeof(double));
    const double post = p[P_POST] / 100.0;
    int comb[] = {sp->c, sp->co, sp->ch4, sp->h2};
    for (size_t i = 0; i < sizeof comb / sizeof *comb; i++) {
        int k = comb[i];
        if (k < 0)
            continue;
        g[k] = f[k] + (k == sp->c ? 0.0 : post * n[k]);
        n[k] += f[k] - g[k];
        f[k] = 0.0;
    }
    for (size_t k = 0; k < ns; k++)
        n[k] += f[k]; /* fuel ash, moisture and its air */
    h25 = orf__chem_h_kw(c, n, 25.0) + orf__chem_h_kw(c, g, 25.0);
    double o2_need = orf__cp_o2_demand(sp, g);
    double phi = o2_need > n[sp->o2] ? n[sp->o2] / o2_need : 1.0;
    b->short_o2 = phi < 1.0;
    orf__cp_burn(sp, n, g, phi);
    if (n[sp->o2] < 0)
        n[sp->o2] = 0.0; /* round-off when short */
    for (size_t k = 0; k < ns; k++)
        n[k] += g[k]; /* unburnt */
    b->q_comb = h25 - orf__chem_h_kw(c, n, 25.0);

    orf__cp_close(c, n, s->pel, s->gas, p[P_TD], p[P_TG], p[P_LOSS], b->h_in, b->q_comb, &b->h_out,
                  &b->loss, &b->surplus);
}

static int kiln_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    kiln_state *s = u->state;
    orf__chem *c = &s->c;
    const double *p = u->p;
    double *r = u->r;
    kbal b0 = {0}, b;
    if (s->fuel >= 0)
        kiln_balance(s, p, in, u->nin, 0.0, &b0);
    kiln_balance(s, p, in, u->nin, 1.0, &b); /* as fed: the outlets */
    double h_out;
    int rc = orf__cp_write(c, s->pel, s->gas, out[O_PEL], out[O_GAS], p[P_TD], p[P_TG], &h_out);
    const orf__cp_sp *sp = &s->sp;
    const double *q = s->pel;
    double pel = orf__chem_tph(c, q);
    double fe_all = q[sp->feo] + 2.0 * q[sp->fe2o3] + q[sp->fe];
    double cr_all = 2.0 * q[sp->cr2o3] + q[sp->cr];
    r[R_PEL] = pel;
    r[R_MFE] = fe_all > 0 ? 100.0 * q[sp->fe] / fe_all : 0.0;
    r[R_MCR] = cr_all > 0 ? 100.0 * q[sp->cr] / cr_all : 0.0;
    r[R_CHAR] = pel > 0
                    ? 100.0 * q[sp->c] *
                          orf_thermo_species(c->db, (size_t)sp->c)->molar_mass_g_mol / 1000.0 / pel
                    : 0.0;
    r[R_CRED] = b.c_red;
    r[R_CSHORT] = b.short_c;
    r[R_QRED] = b.q_red;
    r[R_SENS] = orf__chem_h_kw(c, q, p[P_TD]) - orf__chem_h_kw(c, q, 25.0);
    r[R_QC] = b.q_comb;
    r[R_QT] = pel > 0 ? b.q_comb / pel : 0.0;
    r[R_LOSSR] = b.loss;
    r[R_SUR] = b.surplus;
    r[R_FD] = (double)NAN;
    r[R_FKG] = (double)NAN;
    if (s->fuel >= 0) {
        double fr = orf_stream_total_tph(in[s->fuel]);
        double slope = b.surplus - b0.surplus;
        r[R_FD] = slope > 0 ? fr * (-b0.surplus / slope) : (double)NAN;
        r[R_FKG] = pel > 0 ? 1000.0 * fr / pel : 0.0;
    }
    r[R_NM3] = orf__cp_nm3(c, s->gas);
    r[R_CO] = orf__cp_vol_pct(c, s->gas, sp->co);
    r[R_CO2] = orf__cp_vol_pct(c, s->gas, sp->co2);
    r[R_O2] = orf__cp_vol_pct(c, s->gas, sp->o2);
    r[R_OSHORT] = b.short_o2;
    double scale = fabs(b.h_in) + fabs(h_out) + fabs(b.loss) + 1e-30;
    r[R_EBAL] = fabs(b.h_in - b.loss - b.surplus - h_out) / scale;
    return rc; /* carbon or oxygen shortage are results (specs bracket through them) */
}

const orf_unit_type orf_unit_prereduction_kiln = {
    .abi = ORF_UNIT_ABI,
    .name = "prereduction_kiln",
    .family = "furnace",
    .summary = "rotary kiln prereducing chromite pellets with coal (SRC/CODIR/Premus): pellets + "
               "reductant + fuel + air -> hot metallised pellets, off-gas; fuel from the enthalpy "
               "balance",
    .citation = "Naiker 2007 INFACON XI (Premus); du Preez et al. 2023 Minerals 13(6) 809; "
                "Kleynhans et al. 2017 JSAIMM 117(5); thermo McBride et al. 2002 "
                "NASA/TP-2002-211556, Chase 1998 NIST-JANAF",
    .params = kiln_params,
    .nparams = sizeof kiln_params / sizeof *kiln_params,
    .inlets = kiln_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = kiln_out,
    .noutlets = NOUT,
    .results = kiln_results,
    .nresults = sizeof kiln_results / sizeof *kiln_results,
    .conserves_materials = 0,
    .setup = kiln_setup,
    .compute = kiln_compute,
    .state_size = sizeof(kiln_state),
    .flags = ORF_UNIT_MEMO, /* a pure function of the inlets and parameters */
    .teardown = orf__chem_teardown,
};
