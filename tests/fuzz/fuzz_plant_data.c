/* Fuzz target: plant data (measurements) for a fixed flowsheet, as CSV (an input that starts
 * with "stream," or "#") or YAML, then reconciled. */
#include "fuzz_common.h"

static orf_ctx *fctx;
static orf_flowsheet *ffs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    if (!ffs) {
        fctx = orf_ctx_alloc();
        if (!fctx ||
            orf_flowsheet_load(fctx, ORF_SOURCE_DIR "/examples/recycle/scavenger_loop.yaml",
                               &ffs) != ORF_OK)
            abort(); /* the harness's own flowsheet must load */
        orf_solve_info info;
        orf_flowsheet_solve(ffs, &info);
    }
    int csv = size > 0 && (data[0] == '#' || (size >= 7 && memcmp(data, "stream,", 7) == 0));
    char path[128];
    fuzz_write_tmp(data, size, csv ? ".csv" : ".yaml", path, sizeof path);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_plant_data *pd = NULL;
    if (ctx && orf_plant_data_load(ctx, ffs, path, &pd) == ORF_OK) {
        orf_recon_opts ro = {0, 0, 0.05}; /* as oreflow reconcile */
        orf_recon_info ri;
        if (orf_plant_reconcile(ctx, pd, &ro, &ri) == ORF_OK) {
            FILE *null = fopen("/dev/null", "w");
            if (null) {
                orf_plant_write_table(pd, null);
                fclose(null);
            }
        }
        orf_plant_data_free(pd);
    }
    orf_ctx_free(ctx);
    unlink(path);
    return 0;
}
