/* oreflow — the HTML report: one self-contained page (inline CSS and SVG, no script, no network)
 * rendered from the run's result JSON. Sections: summary, flowsheet diagram (Graphviz), Sankey
 * diagrams of solids and of the valuable element, stream table, unit performance (mass pull,
 * grade, recovery), curves (units' own curves such as partition curves, size-by-size recovery,
 * the plant grade–recovery curve, particle size distributions on log axes), and — when the JSON
 * carries them — economics (annual cash flow), Monte Carlo (histograms with P10/P50/P90),
 * sensitivity (tornado), reconciliation (measured vs reconciled), then balance and solver.
 *
 * Unit performance uses the two-product formulas of B. A. Wills and J. A. Finch, "Wills' Mineral
 * Processing Technology", 8th ed., Butterworth-Heinemann, 2016, ch. 1: mass pull = C/F,
 * recovery R = C·c / (F·f), computed from the streams' element flows (t/h) so that it holds for
 * units with any number of outlets. */
#include "oreflow/report.h"
#include "oreflow/output.h"
#include "report_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 8

typedef struct rep {
    orf_ctx *ctx;
    FILE *fp;
    const orf_node *root, *streams, *units, *system;
    const char *key_assay; /* first assay of system.assays (e.g. Cr2O3) */
    const char *vel;       /* valuable element (e.g. Cr) */
    int oom;
    int nchart;
} rep;

/* ---- small helpers -------------------------------------------------------------------------- */

static void num(rep *r, double v, int sig)
{
    char buf[64];
    orf__fmt_num(buf, sizeof buf, v, sig);
    fputs(buf, r->fp);
}

static void td_num(rep *r, double v, int sig)
{
    fputs("<td>", r->fp);
    num(r, v, sig);
    fputs("</td>", r->fp);
}

static void td_text(rep *r, const char *s)
{
    fputs("<td>", r->fp);
    orf__xml_text(r->fp, s ? s : "–");
    fputs("</td>", r->fp);
}

static void th_key(rep *r, const char *key)
{
    char buf[160];
    orf__pretty_key(key, buf, sizeof buf);
    fputs("<th>", r->fp);
    orf__xml_text(r->fp, buf);
    fputs("</th>", r->fp);
}

static void chart_id(rep *r, char *buf, size_t size, const char *what)
{
    char tmp[160];
    orf__xml_id_buf(tmp, sizeof tmp, "", what);
    snprintf(buf, size, "chart-%d-%s", ++r->nchart, tmp);
}

static const orf_node *stream(const rep *r, const char *name)
{
    return name ? orf_node_get(r->streams, name) : NULL;
}

static double solids(const orf_node *s)
{
    return orf__jnum(orf_node_get(s, "solids_tph"));
}

/* t/h of the valuable element in a stream: element_tph, else solids × element assay. */
static double vel_tph(const rep *r, const orf_node *s)
{
    if (!r->vel || !s)
        return ORF__NAN;
    double v = orf__jnum(orf__jpath(orf_node_get(s, "element_tph"), r->vel));
    if (isfinite(v))
        return v;
    double a = orf__jnum(orf_node_get(orf_node_get(s, "assay"), r->vel));
    return solids(s) * a / 100.0;
}

static double key_grade(const rep *r, const orf_node *s)
{
    return r->key_assay ? orf__jnum(orf_node_get(orf_node_get(s, "assay"), r->key_assay))
                        : ORF__NAN;
}

static int is_type(const orf_node *u, const char *type)
{
    const char *t = orf__jstr(orf_node_get(u, "type"));
    return t && strcmp(t, type) == 0;
}

/* A stream is a feed when no unit (or a unit of type feed) makes it, a product when no unit (or a
 * unit of type product) takes it. */
static int is_feed(const rep *r, const orf_node *s)
{
    const char *from = orf__jstr(orf_node_get(s, "from"));
    const orf_node *u = from ? orf_node_get(r->units, from) : NULL;
    return !u || is_type(u, "feed");
}

static int is_product(const rep *r, const orf_node *s)
{
    const char *to = orf__jstr(orf_node_get(s, "to"));
    const orf_node *u = to ? orf_node_get(r->units, to) : NULL;
    return !u || is_type(u, "product");
}

/* Streams into / out of a unit by name: "in" is a list (or a map port -> stream), "out" a map
 * port -> stream (or a list). */
static size_t port_streams(const orf_node *list, const char **names, const char **ports, size_t max)
{
    size_t n = 0;
    if (!list)
        return 0;
    for (size_t i = 0; i < list->n && n < max; i++) {
        if (list->kind == ORF_NODE_SEQ) {
            names[n] = orf__jstr(list->items[i]);
            ports[n] = NULL;
        } else if (list->kind == ORF_NODE_MAP) {
            names[n] = orf__jstr(list->items[i]);
            ports[n] = list->keys[i]->str;
        } else {
            break;
        }
        if (names[n])
            n++;
    }
    return n;
}

static int is_usd(const char *key)
{
    size_t l = strlen(key);
    return l > 4 && strcmp(key + l - 4, "_usd") == 0;
}

/* Money totals are shown in millions of the currency (the workbook keeps full precision):
 * returns the header for a money key ("npv_usd" -> "NPV (M USD)", "revenue_usd_per_year" ->
 * "revenue (M USD/y)") or 0 when the key is no money total (prices per tonne stay in USD/t).
 * `plain_money`: a key without a unit suffix is money too (cash-flow columns when the result
 * names a currency: "revenue", "cit"). */
static int money_header(const char *key, const char *cur, int plain_money, char *buf, size_t size)
{
    static const char *const not_money[] = {"year",        "period",      "production", "ramp_up",
                                            "utilisation", "utilization", NULL};
    size_t l = strlen(key), sl = 0;
    const char *per = "";
    char probe[160];
    if (l > 13 && strcmp(key + l - 13, "_usd_per_year") == 0) {
        sl = 13;
        per = "/y";
    } else if (is_usd(key)) {
        sl = 4;
    } else if (plain_money) {
        orf__pretty_key(key, probe, sizeof probe);
        if (strchr(probe, '(')) /* it carries a unit of its own */
            return 0;
        for (size_t i = 0; not_money[i]; i++)
            if (strcmp(key, not_money[i]) == 0)
                return 0;
    } else {
        return 0;
    }
    char stem[128];
    snprintf(stem, sizeof stem, "%.*s", (int)(l - sl), key);
    for (char *p = stem; *p; p++)
        if (*p == '_')
            *p = ' ';
    if (strcmp(stem, "npv") == 0)
        snprintf(stem, sizeof stem, "NPV");
    snprintf(buf, size, "%s (M %s%s)", stem, cur ? cur : "USD", per);
    return 1;
}

/* A money total in millions with two decimals ("407.28"). */
static void td_musd(rep *r, double v)
{
    if (isfinite(v))
        fprintf(r->fp, v == 0.0 ? "<td>0</td>" : "<td>%.2f</td>", v / 1e6);
    else
        fputs("<td>–</td>", r->fp);
}

static void th_text(rep *r, const char *text)
{
    fputs("<th>", r->fp);
    orf__xml_text(r->fp, text);
    fputs("</th>", r->fp);
}

static void scalars_table(rep *r, const orf_node *m, const char *id);

/* ---- page frame ----------------------------------------------------------------------------- */

