/* A portfolio of projects for the state (docs/format.md, "Portfolio"): each project (a flowsheet
 * file with its economics, and its schedule if any) is solved and evaluated on its own; their
 * cash flows are summed per calendar year, so projects that start in different years line up.
 *
 * Per year and project: value added = the stages' value added (sold value minus the value of
 * bought-in feeds) × the year's production (orf_econ_year.value_added_usd), and beside it the
 * cash flow's gross value added (revenue minus bought-in goods and services, gva_usd); jobs = the
 * project's jobs in each year it produces; taxes = each tax of the list and their sum; exports =
 * revenue (every sale is counted as an export: the chains modelled sell their products abroad; a
 * product flag for home sales is not modelled); CAPEX and net cash flow as the project's own
 * cash flow. Sums are plain sums of the projects' own columns, year by year.
 */
#include "econ_impl.h"
#include "oreflow/portfolio.h"

#include "base/base_impl.h"

#include <math.h>
#include <string.h>

static void add_year(orf_portfolio_year *a, const orf_econ_year *y, const orf_econ_result *R)
{
    int producing = y->production > 0;
    a->value_added_usd += y->value_added_usd;
    a->gva_usd += y->gva_usd;
    a->jobs += producing ? R->jobs : 0.0;
    a->taxes_usd += y->taxes_usd;
    for (size_t k = 0; k < R->ntaxes && k < ORF_ECON_MAX_TAXES; k++)
        a->tax_usd[k] += y->tax_usd[k];
    a->exports_usd += y->revenue_usd;
    a->capex_usd += y->capex_usd;
    a->net_usd += y->net_usd;
    a->projects++;
}

/* Solve and evaluate one project; its cash flow is copied into *years (allocated). */
static orf_status run_project(orf_ctx *ctx, const char *path, orf_portfolio_project *p,
                              orf_econ_year **years, size_t *ny, orf_econ_result *head)
{
    orf_flowsheet *fs = NULL;
    orf_econ *e = NULL;
    orf_status st = orf_flowsheet_load(ctx, path, &fs);
    if (st == ORF_OK)
        st = orf_econ_load(ctx, fs, &e);
    if (st == ORF_OK && !e)
        st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                           "%s: the flowsheet has no 'economics' section", path);
    if (st == ORF_OK) {
        st = orf_flowsheet_solve(fs, NULL);
        if (st > 0) /* not converged: `oreflow run` evaluates no economics either */
            st = orf_diag_emit(ctx, ORF_E_NOT_CONVERGED, NULL, NULL,
                               "%s: the flowsheet did not solve; the portfolio needs every project",
                               path);
    }
    if (st == ORF_OK && orf_econ_eval(e) != ORF_OK)
        st = orf_diag_emit(ctx, ORF_E_NUMERIC, NULL, NULL,
                           "%s: the economics could not be evaluated", path);
    if (st == ORF_OK) {
        const orf_econ_result *R = orf_econ_result_get(e);
        p->file = orf_ctx_strdup(ctx, path);
        p->name = orf_ctx_strdup(ctx, orf_flowsheet_name(fs));
        p->npv_usd = R->npv_usd;
        p->irr = R->irr;
        p->payback_years = R->payback_years;
        p->capex_usd = R->capex_usd;
        p->discount_rate = R->discount_rate;
        p->jobs = R->jobs;
        p->first_year = R->nyears ? R->years[0].year : 0;
        p->last_year = R->nyears ? R->years[R->nyears - 1].year : 0;
        *years = orf_malloc(ctx, (R->nyears + 1) * sizeof **years);
        if (!*years || !p->file || !p->name)
            st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        else {
            memcpy(*years, R->years, R->nyears * sizeof **years);
            *ny = R->nyears;
            *head = *R;
            head->years = NULL; /* the result's own arrays die with e */
            head->products = NULL;
            head->stages = NULL;
            head->periods = NULL;
        }
    }
    orf_econ_free(e);
    orf_flowsheet_free(fs);
    return st;
}

