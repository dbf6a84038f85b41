/* Fuzz target: Monte Carlo settings (the uncertainty and economics sections): a short run of a few
 * samples on one thread. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char path[128];
    fuzz_write_tmp(data, size, ".yaml", path, sizeof path);
    orf_ctx *ctx = orf_ctx_alloc();
    if (ctx) {
        orf_mc_opts o;
        memset(&o, 0, sizeof o);
        o.n = 8;
        o.threads = 1;
        o.seed = 1;
        orf_mc_result res;
        memset(&res, 0, sizeof res);
        if (orf_mc_run(ctx, path, &o, &res) == ORF_OK) {
            FILE *null = fopen("/dev/null", "w");
            if (null) {
                orf_mc_print(&res, null);
                fclose(null);
            }
        }
        orf_mc_result_fini(&res);
    }
    orf_ctx_free(ctx);
    unlink(path);
    return 0;
}
