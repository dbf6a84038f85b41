/* oreflow — reports people read: a self-contained HTML page (inline SVG diagrams and charts) and
 * an Excel workbook, both rendered from the run's result JSON (schema in docs/json.md).
 *
 * The report reads the result as a located node tree (JSON is YAML: orf_doc_load parses it), so
 * sections written by other modules appear whenever the JSON carries them: `economics`
 * (cashflow, npv_usd, stages), `mc` (histograms, percentiles, samples), `sensitivity` (tornado)
 * and `reconciliation` (measured vs reconciled). docs/reports.md lists the keys read.
 *
 * Ownership: functions borrow their arguments; orf_report_result_doc gives the caller a document
 * to free with orf_doc_free. Files are written atomically (temp file, fsync, rename): on error the
 * old file stays untouched. Thread safety: one context per thread, as everywhere.
 */
#ifndef OREFLOW_REPORT_H
#define OREFLOW_REPORT_H

#include "common.h"
#include "flowsheet.h"
#include "node.h"
#include "output.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Write DIR/report.html (DIR is created with its parents) from the root of a run's result JSON.
 * Returns ORF_OK, ORF_E_INPUT (the tree is not a result: no 'streams' map), ORF_E_IO or
 * ORF_E_NOMEM, each with a diagnostic on ctx. */
ORF_API orf_status orf_report_write_html(orf_ctx *ctx, const orf_node *result, const char *dir);

/* Write an .xlsx workbook at `path` from the root of a run's result JSON: sheets Streams, Units,
 * Balance, Size distributions, and Economics / Monte Carlo samples / Reconciliation when the
 * result carries them. Numbers are stored as numbers, units of measure are in the headers, header
 * rows are frozen. Returns ORF_OK, ORF_E_INPUT, ORF_E_IO (also when oreflow was built without
 * libxlsxwriter) or ORF_E_NOMEM. */
ORF_API orf_status orf_report_write_xlsx(orf_ctx *ctx, const orf_node *result, const char *path);

/* Write the report's flowsheet diagram of a run's result JSON (root as above) to fp as one <svg>
 * element, laid out by Graphviz: every unit a <g id="unit-NAME">, every stream a
 * <g id="stream-NAME"> (`oreflow serve` sends it to the workbench page). ORF_OK, ORF_E_INPUT (not
 * a result), ORF_E_IO (Graphviz could not be started, or oreflow was built without it),
 * ORF_E_NOMEM. Thread safety: may be called from several threads (Graphviz calls are serialised
 * inside). */
ORF_API orf_status orf_report_diagram_svg(orf_ctx *ctx, const orf_node *result, FILE *fp);
/* Render a solved flowsheet's result JSON (orf_result_write_json with `extra`, may be NULL) in
 * memory and parse it back into a document whose root feeds the two writers above (what
 * `oreflow run --report/--xlsx` does). *out is NULL on error. */
ORF_API orf_status orf_report_result_doc(orf_ctx *ctx, const orf_flowsheet *fs,
                                         const orf_solve_info *info, orf_json_section_fn extra,
                                         void *extra_ud, orf_doc **out);

#ifdef __cplusplus
}
#endif
#endif
