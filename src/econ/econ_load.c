/* Parsing the `economics:` section of a flowsheet (docs/format.md, "Economics"): currencies,
 * stages, timeline, products, costs; the taxes are read by econ_taxes.c. Every numeric value is
 * registered by its path (economics.products.NAME.price, ...) so that Monte Carlo and the
 * sensitivity analysis can sample it (orf_econ_param_ref). Names of streams, units, materials,
 * stages and currencies are resolved here, once, with located errors and did-you-mean hints;
 * orf_econ_eval (econ_eval.c) then only computes.
 */
#include "base/base_impl.h"
#include "econ_impl.h"

#include "oreflow/materials.h"
#include "oreflow/stream.h"
#include "oreflow/unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- parsing helpers */

int orf__econ_num_in(orf_econ *e, const orf_node *n, const char *path, double lo, double hi,
                     double *out)
{
    double v;
    if (orf_node_number(e->ctx, n, path, &v) != ORF_OK)
        return 0;
    if (!(v >= lo && v <= hi)) {
        orf_diag_emit(e->ctx, ORF_E_RANGE, &n->loc, NULL, "%s = %g is outside [%g, %g]", path, v,
                      lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int orf__econ_num(orf_econ *e, const orf_node *map, const char *key, const char *prefix,
                  double dflt, int required, double lo, double hi, double *slot)
{
    char path[256];
    snprintf(path, sizeof path, "%s.%s", prefix, key);
    *slot = dflt;
    const orf_node *n = orf_node_get(map, key);
    int ok = 1;
    if (!n) {
        if (required) {
            orf_diag_emit(e->ctx, ORF_E_INPUT, map ? &map->loc : NULL, NULL, "'%s' is required",
                          path);
            ok = 0;
        }
    } else {
        ok = orf__econ_num_in(e, n, path, lo, hi, slot);
    }
    orf__econ_reg(e, path, slot);
    orf__econ_reg_range(e, lo, hi);
    return ok;
}

/* An integer (a year, a count of years): map[key] must be a whole number in [lo, hi]; the range
 * is tested on the double before the conversion, so no value reaches (int) that does not fit.
 * *out is written only when the value is valid (dflt when absent). Not samplable. */
static int econ_int(orf_econ *e, const orf_node *map, const char *key, const char *prefix, int dflt,
                    int lo, int hi, int *out)
{
    char path[256];
    snprintf(path, sizeof path, "%s.%s", prefix, key);
    const orf_node *n = orf_node_get(map, key);
    double v;
    if (!n) {
        *out = dflt;
        return 1;
    }
    if (!orf__econ_num_in(e, n, path, lo, hi, &v))
        return 0;
    if (v != floor(v)) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &n->loc, NULL, "%s = %g is not a whole number", path, v);
        return 0;
    }
    *out = (int)v;
    return 1;
}

static int cur_index(const orf_econ *e, const char *name)
{
    for (size_t i = 0; i < e->ncur; i++)
        if (strcmp(e->cur_name[i], name) == 0)
            return (int)i;
    return -1;
}

static int currency(orf_econ *e, const orf_node *map, const char *what)
{
    const orf_node *n = orf_node_get(map, "currency");
    const char *s;
    if (!n)
        return 0;
    if (orf_node_string(e->ctx, n, what, &s) != ORF_OK)
        return 0;
    int c = cur_index(e, s);
    if (c < 0) {
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &n->loc, NULL,
                      "%s: unknown currency '%s' (give its rate in economics.fx)", what, s);
        orf_diag_hint_nearest(e->ctx, s, e->cur_name, e->ncur);
        return 0;
    }
    return c;
}

static int stream_ref(orf_econ *e, const orf_node *n, const char *what)
{
    const char *s;
    if (!n) {
        return -1;
    }
    if (orf_node_string(e->ctx, n, what, &s) != ORF_OK)
        return -1;
    int i = orf_flowsheet_stream_index(e->fs, s);
    if (i < 0) {
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &n->loc, s, "%s: no stream named '%s'", what, s);
        size_t ns = orf_flowsheet_stream_count(e->fs);
        const char **names = orf_malloc(e->ctx, (ns + 1) * sizeof *names);
        if (names) {
            for (size_t k = 0; k < ns; k++)
                names[k] = orf_flowsheet_stream(e->fs, k)->name;
            orf_diag_hint_nearest(e->ctx, s, names, ns);
            orf_free(e->ctx, names);
        }
    }
    return i;
}

