/* oreflow — gravity separators: spiral, shaking table, jig.
 *
 * Each particle type (a pure mineral of a liberated class, or the composite particles of a
 * composition class, whose density follows from their mineral content) reports to the heavy
 * product with the Tromp partition number
 *     P(rho, d) = 1 / (1 + exp(ln3·(rho50(d) - rho)/Ep(d)))          (King 2001 §7.2)
 * where the cut density and Ep depend on size through the equal-settling criterion,
 *     rho50(d) = rho_w + (rho50 - rho_w)·(d_ref/d)^n,  Ep(d) = Ep·(d_ref/d)^n
 * (Wills & Finch 2016 ch. 9–10: constant imperfection I = Ep/(rho50 - rho_w)), and a fraction
 * exp(-d/d_bypass) of each size short-circuits with the water (slimes misplacement).
 * Spirals and tables make three products with two cut densities: concentrate (rho50 of the
 * concentrate splitter), middlings (between the middlings and concentrate cuts) and tailings;
 * the jig makes two. Water splits by the given fractions. Equations and tests:
 * src/units/gravity_model.c, tests/unit/test_gravity.c, docs/models.md.
 *
 * References: King, R.P. (2001) Modeling and Simulation of Mineral Processing Systems, ch. 7;
 * Wills, B.A., Finch, J.A. (2016) Wills' Mineral Processing Technology, 8th ed., ch. 9–10;
 * Tromp, K.F. (1937) Glückauf 73, 125–131. Default Ep values are the orders of magnitude quoted
 * for spirals, tables and jigs (Wills & Finch 2016 ch. 10); chromite-specific partition data
 * were not found (a documented GAP): fit rho50, Ep and n to plant partition curves.
 */
#include "units/capacity_model.h"
#include "units/sep_common.h"
#include "units/sep_models.h"
#include "units/units_impl.h"

#include <math.h>
#include <string.h>

enum {
    G_CUT,    /* cut_density_kg_m3 */
    G_MIDCUT, /* middlings_cut_density_kg_m3 (spiral, table) */
    G_EP,     /* ep_kg_m3 */
    G_DREF,   /* d_ref_um */
    G_NEXP,   /* size_exponent */
    G_BYPASS, /* d_bypass_um */
    G_WCONC,  /* water_to_conc_pct */
    G_WMID,   /* water_to_middlings_pct */
    G_POWER,  /* power_kw */
    G_MACH,   /* machines */
    G_NOM,    /* nominal_tph_per_machine */
    G_LMIN,   /* min_tph_per_machine */
    G_LMAX,   /* max_tph_per_machine */
    G_AEP,    /* capacity_ep_exponent */
    G_BCUT,   /* capacity_cut_exponent */
    G_PMIN,   /* min_pulp_pct (spiral) */
    G_PMAX,   /* max_pulp_pct (spiral) */
    G_NPARAM
};

#define GRAVITY_PARAMS(cut, midcut, ep, dref, nexp, byp, wc, wm, pw)                               \
    {"cut_density_kg_m3",                                                                          \
     ORF_PARAM_NUMBER,                                                                             \
     "kg/m³",                                                                                      \
     0,                                                                                            \
     cut,                                                                                          \
     1000.0,                                                                                       \
     10000.0,                                                                                      \
     "cut density rho50 of the concentrate at d_ref_um (the Tromp curve's 50 % point)"},           \
        {"middlings_cut_density_kg_m3",                                                            \
         ORF_PARAM_NUMBER,                                                                         \
         "kg/m³",                                                                                  \
         0,                                                                                        \
         midcut,                                                                                   \
         1000.0,                                                                                   \
         10000.0,                                                                                  \
         "cut density between middlings and tailings at d_ref_um (<= cut_density; equal: no "      \
         "middlings)"},                                                                            \
        {"ep_kg_m3", ORF_PARAM_NUMBER,                                                             \
         "kg/m³",    0,                                                                            \
         ep,         0.0,                                                                          \
         5000.0,     "écart probable Ep = (rho75 - rho25)/2 at d_ref_um; 0 = perfect split"},      \
        {"d_ref_um", ORF_PARAM_NUMBER,                                                             \
         "µm",       0,                                                                            \
         dref,       1.0,                                                                          \
         100000.0,   "size at which cut densities and Ep are given"},                              \
        {"size_exponent",                                                                          \
         ORF_PARAM_NUMBER,                                                                         \
         "-",                                                                                      \
         0,                                                                                        \
         nexp,                                                                                     \
         0.0,                                                                                      \
         2.0,                                                                                      \
         "n in rho50(d) - rho_w ∝ Ep(d) ∝ d^-n (equal settling; 0 = no size effect, 2 = Stokes)"}, \
        {"d_bypass_um",                                                                            \
         ORF_PARAM_NUMBER,                                                                         \
         "µm",                                                                                     \
         0,                                                                                        \
         byp,                                                                                      \
         0.0,                                                                                      \
         1000.0,                                                                                   \
         "slimes misplacement: a fraction exp(-d/d_bypass) splits with the water (0 = none)"},     \
        {"water_to_conc_pct",                                                                      \
         ORF_PARAM_NUMBER,                                                                         \
         "%",                                                                                      \
         0,                                                                                        \
         wc,                                                                                       \
         0.0,                                                                                      \
         100.0,                                                                                    \
         "share of the feed water reporting to the concentrate"},                                  \
        {"water_to_middlings_pct",                                                                 \
         ORF_PARAM_NUMBER,                                                                         \
         "%",                                                                                      \
         0,                                                                                        \
         wm,                                                                                       \
         0.0,                                                                                      \
         100.0,                                                                                    \
         "share of the feed water reporting to the middlings"},                                    \
    {                                                                                              \
        "power_kw", ORF_PARAM_NUMBER, "kW", 0, pw, 0.0, 10000.0,                                   \
            "installed drive power (0 for spirals; feed pumping is not counted)"                   \
    }

