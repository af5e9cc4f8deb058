import XCTest
@testable import Explorer
import LapGAN
import TerminalUI
import TestSupport

/// The explorer driven through `TestBackend` by seeded random event streams — every key the help lists, unknown
/// keys and control codes, escape sequences cut short or malformed (as keys arrive when the terminal's decoder
/// does not know them), pastes of binary bytes, resizes down to 1×1 (and 0×0) and back, idle waits — for every
/// shipped model in assets/. After every event: no crash, the state consistent (selected level, grid selection,
/// sizes, undo/redo), and every frame the size of the terminal with nothing drawn outside it.
///
/// Each model gets LAPGAN_PROPERTY_EVENTS events (default 400) or LAPGAN_PROPERTY_SECONDS seconds (default 3),
/// whichever ends first: in the release build Scripts/test.sh makes, the 400 events of each model end first (about
/// a second a model on 2 busy cores); in a debug build an event costs about 10–100 ms (each re-roll samples the
/// model) and the time limit ends it. LAPGAN_PROPERTY_SEED sets the seed. A long run: LAPGAN_PROPERTY_EVENTS=1000000
/// LAPGAN_PROPERTY_SECONDS=600 Scripts/test.sh --filter ExplorerPropertyTests.
final class ExplorerPropertyTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The keys the help lists (HelpView.lines), the quit keys left out: they end the run (checked at the end).
    static let helpKeys: [Key] = [
        .tab, .backTab, .char("?"), .escape, .up, .down, .left, .right, .char("k"), .char("h"), .char("j"), .char("l"),
        .char("["), .char("]"), .char("r"), .char("R"), .char("w"), .char("c"), .char("C"), .char("i"), .char("I"),
        .char("n"), .char("u"), .char("U"), .enter, .char("s"), .char("e"), .char("+"), .char("-"), .char("o"), .char("a"), .ctrl("l"),
    ] + (0...9).map { .char(Character(String($0))) }

    /// Escape sequences as keys, whole, cut short or malformed: what arrives when the decoder gives up on them.
    static let escapeSequences: [String] = ["[", "[A", "[1;5", "[1;5C", "O", "OP", "[200~", "[201~", "[M", "[<0;1;1M", "]0;title\u{7}",
                                            "[99999999999999999999A", "[;;;;;;m", "P", "\u{1b}", "[?1049h", "[6n"]

    var directory = ""
    override func setUpWithError() throws { directory = try temporaryDirectory("property") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// A folder of 6 small PNG images for `i` (real images) and `n` (neighbours), grey and colour.
    func makeImages(channels: Int) throws -> String {
        try writeImageFolder(directory + "/images-\(channels)", count: 6, width: 20, height: 20, channels: channels) { i, p in
            UInt8(truncatingIfNeeded: p * (i + 3) + i * 40)
        }
    }

    func testRandomEventStreamsOnEveryShippedModel() throws {
        let env = ProcessInfo.processInfo.environment
        let eventsPerModel = Int(env["LAPGAN_PROPERTY_EVENTS"] ?? "") ?? 400
        let secondsPerModel = Double(env["LAPGAN_PROPERTY_SECONDS"] ?? "") ?? 3
        let seed = UInt64(env["LAPGAN_PROPERTY_SEED"] ?? "") ?? 16
        let assets = Self.root.appendingPathComponent("assets").path
        let models = try FileManager.default.contentsOfDirectory(atPath: assets).filter { $0.hasSuffix(".lpg") }.sorted()
        XCTAssertGreaterThanOrEqual(models.count, 4, "\(models)")
        var total = 0
        let started = Date()
        for (m, file) in models.enumerated() {
            let name = String(file.dropLast(4))
            let model = try ModelFile.load(assets + "/" + file).model
            let log = assets + "/\(name)-train.csv"
            let state = try ExplorerState(model: model, name: name, seed: 1, sensitivityRerolls: 1)
            state.dataDirectory = try makeImages(channels: model.channels)
            state.neighbourCount = 3
            let saves = directory + "/saved-\(name)"
            try FileManager.default.createDirectory(atPath: saves, withIntermediateDirectories: true)
            let app = ExplorerApp(state: state, logPath: FileManager.default.fileExists(atPath: log) ? log : nil,
                                  colorMode: m % 2 == 0 ? .truecolor : .none, saveDirectory: saves)
            // The timeline view too: two snapshots of the model itself (steps 0 and 1) in a folder of its own.
            let snapshots = SnapshotFolder(path: directory + "/snapshots-\(name)")
            for step in [0, 1] { _ = try snapshots.write(model, step: step) }
            app.timeline = Timeline(folder: snapshots, reference: model, seed: 1, logPath: nil)
            total += try drive(app, name: name, events: eventsPerModel, seconds: secondsPerModel, seed: seed &+ UInt64(m))
        }
        print(String(format: "explorer property test: %d events survived on %d models (%@), %.1f s (LAPGAN_PROPERTY_EVENTS, LAPGAN_PROPERTY_SECONDS)",
                     total, models.count, models.joined(separator: ", "), Date().timeIntervalSince(started)))
    }

    /// Runs `app` on a TestBackend fed `events` random events; returns the number handled.
    func drive(_ app: ExplorerApp, name: String, events: Int, seconds: Double, seed: UInt64) throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var random = KeyStreamRandom(seed: seed)
        let backend = TestBackend(width: 80, height: 24, script: [])
        backend.keepsFrames = false
        let state = app.state
        let levels = state.levelCount
        var planned = 0
        var viewsSeen = Set<ExplorerView>()
        var smallest = (80, 24)
        // Undo then redo gives back the seeds from before the undo (when the undo changed them).
        var pendingRedoCheck: (before: [UInt64], afterUndo: [UInt64]?)?
        var failures = 0
        func check(_ ok: Bool, _ what: @autoclosure () -> String) {
            guard !ok else { return }
            failures += 1
            if failures <= 5 { XCTFail("\(name), event \(backend.eventCount): \(what())") }
        }
        backend.beforeEvent = { b in
            // The state after the event just handled.
            check((0..<levels).contains(state.selectedLevel), "selected level \(state.selectedLevel) of \(levels)")
            check(state.seeds.count == levels && state.sensitivity.count == levels, "seeds or sensitivity of the wrong length")
            check(state.pictures.count == levels, "\(state.pictures.count) level pictures for \(levels) levels")
            check(app.width == b.width && app.height == b.height, "laid out for \(app.width)×\(app.height) on \(b.width)×\(b.height)")
            if let g = state.grid { check(state.gridSelection >= 0 && state.gridSelection < g.count, "grid selection \(state.gridSelection) of \(g.count)") }
            if let r = state.real { check((0..<levels).contains(r.level), "real image at level \(r.level)") }
            check(!state.canRedo || state.walk == nil, "a redo is offered during a walk")
            viewsSeen.insert(app.view)
            if let frame = b.frames.last, b.width >= ExplorerApp.minimumWidth, b.height >= ExplorerApp.minimumHeight,
               frame.width == b.width, frame.height == b.height {
                let status = frame.rowString(b.height - 2) + frame.rowString(b.height - 1)
                if app.view == .timeline {
                    check(status.contains("timeline ") && status.contains(" level "), "timeline status bar without its position and level: \(status)")
                } else {
                    check(status.contains("level \(state.selectedLevel)/"), "status bar without the selected level: \(status)")
                }
                if b.eventCount % 61 == 0 {
                    // Wide characters whole: every continuation cell follows a wide lead.
                    for y in 0..<frame.height {
                        for x in 0..<frame.width where frame.cell(x: x, y: y).isContinuation {
                            check(x > 0 && frame.cell(x: x - 1, y: y).displayWidth == 2, "a lone continuation cell at \(x),\(y)")
                        }
                    }
                }
            }
            if var pending = pendingRedoCheck {
                if pending.afterUndo == nil {
                    pending.afterUndo = state.seeds
                    pendingRedoCheck = pending
                } else {
                    if pending.afterUndo != pending.before {
                        check(state.seeds == pending.before, "redo after undo gave \(state.seeds), not \(pending.before)")
                    }
                    pendingRedoCheck = nil
                }
            }
            // Refill the script a few events at a time.
            guard b.script.isEmpty, planned < events, Date() < deadline || planned < 40 else { return }
            // The first events visit every view at 1×1 and back, then it is random.
            let tabs = [TestBackend.Event](repeating: .key(.tab), count: app.availableViews.count)
            let batch = planned == 0 ? [.resize(width: 1, height: 1)] + tabs + [.resize(width: 80, height: 24)] + tabs
                                     : random.events(app: app, levels: levels)
            if batch == [.key(.char("u")), .key(.char("U"))] && state.walk == nil {
                pendingRedoCheck = (state.seeds, nil)
            }
            planned += batch.count
            b.script = batch
            for case .resize(let w, let h) in batch where w * h < smallest.0 * smallest.1 { smallest = (w, h) }
        }
        app.run(on: backend)
        // The script ran out and the backend answered ctrl-c: the app quit.
        XCTAssertTrue(app.shouldQuit, name)
        XCTAssertTrue(backend.badFrames.isEmpty, "\(name): \(backend.badFrames.count) bad frames, first: \(backend.badFrames.first.map { "frame \($0.frame): \($0.problem)" } ?? "")")
        XCTAssertEqual(Set(viewsSeen), Set(ExplorerView.allCases), "\(name): not every view was visited")
        XCTAssertEqual(smallest.0 * smallest.1 <= 1, true, "\(name): never resized to 1×1 (smallest \(smallest))")
        XCTAssertEqual(failures, 0, name)
        state.waitForBackground()
        return backend.eventCount
    }
}

