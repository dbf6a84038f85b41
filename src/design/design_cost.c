/* Plant design: the cost data (data/design/cost_curves.yaml, data/design/cepci.yaml), the
 * purchased and installed cost of each sized item, the factored CAPEX with its AACE class, and the
 * entry point orf_design_compute.
 *
 * Purchased cost of one machine C = C_ref (S/S_ref)^n × CEPCI(year)/CEPCI(ref year) (cost-capacity
 * rule, Williams 1947; index escalation, Peters, Timmerhaus & West 2003 ch. 6). Installed cost =
 * purchased × Lang's factor (Lang 1948) for the whole list, or × Hand's factor of each equipment
 * class (Hand 1958). Accuracy class: AACE International Recommended Practice 18R-97 — a factored
 * estimate from an equipment list is class 4 (−15…−30 % / +20…+50 %); with assumed cost curves
 * it is class 5 (−20…−50 % / +30…+100 %); the wide ends are reported. */
#include "design_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static orf_status load_doc(orf_ctx *ctx, const char *name, orf_doc **doc)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/design/%s", orf_data_dir(), name);
    return orf_doc_load(ctx, path, doc);
}

static const char *const BASES[] = {"count", "size", "capacity", "motor_kw", NULL};

orf_status orf__design_cost_load(orf_design *d)
{
    orf_ctx *ctx = d->ctx;
    size_t e0 = orf_ctx_error_count(ctx);
    orf_status st = load_doc(ctx, "cost_curves.yaml", &d->cost_doc);
    if (st)
        return st;
    const orf_node *cv = orf_node_get(orf_doc_root(d->cost_doc), "curves");
    if (!cv || orf_node_expect(ctx, cv, ORF_NODE_MAP, "cost_curves.yaml: curves") != ORF_OK)
        return orf_diag_emit(ctx, ORF_E_INPUT, &orf_doc_root(d->cost_doc)->loc, NULL,
                             "cost_curves.yaml: no 'curves' map");
    d->curves = orf_calloc(ctx, cv->n + 1, sizeof *d->curves);
    if (!d->curves)
        return ORF_E_NOMEM;
    static const char *const keys[] = {"basis", "size_unit", "s_ref",   "c_ref_usd", "n",
                                       "year",  "hand",      "assumed", "source",    NULL};
    for (size_t i = 0; i < cv->n; i++) {
        const orf_node *m = cv->items[i];
        cost_curve *c = &d->curves[d->ncurves];
        memset(c, 0, sizeof *c);
        c->key = cv->keys[i]->str;
        if (orf_node_expect(ctx, m, ORF_NODE_MAP, "cost curve") != ORF_OK)
            continue;
        orf_node_check_keys(ctx, m, keys, "cost curve");
        const char *b = NULL;
        double year = NAN;
        if (orf_node_string(ctx, orf_node_get(m, "basis"), "basis", &b) ||
            orf_node_string(ctx, orf_node_get(m, "size_unit"), "size_unit", &c->size_unit) ||
            orf_node_string(ctx, orf_node_get(m, "source"), "source", &c->source) ||
            orf_node_number(ctx, orf_node_get(m, "s_ref"), "s_ref", &c->s_ref) ||
            orf_node_number(ctx, orf_node_get(m, "c_ref_usd"), "c_ref_usd", &c->c_ref_usd) ||
            orf_node_number(ctx, orf_node_get(m, "n"), "n", &c->n) ||
            orf_node_number(ctx, orf_node_get(m, "hand"), "hand", &c->hand) ||
            orf_node_number(ctx, orf_node_get(m, "year"), "year", &year) ||
            orf_node_bool(ctx, orf_node_get(m, "assumed"), "assumed", &c->assumed))
            continue;
        size_t k = 0;
        while (BASES[k] && strcmp(BASES[k], b))
            k++;
        if (!BASES[k] || !(c->s_ref > 0) || !(c->c_ref_usd > 0) || !(c->n > 0 && c->n <= 2) ||
            !(c->hand >= 1 && c->hand <= 10) || year != floor(year)) {
            orf_diag_emit(ctx, ORF_E_RANGE, &m->loc, NULL,
                          "cost curve '%s': basis must be count, size, capacity or motor_kw; "
                          "s_ref and c_ref_usd positive, 0 < n ≤ 2, 1 ≤ hand ≤ 10, a whole year",
                          c->key);
            continue;
        }
        c->size_var = BASES[k];
        c->year = (int)year;
        d->ncurves++;
    }
    orf_doc *cd = NULL;
    st = load_doc(ctx, "cepci.yaml", &cd);
    if (st)
        return st;
    const orf_node *ix = orf_node_get(orf_doc_root(cd), "index");
    if (!ix || ix->kind != ORF_NODE_MAP || ix->n == 0) {
        orf_diag_emit(ctx, ORF_E_INPUT, &orf_doc_root(cd)->loc, NULL,
                      "cepci.yaml: no 'index' map of year: value");
    } else {
        d->cepci_year = orf_calloc(ctx, ix->n, sizeof *d->cepci_year);
        d->cepci = orf_calloc(ctx, ix->n, sizeof *d->cepci);
        for (size_t i = 0; d->cepci && d->cepci_year && i < ix->n; i++) {
            double y, v;
            if (!orf_parse_number(ix->keys[i]->str, &y) || y != floor(y) || y < 1900 || y > 2200) {
                orf_diag_emit(ctx, ORF_E_INPUT, &ix->keys[i]->loc, NULL,
                              "cepci.yaml: '%s' is not a year", ix->keys[i]->str);
                continue;
            }
            if (orf_node_number(ctx, ix->items[i], "CEPCI", &v) || !(v > 0))
                continue;
            d->cepci_year[d->ncepci] = (int)y;
            d->cepci[d->ncepci++] = v;
        }
    }
    orf_doc_free(cd);
    if (!d->cepci || !d->cepci_year)
        return ORF_E_NOMEM;
    return orf_ctx_error_count(ctx) > e0 ? ORF_E_INPUT : ORF_OK;
}

