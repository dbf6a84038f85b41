/* Benchmark: Monte Carlo of 10,000 samples, each re-solving the flowsheet (issue 6 target:
 * < 20 s on 2 cores for the flagship example). Usage: bench_mc [FILE] [N] [THREADS].
 * Default FILE: the flagship, examples/chromite/donskoy_tailings.yaml (every sample re-solves its
 * recycles and its design spec), else the test case. Also prints the CPU time, which does not
 * depend on how busy a shared machine is. */
#include "oreflow.h"
#include "oreflow/mc.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *file = argc > 1 ? argv[1] : NULL;
    if (!file)
        file = access("examples/chromite/donskoy_tailings.yaml", R_OK) == 0
                   ? "examples/chromite/donskoy_tailings.yaml"
                   : "tests/cases/econ_two_stage.yaml";
    orf_mc_opts o = {.n = argc > 2 ? (size_t)atol(argv[2]) : 10000,
                     .threads = argc > 3 ? atoi(argv[3]) : 2,
                     .seed = 2026};
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_result r;
    clock_t c0 = clock();
    orf_status st = orf_mc_run(ctx, file, &o, &r);
    double cpu_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
    if (st != ORF_OK) {
        orf_ctx_print_diags(ctx, stderr);
        orf_ctx_free(ctx);
        return 1;
    }
    printf("bench_mc: %s: %zu samples (%zu re-solved, %zu failed) on %d threads in %.3f s = "
           "%.0f samples/s (CPU %.3f s, %.3f ms per sample); NPV P10/P50/P90 = %.2f / %.2f / %.2f "
           "M USD\n",
           file, r.n, r.solves, r.failed, o.threads, r.seconds, (double)r.n / r.seconds, cpu_s,
           1e3 * cpu_s / (double)r.n, r.npv_p10 / 1e6, r.npv_p50 / 1e6, r.npv_p90 / 1e6);
    orf_mc_result_fini(&r);
    orf_ctx_free(ctx);
    return 0;
}
