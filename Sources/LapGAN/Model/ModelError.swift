import Foundation

/// Problems with a model description or with using a model.
public enum ModelError: Error, CustomStringConvertible {
    case invalid(String)
    case level(Int, available: Int)
    case label(Int, classes: Int)

    public var description: String {
        switch self {
        case .invalid(let s): return "invalid model description: \(s)"
        case .level(let k, let n): return "level \(k) does not exist: the model has levels 0…\(n - 1)"
        case .label(let l, let c): return c == 0 ? "the model is not class-conditional; drop the class label \(l)" : "class \(l) out of range 0…\(c - 1)"
        }
    }
}
