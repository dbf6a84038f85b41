/* Build-time compiler of the data files (issue 20, goal 1; src/base/base_impl.h, orf__doc_blob):
 * parses each file given with the library's own YAML reader (src/base/yaml_doc.c, linked here
 * with an empty table of compiled files) and writes a C file holding, per file, its exact text and
 * its node tree, which orf_doc_load then takes for a file of exactly that text instead of parsing
 * it. A file that does not parse (or is empty) is left out: it is parsed, and its error reported,
 * at run time as always.
 *   datagen OUT.c DATA_DIR FILE...     (FILE relative to DATA_DIR, e.g. materials.yaml) */
#include "base/base_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const orf__doc_blob orf__doc_blobs[1];
const size_t orf__doc_nblobs = 0;

typedef struct {
    const orf_node **node; /* by index */
    size_t n, cap;
    const orf_node **seen; /* open-addressed set: node -> index + 1 in idx */
    size_t *idx;
    size_t scap;
    int32_t *rec;
    size_t nrec;
    int32_t *refs;
    size_t nrefs, rcap;
    char *str;
    size_t nstr, strcap;
} gen;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "datagen: out of memory\n");
        exit(1);
    }
    return q;
}

static int32_t add_str(gen *g, const char *s)
{
    if (!s)
        return -1;
    size_t k = strlen(s) + 1;
    while (g->nstr + k > g->strcap) {
        g->strcap = g->strcap ? 2 * g->strcap : 4096;
        g->str = xrealloc(g->str, g->strcap);
    }
    memcpy(g->str + g->nstr, s, k);
    g->nstr += k;
    return (int32_t)(g->nstr - k);
}

static size_t slot(gen *g, const orf_node *x)
{
    size_t h = ((uintptr_t)x >> 4) * 0x9E3779B97F4A7C15u % g->scap;
    while (g->seen[h] && g->seen[h] != x)
        h = (h + 1) % g->scap;
    return h;
}

/* index of x, numbering it (and queueing it) when new */
static int32_t number(gen *g, const orf_node *x)
{
    if (2 * (g->n + 1) > g->scap) { /* grow and rehash */
        size_t old = g->scap;
        const orf_node **os = g->seen;
        size_t *oi = g->idx;
        g->scap = old ? 2 * old : 1024;
        g->seen = calloc(g->scap, sizeof *g->seen);
        g->idx = calloc(g->scap, sizeof *g->idx);
        if (!g->seen || !g->idx)
            exit(1);
        for (size_t i = 0; i < old; i++)
            if (os[i]) {
                size_t h = slot(g, os[i]);
                g->seen[h] = os[i];
                g->idx[h] = oi[i];
            }
        free(os);
        free(oi);
    }
    size_t h = slot(g, x);
    if (g->seen[h])
        return (int32_t)g->idx[h];
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 1024;
        g->node = xrealloc(g->node, g->cap * sizeof *g->node);
    }
    g->seen[h] = x;
    g->idx[h] = g->n;
    g->node[g->n] = x;
    return (int32_t)g->n++;
}

static void add_ref(gen *g, int32_t r)
{
    if (g->nrefs == g->rcap) {
        g->rcap = g->rcap ? 2 * g->rcap : 1024;
        g->refs = xrealloc(g->refs, g->rcap * sizeof *g->refs);
    }
    g->refs[g->nrefs++] = r;
}

