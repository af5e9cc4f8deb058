import TerminalUI

/// The study's result as in the paper's Fig. 6: "% judged real" against the exposure, one marker per duration for
/// real images (●) and for generated ones (○; ◉ where both fall on the same cell), and under it the counts behind
/// each marker ("judged real / shown").
public struct StudyChart: Widget {
    public var results: StudyResults
    public var durations: [Int]

    public static let realMark: Character = "●", generatedMark: Character = "○", bothMark: Character = "◉"
    static let realStyle = Style(fg: .rgb(RGB(86, 180, 233)), attributes: .bold)
    static let generatedStyle = Style(fg: .rgb(RGB(230, 159, 0)), attributes: .bold)
    static let axisStyle = Style(fg: .rgb(RGB(140, 140, 140)))

    public init(results: StudyResults, durations: [Int] = StudyPlan.durations) {
        self.results = results
        self.durations = durations
    }

    /// Where the chart's parts go in `rect`.
    struct Layout: Equatable {
        /// Row of 100% and the number of plot rows (4m + 1, so 0, 25, 50, 75 and 100% fall on rows).
        var top: Int, rows: Int
        /// The y axis column; the column of each duration.
        var axisX: Int
        var columns: [Int]

        /// The row of `fraction` (0…1) judged real.
        func row(_ fraction: Double) -> Int { top + Int(((1 - min(1, max(0, fraction))) * Double(rows - 1)).rounded()) }
        var axisY: Int { top + rows }
    }

    static let labelWidth = 5  // "100% "
    static let tableLabels = ["real", "generated"]

    /// nil when `rect` is too small for the chart.
    func layout(in rect: Rect) -> Layout? {
        let spare = rect.height - 1 - 2 - 3  // title; axis and labels; a gap and two rows of counts
        let m = min(5, (spare - 1) / 4)
        let axisX = rect.x + max(StudyChart.labelWidth, 10)
        let step = (rect.maxX - axisX - 4) / max(1, durations.count)
        guard m >= 1, step >= 5 else { return nil }
        let columns = durations.indices.map { axisX + 3 + $0 * step }
        return Layout(top: rect.y + 1, rows: 4 * m + 1, axisX: axisX, columns: columns)
    }

    public func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in draw(into: &g, rect: rect) }
    }

    private func draw(into grid: inout CellGrid, rect: Rect) {
        guard let L = layout(in: rect) else {
            grid.drawTextCentered("too small for the chart; enlarge the terminal", in: rect, style: .dim)
            return
        }
        var x = grid.drawText("% judged real against exposure (ms)", x: rect.x, y: rect.y, style: .bold)
        x = grid.drawText("   \(StudyChart.realMark) real images", x: x, y: rect.y, style: StudyChart.realStyle)
        grid.drawText("   \(StudyChart.generatedMark) generated", x: x, y: rect.y, style: StudyChart.generatedStyle)

        // Axes, ticks every 25%.
        grid.drawVLine(x: L.axisX, y: L.top, length: L.rows, style: StudyChart.axisStyle)
        grid.put(Cell("└", style: StudyChart.axisStyle), x: L.axisX, y: L.axisY)
        grid.drawHLine(x: L.axisX + 1, y: L.axisY, length: rect.maxX - L.axisX - 1, style: StudyChart.axisStyle)
        for p in stride(from: 0, through: 100, by: 25) {
            let y = L.row(Double(p) / 100)
            grid.put(Cell("┤", style: StudyChart.axisStyle), x: L.axisX, y: y)
            let label = "\(p)%"
            grid.drawText(label, x: L.axisX - 1 - label.count, y: y, style: StudyChart.axisStyle)
        }
        for (ms, cx) in zip(durations, L.columns) {
            grid.put(Cell("┬", style: StudyChart.axisStyle), x: cx, y: L.axisY)
            let label = String(ms)
            grid.drawText(label, x: cx - (label.count - 1) / 2, y: L.axisY + 1, style: StudyChart.axisStyle)
        }

        // Markers and the counts under them.
        for (ms, cx) in zip(durations, L.columns) {
            let real = results.judgedReal(.real, durationMs: ms), generated = results.judgedReal(.generated, durationMs: ms)
            let rRow = real.of > 0 ? L.row(Double(real.real) / Double(real.of)) : nil
            let gRow = generated.of > 0 ? L.row(Double(generated.real) / Double(generated.of)) : nil
            if let r = rRow, r == gRow {
                grid.put(Cell(StudyChart.bothMark, style: .bold), x: cx, y: r)
            } else {
                if let r = rRow { grid.put(Cell(StudyChart.realMark, style: StudyChart.realStyle), x: cx, y: r) }
                if let g = gRow { grid.put(Cell(StudyChart.generatedMark, style: StudyChart.generatedStyle), x: cx, y: g) }
            }
            for (i, counts) in [real, generated].enumerated() where counts.of > 0 {
                let text = "\(counts.real)/\(counts.of)"
                grid.drawText(text, x: cx - (text.count - 1) / 2, y: L.axisY + 3 + i,
                              style: i == 0 ? StudyChart.realStyle : StudyChart.generatedStyle)
            }
        }
        for (i, label) in StudyChart.tableLabels.enumerated() {
            grid.drawText(label, x: rect.x, y: L.axisY + 3 + i, style: i == 0 ? StudyChart.realStyle : StudyChart.generatedStyle)
        }
    }
}
