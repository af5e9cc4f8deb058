#!/usr/bin/env python3
"""Writes the tiny PNG fixtures used by PNGFileTests.swift (pure Python: zlib + struct).

Run once from this directory: python3 make_fixtures.py
The expected decoded values are spelled out in PNGFileTests.swift.
"""
import struct
import zlib


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(path, width, height, bit_depth, color_type, rows, extra=(), interlace=0):
    """rows: list of raw scanline byte strings (already packed), or for interlace=1 the
    concatenated raw pass data including filter bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    if interlace:
        raw = rows
    else:
        raw = b"".join(b"\x00" + r for r in rows)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for kind, payload in extra:
        data += chunk(kind, payload)
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def pack_bits(values, bits):
    """Packs small integers MSB-first into bytes, padding the last byte with zeros."""
    out, acc, n = bytearray(), 0, 0
    for v in values:
        acc = (acc << bits) | v
        n += bits
        if n == 8:
            out.append(acc)
            acc, n = 0, 0
    if n:
        out.append(acc << (8 - n))
    return bytes(out)


# gray8: 3x2
png("gray8.png", 3, 2, 8, 0, [bytes([0, 128, 255]), bytes([10, 20, 30])])

# gray16: 2x2, byte-duplicated samples so strip_16 and scale_16 agree (v*257 -> v)
g16 = [[0x0000, 0xFFFF], [0x8080, 0x1212]]
png("gray16.png", 2, 2, 16, 0, [struct.pack(">HH", *r) for r in g16])

# gray4: 4x2 values 0..15 (-> v*17)
png("gray4.png", 4, 2, 4, 0, [pack_bits([0, 5, 10, 15], 4), pack_bits([1, 2, 3, 4], 4)])

# gray1: 10x2 (width not a multiple of 8)
png("gray1.png", 10, 2, 1, 0, [pack_bits([1, 0, 1, 1, 0, 0, 0, 1, 0, 1], 1),
                                pack_bits([0, 1, 0, 0, 1, 1, 1, 0, 1, 0], 1)])

# gray+alpha 8-bit: 2x2 (gray, alpha)
png("graya.png", 2, 2, 8, 4, [bytes([0, 255, 0, 0]), bytes([100, 128, 200, 1])])

# gray8 with tRNS: value 50 is transparent
png("gray_trns.png", 3, 1, 8, 0, [bytes([50, 51, 200])], extra=[(b"tRNS", struct.pack(">H", 50))])

# RGB8: 2x2
png("rgb8.png", 2, 2, 8, 2, [bytes([255, 0, 0, 0, 255, 0]), bytes([0, 0, 255, 12, 34, 56])])

# RGB16: 2x1, byte-duplicated samples
png("rgb16.png", 2, 1, 16, 2, [struct.pack(">HHHHHH", 0xFFFF, 0x8080, 0x0000, 0x1010, 0x2020, 0x3030)])

# RGBA8: 2x2
png("rgba.png", 2, 2, 8, 6, [bytes([255, 0, 0, 255, 0, 0, 255, 0]),
                              bytes([0, 128, 255, 128, 10, 20, 30, 200])])

# palette 8-bit: 3 colours, 2x2 indices
pal = bytes([255, 0, 0, 0, 255, 0, 0, 0, 255])
png("palette.png", 2, 2, 8, 3, [bytes([0, 1]), bytes([2, 0])], extra=[(b"PLTE", pal)])

# palette 4-bit with tRNS: entry 1 fully transparent, entry 2 half transparent
png("palette_trns.png", 3, 1, 4, 3, [pack_bits([0, 1, 2], 4)],
    extra=[(b"PLTE", pal), (b"tRNS", bytes([255, 0, 128]))])

# Adam7-interlaced RGB8: 9x9, pixel (x, y) = (20x, 20y, x+y)
W = H = 9
passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
raw = b""
for (x0, y0, dx, dy) in passes:
    xs = list(range(x0, W, dx))
    ys = list(range(y0, H, dy))
    if not xs or not ys:
        continue
    for y in ys:
        raw += b"\x00" + b"".join(bytes([20 * x, 20 * y, x + y]) for x in xs)
png("interlaced.png", W, H, 8, 2, raw, interlace=1)
