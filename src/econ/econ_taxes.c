/* Taxes as a list: the formulas of the taxes of ORF__ECON_TAX_LIST (econ_taxes.h), their values
 * (a jurisdiction's data file under the flowsheet's `economics.taxes:`), taxable profit and the
 * shares of the stages.
 *
 * Formulas (real USD, or nominal USD under economics.inflation; year t, f_t the fraction of full
 * production; property tax, land tax, emission charges, import duty and the CIT holiday are in
 * econ_finance_terms.c):
 *   MET_t     = f_t * rate * man-made-formation factor * value of the extracted mineral (the
 *               base product's market value at full production). Kazakhstan Tax Code 2017
 *               art. 745-746 (21.06 % for chrome ore); Tax Code 2026 art. 781 and 783 (factor 0.1
 *               for man-made mineral formations).
 *   royalty_t = rate * revenue_t
 *   social_t  = rate * payroll_t (operating years)
 *   VAT_t     = rate * (opex_t - payroll_t + capex_t) when input VAT is not recoverable; the part
 *               on capex is capitalised (depreciated), the rest is deducted from taxable profit
 *   CIT_t     = rate * taxable profit after losses carried forward (orf_fin_cit), taxable profit
 *               = revenue - opex - social - MET - royalty - depreciation - closure - VAT on opex;
 *               depreciation: pooled declining balance (Tax Code 2017 art. 271, orf_fin_
 *               depreciation_db).
 * The rates are data: data/jurisdictions/NAME.yaml, each value with its source.
 */
#include "econ_impl.h"

#include "oreflow/finance.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- formulas */

static double met_rate(const orf_econ *e)
{
    return e->tp[ORF__TP_MET_RATE_PCT];
}

static void met_series(const orf_econ *e, double *out)
{
    int p = e->tp_product[ORF__TP_MET_BASE];
    for (size_t t = 0; t < e->ny; t++) /* met_base: the base product's value made in year t (real);
                                        * its price index: 1 in real money */
        out[t] = met_rate(e) / 100.0 * e->tp[ORF__TP_MET_FACTOR] * e->met_base[t] *
                 (p >= 0 ? orf__econ_index(e, e->products[p].cur, t) : 1.0);
}

static double royalty_rate(const orf_econ *e)
{
    return e->tp[ORF__TP_ROYALTY_PCT];
}

static void royalty_series(const orf_econ *e, double *out)
{
    for (size_t t = 0; t < e->ny; t++)
        out[t] = royalty_rate(e) / 100.0 * e->years[t].revenue_usd;
}

static double cit_rate(const orf_econ *e)
{
    return e->tp[ORF__TP_CIT_PCT];
}

static void cit_series(const orf_econ *e, double *out)
{
    orf_fin_cit(e->pbt, e->ny, cit_rate(e) / 100.0, (int)e->tp[ORF__TP_LOSS_YEARS], out);
    orf__econ_cit_holiday(e, out); /* investment preferences (econ_finance_terms.c) */
}

static double social_rate(const orf_econ *e)
{
    return e->tp[ORF__TP_SOCIAL_PCT];
}

static void social_series(const orf_econ *e, double *out)
{
    for (size_t t = 0; t < e->ny; t++)
        out[t] = e->payroll[t] * social_rate(e) / 100.0;
}

static double vat_rate(const orf_econ *e)
{
    return e->tp[ORF__TP_VAT_RECOVERABLE] != 0 ? 0.0 : e->tp[ORF__TP_VAT_PCT];
}

static void vat_series(const orf_econ *e, double *out)
{
    double r = vat_rate(e) / 100.0;
    for (size_t t = 0; t < e->ny; t++) {
        const orf_econ_year *y = &e->years[t];
        /* CBAM certificates and carbon allowances: no input VAT */
        out[t] =
            r * (y->opex_usd - e->payroll[t] - y->cbam_usd - y->carbon_price_usd + y->capex_usd);
    }
}

/* ---------------------------------------------------------------- the list */

const orf__econ_tax orf__econ_taxes[ORF__TAX_COUNT] = {
#define ORF__X_TAX(id, key, label, entry, share, pos, base, series, rate)                          \
    {key, label, entry, share, pos, base, series, rate},
    ORF__ECON_TAX_LIST(ORF__X_TAX)
#undef ORF__X_TAX
};

