/* oreflow — HTML report section on separation: the units' own curves (partition curves,
 * grade–recovery of a unit), size-by-size recovery, the plant grade–recovery curve and particle
 * size distributions on log axes. */
#include "html_impl.h"

#include <math.h>
#include <string.h>

#define ORF__HTML_MAX_SERIES 8

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

/* 1 when `name` is a material of the system that none of the unit's inlet streams carries: a
 * model gives a curve for every material it knows, and the absent ones only crowd the legend */
static int material_absent(const orf__html *r, const char *unit, const char *name)
{
    const orf_node *mats = orf_node_get(r->v->system, "materials");
    int known = 0;
    for (size_t k = 0; mats && mats->kind == ORF_NODE_SEQ && k < mats->n && !known; k++)
        known = orf__jstr(mats->items[k]) && !strcmp(orf__jstr(mats->items[k]), name);
    if (!known)
        return 0;
    int inlets = 0;
    for (size_t i = 0; i < r->v->streams->n; i++) {
        const orf_node *s = r->v->streams->items[i];
        const char *to = orf__jstr(orf_node_get(s, "to"));
        if (!to || strcmp(to, unit) != 0)
            continue;
        inlets++;
        if (orf__jnum(orf_node_get(orf_node_get(s, "materials_tph"), name)) > 0.0)
            return 0;
    }
    return inlets > 0;
}

