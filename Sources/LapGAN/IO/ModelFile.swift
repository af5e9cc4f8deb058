import Foundation

/// The `.lpg` model file: a safetensors container whose `__metadata__` holds `format: lapgan`, the format
/// version and the model description as JSON; tensors are named like `level.1.G.0.weight`.
/// Checkpoints are the same file with extra `opt.*` tensors and a `trainer` metadata entry. Training snapshots
/// hold the generators only (`content: generators`): they sample like the model; their D is left as initialised.
public enum ModelFile {
    public static let format = "lapgan"
    /// The `content` metadata of a file without discriminators (a training snapshot).
    public static let generatorsOnly = "generators"

    /// Extra content of a checkpoint beside the model.
    public struct Extras {
        public var tensors: [(name: String, tensor: Tensor)] = []
        public var metadata: [String: String] = [:]
        public init(tensors: [(name: String, tensor: Tensor)] = [], metadata: [String: String] = [:]) {
            self.tensors = tensors
            self.metadata = metadata
        }
    }

    public static func encodeDescription(_ d: ModelDescription) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(d), as: UTF8.self)
    }

    public static func container(_ model: LapGAN, extras: Extras = Extras(), generatorsOnly: Bool = false) throws -> SafeTensors {
        var meta = extras.metadata
        meta["format"] = format
        meta["format_version"] = String(ModelDescription.formatVersion)
        meta["model"] = try encodeDescription(model.description)
        var tensors = model.namedTensors
        if generatorsOnly {
            meta["content"] = ModelFile.generatorsOnly
            tensors.removeAll { isDiscriminatorTensor($0.name) }
        }
        return SafeTensors(metadata: meta, tensors: tensors + extras.tensors)
    }

    /// "level.K.D.…": a discriminator's parameter.
    static func isDiscriminatorTensor(_ name: String) -> Bool {
        let parts = name.split(separator: ".", maxSplits: 3)
        return parts.count >= 3 && parts[0] == "level" && parts[2] == "D"
    }

    /// Writes the generators (and normalisation) only, atomically: a training snapshot that samples like the model.
    public static func saveGenerators(_ model: LapGAN, to path: String) throws {
        try container(model, generatorsOnly: true).write(to: path)
    }

    /// Writes the model (and checkpoint extras) atomically.
    public static func save(_ model: LapGAN, to path: String, extras: Extras = Extras()) throws {
        try container(model, extras: extras).write(to: path)
    }

    /// Reads and validates a model file; returns the model and any checkpoint extras.
    public static func load(_ path: String) throws -> (model: LapGAN, extras: Extras) {
        try validated(SafeTensors.read(path), path: path)
    }

    /// Decodes and validates a model file's bytes; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws -> (model: LapGAN, extras: Extras) {
        try validated(SafeTensors.decode(data, path: path), path: path)
    }

    private static func validated(_ file: SafeTensors, path: String) throws -> (model: LapGAN, extras: Extras) {
        func fail(_ s: String) -> FileError { FileError(path, s) }
        guard file.metadata["format"] == format else {
            throw fail("not a lapgan model (its metadata has format \(file.metadata["format"].map { "'\($0)'" } ?? "missing"))")
        }
        guard let versionText = file.metadata["format_version"], let version = Int(versionText) else {
            throw fail("the format version is missing")
        }
        guard version <= ModelDescription.formatVersion else {
            throw fail("made by a newer lapgan (format version \(version); this build reads up to \(ModelDescription.formatVersion)): update lapgan")
        }
        guard let json = file.metadata["model"] else { throw fail("the model description is missing from the metadata") }
        let description: ModelDescription
        do { description = try JSONDecoder().decode(ModelDescription.self, from: Data(json.utf8)) } catch {
            throw fail("the model description cannot be read: \(error)")
        }
        // The networks are allocated from the description, not from the file's size: bound them first.
        try MemoryBound.check(description.parameterBytes, for: "the described model's parameters", path: path)
        let model: LapGAN
        do { model = try LapGAN(description, seed: 0) } catch {
            throw fail("\(error)")
        }
        var byName: [String: Tensor] = [:]
        for (name, t) in file.tensors { byName[name] = t }
        let withoutDiscriminators = file.metadata["content"] == ModelFile.generatorsOnly
        for (name, target) in model.namedTensors {
            guard let t = byName.removeValue(forKey: name) else {
                if withoutDiscriminators && isDiscriminatorTensor(name) { continue }
                throw fail("tensor \(name) is missing")
            }
            guard t.shape == target.shape else {
                throw fail("tensor \(name) has shape \(t.shape) but the description needs \(target.shape)")
            }
            target.data.update(from: t.data, count: t.count)
        }
        var extras = Extras()
        for (name, t) in file.tensors where byName[name] != nil {
            guard name.hasPrefix("opt.") else { throw fail("unexpected tensor \(name), not part of the described model") }
            extras.tensors.append((name, t))
        }
        extras.metadata = file.metadata.filter { !["format", "format_version", "model"].contains($0.key) }
        return (model, extras)
    }
}