static const char css[] =
    "*{box-sizing:border-box}"
    "body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:0 auto;max-width:1280px;"
    "padding:12px 28px 40px;line-height:1.35;background:#fff}"
    "h1{font-size:24px;margin:12px 0 4px}h2{font-size:19px;border-bottom:2px solid #0072B2;"
    "padding-bottom:3px;margin-top:30px}h3{font-size:15px;margin:18px 0 6px}"
    ".sub{color:#555;margin:0 0 10px}nav{font-size:13px;margin:8px 0 4px}"
    "nav a{margin-right:12px;color:#0072B2;text-decoration:none}"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}"
    ".card{border:1px solid #ccd;border-radius:6px;padding:8px 14px;min-width:150px;"
    "background:#f7f9fc}.card b{display:block;font-size:20px}.card span{font-size:12px;"
    "color:#555}.ok{color:#00734d}.bad{color:#b3261e}"
    ".tablewrap{overflow-x:auto;margin:6px 0 12px}"
    "table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}"
    "th,td{padding:3px 7px;border-bottom:1px solid #e2e2e2;text-align:right;white-space:nowrap}"
    "th:first-child,td:first-child,td.l,th.l{text-align:left}td.w{white-space:normal;min-width:"
    "260px}"
    "thead th{background:#eef3f8;border-bottom:1px solid #aab;vertical-align:bottom}"
    "tr.feed td:first-child{border-left:4px solid #0072B2}"
    "tr.product td:first-child{border-left:4px solid #009E73}"
    ".diagram{border:1px solid #e2e2e2;border-radius:6px;padding:6px;overflow-x:auto}"
    ".diagram svg{max-width:100%;height:auto;display:block;margin:auto}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:14px}"
    ".charts.wide{grid-template-columns:1fr}"
    "figure{margin:0}figure.chart svg{width:100%;height:auto;display:block;margin:0 auto}"
    "figcaption{font-size:11px;color:#555;margin-top:2px}"
    ".gmaj{stroke:#dcdcdc;stroke-width:1}.gmin{stroke:#f0f0f0;stroke-width:1}"
    ".frame{fill:none;stroke:#888}.tick{stroke:#888}.alabel{font-size:12px;fill:#333}"
    ".plabel,.vlabel{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}.sklabel{font-"
    "size:11px;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px;stroke-linejoin:round}.skval{fill:#555}"
    ".note{color:#555;font-style:italic}.dflt{color:#888}"
    "@page{size:A4 landscape;margin:10mm}"
    "footer{margin-top:36px;font-size:11px;color:#777}"
    "@media print{body{max-width:none;padding:0 8mm;font-size:11px}nav{display:none}"
    ".diagram div{min-width:0!important}"
    ".charts{grid-template-columns:1fr 1fr}figure,.diagram,tr{break-inside:avoid}"
    "h2,h3{break-after:avoid}.tablewrap{overflow:visible}table{font-size:9px}"
    "section{break-before:auto}.card{background:none}}";

static void head(rep *r)
{
    const char *name = orf__jstr(orf__jpath(r->root, "flowsheet.name"));
    FILE *fp = r->fp;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"oreflow\">\n<title>",
          fp);
    orf__xml_text(fp, name ? name : "oreflow report");
    fprintf(fp, " — oreflow report</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

static void nav(rep *r)
{
    static const struct {
        const char *key; /* top-level key that must be present, or NULL */
        const char *anchor, *title;
    } items[] = {
        {"summary", "summary", "Summary"},
        {NULL, "flowsheet", "Flowsheet"},
        {NULL, "sankey", "Sankey"},
        {NULL, "streams", "Streams"},
        {"units", "units", "Units"},
        {NULL, "curves", "Curves"},
        {"economics", "economics", "Economics"},
        {"mc", "montecarlo", "Monte Carlo"},
        {"sensitivity", "sensitivity", "Sensitivity"},
        {"reconciliation", "reconciliation", "Reconciliation"},
        {NULL, "balance", "Balance"},
    };
    fputs("<nav>", r->fp);
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (items[i].key && !orf_node_get(r->root, items[i].key))
            continue;
        fprintf(r->fp, "<a href=\"#%s\">%s</a>", items[i].anchor, items[i].title);
    }
    fputs("</nav>\n", r->fp);
}

static void card(rep *r, const char *label, double v, int sig, const char *unit, const char *cls)
{
    fprintf(r->fp, "<div class=\"card\"><b%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
            cls ? "\"" : "");
    num(r, v, sig);
    if (unit)
        fprintf(r->fp, " <small>%s</small>", unit);
    fputs("</b><span>", r->fp);
    orf__xml_text(r->fp, label);
    fputs("</span></div>", r->fp);
}

static void summary(rep *r)
{
    FILE *fp = r->fp;
    const char *name = orf__jstr(orf__jpath(r->root, "flowsheet.name"));
    const char *file = orf__jstr(orf__jpath(r->root, "flowsheet.file"));
    const char *ver = orf__jstr(orf_node_get(r->root, "oreflow_version"));
    const char *conv = orf__jstr(orf_node_get(r->root, "converged"));
    int converged = conv && strcmp(conv, "true") == 0;
    fputs("<header><h1>", fp);
    orf__xml_text(fp, name ? name : "Flowsheet");
    fputs("</h1><p class=\"sub\">", fp);
    if (file) {
        fputs("File <code>", fp);
        orf__xml_text(fp, file);
        fputs("</code> · ", fp);
    }
    fputs("oreflow ", fp);
    orf__xml_text(fp, ver ? ver : "?");
    fputs("</p></header>\n", fp);
    nav(r);
    fputs("<div class=\"cards\">", fp);
    fprintf(fp,
            "<div class=\"card\"><b class=\"%s\">%s</b><span>solver (%s iterations)</span>"
            "</div>",
            converged ? "ok" : "bad", converged ? "converged" : "NOT converged",
            orf__jstr(orf_node_get(r->root, "iterations"))
                ? orf__jstr(orf_node_get(r->root, "iterations"))
                : "?");
    double feed = 0.0, vfeed = 0.0;
    for (size_t i = 0; i < r->streams->n; i++) {
        const orf_node *s = r->streams->items[i];
        if (is_feed(r, s)) {
            double v = solids(s);
            if (isfinite(v))
                feed += v;
            double e = vel_tph(r, s);
            if (isfinite(e))
                vfeed += e;
        }
    }
    /* the ore fed, as the plant summary's mass pull basis, when it differs from all solids fed
     * (reagents such as coke or aluminium added downstream) */
    double ore = orf__jpath_num(r->root, "summary.feed_solids_tph");
    if (isfinite(ore) && fabs(ore - feed) > 1e-9 * feed)
        card(r, "ore solids fed", ore, 4, "t/h", NULL);
    card(r,
         isfinite(ore) && fabs(ore - feed) > 1e-9 * feed ? "all solids fed (with reagents)"
                                                         : "solids fed",
         feed, 4, "t/h", NULL);
    if (r->vel && vfeed > 0.0) {
        char lab[64];
        snprintf(lab, sizeof lab, "%s fed", r->vel);
        card(r, lab, vfeed, 4, "t/h", NULL);
    }
    double err = orf__jpath_num(r->root, "balance.max_relative_error");
    if (isfinite(err))
        card(r, "worst mass balance error (relative)", err, 2, NULL, err <= 1e-6 ? "ok" : "bad");
    double npv = orf__jpath_num(r->root, "economics.npv_usd");
    if (isfinite(npv))
        card(r, "NPV", npv / 1e6, 4, "M USD", npv >= 0.0 ? "ok" : "bad");
    double p50 = orf__jpath_num(r->root, "mc.npv_usd.p50");
    if (isfinite(p50))
        card(r, "NPV P50 (Monte Carlo)", p50 / 1e6, 4, "M USD", NULL);
    fputs("</div>\n", fp);
}

/* ---- flowsheet diagram and Sankey ----------------------------------------------------------- */

static void diagram(rep *r)
{
    fputs("<section id=\"flowsheet\"><h2>Flowsheet</h2>\n<div class=\"diagram\">\n", r->fp);
    orf_status st = orf__diagram_svg(r->ctx, r->root, r->key_assay, r->fp);
    if (st != ORF_OK)
        fputs("<p class=\"note\">The diagram could not be drawn (see the diagnostics).</p>", r->fp);
    fputs("</div>\n<p class=\"note\">Streams are labelled with solids t/h", r->fp);
    if (r->key_assay) {
        fputs(" and ", r->fp);
        orf__xml_text(r->fp, r->key_assay);
        fputs(" %", r->fp);
    }
    fputs("; streams without solids (gases, solutions) with their total t/h and phase.</p>"
          "</section>\n",
          r->fp);
}

/* Node index for a unit/feed/product name in the Sankey, added when new. */
static int sk_node(orf__sankey *s, size_t cap, const char *name, orf__sk_kind kind)
{
    for (size_t i = 0; i < s->nn; i++)
        if (s->nodes[i].kind == kind && strcmp(s->nodes[i].name, name) == 0)
            return (int)i;
    if (s->nn >= cap)
        return -1;
    memset(&s->nodes[s->nn], 0, sizeof s->nodes[0]);
    s->nodes[s->nn].name = name;
    s->nodes[s->nn].kind = kind;
    return (int)s->nn++;
}

