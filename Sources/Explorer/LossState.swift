import LapGAN
import TerminalUI

/// The loss view's state (ratatui's app state beside its stateless widget): the training log, the settings the keys
/// change — smoothing, log scale, outlier clipping, hidden levels — and, cached, what they cost to compute: the
/// smoothed curves and each panel's plot. `LossView` draws it.
///
/// Call `update()` on every idle tick (re-reads the file when it changed; true means redraw) and `handle(key:)` for
/// key presses (true = consumed, redraw): `+`/`-` smoothing (steps of 0.05, 0...0.99), `l` log scale, `o` fit the
/// y range to the 5th–95th percentile, `1`–`9` toggle the n-th level, `a` show all, `r` re-read the log.
public struct LossState {
    public var log: TrainingLog? {
        didSet { rebuild() }
    }
    /// EMA weight, 0 (raw) ... 0.99.
    public var smoothing: Double = 0.6 {
        didSet {
            smoothing = min(LossState.maxSmoothing, max(0, smoothing.isFinite ? smoothing : 0.6))
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
    /// One plot per panel, in `Panel.allCases` order; empty when the log has no curves to show.
    public private(set) var plots: [LinePlot] = []

    public static let smoothingStep = 0.05
    public static let maxSmoothing = 0.99

    private var cacheKey: (version: Int, weight: Double) = (-1, -1)
    private var smoothed: [Int: [[Double]]] = [:]  // level → [panel] smoothed values

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

    public init(log: TrainingLog?) {
        self.log = log
        rebuild()
    }

    /// The log at `path` (nil: no log), read immediately.
    public init(path: String?) {
        let log = path.map { TrainingLog(path: $0) }
        log?.reloadIfChanged()
        self.init(log: log)
    }

    /// Re-reads the log if the file changed; true when the view should be redrawn.
    @discardableResult
    public mutating func update() -> Bool {
        let changed = log?.reloadIfChanged() ?? false
        if changed { rebuild() }
        return changed
    }

    /// Handles a key; returns true when it was consumed (the view changed).
    public mutating func handle(key: Key) -> Bool {
        switch key {
        case .char("+"), .char("="):
            smoothing = ((smoothing + LossState.smoothingStep) * 100).rounded() / 100
        case .char("-"), .char("_"):
            smoothing = ((smoothing - LossState.smoothingStep) * 100).rounded() / 100
        case .char("l"), .char("L"):
            logScale.toggle()
        case .char("o"), .char("O"):
            fitPercentiles.toggle()
        case .char("a"), .char("0"):
            hiddenLevels.removeAll()
            rebuild()
        case .char("r"):
            log?.reload()
            rebuild()
        case .char(let c):
            guard let d = c.wholeNumberValue, (1...9).contains(d) else { return false }
            let levels = log?.levels.map(\.level) ?? []
            guard d <= levels.count else { return true }
            let level = levels[d - 1]
            if hiddenLevels.contains(level) { hiddenLevels.remove(level) } else { hiddenLevels.insert(level) }
            rebuild()
        default:
            return false
        }
        return true
    }

    /// Smooths the curves again when the log or the smoothing changed, and rebuilds the panels' plots.
    private mutating func rebuild() {
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
