import CZlib
import Foundation
import XCTest
@testable import LapGAN

/// Inputs the fuzzers (Fuzz/Targets, Scripts/fuzz.sh) found, kept small under Fixtures/fuzz/, each with the fix
/// it led to.
final class FuzzRegressionTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/Fixtures/fuzz"

    /// A 71-byte PNG whose second chunk, an sPLT, announces 1.6 GB: libpng read such chunks whole into a buffer of
    /// the announced length, so the 71 bytes cost a 1.6 GB allocation. The wrapper now has libpng skip every chunk
    /// the pixels do not need, and its allocator refuses anything above 64 MiB (and says so in the message);
    /// this file fails as truncated, without libpng asking for the announced size.
    func testAPNGChunkAnnouncingGigabytesIsSkippedNotAllocated() throws {
        let path = Self.fixtures + "/png-huge-chunk-length.png"
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, 71)
        XCTAssertThrowsError(try PNGFile.read(path)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertEqual(fe.path, path)
            XCTAssertTrue(fe.problem.contains("truncated or corrupt PNG"), fe.problem)
            XCTAssertFalse(fe.problem.contains("a chunk announced"), fe.problem)
        }
    }

    /// 98 bytes whose IDX header announces 3×16187396×4 = 194 MB (under the memory bound): the reader allocated the
    /// announced size and zero-filled what the file lacked, 27 s per input under the fuzzer (a libFuzzer timeout).
    /// A plain file shorter than its header says is now refused before anything is allocated, and the payload
    /// is read in chunks (a compressed stream can only cost what it really decompresses to).
    func testAnIDXHeaderAnnouncingMoreThanTheFileHoldsIsRefusedBeforeAllocating() throws {
        let path = Self.fixtures + "/idx-huge-dimensions-short-file.idx"
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, 98)
        XCTAssertThrowsError(try IDXFile.read(path)) { e in
            guard let fe = e as? FileError else { return XCTFail("not a FileError: \(e)") }
            XCTAssertEqual(fe.path, path)
            XCTAssertTrue(fe.problem.contains("truncated: expected 194248752 bytes of data, found 82 (refused before reading"), fe.problem)
        }
        // The same header and bytes gzip-compressed: read in chunks, refused as a stream that ends early.
        let gz = NSTemporaryDirectory() + "idx-short-\(getpid()).idx.gz"
        defer { unlink(gz) }
        let file = try XCTUnwrap(gzopen(gz, "wb"))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = data.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        XCTAssertThrowsError(try IDXFile.read(gz)) { e in
            XCTAssertTrue("\(e)".contains("expected 194248752 bytes of data, found 82 (the compressed stream ends early)"), "\(e)")
        }
    }
}
