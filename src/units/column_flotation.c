/* oreflow — flotation column (Finch & Dobby 1990, Column Flotation, Pergamon).
 *
 * Collection zone: an axially dispersed reactor. Each particle type (material, size, composition)
 * floats at first order with k = k_m·f(d) (k_m per material at the optimum size, f(d) the
 * bell-shaped size factor of Trahar 1981, composites volume-weighted as in the flotation bank) up
 * to a floatable fraction R∞; its collection-zone recovery is
 *   Rc = R∞·R_WW(k τp, Nd)     (Wehner–Wilhelm, orf__axial_dispersion_recovery)
 * with the liquid residence time τl = H(1 − εg)/Jl, the particle residence time
 * τp = τl·Ul/(Ul + Up) (Ul = Jl/(1 − εg), Up the particle's hindered settling velocity; Dobby &
 * Finch 1985/Finch & Dobby 1990), and Nd = D/(Ul·H), D = 0.063 dc (Jl/1.6)^0.3 m²/s. Jl is the
 * downward superficial liquid velocity: feed slurry plus the bias water, over the column area.
 * Froth zone: R = Rc·Rf/(Rc·Rf + 1 − Rc) (drop-back returns to the collection zone).
 * Water: wash water (second inlet) splits into the bias (down, to the tails) and the
 * concentrate's water; with a positive bias no feed water reaches the concentrate (Finch & Dobby
 * 1990: the bias suppresses entrainment — an idealisation, see docs/models.md).
 * Carrying capacity (Espinosa-Gomez et al. 1988): at most Ca = 0.068·d80·ρp g/(min·cm²) of
 * concentrate; above it the floated solids are scaled down alike to Ca·A (a warning).
 */
#include <math.h>
#include <string.h>

#include "units/column_dms_model.h"
#include "units/sep_common.h"
#include "units/sep_models.h"
#include "units/units_cc.h"

enum {
    C_DIAM,
    C_HEIGHT,
    C_HOLDUP,
    C_RF,
    C_BIAS,
    C_DOPT,
    C_SIGMA,
    C_CAPF,
    C_RATES,
    C_RMAX,
    C_NPARAM
};

static const orf_param_def params[] = {
    [C_DIAM] = {"diameter_m", ORF_PARAM_NUMBER, "m", 0, 3.0, 0.05, 10,
                "column diameter dc (round column)"},
    [C_HEIGHT] = {"collection_height_m", ORF_PARAM_NUMBER, "m", 0, 10.0, 0.5, 30,
                  "height of the collection zone, feed point to the froth interface"},
    [C_HOLDUP] = {"gas_holdup_pct", ORF_PARAM_NUMBER, "%", 0, 15, 0, 50,
                  "gas holdup εg of the collection zone (10-20 % typical, Finch & Dobby 1990)"},
    [C_RF] = {"froth_recovery_pct", ORF_PARAM_NUMBER, "%", 0, 50, 0.1, 100,
              "froth-zone recovery Rf (an assumption: measure or fit; deep washed froths 30-80)"},
    [C_BIAS] = {"bias_pct", ORF_PARAM_NUMBER, "%", 0, 30, 0, 100,
                "share of the wash water flowing down through the collection zone (positive "
                "bias)"},
    [C_DOPT] = {"size_optimum_um", ORF_PARAM_NUMBER, "µm", 0, 50, 0.01, 10000,
                "size of the fastest-floating particles (Trahar 1981)"},
    [C_SIGMA] = {"size_sigma", ORF_PARAM_NUMBER, "-", 0, 1.2, 0, 100,
                 "width of k(d) = k·exp(-½(ln(d/d_opt)/σ)²) in ln size; 0 = no size effect"},
    [C_CAPF] = {"carrying_capacity_factor", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.01, 10,
                "multiplier on Espinosa-Gomez et al.'s carrying capacity (1 = published)"},
    [C_RATES] = {"rate_constants_per_min", ORF_PARAM_TABLE, "1/min", 1, 0, 0, 0,
                 "map material -> collection-zone rate constant at the optimum size (unlisted: "
                 "0)"},
    [C_RMAX] = {"max_recovery_pct", ORF_PARAM_TABLE, "%", 0, 0, 0, 0,
                "map material -> floatable fraction R∞ (unlisted: 100)"},
};

