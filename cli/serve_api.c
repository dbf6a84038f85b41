/* oreflow serve: /api/info, /api/file (GET, PUT), /api/units, /api/check, /api/solve. Each
 * request works in a context of its own (no state shared between requests), loads the text it
 * was given under the path it names (orf_input_set_text: relative paths of the file resolve in
 * its folder, diagnostics name it) and answers JSON (docs/serve.md). */
#define _DEFAULT_SOURCE
#include "serve.h"
#include "oreflow/design.h"
#include "oreflow/econ.h"
#include "oreflow/mc.h"
#include "oreflow/optimize.h"
#include "oreflow/report.h"
#include "oreflow/scenario.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef ORF_HAVE_SERVE

/* ---------------------------------------------------------------- /api/info */

/* *.yaml files under dir (relative to the root), depth-first, hidden entries and links skipped. */
static void list_yaml(const serve_server *srv, const char *dir, int depth, orf_json *j,
                      size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn)
                break;
            names = nn;
            cap = nc;
        }
        names[n] = strdup(e->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    for (size_t a = 1; a < n; a++) /* sorted: the same list every time */
        for (size_t b = a; b > 0 && strcmp(names[b - 1], names[b]) > 0; b--) {
            char *t = names[b];
            names[b] = names[b - 1];
            names[b - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX];
        struct stat sb;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) < sizeof path &&
            lstat(path, &sb) == 0 && *count < 2000) {
            size_t len = strlen(names[i]);
            if (S_ISDIR(sb.st_mode) && depth < 6 && strcmp(names[i], "build"))
                list_yaml(srv, path, depth + 1, j, count);
            else if (S_ISREG(sb.st_mode) && len > 5 && !strcmp(names[i] + len - 5, ".yaml")) {
                orf_json_string(j, serve_rel(srv, path));
                (*count)++;
            }
        }
        free(names[i]);
    }
    free(names);
}

void serve_api_info(serve_req *rq, serve_resp *rs)
{
    serve_out o;
    if (serve_out_open(&o)) {
        serve_resp_error(rs, 500, "out of memory");
        return;
    }
    orf_json_begin_object(&o.j);
    orf_json_key_string(&o.j, "version", ORF_VERSION_STRING);
    orf_json_key_string(&o.j, "root", rq->srv->root);
    orf_json_key_string(&o.j, "default_file",
                        rq->srv->default_file[0] ? rq->srv->default_file : NULL);
    orf_json_key(&o.j, "files");
    orf_json_begin_array(&o.j);
    size_t count = 0;
    list_yaml(rq->srv, rq->srv->root, 0, &o.j, &count);
    orf_json_end_array(&o.j);
    orf_json_end_object(&o.j);
    serve_out_finish(&o, rs, 200);
}

/* ---------------------------------------------------------------- /api/file */

/* The whole file at abs (malloc, NUL-terminated) or NULL with errno. */
static char *read_file(const char *abs, size_t *len)
{
    FILE *fp = fopen(abs, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0, got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (n + got + 1 > cap) {
            size_t nc = (n + got + 1) * 2;
            char *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                fclose(fp);
                errno = ENOMEM;
                return NULL;
            }
            buf = nb;
            cap = nc;
        }
        memcpy(buf + n, chunk, got);
        n += got;
        if (n > SERVE_MAX_BODY * 4) {
            free(buf);
            fclose(fp);
            errno = EFBIG;
            return NULL;
        }
    }
    fclose(fp);
    if (!buf && !(buf = malloc(1)))
        return NULL;
    buf[n] = 0;
    *len = n;
    return buf;
}

void serve_api_file_get(serve_req *rq, serve_resp *rs)
{
    char abs[PATH_MAX];
    if (serve_path(rq->srv, rq->query(rq->query_ud, "path"), 1, abs, sizeof abs, rs))
        return;
    size_t len = 0;
    char *text = read_file(abs, &len);
    if (!text) {
        serve_resp_error(rs, 500, "cannot read '%s': %s", serve_rel(rq->srv, abs), strerror(errno));
        return;
    }
    if (memchr(text, 0, len)) {
        free(text);
        {
            serve_resp_error(rs, 415, "'%s' is not a text file", serve_rel(rq->srv, abs));
            return;
        }
    }
    char etag[17];
    serve_etag(text, len, etag);
    serve_out o;
    if (serve_out_open(&o)) {
        free(text);
        {
            serve_resp_error(rs, 500, "out of memory");
            return;
        }
    }
    orf_json_begin_object(&o.j);
    orf_json_key_string(&o.j, "path", serve_rel(rq->srv, abs));
    orf_json_key_string(&o.j, "text", text);
    orf_json_key_string(&o.j, "etag", etag);
    orf_json_end_object(&o.j);
    free(text);
    serve_out_finish(&o, rs, 200);
}

