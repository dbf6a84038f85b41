/* Flowsheet loading: the YAML format of docs/format.md → system, units, streams, specs.
 * Every check reports file:line:column and collects as many errors as it can find. */
#include "flowsheet_impl.h"

#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATH 4096

static const char *const TOP_KEYS[] = {"name",
                                       "description",
                                       "materials_db",
                                       "materials",
                                       "valuable",
                                       "sizes",
                                       "composition_classes",
                                       "feeds",
                                       "units",
                                       "specs",
                                       "solver",
                                       "report",
                                       "economics",
                                       "uncertainty",
                                       "measurements",
                                       "notes",
                                       NULL};
static const char *const UNIT_RESERVED[] = {"name", "type", "in", "out", "note", NULL};

static orf_status oom(orf_ctx *ctx)
{
    return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
}

static void *aalloc(orf_flowsheet *fs, size_t n, size_t size)
{
    if (size && n > ((size_t)-1 >> 2) / size)
        return NULL;
    return orf__arena_alloc(&fs->arena, (n ? n : 1) * size);
}

/* ---- system: materials, sizes, composition classes ------------------------------------------ */

static orf_status load_materials(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    orf_system *y = &fs->sys;
    const orf_node *ml = orf_node_get(root, "materials");
    const orf_node *mk = orf_node_key(root, "materials");
    if (!ml)
        return orf_diag_emit(ctx, ORF_E_INPUT, &orf_doc_root(fs->doc)->loc, NULL,
                             "missing 'materials': list the materials this flowsheet uses");
    if (orf_node_expect(ctx, ml, ORF_NODE_SEQ, "'materials'"))
        return ORF_E_INPUT;
    (void)mk;
    size_t cap = ml->n + 1;
    y->mat = aalloc(fs, cap, sizeof *y->mat);
    y->mat_db_index = aalloc(fs, cap, sizeof *y->mat_db_index);
    if (!y->mat || !y->mat_db_index)
        return oom(ctx);
    orf_status st = ORF_OK;
    y->water = -1;
    for (size_t i = 0; i < ml->n; i++) {
        const char *name;
        if (orf_node_string(ctx, ml->items[i], "material name", &name)) {
            st = ORF_E_INPUT;
            continue;
        }
        int k = orf_matdb_material_index(fs->db, name);
        if (k < 0) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &ml->items[i]->loc, NULL,
                               "unknown material '%s' (not in the materials database)", name);
            orf_diag_hint_nearest(ctx, name, orf_matdb_material_names(fs->db),
                                  orf_matdb_material_count(fs->db));
            continue;
        }
        for (size_t j = 0; j < y->nm; j++)
            if (y->mat_db_index[j] == k)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &ml->items[i]->loc, NULL,
                                   "material '%s' listed twice", name);
        if (!strcmp(name, "water"))
            y->water = (int)y->nm;
        y->mat[y->nm] = orf_matdb_material(fs->db, (size_t)k);
        y->mat_db_index[y->nm] = k;
        y->nm++;
    }
    if (st)
        return st;
    if (y->water < 0) {
        int k = orf_matdb_material_index(fs->db, "water");
        if (k < 0)
            return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                                 "the materials database has no 'water'");
        y->water = (int)y->nm;
        y->mat[y->nm] = orf_matdb_material(fs->db, (size_t)k);
        y->mat_db_index[y->nm] = k;
        y->nm++;
    }
    y->valuable = -1;
    const orf_node *vn = orf_node_get(root, "valuable");
    if (vn) {
        const char *v;
        if (orf_node_string(ctx, vn, "'valuable'", &v))
            return ORF_E_INPUT;
        for (size_t j = 0; j < y->nm; j++)
            if (!strcmp(y->mat[j]->name, v))
                y->valuable = (int)j;
        if (y->valuable < 0)
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &vn->loc, NULL,
                                 "valuable: '%s' is not one of this flowsheet's materials", v);
    }
    return ORF_OK;
}

static int cmp_desc(const void *a, const void *b)
{
    double x = *(const double *)a, z = *(const double *)b;
    return x < z ? 1 : x > z ? -1 : 0;
}

static orf_status load_sizes(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    orf_system *y = &fs->sys;
    const orf_node *sn = orf_node_get(root, "sizes");
    double *sieves = NULL; /* upper bounds, descending */
    size_t n = 0;
    if (!sn) {
        /* no sizes: one class holding everything (chemistry-only flowsheets) */
        n = 1;
        sieves = aalloc(fs, 1, sizeof *sieves);
        if (!sieves)
            return oom(ctx);
        sieves[0] = 1e6;
        y->ns = 1;
        y->upper_um = sieves;
        y->lower_um = aalloc(fs, 1, sizeof(double));
        y->mid_um = aalloc(fs, 1, sizeof(double));
        if (!y->lower_um || !y->mid_um)
            return oom(ctx);
        y->mid_um[0] = 100.0;
        return ORF_OK;
    }
    if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "'sizes'"))
        return ORF_E_INPUT;
    static const char *const keys[] = {"top_um", "ratio", "count", "sieves_um", NULL};
    if (orf_node_check_keys(ctx, sn, keys, "'sizes'"))
        return ORF_E_INPUT;
    const orf_node *sv = orf_node_get(sn, "sieves_um");
    if (sv) {
        if (orf_node_expect(ctx, sv, ORF_NODE_SEQ, "sizes.sieves_um"))
            return ORF_E_INPUT;
        n = sv->n;
        if (n < 1 || n > 200)
            return orf_diag_emit(ctx, ORF_E_RANGE, &sv->loc, NULL,
                                 "sizes.sieves_um: expected 1 to 200 sieve sizes, found %zu", n);
        sieves = aalloc(fs, n, sizeof *sieves);
        if (!sieves)
            return oom(ctx);
        for (size_t i = 0; i < n; i++) {
            if (orf_node_number(ctx, sv->items[i], "sieve size (µm)", &sieves[i]))
                return ORF_E_INPUT;
            if (!(sieves[i] > 0))
                return orf_diag_emit(ctx, ORF_E_RANGE, &sv->items[i]->loc, NULL,
                                     "sieve size must be > 0 µm, found %g", sieves[i]);
        }
        qsort(sieves, n, sizeof *sieves, cmp_desc);
        for (size_t i = 1; i < n; i++)
            if (sieves[i] == sieves[i - 1])
                return orf_diag_emit(ctx, ORF_E_INPUT, &sv->loc, NULL,
                                     "sizes.sieves_um: %g µm is listed twice", sieves[i]);
    } else {
        double top = 0, ratio = 1.4142135623730951;
        long count = 0;
        const orf_node *t = orf_node_get(sn, "top_um"), *r = orf_node_get(sn, "ratio"),
                       *c = orf_node_get(sn, "count");
        if (!t || !c)
            return orf_diag_emit(ctx, ORF_E_INPUT, &sn->loc, NULL,
                                 "sizes: give either sieves_um or top_um and count (ratio "
                                 "defaults to √2)");
        if (orf_node_number(ctx, t, "sizes.top_um", &top) ||
            (r && orf_node_number(ctx, r, "sizes.ratio", &ratio)) ||
            orf_node_int(ctx, c, "sizes.count", &count))
            return ORF_E_INPUT;
        if (!(top > 0))
            return orf_diag_emit(ctx, ORF_E_RANGE, &t->loc, NULL, "sizes.top_um must be > 0");
        if (!(ratio > 1.0))
            return orf_diag_emit(ctx, ORF_E_RANGE, r ? &r->loc : &sn->loc, NULL,
                                 "sizes.ratio must be > 1, found %g", ratio);
        if (count < 1 || count > 200)
            return orf_diag_emit(ctx, ORF_E_RANGE, &c->loc, NULL,
                                 "sizes.count must be within 1..200, found %ld", count);
        n = (size_t)count;
        sieves = aalloc(fs, n, sizeof *sieves);
        if (!sieves)
            return oom(ctx);
        for (size_t i = 0; i < n; i++)
            sieves[i] = top / pow(ratio, (double)i);
    }
    /* n sieves give n classes: [sieve[i+1], sieve[i]) plus the pan [0, sieve[n-1]). */
    y->ns = n;
    y->upper_um = sieves;
    y->lower_um = aalloc(fs, n, sizeof(double));
    y->mid_um = aalloc(fs, n, sizeof(double));
    if (!y->lower_um || !y->mid_um)
        return oom(ctx);
    for (size_t i = 0; i < n; i++) {
        y->lower_um[i] = i + 1 < n ? sieves[i + 1] : 0.0;
        /* pan: representative size half the last sieve (a √2-series continuation would give
         * 0.707; half is the convention of King 2001 for an open-ended pan) */
        y->mid_um[i] = y->lower_um[i] > 0 ? sqrt(y->lower_um[i] * sieves[i]) : 0.5 * sieves[i];
    }
    return ORF_OK;
}

