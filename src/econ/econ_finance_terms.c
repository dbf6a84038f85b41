/* Finance and fiscal terms of the economics (issue 18, part 3): their input, nominal money, and
 * the fiscal taxes of the list.
 *
 * Nominal money (economics.inflation): each currency c has a price index P_c,t = prod_{k=1..t}
 * (1 + i_c,k) (P = 1 in year 0: real money is money of timeline.start_year) and an exchange rate
 * fx_c,t (units per USD): the year's value of economics.fx_path when given, else relative
 * purchasing-power parity, fx_c,t = fx_c × P_c,t / P_USD,t (Cassel 1918; Krugman, Obstfeld &
 * Melitz, "International Economics", 10th ed., ch. 16.2: the change of the exchange rate equals
 * the inflation differential). An amount of x real USD priced in currency c is x × fx_c ×
 * P_c,t / fx_c,t nominal USD in year t (P_USD,t when c is USD or follows PPP). Revenue, opex,
 * capex, working capital (a % of nominal revenue), closure and payroll become nominal by the mix
 * of their currencies; the taxes are then computed on these nominal amounts, so tax depreciation
 * (on historical, nominal cost) is not indexed. The years are then deflated by P_USD,t to real
 * USD and discounted at the real rate r, which is the same as discounting the nominal flows at
 * (1 + r)(1 + i_t) year by year (Fisher; Brealey, Myers & Allen ch. 3.5).
 *
 * Fiscal taxes (rows of ORF__ECON_TAX_LIST):
 *   property tax_t = rate × average book value of buildings and structures in operating year t
 *                    (Kazakhstan: 1.5 %, Tax Code 2017 art. 520 p. 1; PwC Worldwide Tax
 *                    Summaries, Kazakhstan — Other taxes); buildings = buildings_pct_of_capex of
 *                    each year's capex, in service when production starts (later additions the
 *                    year after), book value straight-line over book_life_years; average =
 *                    opening value - half the year's depreciation;
 *   land tax_t     = hectares × rate per ha (Tax Code 2017 ch. 62: base rates by land
 *                    category and region; an input), every year of the timeline;
 *   emission charges_t = annual amounts + per-t charges × t of a stream (Environmental Code 2021;
 *                    Tax Code 2017 ch. 69: rates in MCI per t of pollutant; an input),
 *                    operating years, per-t charges scaled with production;
 *   import duty_t  = rate × share of capex_t (EAEU Common Customs Tariff; an input), capitalised
 *                    with the capex (an input tax of the list);
 *   CIT holiday    = CIT of the years [start_year, start_year + years) is 0 (investment
 *                    preferences for priority investment projects, Entrepreneurial Code 2015;
 *                    PwC Worldwide Tax Summaries, Kazakhstan — Tax credits and incentives: CIT
 *                    exemption up to 10 years).
 */
#include "econ_impl.h"

#include "oreflow/stream.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

_Static_assert(ORF_ECON_MAX_CUR == 16, "econ_terms.h sizes its per-currency arrays at 16");

/* ---------------------------------------------------------------- parsing */

static int cur_of(orf_econ *e, const orf_node *key, const char *what, int usd_ok)
{
    for (size_t c = usd_ok ? 0 : 1; c < e->ncur; c++)
        if (strcmp(e->cur_name[c], key->str) == 0)
            return (int)c;
    orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &key->loc, NULL,
                  "%s: unknown currency '%s' (give its rate in economics.fx)", what, key->str);
    orf_diag_hint_nearest(e->ctx, key->str, e->cur_name + (usd_ok ? 0 : 1),
                          e->ncur - (usd_ok ? 0 : 1));
    return -1;
}

static int currency_of(orf_econ *e, const orf_node *map, const char *what)
{
    const orf_node *n = orf_node_get(map, "currency");
    if (!n || orf_node_expect(e->ctx, n, ORF_NODE_SCALAR, what) != ORF_OK)
        return 0;
    int c = cur_of(e, n, what, 1);
    return c < 0 ? 0 : c;
}

