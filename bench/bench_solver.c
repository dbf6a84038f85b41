/* Solver benchmark: generated flowsheets of lines of cells with 40 size × 5 composition classes,
 * built from feeds, mixers, splitters and recovery separators.
 *
 * Four feeds each drive a line of C cells; a cell is a sump (mixer) → separator → splitter that
 * returns 30 % of the separator tailings to the sump (a loop) and passes the rest to the next
 * cell; each line's C concentrates join in one mixer: 4 + 4·C·3 + 4 units. Lines 0 and 1 also
 * return 10 % of their last tailings to their first sump, so each of them is one recycle block of
 * 3·C units with C + 1 nested loops.
 * Part 1 (C = 16, 200 units, the default solver): the time of a cold solve (streams reset to zero)
 * and of a warm one, per run and per unit evaluation. Part 2: cold solves of 104 to 10,004 units
 * under the solver before issue 20 (flat sequencing, the whole block swept until every tear
 * converges, with Wegstein) and the default one (sequencing and method auto: nested loops,
 * plan_nest.c, Wegstein switching to Anderson where it stalls, tear_accel.c): unit evaluations,
 * time, the exponents of evaluations and time against the number of units (least squares on the
 * logarithms), the largest relative difference between the two answers, memory per stream and the
 * process's peak resident memory (getrusage). Part 3: the flagship chain (examples/chromite/
 * chain.yaml, run from the source root) under the default solver and under flat + Wegstein: sweeps
 * and unit evaluations of a cold solve. Timing is CLOCK_MONOTONIC wall time of orf_flowsheet_solve
 * only. Headline figures are also printed as `BENCH name=... value=... unit=... note=...` lines. */
#include "oreflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "bench_buf.h"
#include "bench_line.h"

#define LINES 4
#define CELLS 16 /* part 1 */
#define NSIZES 40
#define FLAT_WEGSTEIN ", sequencing: flat, method: wegstein" /* the solver before issue 20 */

/* solver: the `solver:` options after the tolerance (e.g. ", sequencing: flat"; "" for the
 * defaults) */
