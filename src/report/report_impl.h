/* oreflow — private interface of the report module (the files of src/report).
 *
 * The report renders from the run's result JSON (docs/json.md), parsed into an orf_node tree and
 * read once into an orf__report_view (view.c) that the HTML page and the workbook share.
 * Charts are written as inline SVG straight to the report's FILE*; nothing here keeps global
 * state. Ownership: every function borrows its arguments; arrays returned through `double **`
 * are allocated with orf_malloc and freed by the caller with orf_free.
 */
#ifndef ORF_REPORT_IMPL_H
#define ORF_REPORT_IMPL_H

#include "oreflow/common.h"
#include "oreflow/node.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>

/* NaN as a double (NAN is a float: mixing it into double conditionals trips -Wdouble-promotion). */
#define ORF__NAN ((double)NAN)

/* ---- the result as both writers see it (view.c) -------------------------------------------- */

/* What the HTML report and the workbook read from a run result, validated once: the root is a
 * map with a `streams` map; `units` is a map or NULL. Nodes are borrowed from the result tree;
 * the strings from the tree or from `vel_buf`. */
typedef struct orf__report_view {
    const orf_node *root;
    const orf_node *streams;   /* map stream name -> stream (never NULL) */
    const orf_node *units;     /* map unit name -> unit, or NULL */
    const orf_node *system;    /* system block, or NULL */
    const orf_node *assays;    /* system.assays when a sequence, else NULL */
    const orf_node *economics; /* top-level sections as found (any kind), or NULL */
    const orf_node *mc;
    const orf_node *sensitivity;
    const orf_node *reconciliation;
    const char *key_assay; /* first of system.assays (e.g. Cr2O3), or NULL */
    const char *vel;       /* valuable element (e.g. Cr), or NULL */
    const char *currency;  /* economics.currency, or NULL */
    char vel_buf[16];      /* the database's default valuable element when used */
} orf__report_view;

/* Fill `v` from a run result. The valuable element is system.valuable_element, else
 * report.valuable_element, else the materials database's default valuable element when the
 * streams carry it, else the first element of a stream's element_tph. Returns ORF_OK, or
 * ORF_E_INPUT with a located diagnostic when `result` is no run result. */
orf_status orf__report_view_init(orf_ctx *ctx, const orf_node *result, orf__report_view *v);

/* Stream by name (NULL for a NULL name or an unknown stream). */
const orf_node *orf__view_stream(const orf__report_view *v, const char *name);
/* solids_tph of a stream (NaN when absent). */
double orf__view_solids(const orf_node *s);
/* t/h of the valuable element in a stream: element_tph, else solids × element assay. */
double orf__view_vel_tph(const orf__report_view *v, const orf_node *s);
/* Assay (mass %) of the key assay in a stream (NaN when absent). */
double orf__view_key_grade(const orf__report_view *v, const orf_node *s);
/* 1 when the unit's type is `type`. */
int orf__view_is_type(const orf_node *u, const char *type);
/* A stream is a feed when no unit (or a unit of type feed) makes it, a product when no unit (or a
 * unit of type product) takes it. */
int orf__view_is_feed(const orf__report_view *v, const orf_node *s);
int orf__view_is_product(const orf__report_view *v, const orf_node *s);
/* Streams into / out of a unit by name: "in" is a list (or a map port -> stream), "out" a map
 * port -> stream (or a list). Writes at most max names (ports NULL for a list); returns the
 * count. */
size_t orf__view_port_streams(const orf_node *list, const char **names, const char **ports,
                              size_t max);

/* ---- reading the result JSON ------------------------------------------------------------- */

/* Number held by a scalar node (NaN for null, strings, non-scalars or NULL). */
double orf__jnum(const orf_node *n);
/* Text of a scalar node (NULL for null or non-scalars). */
const char *orf__jstr(const orf_node *n);
/* Member of a map by dotted path ("mc.npv_usd.p50"); NULL when absent. */
const orf_node *orf__jpath(const orf_node *n, const char *path);
/* Number at a dotted path (NaN when absent). */
double orf__jpath_num(const orf_node *n, const char *path);
/* Copy a sequence of numbers into a new array (null items become NaN). Returns the count, 0 for
 * an empty sequence or a non-sequence (then *out is NULL); sets *oom on allocation failure. */
size_t orf__jarray(orf_ctx *ctx, const orf_node *seq, double **out, int *oom);
/* 1 when `seq` is a non-empty sequence whose items are all numbers (or null). */
int orf__jis_numarray(const orf_node *seq);
/* Table columns of a sequence of objects: the keys that hold scalars, in first-seen order, at most
 * max (borrowed from the nodes; non-map items are skipped). Returns the count. */
