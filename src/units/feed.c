/* The feed: the source of a flowsheet's streams (an entry of `feeds:`), with its solids,
 * water, mineralogy, size distribution and liberation.
 *
 * Feed size distributions (King 2001, "Modeling and Simulation of Mineral Processing Systems",
 * §2.4; Wills & Finch 2016, "Mineral Processing Technology", 8th ed., ch. 4):
 *   Rosin–Rammler          P(d) = 1 − exp(−(d/d63)^n)
 *   Gates–Gaudin–Schuhmann P(d) = (d/k)^m for d < k, 1 above
 *   measured table         cumulative % passing at sieve sizes, log-linear interpolation
 * Mass above the top size is put in the top class. Liberation: the valuable mineral is shared over
 * composition classes as given; gangue is locked with it in the volume ratio of each class
 * (class of volume fraction φ holds (1−φ)/φ volumes of gangue per volume of valuable), the rest is
 * liberated gangue in the φ = 0 class. */
#include "units_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { PSD_RR, PSD_GGS, PSD_TABLE };

typedef struct feed_state {
    double *mineral_pct; /* nm: mass % of solids (normalised at compute) */
    double *bulk_tph;    /* nm */
    int psd_model;
    double psd_a, psd_b; /* RR: d63_um, n; GGS: k_um, m */
    size_t ntab;
    double *tab_um, *tab_pct; /* descending size */
    size_t nlib_rows;         /* 0: default; 1: one row for all sizes; ns: one per size */
    double *lib;              /* nlib_rows × nc */
    double *work;             /* ns: mass fraction per size class */
    int water_mode;           /* 0 dry, 1 water_tph, 2 pct_solids */
} feed_state;

enum { F_SOLIDS, F_WATER, F_PCT, F_TEMP, F_MIN, F_PSD, F_LIB, F_BULK };

static const orf_param_def feed_params[] = {
    {"solids_tph", ORF_PARAM_NUMBER, "t/h", 0, 0, 0, 1e7, "dry solids mass flow"},
    {"water_tph", ORF_PARAM_NUMBER, "t/h", 0, 0, 0, 1e8, "water flow (or give pct_solids)"},
    {"pct_solids", ORF_PARAM_NUMBER, "mass %", 0, 100, 0.001, 100,
     "solids in the slurry, mass % (or give water_tph); 100 = dry"},
    {"temperature_c", ORF_PARAM_NUMBER, "°C", 0, 25, -50, 3000, "temperature"},
    {"mineralogy", ORF_PARAM_TABLE, "mass %", 0, 0, 0, 0,
     "material -> mass % of the solids (normalised to 100)"},
    {"psd", ORF_PARAM_TABLE, "µm", 0, 0, 0, 0,
     "{model: rosin_rammler, d63_um, n} | {model: ggs, k_um, m} | {table: [[size_um, % passing], "
     "...]}"},
    {"liberation", ORF_PARAM_TABLE, "-", 0, 0, 0, 0,
     "share of the valuable mineral in each composition class: a list (all sizes) or a list per "
     "size class"},
    {"bulk", ORF_PARAM_TABLE, "t/h", 0, 0, 0, 0,
     "material -> t/h not resolved by size (melts, gases, reagents, lump reductant)"},
};

static double psd_passing(const feed_state *f, double d)
{
    if (d <= 0)
        return 0;
    switch (f->psd_model) {
    case PSD_RR:
        return 1.0 - exp(-pow(d / f->psd_a, f->psd_b));
    case PSD_GGS:
        return d >= f->psd_a ? 1.0 : pow(d / f->psd_a, f->psd_b);
    default: {
        /* table descending in size, % passing */
        if (d >= f->tab_um[0])
            return d > f->tab_um[0] ? 1.0 : f->tab_pct[0] / 100.0;
        for (size_t i = 1; i < f->ntab; i++) {
            if (d >= f->tab_um[i]) {
                double t =
                    (log(d) - log(f->tab_um[i])) / (log(f->tab_um[i - 1]) - log(f->tab_um[i]));
                return (f->tab_pct[i] + t * (f->tab_pct[i - 1] - f->tab_pct[i])) / 100.0;
            }
        }
        /* below the finest sieve: linear to zero at zero size */
        return f->tab_pct[f->ntab - 1] / 100.0 * d / f->tab_um[f->ntab - 1];
    }
    }
}