/* map[key] as a whole number in [lo, hi] (dflt when absent); 0 after a located error. */
static int whole(orf_econ *e, const orf_node *map, const char *key, const char *prefix, int dflt,
                 int lo, int hi, int *out)
{
    char path[200];
    snprintf(path, sizeof path, "%s.%s", prefix, key);
    const orf_node *n = orf_node_get(map, key);
    double v;
    *out = dflt;
    if (!n)
        return 1;
    if (!orf__econ_num_in(e, n, path, lo, hi, &v))
        return 0;
    if (v != floor(v)) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &n->loc, NULL, "%s = %g is not a whole number", path, v);
        return 0;
    }
    *out = (int)v;
    return 1;
}

/* A number or a list of numbers (a path by year) into a new array; each value registered. */
static double *path_values(orf_econ *e, const orf_node *n, const char *path, double lo, double hi,
                           size_t *count, const char *unit_fmt, const char *cur)
{
    size_t k = n->kind == ORF_NODE_SEQ ? n->n : 1;
    *count = 0;
    if (n->kind == ORF_NODE_MAP || k == 0) {
        orf_diag_emit(e->ctx, ORF_E_INPUT, &n->loc, NULL, "%s: a number or a list of numbers",
                      path);
        return NULL;
    }
    double *v = orf_calloc(e->ctx, k, sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < k; i++) {
        char p[200];
        if (n->kind == ORF_NODE_SEQ)
            snprintf(p, sizeof p, "%s[%zu]", path, i);
        else
            snprintf(p, sizeof p, "%s", path);
        orf__econ_num_in(e, n->kind == ORF_NODE_SEQ ? n->items[i] : n, p, lo, hi, &v[i]);
        orf__econ_reg(e, p, &v[i]);
        orf__econ_unit(e, p, unit_fmt, cur);
    }
    *count = k;
    return v;
}

void orf__econ_freight_parse(orf_econ *e, size_t product, const orf_node *fr, const char *prefix)
{
    econ_terms *T = e->terms;
    if (!T || !fr || !T->ffirst)
        return;
    size_t k = fr->kind == ORF_NODE_SEQ ? fr->n : 1;
    econ_freight *f = orf_realloc(e->ctx, T->freight, (T->nfreight_all + k) * sizeof *f);
    if (!f)
        return;
    T->freight = f;
    T->ffirst[product] = T->nfreight_all;
    static const char *const keys[] = {"name", "per_t", "currency", NULL};
    for (size_t i = 0; i < k; i++) {
        const orf_node *m = fr->kind == ORF_NODE_SEQ ? fr->items[i] : fr;
        econ_freight *x = &T->freight[T->nfreight_all];
        char what[200], name[32];
        snprintf(what, sizeof what, "%s.freight", prefix);
        if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, what) != ORF_OK)
            continue;
        orf_node_check_keys(e->ctx, m, keys, what);
        const orf_node *nn = orf_node_get(m, "name");
        snprintf(name, sizeof name, "%zu", i);
        x->name = orf_ctx_strdup(e->ctx, name);
        if (nn)
            orf_node_string(e->ctx, nn, what, &x->name);
        x->cur = currency_of(e, m, what);
        char pre[240];
        snprintf(pre, sizeof pre, "%s.freight.%s", prefix, x->name ? x->name : "?");
        orf__econ_num(e, m, "per_t", pre, 0, 1, 0, 1e9, &x->per_t);
        orf__econ_unit_at(e, pre, "per_t", "%s/t", e->cur_name[x->cur]);
        T->nfreight_all++;
        T->nfreight[product]++;
    }
}

