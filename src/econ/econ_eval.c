/* Evaluating the economics of a solved flowsheet (orf_econ_eval), phase by phase:
 *   products and revenue -> operating costs -> capital -> the years of the timeline -> taxes
 *   (econ_taxes.c) -> cash flow and its metrics -> stages (value added, taxes) -> unit costs.
 *
 * Model (constant, real money in USD; end-of-year flows, year 0 = first construction year):
 *   revenue_t  = f_t * sum_sold dry_t/yr * price (ex-VAT, grade-adjusted: price * grade/ref,
 *                the Chinese 50 %-Cr-basis convention, Steelhome/SMM quotes)
 *   opex_t     = f_t * (electricity kWh * tariff + stream tonnes * prices)
 *                + labour + maintenance % of capex + fixed annual items      (operating years)
 *   taxes_t    = the taxes of the list (econ_taxes.c: MET, royalty, CIT, social tax, VAT)
 *   net_t      = revenue - opex - capex - d(working capital) - closure - taxes
 * with f_t the ramp-up fraction of full production. NPV at a real discount rate (CIM Magazine,
 * "Discount rates and net present value": 8-10 % for base metals, plus country risk).
 * Value added per stage: value of the stage's output streams minus value of its input streams
 * at market prices, per tonne of the valuable element in its output.
 * Nothing here allocates: Monte Carlo workers evaluate per sample.
 */
#include "econ_impl.h"

#include "oreflow/finance.h"
#include "oreflow/materials.h"
#include "oreflow/stream.h"
#include "oreflow/unit.h"

#include <math.h>
#include <string.h>

double orf__econ_dry_tph(const orf_stream *st)
{
    return orf_stream_total_tph(st) - orf_stream_water_tph(st);
}

static double nz(double x)
{
    return isfinite(x) ? x : 0.0;
}

static double usd(const orf_econ *e, double amount, int cur)
{
    return amount / e->fx[cur];
}

/* Grade of the price basis, % of dry mass; NaN when there is no basis. */
static double basis_grade(const orf_econ *e, const econ_product *p, const orf_stream *st)
{
    double d = orf__econ_dry_tph(st);
    if (p->basis == B_NONE || d <= 0)
        return (double)NAN;
    if (p->basis == B_MATERIAL)
        return 100.0 * orf_stream_material_tph(st, (size_t)p->basis_el) / d;
    (void)e;
    return 100.0 * p->basis_factor * orf_stream_element_tph(st, p->basis_el) / d;
}

static double item_tph(const econ_item *c, const orf_stream *st)
{
    switch (c->qty) {
    case Q_DRY:
        return orf__econ_dry_tph(st);
    case Q_TOTAL:
        return orf_stream_total_tph(st);
    case Q_WATER:
        return orf_stream_water_tph(st);
    case Q_SOLIDS:
        return orf_stream_solids_tph(st);
    case Q_MATERIAL:
        return orf_stream_material_tph(st, (size_t)c->material);
    }
    return 0;
}

/* Electric power drawn by unit u, kW: its power_kw result, else specific energy × dry feed. */
double orf__econ_unit_kw(const orf_econ *e, const orf_unit *u)
{
    const orf_unit_type *t = u->type;
    if (!t || !u->r)
        return 0;
    for (size_t k = 0; k < t->nresults; k++)
        if (strcmp(t->results[k].name, "power_kw") == 0)
            return nz(u->r[k]);
    for (size_t k = 0; k < t->nresults; k++) {
        if (strcmp(t->results[k].name, "specific_energy_kwh_per_t") == 0) {
            double feed = 0;
            for (size_t i = 0; i < u->nin; i++)
                feed += orf__econ_dry_tph(orf_flowsheet_stream(e->fs, (size_t)u->in[i]));
            return nz(u->r[k]) * feed;
        }
    }
    return 0;
}