size_t orf__jscalar_keys(const orf_node *seq, const char **cols, size_t max);

/* Human label for a key carrying its unit of measure: "d50c_um" -> "d50c (µm)",
 * "npv_usd" -> "npv (USD)". Writes at most `size` bytes (always terminated). */
void orf__pretty_key(const char *key, char *buf, size_t size);

/* Write text escaped for XML/HTML content and attribute values. */
void orf__xml_text(FILE *fp, const char *s);
/* Write an identifier usable as an XML id and CSS selector: [A-Za-z0-9_-] kept, other bytes as
 * '_' + two hex digits (so distinct names stay distinct unless they differ only in such bytes). */
void orf__xml_id(FILE *fp, const char *prefix, const char *name);
/* Same, into a buffer (truncated to size, always terminated). */
void orf__xml_id_buf(char *buf, size_t size, const char *prefix, const char *name);

/* ---- chart primitives (svg.c) ------------------------------------------------------------ */

#define ORF__MAX_TICKS 64
#define ORF__MAX_LABELS 48

/* Colour-blind-safe palette (Okabe & Ito, 2008, "Color Universal Design"). */
const char *orf__color(int i);

/* "Nice" linear ticks covering [lo, hi] with at most about `maxn` intervals (Heckbert, "Nice
 * numbers for graph labels", Graphics Gems, 1990). Writes ticks, returns their count (>= 2) and
 * the step through *step. */
size_t orf__nice_ticks(double lo, double hi, int maxn, double *ticks, double *step);
/* Decade ticks for a log axis over [lo, hi] (lo > 0): major ticks at 10^k; with minor != 0 also
 * 2..9 x 10^k. Returns the count. */
size_t orf__log_ticks(double lo, double hi, int minor, double *ticks);
/* Format a tick value with the decimals its step needs ("0.25", "1500", "1e-05"). */
void orf__fmt_tick(char *buf, size_t size, double v, double step);
/* Format a number for tables with `sig` significant digits and thousands kept plain. */
void orf__fmt_num(char *buf, size_t size, double v, int sig);

typedef struct orf__axis {
    double lo, hi; /* data range, widened by orf__axis_include; nice-rounded at chart start */
    int log;       /* logarithmic (base 10) */
    int zero;      /* include 0 in a linear range */
    const char *label;
    const char *const *cats; /* category axis labels (bars), or NULL */
    size_t ncats;
    double ticks[ORF__MAX_TICKS];
    size_t nticks;
    double step;
} orf__axis;

void orf__axis_init(orf__axis *a, const char *label, int log);
void orf__axis_include(orf__axis *a, const double *v, size_t n);
/* Widen the range to hold 0..100 (a percentage axis). */
void orf__axis_include_pct(orf__axis *a);
void orf__axis_categories(orf__axis *a, const char *const *cats, size_t n);

typedef struct orf__chart {
    FILE *fp;
    double w, h;           /* viewBox size */
    double ml, mr, mt, mb; /* margins around the plot area */
    orf__axis x, y;
    char id[96];
    const char *const *leg_names, *const *leg_colors, *const *leg_dashes;
    size_t nleg;
    double leg_h;
    double lbox[ORF__MAX_LABELS][4]; /* boxes of the point labels placed so far (x0 y0 x1 y1) */
    size_t nlbox;
} orf__chart;

/* Start a chart: fixes the axes' ranges and ticks, writes <figure><svg>, the title, the grid,
 * the axes with ticks and labels, and opens the clipped plot group. */
void orf__chart_begin(orf__chart *c, FILE *fp, const char *id, const char *title, double w,
                      double h);
double orf__chart_px(const orf__chart *c, double x);
double orf__chart_py(const orf__chart *c, double y);
/* Polyline through (x[i], y[i]) skipping NaN points; dash NULL for solid; markers != 0 adds
 * circles. `name` becomes the tooltip. */
void orf__chart_line(orf__chart *c, const double *x, const double *y, size_t n, const char *color,
                     const char *dash, int markers, const char *name);
/* Vertical bars at category positions i (x axis has categories): slot `k` of `nk` side by side. */
void orf__chart_bars(orf__chart *c, const double *y, size_t n, const char *color, int k, int nk,
                     const char *name);
/* Histogram: counts[i] over [edges[i], edges[i+1]]. */
void orf__chart_hist(orf__chart *c, const double *edges, const double *counts, size_t nbins,
                     const char *color);
/* Vertical marker line at x with a label at the top. */
void orf__chart_vline(orf__chart *c, double x, const char *color, const char *label);
/* Text label at data point (x, y): at the first spot around the point (above right, below
 * right, above left, below left, right, left) that overlaps no label placed before and stays in
 * the plot; where none is free, the text becomes the point's tooltip only. */