/// Seeded random events for the explorer (the project's RNG underneath).
struct KeyStreamRandom {
    let rng: RNG
    init(seed: UInt64) { rng = RNG(seed: seed) }

    func next() -> UInt64 { rng.next() }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

    /// A key that does not quit (q, ctrl-c and ctrl-d end the run).
    static func keepsRunning(_ k: Key) -> Bool { !k.isQuit }

    /// A mouse event: half of them a press and release on a target of the last frame (a tab, level, band, sample or
    /// plot), the rest anywhere (off the screen too) with any action and button.
    mutating func mouseEvents(app: ExplorerApp) -> [TestBackend.Event] {
        let regions = app.hitMap.regions
        if below(2) == 0, !regions.isEmpty {
            let r = regions[below(regions.count)].rect
            let x = r.x + below(r.width), y = r.y + below(r.height)
            return [.key(.mouse(.click(x: x, y: y))), .key(.mouse(MouseEvent(.release, x: x, y: y)))]
        }
        let actions: [MouseEvent.Action] = [.press, .release, .wheelUp, .wheelDown]
        let buttons: [MouseEvent.Button] = [.left, .middle, .right]
        let event = MouseEvent(actions[below(actions.count)], button: buttons[below(buttons.count)],
                               x: below(app.width + 10) - 5, y: below(app.height + 6) - 3)
        return [.key(.mouse(event))]
    }

