/* Life of mine: the `schedule:` section (docs/format.md, "Life of mine") and its evaluation.
 *
 * A schedule names the stream that depletes the resource (`feed`), the resource (`resource_t`,
 * dry t) and the periods the resource is mined in, each with its tonnes (or its length in
 * operating years) and the flowsheet parameters that differ in it (`set:`, paths as in
 * `uncertainty:` — a block's grade, size distribution, liberation, tonnage rate). Each period is
 * solved as its own steady state; the timeline's years are then shared among the periods in
 * the order given: in operating year k (production fraction f_k of the ramp-up, H operating
 * hours), a period of T dry t at F dry t/h lasts T / (f_k·H·F) years, and one of Y years lasts Y.
 * A year split between periods takes each period's figures by its share; the plant stops when
 * the last period is worked out (the closure year follows), or when the timeline's
 * operating_years end first (the tonnes left are reported). This is the period-by-period
 * steady-state method of feasibility studies (e.g. the life-of-mine plans of NI 43-101 /
 * JORC technical reports: each period's plant feed and recovery, and a cash flow by year).
 * Assumptions: fixed costs and sustaining capital stop pro rata within the last, partial year;
 * a period's figures are those of its steady state (no transient between blocks).
 * A period re-solved (Monte Carlo) starts from its first solution moved along its sampled settings
 * by a first-order prediction (econ_predict.c; Allgower & Georg 2003, ch. 2).
 */
#include "base/base_impl.h"
#include "econ_impl.h"

#include "oreflow/unit.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- loading */

static int set_param(orf_econ *e, econ_period *P, const orf_node *key, const orf_node *val,
                     econ_set *s)
{
    const char *path = key->str;
    const char *dot = strchr(path, '.');
    char unit[256];
    size_t len = dot ? (size_t)(dot - path) : 0;
    if (!dot || len == 0 || len >= sizeof unit || !dot[1]) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &key->loc, NULL,
                      "schedule period '%s': '%s' is not a parameter path (expected "
                      "UNIT.PARAM, e.g. tailings.solids_tph or ore.mineralogy.chromite)",
                      P->name, path);
        return 0;
    }
    memcpy(unit, path, len);
    unit[len] = 0;
    s->target = orf_flowsheet_param_ref(e->fs, unit, dot + 1);
    if (!s->target) {
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &key->loc, NULL,
                      "schedule period '%s': no numeric parameter '%s' (expected UNIT.PARAM of a "
                      "unit or feed of this flowsheet)",
                      P->name, path);
        return 0;
    }
    double lo = -HUGE_VAL, hi = HUGE_VAL;
    const orf_param_def *def = orf_flowsheet_param_def(e->fs, unit, dot + 1);
    if (def && def->min < def->max) {
        lo = def->min;
        hi = def->max;
    }
    char reg[320];
    snprintf(reg, sizeof reg, "schedule.%s.%s", P->name, path);
    s->hi = hi;
    if (!orf__econ_num_in(e, val, reg, lo, hi, &s->value))
        return 0;
    orf__econ_reg(e, reg, &s->value);
    orf__econ_reg_range(e, lo, hi);
    return 1;
}

