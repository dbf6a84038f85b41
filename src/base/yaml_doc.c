/* YAML documents as trees of located nodes, parsed with libyaml's event API.
 * Aliases are resolved to the anchored node (shared, read-only). A file whose text is exactly that
 * of a data file compiled into the library takes its compiled tree (base_impl.h, orf__doc_blob)
 * instead of being parsed: orf_doc_load and orf_doc_load_string alike (the chemistry's second
 * reading of materials.yaml goes through the latter). */
#include "base_impl.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct orf_doc {
    orf__arena arena;
    orf_ctx *ctx;
    orf_node *root;
    char *text;
    size_t len;
    const char *file;
};

typedef struct anchor {
    const char *name;
    orf_node *node;
    struct anchor *next;
} anchor;

typedef struct builder {
    orf_doc *doc;
    yaml_parser_t parser;
    anchor *anchors;
    orf_node **stack; /* children of the open collections (build_collection) */
    size_t n, cap;
} builder;

static orf_loc mark_loc(const orf_doc *doc, yaml_mark_t m)
{
    orf_loc l = {doc->file, (int)m.line + 1, (int)m.column + 1};
    return l;
}

static orf_status parse_error(builder *b)
{
    orf_doc *doc = b->doc;
    yaml_parser_t *p = &b->parser;
    orf_loc l = mark_loc(doc, p->problem_mark);
    if (p->error == YAML_MEMORY_ERROR)
        return orf_diag_emit(doc->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory parsing YAML");
    if (p->context)
        return orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &l, NULL, "YAML syntax error: %s %s",
                             p->problem ? p->problem : "", p->context);
    return orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &l, NULL, "YAML syntax error: %s",
                         p->problem ? p->problem : "unknown");
}

/* The children of the collections being built, on one stack shared by every level (a map's keys
 * and values alternate): a collection pushes its children, then moves them into an array of
 * exactly their number in the arena and pops them. One growing buffer for the whole document, not
 * one per collection. */
static int stack_push(builder *b, orf_node *x)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        orf_node **v = orf_realloc(b->doc->ctx, b->stack, cap * sizeof *v);
        if (!v)
            return -1;
        b->stack = v;
        b->cap = cap;
    }
    b->stack[b->n++] = x;
    return 0;
}

/* an empty collection's items (never written through) */
static orf_node *no_items[1];

static orf_status build_node(builder *b, yaml_event_t *ev, orf_node **out, int depth);

static orf_status remember_anchor(builder *b, const yaml_char_t *name, orf_node *n)
{
    if (!name)
        return ORF_OK;
    anchor *a = orf__arena_take(&b->doc->arena, sizeof *a, _Alignof(anchor));
    if (!a)
        return ORF_E_NOMEM;
    a->name = orf__arena_strdup(&b->doc->arena, (const char *)name);
    if (!a->name)
        return ORF_E_NOMEM;
    a->node = n;
    a->next = b->anchors;
    b->anchors = a;
    return ORF_OK;
}

static orf_status build_collection(builder *b, yaml_event_t *start, orf_node *n, int depth)
{
    orf_doc *doc = b->doc;
    int is_map = start->type == YAML_MAPPING_START_EVENT;
    yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
    size_t base = b->n; /* this collection's children are stack[base..] */
    orf_status st = ORF_OK;
    int duplicate = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&b->parser, &ev)) {
            st = parse_error(b);
            break;
        }
        if (ev.type == end) {
            yaml_event_delete(&ev);
            break;
        }
        orf_node *child = NULL;
        st = build_node(b, &ev, &child, depth + 1);
        yaml_event_delete(&ev);
        if (st)
            break;
        if (is_map && (b->n - base) % 2 == 0) {
            if (child->kind != ORF_NODE_SCALAR) {
                st = orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &child->loc, NULL,
                                   "a mapping key must be a plain name, not a list or mapping");
                break;
            }
            for (size_t i = base; i < b->n; i += 2) {
                if (strcmp(b->stack[i]->str, child->str) == 0) {
                    orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &child->loc, NULL,
                                  "duplicate key '%s' (first given at line %d)", child->str,
                                  b->stack[i]->loc.line);
                    duplicate = 1;
                }
            }
        }
        if (stack_push(b, child)) {
            st = ORF_E_NOMEM;
            break;
        }
    }
    if (!st && duplicate)
        st = ORF_E_SYNTAX;
    if (!st) {
        size_t count = b->n - base, nv = is_map ? count / 2 : count;
        n->n = nv;
        if (!count) {
            n->items = no_items;
            n->keys = is_map ? no_items : NULL;
        } else if (!(n->items = orf__arena_take(&doc->arena, count * sizeof *n->items,
                                                _Alignof(orf_node *)))) {
            st = ORF_E_NOMEM;
        } else if (is_map) {
            n->keys = n->items + nv; /* one array: the values, then the keys */
            for (size_t i = 0; i < nv; i++) {
                n->keys[i] = b->stack[base + 2 * i];
                n->items[i] = b->stack[base + 2 * i + 1];
            }
        } else {
            memcpy(n->items, b->stack + base, count * sizeof *n->items);
        }
    }
    b->n = base;
    if (st == ORF_E_NOMEM)
        orf_diag_emit(doc->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory reading YAML");
    return st;
}

