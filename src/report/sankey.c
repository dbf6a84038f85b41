/* oreflow — Sankey diagram of a flowsheet: band widths proportional to a flow (solids t/h, or
 * t/h of the valuable element) from the feeds through the units to the products.
 *
 * Layout follows the usual layered scheme (M. Bostock's d3-sankey, after Sugiyama, Tagawa & Toda,
 * "Methods for visual understanding of hierarchical system structures", IEEE Trans. SMC 11(2),
 * 1981): links that close a cycle (recycle streams, found by depth-first search from the feeds)
 * are set aside; the others give each node the longest-path column from the feeds; products go
 * to the last column; one scale (px per t/h) for the whole diagram; the order in each column is
 * relaxed towards the barycentre of the sources. Recycle links are drawn as return lanes below
 * the diagram. No allocation: scratch lives in the node records. */
#include "report_impl.h"

#include <math.h>
#include <string.h>

static double lval(const orf__sk_link *l)
{
    return isfinite(l->value) && l->value > 0.0 ? l->value : 0.0;
}

static void dfs(orf__sankey *s, size_t v)
{
    s->nodes[v].state = 1;
    for (size_t i = 0; i < s->nl; i++) {
        orf__sk_link *l = &s->links[i];
        if ((size_t)l->src != v)
            continue;
        orf__sk_node *t = &s->nodes[l->dst];
        if (t->state == 1)
            l->back = 1;
        else if (t->state == 0)
            dfs(s, (size_t)l->dst);
    }
    s->nodes[v].state = 2;
}

/* Stack the nodes of column `col` in the order of their keys, centred vertically. */
static void stack_column(orf__sankey *s, int col)
{
    double total = 0.0;
    size_t count = 0;
    for (size_t i = 0; i < s->nn; i++) {
        if (s->nodes[i].col == col && !s->nodes[i].hidden) {
            total += s->nodes[i].h;
            count++;
        }
    }
    if (count == 0)
        return;
    double y = (s->height - total - s->pad * (double)(count - 1)) / 2.0;
    if (y < 0.0)
        y = 0.0;
    /* selection in key order (columns are small) */
    for (size_t done = 0; done < count; done++) {
        size_t best = s->nn;
        for (size_t i = 0; i < s->nn; i++) {
            orf__sk_node *nd = &s->nodes[i];
            if (nd->col != col || nd->state == 3 || nd->hidden)
                continue;
            if (best == s->nn || nd->key < s->nodes[best].key)
                best = i;
        }
        s->nodes[best].state = 3;
        s->nodes[best].y = y;
        y += s->nodes[best].h + s->pad;
    }
    for (size_t i = 0; i < s->nn; i++)
        if (s->nodes[i].col == col)
            s->nodes[i].state = 2;
}