orf_status orf_portfolio_run(orf_ctx *ctx, const char *const *paths, size_t n,
                             orf_portfolio_result *res)
{
    memset(res, 0, sizeof *res);
    res->ctx = ctx;
    if (n == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "portfolio: no project files given");
    orf_econ_year **ys = orf_calloc(ctx, n, sizeof *ys);
    size_t *ny = orf_calloc(ctx, n, sizeof *ny);
    orf_econ_result *heads = orf_calloc(ctx, n, sizeof *heads);
    res->projects = orf_calloc(ctx, n, sizeof *res->projects);
    orf_status st = ys && ny && heads && res->projects
                        ? ORF_OK
                        : orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    for (size_t i = 0; st == ORF_OK && i < n; i++) {
        st = run_project(ctx, paths[i], &res->projects[i], &ys[i], &ny[i], &heads[i]);
        res->nprojects = i + 1;
        if (st == ORF_OK && i > 0 && heads[i].ntaxes != heads[0].ntaxes)
            st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                               "portfolio: %s and %s have different lists of taxes", paths[0],
                               paths[i]);
        for (size_t k = 0; st == ORF_OK && i > 0 && k < heads[i].ntaxes; k++)
            if (strcmp(heads[i].tax_keys[k], heads[0].tax_keys[k]) != 0)
                st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                                   "portfolio: %s and %s have different lists of taxes", paths[0],
                                   paths[i]);
    }
    int y0 = 0, y1 = 0;
    for (size_t i = 0; st == ORF_OK && i < n; i++) {
        if (!ny[i])
            continue;
        int a = ys[i][0].year, b = ys[i][ny[i] - 1].year;
        y0 = (i == 0 || a < y0) ? a : y0;
        y1 = (i == 0 || b > y1) ? b : y1;
    }
    if (st == ORF_OK) {
        res->nyears = (size_t)(y1 - y0 + 1);
        res->years = orf_calloc(ctx, res->nyears, sizeof *res->years);
        if (!res->years)
            st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    if (st == ORF_OK) {
        res->ntaxes = heads[0].ntaxes;
        res->tax_keys = heads[0].tax_keys; /* static lists (econ_taxes.h) */
        res->tax_labels = heads[0].tax_labels;
        for (size_t t = 0; t < res->nyears; t++)
            res->years[t].year = y0 + (int)t;
        for (size_t i = 0; i < n && st == ORF_OK; i++) {
            orf_portfolio_project *p = &res->projects[i];
            p->value_added_usd = orf_calloc(ctx, 2 * res->nyears, sizeof *p->value_added_usd);
            if (!p->value_added_usd) {
                st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
                break;
            }
            p->taxes_usd = p->value_added_usd + res->nyears;
            for (size_t t = 0; t < ny[i]; t++) {
                size_t at = (size_t)(ys[i][t].year - y0);
                add_year(&res->years[at], &ys[i][t], &heads[i]);
                p->value_added_usd[at] = ys[i][t].value_added_usd;
                p->taxes_usd[at] = ys[i][t].taxes_usd;
            }
        }
    }
    if (st == ORF_OK) {
        orf_portfolio_year *T = &res->total;
        for (size_t t = 0; t < res->nyears; t++) {
            const orf_portfolio_year *a = &res->years[t];
            T->value_added_usd += a->value_added_usd;
            T->gva_usd += a->gva_usd;
            T->jobs = a->jobs > T->jobs ? a->jobs : T->jobs;
            T->taxes_usd += a->taxes_usd;
            for (size_t k = 0; k < ORF_ECON_MAX_TAXES; k++)
                T->tax_usd[k] += a->tax_usd[k];
            T->exports_usd += a->exports_usd;
            T->capex_usd += a->capex_usd;
            T->net_usd += a->net_usd;
        }
        T->projects = n;
    }
    for (size_t i = 0; ys && i < n; i++)
        orf_free(ctx, ys[i]);
    orf_free(ctx, ys);
    orf_free(ctx, ny);
    orf_free(ctx, heads);
    if (st != ORF_OK)
        orf_portfolio_result_fini(res);
    return st;
}

void orf_portfolio_result_fini(orf_portfolio_result *r)
{
    orf_ctx *ctx = r->ctx;
    for (size_t i = 0; r->projects && i < r->nprojects; i++)
        orf_free(ctx, r->projects[i].value_added_usd);
    orf_free(ctx, r->projects);
    orf_free(ctx, r->years);
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
}

/* ---------------------------------------------------------------- output */

static void year_json(const orf_portfolio_result *r, const orf_portfolio_year *y, orf_json *j,
                      int with_year)
{
    orf_json_begin_object(j);
    if (with_year) {
        orf_json_key(j, "year");
        orf_json_int(j, y->year);
    }
#define PF_JSON(key, label) orf_json_key_number(j, #key, y->key);
    ORF_PORTFOLIO_FIGURES(PF_JSON)
#undef PF_JSON
    orf_json_key(j, "taxes");
    orf_json_begin_object(j);
    for (size_t k = 0; k < r->ntaxes; k++)
        orf_json_key_number(j, r->tax_keys[k], y->tax_usd[k]);
    orf_json_end_object(j);
    orf_json_key(j, "projects");
    orf_json_int(j, (long)y->projects);
    orf_json_end_object(j);
}

