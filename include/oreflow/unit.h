/* oreflow — the unit-operation plug-in interface.
 *
 * Each unit type is a `const orf_unit_type` descriptor (GSL's gsl_root_fsolver_type): name,
 * family, summary, citation, a table of parameters (unit of measure, default, range, doc), ports
 * and how many streams they take, result slots, the size of its state, and setup / compute /
 * teardown. A context keeps a registry of types (orf_unit_types_register); the built-in ones are
 * the rows of src/units/units.def, registered by orf_unit_types_open (Lua's luaL_openlibs), which
 * orf_ctx_alloc calls. The loader finds types only through the context's registry. Validation,
 * `oreflow units` and docs/models.md come from the same tables.
 *
 * Contract:
 *  - The core allocates u->state (type->state_size bytes, zeroed) from the flowsheet's arena
 *    before setup; it lives as long as the flowsheet.
 *  - setup(u, ctx): validate structural inputs (tables, lists, strings) read from u->node, fill
 *    u->state, allocate any arrays it needs with orf_unit_alloc (the flowsheet's arena: nothing to
 *    free), emit located diagnostics. Numeric parameters are already parsed and range-checked
 *    into u->p[] by the loader, and the port counts checked against ninlets/min_inlets.
 *  - compute(u, in, out): map inlet streams to outlet streams. Allocates nothing. Reads numeric
 *    parameters from u->p[] every call (design specs and Monte Carlo change them between calls),
 *    writes result slots u->r[]. Returns 0 ok, >0 recoverable trouble, <0 fatal.
 *  - teardown(u, ctx): releases external resources held in u->state (handles from other
 *    libraries or modules); NULL for a type whose state holds only arena memory. Called when the
 *    flowsheet is freed, for every unit whose state was allocated (setup may not have finished:
 *    teardown must accept a partly filled, zeroed state).
 *  - Parameters are written inline in the unit's YAML mapping (every key other than name, type,
 *    in, out, note): `{name: cyc1, type: hydrocyclone, in: [a], out: {overflow: b, underflow: c},
 *    d50c_um: 40}`. u->params_node is that mapping.
 * Ownership: the flowsheet owns units and their state; descriptors are borrowed by the registry
 * and must outlive every context they are registered in (static storage).
 */
#ifndef OREFLOW_UNIT_H
#define OREFLOW_UNIT_H

#include "common.h"
#include "node.h"
#include "stream.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the descriptor layout below; orf_unit_types_register refuses any other (SQLite's
 * iVersion). 2: state_size, flags, min_inlets/min_outlets. */
#define ORF_UNIT_ABI 2
#define ORF_MAX_PORTS 8
#define ORF_PORTS_VARIADIC ((size_t)-1)

typedef enum {
    ORF_PARAM_NUMBER, /* a number, parsed into u->p[i] */
    ORF_PARAM_STRING, /* a name or keyword; the unit reads u->node itself in setup */
    ORF_PARAM_TABLE   /* a list or map; the unit reads it in setup */
} orf_param_kind;

typedef struct orf_param_def {
    const char *name; /* with the unit of measure in the name where it has one: d50c_um */
    orf_param_kind kind;
    const char *unit; /* unit of measure as shown to users: "µm", "t/h", "kg/m³", "-", "%" */
    int required;     /* 1: must be given */
    double dflt;      /* NUMBER default when not required */
    double min, max;  /* NUMBER inclusive range */
    const char *doc;
} orf_param_def;

typedef struct orf_result_def {
    const char *name; /* e.g. "power_kw", "d50c_um", "specific_energy_kwh_per_t" */
    const char *unit;
    const char *doc;
} orf_result_def;

/* Roles, in orf_unit_type.flags. */
enum {
    /* A source of streams: written under `feeds:` (not `units:`), one outlet named after the unit;
     * the materials named in its `mineralogy` are the particulate ones. At most one registered
     * type has it. */
    ORF_UNIT_SOURCE = 1u << 0,
    /* compute is a pure function of the inlets and u->p (no param_ref state, nothing kept from
     * one compute to the next that changes an answer): the solver skips it when both are what
     * they were at its last compute, restoring its outlets and results (a furnace's equilibrium
     * is not re-solved by every pass of a design spec that does not reach it) */
    ORF_UNIT_MEMO = 1u << 1
};

typedef struct orf_unit orf_unit;
typedef struct orf_unit_type orf_unit_type;
struct orf_json;

