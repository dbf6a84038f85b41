/* Scenarios side by side (docs/format.md, "Scenarios"): named sets of parameter overrides, by
 * the paths `uncertainty:` uses, each evaluated from the base case on the Monte Carlo's model
 * (mc_model.c): a unit parameter re-solves the flowsheet warm-started from the base case's
 * converged streams; an economics or schedule value only re-evaluates the economics (a schedule
 * re-solves its periods there, each from its own last solution).
 */
#include "mc/mc_impl.h"
#include "oreflow/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- the columns */

static double stages_value_added(const orf_econ_result *R)
{
    double va = 0;
    for (size_t s = 0; s < R->nstages; s++)
        va += R->stages[s].value_added_usd;
    return va;
}

/* The comparison's columns: JSON key, heading, unit shown, scale to it, decimals, and the value
 * from the economics result R. A new column is one line here. */
#define SCEN_COLUMNS(X)                                                                            \
    X("npv_usd", "NPV", "M USD", 1e-6, 2, R->npv_usd)                                              \
    X("irr", "IRR", "%", 100.0, 2, R->irr)                                                         \
    X("payback_years", "payback", "yr", 1.0, 2, R->payback_years)                                  \
    X("capex_usd", "CAPEX", "M USD", 1e-6, 2, R->capex_usd)                                        \
    X("revenue_usd_per_year", "revenue", "M USD/yr", 1e-6, 2, R->revenue_usd_per_year)             \
    X("taxes_life_usd", "taxes, life", "M USD", 1e-6, 2, R->taxes_life_usd)                        \
    X("value_added_usd_per_year", "value added", "M USD/yr", 1e-6, 2, stages_value_added(R))       \
    X("gross_value_added_usd_per_year", "GVA", "M USD/yr", 1e-6, 2, R->gva_usd_per_year)           \
    X("jobs", "jobs", "", 1.0, 0, R->jobs)                                                         \
    X("co2e_t_per_year", "CO2e", "kt/yr", 1e-3, 1,                                                 \
      R->has_carbon ? R->scope1_t_per_year + R->scope2_t_per_year : (double)NAN)                   \
    X("cbam_life_usd", "CBAM, life", "M USD", 1e-6, 2, R->has_cbam ? R->cbam_life_usd : (double)NAN)

static const orf_scenario_column columns[] = {
#define COLUMN(key, label, unit, scale, dec, expr) {key, label, unit, scale, dec},
    SCEN_COLUMNS(COLUMN)
#undef COLUMN
};
#define NCOLS (sizeof columns / sizeof columns[0])
_Static_assert(NCOLS <= ORF_SCENARIO_MAX_COLS, "raise ORF_SCENARIO_MAX_COLS");

static void figures(const orf_econ_result *R, double *v)
{
    size_t i = 0;
#define FIGURE(key, label, unit, scale, dec, expr) v[i++] = (expr);
    SCEN_COLUMNS(FIGURE)
#undef FIGURE
}

/* ---------------------------------------------------------------- the section */

/* A located error for an unknown path, with the nearest name: economics values by their paths,
 * a unit's name, or the unit type's parameters. */
static void unknown_path(orf_ctx *ctx, mc_model *m, const orf_node *k, const char *scen,
                         const char *path)
{
    const char *p = path;
    if (strncmp(p, "schedule.", 9) == 0 && strchr(p + 9, '.')) /* schedule.PERIOD.UNIT.PARAM */
        p = strchr(p + 9, '.') + 1;
    const char *dot = strchr(p, '.');
    char unit[256] = "";
    if (dot && (size_t)(dot - p) < sizeof unit) {
        memcpy(unit, p, (size_t)(dot - p));
        unit[dot - p] = 0;
    }
    int ui = orf__mc_econ_path(p) ? -1 : orf_flowsheet_unit_index(m->fs, unit);
    if (!orf__mc_econ_path(p) && ui < 0 && dot) {
        orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &k->loc, NULL,
                      "scenario '%s': no unit '%s' for '%s' (economics values by path, e.g. "
                      "economics.fx.KZT; unit parameters as unit.param)",
                      scen, unit, path);
        size_t nu = orf_flowsheet_unit_count(m->fs);
        const char **names = orf_malloc(ctx, (nu + 1) * sizeof *names);
        if (names) {
            for (size_t q = 0; q < nu; q++)
                names[q] = orf_flowsheet_unit(m->fs, q)->name;
            orf_diag_hint_nearest(ctx, unit, names, nu);
            orf_free(ctx, names);
        }
        return;
    }
    orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &k->loc, NULL,
                  "scenario '%s': no numeric parameter '%s' (economics values by path, e.g. "
                  "economics.fx.KZT; unit parameters as unit.param)",
                  scen, path);
    if (ui >= 0) { /* the unit's own parameters */
        const orf_unit_type *t = orf_flowsheet_unit(m->fs, (size_t)ui)->type;
        const char **names = orf_malloc(ctx, (t->nparams + 1) * sizeof *names);
        char(*full)[320] = orf_malloc(ctx, (t->nparams + 1) * sizeof *full);
        if (names && full) {
            for (size_t q = 0; q < t->nparams; q++) {
                snprintf(full[q], sizeof full[q], "%.*s%s.%s", (int)(p - path), path, unit,
                         t->params[q].name);
                names[q] = full[q];
            }
            orf_diag_hint_nearest(ctx, path, names, t->nparams);
        }
        orf_free(ctx, names);
        orf_free(ctx, full);
    } else if (m->e) {
        size_t np = orf_econ_param_count(m->e);
        const char **names = orf_malloc(ctx, (np + 1) * sizeof *names);
        if (names) {
            for (size_t q = 0; q < np; q++)
                names[q] = orf_econ_param_path(m->e, q);
            orf_diag_hint_nearest(ctx, path, names, np);
            orf_free(ctx, names);
        }
    }
}

