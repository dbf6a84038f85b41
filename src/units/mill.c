/* oreflow — ball and rod mills: steady-state population balance with Austin's functions, and
 * power from Bond's law.
 *
 *   Austin, L.G., Klimpel, R.R. & Luckie, P.T. (1984) Process Engineering of Size Reduction:
 *   Ball Milling, SME-AIME, New York (selection, breakage, mixers in series);
 *   Bond, F.C. (1961) "Crushing and grinding calculations", Brit. Chem. Eng. 6, 378–385, 543–548.
 *
 * Per material and composition class, N equal fully mixed reactors in series, each with
 * residence time τ/N:
 *   p_i (1 + S_i τ/N) = f_i + (τ/N) Σ_{j<i} b_ij S_j p_j
 *   S_i = a x_i^α / (1 + (x_i/µ)^Λ),   B_ij = φ (x_{i-1}/x_j)^γ + (1-φ)(x_{i-1}/x_j)^β.
 * τ = 60 · holdup_t / (feed solids t/h) min, or given as tau_min. N = 1 is the fully mixed mill.
 * Specific energy W = 10 Wi (1/√P80 - 1/√F80) with F80 and P80 from the feed and product
 * streams (µm); power = W × feed solids t/h. With efficiency_factors: rowland, W is multiplied
 * by Rowland's EF1-EF7 (bond_rowland.c). With grain_size_um, each fragment's composition class
 * follows the liberation model of liberation_model.c (the default keeps the composition class).
 */
#include <math.h>
#include <string.h>

#include "liberation.h"
#include "unit_common.h"
#include "units_cc.h"

/* liberation through breakage and Rowland's factors (liberation_model.c, bond_rowland.c) */
#define ORF__LIB_PARAMS                                                                            \
    [P_GRAIN] = {"grain_size_um",                                                                  \
                 ORF_PARAM_NUMBER,                                                                 \
                 "µm",                                                                             \
                 0,                                                                                \
                 0,                                                                                \
                 0,                                                                                \
                 1e6,                                                                              \
                 "liberation through breakage: the valuable mineral's mean linear intercept "      \
                 "(absent: no liberation, the composition class is kept)"},                        \
    [P_EFS] = {"efficiency_factors",                                                               \
               ORF_PARAM_STRING,                                                                   \
               "-",                                                                                \
               0,                                                                                  \
               0,                                                                                  \
               0,                                                                                  \
               0,                                                                                  \
               "none (Bond's law as is, default) or rowland (EF1-EF7, Rowland 1972)"},             \
    [P_DRY] = {"dry_grinding", ORF_PARAM_NUMBER, "-", 0, 0, 0, 1, "1: dry grinding (EF1 1.3)"},    \
    [P_OPEN] = {"open_circuit_pct",                                                                \
                ORF_PARAM_NUMBER,                                                                  \
                "%",                                                                               \
                0,                                                                                 \
                0,                                                                                 \
                0,                                                                                 \
                99,                                                                                \
                "open circuit: % passing the product's control size (EF2); 0 closed circuit"},     \
    [P_DIAM] = {"diameter_m",                                                                      \
                ORF_PARAM_NUMBER,                                                                  \
                "m",                                                                               \
                0,                                                                                 \
                0,                                                                                 \
                0,                                                                                 \
                20,                                                                                \
                "mill diameter inside liners for EF3 (0: EF3 not applied)"},                       \
    [P_LD] = {"rod_length_ratio",                                                                  \
              ORF_PARAM_NUMBER,                                                                    \
              "-",                                                                                 \
              0,                                                                                   \
              1.5,                                                                                 \
              0.5,                                                                                 \
              3,                                                                                   \
              "rod length over mill diameter for EF6 (rod mills; 1.5 is an assumption)"},

enum {
    P_WI,
    P_HOLDUP,
    P_TAU,
    P_NMIX,
    P_A,
    P_ALPHA,
    P_MU,
    P_LAMBDA,
    P_PHI,
    P_GAMMA,
    P_BETA,
    P_GRAIN,
    P_EFS,
    P_DRY,
    P_OPEN,
    P_DIAM,
    P_LD,
    NPARAM
};

