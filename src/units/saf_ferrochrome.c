/* Submerged-arc furnace (SAF) smelting chromite to high-carbon ferrochrome.
 *
 * Mass balance (carbothermic reduction, recoveries as inputs; the practice described by
 * Riekkola-Vanhanen, "Finnish expert report on best available techniques in ferrochromium
 * production", Finnish Environment Institute 1999, and Gasik (ed.), "Handbook of Ferroalloys",
 * Elsevier 2013, ch. 8):
 *   dust:       a fraction d of every condensed species of the charge leaves as dust;
 *   moisture:   H2O(l) -> H2O(g);   carbonates: CaCO3 -> CaO + CO2;
 *   Fe2O3 + C -> 2 FeO + CO                                     (all)
 *   FeO + C -> Fe + CO                                          (R_Fe of the iron)
 *   Cr2O3 + 3 C -> 2 Cr + 3 CO                                  (R_Cr of the chromium)
 *   SiO2 + 2 C -> Si + 2 CO        so that Si is s of the alloy: m_Si = s (A + C')/(1 − s + s k),
 *       A = m_Cr + m_Fe, C' = carbon left after Fe and Cr reduction (t/h), k = 2 M_C / M_Si;
 *   the carbon left dissolves in the alloy (its C content is an outcome of the reductant rate;
 *   a design spec on the alloy's C assay sets the reductant feed). When carbon is short, the Fe,
 *   Cr and Si reductions are scaled down together until no carbon is left.
 *   O2 entering with air (semi-closed furnace) burns CO to CO2; N2 passes to the off-gas.
 * Products: alloy (Cr, Fe, Si, C), slag (all other condensed species), off-gas, dust.
 * Energy balance on the formation scale (data/thermo.yaml; NASA Glenn, NIST-JANAF):
 *   ΔH = Σ_out n H(T_out) − Σ_in n H(T_in);  electric power P = ΔH / (η_el (1 − l)),
 *   with η_el the electrical efficiency (transformer, bus bars) and l the share of the delivered
 *   energy lost as heat (shell, cooling water, roof). Specific energy = P / alloy t/h.
 * Plant figures: 3.1–4.2 MWh/t for conventional to pelletised/pre-heated practice (du Preez et
 * al., Minerals 13(6) 809, 2023 review; Barcza, SAIMM Chrome Colloquium 2017: DC furnaces
 * 3.4–3.6 MWh/t); HC FeCr 60–70 % Cr, 4–6 % C.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "oreflow/slag.h"
#include "saf_electric.h"
#include "saf_impl.h"

static const orf_param_def saf_params[] = {
    {"cr_recovery_pct", ORF_PARAM_NUMBER, "%", 0, 85, 0, 100,
     "share of the Cr fed that reports to the alloy, after dust and slag losses (SAF 80–90 %, "
     "pelletised/DC ≥ 90 %)"},
    {"fe_recovery_pct", ORF_PARAM_NUMBER, "%", 0, 95, 0, 100,
     "share of the Fe fed that reports to the alloy, after dust and slag losses"},
    {"si_in_alloy_pct", ORF_PARAM_NUMBER, "%", 0, 1.5, 0, 20, "silicon in the alloy"},
    {"c_in_alloy_pct", ORF_PARAM_NUMBER, "%", 0, 5.5, 0, 12,
     "target carbon in the alloy, for the reductant demand (HC FeCr 4–6 %)"},
    {"alloy_temp_c", ORF_PARAM_NUMBER, "°C", 0, 1650, 1200, 2200, "alloy tapping temperature"},
    {"slag_temp_c", ORF_PARAM_NUMBER, "°C", 0, 1700, 1200, 2200, "slag tapping temperature"},
    {"gas_temp_c", ORF_PARAM_NUMBER, "°C", 0, 600, 25, 1500,
     "off-gas (and dust) temperature at the furnace exit"},
    {"dust_pct", ORF_PARAM_NUMBER, "%", 0, 2, 0, 30,
     "share of each condensed charge component carried out as dust"},
    {"heat_loss_pct", ORF_PARAM_NUMBER, "%", 0, 12, 0, 80,
     "share of the energy delivered to the furnace lost as heat (shell, cooling, roof)"},
    {"electrical_efficiency_pct", ORF_PARAM_NUMBER, "%", 0, 95, 50, 100,
     "transformer, bus-bar and electrode losses"},
    {"electrode_kg_per_t", ORF_PARAM_NUMBER, "kg/t", 0, 0, 0, 100,
     "Söderberg electrode paste per t of alloy (reported; supply its carbon as a feed)"},
    {"reductant", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "inlet stream that carries the reductant (coke), for reductant demand and t/t"},
    {"model", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "'recovery' (default: Cr and Fe recoveries and Si given) or 'equilibrium' (predicted: Gibbs "
     "equilibrium of slag, alloy and gas at the slag temperature, plus undissolved chromite and "
     "alloy prills entrained in the slag)"},
    {"chromite_grain_mm", ORF_PARAM_NUMBER, "mm", 0, 1.0, 0.01, 20,
     "equilibrium model: mass median size of the chromite grains that dissolve in the slag "
     "(assumption: 1 mm; lumpy ore, briquettes and sinter release 0.3–3 mm grains)"},
    {"slag_residence_h", ORF_PARAM_NUMBER, "h", 0, 2, 0.05, 24,
     "equilibrium model: time the chromite spends in the slag before tapping (assumption: "
     "tap-to-tap 2 h)"},
    {"cr2o3_solubility_pct", ORF_PARAM_NUMBER, "%", 0, 8, 0.5, 40,
     "equilibrium model: Cr2O3 of slag saturated with chromite at the slag temperature, the "
     "driving force of dissolution (assumption within the 3–12 % of SAF slags)"},
    {"slag_depth_m", ORF_PARAM_NUMBER, "m", 0, 1.0, 0.05, 5,
     "equilibrium model: depth of the slag layer the alloy droplets settle through "
     "(assumption)"},
    {"settling_time_min", ORF_PARAM_NUMBER, "min", 0, 30, 0.5, 600,
     "equilibrium model: time the slag rests before tapping, for droplet settling (assumption)"},
    {"droplet_d50_mm", ORF_PARAM_NUMBER, "mm", 0, 1.0, 0.01, 20,
     "equilibrium model: mass median size of the alloy droplets in the slag (assumption)"},
    {"droplet_sigma", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.1, 3,
     "equilibrium model: geometric spread (σ of ln d) of the droplet sizes (assumption)"},
    {"alloy_density_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 6900, 5000, 8000,
     "equilibrium model: density of the liquid alloy (HC FeCr ≈ 6.9 t/m³; assumption)"},
    {"grain_sigma", ORF_PARAM_NUMBER, "-", 0, 0.8, 0.0, 3,
     "equilibrium model: spread (σ of ln d) of the chromite grain sizes (assumption)"},
    {"furnaces", ORF_PARAM_NUMBER, "-", 0, 1, 1, 100,
     "furnaces sharing the duty, for the electrical figures of one furnace"},
    {"westly_c3", ORF_PARAM_NUMBER, "kA/MW^(2/3)", 0, 0, 0, 30,
     "Westly's C3 of I = C3·P^(2/3); 0: 9.1, an assumption for charge chrome (Magnussen's "
     "published FeSi/Si furnaces: 9.6–10.1)"},
    {"power_factor", ORF_PARAM_NUMBER, "-", 0, 0.8, 0.3, 1,
     "operating power factor of a furnace (assumption: 0.8, large FeCr SAFs 0.7–0.85)"},
    {"min_slag_superheat_k", ORF_PARAM_NUMBER, "K", 0, 0, -500, 500,
     "slag superheat over its liquidus below which slag_below_liquidus warns (default 0: the "
     "slag fully liquid at the slag temperature; the liquidus model is ±100 K)"},
    {"max_alloy_c_pct", ORF_PARAM_NUMBER, "%", 0, 9.0, 1, 30,
     "carbon above which alloy_c_above_saturation warns (assumption: HC FeCr melts saturate near "
     "8–9 % C, Gasik 2013 ch. 8; the equilibrium model's melt has no carbon saturation of its "
     "own)"},
    {"max_slag_viscosity_pa_s", ORF_PARAM_NUMBER, "Pa·s", 0, 1.0, 0.01, 100,
     "slag viscosity above which slag_too_viscous warns (assumption: 1 Pa·s, a free-running "
     "tap hole takes slag of 0.1–1 Pa·s)"},
};

static const orf_result_def saf_results[] = {
    {"alloy_tph", "t/h", "alloy tapped"},
    {"cr_in_alloy_pct", "%", "Cr in the alloy"},
    {"fe_in_alloy_pct", "%", "Fe in the alloy"},
    {"si_in_alloy_pct", "%", "Si in the alloy"},
    {"c_in_alloy_pct", "%", "C in the alloy (outcome of the reductant rate)"},
    {"cr_recovery_pct", "%", "Cr in alloy / Cr fed"},
    {"slag_tph", "t/h", "slag tapped"},
    {"slag_per_t_alloy", "t/t", "slag to alloy ratio"},
    {"slag_mgo_al2o3", "-", "MgO/Al2O3 mass ratio of the slag"},
    {"slag_basicity", "-", "(CaO + MgO)/SiO2 mass ratio of the slag"},
    {"slag_cr2o3_pct", "%", "Cr2O3 in the slag"},
    {"offgas_nm3_h", "Nm³/h", "off-gas volume (0 °C, 1 atm)"},
    {"offgas_nm3_per_t", "Nm³/t", "off-gas per t of alloy"},
    {"offgas_co_pct", "vol %", "CO in the off-gas"},
    {"offgas_co2_pct", "vol %", "CO2 in the off-gas"},
    {"offgas_n2_pct", "vol %", "N2 in the off-gas"},
    {"dust_tph", "t/h", "dust"},
    {"carbon_kg_per_t", "kg/t", "carbon fed per t of alloy"},
    {"reductant_t_per_t", "t/t", "reductant stream per t of alloy"},
    {"reductant_demand_tph", "t/h", "reductant rate that gives c_in_alloy_pct at these recoveries"},
    {"carbon_short", "warning", "carbon limited the reductions"},
    {"electrode_paste_tph", "t/h", "electrode paste consumed"},
    {"power_kw", "kW", "electric power drawn"},
    {"specific_energy_kwh_per_t", "kWh/t", "electric energy per t of alloy"},
    {"heat_loss_kw", "kW", "heat lost (shell, cooling, roof)"},
    {"reaction_enthalpy_kw", "kW", "H_out − H_in: heat taken up by the charge"},
    {"energy_balance_error", "-", "|H_in + P − losses − H_out| / Σ|H|"},
    {"undissolved_chromite_pct", "%",
     "NaN in the recovery model; chromite left undissolved in the slag"},
    {"slag_prills_pct", "%", "NaN in the recovery model; alloy prills in the tapped slag"},
    {"cr_loss_dust_pct", "%", "Cr fed lost in the dust"},
    {"cr_loss_undissolved_pct", "%",
     "NaN in the recovery model; Cr fed lost as undissolved chromite"},
    {"cr_loss_dissolved_pct", "%",
     "NaN in the recovery model; Cr fed lost as oxide dissolved in the slag"},
    {"cr_loss_prills_pct", "%",
     "NaN in the recovery model; Cr fed lost as alloy prills in the slag"},
    {"slag_viscosity_pa_s", "Pa·s", "liquid slag at the slag temperature (Urbain)"},
    {"slag_density_kg_m3", "kg/m³", "liquid slag at the slag temperature"},
    {"droplet_cut_mm", "mm",
     "NaN in the recovery model; droplets smaller than this stay in the slag"},
    {"cr_diffusivity_m2_s", "m²/s", "NaN in the recovery model; of Cr in the slag (Eyring)"},
    {"graphite_stable", "-",
     "NaN in the recovery model; 1 when graphite is stable (coke in excess "
     "of the reductions and the alloy's carbon solubility), else 0"},
    {"alloy_carbon_activity", "-", "NaN in the recovery model; a_C of the alloy (graphite = 1)"},
    {"excess_carbon_tph", "t/h", "NaN in the recovery model; carbon left as coke (bed growth)"},
    {"slag_sio2_activity", "-", "NaN in the recovery model; a_SiO2 of the slag"},
    {"equilibrium_iterations", "-", "NaN in the recovery model; Newton iterations"},
    {"furnace_mw", "MW", "active power of one furnace (power_kw / furnaces)"},
    {"electrode_current_ka", "kA", "current per electrode, Westly I = C3·P^(2/3)"},
    {"furnace_mva", "MVA", "apparent power of one furnace, P / power factor"},
    {"furnace_resistance_mohm", "mΩ", "load resistance per phase, P / (3 I²)"},
    {"secondary_voltage_v", "V", "secondary line-to-line voltage, √3·I·|Z|"},
    {"slag_too_viscous", "warning",
     "the slag (with its solids) is more viscous than max_slag_viscosity_pa_s at the slag "
     "temperature (hard to tap, holds alloy prills)"},
    {"slag_liquidus_c", "°C",
     "liquidus of the liquid slag (Gibbs engine, oxide_melt model, ±100 K; primary phase in "
     "the JSON); NaN outside its 1200–2800 K bracket"},
    {"slag_superheat_k", "K", "slag temperature − liquidus (NaN without a liquidus)"},
    {"slag_below_liquidus", "warning",
     "the slag's superheat over its liquidus is below min_slag_superheat_k: solids in the slag "
     "(a stiff, sticky slag; flux it, e.g. quartzite for an MgO-rich slag, or run hotter)"},
    {"melting_heat_kw", "kW",
     "heat of melting of the liquid slag (oxide_melt liquid references and excess enthalpy) and "
     "of the alloy's Cr, Fe, Si, part of H_out: the streams carry standard-state enthalpies"},
    {"slag_solids_pct", "%",
     "slag solid at the slag temperature: the liquidus's primary phase by the lever rule (0 "
     "above the liquidus)"},
    {"slag_effective_viscosity_pa_s", "Pa·s",
     "of the slag with its solids, Roscoe (1952): η (1 − f/0.74)^−2.5; the prills settle in it"},
    {"alloy_c_above_saturation", "warning",
     "the alloy holds more carbon than max_alloy_c_pct: past the saturation of real HC FeCr "
     "melts (the regular-solution melt dissolves any excess coke): lower the coke rate"},
};

static const char *const saf_in[] = {"feed", NULL};
static const char *const saf_out[] = {"alloy", "slag", "gas", "dust", NULL};

static orf_status need(orf_ctx *ctx, orf_unit *u, const orf__chem *c, const char *name, int *idx)
{
    *idx = orf_thermo_index(c->db, name);
    if (*idx < 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "saf_ferrochrome needs species '%s' in thermo.yaml", name);
    return ORF_OK;
}

static orf_status saf_setup(orf_unit *u, orf_ctx *ctx)
{
    saf_state *s = u->state;
    orf_status st = orf__chem_init(u, ctx, &s->c, NOUT, NULL);
    if (st)
        return st;
    orf__chem *c = &s->c;
    const char *req[] = {"Cr", "Fe", "Si", "C", "Cr2O3", "FeO", "SiO2", "CO", "CO2", "H2O"};
    int *dst[] = {&s->cr,  &s->fe,   &s->si, &s->c_,  &s->cr2o3,
                  &s->feo, &s->sio2, &s->co, &s->co2, &s->h2o};
    for (size_t i = 0; i < sizeof req / sizeof *req; i++)
        if ((st = need(ctx, u, c, req[i], dst[i])))
            return st;
    s->fe2o3 = orf_thermo_index(c->db, "Fe2O3");
    s->o2 = orf_thermo_index(c->db, "O2");
    s->h2ol = orf_thermo_index(c->db, "H2O(L)");
    s->caco3 = orf_thermo_index(c->db, "CaCO3");
    s->cao = orf_thermo_index(c->db, "CaO");
    s->mgo = orf_thermo_index(c->db, "MgO");
    s->al2o3 = orf_thermo_index(c->db, "Al2O3");
    s->n2 = orf_thermo_index(c->db, "N2");
    s->route = orf_unit_alloc(u, c->nsp, sizeof(int));
    s->dust = orf_unit_alloc(u, c->nsp, sizeof(double));
    s->oxide = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!s->route || !s->dust || !s->oxide)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(c->db, k);
        s->oxide[k] = sp->phase == ORF_PHASE_GAS ? -1 : orf_slag_oxide_index(sp->formula);
    }
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(c->db, k);
        s->route[k] = sp->phase == ORF_PHASE_GAS ? O_GAS : O_SLAG;
    }
    s->route[s->cr] = s->route[s->fe] = s->route[s->si] = s->route[s->c_] = O_ALLOY;
    int prod[] = {s->cr, s->fe, s->si, s->c_, s->feo, s->co, s->co2, s->h2o, s->cao};
    for (size_t i = 0; i < sizeof prod / sizeof *prod; i++)
        orf__chem_reach(c, prod[i]);
    /* slag/gas/alloy carriers by route; dust carries every condensed species it may hold */
    if ((st = orf__chem_check(u, ctx, c, s->route)))
        return st;
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(c->db, k);
        if (c->reach[k] && sp->phase != ORF_PHASE_GAS && (int)k != s->h2ol &&
            c->carrier[O_DUST * c->nsp + k] < 0)
            return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                 "dust may hold species '%s' but no material carries it", sp->name);
    }
    s->reductant = -1;
    const orf_node *rn = orf_unit_param_node(u, "reductant");
    if (rn) {
        const char *r;
        if (orf_node_string(ctx, rn, "reductant", &r))
            return ORF_E_INPUT;
        if ((s->reductant = orf__chem_inlet(c, r)) < 0) {
            orf_status rc =
                orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &rn->loc, u->name,
                              "reductant '%s' is not an inlet of unit '%s'", r, u->name);
            orf_diag_hint_nearest(ctx, r, c->in_names, c->nin);
            return rc;
        }
    }
    s->model = SAF_RECOVERY;
    const orf_node *mn = orf_unit_param_node(u, "model");
    if (mn) {
        const char *m;
        if (orf_node_string(ctx, mn, "model", &m))
            return ORF_E_INPUT;
        if (!strcmp(m, "equilibrium"))
            s->model = SAF_EQUILIBRIUM;
        else if (strcmp(m, "recovery"))
            return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                                 "model must be 'recovery' or 'equilibrium', found '%s'", m);
    }
    if ((st = orf_slag_liq_alloc(ctx, c->db, &s->liq)))
        return st;
    return s->model == SAF_EQUILIBRIUM ? orf__saf_eq_setup(u, ctx) : ORF_OK;
}

