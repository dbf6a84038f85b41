/* oreflow — command-line entry point: dispatch to one cmd_<verb>.c per command. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#ifndef ORF_SOURCE_ID
#define ORF_SOURCE_ID "unknown" /* `git describe` at configure time (CMakeLists.txt) */
#endif

typedef struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *usage;
    const char *help; /* `oreflow COMMAND --help`: what it does and its options */
} command;

static const command COMMANDS[] = {
    {"run", orf_cmd_run,
     "run FILE [--json] [--csv DIR] [--report DIR] [--xlsx FILE] [--quiet]\n"
     "                                           solve a flowsheet; stream table, JSON, CSV,\n"
     "                                           HTML report, Excel workbook",
     "solve a flowsheet file and print the stream table, unit results, design specs, products and\n"
     "mass balance (exit 1 when a loop does not converge or a design spec cannot be met)\n\n"
     "options:\n"
     "  --json        print the result as JSON (docs/json.md) instead of the table\n"
     "  --csv DIR     also write streams.csv, units.csv (and economics.csv) into DIR\n"
     "  --report DIR  also write the HTML report DIR/report.html (docs/reports.md)\n"
     "  --xlsx FILE   also write the Excel workbook FILE\n"
     "  --quiet, -q   print nothing but diagnostics\n"},
    {"check", orf_cmd_check, "check FILE                               validate a flowsheet only",
     "load and validate a flowsheet file without solving it: every located error, or a one-line\n"
     "summary (units, streams, materials, classes)\n\n"
     "options: none\n"},
    {"report", orf_cmd_report,
     "report RESULT.json [DIR] [--xlsx FILE] [--mc F] [--sensitivity F] [--reconciliation F]\n"
     "                                           HTML report / Excel workbook of a saved --json\n"
     "                                           result, with saved mc/sensitivity/reconcile JSON",
     "write the HTML report and/or Excel workbook of a result saved with `oreflow run FILE "
     "--json`\n(or the page of a saved `oreflow scenarios|portfolio --json`)\n\n"
     "options:\n"
     "  DIR                   write DIR/report.html\n"
     "  --xlsx FILE           write the Excel workbook FILE\n"
     "  --mc F                add the Monte Carlo JSON of `oreflow mc --json`\n"
     "  --sensitivity F       add the JSON of `oreflow sensitivity --json`\n"
     "  --reconciliation F    add the JSON of `oreflow reconcile --json`\n"
     "  --scenarios F         add the JSON of `oreflow scenarios --json`\n"
     "  --portfolio F         add the JSON of `oreflow portfolio --json`\n"},
    {"units", orf_cmd_units,
     "units [TYPE]                             unit types, parameters, units of measure",
     "list the unit types, or show one TYPE: its ports, parameters (units of measure, ranges,\n"
     "defaults), results and published source\n\n"
     "options: none\n"},
    {"mc", orf_cmd_mc, "mc FILE -n N [-j T] [--seed S] [--json] [--csv F]  Monte Carlo of NPV/IRR",
     "Monte Carlo of the project economics over the file's `uncertainty:` section: NPV and IRR\n"
     "percentiles\n\n"
     "options:\n"
     "  -n, --samples N    number of samples\n"
     "  -j, --threads T    worker threads\n"
     "  --seed S           random seed (non-negative integer; same seed, same result)\n"
     "  --json             print the result as JSON\n"
     "  --csv FILE         write every sample to FILE\n"},
    {"sensitivity", orf_cmd_sensitivity,
     "sensitivity FILE [--json]                 NPV tornado (P10/P90 swings)",
     "one-at-a-time sensitivity of NPV: each uncertain parameter at its P10 and P90, the others "
     "at\n"
     "their base values, sorted by swing (tornado)\n\n"
     "options:\n"
     "  --json    print the result as JSON\n"},
    {"scenarios", orf_cmd_scenarios,
     "scenarios FILE [SCEN.yaml] [--json] [--report DIR]  scenarios side by side",
     "solve the base case and each scenario of the file's `scenarios:` section (and of the file\n"
     "SCEN.yaml) and compare NPV, IRR, payback, CAPEX, revenue, taxes, value added and jobs\n\n"
     "options:\n"
     "  --json          print the result as JSON\n"
     "  --report DIR    write DIR/report.html (table and NPV chart)\n"},
    {"portfolio", orf_cmd_portfolio,
     "portfolio A.yaml B.yaml ... [--json] [--report DIR]  projects summed per year",
     "solve and evaluate each project and sum value added, jobs, taxes, exports, CAPEX and net\n"
     "cash flow per calendar year\n\n"
     "options:\n"
     "  --json          print the result as JSON\n"
     "  --report DIR    write DIR/report.html (tables and stacked charts per year)\n"},
    {"optimize", orf_cmd_optimize,
     "optimize FILE [--spec F] [--method M] [-j N] [--json OUT] [--write-optimum F]  design "
     "optimisation",
     "maximise or minimise a result of the flowsheet over its parameters under constraints\n"
     "(the `optimize:` section, docs/optimize.md); Ctrl-C stops and keeps the best point;\n"
     "under mpirun the evaluations spread over the ranks (docs/cluster.md), same result\n\n"
     "options:\n"
     "  --spec FILE            take the `optimize:` section from FILE\n"
     "  --method M             cobyla (default), slsqp, global (multi-start) or isres\n"
     "  -j, --threads N        spread the evaluations over N threads (same result)\n"
     "  --json OUT             write the result as JSON to OUT (- for standard output)\n"
     "  --report DIR           write DIR/report.html (variables, constraints, Pareto front)\n"
     "  --write-optimum F      write the flowsheet with the optimum's values to F\n"
     "  --overwrite            allow F to be the input file\n"},
    {"serve", orf_cmd_serve,
     "serve [FILE|DIR] [--port N] [--bind ADDR] [--token T]   the workbench in the browser",
     "serve the workbench (docs/workbench.md): a local web page to edit, solve and compare\n"
     "flowsheets, over a JSON API (docs/serve.md). Serves DIR, or FILE's folder with FILE opened;\n"
     "only files under it can be read or written. Prints the address, then serves until\n"
     "interrupted (Ctrl-C)\n\n"
     "options:\n"
     "  --port N        port (default 8765; 0: any free port)\n"
     "  --bind ADDR     address to listen on (default 127.0.0.1, this machine only); any other\n"
     "                  needs a token\n"
     "  --token T       require `Authorization: Bearer T` on every API request (generated and\n"
     "                  printed when --bind is not loopback and none is given)\n"
     "  --time-limit S  seconds a request may take (default 30; Monte Carlo and optimisation run\n"
     "                  as jobs, without a limit)\n"
     "  --web-dir DIR   serve the page's files from DIR instead of those built in (development)\n"
     "  --quiet, -q     print nothing but the address and errors\n"},
    {"reconcile", orf_cmd_reconcile,
     "reconcile FILE DATA [--json F] [--csv F]  reconcile plant data on the flowsheet "
     "(docs/reconcile.md)",
     "reconcile measured plant data (DATA, docs/reconcile.md) on the flowsheet FILE: adjusted\n"
     "values, their SDs, and a chi-square test of gross errors\n\n"
     "options:\n"
     "  --json FILE   write the result as JSON to FILE\n"
     "  --csv FILE    write the adjusted measurements to FILE\n"
     "  --alpha A     significance level of the tests, in (0, 1)\n"
     "  --quiet       print nothing but diagnostics\n"},
    {"calibrate", orf_cmd_calibrate,
     "calibrate FILE DATA --fit UNIT.PARAM [--out F]   fit unit parameters to reconciled data",
     "fit unit parameters of the flowsheet FILE to reconciled plant data DATA\n\n"
     "options:\n"
     "  --fit UNIT.PARAM   a parameter to fit (repeat, at most 16)\n"
     "  --out FILE         write the calibrated flowsheet to FILE\n"},
    {"survey", orf_cmd_survey,
     "survey FILE PLAN [--seed N] [--exact] [--out F]   synthetic plant survey from a simulation",
     "synthetic plant survey: PLAN's measured quantities and SDs, with the values of the solved\n"
     "flowsheet FILE plus N(0, sd^2) noise\n\n"
     "options:\n"
     "  --seed N    random seed\n"
     "  --exact     no noise\n"
     "  --out FILE  write the survey to FILE\n"},
    {"equilibrium", orf_cmd_equilibrium,
     "equilibrium \"C=1 O2=0.5 N2=2\" --t FROM:TO:STEP [--p-bar P] [--solution MODEL]... "
     "[--json]   Gibbs equilibrium",
     "chemical equilibrium (minimum Gibbs energy) of a charge of species and amounts (kmol) over "
     "a\n"
     "temperature sweep: every gas species of the charge's elements and a pure phase per "
     "condensed\n"
     "one (data/thermo.yaml; docs/models.md \"Equilibrium engine\"); a table of amounts (kmol) by\n"
     "temperature, or JSON\n\n"
     "options:\n"
     "  --t FROM:TO:STEP   temperatures in °C (or one temperature)\n"
     "  --p-bar P          total pressure, bar (default 1)\n"
     "  --solution MODEL   add a solution phase: fecr_metal (liquid Fe-Cr-Si-C) or oxide_slag\n"
     "                     (docs/models.md \"Solution models\"); may be repeated\n"
     "  --json             print the result as JSON\n"},
    {"twoproduct", orf_cmd_twoproduct,
     "twoproduct --feed F --conc C --tail T [--sd SF,SC,ST]   mass split and recovery of a node",
     "two-product formula: mass split and recovery of a separation node from one assay of its\n"
     "feed, concentrate and tailings (in %)\n\n"
     "options:\n"
     "  --feed F --conc C --tail T   the assays\n"
     "  --sd SF,SC,ST                one SD per stream (absolute, same units)\n"},
    {"threeproduct", orf_cmd_threeproduct,
     "threeproduct --feed A,B --conc1 A,B --conc2 A,B --tail A,B [--sd ...]   three-product "
     "formula",
     "three-product formula: mass splits of a node with two concentrates, from two assays of each\n"
     "stream (in %)\n\n"
     "options:\n"
     "  --feed A,B --conc1 A,B --conc2 A,B --tail A,B   the assays\n"
     "  --sd SF,SC1,SC2,ST                             one SD per stream\n"},
};

