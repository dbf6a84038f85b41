/* Generic stoichiometric reactor (roaster, kiln, leach tank, converter, precipitation).
 *
 * Model (extent-of-reaction form of the mass balance; Felder & Rousseau, "Elementary Principles
 * of Chemical Processes", 3rd ed., §4.6–4.7 and §9.5 for the energy balance):
 *   reactions j = 1..R run in the order written; reaction j converts a fraction X_j of its key
 *   reactant k present when it runs:  ξ_j = min(X_j n_k / |ν_kj|, min_i n_i / |ν_ij| over the
 *   other reactants)  (a reactant in short supply limits the extent), then n_i += ν_ij ξ_j.
 * Products go to the outlets by `route` (species name, then phase name, then `default`), each
 * outlet at its own temperature. Energy balance on the formation scale (data/thermo.yaml):
 *   Q = Σ_out n_i H_i(T_out) − Σ_in n_i H_i(T_in) + heat_loss_kw
 * Q > 0 is heat to supply. energy: electric gives electric power Q / efficiency.
 * Element balance holds by construction (each equation is checked at load time).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chem_impl.h"

#define MAXR 16

typedef struct reactor_state {
    orf__chem c;
    size_t nr;
    orf_reaction r[MAXR];
    int key[MAXR];
    double conv[MAXR];   /* fraction 0..1, adjustable through param_ref "conversion.N" */
    double extent[MAXR]; /* kmol/h, last compute */
    int limited[MAXR];
    int *route;     /* nsp: outlet index per species */
    double *temp_c; /* nout */
    int electric;
    int basis; /* outlet index for specific energy */
} reactor_state;

static const orf_param_def reactor_params[] = {
    {"reactions", ORF_PARAM_TABLE, "-", 1, 0, 0, 0,
     "list of {equation, key, conversion}: conversion = fraction of the key reactant converted"},
    {"route", ORF_PARAM_TABLE, "-", 0, 0, 0, 0,
     "map species or phase (solid, liquid, gas, aqueous) or 'default' -> outlet stream"},
    {"outlets", ORF_PARAM_TABLE, "-", 0, 0, 0, 0,
     "map outlet stream -> {temperature_c, phase}: temperature and preferred carrier phase"},
    {"temperature_c", ORF_PARAM_NUMBER, "°C", 0, 25, -50, 3000,
     "temperature of outlets not listed under 'outlets'"},
    {"energy", ORF_PARAM_STRING, "-", 0, 0, 0, 0, "'heat' (default) or 'electric'"},
    {"heat_loss_kw", ORF_PARAM_NUMBER, "kW", 0, 0, 0, 1e9, "heat lost through walls and cooling"},
    {"efficiency_pct", ORF_PARAM_NUMBER, "%", 0, 100, 1, 100,
     "share of the supplied (electric) energy that reaches the charge"},
    {"basis", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "outlet stream whose t/h is the basis of specific energy (default: the first outlet)"},
};
enum { P_REACTIONS, P_ROUTE, P_OUTLETS, P_TEMP, P_ENERGY, P_LOSS, P_EFF, P_BASIS };

static const orf_result_def reactor_results[] = {
    {"duty_kw", "kW", "heat to supply (>0) or remove (<0): H_out − H_in + losses"},
    {"power_kw", "kW", "electric power (energy: electric), duty / efficiency; 0 for heat"},
    {"reaction_heat_kw", "kW", "Σ ξ_j ΔH_r,j(25 °C) (>0 endothermic)"},
    {"specific_energy_kwh_per_t", "kWh/t", "energy (electric or heat) per t of the basis stream"},
    {"h_in_kw", "kW", "enthalpy flow of the inlets (formation scale)"},
    {"h_out_kw", "kW", "enthalpy flow of the outlets (formation scale)"},
    {"energy_balance_error", "-", "|H_in + Q − losses − H_out| / Σ|H|"},
};
enum { R_DUTY, R_ELEC, R_RXN, R_SPEC, R_HIN, R_HOUT, R_EBAL };

static const char *const reactor_in[] = {"in", NULL};
static const char *const reactor_out[] = {"out", NULL};

static int phase_of(const char *s)
{
    static const char *const ph[] = {"solid", "liquid", "gas", "aqueous"};
    for (int i = 0; i < 4; i++)
        if (!strcmp(s, ph[i]))
            return i;
    return -1;
}

