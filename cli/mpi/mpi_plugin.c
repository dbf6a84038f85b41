/* The MPI plug-in of the oreflow program (cli/mpi_ops.h): the only code linked with MPI, built as
 * the module oreflow-mpi.so beside the program (build tree) or under LIBDIR/oreflow (installed),
 * and opened by cli/mpi_share.c only when an MPI launcher started the process. */
#include <mpi.h>

#include "../mpi_ops.h"

const orf_cli_mpi_ops *orf_cli_mpi_plugin(void);

static int init(int *rank, int *size)
{
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
    return 0;
}

static void allgather_int(int mine, int *all)
{
    MPI_Allgather(&mine, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
}

static void allgatherv_double(double *buf, const int *cnt, const int *off)
{
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, buf, cnt, off, MPI_DOUBLE, MPI_COMM_WORLD);
}

static void allreduce_u64(const uint64_t *in, uint64_t *out, int n, int op_min)
{
    MPI_Allreduce(in, out, n, MPI_UINT64_T, op_min ? MPI_MIN : MPI_SUM, MPI_COMM_WORLD);
}

static void bcast_char(char *buf, int n, int root)
{
    MPI_Bcast(buf, n, MPI_CHAR, root, MPI_COMM_WORLD);
}

static void abort_all(int code)
{
    MPI_Abort(MPI_COMM_WORLD, code);
}

static void finalize(void)
{
    MPI_Finalize();
}

const orf_cli_mpi_ops *orf_cli_mpi_plugin(void)
{
    static const orf_cli_mpi_ops ops = {
        ORF_CLI_MPI_OPS_VERSION, init,       allgather_int, allgatherv_double,
        allreduce_u64,           bcast_char, abort_all,     finalize};
    return &ops;
}
