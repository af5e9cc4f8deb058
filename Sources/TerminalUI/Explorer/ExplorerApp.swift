import Foundation
import LapGAN

/// The explorer: which view is shown, how keys change the state, and how a whole screen is rendered
/// into a cell grid (testable without a terminal). `run` drives it with a real terminal.
public final class ExplorerApp {
    public enum ViewKind: String, CaseIterable { case pyramid, grid, loss, help }

    public let state: ExplorerState
    public let lossView: LossView
    public private(set) var view: ViewKind = .pyramid
    public var colorMode: ColorMode
    public private(set) var shouldQuit = false
    /// Where `s` writes PNGs.
    public var saveDirectory: String
    public static let minimumWidth = 40, minimumHeight = 10

    public init(state: ExplorerState, logPath: String?, colorMode: ColorMode, saveDirectory: String = ".") {
        self.state = state
        self.lossView = LossView(path: logPath)
        if logPath == nil { lossView.noLogMessage = "no training log: pass --log FILE (the CSV that lapgan train writes)" }
        self.colorMode = colorMode
        self.saveDirectory = saveDirectory
    }

    // MARK: keys

    /// Applies a key; errors from the model become a status message, never a crash.
    public func handle(_ key: Key) {
        do { try apply(key) } catch { state.message = "error: \(error)" }
    }

    private func apply(_ key: Key) throws {
        if key.isQuit { shouldQuit = true; return }
        switch key {
        case .tab: cycle(1); return
        case .backTab: cycle(-1); return
        case .char("?"): view = .help; return
        case .escape: view = .pyramid; return
        case .char("["): state.selectCoarser(); return
        case .char("]"): state.selectFiner(); return
        case .char("s"): try save(); return
        case .char("u"): try state.undo(); return
        case .char("U"): try state.redo(); return
        default: break
        }
        switch view {
        case .pyramid: try pyramidKey(key)
        case .grid: try gridKey(key)
        case .loss: _ = lossView.handle(key: key)
        case .help: break
        }
    }

    private func cycle(_ step: Int) {
        let all = ViewKind.allCases
        let i = all.firstIndex(of: view) ?? 0
        view = all[(i + step + all.count) % all.count]
    }

    private func pyramidKey(_ key: Key) throws {
        switch key {
        case .up, .left, .char("k"), .char("h"): state.selectCoarser()
        case .down, .right, .char("j"), .char("l"): state.selectFiner()
        case .char("r"): try state.rerollSelected()
        case .char("R"): try state.rerollAll()
        case .char(let c) where c.isNumber: if let n = c.wholeNumberValue { state.selectLevel(n) }
        default: break
        }
    }

    private var gridColumns = 1

    private func gridKey(_ key: Key) throws {
        let n = state.grid?.count ?? 1
        switch key {
        case .left, .char("h"): state.gridSelection = max(0, state.gridSelection - 1)
        case .right, .char("l"): state.gridSelection = min(n - 1, state.gridSelection + 1)
        case .up, .char("k"): state.gridSelection = max(0, state.gridSelection - gridColumns)
        case .down, .char("j"): state.gridSelection = min(n - 1, state.gridSelection + gridColumns)
        case .enter:
            try state.openGridSelection()
            view = .pyramid
        case .char("r"): try state.rerollGrid()
        case .char("R"): try state.rerollGridAll()
        default: break
        }
    }

    /// Writes the final image (enlarged) and the pyramid strip of the current sample as PNGs.
    public func save() throws {
        let m = state.model
        let tag = String(format: "%@-%016llx", state.modelName, state.seeds.reduce(UInt64(0)) { $0 &* 31 &+ $1 })
        let imagePath = (saveDirectory as NSString).appendingPathComponent("\(tag)-image.png")
        let pyramidPath = (saveDirectory as NSString).appendingPathComponent("\(tag)-pyramid.png")
        let final = try ImageConversion.raster(m.toDisplay(image: state.sample.image, level: 0))
        try PNGFile.write(ImageConversion.enlarged(final, factor: max(1, 256 / max(final.width, 1))), to: imagePath)
        let strip = try ImageConversion.pyramidStrip(m, state.sample, index: 0).map { ImageConversion.enlarged($0, factor: 4) }
        try PNGFile.write(try ImageConversion.grid(strip, columns: strip.count), to: pyramidPath)
        state.message = "saved \(imagePath) and \(pyramidPath)"
    }

