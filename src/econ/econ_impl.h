/* Private: the parsed economics model, shared by the files of src/econ/: econ_load.c (the
 * `economics:` section), econ_taxes.c (the list of taxes, jurisdiction data), econ_eval.c (the
 * cash flow), econ_out.c (JSON, CSV, terminal). */
#ifndef ORF_ECON_IMPL_H
#define ORF_ECON_IMPL_H

#include "econ_predict.h"
#include "econ_taxes.h"
#include "econ_terms.h"
#include "oreflow/econ.h"
#include "oreflow/node.h"
#include "oreflow/stream.h"

#include <stdio.h>

#define ORF_ECON_MAX_CUR 16

typedef enum { Q_DRY, Q_TOTAL, Q_WATER, Q_SOLIDS, Q_MATERIAL } qty_kind;
typedef enum { B_NONE, B_ELEMENT, B_OXIDE, B_MATERIAL } basis_kind;

typedef struct {
    const char *name;
    double amount;
    int cur;
    int start_index, years;
    int stage;
    int factored;                   /* capex: factored (econ_design.c): amount from the design */
    const orf_node *capex_node;     /* where it was asked for */
    const orf_node *factored_units; /* its `units:` list, or NULL: the stage's sized units */
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
    double dose_g_per_t; /* > 0: a reagent dosed at g per t of the stream, priced per t of it */
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

/* Figures at full production carried from one phase of the evaluation to the next
 * (econ_eval.c), and kept per period of a schedule (econ_schedule.c). */
typedef struct {
    double hours;            /* operating hours per year */
    double revenue;          /* sold products */
    double var_opex;         /* scales with production */
    double fixed_opex;       /* per operating year */
    double payroll, jobs;    /* labour */
    double capex_total;      /* initial phases */
    double unstaged_opex;    /* opex attributed to no stage (shared by value of output) */
    double unstaged_payroll; /* its labour part */
    double margin_pos;       /* sum of the stages' positive margins */
    double elec_mwh;         /* electricity per year */
    double met_base;         /* value of the MET base product per year */
    /* carbon (econ_carbon.c), per year at full production */
    double scope1_t, scope2_t; /* t CO2e */
    double cbam_ship_t;        /* t of the CBAM product shipped to the EU */
    double cbam_emb_t;         /* t CO2e embedded in them (charged: direct, or + indirect) */
} econ_run;

/* One flowsheet parameter a period of the schedule sets. */
typedef struct {
    double *target; /* the parameter (orf_flowsheet_param_ref) */
    double value;   /* its value in the period: samplable as schedule.PERIOD.UNIT.PARAM */
    double saved;   /* the flowsheet's own value, while the period is solved */
    double hi;      /* the parameter's range's top */
    double v0;      /* its value when the period's stored solution was solved */
} econ_set;

typedef struct {
    const char *name;
    orf_loc loc;
    int by_years;  /* 1: lasts `years` operating years; 0: `tonnes` of the feed stream */
    double amount; /* dry t, or operating years (samplable: schedule.PERIOD.tonnes|years) */
    econ_set *set;
    size_t nset;
    /* solved at full production */
    econ_run x;
    double feed_tph;            /* dry t/h of the feed stream */
    orf_econ_product *rp;       /* nproducts */
    orf_econ_stage *rs;         /* nstages */
    double *state, *spec;       /* its converged streams and design-spec values (warm start) */
    orf_econ_carbon_stage *cst; /* nstages + 1: its carbon table (NULL without carbon) */
    double cbal[4];             /* its carbon balance (in, products, emitted, t/h) and MWh/yr */
    double cbam_t_per_t;
    int warm;
    orf__predict pred; /* the warm start's predictor along the sampled settings (n 0: none) */
    orf_econ_period res;
} econ_period;

typedef struct {
    orf_loc loc, resource_loc;
    int feed;          /* stream index */
    double resource_t; /* dry t available; 0: no limit */
    econ_period *periods;
    orf_econ_period *res; /* n: the periods' results, as the result points to them */
    size_t n;
    double *w;       /* ny_cap × n: share of year t operated in period p */
    double *op_frac; /* ny_cap: share of year t operated */
    double *state0;  /* the flowsheet's streams before the periods are solved */
    size_t nspec;
    double **spec_slot, *spec0;
    double **spec_on; /* each spec's switch (specs.NAME.enabled): a spec off keeps its value */
    int restore;      /* re-solve the file's own case after the periods (default 1) */
    int life_from_resource; /* no timeline.operating_years: the life ends when depleted */
    double processed_t, unprocessed_t;
    int closure; /* year index of closure */
} econ_schedule;

typedef struct {
    const char *path;
    double *slot;
    const char *unit; /* unit of measure as shown ("USD/t", "KZT/USD", "%"); "" when none */
    double lo, hi;    /* the range the loader accepts (-inf..inf where it checks none) */
} econ_param;

/* A source of carbon the streams do not carry (inputs: t C per t of a unit result, e.g. electrode
 * paste) or a fuel burnt without a simulated off-gas (t CO2 per MWh of a unit result in kW, or
 * per dry t of a stream). */
typedef struct {
    const char *name;
    econ_item q;   /* the quantity: q.unit/q.result/q.result_scale or q.stream (dry t) */
    double factor; /* t C per t (input) or t CO2 per MWh or per t (fuel) */
    int input;     /* 1: carbon input (C × 44.0095/12.011), 0: fuel factor */
    int stage;
} econ_csrc;

typedef struct {
    int stream, stage;
} econ_vent;

typedef struct econ_carbon {
    int C;               /* db index of carbon */
    double grid;         /* t CO2 per MWh */
    double carbon_price; /* USD per t CO2 on Scope 1 */
    econ_vent *vents;
    size_t nvents;
    econ_csrc *src;
    size_t nsrc;
    orf_econ_carbon_stage *st; /* nstages + 1 */
    /* CBAM (economics.cbam; product -1 without it) */
    int product;
    double share_pct, benchmark;
    double *price, *factor_pct, *markup_pct; /* per calendar year from 2026, the last held */
    size_t nprice, nfactor, nmarkup;
    int cur; /* currency of the price (EUR) */
    int indirect;
    int use_default;
    double default_t_per_t;
} econ_carbon;

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
    econ_schedule *sched; /* NULL without a `schedule:` section */
    /* work and results: ny years of the cash flow (≤ ny_cap, the arrays' size: with a schedule
     * the life ends when the resource is depleted) */
    size_t ny, ny_cap;
    double *met_base;   /* per year: value of the MET base product produced */
    double *var_opex_y; /* per year: the variable part of the opex (real USD) */
    double life_years;  /* operating years (a fraction for a year cut short by depletion) */
    double *cf, *add, *dep, *pbt;
    double *payroll;             /* payroll paid in each year (taxes on wages) */
    double *tax[ORF__TAX_COUNT]; /* each tax in each year (one block: tax[0]) */
    orf_econ_year *years;
    orf_econ_product *rp;
    orf_econ_stage *rs;
    orf_econ_result res;
    econ_terms *terms;   /* finance and fiscal terms (econ_terms.h); always allocated */
    econ_carbon *carbon; /* NULL without economics.carbon */
};

