/* oreflow — helpers shared by the unit plug-ins: a feed buffer that mixes several inlet streams
 * and a split workspace, allocated once in setup from the flowsheet's arena so that compute
 * allocates nothing, the solids volume / mean density of a stream by particle type, size columns
 * and the partition curve written by report_json. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "oreflow/output.h"
#include "unit_common.h"

orf_status orf__feedbuf_init(orf__feedbuf *fb, orf_unit *u, orf_ctx *ctx)
{
    fb->st.name = u->name;
    fb->st.sys = u->sys;
    fb->st.x = NULL;
    if (u->nin <= 1)
        return ORF_OK;
    fb->st.x = orf_unit_alloc(u, u->sys->nvar, sizeof(double));
    if (!fb->st.x)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    return ORF_OK;
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

orf_status orf__split_ws_init(orf__split_ws *ws, orf_unit *u, orf_ctx *ctx)
{
    ws->bulk_frac = orf_unit_alloc(u, u->sys->nm, sizeof(double));
    if (!ws->bulk_frac)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    return orf__feedbuf_init(&ws->fb, u, ctx);
}

void orf__split_ws_split(orf__split_ws *ws, const orf_stream *feed, orf_stream *a, orf_stream *b,
                         orf_partition_fn fn, void *fnctx, double bulk_frac_a)
{
    for (size_t m = 0; m < feed->sys->nm; m++)
        ws->bulk_frac[m] = bulk_frac_a;
    orf_stream_split_particles(feed, a, b, fn, fnctx, ws->bulk_frac, bulk_frac_a);
}

void orf__split_by_material(const orf_stream *feed, orf_stream *a, orf_stream *b,
                            const double *frac_part, const double *frac_size,
                            const double *frac_bulk)
{
    const orf_system *y = feed->sys;
    for (size_t q = 0; q < y->npm; q++) {
        size_t m = (size_t)y->pmat[q];
        for (size_t z = 0; z < y->ns; z++) {
            double r = frac_part[m] * (frac_size ? frac_size[z] : 1.0);
            for (size_t k = 0; k < y->nc; k++) {
                size_t i = orf_ix(y, m, z, k);
                a->x[i] = r * feed->x[i];
                b->x[i] = feed->x[i] - a->x[i];
            }
        }
    }
    const double *bi = orf_stream_bulk(feed);
    double *ba = orf_stream_bulk(a), *bb = orf_stream_bulk(b);
    for (size_t m = 0; m < y->nm; m++) {
        ba[m] = frac_bulk[m] * bi[m];
        bb[m] = bi[m] - ba[m];
    }
    orf_stream_set_temp_c(a, orf_stream_temp_c(feed));
    orf_stream_set_temp_c(b, orf_stream_temp_c(feed));
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
            for (size_t c = 0; orf_has_particles(y, m) && c < y->nc; c++) {
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

int orf__material_index(const orf_system *y, const char *name)
{
    for (size_t m = 0; m < y->nm; m++)
        if (!strcmp(y->mat[m]->name, name))
            return (int)m;
    return -1;
}

int orf__material_key(orf_ctx *ctx, const orf_unit *u, const orf_node *key, const char *what)
{
    const orf_system *y = u->sys;
    const char *name = key->str;
    int m = orf__material_index(y, name);
    if (m >= 0)
        return m;
    orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &key->loc, u->name,
                  "%s%s'%s' is not a material of this flowsheet", what ? what : "",
                  what ? ": " : "", name);
    const char **names = orf_calloc(ctx, y->nm + 1, sizeof *names);
    if (names) {
        for (size_t k = 0; k < y->nm; k++)
            names[k] = y->mat[k]->name;
        orf_diag_hint_nearest(ctx, name, names, y->nm);
        orf_free(ctx, (void *)names);
    }
    return -1;
}

orf_status orf__read_material_map(orf_ctx *ctx, const orf_unit *u, const orf_node *map, double lo,
                                  double hi, double *vals, int *given)
{
    if (orf_node_expect(ctx, map, ORF_NODE_MAP, "a mapping of material to value"))
        return ORF_E_INPUT;
    orf_status st = ORF_OK;
    for (size_t i = 0; i < map->n; i++) {
        const char *name = map->keys[i]->str;
        int m = orf__material_key(ctx, u, map->keys[i], NULL);
        if (m < 0) {
            st = ORF_E_UNKNOWN_NAME;
            continue;
        }
        double v;
        char what[128];
        snprintf(what, sizeof what, "value for '%s'", name);
        if (orf_node_number(ctx, map->items[i], what, &v)) {
            st = ORF_E_INPUT;
            continue;
        }
        if (v < lo || v > hi) {
            st = orf_diag_emit(ctx, ORF_E_RANGE, &map->items[i]->loc, u->name,
                               "value for '%s' must be within %g..%g, found %g", name, lo, hi, v);
            continue;
        }
        vals[m] = v;
        if (given)
            given[m] = 1;
    }
    return st;
}
