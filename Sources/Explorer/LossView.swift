import LapGAN
import TerminalUI

/// The loss-curve view: per pyramid level, D loss, G loss, D(real) and D(fake) against step,
/// drawn with Braille dots (one colour per level), the TensorBoard-smoothed curve over the raw
/// curve drawn faintly. Keys: `+`/`-` smoothing (steps of 0.05, 0...0.99), `l` log scale,
/// `o` fit the y range to the 5th–95th percentile, `1`–`9` toggle the n-th level, `a` show all,
/// `r` re-read the log. A missing, malformed or empty log gives a message instead of plots.
///
/// Drive it with `update()` on every idle tick (re-reads the file when it changed; true means
/// redraw) and `handle(key:)` for key presses (true = consumed, redraw); these and the settings
/// rebuild the smoothed curves and the panels' plots. `render(into:in:)` only draws them.
public final class LossView: Widget {
    public var log: TrainingLog? {
        didSet { rebuild() }
    }
    /// EMA weight, 0 (raw) ... 0.99.
    public var smoothing: Double = 0.6 {
        didSet {
            smoothing = min(LossView.maxSmoothing, max(0, smoothing.isFinite ? smoothing : 0.6))
            rebuild()
        }
    }
    public var logScale = false {
        didSet { rebuild() }
    }
    /// Fit each panel's y range to the 5th–95th percentile of the visible raw values.
    public var fitPercentiles = false {
        didSet { rebuild() }
    }
    /// Levels (by level number) that are not drawn.
    public private(set) var hiddenLevels: Set<Int> = []
    /// Shown when there is no log at all.
    public var noLogMessage = "no training log (pass --log FILE)"

    public static let smoothingStep = 0.05
    public static let maxSmoothing = 0.99

    private var cacheKey: (version: Int, weight: Double) = (-1, -1)
    private var smoothed: [Int: [[Double]]] = [:]  // level → [panel] smoothed values
    /// One plot per panel, in `Panel.allCases` order; empty when the log has no curves to show.
    private var plots: [LinePlot] = []

    public init(log: TrainingLog?) {
        self.log = log
        rebuild()
    }

    /// A view of the log at `path` (nil: no log), read immediately.
    public convenience init(path: String?) {
        let log = path.map { TrainingLog(path: $0) }
        log?.reloadIfChanged()
        self.init(log: log)
    }

    /// The colour of a level's curves (a palette readable on dark backgrounds).
    public static func levelColor(_ level: Int) -> RGB {
        let palette: [RGB] = [
            RGB(86, 180, 233), RGB(230, 159, 0), RGB(0, 200, 140), RGB(240, 228, 66),
            RGB(204, 121, 167), RGB(255, 110, 80), RGB(130, 150, 255), RGB(220, 220, 220), RGB(160, 160, 160),
        ]
        return palette[((level % palette.count) + palette.count) % palette.count]
    }

    /// Re-reads the log if the file changed; true when the view should be redrawn.
    @discardableResult
    public func update() -> Bool {
        let changed = log?.reloadIfChanged() ?? false
        if changed { rebuild() }
        return changed
    }

    /// Handles a key; returns true when it was consumed (the view changed).
    public func handle(key: Key) -> Bool {
        switch key {
        case .char("+"), .char("="):
            smoothing = ((smoothing + LossView.smoothingStep) * 100).rounded() / 100
            return true
        case .char("-"), .char("_"):
            smoothing = ((smoothing - LossView.smoothingStep) * 100).rounded() / 100
            return true
        case .char("l"), .char("L"):
            logScale.toggle()
            return true
        case .char("o"), .char("O"):
            fitPercentiles.toggle()
            return true
        case .char("a"), .char("0"):
            hiddenLevels.removeAll()
            rebuild()
            return true
        case .char("r"):
            log?.reload()
            rebuild()
            return true
        case .char(let c):
            guard let d = c.wholeNumberValue, (1...9).contains(d) else { return false }
            let levels = log?.levels.map(\.level) ?? []
            guard d <= levels.count else { return true }
            let level = levels[d - 1]
            if hiddenLevels.contains(level) { hiddenLevels.remove(level) } else { hiddenLevels.insert(level) }
            rebuild()
            return true
        default:
            return false
        }
    }

    /// The panels, in display order.
    public enum Panel: CaseIterable, Sendable {
        case dLoss, gLoss, dReal, dFake

        public var title: String {
            switch self {
            case .dLoss: return "D loss"
            case .gLoss: return "G loss"
            case .dReal: return "D(real)"
            case .dFake: return "D(fake)"
            }
        }

        var column: TrainingLogColumn {
            switch self {
            case .dLoss: return .dLoss
            case .gLoss: return .gLoss
            case .dReal: return .dReal
            case .dFake: return .dFake
            }
        }
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

