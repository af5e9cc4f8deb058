#ifndef CPNG_H
#define CPNG_H
#include <stddef.h>
int cpng_placeholder(void);
#endif