/* The override path = value of scenario `scen`: resolved and range-checked (located errors).
 * 1 when valid. */
static int check_override(orf_ctx *ctx, mc_model *m, const char *scen, const orf_node *set,
                          const orf_node *k, const orf_node *v, double *value)
{
    const char *path = k->str;
    int isfs;
    double *slot = orf__mc_resolve(m, path, &isfs);
    if (!slot) {
        unknown_path(ctx, m, k, scen, path);
        return 0;
    }
    if (orf_node_number(ctx, v, path, value) != ORF_OK)
        return 0;
    double lo = -(double)INFINITY, hi = (double)INFINITY;
    const orf_param_def *def = orf__mc_param_def(m, path);
    if (orf__mc_econ_path(path)) {
        orf_econ_param_range(m->e, path, &lo, &hi);
    } else if (def && (def->kind == ORF_PARAM_NUMBER || def->kind == ORF_PARAM_TABLE) &&
               def->min < def->max) {
        lo = def->min;
        hi = def->max;
    }
    if (!(*value >= lo && *value <= hi)) {
        orf_diag_emit(ctx, ORF_E_RANGE, &v->loc, NULL,
                      "scenario '%s': %s = %g is outside its range [%g, %g]", scen, path, *value,
                      lo, hi);
        return 0;
    }
    if (isfs && orf_econ_has_schedule(m->e) &&
        orf_econ_schedule_sets(m->e, slot) == orf_econ_schedule_periods(m->e)) {
        orf_diag_emit(ctx, ORF_E_INPUT, &k->loc, NULL,
                      "scenario '%s': '%s' is set by every period of the schedule, so changing "
                      "it changes nothing; set the periods' values instead (schedule.PERIOD.%s)",
                      scen, path, path);
        return 0;
    }
    for (size_t s = 0; isfs && s < orf_flowsheet_spec_count(m->fs); s++) {
        const orf_spec_info *si = orf_flowsheet_spec(m->fs, s);
        if (orf_flowsheet_param_ref(m->fs, si->unit, si->param) == slot) {
            /* unless the same scenario switches that spec off (specs.NAME.enabled: 0) */
            char sw[300];
            snprintf(sw, sizeof sw, "specs.%s.enabled", si->name);
            const orf_node *off = orf_node_get(set, sw);
            char *end = NULL;
            if (off && off->kind == ORF_NODE_SCALAR && strtod(off->str, &end) == 0.0 && end &&
                end != off->str && *end == 0)
                continue;
            orf_diag_emit(
                ctx, ORF_E_INPUT, &k->loc, NULL,
                "scenario '%s': '%s' is adjusted by the design spec '%s', which would "
                "override the value; change the spec's target instead, or switch it off in "
                "the same scenario (specs.%s.enabled: 0)",
                scen, path, si->name, si->name);
            return 0;
        }
    }
    return 1;
}

