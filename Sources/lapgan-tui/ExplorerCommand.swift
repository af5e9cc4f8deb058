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
        abstract: "Explore a LAPGAN in the terminal: its pyramid level by level, re-rolling one level's noise, loss curves, its training timeline; or compare two models.",
        discussion: """
        Keys: arrows or h/j/k/l select a level, r re-rolls z_k of the selected level only, R all levels,
        w walks z_k of the selected level (any key stops), c/C class, i/I start from a real image, n nearest training images, u/U undo/redo, tab switches views (pyramid, grid, loss curves, study, help), s saves PNGs, e a GIF of what the screen animates (the noise walk after w, else re-rolls of the selected level; the timeline's snapshots), ? help, q quits.

        Mouse: click a tab to show its view, a level to select it, a band h̃_k to re-roll that level, a grid sample to open
        its pyramid, a loss plot for the step and values under the pointer; the wheel steps levels, grid samples and
        snapshots. --no-mouse leaves the mouse to the terminal (for selecting text).

        Any image: `lapgan-tui photo.png` shows the Gaussian and Laplacian pyramid of a PNG (any size, grey or colour;
        centre-cropped to a square): step through the levels, each band h_k with its energy, and the reconstruction's max
        error (0 up to float rounding). Sizes: --sizes, or chosen from the image (finest = the shorter side up to 256,
        rounded down so it halves exactly, halved down to at least 4). With a model, --image FILE starts its cascade from
        that image's low-pass at the selected level (as i does with the data set's images).

        Timeline: a model trained with `lapgan train --snapshot-every N` has MODEL.snapshots/; its timeline view (tab, or
        --timeline to open there) renders the same seeds with every snapshot: ←/→ one snapshot, home/end the first/last,
        the pyramid at that step and the loss curves with a marker; snapshots written while you watch appear. Levels
        trained in separate runs and merged have no common timeline: open each run's model (its own snapshots).
        Compare: two models of the same pyramid (sizes, channels, classes, normalisation) side by side on the same seeds,
        level by level, with mean |ΔĨ_k| and each model's Δz_k; r re-rolls the selected level in both.

        Examples:
          lapgan-tui                               (the default model in assets/)
          lapgan-tui runs/fashion.lpg --timeline   (the snapshots in runs/fashion.lpg.snapshots/)
          lapgan-tui runs/plane.lpg runs/coarse.lpg   (compare two models)
          lapgan-tui runs/model.lpg --log runs/model-train.csv
          lapgan-tui assets/fashion.lpg --seed 7 --color 256
          lapgan-tui photo.png                     (its pyramid: sizes from the image, e.g. 256→128→…→4)
          lapgan-tui photo.png --sizes 64,32,16,8
          lapgan-tui assets/fashion.lpg --image shoe.png   (the model generates the finer levels from the image's)
          lapgan-tui --no-mouse                    (keys only; the terminal keeps the mouse for selecting text)
          lapgan-tui --bench                       (prints reroll_frame_ms=, walk_frame_ms=, neighbours_ms=, timeline_frame_ms=)
          lapgan-tui assets/fashion.lpg --study    (the paper's human study on you; answers appended to ./lapgan-study.csv)
          lapgan-tui assets/fashion.lpg --study --trials 20 --csv runs/study.csv
        """)

    @Argument(help: "A .lpg model (default: assets/fashion.lpg); two models open the compare view; a .png shows that image's pyramid.")
    var models: [String] = []

    @Option(help: ArgumentHelp("With a PNG: the pyramid's sizes, finest first (e.g. 64,32,16,8).",
                               discussion: "Default: chosen from the image.", valueName: "SIZES"))
    var sizes: String?

    @Option(help: ArgumentHelp("With a model: start the cascade from this PNG's low-pass at the selected level (level 1 to begin).", valueName: "FILE"))
    var image: String?

    @Flag(help: "Open the training timeline (the snapshots in MODEL.snapshots/, written by lapgan train --snapshot-every).")
    var timeline = false

    @Option(help: "Training log CSV (default: the CSV beside the model: NAME-train.csv or NAME.csv).")
    var log: String?

    @Option(name: .long, help: ArgumentHelp("Real images for i/I and n: a Fashion-MNIST directory, CIFAR-10 batches or a folder of PNGs.",
                                            discussion: "Default: the model's data set where it is usually installed.", valueName: "DIR"))
    var data: String?

    @Option(help: "Seed of the first sample.")
    var seed: UInt64 = 1

    @Option(help: "Colour: truecolor, 256, grey or none (default: detected from COLORTERM, terminfo and NO_COLOR).")
    var color: String?

    @Flag(name: .customLong("no-mouse"), help: "Do not take the mouse (clicks and the wheel go to the terminal, e.g. for selecting text).")
    var noMouse = false

    @Flag(help: ArgumentHelp("Run the paper's human study on yourself: real or generated images for 50–2000 ms, answer y (real) or n (generated); at the end a chart of % judged real against the exposure.",
                             discussion: "Needs the model's real images (--data DIR). Answers are appended to --csv FILE."))
    var study = false

    @Option(help: "Trials of --study.")
    var trials = 40

    @Option(help: ArgumentHelp("Where --study appends its answers (time, duration_ms, truth, answer, model, seed, exposure_ms, image_write_ms).",
                               discussion: "Default: lapgan-study.csv in the current directory.", valueName: "FILE"))
    var csv: String?

    @Flag(help: "Measure a re-roll of the finest level, a noise-walk frame, the nearest neighbours of a new sample and a timeline step (snapshot loaded, sampled), each with a redraw (release build), print reroll_frame_ms=, walk_frame_ms=, neighbours_ms= and timeline_frame_ms= and exit.")
    var bench = false

    func validate() throws {
        if let color, ColorMode(argument: color) == nil { throw ValidationError("--color takes truecolor, 256, grey or none, not '\(color)'") }
        if trials < 1 || trials > 10_000 { throw ValidationError("--trials takes 1 to 10000, not \(trials)") }
        if models.count > 2 { throw ValidationError("give one model to explore or two to compare, not \(models.count)") }
        if models.count == 2 && (timeline || bench) { throw ValidationError("--timeline and --bench take one model, not two") }
        if sizes != nil && !isImage { throw ValidationError("--sizes goes with a PNG image (lapgan-tui photo.png --sizes 64,32,16,8)") }
        if image != nil && (isImage || models.count == 2 || study) { throw ValidationError("--image goes with one model (lapgan-tui MODEL.lpg --image photo.png)") }
        if isImage && (models.count > 1 || timeline || bench || study) { throw ValidationError("a PNG image is shown alone: no second file, --timeline, --bench or --study") }
    }

    /// Whether the first file is a picture rather than a model.
    private var isImage: Bool { models.first.map { $0.lowercased().hasSuffix(".png") } ?? false }

    /// --sizes: finest first, strictly decreasing, 1…1024 pixels.
    static func parseSizes(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = parts.compactMap { Int($0) }
        guard !parts.isEmpty, values.count == parts.count, values.allSatisfy({ (1...1024).contains($0) }),
              zip(values, values.dropFirst()).allSatisfy({ $0 > $1 }) else {
            throw ValidationError("--sizes takes sizes from 1 to 1024, finest first and decreasing, like 64,32,16,8; not '\(text)'")
        }
        return values
    }

    /// The pyramid of a PNG (`lapgan-tui photo.png`).
    private func showImage(_ path: String) throws {
        let raster = try PNGFile.read(path)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let chosen = try sizes.map(ExplorerCommand.parseSizes) ?? ImagePyramid.sizes(width: raster.width, height: raster.height)
        guard let levels = chosen else {
            throw FileError(path, "image too small (\(raster.width)×\(raster.height) pixels): a pyramid needs at least \(ImagePyramid.smallestSize) pixels a side")
        }
        let pyramid = try ImagePyramid(raster, sizes: levels)
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw CommandFailure("lapgan-tui needs a terminal (stdin and stdout must be a tty)")
        }
        let forced = color.flatMap(ColorMode.init(argument:))
        try Terminal.run(colorMode: forced, inputTimeoutMs: 100, mouse: !noMouse) { terminal in
            ImagePyramidApp(pyramid: pyramid, name: name, originalSize: (raster.width, raster.height), colorMode: terminal.colorMode).run(on: terminal)
        }
    }

    func run() throws {
        if isImage, let path = models.first { return try showImage(path) }
        if models.count == 2 { return try compare(models[0], models[1]) }
        let path = try models.first ?? ExplorerCommand.defaultModel()
        let loaded = try ModelFile.load(path).model
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        if study {
            try StudyLauncher.run(model: loaded, name: name, data: data, trials: trials, csvPath: csv, color: color.flatMap(ColorMode.init(argument:)))
            return
        }
        let state = try ExplorerState(model: loaded, name: name, seed: seed)
        state.dataDirectory = data
        if let image {
            let raster = try PNGFile.read(image)
            state.selectLevel(1)
            try state.startFromImage(raster, name: URL(fileURLWithPath: image).lastPathComponent)
        }
        let logPath = log ?? ExplorerCommand.logBeside(path)
        if let log, !FileManager.default.fileExists(atPath: log) {
            FileHandle.standardError.write(Data("note: \(log) does not exist yet; the loss view waits for it\n".utf8))
        }
        let forced = color.flatMap(ColorMode.init(argument:))
        if bench {
            try ExplorerBenchmark.run(state: state, logPath: logPath, mode: forced ?? .truecolor) { print($0) }
            try TimelineBenchmark.run(modelPath: path, state: try ExplorerState(model: loaded, name: name, seed: seed),
                                      logPath: logPath, seed: seed, mode: forced ?? .truecolor) { print($0) }
            return
        }
        let snapshots = SnapshotFolder(model: path)
        if self.timeline && !snapshots.exists {
            throw CommandFailure("\(path) has no snapshots (\(snapshots.path) does not exist): train with lapgan train --snapshot-every N; a merged model has none, open each run's model instead")
        }
        let timeline = snapshots.exists ? Timeline(folder: snapshots, reference: loaded, seed: seed, logPath: logPath) : nil
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw CommandFailure("lapgan-tui needs a terminal (stdin and stdout must be a tty)")
        }
        // 40 ms input waits: a noise walk draws its frames between them (about 20 frames/s).
        try Terminal.run(colorMode: forced, inputTimeoutMs: 40, mouse: !noMouse) { terminal in
            let app = ExplorerApp(state: state, logPath: logPath, colorMode: terminal.colorMode)
            app.studyTrials = trials
            app.studyCSVPath = csv ?? StudyCSV.defaultPath
            app.timeline = timeline
            if self.timeline { app.show(.timeline) }
            app.run(on: terminal)
        }
    }

    /// The compare view of two models; models of different pyramids are refused before the terminal opens.
    private func compare(_ a: String, _ b: String) throws {
        func name(_ p: String) -> String { URL(fileURLWithPath: p).lastPathComponent }
        let state = try CompareState(a: try ModelFile.load(a).model, b: try ModelFile.load(b).model, names: (name(a), name(b)), seed: seed)
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw CommandFailure("lapgan-tui needs a terminal (stdin and stdout must be a tty)")
        }
        let forced = color.flatMap(ColorMode.init(argument:))
        try Terminal.run(colorMode: forced, inputTimeoutMs: 100) { terminal in
            CompareApp(state: state, colorMode: terminal.colorMode).run(on: terminal)
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