static void load_period(orf_econ *e, const orf_node *m, size_t i, econ_period *P)
{
    static const char *const keys[] = {"name", "tonnes", "years", "set", NULL};
    P->name = "?";
    if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, "schedule.periods[]") != ORF_OK)
        return;
    P->loc = m->loc;
    orf_node_check_keys(e->ctx, m, keys, "schedule.periods[]");
    const orf_node *nn = orf_node_get(m, "name");
    if (!nn || orf_node_string(e->ctx, nn, "schedule.periods[].name", &P->name) != ORF_OK) {
        if (!nn)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, NULL,
                          "schedule.periods[%zu] needs a 'name'", i);
        P->name = "?";
        return;
    }
    for (size_t k = 0; k < i; k++)
        if (strcmp(e->sched->periods[k].name, P->name) == 0)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &nn->loc, NULL,
                          "schedule: two periods are named '%s'", P->name);
    const orf_node *tn = orf_node_get(m, "tonnes"), *yn = orf_node_get(m, "years");
    char prefix[160];
    snprintf(prefix, sizeof prefix, "schedule.%s", P->name);
    if ((tn != NULL) == (yn != NULL)) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, NULL,
                      "schedule period '%s' needs exactly one of 'tonnes' (dry t of the feed "
                      "mined in it) and 'years' (operating years)",
                      P->name);
        return;
    }
    P->by_years = yn != NULL;
    if (P->by_years)
        orf__econ_num(e, m, "years", prefix, 1, 1, 1e-3, 100, &P->amount);
    else
        orf__econ_num(e, m, "tonnes", prefix, 1, 1, 1e-3, 1e12, &P->amount);
    const orf_node *sn = orf_node_get(m, "set");
    if (!sn || orf_node_expect(e->ctx, sn, ORF_NODE_MAP, "schedule.periods[].set") != ORF_OK)
        return;
    P->set = orf_calloc(e->ctx, sn->n ? sn->n : 1, sizeof *P->set);
    if (!P->set)
        return;
    for (size_t k = 0; k < sn->n; k++)
        if (set_param(e, P, sn->keys[k], sn->items[k], &P->set[P->nset]))
            P->nset++;
}

void orf__econ_schedule_load(orf_econ *e)
{
    const orf_node *sc = orf_flowsheet_section(e->fs, "schedule");
    if (!sc || orf_node_expect(e->ctx, sc, ORF_NODE_MAP, "schedule") != ORF_OK)
        return;
    static const char *const keys[] = {"feed", "resource_t", "periods", NULL};
    orf_node_check_keys(e->ctx, sc, keys, "schedule");
    econ_schedule *S = orf_calloc(e->ctx, 1, sizeof *S);
    if (!S)
        return;
    e->sched = S;
    S->loc = sc->loc;
    S->restore = 1;
    S->feed = -1;
    const orf_node *fn = orf_node_get(sc, "feed");
    const char *feed;
    if (!fn)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &sc->loc, NULL,
                      "schedule needs 'feed': the stream whose dry tonnes deplete the resource");
    else if (orf_node_string(e->ctx, fn, "schedule.feed", &feed) == ORF_OK &&
             (S->feed = orf_flowsheet_stream_index(e->fs, feed)) < 0)
        orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &fn->loc, NULL,
                      "schedule.feed: unknown stream '%s'", feed);
    const orf_node *rn = orf_node_get(sc, "resource_t");
    if (rn)
        S->resource_loc = rn->loc;
    orf__econ_num(e, sc, "resource_t", "schedule", 0, 0, 0, 1e13, &S->resource_t);
    const orf_node *pn = orf_node_get(sc, "periods");
    if (!pn) { /* one period: the flowsheet as written, until the resource is worked out */
        S->periods = orf_calloc(e->ctx, 1, sizeof *S->periods);
        if (!S->periods)
            return;
        S->n = 1;
        S->periods[0].name = "all";
        S->periods[0].loc = sc->loc;
        S->periods[0].amount = S->resource_t;
        if (!rn)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &sc->loc, NULL,
                          "schedule needs 'periods' or 'resource_t' (the dry t to work out)");
    } else if (orf_node_expect(e->ctx, pn, ORF_NODE_SEQ, "schedule.periods") == ORF_OK) {
        if (pn->n == 0)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &pn->loc, NULL, "schedule.periods is empty");
        S->periods = orf_calloc(e->ctx, pn->n ? pn->n : 1, sizeof *S->periods);
        if (!S->periods)
            return;
        S->n = pn->n;
        double cum = 0;
        int over = 0;
        for (size_t i = 0; i < pn->n; i++) {
            econ_period *P = &S->periods[i];
            load_period(e, pn->items[i], i, P);
            if (!P->by_years)
                cum += P->amount;
            if (rn && S->resource_t > 0 && !over && cum > S->resource_t * (1 + 1e-12)) {
                over = 1;
                orf_diag_emit(e->ctx, ORF_E_RANGE, &pn->items[i]->loc, NULL,
                              "schedule: the periods up to '%s' mine %.6g t, more than the "
                              "resource (resource_t = %.6g t at line %d)",
                              P->name, cum, S->resource_t, S->resource_loc.line);
            }
        }
    }
    /* Without timeline.operating_years the life is set by the resource (up to 100 years). */
    const orf_node *ec = orf_flowsheet_section(e->fs, "economics");
    const orf_node *tl = ec ? orf_node_get(ec, "timeline") : NULL;
    if (!tl || !orf_node_get(tl, "operating_years")) {
        S->life_from_resource = 1;
        e->operating_years = 100;
    }
}

