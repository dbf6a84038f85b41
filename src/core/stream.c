/* Streams: derived quantities (flows, % solids, assays, size distribution) and the particle-type
 * partition used by every separator. Particle density of composite cells follows the volume
 * mixture rule 1/ρ = Σ w_i/ρ_i (King 2001, "Modeling and Simulation of Mineral Processing
 * Systems", ch. 1, particle populations). */
#include "core_impl.h"

#include <math.h>
#include <string.h>

void orf_stream_zero(orf_stream *st)
{
    memset(st->x, 0, st->sys->nvar * sizeof *st->x);
    orf_stream_set_temp_c(st, 25.0);
}

void orf_stream_copy(orf_stream *dst, const orf_stream *src)
{
    memcpy(dst->x, src->x, src->sys->nvar * sizeof *dst->x);
}

void orf_stream_add(orf_stream *dst, const orf_stream *src, double f)
{
    const orf_system *y = src->sys;
    double td = orf_stream_temp_c(dst), ts = orf_stream_temp_c(src);
    /* the mass-weighted temperature; at equal temperatures (the common case) the flows are not
     * needed */
    double md = 0, ms = 0;
    if (td != ts) {
        md = orf_stream_total_tph(dst);
        ms = f * orf_stream_total_tph(src);
    }
    size_t n = y->npart + y->nm;
    for (size_t i = 0; i < n; i++)
        dst->x[i] += f * src->x[i];
    double t = td == ts ? td : (md + ms) > 0 ? (md * td + ms * ts) / (md + ms) : (md > 0 ? td : ts);
    orf_stream_set_temp_c(dst, t);
}

double orf_stream_particulate_tph(const orf_stream *st)
{
    double s = 0;
    for (size_t i = 0; i < st->sys->npart; i++)
        s += st->x[i];
    return s;
}

double orf_stream_phase_tph(const orf_stream *st, orf_phase ph)
{
    const orf_system *y = st->sys;
    const double *b = orf_stream_bulk(st);
    double s = ph == ORF_PHASE_SOLID ? orf_stream_particulate_tph(st) : 0.0;
    for (size_t m = 0; m < y->nm; m++)
        if (y->mat[m]->phase == ph && (int)m != y->water)
            s += b[m];
    if (ph == ORF_PHASE_LIQUID)
        s += b[y->water];
    return s;
}

double orf_stream_solids_tph(const orf_stream *st)
{
    return orf_stream_phase_tph(st, ORF_PHASE_SOLID);
}
double orf_stream_water_tph(const orf_stream *st)
{
    return orf_stream_bulk(st)[st->sys->water];
}

double orf_stream_total_tph(const orf_stream *st)
{
    double s = 0;
    size_t n = st->sys->npart + st->sys->nm;
    for (size_t i = 0; i < n; i++)
        s += st->x[i];
    return s;
}

double orf_stream_pct_solids(const orf_stream *st)
{
    double s = orf_stream_solids_tph(st), w = orf_stream_water_tph(st);
    return s + w > 0 ? 100.0 * s / (s + w) : nan("");
}

/* s + each of material m's particulate cells in turn (s for a bulk-only material). */
static double add_particles_tph(const orf_stream *st, size_t m, double s)
{
    const orf_system *y = st->sys;
    if (!orf_has_particles(y, m))
        return s;
    size_t per = y->ns * y->nc;
    const double *x = st->x + (size_t)y->pslot[m] * per;
    for (size_t k = 0; k < per; k++)
        s += x[k];
    return s;
}

double orf_stream_slurry_m3h(const orf_stream *st)
{
    const orf_system *y = st->sys;
    double v = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double mt = orf_stream_bulk(st)[m];
        if (y->mat[m]->phase == ORF_PHASE_GAS)
            continue;
        mt = add_particles_tph(st, m, mt);
        v += mt * 1000.0 / y->mat[m]->density_kg_m3;
    }
    return v;
}

double orf_stream_material_tph(const orf_stream *st, size_t m)
{
    return add_particles_tph(st, m, orf_stream_bulk(st)[m]);
}

static double material_solid_tph(const orf_stream *st, size_t m)
{
    const orf_system *y = st->sys;
    double s = y->mat[m]->phase == ORF_PHASE_SOLID ? orf_stream_bulk(st)[m] : 0.0;
    return add_particles_tph(st, m, s);
}

/* Σ_m (mass fraction of element el in material m) × tph(st, m). */
static double element_tph(const orf_stream *st, int el,
                          double (*tph)(const orf_stream *st, size_t m))
{
    const orf_system *y = st->sys;
    double s = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double f = orf_material_element_frac(y->mat[m], el);
        if (f > 0)
            s += f * tph(st, m);
    }
    return s;
}

double orf_stream_element_solids_tph(const orf_stream *st, int el)
{
    return element_tph(st, el, material_solid_tph);
}

double orf_stream_element_tph(const orf_stream *st, int el)
{
    return element_tph(st, el, orf_stream_material_tph);
}

