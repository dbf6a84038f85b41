/* oreflow — HTML report sections on money and risk: economics (annual cash flow, products,
 * stages), Monte Carlo (histograms with P10/P50/P90) and sensitivity (tornado). */
#include "html_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 32

/* ---- records: an array of objects, or an object of arrays, as a numeric table ------------- */

#define MAX_COLS 32

typedef struct records {
    size_t nrow, ncol;
    const char *col[MAX_COLS];
    double *v; /* nrow × ncol, row major */
} records;

static int find_col(const records *t, const char *key)
{
    for (size_t c = 0; c < t->ncol; c++)
        if (strcmp(t->col[c], key) == 0)
            return (int)c;
    return -1;
}

static int records_read(orf__html *r, const orf_node *n, records *t)
{
    memset(t, 0, sizeof *t);
    if (!n)
        return 0;
    if (n->kind == ORF_NODE_SEQ) {
        for (size_t i = 0; i < n->n; i++) {
            const orf_node *o = n->items[i];
            for (size_t k = 0; o->kind == ORF_NODE_MAP && k < o->n; k++)
                if (isfinite(orf__jnum(o->items[k])) && find_col(t, o->keys[k]->str) < 0 &&
                    t->ncol < MAX_COLS)
                    t->col[t->ncol++] = o->keys[k]->str;
        }
        t->nrow = n->n;
    } else if (n->kind == ORF_NODE_MAP) {
        for (size_t k = 0; k < n->n; k++) {
            if (!orf__jis_numarray(n->items[k]) || t->ncol >= MAX_COLS)
                continue;
            t->col[t->ncol++] = n->keys[k]->str;
            if (n->items[k]->n > t->nrow)
                t->nrow = n->items[k]->n;
        }
    }
    if (t->ncol == 0 || t->nrow == 0)
        return 0;
    t->v = orf_malloc(r->ctx, t->nrow * t->ncol * sizeof *t->v);
    if (!t->v) {
        r->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < t->nrow; i++) {
        for (size_t c = 0; c < t->ncol; c++) {
            const orf_node *cell;
            if (n->kind == ORF_NODE_SEQ) {
                cell = orf_node_get(n->items[i], t->col[c]);
            } else {
                const orf_node *arr = orf_node_get(n, t->col[c]);
                cell = i < arr->n ? arr->items[i] : NULL;
            }
            t->v[i * t->ncol + c] = orf__jnum(cell);
        }
    }
    return 1;
}

/* A numeric table; with `cur` (a currency), money columns in millions of it. */
static void records_table(orf__html *r, const records *t, const char *id, const char *cur)
{
    char hdr[160];
    unsigned long long money = 0; /* bit c: column c is money */
    fprintf(r->fp, "<div class=\"tablewrap\"><table id=\"%s\"><thead><tr>", id);
    for (size_t c = 0; c < t->ncol; c++) {
        if (orf__html_money_header(t->col[c], cur, cur != NULL, hdr, sizeof hdr)) {
            /* the table's heading gives the unit (M USD): the columns keep their names */
            char *u = strstr(hdr, " (M ");
            if (u)
                *u = '\0';
            money |= 1ULL << c;
            orf__html_th_text(r, hdr);
        } else {
            orf__html_th_key(r, t->col[c]);
        }
    }
    fputs("</tr></thead><tbody>\n", r->fp);
    for (size_t i = 0; i < t->nrow; i++) {
        fputs("<tr>", r->fp);
        for (size_t c = 0; c < t->ncol; c++) {
            double v = t->v[i * t->ncol + c];
            if (money >> c & 1ULL)
                orf__html_td_musd(r, v);
            else
                orf__html_td_num(r, v, 4);
        }
        fputs("</tr>\n", r->fp);
    }
    fputs("</tbody></table></div>\n", r->fp);
}

/* ---- economics, Monte Carlo, sensitivity -------------------------------------------------- */

static const char *const net_keys[] = {"net_cashflow_usd",
                                       "net_usd",
                                       "cashflow_usd",
                                       "free_cashflow_usd",
                                       "net_cash_flow_usd",
                                       "net",
                                       NULL};

