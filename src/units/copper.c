/* Copper smelting and refining: the matte/slag settler of a smelting or slag-cleaning furnace (Cu
 * lost to slag as dissolved + entrained Cu, a function of the matte grade) and the electrolytic
 * refinery (cathode, anode slimes and the cell energy from Faraday's law).
 *
 * matte_settler. The molten bath of a furnace splits into the materials listed as `matte` and the
 * slag (all others). The slag carries the element (Cu) in two forms (Davenport, King, Schlesinger
 * & Biswas, "Extractive Metallurgy of Copper", 4th ed., Elsevier 2002, ch. 11; Nagamori 1974,
 * Metall. Trans. 5:531-538 for the split into sulfidic and oxidic dissolution):
 *   entrained  : matte droplets, e = entrained_matte_pct/100 of the slag mass, of the matte's own
 *                composition (they carry its Au and Ag too): Cu_ent = e·g, g the matte grade;
 *   dissolved  : d = (sulfidic_pct + oxidic_pct · x_Cu2S/x_FeS)/100 (mass fraction of the slag).
 * The oxidic term follows the exchange equilibrium Cu2O(slag) + FeS(matte) = Cu2S(matte) +
 * FeO(slag) (Yazawa 1974, Can. Metall. Q. 13:443-453): at a fixed FeO activity and Cu2O activity
 * coefficient in the slag, x_Cu2O ∝ a_Cu2S/a_FeS, taken as the mole-fraction ratio of an ideal
 * Cu2S-FeS matte; it rises steeply towards white metal (x_FeS -> 0; x_FeS is floored at 0.01).
 * `sulfidic_pct` and `oxidic_pct` are the two lumped constants (calibrated per furnace; see
 * docs/models.md). Given `element_in_slag_pct` instead, the total is fixed (converter slags,
 * whose Cu is set by the end point of the blow, and cleaned slags): d = total − e·g.
 * With S0 the t/h of slag-forming materials and w the element fraction of the `carrier`
 * material that holds the dissolved element (Cu2S for matte, Cu for blister), the slag is
 *   T = S0 / (1 − e − d/w),  entrained matte e·T (all matte materials in proportion),
 *   dissolved carrier d·T/w.
 * The dissolved Cu is carried as the carrier material (not as Cu2O): a pure split, no reaction,
 * so materials and elements are conserved exactly. An electric slag-cleaning furnace draws
 * `power_kwh_per_t_slag` per t of slag leaving it.
 *
 * electrorefiner. The anode metal dissolves and plates on the cathodes; the insoluble materials
 * (Au, Ag, Se, Te, PGM) fall as anode slimes (Davenport et al. 2002, ch. 16). Charge per t of
 * cathode metal: z·F·10⁶/M (C/t), so the cell energy is
 *   kWh/t = z·F·V·10⁶ / (M · CE · η_rect · 3.6·10⁶)
 * with V the cell voltage (busbars and contacts included), CE the current efficiency and η_rect
 * the rectifier efficiency. Materials named in `to_slimes_pct` go to the slimes in that share;
 * the metal in `metal_to_slimes_pct`; every other material is taken to dissolve and co-deposit
 * (to the cathode; the electrolyte bleed is not modelled). */
#include <math.h>
#include <string.h>

#include "units_impl.h"

static const double FARADAY_C_MOL = 96485.33212; /* CODATA 2018, exact since the 2019 SI */

/* Material index of STRING parameter `key` (or `dflt` when not given; -1 for a missing optional
 * default); emits a located diagnostic for an unknown name. Returns -2 on error. */
static int material_param(orf_ctx *ctx, const orf_unit *u, const char *key, const char *dflt)
{
    const orf_node *n = orf_unit_param_node(u, key);
    if (!n)
        return dflt ? orf__material_index(u->sys, dflt) : -1;
    const char *s;
    if (orf_node_string(ctx, n, key, &s))
        return -2;
    int m = orf__material_key(ctx, u, n, key);
    return m < 0 ? -2 : m;
}

/* ---- matte_settler --------------------------------------------------------------------------- */