orf_status orf__econ_schedule_alloc(orf_econ *e)
{
    econ_schedule *S = e->sched;
    if (!S)
        return ORF_OK;
    orf_ctx *c = e->ctx;
    size_t ns = orf_flowsheet_state_size(e->fs);
    S->nspec = orf_flowsheet_spec_count(e->fs);
    S->w = orf_calloc(c, e->ny_cap * S->n + 1, sizeof *S->w);
    S->op_frac = orf_calloc(c, e->ny_cap + 1, sizeof *S->op_frac);
    S->state0 = orf_malloc(c, (ns + 1) * sizeof *S->state0);
    S->spec_slot = orf_calloc(c, S->nspec + 1, sizeof *S->spec_slot);
    S->spec0 = orf_calloc(c, S->nspec + 1, sizeof *S->spec0);
    S->res = orf_calloc(c, S->n + 1, sizeof *S->res);
    if (!S->w || !S->op_frac || !S->state0 || !S->spec_slot || !S->spec0 || !S->res)
        return ORF_E_NOMEM;
    S->spec_on = orf_calloc(c, S->nspec + 1, sizeof *S->spec_on);
    if (!S->spec_on)
        return ORF_E_NOMEM;
    for (size_t s = 0; s < S->nspec; s++) {
        const orf_spec_info *si = orf_flowsheet_spec(e->fs, s);
        S->spec_slot[s] = orf_flowsheet_param_ref(e->fs, si->unit, si->param);
        S->spec_on[s] = orf_flowsheet_spec_switch(e->fs, s);
    }
    for (size_t p = 0; p < S->n; p++) {
        econ_period *P = &S->periods[p];
        P->rp = orf_calloc(c, e->nproducts + 1, sizeof *P->rp);
        P->rs = orf_calloc(c, e->nstages + 1, sizeof *P->rs);
        P->state = orf_malloc(c, (ns + 1) * sizeof *P->state);
        P->spec = orf_calloc(c, S->nspec + 1, sizeof *P->spec);
        if (!P->rp || !P->rs || !P->state || !P->spec)
            return ORF_E_NOMEM;
    }
    return ORF_OK;
}

void orf__econ_schedule_free(orf_econ *e)
{
    econ_schedule *S = e->sched;
    if (!S)
        return;
    orf_ctx *c = e->ctx;
    for (size_t p = 0; S->periods && p < S->n; p++) {
        econ_period *P = &S->periods[p];
        orf_free(c, P->set);
        orf_free(c, P->rp);
        orf_free(c, P->rs);
        orf_free(c, P->state);
        orf_free(c, P->spec);
        orf_free(c, P->cst);
        orf__predict_free(c, &P->pred);
    }
    orf_free(c, S->periods);
    orf_free(c, S->res);
    orf_free(c, S->w);
    orf_free(c, S->op_frac);
    orf_free(c, S->state0);
    orf_free(c, S->spec_slot);
    orf_free(c, S->spec0);
    orf_free(c, S->spec_on);
    orf_free(c, S);
    e->sched = NULL;
}

int orf_econ_has_schedule(const orf_econ *e)
{
    return e && e->sched != NULL;
}

void orf_econ_schedule_restore(orf_econ *e, int restore)
{
    if (e && e->sched)
        e->sched->restore = restore;
}

size_t orf_econ_schedule_periods(const orf_econ *e)
{
    return e && e->sched ? e->sched->n : 0;
}

