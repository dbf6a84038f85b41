/* Basic units: product, mixer, splitter (fixed fractions), water addition, and the black-box
 * recovery separator (the feed is in feed.c). */
#include "units_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- product ----------------------------------------------------------------------------------
 */

static const char *const one_in[] = {"in", NULL};
static const char *const one_out[] = {"out", NULL};

static int product_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    (void)out;
    u->r[0] = orf_stream_solids_tph(in[0]);
    return 0;
}
static const orf_result_def product_results[] = {{"solids_tph", "t/h", "solids received"}};

const orf_unit_type orf_unit_product = {
    .abi = ORF_UNIT_ABI,
    .name = "product",
    .family = "product",
    .summary = "a final product (stockpile, tailings dam, shipment): receives one stream",
    .citation = "-",
    .inlets = one_in,
    .ninlets = 1,
    .outlets = NULL,
    .noutlets = 0,
    .results = product_results,
    .nresults = 1,
    .conserves_materials = 1,
    .compute = product_compute,
};

/* ---- mixer ------------------------------------------------------------------------------------
 */

static int mixer_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    orf_stream *o = out[0];
    const orf_system *y = u->sys;
    size_t nflow = y->npart + y->nm;
    double mt = 0, mtt = 0;
    for (size_t j = 0; j < nflow; j++)
        o->x[j] = 0;
    for (size_t k = 0; k < u->nin; k++) {
        const double *x = in[k]->x;
        for (size_t j = 0; j < nflow; j++)
            o->x[j] += x[j];
        double t = orf_stream_total_tph(in[k]);
        mt += t;
        mtt += t * orf_stream_temp_c(in[k]);
    }
    /* mass-weighted temperature: no heat of mixing, equal heat capacities (energy balances with
     * real heat capacities live in the chemistry units) */
    orf_stream_set_temp_c(o, mt > 0 ? mtt / mt : orf_stream_temp_c(in[0]));
    return 0;
}

const orf_unit_type orf_unit_mixer = {
    .abi = ORF_UNIT_ABI,
    .name = "mixer",
    .family = "flow",
    .summary = "joins any number of streams into one (sump, launder, conveyor)",
    .citation = "-",
    .inlets = one_in,
    .ninlets = ORF_PORTS_VARIADIC,
    .outlets = one_out,
    .noutlets = 1,
    .min_inlets = 1,
    .conserves_materials = 1,
    .compute = mixer_compute,
};

/* ---- splitter ---------------------------------------------------------------------------------
 */

typedef struct splitter_state {
    double *frac;
} splitter_state;

static const orf_param_def splitter_params[] = {
    {"fractions", ORF_PARAM_TABLE, "-", 1, 0, 0, 1,
     "fraction of the feed to each outlet, in outlet order; they sum to 1"},
};

static orf_status splitter_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_node *fn = orf_unit_param_node(u, "fractions");
    if (orf_node_expect(ctx, fn, ORF_NODE_SEQ, "splitter fractions"))
        return ORF_E_INPUT;
    if (fn->n != u->nout)
        return orf_diag_emit(ctx, ORF_E_INPUT, &fn->loc, u->name,
                             "splitter '%s' has %zu outlets but %zu fractions", u->name, u->nout,
                             fn->n);
    splitter_state *s = u->state;
    s->frac = orf_unit_alloc(u, fn->n, sizeof(double));
    if (!s->frac)
        return ORF_E_NOMEM;
    double sum = 0;
    for (size_t i = 0; i < fn->n; i++) {
        if (orf_node_number(ctx, fn->items[i], "split fraction", &s->frac[i]))
            return ORF_E_INPUT;
        if (s->frac[i] < 0 || s->frac[i] > 1)
            return orf_diag_emit(ctx, ORF_E_RANGE, &fn->items[i]->loc, u->name,
                                 "split fraction must be within 0..1, found %g", s->frac[i]);
        sum += s->frac[i];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return orf_diag_emit(ctx, ORF_E_INPUT, &fn->loc, u->name,
                             "splitter fractions sum to %.12g; they must sum to 1", sum);
    return ORF_OK;
}