static void parse_inflation(orf_econ *e, const orf_node *ec)
{
    econ_terms *T = e->terms;
    const orf_node *in = orf_node_get(ec, "inflation"), *fp = orf_node_get(ec, "fx_path");
    if (in && orf_node_expect(e->ctx, in, ORF_NODE_MAP, "economics.inflation") == ORF_OK) {
        T->nominal = 1;
        for (size_t i = 0; i < in->n; i++) {
            int c = cur_of(e, in->keys[i], "economics.inflation", 1);
            char path[160];
            snprintf(path, sizeof path, "economics.inflation.%s", in->keys[i]->str);
            if (c >= 0 && !T->cpi[c])
                T->cpi[c] = path_values(e, in->items[i], path, -50, 1000, &T->ncpi[c], "%%", "");
        }
    }
    if (!fp || orf_node_expect(e->ctx, fp, ORF_NODE_MAP, "economics.fx_path") != ORF_OK)
        return;
    if (!in)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &fp->loc, NULL,
                      "economics.fx_path needs economics.inflation (a nominal cash flow)");
    for (size_t i = 0; i < fp->n; i++) {
        int c = cur_of(e, fp->keys[i], "economics.fx_path", 0);
        char path[160];
        snprintf(path, sizeof path, "economics.fx_path.%s", fp->keys[i]->str);
        if (c >= 0 && !T->fxp[c])
            T->fxp[c] = path_values(e, fp->items[i], path, 1e-9, 1e12, &T->nfxp[c], "%s/USD",
                                    e->cur_name[c]);
    }
}

static void parse_financing(orf_econ *e, const orf_node *ec)
{
    econ_terms *T = e->terms;
    const char *P = "economics.financing";
    const orf_node *f = orf_node_get(ec, "financing");
    if (!f || orf_node_expect(e->ctx, f, ORF_NODE_MAP, P) != ORF_OK)
        return;
    static const char *const keys[] = {"debt_pct_of_capex",
                                       "interest_pct",
                                       "tenor_years",
                                       "grace_years",
                                       "repayment",
                                       "target_dscr",
                                       "upfront_fee_pct",
                                       "commitment_fee_pct",
                                       "interest_during_construction",
                                       NULL};
    orf_node_check_keys(e->ctx, f, keys, P);
    T->financed = 1;
    orf__econ_num(e, f, "debt_pct_of_capex", P, 0, 1, 0, 100, &T->debt_pct);
    orf__econ_num(e, f, "interest_pct", P, 0, 1, 0, 100, &T->interest_pct);
    orf__econ_num(e, f, "upfront_fee_pct", P, 0, 0, 0, 100, &T->upfront_pct);
    orf__econ_num(e, f, "commitment_fee_pct", P, 0, 0, 0, 100, &T->commitment_pct);
    const orf_node *tn = orf_node_get(f, "tenor_years");
    if (!tn)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &f->loc, NULL, "'%s.tenor_years' is required", P);
    whole(e, f, "tenor_years", P, 1, 1, 100, &T->tenor);
    whole(e, f, "grace_years", P, 0, 0, 99, &T->grace);
    if (T->grace >= T->tenor)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &f->loc, NULL,
                      "%s: grace_years (%d) must be less than tenor_years (%d)", P, T->grace,
                      T->tenor);
    else if (tn && T->tenor > e->operating_years)
        orf_diag_emit(e->ctx, ORF_E_INPUT, &tn->loc, NULL,
                      "%s.tenor_years = %d: the loan must be repaid within the %d operating years",
                      P, T->tenor, e->operating_years);
    T->loan.kind = ORF_FIN_ANNUITY;
    const orf_node *rp = orf_node_get(f, "repayment");
    const char *s;
    if (rp && orf_node_string(e->ctx, rp, "economics.financing.repayment", &s) == ORF_OK) {
        if (strcmp(s, "straight_line") == 0)
            T->loan.kind = ORF_FIN_STRAIGHT_LINE;
        else if (strcmp(s, "sculpted") == 0)
            T->loan.kind = ORF_FIN_SCULPTED;
        else if (strcmp(s, "annuity") != 0)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &rp->loc, NULL,
                          "%s.repayment: '%s' is none of annuity, straight_line, sculpted", P, s);
    }
    orf__econ_num(e, f, "target_dscr", P, 1.3, T->loan.kind == ORF_FIN_SCULPTED, 0.01, 100,
                  &T->target_dscr);
    T->loan.capitalise_idc = 1;
    const orf_node *idc = orf_node_get(f, "interest_during_construction");
    if (idc && orf_node_string(e->ctx, idc, "interest_during_construction", &s) == ORF_OK) {
        if (strcmp(s, "paid") == 0)
            T->loan.capitalise_idc = 0;
        else if (strcmp(s, "capitalised") != 0)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &idc->loc, NULL,
                          "%s.interest_during_construction: '%s' is neither capitalised nor paid",
                          P, s);
    }
}

