/* Private: the plant design (equipment list and factored CAPEX), shared by the files of
 * src/design/: design_opts.c (the `design:` options and the formulas), design_units.c (sizing each
 * unit type), design_cost.c (cost data and costing), design_out.c (JSON, terminal). */
#ifndef ORF_DESIGN_IMPL_H
#define ORF_DESIGN_IMPL_H

#include "oreflow/design.h"
#include "oreflow/node.h"
#include "oreflow/stream.h"
#include "oreflow/unit.h"

enum {
    O_CYC_KPA,
    O_CYC_MAX_DC,
    O_FLOT_LAB_MIN,
    O_FLOT_SCALEUP,
    O_THICK_AREA,
    O_THICK_MAX_D,
    O_FILTER_RATE,
    O_FILTER_MAX_M2,
    O_MILL_LD,
    O_MILL_VP_BALL,
    O_MILL_VP_ROD,
    O_MILL_FCS,
    O_MILL_MAX_KW,
    O_MOTOR_MARGIN,
    O_LANG,
    O_COST_YEAR,
    O_COUNT
};

typedef struct {
    const char *name, *unit;
    double dflt, lo, hi;
    const char *doc; /* with its source, or "assumption" */
} design_opt_def;
extern const design_opt_def orf__design_opts[O_COUNT];

typedef struct {
    const char *key, *size_var, *size_unit, *source;
    double c_ref_usd, s_ref, n, s_min, s_max, hand;
    int year, assumed;
} cost_curve;

#define DESIGN_MAX_TESTS 32

struct orf_design {
    orf_ctx *ctx;
    const orf_flowsheet *fs;
    double o[O_COUNT];
    int hand;     /* installation: hand (else lang) */
    size_t ntest; /* Coe–Clevenger settling test */
    double test_f[DESIGN_MAX_TESTS], test_r[DESIGN_MAX_TESTS];
    orf_design_item *items;
    size_t n, cap;
    const char **unsized; /* units with no sizing rule */
    size_t nunsized;
    orf_doc *cost_doc; /* owns the curves' strings */
    cost_curve *curves;
    size_t ncurves;
    int *cepci_year;
    double *cepci;
    size_t ncepci;
    orf_design_capex capex;
};

orf_status orf__design_options(orf_design *d);
orf_status orf__design_cost_load(orf_design *d);
double orf__design_cepci(const orf_design *d, int year); /* NaN when the table lacks it */
void orf__design_cost_items(orf_design *d);
/* size one unit: appends its item(s); returns 0 when the type has no sizing rule */
int orf__design_size_unit(orf_design *d, size_t u);
orf_design_item *orf__design_add(orf_design *d);
/* the cost-curve key of an equipment sized for a unit type (NULL when the type is not sized) */
const char *orf__design_type_equipment(const char *unit_type);

#endif