void serve_api_file_put(serve_req *rq, serve_resp *rs)
{
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx) {
        serve_resp_error(rs, 500, "out of memory");
        return;
    }
    orf_doc *doc = serve_body_doc(ctx, rq, rs);
    if (!doc) {
        orf_ctx_free(ctx);
        return;
    }
    const orf_node *root = orf_doc_root(doc);
    int bad = 0;
    const char *rel = serve_str(root, "path", &bad);
    const char *text = serve_str(root, "text", &bad);
    const orf_node *en = serve_field(root, "etag");
    const char *etag = serve_str(root, "etag", &bad);
    char abs[PATH_MAX];
    if (bad || !en)
        serve_resp_error(rs, 400,
                         "'path', 'text' and 'etag' (a string, or null for a new file) "
                         "are required");
    else if (!text)
        serve_resp_error(rs, 400, "missing 'text'");
    else if (!serve_path(rq->srv, rel, 0, abs, sizeof abs, rs)) {
        pthread_mutex_lock(&rq->srv->file_lock); /* check and write as one step */
        size_t len = 0;
        char *cur = read_file(abs, &len);
        char now[17] = "";
        if (cur)
            serve_etag(cur, len, now);
        free(cur);
        if (!cur && errno != ENOENT)
            serve_resp_error(rs, 500, "cannot read '%s': %s", rel, strerror(errno));
        else if ((etag && (!cur || strcmp(etag, now))) || (!etag && cur)) {
            serve_out o;
            if (!serve_out_open(&o)) {
                fputs("{\"error\":\"conflict\",\"etag\":", o.fp);
                serve_json_string(o.fp, cur ? now : NULL);
                fputs(",\"message\":", o.fp);
                serve_json_string(o.fp, cur ? "the file changed since it was read"
                                            : "the file does not exist (any more)");
                fputs("}\n", o.fp);
                serve_out_finish(&o, rs, 409);
            } else
                serve_resp_error(rs, 500, "out of memory");
        } else {
            orf_atomic a;
            orf_status st = orf_atomic_open(ctx, &a, abs);
            if (!st) {
                fwrite(text, 1, strlen(text), a.fp);
                st = orf_atomic_commit(ctx, &a);
            }
            if (st)
                serve_resp_error(rs, 500, "cannot write '%s': %s", rel,
                                 orf_ctx_diag_count(ctx) ? orf_ctx_diag_get(ctx, 0)->message
                                                         : orf_status_message(st));
            else {
                serve_etag(text, strlen(text), now);
                serve_out o;
                if (!serve_out_open(&o)) {
                    fputs("{\"etag\":", o.fp);
                    serve_json_string(o.fp, now);
                    fputs("}\n", o.fp);
                    serve_out_finish(&o, rs, 200);
                } else
                    serve_resp_error(rs, 500, "out of memory");
            }
        }
        pthread_mutex_unlock(&rq->srv->file_lock);
    }
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

/* ---------------------------------------------------------------- /api/units */

static void ports_json(orf_json *j, const char *key, const char *const *ports, size_t n, size_t min)
{
    orf_json_key(j, key);
    orf_json_begin_array(j);
    size_t k = n == ORF_PORTS_VARIADIC ? 1 : n;
    for (size_t i = 0; ports && i < k && ports[i]; i++)
        orf_json_string(j, ports[i]);
    orf_json_end_array(j);
    if (n == ORF_PORTS_VARIADIC) { /* one port name taking min or more streams */
        char vk[32];
        snprintf(vk, sizeof vk, "%s_min", key);
        orf_json_key(j, vk);
        orf_json_int(j, (long)min);
    }
}

