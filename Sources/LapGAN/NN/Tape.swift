import Foundation

/// The record of one forward pass: what each layer saved for its backward pass, taken back in reverse order.
/// Owned by the call that runs forward and backward, never by a layer.
public final class Tape {
    private var records: [Any] = []

    public init() {}

    /// Number of records not yet taken back.
    public var count: Int { records.count }

    /// Saves one layer's record.
    func save(_ record: Any) { records.append(record) }

    /// Whether the last record is a `Record` (for a layer whose record's type tells how it ran).
    func next<Record>(is type: Record.Type) -> Bool { records.last is Record }

    /// Takes back the last record, which must be `layer`'s.
    func restore<Record>(_ type: Record.Type, for layer: String) throws -> Record {
        guard let last = records.popLast() else { throw MissingForwardError(layer: layer) }
        guard let record = last as? Record else {
            throw MissingForwardError(layer: layer, detail: "the tape's last record is a \(Swift.type(of: last)), not this layer's")
        }
        return record
    }
}

/// Raised when `backward` runs without a matching `forward` on the same tape.
struct MissingForwardError: Error, CustomStringConvertible {
    let layer: String
    var detail = "no record on the tape (forward ran without a tape, or backward ran twice)"
    var description: String { "\(layer).backward: \(detail)" }
}
