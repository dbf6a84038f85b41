/* oreflow — the HTML report: one self-contained page (inline CSS and SVG, no script, no network)
 * rendered from the run's result JSON. This file is the page frame: head and CSS, the title, the
 * table of contents, the key figures, then the sections in the order of the section table
 * `sections` below, and the footer. The sections live in topic files (html_impl.h): sec_flow.c
 * (plant summary, flowsheet diagram, Sankey, streams, units, balance), sec_separation.c (curves),
 * sec_money.c (economics, Monte Carlo, sensitivity) and sec_plant.c (reconciliation). */
#include "oreflow/report.h"
#include "oreflow/output.h"
#include "html_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The report's sections in page order: anchor, title in the table of contents, the top-level
 * result key the section needs (NULL: always rendered), render function. A new chart is a render
 * function in the topic file it belongs to and a row here (or a call inside its section's
 * renderer when it joins an existing section). */
static const orf__html_section sections[] = {
    {"summary", "Summary", "summary", orf__sec_plant_summary},
    {"flowsheet", "Flowsheet", NULL, orf__sec_diagram},
    {"sankey", "Sankey", NULL, orf__sec_sankey},
    {"streams", "Streams", NULL, orf__sec_streams},
    {"units", "Units", "units", orf__sec_units},
    {"curves", "Curves", NULL, orf__sec_curves},
    {"design", "Equipment and capital", "design", orf__sec_design},
    {"economics", "Economics", "economics", orf__sec_economics},
    {"montecarlo", "Monte Carlo", "mc", orf__sec_montecarlo},
    {"sensitivity", "Sensitivity", "sensitivity", orf__sec_sensitivity},
    {"reconciliation", "Reconciliation", "reconciliation", orf__sec_reconciliation},
    {"scenarios", "Scenarios", "scenarios", orf__sec_scenarios},
    {"portfolio", "Portfolio", "portfolio", orf__sec_portfolio},
    {"optimize", "Optimisation", "optimize", orf__sec_optimize},
    {"balance", "Balance", NULL, orf__sec_balance},
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

static int section_present(const orf__html *r, const orf__html_section *s)
{
    return !s->needs || orf_node_get(r->v->root, s->needs) != NULL;
}

const orf__html_section *orf__html_sections(size_t *n)
{
    *n = NSECTIONS;
    return sections;
}

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
    /* wide tables and the diagram scroll in their box, with a visible scrollbar and a shadow
     * on the side where more is hidden (backgrounds that scroll with the content cover the
     * shadows at the ends: Lea Verou's scrolling shadows) */
    ".tablewrap,.diagram{overflow-x:auto;background:linear-gradient(to right,#fff 30%,#fff0),"
    "linear-gradient(to left,#fff 30%,#fff0) 100% 0,radial-gradient(farthest-side at 0 50%,"
    "#0003,#0000),radial-gradient(farthest-side at 100% 50%,#0003,#0000) 100% 0;"
    "background-repeat:no-repeat;background-color:#fff;background-size:40px 100%,40px 100%,"
    "14px 100%,14px 100%;background-attachment:local,local,scroll,scroll;"
    "scrollbar-width:thin;scrollbar-color:#99a #eef0f4}"
    ".tablewrap::-webkit-scrollbar,.diagram::-webkit-scrollbar{height:8px}"
    ".tablewrap::-webkit-scrollbar-thumb,.diagram::-webkit-scrollbar-thumb{background:#99a;"
    "border-radius:4px}"
    ".tablewrap{margin:6px 0 12px}"
    "table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}"
    "th,td{padding:3px 7px;border-bottom:1px solid #e2e2e2;text-align:right;white-space:nowrap}"
    "th:first-child,td:first-child,td.l,th.l{text-align:left}td.w{white-space:normal;min-width:"
    "260px}"
    "thead th{background:#eef3f8;border-bottom:1px solid #aab;vertical-align:bottom}"
    "tr.feed td:first-child{border-left:4px solid #0072B2}"
    "tr.product td:first-child{border-left:4px solid #009E73}"
    ".diagram{border:1px solid #e2e2e2;border-radius:6px;padding:6px}"
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
    "h2,h3{break-after:avoid}.tablewrap{overflow:visible;background:none}table{font-size:9px}"
    "section{break-before:auto}.card{background:none}}";

static void head(orf__html *r)
{
    const char *name = orf__jstr(orf__jpath(r->v->root, "flowsheet.name"));
    FILE *fp = r->fp;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"oreflow\">\n<title>",
          fp);
    orf__xml_text(fp, name ? name : "oreflow report");
    fprintf(fp, " — oreflow report</title>\n<style>%s</style>\n</head>\n<body>\n", css);
}

