/* oreflow — the flowsheet diagram of a result, laid out by Graphviz "dot" (E. R. Gansner,
 * E. Koutsofios, S. C. North and K.-P. Vo, "A technique for drawing directed graphs", IEEE Trans.
 * Software Eng. 19(3), 1993) and rendered to SVG in memory (gvRenderData), then inlined in the
 * report. Units are shaped by family; streams are labelled with solids t/h and the key assay.
 * Every unit is <g id="unit-NAME">, every stream <g id="stream-NAME"> (the browser test checks
 * them). */
#include "report_impl.h"

#include <math.h>
#include <string.h>

#ifdef ORF_WITH_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>
#include <pthread.h>

/* One Graphviz context for the process, created on first use and never freed. Graphviz 2.43's
 * text layout caches the last font name across contexts: a second gvContext() after
 * gvFreeContext() reads freed memory (AddressSanitizer: heap-use-after-free in
 * textspan_size / the pango plugin). Graphviz is not reentrant either, hence the mutex. */
static GVC_t *the_gvc;
static pthread_once_t gvc_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t gvc_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Margin around the drawing, inches (Graphviz "pad"). */
#define PAD_IN 0.5
#define PAD_IN_TEXT "0.5"

static void gvc_start(void)
{
    the_gvc = gvContext();
}

typedef struct family_style {
    const char *family;
    const char *shape;
    const char *fill;
} family_style;

/* Shapes echo the usual flowsheet symbols: cyclones and screens as inverted triangles, gravity
 * as trapezia, mills as octagons, furnaces as houses, tanks/leach as cylinders. */
static const family_style styles[] = {
    {"classification", "invtriangle", "#dbe9f6"},
    {"gravity", "trapezium", "#fde2c8"},
    {"comminution", "octagon", "#e5e5e5"},
    {"magnetic", "doubleoctagon", "#e8dcf0"},
    {"flotation", "box3d", "#d9f0e3"},
    {"separation", "trapezium", "#fde2c8"},
    {"dewatering", "invhouse", "#dbe9f6"},
    {"pyrometallurgy", "house", "#f8d0c8"},
    {"smelting", "house", "#f8d0c8"},
    {"hydrometallurgy", "cylinder", "#d6eef2"},
    {"chemistry", "cylinder", "#d6eef2"},
    {"flow", "ellipse", "#ffffff"},
    {"furnace", "house", "#f8d0c8"},
    {"reactor", "cylinder", "#d6eef2"},
    {"solid_liquid", "invhouse", "#dbe9f6"},
};

#if defined(__SANITIZE_ADDRESS__)
/* Graphviz keeps process-lifetime caches (fontconfig's font list, libgvc's plugin and text
 * layout tables) that it never frees; LeakSanitizer would fail every sanitizer run that draws a
 * diagram. Suppress leaks whose stack passes through those libraries only — our own code is
 * still checked. (A weak hook of the sanitizer runtime, picked up when this object is linked.) */
ORF_API const char *__lsan_default_suppressions(void); /* visible: the runtime looks it up */
ORF_API const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libgvc.so\nleak:libcgraph.so\nleak:libcdt.so\n"
           "leak:libpango\nleak:libcairo.so\nleak:libgvplugin\nleak:libexpat.so\n";
}
/* ...and keep stderr clean (CLI tests compare it exactly). */
ORF_API const char *__lsan_default_options(void);
ORF_API const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

static const family_style *style_for(const char *family)
{
    for (size_t i = 0; family && i < sizeof styles / sizeof styles[0]; i++)
        if (strcmp(styles[i].family, family) == 0)
            return &styles[i];
    return NULL;
}

/* Set an attribute; nonzero when Graphviz failed (out of memory), or obj is NULL because making
 * it failed: every call's result is collected, so a failure becomes an error, never a crash. */
static int set(void *obj, const char *key, const char *val)
{
    char k[64], v[1024];
    snprintf(k, sizeof k, "%s", key);
    snprintf(v, sizeof v, "%s", val);
    return !obj || agsafeset(obj, k, v, "") != 0;
}

static Agnode_t *mknode(Agraph_t *g, const char *prefix, const char *name)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s%s", prefix, name);
    return agnode(g, buf, 1);
}

static int terminal(Agnode_t *n, const char *idprefix, const char *name, int feed)
{
    char id[600];
    orf__xml_id_buf(id, sizeof id, idprefix, name);
    int bad = set(n, "id", id);
    bad |= set(n, "label", name);
    bad |= set(n, "tooltip", feed ? "feed" : "product");
    bad |= set(n, "shape", feed ? "cds" : "box");
    bad |= set(n, "style", feed ? "filled" : "filled,rounded");
    bad |= set(n, "fillcolor", feed ? "#cfe3f3" : "#cdeedd");
    return bad;
}

