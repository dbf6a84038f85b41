/* Anderson's multisecant acceleration of the tear streams (src/core/tear_accel.c) and the method
 * auto (Wegstein, switching a loop to Anderson when Wegstein stalls; src/core/solver.c).
 *
 * A splitter loop has a closed-form steady state (feed F, returned fraction r: F / (1 − r) through
 * the loop, r·F / (1 − r) returned; Wills & Finch 2016, "Mineral Processing Technology", 8th ed.,
 * §3): every method must reach it. The concentrator of the chromite examples recycles table
 * middlings and cleaner tailings to spirals whose partition moves with their load
 * (src/units/capacity_model.c), so that every particle's split depends on the whole recycle: there
 * the methods must agree to within the tolerance (10⁴ × tol, as test_sequencing) and Anderson's
 * steps must save sweeps over Wegstein's (measured: 124 sweeps against 167 for the flagship). */
#include "orf_test.h"

#include "core/flowsheet_impl.h"
#include "oreflow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LOOP                                                                                       \
    "name: loop\n"                                                                                 \
    "materials: [quartz]\n"                                                                        \
    "feeds:\n"                                                                                     \
    "  feed: {solids_tph: 100, pct_solids: 50, temperature_c: 60, mineralogy: {quartz: 100}}\n"    \
    "units:\n"                                                                                     \
    "  - {name: sump, type: mixer, in: [feed, recycle], out: [sump_out]}\n"                        \
    "  - {name: split, type: splitter, in: [sump_out], out: [product, recycle],"                   \
    " fractions: [0.25, 0.75]}\n"                                                                  \
    "  - {name: stock, type: product, in: [product]}\n"

static double solids(const orf_flowsheet *fs, const char *stream)
{
    int i = orf_flowsheet_stream_index(fs, stream);
    assert_true(i >= 0);
    return orf_stream_solids_tph(orf_flowsheet_stream(fs, (size_t)i));
}

static void every_method_reaches_the_analytic_circulating_load(void **state)
{
    (void)state;
    static const char *const methods[] = {"anderson", "auto", "wegstein", "plain"};
    int sweeps[4];
    for (int m = 0; m < 4; m++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml, LOOP "solver: {tol: 1.0e-12, method: %s}\n", methods[m]);
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = NULL;
        assert_int_equal(orf_flowsheet_load_string(ctx, "test.yaml", yaml, &fs), ORF_OK);
        orf_solve_info info;
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
        sweeps[m] = info.iterations;
        /* F/(1-r) = 100/0.25 = 400 through the sump, 300 t/h returned */
        ORF_ASSERT_REL(solids(fs, "sump_out"), 400.0, 1e-10);
        ORF_ASSERT_REL(solids(fs, "recycle"), 300.0, 1e-10);
        ORF_ASSERT_REL(solids(fs, "product"), 100.0, 1e-10);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
    /* plain substitution contracts by 0.75 a sweep (~96 sweeps to 1e-12); the linear loop is one
     * secant away for Anderson and Wegstein */
    assert_true(sweeps[3] > 80);
    assert_true(sweeps[0] < sweeps[3] / 5);
    assert_true(sweeps[1] < sweeps[3] / 5);
    assert_int_equal(sweeps[1], sweeps[2]); /* auto: Wegstein does not stall here */
}

/* A splitter returning 99.9 %: Wegstein's step is bounded (q ≥ −5, a step at most 6 times the
 * substitution's), so its sweeps shrink the error by at most 1 − 6 × 0.001 each; auto switches to
 * Anderson's secant, exact on this linear loop. Both reach 10 / 0.001 = 10 000 t/h. */