/* Parse the list `seq` of scenarios into res->sc[res->n...] (room given by the caller). */
static void parse_list(orf_ctx *ctx, mc_model *m, const orf_node *seq, orf_scenario_result *res,
                       const orf_node **name_nodes)
{
    static const char *const keys[] = {"name", "set", "description", "notes", NULL};
    if (orf_node_expect(ctx, seq, ORF_NODE_SEQ, "scenarios") != ORF_OK)
        return;
    for (size_t i = 0; i < seq->n; i++) {
        const orf_node *it = seq->items[i];
        if (orf_node_expect(ctx, it, ORF_NODE_MAP, "scenarios[]") != ORF_OK)
            continue;
        orf_node_check_keys(ctx, it, keys, "scenarios[]");
        const orf_node *nn = orf_node_get(it, "name"), *sn = orf_node_get(it, "set");
        const char *name;
        if (!nn) {
            orf_diag_emit(ctx, ORF_E_INPUT, &it->loc, NULL, "scenarios[%zu] needs 'name'", i);
            continue;
        }
        if (orf_node_string(ctx, nn, "name", &name) != ORF_OK)
            continue;
        int dup = strcmp(name, "base") == 0;
        for (size_t q = 1; !dup && q < res->n; q++)
            if (strcmp(res->sc[q].name, name) == 0) {
                dup = 1;
                orf_diag_emit(ctx, ORF_E_INPUT, &nn->loc, NULL,
                              "scenario '%s' is given twice (first at %s:%d:%d)", name,
                              name_nodes[q]->loc.file, name_nodes[q]->loc.line,
                              name_nodes[q]->loc.col);
            }
        if (strcmp(name, "base") == 0)
            orf_diag_emit(ctx, ORF_E_INPUT, &nn->loc, NULL,
                          "scenario 'base': the name is kept for the file as given");
        if (dup)
            continue;
        if (!sn) {
            orf_diag_emit(ctx, ORF_E_INPUT, &it->loc, NULL,
                          "scenario '%s' needs 'set' (a map of parameter paths to values)", name);
            continue;
        }
        if (orf_node_expect(ctx, sn, ORF_NODE_MAP, "set") != ORF_OK)
            continue;
        orf_scenario *sc = &res->sc[res->n];
        sc->path = orf_calloc(ctx, sn->n + 1, sizeof *sc->path);
        sc->value = orf_calloc(ctx, sn->n + 1, sizeof *sc->value);
        if (!sc->path || !sc->value) {
            orf_free(ctx, sc->path);
            orf_free(ctx, sc->value);
            sc->path = NULL;
            sc->value = NULL;
            orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
            return;
        }
        for (size_t q = 0; q < sn->n; q++) {
            double v;
            if (!check_override(ctx, m, name, sn, sn->keys[q], sn->items[q], &v))
                continue; /* the error count fails the load */
            const char *ps = orf_ctx_strdup(ctx, sn->keys[q]->str);
            if (!ps) {
                orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
                continue;
            }
            sc->path[sc->nset] = ps;
            sc->value[sc->nset++] = v;
        }
        sc->name = orf_ctx_strdup(ctx, name);
        if (!sc->name) { /* not listed: the error count fails the load */
            orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
            orf_free(ctx, sc->path);
            orf_free(ctx, sc->value);
            memset(sc, 0, sizeof *sc);
            continue;
        }
        name_nodes[res->n] = nn;
        res->n++;
    }
}

