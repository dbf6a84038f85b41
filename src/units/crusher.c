/* oreflow — cone/jaw crusher: Whiten's classification-and-breakage model.
 *
 *   Whiten, W.J. (1972) "The simulation of crushing plants with models developed using multiple
 *   spline regression", J. S. Afr. Inst. Min. Metall. 72, 257–264;
 *   Napier-Munn, T.J., Morrell, S., Morrison, R.D. & Kojovic, T. (1996) Mineral Comminution
 *   Circuits, JKMRC, ch. 6 (Andersen & Whiten's crusher model);
 *   Narayanan, S.S. & Whiten, W.J. (1988) Trans. IMM C 97, C115–C124 (t10, A·b).
 *
 * Per material and composition class (composition kept unless grain_size_um is given):
 *   x = f + B C x,   p = (I - C) x   ⇒   p = (I - C)(I - B C)^{-1} f,
 *   C(d) = 1 - ((K2 - d)/(K2 - K1))^K3 on K1..K2 (d = class mid size),
 *   B from t10 (orf__crusher_breakage_matrix): t10 given, or t10 = A(1 - e^{-b Ecs}).
 * When Ecs is given, the power drawn for breakage is Ecs × (mass flow through the breakage
 * zone), as in the JKMRC energy accounting (no-load power excluded); without Ecs, Bond's law
 * W = 10 Wi (1/√P80 - 1/√F80) × feed t/h (Bond 1961). With grain_size_um the fragments' composition
 * classes follow the liberation model of liberation_model.c.
 */
#include <math.h>

#include "liberation.h"
#include "unit_common.h"
#include "units_cc.h"

enum { P_K1, P_K2, P_K3, P_T10, P_ECS, P_A, P_B, P_WI, P_GRAIN, NPARAM };
static const orf_param_def params[NPARAM] = {
    [P_K1] = {"k1_mm", ORF_PARAM_NUMBER, "mm", 1, 10, 0.001, 1e4,
              "size below which particles pass without breakage (near the closed side setting)"},
    [P_K2] = {"k2_mm", ORF_PARAM_NUMBER, "mm", 1, 30, 0.001, 1e4,
              "size above which every particle is broken (near the open side setting)"},
    [P_K3] = {"k3", ORF_PARAM_NUMBER, "-", 0, 2.3, 0.1, 20,
              "shape exponent of the classification function (2.3 typical, Napier-Munn 1996)"},
    [P_T10] =
        {"t10_pct", ORF_PARAM_NUMBER, "%", 0, 20, 0.01, 99.9,
         "% of progeny passing 1/10 of the parent size (ignored when ecs_kwh_per_t is given)"},
    [P_ECS] = {"ecs_kwh_per_t", ORF_PARAM_NUMBER, "kWh/t", 0, 0, 0, 1e3,
               "specific comminution energy; when given, t10 = A(1 - exp(-b Ecs))"},
    [P_A] = {"a_pct", ORF_PARAM_NUMBER, "%", 0, 60, 1, 100, "JK drop-weight A of the ore"},
    [P_B] = {"b_t_per_kwh", ORF_PARAM_NUMBER, "t/kWh", 0, 1.0, 0.01, 100,
             "JK drop-weight b of the ore"},
    [P_WI] = {"wi_kwh_per_t", ORF_PARAM_NUMBER, "kWh/t", 0, 15.0, 0.1, 100,
              "Bond work index for the power without Ecs (default 15 kWh/t: an assumption, a "
              "medium-hard ore)"},
    [P_GRAIN] = {"grain_size_um", ORF_PARAM_NUMBER, "µm", 0, 0, 0, 1e6,
                 "liberation through breakage: the valuable mineral's mean linear intercept "
                 "(absent: no liberation, the composition class is kept)"},
};

