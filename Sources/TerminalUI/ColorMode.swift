#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How colours reach the terminal: 24-bit SGR, the xterm-256 palette (cube + grey ramp),
/// greys only (ANSI greys, or the 24 xterm greys where 256 colours exist), or no colour
/// at all (images become ASCII shading).
public enum ColorMode: String, CaseIterable, Sendable {
    case truecolor
    case palette256
    case grey
    case none

    /// Parses a `--color` argument: truecolor|24bit|rgb, 256, grey|gray, none|no.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "truecolor", "truecolour", "24bit", "24-bit", "rgb", "direct": self = .truecolor
        case "256", "palette256", "xterm256", "xterm-256": self = .palette256
        case "grey", "gray", "greys", "grays", "8", "16": self = .grey
        case "none", "no", "off", "mono", "ascii": self = .none
        default: return nil
        }
    }

    /// Decides the mode from the environment and terminfo, as a pure function:
    /// `NO_COLOR` set and non-empty → none; `COLORTERM` truecolor/24bit → truecolor;
    /// terminfo `RGB` flag or colours ≥ 2^24 → truecolor; colours ≥ 256 → palette256;
    /// colours ≥ 8 → grey; otherwise none.
    public static func detect(environment: [String: String], colors: Int, rgbFlag: Bool) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        if let ct = environment["COLORTERM"]?.lowercased(), ct == "truecolor" || ct == "24bit" { return .truecolor }
        if rgbFlag || colors >= 1 << 24 { return .truecolor }
        if colors >= 256 { return .palette256 }
        if colors >= 8 { return .grey }
        return .none
    }

    static func currentEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        for key in ["NO_COLOR", "COLORTERM", "TERM"] {
            if let v = getenv(key) { env[key] = String(cString: v) }
        }
        return env
    }
}
