#ifndef LAPGAN_CBLAS_SHIM_H
#define LAPGAN_CBLAS_SHIM_H
#include <cblas.h>
#endif
