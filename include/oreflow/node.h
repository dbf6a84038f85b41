/* oreflow — a parsed YAML document as a tree of located nodes.
 *
 * Every node remembers file:line:column so that any later check (a unit's parameter, a
 * material name, a distribution) can report where the bad value sits. Documents are parsed with
 * libyaml. Ownership: a document owns all its nodes and strings; orf_doc_free releases them.
 */
#ifndef OREFLOW_NODE_H
#define OREFLOW_NODE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { ORF_NODE_SCALAR, ORF_NODE_SEQ, ORF_NODE_MAP } orf_node_kind;

typedef struct orf_node orf_node;
struct orf_node {
    orf_node_kind kind;
    int quoted; /* SCALAR: written in quotes (so "1" is a string, not a number) */
    orf_loc loc;
    const char *tag;  /* explicit YAML tag or NULL */
    const char *str;  /* SCALAR: the text */
    size_t n;         /* SEQ/MAP: number of items / pairs */
    orf_node **items; /* SEQ: items; MAP: values */
    orf_node **keys;  /* MAP: keys (scalars) */
};

typedef struct orf_doc orf_doc;

/* Parse a YAML file. On syntax error emits file:line:col and returns ORF_E_SYNTAX (or ORF_E_IO);
 * *out is then NULL. */
ORF_API orf_status orf_doc_load(orf_ctx *ctx, const char *path, orf_doc **out);
/* Parse YAML text held in memory; `name` is used as the file name in diagnostics. */
ORF_API orf_status orf_doc_load_string(orf_ctx *ctx, const char *name, const char *text, size_t len,
                                       orf_doc **out);
ORF_API void orf_doc_free(orf_doc *doc);
/* Root node (borrowed); an empty document gives an empty map. */
ORF_API const orf_node *orf_doc_root(const orf_doc *doc);
/* Text of the file (borrowed) — used to echo the source line under a diagnostic. */
ORF_API const char *orf_doc_text(const orf_doc *doc);

/* Lookups (borrowed results, NULL when absent or when `map` is not a map). */
ORF_API const orf_node *orf_node_get(const orf_node *map, const char *key);
ORF_API const orf_node *orf_node_key(const orf_node *map,
                                     const char *key); /* the key node itself */

/* Typed reads with located diagnostics. Each returns ORF_OK or emits and returns an error.
 * `what` names the value in the message ("parameter 'd50c_um' of unit 'cyc1'"). */
ORF_API orf_status orf_node_number(orf_ctx *ctx, const orf_node *n, const char *what, double *out);
ORF_API orf_status orf_node_int(orf_ctx *ctx, const orf_node *n, const char *what, long *out);
ORF_API orf_status orf_node_string(orf_ctx *ctx, const orf_node *n, const char *what,
                                   const char **out);
ORF_API orf_status orf_node_bool(orf_ctx *ctx, const orf_node *n, const char *what, int *out);
/* Require a given kind. */
ORF_API orf_status orf_node_expect(orf_ctx *ctx, const orf_node *n, orf_node_kind kind,
                                   const char *what);
/* Check that every key of `map` is one of `allowed` (NULL-terminated); emits "unknown key"
 * with a did-you-mean hint for each that is not. */
ORF_API orf_status orf_node_check_keys(orf_ctx *ctx, const orf_node *map,
                                       const char *const *allowed, const char *what);
/* Parse a scalar as a number: returns 1 and sets *out on success (strict: whole text). */
ORF_API int orf_parse_number(const char *s, double *out);

#ifdef __cplusplus
}
#endif
#endif
