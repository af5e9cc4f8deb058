import Foundation
import TerminalUI

/// The human study (the paper's Fig. 6) run on the person at the keyboard: for each trial a fixation mark, then a
/// real or a generated image for the trial's duration, then a blank and the question "real or generated?" (y/n);
/// at the end, or on q, the chart of "% judged real" against the exposure. Each answer is appended to the CSV as
/// it is given. An `App`: `AppRunner` drives it, alone (`lapgan-tui --study`) or inside the explorer.
///
/// The exposure is timed on `clock`, not on the input poll: the image frame is written, the time taken once the
/// write has returned; the wait for keys ends at the deadline less the time the blanking frame is expected to take
/// to write (the last 2 ms are slept, not polled: `keyWait` asks for no key then and `tick` sleeps), then the blank
/// is written and the time taken again. The difference is the trial's measured exposure. A key or a resize during
/// the exposure discards the trial, and the screen says so. Timed key waits need a `TimedInputBackend`.
public final class StudyApp: App {
    public let modelName: String
    public private(set) var trials: [StudyTrial]
    public private(set) var results = StudyResults()
    public var colorMode: ColorMode
    /// How long the fixation mark is shown before each image (ms).
    public var fixationMs = 600
    /// What the real images are, for the instructions.
    public var realDescription = "real images from the model's data set"
    /// Shown under the question and the chart (where the answers go, a CSV error).
    public var message: String?

    private(set) var phase: StudyView.Phase = .intro
    /// The trial being run (0-based).
    public private(set) var current = 0
    public private(set) var width = 80, height = 24
    /// Why appending to the CSV failed, if it did.
    public private(set) var csvError: String?
    /// The expected time to write the blanking frame (ns), from the last blanks: the wait ends this much early.
    public private(set) var blankLeadNanoseconds: Int64 = 0
    /// The trial on screen, from its fixation mark to its answer.
    private var exposure: StudyExposure?

    private let images: StudyImageSource
    private let imageSize: (width: Int, height: Int)
    private let csv: StudyCSV?
    private let clock: StudyClock
    /// The poll for keys gives way to a sleep this close to the deadline.
    static let sleepWindowNanoseconds: Int64 = 2_000_000
    /// The key wait while the screen waits for the person (ms).
    static let answerWaitMs = 250

    public init(modelName: String, images: StudyImageSource, imageSize: (width: Int, height: Int), trials count: Int, seed: UInt64,
                csv: StudyCSV?, clock: StudyClock = MonotonicClock(), colorMode: ColorMode) {
        self.modelName = modelName
        self.images = images
        self.imageSize = imageSize
        self.csv = csv
        self.clock = clock
        self.colorMode = colorMode
        trials = StudyPlan.make(count: count, seed: seed, realCount: images.realCount, classes: images.classes)
    }

    // MARK: drawing

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The screen for the current phase (the image and the blank as drawn ahead).
    public func render(into grid: inout CellGrid) {
        switch phase {
        case .image: if let frame = exposure?.imageFrame { grid = frame; return }
        case .blank: if let frame = exposure?.blankFrame { grid = frame; return }
        default: break
        }
        grid.clear()
        view(phase).render(into: &grid, in: grid.bounds)
    }

    func view(_ phase: StudyView.Phase) -> StudyView {
        StudyView(phase: phase, modelName: modelName, trial: current, trialCount: trials.count, results: results,
                  imageSize: imageSize, mode: colorMode, message: message, realDescription: realDescription)
    }

