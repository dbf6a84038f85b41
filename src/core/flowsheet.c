/* The flowsheet object: loading a document (the YAML format of docs/format.md) in its stages —
 * system (load_system.c), units and streams (load_units.c), options (load_options.c), design specs
 * (specs.c), then the plan (planner.c) — freeing it, and its accessors. Every check reports
 * file:line:column and collects as many errors as it can find. */
#include "flowsheet_impl.h"

#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#define MAX_PATH 4096

static const char *const TOP_KEYS[] = {"name",
                                       "description",
                                       "materials_db",
                                       "materials",
                                       "valuable",
                                       "sizes",
                                       "composition_classes",
                                       "feeds",
                                       "units",
                                       "specs",
                                       "solver",
                                       "report",
                                       "economics",
                                       "schedule",
                                       "uncertainty",
                                       "measurements",
                                       "notes",
                                       "scenarios",
                                       "design",
                                       "optimize",
                                       NULL};

orf_status orf__fs_oom(orf_ctx *ctx)
{
    return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
}

void *orf__fs_alloc(orf_flowsheet *fs, size_t n, size_t size)
{
    if (size && n > ((size_t)-1 >> 2) / size)
        return NULL;
    return orf__arena_alloc(&fs->arena, (n ? n : 1) * size);
}

/* ---- load ------------------------------------------------------------------------------------ */

static orf_status load_doc(orf_flowsheet *fs, const char *base_dir)
{
    orf_ctx *ctx = fs->ctx;
    const orf_node *root = orf_doc_root(fs->doc);
    if (orf_node_expect(ctx, root, ORF_NODE_MAP, "the flowsheet file"))
        return ORF_E_INPUT;
    /* plant data (docs/reconcile.md) given where a flowsheet belongs: say so, once */
    if (orf_node_get(root, "flowsheet") && orf_node_get(root, "streams") &&
        !orf_node_get(root, "units"))
        return orf_diag_emit(ctx, ORF_E_INPUT, &root->loc, NULL,
                             "this is a plant-data file (it names a 'flowsheet' and its measured "
                             "'streams'), not a flowsheet: use `oreflow reconcile FLOWSHEET DATA`");
    orf_status st = orf_node_check_keys(ctx, root, TOP_KEYS, "the flowsheet");
    const orf_node *nn = orf_node_get(root, "name");
    fs->name = nn && nn->kind == ORF_NODE_SCALAR ? nn->str : fs->path;

    /* the default database, then the flowsheet's materials_db over it (docs/format.md) */
    char dbpath[MAX_PATH];
    snprintf(dbpath, sizeof dbpath, "%s/materials.yaml", orf_data_dir());
    if (orf_matdb_load(ctx, dbpath, &fs->db))
        return ORF_E_INPUT;
    const orf_node *dbn = orf_node_get(root, "materials_db");
    if (dbn) {
        const char *p;
        if (orf_node_string(ctx, dbn, "materials_db", &p))
            return ORF_E_INPUT;
        if (p[0] == '/' || !base_dir)
            snprintf(dbpath, sizeof dbpath, "%s", p);
        else
            snprintf(dbpath, sizeof dbpath, "%s/%s", base_dir, p);
        /* a path relative to the flowsheet; else relative to the working directory */
        FILE *f = fopen(dbpath, "r");
        if (!f && strcmp(dbpath, p)) {
            snprintf(dbpath, sizeof dbpath, "%s", p);
            f = fopen(dbpath, "r");
        }
        if (!f)
            return orf_diag_emit(ctx, ORF_E_INPUT, &dbn->loc, NULL,
                                 "materials_db: cannot open '%s' (a path relative to the "
                                 "flowsheet's directory or the working directory)",
                                 p);
        fclose(f);
        if (orf_matdb_extend(fs->db, dbpath))
            return ORF_E_INPUT;
    }
    if (orf__load_system(fs, root))
        return ORF_E_INPUT;
    if ((st = orf__load_units(fs, root, st)))
        return st;
    if (orf__load_solver(fs, root) | orf__load_report(fs, root) | orf__load_specs(fs, root))
        return ORF_E_INPUT;
    return orf__flowsheet_plan(fs);
}

static orf_status load_common(orf_ctx *ctx, const char *path, orf_doc *doc, orf_flowsheet **out)
{
    *out = NULL;
    orf_flowsheet *fs = orf_calloc(ctx, 1, sizeof *fs);
    if (!fs) {
        orf_doc_free(doc);
        return orf__fs_oom(ctx);
    }
    fs->ctx = ctx;
    orf__arena_init(&fs->arena, ctx);
    fs->doc = doc;
    fs->path = orf_ctx_strdup(ctx, path);
    if (!fs->path) {
        orf_flowsheet_free(fs);
        return orf__fs_oom(ctx);
    }
    char tmp[MAX_PATH];
    snprintf(tmp, sizeof tmp, "%s", path);
    const char *dir = dirname(tmp);
    size_t oom0 = ctx->noom;
    orf_status st = load_doc(fs, dir);
    if (st) {
        orf_flowsheet_free(fs);
        /* a refused allocation anywhere (a unit's setup, the materials database) is the cause,
         * whatever status the layer that saw it chose */
        if (ctx->noom != oom0)
            return ORF_E_NOMEM;
        return st < 0 ? st : ORF_E_INPUT;
    }
    *out = fs;
    return ORF_OK;
}

