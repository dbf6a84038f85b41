/* Fuzz target: load, solve and evaluate the economics of a flowsheet, as `oreflow run` does, and
 * write the result as JSON. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char *text = fuzz_text(data, size);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    if (ctx && orf_flowsheet_load_string(ctx, "fuzz.yaml", text, &fs) == ORF_OK) {
        orf_econ *econ = NULL;
        if (orf_econ_load(ctx, fs, &econ) == ORF_OK) {
            orf_solver_opts o = orf_flowsheet_solver_opts(fs);
            if (o.max_iter > 200)
                o.max_iter = 200; /* bounded time per input */
            orf_flowsheet_set_solver_opts(fs, &o);
            orf_solve_info info;
            orf_status st = orf_flowsheet_solve(fs, &info);
            if (econ && st == ORF_OK)
                orf_econ_eval(econ);
            FILE *null = fopen("/dev/null", "w");
            if (null) {
                orf_result_write_json(fs, &info, null,
                                      econ && st == ORF_OK ? orf_econ_json_section : NULL, econ);
                fclose(null);
            }
            orf_econ_free(econ);
        }
        orf_flowsheet_free(fs);
    }
    orf_ctx_free(ctx);
    free(text);
    return 0;
}
