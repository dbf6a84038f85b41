/* oreflow reconcile FLOWSHEET DATA [--json FILE] [--csv FILE] [--alpha A] [--quiet]
 * oreflow twoproduct --feed F --conc C --tail T [--sd SF,SC,ST]
 * oreflow threeproduct --feed FA,FB --conc1 A,B --conc2 A,B --tail A,B [--sd S]
 * Mass-balance reconciliation of plant data on a flowsheet's topology, and the n-product
 * formulas for a single node (docs/reconcile.md). */
#include "cli.h"
#include "oreflow/balance.h"
#include "oreflow/calibrate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int rec_usage(void)
{
    fputs("usage: oreflow reconcile FLOWSHEET DATA [--json FILE] [--csv FILE] [--alpha A] "
          "[--quiet]\n",
          stderr);
    return ORF_EXIT_INPUT;
}

int orf_cmd_reconcile(int argc, char **argv)
{
    const char *fsfile = NULL, *data = NULL, *json = NULL, *csv = NULL;
    int quiet = 0;
    orf_recon_opts opts = {0, 0, 0.05};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json") && i + 1 < argc)
            json = argv[++i];
        else if (!strcmp(a, "--csv") && i + 1 < argc)
            csv = argv[++i];
        else if (!strcmp(a, "--alpha") && i + 1 < argc) {
            if (!orf_parse_number(argv[++i], &opts.alpha) || !(opts.alpha > 0 && opts.alpha < 1))
                return fprintf(stderr, "oreflow reconcile: --alpha must be in (0, 1)\n"),
                       ORF_EXIT_INPUT;
        } else if (!strcmp(a, "--quiet"))
            quiet = 1;
        else if (a[0] == '-' && a[1])
            return rec_usage();
        else if (!fsfile)
            fsfile = a;
        else if (!data)
            data = a;
        else
            return rec_usage();
    }
    if (!fsfile || !data)
        return rec_usage();
    orf_ctx *ctx;
    orf_flowsheet *fs;
    int rc = orf_cli_load(fsfile, &ctx, &fs);
    if (rc)
        return rc;
    orf_plant_data *pd = NULL;
    orf_status st;
    /* A simulation, when it converges, seeds the reconciliation (guesses only). */
    if (orf_flowsheet_solve(fs, NULL) != ORF_OK) {
        orf_ctx_clear_diags(ctx);
        orf_flowsheet_reset(fs);
    }
    if ((st = orf_plant_data_load(ctx, fs, data, &pd))) {
        rc = orf_cli_fail(ctx, st);
        goto out;
    }
    orf_recon_info info;
    st = orf_plant_reconcile(ctx, pd, &opts, &info);
    if (st && st != ORF_E_NOT_CONVERGED) {
        rc = orf_cli_fail(ctx, st);
        goto out;
    }
    if (!quiet)
        orf_plant_write_table(pd, stdout);
    if (json) {
        orf_atomic a;
        if ((st = orf_atomic_open(ctx, &a, json))) {
            rc = orf_cli_fail(ctx, st);
            goto out;
        }
        orf_json j;
        orf_json_init(&j, a.fp, 1);
        orf_json_begin_object(&j);
        orf_json_key_string(&j, "oreflow_version", ORF_VERSION_STRING);
        orf_json_key(&j, "flowsheet");
        orf_json_begin_object(&j);
        orf_json_key_string(&j, "name", orf_flowsheet_name(fs));
        orf_json_key_string(&j, "file", fsfile);
        orf_json_end_object(&j);
        orf_json_key_string(&j, "data", data);
        orf_plant_write_json_section(pd, &j);
        orf_json_end_object(&j);
        orf_json_end(&j);
        if ((st = orf_atomic_commit(ctx, &a))) {
            rc = orf_cli_fail(ctx, st);
            goto out;
        }
    }
    if (csv && (st = orf_plant_write_csv(ctx, pd, csv))) {
        rc = orf_cli_fail(ctx, st);
        goto out;
    }
    if (info.converged == 0) {
        orf_ctx_print_diags(ctx, stderr);
        rc = ORF_EXIT_FAILED;
    }