/* Market value per year (full production) of stream s: its product's price × dry t/yr. */
static double stream_value(const orf_econ *e, int s)
{
    for (size_t i = 0; i < e->nproducts; i++)
        if (e->products[i].stream == s)
            return e->rp[i].value_usd_per_year;
    return 0;
}

static void eval_products(orf_econ *e, econ_run *x)
{
    for (size_t i = 0; i < e->nproducts; i++) {
        const econ_product *p = &e->products[i];
        orf_econ_product *r = &e->rp[i];
        const orf_stream *st = orf_flowsheet_stream(e->fs, (size_t)p->stream);
        r->name = p->name;
        r->stream = st->name;
        r->stage = p->stage >= 0 ? e->stage_defs[p->stage].name : NULL;
        r->sold = p->sold;
        r->dry_tph = orf__econ_dry_tph(st);
        r->tonnes_per_year = r->dry_tph * x->hours;
        r->grade_pct = basis_grade(e, p, st);
        double price = usd(e, p->price, p->cur) / (1.0 + p->vat_incl_pct / 100.0);
        if (p->basis != B_NONE)
            price *= nz(r->grade_pct) / p->ref_pct;
        r->price_usd_per_t = price;
        /* netback: the mine-gate price, freight (rail, port, sea) deducted */
        double sold_t = p->sold ? r->tonnes_per_year : 0.0;
        r->freight_usd_per_t = orf__econ_freight_usd(e, i, sold_t);
        r->netback_usd_per_t = price - r->freight_usd_per_t;
        r->value_usd_per_year = r->tonnes_per_year * r->netback_usd_per_t;
        orf__econ_mix(e, ORF__MIX_REV, p->cur, sold_t * price);
        if (p->sold)
            x->revenue += r->value_usd_per_year;
    }
}

/* Operating costs at full production: electricity and cost items (variable, or fixed annual
 * amounts), then labour; each also to its stage (or to none). */
static void eval_opex(orf_econ *e, econ_run *x)
{
    const double H = x->hours;
    double kw = e->extra_kw;
    double tariff_usd = usd(e, e->tariff, e->tariff_cur);
    size_t nu = orf_flowsheet_unit_count(e->fs);
    for (size_t u = 0; u < nu; u++) {
        if (!e->elec_unit[u])
            continue;
        double k = orf__econ_unit_kw(e, orf_flowsheet_unit(e->fs, u));
        kw += k;
        double c = k * H * tariff_usd;
        if (e->unit_stage[u] >= 0)
            e->rs[e->unit_stage[u]].opex_usd += c;
        else
            x->unstaged_opex += c;
    }
    x->unstaged_opex += e->extra_kw * H * tariff_usd;
    x->var_opex += kw * H * tariff_usd;
    orf__econ_mix(e, ORF__MIX_VAR, e->tariff_cur, kw * H * tariff_usd);
    x->elec_mwh = kw * H / 1000.0;
    for (size_t i = 0; i < e->nitems; i++) {
        const econ_item *c = &e->items[i];
        double v;
        if (c->unit >= 0) {
            const orf_unit *un = orf_flowsheet_unit(e->fs, (size_t)c->unit);
            double q = un->r ? nz(un->r[c->result]) : 0.0;
            v = (q > 0 ? q : 0.0) * c->result_scale * H * usd(e, c->price, c->cur);
            x->var_opex += v;
            orf__econ_mix(e, ORF__MIX_VAR, c->cur, v);
        } else if (c->stream >= 0) {
            v = item_tph(c, orf_flowsheet_stream(e->fs, (size_t)c->stream)) * H *
                (c->dose_g_per_t > 0 ? c->dose_g_per_t / 1e6 : 1.0) * usd(e, c->price, c->cur);
            x->var_opex += v;
            orf__econ_mix(e, ORF__MIX_VAR, c->cur, v);
        } else {
            v = usd(e, c->price, c->cur);
            x->fixed_opex += v;
            orf__econ_mix(e, ORF__MIX_FIX, c->cur, v);
        }
        if (c->stage >= 0)
            e->rs[c->stage].opex_usd += v;
        else
            x->unstaged_opex += v;
    }
    for (size_t i = 0; i < e->nlabour; i++) {
        const econ_labour *l = &e->labour[i];
        double v = l->headcount * usd(e, l->salary, l->cur);
        x->payroll += v;
        x->jobs += l->headcount;
        orf__econ_mix(e, ORF__MIX_FIX, l->cur, v);
        orf__econ_mix(e, ORF__MIX_PAY, l->cur, v);
        if (l->stage >= 0) {
            orf_econ_stage *r = &e->rs[l->stage];
            r->opex_usd += v;
            r->payroll_usd += v;
            r->jobs += l->headcount;
            for (size_t k = 0; k < ORF__TAX_COUNT; k++) /* taxes on the stage's own payroll */
                if (orf__econ_taxes[k].share == ORF__SHARE_PAYROLL)
                    r->tax_usd[k] += v * orf__econ_taxes[k].rate_pct(e) / 100.0;
        } else {
            x->unstaged_opex += v;
            x->unstaged_payroll += v;
        }
    }
    x->fixed_opex += x->payroll;
}