orf_status orf_flowsheet_load(orf_ctx *ctx, const char *path, orf_flowsheet **out)
{
    orf_doc *doc;
    *out = NULL;
    orf_status st = orf_doc_load(ctx, path, &doc);
    if (st)
        return st;
    return load_common(ctx, path, doc, out);
}

orf_status orf_flowsheet_load_string(orf_ctx *ctx, const char *name, const char *text,
                                     orf_flowsheet **out)
{
    orf_doc *doc;
    *out = NULL;
    orf_status st = orf_doc_load_string(ctx, name, text, strlen(text), &doc);
    if (st)
        return st;
    return load_common(ctx, name, doc, out);
}

void orf_flowsheet_free(orf_flowsheet *fs)
{
    if (!fs)
        return;
    orf_ctx *ctx = fs->ctx;
    for (size_t i = 0; i < fs->nunits; i++) {
        orf_unit *u = &fs->units[i];
        if (u->type && u->type->teardown && u->state)
            u->type->teardown(u, ctx);
    }
    orf_free(ctx, fs->wk);
    orf_free(ctx, fs->hist);
    orf_free(ctx, fs->accel_idx);
    orf_free(ctx, fs->accel_nz);
    orf_matdb_free(fs->db);
    orf_doc_free(fs->doc);
    orf__arena_fini(&fs->arena);
    orf_free(ctx, fs);
}

/* ---- accessors ------------------------------------------------------------------------------- */

const char *orf_flowsheet_name(const orf_flowsheet *fs)
{
    return fs->name;
}
const char *orf_flowsheet_path(const orf_flowsheet *fs)
{
    return fs->path;
}
const orf_system *orf_flowsheet_system(const orf_flowsheet *fs)
{
    return &fs->sys;
}
orf_ctx *orf_flowsheet_ctx(const orf_flowsheet *fs)
{
    return fs->ctx;
}
const orf_node *orf_flowsheet_section(const orf_flowsheet *fs, const char *key)
{
    return orf_node_get(orf_doc_root(fs->doc), key);
}
size_t orf_flowsheet_stream_count(const orf_flowsheet *fs)
{
    return fs->nstreams;
}
orf_stream *orf_flowsheet_stream(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nstreams ? &fs->streams[i] : NULL;
}
int orf_flowsheet_stream_index(const orf_flowsheet *fs, const char *name)
{
    return orf__names_find(&fs->stream_names, name);
}
int orf_flowsheet_stream_source(const orf_flowsheet *fs, size_t i, int *port)
{
    if (port)
        *port = fs->src_port[i];
    return fs->src_unit[i];
}
int orf_flowsheet_stream_sink(const orf_flowsheet *fs, size_t i, int *port)
{
    if (port)
        *port = fs->dst_port[i];
    return fs->dst_unit[i];
}
size_t orf_flowsheet_unit_count(const orf_flowsheet *fs)
{
    return fs->nunits;
}
orf_unit *orf_flowsheet_unit(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nunits ? &fs->units[i] : NULL;
}
int orf_flowsheet_unit_index(const orf_flowsheet *fs, const char *name)
{
    return orf__names_find(&fs->unit_names, name);
}

/* ---- name tables ---- */