static orf_status read_outlets(orf_unit *u, orf_ctx *ctx, reactor_state *s, size_t nout,
                               const char **names, int *phase)
{
    const orf_node *on = orf_unit_param_node(u, "outlets");
    for (size_t k = 0; k < nout; k++) {
        s->temp_c[k] = u->p[P_TEMP];
        phase[k] = -1;
    }
    if (!on)
        return ORF_OK;
    if (orf_node_expect(ctx, on, ORF_NODE_MAP, "outlets"))
        return ORF_E_INPUT;
    static const char *const okeys[] = {"temperature_c", "phase", NULL};
    for (size_t i = 0; i < on->n; i++) {
        const char *nm = on->keys[i]->str;
        size_t k = 0;
        while (k < nout && strcmp(names[k], nm))
            k++;
        if (k == nout) {
            orf_status rc = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &on->keys[i]->loc, u->name,
                                          "'%s' is not an outlet of unit '%s'", nm, u->name);
            orf_diag_hint_nearest(ctx, nm, names, nout);
            return rc;
        }
        const orf_node *v = on->items[i];
        if (orf_node_expect(ctx, v, ORF_NODE_MAP, "outlet settings") ||
            orf_node_check_keys(ctx, v, okeys, "outlet settings"))
            return ORF_E_INPUT;
        const orf_node *t = orf_node_get(v, "temperature_c"), *p = orf_node_get(v, "phase");
        if (t && orf_node_number(ctx, t, "temperature_c", &s->temp_c[k]))
            return ORF_E_INPUT;
        if (p) {
            const char *ps;
            if (orf_node_string(ctx, p, "phase", &ps))
                return ORF_E_INPUT;
            if ((phase[k] = phase_of(ps)) < 0)
                return orf_diag_emit(ctx, ORF_E_INPUT, &p->loc, u->name,
                                     "phase must be solid, liquid, gas or aqueous");
        }
    }
    return ORF_OK;
}