static orf_status load_comp_classes(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    orf_system *y = &fs->sys;
    const orf_node *cn = orf_node_get(root, "composition_classes");
    if (!cn || (cn->kind == ORF_NODE_SCALAR && !strcmp(cn->str, "liberated"))) {
        y->nc = 1;
        y->vfrac = aalloc(fs, 1, sizeof(double));
        y->liberated = aalloc(fs, 1, sizeof(int));
        if (!y->vfrac || !y->liberated)
            return oom(ctx);
        y->vfrac[0] = nan("");
        y->liberated[0] = 1;
        return ORF_OK;
    }
    if (orf_node_expect(ctx, cn, ORF_NODE_MAP, "'composition_classes' (or the word liberated)"))
        return ORF_E_INPUT;
    static const char *const keys[] = {"vfrac", NULL};
    if (orf_node_check_keys(ctx, cn, keys, "'composition_classes'"))
        return ORF_E_INPUT;
    const orf_node *vf = orf_node_get(cn, "vfrac");
    if (orf_node_expect(ctx, vf, ORF_NODE_SEQ, "composition_classes.vfrac"))
        return ORF_E_INPUT;
    if (y->valuable < 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &cn->loc, NULL,
                             "composition classes need 'valuable: MATERIAL' (the mineral whose "
                             "volume fraction defines each class)");
    if (vf->n < 2 || vf->n > 50)
        return orf_diag_emit(ctx, ORF_E_RANGE, &vf->loc, NULL,
                             "composition_classes.vfrac: expected 2 to 50 classes, found %zu",
                             vf->n);
    y->nc = vf->n;
    y->vfrac = aalloc(fs, y->nc, sizeof(double));
    y->liberated = aalloc(fs, y->nc, sizeof(int));
    if (!y->vfrac || !y->liberated)
        return oom(ctx);
    for (size_t c = 0; c < y->nc; c++) {
        if (orf_node_number(ctx, vf->items[c], "volume fraction", &y->vfrac[c]))
            return ORF_E_INPUT;
        if (y->vfrac[c] < 0 || y->vfrac[c] > 1)
            return orf_diag_emit(ctx, ORF_E_RANGE, &vf->items[c]->loc, NULL,
                                 "volume fraction must be within 0..1, found %g", y->vfrac[c]);
        y->liberated[c] = y->vfrac[c] == 0.0 || y->vfrac[c] == 1.0;
    }
    return ORF_OK;
}

/* ---- units and streams ---------------------------------------------------------------------- */

typedef struct pending_unit {
    const char *name;
    const orf_unit_type *type;
    const orf_node *node;
    const orf_node *in, *out; /* as written */
    orf_loc loc;
    int is_feed;
} pending_unit;

static int find_stream(orf_flowsheet *fs, const char *name)
{
    for (size_t i = 0; i < fs->nstreams; i++)
        if (!strcmp(fs->streams[i].name, name))
            return (int)i;
    return -1;
}

static const char **type_names(orf_flowsheet *fs)
{
    size_t n = orf_unit_type_count();
    const char **v = aalloc(fs, n + 1, sizeof *v);
    if (v)
        for (size_t i = 0; i < n; i++)
            v[i] = orf_unit_type_get(i)->name;
    return v;
}

/* Resolve a port spec (list, map or scalar) into stream names per port. `names` receives
 * `*count` entries; for fixed ports, entries are in port order (NULL for unconnected). */
