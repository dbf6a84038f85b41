/* Plant design: the options of the flowsheet's `design:` section (each default with its source or
 * marked as an assumption) and the sizing formulas, each with its published source (docs/models.md
 * "Equipment sizing and factored CAPEX"). */
#include "design_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const design_opt_def orf__design_opts[O_COUNT] = {
    [O_CYC_KPA] = {"cyclone_pressure_kpa", "kPa", 70, 10, 500,
                   "design pressure drop of a fixed-cut hydrocyclone (assumption: Arterburn's "
                   "base of 10 psi)"},
    [O_CYC_MAX_DC] = {"cyclone_max_dc_cm", "cm", 100, 5, 300,
                      "largest cyclone diameter used (assumption: about the largest common "
                      "vendor sizes); a coarser cut than it gives is flagged in the method"},
    [O_FLOT_LAB_MIN] = {"flotation_lab_time_min", "min", 6, 0.1, 120,
                        "laboratory flotation time the bank is sized for (assumption)"},
    [O_FLOT_SCALEUP] = {"flotation_scale_up", "-", 2.0, 1, 5,
                        "plant/laboratory residence-time scale-up factor (Wills & Finch 2016 "
                        "ch. 12: about 2–2.5)"},
    [O_THICK_AREA] = {"thickener_unit_area_m2_per_tpd", "m²/(t/d)", 0.1, 1e-4, 10,
                      "thickener unit area when no settling test is given (assumption)"},
    [O_THICK_MAX_D] = {"thickener_max_diameter_m", "m", 50, 2, 200,
                       "largest thickener built before a second one (assumption)"},
    [O_FILTER_RATE] = {"filter_rate_kg_m2_h", "kg/(m²·h)", 400, 1, 1e4,
                       "dry-solids filtration rate of a concentrate (assumption)"},
    [O_FILTER_MAX_M2] = {"filter_max_m2", "m²", 60, 0.5, 1000,
                         "largest filter area of one machine (assumption)"},
    [O_MILL_LD] = {"mill_length_to_diameter", "-", 1.5, 0.3, 3,
                   "mill length over diameter (assumption, 1.2–1.8 common)"},
    [O_MILL_VP_BALL] = {"ball_mill_charge_fraction", "-", 0.40, 0.2, 0.5,
                        "ball charge fraction of the mill volume (Rowland: 0.40)"},
    [O_MILL_VP_ROD] = {"rod_mill_charge_fraction", "-", 0.40, 0.2, 0.5,
                       "rod charge fraction of the mill volume (Rowland: 0.35–0.40)"},
    [O_MILL_FCS] = {"mill_fraction_critical_speed", "-", 0.75, 0.5, 0.9,
                    "mill speed as a fraction of critical (Rowland: 0.70–0.78)"},
    [O_MILL_MAX_KW] = {"mill_max_kw", "kW", 22000, 100, 40000,
                       "largest mill drive before a second mill (assumption: about the largest "
                       "ball mills built, ≈ 22 MW gearless)"},
    [O_MOTOR_MARGIN] = {"motor_margin_pct", "%", 10, 0, 100,
                        "installed motor over the drawn power (assumption)"},
    [O_LANG] = {"lang_factor", "-", 3.63, 1, 10,
                "installed/purchased cost (Lang 1948: 3.10 solids, 3.63 solid–fluid, 4.74 "
                "fluid processing plants; a slurry concentrator is solid–fluid)"},
    [O_COST_YEAR] = {"cost_year", "-", 0, 1950, 2200,
                     "CEPCI year the costs are escalated to (default: the table's latest)"},
};