enum {
    CR_REC,
    CR_PULL,
    CR_TAU,
    CR_ND,
    CR_JL,
    CR_AREA,
    CR_CAP,
    CR_CONC,
    CR_WASH,
    CR_CAPPED,
    CR_NRESULT
};
static const orf_result_def results[] = {
    [CR_REC] = {"valuable_recovery_pct", "%", "valuable mineral to the concentrate"},
    [CR_PULL] = {"mass_pull_pct", "%", "solids to the concentrate, % of feed solids"},
    [CR_TAU] = {"residence_time_min", "min", "liquid residence time of the collection zone"},
    [CR_ND] = {"dispersion_number", "-", "vessel dispersion number Nd = D/(Ul·H)"},
    [CR_JL] = {"liquid_velocity_cm_s", "cm/s", "downward superficial liquid velocity Jl"},
    [CR_AREA] = {"area_m2", "m²", "column cross-section"},
    [CR_CAP] = {"carrying_capacity_tph", "t/h",
                "Ca·A, Ca = 0.068·d80·ρp g/(min·cm²) of the concentrate"},
    [CR_CONC] = {"concentrate_tph", "t/h", "solids to the concentrate"},
    [CR_WASH] = {"wash_water_tph", "t/h", "water of the wash-water inlet"},
    [CR_CAPPED] = {"carrying_capacity_limited", "warning",
                   "the floated solids exceeded the carrying capacity: the concentrate is capped"},
};

typedef struct {
    orf__sep_ws ws;
    double *k, *rmax; /* nm */
} col_state;

typedef struct {
    const orf_unit *u;
    const col_state *st;
    double tau_l, ul, nd, phi_s, rf, scale;
} col_cb;

static orf_status col_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_system *y = u->sys;
    col_state *st = u->state;
    orf_status rc = orf__sep_ws_init(u, ctx, &st->ws);
    if (rc != ORF_OK)
        return rc;
    st->k = orf_unit_alloc(u, 2 * y->nm, sizeof(double));
    if (!st->k)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    st->rmax = st->k + y->nm;
    for (size_t m = 0; m < y->nm; m++)
        st->rmax[m] = 100.0;
    const orf_node *kn = orf_unit_param_node(u, "rate_constants_per_min");
    if (!kn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "column_flotation needs rate_constants_per_min: {material: k, ...}");
    orf_status r1 = orf__read_material_map(ctx, u, kn, 0.0, 1000.0, st->k, NULL);
    const orf_node *rn = orf_unit_param_node(u, "max_recovery_pct");
    orf_status r2 = rn ? orf__read_material_map(ctx, u, rn, 0.0, 100.0, st->rmax, NULL) : ORF_OK;
    for (size_t m = 0; m < y->nm; m++)
        st->rmax[m] /= 100.0;
    return r1 != ORF_OK ? r1 : r2;
}

/* Collection-zone rate constant at the optimum size and R∞ of a particle type (volume-weighted
 * over its minerals for a composite). */
static void kinetics(const col_state *st, const orf_stream *in, const orf_particle *p, double *k,
                     double *rmax)
{
    const orf_system *y = in->sys;
    if (p->material >= 0) {
        *k = st->k[p->material];
        *rmax = st->rmax[p->material];
        return;
    }
    double kk = 0.0, rr = 0.0, vs = 0.0;
    for (size_t m = 0; m < y->nm; m++) {
        double w = orf_particle_mass_frac(in, p, m);
        double rho = y->mat[m]->density_kg_m3;
        if (w <= 0.0 || !(rho > 0.0))
            continue;
        kk += w / rho * st->k[m];
        rr += w / rho * st->rmax[m];
        vs += w / rho;
    }
    *k = vs > 0.0 ? kk / vs : 0.0;
    *rmax = vs > 0.0 ? rr / vs : 0.0;
}

static double col_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    const col_cb *cb = vctx;
    const orf_unit *u = cb->u;
    double k, rmax;
    kinetics(cb->st, in, p, &k, &rmax);
    k *= orf__flotation_size_factor(p->d_um, u->p[C_DOPT], u->p[C_SIGMA]);
    /* hindered settling of the particle in water (Richardson–Zaki), against the liquid's descent */
    double rho_w = 1000.0, visc = 1.0;
    double vt = orf__settling_velocity_m_s(p->d_um, p->density_kg_m3, rho_w, visc, 18.0, 0.4);
    double re = vt * p->d_um * 1e-6 * rho_w / (visc * 1e-3);
    double up = orf__hindered_velocity(vt, cb->phi_s, orf__richardson_zaki_n(re));
    double tau_p = cb->ul + up > 0.0 ? cb->tau_l * cb->ul / (cb->ul + up) : cb->tau_l;
    double rc = rmax * orf__axial_dispersion_recovery(k * tau_p, cb->nd);
    return cb->scale * orf__column_overall_recovery(rc, cb->rf);
}

