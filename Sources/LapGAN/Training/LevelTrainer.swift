import Foundation

/// Adversarial training of one level k: its G_k, D_k, their optimisers and its own random stream.
///
/// Per step: D sees B/2 real images of the level (l_k + h_k = I_k) and B/2 generated ones (l_k + G_k(z_k, l_k)),
/// with targets 1 and 0; then G_k learns on B fresh noise samples with the non-saturating target 1.
public final class LevelTrainer {
    public let level: Int
    public let model: LapGAN
    public let generatorOptimizer: Optimizer
    public let discriminatorOptimizer: Optimizer
    public let rng: RNG
    public internal(set) var step: Int
    /// The moving average of G's weights, when the run keeps one (`TrainingSettings.emaDecay`).
    public internal(set) var average: GeneratorAverage?
    let settings: TrainingSettings
    let data: LevelData
    private let context: ForwardContext

    init(model: LapGAN, level k: Int, data: LevelData, settings: TrainingSettings, rng: RNG, step: Int) {
        self.level = k
        self.model = model
        self.data = data
        self.settings = settings
        self.rng = rng
        self.step = step
        context = ForwardContext(training: true, rng: rng, convolutionPath: settings.convolutionPath)
        generatorOptimizer = Optimizer(settings.optimizer, parameters: model.generators[k].parameters)
        discriminatorOptimizer = Optimizer(settings.optimizer, parameters: model.discriminators[k].parameters)
    }

    var isCoarsest: Bool { level == model.coarsest }
    var G: Network { model.generators[level] }
    var D: Network { model.discriminators[level] }

    /// Epochs completed: real images consumed / dataset size.
    public var epoch: Double { Double(step) * Double(settings.batchSize) / Double(data.count) }

    private struct Batch {
        let image: Tensor
        let lowpass: Tensor?
        let labels: [Int]?
    }

    /// The ranks that train this level together, data-parallel (`SingleProcess` when alone).
    public internal(set) var communicator: Communicator = SingleProcess()
    /// Whether some rank of `communicator` asked to stop at the last step (known to all of them alike).
    public internal(set) var agreedStop = false
    /// Whether some rank of `communicator` asked to end the round at the last step (a time-sliced round's end).
    public internal(set) var agreedRoundEnd = false

    /// This rank's rows of a batch of n: a contiguous share, rank r gets rows n·r/N ..< n·(r+1)/N.
    func share(_ n: Int) -> Range<Int> {
        let r = communicator.rank, N = max(1, communicator.size)
        return (n * r / N)..<(n * (r + 1) / N)
    }

    /// Draws a batch of n from the level's stream (the same draws on every rank) and keeps the rows `keep`.
    private func batch(_ n: Int, keep: Range<Int>) -> Batch {
        let drawn = (0..<n).map { _ in rng.index(data.count) }
        let flips = (0..<n).map { _ in settings.flips && rng.uniform() < 0.5 }
        let idx = Array(drawn[keep]), kept = Array(flips[keep])
        return Batch(image: LevelData.gather(data.image, idx, flips: kept),
                     lowpass: data.lowpass.map { LevelData.gather($0, idx, flips: kept) },
                     labels: data.labels.map { l in idx.map { l[$0] } })
    }

    /// The discriminator's input: flattened at the coarsest level, else the image planes.
    private func discriminatorInput(_ image: Tensor) throws -> Tensor {
        isCoarsest ? try image.reshaped([image.shape[0], image.itemCount]) : image
    }

    /// A training context for the rows `rows` of a batch of `total` (all of them when this process computes it all).
    private func passContext(total: Int, rows: [Int], tape: Tape?) -> ForwardContext {
        var c = context
        c.tape = tape
        c.share = BatchShare(total: total, rows: rows)
        return c
    }

    /// Generates images l + G(z, l) (or G(z) at the coarsest level) for the rows `rows` of a batch of `total`,
    /// in training mode; the noise seeds of the whole batch are drawn.
    private func generate(_ b: Batch, total: Int, rows: Range<Int>, tape: Tape?) throws -> (image: Tensor, band: Tensor, input: Tensor) {
        let seeds = (0..<total).map { _ in rng.nextSeed() }
        let z = try model.noise(level: level, seeds: Array(seeds[rows]))
        let input = try b.lowpass.map { try Tensor.concatChannels([$0, z]) } ?? z
        let band = try G.forward(input, labels: b.labels, passContext(total: total, rows: Array(rows), tape: tape))
        let image = try b.lowpass.map { try Tensor.sum($0, band) } ?? band
        return (image, band, input)
    }

    /// The augmentation of one pass of D: the draws of the whole batch of `total` (the same on every rank), this
    /// rank's `rows` of them; the identity when the run has none.
    private func augmentation(total: Int, rows: [Int]) -> Augmentation {
        guard let augment = settings.augment else { return Augmentation(augment: nil, draws: []) }
        let all = augment.draws(count: total, size: data.image.shape[2], rng: rng)
        return Augmentation(augment: augment, draws: rows.map { all[$0] })
    }

    /// One pass's augmentation and its draws.
    private struct Augmentation {
        let augment: DiffAugment?
        let draws: [DiffAugment.Draw]
        func apply(_ x: Tensor) throws -> Tensor { try augment?.apply(x, draws) ?? x }
        func backward(_ g: Tensor) throws -> Tensor { try augment?.backward(g, draws) ?? g }
    }

    /// Throws `TrainingError.diverged` unless `value` (a loss summed over the ranks) is finite.
    private func requireFinite(_ value: Float, _ what: String) throws {
        guard value.isFinite else { throw TrainingError.diverged(level: level, step: step, what: "\(what) is \(value)") }
    }

