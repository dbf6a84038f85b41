/* Private declarations of the ground floor (src/base/): the context (allocator hook,
 * diagnostics, interned strings) and the arena. Every floor above may include this. */
#ifndef ORF_BASE_IMPL_H
#define ORF_BASE_IMPL_H

#include "oreflow.h"

#include <stdint.h>
#include <stdio.h>

typedef struct orf__strnode {
    struct orf__strnode *next;
    char s[];
} orf__strnode;

struct orf_ctx {
    orf_alloc_fn alloc;
    void *alloc_ud;
    orf_diag *diags;
    size_t ndiag, cap, nerr, dropped;
    size_t noom; /* allocations refused so far: a load that failed after one reports ORF_E_NOMEM */
    orf__strnode *strings;
    struct orf__source *sources;        /* texts of the files read (input.c), newest first */
    size_t max_input;                   /* orf_ctx_set_max_input_bytes; 0: the default */
    volatile sig_atomic_t *stop;        /* orf_ctx_set_stop: long runs stop when it is set */
    struct orf__unit_types *unit_types; /* registry of unit types (core/unit_types.c): one block,
                                         * opaque to this floor, freed with the context */
};

/* Arena: bump allocator for objects that live and die together (a loaded document or
 * flowsheet). Chunks come from the context's allocator. */
typedef struct orf__arena_chunk {
    struct orf__arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} orf__arena_chunk;

typedef struct orf__arena {
    orf_ctx *ctx;
    orf__arena_chunk *head;
} orf__arena;

/* Turn GSL's abort-by-default error handler off, once for the process (thread-safe; gsl_init.c).
 * Called by every context constructor. */
void orf__gsl_init(void);

void orf__input_free_all(orf_ctx *ctx);
/* Give `to` the texts pinned in `from` by orf_input_set_text (orf_ctx_alloc_like). */
orf_status orf__input_copy_pinned(orf_ctx *to, const orf_ctx *from);

/* Out of memory is never silent nor disguised (issue 15, finding 4): a step that meets a refused
 * allocation may go on and fail for a reason that is not the user's (a name that could not be
 * stored is "not found") or skip an item and succeed. Take a mark before the step; after it,
 * orf__ctx_oom_since returns `st` when no allocation was refused meanwhile, else drops the
 * diagnostics recorded since the mark, records "out of memory while WHAT" and returns
 * ORF_E_NOMEM (the caller frees what the step built). */
typedef struct orf__ctx_mark {
    size_t noom, ndiag, nerr, dropped;
} orf__ctx_mark;
orf__ctx_mark orf__ctx_mark_get(const orf_ctx *ctx);
/* Drop the diagnostics recorded since the mark (a trial whose messages are not the run's). */
void orf__ctx_rollback(orf_ctx *ctx, const orf__ctx_mark *m);
orf_status orf__ctx_oom_since(orf_ctx *ctx, const orf__ctx_mark *m, orf_status st,
                              const char *what);

void orf__arena_init(orf__arena *a, orf_ctx *ctx);
void *orf__arena_alloc(orf__arena *a, size_t size); /* zeroed, 16-aligned; NULL on OOM */
/* size bytes (at least 1) at `align` (a power of two, at most 16), NOT zeroed: for objects the
 * caller writes whole (document nodes, their arrays, strings); NULL on OOM */
void *orf__arena_take(orf__arena *a, size_t size, size_t align);
char *orf__arena_strdup(orf__arena *a, const char *s); /* exact size, unaligned */
void orf__arena_fini(orf__arena *a);

/* Compiled data files (issue 20, goal 1): at build time scripts/datagen.c parses each YAML file
 * of data/ (and its subfolders) with this parser and writes its node tree into the library
 * (generated data_blobs.c). orf_doc_load takes the compiled tree of a file whose bytes are exactly
 * those of a compiled one (length, then memcmp of the whole text: an edited file, another
 * ORF_DATA_DIR or any other file is parsed as always; orf_doc_load_string alike), so the tree is
 * the one libyaml would build, only the file name of its locations being the path read. Per node,
 * ORF__BLOB_NODE int32s: kind, quoted, line, column, tag and text (offsets in `strings`, -1 for
 * none), count, and the offset in `refs` of its children (a map's values, then its keys; -1 for an
 * empty collection). Node 0 is the root. */
enum { ORF__BLOB_NODE = 8 };
typedef struct orf__doc_blob {
    const char *name; /* the file under data/ it was compiled from (documentation, tests) */
    const char *text;
    size_t len;
    const int32_t *nodes;
    size_t nnodes;
    const int32_t *refs;
    size_t nrefs;
    const char *strings;
} orf__doc_blob;
extern const orf__doc_blob orf__doc_blobs[];
extern const size_t orf__doc_nblobs;
/* the compiled tree of exactly this text, or NULL */
const orf__doc_blob *orf__doc_blob_find(const char *text, size_t len);
/* orf_doc_load_string without the compiled trees: libyaml always (scripts/datagen.c, tests) */
orf_status orf__doc_parse_string(orf_ctx *ctx, const char *name, const char *text, size_t len,
                                 orf_doc **out);

/* v as printf's "%.17g" writes it (json.c; exact, without printf for the usual magnitudes) into
 * buf (40 bytes); the length */
int orf__fmt_g17(char *buf, double v);

/* Terminal tables (text.c): the display width of UTF-8 text (code points: names such as
 * 'питание' or headers such as 'P80 µm', 'Nm³/h', '°C' are wider in bytes than on screen), and
 * `s` padded with spaces to `width` columns, left-aligned when `left`, else right-aligned. Every
 * floor's terminal tables pad text through these, never through printf's byte widths. */
int orf__utf8_width(const char *s);
void orf__fput_padded(FILE *fp, const char *s, int width, int left);

#endif