static int stage_ref(orf_econ *e, const orf_node *map, const char *what)
{
    const orf_node *n = orf_node_get(map, "stage");
    const char *s;
    if (!n || orf_node_string(e->ctx, n, what, &s) != ORF_OK)
        return -1;
    for (size_t i = 0; i < e->nstages; i++)
        if (strcmp(e->stage_defs[i].name, s) == 0)
            return (int)i;
    orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &n->loc, NULL,
                  "%s: no stage named '%s' in economics.stages", what, s);
    return -1;
}

static const char *item_name(orf_econ *e, const orf_node *map, const char *what, size_t i)
{
    const orf_node *n = orf_node_get(map, "name");
    const char *s;
    if (n && orf_node_string(e->ctx, n, what, &s) == ORF_OK)
        return s;
    char buf[32];
    snprintf(buf, sizeof buf, "%zu", i);
    if (!n)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &map->loc, NULL, "%s[%zu] needs a 'name'", what, i);
    return orf_ctx_strdup(e->ctx, buf);
}

static const orf_node *seq_or_null(orf_econ *e, const orf_node *map, const char *key,
                                   const char *what)
{
    const orf_node *n = orf_node_get(map, key);
    if (n && orf_node_expect(e->ctx, n, ORF_NODE_SEQ, what) != ORF_OK)
        return NULL;
    return n;
}

static int *stream_list(orf_econ *e, const orf_node *n, const char *what, size_t *count)
{
    *count = 0;
    if (!n)
        return NULL;
    if (n->kind == ORF_NODE_SCALAR) {
        int *v = orf_malloc(e->ctx, sizeof *v);
        if (v) {
            v[0] = stream_ref(e, n, what);
            *count = 1;
        }
        return v;
    }
    if (orf_node_expect(e->ctx, n, ORF_NODE_SEQ, what) != ORF_OK)
        return NULL;
    int *v = orf_calloc(e->ctx, n->n ? n->n : 1, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n->n; i++)
        v[i] = stream_ref(e, n->items[i], what);
    *count = n->n;
    return v;
}

/* flags[u] = value for each unit named in the sequence un; unknown names are located errors
 * "WHAT: no unit named '...'". flags may be NULL (its allocation failed). */
static void mark_units(orf_econ *e, const orf_node *un, const char *what, int *flags, int value)
{
    for (size_t k = 0; k < un->n; k++) {
        const char *s;
        if (orf_node_string(e->ctx, un->items[k], "unit name", &s) != ORF_OK)
            continue;
        int u = orf_flowsheet_unit_index(e->fs, s);
        if (u < 0)
            orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &un->items[k]->loc, s,
                          "%s: no unit named '%s'", what, s);
        else if (flags)
            flags[u] = value;
    }
}

static int find_material(const orf_system *sys, const char *name)
{
    for (size_t m = 0; m < sys->nm; m++)
        if (strcmp(sys->mat[m]->name, name) == 0)
            return (int)m;
    return -1;
}

/* ---------------------------------------------------------------- sections */

static void parse_fx(orf_econ *e, const orf_node *ec)
{
    e->cur_name[0] = "USD";
    e->fx[0] = 1.0;
    e->ncur = 1;
    const orf_node *fx = orf_node_get(ec, "fx");
    if (!fx)
        return;
    if (orf_node_expect(e->ctx, fx, ORF_NODE_MAP, "economics.fx") != ORF_OK)
        return;
    for (size_t i = 0; i < fx->n && e->ncur < ORF_ECON_MAX_CUR; i++) {
        const char *name = fx->keys[i]->str;
        if (strcmp(name, "USD") == 0)
            continue;
        size_t c = e->ncur++;
        e->cur_name[c] = name;
        orf__econ_num(e, fx, name, "economics.fx", 0, 1, 1e-9, 1e12, &e->fx[c]);
        char path[160];
        snprintf(path, sizeof path, "economics.fx.%s", name);
        orf__econ_unit(e, path, "%s/USD", name); /* units of the currency per USD */
    }
}