static void usage(FILE *fp)
{
    fputs("oreflow " ORF_VERSION_STRING " — simulator of mineral deep-processing chains\n\n"
          "usage: oreflow COMMAND [ARGS]\n\ncommands:\n",
          fp);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(fp, "  oreflow %s\n", COMMANDS[i].usage);
    fputs("\n  oreflow --help | --version\n\n"
          "exit codes: 0 ok, 1 run failed (e.g. not converged), 2 bad input, 3 out of memory or a\n"
          "resource limit\n"
          "docs: docs/format.md (flowsheet files), docs/json.md (results), docs/models.md\n",
          fp);
}

int orf_cli_exit_code(orf_status st)
{
    if (st == ORF_OK)
        return ORF_EXIT_OK;
    /* ORF_E_IO is a file the user named that cannot be read or written: bad input (2) */
    if (st == ORF_E_NOMEM)
        return ORF_EXIT_NOMEM;
    if (st == ORF_E_NOT_CONVERGED || st == ORF_E_SPEC || st == ORF_E_NUMERIC ||
        st == ORF_E_INTERNAL || st == ORF_E_STOPPED)
        return ORF_EXIT_FAILED;
    return ORF_EXIT_INPUT;
}

int orf_cli_nomem(void)
{
    fputs("oreflow: out of memory\n", stderr);
    return ORF_EXIT_NOMEM;
}

