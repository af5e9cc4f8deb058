import Foundation
import LapGAN
import TerminalUI

/// Draws the timeline (`Timeline`) as laid out by `TimelineLayout`: the step slider (a tick per snapshot, ● at
/// the one shown), the pyramid of the shown snapshot's sample, and the G and D loss curves of the run with a
/// marker at the shown step.
struct TimelineView: Widget {
    var timeline: Timeline
    var layout: TimelineLayout
    var mode: ColorMode

    static let markerStyle = Style(fg: .rgb(RGB(255, 215, 95)), attributes: .bold)

    func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in draw(into: &g, rect: rect) }
    }

    private func draw(into grid: inout CellGrid, rect: Rect) {
        let t = timeline
        let slider = layout.slider.offset(by: rect)
        guard let entry = t.current else {
            var text = "no snapshots in \(t.folder.path) yet (lapgan train --snapshot-every N writes them; they appear here as they are written)"
            if let note = t.notes.last { text += "\n\n" + note }
            for (i, line) in TextWrap.lines(text, width: max(1, rect.width - 2)).enumerated() where i < rect.height {
                grid.drawText(line, x: rect.x + 1, y: rect.y + i, style: i == 0 ? .bold : .dim)
            }
            return
        }
        drawSlider(into: &grid, rect: slider, entry: entry)
        let area = layout.pyramidArea.offset(by: rect)
        let sizes = t.reference.description.sizes
        let titles = sizes.indices.map { k in
            let steps = k < t.levelSteps.count ? "  step \(t.levelSteps[k])" : ""
            return "level \(k)  \(sizes[k])×\(sizes[k])\(steps)"
        }
        PyramidView(levels: t.pictures, titles: titles, selectedLevel: t.selectedLevel, layout: layout.pyramid, mode: mode)
            .render(into: &grid, in: area)
        if let plotRect = layout.plot?.offset(by: rect) { drawCurves(into: &grid, rect: plotRect, step: entry.step) }
    }

    private func drawSlider(into grid: inout CellGrid, rect: Rect, entry: SnapshotEntry) {
        let t = timeline, n = t.entries.count
        var head = "snapshot \(t.index + 1)/\(n) · step \(entry.step) · \(entry.fileName)"
        if let note = t.notes.last { head += " · " + (t.notes.count > 1 ? "\(t.notes.count) files skipped, last: " : "") + note }
        grid.drawText(head, x: rect.x, y: rect.y, style: .bold, maxWidth: rect.width)
        guard rect.height >= 2 else { return }
        let y = rect.y + 1
        let hint = " ←/→ home/end"
        let track = Rect(x: rect.x + 1, y: y, width: max(1, rect.width - 2 - CharacterWidth.of(hint)), height: 1)
        grid.drawText("◀", x: rect.x, y: y, style: .dim)
        grid.drawHLine(x: track.x, y: y, length: track.width, style: .dim)
        grid.drawText("▶", x: track.maxX, y: y, style: .dim)
        grid.drawText(hint, x: track.maxX + 1, y: y, style: .dim, maxWidth: rect.maxX - track.maxX - 1)
        let lo = Double(t.entries.first?.step ?? 0), hi = Double(t.entries.last?.step ?? 0)
        func column(_ step: Int) -> Int {
            hi > lo ? track.x + Int(((Double(step) - lo) / (hi - lo) * Double(track.width - 1)).rounded()) : track.x
        }
        for e in t.entries { grid.drawText("┼", x: column(e.step), y: y, style: .plain) }
        grid.drawText("●", x: column(entry.step), y: y, style: TimelineView.markerStyle)
    }

    /// The G loss and D loss of every level (smoothed), side by side or stacked, with the marker at `step`.
    private func drawCurves(into grid: inout CellGrid, rect: Rect, step: Int) {
        guard let log = timeline.log else {
            grid.drawText("no training log beside the model", x: rect.x, y: rect.y, style: .dim, maxWidth: rect.width)
            return
        }
        if let error = log.error {
            for (i, line) in TextWrap.lines(error.message, width: max(1, rect.width)).enumerated() where i < rect.height {
                grid.drawText(line, x: rect.x, y: rect.y + i, style: .dim)
            }
            return
        }
        let panels: [(String, TrainingLogColumn)] = [("G loss", .gLoss), ("D loss", .dLoss)]
        let sideBySide = rect.width >= 3 * rect.height
        let two = sideBySide ? rect.width >= 2 * 24 + 2 : rect.height >= 2 * 6 + 1
        let rects = two ? (sideBySide ? rect.columns(2, gap: 2) : rect.rows(2, gap: 1)) : [rect]
        let lastStep = max(Double(step), Double(timeline.entries.last?.step ?? 0),
                           log.levels.compactMap { $0.step.last }.max() ?? 0)
        for (r, panel) in zip(rects, panels) {
            var series: [PlotSeries] = []
            for s in log.levels {
                series.append(PlotSeries(x: s.step, y: Smoothing.debiasedEMA(s[panel.1], weight: 0.6),
                                         color: .rgb(LossView.levelColor(s.level)), label: "level \(s.level)"))
            }
            var plot = LinePlot(series: series, xRange: 0...max(1, lastStep), title: "\(panel.0) · ● step \(step)")
            plot.titleStyle = Style(fg: .rgb(RGB(230, 230, 230)), attributes: .bold)
            plot.emptyMessage = "no rows in the log yet"
            plot.render(into: &grid, rect: r)
            guard let l = plot.layout(in: r), l.xHi > l.xLo else { continue }
            // The marker: a column through the plot at the shown step (dots keep their cells, recoloured).
            let x = l.plot.x + Int(((Double(step) - l.xLo) / (l.xHi - l.xLo) * Double(l.plot.width - 1)).rounded())
            guard x >= l.plot.minX, x < l.plot.maxX else { continue }
            for y in l.plot.minY..<l.plot.maxY {
                var cell = grid.cell(x: x, y: y)
                if cell.code == 32 { cell = Cell(scalar: "│", style: TimelineView.markerStyle) } else { cell.fg = .rgb(RGB(255, 215, 95)) }
                grid.put(cell, x: x, y: y)
            }
        }
    }
}

extension Rect {
    /// This rectangle moved by the origin of `outer` (layouts are relative to the content area).
    func offset(by outer: Rect) -> Rect { Rect(x: outer.x + x, y: outer.y + y, width: width, height: height) }
}