enum { R_T10, R_BROKEN, R_POWER, R_SE, R_F80, R_P80, R_LIB, NRESULT };
static const orf_result_def results[NRESULT] = {
    [R_T10] = {"t10_pct", "%", "t10 used"},
    [R_BROKEN] = {"broken_tph", "t/h", "mass flow through the breakage zone (Σ C x)"},
    [R_POWER] = {"power_kw", "kW",
                 "breakage power Ecs × broken_tph; without Ecs, Bond's W × feed t/h"},
    [R_SE] = {"specific_energy_kwh_per_t", "kWh/t",
              "power per t/h of crusher feed (without Ecs: Bond's 10 Wi (1/√P80 - 1/√F80))"},
    [R_F80] = {"f80_um", "µm", "80 % passing size of the feed"},
    [R_P80] = {"p80_um", "µm", "80 % passing size of the product"},
    [R_LIB] = {"liberated_pct", "%",
               "share of the valuable mineral in liberated particles of the product (NaN "
               "without composition classes)"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"product", NULL};

typedef struct {
    orf__feedbuf fb;
    int use_ecs;
    double *b;            /* ns × ns, built only where it is used */
    double *sa, *sw, *sd; /* separable factors of b (orf__crusher_sep_factors), ns each */
    int sep, dense_built; /* sa, sw, sd hold b's factors; b holds the matrix for t10 */
    double *c;            /* ns */
    double *col;          /* ns */
    double t10;           /* t10 of the breakage function (rebuilt only when it changes) */
    orf__lib lib;
} cr_state;

static orf_status cr_setup(orf_unit *u, orf_ctx *ctx)
{
    size_t ns = u->sys->ns;
    cr_state *s = u->state;
    s->b = orf_unit_alloc(u, ns * ns, sizeof(double));
    s->c = orf_unit_alloc(u, ns, sizeof(double));
    s->col = orf_unit_alloc(u, ns, sizeof(double));
    s->sa = orf_unit_alloc(u, ns, sizeof(double));
    s->sw = orf_unit_alloc(u, ns, sizeof(double));
    s->sd = orf_unit_alloc(u, ns, sizeof(double));
    if (!s->b || !s->c || !s->col || !s->sa || !s->sw || !s->sd)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    s->use_ecs = orf_unit_param_node(u, "ecs_kwh_per_t") != NULL;
    s->t10 = -1.0; /* no matrix yet */
    if (s->use_ecs && !(u->p[P_ECS] > 0.0)) {
        const orf_node *n = orf_unit_param_node(u, "ecs_kwh_per_t");
        return orf_diag_emit(ctx, ORF_E_RANGE, &n->loc, u->name,
                             "ecs_kwh_per_t must be > 0 (t10 = A(1 - exp(-b Ecs)) is 0 at 0)");
    }
    if (!(u->p[P_K1] < u->p[P_K2])) {
        const orf_node *n = orf_unit_param_node(u, "k2_mm");
        return orf_diag_emit(ctx, ORF_E_RANGE, n ? &n->loc : &u->loc, u->name,
                             "k2_mm (%g) must exceed k1_mm (%g)", u->p[P_K2], u->p[P_K1]);
    }
    orf_status st = orf__lib_setup(&s->lib, u, ctx, P_GRAIN);
    return st ? st : orf__feedbuf_init(&s->fb, u, ctx);
}

static int cr_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    cr_state *s = u->state;
    const orf_system *y = u->sys;
    const double *p = u->p;
    const orf_stream *feed = orf__feedbuf_mix(&s->fb, u, in);
    double t10 = s->use_ecs ? orf__t10_from_ecs(p[P_A], p[P_B], p[P_ECS]) : 0.01 * p[P_T10];
    if (!(t10 > 0.0 && t10 < 1.0))
        return -1; /* only reachable when a spec or Monte Carlo sets Ecs to 0 */
    double k1 = 1000.0 * p[P_K1], k2 = 1000.0 * p[P_K2];
    if (!(k1 < k2))
        return -1;
    orf__lib_set(&s->lib, p[P_GRAIN]);
    if (t10 != s->t10) {
        /* the t10 power law is separable: O(ns) per column (breakage_sep.c) */
        s->sep = !orf__crusher_sep_factors(y->ns, y->upper_um, t10, s->sa, s->sw, s->sd);
        s->dense_built = 0;
        s->t10 = t10;
    }
    if ((s->lib.on || !s->sep) && !s->dense_built) {
        orf__crusher_breakage_matrix(y->ns, y->upper_um, t10, s->b);
        s->dense_built = 1;
    }
    for (size_t i = 0; i < y->ns; i++)
        s->c[i] = orf__whiten_classification(y->mid_um[i], k1, k2, p[P_K3]);
    orf_stream_copy(out[0], feed);
    double broken = 0.0;
    if (s->lib.on)
        orf__lib_crusher_solve(&s->lib, y, s->c, s->b, feed, out[0], &broken);
    for (size_t k = 0; !s->lib.on && k < y->npm; k++)
        for (size_t c = 0; c < y->nc; c++) {
            size_t m = (size_t)y->pmat[k];
            double br;
            orf__size_column_get(feed, m, c, s->col);
            if (s->sep)
                orf__crusher_solve_sep(y->ns, s->c, s->sa, s->sw, s->sd, s->col, s->col, &br);
            else
                orf__crusher_solve(y->ns, s->c, s->b, s->col, s->col, &br);
            orf__size_column_put(out[0], m, c, s->col);
            broken += br;
        }
    double fs = orf_stream_particulate_tph(feed);
    u->r[R_T10] = 100.0 * t10;
    u->r[R_BROKEN] = broken;
    double f80 = orf_stream_pxx_um(feed, 80.0), p80 = orf_stream_pxx_um(out[0], 80.0);
    /* without Ecs, Bond's law (Bond 1961) on the feed's and product's F80 and P80 */
    double wb = orf__bond_specific_energy(p[P_WI], f80, p80);
    wb = isfinite(wb) && wb > 0.0 ? wb : 0.0;
    u->r[R_POWER] = s->use_ecs ? p[P_ECS] * broken : wb * fs;
    u->r[R_SE] = s->use_ecs ? (fs > 0.0 ? p[P_ECS] * broken / fs : (double)NAN) : wb;
    u->r[R_F80] = f80;
    u->r[R_P80] = p80;
    u->r[R_LIB] = orf__lib_liberated_pct(out[0]);
    return 0;
}

const orf_unit_type orf_unit_crusher = {
    .abi = ORF_UNIT_ABI,
    .name = "crusher",
    .family = "comminution",
    .summary = "Crusher: Whiten classification-and-breakage model (K1, K2, K3; t10 appearance "
               "function, optionally from A, b and Ecs)",
    .citation = "Whiten (1972) J. S. Afr. IMM 72, 257-264; Napier-Munn, Morrell, Morrison & "
                "Kojovic (1996) Mineral Comminution Circuits, JKMRC, ch. 6; Narayanan & Whiten "
                "(1988) Trans. IMM C 97, C115-C124",
    .params = params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = outlets,
    .noutlets = 1,
    .min_inlets = 1,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = cr_setup,
    .compute = cr_compute,
    .state_size = sizeof(cr_state),
    .report_json = NULL,
};