void orf__sankey_layout(orf__sankey *s)
{
    size_t nn = s->nn, nl = s->nl;
    for (size_t i = 0; i < nn; i++) {
        orf__sk_node *nd = &s->nodes[i];
        nd->col = 0;
        nd->state = 0;
        nd->in_sum = nd->out_sum = 0.0;
    }
    for (size_t i = 0; i < nl; i++)
        s->links[i].back = 0;
    /* cycles: DFS from the feeds first, then from whatever is left */
    for (size_t i = 0; i < nn; i++)
        if (s->nodes[i].kind == ORF__SK_FEED && s->nodes[i].state == 0)
            dfs(s, i);
    for (size_t i = 0; i < nn; i++)
        if (s->nodes[i].state == 0)
            dfs(s, i);
    /* self loops are back links too */
    for (size_t i = 0; i < nl; i++)
        if (s->links[i].src == s->links[i].dst)
            s->links[i].back = 1;
    /* longest path columns over forward links (Bellman-Ford style relaxation; the forward graph is
     * acyclic so nn passes suffice) */
    for (size_t pass = 0; pass < nn; pass++) {
        int changed = 0;
        for (size_t i = 0; i < nl; i++) {
            const orf__sk_link *l = &s->links[i];
            if (l->back)
                continue;
            if (s->nodes[l->dst].col < s->nodes[l->src].col + 1) {
                s->nodes[l->dst].col = s->nodes[l->src].col + 1;
                changed = 1;
            }
        }
        if (!changed)
            break;
    }
    /* a feed sits just before the first unit it feeds (reagents next to their reactor, not in
     * column 0 with bands across the whole diagram) */
    for (size_t i = 0; i < nn; i++) {
        if (s->nodes[i].kind != ORF__SK_FEED)
            continue;
        int mincol = -1;
        for (size_t k = 0; k < nl; k++)
            if ((size_t)s->links[k].src == i && !s->links[k].back &&
                (mincol < 0 || s->nodes[s->links[k].dst].col < mincol))
                mincol = s->nodes[s->links[k].dst].col;
        if (mincol > 0)
            s->nodes[i].col = mincol - 1;
    }
    int maxcol = 0;
    for (size_t i = 0; i < nn; i++)
        if (s->nodes[i].col > maxcol)
            maxcol = s->nodes[i].col;
    for (size_t i = 0; i < nn; i++)
        if (s->nodes[i].kind == ORF__SK_PRODUCT)
            s->nodes[i].col = maxcol;
    s->ncols = maxcol + 1;
    /* node values */
    for (size_t i = 0; i < nl; i++) {
        s->nodes[s->links[i].src].out_sum += lval(&s->links[i]);
        s->nodes[s->links[i].dst].in_sum += lval(&s->links[i]);
    }
    for (size_t i = 0; i < nn; i++) {
        orf__sk_node *nd = &s->nodes[i];
        nd->value = nd->in_sum > nd->out_sum ? nd->in_sum : nd->out_sum;
        nd->hidden = !(nd->value > 0.0); /* nothing flows through it (gas in a solids diagram) */
    }
    /* one scale: the fullest column fills the height */
    double scale = INFINITY;
    for (int c = 0; c <= maxcol; c++) {
        double sum = 0.0;
        size_t count = 0;
        for (size_t i = 0; i < nn; i++) {
            if (s->nodes[i].col == c && !s->nodes[i].hidden) {
                sum += s->nodes[i].value;
                count++;
            }
        }
        if (count == 0 || !(sum > 0.0))
            continue;
        double k = (s->height - s->pad * (double)(count - 1)) / sum;
        if (k < scale)
            scale = k;
    }
    if (!isfinite(scale) || scale < 0.0)
        scale = 0.0;
    s->scale = scale;
    double dx = maxcol > 0 ? (s->width - s->node_w) / maxcol : 0.0;
    for (size_t i = 0; i < nn; i++) {
        orf__sk_node *nd = &s->nodes[i];
        nd->h = nd->hidden ? 0.0 : nd->value * scale;
        if (!nd->hidden && nd->h < 1.0)
            nd->h = 1.0;
        nd->x = nd->col * dx;
        nd->key = (double)i;
        nd->state = 2;
    }
    for (int c = 0; c <= maxcol; c++)
        stack_column(s, c);
    /* relax: order each column by the value-weighted centre of its sources */
    for (int iter = 0; iter < 6; iter++) {
        for (int c = 1; c <= maxcol; c++) {
            for (size_t i = 0; i < nn; i++) {
                orf__sk_node *nd = &s->nodes[i];
                if (nd->col != c)
                    continue;
                double wsum = 0.0, ysum = 0.0;
                for (size_t k = 0; k < nl; k++) {
                    const orf__sk_link *l = &s->links[k];
                    if (l->back || (size_t)l->dst != i)
                        continue;
                    const orf__sk_node *src = &s->nodes[l->src];
                    double w = lval(l) + 1e-12;
                    wsum += w;
                    ysum += w * (src->y + src->h / 2.0);
                }
                nd->key = wsum > 0.0 ? ysum / wsum : nd->y + nd->h / 2.0;
            }
            stack_column(s, c);
        }
    }
    /* band widths and attachment points: outgoing sorted by target centre, incoming by source
     * centre; back links after the forward ones */
    for (size_t i = 0; i < nl; i++)
        s->links[i].w = lval(&s->links[i]) * scale;
    for (size_t v = 0; v < nn; v++) {
        for (int pass = 0; pass < 2; pass++) { /* 0: outgoing, 1: incoming */
            double off = s->nodes[v].y;
            for (int back = 0; back < 2; back++) {
                /* selection over the links of v in order of the far end's centre */
                double last = -INFINITY;
                size_t last_idx = (size_t)-1;
                for (;;) {
                    size_t best = nl;
                    double bestkey = INFINITY;
                    for (size_t k = 0; k < nl; k++) {
                        const orf__sk_link *l = &s->links[k];
                        if (l->back != back || (size_t)(pass ? l->dst : l->src) != v)
                            continue;
                        const orf__sk_node *far = &s->nodes[pass ? l->src : l->dst];
                        double key = far->y + far->h / 2.0;
                        int after =
                            key > last || (key == last && (last_idx == (size_t)-1 || k > last_idx));
                        if (after && (key < bestkey || (key == bestkey && k < best))) {
                            best = k;
                            bestkey = key;
                        }
                    }
                    if (best == nl)
                        break;
                    orf__sk_link *l = &s->links[best];
                    if (pass)
                        l->y1 = off + l->w / 2.0;
                    else
                        l->y0 = off + l->w / 2.0;
                    off += l->w;
                    last = bestkey;
                    last_idx = best;
                }
            }
        }
    }
    /* return lanes for the back links, stacked below the main area */
    double lane = s->height + 14.0;
    for (size_t i = 0; i < nl; i++) {
        orf__sk_link *l = &s->links[i];
        if (!l->back)
            continue;
        l->lane = lane + l->w / 2.0;
        lane += l->w + 8.0;
    }
    s->total_height = lane;
}