    /// One D update and one G update; returns the step's losses. Throws `TrainingError.diverged` on NaN/inf.
    ///
    /// Each rank of `communicator` computes its rows of the global batch (one process: all of them), scales its
    /// gradients by its share so that their sum over the ranks is the gradient of the mean over the global batch,
    /// and the gradients and the step's statistics are summed over the ranks (one process: nothing to sum) before
    /// every rank applies the same update. `stopRequested` and `roundEndRequested` travel with D's sums;
    /// `agreedStop` and `agreedRoundEnd` tell whether any rank asked.
    public func iteration(stopRequested: Bool = false, roundEndRequested: Bool = false) throws -> StepMetrics {
        let B = max(2, settings.batchSize), half = B / 2
        var m = StepMetrics(count: 1)

        // Discriminator: half real (target 1), half generated (target 0).
        let realRows = share(half), fakeRows = share(B - half)
        let real = batch(half, keep: realRows)
        let fakeSource = batch(B - half, keep: fakeRows)
        let fake = try generate(fakeSource, total: B - half, rows: fakeRows, tape: nil)
        let dRows = Array(realRows) + fakeRows.map { half + $0 }
        let dAugment = augmentation(total: B, rows: dRows)
        let dInput = try discriminatorInput(try dAugment.apply(try Tensor.concatBatch([real.image, fake.image])))
        let dLabels = real.labels.flatMap { r in fakeSource.labels.map { r + $0 } }
        D.zeroGrad()
        let dTape = Tape()
        let logits = try D.forward(dInput, labels: dLabels, passContext(total: B, rows: dRows, tape: dTape))
        let nReal = realRows.count
        let targets = [Float](repeating: 1, count: nReal) + [Float](repeating: 0, count: dRows.count - nReal)
        let dl = Loss.bceWithLogits(logits, targets: targets)
        let probabilities = logits.array.map(sigmoid)
        let dShare = Float(dRows.count) / Float(B)
        dl.grad.scale(dShare)
        _ = try D.backward(dl.grad, inputShape: dInput.shape, tape: dTape)
        let d = try communicator.sumGradients(of: D.parameters, and: [
            dl.loss * dShare, probabilities[..<nReal].reduce(0, +), probabilities[nReal...].reduce(0, +), stopRequested ? 1 : 0,
            roundEndRequested ? 1 : 0,
        ])
        m.dLoss = Double(d[0])
        m.dReal = Double(d[1]) / Double(half)
        m.dFake = Double(d[2]) / Double(B - half)
        agreedStop = d[3] > 0
        agreedRoundEnd = d[4] > 0
        try requireFinite(d[0], "D loss")
        discriminatorOptimizer.step()

        // Generator: B fresh samples, non-saturating target 1, plus λ·‖G(l, 0) − h‖² when the run asks for it.
        let gRows = share(B)
        let gShare = Float(gRows.count) / Float(B)
        let gb = batch(B, keep: gRows)
        let gTape = Tape(), dOnFakeTape = Tape()
        let gen = try generate(gb, total: B, rows: gRows, tape: gTape)
        let gAugment = augmentation(total: B, rows: Array(gRows))
        G.zeroGrad()
        let gIn = try discriminatorInput(try gAugment.apply(gen.image))
        let gLogits = try D.forward(gIn, labels: gb.labels, passContext(total: B, rows: Array(gRows), tape: dOnFakeTape))
        let gl = Loss.bceWithLogits(gLogits, target: 1)
        gl.grad.scale(gShare)
        let gradImage = try gAugment.backward(try D.backward(gl.grad, inputShape: gIn.shape, tape: dOnFakeTape).reshaped(gen.band.shape))
        _ = try G.backward(gradImage, inputShape: gen.input.shape, tape: gTape)
        let reconstruction = try reconstructionStep(gb, total: B, rows: gRows, share: gShare)
        let g = try communicator.sumGradients(of: G.parameters, and: [gl.loss * gShare, (reconstruction ?? 0) * gShare])
        m.gLoss = Double(g[0])
        if reconstruction != nil { m.reconstruction = Double(g[1]) }
        try requireFinite(g[0], "G loss")
        generatorOptimizer.step()
        // ReLUs can hide non-finite weights from the losses; check the parameters themselves.
        if let bad = (G.namedParameters + D.namedParameters).first(where: { !$0.parameter.value.isFinite }) {
            throw TrainingError.diverged(level: level, step: step, what: "parameter \(bad.name) became NaN or infinite")
        }
        average?.update(from: G.parameters)

        let before = Int(epoch)
        step += 1
        if Int(epoch) > before {
            generatorOptimizer.endEpoch()
            discriminatorOptimizer.endEpoch()
        }
        return m
    }

    /// The reconstruction term λ·‖G(l, 0) − h‖² (seeds/002), which ties the level's output to its input: adds its
    /// gradient (scaled by this rank's `share`) to G's and returns this rank's loss; nil when the run has none.
    private func reconstructionStep(_ b: Batch, total: Int, rows: Range<Int>, share: Float) throws -> Float? {
        guard settings.reconstructionWeight > 0, let low = b.lowpass else { return nil }
        let planes = model.description.levels[level].noise.planes, size = low.shape[2], n = low.shape[0]
        let zeroInput = try Tensor.concatChannels([low, Tensor(zeros: [n, planes, size, size])])
        let tape = Tape()
        let predicted = try G.forward(zeroInput, labels: b.labels, passContext(total: total, rows: Array(rows), tape: tape))
        let rec = try Loss.meanSquaredError(predicted, try Tensor.difference(b.image, low))
        rec.grad.scale(settings.reconstructionWeight * share)
        _ = try G.backward(rec.grad, inputShape: zeroInput.shape, tape: tape)
        return rec.loss
    }
}