static void cashflow_chart(orf__html *r, const records *t)
{
    int cy = find_col(t, "year");
    int cn = -1;
    for (size_t i = 0; net_keys[i] && cn < 0; i++)
        cn = find_col(t, net_keys[i]);
    if (cn < 0)
        cn = (int)t->ncol - 1;
    if (cn == cy || t->nrow == 0)
        return;
    char(*labels)[24] = orf_malloc(r->ctx, t->nrow * sizeof *labels);
    const char **cats = orf_malloc(r->ctx, t->nrow * sizeof *cats);
    double *net = orf_malloc(r->ctx, 2 * t->nrow * sizeof *net);
    if (!labels || !cats || !net) {
        r->oom = 1;
        goto done;
    }
    const char *cur = r->v->currency;
    int money = orf__html_is_usd(t->col[cn]) || cur;
    double big = 0.0;
    for (size_t i = 0; i < t->nrow; i++)
        if (fabs(t->v[i * t->ncol + (size_t)cn]) > big)
            big = fabs(t->v[i * t->ncol + (size_t)cn]);
    double *cum = net + t->nrow, scale = money && big >= 1e6 ? 1e-6 : 1.0, acc = 0.0;
    double *xs = orf_malloc(r->ctx, t->nrow * sizeof *xs);
    if (!xs) {
        r->oom = 1;
        goto done;
    }
    for (size_t i = 0; i < t->nrow; i++) {
        double y = cy >= 0 ? t->v[i * t->ncol + (size_t)cy] : (double)i;
        if (isfinite(y))
            snprintf(labels[i], sizeof labels[i], "%.0f", y);
        else
            snprintf(labels[i], sizeof labels[i], "%zu", i);
        cats[i] = labels[i];
        net[i] = t->v[i * t->ncol + (size_t)cn] * scale;
        acc += isfinite(net[i]) ? net[i] : 0.0;
        cum[i] = acc;
        xs[i] = (double)i;
    }
    char yl[128], pk[128], id[256];
    orf__pretty_key(t->col[cn], pk, sizeof pk);
    if (money)
        snprintf(yl, sizeof yl, "cash flow (%s%s)", scale != 1.0 ? "M " : "", cur ? cur : "USD");
    else
        snprintf(yl, sizeof yl, "%s", pk);
    orf__chart c;
    memset(&c, 0, sizeof c);
    orf__axis_init(&c.x, cy >= 0 ? "year" : "period", 0);
    orf__axis_categories(&c.x, cats, t->nrow);
    orf__axis_init(&c.y, yl, 0);
    c.y.zero = 1;
    orf__axis_include(&c.y, net, t->nrow);
    orf__axis_include(&c.y, cum, t->nrow);
    orf__html_chart_id(r, id, sizeof id, "cashflow");
    const char *names[2] = {"net cash flow", "cumulative"};
    const char *colors[2] = {orf__color(0), orf__color(1)};
    orf__chart_legend(&c, names, colors, NULL, 2);
    orf__chart_begin(&c, r->fp, id, "Annual cash flow", 1000, 360);
    orf__chart_bars(&c, net, t->nrow, orf__color(0), 0, 1, "net cash flow");
    orf__chart_line(&c, xs, cum, t->nrow, orf__color(1), NULL, 1, "cumulative");
    orf__chart_end(&c, NULL);
    orf_free(r->ctx, xs);
done:
    orf_free(r->ctx, labels);
    orf_free(r->ctx, cats);
    orf_free(r->ctx, net);
}

/* Life of mine: the periods' table and their revenue and operating cost per year at full
 * production, side by side. */