/* The table of contents: a link to each present section that has a title. */
static void nav(orf__html *r)
{
    fputs("<nav>", r->fp);
    for (size_t i = 0; i < NSECTIONS; i++) {
        if (!sections[i].title || !section_present(r, &sections[i]))
            continue;
        fprintf(r->fp, "<a href=\"#%s\">%s</a>", sections[i].id, sections[i].title);
    }
    fputs("</nav>\n", r->fp);
}

static void card(orf__html *r, const char *label, double v, int sig, const char *unit,
                 const char *cls)
{
    fprintf(r->fp, "<div class=\"card\"><b%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
            cls ? "\"" : "");
    orf__html_num(r, v, sig);
    if (unit)
        fprintf(r->fp, " <small>%s</small>", unit);
    fputs("</b><span>", r->fp);
    orf__xml_text(r->fp, label);
    fputs("</span></div>", r->fp);
}

/* The title, the table of contents and the key figures (cards). */
static void page_top(orf__html *r)
{
    FILE *fp = r->fp;
    const char *name = orf__jstr(orf__jpath(r->v->root, "flowsheet.name"));
    const char *file = orf__jstr(orf__jpath(r->v->root, "flowsheet.file"));
    const char *ver = orf__jstr(orf_node_get(r->v->root, "oreflow_version"));
    const char *conv = orf__jstr(orf_node_get(r->v->root, "converged"));
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
            orf__jstr(orf_node_get(r->v->root, "iterations"))
                ? orf__jstr(orf_node_get(r->v->root, "iterations"))
                : "?");
    const char *smet = orf__jstr(orf_node_get(r->v->root, "specs_met"));
    const orf_node *specs = orf_node_get(r->v->root, "specs");
    for (size_t i = 0; smet && !strcmp(smet, "false") && specs && i < specs->n; i++) {
        const char *sn = orf__jstr(orf_node_get(specs->items[i], "name"));
        const char *ss = orf__jstr(orf_node_get(specs->items[i], "status"));
        if (!ss || !strcmp(ss, "met"))
            continue;
        fputs("<div class=\"card\"><b class=\"bad\">", fp);
        orf__xml_text(fp, strcmp(ss, "not_met") ? "not evaluated" : "NOT met");
        fputs("</b><span>design spec ", fp);
        orf__xml_text(fp, sn ? sn : "?");
        fputs("</span></div>", fp);
    }
    double feed = 0.0, vfeed = 0.0;
    for (size_t i = 0; i < r->v->streams->n; i++) {
        const orf_node *s = r->v->streams->items[i];
        if (orf__view_is_feed(r->v, s)) {
            double v = orf__view_solids(s);
            if (isfinite(v))
                feed += v;
            double e = orf__view_vel_tph(r->v, s);
            if (isfinite(e))
                vfeed += e;
        }
    }
    /* the ore fed, as the plant summary's mass pull basis, when it differs from all solids fed
     * (reagents such as coke or aluminium added downstream) */
    double ore = orf__jpath_num(r->v->root, "summary.feed_solids_tph");
    if (isfinite(ore) && fabs(ore - feed) > 1e-9 * feed)
        card(r, "ore solids fed", ore, 4, "t/h", NULL);
    card(r,
         isfinite(ore) && fabs(ore - feed) > 1e-9 * feed ? "all solids fed (with reagents)"
                                                         : "solids fed",
         feed, 4, "t/h", NULL);
    if (r->v->vel && vfeed > 0.0) {
        char lab[64];
        snprintf(lab, sizeof lab, "%s fed", r->v->vel);
        card(r, lab, vfeed, 4, "t/h", NULL);
    }
    double err = orf__jpath_num(r->v->root, "balance.max_relative_error");
    if (isfinite(err))
        card(r, "worst mass balance error (relative)", err, 2, NULL, err <= 1e-6 ? "ok" : "bad");
    double npv = orf__jpath_num(r->v->root, "economics.npv_usd");
    if (isfinite(npv))
        card(r, "NPV", npv / 1e6, 4, "M USD", npv >= 0.0 ? "ok" : "bad");
    double p50 = orf__jpath_num(r->v->root, "mc.npv_usd.p50");
    double base = orf__jpath_num(r->v->root, "mc.base.npv_usd");
    if (isfinite(p50)) { /* the median beside the headline it scatters around */
        char lab[96];
        if (!isfinite(base))
            base = npv;
        if (isfinite(base))
            snprintf(lab, sizeof lab, "NPV P50 (Monte Carlo; base case %.4g M USD)", base / 1e6);
        else
            snprintf(lab, sizeof lab, "NPV P50 (Monte Carlo)");
        card(r, lab, p50 / 1e6, 4, "M USD", NULL);
    }
    fputs("</div>\n", fp);
}