static orf_status feed_read_psd(orf_unit *u, orf_ctx *ctx, feed_state *f, const orf_node *pn)
{
    if (!pn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "feed '%s' has solids and size classes but no 'psd'", u->name);
    if (orf_node_expect(ctx, pn, ORF_NODE_MAP, "psd"))
        return ORF_E_INPUT;
    const orf_node *tab = orf_node_get(pn, "table");
    if (tab) {
        static const char *const k[] = {"table", NULL};
        if (orf_node_check_keys(ctx, pn, k, "psd") ||
            orf_node_expect(ctx, tab, ORF_NODE_SEQ, "psd.table"))
            return ORF_E_INPUT;
        if (tab->n < 1)
            return orf_diag_emit(ctx, ORF_E_INPUT, &tab->loc, u->name, "psd.table is empty");
        f->psd_model = PSD_TABLE;
        f->ntab = tab->n;
        f->tab_um = orf_unit_alloc(u, tab->n, sizeof(double));
        f->tab_pct = orf_unit_alloc(u, tab->n, sizeof(double));
        if (!f->tab_um || !f->tab_pct)
            return ORF_E_NOMEM;
        for (size_t i = 0; i < tab->n; i++) {
            const orf_node *row = tab->items[i];
            if (orf_node_expect(ctx, row, ORF_NODE_SEQ, "psd.table row [size_um, % passing]"))
                return ORF_E_INPUT;
            if (row->n != 2)
                return orf_diag_emit(ctx, ORF_E_INPUT, &row->loc, u->name,
                                     "psd.table row: expected [size_um, %% passing], found %zu "
                                     "values",
                                     row->n);
            if (orf_node_number(ctx, row->items[0], "sieve size (µm)", &f->tab_um[i]) ||
                orf_node_number(ctx, row->items[1], "% passing", &f->tab_pct[i]))
                return ORF_E_INPUT;
            if (!(f->tab_um[i] > 0))
                return orf_diag_emit(ctx, ORF_E_RANGE, &row->items[0]->loc, u->name,
                                     "sieve size must be > 0 µm");
            if (f->tab_pct[i] < 0 || f->tab_pct[i] > 100)
                return orf_diag_emit(ctx, ORF_E_RANGE, &row->items[1]->loc, u->name,
                                     "%% passing must be within 0..100, found %g", f->tab_pct[i]);
            if (i > 0 && !(f->tab_um[i] < f->tab_um[i - 1]))
                return orf_diag_emit(ctx, ORF_E_INPUT, &row->items[0]->loc, u->name,
                                     "psd.table sizes must decrease down the table");
            if (i > 0 && f->tab_pct[i] > f->tab_pct[i - 1])
                return orf_diag_emit(ctx, ORF_E_INPUT, &row->items[1]->loc, u->name,
                                     "cumulative %% passing cannot rise as the size falls "
                                     "(%g after %g)",
                                     f->tab_pct[i], f->tab_pct[i - 1]);
        }
        return ORF_OK;
    }
    const orf_node *mn = orf_node_get(pn, "model");
    const char *model;
    if (!mn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &pn->loc, u->name,
                             "psd needs 'model' (rosin_rammler or ggs) or 'table'");
    if (orf_node_string(ctx, mn, "psd.model", &model))
        return ORF_E_INPUT;
    const char *ka, *kb;
    if (!strcmp(model, "rosin_rammler")) {
        f->psd_model = PSD_RR;
        ka = "d63_um";
        kb = "n";
    } else if (!strcmp(model, "ggs") || !strcmp(model, "gates_gaudin_schuhmann")) {
        f->psd_model = PSD_GGS;
        ka = "k_um";
        kb = "m";
    } else {
        static const char *const models[] = {"rosin_rammler", "ggs", "gates_gaudin_schuhmann"};
        orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &mn->loc, u->name,
                      "psd.model: expected rosin_rammler or ggs, found '%s'", model);
        orf_diag_hint_nearest(ctx, model, models, 3);
        return ORF_E_UNKNOWN_NAME;
    }
    const char *keys[] = {"model", ka, kb, NULL};
    if (orf_node_check_keys(ctx, pn, keys, "psd"))
        return ORF_E_INPUT;
    const orf_node *an = orf_node_get(pn, ka), *bn = orf_node_get(pn, kb);
    if (!an || !bn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &pn->loc, u->name, "psd model %s needs %s and %s",
                             model, ka, kb);
    if (orf_node_number(ctx, an, ka, &f->psd_a) || orf_node_number(ctx, bn, kb, &f->psd_b))
        return ORF_E_INPUT;
    if (!(f->psd_a > 0))
        return orf_diag_emit(ctx, ORF_E_RANGE, &an->loc, u->name, "%s must be > 0", ka);
    if (!(f->psd_b > 0 && f->psd_b < 20))
        return orf_diag_emit(ctx, ORF_E_RANGE, &bn->loc, u->name, "%s must be within (0, 20)", kb);
    /* a characteristic size under 1 µm is no ore feed's: most likely millimetres typed as µm */
    if (f->psd_a < 1.0)
        orf_diag_warn(ctx, &an->loc, u->name,
                      "psd.%s is %g µm, finer than any ore feed: sizes are in µm (%g mm would be "
                      "%g µm)",
                      ka, f->psd_a, f->psd_a, 1000.0 * f->psd_a);
    return ORF_OK;
}

