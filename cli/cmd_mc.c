/* oreflow mc FILE -n N [-j THREADS] [--seed S] [--json] [--csv FILE]
 *   (also under mpirun / srun: the samples spread over the ranks, cli/mpi_share.c)
 * oreflow sensitivity FILE [--json] */
#include "cli.h"
#include "mpi_share.h"
#include "oreflow/mc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void progress_bar(void *ud, size_t done, size_t n)
{
    (void)ud;
    int w = 40, fill = n ? (int)((double)done / (double)n * w) : w;
    fprintf(stderr, "\r  [");
    for (int i = 0; i < w; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %zu/%zu", done, n);
    if (done >= n)
        fputc('\n', stderr);
    fflush(stderr);
}

static int parse_count(const char *s, unsigned long *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-')
        return -1;
    *out = v;
    return 0;
}

static int mc_main(int argc, char **argv, orf_cli_mpi *mp)
{
    const char *file = NULL, *csv = NULL;
    int json = 0;
    orf_mc_opts o;
    memset(&o, 0, sizeof o);
    o.n = 1000;
    o.threads = 1;
    o.seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned long v;
        if ((!strcmp(a, "-n") || !strcmp(a, "--samples")) && i + 1 < argc) {
            if (parse_count(argv[++i], &v) || v == 0 || v > 100000000ul) {
                fprintf(stderr, "oreflow mc: -n needs a positive number of samples\n");
                return ORF_EXIT_INPUT;
            }
            o.n = v;
        } else if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && i + 1 < argc) {
            if (parse_count(argv[++i], &v) || v == 0 || v > 1024) {
                fprintf(stderr, "oreflow mc: -j needs a thread count from 1 to 1024\n");
                return ORF_EXIT_INPUT;
            }
            o.threads = (int)v;
        } else if (!strcmp(a, "--seed") && i + 1 < argc) {
            if (parse_count(argv[++i], &v)) {
                fprintf(stderr, "oreflow mc: --seed needs a non-negative integer\n");
                return ORF_EXIT_INPUT;
            }
            o.seed = v;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--csv") && i + 1 < argc) {
            csv = argv[++i];
        } else if (orf_cli_operand("mc", a, &file)) {
            return ORF_EXIT_INPUT;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: oreflow mc FILE [-n N] [-j THREADS] [--seed S] [--json] "
                        "[--csv FILE]\n");
        return ORF_EXIT_INPUT;
    }
    if (isatty(STDERR_FILENO) && mp->rank == 0)
        o.progress = progress_bar; /* rank 0's own share under MPI */
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx)
        return orf_cli_nomem();
    orf_cli_mpi_share(mp, &o);
    orf_mc_result r;
    orf_status st = orf_mc_run(ctx, file, &o, &r);
    /* rank 0 says why, once; another rank only when it failed and rank 0 did not */
    if (st && mp->rank != 0 && (mp->root_failed || (mp->active && !mp->self_failed))) {
        orf_ctx_free(ctx);
        return orf_cli_exit_code(st);
    }
    if (st)
        return orf_cli_fail_free(ctx, st);
    if (mp->rank != 0) { /* every rank holds the whole result: rank 0 writes it */
        orf_mc_result_fini(&r);
        orf_ctx_free(ctx);
        return ORF_EXIT_OK;
    }
    if (json) {
        orf_json j;
        orf_json_init(&j, stdout, 1);
        orf_mc_write_json(&r, &o, &j);
    } else {
        orf_mc_print(&r, stdout);
    }
    int rc = ORF_EXIT_OK;
    if (csv && (st = orf_mc_write_csv(ctx, &r, csv)) != ORF_OK)
        rc = orf_cli_exit_code(st);
    if (r.failed)
        fprintf(stderr,
                "oreflow mc: %zu of %zu samples failed and are left out; the first (sample %zu): "
                "%s\n",
                r.failed, r.n, r.first_failed, r.first_failure);
    orf_ctx_print_diags(ctx, stderr);
    orf_mc_result_fini(&r);
    orf_ctx_free(ctx);
    return rc;
}

int orf_cmd_mc(int argc, char **argv)
{
    orf_cli_mpi mp;
    if (orf_cli_mpi_begin(&mp) != 0)
        return ORF_EXIT_INPUT;
    int rc = mc_main(argc, argv, &mp);
    orf_cli_mpi_end(&mp);
    return rc;
}

int orf_cmd_sensitivity(int argc, char **argv)
{
    const char *file = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "oreflow sensitivity: unknown option '%s'\n", argv[i]);
            return ORF_EXIT_INPUT;
        } else if (!file)
            file = argv[i];
        else {
            fprintf(stderr, "oreflow sensitivity: more than one file given ('%s')\n", argv[i]);
            return ORF_EXIT_INPUT;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: oreflow sensitivity FILE [--json]\n");
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx)
        return orf_cli_nomem();
    orf_sens_result r;
    orf_status st = orf_sensitivity_run(ctx, file, &r);
    if (st)
        return orf_cli_fail_free(ctx, st);
    if (json) {
        orf_json j;
        orf_json_init(&j, stdout, 1);
        orf_sens_write_json(&r, &j);
    } else {
        orf_sens_print(&r, stdout);
    }
    orf_ctx_print_diags(ctx, stderr);
    orf_sens_result_fini(&r);
    orf_ctx_free(ctx);
    return ORF_EXIT_OK;
}