orf_status orf__design_options(orf_design *d)
{
    for (size_t i = 0; i < O_COUNT; i++)
        d->o[i] = orf__design_opts[i].dflt;
    const orf_node *sec = orf_flowsheet_section(d->fs, "design");
    if (!sec)
        return ORF_OK;
    if (orf_node_expect(d->ctx, sec, ORF_NODE_MAP, "design") != ORF_OK)
        return ORF_E_INPUT;
    const char *keys[O_COUNT + 4];
    for (size_t i = 0; i < O_COUNT; i++)
        keys[i] = orf__design_opts[i].name;
    keys[O_COUNT] = "installation";
    keys[O_COUNT + 1] = "thickener_test";
    keys[O_COUNT + 2] = "notes";
    keys[O_COUNT + 3] = NULL;
    size_t e0 = orf_ctx_error_count(d->ctx);
    orf_node_check_keys(d->ctx, sec, keys, "design");
    for (size_t i = 0; i < O_COUNT; i++) {
        const design_opt_def *o = &orf__design_opts[i];
        const orf_node *n = orf_node_get(sec, o->name);
        double v;
        char what[96];
        snprintf(what, sizeof what, "design.%s", o->name);
        if (!n || orf_node_number(d->ctx, n, what, &v) != ORF_OK)
            continue;
        if (!(v >= o->lo && v <= o->hi))
            orf_diag_emit(d->ctx, ORF_E_RANGE, &n->loc, NULL, "%s = %g is outside [%g, %g] %s",
                          what, v, o->lo, o->hi, o->unit);
        else if (i == O_COST_YEAR && v != floor(v))
            orf_diag_emit(d->ctx, ORF_E_INPUT, &n->loc, NULL, "%s = %g is not a year", what, v);
        else
            d->o[i] = v;
    }
    const orf_node *in = orf_node_get(sec, "installation");
    const char *s;
    if (in && orf_node_string(d->ctx, in, "design.installation", &s) == ORF_OK) {
        if (!strcmp(s, "hand"))
            d->hand = 1;
        else if (strcmp(s, "lang"))
            orf_diag_emit(d->ctx, ORF_E_INPUT, &in->loc, NULL,
                          "design.installation: '%s' is neither 'lang' nor 'hand'", s);
    }
    const orf_node *t = orf_node_get(sec, "thickener_test");
    if (t && orf_node_expect(d->ctx, t, ORF_NODE_MAP, "design.thickener_test") == ORF_OK) {
        static const char *const tk[] = {"dilution", "rate_m_h", NULL};
        orf_node_check_keys(d->ctx, t, tk, "design.thickener_test");
        const orf_node *f = orf_node_get(t, "dilution"), *r = orf_node_get(t, "rate_m_h");
        if (!f || !r || f->kind != ORF_NODE_SEQ || r->kind != ORF_NODE_SEQ || f->n != r->n ||
            f->n == 0 || f->n > DESIGN_MAX_TESTS) {
            orf_diag_emit(d->ctx, ORF_E_INPUT, &t->loc, NULL,
                          "design.thickener_test needs lists 'dilution' (t water/t solids) and "
                          "'rate_m_h' of the same length (1 to %d)",
                          DESIGN_MAX_TESTS);
        } else {
            for (size_t i = 0; i < f->n; i++) {
                double a = NAN, b = NAN;
                if (orf_node_number(d->ctx, f->items[i], "design.thickener_test.dilution", &a) ||
                    orf_node_number(d->ctx, r->items[i], "design.thickener_test.rate_m_h", &b))
                    continue;
                if (!(a > 0 && a < 1e3) || !(b > 0 && b < 1e3))
                    orf_diag_emit(d->ctx, ORF_E_RANGE, &f->items[i]->loc, NULL,
                                  "design.thickener_test: dilution %g and rate %g m/h must be "
                                  "positive (below 1000)",
                                  a, b);
                d->test_f[i] = a;
                d->test_r[i] = b;
            }
            d->ntest = f->n;
        }
    }
    return orf_ctx_error_count(d->ctx) > e0 ? ORF_E_INPUT : ORF_OK;
}

/* ---- formulas -------------------------------------------------------------------------------- */

double orf_design_cyclone_dc_cm(double d50c_um, double solids_vol_pct, double pressure_kpa,
                                double solids_density_kg_m3)
{
    double ds = solids_density_kg_m3 / 1000.0 - 1.0; /* ρs − ρl, t/m³ (water) */
    if (!(d50c_um > 0) || !(solids_vol_pct >= 0 && solids_vol_pct < 53) || !(pressure_kpa > 0) ||
        !(ds > 0))
        return NAN;
    double c1 = pow((53.0 - solids_vol_pct) / 53.0, -1.43);
    double c2 = 3.27 * pow(pressure_kpa, -0.28);
    double c3 = sqrt(1.65 / ds);
    return pow(d50c_um / (2.84 * c1 * c2 * c3), 1.0 / 0.66);
}

double orf_design_cyclone_q_m3h(double dc_cm, double pressure_kpa)
{
    return 9.4e-3 * sqrt(pressure_kpa) * dc_cm * dc_cm;
}

double orf_design_ball_kw_per_t(double d_m, double vp, double fcs)
{
    return 4.879 * pow(d_m, 0.3) * (3.2 - 3.0 * vp) * fcs *
           (1.0 - 0.1 / pow(2.0, 9.0 - 10.0 * fcs));
}

double orf_design_rod_kw_per_t(double d_m, double vp, double fcs)
{
    return 1.752 * pow(d_m, 0.33) * (6.3 - 5.4 * vp) * fcs;
}

/* power drawn by a mill of diameter D: kW per t of charge × charge mass (Vp π D²/4 L ρ) */
static double mill_power_kw(double d, double ld, double vp, double fcs, double rho, int rod)
{
    double kwt = rod ? orf_design_rod_kw_per_t(d, vp, fcs) : orf_design_ball_kw_per_t(d, vp, fcs);
    return kwt * vp * 3.14159265358979323846 / 4.0 * d * d * (ld * d) * rho;
}

double orf_design_mill_diameter_m(double power_kw, double ld, double vp, double fcs,
                                  double rho_t_m3, int rod)
{
    if (!(power_kw > 0) || !(ld > 0) || !(vp > 0 && vp < 1) || !(fcs > 0) || !(rho_t_m3 > 0))
        return NAN;
    double lo = 0.05, hi = 20.0; /* power rises with D (D^3.3): bisection */
    if (mill_power_kw(hi, ld, vp, fcs, rho_t_m3, rod) < power_kw)
        return NAN;
    for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (mill_power_kw(mid, ld, vp, fcs, rho_t_m3, rod) < power_kw)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

double orf_design_coe_clevenger_m2_per_tpd(double f_dilution, double d_dilution, double rate_m_h)
{
    if (!(rate_m_h > 0) || !(f_dilution > d_dilution))
        return 0.0; /* a layer no more dilute than the underflow needs no area */
    return (f_dilution - d_dilution) / (24.0 * rate_m_h);
}

double orf_design_cost_usd(double c_ref, double s_ref, double n, double s, double cepci_ref,
                           double cepci)
{
    return c_ref * pow(s / s_ref, n) * cepci / cepci_ref;
}
