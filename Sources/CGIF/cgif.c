#include "cgif.h"

#include <gif_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t *data;
    size_t len, cap;
    int failed;
} Buffer;

static int write_buffer(GifFileType *gif, const GifByteType *bytes, int n) {
    Buffer *b = (Buffer *)gif->UserData;
    if (b->failed || n < 0) return 0;
    if (b->len + (size_t)n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->len + (size_t)n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) { b->failed = 1; return 0; }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, (size_t)n);
    b->len += (size_t)n;
    return n;
}

static void set_error(char *err, size_t errlen, const char *what, int code) {
    if (!err || errlen == 0) return;
    const char *why = GifErrorString(code);
    snprintf(err, errlen, "%s%s%s", what, why ? ": " : "", why ? why : "");
}

int cgif_encode(int width, int height, int frames, const uint8_t *indices, const uint8_t *palette, int colors,
                int delay_cs, uint8_t **out, size_t *out_len, char *err, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    if (width <= 0 || height <= 0 || width > 65535 || height > 65535 || frames <= 0 || colors < 1 || colors > 256) {
        if (err && errlen) snprintf(err, errlen, "invalid animation: %dx%d, %d frames, %d colours", width, height, frames, colors);
        return 1;
    }
    int size = 2;
    while (size < colors) size *= 2;
    Buffer b = {0};
    int code = 0;
    GifFileType *gif = EGifOpen(&b, write_buffer, &code);
    if (!gif) { set_error(err, errlen, "cannot start the GIF", code); return 1; }
    ColorMapObject *map = GifMakeMapObject(size, NULL);
    if (!map) { EGifCloseFile(gif, &code); free(b.data); set_error(err, errlen, "out of memory", 0); return 1; }
    for (int i = 0; i < size; i++) {
        const uint8_t *c = palette + 3 * (i < colors ? i : 0);
        map->Colors[i].Red = c[0];
        map->Colors[i].Green = c[1];
        map->Colors[i].Blue = c[2];
    }
    EGifSetGifVersion(gif, true);
    int ok = EGifPutScreenDesc(gif, width, height, 8, 0, map) == GIF_OK;
    GifFreeMapObject(map);
    /* Loop forever: the NETSCAPE2.0 application extension. */
    static const GifByteType loop[3] = {1, 0, 0};
    ok = ok && EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK
            && EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") == GIF_OK
            && EGifPutExtensionBlock(gif, 3, loop) == GIF_OK
            && EGifPutExtensionTrailer(gif) == GIF_OK;
    GraphicsControlBlock gcb = {0};
    gcb.DisposalMode = DISPOSAL_UNSPECIFIED;
    gcb.DelayTime = delay_cs;
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    size_t len = EGifGCBToExtension(&gcb, ext);
    for (int f = 0; ok && f < frames; f++) {
        ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) == GIF_OK
             && EGifPutImageDesc(gif, 0, 0, width, height, false, NULL) == GIF_OK;
        const uint8_t *frame = indices + (size_t)f * (size_t)width * (size_t)height;
        for (int y = 0; ok && y < height; y++) {
            ok = EGifPutLine(gif, (GifPixelType *)(frame + (size_t)y * (size_t)width), width) == GIF_OK;
        }
    }
    if (!ok) code = gif->Error;
    if (EGifCloseFile(gif, &code) != GIF_OK) ok = 0;
    if (!ok || b.failed) {
        free(b.data);
        set_error(err, errlen, b.failed ? "out of memory" : "cannot encode the GIF", code);
        return 1;
    }
    *out = b.data;
    *out_len = b.len;
    return 0;
}

int cgif_decode(const char *path, int *width, int *height, int *frames, uint8_t **rgb, int **delays, uint64_t max_bytes,
                char *err, size_t errlen) {
    *rgb = NULL;
    *delays = NULL;
    int code = 0;
    GifFileType *gif = DGifOpenFileName(path, &code);
    if (!gif) { set_error(err, errlen, "cannot open GIF", code); return 1; }
    if (DGifSlurp(gif) != GIF_OK) {
        set_error(err, errlen, "cannot read GIF", gif->Error);
        DGifCloseFile(gif, &code);
        return 1;
    }
    int w = gif->SWidth, h = gif->SHeight, n = gif->ImageCount;
    uint64_t bytes = (uint64_t)w * (uint64_t)h * 3u * (uint64_t)n;
    if (w <= 0 || h <= 0 || n <= 0 || bytes > max_bytes) {
        if (err && errlen) snprintf(err, errlen, "GIF of %dx%d pixels and %d frames is empty or too large", w, h, n);
        DGifCloseFile(gif, &code);
        return 1;
    }
    uint8_t *out = calloc((size_t)bytes, 1);
    int *d = calloc((size_t)n, sizeof(int));
    if (!out || !d) {
        free(out); free(d);
        DGifCloseFile(gif, &code);
        if (err && errlen) snprintf(err, errlen, "out of memory");
        return 1;
    }
    size_t plane = (size_t)w * (size_t)h * 3u;
    for (int f = 0; f < n; f++) {
        SavedImage *img = &gif->SavedImages[f];
        uint8_t *dst = out + (size_t)f * plane;
        if (f > 0) memcpy(dst, dst - plane, plane);
        GraphicsControlBlock gcb;
        int transparent = NO_TRANSPARENT_COLOR;
        if (DGifSavedExtensionToGCB(gif, f, &gcb) == GIF_OK) { d[f] = gcb.DelayTime; transparent = gcb.TransparentColor; }
        ColorMapObject *map = img->ImageDesc.ColorMap ? img->ImageDesc.ColorMap : gif->SColorMap;
        if (!map) continue;
        int left = img->ImageDesc.Left, top = img->ImageDesc.Top, iw = img->ImageDesc.Width, ih = img->ImageDesc.Height;
        for (int y = 0; y < ih; y++) {
            for (int x = 0; x < iw; x++) {
                int sx = left + x, sy = top + y;
                if (sx < 0 || sy < 0 || sx >= w || sy >= h) continue;
                int idx = img->RasterBits[(size_t)y * (size_t)iw + (size_t)x];
                if (idx == transparent || idx >= map->ColorCount) continue;
                uint8_t *p = dst + ((size_t)sy * (size_t)w + (size_t)sx) * 3u;
                p[0] = map->Colors[idx].Red;
                p[1] = map->Colors[idx].Green;
                p[2] = map->Colors[idx].Blue;
            }
        }
    }
    *width = w; *height = h; *frames = n; *rgb = out; *delays = d;
    DGifCloseFile(gif, &code);
    return 0;
}

void cgif_free(void *p) { free(p); }