static void sankey(rep *r, int element, const char *title)
{
    size_t ns = r->streams->n, nu = r->units ? r->units->n : 0;
    size_t cap = nu + 2 * ns + 1;
    orf__sankey s;
    memset(&s, 0, sizeof s);
    s.nodes = orf_calloc(r->ctx, cap, sizeof *s.nodes);
    s.links = orf_calloc(r->ctx, ns + 1, sizeof *s.links);
    if (!s.nodes || !s.links) {
        r->oom = 1;
        orf_free(r->ctx, s.nodes);
        orf_free(r->ctx, s.links);
        return;
    }
    double total = 0.0;
    for (size_t i = 0; i < ns; i++) {
        const char *name = r->streams->keys[i]->str;
        const orf_node *st = r->streams->items[i];
        const char *from = orf__jstr(orf_node_get(st, "from"));
        const char *to = orf__jstr(orf_node_get(st, "to"));
        const orf_node *uf = from ? orf_node_get(r->units, from) : NULL;
        const orf_node *ut = to ? orf_node_get(r->units, to) : NULL;
        int a = uf ? sk_node(&s, cap, from, is_type(uf, "feed") ? ORF__SK_FEED : ORF__SK_UNIT)
                   : sk_node(&s, cap, name, ORF__SK_FEED);
        int b = ut ? sk_node(&s, cap, to, is_type(ut, "product") ? ORF__SK_PRODUCT : ORF__SK_UNIT)
                   : sk_node(&s, cap, name, ORF__SK_PRODUCT);
        if (a < 0 || b < 0)
            continue;
        orf__sk_link *l = &s.links[s.nl++];
        l->src = a;
        l->dst = b;
        l->name = name;
        l->value = element ? vel_tph(r, st) : solids(st);
        if (isfinite(l->value))
            total += l->value;
    }
    if (total > 0.0) {
        char id[256], unit[48];
        s.width = 960.0;
        s.height = 220.0 + 10.0 * (double)(s.nn > 24 ? 24 : s.nn);
        s.node_w = 12.0;
        s.pad = 18.0;
        orf__sankey_layout(&s);
        if (s.ncols > 12) { /* long chains: room for the columns' labels */
            s.width = 80.0 * s.ncols > 1200.0 ? 1200.0 : 80.0 * s.ncols;
            orf__sankey_layout(&s);
        }
        snprintf(id, sizeof id, "sankey-%s", element ? "element" : "solids");
        snprintf(unit, sizeof unit, "t/h %s", element ? r->vel : "");
        orf__sankey_labels(&s, element ? unit : "t/h");
        orf__sankey_svg(&s, r->fp, id, title, element ? unit : "t/h");
    }
    orf_free(r->ctx, s.nodes);
    orf_free(r->ctx, s.links);
}

static void sankeys(rep *r)
{
    char title[128];
    fputs("<section id=\"sankey\"><h2>Sankey diagrams</h2>\n<div class=\"charts wide\">\n", r->fp);
    sankey(r, 0, "Solids (t/h) from feeds to products");
    if (r->vel) {
        snprintf(title, sizeof title, "%s (t/h of the element) from feeds to products", r->vel);
        sankey(r, 1, title);
    }
    fputs("</div>\n<p class=\"note\">Band widths are proportional to the flow; recycle streams "
          "return below the diagram (orange).</p></section>\n",
          r->fp);
}

/* ---- tables -----------------------------------------------------------------------------------
 */

static void stream_table(rep *r)
{
    FILE *fp = r->fp;
    const orf_node *assays = orf_node_get(r->system, "assays");
    /* total: gases, melts and solutions (off-gas, acid, leach liquor) carry no solids or water */
    static const char *const cols[] = {"solids_tph", "water_tph", "total_tph",    "pct_solids",
                                       "slurry_m3h", "p80_um",    "temperature_c"};
    fputs("<section id=\"streams\"><h2>Stream table</h2>\n<div class=\"tablewrap\"><table "
          "id=\"tbl-streams\"><thead><tr><th>Stream</th><th class=\"l\">From</th>"
          "<th class=\"l\">To</th>",
          fp);
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        th_key(r, cols[k]);
    if (r->vel)
        fprintf(fp, "<th>%s (t/h)</th>", r->vel);
    for (size_t k = 0; assays && k < assays->n; k++) {
        fputs("<th>", fp);
        orf__xml_text(fp, orf__jstr(assays->items[k]));
        fputs(strchr(orf__jstr(assays->items[k]) ? orf__jstr(assays->items[k]) : "", '/')
                  ? "</th>"
                  : " (%)</th>",
              fp);
    }
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < r->streams->n; i++) {
        const orf_node *s = r->streams->items[i];
        const char *cls = is_feed(r, s) ? "feed" : is_product(r, s) ? "product" : NULL;
        fprintf(fp, "<tr%s%s%s><td>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
        orf__xml_text(fp, r->streams->keys[i]->str);
        fputs("</td>", fp);
        fputs("<td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(s, "from")) ? orf__jstr(orf_node_get(s, "from"))
                                                             : "feed");
        fputs("</td><td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(s, "to")) ? orf__jstr(orf_node_get(s, "to"))
                                                           : "product");
        fputs("</td>", fp);
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            td_num(r, orf__jnum(orf_node_get(s, cols[k])), 4);
        if (r->vel)
            td_num(r, vel_tph(r, s), 4);
        for (size_t k = 0; assays && k < assays->n; k++) {
            const char *a = orf__jstr(assays->items[k]);
            td_num(r, a ? orf__jnum(orf_node_get(orf_node_get(s, "assay"), a)) : ORF__NAN, 4);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div><p class=\"note\">Feeds are marked blue, final products green."
          "</p></section>\n",
          fp);
}

/* 1: the file gives the unit's parameter `key`; 0: it holds the type's default; -1: unknown (a
 * result written without `params_given`). */
static int param_given(const orf_node *u, const char *key)
{
    const orf_node *g = orf_node_get(u, "params_given");
    if (!g || g->kind != ORF_NODE_SEQ)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        const char *name = orf__jstr(g->items[i]);
        if (name && strcmp(name, key) == 0)
            return 1;
    }
    return 0;
}

/* Whether a feed's parameter is worth a line: given in the file; or, when unknown, a non-zero
 * value that means something (% solids only for a feed of solids with no water flow given). */
static int feed_param_shown(const orf_node *u, const char *key, double v, int given)
{
    if (given >= 0)
        return given;
    if (isfinite(v) && v == 0.0)
        return 0;
    if (strcmp(key, "pct_solids") == 0) {
        const orf_node *p = orf_node_get(u, "params");
        return orf__jnum(orf_node_get(p, "solids_tph")) > 0.0 &&
               !(orf__jnum(orf_node_get(p, "water_tph")) > 0.0);
    }
    return 1;
}

