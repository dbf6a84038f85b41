/* oreflow — writing results: a streaming JSON writer, stream tables, CSV files, atomic files.
 *
 * Ownership: writers write to caller's FILE*; orf_atomic_* own their temp file until commit.
 */
#ifndef OREFLOW_OUTPUT_H
#define OREFLOW_OUTPUT_H

#include "common.h"
#include "flowsheet.h"
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CSV cells, the one writer of every CSV file: a text cell is quoted when it holds a comma, a
 * quote or a line break, and one beginning with '=', '+', '-', '@', a tab or a carriage return is
 * written as '"\'...' so that a spreadsheet shows it as text instead of running it as a formula
 * (OWASP CSV injection; a lone "-", dimensionless, stays as it is); NULL is an empty cell. A number
 * is a number ("%.*g" with `digits`, negative ones included); NaN and infinities are an empty cell.
 */
ORF_API void orf_csv_text(FILE *fp, const char *s);
ORF_API void orf_csv_number(FILE *fp, double v, int digits);

/* Atomic file, one path-level API for every output (text files and the workbook alike):
 * reserve a temporary PATH.tmp.XXXXXX beside PATH (same directory, so the rename is atomic; with
 * the permissions of an existing PATH, else 0644), write it — through `fp` after orf_atomic_open,
 * or by name (`tmp`) after orf_atomic_reserve for libraries that open files themselves — then
 * commit: flush, fsync, close, rename over PATH. abort (or a failed commit) removes the temporary
 * and leaves any old PATH as it was. The handle owns its names until commit or abort. Reserving
 * first removes PATH.tmp.XXXXXX files a killed run left (src/base/atomic.c says why that way). */
typedef struct orf_atomic {
    FILE *fp; /* open for writing after orf_atomic_open; NULL after orf_atomic_reserve */
    char *path;
    char *tmp; /* the temporary's name */
    orf_ctx *ctx;
} orf_atomic;
ORF_API orf_status orf_atomic_reserve(orf_ctx *ctx, orf_atomic *a, const char *path);
ORF_API orf_status orf_atomic_open(orf_ctx *ctx, orf_atomic *a, const char *path);
ORF_API orf_status orf_atomic_commit(orf_ctx *ctx, orf_atomic *a);
ORF_API void orf_atomic_abort(orf_atomic *a);
/* Make a directory and its parents (like mkdir -p). */
ORF_API orf_status orf_mkdir_p(orf_ctx *ctx, const char *dir);

/* Minimal streaming JSON writer with correct escaping, indentation, and numbers written with
 * 17 significant digits (round-trip); NaN/inf are written as null. */
typedef struct orf_json {
    FILE *fp;
    int depth;
    int first[64];
    int pretty;
    int after_key;
} orf_json;
ORF_API void orf_json_init(orf_json *j, FILE *fp, int pretty);
ORF_API void orf_json_begin_object(orf_json *j);
ORF_API void orf_json_end_object(orf_json *j);
ORF_API void orf_json_begin_array(orf_json *j);
ORF_API void orf_json_end_array(orf_json *j);
ORF_API void orf_json_key(orf_json *j, const char *key);
ORF_API void orf_json_string(orf_json *j, const char *s);
ORF_API void orf_json_number(orf_json *j, double v);
ORF_API void orf_json_int(orf_json *j, long v);
ORF_API void orf_json_bool(orf_json *j, int v);
ORF_API void orf_json_null(orf_json *j);
ORF_API void orf_json_end(orf_json *j); /* final newline */
/* Object members in one call: `"key": value`. A NULL string and a non-finite number are null;
 * orf_json_key_numbers writes an array of the n values of v. */
ORF_API void orf_json_key_number(orf_json *j, const char *key, double v);
ORF_API void orf_json_key_string(orf_json *j, const char *key, const char *s);
ORF_API void orf_json_key_numbers(orf_json *j, const char *key, const double *v, size_t n);

/* Extension point: sections that other modules (economics, reconciliation) add to the run's
 * JSON. Called inside the top-level object; write key + value. */
typedef void (*orf_json_section_fn)(void *ud, orf_json *j);

/* Write the full run result as JSON (schema in docs/json.md). `extra` may be NULL. */
ORF_API void orf_result_write_json(const orf_flowsheet *fs, const orf_solve_info *info, FILE *fp,
                                   orf_json_section_fn extra, void *extra_ud);
/* The number at a dotted path of the run's JSON ("economics.npv_usd", "streams.conc.pct_solids",
 * "units.bank.recovery_pct", "tears.0.residual"; null reads as NaN), for each of n paths, into
 * out[n] (src/io/result_path.c). "streams.NAME.assay.X" is any assay the stream can compute. 0
 * when every path was found, -1 when some were not (their out NaN), -2 out of memory. */
ORF_API int orf_result_lookup(const orf_flowsheet *fs, const orf_solve_info *info,
                              orf_json_section_fn extra, void *extra_ud, size_t n,
                              const char *const *paths, double *out);
/* Write the human stream table and unit summary to fp (colour off). */
ORF_API void orf_result_write_table(const orf_flowsheet *fs, const orf_solve_info *info, FILE *fp);
/* Write streams.csv, units.csv, balance.csv (and sizes.csv) into dir, atomically. */
ORF_API orf_status orf_result_write_csv(orf_ctx *ctx, const orf_flowsheet *fs, const char *dir);

#ifdef __cplusplus
}
#endif
#endif