/* Initial capital by stage, and maintenance (a % of it, per operating year) shared likewise. */
static void eval_capex(orf_econ *e, econ_run *x)
{
    const size_t ns = e->nstages;
    for (size_t i = 0; i < e->nphases; i++) {
        double c = usd(e, e->phases[i].amount, e->phases[i].cur);
        x->capex_total += c;
        if (e->phases[i].stage >= 0)
            e->rs[e->phases[i].stage].capex_usd += c;
    }
    double maint = e->maintenance_pct / 100.0 * x->capex_total;
    x->fixed_opex += maint;
    for (size_t s = 0; s < ns; s++)
        if (x->capex_total > 0)
            e->rs[s].opex_usd += maint * e->rs[s].capex_usd / x->capex_total;
    double staged_capex = 0;
    for (size_t s = 0; s < ns; s++)
        staged_capex += e->rs[s].capex_usd;
    x->unstaged_opex += maint * (x->capex_total > 0 ? 1.0 - staged_capex / x->capex_total : 1.0);
}

/* Production, revenue, opex, capex, working capital, closure and payroll of each year. With a
 * schedule, each year's production figures are those of the periods it falls in (shares of the
 * year), and fixed costs and sustaining capital stop, pro rata, when the resource is depleted. */
static void eval_years(orf_econ *e, const econ_run *x)
{
    const int ps = e->construction_years, op = e->operating_years;
    double closure = usd(e, e->closure_cost, e->closure_cur);
    double wc_prev = 0, va = 0;
    for (size_t s = 0; s < e->nstages; s++) /* value added per year: the stages' sum */
        va += e->rs[s].value_added_usd;
    e->life_years = 0;
    for (size_t t = 0; t < e->ny; t++) {
        orf_econ_year *y = &e->years[t];
        memset(y, 0, sizeof *y);
        y->year = e->start_year + (int)t;
        int operating = (int)t >= ps && (int)t < ps + op;
        double f = 0;
        if (operating) {
            size_t k = t - (size_t)ps;
            f = k < e->nramp ? e->ramp_pct[k] / 100.0 : 1.0;
        }
        double frac = operating ? 1.0 : 0.0, var, feed = 0;
        if (e->sched) {
            orf__econ_schedule_year(e, t, f, &y->production, &y->revenue_usd, &var, &e->met_base[t],
                                    &feed, &frac);
            y->feed_t = feed;
            y->value_added_usd = orf__econ_schedule_va(e, t, f);
        } else {
            y->production = f;
            y->revenue_usd = f * x->revenue;
            var = f * x->var_opex;
            e->met_base[t] = f * x->met_base;
            y->value_added_usd = f * va;
        }
        e->life_years += frac;
        y->opex_usd = frac > 0 ? var + frac * x->fixed_opex : 0.0;
        e->var_opex_y[t] = frac > 0 ? var : 0.0;
        e->payroll[t] = frac * x->payroll;
        double capex = 0;
        for (size_t i = 0; i < e->nphases; i++) {
            const econ_phase *p = &e->phases[i];
            if ((int)t >= p->start_index && (int)t < p->start_index + p->years)
                capex += usd(e, p->amount, p->cur) / p->years;
        }
        if (operating && (int)t > ps)
            capex += frac * e->sustaining_pct / 100.0 * x->capex_total;
        y->capex_usd = capex;
        double wc = e->wc_pct / 100.0 * y->revenue_usd;
        y->working_capital_usd = wc - wc_prev;
        wc_prev = wc;
        y->closure_usd = t == e->ny - 1 ? closure : 0.0;
    }
}