    private func frame(_ phase: StudyView.Phase) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        view(phase).render(into: &grid, in: grid.bounds)
        return grid
    }

    /// Writes a frame; the image's and the blank's writes are timed, and the fixation mark's is followed by drawing
    /// the trial's image and blank ahead.
    public func present(_ grid: CellGrid, on backend: TerminalBackend) {
        switch phase {
        case .fixation:
            backend.present(grid)
            guard var e = exposure else { return }
            e.imageFrame = frame(.image(e.picture))
            e.blankFrame = frame(.blank)
            if e.fixationEnd == nil { e.fixationEnd = clock.nowNanoseconds + UInt64(fixationMs) * 1_000_000 }
            exposure = e
        case .image:
            let before = clock.nowNanoseconds
            backend.present(grid)
            let shownAt = clock.nowNanoseconds
            let deadline = shownAt &+ UInt64(exposure?.trial.durationMs ?? 0) * 1_000_000
            exposure?.beforeImage = before
            exposure?.shownAt = shownAt
            exposure?.waitEnd = deadline &- UInt64(max(0, min(blankLeadNanoseconds, 50_000_000)))
        case .blank:
            let before = clock.nowNanoseconds
            backend.present(grid)
            let blankedAt = clock.nowNanoseconds
            exposure?.blankedAt = blankedAt
            let blankWrite = Int64(blankedAt &- before)
            blankLeadNanoseconds = blankLeadNanoseconds == 0 ? blankWrite : (blankLeadNanoseconds * 3 + blankWrite) / 4
        default:
            backend.present(grid)
        }
    }

    // MARK: time

    /// The fixation mark waits for its end; the image waits for keys until 2 ms before the wait's end, then sleeps;
    /// the blank moves on at once; the other screens wait for the person.
    public var keyWait: KeyWait {
        guard exposure != nil else { return .atMost(milliseconds: StudyApp.answerWaitMs) }
        let now = clock.nowNanoseconds
        switch phase {
        case .fixation:
            guard let end = exposure?.fixationEnd, now < end else { return .tickNow }
            return .atMost(milliseconds: Int((end - now) / 1_000_000))
        case .image:
            guard let end = exposure?.waitEnd, now < end else { return .tickNow }
            let left = Int64(end - now)
            guard left > StudyApp.sleepWindowNanoseconds else { return .tickNow }
            return .atMost(milliseconds: Int((left - StudyApp.sleepWindowNanoseconds) / 1_000_000))
        case .blank:
            return .tickNow
        default:
            return .atMost(milliseconds: StudyApp.answerWaitMs)
        }
    }

    /// Ends the fixation and the exposure on the clock, and follows the blank with the question (or the discard).
    public func tick() -> AppUpdate {
        guard let e = exposure else { return .unchanged }
        switch phase {
        case .fixation:
            guard let end = e.fixationEnd, clock.nowNanoseconds >= end else { return .unchanged }
            phase = .image(e.picture)
            return .redraw
        case .image:
            let now = clock.nowNanoseconds
            if now < e.waitEnd {
                let left = Int64(e.waitEnd - now)
                guard left <= StudyApp.sleepWindowNanoseconds else { return .unchanged }
                clock.sleep(nanoseconds: left)
                guard clock.nowNanoseconds >= e.waitEnd else { return .unchanged }
            }
            phase = .blank
            return .redraw
        case .blank:
            return afterBlank(e)
        default:
            return .unchanged
        }
    }

    // MARK: keys

    public func handle(_ key: Key) -> AppUpdate {
        let redraws = key == .resize || key == .ctrl("l")
        switch phase {
        case .intro:
            if key == .char(" ") || key == .enter { return beginTrial() }
            if redraws { return .redraw }
            return key.isQuit ? finish() : .unchanged
        case .fixation:
            if key.isQuit { return finish() }
            return redraws ? .redraw : .unchanged
        case .image:
            exposure?.interruption = key
            phase = .blank
            return .redraw
        case .blank:
            return .unchanged
        case .discarded:
            if key.isQuit { return finish() }
            if key == .char(" ") || key == .enter {
                current += 1
                return beginTrial()
            }
            return redraws ? .redraw : .unchanged
        case .question:
            switch key {
            case .char("y"), .char("Y"): return answer(.real)
            case .char("n"), .char("N"): return answer(.generated)
            default: return key.isQuit ? finish() : (redraws ? .redraw : .unchanged)
            }
        case .results:
            if redraws { return .redraw }
            return key.isQuit || key == .escape || key == .enter ? .quit : .unchanged
        }
    }

    // MARK: the session

    /// The fixation mark of the current trial, or the results when there are no more.
    private func beginTrial() -> AppUpdate {
        guard current < trials.count else { return finish() }
        let trial = trials[current]
        do {
            exposure = StudyExposure(trial: trial, picture: try images.picture(for: trial))
        } catch {
            message = "error: \(error)"
            return finish()
        }
        phase = .fixation
        return .redraw
    }

    /// After the blank: the trial is discarded (a key or a resize came during the exposure) or its times recorded
    /// and the question asked.
    private func afterBlank(_ e: StudyExposure) -> AppUpdate {
        if let key = e.interruption {
            results.recordDiscard()
            if key.isQuit { return finish() }
            phase = .discarded(key == .resize ? "the terminal was resized while the image was shown"
                                              : "a key was pressed while the image was shown")
            return .redraw
        }
        exposure?.trial.imageWriteMs = Double(e.shownAt &- e.beforeImage) / 1e6
        exposure?.trial.exposureMs = Double(e.blankedAt &- e.shownAt) / 1e6
        phase = .question
        return .redraw
    }

    /// Records the answer, appends it to the CSV and goes on to the next trial.
    private func answer(_ truth: StudyTrial.Truth) -> AppUpdate {
        guard var trial = exposure?.trial else { return finish() }
        trial.answer = truth
        trial.answeredAt = Date()
        trials[current] = trial
        results.record(trial)
        if let csv, let why = csv.append(trial, model: modelName) { csvError = why }
        current += 1
        return beginTrial()
    }

    /// The chart of the answers so far, with where they went.
    private func finish() -> AppUpdate {
        exposure = nil
        if message == nil, let csv { message = "answers appended to \(csv.path)" }
        if let csvError { message = "could not append to the CSV: \(csvError)" }
        phase = .results
        return .redraw
    }
}