        guard let log = log else {
            message(noLogMessage, into: &grid, rect: body)
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

        let panels = Panel.allCases
        let rects: [Rect]
        if body.width >= 70 {
            let rows = body.rows(2, gap: 1)
            rects = rows.flatMap { $0.columns(2, gap: 2) }
        } else {
            rects = body.rows(panels.count, gap: 1)
        }
        for (plot, r) in zip(plots, rects) {
            plot.render(into: &grid, rect: r)
        }
    }

    private func drawHeader(into grid: inout CellGrid, rect: Rect) {
        guard rect.height >= 1 else { return }
        var x = rect.x
        let y = rect.y
        x = grid.drawText("Loss curves", x: x, y: y, style: Style(attributes: .bold))
        x = grid.drawText("   smoothing ", x: x, y: y, style: dimStyle)
        x = grid.drawText(Ticks.fixed(smoothing, decimals: 2), x: x, y: y, style: textStyle)
        x = grid.drawText(" (+/-)   ", x: x, y: y, style: dimStyle)
        x = grid.drawText("l", x: x, y: y, style: keyStyle)
        x = grid.drawText("og " + (logScale ? "on " : "off"), x: x, y: y, style: textStyle)
        x = grid.drawText("   ", x: x, y: y, style: dimStyle)
        x = grid.drawText("o", x: x, y: y, style: keyStyle)
        x = grid.drawText("utliers " + (fitPercentiles ? "clipped (5–95%)" : "shown"), x: x, y: y, style: textStyle)
        if let log = log, log.error == nil {
            var info = "\(log.rowCount) rows"
            if log.malformedRows > 0 { info += ", \(log.malformedRows) malformed" }
            let w = CharacterWidth.of(info)
            if rect.maxX - w > x + 2 { grid.drawText(info, x: rect.maxX - w, y: y, style: dimStyle) }
        }
        guard rect.height >= 2, let log = log, log.error == nil, !log.levels.isEmpty else { return }
        var lx = rect.x
        for (i, s) in log.levels.enumerated() {
            let hidden = hiddenLevels.contains(s.level)
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

    /// Smooths the curves again when the log or the smoothing changed, and rebuilds the panels' plots.
    private func rebuild() {
        guard let log, log.error == nil, !log.isEmpty else { plots = []; return }
        if cacheKey.version != log.version || cacheKey.weight != smoothing {
            smoothed.removeAll()
            for s in log.levels {
                smoothed[s.level] = Panel.allCases.map { Smoothing.debiasedEMA(s[$0.column], weight: smoothing) }
            }
            cacheKey = (log.version, smoothing)
        }
        plots = Panel.allCases.map { plot(for: $0, log: log) }
    }

    /// The plot for one panel with the current settings.
    private func plot(for panel: Panel, log: TrainingLog) -> LinePlot {
        var series: [PlotSeries] = []
        var rawValues: [Double] = []
        let pi = Panel.allCases.firstIndex(of: panel) ?? 0
        for s in log.levels where !hiddenLevels.contains(s.level) {
            let color = LossView.levelColor(s.level)
            let raw = s[panel.column]
            rawValues.append(contentsOf: raw)
            if smoothing > 0 {
                series.append(PlotSeries(x: s.step, y: raw, color: .rgb(color.blended(with: RGB(60, 60, 60), amount: 0.55)),
                                         faint: true, label: "level \(s.level) raw"))
                let cached = smoothed[s.level]?[pi] ?? raw
                let sm = cached.count == raw.count ? cached : raw
                series.append(PlotSeries(x: s.step, y: sm, color: .rgb(color), label: "level \(s.level)"))
            } else {
                series.append(PlotSeries(x: s.step, y: raw, color: .rgb(color), label: "level \(s.level)"))
            }
        }
        var plot = LinePlot(series: series, logY: logScale, title: panel.title)
        plot.titleStyle = Style(fg: .rgb(RGB(230, 230, 230)), attributes: .bold)
        if fitPercentiles {
            let vals = logScale ? rawValues.filter { $0 > 0 } : rawValues
            if let r = Smoothing.percentileRange(vals, 0.05, 0.95), r.upperBound > r.lowerBound {
                if logScale {
                    plot.yRange = (r.lowerBound / 1.1)...(r.upperBound * 1.1)
                } else {
                    let pad = (r.upperBound - r.lowerBound) * 0.05
                    plot.yRange = (r.lowerBound - pad)...(r.upperBound + pad)
                }
            }
        } else if !logScale && (panel == .dReal || panel == .dFake) {
            plot.yRange = 0...1
        }
        plot.emptyMessage = hiddenLevels.isEmpty ? "no data" : "no data (levels hidden)"
        return plot
    }
}
