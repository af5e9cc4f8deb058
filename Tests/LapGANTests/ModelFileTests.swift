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

    /// Python's safetensors (and numpy) open an .lpg and read the same values.
    func testPythonSafetensorsOpensTheFile() throws {
        guard python("import safetensors, numpy") || (pipInstall("safetensors") && python("import safetensors, numpy")) else {
            throw XCTSkip("Python's safetensors is not installed and pip could not install it")
        }
        let model = try LapGAN(tinyDescription(), seed: 3)
        let path = dir + "/py.lpg"
        try ModelFile.save(model, to: path)
        let w = try XCTUnwrap(model.namedTensors.first { $0.name == "level.0.G.0.weight" }?.tensor)
        let script = """
        import json, sys, numpy as np
        from safetensors.numpy import load_file
        from safetensors import safe_open
        t = load_file(sys.argv[1])
        with safe_open(sys.argv[1], framework="numpy") as f:
            meta = f.metadata()
        assert meta["format"] == "lapgan", meta
        desc = json.loads(meta["model"])
        w = t["level.0.G.0.weight"]
        print(json.dumps({"shape": list(w.shape), "sum": float(np.float64(w).sum()), "first": float(w.flat[0]), "sizes": desc["sizes"], "count": len(t)}))
        """
        let out = try run("/usr/bin/env", ["python3", "-c", script, path])
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        XCTAssertEqual(result["shape"] as? [Int], w.shape)
        XCTAssertEqual(result["sizes"] as? [Int], [8, 4])
        XCTAssertEqual(result["count"] as? Int, model.namedTensors.count)
        XCTAssertEqual(try XCTUnwrap(result["first"] as? Double), Double(w[0]), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(result["sum"] as? Double), w.sum(), accuracy: 1e-6)
    }

    func python(_ code: String) -> Bool { (try? run("/usr/bin/env", ["python3", "-c", code])) != nil }
    func pipInstall(_ package: String) -> Bool {
        (try? run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", package])) != nil
    }

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