static double *splitter_param_ref(orf_unit *u, const char *path)
{
    splitter_state *s = u->state;
    if (!s || strncmp(path, "fractions.", 10))
        return NULL;
    char *end;
    long k = strtol(path + 10, &end, 10);
    return *end == 0 && k >= 0 && (size_t)k < u->nout ? &s->frac[k] : NULL;
}

static int splitter_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    splitter_state *s = u->state;
    const orf_system *y = u->sys;
    size_t nflow = y->npart + y->nm;
    /* the last outlet takes the remainder so that the split closes exactly */
    for (size_t j = 0; j < nflow; j++) {
        double rest = in[0]->x[j];
        for (size_t k = 0; k + 1 < u->nout; k++) {
            double v = s->frac[k] * in[0]->x[j];
            out[k]->x[j] = v;
            rest -= v;
        }
        out[u->nout - 1]->x[j] = rest > 0 ? rest : 0;
    }
    for (size_t k = 0; k < u->nout; k++)
        orf_stream_set_temp_c(out[k], orf_stream_temp_c(in[0]));
    return 0;
}

const orf_unit_type orf_unit_splitter = {
    .abi = ORF_UNIT_ABI,
    .name = "splitter",
    .family = "flow",
    .summary = "divides a stream into outlets by fixed fractions (same composition in each)",
    .citation = "-",
    .params = splitter_params,
    .nparams = 1,
    .inlets = one_in,
    .ninlets = 1,
    .outlets = one_out,
    .noutlets = ORF_PORTS_VARIADIC,
    .min_outlets = 1,
    .conserves_materials = 1,
    .setup = splitter_setup,
    .compute = splitter_compute,
    .state_size = sizeof(splitter_state),
    .param_ref = splitter_param_ref,
};

/* ---- water addition ---------------------------------------------------------------------------
 */

static const orf_param_def water_params[] = {
    {"water_tph", ORF_PARAM_NUMBER, "t/h", 0, 0, 0, 1e8, "water added (or give pct_solids)"},
    {"pct_solids", ORF_PARAM_NUMBER, "mass %", 0, 0, 0, 100,
     "target % solids of the outlet; 0 = not used (water_tph applies)"},
};
static const orf_result_def water_results[] = {
    {"water_added_tph", "t/h", "water added (counted as an input in the mass balance)"},
};

static orf_status water_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_node *a = orf_unit_param_node(u, "water_tph"),
                   *b = orf_unit_param_node(u, "pct_solids");
    if ((a != NULL) == (b != NULL))
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                             "water_addition '%s' needs exactly one of water_tph or pct_solids",
                             u->name);
    if (b && !(u->p[1] > 0))
        return orf_diag_emit(ctx, ORF_E_RANGE, &b->loc, u->name, "pct_solids must be > 0");
    return ORF_OK;
}

static int water_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    orf_stream_copy(out[0], in[0]);
    double *b = orf_stream_bulk(out[0]);
    double add = u->p[0];
    if (u->p[1] > 0) {
        double s = orf_stream_solids_tph(in[0]);
        double target = s * (100.0 / u->p[1] - 1.0);
        add = target - b[u->sys->water];
        if (add < 0)
            add = 0; /* already wetter than the target: nothing to add (reported) */
    }
    b[u->sys->water] += add;
    u->r[0] = add;
    return 0;
}

const orf_unit_type orf_unit_water_addition = {
    .abi = ORF_UNIT_ABI,
    .name = "water_addition",
    .family = "flow",
    .summary = "adds water: a fixed flow or up to a target % solids",
    .citation = "-",
    .params = water_params,
    .nparams = 2,
    .inlets = one_in,
    .ninlets = 1,
    .outlets = one_out,
    .noutlets = 1,
    .results = water_results,
    .nresults = 1,
    .conserves_materials = 0,
    .setup = water_setup,
    .compute = water_compute,
};

/* ---- recovery separator (black box) ------------------------------------------------------------
 */

