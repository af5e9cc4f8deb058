import CZlib
import Foundation
import XCTest
@testable import LapGAN
import TestSupport

/// Files that would need more memory than `MemoryBound` are refused before allocation, with the size and the
/// bound in the message; `LAPGAN_MAX_MEMORY` moves the bound.
final class MemoryBoundTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("memory-bound") }
    override func tearDown() {
        unsetenv(MemoryBound.environmentVariable)
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs `body` with LAPGAN_MAX_MEMORY set to `value` (unset when nil).
    func withBound<T>(_ value: String?, _ body: () throws -> T) rethrows -> T {
        if let value { setenv(MemoryBound.environmentVariable, value, 1) } else { unsetenv(MemoryBound.environmentVariable) }
        defer { unsetenv(MemoryBound.environmentVariable) }
        return try body()
    }

    func assertRefused(_ body: @autoclosure () throws -> Any, path: String, bound: Int, mentioning text: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)", file: file, line: line) }
            XCTAssertEqual(fe.path, path, file: file, line: line)
            for part in [text, "more than the memory bound of \(bound) bytes", "LAPGAN_MAX_MEMORY"] {
                XCTAssertTrue(fe.problem.contains(part), "'\(fe.problem)' lacks '\(part)'", file: file, line: line)
            }
        }
    }

    func testParsingTheSetting() {
        XCTAssertEqual(MemoryBound.parse("1048576"), 1 << 20)
        XCTAssertEqual(MemoryBound.parse("512M"), 512 << 20)
        XCTAssertEqual(MemoryBound.parse("4G"), 4 << 30)
        XCTAssertEqual(MemoryBound.parse("8gib"), 8 << 30)
        XCTAssertEqual(MemoryBound.parse("1.5G"), 3 << 29)
        XCTAssertEqual(MemoryBound.parse("2K"), 2048)
        for bad in ["", "0", "-1G", "G", "lots", "1e400", "99999999T"] { XCTAssertNil(MemoryBound.parse(bad), bad) }
        withBound(nil) { XCTAssertEqual(MemoryBound.bytes, MemoryBound.defaultBytes) }
        withBound("16G") { XCTAssertEqual(MemoryBound.bytes, 16 << 30) }
        withBound("nonsense") { XCTAssertEqual(MemoryBound.bytes, MemoryBound.defaultBytes) }
    }

    // MARK: model files

    func testAModelDescribingMoreParametersThanTheBoundIsRefusedBeforeItIsBuilt() throws {
        let model = try LapGAN(tinyDescription(), seed: 1)
        var d = model.description
        // 40 linear layers of 2^26 weights each: 10 GiB of parameters, announced in a 2 KB header.
        d.levels[d.coarsest].generator.layers += Array(repeating: .linear(1 << 16, 1 << 10), count: 40)
        var file = try ModelFile.container(model)
        file.metadata["model"] = try ModelFile.encodeDescription(d)
        let data = try file.encoded()
        assertRefused(try ModelFile.decode(data, path: "big.lpg"), path: "big.lpg", bound: MemoryBound.defaultBytes,
                      mentioning: "the described model's parameters would need 1073")
    }

    func testTheSettingMovesTheModelBound() throws {
        let model = try LapGAN(tinyDescription(), seed: 1)
        let path = dir + "/m.lpg"
        try ModelFile.save(model, to: path)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        try withBound("1K") {
            assertRefused(try ModelFile.load(path), path: path, bound: 1024, mentioning: "the model file (\(size) bytes)")
            assertRefused(try ModelFile.decode(try Data(contentsOf: URL(fileURLWithPath: path)), path: path),
                          path: path, bound: 1024, mentioning: "the described model's parameters")
        }
        XCTAssertNoThrow(try withBound(nil) { try ModelFile.load(path) })
    }

    // MARK: PNG

    /// A PNG of only a signature, an IHDR announcing width×height (8-bit, colour `colorType`), an empty IDAT and IEND.
    func headerOnlyPNG(width: UInt32, height: UInt32, colorType: UInt8) -> Data {
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func chunk(_ type: String, _ body: [UInt8]) {
            let typed = Array(type.utf8) + body
            png.append(contentsOf: withUnsafeBytes(of: UInt32(body.count).bigEndian) { Array($0) })
            png.append(contentsOf: typed)
            let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
            png.append(contentsOf: withUnsafeBytes(of: crc.bigEndian) { Array($0) })
        }
        let ihdr = withUnsafeBytes(of: width.bigEndian) { Array($0) } + withUnsafeBytes(of: height.bigEndian) { Array($0) }
            + [8, colorType, 0, 0, 0]
        chunk("IHDR", ihdr)
        chunk("IDAT", [])
        chunk("IEND", [])
        return png
    }

    func testA16384SquarePNGIsRefusedFromItsHeader() throws {
        let path = dir + "/huge.png"
        try headerOnlyPNG(width: 16384, height: 16384, colorType: 2).write(to: URL(fileURLWithPath: path))
        // RGB: libpng's rows (4 bytes a pixel), the 8-bit pixels and their floats: 19 bytes a pixel.
        assertRefused(try PNGFile.read(path), path: path, bound: MemoryBound.defaultBytes,
                      mentioning: "decoding the 16384×16384 PNG would need \(16384 * 16384 * 19) bytes")
        let gray = dir + "/gray.png"
        try headerOnlyPNG(width: 4096, height: 4096, colorType: 0).write(to: URL(fileURLWithPath: gray))
        try withBound("64M") {
            assertRefused(try PNGFile.read(gray), path: gray, bound: 64 << 20, mentioning: "would need \(4096 * 4096 * 9) bytes")
        }
        // Within a raised bound the header passes and the missing pixel data is what fails.
        try withBound("1G") {
            XCTAssertThrowsError(try PNGFile.read(gray)) { XCTAssertFalse("\($0)".contains("memory bound"), "\($0)") }
        }
    }

    // MARK: data sets

    func testAnIDXHeaderPastTheBoundIsRefusedBeforeItsDataIsRead() throws {
        let path = dir + "/big.idx"
        try Data([0, 0, 8, 3, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 2, 7]).write(to: URL(fileURLWithPath: path))
        try withBound("1M") {
            assertRefused(try IDXFile.read(path), path: path, bound: 1 << 20, mentioning: "the IDX data (1024×1024×2 bytes) would need 2097152 bytes")
        }
        XCTAssertThrowsError(try withBound(nil) { try IDXFile.read(path) }) { XCTAssertTrue("\($0)".contains("truncated"), "\($0)") }
    }

    func testCIFARBatchesPastTheBoundAreRefused() throws {
        let batch = Data([1] + [UInt8](repeating: 9, count: 3072) + [2] + [UInt8](repeating: 0, count: 3072))
        try withBound("16K") {
            assertRefused(try DatasetLoader.cifar10Batch(batch, path: "b.bin"), path: "b.bin", bound: 16 << 10,
                          mentioning: "2 CIFAR-10 images as floats would need 24576 bytes")
        }
        let decoded = try DatasetLoader.cifar10Batch(batch, path: "b.bin")
        XCTAssertEqual(decoded.labels, [1, 2])
        XCTAssertEqual(decoded.images.shape, [2, 3, 32, 32])
        XCTAssertEqual(decoded.images[3071], 9)
        XCTAssertEqual(decoded.images[3072], 0)

        let cifar = dir + "/cifar"
        try FileManager.default.createDirectory(atPath: cifar, withIntermediateDirectories: true)
        try batch.write(to: URL(fileURLWithPath: cifar + "/test_batch.bin"))
        try withBound("16K") {
            assertRefused(try DatasetLoader.cifar10(cifar, test: true), path: cifar, bound: 16 << 10,
                          mentioning: "CIFAR-10 (6146 bytes of batches as floats) would need 30730 bytes")
        }
        XCTAssertEqual(try DatasetLoader.cifar10(cifar, test: true).count, 2)
    }

    func testAnImageFolderPastTheBoundIsRefusedBeforeDecoding() throws {
        let folder = dir + "/pngs"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for i in 0..<3 { try Data("not decoded".utf8).write(to: URL(fileURLWithPath: folder + "/\(i).png")) }
        try withBound("100K") {
            assertRefused(try ImageFolder.load(directory: folder, size: 64, channels: 3), path: folder, bound: 100 << 10,
                          mentioning: "3 images of 64×64×3 (8-bit and as floats) would need \(3 * 64 * 64 * 3 * 5) bytes")
        }
    }

    func testALogPastTheBoundIsNotRead() throws {
        let path = dir + "/train.csv"
        try Data((TrainingLogColumn.header + "\n1,0,1,0,0.5,0.5,0.5,0.5,0.1,10\n").utf8).write(to: URL(fileURLWithPath: path))
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        try withBound("16") {
            let log = TrainingLog(path: path)
            log.reload()
            XCTAssertTrue(log.isEmpty)
            let message = log.error?.message ?? ""
            XCTAssertTrue(message.contains("reading the log would need \(size) bytes"), message)
            XCTAssertTrue(message.contains("more than the memory bound of 16 bytes"), message)
        }
        let log = TrainingLog(path: path)
        log.reload()
        XCTAssertNil(log.error)
        XCTAssertEqual(log.rowCount, 1)
    }
}
