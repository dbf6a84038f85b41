/* Plant design: sizing each unit of a solved flowsheet from its inlets, parameters and results
 * (read through the public accessors). One rule per unit family; the methods and their sources are
 * in docs/models.md "Equipment sizing and factored CAPEX". A separator that reports the machines it
 * runs (result `machines`, from its capacity model) is taken at its word; otherwise the count is
 * the load over a nominal capacity per machine (design options). */
#include "design_impl.h"

#include <math.h>
#include <string.h>

static double result(const orf_unit *u, const char *name)
{
    for (size_t r = 0; r < u->type->nresults; r++)
        if (!strcmp(u->type->results[r].name, name))
            return u->r[r];
    return NAN;
}

static double param(const orf_unit *u, const char *name)
{
    int i = orf_unit_param_index(u->type, name);
    return i >= 0 && u->type->params[i].kind == ORF_PARAM_NUMBER ? u->p[i] : (double)NAN;
}

typedef struct {
    double solids_tph, water_tph, slurry_m3h, top_um;
} feed_sum;

static feed_sum inlets(const orf_design *d, size_t ui)
{
    const orf_unit *u = orf_flowsheet_unit(d->fs, ui);
    const orf_stream *const *in = orf_flowsheet_unit_inlets(d->fs, ui);
    feed_sum f = {0, 0, 0, 0};
    for (size_t k = 0; k < u->nin; k++) {
        f.solids_tph += orf_stream_solids_tph(in[k]);
        f.water_tph += orf_stream_water_tph(in[k]);
        f.slurry_m3h += orf_stream_slurry_m3h(in[k]);
        const orf_system *y = in[k]->sys;
        for (size_t s = 0; s < y->ns; s++)
            if (orf_stream_size_tph(in[k], s) > 0) {
                if (y->upper_um[s] > f.top_um)
                    f.top_um = y->upper_um[s];
                break;
            }
    }
    return f;
}

orf_design_item *orf__design_add(orf_design *d)
{
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        orf_design_item *p = orf_realloc(d->ctx, d->items, cap * sizeof *p);
        if (!p)
            return NULL;
        d->items = p;
        d->cap = cap;
    }
    orf_design_item *it = &d->items[d->n++];
    memset(it, 0, sizeof *it);
    it->size = it->capacity = it->load = it->utilisation_pct = it->motor_kw = NAN;
    it->installed = NAN;
    it->purchased_usd = it->installed_usd = it->install_factor = NAN;
    it->size_unit = it->capacity_unit = "";
    return it;
}

static orf_design_item *item(orf_design *d, const orf_unit *u, const char *equipment,
                             const char *method, const char *source)
{
    orf_design_item *it = orf__design_add(d);
    if (!it)
        return NULL;
    it->unit = u->name;
    it->unit_type = u->type->name;
    it->equipment = equipment;
    it->method = method;
    it->source = source;
    return it;
}

/* count machines for a total load at a nominal capacity per machine: the design needs
 * ceil(load / capacity); the flowsheet runs `given` (a separator's own `machines` result) when it
 * is a positive number, and the load and utilisation are those of the machines it runs (so a
 * doubled feed on the installed machines shows both the overload and the machines it needs) */
static void by_capacity(orf_design_item *it, double total, double cap, const char *cap_unit,
                        double given)
{
    it->capacity = cap;
    it->capacity_unit = cap_unit;
    it->count = fmax(1.0, ceil(total / cap - 1e-9));
    it->installed = given >= 1 ? floor(given + 0.5) : it->count;
    it->load = total / it->installed;
    it->utilisation_pct = 100.0 * it->load / cap;
}

/* the nominal load per machine: the separator's own `nominal_tph_per_machine` (its capacity
 * model's reference, src/units/capacity_model.c), so the installed count is the unit's `machines`
 * and the utilisation the load ratio its model applies: one figure for performance and design */
static double nominal_tph(const orf_unit *u)
{
    return param(u, "nominal_tph_per_machine");
}

static const char SRC_SPIRAL[] = "MechChem Africa Jul–Aug 2025 (Multotec HX5 spirals: 4–7 t/h "
                                 "per start, nominal 5)";
