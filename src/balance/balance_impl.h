/* Internals shared by the files of src/balance (not part of the public API). */
#ifndef ORF_BALANCE_IMPL_H
#define ORF_BALANCE_IMPL_H

#include "oreflow/balance.h"
#include "oreflow/flowsheet.h"

enum { ORF__PQ_SOLIDS, ORF__PQ_WATER, ORF__PQ_PCT_SOLIDS, ORF__PQ_ASSAY, ORF__PQ_OTHER };

/* Kind of measurement i (ORF__PQ_*), its stream and assay name (or NULL); -1 if out of range. */
int orf__plant_meas_info(const orf_plant_data *pd, size_t i, int *stream, const char **assay);
orf_flowsheet *orf__plant_flowsheet(const orf_plant_data *pd);

#endif
