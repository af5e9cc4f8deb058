import Foundation
import TerminalUI

/// The nearest training images (`n`): the sample on the left, its neighbours in a grid on the right, each with its
/// distance and its index and class below it. It draws the pictures it is given.
struct NeighboursView: Widget {
    var panel: NeighbourPanel?
    var layout: Layout?
    var mode: ColorMode

    struct Layout: Equatable {
        /// The sample's picture and each neighbour's (relative to the content area); captions go below them.
        var query: Rect
        var queryZoom: ImageZoom
        var cells: [Rect]
        var zoom: ImageZoom
    }

    /// Columns between neighbours, and between the sample and the first column (room for an arrow).
    static let gap = 1, separator = 3
    /// Caption rows below each neighbour (distance; index and class) and the narrowest caption.
    static let captionRows = 2, minimumCaptionWidth = 7

    /// The largest neighbours (then the largest sample) such that `count` neighbours of `size` pixels fit beside the
    /// sample in `width`×`height` cells below the title row; fewer neighbours when not all fit; nil when none do.
    static func layout(size s: Int, count k: Int, width: Int, height: Int) -> Layout? {
        guard s > 0, k > 0 else { return nil }
        var zooms = (1...max(1, width / s)).reversed().map { ImageZoom.times($0) }
        var d = 2
        while (s + d - 1) / d >= PyramidLayout.minimumThumbnail && d <= s { zooms.append(.over(d)); d += 1 }
        let top = 1, rowsLeft = height - top
        for n in stride(from: k, through: 1, by: -1) {
            for (zi, z) in zooms.enumerated() {
                let pw = z.pixels(s), ph = (pw + 1) / 2, cellW = max(pw, minimumCaptionWidth), cellH = ph + captionRows
                let rowsFit = (rowsLeft + 1) / (cellH + 1)
                guard rowsFit >= 1 else { continue }
                let rows = min(rowsFit, n), cols = (n + rows - 1) / rows
                let gridW = cols * cellW + (cols - 1) * gap
                // The sample: the largest zoom at least the neighbours' that fits beside them.
                guard let zq = zooms[...zi].first(where: { q in
                    let qw = q.pixels(s)
                    return qw + separator + gridW <= width && (qw + 1) / 2 + 1 <= rowsLeft
                }) else { continue }
                let qw = zq.pixels(s), x0 = qw + separator
                let cells = (0..<n).map { i in
                    Rect(x: x0 + (i % cols) * (cellW + gap), y: top + (i / cols) * (cellH + 1), width: pw, height: ph)
                }
                return Layout(query: Rect(x: 0, y: top, width: qw, height: (qw + 1) / 2), queryZoom: zq, cells: cells, zoom: z)
            }
        }
        return nil
    }

    /// The title: what was searched, in what, how fast; or that the search runs.
    static func title(_ p: NeighbourPanel?) -> String {
        guard let p else { return "nearest training images" }
        guard let found = p.found else { return "nearest training images: searching… (esc back)" }
        let n = grouped(p.searched)
        return "\(found.count) nearest of \(n) \(p.dataName ?? "training images") · d: rms 0–255 · "
            + String(format: "%.0f ms", p.searchMilliseconds) + " · esc back"
    }

    /// 60000 → "60,000".
    static func grouped(_ n: Int) -> String {
        var digits = String(n), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits = String(digits.dropLast(3))
        }
        return digits + out
    }

    func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in
            g.drawText(NeighboursView.title(panel), x: rect.x, y: rect.y, style: PyramidView.selectedStyle, maxWidth: rect.width)
            guard let layout else {
                g.drawTextCentered("too small to show the nearest neighbours; enlarge the terminal", in: rect, style: .dim)
                return
            }
            let q = layout.query
            if let query = panel?.query { g.drawImage(query, x: rect.x + q.x, y: rect.y + q.y, zoom: layout.queryZoom, mode: mode) }
            g.drawText("sample Ĩ₀ \(layout.queryZoom == .one ? "" : "\(layout.queryZoom)")", x: rect.x + q.x, y: rect.y + q.maxY,
                       style: .bold, maxWidth: q.width + NeighboursView.separator - 1)
            g.drawText(" ≈", x: rect.x + q.maxX, y: rect.y + q.y + max(0, q.height - 1) / 2, style: .bold)
            let found = panel?.found
            for (i, c) in layout.cells.enumerated() {
                let x = rect.x + c.x, y = rect.y + c.y, w = max(c.width, NeighboursView.minimumCaptionWidth)
                guard let found else {
                    if i == 0 { g.drawText("searching…", x: x, y: y, style: .dim, maxWidth: rect.maxX - x) }
                    continue
                }
                guard i < found.count else { continue }
                let f = found[i]
                if let p = f.picture { g.drawImage(p, x: x, y: y, zoom: layout.zoom, mode: mode) }
                g.drawText(String(format: "%d. d %.1f", i + 1, f.distance), x: x, y: y + c.height, style: .bold, maxWidth: w)
                g.drawText("#\(f.index + 1)\(f.className.map { " \($0)" } ?? "")", x: x, y: y + c.height + 1, style: .dim, maxWidth: w)
            }
        }
    }
}
