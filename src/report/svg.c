/* oreflow — SVG chart primitives for the HTML report: linear and log axes with "nice" ticks
 * (P. S. Heckbert, "Nice numbers for graph labels", Graphics Gems, Academic Press, 1990,
 * pp. 61–63), lines, markers, bars, histograms, marker lines and legends. Colours are the
 * colour-blind-safe palette of M. Okabe and K. Ito, "Color Universal Design" (2008).
 * Everything is written straight to a FILE*; no allocation. */
#include "report_impl.h"

#include <math.h>
#include <string.h>

static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#E69F00",
                                      "#CC79A7", "#56B4E9", "#8C6D1F", "#000000"};

const char *orf__color(int i)
{
    return palette[(unsigned)i % (sizeof palette / sizeof palette[0])];
}

static size_t legend_flow(const orf__chart *c, FILE *fp, double y0);

static double nicenum(double x, int round_it)
{
    double e = floor(log10(x));
    double f = x / pow(10.0, e);
    double nf;
    if (round_it)
        nf = f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0;
    else
        nf = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    return nf * pow(10.0, e);
}

size_t orf__nice_ticks(double lo, double hi, int maxn, double *ticks, double *step)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (hi - lo <= 1e-12 * fmax(fabs(lo), fabs(hi))) {
        double d = lo != 0.0 ? 0.1 * fabs(lo) : 1.0;
        lo -= d;
        hi += d;
    }
    if (maxn < 2)
        maxn = 2;
    double range = nicenum(hi - lo, 0);
    double d = nicenum(range / maxn, 1);
    double gmin = floor(lo / d + 1e-9) * d;
    double gmax = ceil(hi / d - 1e-9) * d;
    size_t n = (size_t)llround((gmax - gmin) / d) + 1;
    if (n > ORF__MAX_TICKS)
        n = ORF__MAX_TICKS;
    for (size_t i = 0; i < n; i++) {
        double t = gmin + (double)i * d;
        ticks[i] = fabs(t) < 1e-9 * d ? 0.0 : t;
    }
    *step = d;
    return n;
}

size_t orf__log_ticks(double lo, double hi, int minor, double *ticks)
{
    size_t n = 0;
    if (!(lo > 0.0) || !(hi > lo))
        return 0;
    int k0 = (int)floor(log10(lo) + 1e-9), k1 = (int)ceil(log10(hi) - 1e-9);
    for (int k = k0; k <= k1 && n < ORF__MAX_TICKS; k++) {
        double p = pow(10.0, k);
        for (int m = 1; m <= (minor ? 9 : 1) && n < ORF__MAX_TICKS; m++) {
            double t = m * p;
            if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9))
                ticks[n++] = t;
        }
    }
    return n;
}

void orf__fmt_tick(char *buf, size_t size, double v, double step)
{
    double a = fabs(v);
    if (v == 0.0) {
        snprintf(buf, size, "0");
    } else if (a >= 1e6 || a < 1e-4) {
        snprintf(buf, size, "%g", v);
    } else {
        int dec = step > 0.0 ? (int)ceil(-log10(step) - 1e-9) : 0;
        if (dec < 0)
            dec = 0;
        if (dec > 6)
            dec = 6;
        snprintf(buf, size, "%.*f", dec, v);
    }
}

void orf__fmt_num(char *buf, size_t size, double v, int sig)
{
    if (isnan(v)) {
        snprintf(buf, size, "–");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, v > 0 ? "∞" : "−∞");
        return;
    }
    double a = fabs(v);
    if (a == 0.0) {
        snprintf(buf, size, "0");
    } else if (a >= 0.5 && a < 1e15 && fabs(v - nearbyint(v)) <= 1e-9 * (a > 1.0 ? a : 1.0)) {
        /* not below 0.5: a balance error of 3.7e-15 is not "0" */
        snprintf(buf, size, "%.0f", nearbyint(v)); /* counts, years, whole tonnes, 15 °C */
    } else if (a >= 1e9 || a < 1e-4) {
        snprintf(buf, size, "%.*e", sig - 1, v);
    } else {
        int mag = (int)floor(log10(a));
        int dec = sig - 1 - mag;
        if (dec < 0)
            dec = 0;
        snprintf(buf, size, "%.*f", dec, v);
    }
}

void orf__axis_init(orf__axis *a, const char *label, int log)
{
    memset(a, 0, sizeof *a);
    a->lo = INFINITY;
    a->hi = -INFINITY;
    a->log = log;
    a->label = label;
}