out:
    orf_plant_data_free(pd);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return rc;
}

/* Parse "a,b,c" into at most n numbers; returns the count or -1. */
static int parse_list(const char *s, double *v, int n)
{
    int k = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (k == n || !orf_parse_number(tok, &v[k]))
            return -1;
        k++;
    }
    return k;
}

static int nprod_usage(void)
{
    fputs("usage: oreflow twoproduct --feed F --conc C --tail T [--sd SF,SC,ST]\n"
          "       oreflow threeproduct --feed FA,FB --conc1 A,B --conc2 A,B --tail A,B "
          "[--sd SF,SC1,SC2,ST]\n"
          "  assays in % (one component for two products, two for three); --sd gives one SD per "
          "stream (absolute, same units), applied to each of its assays\n",
          stderr);
    return ORF_EXIT_INPUT;
}

/* Shared by twoproduct (np = 2) and threeproduct (np = 3). */
static int nproduct_cmd(int np, int argc, char **argv)
{
    const char *names3[] = {"--feed", "--conc1", "--conc2", "--tail"};
    const char *names2[] = {"--feed", "--conc", "--tail"};
    const char *const *names = np == 2 ? names2 : names3;
    int nk = np - 1, nstreams = np + 1;
    double v[4][2], sd[4] = {0, 0, 0, 0};
    int have[4] = {0, 0, 0, 0}, have_sd = 0;
    for (int i = 1; i < argc; i++) {
        int k;
        for (k = 0; k < nstreams; k++)
            if (!strcmp(argv[i], names[k]))
                break;
        if (k < nstreams && i + 1 < argc) {
            if (parse_list(argv[++i], v[k], nk) != nk) {
                fprintf(stderr, "oreflow: %s needs %d assay value%s\n", names[k], nk,
                        nk > 1 ? "s" : "");
                return ORF_EXIT_INPUT;
            }
            have[k] = 1;
        } else if (!strcmp(argv[i], "--sd") && i + 1 < argc) {
            if (parse_list(argv[++i], sd, nstreams) != nstreams) {
                fprintf(stderr, "oreflow: --sd needs %d values\n", nstreams);
                return ORF_EXIT_INPUT;
            }
            for (int s = 0; s < nstreams; s++)
                if (!(sd[s] >= 0)) {
                    fprintf(stderr, "oreflow: --sd: standard deviations must be >= 0\n");
                    return ORF_EXIT_INPUT;
                }
            have_sd = 1;
        } else {
            return nprod_usage();
        }
    }
    for (int k = 0; k < nstreams; k++)
        if (!have[k])
            return nprod_usage();
    for (int k = 0; k < nstreams; k++)
        for (int c = 0; c < nk; c++)
            if (!(v[k][c] >= 0 && v[k][c] <= 100)) {
                fprintf(stderr, "oreflow: %s: assay %g outside 0..100 %%\n", names[k], v[k][c]);
                return ORF_EXIT_INPUT;
            }
    double feed[2], fsd[2], prod[6], psd[6];
    for (int c = 0; c < nk; c++) {
        feed[c] = v[0][c];
        fsd[c] = sd[0];
        for (int p = 0; p < np; p++) {
            prod[p * nk + c] = v[p + 1][c];
            psd[p * nk + c] = sd[p + 1];
        }
    }
    orf_nproduct_result r;
    orf_status st = orf_nproduct((size_t)np, (size_t)nk, feed, have_sd ? fsd : NULL, prod,
                                 have_sd ? psd : NULL, &r);
    if (st) {
        fprintf(stderr, "oreflow: the product assays cannot separate the products (singular "
                        "system)\n");
        return ORF_EXIT_FAILED;
    }
    /* A mass split outside 0..100 % means the feed is no mixture of the products: the assays
     * are impossible (two products: the feed assay is not between the others), bad input. */
    for (int p = 0; p < np; p++)
        if (!(r.split[p] >= 0 && r.split[p] <= 1)) {
            fprintf(stderr,
                    "oreflow: %s: impossible assays: the mass split of %s would be %.4g %%;",
                    np == 2 ? "twoproduct" : "threeproduct", names[p + 1] + 2, 100 * r.split[p]);
            for (int k = 0; k < nstreams; k++) {
                fprintf(stderr, " %s %g", names[k] + 2, v[k][0]);
                for (int c = 1; c < nk; c++)
                    fprintf(stderr, ",%g", v[k][c]);
            }
            fprintf(stderr, np == 2 ? " (the feed assay must lie between the concentrate and "
                                      "tail assays)\n"
                                    : " (the feed must be a mixture of the products)\n");
            return ORF_EXIT_INPUT;
        }
    printf("%-10s %14s", "product", "mass split %");
    for (int c = 0; c < nk; c++)
        printf("   recovery %c %%", 'A' + c);
    putchar('\n');
    for (int p = 0; p < np; p++) {
        printf("%-10s %7.3f", names[p + 1] + 2, 100 * r.split[p]);
        if (have_sd)
            printf(" ± %4.2f", 100 * r.split_sd[p]);
        else
            printf("       ");
        for (int c = 0; c < nk; c++) {
            printf("   %7.3f", 100 * r.recovery[p * nk + c]);
            if (have_sd)
                printf(" ± %4.2f", 100 * r.recovery_sd[p * nk + c]);
        }
        putchar('\n');
    }
    return ORF_EXIT_OK;
}

