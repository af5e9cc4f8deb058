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

    /// Columns, rows and zoom of the grid (count 0 when not even one reduced image fits).
    struct Layout: Equatable {
        var columns: Int
        var rows: Int
        var zoom: ImageZoom
        var count: Int { columns * rows }
        /// Shown pixels per image side.
        func pixels(_ size: Int) -> Int { zoom.pixels(size) }
        /// The framed cell of sample i (its frame included), relative to the content area's top left.
        func cell(_ i: Int, size: Int) -> Rect {
            let px = pixels(size), r = (px + 1) / 2
            return Rect(x: (i % max(1, columns)) * (px + 2), y: (i / max(1, columns)) * (r + 1), width: px + 2, height: r + 2)
        }
    }

    /// The grid for images of `size` pixels in a `width`×`height` cell area: the largest zoom that shows at least
    /// 8 samples without reducing them below half size, else the largest that shows 4, else any that shows one.
    /// Each image has a one-cell frame around it (shared between rows).
    static func layout(size: Int, width: Int, height: Int) -> Layout {
        var zooms = (1...8).reversed().map { ImageZoom.times($0) }
        var d = 2
        while (size + d - 1) / d >= PyramidLayout.minimumThumbnail && d <= size { zooms.append(.over(d)); d += 1 }
        func fit(_ z: ImageZoom) -> Layout {
            let px = z.pixels(size), r = (px + 1) / 2
            return Layout(columns: max(0, width / (px + 2)), rows: max(0, (height - 1) / (r + 1)), zoom: z)
        }
        let all = zooms.map(fit)
        return all.first { $0.count >= 8 && $0.pixels(size) * 2 >= size }
            ?? all.first { $0.count >= 4 }
            ?? all.first { $0.count >= 1 }
            ?? Layout(columns: 0, rows: 0, zoom: zooms.last ?? .one)
    }

    func render(into grid: inout CellGrid, in rect: Rect) {
        let l = layout
        guard l.count > 0 else {
            grid.drawTextCentered("too small for the grid; enlarge the terminal", in: rect, style: .dim)
            return
        }
        grid.withClip(rect) { g in
            for i in 0..<min(pictures.count, l.count) {
                let frame = l.cell(i, size: size).offset(by: rect)
                if let img = pictures[i] { g.drawImage(img, x: frame.x + 1, y: frame.y + 1, zoom: l.zoom, mode: mode) }
                if i == selection { g.drawBox(frame, style: PyramidView.selectedStyle) }
            }
        }
    }

    /// Each shown sample's cell as a target (the frame's bottom row is shared with the next row's top, which wins).
    func record(into map: inout HitMap, in rect: Rect) {
        for i in 0..<min(pictures.count, layout.count) {
            map.add(.gridSample(i), layout.cell(i, size: size).offset(by: rect).intersection(rect))
        }
    }
}
