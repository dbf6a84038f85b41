/* oreflow — common types: status codes, the context, located diagnostics.
 *
 * Ownership: an orf_ctx owns every diagnostic emitted through it; strings returned by
 * orf_ctx_* getters are borrowed and live until orf_ctx_free or orf_ctx_clear_diags.
 * Thread safety: a context is used by one thread at a time; Monte Carlo workers own one each.
 */
#ifndef OREFLOW_COMMON_H
#define OREFLOW_COMMON_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ORF_VERSION_MAJOR 0
#define ORF_VERSION_MINOR 1
#define ORF_VERSION_PATCH 0
#define ORF_VERSION_STRING "0.1.0"
/* The version as one number, MAJOR * 1000000 + MINOR * 1000 + PATCH (SQLite's
 * SQLITE_VERSION_NUMBER): compare it with orf_libversion_number() of the library linked. */
#define ORF_VERSION_NUMBER                                                                         \
    (ORF_VERSION_MAJOR * 1000000 + ORF_VERSION_MINOR * 1000 + ORF_VERSION_PATCH)
/* The ABI version: the shared library's SONAME is liboreflow.so.ORF_ABI_VERSION. It changes with
 * every change that breaks programs built against older headers (docs/install.md "Versions"). */
#define ORF_ABI_VERSION 0

/* Every public function is declared ORF_API: the shared library exports it and nothing else
 * (the library is built with -fvisibility=hidden; scripts/public-api.py checks the headers and
 * the exported symbols). */
#if defined(__GNUC__) || defined(__clang__)
#define ORF_API __attribute__((visibility("default")))
#else
#define ORF_API
#endif

/* Status codes: 0 ok, negative error, positive warning (SUNDIALS/SQLite style).
 * X-macro so that enum, names and messages never drift apart. */
#define ORF_STATUS_LIST(X)                                                                         \
    X(ORF_OK, 0, "ok")                                                                             \
    X(ORF_W_NOT_CONVERGED, 1, "solver did not converge")                                           \
    X(ORF_E_NOMEM, -1, "out of memory")                                                            \
    X(ORF_E_IO, -2, "input/output error")                                                          \
    X(ORF_E_SYNTAX, -3, "syntax error")                                                            \
    X(ORF_E_INPUT, -4, "invalid input")                                                            \
    X(ORF_E_UNKNOWN_NAME, -5, "unknown name")                                                      \
    X(ORF_E_TOPOLOGY, -6, "invalid flowsheet topology")                                            \
    X(ORF_E_RANGE, -7, "value out of range")                                                       \
    X(ORF_E_NUMERIC, -8, "numerical failure")                                                      \
    X(ORF_E_NOT_CONVERGED, -9, "solver did not converge")                                          \
    X(ORF_E_SPEC, -10, "design specification cannot be met")                                       \
    X(ORF_E_INTERNAL, -11, "internal error")                                                       \
    X(ORF_E_STOPPED, -12, "stopped by request")

typedef enum {
#define ORF_X_ENUM(name, value, msg) name = value,
    ORF_STATUS_LIST(ORF_X_ENUM)
#undef ORF_X_ENUM
} orf_status_code;

typedef int orf_status;

/* Name of a status code ("ORF_E_INPUT"); never NULL. */
ORF_API const char *orf_status_name(orf_status s);
/* Human message for a status code; never NULL. */
ORF_API const char *orf_status_message(orf_status s);

/* A source location: 1-based line and column in a named file; line 0 means "no location". */
typedef struct orf_loc {
    const char *file; /* borrowed: interned in the context, lives as long as it */
    int line;
    int col;
} orf_loc;

typedef enum { ORF_SEV_ERROR = 0, ORF_SEV_WARNING = 1, ORF_SEV_NOTE = 2 } orf_severity;

