import TerminalUI

/// Where the pyramid view puts each picture and label: a pure function of the image sizes, the content area
/// and the selected level, so every terminal size and model shape is tested without drawing anything.
///
/// Two kinds, best first:
/// - `stacked`: the full pyramid, one row per level (coarsest at the top) showing l_k + h̃_k = Ĩ_k, each level
///   enlarged by the largest whole factor that fits, and the final image Ĩ₀ large beside it when there is room.
/// - `focus`: when the full pyramid does not fit, the selected level's l_k + h̃_k = Ĩ_k as large as fits, with
///   the other levels' Ĩ_j as a strip of thumbnails beside or below it. Where even that is too wide, l_k and h̃_k
///   are shown at half the size of Ĩ_k, and images may be reduced (1/2, 1/3 … by averaging pixel blocks;
///   the captions say so), so the view degrades in steps and is never blank.
struct PyramidLayout: Equatable {
    enum Kind: String { case stacked, focus }
    enum Picture: Hashable { case lowpass(Int), bandpass(Int), image(Int), final }
    /// A picture at a position (relative to the content area's top left) and zoom; `rect` is the cells it covers.
    struct Panel: Equatable {
        var picture: Picture
        var rect: Rect
        var zoom: ImageZoom
    }
    enum Text: Equatable {
        /// Level k's title line (what it computes, its noise sensitivity), marked ▶ when selected.
        case title(Int)
        case plus(Int), equals(Int)
        case caption(String)
    }
    struct Label: Equatable {
        var text: Text
        var x: Int, y: Int
        /// Columns it may use.
        var width: Int
        var emphasis = false
    }

    var kind: Kind
    var panels: [Panel]
    var labels: [Label]
    /// Columns and rows used (all panels and labels lie inside).
    var width: Int
    var height: Int

    static let gap = 3  // " + " / " = " between panels
    /// Thumbnails smaller than this many pixels are not worth drawing.
    static let minimumThumbnail = 3

    /// The best layout for images of `sizes` (finest first) in `width`×`height` cells; nil when nothing fits.
    /// `chrome`: the cells around the content area (title and status bars), added to sizes the captions name.
    static func make(sizes: [Int], width: Int, height: Int, selected: Int, chrome: (width: Int, height: Int) = (0, 0)) -> PyramidLayout? {
        guard !sizes.isEmpty, width > 0, height > 1 else { return nil }
        let k = min(max(0, selected), sizes.count - 1)
        if let s = stacked(sizes: sizes, width: width, height: height, selected: k) { return s }
        return focus(sizes: sizes, width: width, height: height, selected: k, chrome: chrome)
    }

    /// The content size the full (stacked) pyramid needs at 1×.
    static func stackedMinimum(sizes: [Int]) -> (width: Int, height: Int)? {
        guard !sizes.isEmpty else { return nil }
        let K = sizes.count - 1
        return (sizes.indices.map { $0 == K ? sizes[$0] : 3 * sizes[$0] + 2 * gap }.max()!, sizes.map { rows($0) + 1 }.reduce(0, +))
    }

    private static func rows(_ pixels: Int) -> Int { (pixels + 1) / 2 }

    // MARK: stacked