/* Capacity (src/units/capacity_model.c, docs/models.md "Capacity of the separators"): machines
 * installed, the nominal load per machine, the published operating range (a warning outside it)
 * and the exponents of the cut density and Ep in the load ratio. */
#define CAPACITY_PARAMS(what, nom, lmin, lmax, aep, bcut, src)                                     \
    {"machines",                                                                                   \
     ORF_PARAM_NUMBER,                                                                             \
     "-",                                                                                          \
     0,                                                                                            \
     0.0,                                                                                          \
     0.0,                                                                                          \
     1.0e5,                                                                                        \
     what " installed in parallel (0 = as many as the nominal load needs: load = nominal)"},       \
        {"nominal_tph_per_machine",                                                                \
         ORF_PARAM_NUMBER,                                                                         \
         "t/h",                                                                                    \
         0,                                                                                        \
         nom,                                                                                      \
         0.0,                                                                                      \
         1.0e4,                                                                                    \
         "solids load per machine at which the partition parameters hold (" src ")"},              \
        {"min_tph_per_machine",                                                                    \
         ORF_PARAM_NUMBER,                                                                         \
         "t/h",                                                                                    \
         0,                                                                                        \
         lmin,                                                                                     \
         0.0,                                                                                      \
         1.0e4,                                                                                    \
         "lower end of the operating range: a warning below it (0 = not checked)"},                \
        {"max_tph_per_machine",                                                                    \
         ORF_PARAM_NUMBER,                                                                         \
         "t/h",                                                                                    \
         0,                                                                                        \
         lmax,                                                                                     \
         0.0,                                                                                      \
         1.0e4,                                                                                    \
         "upper end of the operating range: a warning above it (0 = not checked)"},                \
        {"capacity_ep_exponent",                                                                   \
         ORF_PARAM_NUMBER,                                                                         \
         "-",                                                                                      \
         0,                                                                                        \
         aep,                                                                                      \
         0.0,                                                                                      \
         5.0,                                                                                      \
         "a in Ep(q) = Ep·q^a, q = load/nominal (assumed default; 0 = no load effect)"},           \
    {                                                                                              \
        "capacity_cut_exponent", ORF_PARAM_NUMBER, "-", 0, bcut, 0.0, 5.0,                         \
            "b in rho50(q) - rho_f = (rho50 - rho_f)·q^b (assumed default; 0 = no load effect)"   \
    }

/* Spiral defaults: Ep ~ 100–200 kg/m³ on mineral spirals at their best size (Wills & Finch
 * 2016 ch. 10), d_ref 150 µm (mid of the −1000 +100 µm spiral range on chromite: Mohan Rao et al.
 * 2003, IMPC, Tata Steel Sukinda plant), concentrate 10 %, middlings 15 % of the water. */