void orf_portfolio_write_json(const orf_portfolio_result *r, orf_json *j)
{
    orf_json_begin_object(j);
    orf_json_key_string(j, "currency", "USD");
    orf_json_key_string(j, "value_added_basis",
                        "the stages' value added (sold value minus bought-in feed value) times "
                        "each year's production");
    orf_json_key_string(j, "exports_basis", "all sales counted as exports");
    orf_json_key(j, "projects");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->nprojects; i++) {
        const orf_portfolio_project *p = &r->projects[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "file", p->file);
        orf_json_key_string(j, "name", p->name);
        orf_json_key_number(j, "discount_rate", p->discount_rate);
        orf_json_key_number(j, "npv_usd", p->npv_usd);
        orf_json_key_number(j, "irr", p->irr);
        orf_json_key_number(j, "payback_years", p->payback_years);
        orf_json_key_number(j, "capex_usd", p->capex_usd);
        orf_json_key_number(j, "jobs", p->jobs);
        orf_json_key(j, "first_year");
        orf_json_int(j, p->first_year);
        orf_json_key(j, "last_year");
        orf_json_int(j, p->last_year);
        orf_json_key_numbers(j, "value_added_usd", p->value_added_usd, r->nyears);
        orf_json_key_numbers(j, "taxes_usd", p->taxes_usd, r->nyears);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_key(j, "years");
    orf_json_begin_array(j);
    for (size_t t = 0; t < r->nyears; t++)
        year_json(r, &r->years[t], j, 1);
    orf_json_end_array(j);
    orf_json_key(j, "total");
    year_json(r, &r->total, j, 0);
    orf_json_end_object(j);
    orf_json_end(j);
}

static void print_row(const orf_portfolio_result *r, const orf_portfolio_year *y, const char *lead,
                      FILE *fp)
{
    fprintf(fp, "  %-6s", lead);
#define PF_PRINT(key, label)                                                                       \
    fprintf(fp, strcmp(#key, "jobs") ? " %12.2f" : " %12.0f",                                      \
            strcmp(#key, "jobs") ? y->key / 1e6 : y->key);
    ORF_PORTFOLIO_FIGURES(PF_PRINT)
#undef PF_PRINT
    for (size_t k = 0; k < r->ntaxes; k++)
        fprintf(fp, " %9.2f", y->tax_usd[k] / 1e6);
    fprintf(fp, " %8zu\n", y->projects);
}

void orf_portfolio_print(const orf_portfolio_result *r, FILE *fp)
{
    fprintf(fp, "Portfolio of %zu projects (real USD; each at its own discount rate)\n",
            r->nprojects);
    for (size_t i = 0; i < r->nprojects; i++) {
        const orf_portfolio_project *p = &r->projects[i];
        fprintf(fp, "  %s (%s): NPV %.2f M USD at %.1f %%   IRR ", p->name, p->file,
                p->npv_usd / 1e6, 100 * p->discount_rate);
        if (isfinite(p->irr))
            fprintf(fp, "%.2f %%", 100 * p->irr);
        else
            fputs("-", fp);
        fprintf(fp, "   CAPEX %.2f M USD   jobs %.0f   years %d-%d\n", p->capex_usd / 1e6, p->jobs,
                p->first_year, p->last_year);
    }
    fprintf(fp, "\n  %-6s", "year");
#define PF_HEAD(key, label) fprintf(fp, " %12s", label);
    ORF_PORTFOLIO_FIGURES(PF_HEAD)
#undef PF_HEAD
    for (size_t k = 0; k < r->ntaxes; k++)
        fprintf(fp, " %9s", r->tax_labels[k]);
    fprintf(fp, " %8s\n  %-6s", "projects", "");
#define PF_UNIT(key, label) fprintf(fp, " %12s", strcmp(#key, "jobs") ? "M USD" : "persons");
    ORF_PORTFOLIO_FIGURES(PF_UNIT)
#undef PF_UNIT
    for (size_t k = 0; k < r->ntaxes; k++)
        fprintf(fp, " %9s", "M USD");
    fputc('\n', fp);
    char lead[16];
    for (size_t t = 0; t < r->nyears; t++) {
        snprintf(lead, sizeof lead, "%d", r->years[t].year);
        print_row(r, &r->years[t], lead, fp);
    }
    print_row(r, &r->total, "total", fp);
    fputs("  (value added: the stages' value added × each year's production; exports: all sales; "
          "jobs total: the peak year)\n",
          fp);
}
