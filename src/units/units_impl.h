/* Private declarations of the built-in unit types, generated from the one list (units.def), and
 * the helpers they share (unit_common.h). */
#ifndef ORF_UNITS_IMPL_H
#define ORF_UNITS_IMPL_H

#include "oreflow/unit.h"

#define ORF_UNIT(name) extern const orf_unit_type orf_unit_##name;
#include "units.def"
#undef ORF_UNIT

/* orf__read_material_map, orf__material_index, feed buffers, split workspaces */
#include "unit_common.h"

#endif
