/* Internals shared by the files of src/balance (not part of the public API). */
#ifndef ORF_BALANCE_IMPL_H
#define ORF_BALANCE_IMPL_H

#include "oreflow/balance.h"
#include "oreflow/flowsheet.h"

enum { ORF__PQ_SOLIDS, ORF__PQ_WATER, ORF__PQ_PCT_SOLIDS, ORF__PQ_ASSAY, ORF__PQ_OTHER };

/* Kind of measurement i (ORF__PQ_*), its stream and assay name (or NULL); -1 if out of range. */
int orf__plant_meas_info(const orf_plant_data *pd, size_t i, int *stream, const char **assay);
orf_flowsheet *orf__plant_flowsheet(const orf_plant_data *pd);

/* ---- the plant data object, shared by plant_data.c (parse, map, report) and survey.c ------ */
enum {
    ORF__Q_SOLIDS,
    ORF__Q_WATER,
    ORF__Q_PCT_SOLIDS,
    ORF__Q_ASSAY,
    ORF__Q_SIZE,
    ORF__Q_SIZE_ASSAY
};

typedef struct orf__pmeas {
    int stream, kind, comp, cls;
    double value, sd;
    double sd_rel;  /* the SD as given: % of the value (> 0), or 0 when given absolute */
    int sd_default; /* the SD came from the defaults (the value was written alone) */
    orf_loc loc;    /* of the SD (or the value when the SD is a default) */
    orf_loc vloc;   /* of the value */
    char label[128];
} orf__pmeas;

/* SD defaults, % relative unless said: flows 3 %, water 5 %, % solids 1 (absolute), assays 5 %,
 * size fractions 1 (absolute %), size-by-assay 10 %. */
typedef struct orf__sd_defaults {
    double flow_rel, water_rel, pct_solids_abs, assay_rel, size_abs, size_assay_rel;
} orf__sd_defaults;

#define ORF__MAX_COMP 64
#define ORF__MAX_CLS 64

struct orf_plant_data {
    orf_ctx *ctx; /* of the load: every allocation goes through it; must outlive the data */
    orf_flowsheet *fs;
    size_t nst;
    const char *comp[ORF__MAX_COMP];
    size_t ncomp;
    int comp_by_size[ORF__MAX_COMP];
    double sieve_um[ORF__MAX_CLS]; /* sieves, descending; classes +s0, -s0+s1, ..., pan */
    orf_loc sieve_loc[ORF__MAX_CLS];
    size_t nsieve, ncls; /* ncls = nsieve + 1 when sized, else 1 */
    orf__pmeas *m;
    size_t nm, capm;
    orf__sd_defaults dflt;
    const char *name, *note; /* of the file (context strings), or NULL */
    /* basics */
    size_t nb, water, comp0[ORF__MAX_COMP];
    size_t idx_solids[ORF__MAX_CLS];
    orf_recon *r;
    orf_recon_info info;
    int solved;
};

#endif