int orf_cmd_twoproduct(int argc, char **argv)
{
    return nproduct_cmd(2, argc, argv);
}
int orf_cmd_threeproduct(int argc, char **argv)
{
    return nproduct_cmd(3, argc, argv);
}

/* oreflow calibrate FLOWSHEET DATA --fit UNIT.PARAM [--fit ...] [--out FILE] */
int orf_cmd_calibrate(int argc, char **argv)
{
    const char *fsfile = NULL, *data = NULL, *outfile = NULL;
    orf_calib_param p[16];
    char names[16][128];
    size_t np = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--fit") && i + 1 < argc) {
            const char *s = argv[++i], *dot = strchr(s, '.');
            if (!dot || np == 16 || strlen(s) >= sizeof names[0]) {
                fprintf(stderr, "oreflow calibrate: --fit UNIT.PARAM (at most 16), got '%s'\n", s);
                return ORF_EXIT_INPUT;
            }
            snprintf(names[np], sizeof names[np], "%s", s);
            names[np][dot - s] = 0;
            memset(&p[np], 0, sizeof p[np]);
            p[np].unit = names[np];
            p[np].param = names[np] + (dot - s) + 1;
            np++;
        } else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            outfile = argv[++i];
        else if (argv[i][0] != '-' && !fsfile)
            fsfile = argv[i];
        else if (argv[i][0] != '-' && !data)
            data = argv[i];
        else
            np = 0, fsfile = NULL;
    }
    if (!fsfile || !data || np == 0) {
        fputs("usage: oreflow calibrate FLOWSHEET DATA --fit UNIT.PARAM [--fit ...] "
              "[--out FILE]\n",
              stderr);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx;
    orf_flowsheet *fs;
    int rc = orf_cli_load(fsfile, &ctx, &fs);
    if (rc)
        return rc;
    orf_plant_data *pd = NULL;
    orf_status st = ORF_OK;
    if (orf_flowsheet_solve(fs, NULL) != ORF_OK)
        st = ORF_E_NOT_CONVERGED; /* calibration needs a flowsheet that solves */
    if (!st)
        st = orf_plant_data_load(ctx, fs, data, &pd);
    orf_recon_info ri;
    if (!st)
        st = orf_plant_reconcile(ctx, pd, NULL, &ri);
    orf_calib_info ci;
    if (!st)
        st = orf_plant_calibrate(ctx, pd, np, p, &ci);
    if (st) {
        rc = orf_cli_fail(ctx, st);
        goto out;
    }
    printf("Calibration of %s to the reconciled data (%zu residuals%s, chi2 = %.3g on %d dof, "
           "%d iterations)\n\n%-32s %12s %12s %12s %14s\n",
           orf_flowsheet_name(fs), ci.nresid, ci.size_data_used ? " with size data" : "", ci.chi2,
           ci.dof, ci.iterations, "parameter", "initial", "fitted", "sd", "95 % interval");
    for (size_t k = 0; k < np; k++) {
        char nm[260];
        snprintf(nm, sizeof nm, "%s.%s", p[k].unit, p[k].param);
        printf("%-32s %12.6g %12.6g %12.3g   [%.6g, %.6g]\n", nm, p[k].initial, p[k].value, p[k].sd,
               p[k].value - p[k].ci95, p[k].value + p[k].ci95);
    }
    if (outfile && (st = orf_calib_write_yaml(ctx, fs, np, p, outfile)))
        rc = orf_cli_fail(ctx, st);
out:
    orf_plant_data_free(pd);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return rc;
}

