/* Flowsheet loading, the units and streams: unit entries, ports, topology, stream storage,
 * parameters and each unit's setup (docs/format.md "Units"). */
#include "flowsheet_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const UNIT_RESERVED[] = {"name", "type", "in", "out", "note", NULL};

/* ---- units and streams ---------------------------------------------------------------------- */

typedef struct pending_unit {
    const char *name;
    const orf_unit_type *type;
    const orf_node *node;
    const orf_node *in, *out; /* as written */
    orf_loc loc;
    int is_source; /* an entry of `feeds:` */
} pending_unit;

/* n zeroed objects of `size` bytes from the arena of the loader's temporaries (pending units, port
 * lists): freed once the topology is built, so the flowsheet's arena reuses their memory. NULL on
 * overflow or OOM. */
static void *tmp_alloc(orf__arena *tmp, size_t n, size_t size)
{
    if (size && n > ((size_t)-1 >> 2) / size)
        return NULL;
    return orf__arena_alloc(tmp, (n ? n : 1) * size);
}

static const char **type_names(orf_flowsheet *fs, orf__arena *tmp)
{
    size_t n = orf_unit_types_count(fs->ctx);
    const char **v = tmp_alloc(tmp, n + 1, sizeof *v);
    if (v)
        for (size_t i = 0; i < n; i++)
            v[i] = orf_unit_types_get(fs->ctx, i)->name;
    return v;
}

/* Resolve a port spec (list, map or scalar) into stream names per port. `names` receives
 * `*count` entries; for fixed ports, entries are in port order (NULL for unconnected). */
static orf_status port_list(orf_flowsheet *fs, orf__arena *tmp, const pending_unit *pu, int outlet,
                            const orf_node *spec, const char ***names, const orf_node ***nodes,
                            size_t *count)
{
    orf_ctx *ctx = fs->ctx;
    const orf_unit_type *t = pu->type;
    const char *const *ports = outlet ? t->outlets : t->inlets;
    size_t np = outlet ? t->noutlets : t->ninlets;
    const char *what = outlet ? "out" : "in";
    size_t min = np != ORF_PORTS_VARIADIC ? np : outlet ? t->min_outlets : t->min_inlets;
    *count = 0;
    if (!spec) {
        if (np == 0 || pu->is_source)
            return ORF_OK;
        if (np == ORF_PORTS_VARIADIC)
            return orf_diag_emit(
                ctx, ORF_E_TOPOLOGY, &pu->loc, pu->name,
                "unit '%s' (%s) needs at least %zu %s stream%s ('%s:'), found none", pu->name,
                t->name, min, outlet ? "outlet" : "inlet", min == 1 ? "" : "s", what);
        return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &pu->loc, pu->name,
                             "unit '%s' (%s) has no '%s': it needs %zu %s stream%s", pu->name,
                             t->name, what, np, outlet ? "outlet" : "inlet", np == 1 ? "" : "s");
    }
    size_t n = spec->kind == ORF_NODE_SCALAR ? 1 : spec->n;
    size_t slots = np == ORF_PORTS_VARIADIC ? n : np;
    *names = tmp_alloc(tmp, slots, sizeof **names);
    *nodes = tmp_alloc(tmp, slots, sizeof **nodes);
    if (!*names || !*nodes)
        return orf__fs_oom(ctx);
    if (spec->kind == ORF_NODE_SCALAR || spec->kind == ORF_NODE_SEQ) {
        if (np != ORF_PORTS_VARIADIC && n != np)
            return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &spec->loc, pu->name,
                                 "unit '%s' (%s) takes %zu %s stream%s, found %zu", pu->name,
                                 t->name, np, outlet ? "outlet" : "inlet", np == 1 ? "" : "s", n);
        if (np == ORF_PORTS_VARIADIC && n < min)
            return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &spec->loc, pu->name,
                                 "unit '%s' (%s) needs at least %zu %s stream%s ('%s:'), found %zu",
                                 pu->name, t->name, min, outlet ? "outlet" : "inlet",
                                 min == 1 ? "" : "s", what, n);
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

/* Valid but implausible values of the common slips, as warnings (issue 15): a fraction where a
 * percentage belongs (0.4 for 40 %) and millimetres typed as micrometres (0.2 for 200 µm), judged
 * against the parameter's unit of measure and its default (a default above 1 % or 10 µm says the
 * parameter's usual values are not that small). */
