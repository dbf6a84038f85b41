/* Solver benchmark: a generated flowsheet of 200 units with 40 size × 5 composition classes and
 * 64 recycle loops, built from feeds, mixers, splitters and recovery separators.
 *
 * Four feeds each drive a line of 16 cells; a cell is a sump (mixer) → separator → splitter that
 * returns 30 % of the separator tailings to the sump (a loop) and passes the rest to the next
 * cell; each line's 16 concentrates join in one mixer. 4 + 4·16·3 + 4 = 200 units. Lines 0 and 1
 * also return 10 % of their last tailings to their first sump, so each of them is one recycle
 * block of 48 units with 17 nested loops.
 * Prints the time of a cold solve (streams reset to zero) and of a warm one, per run and per unit
 * evaluation. Timing is CLOCK_MONOTONIC wall time of orf_flowsheet_solve only. */
#include "oreflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_buf.h"
#include "bench_line.h"

#define LINES 4
#define CELLS 16
#define NSIZES 40

static char *generate(void)
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
        LINES, CELLS, NSIZES);
    for (int l = 0; l < LINES; l++)
        put(&b,
            "  feed%d: {solids_tph: %d, pct_solids: 35, mineralogy: {chromite: %d, serpentine: 50,"
            " olivine: %d, chlorite: 10},\n"
            "          psd: {model: rosin_rammler, d63_um: %d, n: 1.0},"
            " liberation: [0.6, 0.2, 0.1, 0.1, 0.0]}\n",
            l, 100 + 25 * l, 20 + l, 20 - l, 150 + 20 * l);
    put(&b, "units:\n");
    for (int l = 0; l < LINES; l++) {
        for (int c = 0; c < CELLS; c++) {
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
            if (outer && c + 1 == CELLS)
                put(&b,
                    "  - {name: split_%d_%d, type: splitter, in: [tail_%d_%d],"
                    " out: [tails_%d_%d, rec_%d_%d, outer_%d], fractions: [0.6, 0.3, 0.1]}\n",
                    l, c, l, c, l, c, l, c, l);
            else
                put(&b,
                    "  - {name: split_%d_%d, type: splitter, in: [tail_%d_%d],"
                    " out: [%s_%d_%d, rec_%d_%d], fractions: [0.7, 0.3]}\n",
                    l, c, l, c, c + 1 < CELLS ? "pass" : "tails", l, c, l, c);
        }
        put(&b, "  - {name: conc_sump_%d, type: mixer, in: [", l);
        for (int c = 0; c < CELLS; c++)
            put(&b, "%sconc_%d_%d", c ? ", " : "", l, c);
        put(&b, "], out: [concentrate_%d]}\n", l);
    }
    put(&b, "solver: {tol: 1.0e-10, max_iter: 500}\n");
    return b.s;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void)
{
    char *yaml = generate();
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
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    free(yaml);
    return bal.max_relative_error < 1e-9 ? 0 : 1;
}
