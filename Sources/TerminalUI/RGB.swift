/// A 24-bit sRGB colour.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    @inlinable
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// From 0xRRGGBB.
    public init(hex: UInt32) {
        self.init(UInt8(truncatingIfNeeded: hex >> 16), UInt8(truncatingIfNeeded: hex >> 8), UInt8(truncatingIfNeeded: hex))
    }

    /// A grey with all three channels equal to `level`.
    @inlinable
    public init(grey level: UInt8) { self.init(level, level, level) }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)

    /// Rec. 709 luma of the (gamma-encoded) channels, 0...255.
    @inlinable
    public var luma: UInt8 {
        // 0.2126, 0.7152, 0.0722 in 1/65536 units.
        let v = 13933 * UInt32(r) + 46871 * UInt32(g) + 4732 * UInt32(b) + 32768
        return UInt8(truncatingIfNeeded: min(255, v >> 16))
    }

    /// Linear interpolation towards `other`: amount 0 gives self, 1 gives other.
    public func blended(with other: RGB, amount: Double) -> RGB {
        let t = amount.isFinite ? min(1, max(0, amount)) : 0
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(min(255, max(0, (Double(a) * (1 - t) + Double(b) * t).rounded())))
        }
        return RGB(mix(r, other.r), mix(g, other.g), mix(b, other.b))
    }

    public var description: String { "RGB(\(r), \(g), \(b))" }
}
