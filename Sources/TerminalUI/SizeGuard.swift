/// The "terminal too small" screen, reusable by every view.
public enum SizeGuard {
    /// The message for a terminal of `width`×`height` that needs `minWidth`×`minHeight`.
    public static func message(width: Int, height: Int, minWidth: Int, minHeight: Int) -> String {
        "terminal \(width)×\(height), need at least \(minWidth)×\(minHeight)"
    }

    /// True when `grid` is at least `minWidth`×`minHeight`. Otherwise clears it, draws the
    /// message (wrapped to fit, with "q quits" below when there is room) and returns false;
    /// the caller then skips its views but keeps handling keys so `q` still works.
    @discardableResult
    public static func check(_ grid: inout CellGrid, minWidth: Int, minHeight: Int) -> Bool {
        if grid.width >= minWidth && grid.height >= minHeight { return true }
        grid.clip = grid.bounds
        grid.clear()
        guard grid.width > 0, grid.height > 0 else { return false }
        let text = message(width: grid.width, height: grid.height, minWidth: minWidth, minHeight: minHeight)
        var lines = TextWrap.lines(text, width: grid.width)
        if lines.count < grid.height { lines.append("q quits") }
        let top = max(0, (grid.height - lines.count) / 2)
        for (i, line) in lines.prefix(grid.height).enumerated() {
            grid.drawTextCentered(line, in: grid.bounds, y: top + i, style: i == 0 ? Style(attributes: .bold) : Style(attributes: .dim))
        }
        return false
    }
}
