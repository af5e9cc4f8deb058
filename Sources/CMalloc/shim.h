// glibc's allocator settings (mallopt, M_MMAP_THRESHOLD, M_TRIM_THRESHOLD), which Swift's Glibc module leaves out.
#include <malloc.h>