/* Registry of samplable values and the number reader of the section (econ_load.c). */
void orf__econ_reg(orf_econ *e, const char *path, double *slot);
/* The range [lo, hi] the loader checks the last registered value against (scenarios check an
 * override against it). */
void orf__econ_reg_range(orf_econ *e, double lo, double hi);
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

/* econ_eval.c: the figures at full production of the flowsheet's current solution (products,
 * operating costs, capital, stages) into x, e->rp and e->rs. */
void orf__econ_eval_point(orf_econ *e, econ_run *x);
double orf__econ_dry_tph(const orf_stream *st);

/* econ_schedule.c: the `schedule:` section (top level of the file) and its evaluation. */
void orf__econ_schedule_load(orf_econ *e);
orf_status orf__econ_schedule_alloc(orf_econ *e);
void orf__econ_schedule_free(orf_econ *e);
/* Solve each period, average its figures into x, e->rp, e->rs (weights: operating years in each
 * period), share the years among the periods and set e->ny (closure year + 1). */
orf_status orf__econ_schedule_eval(orf_econ *e, econ_run *x);
/* Year t (operating year k of the timeline, production fraction f): production, revenue,
 * variable opex, MET base value, dry t fed, share of the year operated. */
void orf__econ_schedule_year(const orf_econ *e, size_t t, double f, double *production,
                             double *revenue, double *var_opex, double *met_base, double *feed_t,
                             double *op_frac);
/* Year t's value added (the stages' sum of each period it falls in, by its share of the year). */
double orf__econ_schedule_va(const orf_econ *e, size_t t, double f);
void orf__econ_schedule_json(const orf_econ *e, orf_json *j);
void orf__econ_schedule_print(const orf_econ *e, FILE *fp);

/* econ_carbon.c: economics.carbon and economics.cbam (docs/format.md, "Carbon and CBAM"). */
void orf__econ_carbon_load(orf_econ *e, const orf_node *ec);
orf_status orf__econ_carbon_alloc(orf_econ *e);
void orf__econ_carbon_free(orf_econ *e);
/* Emissions of the flowsheet's current solution into x and the stages' results. */
void orf__econ_carbon_point(orf_econ *e, econ_run *x);
/* Each year's emissions, CBAM cost and carbon price (added to opex), after eval_years. */
void orf__econ_carbon_years(orf_econ *e, const econ_run *x);
/* With a schedule: keep the carbon table of the period just evaluated (p), and after all the
 * periods average them (weights W: operating years; intensities = attributed emissions over
 * output, both averaged); x holds the averaged run. */
orf_status orf__econ_carbon_keep(orf_econ *e, size_t p);
void orf__econ_carbon_mean(orf_econ *e, const econ_run *x, const double *W, double Wsum);
void orf__econ_carbon_json(const orf_econ *e, orf_json *j);
void orf__econ_carbon_print(const orf_econ *e, FILE *fp);
/* econ_load.c / econ_eval.c helpers shared with econ_carbon.c */
int orf__econ_currency(orf_econ *e, const orf_node *map, const char *what);
int orf__econ_stage_ref(orf_econ *e, const orf_node *map, const char *what);
void orf__econ_result_item(orf_econ *e, const orf_node *m, const char *prefix, econ_item *c);
double orf__econ_unit_kw(const orf_econ *e, const orf_unit *u);

/* econ_design.c: phases whose capex is `factored` (the design's installed cost of their units) */
int orf__econ_phase_factored(orf_econ *e, const orf_node *m, econ_phase *p);
void orf__econ_phase_factored_check(orf_econ *e, econ_phase *p, const char *prefix);
void orf__econ_phases_json(const orf_econ *e, orf_json *j); /* "capital_phases" */

#endif
