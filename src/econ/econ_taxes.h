/* Private: taxes as a list (src/econ/econ_taxes.c).
 *
 * Each tax is one row of ORF__ECON_TAX_LIST: its key (JSON member, CSV column `<key>_usd`), its
 * label in the terminal summary, how it enters the cash flow, how its life total is shared among
 * the stages of the chain, its position in the breakdown of the totals, its formula (the tax in
 * every year of the timeline) and its statutory rate. The rates and other values a tax reads are
 * rows of ORF__ECON_TAX_PARAM_LIST: keys of a flowsheet's `economics.taxes:` and of a
 * jurisdiction file's `taxes:` (data/jurisdictions/NAME.yaml, which gives every default).
 *
 * Adding a tax: one row in ORF__ECON_TAX_LIST, its formula and rate functions in econ_taxes.c,
 * a row per new value in ORF__ECON_TAX_PARAM_LIST, and that value in each jurisdiction file.
 * JSON, CSV, terminal, totals, stage shares and taxable profit loop over the list.
 */
#ifndef ORF_ECON_TAXES_H
#define ORF_ECON_TAXES_H

#include "oreflow/econ.h"

/* How a tax enters the cash flow. Taxable profit (the base of ORF__TAX_ON_PROFIT taxes) is
 *   revenue - opex - payroll taxes - deductible taxes - depreciation - closure
 *   - (input taxes - their part on capital spending, which is capitalised and depreciated).
 * Every tax is a cash outflow of its year. */
typedef enum {
    ORF__TAX_PAYROLL,    /* on wages: an operating cost, deducted first; per stage on its payroll */
    ORF__TAX_DEDUCTIBLE, /* on production or sales, deducted from taxable profit */
    ORF__TAX_ON_PROFIT,  /* on taxable profit (computed after all the others) */
    ORF__TAX_INPUT       /* non-recoverable tax on purchases: capitalised on capex, else deducted */
} orf__tax_entry;

/* How the life-of-project total is shared among stages (per operating year on average). */
typedef enum {
    ORF__SHARE_NONE,    /* not attributed to stages */
    ORF__SHARE_BASE,    /* to the stages whose output holds the tax's base product */
    ORF__SHARE_SALES,   /* by value of the products a stage sells */
    ORF__SHARE_MARGIN,  /* by positive margin (value added - opex) */
    ORF__SHARE_PAYROLL, /* each stage's own payroll × the rate (set with the labour costs) */
    ORF__SHARE_CAPEX,   /* by the stage's share of the initial capital */
} orf__tax_share;

/* Values of the taxes. X(ID, path under `taxes:`, kind, min, max, what it is).
 * A NUMBER is samplable (economics.taxes.PATH); a PRODUCT names a product of the flowsheet and
 * has no jurisdiction default (it is required when its group, e.g. `met:`, is given). */
#define ORF__ECON_TAX_PARAM_LIST(X)                                                                \
    X(CIT_PCT, "cit_pct", ORF__TP_NUMBER, 0, 100, "corporate income tax, % of taxable profit")     \
    X(DEPRECIATION_PCT, "depreciation_pct", ORF__TP_NUMBER, 0, 100,                                \
      "tax depreciation, declining balance, % per year")                                           \
    X(LOSS_YEARS, "loss_carryforward_years", ORF__TP_INTEGER, -1, 100,                             \
      "years a tax loss may be carried forward (-1: without limit)")                               \
    X(VAT_PCT, "vat_pct", ORF__TP_NUMBER, 0, 100, "value added tax, %")                            \
    X(SOCIAL_PCT, "social_tax_pct", ORF__TP_NUMBER, 0, 100, "social tax, % of payroll")            \
    X(ROYALTY_PCT, "royalty_pct", ORF__TP_NUMBER, 0, 100, "royalty, % of revenue")                 \
    X(VAT_RECOVERABLE, "input_vat_recoverable", ORF__TP_BOOL, 0, 1,                                \
      "input VAT is refunded (an exporter)")                                                       \
    X(MET_RATE_PCT, "met.rate_pct", ORF__TP_NUMBER, 0, 100,                                        \
      "mineral extraction tax, % of the value of the extracted mineral")                           \
    X(MET_FACTOR, "met.man_made_factor", ORF__TP_NUMBER, 0, 1,                                     \
      "coefficient on the MET rate for man-made mineral formations")                               \
    X(MET_BASE, "met.base", ORF__TP_PRODUCT, 0, 0,                                                 \
      "the product (by name) whose market value is the value of the extracted mineral")            \
    X(PROPERTY_PCT, "property_tax_pct", ORF__TP_NUMBER, 0, 100,                                    \
      "property tax, % of the average annual book value of buildings and structures")

typedef enum { ORF__TP_NUMBER, ORF__TP_INTEGER, ORF__TP_BOOL, ORF__TP_PRODUCT } orf__tp_kind;

