import TerminalUI

/// Every key, one line each.
struct HelpView: Widget {

    static let lines: [(String, String)] = [
        ("tab / shift-tab", "next / previous view: pyramid, grid, loss curves, help"),
        ("?", "this help"),
        ("esc", "back to the pyramid view"),
        ("↑ k  ← h", "select the coarser level"),
        ("↓ j  → l", "select the finer level (pyramid view); move in the grid"),
        ("[ ]", "coarser / finer level in any view"),
        ("0–9", "select level n (pyramid view)"),
        ("r", "re-roll z_k of the selected level only (grid: for every sample)"),
        ("R", "re-roll every level"),
        ("w", "walk z_k of the selected level (spherical path between seeds' noise); any key stops"),
        ("u / U", "undo / redo a re-roll"),
        ("enter", "grid: open the selected sample in the pyramid view"),
        ("s", "save the current image and its pyramid as PNG (path in the status bar)"),
        ("+ / -", "loss view: more / less smoothing"),
        ("l  o", "loss view: log scale; fit y to the 5th–95th percentile"),
        ("1–9  a", "loss view: show/hide the n-th level of the legend; show all"),
        ("ctrl-l", "redraw the screen"),
        ("q  ctrl-c", "quit"),
    ]

    func render(into grid: inout CellGrid, in rect: Rect) {
        var y = rect.y
        grid.drawText("keys", x: rect.x + 2, y: y, style: .bold)
        y += 2
        for (key, what) in HelpView.lines where y < rect.maxY {
            grid.drawText(key, x: rect.x + 2, y: y, style: .bold, maxWidth: 16)
            grid.drawText(what, x: rect.x + 20, y: y, maxWidth: max(0, rect.width - 22))
            y += 1
        }
        if y + 1 < rect.maxY {
            grid.drawText("Δz_k: mean change of the final image (0–255) when only z_k is re-rolled — how much a level uses its noise.",
                          x: rect.x + 2, y: y + 1, style: .dim, maxWidth: rect.width - 4)
        }
    }
}
