/* oreflow — SAG/AG mill: Austin's (1990) power equation, a perfectly mixed population balance with
 * a discharge grate whose holdup is the ore held by the charge, and Morrell's (2004) energy–size
 * relation for the throughput the mill's power can grind.
 *
 *  - Power at the pinion from the mill's dimensions and charge (Austin 1990, Minerals &
 *    Metallurgical Processing 7(1), 57–63; orf__austin_sag_power_kw).
 *  - Product: per material and composition class, the perfect-mixing mill of Whiten (1974) with the
 *    AG/SAG discharge grate classification of Leung, Morrison & Whiten (1987) (Napier-Munn et al.
 *    1996 ch. 9): f_i + Σ b_ij r_j s_j = (r_i + d_i) s_i, p_i = d_i s_i, d_i = dmax·c(x_i).
 *    Breakage rates r_i are Austin's selection function (Austin, Klimpel & Luckie 1984; used for
 *    SAG mills by Austin, Menacho & Pearcy 1987) and b_ij Austin's breakage function. The maximum
 *    discharge rate dmax (1/h) is the one at which the solids held in the mill equal the ore the
 *    charge holds at the given load (orf__sag_ore_holdup_t), found by bisection in log dmax (the
 *    holdup falls monotonically with dmax): more feed → faster discharge → coarser product.
 *  - Throughput capacity = pinion power / W, W = Mia·4·(P80^f(P80) − F80^f(F80)) (Morrell 2004)
 *    with the product and feed 80 % passing sizes; a warning when the feed exceeds it.
 *    Rocks break themselves by impact as well (the rising branch of the SAG breakage-rate curve,
 *    Austin, Menacho & Pearcy 1987; Napier-Munn et al. 1996 ch. 9): an optional power law
 *    a_s·(x/100 mm)^α_s is added to Austin's rate (its form is this project's assumption).
 * Not modelled (documented in docs/models.md): pebble ports, slurry pooling, the load's response
 * to the feed rate (the load J is an input).
 */
#include <math.h>

#include "units/grinding_model.h"
#include "units/unit_common.h"
#include "units/units_cc.h"

enum {
    P_D,
    P_L,
    P_J,
    P_JB,
    P_PHIC,
    P_POROS,
    P_WC,
    P_RHOB,
    P_RHOS,
    P_MIA,
    P_XG,
    P_XM,
    P_A,
    P_ALPHA,
    P_MU,
    P_LAMBDA,
    P_PHI,
    P_GAMMA,
    P_BETA,
    P_ASELF,
    P_ALSELF,
    NPARAM
};

/* Defaults: a 9.75 m × 4.88 m (32 × 16 ft) SAG mill at 28 % load, 12 % balls, 75 % of critical
 * speed — the mid of the operating ranges in Wills & Finch (2016) ch. 7 and of Austin's (1990)
 * data; Austin's porosity 0.3 and slurry solids 0.8. The breakage parameters are assumptions
 * (Austin's ball-mill forms with a larger µ for large media): fit them to a survey. */
