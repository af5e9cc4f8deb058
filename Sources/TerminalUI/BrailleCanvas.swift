/// A dot canvas drawn with Braille characters: each cell holds 2×4 dots (U+2800 + bits).
/// Dot (0,0) is the top left of the canvas; x grows right, y grows down. Each cell has one
/// colour: a dot written with a priority at least the cell's current one sets it, so a
/// smoothed curve (higher priority) beats a faint raw curve drawn under it.
public struct BrailleCanvas: Sendable {
    public let widthCells: Int
    public let heightCells: Int
    public var dotWidth: Int { widthCells * 2 }
    public var dotHeight: Int { heightCells * 4 }

    private var bits: [UInt8]
    private var colors: [CellColor]
    private var priorities: [Int]
    private var attributes: [CellAttributes]

    public init(widthCells: Int, heightCells: Int) {
        let ok = Rect.checkedProduct(max(0, widthCells), max(0, heightCells)).map { $0 <= 1 << 26 } ?? false
        self.widthCells = ok ? max(0, widthCells) : 0
        self.heightCells = ok ? max(0, heightCells) : 0
        let n = self.widthCells * self.heightCells
        bits = Array(repeating: 0, count: n)
        colors = Array(repeating: .default, count: n)
        priorities = Array(repeating: Int.min, count: n)
        attributes = Array(repeating: [], count: n)
    }

    /// The bit of dot (dx, dy) within a cell (dx 0...1, dy 0...3), per Unicode's numbering:
    /// dots 1,2,3,7 down the left column, 4,5,6,8 down the right; dot n is bit n-1.
    @inlinable
    public static func bit(dx: Int, dy: Int) -> UInt8 {
        switch (dx, dy) {
        case (0, 0): return 0x01
        case (0, 1): return 0x02
        case (0, 2): return 0x04
        case (0, 3): return 0x40
        case (1, 0): return 0x08
        case (1, 1): return 0x10
        case (1, 2): return 0x20
        case (1, 3): return 0x80
        default: return 0
        }
    }

    /// Sets the dot at (x, y); dots outside the canvas are ignored.
    public mutating func set(x: Int, y: Int, color: CellColor = .default, priority: Int = 0, attributes attrs: CellAttributes = []) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y >> 2) * widthCells + (x >> 1)
        bits[i] |= BrailleCanvas.bit(dx: x & 1, dy: y & 3)
        if priority >= priorities[i] {
            priorities[i] = priority
            colors[i] = color
            attributes[i] = attrs
        }
    }

    /// Whether the dot at (x, y) is set.
    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y >> 2) * widthCells + (x >> 1)] & BrailleCanvas.bit(dx: x & 1, dy: y & 3) != 0
    }

    /// The dot pattern (0...255) of cell (cx, cy).
    public func pattern(cellX cx: Int, cellY cy: Int) -> UInt8 {
        guard cx >= 0, cy >= 0, cx < widthCells, cy < heightCells else { return 0 }
        return bits[cy * widthCells + cx]
    }

    /// A line between two dot positions (inclusive), both ends rounded to the nearest dot.
    /// Coordinates may lie far outside the canvas: the segment is clipped first. Non-finite
    /// coordinates draw nothing.
    public mutating func line(from p0: (x: Double, y: Double), to p1: (x: Double, y: Double),
                              color: CellColor = .default, priority: Int = 0, attributes attrs: CellAttributes = []) {
        guard p0.x.isFinite, p0.y.isFinite, p1.x.isFinite, p1.y.isFinite, dotWidth > 0, dotHeight > 0 else { return }
        guard (p1.x - p0.x).isFinite, (p1.y - p0.y).isFinite else { return }
        // Liang–Barsky against the canvas, widened by half a dot so rounding stays inside.
        let xmin = -0.5, ymin = -0.5, xmax = Double(dotWidth) - 0.5, ymax = Double(dotHeight) - 0.5
        var t0 = 0.0, t1 = 1.0
        let dx = p1.x - p0.x, dy = p1.y - p0.y
        for (p, q) in [(-dx, p0.x - xmin), (dx, xmax - p0.x), (-dy, p0.y - ymin), (dy, ymax - p0.y)] {
            if p == 0 {
                if q < 0 { return }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return }; if r > t0 { t0 = r } }
                else { if r < t0 { return }; if r < t1 { t1 = r } }
            }
        }
        let ax = p0.x + t0 * dx, ay = p0.y + t0 * dy
        let bx = p0.x + t1 * dx, by = p0.y + t1 * dy
        guard ax.isFinite, ay.isFinite, bx.isFinite, by.isFinite else { return }
        func clamp(_ v: Double, _ hi: Int) -> Int {
            if !(v >= 0) { return 0 }
            if v >= Double(hi - 1) { return hi - 1 }
            return Int(v.rounded())
        }
        bresenham(x0: clamp(ax, dotWidth), y0: clamp(ay, dotHeight), x1: clamp(bx, dotWidth), y1: clamp(by, dotHeight),
                  color: color, priority: priority, attributes: attrs)
    }

    /// A Bresenham line between two dots (inclusive); parts outside the canvas are skipped.
    public mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, color: CellColor = .default, priority: Int = 0, attributes attrs: CellAttributes = []) {
        let inside = x0 >= 0 && y0 >= 0 && x1 >= 0 && y1 >= 0 && x0 < dotWidth && x1 < dotWidth && y0 < dotHeight && y1 < dotHeight
        if inside {
            bresenham(x0: x0, y0: y0, x1: x1, y1: y1, color: color, priority: priority, attributes: attrs)
        } else {
            line(from: (Double(x0), Double(y0)), to: (Double(x1), Double(y1)), color: color, priority: priority, attributes: attrs)
        }
    }

    private mutating func bresenham(x0: Int, y0: Int, x1: Int, y1: Int, color: CellColor, priority: Int, attributes attrs: CellAttributes) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1
        let dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x, y: y, color: color, priority: priority, attributes: attrs)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Writes the non-empty cells into `grid` with their top-left at (x, y): the Braille
    /// character in the cell's colour; the grid cell's background is kept.
    public func render(into grid: inout CellGrid, x: Int, y: Int) {
        guard Rect.isSane(x), Rect.isSane(y) else { return }
        for cy in 0..<heightCells {
            for cx in 0..<widthCells {
                let i = cy * widthCells + cx
                let b = bits[i]
                guard b != 0 else { continue }
                let old = grid.cell(x: x + cx, y: y + cy)
                grid.put(Cell(code: 0x2800 + UInt32(b), fg: colors[i], bg: old.bg, attributes: attributes[i]), x: x + cx, y: y + cy)
            }
        }
    }
}
