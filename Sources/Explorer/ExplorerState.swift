import Foundation
import LapGAN
import TerminalUI

/// The explorer's model-side state: the current sample with every level, the selected level,
/// undo/redo of seeds, a grid of samples, and the per-level noise sensitivity computed in the background.
/// Whenever a sample changes, its pictures are made here, once, for the views to draw.
public final class ExplorerState {
    public let model: LapGAN
    public let modelName: String
    /// The sample shown in the pyramid view (a batch of one).
    public private(set) var sample: PyramidSample {
        didSet { pictures = (try? model.levelImages(of: sample).map(LevelPictures.init)) ?? [] }
    }
    /// The current sample's pictures, index k = level k.
    private(set) var pictures: [LevelPictures] = []
    /// The selected level, 0 (finest) … K (coarsest).
    public private(set) var selectedLevel: Int
    /// Samples of the grid view, each with its own seeds.
    public private(set) var grid: PyramidSample? {
        didSet { gridPictures = grid.map { g in ((try? model.finalImages(of: g)) ?? []).map { PixelImage($0) } } ?? [] }
    }
    /// The final image of each grid sample.
    private(set) var gridPictures: [PixelImage?] = []
    public var gridSelection = 0
    /// Mean |ΔĨ₀| (in 0–255 grey levels) when only z_k is re-rolled, per level; nil while being computed.
    public private(set) var sensitivity: [Double?]
    public let sensitivityRerolls: Int
    /// A status-bar message (e.g. the path of a saved PNG).
    public var message: String?

    /// The class of a class-conditional model's samples (nil for an unconditional model).
    public private(set) var classIndex: Int?
    /// The noise walk in progress (`w`), nil when none.
    public private(set) var walk: NoiseWalk?
    /// The level whose noise is not its seed's since a walk stopped there (re-rolls and undo replace it).
    public private(set) var walkedLevel: Int?

    private var undoStack: [[UInt64]] = []
    private var redoStack: [[UInt64]] = []
    private let rng: RNG
    private let background = DispatchQueue(label: "lapgan.sensitivity")
    /// Δz_k measured in the background, for the seeds it was measured at.
    private let sensitivityResult = BackgroundResult<(seeds: [UInt64], values: [Double])>()

    public init(model: LapGAN, name: String, seed: UInt64, sensitivityRerolls: Int = 8) throws {
        self.model = model
        self.modelName = name
        rng = RNG(seed: seed)
        selectedLevel = 0
        self.sensitivityRerolls = sensitivityRerolls
        classIndex = model.description.classes > 0 ? 0 : nil
        sample = try model.sample(seeds: [LapGAN.seedSet(seed, levels: model.levelCount)], labels: classIndex.map { [$0] })
        pictures = try model.levelImages(of: sample).map(LevelPictures.init)
        sensitivity = Array(repeating: nil, count: model.levelCount)
        scheduleSensitivity()
    }

