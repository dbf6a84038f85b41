/* oreflow — wet low-intensity drum magnetic separator (LIMS) for ferrimagnetic minerals.
 *
 * A drum of permanent magnets (surface flux density B_0, alternating poles of pitch p) turns in a
 * tank; strongly magnetic particles are lifted across the pickup gap to the drum and carried
 * over as the concentrate (mags), the rest leave with the tailings (nonmags). Per particle type:
 *   field at the pickup distance x:  B = B_0·exp(−pi·x/p),  ∇B = (pi/p)·B,  H = B/mu0;
 *   magnetisation of each ferrimagnetic mineral i (saturation sigma_s,i A·m²/kg, property
 *   `saturation_magnetisation_am2_kg` of data/materials.yaml; magnetite 92):
 *       M_i = (H/N)·M_s,i/(M_s,i + H/N),  M_s,i = sigma_s,i·rho_i,  N = 1/3 (sphere);
 *   a locked particle: M_p = Σ phi_i·M_i over its volume fractions phi_i (composition class);
 *   velocity to the drum:  v_m = d²·(M_p·∇B − (rho_p − rho_w)·g)/(18·eta);
 *   capture = 1 − exp(−v_m/v_c)  (0 when gravity wins);
 *   to mags = capture + (1 − capture)·e, e the entrainment of non-captured solids in the
 *   magnetic flocs and the concentrate's water (an assumption to calibrate).
 * Water splits by water_to_mags_pct. Magnetite (Svoboda 1987; Svoboda & Fujita 2003; sigma_s
 * Banerjee & Moskowitz 1985); drum field Furlani 2001. Equations: magnetic_model.c; tests:
 * tests/unit/test_lims.c; docs/models.md "Low-intensity magnetic separator: `lims`".
 */
#include "units/sep_common.h"
#include "units/sep_models.h"
#include "units/units_impl.h"

#include <math.h>

enum { L_B0, L_PITCH, L_X, L_VC, L_ETA, L_N, L_ENT, L_WATER, L_POWER };

static const orf_param_def lims_params[] = {
    {"surface_field_t", ORF_PARAM_NUMBER, "T", 0, 0.3, 0.0, 2.0,
     "flux density at the drum surface (wet drum LIMS 0.1–0.3 T; 3 kOe ≈ 0.3 T defines the "
     "magnetic fraction of iron ores)"},
    {"pole_pitch_mm", ORF_PARAM_NUMBER, "mm", 0, 100.0, 1.0, 1000.0,
     "pitch of the alternating magnet poles; the field decays as exp(−pi·x/pitch) (assumption: "
     "100 mm)"},
    {"pickup_distance_mm", ORF_PARAM_NUMBER, "mm", 0, 40.0, 0.0, 500.0,
     "distance from the drum surface across which particles must be lifted (tank gap; "
     "assumption: 40 mm)"},
    {"capture_velocity_m_s", ORF_PARAM_NUMBER, "m/s", 0, 1.0e-4, 1e-9, 1e3,
     "v_c in capture = 1 − exp(−v_m/v_c): pickup gap over residence time in the magnetic zone "
     "(assumption: 1e-4 m/s, lumping magnetic flocculation of the fines; calibrate on a plant "
     "survey)"},
    {"viscosity_pa_s", ORF_PARAM_NUMBER, "Pa·s", 0, 1.0e-3, 1e-5, 1.0,
     "fluid viscosity in the Stokes drag"},
    {"demagnetising_factor", ORF_PARAM_NUMBER, "-", 0, 1.0 / 3.0, 0.01, 1.0,
     "demagnetising factor N of the magnetic grains (1/3: sphere)"},
    {"entrainment_pct", ORF_PARAM_NUMBER, "%", 0, 3.0, 0.0, 100.0,
     "share of the non-captured solids carried into the mags by the magnetic flocs and the "
     "concentrate's water (assumption: 3 %)"},
    {"water_to_mags_pct", ORF_PARAM_NUMBER, "%", 0, 15.0, 0.0, 100.0,
     "share of the feed water reporting to the mags (assumption: 15 %)"},
    {"power_kw", ORF_PARAM_NUMBER, "kW", 0, 0.0, 0.0, 10000.0, "drum drive and pump power (input)"},
};

static const orf_result_def lims_results[] = {
    {"mass_pull_pct", "%", "solids to the mags, % of feed solids"},
    {"valuable_recovery_pct", "%", "valuable mineral to the mags, % of feed"},
    {"pickup_field_t", "T", "flux density at the pickup distance"},
    {"pickup_gradient_t_m", "T/m", "field gradient at the pickup distance"},
    {"power_kw", "kW", "drum drive and pump power"},
};
enum { LR_PULL, LR_REC, LR_B, LR_GRAD, LR_POWER };

typedef struct lims_state {
    orf__sep_ws ws;
    double *m_a_m; /* npm: magnetisation of each particulate material at the pickup field, A/m */
    double grad_t_m;
} lims_state;

