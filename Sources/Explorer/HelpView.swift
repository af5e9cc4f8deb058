import TerminalUI

/// Every key, one line each.
struct HelpView: Widget {
    /// The keys listed and the note under them (the image pyramid viewer has its own).
    var lines = HelpView.lines
    var note = "Δz_k: mean change of the final image (0–255) when only z_k is re-rolled — how much a level uses its noise."

    static let lines: [(String, String)] = [
        ("tab / shift-tab", "next / previous view: pyramid, grid, loss curves, timeline (with snapshots), human study, help"),
        ("?  esc", "this help; back to the pyramid view"),
        ("↑ k ← h  ↓ j → l", "coarser / finer level (pyramid view); move in the grid"),
        ("[ ]  0–9", "coarser / finer level in any view; select level n (pyramid view)"),
        ("r / R", "re-roll z_k of the selected level only (grid: for every sample) / every level"),
        ("w", "walk z_k of the selected level (spherical path between seeds' noise); any key stops"),
        ("c / C", "next / previous class (class-conditional models; same seeds)"),
        ("i / I", "start from the next / previous real image: its pyramid kept at and above the selected level, the finer levels generated; esc back"),
        ("n", "the 6 training images nearest to the sample in pixel space, with their distances (does the model copy?); esc back"),
        ("u / U", "undo / redo a re-roll"),
        ("enter", "grid: open the selected sample in the pyramid view"),
        ("s  e", "save the current image and its pyramid as PNG; e: what the screen animates as a GIF (the walk after w, else re-rolls of the level; the timeline)"),
        ("+ / -  l  o", "loss view: more / less smoothing; log scale; fit y to the 5th–95th percentile"),
        ("1–9  a", "loss view: show/hide the n-th level of the legend; show all"),
        ("space", "study view: run the human study (real or generated? y / n; answers appended to the --csv file)"),
        ("← →  home end", "timeline view (models trained with --snapshot-every): one snapshot back / on, first / last; ↑ ↓ level, r new seeds"),
        ("ctrl-l  q  ctrl-c", "redraw the screen; quit"),
        ("mouse", "click a tab (view), a level (select it), a band h̃_k (re-roll that level), a grid sample (open it), a loss plot (step and values there); wheel: levels, grid samples, snapshots"),
    ]

    func render(into grid: inout CellGrid, in rect: Rect) {
        var y = rect.y
        grid.drawText("keys", x: rect.x + 2, y: y, style: .bold)
        y += 2
        // Descriptions wrap while there are rows to spare, the rest are cut to one line.
        let textWidth = max(1, rect.width - 22)
        let wrapped = lines.map { TextWrap.lines($0.1, width: textWidth) }
        var spare = rect.maxY - y - lines.count  // rows left for continuation lines
        for ((key, what), lines) in zip(lines, wrapped) where y < rect.maxY {
            grid.drawText(key, x: rect.x + 2, y: y, style: .bold, maxWidth: 18)
            let wrap = lines.count - 1 <= spare
            if wrap { spare -= lines.count - 1 }
            for line in wrap ? lines : [CharacterWidth.truncate(what, toWidth: textWidth)] where y < rect.maxY {
                grid.drawText(line, x: rect.x + 21, y: y, maxWidth: textWidth)
                y += 1
            }
        }
        if y + 1 < rect.maxY {
            grid.drawText(note, x: rect.x + 2, y: y + 1, style: .dim, maxWidth: rect.width - 4)
        }
    }
}
