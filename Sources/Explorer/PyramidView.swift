import Foundation
import TerminalUI

/// The pyramid of the current sample in the layout it is given (`PyramidLayout`): the full pyramid, one row per
/// level showing l_k + h̃_k = Ĩ_k with the final image beside it, or, in smaller terminals, the selected level large
/// with the other levels as thumbnails. It draws the pictures and titles it is given.
struct PyramidView: Widget {
    /// Level k's pictures and title line, index k = level k.
    var levels: [LevelPictures]
    var titles: [String]
    var selectedLevel: Int
    /// Nil when nothing fits.
    var layout: PyramidLayout?
    var mode: ColorMode
    /// A real image's pyramid (`lapgan-tui photo.png`): captions say I_k and h_k, not the generated Ĩ_k and h̃_k.
    var real = false

    static let selectedStyle = Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold)

    func render(into grid: inout CellGrid, in rect: Rect) {
        guard let layout else {
            grid.drawTextCentered("too small for the pyramid; enlarge the terminal or press tab", in: rect, style: .dim)
            return
        }
        grid.withClip(rect) { g in
            for panel in layout.panels {
                guard let img = picture(panel.picture) else { continue }
                g.drawImage(img, x: rect.x + panel.rect.x, y: rect.y + panel.rect.y, zoom: panel.zoom, mode: mode)
            }
            for label in layout.labels {
                let x = rect.x + label.x, y = rect.y + label.y
                switch label.text {
                case .title(let k):
                    let selected = k == selectedLevel
                    let text = (selected ? "▶ " : "  ") + (k < titles.count ? titles[k] : "level \(k)")
                    g.drawText(text, x: x, y: y, style: selected ? PyramidView.selectedStyle : .dim, maxWidth: label.width)
                case .plus(let k), .equals(let k):
                    let sign = if case .plus = label.text { " + " } else { " = " }
                    g.drawText(sign, x: x, y: y, style: k == selectedLevel ? .bold : .plain, maxWidth: label.width)
                case .caption(let generated):
                    let text = real ? generated.replacingOccurrences(of: "Ĩ", with: "I").replacingOccurrences(of: "h\u{303}", with: "h") : generated
                    g.drawText(CharacterWidth.truncate(text, toWidth: label.width), x: x, y: y,
                               style: label.emphasis ? .bold : .dim, maxWidth: label.width)
                }
            }
        }
    }

    private func picture(_ p: PyramidLayout.Picture) -> PixelImage? {
        func level(_ k: Int) -> LevelPictures? { k >= 0 && k < levels.count ? levels[k] : nil }
        switch p {
        case .lowpass(let k): return level(k)?.lowpass
        case .bandpass(let k): return level(k)?.bandpass
        case .image(let k): return level(k)?.image
        case .final: return level(0)?.image
        }
    }

    /// The title line of level k: what it computes and its noise sensitivity (nil: still being measured).
    static func title(level k: Int, size: Int, coarsest: Int, sensitivity: Double?) -> String {
        let what = k == coarsest ? "Ĩ\(sub(k)) = G\(sub(k))(z\(sub(k)))" : "l\(sub(k)) + h̃\(sub(k)) = Ĩ\(sub(k))"
        let delta = sensitivity.map { String(format: "Δz%@ %.1f", sub(k), $0) } ?? "Δz\(sub(k)) …"
        return "level \(k)  \(size)×\(size)  \(what)  \(delta)"
    }
}