/* breadth-first: node i's record, its children numbered as they are met */
static void build(gen *g, const orf_node *root)
{
    number(g, root);
    for (size_t i = 0; i < g->n; i++) {
        const orf_node *x = g->node[i];
        g->rec = xrealloc(g->rec, (g->nrec + ORF__BLOB_NODE) * sizeof *g->rec);
        int32_t *r = g->rec + g->nrec;
        g->nrec += ORF__BLOB_NODE;
        r[0] = (int32_t)x->kind;
        r[1] = x->quoted;
        r[2] = x->loc.line;
        r[3] = x->loc.col;
        r[4] = add_str(g, x->tag);
        r[5] = add_str(g, x->str);
        r[6] = (int32_t)x->n;
        r[7] = -1;
        if (x->kind == ORF_NODE_SCALAR || x->n == 0)
            continue;
        int32_t first = (int32_t)g->nrefs;
        for (size_t k = 0; k < x->n; k++)
            add_ref(g, 0);
        if (x->kind == ORF_NODE_MAP)
            for (size_t k = 0; k < x->n; k++)
                add_ref(g, 0);
        g->rec[g->nrec - ORF__BLOB_NODE + 7] = first;
        for (size_t k = 0; k < x->n; k++)
            g->refs[first + (int32_t)k] = number(g, x->items[k]);
        if (x->kind == ORF_NODE_MAP)
            for (size_t k = 0; k < x->n; k++)
                g->refs[first + (int32_t)(x->n + k)] = number(g, x->keys[k]);
    }
}

static void put_bytes(FILE *out, const char *name, const char *p, size_t n)
{
    fprintf(out, "static const char %s[] = {", name);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%d,", i % 24 ? "" : "\n", (int)(signed char)p[i]);
    fprintf(out, "0};\n");
}

static void put_ints(FILE *out, const char *name, const int32_t *p, size_t n)
{
    fprintf(out, "static const int32_t %s[] = {", name);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%ld,", i % 16 ? "" : "\n", (long)p[i]);
    fprintf(out, "0};\n");
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: datagen OUT.c DATA_DIR FILE...\n");
        return 2;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *out = fopen(tmp, "w");
    if (!out)
        return 1;
    fprintf(out, "/* Generated by scripts/datagen.c from the data files: do not edit. */\n"
                 "#include \"base/base_impl.h\"\n\n");
    orf_ctx *ctx = orf_ctx_alloc_bare(NULL, NULL);
    if (!ctx)
        return 1;
    size_t nb = 0;
    char entries[64][512];
    for (int a = 3; a < argc && nb < 64; a++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[2], argv[a]);
        const char *text;
        size_t len;
        orf_doc *doc = NULL;
        if (orf_input_read(ctx, path, &text, &len) ||
            orf__doc_parse_string(ctx, path, text, len, &doc)) {
            fprintf(stderr, "datagen: %s left out (it does not parse)\n", argv[a]);
            continue;
        }
        const orf_node *root = orf_doc_root(doc);
        if (root->kind != ORF_NODE_SCALAR && root->n == 0) {
            orf_doc_free(doc);
            continue;
        }
        gen g = {0};
        build(&g, root);
        char nm[32];
        snprintf(nm, sizeof nm, "t%zu", nb);
        put_bytes(out, nm, text, len);
        snprintf(nm, sizeof nm, "s%zu", nb);
        put_bytes(out, nm, g.str ? g.str : "", g.nstr);
        snprintf(nm, sizeof nm, "n%zu", nb);
        put_ints(out, nm, g.rec, g.nrec);
        snprintf(nm, sizeof nm, "r%zu", nb);
        put_ints(out, nm, g.refs, g.nrefs);
        snprintf(entries[nb], sizeof entries[nb], "{\"%s\", t%zu, %zu, n%zu, %zu, r%zu, %zu, s%zu}",
                 argv[a], nb, len, nb, g.n, nb, g.nrefs, nb);
        nb++;
        free(g.node);
        free(g.seen);
        free(g.idx);
        free(g.rec);
        free(g.refs);
        free(g.str);
        orf_doc_free(doc);
    }
    fprintf(out, "\nconst orf__doc_blob orf__doc_blobs[] = {\n");
    for (size_t i = 0; i < nb; i++)
        fprintf(out, "    %s,\n", entries[i]);
    if (!nb)
        fprintf(out, "    {0},\n");
    fprintf(out, "};\nconst size_t orf__doc_nblobs = %zu;\n", nb);
    orf_ctx_free(ctx);
    if (fclose(out) != 0 || rename(tmp, argv[1]) != 0)
        return 1;
    return 0;
}