size_t orf_econ_schedule_sets(const orf_econ *e, const double *slot)
{
    const econ_schedule *S = e ? e->sched : NULL;
    size_t n = 0;
    for (size_t p = 0; S && p < S->n; p++)
        for (size_t k = 0; k < S->periods[p].nset; k++)
            if (S->periods[p].set[k].target == slot) {
                n++;
                break;
            }
    return n;
}

/* ---------------------------------------------------------------- evaluation */

static void spec_values(const econ_schedule *S, double *out)
{
    for (size_t s = 0; s < S->nspec; s++)
        out[s] = S->spec_slot[s] ? *S->spec_slot[s] : 0.0;
}

static void spec_set(const econ_schedule *S, const double *v)
{
    for (size_t s = 0; s < S->nspec; s++) /* a spec switched off no longer owns its parameter */
        if (S->spec_slot[s] && !(S->spec_on[s] && *S->spec_on[s] == 0.0))
            *S->spec_slot[s] = v[s];
}

/* Solve period P (its settings on top of the flowsheet's own values, warm-started from its first
 * solution) and keep its figures at full production. */
static orf_status solve_period(orf_econ *e, econ_period *P, double hours)
{
    econ_schedule *S = e->sched;
    for (size_t k = 0; k < P->nset; k++) {
        P->set[k].saved = *P->set[k].target;
        *P->set[k].target = P->set[k].value;
    }
    if (P->warm) { /* the stored solution, moved along the settings that differ from its own */
        orf_flowsheet_state_restore(e->fs, P->state);
        spec_set(S, P->spec);
        orf__predict_start(&P->pred, P->state, P->spec);
    }
    orf_status st = orf_flowsheet_solve(e->fs, NULL);
    for (size_t k = P->nset; k-- > 0;)
        *P->set[k].target = P->set[k].saved;
    if (st < 0)
        return orf_diag_emit(e->ctx, st, &P->loc, P->name,
                             "schedule period '%s': the flowsheet did not solve with the "
                             "period's settings",
                             P->name);
    if (!P->warm) { /* every later solve starts here: the same numbers in any order of calls */
        orf_flowsheet_state_save(e->fs, P->state);
        spec_values(S, P->spec);
        for (size_t k = 0; k < P->nset; k++)
            P->set[k].v0 = P->set[k].value;
        P->warm = 1;
    }
    memset(&P->x, 0, sizeof P->x);
    P->x.hours = hours;
    orf__econ_eval_point(e, &P->x);
    memcpy(P->rp, e->rp, e->nproducts * sizeof *P->rp);
    memcpy(P->rs, e->rs, e->nstages * sizeof *P->rs);
    P->feed_tph = orf__econ_dry_tph(orf_flowsheet_stream(e->fs, (size_t)S->feed));
    return orf__econ_carbon_keep(e, (size_t)(P - S->periods));
}

/* The warm start's predictor of each period (econ_predict.h): its columns from the period's stored
 * solution, at the settings it was solved at. */
orf_status orf__econ_schedule_predict(orf_econ *e, double *const *sampled, size_t n)
{
    econ_schedule *S = e ? e->sched : NULL;
    orf_ctx *c = e ? e->ctx : NULL;
    for (size_t p = 0; S && p < S->n; p++) {
        econ_period *P = &S->periods[p];
        size_t m = 0;
        for (size_t k = 0; k < P->nset; k++)
            for (size_t i = 0; i < n; i++)
                m += sampled[i] == &P->set[k].value;
        if (!P->warm || m == 0 || P->pred.n)
            continue;
        double **slot = orf_calloc(c, m, sizeof *slot);
        double *hi = orf_calloc(c, m, sizeof *hi);
        orf_status st = slot && hi ? ORF_OK : ORF_E_NOMEM;
        m = 0;
        for (size_t k = 0; k < P->nset; k++) {
            P->set[k].saved = *P->set[k].target;
            *P->set[k].target = P->set[k].v0; /* the period as its solution was solved */
            for (size_t i = 0; i < n && slot && hi; i++)
                if (sampled[i] == &P->set[k].value) {
                    hi[m] = P->set[k].hi;
                    slot[m++] = P->set[k].target;
                }
        }
        if (st == ORF_OK)
            st = orf__predict_init(c, e->fs, slot, m, &P->pred);
        for (size_t j = 0; st == ORF_OK && j < m; j++)
            orf__predict_column(&P->pred, j, P->state, P->spec, hi[j]);
        for (size_t k = P->nset; k-- > 0;)
            *P->set[k].target = P->set[k].saved;
        orf_free(c, slot);
        orf_free(c, hi);
        if (st != ORF_OK)
            return st;
    }
    return ORF_OK;
}

