import Foundation
import TerminalUI

/// The pyramid of the current sample: one row per level (coarsest at the top) showing l_k + h_k = Ĩ_k,
/// the selected level highlighted, and the final image large beside it when there is room.
/// It draws the pictures and titles it is given in the layout it is given.
struct PyramidView: Widget {
    /// Level k's pictures and title line, index k = level k.
    var levels: [LevelPictures]
    var titles: [String]
    var selectedLevel: Int
    /// Image sizes, finest first.
    var sizes: [Int]
    /// Nil when the pyramid does not fit.
    var layout: Layout?
    var mode: ColorMode

    /// Panel scale per level and the final image's scale for a rect; nil when even scale 1 does not fit.
    struct Layout: Equatable {
        var scales: [Int]
        var bigScale: Int
        var rowHeights: [Int]
        var gridWidth: Int
    }

    static let gap = 3  // " + " / " = " between panels

    static func layout(sizes: [Int], width: Int, height: Int) -> Layout? {
        let K = sizes.count - 1
        func rows(_ scales: [Int]) -> [Int] { scales.enumerated().map { k, s in (sizes[k] * s + 1) / 2 + 1 } }
        func rowWidth(_ k: Int, _ s: Int) -> Int { k == K ? sizes[k] * s : 3 * sizes[k] * s + 2 * gap }
        var best: Layout?
        // Try a common displayed height T (pixels) for every level, largest first.
        for target in stride(from: sizes[0] * 4, through: sizes.min() ?? 1, by: -1) {
            let scales = sizes.map { max(1, target / $0) }
            let heights = rows(scales)
            let gridWidth = (0...K).map { rowWidth($0, scales[$0]) }.max() ?? 0
            guard heights.reduce(0, +) <= height, gridWidth <= width else { continue }
            // The final image in the space to the right, if at least twice the finest level's size.
            let room = width - gridWidth - 2
            let big = HalfBlock.fitScale(imageWidth: sizes[0], imageHeight: sizes[0], cellsWide: max(room, 0), cellsHigh: height - 1)
            let bigScale = room >= sizes[0] * 2 ? big : 0
            let candidate = Layout(scales: scales, bigScale: bigScale, rowHeights: heights, gridWidth: gridWidth)
            if best == nil { best = candidate }
            // Prefer a larger final image over larger pyramid panels.
            if let b = best, bigScale > b.bigScale { best = candidate }
        }
        return best
    }

    /// The smallest terminal the view can draw in (content area).
    static func minimumSize(sizes: [Int]) -> (width: Int, height: Int) {
        let K = sizes.count - 1
        let w = (0...K).map { $0 == K ? sizes[$0] : 3 * sizes[$0] + 2 * gap }.max() ?? 10
        let h = sizes.map { ($0 + 1) / 2 + 1 }.reduce(0, +)
        return (w, h)
    }

    func render(into grid: inout CellGrid, in rect: Rect) {
        let K = sizes.count - 1
        guard let layout else {
            let need = PyramidView.minimumSize(sizes: sizes)
            grid.drawTextCentered("the pyramid needs \(need.width)×\(need.height) cells here; enlarge the terminal or press tab",
                                  in: rect, style: .dim)
            return
        }
        var y = rect.y
        for k in stride(from: K, through: 0, by: -1) {
            let s = layout.scales[k], selected = k == selectedLevel
            let marker = selected ? "▶ " : "  "
            let style: Style = selected ? Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold) : .dim
            grid.drawText(marker + (k < titles.count ? titles[k] : "level \(k)"), x: rect.x, y: y, style: style, maxWidth: rect.width)
            let images = k < levels.count ? levels[k] : LevelPictures()
            var x = rect.x
            let imageY = y + 1
            let midY = imageY + (sizes[k] * s + 1) / 4
            if k == K {
                if let img = images.image { grid.drawImage(img, x: x, y: imageY, scale: s, mode: mode) }
            } else {
                for (i, img) in [images.lowpass, images.bandpass, images.image].enumerated() {
                    if let img { grid.drawImage(img, x: x, y: imageY, scale: s, mode: mode) }
                    x += sizes[k] * s
                    if i < 2 { grid.drawText(i == 0 ? " + " : " = ", x: x, y: midY, style: selected ? .bold : .plain); x += PyramidView.gap }
                }
            }
            y += layout.rowHeights[k]
        }
        if layout.bigScale > 0, let final = levels.first?.image {
            let bx = rect.x + layout.gridWidth + 2
            grid.drawText("Ĩ₀ final \(sizes[0])×\(sizes[0]) ×\(layout.bigScale)", x: bx, y: rect.y, style: .bold, maxWidth: rect.maxX - bx)
            grid.drawImage(final, x: bx, y: rect.y + 1, scale: layout.bigScale, mode: mode)
        }
    }

    /// The title line of level k: what it computes and its noise sensitivity (nil: still being measured).
    static func title(level k: Int, size: Int, coarsest: Int, sensitivity: Double?) -> String {
        let what = k == coarsest ? "Ĩ\(sub(k)) = G\(sub(k))(z\(sub(k)))" : "l\(sub(k)) + h̃\(sub(k)) = Ĩ\(sub(k))"
        let delta = sensitivity.map { String(format: "Δz%@ %.1f", sub(k), $0) } ?? "Δz\(sub(k)) …"
        return "level \(k)  \(size)×\(size)  \(what)  \(delta)"
    }
}