static void unit_tables(rep *r)
{
    FILE *fp = r->fp;
    if (!r->units || r->units->kind != ORF_NODE_MAP)
        return;
    fputs("<section id=\"units\"><h2>Unit performance</h2>\n<div class=\"tablewrap\"><table "
          "id=\"tbl-units\"><thead><tr><th>Unit</th><th class=\"l\">Type</th>"
          "<th class=\"l\">Outlet</th><th class=\"l\">Stream</th><th>Solids (t/h)</th>"
          "<th>Mass pull (%)</th>",
          fp);
    if (r->key_assay) {
        fputs("<th>", fp);
        orf__xml_text(fp, r->key_assay);
        fputs(" (%)</th>", fp);
    }
    if (r->vel)
        fprintf(fp, "<th>%s recovery (%%)</th>", r->vel);
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < r->units->n; i++) {
        const orf_node *u = r->units->items[i];
        const char *names[ORF_MAX_PORTS * 4], *ports[ORF_MAX_PORTS * 4];
        const char *type = orf__jstr(orf_node_get(u, "type"));
        if (is_type(u, "feed") || is_type(u, "product"))
            continue;
        size_t nin = port_streams(orf_node_get(u, "in"), names, ports, ORF_MAX_PORTS * 4);
        double feed = 0.0, vfeed = 0.0;
        for (size_t k = 0; k < nin; k++) {
            double v = solids(stream(r, names[k]));
            double e = vel_tph(r, stream(r, names[k]));
            feed += isfinite(v) ? v : 0.0;
            vfeed += isfinite(e) ? e : 0.0;
        }
        size_t nout = port_streams(orf_node_get(u, "out"), names, ports, ORF_MAX_PORTS * 4);
        for (size_t k = 0; k < nout; k++) {
            const orf_node *s = stream(r, names[k]);
            fputs("<tr>", fp);
            if (k == 0) {
                fprintf(fp, "<td rowspan=\"%zu\">", nout);
                orf__xml_text(fp, r->units->keys[i]->str);
                fprintf(fp, "</td><td rowspan=\"%zu\" class=\"l\">", nout);
                orf__xml_text(fp, type ? type : "?");
                fputs("</td>", fp);
            }
            fputs("<td class=\"l\">", fp);
            orf__xml_text(fp, ports[k] ? ports[k] : "");
            fputs("</td><td class=\"l\">", fp);
            orf__xml_text(fp, names[k]);
            fputs("</td>", fp);
            double m = solids(s);
            td_num(r, m, 4);
            td_num(r, feed > 0.0 ? 100.0 * m / feed : ORF__NAN, 4);
            if (r->key_assay)
                td_num(r, key_grade(r, s), 4);
            if (r->vel)
                td_num(r, vfeed > 0.0 ? 100.0 * vel_tph(r, s) / vfeed : ORF__NAN, 4);
            fputs("</tr>\n", fp);
        }
    }
    fputs("</tbody></table></div>\n", fp);

    /* results and parameters */
    fputs("<h3>Unit results</h3><div class=\"tablewrap\"><table id=\"tbl-unit-results\"><thead><tr>"
          "<th>Unit</th><th class=\"l\">Type</th><th class=\"l\">Family</th>"
          "<th class=\"l\">Parameters</th><th class=\"l\">Results</th><th>Balance error</th>"
          "</tr></thead><tbody>\n",
          fp);
    for (size_t i = 0; i < r->units->n; i++) {
        const orf_node *u = r->units->items[i];
        fputs("<tr>", fp);
        td_text(r, r->units->keys[i]->str);
        fputs("<td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(u, "type")));
        fputs("</td><td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(u, "family")));
        fputs("</td>", fp);
        static const char *const lists[] = {"params", "results"};
        int feed = is_type(u, "feed");
        for (size_t li = 0; li < 2; li++) {
            const orf_node *m = orf_node_get(u, lists[li]);
            int first = 1;
            fputs("<td class=\"l w\">", fp);
            for (size_t k = 0; m && m->kind == ORF_NODE_MAP && k < m->n; k++) {
                char key[160];
                double v = orf__jnum(m->items[k]);
                if (!isfinite(v) && !orf__jstr(m->items[k]))
                    continue;
                int given = li == 0 ? param_given(u, m->keys[k]->str) : 1;
                /* a feed shows what its file gives: defaults of a feed describe nothing (a
                 * water-only feed is not "100 % solids") */
                if (feed && li == 0 && !feed_param_shown(u, m->keys[k]->str, v, given))
                    continue;
                fputs(first ? "" : "; ", fp);
                first = 0;
                if (!given)
                    fputs("<span class=\"dflt\" title=\"default\">", fp);
                orf__pretty_key(m->keys[k]->str, key, sizeof key);
                orf__xml_text(fp, key);
                fputs(" = ", fp);
                if (isfinite(v))
                    num(r, v, 4);
                else
                    orf__xml_text(fp, orf__jstr(m->items[k]));
                if (!given)
                    fputs("</span>", fp);
            }
            fputs(first ? "–</td>" : "</td>", fp);
        }
        td_num(r, orf__jnum(orf_node_get(u, "balance_error")), 2);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div><p class=\"note\">Parameters in grey are the unit type's "
          "defaults (not given in the file); feeds list only what the file gives.</p></section>\n",
          fp);
}

/* ---- curves --------------------------------------------------------------------------------- */

static const char *const std_unit_keys[] = {
    "type", "family", "in", "out", "params", "params_given", "results", "balance_error", NULL};

static int is_std_key(const char *k)
{
    for (size_t i = 0; std_unit_keys[i]; i++)
        if (strcmp(std_unit_keys[i], k) == 0)
            return 1;
    return 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The quantity a curve shows when it is a share of a feed (drawn in %): "partition",
 * "recovery", "capture", "split", "yield"; NULL for other curves. */
static const char *curve_quantity(const char *key)
{
    static const char *const words[] = {"partition", "recovery", "capture", "split", "yield"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(key, words[i]))
            return words[i];
    return NULL;
}

/* A unit's curve: a map of numeric arrays of equal length; the first is x, the others y. */
static int unit_curve(rep *r, const char *unit, const char *key, const orf_node *m)
{
    const char *xkey = NULL;
    const orf_node *xn = NULL;
    size_t len = 0, ny = 0;
    if (!m || m->kind != ORF_NODE_MAP)
        return 0;
    for (size_t k = 0; k < m->n; k++) {
        if (!orf__jis_numarray(m->items[k]))
            continue;
        if (!xn) {
            xn = m->items[k];
            xkey = m->keys[k]->str;
            len = xn->n;
        } else if (m->items[k]->n == len) {
            ny++;
        }
    }
    if (!xn || ny == 0 || len < 2)
        return 0;
    double *x = NULL;
    int oom = 0;
    orf__jarray(r->ctx, xn, &x, &oom);
    if (!x) {
        r->oom = 1;
        return 0;
    }
    int logx = ends_with(xkey, "_um");
    for (size_t i = 0; i < len; i++)
        if (!(x[i] > 0.0))
            logx = 0;
    char xlabel[160], ylabel[160], title[256], id[256];
    orf__pretty_key(xkey, xlabel, sizeof xlabel);
    if (!strcmp(xkey, "d_um") || !strcmp(xkey, "size_um") || !strcmp(xkey, "mid_um"))
        snprintf(xlabel, sizeof xlabel, "particle size (µm)");
    orf__chart c;
    memset(&c, 0, sizeof c);
    orf__axis_init(&c.x, xlabel, logx);
    orf__axis_include(&c.x, x, len);
    double *ys[MAX_SERIES] = {0};
    const char *names[MAX_SERIES], *colors[MAX_SERIES];
    size_t nser = 0;
    double ymax = -INFINITY;
    for (size_t k = 0; k < m->n && nser < MAX_SERIES; k++) {
        if (m->items[k] == xn || !orf__jis_numarray(m->items[k]) || m->items[k]->n != len)
            continue;
        orf__jarray(r->ctx, m->items[k], &ys[nser], &oom);
        if (!ys[nser]) {
            r->oom = 1;
            break;
        }
        /* of many series (one per material), those of materials that are not there (all 0)
         * only crowd the legend */
        int zero = 1;
        for (size_t i = 0; i < len && zero; i++)
            zero = !(isfinite(ys[nser][i]) && ys[nser][i] != 0.0);
        if (zero && m->n > 5) {
            orf_free(r->ctx, ys[nser]);
            ys[nser] = NULL;
            continue;
        }
        for (size_t i = 0; i < len; i++)
            if (isfinite(ys[nser][i]) && ys[nser][i] > ymax)
                ymax = ys[nser][i];
        names[nser] = m->keys[k]->str;
        colors[nser] = orf__color((int)nser);
        nser++;
    }
    if (nser == 0) {
        orf_free(r->ctx, x);
        return 0;
    }
    /* partitions, recoveries and captures are shown in % (one convention for every curve of
     * the report), also when the unit gives them as fractions */
    const char *word = curve_quantity(key);
    int all_pct = 1;
    for (size_t k = 0; k < nser; k++)
        if (!ends_with(names[k], "_pct"))
            all_pct = 0;
    int scale_pct = word && !all_pct && ymax <= 1.0 + 1e-9;
    for (size_t k = 0; k < nser; k++) {
        if (scale_pct)
            for (size_t i = 0; i < len; i++)
                ys[k][i] *= 100.0;
    }
    /* y label: the quantity with its unit (%); a single series names what it is the share of
     * ("capture to mags (%)") */
    char stem[128], sname[96];
    orf__pretty_key(key, stem, sizeof stem);
    if (word && (scale_pct || all_pct)) {
        orf__pretty_key(names[0], sname, sizeof sname);
        char *u = strstr(sname, " (%)");
        if (u)
            *u = '\0';
        if (nser == 1 && strcmp(sname, word) != 0 && strstr(key, sname) == NULL)
            snprintf(ylabel, sizeof ylabel, "%s %s (%%)", word, sname);
        else
            snprintf(ylabel, sizeof ylabel, "%s (%%)", word);
    } else if (nser == 1) {
        orf__pretty_key(names[0], ylabel, sizeof ylabel);
    } else if (all_pct) {
        snprintf(ylabel, sizeof ylabel, "%s (%%)", stem);
    } else if (ymax <= 1.0 + 1e-9) {
        snprintf(ylabel, sizeof ylabel, "%s (fraction)", stem);
    } else {
        snprintf(ylabel, sizeof ylabel, "%s", stem);
    }
    orf__axis_init(&c.y, ylabel, 0);
    c.y.zero = 1;
    for (size_t k = 0; k < nser; k++)
        orf__axis_include(&c.y, ys[k], len);
    char legbuf[MAX_SERIES][96];
    for (size_t k = 0; k < nser; k++) {
        orf__pretty_key(names[k], legbuf[k], sizeof legbuf[k]);
        names[k] = legbuf[k];
    }
    if (word && (scale_pct || all_pct))
        orf__axis_include_pct(&c.y);
    char pk[160];
    orf__pretty_key(key, pk, sizeof pk);
    snprintf(title, sizeof title, "%s — %s", unit, pk);
    chart_id(r, id, sizeof id, title);
    if (nser > 1)
        orf__chart_legend(&c, names, colors, NULL, nser);
    orf__chart_begin(&c, r->fp, id, title, 560, 340);
    for (size_t k = 0; k < nser; k++)
        orf__chart_line(&c, x, ys[k], len, colors[k], k ? "6 3" : NULL, len <= 40, names[k]);
    /* scalar members (the size a density partition is drawn at, ...) go to the caption */
    char cap[256] = "";
    size_t cl = 0;
    for (size_t k = 0; k < m->n && cl + 1 < sizeof cap; k++) {
        double v = orf__jnum(m->items[k]);
        if (!isfinite(v))
            continue;
        char pk2[128], vb[48];
        orf__pretty_key(m->keys[k]->str, pk2, sizeof pk2);
        orf__fmt_num(vb, sizeof vb, v, 4);
        int w;
        if (strcmp(m->keys[k]->str, "d_um") == 0) /* the size a density partition is drawn at */
            w = snprintf(cap + cl, sizeof cap - cl, "%sat particle size %s µm", cl ? "; " : "", vb);
        else
            w = snprintf(cap + cl, sizeof cap - cl, "%s%s = %s", cl ? "; " : "", pk2, vb);
        if (w < 0 || (size_t)w >= sizeof cap - cl)
            break;
        cl += (size_t)w;
    }
    orf__chart_end(&c, cl ? cap : NULL);
    for (size_t k = 0; k < nser; k++)
        orf_free(r->ctx, ys[k]);
    orf_free(r->ctx, x);
    return 1;
}

/* Size-by-size recovery of each outlet of a separating unit, from the streams' size
 * distributions: R_i = out_i / sum(in_i) (Wills & Finch 2016, ch. 9: the partition curve). */
static int size_recovery(rep *r, const char *unit, const orf_node *u, const double *mid,
                         size_t nsize)
{
    const char *names[ORF_MAX_PORTS * 4], *ports[ORF_MAX_PORTS * 4];
    const char *fam = orf__jstr(orf_node_get(u, "family"));
    if (fam && strcmp(fam, "flow") == 0)
        return 0;
    /* the unit reports its own size-by-size curve: do not draw a second one */
    if (orf_node_get(u, "size_recovery") || orf_node_get(u, "recovery_by_size"))
        return 0;
    size_t nout = port_streams(orf_node_get(u, "out"), names, ports, ORF_MAX_PORTS * 4);
    if (nout < 2 || nout > MAX_SERIES || nsize < 2)
        return 0;
    double *feed = orf_calloc(r->ctx, nsize * (nout + 1), sizeof *feed);
    if (!feed) {
        r->oom = 1;
        return 0;
    }
    double *rec = feed + nsize;
    const char *inn[ORF_MAX_PORTS * 4], *inp[ORF_MAX_PORTS * 4];
    size_t nin = port_streams(orf_node_get(u, "in"), inn, inp, ORF_MAX_PORTS * 4);
    double total = 0.0;
    for (size_t k = 0; k < nin; k++) {
        const orf_node *t = orf__jpath(stream(r, inn[k]), "size.tph");
        for (size_t i = 0; t && i < nsize && i < t->n; i++) {
            double v = orf__jnum(t->items[i]);
            if (isfinite(v)) {
                feed[i] += v;
                total += v;
            }
        }
    }
    int drawn = 0;
    if (total > 0.0) {
        const char *colors[MAX_SERIES], *labels[MAX_SERIES];
        char lab[MAX_SERIES][96];
        for (size_t k = 0; k < nout; k++) {
            const orf_node *t = orf__jpath(stream(r, names[k]), "size.tph");
            for (size_t i = 0; i < nsize; i++) {
                double v = t && i < t->n ? orf__jnum(t->items[i]) : ORF__NAN;
                rec[k * nsize + i] = feed[i] > 1e-9 * total ? 100.0 * v / feed[i] : ORF__NAN;
            }
            snprintf(lab[k], sizeof lab[k], "%s → %s", ports[k] ? ports[k] : "out", names[k]);
            labels[k] = lab[k];
            colors[k] = orf__color((int)k);
        }
        /* only a separation by size says something: not a unit that melts or dissolves its
         * feed (the outlets' sizes do not add up to the feed's), nor one that sends every size
         * to one outlet (a filter cake) */
        int separates = 0, keeps_sizes = 1;
        for (size_t i = 0; i < nsize; i++) {
            if (!(feed[i] > 1e-9 * total))
                continue;
            double sum = 0.0;
            for (size_t k = 0; k < nout; k++) {
                double v = rec[k * nsize + i];
                sum += isfinite(v) ? v : 0.0;
                if (isfinite(v) && v > 0.5 && v < 99.5)
                    separates = 1;
            }
            if (fabs(sum - 100.0) > 1.0)
                keeps_sizes = 0;
        }
        if (!separates || !keeps_sizes) {
            orf_free(r->ctx, feed);
            return 0;
        }
        char title[256], id[256];
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, "particle size, class mid (µm)", 1);
        orf__axis_include(&c.x, mid, nsize);
        orf__axis_init(&c.y, "recovery to outlet (%)", 0);
        orf__axis_include_pct(&c.y);
        snprintf(title, sizeof title, "%s — size-by-size recovery", unit);
        chart_id(r, id, sizeof id, title);
        orf__chart_legend(&c, labels, colors, NULL, nout);
        orf__chart_begin(&c, r->fp, id, title, 560, 360);
        for (size_t k = 0; k < nout; k++)
            orf__chart_line(&c, mid, rec + k * nsize, nsize, colors[k], NULL, 1, labels[k]);
        orf__chart_end(&c, NULL);
        drawn = 1;
    }
    orf_free(r->ctx, feed);
    return drawn;
}

/* Plant grade–recovery curve: final products sorted by grade, richest first, cumulated
 * (cumulative grade = sum(C_j c_j) / sum(C_j); cumulative recovery of the valuable element). */
static int grade_recovery(rep *r)
{
    size_t ns = r->streams->n, np = 0;
    if (!r->vel || !r->key_assay || ns == 0)
        return 0;
    size_t *idx = orf_calloc(r->ctx, ns, sizeof *idx);
    double *xy = orf_calloc(r->ctx, 2 * ns + 2, sizeof *xy);
    if (!idx || !xy) {
        r->oom = 1;
        orf_free(r->ctx, idx);
        orf_free(r->ctx, xy);
        return 0;
    }
    double vtot = 0.0;
    for (size_t i = 0; i < ns; i++) {
        const orf_node *s = r->streams->items[i];
        if (!is_product(r, s) || !(solids(s) > 0.0) || !isfinite(key_grade(r, s)))
            continue;
        double e = vel_tph(r, s);
        if (!isfinite(e))
            continue;
        vtot += e;
        /* insertion by grade, descending */
        size_t j = np++;
        while (j > 0 && key_grade(r, r->streams->items[idx[j - 1]]) < key_grade(r, s)) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    int drawn = 0;
    if (np >= 2 && vtot > 0.0) {
        double *x = xy, *y = xy + np + 1;
        double m = 0.0, mg = 0.0, e = 0.0;
        for (size_t k = 0; k < np; k++) {
            const orf_node *s = r->streams->items[idx[k]];
            m += solids(s);
            mg += solids(s) * key_grade(r, s);
            e += vel_tph(r, s);
            x[k] = 100.0 * e / vtot;
            y[k] = mg / m;
        }
        char xl[96], yl[96], title[200], id[256];
        snprintf(xl, sizeof xl, "cumulative %s recovery (%%)", r->vel);
        snprintf(yl, sizeof yl, "cumulative grade, %s (%%)", r->key_assay);
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, xl, 0);
        orf__axis_include_pct(&c.x);
        orf__axis_init(&c.y, yl, 0);
        c.y.zero = 1;
        orf__axis_include(&c.y, y, np);
        snprintf(title, sizeof title, "Grade–recovery of the final products");
        chart_id(r, id, sizeof id, title);
        orf__chart_begin(&c, r->fp, id, title, 560, 340);
        orf__chart_line(&c, x, y, np, orf__color(0), NULL, 1, "products, richest first");
        for (size_t k = 0; k < np; k++)
            orf__chart_label(&c, x[k], y[k], r->streams->keys[idx[k]]->str);
        orf__chart_end(&c, NULL);
        drawn = 1;
    }
    orf_free(r->ctx, idx);
    orf_free(r->ctx, xy);
    return drawn;
}

/* Cumulative % passing of feeds and products (and of every stream in small flowsheets) against
 * the upper size of each class, log size axis. */
static int psd(rep *r, const double *upper, size_t nsize)
{
    const char *names[MAX_SERIES], *colors[MAX_SERIES], *dashes[MAX_SERIES];
    double *ys[MAX_SERIES];
    size_t n = 0;
    int all = r->streams->n <= 6;
    int oom = 0;
    for (size_t i = 0; i < r->streams->n && n < MAX_SERIES; i++) {
        const orf_node *s = r->streams->items[i];
        int feed = is_feed(r, s);
        if (!all && !feed && !is_product(r, s))
            continue;
        const orf_node *p = orf__jpath(s, "size.passing_pct");
        if (!orf__jis_numarray(p) || p->n != nsize || !(solids(s) > 0.0))
            continue;
        orf__jarray(r->ctx, p, &ys[n], &oom);
        if (!ys[n]) {
            r->oom = 1;
            break;
        }
        names[n] = r->streams->keys[i]->str;
        colors[n] = orf__color((int)n);
        dashes[n] = feed ? NULL : "6 3";
        n++;
    }
    if (n > 0) {
        char id[256];
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, "particle size (µm)", 1);
        orf__axis_include(&c.x, upper, nsize);
        orf__axis_init(&c.y, "cumulative passing (%)", 0);
        orf__axis_include_pct(&c.y);
        chart_id(r, id, sizeof id, "psd");
        orf__chart_legend(&c, names, colors, dashes, n);
        orf__chart_begin(&c, r->fp, id, "Particle size distributions", 560, 360);
        for (size_t k = 0; k < n; k++)
            orf__chart_line(&c, upper, ys[k], nsize, colors[k], dashes[k], 0, names[k]);
        orf__chart_end(&c, "Feeds solid, other streams dashed.");
    }
    for (size_t k = 0; k < n; k++)
        orf_free(r->ctx, ys[k]);
    return n > 0;
}

