/* oreflow — dense-medium cyclone: Tromp partition about a cut density offset from the medium's,
 * size-dependent Ep, the medium's circulation and losses, and the number of cyclones.
 *
 * Each particle type (a pure mineral of a liberated class, or the composites of a composition
 * class with their mixture density) reports to the sinks with
 *   P = 1/(1 + exp(ln3·(ρ50(d) − ρ)/Ep(d)))               (Tromp 1937; Wills & Finch 2016 §11.5)
 * where the cut density lies above the medium density ρmd by an offset, and offset and Ep grow as
 * the particles get finer (Napier-Munn 1991, Minerals Engineering 4, 329–346; Scott & Napier-Munn
 * 1992): ρ50(d) = ρmd + Δ·(d_ref/d)^n, Ep(d) = Ep_ref·(d_ref/d)^n for d < d_ref (the equal-
 * settling scaling of the gravity units, orf__gravity_cut_at_size, with the medium as the fluid:
 * constant imperfection Ep/(ρ50 − ρmd)). Particles coarser than d_ref separate at Δ and Ep_ref.
 * Medium: the cyclones take medium_to_ore_ratio m³ of medium per m³ of ore (Wills & Finch 2016
 * §11.3: 4-5 to 1 in DMS cyclone circuits); its solids (ferrosilicon or magnetite) per m³ follow
 * from ρmd; the medium lost with the products is medium_loss_kg_per_t of feed (a plant figure,
 * 0.1-0.5 kg/t typical of ferrosilicon circuits, Wills & Finch 2016 §11.6; an input).
 * Capacity: one cyclone passes Q = Cd (π/4)(0.2 Dc)² sqrt(2 g · 9 Dc) m³/h of medium and ore
 * (orf__dms_cyclone_capacity_m3h), so the circuit needs ceil(Q_total/Q) cyclones.
 * The medium itself is not a stream of the flowsheet: it is reclaimed by drain-and-rinse screens
 * and magnetic separators around the cyclone (its circulation and loss are results); the ore's own
 * water splits by water_to_sinks_pct.
 */
#include <math.h>
#include <string.h>

#include "units/column_dms_model.h"
#include "units/sep_common.h"
#include "units/sep_models.h"
#include "units/units_impl.h"

enum {
    D_RHOMD,
    D_OFFSET,
    D_EP,
    D_DREF,
    D_NEXP,
    D_DC,
    D_HEAD,
    D_CD,
    D_RATIO,
    D_MEDIUM,
    D_LOSS,
    D_WSINK,
    D_DESLIME,
    D_NPARAM
};

static const orf_param_def params[] = {
    [D_RHOMD] = {"medium_density_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 1, 0, 1050, 4500,
                 "density of the medium fed to the cyclone"},
    [D_OFFSET] = {"cut_offset_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 100, -500, 1000,
                  "ρ50 − ρmd at d_ref (cyclones cut above the medium density; 50-200 typical, an "
                  "assumption: fit to a partition test)"},
    [D_EP] = {"ep_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 30, 0, 1000,
              "écart probable at d_ref (20-40 kg/m³ for coarse ore in DMS cyclones, Wills & "
              "Finch 2016 §11.5)"},
    [D_DREF] = {"d_ref_um", ORF_PARAM_NUMBER, "µm", 0, 6000, 10, 1e5,
                "size at which the offset and Ep are given; finer particles separate worse"},
    [D_NEXP] = {"size_exponent", ORF_PARAM_NUMBER, "-", 0, 0.5, 0, 2,
                "n in offset ∝ Ep ∝ d^-n below d_ref (0: no size effect)"},
    [D_DC] = {"cyclone_diameter_mm", ORF_PARAM_NUMBER, "mm", 0, 510, 100, 1500,
              "inside diameter of one cyclone"},
    [D_HEAD] = {"inlet_head_diameters", ORF_PARAM_NUMBER, "-", 0, 9, 1, 30,
                "inlet head in cyclone diameters (≥ 9 Dc, Wills & Finch 2016 §11.3)"},
    [D_CD] = {"inlet_discharge_coefficient", ORF_PARAM_NUMBER, "-", 0, 0.6, 0.1, 1,
              "discharge coefficient of the inlet (0.2 Dc diameter); an assumption"},
    [D_RATIO] = {"medium_to_ore_ratio", ORF_PARAM_NUMBER, "-", 0, 4.5, 1, 20,
                 "m³ of medium per m³ of ore solids (4-5, Wills & Finch 2016 §11.3)"},
    [D_MEDIUM] = {"medium", ORF_PARAM_STRING, "", 0, 0, 0, 0,
                  "ferrosilicon (6900 kg/m³, default) or magnetite (5100 kg/m³)"},
    [D_LOSS] = {"medium_loss_kg_per_t", ORF_PARAM_NUMBER, "kg/t", 0, 0.3, 0, 20,
                "medium lost per t of feed solids (a plant figure; 0.1-0.5 typical)"},
    [D_WSINK] = {"water_to_sinks_pct", ORF_PARAM_NUMBER, "%", 0, 30, 0, 100,
                 "share of the ore's water leaving with the sinks"},
    [D_DESLIME] = {"deslime_um", ORF_PARAM_NUMBER, "µm", 0, 500, 0, 10000,
                   "particles finer than this should be removed before DMS (warning above 5 % "
                   "of the feed)"},
};

