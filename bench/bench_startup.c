/* Start-up benchmark (issue 20, goal 1).
 *
 * 1. Per process: the wall and CPU time of one `oreflow run FILE --json` process — start, load the
 *    data files and the flowsheet, solve, write the JSON (to /dev/null) — launched N times (fork,
 *    exec, wait4) for the closed grinding circuit (examples/recycle/grinding_loop.yaml, 4 units,
 *    18 size classes, one recycle), the closed crushing circuit
 *    (examples/dyssol/closed_crushing_circuit.yaml, 3 units, 100 size classes) and the flagship
 *    (examples/chromite/chain.yaml), interleaved launch by launch with /bin/true (the cost of any
 *    process on this machine, which bounds what oreflow can reach) and, when BASELINE is given,
 *    with that other oreflow program (e.g. main's) on the same files: one run gives the
 *    before/after ratio on the same machine load. Minimum and median of the wall time
 *    (CLOCK_MONOTONIC, fork to wait) and of the CPU time (user + system of the child, wait4).
 * 2. In process: what `oreflow run FILE --json` does, timed inside this program (linked with the
 *    library): context, load (data files, flowsheet), economics load, solve, design, economics,
 *    JSON written to /dev/null, free; the median over repetitions, with the load's share.
 *
 * Usage: bench_startup [PROGRAM [N [BASELINE]]]   (run from the source tree's root)
 * PROGRAM defaults to the oreflow beside this benchmark, N to 200 launches of each small circuit
 * (50 with BENCH_QUICK=1; the flagship a tenth of that). */
#define _DEFAULT_SOURCE /* wait4 */
#include "oreflow.h"
#include "oreflow/design.h"
#include "oreflow/econ.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_line.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec;
}