static void schedule_part(orf__html *r, const orf_node *sc)
{
    const orf_node *pers = orf_node_get(sc, "periods");
    if (!pers || pers->kind != ORF_NODE_SEQ || pers->n == 0)
        return;
    size_t n = pers->n;
    const char **cats = orf_malloc(r->ctx, n * sizeof *cats);
    double *v = orf_malloc(r->ctx, 2 * n * sizeof *v);
    if (!cats || !v) {
        r->oom = 1;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const orf_node *p = pers->items[i];
        cats[i] = orf__jstr(orf_node_get(p, "name"));
        if (!cats[i])
            cats[i] = "?";
        v[i] = orf__jnum(orf_node_get(p, "revenue_usd_per_year")) * 1e-6;
        v[n + i] = orf__jnum(orf_node_get(p, "opex_usd_per_year")) * 1e-6;
    }
    fputs("<h3>Life of mine</h3>\n", r->fp);
    orf__html_scalars_table(r, sc, "tbl-schedule");
    fputs("<div class=\"charts\">", r->fp);
    orf__chart c;
    memset(&c, 0, sizeof c);
    orf__axis_init(&c.x, "period", 0);
    orf__axis_categories(&c.x, cats, n);
    orf__axis_init(&c.y, "M USD per year at full production", 0);
    c.y.zero = 1;
    orf__axis_include(&c.y, v, 2 * n);
    char id[256];
    orf__html_chart_id(r, id, sizeof id, "periods");
    const char *names[2] = {"revenue", "operating cost"};
    const char *colors[2] = {orf__color(0), orf__color(2)};
    orf__chart_legend(&c, names, colors, NULL, 2);
    orf__chart_begin(&c, r->fp, id, "Periods of the life of mine", 640, 320);
    orf__chart_bars(&c, v, n, orf__color(0), 0, 2, "revenue");
    orf__chart_bars(&c, v + n, n, orf__color(2), 1, 2, "operating cost");
    orf__chart_end(&c, NULL);
    fputs("</div>\n", r->fp);
    orf__html_objects_table(r, pers, "tbl-periods");
done:
    orf_free(r->ctx, cats);
    orf_free(r->ctx, v);
}

/* Carbon and CBAM (docs/format.md "Carbon and CBAM"): the headline figures, the stages' and
 * products' embedded emissions, the CBAM cost by year. */
static void carbon_part(orf__html *r, const orf_node *e)
{
    const orf_node *c = orf_node_get(e, "carbon"), *cb = orf_node_get(e, "cbam");
    if (!c || c->kind != ORF_NODE_MAP)
        return;
    fputs("<h3>Carbon (t CO2e)</h3>\n", r->fp);
    orf__html_scalars_table(r, c, "tbl-carbon");
    const orf_node *st = orf_node_get(c, "stages"), *pr = orf_node_get(c, "products");
    if (st && st->kind == ORF_NODE_SEQ)
        orf__html_objects_table(r, st, "tbl-carbon-stages");
    if (pr && pr->kind == ORF_NODE_SEQ)
        orf__html_objects_table(r, pr, "tbl-carbon-products");
    if (!cb || cb->kind != ORF_NODE_MAP)
        return;
    fputs("<h3>EU carbon border adjustment (CBAM)</h3>\n", r->fp);
    orf__html_scalars_table(r, cb, "tbl-cbam");
    const orf_node *ys = orf_node_get(cb, "years");
    if (ys && ys->kind == ORF_NODE_SEQ)
        orf__html_objects_table(r, ys, "tbl-cbam-years");
}

void orf__sec_economics(orf__html *r)
{
    const orf_node *e = r->v->economics;
    if (!e)
        return;
    fputs("<section id=\"economics\"><h2>Economics</h2>\n", r->fp);
    orf__html_scalars_table(r, e, "tbl-economics");
    records t;
    if (records_read(r, orf_node_get(e, "cashflow"), &t)) {
        fputs("<div class=\"charts wide\">", r->fp);
        cashflow_chart(r, &t);
        const char *cur = orf__jstr(orf__jpath(e, "currency"));
        fputs("</div><h3>Cash flow (M ", r->fp);
        orf__xml_text(r->fp, cur ? cur : "USD");
        fputs(")</h3>\n", r->fp);
        records_table(r, &t, "tbl-cashflow", cur);
        orf_free(r->ctx, t.v);
    }
    const orf_node *sc = orf_node_get(e, "schedule");
    if (sc && sc->kind == ORF_NODE_MAP)
        schedule_part(r, sc);
    const orf_node *products = orf_node_get(e, "products");
    if (products && products->kind == ORF_NODE_SEQ) {
        fputs("<h3>Products</h3>\n", r->fp);
        orf__html_objects_table(r, products, "tbl-products");
    }
    const orf_node *stages = orf_node_get(e, "stages");
    if (stages && stages->kind == ORF_NODE_SEQ) {
        fputs("<h3>Stages</h3>\n", r->fp);
        orf__html_objects_table(r, stages, "tbl-stages");
    }
    carbon_part(r, e);
    fputs("</section>\n", r->fp);
}

