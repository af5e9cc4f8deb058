/// A training problem a user should hear about.
public enum TrainingError: Error, CustomStringConvertible {
    case diverged(level: Int, step: Int, what: String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .diverged(let k, let s, let what):
            return "level \(k) diverged at step \(s) (\(what)); it was stopped and its last good checkpoint kept — try a lower learning rate"
        case .mismatch(let s): return s
        }
    }
}
