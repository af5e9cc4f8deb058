/// A key press (or terminal event) as the views see it, independent of ncurses.
public enum Key: Hashable, Sendable {
    /// A printable character (including space).
    case char(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown, insert, delete
    case tab, backTab, enter, escape, backspace
    /// The terminal changed size (or came back from suspension): re-render everything.
    case resize
    /// Control + a letter, as the lowercase letter: Ctrl-C is `.ctrl("c")`.
    case ctrl(Character)
    /// F1...F24.
    case function(Int)
    /// A key code ncurses reported that has no name here.
    case unknown(Int)
    /// A mouse press, release or wheel step (only when the terminal reports the mouse: `Terminal(mouse: true)`).
    case mouse(MouseEvent)

    /// Ctrl-C, Ctrl-D or `q`: the usual ways to quit.
    public var isQuit: Bool {
        self == .char("q") || self == .ctrl("c") || self == .ctrl("d")
    }

    /// A key from a plain character code (what ncurses' `wget_wch` returns as OK): control
    /// codes become tab/enter/escape/backspace/ctrl, the rest printable characters.
    public static func fromCharacterCode(_ code: UInt32) -> Key {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 0: return .ctrl("@")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        case 28...31: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 64)))
        default:
            if let s = Unicode.Scalar(code), code >= 0x20, !(0x7F...0x9F).contains(code) {
                return .char(Character(s))
            }
            return .unknown(Int(code))
        }
    }
}
