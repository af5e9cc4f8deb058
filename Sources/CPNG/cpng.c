// A small libpng wrapper. libpng reports errors by longjmp, which Swift frames cannot survive,
// so every libpng call lives here, behind setjmp, and errors come back as codes and messages.

#include "cpng.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CPNG_MAX_PIXELS ((uint64_t)1 << 28)
#define CPNG_MAX_SIDE 1000000u

/* The most libpng may allocate at once while reading (its own buffers: rows, zlib state, chunk data; the image
 * buffers are ours and bounded by the caller's max_bytes). */
#define CPNG_MAX_LIBPNG_ALLOC ((png_alloc_size_t)64 << 20)

typedef struct {
    char msg[256];
    png_alloc_size_t largest_request; /* the largest single allocation libpng asked for */
} cpng_errbuf;

static void set_err(char *err, size_t errlen, const char *fmt, ...) {
    if (err == NULL || errlen == 0) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static void cpng_error_fn(png_structp png, png_const_charp msg) {
    cpng_errbuf *eb = (cpng_errbuf *)png_get_error_ptr(png);
    if (eb != NULL) snprintf(eb->msg, sizeof eb->msg, "%s", msg ? msg : "unknown libpng error");
    png_longjmp(png, 1);
}

static void cpng_warning_fn(png_structp png, png_const_charp msg) {
    (void)png;
    (void)msg; /* warnings are not failures; stay quiet */
}

void cpng_free(void *p) { free(p); }

/* libpng's allocator while reading: refuses (NULL, which libpng reports as an error) anything above
 * CPNG_MAX_LIBPNG_ALLOC, whatever size a chunk announces, and records the largest request. */
static png_voidp cpng_malloc_fn(png_structp png, png_alloc_size_t size) {
    cpng_errbuf *eb = (cpng_errbuf *)png_get_mem_ptr(png);
    if (eb != NULL && size > eb->largest_request) eb->largest_request = size;
    if (size > CPNG_MAX_LIBPNG_ALLOC) return NULL;
    return malloc(size);
}

static void cpng_free_fn(png_structp png, png_voidp p) {
    (void)png;
    free(p);
}

/* Composites alpha on white: out = (c*a + 255*(255-a) + 127) / 255. */
static inline unsigned char over_white(unsigned c, unsigned a) {
    return (unsigned char)((c * a + 255u * (255u - a) + 127u) / 255u);
}

unsigned long long cpng_decode_bytes(unsigned long long width, unsigned long long height, int channels) {
    /* libpng's expanded rows (at most 4 bytes a pixel), the 8-bit result, and the floats it becomes. */
    return width * height * (4ull + 5ull * (unsigned long long)channels);
}

int cpng_read(const char *path, unsigned char **out_pixels, int *width, int *height, int *channels,
              unsigned long long max_bytes, char *err, size_t errlen) {
    if (out_pixels) *out_pixels = NULL;
    if (width) *width = 0;
    if (height) *height = 0;
    if (channels) *channels = 0;
    if (path == NULL || out_pixels == NULL || width == NULL || height == NULL || channels == NULL) {
        set_err(err, errlen, "invalid arguments");
        return CPNG_ERR_ARGS;
    }

    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        int e = errno;
        if (e == ENOENT) {
            set_err(err, errlen, "no such file");
            return CPNG_ERR_NOENT;
        }
        set_err(err, errlen, "cannot open: %s", strerror(e));
        return CPNG_ERR_IO;
    }

    unsigned char sig[8];
    size_t got = fread(sig, 1, sizeof sig, fp);
    if (got < sizeof sig) {
        int bad = ferror(fp);
        int e = errno;
        fclose(fp);
        if (bad) {
            set_err(err, errlen, "cannot read: %s", strerror(e));
            return CPNG_ERR_IO;
        }
        set_err(err, errlen, got == 0 ? "not a PNG file (empty file)"
                                      : "not a PNG file (too short for a PNG signature)");
        return CPNG_ERR_NOT_PNG;
    }
    if (png_sig_cmp(sig, 0, sizeof sig) != 0) {
        fclose(fp);
        set_err(err, errlen, "not a PNG file (bad signature)");
        return CPNG_ERR_NOT_PNG;
    }

    cpng_errbuf eb;
    eb.msg[0] = '\0';
    eb.largest_request = 0;
    png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &eb, cpng_error_fn, cpng_warning_fn,
                                               &eb, cpng_malloc_fn, cpng_free_fn);
    if (png == NULL) {
        fclose(fp);
        set_err(err, errlen, "out of memory (libpng)");
        return CPNG_ERR_NOMEM;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        fclose(fp);
        set_err(err, errlen, "out of memory (libpng)");
        return CPNG_ERR_NOMEM;
    }

    /* Everything changed after setjmp and used after a longjmp must be volatile. */
    unsigned char *volatile raw = NULL;
    png_bytep *volatile rows = NULL;
    unsigned char *volatile out = NULL;
    volatile int code = CPNG_ERR_CORRUPT;

    if (setjmp(png_jmpbuf(png))) {
        if (code == CPNG_ERR_CORRUPT && eb.largest_request > CPNG_MAX_LIBPNG_ALLOC)
            set_err(err, errlen, "truncated or corrupt PNG: %s (a chunk announced %llu bytes, more than the %llu accepted)",
                    eb.msg[0] ? eb.msg : "unknown libpng error", (unsigned long long)eb.largest_request,
                    (unsigned long long)CPNG_MAX_LIBPNG_ALLOC);
        else if (code == CPNG_ERR_CORRUPT)
            set_err(err, errlen, "truncated or corrupt PNG: %s", eb.msg[0] ? eb.msg : "unknown libpng error");
        free(rows);
        free(raw);
        free(out);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(fp);
        return code;
    }

    png_set_user_limits(png, CPNG_MAX_SIDE, CPNG_MAX_SIDE);
