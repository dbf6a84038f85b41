/* The MPI calls of `oreflow mc` under a launcher (cli/mpi_share.c), behind a table of functions:
 * the MPI plug-in (cli/mpi/mpi_plugin.c, built as oreflow-mpi.so and linked with MPI) fills it, and
 * the program opens the plug-in (dlopen) only when an MPI launcher started it. A plain run thus
 * loads no MPI library (libmpi and its dependencies were a fifth of a small run's start-up,
 * issue 20). The types here are plain C: no mpi.h outside the plug-in. */
#ifndef ORF_CLI_MPI_OPS_H
#define ORF_CLI_MPI_OPS_H

#include <stdint.h>

#define ORF_CLI_MPI_OPS_VERSION 1

typedef struct orf_cli_mpi_ops {
    int version; /* ORF_CLI_MPI_OPS_VERSION */
    /* MPI_Init_thread (MPI_THREAD_FUNNELED), then this process's rank and the world's size;
     * 0, or -1 when MPI_Init failed */
    int (*init)(int *rank, int *size);
    /* MPI_Allgather of one int per rank into all[size] */
    void (*allgather_int)(int mine, int *all);
    /* MPI_Allgatherv in place of doubles: rank r's block is buf[off[r] .. off[r] + cnt[r]) */
    void (*allgatherv_double)(double *buf, const int *cnt, const int *off);
    /* MPI_Allreduce of n uint64 values: the sum (op_min 0) or the minimum (op_min 1) */
    void (*allreduce_u64)(const uint64_t *in, uint64_t *out, int n, int op_min);
    /* MPI_Bcast of n chars from rank root */
    void (*bcast_char)(char *buf, int n, int root);
    void (*abort_all)(int code); /* MPI_Abort of the whole world */
    void (*finalize)(void);      /* MPI_Finalize */
} orf_cli_mpi_ops;

/* The plug-in's one exported function (looked up by this name). */
typedef const orf_cli_mpi_ops *(*orf_cli_mpi_plugin_fn)(void);
#define ORF_CLI_MPI_PLUGIN_SYMBOL "orf_cli_mpi_plugin"

#endif