static orf_status feed_read_lib(orf_unit *u, orf_ctx *ctx, feed_state *f, const orf_node *ln)
{
    const orf_system *y = u->sys;
    if (!ln)
        return ORF_OK;
    if (y->nc < 2)
        return orf_diag_emit(ctx, ORF_E_INPUT, &ln->loc, u->name,
                             "liberation is given but the flowsheet has no composition_classes");
    if (orf_node_expect(ctx, ln, ORF_NODE_SEQ, "liberation"))
        return ORF_E_INPUT;
    int per_size = ln->n > 0 && ln->items[0]->kind == ORF_NODE_SEQ;
    size_t rows = per_size ? ln->n : 1;
    if (per_size && rows != y->ns)
        return orf_diag_emit(ctx, ORF_E_INPUT, &ln->loc, u->name,
                             "liberation per size class needs %zu rows (one per size class), "
                             "found %zu",
                             y->ns, rows);
    f->nlib_rows = rows;
    f->lib = orf_unit_alloc(u, rows * y->nc, sizeof(double));
    if (!f->lib)
        return ORF_E_NOMEM;
    for (size_t r = 0; r < rows; r++) {
        const orf_node *row = per_size ? ln->items[r] : ln;
        if (orf_node_expect(ctx, row, ORF_NODE_SEQ, "liberation row"))
            return ORF_E_INPUT;
        if (row->n != y->nc)
            return orf_diag_emit(ctx, ORF_E_INPUT, &row->loc, u->name,
                                 "liberation: expected %zu shares (one per composition class), "
                                 "found %zu",
                                 y->nc, row->n);
        double sum = 0;
        for (size_t c = 0; c < y->nc; c++) {
            double v;
            if (orf_node_number(ctx, row->items[c], "liberation share", &v))
                return ORF_E_INPUT;
            if (v < 0 || v > 1)
                return orf_diag_emit(ctx, ORF_E_RANGE, &row->items[c]->loc, u->name,
                                     "liberation share must be within 0..1, found %g", v);
            if (y->vfrac[c] == 0 && v > 0)
                return orf_diag_emit(ctx, ORF_E_INPUT, &row->items[c]->loc, u->name,
                                     "the class of volume fraction 0 holds no valuable mineral; "
                                     "its share must be 0");
            f->lib[r * y->nc + c] = v;
            sum += v;
        }
        if (fabs(sum - 1.0) > 1e-6)
            return orf_diag_emit(ctx, ORF_E_INPUT, &row->loc, u->name,
                                 "liberation shares sum to %.9g; they must sum to 1", sum);
    }
    return ORF_OK;
}

