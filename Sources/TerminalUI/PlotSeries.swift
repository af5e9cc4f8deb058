/// One curve of a `LinePlot`: points (x[i], y[i]) joined in order. Non-finite points (and,
/// on a log axis, non-positive y) are skipped. A faint series is drawn dim and under the others.
public struct PlotSeries: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var color: CellColor
    public var faint: Bool
    public var label: String

    public init(x: [Double], y: [Double], color: CellColor = .default, faint: Bool = false, label: String = "") {
        self.x = x
        self.y = y
        self.color = color
        self.faint = faint
        self.label = label
    }
}
