/* Benchmark: the cost of size classes (issue 20, goal 5). Two flowsheets are generated with N size
 * classes (N = 50 ... 1,000, a geometric grid from 100 mm down):
 *   separation   a Plitt screen, a hydrocyclone and a spiral with a cleaner recycle: units whose
 * work is a partition number per class (expected cost ~ N); comminution  a King crusher in closed
 * circuit with a Plitt screen, a Whiten crusher and a ball mill: units whose work is a breakage
 * matrix (N x N) applied per particle type. Each is loaded once and solved cold (streams reset)
 * several times; the best time is kept. The exponent p of time ~ N^p is the least-squares slope of
 * log time on log N over N >= 100. Memory: the flowsheet state (every stream's values) per stream,
 * at N = 1,000. Usage: bench_sizes [repeats] (default 5; 2 with BENCH_QUICK=1). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "oreflow.h"

#include "bench_line.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *const SEPARATION =
    "name: size classes, separation\n"
    "materials: [quartz, chromite]\n"
    "sizes: {top_um: 100000, ratio: %.9g, count: %d}\n"
    "feeds:\n"
    "  ore: {solids_tph: 100, pct_solids: 30, mineralogy: {quartz: 80, chromite: 20},\n"
    "        psd: {model: rosin_rammler, d63_um: 300, n: 0.9}}\n"
    "units:\n"
    "  - {name: screen, type: screen, in: [ore], out: {oversize: coarse, undersize: fines},\n"
    "     model: plitt, d50_um: 2000, alpha: 6, water_to_undersize_pct: 90}\n"
    "  - {name: cyclone, type: hydrocyclone, in: [fines], out: {overflow: slimes, underflow: "
    "sands},\n"
    "     d50c_um: 40}\n"
    "  - {name: rougher, type: spiral, in: [sands, cleaner_tail], out: {conc: rc, middlings: rm, "
    "tails: rt}}\n"
    "  - {name: cleaner, type: spiral, in: [rc], out: {conc: conc, middlings: cm, "
    "tails: cleaner_tail}}\n"
    "solver: {tol: 1.0e-10, max_iter: 2000}\n";

static const char *const COMMINUTION =
    "name: size classes, comminution\n"
    "materials: [quartz, magnetite]\n"
    "sizes: {top_um: 100000, ratio: %.9g, count: %d}\n"
    "feeds:\n"
    "  ore: {solids_tph: 250, pct_solids: 97, mineralogy: {quartz: 70, magnetite: 30},\n"
    "        psd: {model: rosin_rammler, d63_um: 40000, n: 1.2}}\n"
    "units:\n"
    "  - {name: crusher, type: crusher_king, in: [ore, oversize], out: [crushed], css_mm: 12}\n"
    "  - {name: screen, type: screen, in: [crushed], out: {oversize: oversize, undersize: "
    "screened},\n"
    "     model: plitt, d50_um: 10000, alpha: 6, water_to_undersize_pct: 100}\n"
    "  - {name: secondary, type: crusher, in: [screened], out: [to_mill], k1_mm: 2, k2_mm: 8}\n"
    "  - {name: mill, type: ball_mill, in: [to_mill], out: [product], holdup_t: 30}\n"
    "solver: {tol: 1.0e-10, max_iter: 2000}\n";

typedef struct {
    double best_s;      /* best cold solve */
    int evals;          /* unit evaluations of a cold solve */
    double bytes_per_s; /* flowsheet state per stream */
} point;

/* Solve the flowsheet of `fmt` on n classes `reps` times cold; 0 ok */
static int measure(orf_ctx *ctx, const char *fmt, int n, int reps, point *pt)
{
    char text[4096];
    /* 1,000 classes from 100 mm to ~1 µm: ratio = 1e5^(1/n), at least sqrt(2) for coarse grids */
    double ratio = pow(1e5, 1.0 / n);
    snprintf(text, sizeof text, fmt, ratio, n);
    orf_flowsheet *fs = NULL;
    if (orf_flowsheet_load_string(ctx, "bench_sizes.yaml", text, &fs) != ORF_OK)
        return -1;
    pt->best_s = 1e30;
    for (int r = 0; r < reps; r++) {
        orf_flowsheet_reset(fs);
        orf_solve_info info;
        double t0 = now_s();
        orf_status st = orf_flowsheet_solve(fs, &info);
        double t = now_s() - t0;
        if (st != ORF_OK || !info.converged) {
            orf_flowsheet_free(fs);
            return -1;
        }
        pt->evals = info.unit_evals;
        if (t < pt->best_s)
            pt->best_s = t;
    }
    size_t ns = orf_flowsheet_stream_count(fs);
    pt->bytes_per_s = 8.0 * (double)orf_flowsheet_state_size(fs) / (double)(ns ? ns : 1);
    orf_flowsheet_free(fs);
    return 0;
}

/* least-squares slope of log y on log x */
static double slope(const double *x, const double *y, int n)
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

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : (bench_quick() ? 2 : 5);
    if (reps < 1)
        reps = 1;
    static const int NS[] = {50, 100, 200, 400, 700, 1000};
    enum { K = sizeof NS / sizeof NS[0] };
    static const char *const NAMES[] = {"separation", "comminution"};
    const char *const FMTS[] = {SEPARATION, COMMINUTION};
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return 1;
    printf("size classes: best of %d cold solves\n", reps);
    printf("  %-12s %6s %10s %8s %12s\n", "flowsheet", "N", "solve ms", "evals", "B/stream");
    for (int f = 0; f < 2; f++) {
        double x[K], y[K];
        int m = 0;
        point last = {0};
        for (int k = 0; k < K; k++) {
            point pt;
            if (measure(ctx, FMTS[f], NS[k], reps, &pt) != 0) {
                fprintf(stderr, "bench_sizes: %s on %d classes failed\n", NAMES[f], NS[k]);
                orf_ctx_free(ctx);
                return 1;
            }
            printf("  %-12s %6d %10.3f %8d %12.0f\n", NAMES[f], NS[k], 1e3 * pt.best_s, pt.evals,
                   pt.bytes_per_s);
            if (NS[k] >= 100) {
                x[m] = NS[k];
                /* per unit evaluation, so a change in the sweeps does not pass for a kernel cost */
                y[m++] = pt.best_s / pt.evals;
            }
            last = pt;
        }
        double p = slope(x, y, m);
        char name[64], desc[160], note[160];
        snprintf(name, sizeof name, "sizes.%s.exponent", NAMES[f]);
        snprintf(desc, sizeof desc,
                 "%s flowsheet: cost per unit evaluation ~ size classes^p (N = 100 to 1,000)",
                 NAMES[f]);
        snprintf(note, sizeof note, "least squares on log-log, best of %d cold solves", reps);
        bench_line(name, p, "1", desc, note);
        snprintf(name, sizeof name, "sizes.%s.solve1000", NAMES[f]);
        snprintf(desc, sizeof desc, "%s flowsheet on 1,000 size classes: cold solve", NAMES[f]);
        snprintf(note, sizeof note, "%d unit evaluations", last.evals);
        bench_line(name, 1e3 * last.best_s, "ms", desc, note);
        if (f == 0)
            bench_line("sizes.stream_bytes1000", last.bytes_per_s, "B",
                       "memory per stream on 1,000 size classes (2 materials, the flowsheet's "
                       "state per stream)",
                       "8 bytes per double");
    }
    orf_ctx_free(ctx);
    return 0;
}
