import TerminalUI

/// A grid of samples filling the view; the selected one is framed. It draws the pictures it is given.
struct GridView: Widget {
    /// The final image of each sample.
    var pictures: [PixelImage?]
    var selection: Int
    /// The side of one image in pixels.
    var size: Int
    var layout: Layout
    var mode: ColorMode

    /// Columns, rows and zoom of the grid.
    struct Layout: Equatable {
        var columns: Int
        var rows: Int
        var scale: Int
        var count: Int { columns * rows }
    }

    /// The grid for images of `size` pixels in a `width`×`height` cell area.
    static func layout(size: Int, width: Int, height: Int) -> Layout {
        // Aim for cells of at least 2× the image when the screen allows it, never below 1×.
        var best = Layout(columns: max(1, width / (size + 2)), rows: max(1, height / ((size + 1) / 2 + 1)), scale: 1)
        for scale in 2...4 {
            let c = width / (size * scale + 2), r = height / ((size * scale + 1) / 2 + 1)
            if c * r >= 8 { best = Layout(columns: c, rows: r, scale: scale) }
        }
        return best
    }

    func render(into grid: inout CellGrid, in rect: Rect) {
        let l = layout
        let cellW = size * l.scale + 2, cellH = (size * l.scale + 1) / 2 + 1
        for i in 0..<min(pictures.count, l.count) {
            let x = rect.x + (i % l.columns) * cellW + 1, y = rect.y + (i / l.columns) * cellH
            if let img = pictures[i] { grid.drawImage(img, x: x, y: y, scale: l.scale, mode: mode) }
            if i == selection {
                let frame = Rect(x: x - 1, y: y - 1, width: size * l.scale + 2, height: (size * l.scale + 1) / 2 + 2)
                grid.drawBox(frame, style: Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold))
            }
        }
    }
}
