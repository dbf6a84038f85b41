/* Carbon accounting and the EU carbon border adjustment (docs/format.md, "Carbon and CBAM").
 *
 * Scope 1 by the mass-balance approach of the CBAM rules (Implementing Regulation (EU) 2023/1773,
 * Annex III, section B.3.2: CO2 = (sum of C in inputs - sum of C in products and wastes) ×
 * 44.0095/12.011): the carbon of the streams the file names as vents (stacks: off-gases going to
 * the atmosphere), every carbon species (CO, CO2, CH4) counted as CO2, i.e. CO
 * assumed burnt to CO2 at the stack or in the atmosphere. With a closed flowsheet balance this is
 * exactly C in the feeds - C in the other final streams (the check is reported). Carbonates
 * decomposed (soda ash, limestone) leave as CO2 in a vent and count like any other carbon.
 * Carbon the streams do not carry (Söderberg electrode paste, given as a unit result) is added
 * by its carbon content; fuels burnt without a simulated off-gas by an emission factor per MWh of
 * a unit's heat duty or per t of a stream (IPCC 2006 Guidelines, vol. 2, ch. 2, table 2.2).
 * Scope 2: the electricity the economics counts (units' kW and extra_kw) × a grid factor.
 *
 * Attribution (Regulation (EU) 2023/956, Annex IV; Implementing Regulation 2023/1773 Annex II-III):
 * the specific embedded emissions of a stage's output are (its direct + indirect emissions +
 * those embedded in the precursors it takes from other stages) / t produced. Emissions of no
 * stage (a vent of no stage's unit, extra_kw) are shared among the stages in proportion to their
 * own Scope 1 (direct) or electricity (indirect) — an assumption, said in the docs.
 *
 * CBAM cost of year Y (Regulation (EU) 2023/956 art. 21-22 and 31; Directive 2003/87/EC art.
 * 10a(1a) as amended by Directive (EU) 2023/959 for the CBAM factor):
 *   cost = max(0, E - t × benchmark × factor_Y) × price_Y / fx(EUR)
 * with t the tonnes of the product shipped to the EU, E the emissions embedded in them (direct
 * only by default: Annex II of 2023/956 lists iron and steel, whose chapter 72 holds CN 7202
 * ferro-alloys, among the goods for which only direct emissions count), or the default value ×
 * (1 + mark-up_Y) (Implementing Regulation (EU) 2025/2621: +10 % 2026, +20 % 2027, +30 % from
 * 2028). It is an operating cost of the year (deductible for CIT), not a tax to the state.
 */
#include "econ_impl.h"

#include "oreflow/materials.h"
#include "oreflow/unit.h"

#include <math.h>
#include <string.h>

#define CO2_PER_C (44.0095 / 12.011)
#define CBAM_FIRST_YEAR 2026

/* CBAM factor (share of the benchmark still allocated free), % by year from 2026: Directive
 * 2003/87/EC art. 10a(1a), inserted by Directive (EU) 2023/959 (in force 5 June 2023). */
static const double factor_dflt[] = {97.5, 95, 90, 77.5, 51.5, 39, 26.5, 14, 0};
/* Mark-ups on default values, % by year from 2026 (Implementing Regulation (EU) 2025/2621). */
static const double markup_dflt[] = {10, 20, 30};

static double nz(double x)
{
    return isfinite(x) ? x : 0.0;
}

/* ---------------------------------------------------------------- loading */

/* A number or a list of numbers by calendar year from 2026 (the last held): each samplable as
 * PREFIX.KEY.YEAR (a single number as PREFIX.KEY). */
static void year_path(orf_econ *e, const orf_node *map, const char *key, const char *prefix,
                      const double *dflt, size_t nd, double lo, double hi, double **out, size_t *n,
                      const char *unit)
{
    const orf_node *v = orf_node_get(map, key);
    size_t k = !v ? nd : v->kind == ORF_NODE_SEQ ? v->n : 1;
    char path[256];
    *n = 0;
    if (k == 0) {
        if (v)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &v->loc, NULL, "%s.%s: an empty list", prefix, key);
        return;
    }
    if (!(*out = orf_calloc(e->ctx, k, sizeof **out)))
        return;
    *n = k;
    if (!v) {
        memcpy(*out, dflt, k * sizeof **out);
        return;
    }
    if (v->kind != ORF_NODE_SEQ) {
        orf__econ_num(e, map, key, prefix, 0, 1, lo, hi, *out);
        orf__econ_unit_at(e, prefix, key, "%s", unit);
        return;
    }
    for (size_t i = 0; i < k; i++) {
        snprintf(path, sizeof path, "%s.%s.%d", prefix, key, CBAM_FIRST_YEAR + (int)i);
        orf__econ_num_in(e, v->items[i], path, lo, hi, &(*out)[i]);
        orf__econ_reg(e, path, &(*out)[i]);
        orf__econ_unit(e, path, "%s", unit);
    }
}

