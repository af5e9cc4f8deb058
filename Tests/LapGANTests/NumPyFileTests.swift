import XCTest
@testable import LapGAN
import TestSupport

final class NumPyFileTests: XCTestCase {
    var dir = ""
    override func setUpWithError() throws { dir = try temporaryDirectory("npy") }
    override func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func images(_ n: Int, size: Int, channels: Int) -> [RasterImage] {
        (0..<n).map { i in
            RasterImage(width: size, height: size, channels: channels,
                        pixels: (0..<(size * size * channels)).map { UInt8(truncatingIfNeeded: $0 * 7 + i * 31) })
        }
    }

    func testWrittenFilesReadBack() throws {
        for channels in [1, 3] {
            let written = images(5, size: 4, channels: channels)
            try NumPyFile.write(written, to: dir + "/a.npy")
            XCTAssertEqual(try NumPyFile.read(dir + "/a.npy"), written)
        }
    }

    /// The header NumPy 2 writes (version 1.0 here) for arrays of each accepted layout.
    func npy(_ header: String, _ body: [UInt8], version: UInt8 = 1) -> Data {
        var h = header
        let prefix = version == 1 ? 10 : 12
        h += String(repeating: " ", count: (64 - (prefix + h.utf8.count + 1) % 64) % 64) + "\n"
        var d = Data([0x93] + Array("NUMPY".utf8) + [version, 0])
        let n = h.utf8.count
        d.append(contentsOf: version == 1 ? [UInt8(n & 0xff), UInt8(n >> 8)] : [UInt8(n & 0xff), UInt8(n >> 8), 0, 0])
        d.append(contentsOf: Array(h.utf8))
        d.append(contentsOf: body)
        return d
    }

    func testLayoutsWithoutChannelsAndChannelsFirst() throws {
        let gray = try NumPyFile.decode(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 2), }", [1, 2, 3, 4, 5, 6, 7, 8]), path: "g")
        XCTAssertEqual(gray.map(\.pixels), [[1, 2, 3, 4], [5, 6, 7, 8]])
        XCTAssertEqual(gray.first?.channels, 1)
        // N×C×H×W (PyTorch's layout): planes R = 1…4, G = 11…14, B = 21…24 become interleaved RGB.
        let planar = try NumPyFile.decode(npy("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 3, 2, 2), }",
                                              [1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24], version: 2), path: "p")
        XCTAssertEqual(planar.first?.pixels, [1, 11, 21, 2, 12, 22, 3, 13, 23, 4, 14, 24])
    }

    func testBadFilesAreErrorsThatSayWhy() {
        let cases: [(Data, String)] = [
            (Data("PK\u{3}\u{4} not numpy".utf8), "magic"),
            (npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 2), }", [UInt8](repeating: 0, count: 16)), "only uint8"),
            (npy("{'descr': '|u1', 'fortran_order': True, 'shape': (1, 2, 2), }", [0, 0, 0, 0]), "Fortran"),
            (npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3, 2, 2), }", [0, 0, 0, 0]), "truncated"),
            (npy("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 5), }", [UInt8](repeating: 0, count: 20)), "not a stack of images"),
            (npy("{'descr': '|u1', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807, 2), }", []), "memory bound"),
            (npy("{'descr': '|u1', 'fortran_order': False, 'shape': (0, 2, 2), }", []), "no images"),
        ]
        for (data, expected) in cases {
            XCTAssertThrowsError(try NumPyFile.decode(data, path: "bad.npy"), expected) { error in
                XCTAssertTrue("\(error)".hasPrefix("bad.npy: "), "\(error)")
                XCTAssertTrue("\(error)".contains(expected), "expected '\(expected)' in: \(error)")
            }
        }
    }
}