static void plausible(orf_ctx *ctx, const orf_unit *u, const orf_param_def *d, const orf_node *v,
                      double x)
{
    if (!d->unit || !(x > 0 && x < 1))
        return;
    if (strchr(d->unit, '%') && d->dflt > 1)
        orf_diag_warn(ctx, &v->loc, u->name,
                      "parameter '%s' of unit '%s' is %g %s: that looks like a fraction (did you "
                      "mean %g %s?)",
                      d->name, u->name, x, d->unit, 100 * x, d->unit);
    else if (!strcmp(d->unit, "µm") && d->dflt >= 10)
        orf_diag_warn(ctx, &v->loc, u->name,
                      "parameter '%s' of unit '%s' is %g µm: that looks like millimetres (%g mm = "
                      "%g µm)",
                      d->name, u->name, x, x, 1000 * x);
}

static orf_status parse_params(orf_flowsheet *fs, orf_unit *u)
{
    orf_ctx *ctx = fs->ctx;
    const orf_unit_type *t = u->type;
    orf_status st = ORF_OK;
    u->p = orf__fs_alloc(fs, t->nparams, sizeof *u->p);
    u->r = orf__fs_alloc(fs, t->nresults, sizeof *u->r);
    if (!u->p || !u->r)
        return orf__fs_oom(ctx);
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
        plausible(ctx, u, d, v, x);
    }
    return st;
}

static orf_status collect_units(orf_flowsheet *fs, orf__arena *tmp, const orf_node *root,
                                pending_unit **out, size_t *nout)
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
    pending_unit *pu = tmp_alloc(tmp, cap, sizeof *pu);
    if (!pu)
        return orf__fs_oom(ctx);
    size_t n = 0;
    const orf_unit_type *source = orf_unit_types_source(ctx);
    if (feeds && feeds->n && !source)
        return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &feeds->loc, NULL,
                             "'feeds' needs a source unit type, and none is registered");
    for (size_t i = 0; feeds && i < feeds->n; i++) {
        if (orf_node_expect(ctx, feeds->items[i], ORF_NODE_MAP, "a feed")) {
            st = ORF_E_INPUT;
            continue;
        }
        pu[n].name = feeds->keys[i]->str;
        pu[n].type = source;
        pu[n].node = feeds->items[i];
        pu[n].out = feeds->keys[i];
        pu[n].loc = feeds->keys[i]->loc;
        pu[n].is_source = 1;
        n++;
    }
    const char **tnames = type_names(fs, tmp);
    if (!tnames)
        return orf__fs_oom(ctx);
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
        const orf_unit_type *t = orf_unit_types_find(ctx, type);
        if (!t || (t->flags & ORF_UNIT_SOURCE)) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &tn->loc, name,
                               !t ? "unknown unit type '%s'"
                                  : "'%s' units are written under 'feeds:', not 'units:'",
                               type);
            if (!t)
                orf_diag_hint_nearest(ctx, type, tnames, orf_unit_types_count(ctx));
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
    /* the unit name table (pending units become fs->units in the same order) */
    if (orf__names_init(fs, &fs->unit_names, n))
        return ORF_E_NOMEM;
    for (size_t i = 0; i < n; i++) {
        int j = orf__names_add(&fs->unit_names, pu[i].name, (int)i);
        if (j >= 0)
            st = orf_diag_emit(ctx, ORF_E_INPUT, &pu[i].loc, pu[i].name,
                               "name '%s' is used twice (first at line %d)", pu[i].name,
                               pu[j].loc.line);
    }
    *out = pu;
    *nout = n;
    return st;
}

/* Streams, their producers and consumers, and each unit's ports. The per-unit port arrays are
 * slices of four arrays of exactly the number of ports (not one small block per unit), and the
 * stream arrays hold as many entries as there are outlets: every stream is produced once. */
