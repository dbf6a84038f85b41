/* oreflow — edits of a flowsheet's YAML text that keep its comments and layout.
 *
 * An edit is made in the text, not by writing the document tree back out: the text is parsed
 * (every node knows its line and column), the bytes of the value or entry concerned are replaced,
 * inserted or removed, and every other byte stays as it was — comments, blank lines, quoting,
 * flow or block style, key order. `oreflow optimize --write-optimum` writes the optimum the same
 * way (src/opt/opt_out.c); the workbench (`oreflow serve`, POST /api/edit) sends its edits here.
 *
 * Ownership: the new text is allocated through the context (free it with orf_free). Thread
 * safety: one context per thread, as everywhere.
 */
#ifndef OREFLOW_EDIT_H
#define OREFLOW_EDIT_H

#include "common.h"
#include "node.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ORF_EDIT_SET,         /* unit.param = value (the key is added when the unit has none); unit
                           * "specs", param "NAME.enabled": design spec NAME's switch (true/false,
                           * 1/0) */
    ORF_EDIT_ADD_UNIT,    /* a new entry at the end of `units:` */
    ORF_EDIT_DELETE_UNIT, /* the unit's entry, with the comment lines inside it */
    ORF_EDIT_CONNECT      /* stream from UNIT.PORT (an outlet) to UNIT.PORT (an inlet) */
} orf_edit_kind;

typedef struct orf_edit_kv {
    const char *key;
    const char *value; /* YAML text of the value, written as given (see orf_edit_op.value) */
} orf_edit_kv;

typedef struct orf_edit_op {
    orf_edit_kind kind;
    /* SET: the unit (or feed) and the parameter; ADD_UNIT, DELETE_UNIT: the unit's name */
    const char *unit;
    const char *param;
    /* SET: YAML text of the new value, written as given: a number, true/false, a plain word or a
     * double-quoted string (the caller quotes what needs it) */
    const char *value;
    const char *type;          /* ADD_UNIT: its unit type */
    const orf_edit_kv *params; /* ADD_UNIT: its parameters (may be NULL) */
    size_t nparams;
    /* CONNECT: the stream; its source "UNIT.PORT" (an outlet port) and its sink "UNIT.PORT" (an
     * inlet port). The port takes the stream (a variadic port's list gains it; a fixed port's
     * stream is replaced). NULL: that end is taken off every variadic list naming the stream
     * (a fixed port is never left empty: the loader would refuse the file). */
    const char *stream;
    const char *from, *to;
} orf_edit_op;

/* Apply n edits in turn to `text` (YAML of a flowsheet; `name` names it in diagnostics) and give
 * the new text in *out (through ctx's allocator; NUL-terminated). Each edit must leave text that
 * parses. ORF_OK; ORF_E_SYNTAX (the text, or an edit's result, does not parse), ORF_E_UNKNOWN_NAME
 * (no such unit, port or type), ORF_E_INPUT (an edit that cannot be made in this text: the
 * diagnostic says which and where), ORF_E_NOMEM; *out is then NULL. Unit types come from ctx's
 * registry (ports of CONNECT, the type of ADD_UNIT). */
ORF_API orf_status orf_text_edit(orf_ctx *ctx, const char *name, const char *text,
                                 const orf_edit_op *ops, size_t n, char **out);

/* The scalar at a dotted path of a flowsheet document: "UNIT.PARAM[.KEY|.INDEX...]" in the unit's
 * map under `units:` (else the feed's map of that name under `feeds:`), "specs.NAME.KEY" in the
 * spec's map, "economics.A.B..." from the root; NULL when absent or not a scalar. Borrowed from the
 * document. */
ORF_API const orf_node *orf_text_find_scalar(const orf_node *root, const char *path);
/* Byte offset in `text` of a (1-based line, column in characters) location, or -1. */
ORF_API long orf_text_offset(const char *text, orf_loc loc);

#ifdef __cplusplus
}
#endif
#endif