static orf_status build_node(builder *b, yaml_event_t *ev, orf_node **out, int depth)
{
    orf_doc *doc = b->doc;
    orf_loc loc = mark_loc(doc, ev->start_mark);
    if (depth > 200)
        return orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &loc, NULL, "YAML nested too deeply");
    if (ev->type == YAML_ALIAS_EVENT) {
        for (anchor *a = b->anchors; a; a = a->next) {
            if (strcmp(a->name, (const char *)ev->data.alias.anchor) == 0) {
                *out = a->node;
                return ORF_OK;
            }
        }
        return orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &loc, NULL, "unknown YAML alias '*%s'",
                             (const char *)ev->data.alias.anchor);
    }
    /* written whole here: the arena's memory is not zeroed first */
    orf_node *n = orf__arena_take(&doc->arena, sizeof *n, _Alignof(orf_node));
    if (!n)
        return orf_diag_emit(doc->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory reading YAML");
    *n = (orf_node){.loc = loc};
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        n->kind = ORF_NODE_SCALAR;
        n->str = orf__arena_strdup(&doc->arena, (const char *)ev->data.scalar.value);
        n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
        if (ev->data.scalar.tag &&
            !(n->tag = orf__arena_strdup(&doc->arena, (const char *)ev->data.scalar.tag)))
            return orf_diag_emit(doc->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        if (!n->str)
            return orf_diag_emit(doc->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        *out = n;
        return remember_anchor(b, ev->data.scalar.anchor, n);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        n->kind = ev->type == YAML_MAPPING_START_EVENT ? ORF_NODE_MAP : ORF_NODE_SEQ;
        const yaml_char_t *anc = ev->type == YAML_MAPPING_START_EVENT
                                     ? ev->data.mapping_start.anchor
                                     : ev->data.sequence_start.anchor;
        orf_status st = remember_anchor(b, anc, n);
        if (st)
            return st;
        st = build_collection(b, ev, n, depth);
        if (st)
            return st;
        *out = n;
        return ORF_OK;
    }
    default:
        return orf_diag_emit(doc->ctx, ORF_E_SYNTAX, &loc, NULL, "unexpected YAML event");
    }
}

orf_status orf__doc_parse_string(orf_ctx *ctx, const char *name, const char *text, size_t len,
                                 orf_doc **out)
{
    *out = NULL;
    orf_doc *doc = orf_calloc(ctx, 1, sizeof *doc);
    if (!doc)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    doc->ctx = ctx;
    orf__arena_init(&doc->arena, ctx);
    doc->file = orf_ctx_strdup(ctx, name);
    doc->text = len < (size_t)-1 ? orf__arena_take(&doc->arena, len + 1, 1) : NULL;
    if (!doc->text || !doc->file) {
        orf_doc_free(doc);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;

    builder b = {doc, {0}, NULL, NULL, 0, 0};
    if (!yaml_parser_initialize(&b.parser)) {
        orf_doc_free(doc);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory (libyaml)");
    }
    yaml_parser_set_input_string(&b.parser, (const unsigned char *)doc->text, len);
    orf_status st = ORF_OK;
    int done = 0, ndocs = 0;
    while (!done && !st) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&b.parser, &ev)) {
            st = parse_error(&b);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++ndocs > 1) {
                orf_loc l = mark_loc(doc, ev.start_mark);
                st = orf_diag_emit(ctx, ORF_E_SYNTAX, &l, NULL,
                                   "only one YAML document per file is expected");
            }
            break;
        case YAML_SCALAR_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
        case YAML_ALIAS_EVENT:
            st = build_node(&b, &ev, &doc->root, 0);
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&b.parser);
    orf_free(ctx, b.stack);
    if (st) {
        orf_doc_free(doc);
        return st;
    }
    if (!doc->root) {
        doc->root = orf__arena_alloc(&doc->arena, sizeof *doc->root);
        if (!doc->root) {
            orf_doc_free(doc);
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        }
        doc->root->kind = ORF_NODE_MAP;
        doc->root->loc = (orf_loc){doc->file, 1, 1};
        doc->root->items = NULL;
    }
    *out = doc;
    return ORF_OK;
}