static void auto_converges_a_high_recycle_that_wegstein_crawls_through(void **state)
{
    (void)state;
    int sweeps[2];
    static const char *const methods[] = {"wegstein", "auto"};
    for (int m = 0; m < 2; m++) {
        char yaml[1024];
        snprintf(yaml, sizeof yaml,
                 "name: slow\n"
                 "materials: [quartz]\n"
                 "feeds:\n"
                 "  feed: {solids_tph: 10, mineralogy: {quartz: 100}}\n"
                 "units:\n"
                 "  - {name: sump, type: mixer, in: [feed, back], out: [s]}\n"
                 "  - {name: split, type: splitter, in: [s], out: [out, back],"
                 " fractions: [0.001, 0.999]}\n"
                 "solver: {max_iter: 100000, method: %s}\n",
                 methods[m]);
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = NULL;
        assert_int_equal(orf_flowsheet_load_string(ctx, "test.yaml", yaml, &fs), ORF_OK);
        orf_solve_info info;
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
        sweeps[m] = info.iterations;
        ORF_ASSERT_REL(solids(fs, "s"), 10000.0, 1e-8);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
    assert_true(sweeps[0] > 100);
    assert_true(sweeps[1] <= 10);
}

static orf_flowsheet *solve_with(orf_ctx *ctx, const char *path, orf_accel accel,
                                 orf_solve_info *info)
{
    orf_flowsheet *fs = NULL;
    assert_int_equal(orf_flowsheet_load(ctx, path, &fs), ORF_OK);
    orf_solver_opts o = orf_flowsheet_solver_opts(fs);
    o.accel = accel;
    orf_flowsheet_set_solver_opts(fs, &o);
    assert_int_equal(orf_flowsheet_solve(fs, info), ORF_OK);
    assert_true(info->converged);
    return fs;
}

/* the largest relative difference of two solved flowsheets' streams (flows and temperature) */
static double stream_diff(const orf_flowsheet *a, const orf_flowsheet *b)
{
    const orf_system *y = orf_flowsheet_system(a);
    size_t nflow = y->npart + y->nm;
    double worst = 0;
    for (size_t s = 0; s < orf_flowsheet_stream_count(a); s++) {
        const double *xa = orf_flowsheet_stream(a, s)->x, *xb = orf_flowsheet_stream(b, s)->x;
        double d = 0, t = 0;
        for (size_t j = 0; j < nflow; j++) {
            d += fabs(xa[j] - xb[j]);
            t += fabs(xa[j]) + fabs(xb[j]);
        }
        double r = t > 0 ? d / t : 0;
        double rt = fabs(xa[nflow] - xb[nflow]) / (fabs(xa[nflow]) + 273.15);
        r = r > rt ? r : rt;
        worst = r > worst ? r : worst;
    }
    return worst;
}

static void load_coupled_spiral_loop_needs_fewer_sweeps_with_anderson(void **state)
{
    (void)state;
    const char *path = "examples/chromite/donskoy_tailings.yaml";
    orf_ctx *cw = orf_ctx_alloc(), *ca = orf_ctx_alloc(), *cu = orf_ctx_alloc();
    orf_solve_info iw, ia, iu;
    orf_flowsheet *w = solve_with(cw, path, ORF_ACCEL_WEGSTEIN, &iw);
    orf_flowsheet *a = solve_with(ca, path, ORF_ACCEL_ANDERSON, &ia);
    orf_flowsheet *u = solve_with(cu, path, ORF_ACCEL_AUTO, &iu);
    double tol = orf_flowsheet_solver_opts(w).tol;
    assert_true(stream_diff(w, a) < 1e4 * tol);
    assert_true(stream_diff(w, u) < 1e4 * tol);
    ORF_ASSERT_REL(orf_flowsheet_spec(a, 0)->value, orf_flowsheet_spec(w, 0)->value, 1e-5);
    ORF_ASSERT_REL(orf_flowsheet_spec(u, 0)->value, orf_flowsheet_spec(w, 0)->value, 1e-5);
    fprintf(stderr, "sweeps: wegstein %d, anderson %d, auto %d; evaluations %d, %d, %d\n",
            iw.iterations, ia.iterations, iu.iterations, iw.unit_evals, ia.unit_evals,
            iu.unit_evals);
    assert_true(ia.unit_evals < 0.85 * iw.unit_evals);
    assert_true(iu.unit_evals < 0.85 * iw.unit_evals);
    orf_balance bal;
    orf_flowsheet_balance(u, &bal);
    assert_true(bal.max_relative_error < 1e-9);
    orf_flowsheet_free(w);
    orf_flowsheet_free(a);
    orf_flowsheet_free(u);
    orf_ctx_free(cw);
    orf_ctx_free(ca);
    orf_ctx_free(cu);
}

/* One step written out densely from the method of tear_accel.c's header (P = 1): the newest pair
 * ΔX = x − x_prev, ΔF = f − f_prev joins the history (newest first, at most ORF_ACCEL_DEPTH)
 * unless ‖W^½f‖ did not fall below 10× the last one (the history is then dropped); γ solves
 * (ΔFᵀWΔF)γ = ΔFᵀWf by Gaussian elimination; x⁺ = x + f − Σᵢ γᵢ(ΔXᵢ + ΔFᵢ), flows ≥ 0. */
typedef struct ref_accel {
    size_t nv, nflow;
    int n;
    double r_prev, *dx, *df; /* ORF_ACCEL_DEPTH × nv each, newest first */
} ref_accel;

static void ref_step(ref_accel *R, const double *w2, const double *x, const double *g,
                     const double *xp, const double *gp, int k, double *xn)
{
    size_t nv = R->nv;
    double r = 0;
    for (size_t j = 0; j < nv; j++)
        r += w2[j] * (g[j] - x[j]) * (g[j] - x[j]);
    r = sqrt(r);
    int pair = k > 1;
    if (pair && R->n > 0 && !(r < 10.0 * R->r_prev)) {
        R->n = 0;
        pair = 0;
    }
    R->r_prev = r;
    if (pair) {
        memmove(R->dx + nv, R->dx, (ORF_ACCEL_DEPTH - 1) * nv * sizeof *R->dx);
        memmove(R->df + nv, R->df, (ORF_ACCEL_DEPTH - 1) * nv * sizeof *R->df);
        for (size_t j = 0; j < nv; j++) {
            R->dx[j] = x[j] - xp[j];
            R->df[j] = (g[j] - x[j]) - (gp[j] - xp[j]);
        }
        R->n += R->n < ORF_ACCEL_DEPTH;
    }
    int n = R->n;
    double G[ORF_ACCEL_DEPTH][ORF_ACCEL_DEPTH + 1], gam[ORF_ACCEL_DEPTH] = {0};
    for (int a = 0; a < n; a++) {
        for (int b = 0; b <= n; b++) {
            double s = 0;
            for (size_t j = 0; j < nv; j++)
                s += w2[j] * R->df[a * nv + j] * (b < n ? R->df[b * nv + j] : g[j] - x[j]);
            G[a][b] = s;
        }
    }
    for (int c = 0; c < n; c++)
        for (int a = c + 1; a < n; a++) {
            double m = G[a][c] / G[c][c];
            for (int b = c; b <= n; b++)
                G[a][b] -= m * G[c][b];
        }
    for (int a = n - 1; a >= 0; a--) {
        double s = G[a][n];
        for (int b = a + 1; b < n; b++)
            s -= G[a][b] * gam[b];
        gam[a] = s / G[a][a];
    }
    for (size_t j = 0; j < nv; j++) {
        double v = x[j] + (g[j] - x[j]);
        for (int a = 0; a < n; a++)
            v -= gam[a] * (R->dx[a * nv + j] + R->df[a * nv + j]);
        xn[j] = j < R->nflow && v < 0 ? 0.0 : v;
    }
}

/* The step skips the variables that are +0 in x, g, x_prev, g_prev and every stored pair. Driven
 * by a coupled linear map on a two-mineral tear, with one mineral absent (its variables forced to
 * +0) for the first steps and some quartz flows and the temperature forced to +0 from step 5 on
 * (while the history still holds them): every step must equal the dense formula, and the forced
 * temperature must move again by its history. */
static void accel_step_equals_the_dense_formula_with_absent_variables(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    const char *yaml = "name: two minerals\n"
                       "materials: [quartz, magnetite]\n"
                       "sizes: {top_um: 1000, ratio: 2, count: 8}\n"
                       "feeds:\n"
                       "  feed: {solids_tph: 100, mineralogy: {quartz: 70, magnetite: 30},"
                       " psd: {model: rosin_rammler, d63_um: 150, n: 1.0}}\n"
                       "units:\n"
                       "  - {name: sump, type: mixer, in: [feed, recycle], out: [sump_out]}\n"
                       "  - {name: split, type: splitter, in: [sump_out], out: [product, recycle],"
                       " fractions: [0.25, 0.75]}\n"
                       "  - {name: stock, type: product, in: [product]}\n"
                       "solver: {method: anderson}\n";
    assert_int_equal(orf_flowsheet_load_string(ctx, "test.yaml", yaml, &fs), ORF_OK);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_int_equal(fs->ntears, 1);
    const orf_system *y = &fs->sys;
    size_t nv = y->nvar, nflow = y->npart + y->nm, per = y->ns * y->nc;
    int mag = -1;
    for (size_t m = 0; m < y->nm; m++)
        if (!strcmp(y->mat[m]->name, "magnetite"))
            mag = y->pslot[m];
    assert_true(mag >= 0);
    double *x = fs->streams[fs->tears[0]].x, *g = fs->shadow[0].x;
    double *xp = fs->wk, *gp = fs->wk + fs->ntears * nv;
    double *buf = calloc(2 * ORF_ACCEL_DEPTH * nv + 4 * nv + y->nm, sizeof *buf);
    assert_non_null(buf);
    ref_accel R = {nv, nflow, 0, 0.0, buf, buf + ORF_ACCEL_DEPTH * nv};
    double *w2 = R.df + ORF_ACCEL_DEPTH * nv, *xn = w2 + nv, *x0 = xn + nv, *g0 = x0 + nv;
    double *ext = g0 + nv;
    for (size_t m = 0; m < y->nm; m++)
        ext[m] = 1.0; /* weights 1 on flows, 1/300² on the temperature */
    for (size_t j = 0; j < nv; j++)
        w2[j] = j < nflow ? 1.0 : 1.0 / (300.0 * 300.0);
    orf__accel *A = &fs->accel[0];
    A->n = 0;
    A->head = -1;
    for (size_t j = 0; j < nv; j++)
        x[j] = j < nflow ? 1.0 + (double)(j % 5) : 25.0;
    int moved = 0;
    for (int k = 1; k <= 9; k++) {
        for (size_t j = 0; j < nv; j++) /* g = M x + c, M coupling neighbours */
            g[j] = j < nflow ? 0.55 * x[j] + 0.3 * x[(j + 1) % nflow] + 0.1 * (double)(j % 3) + 2.0
                             : 0.5 * x[j] + 12.0;
        for (size_t j = 0; j < nv; j++) {
            int absent = k < 4 && j >= (size_t)mag * per && j < (size_t)(mag + 1) * per;
            int gone = k >= 5 && (j < 3 || j == nflow);
            if (absent || gone)
                x[j] = g[j] = xp[j] = gp[j] = 0.0;
        }
        memcpy(x0, x, nv * sizeof *x);
        memcpy(g0, g, nv * sizeof *g);
        ref_step(&R, w2, x0, g0, xp, gp, k, xn);
        orf__accel_step(fs, A, 1, NULL, 0, ext, k, 0);
        assert_int_equal(A->n, R.n);
        for (size_t j = 0; j < nv; j++)
            assert_true(fabs(x[j] - xn[j]) <= 1e-9 * (fabs(xn[j]) + 1e-12));
        if (k >= 5 && R.n > 1 && xn[nflow] != 0.0)
            moved = 1;
    }
    assert_true(moved);
    free(buf);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* A re-solve keeps the history (the first step of a solve, k = 1, makes no pair) and its Gram
 * matrix while the weights did not move: the step must equal the dense formula whether the
 * block's external feed stayed (the stored Gram matrix is used) or moved (it is recomputed under
 * the new weights), and after another tear set's step left in the shared weights the values of
 * this step's (not of the set's last step: the Gram matrix must still be recomputed). */
