/* oreflow — liberation through breakage: the composition classes of the fragments that a crusher
 * or a mill makes from composite particles.
 *
 * Texture: a random (Markovian) two-phase texture along any line through the ore, the valuable
 * mineral and the gangue alternating in intercepts whose lengths are exponentially distributed,
 * of means l_v (the valuable mineral's mean linear intercept, its "grain size") and l_g. For a
 * composite of volumetric grade g the line fractions of the phases are g and 1-g, hence
 * l_g = l_v (1 - g)/g. A fragment of (linear) size d is pure phase a when the segment of length
 * d that it spans lies inside one intercept of a; the fraction of phase a in such fragments is
 *   L_a(d) = (1/l_a) ∫_d^∞ (l - d) e^{-l/l_a}/l_a dl = exp(-d/l_a)
 * (King, R.P. 1979 "A model for the quantitative estimation of mineral liberation by grinding",
 * Int. J. Miner. Process. 6, 207–220: liberation from the linear-intercept distribution of the
 * phases; King, R.P. 2001 "Modeling and Simulation of Mineral Processing Systems",
 * Butterworth-Heinemann, ch. 4 and §5.6 on non-preferential (random) breakage, under which
 * liberation depends on the texture and the progeny size only, not on the breakage path).
 *
 * Breakage: a composite parent of size D is by definition not liberated at D, so a fragment of
 * size d < D broken from it is liberated with the conditional probability
 *   L_a(d | D) = (L_a(d) - L_a(D)) / (1 - L_a(D)),
 * which makes the valuable mineral's liberation path-independent: (1 - L(d|D1))(1 - L(D1|D0))
 * = (1 - L(d))/(1 - L(D0)) for D0 > D1 > d, so two breakage stages liberate what one does.
 * The pure valuable goes to the composition class of vfrac 1, the pure gangue (each gangue
 * mineral in proportion) to the class of vfrac 0. The rest stays composite: its volumetric grade
 * g' = (1 - L_v) V_v / ((1 - L_v) V_v + (1 - L_g) V_g) is put on the two composite classes that
 * bracket it by the lever rule on volumes (a share w at vfrac a, 1 - w at vfrac b, w a +
 * (1 - w) b = g'), clamped to the richest and poorest composite classes; sizes d and D are the
 * class mid sizes. Pure particles stay pure. The model is the one-dimensional (linear)
 * liberation: measured volumetric liberation is lower (stereological bias, King 2001 §4.3), so
 * grain_size_um is a fitted texture parameter, not a microscope reading (docs/models.md).
 */
#include <math.h>
#include <string.h>

#include "liberation.h"
#include "unit_common.h"

orf_status orf__lib_setup(orf__lib *L, orf_unit *u, orf_ctx *ctx, size_t ip)
{
    const orf_system *y = u->sys;
    memset(L, 0, sizeof *L);
    L->cv = L->c0 = -1;
    const orf_node *n = orf_unit_param_node(u, u->type->params[ip].name);
    if (n && !(u->p[ip] > 0.0))
        return orf_diag_emit(ctx, ORF_E_RANGE, &n->loc, u->name,
                             "grain_size_um must be > 0 (the valuable mineral's mean linear "
                             "intercept, µm)");
    int has_v = y->valuable >= 0 && orf_has_particles(y, (size_t)y->valuable);
    for (size_t c = 0; has_v && c < y->nc; c++) {
        if (y->vfrac[c] == 1.0 && L->cv < 0)
            L->cv = (int)c;
        else if (y->vfrac[c] == 0.0 && L->c0 < 0)
            L->c0 = (int)c;
        else if (y->vfrac[c] > 0.0 && y->vfrac[c] < 1.0)
            L->ncomp++;
    }
    if (n && !has_v)
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, u->name,
                             "grain_size_um needs a valuable mineral with particles (the system's "
                             "valuable mineral, named in a feed's mineralogy)");
    if (n && (L->cv < 0 || L->c0 < 0))
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, u->name,
                             "grain_size_um needs composition classes of vfrac 1 and 0 (the "
                             "liberated valuable mineral and gangue)");
    if (!has_v || L->cv < 0 || L->c0 < 0)
        return ORF_OK; /* the system cannot liberate: the unit keeps composition classes */
    /* ready for a grain size given here or set later by a scenario or a sample */
    L->comp = orf_unit_alloc(u, L->ncomp ? L->ncomp : 1, sizeof(size_t));
    L->pk = orf_unit_alloc(u, y->npm ? y->npm : 1, sizeof(double));
    if (!L->comp || !L->pk)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    size_t k = 0;
    for (size_t c = 0; c < y->nc; c++)
        if (y->vfrac[c] > 0.0 && y->vfrac[c] < 1.0)
            L->comp[k++] = c;
    for (size_t i = 1; i < L->ncomp; i++) /* insertion sort by vfrac */
        for (size_t j = i; j > 0 && y->vfrac[L->comp[j]] < y->vfrac[L->comp[j - 1]]; j--) {
            size_t t = L->comp[j];
            L->comp[j] = L->comp[j - 1];
            L->comp[j - 1] = t;
        }
    L->ready = 1;
    return ORF_OK;
}