static orf_status reactor_setup(orf_unit *u, orf_ctx *ctx)
{
    reactor_state *s = u->state;
    const orf_node *on = orf_node_get(u->node, "out");
    size_t nout = u->nout;
    s->temp_c = orf_unit_alloc(u, nout + 1, sizeof(double));
    int phase[ORF_MAX_PORTS * 4];
    if (!s->temp_c)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    if (nout > sizeof phase / sizeof phase[0])
        return orf_diag_emit(ctx, ORF_E_INPUT, &on->loc, u->name, "too many outlets");
    /* outlet names first (for 'outlets'), then the chemistry with carrier phases */
    const char *names[ORF_MAX_PORTS * 4];
    for (size_t k = 0; k < nout; k++)
        names[k] = (on && on->kind == ORF_NODE_SEQ && k < on->n) ? on->items[k]->str : "";
    orf_status st = read_outlets(u, ctx, s, nout, names, phase);
    if (st)
        return st;
    if ((st = orf__chem_init(u, ctx, &s->c, nout, phase)))
        return st;
    orf__chem *c = &s->c;

    /* reactions */
    const orf_node *rn = orf_unit_param_node(u, "reactions");
    if (orf_node_expect(ctx, rn, ORF_NODE_SEQ, "reactions"))
        return ORF_E_INPUT;
    if (rn->n > MAXR)
        return orf_diag_emit(ctx, ORF_E_INPUT, &rn->loc, u->name, "at most %d reactions", MAXR);
    static const char *const rkeys[] = {"equation", "key", "conversion", NULL};
    for (size_t j = 0; j < rn->n; j++) {
        const orf_node *it = rn->items[j];
        if (orf_node_expect(ctx, it, ORF_NODE_MAP, "a reaction") ||
            orf_node_check_keys(ctx, it, rkeys, "a reaction")) {
            st = ORF_E_INPUT;
            continue;
        }
        const orf_node *en = orf_node_get(it, "equation"), *kn = orf_node_get(it, "key"),
                       *cn = orf_node_get(it, "conversion");
        const char *eq;
        if (!en || !kn || !cn) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &it->loc, u->name,
                               "a reaction needs 'equation', 'key' and 'conversion'");
            continue;
        }
        if (orf_node_string(ctx, en, "equation", &eq) ||
            orf_reaction_parse(ctx, c->db, eq, &en->loc, u->name, &s->r[s->nr])) {
            st = ORF_E_INPUT;
            continue;
        }
        int key = orf__chem_species(ctx, c, kn, u->name);
        if (key < 0) {
            st = ORF_E_INPUT;
            continue;
        }
        size_t t = 0;
        while (t < s->r[s->nr].n && !(s->r[s->nr].sp[t] == key && s->r[s->nr].nu[t] < 0))
            t++;
        if (t == s->r[s->nr].n) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &kn->loc, u->name,
                               "key '%s' is not a reactant of '%s'", kn->str, eq);
            continue;
        }
        double x;
        if (orf_node_number(ctx, cn, "conversion", &x)) {
            st = ORF_E_INPUT;
            continue;
        }
        if (x < 0 || x > 1) {
            st = orf_diag_emit(ctx, ORF_E_RANGE, &cn->loc, u->name,
                               "conversion is a fraction 0..1, found %g", x);
            continue;
        }
        s->key[s->nr] = key;
        s->conv[s->nr] = x;
        for (size_t q = 0; q < s->r[s->nr].n; q++)
            if (s->r[s->nr].nu[q] > 0)
                orf__chem_reach(c, s->r[s->nr].sp[q]);
        s->nr++;
    }
    if (st)
        return st;

    /* routing */
    s->route = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!s->route)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    int by_phase[4] = {-1, -1, -1, -1}, dflt = 0;
    const orf_node *ro = orf_unit_param_node(u, "route");
    for (size_t sp = 0; sp < c->nsp; sp++)
        s->route[sp] = -1;
    if (ro) {
        if (orf_node_expect(ctx, ro, ORF_NODE_MAP, "route"))
            return ORF_E_INPUT;
        for (size_t i = 0; i < ro->n; i++) {
            const char *what = ro->keys[i]->str, *to;
            if (orf_node_string(ctx, ro->items[i], "outlet stream", &to))
                return ORF_E_INPUT;
            int k = orf__chem_outlet(c, to);
            if (k < 0) {
                orf_status rc = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &ro->items[i]->loc, u->name,
                                              "'%s' is not an outlet of unit '%s'", to, u->name);
                orf_diag_hint_nearest(ctx, to, c->out_names, c->nout);
                return rc;
            }
            int ph = phase_of(what);
            if (!strcmp(what, "default"))
                dflt = k;
            else if (ph >= 0)
                by_phase[ph] = k;
            else {
                int sp = orf__chem_species(ctx, c, ro->keys[i], u->name);
                if (sp < 0)
                    return ORF_E_INPUT;
                s->route[sp] = k;
            }
        }
    }
    for (size_t sp = 0; sp < c->nsp; sp++)
        if (s->route[sp] < 0) {
            int ph = (int)orf_thermo_species(c->db, sp)->phase;
            s->route[sp] = by_phase[ph] >= 0 ? by_phase[ph] : dflt;
        }
    if ((st = orf__chem_check(u, ctx, c, s->route)))
        return st;

    /* energy and basis */
    const orf_node *en = orf_unit_param_node(u, "energy");
    if (en) {
        const char *e;
        if (orf_node_string(ctx, en, "energy", &e))
            return ORF_E_INPUT;
        if (!strcmp(e, "electric"))
            s->electric = 1;
        else if (strcmp(e, "heat"))
            return orf_diag_emit(ctx, ORF_E_INPUT, &en->loc, u->name,
                                 "energy must be 'heat' or 'electric', not '%s'", e);
    }
    const orf_node *bn = orf_unit_param_node(u, "basis");
    if (bn) {
        const char *b;
        if (orf_node_string(ctx, bn, "basis", &b))
            return ORF_E_INPUT;
        if ((s->basis = orf__chem_outlet(c, b)) < 0)
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &bn->loc, u->name,
                                 "basis '%s' is not an outlet of unit '%s'", b, u->name);
    }
    return ORF_OK;
}

static double *reactor_param_ref(orf_unit *u, const char *path)
{
    reactor_state *s = u->state;
    if (!s || strncmp(path, "conversion.", 11))
        return NULL;
    char *end;
    long j = strtol(path + 11, &end, 10);
    if (*end || j < 1 || (size_t)j > s->nr)
        return NULL;
    return &s->conv[j - 1];
}