void orf__axis_include(orf__axis *a, const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]) || (a->log && !(v[i] > 0.0)))
            continue;
        if (v[i] < a->lo)
            a->lo = v[i];
        if (v[i] > a->hi)
            a->hi = v[i];
    }
}

void orf__axis_include_pct(orf__axis *a)
{
    static const double lim[2] = {0.0, 100.0};
    orf__axis_include(a, lim, 2);
}

void orf__axis_categories(orf__axis *a, const char *const *cats, size_t n)
{
    a->cats = cats;
    a->ncats = n;
    a->lo = -0.5;
    a->hi = (double)n - 0.5;
}

/* The 1-2-5 value at or below v (up = 0) or at or above it (up = 1). */
static double step125(double v, int up)
{
    static const double m[] = {1.0, 2.0, 5.0, 10.0};
    double p = pow(10.0, floor(log10(v) + 1e-9));
    if (!up) {
        for (int i = 2; i >= 0; i--)
            if (m[i] * p <= v * (1.0 + 1e-9))
                return m[i] * p;
        return p;
    }
    for (int i = 0; i < 4; i++)
        if (m[i] * p >= v * (1.0 - 1e-9))
            return m[i] * p;
    return 10.0 * p;
}

static void axis_finish(orf__axis *a, int maxn)
{
    if (a->cats) {
        a->nticks = 0;
        for (size_t i = 0; i < a->ncats && a->nticks < ORF__MAX_TICKS; i++)
            a->ticks[a->nticks++] = (double)i;
        a->step = 1.0;
        if (a->ncats == 0) {
            a->lo = -0.5;
            a->hi = 0.5;
        }
        return;
    }
    if (a->log) {
        if (!(a->lo > 0.0) || !isfinite(a->hi)) {
            a->lo = 1.0;
            a->hi = 10.0;
        }
        a->lo = step125(a->lo, 0);
        a->hi = step125(a->hi, 1);
        if (a->hi <= a->lo)
            a->hi = a->lo * 10.0;
        a->nticks = orf__log_ticks(a->lo, a->hi, 1, a->ticks);
        a->step = 0.0;
        return;
    }
    if (!isfinite(a->lo) || !isfinite(a->hi)) {
        a->lo = 0.0;
        a->hi = 1.0;
    }
    if (a->zero) {
        if (a->lo > 0.0)
            a->lo = 0.0;
        if (a->hi < 0.0)
            a->hi = 0.0;
    }
    a->nticks = orf__nice_ticks(a->lo, a->hi, maxn, a->ticks, &a->step);
    a->lo = a->ticks[0];
    a->hi = a->ticks[a->nticks - 1];
}

static double axis_frac(const orf__axis *a, double v)
{
    if (a->log) {
        if (!(v > 0.0))
            return ORF__NAN;
        return (log10(v) - log10(a->lo)) / (log10(a->hi) - log10(a->lo));
    }
    return (v - a->lo) / (a->hi - a->lo);
}

double orf__chart_px(const orf__chart *c, double x)
{
    return c->ml + axis_frac(&c->x, x) * (c->w - c->ml - c->mr);
}

double orf__chart_py(const orf__chart *c, double y)
{
    return c->h - c->mb - axis_frac(&c->y, y) * (c->h - c->mt - c->mb);
}

/* A log tick is labelled when it is a decade, or 2 and 5 times one on short axes. */
static int log_label(const orf__axis *a, double t)
{
    double m = t / pow(10.0, floor(log10(t) + 1e-9));
    double decades = log10(a->hi) - log10(a->lo);
    if (fabs(m - 1.0) < 1e-6)
        return 2;
    if (decades <= 3.0 && (fabs(m - 2.0) < 1e-6 || fabs(m - 5.0) < 1e-6))
        return 1;
    return 0;
}