typedef struct recsep_state {
    double *rec_mat;  /* nm: fraction to concentrate */
    double *rec_size; /* ns or NULL */
    double *rec_bulk; /* nm: of the bulk (water by water_recovery; compute scratch) */
} recsep_state;

static const orf_param_def recsep_params[] = {
    {"recovery", ORF_PARAM_TABLE, "fraction", 0, 0, 0, 1,
     "material -> fraction of it reporting to the concentrate (others: default_recovery)"},
    {"recovery_by_size", ORF_PARAM_TABLE, "fraction", 0, 0, 0, 1,
     "fraction of each size class (coarse to fine) to the concentrate; multiplies 'recovery'"},
    {"default_recovery", ORF_PARAM_NUMBER, "fraction", 0, 0, 0, 1,
     "recovery of materials not listed in 'recovery'"},
    {"water_recovery", ORF_PARAM_NUMBER, "fraction", 0, 0, 0, 1,
     "fraction of the water to the concentrate"},
};
static const char *const recsep_out[] = {"concentrate", "tailings", NULL};
static const orf_result_def recsep_results[] = {
    {"mass_pull_pct", "%", "solids to the concentrate, % of the feed solids"},
};

static orf_status recsep_setup(orf_unit *u, orf_ctx *ctx)
{
    const orf_system *y = u->sys;
    recsep_state *s = u->state;
    s->rec_mat = orf_unit_alloc(u, y->nm, sizeof(double));
    s->rec_bulk = orf_unit_alloc(u, y->nm, sizeof(double));
    int *given = orf_calloc(ctx, y->nm, sizeof(int)); /* scratch */
    if (!s->rec_mat || !s->rec_bulk || !given) {
        orf_free(ctx, given);
        return ORF_E_NOMEM;
    }
    orf_status st = ORF_OK;
    const orf_node *rn = orf_unit_param_node(u, "recovery");
    const orf_node *sn = orf_unit_param_node(u, "recovery_by_size");
    if (!rn && !sn && !orf_unit_param_node(u, "default_recovery"))
        st = orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, u->name,
                           "recovery_separator '%s' needs 'recovery' (per material), "
                           "'recovery_by_size' or 'default_recovery'",
                           u->name);
    if (rn && orf__read_material_map(ctx, u, rn, 0, 1, s->rec_mat, given))
        st = ORF_E_INPUT;
    for (size_t m = 0; m < y->nm; m++)
        if (!given[m])
            s->rec_mat[m] = (int)m == y->water ? 0.0 : u->p[2];
    orf_free(ctx, given);
    if (sn) {
        if (orf_node_expect(ctx, sn, ORF_NODE_SEQ, "recovery_by_size"))
            return ORF_E_INPUT;
        if (sn->n != y->ns)
            return orf_diag_emit(ctx, ORF_E_INPUT, &sn->loc, u->name,
                                 "recovery_by_size needs %zu values (one per size class), found "
                                 "%zu",
                                 y->ns, sn->n);
        s->rec_size = orf_unit_alloc(u, y->ns, sizeof(double));
        if (!s->rec_size)
            return ORF_E_NOMEM;
        for (size_t i = 0; i < sn->n; i++) {
            if (orf_node_number(ctx, sn->items[i], "recovery", &s->rec_size[i]))
                return ORF_E_INPUT;
            if (s->rec_size[i] < 0 || s->rec_size[i] > 1)
                return orf_diag_emit(ctx, ORF_E_RANGE, &sn->items[i]->loc, u->name,
                                     "recovery must be within 0..1, found %g", s->rec_size[i]);
        }
        if (!rn)
            for (size_t m = 0; m < y->nm; m++)
                if ((int)m != y->water && !orf_unit_param_node(u, "default_recovery"))
                    s->rec_mat[m] = 1.0;
    }
    return st;
}

static double *recsep_param_ref(orf_unit *u, const char *path)
{
    recsep_state *s = u->state;
    if (!s || strncmp(path, "recovery.", 9))
        return NULL;
    int m = orf__material_index(u->sys, path + 9);
    return m >= 0 ? &s->rec_mat[m] : NULL;
}

