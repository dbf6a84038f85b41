/* Design optimisation: the `optimize:` section (docs/optimize.md) read and checked against the
 * loaded flowsheet: objective, variables (paths, bounds, start, integer), constraints, method,
 * budget, tolerances and the Pareto front's second objective. Every error is located. */
#include "opt/opt_impl.h"

#include <math.h>
#include <string.h>

char *orf__opt_strdup(orf_ctx *ctx, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = orf_malloc(ctx, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

double *orf__opt_slot(opt_model *m, const char *path, int *is_fs)
{
    *is_fs = 0;
    if (!strncmp(path, "economics.", 10))
        return m->e ? orf_econ_param_ref(m->e, path) : NULL;
    const char *dot = strchr(path, '.');
    char unit[256];
    size_t len = dot ? (size_t)(dot - path) : 0;
    if (!dot || len == 0 || len >= sizeof unit || !dot[1])
        return NULL;
    memcpy(unit, path, len);
    unit[len] = 0;
    *is_fs = 1;
    return orf_flowsheet_param_ref(m->fs, unit, dot + 1);
}

/* The objective of a map with `maximize:` or `minimize:` (exactly one). */
static orf_status objective(opt_model *m, const orf_node *map, const char *what, const char **path,
                            int *maximize)
{
    const orf_node *mx = orf_node_get(map, "maximize"), *mn = orf_node_get(map, "minimize");
    if ((mx != NULL) == (mn != NULL))
        return orf_diag_emit(m->ctx, ORF_E_INPUT, &map->loc, NULL,
                             "%s needs exactly one of 'maximize' or 'minimize' (a result path)",
                             what);
    *maximize = mx != NULL;
    const char *s;
    if (orf_node_string(m->ctx, mx ? mx : mn, "the objective's result path", &s))
        return ORF_E_INPUT;
    *path = orf__opt_strdup(m->ctx, s);
    return *path ? ORF_OK : ORF_E_NOMEM;
}

static orf_status method_of(orf_ctx *ctx, const orf_node *n, orf_opt_method *out)
{
    const char *s;
    if (orf_node_string(ctx, n, "optimize 'method'", &s))
        return ORF_E_INPUT;
    if (!strcmp(s, "cobyla"))
        *out = ORF_OPT_COBYLA;
    else if (!strcmp(s, "slsqp"))
        *out = ORF_OPT_SLSQP;
    else if (!strcmp(s, "global"))
        *out = ORF_OPT_GLOBAL;
    else if (!strcmp(s, "isres"))
        *out = ORF_OPT_ISRES;
    else
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL,
                             "optimize 'method': '%s' is not one of cobyla, slsqp, global, isres",
                             s);
    return ORF_OK;
}

static orf_status positive(orf_ctx *ctx, const orf_node *n, const char *what, double *out)
{
    if (!n)
        return ORF_OK;
    double v;
    if (orf_node_number(ctx, n, what, &v))
        return ORF_E_INPUT;
    if (!(v > 0))
        return orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s must be > 0 (got %g)", what, v);
    *out = v;
    return ORF_OK;
}

static orf_status load_var(opt_model *m, const orf_node *vn, orf_opt_var *v)
{
    orf_ctx *ctx = m->ctx;
    static const char *const keys[] = {"param", "min", "max", "start", "integer", NULL};
    if (orf_node_expect(ctx, vn, ORF_NODE_MAP, "an optimisation variable") ||
        orf_node_check_keys(ctx, vn, keys, "an optimisation variable"))
        return ORF_E_INPUT;
    v->loc = vn->loc;
    const orf_node *pn = orf_node_get(vn, "param"), *lo = orf_node_get(vn, "min"),
                   *hi = orf_node_get(vn, "max"), *sn = orf_node_get(vn, "start"),
                   *in = orf_node_get(vn, "integer");
    if (!pn || !lo || !hi)
        return orf_diag_emit(ctx, ORF_E_INPUT, &vn->loc, NULL,
                             "an optimisation variable needs 'param', 'min' and 'max'");
    const char *path;
    if (orf_node_string(ctx, pn, "variable 'param'", &path) ||
        orf_node_number(ctx, lo, "variable 'min'", &v->lo) ||
        orf_node_number(ctx, hi, "variable 'max'", &v->hi) ||
        (in && orf_node_bool(ctx, in, "variable 'integer'", &v->integer)))
        return ORF_E_INPUT;
    v->path = orf__opt_strdup(ctx, path);
    if (!v->path)
        return ORF_E_NOMEM;
    int is_fs;
    double *slot = orf__opt_slot(m, path, &is_fs);
    if (!slot)
        return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->loc, NULL,
                             "optimize: no numeric parameter '%s' (a unit parameter as "
                             "unit.param, or an economics value as economics.…)",
                             path);
    if (!(v->lo < v->hi))
        return orf_diag_emit(ctx, ORF_E_INPUT, &vn->loc, NULL,
                             "variable '%s': min (%g) must be below max (%g)", path, v->lo, v->hi);
    if (is_fs) {
        const char *dot = strchr(path, '.');
        char unit[256];
        size_t len = (size_t)(dot - path);
        memcpy(unit, path, len);
        unit[len] = 0;
        const orf_param_def *d = orf_flowsheet_param_def(m->fs, unit, dot + 1);
        if (d && d->kind == ORF_PARAM_NUMBER && (v->lo < d->min || v->hi > d->max))
            return orf_diag_emit(ctx, ORF_E_INPUT, &vn->loc, NULL,
                                 "variable '%s': [%g, %g] leaves the parameter's range [%g, %g]",
                                 path, v->lo, v->hi, d->min, d->max);
        for (size_t s = 0; s < orf_flowsheet_spec_count(m->fs); s++) {
            const orf_spec_info *si = orf_flowsheet_spec(m->fs, s);
            double *on = orf_flowsheet_spec_switch(m->fs, s);
            if (orf_flowsheet_param_ref(m->fs, si->unit, si->param) == slot && !(on && *on == 0))
                return orf_diag_emit(ctx, ORF_E_INPUT, &pn->loc, NULL,
                                     "variable '%s' is adjusted by design spec '%s': the spec "
                                     "would override the optimiser (switch it off with set: "
                                     "{specs.NAME.enabled: 0})",
                                     path, si->name);
        }
    }
    if (v->integer && (v->lo != floor(v->lo) || v->hi != floor(v->hi)))
        return orf_diag_emit(ctx, ORF_E_INPUT, &vn->loc, NULL,
                             "integer variable '%s': min and max must be whole numbers", path);
    v->base = *slot;
    v->start = fmin(fmax(v->base, v->lo), v->hi);
    if (sn) {
        if (orf_node_number(ctx, sn, "variable 'start'", &v->start))
            return ORF_E_INPUT;
        v->start_given = 1;
        if (!(v->start >= v->lo && v->start <= v->hi))
            return orf_diag_emit(ctx, ORF_E_INPUT, &sn->loc, NULL,
                                 "variable '%s': start %g is outside [%g, %g]", path, v->start,
                                 v->lo, v->hi);
    }
    v->value = v->start;
    return ORF_OK;
}

