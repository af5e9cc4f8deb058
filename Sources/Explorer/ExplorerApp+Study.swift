import Foundation
import LapGAN
import TerminalUI

/// The study view's session: space runs a `StudyApp` on the explorer's screen, with the model, its data set and the
/// CSV of `--csv`; when it ends the explorer comes back, showing that session's chart.
extension ExplorerApp {
    func runStudy(on backend: TerminalBackend) {
        studyRequested = false
        guard let screen = backend as? StudyScreen else {
            state.message = "no study: this screen cannot time the exposures"
            return
        }
        let d = state.model.description
        do {
            let data = try RealImages.load(directory: state.dataDirectory, dataset: d.dataset, model: d.name, size: d.sizes[0], channels: d.channels)
            guard data.count > 0 else { throw FileError(state.dataDirectory ?? d.dataset, "no images") }
            let csv = try StudyCSV(path: studyCSVPath)
            let study = StudyApp(modelName: state.modelName, images: ModelStudyImages(model: state.model, data: data),
                                 imageSize: (d.sizes[0], d.sizes[0]), trials: studyTrials,
                                 seed: UInt64(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds), csv: csv,
                                 clock: studyClock, colorMode: colorMode)
            study.run(on: screen)
            lastStudy = study.results
            state.message = study.csvError.map { "could not append to \(studyCSVPath): \($0)" }
                ?? "study: \(study.results.answered) answers appended to \(studyCSVPath)"
        } catch {
            state.message = "no study: \(error)"
        }
        resize(width: screen.width, height: screen.height)
    }
}
