/* A hand-built system for the separator unit tests: chromite, serpentine and water, six size
 * classes, three composition classes (liberated, 50 % chromite composites, ...), so that a unit
 * is set up and computed on real streams without a flowsheet file. Densities and chromite
 * susceptibility as in data/materials.yaml (Deer, Howie & Zussman; Hunt et al. 1995). */
#ifndef SEP_FIXTURE_H
#define SEP_FIXTURE_H

#include "oreflow/common.h"
#include "oreflow/node.h"
#include "oreflow/stream.h"
#include "oreflow/unit.h"
#include "orf_test.h"
#include "unit_host.h"

#include <stdlib.h>
#include <string.h>

typedef struct sep_fixture {
    orf_material mat[3];
    orf_prop props[3][1];
    const orf_material *matp[3];
    orf_system sys;
    double upper[6], lower[6], mid[6], vfrac[2];
    int liberated[2], mdb[3], pslot[3];
    double xs[8][256];
    orf_stream st[8];
    orf_ctx *ctx;
    orf_unit u;
    unit_host host;
    double p[32], r[32];
    int in_idx[4], out_idx[4];
} sep_fixture;

static inline void sep_fixture_init(sep_fixture *f)
{
    memset(f, 0, sizeof *f);
    const char *names[3] = {"chromite", "serpentine", "water"};
    double dens[3] = {4600.0, 2600.0, 1000.0};
    double chi[3] = {1.3e-6, 1.5e-7, -9e-9};
    for (int m = 0; m < 3; m++) {
        f->mat[m].name = names[m];
        f->mat[m].phase = m == 2 ? ORF_PHASE_LIQUID : ORF_PHASE_SOLID;
        f->mat[m].density_kg_m3 = dens[m];
        f->props[m][0].name = "magnetic_susceptibility_m3_kg";
        f->props[m][0].value = chi[m];
        f->mat[m].nprops = 1;
        f->mat[m].props = f->props[m];
        f->matp[m] = &f->mat[m];
        f->mdb[m] = m;
        f->pslot[m] = m; /* every material particulate (and pmat = pslot) */
    }
    orf_system *y = &f->sys;
    y->nm = 3;
    y->ns = 6;
    y->nc = 2;
    y->mat = f->matp;
    y->mat_db_index = f->mdb;
    y->water = 2;
    y->valuable = 0;
    double top = 800.0;
    for (size_t s = 0; s < 6; s++) {
        f->upper[s] = top / (double)(1u << (2 * s)); /* 800, 200, 50, 12.5, 3.1, 0.78 */
        f->lower[s] = s == 5 ? 0.0 : f->upper[s] / 4.0;
        f->mid[s] = s == 5 ? f->upper[s] / 2.0 : f->upper[s] / 2.0;
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
    for (int i = 0; i < 8; i++) {
        f->st[i].name = "s";
        f->st[i].sys = y;
        f->st[i].x = f->xs[i];
    }
    /* feed: 30 t/h chromite, 70 t/h serpentine over the sizes, 20 % of each size locked in
     * 50/50 composites (equal volumes: 4600:2600 by mass), 300 t/h water */
    double share[6] = {0.10, 0.30, 0.30, 0.15, 0.10, 0.05};
    for (size_t s = 0; s < 6; s++) {
        f->xs[0][orf_ix(y, 0, s, 0)] = 24.0 * share[s];
        f->xs[0][orf_ix(y, 1, s, 0)] = 70.0 * share[s] - 6.0 * share[s] * 2600.0 / 4600.0;
        f->xs[0][orf_ix(y, 0, s, 1)] = 6.0 * share[s];
        f->xs[0][orf_ix(y, 1, s, 1)] = 6.0 * share[s] * 2600.0 / 4600.0;
    }
    f->xs[0][y->npart + 2] = 300.0;
    f->xs[0][y->npart + 3] = 20.0; /* temperature, °C */
    f->ctx = orf_ctx_alloc();
    assert_non_null(f->ctx);
}

/* Set up unit type t with default parameters (overrides by name), one inlet (stream 0) and
 * nout outlets (streams 1..nout). */
static inline void sep_fixture_unit(sep_fixture *f, const orf_unit_type *t)
{
    orf_unit *u = &f->u;
    u->name = t->name;
    u->type = t;
    u->sys = &f->sys;
    u->p = f->p;
    u->r = f->r;
    for (size_t i = 0; i < t->nparams; i++)
        f->p[i] = t->params[i].dflt;
    u->nin = 1;
    u->nout = t->noutlets;
    u->in = f->in_idx;
    u->out = f->out_idx;
}

static inline void sep_fixture_set(sep_fixture *f, const char *name, double v)
{
    int i = orf_unit_param_index(f->u.type, name);
    assert_true(i >= 0);
    f->p[i] = v;
}

static inline int sep_fixture_run(sep_fixture *f)
{
    const orf_stream *in[1] = {&f->st[0]};
    orf_stream *out[4] = {&f->st[1], &f->st[2], &f->st[3], &f->st[4]};
    assert_int_equal(unit_host_setup(&f->host, &f->u, f->ctx), ORF_OK);
    int rc = f->u.type->compute(&f->u, in, out);
    return rc;
}

/* Every particulate cell and every bulk entry balances to 1e-12 relative. */
static inline void sep_fixture_assert_balance(sep_fixture *f)
{
    const orf_system *y = &f->sys;
    for (size_t i = 0; i < y->npart + y->nm; i++) {
        double sum = 0.0;
        for (size_t k = 0; k < f->u.type->noutlets; k++)
            sum += f->xs[1 + k][i];
        ORF_ASSERT_ABS(sum, f->xs[0][i], 1e-12 * (f->xs[0][i] + 1e-300));
    }
}

static inline void sep_fixture_fini(sep_fixture *f)
{
    unit_host_fini(&f->host, &f->u, f->ctx);
    orf_ctx_free(f->ctx);
}

#endif
