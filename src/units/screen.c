/* oreflow — vibrating screen: Whiten efficiency curve with fine bypass.
 *
 * Partition of a particle of size d to the oversize (Whiten 1972; Napier-Munn, T.J., Morrell,
 * S., Morrison, R.D. & Kojovic, T. 1996, Mineral Comminution Circuits, JKMRC, ch. 4):
 *   E(x) = (e^{αx} - 1)/(e^{αx} + e^α - 2),  x = d/d50,
 *   Y = Bf + (1 - Bf) E,
 * Bf the fraction of fines carried to the oversize with the water that stays on the deck.
 * or, with model: plitt, Plitt's partition as Dyssol's "Screen" unit writes it (Plitt, L.R. 1971
 * "The analysis of solid-solid separations in classifiers", CIM Bulletin 64(708), 42-47;
 * Dyssol-open documentation, Screen, "Plitt's model", https://dyssol.readthedocs.io):
 *   E(d) = 1 - exp(-0.693 (d/d50)^α)   (0.693 as published, not ln 2 to more digits),
 * with the same fine bypass (0 by default; Dyssol has none).
 * Water: the fraction water_to_undersize_pct of the feed water passes the deck; dissolved and
 * other bulk species follow the water. Particle density does not enter (sizing by aperture).
 */
#include <math.h>
#include <string.h>

#include "unit_common.h"
#include "units_cc.h"

enum { P_D50, P_ALPHA, P_BF, P_WATER, P_MODEL, NPARAM };
static const orf_param_def params[NPARAM] = {
    [P_D50] = {"d50_um", ORF_PARAM_NUMBER, "µm", 1, 1000, 1, 1e6,
               "cut size: size with equal chance to oversize and undersize (before bypass)"},
    [P_ALPHA] = {"alpha", ORF_PARAM_NUMBER, "-", 0, 4.0, 0.01, 1e4,
                 "sharpness α of the model's curve (larger is sharper; ∞ is a perfect cut at "
                 "d50): Whiten's α, or Plitt's exponent"},
    [P_BF] = {"fines_bypass_pct", ORF_PARAM_NUMBER, "%", 0, 0, 0, 100,
              "fraction of the fines misplaced to oversize with the water retained on the deck"},
    [P_WATER] = {"water_to_undersize_pct", ORF_PARAM_NUMBER, "%", 0, 90, 0, 100,
                 "fraction of feed water (and dissolved species) reporting to undersize"},
    [P_MODEL] = {"model", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
                 "partition curve: whiten (default) or plitt (1 - exp(-0.693 (d/d50)^α), "
                 "Dyssol's form)"},
};

enum { R_D50, R_OS, R_EFF, R_WATER, NRESULT };
static const orf_result_def results[NRESULT] = {
    [R_D50] = {"d50_um", "µm", "cut size used"},
    [R_OS] = {"solids_to_oversize_pct", "%", "particulate solids reporting to oversize"},
    [R_EFF] = {"undersize_efficiency_pct", "%",
               "feed material finer than d50 (by class mid size) recovered to undersize"},
    [R_WATER] = {"water_to_undersize_pct", "%", "feed water reporting to undersize"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"oversize", "undersize", NULL};

typedef struct {
    orf__split_ws ws;
    int plitt;
} scr_state;

typedef struct {
    int plitt;
    double d50, alpha, bf;
    double fine_in, fine_under; /* for the efficiency result */
} scr_part;

static double scr_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    (void)in;
    scr_part *c = vctx;
    double x = p->d_um / c->d50;
    double e =
        c->plitt ? 1.0 - exp(-0.693 * pow(x, c->alpha)) : orf__whiten_efficiency(x, c->alpha);
    double y = orf__with_bypass(e, c->bf);
    if (p->d_um < c->d50) {
        c->fine_in += p->mass_tph;
        c->fine_under += (1.0 - y) * p->mass_tph;
    }
    return y;
}

static orf_status scr_setup(orf_unit *u, orf_ctx *ctx)
{
    scr_state *s = u->state;
    const orf_node *mn = orf_unit_param_node(u, "model");
    if (mn) {
        static const char *const cand[] = {"whiten", "plitt", NULL};
        if (mn->kind != ORF_NODE_SCALAR ||
            (strcmp(mn->str, "whiten") != 0 && strcmp(mn->str, "plitt") != 0)) {
            orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                          "model: expected 'whiten' or 'plitt'");
            if (mn->kind == ORF_NODE_SCALAR)
                orf_diag_hint_nearest(ctx, mn->str, cand, 2);
            return ORF_E_INPUT;
        }
        s->plitt = strcmp(mn->str, "plitt") == 0;
    }
    return orf__split_ws_init(&s->ws, u, ctx);
}

static int scr_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    scr_state *s = u->state;
    const double *p = u->p;
    const orf_stream *feed = orf__feedbuf_mix(&s->ws.fb, u, in);
    scr_part c = {s->plitt, p[P_D50], p[P_ALPHA], 0.01 * p[P_BF], 0.0, 0.0};
    double w_over = 1.0 - 0.01 * p[P_WATER];
    orf__split_ws_split(&s->ws, feed, out[0], out[1], scr_partition, &c, w_over);
    double fs = orf_stream_particulate_tph(feed);
    u->r[R_D50] = c.d50;
    u->r[R_OS] = fs > 0.0 ? 100.0 * orf_stream_particulate_tph(out[0]) / fs : (double)NAN;
    u->r[R_EFF] = c.fine_in > 0.0 ? 100.0 * c.fine_under / c.fine_in : (double)NAN;
    u->r[R_WATER] = p[P_WATER];
    return 0;
}

static void scr_report(const orf_unit *u, const orf_stream *const *in, const orf_stream *const *out,
                       struct orf_json *j)
{
    orf__report_partition(u, in, out, 0, "partition_oversize", j);
}

const orf_unit_type orf_unit_screen = {
    .abi = ORF_UNIT_ABI,
    .name = "screen",
    .family = "classification",
    .summary = "Screen: Whiten (or Plitt) efficiency curve (cut size, sharpness) with fine "
               "bypass, water to undersize",
    .citation = "Whiten (1972) PhD thesis, Univ. Queensland; Napier-Munn, Morrell, Morrison & "
                "Kojovic (1996) Mineral Comminution Circuits, JKMRC, ch. 4; Plitt (1971) CIM "
                "Bull. 64(708), 42-47",
    .params = params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = outlets,
    .noutlets = 2,
    .min_inlets = 1,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = scr_setup,
    .compute = scr_compute,
    .state_size = sizeof(scr_state),
    .report_json = scr_report,
};