static void parse_stages(orf_econ *e, const orf_node *ec)
{
    const orf_node *st = seq_or_null(e, ec, "stages", "economics.stages");
    size_t nu = orf_flowsheet_unit_count(e->fs);
    e->unit_stage = orf_malloc(e->ctx, (nu ? nu : 1) * sizeof *e->unit_stage);
    if (e->unit_stage)
        for (size_t u = 0; u < nu; u++)
            e->unit_stage[u] = -1;
    if (!st)
        return;
    e->stage_defs = orf_calloc(e->ctx, st->n ? st->n : 1, sizeof *e->stage_defs);
    if (!e->stage_defs)
        return;
    e->nstages = st->n;
    static const char *const keys[] = {"name", "in", "out", "units", NULL};
    for (size_t i = 0; i < st->n; i++) {
        const orf_node *m = st->items[i];
        econ_stage_def *d = &e->stage_defs[i];
        if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.stages[]") != ORF_OK) {
            d->name = "?";
            continue;
        }
        orf_node_check_keys(e->ctx, m, keys, "economics.stages[]");
        d->name = item_name(e, m, "economics.stages", i);
        d->in = stream_list(e, orf_node_get(m, "in"), "economics.stages[].in", &d->nin);
        d->out = stream_list(e, orf_node_get(m, "out"), "economics.stages[].out", &d->nout);
        const orf_node *un = orf_node_get(m, "units");
        if (un && orf_node_expect(e->ctx, un, ORF_NODE_SEQ, "economics.stages[].units") == ORF_OK)
            mark_units(e, un, "economics.stages", e->unit_stage, (int)i);
    }
}

static void parse_timeline(orf_econ *e, const orf_node *ec)
{
    const orf_node *tl = orf_node_get(ec, "timeline");
    static const char *const keys[] = {
        "start_year",     "construction_years", "operating_years", "ramp_up_pct",
        "hours_per_year", "availability_pct",   "phases",          NULL};
    if (!tl) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &ec->loc, NULL, "economics.timeline is required");
        return;
    }
    if (orf_node_expect(e->ctx, tl, ORF_NODE_MAP, "economics.timeline") != ORF_OK)
        return;
    orf_node_check_keys(e->ctx, tl, keys, "economics.timeline");
    /* Integers that size the timeline: checked before any use, not samplable. A rejected value
     * leaves the default, and the load stops before sizing anything (orf_econ_load). */
    econ_int(e, tl, "start_year", "economics.timeline", 2026, 1900, 2200, &e->start_year);
    econ_int(e, tl, "construction_years", "economics.timeline", 2, 0, 20, &e->construction_years);
    econ_int(e, tl, "operating_years", "economics.timeline", 20, 1, 100, &e->operating_years);
    orf__econ_num(e, tl, "hours_per_year", "economics.timeline", 8760, 0, 1, 8784,
                  &e->hours_per_year);
    orf__econ_num(e, tl, "availability_pct", "economics.timeline", 90, 0, 0, 100,
                  &e->availability_pct);
    const orf_node *ru = orf_node_get(tl, "ramp_up_pct");
    if (ru &&
        orf_node_expect(e->ctx, ru, ORF_NODE_SEQ, "economics.timeline.ramp_up_pct") == ORF_OK) {
        e->ramp_pct = orf_calloc(e->ctx, ru->n ? ru->n : 1, sizeof *e->ramp_pct);
        if (e->ramp_pct) {
            e->nramp = ru->n;
            for (size_t i = 0; i < ru->n; i++) {
                char path[64];
                snprintf(path, sizeof path, "economics.timeline.ramp_up_pct[%zu]", i);
                orf__econ_num_in(e, ru->items[i], path, 0, 100, &e->ramp_pct[i]);
                orf__econ_reg(e, path, &e->ramp_pct[i]);
            }
        }
    }
    const orf_node *ph = seq_or_null(e, tl, "phases", "economics.timeline.phases");
    if (!ph)
        return;
    e->phases = orf_calloc(e->ctx, ph->n ? ph->n : 1, sizeof *e->phases);
    if (!e->phases)
        return;
    e->nphases = ph->n;
    static const char *const pkeys[] = {"name",  "capex", "currency", "start_year",
                                        "years", "stage", "units",    NULL};
    for (size_t i = 0; i < ph->n; i++) {
        const orf_node *m = ph->items[i];
        econ_phase *p = &e->phases[i];
        p->stage = -1;
        p->name = "?";
        p->years = 1;
        if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.timeline.phases[]") != ORF_OK)
            continue;
        orf_node_check_keys(e->ctx, m, pkeys, "economics.timeline.phases[]");
        p->name = item_name(e, m, "economics.timeline.phases", i);
        char prefix[160];
        snprintf(prefix, sizeof prefix, "economics.timeline.phases.%s", p->name);
        if (!orf__econ_phase_factored(e, m, p)) /* capex: factored (econ_design.c) */
            orf__econ_num(e, m, "capex", prefix, 0, 1, 0, 1e13, &p->amount);
        p->cur = currency(e, m, prefix);
        orf__econ_unit_at(e, prefix, "capex", "%s", e->cur_name[p->cur]);
        int start = e->start_year;
        econ_int(e, m, "start_year", prefix, e->start_year, e->start_year, 2200, &start);
        p->start_index = start - e->start_year;
        econ_int(e, m, "years", prefix, 1, 1, 20, &p->years);
        p->stage = stage_ref(e, m, prefix);
        orf__econ_phase_factored_check(e, p, prefix);
    }
}

