/* A hand-built system for the comminution/classification unit tests: chromite (4600 kg/m³),
 * serpentine (2600 kg/m³) and water; ten size classes 2000 µm → pan (factor 2); two composition
 * classes (liberated; 50 vol % chromite composites). A unit is set up from its descriptor with
 * parameters written as a hand-built YAML mapping (so that "was this parameter given?" works as
 * in a flowsheet) and computed on real streams. */
#ifndef UNITS_FIXTURE_H
#define UNITS_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "oreflow/common.h"
#include "oreflow/node.h"
#include "oreflow/stream.h"
#include "oreflow/unit.h"
#include "orf_test.h"
#include "unit_host.h"

#define UF_NS 10
#define UF_MAXP 32
#define UF_NSTREAM 8

typedef struct uf_fixture {
    orf_material mat[3];
    const orf_material *matp[3];
    orf_system sys;
    double upper[UF_NS], lower[UF_NS], mid[UF_NS], vfrac[2];
    int liberated[2], mdb[3], pslot[3];
    double xs[UF_NSTREAM][128];
    orf_stream st[UF_NSTREAM];
    orf_ctx *ctx;
    orf_unit u;
    unit_host host;
    double p[UF_MAXP], r[UF_MAXP];
    int in_idx[4], out_idx[4];
    /* the unit's YAML mapping, built by hand */
    orf_node map, keys[UF_MAXP], vals[UF_MAXP];
    orf_node *keyp[UF_MAXP], *valp[UF_MAXP];
    char text[UF_MAXP][32];
} uf_fixture;

/* Feed (stream 0): 30 t/h chromite and 70 t/h serpentine spread over the sizes, 20 % of each
 * size in 50/50-by-volume composites, with `water_tph` water. */
static inline void uf_init(uf_fixture *f, double water_tph)
{
    memset(f, 0, sizeof *f);
    const char *names[3] = {"chromite", "serpentine", "water"};
    double dens[3] = {4600.0, 2600.0, 1000.0};
    for (int m = 0; m < 3; m++) {
        f->mat[m].name = names[m];
        f->mat[m].phase = m == 2 ? ORF_PHASE_LIQUID : ORF_PHASE_SOLID;
        f->mat[m].density_kg_m3 = dens[m];
        f->matp[m] = &f->mat[m];
        f->mdb[m] = m;
        f->pslot[m] = m; /* every material particulate (and pmat = pslot) */
    }
    orf_system *y = &f->sys;
    y->nm = 3;
    y->ns = UF_NS;
    y->nc = 2;
    y->mat = f->matp;
    y->mat_db_index = f->mdb;
    y->water = 2;
    y->valuable = 0;
    for (size_t s = 0; s < UF_NS; s++) {
        f->upper[s] = 2000.0 / (double)(1u << s);
        f->lower[s] = s + 1 == UF_NS ? 0.0 : f->upper[s] / 2.0;
        f->mid[s] = s + 1 == UF_NS ? f->upper[s] / 2.0 : f->upper[s] / sqrt(2.0);
    }
    y->upper_um = f->upper;
    y->lower_um = f->lower;
    y->mid_um = f->mid;
    f->vfrac[0] = 1.0;
    f->vfrac[1] = 0.5;
    f->liberated[0] = 1;
    f->liberated[1] = 0;
    y->vfrac = f->vfrac;
    y->liberated = f->liberated;
    y->npm = y->nm;
    y->pslot = f->pslot;
    y->pmat = f->pslot;
    y->npart = y->npm * y->ns * y->nc;
    y->nvar = y->npart + y->nm + 1;
    assert_true(y->nvar <= 128);
    for (int i = 0; i < UF_NSTREAM; i++) {
        f->st[i].name = "s";
        f->st[i].sys = y;
        f->st[i].x = f->xs[i];
        f->xs[i][y->npart + y->nm] = 20.0;
    }
    const double share[UF_NS] = {0.04, 0.08, 0.12, 0.14, 0.14, 0.13, 0.11, 0.09, 0.08, 0.07};
    for (size_t s = 0; s < UF_NS; s++) {
        f->xs[0][orf_ix(y, 0, s, 0)] = 24.0 * share[s];
        f->xs[0][orf_ix(y, 1, s, 0)] = 70.0 * share[s] - 6.0 * share[s] * 2600.0 / 4600.0;
        f->xs[0][orf_ix(y, 0, s, 1)] = 6.0 * share[s];
        f->xs[0][orf_ix(y, 1, s, 1)] = 6.0 * share[s] * 2600.0 / 4600.0;
    }
    f->xs[0][y->npart + 2] = water_tph;
    f->ctx = orf_ctx_alloc();
    assert_non_null(f->ctx);
    f->map.kind = ORF_NODE_MAP;
    f->map.keys = f->keyp;
    f->map.items = f->valp;
}

