import ArgumentParser
import Foundation
import LapGAN

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a LAPGAN (any subset of its levels), with a CSV log, checkpoints and resume.",
        discussion: """
        Each level k has its own G_k and D_k and trains on real pyramids, independently of the others; the levels train at the same time, each with a share of the cores by its cost.
        A checkpoint (model + optimiser + random state) is written atomically beside the model as MODEL.ckpt
        every --checkpoint-every steps, at the end, and on Ctrl-C or SIGTERM; --resume continues bit for bit.
        --snapshot-every N keeps the generators (no D, no optimiser state) every N steps of each level in
        MODEL.snapshots/step-000500.lpg … (atomically; index.csv names them; a fresh run also keeps step 0), each a normal
        model file that samples like the model did then; `lapgan-tui MODEL --timeline` plays them. The levels meet at
        every multiple of N as well as every --checkpoint-every steps (a checkpoint is written at both), so a snapshot
        holds every level at its step. --resume keeps writing into the same folder (and keeps N unless given again).

        Examples:
          lapgan train --preset fashion --time 10m --out runs/fashion.lpg
          lapgan train --resume runs/fashion.lpg.ckpt --time 10m          (ten more minutes)
          lapgan train --preset fashion --epochs 10 --out runs/fashion.lpg
          lapgan train --preset fashion --levels 0 --steps 5000 --out runs/level0.lpg
          lapgan train --resume runs/fashion.lpg.ckpt --steps 20000
          lapgan train --preset fashion --recipe paper --epochs 10 --out runs/paper.lpg   (the paper's settings)
          lapgan train --preset fashion --no-conditional --augment color,translation,cutout --out runs/fashion-aug.lpg
          lapgan train --preset fashion --steps 5000 --snapshot-every 250 --out runs/fashion.lpg
          lapgan train --preset emoji --data /usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png --flips
          lapgan train --preset emoji --sizes 64,32,16,8 --data DIR --flips --out runs/emoji64.lpg   (four levels)
          lapgan merge runs/level0.lpg runs/level12.lpg --out runs/fashion.lpg

        Several processes (Open MPI), same flags: each of N ranks computes B/N of every batch and the gradients
        are averaged; rank 0 writes the log, checkpoints and model. --level-parallel gives levels to groups of ranks.
          mpirun -np 2 lapgan train --preset fashion --epochs 10 --out runs/fashion.lpg
          mpirun -np 4 --hostfile hosts lapgan train --preset fashion --epochs 10 --level-parallel --out runs/fashion.lpg
        """)

    @Option(help: "Model shape: \(Preset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: Preset = .fashion

    @OptionGroup var source: DataOptions

    @Option(help: "Levels to train, e.g. 0,2 (default: all).")
    var levels: String?

    @Option(help: "Training steps per level (one step = one D and one G update).")
    var steps: Int?

    @Option(help: "Epochs per level (images seen / data set size); used when --steps is not given.")
    var epochs: Double?

    @Option(name: .customLong("time"),
            help: ArgumentHelp("Wall-clock budget for the whole run: 90s, 10m, 2h, 1h30m (with --steps or --epochs too, whichever comes first).",
                               discussion: "The levels train until it is spent, each with its share of the cores, meeting every minute to write a checkpoint; the model, checkpoint and log are written at the end. With --resume it adds that much time.",
                               valueName: "DURATION"))
    var time: TimeBudget?

    @Option(help: "Batch size (D sees half real, half generated).")
    var batch: Int = 128

    @Option(help: ArgumentHelp("Where the defaults below come from: best (what the 3-seed table measured best: coarse noise, reconstruction λ 5, weight average 0.999, class labels when the data has them, Adam) or paper (the paper's released settings: noise planes, SGD schedule, per-pixel standardisation, nothing else).",
                               discussion: "Every flag given overrides its part of the recipe.", valueName: "RECIPE"))
    var recipe: Recipe?

    @Option(help: "Optimiser (default: the recipe's): adam (lr 2e-4, β1 0.5) or sgd (the released code's schedule: lr 0.02, momentum 0.5→0.7).")
    var optimizer: OptimizerSettings.Kind?

    @Option(help: "Learning rate (default: the optimiser's usual one).")
    var lr: Float?

    @Option(help: "Noise of the finer levels (default: the recipe's): plane (the paper's), coarse (a low-res plane upsampled) or vector.")
    var noise: NoiseSpec.Mode?

    @Option(help: "Pixel normalisation (default: the recipe's): range (to [-1, 1]) or perPixel (the released code's per-pixel standardisation).")
    var normalize: Normalization.Kind?

    @Flag(inversion: .prefixedNo,
          help: "Class-conditional model, from the data set's labels (default: the recipe's; best uses labels when the data set has them).")
    var conditional: Bool?

    @Option(help: "Channel width of the conv levels (default: the preset's).")
    var width: Int?

    @Option(help: ArgumentHelp("Pyramid sizes, finest first, each half the one before (default: the preset's, e.g. 32,16,8 for emoji).",
                               valueName: "SIZES"))
    var sizes: String?

    @Option(help: ArgumentHelp("λ of the reconstruction term λ·‖G(l, 0) − h‖² (0 = off, the default).",
                               discussion: "With --resume it changes λ, to fine-tune a trained level with the term."))
    var reconstruction: Float?

    @Option(help: ArgumentHelp("Keep a moving average of each G's weights with this decay (e.g. 0.999) and write the model with it; 0 = off.",
                               discussion: "The checkpoint keeps the weights themselves; with --resume it starts or changes the average.",
                               valueName: "DECAY"))
    var ema: Float?

    @Flag(help: "Mirror images left-right at random.")
    var flips = false

    @Option(help: ArgumentHelp("Differentiable augmentation of every image D sees, real and generated (DiffAugment): any of color, translation, cutout, e.g. color,translation,cutout.",
                               valueName: "POLICY"))
    var augment: DiffAugment?

    @Option(help: "Model file to write (default: runs/model.lpg; with --resume, the model beside the checkpoint).")
    var out: String?

    @Option(help: "CSV log (default: the model's name with -train.csv).")
    var log: String?

    @Option(help: "Continue from a checkpoint (.ckpt).")
    var resume: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (default: the number of cores, at most 8).")
    var threads: Int?

    @Option(help: "Write a checkpoint every N steps.")
    var checkpointEvery: Int = 500

    @Option(help: "Keep a snapshot of the generators every N steps in MODEL.snapshots/ (default: none; see above).")
    var snapshotEvery: Int?

    @Option(help: "Log a row every N steps.")
    var logEvery: Int = 20

    @Flag(help: "Under mpirun: give the levels to groups of ranks by cost (the finest level gets the most ranks, data-parallel among them) instead of all ranks training all levels; one model is written at the end.")
    var levelParallel = false

    /// The recipe the defaults come from.
    var chosenRecipe: Recipe { recipe ?? .best }

    func validate() throws {
        if batch < 2 { throw ValidationError("--batch must be at least 2") }
        if resume != nil {
            // What shapes the model or the run's recipe is the checkpoint's; refuse what --resume would ignore.
            let fixed: [(String, Bool)] = [("--recipe", recipe != nil), ("--noise", noise != nil), ("--normalize", normalize != nil),
                                           ("--conditional/--no-conditional", conditional != nil), ("--optimizer", optimizer != nil),
                                           ("--augment", augment != nil), ("--width", width != nil), ("--sizes", sizes != nil)]
            if let flag = fixed.first(where: \.1)?.0 {
                throw ValidationError("\(flag) cannot change with --resume: the checkpoint's run keeps its own")
            }
        }
        if let steps, steps < 1 { throw ValidationError("--steps must be positive") }
        if let epochs, !(epochs > 0 && epochs <= 100_000) { throw ValidationError("--epochs must be in (0, 100000]") }
        if let steps, steps > 1_000_000_000 { throw ValidationError("--steps must be at most 1e9") }
        if let threads, threads < 1 { throw ValidationError("--threads must be positive") }
        if let lr, !(lr > 0 && lr.isFinite) { throw ValidationError("--lr must be a positive number") }
        if let reconstruction, !(reconstruction >= 0 && reconstruction.isFinite) { throw ValidationError("--reconstruction must be a number ≥ 0") }
        if let ema, !(ema >= 0 && ema < 1) { throw ValidationError("--ema must be in [0, 1) (e.g. 0.999; 0 = off)") }
        if let ema, ema > 0, levelParallel {
            throw ValidationError("--ema with --level-parallel is not supported yet (the weight average is not sent between rank groups); use data-parallel ranks")
        }
        if let width, width < 1 || width > 4096 { throw ValidationError("--width must be 1…4096") }
        if let sizes { _ = try Train.parseSizes(sizes) }
        if checkpointEvery < 1 || logEvery < 1 { throw ValidationError("--checkpoint-every and --log-every must be positive") }
        if let snapshotEvery, snapshotEvery < 1 || snapshotEvery > 1_000_000_000 { throw ValidationError("--snapshot-every must be 1…1e9") }
    }

    func run() throws {
        guard MPIRuntime.launched else { return try run(world: nil) }
        let world: MPICommunicator
        do { world = try MPIRuntime.start() } catch { MPIRuntime.abort(rank: MPIRuntime.environmentRank, error) }
        do {
            try run(world: world)
            MPIRuntime.finish()
        } catch let code as ExitCode {
            MPIRuntime.finish()
            throw code
        } catch {
            MPIRuntime.abort(rank: world.rank, error)
        }
    }

    /// How this rank takes part (nil: one process alone).
    private func distribution(_ world: Communicator?, levels: [Int], model: LapGAN) throws -> Distribution? {
        guard let world else { return nil }
        guard levelParallel else { return .dataParallel(world, levels: levels) }
        let costs = Dictionary(uniqueKeysWithValues: levels.map { ($0, model.trainingCost(level: $0)) })
        return try .levelParallel(world, levels: levels, costs: costs)
    }

    /// Refuses to start when the ranks were given different flags or data (all ranks call this alike).
    private func requireAgreement(_ world: Communicator?, on what: String, _ value: Data) throws {
        guard let world else { return }
        let differing = try world.ranksDiffering(from: value)
        guard differing.isEmpty else {
            throw DistributedError(rank: world.rank, "rank(s) \(differing.map(String.init).joined(separator: ",")) have other \(what) than rank 0; start every rank with the same flags and data")
        }
    }

    private func run(world: Communicator?) throws {
        if let world {
            try requireAgreement(world, on: "flags", Data(CommandLine.arguments.dropFirst().joined(separator: "\u{0}").utf8))
        }
        var workers = threads ?? Parallel.workers
        if threads == nil, world != nil, let local = Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? ""), local > 1 {
            // Ranks on the same machine share its cores.
            workers = max(1, workers / local)
        }
        try Parallel.withWorkers(workers) { try runWithWorkers(world: world) }
    }

    private func runWithWorkers(world: Communicator?) throws {
        // A resumed run keeps writing where it wrote before: X.lpg beside X.lpg.ckpt, and X-train.csv.
        let outPath = out ?? resume.map { $0.hasSuffix(".ckpt") ? String($0.dropLast(5)) : $0 + ".lpg" } ?? "runs/model.lpg"
        let dir = URL(fileURLWithPath: outPath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let logPath = log ?? (outPath.hasSuffix(".lpg") ? String(outPath.dropLast(4)) : outPath) + "-train.csv"
        try AtomicFile.checkTarget(outPath)
        try AtomicFile.checkTarget(outPath + ".ckpt")
        // Temporary files of runs killed mid-write (kill -9, power loss) go; the files they were writing are intact.
        // Rank 0 alone: it is the one that writes these files (another host's PIDs mean nothing here).
        if (world?.rank ?? 0) == 0 {
            for path in [outPath, outPath + ".ckpt", logPath] { AtomicFile.removeStaleTemporaries(of: path) }
        }

        let trainer = try resume.map { try resumedTrainer($0, world: world) } ?? freshTrainer(world: world)
        try train(trainer, outPath: outPath, logPath: logPath)
    }

    /// The trainer of a run continued from its checkpoint `resume`.
    private func resumedTrainer(_ resume: String, world: Communicator?) throws -> Trainer {
        let checkpoint = try Trainer.Checkpoint.read(resume)
        var recorded = source
        recorded.data = recorded.data ?? checkpoint.settings.dataPath
        recorded.limit = recorded.limit ?? checkpoint.settings.dataLimit
        let data = try recorded.load(size: checkpoint.model.description.sizes[0], channels: checkpoint.model.channels)
        try requireAgreement(world, on: "data", Train.fingerprint(data))
        let continued = try levels.map(parseLevels) ?? checkpoint.settings.levels
        // --time alone: train for that long, whatever step target the checkpoint's run had.
        let target = steps ?? (time != nil && epochs == nil ? Train.unlimitedSteps : nil)
        if target == nil && epochs == nil && checkpoint.settings.steps >= Train.unlimitedSteps {
            throw ValidationError("\(resume) is a run with a time budget: give --time (or --steps / --epochs) to say how long to go on")
        }
        // The weight average is not sent between rank groups: a level-parallel resume keeps none unless asked.
        var average = ema
        if levelParallel && world != nil && ema == nil && checkpoint.settings.emaDecay != nil {
            average = 0
            if world?.rank == 0 { Console.note("note: the weight average stops in a level-parallel run (it is not sent between rank groups)") }
        }
        let trainer = try Trainer.resume(checkpoint, dataset: data, steps: target, epochs: epochs, emaDecay: average,
                                         distribution: distribution(world, levels: continued, model: checkpoint.model),
                                         snapshotEvery: snapshotEvery, reconstruction: reconstruction, levels: continued)
        if (world?.rank ?? 0) == 0 { Console.note("resuming \(resume) at steps \(trainer.levels.map { "L\($0.level):\($0.step)" }.joined(separator: " "))") }
        return trainer
    }

    /// The trainer of a new run: the model the preset, the recipe and the flags describe.
    private func freshTrainer(world: Communicator?) throws -> Trainer {
        var options = Preset.Options()
        options.noise = noise ?? chosenRecipe.noise
        options.width = width
        options.sizes = try sizes.map(Train.parseSizes)
        options.normalization = normalize ?? chosenRecipe.normalization
        var description = try preset.description(options)
        let data = try source.load(size: description.sizes[0], channels: description.channels)
        try requireAgreement(world, on: "data", Train.fingerprint(data))
        if conditional ?? (chosenRecipe.usesLabels && data.labels != nil) {
            guard let labels = data.labels else { throw ValidationError("--conditional needs a data set with labels") }
            options.classes = (labels.max() ?? 0) + 1
            description = try preset.description(options)
            description.classNames = data.classNames
        }
        description.dataset = data.name
        let levelList = try levels.map(parseLevels) ?? Array(0..<description.levels.count)
        let stepCount = steps ?? epochs.map { Int(($0 * Double(data.count) / Double(batch)).rounded(.up)) }
            ?? (time != nil ? Train.unlimitedSteps : Int((Double(data.count) / Double(batch)).rounded(.up)))
        var settings = TrainingSettings(levels: levelList, steps: stepCount)
        settings.batchSize = batch
        settings.optimizer = (optimizer ?? chosenRecipe.optimizer) == .adam ? .ganAdam : .paperSGD
        if let lr { settings.optimizer.learningRate = lr }
        settings.reconstructionWeight = reconstruction ?? chosenRecipe.reconstructionWeight
        // The weight average is not sent between rank groups: a level-parallel run keeps none unless asked
        // (and --ema with --level-parallel is refused above).
        settings.emaDecay = (ema ?? (levelParallel && world != nil ? nil : chosenRecipe.emaDecay)).flatMap { $0 > 0 ? $0 : nil }
        settings.seed = seed
        settings.flips = flips
        settings.augment = augment
        settings.checkpointEvery = checkpointEvery
        settings.logEvery = logEvery
        settings.snapshotEvery = snapshotEvery
        settings.dataPath = source.data.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        settings.dataLimit = source.limit
        description.recipe = Train.recipeSummary(chosenRecipe, description: description, settings: settings)
        let model = try LapGAN(description, seed: seed)
        return try Trainer(model: model, dataset: data, settings: settings,
                           distribution: distribution(world, levels: levelList, model: model))
    }

    /// What `lapgan info` shows of how a model was trained: the recipe and what the run set.
    static func recipeSummary(_ recipe: Recipe, description d: ModelDescription, settings s: TrainingSettings) -> String {
        var parts = [d.levels.dropLast().first.map { "\($0.noise.mode.rawValue) noise" } ?? "one level",
                     d.classes > 0 ? "class-conditional" : "unconditional",
                     "\(s.optimizer.kind.rawValue) lr \(s.optimizer.learningRate)", "batch \(s.batchSize)",
                     "normalisation \(d.normalization.kind.rawValue)"]
        if let decay = s.emaDecay { parts.append("weight average \(decay)") }
        if s.reconstructionWeight > 0 { parts.append("reconstruction λ \(s.reconstructionWeight)") }
        if let augment = s.augment { parts.append("DiffAugment \(augment.policy)") }
        if s.flips { parts.append("flips") }
        return "\(recipe.rawValue): " + parts.joined(separator: ", ")
    }

    /// The step target of a run that only a time budget ends.
    static let unlimitedSteps = 1_000_000_000

    /// "64,32,16,8" → [64, 32, 16, 8]: two or more sizes, finest first, each the half of the one before.
    static func parseSizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let sizes = parts.compactMap { Int($0) }
        guard sizes.count == parts.count, sizes.count >= 2, sizes.allSatisfy({ $0 >= 2 && $0 <= 4096 }) else {
            throw ValidationError("--sizes takes two or more sizes 2…4096, finest first, e.g. 64,32,16,8; got '\(text)'")
        }
        for (a, b) in zip(sizes, sizes.dropFirst()) where b * 2 != a && b * 2 != a + 1 {
            throw ValidationError("--sizes: each size must be half the one before (\(a) → \(a / 2)); got \(a) → \(b)")
        }
        return sizes
    }

    /// What identifies a data set across ranks: its name, size and a sum of its pixels.
    static func fingerprint(_ data: Dataset) -> Data {
        let text = "\(data.name) \(data.count) \(data.size) \(data.channels) \(data.images.sum()) \(data.labels?.reduce(0, +) ?? -1)"
        return Data(text.utf8)
    }

    private func train(_ trainer: Trainer, outPath: String, logPath: String) throws {
        let world = trainer.distribution.world
        let isRoot = world.rank == 0
        // Rank 0 alone writes the log, the checkpoints and the model.
        // A resumed run cuts the rows a killed run logged after its checkpoint: they are trained (and logged) again.
        let resumedAt = resume == nil ? [:] : Dictionary(uniqueKeysWithValues: trainer.levels.map { ($0.level, $0.step) })
        let log = isRoot ? try TrainingLogWriter(path: logPath, ranks: world.size > 1 ? world.size : nil, resumingAt: resumedAt) : nil
        let stop = StopSignal()
        let checkpoint = outPath + ".ckpt"
        let s = trainer.settings
        // The bar counts the steps of the levels this process trains (all of them unless --level-parallel).
        let own = trainer.levels.filter { trainer.distribution.levels.contains($0.level) }
        let start = own.reduce(0) { $0 + min($1.step, s.steps) }
        let total = s.steps * own.count
        let note: (String) -> Void = { if isRoot { Console.note($0) } }
        let goal = time.map { s.steps >= Train.unlimitedSteps ? "for \($0)" : "for \($0) or \(s.steps) steps" } ?? "to \(s.steps) steps"
        note("training \(trainer.model.description.name) levels \(s.levels.map(String.init).joined(separator: ",")) \(goal), batch \(s.batchSize), \(s.optimizer.kind.rawValue) lr \(s.optimizer.learningRate)\(s.emaDecay.map { ", weight average \($0)" } ?? ""); \(Parallel.workers) thread\(Parallel.workers == 1 ? "" : "s")")
        if world.size > 1 {
            let d = trainer.distribution
            note("\(world.size) MPI ranks, \(levelParallel ? "level-parallel" : "data-parallel"); rank 0 trains levels \(d.levels.map(String.init).joined(separator: ",")) with \(d.group.size) rank(s), \(s.batchSize / d.group.size) images of each batch per rank")
            if levelParallel && ema == nil && chosenRecipe.emaDecay != nil && resume == nil {
                note("note: no weight average in a level-parallel run (the recipe's is not sent between rank groups)")
            }
        }
        note("model → \(outPath)   checkpoint → \(checkpoint)   log → \(logPath)")
        // Rank 0 alone writes snapshots too; the other ranks still meet at their steps.
        let snapshots = isRoot && s.snapshotEvery != nil ? SnapshotFolder(model: outPath) : nil
        if let snapshots, resume == nil, !snapshots.scan().isEmpty {
            throw FileError(snapshots.path, "holds another run's snapshots; remove or move it, or continue that run with --resume")
        }
        if let snapshots, let n = s.snapshotEvery { note("snapshots every \(n) steps → \(snapshots.path)/") }
        // The bar counts steps, or with --time the budget's seconds down.
        let bar = Console(total: isRoot ? (time.map { Int($0.seconds.rounded(.up)) } ?? total - start) : 0, label: "train")
        let started = Date()
        var done = 0
        var latest: [Int: (step: Int, metrics: StepMetrics)] = [:]
        let outcome = try trainer.run(checkpointPath: isRoot ? checkpoint : nil, modelPath: isRoot ? outPath : nil, log: log,
                                      snapshotFolder: snapshots, timeLimit: time?.seconds, shouldStop: { stop.isRequested }) { event in
            guard isRoot else { return }
            switch event {
            case .step(let level, let step, let m):
                done += 1
                latest[level] = (step, m)
                let text = latest.keys.sorted().map { k in
                    let l = latest[k]
                    return time == nil ? String(format: "L%d D %.2f G %.2f", k, l?.metrics.dLoss ?? 0, l?.metrics.gLoss ?? 0)
                                       : String(format: "L%d %d D %.2f G %.2f", k, l?.step ?? 0, l?.metrics.dLoss ?? 0, l?.metrics.gLoss ?? 0)
                }.joined(separator: " ")
                if time != nil {
                    bar.updateClock(elapsed: Date().timeIntervalSince(started), suffix: text)
                } else {
                    bar.update(done, suffix: text)
                }
            case .diverged(_, let message):
                bar.finish()
                note("error: \(message)")
            case .checkpoint, .logged, .prepared, .snapshot:
                break
            }
        }
        if isRoot {
            if time != nil { bar.updateClock(elapsed: Date().timeIntervalSince(started), force: true) } else { bar.update(done, force: true) }
            bar.finish()
        }
        switch outcome {
        case .finished:
            note("done: \(outPath)")
        case .timeUp:
            let reached = trainer.levels.map { "L\($0.level):\($0.step)" }.joined(separator: " ")
            note("done: \(outPath) (\(time?.description ?? "time") spent; steps \(reached)) — more with: lapgan train --resume \(checkpoint) --time DURATION")
        case .interrupted:
            let more = trainer.settings.steps >= Train.unlimitedSteps ? " --time DURATION" : ""
            note("stopped by \(stop.signalName); checkpoint saved to \(checkpoint) — continue with: lapgan train --resume \(checkpoint)\(more)")
        case .diverged(let levels):
            note("error: level(s) \(levels.map(String.init).joined(separator: ",")) diverged; their last good state is in \(outPath)")
            throw ExitCode(2)
        }
    }
}

extension DiffAugment: ExpressibleByArgument {
    public init?(argument: String) { self.init(policy: argument) }
}

extension Recipe: ExpressibleByArgument {}
