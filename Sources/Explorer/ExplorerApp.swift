import Foundation
import LapGAN
import TerminalUI

/// The explorer: which view is shown, what keys do, and the screen drawn into a cell grid (testable without a
/// terminal). Keys map to actions (`ExplorerAction`); actions and resizes change the state and lay it out
/// once; `render` only draws. An `App`: `AppRunner` (or `run(on:)`) drives it with any `TerminalBackend`.
public final class ExplorerApp: App {
    public let state: ExplorerState
    /// The loss view's log, settings and prepared plots.
    public private(set) var loss: LossState
    public private(set) var view: ExplorerView = .pyramid
    public var colorMode: ColorMode
    public private(set) var shouldQuit = false
    /// Where `s` writes PNGs.
    public var saveDirectory: String
    public static let minimumWidth = 40, minimumHeight = 12

    /// The screen size the layout was made for.
    public private(set) var width = 0, height = 0
    /// The pyramid's layout for each selected level (the small-terminal layouts centre on it).
    private(set) var pyramidLayouts: [PyramidLayout?] = []
    /// The real-image view's layout for each level.
    private(set) var realLayouts: [RealView.Layout?] = []
    private(set) var gridLayout = GridView.Layout(columns: 1, rows: 1, zoom: .one)
    /// The nearest neighbours' layout.
    private(set) var neighboursLayout: NeighboursView.Layout?
    /// The study view: trials per session, where answers go, the clock (tests move their own), the last session.
    public var studyTrials = 40
    public var studyCSVPath = StudyCSV.defaultPath
    var studyClock: StudyClock = MonotonicClock()
    var studyRequested = false
    var lastStudy: StudyResults?
    /// The study session running on the explorer's screen (nil: none); while it runs the explorer hands it the
    /// screen, the keys and the ticks.
    var studySession: StudyApp?
    /// Whether the screen can time key waits (`TimedInputBackend`), which the study needs.
    var screenTimesKeyWaits = false
    /// The training timeline (the model's `MODEL.snapshots/`), nil when it has none: tab then skips its view.
    public var timeline: Timeline? {
        didSet { layoutTimeline() }
    }
    private(set) var timelineLayout: TimelineLayout?
    /// What the mouse can reach on the last frame, recorded by `render` from the layouts it drew with.
    private(set) var hitMap = HitMap()

    public init(state: ExplorerState, logPath: String?, colorMode: ColorMode, saveDirectory: String = ".") {
        self.state = state
        self.loss = LossState(path: logPath)
        if logPath == nil { loss.noLogMessage = "no training log: pass --log FILE (the CSV that lapgan train writes)" }
        self.colorMode = colorMode
        self.saveDirectory = saveDirectory
    }

    /// Where the views go on a `width`×`height` screen: below the title bar, above the message and status lines.
    static func contentRect(width: Int, height: Int) -> Rect { Rect(x: 1, y: 2, width: width - 2, height: height - 4) }

    // MARK: state changes