/* Histogram of a Monte Carlo variable: {edges|bin_edges: [n+1], counts: [n]}, or
 * {centers: [n], counts: [n]}, or {lo|min, hi|max, counts: [n]}. */
static int mc_hist(orf__html *r, const char *var, const orf_node *v)
{
    const orf_node *h = orf_node_get(v, "histogram");
    double *counts = NULL, *edges = NULL;
    int oom = 0, drawn = 0;
    size_t n = orf__jarray(r->ctx, orf_node_get(h, "counts"), &counts, &oom);
    if (n == 0)
        goto done;
    edges = orf_malloc(r->ctx, (n + 1) * sizeof *edges);
    if (!edges) {
        r->oom = 1;
        goto done;
    }
    const orf_node *en =
        orf_node_get(h, "edges") ? orf_node_get(h, "edges") : orf_node_get(h, "bin_edges");
    const orf_node *cn = orf_node_get(h, "centers");
    double lo = orf__jnum(orf_node_get(h, "lo")), hi = orf__jnum(orf_node_get(h, "hi"));
    if (!isfinite(lo))
        lo = orf__jnum(orf_node_get(h, "min"));
    if (!isfinite(hi))
        hi = orf__jnum(orf_node_get(h, "max"));
    if (en && en->kind == ORF_NODE_SEQ && en->n == n + 1) {
        for (size_t i = 0; i <= n; i++)
            edges[i] = orf__jnum(en->items[i]);
    } else if (cn && cn->kind == ORF_NODE_SEQ && cn->n == n && n >= 2) {
        double w = orf__jnum(cn->items[1]) - orf__jnum(cn->items[0]);
        for (size_t i = 0; i < n; i++)
            edges[i] = orf__jnum(cn->items[i]) - w / 2.0;
        edges[n] = orf__jnum(cn->items[n - 1]) + w / 2.0;
    } else if (isfinite(lo) && isfinite(hi) && hi > lo) {
        for (size_t i = 0; i <= n; i++)
            edges[i] = lo + (hi - lo) * (double)i / (double)n;
    } else {
        goto done;
    }
    double scale = orf__html_is_usd(var) ? 1e-6 : 1.0;
    for (size_t i = 0; i <= n; i++)
        edges[i] *= scale;
    char xl[160], title[200], id[256];
    orf__pretty_key(var, xl, sizeof xl);
    if (scale != 1.0) {
        char stem[160];
        snprintf(stem, sizeof stem, "%s", var);
        stem[strlen(stem) - 4] = '\0';
        orf__pretty_key(stem, xl, sizeof xl);
        strncat(xl, " (M USD)", sizeof xl - strlen(xl) - 1);
    }
    orf__chart c;
    memset(&c, 0, sizeof c);
    orf__axis_init(&c.x, xl, 0);
    orf__axis_include(&c.x, edges, n + 1);
    orf__axis_init(&c.y, "samples", 0);
    c.y.zero = 1;
    orf__axis_include(&c.y, counts, n);
    snprintf(title, sizeof title, "Monte Carlo distribution of %s", xl);
    orf__html_chart_id(r, id, sizeof id, var);
    orf__chart_begin(&c, r->fp, id, title, 760, 340);
    orf__chart_hist(&c, edges, counts, n, orf__color(5));
    static const char *const pk[] = {"p10", "p50", "p90"};
    for (size_t k = 0; k < 3; k++) {
        double p = orf__jnum(orf_node_get(v, pk[k])) * scale;
        char lab[64], vb[48];
        orf__fmt_num(vb, sizeof vb, p, 3);
        snprintf(lab, sizeof lab, "P%s %s", pk[k] + 1, vb);
        orf__chart_vline(&c, p, k == 1 ? orf__color(1) : orf__color(7), lab);
    }
    orf__chart_end(&c, "Dashed lines: 10th, 50th and 90th percentiles.");
    drawn = 1;
done:
    orf_free(r->ctx, counts);
    orf_free(r->ctx, edges);
    return drawn;
}

