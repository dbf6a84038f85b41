/* oreflow — flotation bank: N perfectly mixed cells in series.
 *
 * Each particle type (material, size class, composition class) floats at first order with
 *     k = k(d)·Σ_m φ_m k_m,     R∞ = Σ_m φ_m R∞_m
 * (φ_m the volume — taken as surface — fraction of mineral m in the particle, so a composite's
 * floatability follows its exposed valuable surface: King 2001 §8.4; k(d) bell-shaped in log size,
 * Trahar 1981), and is entrained with the froth water at the degree ENT(d) of Savassi et al.
 * (1998). With residence time τ = V·(1 - ε_air)/Q_slurry per cell and a fraction rw of each cell's
 * water to the froth ((1-rw)^N = 1 - R_w), the recovery to the froth is
 *     R = 1 - R∞·(1 + kτ + e)^-N - (1 - R∞)·(1 + e)^-N,   e = ENT·rw/(1 - rw)
 * (R∞[1-(1+kτ)^-N] without entrainment; King 2001 §8.5), or, with the Klimpel (1980) rectangular
 * rate distribution on [0, k], the first term averaged over it. Rougher, scavenger and cleaner
 * banks are instances with their own cells, volumes and rates. Equations and tests:
 * src/units/flotation_model.c, tests/unit/test_flotation.c, docs/models.md.
 *
 * References: Savassi et al. (1998) Minerals Engineering 11(3) 243–256; Klimpel (1980) in Mineral
 * Processing Plant Design, SME; King (2001) Modeling and Simulation of Mineral Processing
 * Systems, ch. 8; Trahar (1981) Int. J. Miner. Process. 8, 289–327. Chromite rate constants were
 * not found in the literature (documented GAP): they are inputs of each bank.
 */
#include "units/sep_common.h"
#include "units/sep_models.h"
#include "units/units_impl.h"

#include <math.h>
#include <string.h>

enum {
    F_CELLS,
    F_VOL,
    F_AIR,
    F_WREC,
    F_XI,
    F_DELTA,
    F_DOPT,
    F_SIGMA,
    F_SPOWER,
    F_MODEL,
    F_RATES,
    F_RMAX
};

static const orf_param_def flot_params[] = {
    {"cells", ORF_PARAM_NUMBER, "-", 0, 6.0, 1.0, 200.0, "number of cells in series"},
    {"cell_volume_m3", ORF_PARAM_NUMBER, "m³", 0, 10.0, 0.0, 1000.0, "volume of each cell"},
    {"air_holdup_pct", ORF_PARAM_NUMBER, "%", 0, 15.0, 0.0, 90.0,
     "volume % of the cell taken by air (reduces the pulp residence time)"},
    {"water_recovery_pct", ORF_PARAM_NUMBER, "%", 0, 15.0, 0.0, 95.0,
     "share of the feed water reporting to the froth over the bank"},
    {"entrainment_xi_um", ORF_PARAM_NUMBER, "µm", 0, 25.0, 0.01, 10000.0,
     "Savassi ξ: particle size entrained at 20 % of the water's degree"},
    {"drainage_delta", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.01, 100.0,
     "Savassi drainage parameter δ (shape of ENT(d))"},
    {"size_optimum_um", ORF_PARAM_NUMBER, "µm", 0, 50.0, 0.01, 10000.0,
     "size of the fastest-floating particles (Trahar 1981)"},
    {"size_sigma", ORF_PARAM_NUMBER, "-", 0, 1.2, 0.0, 100.0,
     "width of k(d) = k·exp(-½(ln(d/d_opt)/σ)²) in ln size; 0 = no size effect"},
    {"specific_power_kw_m3", ORF_PARAM_NUMBER, "kW/m³", 0, 1.0, 0.0, 100.0,
     "installed agitator power per m³ of cell"},
    {"rate_model", ORF_PARAM_STRING, "", 0, 0.0, 0.0, 0.0,
     "first_order (one k per particle type) or klimpel (k rectangular on [0, k])"},
    {"rate_constants_per_min", ORF_PARAM_TABLE, "1/min", 1, 0.0, 0.0, 0.0,
     "map material -> flotation rate constant at the optimum size (unlisted materials: 0)"},
    {"max_recovery_pct", ORF_PARAM_TABLE, "%", 0, 0.0, 0.0, 0.0,
     "map material -> maximum recovery R∞ (unlisted materials: 100)"},
};

