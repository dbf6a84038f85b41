/* Arena allocator: one lifetime, one free (STYLE.md "Memory"). Chunks double in size from 64 KiB
 * to 8 MiB, so a large document or flowsheet takes few of them; on Linux the 2 MiB-aligned
 * interior of a large chunk is offered to transparent huge pages (madvise), because loading a
 * flowsheet of 100,000 units spent most of its time faulting in 4 KiB pages (issue 15, finding 9).
 */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#endif
#include "base_impl.h"

#include <stdint.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define CHUNK_MIN ((size_t)64 << 10)
#define CHUNK_MAX ((size_t)8 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

static void advise_huge(unsigned char *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);
    if (size >= 2 * HUGE_PAGE && hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE); /* advice only: a refusal is harmless */
#else
    (void)p;
    (void)size;
#endif
}

void orf__arena_init(orf__arena *a, orf_ctx *ctx)
{
    a->ctx = ctx;
    a->head = NULL;
}

/* size bytes at the given alignment (a power of two, at most 16), not zeroed. A request larger
 * than the next chunk gets a chunk of its own, linked behind the current one so that the current
 * one's free space still serves the small requests that follow. */
static void *arena_take(orf__arena *a, size_t size, size_t align)
{
    orf__arena_chunk *c = a->head;
    size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
    if (!c || at > c->size || c->size - at < size) {
        size_t grow = !c ? CHUNK_MIN : c->size < CHUNK_MAX / 2 ? 2 * c->size : CHUNK_MAX;
        size_t cap = size > grow ? size : grow;
        if (cap > (size_t)-1 - sizeof *c)
            return NULL;
        orf__arena_chunk *nc = orf_malloc(a->ctx, sizeof *nc + cap);
        if (!nc)
            return NULL;
        advise_huge(nc->data, cap);
        nc->size = cap;
        nc->used = size;
        if (c && size > grow) {
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            a->head = nc;
        }
        return nc->data;
    }
    c->used = at + size;
    return c->data + at;
}

void *orf__arena_alloc(orf__arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (!size)
        size = 16;
    void *p = arena_take(a, size, 16);
    if (p)
        memset(p, 0, size);
    return p;
}

void *orf__arena_take(orf__arena *a, size_t size, size_t align)
{
    return arena_take(a, size ? size : 1, align);
}

char *orf__arena_strdup(orf__arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = arena_take(a, n, 1);
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
