/* oreflow — hydrocyclone (Plitt / Flintoff model, or a given corrected cut size).
 *
 * Model (equations in classify_model.c):
 *   Plitt, L.R. (1976) "A mathematical model of the hydrocyclone classifier", CIM Bulletin
 *   69(776), 114–123; Flintoff, B.C., Plitt, L.R. & Gruber, A.A. (1987) "Optimal use of
 *   hydrocyclones in grinding circuits", in Mineral Processing Design, SME, 47–74;
 *   Napier-Munn, T.J. et al. (1996) Mineral Comminution Circuits, JKMRC, ch. 4.
 *
 * Partition of a particle of size d and density ρ to the underflow:
 *   Y = Rf + (1 - Rf) (1 - exp(-ln2 (d/d50c(ρ))^m)),
 *   d50c(ρ) = d50c · ((ρs - ρl)/(ρ - ρl))^k     (Plitt's density term; ρs = feed solids mean)
 * so that at the same size a dense chromite particle is cut finer than serpentine, and a
 * composite particle (density from its composition class) falls in between.
 *
 * Modes (`model`): plitt — d50c, pressure (or flow from pressure), volumetric split S and
 * sharpness m from the geometry; Rf from the volume balance of the underflow (closed form,
 * see orf__cyclone_water_recovery). fixed — d50c_um, sharpness_m and water_split_underflow
 * given. Default: fixed when d50c_um is written, else plitt.
 */
#include <math.h>
#include <string.h>

#include "unit_common.h"
#include "units_cc.h"

enum {
    P_MODEL,
    P_D50C,
    P_M,
    P_RF,
    P_DC,
    P_DI,
    P_DO,
    P_DU,
    P_H,
    P_NCYC,
    P_PRESS,
    P_VISC,
    P_RHOL,
    P_K,
    P_F1,
    P_F2,
    P_F3,
    P_F4,
    NPARAM
};

static const orf_param_def params[NPARAM] = {
    [P_MODEL] = {"model", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
                 "plitt (from geometry) or fixed (d50c_um, sharpness_m, water_split_underflow); "
                 "default: fixed if d50c_um is given, else plitt"},
    [P_D50C] = {"d50c_um", ORF_PARAM_NUMBER, "µm", 0, 75, 0.1, 1e5,
                "fixed mode: corrected cut size for particles of the feed's mean solids density"},
    [P_M] = {"sharpness_m", ORF_PARAM_NUMBER, "-", 0, 2.5, 0.05, 100,
             "fixed mode: Plitt sharpness m of the corrected partition curve"},
    [P_RF] = {"water_split_underflow", ORF_PARAM_NUMBER, "-", 0, 0.3, 0, 1,
              "fixed mode: fraction of feed water to underflow (= fine bypass Rf)"},
    [P_DC] = {"dc_cm", ORF_PARAM_NUMBER, "cm", 0, 25, 1, 300,
              "cyclone inside diameter (default: a 250 mm cyclone)"},
    [P_DI] = {"di_cm", ORF_PARAM_NUMBER, "cm", 0, 7, 0.1, 150, "inlet diameter (equivalent)"},
    [P_DO] = {"do_cm", ORF_PARAM_NUMBER, "cm", 0, 9, 0.1, 150, "vortex finder diameter"},
    [P_DU] = {"du_cm", ORF_PARAM_NUMBER, "cm", 0, 5, 0.1, 150, "apex (spigot) diameter"},
    [P_H] = {"h_cm", ORF_PARAM_NUMBER, "cm", 0, 90, 1, 1000,
             "free vortex height: bottom of vortex finder to top of apex"},
    [P_NCYC] = {"n_cyclones", ORF_PARAM_NUMBER, "-", 0, 1, 1, 1000,
                "cyclones in parallel sharing the feed (ignored when pressure_kpa is given)"},
    [P_PRESS] = {"pressure_kpa", ORF_PARAM_NUMBER, "kPa", 0, 0, 0, 1000,
                 "plitt mode: operating pressure; when given, the flow per cyclone follows from "
                 "it and the number of cyclones is reported; 0 or absent: pressure from flow"},
    [P_VISC] = {"viscosity_cp", ORF_PARAM_NUMBER, "mPa·s", 0, 1.0, 0.1, 1000,
                "liquid viscosity (water at 20 °C: 1.0)"},
    [P_RHOL] = {"liquid_density_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 1000, 500, 3000,
                "liquid density"},
    [P_K] = {"density_exp_k", ORF_PARAM_NUMBER, "-", 0, 0.5, 0, 2,
             "exponent of the density term ((ρs-ρl)/1.6)^k: 0.5 hindered (Stokes) settling"},
    [P_F1] = {"f1_d50", ORF_PARAM_NUMBER, "-", 0, 1, 0.01, 100, "calibration factor on d50c"},
    [P_F2] = {"f2_pressure", ORF_PARAM_NUMBER, "-", 0, 1, 0.01, 100,
              "calibration factor on pressure"},
    [P_F3] = {"f3_split", ORF_PARAM_NUMBER, "-", 0, 1, 0.01, 100,
              "calibration factor on the flow split S"},
    [P_F4] = {"f4_sharpness", ORF_PARAM_NUMBER, "-", 0, 1, 0.01, 100,
              "calibration factor on sharpness m"},
};

