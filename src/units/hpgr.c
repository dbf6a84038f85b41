/* oreflow — high-pressure grinding rolls: continuity throughput, Schönert's power, and the
 * product of Torres & Casali (2009): single-particle breakage above the critical gap, then
 * particle-bed breakage with an energy-specific selection function in blocks across the roll
 * length under a parabolic pressure profile (the edge effect).
 *
 *  - Force F = F_sp·D·L (specific pressing force N/mm², D and L in mm → N).
 *  - Flake (cake) density rho_g = c_g·rho_s, feed bulk density rho_a = c_a·rho_s; critical gap
 *    x_c = s0·rho_g/rho_a (continuity of the strip), nip angle cos a = 1 − (x_c − s0)/D
 *    (Schönert 1988; Klymowsky et al. 2002).
 *  - The rolls run at the speed that passes the feed, U = G/(3600 rho_g s0 L) (continuity; Torres
 *    & Casali 2009); a warning when it exceeds max_speed_m_s (throughput_capacity_tph is the
 *    continuity throughput at that speed).
 *  - Power P = 2 F sin(a/2) U (Schönert 1988; Torres & Casali 2009), specific energy E = P/G.
 *  - Product, per material and composition class: particles coarser than x_c are broken singly
 *    until they are finer (Whiten's crusher equation p = (I − C)(I − BC)⁻¹f with C = 1 above x_c;
 *    Torres & Casali's single-particle compression zone), then the bed is ground in n_blocks
 *    equal blocks across the roll length, block k receiving the energy E·w_k of the parabolic
 *    pressure profile (orf__hpgr_block_pressure): the batch population balance in energy,
 *    dw_i/dE = −S^E_i w_i + Σ b_ij S^E_j w_j (Herbst & Fuerstenau 1980), solved as n_mixers equal
 *    mixers in series in energy (orf__mill_solve_mixers; plug flow as n_mixers → ∞). The two
 *    outer blocks are the edge product; the mean of all blocks (equal mass per block) the product.
 * References: grinding_model.c; docs/models.md "High-pressure grinding rolls".
 */
#include <math.h>

#include "units/grinding_model.h"
#include "units/unit_common.h"
#include "units/units_cc.h"

enum {
    P_D,
    P_L,
    P_GAP,
    P_UMAX,
    P_FSP,
    P_CG,
    P_CA,
    P_RHOS,
    P_S1E,
    P_Z1,
    P_Z2,
    P_PHI,
    P_GAMMA,
    P_BETA,
    P_NB,
    P_NMIX,
    NPARAM
};

static const orf_param_def params[NPARAM] = {
    [P_D] = {"diameter_m", ORF_PARAM_NUMBER, "m", 0, 1.7, 0.1, 4, "roll diameter D"},
    [P_L] = {"length_m", ORF_PARAM_NUMBER, "m", 0, 1.4, 0.05, 4, "roll length (width) L"},
    [P_GAP] = {"gap_mm", ORF_PARAM_NUMBER, "mm", 0, 35, 0.5, 200,
               "working gap s0 (default ≈ 2 % of D, Klymowsky et al. 2002; an assumption)"},
    [P_UMAX] = {"max_speed_m_s", ORF_PARAM_NUMBER, "m/s", 0, 2.0, 0.05, 5,
                "highest peripheral roll speed (throughput capacity at it)"},
    [P_FSP] = {"specific_force_n_mm2", ORF_PARAM_NUMBER, "N/mm²", 0, 3.5, 0.5, 10,
               "specific pressing force F/(D·L) (2-5 N/mm² in hard-rock practice, Klymowsky "
               "et al. 2002)"},
    [P_CG] = {"flake_density_factor", ORF_PARAM_NUMBER, "-", 0, 0.83, 0.5, 1,
              "flake (cake) density / solid density (0.80-0.85 typical, Torres & Casali 2009)"},
    [P_CA] = {"bulk_density_factor", ORF_PARAM_NUMBER, "-", 0, 0.60, 0.3, 0.95,
              "feed bulk density / solid density (an assumption: ~0.6 for crushed ore)"},
    [P_RHOS] = {"ore_density_kg_m3", ORF_PARAM_NUMBER, "kg/m³", 0, 0, 0, 10000,
                "solid density; 0: the feed solids' mean density"},
    [P_S1E] = {"s1e_t_per_kwh", ORF_PARAM_NUMBER, "t/kWh", 0, 0.5, 1e-6, 100,
               "energy-specific selection function at 1 mm (Herbst & Fuerstenau 1980; fit to "
               "a piston-press or pilot test, default an assumption)"},
    [P_Z1] = {"zeta1", ORF_PARAM_NUMBER, "-", 0, 0.6, -5, 5,
              "ζ1 of ln(S^E/S^E_1) = ζ1 ln(x/1 mm) + ζ2 ln²(x/1 mm)"},
    [P_Z2] = {"zeta2", ORF_PARAM_NUMBER, "-", 0, 0.0, -2, 2, "ζ2 of the selection function"},
    [P_PHI] = {"phi", ORF_PARAM_NUMBER, "-", 0, 0.6, 0, 1, "Austin breakage φ"},
    [P_GAMMA] = {"gamma", ORF_PARAM_NUMBER, "-", 0, 1.0, 0.1, 5, "Austin breakage γ"},
    [P_BETA] = {"beta", ORF_PARAM_NUMBER, "-", 0, 4.0, 0.5, 20, "Austin breakage β"},
    [P_NB] = {"blocks", ORF_PARAM_NUMBER, "-", 0, 10, 3, 100,
              "equal blocks across the roll length (the two outer ones: the edge)"},
    [P_NMIX] = {"n_mixers", ORF_PARAM_NUMBER, "-", 0, 20, 1, 200,
                "mixers in series in energy for the bed's population balance (→ plug flow)"},
};

