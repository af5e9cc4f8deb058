import ArgumentParser
import Foundation
import LapGAN

/// The `lapgan` command: train, sample, inspect, evaluate and benchmark LAPGAN models.
@main
struct Lapgan: ParsableCommand {
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
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CleanExit {
            Lapgan.exit(withError: error)
        } catch let error as ExitCode {
            Lapgan.exit(withError: error)
        } catch let error as ValidationError {
            Lapgan.exit(withError: error)
        } catch {
            if String(describing: type(of: error)).contains("CommandError") || String(describing: type(of: error)).contains("ParserError") {
                Lapgan.exit(withError: error)
            }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }
}
