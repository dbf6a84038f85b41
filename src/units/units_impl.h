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

/* orf__read_material_map, orf__material_index: unit_common.h */
#include "unit_common.h"

#endif