static orf_status port_list(orf_flowsheet *fs, const pending_unit *pu, int outlet,
                            const orf_node *spec, const char ***names, const orf_node ***nodes,
                            size_t *count)
{
    orf_ctx *ctx = fs->ctx;
    const orf_unit_type *t = pu->type;
    const char *const *ports = outlet ? t->outlets : t->inlets;
    size_t np = outlet ? t->noutlets : t->ninlets;
    const char *what = outlet ? "out" : "in";
    *count = 0;
    if (!spec) {
        if (np == 0 || np == ORF_PORTS_VARIADIC)
            return ORF_OK;
        if (pu->is_feed)
            return ORF_OK;
        return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &pu->loc, pu->name,
                             "unit '%s' (%s) has no '%s': it needs %zu %s stream%s", pu->name,
                             t->name, what, np, outlet ? "outlet" : "inlet", np == 1 ? "" : "s");
    }
    size_t n = spec->kind == ORF_NODE_SCALAR ? 1 : spec->n;
    size_t slots = np == ORF_PORTS_VARIADIC ? n : np;
    *names = aalloc(fs, slots, sizeof **names);
    *nodes = aalloc(fs, slots, sizeof **nodes);
    if (!*names || !*nodes)
        return oom(ctx);
    if (spec->kind == ORF_NODE_SCALAR || spec->kind == ORF_NODE_SEQ) {
        if (np != ORF_PORTS_VARIADIC && n != np)
            return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &spec->loc, pu->name,
                                 "unit '%s' (%s) takes %zu %s stream%s, found %zu", pu->name,
                                 t->name, np, outlet ? "outlet" : "inlet", np == 1 ? "" : "s", n);
        if (np == ORF_PORTS_VARIADIC && n == 0)
            return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &spec->loc, pu->name,
                                 "unit '%s': '%s' lists no streams", pu->name, what);
        for (size_t i = 0; i < n; i++) {
            const orf_node *it = spec->kind == ORF_NODE_SCALAR ? spec : spec->items[i];
            if (orf_node_string(ctx, it, "stream name", &(*names)[i]))
                return ORF_E_INPUT;
            (*nodes)[i] = it;
        }
        *count = slots;
        return ORF_OK;
    }
    /* map port -> stream */
    if (np == ORF_PORTS_VARIADIC)
        return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &spec->loc, pu->name,
                             "unit '%s' (%s): give '%s' as a list of streams", pu->name, t->name,
                             what);
    orf_status st = ORF_OK;
    for (size_t i = 0; i < spec->n; i++) {
        const char *port = spec->keys[i]->str;
        size_t k = 0;
        while (k < np && strcmp(ports[k], port))
            k++;
        if (k == np) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &spec->keys[i]->loc, pu->name,
                               "unit '%s' (%s) has no %s port '%s'", pu->name, t->name,
                               outlet ? "outlet" : "inlet", port);
            orf_diag_hint_nearest(ctx, port, ports, np);
            continue;
        }
        if (orf_node_string(ctx, spec->items[i], "stream name", &(*names)[k]))
            st = ORF_E_INPUT;
        (*nodes)[k] = spec->items[i];
    }
    for (size_t k = 0; k < np && !st; k++)
        if (!(*names)[k])
            st = orf_diag_emit(ctx, ORF_E_TOPOLOGY, &spec->loc, pu->name,
                               "unit '%s' (%s): %s port '%s' is not connected", pu->name, t->name,
                               outlet ? "outlet" : "inlet", ports[k]);
    *count = np;
    return st;
}

static orf_status parse_params(orf_flowsheet *fs, orf_unit *u)
{
    orf_ctx *ctx = fs->ctx;
    const orf_unit_type *t = u->type;
    orf_status st = ORF_OK;
    u->p = aalloc(fs, t->nparams, sizeof *u->p);
    u->r = aalloc(fs, t->nresults, sizeof *u->r);
    if (!u->p || !u->r)
        return oom(ctx);
    for (size_t i = 0; i < t->nresults; i++)
        u->r[i] = nan("");
    const orf_node *m = u->params_node;
    /* unknown keys */
    for (size_t i = 0; m && i < m->n; i++) {
        const char *k = m->keys[i]->str;
        int reserved = 0;
        for (size_t j = 0; UNIT_RESERVED[j]; j++)
            if (!strcmp(k, UNIT_RESERVED[j]))
                reserved = 1;
        if (reserved || orf_unit_param_index(t, k) >= 0)
            continue;
        st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &m->keys[i]->loc, u->name,
                           "unit '%s' (%s) has no parameter '%s'", u->name, t->name, k);
        const char *cand[128];
        size_t nc = 0;
        for (size_t j = 0; j < t->nparams && nc < 128; j++)
            cand[nc++] = t->params[j].name;
        orf_diag_hint_nearest(ctx, k, cand, nc);
    }
    for (size_t i = 0; i < t->nparams; i++) {
        const orf_param_def *d = &t->params[i];
        const orf_node *v = orf_node_get(m, d->name);
        if (!v) {
            if (d->required) {
                /* "-" marks a dimensionless parameter: nothing to show */
                int show = d->unit && *d->unit && strcmp(d->unit, "-");
                st = orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                   "unit '%s' (%s) needs parameter '%s' (%s%s%s)", u->name, t->name,
                                   d->name, d->doc ? d->doc : "", show ? ", " : "",
                                   show ? d->unit : "");
            }
            u->p[i] = d->kind == ORF_PARAM_NUMBER ? d->dflt : nan("");
            continue;
        }
        if (d->kind != ORF_PARAM_NUMBER) {
            u->p[i] = nan("");
            continue;
        }
        char what[200];
        snprintf(what, sizeof what, "parameter '%s' of unit '%s'", d->name, u->name);
        double x;
        if (orf_node_number(ctx, v, what, &x)) {
            st = ORF_E_INPUT;
            continue;
        }
        if (x < d->min || x > d->max) {
            st = orf_diag_emit(ctx, ORF_E_RANGE, &v->loc, u->name,
                               "%s must be within %g..%g %s, found %g", what, d->min, d->max,
                               d->unit ? d->unit : "", x);
            continue;
        }
        u->p[i] = x;
    }
    return st;
}

static orf_status collect_units(orf_flowsheet *fs, const orf_node *root, pending_unit **out,
                                size_t *nout)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *feeds = orf_node_get(root, "feeds");
    const orf_node *units = orf_node_get(root, "units");
    orf_status st = ORF_OK;
    if (feeds && orf_node_expect(ctx, feeds, ORF_NODE_MAP, "'feeds'"))
        return ORF_E_INPUT;
    if (units && orf_node_expect(ctx, units, ORF_NODE_SEQ, "'units'"))
        return ORF_E_INPUT;
    size_t cap = (feeds ? feeds->n : 0) + (units ? units->n : 0);
    if (cap == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &root->loc, NULL,
                             "the flowsheet has no feeds and no units");
    pending_unit *pu = aalloc(fs, cap, sizeof *pu);
    if (!pu)
        return oom(ctx);
    size_t n = 0;
    const orf_unit_type *feed_type = orf_unit_type_find("feed");
    for (size_t i = 0; feeds && i < feeds->n; i++) {
        if (orf_node_expect(ctx, feeds->items[i], ORF_NODE_MAP, "a feed")) {
            st = ORF_E_INPUT;
            continue;
        }
        pu[n].name = feeds->keys[i]->str;
        pu[n].type = feed_type;
        pu[n].node = feeds->items[i];
        pu[n].out = feeds->keys[i];
        pu[n].loc = feeds->keys[i]->loc;
        pu[n].is_feed = 1;
        n++;
    }
    const char **tnames = type_names(fs);
    if (!tnames)
        return oom(ctx);
    for (size_t i = 0; units && i < units->n; i++) {
        const orf_node *un = units->items[i];
        if (orf_node_expect(ctx, un, ORF_NODE_MAP, "a unit")) {
            st = ORF_E_INPUT;
            continue;
        }
        const orf_node *nn = orf_node_get(un, "name"), *tn = orf_node_get(un, "type");
        if (!nn || !tn) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &un->loc, NULL, "a unit needs 'name' and 'type'");
            continue;
        }
        const char *name, *type;
        if (orf_node_string(ctx, nn, "unit name", &name) ||
            orf_node_string(ctx, tn, "unit type", &type)) {
            st = ORF_E_INPUT;
            continue;
        }
        const orf_unit_type *t = orf_unit_type_find(type);
        if (!t || !strcmp(type, "feed")) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &tn->loc, name,
                               !t ? "unknown unit type '%s'"
                                  : "'%s' units are written under 'feeds:', not 'units:'",
                               type);
            if (!t)
                orf_diag_hint_nearest(ctx, type, tnames, orf_unit_type_count());
            continue;
        }
        pu[n].name = name;
        pu[n].type = t;
        pu[n].node = un;
        pu[n].in = orf_node_get(un, "in");
        pu[n].out = orf_node_get(un, "out");
        pu[n].loc = nn->loc;
        n++;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(pu[i].name, pu[j].name))
                st = orf_diag_emit(ctx, ORF_E_INPUT, &pu[i].loc, pu[i].name,
                                   "name '%s' is used twice (first at line %d)", pu[i].name,
                                   pu[j].loc.line);
    *out = pu;
    *nout = n;
    return st;
}