int orf_cli_fail(orf_ctx *ctx, orf_status st)
{
    orf_ctx_print_diags(ctx, stderr);
    if (st == ORF_E_NOMEM) { /* said once, even where the diagnostic was refused its memory */
        for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++)
            if (strstr(orf_ctx_diag_get(ctx, i)->message, "out of memory"))
                return ORF_EXIT_NOMEM;
        return orf_cli_nomem();
    }
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
    *ctx = orf_cli_ctx_alloc();
    if (!*ctx)
        return orf_cli_nomem();
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
    char why[256];
    if (orf_version_check(why, sizeof why)) { /* a shared library of another ABI */
        fprintf(stderr, "oreflow: %s\n", why);
        return ORF_EXIT_FAILED;
    }
    if (argc < 2) {
        usage(stderr);
        return ORF_EXIT_INPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return ORF_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("oreflow %s\nsource: %s\nlibrary: liboreflow %s (ABI %d, source %s)\ndata: %s\n",
               ORF_VERSION_STRING, ORF_SOURCE_ID, orf_libversion(), orf_abi_version(),
               orf_sourceid(), orf_data_dir());
        return ORF_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
        if (strcmp(argv[1], COMMANDS[i].name))
            continue;
        for (int k = 2; k < argc; k++)
            if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
                printf("usage: oreflow %s\n\n%s", COMMANDS[i].usage, COMMANDS[i].help);
                return ORF_EXIT_OK;
            }
        return COMMANDS[i].fn(argc - 1, argv + 1);
    }
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
