/* The oreflow command-line program: one cmd_<verb>.c per command, all clients of the public API. */
#ifndef ORF_CLI_H
#define ORF_CLI_H

#include "oreflow.h"

/* Exit codes (STYLE.md): 0 ok, 1 run failed (e.g. not converged), 2 bad input or usage, 3 out of
 * memory or a resource limit (ORF_E_NOMEM: always with a message saying "out of memory"). */
enum { ORF_EXIT_OK = 0, ORF_EXIT_FAILED = 1, ORF_EXIT_INPUT = 2, ORF_EXIT_NOMEM = 3 };

int orf_cmd_run(int argc, char **argv);
int orf_cmd_check(int argc, char **argv);
int orf_cmd_units(int argc, char **argv);
int orf_cmd_mc(int argc, char **argv);          /* cmd_mc.c (issue 6) */
int orf_cmd_sensitivity(int argc, char **argv); /* cmd_mc.c (issue 6) */
int orf_cmd_report(int argc, char **argv);      /* cmd_report.c (issue 8) */

/* cmd_report.c: write DIR/report.html and/or the workbook XLSX of a solved flowsheet (either may
 * be NULL); `extra` adds sections to the result JSON (economics), as for --json. */
orf_status orf_cli_write_reports(orf_ctx *ctx, const orf_flowsheet *fs, const orf_solve_info *info,
                                 orf_json_section_fn extra, void *extra_ud, const char *dir,
                                 const char *xlsx);
int orf_cmd_reconcile(int argc, char **argv);
int orf_cmd_twoproduct(int argc, char **argv);
int orf_cmd_threeproduct(int argc, char **argv);
int orf_cmd_calibrate(int argc, char **argv);
int orf_cmd_survey(int argc, char **argv);
int orf_cmd_equilibrium(int argc, char **argv); /* cmd_equilibrium.c (issue 16) */
int orf_cmd_scenarios(int argc, char **argv);   /* cmd_scenarios.c (issue 18) */
int orf_cmd_portfolio(int argc, char **argv);   /* cmd_scenarios.c (issue 18) */
int orf_cmd_optimize(int argc, char **argv);    /* cmd_optimize.c (issue 21) */
int orf_cmd_serve(int argc, char **argv);       /* cmd_serve.c (issue 23) */

/* The sections `oreflow run --json` adds after the flowsheet's result (orf_result_write_json's
 * callback; ud: an orf_cli_run_sections, either pointer NULL when absent): the design, then the
 * economics. `oreflow serve`'s solve writes the same. */
typedef struct orf_cli_run_sections {
    struct orf_design *design;
    struct orf_econ *econ;
} orf_cli_run_sections;
void orf_cli_run_json_sections(void *ud, orf_json *j);

/* What `oreflow run` does after loading (serve's solve does the same): solve, the equipment list
 * of the solved design case (before the economics: a schedule re-solves the flowsheet for its
 * periods; factored capital is of the design case), then the economics. *econ (may be NULL) is
 * freed and set NULL when there is nothing to show of it (the solve or its evaluation failed). */
typedef struct orf_cli_run_out {
    orf_solve_info info;
    orf_status solve;     /* orf_flowsheet_solve's */
    orf_status design_st; /* orf_design_compute's (ORF_OK when not computed) */
    orf_status st;        /* the solve's, else the design's */
    orf_status econ_st;   /* orf_econ_eval's (ORF_OK when not evaluated) */
    struct orf_design *design;
} orf_cli_run_out;
void orf_cli_run_solve(orf_ctx *ctx, orf_flowsheet *fs, struct orf_econ **econ,
                       orf_cli_run_out *out);
/* What `oreflow check` validates after the flowsheet loaded: economics, Monte Carlo, scenarios,
 * design and optimisation sections (serve's check does the same). */
orf_status orf_cli_check_sections(orf_ctx *ctx, orf_flowsheet *fs);

/* After a failed load: print the context's diagnostics to stderr and map the status to an exit
 * code (an unreadable input file is bad input, 2). */
int orf_cli_fail(orf_ctx *ctx, orf_status st);
/* orf_cli_fail, then free the context: for a command whose first step failed. */
int orf_cli_fail_free(orf_ctx *ctx, orf_status st);
/* Allocate a context and load flowsheet FILE into *fs: returns 0, or the exit code after printing
 * the diagnostics and freeing everything (*ctx and *fs are then NULL). */
int orf_cli_load(const char *file, orf_ctx **ctx, orf_flowsheet **fs);
/* A context for a command (cli_alloc.c): orf_ctx_alloc, through the allocation-failure injector
 * in the test build. NULL when memory is exhausted: then return orf_cli_nomem(). */
orf_ctx *orf_cli_ctx_alloc(void);
/* Print "oreflow: out of memory" to stderr and return ORF_EXIT_NOMEM. */
int orf_cli_nomem(void);
/* Exit code for a status. */
int orf_cli_exit_code(orf_status st);
/* An argument that is not one of the command's options: the command's one FILE (stored in *file)
 * or, printed as an error of `oreflow VERB`, an unknown option or a second file (returns -1). */
int orf_cli_operand(const char *verb, const char *arg, const char **file);

#endif