    /// Lays the views out for a screen of `width`×`height` cells (and samples the grid if it is shown).
    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        // A study session gets the new size; the explorer lays itself out when the session ends.
        if let studySession { return studySession.resize(width: width, height: height) }
        let content = ExplorerApp.contentRect(width: width, height: height)
        let sizes = state.model.description.sizes
        pyramidLayouts = sizes.indices.map { PyramidLayout.make(sizes: sizes, width: content.width, height: content.height, selected: $0,
                                                                  chrome: (width - content.width, height - content.height)) }
        realLayouts = sizes.indices.map { RealView.layout(sizes: sizes, level: $0, width: content.width, height: content.height) }
        gridLayout = GridView.layout(size: sizes[0], width: content.width, height: content.height)
        neighboursLayout = NeighboursView.layout(size: sizes[0], count: state.neighbourCount, width: content.width, height: content.height)
        layoutTimeline()
        fillGrid()
    }

    private func layoutTimeline() {
        guard let t = timeline, width > 0 else { timelineLayout = nil; return }
        let content = ExplorerApp.contentRect(width: width, height: height)
        timelineLayout = TimelineLayout.make(sizes: state.model.description.sizes, width: content.width, height: content.height,
                                             selected: t.selectedLevel, chrome: (width - content.width, height - content.height))
    }

    /// The views tab cycles through.
    public var availableViews: [ExplorerView] { ExplorerView.allCases.filter { $0 != .timeline || timeline != nil } }

    /// Samples as many grid images as fit, when the grid is shown.
    private func fillGrid() {
        guard view == .grid else { return }
        do { try state.ensureGrid(count: gridLayout.count) } catch { state.message = "error: \(error)" }
    }

    public func start(timedKeyWaits: Bool) { screenTimesKeyWaits = timedKeyWaits }

    /// Applies a key: a resize or ctrl-l redraws (the layout was made by `resize`), any key but a quit stops a noise
    /// walk, other keys map to an `ExplorerAction`; errors from the model become a status message, never a crash.
    /// The message stays until a key that leaves it unchanged (but `s`, whose message names the files).
    @discardableResult
    public func handle(_ key: Key) -> AppUpdate {
        if case .mouse(let m) = key { return handle(mouse: m) }
        if let studySession { return studyUpdate(studySession.handle(key)) }
        if key == .resize || key == .ctrl("l") { return .redraw }
        // Any key stops a noise walk (the last frame stays); q and ctrl-c still quit.
        if state.isWalking && !key.isQuit {
            state.stopWalk()
            return .redraw
        }
        let before = state.message
        do { try perform(ExplorerAction(key: key, view: view)) } catch { state.message = "error: \(error)" }
        if studyRequested { beginStudy() }
        if key != .char("s"), key != .char("e"), state.message == before { state.message = nil }
        return shouldQuit ? .quit : .redraw
    }

    /// A mouse event: what lies under the pointer on the last frame decides (`ExplorerAction(mouse:hit:view:)`).
    /// Events that ask for nothing (releases, clicks on nothing) change nothing, not even the message; the others
    /// act as the keys do (a press stops a noise walk). A study session takes no mouse.
    private func handle(mouse m: MouseEvent) -> AppUpdate {
        guard studySession == nil else { return .unchanged }
        let action = ExplorerAction(mouse: m, hit: hitMap.hit(x: m.x, y: m.y)?.target, view: view)
        guard action != .none else { return .unchanged }
        if state.isWalking {
            state.stopWalk()
            return .redraw
        }
        let before = state.message
        do { try perform(action) } catch { state.message = "error: \(error)" }
        if case .probeLoss = action {} else if state.message == before { state.message = nil }
        return .redraw
    }

    private func perform(_ action: ExplorerAction) throws {
        if state.neighbours != nil && view == .pyramid {
            // Nearest neighbours shown: a new sample is searched again; esc leaves them.
            switch action {
            case .show(.pyramid): state.leaveNeighbours(); return
            case .reroll, .rerollAll, .rerollLevel, .undo, .redo, .changeClass:
                state.leaveNeighbours()
                try performAfterNeighbours(action)
                try state.showNeighbours()
                return
            case .walk, .realImage:
                state.message = "esc leaves the nearest neighbours first"
                return
            default: break
            }
        }
        try performAfterNeighbours(action)
    }

    private func performAfterNeighbours(_ action: ExplorerAction) throws {
        if state.real != nil && view == .pyramid {
            // Starting from a real image: levels and re-rolls remake it; esc leaves it; seeds' history waits.
            switch action {
            case .show(.pyramid): state.leaveRealImage(); return
            case .selectCoarser, .selectFiner, .selectLevel:
                try performPlain(action)
                try state.regenerateReal()
                return
            case .reroll, .rerollAll: try state.rerollReal(); return
            case .rerollLevel(let k):
                state.selectLevel(k)
                try state.regenerateReal()
                try state.rerollReal()
                return
            case .undo, .redo, .walk, .changeClass:
                state.message = "esc leaves the real image first"
                return
            default: break
            }
        }
        try performPlain(action)
    }

    private func performPlain(_ action: ExplorerAction) throws {
        switch action {
        case .realImage(let step): try state.nextRealImage(by: step)
        case .neighbours:
            if view == .pyramid { try state.showNeighbours() }
        case .quit: shouldQuit = true
        case .cycleView(let step):
            let all = availableViews
            let i = all.firstIndex(of: view) ?? 0
            show(all[(i + step + all.count) % all.count])
        case .show(let v): show(v)
        case .selectCoarser: state.selectCoarser()
        case .selectFiner: state.selectFiner()
        case .selectLevel(let k): state.selectLevel(k)
        case .reroll: try state.rerollSelected()
        case .rerollAll: try state.rerollAll()
        case .changeClass(let step): try state.changeClass(by: step)
        case .walk:
            if state.isWalking { state.stopWalk() } else {
                try state.startWalk()
                lastWalkStep = nil
            }
        case .undo: try state.undo()
        case .redo: try state.redo()
        case .save: try save()
        case .saveAnimation: try saveAnimation()
        case .moveGridSelection(let dx, let dy):
            let last = (state.grid?.count ?? 1) - 1
            state.gridSelection = min(last, max(0, state.gridSelection + dx + dy * gridLayout.columns))
        case .openGridSelection:
            try state.openGridSelection()
            show(.pyramid)
        case .openGridSample(let i):
            guard i >= 0, i < (state.grid?.count ?? 0) else { return }
            state.gridSelection = i
            try state.openGridSelection()
            show(.pyramid)
        case .rerollLevel(let k):
            state.selectLevel(k)
            try state.rerollSelected()
        case .probeLoss(let i, let x):
            let content = ExplorerApp.contentRect(width: width, height: height)
            state.message = LossView(state: loss).probe(plot: i, x: x, in: content) ?? "no data under the pointer"
        case .rerollGrid: try state.rerollGrid()
        case .rerollGridAll: try state.rerollGridAll()
        case .loss(let key): _ = loss.handle(key: key)
        case .startStudy: studyRequested = true
        case .timeline(let key):
            if timeline?.handle(key) == true { layoutTimeline() }
        case .redraw, .none: break
        }
    }

    /// Shows view `v` (the timeline only when there is one).
    public func show(_ v: ExplorerView) {
        if v == .timeline && timeline == nil { return }
        view = v
        fillGrid()
        if v == .loss { loss.update() }
    }

    /// The start of the names `s` and `e` write: the model and the seeds, in the save directory.
    private var saveStem: String {
        let tag = String(format: "%@-%016llx", state.modelName, state.seeds.reduce(UInt64(0)) { $0 &* 31 &+ $1 })
        return (saveDirectory as NSString).appendingPathComponent(tag)
    }

    /// How much `s` and `e` enlarge an image of `width` pixels: to about 256 pixels, by a whole factor.
    static func saveFactor(_ width: Int) -> Int { max(1, 256 / max(width, 1)) }

    /// Writes the final image (enlarged) and the pyramid strip of the current sample as PNGs.
    public func save() throws {
        let m = state.model
        let imagePath = saveStem + "-image.png", pyramidPath = saveStem + "-pyramid.png"
        guard let final = try m.finalImages(of: state.sample).first else { return }
        try PNGFile.write(ImageConversion.enlarged(final, factor: ExplorerApp.saveFactor(final.width)), to: imagePath)
        let strip = try ImageConversion.pyramidStrip(m, state.sample, index: 0).map { ImageConversion.enlarged($0, factor: 4) }
        try PNGFile.write(try ImageConversion.grid(strip, columns: strip.count), to: pyramidPath)
        state.message = "saved \(imagePath) and \(pyramidPath)"
    }

    /// Frames of `e`: 48 of a walk, 12 of re-rolls.
    static let walkFrames = 48, rerollFrames = 12

    /// Writes what the screen animates as a GIF beside `s`'s PNGs, enlarged as they are: in the timeline view the
    /// same seeds through every snapshot; in the pyramid view the noise walk of the selected level after `w` (from
    /// where it stopped, through two new seeds and back), else re-rolls of the selected level. The first frame of a
    /// walk or re-rolls is the image `s` writes. Returns the path.
    @discardableResult
    public func saveAnimation() throws -> String? {
        let m = state.model
        var images: [RasterImage]
        var skipped = 0
        let path: String
        if view == .timeline, let t = timeline {
            let made = try t.folder.finalImages(seeds: t.seeds, labels: t.label.map { [$0] }, reference: state.model)
            images = made.frames.map(\.image)
            skipped = made.skipped.count
            path = saveStem + "-timeline.gif"
            guard !images.isEmpty else {
                state.message = "no snapshots yet to animate"
                return nil
            }
        } else if view == .pyramid && state.real == nil && state.neighbours == nil {
            let k = state.selectedLevel
            let rng = RNG(seed: state.seeds[k] ^ 0x616E_696D)
            let samples: [PyramidSample]
            if state.walkedLevel == k {
                samples = try m.walk(state.sample, level: k, from: state.stoppedWalkNoise, through: [rng.nextSeed(), rng.nextSeed(), state.seeds[k]],
                                     frames: ExplorerApp.walkFrames)
                path = saveStem + "-walk\(k).gif"
            } else {
                samples = try m.rerolls(state.sample, level: k, seeds: (1..<ExplorerApp.rerollFrames).map { _ in rng.nextSeed() })
                path = saveStem + "-rerolls\(k).gif"
            }
            images = try samples.compactMap { try m.finalImages(of: $0).first }
        } else {
            state.message = "e animates the pyramid view (a walk after w, else re-rolls of the selected level) and the timeline"
            return nil
        }
        let factor = ExplorerApp.saveFactor(images.first?.width ?? 1)
        images = images.map { ImageConversion.enlarged($0, factor: factor) }
        let error = try GIFFile.write(images, delay: view == .timeline ? 40 : (images.count > ExplorerApp.rerollFrames ? 8 : 50), to: path)
        state.message = "saved \(path): \(images.count) frames of \(images.first?.width ?? 0)×\(images.first?.height ?? 0)"
            + (error.max > 0 ? String(format: ", quantised to 256 colours (mean error %.1f/255)", error.mean) : "")
            + (skipped > 0 ? " (\(skipped) unreadable snapshot\(skipped == 1 ? "" : "s") skipped)" : "")
        return path
    }

    /// When the walk last moved (nil: not yet), so it moves at the same speed whatever the frame rate.
    private var lastWalkStep: UInt64?

    /// Moves a noise walk on by the time since its last frame; true when it moved.
    private func stepWalk() -> Bool {
        guard state.isWalking else { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        let seconds = lastWalkStep.map { Double(now &- $0) / 1e9 } ?? 0
        lastWalkStep = now
        do { try state.stepWalk(seconds: min(seconds, 0.2)) } catch {
            state.stopWalk()
            state.message = "error: \(error)"
        }
        return true
    }

    /// Picks up background results and log changes and moves a noise walk on (`.redraw` when the screen changed).
    public func tick() -> AppUpdate {
        if let studySession { return studyUpdate(studySession.tick()) }
        if stepWalk() { return .redraw }
        let a = state.poll()
        let b = view == .loss ? loss.update() : false
        let c = view == .timeline ? (timeline?.poll() ?? false) : false
        return a || b || c ? .redraw : .unchanged
    }

    /// The explorer's own waits are the backend's; a study session times its own.
    public var keyWait: KeyWait { studySession?.keyWait ?? .usual }

    public func present(_ grid: CellGrid, on backend: TerminalBackend) {
        if let studySession { studySession.present(grid, on: backend) } else { backend.present(grid) }
    }

    // MARK: drawing

    /// Draws the screen as laid out by the last `resize` (call it first when the size changes).
    public func render(into grid: inout CellGrid) {
        hitMap.removeAll()
        if let studySession { return studySession.render(into: &grid) }
        grid.clear()
        guard SizeGuard.check(&grid, minWidth: ExplorerApp.minimumWidth, minHeight: ExplorerApp.minimumHeight) else { return }
        let w = grid.width, h = grid.height
        let title = TitleBar(modelName: state.modelName, view: view, views: availableViews), titleRect = Rect(x: 0, y: 0, width: w, height: 1)
        title.render(into: &grid, in: titleRect)
        for tab in title.tabs(in: titleRect) { hitMap.add(.view(tab.view), tab.rect) }
        let content = ExplorerApp.contentRect(width: w, height: h)
        recordTargets(in: content)
        switch view {
        case .pyramid:
            if let n = state.neighbours {
                NeighboursView(panel: n, layout: neighboursLayout, mode: colorMode).render(into: &grid, in: content)
            } else if let r = state.real {
                let k = r.level
                var title = (r.fileName ?? "real image #\(r.index + 1)\(r.className.map { " (\($0))" } ?? "")") + ": levels ≥ \(k) real, "
                title += k == 0 ? "select a coarser level (↑) to generate"
                    : (k == 1 ? "level 0" : "levels \(k - 1)…0") + " generated · i/I next/previous · esc back"
                RealView(real: r.picture, kept: r.keptPicture, generated: state.pictures.first?.image,
                         layout: k < realLayouts.count ? realLayouts[k] : nil, mode: colorMode, title: title)
                    .render(into: &grid, in: content)
            } else {
                pyramidView().render(into: &grid, in: content)
            }
        case .grid:
            GridView(pictures: state.gridPictures, selection: state.gridSelection, size: state.model.description.sizes[0],
                     layout: gridLayout, mode: colorMode).render(into: &grid, in: content)
        case .loss: LossView(state: loss).render(into: &grid, in: content)
        case .help: HelpView().render(into: &grid, in: content)
        case .study: StudyPanel(trials: studyTrials, csvPath: studyCSVPath, last: lastStudy).render(into: &grid, in: content)
        case .timeline:
            if let t = timeline, let l = timelineLayout { TimelineView(timeline: t, layout: l, mode: colorMode).render(into: &grid, in: content) }
        }
        (view == .timeline ? timelineStatusBar() : statusBar()).render(into: &grid, in: Rect(x: 0, y: h - 2, width: w, height: 2))
    }

    /// Records where the shown view draws what the mouse can reach (from the layouts it draws with).
    private func recordTargets(in content: Rect) {
        switch view {
        case .pyramid:
            guard state.neighbours == nil, state.real == nil else { return }
            let k = state.selectedLevel
            if k < pyramidLayouts.count, let l = pyramidLayouts[k] { l.record(into: &hitMap, in: content) }
        case .grid:
            GridView(pictures: state.gridPictures, selection: state.gridSelection, size: state.model.description.sizes[0],
                     layout: gridLayout, mode: colorMode).record(into: &hitMap, in: content)
        case .loss: LossView(state: loss).record(into: &hitMap, in: content)
        case .timeline:
            if timeline?.current != nil, let l = timelineLayout, let p = l.pyramid { p.record(into: &hitMap, in: l.pyramidArea.offset(by: content)) }
        case .help, .study: break
        }
    }

    private func pyramidView() -> PyramidView {
        let m = state.model, sizes = m.description.sizes
        let titles = sizes.indices.map { k in
            PyramidView.title(level: k, size: sizes[k], coarsest: m.coarsest, sensitivity: state.sensitivity[k])
        }
        let k = state.selectedLevel
        return PyramidView(levels: state.pictures, titles: titles, selectedLevel: k,
                           layout: k < pyramidLayouts.count ? pyramidLayouts[k] : nil, mode: colorMode)
    }

    private func statusBar() -> StatusBar {
        let m = state.model, k = state.selectedLevel, size = m.description.sizes[k]
        let seeds = stride(from: m.coarsest, through: 0, by: -1).map { j in
            state.walkedLevel == j ? "z\(sub(j)):walk" : String(format: "z%@:%04llx", sub(j), state.seeds[j] & 0xffff)
        }
        let delta = state.sensitivity[k].map { String(format: "Δz%@ %.1f/255", sub(k), $0) } ?? "Δz\(sub(k)) computing…"
        // Most telling first: an 80-column status line cuts the end.
        let parts = ["level \(k)/\(m.coarsest) \(size)×\(size)",
                     state.className.map { "class \(state.classIndex ?? 0) \($0)" },
                     state.real.map { $0.fileName ?? "real #\($0.index + 1)" },
                     view == .grid ? "sample \(state.gridSelection + 1)/\(state.grid?.count ?? 0)" : nil,
                     delta, seeds.joined(separator: " "),
                     "sizes \(m.description.sizes.map(String.init).joined(separator: "→"))",
                     state.canUndo ? "u undo" : nil].compactMap { $0 }
        let walking = state.walk.map { "walking z\(sub($0.level)) \(String(format: "%04llx→%04llx", $0.fromSeed & 0xffff, $0.toSeed & 0xffff)) — any key stops" }
        let searching = state.neighbours.flatMap { $0.found == nil ? "searching the nearest training images…" : nil }
        return StatusBar(parts: parts, message: walking ?? searching ?? state.message)
    }

    private func timelineStatusBar() -> StatusBar {
        guard let t = timeline else { return statusBar() }
        let seeds = stride(from: t.seeds.count - 1, through: 0, by: -1).map { String(format: "z%@:%04llx", sub($0), t.seeds[$0] & 0xffff) }
        let parts = ["timeline \(t.entries.isEmpty ? 0 : t.index + 1)/\(t.entries.count)", t.step.map { "step \($0)" },
                     "level \(t.selectedLevel)", "same seeds " + seeds.joined(separator: " "), "r new seeds"].compactMap { $0 }
        return StatusBar(parts: parts, message: state.message)
    }
}