enum {
    DR_PULL,
    DR_REC,
    DR_CUT,
    DR_IMP,
    DR_QTOT,
    DR_QCYC,
    DR_NCYC,
    DR_MSOL,
    DR_MLOSS,
    DR_FINES,
    DR_FINESW,
    DR_NRESULT
};
static const orf_result_def results[] = {
    [DR_PULL] = {"mass_pull_pct", "%", "solids to the sinks, % of feed solids"},
    [DR_REC] = {"valuable_recovery_pct", "%", "valuable mineral to the sinks, % of feed"},
    [DR_CUT] = {"cut_density_kg_m3", "kg/m³", "ρ50 at d_ref (medium density + offset)"},
    [DR_IMP] = {"imperfection", "-", "I = Ep/(ρ50 − ρmd) at d_ref"},
    [DR_QTOT] = {"slurry_m3h", "m³/h", "medium and ore through the cyclones"},
    [DR_QCYC] = {"cyclone_capacity_m3h", "m³/h", "capacity of one cyclone"},
    [DR_NCYC] = {"cyclones", "-", "cyclones needed, ceil(slurry_m3h / cyclone_capacity_m3h)"},
    [DR_MSOL] = {"medium_solids_tph", "t/h", "ferrosilicon or magnetite circulating"},
    [DR_MLOSS] = {"medium_loss_tph", "t/h", "medium consumption, loss × feed solids"},
    [DR_FINES] = {"fines_pct", "%", "feed solids finer than deslime_um"},
    [DR_FINESW] = {"fines_in_feed", "warning",
                   "more than 5 % of the feed is finer than deslime_um: deslime before DMS"},
};

typedef struct {
    orf__sep_ws ws;
    double rho_ms; /* medium solids density, kg/m³ */
} dms_state;

static orf_status dms_setup(orf_unit *u, orf_ctx *ctx)
{
    dms_state *st = u->state;
    orf_status rc = orf__sep_ws_init(u, ctx, &st->ws);
    if (rc != ORF_OK)
        return rc;
    st->rho_ms = 6900.0;
    const orf_node *n = orf_unit_param_node(u, "medium");
    if (n) {
        const char *s;
        rc = orf_node_string(ctx, n, "medium", &s);
        if (rc != ORF_OK)
            return rc;
        if (!strcmp(s, "magnetite")) {
            st->rho_ms = 5100.0;
        } else if (strcmp(s, "ferrosilicon") != 0) {
            static const char *const media[] = {"ferrosilicon", "magnetite", NULL};
            rc = orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, u->name,
                               "medium '%s' is not ferrosilicon or magnetite", s);
            orf_diag_hint_nearest(ctx, s, media, 2);
            return rc;
        }
    }
    const orf_node *md = orf_unit_param_node(u, "medium_density_kg_m3");
    if (!(u->p[D_RHOMD] < st->rho_ms))
        return orf_diag_emit(ctx, ORF_E_RANGE, md ? &md->loc : &u->loc, u->name,
                             "medium_density_kg_m3 (%g) must be below the medium solids' density "
                             "(%g)",
                             u->p[D_RHOMD], st->rho_ms);
    return ORF_OK;
}

