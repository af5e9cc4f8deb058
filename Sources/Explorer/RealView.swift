import TerminalUI

/// Starting from a real image (`i`): the real finest image, the real pyramid's level k that is kept, and the
/// finest image the model generates from it, side by side. It draws the pictures it is given.
struct RealView: Widget {
    var real: PixelImage?
    var kept: PixelImage?
    var generated: PixelImage?
    var layout: Layout?
    var mode: ColorMode
    var title: String

    struct Layout: Equatable {
        /// Real, kept and generated panels (relative to the content area), with their captions above them.
        var panels: [PyramidLayout.Panel]
        var captions: [(x: Int, text: String)]
        static func == (a: Layout, b: Layout) -> Bool { a.panels == b.panels && a.captions.map(\.text) == b.captions.map(\.text) }
    }

    static let gap = 4

    /// The largest zoom at which real and generated finest images (`sizes[0]`) and the kept level-k image fit
    /// side by side in `width`×`height` cells below a title and a caption row; nil when not even reduced ones fit.
    static func layout(sizes: [Int], level k: Int, width: Int, height: Int) -> Layout? {
        guard !sizes.isEmpty, k >= 0, k < sizes.count else { return nil }
        let s0 = sizes[0], sk = sizes[k]
        var zooms = (1...max(1, width / max(s0, 1))).reversed().map { ImageZoom.times($0) }
        var d = 2
        while (s0 + d - 1) / d >= PyramidLayout.minimumThumbnail && d <= s0 { zooms.append(.over(d)); d += 1 }
        for z in zooms {
            let p0 = z.pixels(s0), room = width - 2 * p0 - 2 * gap
            guard (p0 + 1) / 2 + 2 <= height, room >= PyramidLayout.minimumThumbnail,
                  let zk = ImageZoom.fitting(sk, in: min(p0, room)) else { continue }
            let pk = zk.pixels(sk)
            guard pk >= PyramidLayout.minimumThumbnail else { continue }
            let y = 2, kx = p0 + gap, gx = kx + pk + gap
            let panels = [
                PyramidLayout.Panel(picture: .final, rect: Rect(x: 0, y: y, width: p0, height: (p0 + 1) / 2), zoom: z),
                PyramidLayout.Panel(picture: .image(k), rect: Rect(x: kx, y: y, width: pk, height: (pk + 1) / 2), zoom: zk),
                PyramidLayout.Panel(picture: .image(0), rect: Rect(x: gx, y: y, width: p0, height: (p0 + 1) / 2), zoom: z),
            ]
            let captions = [(0, "real I₀ \(z == .one ? "" : "\(z)")"), (kx, "kept I\(sub(k))"),
                            (gx, k == 0 ? "Ĩ₀ (all real)" : "generated Ĩ₀ \(z == .one ? "" : "\(z)")")]
            return Layout(panels: panels, captions: captions)
        }
        return nil
    }

    func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in
            g.drawText(title, x: rect.x, y: rect.y, style: PyramidView.selectedStyle, maxWidth: rect.width)
            guard let layout else {
                g.drawTextCentered("too small to show the real image; enlarge the terminal", in: rect, style: .dim)
                return
            }
            for (i, p) in layout.panels.enumerated() {
                let img = [real, kept, generated][i]
                if let img { g.drawImage(img, x: rect.x + p.rect.x, y: rect.y + p.rect.y, zoom: p.zoom, mode: mode) }
                let width = i + 1 < layout.panels.count ? layout.panels[i + 1].rect.x - p.rect.x - 1 : rect.width - p.rect.x
                g.drawText(layout.captions[i].text, x: rect.x + layout.captions[i].x, y: rect.y + 1, style: .bold, maxWidth: width)
                if i > 0 {
                    let mid = rect.y + p.rect.y + max(0, p.rect.height - 1) / 2
                    g.drawText(" →  ", x: rect.x + p.rect.x - RealView.gap, y: mid, style: .bold)
                }
            }
        }
    }
}