enum { R_D50C, R_PRESS, R_RF, R_S, R_M, R_NCYC, R_Q, R_PHI, R_REC, NRESULT };
static const orf_result_def results[NRESULT] = {
    [R_D50C] = {"d50c_um", "µm", "corrected cut size at the feed's mean solids density"},
    [R_PRESS] = {"pressure_kpa", "kPa", "pressure drop (plitt mode; NaN in fixed mode)"},
    [R_RF] = {"water_split_underflow", "-", "fraction of feed water to underflow (Rf)"},
    [R_S] = {"flow_split", "-", "slurry volume underflow/overflow (Plitt's S)"},
    [R_M] = {"sharpness_m", "-", "sharpness of the corrected partition curve"},
    [R_NCYC] = {"n_cyclones", "-", "cyclones in operation (from pressure when it is given)"},
    [R_Q] = {"flow_per_cyclone_m3h", "m³/h", "slurry flow per cyclone"},
    [R_PHI] = {"feed_solids_vol_pct", "%", "feed solids, volume %"},
    [R_REC] = {"solids_to_underflow_pct", "%", "particulate solids recovered to underflow"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"overflow", "underflow", NULL};

typedef struct {
    orf__split_ws ws; /* bulk species follow the water */
    int plitt;        /* 1: plitt mode, 0: fixed */
} cyc_state;

typedef struct {
    double d50c_ref_um; /* at density rho_s */
    double rho_s, rho_l, k, m, rf;
} cyc_part;

static double cyc_corrected(const cyc_part *c, double d_um, double rho)
{
    if (!(rho > c->rho_l))
        return 0.0;
    double d50 = c->d50c_ref_um * pow((c->rho_s - c->rho_l) / (rho - c->rho_l), c->k);
    return orf__plitt_efficiency(d_um / d50, c->m);
}

static double cyc_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    (void)in;
    const cyc_part *c = vctx;
    return orf__with_bypass(cyc_corrected(c, p->d_um, p->density_kg_m3), c->rf);
}

typedef struct {
    const cyc_part *c;
    double a_m3h; /* solids volume to underflow by the corrected curve */
} cyc_vol;

static int add_corrected_volume(void *vctx, const orf_stream *st, const orf_particle *p)
{
    (void)st;
    cyc_vol *v = vctx;
    if (p->density_kg_m3 > 0.0)
        v->a_m3h += cyc_corrected(v->c, p->d_um, p->density_kg_m3) * p->mass_tph * 1000.0 /
                    p->density_kg_m3;
    return 0;
}

static orf_status cyc_setup(orf_unit *u, orf_ctx *ctx)
{
    cyc_state *s = u->state;
    const orf_node *mn = orf_unit_param_node(u, "model");
    if (mn) {
        if (mn->kind != ORF_NODE_SCALAR || !mn->str ||
            (strcmp(mn->str, "plitt") != 0 && strcmp(mn->str, "fixed") != 0)) {
            orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name, "model must be 'plitt' or 'fixed'");
            static const char *const cand[] = {"plitt", "fixed", NULL};
            if (mn->kind == ORF_NODE_SCALAR && mn->str)
                orf_diag_hint_nearest(ctx, mn->str, cand, 2);
            return ORF_E_INPUT;
        }
        s->plitt = strcmp(mn->str, "plitt") == 0;
    } else {
        s->plitt = orf_unit_param_node(u, "d50c_um") == NULL;
    }
    if (s->plitt) {
        const double *p = u->p;
        const orf_node *n = orf_unit_param_node(u, "do_cm");
        if (!(p[P_DO] < p[P_DC]) || !(p[P_DU] < p[P_DC]) || !(p[P_DI] < p[P_DC]))
            return orf_diag_emit(ctx, ORF_E_RANGE, n ? &n->loc : &u->loc, u->name,
                                 "inlet, vortex finder and apex diameters must be "
                                 "smaller than the cyclone diameter dc_cm = %g",
                                 p[P_DC]);
    }
    return orf__split_ws_init(&s->ws, u, ctx);
}

