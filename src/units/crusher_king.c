/* oreflow — single-pass crusher: King's selection (classification) function with Vogel &
 * Peukert's breakage function as Dyssol discretises them, or a user-given breakage matrix.
 *
 *   King, R.P. (2001) "Modeling and Simulation of Mineral Processing Systems",
 *   Butterworth-Heinemann, ch. 5 (crushers: the classification function of a cone crusher
 *   between α1·CSS and α2·CSS);
 *   Vogel, L. & Peukert, W. (2003) "Breakage behaviour of different materials — construction
 *   of a mastercurve for the breakage probability", Powder Technology 129, 101–110 (the
 *   progeny distribution with a minimum fragment size d');
 *   Dyssol's "Crusher" unit, model "Cone" (Dyssol-open, TUHH; https://dyssol.readthedocs.io),
 *   whose equations this unit reproduces term for term so that a Dyssol flowsheet has a twin.
 *
 * Classes are coarse → fine (index 0 the coarsest, the last the pan); x_i is the class's
 * representative size (sizes.mean: arithmetic reproduces Dyssol's class means).
 *   Selection  s_i = 1                                   x_i ≥ α2·CSS
 *              s_i = 0                                   x_i ≤ α1·CSS
 *              s_i = 1 − ((α2·CSS − x_i)/((α2 − α1)·CSS))^n   between.
 *   Breakage (parent j, progeny k = j … pan):
 *              w_jk = (x_j/x_k)^q · ½(1 + tanh((x_k − d')/d')),  b_jk = w_jk / Σ_{k'≥j} w_jk'.
 *   Transfer   T_jj = 1 − s_j,  T_jk = s_j b_jk (k finer than j), 0 otherwise;
 *   Product    p_k = R · Σ_j f_j T_jk,  R = Σ f / Σ_k Σ_j f_j T_jk.
 * The rescale R is Dyssol's (its transform is followed by a normalisation of the size
 * distribution at constant mass flow): the share b_jj of the selected mass that Vogel's
 * function assigns to the parent's own class is dropped by T_jj = 1 − s_j and the rest is
 * scaled back to the feed's mass. It is applied per material and composition class, so each
 * material's mass is conserved (Dyssol normalises the whole solid distribution; the two agree
 * for one material). The result dyssol_rescale reports R. With a user matrix whose rows sum to 1
 * R is 1 except for material the selection function takes from the pan (it has nowhere finer to
 * go). Composition classes are kept (no liberation model).
 */
#include <math.h>
#include <string.h>

#include "unit_common.h"
#include "units_cc.h"

enum { P_CSS, P_A1, P_A2, P_N, P_BREAKAGE, P_DMIN, P_Q, P_MATRIX, NPARAM };
static const orf_param_def params[NPARAM] = {
    [P_CSS] = {"css_mm", ORF_PARAM_NUMBER, "mm", 1, 40, 0.001, 1e4,
               "closed-side setting CSS (Dyssol's default 0.04 m)"},
    [P_A1] = {"alpha1", ORF_PARAM_NUMBER, "-", 0, 0.6, 0.01, 10,
              "α1: particles below α1·CSS pass unbroken (King: 0.5–0.95; default 0.6 as Dyssol)"},
    [P_A2] = {"alpha2", ORF_PARAM_NUMBER, "-", 0, 2.0, 0.02, 20,
              "α2: particles above α2·CSS are all broken (King: 1.7–3.5; default 2 as Dyssol)"},
    [P_N] = {"n", ORF_PARAM_NUMBER, "-", 0, 2.0, 0.1, 20,
             "power of the selection function (King: 1–3; default 2 as Dyssol)"},
    [P_BREAKAGE] = {"breakage", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
                    "vogel (default: Vogel & Peukert's function, Dyssol's form) or matrix "
                    "(breakage_matrix)"},
    [P_DMIN] = {"dmin_mm", ORF_PARAM_NUMBER, "mm", 0, 3, 1e-6, 1e4,
                "d': minimum fragment size of the Vogel breakage function (default 3 mm, "
                "Dyssol's default: an assumption to replace with the ore's value)"},
    [P_Q] = {"q", ORF_PARAM_NUMBER, "-", 0, 0.55, 0, 20,
             "exponent q of the Vogel breakage function (default 0.55, Dyssol's default)"},
    [P_MATRIX] = {"breakage_matrix", ORF_PARAM_TABLE, "fraction", 0, 0, 0, 1,
                  "with breakage: matrix — one row per parent class, one column per progeny "
                  "class (both coarse → fine): the share of the parent's broken mass that "
                  "appears in each finer class; rows sum to 1, the pan's row is all 0"},
};

