/* oreflow — the Excel workbook of a run (libxlsxwriter), rendered from the result JSON: sheets
 * Streams, Units, Balance, Size distributions, and Economics, Monte Carlo, Monte Carlo samples,
 * Reconciliation when the result carries them. Numbers are written as numbers (NaN/null cells
 * left empty), units of measure are in the headers, header rows (and name columns) are frozen.
 * The workbook is written to a temporary name beside the target, synced, then renamed. */
#include "oreflow/report.h"
#include "report_impl.h"

#include "base/base_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef ORF_WITH_XLSX
#include <xlsxwriter.h>

typedef struct book {
    orf_ctx *ctx;
    lxw_workbook *wb;
    lxw_format *hdr, *name;
    const orf__report_view *v; /* the result, read once */
    lxw_error err;             /* the first failure of a libxlsxwriter call (out of memory) */
} book;

/* Every libxlsxwriter call that can fail goes through here: an allocation that failed is kept and
 * the workbook reported as not written, instead of a sheet silently missing cells. (Other refusals
 * -- a string over Excel's 32767 characters, a row past 1048576 -- leave that cell out, as before.)
 */
static void chk(book *b, lxw_error e)
{
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED && b->err == LXW_NO_ERROR)
        b->err = e;
}

static void wnum(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v)
{
    if (isfinite(v))
        chk(b, worksheet_write_number(ws, r, c, v, NULL));
}

static void wstr(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (s)
        chk(b, worksheet_write_string(ws, r, c, s, f));
}

/* A sieve size to 6 significant digits (353.55339059327378 µm of a √2 series is 353.553 µm), as
 * in sizes.csv: the bounds of a class are labels, not results. */
static double sieve_um(double v)
{
    char buf[32];
    if (!isfinite(v))
        return v;
    snprintf(buf, sizeof buf, "%.6g", v);
    return strtod(buf, NULL);
}

/* The Streams sheet's header row: every column name once. A material or an element whose name
 * is already a column ("water (t/h)" beside the stream's water, material "Cr" beside element
 * "Cr") is qualified: "water, material (t/h)", "Cr, element (t/h)". */
typedef struct headers {
    char name[256][200];
    size_t n;
} headers;

static int hdr_taken(const headers *h, const char *s)
{
    for (size_t k = 0; k < h->n; k++)
        if (!strcmp(h->name[k], s))
            return 1;
    return 0;
}

static void hdr_put(book *b, lxw_worksheet *ws, headers *h, lxw_col_t c, const char *name,
                    const char *qual, const char *uom)
{
    char buf[200];
    snprintf(buf, sizeof buf, "%s (%s)", name, uom);
    if (hdr_taken(h, buf))
        snprintf(buf, sizeof buf, "%s, %s (%s)", name, qual, uom);
    if (h->n < sizeof h->name / sizeof h->name[0])
        snprintf(h->name[h->n++], sizeof h->name[0], "%s", buf);
    chk(b, worksheet_write_string(ws, 0, c, buf, b->hdr));
}

static void whdr(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *key)
{
    char buf[200];
    orf__pretty_key(key, buf, sizeof buf);
    chk(b, worksheet_write_string(ws, r, c, buf, b->hdr));
}

/* A scalar cell: a number as a number, text as text. */
static void wcell(book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const orf_node *v)
{
    double x = orf__jnum(v);
    if (isfinite(x))
        chk(b, worksheet_write_number(ws, r, c, x, NULL));
    else if (v && v->kind == ORF_NODE_SCALAR && orf__jstr(v))
        chk(b, worksheet_write_string(ws, r, c, orf__jstr(v), NULL));
}

#define MAX_COLS 256

/* A list of objects (or an object of equal-length arrays) as a table from row `r0`. Returns the
 * number of rows written (header included), 0 when there is nothing to write. */
