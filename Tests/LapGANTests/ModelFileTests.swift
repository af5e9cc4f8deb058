import XCTest
@testable import LapGAN
import TestSupport

final class ModelFileTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("modelfile") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func testRoundTripKeepsEveryTensorAndTheDescription() throws {
        let model = try LapGAN(tinyDescription(classes: 3), seed: 7)
        let path = dir + "/m.lpg"
        try ModelFile.save(model, to: path)
        let (loaded, extras) = try ModelFile.load(path)
        XCTAssertEqual(loaded.description, model.description)
        XCTAssertTrue(extras.tensors.isEmpty)
        for ((n1, t1), (n2, t2)) in zip(model.namedTensors, loaded.namedTensors) {
            XCTAssertEqual(n1, n2)
            XCTAssertTrue(t1.bitwiseEqual(t2), n1)
        }
        XCTAssertTrue(model.namedTensors.contains { $0.name == "level.0.G.0.weight" })
        XCTAssertTrue(model.namedTensors.contains { $0.name == "level.0.D.class.weight" })
        // No temporary file is left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["m.lpg"])
    }

    func testWritingOverADirectoryOrAFIFOIsRefusedAndLeavesItAlone() throws {
        let fifo = dir + "/pipe"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for target in [fifo, dir] {
            XCTAssertThrowsError(try AtomicFile.write(Data("x".utf8), to: target)) {
                XCTAssertTrue("\($0)".contains("not a regular file"), "\($0)")
            }
        }
        var info = stat()
        XCTAssertEqual(stat(fifo, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["pipe"])
    }

    func testPresetsBuild() throws {
        for preset in Preset.allCases {
            let d = try preset.description()
            XCTAssertNoThrow(try LapGAN(d), preset.rawValue)
        }
        var o = Preset.Options()
        for mode in NoiseSpec.Mode.allCases {
            o.noise = mode
            XCTAssertNoThrow(try LapGAN(try Preset.fashion.description(o)), mode.rawValue)
        }
    }

    // MARK: bad files

    func write(_ bytes: Data) throws -> String {
        let path = dir + "/bad.lpg"
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    func header(_ json: String, data: Data = Data()) -> Data {
        var d = Data()
        var n = UInt64(json.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { d.append(contentsOf: $0) }
        d.append(Data(json.utf8))
        d.append(data)
        return d
    }

    func assertFileError(_ path: String, contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ModelFile.load(path), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains(path), "message does not name the file: \(message)", file: file, line: line)
            XCTAssertTrue(message.contains(text), "expected '\(text)' in: \(message)", file: file, line: line)
        }
    }

    func testHugeHeaderLengthIsRejected() throws {
        var d = Data([0, 0, 0, 0, 0, 0, 0, 0x80])
        d.append(Data(repeating: 0x20, count: 64))
        assertFileError(try write(d), contains: "header length")
    }

    func testOffsetsPastTheEndAreRejected() throws {
        let json = #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
        assertFileError(try write(header(json, data: Data(count: 8))), contains: "outside")
    }

    func testOverlappingTensorsAreRejected() throws {
        let json = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        assertFileError(try write(header(json, data: Data(count: 12))), contains: "overlap")
    }

    func testWrongDtypeShapeMismatchAndNaN() throws {
        assertFileError(try write(header(#"{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: Data(count: 4))), contains: "F16")
        assertFileError(try write(header(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: Data(count: 8))), contains: "needs 12 bytes")
        var nan = Float.nan
        let bytes = withUnsafeBytes(of: &nan) { Data($0) }
        assertFileError(try write(header(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: bytes)), contains: "NaN")
    }

    func testNotJSONTruncatedAndNotAModel() throws {
        assertFileError(try write(header("{not json}")), contains: "JSON")
        assertFileError(try write(Data([1, 2, 3])), contains: "too short")
        let model = try LapGAN(tinyDescription())
        let good = try ModelFile.container(model).encoded()
        assertFileError(try write(good.prefix(good.count - 10)), contains: "outside")
        assertFileError(try write(header(#"{"__metadata__":{"format":"pt"}}"#)), contains: "not a lapgan model")
        assertFileError(dir + "/missing.lpg", contains: "no such file")
    }

    func testNewerFormatVersionIsRejected() throws {
        let model = try LapGAN(tinyDescription())
        var c = try ModelFile.container(model)
        c.metadata["format_version"] = "99"
        let path = dir + "/new.lpg"
        try c.write(to: path)
        assertFileError(path, contains: "newer lapgan")
    }

    func testShapeAgainstDescriptionAndMissingTensors() throws {
        let model = try LapGAN(tinyDescription())
        var c = try ModelFile.container(model)
        let i = try XCTUnwrap(c.tensors.firstIndex { $0.name == "level.0.G.0.weight" })
        c.tensors[i].tensor = Tensor(zeros: [1, 2, 3])
        let path = dir + "/shape.lpg"
        try c.write(to: path)
        assertFileError(path, contains: "level.0.G.0.weight has shape [1, 2, 3]")
        c.tensors.remove(at: i)
        try c.write(to: path)
        assertFileError(path, contains: "level.0.G.0.weight is missing")
        c.tensors.append(("surprise", Tensor(zeros: [1])))
        c.tensors.append(("level.0.G.0.weight", model.generators[0].body.parameters[0].value))
        try c.write(to: path)
        assertFileError(path, contains: "unexpected tensor surprise")
    }

    func testAbsurdLayerSettingsAreRejectedBeforeAllocating() throws {
        var up = tinyDescription()
        var layer = LayerSpec.upsample(2)
        layer.value = 1e30
        up.levels[0].generator.layers.insert(layer, at: 0)
        var reshape = tinyDescription()
        reshape.levels[1].generator.layers[reshape.levels[1].generator.layers.count - 1] = .reshape([1 << 40, 1 << 40])
        var size = tinyDescription()
        size.sizes[0] = 100_000
        size.levels[0].size = 100_000
        var kernel = tinyDescription()
        kernel.levels[0].discriminator.layers[0] = .conv(1, 4, kernel: 65536)
        var counters = tinyDescription()
        counters.counters[0].seconds = -1e300
        for d in [up, reshape, size, kernel, counters] {
            XCTAssertThrowsError(try LapGAN(d)) { XCTAssertTrue("\($0)".contains("invalid model description"), "\($0)") }
        }
    }

    func testInconsistentDescriptionIsRejected() throws {
        var d = tinyDescription()
        d.levels[0].generator.layers[0] = .conv(5, 4, kernel: 3)  // wrong input planes
        XCTAssertThrowsError(try LapGAN(d)) { XCTAssertTrue("\($0)".contains("level 0")) }
        var e = tinyDescription()
        e.sizes = [8, 2]
        XCTAssertThrowsError(try LapGAN(e))
    }

    /// Python's safetensors and lapgan agree on the file, both ways, without Python at test time: a committed
    /// fixture (Fixtures/safetensors, made once by make_fixture.py with Python's safetensors and numpy) holds what
    /// Python read from a file lapgan wrote (python-read.json: each tensor's shape, sum, first and last value) and
    /// the same tensors written by Python's writer (python-written.lpg). lapgan reads Python's file to those values,
    /// and lapgan's writer, given those tensors, writes what Python's writer wrote: the same metadata, tensor
    /// table (dtype, shape, byte length) and bytes per tensor, in a header Python's reader accepts (the rules its
    /// loader checks). Where Python's safetensors happens to be installed, Python also opens today's output.
    func testPythonSafetensorsInterop() throws {
        if let source = ProcessInfo.processInfo.environment["LAPGAN_SAFETENSORS_SOURCE"] {
            try ModelFile.save(try LapGAN(tinyDescription(), seed: 3), to: source)  // make_fixture.py's input
            return
        }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/safetensors")
        let pythonFile = fixtures.appendingPathComponent("python-written.lpg").path
        let read = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("python-read.json"))) as? [String: Any]
        let expected = try XCTUnwrap(read?["tensors"] as? [String: [String: Any]])

        // lapgan reads the file Python wrote, to the values Python read from lapgan's file.
        let model = try ModelFile.load(pythonFile).model
        XCTAssertEqual(model.description.sizes, read?["sizes"] as? [Int])
        XCTAssertEqual(Set(model.namedTensors.map(\.name)), Set(expected.keys))
        for (name, tensor) in model.namedTensors {
            let e = try XCTUnwrap(expected[name], name)
            let values = tensor.array
            XCTAssertEqual(tensor.shape, e["shape"] as? [Int], name)
            // The JSON holds each float32 exactly as a double; Foundation's parser can be off in the last digit of
            // the double, never by half a float32 step, so the comparison is in float32, exact.
            XCTAssertEqual(values.first, (e["first"] as? Double).map { Float($0) }, name)
            XCTAssertEqual(values.last, (e["last"] as? Double).map { Float($0) }, name)
            let sum = try XCTUnwrap(e["sum"] as? Double, name)
            XCTAssertEqual(tensor.sum(), sum, accuracy: 1e-9 * max(1, abs(sum)), name)
        }

        // lapgan's writer, given those tensors, writes what Python's writer wrote.
        let ours = dir + "/ours.lpg"
        try ModelFile.save(model, to: ours)
        let theirs = try Self.safetensorsTable(Data(contentsOf: URL(fileURLWithPath: pythonFile)))
        let lapgan = try Self.safetensorsTable(Data(contentsOf: URL(fileURLWithPath: ours)))
        XCTAssertEqual(lapgan.metadata.keys.sorted(), theirs.metadata.keys.sorted())
        for key in ["format", "format_version"] { XCTAssertEqual(lapgan.metadata[key], theirs.metadata[key], key) }
        let describedByUs = try JSONSerialization.jsonObject(with: Data((lapgan.metadata["model"] ?? "").utf8)) as? NSDictionary
        let describedByPython = try JSONSerialization.jsonObject(with: Data((theirs.metadata["model"] ?? "").utf8)) as? NSDictionary
        XCTAssertEqual(describedByUs, describedByPython, "the model description in the metadata")
        XCTAssertEqual(lapgan.tensors.keys.sorted(), theirs.tensors.keys.sorted())
        for (name, p) in theirs.tensors {
            let q = try XCTUnwrap(lapgan.tensors[name], name)
            XCTAssertEqual(q.dtype, p.dtype, name)
            XCTAssertEqual(q.shape, p.shape, name)
            XCTAssertTrue(q.bytes == p.bytes, "\(name): lapgan wrote other bytes than Python's writer")
        }

        // Python itself on today's output, where its safetensors is installed (nothing is installed here).
        guard python("import safetensors, numpy") else { return }
        let script = """
        import sys
        from safetensors.numpy import load_file
        t = load_file(sys.argv[1])
        print(len(t), sum(float(v.astype("float64").sum()) for v in t.values()))
        """
        let out = try run("/usr/bin/env", ["python3", "-c", script, ours]).split(separator: " ")
        XCTAssertEqual(out.first.flatMap { Int($0) }, model.namedTensors.count)
        let total = model.namedTensors.reduce(0.0) { $0 + $1.tensor.sum() }
        XCTAssertEqual(out.last.flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .nan, total,
                       accuracy: 1e-6 * max(1, abs(total)))
    }

    /// A safetensors file's metadata and tensors (dtype, shape, bytes), read as Python's safetensors reads it and
    /// failing where it fails: the header a JSON object from its first byte, metadata strings only, each tensor's
    /// bytes its dtype's size times its shape, the tensors' byte ranges tiling the data exactly.
    static func safetensorsTable(_ file: Data) throws -> (metadata: [String: String], tensors: [String: (dtype: String, shape: [Int], bytes: Data)]) {
        let bytes = [UInt8](file)
        let length = (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
        XCTAssertLessThanOrEqual(8 + length, bytes.count)
        XCTAssertEqual(bytes[8], UInt8(ascii: "{"), "the header does not start with {")
        let header = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
        let data = Data(bytes[(8 + length)...])
        var metadata: [String: String] = [:]
        var tensors: [String: (dtype: String, shape: [Int], bytes: Data)] = [:]
        var ranges: [(Int, Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                metadata = try XCTUnwrap(value as? [String: String], "metadata values must be strings")
                continue
            }
            let entry = try XCTUnwrap(value as? [String: Any], name)
            let dtype = try XCTUnwrap(entry["dtype"] as? String, name)
            let shape = try XCTUnwrap(entry["shape"] as? [Int], name)
            let offsets = try XCTUnwrap(entry["data_offsets"] as? [Int], name)
            XCTAssertEqual(offsets.count, 2, name)
            XCTAssertEqual(dtype, "F32", name)
            XCTAssertEqual(offsets[1] - offsets[0], shape.reduce(4, *), "\(name): byte length is not 4 × its shape")
            ranges.append((offsets[0], offsets[1]))
            tensors[name] = (dtype, shape, data.subdata(in: offsets[0]..<offsets[1]))
        }
        ranges.sort { $0.0 < $1.0 }
        var end = 0
        for (start, stop) in ranges {
            XCTAssertEqual(start, end, "the tensors' byte ranges have a gap or overlap")
            end = stop
        }
        XCTAssertEqual(end, data.count, "the tensors do not end where the file does")
        return (metadata, tensors)
    }

    func python(_ code: String) -> Bool { (try? run("/usr/bin/env", ["python3", "-c", code])) != nil }

    @discardableResult
    func run(_ exe: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw FileError(exe, "exit \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
