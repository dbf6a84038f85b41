/* oreflow — HTML report sections on the plant and its streams: plant summary, flowsheet
 * diagram, Sankey diagrams, stream table, unit performance, mass balance and solver.
 *
 * Unit performance uses the two-product formulas of B. A. Wills and J. A. Finch, "Wills' Mineral
 * Processing Technology", 8th ed., Butterworth-Heinemann, 2016, ch. 1: mass pull = C/F,
 * recovery R = C·c / (F·f), computed from the streams' element flows (t/h) so that it holds for
 * units with any number of outlets. */
#include "html_impl.h"

#include <math.h>
#include <string.h>

/* ---- flowsheet diagram and Sankey ----------------------------------------------------------- */

void orf__sec_diagram(orf__html *r)
{
    fputs("<section id=\"flowsheet\"><h2>Flowsheet</h2>\n<div class=\"diagram\">\n", r->fp);
    orf_status st = orf__diagram_svg(r->ctx, r->v->root, r->v->key_assay, r->fp);
    if (st != ORF_OK)
        fputs("<p class=\"note\">The diagram could not be drawn (see the diagnostics).</p>", r->fp);
    fputs("</div>\n<p class=\"note\">Streams are labelled with solids t/h", r->fp);
    if (r->v->key_assay) {
        fputs(" and ", r->fp);
        orf__xml_text(r->fp, r->v->key_assay);
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

static void sankey(orf__html *r, int element, const char *title)
{
    size_t ns = r->v->streams->n, nu = r->v->units ? r->v->units->n : 0;
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
        const char *name = r->v->streams->keys[i]->str;
        const orf_node *st = r->v->streams->items[i];
        const char *from = orf__jstr(orf_node_get(st, "from"));
        const char *to = orf__jstr(orf_node_get(st, "to"));
        const orf_node *uf = from ? orf_node_get(r->v->units, from) : NULL;
        const orf_node *ut = to ? orf_node_get(r->v->units, to) : NULL;
        int a =
            uf ? sk_node(&s, cap, from, orf__view_is_type(uf, "feed") ? ORF__SK_FEED : ORF__SK_UNIT)
               : sk_node(&s, cap, name, ORF__SK_FEED);
        int b = ut ? sk_node(&s, cap, to,
                             orf__view_is_type(ut, "product") ? ORF__SK_PRODUCT : ORF__SK_UNIT)
                   : sk_node(&s, cap, name, ORF__SK_PRODUCT);
        if (a < 0 || b < 0)
            continue;
        orf__sk_link *l = &s.links[s.nl++];
        l->src = a;
        l->dst = b;
        l->name = name;
        l->value = element ? orf__view_vel_tph(r->v, st) : orf__view_solids(st);
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
        snprintf(unit, sizeof unit, "t/h %s", element ? r->v->vel : "");
        orf__sankey_labels(&s, element ? unit : "t/h");
        orf__sankey_svg(&s, r->fp, id, title, element ? unit : "t/h");
    }
    orf_free(r->ctx, s.nodes);
    orf_free(r->ctx, s.links);
}

void orf__sec_sankey(orf__html *r)
{
    char title[128];
    fputs("<section id=\"sankey\"><h2>Sankey diagrams</h2>\n<div class=\"charts wide\">\n", r->fp);
    sankey(r, 0, "Solids (t/h) from feeds to products");
    if (r->v->vel) {
        snprintf(title, sizeof title, "%s (t/h of the element) from feeds to products", r->v->vel);
        sankey(r, 1, title);
    }
    fputs("</div>\n<p class=\"note\">Band widths are proportional to the flow; recycle streams "
          "return below the diagram (orange).</p></section>\n",
          r->fp);
}

/* ---- stream and unit tables ---------------------------------------------------------------- */

void orf__sec_streams(orf__html *r)
{
    FILE *fp = r->fp;
    const orf_node *assays = orf_node_get(r->v->system, "assays");
    /* total: gases, melts and solutions (off-gas, acid, leach liquor) carry no solids or water */
    static const char *const cols[] = {"solids_tph", "water_tph", "total_tph",    "pct_solids",
                                       "slurry_m3h", "p80_um",    "temperature_c"};
    fputs("<section id=\"streams\"><h2>Stream table</h2>\n<div class=\"tablewrap\"><table "
          "id=\"tbl-streams\"><thead><tr><th>Stream</th><th class=\"l\">From</th>"
          "<th class=\"l\">To</th>",
          fp);
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        orf__html_th_key(r, cols[k]);
    if (r->v->vel)
        fprintf(fp, "<th>%s (t/h)</th>", r->v->vel);
    for (size_t k = 0; assays && k < assays->n; k++) {
        fputs("<th>", fp);
        orf__xml_text(fp, orf__jstr(assays->items[k]));
        fputs(strchr(orf__jstr(assays->items[k]) ? orf__jstr(assays->items[k]) : "", '/')
                  ? "</th>"
                  : " (%)</th>",
              fp);
    }
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < r->v->streams->n; i++) {
        const orf_node *s = r->v->streams->items[i];
        const char *cls = orf__view_is_feed(r->v, s)      ? "feed"
                          : orf__view_is_product(r->v, s) ? "product"
                                                          : NULL;
        fprintf(fp, "<tr%s%s%s><td>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
        orf__xml_text(fp, r->v->streams->keys[i]->str);
        fputs("</td>", fp);
        fputs("<td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(s, "from")) ? orf__jstr(orf_node_get(s, "from"))
                                                             : "feed");
        fputs("</td><td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(s, "to")) ? orf__jstr(orf_node_get(s, "to"))
                                                           : "product");
        fputs("</td>", fp);
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            orf__html_td_num(r, orf__jnum(orf_node_get(s, cols[k])), 4);
        if (r->v->vel)
            orf__html_td_num(r, orf__view_vel_tph(r->v, s), 4);
        for (size_t k = 0; assays && k < assays->n; k++) {
            const char *a = orf__jstr(assays->items[k]);
            orf__html_td_num(r, a ? orf__jnum(orf_node_get(orf_node_get(s, "assay"), a)) : ORF__NAN,
                             4);
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

void orf__sec_units(orf__html *r)
{
    FILE *fp = r->fp;
    if (!r->v->units || r->v->units->kind != ORF_NODE_MAP)
        return;
    fputs("<section id=\"units\"><h2>Unit performance</h2>\n<div class=\"tablewrap\"><table "
          "id=\"tbl-units\"><thead><tr><th>Unit</th><th class=\"l\">Type</th>"
          "<th class=\"l\">Outlet</th><th class=\"l\">Stream</th><th>Solids (t/h)</th>"
          "<th>Mass pull (%)</th>",
          fp);
    if (r->v->key_assay) {
        fputs("<th>", fp);
        orf__xml_text(fp, r->v->key_assay);
        fputs(" (%)</th>", fp);
    }
    if (r->v->vel)
        fprintf(fp, "<th>%s recovery (%%)</th>", r->v->vel);
    fputs("</tr></thead><tbody>\n", fp);
    for (size_t i = 0; i < r->v->units->n; i++) {
        const orf_node *u = r->v->units->items[i];
        const char *names[ORF_MAX_PORTS * 4], *ports[ORF_MAX_PORTS * 4];
        const char *type = orf__jstr(orf_node_get(u, "type"));
        if (orf__view_is_type(u, "feed") || orf__view_is_type(u, "product"))
            continue;
        size_t nin = orf__view_port_streams(orf_node_get(u, "in"), names, ports, ORF_MAX_PORTS * 4);
        double feed = 0.0, vfeed = 0.0;
        for (size_t k = 0; k < nin; k++) {
            double v = orf__view_solids(orf__view_stream(r->v, names[k]));
            double e = orf__view_vel_tph(r->v, orf__view_stream(r->v, names[k]));
            feed += isfinite(v) ? v : 0.0;
            vfeed += isfinite(e) ? e : 0.0;
        }
        size_t nout =
            orf__view_port_streams(orf_node_get(u, "out"), names, ports, ORF_MAX_PORTS * 4);
        for (size_t k = 0; k < nout; k++) {
            const orf_node *s = orf__view_stream(r->v, names[k]);
            fputs("<tr>", fp);
            if (k == 0) {
                fprintf(fp, "<td rowspan=\"%zu\">", nout);
                orf__xml_text(fp, r->v->units->keys[i]->str);
                fprintf(fp, "</td><td rowspan=\"%zu\" class=\"l\">", nout);
                orf__xml_text(fp, type ? type : "?");
                fputs("</td>", fp);
            }
            fputs("<td class=\"l\">", fp);
            orf__xml_text(fp, ports[k] ? ports[k] : "");
            fputs("</td><td class=\"l\">", fp);
            orf__xml_text(fp, names[k]);
            fputs("</td>", fp);
            double m = orf__view_solids(s);
            orf__html_td_num(r, m, 4);
            orf__html_td_num(r, feed > 0.0 ? 100.0 * m / feed : ORF__NAN, 4);
            if (r->v->key_assay)
                orf__html_td_num(r, orf__view_key_grade(r->v, s), 4);
            if (r->v->vel)
                orf__html_td_num(
                    r, vfeed > 0.0 ? 100.0 * orf__view_vel_tph(r->v, s) / vfeed : ORF__NAN, 4);
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
    for (size_t i = 0; i < r->v->units->n; i++) {
        const orf_node *u = r->v->units->items[i];
        fputs("<tr>", fp);
        orf__html_td_text(r, r->v->units->keys[i]->str);
        fputs("<td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(u, "type")));
        fputs("</td><td class=\"l\">", fp);
        orf__xml_text(fp, orf__jstr(orf_node_get(u, "family")));
        fputs("</td>", fp);
        static const char *const lists[] = {"params", "results"};
        int feed = orf__view_is_type(u, "feed");
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
                    orf__html_num(r, v, 4);
                else
                    orf__xml_text(fp, orf__jstr(m->items[k]));
                if (!given)
                    fputs("</span>", fp);
            }
            fputs(first ? "–</td>" : "</td>", fp);
        }
        orf__html_td_num(r, orf__jnum(orf_node_get(u, "balance_error")), 2);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody></table></div><p class=\"note\">Parameters in grey are the unit type's "
          "defaults (not given in the file); feeds list only what the file gives.</p></section>\n",
          fp);
}

void orf__sec_plant_summary(orf__html *r)
{
    const orf_node *sm = orf_node_get(r->v->root, "summary");
    const orf_node *prods = orf_node_get(sm, "products");
    if (!sm || sm->kind != ORF_NODE_MAP)
        return;
    fputs("<section id=\"summary\"><h2>Plant summary</h2>\n", r->fp);
    orf__html_scalars_table(r, sm, "tbl-summary");
    if (prods && prods->kind == ORF_NODE_MAP && prods->n > 0) {
        fputs("<div class=\"tablewrap\"><table id=\"tbl-products\"><thead><tr><th>Product</th>"
              "<th>Solids (t/h)</th><th>Mass pull (%)</th>",
              r->fp);
        if (r->v->key_assay) {
            fputs("<th>", r->fp);
            orf__xml_text(r->fp, r->v->key_assay);
            fputs(" (%)</th>", r->fp);
        }
        fprintf(r->fp, "<th>%s recovery (%%)</th></tr></thead><tbody>\n",
                r->v->vel ? r->v->vel : "");
        for (size_t i = 0; i < prods->n; i++) {
            const orf_node *p = prods->items[i];
            fputs("<tr>", r->fp);
            orf__html_td_text(r, prods->keys[i]->str);
            orf__html_td_num(r, orf__jnum(orf_node_get(p, "solids_tph")), 4);
            orf__html_td_num(r, orf__jnum(orf_node_get(p, "mass_pull_pct")), 4);
            if (r->v->key_assay)
                orf__html_td_num(
                    r, orf__view_key_grade(r->v, orf__view_stream(r->v, prods->keys[i]->str)), 4);
            orf__html_td_num(r, orf__jnum(orf_node_get(p, "recovery_pct")), 4);
            fputs("</tr>\n", r->fp);
        }
        fputs("</tbody></table></div>\n", r->fp);
    }
    fputs("</section>\n", r->fp);
}

/* ---- balance and solver ---------------------------------------------------------------------- */

void orf__sec_balance(orf__html *r)
{
    fputs("<section id=\"balance\"><h2>Mass balance and solver</h2>\n", r->fp);
    orf__html_scalars_table(r, orf_node_get(r->v->root, "balance"), "tbl-balance");
    const orf_node *specs = orf_node_get(r->v->root, "specs");
    if (specs && specs->kind == ORF_NODE_SEQ && specs->n > 0) {
        fputs("<h3>Design specifications</h3>\n", r->fp);
        orf__html_objects_table(r, specs, "tbl-specs");
    }
    const orf_node *tears = orf_node_get(r->v->root, "tears");
    if (tears && tears->kind == ORF_NODE_SEQ && tears->n > 0) {
        fputs("<h3>Tear streams</h3>\n", r->fp);
        orf__html_objects_table(r, tears, "tbl-tears");
    }
    fputs("<p>", r->fp);
    static const char *const keys[] = {"iterations", "unit_evaluations"};
    for (size_t k = 0; k < 2; k++) {
        const char *v = orf__jstr(orf_node_get(r->v->root, keys[k]));
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
