/* Private declarations of the built-in unit types (one per file family) and helpers for them. */
#ifndef ORF_UNITS_IMPL_H
#define ORF_UNITS_IMPL_H

#include "oreflow.h"

/* src/units/basic.c */
extern const orf_unit_type orf__unit_feed;
extern const orf_unit_type orf__unit_product;
extern const orf_unit_type orf__unit_mixer;
extern const orf_unit_type orf__unit_splitter;
extern const orf_unit_type orf__unit_water_addition;
extern const orf_unit_type orf__unit_recovery_separator;

/* Read a mapping material -> number (e.g. recoveries) into vals[nm] (only given entries set);
 * emits located errors for unknown materials and out-of-range values. */
orf_status orf__read_material_map(orf_ctx *ctx, const orf_unit *u, const orf_node *map, double lo,
                                  double hi, double *vals, int *given);
/* Material index in the unit's system by name, or -1. */
int orf__material_index(const orf_system *y, const char *name);

#endif