typedef struct settler_state {
    orf__feedbuf fb;
    int *is_matte; /* nm */
    double *fa;    /* nm: fraction to the matte outlet (compute scratch) */
    int el, carrier, cu2s, fes, fixed;
    double w_carrier;
} settler_state;

static const orf_param_def settler_params[] = {
    {"matte", ORF_PARAM_TABLE, "-", 1, 0, 0, 0,
     "list of the materials that form the matte (or metal) phase; all others form the slag"},
    {"element", ORF_PARAM_STRING, "-", 0, 0, 0, 0, "element lost to the slag (default Cu)"},
    {"carrier", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "matte material that carries the dissolved element into the slag (default: the first "
     "matte material holding the element)"},
    {"sulfidic_pct", ORF_PARAM_NUMBER, "mass %", 0, 0.3, 0, 10,
     "dissolved element in slag independent of the matte grade (sulfidic dissolution)"},
    {"oxidic_pct", ORF_PARAM_NUMBER, "mass %", 0, 0.26, 0, 10,
     "dissolved element in slag per unit x_Cu2S/x_FeS of the matte (oxidic dissolution)"},
    {"sulfide", ORF_PARAM_STRING, "-", 0, 0, 0, 0, "matte material Cu2S (default 'Cu2S')"},
    {"iron_sulfide", ORF_PARAM_STRING, "-", 0, 0, 0, 0, "matte material FeS (default 'FeS')"},
    {"entrained_matte_pct", ORF_PARAM_NUMBER, "mass %", 0, 1.0, 0, 30,
     "matte droplets entrained in the slag, % of the slag mass"},
    {"element_in_slag_pct", ORF_PARAM_NUMBER, "mass %", 0, 0, 0, 50,
     "fixed total element in slag (dissolved + entrained) instead of the matte-grade relation"},
    {"power_kwh_per_t_slag", ORF_PARAM_NUMBER, "kWh/t", 0, 0, 0, 2000,
     "electric energy per t of slag leaving (electric slag-cleaning furnace); 0: none"},
};
enum { S_MATTE, S_EL, S_CARRIER, S_SULF, S_OX, S_CU2S, S_FES, S_ENT, S_FIXED, S_KWH };

static const orf_result_def settler_results[] = {
    {"matte_grade_pct", "mass %", "element in the matte phase of the feed (e.g. % Cu of matte)"},
    {"element_in_slag_pct", "mass %", "element in the slag leaving, dissolved + entrained"},
    {"dissolved_pct", "mass %", "dissolved element, % of the slag"},
    {"entrained_pct", "mass %", "element in entrained matte, % of the slag"},
    {"to_slag_pct", "%", "share of the feed's element that leaves with the slag"},
    {"slag_tph", "t/h", "slag leaving"},
    {"power_kw", "kW", "electric power (power_kwh_per_t_slag × slag)"},
};
enum { SR_GRADE, SR_SLAG_PCT, SR_DISS, SR_ENT, SR_TO_SLAG, SR_SLAG_TPH, SR_POWER };

static const char *const settler_in[] = {"in", NULL};
static const char *const settler_out[] = {"matte", "slag", NULL};

