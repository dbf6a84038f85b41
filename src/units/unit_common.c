/* oreflow — helpers shared by the comminution and classification units: a feed buffer that
 * mixes several inlet streams, allocated once in setup so that compute allocates nothing, and
 * the solids volume / mean density of a stream by particle type. */
#include <math.h>

#include "oreflow/output.h"
#include "unit_common.h"

orf_status orf__feedbuf_init(orf__feedbuf *fb, const orf_unit *u, orf_ctx *ctx)
{
    fb->st.name = u->name;
    fb->st.sys = u->sys;
    fb->st.x = NULL;
    if (u->nin <= 1)
        return ORF_OK;
    fb->st.x = orf_calloc(ctx, u->sys->nvar, sizeof(double));
    if (!fb->st.x)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    return ORF_OK;
}

void orf__feedbuf_fini(orf__feedbuf *fb, orf_ctx *ctx)
{
    orf_free(ctx, fb->st.x);
    fb->st.x = NULL;
}

const orf_stream *orf__feedbuf_mix(orf__feedbuf *fb, const orf_unit *u, const orf_stream *const *in)
{
    if (u->nin == 1 || !fb->st.x)
        return in[0];
    orf_stream_copy(&fb->st, in[0]);
    for (size_t k = 1; k < u->nin; k++)
        orf_stream_add(&fb->st, in[k], 1.0);
    return &fb->st;
}

static int add_volume(void *vctx, const orf_stream *st, const orf_particle *p)
{
    (void)st;
    double *acc = vctx;
    acc[0] += p->mass_tph;
    if (p->density_kg_m3 > 0.0)
        acc[1] += p->mass_tph * 1000.0 / p->density_kg_m3;
    return 0;
}

void orf__solids_volume(const orf_stream *st, double *mass_tph, double *vol_m3h)
{
    double acc[2] = {0.0, 0.0};
    orf_stream_foreach_particle(st, add_volume, acc);
    *mass_tph = acc[0];
    *vol_m3h = acc[1];
}

void orf__size_column_get(const orf_stream *st, size_t m, size_t c, double *col)
{
    const orf_system *y = st->sys;
    for (size_t s = 0; s < y->ns; s++)
        col[s] = st->x[orf_ix(y, m, s, c)];
}

void orf__size_column_put(orf_stream *st, size_t m, size_t c, const double *col)
{
    const orf_system *y = st->sys;
    for (size_t s = 0; s < y->ns; s++)
        st->x[orf_ix(y, m, s, c)] = col[s];
}

void orf__report_partition(const orf_unit *u, const orf_stream *const *in,
                           const orf_stream *const *out, size_t k, const char *key,
                           struct orf_json *j)
{
    const orf_system *y = u->sys;
    orf_json_key(j, key);
    orf_json_begin_object(j);
    orf_json_key_numbers(j, "size_um", y->mid_um, y->ns);
    for (size_t m = 0; m < y->nm; m++) {
        if ((int)m == y->water || y->mat[m]->phase != ORF_PHASE_SOLID)
            continue;
        orf_json_key(j, y->mat[m]->name);
        orf_json_begin_array(j);
        for (size_t s = 0; s < y->ns; s++) {
            double f = 0.0, o = 0.0;
            for (size_t c = 0; c < y->nc; c++) {
                size_t i = orf_ix(y, m, s, c);
                for (size_t q = 0; q < u->nin; q++)
                    f += in[q]->x[i];
                o += out[k]->x[i];
            }
            if (f > 0.0)
                orf_json_number(j, o / f);
            else
                orf_json_null(j);
        }
        orf_json_end_array(j);
    }
    orf_json_end_object(j);
}