/* FNV-1a, 64 bits (Fowler, Noll, Vo) */
static uint64_t name_hash(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

orf_status orf__names_init(orf_flowsheet *fs, orf__names *t, size_t n)
{
    size_t cap = 16;
    while (cap < n + n / 2) { /* load factor at most 2/3 */
        if (cap > SIZE_MAX / 4)
            return orf__fs_oom(fs->ctx);
        cap *= 2;
    }
    t->key = orf__fs_alloc(fs, cap, sizeof *t->key);
    t->idx = orf__fs_alloc(fs, cap, sizeof *t->idx);
    if (!t->key || !t->idx) {
        t->cap = 0;
        return orf__fs_oom(fs->ctx);
    }
    t->cap = cap;
    return ORF_OK;
}

/* the slot holding name, or the empty slot where it belongs */
static size_t names_slot(const orf__names *t, const char *name)
{
    size_t mask = t->cap - 1, i = (size_t)name_hash(name) & mask;
    while (t->key[i] && strcmp(t->key[i], name))
        i = (i + 1) & mask;
    return i;
}

int orf__names_find(const orf__names *t, const char *name)
{
    if (!t->cap || !name)
        return -1;
    size_t i = names_slot(t, name);
    return t->key[i] ? t->idx[i] : -1;
}

int orf__names_add(orf__names *t, const char *name, int idx)
{
    size_t i = names_slot(t, name);
    if (t->key[i])
        return t->idx[i];
    t->key[i] = name;
    t->idx[i] = idx;
    return -1;
}
size_t orf_flowsheet_assay_count(const orf_flowsheet *fs)
{
    return fs->nassays;
}
const char *orf_flowsheet_assay_name(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nassays ? fs->assays[i] : NULL;
}
orf_solver_opts orf_flowsheet_solver_opts(const orf_flowsheet *fs)
{
    return fs->opts;
}
void orf_flowsheet_set_solver_opts(orf_flowsheet *fs, const orf_solver_opts *o)
{
    fs->opts = *o;
}
size_t orf_flowsheet_spec_count(const orf_flowsheet *fs)
{
    return fs->nspecs;
}
const orf_spec_info *orf_flowsheet_spec(const orf_flowsheet *fs, size_t i)
{
    return i < fs->nspecs ? &fs->specs[i].info : NULL;
}

double *orf_flowsheet_param_ref(orf_flowsheet *fs, const char *unit, const char *param)
{
    int ui = orf_flowsheet_unit_index(fs, unit);
    if (ui < 0 && strcmp(unit, "specs") == 0) { /* a design spec's switch: specs.NAME.enabled */
        const char *dot = strrchr(param, '.');
        if (!dot || strcmp(dot, ".enabled") != 0)
            return NULL;
        for (size_t i = 0; i < fs->nspecs; i++)
            if (strlen(fs->specs[i].info.name) == (size_t)(dot - param) &&
                strncmp(fs->specs[i].info.name, param, (size_t)(dot - param)) == 0)
                return &fs->specs[i].enabled;
        return NULL;
    }
    if (ui < 0)
        return NULL;
    orf_unit *u = &fs->units[ui];
    int pi = orf_unit_param_index(u->type, param);
    if (pi >= 0 && u->type->params[pi].kind == ORF_PARAM_NUMBER)
        return &u->p[pi];
    if (u->type->param_ref)
        return u->type->param_ref(u, param);
    return NULL;
}

double *orf_flowsheet_spec_switch(orf_flowsheet *fs, size_t i)
{
    return i < fs->nspecs ? &fs->specs[i].enabled : NULL;
}

const orf_param_def *orf_flowsheet_param_def(const orf_flowsheet *fs, const char *unit,
                                             const char *param)
{
    int ui = orf_flowsheet_unit_index(fs, unit);
    const orf_unit_type *t = ui >= 0 ? fs->units[ui].type : NULL;
    const char *end = strchr(param, '.');
    size_t nl = end ? (size_t)(end - param) : strlen(param);
    for (size_t i = 0; t && i < t->nparams; i++)
        if (strlen(t->params[i].name) == nl && strncmp(t->params[i].name, param, nl) == 0 &&
            (!end || t->params[i].kind == ORF_PARAM_TABLE))
            return &t->params[i];
    return NULL;
}

size_t orf_flowsheet_state_size(const orf_flowsheet *fs)
{
    return fs->nstreams * fs->sys.nvar;
}
void orf_flowsheet_state_save(const orf_flowsheet *fs, double *buf)
{
    memcpy(buf, fs->block, orf_flowsheet_state_size(fs) * sizeof *buf);
}
void orf_flowsheet_state_restore(orf_flowsheet *fs, const double *buf)
{
    memcpy(fs->block, buf, orf_flowsheet_state_size(fs) * sizeof *buf);
}
void orf_flowsheet_reset(orf_flowsheet *fs)
{
    for (size_t i = 0; i < fs->nstreams; i++)
        orf_stream_zero(&fs->streams[i]);
}

const char *orf_flowsheet_valuable_element(const orf_flowsheet *fs)
{
    return fs->valuable_element;
}
size_t orf_flowsheet_product_count(const orf_flowsheet *fs)
{
    return fs->nreport_streams;
}
int orf_flowsheet_product(const orf_flowsheet *fs, size_t k)
{
    return k < fs->nreport_streams ? fs->report_streams[k] : -1;
}
size_t orf_flowsheet_tear_count(const orf_flowsheet *fs)
{
    return fs->ntears;
}
const orf_tear_info *orf_flowsheet_tear(const orf_flowsheet *fs, size_t k)
{
    return k < fs->ntears ? &fs->tear_info[k] : NULL;
}
const orf_stream *const *orf_flowsheet_unit_inlets(const orf_flowsheet *fs, size_t i)
{
    return fs->uin[i];
}
const orf_stream *const *orf_flowsheet_unit_outlets(const orf_flowsheet *fs, size_t i)
{
    return (const orf_stream *const *)fs->uout[i];
}
