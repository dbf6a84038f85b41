/* A program built against an installed oreflow only: its headers and `pkg-config --cflags --libs
 * oreflow` (tests/cli/install.sh builds and runs it). It checks the library's ABI against the
 * headers, loads and solves a flowsheet, checks the mass balance and evaluates the economics.
 *
 *   hello FLOWSHEET.yaml   prints "npv_usd <value>" (when the file has economics) and the balance
 */
#include <oreflow.h>
#include <oreflow/econ.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: hello FLOWSHEET.yaml\n", stderr);
        return 2;
    }
    char why[256];
    if (orf_version_check(why, sizeof why)) {
        fprintf(stderr, "hello: %s\n", why);
        return 1;
    }
    printf("liboreflow %s (%d, ABI %d) headers %s; data %s\n", orf_libversion(),
           orf_libversion_number(), orf_abi_version(), ORF_VERSION_STRING, orf_data_dir());
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return 3;
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load(ctx, argv[1], &fs);
    if (st == ORF_OK)
        st = orf_flowsheet_solve(fs, NULL);
    orf_balance bal;
    if (st == ORF_OK)
        st = orf_flowsheet_balance(fs, &bal);
    if (st != ORF_OK) {
        orf_ctx_print_diags(ctx, stderr);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
        return 1;
    }
    printf("flowsheet %s: %zu units, %zu streams; in %.6f t/h, out %.6f t/h, worst relative error "
           "%.3g\n",
           orf_flowsheet_name(fs), orf_flowsheet_unit_count(fs), orf_flowsheet_stream_count(fs),
           bal.overall_in_tph, bal.overall_out_tph, bal.max_relative_error);
    int rc = bal.max_relative_error <= 1e-9 ? 0 : 1;
    if (orf_flowsheet_section(fs, "economics")) {
        orf_econ *e = NULL;
        st = orf_econ_load(ctx, fs, &e);
        if (st == ORF_OK)
            st = orf_econ_eval(e);
        if (st == ORF_OK)
            printf("npv_usd %.17g\n", orf_econ_result_get(e)->npv_usd);
        else {
            orf_ctx_print_diags(ctx, stderr);
            rc = 1;
        }
        orf_econ_free(e);
    }
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return rc;
}