/* Load the scenarios of the flowsheet's section and of the document `doc` (may be NULL). */
static orf_status load_all(orf_ctx *ctx, mc_model *m, const orf_node *extra,
                           orf_scenario_result *res)
{
    const orf_node *own = orf_flowsheet_section(m->fs, "scenarios");
    size_t cap = 1 + (own ? own->n : 0) + (extra ? extra->n : 0);
    size_t errs0 = orf_ctx_error_count(ctx);
    res->sc = orf_calloc(ctx, cap, sizeof *res->sc);
    const orf_node **name_nodes = orf_calloc(ctx, cap, sizeof *name_nodes);
    if (!res->sc || !name_nodes) {
        orf_free(ctx, name_nodes);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    res->sc[0].name = "base";
    res->n = 1;
    if (own)
        parse_list(ctx, m, own, res, name_nodes);
    if (extra)
        parse_list(ctx, m, extra, res, name_nodes);
    orf_free(ctx, name_nodes);
    if (orf_ctx_error_count(ctx) > errs0)
        return ORF_E_INPUT;
    return ORF_OK;
}

orf_status orf_scenarios_check(orf_ctx *ctx, orf_flowsheet *fs, orf_econ *e)
{
    const orf_node *sec = orf_flowsheet_section(fs, "scenarios");
    if (!sec)
        return ORF_OK;
    if (!e)
        return orf_diag_emit(ctx, ORF_E_INPUT, &sec->loc, NULL,
                             "scenarios: the flowsheet has no 'economics' section (scenarios "
                             "compare its figures)");
    mc_model m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.fs = fs;
    m.e = e;
    orf_scenario_result r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    orf_status st = load_all(ctx, &m, NULL, &r);
    orf_scenario_result_fini(&r);
    return st;
}

/* ---------------------------------------------------------------- run */

/* Evaluate scenario sc from the base case, then restore the base case. */
static orf_status eval_one(orf_ctx *ctx, mc_model *m, orf_scenario *sc)
{
    size_t k = sc->nset;
    orf_mc_param *p = orf_calloc(ctx, k + 1, sizeof *p);
    double **slot = orf_calloc(ctx, k + 1, sizeof *slot);
    double *base = orf_calloc(ctx, k + 1, sizeof *base);
    if (!p || !slot || !base) {
        orf_free(ctx, p);
        orf_free(ctx, slot);
        orf_free(ctx, base);
        return ORF_E_NOMEM;
    }
    mc_model mi = *m;
    mi.k = k;
    mi.slot = slot;
    mi.base = base;
    mi.any_fs = 0;
    for (size_t i = 0; i < k; i++) {
        int f;
        slot[i] = orf__mc_resolve(m, sc->path[i], &f);
        base[i] = *slot[i];
        p[i].path = sc->path[i];
        p[i].flowsheet = f;
        p[i].base = base[i];
        p[i].lo = -(double)INFINITY; /* checked when loaded */
        p[i].hi = (double)INFINITY;
        mi.any_fs |= f;
    }
    double npv, irr;
    int solved;
    if (orf__mc_model_eval(&mi, p, sc->value, &npv, &irr, &solved) != 0) {
        sc->failed = 1;
        snprintf(sc->why, sizeof sc->why, "%s", mi.why);
        for (size_t c = 0; c < NCOLS; c++)
            sc->fig[c] = (double)NAN;
    } else {
        figures(orf_econ_result_get(m->e), sc->fig);
    }
    (void)solved; /* with a schedule every evaluation re-solves the periods */
    sc->resolved = mi.any_fs;
    orf__mc_model_restore_base(&mi);
    orf_free(ctx, p);
    orf_free(ctx, slot);
    orf_free(ctx, base);
    return ORF_OK;
}

orf_status orf_scenarios_run(orf_ctx *ctx, const char *path, const char *scen_path,
                             orf_scenario_result *res)
{
    memset(res, 0, sizeof *res);
    res->ctx = ctx;
    res->file = path;
    res->ncols = NCOLS;
    res->cols = columns;
    size_t noom0 = ctx->noom;
    mc_model m;
    orf_doc *doc = NULL;
    const orf_node *extra = NULL;
    orf_status st = orf__mc_model_open(ctx, path, NULL, 0, &m);
    if (st == ORF_OK && scen_path && (st = orf_doc_load(ctx, scen_path, &doc)) == ORF_OK) {
        extra = orf_doc_root(doc);
        if (extra->kind == ORF_NODE_MAP) { /* {scenarios: [...]} */
            static const char *const keys[] = {"scenarios", NULL};
            const orf_node *top = extra;
            if (orf_node_check_keys(ctx, top, keys, "the scenarios file") != ORF_OK)
                st = ORF_E_INPUT;
            extra = orf_node_get(top, "scenarios");
            if (!extra && !st)
                st = orf_diag_emit(ctx, ORF_E_INPUT, &top->loc, NULL,
                                   "the scenarios file needs a 'scenarios:' list");
        }
    }
    if (st == ORF_OK)
        st = load_all(ctx, &m, extra, res);
    if (st == ORF_OK && res->n == 1)
        st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                           "%s: no scenarios (give a 'scenarios:' section or a scenarios file)",
                           path);
    if (st == ORF_OK) { /* the base case as the file gives it */
        orf_scenario *b = &res->sc[0];
        if (orf_econ_eval(m.e) != ORF_OK) {
            st = orf_diag_emit(ctx, ORF_E_NUMERIC, NULL, NULL,
                               "%s: the base case's economics could not be evaluated", path);
        } else {
            figures(orf_econ_result_get(m.e), b->fig);
            b->resolved = 1;
        }
    }
    res->schedule = m.sched;
    for (size_t i = 1; st == ORF_OK && i < res->n; i++) {
        st = eval_one(ctx, &m, &res->sc[i]);
        res->failed += (size_t)res->sc[i].failed;
    }
    orf_doc_free(doc);
    orf__mc_model_close(&m);
    if (st == ORF_OK && ctx->noom != noom0) /* a solve may have failed on it: no silent NaN */
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory in the scenarios");
    if (st != ORF_OK) {
        orf_scenario_result_fini(res);
        return ctx->noom != noom0 ? ORF_E_NOMEM : st;
    }
    return ORF_OK;
}

