/* oreflow — command-line entry point: dispatch to one cmd_<verb>.c per command. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
} command;

static const command COMMANDS[] = {
    {"run", orf_cmd_run,
     "run FILE [--json] [--csv DIR] [--report DIR] [--xlsx FILE] [--quiet]\n"
     "                                           solve a flowsheet; stream table, JSON, CSV,\n"
     "                                           HTML report, Excel workbook"},
    {"check", orf_cmd_check, "check FILE                               validate a flowsheet only"},
    {"report", orf_cmd_report,
     "report RESULT.json [DIR] [--xlsx FILE] [--mc F] [--sensitivity F] [--reconciliation F]\n"
     "                                           HTML report / Excel workbook of a saved --json\n"
     "                                           result, with saved mc/sensitivity/reconcile JSON"},
    {"units", orf_cmd_units,
     "units [TYPE]                             unit types, parameters, units of measure"},
    {"mc", orf_cmd_mc, "mc FILE -n N [-j T] [--seed S] [--json] [--csv F]  Monte Carlo of NPV/IRR"},
    {"sensitivity", orf_cmd_sensitivity,
     "sensitivity FILE [--json]                 NPV tornado (P10/P90 swings)"},
    {"reconcile", orf_cmd_reconcile,
     "reconcile FILE DATA [--json F] [--csv F]  reconcile plant data on the flowsheet "
     "(docs/reconcile.md)"},
    {"calibrate", orf_cmd_calibrate,
     "calibrate FILE DATA --fit UNIT.PARAM [--out F]   fit unit parameters to reconciled data"},
    {"survey", orf_cmd_survey,
     "survey FILE PLAN [--seed N] [--exact] [--out F]   synthetic plant survey from a simulation"},
    {"twoproduct", orf_cmd_twoproduct,
     "twoproduct --feed F --conc C --tail T [--sd SF,SC,ST]   mass split and recovery of a node"},
    {"threeproduct", orf_cmd_threeproduct,
     "threeproduct --feed A,B --conc1 A,B --conc2 A,B --tail A,B [--sd ...]   three-product "
     "formula"},
};

static void usage(FILE *fp)
{
    fputs("oreflow " ORF_VERSION_STRING " — simulator of mineral deep-processing chains\n\n"
          "usage: oreflow COMMAND [ARGS]\n\ncommands:\n",
          fp);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(fp, "  oreflow %s\n", COMMANDS[i].usage);
    fputs("\n  oreflow --help | --version\n\n"
          "exit codes: 0 ok, 1 run failed (e.g. not converged), 2 bad input\n"
          "docs: docs/format.md (flowsheet files), docs/json.md (results), docs/models.md\n",
          fp);
}

int orf_cli_exit_code(orf_status st)
{
    if (st == ORF_OK)
        return ORF_EXIT_OK;
    /* ORF_E_IO is a file the user named that cannot be read or written: bad input (2) */
    if (st == ORF_E_NOT_CONVERGED || st == ORF_E_SPEC || st == ORF_E_NUMERIC || st == ORF_E_NOMEM ||
        st == ORF_E_INTERNAL)
        return ORF_EXIT_FAILED;
    return ORF_EXIT_INPUT;
}

int orf_cli_fail(orf_ctx *ctx, orf_status st)
{
    orf_ctx_print_diags(ctx, stderr);
    /* a flowsheet that cannot be read is bad input (2), as grep and jq treat a missing file */
    return st == ORF_E_IO ? ORF_EXIT_INPUT : orf_cli_exit_code(st);
}

int orf_cli_fail_free(orf_ctx *ctx, orf_status st)
{
    int rc = orf_cli_fail(ctx, st);
    orf_ctx_free(ctx);
    return rc;
}

int orf_cli_load(const char *file, orf_ctx **ctx, orf_flowsheet **fs)
{
    *fs = NULL;
    *ctx = orf_ctx_alloc();
    if (!*ctx)
        return ORF_EXIT_FAILED;
    orf_status st = orf_flowsheet_load(*ctx, file, fs);
    if (!st)
        return ORF_EXIT_OK;
    int rc = orf_cli_fail_free(*ctx, st);
    *ctx = NULL;
    return rc;
}

int orf_cli_operand(const char *verb, const char *arg, const char **file)
{
    if (arg[0] == '-' && arg[1]) {
        fprintf(stderr, "oreflow %s: unknown or incomplete option '%s'\n", verb, arg);
        return -1;
    }
    if (*file) {
        fprintf(stderr, "oreflow %s: more than one file given ('%s')\n", verb, arg);
        return -1;
    }
    *file = arg;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return ORF_EXIT_INPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return ORF_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("oreflow %s\n", ORF_VERSION_STRING);
        return ORF_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (!strcmp(argv[1], COMMANDS[i].name))
            return COMMANDS[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "oreflow: unknown command '%s'", argv[1]);
    size_t best = (size_t)-1;
    const char *bestname = NULL;
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
        size_t d = orf_edit_distance(argv[1], COMMANDS[i].name);
        if (d < best) {
            best = d;
            bestname = COMMANDS[i].name;
        }
    }
    if (bestname && best <= 2)
        fprintf(stderr, " (did you mean '%s'?)", bestname);
    fputs("\n\n", stderr);
    usage(stderr);
    return ORF_EXIT_INPUT;
}
