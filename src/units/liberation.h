/* oreflow — private header: liberation through breakage (liberation_model.c) and Bond's power
 * with Rowland's efficiency factors (bond_rowland.c), shared by the crusher and the mills.
 *
 * Liberation model (see liberation_model.c for the equations and sources): a progeny fragment of
 * size d broken from a composite parent of size D carries off, as pure particles, the fraction
 *   L_a(d | D) = (exp(-d/l_a) - exp(-D/l_a)) / (1 - exp(-D/l_a))
 * of the parent's phase a (a = valuable mineral or gangue), l_a the mean linear intercept of phase
 * a in the parent (l_v = grain size, l_g = l_v (1 - g)/g at volumetric grade g); the rest stays
 * composite and is put on the composition classes by the lever rule on its grade.
 * Ownership: the arrays of orf__lib live in the unit's arena (orf_unit_alloc).
 */
#ifndef OREFLOW_LIBERATION_H
#define OREFLOW_LIBERATION_H

#include <stddef.h>

#include "oreflow/stream.h"
#include "oreflow/unit.h"

typedef struct orf__lib {
    int ready;       /* the system can liberate (valuable particles, classes of vfrac 1 and 0) */
    int on;          /* ready and a grain size > 0 (orf__lib_set, at each compute) */
    double grain_um; /* mean linear intercept of the valuable mineral, µm */
    int cv, c0;      /* the liberated classes: vfrac 1 (valuable) and vfrac 0 (gangue) */
    size_t ncomp;    /* composite classes (0 < vfrac < 1), in increasing vfrac */
    size_t *comp;    /* ncomp class indices */
    double *pk;      /* npm: one packet of broken mass (t/h per material block) */
} orf__lib;

/* Prepares liberation for unit u whose parameter ip is `grain_size_um`. Given, it must be > 0 and
 * the system must have a valuable mineral with particles and composition classes of vfrac 1 and
 * 0 (errors located at the parameter). Absent, liberation stays off unless a scenario or a sample
 * sets a grain size later (then the system's classes are ready when it can liberate). */
orf_status orf__lib_setup(orf__lib *L, orf_unit *u, orf_ctx *ctx, size_t ip);
/* At each compute: the unit's current grain size (0: off). */
void orf__lib_set(orf__lib *L, double grain_um);

/* Conditional liberated fraction of a phase with mean intercept l_um when a composite parent of
 * size dp_um breaks into a fragment of size d_um (0 when d >= dp). */
double orf__lib_fraction(double d_um, double dp_um, double l_um);

/* Add a packet of broken mass pk[k] (t/h per material block k, from composition class c of a
 * parent of size dp_um) to size class s of x (a stream's particulate cells), redistributed over
 * the composition classes. Each material's mass is conserved exactly (to rounding). */
void orf__lib_scatter(const orf__lib *L, const orf_system *y, const double *pk, size_t c,
                      double dp_um, size_t s, double *x);

/* Whiten's crusher (x = f + B C x, p = (I - C) x) over whole cells with liberation: feed and out
 * may not alias. *broken_tph = Σ C x. c: classification per size; b: ns × ns. */
void orf__lib_crusher_solve(const orf__lib *L, const orf_system *y, const double *c,
                            const double *b, const orf_stream *feed, orf_stream *out,
                            double *broken_tph);

/* Austin's mixers in series (as orf__mill_solve_mixers) over whole cells with liberation; out
 * holds the feed's cells on entry and the product's on return. */
void orf__lib_mill_solve(const orf__lib *L, const orf_system *y, const double *s, const double *b,
                         double tau_min, int n_mixers, orf_stream *out);

/* Liberated share of the valuable mineral in a stream, % (NaN without valuable particles). */
double orf__lib_liberated_pct(const orf_stream *st);

/* ---- Bond's power with Rowland's efficiency factors (bond_rowland.c) ---- */
typedef struct orf__rowland {
    int rod;             /* 1: rod mill (F0, EF6); 0: ball mill (EF7) */
    int dry;             /* EF1 */
    double open_pct;     /* EF2: % passing the product control size in open circuit; 0 none */
    double diameter_m;   /* EF3: mill diameter inside liners, m; 0: not applied */
    double rod_l_over_d; /* EF6: rod length over mill diameter */
    double ef[9];        /* ef[1..8] as applied (1 when not applicable) */
} orf__rowland;

/* Product of Rowland's factors EF1..EF7 for a mill of work index wi (kWh/t), feed f80 and
 * product p80 (µm); fills r->ef. */
double orf__rowland_factor(orf__rowland *r, double wi_kwh_per_t, double f80_um, double p80_um);

#endif