static orf_status build_topology(orf_flowsheet *fs, pending_unit *pu, size_t n)
{
    orf_ctx *ctx = fs->ctx;
    orf_status st = ORF_OK;
    /* upper bound on streams: all ports named */
    size_t cap = 0;
    const char ***innames = aalloc(fs, n, sizeof *innames);
    const char ***outnames = aalloc(fs, n, sizeof *outnames);
    const orf_node ***innodes = aalloc(fs, n, sizeof *innodes);
    const orf_node ***outnodes = aalloc(fs, n, sizeof *outnodes);
    size_t *nin = aalloc(fs, n, sizeof *nin), *nout = aalloc(fs, n, sizeof *nout);
    fs->units = aalloc(fs, n, sizeof *fs->units);
    if (!innames || !outnames || !innodes || !outnodes || !nin || !nout || !fs->units)
        return oom(ctx);
    for (size_t i = 0; i < n; i++) {
        if (pu[i].is_feed) {
            nout[i] = 1;
            outnames[i] = aalloc(fs, 1, sizeof(char *));
            outnodes[i] = aalloc(fs, 1, sizeof(orf_node *));
            if (!outnames[i] || !outnodes[i])
                return oom(ctx);
            outnames[i][0] = pu[i].name;
            outnodes[i][0] = pu[i].out;
        } else {
            if (port_list(fs, &pu[i], 1, pu[i].out, &outnames[i], &outnodes[i], &nout[i]))
                st = ORF_E_TOPOLOGY;
        }
        if (port_list(fs, &pu[i], 0, pu[i].in, &innames[i], &innodes[i], &nin[i]))
            st = ORF_E_TOPOLOGY;
        cap += nout[i] + nin[i];
    }
    if (st)
        return st;
    fs->streams = aalloc(fs, cap, sizeof *fs->streams);
    fs->src_unit = aalloc(fs, cap, sizeof(int));
    fs->src_port = aalloc(fs, cap, sizeof(int));
    fs->dst_unit = aalloc(fs, cap, sizeof(int));
    fs->dst_port = aalloc(fs, cap, sizeof(int));
    fs->stream_loc = aalloc(fs, cap, sizeof(orf_loc));
    if (!fs->streams || !fs->src_unit || !fs->src_port || !fs->dst_unit || !fs->dst_port ||
        !fs->stream_loc)
        return oom(ctx);
    /* producers */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < nout[i]; k++) {
            const char *sname = outnames[i][k];
            int s = find_stream(fs, sname);
            if (s >= 0) {
                st = orf_diag_emit(ctx, ORF_E_TOPOLOGY, &outnodes[i][k]->loc, pu[i].name,
                                   "stream '%s' is produced twice: by '%s' and by '%s'", sname,
                                   fs->units[fs->src_unit[s]].name, pu[i].name);
                continue;
            }
            s = (int)fs->nstreams++;
            fs->streams[s].name = sname;
            fs->src_unit[s] = (int)i;
            fs->src_port[s] = (int)k;
            fs->dst_unit[s] = -1;
            fs->dst_port[s] = -1;
            fs->stream_loc[s] = outnodes[i][k]->loc;
        }
        fs->units[i].name = pu[i].name;
    }
    /* consumers */
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < nin[i]; k++) {
            const char *sname = innames[i][k];
            int s = find_stream(fs, sname);
            if (s < 0) {
                st = orf_diag_emit(ctx, ORF_E_TOPOLOGY, &innodes[i][k]->loc, pu[i].name,
                                   "stream '%s' flows into '%s' but no unit or feed produces it",
                                   sname, pu[i].name);
                const char *cand[512];
                size_t nc = 0;
                for (size_t j = 0; j < fs->nstreams && nc < 512; j++)
                    cand[nc++] = fs->streams[j].name;
                orf_diag_hint_nearest(ctx, sname, cand, nc);
                continue;
            }
            if (fs->dst_unit[s] >= 0) {
                st = orf_diag_emit(ctx, ORF_E_TOPOLOGY, &innodes[i][k]->loc, pu[i].name,
                                   "stream '%s' is fed to two units: '%s' and '%s' (use a "
                                   "splitter)",
                                   sname, fs->units[fs->dst_unit[s]].name, pu[i].name);
                continue;
            }
            fs->dst_unit[s] = (int)i;
            fs->dst_port[s] = (int)k;
        }
    }
    if (st)
        return st;
    /* units */
    fs->nunits = n;
    fs->uin = aalloc(fs, n, sizeof *fs->uin);
    fs->uout = aalloc(fs, n, sizeof *fs->uout);
    if (!fs->uin || !fs->uout)
        return oom(ctx);
    for (size_t i = 0; i < n; i++) {
        orf_unit *u = &fs->units[i];
        u->type = pu[i].type;
        u->node = pu[i].node;
        u->params_node = pu[i].node;
        u->sys = &fs->sys;
        u->loc = pu[i].loc;
        u->nin = nin[i];
        u->nout = nout[i];
        u->in = aalloc(fs, nin[i], sizeof(int));
        u->out = aalloc(fs, nout[i], sizeof(int));
        fs->uin[i] = aalloc(fs, nin[i], sizeof(orf_stream *));
        fs->uout[i] = aalloc(fs, nout[i], sizeof(orf_stream *));
        if (!u->in || !u->out || !fs->uin[i] || !fs->uout[i])
            return oom(ctx);
        for (size_t k = 0; k < nin[i]; k++)
            u->in[k] = find_stream(fs, innames[i][k]);
        for (size_t k = 0; k < nout[i]; k++)
            u->out[k] = find_stream(fs, outnames[i][k]);
    }
    return ORF_OK;
}

