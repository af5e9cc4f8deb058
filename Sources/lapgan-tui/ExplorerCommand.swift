import ArgumentParser
import CommandSupport
import Explorer
import Foundation
import LapGAN
import TerminalUI

/// `lapgan-tui`: explore a LAPGAN's pyramid, per-level noise and training curves in the terminal.
@main
struct ExplorerCommand: ToolCommand {
    static let configuration = CommandConfiguration(
        commandName: "lapgan-tui",
        abstract: "Explore a LAPGAN in the terminal: its pyramid level by level, re-rolling one level's noise, loss curves.",
        discussion: """
        Keys: arrows or h/j/k/l select a level, r re-rolls z_k of the selected level only, R all levels,
        w walks z_k of the selected level (any key stops), c/C class, i/I start from a real image, n nearest training images, u/U undo/redo, tab switches views (pyramid, grid, loss curves, study, help), s saves PNGs, ? help, q quits.

        Examples:
          lapgan-tui                               (the default model in assets/)
          lapgan-tui runs/model.lpg --log runs/model-train.csv
          lapgan-tui assets/fashion.lpg --seed 7 --color 256
          lapgan-tui --bench                       (prints reroll_frame_ms=, walk_frame_ms=, neighbours_ms=)
          lapgan-tui assets/fashion.lpg --study    (the paper's human study on you; answers appended to ./lapgan-study.csv)
          lapgan-tui assets/fashion.lpg --study --trials 20 --csv runs/study.csv
        """)

    @Argument(help: "A .lpg model (default: assets/fashion.lpg).")
    var model: String?

    @Option(help: "Training log CSV (default: the CSV beside the model: NAME-train.csv or NAME.csv).")
    var log: String?

    @Option(name: .long, help: ArgumentHelp("Real images for i/I and n: a Fashion-MNIST directory, CIFAR-10 batches or a folder of PNGs.",
                                            discussion: "Default: the model's data set where it is usually installed.", valueName: "DIR"))
    var data: String?

    @Option(help: "Seed of the first sample.")
    var seed: UInt64 = 1

    @Option(help: "Colour: truecolor, 256, grey or none (default: detected from COLORTERM, terminfo and NO_COLOR).")
    var color: String?

    @Flag(help: ArgumentHelp("Run the paper's human study on yourself: real or generated images for 50–2000 ms, answer y (real) or n (generated); at the end a chart of % judged real against the exposure.",
                             discussion: "Needs the model's real images (--data DIR). Answers are appended to --csv FILE."))
    var study = false

    @Option(help: "Trials of --study.")
    var trials = 40

    @Option(help: ArgumentHelp("Where --study appends its answers (time, duration_ms, truth, answer, model, seed, exposure_ms, image_write_ms).",
                               discussion: "Default: lapgan-study.csv in the current directory.", valueName: "FILE"))
    var csv: String?

    @Flag(help: "Measure a re-roll of the finest level, a noise-walk frame and the nearest neighbours of a new sample, each with a redraw (release build), print reroll_frame_ms=, walk_frame_ms= and neighbours_ms= and exit.")
    var bench = false

    func validate() throws {
        if let color, ColorMode(argument: color) == nil { throw ValidationError("--color takes truecolor, 256, grey or none, not '\(color)'") }
        if trials < 1 || trials > 10_000 { throw ValidationError("--trials takes 1 to 10000, not \(trials)") }
    }

    func run() throws {
        let path = try model ?? ExplorerCommand.defaultModel()
        let loaded = try ModelFile.load(path).model
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if study {
            try StudyLauncher.run(model: loaded, name: name, data: data, trials: trials, csvPath: csv, color: color.flatMap(ColorMode.init(argument:)))
            return
        }
        let state = try ExplorerState(model: loaded, name: name, seed: seed)
        state.dataDirectory = data
        let logPath = log ?? ExplorerCommand.logBeside(path)
        if let log, !FileManager.default.fileExists(atPath: log) {
            FileHandle.standardError.write(Data("note: \(log) does not exist yet; the loss view waits for it\n".utf8))
        }
        let forced = color.flatMap(ColorMode.init(argument:))
        if bench {
            try ExplorerBenchmark.run(state: state, logPath: logPath, mode: forced ?? .truecolor) { print($0) }
            return
        }
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw CommandFailure("lapgan-tui needs a terminal (stdin and stdout must be a tty)")
        }
        // 40 ms input waits: a noise walk draws its frames between them (about 20 frames/s).
        try Terminal.run(colorMode: forced, inputTimeoutMs: 40) { terminal in
            let app = ExplorerApp(state: state, logPath: logPath, colorMode: terminal.colorMode)
            app.studyTrials = trials
            app.studyCSVPath = csv ?? StudyCSV.defaultPath
            app.run(on: terminal)
        }
    }

    /// assets/fashion.lpg in the working directory, or beside the executable's package.
    static func defaultModel() throws -> String {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = ["assets/fashion.lpg",
                          exe.deletingLastPathComponent().appendingPathComponent("../../assets/fashion.lpg").standardizedFileURL.path,
                          exe.deletingLastPathComponent().appendingPathComponent("../../../assets/fashion.lpg").standardizedFileURL.path]
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) { return found }
        throw CommandFailure("no model given and assets/fashion.lpg not found; pass a .lpg file")
    }

    static func logBeside(_ model: String) -> String? {
        let base = model.hasSuffix(".lpg") ? String(model.dropLast(4)) : model
        return [base + "-train.csv", base + ".csv"].first { FileManager.default.fileExists(atPath: $0) }
    }
}