static basis_kind parse_basis(orf_econ *e, const orf_node *b, const char *what, econ_product *p)
{
    static const char *const keys[] = {"assay", "reference_pct", NULL};
    const orf_system *sys = orf_flowsheet_system(e->fs);
    if (orf_node_expect(e->ctx, b, ORF_NODE_MAP, what) != ORF_OK)
        return B_NONE;
    orf_node_check_keys(e->ctx, b, keys, what);
    const orf_node *an = orf_node_get(b, "assay");
    const char *a;
    char prefix[200];
    snprintf(prefix, sizeof prefix, "%s", what);
    orf__econ_num(e, b, "reference_pct", prefix, 0, 1, 1e-6, 100, &p->ref_pct);
    if (!an) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &b->loc, NULL, "%s needs 'assay'", what);
        return B_NONE;
    }
    if (orf_node_string(e->ctx, an, what, &a) != ORF_OK)
        return B_NONE;
    int el = orf_matdb_element_index(sys->db, a);
    if (el >= 0) {
        p->basis_el = el;
        p->basis_factor = 1.0;
        return B_ELEMENT;
    }
    double f;
    if (orf_oxide_factor(sys->db, a, &el, &f) == 0) {
        p->basis_el = el;
        p->basis_factor = f;
        return B_OXIDE;
    }
    int m = find_material(sys, a);
    if (m >= 0) {
        p->basis_el = m;
        return B_MATERIAL;
    }
    orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &an->loc, NULL,
                  "%s: '%s' is not an element, a simple oxide or a material of the flowsheet", what,
                  a);
    return B_NONE;
}

static void parse_products(orf_econ *e, const orf_node *ec)
{
    const orf_node *pr = seq_or_null(e, ec, "products", "economics.products");
    if (!pr)
        return;
    e->products = orf_calloc(e->ctx, pr->n ? pr->n : 1, sizeof *e->products);
    if (!e->products)
        return;
    e->nproducts = pr->n;
    econ_terms *T = e->terms;
    T->ffirst = orf_calloc(e->ctx, pr->n ? pr->n : 1, sizeof *T->ffirst);
    T->nfreight = orf_calloc(e->ctx, pr->n ? pr->n : 1, sizeof *T->nfreight);
    static const char *const keys[] = {
        "name", "stream", "price",   "currency", "basis", "vat_included_pct",
        "sold", "stage",  "freight", NULL};
    for (size_t i = 0; i < pr->n; i++) {
        const orf_node *m = pr->items[i];
        econ_product *p = &e->products[i];
        p->stream = -1;
        p->stage = -1;
        p->name = "?";
        if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.products[]") != ORF_OK)
            continue;
        orf_node_check_keys(e->ctx, m, keys, "economics.products[]");
        p->name = item_name(e, m, "economics.products", i);
        char prefix[160];
        snprintf(prefix, sizeof prefix, "economics.products.%s", p->name);
        p->stream = stream_ref(e, orf_node_get(m, "stream"), prefix);
        if (!orf_node_get(m, "stream"))
            orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, p->name, "%s needs a 'stream'", prefix);
        orf__econ_num(e, m, "price", prefix, 0, 1, 0, 1e12, &p->price);
        p->cur = currency(e, m, prefix);
        orf__econ_num(e, m, "vat_included_pct", prefix, 0, 0, 0, 100, &p->vat_incl_pct);
        const orf_node *b = orf_node_get(m, "basis");
        char bw[200];
        snprintf(bw, sizeof bw, "%s.basis", prefix);
        p->basis = b ? parse_basis(e, b, bw, p) : B_NONE;
        /* A price on a basis is per tonne at the reference grade (econ_eval.c). */
        orf__econ_unit_at(e, prefix, "price", "%s/t", e->cur_name[p->cur]);
        orf__econ_freight_parse(e, i, orf_node_get(m, "freight"), prefix); /* netback */
        /* Default: sold when the stream is a final product (no consumer). */
        int port;
        p->sold = p->stream >= 0 && orf_flowsheet_stream_sink(e->fs, (size_t)p->stream, &port) < 0;
        if (p->stream >= 0 && !p->sold) {
            int u = orf_flowsheet_stream_sink(e->fs, (size_t)p->stream, &port);
            const orf_unit *un = orf_flowsheet_unit(e->fs, (size_t)u);
            if (un && un->type && strcmp(un->type->name, "product") == 0)
                p->sold = 1;
        }
        const orf_node *sn = orf_node_get(m, "sold");
        if (sn)
            orf_node_bool(e->ctx, sn, "sold", &p->sold);
        p->stage = stage_ref(e, m, prefix);
    }
}