void orf__sankey_svg(const orf__sankey *s, FILE *fp, const char *id, const char *title,
                     const char *unit)
{
    const double lm = 130.0, rm = 150.0, tm = 34.0, bm = 10.0;
    char buf[64], nid[512];
    double W = s->width + lm + rm, H = s->total_height + tm + bm;
    fprintf(fp,
            "<figure class=\"chart sankey\"><svg id=\"%s\" viewBox=\"0 0 %.0f %.0f\" "
            "style=\"max-width:%.0fpx\" role=\"img\" aria-label=\"",
            id, W, H, W);
    orf__xml_text(fp, title);
    fputs("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n<title>", fp);
    orf__xml_text(fp, title);
    fprintf(fp, "</title>\n<text x=\"10\" y=\"18\" font-size=\"13\" font-weight=\"bold\">");
    orf__xml_text(fp, title);
    fprintf(fp,
            "</text>\n<g transform=\"translate(%.1f %.1f)\">\n<g class=\"links\" "
            "fill=\"none\">\n",
            lm, tm);
    for (size_t i = 0; i < s->nl; i++) {
        const orf__sk_link *l = &s->links[i];
        const orf__sk_node *a = &s->nodes[l->src], *b = &s->nodes[l->dst];
        if (!(l->w > 0.0)) {
            /* nothing flows: an empty path keeps one element per stream (ids are stable) */
            orf__xml_id_buf(nid, sizeof nid, "", l->name);
            fprintf(fp, "<path id=\"%s-link-%s\" d=\"M0,0\" stroke-width=\"0\"><title>", id, nid);
            orf__xml_text(fp, l->name);
            fprintf(fp, ": no flow (%s)</title></path>\n", unit);
            continue;
        }
        double x0 = a->x + s->node_w, x1 = b->x;
        const char *color = a->kind == ORF__SK_FEED ? orf__color(0) : orf__color(5);
        if (b->kind == ORF__SK_PRODUCT)
            color = orf__color(2);
        if (l->back)
            color = orf__color(1);
        orf__xml_id_buf(nid, sizeof nid, "", l->name);
        fprintf(fp,
                "<path id=\"%s-link-%s\" stroke=\"%s\" stroke-opacity=\"0.4\" "
                "stroke-width=\"%.2f\" ",
                id, nid, color, l->w < 0.5 ? 0.5 : l->w);
        if (!l->back) {
            double xm = (x0 + x1) / 2.0;
            fprintf(fp, "d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\">", x0, l->y0, xm, l->y0,
                    xm, l->y1, x1, l->y1);
        } else {
            double g = 8.0 + l->w / 2.0;
            fprintf(fp,
                    "stroke-linejoin=\"round\" d=\"M%.1f,%.1f H%.1f V%.1f H%.1f V%.1f "
                    "H%.1f\">",
                    x0, l->y0, x0 + g, l->lane, x1 - g, l->y1, x1);
        }
        orf__fmt_num(buf, sizeof buf, l->value, 4);
        fputs("<title>", fp);
        orf__xml_text(fp, l->name);
        fprintf(fp, "%s: %s %s</title></path>\n", l->back ? " (recycle)" : "", buf, unit);
    }
    fputs("</g>\n<g class=\"nodes\">\n", fp);
    for (size_t i = 0; i < s->nn; i++) {
        const orf__sk_node *nd = &s->nodes[i];
        if (nd->hidden)
            continue;
        const char *color = nd->kind == ORF__SK_FEED      ? orf__color(0)
                            : nd->kind == ORF__SK_PRODUCT ? orf__color(2)
                                                          : "#555";
        orf__xml_id_buf(nid, sizeof nid, "", nd->name);
        orf__fmt_num(buf, sizeof buf, nd->value, 3);
        fprintf(fp,
                "<g id=\"%s-node-%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                "height=\"%.1f\" fill=\"%s\"><title>",
                id, nid, nd->x, nd->y, s->node_w, nd->h, color);
        orf__xml_text(fp, nd->name);
        fprintf(fp, ": %s %s</title></rect>", buf, unit);
        /* labels right of the node; left of it for the first column (there is a margin) and
         * for units in the last column */
        int left = (nd->col == 0 && s->ncols > 1) ||
                   (nd->col == s->ncols - 1 && nd->kind != ORF__SK_PRODUCT && s->ncols > 1);
        double tx = left ? nd->x - 4.0 : nd->x + s->node_w + 4.0;
        /* a sliver in the middle of a long chain gets its name as a tooltip only: the labels
         * of neighbouring slivers would overprint each other */
        if (nd->h < 3.0 && nd->col > 0 && nd->col < s->ncols - 1 && s->ncols > 8) {
            fputs("</g>\n", fp);
            continue;
        }
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"sklabel\">", tx,
                nd->y + nd->h / 2.0 + 4.0, left ? "end" : "start");
        orf__xml_text(fp, nd->name);
        fprintf(fp, " <tspan class=\"skval\">%s %s</tspan></text></g>\n", buf, unit);
    }
    fputs("</g>\n</g>\n</svg></figure>\n", fp);
}