void orf__sec_montecarlo(orf__html *r)
{
    const orf_node *mc = r->v->mc;
    static const char *const stats[] = {"mean", "std", "p10", "p50", "p90", "min", "max"};
    if (!mc || mc->kind != ORF_NODE_MAP)
        return;
    const char *cur = r->v->currency;
    fputs("<section id=\"montecarlo\"><h2>Monte Carlo</h2>\n", r->fp);
    orf__html_scalars_table(r, mc, "tbl-mc");
    fputs("<div class=\"tablewrap\"><table id=\"tbl-mc-stats\"><thead><tr><th>Variable</th>",
          r->fp);
    for (size_t k = 0; k < sizeof stats / sizeof stats[0]; k++)
        fprintf(r->fp, "<th>%s</th>", stats[k]);
    fputs("</tr></thead><tbody>\n", r->fp);
    for (size_t i = 0; i < mc->n; i++) {
        const orf_node *v = mc->items[i];
        if (v->kind != ORF_NODE_MAP || !isfinite(orf__jnum(orf_node_get(v, "p50"))))
            continue;
        char pk[160];
        const char *key = mc->keys[i]->str;
        /* money in M of the currency, IRR (a fraction in the JSON) in %, as in Economics */
        int money = orf__html_money_header(key, cur, 0, pk, sizeof pk),
            irr = strcmp(key, "irr") == 0;
        if (irr)
            snprintf(pk, sizeof pk, "IRR (%%)");
        else if (!money)
            orf__pretty_key(key, pk, sizeof pk);
        fputs("<tr>", r->fp);
        orf__html_td_text(r, pk);
        for (size_t k = 0; k < sizeof stats / sizeof stats[0]; k++) {
            double x = orf__jnum(orf_node_get(v, stats[k]));
            if (money)
                orf__html_td_musd(r, x);
            else
                orf__html_td_num(r, irr ? 100.0 * x : x, 4);
        }
        fputs("</tr>\n", r->fp);
    }
    fputs("</tbody></table></div>\n<div class=\"charts\">\n", r->fp);
    for (size_t i = 0; i < mc->n; i++)
        if (mc->items[i]->kind == ORF_NODE_MAP)
            mc_hist(r, mc->keys[i]->str, mc->items[i]);
    fputs("</div>\n", r->fp);
    const orf_node *params = orf_node_get(mc, "parameters");
    if (params && params->kind == ORF_NODE_SEQ) {
        fputs("<h3>Uncertain inputs</h3>\n", r->fp);
        orf__html_objects_table(r, params, "tbl-mc-inputs");
    }
    fputs("</section>\n", r->fp);
}

static const char *item_name(const orf_node *o, const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++) {
        const char *s = orf__jstr(orf_node_get(o, keys[i]));
        if (s)
            return s;
    }
    return "?";
}

/* First numeric member whose key contains `part` (and not `not`); members that also name the
 * output ("npv", "_usd") win over bare ones ("low" may be the input's low value). */
static double num_containing(const orf_node *o, const char *part, const char * not,
                             const char **key)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; o && o->kind == ORF_NODE_MAP && k < o->n; k++) {
            const char *kk = o->keys[k]->str;
            int output = strstr(kk, "npv") || strstr(kk, "_usd");
            if (pass == 0 && !output)
                continue;
            if (strstr(kk, part) && !(not &&strstr(kk, not )) && isfinite(orf__jnum(o->items[k]))) {
                if (key)
                    *key = kk;
                return orf__jnum(o->items[k]);
            }
        }
    }
    return ORF__NAN;
}

