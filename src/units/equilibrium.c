/* Gibbs reactor: the inlets brought to chemical equilibrium at a given temperature and pressure.
 *
 * Model: the species the flowsheet's materials can carry (data/thermo.yaml through the material ->
 * species map), one ideal-gas phase, the solution phases named in `solutions` (regular solutions
 * with published parameters, src/thermo/solution_models.c) and one pure phase per condensed
 * species, at T and P minimise
 *   G = Σ_i n_i (g°_i(T) + RT ln a_i),   a_i = x_i P/P° (gas), 1 (pure condensed)
 * subject to the element balances of the mixed inlets (src/thermo/equilibrium*.c: element
 * potentials, Newton in ln n, phase add/drop; Eriksson 1975, Chem. Scr. 8:100; Smith & Missen
 * 1982, "Chemical Reaction Equilibrium Analysis"; docs/models.md "Equilibrium engine").
 * The products leave by phase group, outlets in the order gas, metal, slag, solids (fewer
 * outlets: the later groups join the last one): gas = gas species; slag = condensed species
 * with oxygen (oxides); solids = condensed carbon (graphite); metal = the other condensed species
 * (metals, carbides, silicides). All outlets leave at temperature_c.
 * Energy balance on the formation scale: duty Q = Σ_out n_i H_i(T) − Σ_in n_i H_i(T_in).
 * Element balance holds to the solver's tolerance (balance_error); materials are not conserved.
 */
#include <math.h>
#include <string.h>

#include "chem_impl.h"
#include "oreflow/equilibrium.h"

enum { G_GAS, G_METAL, G_SLAG, G_SOLID, NGROUP };

typedef struct eq_state {
    orf__chem c; /* first: orf__chem_teardown reads it */
    orf_eq_system *sys;
    orf_eq_work *w;
    size_t ns;
    int *th;      /* ns: thermo species of each system species */
    int *route;   /* thermo nsp: outlet of each species, -1 if not in the system */
    double *feed; /* ns: kmol/h */
    int *first;   /* ns: 1 for the first phase of its thermo species (the one fed) */
} eq_state;

static const orf_param_def eq_params[] = {
    {"temperature_c", ORF_PARAM_NUMBER, "°C", 0, 1600, 25, 3500,
     "equilibrium temperature, also that of every outlet"},
    {"pressure_bar", ORF_PARAM_NUMBER, "bar", 0, 1, 1e-6, 1000, "total pressure"},
    {"solutions", ORF_PARAM_TABLE, "-", 0, 0, 0, 0,
     "solution phases from the named models (fecr_metal: liquid Fe–Cr–Si–C; oxide_slag: "
     "SiO2–Al2O3–MgO–CaO–FeO–Cr2O3–TiO2), beside the pure phases; docs/models.md"},
};
enum { P_T, P_P };

static const orf_result_def eq_results[] = {
    {"duty_kw", "kW", "heat to supply (>0) or remove (<0): H_out(T) − H_in"},
    {"h_in_kw", "kW", "enthalpy flow of the inlets (formation scale)"},
    {"h_out_kw", "kW", "enthalpy flow of the outlets (formation scale)"},
    {"gas_kmol_h", "kmol/h", "gas phase"},
    {"phases_present", "-", "stable phases (the gas and each pure condensed phase)"},
    {"iterations", "-", "Newton iterations of the last solve"},
    {"balance_error", "-", "largest element imbalance relative to that element's flow"},
};
enum { R_DUTY, R_HIN, R_HOUT, R_GAS, R_PHASES, R_ITER, R_BAL };

static const char *const eq_in[] = {"in", NULL};
static const char *const eq_out[] = {"gas", "metal", "slag", "solid", NULL};

static int group_of(const orf_species *sp, const orf_matdb *mdb)
{
    if (sp->phase == ORF_PHASE_GAS)
        return G_GAS;
    int o = orf_matdb_element_index(mdb, "O"), c = orf_matdb_element_index(mdb, "C");
    if (o >= 0 && sp->counts[o] > 0)
        return G_SLAG;
    size_t nel = orf_matdb_element_count(mdb), other = 0;
    for (size_t e = 0; e < nel; e++)
        other += (int)e != c && sp->counts[e] > 0;
    return other == 0 ? G_SOLID : G_METAL;
}