static const orf_param_def spiral_params[] = {
    GRAVITY_PARAMS(3800.0, 3200.0, 150.0, 150.0, 0.5, 8.0, 10.0, 15.0, 0.0),
    /* 5 t/h per start nominal, 4–7 t/h range on a Multotec HX5 (MechChem Africa 2025); 1 t/h
     * the low end of conventional spirals (Ramsaywok et al., J. SAIMM); 20–40 % solids an assumed
     * working range */
    CAPACITY_PARAMS("spiral starts", 5.0, 1.0, 7.0, 0.5, 0.1,
                    "5 t/h per start: Multotec HX5, MechChem Africa 2025"),
    {"min_pulp_pct", ORF_PARAM_NUMBER, "%", 0, 20.0, 0.0, 100.0,
     "feed pulp density below which a warning is raised (% solids by mass)"},
    {"max_pulp_pct", ORF_PARAM_NUMBER, "%", 0, 40.0, 0.0, 100.0,
     "feed pulp density above which a warning is raised (% solids by mass)"}};
/* Table: sharper (Ep ~ 50–100 kg/m³) and finer (d_ref 75 µm: tables treat −100 +38 µm on
 * chromite, Mohan Rao et al. 2003); one deck drive ≈ 1.1–1.5 kW (gk, vendor sheets). */
static const orf_param_def table_params[] = {
    GRAVITY_PARAMS(3900.0, 3300.0, 80.0, 75.0, 0.5, 5.0, 15.0, 25.0, 1.5),
    /* ≈ 2 t/h per full-size deck on sands, down to ≈ 0.5 t/h on fine feeds (order of magnitude,
     * Wills & Finch 2016 ch. 10; the figures are an ASSUMPTION for a given duty) */
    CAPACITY_PARAMS("table decks", 2.0, 0.5, 2.5, 0.5, 0.1,
                    "assumed: ≈ 2 t/h per deck, Wills & Finch 2016 ch. 10")};
/* Jig: two products; coarse feed (d_ref 2 mm), Ep ~ 100–150 kg/m³. */
static const orf_param_def jig_params[] = {
    GRAVITY_PARAMS(3600.0, 3600.0, 120.0, 2000.0, 0.3, 20.0, 30.0, 0.0, 7.5),
    /* No published relation between bed loading and a jig's partition was found (GAP): the
     * exponents default to 0 (no load effect) and no range is checked; 20 t/h per unit is an
     * ASSUMPTION used only to count units. */
    CAPACITY_PARAMS("jig units", 20.0, 0.0, 0.0, 0.0, 0.0, "assumed, no published figure: GAP")};

static const orf_result_def gravity_results[] = {
    {"mass_pull_pct", "%", "solids to the concentrate, % of feed solids"},
    {"middlings_pct", "%", "solids to the middlings, % of feed solids"},
    {"valuable_recovery_pct", "%", "valuable mineral to the concentrate, % of feed"},
    {"imperfection", "-", "I = Ep/(rho50 - rho_w) at d_ref and the load per machine"},
    {"power_kw", "kW", "drive power"},
    {"machines", "-", "machines used (spiral starts, table decks, jig units)"},
    {"load_tph_per_machine", "t/h", "feed solids per machine"},
    {"load_out_of_range", "warning",
     "the load per machine is outside the published operating range (min/max_tph_per_machine)"},
    {"pulp_density_out_of_range", "warning",
     "the feed pulp density is outside the range the spiral is designed for (min/max_pulp_pct)"},
};
enum {
    GR_PULL,
    GR_MID,
    GR_REC,
    GR_IMPERF,
    GR_POWER,
    GR_MACH,
    GR_LOAD,
    GR_LWARN,
    GR_PWARN,
    GR_NRES
};

typedef struct gravity_state {
    orf__sep_ws ws;
    int three;
    orf__gravity_params g;
    /* Two caches (docs/models.md "Gravity separators", cached kernels). The size terms (the
     * cut shift (d_ref/d)^n and the fines bypass exp(-d/d_bypass), one pow and one exp per size
     * class) depend only on d_ref, n, d_bypass and the size grid (fixed for a loaded flowsheet):
     * valid while size_ok and size_key equals them. The split fractions of the liberated
     * particles (two Tromp exps per particulate material and size) depend on every partition
     * parameter after the load correction (the capacity model moves the cut density and Ep with
     * the feed rate) and on the mineral densities: valid while cache_ok, `cached` and cache_rho
     * equal the current ones. Keys are the values themselves (not a version counter), so a
     * parameter changed between calls (design specs, Monte Carlo samples) is always seen. */
    int size_ok, cache_ok;
    double size_key[3];
    orf__gravity_params cached;
    double *cache_rho;   /* npm: densities of the particulate materials (block order) */
    double *size_shift;  /* ns */
    double *size_bypass; /* ns */
    double *lib_f0;      /* npm*ns (block, size): fraction to the concentrate */
    double *lib_f1;      /* npm*ns: fraction of the rest to the middlings (stage 1) */
    /* The per-size cut densities, Ep and bypass terms of the partition kernel (gravity_model.c),
     * valid with the liberated fractions (the same key). */
    orf__gravity_sized sized;
    /* Workspace of each call (no values kept): the composite classes in class order (cmap: the
     * row of a class, -1 for a liberated one); per (size, class) the feed's mass and volume;
     * densities, kernel workspace and fractions by row (block or composite class) and size. */
    size_t ncomp;
    int *cmap;
    double *cmass, *cvol, *rho_rows, *work, *comp_f0, *comp_f1;
} gravity_state;

