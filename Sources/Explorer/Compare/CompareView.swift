import Foundation
import TerminalUI

/// Draws the compare view as laid out by `CompareLayout`: per level A's and B's Ĩ_k and |ΔĨ_k| side by side under
/// a title line with the level's mean |ΔĨ_k| and each model's Δz_k; the selected level's title is marked ▶.
struct CompareView: Widget {
    var state: CompareState
    var layout: CompareLayout?
    var mode: ColorMode

    func render(into grid: inout CellGrid, in rect: Rect) {
        guard let layout else {
            grid.drawTextCentered("too small to compare; enlarge the terminal", in: rect, style: .dim)
            return
        }
        grid.withClip(rect) { g in
            let captions = ["A \(state.names.a)", "B \(state.names.b)", "|A−B| ×\(CompareState.differenceGain)"]
            let widths = [layout.columns[1] - layout.columns[0], layout.columns[2] - layout.columns[1], rect.width - layout.columns[2]]
            for i in 0..<3 {
                g.drawText(captions[i], x: rect.x + layout.columns[i], y: rect.y, style: .bold, maxWidth: max(1, widths[i] - 1))
            }
            for band in layout.bands {
                let k = band.level, selected = k == state.selectedLevel
                let size = state.models.a.description.sizes[k]
                func dz(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "…" }
                var title = (selected ? "▶ " : "  ") + "level \(k) \(size)×\(size)"
                if band.zoom != .one { title += " \(band.zoom)" }
                title += String(format: "  |ΔĨ%@| %.1f", sub(k), k < state.meanDifference.count ? state.meanDifference[k] : 0)
                title += "  Δz\(sub(k)) A \(dz(state.sensitivityA[k])) B \(dz(state.sensitivityB[k]))"
                g.drawText(title, x: rect.x, y: rect.y + band.titleY, style: selected ? PyramidView.selectedStyle : .dim, maxWidth: rect.width)
                for (picture, r) in [(state.picturesA, band.a), (state.picturesB, band.b), (state.differences, band.difference)] {
                    guard k < picture.count, let image = picture[k] else { continue }
                    g.drawImage(image, x: rect.x + r.x, y: rect.y + r.y, zoom: band.zoom, mode: mode)
                }
            }
        }
    }
}
