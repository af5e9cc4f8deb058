import XCTest
@testable import LapGAN
import TestSupport

/// The one path from a sample to pixels, and the batched sampler.
final class SampleImagesTests: XCTestCase {
    func testLevelImagesHaveEveryLevelAndTheCoarsestHasOnlyItsImage() throws {
        let m = try tinyThreeLevelModel()
        let s = try m.sample(seeds: m.seedSets(count: 2, seed: 4))
        let levels = try m.levelImages(of: s, index: 1)
        XCTAssertEqual(levels.count, 3)
        for (k, size) in [12, 6, 3].enumerated() {
            XCTAssertEqual(levels[k].image.width, size)
            XCTAssertEqual(levels[k].image.height, size)
        }
        XCTAssertNil(levels[2].lowpass)
        XCTAssertNil(levels[2].bandpass)
        let band = try XCTUnwrap(levels[0].bandpass)
        XCTAssertNotNil(levels[0].lowpass)
        // Stretched: the largest |value| reaches black or white.
        XCTAssertTrue(band.pixels.contains(0) || band.pixels.contains(255))
        // The final image is the same in both paths, and in the PNG strip (its last image, not enlarged at level 0).
        XCTAssertEqual(try m.finalImages(of: s)[1], levels[0].image)
        let strip = try ImageConversion.pyramidStrip(m, s, index: 1)
        XCTAssertEqual(strip.count, 5)
        XCTAssertEqual(strip.last, levels[0].image)
        XCTAssertEqual(strip[3], band)
    }

    func testSamplingInBatchesGivesTheSameImagesAsOneBatch() throws {
        let m = try tinyThreeLevelModel()
        let seeds = m.seedSets(count: 7, seed: 9)
        let whole = try m.sample(seeds: seeds)
        var firsts: [Int] = [], reports: [Int] = []
        var images: [RasterImage] = []
        try m.sampleInBatches(seeds: seeds, batchSize: 3, progress: { done, total in
            XCTAssertEqual(total, 7)
            reports.append(done)
        }) { first, batch in
            firsts.append(first)
            images += try m.finalImages(of: batch)
        }
        XCTAssertEqual(firsts, [0, 3, 6])
        XCTAssertEqual(reports, [3, 6, 7])
        XCTAssertEqual(images, try m.finalImages(of: whole))
        XCTAssertThrowsError(try m.sampleInBatches(seeds: seeds, labels: [0]) { _, _ in })
    }
}
