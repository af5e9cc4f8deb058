/// A rectangular grid of cells that views render into and a backend flushes to the terminal.
/// Every write is clipped to the grid and to `clip`; coordinates may be negative or too large.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]
    /// Drawing is limited to this rectangle (intersected with the grid).
    public var clip: Rect
    /// How many drawing calls reached outside the grid since it was made or last cleared (their cells there
    /// were dropped): cells, fills, lines and images placed past an edge, text starting outside the grid. Text
    /// cut by the right edge is not counted (status lines are cut on purpose). A screen whose views fit keeps
    /// this at 0, which tests check. Not part of equality.
    public private(set) var writesOutsideGrid = 0

    public init(width: Int, height: Int, fill: Cell = .blank) {
        var w = max(0, width), h = max(0, height)
        if Rect.checkedProduct(w, h) == nil || w * h > 1 << 28 { w = 0; h = 0 }  // absurd sizes: empty
        self.width = w
        self.height = h
        let f = fill.isContinuation ? Cell.blank : fill
        self.cells = Array(repeating: f, count: w * h)
        self.clip = Rect(x: 0, y: 0, width: w, height: h)
    }

    public static func == (a: CellGrid, b: CellGrid) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The rectangle writes actually reach: `clip` ∩ bounds.
    @inlinable public var drawableRect: Rect { clip.intersection(bounds) }

    /// Resizes (contents are cleared to `fill`) and resets the clip to the whole grid.
    public mutating func resize(width: Int, height: Int, fill: Cell = .blank) {
        self = CellGrid(width: width, height: height, fill: fill)
    }

    /// The cell at (x, y); a blank cell outside the grid.
    public func cell(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    /// Reading outside the grid gives a blank cell; writing outside the grid or clip does nothing.
    public subscript(x: Int, y: Int) -> Cell {
        get { cell(x: x, y: y) }
        set { put(newValue, x: x, y: y) }
    }

    /// Runs `body` with the clip narrowed to `rect` (and the current clip), then restores it.
    @discardableResult
    public mutating func withClip<T>(_ rect: Rect, _ body: (inout CellGrid) throws -> T) rethrows -> T {
        let saved = clip
        clip = clip.intersection(rect)
        defer { clip = saved }
        return try body(&self)
    }

    /// Direct access to the cell storage for hot loops. Callers must keep wide characters
    /// consistent (a wide lead is followed by a continuation cell) and respect `drawableRect`.
    public mutating func withUnsafeMutableCells<R>(_ body: (UnsafeMutableBufferPointer<Cell>) throws -> R) rethrows -> R {
        try cells.withUnsafeMutableBufferPointer { try body($0) }
    }

    public func withUnsafeCells<R>(_ body: (UnsafeBufferPointer<Cell>) throws -> R) rethrows -> R {
        try cells.withUnsafeBufferPointer { try body($0) }
    }

    // MARK: - Writing cells

    /// Writes one cell (wide characters take two columns; one that does not fit becomes a space).
    public mutating func put(_ cell: Cell, x: Int, y: Int) {
        let r = drawableRect
        guard r.contains(x: x, y: y) else {
            if !bounds.contains(x: x, y: y) { writesOutsideGrid += 1 }
            return
        }
        var c = cell
        if c.isContinuation { c.code = 0x20 }
        if c.code >= 0x1100 && c.displayWidth == 2 {
            if x + 1 < r.maxX {
                putWide(c, x: x, y: y)
                return
            }
            c.code = 0x20
        }
        putNarrow(c, index: y * width + x, x: x)
    }

    @inline(__always)
    mutating func putNarrow(_ c: Cell, index i: Int, x: Int) {
        if cells[i].isContinuation && x > 0 { cells[i - 1].code = 0x20 }
        if x + 1 < width && cells[i + 1].isContinuation { cells[i + 1].code = 0x20 }
        cells[i] = c
    }

    private mutating func putWide(_ c: Cell, x: Int, y: Int) {
        let i = y * width + x
        if cells[i].isContinuation && x > 0 { cells[i - 1].code = 0x20 }
        if x + 2 < width && cells[i + 2].isContinuation { cells[i + 2].code = 0x20 }
        cells[i] = c
        var cont = c
        cont.code = Cell.continuationCode
        cells[i + 1] = cont
    }

    /// Repairs wide characters cut by a block write covering columns x0..<x1 of row y.
    @inline(__always)
    mutating func fixWideEdges(y: Int, x0: Int, x1: Int) {
        guard y >= 0, y < height, x0 < x1 else { return }
        let row = y * width
        if x0 > 0, x0 < width, cells[row + x0].isContinuation { cells[row + x0 - 1].code = 0x20 }
        if x1 > 0, x1 < width, cells[row + x1].isContinuation { cells[row + x1].code = 0x20 }
    }

    /// Counts a drawing call whose `rect` reaches outside the grid.
    @inline(__always)
    mutating func noteOutside(_ rect: Rect) {
        guard rect.width > 0, rect.height > 0 else { return }
        if rect.x < 0 || rect.y < 0 || rect.x > width - rect.width || rect.y > height - rect.height { writesOutsideGrid += 1 }
    }

    /// Sets every cell (inside the clip) to a space in `style`.
    public mutating func clear(_ style: Style = .plain) {
        writesOutsideGrid = 0
        fill(bounds, with: .blank(style))
    }

    /// Fills `rect` (clipped) with `cell` (a wide character fills with spaces instead).
    public mutating func fill(_ rect: Rect, with cell: Cell) {
        noteOutside(rect)
        let r = rect.intersection(drawableRect)
        guard !r.isEmpty else { return }
        var c = cell
        if c.isContinuation || c.displayWidth != 1 { c.code = 0x20 }
        for y in r.minY..<r.maxY {
            fixWideEdges(y: y, x0: r.minX, x1: r.maxX)
            let start = y * width + r.minX
            cells.withUnsafeMutableBufferPointer { buf in
                for i in start..<(start + r.width) { buf[i] = c }
            }
        }
    }

    /// Fills `rect` with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        fill(rect, with: .blank(style))
    }

    // MARK: - Text

    /// Draws `text` on row `y` starting at column `x`, clipped; at most `maxWidth` columns when
    /// given. Control characters are shown as `?` (a tab as a space). Returns the column after
    /// the last character placed (or that would have been placed, when clipped on the right).
    @discardableResult
    public mutating func drawText(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        let r = drawableRect
        // Coordinates this far out cannot reach the grid (and must not overflow below).
        guard x > Int.min / 4, x < Int.max / 4 else { return x }
        let limit = maxWidth.map { Rect.saturatingAdd(x, max(0, $0)) } ?? Int.max
        var cx = x
        let rowVisible = y >= r.minY && y < r.maxY
        if !text.isEmpty && (y < 0 || y >= height || x < 0) && limit > x { writesOutsideGrid += 1 }
        for ch in text {
            let w: Int
            var code: UInt32
            if ch == "\t" {
                code = 0x20
                w = 1
            } else {
                code = Cell.code(for: ch)
                w = code == 0x3F && ch != "?" ? 1 : CharacterWidth.of(ch)
            }
            if cx + w > limit { break }
            if rowVisible {
                if cx >= r.maxX { return cx + w }
                if cx >= r.minX && cx + w <= r.maxX {
                    let cell = Cell(code: code, fg: style.fg, bg: style.bg, attributes: style.attributes)
                    if w == 2 { putWide(cell, x: cx, y: y) } else { putNarrow(cell, index: y * width + cx, x: cx) }
                } else if cx + w > r.minX {
                    // A wide character straddling the clip edge: show the visible half as a space.
                    for px in max(cx, r.minX)..<min(cx + w, r.maxX) { put(.blank(style), x: px, y: y) }
                }
            }
            cx += w
        }
        return cx
    }

    /// Draws `text` centred horizontally in `rect` on row `y` (default: the middle row),
    /// truncated with `…` to the rectangle's width.
    public mutating func drawTextCentered(_ text: String, in rect: Rect, y: Int? = nil, style: Style = .plain) {
        guard rect.width > 0, rect.isSane, Rect.isSane(y ?? 0) else { return }
        let t = CharacterWidth.truncate(text, toWidth: rect.width)
        let w = CharacterWidth.of(t)
        let row = y ?? (rect.y + (rect.height - 1) / 2)
        withClip(rect) { g in g.drawText(t, x: rect.x + (rect.width - w) / 2, y: row, style: style) }
    }

    // MARK: - Lines and boxes

    /// A horizontal line of `length` cells starting at (x, y).
    public mutating func drawHLine(x: Int, y: Int, length: Int, style: Style = .plain, character: Unicode.Scalar = "─") {
        guard length > 0 else { return }
        noteOutside(Rect(x: x, y: y, width: length, height: 1))
        let r = drawableRect
        guard y >= r.minY, y < r.maxY else { return }
        let x0 = max(x, r.minX), x1 = min(Rect.saturatingAdd(x, length), r.maxX)
        guard x0 < x1 else { return }
        let c = Cell(scalar: character, style: style)
        for px in x0..<x1 { put(c, x: px, y: y) }
    }

    /// A vertical line of `length` cells starting at (x, y) and going down.
    public mutating func drawVLine(x: Int, y: Int, length: Int, style: Style = .plain, character: Unicode.Scalar = "│") {
        guard length > 0 else { return }
        noteOutside(Rect(x: x, y: y, width: 1, height: length))
        let r = drawableRect
        guard x >= r.minX, x < r.maxX else { return }
        let y0 = max(y, r.minY), y1 = min(Rect.saturatingAdd(y, length), r.maxY)
        guard y0 < y1 else { return }
        let c = Cell(scalar: character, style: style)
        for py in y0..<y1 { put(c, x: x, y: py) }
    }

    /// A frame along the edge of `rect`, optionally with a title in the top edge (` title `).
    /// The inside is left as it is; use `rect.inset(dx: 1, dy: 1)` for the content area.
    public mutating func drawBox(_ rect: Rect, style: Style = .plain, border: BorderStyle = .single,
                                 title: String? = nil, titleStyle: Style? = nil) {
        guard rect.isSane else { return }
        guard rect.width >= 2, rect.height >= 2 else {
            if rect.height == 1 { drawHLine(x: rect.x, y: rect.y, length: rect.width, style: style, character: border.horizontal) }
            else if rect.width == 1 { drawVLine(x: rect.x, y: rect.y, length: rect.height, style: style, character: border.vertical) }
            return
        }
        let b = border
        drawHLine(x: rect.x + 1, y: rect.y, length: rect.width - 2, style: style, character: b.horizontal)
        drawHLine(x: rect.x + 1, y: rect.maxY - 1, length: rect.width - 2, style: style, character: b.horizontal)
        drawVLine(x: rect.x, y: rect.y + 1, length: rect.height - 2, style: style, character: b.vertical)
        drawVLine(x: rect.maxX - 1, y: rect.y + 1, length: rect.height - 2, style: style, character: b.vertical)
        put(Cell(scalar: b.topLeft, style: style), x: rect.x, y: rect.y)
        put(Cell(scalar: b.topRight, style: style), x: rect.maxX - 1, y: rect.y)
        put(Cell(scalar: b.bottomLeft, style: style), x: rect.x, y: rect.maxY - 1)
        put(Cell(scalar: b.bottomRight, style: style), x: rect.maxX - 1, y: rect.maxY - 1)
        if let title = title, !title.isEmpty, rect.width >= 5 {
            let t = CharacterWidth.truncate(title, toWidth: rect.width - 4)
            withClip(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1)) { g in
                g.drawText(" " + t + " ", x: rect.x + 1, y: rect.y, style: titleStyle ?? style)
            }
        }
    }

    // MARK: - Reading back

    /// The characters of row `y` (continuation cells skipped); empty outside the grid.
    public func rowString(_ y: Int) -> String {
        string(in: Rect(x: 0, y: y, width: width, height: 1))
    }

    /// The characters inside `rect`, rows separated by newlines.
    public func string(in rect: Rect) -> String {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return "" }
        var out = ""
        for y in r.minY..<r.maxY {
            if y > r.minY { out.append("\n") }
            for x in r.minX..<r.maxX {
                out += cells[y * width + x].string
            }
        }
        return out
    }

    /// The whole grid as text, one line per row.
    public var text: String { string(in: bounds) }
}
