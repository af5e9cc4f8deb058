import ArgumentParser
import Foundation
import LapGAN

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model file: levels, sizes, noise, parameter counts, training counters.",
        discussion: "Example:\n  lapgan info assets/fashion.lpg")

    @Argument(help: "A .lpg model or .ckpt checkpoint.")
    var model: String

    func run() throws {
        let (m, extras) = try ModelFile.load(model)
        let d = m.description
        let size = (try? FileManager.default.attributesOfItem(atPath: model)[.size] as? Int) ?? 0
        print("\(model): lapgan model '\(d.name)', format \(ModelDescription.formatVersion), \(size / 1024) KiB")
        print("  data set      \(d.dataset)")
        print("  pyramid       \(d.sizes.map(String.init).joined(separator: " → ")) (finest first), \(d.channels == 1 ? "gray" : "colour")")
        print("  classes       \(d.classes == 0 ? "none (unconditional)" : String(d.classes))")
        print("  normalisation \(d.normalization.kind.rawValue)")
        if let recipe = d.recipe { print("  recipe        \(recipe)") }
        print("  level size   noise                 G params   D params   steps   epochs  time")
        for (k, level) in d.levels.enumerated() {
            let counts = m.parameterCounts[k], c = d.counters[k]
            let noise: String
            switch level.noise.mode {
            case .vector: noise = "vector \(level.noise.length)"
            case .plane: noise = "plane \(level.size)×\(level.size)"
            case .coarse: noise = "coarse \(level.noise.coarseSize)×\(level.noise.coarseSize)→\(level.size)"
            }
            let columns = [pad(String(k), 5), pad("\(level.size)×\(level.size)", 6), pad(noise, 20),
                           String(format: "%9d  %9d  %6d  %7.2f  ", counts.generator, counts.discriminator, c.steps, c.epochs)]
            print("  " + columns.joined(separator: " ") + formatDuration(c.seconds))
        }
        let total = m.parameterCounts.reduce(0) { $0 + $1.generator + $1.discriminator }
        print("  total parameters \(total)")
        if !extras.tensors.isEmpty { print("  checkpoint: \(extras.tensors.count) optimiser tensors (resume with lapgan train --resume \(model))") }
        if let notes = d.notes { print("  notes: \(notes)") }
    }
}

func formatDuration(_ s: Double) -> String {
    guard s.isFinite, s >= 0, s < 1e12 else { return "?" }
    let t = Int(s.rounded())
    return t >= 3600 ? String(format: "%dh%02dm", t / 3600, t / 60 % 60) : String(format: "%dm%02ds", t / 60, t % 60)
}

/// Left-aligns text in a column of `width` characters (counting characters, not bytes).
func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