static const orf_param_def params[NPARAM] = {
    [P_D] = {"diameter_m", ORF_PARAM_NUMBER, "m", 0, 9.75, 0.5, 20,
             "inside shell diameter (Austin's D)"},
    [P_L] = {"length_m", ORF_PARAM_NUMBER, "m", 0, 4.88, 0.2, 20,
             "inside effective grinding length (Austin's L)"},
    [P_J] = {"load_pct", ORF_PARAM_NUMBER, "%", 0, 28, 1, 50,
             "total charge (balls and rocks) as % of the mill volume, J"},
    [P_JB] = {"ball_load_pct", ORF_PARAM_NUMBER, "%", 0, 12, 0, 50,
              "ball charge as % of the mill volume, JB (0: AG mill); at most load_pct"},
    [P_PHIC] = {"speed_pct_critical", ORF_PARAM_NUMBER, "%", 0, 75, 30, 95,
                "mill speed as % of the critical speed 42.3/√D rpm"},
    [P_POROS] = {"charge_porosity_pct", ORF_PARAM_NUMBER, "%", 0, 30, 10, 60,
                 "porosity of the charge, filled with slurry (Austin 1990: 30)"},
    [P_WC] = {"slurry_solids_pct", ORF_PARAM_NUMBER, "%", 0, 80, 30, 95,
              "mass % solids of the slurry in the charge (Austin 1990: 80)"},
    [P_RHOB] = {"ball_density_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 7750, 2000, 9000,
                "density of the grinding balls (forged steel)"},
    [P_RHOS] = {"ore_density_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 0, 0, 10000,
                "ore density in the power and holdup; 0: the feed solids' mean density"},
    [P_MIA] = {"mia_kwh_per_t", ORF_PARAM_NUMBER, "kWh/t", 0, 19, 1, 60,
               "Morrell's coarse work index Mia (SMC test; default: a medium-hard ore, an "
               "assumption)"},
    [P_XG] = {"grate_mm", ORF_PARAM_NUMBER, "mm", 0, 20, 0.1, 500,
              "grate aperture: coarser particles leave only by breakage"},
    [P_XM] = {"fines_mm", ORF_PARAM_NUMBER, "mm", 0, 1, 0.01, 500,
              "size below which particles discharge like water (< grate_mm)"},
    [P_A] = {"a_per_min", ORF_PARAM_NUMBER, "1/min", 0, 0.5, 1e-6, 100,
             "Austin selection function: breakage rate at 1 mm (assumption)"},
    [P_ALPHA] = {"alpha", ORF_PARAM_NUMBER, "-", 0, 0.9, 0.1, 3, "Austin selection exponent α"},
    [P_MU] =
        {"mu_mm", ORF_PARAM_NUMBER, "mm", 0, 40, 0.01, 1000,
         "Austin µ: size where the rate falls to half the power law (large media: tens of mm)"},
    [P_LAMBDA] = {"lambda", ORF_PARAM_NUMBER, "-", 0, 2.5, 0.1, 10,
                  "Austin Λ: steepness of the fall-off above µ"},
    [P_PHI] = {"phi", ORF_PARAM_NUMBER, "-", 0, 0.6, 0, 1,
               "Austin breakage φ: fraction of fines-producing breakage"},
    [P_GAMMA] = {"gamma", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.1, 5, "Austin breakage γ"},
    [P_BETA] = {"beta", ORF_PARAM_NUMBER, "-", 0, 4.0, 0.5, 20, "Austin breakage β"},
    [P_ASELF] = {"self_rate_per_min", ORF_PARAM_NUMBER, "1/min", 0, 0.0, 0, 100,
                 "self-breakage rate of 100 mm rocks, added to Austin's rate (the rising branch "
                 "of the SAG rate curve; 0: none)"},
    [P_ALSELF] = {"self_exponent", ORF_PARAM_NUMBER, "-", 0, 1.0, 0, 5,
                  "exponent of the self-breakage rate, a_s·(x/100 mm)^exponent"},
};

