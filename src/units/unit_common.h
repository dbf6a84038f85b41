/* oreflow — private helpers for unit plug-ins (unit_common.c).
 * Ownership: a feed buffer belongs to its unit's state; created in setup, freed in teardown. */
#ifndef OREFLOW_UNIT_COMMON_H
#define OREFLOW_UNIT_COMMON_H

#include "oreflow/stream.h"
#include "oreflow/unit.h"

/* The mixed feed of a unit with several inlet streams (one port, many streams). */
typedef struct orf__feedbuf {
    orf_stream st; /* x is NULL when the unit has a single inlet (no copy needed) */
} orf__feedbuf;

orf_status orf__feedbuf_init(orf__feedbuf *fb, const orf_unit *u, orf_ctx *ctx);
void orf__feedbuf_fini(orf__feedbuf *fb, orf_ctx *ctx);
/* The unit's feed: in[0] itself, or the sum of all inlets in the buffer. Allocates nothing. */
const orf_stream *orf__feedbuf_mix(orf__feedbuf *fb, const orf_unit *u,
                                   const orf_stream *const *in);

/* Particulate solids of a stream: mass, t/h, and volume, m³/h (by particle-type density). */
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

#endif