/* The particulate materials: those named (with any value) in the `mineralogy` of a feed unit
 * (the only unit type that creates particles: the others move or break them, reactors write bulk)
 * plus the valuable mineral. Only they get particulate cells (stream.h); the others are bulk
 * only. A feed's `mineralogy.MATERIAL` parameter exists only for these materials. Unknown names
 * are left to the feed's setup to report. */
static orf_status assign_particulate(orf_flowsheet *fs)
{
    orf_system *y = &fs->sys;
    y->pslot = aalloc(fs, y->nm ? y->nm : 1, sizeof *y->pslot);
    y->pmat = aalloc(fs, y->nm ? y->nm : 1, sizeof *y->pmat);
    if (!y->pslot || !y->pmat)
        return oom(fs->ctx);
    int *want = y->pslot; /* 1 = particulate, then replaced by the slot */
    for (size_t m = 0; m < y->nm; m++)
        want[m] = (int)m == y->valuable;
    for (size_t i = 0; i < fs->nunits; i++) {
        const orf_unit *u = &fs->units[i];
        if (!u->type || strcmp(u->type->name, "feed"))
            continue;
        const orf_node *mn = orf_node_get(u->params_node, "mineralogy");
        for (size_t k = 0; mn && mn->kind == ORF_NODE_MAP && k < mn->n; k++)
            for (size_t m = 0; m < y->nm; m++)
                if (!strcmp(y->mat[m]->name, mn->keys[k]->str))
                    want[m] = 1;
    }
    y->npm = 0;
    for (size_t m = 0; m < y->nm; m++) {
        if (want[m]) {
            y->pmat[y->npm] = (int)m;
            want[m] = (int)y->npm++;
        } else {
            want[m] = -1;
        }
    }
    return ORF_OK;
}

static orf_status alloc_streams(orf_flowsheet *fs)
{
    orf_system *y = &fs->sys;
    y->db = fs->db;
    orf_status st = assign_particulate(fs);
    if (st)
        return st;
    y->npart = y->npm * y->ns * y->nc;
    y->nvar = y->npart + y->nm + 1;
    fs->block = aalloc(fs, fs->nstreams * y->nvar, sizeof(double));
    if (!fs->block)
        return oom(fs->ctx);
    for (size_t i = 0; i < fs->nstreams; i++) {
        fs->streams[i].sys = y;
        fs->streams[i].x = fs->block + i * y->nvar;
        orf_stream_zero(&fs->streams[i]);
    }
    for (size_t i = 0; i < fs->nunits; i++) {
        orf_unit *u = &fs->units[i];
        for (size_t k = 0; k < u->nin; k++)
            fs->uin[i][k] = &fs->streams[u->in[k]];
        for (size_t k = 0; k < u->nout; k++)
            fs->uout[i][k] = &fs->streams[u->out[k]];
    }
    return ORF_OK;
}

/* ---- solver options, report, specs ---------------------------------------------------------- */

static orf_status load_solver(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    fs->opts.tol = 1e-12;
    fs->opts.max_iter = 500;
    fs->opts.accel = ORF_ACCEL_WEGSTEIN;
    fs->opts.q_min = -5.0;
    fs->opts.q_max = 0.0;
    const orf_node *sn = orf_node_get(root, "solver");
    if (!sn)
        return ORF_OK;
    if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "'solver'"))
        return ORF_E_INPUT;
    static const char *const keys[] = {"tol", "max_iter", "method", "q_min", "q_max", NULL};
    orf_status st = orf_node_check_keys(ctx, sn, keys, "'solver'");
    const orf_node *v;
    if ((v = orf_node_get(sn, "tol"))) {
        if (orf_node_number(ctx, v, "solver.tol", &fs->opts.tol))
            st = ORF_E_INPUT;
        else if (!(fs->opts.tol > 0 && fs->opts.tol < 1))
            st = orf_diag_emit(ctx, ORF_E_RANGE, &v->loc, NULL,
                               "solver.tol must be within (0, 1), found %g", fs->opts.tol);
    }
    if ((v = orf_node_get(sn, "max_iter"))) {
        long it;
        if (orf_node_int(ctx, v, "solver.max_iter", &it))
            st = ORF_E_INPUT;
        else if (it < 1 || it > 1000000)
            st = orf_diag_emit(ctx, ORF_E_RANGE, &v->loc, NULL,
                               "solver.max_iter must be within 1..1000000, found %ld", it);
        else
            fs->opts.max_iter = (int)it;
    }
    if ((v = orf_node_get(sn, "method"))) {
        const char *m;
        if (orf_node_string(ctx, v, "solver.method", &m))
            st = ORF_E_INPUT;
        else if (!strcmp(m, "wegstein"))
            fs->opts.accel = ORF_ACCEL_WEGSTEIN;
        else if (!strcmp(m, "plain") || !strcmp(m, "direct"))
            fs->opts.accel = ORF_ACCEL_NONE;
        else {
            static const char *const methods[] = {"wegstein", "plain"};
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &v->loc, NULL,
                               "solver.method: expected wegstein or plain, found '%s'", m);
            orf_diag_hint_nearest(ctx, m, methods, 2);
        }
    }
    if ((v = orf_node_get(sn, "q_min")) && orf_node_number(ctx, v, "solver.q_min", &fs->opts.q_min))
        st = ORF_E_INPUT;
    if ((v = orf_node_get(sn, "q_max")) && orf_node_number(ctx, v, "solver.q_max", &fs->opts.q_max))
        st = ORF_E_INPUT;
    if (!st && !(fs->opts.q_min <= fs->opts.q_max && fs->opts.q_max < 1))
        st = orf_diag_emit(ctx, ORF_E_RANGE, &sn->loc, NULL,
                           "solver: need q_min <= q_max < 1 (found %g, %g)", fs->opts.q_min,
                           fs->opts.q_max);
    return st;
}

static int assay_valid(orf_flowsheet *fs, const char *a)
{
    double v;
    return fs->nstreams == 0 || orf_stream_assay(&fs->streams[0], a, &v) == ORF_OK;
}

