#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A line chart drawn with Braille dots into a rectangle of a grid: a y axis with tick labels at
/// nice numbers (or powers of ten on a log axis), an x axis with tick labels (k for
/// thousands), an optional title row, and "no data" when nothing can be drawn.
public struct LinePlot: Sendable {
    public var series: [PlotSeries]
    public var logY: Bool
    /// Fixed y range (data outside is clipped at the edges); nil = fit the data.
    public var yRange: ClosedRange<Double>?
    /// Fixed x range; nil = fit the data.
    public var xRange: ClosedRange<Double>?
    public var title: String?
    public var titleStyle: Style
    public var axisStyle: Style
    public var labelStyle: Style
    public var emptyMessage: String

    public init(series: [PlotSeries] = [], logY: Bool = false, yRange: ClosedRange<Double>? = nil,
                xRange: ClosedRange<Double>? = nil, title: String? = nil) {
        self.series = series
        self.logY = logY
        self.yRange = yRange
        self.xRange = xRange
        self.title = title
        self.titleStyle = Style(attributes: .bold)
        self.axisStyle = Style(fg: .rgb(RGB(140, 140, 140)))
        self.labelStyle = Style(fg: .rgb(RGB(180, 180, 180)))
        self.emptyMessage = "no data"
    }

    /// Where things go for a given rectangle (exposed for tests and for callers that overlay).
    public struct Layout: Sendable {
        /// The Braille area (cells).
        public var plot: Rect
        /// Column of the y axis line; row of the x axis line.
        public var axisX: Int
        public var axisY: Int
        /// Ranges in data units (y in log10 units when `logY`).
        public var xLo: Double, xHi: Double
        public var yLo: Double, yHi: Double
        /// Tick values in data units (not log10) and their labels.
        public var yTicks: [Double]
        public var yLabels: [String]
        public var xTicks: [Double]
        public var xLabels: [String]
    }