/* A unit's curve: a map of numeric arrays of equal length; the first is x, the others y. */
static int unit_curve(orf__html *r, const char *unit, const char *key, const orf_node *m)
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
    double *ys[ORF__HTML_MAX_SERIES] = {0};
    const char *names[ORF__HTML_MAX_SERIES], *colors[ORF__HTML_MAX_SERIES];
    size_t nser = 0;
    double ymax = -INFINITY;
    for (size_t k = 0; k < m->n && nser < ORF__HTML_MAX_SERIES; k++) {
        if (m->items[k] == xn || !orf__jis_numarray(m->items[k]) || m->items[k]->n != len)
            continue;
        orf__jarray(r->ctx, m->items[k], &ys[nser], &oom);
        if (!ys[nser]) {
            r->oom = 1;
            break;
        }
        /* of many series (one per material), those of materials that are not there (all 0, or
         * not in the unit's feed) only crowd the legend */
        int zero = 1;
        for (size_t i = 0; i < len && zero; i++)
            zero = !(isfinite(ys[nser][i]) && ys[nser][i] != 0.0);
        if ((zero && m->n > 5) || material_absent(r, unit, m->keys[k]->str)) {
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
    char legbuf[ORF__HTML_MAX_SERIES][96];
    for (size_t k = 0; k < nser; k++) {
        orf__pretty_key(names[k], legbuf[k], sizeof legbuf[k]);
        names[k] = legbuf[k];
    }
    if (word && (scale_pct || all_pct))
        orf__axis_include_pct(&c.y);
    char pk[160];
    orf__pretty_key(key, pk, sizeof pk);
    snprintf(title, sizeof title, "%s — %s", unit, pk);
    orf__html_chart_id(r, id, sizeof id, title);
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
static int size_recovery(orf__html *r, const char *unit, const orf_node *u, const double *mid,
                         size_t nsize)
{
    const char *names[ORF_MAX_PORTS * 4], *ports[ORF_MAX_PORTS * 4];
    const char *fam = orf__jstr(orf_node_get(u, "family"));
    if (fam && strcmp(fam, "flow") == 0)
        return 0;
    /* the unit reports its own size-by-size curve: do not draw a second one */
    if (orf_node_get(u, "size_recovery") || orf_node_get(u, "recovery_by_size"))
        return 0;
    size_t nout = orf__view_port_streams(orf_node_get(u, "out"), names, ports, ORF_MAX_PORTS * 4);
    if (nout < 2 || nout > ORF__HTML_MAX_SERIES || nsize < 2)
        return 0;
    double *feed = orf_calloc(r->ctx, nsize * (nout + 1), sizeof *feed);
    if (!feed) {
        r->oom = 1;
        return 0;
    }
    double *rec = feed + nsize;
    const char *inn[ORF_MAX_PORTS * 4], *inp[ORF_MAX_PORTS * 4];
    size_t nin = orf__view_port_streams(orf_node_get(u, "in"), inn, inp, ORF_MAX_PORTS * 4);
    double total = 0.0;
    for (size_t k = 0; k < nin; k++) {
        const orf_node *t = orf__jpath(orf__view_stream(r->v, inn[k]), "size.tph");
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
        const char *colors[ORF__HTML_MAX_SERIES], *labels[ORF__HTML_MAX_SERIES];
        char lab[ORF__HTML_MAX_SERIES][96];
        for (size_t k = 0; k < nout; k++) {
            const orf_node *t = orf__jpath(orf__view_stream(r->v, names[k]), "size.tph");
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
        orf__html_chart_id(r, id, sizeof id, title);
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

/* Plant grade–recovery curve: the final products sorted by grade, richest first, cumulated
 * (cumulative grade = sum(C_j c_j) / sum(C_j)). The recovery is a share of the valuable element in
 * the feeds, never rescaled to the products drawn, so each point's own recovery is the summary's.
 * The grade is the key assay (Cr2O3) when every product has it; when one has none (an alloy or a
 * metal holds Cr, not Cr2O3: ferrochrome, chromium metal) it is the element's grade for all of
 * them, so no product is dropped and the grades stay comparable. */
static int grade_recovery(orf__html *r)
{
    size_t ns = r->v->streams->n, np = 0;
    if (!r->v->vel || ns == 0)
        return 0;
    double feed = 0.0;
    for (size_t i = 0; i < ns; i++) {
        double e = orf__view_vel_tph(r->v, r->v->streams->items[i]);
        if (orf__view_is_feed(r->v, r->v->streams->items[i]) && isfinite(e))
            feed += e;
    }
    if (!(feed > 0.0))
        return 0;
    size_t *idx = orf_calloc(r->ctx, ns, sizeof *idx);
    double *xy = orf_calloc(r->ctx, 3 * ns + 3, sizeof *xy);
    if (!idx || !xy) {
        r->oom = 1;
        orf_free(r->ctx, idx);
        orf_free(r->ctx, xy);
        return 0;
    }
    double *x = xy, *y = xy + ns + 1, *g = xy + 2 * ns + 2; /* g: grade of stream i */
    int by_el = !r->v->key_assay;
    char nokey[256] = "";
    size_t nk = 0;
    for (size_t i = 0; i < ns; i++) {
        const orf_node *s = r->v->streams->items[i];
        if (!orf__view_is_product(r->v, s) || !(orf__view_solids(s) > 0.0) ||
            !isfinite(orf__view_vel_tph(r->v, s)))
            continue;
        idx[np++] = i;
        if (r->v->key_assay && !isfinite(orf__view_key_grade(r->v, s))) {
            nk += (size_t)snprintf(nokey + nk, sizeof nokey - nk, "%s%s", nk ? ", " : "",
                                   r->v->streams->keys[i]->str);
            if (nk >= sizeof nokey)
                nk = sizeof nokey - 1;
            by_el = 1;
        }
    }
    for (size_t k = 0; k < np; k++) {
        const orf_node *s = r->v->streams->items[idx[k]];
        g[idx[k]] = by_el ? 100.0 * orf__view_vel_tph(r->v, s) / orf__view_solids(s)
                          : orf__view_key_grade(r->v, s);
    }
    /* insertion by grade, descending */
    for (size_t k = 1; k < np; k++) {
        size_t i = idx[k], j = k;
        while (j > 0 && g[idx[j - 1]] < g[i]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = i;
    }
    int drawn = 0;
    if (np >= 2) {
        double m = 0.0, mg = 0.0, e = 0.0;
        for (size_t k = 0; k < np; k++) {
            const orf_node *s = r->v->streams->items[idx[k]];
            m += orf__view_solids(s);
            mg += orf__view_solids(s) * g[idx[k]];
            e += orf__view_vel_tph(r->v, s);
            x[k] = 100.0 * e / feed;
            y[k] = mg / m;
        }
        char xl[128], yl[96], title[200], id[256], cap[400];
        const char *ga = by_el ? r->v->vel : r->v->key_assay;
        snprintf(xl, sizeof xl, "cumulative %s recovery (%% of the %s in the ore feed)", r->v->vel,
                 r->v->vel);
        snprintf(yl, sizeof yl, "cumulative grade, %s (%%)", ga);
        orf__chart c;
        memset(&c, 0, sizeof c);
        orf__axis_init(&c.x, xl, 0);
        orf__axis_include_pct(&c.x);
        orf__axis_include(&c.x, x, np);
        orf__axis_init(&c.y, yl, 0);
        c.y.zero = 1;
        orf__axis_include(&c.y, y, np);
        snprintf(title, sizeof title, "Grade–recovery of the final products");
        orf__html_chart_id(r, id, sizeof id, title);
        orf__chart_begin(&c, r->fp, id, title, 560, 340);
        orf__chart_line(&c, x, y, np, orf__color(0), NULL, 1, "products, richest first");
        for (size_t k = 0; k < np; k++) {
            /* each point: the product and its own recovery */
            const orf_node *s = r->v->streams->items[idx[k]];
            char lab[160];
            snprintf(lab, sizeof lab, "%s %.1f %%", r->v->streams->keys[idx[k]]->str,
                     100.0 * orf__view_vel_tph(r->v, s) / feed);
            orf__chart_label(&c, x[k], y[k], lab);
        }
        if (nk)
            snprintf(cap, sizeof cap, "No %s grade for %s (a metal or an alloy): grades as %s.",
                     r->v->key_assay, nokey, r->v->vel);
        else
            snprintf(cap, sizeof cap,
                     "Each point adds a product; its label gives its own recovery.");
        orf__chart_end(&c, cap);
        drawn = 1;
    }
    orf_free(r->ctx, idx);
    orf_free(r->ctx, xy);
    return drawn;
}

/* Cumulative % passing of feeds and products (and of every stream in small flowsheets) against
 * the upper size of each class, log size axis. */
static int psd(orf__html *r, const double *upper, size_t nsize)
{
    const char *names[ORF__HTML_MAX_SERIES], *colors[ORF__HTML_MAX_SERIES],
        *dashes[ORF__HTML_MAX_SERIES];
    double *ys[ORF__HTML_MAX_SERIES];
    size_t n = 0;
    int all = r->v->streams->n <= 6;
    int oom = 0;
    for (size_t i = 0; i < r->v->streams->n && n < ORF__HTML_MAX_SERIES; i++) {
        const orf_node *s = r->v->streams->items[i];
        int feed = orf__view_is_feed(r->v, s);
        if (!all && !feed && !orf__view_is_product(r->v, s))
            continue;
        const orf_node *p = orf__jpath(s, "size.passing_pct");
        if (!orf__jis_numarray(p) || p->n != nsize || !(orf__view_solids(s) > 0.0))
            continue;
        orf__jarray(r->ctx, p, &ys[n], &oom);
        if (!ys[n]) {
            r->oom = 1;
            break;
        }
        names[n] = r->v->streams->keys[i]->str;
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
        orf__html_chart_id(r, id, sizeof id, "psd");
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
static int summary_by_size(orf__html *r, const double *mid, size_t nsize)
{
    const orf_node *prods = orf__jpath(r->v->root, "summary.products");
    const char *names[ORF__HTML_MAX_SERIES], *colors[ORF__HTML_MAX_SERIES];
    double *ys[ORF__HTML_MAX_SERIES];
    size_t n = 0;
    int oom = 0;
    for (size_t i = 0;
         prods && prods->kind == ORF_NODE_MAP && i < prods->n && n < ORF__HTML_MAX_SERIES; i++) {
        const orf_node *a = orf_node_get(prods->items[i], "recovery_by_size_pct");
        if (!orf__jis_numarray(a) || a->n != nsize)
            continue;
        /* a product without sized solids (a metal, a slag, a gas) has no line and no legend */
        int any = 0;
        for (size_t k = 0; k < a->n && !any; k++)
            any = orf__jnum(a->items[k]) > 0.0;
        if (!any)
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
        /* the basis (summary.recovery_by_size_basis): the element in that size class of the
         * products, so a class's recoveries sum to 100 % even where a mill moves mass between
         * classes */
        const char *el = r->v->vel ? r->v->vel : "valuable element";
        snprintf(yl, sizeof yl, "%s recovery (%% of the %s in that size class of the products)", el,
                 el);
        orf__axis_init(&c.y, yl, 0);
        orf__axis_include_pct(&c.y);
        orf__chart_legend(&c, names, colors, NULL, n);
        orf__html_chart_id(r, id, sizeof id, "plant-recovery-by-size");
        orf__chart_begin(&c, r->fp, id, "Plant recovery by size into each product", 560, 360);
        for (size_t k = 0; k < n; k++)
            orf__chart_line(&c, mid, ys[k], nsize, colors[k], NULL, 1, names[k]);
        orf__chart_end(&c, NULL);
    }
    for (size_t k = 0; k < n; k++)
        orf_free(r->ctx, ys[k]);
    return n > 0;
}

void orf__sec_curves(orf__html *r)
{
    int any = 0, oom = 0;
    double *mid = NULL, *upper = NULL;
    size_t nmid = orf__jarray(r->ctx, orf__jpath(r->v->system, "size_classes.mid_um"), &mid, &oom);
    size_t nup =
        orf__jarray(r->ctx, orf__jpath(r->v->system, "size_classes.upper_um"), &upper, &oom);
    if (oom)
        r->oom = 1;
    fputs("<section id=\"curves\"><h2>Curves</h2>\n<div class=\"charts\">\n", r->fp);
    /* the units' own curves (partition curves, grade–recovery of a unit, ...) */
    for (size_t i = 0; r->v->units && r->v->units->kind == ORF_NODE_MAP && i < r->v->units->n;
         i++) {
        const orf_node *u = r->v->units->items[i];
        for (size_t k = 0; u->kind == ORF_NODE_MAP && k < u->n; k++)
            if (!is_std_key(u->keys[k]->str))
                any |= unit_curve(r, r->v->units->keys[i]->str, u->keys[k]->str, u->items[k]);
    }
    int ncurves = 0;
    for (size_t i = 0; r->v->units && r->v->units->kind == ORF_NODE_MAP && i < r->v->units->n;
         i++) {
        if (ncurves >= 16)
            break;
        if (mid && size_recovery(r, r->v->units->keys[i]->str, r->v->units->items[i], mid, nmid)) {
            any = 1;
            ncurves++;
        }
    }
    if (mid)
        any |= summary_by_size(r, mid, nmid);
    any |= orf__liberation_chart(r);
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