static const char SRC_TABLE[] = "Wills & Finch 2016, Mineral Processing Technology, 8th ed., "
                                "ch. 10 (deck loading; value assumed)";
static const char SRC_WHIMS[] = "International Mining, Oct 2015 (Longi-Multotec VRWHIMS: up to "
                                "300 t/h per machine); nominal value assumed";
static const char SRC_CYC[] = "Arterburn 1982 (d50c = 2.84 Dc^0.66 C1 C2 C3), Mular & Jull 1978 "
                              "(Q = 9.4e-3 ΔP^0.5 Dc²), both in Wills & Finch 2016 ch. 9";
static const char SRC_FLOT[] = "Wills & Finch 2016 ch. 12 (V = Q τ_lab × scale-up / (1 − ε))";
static const char SRC_MILL[] = "Rowland 1982 (Bond): kW per t of charge vs diameter, Vp and "
                               "fraction of critical speed; Wills & Finch 2016 ch. 7";

int orf__design_size_unit(orf_design *d, size_t ui)
{
    const orf_unit *u = orf_flowsheet_unit(d->fs, ui);
    const char *t = u->type->name;
    feed_sum f = inlets(d, ui);
    double pw = result(u, "power_kw");
    orf_design_item *it;
    if (!strcmp(t, "spiral")) {
        if (!(it = item(d, u, "spiral_start", "starts = solids t/h ÷ t/h per start", SRC_SPIRAL)))
            return -1;
        by_capacity(it, f.solids_tph, nominal_tph(u), "t/h", result(u, "machines"));
    } else if (!strcmp(t, "shaking_table")) {
        if (!(it = item(d, u, "table_deck", "decks = solids t/h ÷ t/h per deck", SRC_TABLE)))
            return -1;
        by_capacity(it, f.solids_tph, nominal_tph(u), "t/h", result(u, "machines"));
    } else if (!strcmp(t, "jig")) {
        if (!(it = item(d, u, "jig_cell",
                        "jigs = solids t/h ÷ t/h per jig (the unit's capacity model)",
                        "Wills & Finch 2016 ch. 10 (bed loading; value assumed)")))
            return -1;
        double cap = nominal_tph(u);
        by_capacity(it, f.solids_tph, cap, "t/h", result(u, "machines"));
    } else if (!strcmp(t, "whims")) {
        if (!(it = item(d, u, "whims", "machines = solids t/h ÷ t/h per machine", SRC_WHIMS)))
            return -1;
        by_capacity(it, f.solids_tph, nominal_tph(u), "t/h", result(u, "machines"));
        it->size = it->capacity;
        it->size_unit = "t/h";
    } else if (!strcmp(t, "hydrocyclone")) {
        if (!(it = item(d, u, "hydrocyclone", "", SRC_CYC)))
            return -1;
        double kpa = result(u, "pressure_kpa");
        double dc, given = NAN;
        if (isfinite(kpa) && kpa > 0) { /* Plitt mode: the unit's own geometry and count */
            dc = param(u, "dc_cm");
            given = result(u, "n_cyclones");
            it->method = "Plitt-mode cyclone: diameter and count of the unit; capacity "
                         "Mular–Jull at its pressure";
        } else {
            kpa = d->o[O_CYC_KPA];
            double phi = result(u, "feed_solids_vol_pct");
            double vs = f.slurry_m3h - f.water_tph; /* solids volume, m³/h */
            double rho = vs > 0 ? 1000.0 * f.solids_tph / vs : (double)NAN;
            dc = orf_design_cyclone_dc_cm(result(u, "d50c_um"), phi, kpa, rho);
            it->method = "diameter from d50c (Arterburn) at the design pressure; count = slurry "
                         "m³/h ÷ Mular–Jull capacity";
            if (dc > d->o[O_CYC_MAX_DC]) {
                dc = d->o[O_CYC_MAX_DC];
                it->method = "diameter from d50c (Arterburn) above design.cyclone_max_dc_cm: "
                             "capped there (the cut of the capped cyclone is finer); count = "
                             "slurry m³/h ÷ Mular–Jull capacity";
            }
        }
        it->size = dc;
        it->size_unit = "cm";
        double q = orf_design_cyclone_q_m3h(dc, kpa);
        if (!(q > 0)) {
            d->n--; /* no diameter (no solids): not sized */
            return 0;
        }
        by_capacity(it, f.slurry_m3h, q, "m³/h", given);
    } else if (!strcmp(t, "flotation_bank")) {
        if (!(it = item(d, u, "flotation_cell", "cells = Q τ_lab scale-up / (1 − ε) ÷ cell volume",
                        SRC_FLOT)))
            return -1;
        double vc = param(u, "cell_volume_m3"), eps = param(u, "air_holdup_pct") / 100.0;
        if (!(vc > 0) || !(eps < 1)) {
            d->n--;
            return 0;
        }
        /* slurry m³/h one cell treats at the lab time × scale-up */
        double cap = vc * (1.0 - eps) * 60.0 / (d->o[O_FLOT_LAB_MIN] * d->o[O_FLOT_SCALEUP]);
        by_capacity(it, f.slurry_m3h, cap, "m³/h", NAN);
        it->size = vc;
        it->size_unit = "m³";
    } else if (!strcmp(t, "thickener")) {
        if (!(it = item(d, u, "thickener", "", "")))
            return -1;
        double ua = d->o[O_THICK_AREA];
        if (d->ntest) { /* Coe–Clevenger: the largest unit area over the tested dilutions */
            double ps = result(u, "underflow_pct_solids");
            double dd = ps > 0 && ps < 100 ? (100.0 - ps) / ps : 0.0;
            ua = 0.0;
            for (size_t k = 0; k < d->ntest; k++)
                ua = fmax(ua, orf_design_coe_clevenger_m2_per_tpd(d->test_f[k], dd, d->test_r[k]));
            it->method = "area = solids t/d × Coe–Clevenger unit area (max over the settling test)";
            it->source = "Coe & Clevenger 1916; Wills & Finch 2016 ch. 15";
        } else {
            it->method = "area = solids t/d × unit area (design.thickener_unit_area_m2_per_tpd)";
            it->source = "unit area assumed (Wills & Finch 2016 ch. 15 for the method)";
        }
        double area = ua * 24.0 * f.solids_tph;
        double dmax = d->o[O_THICK_MAX_D], amax = 3.14159265358979323846 / 4.0 * dmax * dmax;
        it->count = fmax(1.0, ceil(area / amax - 1e-9));
        it->size = area / it->count;
        it->size_unit = "m²";
        it->capacity = ua > 0 ? amax / (24.0 * ua) : (double)NAN;
        it->capacity_unit = "t/h";
        it->load = f.solids_tph / it->count;
        it->utilisation_pct = 100.0 * it->load / it->capacity;
    } else if (!strcmp(t, "filter")) {
        if (!(it = item(d, u, "filter", "area = dry solids kg/h ÷ filtration rate kg/(m²·h)",
                        "filtration rate assumed (Wills & Finch 2016 ch. 15 for the method)")))
            return -1;
        double area = 1000.0 * f.solids_tph / d->o[O_FILTER_RATE];
        it->count = fmax(1.0, ceil(area / d->o[O_FILTER_MAX_M2] - 1e-9));
        it->size = area / it->count;
        it->size_unit = "m²";
        it->capacity = d->o[O_FILTER_MAX_M2] * d->o[O_FILTER_RATE] / 1000.0;
        it->capacity_unit = "t/h";
        it->load = f.solids_tph / it->count;
        it->utilisation_pct = 100.0 * it->load / it->capacity;
    } else if (!strcmp(t, "ball_mill") || !strcmp(t, "rod_mill")) {
        int rod = t[0] == 'r';
        if (!(it = item(d, u, rod ? "rod_mill" : "ball_mill",
                        "diameter inside liners for the Bond power at the set L/D (Rowland); "
                        "motor = power × (1 + margin)",
                        SRC_MILL)))
            return -1;
        /* charge bulk density: steel 7.8 t/m³ at 40 % voids for balls (Rowland's 4.65 t/m³ is
         * used) and 6.25 t/m³ for rods (Rowland & Kjos 1980) */
        double vp = d->o[rod ? O_MILL_VP_ROD : O_MILL_VP_BALL];
        double nm = fmax(1.0, ceil(pw / d->o[O_MILL_MAX_KW] - 1e-9)), p1 = pw / nm;
        double dm = orf_design_mill_diameter_m(p1, d->o[O_MILL_LD], vp, d->o[O_MILL_FCS],
                                               rod ? 6.25 : 4.65, rod);
        if (!isfinite(dm)) {
            d->n--;
            return 0;
        }
        it->count = nm;
        it->size = dm;
        it->size_unit = "m diameter";
        it->motor_kw = p1 * (1.0 + d->o[O_MOTOR_MARGIN] / 100.0);
        it->capacity = it->motor_kw;
        it->capacity_unit = "kW";
        it->load = p1;
        it->utilisation_pct = 100.0 * p1 / it->motor_kw;
    } else if (!strcmp(t, "crusher")) {
        /* the feed's top size is at most 85 % of the gape; Taggart's rule picks a jaw crusher
         * when t/h < 161.7 × gape² (gape in m), else a gyratory (Wills & Finch 2016 ch. 6) */
        double gape_m = f.top_um / 1e6 / 0.85;
        int jaw = f.solids_tph < 161.7 * gape_m * gape_m;
        if (!(gape_m > 0) ||
            !(it = item(d, u, jaw ? "jaw_crusher" : "gyratory_crusher",
                        "gape = feed top size ÷ 0.85; jaw if t/h < 161.7 gape² (Taggart)",
                        "Taggart 1945, in Wills & Finch 2016 ch. 6")))
            return gape_m > 0 ? -1 : 0;
        it->count = 1;
        it->size = gape_m * 1000.0;
        it->size_unit = "mm gape";
        it->capacity = f.solids_tph;
        it->capacity_unit = "t/h";
        it->load = f.solids_tph;
        it->utilisation_pct = NAN;
        if (isfinite(pw))
            it->motor_kw = pw * (1.0 + d->o[O_MOTOR_MARGIN] / 100.0);
    } else if (!strcmp(t, "saf_ferrochrome")) {
        double nf = param(u, "furnaces"), mva = result(u, "furnace_mva");
        double pf = param(u, "power_factor");
        if (!isfinite(mva) && pw > 0 && nf >= 1 && pf > 0)
            mva = pw / 1000.0 / nf / pf;
        if (!(mva > 0) || !(nf >= 1))
            return 0;
        if (!(it = item(d, u, "saf", "transformer MVA = electric MW per furnace ÷ power factor",
                        "Westly 1974 (SAF design: power, power factor); the unit's electric "
                        "model (src/units/saf_electric.c)")))
            return -1;
        it->count = nf;
        it->size = mva;
        it->size_unit = "MVA";
        it->load = pw / 1000.0 / nf; /* MW per furnace; the rating is the MVA itself */
        it->capacity_unit = "MW";
    } else {
        return 0;
    }
    if (!isfinite(it->motor_kw) && isfinite(pw) && pw > 0 && it->count >= 1)
        it->motor_kw = pw / it->count * (1.0 + d->o[O_MOTOR_MARGIN] / 100.0);
    return 1;
}

const char *orf__design_type_equipment(const char *t)
{
    static const char *const map[][2] = {
        {"spiral", "spiral_start"},
        {"shaking_table", "table_deck"},
        {"jig", "jig_cell"},
        {"whims", "whims"},
        {"hydrocyclone", "hydrocyclone"},
        {"flotation_bank", "flotation_cell"},
        {"thickener", "thickener"},
        {"filter", "filter"},
        {"ball_mill", "ball_mill"},
        {"rod_mill", "rod_mill"},
        {"crusher", "jaw_crusher"},
        {"saf_ferrochrome", "saf"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], t))
            return map[i][1];
    return NULL;
}
