/* Plant data on a flowsheet: the reconciliation problem made from a loaded measurement file
 * (nodes = units with inlets and outlets, water not balanced at those that exchange it with the
 * environment; the basic quantities are described at the top of
 * plant_data_load.c), the reconciliation itself and the estimate of any stream quantity. */
#include "oreflow/balance.h"
#include "oreflow/flowsheet.h"
#include "oreflow/node.h"
#include "oreflow/output.h"
#include "balance/balance_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static orf_recon_qty make_qty(const orf_plant_data *pd, int stream, int kind, int comp, int cls,
                              size_t *num, size_t *den)
{
    orf_recon_qty q = {(size_t)stream, num, 0, den, 0, 100.0};
    size_t ncls = pd->ncls;
    switch (kind) {
    case ORF__Q_SOLIDS:
    case ORF__Q_PCT_SOLIDS:
        for (size_t c = 0; c < ncls; c++)
            num[q.nnum++] = pd->idx_solids[c];
        if (kind == ORF__Q_SOLIDS) {
            q.scale = 1.0;
        } else {
            for (size_t c = 0; c < ncls; c++)
                den[q.nden++] = pd->idx_solids[c];
            den[q.nden++] = pd->water;
        }
        break;
    case ORF__Q_WATER:
        num[q.nnum++] = pd->water;
        q.scale = 1.0;
        break;
    case ORF__Q_ASSAY:
        if (pd->comp_by_size[comp])
            for (size_t c = 0; c < ncls; c++)
                num[q.nnum++] = pd->comp0[comp] + c;
        else
            num[q.nnum++] = pd->comp0[comp];
        for (size_t c = 0; c < ncls; c++)
            den[q.nden++] = pd->idx_solids[c];
        break;
    case ORF__Q_SIZE:
        num[q.nnum++] = pd->idx_solids[cls];
        for (size_t c = 0; c < ncls; c++)
            den[q.nden++] = pd->idx_solids[c];
        break;
    case ORF__Q_SIZE_ASSAY:
        num[q.nnum++] = pd->comp0[comp] + (size_t)cls;
        den[q.nden++] = pd->idx_solids[cls];
        break;
    default:
        break;
    }
    return q;
}

const orf_recon *orf_plant_recon(const orf_plant_data *pd)
{
    return pd->r;
}
const char *orf_plant_meas_label(const orf_plant_data *pd, size_t i)
{
    return i < pd->nm ? pd->m[i].label : NULL;
}

/* The problem's message, or "out of memory" where a refused allocation left none (issue 15,
 * finding 4: "reconciliation: " and nothing more) */
static const char *recon_why(const orf_plant_data *pd, int st)
{
    const char *why = orf_recon_error(pd->r);
    return st == ORF_E_NOMEM && !strstr(why, "out of memory") ? "out of memory" : why;
}

orf_status orf_plant_reconcile(orf_ctx *ctx, orf_plant_data *pd, const orf_recon_opts *opts,
                               orf_recon_info *info)
{
    orf_flowsheet *fs = pd->fs;
    size_t nu = orf_flowsheet_unit_count(fs), nn = 0;
    for (size_t u = 0; u < nu; u++) {
        const orf_unit *un = orf_flowsheet_unit(fs, u);
        if (un->nin > 0 && un->nout > 0)
            nn++;
    }
    orf_recon_free(pd->r);
    pd->solved = 0;
    pd->r = orf_recon_alloc_with(pd->ctx, pd->nst, nn, pd->nb);
    if (!pd->r)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    size_t node = 0;
    for (size_t u = 0; u < nu; u++) {
        const orf_unit *un = orf_flowsheet_unit(fs, u);
        if (!(un->nin > 0 && un->nout > 0))
            continue;
        for (size_t i = 0; i < un->nin; i++)
            orf_recon_connect(pd->r, node, (size_t)un->in[i], 1);
        for (size_t i = 0; i < un->nout; i++)
            orf_recon_connect(pd->r, node, (size_t)un->out[i], -1);
        if (orf_unit_exchanges_water(un)) /* solids and assays still balance there */
            orf_recon_exchange(pd->r, node, pd->water);
        node++;
    }
    /* guesses from the flowsheet's streams (a simulation), else flat */
    for (size_t j = 0; j < pd->nst; j++) {
        const orf_stream *s = orf_flowsheet_stream(fs, j);
        double sol = orf_stream_solids_tph(s), wat = orf_stream_water_tph(s);
        if (!(sol > 0))
            sol = 1.0;
        if (!(wat > 0))
            wat = sol;
        for (size_t c = 0; c < pd->ncls; c++)
            orf_recon_set_guess(pd->r, pd->idx_solids[c], j, sol / (double)pd->ncls);
        orf_recon_set_guess(pd->r, pd->water, j, wat);
        for (size_t k = 0; k < pd->ncomp; k++) {
            double a;
            if (orf_stream_assay(s, pd->comp[k], &a) || !(a > 0))
                a = 1.0;
            size_t n = pd->comp_by_size[k] ? pd->ncls : 1;
            for (size_t c = 0; c < n; c++)
                orf_recon_set_guess(pd->r, pd->comp0[k] + c, j, a / 100 * sol / (double)n);
        }
    }
    size_t *num = orf_malloc(pd->ctx, 2 * (pd->nb + 1) * sizeof *num);
    if (!num)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    size_t *den = num + pd->nb + 1;
    for (size_t i = 0; i < pd->nm; i++) {
        const orf__pmeas *m = &pd->m[i];
        orf_recon_qty q = make_qty(pd, m->stream, m->kind, m->comp, m->cls, num, den);
        int e = orf_recon_add_meas(pd->r, &q, m->value, m->sd);
        if (e < 0) {
            orf_free(pd->ctx, num);
            return orf_diag_emit(ctx, e, &m->loc, NULL, "%s: %s", m->label, recon_why(pd, e));
        }
    }
    orf_free(pd->ctx, num);
    orf_status st = orf_recon_solve(pd->r, opts, &pd->info);
    if (info)
        *info = pd->info;
    if (st == ORF_OK || st == ORF_E_NOT_CONVERGED)
        pd->solved = 1;
    if (st)
        return orf_diag_emit(ctx, st, NULL, orf_flowsheet_name(fs), "reconciliation: %s",
                             recon_why(pd, st));
    return ORF_OK;
}