static char *generate(int cells, const char *solver)
{
    buf b = {malloc(1024), 0, 1024};
    if (!b.s)
        exit(1);
    put(&b,
        "name: generated benchmark (%d lines x %d cells)\n"
        "materials: [chromite, serpentine, olivine, chlorite]\n"
        "valuable: chromite\n"
        "sizes: {top_um: 4000, ratio: 1.189207115, count: %d}\n"
        "composition_classes: {vfrac: [1.0, 0.75, 0.5, 0.25, 0.0]}\n"
        "feeds:\n",
        LINES, cells, NSIZES);
    for (int l = 0; l < LINES; l++)
        put(&b,
            "  feed%d: {solids_tph: %d, pct_solids: 35, mineralogy: {chromite: %d, serpentine: 50,"
            " olivine: %d, chlorite: 10},\n"
            "          psd: {model: rosin_rammler, d63_um: %d, n: 1.0},"
            " liberation: [0.6, 0.2, 0.1, 0.1, 0.0]}\n",
            l, 100 + 25 * l, 20 + l, 20 - l, 150 + 20 * l);
    put(&b, "units:\n");
    for (int l = 0; l < LINES; l++) {
        for (int c = 0; c < cells; c++) {
            char in[64];
            if (c == 0)
                snprintf(in, sizeof in, "feed%d", l);
            else
                snprintf(in, sizeof in, "pass_%d_%d", l, c - 1);
            int outer = l < 2; /* lines 0 and 1 return part of their tailings to the head */
            put(&b, "  - {name: sump_%d_%d, type: mixer, in: [%s, rec_%d_%d%s], out: [f_%d_%d]}\n",
                l, c, in, l, c, outer && c == 0 ? (l ? ", outer_1" : ", outer_0") : "", l, c);
            put(&b,
                "  - {name: sep_%d_%d, type: recovery_separator, in: [f_%d_%d],"
                " out: [conc_%d_%d, tail_%d_%d],\n"
                "     recovery: {chromite: 0.%d, serpentine: 0.05, olivine: 0.08, chlorite: 0.06},"
                " water_recovery: 0.2,\n     recovery_by_size: [",
                l, c, l, c, l, c, l, c, 50 + (c % 4) * 10);
            for (int s = 0; s < NSIZES; s++)
                put(&b, "%s%.3f", s ? ", " : "",
                    0.55 + 0.4 * (double)s / (NSIZES - 1) - 0.3 * (s > 30 ? (s - 30) / 9.0 : 0.0));
            put(&b, "]}\n");
            if (outer && c + 1 == cells)
                put(&b,
                    "  - {name: split_%d_%d, type: splitter, in: [tail_%d_%d],"
                    " out: [tails_%d_%d, rec_%d_%d, outer_%d], fractions: [0.6, 0.3, 0.1]}\n",
                    l, c, l, c, l, c, l, c, l);
            else
                put(&b,
                    "  - {name: split_%d_%d, type: splitter, in: [tail_%d_%d],"
                    " out: [%s_%d_%d, rec_%d_%d], fractions: [0.7, 0.3]}\n",
                    l, c, l, c, c + 1 < cells ? "pass" : "tails", l, c, l, c);
        }
        put(&b, "  - {name: conc_sump_%d, type: mixer, in: [", l);
        for (int c = 0; c < cells; c++)
            put(&b, "%sconc_%d_%d", c ? ", " : "", l, c);
        put(&b, "], out: [concentrate_%d]}\n", l);
    }
    put(&b, "solver: {tol: 1.0e-10, max_iter: 500%s}\n", solver);
    return b.s;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One cold solve of the generated flowsheet of `cells` cells per line under `solver`: best
 * time of `runs`, unit evaluations, and the solved streams (nstreams × nvar, malloc'ed) in *state.
 * 0 on failure. */
typedef struct cold {
    size_t units, streams, nvar;
    int evals, sweeps;
    double best_s, balance;
    double *state;
} cold;

static int cold_solve(int cells, const char *solver, int runs, cold *out)
{
    char *yaml = generate(cells, solver);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    if (!ctx || orf_flowsheet_load_string(ctx, "generated.yaml", yaml, &fs)) {
        if (ctx)
            orf_ctx_print_diags(ctx, stderr);
        free(yaml);
        orf_ctx_free(ctx);
        return 0;
    }
    free(yaml);
    memset(out, 0, sizeof *out);
    out->best_s = 1e300;
    orf_solve_info info = {0};
    for (int r = 0; r < runs; r++) {
        orf_flowsheet_reset(fs);
        double a = now_s();
        orf_status st = orf_flowsheet_solve(fs, &info);
        double dt = now_s() - a;
        if (st) {
            orf_ctx_print_diags(ctx, stderr);
            orf_flowsheet_free(fs);
            orf_ctx_free(ctx);
            return 0;
        }
        if (dt < out->best_s)
            out->best_s = dt;
    }
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    out->balance = bal.max_relative_error;
    out->units = orf_flowsheet_unit_count(fs);
    out->streams = orf_flowsheet_stream_count(fs);
    out->nvar = orf_flowsheet_system(fs)->nvar;
    out->evals = info.unit_evals;
    out->sweeps = info.iterations;
    out->state = malloc(orf_flowsheet_state_size(fs) * sizeof(double));
    if (out->state)
        orf_flowsheet_state_save(fs, out->state);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return out->state != NULL;
}

/* slope of log y against log x (least squares) */
static double exponent(const double *x, const double *y, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
        double lx = log(x[i]), ly = log(y[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

/* largest |a − b| / (|a| + |b|) over values whose magnitude exceeds 1e-9 of the largest */
static double max_rel_diff(const double *a, const double *b, size_t n)
{
    double big = 0, d = 0;
    for (size_t j = 0; j < n; j++)
        if (fabs(a[j]) > big)
            big = fabs(a[j]);
    for (size_t j = 0; j < n; j++) {
        double s = fabs(a[j]) + fabs(b[j]);
        if (s > 1e-9 * big && fabs(a[j] - b[j]) / s > d)
            d = fabs(a[j] - b[j]) / s;
    }
    return d;
}

#define NSCALE 5
static int scaling(void)
{
    static const int cells[NSCALE] = {8, 25, 83, 250, 833};
    /* the flat sequencing's evaluations grow fast: it stops at 3,008 units */
    static const int flat_max = 250;
    double x[NSCALE], ef[NSCALE], tf[NSCALE], en[NSCALE], tn[NSCALE];
    int nf = 0, nn = 0, ok = 1;
    double diff_max = 0, t1000_flat = 0, t1000_nested = 0, e1000_f = 0, e1000_n = 0;
    printf("\nscaling (cold solves, tol 1e-10; flat: flat + Wegstein, the solver before issue 20; "
           "default: sequencing and method auto):\n"
           "  units  streams | flat: sweeps  evals     ms | default: sweeps evals     ms | "
           "evals ratio  time ratio  max rel diff\n");
    for (int i = 0; i < NSCALE; i++) {
        int runs = cells[i] <= 25 ? 20 : cells[i] <= 83 ? 5 : 1;
        cold f = {0}, n = {0};
        int have_f = cells[i] <= flat_max && cold_solve(cells[i], FLAT_WEGSTEIN, runs, &f);
        if (!cold_solve(cells[i], "", runs, &n)) {
            fprintf(stderr, "bench_solver: the %d-cell flowsheet did not solve\n", cells[i]);
            free(f.state);
            return 0;
        }
        ok = ok && n.balance < 1e-9 && (!have_f || f.balance < 1e-9);
        x[nn] = (double)n.units;
        en[nn] = n.evals;
        tn[nn++] = n.best_s;
        if (n.units == 1004) {
            t1000_nested = n.best_s;
            e1000_n = n.evals;
        }
        if (have_f) {
            double d = max_rel_diff(f.state, n.state, n.streams * n.nvar);
            diff_max = d > diff_max ? d : diff_max;
            ef[nf] = f.evals;
            tf[nf++] = f.best_s;
            if (f.units == 1004) {
                t1000_flat = f.best_s;
                e1000_f = f.evals;
            }
            printf("  %5zu  %7zu | %12d %6d %6.1f | %14d %6d %6.1f | %11.2f %11.2f  %.2e\n",
                   n.units, n.streams, f.sweeps, f.evals, 1e3 * f.best_s, n.sweeps, n.evals,
                   1e3 * n.best_s, (double)f.evals / n.evals, f.best_s / n.best_s, d);
        } else
            printf("  %5zu  %7zu | %12s %6s %6s | %14d %6d %6.1f |\n", n.units, n.streams, "-", "-",
                   "-", n.sweeps, n.evals, 1e3 * n.best_s);
        if (n.units == 10004) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            double stream_b = 8.0 * (double)n.nvar;
            printf("memory: %zu doubles = %.0f bytes per stream; %zu streams = %.1f MB of stream "
                   "values; peak resident memory of this process %.0f MB\n",
                   n.nvar, stream_b, n.streams, stream_b * (double)n.streams / 1e6,
                   (double)ru.ru_maxrss / 1024.0);
            char note[192];
            snprintf(note, sizeof note, "%zu doubles per stream", n.nvar);
            bench_line("solver.stream_bytes", stream_b, "B",
                       "memory per stream (4 materials x 40 sizes x 5 classes + bulk + "
                       "temperature)",
                       note);
            snprintf(note, sizeof note, "%zu units, getrusage", n.units);
            bench_line("solver.generated10000.peak_rss", (double)ru.ru_maxrss / 1024.0, "MB",
                       "peak resident memory after loading and solving a 10,000-unit flowsheet",
                       note);
            snprintf(note, sizeof note, "default solver, %d unit evaluations", n.evals);
            bench_line("solver.generated10000.cold", 1e3 * n.best_s, "ms",
                       "generated 10,000-unit flowsheet: cold solve", note);
        }
        free(f.state);
        free(n.state);
    }
    double pe_f = exponent(x, ef, nf), pt_f = exponent(x, tf, nf);
    double pe_n = exponent(x, en, nn), pt_n = exponent(x, tn, nn);
    printf("exponents against units: flat evals %.2f, time %.2f (104-%d units); default evals "
           "%.2f, time %.2f (104-%.0f units); largest relative difference of the answers %.2e\n",
           pe_f, pt_f, 12 * flat_max + 8, pe_n, pt_n, x[nn - 1], diff_max);
    char nt[192];
    snprintf(nt, sizeof nt, "default solver, 104-%.0f units (flat + Wegstein: %.3f)", x[nn - 1],
             pe_f);
    bench_line("solver.evals_exponent", pe_n, "1",
               "generated flowsheets: unit evaluations grow as units^p", nt);
    snprintf(nt, sizeof nt, "default solver, 104-%.0f units (flat + Wegstein: %.3f)", x[nn - 1],
             pt_f);
    bench_line("solver.time_exponent", pt_n, "1", "generated flowsheets: cold solve time ~ units^p",
               nt);
    snprintf(nt, sizeof nt, "default solver, %.0f evaluations (flat + Wegstein: %.2f ms, %.1fx)",
             e1000_n, 1e3 * t1000_flat, t1000_flat / t1000_nested);
    bench_line("solver.generated1000.cold", 1e3 * t1000_nested, "ms",
               "generated 1,004-unit flowsheet: cold solve", nt);
    snprintf(nt, sizeof nt, "flat + Wegstein: %.0f", e1000_f);
    bench_line("solver.generated1000.evals", e1000_n, "1",
               "generated 1,004-unit flowsheet: unit evaluations of a cold solve", nt);
    bench_line("solver.nested_vs_flat_diff", diff_max, "1",
               "largest relative difference of stream values, default vs flat + Wegstein (tol "
               "1e-10)",
               "");
    return ok;
}

/* Part 3: the flagship chain's first solve after loading it (its design specs start from the file's
 * values), under the defaults or the given method and sequencing, `runs` times (a fresh load each):
 * sweeps and unit evaluations (the same each time) and the best time of the solve. 0 when it does
 * not load or solve. */
static int flagship(orf_accel accel, orf_sequencing seq, int defaults, int runs,
                    orf_solve_info *info, double *best_s)
{
    *best_s = 1e300;
    for (int r = 0; r < runs; r++) {
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = NULL;
        if (!ctx || orf_flowsheet_load(ctx, "examples/chromite/chain.yaml", &fs)) {
            orf_ctx_free(ctx);
            return 0;
        }
        if (!defaults) {
            orf_solver_opts o = orf_flowsheet_solver_opts(fs);
            o.accel = accel;
            o.sequencing = seq;
            orf_flowsheet_set_solver_opts(fs, &o);
        }
        double a = now_s();
        int ok = orf_flowsheet_solve(fs, info) == ORF_OK;
        double dt = now_s() - a;
        *best_s = dt < *best_s ? dt : *best_s;
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        if (!ok)
            return 0;
    }
    return 1;
}

static int flagship_part(void)
{
    orf_solve_info d, w;
    double td, tw;
    int runs = bench_quick() ? 3 : 10;
    if (!flagship(ORF_ACCEL_AUTO, ORF_SEQ_AUTO, 1, runs, &d, &td) ||
        !flagship(ORF_ACCEL_WEGSTEIN, ORF_SEQ_FLAT, 0, runs, &w, &tw)) {
        fprintf(stderr, "bench_solver: examples/chromite/chain.yaml does not solve (run from the "
                        "source root)\n");
        return 0;
    }
    printf("\nflagship (examples/chromite/chain.yaml, first solve with its design specs): default "
           "%d sweeps, %d unit evaluations, best %.2f ms; flat + Wegstein %d sweeps, %d unit "
           "evaluations, best %.2f ms\n",
           d.iterations, d.unit_evals, 1e3 * td, w.iterations, w.unit_evals, 1e3 * tw);
    char note[160];
    snprintf(note, sizeof note, "flat + Wegstein: %d sweeps (%.2fx)", w.iterations,
             (double)w.iterations / d.iterations);
    bench_line("solver.flagship.sweeps", d.iterations, "1",
               "flagship chain: sweeps of its first solve (design specs included)", note);
    snprintf(note, sizeof note, "flat + Wegstein: %d (%.2fx)", w.unit_evals,
             (double)w.unit_evals / d.unit_evals);
    bench_line("solver.flagship.evals", d.unit_evals, "1",
               "flagship chain: unit evaluations of its first solve", note);
    return 1;
}

int main(void)
{
    char *yaml = generate(CELLS, "");
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    double t0 = now_s();
    if (!ctx || orf_flowsheet_load_string(ctx, "generated.yaml", yaml, &fs)) {
        if (ctx)
            orf_ctx_print_diags(ctx, stderr);
        fprintf(stderr, "bench_solver: the generated flowsheet does not load\n");
        return 1;
    }
    double t_load = now_s() - t0;
    const orf_system *y = orf_flowsheet_system(fs);
    printf("bench_solver: %zu units, %zu streams, %zu materials × %zu sizes × %zu composition "
           "classes = %zu doubles per stream (YAML %zu kB, load %.1f ms)\n",
           orf_flowsheet_unit_count(fs), orf_flowsheet_stream_count(fs), y->nm, y->ns, y->nc,
           y->nvar, strlen(yaml) / 1024, 1e3 * t_load);
    const int runs = 40;
    double best_cold = 1e300, sum_cold = 0, best_warm = 1e300;
    orf_solve_info info = {0};
    int evals_cold = 0, iters_cold = 0;
    for (int r = 0; r < runs; r++) {
        orf_flowsheet_reset(fs);
        double a = now_s();
        orf_status st = orf_flowsheet_solve(fs, &info);
        double dt = now_s() - a;
        if (st) {
            orf_ctx_print_diags(ctx, stderr);
            return 1;
        }
        sum_cold += dt;
        if (dt < best_cold)
            best_cold = dt;
        evals_cold = info.unit_evals;
        iters_cold = info.iterations;
        a = now_s();
        st = orf_flowsheet_solve(fs, &info);
        dt = now_s() - a;
        if (st)
            return 1;
        if (dt < best_warm)
            best_warm = dt;
    }
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    printf("cold solve: %d sweeps, %d unit evaluations, %zu tear streams; best %.2f ms, mean %.2f "
           "ms per run; %.2f µs per unit evaluation\n",
           iters_cold, evals_cold, info.ntears, 1e3 * best_cold, 1e3 * sum_cold / runs,
           1e6 * best_cold / evals_cold);
    printf("warm solve: %d sweeps, %d unit evaluations; best %.3f ms per run; %.2f µs per unit "
           "evaluation\n",
           info.iterations, info.unit_evals, 1e3 * best_warm, 1e6 * best_warm / info.unit_evals);
    printf("mass balance: max relative error %.2e\n", bal.max_relative_error);
    char desc[160], note[128];
    snprintf(desc, sizeof desc, "generated %zu-unit flowsheet (%zu tear streams): cold solve",
             orf_flowsheet_unit_count(fs), info.ntears);
    snprintf(note, sizeof note, "best of %d; %d unit evaluations, %.2f us each", runs, evals_cold,
             1e6 * best_cold / evals_cold);
    bench_line("solver.generated.cold", 1e3 * best_cold, "ms", desc, note);
    snprintf(note, sizeof note, "best of %d; %d unit evaluations", runs, info.unit_evals);
    bench_line("solver.generated.warm", 1e3 * best_warm, "ms",
               "the same flowsheet: warm solve (from the last answer)", note);
    int ok = bal.max_relative_error < 1e-9;
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    free(yaml);
    return scaling() && flagship_part() && ok ? 0 : 1;
}
