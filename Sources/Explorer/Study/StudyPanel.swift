import TerminalUI

/// The explorer's study view: what the study is, where the answers go, space to run it; after a session, that
/// session's chart.
struct StudyPanel: Widget {
    var trials: Int
    var csvPath: String
    /// The last session's answers (nil: none run yet).
    var last: StudyResults?

    func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in
            var y = rect.y
            g.drawText("The human study of the LAPGAN paper (its Fig. 6), on you", x: rect.x, y: y, style: .bold, maxWidth: rect.width)
            y += 1
            let about = "space runs \(trials) trials: a real or a generated image for 50–2000 ms, then y (real) or n (generated); "
                + "answers are appended to \(csvPath)."
            for line in TextWrap.lines(about, width: max(10, rect.width)) where y < rect.maxY {
                g.drawText(line, x: rect.x, y: y, maxWidth: rect.width)
                y += 1
            }
            guard let last, y + 2 < rect.maxY else { return }
            y += 1
            g.drawText("last session: \(last.tally)", x: rect.x, y: y, style: .dim, maxWidth: rect.width)
            StudyChart(results: last).render(into: &g, in: Rect(x: rect.x, y: y + 2, width: rect.width, height: rect.maxY - y - 2))
        }
    }
}
