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

    /// Writes the generators of `model` as the snapshot of `step` (atomically) and appends its line to the index.
    /// Returns the file's path.
    @discardableResult
    public func write(_ model: LapGAN, step: Int) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let name = SnapshotFolder.fileName(step: step)
        let file = (path as NSString).appendingPathComponent(name)
        try ModelFile.saveGenerators(model, to: file)
        let index = (path as NSString).appendingPathComponent(SnapshotFolder.indexName)
        var text = (try? String(contentsOfFile: index, encoding: .utf8)) ?? ""
        if text.isEmpty { text = SnapshotFolder.indexHeader + "\n" } else if !text.hasSuffix("\n") { text += "\n" }
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
}
