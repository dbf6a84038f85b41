/* oreflow — the HTML report's cells and tables shared by its sections: numbers, headers with
 * units of measure, money in millions, a map's scalars and a list of objects as tables. */
#include "html_impl.h"

#include <math.h>
#include <string.h>

#define MAX_COLS 32

void orf__html_num(orf__html *r, double v, int sig)
{
    char buf[64];
    orf__fmt_num(buf, sizeof buf, v, sig);
    fputs(buf, r->fp);
}

void orf__html_td_num(orf__html *r, double v, int sig)
{
    fputs("<td>", r->fp);
    orf__html_num(r, v, sig);
    fputs("</td>", r->fp);
}

void orf__html_td_text(orf__html *r, const char *s)
{
    fputs("<td>", r->fp);
    orf__xml_text(r->fp, s ? s : "–");
    fputs("</td>", r->fp);
}

void orf__html_th_key(orf__html *r, const char *key)
{
    char buf[160];
    orf__pretty_key(key, buf, sizeof buf);
    fputs("<th>", r->fp);
    orf__xml_text(r->fp, buf);
    fputs("</th>", r->fp);
}

void orf__html_chart_id(orf__html *r, char *buf, size_t size, const char *what)
{
    char tmp[160];
    orf__xml_id_buf(tmp, sizeof tmp, "", what);
    snprintf(buf, size, "chart-%d-%s", ++r->nchart, tmp);
}

int orf__html_is_usd(const char *key)
{
    size_t l = strlen(key);
    return l > 4 && strcmp(key + l - 4, "_usd") == 0;
}

/* Money totals are shown in millions of the currency (the workbook keeps full precision):
 * returns the header for a money key ("npv_usd" -> "NPV (M USD)", "revenue_usd_per_year" ->
 * "revenue (M USD/y)") or 0 when the key is no money total (prices per tonne stay in USD/t).
 * `plain_money`: a key without a unit suffix is money too (cash-flow columns when the result
 * names a currency: "revenue", "cit"). */
int orf__html_money_header(const char *key, const char *cur, int plain_money, char *buf,
                           size_t size)
{
    static const char *const not_money[] = {"year",        "period",      "production", "ramp_up",
                                            "utilisation", "utilization", NULL};
    size_t l = strlen(key), sl = 0;
    const char *per = "";
    char probe[160];
    if (l > 13 && strcmp(key + l - 13, "_usd_per_year") == 0) {
        sl = 13;
        per = "/y";
    } else if (orf__html_is_usd(key)) {
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
void orf__html_td_musd(orf__html *r, double v)
{
    if (isfinite(v))
        fprintf(r->fp, v == 0.0 ? "<td>0</td>" : "<td>%.2f</td>", v / 1e6);
    else
        fputs("<td>–</td>", r->fp);
}

void orf__html_th_text(orf__html *r, const char *text)
{
    fputs("<th>", r->fp);
    orf__xml_text(r->fp, text);
    fputs("</th>", r->fp);
}

/* Scalars (numbers and strings) of a map as a two-column table. */
void orf__html_scalars_table(orf__html *r, const orf_node *m, const char *id)
{
    int any = 0;
    const char *cur = r->v->currency;
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
            orf__html_td_num(r, 100.0 * x, 4);
            fputs("</tr>\n", r->fp);
            continue;
        }
        char hdr[160];
        const char *key = m->keys[k]->str;
        if (isfinite(x) && orf__html_money_header(key, cur, 0, hdr, sizeof hdr)) {
            orf__html_th_text(r, hdr);
            orf__html_td_musd(r, x);
        } else if (isfinite(x) && strcmp(key, "discount_rate") == 0 && fabs(x) <= 1.0) {
            orf__html_th_text(r, "discount rate (%)"); /* a fraction in the JSON */
            orf__html_td_num(r, 100.0 * x, 4);
        } else {
            orf__html_th_key(r, key);
            if (isfinite(x))
                orf__html_td_num(r, x, 4);
            else
                orf__html_td_text(r, orf__jstr(v));
        }
        fputs("</tr>\n", r->fp);
    }
    if (any)
        fputs("</tbody></table></div>\n", r->fp);
}

/* A list of objects (stages, items) as a table of all their scalar fields. */
void orf__html_objects_table(orf__html *r, const orf_node *seq, const char *id)
{
    const char *cols[MAX_COLS];
    if (!seq || seq->kind != ORF_NODE_SEQ)
        return;
    size_t ncol = orf__jscalar_keys(seq, cols, MAX_COLS);
    if (ncol == 0)
        return;
    const char *cur = r->v->currency;
    char hdr[160];
    unsigned long long money = 0; /* bit c: column c is a money total */
    fprintf(r->fp, "<div class=\"tablewrap\"><table id=\"%s\"><thead><tr>", id);
    for (size_t c = 0; c < ncol; c++) {
        if (orf__html_money_header(cols[c], cur, 0, hdr, sizeof hdr)) {
            money |= 1ULL << c;
            orf__html_th_text(r, hdr);
        } else {
            orf__html_th_key(r, cols[c]);
        }
    }
    fputs("</tr></thead><tbody>\n", r->fp);
    for (size_t i = 0; i < seq->n; i++) {
        fputs("<tr>", r->fp);
        for (size_t c = 0; c < ncol; c++) {
            const orf_node *v = orf_node_get(seq->items[i], cols[c]);
            double x = orf__jnum(v);
            if (isfinite(x) && (money >> c & 1ULL))
                orf__html_td_musd(r, x);
            else if (isfinite(x))
                orf__html_td_num(r, x, 4);
            else
                orf__html_td_text(r, orf__jstr(v));
        }
        fputs("</tr>\n", r->fp);
    }
    fputs("</tbody></table></div>\n", r->fp);
}

const orf_node *orf__html_find_list(const orf_node *n, const char *const *keys)
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
