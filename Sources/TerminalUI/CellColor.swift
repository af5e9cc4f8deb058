/// The colour of a cell's foreground or background: the terminal's default, a 24-bit colour
/// (converted on output to whatever the terminal supports), or an xterm palette index 0...255.
public enum CellColor: Hashable, Sendable {
    case `default`
    case rgb(RGB)
    case indexed(UInt8)

    /// The colour as RGB, or nil for the terminal default.
    public var rgbValue: RGB? {
        switch self {
        case .default: return nil
        case .rgb(let c): return c
        case .indexed(let i): return Xterm256.rgb(ofIndex: Int(i))
        }
    }
}

/// Text attributes of a cell.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let dim = CellAttributes(rawValue: 1 << 1)
    public static let reverse = CellAttributes(rawValue: 1 << 2)
    public static let underline = CellAttributes(rawValue: 1 << 3)
    public static let italic = CellAttributes(rawValue: 1 << 4)
}

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