    // MARK: idle work

    /// Picks up background results and log changes; true when the screen should be redrawn.
    public func tick() -> Bool {
        let a = state.poll()
        let b = view == .loss ? lossView.update() : false
        return a || b
    }

    // MARK: rendering

    public func render(into grid: inout CellGrid) {
        grid.clear()
        guard SizeGuard.check(&grid, minWidth: ExplorerApp.minimumWidth, minHeight: ExplorerApp.minimumHeight) else { return }
        let w = grid.width, h = grid.height
        renderTitle(into: &grid, width: w)
        let content = Rect(x: 1, y: 2, width: w - 2, height: h - 4)
        switch view {
        case .pyramid: PyramidView().render(state, into: &grid, rect: content, mode: colorMode)
        case .grid:
            let size = state.model.description.sizes[0]
            let (columns, count) = GridView().count(for: content, size: size)
            gridColumns = columns
            do { try state.ensureGrid(count: count) } catch { state.message = "error: \(error)" }
            GridView().render(state, into: &grid, rect: content, mode: colorMode)
        case .loss: lossView.render(into: &grid, rect: content)
        case .help: HelpView().render(into: &grid, rect: content)
        }
        renderStatus(into: &grid, width: w, y: h - 1)
    }

    private func renderTitle(into grid: inout CellGrid, width: Int) {
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), style: .reverse)
        var x = grid.drawText(" lapgan-tui  \(state.modelName) ", x: 0, y: 0, style: Style(attributes: [.reverse, .bold]))
        for kind in ViewKind.allCases {
            let label = " \(kind.rawValue) "
            x = grid.drawText(label, x: x + 1, y: 0, style: kind == view ? .bold : .reverse)
        }
        let hint = " tab views  ? help  q quit "
        if x + hint.count + 2 < width { grid.drawText(hint, x: width - hint.count, y: 0, style: .reverse) }
    }

    private func renderStatus(into grid: inout CellGrid, width: Int, y: Int) {
        let m = state.model, k = state.selectedLevel, size = m.description.sizes[k]
        let seeds = stride(from: m.coarsest, through: 0, by: -1).map { String(format: "z%@:%04llx", sub($0), state.seeds[$0] & 0xffff) }
        let delta = state.sensitivity[k].map { String(format: "Δz%@ %.1f/255", sub(k), $0) } ?? "Δz\(sub(k)) computing…"
        let parts = ["level \(k)/\(m.coarsest) \(size)×\(size)",
                     "sizes \(m.description.sizes.map(String.init).joined(separator: "→"))",
                     seeds.joined(separator: " "), delta,
                     view == .grid ? "sample \(state.gridSelection + 1)/\(state.grid?.count ?? 0)" : nil,
                     state.canUndo ? "u undo" : nil].compactMap { $0 }
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), style: .reverse)
        grid.drawText(" " + parts.joined(separator: " │ "), x: 0, y: y, style: .reverse, maxWidth: width)
        if let message = state.message {
            grid.drawText(message, x: 1, y: y - 1, style: message.hasPrefix("error") ? Style(fg: .rgb(RGB(255, 95, 95))) : .dim,
                          maxWidth: width - 2)
        }
    }

    // MARK: the terminal loop

    /// Runs the explorer on the real terminal until the user quits.
    public func run(terminal: Terminal) {
        var grid = terminal.makeGrid()
        var dirty = true
        while !shouldQuit {
            if dirty {
                if grid.width != terminal.width || grid.height != terminal.height { grid = terminal.makeGrid() }
                render(into: &grid)
                terminal.present(grid)
                dirty = false
            }
            if let key = terminal.readKey() {
                if key == .resize || key == .ctrl("l") {
                    dirty = true
                    continue
                }
                let before = state.message
                handle(key)
                if key != .char("s"), state.message == before { state.message = nil }
                dirty = true
            } else if tick() {
                dirty = true
            }
        }
    }
}
