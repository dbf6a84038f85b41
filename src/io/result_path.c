/* Results by path: the value at a dotted path of the run's JSON (docs/json.md), as design
 * optimisation (src/opt/, `oreflow optimize`) reads its objective and constraints.
 *
 * A path names object keys and array indices from the top of the JSON object written by
 * orf_result_write_json: "economics.npv_usd", "streams.concentrate.pct_solids",
 * "units.flot_rougher.recovery_pct", "summary.power_kw", "tears.0.residual". The JSON is written
 * once into memory (with the sections the caller adds, e.g. the economics) and each path is found
 * by a scan that skips the values it does not enter. "streams.NAME.assay.X" is read from the
 * stream itself first (orf_stream_assay), so that any assay the system can compute (SiO2 from the
 * minerals' formulas) is a path, not only those listed in report.assays. */
#include "io/io_impl.h"

#include "oreflow/output.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_ws(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return s;
}

/* The end of the JSON value starting at s (after white space), or NULL on malformed text. */
static const char *skip_value(const char *s)
{
    s = skip_ws(s);
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++)
            if (*s == '\\' && s[1])
                s++;
        return *s ? s + 1 : NULL;
    }
    if (*s == '{' || *s == '[') {
        int depth = 0;
        for (; *s; s++) {
            if (*s == '"') {
                s = skip_value(s);
                if (!s)
                    return NULL;
                s--;
            } else if (*s == '{' || *s == '[')
                depth++;
            else if ((*s == '}' || *s == ']') && --depth == 0)
                return s + 1;
        }
        return NULL;
    }
    while (*s && *s != ',' && *s != '}' && *s != ']' && !isspace((unsigned char)*s))
        s++;
    return s;
}

/* Within the value at s, the member `seg` (an object key, or an array index): its value's start,
 * or NULL. */
static const char *member(const char *s, const char *seg, size_t seglen)
{
    s = skip_ws(s);
    if (*s == '[') {
        char *end;
        char idx[32];
        if (seglen == 0 || seglen >= sizeof idx)
            return NULL;
        memcpy(idx, seg, seglen);
        idx[seglen] = 0;
        long k = strtol(idx, &end, 10);
        if (*end || k < 0)
            return NULL;
        s = skip_ws(s + 1);
        for (long i = 0; *s && *s != ']'; i++) {
            if (i == k)
                return s;
            s = skip_value(s);
            if (!s)
                return NULL;
            s = skip_ws(s);
            if (*s == ',')
                s = skip_ws(s + 1);
        }
        return NULL;
    }
    if (*s != '{')
        return NULL;
    s = skip_ws(s + 1);
    while (*s == '"') {
        const char *k = s + 1, *ke = skip_value(s);
        if (!ke)
            return NULL;
        size_t klen = (size_t)(ke - 1 - k);
        s = skip_ws(ke);
        if (*s != ':')
            return NULL;
        s = skip_ws(s + 1);
        if (klen == seglen && memcmp(k, seg, seglen) == 0)
            return s;
        s = skip_value(s);
        if (!s)
            return NULL;
        s = skip_ws(s);
        if (*s == ',')
            s = skip_ws(s + 1);
    }
    return NULL;
}

/* The number at path in the JSON text: 1 found (null reads as NaN), 0 absent or not a number. */
static int json_path(const char *json, const char *path, double *out)
{
    const char *s = json;
    for (const char *p = path; *p;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        s = member(s, p, len);
        if (!s)
            return 0;
        p += len + (dot ? 1 : 0);
    }
    s = skip_ws(s);
    if (!strncmp(s, "null", 4)) {
        *out = (double)NAN;
        return 1;
    }
    if (!strncmp(s, "true", 4) || !strncmp(s, "false", 5)) {
        *out = *s == 't' ? 1.0 : 0.0;
        return 1;
    }
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return 0;
    *out = v;
    return 1;
}

/* "streams.NAME.assay.X" from the stream: 1 when it names a stream and an assay it has. */
static int stream_assay(const orf_flowsheet *fs, const char *path, double *out)
{
    if (strncmp(path, "streams.", 8))
        return 0;
    const char *a = strstr(path + 8, ".assay.");
    char name[256];
    size_t len = a ? (size_t)(a - path - 8) : 0;
    if (!a || len == 0 || len >= sizeof name)
        return 0;
    memcpy(name, path + 8, len);
    name[len] = 0;
    int i = orf_flowsheet_stream_index(fs, name);
    if (i < 0)
        return 0;
    double v;
    if (orf_stream_assay(orf_flowsheet_stream(fs, (size_t)i), a + 7, &v) != ORF_OK)
        return 0;
    *out = v;
    return 1;
}

int orf_result_lookup(const orf_flowsheet *fs, const orf_solve_info *info,
                      orf_json_section_fn extra, void *extra_ud, size_t n, const char *const *paths,
                      double *out)
{
    int found = 0, need_json = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = (double)NAN;
        if (stream_assay(fs, paths[i], &out[i]))
            found++;
        else
            need_json = 1;
    }
    if (!need_json)
        return found == (int)n ? 0 : -1;
    /* open_memstream allocates with malloc, outside the context's hook (as GSL's objects do) */
    char *buf = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&buf, &size);
    if (!fp)
        return -2;
    orf_result_write_json(fs, info, fp, extra, extra_ud);
    if (fclose(fp) != 0 || !buf) {
        free(buf);
        return -2;
    }
    for (size_t i = 0; i < n; i++)
        if (!stream_assay(fs, paths[i], &out[i]) && json_path(buf, paths[i], &out[i]))
            found++;
    free(buf);
    return found == (int)n ? 0 : -1;
}