static void resolve_steps_equal_the_dense_formula_as_the_weights_move(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    const char *yaml = "name: two minerals\n"
                       "materials: [quartz, magnetite]\n"
                       "sizes: {top_um: 1000, ratio: 2, count: 6}\n"
                       "feeds:\n"
                       "  feed: {solids_tph: 100, mineralogy: {quartz: 70, magnetite: 30},"
                       " psd: {model: rosin_rammler, d63_um: 150, n: 1.0}}\n"
                       "units:\n"
                       "  - {name: sump, type: mixer, in: [feed, recycle], out: [sump_out]}\n"
                       "  - {name: split, type: splitter, in: [sump_out], out: [product, recycle],"
                       " fractions: [0.25, 0.75]}\n"
                       "  - {name: stock, type: product, in: [product]}\n"
                       "solver: {method: anderson}\n";
    assert_int_equal(orf_flowsheet_load_string(ctx, "test.yaml", yaml, &fs), ORF_OK);
    assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
    assert_int_equal(fs->ntears, 1);
    const orf_system *y = &fs->sys;
    size_t nv = y->nvar, nflow = y->npart + y->nm;
    double *x = fs->streams[fs->tears[0]].x, *g = fs->shadow[0].x;
    double *xp = fs->wk, *gp = fs->wk + fs->ntears * nv;
    double *buf = calloc(2 * ORF_ACCEL_DEPTH * nv + 4 * nv + y->nm, sizeof *buf);
    assert_non_null(buf);
    ref_accel R = {nv, nflow, 0, 0.0, buf, buf + ORF_ACCEL_DEPTH * nv};
    double *w2 = R.df + ORF_ACCEL_DEPTH * nv, *xn = w2 + nv, *x0 = xn + nv, *g0 = x0 + nv;
    double *ext = g0 + nv;
    orf__accel *A = &fs->accel[0];
    A->n = 0;
    A->head = -1;
    for (size_t j = 0; j < nv; j++)
        x[j] = j < nflow ? 1.0 + (double)(j % 5) : 25.0;
    /* per step: its k (1: a re-solve starts) and the external feed of every material */
    static const struct {
        int k;
        double feed;
    } plan[] = {{1, 1.0}, {2, 1.0}, {3, 1.0}, {4, 1.0}, {1, 1.0}, {2, 1.0}, {3, 1.0},
                {1, 4.0}, {2, 4.0}, {1, 2.0}, {2, 2.0}, {1, 0.5}, {2, 0.5}};
    size_t nplan = sizeof plan / sizeof *plan;
    int regrams = 0;
    double c = 0;
    for (size_t p = 0; p < nplan; p++) {
        c += plan[p].k == 1 ? 0.01 : 0.0; /* the map moves between solves, as a spec trial's */
        for (size_t j = 0; j < nv; j++)
            g[j] = j < nflow
                       ? 0.55 * x[j] + 0.3 * x[(j + 1) % nflow] + 0.1 * (double)(j % 3) + 2.0 + c
                       : 0.5 * x[j] + 12.0;
        for (size_t m = 0; m < y->nm; m++)
            ext[m] = plan[p].feed;
        for (size_t j = 0; j < nv; j++)
            w2[j] = j < nflow ? 1.0 / (plan[p].feed * plan[p].feed) : 1.0 / (300.0 * 300.0);
        if (p == 9) { /* another set stepped, its weights those of this step's, not the last's */
            memcpy(fs->accel_w, w2, nv * sizeof *w2);
            fs->accel_w_of = NULL;
        }
        if (plan[p].k == 1 && p > 0)
            regrams += A->n > 0; /* the re-solve kept a history: the case is exercised */
        memcpy(x0, x, nv * sizeof *x);
        memcpy(g0, g, nv * sizeof *g);
        ref_step(&R, w2, x0, g0, xp, gp, plan[p].k, xn);
        orf__accel_step(fs, A, 1, NULL, 0, ext, plan[p].k, 0);
        assert_int_equal(A->n, R.n);
        for (size_t j = 0; j < nv; j++)
            assert_true(fabs(x[j] - xn[j]) <= 1e-9 * (fabs(xn[j]) + 1e-12));
    }
    assert_int_equal(regrams, 4);
    free(buf);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* The history lives in the workspace planned at load: Anderson's solve allocates nothing. */
typedef struct counter {
    long calls;
} counter;

static void *counting_alloc(void *ud, void *p, size_t size)
{
    counter *c = ud;
    if (size == 0) {
        free(p);
        return NULL;
    }
    c->calls++;
    return realloc(p, size);
}

static void anderson_solve_allocates_nothing(void **state)
{
    (void)state;
    static const char *const paths[] = {"examples/chromite/donskoy_tailings.yaml",
                                        "examples/recycle/grinding_loop.yaml"};
    static const orf_sequencing seqs[] = {ORF_SEQ_FLAT, ORF_SEQ_NESTED};
    for (size_t i = 0; i < 2; i++)
        for (size_t s = 0; s < 2; s++) {
            counter c = {0};
            orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, &c);
            orf_flowsheet *fs = NULL;
            assert_int_equal(orf_flowsheet_load(ctx, paths[i], &fs), ORF_OK);
            orf_solver_opts o = orf_flowsheet_solver_opts(fs);
            o.accel = ORF_ACCEL_ANDERSON;
            o.sequencing = seqs[s];
            orf_flowsheet_set_solver_opts(fs, &o);
            long after_load = c.calls;
            orf_solve_info info;
            assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
            assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
            assert_int_equal(c.calls, after_load);
            orf_flowsheet_free(fs);
            orf_ctx_free(ctx);
        }
}

/* An unknown method or sequencing is a located error naming the choices. */
static void unknown_method_is_a_located_error(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    assert_int_not_equal(
        orf_flowsheet_load_string(ctx, "test.yaml", LOOP "solver: {method: andersen}\n", &fs),
        ORF_OK);
    assert_null(fs);
    const orf_diag *d = orf_ctx_diag_get(ctx, 0);
    assert_non_null(d);
    assert_non_null(strstr(d->message, "expected auto, wegstein, anderson or plain"));
    assert_int_equal(d->loc.line, 9);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_method_reaches_the_analytic_circulating_load),
        cmocka_unit_test(auto_converges_a_high_recycle_that_wegstein_crawls_through),
        cmocka_unit_test(load_coupled_spiral_loop_needs_fewer_sweeps_with_anderson),
        cmocka_unit_test(anderson_solve_allocates_nothing),
        cmocka_unit_test(accel_step_equals_the_dense_formula_with_absent_variables),
        cmocka_unit_test(resolve_steps_equal_the_dense_formula_as_the_weights_move),
        cmocka_unit_test(unknown_method_is_a_located_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