void orf__chart_begin(orf__chart *c, FILE *fp, const char *id, const char *title, double w,
                      double h)
{
    char buf[64];
    c->fp = fp;
    c->w = w;
    c->h = h;
    c->ml = 64.0;
    c->mr = 18.0;
    c->mt = 30.0;
    c->mb = 46.0;
    if (c->y.cats) { /* room for the category names on the left */
        size_t catlen = 0;
        for (size_t i = 0; i < c->y.ncats; i++)
            if (strlen(c->y.cats[i]) > catlen)
                catlen = strlen(c->y.cats[i]);
        c->ml = 14.0 + 6.4 * (double)catlen;
        if (c->ml > 0.45 * w)
            c->ml = 0.45 * w;
    }
    if (c->x.cats) {
        size_t catlen = 0;
        for (size_t i = 0; i < c->x.ncats; i++)
            if (strlen(c->x.cats[i]) > catlen)
                catlen = strlen(c->x.cats[i]);
        if ((double)catlen * 6.5 > (w - c->ml - c->mr) / (double)(c->x.ncats ? c->x.ncats : 1))
            c->mb = 30.0 + 4.5 * (double)(catlen > 30 ? 30 : catlen);
    }
    c->leg_h = c->nleg ? 16.0 * (double)legend_flow(c, NULL, 0.0) + 4.0 : 0.0;
    c->mb += c->leg_h;
    snprintf(c->id, sizeof c->id, "%s", id);
    axis_finish(&c->x, 7);
    axis_finish(&c->y, 6);

    fprintf(fp,
            "<figure class=\"chart\"><svg id=\"%s\" viewBox=\"0 0 %.0f %.0f\" "
            "style=\"max-width:%.0fpx\" role=\"img\" aria-label=\"",
            c->id, w, h, w);
    orf__xml_text(fp, title);
    fprintf(fp, "\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n<title>");
    orf__xml_text(fp, title);
    fprintf(fp, "</title>\n<text x=\"%.1f\" y=\"18\" font-size=\"13\" font-weight=\"bold\">",
            c->ml);
    orf__xml_text(fp, title);
    fputs("</text>\n", fp);
    fprintf(fp,
            "<clipPath id=\"%s-clip\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            "height=\"%.1f\"/></clipPath>\n",
            c->id, c->ml, c->mt - 2.0, c->w - c->ml - c->mr, c->h - c->mt - c->mb + 4.0);

    double x0 = c->ml, x1 = c->w - c->mr, y0 = c->mt, y1 = c->h - c->mb;
    /* grid and ticks */
    fputs("<g class=\"grid\">\n", fp);
    for (size_t i = 0; i < c->x.nticks; i++) {
        double px = orf__chart_px(c, c->x.ticks[i]);
        int major = c->x.log ? log_label(&c->x, c->x.ticks[i]) == 2 : 1;
        if (!c->x.cats)
            fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n",
                    px, y0, px, y1, major ? "gmaj" : "gmin");
    }
    for (size_t i = 0; i < c->y.nticks; i++) {
        double py = orf__chart_py(c, c->y.ticks[i]);
        int major = c->y.log ? log_label(&c->y, c->y.ticks[i]) == 2 : 1;
        if (!c->y.cats)
            fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n",
                    x0, py, x1, py, major ? "gmaj" : "gmin");
    }
    fputs("</g>\n<g class=\"axes\">\n", fp);
    fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n",
            x0, y0, x1 - x0, y1 - y0);
    /* x tick labels */
    size_t every = 1, catlen = 0;
    if (c->x.cats && c->x.ncats > 24)
        every = (c->x.ncats + 23) / 24;
    for (size_t i = 0; c->x.cats && i < c->x.ncats; i++)
        if (strlen(c->x.cats[i]) > catlen)
            catlen = strlen(c->x.cats[i]);
    int rotate =
        c->x.cats && (double)catlen * 6.5 > (x1 - x0) / (double)(c->x.ncats ? c->x.ncats : 1);
    for (size_t i = 0; i < c->x.nticks; i++) {
        double t = c->x.ticks[i];
        double px = orf__chart_px(c, t);
        if (c->x.cats) {
            if (i % every)
                continue;
            if (rotate)
                fprintf(fp,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                        "transform=\"rotate(-40 %.1f %.1f)\">",
                        px, y1 + 14.0, px, y1 + 14.0);
            else
                fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", px, y1 + 16.0);
            orf__xml_text(fp, c->x.cats[(size_t)t]);
            fputs("</text>\n", fp);
            continue;
        }
        if (c->x.log && !log_label(&c->x, t))
            continue;
        orf__fmt_tick(buf, sizeof buf, t, c->x.log ? t : c->x.step);
        fprintf(fp,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                px, y1, px, y1 + 4.0, px, y1 + 16.0, buf);
    }
    for (size_t i = 0; i < c->y.nticks; i++) {
        double t = c->y.ticks[i];
        double py = orf__chart_py(c, t);
        if (c->y.cats) {
            fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x0 - 6.0, py + 4.0);
            orf__xml_text(fp, c->y.cats[(size_t)t]);
            fputs("</text>\n", fp);
            continue;
        }
        if (c->y.log && !log_label(&c->y, t))
            continue;
        orf__fmt_tick(buf, sizeof buf, t, c->y.log ? t : c->y.step);
        fprintf(fp,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"tick\"/>"
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                x0 - 4.0, py, x0, py, x0 - 6.0, py + 4.0, buf);
    }
    if (c->x.label) {
        fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"alabel\">",
                (x0 + x1) / 2.0, c->h - c->leg_h - 8.0);
        orf__xml_text(fp, c->x.label);
        fputs("</text>\n", fp);
    }
    if (c->y.label) {
        double cy = (y0 + y1) / 2.0;
        fprintf(fp,
                "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" class=\"alabel\" "
                "transform=\"rotate(-90 14 %.1f)\">",
                cy, cy);
        orf__xml_text(fp, c->y.label);
        fputs("</text>\n", fp);
    }
    fprintf(fp, "</g>\n<g class=\"plot\" clip-path=\"url(#%s-clip)\">\n", c->id);
}