orf_status orf_stream_assay(const orf_stream *st, const char *name, double *out)
{
    const orf_system *y = st->sys;
    double solids = orf_stream_solids_tph(st);
    const char *slash = strchr(name, '/');
    if (slash) {
        char a[16], b[16];
        size_t la = (size_t)(slash - name);
        if (la == 0 || la >= sizeof a || strlen(slash + 1) >= sizeof b)
            return ORF_E_UNKNOWN_NAME;
        memcpy(a, name, la);
        a[la] = 0;
        strcpy(b, slash + 1);
        int ea = orf_matdb_element_index(y->db, a), eb = orf_matdb_element_index(y->db, b);
        if (ea < 0 || eb < 0)
            return ORF_E_UNKNOWN_NAME;
        double ma = orf_stream_element_solids_tph(st, ea),
               mb = orf_stream_element_solids_tph(st, eb);
        *out = mb > 0 ? ma / mb : nan("");
        return ORF_OK;
    }
    for (size_t m = 0; m < y->nm; m++) {
        if (!strcmp(y->mat[m]->name, name) && y->mat[m]->formula == NULL) {
            *out = solids > 0 ? 100.0 * material_solid_tph(st, m) / solids : nan("");
            return ORF_OK;
        }
    }
    int el = orf_matdb_element_index(y->db, name);
    double factor = 1.0;
    if (el < 0 && orf_oxide_factor(y->db, name, &el, &factor) != 0) {
        for (size_t m = 0; m < y->nm; m++) {
            if (!strcmp(y->mat[m]->name, name)) {
                *out = solids > 0 ? 100.0 * material_solid_tph(st, m) / solids : nan("");
                return ORF_OK;
            }
        }
        return ORF_E_UNKNOWN_NAME;
    }
    double el_tph = orf_stream_element_solids_tph(st, el);
    *out = solids > 0 ? 100.0 * factor * el_tph / solids : nan("");
    if (factor != 1.0 && el_tph > 0) {
        /* An oxide assay of a metal or an alloy (more than half of the element in oxygen-free
         * materials: Cr metal, ferrochrome) is not defined: a 69 % Cr alloy is not "101 %
         * Cr2O3". Metals are assayed as elements (Cr %). */
        int ox = orf_matdb_element_index(y->db, "O");
        double free_tph = 0;
        for (size_t m = 0; m < y->nm; m++) {
            double f = orf_material_element_frac(y->mat[m], el);
            if (f > 0 && !(ox >= 0 && orf_material_element_frac(y->mat[m], ox) > 0))
                free_tph += f * material_solid_tph(st, m);
        }
        if (free_tph > 0.5 * el_tph)
            *out = nan("");
    }
    return ORF_OK;
}

double orf_stream_size_tph(const orf_stream *st, size_t s)
{
    const orf_system *y = st->sys;
    double t = 0;
    for (size_t k = 0; k < y->npm; k++)
        for (size_t c = 0; c < y->nc; c++)
            t += st->x[orf_ix(y, (size_t)y->pmat[k], s, c)];
    return t;
}

void orf_stream_passing(const orf_stream *st, double *pct)
{
    const orf_system *y = st->sys;
    double total = orf_stream_particulate_tph(st);
    double above = 0;
    for (size_t s = 0; s < y->ns; s++) {
        pct[s] = total > 0 ? 100.0 * (1.0 - above / total) : nan("");
        above += orf_stream_size_tph(st, s);
    }
}

double orf_stream_pxx_um(const orf_stream *st, double pct)
{
    const orf_system *y = st->sys;
    double total = orf_stream_particulate_tph(st);
    if (!(total > 0))
        return nan("");
    /* passing at upper[s] decreases with s; the pan's lower bound is 0 µm. */
    double above = 0;
    for (size_t s = 0; s < y->ns; s++) {
        double p_hi = 100.0 * (1.0 - above / total);
        above += orf_stream_size_tph(st, s);
        double p_lo = 100.0 * (1.0 - above / total);
        if (p_lo < 0)
            p_lo = 0;
        if (pct <= p_hi && pct >= p_lo) {
            double hi = y->upper_um[s], lo = y->lower_um[s];
            if (p_hi == p_lo)
                return hi;
            if (lo <= 0) /* pan: linear in size down to 0 */
                return hi * (pct / p_hi);
            double f = (pct - p_lo) / (p_hi - p_lo);
            return exp(log(lo) + f * (log(hi) - log(lo)));
        }
    }
    return y->lower_um[y->ns - 1];
}

/* Particle types ---------------------------------------------------------------------------- */

static double cell_density(const orf_stream *st, size_t s, size_t c, double *mass)
{
    const orf_system *y = st->sys;
    double mtot = 0, vol = 0;
    const size_t stride = y->ns * y->nc; /* orf_ix of block k: (k·ns + s)·nc + c */
    for (size_t k = 0, i = s * y->nc + c; k < y->npm; k++, i += stride) {
        size_t m = (size_t)y->pmat[k];
        double w = st->x[i];
        mtot += w;
        vol += w / y->mat[m]->density_kg_m3;
    }
    *mass = mtot;
    return vol > 0 ? mtot / vol : nan("");
}