static orf_status settler_setup(orf_unit *u, orf_ctx *ctx)
{
    settler_state *s = u->state;
    const orf_system *y = u->sys;
    orf_status st = orf__feedbuf_init(&s->fb, u, ctx);
    if (st)
        return st;
    s->is_matte = orf_unit_alloc(u, y->nm, sizeof(int));
    s->fa = orf_unit_alloc(u, y->nm, sizeof(double));
    if (!s->is_matte || !s->fa)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    const orf_node *mn = orf_unit_param_node(u, "matte");
    if (orf_node_expect(ctx, mn, ORF_NODE_SEQ, "matte (a list of materials)"))
        return ORF_E_INPUT;
    for (size_t i = 0; i < mn->n; i++) {
        int m = orf__material_key(ctx, u, mn->items[i], "matte");
        if (m < 0)
            st = ORF_E_UNKNOWN_NAME;
        else
            s->is_matte[m] = 1;
    }
    if (st)
        return st;
    const char *el = "Cu";
    const orf_node *en = orf_unit_param_node(u, "element");
    if (en && orf_node_string(ctx, en, "element", &el))
        return ORF_E_INPUT;
    s->el = orf_matdb_element_index(y->db, el);
    if (s->el < 0)
        return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, en ? &en->loc : &u->loc, u->name,
                             "'%s' is not an element of the materials database", el);
    s->carrier = material_param(ctx, u, "carrier", NULL);
    if (s->carrier == -2)
        return ORF_E_INPUT;
    for (size_t m = 0; m < y->nm && s->carrier < 0; m++)
        if (s->is_matte[m] && orf_material_element_frac(y->mat[m], s->el) > 0)
            s->carrier = (int)m;
    if (s->carrier < 0 || !s->is_matte[s->carrier] ||
        !(orf_material_element_frac(y->mat[s->carrier], s->el) > 0))
        return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                             "matte_settler '%s' needs a matte material holding %s to carry the "
                             "dissolved %s (give 'carrier')",
                             u->name, el, el);
    s->w_carrier = orf_material_element_frac(y->mat[s->carrier], s->el);
    s->fixed = orf_unit_param_node(u, "element_in_slag_pct") != NULL;
    if (s->fixed)
        return ORF_OK;
    /* the matte-grade relation needs the Cu2S and FeS of the matte */
    s->cu2s = material_param(ctx, u, "sulfide", "Cu2S");
    s->fes = material_param(ctx, u, "iron_sulfide", "FeS");
    if (s->cu2s == -2 || s->fes == -2)
        return ORF_E_INPUT;
    if (s->cu2s < 0 || s->fes < 0 || !s->is_matte[s->cu2s] || !s->is_matte[s->fes])
        return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                             "the matte-grade relation of '%s' needs the matte's Cu2S and FeS "
                             "among 'matte' (name them with 'sulfide' and 'iron_sulfide'), or "
                             "give element_in_slag_pct",
                             u->name);
    if (!(y->mat[s->cu2s]->molar_mass_g_mol > 0) || !(y->mat[s->fes]->molar_mass_g_mol > 0))
        return orf_diag_emit(ctx, ORF_E_INPUT, &mn->loc, u->name,
                             "'sulfide' and 'iron_sulfide' need materials with a formula");
    return ORF_OK;
}

static int settler_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    settler_state *s = u->state;
    const orf_system *y = u->sys;
    const orf_stream *feed = orf__feedbuf_mix(&s->fb, u, in);
    double matte = 0, slag0 = 0, el_matte = 0, el_feed = 0;
    for (size_t m = 0; m < y->nm; m++) {
        double t = orf_stream_material_tph(feed, m),
               w = orf_material_element_frac(y->mat[m], s->el);
        el_feed += t * w;
        if (s->is_matte[m]) {
            matte += t;
            el_matte += t * w;
        } else
            slag0 += t;
    }
    double g = matte > 0 ? el_matte / matte : 0.0, e = u->p[S_ENT] / 100.0, d;
    if (s->fixed) {
        d = u->p[S_FIXED] / 100.0 - e * g;
        if (d < 0)
            d = 0;
    } else {
        double n1 = orf_stream_material_tph(feed, (size_t)s->cu2s) /
                    y->mat[s->cu2s]->molar_mass_g_mol,
               n2 =
                   orf_stream_material_tph(feed, (size_t)s->fes) / y->mat[s->fes]->molar_mass_g_mol;
        double floor = 0.01 * (n1 + n2), ratio = n1 > 0 ? n1 / (n2 > floor ? n2 : floor) : 0.0;
        d = (u->p[S_SULF] + u->p[S_OX] * ratio) / 100.0;
    }
    int rc = 0;
    double den = 1.0 - e - d / s->w_carrier;
    double slag = den > 0.05 ? slag0 / den : slag0 / 0.05;
    double ent = e * slag, diss = d * slag / s->w_carrier;
    double carrier_t = orf_stream_material_tph(feed, (size_t)s->carrier);
    /* not enough matte for the losses (a starved furnace, or the first pass of a recycle): the
     * losses take what there is, and the unit says so */
    if (matte <= 0 || ent + diss > matte) {
        ent = matte > 0 ? ent * matte / (ent + diss) : 0;
        diss = matte - ent;
        rc = matte > 0 ? 1 : 0;
    }
    if (matte > 0 && ent * carrier_t / matte + diss > carrier_t)
        diss = carrier_t * (1.0 - ent / matte);
    for (size_t m = 0; m < y->nm; m++) {
        double t = orf_stream_material_tph(feed, m);
        if (!s->is_matte[m] || !(t > 0)) {
            s->fa[m] = s->is_matte[m] ? 1.0 : 0.0;
            continue;
        }
        double to_slag = ent * t / matte + ((int)m == s->carrier ? diss : 0.0);
        double f = 1.0 - to_slag / t;
        s->fa[m] = f < 0 ? 0 : f > 1 ? 1 : f;
    }
    orf__split_by_material(feed, out[0], out[1], s->fa, NULL, s->fa);
    double slag_out = orf_stream_total_tph(out[1]);
    double el_slag = orf_stream_element_tph(out[1], s->el);
    u->r[SR_GRADE] = 100.0 * g;
    u->r[SR_SLAG_PCT] = slag_out > 0 ? 100.0 * el_slag / slag_out : 0.0;
    u->r[SR_ENT] = slag_out > 0 ? 100.0 * ent * g / slag_out : 0.0;
    u->r[SR_DISS] = u->r[SR_SLAG_PCT] - u->r[SR_ENT];
    u->r[SR_TO_SLAG] = el_feed > 0 ? 100.0 * el_slag / el_feed : 0.0;
    u->r[SR_SLAG_TPH] = slag_out;
    u->r[SR_POWER] = u->p[S_KWH] * slag_out;
    return rc;
}