double orf__design_cepci(const orf_design *d, int year)
{
    for (size_t i = 0; i < d->ncepci; i++)
        if (d->cepci_year[i] == year)
            return d->cepci[i];
    return NAN;
}

static const cost_curve *curve(const orf_design *d, const char *key)
{
    for (size_t i = 0; key && i < d->ncurves; i++)
        if (!strcmp(d->curves[i].key, key))
            return &d->curves[i];
    return NULL;
}

void orf__design_cost_items(orf_design *d)
{
    orf_design_capex *cx = &d->capex;
    int year = (int)d->o[O_COST_YEAR];
    if (year == 0)
        for (size_t i = 0; i < d->ncepci; i++)
            if (d->cepci_year[i] > year)
                year = d->cepci_year[i];
    cx->cost_year = year;
    cx->cepci = orf__design_cepci(d, year);
    cx->factor_method = d->hand ? "hand" : "lang";
    cx->lang_factor = d->o[O_LANG];
    int assumed = 0;
    for (size_t i = 0; i < d->n; i++) {
        orf_design_item *it = &d->items[i];
        const cost_curve *c = curve(d, it->equipment);
        double ref = c ? orf__design_cepci(d, c->year) : (double)NAN;
        double s = !c                                 ? (double)NAN
                   : !strcmp(c->size_var, "count")    ? c->s_ref
                   : !strcmp(c->size_var, "size")     ? it->size
                   : !strcmp(c->size_var, "capacity") ? it->capacity
                                                      : it->motor_kw;
        if (!c || !(s > 0) || !(ref > 0) || !(cx->cepci > 0) || !(it->count >= 1)) {
            cx->n_uncosted++;
            continue;
        }
        it->purchased_usd =
            it->count * orf_design_cost_usd(c->c_ref_usd, c->s_ref, c->n, s, ref, cx->cepci);
        it->install_factor = d->hand ? c->hand : d->o[O_LANG];
        it->installed_usd = it->purchased_usd * it->install_factor;
        it->cost_assumed = c->assumed;
        assumed |= c->assumed;
        cx->purchased_usd += it->purchased_usd;
        cx->installed_usd += it->installed_usd;
        cx->n_costed++;
    }
    cx->aace_class = assumed || cx->n_uncosted ? 5 : 4;
    cx->accuracy_low_pct = cx->aace_class == 5 ? -50 : -30;
    cx->accuracy_high_pct = cx->aace_class == 5 ? 100 : 50;
}