const orf__doc_blob *orf__doc_blob_find(const char *text, size_t len)
{
    for (size_t i = 0; i < orf__doc_nblobs; i++)
        if (orf__doc_blobs[i].len == len && memcmp(orf__doc_blobs[i].text, text, len) == 0)
            return &orf__doc_blobs[i];
    return NULL;
}

/* The document of a compiled data file (base_impl.h): its nodes and child arrays taken in the
 * arena and linked as the parser would have built them; the texts stay in the library. */
static orf_status doc_from_blob(orf_ctx *ctx, const char *path, const char *text, size_t len,
                                const orf__doc_blob *bl, orf_doc **out)
{
    *out = NULL;
    orf_doc *doc = orf_calloc(ctx, 1, sizeof *doc);
    if (!doc)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    doc->ctx = ctx;
    orf__arena_init(&doc->arena, ctx);
    doc->file = orf_ctx_strdup(ctx, path);
    doc->text = orf__arena_take(&doc->arena, len + 1, 1);
    orf_node *nodes = orf__arena_take(&doc->arena, bl->nnodes * sizeof *nodes, _Alignof(orf_node));
    orf_node **refs = orf__arena_take(&doc->arena, (bl->nrefs ? bl->nrefs : 1) * sizeof *refs,
                                      _Alignof(orf_node *));
    if (!doc->file || !doc->text || !nodes || !refs) {
        orf_doc_free(doc);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    memcpy(doc->text, text, len); /* as the parser's: the caller's text may not outlive it */
    doc->text[len] = '\0';
    doc->len = len;
    for (size_t i = 0; i < bl->nrefs; i++)
        refs[i] = nodes + bl->refs[i];
    for (size_t i = 0; i < bl->nnodes; i++) {
        const int32_t *r = bl->nodes + ORF__BLOB_NODE * i;
        orf_node *n = nodes + i;
        *n = (orf_node){.kind = (orf_node_kind)r[0],
                        .quoted = r[1],
                        .loc = {doc->file, r[2], r[3]},
                        .tag = r[4] >= 0 ? bl->strings + r[4] : NULL,
                        .str = r[5] >= 0 ? bl->strings + r[5] : NULL,
                        .n = (size_t)r[6]};
        if (n->kind != ORF_NODE_SCALAR) {
            n->items = r[7] >= 0 ? refs + r[7] : no_items;
            n->keys = n->kind == ORF_NODE_MAP ? (r[7] >= 0 ? n->items + n->n : no_items) : NULL;
        }
    }
    doc->root = nodes;
    *out = doc;
    return ORF_OK;
}

orf_status orf_doc_load_string(orf_ctx *ctx, const char *name, const char *text, size_t len,
                               orf_doc **out)
{
    const orf__doc_blob *bl = orf__doc_blob_find(text, len);
    return bl ? doc_from_blob(ctx, name, text, len, bl, out)
              : orf__doc_parse_string(ctx, name, text, len, out);
}

orf_status orf_doc_load(orf_ctx *ctx, const char *path, orf_doc **out)
{
    *out = NULL;
    const char *text;
    size_t len;
    orf_status st = orf_input_read(ctx, path, &text, &len);
    return st ? st : orf_doc_load_string(ctx, path, text, len, out);
}

void orf_doc_free(orf_doc *doc)
{
    if (!doc)
        return;
    orf_ctx *ctx = doc->ctx;
    orf__arena_fini(&doc->arena);
    orf_free(ctx, doc);
}

const orf_node *orf_doc_root(const orf_doc *doc)
{
    return doc->root;
}
const char *orf_doc_text(const orf_doc *doc)
{
    return doc->text;
}

const orf_node *orf_node_get(const orf_node *map, const char *key)
{
    if (!map || map->kind != ORF_NODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->str, key) == 0)
            return map->items[i];
    return NULL;
}

