import Foundation
import TerminalUI

/// The human study (the paper's Fig. 6) run on the person at the keyboard: for each trial a fixation mark, then a
/// real or a generated image for the trial's duration, then a blank and the question "real or generated?" (y/n);
/// at the end, or on q, the chart of "% judged real" against the exposure. Each answer is appended to the CSV as
/// it is given.
///
/// The exposure is timed on `clock`, not on the input poll: the image frame is written, the time taken once the
/// write has returned; the wait for keys ends at the deadline less the time the blanking frame is expected to take
/// to write (the last 2 ms are slept, not polled), then the blank is written and the time taken again. The
/// difference is the trial's measured exposure. A key or a resize during the exposure discards the trial, and the
/// screen says so.
public final class StudyApp {
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

    private let images: StudyImageSource
    private let imageSize: (width: Int, height: Int)
    private let csv: StudyCSV?
    private let clock: StudyClock
    /// The poll for keys gives way to a sleep this close to the deadline.
    static let sleepWindowNanoseconds: Int64 = 2_000_000

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

    /// The screen for the current phase.
    public func render(into grid: inout CellGrid) {
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

    private func show(_ phase: StudyView.Phase, on screen: StudyScreen) {
        self.phase = phase
        screen.present(frame(phase))
    }

    private func resize(_ screen: StudyScreen) {
        width = screen.width
        height = screen.height
    }

    // MARK: the session

    /// Runs the whole session on `screen`: instructions, the trials, the chart; returns when the person quits.
    public func run(on screen: StudyScreen) {
        resize(screen)
        show(.intro, on: screen)
        if waitForGoAhead(on: screen) {
            while current < trials.count, runTrial(on: screen) { current += 1 }
        }
        if message == nil, let csv { message = "answers appended to \(csv.path)" }
        if let csvError { message = "could not append to the CSV: \(csvError)" }
        show(.results, on: screen)
        while true {
            guard let key = screen.nextKey(waitingAtMost: 250) else { continue }
            if key == .resize || key == .ctrl("l") {
                resize(screen)
                show(.results, on: screen)
            } else if key.isQuit || key == .escape || key == .enter {
                return
            }
        }
    }

    /// Waits for space or enter (true) or q (false), redrawing after a resize.
    private func waitForGoAhead(on screen: StudyScreen) -> Bool {
        while true {
            guard let key = screen.nextKey(waitingAtMost: 250) else { continue }
            switch key {
            case .char(" "), .enter: return true
            case .resize, .ctrl("l"):
                resize(screen)
                show(phase, on: screen)
            default: if key.isQuit { return false }
            }
        }
    }

    /// One trial; false when the person quit.
    private func runTrial(on screen: StudyScreen) -> Bool {
        var trial = trials[current]
        let picture: PixelImage
        do { picture = try images.picture(for: trial) } catch {
            message = "error: \(error)"
            return false
        }
        // The fixation mark; the image and the blank are drawn meanwhile, so showing each is only a write.
        show(.fixation, on: screen)
        var imageFrame = frame(.image(picture)), blankFrame = frame(.blank)
        let fixationEnd = clock.nowNanoseconds + UInt64(fixationMs) * 1_000_000
        while clock.nowNanoseconds < fixationEnd {
            guard let key = screen.nextKey(waitingAtMost: Int((fixationEnd - min(fixationEnd, clock.nowNanoseconds)) / 1_000_000)) else { continue }
            if key.isQuit { return false }
            if key == .resize || key == .ctrl("l") {
                resize(screen)
                show(.fixation, on: screen)
                imageFrame = frame(.image(picture))
                blankFrame = frame(.blank)
            }
        }

        // The exposure.
        phase = .image(picture)
        let beforeImage = clock.nowNanoseconds
        screen.present(imageFrame)
        let shownAt = clock.nowNanoseconds
        let deadline = shownAt &+ UInt64(trial.durationMs) * 1_000_000
        let interruption = waitUntil(deadline: deadline, on: screen)
        phase = .blank
        let beforeBlank = clock.nowNanoseconds
        screen.present(blankFrame)
        let blankedAt = clock.nowNanoseconds
        let blankWrite = Int64(blankedAt &- beforeBlank)
        blankLeadNanoseconds = blankLeadNanoseconds == 0 ? blankWrite : (blankLeadNanoseconds * 3 + blankWrite) / 4

        if let key = interruption {
            results.recordDiscard()
            if key.isQuit { return false }
            let why: String
            if key == .resize {
                resize(screen)
                why = "the terminal was resized while the image was shown"
            } else {
                why = "a key was pressed while the image was shown"
            }
            show(.discarded(why), on: screen)
            while true {
                guard let key = screen.nextKey(waitingAtMost: 250) else { continue }
                if key.isQuit { return false }
                if key == .char(" ") || key == .enter { return true }
                if key == .resize || key == .ctrl("l") {
                    resize(screen)
                    show(.discarded(why), on: screen)
                }
            }
        }
        trial.imageWriteMs = Double(shownAt &- beforeImage) / 1e6
        trial.exposureMs = Double(blankedAt &- shownAt) / 1e6

        // The answer.
        show(.question, on: screen)
        while trial.answer == nil {
            guard let key = screen.nextKey(waitingAtMost: 250) else { continue }
            switch key {
            case .char("y"), .char("Y"): trial.answer = .real
            case .char("n"), .char("N"): trial.answer = .generated
            case .resize, .ctrl("l"):
                resize(screen)
                show(.question, on: screen)
            default: if key.isQuit { return false }
            }
        }
        trial.answeredAt = Date()
        trials[current] = trial
        results.record(trial)
        if let csv, let why = csv.append(trial, model: modelName) { csvError = why }
        return true
    }

    /// Waits until `deadline` less the blank's expected write time: polls for keys with a timeout while more than
    /// 2 ms are left, then sleeps the rest. Returns the key (or `.resize`) that came first, if one did.
    private func waitUntil(deadline: UInt64, on screen: StudyScreen) -> Key? {
        let end = deadline &- UInt64(max(0, min(blankLeadNanoseconds, 50_000_000)))
        while true {
            let now = clock.nowNanoseconds
            guard now < end else { return nil }
            let left = Int64(end - now)
            if left > StudyApp.sleepWindowNanoseconds {
                if let key = screen.nextKey(waitingAtMost: Int((left - StudyApp.sleepWindowNanoseconds) / 1_000_000)) { return key }
            } else {
                clock.sleep(nanoseconds: left)
            }
        }
    }
}
