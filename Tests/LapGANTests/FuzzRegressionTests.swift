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
}
