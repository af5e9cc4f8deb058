import TerminalUI

/// Where the compare view puts things: a caption row (model A, model B, |A−B|), then one band per level, coarsest
/// at the top: the level's title line (its mean |ΔĨ_k| and both Δz_k) over A's Ĩ_k, B's Ĩ_k and their difference side
/// by side. Each level gets the largest zoom that lets every band fit (a finer level never smaller than a coarser
/// one; images may be reduced, 1/2, 1/3 …). A pure function of the sizes.
struct CompareLayout: Equatable {
    struct Band: Equatable {
        var level: Int
        var titleY: Int
        /// A's, B's and the difference picture's cells.
        var a: Rect, b: Rect, difference: Rect
        var zoom: ImageZoom
    }
    var bands: [Band]
    /// Left edges of the three columns (for the caption row).
    var columns: [Int]
    var width: Int, height: Int

    static let gap = 2
    static let minimumPixels = 3

    private static func rows(_ px: Int) -> Int { (px + 1) / 2 }

    static func make(sizes: [Int], width: Int, height: Int) -> CompareLayout? {
        // Reduced images keep 7 pixels where they can (a 7×7 level is not shrunk to 4×4 to enlarge another).
        make(sizes: sizes, width: width, height: height, reducedAtLeast: 7)
            ?? make(sizes: sizes, width: width, height: height, reducedAtLeast: minimumPixels)
    }

    private static func make(sizes: [Int], width: Int, height: Int, reducedAtLeast: Int) -> CompareLayout? {
        guard !sizes.isEmpty, width >= 3 * minimumPixels + 2 * gap, height >= 1 + 2 * sizes.count else { return nil }
        let limit = min((width - 2 * gap) / 3, 2 * (height - 1 - sizes.count))
        guard limit >= minimumPixels else { return nil }
        // Candidate zooms per level, largest first.
        let options: [[ImageZoom]] = sizes.map { size in
            var z = (1...max(1, limit / max(1, size))).reversed().map { ImageZoom.times($0) }.filter { $0.pixels(size) <= limit }
            var d = 2
            while (size + d - 1) / d >= reducedAtLeast { z.append(.over(d)); d += 1 }
            return z.filter { $0.pixels(size) <= limit }
        }
        let budget = height - 1 - sizes.count  // rows for images
        var best: (score: Int, zooms: [ImageZoom])?
        var chosen: [ImageZoom] = []
        // Coarsest first: each finer level at least as large as the one above.
        func search(_ k: Int, rowsLeft: Int, above: Int, score: Int) {
            if k < 0 {
                if best == nil || score > best!.score { best = (score, chosen.reversed()) }
                return
            }
            for z in options[k] {
                let px = z.pixels(sizes[k])
                guard px >= above, rows(px) <= rowsLeft else { continue }
                chosen.append(z)
                search(k - 1, rowsLeft: rowsLeft - rows(px), above: px, score: score + px * px * (k == 0 ? 2 : 1))
                chosen.removeLast()
            }
        }
        search(sizes.count - 1, rowsLeft: budget, above: 0, score: 0)
        guard let b = best else { return nil }
        let pixels = sizes.indices.map { b.zooms[$0].pixels(sizes[$0]) }
        let column = pixels.max() ?? 0
        let xs = [0, column + gap, 2 * (column + gap)]
        var bands: [Band] = []
        var y = 1
        for k in stride(from: sizes.count - 1, through: 0, by: -1) {
            let px = pixels[k], h = rows(px)
            bands.append(Band(level: k, titleY: y, a: Rect(x: xs[0], y: y + 1, width: px, height: h),
                              b: Rect(x: xs[1], y: y + 1, width: px, height: h),
                              difference: Rect(x: xs[2], y: y + 1, width: px, height: h), zoom: b.zooms[k]))
            y += 1 + h
        }
        return CompareLayout(bands: bands, columns: xs, width: xs[2] + column, height: y)
    }
}