const orf_unit_type orf_unit_matte_settler = {
    .abi = ORF_UNIT_ABI,
    .name = "matte_settler",
    .family = "copper",
    .summary = "matte/slag separation of a smelting, converting or slag-cleaning furnace: element "
               "(Cu) lost to slag dissolved (a function of matte grade) and entrained",
    .citation = "Davenport, King, Schlesinger & Biswas (2002) Extractive Metallurgy of Copper, 4th "
                "ed., ch. 11; Nagamori (1974) Metall. Trans. 5:531; Yazawa (1974) Can. Metall. "
                "Q. 13:443",
    .params = settler_params,
    .nparams = sizeof settler_params / sizeof *settler_params,
    .inlets = settler_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = settler_out,
    .noutlets = 2,
    .results = settler_results,
    .nresults = sizeof settler_results / sizeof *settler_results,
    .conserves_materials = 1,
    .setup = settler_setup,
    .compute = settler_compute,
    .state_size = sizeof(settler_state),
};

/* ---- electrorefiner -------------------------------------------------------------------------- */

typedef struct er_state {
    orf__feedbuf fb;
    double *fa; /* nm: fraction to the cathode */
    int metal;
    double molar_mass_g_mol;
} er_state;

static const orf_param_def er_params[] = {
    {"metal", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "material plated on the cathodes, a pure element (default 'Cu')"},
    {"cell_voltage_v", ORF_PARAM_NUMBER, "V", 0, 0.3, 0.05, 3,
     "voltage per cell, busbar and contact drops included"},
    {"current_efficiency_pct", ORF_PARAM_NUMBER, "%", 0, 96, 50, 100,
     "share of the current that plates the metal"},
    {"rectifier_efficiency_pct", ORF_PARAM_NUMBER, "%", 0, 100, 50, 100,
     "AC to DC conversion efficiency"},
    {"electrons", ORF_PARAM_NUMBER, "-", 0, 2, 1, 8, "electrons per atom plated (Cu2+: 2)"},
    {"to_slimes_pct", ORF_PARAM_TABLE, "%", 0, 0, 0, 100,
     "material -> % of it in the anodes that falls to the slimes (others co-deposit)"},
    {"metal_to_slimes_pct", ORF_PARAM_NUMBER, "%", 0, 0, 0, 100,
     "% of the anode metal that reports to the slimes"},
};
enum { E_METAL, E_VOLT, E_CE, E_RECT, E_Z, E_SLIMES, E_METAL_SLIMES };

