import Foundation
import TerminalUI

/// A cell grid as a plain-text snapshot file (ratatui's `assert_buffer`, kept on disk): the characters of each row
/// between `|`s, then each cell's style as a key of one or two characters, then the legend of the keys
/// (`fg=… bg=… attributes`, colours as `#rrggbb`, `@index` or `-` for the terminal's default). Keys are given in
/// the order the styles first appear, so the same grid always gives the same file.
struct CellGridSnapshot: Equatable {
    var rows: [String]
    /// Each cell's style, row by row.
    var styles: [[Style]]

    static let stylesHeader = "--- styles"
    static let legendHeader = "--- legend"
    /// The characters keys are made of: printable ASCII but space.
    static let keyAlphabet = (33...126).map { Character(Unicode.Scalar(UInt8($0))) }

    init(_ grid: CellGrid) {
        rows = (0..<grid.height).map { grid.rowString($0) }
        styles = (0..<grid.height).map { y in (0..<grid.width).map { grid.cell(x: $0, y: y).style } }
    }

    /// The snapshot file's text.
    var text: String {
        var keys: [Style: String] = [:]
        var legend: [Style] = []
        for row in styles { for s in row where keys[s] == nil { keys[s] = ""; legend.append(s) } }
        let alphabet = CellGridSnapshot.keyAlphabet, n = alphabet.count
        let keyWidth = legend.count <= n ? 1 : 2
        for (i, s) in legend.enumerated() {
            keys[s] = keyWidth == 1 ? String(alphabet[i]) : String([alphabet[i / n % n], alphabet[i % n]])
        }
        var lines = rows.map { "|\($0)|" }
        lines.append(CellGridSnapshot.stylesHeader)
        lines += styles.map { row in row.map { keys[$0] ?? "?" }.joined() }
        lines.append(CellGridSnapshot.legendHeader)
        lines += legend.map { "\(keys[$0] ?? "?") \(CellGridSnapshot.describe($0))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a snapshot file's text; nil when it is not one.
    init?(text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let s = lines.firstIndex(of: CellGridSnapshot.stylesHeader), let l = lines.firstIndex(of: CellGridSnapshot.legendHeader), s < l
        else { return nil }
        rows = lines[..<s].map { String($0.dropFirst().dropLast()) }
        var legend: [String: Style] = [:]
        for line in lines[(l + 1)...] where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, let style = CellGridSnapshot.parse(parts[1]) else { return nil }
            legend[parts[0]] = style
        }
        let keyWidth = legend.keys.first?.count ?? 1
        var styles: [[Style]] = []
        for line in lines[(s + 1)..<l] {
            let chars = Array(line)
            guard chars.count % keyWidth == 0 else { return nil }
            var row: [Style] = []
            for i in stride(from: 0, to: chars.count, by: keyWidth) {
                guard let style = legend[String(chars[i..<(i + keyWidth)])] else { return nil }
                row.append(style)
            }
            styles.append(row)
        }
        self.styles = styles
    }

    /// `fg=#rrggbb bg=- bold,dim`.
    static func describe(_ s: Style) -> String {
        let names: [(CellAttributes, String)] = [(.bold, "bold"), (.dim, "dim"), (.reverse, "reverse"), (.underline, "underline"), (.italic, "italic")]
        let attributes = names.filter { s.attributes.contains($0.0) }.map(\.1)
        return "fg=\(describe(s.fg)) bg=\(describe(s.bg)) \(attributes.isEmpty ? "-" : attributes.joined(separator: ","))"
    }

    static func describe(_ c: CellColor) -> String {
        switch c {
        case .default: return "-"
        case .indexed(let i): return "@\(i)"
        case .rgb(let c): return String(format: "#%02x%02x%02x", c.r, c.g, c.b)
        }
    }

    static func parse(_ text: String) -> Style? {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, parts[0].hasPrefix("fg="), parts[1].hasPrefix("bg="),
              let fg = parseColor(String(parts[0].dropFirst(3))), let bg = parseColor(String(parts[1].dropFirst(3))) else { return nil }
        var attributes: CellAttributes = []
        let names: [String: CellAttributes] = ["bold": .bold, "dim": .dim, "reverse": .reverse, "underline": .underline, "italic": .italic]
        for name in parts[2].split(separator: ",") where name != "-" {
            guard let a = names[String(name)] else { return nil }
            attributes.insert(a)
        }
        return Style(fg: fg, bg: bg, attributes: attributes)
    }

    static func parseColor(_ text: String) -> CellColor? {
        if text == "-" { return .default }
        if text.hasPrefix("@") { return UInt8(text.dropFirst()).map { .indexed($0) } }
        guard text.hasPrefix("#"), text.count == 7, let v = UInt32(text.dropFirst(), radix: 16) else { return nil }
        return .rgb(RGB(UInt8(v >> 16), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)))
    }

    /// Whether two styles match: the same attributes and colours, RGB channels within `tolerance` (sampled pixels
    /// may differ by a rounding step between machines whose kernels sum in another order).
    static func matches(_ a: Style, _ b: Style, tolerance: Int) -> Bool {
        func close(_ x: CellColor, _ y: CellColor) -> Bool {
            guard case .rgb(let p) = x, case .rgb(let q) = y else { return x == y }
            return abs(Int(p.r) - Int(q.r)) <= tolerance && abs(Int(p.g) - Int(q.g)) <= tolerance && abs(Int(p.b) - Int(q.b)) <= tolerance
        }
        return a.attributes == b.attributes && close(a.fg, b.fg) && close(a.bg, b.bg)
    }

    /// Nil when `actual` matches this expected snapshot; else a readable account of the first differences: rows
    /// whose characters differ (expected above actual, rows counted from 0), then cells whose styles differ.
    func differences(from actual: CellGridSnapshot, tolerance: Int = 2, limit: Int = 6) -> String? {
        var report: [String] = []
        if rows.count != actual.rows.count || styles.first?.count != actual.styles.first?.count {
            report.append("size: expected \(styles.first?.count ?? 0)×\(rows.count), actual \(actual.styles.first?.count ?? 0)×\(actual.rows.count)")
        }
        let differingRows = zip(rows, actual.rows).enumerated().filter { $0.element.0 != $0.element.1 }
        for (y, (e, a)) in differingRows.prefix(limit) {
            report.append(String(format: "row %2d expected |%@|", y, e))
            report.append(String(format: "row %2d actual   |%@|", y, a))
        }
        if differingRows.count > limit { report.append("… \(differingRows.count - limit) more rows differ") }
        var differingCells: [String] = []
        for (y, (e, a)) in zip(styles, actual.styles).enumerated() {
            for (x, (se, sa)) in zip(e, a).enumerated() where !CellGridSnapshot.matches(se, sa, tolerance: tolerance) {
                differingCells.append("row \(y) column \(x): expected \(CellGridSnapshot.describe(se)), actual \(CellGridSnapshot.describe(sa))")
            }
        }
        report += differingCells.prefix(limit)
        if differingCells.count > limit { report.append("… \(differingCells.count - limit) more cells differ in style") }
        return report.isEmpty ? nil : report.joined(separator: "\n")
    }
}