static double by_year(const double *v, size_t n, int year)
{
    if (n == 0 || year < CBAM_FIRST_YEAR)
        return n ? v[0] : 0.0;
    size_t i = (size_t)(year - CBAM_FIRST_YEAR);
    return v[i < n ? i : n - 1];
}

static int stream_ref(orf_econ *e, const orf_node *n, const char *what)
{
    const char *s;
    if (!n || orf_node_string(e->ctx, n, what, &s) != ORF_OK)
        return -1;
    int k = orf_flowsheet_stream_index(e->fs, s);
    if (k < 0)
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &n->loc, s, "%s: no stream named '%s'", what, s);
    return k;
}

static int is_type(const orf_econ *e, int unit, const char *type)
{
    if (unit < 0)
        return 0;
    const orf_unit *u = orf_flowsheet_unit(e->fs, (size_t)unit);
    return u->type && strcmp(u->type->name, type) == 0;
}

/* A final stream: nothing consumes it but a product unit. */
static int is_final(const orf_econ *e, int s)
{
    int port, k = orf_flowsheet_stream_sink(e->fs, (size_t)s, &port);
    return k < 0 || is_type(e, k, "product");
}

static void load_vents(orf_econ *e, econ_carbon *c, const orf_node *cm)
{
    const orf_node *v = orf_node_get(cm, "vents");
    if (!v || orf_node_expect(e->ctx, v, ORF_NODE_SEQ, "economics.carbon.vents") != ORF_OK)
        return;
    if (!(c->vents = orf_calloc(e->ctx, v->n ? v->n : 1, sizeof *c->vents)))
        return;
    c->nvents = v->n;
    static const char *const vk[] = {"stream", "stage", NULL};
    for (size_t i = 0; i < v->n; i++) {
        const orf_node *m = v->items[i];
        econ_vent *w = &c->vents[i];
        w->stage = -1;
        if (m->kind == ORF_NODE_MAP) {
            orf_node_check_keys(e->ctx, m, vk, "economics.carbon.vents[]");
            w->stream = stream_ref(e, orf_node_get(m, "stream"), "economics.carbon.vents[]");
            w->stage = orf__econ_stage_ref(e, m, "economics.carbon.vents[]");
        } else {
            w->stream = stream_ref(e, m, "economics.carbon.vents[]");
        }
        if (w->stream < 0)
            continue;
        int port, src = orf_flowsheet_stream_source(e->fs, (size_t)w->stream, &port);
        if (!is_final(e, w->stream))
            orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc,
                          orf_flowsheet_stream(e->fs, (size_t)w->stream)->name,
                          "economics.carbon.vents: stream '%s' goes on to a unit; a vent is a "
                          "final stream (a stack)",
                          orf_flowsheet_stream(e->fs, (size_t)w->stream)->name);
        if (w->stage < 0 && src >= 0)
            w->stage = e->unit_stage[src];
    }
}

/* inputs (carbon_pct of a unit result in t/h) and fuels (t_co2_per_mwh of a result in kW, or
 * t_co2_per_t of a stream's dry t). */
