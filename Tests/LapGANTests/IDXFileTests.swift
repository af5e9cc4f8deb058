import CZlib
import Foundation
import XCTest
@testable import LapGAN
import TestSupport

final class IDXFileTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try temporaryDirectory("idx-tests") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    private func idxBytes(type: UInt8 = 0x08, dims: [Int], payload: [UInt8]) -> [UInt8] {
        var b: [UInt8] = [0, 0, type, UInt8(dims.count)]
        for d in dims { b += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
        return b + payload
    }

    private func writePlain(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `bytes` gzip-compressed with zlib's gzwrite.
    private func writeGzip(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        guard let gz = gzopen(path, "wb9") else { throw FileError(path, "gzopen failed") }
        let n = bytes.withUnsafeBytes { gzwrite(gz, $0.baseAddress, UInt32($0.count)) }
        XCTAssertEqual(Int(n), bytes.count)
        XCTAssertEqual(gzclose(gz), Z_OK)
        return path
    }

    private func assertFileError(_ path: String, contains text: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try IDXFile.read(path), file: file, line: line) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)", file: file, line: line) }
            XCTAssertEqual(fe.path, path, file: file, line: line)
            XCTAssertTrue(fe.problem.contains(text), "\(fe.problem) does not contain \(text)", file: file, line: line)
        }
    }

    func testReadPlainAndGzip() throws {
        let payload = (0..<(3 * 4 * 5)).map { UInt8($0 * 3 % 256) }
        let bytes = idxBytes(dims: [3, 4, 5], payload: payload)
        for path in [try writePlain("a-idx3-ubyte", bytes), try writeGzip("b.gz", bytes), try writeGzip("gzip-without-suffix", bytes)] {
            let a = try IDXFile.read(path)
            XCTAssertEqual(a.dims, [3, 4, 5], path)
            XCTAssertEqual(a.bytes, payload, path)
        }
        // A plain file named .gz is still read (detection is by magic bytes, not name).
        let plainNamedGz = try writePlain("plain.gz", idxBytes(dims: [2], payload: [7, 9]))
        XCTAssertEqual(try IDXFile.read(plainNamedGz).bytes, [7, 9])
        // 1-D and 4-D.
        let four = try writeGzip("four.gz", idxBytes(dims: [1, 2, 1, 2], payload: [1, 2, 3, 4]))
        XCTAssertEqual(try IDXFile.read(four).dims, [1, 2, 1, 2])
    }

    func testTruncated() throws {
        let bytes = idxBytes(dims: [10, 10], payload: [UInt8](repeating: 5, count: 100))
        assertFileError(try writePlain("t1", Array(bytes.prefix(bytes.count - 1))),
                        contains: "truncated: expected 100 bytes of data, found 99")
        assertFileError(try writeGzip("t2.gz", Array(bytes.prefix(50))),
                        contains: "truncated: expected 100 bytes of data, found 38")
        assertFileError(try writePlain("t3", Array(bytes.prefix(6))), contains: "truncated")
        assertFileError(try writePlain("t4", [0, 0]), contains: "truncated")
        assertFileError(try writePlain("empty", []), contains: "empty")

        // A gzip stream cut in the middle.
        var big = [UInt8](repeating: 0, count: 20000)
        var s: UInt32 = 1
        for i in big.indices { s = s &* 1664525 &+ 1013904223; big[i] = UInt8(s >> 24) }
        let gz = try writeGzip("full.gz", idxBytes(dims: [20000], payload: big))
        let data = try Data(contentsOf: URL(fileURLWithPath: gz))
        let cut = try writePlain("cut.gz", Array(data.prefix(data.count / 2)))
        XCTAssertThrowsError(try IDXFile.read(cut)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertEqual(fe.path, cut)
            XCTAssertTrue(fe.problem.contains("truncated") || fe.problem.contains("corrupt"), fe.problem)
        }
        // Corrupt compressed data.
        var bad = Array(data)
        for i in 20..<60 { bad[i] ^= 0xFF }
        let corrupt = try writePlain("corrupt.gz", bad)
        XCTAssertThrowsError(try IDXFile.read(corrupt)) { e in
            XCTAssertTrue("\(e)".contains(corrupt), "\(e)")
        }
    }

    func testWrongMagicAndType() throws {
        assertFileError(try writePlain("magic", [1, 2, 8, 1, 0, 0, 0, 1, 0]), contains: "wrong magic")
        assertFileError(try writePlain("png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 1, 0]), contains: "wrong magic")
        assertFileError(try writePlain("float", idxBytes(type: 0x0D, dims: [1], payload: [0, 0, 0, 0])),
                        contains: "0x0D (float)")
        assertFileError(try writePlain("int", idxBytes(type: 0x0C, dims: [1], payload: [0, 0, 0, 0])),
                        contains: "0x0C (int)")
        assertFileError(try writePlain("zero-dims", [0, 0, 8, 0]), contains: "dimensions")
        assertFileError(try writePlain("five-dims", idxBytes(dims: [1, 1, 1, 1, 1], payload: [0])), contains: "dimensions")
        assertFileError(try writePlain("zero", idxBytes(dims: [3, 0], payload: [])), contains: "zero")
        // 65536^3 elements: refused before any allocation.
        assertFileError(try writePlain("huge", idxBytes(dims: [65536, 65536, 65536], payload: [1])), contains: "2^31")
    }

    func testTrailingBytes() throws {
        let bytes = idxBytes(dims: [2, 2], payload: [1, 2, 3, 4]) + [0]
        assertFileError(try writePlain("trail", bytes), contains: "trailing")
        assertFileError(try writeGzip("trail.gz", bytes), contains: "trailing")
    }

    func testMissingFile() {
        let path = dir + "/nope-idx1-ubyte"
        assertFileError(path, contains: "no such file")
        XCTAssertThrowsError(try IDXFile.read(path)) { XCTAssertTrue("\($0)".contains(path)) }
    }

    // MARK: the real data set

    func testFashionMNIST() throws {
        guard FileManager.default.fileExists(atPath: FashionMNIST.defaultDirectory) else {
            throw XCTSkip("Fashion-MNIST is not installed at \(FashionMNIST.defaultDirectory) (apt-get install dataset-fashion-mnist)")
        }
        let train = try FashionMNIST.load(split: .train)
        XCTAssertEqual(train.images.dims, [60000, 28, 28])
        XCTAssertEqual(train.labels.dims, [60000])
        XCTAssertEqual(train.images.bytes.count, 60000 * 28 * 28)
        var counts = [Int](repeating: 0, count: 10)
        for l in train.labels.bytes { counts[Int(l)] += 1 }
        XCTAssertEqual(counts, [Int](repeating: 6000, count: 10))
        // Not all black, not all white: a sample of pixels spans the whole range.
        let (lo, hi) = train.images.bytes.withUnsafeBufferPointer { b -> (UInt8, UInt8) in
            var lo: UInt8 = 255, hi: UInt8 = 0
            for i in stride(from: 0, to: b.count, by: 97) { lo = min(lo, b[i]); hi = max(hi, b[i]) }
            return (lo, hi)
        }
        XCTAssertEqual(lo, 0)
        XCTAssertEqual(hi, 255)

        let test = try FashionMNIST.load(split: .test)
        XCTAssertEqual(test.images.dims, [10000, 28, 28])
        XCTAssertEqual(test.labels.dims, [10000])
        XCTAssertTrue(test.labels.bytes.allSatisfy { $0 <= 9 })
        XCTAssertEqual(FashionMNIST.classNames.count, 10)
    }

    func testFashionMNISTMissingDirectoryAndBadFiles() throws {
        let missing = dir + "/no-such-dir"
        XCTAssertThrowsError(try FashionMNIST.load(split: .train, directory: missing)) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains(missing), text)
            XCTAssertTrue(text.contains("dataset-fashion-mnist"), text)
            XCTAssertTrue(text.contains("--data"), text)
        }
        // An empty directory: the file is missing.
        XCTAssertThrowsError(try FashionMNIST.load(split: .test, directory: dir)) { e in
            XCTAssertTrue("\(e)".contains("t10k-images-idx3-ubyte"), "\(e)")
            XCTAssertTrue("\(e)".contains("dataset-fashion-mnist"), "\(e)")
        }
        // A tiny fake split: 2 images, plain and gzipped files mixed; then a bad label.
        _ = try writePlain("t10k-images-idx3-ubyte", idxBytes(dims: [2, 28, 28], payload: [UInt8](repeating: 1, count: 2 * 784)))
        _ = try writeGzip("t10k-labels-idx1-ubyte.gz", idxBytes(dims: [2], payload: [3, 9]))
        let ok = try FashionMNIST.load(split: .test, directory: dir)
        XCTAssertEqual(ok.images.dims, [2, 28, 28])
        XCTAssertEqual(ok.labels.bytes, [3, 9])
        _ = try writeGzip("t10k-labels-idx1-ubyte.gz", idxBytes(dims: [2], payload: [3, 10]))
        XCTAssertThrowsError(try FashionMNIST.load(split: .test, directory: dir)) { e in
            XCTAssertTrue("\(e)".contains("label 10"), "\(e)")
        }
        _ = try writeGzip("t10k-labels-idx1-ubyte.gz", idxBytes(dims: [3], payload: [1, 2, 3]))
        XCTAssertThrowsError(try FashionMNIST.load(split: .test, directory: dir)) { e in
            XCTAssertTrue("\(e)".contains("3 labels for 2 images"), "\(e)")
        }
        _ = try writePlain("t10k-images-idx3-ubyte", idxBytes(dims: [2, 28, 27], payload: [UInt8](repeating: 1, count: 2 * 28 * 27)))
        XCTAssertThrowsError(try FashionMNIST.load(split: .test, directory: dir)) { e in
            XCTAssertTrue("\(e)".contains("N×28×28"), "\(e)")
        }
    }
}
