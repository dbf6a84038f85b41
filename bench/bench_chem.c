/* Benchmark: the chromite chain (concentrator + furnace + chromium-metal line): its first solve
 * after loading (caches of the units empty; issue 20 goal 3: < 0.2 ms) and the unit evaluations
 * it takes, then solved cold (streams reset, caches kept) 5 times; and the cost of one species
 * enthalpy evaluation; and a warm re-solve after the feed grade moves (the work of one Monte Carlo
 * schedule period). Timing lives here, never in tests. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "oreflow.h"
#include "oreflow/thermo.h"

#include "bench_line.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/chromite/chain.yaml";
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    if (orf_flowsheet_load(ctx, path, &fs)) {
        orf_ctx_print_diags(ctx, stderr);
        return 2;
    }
    /* the first solve of a freshly loaded flowsheet, best of 5 loads (a shared machine's noise) */
    orf_solve_info info = {0};
    double first_s = 1e300;
    for (int k = 0; k < 5; k++) {
        orf_flowsheet *f1 = NULL;
        if (orf_flowsheet_load(ctx, path, &f1)) {
            orf_ctx_print_diags(ctx, stderr);
            return 2;
        }
        double a = now_s();
        orf_status st = orf_flowsheet_solve(f1, &info);
        double dt = now_s() - a;
        orf_flowsheet_free(f1);
        if (st) {
            orf_ctx_print_diags(ctx, stderr);
            return 1;
        }
        first_s = dt < first_s ? dt : first_s;
    }
    printf("chain first solve: %.3f ms (%d sweeps, %d unit evaluations)\n", 1e3 * first_s,
           info.iterations, info.unit_evals);
    char fnote[96];
    snprintf(fnote, sizeof fnote, "best of 5 loads; %d sweeps, %d unit evaluations",
             info.iterations, info.unit_evals);
    bench_line("chem.chain.first_solve", 1e3 * first_s, "ms",
               "chromite chain: first solve after loading (design specs included)", fnote);
    bench_line("chem.chain.first_solve_evals", info.unit_evals, "1",
               "chromite chain: unit evaluations of the first solve", fnote);
    const int reps = 5;
    double t0 = now_s();
    for (int i = 0; i < reps; i++) {
        orf_flowsheet_reset(fs);
        if (orf_flowsheet_solve(fs, &info)) {
            orf_ctx_print_diags(ctx, stderr);
            return 1;
        }
    }
    double t1 = now_s();
    printf("chain cold solve: %.1f ms (%d unit evaluations)\n", 1e3 * (t1 - t0) / reps,
           info.unit_evals);
    char note[96];
    snprintf(note, sizeof note, "mean of %d; %d unit evaluations", reps, info.unit_evals);
    bench_line("chem.chain.cold", 1e3 * (t1 - t0) / reps, "ms",
               "chromite chain (examples/chromite/chain.yaml): cold solve", note);

    /* the Monte Carlo's unit of work: a warm re-solve after the feed's grade moves (restored to
     * the solved state each time, as a schedule period is; design specs included) */
    double *grade = orf_flowsheet_param_ref(fs, "tailings", "mineralogy.chromite");
    size_t ns = orf_flowsheet_state_size(fs);
    double *st0 = malloc(ns * sizeof *st0);
    if (grade && st0 && orf_flowsheet_solve(fs, NULL) == ORF_OK) {
        orf_flowsheet_state_save(fs, st0);
        double g0 = *grade, best = 1e300;
        long evals = 0, sweeps = 0;
        const int nw = 20;
        for (int rep = 0; rep < 3; rep++) { /* best of 3 passes over the same 20 grades */
            evals = sweeps = 0;
            double a = now_s();
            for (int k = 0; k < nw; k++) {
                orf_flowsheet_state_restore(fs, st0);
                *grade = g0 * (0.9 + 0.01 * k); /* -10 % to +9 % of the file's grade */
                orf_solve_info wi = {0};
                if (orf_flowsheet_solve(fs, &wi) < 0) {
                    orf_ctx_print_diags(ctx, stderr);
                    return 1;
                }
                evals += wi.unit_evals;
                sweeps += wi.iterations;
            }
            double dt = (now_s() - a) / nw;
            best = dt < best ? dt : best;
        }
        *grade = g0;
        printf("chain warm re-solve after a grade change: %.3f ms (%.1f sweeps, %.1f unit "
               "evaluations)\n",
               1e3 * best, (double)sweeps / nw, (double)evals / nw);
        char wnote[128];
        snprintf(wnote, sizeof wnote,
                 "best of 3 passes over 20 grades (0.9-1.09 x the file's); %.1f sweeps, %.1f "
                 "unit evaluations",
                 (double)sweeps / nw, (double)evals / nw);
        bench_line("chem.chain.warm_resolve", 1e3 * best, "ms",
                   "chromite chain: warm re-solve after the feed grade moves (a Monte Carlo "
                   "period's work, design specs included)",
                   wnote);
    }
    free(st0);

    const orf_system *y = orf_flowsheet_system(fs);
    orf_thermo_db *db = NULL;
    if (orf_thermo_load_default(ctx, y->db, &db))
        return 2;
    size_t n = orf_thermo_count(db), evals = 0;
    double acc = 0.0;
    t0 = now_s();
    for (int k = 0; k < 20000; k++)
        for (size_t s = 0; s < n; s++, evals++)
            acc += orf_species_h_j_mol(orf_thermo_species(db, s), 300.0 + (double)(k % 2000));
    t1 = now_s();
    printf("species H(T): %.1f ns per evaluation (%zu evaluations, checksum %.6g)\n",
           1e9 * (t1 - t0) / (double)evals, evals, acc);
    bench_line("chem.species_h", 1e9 * (t1 - t0) / (double)evals, "ns",
               "one species enthalpy H(T) (NASA polynomials)", "");
    orf_thermo_free(db);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return 0;
}
