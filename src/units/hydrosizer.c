/* oreflow — hydrosizer (teeter-bed classifier): hindered-settling cut by the teeter water rate.
 *
 * A particle sinks through the teeter bed to the spigot (underflow) when its hindered settling
 * velocity exceeds the upward velocity of the teeter water u = Q_teeter / A:
 *   v_t  terminal velocity, Ferguson & Church (2004) J. Sediment. Res. 74, 933–937
 *        (Stokes' law for fine particles, Newton drag for coarse),
 *   v_h = v_t (1 - φ)^n   Richardson & Zaki (1954) Trans. IChemE 32, 35–53, n from Re,
 *   E   = v_h^s / (v_h^s + u^s)   (logistic in ln v, sharpness s; E = 1/2 at v_h = u),
 * with φ the solids volume fraction of the bed. Particle density comes from the particle type
 * (composition class), so dense chromite reports to the spigot at finer sizes than gangue.
 * Water: the spigot discharges at underflow_pct_solids (mass %); the rest of feed and teeter
 * water overflows. Dissolved species follow the water.
 * Reference for the device: Wills, B.A. & Finch, J.A. (2016) Wills' Mineral Processing
 * Technology, 8th ed., ch. 9 (hydraulic classifiers).
 */
#include <math.h>

#include "unit_common.h"
#include "units_cc.h"

enum { P_AREA, P_PHI, P_S, P_UFPS, P_VISC, NPARAM };
static const orf_param_def params[NPARAM] = {
    [P_AREA] = {"area_m2", ORF_PARAM_NUMBER, "m²", 1, 4, 0.01, 1e3, "cross-section of the bed"},
    [P_PHI] = {"bed_solids_vol_pct", ORF_PARAM_NUMBER, "%", 0, 40, 0, 70,
               "solids volume % in the teeter bed (hindered settling)"},
    [P_S] = {"sharpness", ORF_PARAM_NUMBER, "-", 0, 4, 0.1, 1e3,
             "sharpness s of the partition in settling velocity (∞: perfect cut)"},
    [P_UFPS] = {"underflow_pct_solids", ORF_PARAM_NUMBER, "%", 0, 65, 5, 95,
                "solids mass % of the spigot discharge"},
    [P_VISC] = {"viscosity_cp", ORF_PARAM_NUMBER, "mPa·s", 0, 1.0, 0.1, 100,
                "water viscosity (1.0 at 20 °C)"},
};

enum { R_U, R_D50, R_REC, R_WATER, NRESULT };
static const orf_result_def results[NRESULT] = {
    [R_U] = {"rise_velocity_mm_s", "mm/s", "teeter water upward velocity"},
    [R_D50] = {"d50_um", "µm", "cut size for particles of the feed's mean solids density"},
    [R_REC] = {"solids_to_underflow_pct", "%", "particulate solids to the spigot"},
    [R_WATER] = {"water_to_underflow_pct", "%", "feed + teeter water to the spigot"},
};

static const char *const inlets[] = {"feed", "teeter", NULL};
static const char *const outlets[] = {"overflow", "underflow", NULL};

typedef struct {
    orf__split_ws ws; /* ws.fb mixes the feed and the teeter water */
} hs_state;

typedef struct {
    double u, phi, s, visc;
} hs_part;

static double hindered(const hs_part *c, double d_um, double rho)
{
    double vt = orf__settling_velocity_m_s(d_um, rho, 1000.0, c->visc, 18.0, 0.4);
    double re = vt * d_um * 1e-6 * 1000.0 / (c->visc * 1e-3);
    return orf__hindered_velocity(vt, c->phi, orf__richardson_zaki_n(re));
}

static double hs_eff(const hs_part *c, double d_um, double rho)
{
    double v = hindered(c, d_um, rho);
    if (!(v > 0.0))
        return 0.0;
    if (!(c->u > 0.0))
        return 1.0;
    return 1.0 / (1.0 + pow(c->u / v, c->s));
}

static double hs_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    (void)in;
    return hs_eff(vctx, p->d_um, p->density_kg_m3);
}

static orf_status hs_setup(orf_unit *u, orf_ctx *ctx)
{
    hs_state *s = u->state;
    if (u->nin != 2)
        return orf_diag_emit(ctx, ORF_E_TOPOLOGY, &u->loc, u->name,
                             "a hydrosizer takes two inlets, the feed and the "
                             "teeter water, not %zu",
                             u->nin);
    return orf__split_ws_init(&s->ws, u, ctx);
}

static int hs_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    hs_state *s = u->state;
    const double *p = u->p;
    const orf_stream *mix = orf__feedbuf_mix(&s->ws.fb, u, in);
    hs_part c = {orf_stream_slurry_m3h(in[1]) / (3600.0 * p[P_AREA]), 0.01 * p[P_PHI], p[P_S],
                 p[P_VISC]};
    double ms, vs, to_uf = 0.0;
    orf__solids_volume(mix, &ms, &vs);
    double rho_mean = vs > 0.0 ? 1000.0 * ms / vs : 2650.0;
    double water = orf_stream_water_tph(mix);
    /* split with no water, measure the underflow solids, then set the water fraction */
    orf__split_ws_split(&s->ws, mix, out[1], out[0], hs_partition, &c, 0.0);
    to_uf = orf_stream_solids_tph(out[1]);
    double w_uf = to_uf * (100.0 - p[P_UFPS]) / p[P_UFPS];
    double wf = water > 0.0 ? fmin(1.0, w_uf / water) : 0.0;
    orf__split_ws_split(&s->ws, mix, out[1], out[0], hs_partition, &c, wf);

    /* cut size at the mean density: bisection on ln d for E = 1/2 (v_h = u) */
    double lo = 0.01, hi = 1e5;
    if (c.u > 0.0 && hindered(&c, hi, rho_mean) > c.u && hindered(&c, lo, rho_mean) < c.u) {
        for (int k = 0; k < 100; k++) {
            double mid = sqrt(lo * hi);
            if (hindered(&c, mid, rho_mean) < c.u)
                lo = mid;
            else
                hi = mid;
        }
        u->r[R_D50] = sqrt(lo * hi);
    } else {
        u->r[R_D50] = (double)NAN;
    }
    u->r[R_U] = 1000.0 * c.u;
    u->r[R_REC] = ms > 0.0 ? 100.0 * orf_stream_particulate_tph(out[1]) / ms : (double)NAN;
    u->r[R_WATER] = 100.0 * wf;
    return 0;
}

static void hs_report(const orf_unit *u, const orf_stream *const *in, const orf_stream *const *out,
                      struct orf_json *j)
{
    orf__report_partition(u, in, out, 1, "partition_underflow", j);
}

const orf_unit_type orf_unit_hydrosizer = {
    .abi = ORF_UNIT_ABI,
    .name = "hydrosizer",
    .family = "classification",
    .summary = "Teeter-bed hydrosizer: hindered settling (Ferguson-Church, Richardson-Zaki) "
               "against the teeter water rise velocity; density-dependent cut",
    .citation = "Ferguson & Church (2004) J. Sediment. Res. 74, 933-937; Richardson & Zaki "
                "(1954) Trans. IChemE 32, 35-53; Wills & Finch (2016) Wills' Mineral Processing "
                "Technology, 8th ed., ch. 9",
    .params = params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = 2,
    .outlets = outlets,
    .noutlets = 2,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = hs_setup,
    .compute = hs_compute,
    .state_size = sizeof(hs_state),
    .report_json = hs_report,
};