int orf_stream_foreach_particle(const orf_stream *st,
                                int (*visit)(void *ctx, const orf_stream *st,
                                             const orf_particle *p),
                                void *vctx)
{
    const orf_system *y = st->sys;
    for (size_t s = 0; s < y->ns; s++) {
        for (size_t c = 0; c < y->nc; c++) {
            orf_particle p = {s, c, -1, y->mid_um[s], 0, 0};
            if (y->liberated[c]) {
                for (size_t k = 0; k < y->npm; k++) {
                    size_t m = (size_t)y->pmat[k];
                    double w = st->x[orf_ix(y, m, s, c)];
                    if (w <= 0)
                        continue;
                    p.material = (int)m;
                    p.density_kg_m3 = y->mat[m]->density_kg_m3;
                    p.mass_tph = w;
                    int r = visit(vctx, st, &p);
                    if (r)
                        return r;
                }
            } else {
                p.density_kg_m3 = cell_density(st, s, c, &p.mass_tph);
                if (p.mass_tph <= 0)
                    continue;
                int r = visit(vctx, st, &p);
                if (r)
                    return r;
            }
        }
    }
    return 0;
}

double orf_particle_mass_frac(const orf_stream *st, const orf_particle *p, size_t m)
{
    const orf_system *y = st->sys;
    if (p->material >= 0)
        return (size_t)p->material == m ? 1.0 : 0.0;
    if (!orf_has_particles(y, m))
        return 0.0;
    return p->mass_tph > 0 ? st->x[orf_ix(y, m, p->size, p->comp)] / p->mass_tph : 0.0;
}

double orf_particle_prop(const orf_stream *st, const orf_particle *p, const char *prop, double dflt)
{
    const orf_system *y = st->sys;
    if (p->material >= 0)
        return orf_material_prop(y->mat[p->material], prop, dflt);
    double vol = 0, acc = 0;
    for (size_t k = 0; k < y->npm; k++) {
        size_t m = (size_t)y->pmat[k];
        double v = st->x[orf_ix(y, m, p->size, p->comp)] / y->mat[m]->density_kg_m3;
        vol += v;
        acc += v * orf_material_prop(y->mat[m], prop, dflt);
    }
    return vol > 0 ? acc / vol : dflt;
}

void orf_stream_split_particles(const orf_stream *in, orf_stream *a, orf_stream *b,
                                orf_partition_fn fn, void *fnctx, const double *bulk_frac_a,
                                double water_frac_a)
{
    const orf_system *y = in->sys;
    /* the cell of block k (material pmat[k]), size s, class c is (k·ns + s)·nc + c (orf_ix): the
     * blocks of one (s, c) are a stride of ns·nc apart */
    const size_t ns = y->ns, nc = y->nc, stride = ns * nc, npm = y->npm;
    const double *xi = in->x;
    double *xa = a->x, *xb = b->x;
    for (size_t s = 0; s < ns; s++) {
        for (size_t c = 0; c < nc; c++) {
            orf_particle p = {s, c, -1, y->mid_um[s], 0, 0};
            const size_t i0 = s * nc + c;
            if (y->liberated[c]) {
                for (size_t k = 0, i = i0; k < npm; k++, i += stride) {
                    const double w = xi[i];
                    double f = 0;
                    if (w > 0) {
                        const size_t m = (size_t)y->pmat[k];
                        p.material = (int)m;
                        p.density_kg_m3 = y->mat[m]->density_kg_m3;
                        p.mass_tph = w;
                        f = fn(fnctx, in, &p);
                        f = f < 0 ? 0 : f > 1 ? 1 : f;
                    }
                    const double fa = f * w;
                    xa[i] = fa;
                    xb[i] = w - fa;
                }
            } else {
                p.density_kg_m3 = cell_density(in, s, c, &p.mass_tph);
                double f = 0;
                if (p.mass_tph > 0) {
                    f = fn(fnctx, in, &p);
                    f = f < 0 ? 0 : f > 1 ? 1 : f;
                }
                for (size_t k = 0, i = i0; k < npm; k++, i += stride) {
                    const double w = xi[i], fa = f * w;
                    xa[i] = fa;
                    xb[i] = w - fa;
                }
            }
        }
    }
    const double *bi = orf_stream_bulk(in);
    double *ba = orf_stream_bulk(a), *bb = orf_stream_bulk(b);
    for (size_t m = 0; m < y->nm; m++) {
        double f = (int)m == y->water ? water_frac_a : bulk_frac_a ? bulk_frac_a[m] : 0.0;
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        ba[m] = f * bi[m];
        bb[m] = bi[m] - ba[m];
    }
    orf_stream_set_temp_c(a, orf_stream_temp_c(in));
    orf_stream_set_temp_c(b, orf_stream_temp_c(in));
}
