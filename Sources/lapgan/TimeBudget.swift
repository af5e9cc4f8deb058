import ArgumentParser
import Foundation

/// A wall-clock duration on the command line: `90s`, `10m`, `2h`, `1h30m`, `1.5h` or plain seconds (`90`).
struct TimeBudget: ExpressibleByArgument, Equatable, CustomStringConvertible {
    let seconds: Double

    init(seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        if let plain = Double(text) {
            guard plain > 0, plain <= 366 * 86400 else { return nil }
            seconds = plain
            return
        }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var total = 0.0, number = ""
        for c in text {
            if c.isNumber || c == "." {
                number.append(c)
            } else if let unit = units[c], let value = Double(number), value >= 0 {
                total += value * unit
                number = ""
            } else {
                return nil
            }
        }
        guard number.isEmpty, total > 0, total.isFinite, total <= 366 * 86400 else { return nil }
        seconds = total
    }

    static var defaultCompletionKind: CompletionKind { .default }

    var description: String {
        let t = Int(seconds.rounded())
        if t % 3600 == 0 { return "\(t / 3600)h" }
        if t >= 3600 { return "\(t / 3600)h\(t / 60 % 60)m" }
        if t % 60 == 0 { return "\(t / 60)m" }
        return "\(t)s"
    }
}