/* Share the operating years among the periods (S->w, S->op_frac) and find the closure year. */
static orf_status share_years(orf_econ *e, double hours)
{
    econ_schedule *S = e->sched;
    const int ps = e->construction_years;
    memset(S->w, 0, e->ny_cap * S->n * sizeof *S->w);
    memset(S->op_frac, 0, e->ny_cap * sizeof *S->op_frac);
    size_t p = 0;
    double left = S->n ? S->periods[0].amount : 0.0;
    int last = ps - 1;
    S->processed_t = 0;
    for (size_t p2 = 0; p2 < S->n; p2++) {
        S->periods[p2].res.tonnes = 0;
        S->periods[p2].res.start = S->periods[p2].res.end = (double)NAN;
    }
    for (int k = 0; k < e->operating_years && p < S->n; k++) {
        size_t t = (size_t)(ps + k);
        double f = (size_t)k < e->nramp ? e->ramp_pct[k] / 100.0 : 1.0;
        double rem = 1.0;
        while (rem > 1e-12 && p < S->n) {
            econ_period *P = &S->periods[p];
            double tph = f * hours * P->feed_tph; /* dry t per year of operation */
            if (!P->by_years && !(P->feed_tph > 0))
                return orf_diag_emit(e->ctx, ORF_E_INPUT, &P->loc, P->name,
                                     "schedule period '%s': the feed stream carries no solids, "
                                     "so its tonnes are never mined",
                                     P->name);
            double rate = P->by_years ? 1.0 : tph, cap = rem * rate;
            double take = cap > 0 ? fmin(left, cap) : 0.0;
            double frac = cap > 0 ? rem * take / cap : rem;
            if (isnan(P->res.start))
                P->res.start = e->start_year + (double)t + (1.0 - rem);
            S->w[t * S->n + p] += frac;
            S->processed_t += frac * tph;
            P->res.tonnes += frac * tph;
            rem -= frac;
            left -= take;
            P->res.end = e->start_year + (double)t + (1.0 - rem);
            if (left <= 1e-12 * P->amount && cap > 0) {
                if (++p < S->n)
                    left = S->periods[p].amount;
            } else if (cap <= 0) {
                break; /* no production this year (a 0 % ramp-up year): the period waits */
            }
        }
        S->op_frac[t] = 1.0 - (rem > 0 ? rem : 0.0);
        if (S->op_frac[t] > 0)
            last = (int)t;
    }
    S->unprocessed_t = 0;
    for (size_t q = p; q < S->n; q++)
        if (!S->periods[q].by_years)
            S->unprocessed_t += q == p ? left : S->periods[q].amount;
    if (S->resource_t > 0 && S->processed_t > S->resource_t * (1 + 1e-9))
        return orf_diag_emit(e->ctx, ORF_E_RANGE, &S->resource_loc, NULL,
                             "schedule: the periods mine %.6g t of '%s', more than the resource "
                             "(resource_t = %.6g t); shorten the periods given in years",
                             S->processed_t, orf_flowsheet_stream(e->fs, (size_t)S->feed)->name,
                             S->resource_t);
    /* closure in the year after the last one operated (not before the last capital phase) */
    size_t ny = (size_t)(last + 2);
    for (size_t i = 0; i < e->nphases; i++) {
        size_t end = (size_t)(e->phases[i].start_index + e->phases[i].years);
        if (end > ny)
            ny = end;
    }
    e->ny = ny < e->ny_cap ? ny : e->ny_cap;
    S->closure = (int)e->ny - 1;
    return ORF_OK;
}