/* A cost item priced on a unit result: `unit` and `result` name it; a result in kW is priced
 * per MWh, one in t/h per t, any other per (result unit × hour). */
static void parse_result_item(orf_econ *e, const orf_node *m, const orf_node *un,
                              const orf_node *rn, const char *prefix, econ_item *c)
{
    const char *us, *rs;
    if (!un || !rn) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, c->name,
                      "%s: an item on a unit result needs both 'unit' and 'result'", prefix);
        return;
    }
    if (orf_node_string(e->ctx, un, "unit", &us) != ORF_OK ||
        orf_node_string(e->ctx, rn, "result", &rs) != ORF_OK)
        return;
    c->unit = orf_flowsheet_unit_index(e->fs, us);
    if (c->unit < 0) {
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &un->loc, us, "%s: no unit named '%s'", prefix,
                      us);
        return;
    }
    const orf_unit_type *t = orf_flowsheet_unit(e->fs, (size_t)c->unit)->type;
    for (size_t k = 0; t && k < t->nresults; k++)
        if (strcmp(t->results[k].name, rs) == 0)
            c->result = (int)k;
    if (c->result < 0) {
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &rn->loc, us,
                      "%s: unit '%s' (%s) has no result '%s'", prefix, us, t ? t->name : "?", rs);
        if (t && t->nresults) {
            const char *names[64];
            size_t n = t->nresults < 64 ? t->nresults : 64;
            for (size_t k = 0; k < n; k++)
                names[k] = t->results[k].name;
            orf_diag_hint_nearest(e->ctx, rs, names, n);
        }
        c->unit = -1;
        return;
    }
    const char *ru = t->results[c->result].unit;
    c->result_scale = ru && strcmp(ru, "kW") == 0 ? 1e-3 : 1.0;
}

int orf__econ_currency(orf_econ *e, const orf_node *map, const char *what)
{
    return currency(e, map, what);
}
int orf__econ_stage_ref(orf_econ *e, const orf_node *map, const char *what)
{
    return stage_ref(e, map, what);
}
void orf__econ_result_item(orf_econ *e, const orf_node *m, const char *prefix, econ_item *c)
{
    parse_result_item(e, m, orf_node_get(m, "unit"), orf_node_get(m, "result"), prefix, c);
}

