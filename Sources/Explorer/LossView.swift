import LapGAN
import TerminalUI

/// The loss-curve view: per pyramid level, D loss, G loss, D(real) and D(fake) against step, drawn with Braille
/// dots (one colour per level), the TensorBoard-smoothed curve over the raw curve drawn faintly, under a header with
/// the settings and the legend. A stateless widget: it draws a `LossState` (whose plots are prepared there) and
/// computes nothing. A missing, malformed or empty log gives a message instead of plots.
public struct LossView: Widget {
    public var state: LossState

    public init(state: LossState) {
        self.state = state
    }

    /// The colour of a level's curves (a palette readable on dark backgrounds).
    public static func levelColor(_ level: Int) -> RGB {
        let palette: [RGB] = [
            RGB(86, 180, 233), RGB(230, 159, 0), RGB(0, 200, 140), RGB(240, 228, 66),
            RGB(204, 121, 167), RGB(255, 110, 80), RGB(130, 150, 255), RGB(220, 220, 220), RGB(160, 160, 160),
        ]
        return palette[((level % palette.count) + palette.count) % palette.count]
    }

    private let textStyle = Style(fg: .rgb(RGB(200, 200, 200)))
    private let dimStyle = Style(fg: .rgb(RGB(130, 130, 130)))
    private let keyStyle = Style(fg: .rgb(RGB(255, 255, 255)), attributes: .bold)

    /// Draws the view into `rect` of `grid` (nothing outside `rect` is touched).
    public func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in
            g.fill(rect, style: .plain)
            draw(into: &g, rect: rect)
        }
    }

    private func draw(into grid: inout CellGrid, rect: Rect) {
        guard !rect.isEmpty, rect.isSane else { return }
        let (header, body) = rect.splitTop(min(2, rect.height))
        drawHeader(into: &grid, rect: header)

        guard let log = state.log else {
            message(state.noLogMessage, into: &grid, rect: body)
            return
        }
        if let err = log.error {
            message(err.message + "\n\n(the view re-reads the file when it changes)", into: &grid, rect: body)
            return
        }
        if log.isEmpty {
            var m = "log \(log.path) has no rows yet (waiting for training to write some)"
            if log.malformedRows > 0 { m += "\n\(log.malformedRows) malformed row\(log.malformedRows == 1 ? "" : "s") skipped" }
            message(m, into: &grid, rect: body)
            return
        }

        for (plot, r) in zip(state.plots, LossView.plotRects(in: rect)) {
            plot.render(into: &grid, rect: r)
        }
    }

    /// The rectangle of each panel's plot (`LossState.Panel.allCases` order) when the view is drawn in `rect`:
    /// two by two where there is room, else one above the other.
    static func plotRects(in rect: Rect) -> [Rect] {
        let body = rect.splitTop(min(2, rect.height)).1
        return body.width >= 70 ? body.rows(2, gap: 1).flatMap { $0.columns(2, gap: 2) }
            : body.rows(LossState.Panel.allCases.count, gap: 1)
    }

    /// The Braille area of each plot as a target (only when plots are drawn).
    func record(into map: inout HitMap, in rect: Rect) {
        guard let log = state.log, log.error == nil, !log.isEmpty, rect.isSane else { return }
        for (i, (plot, r)) in zip(state.plots, LossView.plotRects(in: rect)).enumerated() {
            if let l = plot.layout(in: r) { map.add(.lossPlot(i), l.plot) }
        }
    }

    /// What lies under column `x` of plot `index` (drawn in the view's `rect`): the step nearest the pointer and each
    /// shown level's value there (the smoothed curve where there is one); nil off the plots or without data.
    func probe(plot index: Int, x: Int, in rect: Rect) -> String? {
        let rects = LossView.plotRects(in: rect)
        guard index >= 0, index < state.plots.count, index < rects.count,
              let l = state.plots[index].layout(in: rects[index]), l.plot.width > 0 else { return nil }
        let plot = state.plots[index]
        let fraction = (Double(x - l.plot.x) + 0.5) / Double(l.plot.width)
        let target = l.xLo + min(1, max(0, fraction)) * (l.xHi - l.xLo)
        var values: [String] = []
        var step: Double?
        for s in plot.series where !s.faint {
            let n = min(s.x.count, s.y.count)
            guard n > 0, let i = (0..<n).min(by: { abs(s.x[$0] - target) < abs(s.x[$1] - target) }) else { continue }
            step = step ?? s.x[i]
            values.append("\(s.label) \(Ticks.fixed(s.y[i], decimals: 3))")
        }
        guard let step, !values.isEmpty else { return nil }
        return "\(plot.title ?? "") at step \(Int(step)): " + values.joined(separator: " · ")
    }

    private func drawHeader(into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 1 else { return }
        var x = rect.x
        let y = rect.y
        x = grid.drawText("Loss curves", x: x, y: y, style: Style(attributes: .bold))
        x = grid.drawText("   smoothing ", x: x, y: y, style: dimStyle)
        x = grid.drawText(Ticks.fixed(state.smoothing, decimals: 2), x: x, y: y, style: textStyle)
        x = grid.drawText(" (+/-)   ", x: x, y: y, style: dimStyle)
        x = grid.drawText("l", x: x, y: y, style: keyStyle)
        x = grid.drawText("og " + (state.logScale ? "on " : "off"), x: x, y: y, style: textStyle)
        x = grid.drawText("   ", x: x, y: y, style: dimStyle)
        x = grid.drawText("o", x: x, y: y, style: keyStyle)
        x = grid.drawText("utliers " + (state.fitPercentiles ? "clipped (5–95%)" : "shown"), x: x, y: y, style: textStyle)
        if let log = state.log, log.error == nil {
            var info = "\(log.rowCount) rows"
            if log.malformedRows > 0 { info += ", \(log.malformedRows) malformed" }
            let w = CharacterWidth.of(info)
            if rect.maxX - w > x + 2 { grid.drawText(info, x: rect.maxX - w, y: y, style: dimStyle) }
        }
        guard rect.height >= 2, let log = state.log, log.error == nil, !log.levels.isEmpty else { return }
        var lx = rect.x
        for (i, s) in log.levels.enumerated() {
            let hidden = state.hiddenLevels.contains(s.level)
            let color = LossView.levelColor(s.level)
            if i < 9 { lx = grid.drawText("\(i + 1)", x: lx, y: y + 1, style: keyStyle) }
            lx = grid.drawText(hidden ? " □ " : " ■ ", x: lx, y: y + 1, style: Style(fg: hidden ? .rgb(RGB(100, 100, 100)) : .rgb(color)))
            lx = grid.drawText("level \(s.level)", x: lx, y: y + 1, style: hidden ? dimStyle : textStyle)
            lx = grid.drawText("    ", x: lx, y: y + 1)
        }
        grid.drawText("(1–9 toggle, a all; faint = raw)", x: lx, y: y + 1, style: dimStyle)
    }

    private func message(_ text: String, into grid: inout CellGrid, rect: Rect) {
        guard !rect.isEmpty else { return }
        let lines = TextWrap.lines(text, width: max(1, min(rect.width - 2, 100)))
        let top = rect.y + max(0, (rect.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            grid.drawTextCentered(line, in: rect, y: top + i, style: i == 0 ? Style(attributes: .bold) : textStyle)
        }
    }
}