typedef struct orf_diag {
    orf_severity severity;
    orf_status code;
    orf_loc loc;
    const char *object; /* unit or stream name, or NULL */
    const char *message;
    const char *hint; /* "did you mean 'x'?" or NULL */
} orf_diag;

typedef struct orf_ctx orf_ctx;

/* Allocator hook: one for the whole library (Lua's lua_Alloc). Called with size 0 to free;
 * otherwise as realloc (ptr NULL for a new block), returning NULL to refuse. Every allocation of
 * the library's own code goes through it (GSL's objects do not: GSL calls malloc itself).
 * Thread safety: the hook must be safe to call from several threads at once with the same `ud`:
 * Monte Carlo workers (orf_mc_run) each allocate through a context of their own made with the
 * caller's hook and `ud`. */
typedef void *(*orf_alloc_fn)(void *ud, void *ptr, size_t size);

/* Create a context that knows the built-in unit types (unit.h: orf_unit_types_open). Returns
 * NULL only when memory is exhausted. */
ORF_API orf_ctx *orf_ctx_alloc(void);
/* The same with a custom allocator (fault injection in tests). */
ORF_API orf_ctx *orf_ctx_alloc_with(orf_alloc_fn fn, void *ud);
/* A context that knows no unit types yet (Lua's lua_newstate): register them with
 * orf_unit_types_register or orf_unit_types_open. fn NULL: the C library's allocator. */
ORF_API orf_ctx *orf_ctx_alloc_bare(orf_alloc_fn fn, void *ud);
ORF_API void orf_ctx_free(orf_ctx *ctx);
/* The most bytes one input file may hold (0: the default, ORF_MAX_INPUT_BYTES from the
 * environment, else ORF_MAX_INPUT_DEFAULT). A larger file is an input error, found before it is
 * read when its size is known (regular files), else as soon as the limit is passed (pipes,
 * devices). */
#define ORF_MAX_INPUT_DEFAULT ((size_t)64 << 20)
ORF_API void orf_ctx_set_max_input_bytes(orf_ctx *ctx, size_t n);
ORF_API size_t orf_ctx_max_input_bytes(const orf_ctx *ctx);
/* Read a whole input file, capped at orf_ctx_max_input_bytes: the one place input files are read
 * (orf_doc_load uses it). The text (NUL-terminated, *len bytes) is owned by the context and lives
 * until orf_ctx_free or the next read of the same path; diagnostics print source lines from it. */
ORF_API orf_status orf_input_read(orf_ctx *ctx, const char *path, const char **text, size_t *len);
/* Give the text of the input file `path` (len bytes, copied): every later orf_input_read of that
 * same path string through this context, and through contexts made from it by
 * orf_ctx_alloc_like (Monte Carlo workers), returns this text instead of reading the file, so a
 * flowsheet being edited (`oreflow serve`) is loaded, checked and run from memory while its
 * relative paths (materials_db, data files) still resolve against its folder. A second call for
 * the same path replaces the text. ORF_E_INPUT when len passes orf_ctx_max_input_bytes,
 * ORF_E_NOMEM. */
ORF_API orf_status orf_input_set_text(orf_ctx *ctx, const char *path, const char *text, size_t len);
/* The text last read from `file` through this context (borrowed, as above), or NULL. */
ORF_API const char *orf_input_text(const orf_ctx *ctx, const char *file, size_t *len);

/* The one choke point for diagnostics. Formats a message, records it on the context and returns
 * `code` (so callers write `return orf_diag_emit(...)`). `loc` may be NULL; `object` may be NULL.
 */
ORF_API orf_status orf_diag_emit(orf_ctx *ctx, orf_status code, const orf_loc *loc,
                                 const char *object, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Same as orf_diag_emit, but a warning (does not count as an error). */
ORF_API void orf_diag_warn(orf_ctx *ctx, const orf_loc *loc, const char *object, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));
/* Attach a "did you mean" hint to the last diagnostic: picks the candidate nearest to `given`
 * (Damerau–Levenshtein) among the NULL-terminated `candidates`, if it is near enough. */