void serve_api_units(serve_req *rq, serve_resp *rs)
{
    (void)rq;
    orf_ctx *ctx = orf_cli_ctx_alloc();
    serve_out o;
    if (!ctx || serve_out_open(&o)) {
        orf_ctx_free(ctx);
        {
            serve_resp_error(rs, 500, "out of memory");
            return;
        }
    }
    static const char *const kinds[] = {"number", "string", "table"};
    orf_json *j = &o.j;
    orf_json_begin_object(j);
    orf_json_key(j, "units");
    orf_json_begin_array(j);
    for (size_t i = 0; i < orf_unit_types_count(ctx); i++) {
        const orf_unit_type *t = orf_unit_types_get(ctx, i);
        orf_json_begin_object(j);
        orf_json_key_string(j, "type", t->name);
        orf_json_key_string(j, "family", t->family);
        orf_json_key_string(j, "doc", t->summary);
        orf_json_key_string(j, "source", t->citation);
        orf_json_key(j, "feed");
        orf_json_bool(j, (t->flags & ORF_UNIT_SOURCE) != 0);
        orf_json_key(j, "ports");
        orf_json_begin_object(j);
        ports_json(j, "in", t->inlets, t->ninlets, t->min_inlets);
        ports_json(j, "out", t->outlets, t->noutlets, t->min_outlets);
        orf_json_end_object(j);
        orf_json_key(j, "params");
        orf_json_begin_array(j);
        for (size_t p = 0; p < t->nparams; p++) {
            const orf_param_def *d = &t->params[p];
            orf_json_begin_object(j);
            orf_json_key_string(j, "name", d->name);
            orf_json_key_string(j, "kind", d->kind <= ORF_PARAM_TABLE ? kinds[d->kind] : "?");
            orf_json_key_string(j, "unit", d->unit);
            int num = d->kind == ORF_PARAM_NUMBER;
            orf_json_key_number(j, "default", num && !d->required ? d->dflt : (double)NAN);
            orf_json_key_number(j, "min", num ? d->min : (double)NAN);
            orf_json_key_number(j, "max", num ? d->max : (double)NAN);
            orf_json_key_string(j, "doc", d->doc);
            orf_json_key(j, "required");
            orf_json_bool(j, d->required);
            orf_json_end_object(j);
        }
        orf_json_end_array(j);
        orf_json_key(j, "results");
        orf_json_begin_array(j);
        for (size_t r = 0; r < t->nresults; r++) {
            orf_json_begin_object(j);
            orf_json_key_string(j, "name", t->results[r].name);
            orf_json_key_string(j, "unit", t->results[r].unit);
            orf_json_key_string(j, "doc", t->results[r].doc);
            orf_json_end_object(j);
        }
        orf_json_end_array(j);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_ctx_free(ctx);
    serve_out_finish(&o, rs, 200);
}

/* ---------------------------------------------------------------- /api/check, /api/solve */

/* {"ok": ok, "diagnostics": [...]} */
static void diags_response(const serve_server *srv, orf_ctx *ctx, int ok, serve_resp *rs)
{
    serve_out o;
    if (serve_out_open(&o)) {
        serve_resp_error(rs, 500, "out of memory");
        return;
    }
    fprintf(o.fp, "{\"ok\":%s,\"diagnostics\":", ok ? "true" : "false");
    serve_diags_json(srv, ctx, o.fp);
    fputs("}\n", o.fp);
    serve_out_finish(&o, rs, 200);
}

void serve_api_check(serve_req *rq, serve_resp *rs)
{
    serve_call c;
    if (serve_call_begin(rq, rs, &c))
        return;
    orf_ctx *ctx = c.ctx;
    char abs[PATH_MAX];
    if (c.doc && !serve_source(rq->srv, ctx, orf_doc_root(c.doc), abs, sizeof abs, rs)) {
        orf_flowsheet *fs = NULL;
        orf_status st = orf_flowsheet_load(ctx, abs, &fs);
        if (!st) /* every section `oreflow check` validates */
            st = orf_cli_check_sections(ctx, fs);
        orf_flowsheet_free(fs);
        serve_limit_note(rq->srv, ctx);
        diags_response(rq->srv, ctx, st == ORF_OK, rs);
    }
    serve_call_end(rq, &c);
}

/* "set": [{"unit","param","value"}] onto the loaded flowsheet, each checked against the
 * parameter's range. 0, or -1 with a diagnostic (located at the set entry in the request). */
static int apply_set(orf_ctx *ctx, orf_flowsheet *fs, orf_econ *econ, const orf_node *set)
{
    if (!set || serve_is_null(set))
        return 0;
    if (set->kind != ORF_NODE_SEQ) {
        orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "'set' must be a list of {unit, param, value}");
        return -1;
    }
    for (size_t i = 0; i < set->n; i++) {
        const orf_node *e = set->items[i];
        const orf_node *un = orf_node_get(e, "unit"), *pn = orf_node_get(e, "param"),
                       *vn = orf_node_get(e, "value");
        double v;
        if (!un || !pn || !vn || un->kind != ORF_NODE_SCALAR || pn->kind != ORF_NODE_SCALAR ||
            vn->kind != ORF_NODE_SCALAR || !orf_parse_number(vn->str, &v)) {
            orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                          "set[%zu]: needs \"unit\", \"param\" and a numeric \"value\"", i);
            return -1;
        }
        if (!strcmp(un->str, "economics")) { /* a value of the economics section by its path */
            char path[512];
            snprintf(path, sizeof path, "economics.%s", pn->str);
            double *ev = econ ? orf_econ_param_ref(econ, path) : NULL;
            if (!ev) {
                orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, NULL,
                              "set[%zu]: unknown parameter %s%s", i, path,
                              econ ? "" : " (the file has no economics section)");
                return -1;
            }
            *ev = v;
            continue;
        }
        if (orf_flowsheet_unit_index(fs, un->str) < 0 && strcmp(un->str, "specs")) {
            orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, un->str, "set[%zu]: no unit '%s'", i,
                          un->str);
            return -1;
        }
        double *slot = orf_flowsheet_param_ref(fs, un->str, pn->str);
        if (!slot) {
            orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, un->str,
                          "set[%zu]: unit '%s' has no numeric parameter '%s'", i, un->str, pn->str);
            return -1;
        }
        const orf_param_def *d = orf_flowsheet_param_def(fs, un->str, pn->str);
        if (d && d->kind == ORF_PARAM_NUMBER && (v < d->min || v > d->max)) {
            orf_diag_emit(ctx, ORF_E_RANGE, NULL, un->str,
                          "set[%zu]: %s.%s = %g is outside its range [%g, %g] %s", i, un->str,
                          pn->str, v, d->min, d->max, d->unit ? d->unit : "");
            return -1;
        }
        *slot = v;
    }
    return 0;
}