    public var levelCount: Int { model.levelCount }
    public var seeds: [UInt64] { sample.seeds[0] }
    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }

    // MARK: levels and seeds

    public func selectLevel(_ k: Int) { selectedLevel = min(max(k, 0), model.levelCount - 1) }
    /// Towards the coarser levels (up the pyramid).
    public func selectCoarser() { selectLevel(selectedLevel + 1) }
    public func selectFiner() { selectLevel(selectedLevel - 1) }

    /// `restoring`: an undo or redo, which also brings back the seed's noise of a walked level.
    private func apply(_ newSeeds: [UInt64], from level: Int, restoring: Bool = false) throws {
        walk = nil
        var s = sample
        s.seeds[0] = newSeeds
        var from = level
        if let w = walkedLevel, restoring || level >= w {
            from = max(level, w)
            walkedLevel = nil
        }
        try model.regenerate(&s, from: from)
        sample = s
        scheduleSensitivity()
    }

    /// The lowest level whose seed differs between two seed sets (levels below it must be recomputed).
    private func highestChangedLevel(_ a: [UInt64], _ b: [UInt64]) -> Int {
        (0..<min(a.count, b.count)).last { a[$0] != b[$0] } ?? 0
    }

    /// Re-rolls z_k of the selected level only: coarser levels stay exactly as they were.
    public func rerollSelected() throws {
        var s = seeds
        s[selectedLevel] = rng.nextSeed()
        undoStack.append(seeds)
        redoStack.removeAll()
        try apply(s, from: selectedLevel)
    }

    /// Re-rolls every level.
    public func rerollAll() throws {
        undoStack.append(seeds)
        redoStack.removeAll()
        try apply(seeds.map { _ in rng.nextSeed() }, from: model.coarsest)
    }

    public func undo() throws {
        guard let previous = undoStack.popLast() else { message = "nothing to undo"; return }
        redoStack.append(seeds)
        try apply(previous, from: highestChangedLevel(previous, seeds), restoring: true)
    }

    public func redo() throws {
        guard let next = redoStack.popLast() else { message = "nothing to redo"; return }
        undoStack.append(seeds)
        try apply(next, from: highestChangedLevel(next, seeds), restoring: true)
    }

    // MARK: classes

    /// The current class's name ("class n" when the model file names none); nil for an unconditional model.
    public var className: String? {
        guard let c = classIndex else { return nil }
        if let names = model.description.classNames, c < names.count { return names[c] }
        if model.description.dataset == "fashion-mnist", c < FashionMNIST.classNames.count { return FashionMNIST.classNames[c] }
        return "class \(c)"
    }

    /// The next (`step` 1) or previous (−1) class: the sample and the grid are drawn again with the same seeds.
    public func changeClass(by step: Int) throws {
        let n = model.description.classes
        guard n > 0, let c = classIndex else { message = "no classes: this model is unconditional"; return }
        walk = nil
        walkedLevel = nil
        let next = ((c + step) % n + n) % n
        classIndex = next
        var s = sample
        s.labels = [next]
        try model.regenerate(&s, from: model.coarsest)
        sample = s
        if let g = grid { grid = try model.sample(seeds: g.seeds, labels: Array(repeating: next, count: g.count)) }
        scheduleSensitivity()
    }

    /// Labels for `n` samples of the current class (nil for an unconditional model).
    private func labels(_ n: Int) -> [Int]? { classIndex.map { Array(repeating: $0, count: n) } }

    // MARK: real images

    /// Where real images come from (`--data DIR`); nil: the model's data set's usual place.
    public var dataDirectory: String?
    /// The data set, read when first needed.
    private var realData: Dataset?
    /// The sample that starts from a real image (`i`), nil when the model generates everything.
    public private(set) var real: RealStart?
    /// The generated sample to go back to when the real image is left (`esc`).
    private var beforeReal: PyramidSample?

    /// Starts from real image number `index` (wrapping) at the selected level; the finer levels are generated
    /// with the current seeds. Errors (no data set) become the message.
    public func startFromRealImage(index: Int) throws {
        if realData == nil {
            let d = model.description
            do {
                realData = try RealImages.load(directory: dataDirectory, dataset: d.dataset, model: d.name, size: d.sizes[0], channels: d.channels)
            } catch {
                message = "no real images: \(error)"
                return
            }
        }
        guard let data = realData else { return }
        walk = nil
        let i = ((index % data.count) + data.count) % data.count
        let raw = try data.images.items(i..<(i + 1))
        let label = data.labels?[i]
        let name = label.flatMap { l in data.classNames.flatMap { l < $0.count ? $0[l] : nil } }
        var start = RealStart(index: i, level: selectedLevel, image: try model.toModelSpace(raw: raw), label: label, className: name)
        start.picture = try pixels(start.image, level: 0)
        if beforeReal == nil { beforeReal = sample }
        real = start
        try regenerateReal()
    }

    /// Starts from a picture file's image (`lapgan-tui MODEL --image FILE`) as `i` does from the data set's: centre-
    /// cropped to a square, resized to the model's finest size and converted to its channels, its pyramid kept at and
    /// above the selected level and the finer levels generated.
    public func startFromImage(_ raster: RasterImage, name: String) throws {
        let d = model.description
        if let problem = raster.shapeProblem { throw ShapeError("\(name): \(problem)") }
        let raw = try DatasetLoader.rasters([raster.converted(toChannels: d.channels).resizedSquare(to: d.sizes[0])])
        walk = nil
        var start = RealStart(index: -1, level: selectedLevel, image: try model.toModelSpace(raw: raw), label: nil, className: nil, fileName: name)
        start.picture = try pixels(start.image, level: 0)
        if beforeReal == nil { beforeReal = sample }
        real = start
        try regenerateReal()
    }

    /// The real image's pixels at level k (display space).
    private func pixels(_ t: Tensor, level k: Int) throws -> PixelImage? {
        PixelImage(try ImageConversion.raster(try model.toDisplay(image: t, level: k), index: 0))
    }

    /// Next (`step` 1) or previous (−1) real image.
    public func nextRealImage(by step: Int) throws {
        try startFromRealImage(index: (real?.index ?? -step) + step)
    }

    /// Makes the real sample again from the selected level (after the level or the seeds changed).
    public func regenerateReal() throws {
        guard var r = real else { return }
        r.level = selectedLevel
        let top = try model.pyramid.gaussian(r.image)[r.level]
        r.keptPicture = try pixels(top, level: r.level)
        real = r
        sample = try model.sample(startingFrom: top, level: r.level, seeds: [seeds], labels: classIndex.map { [$0] })
    }

    /// New noise for the generated (finer) levels of the real sample.
    public func rerollReal() throws {
        guard real != nil else { return }
        var s = sample
        for j in 0..<selectedLevel { s.seeds[0][j] = rng.nextSeed() }
        sample = s
        try regenerateReal()
    }

    /// Leaves the real image: the generated sample from before comes back.
    public func leaveRealImage() {
        guard real != nil else { return }
        real = nil
        if let b = beforeReal { sample = b }
        beforeReal = nil
    }

    // MARK: nearest neighbours

    /// The nearest training images of the current sample (`n`), nil when not shown.
    public private(set) var neighbours: NeighbourPanel?
    /// How many neighbours `n` shows.
    public var neighbourCount = 6
    /// Finished searches, per sample (seeds, class and pixels).
    private var neighbourCache: [NeighbourPanel.Key: NeighbourPanel] = [:]
    /// Searches started and not yet taken.
    private var neighbourSearches: Set<NeighbourPanel.Key> = []
    private let neighbourSearcher = NeighbourSearcher()

    /// Shows the training images nearest to the current sample: from the cache, else searched in the background
    /// (the data set of the model, or `dataDirectory`, loaded and indexed on first use) and picked up by `poll`.
    public func showNeighbours() throws {
        walk = nil
        guard let final = try model.finalImages(of: sample).first else { return }
        let key = NeighbourPanel.Key(seeds: seeds, label: classIndex, pixels: final.pixels)
        if let cached = neighbourCache[key] {
            neighbours = cached
            return
        }
        let panel = NeighbourPanel(key: key, query: PixelImage(final))
        neighbours = panel
        guard !neighbourSearches.contains(key) else { return }
        neighbourSearches.insert(key)
        let d = model.description, dir = dataDirectory
        neighbourSearcher.start(panel, query: try DatasetLoader.rasters([final]), k: neighbourCount) {
            try RealImages.load(directory: dir, dataset: d.dataset, model: d.name, size: d.sizes[0], channels: d.channels, training: true)
        }
    }

    /// Leaves the neighbours (their results stay cached).
    public func leaveNeighbours() { neighbours = nil }

    /// Takes finished searches: caches them and shows the one for the sample shown; true when the screen changed.
    private func pollNeighbours() -> Bool {
        var changed = false
        for (key, outcome) in neighbourSearcher.take() {
            neighbourSearches.remove(key)
            switch outcome {
            case .found(let panel):
                neighbourCache[key] = panel
                if neighbours?.key == key { neighbours = panel; changed = true }
            case .failed(let why):
                if neighbours?.key == key {
                    neighbours = nil
                    message = "no nearest neighbours: \(why)"
                    changed = true
                }
            }
        }
        return changed
    }

    /// Waits for the neighbour searches started so far (tests and benchmarks; `poll` then shows them).
    public func waitForNeighbours() { neighbourSearcher.wait() }

    /// Milliseconds the neighbours' data set took to load and index (0 until it has been).
    public var neighbourLoadMilliseconds: Double { neighbourSearcher.loadMilliseconds }

    // MARK: noise walk

    public var isWalking: Bool { walk != nil }

    /// Starts walking the selected level's noise from its seed towards a new one (the first frame is the current sample).
    public func startWalk() throws {
        let k = selectedLevel
        undoStack.append(seeds)
        redoStack.removeAll()
        walk = try NoiseWalk(level: k, from: seeds[k], to: rng.nextSeed(), model: model)
        walkedLevel = k
    }

    /// Moves the walk on by `seconds` and regenerates the walked level and the finer ones; the others stay as they are.
    public func stepWalk(seconds: Double) throws {
        guard var w = walk else { return }
        try w.advance(seconds: seconds, model: model, nextSeed: { rng.nextSeed() })
        walk = w
        sample = try model.regenerate(sample, level: w.level, noise: w.noise)
    }

    /// Stops the walk, keeping the last frame (and its noise, where an animation of the walk starts).
    public func stopWalk() {
        if let w = walk { walkNoise = w.noise }
        walk = nil
    }

    /// The walked level's noise when its walk stopped (nil: no walk since the seeds last changed).
    public var stoppedWalkNoise: Tensor? { walkedLevel == nil ? nil : walkNoise }
    private var walkNoise: Tensor?

    // MARK: grid

    /// Fills the grid with `count` samples (kept if it already has that many).
    public func ensureGrid(count: Int) throws {
        let n = max(1, count)
        if let g = grid, g.count == n { return }
        var seedSets = grid?.seeds ?? []
        seedSets = Array(seedSets.prefix(n))
        while seedSets.count < n { seedSets.append(LapGAN.seedSet(rng.nextSeed(), levels: model.levelCount)) }
        grid = try model.sample(seeds: seedSets, labels: labels(seedSets.count))
        gridSelection = min(gridSelection, n - 1)
    }

    /// Re-rolls the selected level of every grid sample.
    public func rerollGrid() throws {
        guard let g = grid else { return }
        grid = try model.reroll(g, level: selectedLevel, seeds: (0..<g.count).map { _ in rng.nextSeed() })
    }

    /// Re-rolls every level of every grid sample.
    public func rerollGridAll() throws {
        guard let g = grid else { return }
        grid = try model.sample(seeds: (0..<g.count).map { _ in LapGAN.seedSet(rng.nextSeed(), levels: model.levelCount) },
                                labels: labels(g.count))
    }

    /// Makes the selected grid sample the current sample.
    public func openGridSelection() throws {
        guard let g = grid, gridSelection < g.count else { return }
        undoStack.append(seeds)
        redoStack.removeAll()
        try apply(g.seeds[gridSelection], from: model.coarsest)
    }

    // MARK: noise sensitivity

    /// Starts computing, in the background, how much the final image changes when only z_k is re-rolled.
    private func scheduleSensitivity() {
        let result = sensitivityResult, generation = result.request()
        sensitivity = Array(repeating: nil, count: model.levelCount)
        let base = seeds, model = self.model, rerolls = sensitivityRerolls, label = classIndex
        let draws = (0..<model.levelCount).map { _ in (0..<rerolls).map { _ in rng.nextSeed() } }
        background.async {
            // A sample replaced while this waited (keys held down queue many) is not measured at all.
            guard result.isCurrent(generation),
                  let values = try? NoiseSensitivity.measure(model, seeds: base, draws: draws, label: label) else { return }
            result.deliver((base, values), for: generation)
        }
    }

    /// Takes finished background results; true when something new arrived (redraw).
    public func poll() -> Bool {
        let found = pollNeighbours()
        guard let p = sensitivityResult.take(), p.seeds == seeds else { return found }
        sensitivity = p.values
        return true
    }

    /// Waits for the background work (for tests and benchmarks).
    public func waitForBackground() {
        background.sync {}
        neighbourSearcher.wait()
    }
}