const orf_node *orf_node_key(const orf_node *map, const char *key)
{
    if (!map || map->kind != ORF_NODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i]->str, key) == 0)
            return map->keys[i];
    return NULL;
}

int orf_parse_number(const char *s, double *out)
{
    if (!s || !*s)
        return 0;
    if (!strcmp(s, ".inf") || !strcmp(s, ".nan") || !strcmp(s, "-.inf"))
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return 0;
    /* reject hex floats, "inf", "nan" spelled out by strtod */
    for (const char *c = s; *c; c++)
        if (!strchr("0123456789+-.eE_", *c))
            return 0;
    *out = v;
    return 1;
}

static const char *kind_name(orf_node_kind k)
{
    return k == ORF_NODE_SCALAR ? "a value" : k == ORF_NODE_SEQ ? "a list" : "a mapping";
}

orf_status orf_node_expect(orf_ctx *ctx, const orf_node *n, orf_node_kind kind, const char *what)
{
    if (n && n->kind == kind)
        return ORF_OK;
    if (!n)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "%s is missing", what);
    return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s: expected %s, found %s", what,
                         kind_name(kind), kind_name(n->kind));
}

orf_status orf_node_number(orf_ctx *ctx, const orf_node *n, const char *what, double *out)
{
    orf_status st = orf_node_expect(ctx, n, ORF_NODE_SCALAR, what);
    if (st)
        return st;
    if (n->quoted || !orf_parse_number(n->str, out))
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s: expected a number, found '%s'",
                             what, n->str);
    return ORF_OK;
}

orf_status orf_node_int(orf_ctx *ctx, const orf_node *n, const char *what, long *out)
{
    double v;
    orf_status st = orf_node_number(ctx, n, what, &v);
    if (st)
        return st;
    if (v != floor(v) || fabs(v) > 1e15)
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL,
                             "%s: expected a whole number, found '%s'", what, n->str);
    *out = (long)v;
    return ORF_OK;
}

orf_status orf_node_string(orf_ctx *ctx, const orf_node *n, const char *what, const char **out)
{
    orf_status st = orf_node_expect(ctx, n, ORF_NODE_SCALAR, what);
    if (st)
        return st;
    if (!*n->str)
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s: expected a name, found nothing",
                             what);
    *out = n->str;
    return ORF_OK;
}

orf_status orf_node_bool(orf_ctx *ctx, const orf_node *n, const char *what, int *out)
{
    orf_status st = orf_node_expect(ctx, n, ORF_NODE_SCALAR, what);
    if (st)
        return st;
    if (!strcmp(n->str, "true") || !strcmp(n->str, "yes") || !strcmp(n->str, "on")) {
        *out = 1;
        return ORF_OK;
    }
    if (!strcmp(n->str, "false") || !strcmp(n->str, "no") || !strcmp(n->str, "off")) {
        *out = 0;
        return ORF_OK;
    }
    return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s: expected true or false, found '%s'",
                         what, n->str);
}

orf_status orf_node_check_keys(orf_ctx *ctx, const orf_node *map, const char *const *allowed,
                               const char *what)
{
    orf_status st = ORF_OK;
    if (!map || map->kind != ORF_NODE_MAP)
        return ORF_OK;
    size_t nallowed = 0;
    while (allowed[nallowed])
        nallowed++;
    for (size_t i = 0; i < map->n; i++) {
        int ok = 0;
        for (size_t j = 0; j < nallowed; j++)
            if (!strcmp(map->keys[i]->str, allowed[j]))
                ok = 1;
        if (!ok) {
            st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &map->keys[i]->loc, NULL,
                               "unknown key '%s' in %s", map->keys[i]->str, what);
            orf_diag_hint_nearest(ctx, map->keys[i]->str, allowed, nallowed);
        }
    }
    return st;
}
