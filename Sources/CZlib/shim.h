#ifndef LAPGAN_CZLIB_SHIM_H
#define LAPGAN_CZLIB_SHIM_H
#include <zlib.h>
#endif
