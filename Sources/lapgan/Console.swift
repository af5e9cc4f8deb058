import Foundation

/// Messages and a progress bar on stderr: a redrawn bar with rate and ETA on a terminal, plain lines otherwise.
final class Console {
    static let isTerminal = isatty(2) != 0

    static func note(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }

    private let total: Int
    private let label: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var lastPlain = Date()
    private var drawn = false
    let plainInterval: TimeInterval

    init(total: Int, label: String, plainInterval: TimeInterval = 30) {
        self.total = max(total, 1)
        self.label = label
        self.plainInterval = plainInterval
    }

    static func duration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "--:--" }
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%02d:%02d", t / 60, t % 60)
    }

    /// Updates the bar: `done` of `total` units, with a free text suffix (e.g. losses).
    func update(_ done: Int, unit: String = "it", suffix: String = "", force: Bool = false) {
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        let rate = Double(done) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(total - done) / rate : .infinity
        let fraction = min(1, Double(done) / Double(total))
        if Console.isTerminal {
            guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let width = 24, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "%@ %@ %3.0f%% %d/%d %.2f %@/s ETA %@ %@", label, bar, fraction * 100, done, total, rate, unit,
                              Console.duration(eta), suffix)
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            drawn = true
        } else if force || now.timeIntervalSince(lastPlain) >= plainInterval {
            lastPlain = now
            Console.note(String(format: "%@ %d/%d (%.0f%%) %.2f %@/s elapsed %@ ETA %@ %@", label, done, total, fraction * 100, rate, unit,
                                Console.duration(elapsed), Console.duration(eta), suffix))
        }
    }

    /// Updates the bar as a clock: `elapsed` of `total` seconds, with the time left.
    func updateClock(elapsed: Double, suffix: String = "", force: Bool = false) {
        let now = Date()
        let fraction = min(1, elapsed / Double(total))
        let left = Console.duration(max(0, Double(total) - elapsed))
        if Console.isTerminal {
            guard force || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            let width = 24, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "%@ %@ %3.0f%% %@ left %@", label, bar, fraction * 100, left, suffix)
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            drawn = true
        } else if force || now.timeIntervalSince(lastPlain) >= plainInterval {
            lastPlain = now
            Console.note(String(format: "%@ %.0f%% elapsed %@ left %@ %@", label, fraction * 100, Console.duration(elapsed), left, suffix))
        }
    }

    /// Ends the bar's line.
    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