/* Weighted means of the periods' figures (weights: operating years in each period). */
static void average(orf_econ *e, econ_run *x, const double *W, double Wsum)
{
    econ_schedule *S = e->sched;
    const double hours = x->hours;
    memset(x, 0, sizeof *x);
    x->hours = hours;
    memset(e->rp, 0, e->nproducts * sizeof *e->rp);
    memset(e->rs, 0, e->nstages * sizeof *e->rs);
    for (size_t i = 0; i < e->nproducts; i++) {
        orf_econ_product *r = &e->rp[i];
        double gt = 0, t = 0;
        *r = S->periods[0].rp[i];
        r->dry_tph = r->tonnes_per_year = r->value_usd_per_year = 0;
        for (size_t p = 0; p < S->n; p++) {
            const orf_econ_product *q = &S->periods[p].rp[i];
            double a = W[p] / Wsum;
            r->dry_tph += a * q->dry_tph;
            r->tonnes_per_year += a * q->tonnes_per_year;
            r->value_usd_per_year += a * q->value_usd_per_year;
            if (isfinite(q->grade_pct)) {
                gt += a * q->tonnes_per_year * q->grade_pct;
                t += a * q->tonnes_per_year;
            }
        }
        r->grade_pct = t > 0 ? gt / t : S->periods[0].rp[i].grade_pct;
        /* prices and freight per t: tonnage-weighted (the value is at the netback) */
        double pt = 0, ft = 0, tt = 0;
        for (size_t p = 0; p < S->n; p++) {
            const orf_econ_product *q = &S->periods[p].rp[i];
            double a = W[p] / Wsum * q->tonnes_per_year;
            pt += a * q->price_usd_per_t;
            ft += a * q->freight_usd_per_t;
            tt += a;
        }
        if (tt > 0) {
            r->price_usd_per_t = pt / tt;
            r->freight_usd_per_t = ft / tt;
            r->netback_usd_per_t = r->value_usd_per_year / r->tonnes_per_year;
        }
    }
    for (size_t s = 0; s < e->nstages; s++) {
        orf_econ_stage *r = &e->rs[s];
        r->name = S->periods[0].rs[s].name;
        for (size_t p = 0; p < S->n; p++) {
            const orf_econ_stage *q = &S->periods[p].rs[s];
            double a = W[p] / Wsum;
            r->value_in_usd += a * q->value_in_usd;
            r->value_out_usd += a * q->value_out_usd;
            r->value_added_usd += a * q->value_added_usd;
            r->element_out_tpy += a * q->element_out_tpy;
            r->opex_usd += a * q->opex_usd;
            r->margin_usd += a * q->margin_usd;
            r->capex_usd += a * q->capex_usd;
            r->jobs += a * q->jobs;
            r->payroll_usd += a * q->payroll_usd;
            r->gross_value_added_usd += a * q->gross_value_added_usd;
            for (size_t k = 0; k < ORF_ECON_MAX_TAXES; k++)
                r->tax_usd[k] += a * q->tax_usd[k];
        }
        r->value_added_usd_per_t_element =
            r->element_out_tpy > 0 ? r->value_added_usd / r->element_out_tpy : (double)NAN;
    }
    for (size_t p = 0; p < S->n; p++) {
        const econ_run *q = &S->periods[p].x;
        double a = W[p] / Wsum;
        x->revenue += a * q->revenue;
        x->var_opex += a * q->var_opex;
        x->fixed_opex += a * q->fixed_opex;
        x->payroll += a * q->payroll;
        x->jobs += a * q->jobs;
        x->capex_total += a * q->capex_total;
        x->unstaged_opex += a * q->unstaged_opex;
        x->unstaged_payroll += a * q->unstaged_payroll;
        x->margin_pos += a * q->margin_pos;
        x->elec_mwh += a * q->elec_mwh;
        x->met_base += a * q->met_base;
        x->scope1_t += a * q->scope1_t;
        x->scope2_t += a * q->scope2_t;
        x->cbam_ship_t += a * q->cbam_ship_t;
        x->cbam_emb_t += a * q->cbam_emb_t;
    }
}

