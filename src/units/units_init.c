/* The built-in unit types handed to the core (Lua's linit.c): the rows of units.def registered in
 * a context, and the public constructors that give a context with them. The core's own
 * constructor, orf_ctx_alloc_bare, knows no unit type: the list comes from this floor, never
 * fetched by the core. */
#include "units_impl.h"

static const orf_unit_type *const BUILTIN[] = {
#define ORF_UNIT(name) &orf_unit_##name,
#include "units.def"
#undef ORF_UNIT
};

orf_status orf_unit_types_open(orf_ctx *ctx)
{
    return orf_unit_types_register(ctx, BUILTIN, sizeof BUILTIN / sizeof *BUILTIN);
}

orf_ctx *orf_ctx_alloc_with(orf_alloc_fn fn, void *ud)
{
    orf_ctx *ctx = orf_ctx_alloc_bare(fn, ud);
    if (ctx && orf_unit_types_open(ctx)) {
        orf_ctx_free(ctx);
        return NULL;
    }
    return ctx;
}

orf_ctx *orf_ctx_alloc(void)
{
    return orf_ctx_alloc_with(NULL, NULL);
}
