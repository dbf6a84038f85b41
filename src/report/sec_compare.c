/* oreflow — HTML report sections that compare: scenarios side by side (a table of the figures
 * `oreflow scenarios --json` writes, a bar chart of NPV per scenario) and a portfolio of
 * projects (`oreflow portfolio --json`: per-project figures, a table per calendar year, stacked
 * bar charts of value added by project and of taxes by tax). Both read the result tree only. */
#include "html_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The section's object: root.KEY when it is a map, else the root itself (the document that
 * `oreflow scenarios --json` or `oreflow portfolio --json` writes). */
static const orf_node *section_node(const orf_node *root, const char *key, const char *marker)
{
    const orf_node *n = orf_node_get(root, key);
    if (n && n->kind == ORF_NODE_MAP)
        return n;
    return orf_node_get(root, marker) ? root : NULL;
}

static void th_unit(orf__html *r, const char *label, const char *unit)
{
    char buf[160];
    if (unit && *unit)
        snprintf(buf, sizeof buf, "%s (%s)", label, unit);
    else
        snprintf(buf, sizeof buf, "%s", label);
    orf__html_th_text(r, buf);
}

void orf__sec_scenarios(orf__html *r)
{
    const orf_node *sn = section_node(r->v->root, "scenarios", "columns");
    const orf_node *cols = sn ? orf_node_get(sn, "columns") : NULL;
    const orf_node *list = sn ? orf_node_get(sn, "cases") : NULL;
    if (!cols || !list || cols->kind != ORF_NODE_SEQ || list->kind != ORF_NODE_SEQ)
        return;
    FILE *fp = r->fp;
    fputs("<section id=\"scenarios\"><h2>Scenarios</h2>\n<p class=\"sub\">Each scenario is the "
          "file as given with the listed values changed; real USD.</p>\n",
          fp);
    fputs("<div class=\"tablewrap\"><table id=\"tbl-scenarios\"><thead><tr><th>scenario</th>", fp);
    for (size_t c = 0; c < cols->n; c++)
        th_unit(r, orf__jstr(orf_node_get(cols->items[c], "label")),
                orf__jstr(orf_node_get(cols->items[c], "unit")));
    fputs("<th class=\"l\">changes</th></tr></thead><tbody>\n", fp);
    size_t n = list->n;
    double *npv = orf_calloc(r->ctx, n + 1, sizeof *npv);
    const char **cats = orf_calloc(r->ctx, n + 1, sizeof *cats);
    if (!npv || !cats) {
        r->oom = 1;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        const orf_node *s = list->items[i];
        const char *name = orf__jstr(orf_node_get(s, "name"));
        cats[i] = name ? name : "?";
        npv[i] = orf__jnum(orf_node_get(s, "npv_usd")) * 1e-6;
        fputs("<tr>", fp);
        orf__html_td_text(r, cats[i]);
        for (size_t c = 0; c < cols->n; c++) {
            const char *key = orf__jstr(orf_node_get(cols->items[c], "key"));
            double scale = orf__jnum(orf_node_get(cols->items[c], "scale"));
            double v = key ? orf__jnum(orf_node_get(s, key)) : ORF__NAN;
            orf__html_td_num(r, v * (isfinite(scale) ? scale : 1.0), 5);
        }
        fputs("<td class=\"l w\">", fp);
        const orf_node *set = orf_node_get(s, "set");
        for (size_t q = 0; set && set->kind == ORF_NODE_MAP && q < set->n; q++) {
            char vb[48];
            orf__fmt_num(vb, sizeof vb, orf__jnum(set->items[q]), 6);
            fputs(q ? "; <code>" : "<code>", fp);
            orf__xml_text(fp, set->keys[q]->str);
            fprintf(fp, "</code> = %s", vb);
        }
        const char *why = orf__jstr(orf_node_get(s, "diagnostic"));
        if (why) {
            fputs(" <b class=\"bad\">failed:</b> ", fp);
            orf__xml_text(fp, why);
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody></table></div>\n", fp);
    char id[256];
    orf__chart c;
    memset(&c, 0, sizeof c);
    orf__axis_init(&c.x, "scenario", 0);
    orf__axis_categories(&c.x, cats, n);
    orf__axis_init(&c.y, "NPV (M USD)", 0);
    c.y.zero = 1;
    orf__axis_include(&c.y, npv, n);
    orf__html_chart_id(r, id, sizeof id, "scenarios-npv");
    fputs("<div class=\"charts wide\">", fp);
    orf__chart_begin(&c, fp, id, "NPV per scenario", 1000, 360);
    orf__chart_bars(&c, npv, n, orf__color(0), 0, 1, "NPV");
    orf__chart_end(&c, "NPV at the file's discount rate; the first bar is the file as given.");
    fputs("</div>\n", fp);
done:
    orf_free(r->ctx, npv);
    orf_free(r->ctx, cats);
    fputs("</section>\n", fp);
}

/* Stacked bars: series s of ns over nx categories (values v[s * nx + x]); positive values
 * stack upwards from 0, negative ones downwards. */
static void stacked_chart(orf__html *r, const char *what, const char *title, const char *ylabel,
                          const char *const *cats, size_t nx, const char *const *names, size_t ns,
                          const double *v)
{
    double *top = orf_calloc(r->ctx, 2 * nx + 1, sizeof *top);
    const char **colors = orf_calloc(r->ctx, ns + 1, sizeof *colors);
    if (!top || !colors) {
        r->oom = 1;
        orf_free(r->ctx, top);
        orf_free(r->ctx, colors);
        return;
    }
    double *bot = top + nx;
    for (size_t s = 0; s < ns; s++) {
        colors[s] = orf__color((int)s);
        for (size_t x = 0; x < nx; x++) {
            double a = v[s * nx + x];
            if (isfinite(a) && a > 0)
                top[x] += a;
            else if (isfinite(a))
                bot[x] += a;
        }
    }
    char id[256];
    orf__chart c;
    memset(&c, 0, sizeof c);
    orf__axis_init(&c.x, "year", 0);
    orf__axis_categories(&c.x, cats, nx);
    orf__axis_init(&c.y, ylabel, 0);
    c.y.zero = 1;
    orf__axis_include(&c.y, top, nx);
    orf__axis_include(&c.y, bot, nx);
    orf__chart_legend(&c, names, colors, NULL, ns);
    orf__html_chart_id(r, id, sizeof id, what);
    orf__chart_begin(&c, r->fp, id, title, 1000, 380);
    double slot = (orf__chart_px(&c, 1.0) - orf__chart_px(&c, 0.0)) * 0.8;
    memset(top, 0, 2 * nx * sizeof *top);
    for (size_t s = 0; s < ns; s++) {
        fprintf(r->fp, "<g class=\"bars\" fill=\"%s\">", colors[s]);
        for (size_t x = 0; x < nx; x++) {
            double a = v[s * nx + x];
            if (!isfinite(a) || a == 0)
                continue;
            double *base = a > 0 ? &top[x] : &bot[x];
            double y0 = orf__chart_py(&c, *base), y1 = orf__chart_py(&c, *base + a);
            *base += a;
            char vb[48];
            orf__fmt_num(vb, sizeof vb, a, 4);
            fprintf(r->fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
                    orf__chart_px(&c, (double)x) - slot / 2.0, y0 < y1 ? y0 : y1, slot,
                    fabs(y1 - y0));
            orf__xml_text(r->fp, names[s]);
            fputs(" ", r->fp);
            orf__xml_text(r->fp, cats[x]);
            fprintf(r->fp, ": %s</title></rect>", vb);
        }
        fputs("</g>\n", r->fp);
    }
    orf__chart_end(&c, NULL);
    orf_free(r->ctx, top);
    orf_free(r->ctx, colors);
}

void orf__sec_portfolio(orf__html *r)
{
    const orf_node *pn = section_node(r->v->root, "portfolio", "projects");
    const orf_node *projects = pn ? orf_node_get(pn, "projects") : NULL;
    const orf_node *years = pn ? orf_node_get(pn, "years") : NULL;
    if (!projects || !years || projects->kind != ORF_NODE_SEQ || years->kind != ORF_NODE_SEQ)
        return;
    FILE *fp = r->fp;
    size_t np = projects->n, ny = years->n;
    fputs("<section id=\"portfolio\"><h2>Portfolio</h2>\n<p class=\"sub\">Projects summed per "
          "calendar year (real USD). Value added: the stages' value added (sold value minus "
          "bought-in feed value) × each year's production; GVA: revenue minus bought-in goods "
          "and services; exports: all sales.</p>\n",
          fp);
    fputs("<div class=\"tablewrap\"><table id=\"tbl-portfolio-projects\"><thead><tr>"
          "<th>project</th><th>NPV (M USD)</th><th>IRR (%)</th><th>payback (yr)</th>"
          "<th>CAPEX (M USD)</th><th>jobs</th><th>years</th></tr></thead><tbody>\n",
          fp);
    for (size_t i = 0; i < np; i++) {
        const orf_node *p = projects->items[i];
        fputs("<tr>", fp);
        orf__html_td_text(r, orf__jstr(orf_node_get(p, "name")));
        orf__html_td_musd(r, orf__jnum(orf_node_get(p, "npv_usd")));
        orf__html_td_num(r, 100 * orf__jnum(orf_node_get(p, "irr")), 4);
        orf__html_td_num(r, orf__jnum(orf_node_get(p, "payback_years")), 3);
        orf__html_td_musd(r, orf__jnum(orf_node_get(p, "capex_usd")));
        orf__html_td_num(r, orf__jnum(orf_node_get(p, "jobs")), 4);
        fprintf(fp, "<td>%.0f–%.0f</td></tr>\n", orf__jnum(orf_node_get(p, "first_year")),
                orf__jnum(orf_node_get(p, "last_year")));
    }
    fputs("</tbody></table></div>\n", fp);
    static const char *const keys[] = {"value_added_usd", "gva_usd",   "jobs",   "taxes_usd",
                                       "exports_usd",     "capex_usd", "net_usd"};
    static const char *const heads[] = {"value added (M USD)",  "GVA (M USD)",     "jobs",
                                        "taxes (M USD)",        "exports (M USD)", "CAPEX (M USD)",
                                        "net cash flow (M USD)"};
#define NFIG (sizeof keys / sizeof keys[0])
    const orf_node *taxes0 = ny ? orf_node_get(years->items[0], "taxes") : NULL;
    size_t ntax = taxes0 && taxes0->kind == ORF_NODE_MAP ? taxes0->n : 0;
    fputs("<div class=\"tablewrap\"><table id=\"tbl-portfolio-years\"><thead><tr><th>year</th>",
          fp);
    for (size_t k = 0; k < NFIG; k++)
        orf__html_th_text(r, heads[k]);
    for (size_t k = 0; k < ntax; k++)
        th_unit(r, taxes0->keys[k]->str, "M USD");
    fputs("</tr></thead><tbody>\n", fp);
    const orf_node *total = orf_node_get(pn, "total");
    for (size_t t = 0; t <= ny; t++) {
        const orf_node *y = t < ny ? years->items[t] : total;
        if (!y)
            break;
        if (t < ny)
            fprintf(fp, "<tr><td>%.0f</td>", orf__jnum(orf_node_get(y, "year")));
        else
            fputs("<tr><td><b>total</b></td>", fp);
        for (size_t k = 0; k < NFIG; k++) {
            double v = orf__jnum(orf_node_get(y, keys[k]));
            if (!strcmp(keys[k], "jobs"))
                orf__html_td_num(r, v, 4);
            else
                orf__html_td_musd(r, v);
        }
        const orf_node *tx = orf_node_get(y, "taxes");
        for (size_t k = 0; k < ntax; k++)
            orf__html_td_musd(r, orf__jnum(orf_node_get(tx, taxes0->keys[k]->str)));
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table><p class=\"note\">Total jobs: the peak year's.</p></div>\n", fp);
    /* stacked charts: value added by project, taxes by tax */
    size_t ns = np > ntax ? np : ntax;
    char(*labels)[16] = orf_calloc(r->ctx, ny + 1, sizeof *labels);
    const char **cats = orf_calloc(r->ctx, ny + 1, sizeof *cats);
    const char **names = orf_calloc(r->ctx, ns + 1, sizeof *names);
    double *v = orf_calloc(r->ctx, ns * ny + 1, sizeof *v);
    if (!labels || !cats || !names || !v) {
        r->oom = 1;
        goto done;
    }
    for (size_t t = 0; t < ny; t++) {
        snprintf(labels[t], sizeof labels[t], "%.0f",
                 orf__jnum(orf_node_get(years->items[t], "year")));
        cats[t] = labels[t];
    }
    fputs("<div class=\"charts wide\">", fp);
    for (size_t i = 0; i < np; i++) {
        const char *nm = orf__jstr(orf_node_get(projects->items[i], "name"));
        names[i] = nm ? nm : "?";
        const orf_node *va = orf_node_get(projects->items[i], "value_added_usd");
        for (size_t t = 0; t < ny; t++)
            v[i * ny + t] = va && t < va->n ? orf__jnum(va->items[t]) * 1e-6 : ORF__NAN;
    }
    stacked_chart(r, "portfolio-va", "Value added per year, by project", "value added (M USD)",
                  cats, ny, names, np, v);
    for (size_t k = 0; k < ntax; k++) {
        names[k] = taxes0->keys[k]->str;
        for (size_t t = 0; t < ny; t++)
            v[k * ny + t] =
                orf__jnum(orf_node_get(orf_node_get(years->items[t], "taxes"), names[k])) * 1e-6;
    }
    if (ntax)
        stacked_chart(r, "portfolio-taxes", "Taxes per year, by tax (all projects)",
                      "taxes (M USD)", cats, ny, names, ntax, v);
    fputs("</div>\n", fp);
done:
    orf_free(r->ctx, labels);
    orf_free(r->ctx, cats);
    orf_free(r->ctx, names);
    orf_free(r->ctx, v);
    fputs("</section>\n", fp);
}