static void read_params(const orf_unit *u, gravity_state *st)
{
    orf__gravity_params *g = &st->g;
    g->rho50_conc_kg_m3 = u->p[G_CUT];
    g->rho50_mid_kg_m3 = st->three ? u->p[G_MIDCUT] : u->p[G_CUT];
    if (g->rho50_mid_kg_m3 > g->rho50_conc_kg_m3)
        g->rho50_mid_kg_m3 = g->rho50_conc_kg_m3;
    g->ep_kg_m3 = u->p[G_EP];
    g->d_ref_um = u->p[G_DREF];
    g->size_exp = u->p[G_NEXP];
    g->d_bypass_um = u->p[G_BYPASS];
    g->water_conc = u->p[G_WCONC] / 100.0;
    g->water_mid = st->three ? u->p[G_WMID] / 100.0 : 0.0;
    if (g->water_conc + g->water_mid > 1.0)
        g->water_mid = 1.0 - g->water_conc;
    g->rho_fluid_kg_m3 = 1000.0;
    int w = u->sys->water;
    if (w >= 0 && u->sys->mat[w]->density_kg_m3 > 0.0)
        g->rho_fluid_kg_m3 = u->sys->mat[w]->density_kg_m3;
}

static orf_status gravity_setup_common(orf_unit *u, orf_ctx *ctx, int three)
{
    gravity_state *st = u->state;
    st->three = three;
    orf_status rc = orf__sep_ws_init(u, ctx, &st->ws);
    if (rc != ORF_OK)
        return rc;
    const orf_system *y = u->sys;
    size_t npm = y->npm, ns = y->ns, nc = y->nc, rows = npm > nc ? npm : nc;
    st->cache_rho = orf_unit_alloc(
        u, npm + 2 * ns + 2 * npm * ns + 7 * ns + 2 * ns * nc + 5 * rows * ns + 2 * nc * ns + 1,
        sizeof *st->cache_rho);
    st->cmap = orf_unit_alloc(u, nc + 1, sizeof *st->cmap);
    if (!st->cache_rho || !st->cmap)
        return orf_diag_emit(ctx, ORF_E_NOMEM, &u->loc, u->name, "out of memory");
    st->size_shift = st->cache_rho + npm;
    st->size_bypass = st->size_shift + ns;
    st->lib_f0 = st->size_bypass + ns;
    st->lib_f1 = st->lib_f0 + npm * ns;
    orf__gravity_sized *S = &st->sized;
    S->ns = ns;
    S->r50c = st->lib_f1 + npm * ns;
    S->r50m = S->r50c + ns;
    S->ep = S->r50m + ns;
    S->omb = S->ep + ns;
    S->bwc = S->omb + ns;
    S->bwm = S->bwc + ns;
    S->bwt = S->bwm + ns;
    st->cmass = S->bwt + ns;
    st->cvol = st->cmass + ns * nc;
    st->rho_rows = st->cvol + ns * nc;
    st->work = st->rho_rows + rows * ns;
    st->comp_f0 = st->work + 4 * rows * ns;
    st->comp_f1 = st->comp_f0 + nc * ns;
    st->ncomp = 0;
    for (size_t c = 0; c < nc; c++)
        st->cmap[c] = y->liberated[c] ? -1 : (int)st->ncomp++;
    if (three && u->p[G_MIDCUT] > u->p[G_CUT])
        return orf_diag_emit(ctx, ORF_E_RANGE, &u->loc, u->name,
                             "middlings_cut_density_kg_m3 (%g) exceeds cut_density_kg_m3 (%g)",
                             u->p[G_MIDCUT], u->p[G_CUT]);
    if (u->p[G_MACH] != floor(u->p[G_MACH]))
        return orf_diag_emit(ctx, ORF_E_RANGE, &u->loc, u->name,
                             "machines (%g) must be a whole number", u->p[G_MACH]);
    if (u->p[G_LMIN] > 0.0 && u->p[G_LMAX] > 0.0 && u->p[G_LMIN] > u->p[G_LMAX])
        return orf_diag_emit(ctx, ORF_E_RANGE, &u->loc, u->name,
                             "min_tph_per_machine (%g) exceeds max_tph_per_machine (%g)",
                             u->p[G_LMIN], u->p[G_LMAX]);
    double wsum = u->p[G_WCONC] + (three ? u->p[G_WMID] : 0.0);
    if (wsum > 100.0)
        return orf_diag_emit(ctx, ORF_E_RANGE, &u->loc, u->name,
                             "water to the products adds up to %g %% (> 100 %%)", wsum);
    return ORF_OK;
}