static void parse_emissions(orf_econ *e, const orf_node *em)
{
    econ_terms *T = e->terms;
    const char *P = "economics.fiscal.emission_charges";
    if (orf_node_expect(e->ctx, em, ORF_NODE_SEQ, P) != ORF_OK || em->n == 0)
        return;
    T->emissions = orf_calloc(e->ctx, em->n, sizeof *T->emissions);
    if (!T->emissions)
        return;
    T->nemissions = em->n;
    static const char *const keys[] = {"name",  "annual",   "stream", "quantity",
                                       "per_t", "currency", NULL};
    for (size_t i = 0; i < em->n; i++) {
        const orf_node *m = em->items[i];
        econ_emission *x = &T->emissions[i];
        x->stream = x->material = -1;
        x->name = "?";
        if (orf_node_expect(e->ctx, m, ORF_NODE_MAP, P) != ORF_OK)
            continue;
        orf_node_check_keys(e->ctx, m, keys, P);
        const orf_node *nn = orf_node_get(m, "name"), *sn = orf_node_get(m, "stream");
        if (!nn || orf_node_string(e->ctx, nn, P, &x->name) != ORF_OK)
            orf_diag_emit(e->ctx, ORF_E_INPUT, &m->loc, NULL, "%s[%zu] needs a 'name'", P, i);
        x->cur = currency_of(e, m, P);
        char pre[200];
        snprintf(pre, sizeof pre, "%s.%s", P, x->name);
        if (sn) {
            const char *s, *q;
            if (orf_node_string(e->ctx, sn, P, &s) == ORF_OK &&
                (x->stream = orf_flowsheet_stream_index(e->fs, s)) < 0)
                orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &sn->loc, s, "%s: no stream named '%s'",
                              pre, s);
            const orf_node *qn = orf_node_get(m, "quantity");
            if (qn && orf_node_string(e->ctx, qn, P, &q) == ORF_OK && strcmp(q, "dry") != 0) {
                const orf_system *sys = orf_flowsheet_system(e->fs);
                for (size_t k = 0; k < sys->nm; k++)
                    if (strcmp(sys->mat[k]->name, q) == 0)
                        x->material = (int)k;
                if (x->material < 0)
                    orf_diag_emit(e->ctx, ORF_E_UNKNOWN_NAME, &qn->loc, NULL,
                                  "%s.quantity: '%s' is neither dry nor a material", pre, q);
            }
            orf__econ_num(e, m, "per_t", pre, 0, 1, 0, 1e12, &x->amount);
            orf__econ_unit_at(e, pre, "per_t", "%s/t", e->cur_name[x->cur]);
        } else {
            orf__econ_num(e, m, "annual", pre, 0, 1, 0, 1e13, &x->amount);
            orf__econ_unit_at(e, pre, "annual", "%s/yr", e->cur_name[x->cur]);
        }
    }
}

