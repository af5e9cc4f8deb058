#ifndef CMPI_H
#define CMPI_H
// A thin wrapper over the MPI calls lapgan needs. Open MPI's MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM… are macros
// that Swift cannot import, so communicators travel as opaque handles and every call returns MPI's error code
// (0 = MPI_SUCCESS), with errors set to return rather than abort.
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cmpi_comm *cmpi_comm_t;

/// MPI_Init_thread asking for MPI_THREAD_FUNNELED; *provided gets the level granted.
int cmpi_init(int *provided);
int cmpi_initialized(void);
int cmpi_finalize(void);
/// MPI_COMM_WORLD (errors return, not abort).
cmpi_comm_t cmpi_world(void);
int cmpi_rank(cmpi_comm_t comm, int *rank);
int cmpi_size(cmpi_comm_t comm, int *size);
/// MPI_Comm_split; *out is NULL if the call failed.
int cmpi_split(cmpi_comm_t comm, int color, int key, cmpi_comm_t *out);
/// In-place MPI_Allreduce with MPI_SUM over floats / doubles.
int cmpi_allreduce_sum_float(cmpi_comm_t comm, float *buffer, long count);
int cmpi_allreduce_sum_double(cmpi_comm_t comm, double *buffer, long count);
/// MPI_Bcast of bytes from root (counts above INT_MAX are sent in pieces).
int cmpi_bcast_bytes(cmpi_comm_t comm, void *buffer, long count, int root);
int cmpi_barrier(cmpi_comm_t comm);
/// MPI_Abort on the world communicator; does not return.
void cmpi_abort(int code);
/// The text of an MPI error code, in buffer.
void cmpi_error_string(int code, char *buffer, int length);
/// Wall-clock seconds (MPI_Wtime).
double cmpi_wtime(void);

#ifdef __cplusplus
}
#endif
#endif
