/* Shared machinery of the chemistry units: species bookkeeping over the material -> species map
 * (src/thermo/chemmap.c) and enthalpy flows on the formation scale (data/thermo.yaml: NASA Glenn,
 * McBride et al. 2002; NIST-JANAF, Chase 1998). */
#include "chem_impl.h"

#include <stdio.h>
#include <string.h>

#include "../thermo/thermo_impl.h"

static const char **port_names(orf_unit *u, const orf_node *spec, const char *const *ports,
                               size_t np, size_t *count)
{
    *count = 0;
    if (!spec)
        return NULL;
    size_t n = spec->kind == ORF_NODE_SCALAR ? 1 : spec->n;
    size_t slots = (np == ORF_PORTS_VARIADIC || spec->kind != ORF_NODE_MAP) ? n : np;
    const char **v = orf_unit_alloc(u, slots + 1, sizeof *v);
    if (!v)
        return NULL;
    if (spec->kind == ORF_NODE_SCALAR)
        v[0] = spec->str;
    else if (spec->kind == ORF_NODE_SEQ) {
        for (size_t i = 0; i < n; i++)
            v[i] = spec->items[i]->kind == ORF_NODE_SCALAR ? spec->items[i]->str : "";
    } else {
        for (size_t i = 0; i < spec->n; i++)
            for (size_t k = 0; ports && k < slots; k++)
                if (ports[k] && !strcmp(ports[k], spec->keys[i]->str))
                    v[k] = spec->items[i]->kind == ORF_NODE_SCALAR ? spec->items[i]->str : "";
    }
    for (size_t i = 0; i < slots; i++)
        if (!v[i])
            v[i] = "";
    *count = slots;
    return v;
}

orf_status orf__chem_init(orf_unit *u, orf_ctx *ctx, orf__chem *c, size_t nout,
                          const int *out_phase)
{
    memset(c, 0, sizeof *c);
    orf_status st = orf_thermo_load_default(ctx, u->sys->db, &c->db);
    if (st)
        return st;
    if ((st = orf_chem_map_alloc(ctx, c->db, u->sys, &u->loc, u->name, &c->map)))
        return st;
    c->nsp = orf_thermo_count(c->db);
    c->nout = nout;
    c->n = orf_unit_alloc(u, c->nsp, sizeof(double));
    c->tmp = orf_unit_alloc(u, c->nsp, sizeof(double));
    c->out = orf_unit_alloc(u, (nout ? nout : 1) * c->nsp, sizeof(double));
    c->carrier = orf_unit_alloc(u, (nout ? nout : 1) * c->nsp, sizeof(int));
    c->reach = orf_unit_alloc(u, c->nsp, sizeof(int));
    if (!c->n || !c->tmp || !c->out || !c->carrier || !c->reach)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t k = 0; k < nout; k++)
        for (size_t s = 0; s < c->nsp; s++)
            c->carrier[k * c->nsp + s] =
                orf_chem_map_carrier(c->map, (int)s, out_phase ? out_phase[k] : -1);
    for (size_t m = 0; m < u->sys->nm; m++)
        for (size_t s = 0; s < c->nsp; s++)
            if (orf_chem_map_mol_per_kg(c->map, m, s) != 0.0)
                c->reach[s] = 1;
    size_t nin = 0, no = 0;
    c->in_names =
        port_names(u, orf_node_get(u->node, "in"), u->type->inlets, u->type->ninlets, &nin);
    c->out_names =
        port_names(u, orf_node_get(u->node, "out"), u->type->outlets, u->type->noutlets, &no);
    c->nin = nin;
    return ORF_OK;
}

void orf__chem_teardown(orf_unit *u, orf_ctx *ctx)
{
    orf__chem *c = u->state; /* the state's first member */
    orf_chem_map_free(ctx, c->map);
    orf_thermo_free(c->db);
    c->map = NULL;
    c->db = NULL;
}

void orf__chem_reach(orf__chem *c, int s)
{
    if (s >= 0 && (size_t)s < c->nsp)
        c->reach[s] = 1;
}

