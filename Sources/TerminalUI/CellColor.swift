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