static orf_status load_con(opt_model *m, const orf_node *cn, orf_opt_con *c)
{
    orf_ctx *ctx = m->ctx;
    static const char *const keys[] = {"path", "at_least", "at_most", NULL};
    if (orf_node_expect(ctx, cn, ORF_NODE_MAP, "an optimisation constraint") ||
        orf_node_check_keys(ctx, cn, keys, "an optimisation constraint"))
        return ORF_E_INPUT;
    c->loc = cn->loc;
    const orf_node *pn = orf_node_get(cn, "path"), *al = orf_node_get(cn, "at_least"),
                   *am = orf_node_get(cn, "at_most");
    if (!pn || (al != NULL) == (am != NULL))
        return orf_diag_emit(ctx, ORF_E_INPUT, &cn->loc, NULL,
                             "a constraint needs 'path' and one of 'at_least' or 'at_most'");
    const char *path;
    if (orf_node_string(ctx, pn, "constraint 'path'", &path) ||
        orf_node_number(ctx, al ? al : am, al ? "'at_least'" : "'at_most'", &c->bound))
        return ORF_E_INPUT;
    c->at_least = al != NULL;
    c->path = orf__opt_strdup(ctx, path);
    return c->path ? ORF_OK : ORF_E_NOMEM;
}

/* `set: {PATH: value}`: values fixed for the whole run (a design spec switched off with
 * specs.NAME.enabled: 0 so that its parameter can be a variable), applied before the base case. */
