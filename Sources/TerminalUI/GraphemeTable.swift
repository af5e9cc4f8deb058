/// Process-wide table of grapheme clusters that need more than one scalar (e.g. "e\u{301}",
/// flags, emoji sequences), so a cell can name one with a 32-bit code that is the same in
/// every grid and frame.
public final class GraphemeTable: @unchecked Sendable {
    public static let shared = GraphemeTable()

    private var strings: [String] = []
    private var ids: [String: UInt32] = [:]
    private let lock = PThreadLock()

    public func id(for string: String) -> UInt32 {
        lock.withLock {
            if let id = ids[string] { return id }
            let id = UInt32(strings.count) & ~Cell.graphemeFlag
            strings.append(string)
            ids[string] = id
            return id
        }
    }

    public func string(for id: UInt32) -> String {
        lock.withLock {
            let i = Int(id)
            return i < strings.count ? strings[i] : "?"
        }
    }
}