/* one launch of argv (stdout and stderr to /dev/null): wall and CPU seconds; -1 when it failed */
static int launch(char *const *argv, double *wall_s, double *cpu)
{
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    *wall_s = now_s() - t0;
    *cpu = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

enum { MAXCMD = 8 };

typedef struct cmd {
    char *argv[6];
    const char *label;
    double *w, *c;
    double wall_med, cpu_med, wall_min, cpu_min;
} cmd;

/* n launches of each command, interleaved (command 0, 1, ..., 0, 1, ...) after 3 warm-ups each */
static int measure(cmd *c, int ncmd, int n)
{
    for (int k = 0; k < ncmd; k++) {
        c[k].w = malloc((size_t)n * sizeof(double));
        c[k].c = malloc((size_t)n * sizeof(double));
        if (!c[k].w || !c[k].c)
            exit(1);
        for (int i = 0; i < 3; i++)
            if (launch(c[k].argv, &c[k].w[0], &c[k].c[0])) {
                fprintf(stderr, "bench_startup: `%s` failed\n", c[k].label);
                return -1;
            }
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < ncmd; k++)
            if (launch(c[k].argv, &c[k].w[i], &c[k].c[i])) {
                fprintf(stderr, "bench_startup: `%s` failed\n", c[k].label);
                return -1;
            }
    for (int k = 0; k < ncmd; k++) {
        c[k].wall_med = median(c[k].w, n);
        c[k].cpu_med = median(c[k].c, n);
        c[k].wall_min = c[k].w[0];
        c[k].cpu_min = c[k].c[0];
        printf("bench_startup: %-60s (%d processes): wall min %.2f ms, median %.2f ms; CPU "
               "min %.2f ms, median %.2f ms\n",
               c[k].label, n, 1e3 * c[k].wall_min, 1e3 * c[k].wall_med, 1e3 * c[k].cpu_min,
               1e3 * c[k].cpu_med);
        free(c[k].w);
        free(c[k].c);
    }
    return 0;
}

typedef struct {
    orf_design *design;
    orf_econ *econ;
} sections;

static void json_sections(void *ud, orf_json *j) /* as cli/cmd_run.c's */
{
    const sections *r = ud;
    if (r->design)
        orf_design_json_section(r->design, j);
    if (r->econ)
        orf_econ_json_section(r->econ, j);
}

/* One `oreflow run FILE --json` in this process (cli/cmd_run.c's sequence); the seconds of the
 * load (context and flowsheet) and of the whole into *load, *all (wall), *cpu (CPU). */
static int run_once(const char *file, FILE *sink, double *load, double *all, double *cpu)
{
    double t0 = now_s(), c0 = cpu_s();
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    if (!ctx || orf_flowsheet_load(ctx, file, &fs)) {
        if (ctx)
            orf_ctx_print_diags(ctx, stderr);
        orf_ctx_free(ctx);
        return -1;
    }
    *load = now_s() - t0;
    orf_econ *econ = NULL;
    if (orf_econ_load(ctx, fs, &econ)) {
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        return -1;
    }
    orf_solve_info info;
    orf_status st = orf_flowsheet_solve(fs, &info);
    orf_design *design = NULL;
    if (!st)
        st = orf_design_compute(ctx, fs, &design);
    if (!st && econ)
        st = orf_econ_eval(econ);
    if (!st) {
        sections sec = {design, econ};
        orf_result_write_json(fs, &info, sink, json_sections, &sec);
        fflush(sink);
    }
    orf_econ_free(econ);
    orf_design_free(design);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    *all = now_s() - t0;
    *cpu = cpu_s() - c0;
    return st ? -1 : 0;
}

static int in_process(const char *id, const char *file, int n, const char *what)
{
    FILE *sink = fopen("/dev/null", "w");
    double *ld = malloc((size_t)n * sizeof *ld), *al = malloc((size_t)n * sizeof *al),
           *cp = malloc((size_t)n * sizeof *cp);
    if (!sink || !ld || !al || !cp)
        exit(1);
    int rc = 0;
    for (int i = 0; i < 2 && !rc; i++) /* warm-up: page cache, first-touch of the library */
        rc = run_once(file, sink, &ld[0], &al[0], &cp[0]);
    for (int i = 0; i < n && !rc; i++)
        rc = run_once(file, sink, &ld[i], &al[i], &cp[i]);
    if (rc) {
        fprintf(stderr, "bench_startup: in-process run of %s failed\n", file);
    } else {
        double l = median(ld, n), a = median(al, n), c = median(cp, n);
        printf("bench_startup: in process, %s (%d runs): load+solve+write median %.3f ms wall, "
               "%.3f ms CPU; of which load %.3f ms\n",
               file, n, 1e3 * a, 1e3 * c, 1e3 * l);
        char name[96], desc[256], note[160];
        snprintf(name, sizeof name, "startup.%s.inprocess_median", id);
        snprintf(desc, sizeof desc,
                 "start-up in process, median wall time of what `oreflow run --json` does for "
                 "%s (load, solve, design, JSON written)",
                 what);
        snprintf(note, sizeof note, "%d runs; of which the load %.3f ms; CPU %.3f ms", n, 1e3 * l,
                 1e3 * c);
        bench_line(name, 1e3 * a, "ms", desc, note);
    }
    fclose(sink);
    free(ld);
    free(al);
    free(cp);
    return rc;
}

typedef struct flowsheet_case {
    const char *id, *file, *what;
    int flagship;
} flowsheet_case;

static const flowsheet_case cases[] = {
    {"grinding_loop", "examples/recycle/grinding_loop.yaml",
     "the closed grinding circuit (examples/recycle/grinding_loop.yaml)", 0},
    {"crushing_circuit", "examples/dyssol/closed_crushing_circuit.yaml",
     "the closed crushing circuit (examples/dyssol/closed_crushing_circuit.yaml)", 0},
    {"flagship", "examples/chromite/chain.yaml",
     "the flagship chromite chain (examples/chromite/chain.yaml)", 1},
};
enum { NCASES = sizeof cases / sizeof cases[0] };

int main(int argc, char **argv)
{
    char prog[PATH_MAX];
    if (argc > 1) {
        snprintf(prog, sizeof prog, "%s", argv[1]);
    } else {
        ssize_t k = readlink("/proc/self/exe", prog, sizeof prog - 16);
        if (k <= 0)
            return 1;
        prog[k] = '\0';
        char *slash = strrchr(prog, '/');
        snprintf(slash ? slash + 1 : prog, 16, "oreflow");
    }
    int n = argc > 2 ? atoi(argv[2]) : bench_quick() ? 50 : 200;
    if (n < 10)
        n = 10;
    const char *base = argc > 3 ? argv[3] : NULL;

    /* 1. per process, interleaved with /bin/true (and the baseline program) */
    double truth_wall = 0, truth_cpu = 0;
    for (int f = 0; f < NCASES; f++) {
        cmd c[MAXCMD];
        int nc = 0;
        char lab[3][PATH_MAX + 64];
        snprintf(lab[0], sizeof lab[0], "%s run %s", prog, cases[f].file);
        c[nc++] =
            (cmd){.argv = {prog, "run", (char *)cases[f].file, "--json", NULL}, .label = lab[0]};
        c[nc++] = (cmd){.argv = {"/bin/true", NULL}, .label = "/bin/true"};
        if (base) {
            snprintf(lab[2], sizeof lab[2], "%s run %s", base, cases[f].file);
            c[nc++] = (cmd){.argv = {(char *)base, "run", (char *)cases[f].file, "--json", NULL},
                            .label = lab[2]};
        }
        int runs = cases[f].flagship ? n / 10 : n;
        if (measure(c, nc, runs))
            return 1;
        truth_wall = c[1].wall_med;
        truth_cpu = c[1].cpu_med;
        char note[256], name[96], desc[256];
        int k = snprintf(note, sizeof note, "%d processes; /bin/true: %.2f ms wall, %.2f ms CPU",
                         runs, 1e3 * truth_wall, 1e3 * truth_cpu);
        if (base)
            snprintf(note + k, sizeof note - (size_t)k,
                     "; baseline %.2f ms wall, %.2f ms CPU (%.2fx, %.2fx)", 1e3 * c[2].wall_med,
                     1e3 * c[2].cpu_med, c[2].wall_med / c[0].wall_med,
                     c[2].cpu_med / c[0].cpu_med);
        if (base)
            printf("bench_startup: %s: baseline / this: wall %.2fx, CPU %.2fx (medians)\n",
                   cases[f].id, c[2].wall_med / c[0].wall_med, c[2].cpu_med / c[0].cpu_med);
        snprintf(name, sizeof name, "startup.%s.wall_median", cases[f].id);
        snprintf(desc, sizeof desc,
                 "start-up, median wall time of one `oreflow run --json` process of %s (load, "
                 "solve, JSON written)",
                 cases[f].what);
        bench_line(name, 1e3 * c[0].wall_med, "ms", desc, note);
        snprintf(name, sizeof name, "startup.%s.cpu_median", cases[f].id);
        bench_line(name, 1e3 * c[0].cpu_med, "ms",
                   "start-up, the same process: median user + system CPU time", note);
    }
    bench_line("startup.bin_true.cpu_median", 1e3 * truth_cpu, "ms",
               "start-up floor: median CPU time of /bin/true on this machine",
               "launched interleaved with the flagship's processes");

    /* 2. in process */
    for (int f = 0; f < NCASES; f++)
        if (in_process(cases[f].id, cases[f].file, cases[f].flagship ? n / 10 : n, cases[f].what))
            return 1;
    return 0;
}
