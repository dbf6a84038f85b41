/* oreflow — wet high-intensity magnetic separator (WHIMS).
 *
 * Each particle type is captured by the magnetised matrix with probability
 *     capture = 1 - exp(-v_m / v_c),  v_m = chi·rho·d²·(B∇B)/(18·mu0·eta)
 * (force balance of magnetic force and Stokes drag: Svoboda 1987; exponential matrix-capture law:
 * Watson 1973), chi the particle's mass susceptibility — for a composite particle the
 * volume-weighted mean of its minerals' `magnetic_susceptibility_m3_kg` (materials.yaml) —, rho its
 * density and d its size; a fraction exp(-d/d_bypass) of the slimes follows the water. Captured
 * particles report to `mags`, the rest to `nonmags`; water splits by water_to_mags_pct.
 * Defaults: force factor 2×10^8 G²/mm = 2000 T²/m and capture velocity set so that chromite
 * (chi 1.3×10^-6 m³/kg, data/materials.yaml) is half captured at 5 µm, after the Longi-Multotec
 * vertical-ring WHIMS figures (International Mining, 7 Oct 2015: "recovers particles down to about
 * 5 µm"). Equations and tests: src/units/magnetic_model.c, tests/unit/test_magnetic.c,
 * docs/models.md.
 *
 * References: Svoboda, J. (1987) Magnetic Methods for the Treatment of Minerals, Elsevier;
 * Watson, J.H.P. (1973) Magnetic filtration, J. Appl. Phys. 44, 4209–4213.
 */
#include "units/capacity_model.h"
#include "units/sep_common.h"
#include "units/sep_models.h"
#include "units/units_impl.h"

#include <math.h>

enum {
    M_FF,
    M_VC,
    M_ETA,
    M_BYPASS,
    M_WATER,
    M_CHI_DFLT,
    M_POWER,
    M_MACH,
    M_NOM,
    M_LMIN,
    M_LMAX,
    M_VEXP
};

static const orf_param_def whims_params[] = {
    {"force_factor_t2_m", ORF_PARAM_NUMBER, "T²/m", 0, 2000.0, 0.0, 1e6,
     "field force factor B·∇B in the matrix (2×10^8 G²/mm = 2000 T²/m, Longi-Multotec VRWHIMS)"},
    {"capture_velocity_m_s", ORF_PARAM_NUMBER, "m/s", 0, 1.907e-2, 1e-9, 1e3,
     "v_c in capture = 1 - exp(-v_m/v_c): slurry velocity through the matrix over its capture "
     "factor (default: chromite half captured at 5 µm at 2000 T²/m)"},
    {"viscosity_pa_s", ORF_PARAM_NUMBER, "Pa·s", 0, 1.0e-3, 1e-5, 1.0,
     "fluid viscosity in the Stokes drag"},
    {"d_bypass_um", ORF_PARAM_NUMBER, "µm", 0, 2.0, 0.0, 1000.0,
     "slimes misplacement: a fraction exp(-d/d_bypass) splits with the water (0 = none)"},
    {"water_to_mags_pct", ORF_PARAM_NUMBER, "%", 0, 25.0, 0.0, 100.0,
     "share of the feed water (with flush water counted in it) reporting to the mags"},
    {"default_susceptibility_m3_kg", ORF_PARAM_NUMBER, "m³/kg", 0, 0.0, -1.0, 1.0,
     "mass susceptibility of materials without the magnetic_susceptibility_m3_kg property"},
    {"power_kw", ORF_PARAM_NUMBER, "kW", 0, 0.0, 0.0, 10000.0,
     "magnet excitation and ring drive power (input; vendor figures not found: GAP)"},
    /* capacity (capacity_model.c): the default nominal load and range are ASSUMPTIONS (vendor
     * capacity tables of vertical-ring WHIMS were not found in the sources read: GAP) */
    {"machines", ORF_PARAM_NUMBER, "-", 0, 0.0, 0.0, 1.0e4,
     "WHIMS machines installed in parallel (0 = as many as the nominal load needs: load = "
     "nominal)"},
    {"nominal_tph_per_machine", ORF_PARAM_NUMBER, "t/h", 0, 20.0, 0.0, 1.0e4,
     "solids load per machine at which capture_velocity_m_s holds (assumed)"},
    {"min_tph_per_machine", ORF_PARAM_NUMBER, "t/h", 0, 5.0, 0.0, 1.0e4,
     "lower end of the operating range: a warning below it (assumed; 0 = not checked)"},
    {"max_tph_per_machine", ORF_PARAM_NUMBER, "t/h", 0, 30.0, 0.0, 1.0e4,
     "upper end of the operating range: a warning above it (assumed; 0 = not checked)"},
    {"capacity_velocity_exponent", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.0, 5.0,
     "e in v_c(q) = v_c·q^e, q = load/nominal (1: slurry velocity through the matrix ∝ load, "
     "Watson 1973; 0 = no load effect)"},
};