static void load_sources(orf_econ *e, econ_carbon *c, const orf_node *cm)
{
    const orf_node *in = orf_node_get(cm, "inputs"), *fu = orf_node_get(cm, "fuels");
    size_t nin = in && in->kind == ORF_NODE_SEQ ? in->n : 0;
    size_t nfu = fu && fu->kind == ORF_NODE_SEQ ? fu->n : 0;
    if (in && !nin)
        orf_node_expect(e->ctx, in, ORF_NODE_SEQ, "economics.carbon.inputs");
    if (fu && !nfu)
        orf_node_expect(e->ctx, fu, ORF_NODE_SEQ, "economics.carbon.fuels");
    if (!(c->src = orf_calloc(e->ctx, nin + nfu ? nin + nfu : 1, sizeof *c->src)))
        return;
    c->nsrc = nin + nfu;
    static const char *const ik[] = {"name",  "unit",   "result", "carbon_pct",
                                     "stage", "source", NULL};
    static const char *const fk[] = {"name",        "unit",  "result", "stream", "t_co2_per_mwh",
                                     "t_co2_per_t", "stage", "source", NULL};
    for (size_t i = 0; i < c->nsrc; i++) {
        int input = i < nin;
        const orf_node *m = input ? in->items[i] : fu->items[i - nin];
        const char *what = input ? "economics.carbon.inputs[]" : "economics.carbon.fuels[]";
        econ_csrc *s = &c->src[i];
        s->input = input;
        s->q.unit = s->q.result = s->q.stream = -1;
        s->stage = -1;
        s->name = "?";
        if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, what) != ORF_OK)
            continue;
        orf_node_check_keys(e->ctx, m, input ? ik : fk, what);
        const orf_node *nm = orf_node_get(m, "name");
        if (!nm || orf_node_string(e->ctx, nm, what, &s->name) != ORF_OK)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, NULL, "%s needs a 'name'", what);
        char prefix[160];
        snprintf(prefix, sizeof prefix, "economics.carbon.%s.%s", input ? "inputs" : "fuels",
                 s->name);
        s->stage = orf__econ_stage_ref(e, m, what);
        if (!input && orf_node_get(m, "stream")) {
            s->q.stream = stream_ref(e, orf_node_get(m, "stream"), what);
            s->q.qty = Q_DRY;
            orf__econ_num(e, m, "t_co2_per_t", prefix, 0, 1, 0, 100, &s->factor);
            continue;
        }
        s->q.name = s->name;
        orf__econ_result_item(e, m, prefix, &s->q);
        if (s->q.unit >= 0) {
            const orf_unit_type *t = orf_flowsheet_unit(e->fs, (size_t)s->q.unit)->type;
            const char *ru = t->results[s->q.result].unit, *want = input ? "t/h" : "kW";
            if (!ru || strcmp(ru, want) != 0)
                orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, s->name,
                              "%s: result '%s' is in %s; %s needs one in %s", prefix,
                              t->results[s->q.result].name, ru ? ru : "-",
                              input ? "an input" : "a fuel", want);
        }
        if (input)
            orf__econ_num(e, m, "carbon_pct", prefix, 0, 1, 0, 100, &s->factor);
        else
            orf__econ_num(e, m, "t_co2_per_mwh", prefix, 0, 1, 0, 10, &s->factor);
        if (s->q.unit >= 0 && s->stage < 0)
            s->stage = e->unit_stage[s->q.unit];
    }
}

static void load_cbam(orf_econ *e, econ_carbon *c, const orf_node *cb)
{
    static const char *const keys[] = {"product",
                                       "share_to_eu_pct",
                                       "certificate_price_eur_per_t",
                                       "currency",
                                       "benchmark_t_co2_per_t",
                                       "cbam_factor_pct",
                                       "include_indirect",
                                       "default_value_t_co2_per_t",
                                       "default_markup_pct",
                                       NULL};
    const char *P = "economics.cbam";
    if (orf_node_expect(e->ctx, cb, ORF_NODE_MAP, P) != ORF_OK)
        return;
    orf_node_check_keys(e->ctx, cb, keys, P);
    const orf_node *pn = orf_node_get(cb, "product");
    const char *ps;
    if (!pn)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &cb->loc, NULL, "'%s.product' is required", P);
    else if (orf_node_string(e->ctx, pn, "economics.cbam.product", &ps) == ORF_OK) {
        for (size_t i = 0; i < e->nproducts; i++)
            if (strcmp(e->products[i].name, ps) == 0)
                c->product = (int)i;
        if (c->product < 0)
            orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &pn->loc, ps,
                          "economics.cbam.product: no product named '%s' in economics.products",
                          ps);
        else if (e->products[c->product].stage < 0)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &pn->loc, ps,
                          "economics.cbam.product: '%s' needs a stage (its embedded emissions "
                          "are its stage's)",
                          ps);
    }
    orf__econ_num(e, cb, "share_to_eu_pct", P, 0, 1, 0, 100, &c->share_pct);
    orf__econ_num(e, cb, "benchmark_t_co2_per_t", P, 0, 0, 0, 100, &c->benchmark);
    c->cur = orf__econ_currency(e, cb, P);
    char pu[48];
    snprintf(pu, sizeof pu, "%s/t CO2", e->cur_name[c->cur]);
    year_path(e, cb, "certificate_price_eur_per_t", P, NULL, 0, 0, 1e4, &c->price, &c->nprice, pu);
    year_path(e, cb, "cbam_factor_pct", P, factor_dflt, sizeof factor_dflt / sizeof *factor_dflt, 0,
              100, &c->factor_pct, &c->nfactor, "%");
    year_path(e, cb, "default_markup_pct", P, markup_dflt, sizeof markup_dflt / sizeof *markup_dflt,
              0, 1000, &c->markup_pct, &c->nmarkup, "%");
    orf__econ_unit_at(e, P, "benchmark_t_co2_per_t", "%s", "t CO2/t");
    const orf_node *ii = orf_node_get(cb, "include_indirect");
    if (ii)
        orf_node_bool(e->ctx, ii, "economics.cbam.include_indirect", &c->indirect);
    if (orf_node_get(cb, "default_value_t_co2_per_t")) {
        c->use_default = 1;
        orf__econ_num(e, cb, "default_value_t_co2_per_t", P, 0, 1, 0, 100, &c->default_t_per_t);
        orf__econ_unit_at(e, P, "default_value_t_co2_per_t", "%s", "t CO2/t");
    }
    if (!orf_node_get(cb, "certificate_price_eur_per_t"))
        orf_diag_emit(e->ctx, ORF_E_INPUT, &cb->loc, NULL,
                      "'%s.certificate_price_eur_per_t' is required", P);
}