const char *const orf__econ_tax_keys[ORF__TAX_COUNT] = {
#define ORF__X_TAX(id, key, label, entry, share, pos, base, series, rate) key,
    ORF__ECON_TAX_LIST(ORF__X_TAX)
#undef ORF__X_TAX
};

const char *const orf__econ_tax_labels[ORF__TAX_COUNT] = {
#define ORF__X_TAX(id, key, label, entry, share, pos, base, series, rate) label,
    ORF__ECON_TAX_LIST(ORF__X_TAX)
#undef ORF__X_TAX
};

_Static_assert(ORF__TAX_COUNT <= ORF_ECON_MAX_TAXES, "raise ORF_ECON_MAX_TAXES (oreflow/econ.h)");

int orf__econ_tax_at_summary(int pos)
{
    for (int k = 0; k < ORF__TAX_COUNT; k++)
        if (orf__econ_taxes[k].summary_pos == pos)
            return k;
    return -1;
}

int orf_econ_tax_index(const orf_econ_result *r, const char *key)
{
    for (size_t k = 0; k < r->ntaxes; k++)
        if (strcmp(r->tax_keys[k], key) == 0)
            return (int)k;
    return -1;
}

/* ---------------------------------------------------------------- values */

typedef struct {
    const char *path; /* "cit_pct", "met.rate_pct" */
    orf__tp_kind kind;
    double lo, hi;
    const char *doc;
} tax_param;

static const tax_param PARAMS[ORF__TP_COUNT] = {
#define ORF__X_TP(id, path, kind, lo, hi, doc) {path, kind, lo, hi, doc},
    ORF__ECON_TAX_PARAM_LIST(ORF__X_TP)
#undef ORF__X_TP
};

/* Split "met.rate_pct" into its group ("met", in buf) and key ("rate_pct"); no group: NULL.
 * The values of one group are contiguous in the list. */
static const char *split(const char *path, char *group, size_t size, const char **key)
{
    const char *dot = strchr(path, '.');
    *key = dot ? dot + 1 : path;
    if (!dot)
        return NULL;
    snprintf(group, size, "%.*s", (int)(dot - path), path);
    return group;
}

/* Keys allowed in the taxes map (group NULL: a group counts once, by its name) or in a group's
 * map, NULL-terminated in keys (names holds the text). A jurisdiction file (products 0) holds
 * no PRODUCT: that names a product of the flowsheet. */
static void allowed_keys(const char *group, int products, const char **keys, char names[][64])
{
    size_t n = 0;
    for (size_t i = 0; i < ORF__TP_COUNT; i++) {
        char g[64];
        const char *key, *gi = split(PARAMS[i].path, g, sizeof g, &key);
        if (!products && PARAMS[i].kind == ORF__TP_PRODUCT)
            continue;
        const char *name = group ? (gi && strcmp(gi, group) == 0 ? key : NULL) : (gi ? gi : key);
        if (!name || (n > 0 && strcmp(keys[n - 1], name) == 0))
            continue;
        snprintf(names[n], 64, "%s", name);
        keys[n] = names[n];
        n++;
    }
    keys[n] = NULL;
}

/* The map of the group (NULL: taxes itself) under taxes, its keys checked: NULL when absent or
 * not a map (an error then). Called once per group. */
static const orf_node *group_map(orf_ctx *ctx, const orf_node *taxes, const char *group,
                                 const char *prefix, int products)
{
    if (!group)
        return taxes;
    const orf_node *m = orf_node_get(taxes, group);
    char what[160];
    snprintf(what, sizeof what, "%s.%s", prefix, group);
    if (!m || orf_node_expect(ctx, m, ORF_NODE_MAP, what) != ORF_OK)
        return NULL;
    const char *keys[ORF__TP_COUNT + 1];
    char names[ORF__TP_COUNT][64];
    allowed_keys(group, products, keys, names);
    orf_node_check_keys(ctx, m, keys, what);
    return m;
}

/* Walks the values of the list group by group: the map holding value i (NULL when its group is
 * absent), its key, its group (NULL: none) and the group's path ("economics.taxes.met"). */
typedef struct {
    const orf_node *taxes, *map;
    const char *key, *group;
    char g[64], last[64], prefix[160];
} tp_walk;

