#ifndef LAPGAN_CGIF_H
#define LAPGAN_CGIF_H

#include <stddef.h>
#include <stdint.h>

/* A wrapper around giflib: encode an animation of palette frames into memory, decode a file into RGB frames.
   Errors come back as a nonzero return and a message in `err`. */

/* Encodes `frames` frames of width x height palette indices (frames*width*height bytes, row-major) with one global
   palette of `colors` RGB entries (2..256; padded to a power of two), `delay_cs` hundredths of a second per frame,
   looping forever. On success *out is a malloc'd buffer of *out_len bytes (free with cgif_free). */
int cgif_encode(int width, int height, int frames, const uint8_t *indices, const uint8_t *palette, int colors,
                int delay_cs, uint8_t **out, size_t *out_len, char *err, size_t errlen);

/* Decodes a GIF file (DGifSlurp) into frames*height*width*3 RGB bytes (each frame composited on the previous one,
   as a viewer shows it), with each frame's delay in hundredths of a second (*delays, malloc'd, frames ints).
   Stops with an error past `max_bytes` of pixels. */
int cgif_decode(const char *path, int *width, int *height, int *frames, uint8_t **rgb, int **delays, uint64_t max_bytes,
                char *err, size_t errlen);

void cgif_free(void *p);

#endif