static const orf_result_def er_results[] = {
    {"power_kw", "kW", "electric power drawn (AC)"},
    {"specific_energy_kwh_per_t", "kWh/t", "electric energy per t of cathode"},
    {"current_ka", "kA", "total cell current (all cells in parallel: the sum)"},
    {"cathode_purity_pct", "mass %", "metal in the cathode"},
};
enum { ER_POWER, ER_SPEC, ER_CURRENT, ER_PURITY };

static const char *const er_out[] = {"cathode", "slimes", NULL};

static orf_status er_setup(orf_unit *u, orf_ctx *ctx)
{
    er_state *s = u->state;
    const orf_system *y = u->sys;
    orf_status st = orf__feedbuf_init(&s->fb, u, ctx);
    if (st)
        return st;
    s->fa = orf_unit_alloc(u, y->nm, sizeof(double));
    if (!s->fa)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    s->metal = material_param(ctx, u, "metal", "Cu");
    if (s->metal == -2)
        return ORF_E_INPUT;
    if (s->metal < 0 || y->mat[s->metal]->nel != 1)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "electrorefiner '%s' needs 'metal', a material of one element "
                             "(default 'Cu')",
                             u->name);
    s->molar_mass_g_mol = orf_matdb_element(y->db, (size_t)y->mat[s->metal]->el[0])->atomic_mass;
    for (size_t m = 0; m < y->nm; m++)
        s->fa[m] = 1.0;
    const orf_node *sn = orf_unit_param_node(u, "to_slimes_pct");
    if (sn && orf__read_material_map(ctx, u, sn, 0, 100, s->fa, NULL))
        return ORF_E_INPUT;
    if (sn)
        for (size_t i = 0; i < sn->n; i++) {
            int m = orf__material_index(y, sn->keys[i]->str);
            s->fa[m] = 1.0 - s->fa[m] / 100.0;
        }
    return ORF_OK;
}

static int er_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    er_state *s = u->state;
    const orf_stream *feed = orf__feedbuf_mix(&s->fb, u, in);
    s->fa[s->metal] = 1.0 - u->p[E_METAL_SLIMES] / 100.0;
    orf__split_by_material(feed, out[0], out[1], s->fa, NULL, s->fa);
    double metal_tph = orf_stream_material_tph(out[0], (size_t)s->metal);
    double cath_tph = orf_stream_total_tph(out[0]);
    double ce = u->p[E_CE] / 100.0, rect = u->p[E_RECT] / 100.0;
    /* charge: z F per mol plated / CE; mol/h = t/h · 1e6 / M */
    double amps = metal_tph * 1e6 / s->molar_mass_g_mol * u->p[E_Z] * FARADAY_C_MOL / ce / 3600.0;
    u->r[ER_CURRENT] = amps / 1000.0;
    u->r[ER_POWER] = amps * u->p[E_VOLT] / rect / 1000.0;
    u->r[ER_SPEC] = cath_tph > 0 ? u->r[ER_POWER] / cath_tph : 0.0;
    u->r[ER_PURITY] = cath_tph > 0 ? 100.0 * metal_tph / cath_tph : 0.0;
    return 0;
}

const orf_unit_type orf_unit_electrorefiner = {
    .abi = ORF_UNIT_ABI,
    .name = "electrorefiner",
    .family = "copper",
    .summary = "electrolytic refining: anode metal to cathode, insolubles (Au, Ag) to slimes; "
               "cell energy from Faraday's law, cell voltage and current efficiency",
    .citation = "Davenport, King, Schlesinger & Biswas (2002) Extractive Metallurgy of Copper, 4th "
                "ed., ch. 16; Faraday's law (F = 96485.33212 C/mol, CODATA 2018)",
    .params = er_params,
    .nparams = sizeof er_params / sizeof *er_params,
    .inlets = settler_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .min_inlets = 1,
    .outlets = er_out,
    .noutlets = 2,
    .results = er_results,
    .nresults = sizeof er_results / sizeof *er_results,
    .conserves_materials = 1,
    .setup = er_setup,
    .compute = er_compute,
    .state_size = sizeof(er_state),
};
