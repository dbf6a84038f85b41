/* Arena allocator: one lifetime, one free (STYLE.md "Memory"). */
#include "base_impl.h"

#include <string.h>

void orf__arena_init(orf__arena *a, orf_ctx *ctx)
{
    a->ctx = ctx;
    a->head = NULL;
}

void *orf__arena_alloc(orf__arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (!size)
        size = 16;
    orf__arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > 65536 ? size : 65536;
        c = orf_malloc(a->ctx, sizeof *c + cap);
        if (!c)
            return NULL;
        c->size = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *orf__arena_strdup(orf__arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = orf__arena_alloc(a, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void orf__arena_fini(orf__arena *a)
{
    orf__arena_chunk *c = a->head;
    while (c) {
        orf__arena_chunk *next = c->next;
        orf_free(a->ctx, c);
        c = next;
    }
    a->head = NULL;
}
