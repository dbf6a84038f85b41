/* oreflow — the run result as the report's two writers see it: validated and read once into an
 * orf__report_view (report_impl.h) that the HTML page (html.c and its sections) and the workbook
 * (xlsx.c) share, with the stream helpers both need (feeds, products, element flows). */
#include "oreflow/materials.h"
#include "report_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const orf_node *orf__view_stream(const orf__report_view *v, const char *name)
{
    return name ? orf_node_get(v->streams, name) : NULL;
}

double orf__view_solids(const orf_node *s)
{
    return orf__jnum(orf_node_get(s, "solids_tph"));
}

double orf__view_vel_tph(const orf__report_view *v, const orf_node *s)
{
    if (!v->vel || !s)
        return ORF__NAN;
    double x = orf__jnum(orf__jpath(orf_node_get(s, "element_tph"), v->vel));
    if (isfinite(x))
        return x;
    double a = orf__jnum(orf_node_get(orf_node_get(s, "assay"), v->vel));
    return orf__view_solids(s) * a / 100.0;
}

double orf__view_key_grade(const orf__report_view *v, const orf_node *s)
{
    return v->key_assay ? orf__jnum(orf_node_get(orf_node_get(s, "assay"), v->key_assay))
                        : ORF__NAN;
}

int orf__view_is_type(const orf_node *u, const char *type)
{
    const char *t = orf__jstr(orf_node_get(u, "type"));
    return t && strcmp(t, type) == 0;
}

int orf__view_is_feed(const orf__report_view *v, const orf_node *s)
{
    const char *from = orf__jstr(orf_node_get(s, "from"));
    const orf_node *u = from ? orf_node_get(v->units, from) : NULL;
    return !u || orf__view_is_type(u, "feed");
}

int orf__view_is_product(const orf__report_view *v, const orf_node *s)
{
    const char *to = orf__jstr(orf_node_get(s, "to"));
    const orf_node *u = to ? orf_node_get(v->units, to) : NULL;
    return !u || orf__view_is_type(u, "product");
}

size_t orf__view_port_streams(const orf_node *list, const char **names, const char **ports,
                              size_t max)
{
    size_t n = 0;
    if (!list)
        return 0;
    for (size_t i = 0; i < list->n && n < max; i++) {
        if (list->kind == ORF_NODE_SEQ) {
            names[n] = orf__jstr(list->items[i]);
            ports[n] = NULL;
        } else if (list->kind == ORF_NODE_MAP) {
            names[n] = orf__jstr(list->items[i]);
            ports[n] = list->keys[i]->str;
        } else {
            break;
        }
        if (names[n])
            n++;
    }
    return n;
}

/* The default valuable element of the shipped materials database (its
 * `default_valuable_element`), copied into buf; "" when the database cannot be read. A result
 * carries no database, so this reads the one a run would have used by default. The load has a
 * context of its own: its diagnostics are not the report's. */
static void default_vel(char *buf, size_t size)
{
    char path[4096];
    orf_matdb *db = NULL;
    orf_ctx *tmp = orf_ctx_alloc();
    buf[0] = '\0';
    if (!tmp)
        return;
    snprintf(path, sizeof path, "%s/materials.yaml", orf_data_dir());
    if (orf_matdb_load(tmp, path, &db) == ORF_OK) {
        const char *d = orf_matdb_default_valuable_element(db);
        snprintf(buf, size, "%s", d ? d : "");
    }
    orf_matdb_free(db);
    orf_ctx_free(tmp);
}

/* The valuable element: system.valuable_element, report.valuable_element, else the database's
 * default when streams carry it, else the first element listed in a stream's element_tph. */
static const char *find_vel(orf__report_view *v)
{
    const char *s = orf__jstr(orf_node_get(v->system, "valuable_element"));
    if (!s)
        s = orf__jstr(orf__jpath(v->root, "report.valuable_element"));
    if (s)
        return s;
    int looked = 0;
    for (size_t i = 0; i < v->streams->n; i++) {
        const orf_node *e = orf_node_get(v->streams->items[i], "element_tph");
        if (e && e->kind == ORF_NODE_MAP && e->n > 0) {
            if (!looked++)
                default_vel(v->vel_buf, sizeof v->vel_buf);
            return v->vel_buf[0] && orf_node_get(e, v->vel_buf) ? v->vel_buf : e->keys[0]->str;
        }
    }
    return NULL;
}

orf_status orf__report_view_init(orf_ctx *ctx, const orf_node *result, orf__report_view *v)
{
    memset(v, 0, sizeof *v);
    v->root = result;
    if (!result || result->kind != ORF_NODE_MAP)
        return orf_diag_emit(ctx, ORF_E_INPUT, result ? &result->loc : NULL, NULL,
                             "a run result must be a JSON object");
    v->streams = orf_node_get(result, "streams");
    if (!v->streams || v->streams->kind != ORF_NODE_MAP)
        return orf_diag_emit(ctx, ORF_E_INPUT, &result->loc, NULL,
                             "not a run result: no 'streams' object (write one with "
                             "'oreflow run FILE --json')");
    v->units = orf_node_get(result, "units");
    if (v->units && v->units->kind != ORF_NODE_MAP)
        v->units = NULL;
    v->system = orf_node_get(result, "system");
    v->assays = orf_node_get(v->system, "assays");
    if (v->assays && v->assays->kind != ORF_NODE_SEQ)
        v->assays = NULL;
    if (v->assays && v->assays->n > 0)
        v->key_assay = orf__jstr(v->assays->items[0]);
    v->economics = orf_node_get(result, "economics");
    v->mc = orf_node_get(result, "mc");
    v->sensitivity = orf_node_get(result, "sensitivity");
    v->reconciliation = orf_node_get(result, "reconciliation");
    v->currency = orf__jstr(orf__jpath(result, "economics.currency"));
    v->vel = find_vel(v);
    return ORF_OK;
}