static void parse_fiscal(orf_econ *e, const orf_node *ec)
{
    econ_terms *T = e->terms;
    const char *P = "economics.fiscal";
    T->book_life_years = 25;
    T->holiday_start = -1;
    const orf_node *f = orf_node_get(ec, "fiscal");
    if (!f || orf_node_expect(e->ctx, f, ORF_NODE_MAP, P) != ORF_OK)
        return;
    static const char *const keys[] = {"property_tax", "land_tax",    "emission_charges",
                                       "cit_holiday",  "import_duty", NULL};
    orf_node_check_keys(e->ctx, f, keys, P);
    const orf_node *m;
    if ((m = orf_node_get(f, "property_tax")) &&
        orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.fiscal.property_tax") == ORF_OK) {
        static const char *const k[] = {"buildings_pct_of_capex", "book_life_years", NULL};
        orf_node_check_keys(e->ctx, m, k, "economics.fiscal.property_tax");
        orf__econ_num(e, m, "buildings_pct_of_capex", "economics.fiscal.property_tax", 0, 1, 0, 100,
                      &T->buildings_pct);
        orf__econ_num(e, m, "book_life_years", "economics.fiscal.property_tax", 25, 0, 1, 200,
                      &T->book_life_years);
    }
    if ((m = orf_node_get(f, "land_tax")) &&
        orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.fiscal.land_tax") == ORF_OK) {
        static const char *const k[] = {"hectares", "rate_per_ha", "currency", NULL};
        orf_node_check_keys(e->ctx, m, k, "economics.fiscal.land_tax");
        orf__econ_num(e, m, "hectares", "economics.fiscal.land_tax", 0, 1, 0, 1e9, &T->hectares);
        orf__econ_num(e, m, "rate_per_ha", "economics.fiscal.land_tax", 0, 1, 0, 1e12,
                      &T->land_rate);
        T->land_cur = currency_of(e, m, "economics.fiscal.land_tax");
        orf__econ_unit_at(e, "economics.fiscal.land_tax", "rate_per_ha", "%s/(ha·yr)",
                          e->cur_name[T->land_cur]);
        orf__econ_unit_at(e, "economics.fiscal.land_tax", "hectares", "ha", "");
    }
    if ((m = orf_node_get(f, "emission_charges")))
        parse_emissions(e, m);
    if ((m = orf_node_get(f, "cit_holiday")) &&
        orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.fiscal.cit_holiday") == ORF_OK) {
        static const char *const k[] = {"start_year", "years", NULL};
        orf_node_check_keys(e->ctx, m, k, "economics.fiscal.cit_holiday");
        int start = e->start_year + e->construction_years;
        whole(e, m, "start_year", "economics.fiscal.cit_holiday", start, e->start_year, 2200,
              &start);
        whole(e, m, "years", "economics.fiscal.cit_holiday", 0, 0, 10, &T->holiday_years);
        T->holiday_start = start - e->start_year;
    }
    if ((m = orf_node_get(f, "import_duty")) &&
        orf_node_expect(e->ctx, m, ORF_NODE_MAP, "economics.fiscal.import_duty") == ORF_OK) {
        static const char *const k[] = {"share_of_capex_pct", "rate_pct", NULL};
        orf_node_check_keys(e->ctx, m, k, "economics.fiscal.import_duty");
        orf__econ_num(e, m, "share_of_capex_pct", "economics.fiscal.import_duty", 0, 1, 0, 100,
                      &T->duty_share_pct);
        orf__econ_num(e, m, "rate_pct", "economics.fiscal.import_duty", 0, 1, 0, 100,
                      &T->duty_rate_pct);
    }
}

void orf__econ_terms_parse(orf_econ *e, const orf_node *ec)
{
    if (!e->terms)
        return;
    parse_inflation(e, ec);
    parse_financing(e, ec);
    parse_fiscal(e, ec);
}

/* ---------------------------------------------------------------- allocation */

int orf__econ_terms_alloc(orf_econ *e)
{
    econ_terms *T = e->terms;
    const size_t ny = e->ny;
    double **arrays[] = {&T->p_usd,     &T->var_t,    &T->fix_t,       &T->nom_cf,
                         &T->draw,      &T->interest, &T->capitalised, &T->fees,
                         &T->principal, &T->balance,  &T->cfads,       &T->lev_taxes,
                         &T->equity,    &T->work,     &T->deduct,      &T->capitalise};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        if (!(*arrays[i] = orf_calloc(e->ctx, ny, sizeof(double))))
            return 0;
    T->index = orf_calloc(e->ctx, ORF_ECON_MAX_CUR * ny, sizeof *T->index);
    T->nom = orf_calloc(e->ctx, ny, sizeof *T->nom);
    T->debt = orf_calloc(e->ctx, ny, sizeof *T->debt);
    return T->index && T->nom && T->debt;
}

