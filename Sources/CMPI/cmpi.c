#include "cmpi.h"
#include <mpi.h>
#include <limits.h>
#include <stdlib.h>

struct cmpi_comm { MPI_Comm comm; };

static struct cmpi_comm world_handle;

int cmpi_init(int *provided) {
    int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, provided);
    if (rc == MPI_SUCCESS) MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    return rc;
}

int cmpi_initialized(void) {
    int flag = 0, finalized = 0;
    MPI_Initialized(&flag);
    MPI_Finalized(&finalized);
    return flag && !finalized;
}

int cmpi_finalize(void) { return MPI_Finalize(); }

cmpi_comm_t cmpi_world(void) {
    world_handle.comm = MPI_COMM_WORLD;
    return &world_handle;
}

int cmpi_rank(cmpi_comm_t c, int *rank) { return MPI_Comm_rank(c->comm, rank); }
int cmpi_size(cmpi_comm_t c, int *size) { return MPI_Comm_size(c->comm, size); }

int cmpi_split(cmpi_comm_t c, int color, int key, cmpi_comm_t *out) {
    *out = NULL;
    struct cmpi_comm *h = malloc(sizeof *h);
    if (!h) return MPI_ERR_NO_MEM;
    int rc = MPI_Comm_split(c->comm, color, key, &h->comm);
    if (rc != MPI_SUCCESS) { free(h); return rc; }
    MPI_Comm_set_errhandler(h->comm, MPI_ERRORS_RETURN);
    *out = h;
    return MPI_SUCCESS;
}

int cmpi_allreduce_sum_float(cmpi_comm_t c, float *buffer, long count) {
    for (long done = 0; done < count;) {
        int n = (int)(count - done > INT_MAX ? INT_MAX : count - done);
        int rc = MPI_Allreduce(MPI_IN_PLACE, buffer + done, n, MPI_FLOAT, MPI_SUM, c->comm);
        if (rc != MPI_SUCCESS) return rc;
        done += n;
    }
    return MPI_SUCCESS;
}

int cmpi_allreduce_sum_double(cmpi_comm_t c, double *buffer, long count) {
    for (long done = 0; done < count;) {
        int n = (int)(count - done > INT_MAX ? INT_MAX : count - done);
        int rc = MPI_Allreduce(MPI_IN_PLACE, buffer + done, n, MPI_DOUBLE, MPI_SUM, c->comm);
        if (rc != MPI_SUCCESS) return rc;
        done += n;
    }
    return MPI_SUCCESS;
}

int cmpi_bcast_bytes(cmpi_comm_t c, void *buffer, long count, int root) {
    char *p = buffer;
    for (long done = 0; done < count;) {
        int n = (int)(count - done > INT_MAX ? INT_MAX : count - done);
        int rc = MPI_Bcast(p + done, n, MPI_BYTE, root, c->comm);
        if (rc != MPI_SUCCESS) return rc;
        done += n;
    }
    return MPI_SUCCESS;
}

int cmpi_barrier(cmpi_comm_t c) { return MPI_Barrier(c->comm); }

void cmpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); abort(); }

void cmpi_error_string(int code, char *buffer, int length) {
    if (length <= 0) return;
    char text[MPI_MAX_ERROR_STRING];
    int n = 0;
    if (MPI_Error_string(code, text, &n) != MPI_SUCCESS) n = 0;
    int i = 0;
    for (; i < n && i < length - 1; i++) buffer[i] = text[i];
    buffer[i] = 0;
}

double cmpi_wtime(void) { return MPI_Wtime(); }
