import Foundation
import LapGAN

/// A grid of samples filling the view; the selected one is framed.
public struct GridView {
    public init() {}

    /// Columns, rows and scale of the grid for a rect.
    static func layout(size: Int, width: Int, height: Int) -> (columns: Int, rows: Int, scale: Int) {
        // Aim for cells of at least 2× the image when the screen allows it, never below 1×.
        var best = (columns: max(1, width / (size + 2)), rows: max(1, height / ((size + 1) / 2 + 1)), scale: 1)
        for scale in 2...4 {
            let c = width / (size * scale + 2), r = height / ((size * scale + 1) / 2 + 1)
            if c * r >= 8 { best = (c, r, scale) }
        }
        return best
    }

    public func count(for rect: Rect, size: Int) -> (columns: Int, count: Int) {
        let l = GridView.layout(size: size, width: rect.width, height: rect.height)
        return (l.columns, l.columns * l.rows)
    }

    public func render(_ state: ExplorerState, into grid: inout CellGrid, rect: Rect, mode: ColorMode) {
        guard let samples = state.grid else { return }
        let size = state.model.description.sizes[0]
        let l = GridView.layout(size: size, width: rect.width, height: rect.height)
        let final = (try? state.model.toDisplay(image: samples.image, level: 0)) ?? samples.image
        let cellW = size * l.scale + 2, cellH = (size * l.scale + 1) / 2 + 1
        for i in 0..<min(samples.count, l.columns * l.rows) {
            let x = rect.x + (i % l.columns) * cellW + 1, y = rect.y + (i / l.columns) * cellH
            if let img = TensorImages.image(final, index: i) { grid.drawImage(img, x: x, y: y, scale: l.scale, mode: mode) }
            if i == state.gridSelection {
                let frame = Rect(x: x - 1, y: y - 1, width: size * l.scale + 2, height: (size * l.scale + 1) / 2 + 2)
                grid.drawBox(frame, style: Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold))
            }
        }
    }
}