static orf_status build_topology(orf_flowsheet *fs, orf__arena *tmp, pending_unit *pu, size_t n)
{
    orf_ctx *ctx = fs->ctx;
    orf_status st = ORF_OK;
    size_t nout_all = 0, nin_all = 0;
    const char ***innames = tmp_alloc(tmp, n, sizeof *innames);
    const char ***outnames = tmp_alloc(tmp, n, sizeof *outnames);
    const orf_node ***innodes = tmp_alloc(tmp, n, sizeof *innodes);
    const orf_node ***outnodes = tmp_alloc(tmp, n, sizeof *outnodes);
    size_t *nin = tmp_alloc(tmp, n, sizeof *nin), *nout = tmp_alloc(tmp, n, sizeof *nout);
    fs->units = orf__fs_alloc(fs, n, sizeof *fs->units);
    if (!innames || !outnames || !innodes || !outnodes || !nin || !nout || !fs->units)
        return orf__fs_oom(ctx);
    for (size_t i = 0; i < n; i++) {
        if (pu[i].is_source) {
            nout[i] = 1;
            outnames[i] = &pu[i].name;
            outnodes[i] = &pu[i].out;
        } else {
            if (port_list(fs, tmp, &pu[i], 1, pu[i].out, &outnames[i], &outnodes[i], &nout[i]))
                st = ORF_E_TOPOLOGY;
        }
        if (port_list(fs, tmp, &pu[i], 0, pu[i].in, &innames[i], &innodes[i], &nin[i]))
            st = ORF_E_TOPOLOGY;
        nout_all += nout[i];
        nin_all += nin[i];
    }
    if (st)
        return st;
    size_t cap = nout_all;
    fs->streams = orf__fs_alloc(fs, cap, sizeof *fs->streams);
    fs->src_unit = orf__fs_alloc(fs, cap, sizeof(int));
    fs->src_port = orf__fs_alloc(fs, cap, sizeof(int));
    fs->dst_unit = orf__fs_alloc(fs, cap, sizeof(int));
    fs->dst_port = orf__fs_alloc(fs, cap, sizeof(int));
    fs->stream_loc = orf__fs_alloc(fs, cap, sizeof(orf_loc));
    int *in_all = orf__fs_alloc(fs, nin_all, sizeof(int));
    int *out_all = orf__fs_alloc(fs, nout_all, sizeof(int));
    const orf_stream **uin_all = orf__fs_alloc(fs, nin_all, sizeof *uin_all);
    orf_stream **uout_all = orf__fs_alloc(fs, nout_all, sizeof *uout_all);
    fs->uin = orf__fs_alloc(fs, n, sizeof *fs->uin);
    fs->uout = orf__fs_alloc(fs, n, sizeof *fs->uout);
    if (!fs->streams || !fs->src_unit || !fs->src_port || !fs->dst_unit || !fs->dst_port ||
        !fs->stream_loc || !in_all || !out_all || !uin_all || !uout_all || !fs->uin || !fs->uout)
        return orf__fs_oom(ctx);
    if (orf__names_init(fs, &fs->stream_names, cap))
        return ORF_E_NOMEM;
    /* units and their producers (each name looked up once: adding it finds an earlier one) */
    for (size_t i = 0; i < n; i++) {
        orf_unit *u = &fs->units[i];
        u->name = pu[i].name;
        u->nout = nout[i];
        u->out = out_all;
        fs->uout[i] = uout_all;
        out_all += nout[i];
        uout_all += nout[i];
        for (size_t k = 0; k < nout[i]; k++) {
            const char *sname = outnames[i][k];
            int s = orf__names_add(&fs->stream_names, sname, (int)fs->nstreams);
            if (s >= 0) {
                u->out[k] = s;
                st = orf_diag_emit(ctx, ORF_E_TOPOLOGY, &outnodes[i][k]->loc, pu[i].name,
                                   "stream '%s' is produced twice: by '%s' and by '%s'", sname,
                                   fs->units[fs->src_unit[s]].name, pu[i].name);
                continue;
            }
            s = (int)fs->nstreams++;
            u->out[k] = s;
            fs->streams[s].name = sname;
            fs->src_unit[s] = (int)i;
            fs->src_port[s] = (int)k;
            fs->dst_unit[s] = -1;
            fs->dst_port[s] = -1;
            fs->stream_loc[s] = outnodes[i][k]->loc;
        }
    }
    /* consumers */
    for (size_t i = 0; i < n; i++) {
        orf_unit *u = &fs->units[i];
        u->nin = nin[i];
        u->in = in_all;
        fs->uin[i] = uin_all;
        in_all += nin[i];
        uin_all += nin[i];
        for (size_t k = 0; k < nin[i]; k++) {
            const char *sname = innames[i][k];
            int s = orf__names_find(&fs->stream_names, sname);
            u->in[k] = s;
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
    fs->nunits = n;
    for (size_t i = 0; i < n; i++) {
        orf_unit *u = &fs->units[i];
        u->type = pu[i].type;
        u->node = pu[i].node;
        u->params_node = pu[i].node;
        u->sys = &fs->sys;
        u->loc = pu[i].loc;
    }
    return ORF_OK;
}

/* The particulate materials: those named (with any value) in the `mineralogy` of a source unit
 * (a feed: the only units that create particles; the others move or break them, reactors write
 * bulk) plus the valuable mineral. Only they get particulate cells (stream.h); the others are bulk
 * only. A feed's `mineralogy.MATERIAL` parameter exists only for these materials. Unknown names
 * are left to the feed's setup to report. */
static orf_status assign_particulate(orf_flowsheet *fs)
{
    orf_system *y = &fs->sys;
    y->pslot = orf__fs_alloc(fs, y->nm ? y->nm : 1, sizeof *y->pslot);
    y->pmat = orf__fs_alloc(fs, y->nm ? y->nm : 1, sizeof *y->pmat);
    if (!y->pslot || !y->pmat)
        return orf__fs_oom(fs->ctx);
    int *want = y->pslot; /* 1 = particulate, then replaced by the slot */
    for (size_t m = 0; m < y->nm; m++)
        want[m] = (int)m == y->valuable;
    for (size_t i = 0; i < fs->nunits; i++) {
        const orf_unit *u = &fs->units[i];
        if (!u->type || !(u->type->flags & ORF_UNIT_SOURCE))
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
    fs->block = orf__fs_alloc(fs, fs->nstreams * y->nvar, sizeof(double));
    if (!fs->block)
        return orf__fs_oom(fs->ctx);
    for (size_t i = 0; i < fs->nstreams; i++) {
        fs->streams[i].sys = y;
        fs->streams[i].x = fs->block + i * y->nvar;
        orf_stream_zero(&fs->streams[i]);
    }
    fs->memo = orf__fs_alloc(fs, fs->nunits + 1, sizeof *fs->memo);
    if (!fs->memo)
        return orf__fs_oom(fs->ctx);
    for (size_t i = 0; i < fs->nunits; i++) {
        orf_unit *u = &fs->units[i];
        for (size_t k = 0; k < u->nin; k++)
            fs->uin[i][k] = &fs->streams[u->in[k]];
        for (size_t k = 0; k < u->nout; k++)
            fs->uout[i][k] = &fs->streams[u->out[k]];
        orf__memo *m = &fs->memo[i];
        m->valid = 0;
        if (!(u->type->flags & ORF_UNIT_MEMO))
            continue;
        m->in = orf__fs_alloc(fs, u->nin * y->nvar + 1, sizeof(double));
        m->out = orf__fs_alloc(fs, u->nout * y->nvar + 1, sizeof(double));
        m->p = orf__fs_alloc(fs, u->type->nparams + 1, sizeof(double));
        m->r = orf__fs_alloc(fs, u->type->nresults + 1, sizeof(double));
        if (!m->in || !m->out || !m->p || !m->r)
            return orf__fs_oom(fs->ctx);
    }
    /* the plant's boundary for the overall balance, fixed by the topology: feeds (streams of units
     * without inlets) and final products (streams no unit takes) — so the balance allocates nothing
     */
    fs->plant_in = orf__fs_alloc(fs, fs->nstreams + 1, sizeof *fs->plant_in);
    fs->plant_out = orf__fs_alloc(fs, fs->nstreams + 1, sizeof *fs->plant_out);
    if (!fs->plant_in || !fs->plant_out)
        return orf__fs_oom(fs->ctx);
    fs->nplant_in = fs->nplant_out = 0;
    for (size_t s = 0; s < fs->nstreams; s++) {
        int src = fs->src_unit[s], dst = fs->dst_unit[s];
        if (src >= 0 && fs->units[src].nin == 0)
            fs->plant_in[fs->nplant_in++] = &fs->streams[s];
        if (dst < 0 || fs->units[dst].nout == 0)
            fs->plant_out[fs->nplant_out++] = &fs->streams[s];
    }
    return ORF_OK;
}

/* Units and streams of the document, after the top-level keys were checked (top_st: the
 * status of that check, returned once the units were collected so that their errors are
 * reported too). */
orf_status orf__load_units(orf_flowsheet *fs, const orf_node *root, orf_status top_st)
{
    orf_ctx *ctx = fs->ctx;
    orf_status st = top_st;
    pending_unit *pu = NULL;
    size_t n = 0;
    orf__arena tmp;
    orf__arena_init(&tmp, ctx);
    orf_status s2 = collect_units(fs, &tmp, root, &pu, &n);
    if (!s2 && !st)
        s2 = build_topology(fs, &tmp, pu, n);
    orf__arena_fini(&tmp);
    if (s2)
        return s2;
    if (st)
        return st;
    if ((s2 = alloc_streams(fs)))
        return s2;
    for (size_t i = 0; i < fs->nunits; i++)
        if (parse_params(fs, &fs->units[i]))
            st = ORF_E_INPUT;
    if (st)
        return st;
    for (size_t i = 0; i < fs->nunits; i++) {
        orf_unit *u = &fs->units[i];
        u->arena = &fs->arena;
        if (u->type->state_size && !(u->state = orf__fs_alloc(fs, 1, u->type->state_size)))
            return orf__fs_oom(ctx);
        if (u->type->setup && u->type->setup(u, ctx))
            st = ORF_E_INPUT;
    }
    return st;
}