enum { R_SEL, R_RESCALE, R_F80, R_P80, NRESULT };
static const orf_result_def results[NRESULT] = {
    [R_SEL] = {"selected_pct", "%", "share of the particulate feed selected for breakage"},
    [R_RESCALE] = {"dyssol_rescale", "-",
                   "factor R (the one furthest from 1 over materials and composition classes) "
                   "by which the product was scaled back to its feed's mass (1: the transfer "
                   "matrix conserved mass)"},
    [R_F80] = {"f80_um", "µm", "80 % passing size of the feed"},
    [R_P80] = {"p80_um", "µm", "80 % passing size of the product"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"product", NULL};

enum { NKEY = 6 }; /* the numeric parameters the matrices depend on */

typedef struct {
    orf__feedbuf fb;
    int user_matrix;
    double *b;        /* ns × ns, b[j*ns + k]: parent j → progeny k (a user matrix, or Vogel's
                         where the separable form is refused) */
    double *g, *gsum; /* ns each: Vogel's b_jk = g[k] / gsum[j] (orf__vogel_sep_factors) */
    int sep;          /* 1: g and gsum are used; 0: b */
    double *s;        /* ns selection */
    double *col, *pc; /* ns */
    double key[NKEY]; /* parameters b and s were built for (NaN: not built) */
} ck_state;

/* King's selection function (Dyssol's "Cone" crusher), x and css in the same unit. */
static double ck_selection(double x, double css, double a1, double a2, double n)
{
    double lo = a1 * css, hi = a2 * css;
    if (x >= hi)
        return 1.0;
    if (x <= lo)
        return 0.0;
    return 1.0 - pow((hi - x) / (hi - lo), n);
}

static orf_status ck_read_matrix(orf_unit *u, orf_ctx *ctx, const orf_node *mn, double *b)
{
    size_t ns = u->sys->ns;
    if (orf_node_expect(ctx, mn, ORF_NODE_SEQ, "breakage_matrix"))
        return ORF_E_INPUT;
    if (mn->n != ns)
        return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                             "breakage_matrix: expected %zu rows (one per size class), found %zu",
                             ns, mn->n);
    for (size_t j = 0; j < ns; j++) {
        const orf_node *row = mn->items[j];
        if (orf_node_expect(ctx, row, ORF_NODE_SEQ, "breakage_matrix row"))
            return ORF_E_INPUT;
        if (row->n != ns)
            return orf_diag_emit(ctx, ORF_E_INPUT, &row->loc, u->name,
                                 "breakage_matrix row %zu: expected %zu values, found %zu", j + 1,
                                 ns, row->n);
        double sum = 0.0;
        for (size_t k = 0; k < ns; k++) {
            double v;
            if (orf_node_number(ctx, row->items[k], "breakage fraction", &v))
                return ORF_E_INPUT;
            if (!(v >= 0.0 && v <= 1.0))
                return orf_diag_emit(ctx, ORF_E_RANGE, &row->items[k]->loc, u->name,
                                     "breakage fraction must be within 0..1, found %g", v);
            if (k <= j && v != 0.0)
                return orf_diag_emit(ctx, ORF_E_INPUT, &row->items[k]->loc, u->name,
                                     "breakage_matrix row %zu: progeny class %zu is not finer "
                                     "than its parent (only columns after the diagonal may be "
                                     "non-zero)",
                                     j + 1, k + 1);
            b[j * ns + k] = v;
            sum += v;
        }
        int pan = j + 1 == ns;
        if (pan ? sum != 0.0 : fabs(sum - 1.0) > 1e-6)
            return orf_diag_emit(ctx, ORF_E_INPUT, &row->loc, u->name,
                                 "breakage_matrix row %zu sums to %.9g; expected %s", j + 1, sum,
                                 pan ? "0 (the pan has no finer class)" : "1");
    }
    return ORF_OK;
}

