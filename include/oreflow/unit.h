/* oreflow — the unit-operation plug-in interface.
 *
 * Each unit type is a `static const orf_unit_type` descriptor (GSL's gsl_root_fsolver_type):
 * name, family, summary, citation, a table of parameters (unit of measure, default, range, doc),
 * ports, result slots, and setup / compute / teardown. The registry (src/units/registry.c) is one
 * table of these. Validation, `oreflow units` and docs/models.md come from the same tables.
 *
 * Contract:
 *  - setup(u, ctx): validate structural inputs (tables, lists, strings) read from u->node,
 *    allocate private state through orf_malloc(ctx, ...), emit located diagnostics. Numeric
 *    parameters are already parsed and range-checked into u->p[] by the loader.
 *  - compute(u, in, out): map inlet streams to outlet streams. Allocates nothing. Reads numeric
 *    parameters from u->p[] every call (design specs and Monte Carlo change them between calls),
 *    writes result slots u->r[]. Returns 0 ok, >0 recoverable trouble, <0 fatal.
 *  - teardown(u, ctx): free private state (may be NULL).
 *  - Parameters are written inline in the unit's YAML mapping (every key other than name, type,
 *    in, out, note): `{name: cyc1, type: hydrocyclone, in: [a], out: {overflow: b, underflow: c},
 *    d50c_um: 40}`. u->params_node is that mapping.
 * Ownership: the flowsheet owns units; u->state belongs to the type's setup/teardown.
 */
#ifndef OREFLOW_UNIT_H
#define OREFLOW_UNIT_H

#include "common.h"
#include "node.h"
#include "stream.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ORF_UNIT_ABI 1
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

typedef struct orf_unit orf_unit;
typedef struct orf_unit_type orf_unit_type;
struct orf_json;

struct orf_unit_type {
    int abi;            /* ORF_UNIT_ABI */
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
    const orf_result_def *results;
    size_t nresults;
    int conserves_materials; /* 1: no reactions — per-material balance is checked too */
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
    void *state; /* private to the type */
    orf_loc loc;
};

/* Index of a parameter by name in the type's table, or -1. */
int orf_unit_param_index(const orf_unit_type *t, const char *name);
/* Parameter node (for TABLE/STRING kinds) or NULL if not given. */
const orf_node *orf_unit_param_node(const orf_unit *u, const char *name);

/* Registry. */
size_t orf_unit_type_count(void);
const orf_unit_type *orf_unit_type_get(size_t i);
const orf_unit_type *orf_unit_type_find(const char *name);

#ifdef __cplusplus
}
#endif
#endif