/* Unit of type t, defaults for every parameter, nin inlets (streams 0..nin-1) and its outlets
 * (streams nin..). */
static inline void uf_unit(uf_fixture *f, const orf_unit_type *t, size_t nin)
{
    orf_unit *u = &f->u;
    assert_true(t->nparams <= UF_MAXP && t->nresults <= UF_MAXP);
    u->name = t->name;
    u->type = t;
    u->sys = &f->sys;
    u->p = f->p;
    u->r = f->r;
    u->node = &f->map;
    u->params_node = &f->map;
    for (size_t i = 0; i < t->nparams; i++)
        f->p[i] = t->params[i].dflt;
    u->nin = nin;
    u->nout = t->noutlets;
    u->in = f->in_idx;
    u->out = f->out_idx;
}

/* Write a parameter as if given in the YAML mapping (number: also parsed into p[]). */
static inline void uf_set(uf_fixture *f, const char *name, double v)
{
    int i = orf_unit_param_index(f->u.type, name);
    assert_true(i >= 0);
    f->p[i] = v;
    size_t k = f->map.n++;
    snprintf(f->text[k], sizeof f->text[k], "%.17g", v);
    f->keys[k].kind = ORF_NODE_SCALAR;
    f->keys[k].str = name;
    f->vals[k].kind = ORF_NODE_SCALAR;
    f->vals[k].str = f->text[k];
    f->keyp[k] = &f->keys[k];
    f->valp[k] = &f->vals[k];
}

static inline void uf_set_str(uf_fixture *f, const char *name, const char *v)
{
    size_t k = f->map.n++;
    f->keys[k].kind = ORF_NODE_SCALAR;
    f->keys[k].str = name;
    f->vals[k].kind = ORF_NODE_SCALAR;
    f->vals[k].str = v;
    f->keyp[k] = &f->keys[k];
    f->valp[k] = &f->vals[k];
}

static inline orf_status uf_setup(uf_fixture *f)
{
    return unit_host_setup(&f->host, &f->u, f->ctx);
}

static inline int uf_compute(uf_fixture *f)
{
    size_t nin = f->u.nin;
    const orf_stream *in[4];
    orf_stream *out[4];
    for (size_t k = 0; k < nin; k++)
        in[k] = &f->st[k];
    for (size_t k = 0; k < f->u.nout; k++)
        out[k] = &f->st[nin + k];
    return f->u.type->compute(&f->u, in, out);
}

static inline void uf_run(uf_fixture *f)
{
    assert_int_equal(uf_setup(f), ORF_OK);
    assert_int_equal(uf_compute(f), 0);
}

/* Every particulate cell and bulk entry (sum of the inlets) equals the sum over the outlets to
 * 1e-12 relative (the issue asks for 1e-9). */
static inline void uf_assert_balance(uf_fixture *f)
{
    const orf_system *y = &f->sys;
    size_t nin = f->u.nin;
    for (size_t i = 0; i < y->npart + y->nm; i++) {
        double a = 0.0, b = 0.0;
        for (size_t k = 0; k < nin; k++)
            a += f->xs[k][i];
        for (size_t k = 0; k < f->u.nout; k++)
            b += f->xs[nin + k][i];
        ORF_ASSERT_ABS(b, a, 1e-12 * (a + 1e-300));
    }
}

/* Per material (summed over sizes and compositions): the population balances conserve mass
 * per material and composition class, not per size. */
static inline void uf_assert_column_balance(uf_fixture *f)
{
    const orf_system *y = &f->sys;
    for (size_t m = 0; m < y->nm; m++)
        for (size_t c = 0; c < y->nc; c++) {
            double a = 0.0, b = 0.0;
            for (size_t s = 0; s < y->ns; s++) {
                a += f->xs[0][orf_ix(y, m, s, c)];
                b += f->xs[1][orf_ix(y, m, s, c)];
            }
            ORF_ASSERT_ABS(b, a, 1e-12 * (a + 1e-300));
        }
    for (size_t m = 0; m < y->nm; m++)
        ORF_ASSERT_REL(f->xs[1][y->npart + m], f->xs[0][y->npart + m], 1e-15);
}

static inline double uf_result(uf_fixture *f, const char *name)
{
    for (size_t i = 0; i < f->u.type->nresults; i++)
        if (strcmp(f->u.type->results[i].name, name) == 0)
            return f->r[i];
    fail_msg("no result %s", name);
    return 0.0;
}

/* Fraction of cell (m, s, c) of the inlet that reports to outlet `k` (0-based). */
static inline double uf_partition(uf_fixture *f, size_t k, size_t m, size_t s, size_t c)
{
    size_t i = orf_ix(&f->sys, m, s, c);
    return f->xs[f->u.nin + k][i] / f->xs[0][i];
}

static inline void uf_fini(uf_fixture *f)
{
    unit_host_fini(&f->host, &f->u, f->ctx);
    orf_ctx_free(f->ctx);
}

#endif