orf_status orf__econ_schedule_eval(orf_econ *e, econ_run *x)
{
    econ_schedule *S = e->sched;
    orf_flowsheet_state_save(e->fs, S->state0);
    spec_values(S, S->spec0);
    orf_status st = ORF_OK;
    for (size_t p = 0; p < S->n && st == ORF_OK; p++)
        st = solve_period(e, &S->periods[p], x->hours);
    if (st == ORF_OK)
        st = share_years(e, x->hours);
    if (S->restore) { /* the flowsheet as the file gives it, for the streams printed */
        orf_flowsheet_state_restore(e->fs, S->state0);
        spec_set(S, S->spec0);
        orf_status s2 = orf_flowsheet_solve(e->fs, NULL);
        if (st == ORF_OK && s2 < 0)
            st = s2;
    }
    if (st != ORF_OK)
        return st;
    double W[64], Wsum = 0; /* operating years per period */
    double *w = S->n <= 64 ? W : NULL;
    if (!w)
        return orf_diag_emit(e->ctx, ORF_E_RANGE, &S->loc, NULL,
                             "schedule: at most 64 periods (has %zu)", S->n);
    for (size_t p = 0; p < S->n; p++) {
        w[p] = 0;
        for (size_t t = 0; t < e->ny; t++)
            w[p] += S->w[t * S->n + p];
        Wsum += w[p];
    }
    if (!(Wsum > 0))
        return orf_diag_emit(e->ctx, ORF_E_INPUT, &S->loc, NULL,
                             "schedule: no period is worked within the timeline");
    for (size_t p = 0; p < S->n; p++) {
        econ_period *P = &S->periods[p];
        orf_econ_period *r = &P->res;
        r->name = P->name;
        r->operating_years = w[p];
        r->feed_tph = P->feed_tph;
        r->revenue_usd_per_year = P->x.revenue;
        r->opex_usd_per_year = P->x.var_opex + P->x.fixed_opex;
        r->electricity_mwh_per_year = P->x.elec_mwh;
        r->value_added_usd_per_year = 0;
        for (size_t s = 0; s < e->nstages; s++)
            r->value_added_usd_per_year += P->rs[s].value_added_usd;
        r->nproducts = e->nproducts;
        r->products = P->rp;
        S->res[p] = *r;
    }
    average(e, x, w, Wsum);
    orf__econ_carbon_mean(e, x, w, Wsum);
    orf_econ_result *R = &e->res;
    R->nperiods = S->n;
    R->periods = S->res;
    R->feed_stream = orf_flowsheet_stream(e->fs, (size_t)S->feed)->name;
    R->resource_t = S->resource_t > 0 ? S->resource_t : (double)NAN;
    R->processed_t = S->processed_t;
    R->unprocessed_t = S->unprocessed_t;
    return ORF_OK;
}

void orf__econ_schedule_year(const orf_econ *e, size_t t, double f, double *production,
                             double *revenue, double *var_opex, double *met_base, double *feed_t,
                             double *op_frac)
{
    const econ_schedule *S = e->sched;
    *production = *revenue = *var_opex = *met_base = *feed_t = 0;
    *op_frac = t < e->ny_cap ? S->op_frac[t] : 0.0;
    for (size_t p = 0; p < S->n; p++) {
        double a = S->w[t * S->n + p] * f;
        const econ_period *P = &S->periods[p];
        *production += a;
        *revenue += a * P->x.revenue;
        *var_opex += a * P->x.var_opex;
        *met_base += a * P->x.met_base;
        *feed_t += a * P->x.hours * P->feed_tph;
    }
}

double orf__econ_schedule_va(const orf_econ *e, size_t t, double f)
{
    const econ_schedule *S = e->sched;
    double va = 0;
    for (size_t p = 0; p < S->n; p++)
        va += S->w[t * S->n + p] * f * S->periods[p].res.value_added_usd_per_year;
    return va;
}

/* ---------------------------------------------------------------- output */

static double m_usd(double usd)
{
    return usd / 1e6;
}

