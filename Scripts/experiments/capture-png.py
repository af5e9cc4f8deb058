#!/usr/bin/env python3
"""Turns a terminal capture with truecolor SGR escapes (tmux capture-pane -p -e) into a PNG.

Each cell becomes 8x16 pixels. Half-block cells (U+2580 upper, U+2584 lower) are two pixels tall in the picture:
the top 8 rows take one colour, the bottom 8 the other, as the terminal shows them. Other text is drawn as a plain
block of its foreground colour on its background (a bar per character: readable as layout, not as letters).
Colours: SGR 38;2;r;g;b / 48;2;r;g;b, 38;5;n / 48;5;n, the 16 basic colours, 39/49 defaults, 7 reverse, 2 dim.
Only the standard library (zlib) is used.

    tmux capture-pane -p -e -t SESSION > screen.ans
    Scripts/experiments/capture-png.py screen.ans assets/explorer-120x40.png [--cols 120 --rows 40]
"""
import re
import struct
import sys
import unicodedata
import zlib

CELL_W, CELL_H = 8, 16
DEFAULT_FG, DEFAULT_BG = (229, 229, 229), (0, 0, 0)
BASIC = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
         (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]


def xterm256(n):
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    g = 8 + (n - 232) * 10
    return g, g, g


class Pen:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg, self.bg, self.reverse, self.dim = None, None, False, False

    def apply(self, params):
        p = [int(x) if x else 0 for x in params.split(";")] if params else [0]
        i = 0
        while i < len(p):
            c = p[i]
            if c == 0:
                self.reset()
            elif c == 2:
                self.dim = True
            elif c == 22:
                self.dim = False
            elif c == 7:
                self.reverse = True
            elif c == 27:
                self.reverse = False
            elif c in (38, 48) and i + 1 < len(p):
                if p[i + 1] == 2 and i + 4 < len(p):
                    colour = tuple(p[i + 2:i + 5])
                    i += 4
                elif p[i + 1] == 5 and i + 2 < len(p):
                    colour = xterm256(p[i + 2])
                    i += 2
                else:
                    colour = None
                if c == 38:
                    self.fg = colour
                else:
                    self.bg = colour
            elif c == 39:
                self.fg = None
            elif c == 49:
                self.bg = None
            elif 30 <= c <= 37:
                self.fg = BASIC[c - 30]
            elif 90 <= c <= 97:
                self.fg = BASIC[c - 90 + 8]
            elif 40 <= c <= 47:
                self.bg = BASIC[c - 40]
            elif 100 <= c <= 107:
                self.bg = BASIC[c - 100 + 8]
            i += 1

    def colours(self):
        fg, bg = self.fg or DEFAULT_FG, self.bg or DEFAULT_BG
        if self.reverse:
            fg, bg = bg, fg
        if self.dim:
            fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
        return fg, bg


TOKEN = re.compile(r"\x1b\[([0-9;]*)([A-Za-z])|\x1b[()][0-9A-Za-z]|\x1b.|(.)", re.S)


def parse(text, cols, rows):
    """Cells [row][col] = (char, fg, bg)."""
    pen = Pen()
    grid = [[(" ", DEFAULT_FG, DEFAULT_BG) for _ in range(cols)] for _ in range(rows)]
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for m in TOKEN.finditer(line):
            if m.group(2) == "m":
                pen.apply(m.group(1))
                continue
            ch = m.group(3)
            if ch is None or ch == "\r":
                continue
            if unicodedata.combining(ch):
                continue
            fg, bg = pen.colours()
            if x < cols:
                grid[y][x] = (ch, fg, bg)
            x += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return grid


def render(grid):
    rows, cols = len(grid), len(grid[0])
    w, h = cols * CELL_W, rows * CELL_H
    pixels = [bytearray(w * 3) for _ in range(h)]

    def fill(x0, y0, x1, y1, colour):
        block = bytes(colour) * (x1 - x0)
        for yy in range(y0, y1):
            pixels[yy][x0 * 3:x1 * 3] = block

    for y, row in enumerate(grid):
        for x, (ch, fg, bg) in enumerate(row):
            px, py = x * CELL_W, y * CELL_H
            if ch == "\u2580":
                fill(px, py, px + CELL_W, py + CELL_H // 2, fg)
                fill(px, py + CELL_H // 2, px + CELL_W, py + CELL_H, bg)
            elif ch == "\u2584":
                fill(px, py, px + CELL_W, py + CELL_H // 2, bg)
                fill(px, py + CELL_H // 2, px + CELL_W, py + CELL_H, fg)
            elif ch == "\u2588":
                fill(px, py, px + CELL_W, py + CELL_H, fg)
            else:
                fill(px, py, px + CELL_W, py + CELL_H, bg)
                if not ch.isspace():
                    # A character: a bar of its colour, x-height tall.
                    fill(px + 1, py + 5, px + CELL_W - 1, py + 12, fg)
    return w, h, pixels


def write_png(path, w, h, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main(argv):
    args = [a for a in argv[1:]]
    cols = rows = None
    if "--cols" in args:
        i = args.index("--cols"); cols = int(args[i + 1]); del args[i:i + 2]
    if "--rows" in args:
        i = args.index("--rows"); rows = int(args[i + 1]); del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    text = open(args[0], encoding="utf-8", errors="replace").read().rstrip("\n")
    lines = text.split("\n")
    plain = [TOKEN.sub(lambda m: m.group(3) or "", l) for l in lines]
    cols = cols or max(len(l) for l in plain)
    rows = rows or len(lines)
    w, h, pixels = render(parse(text, cols, rows))
    write_png(args[1], w, h, pixels)
    print(f"{args[1]}: {cols}x{rows} cells, {w}x{h} px")


if __name__ == "__main__":
    main(sys.argv)
