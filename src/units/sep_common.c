/* oreflow — helpers shared by the separator units (see sep_common.h). */
#include "units/sep_common.h"

#include <math.h>

orf_status orf__sep_ws_init(orf_unit *u, orf_ctx *ctx, orf__sep_ws *ws)
{
    ws->rest.name = u->name;
    ws->rest.sys = u->sys;
    ws->rest.x = orf_unit_alloc(u, u->sys->nvar, sizeof(double));
    if (!ws->rest.x)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory for workspace");
    return orf__feedbuf_init(&ws->fb, u, ctx);
}

double orf__sep_valuable_tph(const orf_stream *st, long s)
{
    const orf_system *y = st->sys;
    if (y->valuable < 0 || !orf_has_particles(y, (size_t)y->valuable))
        return 0.0;
    double t = 0.0;
    size_t m = (size_t)y->valuable;
    for (size_t k = 0; k < y->ns; k++) {
        if (s >= 0 && (size_t)s != k)
            continue;
        for (size_t c = 0; c < y->nc; c++)
            t += st->x[orf_ix(y, m, k, c)];
    }
    return t;
}

double orf__sep_pct(double part, double whole)
{
    return whole > 0.0 ? 100.0 * part / whole : 0.0;
}

void orf__sep_json_capture_curve(const orf_unit *u, double x,
                                 double (*frac)(const orf_unit *, double, double, double),
                                 orf_json *j)
{
    const orf_system *y = u->sys;
    if (y->valuable < 0)
        return;
    double rho = y->mat[y->valuable]->density_kg_m3;
    orf_json_key(j, "valuable_capture_curve");
    orf_json_begin_object(j);
    orf_json_key_numbers(j, "d_um", y->mid_um, y->ns);
    orf_json_key(j, "to_mags");
    orf_json_begin_array(j);
    for (size_t s = 0; s < y->ns; s++)
        orf_json_number(j, frac(u, x, rho, y->mid_um[s]));
    orf_json_end_array(j);
    orf_json_end_object(j);
}

void orf__sep_json_size_recovery(const orf_unit *u, const orf_stream *const *in,
                                 const orf_stream *prod, orf_json *j)
{
    const orf_system *y = u->sys;
    orf_json_key(j, "size_recovery");
    orf_json_begin_object(j);
    orf_json_key_numbers(j, "mid_um", y->mid_um, y->ns);
    orf_json_key(j, "solids_pct");
    orf_json_begin_array(j);
    for (size_t s = 0; s < y->ns; s++) {
        double f = 0.0;
        for (size_t i = 0; i < u->nin; i++)
            f += orf_stream_size_tph(in[i], s);
        orf_json_number(j, f > 0.0 ? orf__sep_pct(orf_stream_size_tph(prod, s), f) : (double)NAN);
    }
    orf_json_end_array(j);
    orf_json_key(j, "valuable_pct");
    orf_json_begin_array(j);
    for (size_t s = 0; s < y->ns; s++) {
        double f = 0.0;
        for (size_t i = 0; i < u->nin; i++)
            f += orf__sep_valuable_tph(in[i], (long)s);
        orf_json_number(j, f > 0.0 ? orf__sep_pct(orf__sep_valuable_tph(prod, (long)s), f)
                                   : (double)NAN);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
}
