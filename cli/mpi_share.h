/* MPI scale-out of `oreflow mc` and `oreflow optimize` (cli/mpi_share.c, cli/opt_share.c;
 * docs/cluster.md): the library holds no MPI code; the CLI spreads a run's samples over the ranks
 * through orf_mc_share (oreflow/mc.h) and an optimisation's evaluations through orf_opt_share
 * (oreflow/optimize.h). */
#ifndef ORF_CLI_MPI_SHARE_H
#define ORF_CLI_MPI_SHARE_H

#include "oreflow/mc.h"

typedef struct orf_cli_mpi {
    int active;      /* MPI was initialised (launched by mpirun / srun, or ORF_MPI=1) */
    int rank, size;  /* 0 and 1 when not active */
    int root_failed; /* after a combine: rank 0 failed (its diagnostics say why) */
    int self_failed; /* after a combine: this rank failed on its own */
    orf_mc_share share;
    const struct orf_cli_mpi_ops *ops; /* the MPI plug-in's calls (cli/mpi_ops.h) when active */
} orf_cli_mpi;

/* Initialise MPI when this process was started by an MPI launcher (OMPI_COMM_WORLD_SIZE,
 * PMIX_RANK, PMI_RANK or PMI_SIZE in the environment; ORF_MPI=1 forces it, ORF_MPI=0 forbids
 * it): a plain `oreflow mc` never touches MPI. 0, or -1 after printing why (a launcher started
 * several processes of an oreflow built without MPI, or MPI_Init failed). */
int orf_cli_mpi_begin(orf_cli_mpi *m);
/* This rank's share of n samples in *o (o->share; none on one process). */
void orf_cli_mpi_share(orf_cli_mpi *m, orf_mc_opts *o);
/* The rows of a batch of `oreflow optimize` (orf_opt_share, cli/opt_share.c) made whole over the
 * ranks: each rank runs `threads` members, member g = rank threads + t of size threads members
 * filled the rows [n g / (size threads), n (g + 1) / (size threads)) of rows (n × len), so
 * this rank's rows are its members' blocks, contiguous; *stop is ORed over the ranks. Called by
 * the calling thread only (MPI_THREAD_FUNNELED). 0 ok. */
int orf_cli_mpi_gather_rows(orf_cli_mpi *m, int threads, size_t n, size_t len, double *rows,
                            int *stop);
/* MPI_Abort: a rank that cannot take part in a gather ends the job. */
void orf_cli_mpi_abort(orf_cli_mpi *m);
/* MPI_Finalize when active. */
void orf_cli_mpi_end(orf_cli_mpi *m);

#endif