/* Copy Graphviz's SVG, turning the "&#45;" it writes for '-' back into '-' inside id="..."
 * attributes, so that ids read the same in the DOM and in the file. */
static void write_svg(FILE *fp, const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        const char *id = strstr(s, " id=\"");
        if (!id || id >= end) {
            fwrite(s, 1, (size_t)(end - s), fp);
            return;
        }
        id += 5;
        fwrite(s, 1, (size_t)(id - s), fp);
        s = id;
        while (s < end && *s != '"') {
            if (strncmp(s, "&#45;", 5) == 0) {
                fputc('-', fp);
                s += 5;
            } else {
                fputc(*s++, fp);
            }
        }
    }
}

orf_status orf__diagram_svg(orf_ctx *ctx, const orf_node *result, const char *key_assay, FILE *fp)
{
    const orf_node *units = orf_node_get(result, "units");
    const orf_node *streams = orf_node_get(result, "streams");
    char buf[1024], num[48], id[600];
    if (!streams || streams->kind != ORF_NODE_MAP)
        return orf_diag_emit(ctx, ORF_E_INPUT, &result->loc, NULL,
                             "result has no 'streams' map: cannot draw the flowsheet");
    pthread_once(&gvc_once, gvc_start);
    GVC_t *gvc = the_gvc;
    if (!gvc)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "cannot start Graphviz");
    pthread_mutex_lock(&gvc_mutex);
    Agraph_t *g = agopen("flowsheet", Agdirected, NULL);
    if (!g) {
        pthread_mutex_unlock(&gvc_mutex);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "cannot create a Graphviz graph");
    }
    int bad = set(g, "rankdir", "LR");
    /* Readable at the page's width (issue 15): streams are labelled on three short lines (name,
     * flow, assay) rather than two long ones, and nodes sit close, so the flagship chain is
     * narrow enough to show its labels at 9.6 px or more; Graphviz places edge labels as nodes
     * of their own, so they never overlap. */
    bad |= set(g, "nodesep", "0.25");
    bad |= set(g, "ranksep", "0.6");
    bad |= set(g, "fontname", "Helvetica,Arial,sans-serif");
    bad |= set(g, "bgcolor", "transparent");
    /* Graphviz sizes labels with its own font metrics; a browser's sans-serif can run wider:
     * a margin keeps the outermost edge labels inside the drawing */
    bad |= set(g, "pad", PAD_IN_TEXT);
    bad |= !agattr(g, AGNODE, "fontname", "Helvetica,Arial,sans-serif");
    bad |= !agattr(g, AGNODE, "fontsize", "12");
    bad |= !agattr(g, AGEDGE, "fontname", "Helvetica,Arial,sans-serif");
    bad |= !agattr(g, AGEDGE, "fontsize", "10");
    bad |= !agattr(g, AGEDGE, "color", "#4a4a4a");

    for (size_t i = 0; units && units->kind == ORF_NODE_MAP && i < units->n; i++) {
        const char *name = units->keys[i]->str;
        const orf_node *u = units->items[i];
        const char *type = orf__jstr(orf_node_get(u, "type"));
        const char *family = orf__jstr(orf_node_get(u, "family"));
        Agnode_t *n = mknode(g, "u:", name);
        if (type && strcmp(type, "feed") == 0) {
            bad |= terminal(n, "unit-", name, 1);
            continue;
        }
        if (type && strcmp(type, "product") == 0) {
            bad |= terminal(n, "unit-", name, 0);
            continue;
        }
        const family_style *st = style_for(family);
        orf__xml_id_buf(id, sizeof id, "unit-", name);
        bad |= set(n, "id", id);
        snprintf(buf, sizeof buf, "%s\\n%s", name, type ? type : "");
        bad |= set(n, "label", buf);
        snprintf(buf, sizeof buf, "%s (%s, %s)", name, type ? type : "?", family ? family : "?");
        bad |= set(n, "tooltip", buf);
        bad |= set(n, "shape", st ? st->shape : "box");
        bad |= set(n, "style", "filled");
        bad |= set(n, "fillcolor", st ? st->fill : "#f2f2f2");
    }

    for (size_t i = 0; i < streams->n; i++) {
        const char *name = streams->keys[i]->str;
        const orf_node *s = streams->items[i];
        const char *from = orf__jstr(orf_node_get(s, "from"));
        const char *to = orf__jstr(orf_node_get(s, "to"));
        Agnode_t *a = NULL, *b = NULL;
        if (from && orf_node_get(units, from)) {
            a = mknode(g, "u:", from);
        } else {
            a = mknode(g, "f:", name);
            bad |= terminal(a, "feed-", name, 1);
        }
        if (to && orf_node_get(units, to)) {
            b = mknode(g, "u:", to);
        } else {
            b = mknode(g, "p:", name);
            bad |= terminal(b, "product-", name, 0);
        }
        snprintf(buf, sizeof buf, "%s", name);
        Agedge_t *e = a && b ? agedge(g, a, b, buf, 1) : NULL;
        if (!e) {
            bad = 1;
            break;
        }
        orf__xml_id_buf(id, sizeof id, "stream-", name);
        bad |= set(e, "id", id);
        double solids = orf__jnum(orf_node_get(s, "solids_tph"));
        double total = orf__jnum(orf_node_get(s, "total_tph"));
        size_t len;
        if (!(solids > 0) && total > 0) {
            /* an off-gas, acid or leach liquor: its own flow and phase, not "0 t/h" of solids */
            static const char *const phases[][2] = {
                {"gas", "gas"}, {"aqueous", "solution"}, {"liquid", "liquid"}};
            const orf_node *ph = orf_node_get(s, "phases_tph");
            const char *word = "";
            double best = 0;
            for (size_t k = 0; k < sizeof phases / sizeof phases[0]; k++) {
                double v = orf__jnum(orf_node_get(ph, phases[k][0]));
                if (v > best) {
                    best = v;
                    word = phases[k][1];
                }
            }
            orf__fmt_num(num, sizeof num, total, 3);
            len = (size_t)snprintf(buf, sizeof buf, "%s\\n%s t/h %s", name, num, word);
        } else {
            orf__fmt_num(num, sizeof num, solids, 3);
            len = (size_t)snprintf(buf, sizeof buf, "%s\\n%s t/h", name, num);
        }
        double assay =
            key_assay ? orf__jnum(orf__jpath(orf_node_get(s, "assay"), key_assay)) : ORF__NAN;
        if (isfinite(assay) && len < sizeof buf) {
            orf__fmt_num(num, sizeof num, assay, 3);
            snprintf(buf + len, sizeof buf - len, "\\n%s%% %s", num, key_assay);
        }
        bad |= set(e, "label", buf);
        bad |= set(e, "tooltip", buf);
    }

    orf_status st = ORF_OK;
    char *data = NULL;
    unsigned int len = 0;
    if (bad) {
        agclose(g);
        pthread_mutex_unlock(&gvc_mutex);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL,
                             "cannot draw the flowsheet: Graphviz ran out of memory building it");
    }
    int laid = gvLayout(gvc, g, "dot") == 0;
    if (laid) {
        /* Long chains laid left to right get too wide to read on a page: lay them out top to
         * bottom instead when the drawing is more than 2.5 times wider than tall. */
        boxf bb = GD_bb(g);
        double w = bb.UR.x - bb.LL.x, h = bb.UR.y - bb.LL.y;
        if (w > 900.0 && w > 2.5 * h) {
            gvFreeLayout(gvc, g);
            laid = set(g, "rankdir", "TB") == 0 && gvLayout(gvc, g, "dot") == 0;
        }
    }
    if (!laid) {
        st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "Graphviz layout failed");
    } else {
        boxf bb = GD_bb(g);
        /* never shrink below 72 % of the natural size (1 pt = 4/3 px): the smallest label
         * (10 pt, 13.3 px) stays at 9.6 px or more, and the box scrolls sideways instead */
        double svg_pt = bb.UR.x - bb.LL.x + 2.0 * 72.0 * PAD_IN; /* the <svg>'s width */
        fprintf(fp, "<div style=\"min-width:%.0fpx\">", 0.72 * svg_pt * 4.0 / 3.0);
        if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || !data) {
            st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "Graphviz SVG rendering failed");
        } else {
            /* inline: drop the XML prolog, doctype and comments before <svg */
            const char *start = strstr(data, "<svg");
            if (start)
                write_svg(fp, start, len - (size_t)(start - data));
            else
                st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL,
                                   "Graphviz output holds no <svg> element");
            gvFreeRenderData(data);
        }
        fputs("</div>", fp);
        gvFreeLayout(gvc, g);
    }
    agclose(g);
    pthread_mutex_unlock(&gvc_mutex);
    return st;
}

#else

orf_status orf__diagram_svg(orf_ctx *ctx, const orf_node *result, const char *key_assay, FILE *fp)
{
    (void)ctx;
    (void)result;
    (void)key_assay;
    fputs("<p class=\"note\">Flowsheet diagram unavailable: oreflow was built without Graphviz "
          "(ORF_WITH_GRAPHVIZ=OFF).</p>\n",
          fp);
    return ORF_OK;
}

#endif