static orf_status load_report(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *rn = orf_node_get(root, "report");
    orf_status st = ORF_OK;
    const orf_node *an = NULL;
    if (rn) {
        if (orf_node_expect(ctx, rn, ORF_NODE_MAP, "'report'"))
            return ORF_E_INPUT;
        static const char *const keys[] = {"assays", "valuable_element", "products", NULL};
        st = orf_node_check_keys(ctx, rn, keys, "'report'");
        const orf_node *pn = orf_node_get(rn, "products");
        if (pn && orf_node_expect(ctx, pn, ORF_NODE_SEQ, "report.products"))
            st = ORF_E_INPUT;
        else if (pn) {
            fs->report_streams = aalloc(fs, pn->n, sizeof *fs->report_streams);
            if (!fs->report_streams)
                return oom(ctx);
            for (size_t i = 0; i < pn->n; i++) {
                const char *sn;
                if (orf_node_string(ctx, pn->items[i], "report.products stream", &sn)) {
                    st = ORF_E_INPUT;
                    continue;
                }
                int si = orf_flowsheet_stream_index(fs, sn);
                if (si < 0) {
                    st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->items[i]->loc, NULL,
                                       "report.products: unknown stream '%s'", sn);
                    continue;
                }
                fs->report_streams[fs->nreport_streams++] = si;
            }
        }
        an = orf_node_get(rn, "assays");
        const orf_node *ve = orf_node_get(rn, "valuable_element");
        if (ve) {
            if (orf_node_string(ctx, ve, "report.valuable_element", &fs->valuable_element))
                st = ORF_E_INPUT;
            else if (orf_matdb_element_index(fs->db, fs->valuable_element) < 0)
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &ve->loc, NULL,
                                   "report.valuable_element: '%s' is not an element symbol",
                                   fs->valuable_element);
        }
    }
    /* default valuable element: the database's (Cr) when a material carries it (with or without
     * report.assays) */
    const char *dve = orf_matdb_default_valuable_element(fs->db);
    if (fs->valuable_element == NULL && dve) {
        for (size_t m = 0; m < fs->sys.nm; m++)
            if (orf_material_element_frac(fs->sys.mat[m], orf_matdb_element_index(fs->db, dve)) > 0)
                fs->valuable_element = dve;
    }
    if (an) {
        if (orf_node_expect(ctx, an, ORF_NODE_SEQ, "report.assays"))
            return ORF_E_INPUT;
        fs->assays = aalloc(fs, an->n, sizeof *fs->assays);
        if (!fs->assays)
            return oom(ctx);
        for (size_t i = 0; i < an->n; i++) {
            const char *a;
            if (orf_node_string(ctx, an->items[i], "assay name", &a)) {
                st = ORF_E_INPUT;
                continue;
            }
            if (!assay_valid(fs, a)) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &an->items[i]->loc, NULL,
                                   "assay '%s' is not an element, an oxide of one element, a "
                                   "material of this flowsheet, or a ratio like Cr/Fe",
                                   a);
                continue;
            }
            fs->assays[fs->nassays++] = a;
        }
        return st;
    }
    /* default: the valuable mineral, and the main oxides present */
    static const char *const dflt[] = {"Cr2O3", "FeO", "MgO", "SiO2", "Al2O3", "CaO", "Cu", "S"};
    fs->assays = aalloc(fs, 10, sizeof *fs->assays);
    if (!fs->assays)
        return oom(ctx);
    for (size_t i = 0; i < sizeof dflt / sizeof *dflt && fs->nassays < 6; i++) {
        int el;
        double f;
        if (orf_oxide_factor(fs->db, dflt[i], &el, &f) != 0)
            el = orf_matdb_element_index(fs->db, dflt[i]);
        int present = 0;
        for (size_t m = 0; m < fs->sys.nm; m++)
            if ((int)m != fs->sys.water && orf_material_element_frac(fs->sys.mat[m], el) > 0)
                present = 1;
        if (present)
            fs->assays[fs->nassays++] = dflt[i];
    }
    return st;
}