void orf__econ_terms_free(orf_econ *e)
{
    econ_terms *T = e->terms;
    if (!T)
        return;
    orf_ctx *c = e->ctx;
    for (size_t k = 0; k < ORF_ECON_MAX_CUR; k++) {
        orf_free(c, T->cpi[k]);
        orf_free(c, T->fxp[k]);
    }
    double *arrays[] = {T->p_usd,      T->var_t,       T->fix_t,  T->nom_cf,    T->draw,
                        T->interest,   T->capitalised, T->fees,   T->principal, T->balance,
                        T->cfads,      T->lev_taxes,   T->equity, T->work,      T->deduct,
                        T->capitalise, T->index};
    for (size_t i = 0; i < sizeof arrays / sizeof *arrays; i++)
        orf_free(c, arrays[i]);
    orf_free(c, T->freight);
    orf_free(c, T->ffirst);
    orf_free(c, T->nfreight);
    orf_free(c, T->emissions);
    orf_free(c, T->nom);
    orf_free(c, T->debt);
    orf_free(c, T);
}

/* ---------------------------------------------------------------- nominal money */

void orf__econ_mix_reset(orf_econ *e)
{
    memset(e->terms->mix, 0, sizeof e->terms->mix);
}

void orf__econ_mix(orf_econ *e, orf__econ_mix_kind k, int cur, double usd)
{
    e->terms->mix[k][cur] += usd;
}

double orf__econ_freight_usd(orf_econ *e, size_t product, double tonnes_sold)
{
    const econ_terms *T = e->terms;
    double sum = 0;
    for (size_t k = 0; T->nfreight && k < T->nfreight[product]; k++) {
        const econ_freight *f = &T->freight[T->ffirst[product] + k];
        double usd = f->per_t / e->fx[f->cur];
        sum += usd;
        orf__econ_mix(e, ORF__MIX_REV, f->cur, -usd * tonnes_sold);
    }
    return sum;
}

double orf__econ_index(const orf_econ *e, int cur, size_t t)
{
    return e->terms->nominal ? e->terms->index[(size_t)cur * e->ny + t] : 1.0;
}

/* Nominal USD per real USD of a line made of the currencies in w (USD index when empty). */
static double mixed(const orf_econ *e, const double *w, size_t t)
{
    double s = 0, sw = 0;
    for (size_t c = 0; c < e->ncur; c++) {
        s += w[c] * orf__econ_index(e, (int)c, t);
        sw += w[c];
    }
    return fabs(sw) > 1e-12 ? s / sw : e->terms->p_usd[t];
}

static double path_at(const double *v, size_t n, size_t t)
{
    return v[t < n ? t : n - 1];
}

/* Price indices and exchange rates of every year, then the year's amounts in nominal USD. */
void orf__econ_terms_years(orf_econ *e)
{
    econ_terms *T = e->terms;
    const size_t ny = e->ny;
    if (!T->nominal)
        return;
    for (size_t c = 0; c < e->ncur; c++) {
        const double *cpi = T->cpi[c] ? T->cpi[c] : T->cpi[0];
        size_t n = T->cpi[c] ? T->ncpi[c] : T->ncpi[0];
        double p = 1.0, pu = 1.0;
        for (size_t t = 0; t < ny; t++) {
            if (t > 0) {
                p *= 1.0 + (cpi ? path_at(cpi, n, t - 1) : 0.0) / 100.0;
                pu *= 1.0 + (T->cpi[0] ? path_at(T->cpi[0], T->ncpi[0], t - 1) : 0.0) / 100.0;
            }
            if (c == 0)
                T->p_usd[t] = pu;
            double fx = T->fxp[c] ? path_at(T->fxp[c], T->nfxp[c], t) : e->fx[c] * p / pu;
            T->index[c * ny + t] = e->fx[c] * p / fx;
        }
    }
    T->mean_inflation = ny > 1 ? pow(T->p_usd[ny - 1], 1.0 / (double)(ny - 1)) - 1.0 : 0.0;
    /* capital by currency (phases), and maintenance (a % of it) among the fixed costs */
    double wcap[ORF_ECON_MAX_CUR] = {0}, wfix[ORF_ECON_MAX_CUR];
    for (size_t i = 0; i < e->nphases; i++) {
        double c = e->phases[i].amount / e->fx[e->phases[i].cur];
        wcap[e->phases[i].cur] += c;
    }
    memcpy(wfix, T->mix[ORF__MIX_FIX], sizeof wfix);
    for (size_t c = 0; c < e->ncur; c++)
        wfix[c] += e->maintenance_pct / 100.0 * wcap[c];
    double closure = e->closure_cost / e->fx[e->closure_cur], wc_prev = 0;
    for (size_t t = 0; t < ny; t++) {
        orf_econ_year *y = &e->years[t];
        double initial = 0, initial_nom = 0;
        for (size_t i = 0; i < e->nphases; i++) {
            const econ_phase *p = &e->phases[i];
            if ((int)t >= p->start_index && (int)t < p->start_index + p->years) {
                double c = p->amount / e->fx[p->cur] / p->years;
                initial += c;
                initial_nom += c * orf__econ_index(e, p->cur, t);
            }
        }
        y->revenue_usd *= mixed(e, T->mix[ORF__MIX_REV], t);
        if (y->opex_usd != 0) /* an operating year: its variable and fixed parts (eval_years) */
            y->opex_usd = e->var_opex_y[t] * mixed(e, T->mix[ORF__MIX_VAR], t) +
                          (y->opex_usd - e->var_opex_y[t]) * mixed(e, wfix, t);
        e->payroll[t] *= mixed(e, T->mix[ORF__MIX_PAY], t);
        y->capex_usd = initial_nom + (y->capex_usd - initial) * mixed(e, wcap, t);
        double wc = e->wc_pct / 100.0 * y->revenue_usd;
        y->working_capital_usd = wc - wc_prev;
        wc_prev = wc;
        if (t == ny - 1)
            y->closure_usd = closure * orf__econ_index(e, e->closure_cur, t);
    }
}

