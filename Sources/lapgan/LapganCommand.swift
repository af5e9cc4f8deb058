import ArgumentParser
import Foundation
import CommandSupport
import LapGAN

/// The `lapgan` command: train, sample, inspect, evaluate and benchmark LAPGAN models.
@main
struct Lapgan: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "lapgan",
        abstract: "Laplacian pyramid GANs (Denton et al. 2015) on the CPU.",
        discussion: """
        Examples:
          lapgan info assets/fashion.lpg
          lapgan sample assets/fashion.lpg --count 64 --out grid.png
          lapgan eval assets/fashion.lpg --json eval.json
          lapgan train --preset fashion --epochs 5 --out runs/fashion.lpg
          lapgan pyramid photo.png --sizes 32,16,8 --out pyr/
          lapgan bench conv
        """,
        subcommands: [Train.self, Sample.self, Info.self, Eval.self, PyramidCommand.self, Merge.self, Bench.self])

    static func main() {
        MemoryPolicy.keepLargeBuffers()
        // Past a file size limit (ulimit -f) a write then fails with EFBIG and the command reports which file,
        // instead of being killed by SIGXFSZ with a temporary file left behind.
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
