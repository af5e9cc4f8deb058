/// Turns a cell grid into terminal output: the escape sequences that change what is on
/// screen (`previous`) into `current`, writing only cells that differ. Colours go out as raw
/// SGR for the colour mode: `38;2;r;g;b`/`48;2;…` (truecolor), `38;5;n` (256, nearest
/// perceptual match), greys, or none. Cursor moves are explicit (`CSI row;col H`, or
/// `CSI n C` along a row). A pure function of its inputs, so it can be tested byte for byte.
public struct FrameEncoder: Sendable {
    public var mode: ColorMode
    /// terminfo colour count: in `.grey` mode, 256 allows the 24 xterm greys, else 4 ANSI greys.
    public var colors: Int

    public init(mode: ColorMode, colors: Int = 256) {
        self.mode = mode
        self.colors = colors
    }

    /// The bytes that update the screen from `previous` to `current`. With no previous frame
    /// (or one of another size) the screen is cleared and every non-blank cell is written.
    /// An unchanged frame gives no bytes at all.
    public func encode(from previous: CellGrid?, to current: CellGrid) -> [UInt8] {
        var out: [UInt8] = []
        encode(from: previous, to: current, into: &out)
        return out
    }

    /// As `encode(from:to:)`, appending to `out`.
    public func encode(from previous: CellGrid?, to current: CellGrid, into out: inout [UInt8]) {
        let w = current.width, h = current.height
        let full = previous == nil || previous?.width != w || previous?.height != h
        out.reserveCapacity(out.count + (full ? w * h * 24 : 1024))
        if full {
            out.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D, 0x1B, 0x5B, 0x48, 0x1B, 0x5B, 0x32, 0x4A])  // ESC[0m ESC[H ESC[2J
        }
        var state = State()
        current.withUnsafeCells { cur in
            if full {
                diff(cur, nil, w: w, h: h, state: &state, out: &out)
            } else if let p = previous {
                p.withUnsafeCells { diff(cur, $0, w: w, h: h, state: &state, out: &out) }
            }
        }
        if state.pen != nil {
            out.append(contentsOf: [0x1B, 0x5B, 0x30, 0x6D])  // ESC[0m: leave the pen clean
        }
    }

    private func diff(_ cur: UnsafeBufferPointer<Cell>, _ prev: UnsafeBufferPointer<Cell>?, w: Int, h: Int,
                      state: inout State, out: inout [UInt8]) {
        let blank = Cell.blank
        for y in 0..<h {
            let row = y * w
            for x in 0..<w {
                let i = row + x
                let c = cur[i]
                if let p = prev {
                    if p[i] == c { continue }
                } else if c == blank {
                    continue
                }
                if c.isContinuation { continue }
                emit(c, x: x, y: y, width: w, state: &state, out: &out)
            }
        }
    }

    // MARK: - Internals

    /// A colour as it goes to the terminal after mapping to the mode.
    enum Out: Equatable {
        case none
        case ansi(UInt8)  // 0...15
        case index(UInt8)
        case rgb(RGB)
    }

    struct Pen: Equatable {
        var fg: Out
        var bg: Out
        var attributes: CellAttributes
    }

    struct State {
        var x = -1
        var y = -1
        var pen: Pen?
    }

    @inline(__always)
    func map(_ c: CellColor) -> Out {
        switch mode {
        case .none:
            return .none
        case .truecolor:
            switch c {
            case .default: return .none
            case .rgb(let v): return .rgb(v)
            case .indexed(let i): return i < 16 ? .ansi(i) : .index(i)
            }
        case .palette256:
            switch c {
            case .default: return .none
            case .rgb(let v): return .index(Xterm256.nearestIndex(to: v))
            case .indexed(let i): return i < 16 ? .ansi(i) : .index(i)
            }
        case .grey:
            let v: RGB
            switch c {
            case .default: return .none
            case .rgb(let x): v = x
            case .indexed(let i):
                if i < 16 { return .ansi(i) }
                v = Xterm256.rgb(ofIndex: Int(i))
            }
            if colors >= 256 { return .index(Xterm256.nearestGreyIndex(to: v)) }
            let ansi: [UInt8] = [0, 8, 7, 15]
            return .ansi(ansi[Shading.ansiGreyLevel(luma: v.luma)])
        }
    }

    @inline(__always)
    func emit(_ c: Cell, x: Int, y: Int, width: Int, state: inout State, out: inout [UInt8]) {
        // Cursor.
        if state.y != y || state.x != x {
            out.append(0x1B); out.append(0x5B)
            if state.y == y && x > state.x && state.x >= 0 {
                appendInt(x - state.x, &out)
                out.append(0x43)  // C
            } else {
                appendInt(y + 1, &out); out.append(0x3B); appendInt(x + 1, &out)
                out.append(0x48)  // H
            }
        }
        // Pen.
        let pen = Pen(fg: map(c.fg), bg: map(c.bg), attributes: c.attributes)
        if state.pen != pen {
            out.append(0x1B); out.append(0x5B)
            var first = true
            let old = state.pen
            let reset = old == nil || !(old?.attributes.subtracting(pen.attributes).isEmpty ?? true)
            @inline(__always) func sep() { if first { first = false } else { out.append(0x3B) } }
            if reset { sep(); out.append(0x30) }
            let added = reset ? pen.attributes : pen.attributes.subtracting(old?.attributes ?? [])
            if added.contains(.bold) { sep(); out.append(0x31) }
            if added.contains(.dim) { sep(); out.append(0x32) }
            if added.contains(.italic) { sep(); out.append(0x33) }
            if added.contains(.underline) { sep(); out.append(0x34) }
            if added.contains(.reverse) { sep(); out.append(0x37) }
            if reset ? pen.fg != .none : pen.fg != old?.fg { sep(); appendColor(pen.fg, background: false, &out) }
            if reset ? pen.bg != .none : pen.bg != old?.bg { sep(); appendColor(pen.bg, background: true, &out) }
            if first { out.append(0x30) }
            out.append(0x6D)  // m
            state.pen = pen
        }
        // Character.
        let cw = appendCharacter(c, &out)
        state.x = x + cw
        state.y = y
        if state.x >= width { state.x = -1; state.y = -1 }  // pending wrap: position unknown
    }

    @inline(__always)
    func appendColor(_ c: Out, background: Bool, _ out: inout [UInt8]) {
        switch c {
        case .none:
            out.append(background ? 0x34 : 0x33); out.append(0x39)  // 49 / 39
        case .ansi(let i):
            if i < 8 { appendInt(Int(i) + (background ? 40 : 30), &out) } else { appendInt(Int(i) - 8 + (background ? 100 : 90), &out) }
        case .index(let i):
            out.append(background ? 0x34 : 0x33); out.append(0x38); out.append(0x3B); out.append(0x35); out.append(0x3B)
            appendInt(Int(i), &out)
        case .rgb(let v):
            out.append(background ? 0x34 : 0x33); out.append(0x38); out.append(0x3B); out.append(0x32); out.append(0x3B)
            appendInt(Int(v.r), &out); out.append(0x3B)
            appendInt(Int(v.g), &out); out.append(0x3B)
            appendInt(Int(v.b), &out)
        }
    }

    /// Appends the cell's UTF-8; returns its display width.
    @inline(__always)
    func appendCharacter(_ c: Cell, _ out: inout [UInt8]) -> Int {
        let v = c.code
        if v < 0x80 {
            out.append(v < 0x20 || v == 0x7F ? 0x3F : UInt8(v))
            return 1
        }
        if v & Cell.graphemeFlag != 0 {
            let s = c.string
            var bad = false
            for u in s.unicodeScalars where u.value < 0x20 || (u.value >= 0x7F && u.value < 0xA0) { bad = true }
            if bad { out.append(0x3F); return 1 }
            out.append(contentsOf: s.utf8)
            return max(1, CharacterWidth.of(s))
        }
        guard let s = Unicode.Scalar(v), v >= 0xA0 else { out.append(0x3F); return 1 }
        if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
        return v < 0x1100 ? 1 : max(1, CharacterWidth.of(s))
    }

    @inline(__always)
    func appendInt(_ v: Int, _ out: inout [UInt8]) {
        if v < 0 { out.append(0x30); return }
        if v < 10 { out.append(UInt8(48 + v)); return }
        if v < 100 { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)); return }
        if v < 1000 {
            out.append(UInt8(48 + v / 100)); out.append(UInt8(48 + (v / 10) % 10)); out.append(UInt8(48 + v % 10))
            return
        }
        for ch in String(v).utf8 { out.append(ch) }
    }
}