/* Initial (phase) capital of year t, nominal USD when nominal. */
double orf__econ_initial_capex(const orf_econ *e, size_t t)
{
    double s = 0;
    for (size_t i = 0; i < e->nphases; i++) {
        const econ_phase *p = &e->phases[i];
        if ((int)t >= p->start_index && (int)t < p->start_index + p->years)
            s += p->amount / e->fx[p->cur] / p->years * orf__econ_index(e, p->cur, t);
    }
    return s;
}

static void year_scale(orf_econ_year *y, double s)
{
    double *v[] = {&y->revenue_usd, &y->opex_usd,         &y->capex_usd, &y->working_capital_usd,
                   &y->closure_usd, &y->depreciation_usd, &y->pbt_usd,   &y->taxes_usd};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        *v[i] *= s;
    for (size_t k = 0; k < ORF_ECON_MAX_TAXES; k++)
        y->tax_usd[k] *= s;
}

/* The nominal years kept (with their net flow), the years deflated to real USD. */
void orf__econ_terms_deflate(orf_econ *e)
{
    econ_terms *T = e->terms;
    if (!T->nominal)
        return;
    for (size_t t = 0; t < e->ny; t++) {
        orf_econ_year *y = &e->years[t], *n = &T->nom[t];
        *n = *y;
        n->net_usd = n->revenue_usd - n->opex_usd - n->capex_usd - n->working_capital_usd -
                     n->closure_usd - n->taxes_usd;
        n->gva_usd = n->revenue_usd - (n->opex_usd - e->payroll[t]);
        T->nom_cf[t] = n->net_usd;
        year_scale(y, 1.0 / T->p_usd[t]);
        e->payroll[t] /= T->p_usd[t];
    }
}

/* Nominal results, each year's gross value added, and the loan's results. */
void orf__econ_terms_results(orf_econ *e)
{
    econ_terms *T = e->terms;
    orf_econ_result *R = &e->res;
    for (size_t t = 0; t < e->ny; t++)
        e->years[t].gva_usd = e->years[t].revenue_usd - (e->years[t].opex_usd - e->payroll[t]);
    R->nominal = T->nominal;
    R->years_nominal = T->nominal ? T->nom : NULL;
    R->usd_price_index = T->nominal ? T->p_usd : NULL;
    if (T->nominal) {
        double r = R->discount_rate, cum = 0, npv = 0;
        for (size_t t = 0; t < e->ny; t++) {
            double disc = pow(1.0 + r, (double)t) * T->p_usd[t]; /* prod (1+r)(1+i_k) */
            cum += T->nom[t].net_usd;
            T->nom[t].cumulative_usd = cum;
            T->nom[t].discounted_usd = T->nom[t].net_usd / disc;
            npv += T->nom[t].discounted_usd;
        }
        R->discount_rate_nominal = orf_fin_fisher_nominal(r, T->mean_inflation);
        R->npv_nominal_usd = npv;
        orf_fin_irr_near(T->nom_cf, e->ny, R->discount_rate_nominal, &R->irr_nominal);
    } else {
        R->discount_rate_nominal = R->discount_rate;
        R->npv_nominal_usd = R->npv_usd;
        R->irr_nominal = R->irr;
    }
    orf__econ_debt_results(e);
}