static orf_status spiral_setup(orf_unit *u, orf_ctx *ctx)
{
    return gravity_setup_common(u, ctx, 1);
}
static orf_status jig_setup(orf_unit *u, orf_ctx *ctx)
{
    return gravity_setup_common(u, ctx, 0);
}

/* Partition callback of the two-product split (the jig): the fraction to the concentrate, from
 * the cache for a liberated particle, from the cached size terms for a composite one. */
static double gravity_partition(void *vctx, const orf_stream *in, const orf_particle *p)
{
    const gravity_state *st = vctx;
    const orf_system *y = in->sys;
    if (p->material >= 0)
        return st->lib_f0[(size_t)y->pslot[p->material] * y->ns + p->size];
    double f[3];
    orf__gravity_partition3_sized(&st->g, p->density_kg_m3, st->size_shift[p->size],
                                  st->size_bypass[p->size], f);
    return f[0];
}

/* Stage-1 fraction (to the middlings, of what did not go to the concentrate) from the three
 * product fractions, clamped as orf_stream_split_particles clamps. */
static double stage1_frac(const double f[3])
{
    double rest = f[1] + f[2];
    double q = rest > 0.0 ? f[1] / rest : 0.0;
    return q < 0 ? 0 : q > 1 ? 1 : q;
}