static void parse_costs(orf_econ *e, const orf_node *ec)
{
    const orf_node *co = orf_node_get(ec, "costs");
    size_t nu = orf_flowsheet_unit_count(e->fs);
    e->elec_unit = orf_calloc(e->ctx, nu ? nu : 1, sizeof *e->elec_unit);
    if (!co)
        return;
    if (orf_node_expect(e->ctx, co, ORF_NODE_MAP, "economics.costs") != ORF_OK)
        return;
    static const char *const keys[] = {"electricity",
                                       "items",
                                       "labour",
                                       "maintenance_pct_of_capex",
                                       "sustaining_pct_of_capex",
                                       "working_capital_pct_of_revenue",
                                       "closure",
                                       NULL};
    orf_node_check_keys(e->ctx, co, keys, "economics.costs");
    const orf_node *el = orf_node_get(co, "electricity");
    if (el && orf_node_expect(e->ctx, el, ORF_NODE_MAP, "economics.costs.electricity") == ORF_OK) {
        static const char *const ek[] = {"tariff", "currency", "units", "extra_kw", NULL};
        orf_node_check_keys(e->ctx, el, ek, "economics.costs.electricity");
        orf__econ_num(e, el, "tariff", "economics.costs.electricity", 0, 1, 0, 1e9, &e->tariff);
        e->tariff_cur = currency(e, el, "economics.costs.electricity");
        orf__econ_unit_at(e, "economics.costs.electricity", "tariff", "%s/kWh", /* kW × h ×
                                                                               tariff */
                          e->cur_name[e->tariff_cur]);
        orf__econ_num(e, el, "extra_kw", "economics.costs.electricity", 0, 0, 0, 1e9, &e->extra_kw);
        const orf_node *un = orf_node_get(el, "units");
        if (!un || (un->kind == ORF_NODE_SCALAR && strcmp(un->str, "all") == 0)) {
            for (size_t u = 0; e->elec_unit && u < nu; u++)
                e->elec_unit[u] = 1;
        } else if (orf_node_expect(e->ctx, un, ORF_NODE_SEQ, "economics.costs.electricity.units") ==
                   ORF_OK) {
            mark_units(e, un, "economics.costs.electricity", e->elec_unit, 1);
        }
    }
    const orf_node *it = seq_or_null(e, co, "items", "economics.costs.items");
    if (it && (e->items = orf_calloc(e->ctx, it->n ? it->n : 1, sizeof *e->items))) {
        e->nitems = it->n;
        static const char *const ik[] = {"name",   "stream",       "quantity", "price",
                                         "annual", "currency",     "stage",    "unit",
                                         "result", "dose_g_per_t", NULL};
        for (size_t i = 0; i < it->n; i++) {
            const orf_node *m = it->items[i];
            econ_item *c = &e->items[i];
            c->stream = -1;
            c->unit = c->result = -1;
            c->stage = -1;
            c->name = "?";
            if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.costs.items[]") != ORF_OK)
                continue;
            orf_node_check_keys(e->ctx, m, ik, "economics.costs.items[]");
            c->name = item_name(e, m, "economics.costs.items", i);
            char prefix[160];
            snprintf(prefix, sizeof prefix, "economics.costs.%s", c->name);
            const orf_node *sn = orf_node_get(m, "stream");
            const orf_node *un = orf_node_get(m, "unit"), *rn = orf_node_get(m, "result");
            if (un || rn) {
                parse_result_item(e, m, un, rn, prefix, c);
                orf__econ_num(e, m, "price", prefix, 0, 1, -1e12, 1e12, &c->price);
            } else if (sn) {
                c->stream = stream_ref(e, sn, prefix);
                orf__econ_num(e, m, "price", prefix, 0, 1, -1e12, 1e12, &c->price);
                if (orf_node_get(m, "dose_g_per_t")) /* a reagent: price per t of reagent */
                    orf__econ_num(e, m, "dose_g_per_t", prefix, 0, 1, 1e-9, 1e6, &c->dose_g_per_t);
                c->qty = Q_DRY;
                const orf_node *q = orf_node_get(m, "quantity");
                const char *qs;
                if (q && orf_node_string(e->ctx, q, "quantity", &qs) == ORF_OK) {
                    if (strcmp(qs, "dry") == 0)
                        c->qty = Q_DRY;
                    else if (strcmp(qs, "total") == 0)
                        c->qty = Q_TOTAL;
                    else if (strcmp(qs, "water") == 0)
                        c->qty = Q_WATER;
                    else if (strcmp(qs, "solids") == 0)
                        c->qty = Q_SOLIDS;
                    else if ((c->material = find_material(orf_flowsheet_system(e->fs), qs)) >= 0)
                        c->qty = Q_MATERIAL;
                    else
                        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &q->loc, c->name,
                                      "%s.quantity: '%s' is none of dry, total, water, solids "
                                      "or a material of the flowsheet",
                                      prefix, qs);
                }
            } else {
                orf__econ_num(e, m, "annual", prefix, 0, 1, -1e13, 1e13, &c->price);
            }
            c->cur = currency(e, m, prefix);
            c->stage = stage_ref(e, m, prefix);
            char fmt[64];
            orf__econ_unit_at(e, prefix, un || rn || sn ? "price" : "annual",
                              un || rn ? orf__econ_item_result_unit(e, c, fmt, sizeof fmt)
                              : sn     ? "%s/t"
                                       : "%s/yr",
                              e->cur_name[c->cur]);
        }
    }
    const orf_node *lb = seq_or_null(e, co, "labour", "economics.costs.labour");
    if (lb && (e->labour = orf_calloc(e->ctx, lb->n ? lb->n : 1, sizeof *e->labour))) {
        e->nlabour = lb->n;
        static const char *const lk[] = {"name", "headcount", "salary", "currency", "stage", NULL};
        for (size_t i = 0; i < lb->n; i++) {
            const orf_node *m = lb->items[i];
            econ_labour *l = &e->labour[i];
            l->stage = -1;
            l->name = "?";
            if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.costs.labour[]") != ORF_OK)
                continue;
            orf_node_check_keys(e->ctx, m, lk, "economics.costs.labour[]");
            l->name = item_name(e, m, "economics.costs.labour", i);
            char prefix[160];
            snprintf(prefix, sizeof prefix, "economics.costs.labour.%s", l->name);
            orf__econ_num(e, m, "headcount", prefix, 0, 1, 0, 1e6, &l->headcount);
            orf__econ_num(e, m, "salary", prefix, 0, 1, 0, 1e12, &l->salary);
            l->cur = currency(e, m, prefix);
            l->stage = stage_ref(e, m, prefix);
            orf__econ_unit_at(e, prefix, "salary", "%s/yr", e->cur_name[l->cur]);
        }
    }
    orf__econ_num(e, co, "maintenance_pct_of_capex", "economics.costs", 0, 0, 0, 100,
                  &e->maintenance_pct);
    orf__econ_num(e, co, "sustaining_pct_of_capex", "economics.costs", 0, 0, 0, 100,
                  &e->sustaining_pct);
    orf__econ_num(e, co, "working_capital_pct_of_revenue", "economics.costs", 0, 0, 0, 100,
                  &e->wc_pct);
    const orf_node *cl = orf_node_get(co, "closure");
    if (cl && orf_node_expect(e->ctx, cl, ORF_NODE_MAP, "economics.costs.closure") == ORF_OK) {
        static const char *const ck[] = {"cost", "currency", NULL};
        orf_node_check_keys(e->ctx, cl, ck, "economics.costs.closure");
        orf__econ_num(e, cl, "cost", "economics.costs.closure", 0, 1, 0, 1e13, &e->closure_cost);
        e->closure_cur = currency(e, cl, "economics.costs.closure");
        orf__econ_unit_at(e, "economics.costs.closure", "cost", "%s", e->cur_name[e->closure_cur]);
    }
}