/* Heat to melt the metals of species flows n (kmol/h) at t_k, kW: for Cr, Fe and Si below their
 * melting points, H of the liquid record (the species' last range, constant Cp, extrapolated
 * down) less H of the solid; above them the data are the liquid already. Heat of solution of
 * the carbon and of mixing left out (an assumption: small beside the fusion of Cr). */
static double metal_melting_kw(const saf_state *s, const double *n, double t_k)
{
    const orf__chem *c = &s->c;
    const int metals[] = {s->cr, s->fe, s->si};
    double kw = 0.0;
    for (size_t i = 0; i < sizeof metals / sizeof *metals; i++) {
        int k = metals[i];
        if (k < 0 || !(n[k] > 0))
            continue;
        const orf_species *sp = orf_thermo_species(c->db, (size_t)k);
        const orf_thermo_range *liq = &sp->r[sp->nr - 1];
        if (sp->nr < 2 || t_k >= liq->tmin_k)
            continue;
        kw += n[k] * (orf_thermo_range_h(liq, t_k) - orf_species_h_j_mol(sp, t_k)) / 3600.0;
    }
    return kw; /* kmol/h × J/mol = kJ/h */
}

double orf__saf_roscoe(double f_solid)
{
    double x = f_solid / ROSCOE_PACKING;
    return x < 0.95 ? pow(1.0 - x, -2.5) : pow(0.05, -2.5); /* capped near packing */
}