/* Plant recovery of the valuable element by size class into each product (summary section of the
 * result). */
static int summary_by_size(rep *r, const double *mid, size_t nsize)
{
    const orf_node *prods = orf__jpath(r->root, "summary.products");
    const char *names[MAX_SERIES], *colors[MAX_SERIES];
    double *ys[MAX_SERIES];
    size_t n = 0;
    int oom = 0;
    for (size_t i = 0; prods && prods->kind == ORF_NODE_MAP && i < prods->n && n < MAX_SERIES;
         i++) {
        const orf_node *a = orf_node_get(prods->items[i], "recovery_by_size_pct");
        if (!orf__jis_numarray(a) || a->n != nsize)
            continue;
        orf__jarray(r->ctx, a, &ys[n], &oom);
        if (!ys[n]) {
            r->oom = 1;
            break;
        }
        names[n] = prods->keys[i]->str;
        colors[n] = orf__color((int)n);
        n++;
    }
    if (n > 0) {
        char id[256], yl[96];
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, "particle size, class mid (µm)", 1);
        orf__axis_include(&c.x, mid, nsize);
        snprintf(yl, sizeof yl, "%s recovery (%%)", r->vel ? r->vel : "valuable");
        orf__axis_init(&c.y, yl, 0);
        orf__axis_include_pct(&c.y);
        orf__chart_legend(&c, names, colors, NULL, n);
        chart_id(r, id, sizeof id, "plant-recovery-by-size");
        orf__chart_begin(&c, r->fp, id, "Plant recovery by size into each product", 560, 360);
        for (size_t k = 0; k < n; k++)
            orf__chart_line(&c, mid, ys[k], nsize, colors[k], NULL, 1, names[k]);
        orf__chart_end(&c, NULL);
    }
    for (size_t k = 0; k < n; k++)
        orf_free(r->ctx, ys[k]);
    return n > 0;
}