struct orf_unit_type {
    int abi;            /* ORF_UNIT_ABI; abi and name stay the first two fields in every ABI */
    const char *name;   /* "hydrocyclone" */
    const char *family; /* "flow", "classification", "gravity", ... (diagram shapes) */
    const char *summary;
    const char *citation; /* the model's published source */
    const orf_param_def *params;
    size_t nparams;
    const char *const *inlets; /* port names; NULL-terminated */
    size_t ninlets;            /* count, or ORF_PORTS_VARIADIC (one port name, many streams) */
    const char *const *outlets;
    size_t noutlets;
    /* Fewest streams a variadic port takes (at least 1; a fixed port takes exactly its count,
     * every port connected). The loader enforces both with a located error. */
    size_t min_inlets, min_outlets;
    const orf_result_def *results;
    size_t nresults;
    int conserves_materials; /* 1: no reactions — per-material balance is checked too */
    unsigned flags;          /* ORF_UNIT_SOURCE, ORF_UNIT_MEMO, or 0 */
    size_t state_size;       /* bytes of u->state, allocated zeroed by the core; 0: none */
    orf_status (*setup)(orf_unit *u, orf_ctx *ctx);
    int (*compute)(orf_unit *u, const orf_stream *const *in, orf_stream *const *out);
    void (*teardown)(orf_unit *u, orf_ctx *ctx);
    /* Optional: extra keys for the unit's object in the run's JSON (curves such as a partition
     * curve {"density_kg_m3": [...], "partition": [...]}), written after the result slots.
     * Called after a solve; may compute but must not change the unit. NULL when none. */
    void (*report_json)(const orf_unit *u, const orf_stream *const *in,
                        const orf_stream *const *out, struct orf_json *j);
    /* Optional: address of a numeric value held in the unit's state that is not a row of the
     * params table (e.g. "mineralogy.chromite" of a feed), so that design specs, Monte Carlo and
     * calibration can change it; NULL when the path is unknown. compute must re-read it. */
    double *(*param_ref)(orf_unit *u, const char *path);
};

struct orf_unit {
    const char *name;
    const orf_unit_type *type;
    const orf_node *node;        /* the unit's YAML mapping (borrowed from the loaded document) */
    const orf_node *params_node; /* its `params` mapping or NULL */
    const orf_system *sys;
    double *p; /* numeric parameters, indexed as type->params */
    double *r; /* results, indexed as type->results; NaN until computed */
    size_t nin, nout;
    int *in; /* stream indices */
    int *out;
    void *state; /* private to the type: state_size bytes, zeroed, from the flowsheet's arena */
    orf_loc loc;
    struct orf__arena *arena; /* the flowsheet's (core); reach it through orf_unit_alloc */
};

/* Index of a parameter by name in the type's table, or -1. */
ORF_API int orf_unit_param_index(const orf_unit_type *t, const char *name);
/* Parameter node (for TABLE/STRING kinds) or NULL if not given. */
ORF_API const orf_node *orf_unit_param_node(const orf_unit *u, const char *name);

/* For setup: n zeroed objects of `size` bytes from the flowsheet's arena (16-aligned), freed with
 * the flowsheet. NULL on overflow or out of memory (the caller reports ORF_E_NOMEM). */
ORF_API void *orf_unit_alloc(orf_unit *u, size_t n, size_t size);

/* The context's registry of unit types (src/core/unit_types.c). Register n descriptors (borrowed:
 * they must outlive the context). A type is refused, with a diagnostic naming it, when its abi is
 * not ORF_UNIT_ABI, its name or compute is missing, its name is already registered, a variadic
 * port takes no stream, it has a teardown but no state, or it is a second ORF_UNIT_SOURCE type;
 * the others are registered. Returns ORF_OK, ORF_E_INPUT when one was refused, ORF_E_NOMEM. */
ORF_API orf_status orf_unit_types_register(orf_ctx *ctx, const orf_unit_type *const *types,
                                           size_t n);
/* Register the built-in unit types (src/units/units.def; src/units/units_init.c). orf_ctx_alloc
 * and orf_ctx_alloc_with do it; a context from orf_ctx_alloc_bare starts with none. */
ORF_API orf_status orf_unit_types_open(orf_ctx *ctx);
ORF_API size_t orf_unit_types_count(const orf_ctx *ctx);
ORF_API const orf_unit_type *orf_unit_types_get(const orf_ctx *ctx,
                                                size_t i); /* NULL when i >= count */
ORF_API const orf_unit_type *orf_unit_types_find(const orf_ctx *ctx, const char *name);
/* A new context with parent's allocator hook and the same unit types (built-in and registered), for
 * work done beside parent (Monte Carlo workers); NULL on OOM. Free it with orf_ctx_free. */
ORF_API orf_ctx *orf_ctx_alloc_like(const orf_ctx *parent);
/* The ORF_UNIT_SOURCE type (the type of `feeds:` entries), or NULL. */
ORF_API const orf_unit_type *orf_unit_types_source(const orf_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