void orf__chart_line(orf__chart *c, const double *x, const double *y, size_t n, const char *color,
                     const char *dash, int markers, const char *name)
{
    FILE *fp = c->fp;
    int open = 0;
    fprintf(fp, "<g class=\"series\" stroke=\"%s\" fill=\"%s\">", color, color);
    if (name) {
        fputs("<title>", fp);
        orf__xml_text(fp, name);
        fputs("</title>", fp);
    }
    for (size_t i = 0; i < n; i++) {
        double px = orf__chart_px(c, x[i]), py = orf__chart_py(c, y[i]);
        if (!isfinite(px) || !isfinite(py)) {
            if (open)
                fputs("\"/>", fp);
            open = 0;
            continue;
        }
        if (!open) {
            fprintf(fp, "<polyline fill=\"none\" stroke-width=\"2\"%s%s%s points=\"",
                    dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "");
            open = 1;
        }
        fprintf(fp, "%.1f,%.1f ", px, py);
    }
    if (open)
        fputs("\"/>", fp);
    if (markers) {
        for (size_t i = 0; i < n; i++) {
            double px = orf__chart_px(c, x[i]), py = orf__chart_py(c, y[i]);
            if (isfinite(px) && isfinite(py))
                fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", px, py);
        }
    }
    fputs("</g>\n", fp);
}

void orf__chart_bars(orf__chart *c, const double *y, size_t n, const char *color, int k, int nk,
                     const char *name)
{
    FILE *fp = c->fp;
    double slot = (orf__chart_px(c, 1.0) - orf__chart_px(c, 0.0)) * 0.8;
    double bw = slot / (nk > 0 ? nk : 1);
    double y0 = orf__chart_py(c, c->y.lo > 0.0 ? c->y.lo : c->y.hi < 0.0 ? c->y.hi : 0.0);
    fprintf(fp, "<g class=\"bars\" fill=\"%s\">", color);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i]))
            continue;
        double px = orf__chart_px(c, (double)i) - slot / 2.0 + bw * k;
        double py = orf__chart_py(c, y[i]);
        double top = py < y0 ? py : y0, hgt = fabs(py - y0);
        char buf[48];
        orf__fmt_num(buf, sizeof buf, y[i], 4);
        fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", px, top,
                bw * 0.92, hgt);
        if (name) {
            orf__xml_text(fp, name);
            fputs(" ", fp);
        }
        if (c->x.cats && i < c->x.ncats)
            orf__xml_text(fp, c->x.cats[i]);
        fprintf(fp, ": %s</title></rect>", buf);
    }
    fputs("</g>\n", fp);
}

void orf__chart_hist(orf__chart *c, const double *edges, const double *counts, size_t nbins,
                     const char *color)
{
    FILE *fp = c->fp;
    double y0 = orf__chart_py(c, 0.0);
    fprintf(fp,
            "<g class=\"hist\" fill=\"%s\" fill-opacity=\"0.75\" stroke=\"#fff\" "
            "stroke-width=\"0.5\">",
            color);
    for (size_t i = 0; i < nbins; i++) {
        if (!isfinite(counts[i]) || !isfinite(edges[i]) || !isfinite(edges[i + 1]))
            continue;
        double xa = orf__chart_px(c, edges[i]), xb = orf__chart_px(c, edges[i + 1]);
        double py = orf__chart_py(c, counts[i]);
        fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", xa, py,
                fabs(xb - xa), fabs(y0 - py));
    }
    fputs("</g>\n", fp);
}

void orf__chart_vline(orf__chart *c, double x, const char *color, const char *label)
{
    if (!isfinite(x))
        return;
    double px = orf__chart_px(c, x);
    fprintf(c->fp,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
            px, c->mt, px, c->h - c->mb, color);
    if (label) {
        fprintf(c->fp, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" class=\"vlabel\">", px + 3.0,
                c->mt + 11.0, color);
        orf__xml_text(c->fp, label);
        fputs("</text>", c->fp);
    }
    fputs("\n", c->fp);
}

