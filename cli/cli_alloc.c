/* The CLI's contexts and, in the test build only, their allocation-failure injector (STYLE.md,
 * "Memory": Lua's ltests.c, SQLite's fault injection). With ORF_FAULT_INJECTION compiled in (the
 * sanitizer build that `make test` runs; never a release build), ORF_FAIL_ALLOC_AT=N refuses the
 * Nth allocation made through any context of this process (1-based; frees are not counted) and
 * ORF_ALLOC_COUNT=1 prints at exit how many allocations were made (tests/cli/alloc_faults.sh). */
#include "cli.h"

#include <stdlib.h>

#ifdef ORF_FAULT_INJECTION
#include <stdatomic.h>
#include <stdio.h>

static atomic_ulong n_alloc; /* Monte Carlo workers allocate from several threads */
static unsigned long fail_at;

static void *inject_alloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    unsigned long n = atomic_fetch_add(&n_alloc, 1) + 1;
    if (fail_at && n == fail_at)
        return NULL;
    return realloc(ptr, size);
}

static void print_count(void)
{
    fprintf(stderr, "oreflow: %lu allocations\n", (unsigned long)atomic_load(&n_alloc));
}

orf_ctx *orf_cli_ctx_alloc(void)
{
    static int init;
    if (!init) {
        init = 1;
        const char *at = getenv("ORF_FAIL_ALLOC_AT");
        fail_at = at ? strtoul(at, NULL, 10) : 0;
        const char *count = getenv("ORF_ALLOC_COUNT");
        if (count && *count && *count != '0')
            atexit(print_count);
    }
    return orf_ctx_alloc_with(inject_alloc, NULL);
}
#else
orf_ctx *orf_cli_ctx_alloc(void)
{
    return orf_ctx_alloc();
}
#endif
