import Foundation
import LapGAN
import TerminalUI

/// The study view's session: space starts a `StudyApp` on the explorer's screen, with the model, its data set and
/// the CSV of `--csv`; the explorer hands it the screen, keys and ticks until it ends, then comes back showing that
/// session's chart.
extension ExplorerApp {
    func beginStudy() {
        studyRequested = false
        guard screenTimesKeyWaits else {
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
            study.start(timedKeyWaits: true)
            study.resize(width: width, height: height)
            studySession = study
        } catch {
            state.message = "no study: \(error)"
        }
    }

    /// What the explorer answers for the session: when it quits, the explorer's screen again.
    func studyUpdate(_ update: AppUpdate) -> AppUpdate {
        guard update == .quit, let study = studySession else { return update }
        studySession = nil
        lastStudy = study.results
        state.message = study.csvError.map { "could not append to \(studyCSVPath): \($0)" }
            ?? "study: \(study.results.answered) answers appended to \(studyCSVPath)"
        resize(width: width, height: height)
        return .redraw
    }
}