/* A species of a solution model takes part when the unit routes it (a material carries it). */
static int in_system(const char *name, void *arg)
{
    const eq_state *s = arg;
    int k = orf_thermo_index(s->c.db, name);
    return k >= 0 && s->route[k] >= 0;
}

static orf_status eq_setup(orf_unit *u, orf_ctx *ctx)
{
    eq_state *s = u->state;
    if (u->nout < 1 || u->nout > NGROUP)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "unit '%s': an equilibrium reactor has 1 to 4 outlets (gas, metal, "
                             "slag, solids), found %zu",
                             u->name, u->nout);
    orf_status st = orf__chem_init(u, ctx, &s->c, u->nout, NULL);
    if (st)
        return st;
    orf__chem *c = &s->c;
    const orf_thermo_db *db = c->db;
    /* the system: species a material can carry, or that the inlets bring */
    size_t ng = 0;
    const char **gas = orf_unit_alloc(u, c->nsp + 1, sizeof *gas);
    s->route = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!gas || !s->route)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < c->nsp; i++) {
        const orf_species *sp = orf_thermo_species(db, i);
        s->route[i] = -1;
        if (sp->phase == ORF_PHASE_AQUEOUS)
            continue;
        if (!c->reach[i] && orf_chem_map_carrier(c->map, (int)i, -1) < 0)
            continue;
        int g = group_of(sp, u->sys->db);
        s->route[i] = g < (int)u->nout ? g : (int)u->nout - 1;
        c->reach[i] = 1;
        if (g == G_GAS)
            gas[ng++] = sp->name;
    }
    if ((st = orf__chem_check(u, ctx, c, s->route)))
        return st;
    if ((st = orf_eq_system_alloc(ctx, db, &s->sys)))
        return st;
    if (ng && (st = orf_eq_system_add_phase(s->sys, "gas", ORF_EQ_GAS, gas, ng, NULL)))
        return st;
    const orf_node *sn = orf_unit_param_node(u, "solutions");
    if (sn) {
        if (orf_node_expect(ctx, sn, ORF_NODE_SEQ, "solutions: a list of solution model names"))
            return ORF_E_INPUT;
        for (size_t k = 0; k < sn->n; k++) {
            const char *m;
            if (orf_node_string(ctx, sn->items[k], "solution model", &m))
                return ORF_E_INPUT;
            if (!orf_eq_solution_source(m)) {
                const char *names[8];
                size_t nn = 0;
                while (nn < 8 && (names[nn] = orf_eq_solution_name(nn)))
                    nn++;
                orf_status rc = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &sn->items[k]->loc, u->name,
                                              "unknown solution model '%s'", m);
                orf_diag_hint_nearest(ctx, m, names, nn);
                return rc;
            }
            if ((st = orf_eq_system_add_solution(s->sys, m, m, in_system, s, NULL)))
                return st;
        }
    }
    for (size_t i = 0; i < c->nsp; i++) {
        const orf_species *sp = orf_thermo_species(db, i);
        if (s->route[i] < 0 || sp->phase == ORF_PHASE_GAS)
            continue;
        const char *one[1] = {sp->name};
        if ((st = orf_eq_system_add_phase(s->sys, sp->name, ORF_EQ_PURE, one, 1, NULL)))
            return st;
    }
    s->ns = orf_eq_species_count(s->sys);
    s->th = orf_unit_alloc(u, s->ns + 1, sizeof(int));
    s->feed = orf_unit_alloc(u, s->ns + 1, sizeof(double));
    if (!s->th || !s->feed)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    s->first = orf_unit_alloc(u, s->ns + 1, sizeof(int));
    if (!s->first)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < s->ns; i++) {
        const char *name = orf_eq_species_get(s->sys, i)->name;
        s->th[i] = orf_thermo_index(db, name);
        s->first[i] = orf_eq_species_find(s->sys, name, -1) == (int)i;
    }
    if (s->ns && (st = orf_eq_work_alloc(s->sys, &s->w)))
        return st;
    return ORF_OK;
}

static void eq_teardown(orf_unit *u, orf_ctx *ctx)
{
    eq_state *s = u->state;
    orf_eq_work_free(s->w);
    orf_eq_system_free(s->sys);
    s->w = NULL;
    s->sys = NULL;
    orf__chem_teardown(u, ctx);
}