void orf__econ_carbon_load(orf_econ *e, const orf_node *ec)
{
    const orf_node *cm = orf_node_get(ec, "carbon"), *cb = orf_node_get(ec, "cbam");
    if (!cm) {
        if (cb)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &cb->loc, NULL,
                          "economics.cbam needs economics.carbon (the embedded emissions)");
        return;
    }
    if (orf_node_expect(e->ctx, cm, ORF_NODE_MAP, "economics.carbon") != ORF_OK)
        return;
    econ_carbon *c = e->carbon = orf_calloc(e->ctx, 1, sizeof *c);
    if (!c)
        return;
    c->product = -1;
    static const char *const keys[] = {"grid_t_co2_per_mwh",     "vents", "inputs", "fuels",
                                       "carbon_price_usd_per_t", NULL};
    orf_node_check_keys(e->ctx, cm, keys, "economics.carbon");
    /* Default: Kazakhstan, derived (docs/format.md "Carbon and CBAM"): generation Jul 2023 - Jun
     * 2024 65.9 % coal, 20.3 % gas, 13.8 % hydro/wind/solar (lowcarbonpower.org, from Ember)
     * × 1.0 t/MWh for subcritical coal and 0.45 for gas plant (assumed typical) ≈ 0.75. */
    orf__econ_num(e, cm, "grid_t_co2_per_mwh", "economics.carbon", 0.75, 0, 0, 5, &c->grid);
    orf__econ_num(e, cm, "carbon_price_usd_per_t", "economics.carbon", 0, 0, 0, 1e4,
                  &c->carbon_price);
    orf__econ_unit_at(e, "economics.carbon", "grid_t_co2_per_mwh", "%s", "t CO2/MWh");
    orf__econ_unit_at(e, "economics.carbon", "carbon_price_usd_per_t", "%s", "USD/t CO2");
    const orf_system *sys = orf_flowsheet_system(e->fs);
    c->C = orf_matdb_element_index(sys->db, "C");
    load_vents(e, c, cm);
    load_sources(e, c, cm);
    if (cb)
        load_cbam(e, c, cb);
}

orf_status orf__econ_carbon_alloc(orf_econ *e)
{
    if (!e->carbon)
        return ORF_OK;
    e->carbon->st = orf_calloc(e->ctx, e->nstages + 1, sizeof *e->carbon->st);
    return e->carbon->st ? ORF_OK : ORF_E_NOMEM;
}

void orf__econ_carbon_free(orf_econ *e)
{
    econ_carbon *c = e->carbon;
    if (!c)
        return;
    orf_free(e->ctx, c->vents);
    orf_free(e->ctx, c->src);
    orf_free(e->ctx, c->st);
    orf_free(e->ctx, c->price);
    orf_free(e->ctx, c->factor_pct);
    orf_free(e->ctx, c->markup_pct);
    orf_free(e->ctx, c);
    e->carbon = NULL;
}

/* ---------------------------------------------------------------- evaluation */

static double carbon_tph(const orf_econ *e, int s)
{
    return e->carbon->C < 0
               ? 0.0
               : orf_stream_element_tph(orf_flowsheet_stream(e->fs, (size_t)s), e->carbon->C);
}

/* The stage that produces stream s for stage `self`: the stage listing it among its outputs,
 * else the stage of its source unit; -1 when none (a purchased input). */
static int producer(const orf_econ *e, int s, size_t self)
{
    for (size_t p = 0; p < e->nstages; p++)
        for (size_t k = 0; p != self && k < e->stage_defs[p].nout; k++)
            if (e->stage_defs[p].out[k] == s)
                return (int)p;
    int port, u = orf_flowsheet_stream_source(e->fs, (size_t)s, &port);
    int st = u >= 0 ? e->unit_stage[u] : -1;
    return st == (int)self ? -1 : st;
}