static orf_status feed_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_system *y = u->sys;
    feed_state *f = u->state;
    f->mineral_pct = orf_unit_alloc(u, y->nm, sizeof(double));
    f->bulk_tph = orf_unit_alloc(u, y->nm, sizeof(double));
    f->work = orf_unit_alloc(u, y->ns, sizeof(double));
    if (!f->mineral_pct || !f->bulk_tph || !f->work)
        return ORF_E_NOMEM;
    orf_status st = ORF_OK;
    const orf_node *wn = orf_unit_param_node(u, "water_tph"),
                   *pn = orf_unit_param_node(u, "pct_solids");
    if (wn && pn)
        st = orf_diag_emit(ctx, ORF_E_INPUT, &pn->loc, u->name,
                           "give either water_tph or pct_solids for feed '%s', not both", u->name);
    f->water_mode = wn ? 1 : pn ? 2 : 0;
    double solids = u->p[F_SOLIDS];
    const orf_node *mn = orf_unit_param_node(u, "mineralogy");
    if (mn) {
        if (orf__read_material_map(ctx, u, mn, 0, 100, f->mineral_pct, NULL))
            st = ORF_E_INPUT;
        else {
            double sum = 0;
            for (size_t m = 0; m < y->nm; m++)
                sum += f->mineral_pct[m];
            if (f->mineral_pct[y->water] > 0)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                                   "water is not a mineral: give it as water_tph or pct_solids");
            else if (!(sum > 0))
                st = orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name, "mineralogy sums to 0 %%");
            else if (fabs(sum - 100.0) > 0.5)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                                   "mineralogy sums to %g %%; it must sum to 100 %%", sum);
        }
    } else if (solids > 0) {
        st = orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                           "feed '%s' has solids_tph but no 'mineralogy'", u->name);
    }
    if (solids > 0 && !st) {
        if (y->ns > 1 && feed_read_psd(u, ctx, f, orf_unit_param_node(u, "psd")))
            st = ORF_E_INPUT;
        if (feed_read_lib(u, ctx, f, orf_unit_param_node(u, "liberation")))
            st = ORF_E_INPUT;
        if (y->nc > 1 && !f->nlib_rows) {
            /* fully liberated: needs classes 1 and 0 */
            int has1 = 0, has0 = 0;
            for (size_t c = 0; c < y->nc; c++) {
                has1 |= y->vfrac[c] == 1.0;
                has0 |= y->vfrac[c] == 0.0;
            }
            if (!has1 || !has0)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                   "feed '%s' gives no liberation; the composition classes then "
                                   "need vfrac 1 and 0",
                                   u->name);
        }
        if (y->nc > 1) {
            int has0 = 0;
            for (size_t c = 0; c < y->nc; c++)
                has0 |= y->vfrac[c] == 0.0;
            if (!has0)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                                   "composition classes need a class of vfrac 0 for liberated "
                                   "gangue");
        }
    }
    const orf_node *bn = orf_unit_param_node(u, "bulk");
    if (bn && orf__read_material_map(ctx, u, bn, 0, 1e8, f->bulk_tph, NULL))
        st = ORF_E_INPUT;
    return st;
}

static double *feed_param_ref(orf_unit *u, const char *path)
{
    feed_state *f = u->state;
    if (!f)
        return NULL;
    if (!strncmp(path, "mineralogy.", 11)) {
        /* only a material named in some feed's mineralogy has particulate cells (stream.h) */
        int m = orf__material_index(u->sys, path + 11);
        return m >= 0 && orf_has_particles(u->sys, (size_t)m) ? &f->mineral_pct[m] : NULL;
    }
    if (!strncmp(path, "bulk.", 5)) {
        int m = orf__material_index(u->sys, path + 5);
        return m >= 0 ? &f->bulk_tph[m] : NULL;
    }
    if (f->psd_model == PSD_RR && !strcmp(path, "psd.d63_um"))
        return &f->psd_a;
    if (f->psd_model == PSD_RR && !strcmp(path, "psd.n"))
        return &f->psd_b;
    if (f->psd_model == PSD_GGS && !strcmp(path, "psd.k_um"))
        return &f->psd_a;
    if (f->psd_model == PSD_GGS && !strcmp(path, "psd.m"))
        return &f->psd_b;
    return NULL;
}