enum {
    R_POWER,
    R_SE,
    R_CAP,
    R_SPEED,
    R_FORCE,
    R_XC,
    R_NIP,
    R_F80,
    R_P80,
    R_EDGE,
    R_CENTRE,
    R_PRE,
    R_OVER,
    NRESULT
};
static const orf_result_def results[NRESULT] = {
    [R_POWER] = {"power_kw", "kW", "P = 2 F sin(a/2) U (Schönert 1988)"},
    [R_SE] = {"specific_energy_kwh_per_t", "kWh/t", "power / feed solids t/h"},
    [R_CAP] = {"throughput_capacity_tph", "t/h", "3600 rho_g s0 L U_max"},
    [R_SPEED] = {"speed_m_s", "m/s", "roll speed that passes the feed (continuity)"},
    [R_FORCE] = {"force_kn", "kN", "pressing force F_sp·D·L"},
    [R_XC] = {"critical_gap_mm", "mm", "gap at which the bed forms, s0·rho_g/rho_a"},
    [R_NIP] = {"nip_angle_deg", "°", "angle of nip, cos a = 1 − (x_c − s0)/D"},
    [R_F80] = {"f80_um", "µm", "80 % passing size of the feed"},
    [R_P80] = {"p80_um", "µm", "80 % passing size of the product"},
    [R_EDGE] = {"edge_p80_um", "µm", "P80 of the two outer blocks (edge product)"},
    [R_CENTRE] = {"centre_p80_um", "µm", "P80 of the inner blocks (centre product)"},
    [R_PRE] = {"precrushed_pct", "%", "feed solids coarser than the critical gap"},
    [R_OVER] = {"over_capacity", "warning",
                "the feed needs a roll speed above max_speed_m_s (more than the rolls pass)"},
};

static const char *const inlets[] = {"feed", NULL};
static const char *const outlets[] = {"product", NULL};

typedef struct {
    orf__feedbuf fb;
    double *b;       /* ns × ns (where the separable form is refused) */
    double *sa, *sw; /* 2 ns each: orf__austin_sep_factors */
    int sep;
    double *c, *se, *x, *t, *acc, *ed, *ce; /* ns each */
    double key[3];
} hpgr_state;

static orf_status hpgr_setup(orf_unit *u, orf_ctx *ctx)
{
    size_t ns = u->sys->ns;
    hpgr_state *s = u->state;
    s->b = orf_unit_alloc(u, ns * ns, sizeof(double));
    s->c = orf_unit_alloc(u, 7 * ns, sizeof(double));
    s->sa = orf_unit_alloc(u, 4 * ns, sizeof(double));
    if (!s->b || !s->c || !s->sa)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    s->se = s->c + ns;
    s->x = s->se + ns;
    s->t = s->x + ns;
    s->acc = s->t + ns;
    s->ed = s->acc + ns;
    s->ce = s->ed + ns;
    s->sw = s->sa + 2 * ns;
    s->key[0] = s->key[1] = s->key[2] = -1.0;
    static const char *const whole[] = {"blocks", "n_mixers"};
    static const int idx[] = {P_NB, P_NMIX};
    for (int i = 0; i < 2; i++) {
        const orf_node *n = orf_unit_param_node(u, whole[i]);
        if (n && u->p[idx[i]] != floor(u->p[idx[i]]))
            return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, u->name,
                                 "%s must be a whole number, not %g", whole[i], u->p[idx[i]]);
    }
    if (!(u->p[P_CA] < u->p[P_CG])) {
        const orf_node *n = orf_unit_param_node(u, "bulk_density_factor");
        return orf_diag_emit(ctx, ORF_E_RANGE, n ? &n->loc : &u->loc, u->name,
                             "bulk_density_factor (%g) must be below flake_density_factor (%g): "
                             "the rolls compact the feed",
                             u->p[P_CA], u->p[P_CG]);
    }
    return orf__feedbuf_init(&s->fb, u, ctx);
}