enum {
    R_POWER,
    R_SE,
    R_CAP,
    R_APPLIED,
    R_F80,
    R_P80,
    R_HOLDUP,
    R_DMAX,
    R_RPM,
    R_VOL,
    R_OVER,
    R_NOTHELD,
    NRESULT
};
static const orf_result_def results[NRESULT] = {
    [R_POWER] = {"power_kw", "kW", "power at the pinion, Austin (1990)"},
    [R_SE] = {"specific_energy_kwh_per_t", "kWh/t",
              "Morrell (2004) W = Mia·4·(P80^f(P80) − F80^f(F80)) for the computed F80 → P80"},
    [R_CAP] = {"throughput_capacity_tph", "t/h",
               "solids the power can grind from F80 to P80: power / specific energy"},
    [R_APPLIED] = {"applied_energy_kwh_per_t", "kWh/t", "power / feed solids t/h"},
    [R_F80] = {"f80_um", "µm", "80 % passing size of the feed"},
    [R_P80] = {"p80_um", "µm", "80 % passing size of the product"},
    [R_HOLDUP] = {"ore_holdup_t", "t", "ore held in the charge (rocks and slurry)"},
    [R_DMAX] = {"discharge_rate_per_h", "1/h",
                "maximum discharge rate dmax at which the mill holds ore_holdup_t"},
    [R_RPM] = {"speed_rpm", "rpm", "mill speed, fraction of critical × 42.3/√D"},
    [R_VOL] = {"volume_m3", "m³", "inside volume πD²L/4"},
    [R_OVER] = {"over_capacity", "warning",
                "the feed exceeds throughput_capacity_tph: the power cannot grind it to this P80"},
    [R_NOTHELD] = {"charge_not_held", "warning",
                   "the rocks that only breakage removes exceed the ore the charge holds: the "
                   "mill would fill (raise the breakage rates, the grate or the load)"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"product", NULL};

typedef struct {
    orf__feedbuf fb;
    double *b;       /* ns × ns, Austin breakage (where the separable form is refused) */
    double *sa, *sw; /* 2 ns each: separable factors of b (orf__austin_sep_factors) */
    int sep;
    double *r;     /* ns, 1/h */
    double *c;     /* ns, grate classification */
    double *f;     /* ncol × ns, feed columns */
    double *s, *p; /* ns scratch */
    double key[3];
} sag_state;

static orf_status sag_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_system *y = u->sys;
    size_t ns = y->ns, ncol = y->npm * y->nc;
    sag_state *s = u->state;
    s->b = orf_unit_alloc(u, ns * ns, sizeof(double));
    s->r = orf_unit_alloc(u, 4 * ns, sizeof(double));
    s->f = orf_unit_alloc(u, (ncol ? ncol : 1) * ns, sizeof(double));
    s->sa = orf_unit_alloc(u, 4 * ns, sizeof(double));
    if (!s->b || !s->r || !s->f || !s->sa)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    s->c = s->r + ns;
    s->s = s->c + ns;
    s->p = s->s + ns;
    s->sw = s->sa + 2 * ns;
    s->key[0] = s->key[1] = s->key[2] = -1.0;
    if (u->p[P_JB] > u->p[P_J]) {
        const orf_node *n = orf_unit_param_node(u, "ball_load_pct");
        return orf_diag_emit(ctx, ORF_E_RANGE, n ? &n->loc : &u->loc, u->name,
                             "ball_load_pct (%g) exceeds load_pct (%g)", u->p[P_JB], u->p[P_J]);
    }
    if (!(u->p[P_XM] < u->p[P_XG])) {
        const orf_node *n = orf_unit_param_node(u, "fines_mm");
        return orf_diag_emit(ctx, ORF_E_RANGE, n ? &n->loc : &u->loc, u->name,
                             "fines_mm (%g) must be below grate_mm (%g)", u->p[P_XM], u->p[P_XG]);
    }
    return orf__feedbuf_init(&s->fb, u, ctx);
}

/* One column of the perfect-mixing balance, separable or dense; returns the holdup. */
static double mix_solve(sag_state *st, size_t ns, const double *f, double dmax)
{
    if (st->sep)
        return orf__perfect_mixing_solve_sep(ns, f, st->r, st->c, dmax, st->sa, st->sw, st->s,
                                             st->p);
    return orf__perfect_mixing_solve(ns, f, st->r, st->c, dmax, st->b, st->s, st->p);
}

/* Solids held by the mill at discharge rate dmax, all columns. */
static double holdup_at(const orf_unit *u, sag_state *st, double dmax)
{
    const orf_system *y = u->sys;
    size_t ns = y->ns, ncol = y->npm * y->nc;
    double h = 0.0;
    for (size_t k = 0; k < ncol; k++)
        h += mix_solve(st, ns, st->f + k * ns, dmax);
    return h;
}