/* ---------------------------------------------------------------- load / free */

static orf_status load(orf_ctx *ctx, orf_flowsheet *fs, orf_econ **out)
{
    *out = NULL;
    const orf_node *ec = orf_flowsheet_section(fs, "economics");
    if (!ec)
        return ORF_OK;
    if (orf_node_expect(ctx, ec, ORF_NODE_MAP, "economics") != ORF_OK)
        return ORF_E_INPUT;
    static const char *const keys[] = {"currency",     "fx",        "discount_rate_pct",
                                       "timeline",     "products",  "costs",
                                       "taxes",        "stages",    "value_element",
                                       "jurisdiction", "inflation", "fx_path",
                                       "financing",    "fiscal",    "carbon",
                                       "cbam",         NULL};
    size_t errs0 = orf_ctx_error_count(ctx);
    orf_node_check_keys(ctx, ec, keys, "economics");
    orf_econ *e = orf_calloc(ctx, 1, sizeof *e);
    if (!e)
        return ORF_E_NOMEM;
    e->ctx = ctx;
    e->fs = fs;
    if (!(e->terms = orf_calloc(ctx, 1, sizeof *e->terms))) {
        orf_free(ctx, e);
        return ORF_E_NOMEM;
    }
    const orf_node *cn = orf_node_get(ec, "currency");
    if (cn && (cn->kind != ORF_NODE_SCALAR || strcmp(cn->str, "USD") != 0))
        orf_diag_emit(ctx, ORF_E_INPUT, &cn->loc, NULL,
                      "economics.currency: results are reported in USD only (give other "
                      "currencies' rates in economics.fx)");
    parse_fx(e, ec);
    orf__econ_num(e, ec, "discount_rate_pct", "economics", 10, 0, -50, 100, &e->discount_rate_pct);
    parse_stages(e, ec);
    parse_timeline(e, ec);
    parse_products(e, ec);
    parse_costs(e, ec);
    orf__econ_taxes_load(e, ec);
    orf__econ_schedule_load(e);
    orf__econ_terms_parse(e, ec); /* inflation, financing, fiscal (econ_finance_terms.c) */
    orf__econ_carbon_load(e, ec);
    const orf_system *sys = orf_flowsheet_system(fs);
    e->element_name = orf_matdb_default_valuable_element(sys->db); /* Cr in data/materials.yaml */
    const orf_node *ve = orf_node_get(ec, "value_element");
    if (ve)
        orf_node_string(ctx, ve, "economics.value_element", &e->element_name);
    if (!e->element_name) /* a database that names no default: no element of value */
        e->element_name = "";
    e->element = orf_matdb_element_index(sys->db, e->element_name);
    if (e->element < 0 && ve)
        orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &ve->loc, NULL,
                      "economics.value_element: unknown element '%s'", e->element_name);

    /* Nothing is sized from a file whose economics has an error: the timeline's integers above
     * are valid by construction, and this stops every other rejected value before use. */
    if (orf_ctx_error_count(ctx) > errs0) {
        orf_econ_free(e);
        return ORF_E_INPUT;
    }
    e->ny = (size_t)(e->construction_years + e->operating_years + 1);
    for (size_t i = 0; i < e->nphases; i++) {
        size_t end = (size_t)(e->phases[i].start_index + e->phases[i].years);
        if (end > e->ny)
            e->ny = end;
    }
    e->ny_cap = e->ny;
    e->met_base = orf_calloc(ctx, e->ny, sizeof *e->met_base);
    e->var_opex_y = orf_calloc(ctx, e->ny, sizeof *e->var_opex_y);
    e->cf = orf_calloc(ctx, e->ny, sizeof *e->cf);
    e->add = orf_calloc(ctx, e->ny, sizeof *e->add);
    e->dep = orf_calloc(ctx, e->ny, sizeof *e->dep);
    e->pbt = orf_calloc(ctx, e->ny, sizeof *e->pbt);
    e->payroll = orf_calloc(ctx, e->ny, sizeof *e->payroll);
    e->tax[0] = orf_calloc(ctx, ORF__TAX_COUNT * e->ny, sizeof *e->tax[0]);
    for (size_t k = 1; e->tax[0] && k < ORF__TAX_COUNT; k++)
        e->tax[k] = e->tax[0] + k * e->ny;
    e->years = orf_calloc(ctx, e->ny, sizeof *e->years);
    e->rp = orf_calloc(ctx, e->nproducts ? e->nproducts : 1, sizeof *e->rp);
    e->rs = orf_calloc(ctx, e->nstages ? e->nstages : 1, sizeof *e->rs);
    if (orf__econ_schedule_alloc(e) != ORF_OK || orf__econ_carbon_alloc(e) != ORF_OK) {
        orf_econ_free(e);
        return ORF_E_NOMEM;
    }
    if (!e->met_base || !e->var_opex_y || !e->cf || !e->add || !e->dep || !e->pbt || !e->payroll ||
        !e->tax[0] || !e->years || !e->rp || !e->rs || !e->elec_unit || !e->unit_stage ||
        !orf__econ_terms_alloc(e)) {
        orf_econ_free(e);
        return ORF_E_NOMEM;
    }
    if (orf_ctx_error_count(ctx) > errs0) {
        orf_econ_free(e);
        return ORF_E_INPUT;
    }
    e->res.ntaxes = ORF__TAX_COUNT;
    e->res.tax_keys = orf__econ_tax_keys;
    e->res.tax_labels = orf__econ_tax_labels;
    *out = e;
    return ORF_OK;
}

