/* MPI scale-out of `oreflow mc` (cli/mpi_share.c; docs/cluster.md): the library holds no MPI
 * code; the CLI spreads a run's samples over the ranks through orf_mc_share (oreflow/mc.h). */
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
/* MPI_Finalize when active. */
void orf_cli_mpi_end(orf_cli_mpi *m);

#endif