static int feed_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    (void)in;
    const orf_system *y = u->sys;
    feed_state *f = u->state;
    orf_stream *o = out[0];
    orf_stream_zero(o);
    orf_stream_set_temp_c(o, u->p[F_TEMP]);
    double solids = u->p[F_SOLIDS];
    if (solids > 0) {
        double sum = 0;
        for (size_t m = 0; m < y->nm; m++)
            sum += f->mineral_pct[m] > 0 ? f->mineral_pct[m] : 0;
        if (!(sum > 0))
            return -1;
        /* size distribution (same for every material) */
        if (y->ns == 1)
            f->work[0] = 1.0;
        else {
            double prev = 1.0; /* class 0 takes everything above its lower bound */
            for (size_t s = 0; s < y->ns; s++) {
                double p = y->lower_um[s] > 0 ? psd_passing(f, y->lower_um[s]) : 0.0;
                f->work[s] = prev - p > 0 ? prev - p : 0;
                prev = p < prev ? p : prev;
            }
        }
        int v = y->valuable;
        double rho_v = v >= 0 ? y->mat[v]->density_kg_m3 : 1;
        double gangue_total = 0, gangue_vol = 0;
        for (size_t m = 0; m < y->nm; m++) {
            if ((int)m == v || (int)m == y->water || f->mineral_pct[m] <= 0)
                continue;
            gangue_total += f->mineral_pct[m];
            gangue_vol += f->mineral_pct[m] / y->mat[m]->density_kg_m3;
        }
        for (size_t s = 0; s < y->ns; s++) {
            double ms = solids * f->work[s];
            if (y->nc == 1) {
                for (size_t m = 0; m < y->nm; m++)
                    if (f->mineral_pct[m] > 0)
                        o->x[orf_ix(y, m, s, 0)] = ms * f->mineral_pct[m] / sum;
                continue;
            }
            double mv = v >= 0 && f->mineral_pct[v] > 0 ? ms * f->mineral_pct[v] / sum : 0;
            double mg = ms * gangue_total / sum;     /* gangue mass in this size */
            double vg_avail = ms * gangue_vol / sum; /* gangue volume × 1 (t/h / kg/m³) */
            double vg_left = vg_avail;
            size_t c0 = 0;
            for (size_t c = 0; c < y->nc; c++) {
                if (y->vfrac[c] == 0.0) {
                    c0 = c;
                    continue;
                }
                double share;
                if (f->nlib_rows)
                    share = f->lib[(f->nlib_rows == 1 ? 0 : s) * y->nc + c];
                else
                    share = y->vfrac[c] == 1.0 ? 1.0 : 0.0;
                double mvc = mv * share;
                if (v >= 0)
                    o->x[orf_ix(y, (size_t)v, s, c)] = mvc;
                if (y->vfrac[c] < 1.0 && mvc > 0 && mg > 0) {
                    double vneed = mvc / rho_v * (1.0 - y->vfrac[c]) / y->vfrac[c];
                    if (vneed > vg_left)
                        vneed = vg_left; /* not enough gangue: particles richer than nominal */
                    vg_left -= vneed;
                    double frac = vneed / vg_avail;
                    for (size_t m = 0; m < y->nm; m++)
                        if ((int)m != v && (int)m != y->water && f->mineral_pct[m] > 0)
                            o->x[orf_ix(y, m, s, c)] = frac * ms * f->mineral_pct[m] / sum;
                }
            }
            double frac0 = vg_avail > 0 ? vg_left / vg_avail : 0;
            for (size_t m = 0; m < y->nm; m++)
                if ((int)m != v && (int)m != y->water && f->mineral_pct[m] > 0)
                    o->x[orf_ix(y, m, s, c0)] = frac0 * ms * f->mineral_pct[m] / sum;
        }
    }
    double *b = orf_stream_bulk(o);
    for (size_t m = 0; m < y->nm; m++)
        b[m] = f->bulk_tph[m];
    double sol = orf_stream_solids_tph(o);
    if (f->water_mode == 1)
        b[y->water] += u->p[F_WATER];
    else if (f->water_mode == 2)
        b[y->water] += sol * (100.0 / u->p[F_PCT] - 1.0);
    return 0;
}

static const char *const feed_out[] = {"out", NULL};
static const orf_result_def feed_results[] = {
    {"solids_tph", "t/h", "solids fed"},
};

static int feed_compute_r(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    int rc = feed_compute(u, in, out);
    u->r[0] = orf_stream_solids_tph(out[0]);
    return rc;
}

const orf_unit_type orf_unit_feed = {
    .abi = ORF_UNIT_ABI,
    .name = "feed",
    .family = "feed",
    .summary = "a feed stream: solids by mineralogy, size distribution and liberation; water; bulk",
    .citation = "King (2001) Modeling and Simulation of Mineral Processing Systems, §2.4 (size "
                "distribution models); Wills & Finch (2016) Mineral Processing Technology, ch. 4",
    .params = feed_params,
    .nparams = sizeof feed_params / sizeof *feed_params,
    .inlets = NULL,
    .ninlets = 0,
    .outlets = feed_out,
    .noutlets = 1,
    .results = feed_results,
    .nresults = 1,
    .conserves_materials = 1,
    .setup = feed_setup,
    .compute = feed_compute_r,
    .flags = ORF_UNIT_SOURCE,
    .state_size = sizeof(feed_state),
    .param_ref = feed_param_ref,
};