#ifdef PNG_SET_USER_LIMITS_SUPPORTED /* png_set_chunk_malloc_max lives under this option */
    png_set_chunk_malloc_max(png, (png_alloc_size_t)64 << 20);
#endif
#ifdef PNG_HANDLE_AS_UNKNOWN_SUPPORTED
    /* Skip every chunk the pixels do not need (text, ICC profiles, suggested palettes, ...; libpng keeps IHDR,
     * PLTE, tRNS, IDAT and IEND). libpng reads some of them whole into a buffer of the length the chunk
     * announces, and its chunk malloc limit does not cover all of them: a 71-byte file announcing a 1.6 GB sPLT
     * made it allocate 1.6 GB (found by Fuzz/Targets/fuzz-png). Skipped chunks are read through a small buffer. */
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, -1);
#endif
    png_init_io(png, fp);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);

    png_uint_32 w = 0, h = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &w, &h, &bit_depth, &color_type, &interlace, NULL, NULL);
    if (w == 0 || h == 0 || (uint64_t)w * (uint64_t)h > CPNG_MAX_PIXELS) {
        set_err(err, errlen, "image too large (%lu x %lu pixels; at most 2^28 pixels are accepted)",
                (unsigned long)w, (unsigned long)h);
        code = CPNG_ERR_TOO_LARGE;
        png_longjmp(png, 1);
    }

    const int gray_source = (color_type & PNG_COLOR_MASK_COLOR) == 0;
    if (cpng_decode_bytes(w, h, gray_source ? 1 : 3) > max_bytes) {
        /* Refused before any pixel buffer is allocated; the caller words the message with its bound. */
        *width = (int)w;
        *height = (int)h;
        *channels = gray_source ? 1 : 3;
        set_err(err, errlen, "image too large for the memory bound (%lu x %lu pixels)", (unsigned long)w, (unsigned long)h);
        code = CPNG_ERR_OVER_BOUND;
        png_longjmp(png, 1);
    }

    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (bit_depth == 16) {
#ifdef PNG_READ_SCALE_16_TO_8_SUPPORTED
        png_set_scale_16(png);
#else
        png_set_strip_16(png);
#endif
    }
    if (bit_depth < 8) png_set_packing(png);
    (void)png_set_interlace_handling(png);
    png_read_update_info(png, info);

    const int in_ch = (int)png_get_channels(png, info);
    const size_t rowbytes = png_get_rowbytes(png, info);
    if (png_get_bit_depth(png, info) != 8 || in_ch < 1 || in_ch > 4 || rowbytes != (size_t)w * (size_t)in_ch) {
        snprintf(eb.msg, sizeof eb.msg, "unsupported pixel layout after conversion (%d channels, %d bits)",
                 in_ch, (int)png_get_bit_depth(png, info));
        png_longjmp(png, 1);
    }

    raw = (unsigned char *)malloc(rowbytes * (size_t)h);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * (size_t)h);
    if (raw == NULL || rows == NULL) {
        set_err(err, errlen, "out of memory (%lu x %lu pixels)", (unsigned long)w, (unsigned long)h);
        code = CPNG_ERR_NOMEM;
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < h; y++) rows[y] = raw + (size_t)y * rowbytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);

    const int out_ch = gray_source ? 1 : 3;
    const size_t npix = (size_t)w * (size_t)h;
    if (in_ch == out_ch) {
        out = raw; /* already in the final layout */
        raw = NULL;
    } else {
        out = (unsigned char *)malloc(npix * (size_t)out_ch);
        if (out == NULL) {
            set_err(err, errlen, "out of memory (%lu x %lu pixels)", (unsigned long)w, (unsigned long)h);
            code = CPNG_ERR_NOMEM;
            png_longjmp(png, 1);
        }
        const unsigned char *s = raw;
        unsigned char *d = out;
        if (in_ch == 2 && out_ch == 1) {
            for (size_t i = 0; i < npix; i++, s += 2, d += 1) d[0] = over_white(s[0], s[1]);
        } else if (in_ch == 4 && out_ch == 3) {
            for (size_t i = 0; i < npix; i++, s += 4, d += 3) {
                unsigned a = s[3];
                d[0] = over_white(s[0], a);
                d[1] = over_white(s[1], a);
                d[2] = over_white(s[2], a);
            }
        } else if (in_ch == 3 && out_ch == 1) { /* cannot happen for gray sources; kept for safety */
            for (size_t i = 0; i < npix; i++, s += 3, d += 1) d[0] = s[0];
        } else if (in_ch == 1 && out_ch == 3) {
            for (size_t i = 0; i < npix; i++, s += 1, d += 3) d[0] = d[1] = d[2] = s[0];
        } else {
            snprintf(eb.msg, sizeof eb.msg, "unsupported channel count %d", in_ch);
            png_longjmp(png, 1);
        }
        free(raw);
        raw = NULL;
    }

    free(rows);
    rows = NULL;
    png_destroy_read_struct(&png, &info, NULL);
    fclose(fp);

    *out_pixels = out;
    *width = (int)w;
    *height = (int)h;
    *channels = out_ch;
    return CPNG_OK;
}