static orf_status ck_setup(orf_unit *u, orf_ctx *ctx)
{
    size_t ns = u->sys->ns;
    ck_state *s = u->state;
    if (ns > ((size_t)-1) / sizeof(double) / ns)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name,
                             "%zu size classes: the breakage matrix does not fit in memory", ns);
    s->b = orf_unit_alloc(u, ns * ns, sizeof(double));
    s->s = orf_unit_alloc(u, ns, sizeof(double));
    s->col = orf_unit_alloc(u, ns, sizeof(double));
    s->pc = orf_unit_alloc(u, ns, sizeof(double));
    s->g = orf_unit_alloc(u, ns, sizeof(double));
    s->gsum = orf_unit_alloc(u, ns, sizeof(double));
    if (!s->b || !s->s || !s->col || !s->pc || !s->g || !s->gsum)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    for (int i = 0; i < NKEY; i++)
        s->key[i] = (double)NAN;
    const orf_node *bn = orf_unit_param_node(u, "breakage");
    if (bn) {
        static const char *const cand[] = {"vogel", "matrix", NULL};
        if (bn->kind != ORF_NODE_SCALAR ||
            (strcmp(bn->str, "vogel") != 0 && strcmp(bn->str, "matrix") != 0)) {
            orf_diag_emit(ctx, ORF_E_INPUT, &bn->loc, u->name,
                          "breakage: expected 'vogel' or 'matrix'");
            if (bn->kind == ORF_NODE_SCALAR)
                orf_diag_hint_nearest(ctx, bn->str, cand, 2);
            return ORF_E_INPUT;
        }
        s->user_matrix = strcmp(bn->str, "matrix") == 0;
    }
    const orf_node *mn = orf_unit_param_node(u, "breakage_matrix");
    if (s->user_matrix && !mn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &bn->loc, u->name,
                             "breakage: matrix needs breakage_matrix (one row per size class)");
    if (!s->user_matrix && mn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                             "breakage_matrix is read only with 'breakage: matrix'");
    if (s->user_matrix) {
        static const char *const vogel_only[] = {"dmin_mm", "q"};
        for (size_t i = 0; i < 2; i++) {
            const orf_node *n = orf_unit_param_node(u, vogel_only[i]);
            if (n)
                return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, u->name,
                                     "%s belongs to the Vogel breakage function; with "
                                     "'breakage: matrix' it would be ignored",
                                     vogel_only[i]);
        }
        if (ck_read_matrix(u, ctx, mn, s->b))
            return ORF_E_INPUT;
    }
    if (!(u->p[P_A1] < u->p[P_A2])) {
        const orf_node *n = orf_unit_param_node(u, "alpha2");
        return orf_diag_emit(ctx, ORF_E_RANGE, n ? &n->loc : &u->loc, u->name,
                             "alpha2 (%g) must exceed alpha1 (%g)", u->p[P_A2], u->p[P_A1]);
    }
    return orf__feedbuf_init(&s->fb, u, ctx);
}