orf_status orf_econ_load(orf_ctx *ctx, orf_flowsheet *fs, orf_econ **out)
{
    /* every list of the section (ramp-up, items, labour, stages, names of the parameters mc may
     * vary) is allocated; one refused is out of memory, never an item silently left out */
    orf__ctx_mark mark = orf__ctx_mark_get(ctx);
    orf_status st = orf__ctx_oom_since(ctx, &mark, load(ctx, fs, out), "loading the economics");
    if (st == ORF_E_NOMEM) {
        orf_econ_free(*out);
        *out = NULL;
    }
    return st;
}

void orf_econ_free(orf_econ *e)
{
    if (!e)
        return;
    orf_ctx *c = e->ctx;
    for (size_t i = 0; i < e->nstages && e->stage_defs; i++) {
        orf_free(c, e->stage_defs[i].in);
        orf_free(c, e->stage_defs[i].out);
    }
    orf_free(c, e->stage_defs);
    orf_free(c, e->unit_stage);
    orf_free(c, e->elec_unit);
    orf_free(c, e->ramp_pct);
    orf_free(c, e->phases);
    orf_free(c, e->products);
    orf_free(c, e->items);
    orf_free(c, e->labour);
    orf_free(c, e->params);
    orf__econ_schedule_free(e);
    orf__econ_carbon_free(e);
    orf_free(c, e->met_base);
    orf_free(c, e->var_opex_y);
    orf_free(c, e->cf);
    orf_free(c, e->add);
    orf_free(c, e->dep);
    orf_free(c, e->pbt);
    orf_free(c, e->payroll);
    orf_free(c, e->tax[0]);
    orf_free(c, e->years);
    orf_free(c, e->rp);
    orf_free(c, e->rs);
    orf__econ_terms_free(e);
    orf_free(c, e);
}

const orf_econ_result *orf_econ_result_get(const orf_econ *e)
{
    return &e->res;
}