static void plant_summary(rep *r)
{
    const orf_node *sm = orf_node_get(r->root, "summary");
    const orf_node *prods = orf_node_get(sm, "products");
    if (!sm || sm->kind != ORF_NODE_MAP)
        return;
    fputs("<section id=\"summary\"><h2>Plant summary</h2>\n", r->fp);
    scalars_table(r, sm, "tbl-summary");
    if (prods && prods->kind == ORF_NODE_MAP && prods->n > 0) {
        fputs("<div class=\"tablewrap\"><table id=\"tbl-products\"><thead><tr><th>Product</th>"
              "<th>Solids (t/h)</th><th>Mass pull (%)</th>",
              r->fp);
        if (r->key_assay) {
            fputs("<th>", r->fp);
            orf__xml_text(r->fp, r->key_assay);
            fputs(" (%)</th>", r->fp);
        }
        fprintf(r->fp, "<th>%s recovery (%%)</th></tr></thead><tbody>\n", r->vel ? r->vel : "");
        for (size_t i = 0; i < prods->n; i++) {
            const orf_node *p = prods->items[i];
            fputs("<tr>", r->fp);
            td_text(r, prods->keys[i]->str);
            td_num(r, orf__jnum(orf_node_get(p, "solids_tph")), 4);
            td_num(r, orf__jnum(orf_node_get(p, "mass_pull_pct")), 4);
            if (r->key_assay)
                td_num(r, key_grade(r, stream(r, prods->keys[i]->str)), 4);
            td_num(r, orf__jnum(orf_node_get(p, "recovery_pct")), 4);
            fputs("</tr>\n", r->fp);
        }
        fputs("</tbody></table></div>\n", r->fp);
    }
    fputs("</section>\n", r->fp);
}

static void curves(rep *r)
{
    int any = 0, oom = 0;
    double *mid = NULL, *upper = NULL;
    size_t nmid = orf__jarray(r->ctx, orf__jpath(r->system, "size_classes.mid_um"), &mid, &oom);
    size_t nup = orf__jarray(r->ctx, orf__jpath(r->system, "size_classes.upper_um"), &upper, &oom);
    if (oom)
        r->oom = 1;
    fputs("<section id=\"curves\"><h2>Curves</h2>\n<div class=\"charts\">\n", r->fp);
    /* the units' own curves (partition curves, grade–recovery of a unit, ...) */
    for (size_t i = 0; r->units && r->units->kind == ORF_NODE_MAP && i < r->units->n; i++) {
        const orf_node *u = r->units->items[i];
        for (size_t k = 0; u->kind == ORF_NODE_MAP && k < u->n; k++)
            if (!is_std_key(u->keys[k]->str))
                any |= unit_curve(r, r->units->keys[i]->str, u->keys[k]->str, u->items[k]);
    }
    int ncurves = 0;
    for (size_t i = 0; r->units && r->units->kind == ORF_NODE_MAP && i < r->units->n; i++) {
        if (ncurves >= 16)
            break;
        if (mid && size_recovery(r, r->units->keys[i]->str, r->units->items[i], mid, nmid)) {
            any = 1;
            ncurves++;
        }
    }
    if (mid)
        any |= summary_by_size(r, mid, nmid);
    any |= grade_recovery(r);
    if (upper)
        any |= psd(r, upper, nup);
    fputs("</div>\n", r->fp);
    if (!any)
        fputs("<p class=\"note\">No curves: the result carries no size distributions or unit "
              "curves.</p>\n",
              r->fp);
    fputs("</section>\n", r->fp);
    orf_free(r->ctx, mid);
    orf_free(r->ctx, upper);
}

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

static int records_read(rep *r, const orf_node *n, records *t)
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
static void records_table(rep *r, const records *t, const char *id, const char *cur)
{
    char hdr[160];
    unsigned long long money = 0; /* bit c: column c is money */
    fprintf(r->fp, "<div class=\"tablewrap\"><table id=\"%s\"><thead><tr>", id);
    for (size_t c = 0; c < t->ncol; c++) {
        if (money_header(t->col[c], cur, cur != NULL, hdr, sizeof hdr)) {
            /* the table's heading gives the unit (M USD): the columns keep their names */
            char *u = strstr(hdr, " (M ");
            if (u)
                *u = '\0';
            money |= 1ULL << c;
            th_text(r, hdr);
        } else {
            th_key(r, t->col[c]);
        }
    }
    fputs("</tr></thead><tbody>\n", r->fp);
    for (size_t i = 0; i < t->nrow; i++) {
        fputs("<tr>", r->fp);
        for (size_t c = 0; c < t->ncol; c++) {
            double v = t->v[i * t->ncol + c];
            if (money >> c & 1ULL)
                td_musd(r, v);
            else
                td_num(r, v, 4);
        }
        fputs("</tr>\n", r->fp);
    }
    fputs("</tbody></table></div>\n", r->fp);
}

