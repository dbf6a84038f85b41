/* oreflow run / oreflow check. */
#include "cli.h"
#include "oreflow/scenario.h"
#include "oreflow/design.h"
#include "oreflow/econ.h"
#include "oreflow/mc.h"
#include "oreflow/optimize.h"

#include <stdio.h>
#include <string.h>

typedef struct run_opts {
    const char *file;
    int json, quiet;
    const char *csv_dir;
    const char *report_dir, *xlsx; /* cmd_report.c */
} run_opts;

static int parse(int argc, char **argv, run_opts *o, const char *verb)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json"))
            o->json = 1;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            o->quiet = 1;
        else if (!strcmp(a, "--csv") && i + 1 < argc)
            o->csv_dir = argv[++i];
        else if (!strcmp(a, "--report") && i + 1 < argc)
            o->report_dir = argv[++i];
        else if (!strcmp(a, "--xlsx") && i + 1 < argc)
            o->xlsx = argv[++i];
        else if (orf_cli_operand(verb, a, &o->file))
            return -1;
    }
    if (!o->file) {
        fprintf(stderr, "usage: oreflow %s FILE%s\n", verb,
                strcmp(verb, "run")
                    ? ""
                    : " [--json] [--csv DIR] [--report DIR] [--xlsx FILE] [--quiet]");
        return -1;
    }
    return 0;
}

/* The run's extra JSON sections (cli.h): the equipment list and factored CAPEX ("design"), then
 * the economics; `oreflow serve`'s solve writes the same (cli/serve_api.c). */
void orf_cli_run_json_sections(void *ud, orf_json *j)
{
    const orf_cli_run_sections *r = ud;
    if (r->design)
        orf_design_json_section(r->design, j);
    if (r->econ)
        orf_econ_json_section(r->econ, j);
}

void orf_cli_run_solve(orf_ctx *ctx, orf_flowsheet *fs, orf_econ **econ, orf_cli_run_out *out)
{
    out->solve = orf_flowsheet_solve(fs, &out->info);
    out->st = out->solve;
    out->design_st = ORF_OK;
    out->design = NULL;
    if (!out->st || out->st == ORF_E_NOT_CONVERGED || out->st == ORF_E_SPEC) {
        out->design_st = orf_design_compute(ctx, fs, &out->design);
        if (out->design_st && !out->st)
            out->st = out->design_st;
    }
    out->econ_st = *econ && !out->st ? orf_econ_eval(*econ) : ORF_OK;
    if (out->econ_st == ORF_E_NUMERIC)
        orf_diag_warn(ctx, NULL, NULL,
                      "economics: the cash flow is not finite (check prices, "
                      "rates and the simulated quantities)");
    if (*econ && (out->st || (out->econ_st != ORF_OK && out->econ_st != ORF_E_NUMERIC))) {
        orf_econ_free(*econ);
        *econ = NULL;
    }
}

orf_status orf_cli_check_sections(orf_ctx *ctx, orf_flowsheet *fs)
{
    /* every section `run` and `mc` load, through the same functions (issue 15, finding 6) */
    orf_econ *econ = NULL;
    orf_status st = orf_econ_load(ctx, fs, &econ);
    if (!st)
        st = orf_mc_check(ctx, fs, econ);
    if (!st)
        st = orf_scenarios_check(ctx, fs, econ);
    if (!st)
        st = orf_design_check(ctx, fs);
    if (!st)
        st = orf_opt_check(ctx, fs, econ);
    orf_econ_free(econ);
    return st;
}

int orf_cmd_run(int argc, char **argv)
{
    run_opts o;
    if (parse(argc, argv, &o, "run"))
        return ORF_EXIT_INPUT;
    orf_ctx *ctx;
    orf_flowsheet *fs;
    int rc = orf_cli_load(o.file, &ctx, &fs);
    if (rc)
        return rc;
    orf_econ *econ = NULL; /* economics section, if the file has one (issue 6) */
    orf_status st = orf_econ_load(ctx, fs, &econ);
    if (st) {
        rc = orf_cli_fail(ctx, st);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        return rc;
    }
    orf_cli_run_out r;
    orf_cli_run_solve(ctx, fs, &econ, &r);
    orf_solve_info info = r.info;
    orf_design *design = r.design;
    st = r.st;
    rc = orf_cli_exit_code(r.solve);
    if (r.design_st)
        rc = orf_cli_exit_code(r.design_st);
    if (r.econ_st != ORF_OK && r.econ_st != ORF_E_NUMERIC) /* e.g. a schedule period unsolved */
        rc = orf_cli_exit_code(r.econ_st);
    orf_cli_run_sections sec = {design, econ};
    if (o.json)
        orf_result_write_json(fs, &info, stdout, orf_cli_run_json_sections, &sec);
    else if (!o.quiet) {
        orf_result_write_table(fs, &info, stdout);
        orf_design_print(design, stdout);
        if (econ)
            orf_econ_print(econ, stdout);
    }
    if (!st && o.csv_dir) {
        orf_status cs = orf_result_write_csv(ctx, fs, o.csv_dir);
        if (!cs && econ) {
            char path[4096];
            snprintf(path, sizeof path, "%s/economics.csv", o.csv_dir);
            cs = orf_econ_write_csv(ctx, econ, path);
        }
        if (cs)
            rc = orf_cli_exit_code(cs);
    }
    if ((!st || st == ORF_E_NOT_CONVERGED || st == ORF_E_SPEC) && (o.report_dir || o.xlsx)) {
        orf_status rs = orf_cli_write_reports(ctx, fs, &info, orf_cli_run_json_sections, &sec,
                                              o.report_dir, o.xlsx);
        if (rs && !rc)
            rc = orf_cli_exit_code(rs);
    }
    orf_econ_free(econ);
    orf_design_free(design);
    fflush(stdout);
    orf_ctx_print_diags(ctx, stderr);
    if (st && !o.json)
        fprintf(stderr, "oreflow: run failed: %s\n", orf_status_message(st));
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return rc;
}

int orf_cmd_check(int argc, char **argv)
{
    run_opts o;
    if (parse(argc, argv, &o, "check"))
        return ORF_EXIT_INPUT;
    orf_ctx *ctx;
    orf_flowsheet *fs;
    int rc = orf_cli_load(o.file, &ctx, &fs);
    if (rc)
        return rc;
    orf_status st = orf_cli_check_sections(ctx, fs);
    if (st) {
        rc = orf_cli_fail(ctx, st);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        return rc;
    }
    orf_ctx_print_diags(ctx, stderr); /* warnings */
    printf("%s: ok (%zu units, %zu streams, %zu materials, %zu size × %zu composition "
           "classes)\n",
           o.file, orf_flowsheet_unit_count(fs), orf_flowsheet_stream_count(fs),
           orf_flowsheet_system(fs)->nm, orf_flowsheet_system(fs)->ns,
           orf_flowsheet_system(fs)->nc);
    /* a stream is nvar doubles (particulate cells, bulk materials, temperature) */
    size_t nvar = orf_flowsheet_system(fs)->nvar, nstreams = orf_flowsheet_stream_count(fs);
    printf("memory: %zu bytes per stream (%zu values), %.3g MB for the %zu streams\n", 8 * nvar,
           nvar, 8e-6 * (double)nvar * (double)nstreams, nstreams);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return ORF_EXIT_OK;
}
