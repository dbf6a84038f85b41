/* oreflow — reading the run's result JSON (parsed by libyaml into orf_node trees) for reports,
 * and the small text helpers shared by the report writers (escaping, ids, labels). */
#include "report_impl.h"

#include <math.h>
#include <string.h>

double orf__jnum(const orf_node *n)
{
    double v;
    if (!n || n->kind != ORF_NODE_SCALAR || n->quoted || !n->str)
        return ORF__NAN;
    if (!orf_parse_number(n->str, &v))
        return ORF__NAN;
    return v;
}

const char *orf__jstr(const orf_node *n)
{
    if (!n || n->kind != ORF_NODE_SCALAR || !n->str)
        return NULL;
    if (!n->quoted && (strcmp(n->str, "null") == 0 || strcmp(n->str, "~") == 0))
        return NULL;
    return n->str;
}

const orf_node *orf__jpath(const orf_node *n, const char *path)
{
    char key[128];
    while (n && path && *path) {
        const char *dot = strchr(path, '.');
        size_t len = dot ? (size_t)(dot - path) : strlen(path);
        if (len >= sizeof key)
            return NULL;
        memcpy(key, path, len);
        key[len] = '\0';
        n = orf_node_get(n, key);
        path = dot ? dot + 1 : NULL;
    }
    return n;
}

double orf__jpath_num(const orf_node *n, const char *path)
{
    return orf__jnum(orf__jpath(n, path));
}

int orf__jis_numarray(const orf_node *seq)
{
    int any = 0;
    if (!seq || seq->kind != ORF_NODE_SEQ || seq->n == 0)
        return 0;
    for (size_t i = 0; i < seq->n; i++) {
        const orf_node *it = seq->items[i];
        if (it->kind != ORF_NODE_SCALAR || it->quoted)
            return 0;
        if (!isnan(orf__jnum(it)))
            any = 1;
        else if (orf__jstr(it) != NULL)
            return 0;
    }
    return any;
}

size_t orf__jscalar_keys(const orf_node *seq, const char **cols, size_t max)
{
    size_t ncol = 0;
    for (size_t i = 0; i < seq->n; i++) {
        const orf_node *o = seq->items[i];
        for (size_t k = 0; o->kind == ORF_NODE_MAP && k < o->n && ncol < max; k++) {
            if (o->items[k]->kind != ORF_NODE_SCALAR)
                continue;
            size_t c = 0;
            while (c < ncol && strcmp(cols[c], o->keys[k]->str) != 0)
                c++;
            if (c == ncol)
                cols[ncol++] = o->keys[k]->str;
        }
    }
    return ncol;
}

size_t orf__jarray(orf_ctx *ctx, const orf_node *seq, double **out, int *oom)
{
    *out = NULL;
    if (!seq || seq->kind != ORF_NODE_SEQ || seq->n == 0)
        return 0;
    double *v = orf_malloc(ctx, seq->n * sizeof *v);
    if (!v) {
        *oom = 1;
        return 0;
    }
    for (size_t i = 0; i < seq->n; i++)
        v[i] = orf__jnum(seq->items[i]);
    *out = v;
    return seq->n;
}

/* Suffix -> unit of measure, the longer of two overlapping suffixes first so "_kwh_per_t" wins
 * over "_t" and "_nm3_h" over "_h". No "_m" or "_s" alone: model parameters such as sharpness_m
 * (Plitt's m) are not metres. */
static const struct {
    const char *suffix;
    const char *unit;
} unit_suffixes[] = {
    {"_usd_per_t_element", "USD/t of element"},
    {"_kg_per_t_metal", "kg/t metal"},
    {"_per_t_alloy", "t/t alloy"},
    {"_kj_per_kg", "kJ/kg"},
    {"_nm3_per_t", "Nm³/t"},
    {"_kg_per_t", "kg/t"},
    {"_t_per_t", "t/t"},
    {"_nm3_h", "Nm³/h"},
    {"_mg_l", "mg/L"},
    {"_mm_s", "mm/s"},
    {"_m_s", "m/s"},
    {"_pa_s", "Pa·s"},
    {"_kw_m3", "kW/m³"},
    {"_m3_kg", "m³/kg"},
    {"_t2_m", "T²/m"},
    {"_kg_m3", "kg/m³"}, /* before "_m3": density_kg_m3 is "density (kg/m³)" */
    {"_m3", "m³"},
    {"_m2", "m²"},
    {"_cm", "cm"},
    {"_cp", "mPa·s"},
    {"_min", "min"},
    {"_usd_per_year", "USD/y"},
    {"_mwh_per_year", "MWh/y"},
    {"_t_per_year", "t/y"},
    {"_per_year", "per year"},
    {"_kwh_per_t", "kWh/t"},
    {"_usd_per_t", "USD/t"},
    {"_m3h", "m³/h"},
    {"_musd", "M USD"},
    {"_usd", "USD"},
    {"_tph", "t/h"},
    {"_pct", "%"},
    {"_um", "µm"},
    {"_mm", "mm"},
    {"_kw", "kW"},
    {"_mw", "MW"},
    {"_kpa", "kPa"},
    {"_c", "°C"},
    {"_t", "t"},
    {"_kg", "kg"},
    {"_h", "h"},
    {"_years", "years"},
};

void orf__pretty_key(const char *key, char *buf, size_t size)
{
    if (size == 0)
        return;
    size_t len = strlen(key);
    if (strncmp(key, "pct_", 4) == 0 && len > 4) { /* pct_solids -> solids (%) */
        char stem[128];
        snprintf(stem, sizeof stem, "%s", key + 4);
        for (char *p = stem; *p; p++)
            if (*p == '_')
                *p = ' ';
        snprintf(buf, size, "%s (%%)", stem);
        return;
    }
    for (size_t i = 0; i < sizeof unit_suffixes / sizeof unit_suffixes[0]; i++) {
        size_t sl = strlen(unit_suffixes[i].suffix);
        if (len > sl && strcmp(key + len - sl, unit_suffixes[i].suffix) == 0) {
            int base = (int)(len - sl);
            char stem[128];
            snprintf(stem, sizeof stem, "%.*s", base, key);
            for (char *p = stem; *p; p++)
                if (*p == '_')
                    *p = ' ';
            snprintf(buf, size, "%s (%s)", stem, unit_suffixes[i].unit);
            return;
        }
    }
    snprintf(buf, size, "%s", key);
    for (char *p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
}

void orf__xml_text(FILE *fp, const char *s)
{
    if (!s)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", fp);
            break;
        case '<':
            fputs("&lt;", fp);
            break;
        case '>':
            fputs("&gt;", fp);
            break;
        case '"':
            fputs("&quot;", fp);
            break;
        case '\'':
            fputs("&#39;", fp);
            break;
        default:
            fputc(*s, fp);
        }
    }
}

void orf__xml_id_buf(char *buf, size_t size, const char *prefix, const char *name)
{
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    if (size == 0)
        return;
    for (const char *p = prefix ? prefix : ""; *p && k + 1 < size; p++)
        buf[k++] = *p;
    for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
        int keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_';
        if (keep) {
            if (k + 1 >= size)
                break;
            buf[k++] = (char)*p;
        } else {
            if (k + 3 >= size)
                break;
            buf[k++] = '_';
            buf[k++] = hex[*p >> 4];
            buf[k++] = hex[*p & 15];
        }
    }
    buf[k] = '\0';
}

void orf__xml_id(FILE *fp, const char *prefix, const char *name)
{
    char buf[512];
    orf__xml_id_buf(buf, sizeof buf, prefix, name);
    fputs(buf, fp);
}
