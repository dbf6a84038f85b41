/* oreflow scenarios FILE [SCENARIOS.yaml] [--json] [--report DIR]
 * oreflow portfolio A.yaml B.yaml ... [--json] [--report DIR]
 * (issue 18, parts 4 and 5; docs/format.md "Scenarios" and "Portfolio") */
#include "cli.h"
#include "oreflow/portfolio.h"
#include "oreflow/report.h"
#include "oreflow/scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*json_fn)(const void *r, orf_json *j);

static void scen_json(const void *r, orf_json *j)
{
    orf_scenarios_write_json(r, j);
}

static void pf_json(const void *r, orf_json *j)
{
    orf_portfolio_write_json(r, j);
}

/* The result's JSON rendered in memory and parsed back, for the report page. */
static orf_status write_page(orf_ctx *ctx, json_fn fn, const void *res, const char *dir)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    orf_json j;
    orf_json_init(&j, fp, 0);
    fn(res, &j);
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

int orf_cmd_scenarios(int argc, char **argv)
{
    const char *file = NULL, *extra = NULL, *dir = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--report") && i + 1 < argc) {
            dir = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "oreflow scenarios: unknown or incomplete option '%s'\n", a);
            return ORF_EXIT_INPUT;
        } else if (!file) {
            file = a;
        } else if (!extra) {
            extra = a;
        } else {
            fprintf(stderr, "oreflow scenarios: too many files ('%s')\n", a);
            return ORF_EXIT_INPUT;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: oreflow scenarios FILE [SCENARIOS.yaml] [--json] [--report DIR]\n");
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx)
        return orf_cli_nomem();
    orf_scenario_result r;
    orf_status st = orf_scenarios_run(ctx, file, extra, &r);
    if (st)
        return orf_cli_fail_free(ctx, st);
    if (dir && (st = write_page(ctx, scen_json, &r, dir)) != ORF_OK) {
        orf_scenario_result_fini(&r);
        return orf_cli_fail_free(ctx, st);
    }
    if (json) {
        orf_json j;
        orf_json_init(&j, stdout, 1);
        orf_scenarios_write_json(&r, &j);
    } else {
        orf_scenarios_print(&r, stdout);
    }
    int rc = ORF_EXIT_OK;
    if (r.failed) {
        fprintf(stderr, "oreflow scenarios: %zu of %zu scenarios failed\n", r.failed, r.n - 1);
        for (size_t i = 1; i < r.n; i++)
            if (r.sc[i].failed)
                fprintf(stderr, "  %s: %s\n", r.sc[i].name, r.sc[i].why);
        rc = ORF_EXIT_FAILED;
    }
    orf_ctx_print_diags(ctx, stderr);
    orf_scenario_result_fini(&r);
    orf_ctx_free(ctx);
    return rc;
}

int orf_cmd_portfolio(int argc, char **argv)
{
    const char *dir = NULL;
    int json = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n = 0;
    if (!files)
        return orf_cli_nomem();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--report") && i + 1 < argc) {
            dir = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "oreflow portfolio: unknown or incomplete option '%s'\n", a);
            free(files);
            return ORF_EXIT_INPUT;
        } else {
            files[n++] = a;
        }
    }
    if (!n) {
        fprintf(stderr, "usage: oreflow portfolio A.yaml B.yaml ... [--json] [--report DIR]\n");
        free(files);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx) {
        free(files);
        return orf_cli_nomem();
    }
    orf_portfolio_result r;
    orf_status st = orf_portfolio_run(ctx, files, n, &r);
    free(files);
    if (st)
        return orf_cli_fail_free(ctx, st);
    if (dir && (st = write_page(ctx, pf_json, &r, dir)) != ORF_OK) {
        orf_portfolio_result_fini(&r);
        return orf_cli_fail_free(ctx, st);
    }
    if (json) {
        orf_json j;
        orf_json_init(&j, stdout, 1);
        orf_portfolio_write_json(&r, &j);
    } else {
        orf_portfolio_print(&r, stdout);
    }
    orf_ctx_print_diags(ctx, stderr);
    orf_portfolio_result_fini(&r);
    orf_ctx_free(ctx);
    return ORF_EXIT_OK;
}