static lxw_row_t table(book *b, lxw_worksheet *ws, lxw_row_t r0, const orf_node *n)
{
    const char *cols[MAX_COLS];
    size_t ncol = 0, nrow = 0;
    if (!n)
        return 0;
    if (n->kind == ORF_NODE_SEQ) {
        ncol = orf__jscalar_keys(n, cols, MAX_COLS);
        nrow = n->n;
    } else if (n->kind == ORF_NODE_MAP) {
        for (size_t k = 0; k < n->n && ncol < MAX_COLS; k++) {
            if (n->items[k]->kind != ORF_NODE_SEQ)
                continue;
            cols[ncol++] = n->keys[k]->str;
            if (n->items[k]->n > nrow)
                nrow = n->items[k]->n;
        }
    }
    if (ncol == 0)
        return 0;
    for (size_t c = 0; c < ncol; c++)
        whdr(b, ws, r0, (lxw_col_t)c, cols[c]);
    for (size_t i = 0; i < nrow; i++) {
        for (size_t c = 0; c < ncol; c++) {
            const orf_node *v;
            if (n->kind == ORF_NODE_SEQ) {
                v = orf_node_get(n->items[i], cols[c]);
            } else {
                const orf_node *arr = orf_node_get(n, cols[c]);
                v = i < arr->n ? arr->items[i] : NULL;
            }
            wcell(b, ws, (lxw_row_t)(r0 + 1 + i), (lxw_col_t)c, v);
        }
    }
    chk(b, worksheet_set_column(ws, 0, (lxw_col_t)(ncol - 1), 14, NULL));
    return (lxw_row_t)(nrow + 1);
}

/* Scalars of a map as "quantity | value" rows from row r0; returns rows written. */
static lxw_row_t scalars(book *b, lxw_worksheet *ws, lxw_row_t r0, const orf_node *m)
{
    lxw_row_t r = r0;
    for (size_t k = 0; m && m->kind == ORF_NODE_MAP && k < m->n; k++) {
        if (m->items[k]->kind != ORF_NODE_SCALAR || !orf__jstr(m->items[k]))
            continue;
        char buf[200];
        orf__pretty_key(m->keys[k]->str, buf, sizeof buf);
        chk(b, worksheet_write_string(ws, r, 0, buf, b->name));
        wcell(b, ws, r, 1, m->items[k]);
        r++;
    }
    return r - r0;
}

