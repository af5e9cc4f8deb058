import TerminalUI

/// What a key asks the explorer to do. `ExplorerAction(key:view:)` is a pure function of the key and the
/// view shown, so the key map is tested without a terminal or a model.
enum ExplorerAction: Equatable {
    case quit
    case cycleView(by: Int)
    case show(ExplorerView)
    case selectCoarser, selectFiner
    case selectLevel(Int)
    case reroll, rerollAll
    /// Start (or stop) walking the selected level's noise.
    case walk
    /// Start from the next / previous real image (its pyramid kept at and above the selected level).
    case realImage(by: Int)
    /// Show the training images nearest to the current sample.
    case neighbours
    /// Next / previous class of a class-conditional model.
    case changeClass(by: Int)
    case undo, redo
    case save
    /// Write what the screen animates as a GIF: the noise walk, re-rolls of the selected level, the timeline.
    case saveAnimation
    /// Moves the grid selection by whole cells and rows.
    case moveGridSelection(columns: Int, rows: Int)
    case openGridSelection
    /// Select sample i of the grid and open its pyramid (a click on it).
    case openGridSample(Int)
    /// Select level k and re-roll its noise (a click on its band h̃_k).
    case rerollLevel(Int)
    /// Show the step and values under column x (screen cells) of loss plot i (a click on it).
    case probeLoss(plot: Int, x: Int)
    case rerollGrid, rerollGridAll
    /// Run the human study (the study view's space or enter).
    case startStudy
    /// A key for the loss view's own settings.
    case loss(Key)
    /// A key for the training timeline (snapshot ←/→, home/end, level, re-roll).
    case timeline(Key)
    /// Nothing to change but the picture: draw the screen again.
    case redraw
    case none

    init(key: Key, view: ExplorerView) {
        if key.isQuit { self = .quit; return }
        switch key {
        case .resize, .ctrl("l"): self = .redraw; return
        case .tab: self = .cycleView(by: 1); return
        case .backTab: self = .cycleView(by: -1); return
        case .char("?"): self = .show(.help); return
        case .escape: self = .show(.pyramid); return
        case .char("["): self = .selectCoarser; return
        case .char("]"): self = .selectFiner; return
        case .char("s"): self = .save; return
        case .char("e"): self = .saveAnimation; return
        case .char("u"): self = .undo; return
        case .char("U"): self = .redo; return
        default: break
        }
        switch view {
        case .pyramid: self = ExplorerAction.pyramid(key)
        case .grid: self = ExplorerAction.grid(key)
        case .loss: self = .loss(key)
        case .timeline: self = .timeline(key)
        case .help: self = .none
        case .study: self = key == .char(" ") || key == .enter ? .startStudy : .none
        }
    }

    /// What a mouse event asks for, given what lies under the pointer (`HitMap`) and the view shown: a press of the
    /// left button on a tab, level, band, grid sample or loss plot; the wheel steps levels (pyramid), samples (grid)
    /// and snapshots (timeline). Releases, other buttons and presses on nothing ask for nothing.
    init(mouse m: MouseEvent, hit: HitMap.Target?, view: ExplorerView) {
        switch m.action {
        case .release: self = .none
        case .wheelUp, .wheelDown:
            let up = m.action == .wheelUp
            switch view {
            case .pyramid: self = up ? .selectCoarser : .selectFiner
            case .grid: self = .moveGridSelection(columns: up ? -1 : 1, rows: 0)
            case .timeline: self = .timeline(up ? .left : .right)
            case .loss, .help, .study: self = .none
            }
        case .press:
            guard m.button == .left, let hit else { self = .none; return }
            switch (hit, view) {
            case (.view(let v), _): self = .show(v)
            case (.level(let k), .timeline), (.band(let k), .timeline):
                self = k <= 9 ? .timeline(.char(Character(String(k)))) : .none
            case (.level(let k), _): self = .selectLevel(k)
            case (.band(let k), _): self = .rerollLevel(k)
            case (.gridSample(let i), _): self = .openGridSample(i)
            case (.lossPlot(let i), _): self = .probeLoss(plot: i, x: m.x)
            }
        }
    }

    private static func pyramid(_ key: Key) -> ExplorerAction {
        switch key {
        case .up, .left, .char("k"), .char("h"): return .selectCoarser
        case .down, .right, .char("j"), .char("l"): return .selectFiner
        case .char("r"): return .reroll
        case .char("R"): return .rerollAll
        case .char("w"): return .walk
        case .char("c"): return .changeClass(by: 1)
        case .char("C"): return .changeClass(by: -1)
        case .char("i"): return .realImage(by: 1)
        case .char("I"): return .realImage(by: -1)
        case .char("n"): return .neighbours
        case .char(let c) where c.isNumber: return c.wholeNumberValue.map { .selectLevel($0) } ?? .none
        default: return .none
        }
    }

    private static func grid(_ key: Key) -> ExplorerAction {
        switch key {
        case .left, .char("h"): return .moveGridSelection(columns: -1, rows: 0)
        case .right, .char("l"): return .moveGridSelection(columns: 1, rows: 0)
        case .up, .char("k"): return .moveGridSelection(columns: 0, rows: -1)
        case .down, .char("j"): return .moveGridSelection(columns: 0, rows: 1)
        case .enter: return .openGridSelection
        case .char("c"): return .changeClass(by: 1)
        case .char("C"): return .changeClass(by: -1)
        case .char("r"): return .rerollGrid
        case .char("R"): return .rerollGridAll
        default: return .none
        }
    }
}
