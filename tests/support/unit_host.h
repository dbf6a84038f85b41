/* A unit set up outside a flowsheet, for the unit-type tests' fixtures: what the core gives a
 * unit in a flowsheet (src/core/load_units.c) — its state, state_size bytes zeroed from an arena,
 * and that arena for orf_unit_alloc — and what orf_flowsheet_free does (teardown, then the arena
 * freed at once). */
#ifndef UNIT_HOST_H
#define UNIT_HOST_H

#include "core/core_impl.h"
#include "oreflow/unit.h"

typedef struct unit_host {
    orf__arena arena;
    int open;
} unit_host;

/* (Re)set up u: a previous setup's external resources are released first. */
static inline orf_status unit_host_setup(unit_host *h, orf_unit *u, orf_ctx *ctx)
{
    if (!h->open) {
        orf__arena_init(&h->arena, ctx);
        h->open = 1;
    }
    if (u->state && u->type->teardown)
        u->type->teardown(u, ctx);
    u->arena = &h->arena;
    u->state = NULL;
    if (u->type->state_size && !(u->state = orf__arena_alloc(&h->arena, u->type->state_size)))
        return ORF_E_NOMEM;
    return u->type->setup ? u->type->setup(u, ctx) : ORF_OK;
}

static inline void unit_host_fini(unit_host *h, orf_unit *u, orf_ctx *ctx)
{
    if (u->type && u->state && u->type->teardown)
        u->type->teardown(u, ctx);
    u->state = NULL;
    if (h->open)
        orf__arena_fini(&h->arena);
    h->open = 0;
}

#endif