static int sag_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    sag_state *st = u->state;
    const orf_system *y = u->sys;
    const double *p = u->p;
    size_t ns = y->ns;
    const orf_stream *feed = orf__feedbuf_mix(&st->fb, u, in);
    if (!(p[P_JB] <= p[P_J]) || !(p[P_XM] < p[P_XG]))
        return -1; /* only reachable when a spec or Monte Carlo moves them */
    double fs, fv;
    orf__solids_volume(feed, &fs, &fv);
    double rho_s = p[P_RHOS] > 0.0 ? p[P_RHOS] / 1000.0 : (fv > 0.0 ? fs / fv : 2.7);
    double rho_w = y->mat[y->water]->density_kg_m3 / 1000.0;
    double j = p[P_J] / 100.0, jb = p[P_JB] / 100.0, eb = p[P_POROS] / 100.0;
    double wc = p[P_WC] / 100.0, phic = p[P_PHIC] / 100.0;
    double power =
        orf__austin_sag_power_kw(p[P_D], p[P_L], j, jb, eb, wc, rho_s, p[P_RHOB] / 1000.0, phic);
    double hold = orf__sag_ore_holdup_t(p[P_D], p[P_L], j, jb, eb, wc, rho_s, rho_w);
    if (st->key[0] != p[P_PHI] || st->key[1] != p[P_GAMMA] || st->key[2] != p[P_BETA]) {
        /* Austin's B is separable: O(ns) per column (breakage_sep.c) */
        st->sep = !orf__austin_sep_factors(ns, y->upper_um, p[P_PHI], p[P_GAMMA], p[P_BETA], st->sa,
                                           st->sw);
        if (!st->sep)
            orf__austin_breakage_matrix(ns, y->upper_um, p[P_PHI], p[P_GAMMA], p[P_BETA], st->b);
        st->key[0] = p[P_PHI];
        st->key[1] = p[P_GAMMA];
        st->key[2] = p[P_BETA];
    }
    for (size_t i = 0; i < ns; i++) {
        double x_mm = y->mid_um[i] / 1000.0;
        st->r[i] = 60.0 * (orf__austin_selection(x_mm, p[P_A], p[P_ALPHA], p[P_MU], p[P_LAMBDA]) +
                           p[P_ASELF] * pow(x_mm / 100.0, p[P_ALSELF]));
        st->c[i] = orf__grate_classification(x_mm, p[P_XM], p[P_XG]);
    }
    size_t ncol = y->npm * y->nc;
    for (size_t k = 0; k < y->npm; k++)
        for (size_t c = 0; c < y->nc; c++)
            orf__size_column_get(feed, (size_t)y->pmat[k], c, st->f + (k * y->nc + c) * ns);
    /* dmax: bisection in log dmax on holdup(dmax) = hold (holdup falls with dmax) */
    double lo = 1e-9, hi = 1e9;
    int not_held = 0;
    double dmax = hi;
    if (fs > 0.0) {
        if (holdup_at(u, st, hi) > hold) {
            not_held = 1;
        } else {
            for (int it = 0; it < 200 && hi / lo > 1.0 + 1e-13; it++) {
                double mid = sqrt(lo * hi);
                if (holdup_at(u, st, mid) > hold)
                    lo = mid;
                else
                    hi = mid;
            }
            dmax = sqrt(lo * hi);
        }
    }
    orf_stream_copy(out[0], feed);
    for (size_t k = 0; k < ncol; k++) {
        mix_solve(st, ns, st->f + k * ns, dmax);
        orf__size_column_put(out[0], (size_t)y->pmat[k / y->nc], k % y->nc, st->p);
    }
    double f80 = orf_stream_pxx_um(feed, 80.0), p80 = orf_stream_pxx_um(out[0], 80.0);
    double w = orf__morrell_specific_energy(p[P_MIA], f80, p80);
    u->r[R_POWER] = power;
    u->r[R_SE] = w;
    u->r[R_CAP] = w > 0.0 ? power / w : (double)NAN;
    u->r[R_APPLIED] = fs > 0.0 ? power / fs : (double)NAN;
    u->r[R_F80] = f80;
    u->r[R_P80] = p80;
    u->r[R_HOLDUP] = hold;
    u->r[R_DMAX] = fs > 0.0 ? dmax : (double)NAN;
    u->r[R_RPM] = phic * 42.3 / sqrt(p[P_D]);
    u->r[R_VOL] = 3.14159265358979323846 * p[P_D] * p[P_D] * p[P_L] / 4.0;
    u->r[R_OVER] = w > 0.0 && fs > power / w ? 1.0 : 0.0;
    u->r[R_NOTHELD] = not_held;
    return 0;
}

const orf_unit_type orf_unit_sag_mill = {
    .abi = ORF_UNIT_ABI,
    .name = "sag_mill",
    .family = "comminution",
    .summary = "SAG/AG mill: Austin power from dimensions and charge, perfectly mixed population "
               "balance with a discharge grate held at the charge's ore holdup, throughput "
               "capacity from Morrell's energy-size relation",
    .citation = "Austin (1990) Min. Metall. Process. 7(1), 57-63; Whiten (1974) Chem. Eng. Sci. "
                "29, 589-599; Leung, Morrison & Whiten (1987) Copper '87; Morrell (2004) Int. J. "
                "Miner. Process. 74, 133-141",
    .params = params,
    .nparams = NPARAM,
    .inlets = inlets,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = outlets,
    .noutlets = 1,
    .min_inlets = 1,
    .results = results,
    .nresults = NRESULT,
    .conserves_materials = 1,
    .flags = ORF_UNIT_MEMO, /* a pure function of the inlets and parameters */
    .setup = sag_setup,
    .compute = sag_compute,
    .state_size = sizeof(sag_state),
    .report_json = NULL,
};