static orf_status load_specs(orf_flowsheet *fs, const orf_node *root)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *sl = orf_node_get(root, "specs");
    if (!sl)
        return ORF_OK;
    if (orf_node_expect(ctx, sl, ORF_NODE_SEQ, "'specs'"))
        return ORF_E_INPUT;
    fs->specs = aalloc(fs, sl->n, sizeof *fs->specs);
    if (!fs->specs)
        return oom(ctx);
    orf_status st = ORF_OK;
    static const char *const skeys[] = {"name", "adjust", "target", NULL};
    static const char *const akeys[] = {"unit", "param", "min", "max", NULL};
    static const char *const tkeys[] = {"stream", "assay", "quantity", "unit",
                                        "result", "value", NULL};
    static const char *const quantities[] = {"solids_tph", "water_tph", "pct_solids", "total_tph",
                                             NULL};
    for (size_t i = 0; i < sl->n; i++) {
        const orf_node *sn = sl->items[i];
        if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "a design spec")) {
            st = ORF_E_INPUT;
            continue;
        }
        if (orf_node_check_keys(ctx, sn, skeys, "a design spec")) {
            st = ORF_E_INPUT;
            continue;
        }
        orf__spec *sp = &fs->specs[fs->nspecs];
        memset(sp, 0, sizeof *sp);
        sp->loc = sn->loc;
        sp->stream = -1;
        sp->result_unit = -1;
        const orf_node *nn = orf_node_get(sn, "name");
        char dflt_name[32];
        snprintf(dflt_name, sizeof dflt_name, "spec%zu", i + 1);
        sp->info.name =
            nn && nn->kind == ORF_NODE_SCALAR ? nn->str : orf__arena_strdup(&fs->arena, dflt_name);
        const orf_node *an = orf_node_get(sn, "adjust"), *tn = orf_node_get(sn, "target");
        if (orf_node_expect(ctx, an, ORF_NODE_MAP, "spec 'adjust'") ||
            orf_node_expect(ctx, tn, ORF_NODE_MAP, "spec 'target'") ||
            orf_node_check_keys(ctx, an, akeys, "spec 'adjust'") ||
            orf_node_check_keys(ctx, tn, tkeys, "spec 'target'")) {
            if (!an || !tn)
                orf_diag_emit(ctx, ORF_E_INPUT, &sn->loc, sp->info.name,
                              "a design spec needs 'adjust' and 'target'");
            st = ORF_E_INPUT;
            continue;
        }
        const char *uname, *pname;
        const orf_node *un = orf_node_get(an, "unit"), *pn = orf_node_get(an, "param");
        if (orf_node_string(ctx, un, "adjust.unit", &uname) ||
            orf_node_string(ctx, pn, "adjust.param", &pname)) {
            if (!un || !pn)
                orf_diag_emit(ctx, ORF_E_INPUT, &an->loc, sp->info.name,
                              "adjust needs 'unit' and 'param'");
            st = ORF_E_INPUT;
            continue;
        }
        int ui = orf_flowsheet_unit_index(fs, uname);
        if (ui < 0) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &un->loc, sp->info.name,
                               "spec adjusts unknown unit '%s'", uname);
            continue;
        }
        sp->param = orf_flowsheet_param_ref(fs, uname, pname);
        if (!sp->param) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->loc, sp->info.name,
                               "unit '%s' has no numeric parameter '%s'", uname, pname);
            continue;
        }
        sp->info.unit = uname;
        sp->info.param = pname;
        int pidx = orf_unit_param_index(fs->units[ui].type, pname);
        sp->lo = pidx >= 0 ? fs->units[ui].type->params[pidx].min : -1e300;
        sp->hi = pidx >= 0 ? fs->units[ui].type->params[pidx].max : 1e300;
        const orf_node *v;
        if ((v = orf_node_get(an, "min")) && orf_node_number(ctx, v, "adjust.min", &sp->lo))
            st = ORF_E_INPUT;
        if ((v = orf_node_get(an, "max")) && orf_node_number(ctx, v, "adjust.max", &sp->hi))
            st = ORF_E_INPUT;
        if (!(sp->lo < sp->hi) || !isfinite(sp->lo) || !isfinite(sp->hi) || fabs(sp->lo) > 1e299 ||
            fabs(sp->hi) > 1e299) {
            st = orf_diag_emit(ctx, ORF_E_RANGE, &an->loc, sp->info.name,
                               "adjust needs a finite bracket min < max (found %g, %g)", sp->lo,
                               sp->hi);
            continue;
        }
        const orf_node *vn = orf_node_get(tn, "value");
        if (!vn || orf_node_number(ctx, vn, "target.value", &sp->info.target)) {
            if (!vn)
                orf_diag_emit(ctx, ORF_E_INPUT, &tn->loc, sp->info.name, "target needs 'value'");
            st = ORF_E_INPUT;
            continue;
        }
        const orf_node *stn = orf_node_get(tn, "stream"), *asn = orf_node_get(tn, "assay"),
                       *qn = orf_node_get(tn, "quantity"), *tun = orf_node_get(tn, "unit"),
                       *rn = orf_node_get(tn, "result");
        if (stn) {
            const char *sname;
            if (orf_node_string(ctx, stn, "target.stream", &sname)) {
                st = ORF_E_INPUT;
                continue;
            }
            sp->stream = orf_flowsheet_stream_index(fs, sname);
            if (sp->stream < 0) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &stn->loc, sp->info.name,
                                   "target: unknown stream '%s'", sname);
                continue;
            }
            if ((asn != NULL) == (qn != NULL)) {
                st = orf_diag_emit(ctx, ORF_E_INPUT, &tn->loc, sp->info.name,
                                   "a stream target needs exactly one of 'assay' or 'quantity'");
                continue;
            }
            if (asn) {
                if (orf_node_string(ctx, asn, "target.assay", &sp->assay) ||
                    !assay_valid(fs, sp->assay)) {
                    st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &asn->loc, sp->info.name,
                                       "target.assay: '%s' is not a known assay", asn->str);
                    continue;
                }
            } else {
                if (orf_node_string(ctx, qn, "target.quantity", &sp->quantity)) {
                    st = ORF_E_INPUT;
                    continue;
                }
                int ok = 0;
                for (size_t q = 0; quantities[q]; q++)
                    ok |= !strcmp(quantities[q], sp->quantity);
                if (!ok) {
                    st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &qn->loc, sp->info.name,
                                       "target.quantity: expected solids_tph, water_tph, "
                                       "pct_solids or total_tph, found '%s'",
                                       sp->quantity);
                    orf_diag_hint_nearest(ctx, sp->quantity, quantities, 4);
                    continue;
                }
            }
        } else if (tun && rn) {
            const char *tu, *res;
            if (orf_node_string(ctx, tun, "target.unit", &tu) ||
                orf_node_string(ctx, rn, "target.result", &res)) {
                st = ORF_E_INPUT;
                continue;
            }
            sp->result_unit = orf_flowsheet_unit_index(fs, tu);
            if (sp->result_unit < 0) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &tun->loc, sp->info.name,
                                   "target: unknown unit '%s'", tu);
                continue;
            }
            const orf_unit_type *t = fs->units[sp->result_unit].type;
            sp->result_index = -1;
            for (size_t r = 0; r < t->nresults; r++)
                if (!strcmp(t->results[r].name, res))
                    sp->result_index = (int)r;
            if (sp->result_index < 0) {
                st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &rn->loc, sp->info.name,
                                   "unit '%s' (%s) reports no result '%s'", tu, t->name, res);
                continue;
            }
            sp->result = res;
        } else {
            st = orf_diag_emit(ctx, ORF_E_INPUT, &tn->loc, sp->info.name,
                               "target needs 'stream' (with assay or quantity) or 'unit' and "
                               "'result'");
            continue;
        }
        fs->nspecs++;
    }
    return st;
}

/* ---- load ------------------------------------------------------------------------------------ */

static orf_status load_doc(orf_flowsheet *fs, const char *base_dir)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *root = orf_doc_root(fs->doc);
    if (orf_node_expect(ctx, root, ORF_NODE_MAP, "the flowsheet file"))
        return ORF_E_INPUT;
    orf_status st = orf_node_check_keys(ctx, root, TOP_KEYS, "the flowsheet");
    const orf_node *nn = orf_node_get(root, "name");
    fs->name = nn && nn->kind == ORF_NODE_SCALAR ? nn->str : fs->path;

    char dbpath[MAX_PATH];
    const orf_node *dbn = orf_node_get(root, "materials_db");
    if (dbn) {
        const char *p;
        if (orf_node_string(ctx, dbn, "materials_db", &p))
            return ORF_E_INPUT;
        if (p[0] == '/' || !base_dir)
            snprintf(dbpath, sizeof dbpath, "%s", p);
        else
            snprintf(dbpath, sizeof dbpath, "%s/%s", base_dir, p);
        /* a path relative to the flowsheet; else relative to the working directory */
        FILE *f = fopen(dbpath, "r");
        if (f)
            fclose(f);
        else
            snprintf(dbpath, sizeof dbpath, "%s", p);
    } else {
        snprintf(dbpath, sizeof dbpath, "%s/materials.yaml", orf_data_dir());
    }
    if (orf_matdb_load(ctx, dbpath, &fs->db))
        return ORF_E_INPUT;
    if (load_materials(fs, root) || load_sizes(fs, root) || load_comp_classes(fs, root))
        return ORF_E_INPUT;
    pending_unit *pu = NULL;
    size_t n = 0;
    orf_status s2 = collect_units(fs, root, &pu, &n);
    if (s2)
        return s2;
    if (st)
        return st;
    if ((s2 = build_topology(fs, pu, n)))
        return s2;
    if ((s2 = alloc_streams(fs)))
        return s2;
    for (size_t i = 0; i < fs->nunits; i++)
        if (parse_params(fs, &fs->units[i]))
            st = ORF_E_INPUT;
    if (st)
        return st;
    for (size_t i = 0; i < fs->nunits; i++) {
        orf_unit *u = &fs->units[i];
        if (u->type->setup && u->type->setup(u, ctx))
            st = ORF_E_INPUT;
    }
    if (st)
        return st;
    if (load_solver(fs, root) | load_report(fs, root) | load_specs(fs, root))
        return ORF_E_INPUT;
    return orf__flowsheet_plan(fs);
}

