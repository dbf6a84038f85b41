/* Economics results: JSON section, terminal summary, cash-flow CSV. The taxes are columns and
 * members in the order of their list (econ_taxes.h). */
#include "econ_impl.h"

#include "base/base_impl.h"

#include <math.h>
#include <stdio.h>

/* `key: {total, <each tax of the totals' breakdown>}` in USD (over the life or per year). */
static void write_taxes(orf_json *j, const char *key, double total, const double *tax)
{
    orf_json_key(j, key);
    orf_json_begin_object(j);
    orf_json_key_number(j, "total", total);
    for (int pos = 0, k; (k = orf__econ_tax_at_summary(pos)) >= 0; pos++)
        orf_json_key_number(j, orf__econ_taxes[k].key, tax[k]);
    orf_json_end_object(j);
}

void orf_econ_write_json(const orf_econ *e, orf_json *j)
{
    const orf_econ_result *R = &e->res;
    orf_json_key(j, "economics");
    orf_json_begin_object(j);
    orf_json_key_string(j, "currency", R->currency);
    orf_json_key_number(j, "discount_rate", R->discount_rate);
    orf_json_key_number(j, "npv_usd", R->npv_usd);
    orf_json_key_number(j, "irr", R->irr);
    orf_json_key_number(j, "payback_years", R->payback_years);
    orf_json_key_number(j, "discounted_payback_years", R->discounted_payback_years);
    orf_json_key_number(j, "capex_usd", R->capex_usd);
    orf__econ_phases_json(e, j);
    orf_json_key_number(j, "revenue_usd_per_year", R->revenue_usd_per_year);
    orf_json_key_number(j, "opex_usd_per_year", R->opex_usd_per_year);
    orf_json_key_number(j, "electricity_mwh_per_year", R->electricity_mwh_per_year);
    orf_json_key_number(j, "operating_hours_per_year", R->operating_hours);
    orf_json_key_number(j, "jobs", R->jobs);
    orf_json_key_number(j, "gross_value_added_usd_per_year", R->gva_usd_per_year);
    write_taxes(j, "taxes_life_usd", R->taxes_life_usd, R->tax_life_usd);
    orf_json_key(j, "products");
    orf_json_begin_array(j);
    for (size_t i = 0; i < R->nproducts; i++) {
        const orf_econ_product *p = &R->products[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", p->name);
        orf_json_key_string(j, "stream", p->stream);
        orf_json_key_string(j, "stage", p->stage); /* null when not assigned */
        orf_json_key(j, "sold");
        orf_json_bool(j, p->sold);
        orf_json_key_number(j, "tonnes_per_year", p->tonnes_per_year);
        orf_json_key_number(j, "grade_pct", p->grade_pct);
        orf_json_key_number(j, "price_usd_per_t", p->price_usd_per_t);
        orf_json_key_number(j, "freight_usd_per_t", p->freight_usd_per_t);
        orf_json_key_number(j, "netback_usd_per_t", p->netback_usd_per_t);
        orf_json_key_number(j, "value_usd_per_year", p->value_usd_per_year);
        orf_json_key_number(j, "unit_cost_usd_per_t", p->unit_cost_usd_per_t);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "stages");
    orf_json_begin_array(j);
    for (size_t s = 0; s < R->nstages; s++) {
        const orf_econ_stage *g = &R->stages[s];
        orf_json_begin_object(j);
        orf_json_key_string(j, "name", g->name);
        orf_json_key_number(j, "value_in_usd_per_year", g->value_in_usd);
        orf_json_key_number(j, "value_out_usd_per_year", g->value_out_usd);
        orf_json_key_number(j, "value_added_usd_per_year", g->value_added_usd);
        orf_json_key_number(j, "gross_value_added_usd_per_year", g->gross_value_added_usd);
        orf_json_key_number(j, "payroll_usd_per_year", g->payroll_usd);
        orf_json_key_string(j, "element", R->element);
        orf_json_key_number(j, "element_out_t_per_year", g->element_out_tpy);
        orf_json_key_number(j, "value_added_usd_per_t_element", g->value_added_usd_per_t_element);
        orf_json_key_number(j, "opex_usd_per_year", g->opex_usd);
        orf_json_key_number(j, "margin_usd_per_year", g->margin_usd);
        orf_json_key_number(j, "capex_usd", g->capex_usd);
        write_taxes(j, "taxes_usd_per_year", g->taxes_usd, g->tax_usd);
        orf_json_key_number(j, "jobs", g->jobs);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "cashflow");
    orf_json_begin_array(j);
    for (size_t t = 0; t < R->nyears; t++) {
        const orf_econ_year *y = &R->years[t];
        orf_json_begin_object(j);
        orf_json_key(j, "year");
        orf_json_int(j, y->year);
        orf_json_key_number(j, "production", y->production);
        orf_json_key_number(j, "revenue", y->revenue_usd);
        orf_json_key_number(j, "opex", y->opex_usd);
        orf_json_key_number(j, "capex", y->capex_usd);
        orf_json_key_number(j, "working_capital", y->working_capital_usd);
        orf_json_key_number(j, "closure", y->closure_usd);
        orf_json_key_number(j, "depreciation", y->depreciation_usd);
        for (size_t k = 0; k < ORF__TAX_COUNT; k++)
            orf_json_key_number(j, orf__econ_taxes[k].key, y->tax_usd[k]);
        orf_json_key_number(j, "taxes", y->taxes_usd);
        orf_json_key_number(j, "net", y->net_usd);
        orf_json_key_number(j, "cumulative", y->cumulative_usd);
        orf_json_key_number(j, "discounted", y->discounted_usd);
        if (e->sched)
            orf_json_key_number(j, "feed_t", y->feed_t);
        orf_json_key_number(j, "gva", y->gva_usd);
        if (e->carbon) {
            orf_json_key_number(j, "scope1_t", y->scope1_t);
            orf_json_key_number(j, "scope2_t", y->scope2_t);
            orf_json_key_number(j, "cbam", y->cbam_usd);
            orf_json_key_number(j, "carbon_price", y->carbon_price_usd);
        }
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    if (e->sched)
        orf__econ_schedule_json(e, j);
    orf__econ_terms_json(e, j); /* "nominal", "financing" when given */
    orf__econ_carbon_json(e, j);
    orf_json_end_object(j);
}

void orf_econ_json_section(void *ud, orf_json *j)
{
    if (ud)
        orf_econ_write_json(ud, j);
}

static int widest(int w, const char *s)
{
    int n = s ? orf__utf8_width(s) : 0;
    return n > w ? n : w;
}

static double m(double usd)
{
    return usd / 1e6;
}

void orf_econ_print(const orf_econ *e, FILE *fp)
{
    const orf_econ_result *R = &e->res;
    fprintf(fp, "\nEconomics (real USD, discount rate %.1f %%)\n", 100 * R->discount_rate);
    fprintf(fp, "  NPV %.2f M USD   IRR ", m(R->npv_usd));
    if (isfinite(R->irr))
        fprintf(fp, "%.2f %%", 100 * R->irr);
    else
        fprintf(fp, "n/a");
    fprintf(fp, "   payback ");
    if (isfinite(R->payback_years))
        fprintf(fp, "%.2f years", R->payback_years);
    else
        fprintf(fp, "never");
    if (isfinite(R->discounted_payback_years))
        fprintf(fp, " (discounted %.2f years)\n", R->discounted_payback_years);
    else
        fprintf(fp, " (discounted: never)\n");
    fprintf(fp,
            "  CAPEX %.2f M USD   revenue %.2f M USD/yr   opex %.2f M USD/yr   "
            "electricity %.0f MWh/yr   jobs %.0f\n",
            m(R->capex_usd), m(R->revenue_usd_per_year), m(R->opex_usd_per_year),
            R->electricity_mwh_per_year, R->jobs);
    fprintf(fp, "  taxes over life %.2f M USD (", m(R->taxes_life_usd));
    for (int pos = 0, k; (k = orf__econ_tax_at_summary(pos)) >= 0; pos++)
        fprintf(fp, "%s%s %.2f", pos ? ", " : "", orf__econ_taxes[k].label, m(R->tax_life_usd[k]));
    fprintf(fp, ")\n");
    fprintf(fp, "  gross value added %.2f M USD/yr (revenue less bought-in goods and services)\n",
            m(R->gva_usd_per_year));
    if (e->sched)
        orf__econ_schedule_print(e, fp);
    orf__econ_carbon_print(e, fp);
    if (R->nproducts) {
        /* names padded by their display width (UTF-8), the columns as wide as the longest */
        int wn = 20, ws = 16, netback = 0; /* a netback column when a product has freight */
        for (size_t i = 0; i < R->nproducts; i++) {
            netback |= R->products[i].freight_usd_per_t != 0;
            wn = widest(wn, R->products[i].name);
            ws = widest(ws, R->products[i].stream);
        }
        fputs("\n  ", fp);
        orf__fput_padded(fp, "product", wn, 1);
        fputc(' ', fp);
        orf__fput_padded(fp, "stream", ws, 1);
        fprintf(fp, " %4s %12s %9s %12s %12s %12s%s\n", "sold", "t/yr", "grade %", "USD/t",
                "M USD/yr", "cost USD/t", netback ? "  netback USD/t" : "");
        for (size_t i = 0; i < R->nproducts; i++) {
            const orf_econ_product *p = &R->products[i];
            char grade[32] = "-", cost[32] = "-";
            if (isfinite(p->grade_pct))
                snprintf(grade, sizeof grade, "%.2f", p->grade_pct);
            if (isfinite(p->unit_cost_usd_per_t))
                snprintf(cost, sizeof cost, "%.1f", p->unit_cost_usd_per_t);
            fputs("  ", fp);
            orf__fput_padded(fp, p->name, wn, 1);
            fputc(' ', fp);
            orf__fput_padded(fp, p->stream ? p->stream : "", ws, 1);
            fprintf(fp, " %4s %12.0f %9s %12.1f %12.2f %12s", p->sold ? "yes" : "no",
                    p->tonnes_per_year, grade, p->price_usd_per_t, m(p->value_usd_per_year), cost);
            if (netback)
                fprintf(fp, " %14.1f", p->netback_usd_per_t);
            fputc('\n', fp);
        }
    }
    if (R->nstages) {
        int wg = 16;
        for (size_t g = 0; g < R->nstages; g++)
            wg = widest(wg, R->stages[g].name);
        fputs("\n  ", fp);
        orf__fput_padded(fp, "stage", wg, 1);
        fprintf(fp, " %11s %11s %11s %10s %11s %11s %11s %7s %11s\n", "in M$/yr", "out M$/yr",
                "VA M$/yr", "t el/yr", "VA $/t el", "opex M$/yr", "tax M$/yr", "jobs", "GVA M$/yr");
        for (size_t s = 0; s < R->nstages; s++) {
            const orf_econ_stage *g = &R->stages[s];
            fputs("  ", fp);
            orf__fput_padded(fp, g->name, wg, 1);
            fprintf(fp, " %11.2f %11.2f %11.2f %10.0f %11.0f %11.2f %11.2f %7.0f %11.2f\n",
                    m(g->value_in_usd), m(g->value_out_usd), m(g->value_added_usd),
                    g->element_out_tpy, g->value_added_usd_per_t_element, m(g->opex_usd),
                    m(g->taxes_usd), g->jobs, m(g->gross_value_added_usd));
        }
        fprintf(fp,
                "  (value added per t of %s contained in the stage's output; GVA = value added "
                "less bought-in goods and services)\n",
                R->element);
    }
    fprintf(fp, "\n  %4s %5s %10s %10s %10s %10s %10s %10s %11s\n", "year", "prod", "revenue",
            "opex", "capex", "WC+closure", "taxes", "net", "cumulative");
    for (size_t t = 0; t < R->nyears; t++) {
        const orf_econ_year *y = &R->years[t];
        fprintf(fp, "  %4d %5.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %11.2f\n", y->year,
                y->production, m(y->revenue_usd), m(y->opex_usd), m(y->capex_usd),
                m(y->working_capital_usd + y->closure_usd), m(y->taxes_usd), m(y->net_usd),
                m(y->cumulative_usd));
    }
    fprintf(fp, "  (M USD%s)\n", R->nominal ? ", real: the nominal flows deflated" : "");
    orf__econ_terms_print(e, fp);
}

orf_status orf_econ_write_csv(orf_ctx *ctx, const orf_econ *e, const char *path)
{
    orf_atomic a;
    orf_status st = orf_atomic_open(ctx, &a, path);
    if (st != ORF_OK)
        return st;
    const orf_econ_result *R = &e->res;
    fprintf(a.fp, "year,production,revenue_usd,opex_usd,capex_usd,working_capital_usd,closure_usd,"
                  "depreciation_usd,");
    for (size_t k = 0; k < ORF__TAX_COUNT; k++)
        fprintf(a.fp, "%s_usd,", orf__econ_taxes[k].key);
    fprintf(a.fp, "taxes_usd,net_usd,cumulative_usd,discounted_usd,gva_usd%s\n",
            e->carbon ? ",scope1_t,scope2_t,cbam_usd,carbon_price_usd" : "");
    for (size_t t = 0; t < R->nyears; t++) {
        const orf_econ_year *y = &R->years[t];
        /* every number through the one CSV cell writer: negative ones stay numbers */
        fprintf(a.fp, "%d", y->year);
        const double v[] = {y->production,      y->revenue_usd,         y->opex_usd,
                            y->capex_usd,       y->working_capital_usd, y->closure_usd,
                            y->depreciation_usd};
        for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
            fputc(',', a.fp);
            orf_csv_number(a.fp, v[k], 17);
        }
        for (size_t k = 0; k < ORF__TAX_COUNT; k++) {
            fputc(',', a.fp);
            orf_csv_number(a.fp, y->tax_usd[k], 17);
        }
        const double w[] = {y->taxes_usd,      y->net_usd,  y->cumulative_usd,
                            y->discounted_usd, y->gva_usd,  y->scope1_t,
                            y->scope2_t,       y->cbam_usd, y->carbon_price_usd};
        for (size_t k = 0; k < (e->carbon ? 9u : 5u); k++) {
            fputc(',', a.fp);
            orf_csv_number(a.fp, w[k], 17);
        }
        fputc('\n', a.fp);
    }
    if (ferror(a.fp)) {
        orf_atomic_abort(&a);
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot write '%s'", path);
    }
    return orf_atomic_commit(ctx, &a);
}