ORF_API void orf_diag_hint_nearest(orf_ctx *ctx, const char *given, const char *const *candidates,
                                   size_t ncand);

ORF_API size_t orf_ctx_diag_count(const orf_ctx *ctx);
ORF_API size_t orf_ctx_error_count(const orf_ctx *ctx);
ORF_API const orf_diag *orf_ctx_diag_get(const orf_ctx *ctx, size_t i);
ORF_API void orf_ctx_clear_diags(orf_ctx *ctx);
/* Print diagnostics GNU style (file:line:col: error: msg), then the source line and a caret when
 * the file was read through this context (from the text read then: a file is never read twice). */
ORF_API void orf_ctx_print_diags(const orf_ctx *ctx, FILE *fp);

/* A flag that asks work done through this context to stop (`oreflow serve` cancels a job or ends
 * a request past its time limit with it): while *stop is non-zero, a solve stops before its next
 * unit evaluation with ORF_E_STOPPED (and a diagnostic), orf_mc_run stops taking samples and
 * returns ORF_E_STOPPED, and so does orf_sensitivity_run. Contexts made by orf_ctx_alloc_like share
 * the parent's flag. The flag is borrowed and must outlive the context; NULL (the default) clears
 * it. Set it from any thread or a signal handler. */
ORF_API void orf_ctx_set_stop(orf_ctx *ctx, volatile sig_atomic_t *stop);
/* 1 when the context's stop flag is set. */
ORF_API int orf_ctx_stopped(const orf_ctx *ctx);

/* Intern a string in the context (lives until orf_ctx_free). NULL on out of memory. */
ORF_API const char *orf_ctx_strdup(orf_ctx *ctx, const char *s);

/* Memory through the context's allocator. */
ORF_API void *orf_malloc(orf_ctx *ctx, size_t size);
ORF_API void *orf_calloc(orf_ctx *ctx, size_t n, size_t size);
ORF_API void *orf_realloc(orf_ctx *ctx, void *p, size_t size);
ORF_API void orf_free(orf_ctx *ctx, void *p);

/* Edit distance used for "did you mean" (exported for tests). */
ORF_API size_t orf_edit_distance(const char *a, const char *b);

/* The version of the library linked (not of the headers compiled against): "0.1.0", the number
 * ORF_VERSION_NUMBER had when it was built, its ABI version, and the source it was built from
 * (`git describe` at configure time, "unknown" outside a git checkout). Borrowed, static. A
 * program checks that orf_abi_version() == ORF_ABI_VERSION (orf_version_check does). */
ORF_API const char *orf_libversion(void);
ORF_API int orf_libversion_number(void);
ORF_API int orf_abi_version(void);
ORF_API const char *orf_sourceid(void);
/* 0 when the library linked serves programs built against these headers: same ABI version, and
 * a library at least as new as the headers. Else -1 and a message into `msg` (size `n`). */
static inline int orf_version_check(char *msg, size_t n)
{
    int lib = orf_libversion_number();
    if (orf_abi_version() == ORF_ABI_VERSION && lib >= ORF_VERSION_NUMBER)
        return 0;
    snprintf(msg, n,
             "liboreflow %s (ABI %d) does not serve a program built against its "
             "headers " ORF_VERSION_STRING " (ABI %d)",
             orf_libversion(), orf_abi_version(), ORF_ABI_VERSION);
    return -1;
}

/* Directory of data files (materials.yaml, thermo.yaml): $ORF_DATA_DIR; else share/oreflow/data
 * of an installation, found relative to the library (liboreflow.so) or to the program (for a
 * static link), then the installation prefix configured; else the source tree's data/ (a build
 * tree). Borrowed, static (found once per process). */
ORF_API const char *orf_data_dir(void);

#ifdef __cplusplus
}
#endif
#endif
