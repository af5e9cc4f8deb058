import CNCurses
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

    /// `detect` applied to this process's environment and the terminfo entry of `$TERM`.
    public static func detectFromEnvironment() -> ColorMode {
        let caps = TerminalCapabilities.probe()
        return detect(environment: currentEnvironment(), colors: caps.colors, rgbFlag: caps.rgbFlag)
    }

    static func currentEnvironment() -> [String: String] {
        var env: [String: String] = [:]
        for key in ["NO_COLOR", "COLORTERM", "TERM"] {
            if let v = getenv(key) { env[key] = String(cString: v) }
        }
        return env
    }
}

/// What terminfo says about the terminal's colours.
public struct TerminalCapabilities: Sendable, Equatable {
    /// terminfo `colors` (-1 when unknown or without a terminal description).
    public var colors: Int
    /// terminfo `RGB`: the terminal takes direct 24-bit colours.
    public var rgbFlag: Bool

    public init(colors: Int, rgbFlag: Bool) {
        self.colors = colors
        self.rgbFlag = rgbFlag
    }

    /// Reads terminfo for `$TERM` (without starting curses).
    public static func probe() -> TerminalCapabilities {
        guard getenv("TERM") != nil else { return TerminalCapabilities(colors: -1, rgbFlag: false) }
        var n: Int32 = -1, rgb: Int32 = 0
        if lapgan_probe_terminfo(&n, &rgb) != 0 { return TerminalCapabilities(colors: -1, rgbFlag: false) }
        return TerminalCapabilities(colors: Int(n), rgbFlag: rgb != 0)
    }
}