    static func stacked(sizes: [Int], width: Int, height: Int, selected: Int) -> PyramidLayout? {
        let K = sizes.count - 1
        func rowWidth(_ k: Int, _ px: Int) -> Int { k == K ? px : 3 * px + 2 * gap }
        var best: (score: (Int, Int), zooms: [ImageZoom], final: ImageZoom?)?
        for target in stride(from: sizes[0] * 8, through: max(1, sizes.min() ?? 1), by: -1) {
            let zooms = sizes.map { ImageZoom.times(max(1, target / $0)) }
            let px = sizes.indices.map { zooms[$0].pixels(sizes[$0]) }
            let used = px.map { rows($0) + 1 }.reduce(0, +)
            let gridWidth = sizes.indices.map { rowWidth($0, px[$0]) }.max() ?? 0
            guard used <= height, gridWidth <= width else { continue }
            // The final image in the space to the right, when it can be larger there than in the pyramid.
            let room = width - gridWidth - 2
            var final: ImageZoom?
            if room >= sizes[0] {
                let f = HalfBlock.fitScale(imageWidth: sizes[0], imageHeight: sizes[0], cellsWide: room, cellsHigh: height - 1)
                if f > zooms[0].factor && sizes[0] * f <= room && rows(sizes[0] * f) <= height - 1 { final = .times(f) }
            }
            var area = sizes.indices.map { (k: Int) -> Int in (k == K ? 1 : 3) * px[k] * px[k] }.reduce(0, +)
            if let final { area += final.pixels(sizes[0]) * final.pixels(sizes[0]) }
            let score = (final == nil ? 0 : 1, area)
            if best == nil || score > best!.score { best = (score, zooms, final) }
        }
        guard let b = best else { return nil }
        var panels: [Panel] = [], labels: [Label] = []
        var y = 0
        let gridWidth = sizes.indices.map { rowWidth($0, b.zooms[$0].pixels(sizes[$0])) }.max() ?? 0
        for k in stride(from: K, through: 0, by: -1) {
            let z = b.zooms[k], px = z.pixels(sizes[k])
            labels.append(Label(text: .title(k), x: 0, y: y, width: b.final == nil ? width : gridWidth + 1))
            let imageY = y + 1, h = rows(px)
            if k == K {
                panels.append(Panel(picture: .image(k), rect: Rect(x: 0, y: imageY, width: px, height: h), zoom: z))
            } else {
                appendEquation(level: k, lowpass: z, image: z, size: sizes[k], x: 0, y: imageY, panels: &panels, labels: &labels)
            }
            y += h + 1
        }
        var used = gridWidth
        if let f = b.final {
            let x = gridWidth + 2, px = f.pixels(sizes[0])
            labels.append(Label(text: .caption("Ĩ₀ final \(sizes[0])×\(sizes[0]) \(f)"), x: x, y: 0, width: width - x, emphasis: true))
            panels.append(Panel(picture: .final, rect: Rect(x: x, y: 1, width: px, height: rows(px)), zoom: f))
            used = x + px
        }
        return PyramidLayout(kind: .stacked, panels: panels, labels: labels, width: used, height: max(y - 0, 0))
    }

    /// l_k + h̃_k = Ĩ_k from (x, y): l and h̃ at `lowpass` zoom, Ĩ at `image` zoom, the signs at the middle row.
    /// Returns the width used.
    @discardableResult
    private static func appendEquation(level k: Int, lowpass zl: ImageZoom, image zi: ImageZoom, size: Int, x: Int, y: Int,
                                       panels: inout [Panel], labels: inout [Label]) -> Int {
        let pl = zl.pixels(size), pi = zi.pixels(size)
        let h = max(rows(pl), rows(pi)), mid = y + (h - 1) / 2
        let ly = y + (h - rows(pl)) / 2  // smaller l and h̃ centred beside Ĩ
        var cx = x
        panels.append(Panel(picture: .lowpass(k), rect: Rect(x: cx, y: ly, width: pl, height: rows(pl)), zoom: zl))
        cx += pl
        labels.append(Label(text: .plus(k), x: cx, y: mid, width: gap))
        cx += gap
        panels.append(Panel(picture: .bandpass(k), rect: Rect(x: cx, y: ly, width: pl, height: rows(pl)), zoom: zl))
        cx += pl
        labels.append(Label(text: .equals(k), x: cx, y: mid, width: gap))
        cx += gap
        panels.append(Panel(picture: .image(k), rect: Rect(x: cx, y: y, width: pi, height: rows(pi)), zoom: zi))
        return cx + pi - x
    }

    // MARK: focus

    /// Zooms worth trying for a `size`-pixel image: enlargements up to `limit` pixels, then reductions.
    private static func zooms(_ size: Int, limit: Int) -> [ImageZoom] {
        var z = (1...max(1, limit / max(size, 1))).reversed().map { ImageZoom.times($0) }
        var d = 2
        while (size + d - 1) / d >= minimumThumbnail && d <= size {
            z.append(.over(d))
            d += 1
        }
        return z
    }

    private enum StripPlace { case right, below }

