/* Shared by the chemistry-unit tests: load and solve a flowsheet, read results and streams, and
 * check the balances from the streams (independently of the units' own bookkeeping). */
#ifndef ORF_TEST_CHEM_FIXTURE_H
#define ORF_TEST_CHEM_FIXTURE_H

#include "orf_test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "oreflow.h"
#include "oreflow/thermo.h"

typedef struct {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_thermo_db *db;
    orf_chem_map *map;
} chem_run;

static inline void chem_load(chem_run *r, const char *path, const char *text)
{
    memset(r, 0, sizeof *r);
    r->ctx = orf_ctx_alloc();
    orf_status st = text ? orf_flowsheet_load_string(r->ctx, path, text, &r->fs)
                         : orf_flowsheet_load(r->ctx, path, &r->fs);
    if (st)
        orf_ctx_print_diags(r->ctx, stderr);
    assert_int_equal(st, ORF_OK);
    orf_solve_info info;
    st = orf_flowsheet_solve(r->fs, &info);
    if (st)
        orf_ctx_print_diags(r->ctx, stderr);
    assert_int_equal(st, ORF_OK);
    assert_true(info.converged);
    const orf_system *y = orf_flowsheet_system(r->fs);
    assert_int_equal(orf_thermo_load_default(r->ctx, y->db, &r->db), ORF_OK);
    assert_int_equal(orf_chem_map_alloc(r->ctx, r->db, y, NULL, "test", &r->map), ORF_OK);
}

static inline void chem_unload(chem_run *r)
{
    orf_chem_map_free(r->ctx, r->map);
    orf_thermo_free(r->db);
    orf_flowsheet_free(r->fs);
    orf_ctx_free(r->ctx);
}

static inline double chem_result(chem_run *r, const char *unit, const char *name)
{
    int ui = orf_flowsheet_unit_index(r->fs, unit);
    assert_true(ui >= 0);
    orf_unit *u = orf_flowsheet_unit(r->fs, (size_t)ui);
    for (size_t i = 0; i < u->type->nresults; i++)
        if (!strcmp(u->type->results[i].name, name))
            return u->r[i];
    fail_msg("unit %s has no result %s", unit, name);
    return 0;
}

static inline orf_stream *chem_stream(chem_run *r, const char *name)
{
    int i = orf_flowsheet_stream_index(r->fs, name);
    assert_true(i >= 0);
    return orf_flowsheet_stream(r->fs, (size_t)i);
}

/* Σ H(outlets) − Σ H(inlets) of a unit from its streams, kW (independent of the unit's code);
 * *h_abs (may be NULL) gets Σ|H|, the scale of the balance. */
static inline double chem_unit_dh_kw(chem_run *r, const char *unit, double *h_abs)
{
    int ui = orf_flowsheet_unit_index(r->fs, unit);
    orf_unit *u = orf_flowsheet_unit(r->fs, (size_t)ui);
    double hin = 0, hout = 0;
    for (size_t k = 0; k < u->nin; k++)
        hin += orf_chem_stream_enthalpy_kw(r->map, orf_flowsheet_stream(r->fs, (size_t)u->in[k]));
    for (size_t k = 0; k < u->nout; k++)
        hout += orf_chem_stream_enthalpy_kw(r->map, orf_flowsheet_stream(r->fs, (size_t)u->out[k]));
    if (h_abs)
        *h_abs = fabs(hin) + fabs(hout);
    return hout - hin;
}

static inline void chem_balances_close(chem_run *r)
{
    orf_balance b;
    assert_int_equal(orf_flowsheet_balance(r->fs, &b), ORF_OK);
    if (!(b.max_relative_error < 1e-9))
        fail_msg("element/mass balance %g at %s (%s)", b.max_relative_error,
                 b.worst_unit ? b.worst_unit : "overall", b.worst_what);
}

#endif
