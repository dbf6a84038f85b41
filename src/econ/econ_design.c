/* Economics: phases whose capital is the factored CAPEX of the design (src/design/): a phase of
 * economics.timeline.phases given `capex: factored` takes the installed (Lang- or Hand-factored)
 * cost of the sized equipment of its units — the list `units: [...]`, or else the units of its
 * `stage:` that have a sizing rule (mixers, splitters and other pipework are inside the Lang
 * factor). The amount is fixed once, from the base (design-case) solve (orf_econ_fix_design_capex),
 * so Monte Carlo samples, scenarios and schedule periods keep the capital of the plant as designed.
 * Amounts are USD of the cost year (data/design/cepci.yaml). */
#include "econ_impl.h"
#include "oreflow/design.h"
#include "oreflow/unit.h"

#include <math.h>
#include <string.h>

int orf__econ_phase_factored(orf_econ *e, const orf_node *m, econ_phase *p)
{
    const orf_node *c = orf_node_get(m, "capex"), *un = orf_node_get(m, "units");
    int fac = c && c->kind == ORF_NODE_SCALAR && c->str && !strcmp(c->str, "factored");
    if (!fac) {
        if (un)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &un->loc, NULL,
                          "economics.timeline.phases: 'units' is for a phase with capex: "
                          "factored");
        return 0;
    }
    p->factored = 1;
    p->amount = NAN;
    p->capex_node = c;
    p->factored_units = un;
    return 1;
}

static int pipework(const char *type)
{
    return !strcmp(type, "mixer") || !strcmp(type, "splitter") || !strcmp(type, "water_addition") ||
           !strcmp(type, "utility");
}

void orf__econ_phase_factored_check(orf_econ *e, econ_phase *p, const char *prefix)
{
    if (!p->factored)
        return;
    if (p->cur != 0)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &p->capex_node->loc, NULL,
                      "%s: a factored capex is in USD (of the cost year): leave 'currency' out",
                      prefix);
    const orf_node *un = p->factored_units;
    if (un) {
        if (orf_node_expect(e->ctx, un, ORF_NODE_SEQ, "economics.timeline.phases[].units") ||
            un->n == 0) {
            if (un->kind == ORF_NODE_SEQ)
                orf_diag_emit(e->ctx, ORF_E_INPUT, &un->loc, NULL, "%s.units is empty", prefix);
            return;
        }
        for (size_t i = 0; i < un->n; i++) {
            const char *name;
            if (orf_node_string(e->ctx, un->items[i], "unit name", &name))
                continue;
            int u = orf_flowsheet_unit_index(e->fs, name);
            if (u < 0) {
                orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &un->items[i]->loc, NULL,
                              "%s.units: no unit named '%s'", prefix, name);
                continue;
            }
            const char *type = orf_flowsheet_unit(e->fs, (size_t)u)->type->name;
            if (!orf_design_type_costed(e->ctx, type))
                orf_diag_emit(e->ctx, ORF_E_INPUT, &un->items[i]->loc, NULL,
                              "%s.units: unit '%s' (%s) has no sizing rule or cost curve "
                              "(data/design/cost_curves.yaml), so no factored capex",
                              prefix, name, type);
        }
        return;
    }
    if (p->stage < 0) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &p->capex_node->loc, NULL,
                      "%s: capex: factored needs 'units: [...]' or a 'stage'", prefix);
        return;
    }
    size_t n = 0;
    for (size_t u = 0; e->unit_stage && u < orf_flowsheet_unit_count(e->fs); u++) {
        if (e->unit_stage[u] != p->stage)
            continue;
        const orf_unit *un2 = orf_flowsheet_unit(e->fs, u);
        if (orf_design_type_costed(e->ctx, un2->type->name))
            n++;
        else if (!pipework(un2->type->name))
            orf_diag_warn(e->ctx, &p->capex_node->loc, NULL,
                          "%s: unit '%s' (%s) of stage '%s' has no cost curve: it is not in the "
                          "factored capex",
                          prefix, un2->name, un2->type->name, e->stage_defs[p->stage].name);
    }
    if (n == 0)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &p->capex_node->loc, NULL,
                      "%s: capex: factored, but no unit of stage '%s' has a cost curve", prefix,
                      e->stage_defs[p->stage].name);
}

orf_status orf_econ_fix_design_capex(orf_econ *e)
{
    int need = 0;
    for (size_t i = 0; i < e->nphases; i++)
        need |= e->phases[i].factored && isnan(e->phases[i].amount);
    if (!need)
        return ORF_OK;
    orf_design *d = NULL;
    orf_status st = orf_design_compute(e->ctx, e->fs, &d);
    if (st)
        return st;
    size_t nu = orf_flowsheet_unit_count(e->fs);
    const char **names = orf_calloc(e->ctx, nu + 1, sizeof *names);
    if (!names) {
        orf_design_free(d);
        return ORF_E_NOMEM;
    }
    for (size_t i = 0; i < e->nphases && !st; i++) {
        econ_phase *p = &e->phases[i];
        if (!p->factored || !isnan(p->amount))
            continue;
        size_t n = 0;
        if (p->factored_units) {
            for (size_t k = 0; k < p->factored_units->n; k++)
                names[n++] = p->factored_units->items[k]->str;
        } else {
            for (size_t u = 0; u < nu; u++)
                if (e->unit_stage[u] == p->stage &&
                    orf_design_type_costed(e->ctx, orf_flowsheet_unit(e->fs, u)->type->name))
                    names[n++] = orf_flowsheet_unit(e->fs, u)->name;
        }
        p->amount = orf_design_units_installed_usd(d, names, n);
        if (!isfinite(p->amount))
            st = orf_diag_emit(e->ctx, ORF_E_INPUT, &p->capex_node->loc, NULL,
                               "economics.timeline.phases.%s: capex: factored, but a unit of the "
                               "phase was not sized in the design case (no flow?): see the "
                               "design section's not_sized list",
                               p->name);
    }
    orf_free(e->ctx, names);
    orf_design_free(d);
    return st;
}

void orf__econ_phases_json(const orf_econ *e, orf_json *j)
{
    orf_json_key(j, "capital_phases");
    orf_json_begin_array(j);
    for (size_t i = 0; i < e->nphases; i++) {
        const econ_phase *p = &e->phases[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", p->name);
        orf_json_key_string(j, "stage", p->stage >= 0 ? e->stage_defs[p->stage].name : NULL);
        orf_json_key_number(j, "capex_usd", p->amount / e->fx[p->cur]);
        orf_json_key_string(j, "capex_from", p->factored ? "design (factored)" : "typed");
        orf_json_key(j, "start_year");
        orf_json_int(j, e->start_year + p->start_index);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
}