static void walk_to(orf_ctx *ctx, tp_walk *w, size_t i, const char *prefix, int products)
{
    w->group = split(PARAMS[i].path, w->g, sizeof w->g, &w->key);
    if (i == 0 || strcmp(w->group ? w->g : "", w->last) != 0) {
        w->map = group_map(ctx, w->taxes, w->group, prefix, products);
        snprintf(w->last, sizeof w->last, "%s", w->group ? w->g : "");
    }
    if (w->group)
        snprintf(w->prefix, sizeof w->prefix, "%s.%s", prefix, w->g);
    else
        snprintf(w->prefix, sizeof w->prefix, "%s", prefix);
}

static int valid_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return 0;
    return 1;
}

/* "did you mean" among the jurisdiction files present. */
static void hint_jurisdictions(orf_ctx *ctx, const char *dir, const char *given)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char names[32][64];
    const char *cand[32];
    size_t n = 0;
    struct dirent *de;
    while (n < 32 && (de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 5 && len < 64 && strcmp(de->d_name + len - 5, ".yaml") == 0) {
            snprintf(names[n], sizeof names[n], "%.*s", (int)(len - 5), de->d_name);
            cand[n] = names[n];
            n++;
        }
    }
    closedir(d);
    orf_diag_hint_nearest(ctx, given, cand, n);
}

orf_status orf__econ_jurisdiction_load(orf_ctx *ctx, const char *name, const orf_loc *at,
                                       double tp[ORF__TP_COUNT])
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof dir, "%s/jurisdictions", orf_data_dir());
    snprintf(path, sizeof path, "%s/%s.yaml", dir, name);
    FILE *fp = valid_name(name) ? fopen(path, "r") : NULL;
    if (!fp) {
        orf_status st = orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, at, NULL,
                                      "economics.jurisdiction: unknown jurisdiction '%s' (no "
                                      "file %s)",
                                      name, path);
        hint_jurisdictions(ctx, dir, name);
        return st;
    }
    fclose(fp);
    orf_doc *doc = NULL;
    orf_status st = orf_doc_load(ctx, path, &doc);
    if (st)
        return st;
    size_t errs0 = orf_ctx_error_count(ctx);
    const orf_node *root = orf_doc_root(doc);
    static const char *const rkeys[] = {"name", "taxes", NULL};
    const orf_node *tx = orf_node_get(root, "taxes");
    if (orf_node_expect(ctx, root, ORF_NODE_MAP, "jurisdiction file") != ORF_OK) {
        tx = NULL;
    } else {
        orf_node_check_keys(ctx, root, rkeys, "jurisdiction file");
        if (!tx)
            orf_diag_emit(ctx, ORF_E_INPUT, &root->loc, NULL, "%s: no 'taxes' map", path);
        else if (orf_node_expect(ctx, tx, ORF_NODE_MAP, "taxes") != ORF_OK)
            tx = NULL;
    }
    if (tx) {
        const char *keys[ORF__TP_COUNT + 1];
        char names[ORF__TP_COUNT][64];
        allowed_keys(NULL, 0, keys, names);
        orf_node_check_keys(ctx, tx, keys, "taxes");
    }
    tp_walk w = {.taxes = tx};
    for (size_t i = 0; tx && i < ORF__TP_COUNT; i++) {
        const tax_param *p = &PARAMS[i];
        if (p->kind == ORF__TP_PRODUCT)
            continue;
        walk_to(ctx, &w, i, "taxes", 0);
        const orf_node *n = orf_node_get(w.map, w.key);
        char what[200];
        snprintf(what, sizeof what, "%s.%s", w.prefix, w.key);
        if (!n) {
            orf_diag_emit(ctx, ORF_E_INPUT, w.map ? &w.map->loc : &tx->loc, NULL,
                          "jurisdiction file: '%s' is required (%s)", what, p->doc);
            continue;
        }
        if (p->kind == ORF__TP_BOOL) {
            int b = 0;
            if (orf_node_bool(ctx, n, what, &b) == ORF_OK)
                tp[i] = b;
            continue;
        }
        /* tp[i] is written only with a valid value (range tested before any conversion) */
        double v;
        if (orf_node_number(ctx, n, what, &v) != ORF_OK)
            continue;
        if (!(v >= p->lo && v <= p->hi))
            orf_diag_emit(ctx, ORF_E_RANGE, &n->loc, NULL, "%s = %g is outside [%g, %g]", what, v,
                          p->lo, p->hi);
        else if (p->kind == ORF__TP_INTEGER && v != floor(v))
            orf_diag_emit(ctx, ORF_E_INPUT, &n->loc, NULL, "%s = %g is not a whole number", what,
                          v);
        else
            tp[i] = v;
    }
    orf_doc_free(doc);
    return orf_ctx_error_count(ctx) > errs0 ? ORF_E_INPUT : ORF_OK;
}