orf_status orf_design_compute(orf_ctx *ctx, const orf_flowsheet *fs, orf_design **out)
{
    *out = NULL;
    orf_design *d = orf_calloc(ctx, 1, sizeof *d);
    if (!d)
        return ORF_E_NOMEM;
    d->ctx = ctx;
    d->fs = fs;
    orf_status st = orf__design_options(d);
    if (!st)
        st = orf__design_cost_load(d);
    if (!st && d->o[O_COST_YEAR] != 0 && !isfinite(orf__design_cepci(d, (int)d->o[O_COST_YEAR])))
        st = orf_diag_emit(
            ctx, ORF_E_RANGE, &orf_node_get(orf_flowsheet_section(fs, "design"), "cost_year")->loc,
            NULL, "design.cost_year %g: no CEPCI for that year in %s/design/cepci.yaml",
            d->o[O_COST_YEAR], orf_data_dir());
    size_t nu = orf_flowsheet_unit_count(fs);
    if (!st && !(d->unsized = orf_calloc(ctx, nu + 1, sizeof *d->unsized)))
        st = ORF_E_NOMEM;
    for (size_t u = 0; !st && u < nu; u++) {
        const orf_unit *un = orf_flowsheet_unit(fs, u);
        if (un->nin == 0 || un->nout == 0) /* feeds and products */
            continue;
        int r = orf__design_size_unit(d, u);
        if (r < 0)
            st = ORF_E_NOMEM;
        else if (r == 0)
            d->unsized[d->nunsized++] = un->name;
    }
    if (st) {
        orf_design_free(d);
        return st;
    }
    for (size_t i = 0; i < d->n; i++) /* equipment without a capacity model runs what it needs */
        if (isnan(d->items[i].installed))
            d->items[i].installed = d->items[i].count;
    orf__design_cost_items(d);
    *out = d;
    return ORF_OK;
}

orf_status orf_design_check(orf_ctx *ctx, const orf_flowsheet *fs)
{
    orf_design *d = orf_calloc(ctx, 1, sizeof *d);
    if (!d)
        return ORF_E_NOMEM;
    d->ctx = ctx;
    d->fs = fs;
    orf_status st = orf__design_options(d);
    if (!st)
        st = orf__design_cost_load(d);
    orf_design_free(d);
    return st;
}

void orf_design_free(orf_design *d)
{
    if (!d)
        return;
    orf_ctx *c = d->ctx;
    orf_free(c, d->items);
    orf_free(c, d->unsized);
    orf_free(c, d->curves);
    orf_free(c, d->cepci_year);
    orf_free(c, d->cepci);
    if (d->cost_doc)
        orf_doc_free(d->cost_doc);
    orf_free(c, d);
}

size_t orf_design_count(const orf_design *d)
{
    return d ? d->n : 0;
}

const orf_design_item *orf_design_item_at(const orf_design *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

const orf_design_capex *orf_design_capex_get(const orf_design *d)
{
    return &d->capex;
}

double orf_design_units_installed_usd(const orf_design *d, const char *const *units, size_t n)
{
    double s = 0;
    for (size_t k = 0; k < n; k++) {
        int found = 0;
        for (size_t i = 0; i < d->n; i++)
            if (!strcmp(d->items[i].unit, units[k])) {
                if (!isfinite(d->items[i].installed_usd))
                    return NAN;
                s += d->items[i].installed_usd;
                found = 1;
            }
        if (!found)
            return NAN;
    }
    return s;
}

int orf_design_type_costed(orf_ctx *ctx, const char *unit_type)
{
    const char *eq = orf__design_type_equipment(unit_type);
    if (!eq)
        return 0;
    orf_design d;
    memset(&d, 0, sizeof d);
    d.ctx = ctx;
    int ok = orf__design_cost_load(&d) == ORF_OK && curve(&d, eq) != NULL;
    orf_free(ctx, d.curves);
    orf_free(ctx, d.cepci_year);
    orf_free(ctx, d.cepci);
    if (d.cost_doc)
        orf_doc_free(d.cost_doc);
    return ok;
}
