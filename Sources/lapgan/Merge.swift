import ArgumentParser
import Foundation
import LapGAN

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join models whose levels were trained in separate processes into one model.",
        discussion: """
        All inputs must share the pyramid (sizes, channels, classes, normalisation). For each level the input
        that trained it the most steps is taken, with that level's layers and noise, so a coarse-noise level 0
        can join another run's level 2. Writes atomically.

        Example:
          lapgan train --levels 0 --out runs/l0.lpg &  lapgan train --levels 1,2 --out runs/l12.lpg
          lapgan merge runs/l0.lpg runs/l12.lpg --out runs/fashion.lpg
        """)

    @Argument(help: "Two or more .lpg models (or checkpoints).")
    var inputs: [String]

    @Option(help: "Merged model file.")
    var out: String

    func validate() throws {
        if inputs.count < 2 { throw ValidationError("merge needs at least two models") }
    }

    func run() throws {
        let models = try inputs.map { try ModelFile.load($0).model }
        let merged = try ModelMerge.merge(models, names: inputs)
        try ModelFile.save(merged, to: out)
        let sources = (0..<merged.levelCount).map { k in
            "level \(k) ← \(inputs[ModelMerge.sourceIndex(models, level: k)]) (\(merged.description.counters[k].steps) steps)"
        }
        print(sources.joined(separator: "\n"))
        print("wrote \(out)")
    }
}