static double clamp01(double f)
{
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

/* The size terms of every size class, recomputed only when d_ref, n or d_bypass changed. */
static void size_cache_refresh(gravity_state *st, const orf_system *y)
{
    const double key[3] = {st->g.d_ref_um, st->g.size_exp, st->g.d_bypass_um};
    if (st->size_ok && !memcmp(key, st->size_key, sizeof key))
        return;
    for (size_t s = 0; s < y->ns; s++)
        orf__gravity_size_terms(&st->g, y->mid_um[s], &st->size_shift[s], &st->size_bypass[s]);
    memcpy(st->size_key, key, sizeof key);
    st->size_ok = 1;
    st->cache_ok = 0; /* the liberated fractions were computed with the old size terms */
}

/* The kernel's fractions for nrows rows of densities (st->rho_rows), or, where some Ep is not
 * positive (a perfect split), the model's particle by particle. */
static void partition_rows(gravity_state *st, size_t nrows, double *f0, double *f1)
{
    const orf__gravity_sized *S = &st->sized;
    const size_t ns = S->ns;
    if (S->ok) {
        orf__gravity_partition_rows(S, nrows, st->rho_rows, st->work, f0, f1);
        return;
    }
    for (size_t i = 0; i < nrows * ns; i++) {
        double f[3];
        orf__gravity_partition3_sized(&st->g, st->rho_rows[i], st->size_shift[i % ns],
                                      st->size_bypass[i % ns], f);
        f0[i] = clamp01(f[0]);
        f1[i] = stage1_frac(f);
    }
}

/* The split fractions of the liberated particles of every particulate material (only those have
 * particulate cells: a system of 33 materials may hold 4), and the kernel's per-size terms,
 * recomputed only when a partition parameter (after the load correction) or a density changed. */
static void cache_refresh(gravity_state *st, const orf_system *y)
{
    size_cache_refresh(st, y);
    int same = st->cache_ok && !memcmp(&st->cached, &st->g, sizeof st->g);
    for (size_t k = 0; same && k < y->npm; k++)
        if (st->cache_rho[k] != y->mat[y->pmat[k]]->density_kg_m3)
            same = 0;
    if (same)
        return;
    const size_t ns = y->ns;
    orf__gravity_sized_set(&st->sized, &st->g, st->size_shift, st->size_bypass);
    for (size_t k = 0; k < y->npm; k++) {
        const double rho = y->mat[y->pmat[k]]->density_kg_m3;
        st->cache_rho[k] = rho;
        for (size_t s = 0; s < ns; s++)
            st->rho_rows[k * ns + s] = rho;
    }
    partition_rows(st, y->npm, st->lib_f0, st->lib_f1);
    st->cached = st->g;
    st->cache_ok = 1;
}

/* The fractions of the composite particles of every (size, composition class) of the feed: the
 * density of a class at a size from its mineral content (summed over the blocks in block order),
 * 0 and 0 where it holds no mass. */
static void composite_fractions(gravity_state *st, const orf_stream *in)
{
    const orf_system *y = in->sys;
    const size_t ns = y->ns, nc = y->nc, cells = ns * nc;
    if (!st->ncomp)
        return;
    /* per composite class (a row) and size: the mass and volume of the feed's particles */
    double *restrict mass = st->cmass, *restrict vol = st->cvol;
    for (size_t c = 0; c < nc; c++) {
        if (st->cmap[c] < 0)
            continue;
        const size_t r = (size_t)st->cmap[c] * ns;
        for (size_t s = 0; s < ns; s++)
            mass[r + s] = vol[r + s] = 0.0;
        for (size_t k = 0; k < y->npm; k++) {
            const double *restrict xk = in->x + k * cells + c;
            const double rho = y->mat[y->pmat[k]]->density_kg_m3;
            for (size_t s = 0; s < ns; s++) {
                mass[r + s] += xk[s * nc];
                vol[r + s] += xk[s * nc] / rho;
            }
        }
        for (size_t s = 0; s < ns; s++)
            st->rho_rows[r + s] = vol[r + s] > 0 ? mass[r + s] / vol[r + s] : (double)NAN;
    }
    partition_rows(st, st->ncomp, st->comp_f0, st->comp_f1);
    for (size_t i = 0; i < st->ncomp * ns; i++) {
        st->comp_f0[i] = mass[i] > 0 ? st->comp_f0[i] : 0.0;
        st->comp_f1[i] = mass[i] > 0 ? st->comp_f1[i] : 0.0;
    }
}

/* The three-product split in one pass over the particle types, with the same arithmetic as two
 * orf_stream_split_particles calls (concentrate, then middlings out of the rest): each particle's
 * partition numbers are computed once for both stages, and those of liberated particles come from
 * the cache. A composite particle's stage-1 density is its feed density (the first stage does not
 * change a particle type's composition). The cells are taken in storage order (block, size, class),
 * so that the concentrate's and the middlings' particle flows are summed on the way (into sums[0]
 * and sums[1]) in orf_stream_particulate_tph's order. */
static void split3(gravity_state *st, const orf_stream *in, orf_stream *const *out, double sums[2])
{
    const orf_system *y = in->sys;
    const size_t ns = y->ns, nc = y->nc;
    double *restrict xa = out[0]->x, *restrict xm = out[1]->x, *restrict xt = out[2]->x;
    const double *restrict xi = in->x;
    composite_fractions(st, in);
    const int *cmap = st->cmap;
    const double *restrict cf0 = st->comp_f0, *restrict cf1 = st->comp_f1;
    double pull = 0, mid = 0;
    /* a liberated class takes its mineral's cached split where it holds mass, a composite class the
     * split of its density at each size */
    for (size_t k = 0; k < y->npm; k++)
        for (size_t s = 0; s < ns; s++) {
            const double lf0 = st->lib_f0[k * ns + s], lf1 = st->lib_f1[k * ns + s];
            const size_t b = (k * ns + s) * nc;
            for (size_t c = 0; c < nc; c++) {
                const int row = cmap[c];
                const size_t i = b + c, rs = row < 0 ? 0 : (size_t)row * ns + s;
                const double f0 = row < 0 ? lf0 : cf0[rs], f1 = row < 0 ? lf1 : cf1[rs];
                const double w = xi[i];
                const int on = (row >= 0) | (w > 0);
                const double a = (on ? f0 : 0.0) * w, r = w - a;
                const double m = r > 0 ? (on ? f1 : 0.0) * r : 0.0;
                xa[i] = a;
                xm[i] = m;
                xt[i] = r - m;
                pull += a;
                mid += m;
            }
        }
    sums[0] = pull;
    sums[1] = mid;
    const double *bi = orf_stream_bulk(in);
    double *ba = orf_stream_bulk(out[0]), *bm = orf_stream_bulk(out[1]),
           *bt = orf_stream_bulk(out[2]);
    double wc = clamp01(st->g.water_conc), wrest = 1.0 - st->g.water_conc;
    double wm = clamp01(wrest > 0.0 ? st->g.water_mid / wrest : 0.0);
    for (size_t m = 0; m < y->nm; m++) {
        int water = (int)m == y->water;
        ba[m] = (water ? wc : 0.0) * bi[m];
        double r = bi[m] - ba[m];
        bm[m] = (water ? wm : 0.0) * r;
        bt[m] = r - bm[m];
    }
    double t = orf_stream_temp_c(in);
    orf_stream_set_temp_c(out[0], t);
    orf_stream_set_temp_c(out[1], t);
    orf_stream_set_temp_c(out[2], t);
}

/* Load per machine and its effect on the cut densities and Ep (capacity_model.c); the range
 * warnings. fs: the feed's particle flow (orf_stream_particulate_tph). */
static void apply_capacity(orf_unit *u, gravity_state *st, const orf_stream *feed, double fs)
{
    double mach, load;
    orf__capacity_load(fs, u->p[G_MACH], u->p[G_NOM], &mach, &load);
    double q = orf__capacity_ratio(load, u->p[G_NOM]);
    orf__gravity_params *g = &st->g;
    double ep_mid = g->ep_kg_m3;
    orf__capacity_gravity_cut(q, u->p[G_AEP], u->p[G_BCUT], g->rho_fluid_kg_m3,
                              &g->rho50_conc_kg_m3, &g->ep_kg_m3);
    orf__capacity_gravity_cut(q, u->p[G_AEP], u->p[G_BCUT], g->rho_fluid_kg_m3, &g->rho50_mid_kg_m3,
                              &ep_mid);
    u->r[GR_MACH] = mach;
    u->r[GR_LOAD] = load;
    u->r[GR_LWARN] = fs > 0.0 ? orf__capacity_out_of_range(load, u->p[G_LMIN], u->p[G_LMAX]) : 0.0;
    if (u->type->nparams > G_PMAX) {
        int w = u->sys->water;
        double water = w >= 0 ? orf_stream_bulk(feed)[w] : 0.0;
        double pulp = fs + water > 0.0 ? 100.0 * fs / (fs + water) : (double)NAN;
        u->r[GR_PWARN] =
            fs > 0.0 ? orf__capacity_out_of_range(pulp, u->p[G_PMIN], u->p[G_PMAX]) : 0.0;
    }
}

static int gravity_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    gravity_state *st = u->state;
    read_params(u, st);
    const orf_stream *feed = orf__feedbuf_mix(&st->ws.fb, u, in);
    const double fs = orf_stream_particulate_tph(feed);
    apply_capacity(u, st, feed, fs);
    cache_refresh(st, u->sys);
    /* the particle flows of the concentrate and middlings (each summed in
     * orf_stream_particulate_tph's order); the valuable mineral's in the feed and concentrate, its
     * cells in orf__sep_valuable_tph's order (ascending: size, then class) */
    const orf_system *y = u->sys;
    double sums[2] = {0, 0}, vf = 0, vc = 0;
    const double *xf = feed->x, *xc = out[0]->x;
    if (st->three) {
        split3(st, feed, out, sums);
    } else {
        orf_stream_split_particles(feed, out[0], out[1], gravity_partition, st, NULL,
                                   st->g.water_conc);
        for (size_t i = 0; i < y->npart; i++)
            sums[0] += xc[i];
        sums[1] = sums[0];
    }
    if (y->valuable >= 0 && orf_has_particles(y, (size_t)y->valuable))
        for (size_t i = orf_ix(y, (size_t)y->valuable, 0, 0), e = i + y->ns * y->nc; i < e; i++) {
            vf += xf[i];
            vc += xc[i];
        }
    u->r[GR_PULL] = orf__sep_pct(sums[0], fs);
    u->r[GR_MID] = st->three ? orf__sep_pct(sums[1], fs) : 0.0;
    u->r[GR_REC] = orf__sep_pct(vc, vf);
    double den = st->g.rho50_conc_kg_m3 - st->g.rho_fluid_kg_m3;
    u->r[GR_IMPERF] = den > 0.0 ? st->g.ep_kg_m3 / den : (double)NAN;
    u->r[GR_POWER] = u->p[G_POWER];
    return 0;
}

