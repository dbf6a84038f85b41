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

/* A flow below this fraction of the largest node's is round-off (the solver's tolerance is
 * 1e-12 relative); a key (px) within SK_TIE_PX of another ties, and ties keep the file's order. */
#define SK_NEGLIGIBLE 1e-12
#define SK_TIE_PX 1e-6

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
            if (best == s->nn || nd->key < s->nodes[best].key - SK_TIE_PX)
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
    double vmax = 0.0;
    for (size_t i = 0; i < nn; i++) {
        orf__sk_node *nd = &s->nodes[i];
        nd->value = nd->in_sum > nd->out_sum ? nd->in_sum : nd->out_sum;
        vmax = nd->value > vmax ? nd->value : vmax;
    }
    /* nothing flows through it (gas in a solids diagram), or only round-off: a node at 1e-17 t/h
     * beside 100 t/h is drawn as one at zero, so that round-off never changes the drawing */
    for (size_t i = 0; i < nn; i++)
        s->nodes[i].hidden = !(s->nodes[i].value > SK_NEGLIGIBLE * vmax);
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

/* ---- labels ---------------------------------------------------------------------------------- */

double orf__sk_text_w(const char *s, size_t n)
{
    double w = 0.0;
    for (size_t i = 0; i < n && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80) /* UTF-8 continuation byte */
            continue;
        if (strchr("iljtf.,:;'|!() ", c))
            w += 3.6;
        else if (strchr("mwMW", c))
            w += 9.8;
        else if ((c >= '0' && c <= '9') || c == '_' || c == '/')
            w += 7.0;
        else if (c >= 'A' && c <= 'Z')
            w += 7.8;
        else
            w += 6.9;
    }
    return w;
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static box label_box(double x, double y, double w, int anchor)
{
    double x0 = anchor > 0 ? x : anchor < 0 ? x - w : x - w / 2.0;
    /* baseline y: 11 px text rises about 9 px and descends 3 */
    box b = {x0 - 1.0, y - 10.0, x0 + w + 1.0, y + 3.0};
    return b;
}

