/* `oreflow optimize` spread over threads and MPI ranks (cli/opt_share.c; docs/cluster.md). */
#ifndef ORF_CLI_OPT_SHARE_H
#define ORF_CLI_OPT_SHARE_H

#include "mpi_share.h"
#include "oreflow/optimize.h"

typedef struct orf_cli_opt_spread {
    int root_failed; /* after the run: the first member (rank 0, thread 0) failed to load */
    int self_failed; /* this rank's first member failed to load on its own */
} orf_cli_opt_spread;

/* orf_opt_run of `file` on `threads` members in this process (the first on the calling thread,
 * with ctx and *res; each other with a context and a loaded model of its own, on a thread of its
 * own) joined to the ranks of mp: members g = rank threads + t of size threads members share the
 * batches by orf_opt_share and follow the same path, so *res is the one-process result. One
 * member and no MPI: a plain orf_opt_run. */
orf_status orf_cli_opt_run(orf_ctx *ctx, const char *file, const orf_opt_opts *o, int threads,
                           orf_cli_mpi *mp, orf_opt_result *res, orf_cli_opt_spread *sp);

#endif