void orf__sec_sensitivity(orf__html *r)
{
    static const char *const list_keys[] = {"tornado", "parameters", "items", "inputs", NULL};
    static const char *const name_keys[] = {"name",     "param", "parameter",
                                            "variable", "input", NULL};
    const orf_node *sn = r->v->sensitivity;
    const orf_node *items = orf__html_find_list(sn, list_keys);
    if (!sn)
        return;
    fputs("<section id=\"sensitivity\"><h2>Sensitivity</h2>\n", r->fp);
    if (sn->kind == ORF_NODE_MAP)
        orf__html_scalars_table(r, sn, "tbl-sensitivity-summary");
    size_t n = items ? items->n : 0;
    double *lo = orf_calloc(r->ctx, 3 * n + 1, sizeof *lo);
    const char **cats = orf_calloc(r->ctx, n + 1, sizeof *cats);
    size_t *ord = orf_calloc(r->ctx, n + 1, sizeof *ord);
    if (!lo || !cats || !ord) {
        r->oom = 1;
        goto done;
    }
    double *hi = lo + n;
    const char *lkey = NULL;
    double base = num_containing(sn, "base", NULL, &lkey);
    if (!isfinite(base))
        base = orf__jpath_num(r->v->root, "economics.npv_usd"), lkey = "npv_usd";
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const char *k = NULL;
        double l = num_containing(items->items[i], "low", "value", &k);
        double h = num_containing(items->items[i], "high", "value", NULL);
        if (!isfinite(l) || !isfinite(h))
            continue;
        if (!lkey)
            lkey = k;
        /* insertion by swing, largest first (top of the tornado) */
        size_t j = m++;
        while (j > 0 && fabs(hi[j - 1] - lo[j - 1]) < fabs(h - l)) {
            lo[j] = lo[j - 1];
            hi[j] = hi[j - 1];
            ord[j] = ord[j - 1];
            j--;
        }
        lo[j] = l;
        hi[j] = h;
        ord[j] = i;
    }
    if (m > 0) {
        double scale = lkey && orf__html_is_usd(lkey) ? 1e-6 : 1.0;
        for (size_t j = 0; j < m; j++) {
            lo[j] *= scale;
            hi[j] *= scale;
            cats[j] = item_name(items->items[ord[j]], name_keys);
        }
        base *= scale;
        char id[256];
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, scale != 1.0 ? "NPV (M USD)" : "output", 0);
        orf__axis_include(&c.x, lo, m);
        orf__axis_include(&c.x, hi, m);
        orf__axis_include(&c.x, &base, 1);
        orf__axis_init(&c.y, NULL, 0);
        orf__axis_categories(&c.y, cats, m);
        /* categories top to bottom: flip the axis so index 0 is at the top */
        c.y.lo = (double)m - 0.5;
        c.y.hi = -0.5;
        const char *names[2] = {"low input", "high input"};
        const char *colors[2] = {orf__color(1), orf__color(0)};
        orf__chart_legend(&c, names, colors, NULL, 2);
        orf__html_chart_id(r, id, sizeof id, "tornado");
        double hgt = 90.0 + 30.0 * (double)m;
        fputs("<div class=\"charts wide\">", r->fp);
        orf__chart_begin(&c, r->fp, id, "Tornado: output at the low and high input values", 1000,
                         hgt < 220.0 ? 220.0 : hgt);
        for (size_t j = 0; j < m; j++) {
            double py = orf__chart_py(&c, (double)j);
            double bh = 0.6 * fabs(orf__chart_py(&c, 1.0) - orf__chart_py(&c, 0.0));
            double xb = orf__chart_px(&c, base);
            double vals[2] = {lo[j], hi[j]};
            for (int s = 0; s < 2; s++) {
                double xv = orf__chart_px(&c, vals[s]);
                char vb[48];
                orf__fmt_num(vb, sizeof vb, vals[s], 4);
                fprintf(r->fp,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                        "fill=\"%s\"><title>%s input: %s</title></rect>",
                        xv < xb ? xv : xb, py - bh / 2.0, fabs(xv - xb), bh,
                        s ? orf__color(0) : orf__color(1), s ? "high" : "low", vb);
            }
            fputs("\n", r->fp);
        }
        orf__chart_vline(&c, base, "#333", "base");
        orf__chart_end(&c, NULL);
        fputs("</div>\n", r->fp);
    }
    if (items)
        orf__html_objects_table(r, items, "tbl-sensitivity");
done:
    orf_free(r->ctx, lo);
    orf_free(r->ctx, cats);
    orf_free(r->ctx, ord);
    fputs("</section>\n", r->fp);
}