static const orf_result_def flot_results[] = {
    {"mass_pull_pct", "%", "solids to the froth, % of feed solids"},
    {"water_recovery_pct", "%", "water to the froth, % of feed water"},
    {"residence_time_min", "min", "pulp residence time of the bank, N·V·(1-ε)/Q"},
    {"valuable_recovery_pct", "%", "valuable mineral to the froth, % of feed"},
    {"power_kw", "kW", "agitator power, N·V·specific power"},
};
enum { FR_PULL, FR_WREC, FR_TAU, FR_REC, FR_POWER };

typedef struct flot_state {
    orf__sep_ws ws;
    orf__kdist dist;
    double *k;    /* nm: rate constant at optimum size, 1/min */
    double *rmax; /* nm: maximum recovery, fraction */
    /* Per size class, what depends only on the size and the parameters (the recycle iterations
     * re-evaluate the bank at unchanged parameters): the size factor of k, the entrainment
     * number e per cell and the non-floating tail (1+e)^-n. Valid while cache_ok and cache_key
     * equals the current (xi, delta, d_opt, sigma, n, rw). */
    int cache_ok;
    double cache_key[6];
    double *size_kf, *size_e, *size_tail; /* ns each */
} flot_state;

/* Read a {material: number} map into vals[nm]; unknown names are located errors. */
static orf_status read_material_map(orf_unit *u, orf_ctx *ctx, const char *param, double lo,
                                    double hi, double scale, double *vals)
{
    const orf_node *n = orf_unit_param_node(u, param);
    if (!n)
        return ORF_OK;
    orf_status rc = orf_node_expect(ctx, n, ORF_NODE_MAP, param);
    if (rc != ORF_OK)
        return rc;
    orf_status worst = ORF_OK;
    for (size_t i = 0; i < n->n; i++) {
        const char *name = n->keys[i]->str;
        int m = orf__material_key(ctx, u, n->keys[i], param);
        if (m < 0) {
            worst = ORF_E_UNKNOWN_NAME;
            continue;
        }
        double v;
        rc = orf_node_number(ctx, n->items[i], param, &v);
        if (rc != ORF_OK) {
            worst = rc;
            continue;
        }
        if (!(v >= lo && v <= hi)) {
            worst = orf_diag_emit(ctx, ORF_E_RANGE, &n->items[i]->loc, u->name,
                                  "%s of '%s' is %g, outside [%g, %g]", param, name, v, lo, hi);
            continue;
        }
        vals[m] = v * scale;
    }
    return worst;
}

static orf_status flot_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_system *y = u->sys;
    flot_state *st = u->state;
    orf_status rc = orf__sep_ws_init(u, ctx, &st->ws);
    if (rc != ORF_OK)
        return rc;
    st->k = orf_unit_alloc(u, y->nm, sizeof(double));
    st->rmax = orf_unit_alloc(u, y->nm, sizeof(double));
    st->size_kf = orf_unit_alloc(u, 3 * y->ns, sizeof(double));
    if (!st->k || !st->rmax || !st->size_kf)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    st->size_e = st->size_kf + y->ns;
    st->size_tail = st->size_e + y->ns;
    for (size_t m = 0; m < y->nm; m++)
        st->rmax[m] = 1.0;
    st->dist = ORF__KDIST_SINGLE;
    const orf_node *mn = orf_unit_param_node(u, "rate_model");
    if (mn) {
        const char *s;
        rc = orf_node_string(ctx, mn, "rate_model", &s);
        if (rc != ORF_OK)
            return rc;
        if (strcmp(s, "klimpel") == 0) {
            st->dist = ORF__KDIST_KLIMPEL;
        } else if (strcmp(s, "first_order") != 0) {
            static const char *const models[] = {"first_order", "klimpel", NULL};
            rc = orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                               "rate_model '%s' is not first_order or klimpel", s);
            orf_diag_hint_nearest(ctx, s, models, 2);
            return rc;
        }
    }
    if (!orf_unit_param_node(u, "rate_constants_per_min"))
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "flotation_bank needs rate_constants_per_min: {material: k, ...}");
    orf_status r1 = read_material_map(u, ctx, "rate_constants_per_min", 0.0, 1000.0, 1.0, st->k);
    orf_status r2 = read_material_map(u, ctx, "max_recovery_pct", 0.0, 100.0, 0.01, st->rmax);
    return r1 != ORF_OK ? r1 : r2;
}