orf_status orf_plant_estimate(const orf_plant_data *pd, const char *stream, const char *what,
                              double *value, double *sd, int *observable)
{
    if (!pd->solved)
        return ORF_E_RANGE;
    int j = orf_flowsheet_stream_index(pd->fs, stream);
    if (j < 0)
        return ORF_E_UNKNOWN_NAME;
    int kind, comp = -1, cls = -1;
    char *end;
    if (!strncmp(what, "size.", 5) && pd->nsieve) {
        long c = strtol(what + 5, &end, 10);
        if (end == what + 5 || *end || c < 0 || (size_t)c >= pd->ncls)
            return ORF_E_UNKNOWN_NAME;
        kind = ORF__Q_SIZE;
        cls = (int)c;
    } else if (!strncmp(what, "size_assay.", 11) && pd->nsieve) {
        const char *dot = strrchr(what + 11, '.');
        if (!dot)
            return ORF_E_UNKNOWN_NAME;
        long c = strtol(dot + 1, &end, 10);
        if (end == dot + 1 || *end || c < 0 || (size_t)c >= pd->ncls)
            return ORF_E_UNKNOWN_NAME;
        for (size_t k = 0; k < pd->ncomp; k++)
            if (pd->comp_by_size[k] && strlen(pd->comp[k]) == (size_t)(dot - what - 11) &&
                !strncmp(pd->comp[k], what + 11, (size_t)(dot - what - 11)))
                comp = (int)k;
        if (comp < 0)
            return ORF_E_UNKNOWN_NAME;
        kind = ORF__Q_SIZE_ASSAY;
        cls = (int)c;
    } else if (!strcmp(what, "solids_tph"))
        kind = ORF__Q_SOLIDS;
    else if (!strcmp(what, "water_tph"))
        kind = ORF__Q_WATER;
    else if (!strcmp(what, "pct_solids"))
        kind = ORF__Q_PCT_SOLIDS;
    else if (!strncmp(what, "assay.", 6)) {
        kind = ORF__Q_ASSAY;
        for (size_t k = 0; k < pd->ncomp; k++)
            if (!strcmp(pd->comp[k], what + 6))
                comp = (int)k;
        if (comp < 0)
            return ORF_E_UNKNOWN_NAME;
    } else
        return ORF_E_UNKNOWN_NAME;
    size_t num[2 * ORF__MAX_CLS + 2], den[2 * ORF__MAX_CLS + 2];
    orf_recon_qty q = make_qty(pd, j, kind, comp, cls, num, den);
    return orf_recon_estimate(pd->r, &q, value, sd, observable);
}

/* ---- reports --------------------------------------------------------------------------------*/

int orf__plant_meas_info(const orf_plant_data *pd, size_t i, int *stream, const char **assay)
{
    if (i >= pd->nm)
        return -1;
    const orf__pmeas *m = &pd->m[i];
    *stream = m->stream;
    *assay = m->comp >= 0 ? pd->comp[m->comp] : NULL;
    switch (m->kind) {
    case ORF__Q_SOLIDS:
        return ORF__PQ_SOLIDS;
    case ORF__Q_WATER:
        return ORF__PQ_WATER;
    case ORF__Q_PCT_SOLIDS:
        return ORF__PQ_PCT_SOLIDS;
    case ORF__Q_ASSAY:
        return ORF__PQ_ASSAY;
    default:
        return ORF__PQ_OTHER;
    }
}

orf_flowsheet *orf__plant_flowsheet(const orf_plant_data *pd)
{
    return pd->fs;
}

size_t orf_plant_meas_count(const orf_plant_data *pd)
{
    return pd->nm;
}