/* oreflow survey FLOWSHEET PLAN [--seed N] [--exact] [--out FILE]: a synthetic measurement file
 * (the plan's quantities and SDs, the solved flowsheet's values plus Gaussian noise). */
int orf_cmd_survey(int argc, char **argv)
{
    const char *fsfile = NULL, *plan = NULL, *outfile = NULL;
    double seed = 1;
    int exact = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--seed") && i + 1 < argc) {
            if (!orf_parse_number(argv[++i], &seed) || !(seed >= 0) || seed != floor(seed) ||
                seed > 4294967295.0) {
                fputs("oreflow survey: --seed must be an integer 0..4294967295\n", stderr);
                return ORF_EXIT_INPUT;
            }
        } else if (!strcmp(a, "--exact"))
            exact = 1;
        else if (!strcmp(a, "--out") && i + 1 < argc)
            outfile = argv[++i];
        else if (a[0] != '-' && !fsfile)
            fsfile = a;
        else if (a[0] != '-' && !plan)
            plan = a;
        else
            fsfile = plan = NULL, i = argc;
    }
    if (!fsfile || !plan) {
        fputs("usage: oreflow survey FLOWSHEET PLAN [--seed N] [--exact] [--out FILE]\n"
              "  PLAN: a measurement file whose quantities and SDs are kept and whose values are\n"
              "  replaced by the solved flowsheet's plus N(0, sd^2) noise (none with --exact)\n",
              stderr);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx;
    orf_flowsheet *fs;
    int rc = orf_cli_load(fsfile, &ctx, &fs);
    if (rc)
        return rc;
    orf_plant_data *pd = NULL;
    orf_status st = orf_flowsheet_solve(fs, NULL);
    if (!st)
        st = orf_plant_data_load(ctx, fs, plan, &pd);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "oreflow survey %s %s --seed %.0f%s", fsfile, plan, seed,
             exact ? " --exact" : "");
    if (!st && outfile) {
        orf_atomic a;
        if (!(st = orf_atomic_open(ctx, &a, outfile))) {
            st = orf_plant_survey_write(ctx, pd, (unsigned long)seed, exact, cmd, a.fp);
            if (st)
                orf_atomic_abort(&a);
            else
                st = orf_atomic_commit(ctx, &a);
        }
    } else if (!st) {
        st = orf_plant_survey_write(ctx, pd, (unsigned long)seed, exact, cmd, stdout);
    }
    if (st)
        rc = orf_cli_fail(ctx, st);
    orf_plant_data_free(pd);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return rc;
}
