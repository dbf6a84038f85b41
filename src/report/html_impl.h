/* oreflow — private interface of the HTML report's page and its sections (html.c, html_cells.c,
 * sec_*.c).
 *
 * The page is a table of sections (html.c): each row names the section's anchor, its title in
 * the table of contents, the top-level result key it needs (NULL: always shown) and the function
 * that writes it. A section renderer writes one <section> (or nothing when the result does not
 * carry its data) to r->fp, reading the result through r->v; it flags allocation failure in
 * r->oom and carries on. Adding a chart = one render function in the topic file it belongs to
 * (or a new sec_*.c) + one row in html.c's table.
 */
#ifndef ORF_HTML_IMPL_H
#define ORF_HTML_IMPL_H

#include "oreflow/unit.h" /* ORF_MAX_PORTS */
#include "report_impl.h"

/* At most this many curves on one chart. */
#define ORF__HTML_MAX_SERIES 8

typedef struct orf__html {
    orf_ctx *ctx;
    FILE *fp;
    const orf__report_view *v; /* the result, read once */
    int oom;                   /* an allocation failed: the page is incomplete */
    int nchart;                /* charts written so far (numbers their ids) */
} orf__html;

typedef void (*orf__html_render_fn)(orf__html *r);

typedef struct orf__html_section {
    const char *id;    /* anchor of the section (and of its link in the table of contents) */
    const char *title; /* link text in the table of contents; NULL: not listed */
    const char *needs; /* top-level result key the section needs, NULL: always rendered */
    orf__html_render_fn render;
} orf__html_section;

/* Write the page to fp (the body of orf_report_write_html). */
orf_status orf__report_html_fp(orf_ctx *ctx, const orf_node *result, FILE *fp);
/* The section table in page order (borrowed, static); its length through *n. */
const orf__html_section *orf__html_sections(size_t *n);

/* ---- cells and tables (html_cells.c) ------------------------------------------------------- */

/* A number with `sig` significant digits. */
void orf__html_num(orf__html *r, double v, int sig);
void orf__html_td_num(orf__html *r, double v, int sig);
/* A text cell ("–" for NULL). */
void orf__html_td_text(orf__html *r, const char *s);
/* A header cell for a key carrying its unit ("d50c_um" -> "d50c (µm)"). */
void orf__html_th_key(orf__html *r, const char *key);
void orf__html_th_text(orf__html *r, const char *text);
/* A unique chart id "chart-N-what". */
void orf__html_chart_id(orf__html *r, char *buf, size_t size, const char *what);
/* 1 when the key ends in "_usd". */
int orf__html_is_usd(const char *key);
/* Money totals are shown in millions of the currency (the workbook keeps full precision):
 * writes the header for a money key ("npv_usd" -> "NPV (M USD)", "revenue_usd_per_year" ->
 * "revenue (M USD/y)") and returns 1, or returns 0 when the key is no money total (prices per
 * tonne stay in USD/t). `plain_money`: a key without a unit suffix is money too (cash-flow
 * columns when the result names a currency: "revenue", "cit"). */
int orf__html_money_header(const char *key, const char *cur, int plain_money, char *buf,
                           size_t size);
/* A money total in millions with two decimals ("407.28"). */
void orf__html_td_musd(orf__html *r, double v);
/* Scalars (numbers and strings) of a map as a two-column table with id `id`. */
void orf__html_scalars_table(orf__html *r, const orf_node *m, const char *id);
/* A sequence of objects as a table (columns: the keys holding scalars). */
void orf__html_objects_table(orf__html *r, const orf_node *seq, const char *id);
/* `n` itself when a sequence, else its first member named in `keys` (NULL-terminated) that is a
 * sequence, else NULL. */
const orf_node *orf__html_find_list(const orf_node *n, const char *const *keys);

/* ---- sections, by topic -------------------------------------------------------------------- */

/* sec_flow.c: the plant and its streams */
void orf__sec_plant_summary(orf__html *r); /* plant summary and products */
void orf__sec_diagram(orf__html *r);       /* flowsheet diagram (Graphviz) */
void orf__sec_sankey(orf__html *r);        /* Sankey diagrams of solids and the element */
void orf__sec_streams(orf__html *r);       /* stream table */
void orf__sec_units(orf__html *r);         /* unit performance */
void orf__sec_balance(orf__html *r);       /* mass balance and solver */
/* sec_separation.c: curves (partition, size-by-size recovery, grade–recovery, sizes) */
void orf__sec_curves(orf__html *r);
/* sec_liberation.c: the liberation spectrum of each product (a chart of the curves section);
 * 1 when drawn */
int orf__liberation_chart(orf__html *r);
/* sec_money.c: economics (cash flow), Monte Carlo, sensitivity (tornado) */
void orf__sec_economics(orf__html *r);
void orf__sec_design(orf__html *r); /* equipment list and factored CAPEX (sec_design.c) */
void orf__sec_montecarlo(orf__html *r);
void orf__sec_sensitivity(orf__html *r);
/* sec_plant.c: plant data against the model */
void orf__sec_reconciliation(orf__html *r);
/* sec_compare.c: scenarios side by side, a portfolio of projects (each from root.KEY, or from
 * the root itself when it is the document `oreflow scenarios|portfolio --json` writes) */
void orf__sec_scenarios(orf__html *r);
void orf__sec_optimize(orf__html *r); /* sec_optimize.c */
void orf__sec_portfolio(orf__html *r);

#endif