double orf__saf_liquidus(orf_unit *u, const double mass[ORF_SLAG_NOX])
{
    saf_state *s = u->state;
    double *r = u->r, t_k = (double)NAN, f = 0.0, t_slag = u->p[P_TS] + 273.15;
    s->liq_phase = NULL;
    if (!s->liq || orf_slag_liq_eval(s->liq, mass, &t_k, &s->liq_phase) != ORF_OK)
        t_k = (double)NAN; /* no slag, or outside the bracket (said by the NaN) */
    if (isfinite(t_k) && t_k > t_slag && orf_slag_liq_solid_fraction(s->liq, mass, t_slag, &f))
        f = (double)NAN;
    r[R_TLIQ] = t_k - 273.15;
    r[R_SUPERHEAT] = t_slag - t_k;
    r[R_LIQW] = isfinite(t_k) && r[R_SUPERHEAT] < u->p[P_MINSH] - 1e-6; /* 1e-6 K: a spec's noise */
    r[R_SOLIDS] = 100.0 * f;
    return isfinite(f) ? f : 0.0;
}

static double mw(const orf__chem *c, int s)
{
    return orf_thermo_species(c->db, (size_t)s)->molar_mass_g_mol;
}

static int saf_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    saf_state *s = u->state;
    if (s->model == SAF_EQUILIBRIUM)
        return orf__saf_eq_compute(u, in, out);
    orf__chem *c = &s->c;
    const double *p = u->p;
    double h_in_kw = orf__chem_mix(c, in, u->nin);
    for (size_t k = R_UNDIS; k < NRES_SAF; k++)
        u->r[k] = (double)NAN; /* the equilibrium model's */
    double *n = c->n;
    double cr_fed_t = orf__chem_element_tph(c, n, "Cr");
    double c_fed_kmol = n[s->c_];
    double d = p[P_DUST] / 100.0;
    for (size_t k = 0; k < c->nsp; k++) {
        const orf_species *sp = orf_thermo_species(c->db, k);
        s->dust[k] = (sp->phase != ORF_PHASE_GAS && (int)k != s->h2ol) ? d * n[k] : 0.0;
        n[k] -= s->dust[k];
    }
    if (s->h2ol >= 0) {
        n[s->h2o] += n[s->h2ol];
        n[s->h2ol] = 0.0;
    }
    if (s->caco3 >= 0 && s->cao >= 0 && n[s->caco3] > 0) {
        n[s->cao] += n[s->caco3];
        n[s->co2] += n[s->caco3];
        n[s->caco3] = 0.0;
    }
    /* The recoveries are shares of the Cr and Fe fed (docs/models.md), dust included among the
     * losses: dust took d of every condensed species, so the reductions take R/(1 − d) of what
     * is left (all of it when R > 1 − d: then the recovery cannot be met and is 1 − d). */
    const double keep = 1.0 - d;
    const double rfe = keep > 0 ? fmin(1.0, p[P_FER] / 100.0 / keep) : 0.0;
    const double rcr = keep > 0 ? fmin(1.0, p[P_CRR] / 100.0 / keep) : 0.0;
    const double m_c = mw(c, s->c_), m_cr = mw(c, s->cr), m_fe = mw(c, s->fe), m_si = mw(c, s->si);
    const double sf = p[P_SI] / 100.0, k = 2.0 * m_c / m_si, ct = p[P_C] / 100.0;
    double need_t; /* carbon (t/h, in the charge) for the target alloy at the set recoveries */
    {
        double pre = s->fe2o3 >= 0 ? n[s->fe2o3] : 0.0;
        double xfe_t = rfe * (n[s->feo] + 2.0 * pre);
        double xcr_t = rcr * 2.0 * n[s->cr2o3];
        double mtot = (xcr_t * m_cr + xfe_t * m_fe) / 1000.0 / (1.0 - sf - ct);
        need_t = (pre + xfe_t + 1.5 * xcr_t) * m_c / 1000.0 + (k * sf + ct) * mtot;
    }
    if (s->fe2o3 >= 0 && n[s->fe2o3] > 0) { /* Fe2O3 + C -> 2 FeO + CO */
        double x = n[s->fe2o3] < n[s->c_] ? n[s->fe2o3] : n[s->c_];
        n[s->fe2o3] -= x;
        n[s->feo] += 2 * x;
        n[s->c_] -= x;
        n[s->co] += x;
    }
    double c0 = n[s->c_];                          /* kmol/h */
    double xfe = rfe * n[s->feo];                  /* kmol/h Fe */
    double xcr = rcr * 2.0 * n[s->cr2o3];          /* kmol/h Cr */
    double A = (xcr * m_cr + xfe * m_fe) / 1000.0; /* t/h */
    double cred = xfe + 1.5 * xcr;                 /* kmol/h C */
    double cp_t = (c0 - cred) * m_c / 1000.0;      /* t/h C left after Fe, Cr */
    double msi = sf * (A + cp_t) / (1.0 - sf + sf * k);
    int short_c = 0;
    if (cp_t - k * msi < 0) { /* carbon short: scale the reductions */
        double need_s = cred * m_c / 1000.0 + k * sf * A / (1.0 - sf);
        double f = need_s > 0 ? (c0 * m_c / 1000.0) / need_s : 0.0;
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        xfe *= f;
        xcr *= f;
        A *= f;
        cred *= f;
        msi = sf * A / (1.0 - sf);
        short_c = 1;
    }
    double msi_max = n[s->sio2] * m_si / 1000.0;
    if (msi > msi_max)
        msi = msi_max;
    double xsi = msi * 1000.0 / m_si;
    if (c0 - cred - 2.0 * xsi < 0) { /* round-off at the edge */
        double sc = c0 / (cred + 2.0 * xsi);
        xfe *= sc;
        xcr *= sc;
        xsi *= sc;
        cred *= sc;
    }
    n[s->feo] -= xfe;
    n[s->fe] += xfe;
    n[s->cr2o3] -= xcr / 2.0;
    n[s->cr] += xcr;
    n[s->sio2] -= xsi;
    n[s->si] += xsi;
    n[s->c_] -= cred + 2.0 * xsi;
    n[s->co] += cred + 2.0 * xsi;
    if (n[s->c_] < 0)
        n[s->c_] = 0;                 /* < 1e-12 after the scaling above */
    if (s->o2 >= 0 && n[s->o2] > 0) { /* CO + 1/2 O2 -> CO2 (air ingress) */
        double y = n[s->o2] < n[s->co] / 2.0 ? n[s->o2] : n[s->co] / 2.0;
        n[s->co] -= 2 * y;
        n[s->co2] += 2 * y;
        n[s->o2] -= y;
    }

    /* outlets */
    double *o = c->out;
    memset(o, 0, NOUT * c->nsp * sizeof(double));
    for (size_t q = 0; q < c->nsp; q++) {
        o[(size_t)s->route[q] * c->nsp + q] += n[q];
        o[O_DUST * c->nsp + q] = s->dust[q];
    }
    return orf__saf_finish(u, in, out, h_in_kw, cr_fed_t, c_fed_kmol, need_t, short_c, NULL);
}

