/* The liberation spectrum of each product: the share of the valuable mineral in each composition
 * class (streams.NAME.liberation.valuable_pct_by_class, written by src/io/liberation_json.c),
 * bars per class side by side for the final products (King 2001, "Modeling and Simulation of
 * Mineral Processing Systems", ch. 4). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html_impl.h"

int orf__liberation_chart(orf__html *r)
{
    const orf_node *prods = orf__jpath(r->v->root, "summary.products");
    const orf_node *vf = orf__jpath(r->v->system, "composition_classes.vfrac");
    if (!prods || prods->kind != ORF_NODE_MAP || !orf__jis_numarray(vf) || vf->n < 2 || vf->n > 64)
        return 0;
    const char *names[ORF__HTML_MAX_SERIES], *colors[ORF__HTML_MAX_SERIES];
    const orf_node *ser[ORF__HTML_MAX_SERIES];
    size_t n = 0;
    for (size_t i = 0; i < prods->n && n < ORF__HTML_MAX_SERIES; i++) {
        const char *name = prods->keys[i]->str;
        const orf_node *a =
            orf__jpath(orf__view_stream(r->v, name), "liberation.valuable_pct_by_class");
        if (!orf__jis_numarray(a) || a->n != vf->n)
            continue;
        ser[n] = a;
        names[n] = name;
        colors[n] = orf__color((int)n);
        n++;
    }
    if (!n)
        return 0;
    char labs[64][24];
    const char *cats[64];
    double y[64];
    for (size_t c = 0; c < vf->n; c++) {
        double v = orf__jnum(vf->items[c]);
        snprintf(labs[c], sizeof labs[c],
                 v == 1.0   ? "1 (free)"
                 : v == 0.0 ? "0 (gangue)"
                            : "%g",
                 v);
        cats[c] = labs[c];
    }
    orf__chart ch;
    memset(&ch, 0, sizeof ch);
    char id[256];
    orf__axis_categories(&ch.x, cats, vf->n);
    ch.x.label = "composition class: volume fraction of the valuable mineral";
    orf__axis_init(&ch.y, "% of the product's valuable mineral", 0);
    orf__axis_include_pct(&ch.y);
    orf__chart_legend(&ch, names, colors, NULL, n);
    orf__html_chart_id(r, id, sizeof id, "liberation-spectrum");
    orf__chart_begin(&ch, r->fp, id, "Liberation spectrum of the valuable mineral in each product",
                     560, 360);
    for (size_t k = 0; k < n; k++) {
        for (size_t c = 0; c < vf->n; c++)
            y[c] = orf__jnum(ser[k]->items[c]);
        orf__chart_bars(&ch, y, vf->n, colors[k], (int)k, (int)n, names[k]);
    }
    orf__chart_end(&ch, "the class of volume fraction 1 holds the liberated mineral");
    return 1;
}
