/* Private: the parsed economics model, shared by the files of src/econ/: econ_load.c (the
 * `economics:` section), econ_taxes.c (the list of taxes, jurisdiction data), econ_eval.c (the
 * cash flow), econ_out.c (JSON, CSV, terminal). */
#ifndef ORF_ECON_IMPL_H
#define ORF_ECON_IMPL_H

#include "econ_taxes.h"
#include "econ_terms.h"
#include "oreflow/econ.h"
#include "oreflow/node.h"

#define ORF_ECON_MAX_CUR 16

typedef enum { Q_DRY, Q_TOTAL, Q_WATER, Q_SOLIDS, Q_MATERIAL } qty_kind;
typedef enum { B_NONE, B_ELEMENT, B_OXIDE, B_MATERIAL } basis_kind;

typedef struct {
    const char *name;
    double amount;
    int cur;
    int start_index, years;
    int stage;
} econ_phase;

typedef struct {
    const char *name;
    int stream;
    double price;
    int cur;
    double vat_incl_pct;
    basis_kind basis;
    int basis_el;        /* element (db index) or material (system index) */
    double basis_factor; /* oxide factor */
    double ref_pct;
    int sold;
    int stage;
} econ_product;

typedef struct {
    const char *name;
    int unit, result;    /* >= 0: priced on a unit result (kW per MWh, t/h per t) */
    double result_scale; /* result × scale = the priced quantity per hour */
    int stream;          /* -1 (and unit -1): fixed annual amount */
    qty_kind qty;
    int material;
    double price; /* per t, or per year when stream < 0 */
    int cur;
    int stage;
} econ_item;

typedef struct {
    const char *name;
    double headcount, salary;
    int cur;
    int stage;
} econ_labour;

typedef struct {
    const char *name;
    int *in, *out;
    size_t nin, nout;
} econ_stage_def;

typedef struct {
    const char *path;
    double *slot;
    const char *unit; /* unit of measure as shown ("USD/t", "KZT/USD", "%"); "" when none */
} econ_param;

struct orf_econ {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    /* currencies: per-USD rates; 0 is USD */
    size_t ncur;
    const char *cur_name[ORF_ECON_MAX_CUR];
    double fx[ORF_ECON_MAX_CUR];
    double discount_rate_pct;
    int start_year, construction_years, operating_years;
    double *ramp_pct;
    size_t nramp;
    double hours_per_year, availability_pct;
    econ_phase *phases;
    size_t nphases;
    econ_product *products;
    size_t nproducts;
    /* electricity */
    double tariff;
    int tariff_cur;
    int *elec_unit; /* per flowsheet unit: 1 when counted */
    int *unit_stage;
    double extra_kw;
    econ_item *items;
    size_t nitems;
    econ_labour *labour;
    size_t nlabour;
    double maintenance_pct, sustaining_pct, wc_pct, closure_cost;
    int closure_cur;
    /* taxes: values of ORF__ECON_TAX_PARAM_LIST (a BOOL is 0/1) and the product of each PRODUCT
     * value (-1: none) */
    const char *jurisdiction;
    double tp[ORF__TP_COUNT];
    int tp_product[ORF__TP_COUNT];
    econ_stage_def *stage_defs;
    size_t nstages;
    int element; /* db index of the value element, -1 if absent */
    const char *element_name;
    econ_param *params;
    size_t nparams, capparams;
    /* work and results */
    size_t ny;
    double *cf, *add, *dep, *pbt;
    double *payroll;             /* payroll paid in each year (taxes on wages) */
    double *tax[ORF__TAX_COUNT]; /* each tax in each year (one block: tax[0]) */
    orf_econ_year *years;
    orf_econ_product *rp;
    orf_econ_stage *rs;
    orf_econ_result res;
    econ_terms *terms; /* finance and fiscal terms (econ_terms.h); always allocated */
};

/* Registry of samplable values and the number reader of the section (econ_load.c). */
void orf__econ_reg(orf_econ *e, const char *path, double *slot);
/* Read node n (at path) as a number in [lo, hi] into *out. *out is written only when the value
 * is valid, so a rejected value never reaches use; returns 1 then, 0 after a located error. */
int orf__econ_num_in(orf_econ *e, const orf_node *n, const char *path, double lo, double hi,
                     double *out);
/* Read map[key] as a number in [lo, hi] into *slot (dflt when absent or rejected; an error when
 * absent and required) and register prefix.key. map may be NULL (absent). Returns 1 when valid. */
int orf__econ_num(orf_econ *e, const orf_node *map, const char *key, const char *prefix,
                  double dflt, int required, double lo, double hi, double *slot);
/* Unit of measure of the registered value at `path`, "%s" in fmt replaced by the currency
 * `cur` ("%s/t" -> "KZT/t"). orf__econ_reg gives each value the unit its key names (_pct: %,
 * _kw: kW, ...); the values whose unit depends on a currency or a basis set it here, where
 * they are read. */
void orf__econ_unit(orf_econ *e, const char *path, const char *fmt, const char *cur);
/* orf__econ_unit for the value prefix.key. */
void orf__econ_unit_at(orf_econ *e, const char *prefix, const char *key, const char *fmt,
                       const char *cur);
/* Unit format ("%s/MWh", "%s/t", "%s/(unit·h)" in buf) of a cost item priced on a unit result:
 * per MWh for a result in kW, per t for t/h, per (result unit × h) otherwise. */
const char *orf__econ_item_result_unit(const orf_econ *e, const econ_item *c, char *buf,
                                       size_t size);

#endif
