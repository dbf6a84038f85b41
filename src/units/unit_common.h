/* oreflow — private helpers for unit plug-ins (unit_common.c).
 * Ownership: a feed buffer belongs to its unit's state; created in setup from the flowsheet's
 * arena (orf_unit_alloc), freed with the flowsheet. */
#ifndef OREFLOW_UNIT_COMMON_H
#define OREFLOW_UNIT_COMMON_H

#include "oreflow/stream.h"
#include "oreflow/unit.h"

/* The mixed feed of a unit with several inlet streams (one port, many streams). */
typedef struct orf__feedbuf {
    orf_stream st; /* x is NULL when the unit has a single inlet (no copy needed) */
} orf__feedbuf;

orf_status orf__feedbuf_init(orf__feedbuf *fb, orf_unit *u, orf_ctx *ctx);
/* The unit's feed: in[0] itself, or the sum of all inlets in the buffer. Allocates nothing. */
const orf_stream *orf__feedbuf_mix(orf__feedbuf *fb, const orf_unit *u,
                                   const orf_stream *const *in);

/* Workspace of a unit that splits its feed by particle type while water and every other bulk
 * species split alike (classifiers, solid-liquid separators): the feed buffer and nm bulk
 * fractions, sized in setup. */
typedef struct orf__split_ws {
    orf__feedbuf fb;
    double *bulk_frac; /* nm */
} orf__split_ws;

orf_status orf__split_ws_init(orf__split_ws *ws, orf_unit *u, orf_ctx *ctx);
/* orf_stream_split_particles(feed, a, b, fn, fnctx, ...) with the fraction bulk_frac_a of the
 * water and of every bulk species to a. Allocates nothing. */
void orf__split_ws_split(orf__split_ws *ws, const orf_stream *feed, orf_stream *a, orf_stream *b,
                         orf_partition_fn fn, void *fnctx, double bulk_frac_a);

/* Particulate solids of a stream: mass, t/h, and volume, m³/h (by particle-type density). */
/* Split feed between a and b by material: the particles of material m go to a with share
 * frac_part[m] (times frac_size[s] of size class s when frac_size is not NULL), its bulk with
 * frac_bulk[m]; the rest to b; both at the feed's temperature. */
void orf__split_by_material(const orf_stream *feed, orf_stream *a, orf_stream *b,
                            const double *frac_part, const double *frac_size,
                            const double *frac_bulk);
void orf__solids_volume(const orf_stream *st, double *mass_tph, double *vol_m3h);

/* Copy the size distribution of material m, composition class c (ns values, t/h) out of / into
 * a stream. */
void orf__size_column_get(const orf_stream *st, size_t m, size_t c, double *col);
void orf__size_column_put(orf_stream *st, size_t m, size_t c, const double *col);

/* report_json helper: writes `key: {"size_um": [mid sizes], MATERIAL: [fraction of the
 * material's feed (all composition classes, all inlets) in outlet k, per size; null where the
 * feed has none], ...}` for every solid material. */
struct orf_json;
void orf__report_partition(const orf_unit *u, const orf_stream *const *in,
                           const orf_stream *const *out, size_t k, const char *key,
                           struct orf_json *j);

/* Material index in the unit's system by name, or -1. */
int orf__material_index(const orf_system *y, const char *name);
/* Material index of a YAML key naming a material of u's system; else emits a located
 * ORF_E_UNKNOWN_NAME ("WHAT: 'name' is not a material...", no prefix when what is NULL) with a
 * did-you-mean hint and returns -1. */
int orf__material_key(orf_ctx *ctx, const orf_unit *u, const orf_node *key, const char *what);
/* Read a mapping material -> number (e.g. recoveries) into vals[nm] (only given entries set);
 * emits located errors for unknown materials and out-of-range values. */
orf_status orf__read_material_map(orf_ctx *ctx, const orf_unit *u, const orf_node *map, double lo,
                                  double hi, double *vals, int *given);

#endif