/* The balance of carbon: feeds (+ inputs the streams do not carry) against final streams. */
static void balance(orf_econ *e, double extra_c_tph)
{
    orf_econ_result *R = &e->res;
    const econ_carbon *c = e->carbon;
    R->carbon_in_tph = extra_c_tph;
    R->carbon_products_tph = 0;
    R->carbon_emitted_tph = extra_c_tph;
    size_t ns = orf_flowsheet_stream_count(e->fs);
    for (size_t s = 0; s < ns; s++) {
        int port, src = orf_flowsheet_stream_source(e->fs, s, &port);
        double cs = carbon_tph(e, (int)s);
        if (src < 0 || is_type(e, src, "feed"))
            R->carbon_in_tph += cs;
        if (!is_final(e, (int)s))
            continue;
        int vent = 0;
        for (size_t v = 0; v < c->nvents; v++)
            vent |= c->vents[v].stream == (int)s;
        if (vent)
            R->carbon_emitted_tph += cs;
        else
            R->carbon_products_tph += cs;
    }
}

void orf__econ_carbon_point(orf_econ *e, econ_run *x)
{
    econ_carbon *c = e->carbon;
    if (!c)
        return;
    const size_t ns = e->nstages, U = ns; /* U: the row of emissions of no stage */
    const double H = x->hours;
    orf_econ_carbon_stage *st = c->st;
    memset(st, 0, (ns + 1) * sizeof *st);
    for (size_t s = 0; s < ns; s++)
        st[s].name = e->stage_defs[s].name;
    st[U].name = "(no stage)";
    for (size_t v = 0; v < c->nvents; v++) {
        int k = c->vents[v].stage;
        st[k >= 0 ? (size_t)k : U].scope1_t += carbon_tph(e, c->vents[v].stream) * H * CO2_PER_C;
    }
    double extra_c = 0;
    for (size_t i = 0; i < c->nsrc; i++) {
        const econ_csrc *s = &c->src[i];
        double q = 0; /* t/h, or MWh/h for a result in kW */
        if (s->q.stream >= 0) {
            q = orf__econ_dry_tph(orf_flowsheet_stream(e->fs, (size_t)s->q.stream));
        } else if (s->q.unit >= 0) {
            const orf_unit *u = orf_flowsheet_unit(e->fs, (size_t)s->q.unit);
            q = u->r ? nz(u->r[s->q.result]) * s->q.result_scale : 0.0;
        }
        q = q > 0 ? q : 0.0;
        if (s->input)
            extra_c += q * s->factor / 100.0;
        double t = s->input ? q * s->factor / 100.0 * CO2_PER_C * H : q * s->factor * H;
        st[s->stage >= 0 ? (size_t)s->stage : U].scope1_t += t;
    }
    size_t nu = orf_flowsheet_unit_count(e->fs);
    double kw = e->extra_kw; /* summed as eval_opex sums it: the same MWh to the last bit */
    for (size_t u = 0; u < nu; u++) {
        if (!e->elec_unit[u])
            continue;
        int k = e->unit_stage[u];
        double w = orf__econ_unit_kw(e, orf_flowsheet_unit(e->fs, u));
        kw += w;
        st[k >= 0 ? (size_t)k : U].electricity_mwh += w * H / 1000.0;
    }
    st[U].electricity_mwh += e->extra_kw * H / 1000.0;
    double s1 = 0, s1_staged = 0, mwh_staged = 0;
    for (size_t s = 0; s <= ns; s++) {
        st[s].scope2_t = st[s].electricity_mwh * c->grid;
        s1 += st[s].scope1_t;
        if (s < ns) {
            s1_staged += st[s].scope1_t;
            mwh_staged += st[s].electricity_mwh;
        }
    }
    x->scope1_t = s1;
    x->scope2_t = kw * H / 1000.0 * c->grid; /* Scope 2 = the economics' MWh × factor */
    /* Specific embedded emissions, stage by stage; ns + 1 passes settle any acyclic chain. */
    for (size_t s = 0; s < ns; s++) {
        const econ_stage_def *d = &e->stage_defs[s];
        st[s].output_t = 0;
        for (size_t k = 0; k < d->nout; k++)
            if (d->out[k] >= 0)
                st[s].output_t +=
                    orf__econ_dry_tph(orf_flowsheet_stream(e->fs, (size_t)d->out[k])) * H;
    }
    for (size_t pass = 0; pass <= ns; pass++) {
        for (size_t s = 0; s < ns; s++) {
            const econ_stage_def *d = &e->stage_defs[s];
            double pd = 0, pi = 0;
            for (size_t k = 0; k < d->nin; k++) {
                int p = d->in[k] >= 0 ? producer(e, d->in[k], s) : -1;
                if (p < 0)
                    continue;
                double t = orf__econ_dry_tph(orf_flowsheet_stream(e->fs, (size_t)d->in[k])) * H;
                pd += t * st[p].direct_t_per_t;
                pi += t * st[p].indirect_t_per_t;
            }
            st[s].precursor_direct_t = pd;
            st[s].precursor_indirect_t = pi;
            double own_d = st[s].scope1_t, own_i = st[s].scope2_t;
            double by_s1 = s1_staged > 0 ? st[s].scope1_t / s1_staged : 1.0 / (double)ns;
            double by_mwh = mwh_staged > 0 ? st[s].electricity_mwh / mwh_staged : by_s1;
            own_d += st[U].scope1_t * (s1_staged > 0 ? by_s1 : by_mwh);
            own_i += st[U].scope2_t * by_mwh;
            double o = st[s].output_t;
            st[s].direct_t_per_t = o > 0 ? (own_d + pd) / o : (double)NAN;
            st[s].indirect_t_per_t = o > 0 ? (own_i + pi) / o : (double)NAN;
        }
    }
    balance(e, extra_c);
    orf_econ_result *R = &e->res;
    R->has_carbon = 1;
    R->scope1_t_per_year = x->scope1_t;
    R->scope2_t_per_year = x->scope2_t;
    R->carbon_mwh_per_year = kw * H / 1000.0;
    R->grid_t_co2_per_mwh = c->grid;
    R->ncarbon_stages = ns + 1;
    R->carbon_stages = st;
    x->cbam_ship_t = x->cbam_emb_t = 0;
    if (c->product < 0)
        return;
    const econ_product *p = &e->products[c->product];
    const orf_econ_carbon_stage *g = &st[p->stage];
    double see = nz(g->direct_t_per_t) + (c->indirect ? nz(g->indirect_t_per_t) : 0.0);
    x->cbam_ship_t = orf__econ_dry_tph(orf_flowsheet_stream(e->fs, (size_t)p->stream)) * H *
                     c->share_pct / 100.0;
    x->cbam_emb_t = x->cbam_ship_t * see;
    R->has_cbam = 1;
    R->cbam_product = p->name;
    R->cbam_t_per_t = c->use_default ? c->default_t_per_t : see;
}