static orf_status load_set(opt_model *m, const orf_node *set)
{
    orf_opt_result *r = m->r;
    if (!set)
        return ORF_OK;
    if (orf_node_expect(m->ctx, set, ORF_NODE_MAP, "optimize 'set'"))
        return ORF_E_INPUT;
    r->set = orf_calloc(m->ctx, set->n ? set->n : 1, sizeof *r->set);
    if (!r->set)
        return ORF_E_NOMEM;
    for (size_t i = 0; i < set->n; i++) {
        orf_opt_set *o = &r->set[i];
        r->nset = i + 1;
        int is_fs;
        double *slot = orf__opt_slot(m, set->keys[i]->str, &is_fs);
        if (!slot)
            return orf_diag_emit(m->ctx, ORF_E_UNKNOWN_NAME, &set->keys[i]->loc, NULL,
                                 "optimize 'set': no numeric parameter '%s'", set->keys[i]->str);
        if (orf_node_number(m->ctx, set->items[i], "a value of 'set'", &o->value))
            return ORF_E_INPUT;
        o->path = orf__opt_strdup(m->ctx, set->keys[i]->str);
        if (!o->path)
            return ORF_E_NOMEM;
        o->slot = slot;
        o->base = *slot;
        *slot = o->value; /* for the variables' checks below; the base case is solved without */
        m->any_fs |= is_fs;
    }
    return ORF_OK;
}