    /// The next few events: mostly keys the help lists, mouse events, the rest unknown keys, escape sequences, a binary paste,
    /// a resize or an idle wait.
    mutating func events(app: ExplorerApp, levels: Int) -> [TestBackend.Event] {
        let roll = below(100)
        switch roll {
        case 0..<47:
            return [.key(ExplorerPropertyTests.helpKeys[below(ExplorerPropertyTests.helpKeys.count)])]
        case 47..<55:
            return mouseEvents(app: app)
        case 55..<58:
            return [.key(.char("u")), .key(.char("U"))]
        case 58..<66:
            // Unknown keys: function keys, named keys the explorer ignores, ncurses codes, any Unicode scalar.
            let keys: [Key] = [.function(1 + below(24)), .home, .end, .pageUp, .pageDown, .insert, .delete, .backspace,
                               .unknown(below(1 << 16) - 100), .ctrl(Character(Unicode.Scalar(UInt8(97 + below(26))))),
                               .char(Character(Unicode.Scalar(UInt32(0x1F300 + below(0x300))) ?? "x")),
                               .char(Character(Unicode.Scalar(UInt32(0x4E00 + below(0x5000))) ?? "x")),
                               .char("\u{301}"), .char("\u{200B}"), .char(" "), .char("\t")]
            let k = keys[below(keys.count)]
            return KeyStreamRandom.keepsRunning(k) ? [.key(k)] : [.key(.char("x"))]
        case 66..<74:
            let seq = ExplorerPropertyTests.escapeSequences[below(ExplorerPropertyTests.escapeSequences.count)]
            let cut = below(seq.count + 1)  // cut short anywhere
            return [.key(.escape)] + seq.prefix(cut).map { ch -> TestBackend.Event in
                let k: Key = ch == "\u{1b}" ? .escape : (ch == "\u{7}" ? .ctrl("g") : .char(ch))
                return .key(KeyStreamRandom.keepsRunning(k) ? k : .char("x"))
            }
        case 74..<80:
            // A paste of binary: each byte as the terminal's decoder would give it.
            return (0..<(1 + below(48))).map { _ in
                let k = Key.fromCharacterCode(UInt32(below(256)))
                return .key(KeyStreamRandom.keepsRunning(k) ? k : .char("x"))
            }
        case 80..<90:
            // Large sizes rarely: the grid view then samples dozens of images.
            let sizes = [(1, 1), (0, 0), (2, 1), (1, 2), (39, 11), (40, 12), (41, 13), (80, 24), (1 + below(120), 1 + below(40)),
                         (1 + below(50), 1 + below(15)), below(8) == 0 ? (200, 60) : (60, 20)]
            let (w, h) = sizes[below(sizes.count)]
            return [.resize(width: w, height: h)]
        default:
            return [.idle]
        }
    }
}