orf_status orf__econ_carbon_keep(orf_econ *e, size_t p)
{
    econ_carbon *c = e->carbon;
    if (!c || !e->sched)
        return ORF_OK;
    econ_period *P = &e->sched->periods[p];
    size_t n = e->nstages + 1;
    if (!P->cst && !(P->cst = orf_calloc(e->ctx, n, sizeof *P->cst)))
        return ORF_E_NOMEM;
    memcpy(P->cst, c->st, n * sizeof *P->cst);
    const orf_econ_result *R = &e->res;
    P->cbal[0] = R->carbon_in_tph;
    P->cbal[1] = R->carbon_products_tph;
    P->cbal[2] = R->carbon_emitted_tph;
    P->cbal[3] = R->carbon_mwh_per_year;
    P->cbam_t_per_t = R->cbam_t_per_t;
    return ORF_OK;
}

void orf__econ_carbon_mean(orf_econ *e, const econ_run *x, const double *W, double Wsum)
{
    econ_carbon *c = e->carbon;
    const econ_schedule *S = e->sched;
    if (!c || !S || !(Wsum > 0))
        return;
    size_t n = e->nstages + 1;
    orf_econ_result *R = &e->res;
    double bal[4] = {0}, cbam = 0, cbam_w = 0;
    for (size_t s = 0; s < n; s++) {
        orf_econ_carbon_stage *g = &c->st[s];
        const char *name = g->name;
        double d = 0, i = 0;
        memset(g, 0, sizeof *g);
        g->name = name;
        for (size_t p = 0; p < S->n; p++) {
            const orf_econ_carbon_stage *q = &S->periods[p].cst[s];
            double a = W[p] / Wsum;
            g->scope1_t += a * q->scope1_t;
            g->scope2_t += a * q->scope2_t;
            g->electricity_mwh += a * q->electricity_mwh;
            g->precursor_direct_t += a * q->precursor_direct_t;
            g->precursor_indirect_t += a * q->precursor_indirect_t;
            g->output_t += a * q->output_t;
            d += a * nz(q->direct_t_per_t) * q->output_t; /* the emissions attributed */
            i += a * nz(q->indirect_t_per_t) * q->output_t;
        }
        g->direct_t_per_t = g->output_t > 0 ? d / g->output_t : (double)NAN;
        g->indirect_t_per_t = g->output_t > 0 ? i / g->output_t : (double)NAN;
    }
    for (size_t p = 0; p < S->n; p++) {
        double a = W[p] / Wsum;
        for (size_t k = 0; k < 4; k++)
            bal[k] += a * S->periods[p].cbal[k];
        cbam += a * S->periods[p].x.cbam_ship_t * S->periods[p].cbam_t_per_t;
        cbam_w += a * S->periods[p].x.cbam_ship_t;
    }
    R->carbon_in_tph = bal[0];
    R->carbon_products_tph = bal[1];
    R->carbon_emitted_tph = bal[2];
    R->carbon_mwh_per_year = bal[3];
    R->scope1_t_per_year = x->scope1_t;
    R->scope2_t_per_year = x->scope2_t;
    if (cbam_w > 0)
        R->cbam_t_per_t = cbam / cbam_w; /* per t shipped, over the life */
}

