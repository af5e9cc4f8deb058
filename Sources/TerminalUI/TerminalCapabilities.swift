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
}