/* Write the diagram of the result JSON text into fp as a JSON string (null when none). */
static void diagram_json(orf_ctx *ctx, const char *json, size_t len, FILE *fp)
{
    orf_doc *doc = NULL;
    char *svg = NULL;
    size_t svglen = 0;
    FILE *mf = NULL;
    if (orf_doc_load_string(ctx, "result", json, len, &doc) == ORF_OK &&
        (mf = open_memstream(&svg, &svglen)) != NULL) {
        orf_status st = orf_report_diagram_svg(ctx, orf_doc_root(doc), mf);
        if (fclose(mf) == 0 && st == ORF_OK && svg) {
            char *a = strstr(svg, "<svg"), *b = a ? strstr(a, "</svg>") : NULL;
            if (b) {
                b[6] = 0; /* the <svg> element only, without the report's wrapper */
                serve_json_string(fp, a);
                free(svg);
                orf_doc_free(doc);
                return;
            }
        }
    }
    free(svg);
    orf_doc_free(doc);
    fputs("null", fp);
}

void serve_api_solve(serve_req *rq, serve_resp *rs)
{
    double t0 = serve_now_ms();
    serve_call c;
    if (serve_call_begin(rq, rs, &c))
        return;
    orf_ctx *ctx = c.ctx;
    char abs[PATH_MAX];
    if (!c.doc || serve_source(rq->srv, ctx, orf_doc_root(c.doc), abs, sizeof abs, rs)) {
        serve_call_end(rq, &c);
        return;
    }
    const orf_node *root = orf_doc_root(c.doc);
    const orf_node *dn = serve_field(root, "diagram");
    int diagram = dn && dn->kind == ORF_NODE_SCALAR && !strcmp(dn->str, "true");
    orf_flowsheet *fs = NULL;
    orf_econ *econ = NULL;
    orf_design *design = NULL;
    orf_status st = orf_flowsheet_load(ctx, abs, &fs);
    if (!st)
        st = orf_econ_load(ctx, fs, &econ);
    if (!st && apply_set(ctx, fs, econ, serve_field(root, "set")))
        st = ORF_E_INPUT;
    if (st) { /* not loaded: the located diagnostics */
        serve_limit_note(rq->srv, ctx);
        diags_response(rq->srv, ctx, 0, rs);
        orf_econ_free(econ);
        orf_flowsheet_free(fs);
        serve_call_end(rq, &c);
        return;
    }
    /* as `oreflow run --json` (cmd_run.c): solve, equipment, economics */
    orf_cli_run_out r;
    orf_cli_run_solve(ctx, fs, &econ, &r);
    orf_solve_info info = r.info;
    design = r.design;
    st = r.st;
    orf_status es = r.econ_st;
    serve_limit_note(rq->srv, ctx);
    orf_cli_run_sections sec = {design, econ};
    char *json = NULL;
    size_t jlen = 0;
    FILE *jf = open_memstream(&json, &jlen);
    if (jf) {
        orf_result_write_json(fs, &info, jf, orf_cli_run_json_sections, &sec);
        if (fclose(jf))
            jf = NULL;
    }
    serve_out o;
    if (!jf || !json || serve_out_open(&o))
        serve_resp_error(rs, 500, "out of memory");
    else {
        int ok = st == ORF_OK && (es == ORF_OK || es == ORF_E_NUMERIC);
        fprintf(o.fp, "{\"ok\":%s,\"status\":", ok ? "true" : "false");
        serve_json_string(o.fp, orf_status_message(st ? st : es));
        fputs(",\"result\":", o.fp);
        serve_json_raw(o.fp, json, jlen);
        if (diagram) {
            fputs(",\"diagram_svg\":", o.fp);
            diagram_json(ctx, json, jlen, o.fp);
        }
        fputs(",\"diagnostics\":", o.fp);
        serve_diags_json(rq->srv, ctx, o.fp);
        fprintf(o.fp, ",\"solve_ms\":%.3f}\n", serve_now_ms() - t0);
        serve_out_finish(&o, rs, 200);
    }
    free(json);
    orf_econ_free(econ);
    orf_design_free(design);
    orf_flowsheet_free(fs);
    serve_call_end(rq, &c);
}