/* Share of year t's production from each source (a period, or the single steady state). */
static void year_sums(const orf_econ *e, size_t t, const econ_run *x, econ_run *out)
{
    const int ps = e->construction_years, op = e->operating_years;
    memset(out, 0, sizeof *out);
    if ((int)t < ps || (int)t >= ps + op)
        return;
    size_t k = t - (size_t)ps;
    double f = k < e->nramp ? e->ramp_pct[k] / 100.0 : 1.0;
    size_t n = e->sched ? e->sched->n : 1;
    for (size_t p = 0; p < n; p++) {
        const econ_run *q = e->sched ? &e->sched->periods[p].x : x;
        double a = e->sched ? (t < e->ny_cap ? e->sched->w[t * n + p] : 0.0) * f : f;
        out->scope1_t += a * q->scope1_t;
        out->scope2_t += a * q->scope2_t;
        out->cbam_ship_t += a * q->cbam_ship_t;
        out->cbam_emb_t += a * q->cbam_emb_t;
    }
}

void orf__econ_carbon_years(orf_econ *e, const econ_run *x)
{
    const econ_carbon *c = e->carbon;
    orf_econ_result *R = &e->res;
    if (!c)
        return;
    R->cbam_life_usd = R->carbon_price_life_usd = R->scope1_life_t = R->scope2_life_t = 0;
    for (size_t t = 0; t < e->ny; t++) {
        orf_econ_year *y = &e->years[t];
        econ_run s;
        year_sums(e, t, x, &s);
        y->scope1_t = s.scope1_t;
        y->scope2_t = s.scope2_t;
        y->carbon_price_usd = s.scope1_t * c->carbon_price;
        if (c->product >= 0 && y->year >= CBAM_FIRST_YEAR) {
            double emb = s.cbam_emb_t;
            if (c->use_default)
                emb = s.cbam_ship_t * c->default_t_per_t *
                      (1.0 + by_year(c->markup_pct, c->nmarkup, y->year) / 100.0);
            double free_t =
                s.cbam_ship_t * c->benchmark * by_year(c->factor_pct, c->nfactor, y->year) / 100.0;
            double charged = emb > free_t ? emb - free_t : 0.0;
            y->cbam_usd = charged * by_year(c->price, c->nprice, y->year) / e->fx[c->cur];
        }
        y->opex_usd += y->cbam_usd + y->carbon_price_usd;
        R->cbam_life_usd += y->cbam_usd;
        R->carbon_price_life_usd += y->carbon_price_usd;
        R->scope1_life_t += y->scope1_t;
        R->scope2_life_t += y->scope2_t;
    }
}

/* ---------------------------------------------------------------- output */

