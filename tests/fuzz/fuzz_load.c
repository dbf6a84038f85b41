/* Fuzz target: load a flowsheet (YAML parse, document tree, validation, diagnostics). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char *text = fuzz_text(data, size);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    if (ctx && orf_flowsheet_load_string(ctx, "fuzz.yaml", text, &fs) == ORF_OK)
        orf_flowsheet_free(fs);
    if (ctx) {
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            orf_ctx_print_diags(ctx, null); /* source lines and carets of every diagnostic */
            fclose(null);
        }
    }
    orf_ctx_free(ctx);
    free(text);
    return 0;
}