static int sheet_streams(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Streams");
    static const char *const cols[] = {"solids_tph", "water_tph",     "total_tph", "pct_solids",
                                       "slurry_m3h", "temperature_c", "p80_um",    "p50_um"};
    const size_t ncols = sizeof cols / sizeof cols[0];
    const orf_node *assays = b->v->assays;
    const orf_node *mats = orf_node_get(b->v->system, "materials");
    if (!ws)
        return 0;
    lxw_col_t c = 0;
    headers *h = orf_calloc(b->ctx, 1, sizeof *h);
    if (!h)
        return 0;
    chk(b, worksheet_write_string(ws, 0, c++, "Stream", b->hdr));
    chk(b, worksheet_write_string(ws, 0, c++, "From", b->hdr));
    chk(b, worksheet_write_string(ws, 0, c++, "To", b->hdr));
    for (size_t k = 0; k < ncols; k++) {
        whdr(b, ws, 0, c++, cols[k]);
        orf__pretty_key(cols[k], h->name[h->n], sizeof h->name[0]);
        h->n++;
    }
    lxw_col_t ca = c;
    for (size_t k = 0; assays && assays->kind == ORF_NODE_SEQ && k < assays->n; k++) {
        char buf[160];
        const char *a = orf__jstr(assays->items[k]);
        snprintf(buf, sizeof buf, strchr(a ? a : "", '/') ? "%s (-)" : "%s (%%)", a ? a : "?");
        chk(b, worksheet_write_string(ws, 0, c++, buf, b->hdr));
        if (h->n < sizeof h->name / sizeof h->name[0])
            snprintf(h->name[h->n++], sizeof h->name[0], "%s", buf);
    }
    lxw_col_t cm = c;
    for (size_t k = 0; mats && mats->kind == ORF_NODE_SEQ && k < mats->n; k++)
        hdr_put(b, ws, h, c++, orf__jstr(mats->items[k]) ? orf__jstr(mats->items[k]) : "?",
                "material", "t/h");
    /* elements: union over streams, in order of first appearance */
    const char *els[64];
    size_t nel = 0;
    for (size_t i = 0; i < b->v->streams->n; i++) {
        const orf_node *e = orf_node_get(b->v->streams->items[i], "element_tph");
        for (size_t k = 0; e && e->kind == ORF_NODE_MAP && k < e->n && nel < 64; k++) {
            size_t j = 0;
            while (j < nel && strcmp(els[j], e->keys[k]->str) != 0)
                j++;
            if (j == nel)
                els[nel++] = e->keys[k]->str;
        }
    }
    lxw_col_t ce = c;
    for (size_t k = 0; k < nel; k++)
        hdr_put(b, ws, h, c++, els[k], "element", "t/h");
    orf_free(b->ctx, h);
    for (size_t i = 0; i < b->v->streams->n; i++) {
        const orf_node *s = b->v->streams->items[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        chk(b, worksheet_write_string(ws, r, 0, b->v->streams->keys[i]->str, b->name));
        wstr(b, ws, r, 1, orf__jstr(orf_node_get(s, "from")), NULL);
        wstr(b, ws, r, 2, orf__jstr(orf_node_get(s, "to")), NULL);
        for (size_t k = 0; k < ncols; k++)
            wnum(b, ws, r, (lxw_col_t)(3 + k), orf__jnum(orf_node_get(s, cols[k])));
        for (size_t k = 0; assays && assays->kind == ORF_NODE_SEQ && k < assays->n; k++) {
            const char *a = orf__jstr(assays->items[k]);
            wnum(b, ws, r, (lxw_col_t)(ca + k),
                 a ? orf__jnum(orf_node_get(orf_node_get(s, "assay"), a)) : ORF__NAN);
        }
        for (size_t k = 0; mats && mats->kind == ORF_NODE_SEQ && k < mats->n; k++) {
            const char *m = orf__jstr(mats->items[k]);
            wnum(b, ws, r, (lxw_col_t)(cm + k),
                 m ? orf__jnum(orf_node_get(orf_node_get(s, "materials_tph"), m)) : ORF__NAN);
        }
        for (size_t k = 0; k < nel; k++)
            wnum(b, ws, r, (lxw_col_t)(ce + k),
                 orf__jnum(orf_node_get(orf_node_get(s, "element_tph"), els[k])));
    }
    chk(b, worksheet_set_column(ws, 0, 0, 18, NULL));
    chk(b, worksheet_set_column(ws, 1, 2, 14, NULL));
    chk(b, worksheet_set_column(ws, 3, (lxw_col_t)(c > 3 ? c - 1 : 3), 12, NULL));
    chk(b, worksheet_set_row(ws, 0, 30, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    return 1;
}

static void join_streams(const orf_node *list, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; list && i < list->n && len + 1 < size; i++) {
        const char *s = orf__jstr(list->items[i]);
        int w;
        if (list->kind == ORF_NODE_MAP)
            w = snprintf(buf + len, size - len, "%s%s: %s", i ? ", " : "", list->keys[i]->str,
                         s ? s : "");
        else
            w = snprintf(buf + len, size - len, "%s%s", i ? ", " : "", s ? s : "");
        if (w < 0)
            break;
        len += (size_t)w;
        if (len >= size)
            len = size - 1;
    }
}

static int sheet_units(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Units");
    if (!ws)
        return 0;
    /* columns: union of result names, then of parameter names */
    const char *cols[MAX_COLS];
    int is_param[MAX_COLS];
    size_t ncol = 0;
    static const char *const parts[] = {"results", "params"};
    for (int p = 0; p < 2; p++) {
        for (size_t i = 0; b->v->units && i < b->v->units->n; i++) {
            const orf_node *m = orf_node_get(b->v->units->items[i], parts[p]);
            for (size_t k = 0; m && m->kind == ORF_NODE_MAP && k < m->n && ncol < MAX_COLS; k++) {
                if (m->items[k]->kind != ORF_NODE_SCALAR)
                    continue;
                size_t c = 0;
                while (c < ncol && !(is_param[c] == p && strcmp(cols[c], m->keys[k]->str) == 0))
                    c++;
                if (c == ncol) {
                    is_param[ncol] = p;
                    cols[ncol++] = m->keys[k]->str;
                }
            }
        }
    }
    static const char *const fixed[] = {"Unit", "Type", "Family",
                                        "In",   "Out",  "Balance error (relative)"};
    for (size_t k = 0; k < 6; k++)
        chk(b, worksheet_write_string(ws, 0, (lxw_col_t)k, fixed[k], b->hdr));
    for (size_t c = 0; c < ncol; c++) {
        char buf[220], pk[200];
        orf__pretty_key(cols[c], pk, sizeof pk);
        snprintf(buf, sizeof buf, "%s%s", is_param[c] ? "param: " : "", pk);
        chk(b, worksheet_write_string(ws, 0, (lxw_col_t)(6 + c), buf, b->hdr));
    }
    for (size_t i = 0; b->v->units && i < b->v->units->n; i++) {
        const orf_node *u = b->v->units->items[i];
        lxw_row_t r = (lxw_row_t)(i + 1);
        char buf[1024];
        chk(b, worksheet_write_string(ws, r, 0, b->v->units->keys[i]->str, b->name));
        wstr(b, ws, r, 1, orf__jstr(orf_node_get(u, "type")), NULL);
        wstr(b, ws, r, 2, orf__jstr(orf_node_get(u, "family")), NULL);
        join_streams(orf_node_get(u, "in"), buf, sizeof buf);
        chk(b, worksheet_write_string(ws, r, 3, buf, NULL));
        join_streams(orf_node_get(u, "out"), buf, sizeof buf);
        chk(b, worksheet_write_string(ws, r, 4, buf, NULL));
        wnum(b, ws, r, 5, orf__jnum(orf_node_get(u, "balance_error")));
        for (size_t c = 0; c < ncol; c++)
            wcell(b, ws, r, (lxw_col_t)(6 + c),
                  orf_node_get(orf_node_get(u, parts[is_param[c]]), cols[c]));
    }
    chk(b, worksheet_set_column(ws, 0, 2, 16, NULL));
    chk(b, worksheet_set_column(ws, 3, 4, 30, NULL));
    chk(b, worksheet_set_column(ws, 5, (lxw_col_t)(5 + ncol), 14, NULL));
    chk(b, worksheet_set_row(ws, 0, 30, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    return 1;
}

static int sheet_balance(book *b)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Balance");
    if (!ws)
        return 0;
    chk(b, worksheet_write_string(ws, 0, 0, "Quantity", b->hdr));
    chk(b, worksheet_write_string(ws, 0, 1, "Value", b->hdr));
    lxw_row_t r = 1;
    r += scalars(b, ws, r, orf_node_get(b->v->root, "balance"));
    static const char *const top[] = {"converged", "iterations", "unit_evaluations"};
    for (size_t k = 0; k < 3; k++) {
        const orf_node *v = orf_node_get(b->v->root, top[k]);
        if (!v)
            continue;
        char buf[160];
        orf__pretty_key(top[k], buf, sizeof buf);
        chk(b, worksheet_write_string(ws, r, 0, buf, b->name));
        if (strcmp(top[k], "converged") == 0)
            chk(b, worksheet_write_boolean(
                       ws, r, 1, orf__jstr(v) && strcmp(orf__jstr(v), "true") == 0, NULL));
        else
            wcell(b, ws, r, 1, v);
        r++;
    }
    r++;
    chk(b, worksheet_write_string(ws, r, 0, "Unit", b->hdr));
    chk(b, worksheet_write_string(ws, r, 1, "Balance error (relative)", b->hdr));
    r++;
    for (size_t i = 0; b->v->units && i < b->v->units->n; i++, r++) {
        chk(b, worksheet_write_string(ws, r, 0, b->v->units->keys[i]->str, b->name));
        wnum(b, ws, r, 1, orf__jnum(orf_node_get(b->v->units->items[i], "balance_error")));
    }
    const orf_node *tears = orf_node_get(b->v->root, "tears");
    if (tears && tears->kind == ORF_NODE_SEQ && tears->n) {
        r++;
        r += table(b, ws, r, tears);
    }
    const orf_node *specs = orf_node_get(b->v->root, "specs");
    if (specs && specs->kind == ORF_NODE_SEQ && specs->n) {
        r++;
        r += table(b, ws, r, specs);
    }
    chk(b, worksheet_set_column(ws, 0, 0, 28, NULL));
    chk(b, worksheet_set_column(ws, 1, 8, 18, NULL));
    worksheet_freeze_panes(ws, 1, 0);
    return 1;
}

static int sheet_sizes(book *b)
{
    const orf_node *sc = orf_node_get(b->v->system, "size_classes");
    const orf_node *up = orf_node_get(sc, "upper_um"), *lo = orf_node_get(sc, "lower_um"),
                   *mid = orf_node_get(sc, "mid_um");
    if (!orf__jis_numarray(up))
        return 1;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Size distributions");
    if (!ws)
        return 0;
    size_t n = up->n, ns = b->v->streams->n;
    chk(b, worksheet_write_string(ws, 0, 0, "Class", b->hdr));
    chk(b, worksheet_write_string(ws, 0, 1, "Upper size (µm)", b->hdr));
    chk(b, worksheet_write_string(ws, 0, 2, "Lower size (µm)", b->hdr));
    chk(b, worksheet_write_string(ws, 0, 3, "Mid size (µm)", b->hdr));
    for (size_t j = 0; j < ns; j++) {
        char buf[300];
        snprintf(buf, sizeof buf, "%s retained (t/h)", b->v->streams->keys[j]->str);
        chk(b, worksheet_write_string(ws, 0, (lxw_col_t)(4 + j), buf, b->hdr));
        snprintf(buf, sizeof buf, "%s passing (%%)", b->v->streams->keys[j]->str);
        chk(b, worksheet_write_string(ws, 0, (lxw_col_t)(4 + ns + j), buf, b->hdr));
    }
    for (size_t i = 0; i < n; i++) {
        lxw_row_t r = (lxw_row_t)(i + 1);
        chk(b, worksheet_write_number(ws, r, 0, (double)(i + 1), NULL));
        wnum(b, ws, r, 1, sieve_um(orf__jnum(up->items[i])));
        wnum(b, ws, r, 2, sieve_um(lo && i < lo->n ? orf__jnum(lo->items[i]) : ORF__NAN));
        wnum(b, ws, r, 3, sieve_um(mid && i < mid->n ? orf__jnum(mid->items[i]) : ORF__NAN));
        for (size_t j = 0; j < ns; j++) {
            const orf_node *t = orf__jpath(b->v->streams->items[j], "size.tph");
            const orf_node *p = orf__jpath(b->v->streams->items[j], "size.passing_pct");
            wnum(b, ws, r, (lxw_col_t)(4 + j), t && i < t->n ? orf__jnum(t->items[i]) : ORF__NAN);
            wnum(b, ws, r, (lxw_col_t)(4 + ns + j),
                 p && i < p->n ? orf__jnum(p->items[i]) : ORF__NAN);
        }
    }
    chk(b, worksheet_set_column(ws, 0, (lxw_col_t)(3 + 2 * ns), 13, NULL));
    chk(b, worksheet_set_row(ws, 0, 45, NULL));
    worksheet_freeze_panes(ws, 1, 4);
    return 1;
}

/* "Design": the factored CAPEX (quantity | value) and the equipment list below it */
static int sheet_design(book *b)
{
    const orf_node *d = orf_node_get(b->v->root, "design");
    if (!d)
        return 1;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Design");
    if (!ws)
        return 0;
    chk(b, worksheet_write_string(ws, 0, 0, "Factored CAPEX", b->hdr));
    chk(b, worksheet_write_string(ws, 0, 1, "Value", b->hdr));
    lxw_row_t r = 1 + scalars(b, ws, 1, orf_node_get(d, "capex"));
    table(b, ws, r + 1, orf_node_get(d, "equipment"));
    chk(b, worksheet_set_column(ws, 0, 0, 24, NULL));
    return 1;
}

static int sheet_economics(book *b)
{
    const orf_node *e = b->v->economics;
    if (!e)
        return 1;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Economics");
    if (!ws)
        return 0;
    lxw_row_t r = 0;
    const orf_node *cf = orf_node_get(e, "cashflow");
    r += table(b, ws, r, cf);
    if (r > 0)
        worksheet_freeze_panes(ws, 1, 1);
    r++;
    chk(b, worksheet_write_string(ws, r, 0, "Quantity", b->hdr));
    chk(b, worksheet_write_string(ws, r, 1, "Value", b->hdr));
    r++;
    r += scalars(b, ws, r, e);
    static const char *const lists[] = {"products", "stages"};
    for (size_t k = 0; k < 2; k++) {
        const orf_node *l = orf_node_get(e, lists[k]);
        if (l && l->kind == ORF_NODE_SEQ) {
            r++;
            r += table(b, ws, r, l);
        }
    }
    chk(b, worksheet_set_column(ws, 0, 0, 24, NULL));
    return 1;
}

static int sheet_mc(book *b)
{
    const orf_node *mc = b->v->mc;
    if (!mc || mc->kind != ORF_NODE_MAP)
        return 1;
    static const char *const stats[] = {"mean", "std", "p10", "p50", "p90", "min", "max"};
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Monte Carlo");
    if (!ws)
        return 0;
    chk(b, worksheet_write_string(ws, 0, 0, "Variable", b->hdr));
    for (size_t k = 0; k < 7; k++)
        chk(b, worksheet_write_string(ws, 0, (lxw_col_t)(1 + k), stats[k], b->hdr));
    lxw_row_t r = 1;
    for (size_t i = 0; i < mc->n; i++) {
        const orf_node *v = mc->items[i];
        if (v->kind != ORF_NODE_MAP || !orf_node_get(v, "p50"))
            continue;
        char buf[200];
        orf__pretty_key(mc->keys[i]->str, buf, sizeof buf);
        chk(b, worksheet_write_string(ws, r, 0, buf, b->name));
        for (size_t k = 0; k < 7; k++)
            wnum(b, ws, r, (lxw_col_t)(1 + k), orf__jnum(orf_node_get(v, stats[k])));
        r++;
    }
    r++;
    r += scalars(b, ws, r, mc);
    chk(b, worksheet_set_column(ws, 0, 0, 24, NULL));
    chk(b, worksheet_set_column(ws, 1, 7, 15, NULL));
    worksheet_freeze_panes(ws, 1, 1);
    const orf_node *params = orf_node_get(mc, "parameters");
    if (params && params->kind == ORF_NODE_SEQ) {
        table(b, ws, r + 1, params);
    }
    const orf_node *samples = orf_node_get(mc, "samples");
    if (samples && samples->kind != ORF_NODE_SCALAR) {
        lxw_worksheet *ss = workbook_add_worksheet(b->wb, "Monte Carlo samples");
        if (!ss)
            return 0;
        table(b, ss, 0, samples);
        worksheet_freeze_panes(ss, 1, 0);
    }
    return 1;
}

static int sheet_reconciliation(book *b)
{
    static const char *const keys[] = {"measurements", "items", "streams", "values"};
    const orf_node *rn = b->v->reconciliation;
    if (!rn)
        return 1;
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Reconciliation");
    if (!ws)
        return 0;
    const orf_node *items = rn->kind == ORF_NODE_SEQ ? rn : NULL;
    for (size_t k = 0; !items && k < 4; k++) {
        const orf_node *l = orf_node_get(rn, keys[k]);
        if (l && l->kind == ORF_NODE_SEQ)
            items = l;
    }
    lxw_row_t r = table(b, ws, 0, items);
    if (r > 0)
        worksheet_freeze_panes(ws, 1, 1);
    scalars(b, ws, r + 1, rn);
    return 1;
}

orf_status orf_report_write_xlsx(orf_ctx *ctx, const orf_node *result, const char *path)
{
    book b;
    orf__report_view v;
    memset(&b, 0, sizeof b);
    b.ctx = ctx;
    b.v = &v;
    if (!path || !*path)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "no workbook path given");
    orf_status vst = orf__report_view_init(ctx, result, &v);
    if (vst != ORF_OK)
        return vst;

    /* the temporary as every output's (orf_atomic_reserve: stale temporaries of a killed run
     * removed, the mode of the file it replaces kept); libxlsxwriter writes it by name */
    orf__ctx_mark mark = orf__ctx_mark_get(ctx);
    orf_atomic a;
    orf_status rst = orf_atomic_reserve(ctx, &a, path);
    if (rst)
        return rst;
    b.wb = workbook_new(a.tmp);
    if (!b.wb) {
        orf_atomic_abort(&a);
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot start workbook '%s'", path);
    }
    b.hdr = workbook_add_format(b.wb);
    b.name = workbook_add_format(b.wb);
    int ok = b.hdr && b.name; /* NULL only when libxlsxwriter ran out of memory */
    if (ok) {
        format_set_bold(b.hdr);
        format_set_text_wrap(b.hdr);
        format_set_align(b.hdr, LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_bottom(b.hdr, LXW_BORDER_THIN);
        format_set_bg_color(b.hdr, 0xEEF3F8);
        format_set_bold(b.name);
        ok = sheet_streams(&b) && sheet_units(&b) && sheet_balance(&b) && sheet_sizes(&b) &&
             sheet_design(&b) && sheet_economics(&b) && sheet_mc(&b) && sheet_reconciliation(&b);
    }
    lxw_error err = workbook_close(b.wb);
    orf_status st = ORF_OK;
    if (err == LXW_NO_ERROR)
        err = b.err;
    /* a format or a sheet (of our fixed, distinct names) that libxlsxwriter did not add can only
     * be an allocation it could not make */
    if (!ok && err == LXW_NO_ERROR)
        err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (!ok || err != LXW_NO_ERROR) {
        st = orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot write workbook '%s': %s", path,
                           err != LXW_NO_ERROR ? lxw_strerror(err)
                                               : "a sheet or format could not be added");
        /* out of memory, in libxlsxwriter or through the context, is said so (exit 3), not an
         * I/O error */
        if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
            st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL,
                               "out of memory while writing the "
                               "workbook");
        else
            st = orf__ctx_oom_since(ctx, &mark, st, "writing the workbook");
        orf_atomic_abort(&a);
    } else {
        st = orf_atomic_commit(ctx, &a);
    }
    return st;
}

#else

orf_status orf_report_write_xlsx(orf_ctx *ctx, const orf_node *result, const char *path)
{
    (void)result;
    return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL,
                         "cannot write '%s': oreflow was built without libxlsxwriter "
                         "(ORF_WITH_XLSX=OFF)",
                         path ? path : "");
}

#endif