/* ---------------------------------------------------------------- fiscal taxes */

double orf__econ_property_rate(const orf_econ *e)
{
    return e->tp[ORF__TP_PROPERTY_PCT];
}

void orf__econ_property_series(const orf_econ *e, double *out)
{
    const econ_terms *T = e->terms;
    const size_t ny = e->ny, cod = (size_t)e->construction_years;
    const double L = T->book_life_years, share = T->buildings_pct / 100.0;
    for (size_t t = 0; t < ny; t++) {
        out[t] = 0;
        if (t < cod || t >= cod + (size_t)e->operating_years || share <= 0)
            continue;
        double open = 0, dep = 0;
        for (size_t s = 0; s < t || (s == t && s < cod); s++) {
            size_t start = s < cod ? cod : s + 1; /* in service from the start of this year */
            if (start > t)
                continue;
            double cost = share * e->years[s].capex_usd, age = (double)(t - start);
            double left = cost * fmax(0.0, 1.0 - age / L);
            open += left;
            dep += fmin(cost / L, left);
        }
        out[t] = orf__econ_property_rate(e) / 100.0 * (open - 0.5 * dep);
    }
}

double orf__econ_land_rate(const orf_econ *e)
{
    (void)e;
    return 0; /* per hectare, not a % of a base */
}

void orf__econ_land_series(const orf_econ *e, double *out)
{
    const econ_terms *T = e->terms;
    double usd = T->hectares * T->land_rate / e->fx[T->land_cur];
    for (size_t t = 0; t < e->ny; t++)
        out[t] = usd * orf__econ_index(e, T->land_cur, t);
}

double orf__econ_emission_rate(const orf_econ *e)
{
    (void)e;
    return 0; /* per t of pollutant or per year */
}

void orf__econ_emission_series(const orf_econ *e, double *out)
{
    const econ_terms *T = e->terms;
    const double H = e->hours_per_year * e->availability_pct / 100.0;
    const size_t cod = (size_t)e->construction_years;
    for (size_t t = 0; t < e->ny; t++) {
        out[t] = 0;
        if (t < cod || t >= cod + (size_t)e->operating_years)
            continue;
        for (size_t i = 0; i < T->nemissions; i++) {
            const econ_emission *x = &T->emissions[i];
            double usd = x->amount / e->fx[x->cur] * orf__econ_index(e, x->cur, t);
            if (x->stream >= 0) {
                const orf_stream *st = orf_flowsheet_stream(e->fs, (size_t)x->stream);
                double tph = x->material >= 0 ? orf_stream_material_tph(st, (size_t)x->material)
                                              : orf_stream_total_tph(st) - orf_stream_water_tph(st);
                usd *= tph * H * e->years[t].production;
            }
            out[t] += usd;
        }
    }
}

double orf__econ_import_rate(const orf_econ *e)
{
    return e->terms->duty_rate_pct * e->terms->duty_share_pct / 100.0;
}

void orf__econ_import_series(const orf_econ *e, double *out)
{
    for (size_t t = 0; t < e->ny; t++)
        out[t] = orf__econ_import_rate(e) / 100.0 * e->years[t].capex_usd;
}

void orf__econ_cit_holiday(const orf_econ *e, double *cit)
{
    const econ_terms *T = e->terms;
    for (int k = 0; T->holiday_start >= 0 && k < T->holiday_years; k++)
        if ((size_t)(T->holiday_start + k) < e->ny)
            cit[T->holiday_start + k] = 0.0;
}
