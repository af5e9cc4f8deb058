import Foundation

/// The most memory one model file, image or data set may need when it is read: anything larger is refused
/// before it is allocated, with the size and the bound in the message. Outside files are not trusted, so a
/// header announcing 2^40 floats or a 16384×16384 PNG fails fast instead of exhausting memory.
/// The default is 2 GiB; the environment variable `LAPGAN_MAX_MEMORY` (bytes, or with a K/M/G/T suffix,
/// powers of 1024) raises or lowers it.
public enum MemoryBound {
    public static let defaultBytes = 2 << 30
    public static let environmentVariable = "LAPGAN_MAX_MEMORY"

    /// The bound in bytes (from `LAPGAN_MAX_MEMORY` when it is set and valid, else the default).
    public static var bytes: Int {
        ProcessInfo.processInfo.environment[environmentVariable].flatMap(parse) ?? defaultBytes
    }

    /// "1073741824", "512M", "4G", "1.5G" → bytes; nil when not a positive size.
    public static func parse(_ text: String) -> Int? {
        var s = text.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("IB") { s.removeLast(2) } else if s.hasSuffix("B") { s.removeLast() }
        var scale = 1.0
        if let last = s.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = pow(1024, Double(power))
            s.removeLast()
        }
        guard let value = Double(s), value > 0, value.isFinite else { return nil }
        let bytes = value * scale
        guard bytes < Double(Int.max / 2) else { return nil }
        return Int(bytes)
    }

    /// Throws a `FileError` for `path` when `bytes` (what reading `what` needs) exceeds the bound.
    /// `bytes` nil means the computation overflowed: larger than any bound.
    public static func check(_ bytes: Int?, for what: String, path: String) throws {
        let bound = Self.bytes
        guard let bytes, bytes <= bound else {
            let size = bytes.map { "\($0) bytes (\(describe($0)))" } ?? "more than \(Int.max) bytes"
            throw FileError(path, "\(what) would need \(size), more than the memory bound of \(bound) bytes (\(describe(bound))); "
                + "set \(environmentVariable) (e.g. 8G) to raise it")
        }
    }

    /// The product of `factors` times `elementBytes`, or nil on overflow.
    public static func product(_ factors: [Int], elementBytes: Int = 1) -> Int? {
        var total = elementBytes
        for f in factors {
            guard f >= 0 else { return nil }
            let (m, overflow) = total.multipliedReportingOverflow(by: f)
            if overflow { return nil }
            total = m
        }
        return total
    }

    static func describe(_ bytes: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var v = Double(bytes), i = 0
        while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(bytes) bytes" : String(format: "%.1f %@", v, units[i])
    }
}
