/* Benchmark: the comminution population balances and the classification curves on arrays
 * (per call cost of the inner work of crusher, ball mill, screen and hydrocyclone compute).
 * Usage: bench_comminution [repeats]. Prints ns per call. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "units/units_cc.h"

#include "bench_line.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#define NS 25

int main(int argc, char **argv)
{
    long reps = argc > 1 ? atol(argv[1]) : 20000;
    double upper[NS], mid[NS], b[NS * NS], s[NS], c[NS], f[NS], x[NS];
    for (size_t i = 0; i < NS; i++) {
        upper[i] = 20000.0 / pow(sqrt(2.0), (double)i);
        mid[i] = upper[i] / pow(2.0, 0.25);
        f[i] = 1.0;
    }
    volatile double sink = 0.0;

    double t0 = now_s();
    for (long r = 0; r < reps; r++) {
        orf__austin_breakage_matrix(NS, upper, 0.6, 1.2, 4.0, b);
        for (size_t i = 0; i < NS; i++)
            s[i] = orf__austin_selection(upper[i] / 1000.0, 0.7, 1.0, 3.0, 2.5);
        for (size_t i = 0; i < NS; i++)
            x[i] = f[i];
        orf__mill_solve_mixers(NS, s, b, 8.0, 3, x);
        sink += x[NS - 1];
    }
    double t1 = now_s();
    printf("ball mill (25 classes, 3 mixers, matrix rebuilt): %.0f ns/call\n",
           1e9 * (t1 - t0) / (double)reps);
    bench_line("kernel.ball_mill", 1e9 * (t1 - t0) / (double)reps, "ns",
               "ball mill kernel: 25 classes, 3 mixers, breakage matrix rebuilt", "per call");

    t0 = now_s();
    for (long r = 0; r < reps; r++) {
        orf__crusher_breakage_matrix(NS, upper, 0.2, b);
        for (size_t i = 0; i < NS; i++)
            c[i] = orf__whiten_classification(mid[i], 6000.0, 18000.0, 2.3);
        double br;
        orf__crusher_solve(NS, c, b, f, x, &br);
        sink += br;
    }
    t1 = now_s();
    printf("crusher (25 classes, matrix rebuilt): %.0f ns/call\n", 1e9 * (t1 - t0) / (double)reps);
    bench_line("kernel.crusher", 1e9 * (t1 - t0) / (double)reps, "ns",
               "crusher kernel: 25 classes, breakage matrix rebuilt", "per call");

    t0 = now_s();
    for (long r = 0; r < reps; r++)
        for (size_t i = 0; i < NS; i++)
            sink += orf__whiten_efficiency(mid[i] / 1000.0, 4.0) +
                    orf__plitt_efficiency(mid[i] / 75.0, 2.5);
    t1 = now_s();
    printf("partition curves (Whiten + Plitt): %.1f ns/particle type\n",
           1e9 * (t1 - t0) / (double)reps / NS);
    bench_line("kernel.partition", 1e9 * (t1 - t0) / (double)reps / NS, "ns",
               "partition curves (Whiten + Plitt)", "per particle type");
    return sink > 0.0 ? 0 : 1;
}
