import Foundation
import TerminalUI

/// `lapgan-tui A.lpg B.lpg`: two models of the same pyramid on the same seeds, level by level (`CompareView`).
/// Keys: ↑/↓ (k/j, 0–9) select a level, `r` re-rolls it in both models at once, `R` every level, `q` quits.
/// Drawn into a cell grid like the explorer, so tests drive it with `TestBackend`; an `App` that `AppRunner` drives.
public final class CompareApp: App {
    public let state: CompareState
    public var colorMode: ColorMode
    public private(set) var shouldQuit = false
    public private(set) var width = 0, height = 0
    private(set) var layout: CompareLayout?
    public var message: String?

    public init(state: CompareState, colorMode: ColorMode) {
        self.state = state
        self.colorMode = colorMode
    }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        let content = ExplorerApp.contentRect(width: width, height: height)
        layout = CompareLayout.make(sizes: state.models.a.description.sizes, width: content.width, height: content.height)
    }

    /// Applies a key (a message from the last key goes); errors become the message, never a crash.
    @discardableResult
    public func handle(_ key: Key) -> AppUpdate {
        message = nil
        if key.isQuit {
            shouldQuit = true
            return .quit
        }
        do {
            switch key {
            case .up, .left, .char("k"), .char("h"), .char("["): state.selectLevel(state.selectedLevel + 1)
            case .down, .right, .char("j"), .char("l"), .char("]"): state.selectLevel(state.selectedLevel - 1)
            case .char(let c) where c.isNumber: state.selectLevel(c.wholeNumberValue ?? state.selectedLevel)
            case .char("r"): try state.rerollSelected()
            case .char("R"): try state.rerollAll()
            default: break
            }
        } catch {
            message = "error: \(error)"
        }
        return .redraw
    }

    /// Picks up the samples computed in the background.
    public func tick() -> AppUpdate { state.poll() ? .redraw : .unchanged }

    public func render(into grid: inout CellGrid) {
        grid.clear()
        guard SizeGuard.check(&grid, minWidth: ExplorerApp.minimumWidth, minHeight: ExplorerApp.minimumHeight) else { return }
        let w = grid.width, h = grid.height
        let top = Rect(x: 0, y: 0, width: w, height: 1)
        grid.fill(top, style: .reverse)
        let name = " lapgan-tui  compare \(state.names.a) ↔ \(state.names.b) "
        grid.drawText(name, x: 0, y: 0, style: Style(attributes: [.reverse, .bold]), maxWidth: w)
        let hint = " r re-roll level in both  q quit "
        if CharacterWidth.of(name) + CharacterWidth.of(hint) + 2 < w { grid.drawText(hint, x: w - CharacterWidth.of(hint), y: 0, style: .reverse) }
        CompareView(state: state, layout: layout, mode: colorMode).render(into: &grid, in: ExplorerApp.contentRect(width: w, height: h))
        let k = state.selectedLevel, size = state.models.a.description.sizes[k]
        let seeds = stride(from: state.levelCount - 1, through: 0, by: -1).map { String(format: "z%@:%04llx", sub($0), state.seeds[$0] & 0xffff) }
        let parts = ["level \(k)/\(state.levelCount - 1) \(size)×\(size)", "same seeds " + seeds.joined(separator: " "),
                     "↑↓ level", "r re-roll z\(sub(k)) in both", "R all"]
        StatusBar(parts: parts, message: message).render(into: &grid, in: Rect(x: 0, y: h - 2, width: w, height: 2))
    }
}