void orf__chart_label(orf__chart *c, double x, double y, const char *text)
{
    double px = orf__chart_px(c, x), py = orf__chart_py(c, y);
    if (!isfinite(px) || !isfinite(py))
        return;
    /* 10 px text: about 5.9 px a character, 8 px above the baseline and 3 below */
    double w = 0.0;
    for (const char *p = text; *p; p++)
        if (((unsigned char)*p & 0xC0) != 0x80)
            w += 5.9;
    static const double spots[][3] = {/* dx, dy of the baseline, anchor (1 start, -1 end) */
                                      {5.0, -5.0, 1},   {5.0, 13.0, 1}, {-5.0, -5.0, -1},
                                      {-5.0, 13.0, -1}, {7.0, 4.0, 1},  {-7.0, 4.0, -1}};
    for (size_t k = 0; k < sizeof spots / sizeof spots[0]; k++) {
        double bx = px + spots[k][0], by = py + spots[k][1];
        double x0 = spots[k][2] > 0 ? bx : bx - w, x1 = x0 + w, y0 = by - 9.0, y1 = by + 3.0;
        if (x0 < c->ml || x1 > c->w - c->mr || y0 < c->mt || y1 > c->h - c->mb)
            continue;
        int clash = 0;
        for (size_t i = 0; i < c->nlbox && !clash; i++)
            clash = x0 < c->lbox[i][2] && c->lbox[i][0] < x1 && y0 < c->lbox[i][3] &&
                    c->lbox[i][1] < y1;
        if (clash)
            continue;
        if (c->nlbox < ORF__MAX_LABELS) {
            c->lbox[c->nlbox][0] = x0;
            c->lbox[c->nlbox][1] = y0;
            c->lbox[c->nlbox][2] = x1;
            c->lbox[c->nlbox][3] = y1;
            c->nlbox++;
        }
        fprintf(c->fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"plabel\">", bx, by,
                spots[k][2] > 0 ? "start" : "end");
        orf__xml_text(c->fp, text);
        fputs("</text>\n", c->fp);
        return;
    }
    /* no room: a tooltip on the point */
    fprintf(c->fp,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"none\" "
            "pointer-events=\"all\"><title>",
            px, py);
    orf__xml_text(c->fp, text);
    fputs("</title></circle>\n", c->fp);
}

/* Legend items flow left to right below the x-axis label, wrapping at the plot's width. Returns
 * the number of rows; with fp != NULL also draws them from baseline y0. */
static size_t legend_flow(const orf__chart *c, FILE *fp, double y0)
{
    double x = c->ml, right = c->w - c->mr;
    size_t rows = c->nleg ? 1 : 0;
    for (size_t i = 0; i < c->nleg; i++) {
        const char *name = c->leg_names[i] ? c->leg_names[i] : "";
        double iw = 34.0 + 6.3 * (double)strlen(name);
        if (x > c->ml && x + iw > right) {
            x = c->ml;
            rows++;
        }
        if (fp) {
            const char *dash = c->leg_dashes ? c->leg_dashes[i] : NULL;
            double ly = y0 + 16.0 * (double)(rows - 1);
            fprintf(fp,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"3\"%s%s%s/><text x=\"%.1f\" y=\"%.1f\">",
                    x, ly - 4.0, x + 22.0, ly - 4.0, c->leg_colors[i],
                    dash ? " stroke-dasharray=\"" : "", dash ? dash : "", dash ? "\"" : "",
                    x + 26.0, ly);
            orf__xml_text(fp, name);
            fputs("</text>", fp);
        }
        x += iw;
    }
    return rows;
}

void orf__chart_legend(orf__chart *c, const char *const *names, const char *const *colors,
                       const char *const *dashes, size_t n)
{
    c->leg_names = names;
    c->leg_colors = colors;
    c->leg_dashes = dashes;
    c->nleg = n;
}

void orf__chart_end(orf__chart *c, const char *caption)
{
    fputs("</g>\n", c->fp);
    if (c->nleg) {
        fputs("<g class=\"legend\">", c->fp);
        legend_flow(c, c->fp, c->h - c->leg_h + 14.0);
        fputs("</g>\n", c->fp);
    }
    fputs("</svg>", c->fp);
    if (caption) {
        fputs("<figcaption>", c->fp);
        orf__xml_text(c->fp, caption);
        fputs("</figcaption>", c->fp);
    }
    fputs("</figure>\n", c->fp);
}
