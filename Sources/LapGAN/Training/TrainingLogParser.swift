#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line-by-line CSV state: the column map and the series built so far.
struct TrainingLogParser {
    static let lossIndices = Set(TrainingLogColumn.losses.map(\.index))
    var headerSeen = false
    var headerEnd = 0
    /// For each `TrainingLogColumn` (by index), its field number in the file; -1 when absent.
    var fieldOfColumn = [Int](repeating: -1, count: TrainingLogColumn.allCases.count)
    var levels: [LevelSeries] = []
    var levelIndex: [Int: Int] = [:]
    var rows = 0
    var malformed = 0
    var error: String?
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []

    /// Parses complete lines; returns the number of bytes consumed (up to the last newline).
    mutating func consume(_ buf: UnsafeBufferPointer<UInt8>) -> Int {
        var lineStart = 0
        var i = 0
        let n = buf.count
        while i < n {
            if buf[i] == 0x0A {
                if error == nil { line(buf, lineStart, i) }
                lineStart = i + 1
            }
            i += 1
        }
        return lineStart
    }

    private mutating func split(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        var s = start
        var i = start
        while i < end {
            if buf[i] == 0x2C {
                fieldStarts.append(s); fieldEnds.append(i)
                s = i + 1
            }
            i += 1
        }
        fieldStarts.append(s); fieldEnds.append(end)
        // Trim spaces and double quotes around each field.
        for k in 0..<fieldStarts.count {
            var a = fieldStarts[k], b = fieldEnds[k]
            while a < b, buf[a] == 0x20 || buf[a] == 0x22 || buf[a] == 0x09 { a += 1 }
            while b > a, buf[b - 1] == 0x20 || buf[b - 1] == 0x22 || buf[b - 1] == 0x09 { b -= 1 }
            fieldStarts[k] = a; fieldEnds[k] = b
        }
    }

    private mutating func line(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ rawEnd: Int) {
        var end = rawEnd
        if end > start, buf[end - 1] == 0x0D { end -= 1 }
        var blank = true
        for k in start..<end where buf[k] != 0x20 && buf[k] != 0x09 { blank = false; break }
        if blank { return }
        split(buf, start, end)
        if !headerSeen || looksLikeHeader(buf) {
            let first = !headerSeen
            header(buf)
            if first && headerSeen { headerEnd = rawEnd + 1 }
            return
        }
        row(buf)
    }

    private func name(_ buf: UnsafeBufferPointer<UInt8>, _ k: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[fieldStarts[k]..<fieldEnds[k]]), as: UTF8.self).lowercased()
    }

    /// A line whose fields include the name "step" (a header repeated after a resume).
    private func looksLikeHeader(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = fieldStarts.first, first < buf.count else { return false }
        let c = buf[first]
        let isLetter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
        guard isLetter else { return false }
        for k in 0..<fieldStarts.count where name(buf, k) == "step" { return true }
        return false
    }

    private mutating func header(_ buf: UnsafeBufferPointer<UInt8>) {
        var names: [String] = []
        for k in 0..<fieldStarts.count { names.append(name(buf, k)) }
        let missing = TrainingLogColumn.required.map(\.rawValue).filter { !names.contains($0) }
        if !missing.isEmpty {
            let found = names.joined(separator: ",")
            let shown = found.count > 120 ? String(found.prefix(119)) + "…" : found
            error = "missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) (header: \(shown))"
            return
        }
        for (i, column) in TrainingLogColumn.allCases.enumerated() { fieldOfColumn[i] = names.firstIndex(of: column.rawValue) ?? -1 }
        headerSeen = true
    }

    private mutating func row(_ buf: UnsafeBufferPointer<UInt8>) {
        let count = fieldStarts.count
        let levelField = fieldOfColumn[TrainingLogColumn.level.index], stepField = fieldOfColumn[TrainingLogColumn.step.index]
        guard levelField < count, stepField < count,
              let level = number(buf, levelField), let step = number(buf, stepField),
              level.isFinite, step.isFinite, level >= 0, level < 1000, level == level.rounded(.down) else {
            malformed += 1
            return
        }
        var values = [Double](repeating: .nan, count: fieldOfColumn.count)
        var hasLoss = false
        for (i, field) in fieldOfColumn.enumerated() where field >= 0 && field < count {
            if fieldStarts[field] == fieldEnds[field] { continue }  // empty: NaN
            guard let v = number(buf, field) else {
                malformed += 1
                return
            }
            values[i] = v
            if TrainingLogParser.lossIndices.contains(i) { hasLoss = true }
        }
        guard hasLoss else { return }  // e.g. an eval row with only its metric columns
        let li = Int(level)
        let idx: Int
        if let e = levelIndex[li] {
            idx = e
        } else {
            idx = levels.count
            levelIndex[li] = idx
            levels.append(LevelSeries(level: li))
        }
        levels[idx].append(values)
        rows += 1
    }

    /// The field as a Double (decimal, exponent, nan, inf), nil when it is not a number.
    private func number(_ buf: UnsafeBufferPointer<UInt8>, _ k: Int) -> Double? {
        let a = fieldStarts[k], b = fieldEnds[k]
        let len = b - a
        guard len > 0, len < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { tmp -> Double? in
            for j in 0..<len { tmp[j] = CChar(bitPattern: buf[a + j]) }
            tmp[len] = 0
            guard let base = tmp.baseAddress else { return nil }
            var endPtr: UnsafeMutablePointer<CChar>?
            let v = strtod(base, &endPtr)
            guard let e = endPtr, e - base == len else { return nil }
            return v
        }
    }
}