/* The outlets from c->out (species per outlet), the energy balance and the results common to both
 * models. need_t: carbon the recovery model needs for its target alloy (NAN: not known). */
int orf__saf_finish(orf_unit *u, const orf_stream *const *in, orf_stream *const *out,
                    double h_in_kw, double cr_fed_t, double c_fed_kmol, double need_t, int short_c,
                    const double *slag_liq)
{
    saf_state *s = u->state;
    orf__chem *c = &s->c;
    const double *p = u->p, *o = c->out;
    const double d = p[P_DUST] / 100.0;
    const double m_c = mw(c, s->c_), m_cr = mw(c, s->cr), m_fe = mw(c, s->fe), m_si = mw(c, s->si);
    double temps[NOUT] = {p[P_TA], p[P_TS], p[P_TG], p[P_TG]};
    int rc = 0;
    double h_out_kw = 0.0;
    for (size_t q = 0; q < NOUT; q++) {
        if (orf__chem_write(c, q, o + q * c->nsp, out[q], temps[q]))
            rc = -1;
        h_out_kw += orf_chem_stream_enthalpy_kw(c->map, out[q]);
    }
    /* the heat of melting the streams do not carry (their species are at their standard states:
     * oxides and Cr solid below their melting points): the liquid slag and the alloy leave
     * molten */
    double ox[ORF_SLAG_NOX];
    orf__saf_slag_masses(s, o + O_SLAG * c->nsp, 0, ox);
    double q_melt =
        s->liq ? orf_slag_liq_melting_heat_kj(s->liq, slag_liq ? slag_liq : ox, p[P_TS] + 273.15) *
                     1000.0 / 3600.0 /* t/h: MJ/h */
               : 0.0;
    if (!isfinite(q_melt))
        q_melt = 0.0;
    q_melt += metal_melting_kw(s, o + O_ALLOY * c->nsp, p[P_TA] + 273.15) +
              metal_melting_kw(s, o + O_SLAG * c->nsp, p[P_TS] + 273.15);
    h_out_kw += q_melt;
    double dh = h_out_kw - h_in_kw;
    double eta = p[P_EFF] / 100.0, loss = p[P_LOSS] / 100.0;
    double pel = dh > 0 ? dh / (eta * (1.0 - loss)) : 0.0;
    double heat_loss = dh > 0 ? pel * eta * loss : -dh; /* surplus heat is lost */

    /* results */
    const double *al = o + O_ALLOY * c->nsp, *sl = o + O_SLAG * c->nsp, *gs = o + O_GAS * c->nsp;
    double alloy = orf__chem_tph(c, al), slag = orf__chem_tph(c, sl);
    double *r = u->r;
    r[R_ALLOY] = alloy;
    r[R_CR] = alloy > 0 ? 100.0 * al[s->cr] * m_cr / 1000.0 / alloy : 0;
    r[R_FE] = alloy > 0 ? 100.0 * al[s->fe] * m_fe / 1000.0 / alloy : 0;
    r[R_SI] = alloy > 0 ? 100.0 * al[s->si] * m_si / 1000.0 / alloy : 0;
    r[R_C] = alloy > 0 ? 100.0 * al[s->c_] * m_c / 1000.0 / alloy : 0;
    r[R_CRREC] = cr_fed_t > 0 ? 100.0 * al[s->cr] * m_cr / 1000.0 / cr_fed_t : 0;
    r[R_SLAG] = slag;
    r[R_SLAGR] = alloy > 0 ? slag / alloy : 0;
    double mgo = s->mgo >= 0 ? sl[s->mgo] * mw(c, s->mgo) : 0,
           al2o3 = s->al2o3 >= 0 ? sl[s->al2o3] * mw(c, s->al2o3) : 0,
           cao = s->cao >= 0 ? sl[s->cao] * mw(c, s->cao) : 0, sio2 = sl[s->sio2] * mw(c, s->sio2);
    r[R_MGAL] = al2o3 > 0 ? mgo / al2o3 : (double)NAN;
    r[R_BAS] = sio2 > 0 ? (cao + mgo) / sio2 : (double)NAN;
    r[R_SCR] = slag > 0 ? 100.0 * sl[s->cr2o3] * mw(c, s->cr2o3) / 1000.0 / slag : 0;
    double gmol = 0;
    for (size_t q = 0; q < c->nsp; q++)
        gmol += gs[q];
    r[R_NM3] = gmol * ORF_NM3_PER_KMOL;
    r[R_NM3T] = alloy > 0 ? r[R_NM3] / alloy : 0;
    r[R_CO] = gmol > 0 ? 100.0 * gs[s->co] / gmol : 0;
    r[R_CO2] = gmol > 0 ? 100.0 * gs[s->co2] / gmol : 0;
    r[R_N2] = gmol > 0 && s->n2 >= 0 ? 100.0 * gs[s->n2] / gmol : 0;
    r[R_DUST] = orf__chem_tph(c, o + O_DUST * c->nsp);
    r[R_CKG] = alloy > 0 ? c_fed_kmol * m_c / alloy : 0; /* kmol/h × kg/kmol / (t/h) = kg/t */
    r[R_SHORT] = short_c;
    /* reductant: the rate that gives the target carbon at the set recoveries */
    r[R_REDT] = (double)NAN;
    r[R_REDD] = (double)NAN;
    if (s->reductant >= 0) {
        orf_chem_stream_kmolh(c->map, in[s->reductant], c->tmp);
        double red_tph = orf_stream_total_tph(in[s->reductant]);
        double fc = red_tph > 0 ? c->tmp[s->c_] * m_c / 1000.0 / red_tph : 0;
        double c_other_t = (c_fed_kmol - c->tmp[s->c_]) * m_c / 1000.0;
        r[R_REDD] = fc > 0 && isfinite(need_t) ? (need_t / (1 - d) - c_other_t) / fc : (double)NAN;
        r[R_REDT] = alloy > 0 ? red_tph / alloy : (double)NAN;
    }
    r[R_ELEC] = p[P_ELEC] * alloy / 1000.0;
    r[R_KW] = pel;
    r[R_SPEC] = alloy > 0 ? pel / alloy : 0;
    r[R_LOSS] = heat_loss;
    r[R_DH] = dh;
    double scale = fabs(h_in_kw) + fabs(h_out_kw) + pel + 1e-30;
    r[R_EBAL] = fabs(h_in_kw + pel - pel * (1 - eta) - heat_loss - h_out_kw) / scale;
    /* Cr in the dust; the slag's viscosity and density at the slag temperature */
    r[R_LDUST] =
        cr_fed_t > 0 ? 100.0 * orf__chem_element_tph(c, o + O_DUST * c->nsp, "Cr") / cr_fed_t : 0.0;
    r[R_MELT] = q_melt;
    r[R_CSAT] = r[R_C] > p[P_MAXC];
    r[R_FMW] = pel / 1000.0 / p[P_NFURN];
    orf__westly_in wi = {r[R_FMW], p[P_C3], -1.0, p[P_PF]};
    orf__westly_out wo;
    int we = r[R_FMW] > 0 ? orf__westly(&wi, &wo) : -1;
    r[R_IKA] = we ? (double)NAN : wo.i_ka;
    r[R_MVA] = we ? (double)NAN : wo.mva;
    r[R_RMOHM] = we ? (double)NAN : wo.r_mohm;
    r[R_VSEC] = we ? (double)NAN : wo.v_secondary_v;
    r[R_VISC] = orf_slag_viscosity_pa_s(ox, p[P_TS] + 273.15);
    r[R_RHOS] = orf_slag_density_kg_m3(ox, p[P_TS] + 273.15);
    if (!slag_liq) { /* the recovery model; the equilibrium model sets these itself, of the
                      * liquid slag before its undissolved chromite joins it */
        double fs = orf__saf_liquidus(u, ox);
        r[R_ETAEFF] = r[R_VISC] * orf__saf_roscoe(fs);
        r[R_VISCW] = isfinite(r[R_ETAEFF]) && r[R_ETAEFF] > p[P_MAXVISC];
    }
    return rc; /* carbon shortage is the result carbon_short (specs bracket through it) */
}

const orf_unit_type orf_unit_saf_ferrochrome = {
    .abi = ORF_UNIT_ABI,
    .name = "saf_ferrochrome",
    .family = "furnace",
    .summary = "submerged-arc furnace: chromite + coke + quartzite -> HC ferrochrome, slag, "
               "off-gas, dust; electric energy from the enthalpy balance",
    .citation = "Gasik (ed.) 2013 Handbook of Ferroalloys ch. 8; du Preez et al. 2023 Minerals "
                "13(6) 809; thermo McBride et al. 2002 NASA/TP-2002-211556, Chase 1998 NIST-JANAF",
    .params = saf_params,
    .nparams = sizeof saf_params / sizeof *saf_params,
    .inlets = saf_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = saf_out,
    .noutlets = NOUT,
    .results = saf_results,
    .nresults = sizeof saf_results / sizeof *saf_results,
    .conserves_materials = 0,
    .setup = saf_setup,
    .compute = saf_compute,
    .state_size = sizeof(saf_state),
    .flags = ORF_UNIT_MEMO,           /* a pure function of the inlets and parameters */
    .teardown = orf__saf_eq_teardown, /* thermo data, species map, equilibrium workspace */
};