/* Partition curve at the representative size d_ref and the size-by-size recovery. */
static void gravity_report_json(const orf_unit *u, const orf_stream *const *in,
                                const orf_stream *const *out, orf_json *j)
{
    /* the partition as last computed (at the load per machine of the solved feed) */
    gravity_state st0 = {0};
    st0.three = ((const gravity_state *)u->state)->three;
    read_params(u, &st0);
    if (isfinite(u->r[GR_LOAD]))
        st0.g = ((const gravity_state *)u->state)->g;
    orf_json_key(j, "partition_curve");
    orf_json_begin_object(j);
    orf_json_key_number(j, "d_um", st0.g.d_ref_um);
    orf_json_key(j, "density_kg_m3");
    orf_json_begin_array(j);
    for (int i = 0; i <= 80; i++)
        orf_json_number(j, 1000.0 + 75.0 * i);
    orf_json_end_array(j);
    orf_json_key(j, "partition");
    orf_json_begin_array(j);
    for (int i = 0; i <= 80; i++) {
        double f[3];
        orf__gravity_partition3(&st0.g, 1000.0 + 75.0 * i, st0.g.d_ref_um, f);
        orf_json_number(j, f[0]);
    }
    orf_json_end_array(j);
    if (st0.three) {
        orf_json_key(j, "partition_conc_plus_middlings");
        orf_json_begin_array(j);
        for (int i = 0; i <= 80; i++) {
            double f[3];
            orf__gravity_partition3(&st0.g, 1000.0 + 75.0 * i, st0.g.d_ref_um, f);
            orf_json_number(j, f[0] + f[1]);
        }
        orf_json_end_array(j);
    }
    orf_json_end_object(j);
    orf__sep_json_size_recovery(u, in, out[0], j);
}

