/* oreflow — helpers shared by the separator units (gravity.c, magnetic.c, flotation.c):
 * a mixed-feed workspace allocated in setup (compute allocates nothing) and the size-by-size
 * recovery written by the report_json hooks. */
#ifndef ORF_SEP_COMMON_H
#define ORF_SEP_COMMON_H

#include "oreflow/output.h"
#include "oreflow/unit.h"
#include "units/unit_common.h"

typedef struct orf__sep_ws {
    orf__feedbuf fb; /* the inlets mixed (none allocated for a single inlet) */
    orf_stream rest; /* scratch for a second split */
} orf__sep_ws;

/* Allocate the workspace for u's system (the flowsheet's arena); emits a located diagnostic on
 * failure. */
orf_status orf__sep_ws_init(orf_unit *u, orf_ctx *ctx, orf__sep_ws *ws);
/* The unit's feed is orf__feedbuf_mix(&ws->fb, u, in). */
/* Solids mass and mass of the system's valuable mineral in size class s of a stream, t/h. */
double orf__sep_valuable_tph(const orf_stream *st, long s); /* s < 0: all sizes */
/* "size_recovery": {"mid_um": [...], "solids_pct": [...], "valuable_pct": [...]} of `prod` out of
 * the sum of the inlets. */
void orf__sep_json_size_recovery(const orf_unit *u, const orf_stream *const *in,
                                 const orf_stream *prod, orf_json *j);
/* "valuable_capture_curve": {"d_um": [...], "to_mags": [...]}: frac(u, x, rho, d_um) of the pure
 * valuable mineral (density rho) at each size's mid point — a magnetic separator's capture of the
 * liberated valuable (x: its susceptibility or magnetisation). Nothing without a valuable. */
void orf__sep_json_capture_curve(const orf_unit *u, double x,
                                 double (*frac)(const orf_unit *, double, double, double),
                                 orf_json *j);
/* Fraction to `prod` of the feed's solids and valuable mineral (0 when there is none), for
 * result slots. */
double orf__sep_pct(double part, double whole);

#endif