void orf__chart_label(orf__chart *c, double x, double y, const char *text);
/* Legend (call before orf__chart_begin, which reserves room for it): items flow below the x axis
 * label. The arrays are borrowed until orf__chart_end. dashes may be NULL. */
void orf__chart_legend(orf__chart *c, const char *const *names, const char *const *colors,
                       const char *const *dashes, size_t n);
/* Close the plot group, the svg and the figure (with an optional caption). */
void orf__chart_end(orf__chart *c, const char *caption);

/* ---- Sankey diagram (sankey.c) ------------------------------------------------------------ */

typedef enum { ORF__SK_FEED, ORF__SK_UNIT, ORF__SK_PRODUCT } orf__sk_kind;

typedef struct orf__sk_node {
    const char *name;
    orf__sk_kind kind;
    /* layout output */
    int col;
    double value;   /* max(sum in, sum out) */
    double x, y, h; /* top-left corner and height, in px */
    int hidden;     /* no flow: not drawn, takes no room */
    /* label placement output (orf__sankey_labels); coordinates as x, y */
    double lx, ly; /* anchor of the text: x by lanchor, y of the baseline */
    double lw;     /* estimated text width, px */
    int lanchor;   /* -1: text ends at lx, 0: centred on lx, 1: starts at lx */
    int lchars;    /* bytes of the name shown; < strlen(name): truncated, "…" appended */
    int lvalue;    /* 1: the value and unit follow the name */
    int lshown;    /* 0: no label (the name is in the node's tooltip only) */
    int lleader;   /* 1: moved aside: a leader line joins the node and the label */
    /* scratch */
    double in_sum, out_sum, key;
    int state; /* DFS colour */
} orf__sk_node;

typedef struct orf__sk_link {
    int src, dst; /* node indices */
    double value;
    const char *name;
    /* layout output */
    int back;      /* 1: closes a cycle (recycle stream), drawn below the diagram */
    double w;      /* band width px */
    double y0, y1; /* centre of the band at the source's right / target's left edge */
    double lane;   /* back links: y of the return lane */
} orf__sk_link;

typedef struct orf__sankey {
    orf__sk_node *nodes;
    size_t nn;
    orf__sk_link *links;
    size_t nl;
    double width, height; /* main area (px) */
    double node_w, pad;
    /* layout output */
    int ncols;
    double scale;            /* px per unit of value */
    double total_height;     /* main area + return lanes */
    double lmargin, rmargin; /* room left and right of the main area for labels (labels) */
} orf__sankey;

/* Lay out the diagram in place (no allocation): columns by longest path from the feeds over the
 * links that do not close a cycle, products in the last column, heights proportional to value
 * (one scale for the whole diagram), orders relaxed by the barycentre of the sources.
 * Links with non-positive or NaN value get width 0. */
void orf__sankey_layout(orf__sankey *s);
/* Label height (px) and estimated width of `n` bytes of UTF-8 text at the Sankey's 11 px font
 * (per-character classes of a sans-serif face; errs wide). */
#define ORF__SK_LABEL_H 13.0
double orf__sk_text_w(const char *s, size_t n);
/* Place the node labels ("name value unit") of a laid-out diagram so that no two labels, and no
 * label and node, overlap, all inside the drawing (main area plus the margins it sets): for each
 * node, largest flows first (feeds and products before them), the first free spot of: right or
 * left of the node (its column's side), above, below; then the name without the value; then
 * moved up or down beside the node with a leader line; then the name truncated with "…" (the
 * full name and value stay in the tooltip); a label that fits nowhere is left out. `unit` is
 * the value's unit ("t/h"). No allocation. */
void orf__sankey_labels(orf__sankey *s, const char *unit);
/* Write the laid-out diagram (labels placed with orf__sankey_labels and the same `unit`) as an
 * <svg> with id `id`; `unit` labels values ("t/h"). Nodes get ids "<id>-node-<name>", links
 * "<id>-link-<name>". */
void orf__sankey_svg(const orf__sankey *s, FILE *fp, const char *id, const char *title,
                     const char *unit);

/* ---- flowsheet diagram (diagram.c) --------------------------------------------------------- */

/* Write the flowsheet diagram of a result as inline SVG laid out by Graphviz "dot": units as
 * <g id="unit-NAME">, streams as <g id="stream-NAME">, feeds/products as terminal nodes.
 * Without Graphviz, writes a note instead. Returns ORF_OK or emits and returns an error (the
 * caller may carry on without the diagram). */
orf_status orf__diagram_svg(orf_ctx *ctx, const orf_node *result, const char *key_assay, FILE *fp);

#endif