void orf__lib_set(orf__lib *L, double grain_um)
{
    L->grain_um = grain_um;
    L->on = L->ready && grain_um > 0.0;
}

double orf__lib_fraction(double d_um, double dp_um, double l_um)
{
    if (!(d_um < dp_um) || !(l_um > 0.0) || !(d_um > 0.0))
        return 0.0;
    double den = -expm1(-dp_um / l_um); /* 1 - L(D) */
    if (!(den > 0.0))
        return 0.0;
    double v = (exp(-d_um / l_um) - exp(-dp_um / l_um)) / den;
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

void orf__lib_scatter(const orf__lib *L, const orf_system *y, const double *pk, size_t c,
                      double dp_um, size_t s, double *x)
{
    size_t kv = (size_t)y->pslot[y->valuable];
    size_t base = s * y->nc; /* cell of block k: (k*ns + s)*nc + class */
    double vv = pk[kv] / y->mat[y->valuable]->density_kg_m3, vg = 0.0;
    for (size_t k = 0; k < y->npm; k++)
        if (k != kv)
            vg += pk[k] / y->mat[y->pmat[k]]->density_kg_m3;
    double d = y->mid_um[s];
    double lv = 0.0, lg = 0.0;
    if (!y->liberated[c] && L->ncomp > 0 && vv > 0.0 && vg > 0.0) {
        double g = vv / (vv + vg);
        lv = orf__lib_fraction(d, dp_um, L->grain_um);
        lg = orf__lib_fraction(d, dp_um, L->grain_um * (1.0 - g) / g);
    }
    if (lv == 0.0 && lg == 0.0) { /* nothing liberated: the packet keeps its class */
        for (size_t k = 0; k < y->npm; k++)
            x[k * y->ns * y->nc + base + c] += pk[k];
        return;
    }
    /* remaining composite: grade g', lever rule between the bracketing composite classes */
    double rv = (1.0 - lv) * vv, rg = (1.0 - lg) * vg;
    double gr = rv / (rv + rg);
    size_t ia = 0, ib = 0;
    while (ib + 1 < L->ncomp && y->vfrac[L->comp[ib]] < gr)
        ib++;
    ia = ib > 0 && y->vfrac[L->comp[ib]] > gr ? ib - 1 : ib;
    double a = y->vfrac[L->comp[ia]], b = y->vfrac[L->comp[ib]];
    double w = 1.0; /* volume share of the remainder at class a */
    if (ia != ib && b > a)
        w = (b - gr) / (b - a);
    if (gr <= a)
        w = 1.0; /* below the poorest composite class (ia == ib == 0) */
    double wa_v = w * a / (w * a + (1.0 - w) * b); /* share of the valuable in class a */
    double wa_g = w * (1.0 - a) / (w * (1.0 - a) + (1.0 - w) * (1.0 - b));
    if (ia == ib)
        wa_v = wa_g = 1.0;
    size_t ca = L->comp[ia], cb = L->comp[ib];
    for (size_t k = 0; k < y->npm; k++) {
        double m = pk[k];
        if (m == 0.0)
            continue;
        double *cell = x + k * y->ns * y->nc + base;
        double lib = k == kv ? lv : lg, wa = k == kv ? wa_v : wa_g;
        double mlib = lib * m, rest = m - mlib;
        double in_a = wa * rest;
        cell[k == kv ? L->cv : L->c0] += mlib;
        cell[ca] += in_a;
        cell[cb] += rest - in_a;
    }
}

/* the packet of block masses of cell (size j, class c) of x, times f */
static int packet(const orf__lib *L, const orf_system *y, const double *x, size_t j, size_t c,
                  double f)
{
    int any = 0;
    for (size_t k = 0; k < y->npm; k++) {
        double v = f * x[(k * y->ns + j) * y->nc + c];
        L->pk[k] = v;
        any |= v != 0.0;
    }
    return any;
}

void orf__lib_crusher_solve(const orf__lib *L, const orf_system *y, const double *c,
                            const double *b, const orf_stream *feed, orf_stream *out,
                            double *broken_tph)
{
    size_t n = y->ns, nc = y->nc;
    double *x = out->x;
    for (size_t i = 0; i < y->npart; i++)
        x[i] = feed->x[i];
    for (size_t i = 0; i < n; i++) {
        /* x_i = f_i + Σ_{j<i} b_ij C_j x_j (fragments, liberated), then the diagonal term */
        for (size_t j = 0; j < i; j++) {
            double f = b[i * n + j] * c[j];
            if (f == 0.0)
                continue;
            for (size_t cc = 0; cc < nc; cc++)
                if (packet(L, y, x, j, cc, f))
                    orf__lib_scatter(L, y, L->pk, cc, y->mid_um[j], i, x);
        }
        double diag = 1.0 - b[i * n + i] * c[i];
        for (size_t k = 0; k < y->npm; k++)
            for (size_t cc = 0; cc < nc; cc++) {
                double *v = &x[(k * n + i) * nc + cc];
                *v = diag > 1e-300 ? *v / diag : 0.0;
            }
    }
    double broken = 0.0;
    for (size_t k = 0; k < y->npm; k++)
        for (size_t i = 0; i < n; i++)
            for (size_t cc = 0; cc < nc; cc++) {
                double *v = &x[(k * n + i) * nc + cc];
                broken += c[i] * *v;
                *v *= 1.0 - c[i];
            }
    if (broken_tph)
        *broken_tph = broken;
}

void orf__lib_mill_solve(const orf__lib *L, const orf_system *y, const double *s, const double *b,
                         double tau_min, int n_mixers, orf_stream *out)
{
    size_t n = y->ns, nc = y->nc;
    if (n == 0 || n_mixers < 1 || !(tau_min > 0.0))
        return;
    double t = tau_min / n_mixers, *x = out->x;
    for (int m = 0; m < n_mixers; m++)
        for (size_t i = 0; i < n; i++) {
            /* x_i holds this mixer's feed; x_{j<i} already its product */
            for (size_t j = 0; j < i; j++) {
                double f = t * b[i * n + j] * s[j];
                if (f == 0.0)
                    continue;
                for (size_t cc = 0; cc < nc; cc++)
                    if (packet(L, y, x, j, cc, f))
                        orf__lib_scatter(L, y, L->pk, cc, y->mid_um[j], i, x);
            }
            double si = i + 1 < n ? s[i] : 0.0; /* the pan does not break */
            for (size_t k = 0; k < y->npm; k++)
                for (size_t cc = 0; cc < nc; cc++)
                    x[(k * n + i) * nc + cc] /= 1.0 + si * t;
        }
}

double orf__lib_liberated_pct(const orf_stream *st)
{
    const orf_system *y = st->sys;
    if (y->valuable < 0 || !orf_has_particles(y, (size_t)y->valuable) || y->nc < 2)
        return nan("");
    double lib = 0.0, tot = 0.0;
    for (size_t s = 0; s < y->ns; s++)
        for (size_t c = 0; c < y->nc; c++) {
            double v = st->x[orf_ix(y, (size_t)y->valuable, s, c)];
            tot += v;
            if (y->vfrac[c] == 1.0)
                lib += v;
        }
    return tot > 0.0 ? 100.0 * lib / tot : nan("");
}
