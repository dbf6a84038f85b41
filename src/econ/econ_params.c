/* The registry of the economics section's numeric values: each value is registered by its path
 * (economics.products.NAME.price, ...) with its unit of measure where it is read (econ_load.c,
 * econ_taxes.c), so that Monte Carlo and the sensitivity analysis can sample it
 * (orf_econ_param_ref) and show it with its unit (orf_econ_param_unit).
 */
#include "econ_impl.h"

#include "oreflow/unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The unit a value's key names (docs/format.md, "Economics"); "" when the key names none. */
static const char *unit_of_key(const char *path)
{
    if (ends_with(path, "_pct") || strstr(path, "_pct["))
        return "%";
    if (ends_with(path, "_kw"))
        return "kW";
    if (ends_with(path, "hours_per_year"))
        return "h/yr";
    if (ends_with(path, "_years"))
        return "yr";
    if (ends_with(path, ".headcount"))
        return "persons";
    return "";
}

void orf__econ_unit(orf_econ *e, const char *path, const char *fmt, const char *cur)
{
    char buf[96];
    snprintf(buf, sizeof buf, fmt, cur);
    for (size_t i = e->nparams; i-- > 0;)
        if (strcmp(e->params[i].path, path) == 0) {
            const char *s = orf_ctx_strdup(e->ctx, buf);
            if (s)
                e->params[i].unit = s;
            return;
        }
}

void orf__econ_reg(orf_econ *e, const char *path, double *slot)
{
    if (e->nparams == e->capparams) {
        size_t cap = e->capparams ? 2 * e->capparams : 64;
        econ_param *p = orf_realloc(e->ctx, e->params, cap * sizeof *p);
        if (!p)
            return;
        e->params = p;
        e->capparams = cap;
    }
    const char *s = orf_ctx_strdup(e->ctx, path);
    if (!s)
        return;
    e->params[e->nparams].path = s;
    e->params[e->nparams].slot = slot;
    e->params[e->nparams].unit = unit_of_key(path);
    e->params[e->nparams].lo = -(double)INFINITY;
    e->params[e->nparams].hi = (double)INFINITY;
    e->nparams++;
}

void orf__econ_reg_range(orf_econ *e, double lo, double hi)
{
    if (e->nparams) {
        e->params[e->nparams - 1].lo = lo;
        e->params[e->nparams - 1].hi = hi;
    }
}

void orf__econ_unit_at(orf_econ *e, const char *prefix, const char *key, const char *fmt,
                       const char *cur)
{
    char path[256];
    snprintf(path, sizeof path, "%s.%s", prefix, key);
    orf__econ_unit(e, path, fmt, cur);
}

/* See econ_impl.h. */
const char *orf__econ_item_result_unit(const orf_econ *e, const econ_item *c, char *buf,
                                       size_t size)
{
    const orf_unit_type *t = c->unit >= 0 ? orf_flowsheet_unit(e->fs, (size_t)c->unit)->type : NULL;
    const char *ru = t && c->result >= 0 ? t->results[c->result].unit : NULL;
    if (!ru || !*ru || strchr(ru, '%'))
        return "%s";
    if (strcmp(ru, "kW") == 0)
        return "%s/MWh";
    if (strcmp(ru, "t/h") == 0)
        return "%s/t";
    snprintf(buf, size, "%%s/(%s·h)", ru);
    return buf;
}

double *orf_econ_param_ref(orf_econ *e, const char *path)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (strcmp(e->params[i].path, path) == 0)
            return e->params[i].slot;
    return NULL;
}

size_t orf_econ_param_count(const orf_econ *e)
{
    return e->nparams;
}
const char *orf_econ_param_path(const orf_econ *e, size_t i)
{
    return i < e->nparams ? e->params[i].path : NULL;
}

const char *orf_econ_param_unit(const orf_econ *e, const char *path)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (strcmp(e->params[i].path, path) == 0)
            return e->params[i].unit;
    return NULL;
}

int orf_econ_param_range(const orf_econ *e, const char *path, double *lo, double *hi)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (strcmp(e->params[i].path, path) == 0) {
            *lo = e->params[i].lo;
            *hi = e->params[i].hi;
            return 1;
        }
    return 0;
}