static int reactor_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    reactor_state *s = u->state;
    orf__chem *c = &s->c;
    double h_in_kw = orf__chem_mix(c, in, u->nin);
    double *n = c->n, rxn = 0.0;
    for (size_t j = 0; j < s->nr; j++) {
        const orf_reaction *r = &s->r[j];
        double x = s->conv[j] < 0 ? 0 : s->conv[j] > 1 ? 1 : s->conv[j];
        double xi = HUGE_VAL;
        for (size_t t = 0; t < r->n; t++)
            if (r->sp[t] == s->key[j] && r->nu[t] < 0)
                xi = x * n[s->key[j]] / -r->nu[t];
        s->limited[j] = 0;
        for (size_t t = 0; t < r->n; t++)
            if (r->nu[t] < 0 && n[r->sp[t]] / -r->nu[t] < xi) {
                xi = n[r->sp[t]] / -r->nu[t];
                s->limited[j] = 1;
            }
        if (!(xi > 0))
            xi = 0;
        for (size_t t = 0; t < r->n; t++) {
            n[r->sp[t]] += r->nu[t] * xi;
            if (n[r->sp[t]] < 0 && n[r->sp[t]] > -1e-12)
                n[r->sp[t]] = 0; /* round-off at full conversion */
        }
        s->extent[j] = xi;
        rxn += xi * orf_reaction_dh_j_mol(c->db, r, ORF_T0_K) / 3600.0;
    }
    /* split to outlets */
    memset(c->out, 0, c->nout * c->nsp * sizeof(double));
    for (size_t sp = 0; sp < c->nsp; sp++)
        if (n[sp] != 0.0)
            c->out[(size_t)s->route[sp] * c->nsp + sp] = n[sp];
    int rc = 0;
    double h_out_kw = 0.0;
    for (size_t k = 0; k < c->nout; k++) {
        if (orf__chem_write(c, k, c->out + k * c->nsp, out[k], s->temp_c[k]))
            rc = -1;
        h_out_kw += orf__chem_h_kw(c, c->out + k * c->nsp, s->temp_c[k]);
    }
    double loss = u->p[P_LOSS], eff = u->p[P_EFF] / 100.0;
    double q_kw = h_out_kw - h_in_kw + loss;
    double supplied = q_kw > 0 ? q_kw / eff : 0.0;
    double basis_tph = orf_stream_total_tph(out[s->basis]);
    u->r[R_DUTY] = q_kw;
    u->r[R_ELEC] = s->electric ? supplied : 0.0;
    u->r[R_RXN] = rxn;
    u->r[R_SPEC] = basis_tph > 0 ? supplied / basis_tph : 0.0;
    u->r[R_HIN] = h_in_kw;
    u->r[R_HOUT] = h_out_kw;
    /* recompute the outlet enthalpy from the written streams: checks the species round trip */
    double h_chk = 0.0;
    for (size_t k = 0; k < c->nout; k++)
        h_chk += orf_chem_stream_enthalpy_kw(c->map, out[k]);
    double scale = fabs(h_in_kw) + fabs(h_chk) + fabs(q_kw) + 1e-30;
    u->r[R_EBAL] = fabs(h_in_kw + q_kw - loss - h_chk) / scale;
    return rc;
}

static void reactor_report(const orf_unit *u, const orf_stream *const *in,
                           const orf_stream *const *out, struct orf_json *j)
{
    (void)in;
    (void)out;
    const reactor_state *s = u->state;
    orf_json_key(j, "reactions");
    orf_json_begin_array(j);
    for (size_t k = 0; k < s->nr; k++) {
        orf_json_begin_object(j);
        orf_json_key_string(j, "equation", s->r[k].equation);
        orf_json_key_number(j, "conversion", s->conv[k]);
        orf_json_key_number(j, "extent_kmol_h", s->extent[k]);
        orf_json_key(j, "limited_by_other_reactant");
        orf_json_bool(j, s->limited[k]);
        orf_json_key_number(j, "dh_298_kj_mol",
                            orf_reaction_dh_j_mol(s->c.db, &s->r[k], ORF_T0_K) / 1000.0);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
}

const orf_unit_type orf_unit_reactor = {
    .abi = ORF_UNIT_ABI,
    .name = "reactor",
    .family = "reactor",
    .summary = "stoichiometric reactor: reactions with conversions of a key reactant, products "
               "routed to outlets, heat or electric energy from the enthalpy balance",
    .citation = "Felder & Rousseau (2005) Elementary Principles of Chemical Processes, 3rd ed., "
                "§4.6-4.7, §9.5; thermo data McBride et al. (2002) NASA/TP-2002-211556, "
                "Chase (1998) NIST-JANAF",
    .params = reactor_params,
    .nparams = sizeof reactor_params / sizeof *reactor_params,
    .inlets = reactor_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = reactor_out,
    .noutlets = ORF_PORTS_VARIADIC,
    .min_outlets = 1,
    .results = reactor_results,
    .nresults = sizeof reactor_results / sizeof *reactor_results,
    .conserves_materials = 0,
    .setup = reactor_setup,
    .compute = reactor_compute,
    .state_size = sizeof(reactor_state),
    .teardown = orf__chem_teardown, /* the thermo data and species map */
    .report_json = reactor_report,
    .param_ref = reactor_param_ref,
};