static int recsep_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    recsep_state *s = u->state;
    const orf_system *y = u->sys;
    orf_stream *c = out[0], *t = out[1];
    for (size_t m = 0; m < y->nm; m++)
        s->rec_bulk[m] = (int)m == y->water ? u->p[3] : s->rec_mat[m];
    orf__split_by_material(in[0], c, t, s->rec_mat, s->rec_size, s->rec_bulk);
    double f = orf_stream_solids_tph(in[0]);
    u->r[0] = f > 0 ? 100.0 * orf_stream_solids_tph(c) / f : 0.0;
    return 0;
}

const orf_unit_type orf_unit_recovery_separator = {
    .abi = ORF_UNIT_ABI,
    .name = "recovery_separator",
    .family = "separation",
    .summary = "black-box separator: user-given recovery to concentrate per material and/or size "
               "class",
    .citation = "-",
    .params = recsep_params,
    .nparams = sizeof recsep_params / sizeof *recsep_params,
    .inlets = one_in,
    .ninlets = 1,
    .outlets = recsep_out,
    .noutlets = 2,
    .results = recsep_results,
    .nresults = 1,
    .conserves_materials = 1,
    .setup = recsep_setup,
    .compute = recsep_compute,
    .state_size = sizeof(recsep_state),
    .param_ref = recsep_param_ref,
};

/* ---- utility load -----------------------------------------------------------------------------
 * A stream passes unchanged through a machine that draws electric power in proportion to it: an
 * oxygen plant (kWh per t O2 delivered), an air blower or compressor (kWh per t air), a pump. The
 * specific energy is the user's (cited) figure; power_kw = kwh_per_t × basis t/h. */

static const orf_param_def utility_params[] = {
    {"kwh_per_t", ORF_PARAM_NUMBER, "kWh/t", 1, 0, 0, 1e6,
     "electric energy per t of the basis (the stream, or one material of it)"},
    {"material", ORF_PARAM_STRING, "-", 0, 0, 0, 0,
     "material whose t/h is the basis (default: the whole stream)"},
};
static const orf_result_def utility_results[] = {
    {"power_kw", "kW", "electric power drawn"},
    {"basis_tph", "t/h", "t/h of the basis"},
};

typedef struct utility_state {
    int material; /* -1: whole stream */
} utility_state;

static orf_status utility_setup(orf_unit *u, orf_ctx *ctx)
{
    utility_state *s = u->state;
    s->material = -1;
    const orf_node *mn = orf_unit_param_node(u, "material");
    if (!mn)
        return ORF_OK;
    const char *name;
    if (orf_node_string(ctx, mn, "material", &name))
        return ORF_E_INPUT;
    s->material = orf__material_key(ctx, u, mn, "material");
    return s->material < 0 ? ORF_E_UNKNOWN_NAME : ORF_OK;
}

static int utility_compute(orf_unit *u, const orf_stream *const *in, orf_stream *const *out)
{
    const utility_state *s = u->state;
    orf_stream_copy(out[0], in[0]);
    double b = s->material < 0 ? orf_stream_total_tph(in[0])
                               : orf_stream_material_tph(in[0], (size_t)s->material);
    u->r[0] = u->p[0] * b;
    u->r[1] = b;
    return 0;
}

const orf_unit_type orf_unit_utility = {
    .abi = ORF_UNIT_ABI,
    .name = "utility",
    .family = "flow",
    .summary = "passes a stream through a machine drawing power per t of it (oxygen plant, "
               "blower, compressor, pump)",
    .citation = "-",
    .params = utility_params,
    .nparams = sizeof utility_params / sizeof *utility_params,
    .inlets = one_in,
    .ninlets = 1,
    .outlets = one_out,
    .noutlets = 1,
    .results = utility_results,
    .nresults = sizeof utility_results / sizeof *utility_results,
    .conserves_materials = 1,
    .setup = utility_setup,
    .compute = utility_compute,
    .state_size = sizeof(utility_state),
};
