import CNCurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal backend. ncurses handles input (keys, wide characters via `wget_wch`),
/// resize, terminal modes and restoring; all drawing is done here with escape sequences
/// (`present` diffs against the previous frame and writes only changed cells in one
/// `write`). ncurses never repaints over it: keys are read from a 1×1 window that is never
/// modified, and after a resize ncurses clears once and then the next `present` repaints fully.
///
/// The terminal is restored by `shutdown()` (called by `run` on return or throw, and by
/// deinit), at exit, and on SIGINT (second press) / SIGTERM / SIGHUP / SIGQUIT and crash signals;
/// SIGTSTP restores and stops, SIGCONT takes the terminal back and reports `.resize`.
public final class Terminal {
    public private(set) var width: Int
    public private(set) var height: Int
    public let colorMode: ColorMode
    public let capabilities: TerminalCapabilities
    /// How long `readKey()` waits for a key before returning nil.
    public var inputTimeoutMs: Int {
        didSet { if let w = input { wtimeout(w, Int32(clamping: max(0, inputTimeoutMs))) } }
    }
    /// Bytes written by the last `present`.
    public private(set) var lastFrameByteCount = 0
    public private(set) var isActive = false
    /// Whether the terminal reports the mouse (`Key.mouse`): presses, releases and wheel steps, in xterm's SGR form.
    public let reportsMouse: Bool

    private var screen: OpaquePointer?
    private var input: UnsafeMutablePointer<WINDOW>?
    private var previous: CellGrid?
    private let encoder: FrameEncoder
    private var outBuffer: [UInt8] = []
    /// Keys read while looking for a mouse report that turned out not to be one, handed out before new ones.
    private var queued: [Key] = []
    static let mouseOn = "\u{1B}[?1000h\u{1B}[?1006h", mouseOff = "\u{1B}[?1006l\u{1B}[?1000l"