#define MILL_PARAMS(wi_dflt, nmix_dflt, mu_dflt)                                                   \
    {                                                                                              \
        [P_WI] = {"wi_kwh_per_t",                                                                  \
                  ORF_PARAM_NUMBER,                                                                \
                  "kWh/t",                                                                         \
                  0,                                                                               \
                  wi_dflt,                                                                         \
                  0.1,                                                                             \
                  100,                                                                             \
                  "Bond work index of the ore (test-work value; default is a typical ore)"},       \
        [P_HOLDUP] = {"holdup_t", ORF_PARAM_NUMBER,                                                \
                      "t",        0,                                                               \
                      20,         0.001,                                                           \
                      1e5,        "solids holdup in the mill; τ = 60·holdup / feed solids t/h"},   \
        [P_TAU] = {"tau_min", ORF_PARAM_NUMBER,                                                    \
                   "min",     0,                                                                   \
                   0,         0,                                                                   \
                   1e4,       "mean residence time of solids; when given it replaces holdup_t"},   \
        [P_NMIX] = {"n_mixers", ORF_PARAM_NUMBER,                                                  \
                    "-",        0,                                                                 \
                    nmix_dflt,  1,                                                                 \
                    50,         "equal fully mixed reactors in series (1: perfectly mixed mill)"}, \
        [P_A] = {"a_per_min", ORF_PARAM_NUMBER,                                                    \
                 "1/min",     0,                                                                   \
                 0.7,         1e-6,                                                                \
                 100,         "Austin selection function: rate at 1 mm"},                          \
        [P_ALPHA] =                                                                                \
            {"alpha", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.1, 3, "Austin selection exponent α"},       \
        [P_MU] = {"mu_mm",                                                                         \
                  ORF_PARAM_NUMBER,                                                                \
                  "mm",                                                                            \
                  0,                                                                               \
                  mu_dflt,                                                                         \
                  0.01,                                                                            \
                  1000,                                                                            \
                  "Austin µ: size where the rate falls to half the power law (media size)"},       \
        [P_LAMBDA] = {"lambda", ORF_PARAM_NUMBER,                                                  \
                      "-",      0,                                                                 \
                      2.5,      0.1,                                                               \
                      10,       "Austin Λ: steepness of the fall-off above µ"},                    \
        [P_PHI] = {"phi", ORF_PARAM_NUMBER,                                                        \
                   "-",   0,                                                                       \
                   0.6,   0,                                                                       \
                   1,     "Austin breakage φ: fraction of fines-producing breakage"},              \
        [P_GAMMA] = {"gamma", ORF_PARAM_NUMBER, "-", 0, 1.2, 0.1, 5, "Austin breakage γ"},         \
        [P_BETA] = {"beta", ORF_PARAM_NUMBER, "-", 0, 4.0, 0.5, 20, "Austin breakage β"},          \
        ORF__LIB_PARAMS                                                                            \
    }

/* Defaults: typical values of Austin et al. (1984) for wet ball milling of a medium-hard ore;
 * rod mills approach plug flow (Austin et al. ch. 12), hence three mixers and a larger µ. */
static const orf_param_def ball_params[NPARAM] = MILL_PARAMS(15.0, 1, 3.0);
static const orf_param_def rod_params[NPARAM] = MILL_PARAMS(14.0, 3, 10.0);

enum { R_POWER, R_SE, R_F80, R_P80, R_TAU, R_EF, R_LIB, NRESULT };
static const orf_result_def results[NRESULT] = {
    [R_POWER] = {"power_kw", "kW", "Bond power: specific energy × feed solids t/h"},
    [R_SE] = {"specific_energy_kwh_per_t", "kWh/t", "Bond's law W = 10 Wi (1/√P80 - 1/√F80)"},
    [R_F80] = {"f80_um", "µm", "80 % passing size of the feed"},
    [R_P80] = {"p80_um", "µm", "80 % passing size of the product"},
    [R_TAU] = {"tau_min", "min", "mean residence time of the solids"},
    [R_EF] = {"bond_efficiency_factor", "-", "product of Rowland's EF1-EF7 (1: not applied)"},
    [R_LIB] = {"liberated_pct", "%",
               "share of the valuable mineral in liberated particles of the product (NaN "
               "without composition classes)"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"product", NULL};

typedef struct {
    orf__feedbuf fb;
    int tau_given;
    double *b, *s, *col;
    double *sa, *sw; /* separable factors of b (orf__austin_sep_factors), 2 ns each */
    int sep;         /* 1: sa, sw hold b's factors; 0: the dense b is used */
    int dense_built; /* b holds the matrix for key (built only where it is used) */
    double key[3];   /* φ, γ, β of the breakage function (rebuilt only when they change) */
    orf__lib lib;
    int rowland;
} mill_state;

static orf_status mill_setup(orf_unit *u, orf_ctx *ctx)
{
    size_t ns = u->sys->ns;
    mill_state *s = u->state;
    s->b = orf_unit_alloc(u, ns * ns, sizeof(double));
    s->s = orf_unit_alloc(u, ns, sizeof(double));
    s->col = orf_unit_alloc(u, ns, sizeof(double));
    s->sa = orf_unit_alloc(u, 2 * ns, sizeof(double));
    s->sw = orf_unit_alloc(u, 2 * ns, sizeof(double));
    if (!s->b || !s->s || !s->col || !s->sa || !s->sw)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    s->tau_given = orf_unit_param_node(u, "tau_min") != NULL;
    s->key[0] = s->key[1] = s->key[2] = -1.0; /* no matrix yet */
    const orf_node *n = orf_unit_param_node(u, "n_mixers");
    if (n && u->p[P_NMIX] != floor(u->p[P_NMIX]))
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, u->name,
                             "n_mixers must be a whole number, not %g", u->p[P_NMIX]);
    const orf_node *ef = orf_unit_param_node(u, "efficiency_factors");
    if (ef && (ef->kind != ORF_NODE_SCALAR ||
               (strcmp(ef->str, "rowland") != 0 && strcmp(ef->str, "none") != 0)))
        return orf_diag_emit(ctx, ORF_E_INPUT, &ef->loc, u->name,
                             "efficiency_factors must be 'none' or 'rowland'");
    s->rowland = ef && !strcmp(ef->str, "rowland");
    orf_status st = orf__lib_setup(&s->lib, u, ctx, P_GRAIN);
    return st ? st : orf__feedbuf_init(&s->fb, u, ctx);
}

