/* Benchmark: reconciliation of a 100-stream, 10-component circuit.
 *
 * A binary tree of 49 separators (1 feed -> 98 products) plus a mixer joining two products:
 * 100 streams, 50 nodes. Basic quantities: solids, water and 10 assayed components (12).
 * Measured: the 10 assays of every stream (3 % relative SD), % solids of every other stream
 * (1 % absolute), solids flow of every third stream (2 %); Gaussian noise of those SDs. Timed: the
 * solve (statistics included) and the estimate of every stream's solids flow. Target: well under
 * one second.
 */
#include "oreflow/balance.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_line.h"

enum { NSEP = 49, NST = 100, NNODE = 50, NCOMP = 10, NB = NCOMP + 2 };

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(void)
{
    static double q[NST][NB];
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2024);
    orf_recon *r = orf_recon_alloc(NST, NNODE, NB);
    if (!r || !rng)
        return 1;
    /* truth: feed 1000 t/h solids, 1500 t/h water, component grades 0.5..5 % */
    q[0][0] = 1000;
    q[0][1] = 1500;
    for (size_t k = 0; k < NCOMP; k++)
        q[0][2 + k] = 1000 * (0.5 + 0.5 * (double)k) / 100;
    for (size_t i = 0; i < NSEP; i++) { /* separator i: stream i -> 2i+1, 2i+2 */
        orf_recon_connect(r, i, i, 1);
        orf_recon_connect(r, i, 2 * i + 1, -1);
        orf_recon_connect(r, i, 2 * i + 2, -1);
        for (size_t b = 0; b < NB; b++) {
            double split = b == 1 ? 0.3 : 0.15 + 0.7 * gsl_rng_uniform(rng);
            q[2 * i + 1][b] = split * q[i][b];
            q[2 * i + 2][b] = (1 - split) * q[i][b];
        }
    }
    /* mixer: products 97 + 98 -> 99 */
    orf_recon_connect(r, NSEP, 97, 1);
    orf_recon_connect(r, NSEP, 98, 1);
    orf_recon_connect(r, NSEP, 99, -1);
    for (size_t b = 0; b < NB; b++)
        q[99][b] = q[97][b] + q[98][b];

    size_t solids = 0, water = 1, nmeas = 0;
    size_t comp[NCOMP], sw[2] = {0, 1};
    for (size_t k = 0; k < NCOMP; k++)
        comp[k] = 2 + k;
    for (size_t j = 0; j < NST; j++) {
        for (size_t k = 0; k < NCOMP; k++) {
            orf_recon_qty qa = {j, &comp[k], 1, &solids, 1, 100.0};
            double t = 100 * q[j][2 + k] / q[j][0], sd = 0.03 * t;
            orf_recon_add_meas(r, &qa, t + gsl_ran_gaussian(rng, sd), sd);
            nmeas++;
        }
        if (j % 2 == 0) {
            orf_recon_qty qs = {j, &solids, 1, sw, 2, 100.0};
            double t = 100 * q[j][0] / (q[j][0] + q[j][1]);
            orf_recon_add_meas(r, &qs, t + gsl_ran_gaussian(rng, 1.0), 1.0);
            nmeas++;
        }
        if (j % 3 == 0) {
            orf_recon_qty qf = {j, &solids, 1, NULL, 0, 1.0};
            double sd = 0.02 * q[j][0];
            orf_recon_add_meas(r, &qf, q[j][0] + gsl_ran_gaussian(rng, sd), sd);
            nmeas++;
        }
        (void)water;
        for (size_t b = 0; b < NB; b++) /* guesses: an even split down the tree */
            orf_recon_set_guess(r, b, j, q[0][b] / (double)(1u << (unsigned)log2((double)j + 1)));
    }
    double t0 = now_s();
    orf_recon_info info;
    orf_status st = orf_recon_solve(r, NULL, &info);
    double t1 = now_s();
    double worst_rel_sd = 0;
    for (size_t j = 0; j < NST; j++) {
        orf_recon_qty qf = {j, &solids, 1, NULL, 0, 1.0};
        double v, sd;
        int obs;
        orf_recon_estimate(r, &qf, &v, &sd, &obs);
        worst_rel_sd = fmax(worst_rel_sd, sd / v);
    }
    double t2 = now_s();
    printf("bench_reconcile: %d streams, %d nodes, %d basics, %zu measurements\n", NST, NNODE, NB,
           nmeas);
    printf("  status %s, converged %d in %d iterations, chi2 %.2f on %d dof (crit %.2f), "
           "balance residual %.1e\n",
           st == ORF_OK ? "ok" : "FAILED", info.converged, info.iterations, info.chi2, info.dof,
           info.chi2_crit, info.max_balance_residual);
    printf("  solve + statistics: %.3f s; 100 flow estimates with SD + observability: %.3f s; "
           "worst flow SD %.1f %%\n",
           t1 - t0, t2 - t1, 100 * worst_rel_sd);
    char desc[160];
    snprintf(desc, sizeof desc, "reconciliation: %d streams, %d nodes, %zu measurements", NST,
             NNODE, nmeas);
    bench_line("reconcile.solve", t1 - t0, "s", desc, "solve with all statistics");
    orf_recon_free(r);
    gsl_rng_free(rng);
    return st == ORF_OK ? 0 : 1;
}