typedef struct flot_cb {
    const orf_unit *u;
    const flot_state *st;
    double tau_min, n, rw;
} flot_cb;

/* k (at the optimum size) and R∞ of a particle type: volume-weighted over its minerals. */
static void particle_kinetics(const flot_cb *cb, const orf_stream *in, const orf_particle *p,
                              double *k, double *rmax)
{
    const orf_system *y = in->sys;
    if (p->material >= 0) {
        *k = cb->st->k[p->material];
        *rmax = cb->st->rmax[p->material];
    } else {
        /* only the particulate materials (pmat, ascending) hold mass in a composite cell: the
         * others' mass fraction is 0 and was skipped; w as orf_particle_mass_frac, in the same
         * order */
        double kk = 0.0, rr = 0.0, vsum = 0.0;
        const double mass = p->mass_tph;
        for (size_t j = 0; mass > 0 && j < y->npm; j++) {
            const size_t m = (size_t)y->pmat[j];
            double w = in->x[orf_ix(y, m, p->size, p->comp)] / mass;
            if (w <= 0.0 || !(y->mat[m]->density_kg_m3 > 0.0))
                continue;
            double v = w / y->mat[m]->density_kg_m3;
            kk += v * cb->st->k[m];
            rr += v * cb->st->rmax[m];
            vsum += v;
        }
        *k = vsum > 0.0 ? kk / vsum : 0.0;
        *rmax = vsum > 0.0 ? rr / vsum : 0.0;
    }
}

static double flot_recovery(const flot_cb *cb, double k, double rmax, double d_um)
{
    double ent = orf__savassi_ent(d_um, cb->u->p[F_XI], cb->u->p[F_DELTA]);
    double e = cb->rw < 1.0 ? ent * cb->rw / (1.0 - cb->rw) : 0.0;
    return orf__flotation_bank_recovery(k, cb->tau_min, cb->n, rmax, e, cb->st->dist);
}

/* The partition of the solver's iterations: flot_recovery with the size terms from the cache
 * (the same arithmetic). */
static double flot_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    const flot_cb *cb = vctx;
    const flot_state *st = cb->st;
    double k, rmax;
    particle_kinetics(cb, in, p, &k, &rmax);
    k *= st->size_kf[p->size];
    return orf__flotation_bank_recovery_tail(k, cb->tau_min, cb->n, rmax, st->size_e[p->size],
                                             st->dist, st->size_tail[p->size]);
}

static void size_cache_refresh(const orf_unit *u, flot_state *st, const flot_cb *cb)
{
    double key[6] = {u->p[F_XI], u->p[F_DELTA], u->p[F_DOPT], u->p[F_SIGMA], cb->n, cb->rw};
    if (st->cache_ok && !memcmp(key, st->cache_key, sizeof key))
        return;
    const orf_system *y = u->sys;
    for (size_t s = 0; s < y->ns; s++) {
        double d = y->mid_um[s];
        st->size_kf[s] = orf__flotation_size_factor(d, u->p[F_DOPT], u->p[F_SIGMA]);
        double ent = orf__savassi_ent(d, u->p[F_XI], u->p[F_DELTA]);
        st->size_e[s] = cb->rw < 1.0 ? ent * cb->rw / (1.0 - cb->rw) : 0.0;
        st->size_tail[s] = orf__flotation_nonfloat_tail(cb->n, st->size_e[s]);
    }
    memcpy(st->cache_key, key, sizeof key);
    st->cache_ok = 1;
}

static void flot_conditions(const orf_unit *u, const orf_stream *feed, flot_cb *cb)
{
    double q_m3h = orf_stream_slurry_m3h(feed);
    double n = u->p[F_CELLS];
    double vpulp = u->p[F_VOL] * (1.0 - u->p[F_AIR] / 100.0);
    cb->u = u;
    cb->st = u->state;
    cb->n = n;
    cb->tau_min = q_m3h > 0.0 ? 60.0 * vpulp / q_m3h : 0.0;
    cb->rw = orf__cell_water_split(u->p[F_WREC] / 100.0, n);
}

