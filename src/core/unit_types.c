/* The context's registry of unit types (unit.h): types are handed to the core from outside
 * (the built-in list by src/units/units_init.c, Lua's linit.c) and checked once here, so that the
 * loader can trust every descriptor it finds. Also the helpers the core gives unit types. */
#include "core_impl.h"

#include <stdio.h>
#include <string.h>

typedef struct orf__unit_types {
    size_t n, cap;
    const orf_unit_type *source; /* the ORF_UNIT_SOURCE type or NULL */
    const orf_unit_type *t[];
} orf__unit_types;

size_t orf_unit_types_count(const orf_ctx *ctx)
{
    return ctx->unit_types ? ctx->unit_types->n : 0;
}

const orf_unit_type *orf_unit_types_get(const orf_ctx *ctx, size_t i)
{
    return i < orf_unit_types_count(ctx) ? ctx->unit_types->t[i] : NULL;
}

const orf_unit_type *orf_unit_types_find(const orf_ctx *ctx, const char *name)
{
    for (size_t i = 0; name && i < orf_unit_types_count(ctx); i++)
        if (!strcmp(ctx->unit_types->t[i]->name, name))
            return ctx->unit_types->t[i];
    return NULL;
}

const orf_unit_type *orf_unit_types_source(const orf_ctx *ctx)
{
    return ctx->unit_types ? ctx->unit_types->source : NULL;
}

/* The reason descriptor t cannot be registered, or NULL when it can (but for its name being
 * taken). abi and name are the first two fields in every ABI, so they can be read first. */
static const char *refusal(const orf_unit_type *t, char *buf, size_t len)
{
    if (!t)
        return "the descriptor is NULL";
    if (t->abi != ORF_UNIT_ABI) {
        snprintf(buf, len, "it was built for unit ABI %d; this oreflow takes ABI %d", t->abi,
                 ORF_UNIT_ABI);
        return buf;
    }
    if (!t->name || !*t->name)
        return "it has no name";
    if (!t->compute)
        return "it has no compute function";
    if ((t->ninlets == ORF_PORTS_VARIADIC && (!t->inlets || !t->inlets[0] || t->min_inlets < 1)) ||
        (t->noutlets == ORF_PORTS_VARIADIC &&
         (!t->outlets || !t->outlets[0] || t->min_outlets < 1)))
        return "a variadic port needs a port name and min_inlets/min_outlets of at least 1";
    if ((t->ninlets && t->ninlets != ORF_PORTS_VARIADIC && !t->inlets) ||
        (t->noutlets && t->noutlets != ORF_PORTS_VARIADIC && !t->outlets))
        return "its ports have no names";
    if (t->nparams && !t->params)
        return "its parameter table is missing";
    if (t->nresults && !t->results)
        return "its result table is missing";
    if (t->teardown && !t->state_size)
        return "it has a teardown but no state (state_size 0)";
    if ((t->flags & ORF_UNIT_SOURCE) && (t->ninlets != 0 || t->noutlets != 1))
        return "a source type takes no inlet and has one outlet";
    return NULL;
}

orf_status orf_unit_types_register(orf_ctx *ctx, const orf_unit_type *const *types, size_t n)
{
    orf__unit_types *r = ctx->unit_types;
    size_t have = r ? r->n : 0;
    if (n > ((size_t)-1 - sizeof *r) / sizeof r->t[0] - have)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    if (!r || have + n > r->cap) {
        size_t cap = r && r->cap ? r->cap : 16;
        while (cap < have + n)
            cap *= 2;
        orf__unit_types *g = orf_realloc(ctx, r, sizeof *g + cap * sizeof g->t[0]);
        if (!g)
            return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        if (!r) {
            g->n = 0;
            g->source = NULL;
        }
        g->cap = cap;
        ctx->unit_types = r = g;
    }
    orf_status st = ORF_OK;
    for (size_t i = 0; i < n; i++) {
        const orf_unit_type *t = types[i];
        char buf[160];
        const char *why = refusal(t, buf, sizeof buf);
        if (!why && orf_unit_types_find(ctx, t->name))
            why = "a type of that name is already registered";
        if (!why && (t->flags & ORF_UNIT_SOURCE) && r->source) {
            snprintf(buf, sizeof buf, "'%s' is already the source type (only one may be)",
                     r->source->name);
            why = buf;
        }
        if (why) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "unit type '%s' is refused: %s",
                               t && t->name ? t->name : "?", why);
            continue;
        }
        r->t[r->n++] = t;
        if (t->flags & ORF_UNIT_SOURCE)
            r->source = t;
    }
    return st;
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

void *orf_unit_alloc(orf_unit *u, size_t n, size_t size)
{
    if (!u->arena || (size && n > (size_t)-1 / size))
        return NULL;
    return orf__arena_alloc(u->arena, (n ? n : 1) * size);
}

orf_ctx *orf_ctx_alloc_like(const orf_ctx *parent)
{
    orf_ctx *ctx = orf_ctx_alloc_bare(parent->alloc, parent->alloc_ud);
    const orf__unit_types *r = parent->unit_types;
    if (ctx && ((r && r->n && orf_unit_types_register(ctx, r->t, r->n) != ORF_OK) ||
                orf__input_copy_pinned(ctx, parent) != ORF_OK)) {
        orf_ctx_free(ctx);
        return NULL;
    }
    if (ctx)
        ctx->stop = parent->stop;
    return ctx;
}