void orf__econ_carbon_json(const orf_econ *e, orf_json *j)
{
    const orf_econ_result *R = &e->res;
    if (!e->carbon)
        return;
    orf_json_key(j, "carbon");
    orf_json_begin_object(j);
    orf_json_key_number(j, "scope1_t_per_year", R->scope1_t_per_year);
    orf_json_key_number(j, "scope2_t_per_year", R->scope2_t_per_year);
    orf_json_key_number(j, "grid_t_co2_per_mwh", R->grid_t_co2_per_mwh);
    orf_json_key_number(j, "electricity_mwh_per_year", R->carbon_mwh_per_year);
    orf_json_key_number(j, "scope1_life_t", R->scope1_life_t);
    orf_json_key_number(j, "scope2_life_t", R->scope2_life_t);
    orf_json_key(j, "carbon_balance");
    orf_json_begin_object(j);
    orf_json_key_number(j, "in_tph", R->carbon_in_tph);
    orf_json_key_number(j, "products_tph", R->carbon_products_tph);
    orf_json_key_number(j, "emitted_tph", R->carbon_emitted_tph);
    orf_json_end_object(j);
    orf_json_key(j, "stages");
    orf_json_begin_array(j);
    for (size_t s = 0; s < R->ncarbon_stages; s++) {
        const orf_econ_carbon_stage *g = &R->carbon_stages[s];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", g->name);
        orf_json_key_number(j, "scope1_t_per_year", g->scope1_t);
        orf_json_key_number(j, "scope2_t_per_year", g->scope2_t);
        orf_json_key_number(j, "electricity_mwh_per_year", g->electricity_mwh);
        if (s + 1 < R->ncarbon_stages) {
            orf_json_key_number(j, "precursors_direct_t_per_year", g->precursor_direct_t);
            orf_json_key_number(j, "precursors_indirect_t_per_year", g->precursor_indirect_t);
            orf_json_key_number(j, "output_t_per_year", g->output_t);
            orf_json_key_number(j, "direct_t_co2e_per_t", g->direct_t_per_t);
            orf_json_key_number(j, "indirect_t_co2e_per_t", g->indirect_t_per_t);
            orf_json_key_number(j, "t_co2e_per_t", g->direct_t_per_t + g->indirect_t_per_t);
        }
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "products");
    orf_json_begin_array(j);
    for (size_t i = 0; i < e->nproducts; i++) {
        int s = e->products[i].stage;
        if (s < 0)
            continue;
        const orf_econ_carbon_stage *g = &R->carbon_stages[s];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", e->products[i].name);
        orf_json_key_number(j, "direct_t_co2e_per_t", g->direct_t_per_t);
        orf_json_key_number(j, "indirect_t_co2e_per_t", g->indirect_t_per_t);
        orf_json_key_number(j, "t_co2e_per_t", g->direct_t_per_t + g->indirect_t_per_t);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key_number(j, "carbon_price_usd_per_t", e->carbon->carbon_price);
    orf_json_key_number(j, "carbon_price_life_usd", R->carbon_price_life_usd);
    orf_json_end_object(j);
    if (!R->has_cbam)
        return;
    const econ_carbon *c = e->carbon;
    orf_json_key(j, "cbam");
    orf_json_begin_object(j);
    orf_json_key_string(j, "product", R->cbam_product);
    orf_json_key_number(j, "share_to_eu_pct", c->share_pct);
    orf_json_key(j, "default_values");
    orf_json_bool(j, c->use_default);
    orf_json_key(j, "include_indirect");
    orf_json_bool(j, c->indirect);
    orf_json_key_number(j, "embedded_t_co2e_per_t", R->cbam_t_per_t);
    orf_json_key_number(j, "benchmark_t_co2_per_t", c->benchmark);
    orf_json_key_number(j, "life_usd", R->cbam_life_usd);
    orf_json_key(j, "years");
    orf_json_begin_array(j);
    for (size_t t = 0; t < e->ny; t++) {
        const orf_econ_year *y = &e->years[t];
        orf_json_begin_object(j);
        orf_json_key(j, "year");
        orf_json_int(j, y->year);
        orf_json_key_number(j, "certificate_price_eur_per_t",
                            by_year(c->price, c->nprice, y->year));
        orf_json_key_number(j, "cbam_factor_pct", by_year(c->factor_pct, c->nfactor, y->year));
        orf_json_key_number(j, "cost_usd", y->cbam_usd);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
}

void orf__econ_carbon_print(const orf_econ *e, FILE *fp)
{
    const orf_econ_result *R = &e->res;
    if (!e->carbon)
        return;
    fprintf(fp,
            "\nCarbon (t CO2e/yr at full production; grid %.3f t CO2/MWh)\n"
            "  Scope 1 %.0f   Scope 2 %.0f   carbon in %.4f t/h = products %.4f + emitted %.4f\n",
            R->grid_t_co2_per_mwh, R->scope1_t_per_year, R->scope2_t_per_year, R->carbon_in_tph,
            R->carbon_products_tph, R->carbon_emitted_tph);
    fprintf(fp, "  %-16s %10s %10s %10s %9s %9s %9s\n", "stage", "scope1_t", "scope2_t", "MWh",
            "direct/t", "indir/t", "CO2e/t");
    for (size_t s = 0; s < R->ncarbon_stages; s++) {
        const orf_econ_carbon_stage *g = &R->carbon_stages[s];
        fprintf(fp, "  %-16s %10.0f %10.0f %10.0f", g->name, g->scope1_t, g->scope2_t,
                g->electricity_mwh);
        if (s + 1 < R->ncarbon_stages)
            fprintf(fp, " %9.3f %9.3f %9.3f", g->direct_t_per_t, g->indirect_t_per_t,
                    g->direct_t_per_t + g->indirect_t_per_t);
        fputc('\n', fp);
    }
    if (R->has_cbam)
        fprintf(fp, "  CBAM on %s: %.3f t CO2e/t charged, %.2f M USD over the life\n",
                R->cbam_product, R->cbam_t_per_t, R->cbam_life_usd / 1e6);
    if (e->carbon->carbon_price > 0)
        fprintf(fp, "  Domestic carbon price: %.2f M USD over the life\n",
                R->carbon_price_life_usd / 1e6);
}