static int flot_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    flot_state *st = u->state;
    const orf_stream *feed = orf__feedbuf_mix(&st->ws.fb, u, in);
    flot_cb cb;
    flot_conditions(u, feed, &cb);
    size_cache_refresh(u, st, &cb);
    orf_stream_split_particles(feed, out[0], out[1], flot_partition, &cb, NULL,
                               u->p[F_WREC] / 100.0);
    u->r[FR_PULL] =
        orf__sep_pct(orf_stream_particulate_tph(out[0]), orf_stream_particulate_tph(feed));
    u->r[FR_WREC] = orf__sep_pct(orf_stream_water_tph(out[0]), orf_stream_water_tph(feed));
    u->r[FR_TAU] = cb.tau_min * cb.n;
    u->r[FR_REC] = orf__sep_pct(orf__sep_valuable_tph(out[0], -1), orf__sep_valuable_tph(feed, -1));
    u->r[FR_POWER] = cb.n * u->p[F_VOL] * u->p[F_SPOWER];
    return 0;
}

/* Recovery of the pure valuable mineral and of each pure gangue mineral by size at the solved
 * residence time, the entrainment curve, and the size-by-size recovery. */
static void flot_report_json(const orf_unit *u, const orf_stream *const *in,
                             const orf_stream *const *out, orf_json *j)
{
    const orf_system *y = u->sys;
    const flot_state *st = u->state;
    double q = 0.0;
    for (size_t i = 0; i < u->nin; i++)
        q += orf_stream_slurry_m3h(in[i]);
    flot_cb cb = {u, st, 0.0, u->p[F_CELLS],
                  orf__cell_water_split(u->p[F_WREC] / 100.0, u->p[F_CELLS])};
    cb.tau_min = q > 0.0 ? 60.0 * u->p[F_VOL] * (1.0 - u->p[F_AIR] / 100.0) / q : 0.0;
    orf_json_key(j, "recovery_by_size");
    orf_json_begin_object(j);
    orf_json_key_numbers(j, "d_um", y->mid_um, y->ns);
    orf_json_key(j, "entrainment");
    orf_json_begin_array(j);
    for (size_t s = 0; s < y->ns; s++)
        orf_json_number(j, orf__savassi_ent(y->mid_um[s], u->p[F_XI], u->p[F_DELTA]));
    orf_json_end_array(j);
    for (size_t m = 0; m < y->nm; m++) {
        if ((int)m == y->water)
            continue;
        orf_json_key(j, y->mat[m]->name);
        orf_json_begin_array(j);
        for (size_t s = 0; s < y->ns; s++) {
            double k =
                st->k[m] * orf__flotation_size_factor(y->mid_um[s], u->p[F_DOPT], u->p[F_SIGMA]);
            orf_json_number(j, flot_recovery(&cb, k, st->rmax[m], y->mid_um[s]));
        }
        orf_json_end_array(j);
    }
    orf_json_end_object(j);
    orf__sep_json_size_recovery(u, in, out[0], j);
}

static const char *const flot_in[] = {"feed", NULL};
static const char *const flot_out[] = {"conc", "tails", NULL};

const orf_unit_type orf_unit_flotation_bank = {
    .abi = ORF_UNIT_ABI,
    .name = "flotation_bank",
    .family = "flotation",
    .summary = "bank of N flotation cells in series: first-order kinetics per material, size and "
               "composition, maximum recovery, water recovery and entrainment",
    .citation =
        "N perfectly mixed cells, R = R∞[1-(1+kτ)^-N] (King 2001, Modeling and Simulation of "
        "Mineral Processing Systems, ch. 8); Klimpel (1980) rate distribution; "
        "entrainment ENT(d) of Savassi et al. (1998), Minerals Engineering 11(3) 243-256",
    .params = flot_params,
    .nparams = sizeof flot_params / sizeof flot_params[0],
    .inlets = flot_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = flot_out,
    .noutlets = 2,
    .min_inlets = 1,
    .results = flot_results,
    .nresults = sizeof flot_results / sizeof flot_results[0],
    .conserves_materials = 1,
    .state_size = sizeof(flot_state),
    .setup = flot_setup,
    .compute = flot_compute,
    .report_json = flot_report_json,
};