static int col_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    col_state *st = u->state;
    const orf_stream *mix = orf__feedbuf_mix(&st->ws.fb, u, in);
    const double *p = u->p;
    double area = 3.14159265358979323846 / 4.0 * p[C_DIAM] * p[C_DIAM];
    double wash = orf_stream_water_tph(in[1]);
    double water = orf_stream_water_tph(mix);
    double bias = p[C_BIAS] / 100.0;
    double rho_w = 1000.0;
    /* downward liquid: the feed's slurry plus the bias water, m³/h */
    double q_down = orf_stream_slurry_m3h(in[0]) + bias * wash * 1000.0 / rho_w;
    double eg = p[C_HOLDUP] / 100.0;
    double jl = q_down / 3600.0 / area; /* m/s */
    col_cb cb = {u, st, 0.0, 0.0, 0.0, 0.0, p[C_RF] / 100.0, 1.0};
    if (jl > 0.0) {
        cb.ul = jl / (1.0 - eg);
        cb.tau_l = p[C_HEIGHT] * (1.0 - eg) / jl / 60.0; /* min */
        cb.nd = orf__column_dispersion_m2_s(p[C_DIAM], 100.0 * jl) / (cb.ul * p[C_HEIGHT]);
    }
    double ms, vs;
    orf__solids_volume(in[0], &ms, &vs);
    cb.phi_s = q_down > 0.0 ? vs / q_down : 0.0;
    double wfrac = water > 0.0 ? (1.0 - bias) * wash / water : 0.0;
    orf_stream_split_particles(mix, out[0], out[1], col_partition, &cb, NULL, wfrac);
    double conc = orf_stream_particulate_tph(out[0]);
    double cap = (double)NAN;
    int capped = 0;
    if (conc > 0.0) {
        double cs, cv;
        orf__solids_volume(out[0], &cs, &cv);
        double ca = p[C_CAPF] * orf__column_carrying_capacity(orf_stream_pxx_um(out[0], 80.0),
                                                              cv > 0.0 ? cs / cv : 0.0);
        cap = ca * area * 1e4 * 60.0 / 1e6; /* g/(min·cm²) × cm² → t/h */
        if (conc > cap) {
            cb.scale = cap / conc;
            orf_stream_split_particles(mix, out[0], out[1], col_partition, &cb, NULL, wfrac);
            capped = 1;
        }
    }
    double fs = orf_stream_particulate_tph(mix);
    u->r[CR_REC] = orf__sep_pct(orf__sep_valuable_tph(out[0], -1), orf__sep_valuable_tph(mix, -1));
    u->r[CR_PULL] = orf__sep_pct(orf_stream_particulate_tph(out[0]), fs);
    u->r[CR_TAU] = cb.tau_l;
    u->r[CR_ND] = cb.nd;
    u->r[CR_JL] = 100.0 * jl;
    u->r[CR_AREA] = area;
    u->r[CR_CAP] = cap;
    u->r[CR_CONC] = orf_stream_particulate_tph(out[0]);
    u->r[CR_WASH] = wash;
    u->r[CR_CAPPED] = capped;
    return 0;
}

static void col_report_json(const orf_unit *u, const orf_stream *const *in,
                            const orf_stream *const *out, orf_json *j)
{
    orf__sep_json_size_recovery(u, in, out[0], j);
}

static const char *const col_in[] = {"feed", "wash_water", NULL};
static const char *const col_out[] = {"conc", "tails", NULL};

const orf_unit_type orf_unit_column_flotation = {
    .abi = ORF_UNIT_ABI,
    .name = "column_flotation",
    .family = "flotation",
    .summary = "flotation column: axially dispersed collection zone (Wehner-Wilhelm, Finch-Dobby "
               "dispersion), froth recovery, wash water and bias, carrying-capacity limit",
    .citation = "Finch & Dobby (1990) Column Flotation, Pergamon; Dobby & Finch (1985) Chem. Eng. "
                "Sci. 40, 1061-1068; Espinosa-Gomez et al. (1988) Minerals Engineering 1(1), "
                "77-79; Wehner & Wilhelm (1956) Chem. Eng. Sci. 6, 89-93",
    .params = params,
    .nparams = C_NPARAM,
    .inlets = col_in,
    .ninlets = 2,
    .outlets = col_out,
    .noutlets = 2,
    .results = results,
    .nresults = CR_NRESULT,
    .conserves_materials = 1,
    .flags = ORF_UNIT_MEMO, /* a pure function of the inlets and parameters */
    .state_size = sizeof(col_state),
    .setup = col_setup,
    .compute = col_compute,
    .report_json = col_report_json,
};