static orf_status lims_setup(orf_unit *u, orf_ctx *ctx)
{
    lims_state *st = u->state;
    st->m_a_m = orf_unit_alloc(u, u->sys->npm ? u->sys->npm : 1, sizeof(double));
    if (!st->m_a_m)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory for workspace");
    return orf__sep_ws_init(u, ctx, &st->ws);
}

/* The field at the pickup distance and each material's magnetisation in it. */
static void lims_field(orf_unit *u)
{
    lims_state *st = u->state;
    const orf_system *y = u->sys;
    double b, grad;
    orf__drum_field(u->p[L_B0], u->p[L_PITCH], u->p[L_X], &b, &grad);
    st->grad_t_m = grad;
    u->r[LR_B] = b;
    u->r[LR_GRAD] = grad;
    for (size_t k = 0; k < y->npm; k++) {
        const orf_material *m = y->mat[y->pmat[k]];
        double ms = orf_material_prop(m, "saturation_magnetisation_am2_kg", 0.0) * m->density_kg_m3;
        st->m_a_m[k] = orf__ferro_magnetisation_a_m(b / ORF__MU0, ms, u->p[L_N]);
    }
}

/* Volume magnetisation of particle type p, A/m: Σ phi_i·M_i. */
static double particle_magnetisation(const lims_state *st, const orf_stream *in,
                                     const orf_particle *p)
{
    const orf_system *y = in->sys;
    if (p->material >= 0) {
        int k = y->pslot[p->material];
        return k >= 0 ? st->m_a_m[k] : 0.0;
    }
    double vol = 0.0, acc = 0.0;
    for (size_t k = 0; k < y->npm; k++) {
        size_t m = (size_t)y->pmat[k];
        double v = orf_particle_mass_frac(in, p, m) / y->mat[m]->density_kg_m3;
        vol += v;
        acc += v * st->m_a_m[k];
    }
    return vol > 0.0 ? acc / vol : 0.0;
}

static double lims_fraction(const orf_unit *u, double m_a_m, double rho, double d_um)
{
    const lims_state *st = u->state;
    double v = orf__lims_velocity_m_s(m_a_m, st->grad_t_m, rho - 1000.0, d_um, u->p[L_ETA]);
    double cap = orf__whims_capture(v, u->p[L_VC]);
    return cap + (1.0 - cap) * u->p[L_ENT] / 100.0;
}

static double lims_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    const orf_unit *u = vctx;
    return lims_fraction(u, particle_magnetisation(u->state, in, p), p->density_kg_m3, p->d_um);
}

static int lims_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    lims_state *st = u->state;
    lims_field(u);
    const orf_stream *feed = orf__feedbuf_mix(&st->ws.fb, u, in);
    orf_stream_split_particles(feed, out[0], out[1], lims_partition, u, NULL,
                               u->p[L_WATER] / 100.0);
    u->r[LR_PULL] =
        orf__sep_pct(orf_stream_particulate_tph(out[0]), orf_stream_particulate_tph(feed));
    u->r[LR_REC] = orf__sep_pct(orf__sep_valuable_tph(out[0], -1), orf__sep_valuable_tph(feed, -1));
    u->r[LR_POWER] = u->p[L_POWER];
    return 0;
}

/* Recovery of the liberated valuable mineral by size, and the size-by-size recovery. */
static void lims_report_json(const orf_unit *u, const orf_stream *const *in,
                             const orf_stream *const *out, orf_json *j)
{
    const orf_system *y = u->sys;
    const lims_state *st = u->state;
    if (y->valuable >= 0 && y->pslot[y->valuable] >= 0)
        orf__sep_json_capture_curve(u, st->m_a_m[y->pslot[y->valuable]], lims_fraction, j);
    orf__sep_json_size_recovery(u, in, out[0], j);
}

static const char *const lims_in[] = {"feed", NULL};
static const char *const lims_out[] = {"mags", "nonmags", NULL};

const orf_unit_type orf_unit_lims = {
    .abi = ORF_UNIT_ABI,
    .name = "lims",
    .family = "magnetic",
    .summary = "wet low-intensity drum magnetic separator: mags/nonmags by the particle's content "
               "of ferrimagnetic mineral (magnetite) and size",
    .citation = "Magnetisation limited by demagnetisation and saturation, force against gravity "
                "and drag (Svoboda 1987, Magnetic Methods for the Treatment of Minerals; Svoboda "
                "& Fujita 2003, Miner. Eng. 16, 785); magnetite sigma_s 92 A·m²/kg (Banerjee & "
                "Moskowitz 1985); drum field exp(−pi·x/pitch) (Furlani 2001)",
    .params = lims_params,
    .nparams = sizeof lims_params / sizeof lims_params[0],
    .inlets = lims_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = lims_out,
    .noutlets = 2,
    .min_inlets = 1,
    .results = lims_results,
    .nresults = sizeof lims_results / sizeof lims_results[0],
    .conserves_materials = 1,
    .state_size = sizeof(lims_state),
    .setup = lims_setup,
    .compute = lims_compute,
    .report_json = lims_report_json,
};
