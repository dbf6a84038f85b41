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
    fflush(stdout); /* the run's table first, then these notes, also when both go to one pipe */
    if (dir) {
        st = orf_report_write_html(ctx, root, dir);
        if (!st)
            fprintf(stderr, "oreflow: wrote %s/report.html\n", dir);
    }
    /* a document that is no run result: said once, by the page */
    int no_result = dir && *dir && st == ORF_E_INPUT;
    if (xlsx && !no_result) {
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

/* Sections that other commands write as their own JSON documents and that the report shows
 * beside the run's result: `oreflow report RESULT.json DIR --mc MC.json`. */
static const char *const EXTRA_KEYS[] = {"mc", "sensitivity", "reconciliation", "scenarios",
                                         "portfolio"};
#define NEXTRA (sizeof EXTRA_KEYS / sizeof EXTRA_KEYS[0])

/* A map node holding the result's members plus the extra documents under their keys (an extra
 * replaces a member of the same name). Nodes are borrowed; the arrays are the caller's to free. */
static orf_status overlay(orf_ctx *ctx, const orf_node *root, orf_doc *const *extra,
                          orf_node *keynodes, orf_node *out)
{
    size_t cap = root->n + NEXTRA;
    *out = *root;
    out->n = 0;
    out->keys = orf_calloc(ctx, cap, sizeof *out->keys);
    out->items = orf_calloc(ctx, cap, sizeof *out->items);
    if (!out->keys || !out->items)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; i < root->n; i++) {
        int replaced = 0;
        for (size_t k = 0; k < NEXTRA; k++)
            if (extra[k] && !strcmp(root->keys[i]->str, EXTRA_KEYS[k]))
                replaced = 1;
        if (replaced)
            continue;
        out->keys[out->n] = root->keys[i];
        out->items[out->n++] = root->items[i];
    }
    for (size_t k = 0; k < NEXTRA; k++) {
        if (!extra[k])
            continue;
        memset(&keynodes[k], 0, sizeof keynodes[k]);
        keynodes[k].kind = ORF_NODE_SCALAR;
        keynodes[k].str = EXTRA_KEYS[k];
        /* a document that wraps the section under its own key ({"reconciliation": {...}}, as
         * 'oreflow reconcile --json' writes) gives that member */
        const orf_node *sec = orf_doc_root(extra[k]);
        if (orf_node_get(sec, EXTRA_KEYS[k]))
            sec = orf_node_get(sec, EXTRA_KEYS[k]);
        out->keys[out->n] = &keynodes[k];
        out->items[out->n++] = (orf_node *)sec;
    }
    return ORF_OK;
}

int orf_cmd_report(int argc, char **argv)
{
    const char *file = NULL, *dir = NULL, *xlsx = NULL, *extra_path[NEXTRA] = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int known = 0;
        for (size_t k = 0; k < NEXTRA; k++) {
            if (a[0] == '-' && a[1] == '-' && !strcmp(a + 2, EXTRA_KEYS[k]) && i + 1 < argc) {
                extra_path[k] = argv[++i];
                known = 1;
            }
        }
        if (known)
            continue;
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
        fputs("usage: oreflow report RESULT.json [DIR] [--xlsx FILE] [--mc MC.json]\n"
              "                      [--sensitivity SENS.json] [--reconciliation REC.json]\n"
              "                      [--scenarios SCEN.json] [--portfolio PF.json]\n"
              "  writes DIR/report.html and/or the workbook FILE from a saved run result\n"
              "  (oreflow run FLOWSHEET --json > RESULT.json), with the JSON of\n"
              "  'oreflow mc --json' / 'oreflow sensitivity --json' shown beside it\n",
              stderr);
        return ORF_EXIT_INPUT;
    }
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx)
        return orf_cli_nomem();
    orf_doc *doc = NULL, *extra[NEXTRA] = {0};
    orf_node keynodes[NEXTRA], root;
    memset(&root, 0, sizeof root);
    orf_status st = orf_doc_load(ctx, file, &doc);
    for (size_t k = 0; !st && k < NEXTRA; k++)
        if (extra_path[k])
            st = orf_doc_load(ctx, extra_path[k], &extra[k]);
    if (!st && orf_doc_root(doc)->kind != ORF_NODE_MAP)
        st = orf_diag_emit(ctx, ORF_E_INPUT, &orf_doc_root(doc)->loc, NULL,
                           "a run result must be a JSON object");
    if (!st)
        st = overlay(ctx, orf_doc_root(doc), extra, keynodes, &root);
    if (!st)
        st = write_outputs(ctx, &root, dir, xlsx);
    int rc = st ? orf_cli_fail(ctx, st) : ORF_EXIT_OK;
    orf_free(ctx, root.keys);
    orf_free(ctx, root.items);
    for (size_t k = 0; k < NEXTRA; k++)
        orf_doc_free(extra[k]);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
    return rc;
}