/* Scalars (numbers and strings) of a map as a two-column table. */
static void scalars_table(rep *r, const orf_node *m, const char *id)
{
    int any = 0;
    const char *cur = orf__jstr(orf__jpath(r->root, "economics.currency"));
    for (size_t k = 0; m && m->kind == ORF_NODE_MAP && k < m->n; k++) {
        const orf_node *v = m->items[k];
        if (v->kind != ORF_NODE_SCALAR || !orf__jstr(v))
            continue;
        if (!any)
            fprintf(r->fp, "<div class=\"tablewrap\"><table id=\"%s\"><tbody>\n", id);
        any = 1;
        fputs("<tr>", r->fp);
        double x = orf__jnum(v);
        if (!strcmp(m->keys[k]->str, "irr") && isfinite(x)) {
            /* the JSON's IRR is a fraction; the terminal and every analyst read it in % */
            fputs("<th>IRR (%)</th>", r->fp);
            td_num(r, 100.0 * x, 4);
            fputs("</tr>\n", r->fp);
            continue;
        }
        char hdr[160];
        const char *key = m->keys[k]->str;
        if (isfinite(x) && money_header(key, cur, 0, hdr, sizeof hdr)) {
            th_text(r, hdr);
            td_musd(r, x);
        } else if (isfinite(x) && strcmp(key, "discount_rate") == 0 && fabs(x) <= 1.0) {
            th_text(r, "discount rate (%)"); /* a fraction in the JSON */
            td_num(r, 100.0 * x, 4);
        } else {
            th_key(r, key);
            if (isfinite(x))
                td_num(r, x, 4);
            else
                td_text(r, orf__jstr(v));
        }
        fputs("</tr>\n", r->fp);
    }
    if (any)
        fputs("</tbody></table></div>\n", r->fp);
}

/* A list of objects (stages, items) as a table of all their scalar fields. */
static void objects_table(rep *r, const orf_node *seq, const char *id)
{
    const char *cols[MAX_COLS];
    if (!seq || seq->kind != ORF_NODE_SEQ)
        return;
    size_t ncol = orf__jscalar_keys(seq, cols, MAX_COLS);
    if (ncol == 0)
        return;
    const char *cur = orf__jstr(orf__jpath(r->root, "economics.currency"));
    char hdr[160];
    unsigned long long money = 0; /* bit c: column c is a money total */
    fprintf(r->fp, "<div class=\"tablewrap\"><table id=\"%s\"><thead><tr>", id);
    for (size_t c = 0; c < ncol; c++) {
        if (money_header(cols[c], cur, 0, hdr, sizeof hdr)) {
            money |= 1ULL << c;
            th_text(r, hdr);
        } else {
            th_key(r, cols[c]);
        }
    }
    fputs("</tr></thead><tbody>\n", r->fp);
    for (size_t i = 0; i < seq->n; i++) {
        fputs("<tr>", r->fp);
        for (size_t c = 0; c < ncol; c++) {
            const orf_node *v = orf_node_get(seq->items[i], cols[c]);
            double x = orf__jnum(v);
            if (isfinite(x) && (money >> c & 1ULL))
                td_musd(r, x);
            else if (isfinite(x))
                td_num(r, x, 4);
            else
                td_text(r, orf__jstr(v));
        }
        fputs("</tr>\n", r->fp);
    }
    fputs("</tbody></table></div>\n", r->fp);
}

/* ---- economics, Monte Carlo, sensitivity, reconciliation ----------------------------------- */

static const char *const net_keys[] = {"net_cashflow_usd",
                                       "net_usd",
                                       "cashflow_usd",
                                       "free_cashflow_usd",
                                       "net_cash_flow_usd",
                                       "net",
                                       NULL};

static void cashflow_chart(rep *r, const records *t)
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
    const char *cur = orf__jstr(orf__jpath(r->root, "economics.currency"));
    int money = is_usd(t->col[cn]) || cur;
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
    chart_id(r, id, sizeof id, "cashflow");
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

static void economics(rep *r)
{
    const orf_node *e = orf_node_get(r->root, "economics");
    if (!e)
        return;
    fputs("<section id=\"economics\"><h2>Economics</h2>\n", r->fp);
    scalars_table(r, e, "tbl-economics");
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
    const orf_node *products = orf_node_get(e, "products");
    if (products && products->kind == ORF_NODE_SEQ) {
        fputs("<h3>Products</h3>\n", r->fp);
        objects_table(r, products, "tbl-products");
    }
    const orf_node *stages = orf_node_get(e, "stages");
    if (stages && stages->kind == ORF_NODE_SEQ) {
        fputs("<h3>Stages</h3>\n", r->fp);
        objects_table(r, stages, "tbl-stages");
    }
    fputs("</section>\n", r->fp);
}

/* Histogram of a Monte Carlo variable: {edges|bin_edges: [n+1], counts: [n]}, or
 * {centers: [n], counts: [n]}, or {lo|min, hi|max, counts: [n]}. */
static int mc_hist(rep *r, const char *var, const orf_node *v)
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
    double scale = is_usd(var) ? 1e-6 : 1.0;
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
    chart_id(r, id, sizeof id, var);
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

static void montecarlo(rep *r)
{
    const orf_node *mc = orf_node_get(r->root, "mc");
    static const char *const stats[] = {"mean", "std", "p10", "p50", "p90", "min", "max"};
    if (!mc || mc->kind != ORF_NODE_MAP)
        return;
    const char *cur = orf__jstr(orf__jpath(r->root, "economics.currency"));
    fputs("<section id=\"montecarlo\"><h2>Monte Carlo</h2>\n", r->fp);
    scalars_table(r, mc, "tbl-mc");
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
        int money = money_header(key, cur, 0, pk, sizeof pk), irr = strcmp(key, "irr") == 0;
        if (irr)
            snprintf(pk, sizeof pk, "IRR (%%)");
        else if (!money)
            orf__pretty_key(key, pk, sizeof pk);
        fputs("<tr>", r->fp);
        td_text(r, pk);
        for (size_t k = 0; k < sizeof stats / sizeof stats[0]; k++) {
            double x = orf__jnum(orf_node_get(v, stats[k]));
            if (money)
                td_musd(r, x);
            else
                td_num(r, irr ? 100.0 * x : x, 4);
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
        objects_table(r, params, "tbl-mc-inputs");
    }
    fputs("</section>\n", r->fp);
}