static const char *const feed_port[] = {"feed", NULL};
static const char *const three_ports[] = {"conc", "middlings", "tails", NULL};
static const char *const two_ports[] = {"conc", "tails", NULL};

static const char GRAVITY_CITATION[] =
    "Tromp partition curve with Ep (King 2001, Modeling and Simulation of Mineral Processing "
    "Systems, ch. 7); equal-settling size dependence and imperfection (Wills & Finch 2016, "
    "Wills' Mineral Processing Technology 8th ed., ch. 9-10)";

const orf_unit_type orf_unit_spiral = {
    .abi = ORF_UNIT_ABI,
    .name = "spiral",
    .family = "gravity",
    .summary = "spiral concentrator: concentrate, middlings, tailings by density and size",
    .citation = GRAVITY_CITATION,
    .params = spiral_params,
    .nparams = sizeof spiral_params / sizeof spiral_params[0],
    .inlets = feed_port,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = three_ports,
    .noutlets = 3,
    .min_inlets = 1,
    .results = gravity_results,
    .nresults = sizeof gravity_results / sizeof gravity_results[0],
    .conserves_materials = 1,
    .state_size = sizeof(gravity_state),
    .setup = spiral_setup,
    .compute = gravity_compute,
    .report_json = gravity_report_json,
};

const orf_unit_type orf_unit_shaking_table = {
    .abi = ORF_UNIT_ABI,
    .name = "shaking_table",
    .family = "gravity",
    .summary = "shaking table: concentrate, middlings, tailings by density and size",
    .citation = GRAVITY_CITATION,
    .params = table_params,
    .nparams = sizeof table_params / sizeof table_params[0],
    .inlets = feed_port,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = three_ports,
    .noutlets = 3,
    .min_inlets = 1,
    .results = gravity_results,
    .nresults = GR_PWARN, /* no pulp-density range on tables and jigs */
    .conserves_materials = 1,
    .state_size = sizeof(gravity_state),
    .setup = spiral_setup,
    .compute = gravity_compute,
    .report_json = gravity_report_json,
};

const orf_unit_type orf_unit_jig = {
    .abi = ORF_UNIT_ABI,
    .name = "jig",
    .family = "gravity",
    .summary = "jig: concentrate (hutch/bed) and tailings by density and size",
    .citation = GRAVITY_CITATION,
    .params = jig_params,
    .nparams = sizeof jig_params / sizeof jig_params[0],
    .inlets = feed_port,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = two_ports,
    .noutlets = 2,
    .min_inlets = 1,
    .results = gravity_results,
    .nresults = GR_PWARN, /* no pulp-density range on tables and jigs */
    .conserves_materials = 1,
    .state_size = sizeof(gravity_state),
    .setup = jig_setup,
    .compute = gravity_compute,
    .report_json = gravity_report_json,
};