void orf__econ_taxes_load(orf_econ *e, const orf_node *ec)
{
    orf_ctx *ctx = e->ctx;
    const char *P = "economics.taxes";
    double dflt[ORF__TP_COUNT] = {0};
    e->jurisdiction = "kazakhstan";
    const orf_node *jn = orf_node_get(ec, "jurisdiction");
    /* On an error the flowsheet's values are still read (and checked) over zero defaults. */
    if (!jn || orf_node_string(ctx, jn, "economics.jurisdiction", &e->jurisdiction) == ORF_OK)
        orf__econ_jurisdiction_load(ctx, e->jurisdiction, jn ? &jn->loc : &ec->loc, dflt);
    static const orf_node empty = {.kind = ORF_NODE_MAP};
    const orf_node *tx = orf_node_get(ec, "taxes");
    if (!tx || orf_node_expect(ctx, tx, ORF_NODE_MAP, P) != ORF_OK)
        tx = &empty;
    const char *keys[ORF__TP_COUNT + 1];
    char names[ORF__TP_COUNT][64];
    allowed_keys(NULL, 1, keys, names);
    orf_node_check_keys(ctx, tx, keys, P);
    tp_walk w = {.taxes = tx};
    for (size_t i = 0; i < ORF__TP_COUNT; i++) {
        const tax_param *p = &PARAMS[i];
        walk_to(ctx, &w, i, P, 1);
        const orf_node *n = orf_node_get(w.map, w.key);
        e->tp[i] = dflt[i];
        e->tp_product[i] = -1;
        switch (p->kind) {
        case ORF__TP_NUMBER:
            orf__econ_num(e, w.map, w.key, w.prefix, dflt[i], 0, p->lo, p->hi, &e->tp[i]);
            break;
        case ORF__TP_INTEGER:
            if (orf__econ_num(e, w.map, w.key, w.prefix, dflt[i], 0, p->lo, p->hi, &e->tp[i]) &&
                e->tp[i] != floor(e->tp[i])) {
                orf_diag_emit(ctx, ORF_E_INPUT, n ? &n->loc : NULL, NULL,
                              "%s.%s = %g is not a whole number", w.prefix, w.key, e->tp[i]);
                e->tp[i] = dflt[i];
            }
            e->nparams--; /* an integer is not samplable */
            break;
        case ORF__TP_BOOL: {
            int b = e->tp[i] != 0;
            if (n && orf_node_bool(ctx, n, w.key, &b) == ORF_OK)
                e->tp[i] = b;
            break;
        }
        case ORF__TP_PRODUCT: {
            char what[200];
            const char *s;
            snprintf(what, sizeof what, "%s.%s", w.prefix, w.key);
            if (!n && w.group && w.map) /* required in its group, when the group is given */
                orf_diag_emit(ctx, ORF_E_INPUT, &w.map->loc, NULL, "%s needs '%s': %s", w.prefix,
                              w.key, p->doc);
            else if (n && orf_node_string(ctx, n, what, &s) == ORF_OK) {
                for (size_t k = 0; k < e->nproducts; k++)
                    if (strcmp(e->products[k].name, s) == 0)
                        e->tp_product[i] = (int)k;
                if (e->tp_product[i] < 0)
                    orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &n->loc, NULL,
                                  "%s: no product named '%s'", what, s);
            }
            break;
        }
        }
    }
}

/* ---------------------------------------------------------------- evaluation */

