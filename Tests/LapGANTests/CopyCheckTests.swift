import XCTest
@testable import LapGAN

/// The copy check finds a copied training image, and a mirrored copy, at distance 0; the picture it shows is the
/// image it matched (mirrored when the match was); the reference distances skip the image itself and its mirror.
final class CopyCheckTests: XCTestCase {
    func testFindsCopiesAndMirroredCopies() throws {
        let set = Tensor(zeros: [40, 3, 5, 6])
        RNG(seed: 7).fillUniform(set, 0, 255)
        for i in 0..<set.count { set[i] = set[i].rounded() }
        let check = try CopyCheck(training: set)
        // Sample 0: training image 3 as it is. Sample 1: training image 11 mirrored left-right. Sample 2: image 20 + 10.
        let pictures = [try check.picture(3), try check.picture(11, mirrored: true), try check.picture(20)]
        var shifted = pictures[2]
        shifted.pixels = shifted.pixels.map { UInt8(min(Int($0) + 10, 255)) }
        let samples = try DatasetLoader.rasters([pictures[0], pictures[1], shifted])
        let matches = try check.nearest(to: samples)
        XCTAssertEqual(matches[0], CopyCheck.Match(index: 3, mirrored: false, distance: 0))
        XCTAssertEqual(matches[1].index, 11)
        XCTAssertTrue(matches[1].mirrored)
        XCTAssertEqual(matches[1].distance, 0, accuracy: 1e-3)
        XCTAssertEqual(matches[2].index, 20)
        XCTAssertFalse(matches[2].mirrored)
        XCTAssertGreaterThan(matches[2].distance, 5)
        XCTAssertLessThanOrEqual(matches[2].distance, 10.001)
        // The mirrored picture is the image read right to left.
        let plain = try check.picture(11), mirrored = pictures[1]
        XCTAssertEqual(mirrored.pixels[0..<3], plain.pixels[(5 * 3)..<(6 * 3)])
        XCTAssertNotEqual(plain, mirrored)
        // Random images are far apart; the reference never reports an image's distance to itself.
        let reference = try check.referenceDistances(count: 10)
        XCTAssertEqual(reference.count, 10)
        XCTAssertTrue(reference.allSatisfy { $0 > 30 }, "\(reference)")
    }

    func testAnExactDuplicateInTheSetIsReferenceDistanceZero() throws {
        let set = Tensor(zeros: [5, 1, 4, 4])
        RNG(seed: 3).fillUniform(set, 0, 255)
        for i in 0..<16 { set[4 * 16 + i] = set[i] }                 // image 4 = image 0
        // Image 1 is its own mirror image: that must not count as another image.
        for y in 0..<4 { for x in 0..<2 { set[16 + y * 4 + 3 - x] = set[16 + y * 4 + x] } }
        let reference = try CopyCheck(training: set).referenceDistances(count: 5)
        XCTAssertEqual(reference[0], 0, accuracy: 1e-3)
        XCTAssertGreaterThan(reference[1], 10)
        XCTAssertGreaterThan(reference[2], 10)
        XCTAssertThrowsError(try CopyCheck(training: Tensor(zeros: [4, 16])))
    }
}