static const orf_result_def whims_results[] = {
    {"mass_pull_pct", "%", "solids to the mags, % of feed solids"},
    {"valuable_recovery_pct", "%", "valuable mineral to the mags, % of feed"},
    {"power_kw", "kW", "excitation and drive power"},
    {"machines", "-", "WHIMS machines used"},
    {"load_tph_per_machine", "t/h", "feed solids per machine"},
    {"load_out_of_range", "warning",
     "the load per machine is outside the operating range (min/max_tph_per_machine)"},
};
enum { MR_PULL, MR_REC, MR_POWER, MR_MACH, MR_LOAD, MR_LWARN };

typedef struct whims_state {
    orf__sep_ws ws;
    double vc_m_s; /* capture velocity at the load per machine of the last compute */
} whims_state;

static orf_status whims_setup(orf_unit *u, orf_ctx *ctx)
{
    whims_state *st = u->state;
    if (u->p[M_MACH] != floor(u->p[M_MACH]))
        return orf_diag_emit(ctx, ORF_E_RANGE, &u->loc, u->name,
                             "machines (%g) must be a whole number", u->p[M_MACH]);
    if (u->p[M_LMIN] > 0.0 && u->p[M_LMAX] > 0.0 && u->p[M_LMIN] > u->p[M_LMAX])
        return orf_diag_emit(ctx, ORF_E_RANGE, &u->loc, u->name,
                             "min_tph_per_machine (%g) exceeds max_tph_per_machine (%g)",
                             u->p[M_LMIN], u->p[M_LMAX]);
    st->vc_m_s = u->p[M_VC];
    return orf__sep_ws_init(u, ctx, &st->ws);
}

typedef struct whims_cb {
    const orf_unit *u;
} whims_cb;

static double whims_fraction(const orf_unit *u, double chi, double rho, double d_um)
{
    const whims_state *st = u->state;
    double vm = orf__magnetic_velocity_m_s(chi, rho, d_um, u->p[M_FF], u->p[M_ETA]);
    double cap = orf__whims_capture(vm, st->vc_m_s);
    double b = orf__fines_bypass(d_um, u->p[M_BYPASS]);
    return (1.0 - b) * cap + b * u->p[M_WATER] / 100.0;
}

static double whims_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    const whims_cb *cb = vctx;
    double chi = orf_particle_prop(in, p, "magnetic_susceptibility_m3_kg", cb->u->p[M_CHI_DFLT]);
    return whims_fraction(cb->u, chi, p->density_kg_m3, p->d_um);
}

static int whims_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    whims_state *st = u->state;
    const orf_stream *feed = orf__feedbuf_mix(&st->ws.fb, u, in);
    double fs = orf_stream_particulate_tph(feed), mach, load;
    orf__capacity_load(fs, u->p[M_MACH], u->p[M_NOM], &mach, &load);
    st->vc_m_s =
        orf__capacity_whims_vc(orf__capacity_ratio(load, u->p[M_NOM]), u->p[M_VEXP], u->p[M_VC]);
    u->r[MR_MACH] = mach;
    u->r[MR_LOAD] = load;
    u->r[MR_LWARN] = fs > 0.0 ? orf__capacity_out_of_range(load, u->p[M_LMIN], u->p[M_LMAX]) : 0.0;
    whims_cb cb = {u};
    orf_stream_split_particles(feed, out[0], out[1], whims_partition, &cb, NULL,
                               u->p[M_WATER] / 100.0);
    u->r[MR_PULL] =
        orf__sep_pct(orf_stream_particulate_tph(out[0]), orf_stream_particulate_tph(feed));
    u->r[MR_REC] = orf__sep_pct(orf__sep_valuable_tph(out[0], -1), orf__sep_valuable_tph(feed, -1));
    u->r[MR_POWER] = u->p[M_POWER];
    return 0;
}

/* Capture of the pure valuable mineral by size and the size-by-size recovery. */
static void whims_report_json(const orf_unit *u, const orf_stream *const *in,
                              const orf_stream *const *out, orf_json *j)
{
    const orf_system *y = u->sys;
    if (y->valuable >= 0)
        orf__sep_json_capture_curve(u,
                                    orf_material_prop(y->mat[y->valuable],
                                                      "magnetic_susceptibility_m3_kg",
                                                      u->p[M_CHI_DFLT]),
                                    whims_fraction, j);
    orf__sep_json_size_recovery(u, in, out[0], j);
}

static const char *const whims_in[] = {"feed", NULL};
static const char *const whims_out[] = {"mags", "nonmags", NULL};

const orf_unit_type orf_unit_whims = {
    .abi = ORF_UNIT_ABI,
    .name = "whims",
    .family = "magnetic",
    .summary = "wet high-intensity magnetic separator: mags/nonmags by particle susceptibility "
               "and size",
    .citation = "Force balance and magnetic velocity (Svoboda 1987, Magnetic Methods for the "
                "Treatment of Minerals, Elsevier); exponential matrix capture (Watson 1973, J. "
                "Appl. Phys. 44, 4209)",
    .params = whims_params,
    .nparams = sizeof whims_params / sizeof whims_params[0],
    .inlets = whims_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = whims_out,
    .noutlets = 2,
    .min_inlets = 1,
    .results = whims_results,
    .nresults = sizeof whims_results / sizeof whims_results[0],
    .conserves_materials = 1,
    .state_size = sizeof(whims_state),
    .setup = whims_setup,
    .compute = whims_compute,
    .report_json = whims_report_json,
};