static double dms_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    (void)in;
    const orf_unit *u = vctx;
    double rho50, ep;
    orf__gravity_cut_at_size(p->d_um, u->p[D_DREF], u->p[D_RHOMD] + u->p[D_OFFSET], u->p[D_EP],
                             u->p[D_NEXP], u->p[D_RHOMD], &rho50, &ep);
    return orf__tromp(p->density_kg_m3, rho50, ep);
}

static int dms_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    dms_state *st = u->state;
    const orf_system *y = u->sys;
    const double *p = u->p;
    const orf_stream *feed = orf__feedbuf_mix(&st->ws.fb, u, in);
    orf_stream_split_particles(feed, out[0], out[1], dms_partition, u, NULL, p[D_WSINK] / 100.0);
    double fs, fv;
    orf__solids_volume(feed, &fs, &fv);
    double rho_w = y->mat[y->water]->density_kg_m3;
    double q_med = p[D_RATIO] * fv;
    double q_tot = q_med + fv;
    double q_cyc = orf__dms_cyclone_capacity_m3h(p[D_DC] / 1000.0, p[D_HEAD], 0.2, p[D_CD]);
    double fines = 0.0;
    for (size_t s = 0; s < y->ns; s++) {
        double lo = y->lower_um[s], hi = y->upper_um[s];
        if (hi <= p[D_DESLIME])
            fines += orf_stream_size_tph(feed, s);
        else if (lo < p[D_DESLIME]) /* the class straddles the size: log-linear share */
            fines += orf_stream_size_tph(feed, s) *
                     (lo > 0.0 ? log(p[D_DESLIME] / lo) / log(hi / lo) : p[D_DESLIME] / hi);
    }
    u->r[DR_PULL] = orf__sep_pct(orf_stream_particulate_tph(out[0]), fs);
    u->r[DR_REC] = orf__sep_pct(orf__sep_valuable_tph(out[0], -1), orf__sep_valuable_tph(feed, -1));
    u->r[DR_CUT] = p[D_RHOMD] + p[D_OFFSET];
    u->r[DR_IMP] = p[D_OFFSET] != 0.0 ? p[D_EP] / p[D_OFFSET] : (double)NAN;
    u->r[DR_QTOT] = q_tot;
    u->r[DR_QCYC] = q_cyc;
    u->r[DR_NCYC] = q_tot > 0.0 ? ceil(q_tot / q_cyc) : 0.0;
    u->r[DR_MSOL] = q_med * orf__medium_solids_t_m3(p[D_RHOMD], st->rho_ms, rho_w);
    u->r[DR_MLOSS] = p[D_LOSS] * fs / 1000.0;
    u->r[DR_FINES] = orf__sep_pct(fines, fs);
    u->r[DR_FINESW] = fs > 0.0 && fines > 0.05 * fs ? 1.0 : 0.0;
    return 0;
}

/* The partition curve of the pure valuable mineral and of each gangue mineral by size. */
static void dms_report_json(const orf_unit *u, const orf_stream *const *in,
                            const orf_stream *const *out, orf_json *j)
{
    orf__report_partition(u, in, out, 0, "partition_sinks", j);
    orf__sep_json_size_recovery(u, in, out[0], j);
}

static const char *const dms_in[] = {"feed", NULL};
static const char *const dms_out[] = {"sinks", "floats", NULL};

const orf_unit_type orf_unit_dms_cyclone = {
    .abi = ORF_UNIT_ABI,
    .name = "dms_cyclone",
    .family = "gravity",
    .summary = "dense-medium cyclone: Tromp partition with the cut density offset from the "
               "medium's and Ep growing for fine particles, medium circulation and loss, number "
               "of cyclones",
    .citation = "Napier-Munn (1991) Minerals Engineering 4, 329-346; Wills & Finch (2016) Wills' "
                "Mineral Processing Technology, 8th ed., ch. 11; Tromp (1937) Glückauf 73, "
                "125-131",
    .params = params,
    .nparams = D_NPARAM,
    .inlets = dms_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = dms_out,
    .noutlets = 2,
    .min_inlets = 1,
    .results = results,
    .nresults = DR_NRESULT,
    .conserves_materials = 1,
    .flags = ORF_UNIT_MEMO, /* a pure function of the inlets and parameters */
    .state_size = sizeof(dms_state),
    .setup = dms_setup,
    .compute = dms_compute,
    .report_json = dms_report_json,
};
