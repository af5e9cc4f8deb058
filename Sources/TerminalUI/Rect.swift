/// A rectangle of cells: origin (x, y) at the top left, `width` columns by `height` rows.
/// Negative or oversized rectangles are allowed; drawing clips them.
public struct Rect: Equatable, Sendable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// Coordinates within ±2^40: arithmetic on them cannot overflow. Drawing code skips
    /// rectangles (and points) outside this range; they could never reach a grid anyway.
    public var isSane: Bool { Rect.isSane(x) && Rect.isSane(y) && width < 1 << 40 && height < 1 << 40 }

    @inline(__always)
    public static func isSane(_ v: Int) -> Bool { v > -(1 << 40) && v < 1 << 40 }

    public var minX: Int { x }
    public var minY: Int { y }
    /// One past the last column (saturating, so absurd coordinates cannot overflow).
    public var maxX: Int { Rect.saturatingAdd(x, width) }
    /// One past the last row (saturating).
    public var maxY: Int { Rect.saturatingAdd(y, height) }

    @inline(__always)
    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? (b > 0 ? Int.max : Int.min) : r
    }

    /// a·b, or nil when it overflows or either is negative.
    @inline(__always)
    static func checkedProduct(_ a: Int, _ b: Int) -> Int? {
        guard a >= 0, b >= 0 else { return nil }
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? nil : r
    }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    public func intersection(_ other: Rect) -> Rect {
        let x0 = max(minX, other.minX), y0 = max(minY, other.minY)
        let x1 = min(maxX, other.maxX), y1 = min(maxY, other.maxY)
        return Rect(x: x0, y: y0, width: max(0, x1 - x0), height: max(0, y1 - y0))
    }

    /// The rectangle shrunk by `dx` columns on the left and right and `dy` rows at the top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: Rect.saturatingAdd(x, dx), y: Rect.saturatingAdd(y, dy), width: width - 2 * dx, height: height - 2 * dy)
    }

    /// Splits off `count` rows at the top: (top, rest).
    public func splitTop(_ count: Int) -> (Rect, Rect) {
        let n = min(max(0, count), height)
        return (Rect(x: x, y: y, width: width, height: n), Rect(x: x, y: y + n, width: width, height: height - n))
    }

    /// `count` rows of (nearly) equal height, top to bottom, separated by `gap` rows.
    public func rows(_ count: Int, gap: Int = 0) -> [Rect] {
        guard count > 0 else { return [] }
        let usable = max(0, height - gap * (count - 1))
        var result: [Rect] = []
        var top = y
        for i in 0..<count {
            let h = usable / count + (i < usable % count ? 1 : 0)
            result.append(Rect(x: x, y: top, width: width, height: h))
            top += h + gap
        }
        return result
    }

    /// `count` columns of (nearly) equal width, left to right, separated by `gap` columns.
    public func columns(_ count: Int, gap: Int = 0) -> [Rect] {
        guard count > 0 else { return [] }
        let usable = max(0, width - gap * (count - 1))
        var result: [Rect] = []
        var left = x
        for i in 0..<count {
            let w = usable / count + (i < usable % count ? 1 : 0)
            result.append(Rect(x: left, y: y, width: w, height: height))
            left += w + gap
        }
        return result
    }

    public var description: String { "Rect(x: \(x), y: \(y), \(width)×\(height))" }
}
