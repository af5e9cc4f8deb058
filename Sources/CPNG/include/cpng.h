#ifndef LAPGAN_CPNG_H
#define LAPGAN_CPNG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Error codes returned by cpng_read / cpng_write (0 = success).
enum {
    CPNG_OK = 0,
    CPNG_ERR_IO = 1,         /* cannot open / read / write the file */
    CPNG_ERR_NOT_PNG = 2,    /* bad signature */
    CPNG_ERR_CORRUPT = 3,    /* libpng reported an error: truncated or corrupt data */
    CPNG_ERR_TOO_LARGE = 4,  /* absurd dimensions */
    CPNG_ERR_NOMEM = 5,      /* allocation failed */
    CPNG_ERR_ARGS = 6,       /* invalid arguments (cpng_write) */
    CPNG_ERR_NOENT = 7,      /* file does not exist */
    CPNG_ERR_OVER_BOUND = 8  /* decoding would need more than max_bytes (width, height, channels are set) */
};

/// Reads any PNG (gray, gray+alpha, RGB, RGBA, palette with or without tRNS, 1/2/4/8/16-bit,
/// interlaced or not) into 8-bit pixels, row-major with interleaved channels. Alpha is
/// composited on white. *channels is 1 for grayscale sources (with or without alpha), else 3.
/// On success returns 0 and *out_pixels must be released with cpng_free. On failure returns a
/// nonzero CPNG_ERR_* code, sets *out_pixels to NULL and writes a message into err.
/// Refuses (CPNG_ERR_OVER_BOUND, before allocating pixels) an image whose cpng_decode_bytes exceeds max_bytes.
int cpng_read(const char *path, unsigned char **out_pixels, int *width, int *height, int *channels,
              unsigned long long max_bytes, char *err, size_t errlen);

/// The memory reading a width×height image with `channels` output channels is counted as: libpng's rows
/// (4 bytes a pixel at most), the 8-bit pixels and the Float image they become.
unsigned long long cpng_decode_bytes(unsigned long long width, unsigned long long height, int channels);

/// Writes an 8-bit PNG (channels 1 = gray, 3 = RGB) to path, flushing it to disk (fsync).
/// Returns 0 on success, else a nonzero CPNG_ERR_* code with a message in err.
int cpng_write(const char *path, const unsigned char *pixels, int width, int height, int channels,
               char *err, size_t errlen);

/// Releases pixels returned by cpng_read.
void cpng_free(void *p);

#ifdef __cplusplus
}
#endif

#endif
