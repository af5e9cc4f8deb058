#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One character cell of the screen: its content (a Unicode scalar, an interned multi-scalar
/// grapheme, or the right half of a wide character), colours and attributes.
/// A plain value of 16 bytes, so grids of cells can be compared and copied quickly.
public struct Cell: Hashable, Sendable {
    /// Content code: a Unicode scalar value (< 0x110000), `Cell.continuationCode`, or
    /// `Cell.graphemeFlag | id` for a grapheme cluster interned in `GraphemeTable`.
    public var code: UInt32
    public var fg: CellColor
    public var bg: CellColor
    public var attributes: CellAttributes

    public static let continuationCode: UInt32 = 0xFFFF_FFFF
    public static let graphemeFlag: UInt32 = 0x8000_0000

    @inlinable
    public init(code: UInt32, fg: CellColor = .default, bg: CellColor = .default, attributes: CellAttributes = []) {
        self.code = code
        self.fg = fg
        self.bg = bg
        self.attributes = attributes
    }

    /// A cell holding `scalar`; control characters become `?`.
    public init(scalar: Unicode.Scalar, style: Style = .plain) {
        self.init(code: Cell.sanitized(scalar).value, fg: style.fg, bg: style.bg, attributes: style.attributes)
    }

    /// A cell holding `character` (multi-scalar graphemes are interned).
    public init(_ character: Character, style: Style = .plain) {
        self.init(code: Cell.code(for: character), fg: style.fg, bg: style.bg, attributes: style.attributes)
    }

    /// A space with default colours.
    public static let blank = Cell(code: 0x20)

    /// A space in `style`.
    public static func blank(_ style: Style) -> Cell {
        Cell(code: 0x20, fg: style.fg, bg: style.bg, attributes: style.attributes)
    }

    public var style: Style {
        get { Style(fg: fg, bg: bg, attributes: attributes) }
        set { fg = newValue.fg; bg = newValue.bg; attributes = newValue.attributes }
    }

    /// True for the right half of a wide character (drawn by the cell to its left).
    @inlinable public var isContinuation: Bool { code == Cell.continuationCode }

    /// The cell's text (empty for a continuation cell).
    public var string: String {
        if code == Cell.continuationCode { return "" }
        if code & Cell.graphemeFlag != 0 { return GraphemeTable.shared.string(for: code & ~Cell.graphemeFlag) }
        return Unicode.Scalar(code).map { String(Character($0)) } ?? "?"
    }

    /// The cell's character, or nil for a continuation cell.
    public var character: Character? {
        let s = string
        return s.first
    }

    /// The scalar for single-scalar content, else nil.
    public var scalar: Unicode.Scalar? {
        if code == Cell.continuationCode || code & Cell.graphemeFlag != 0 { return nil }
        return Unicode.Scalar(code)
    }

    /// Display width of the content: 2 for wide characters, 0 for continuation cells, else 1.
    public var displayWidth: Int {
        if code == Cell.continuationCode { return 0 }
        if code & Cell.graphemeFlag != 0 { return CharacterWidth.of(GraphemeTable.shared.string(for: code & ~Cell.graphemeFlag)) }
        return Unicode.Scalar(code).map { CharacterWidth.of($0) } ?? 1
    }

    static func sanitized(_ s: Unicode.Scalar) -> Unicode.Scalar {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return "?" }
        return s
    }

    /// The content code for a character: its scalar when it has one, else an interned id.
    public static func code(for character: Character) -> UInt32 {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let s = scalars.first { return sanitized(s).value }
        if let first = scalars.first, first.value < 0x20 || (first.value >= 0x7F && first.value < 0xA0) {
            return UInt32(("?" as Unicode.Scalar).value)  // e.g. "\r\n"
        }
        return Cell.graphemeFlag | GraphemeTable.shared.id(for: String(character))
    }
}
