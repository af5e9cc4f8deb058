import Foundation

/// The folder of training snapshots beside a model: `MODEL.snapshots/step-000500.lpg`, … (generators only, each a
/// normal `.lpg` that samples like the model at that step) and `index.csv` naming them. `scan` lists the files in
/// step order without reading them; `load` reads one, and a corrupt or half-written file is an error for the
/// caller to skip with a note (`SnapshotEntry.load`).
public struct SnapshotFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The folder that belongs to the model file `modelPath` (the same rule as `MODEL.ckpt`).
    public init(model modelPath: String) { path = modelPath + ".snapshots" }

    public static let indexName = "index.csv"
    public static let indexHeader = "wall_time,step,file,level_steps"

    /// `step-000500.lpg`: six digits (more when the step needs them), so names sort by step.
    public static func fileName(step: Int) -> String { String(format: "step-%06d.lpg", step) }

    /// The step a file name stands for, nil for other names (temporary files, the index).
    public static func step(fileName name: String) -> Int? {
        guard name.hasPrefix("step-"), name.hasSuffix(".lpg") else { return nil }
        let digits = name.dropFirst(5).dropLast(4)
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The snapshot files in step order (names only; nothing is read). An absent folder has none.
    public func scan() -> [SnapshotEntry] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.compactMap { name in
            SnapshotFolder.step(fileName: name).map { SnapshotEntry(step: $0, path: (path as NSString).appendingPathComponent(name)) }
        }.sorted { $0.step < $1.step }
    }

    /// Writes the generators of `model` as the snapshot of `step` (atomically) and appends its line to the index
    /// (and a line for any earlier snapshot file the index lacks). Returns the file's path.
    @discardableResult
    public func write(_ model: LapGAN, step: Int) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let name = SnapshotFolder.fileName(step: step)
        let file = (path as NSString).appendingPathComponent(name)
        try ModelFile.saveGenerators(model, to: file)
        let index = (path as NSString).appendingPathComponent(SnapshotFolder.indexName)
        var text = (try? String(contentsOfFile: index, encoding: .utf8)) ?? ""
        if text.isEmpty { text = SnapshotFolder.indexHeader + "\n" } else if !text.hasSuffix("\n") { text += "\n" }
        // A snapshot whose line is missing (the process was killed between its file and its line) gets one now, with
        // its file's time and its level steps unknown.
        let listed = Set(text.split(separator: "\n").compactMap { $0.split(separator: ",").dropFirst(2).first.map(String.init) })
        for entry in scan() where entry.fileName != name && !listed.contains(entry.fileName) {
            let time = ((try? FileManager.default.attributesOfItem(atPath: entry.path))?[.modificationDate] as? Date) ?? Date()
            text += String(format: "%.3f", time.timeIntervalSince1970) + ",\(entry.step),\(entry.fileName),\n"
        }
        let levels = model.description.counters.enumerated().map { "\($0.offset):\($0.element.steps)" }.joined(separator: " ")
        text += String(format: "%.3f", Date().timeIntervalSince1970) + ",\(step),\(name),\(levels)\n"
        try AtomicFile.write(Data(text.utf8), to: index)
        return file
    }
}

/// One snapshot file of a `SnapshotFolder`: its step (from its name) and path.
public struct SnapshotEntry: Equatable, Sendable {
    public let step: Int
    public let path: String

    public init(step: Int, path: String) {
        self.step = step
        self.path = path
    }

    public var fileName: String { (path as NSString).lastPathComponent }

    /// Reads the snapshot; a corrupt, half-written or foreign file throws a `FileError` naming it.
    public func load() throws -> LapGAN { try ModelFile.load(path).model }

    /// A cheap look without reading the tensors: the header is a lapgan model's and the file is as long as the
    /// header says (a truncated, half-copied or foreign file throws a `FileError` naming it). `load` checks the rest.
    public func checkHeader() throws {
        func fail(_ s: String) -> FileError { FileError(path, s) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot be opened") }
        defer { try? handle.close() }
        let fileSize = (try? handle.seekToEnd()).map(Int.init) ?? 0
        try? handle.seek(toOffset: 0)
        let prefix = (try? handle.read(upToCount: 8)) ?? Data()
        guard prefix.count == 8 else { throw fail("too short to be a model file (\(fileSize) bytes)") }
        let length = prefix.enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard length <= UInt64(fileSize - 8), length <= UInt64(SafeTensors.maximumHeaderBytes) else {
            throw fail("header length \(length) does not fit the file (\(fileSize) bytes): not a model file or cut short")
        }
        let header = (try? handle.read(upToCount: Int(length))) ?? Data()
        guard header.count == Int(length), let object = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw fail("the header is not valid JSON")
        }
        guard (object["__metadata__"] as? [String: Any])?["format"] as? String == ModelFile.format else {
            throw fail("not a lapgan model")
        }
        let offsets = object.values.compactMap { (($0 as? [String: Any])?["data_offsets"] as? [Any])?.last as? NSNumber }
        let dataBytes = fileSize - 8 - Int(length)
        guard offsets.allSatisfy({ $0.doubleValue >= 0 && $0.doubleValue <= Double(fileSize) }) else {
            throw fail("tensor offsets outside the file (\(fileSize) bytes)")
        }
        let end = offsets.map(\.intValue).max() ?? 0
        guard end == dataBytes else {
            throw fail("\(fileSize) bytes where the header needs \(8 + Int(length) + end): cut short or half-written")
        }
    }
}