static orf_status load_common(orf_ctx *ctx, const char *path, orf_doc *doc, orf_flowsheet **out)
{
    *out = NULL;
    orf_flowsheet *fs = orf_calloc(ctx, 1, sizeof *fs);
    if (!fs) {
        orf_doc_free(doc);
        return oom(ctx);
    }
    fs->ctx = ctx;
    orf__arena_init(&fs->arena, ctx);
    fs->doc = doc;
    fs->path = orf_ctx_strdup(ctx, path);
    if (!fs->path) {
        orf_flowsheet_free(fs);
        return oom(ctx);
    }
    char tmp[MAX_PATH];
    snprintf(tmp, sizeof tmp, "%s", path);
    const char *dir = dirname(tmp);
    size_t oom0 = ctx->noom;
    orf_status st = load_doc(fs, dir);
    if (st) {
        orf_flowsheet_free(fs);
        /* a refused allocation anywhere (a unit's setup, the materials database) is the cause,
         * whatever status the layer that saw it chose */
        if (ctx->noom != oom0)
            return ORF_E_NOMEM;
        return st < 0 ? st : ORF_E_INPUT;
    }
    *out = fs;
    return ORF_OK;
}

orf_status orf_flowsheet_load(orf_ctx *ctx, const char *path, orf_flowsheet **out)
{
    orf_doc *doc;
    *out = NULL;
    orf_status st = orf_doc_load(ctx, path, &doc);
    if (st)
        return st;
    return load_common(ctx, path, doc, out);
}

orf_status orf_flowsheet_load_string(orf_ctx *ctx, const char *name, const char *text,
                                     orf_flowsheet **out)
{
    orf_doc *doc;
    *out = NULL;
    orf_status st = orf_doc_load_string(ctx, name, text, strlen(text), &doc);
    if (st)
        return st;
    return load_common(ctx, name, doc, out);
}

void orf_flowsheet_free(orf_flowsheet *fs)
{
    if (!fs)
        return;
    orf_ctx *ctx = fs->ctx;
    for (size_t i = 0; i < fs->nunits; i++) {
        orf_unit *u = &fs->units[i];
        if (u->type && u->type->teardown && u->state)
            u->type->teardown(u, ctx);
    }
    orf_free(ctx, fs->wk);
    orf_matdb_free(fs->db);
    orf_doc_free(fs->doc);
    orf__arena_fini(&fs->arena);
    orf_free(ctx, fs);
}

/* ---- accessors ------------------------------------------------------------------------------- */

const char *orf_flowsheet_name(const orf_flowsheet *fs)
{
    return fs->name;
}
const char *orf_flowsheet_path(const orf_flowsheet *fs)
{
    return fs->path;
}
const orf_system *orf_flowsheet_system(const orf_flowsheet *fs)
{
    return &fs->sys;
}
orf_ctx *orf_flowsheet_ctx(const orf_flowsheet *fs)
{
    return fs->ctx;
}
const orf_node *orf_flowsheet_section(const orf_flowsheet *fs, const char *key)
{
    return orf_node_get(orf_doc_root(fs->doc), key);
}
size_t orf_flowsheet_stream_count(const orf_flowsheet *fs)
{
    return fs->nstreams;
}
orf_stream *orf_flowsheet_stream(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nstreams ? &fs->streams[i] : NULL;
}
int orf_flowsheet_stream_index(const orf_flowsheet *fs, const char *name)
{
    for (size_t i = 0; i < fs->nstreams; i++)
        if (!strcmp(fs->streams[i].name, name))
            return (int)i;
    return -1;
}
int orf_flowsheet_stream_source(const orf_flowsheet *fs, size_t i, int *port)
{
    if (port)
        *port = fs->src_port[i];
    return fs->src_unit[i];
}
int orf_flowsheet_stream_sink(const orf_flowsheet *fs, size_t i, int *port)
{
    if (port)
        *port = fs->dst_port[i];
    return fs->dst_unit[i];
}
size_t orf_flowsheet_unit_count(const orf_flowsheet *fs)
{
    return fs->nunits;
}
orf_unit *orf_flowsheet_unit(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nunits ? &fs->units[i] : NULL;
}
int orf_flowsheet_unit_index(const orf_flowsheet *fs, const char *name)
{
    for (size_t i = 0; i < fs->nunits; i++)
        if (!strcmp(fs->units[i].name, name))
            return (int)i;
    return -1;
}
size_t orf_flowsheet_assay_count(const orf_flowsheet *fs)
{
    return fs->nassays;
}
const char *orf_flowsheet_assay_name(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nassays ? fs->assays[i] : NULL;
}
orf_solver_opts orf_flowsheet_solver_opts(const orf_flowsheet *fs)
{
    return fs->opts;
}
void orf_flowsheet_set_solver_opts(orf_flowsheet *fs, const orf_solver_opts *o)
{
    fs->opts = *o;
}
size_t orf_flowsheet_spec_count(const orf_flowsheet *fs)
{
    return fs->nspecs;
}
const orf_spec_info *orf_flowsheet_spec(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nspecs ? &fs->specs[i].info : NULL;
}

double *orf_flowsheet_param_ref(orf_flowsheet *fs, const char *unit, const char *param)
{
    int ui = orf_flowsheet_unit_index(fs, unit);
    if (ui < 0)
        return NULL;
    orf_unit *u = &fs->units[ui];
    int pi = orf_unit_param_index(u->type, param);
    if (pi >= 0 && u->type->params[pi].kind == ORF_PARAM_NUMBER)
        return &u->p[pi];
    if (u->type->param_ref)
        return u->type->param_ref(u, param);
    return NULL;
}

size_t orf_flowsheet_state_size(const orf_flowsheet *fs)
{
    return fs->nstreams * fs->sys.nvar;
}
void orf_flowsheet_state_save(const orf_flowsheet *fs, double *buf)
{
    memcpy(buf, fs->block, orf_flowsheet_state_size(fs) * sizeof *buf);
}
void orf_flowsheet_state_restore(orf_flowsheet *fs, const double *buf)
{
    memcpy(fs->block, buf, orf_flowsheet_state_size(fs) * sizeof *buf);
}
void orf_flowsheet_reset(orf_flowsheet *fs)
{
    for (size_t i = 0; i < fs->nstreams; i++)
        orf_stream_zero(&fs->streams[i]);
}