int cpng_write(const char *path, const unsigned char *pixels, int width, int height, int channels,
               char *err, size_t errlen) {
    if (path == NULL || pixels == NULL || width <= 0 || height <= 0 || (channels != 1 && channels != 3) ||
        (uint64_t)width * (uint64_t)height > CPNG_MAX_PIXELS) {
        set_err(err, errlen, "invalid image (%d x %d, %d channels)", width, height, channels);
        return CPNG_ERR_ARGS;
    }

    FILE *fp = fopen(path, "wb");
    if (fp == NULL) {
        set_err(err, errlen, "cannot create file: %s", strerror(errno));
        return CPNG_ERR_IO;
    }

    cpng_errbuf eb;
    eb.msg[0] = '\0';
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &eb, cpng_error_fn, cpng_warning_fn);
    if (png == NULL) {
        fclose(fp);
        set_err(err, errlen, "out of memory (libpng)");
        return CPNG_ERR_NOMEM;
    }
    png_infop info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        fclose(fp);
        set_err(err, errlen, "out of memory (libpng)");
        return CPNG_ERR_NOMEM;
    }

    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        set_err(err, errlen, "cannot write PNG: %s", eb.msg[0] ? eb.msg : "unknown libpng error");
        free(rows);
        png_destroy_write_struct(&png, &info);
        fclose(fp);
        return CPNG_ERR_IO;
    }

    png_init_io(png, fp);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);

    rows = (png_bytep *)malloc(sizeof(png_bytep) * (size_t)height);
    if (rows == NULL) {
        snprintf(eb.msg, sizeof eb.msg, "%s", "out of memory");
        png_longjmp(png, 1);
    }
    const size_t rowbytes = (size_t)width * (size_t)channels;
    for (int y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * rowbytes);
    png_write_image(png, rows);
    png_write_end(png, NULL);

    free(rows);
    rows = NULL;
    png_destroy_write_struct(&png, &info);

    int failed = 0;
    int e = 0;
    if (fflush(fp) != 0) { failed = 1; e = errno; }
    if (!failed && fsync(fileno(fp)) != 0) { failed = 1; e = errno; }
    if (fclose(fp) != 0 && !failed) { failed = 1; e = errno; }
    if (failed) {
        set_err(err, errlen, "cannot write PNG: %s", strerror(e));
        return CPNG_ERR_IO;
    }
    return CPNG_OK;
}
