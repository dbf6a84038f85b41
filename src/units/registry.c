/* The one table of built-in unit types (luaL_Reg style). Adding a unit = one file, one row here,
 * one test, one section of docs/models.md. */
#include "sep_units.h"
#include "units_cc.h"
#include "units_impl.h"
#include "chem_impl.h"

#include <string.h>

static const orf_unit_type *const REGISTRY[] = {
    &orf__unit_feed,
    &orf__unit_product,
    &orf__unit_mixer,
    &orf__unit_splitter,
    &orf__unit_water_addition,
    &orf__unit_recovery_separator,
    /* comminution and classification (units_cc.h) */
    &orf_unit_crusher,
    &orf_unit_ball_mill,
    &orf_unit_rod_mill,
    &orf_unit_screen,
    &orf_unit_hydrocyclone,
    &orf_unit_hydrosizer,
    &orf_unit_thickener,
    &orf_unit_filter,
    /* gravity, magnetic and flotation separators (sep_units.h) */
    &orf__unit_spiral,
    &orf__unit_shaking_table,
    &orf__unit_jig,
    &orf__unit_whims,
    &orf__unit_flotation_bank,
    /* chemistry and heat (chem_impl.h) */
    &orf__unit_reactor,
    &orf__unit_saf_ferrochrome,
    &orf__unit_aluminothermic,
};

size_t orf_unit_type_count(void)
{
    return sizeof REGISTRY / sizeof *REGISTRY;
}

const orf_unit_type *orf_unit_type_get(size_t i)
{
    return i < orf_unit_type_count() ? REGISTRY[i] : NULL;
}

const orf_unit_type *orf_unit_type_find(const char *name)
{
    for (size_t i = 0; i < orf_unit_type_count(); i++)
        if (!strcmp(REGISTRY[i]->name, name))
            return REGISTRY[i];
    return NULL;
}

int orf_unit_param_index(const orf_unit_type *t, const char *name)
{
    for (size_t i = 0; i < t->nparams; i++)
        if (!strcmp(t->params[i].name, name))
            return (int)i;
    return -1;
}

const orf_node *orf_unit_param_node(const orf_unit *u, const char *name)
{
    return orf_node_get(u->params_node, name);
}