    /// The finite points of a series after the log filter, in plot units (y as log10 when logY).
    func points(_ s: PlotSeries) -> [(Double, Double)] {
        let n = min(s.x.count, s.y.count)
        var out: [(Double, Double)] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            let x = s.x[i], y = s.y[i]
            guard x.isFinite, y.isFinite else { continue }
            if logY {
                guard y > 0 else { continue }
                out.append((x, log10(y)))
            } else {
                out.append((x, y))
            }
        }
        return out
    }

    /// Computes ranges, ticks and the plot area; nil when there is nothing to draw or no room.
    public func layout(in rect: Rect) -> Layout? {
        let all = series.map(points)
        return layout(in: rect, points: all)
    }

    func layout(in rect: Rect, points all: [[(Double, Double)]]) -> Layout? {
        var xmin = Double.infinity, xmax = -Double.infinity, ymin = Double.infinity, ymax = -Double.infinity
        for pts in all {
            for (x, y) in pts {
                xmin = min(xmin, x); xmax = max(xmax, x)
                ymin = min(ymin, y); ymax = max(ymax, y)
            }
        }
        guard xmin.isFinite, ymin.isFinite else { return nil }
        let area = title == nil ? rect : rect.splitTop(1).1
        let plotRows = area.height - 2
        guard plotRows >= 2, area.width >= 8 else { return nil }

        // X range.
        var xLo = xmin, xHi = xmax
        if let r = xRange, r.lowerBound.isFinite, r.upperBound.isFinite, r.upperBound > r.lowerBound {
            xLo = r.lowerBound; xHi = r.upperBound
        }
        if xHi - xLo <= 0 || !(xHi - xLo).isFinite { xLo -= 1; xHi += 1 }

        // Y range (log10 units on a log axis).
        let maxYTicks = max(2, plotRows / 3 + 1)
        var yLo = ymin, yHi = ymax
        var explicit = false
        if let r = yRange, r.lowerBound.isFinite, r.upperBound.isFinite, r.upperBound > r.lowerBound {
            if logY {
                if r.upperBound > 0 {
                    yHi = log10(r.upperBound)
                    yLo = r.lowerBound > 0 ? log10(r.lowerBound) : ymin
                    explicit = yHi > yLo
                }
            } else {
                yLo = r.lowerBound; yHi = r.upperBound
                explicit = true
            }
        }
        if !explicit {
            yLo = ymin; yHi = ymax
            if yHi - yLo < 1e-12 * max(1, abs(yHi)) {
                let pad = logY ? 0.5 : max(0.5, abs(yHi) * 0.1)
                yLo -= pad; yHi += pad
            }
            if !logY {
                let step = Ticks.linearStep(lo: yLo, hi: yHi, maxCount: maxYTicks)
                yLo = floor(yLo / step + 1e-9) * step
                yHi = ceil(yHi / step - 1e-9) * step
            }
        }
        guard (yHi - yLo).isFinite, yHi > yLo, (xHi - xLo).isFinite else { return nil }

        // Y ticks and label width.
        var yTicks: [Double]
        var yLabels: [String]
        if logY {
            yTicks = Ticks.log(lo: pow(10, yLo), hi: pow(10, yHi), maxCount: maxYTicks)
            yLabels = yTicks.map(Ticks.logLabel)
        } else {
            let step = Ticks.linearStep(lo: yLo, hi: yHi, maxCount: maxYTicks)
            yTicks = Ticks.linear(lo: yLo, hi: yHi, maxCount: maxYTicks)
            yLabels = yTicks.map { Ticks.label($0, step: step) }
        }
        let labelWidth = min(10, yLabels.map { CharacterWidth.of($0) }.max() ?? 1)
        let axisX = area.x + labelWidth
        let plot = Rect(x: axisX + 1, y: area.y, width: area.maxX - axisX - 1, height: plotRows)
        guard plot.width >= 4 else { return nil }
        let maxXTicks = max(2, plot.width / 10)
        let xStep = Ticks.linearStep(lo: xLo, hi: xHi, maxCount: maxXTicks)
        let xTicks = Ticks.linear(lo: xLo, hi: xHi, maxCount: maxXTicks)
        let xLabels = xTicks.map { Ticks.label($0, step: xStep) }
        if yTicks.isEmpty { yLabels = [] }
        return Layout(plot: plot, axisX: axisX, axisY: plot.maxY, xLo: xLo, xHi: xHi, yLo: yLo, yHi: yHi,
                      yTicks: yTicks, yLabels: yLabels, xTicks: xTicks, xLabels: xLabels)
    }

    /// Reduces a long polyline in dot coordinates to at most four points per dot column
    /// (first, lowest, highest, last), which draws the same dots far faster.
    static func decimate(_ pts: [(Double, Double)], columns: Int) -> [(Double, Double)] {
        guard pts.count > 4 * max(1, columns) else { return pts }
        var out: [(Double, Double)] = []
        out.reserveCapacity(4 * columns + 4)
        var col = Int.min
        var first = (0.0, 0.0), last = (0.0, 0.0)
        var lo = (0.0, Double.infinity), hi = (0.0, -Double.infinity)
        func flush() {
            guard col != Int.min else { return }
            out.append(first)
            if lo.1 < min(first.1, last.1) { out.append(lo) }
            if hi.1 > max(first.1, last.1) { out.append(hi) }
            out.append(last)
        }
        for p in pts {
            let c = p.0.isFinite ? Int(max(-1e9, min(1e9, p.0)).rounded()) : 0
            if c != col {
                flush()
                col = c
                first = p
                lo = p
                hi = p
            }
            if p.1 < lo.1 { lo = p }
            if p.1 > hi.1 { hi = p }
            last = p
        }
        flush()
        return out
    }

    /// Draws the plot into `rect` of `grid` (nothing outside `rect` is touched).
    public func render(into grid: inout CellGrid, rect: Rect) {
        grid.withClip(rect) { g in draw(into: &g, rect: rect) }
    }

    private func draw(into grid: inout CellGrid, rect: Rect) {
        guard !rect.isEmpty, rect.isSane else { return }
        if let t = title {
            grid.drawText(CharacterWidth.truncate(t, toWidth: rect.width), x: rect.x, y: rect.y, style: titleStyle)
        }
        let all = series.map(points)
        guard let L = layout(in: rect, points: all) else {
            let area = title == nil ? rect : rect.splitTop(1).1
            let empty = all.allSatisfy { $0.isEmpty }
            grid.drawTextCentered(empty ? emptyMessage : "(too small)", in: area, style: labelStyle)
            return
        }
        let plot = L.plot
        let dotW = Double(plot.width * 2 - 1), dotH = Double(plot.height * 4 - 1)
        func dotX(_ x: Double) -> Double { (x - L.xLo) / (L.xHi - L.xLo) * dotW }
        func dotY(_ y: Double) -> Double { (L.yHi - y) / (L.yHi - L.yLo) * dotH }

        // Axes.
        grid.drawVLine(x: L.axisX, y: plot.y, length: plot.height, style: axisStyle)
        grid.put(Cell("└", style: axisStyle), x: L.axisX, y: L.axisY)
        grid.drawHLine(x: plot.x, y: L.axisY, length: plot.width, style: axisStyle)
        var usedRows = Set<Int>()
        for (t, label) in zip(L.yTicks, L.yLabels) {
            let v = logY ? log10(t) : t
            let d = dotY(v)
            guard d.isFinite, d >= -0.5, d <= dotH + 0.5 else { continue }
            let row = plot.y + min(plot.height - 1, max(0, Int(d.rounded()) / 4))
            guard !usedRows.contains(row) else { continue }
            usedRows.insert(row)
            grid.put(Cell("┤", style: axisStyle), x: L.axisX, y: row)
            let text = CharacterWidth.truncate(label, toWidth: L.axisX - rect.x)
            grid.drawText(text, x: L.axisX - CharacterWidth.of(text), y: row, style: labelStyle)
        }
        var lastLabelEnd = Int.min
        for (t, label) in zip(L.xTicks, L.xLabels) {
            let d = dotX(t)
            guard d.isFinite, d >= -0.5, d <= dotW + 0.5 else { continue }
            let col = plot.x + min(plot.width - 1, max(0, Int(d.rounded()) / 2))
            grid.put(Cell("┬", style: axisStyle), x: col, y: L.axisY)
            let w = CharacterWidth.of(label)
            var start = col - w / 2
            start = min(start, rect.maxX - w)
            if start > lastLabelEnd {
                grid.drawText(label, x: start, y: L.axisY + 1, style: labelStyle)
                lastLabelEnd = start + w
            }
        }

        // Curves: faint ones first, at a lower priority.
        var canvas = BrailleCanvas(widthCells: plot.width, heightCells: plot.height)
        let order = series.indices.filter { series[$0].faint } + series.indices.filter { !series[$0].faint }
        for i in order {
            let s = series[i]
            let pts = all[i]
            let priority = s.faint ? 0 : 1
            let attrs: CellAttributes = s.faint ? .dim : []
            guard !pts.isEmpty else { continue }
            let mapped = LinePlot.decimate(pts.map { (dotX($0.0), dotY($0.1)) }, columns: plot.width * 2)
            var prev = mapped[0]
            if mapped.count == 1 {
                canvas.line(from: prev, to: prev, color: s.color, priority: priority, attributes: attrs)
                continue
            }
            for j in 1..<mapped.count {
                let p = mapped[j]
                canvas.line(from: prev, to: p, color: s.color, priority: priority, attributes: attrs)
                prev = p
            }
        }
        canvas.render(into: &grid, x: plot.x, y: plot.y)
    }
}
