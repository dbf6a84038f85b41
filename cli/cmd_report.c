/* oreflow report RESULT.json [DIR] [--xlsx FILE]: the HTML report and/or the Excel workbook of a
 * saved run result (`oreflow run FILE --json > RESULT.json`); and the helper behind
 * `oreflow run FILE --report DIR --xlsx FILE`. */
#include "cli.h"
#include "oreflow/report.h"

#include <stdio.h>
#include <string.h>

static orf_status write_outputs(orf_ctx *ctx, const orf_node *root, const char *dir,
                                const char *xlsx)
{
    orf_status st = ORF_OK, s2;
    if (dir) {
        st = orf_report_write_html(ctx, root, dir);
        if (!st)
            fprintf(stderr, "oreflow: wrote %s/report.html\n", dir);
    }
    if (xlsx) {
        s2 = orf_report_write_xlsx(ctx, root, xlsx);
        if (!s2)
            fprintf(stderr, "oreflow: wrote %s\n", xlsx);
        else if (!st)
            st = s2;
    }
    return st;
}

orf_status orf_cli_write_reports(orf_ctx *ctx, const orf_flowsheet *fs, const orf_solve_info *info,
                                 orf_json_section_fn extra, void *extra_ud, const char *dir,
                                 const char *xlsx)
{
    orf_doc *doc = NULL;
    if (!dir && !xlsx)
        return ORF_OK;
    orf_status st = orf_report_result_doc(ctx, fs, info, extra, extra_ud, &doc);
    if (!st)
        st = write_outputs(ctx, orf_doc_root(doc), dir, xlsx);
    orf_doc_free(doc);
    return st;
}

int orf_cmd_report(int argc, char **argv)
{
    const char *file = NULL, *dir = NULL, *xlsx = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--xlsx") && i + 1 < argc) {
            xlsx = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "oreflow report: unknown or incomplete option '%s'\n", a);
            return ORF_EXIT_INPUT;
        } else if (!file) {
            file = a;
        } else if (!dir) {
            dir = a;
        } else {
            fprintf(stderr, "oreflow report: too many arguments ('%s')\n", a);
            return ORF_EXIT_INPUT;
        }
    }
    if (!file || (!dir && !xlsx)) {
        fputs("usage: oreflow report RESULT.json [DIR] [--xlsx FILE]\n"
              "  writes DIR/report.html and/or the workbook FILE from a saved run result\n"
              "  (oreflow run FLOWSHEET --json > RESULT.json)\n",
              stderr);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return ORF_EXIT_FAILED;
    orf_doc *doc = NULL;
    orf_status st = orf_doc_load(ctx, file, &doc);
    if (!st)
        st = write_outputs(ctx, orf_doc_root(doc), dir, xlsx);
    int rc = st ? orf_cli_fail(ctx, st) : ORF_EXIT_OK;
    orf_doc_free(doc);
    orf_ctx_free(ctx);
    return rc;
}
