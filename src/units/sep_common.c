/* oreflow — helpers shared by the separator units (see sep_common.h). */
#include "units/sep_common.h"

#include <math.h>

orf_status orf__sep_ws_init(orf_unit *u, orf_ctx *ctx, orf__sep_ws *ws)
{
    const orf_system *y = u->sys;
    ws->buf = orf_calloc(ctx, 2 * y->nvar, sizeof(double));
    if (!ws->buf)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory for workspace");
    ws->feed.name = u->name;
    ws->feed.sys = y;
    ws->feed.x = ws->buf;
    ws->rest.name = u->name;
    ws->rest.sys = y;
    ws->rest.x = ws->buf + y->nvar;
    return ORF_OK;
}

void orf__sep_ws_fini(orf_ctx *ctx, orf__sep_ws *ws)
{
    if (ws && ws->buf)
        orf_free(ctx, ws->buf);
    if (ws)
        ws->buf = NULL;
}

const orf_stream *orf__sep_feed(const orf_unit *u, orf__sep_ws *ws, const orf_stream *const *in)
{
    if (u->nin == 1)
        return in[0];
    orf_stream_zero(&ws->feed);
    int first = 1;
    for (size_t i = 0; i < u->nin; i++) {
        if (first) {
            orf_stream_copy(&ws->feed, in[i]);
            first = 0;
        } else {
            orf_stream_add(&ws->feed, in[i], 1.0);
        }
    }
    return &ws->feed;
}

double orf__sep_valuable_tph(const orf_stream *st, long s)
{
    const orf_system *y = st->sys;
    if (y->valuable < 0)
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
