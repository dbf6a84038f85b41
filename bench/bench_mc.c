/* Benchmark: Monte Carlo of 10,000 samples, each re-solving the flowsheet (issue 6 target:
 * < 20 s on 2 cores for the flagship example). Usage: bench_mc [FILE] [N] [THREADS].
 * Without FILE: the flagship chain (examples/chromite/chain.yaml: tailings → concentrate →
 * ferrochrome → chromium metal, three design specs) and the concentrator alone
 * (examples/chromite/donskoy_tailings.yaml); every sample re-solves the recycles and the design
 * specs; the flagship also on one thread (mc.chain.wall_j1: the speed-up of the second thread).
 * Also prints the CPU time, which does not depend on how busy a shared machine is.
 * BENCH_QUICK=1: 500 samples instead of 10,000. */
#include "oreflow.h"
#include "oreflow/mc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_line.h"

static int bench(const char *file, size_t n, int threads, const char *suffix)
{
    orf_mc_opts o = {.n = n, .threads = threads, .seed = 2026};
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return 1;
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
    char id[96], desc[256], note[128];
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    int len = (int)strcspn(base, ".");
    snprintf(id, sizeof id, "mc.%.*s.wall%s", len, base, suffix);
    snprintf(desc, sizeof desc, "Monte Carlo of %s: %zu samples, each re-solving the flowsheet",
             file, r.n);
    snprintf(note, sizeof note, "%d thread%s; %.3f ms of CPU per sample; %zu failed", o.threads,
             o.threads == 1 ? "" : "s", 1e3 * cpu_s / (double)r.n, r.failed);
    bench_line(id, r.seconds, "s", desc, note);
    orf_mc_result_fini(&r);
    orf_ctx_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 2 ? (size_t)atol(argv[2]) : bench_quick() ? 500 : 10000;
    int threads = argc > 3 ? atoi(argv[3]) : 2;
    if (argc > 1)
        return bench(argv[1], n, threads, "");
    static const char *const files[] = {"examples/chromite/chain.yaml",
                                        "examples/chromite/donskoy_tailings.yaml"};
    int rc = 0, ran = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (access(files[i], R_OK) != 0)
            continue;
        rc |= bench(files[i], n, threads, "");
        if (i == 0 && threads != 1) /* the flagship on one thread too (issue 20 goal 4) */
            rc |= bench(files[i], n, 1, "_j1");
        ran = 1;
    }
    return ran ? rc : bench("tests/cases/econ_two_stage.yaml", n, threads, "");
}