typedef enum {
#define ORF__X_TP(id, path, kind, lo, hi, doc) ORF__TP_##id,
    ORF__ECON_TAX_PARAM_LIST(ORF__X_TP)
#undef ORF__X_TP
        ORF__TP_COUNT
} orf__tp_id;

/* The taxes. X(ID, key, label, entry, share, position in the totals' breakdown (-1: only in the
 * yearly table), base product parameter (or -1), formula, rate). The order is the order of the
 * yearly columns and of the sum of the taxes. */
/* clang-format off */
#define ORF__ECON_TAX_LIST(X)                                                                      \
    X(MET,     "met",        "MET",     ORF__TAX_DEDUCTIBLE, ORF__SHARE_BASE,     0, ORF__TP_MET_BASE, met_series,     met_rate)     \
    X(ROYALTY, "royalty",    "royalty", ORF__TAX_DEDUCTIBLE, ORF__SHARE_SALES,    2, -1,               royalty_series, royalty_rate) \
    X(CIT,     "cit",        "CIT",     ORF__TAX_ON_PROFIT,  ORF__SHARE_MARGIN,   1, -1,               cit_series,     cit_rate)     \
    X(SOCIAL,  "social_tax", "social",  ORF__TAX_PAYROLL,    ORF__SHARE_PAYROLL,  3, -1,               social_series,  social_rate)  \
    X(VAT,     "vat",        "VAT",     ORF__TAX_INPUT,      ORF__SHARE_NONE,    -1, -1,               vat_series,     vat_rate)     \
    X(PROPERTY, "property_tax", "property", ORF__TAX_DEDUCTIBLE, ORF__SHARE_CAPEX, 4, -1, orf__econ_property_series, orf__econ_property_rate) \
    X(LAND,    "land_tax",   "land",    ORF__TAX_DEDUCTIBLE, ORF__SHARE_CAPEX,    5, -1, orf__econ_land_series,     orf__econ_land_rate)     \
    X(EMISSION, "emission_charges", "emissions", ORF__TAX_DEDUCTIBLE, ORF__SHARE_SALES, 6, -1, orf__econ_emission_series, orf__econ_emission_rate) \
    X(IMPORT,  "import_duty", "import duty", ORF__TAX_INPUT,  ORF__SHARE_CAPEX,    7, -1, orf__econ_import_series,   orf__econ_import_rate)
/* clang-format on */

typedef enum {
#define ORF__X_TAX(id, key, label, entry, share, pos, base, series, rate) ORF__TAX_##id,
    ORF__ECON_TAX_LIST(ORF__X_TAX)
#undef ORF__X_TAX
        ORF__TAX_COUNT
} orf__tax_id;

typedef struct orf__econ_tax {
    const char *key, *label;
    orf__tax_entry entry;
    orf__tax_share share;
    int summary_pos;
    int base_param; /* ORF__SHARE_BASE: the PRODUCT parameter naming the base, else -1 */
    /* The tax in each year t < e->ny, USD, from e->years (production, revenue, opex, capex),
     * e->payroll and, for ORF__TAX_ON_PROFIT, e->pbt. */
    void (*series)(const orf_econ *e, double *out);
    /* Statutory rate, % of the tax's base (0 where it is not charged, e.g. recoverable VAT). */
    double (*rate_pct)(const orf_econ *e);
} orf__econ_tax;

extern const orf__econ_tax orf__econ_taxes[ORF__TAX_COUNT];
extern const char *const orf__econ_tax_keys[ORF__TAX_COUNT];
extern const char *const orf__econ_tax_labels[ORF__TAX_COUNT];

/* The tax shown at position pos of the totals' breakdown, or -1. */
int orf__econ_tax_at_summary(int pos);

/* Read the jurisdiction's defaults (economics.jurisdiction, default "kazakhstan") and the
 * flowsheet's `economics.taxes:` over them into e->tp / e->tp_product; register the samplable
 * values. Errors are located diagnostics on e->ctx. */
void orf__econ_taxes_load(orf_econ *e, const orf_node *ec);

/* Load data/jurisdictions/NAME.yaml (under orf_data_dir()) into tp[] (PRODUCT slots untouched).
 * `at` locates an unknown name. Returns ORF_OK or the first error (all are emitted on ctx). */
orf_status orf__econ_jurisdiction_load(orf_ctx *ctx, const char *name, const orf_loc *at,
                                       double tp[ORF__TP_COUNT]);

/* Taxes of every year, depreciation, taxable profit; e->years[t].tax_usd / taxes_usd filled. */
void orf__econ_taxes_eval(orf_econ *e);

/* Stage shares of the life totals (after the stages' margins are known). */
void orf__econ_taxes_share(orf_econ *e, double revenue_full_usd, double margin_pos_usd);

#endif
