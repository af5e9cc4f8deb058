import Foundation
import LapGAN
import TerminalUI

/// The training timeline: the snapshots of `MODEL.snapshots/` (one per N training steps, written by
/// `lapgan train --snapshot-every N`), each rendering the **same seeds**, one shown at a time; the loss curves of
/// the run. `poll` picks up snapshots written since (about once a second) and follows the newest while the last
/// one is shown. A snapshot that cannot be read (corrupt, half-copied, another pyramid) is skipped with a note.
public final class Timeline {
    public let folder: SnapshotFolder
    /// The model the explorer opened: its pyramid is the one every snapshot must have.
    public let reference: LapGAN
    /// The snapshots that can be shown, in step order.
    public private(set) var entries: [SnapshotEntry] = []
    /// The snapshot shown (index into `entries`).
    public private(set) var index = 0
    /// The seeds every snapshot renders (one per level) and the class of a conditional model.
    public private(set) var seeds: [UInt64]
    public let label: Int?
    /// The shown snapshot's pictures (index k = level k) and its levels' training steps; nil before one loads.
    private(set) var pictures: [LevelPictures] = []
    public private(set) var levelSteps: [Int] = []
    /// Files skipped (why), newest last.
    public private(set) var notes: [String] = []
    public var selectedLevel = 0
    /// The training log drawn below or beside the pyramid (nil: none).
    public let log: TrainingLog?
    /// Pictures already made, per snapshot path (for the current seeds); at most `cacheLimit`.
    public var cacheLimit = 64
    private var cache: [String: (pictures: [LevelPictures], steps: [Int])] = [:]
    /// Files that failed to load, with the modification time they had then (a changed file is tried again).
    private var failed: [String: TimeInterval] = [:]
    /// Files whose header has been checked.
    private var checked: Set<String> = []
    private var lastScan: UInt64 = 0
    private let rng: RNG

    public init(folder: SnapshotFolder, reference: LapGAN, seed: UInt64, logPath: String?) {
        self.folder = folder
        self.reference = reference
        seeds = LapGAN.seedSet(seed, levels: reference.levelCount)
        label = reference.description.classes > 0 ? 0 : nil
        rng = RNG(seed: seed &+ 0x7153)
        log = logPath.map { TrainingLog(path: $0) }
        log?.reloadIfChanged()
        rescan()
        index = max(0, entries.count - 1)
        loadCurrent()
    }

    public var current: SnapshotEntry? { entries.indices.contains(index) ? entries[index] : nil }
    public var step: Int? { current?.step }

    // MARK: moving

    /// One snapshot on (`by` 1) or back (−1), or any number; stops at the ends.
    public func move(by n: Int) { show(index + n) }
    public func first() { show(0) }
    public func last() { show(entries.count - 1) }

    public func show(_ i: Int) {
        guard !entries.isEmpty else { return }
        index = min(max(0, i), entries.count - 1)
        loadCurrent()
    }

    /// New seeds for every snapshot (the same new seeds in each).
    public func reroll() {
        seeds = seeds.map { _ in rng.nextSeed() }
        cache.removeAll()
        loadCurrent()
    }

    /// Forgets the pictures made so far (benchmarks: every frame loads its snapshot).
    public func clearCache() { cache.removeAll() }

    // MARK: files

    /// Lists the folder again; true when the list changed. At most once a second unless `force`.
    @discardableResult
    public func poll(force: Bool = false) -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        let logChanged = log?.reloadIfChanged() ?? false
        guard force || now &- lastScan >= 1_000_000_000 else { return logChanged }
        let atEnd = index >= entries.count - 1
        let before = entries
        let shownPath = current?.path
        rescan()
        guard entries != before else { return logChanged }
        if atEnd || shownPath == nil {
            index = max(0, entries.count - 1)
        } else if let p = shownPath {
            index = entries.firstIndex { $0.path == p } ?? min(index, max(0, entries.count - 1))
        }
        loadCurrent()
        return true
    }

    /// Lists the folder; files not seen before get a cheap header check (`SnapshotEntry.checkHeader`), and those
    /// that fail it are noted and left out (tried again when they change).
    private func rescan() {
        lastScan = DispatchTime.now().uptimeNanoseconds
        entries = folder.scan().filter { e in
            if let t = failed[e.path] {
                guard modificationTime(e.path) != t else { return false }
                failed[e.path] = nil
                checked.remove(e.path)
            }
            guard !checked.contains(e.path) else { return true }
            do {
                try e.checkHeader()
                checked.insert(e.path)
                return true
            } catch {
                failed[e.path] = modificationTime(e.path)
                notes.append("skipped \(e.fileName): \(error)")
                return false
            }
        }
    }

    private func modificationTime(_ path: String) -> TimeInterval {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    }

    /// Makes the shown snapshot's pictures (from the cache, else loading the file); a file that fails is noted,
    /// dropped from the list and the next one tried.
    private func loadCurrent() {
        while let entry = current {
            if let hit = cache[entry.path] {
                pictures = hit.pictures
                levelSteps = hit.steps
                return
            }
            do {
                let model = try entry.load()
                if let difference = ModelMerge.pyramidDifference(model, reference) {
                    throw FileError(entry.path, "\(difference) from the model's")
                }
                let sample = try model.sample(seeds: [seeds], labels: label.map { [$0] })
                let made = try model.levelImages(of: sample).map(LevelPictures.init)
                let steps = model.description.counters.map(\.steps)
                if cacheLimit > 0 {
                    if cache.count >= cacheLimit, let any = cache.keys.first { cache[any] = nil }
                    cache[entry.path] = (made, steps)
                }
                pictures = made
                levelSteps = steps
                return
            } catch {
                failed[entry.path] = modificationTime(entry.path)
                notes.append("skipped \(entry.fileName): \(error)")
                entries.remove(at: index)
                index = min(index, max(0, entries.count - 1))
            }
        }
        pictures = []
        levelSteps = []
    }

    // MARK: keys

    /// Applies a timeline key; true when it was one (redraw).
    public func handle(_ key: Key) -> Bool {
        switch key {
        case .left, .char("h"): move(by: -1)
        case .right, .char("l"): move(by: 1)
        case .pageUp: move(by: -10)
        case .pageDown: move(by: 10)
        case .home, .char("g"): first()
        case .end, .char("G"): last()
        case .up, .char("k"): selectedLevel = min(reference.levelCount - 1, selectedLevel + 1)
        case .down, .char("j"): selectedLevel = max(0, selectedLevel - 1)
        case .char(let c) where c.isNumber:
            guard let k = c.wholeNumberValue else { return false }
            selectedLevel = min(max(0, k), reference.levelCount - 1)
        case .char("r"), .char("R"): reroll()
        default: return false
        }
        return true
    }
}
