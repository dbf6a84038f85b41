/* oreflow optimize FILE [--spec OPT.yaml] [--method slsqp|cobyla|global|isres] [-j THREADS]
 *                       [--json OUT] [--report DIR] [--write-optimum OUT.yaml [--overwrite]]
 * (issue 21, part 1; docs/optimize.md); also under mpirun / srun: the evaluations spread over
 * the ranks and threads (cli/opt_share.c, docs/cluster.md), rank 0 writes the output. */
#include "cli.h"
#include "opt_share.h"
#include "oreflow/optimize.h"
#include "oreflow/report.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_flag;

static void on_sigint(int sig)
{
    stop_flag = 1;
    if (sig == SIGINT)
        signal(SIGINT, SIG_DFL); /* a second Ctrl-C ends the program at once */
}

/* The results by path: the run's JSON with the economics section (output floor). */
static int lookup(void *ud, orf_flowsheet *fs, const orf_solve_info *info, orf_econ *e, size_t n,
                  const char *const *paths, double *out)
{
    (void)ud;
    return orf_result_lookup(fs, info, e ? orf_econ_json_section : NULL, e, n, paths, out);
}

/* DIR/report.html: the result's JSON rendered in memory and parsed back (as `oreflow scenarios`).
 */
static orf_status write_page(orf_ctx *ctx, const orf_opt_result *res, const char *dir)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    orf_json j;
    orf_json_init(&j, fp, 0);
    orf_json_begin_object(&j);
    orf_opt_write_json(res, &j);
    orf_json_end_object(&j);
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad || !buf) {
        free(buf);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    orf_doc *doc = NULL;
    orf_status st = orf_doc_load_string(ctx, "<result>", buf, len, &doc);
    free(buf);
    if (st == ORF_OK)
        st = orf_report_write_html(ctx, orf_doc_root(doc), dir);
    orf_doc_free(doc);
    if (st == ORF_OK)
        fprintf(stderr, "oreflow: wrote %s/report.html\n", dir);
    return st;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: oreflow optimize FILE [--spec OPT.yaml] [--method slsqp|cobyla|global|isres] "
            "[-j THREADS] [--json OUT|-] [--report DIR] [--write-optimum OUT.yaml "
            "[--overwrite]]\n");
    return ORF_EXIT_INPUT;
}