void orf__econ_schedule_json(const orf_econ *e, orf_json *j)
{
    const orf_econ_result *R = &e->res;
    orf_json_key(j, "schedule");
    orf_json_begin_object(j);
    orf_json_key_string(j, "feed", R->feed_stream);
    orf_json_key_number(j, "resource_t", R->resource_t); /* null: no limit given */
    orf_json_key_number(j, "processed_t", R->processed_t);
    orf_json_key_number(j, "unprocessed_t", R->unprocessed_t);
    orf_json_key_number(j, "life_years", R->life_years);
    orf_json_key(j, "periods");
    orf_json_begin_array(j);
    for (size_t p = 0; p < R->nperiods; p++) {
        const orf_econ_period *q = &R->periods[p];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", q->name);
        orf_json_key_number(j, "start", q->start);
        orf_json_key_number(j, "end", q->end);
        orf_json_key_number(j, "operating_years", q->operating_years);
        orf_json_key_number(j, "feed_tph", q->feed_tph);
        orf_json_key_number(j, "tonnes", q->tonnes);
        orf_json_key_number(j, "revenue_usd_per_year", q->revenue_usd_per_year);
        orf_json_key_number(j, "opex_usd_per_year", q->opex_usd_per_year);
        orf_json_key_number(j, "electricity_mwh_per_year", q->electricity_mwh_per_year);
        orf_json_key_number(j, "value_added_usd_per_year", q->value_added_usd_per_year);
        orf_json_key(j, "products");
        orf_json_begin_array(j);
        for (size_t i = 0; i < q->nproducts; i++) {
            const orf_econ_product *r = &q->products[i];
            orf_json_begin_object(j);
            orf_json_key_string(j, "name", r->name);
            orf_json_key_number(j, "tonnes_per_year", r->tonnes_per_year);
            orf_json_key_number(j, "grade_pct", r->grade_pct);
            orf_json_key_number(j, "value_usd_per_year", r->value_usd_per_year);
            orf_json_end_object(j);
        }
        orf_json_end_array(j);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
}

void orf__econ_schedule_print(const orf_econ *e, FILE *fp)
{
    const orf_econ_result *R = &e->res;
    fprintf(fp, "\n  Life of mine: %.4g Mt of %s over %.2f operating years", R->processed_t / 1e6,
            R->feed_stream, R->life_years);
    if (isfinite(R->resource_t))
        fprintf(fp, " (resource %.4g Mt)", R->resource_t / 1e6);
    fputc('\n', fp);
    if (R->unprocessed_t > 0)
        fprintf(fp, "  warning: %.4g Mt of the schedule are not mined before the timeline ends\n",
                R->unprocessed_t / 1e6);
    /* the first sold product's tonnes per year in each period */
    int k = -1;
    for (size_t i = 0; i < R->nproducts && k < 0; i++)
        if (R->products[i].sold)
            k = (int)i;
    fprintf(fp, "  %-16s %15s %7s %9s %8s %12s %11s %11s\n", "period", "years", "op. yrs",
            "feed t/h", "Mt fed", k >= 0 ? "product t/yr" : "", "rev M$/yr", "opex M$/yr");
    for (size_t p = 0; p < R->nperiods; p++) {
        const orf_econ_period *q = &R->periods[p];
        char span[40], prod[32] = "";
        if (isfinite(q->start))
            snprintf(span, sizeof span, "%.2f-%.2f", q->start, q->end);
        else
            snprintf(span, sizeof span, "not mined");
        if (k >= 0)
            snprintf(prod, sizeof prod, "%.0f", q->products[k].tonnes_per_year);
        fputs("  ", fp);
        orf__fput_padded(fp, q->name, 16, 1);
        fprintf(fp, " %15s %7.2f %9.1f %8.3f %12s %11.2f %11.2f\n", span, q->operating_years,
                q->feed_tph, q->tonnes / 1e6, prod, m_usd(q->revenue_usd_per_year),
                m_usd(q->opex_usd_per_year));
    }
    if (k >= 0)
        fprintf(fp, "  (product: %s; figures per year at full production)\n", R->products[k].name);
}