/* Rebuild s (and Vogel's b) when a spec or Monte Carlo changed the parameters. */
static int ck_prepare(ck_state *s, const orf_system *y, const double *p)
{
    double key[NKEY] = {p[P_CSS], p[P_A1], p[P_A2], p[P_N], p[P_DMIN], p[P_Q]};
    if (!memcmp(key, s->key, sizeof key))
        return 0;
    if (!(p[P_CSS] > 0.0 && p[P_A1] > 0.0 && p[P_A1] < p[P_A2] && p[P_DMIN] > 0.0))
        return -1; /* only reachable when a spec or Monte Carlo moves a parameter out of range */
    double css_um = 1000.0 * p[P_CSS];
    for (size_t i = 0; i < y->ns; i++)
        s->s[i] = ck_selection(y->mid_um[i], css_um, p[P_A1], p[P_A2], p[P_N]);
    s->sep = 0;
    if (!s->user_matrix) {
        /* Vogel's function is separable once normalised: O(ns) per column (breakage_sep.c) */
        double dmin = 1000.0 * p[P_DMIN];
        s->sep = !orf__vogel_sep_factors(y->ns, y->mid_um, dmin, p[P_Q], s->g, s->gsum);
        if (!s->sep)
            orf__vogel_breakage_matrix(y->ns, y->mid_um, dmin, p[P_Q], s->b);
    }
    memcpy(s->key, key, sizeof key);
    return 0;
}

static int ck_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    ck_state *s = u->state;
    const orf_system *y = u->sys;
    size_t ns = y->ns;
    const orf_stream *feed = orf__feedbuf_mix(&s->fb, u, in);
    if (ck_prepare(s, y, u->p))
        return -1;
    orf_stream_copy(out[0], feed);
    double selected = 0.0, total = 0.0, rmax = 1.0;
    for (size_t k = 0; k < y->npm; k++)
        for (size_t c = 0; c < y->nc; c++) {
            size_t m = (size_t)y->pmat[k];
            const double *f = s->col;
            double *pc = s->pc;
            orf__size_column_get(feed, m, c, s->col);
            double fsum = 0.0, psum = 0.0;
            for (size_t i = 0; i < ns; i++) {
                fsum += f[i];
                selected += s->s[i] * f[i];
                pc[i] = (1.0 - s->s[i]) * f[i];
            }
            total += fsum;
            if (s->sep) {
                double r = 0.0; /* Σ_{j<i} s_j f_j / G_j */
                for (size_t i = 0; i < ns; i++) {
                    pc[i] += s->g[i] * r;
                    if (s->gsum[i] > 0.0)
                        r += s->s[i] * f[i] / s->gsum[i];
                }
            }
            for (size_t j = 0; !s->sep && j < ns; j++) {
                double sf = s->s[j] * f[j];
                if (sf == 0.0)
                    continue;
                const double *row = s->b + j * ns;
                for (size_t i = j + 1; i < ns; i++)
                    pc[i] += sf * row[i];
            }
            for (size_t i = 0; i < ns; i++)
                psum += pc[i];
            if (psum > 0.0) {
                double r = fsum / psum;
                for (size_t i = 0; i < ns; i++)
                    pc[i] *= r;
                if (fabs(r - 1.0) > fabs(rmax - 1.0))
                    rmax = r;
            } else {
                memcpy(pc, f, ns * sizeof *pc); /* nothing left to scale: only when fsum is 0 */
            }
            orf__size_column_put(out[0], m, c, pc);
        }
    u->r[R_SEL] = total > 0.0 ? 100.0 * selected / total : (double)NAN;
    u->r[R_RESCALE] = rmax;
    u->r[R_F80] = orf_stream_pxx_um(feed, 80.0);
    u->r[R_P80] = orf_stream_pxx_um(out[0], 80.0);
    return 0;
}

const orf_unit_type orf_unit_crusher_king = {
    .abi = ORF_UNIT_ABI,
    .name = "crusher_king",
    .family = "comminution",
    .summary = "Crusher: King's selection function (CSS, α1, α2, n) with Vogel & Peukert's "
               "breakage function (d', q) or a user-given breakage matrix — Dyssol's 'Cone' "
               "crusher",
    .citation = "King (2001) Modeling and Simulation of Mineral Processing Systems, ch. 5; Vogel "
                "& Peukert (2003) Powder Technol. 129, 101-110; Dyssol 'Crusher' unit, model "
                "'Cone' (https://dyssol.readthedocs.io)",
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
    .flags = 0,
    .setup = ck_setup,
    .compute = ck_compute,
    .state_size = sizeof(ck_state),
    .report_json = NULL,
};