orf_status orf__chem_check(orf_unit *u, orf_ctx *ctx, orf__chem *c, const int *route)
{
    orf_status st = ORF_OK;
    for (size_t s = 0; s < c->nsp; s++) {
        if (!c->reach[s])
            continue;
        for (size_t k = 0; k < c->nout; k++) {
            if (route && route[s] >= 0 && (size_t)route[s] != k)
                continue;
            if (c->carrier[k * c->nsp + s] >= 0)
                continue;
            const orf_species *sp = orf_thermo_species(c->db, s);
            st = orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                               "unit '%s' may produce species '%s' but no material of this "
                               "flowsheet carries it: add a material with formula %s (phase %s) "
                               "to 'materials'",
                               u->name, sp->name, sp->formula, orf_phase_name(sp->phase));
            break;
        }
    }
    return st;
}

double orf__chem_mix(orf__chem *c, const orf_stream *const *in, size_t nin)
{
    double h = 0.0;
    memset(c->n, 0, c->nsp * sizeof(double));
    for (size_t i = 0; i < nin; i++) {
        orf_chem_stream_kmolh(c->map, in[i], c->tmp);
        for (size_t s = 0; s < c->nsp; s++)
            c->n[s] += c->tmp[s];
        h += orf_chem_stream_enthalpy_kw(c->map, in[i]);
    }
    return h;
}

int orf__chem_write(const orf__chem *c, size_t k, const double *n, orf_stream *out, double t_c)
{
    const orf_system *y = out->sys;
    int rc = 0;
    memset(out->x, 0, (y->npart + y->nm) * sizeof(double));
    double *b = orf_stream_bulk(out);
    for (size_t s = 0; s < c->nsp; s++) {
        if (n[s] == 0.0)
            continue;
        int m = c->carrier[k * c->nsp + s];
        if (m < 0) {
            rc = -1;
            continue;
        }
        b[m] += n[s] / orf_chem_map_mol_per_kg(c->map, (size_t)m, s);
    }
    orf_stream_set_temp_c(out, t_c);
    return rc;
}

double orf__chem_h_kw(const orf__chem *c, const double *n, double t_c)
{
    return orf_chem_enthalpy_kw(c->db, n, t_c + 273.15);
}

int orf__chem_species(orf_ctx *ctx, const orf__chem *c, const orf_node *name, const char *unit)
{
    const char *s = NULL;
    if (!name || orf_node_string(ctx, name, "species name", &s))
        return -1;
    int i = orf_thermo_index(c->db, s);
    if (i < 0) {
        orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &name->loc, unit,
                      "unknown species '%s' (not in thermo.yaml)", s);
        orf_diag_hint_nearest(ctx, s, c->db->names, c->db->nsp);
    }
    return i;
}

int orf__chem_inlet(const orf__chem *c, const char *name)
{
    for (size_t i = 0; c->in_names && i < c->nin; i++)
        if (!strcmp(c->in_names[i], name))
            return (int)i;
    return -1;
}

int orf__chem_outlet(const orf__chem *c, const char *name)
{
    for (size_t i = 0; c->out_names && i < c->nout; i++)
        if (!strcmp(c->out_names[i], name))
            return (int)i;
    return -1;
}

double orf__chem_tph(const orf__chem *c, const double *n)
{
    double t = 0.0;
    for (size_t s = 0; s < c->nsp; s++)
        if (n[s] != 0.0)
            t += n[s] * orf_thermo_species(c->db, s)->molar_mass_g_mol / 1000.0;
    return t;
}

double orf__chem_element_tph(const orf__chem *c, const double *n, const char *el)
{
    int e = orf_matdb_element_index(c->db->mdb, el);
    if (e < 0)
        return 0.0;
    double am = orf_matdb_element(c->db->mdb, (size_t)e)->atomic_mass, t = 0.0;
    for (size_t s = 0; s < c->nsp; s++)
        if (n[s] != 0.0)
            t += n[s] * orf_thermo_species(c->db, s)->counts[e] * am / 1000.0;
    return t;
}