void orf_scenario_result_fini(orf_scenario_result *r)
{
    for (size_t i = 0; r->sc && i < r->n; i++) {
        orf_free(r->ctx, r->sc[i].path);
        orf_free(r->ctx, r->sc[i].value);
    }
    orf_free(r->ctx, r->sc);
    orf_ctx *ctx = r->ctx;
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
}

/* ---------------------------------------------------------------- output */

void orf_scenarios_write_json(const orf_scenario_result *r, orf_json *j)
{
    orf_json_begin_object(j);
    orf_json_key_string(j, "file", r->file);
    orf_json_key(j, "columns");
    orf_json_begin_array(j);
    for (size_t c = 0; c < r->ncols; c++) {
        orf_json_begin_object(j);
        orf_json_key_string(j, "key", r->cols[c].key);
        orf_json_key_string(j, "label", r->cols[c].label);
        orf_json_key_string(j, "unit", r->cols[c].unit);
        orf_json_key_number(j, "scale", r->cols[c].scale);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "cases");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->n; i++) {
        const orf_scenario *s = &r->sc[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", s->name);
        orf_json_key(j, "set");
        orf_json_begin_object(j);
        for (size_t q = 0; q < s->nset; q++)
            orf_json_key_number(j, s->path[q], s->value[q]);
        orf_json_end_object(j);
        orf_json_key(j, "resolved");
        orf_json_bool(j, s->resolved);
        orf_json_key(j, "failed");
        orf_json_bool(j, s->failed);
        if (s->failed)
            orf_json_key_string(j, "diagnostic", s->why);
        for (size_t c = 0; c < r->ncols; c++)
            orf_json_key_number(j, r->cols[c].key, s->fig[c]);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_json_end(j);
}

void orf_scenarios_print(const orf_scenario_result *r, FILE *fp)
{
    int wn = orf__utf8_width("scenario"), w[ORF_SCENARIO_MAX_COLS];
    for (size_t i = 0; i < r->n; i++) {
        int a = orf__utf8_width(r->sc[i].name);
        wn = a > wn ? a : wn;
    }
    fprintf(fp, "Scenarios of %s (%zu and the base case; real USD%s)\n  ", r->file, r->n - 1,
            r->schedule ? "; each case re-solves the schedule's periods" : "");
    orf__fput_padded(fp, "scenario", wn, 1);
    for (size_t c = 0; c < r->ncols; c++) {
        int a = orf__utf8_width(r->cols[c].label), b = orf__utf8_width(r->cols[c].unit);
        w[c] = a > b ? a : b;
        w[c] = w[c] < 9 ? 9 : w[c];
        fputs("  ", fp);
        orf__fput_padded(fp, r->cols[c].label, w[c], 0);
    }
    fputs("\n  ", fp);
    orf__fput_padded(fp, "", wn, 1);
    for (size_t c = 0; c < r->ncols; c++) {
        fputs("  ", fp);
        orf__fput_padded(fp, r->cols[c].unit, w[c], 0);
    }
    fputc('\n', fp);
    for (size_t i = 0; i < r->n; i++) {
        const orf_scenario *s = &r->sc[i];
        fputs("  ", fp);
        orf__fput_padded(fp, s->name, wn, 1);
        for (size_t c = 0; c < r->ncols; c++) {
            double v = s->fig[c] * r->cols[c].scale;
            if (isfinite(v))
                fprintf(fp, "  %*.*f", w[c], r->cols[c].decimals, v);
            else
                fprintf(fp, "  %*s", w[c], "-");
        }
        fputc('\n', fp);
    }
    for (size_t i = 1; i < r->n; i++) {
        const orf_scenario *s = &r->sc[i];
        fprintf(fp, "  %s:", s->name);
        for (size_t q = 0; q < s->nset; q++)
            fprintf(fp, "%s %s = %.10g", q ? "," : "", s->path[q], s->value[q]);
        if (s->resolved)
            fputs(" (flowsheet re-solved)", fp);
        if (s->failed)
            fprintf(fp, " FAILED: %s", s->why);
        fputc('\n', fp);
    }
}