static int hpgr_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    hpgr_state *st = u->state;
    const orf_system *y = u->sys;
    const double *p = u->p;
    size_t ns = y->ns;
    const orf_stream *feed = orf__feedbuf_mix(&st->fb, u, in);
    if (!(p[P_CA] < p[P_CG]))
        return -1; /* only reachable when a spec or Monte Carlo moves them */
    double fs, fv;
    orf__solids_volume(feed, &fs, &fv);
    double rho_s = p[P_RHOS] > 0.0 ? p[P_RHOS] / 1000.0 : (fv > 0.0 ? fs / fv : 2.7); /* t/m³ */
    double rho_g = p[P_CG] * rho_s, s0 = p[P_GAP] / 1000.0;
    double xc = orf__hpgr_critical_gap_m(s0, p[P_CA] * rho_s, rho_g);
    double nip = orf__hpgr_nip_angle_rad(p[P_D], s0, xc);
    double force = 1000.0 * p[P_FSP] * p[P_D] * p[P_L];
    double speed = fs / orf__hpgr_throughput_tph(rho_g, s0, p[P_L], 1.0);
    double power = orf__hpgr_power_kw(force, nip, speed);
    double esp = fs > 0.0 ? power / fs : 0.0;
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
    double xc_um = 1e6 * xc, pre = 0.0;
    for (size_t i = 0; i < ns; i++) {
        st->c[i] = y->mid_um[i] > xc_um ? 1.0 : 0.0;
        st->se[i] = orf__energy_selection(y->mid_um[i] / 1000.0, p[P_S1E], p[P_Z1], p[P_Z2]);
        st->ed[i] = st->ce[i] = 0.0;
        pre += st->c[i] * orf_stream_size_tph(feed, i);
    }
    size_t nb = (size_t)p[P_NB];
    int nmix = (int)p[P_NMIX];
    orf_stream_copy(out[0], feed);
    for (size_t k = 0; k < y->npm; k++)
        for (size_t c = 0; c < y->nc; c++) {
            size_t m = (size_t)y->pmat[k];
            orf__size_column_get(feed, m, c, st->x);
            if (st->sep)
                orf__crusher_solve_austin_sep(ns, st->c, st->sa, st->sw, st->x, st->x);
            else
                orf__crusher_solve(ns, st->c, st->b, st->x, st->x, NULL);
            for (size_t i = 0; i < ns; i++)
                st->acc[i] = 0.0;
            for (size_t blk = 0; blk < nb; blk++) {
                for (size_t i = 0; i < ns; i++)
                    st->t[i] = st->x[i] / (double)nb;
                double e = esp * orf__hpgr_block_pressure(blk, nb);
                if (st->sep)
                    orf__mill_solve_mixers_sep(ns, st->se, st->sa, st->sw, e, nmix, st->t);
                else
                    orf__mill_solve_mixers(ns, st->se, st->b, e, nmix, st->t);
                int edge = blk == 0 || blk + 1 == nb;
                for (size_t i = 0; i < ns; i++) {
                    st->acc[i] += st->t[i];
                    (edge ? st->ed : st->ce)[i] += st->t[i];
                }
            }
            orf__size_column_put(out[0], m, c, st->acc);
        }
    u->r[R_POWER] = power;
    u->r[R_SE] = fs > 0.0 ? esp : (double)NAN;
    u->r[R_CAP] = orf__hpgr_throughput_tph(rho_g, s0, p[P_L], p[P_UMAX]);
    u->r[R_SPEED] = speed;
    u->r[R_FORCE] = force;
    u->r[R_XC] = 1000.0 * xc;
    u->r[R_NIP] = nip * 180.0 / 3.14159265358979323846;
    u->r[R_F80] = orf_stream_pxx_um(feed, 80.0);
    u->r[R_P80] = orf_stream_pxx_um(out[0], 80.0);
    u->r[R_EDGE] = orf__pxx_of_sizes(ns, y->upper_um, y->lower_um, st->ed, 80.0);
    u->r[R_CENTRE] = orf__pxx_of_sizes(ns, y->upper_um, y->lower_um, st->ce, 80.0);
    u->r[R_PRE] = fs > 0.0 ? 100.0 * pre / fs : 0.0;
    u->r[R_OVER] = speed > p[P_UMAX] ? 1.0 : 0.0;
    return 0;
}

const orf_unit_type orf_unit_hpgr = {
    .abi = ORF_UNIT_ABI,
    .name = "hpgr",
    .family = "comminution",
    .summary = "High-pressure grinding rolls: continuity throughput, power 2F sin(a/2) U, "
               "Torres-Casali product (single-particle breakage above the critical gap, bed "
               "breakage in blocks under a parabolic pressure profile, edge effect)",
    .citation = "Schönert (1988) Int. J. Miner. Process. 22, 401-412; Klymowsky et al. (2002) "
                "SME Mineral Processing Plant Design 636-668; Torres & Casali (2009) Minerals "
                "Engineering 22, 1137-1146; Herbst & Fuerstenau (1980) Int. J. Miner. Process. "
                "7, 1-31",
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
    .setup = hpgr_setup,
    .compute = hpgr_compute,
    .state_size = sizeof(hpgr_state),
    .report_json = NULL,
};