/* A JSON value as YAML text for the edit: a number or true/false as written, a string
 * double-quoted (JSON's escapes are YAML's). NULL when it is neither (an object, a list, null). */
static char *yaml_value(const orf_node *v)
{
    double x;
    if (!v || v->kind != ORF_NODE_SCALAR || serve_is_null(v))
        return NULL;
    if (!v->quoted && !orf_parse_number(v->str, &x) && strcmp(v->str, "true") &&
        strcmp(v->str, "false"))
        return NULL;
    if (!v->quoted)
        return strdup(v->str);
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        return NULL;
    serve_json_string(fp, v->str);
    if (fclose(fp)) {
        free(buf);
        return NULL;
    }
    return buf;
}

static const char *scalar_of(const orf_node *op, const char *key)
{
    const orf_node *n = orf_node_get(op, key);
    return n && n->kind == ORF_NODE_SCALAR && !serve_is_null(n) ? n->str : NULL;
}

/* POST /api/edit {"path"?, "text", "ops": [...]} -> {"text"} (oreflow/edit.h) */
void serve_api_edit(serve_req *rq, serve_resp *rs)
{
    orf_ctx *ctx = orf_cli_ctx_alloc();
    if (!ctx) {
        serve_resp_error(rs, 500, "out of memory");
        return;
    }
    orf_doc *doc = serve_body_doc(ctx, rq, rs);
    const orf_node *root = doc ? orf_doc_root(doc) : NULL;
    int bad = 0;
    const char *text = root ? serve_str(root, "text", &bad) : NULL;
    const char *rel = root ? serve_str(root, "path", &bad) : NULL;
    const orf_node *ops = root ? serve_field(root, "ops") : NULL;
    size_t n = ops && ops->kind == ORF_NODE_SEQ ? ops->n : 0;
    orf_edit_op *eo = n ? calloc(n, sizeof *eo) : NULL;
    orf_edit_kv *kv = NULL;
    char **vals = NULL; /* every value written (freed at the end) */
    size_t nkv = 0, nvals = 0, kvcap = 0;
    for (size_t i = 0; i < n && eo; i++)
        kvcap +=
            1 +
            (orf_node_get(ops->items[i], "params") ? orf_node_get(ops->items[i], "params")->n : 0);
    kv = kvcap ? calloc(kvcap, sizeof *kv) : NULL;
    vals = kvcap ? calloc(kvcap, sizeof *vals) : NULL;
    char err[256] = "";
    if (!doc)
        goto out;
    if (bad || !text || !ops || ops->kind != ORF_NODE_SEQ) {
        snprintf(err, sizeof err, "'text' (a string) and 'ops' (a list) are required");
        goto out;
    }
    if (n && (!eo || !kv || !vals)) {
        snprintf(err, sizeof err, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const orf_node *op = ops->items[i];
        const char *kind = scalar_of(op, "op");
        orf_edit_op *e = &eo[i];
        if (!kind) {
            snprintf(err, sizeof err, "ops[%zu]: no \"op\"", i);
            goto out;
        }
        if (!strcmp(kind, "set")) {
            e->kind = ORF_EDIT_SET;
            e->unit = scalar_of(op, "unit");
            e->param = scalar_of(op, "param");
            e->value = vals[nvals++] = yaml_value(orf_node_get(op, "value"));
            if (!e->unit || !e->param || !e->value) {
                snprintf(err, sizeof err,
                         "ops[%zu]: set needs \"unit\", \"param\" and a \"value\" (a number, "
                         "true/false or a string)",
                         i);
                goto out;
            }
        } else if (!strcmp(kind, "add_unit")) {
            e->kind = ORF_EDIT_ADD_UNIT;
            e->unit = scalar_of(op, "name");
            e->type = scalar_of(op, "type");
            const orf_node *pm = orf_node_get(op, "params");
            if (!e->unit || !e->type || (pm && !serve_is_null(pm) && pm->kind != ORF_NODE_MAP)) {
                snprintf(err, sizeof err,
                         "ops[%zu]: add_unit needs \"name\", \"type\" and optional \"params\" "
                         "(an object)",
                         i);
                goto out;
            }
            e->params = &kv[nkv];
            for (size_t k = 0; pm && pm->kind == ORF_NODE_MAP && k < pm->n; k++) {
                kv[nkv].key = pm->keys[k]->str;
                kv[nkv].value = vals[nvals++] = yaml_value(pm->items[k]);
                if (!kv[nkv].value) {
                    snprintf(err, sizeof err,
                             "ops[%zu]: params.%s: a number, true/false or a string", i,
                             pm->keys[k]->str);
                    goto out;
                }
                nkv++;
                e->nparams++;
            }
        } else if (!strcmp(kind, "delete_unit")) {
            e->kind = ORF_EDIT_DELETE_UNIT;
            e->unit = scalar_of(op, "name");
        } else if (!strcmp(kind, "connect")) {
            e->kind = ORF_EDIT_CONNECT;
            e->stream = scalar_of(op, "stream");
            e->from = scalar_of(op, "from");
            e->to = scalar_of(op, "to");
        } else {
            snprintf(err, sizeof err,
                     "ops[%zu]: unknown op '%s' (set, add_unit, delete_unit, connect)", i, kind);
            goto out;
        }
    }
    char *res = NULL;
    const char *name = rel                        ? rel
                       : rq->srv->default_file[0] ? rq->srv->default_file
                                                  : "untitled.yaml";
    orf_status st = orf_text_edit(ctx, name, text, eo, n, &res);
    serve_out o;
    if (serve_out_open(&o))
        snprintf(err, sizeof err, "out of memory");
    else if (st) {
        fputs("{\"error\":", o.fp);
        serve_json_string(o.fp, orf_ctx_diag_count(ctx) ? orf_ctx_diag_get(ctx, 0)->message
                                                        : orf_status_message(st));
        fputs(",\"diagnostics\":", o.fp);
        serve_diags_json(rq->srv, ctx, o.fp);
        fputs("}\n", o.fp);
        serve_out_finish(&o, rs, 400);
    } else {
        fputs("{\"text\":", o.fp);
        serve_json_string(o.fp, res);
        fputs("}\n", o.fp);
        serve_out_finish(&o, rs, 200);
    }
    orf_free(ctx, res);
out:
    if (err[0])
        serve_resp_error(rs, 400, "%s", err);
    for (size_t i = 0; i < nvals; i++)
        free(vals[i]);
    free(vals);
    free(kv);
    free(eo);
    orf_doc_free(doc);
    orf_ctx_free(ctx);
}

#endif