static int optimize_main(int argc, char **argv, orf_cli_mpi *mp)
{
    const char *file = NULL, *json = NULL, *outy = NULL, *dir = NULL;
    int overwrite = 0, threads = 1;
    orf_opt_opts o;
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json") && i + 1 < argc)
            json = argv[++i];
        else if (!strcmp(a, "--write-optimum") && i + 1 < argc)
            outy = argv[++i];
        else if (!strcmp(a, "--report") && i + 1 < argc)
            dir = argv[++i];
        else if (!strcmp(a, "--spec") && i + 1 < argc)
            o.spec_path = argv[++i];
        else if (!strcmp(a, "--overwrite"))
            overwrite = 1;
        else if ((!strcmp(a, "-j") || !strcmp(a, "--threads")) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (!*argv[i] || *end || v < 1 || v > 1024) {
                fprintf(stderr, "oreflow optimize: -j needs a thread count from 1 to 1024\n");
                return ORF_EXIT_INPUT;
            }
            threads = (int)v;
        } else if (!strcmp(a, "--method") && i + 1 < argc) {
            const char *m = argv[++i];
            o.method = !strcmp(m, "slsqp")    ? ORF_OPT_SLSQP
                       : !strcmp(m, "cobyla") ? ORF_OPT_COBYLA
                       : !strcmp(m, "global") ? ORF_OPT_GLOBAL
                       : !strcmp(m, "isres")  ? ORF_OPT_ISRES
                                              : ORF_OPT_DEFAULT;
            if (o.method == ORF_OPT_DEFAULT) {
                fprintf(stderr,
                        "oreflow optimize: --method '%s' is not slsqp, cobyla, global or isres\n",
                        m);
                return ORF_EXIT_INPUT;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "oreflow optimize: unknown or incomplete option '%s'\n", a);
            return usage();
        } else if (!file)
            file = a;
        else {
            fprintf(stderr, "oreflow optimize: too many files ('%s')\n", a);
            return usage();
        }
    }
    if (!file)
        return usage();
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx)
        return orf_cli_nomem();
    o.lookup = lookup;
    o.stop = &stop_flag;
    stop_flag = 0;
    void (*old)(int) = signal(SIGINT, on_sigint);
    /* SIGUSR1 too: mpirun ends the job on SIGINT but forwards SIGUSR1 to the ranks */
    void (*old1)(int) = signal(SIGUSR1, on_sigint);
    orf_opt_result r;
    orf_cli_opt_spread sp;
    orf_status st = orf_cli_opt_run(ctx, file, &o, threads, mp, &r, &sp);
    signal(SIGINT, old == SIG_ERR ? SIG_DFL : old);
    signal(SIGUSR1, old1 == SIG_ERR ? SIG_DFL : old1);
    /* rank 0 says why, once; another rank only when it failed and rank 0 did not */
    if (st && mp->rank != 0 && (sp.root_failed || !sp.self_failed)) {
        orf_opt_result_fini(&r);
        orf_ctx_free(ctx);
        return orf_cli_exit_code(st);
    }
    if (st) {
        orf_opt_result_fini(&r);
        return orf_cli_fail_free(ctx, st);
    }
    if (mp->rank != 0) { /* every rank holds the same result: rank 0 writes it */
        int rc = (!strcmp(r.status, "optimal") || !strcmp(r.status, "max_evaluations"))
                     ? ORF_EXIT_OK
                     : ORF_EXIT_FAILED;
        orf_opt_result_fini(&r);
        orf_ctx_free(ctx);
        return rc;
    }
    if (json) {
        orf_atomic a;
        FILE *fp = stdout;
        if (strcmp(json, "-") && (st = orf_atomic_open(ctx, &a, json)) == ORF_OK)
            fp = a.fp;
        if (st == ORF_OK) {
            orf_json j;
            orf_json_init(&j, fp, 1);
            orf_json_begin_object(&j);
            orf_opt_write_json(&r, &j);
            orf_json_end_object(&j);
            orf_json_end(&j);
            if (fp != stdout)
                st = orf_atomic_commit(ctx, &a);
        }
    }
    if (!json || strcmp(json, "-"))
        orf_opt_print(&r, stdout);
    if (st == ORF_OK && dir)
        st = write_page(ctx, &r, dir);
    if (st == ORF_OK && outy && (r.feasible || !strcmp(r.status, "interrupted"))) {
        st = orf_opt_write_optimum(ctx, &r, file, outy, overwrite);
        if (st == ORF_OK)
            fprintf(stderr, "oreflow: wrote %s\n", outy);
    } else if (st == ORF_OK && outy)
        fprintf(stderr, "oreflow optimize: no feasible point: %s not written\n", outy);
    int rc = st == ORF_E_NOMEM ? ORF_EXIT_NOMEM
             : st != ORF_OK    ? ORF_EXIT_INPUT
             : (!strcmp(r.status, "optimal") || !strcmp(r.status, "max_evaluations"))
                 ? ORF_EXIT_OK
                 : ORF_EXIT_FAILED;
    if (st == ORF_OK && rc)
        fprintf(stderr, "oreflow optimize: %s (%s)\n", r.status, r.message);
    orf_ctx_print_diags(ctx, stderr);
    orf_opt_result_fini(&r);
    orf_ctx_free(ctx);
    return rc;
}

int orf_cmd_optimize(int argc, char **argv)
{
    orf_cli_mpi mp;
    if (orf_cli_mpi_begin(&mp) != 0)
        return ORF_EXIT_INPUT;
    int rc = optimize_main(argc, argv, &mp);
    orf_cli_mpi_end(&mp);
    return rc;
}
