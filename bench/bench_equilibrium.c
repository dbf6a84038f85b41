/* Benchmark: one Gibbs equilibrium of a ferrochrome-furnace charge — the C–O–H–Cr–Fe–Si–Mg–Al–Ca
 * gas and every pure condensed species of those elements in data/thermo.yaml — at 1873 K, 1 bar:
 * µs per solve from the LP start (cold) and from the previous answer (warm, as in a recycle loop
 * or a sweep). Goal (issue 16): below 1 ms. Timing lives here, never in tests. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "oreflow.h"
#include "oreflow/equilibrium.h"
#include "oreflow/thermo.h"

#include "bench_line.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int set(const orf_eq_system *sys, double *feed, const char *name, double kmol)
{
    int i = orf_eq_species_find(sys, name, -1);
    if (i < 0) {
        fprintf(stderr, "bench_equilibrium: species '%s' not in the system\n", name);
        return -1;
    }
    feed[i] = kmol;
    return 0;
}

int main(void)
{
    orf_ctx *ctx = orf_ctx_alloc();
    orf_matdb *mdb = NULL;
    orf_thermo_db *db = NULL;
    orf_eq_system *sys = NULL;
    orf_eq_work *w = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/materials.yaml", orf_data_dir());
    const char *els[] = {"C", "O", "H", "Cr", "Fe", "Si", "Mg", "Al", "Ca", NULL};
    if (!ctx || orf_matdb_load(ctx, path, &mdb) || orf_thermo_load_default(ctx, mdb, &db) ||
        orf_eq_system_alloc(ctx, db, &sys) || orf_eq_system_add_defaults(sys, els, NULL) ||
        orf_eq_work_alloc(sys, &w)) {
        orf_ctx_print_diags(ctx, stderr);
        return 2;
    }
    size_t ns = orf_eq_species_count(sys);
    double feed[256] = {0};
    if (ns > sizeof feed / sizeof *feed)
        return 2;
    /* kmol: chromite concentrate as oxides, quartzite, coke with moisture */
    if (set(sys, feed, "Cr2O3", 1.0) || set(sys, feed, "FeO", 0.6) || set(sys, feed, "MgO", 0.8) ||
        set(sys, feed, "Al2O3", 0.4) || set(sys, feed, "SiO2", 0.7) || set(sys, feed, "CaO", 0.2) ||
        set(sys, feed, "C", 4.5) || set(sys, feed, "H2O", 0.1))
        return 2;
    orf_eq_options o;
    orf_eq_options_init(&o);
    orf_eq_result r;
    const double t_k = 1873.15;
    if (orf_eq_solve_tp(w, feed, t_k, 1.0, &o, &r)) { /* warm-up (and the range warnings) */
        orf_ctx_print_diags(ctx, stderr);
        return 1;
    }
    size_t present = 0;
    for (size_t p = 0; p < orf_eq_phase_count(sys); p++)
        present += r.present[p] != 0;
    const int reps = 2000;
    long iters = 0;
    double t0 = now_s();
    for (int k = 0; k < reps; k++) {
        if (orf_eq_solve_tp(w, feed, t_k, 1.0, &o, &r))
            return 1;
        iters += r.iterations;
    }
    double cold = (now_s() - t0) / reps;
    o.start = ORF_EQ_START_LAST;
    t0 = now_s();
    for (int k = 0; k < reps; k++) /* a small swing, as between recycle iterations */
        if (orf_eq_solve_tp(w, feed, t_k + (k % 2 ? 1.0 : -1.0), 1.0, &o, &r))
            return 1;
    double warm = (now_s() - t0) / reps;
    printf("equilibrium: %zu species in %zu phases, %zu present at %.0f K; %.1f us per solve "
           "from the LP start (%.1f Newton iterations), %.1f us from the last answer\n",
           ns, orf_eq_phase_count(sys), present, t_k, 1e6 * cold, (double)iters / reps, 1e6 * warm);
    char desc[160], note[96];
    snprintf(desc, sizeof desc, "Gibbs equilibrium, %zu species in %zu phases at %.0f K", ns,
             orf_eq_phase_count(sys), t_k);
    snprintf(note, sizeof note, "from the LP start; %.1f us from the last answer", 1e6 * warm);
    bench_line("equilibrium.pure", 1e6 * cold, "us", desc, note);
    orf_eq_work_free(w);
    orf_eq_system_free(sys);
    w = NULL;
    sys = NULL;
    /* the predictive furnace's system: gas, liquid alloy and slag solutions, graphite, carbides */
    const char *gas[] = {"CO", "CO2", "N2", "H2", "H2O", "CH4", "O2", "Mg(g)", "Ar"};
    const char *pure[] = {"C", "Cr3C2", "Cr7C3", "Cr23C6", "SiC", "Fe2O3", "Fe3O4", "Mg2SiO4"};
    int mph, sph;
    if (orf_eq_system_alloc(ctx, db, &sys) ||
        orf_eq_system_add_phase(sys, "gas", ORF_EQ_GAS, gas, sizeof gas / sizeof *gas, NULL) ||
        orf_eq_system_add_solution(sys, "fecr_metal", "alloy", NULL, NULL, &mph) ||
        orf_eq_system_add_solution(sys, "oxide_slag", "slag", NULL, NULL, &sph)) {
        orf_ctx_print_diags(ctx, stderr);
        return 2;
    }
    for (size_t i = 0; i < sizeof pure / sizeof *pure; i++)
        if (orf_eq_system_add_phase(sys, pure[i], ORF_EQ_PURE, &pure[i], 1, NULL))
            return 2;
    if (orf_eq_work_alloc(sys, &w))
        return 2;
    ns = orf_eq_species_count(sys);
    memset(feed, 0, sizeof feed);
    /* kmol/h: the ferrochrome example's charge, coke set for ~5.5 % C in the alloy */
    if (set(sys, feed, "Cr2O3", 0.161) || set(sys, feed, "FeO", 0.084) ||
        set(sys, feed, "MgO", 0.215) || set(sys, feed, "Al2O3", 0.036) ||
        set(sys, feed, "SiO2", 0.105) || set(sys, feed, "CaO", 0.003) ||
        set(sys, feed, "C", 0.70) || set(sys, feed, "N2", 0.03))
        return 2;
    o.start = ORF_EQ_START_LEVEL;
    if (orf_eq_solve_tp(w, feed, 1973.15, 1.0, &o, &r)) {
        orf_ctx_print_diags(ctx, stderr);
        return 1;
    }
    present = 0;
    for (size_t p = 0; p < orf_eq_phase_count(sys); p++)
        present += r.present[p] != 0;
    iters = 0;
    t0 = now_s();
    for (int k = 0; k < reps; k++) {
        if (orf_eq_solve_tp(w, feed, 1973.15, 1.0, &o, &r))
            return 1;
        iters += r.iterations;
    }
    cold = (now_s() - t0) / reps;
    o.start = ORF_EQ_START_LAST;
    t0 = now_s();
    for (int k = 0; k < reps; k++)
        if (orf_eq_solve_tp(w, feed, 1973.15 + (k % 2 ? 1.0 : -1.0), 1.0, &o, &r))
            return 1;
    warm = (now_s() - t0) / reps;
    printf("equilibrium with solutions (furnace): %zu species in %zu phases (gas, alloy, slag, "
           "%zu pure), %zu present at 1973 K; %.1f us per solve from the LP start (%.1f Newton "
           "iterations), %.1f us from the last answer\n",
           ns, orf_eq_phase_count(sys), orf_eq_phase_count(sys) - 3, present, 1e6 * cold,
           (double)iters / reps, 1e6 * warm);
    snprintf(desc, sizeof desc,
             "Gibbs equilibrium of the furnace: %zu species, gas + alloy and slag solutions + %zu "
             "pure phases, at 1973 K",
             ns, orf_eq_phase_count(sys) - 3);
    snprintf(note, sizeof note, "from the LP start; %.1f us from the last answer", 1e6 * warm);
    bench_line("equilibrium.furnace", 1e6 * cold, "us", desc, note);
    orf_eq_work_free(w);
    orf_eq_system_free(sys);
    orf_thermo_free(db);
    orf_matdb_free(mdb);
    orf_ctx_free(ctx);
    return 0;
}