orf_status orf__opt_load(opt_model *m, const orf_node *sec)
{
    orf_ctx *ctx = m->ctx;
    orf_opt_result *r = m->r;
    static const char *const keys[] = {
        "maximize", "minimize",  "method",      "max_evaluations", "xtol", "constraint_tol",
        "fd_step",  "variables", "constraints", "pareto",          "set",  NULL};
    if (orf_node_expect(ctx, sec, ORF_NODE_MAP, "'optimize'") ||
        orf_node_check_keys(ctx, sec, keys, "'optimize'"))
        return ORF_E_INPUT;
    orf_status st = objective(m, sec, "optimize", &r->objective, &r->maximize);
    if (st)
        return st;
    m->method = ORF_OPT_COBYLA;
    const orf_node *n = orf_node_get(sec, "method");
    if (n && method_of(ctx, n, &m->method))
        return ORF_E_INPUT;
    double me = 200;
    m->xtol = 1e-10;
    r->tol = 1e-6;
    m->fd_step = 1e-6;
    if (positive(ctx, orf_node_get(sec, "max_evaluations"), "'max_evaluations'", &me) ||
        positive(ctx, orf_node_get(sec, "xtol"), "'xtol'", &m->xtol) ||
        positive(ctx, orf_node_get(sec, "constraint_tol"), "'constraint_tol'", &r->tol) ||
        positive(ctx, orf_node_get(sec, "fd_step"), "'fd_step'", &m->fd_step))
        return ORF_E_INPUT;
    m->max_evals = (size_t)me;
    if ((st = load_set(m, orf_node_get(sec, "set"))) != ORF_OK)
        return st;
    const orf_node *vl = orf_node_get(sec, "variables"), *cl = orf_node_get(sec, "constraints");
    if (!vl)
        return orf_diag_emit(ctx, ORF_E_INPUT, &sec->loc, NULL, "optimize needs 'variables'");
    if (orf_node_expect(ctx, vl, ORF_NODE_SEQ, "optimize 'variables'") ||
        (cl && orf_node_expect(ctx, cl, ORF_NODE_SEQ, "optimize 'constraints'")))
        return ORF_E_INPUT;
    if (vl->n == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &vl->loc, NULL, "optimize: no variables");
    r->var = orf_calloc(ctx, vl->n, sizeof *r->var);
    r->con = orf_calloc(ctx, cl && cl->n ? cl->n : 1, sizeof *r->con);
    if (!r->var || !r->con)
        return ORF_E_NOMEM;
    size_t combos = 1;
    for (size_t i = 0; i < vl->n; i++) {
        r->nvar = i + 1; /* so that orf_opt_result_fini frees what is loaded */
        if ((st = load_var(m, vl->items[i], &r->var[i])) != ORF_OK)
            return st;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(r->var[k].path, r->var[i].path))
                return orf_diag_emit(ctx, ORF_E_INPUT, &vl->items[i]->loc, NULL,
                                     "variable '%s' is given twice", r->var[i].path);
        if (r->var[i].integer) {
            double c = r->var[i].hi - r->var[i].lo + 1;
            if (c * (double)combos > ORF_OPT_MAX_COMBOS)
                return orf_diag_emit(ctx, ORF_E_INPUT, &vl->items[i]->loc, NULL,
                                     "integer variables: more than %d combinations to enumerate",
                                     ORF_OPT_MAX_COMBOS);
            combos *= (size_t)c;
        }
    }
    for (size_t i = 0; cl && i < cl->n; i++) {
        r->ncon = i + 1;
        if ((st = load_con(m, cl->items[i], &r->con[i])) != ORF_OK)
            return st;
    }
    const orf_node *pa = orf_node_get(sec, "pareto");
    if (pa) {
        static const char *const pkeys[] = {"maximize", "minimize", "points", NULL};
        long pts = 5;
        if (orf_node_expect(ctx, pa, ORF_NODE_MAP, "optimize 'pareto'") ||
            orf_node_check_keys(ctx, pa, pkeys, "optimize 'pareto'"))
            return ORF_E_INPUT;
        if ((st = objective(m, pa, "pareto", &r->objective2, &r->maximize2)) != ORF_OK)
            return st;
        const orf_node *pn = orf_node_get(pa, "points");
        if (pn && orf_node_int(ctx, pn, "pareto 'points'", &pts))
            return ORF_E_INPUT;
        if (pts < 2 || pts > 100)
            return orf_diag_emit(ctx, ORF_E_INPUT, pn ? &pn->loc : &pa->loc, NULL,
                                 "pareto 'points' must be 2 to 100 (got %ld)", pts);
        m->pareto_n = (size_t)pts;
    }
    m->npaths = 1 + r->ncon + (r->objective2 ? 1 : 0);
    m->paths = orf_calloc(ctx, m->npaths, sizeof *m->paths);
    if (!m->paths)
        return ORF_E_NOMEM;
    m->paths[0] = r->objective;
    for (size_t i = 0; i < r->ncon; i++)
        m->paths[1 + i] = r->con[i].path;
    if (r->objective2)
        m->paths[1 + r->ncon] = r->objective2;
    return ORF_OK;
}

orf_status orf_opt_check(orf_ctx *ctx, orf_flowsheet *fs, orf_econ *e)
{
    const orf_node *sec = orf_flowsheet_section(fs, "optimize");
    if (!sec)
        return ORF_OK;
    opt_model m;
    memset(&m, 0, sizeof m);
    orf_opt_result r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    m.ctx = ctx;
    m.fs = fs;
    m.e = e;
    m.r = &r;
    orf_status st = orf__opt_load(&m, sec);
    for (size_t i = 0; r.set && i < r.nset; i++) /* leave the flowsheet as loaded */
        if (r.set[i].slot)
            *r.set[i].slot = r.set[i].base;
    orf_free(ctx, m.paths);
    orf_opt_result_fini(&r);
    return st;
}
