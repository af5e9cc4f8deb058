/// Layout arithmetic for images drawn with the upper half block `▀`: one cell shows two
/// vertically stacked pixels (foreground = top, background = bottom).
public enum HalfBlock {
    /// Zoom factors are clamped to 1...maxScale.
    public static let maxScale = 1024

    /// U+2580 UPPER HALF BLOCK.
    public static let upperHalf: Unicode.Scalar = "\u{2580}"

    /// Cells covered by an image drawn at `scale`: width·scale columns, ⌈height·scale/2⌉ rows.
    public static func cellSize(imageWidth: Int, imageHeight: Int, scale: Int) -> (width: Int, height: Int) {
        let s = min(maxScale, max(1, scale))
        let w = max(0, imageWidth), h = max(0, imageHeight)
        return (w * s, (h * s + 1) / 2)
    }

    /// The largest whole zoom ≥ 1 at which the image fits in `cellsWide` × `cellsHigh` cells
    /// (two pixel rows per cell); 1 when even that does not fit (the image is then clipped).
    public static func fitScale(imageWidth: Int, imageHeight: Int, cellsWide: Int, cellsHigh: Int) -> Int {
        guard imageWidth > 0, imageHeight > 0, cellsWide > 0, cellsHigh > 0 else { return 1 }
        let byWidth = cellsWide / imageWidth
        let byHeight = (2 * cellsHigh) / imageHeight  // h·s ≤ 2·rows  ⇔  ⌈h·s/2⌉ ≤ rows
        return min(maxScale, max(1, min(byWidth, byHeight)))
    }
}

extension CellGrid {
    /// Draws `image` with its top-left corner at cell (x, y), zoomed by the whole factor `scale`
    /// (nearest neighbour), one cell per 1×2 pixels with `▀` (fg = top, bg = bottom; an odd
    /// last pixel row gets the default background). With `.none` each cell is an ASCII shade of
    /// the mean luma of its two pixels. Clipped to the grid and `clip`.
    public mutating func drawImage(_ image: PixelImage, x: Int, y: Int, scale: Int = 1, mode: ColorMode = .truecolor) {
        guard Rect.isSane(x), Rect.isSane(y) else { return }
        let s = min(HalfBlock.maxScale, max(1, scale))
        let size = HalfBlock.cellSize(imageWidth: image.width, imageHeight: image.height, scale: s)
        let whole = Rect(x: x, y: y, width: size.width, height: size.height)
        noteOutside(whole)
        let target = whole.intersection(drawableRect)
        guard !target.isEmpty else { return }
        let pixelRows = image.height * s
        let iw = image.width
        let gw = width
        let ascii = mode == .none
        for cy in target.minY..<target.maxY {
            fixWideEdges(y: cy, x0: target.minX, x1: target.maxX)
        }
        image.pixels.withUnsafeBufferPointer { px in
            withUnsafeMutableCells { cells in
                for cy in target.minY..<target.maxY {
                    let py = (cy - y) * 2
                    let topRow = (py / s) * iw
                    let hasBottom = py + 1 < pixelRows
                    let bottomRow = ((py + 1) / s) * iw
                    var di = cy * gw + target.minX
                    for cx in target.minX..<target.maxX {
                        let ix = (cx - x) / s
                        let top = px[topRow + ix]
                        if ascii {
                            let l = hasBottom ? UInt8((Int(top.luma) + Int(px[bottomRow + ix].luma) + 1) / 2) : top.luma
                            cells[di] = Cell(code: Shading.asciiShade(luma: l).value)
                        } else {
                            cells[di] = Cell(code: 0x2580, fg: .rgb(top),
                                             bg: hasBottom ? .rgb(px[bottomRow + ix]) : .default)
                        }
                        di += 1
                    }
                }
            }
        }
    }
}
