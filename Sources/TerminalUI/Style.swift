/// Foreground, background and attributes: how text is drawn.
public struct Style: Hashable, Sendable {
    public var fg: CellColor
    public var bg: CellColor
    public var attributes: CellAttributes

    public init(fg: CellColor = .default, bg: CellColor = .default, attributes: CellAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// Default colours, no attributes.
    public static let plain = Style()
    public static let bold = Style(attributes: .bold)
    public static let dim = Style(attributes: .dim)
    public static let reverse = Style(attributes: .reverse)

    public func with(fg: CellColor) -> Style { var s = self; s.fg = fg; return s }
    public func with(bg: CellColor) -> Style { var s = self; s.bg = bg; return s }
    public func adding(_ a: CellAttributes) -> Style { var s = self; s.attributes.formUnion(a); return s }
}
