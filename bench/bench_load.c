/* Loader benchmark: a generated chain of N units (N = 1,000, 10,000, 100,000), alternately a mixer
 * and a splitter that sends a tenth of the flow to a side stream, written as YAML text and loaded
 * with orf_flowsheet_load_string. Every unit and stream name is looked up while loading (outlets,
 * inlets, duplicate checks), so the load time shows how name lookup scales with the number of
 * names. Prints the wall time (CLOCK_MONOTONIC) of the load, including parsing, per N.
 *
 * First the `check` rows: what `oreflow check FILE` does (read the file, parse, load, the economics
 * and uncertainty checks, free), in a child process per N, so that its peak resident set is that
 * of the check alone: wall time, user + system CPU and peak RSS (getrusage of the child). Issue
 * 15, finding 9: 100,000 units are to check in under a second. */
#include "oreflow.h"
#include "oreflow/econ.h"
#include "oreflow/mc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_buf.h"
#include "bench_line.h"

/* n units: mixer mix_i (in: chain_i, out: mixed_i) and splitter split_i (in: mixed_i,
 * out: chain_{i+1}, side_i) in turn */
static char *generate(int n)
{
    buf b = {malloc(1 << 16), 0, 1 << 16};
    if (!b.s)
        exit(1);
    put(&b,
        "name: generated chain of %d units\n"
        "materials: [chromite, serpentine]\n"
        "sizes: {top_um: 1000, ratio: 2, count: 4}\n"
        "feeds:\n"
        "  chain_0: {solids_tph: 100, pct_solids: 40, mineralogy: {chromite: 30, serpentine: 70},"
        " psd: {model: rosin_rammler, d63_um: 200, n: 1.0}}\n"
        "units:\n",
        n);
    for (int i = 0; i < n / 2; i++) {
        put(&b, "  - {name: mix_%d, type: mixer, in: [chain_%d], out: [mixed_%d]}\n", i, i, i);
        put(&b,
            "  - {name: split_%d, type: splitter, in: [mixed_%d], out: [chain_%d, side_%d],"
            " fractions: [0.9, 0.1]}\n",
            i, i, i + 1, i);
    }
    return b.s;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* `oreflow check` of the file at path, in the child: 0 when it is ok */
static int check_file(const char *path)
{
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    orf_econ *econ = NULL;
    int bad = !ctx || orf_flowsheet_load(ctx, path, &fs) || orf_econ_load(ctx, fs, &econ) ||
              orf_mc_check(ctx, fs, econ);
    if (bad && ctx)
        orf_ctx_print_diags(ctx, stderr);
    orf_econ_free(econ);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return bad;
}

static double ms(struct timeval t)
{
    return 1e3 * (double)t.tv_sec + 1e-3 * (double)t.tv_usec;
}

static int bench_check(int n)
{
    char path[] = "/tmp/bench_load_XXXXXX";
    int fd = mkstemp(path);
    char *yaml = generate(n);
    size_t len = strlen(yaml);
    if (fd < 0 || write(fd, yaml, len) != (ssize_t)len || close(fd)) {
        fprintf(stderr, "bench_load: cannot write %s\n", path);
        return 1;
    }
    free(yaml);
    struct rusage r0, ru;
    getrusage(RUSAGE_CHILDREN, &r0);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0)
        _exit(check_file(path));
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        unlink(path);
        return 1;
    }
    double t = now_s() - t0;
    /* the children's times add up (so take the difference); their peak RSS is the largest
     * child's, this one's as N grows */
    getrusage(RUSAGE_CHILDREN, &ru);
    unlink(path);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "bench_load: the check of %d units failed\n", n);
        return 1;
    }
    printf("bench_load: %7d units check: wall %7.1f ms, user %7.1f ms + sys %7.1f ms, "
           "peak RSS %7.1f MB\n",
           n + 1, 1e3 * t, ms(ru.ru_utime) - ms(r0.ru_utime), ms(ru.ru_stime) - ms(r0.ru_stime),
           (double)ru.ru_maxrss / 1024.0);
    char id[48], desc[96], note[96];
    snprintf(id, sizeof id, "load.check_%d", n);
    snprintf(desc, sizeof desc, "`oreflow check` of a generated %d-unit chain", n + 1);
    snprintf(note, sizeof note, "wall; peak RSS %.0f MB", (double)ru.ru_maxrss / 1024.0);
    bench_line(id, 1e3 * t, "ms", desc, note);
    return 0;
}

int main(void)
{
    static const int sizes[] = {1000, 10000, 100000};
    /* the checks first, forked while this process is still small (a child starts with its
     * parent's resident set) */
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++)
        if (bench_check(sizes[k]))
            return 1;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        char *yaml = generate(sizes[k]);
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = NULL;
        double t0 = now_s();
        clock_t c0 = clock();
        if (!ctx || orf_flowsheet_load_string(ctx, "generated.yaml", yaml, &fs)) {
            if (ctx)
                orf_ctx_print_diags(ctx, stderr);
            fprintf(stderr, "bench_load: the generated flowsheet of %d units does not load\n",
                    sizes[k]);
            return 1;
        }
        double t = now_s() - t0, cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
        printf("bench_load: %7zu units, %7zu streams (YAML %6zu kB): load %9.1f ms "
               "(CPU %9.1f ms)\n",
               orf_flowsheet_unit_count(fs), orf_flowsheet_stream_count(fs), strlen(yaml) / 1024,
               1e3 * t, 1e3 * cpu);
        fflush(stdout);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        free(yaml);
    }
    return 0;
}