static const orf_node *find_list(const orf_node *n, const char *const *keys)
{
    if (n && n->kind == ORF_NODE_SEQ)
        return n;
    for (size_t i = 0; keys[i]; i++) {
        const orf_node *l = orf_node_get(n, keys[i]);
        if (l && l->kind == ORF_NODE_SEQ)
            return l;
    }
    return NULL;
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

static void sensitivity(rep *r)
{
    static const char *const list_keys[] = {"tornado", "parameters", "items", "inputs", NULL};
    static const char *const name_keys[] = {"name",     "param", "parameter",
                                            "variable", "input", NULL};
    const orf_node *sn = orf_node_get(r->root, "sensitivity");
    const orf_node *items = find_list(sn, list_keys);
    if (!sn)
        return;
    fputs("<section id=\"sensitivity\"><h2>Sensitivity</h2>\n", r->fp);
    if (sn->kind == ORF_NODE_MAP)
        scalars_table(r, sn, "tbl-sensitivity-summary");
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
        base = orf__jpath_num(r->root, "economics.npv_usd"), lkey = "npv_usd";
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
        double scale = lkey && is_usd(lkey) ? 1e-6 : 1.0;
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
        chart_id(r, id, sizeof id, "tornado");
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
        objects_table(r, items, "tbl-sensitivity");
done:
    orf_free(r->ctx, lo);
    orf_free(r->ctx, cats);
    orf_free(r->ctx, ord);
    fputs("</section>\n", r->fp);
}

static void reconciliation(rep *r)
{
    static const char *const list_keys[] = {"measurements", "items", "streams", "values", NULL};
    const orf_node *rn = orf_node_get(r->root, "reconciliation");
    const orf_node *items = find_list(rn, list_keys);
    if (!rn)
        return;
    fputs("<section id=\"reconciliation\"><h2>Reconciliation</h2>\n", r->fp);
    if (rn->kind == ORF_NODE_MAP)
        scalars_table(r, rn, "tbl-reconciliation-summary");
    size_t n = items ? items->n : 0, m = 0;
    double *xy = orf_calloc(r->ctx, 2 * n + 1, sizeof *xy);
    if (!xy) {
        r->oom = 1;
        fputs("</section>\n", r->fp);
        return;
    }
    double *x = xy, *y = xy + n;
    int logs = 1;
    for (size_t i = 0; i < n; i++) {
        double a = orf__jnum(orf_node_get(items->items[i], "measured"));
        double b = orf__jnum(orf_node_get(items->items[i], "reconciled"));
        if (!isfinite(a) || !isfinite(b))
            continue;
        x[m] = a;
        y[m] = b;
        if (!(a > 0.0) || !(b > 0.0))
            logs = 0;
        m++;
    }
    if (m > 0) {
        char id[256];
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, "measured", logs);
        orf__axis_include(&c.x, x, m);
        orf__axis_include(&c.x, y, m);
        orf__axis_init(&c.y, "reconciled", logs);
        orf__axis_include(&c.y, x, m);
        orf__axis_include(&c.y, y, m);
        chart_id(r, id, sizeof id, "reconciliation");
        orf__chart_begin(&c, r->fp, id, "Measured vs reconciled", 560, 400);
        double d[2] = {logs ? c.x.lo : c.x.lo, c.x.hi};
        orf__chart_line(&c, d, d, 2, "#999", "4 3", 0, "y = x");
        for (size_t i = 0, k = 0; i < n && k < m; i++) {
            const orf_node *it = items->items[i];
            if (!isfinite(orf__jnum(orf_node_get(it, "measured"))) ||
                !isfinite(orf__jnum(orf_node_get(it, "reconciled"))))
                continue;
            const char *sus = orf__jstr(orf_node_get(it, "suspect"));
            int bad = sus && strcmp(sus, "true") == 0;
            fprintf(r->fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\"><title>",
                    orf__chart_px(&c, x[k]), orf__chart_py(&c, y[k]), bad ? "5" : "3.5",
                    bad ? orf__color(1) : orf__color(0));
            orf__xml_text(r->fp, orf__jstr(orf_node_get(it, "name"))
                                     ? orf__jstr(orf_node_get(it, "name"))
                                     : orf__jstr(orf_node_get(it, "stream")));
            fputs(bad ? " (suspect)</title></circle>" : "</title></circle>", r->fp);
            k++;
        }
        fputs("\n", r->fp);
        orf__chart_end(&c, logs ? "Log axes; the dashed line is y = x; suspect measurements in "
                                  "orange."
                                : "The dashed line is y = x; suspect measurements in orange.");
    }
    if (items)
        objects_table(r, items, "tbl-reconciliation");
    orf_free(r->ctx, xy);
    fputs("</section>\n", r->fp);
}

/* ---- balance and solver ---------------------------------------------------------------------- */

static void balance(rep *r)
{
    fputs("<section id=\"balance\"><h2>Mass balance and solver</h2>\n", r->fp);
    scalars_table(r, orf_node_get(r->root, "balance"), "tbl-balance");
    const orf_node *specs = orf_node_get(r->root, "specs");
    if (specs && specs->kind == ORF_NODE_SEQ && specs->n > 0) {
        fputs("<h3>Design specifications</h3>\n", r->fp);
        objects_table(r, specs, "tbl-specs");
    }
    const orf_node *tears = orf_node_get(r->root, "tears");
    if (tears && tears->kind == ORF_NODE_SEQ && tears->n > 0) {
        fputs("<h3>Tear streams</h3>\n", r->fp);
        objects_table(r, tears, "tbl-tears");
    }
    fputs("<p>", r->fp);
    static const char *const keys[] = {"iterations", "unit_evaluations"};
    for (size_t k = 0; k < 2; k++) {
        const char *v = orf__jstr(orf_node_get(r->root, keys[k]));
        if (v) {
            char pk[64];
            orf__pretty_key(keys[k], pk, sizeof pk);
            orf__xml_text(r->fp, pk);
            fputs(": ", r->fp);
            orf__xml_text(r->fp, v);
            fputs(". ", r->fp);
        }
    }
    fputs("</p></section>\n", r->fp);
}

/* ---- entry points ------------------------------------------------------------------------------
 */

/* The valuable element: system.valuable_element, report.valuable_element, else Cr when streams
 * carry it, else the first element listed in a stream's element_tph. */
static const char *find_vel(const rep *r)
{
    const char *v = orf__jstr(orf_node_get(r->system, "valuable_element"));
    if (!v)
        v = orf__jstr(orf__jpath(r->root, "report.valuable_element"));
    if (v)
        return v;
    for (size_t i = 0; i < r->streams->n; i++) {
        const orf_node *e = orf_node_get(r->streams->items[i], "element_tph");
        if (e && e->kind == ORF_NODE_MAP && e->n > 0)
            return orf_node_get(e, "Cr") ? "Cr" : e->keys[0]->str;
    }
    return NULL;
}

static orf_status rep_init(orf_ctx *ctx, const orf_node *result, rep *r)
{
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->root = result;
    if (!result || result->kind != ORF_NODE_MAP)
        return orf_diag_emit(ctx, ORF_E_INPUT, result ? &result->loc : NULL, NULL,
                             "a run result must be a JSON object");
    r->streams = orf_node_get(result, "streams");
    if (!r->streams || r->streams->kind != ORF_NODE_MAP)
        return orf_diag_emit(ctx, ORF_E_INPUT, &result->loc, NULL,
                             "not a run result: no 'streams' object (write one with "
                             "'oreflow run FILE --json')");
    r->units = orf_node_get(result, "units");
    if (r->units && r->units->kind != ORF_NODE_MAP)
        r->units = NULL;
    r->system = orf_node_get(result, "system");
    const orf_node *assays = orf_node_get(r->system, "assays");
    if (assays && assays->kind == ORF_NODE_SEQ && assays->n > 0)
        r->key_assay = orf__jstr(assays->items[0]);
    r->vel = find_vel(r);
    return ORF_OK;
}

orf_status orf__report_html_fp(orf_ctx *ctx, const orf_node *result, FILE *fp);
orf_status orf__report_html_fp(orf_ctx *ctx, const orf_node *result, FILE *fp)
{
    rep r;
    orf_status st = rep_init(ctx, result, &r);
    if (st != ORF_OK)
        return st;
    r.fp = fp;
    head(&r);
    summary(&r);
    plant_summary(&r);
    diagram(&r);
    sankeys(&r);
    stream_table(&r);
    unit_tables(&r);
    curves(&r);
    economics(&r);
    montecarlo(&r);
    sensitivity(&r);
    reconciliation(&r);
    balance(&r);
    fputs("<footer>Written by oreflow " ORF_VERSION_STRING " from the run's result JSON. "
          "Self-contained: no scripts, no network.</footer>\n</body>\n</html>\n",
          fp);
    if (r.oom)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory writing the report");
    return ORF_OK;
}

orf_status orf_report_write_html(orf_ctx *ctx, const orf_node *result, const char *dir)
{
    orf_atomic a;
    char *path;
    size_t len;
    orf_status st;
    if (!dir || !*dir)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "no report directory given");
    st = orf_mkdir_p(ctx, dir);
    if (st != ORF_OK)
        return st;
    len = strlen(dir) + sizeof "/report.html";
    path = orf_malloc(ctx, len);
    if (!path)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    snprintf(path, len, "%s/report.html", dir);
    st = orf_atomic_open(ctx, &a, path);
    if (st == ORF_OK) {
        st = orf__report_html_fp(ctx, result, a.fp);
        if (st == ORF_OK)
            st = orf_atomic_commit(ctx, &a);
        else
            orf_atomic_abort(&a);
    }
    orf_free(ctx, path);
    return st;
}

orf_status orf_report_result_doc(orf_ctx *ctx, const orf_flowsheet *fs, const orf_solve_info *info,
                                 orf_json_section_fn extra, void *extra_ud, orf_doc **out)
{
    char *buf = NULL;
    size_t len = 0;
    *out = NULL;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "cannot open a memory stream");
    orf_result_write_json(fs, info, fp, extra, extra_ud);
    int bad = ferror(fp);
    if (fclose(fp) != 0 || bad || !buf) {
        free(buf);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL,
                             "cannot render the result JSON in memory");
    }
    orf_status st = orf_doc_load_string(ctx, "<result>", buf, len, out);
    free(buf);
    return st;
}
