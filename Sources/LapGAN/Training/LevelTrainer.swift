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
        context = ForwardContext(training: true, rng: rng)
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

    private func batch(_ n: Int) -> Batch {
        let idx = (0..<n).map { _ in rng.index(data.count) }
        let flips = (0..<n).map { _ in settings.flips && rng.uniform() < 0.5 }
        return Batch(image: LevelData.gather(data.image, idx, flips: flips),
                     lowpass: data.lowpass.map { LevelData.gather($0, idx, flips: flips) },
                     labels: data.labels.map { l in idx.map { l[$0] } })
    }

    /// The discriminator's input: flattened at the coarsest level, else the image planes.
    private func discriminatorInput(_ image: Tensor) throws -> Tensor {
        isCoarsest ? try image.reshaped([image.shape[0], image.itemCount]) : image
    }

    /// Generates images l + G(z, l) (or G(z) at the coarsest level) for a batch, in training mode.
    private func generate(_ b: Batch, tape: Tape?) throws -> (image: Tensor, band: Tensor, input: Tensor) {
        let n = b.image.shape[0]
        let z = try model.noise(level: level, seeds: (0..<n).map { _ in rng.nextSeed() })
        let input = try b.lowpass.map { try Tensor.concatChannels([$0, z]) } ?? z
        var context = self.context
        context.tape = tape
        let band = try G.forward(input, labels: b.labels, context)
        let image = try b.lowpass.map { try Tensor.sum($0, band) } ?? band
        return (image, band, input)
    }

    /// One D update and one G update; returns the step's losses. Throws `TrainingError.diverged` on NaN/inf.
    public func iteration() throws -> StepMetrics {
        let B = max(2, settings.batchSize), half = B / 2
        var m = StepMetrics(count: 1)

        // Discriminator: half real, half generated.
        let real = batch(half)
        let fakeSource = batch(B - half)
        let fake = try generate(fakeSource, tape: nil)
        let dInput = try discriminatorInput(try Tensor.concatBatch([real.image, fake.image]))
        let dLabels = real.labels.flatMap { r in fakeSource.labels.map { r + $0 } }
        D.zeroGrad()
        let dTape = Tape()
        let logits = try D.forward(dInput, labels: dLabels, context.recording(on: dTape))
        let targets = [Float](repeating: 1, count: half) + [Float](repeating: 0, count: B - half)
        let dl = Loss.bceWithLogits(logits, targets: targets)
        let probs = (0..<B).map { sigmoid(logits.data[$0]) }
        m.dLoss = Double(dl.loss)
        m.dReal = Double(probs[0..<half].reduce(0, +)) / Double(half)
        m.dFake = Double(probs[half...].reduce(0, +)) / Double(B - half)
        guard dl.loss.isFinite else { throw TrainingError.diverged(level: level, step: step, what: "D loss is \(dl.loss)") }
        _ = try D.backward(dl.grad, inputShape: dInput.shape, tape: dTape)
        discriminatorOptimizer.step()

        // Generator: B fresh samples, non-saturating target 1.
        let gb = batch(B)
        let gTape = Tape(), dOnFakeTape = Tape()
        let gen = try generate(gb, tape: gTape)
        G.zeroGrad()
        let gIn = try discriminatorInput(gen.image)
        let gLogits = try D.forward(gIn, labels: gb.labels, context.recording(on: dOnFakeTape))
        let gl = Loss.bceWithLogits(gLogits, target: 1)
        m.gLoss = Double(gl.loss)
        guard gl.loss.isFinite else { throw TrainingError.diverged(level: level, step: step, what: "G loss is \(gl.loss)") }
        let gradImage = try D.backward(gl.grad, inputShape: gIn.shape, tape: dOnFakeTape).reshaped(gen.band.shape)
        _ = try G.backward(gradImage, inputShape: gen.input.shape, tape: gTape)
        if settings.reconstructionWeight > 0, let low = gb.lowpass {
            // λ·‖G(l, 0) − h‖²: ties the level's output to its input (seeds/002).
            let planes = model.description.levels[level].noise.planes, size = low.shape[2]
            let zeroInput = try Tensor.concatChannels([low, Tensor(zeros: [B, planes, size, size])])
            let recTape = Tape()
            let predicted = try G.forward(zeroInput, labels: gb.labels, context.recording(on: recTape))
            let target = try Tensor.difference(gb.image, low)
            let rec = try Loss.meanSquaredError(predicted, target)
            m.reconstruction = Double(rec.loss)
            rec.grad.scale(settings.reconstructionWeight)
            _ = try G.backward(rec.grad, inputShape: zeroInput.shape, tape: recTape)
        }
        generatorOptimizer.step()
        // ReLUs can hide non-finite weights from the losses; check the parameters themselves.
        if let bad = (G.namedParameters + D.namedParameters).first(where: { !$0.parameter.value.isFinite }) {
            throw TrainingError.diverged(level: level, step: step, what: "parameter \(bad.name) became NaN or infinite")
        }

        let before = Int(epoch)
        step += 1
        if Int(epoch) > before {
            generatorOptimizer.endEpoch()
            discriminatorOptimizer.endEpoch()
        }
        return m
    }
}