static int mill_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    mill_state *s = u->state;
    const orf_system *y = u->sys;
    const double *p = u->p;
    const orf_stream *feed = orf__feedbuf_mix(&s->fb, u, in);
    double fs = orf_stream_particulate_tph(feed);
    double tau = s->tau_given ? p[P_TAU] : (fs > 0.0 ? 60.0 * p[P_HOLDUP] / fs : 0.0);
    if (s->key[0] != p[P_PHI] || s->key[1] != p[P_GAMMA] || s->key[2] != p[P_BETA]) {
        /* Austin's B is separable: O(ns) per column instead of the dense O(ns²) (breakage_sep.c) */
        s->sep = !orf__austin_sep_factors(y->ns, y->upper_um, p[P_PHI], p[P_GAMMA], p[P_BETA],
                                          s->sa, s->sw);
        s->dense_built = 0;
        s->key[0] = p[P_PHI];
        s->key[1] = p[P_GAMMA];
        s->key[2] = p[P_BETA];
    }
    orf__lib_set(&s->lib, p[P_GRAIN]);
    if ((s->lib.on || !s->sep) && !s->dense_built) {
        orf__austin_breakage_matrix(y->ns, y->upper_um, p[P_PHI], p[P_GAMMA], p[P_BETA], s->b);
        s->dense_built = 1;
    }
    for (size_t i = 0; i < y->ns; i++)
        s->s[i] = orf__austin_selection(y->upper_um[i] / 1000.0, p[P_A], p[P_ALPHA], p[P_MU],
                                        p[P_LAMBDA]);
    int nmix = (int)p[P_NMIX];
    orf_stream_copy(out[0], feed);
    if (s->lib.on)
        orf__lib_mill_solve(&s->lib, y, s->s, s->b, tau, nmix, out[0]);
    else
        for (size_t k = 0; k < y->npm; k++)
            for (size_t c = 0; c < y->nc; c++) {
                size_t m = (size_t)y->pmat[k];
                orf__size_column_get(feed, m, c, s->col);
                if (s->sep)
                    orf__mill_solve_mixers_sep(y->ns, s->s, s->sa, s->sw, tau, nmix, s->col);
                else
                    orf__mill_solve_mixers(y->ns, s->s, s->b, tau, nmix, s->col);
                orf__size_column_put(out[0], m, c, s->col);
            }
    double f80 = orf_stream_pxx_um(feed, 80.0), p80 = orf_stream_pxx_um(out[0], 80.0);
    orf__rowland rw = {
        u->type == &orf_unit_rod_mill, p[P_DRY] > 0.5, p[P_OPEN], p[P_DIAM], p[P_LD], {0}};
    double ef = s->rowland ? orf__rowland_factor(&rw, p[P_WI], f80, p80) : 1.0;
    double w = ef * orf__bond_specific_energy(p[P_WI], f80, p80);
    u->r[R_EF] = ef;
    u->r[R_LIB] = orf__lib_liberated_pct(out[0]);
    u->r[R_F80] = f80;
    u->r[R_P80] = p80;
    u->r[R_SE] = w;
    u->r[R_POWER] = w * fs;
    u->r[R_TAU] = tau;
    return 0;
}

const orf_unit_type orf_unit_ball_mill = {
    .abi = ORF_UNIT_ABI,
    .name = "ball_mill",
    .family = "comminution",
    .summary = "Ball mill: Austin population balance (N mixers in series, τ from holdup), "
               "power from Bond's law",
    .citation = "Austin, Klimpel & Luckie (1984) Process Engineering of Size Reduction: Ball "
                "Milling, SME; Bond (1961) Brit. Chem. Eng. 6, 378-385, 543-548",
    .params = ball_params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = outlets,
    .noutlets = 1,
    .min_inlets = 1,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = mill_setup,
    .compute = mill_compute,
    .state_size = sizeof(mill_state),
    .report_json = NULL,
};

const orf_unit_type orf_unit_rod_mill = {
    .abi = ORF_UNIT_ABI,
    .name = "rod_mill",
    .family = "comminution",
    .summary = "Rod mill: Austin population balance closer to plug flow (3 mixers by default), "
               "power from Bond's law",
    .citation = "Austin, Klimpel & Luckie (1984) Process Engineering of Size Reduction: Ball "
                "Milling, SME; Bond (1961) Brit. Chem. Eng. 6, 378-385, 543-548",
    .params = rod_params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = outlets,
    .noutlets = 1,
    .min_inlets = 1,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = mill_setup,
    .compute = mill_compute,
    .state_size = sizeof(mill_state),
    .report_json = NULL,
};
