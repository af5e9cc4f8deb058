import CommandSupport
import Explorer
import Foundation
import LapGAN
import TerminalUI

/// `lapgan-tui MODEL --study`: checks everything the study needs before the terminal is taken — the data set's
/// real images and a CSV that can be appended to — then runs it and prints where the answers went and how exact
/// the exposures were.
enum StudyLauncher {
    static func run(model: LapGAN, name: String, data: String?, trials: Int, csvPath: String?, color: ColorMode?) throws {
        let d = model.description
        let realData: Dataset
        do {
            realData = try RealImages.load(directory: data, dataset: d.dataset, model: d.name, size: d.sizes[0], channels: d.channels)
        } catch {
            throw CommandFailure("--study needs the real images of the model's data set: \(error)")
        }
        guard realData.count > 0 else { throw CommandFailure("--study: the data set \(data ?? d.dataset) has no images") }
        let path = csvPath ?? StudyCSV.defaultPath
        do { try StudyCSV.check(path) } catch { throw CommandFailure("--study cannot record the answers: \(error)") }
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw CommandFailure("lapgan-tui needs a terminal (stdin and stdout must be a tty)")
        }
        let csv: StudyCSV
        do { csv = try StudyCSV(path: path) } catch { throw CommandFailure("--study cannot record the answers: \(error)") }
        let images = ModelStudyImages(model: model, data: realData)
        let seed = UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds) ^ UInt64(getpid())
        let app = try Terminal.run(colorMode: color, inputTimeoutMs: 250) { terminal -> StudyApp in
            let app = StudyApp(modelName: name, images: images, imageSize: (d.sizes[0], d.sizes[0]), trials: trials, seed: seed,
                               csv: csv, colorMode: terminal.colorMode)
            app.realDescription = d.dataset.hasPrefix("fashion-mnist") ? "Fashion-MNIST test images" : "images of the data set (\(realData.name))"
            app.run(on: terminal)
            return app
        }
        print(summary(app, path: path))
        if let why = app.csvError { throw CommandFailure("could not append to \(path): \(why)") }
    }

    /// What the person is told on leaving: the tally, where the answers are, and the exposures' accuracy.
    static func summary(_ app: StudyApp, path: String) -> String {
        let r = app.results
        var lines = ["study: \(r.tally)", "answers appended to \(path) (\(r.answered) rows)"]
        let errors = r.trials.compactMap { t in t.exposureMs.map { abs($0 - Double(t.durationMs)) } }.sorted()
        if let worst = errors.last {
            lines.append(String(format: "exposure: measured − asked, median |error| %.2f ms, worst %.2f ms (frame written → blank written)",
                                errors[errors.count / 2], worst))
        }
        return lines.joined(separator: "\n")
    }
}
