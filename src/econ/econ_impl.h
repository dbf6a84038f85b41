/* Private: the parsed economics model (src/econ/econ.c, econ_out.c). */
#ifndef ORF_ECON_IMPL_H
#define ORF_ECON_IMPL_H

#include "oreflow/econ.h"

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
    /* taxes */
    double cit_pct, dep_pct, vat_pct, social_pct, royalty_pct, met_rate_pct, met_factor;
    int loss_years, vat_recoverable, met_product;
    econ_stage_def *stage_defs;
    size_t nstages;
    int element; /* db index of the value element, -1 if absent */
    const char *element_name;
    econ_param *params;
    size_t nparams, capparams;
    /* work and results */
    size_t ny;
    double *cf, *add, *dep, *pbt, *cit;
    orf_econ_year *years;
    orf_econ_product *rp;
    orf_econ_stage *rs;
    orf_econ_result res;
};

#endif
