/* oreflow — solid–liquid separation: thickener and filter, as steady-state split models.
 *
 * Both units recover a fraction of the particulate solids to the dense product (thickener
 * underflow, filter cake) and set its water by a solids content (thickener: underflow % solids)
 * or moisture (filter: cake moisture, mass % of wet cake); the rest of the water, with the lost
 * solids, leaves as overflow or filtrate. Dissolved species follow the water. This is the
 * standard flowsheet form of these units (a mass balance with a specified underflow density
 * and solids recovery, e.g. Wills, B.A. & Finch, J.A. 2016, Wills' Mineral Processing
 * Technology, 8th ed., ch. 15 "Dewatering"); thickener area from settling flux (Coe &
 * Clevenger 1916; Kynch 1952) is not modelled. Lost solids are taken uniformly across sizes
 * and particle types (no size-dependent clarification model).
 *   solids to product  = R · solids in
 *   water to product   = solids_product · (100 - X) / X,  X = % solids of the product
 * capped at the water available (then the product is as dense as the feed allows and the
 * result `product_pct_solids` shows the achieved value).
 */
#include <math.h>

#include "unit_common.h"
#include "units_cc.h"

enum { P_REC, P_PS, NPARAM };

static const orf_param_def thick_params[NPARAM] = {
    [P_REC] = {"solids_recovery_pct", ORF_PARAM_NUMBER, "%", 0, 99.5, 0, 100,
               "particulate solids recovered to the underflow"},
    [P_PS] = {"underflow_pct_solids", ORF_PARAM_NUMBER, "%", 0, 60, 1, 99,
              "solids mass % of the underflow"},
};
static const orf_param_def filt_params[NPARAM] = {
    [P_REC] = {"solids_recovery_pct", ORF_PARAM_NUMBER, "%", 0, 99.8, 0, 100,
               "particulate solids retained in the cake (rest lost to the filtrate)"},
    [P_PS] = {"cake_moisture_pct", ORF_PARAM_NUMBER, "%", 0, 10, 0, 99,
              "water, mass % of the wet cake"},
};

enum { R_PS, R_WATER, R_MGL, NRESULT };
static const orf_result_def thick_results[NRESULT] = {
    [R_PS] = {"underflow_pct_solids", "%", "achieved underflow solids mass %"},
    [R_WATER] = {"water_to_underflow_pct", "%", "feed water to the underflow"},
    [R_MGL] = {"overflow_solids_mg_l", "mg/L", "overflow clarity: suspended solids per litre"},
};
static const orf_result_def filt_results[NRESULT] = {
    [R_PS] = {"cake_moisture_pct", "%", "achieved cake moisture, mass % of wet cake"},
    [R_WATER] = {"water_to_cake_pct", "%", "feed water retained in the cake"},
    [R_MGL] = {"filtrate_solids_mg_l", "mg/L", "solids lost to the filtrate per litre"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const thick_out[] = {"overflow", "underflow", NULL};
static const char *const filt_out[] = {"cake", "filtrate", NULL};

typedef struct {
    orf__split_ws ws;
    int filter; /* 1: ports (cake, filtrate) and moisture semantics */
} sl_state;

static double sl_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    (void)in;
    (void)p;
    return *(const double *)vctx;
}

static orf_status sl_setup(orf_unit *u, orf_ctx *ctx)
{
    sl_state *s = u->state;
    s->filter = u->type->outlets == filt_out;
    return orf__split_ws_init(&s->ws, u, ctx);
}

static int sl_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    sl_state *s = u->state;
    const double *p = u->p;
    const orf_stream *feed = orf__feedbuf_mix(&s->ws.fb, u, in);
    orf_stream *dense = s->filter ? out[0] : out[1];
    orf_stream *clear = s->filter ? out[1] : out[0];
    double rec = 0.01 * p[P_REC];
    /* product % solids X: thickener gives it; filter gives moisture 100 - X */
    double x_pct = s->filter ? 100.0 - p[P_PS] : p[P_PS];
    double solids = orf_stream_particulate_tph(feed);
    double water = orf_stream_water_tph(feed);
    double w_prod = x_pct > 0.0 ? rec * solids * (100.0 - x_pct) / x_pct : water;
    double wf = water > 0.0 ? fmin(1.0, w_prod / water) : 0.0;
    orf__split_ws_split(&s->ws, feed, dense, clear, sl_partition, &rec, wf);
    double ds = orf_stream_particulate_tph(dense), dw = orf_stream_water_tph(dense);
    double achieved = ds + dw > 0.0 ? 100.0 * ds / (ds + dw) : (double)NAN;
    u->r[R_PS] = s->filter ? 100.0 - achieved : achieved;
    u->r[R_WATER] = 100.0 * wf;
    double cw = orf_stream_water_tph(clear); /* t/h water ≈ m³/h */
    /* t/h solids per m³/h water: 1e6 g/t / 1e3 L/m³ = 1e3 (g/L) → 1e6 mg/L */
    u->r[R_MGL] = cw > 0.0 ? 1e6 * orf_stream_particulate_tph(clear) / cw : (double)NAN;
    return 0;
}

const orf_unit_type orf_unit_thickener = {
    .abi = ORF_UNIT_ABI,
    .name = "thickener",
    .family = "solid_liquid",
    .summary = "Thickener: solids recovery to underflow at a target underflow % solids; "
               "overflow clarity",
    .citation = "Wills & Finch (2016) Wills' Mineral Processing Technology, 8th ed., ch. 15",
    .params = thick_params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = thick_out,
    .noutlets = 2,
    .min_inlets = 1,
    .results = thick_results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = sl_setup,
    .compute = sl_compute,
    .state_size = sizeof(sl_state),
    .report_json = NULL,
};

const orf_unit_type orf_unit_filter = {
    .abi = ORF_UNIT_ABI,
    .name = "filter",
    .family = "solid_liquid",
    .summary = "Filter: cake moisture and solids lost to the filtrate",
    .citation = "Wills & Finch (2016) Wills' Mineral Processing Technology, 8th ed., ch. 15",
    .params = filt_params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = filt_out,
    .noutlets = 2,
    .min_inlets = 1,
    .results = filt_results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .setup = sl_setup,
    .compute = sl_compute,
    .state_size = sizeof(sl_state),
    .report_json = NULL,
};