    /// Takes over the terminal. `colorMode` forces a mode (`--color`); nil detects it from
    /// `NO_COLOR`, `COLORTERM`, terminfo `RGB` and `colors`. `mouse`: report mouse presses, releases and wheel
    /// steps as `Key.mouse` (xterm's modes 1000 and 1006; off by `--no-mouse`).
    public init(colorMode forced: ColorMode? = nil, inputTimeoutMs: Int = 50, mouse: Bool = false) throws {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw TerminalError("stdin and stdout must be a terminal")
        }
        setlocale(LC_ALL, "")
        if let cs = nl_langinfo(nl_item(CODESET)), String(cString: cs) != "UTF-8" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")  // so wget_wch decodes UTF-8 input
        }
        TerminalSignals.prepare()
        let shared = TerminalSignals.shared
        shared.pointee.haveOriginal = tcgetattr(0, TerminalSignals.originalTermios) == 0 ? 1 : 0
        TerminalSignals.installAll()
        guard let scr = lapgan_newterm() else {
            TerminalSignals.uninstallAll()
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw TerminalError("cannot initialise the terminal (TERM=\(term))")
        }
        screen = scr
        cbreak()
        noecho()
        nonl()
        let std = lapgan_stdscr()
        intrflush(std, false)
        keypad(std, true)
        set_escdelay(25)
        curs_set(0)
        // ncurses' picture of the screen: blank, once. It is never changed afterwards.
        wclear(std)
        wnoutrefresh(std)
        // Keys are read from a 1×1 window that is never written to (stdscr if that fails).
        let win = newwin(1, 1, 0, 0) ?? std
        if let win = win {
            keypad(win, true)
            wtimeout(win, Int32(clamping: max(0, inputTimeoutMs)))
            wnoutrefresh(win)
        }
        // ncurses decodes the reports where terminfo's kmous is SGR's (xterm); elsewhere (tmux, screen) readKey does.
        if mouse { _ = lapgan_mouse(1) }
        doupdate()
        input = win
        self.inputTimeoutMs = inputTimeoutMs
        reportsMouse = mouse
        shared.pointee.haveProgram = tcgetattr(0, TerminalSignals.programTermios) == 0 ? 1 : 0

        func cap(_ name: String, _ fallback: String) -> [UInt8] {
            if let p = lapgan_tigetstr(name) { return Array(String(cString: p).utf8) }
            return Array(fallback.utf8)
        }
        let mouseOff = mouse ? Array(Terminal.mouseOff.utf8) : [], mouseOn = mouse ? Array(Terminal.mouseOn.utf8) : []
        TerminalSignals.setBytes(Array("\u{1B}[0m".utf8) + mouseOff + cap("cnorm", "\u{1B}[?25h") + cap("rmkx", "") + cap("rmcup", ""), restore: true)
        TerminalSignals.setBytes(cap("smcup", "") + cap("smkx", "") + cap("civis", "\u{1B}[?25l") + mouseOn, restore: false)
        shared.pointee.interruptCount = 0
        shared.pointee.continued = 0
        shared.pointee.active = 1

        let caps = TerminalCapabilities(colors: Int(tigetnum("colors")), rgbFlag: tigetflag("RGB") > 0)
        capabilities = caps
        colorMode = forced ?? ColorMode.detect(environment: ColorMode.currentEnvironment(), colors: caps.colors, rgbFlag: caps.rgbFlag)
        encoder = FrameEncoder(mode: colorMode, colors: caps.colors)
        width = Int(lapgan_cols())
        height = Int(lapgan_lines())
        isActive = true
        refreshSize()
        if mouse { writeBytes(Array(Terminal.mouseOn.utf8)) }
    }

    deinit { shutdown() }

    /// Runs `body` with a terminal and always restores it afterwards (also when it throws).
    public static func run<T>(colorMode: ColorMode? = nil, inputTimeoutMs: Int = 50, mouse: Bool = false,
                              _ body: (Terminal) throws -> T) throws -> T {
        let t = try Terminal(colorMode: colorMode, inputTimeoutMs: inputTimeoutMs, mouse: mouse)
        defer { t.shutdown() }
        return try body(t)
    }

    /// Gives the terminal back: SGR reset, cursor visible, normal screen, original modes.
    public func shutdown() {
        guard isActive else { return }
        isActive = false
        writeBytes(Array(("\u{1B}[0m" + (reportsMouse ? Terminal.mouseOff : "")).utf8))
        if reportsMouse { _ = lapgan_mouse(0) }
        TerminalSignals.shared.pointee.active = 0
        if let w = input, w != lapgan_stdscr() { delwin(w) }
        input = nil
        endwin()
        if let scr = screen { delscreen(scr) }
        screen = nil
        writeBytes(Array("\u{1B}[0m\u{1B}[?25h".utf8))
        if TerminalSignals.shared.pointee.haveOriginal != 0 {
            _ = tcsetattr(0, TCSADRAIN, TerminalSignals.originalTermios)
        }
        TerminalSignals.uninstallAll()
    }

    /// Forgets what is on screen: the next `present` clears and repaints everything.
    public func invalidate() {
        previous = nil
    }

    // MARK: - Input

    /// The next key, or nil when none came within the timeout (`timeoutMs`, else
    /// `inputTimeoutMs`). Resizes and returns from suspension come back as `.resize`, a
    /// SIGINT as `.ctrl("c")`; `Ctrl-L` also invalidates the screen (re-render and present).
    public func readKey(timeoutMs: Int? = nil) -> Key? {
        guard isActive, let win = input else { return nil }
        if let e = pendingEvent() { return e }
        var key: Key
        if !queued.isEmpty {
            key = queued.removeFirst()
        } else {
            if let t = timeoutMs { wtimeout(win, Int32(clamping: max(0, t))) }
            let read = rawKey(win)
            if timeoutMs != nil { wtimeout(win, Int32(clamping: max(0, inputTimeoutMs))) }
            guard let k = read else { return pendingEvent() }
            key = reportsMouse && k == .escape ? sgrMouseReport(win) : k
        }
        switch key {
        case .resize:
            refreshSize(force: true)
        case .ctrl("l"):
            invalidate()
        default:
            break
        }
        return key
    }

    /// One key from ncurses (nil: none within the window's timeout).
    private func rawKey(_ win: UnsafeMutablePointer<WINDOW>) -> Key? {
        var ch: UInt32 = 0
        let r = lapgan_get_wch(win, &ch)
        if r == lapgan_err() { return nil }
        return r == lapgan_key_code_yes() ? translateFunctionKey(Int32(bitPattern: ch)) : Key.fromCharacterCode(ch)
    }

    /// After an escape: the rest of an SGR mouse report (`[<b;x;yM`) that ncurses passed on undecoded (where
    /// terminfo's kmous is not SGR's, as in tmux), read without waiting; the escape itself when it is not one (what
    /// was read after it comes next, in order).
    private func sgrMouseReport(_ win: UnsafeMutablePointer<WINDOW>) -> Key {
        wtimeout(win, 0)
        defer { wtimeout(win, Int32(clamping: max(0, inputTimeoutMs))) }
        var read: [Key] = []
        func next() -> Character? {
            guard let k = rawKey(win) else { return nil }
            read.append(k)
            if case .char(let c) = k { return c }
            return nil
        }
        guard next() == "[", next() == "<" else {
            queued.append(contentsOf: read)
            return .escape
        }
        var body = ""
        while body.count < 24, let c = next() {
            if c == "M" || c == "m" {
                // A report this type does not name (motion, other buttons) is dropped whole.
                return MouseEvent.parseSGR(Substring(body), final: c).map(Key.mouse) ?? .unknown(27)
            }
            body.append(c)
        }
        queued.append(contentsOf: read)
        return .escape
    }

    /// The event behind ncurses' KEY_MOUSE (where it decodes the reports itself).
    private func ncursesMouse() -> Key {
        var x: Int32 = 0, y: Int32 = 0, kind: Int32 = 0, button: Int32 = 0
        guard lapgan_getmouse(&x, &y, &kind, &button) == 0 else { return .unknown(Int(lapgan_key_mouse())) }
        let actions: [Int32: MouseEvent.Action] = [1: .press, 2: .release, 3: .wheelUp, 4: .wheelDown]
        guard let action = actions[kind], let b = MouseEvent.Button(rawValue: Int(button)) else {
            return .unknown(Int(lapgan_key_mouse()))
        }
        return .mouse(MouseEvent(action, button: b, x: Int(x), y: Int(y)))
    }

    private func translateFunctionKey(_ k: Int32) -> Key {
        switch k {
        case lapgan_key_up(): return .up
        case lapgan_key_down(): return .down
        case lapgan_key_left(): return .left
        case lapgan_key_right(): return .right
        case lapgan_key_home(): return .home
        case lapgan_key_end(): return .end
        case lapgan_key_ppage(): return .pageUp
        case lapgan_key_npage(): return .pageDown
        case lapgan_key_dc(): return .delete
        case lapgan_key_ic(): return .insert
        case lapgan_key_btab(): return .backTab
        case lapgan_key_enter(): return .enter
        case lapgan_key_backspace(): return .backspace
        case lapgan_key_resize(): return .resize
        case lapgan_key_mouse(): return ncursesMouse()
        default:
            let f = Int(k) - Int(lapgan_key_f(0))
            if f >= 1 && f <= 24 { return .function(f) }
            return .unknown(Int(k))
        }
    }

    /// Signals and size changes noticed since the last call.
    private func pendingEvent() -> Key? {
        let s = TerminalSignals.shared
        if s.pointee.continued != 0 {
            s.pointee.continued = 0
            refreshSize(force: true)
            return .resize
        }
        if s.pointee.interruptCount > 0 {
            s.pointee.interruptCount = 0
            return .ctrl("c")
        }
        if refreshSize() { return .resize }
        return nil
    }

    /// Reads the size from the kernel; on a change (or `force`) tells ncurses, lets it clear
    /// once, and invalidates the frame. Returns true when something changed.
    @discardableResult
    private func refreshSize(force: Bool = false) -> Bool {
        var rows: Int32 = 0, cols: Int32 = 0
        var w = width, h = height
        if lapgan_window_size(1, &rows, &cols) == 0, rows > 0, cols > 0 {
            w = Int(cols)
            h = Int(rows)
        }
        guard force || w != width || h != height else { return false }
        if is_term_resized(Int32(h), Int32(w)) { resize_term(Int32(h), Int32(w)) }
        width = w
        height = h
        let std = lapgan_stdscr()
        wclear(std)
        wnoutrefresh(std)
        if let win = input { wnoutrefresh(win) }
        doupdate()
        previous = nil
        return true
    }

    // MARK: - Output

    /// Shows `grid` (cropped or padded to the terminal size), writing only the cells that
    /// changed since the last frame, in one write.
    public func present(_ grid: CellGrid) {
        guard isActive else { return }
        let g = (grid.width == width && grid.height == height) ? grid : grid.cropped(width: width, height: height)
        outBuffer.removeAll(keepingCapacity: true)
        encoder.encode(from: previous, to: g, into: &outBuffer)
        lastFrameByteCount = outBuffer.count
        if !outBuffer.isEmpty { writeBytes(outBuffer) }
        previous = g
    }

    private func writeBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            _ = Terminal.writeAll(fd: 1, base, buf.count)
        }
    }

    /// Writes all bytes to `fd`, retrying on EINTR/EAGAIN; false on a hard error.
    @discardableResult
    static func writeAll(fd: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var off = 0
        while off < n {
            let r = write(fd, p + off, n - off)
            if r > 0 { off += r; continue }
            if r < 0 && (errno == EINTR || errno == EAGAIN) {
                if errno == EAGAIN { var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0); _ = poll(&pfd, 1, 100) }
                continue
            }
            return false
        }
        return true
    }
}

extension CellGrid {
    /// A copy of the top-left `width`×`height` cells (blank where this grid is smaller).
    public func cropped(width w: Int, height h: Int) -> CellGrid {
        var out = CellGrid(width: w, height: h)
        let cw = min(w, width), ch = min(h, height)
        guard cw > 0, ch > 0 else { return out }
        out.withUnsafeMutableCells { dst in
            withUnsafeCells { src in
                for y in 0..<ch {
                    for x in 0..<cw { dst[y * w + x] = src[y * width + x] }
                    // A wide character cut at the right edge becomes a space.
                    let last = y * w + cw - 1
                    if cw < width, src[y * width + cw].isContinuation { dst[last].code = 0x20 }
                }
            }
        }
        return out
    }
}

extension Terminal: TimedInputBackend {
    public func nextKey() -> Key? { readKey() }
    public func nextKey(waitingAtMost milliseconds: Int) -> Key? { readKey(timeoutMs: max(0, milliseconds)) }
}