/* Net cash flow, cumulative and discounted; life totals; NPV, IRR, payback. */
static void eval_cash_flow(orf_econ *e, const econ_run *x)
{
    orf_econ_result *R = &e->res;
    double cum = 0, disc = 0, v = 1.0 / (1.0 + e->discount_rate_pct / 100.0), vt = 1.0;
    R->taxes_life_usd = 0;
    for (size_t k = 0; k < ORF__TAX_COUNT; k++)
        R->tax_life_usd[k] = 0;
    for (size_t t = 0; t < e->ny; t++) {
        orf_econ_year *y = &e->years[t];
        y->net_usd = y->revenue_usd - y->opex_usd - y->capex_usd - y->working_capital_usd -
                     y->closure_usd - y->taxes_usd;
        e->cf[t] = y->net_usd;
        cum += y->net_usd;
        y->cumulative_usd = cum;
        y->discounted_usd = y->net_usd * vt;
        disc += y->discounted_usd;
        vt *= v;
        R->taxes_life_usd += y->taxes_usd;
        for (size_t k = 0; k < ORF__TAX_COUNT; k++)
            R->tax_life_usd[k] += y->tax_usd[k];
    }
    R->currency = "USD";
    R->element = e->element_name;
    R->discount_rate = e->discount_rate_pct / 100.0;
    R->npv_usd = disc;
    orf_fin_irr_near(e->cf, e->ny, R->discount_rate, &R->irr);
    R->payback_years = orf_fin_payback_years(e->cf, e->ny);
    R->discounted_payback_years = orf_fin_discounted_payback_years(e->cf, e->ny, R->discount_rate);
    R->operating_hours = x->hours;
    R->revenue_usd_per_year = x->revenue;
    R->electricity_mwh_per_year = x->elec_mwh;
    R->opex_usd_per_year = x->var_opex + x->fixed_opex;
    R->capex_usd = x->capex_total;
    R->jobs = x->jobs;
}

/* Stages at full production: value in and out, value added per t of element, opex with the
 * unattributed part shared by value of output, margin. */
static void eval_stages(orf_econ *e, econ_run *x)
{
    double out_total = 0;
    for (size_t s = 0; s < e->nstages; s++) {
        const econ_stage_def *d = &e->stage_defs[s];
        orf_econ_stage *r = &e->rs[s];
        r->name = d->name;
        for (size_t k = 0; k < d->nin; k++)
            if (d->in[k] >= 0)
                r->value_in_usd += stream_value(e, d->in[k]);
        for (size_t k = 0; k < d->nout; k++) {
            if (d->out[k] < 0)
                continue;
            r->value_out_usd += stream_value(e, d->out[k]);
            if (e->element >= 0)
                r->element_out_tpy +=
                    x->hours * orf_stream_element_tph(
                                   orf_flowsheet_stream(e->fs, (size_t)d->out[k]), e->element);
        }
        out_total += r->value_out_usd;
    }
    for (size_t s = 0; s < e->nstages; s++) {
        orf_econ_stage *r = &e->rs[s];
        if (out_total > 0) {
            r->opex_usd += x->unstaged_opex * r->value_out_usd / out_total;
            r->payroll_usd += x->unstaged_payroll * r->value_out_usd / out_total;
        }
        r->value_added_usd = r->value_out_usd - r->value_in_usd;
        /* gross value added: less the bought-in goods and services (opex but labour) */
        r->gross_value_added_usd = r->value_added_usd - (r->opex_usd - r->payroll_usd);
        r->value_added_usd_per_t_element =
            r->element_out_tpy > 0 ? r->value_added_usd / r->element_out_tpy : (double)NAN;
        r->margin_usd = r->value_added_usd - r->opex_usd;
        if (r->margin_usd > 0)
            x->margin_pos += r->margin_usd;
    }
}

