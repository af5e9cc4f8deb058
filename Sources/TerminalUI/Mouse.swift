/// A mouse event as the views see it: what happened, which button, and the cell under the pointer (0-based, from
/// the screen's top left). Terminals report it in xterm's SGR form (mode 1006): `ESC [ < b ; x ; y M` for a press
/// or wheel step, `… m` for a release, with 1-based x and y.
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        case press, release, wheelUp, wheelDown
    }
    public enum Button: Int, Hashable, Sendable {
        case left = 0, middle = 1, right = 2
    }

    public var action: Action
    /// The button pressed or released (`.left` for wheel steps).
    public var button: Button
    public var x: Int
    public var y: Int

    public init(_ action: Action, button: Button = .left, x: Int, y: Int) {
        self.action = action
        self.button = button
        self.x = x
        self.y = y
    }

    /// A left-button press at (x, y): a click as the explorer understands it.
    public static func click(x: Int, y: Int) -> MouseEvent { MouseEvent(.press, x: x, y: y) }

    /// The event from an SGR report's body — the text between `ESC [ <` and the final `M` (press) or `m` (release),
    /// e.g. `"0;10;5"` — or nil when it is malformed or something this type does not name (motion, buttons 6–11).
    public static func parseSGR(_ body: Substring, final: Character) -> MouseEvent? {
        guard final == "M" || final == "m" else { return nil }
        let parts = body.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count <= 6 && !$0.isEmpty && $0.allSatisfy(\.isASCII) }),
              let code = Int(parts[0]), let x = Int(parts[1]), let y = Int(parts[2]), x >= 1, y >= 1 else { return nil }
        // Bits 2–4 are shift/meta/ctrl, 32 motion, 64 the wheel.
        guard code & 32 == 0 else { return nil }
        let low = code & 3
        if code & 64 != 0 {
            guard final == "M", code & 128 == 0, low <= 1 else { return nil }
            return MouseEvent(low == 0 ? .wheelUp : .wheelDown, x: x - 1, y: y - 1)
        }
        guard code & 128 == 0, let button = Button(rawValue: low) else { return nil }
        return MouseEvent(final == "M" ? .press : .release, button: button, x: x - 1, y: y - 1)
    }

    /// The SGR report a terminal sends for this event (what tests type into a terminal).
    public var sgrSequence: String {
        let code: Int
        switch action {
        case .press, .release: code = button.rawValue
        case .wheelUp: code = 64
        case .wheelDown: code = 65
        }
        return "\u{1B}[<\(code);\(x + 1);\(y + 1)\(action == .release ? "m" : "M")"
    }
}