void orf__econ_taxes_eval(orf_econ *e)
{
    const size_t ny = e->ny;
    const orf__econ_tax *T = orf__econ_taxes;
    double cap = 0; /* rate of the input taxes capitalised with capital spending */
    for (size_t k = 0; k < ORF__TAX_COUNT; k++) {
        if (T[k].entry != ORF__TAX_ON_PROFIT)
            T[k].series(e, e->tax[k]);
        if (T[k].entry == ORF__TAX_INPUT)
            cap += T[k].rate_pct(e) / 100.0;
    }
    for (size_t t = 0; t < ny; t++)
        e->add[t] = e->years[t].capex_usd * (1.0 + cap) + e->terms->capitalise[t];
    orf_fin_depreciation_db(e->add, ny, e->tp[ORF__TP_DEPRECIATION_PCT] / 100.0,
                            (size_t)e->construction_years, 1, e->dep);
    static const orf__tax_entry deducted[] = {ORF__TAX_PAYROLL, ORF__TAX_DEDUCTIBLE};
    for (size_t t = 0; t < ny; t++) {
        orf_econ_year *y = &e->years[t];
        y->depreciation_usd = e->dep[t];
        double p = y->revenue_usd - y->opex_usd;
        for (size_t d = 0; d < 2; d++)
            for (size_t k = 0; k < ORF__TAX_COUNT; k++)
                if (T[k].entry == deducted[d])
                    p -= e->tax[k][t];
        p -= y->depreciation_usd;
        p -= y->closure_usd;
        p -= e->terms->deduct[t]; /* interest and fees of a loan (econ_debt.c) */
        for (size_t k = 0; k < ORF__TAX_COUNT; k++)
            if (T[k].entry == ORF__TAX_INPUT)
                p -= e->tax[k][t] - T[k].rate_pct(e) / 100.0 * y->capex_usd;
        e->pbt[t] = p;
        y->pbt_usd = p;
    }
    for (size_t k = 0; k < ORF__TAX_COUNT; k++)
        if (T[k].entry == ORF__TAX_ON_PROFIT)
            T[k].series(e, e->tax[k]);
    for (size_t t = 0; t < ny; t++) {
        orf_econ_year *y = &e->years[t];
        for (size_t k = 0; k < ORF__TAX_COUNT; k++)
            y->tax_usd[k] = e->tax[k][t];
        double sum = y->tax_usd[0];
        for (size_t k = 1; k < ORF__TAX_COUNT; k++)
            sum += y->tax_usd[k];
        y->taxes_usd = sum;
    }
}

static int stream_in(const int *v, size_t n, int s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == s)
            return 1;
    return 0;
}

void orf__econ_taxes_share(orf_econ *e, double revenue_full_usd, double margin_pos_usd)
{
    const orf_econ_result *R = &e->res;
    double per_op = e->life_years > 0 ? 1.0 / e->life_years : 0.0;
    for (size_t s = 0; s < e->nstages; s++) {
        const econ_stage_def *d = &e->stage_defs[s];
        orf_econ_stage *r = &e->rs[s];
        double sold_out = 0;
        for (size_t i = 0; i < e->nproducts; i++)
            if (e->products[i].sold && stream_in(d->out, d->nout, e->products[i].stream))
                sold_out += e->rp[i].value_usd_per_year;
        int first = 1;
        for (size_t k = 0; k < ORF__TAX_COUNT; k++) {
            const orf__econ_tax *T = &orf__econ_taxes[k];
            double life = R->tax_life_usd[k];
            int p;
            switch (T->share) {
            case ORF__SHARE_NONE:
                continue;
            case ORF__SHARE_BASE:
                p = e->tp_product[T->base_param];
                if (p >= 0 && stream_in(d->out, d->nout, e->products[p].stream))
                    r->tax_usd[k] = life * per_op;
                break;
            case ORF__SHARE_SALES:
                r->tax_usd[k] =
                    revenue_full_usd > 0 ? life * per_op * sold_out / revenue_full_usd : 0;
                break;
            case ORF__SHARE_MARGIN:
                r->tax_usd[k] = (margin_pos_usd > 0 && r->margin_usd > 0)
                                    ? life * per_op * r->margin_usd / margin_pos_usd
                                    : 0.0;
                break;
            case ORF__SHARE_PAYROLL: /* set at full production with the labour costs */
                break;
            case ORF__SHARE_CAPEX:
                r->tax_usd[k] =
                    R->capex_usd > 0 ? life * per_op * r->capex_usd / R->capex_usd : 0.0;
                break;
            }
            r->taxes_usd = first ? r->tax_usd[k] : r->taxes_usd + r->tax_usd[k];
            first = 0;
        }
    }
}