/* Unit cost per t of each product: its stage's opex (the whole plant's when it has no stage, or
 * there are no stages) shared by value among the products of that scope. */
static void eval_unit_costs(orf_econ *e)
{
    for (size_t i = 0; i < e->nproducts; i++) {
        const econ_product *p = &e->products[i];
        orf_econ_product *r = &e->rp[i];
        double scope_opex, scope_value = 0;
        if (!p->sold && p->stage < 0) { /* an intermediate outside every stage: no own cost */
            r->unit_cost_usd_per_t = (double)NAN;
            continue;
        }
        if (p->stage >= 0) {
            scope_opex = e->rs[p->stage].opex_usd;
            for (size_t k = 0; k < e->nproducts; k++)
                if (e->products[k].stage == p->stage)
                    scope_value += e->rp[k].value_usd_per_year;
        } else {
            scope_opex = e->res.opex_usd_per_year;
            for (size_t k = 0; k < e->nproducts; k++)
                if (e->products[k].sold)
                    scope_value += e->rp[k].value_usd_per_year;
        }
        r->unit_cost_usd_per_t =
            (scope_value > 0 && r->tonnes_per_year > 0)
                ? scope_opex * r->value_usd_per_year / scope_value / r->tonnes_per_year
                : (double)NAN;
    }
}

void orf__econ_eval_point(orf_econ *e, econ_run *x)
{
    memset(e->rs, 0, e->nstages * sizeof *e->rs);
    eval_products(e, x);
    eval_opex(e, x);
    eval_capex(e, x);
    eval_stages(e, x);
    int p = e->tp_product[ORF__TP_MET_BASE];
    x->met_base = p >= 0 ? e->rp[p].value_usd_per_year : 0.0;
    orf__econ_carbon_point(e, x);
}

orf_status orf_econ_eval(orf_econ *e)
{
    orf_status fst = orf_econ_fix_design_capex(e); /* once: the design case's equipment */
    if (fst != ORF_OK)
        return fst;
    orf_econ_result *R = &e->res;
    econ_run x = {0};
    x.hours = e->hours_per_year * e->availability_pct / 100.0;
    orf__econ_mix_reset(e); /* currency shares of the costs: summed over a schedule's periods */
    if (e->sched) {
        orf_status st = orf__econ_schedule_eval(e, &x);
        if (st != ORF_OK)
            return st;
    } else {
        orf__econ_eval_point(e, &x);
    }
    eval_years(e, &x);
    orf__econ_carbon_years(e, &x);
    R->life_years = e->life_years;
    orf__econ_terms_years(e); /* nominal amounts (econ_terms.h) */
    orf__econ_debt_eval(e);   /* the loan, levered taxes */
    orf__econ_taxes_eval(e);
    orf__econ_terms_deflate(e);
    eval_cash_flow(e, &x);
    R->gva_usd_per_year = x.revenue - (R->opex_usd_per_year - x.payroll);
    orf__econ_terms_results(e);
    orf__econ_taxes_share(e, x.revenue, x.margin_pos);
    eval_unit_costs(e);
    R->nyears = e->ny;
    R->years = e->years;
    R->nproducts = e->nproducts;
    R->products = e->rp;
    R->nstages = e->nstages;
    R->stages = e->rs;
    return isfinite(R->npv_usd) ? ORF_OK : ORF_E_NUMERIC;
}