    /// The other levels' Ĩ_j as thumbnails in `area` (caption row above each), as large as fits.
    /// Thumbnails are at most `largest` pixels (not larger than the image they accompany).
    private static func strip(_ levels: [Int], sizes: [Int], place: StripPlace, area: Rect, largest: Int) -> (panels: [Panel], labels: [Label], score: Int)? {
        guard !levels.isEmpty else { return ([], [], 0) }
        guard area.width >= minimumThumbnail, area.height >= 1 + rows(minimumThumbnail) else { return nil }
        let maxT = place == .right ? min(area.width, 2 * area.height) : 2 * (area.height - 1)
        var target = min(maxT, largest)
        while target >= minimumThumbnail {
            let z = levels.map { ImageZoom.fitting(sizes[$0], in: target)! }
            let px = levels.indices.map { z[$0].pixels(sizes[levels[$0]]) }
            if px.allSatisfy({ $0 >= minimumThumbnail }) {
                let fits: Bool
                switch place {
                case .right: fits = px.max()! <= area.width && px.map { rows($0) + 1 }.reduce(0, +) <= area.height
                case .below: fits = px.reduce(0, +) + 2 * (px.count - 1) <= area.width && 1 + rows(px.max()!) <= area.height
                }
                if fits {
                    var panels: [Panel] = [], labels: [Label] = []
                    var x = area.x, y = area.y
                    for (i, j) in levels.enumerated() {
                        let w = place == .right ? area.width : px[i] + (i + 1 < levels.count ? 2 : 0)
                        let long = "Ĩ\(sub(j)) \(sizes[j])×\(sizes[j])" + (z[i] == .one ? "" : " \(z[i])")
                        let text = CharacterWidth.of(long) <= w ? long : "Ĩ\(sub(j))"
                        labels.append(Label(text: .caption(text), x: x, y: y, width: w))
                        panels.append(Panel(picture: .image(j), rect: Rect(x: x, y: y + 1, width: px[i], height: rows(px[i])), zoom: z[i]))
                        if place == .right { y += rows(px[i]) + 1 } else { x += px[i] + 2 }
                    }
                    return (panels, labels, px.map { $0 * $0 }.reduce(0, +))
                }
            }
            target -= 1
        }
        return nil
    }

    static func focus(sizes: [Int], width: Int, height: Int, selected k: Int, chrome: (width: Int, height: Int) = (0, 0)) -> PyramidLayout? {
        let K = sizes.count - 1, size = sizes[k]
        let others = stride(from: K, through: 0, by: -1).filter { $0 != k }
        var best: (score: (Int, Int), layout: PyramidLayout)?
        // No larger than the finest image at full size: the room is better spent on the other levels.
        for zi in zooms(size, limit: sizes[0]) {
            let pi = zi.pixels(size)
            guard pi <= width, rows(pi) + 1 <= height else { continue }
            for zl in k == K ? [zi] : [zi, zi.halved].compactMap({ $0 }) {
                let pl = zl.pixels(size)
                guard k == K || pl >= minimumThumbnail else { continue }
                let eqWidth = k == K ? pi : 2 * pl + 2 * gap + pi
                let eqRows = max(rows(pi), k == K ? 0 : rows(pl))
                guard eqWidth <= width, eqRows + 1 <= height else { continue }
                let places: [(StripPlace, Rect)] = [
                    (.right, Rect(x: eqWidth + 2, y: 1, width: width - eqWidth - 2, height: height - 1)),
                    (.below, Rect(x: 0, y: eqRows + 2, width: width, height: height - eqRows - 2)),
                ]
                var stripChoice: (panels: [Panel], labels: [Label], score: Int)?, stripPlace = StripPlace.below
                for (place, area) in places {
                    if let s = strip(others, sizes: sizes, place: place, area: area, largest: max(pi, minimumThumbnail)),
                       s.score > (stripChoice?.score ?? -1) {
                        stripChoice = s
                        stripPlace = place
                    }
                }
                let main = 4 * pi * pi + (k == K ? 0 : 3 * pl * pl)
                let score = (stripChoice == nil ? 0 : 1, main + (stripChoice?.score ?? 0))
                if let b = best, b.score >= score { continue }
                var panels: [Panel] = [], labels: [Label] = [Label(text: .title(k), x: 0, y: 0, width: width)]
                if k == K {
                    panels.append(Panel(picture: .image(k), rect: Rect(x: 0, y: 1, width: pi, height: rows(pi)), zoom: zi))
                } else {
                    appendEquation(level: k, lowpass: zl, image: zi, size: size, x: 0, y: 1, panels: &panels, labels: &labels)
                }
                if eqRows + 2 <= height {
                    let j = sub(k)
                    var note = zl == zi ? (zi.shrink > 1 ? "shown \(zi)" : "") : "l\(j), h̃\(j) \(zl), Ĩ\(j) \(zi)"
                    if let full = stackedMinimum(sizes: sizes) {
                        note += (note.isEmpty ? "" : " · ") + "full pyramid from \(full.width + chrome.width)×\(full.height + chrome.height)"
                    }
                    labels.append(Label(text: .caption(note), x: 0, y: eqRows + 1, width: stripPlace == .right && stripChoice != nil && !others.isEmpty ? eqWidth : width))
                }
                if let s = stripChoice {
                    panels += s.panels
                    labels += s.labels
                }
                let usedW = max(panels.map { $0.rect.maxX }.max() ?? 0, eqWidth)
                let usedH = max(panels.map { $0.rect.maxY }.max() ?? 0, labels.map { $0.y + 1 }.max() ?? 0)
                best = (score, PyramidLayout(kind: .focus, panels: panels, labels: labels, width: usedW, height: usedH))
            }
        }
        return best?.layout
    }
}
