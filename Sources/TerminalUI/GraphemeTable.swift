import Synchronization

/// Process-wide table of grapheme clusters that need more than one scalar (e.g. "e\u{301}",
/// flags, emoji sequences), so a cell can name one with a 32-bit code that is the same in
/// every grid and frame.
public final class GraphemeTable: Sendable {
    public static let shared = GraphemeTable()

    private let table = Mutex<(strings: [String], ids: [String: UInt32])>(([], [:]))

    public func id(for string: String) -> UInt32 {
        table.withLock { t in
            if let id = t.ids[string] { return id }
            let id = UInt32(t.strings.count) & ~Cell.graphemeFlag
            t.strings.append(string)
            t.ids[string] = id
            return id
        }
    }

    public func string(for id: UInt32) -> String {
        table.withLock { t in
            let i = Int(id)
            return i < t.strings.count ? t.strings[i] : "?"
        }
    }
}