static int eq_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    eq_state *s = u->state;
    orf__chem *c = &s->c;
    double h_in_kw = orf__chem_mix(c, in, u->nin), t_c = u->p[P_T], tot = 0.0;
    for (size_t i = 0; i < s->ns; i++) /* a species in two phases is fed once, to the first */
        tot += (s->feed[i] = s->first[i] ? c->n[s->th[i]] : 0.0);
    memset(c->out, 0, c->nout * c->nsp * sizeof(double));
    memset(u->r, 0, u->type->nresults * sizeof(double));
    orf_eq_result r;
    memset(&r, 0, sizeof r);
    if (tot > 0) {
        orf_eq_options o;
        orf_eq_options_init(&o);
        /* from the LP estimate every time: the answer must not depend on the previous solve
         * (Monte Carlo workers see samples in a different order) */
        o.start = ORF_EQ_START_LEVEL;
        orf_status st = orf_eq_solve_tp(s->w, s->feed, t_c + 273.15, u->p[P_P], &o, &r);
        if (st)
            return -1; /* the solver's diagnostic says why */
        for (size_t i = 0; i < s->ns; i++)
            if (r.n[i] > 0)
                c->out[(size_t)s->route[s->th[i]] * c->nsp + (size_t)s->th[i]] += r.n[i];
    }
    int rc = 0;
    double h_out_kw = 0.0;
    for (size_t k = 0; k < c->nout; k++) {
        if (orf__chem_write(c, k, c->out + k * c->nsp, out[k], t_c))
            rc = -1;
        h_out_kw += orf__chem_h_kw(c, c->out + k * c->nsp, t_c);
    }
    size_t phases = 0;
    double gas = 0.0;
    for (size_t p = 0; tot > 0 && p < orf_eq_phase_count(s->sys); p++) {
        phases += r.present[p] != 0;
        if (orf_eq_phase_kind_of(s->sys, p) == ORF_EQ_GAS)
            gas += r.phase_n[p];
    }
    u->r[R_DUTY] = h_out_kw - h_in_kw;
    u->r[R_HIN] = h_in_kw;
    u->r[R_HOUT] = h_out_kw;
    u->r[R_GAS] = gas;
    u->r[R_PHASES] = (double)phases;
    u->r[R_ITER] = r.iterations;
    u->r[R_BAL] = r.balance_error;
    return rc;
}

static void eq_report(const orf_unit *u, const orf_stream *const *in, const orf_stream *const *out,
                      struct orf_json *j)
{
    (void)in;
    (void)out;
    const eq_state *s = u->state;
    const orf__chem *c = &s->c;
    orf_json_key(j, "species_kmol_h");
    orf_json_begin_object(j);
    for (size_t k = 0; k < c->nout; k++)
        for (size_t i = 0; i < c->nsp; i++)
            if (c->out[k * c->nsp + i] > 0)
                orf_json_key_number(j, orf_thermo_species(c->db, i)->name, c->out[k * c->nsp + i]);
    orf_json_end_object(j);
}

const orf_unit_type orf_unit_equilibrium = {
    .abi = ORF_UNIT_ABI,
    .name = "equilibrium",
    .family = "reactor",
    .summary = "Gibbs reactor: inlets brought to chemical equilibrium at T and P (minimum G over "
               "gas and pure condensed phases), products leave as gas, metal, slag and solids",
    .citation = "Eriksson (1975) Chem. Scr. 8:100; Smith & Missen (1982) Chemical Reaction "
                "Equilibrium Analysis, ch. 6; thermo data McBride et al. (2002) "
                "NASA/TP-2002-211556, Chase (1998) NIST-JANAF",
    .params = eq_params,
    .nparams = sizeof eq_params / sizeof *eq_params,
    .inlets = eq_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = eq_out,
    .noutlets = ORF_PORTS_VARIADIC,
    .min_outlets = 1,
    .results = eq_results,
    .nresults = sizeof eq_results / sizeof *eq_results,
    .conserves_materials = 0,
    .setup = eq_setup,
    .compute = eq_compute,
    .state_size = sizeof(eq_state),
    .flags = ORF_UNIT_MEMO,  /* a pure function of the inlets and parameters */
    .teardown = eq_teardown, /* the thermo data, species map and equilibrium workspace */
    .report_json = eq_report,
};