/* ---- entry points ------------------------------------------------------------------------------
 */

/* A page of a document that compares (what `oreflow scenarios|portfolio --json` writes, or a map
 * holding them under "scenarios" / "portfolio") and is no run result: those sections only. */
static int compare_doc(const orf_node *root)
{
    if (!root || root->kind != ORF_NODE_MAP || orf_node_get(root, "streams"))
        return 0;
    return (orf_node_get(root, "columns") && orf_node_get(root, "cases")) ||
           (orf_node_get(root, "projects") && orf_node_get(root, "years")) ||
           orf_node_get(root, "portfolio") || orf_node_get(root, "scenarios") ||
           orf_node_get(root, "optimize");
}

static orf_status compare_page(orf_ctx *ctx, const orf_node *result, FILE *fp)
{
    orf__report_view v;
    memset(&v, 0, sizeof v);
    v.root = result;
    orf__html r = {ctx, fp, &v, 0, 0};
    int pf = orf_node_get(result, "portfolio") || orf_node_get(result, "projects");
    int opt = orf_node_get(result, "optimize") != NULL;
    const char *title = pf ? "Portfolio" : opt ? "Optimisation" : "Scenarios";
    const char *file = orf__jstr(orf__jpath(result, opt ? "optimize.file" : "file"));
    fprintf(fp,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"oreflow\">\n<title>%s — oreflow report</title>\n"
            "<style>%s</style>\n</head>\n<body>\n<header><h1>%s</h1><p class=\"sub\">",
            title, css, title);
    if (file) {
        fputs("File <code>", fp);
        orf__xml_text(fp, file);
        fputs("</code> · ", fp);
    }
    fputs("oreflow " ORF_VERSION_STRING "</p></header>\n", fp);
    orf__sec_scenarios(&r);
    orf__sec_portfolio(&r);
    orf__sec_optimize(&r);
    fputs("<footer>Written by oreflow " ORF_VERSION_STRING ". Self-contained: no scripts, no "
          "network.</footer>\n</body>\n</html>\n",
          fp);
    if (r.oom)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory writing the report");
    return ORF_OK;
}

orf_status orf__report_html_fp(orf_ctx *ctx, const orf_node *result, FILE *fp)
{
    if (compare_doc(result))
        return compare_page(ctx, result, fp);
    orf__report_view v;
    orf_status st = orf__report_view_init(ctx, result, &v);
    if (st != ORF_OK)
        return st;
    orf__html r = {ctx, fp, &v, 0, 0};
    head(&r);
    page_top(&r);
    for (size_t i = 0; i < NSECTIONS; i++)
        if (section_present(&r, &sections[i]))
            sections[i].render(&r);
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

orf_status orf_report_diagram_svg(orf_ctx *ctx, const orf_node *result, FILE *fp)
{
    orf__report_view v;
    orf_status st = orf__report_view_init(ctx, result, &v);
    if (st != ORF_OK)
        return st;
    return orf__diagram_svg(ctx, result, v.key_assay, fp);
}
