/* Mass balance check after a solve: per unit (total mass, every element, and every material for
 * units that conserve materials) and overall (feeds against final products).
 * Relative error = |in − out| / max(in, out, 1e-12 × largest feed flow). */
#include "flowsheet_impl.h"

#include <math.h>
#include <string.h>

static double floor_tph(const orf_flowsheet *fs)
{
    double f = 0;
    for (size_t s = 0; s < fs->nstreams; s++) {
        double t = orf_stream_total_tph(&fs->streams[s]);
        if (t > f)
            f = t;
    }
    return f > 0 ? 1e-12 * f : 1e-300;
}

static double rel(double a, double b, double fl)
{
    double d = fabs(a - b), m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return d / (m > fl ? m : fl);
}

typedef struct worst {
    double err;
    const char *what;
} worst;

static void consider(worst *w, double e, const char *what)
{
    if (e > w->err || !isfinite(e)) {
        w->err = isfinite(e) ? e : (double)INFINITY;
        w->what = what;
    }
}

/* Balance of a set of inlet and outlet streams. */
/* `water_in` is water a unit adds from outside the flowsheet (result slot water_added_tph). */
static worst balance_sets(const orf_flowsheet *fs, const orf_stream *const *in, size_t nin,
                          const orf_stream *const *out, size_t nout, int materials, double fl,
                          double water_in)
{
    const orf_system *y = &fs->sys;
    worst w = {0, "total"};
    double ti = water_in, to = 0;
    for (size_t k = 0; k < nin; k++)
        ti += orf_stream_total_tph(in[k]);
    for (size_t k = 0; k < nout; k++)
        to += orf_stream_total_tph(out[k]);
    consider(&w, rel(ti, to, fl), "total");
    size_t nel = orf_matdb_element_count(y->db);
    for (size_t e = 0; e < nel; e++) {
        double ei = water_in * orf_material_element_frac(y->mat[y->water], (int)e), eo = 0;
        for (size_t k = 0; k < nin; k++)
            ei += orf_stream_element_tph(in[k], (int)e);
        for (size_t k = 0; k < nout; k++)
            eo += orf_stream_element_tph(out[k], (int)e);
        if (ei == 0 && eo == 0)
            continue;
        consider(&w, rel(ei, eo, fl), orf_matdb_element(y->db, e)->symbol);
    }
    if (materials) {
        for (size_t m = 0; m < y->nm; m++) {
            double mi = (int)m == y->water ? water_in : 0, mo = 0;
            for (size_t k = 0; k < nin; k++)
                mi += orf_stream_material_tph(in[k], m);
            for (size_t k = 0; k < nout; k++)
                mo += orf_stream_material_tph(out[k], m);
            consider(&w, rel(mi, mo, fl), y->mat[m]->name);
        }
    }
    return w;
}

double orf_unit_water_added_tph(const orf_unit *u)
{
    for (size_t r = 0; r < u->type->nresults; r++)
        if (!strcmp(u->type->results[r].name, "water_added_tph") && isfinite(u->r[r]))
            return u->r[r];
    return 0.0;
}

int orf_unit_exchanges_water(const orf_unit *u)
{
    for (size_t r = 0; r < u->type->nresults; r++)
        if (!strcmp(u->type->results[r].name, "water_added_tph"))
            return 1;
    return 0;
}

/* Balance of one unit over the streams as reported: a tear's producer wrote its last output into
 * a shadow buffer, while the stream keeps the value its consumers used, within the solver's
 * tolerance of it; the balance must judge the numbers the user sees. */
static worst unit_balance(const orf_flowsheet *fs, size_t ui, double fl)
{
    const orf_unit *u = &fs->units[ui];
    const orf_stream *outs[256];
    const orf_stream *const *op = (const orf_stream *const *)fs->uout[ui];
    if (u->nout <= sizeof outs / sizeof *outs) {
        for (size_t k = 0; k < u->nout; k++)
            outs[k] = &fs->streams[u->out[k]];
        op = outs;
    }
    return balance_sets(fs, fs->uin[ui], u->nin, op, u->nout, u->type->conserves_materials, fl,
                        orf_unit_water_added_tph(u));
}

double orf_flowsheet_unit_balance_error(const orf_flowsheet *fs, size_t ui)
{
    const orf_unit *u = &fs->units[ui];
    if (u->nin == 0 || u->nout == 0)
        return 0.0; /* feeds and products are boundaries */
    return unit_balance(fs, ui, floor_tph(fs)).err;
}

orf_status orf_flowsheet_balance(const orf_flowsheet *fs, orf_balance *out)
{
    double fl = floor_tph(fs);
    out->max_relative_error = 0;
    out->worst_unit = NULL;
    out->worst_what = "total";
    out->unit_max_error = 0;
    out->overall_max_error = nan("");
    out->overall_in_tph = out->overall_out_tph = nan("");
    for (size_t ui = 0; ui < fs->nunits; ui++) {
        const orf_unit *u = &fs->units[ui];
        if (u->nin == 0 || u->nout == 0)
            continue;
        worst w = unit_balance(fs, ui, fl);
        if (w.err > out->unit_max_error || !isfinite(w.err)) {
            out->unit_max_error = w.err;
            if (w.err >= out->max_relative_error) {
                out->max_relative_error = w.err;
                out->worst_unit = u->name;
                out->worst_what = w.what;
            }
        }
    }
    /* overall: feed streams (produced by units without inlets) against final products */
    const orf_stream *const *ins = fs->plant_in, *const *outs = fs->plant_out;
    size_t nin = fs->nplant_in, nout = fs->nplant_out;
    double added = 0;
    for (size_t ui = 0; ui < fs->nunits; ui++)
        added += orf_unit_water_added_tph(&fs->units[ui]);
    worst w = balance_sets(fs, ins, nin, outs, nout, 0, fl, added);
    out->overall_max_error = w.err;
    out->overall_in_tph = out->overall_out_tph = 0;
    out->overall_in_tph = added;
    for (size_t k = 0; k < nin; k++)
        out->overall_in_tph += orf_stream_total_tph(ins[k]);
    for (size_t k = 0; k < nout; k++)
        out->overall_out_tph += orf_stream_total_tph(outs[k]);
    if (w.err > out->max_relative_error || !isfinite(w.err)) {
        out->max_relative_error = w.err;
        out->worst_unit = NULL;
        out->worst_what = w.what;
    }
    return ORF_OK;
}