static int overlap(box a, box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* 1 when a label box at b is free: inside the drawing (below the title), clear of every node
 * and of every label placed so far. */
static int free_spot(const orf__sankey *s, box b, size_t self)
{
    if (b.x0 < -s->lmargin || b.x1 > s->width + s->rmargin || b.y0 < -14.0 ||
        b.y1 > s->total_height + 8.0)
        return 0;
    for (size_t i = 0; i < s->nn; i++) {
        const orf__sk_node *o = &s->nodes[i];
        if (o->hidden)
            continue;
        box r = {o->x - 1.0, o->y - 1.0, o->x + s->node_w + 1.0, o->y + o->h + 1.0};
        if (overlap(b, r))
            return 0;
        if (i != self && o->state == 5 && o->lshown &&
            overlap(b, label_box(o->lx, o->ly, o->lw, o->lanchor)))
            return 0;
    }
    return 1;
}

/* Try the label of node `i` as `chars` bytes of its name (plus the value when `value`) at the
 * four spots around the node, then (when `aside`) moved up and down beside it. */
static int try_place(orf__sankey *s, size_t i, int chars, int value, double vw, int aside)
{
    orf__sk_node *nd = &s->nodes[i];
    size_t len = strlen(nd->name);
    double w = orf__sk_text_w(nd->name, (size_t)chars);
    if ((size_t)chars < len)
        w += 7.0; /* the ellipsis */
    if (value)
        w += 3.6 + vw;
    double cy = nd->y + nd->h / 2.0 + 4.0;
    double right = nd->x + s->node_w + 4.0, left = nd->x - 4.0;
    /* the side of the column: left in the first column and for units in the last */
    int pref_left = (nd->col == 0 && s->ncols > 1) ||
                    (nd->col == s->ncols - 1 && nd->kind != ORF__SK_PRODUCT && s->ncols > 1);
    struct {
        double x, y;
        int anchor, leader;
    } spots[4 + 2 * 2 * 6];
    size_t n = 0;
    double sx[2] = {pref_left ? left : right, pref_left ? right : left};
    int sa[2] = {pref_left ? -1 : 1, pref_left ? 1 : -1};
    if (!aside) {
        for (int k = 0; k < 2; k++) {
            spots[n].x = sx[k];
            spots[n].y = cy;
            spots[n].anchor = sa[k];
            spots[n++].leader = 0;
        }
        spots[n].x = nd->x + s->node_w / 2.0;
        spots[n].y = nd->y - 4.0;
        spots[n].anchor = 0;
        spots[n++].leader = 0;
        spots[n].x = nd->x + s->node_w / 2.0;
        spots[n].y = nd->y + nd->h + 12.0;
        spots[n].anchor = 0;
        spots[n++].leader = 0;
    } else {
        for (int step = 1; step <= 6; step++) {
            for (int k = 0; k < 2; k++) {
                for (int dir = -1; dir <= 1; dir += 2) {
                    spots[n].x = sx[k] + 6.0 * sa[k];
                    spots[n].y = dir < 0 ? nd->y + 4.0 - ORF__SK_LABEL_H * step
                                         : nd->y + nd->h + 4.0 + ORF__SK_LABEL_H * step;
                    spots[n].anchor = sa[k];
                    spots[n++].leader = 1;
                }
            }
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (!free_spot(s, label_box(spots[k].x, spots[k].y, w, spots[k].anchor), i))
            continue;
        nd->lx = spots[k].x;
        nd->ly = spots[k].y;
        nd->lw = w;
        nd->lanchor = spots[k].anchor;
        nd->lchars = chars;
        nd->lvalue = value;
        nd->lleader = spots[k].leader;
        nd->lshown = 1;
        return 1;
    }
    return 0;
}

static double value_w(const orf__sk_node *nd, const char *unit)
{
    char buf[64], txt[128];
    orf__fmt_num(buf, sizeof buf, nd->value, 3);
    snprintf(txt, sizeof txt, "%s %s", buf, unit);
    return orf__sk_text_w(txt, strlen(txt));
}

static void place(orf__sankey *s, size_t i, const char *unit)
{
    orf__sk_node *nd = &s->nodes[i];
    int len = (int)strlen(nd->name);
    double vw = value_w(nd, unit);
    if (try_place(s, i, len, 1, vw, 0) || try_place(s, i, len, 0, vw, 0) ||
        try_place(s, i, len, 0, vw, 1))
        return;
    for (int chars = len - 1; chars >= 4; chars--) {
        /* cut on a character boundary */
        if (((unsigned char)nd->name[chars] & 0xC0) == 0x80)
            continue;
        if (try_place(s, i, chars, 0, vw, 0) || try_place(s, i, chars, 0, vw, 1))
            return;
    }
}

void orf__sankey_labels(orf__sankey *s, const char *unit)
{
    /* margins: the widest label of the first column (left) and of the products (right) */
    s->lmargin = 60.0;
    s->rmargin = 60.0;
    for (size_t i = 0; i < s->nn; i++) {
        orf__sk_node *nd = &s->nodes[i];
        nd->lshown = 0;
        if (nd->hidden)
            continue;
        double w = orf__sk_text_w(nd->name, strlen(nd->name)) + 3.6 + value_w(nd, unit) + 10.0;
        if (w > 240.0)
            w = 240.0;
        if (nd->col == 0 && s->ncols > 1 && w > s->lmargin)
            s->lmargin = w;
        if (nd->kind == ORF__SK_PRODUCT && w > s->rmargin)
            s->rmargin = w;
    }
    /* feeds and products first (they sit in the margins), then by decreasing flow; state 5
     * marks the nodes done */
    for (size_t i = 0; i < s->nn; i++)
        s->nodes[i].state = s->nodes[i].hidden ? 5 : 2;
    for (;;) {
        size_t best = s->nn;
        double bestkey = -INFINITY;
        for (size_t i = 0; i < s->nn; i++) {
            const orf__sk_node *nd = &s->nodes[i];
            if (nd->state == 5)
                continue;
            double key = nd->kind == ORF__SK_UNIT ? nd->value : (double)INFINITY;
            if (best == s->nn || key > bestkey) {
                best = i;
                bestkey = key;
            }
        }
        if (best == s->nn)
            break;
        place(s, best, unit);
        s->nodes[best].state = 5;
    }
    for (size_t i = 0; i < s->nn; i++)
        s->nodes[i].state = 2;
}

void orf__sankey_svg(const orf__sankey *s, FILE *fp, const char *id, const char *title,
                     const char *unit)
{
    const double lm = s->lmargin, rm = s->rmargin, tm = 34.0, bm = 10.0;
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
        if (!nd->lshown) { /* no room: the name is in the tooltip */
            fputs("</g>\n", fp);
            continue;
        }
        if (nd->lleader) {
            double x0 = nd->lanchor > 0 ? nd->x + s->node_w : nd->x;
            fprintf(fp,
                    "<path class=\"skleader\" d=\"M%.1f,%.1f L%.1f,%.1f\" stroke=\"#777\" "
                    "stroke-width=\"0.7\" fill=\"none\"/>",
                    x0, nd->y + nd->h / 2.0, nd->lx - 2.0 * nd->lanchor, nd->ly - 4.0);
        }
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"sklabel\">", nd->lx,
                nd->ly,
                nd->lanchor > 0   ? "start"
                : nd->lanchor < 0 ? "end"
                                  : "middle");
        int cut = (size_t)nd->lchars < strlen(nd->name);
        if (cut || !nd->lvalue) { /* what the label leaves out is in its tooltip */
            fputs("<title>", fp);
            orf__xml_text(fp, nd->name);
            fprintf(fp, ": %s %s</title>", buf, unit);
        }
        char part[512];
        snprintf(part, sizeof part, "%.*s", nd->lchars, nd->name);
        orf__xml_text(fp, part);
        if (cut)
            fputs("…", fp);
        if (nd->lvalue)
            fprintf(fp, " <tspan class=\"skval\">%s %s</tspan>", buf, unit);
        fputs("</text></g>\n", fp);
    }
    fputs("</g>\n</g>\n</svg></figure>\n", fp);
}
