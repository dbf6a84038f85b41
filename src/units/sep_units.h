/* oreflow — the separator unit types (rows for src/units/registry.c). */
#ifndef ORF_SEP_UNITS_H
#define ORF_SEP_UNITS_H

#include "oreflow/unit.h"

extern const orf_unit_type orf__unit_spiral;
extern const orf_unit_type orf__unit_shaking_table;
extern const orf_unit_type orf__unit_jig;
extern const orf_unit_type orf__unit_whims;
extern const orf_unit_type orf__unit_flotation_bank;

#endif