static int cyc_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    cyc_state *s = u->state;
    const double *p = u->p;
    double *r = u->r;
    const orf_stream *feed = orf__feedbuf_mix(&s->ws.fb, u, in);
    orf_stream *of = out[0], *uf = out[1];

    double ms, vs;
    orf__solids_volume(feed, &ms, &vs);
    double slurry = orf_stream_slurry_m3h(feed);
    double vliq = slurry - vs;
    if (vliq < 0.0)
        vliq = 0.0;
    double phi = slurry > 0.0 ? 100.0 * vs / slurry : 0.0;
    cyc_part c = {0};
    c.rho_l = p[P_RHOL];
    c.rho_s = vs > 0.0 ? 1000.0 * ms / vs : 2650.0;
    c.k = p[P_K];
    for (size_t k = 0; k < NRESULT; k++)
        r[k] = (double)NAN;
    r[R_PHI] = phi;

    if (!(slurry > 0.0)) {
        /* nothing flows: both products empty */
        orf_stream_zero(of);
        orf_stream_zero(uf);
        orf_stream_set_temp_c(of, orf_stream_temp_c(feed));
        orf_stream_set_temp_c(uf, orf_stream_temp_c(feed));
        return 0;
    }

    if (s->plitt) {
        orf_plitt_geom g = {p[P_DC], p[P_DI], p[P_DO], p[P_DU], p[P_H]};
        double qtot_lpm = slurry * 1000.0 / 60.0;
        double q, ncyc, press;
        if (p[P_PRESS] > 0.0) {
            press = p[P_PRESS];
            q = orf__plitt_flow_lpm(&g, press, phi, p[P_F2]);
            ncyc = qtot_lpm / q;
        } else {
            ncyc = p[P_NCYC];
            q = qtot_lpm / ncyc;
            press = orf__plitt_pressure_kpa(&g, q, phi, p[P_F2]);
        }
        double rho_pulp = orf_stream_total_tph(feed) / slurry; /* t/m³ = g/cm³ */
        c.d50c_ref_um = orf__plitt_d50c_um(&g, q, phi, p[P_VISC], c.rho_s / 1000.0,
                                           c.rho_l / 1000.0, c.k, p[P_F1]);
        double split = orf__plitt_split(&g, press, phi, rho_pulp, p[P_F3]);
        c.m = orf__plitt_sharpness(&g, split, q, p[P_F4]);
        cyc_vol v = {&c, 0.0};
        orf_stream_foreach_particle(feed, add_corrected_volume, &v);
        c.rf = orf__cyclone_water_recovery(split / (1.0 + split), vliq, vs, v.a_m3h, NULL);
        r[R_PRESS] = press;
        r[R_NCYC] = ncyc;
        r[R_Q] = q * 60.0 / 1000.0;
    } else {
        c.d50c_ref_um = p[P_D50C];
        c.m = p[P_M];
        c.rf = p[P_RF];
        r[R_NCYC] = p[P_NCYC];
        r[R_Q] = slurry / p[P_NCYC];
    }
    orf__split_ws_split(&s->ws, feed, uf, of, cyc_partition, &c, c.rf);

    double uf_ms = orf_stream_particulate_tph(uf);
    double vuf = orf_stream_slurry_m3h(uf), vof = orf_stream_slurry_m3h(of);
    r[R_D50C] = c.d50c_ref_um;
    r[R_RF] = c.rf;
    r[R_M] = c.m;
    r[R_S] = vof > 0.0 ? vuf / vof : HUGE_VAL;
    r[R_REC] = ms > 0.0 ? 100.0 * uf_ms / ms : (double)NAN;
    return 0;
}

static void cyc_report(const orf_unit *u, const orf_stream *const *in, const orf_stream *const *out,
                       struct orf_json *j)
{
    orf__report_partition(u, in, out, 1, "partition_underflow", j);
}

const orf_unit_type orf_unit_hydrocyclone = {
    .abi = ORF_UNIT_ABI,
    .name = "hydrocyclone",
    .family = "classification",
    .summary = "Hydrocyclone: Plitt/Flintoff corrected cut size, pressure, flow split and "
               "sharpness from geometry (or a given d50c); particle density shifts the cut",
    .citation = "Plitt, L.R. (1976) CIM Bulletin 69(776) 114-123; Flintoff, Plitt & Gruber "
                "(1987) Mineral Processing Design, SME, 47-74; Napier-Munn et al. (1996) "
                "Mineral Comminution Circuits, JKMRC, ch. 4",
    .params = params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = outlets,
    .noutlets = 2,
    .min_inlets = 1,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = cyc_setup,
    .compute = cyc_compute,
    .state_size = sizeof(cyc_state),
    .report_json = cyc_report,
};
