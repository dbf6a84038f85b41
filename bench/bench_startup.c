/* Start-up benchmark (issue 20, goal 1): the wall and CPU time of one `oreflow run FILE --json`
 * process — start, load the data files and the flowsheet, solve, write the table (to /dev/null)
 * and the JSON — launched N times (fork, exec, wait4). Usage:
 *   bench_startup [PROGRAM [FILE [N]]]
 * PROGRAM defaults to the oreflow beside this benchmark, FILE to the closed grinding circuit
 * examples/recycle/grinding_loop.yaml (4 units, 18 size classes, one recycle), N to 200 (50 with
 * BENCH_QUICK=1). Prints the minimum and median of the wall time (CLOCK_MONOTONIC, fork to wait)
 * and of the CPU time (user + system, getrusage of the child through wait4), and the same for
 * /bin/true: the cost of any process on this machine, which bounds what oreflow can reach. The
 * median wall time depends on how busy the machine is; the CPU time much less. */
#define _DEFAULT_SOURCE /* wait4 */
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

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec;
}

/* one launch of argv (stdout and stderr to /dev/null): wall and CPU seconds; -1 when it failed */
static int launch(char *const *argv, double *wall_s, double *cpu_s)
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
    *cpu_s = tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct stats {
    double wall_min, wall_med, cpu_min, cpu_med;
} stats;

static int measure(char *const *argv, int n, stats *s)
{
    double *w = malloc((size_t)n * sizeof *w), *c = malloc((size_t)n * sizeof *c);
    if (!w || !c)
        exit(1);
    for (int i = 0; i < 5; i++) /* warm the page cache */
        if (launch(argv, &w[0], &c[0])) {
            free(w);
            free(c);
            return -1;
        }
    for (int i = 0; i < n; i++)
        if (launch(argv, &w[i], &c[i])) {
            free(w);
            free(c);
            return -1;
        }
    qsort(w, (size_t)n, sizeof *w, cmp);
    qsort(c, (size_t)n, sizeof *c, cmp);
    s->wall_min = w[0];
    s->wall_med = n % 2 ? w[n / 2] : 0.5 * (w[n / 2 - 1] + w[n / 2]);
    s->cpu_min = c[0];
    s->cpu_med = n % 2 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    free(w);
    free(c);
    return 0;
}

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
    const char *file = argc > 2 ? argv[2] : "examples/recycle/grinding_loop.yaml";
    int n = argc > 3 ? atoi(argv[3]) : bench_quick() ? 50 : 200;
    if (n < 1)
        n = 1;
    char *run[] = {prog, "run", (char *)file, "--json", NULL};
    char *truth[] = {"/bin/true", NULL};
    stats s, t;
    if (measure(run, n, &s)) {
        fprintf(stderr, "bench_startup: `%s run %s --json` failed\n", prog, file);
        return 1;
    }
    if (measure(truth, n, &t)) {
        fprintf(stderr, "bench_startup: /bin/true failed\n");
        return 1;
    }
    printf("bench_startup: %s run %s --json (%d processes): wall min %.2f ms, median %.2f ms; "
           "CPU min %.2f ms, median %.2f ms\n",
           prog, file, n, 1e3 * s.wall_min, 1e3 * s.wall_med, 1e3 * s.cpu_min, 1e3 * s.cpu_med);
    printf("bench_startup: /bin/true (%d processes): wall min %.2f ms, median %.2f ms; CPU min "
           "%.2f ms, median %.2f ms\n",
           n, 1e3 * t.wall_min, 1e3 * t.wall_med, 1e3 * t.cpu_min, 1e3 * t.cpu_med);
    char note[128];
    snprintf(note, sizeof note, "%d processes; /bin/true: %.2f ms wall, %.2f ms CPU (median)", n,
             1e3 * t.wall_med, 1e3 * t.cpu_med);
    const char *desc =
        "start-up, median wall time of one `oreflow run` process of the closed grinding "
        "circuit (examples/recycle/grinding_loop.yaml: load, solve, JSON written)";
    bench_line("startup.grinding_loop.wall_median", 1e3 * s.wall_med, "ms", desc, note);
    bench_line("startup.grinding_loop.cpu_median", 1e3 * s.cpu_med, "ms",
               "start-up, the same process: median user + system CPU time", note);
    return 0;
}
