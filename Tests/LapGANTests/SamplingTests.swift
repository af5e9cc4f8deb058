import XCTest
@testable import LapGAN
import TestSupport

final class SamplingTests: XCTestCase {
    /// A three-level tiny model so re-rolling the middle level leaves one level above it.
    func threeLevelModel(noise: NoiseSpec.Mode = .plane) throws -> LapGAN {
        var o = Preset.Options()
        o.noise = noise
        let d = Preset.cascade(name: "tiny3", sizes: [12, 6, 3], channels: 1, options: o, coarseHidden: (16, 16),
                               fineWidth: 4, fineKernels: (3, 3, 3), dataset: "test")
        return try LapGAN(d, seed: 5)
    }

    func testSameSeedsGiveTheSameImageBitForBit() throws {
        let m = try threeLevelModel()
        let seeds = m.seedSets(count: 3, seed: 11)
        let a = try m.sample(seeds: seeds), b = try m.sample(seeds: seeds)
        for k in 0..<3 { XCTAssertTrue(a.levels[k].image.bitwiseEqual(b.levels[k].image)) }
        let c = try m.sample(seeds: m.seedSets(count: 3, seed: 12))
        XCTAssertFalse(a.image.bitwiseEqual(c.image))
    }

    /// Layers keep no per-call state: one model samples on several threads at once with the same results as in
    /// turn (a layer that kept activations or scratch on itself would mix the threads' data).
    func testOneModelSamplesOnManyThreadsAtOnce() throws {
        var o = Preset.Options()
        o.noise = .plane
        let d = Preset.cascade(name: "wide3", sizes: [16, 8, 4], channels: 1, options: o, coarseHidden: (32, 32),
                               fineWidth: 16, fineKernels: (5, 5, 3), dataset: "test")
        let m = try LapGAN(d, seed: 8)
        let seedSets = (0..<6).map { m.seedSets(count: 4, seed: UInt64(100 + $0)) }
        let alone = try seedSets.map { try m.sample(seeds: $0).image }
        let together = UnsafeMutableBufferPointer<Tensor?>.allocate(capacity: seedSets.count * 4)
        together.initialize(repeating: nil)
        defer { together.deallocate() }
        // Each of the 24 threads' calls samples one batch and writes only its own slot.
        Parallel.withWorkers(together.count) {
            Parallel.split(together.count) { _, range in
                for i in range { together[i] = try? m.sample(seeds: seedSets[i % seedSets.count]).image }
            }
        }
        for i in 0..<together.count {
            guard let t = together[i] else { return XCTFail("concurrent sample \(i) threw") }
            XCTAssertTrue(t.bitwiseEqual(alone[i % seedSets.count]), "sample \(i) differs when run concurrently")
        }
    }

    func testRerollChangesOnlyTheSelectedAndFinerLevels() throws {
        for mode in NoiseSpec.Mode.allCases {
            let m = try threeLevelModel(noise: mode)
            let s = try m.sample(seeds: m.seedSets(count: 2, seed: 1))
            let r = try m.reroll(s, level: 1, seeds: [777, 778])
            XCTAssertTrue(r.levels[2].image.bitwiseEqual(s.levels[2].image), "\(mode): coarser level changed")
            XCTAssertFalse(r.levels[1].image.bitwiseEqual(s.levels[1].image), "\(mode): level 1 did not change")
            XCTAssertFalse(r.levels[0].image.bitwiseEqual(s.levels[0].image), "\(mode): level 0 did not change")
            XCTAssertTrue(r.levels[1].lowpass?.bitwiseEqual(s.levels[1].lowpass ?? Tensor(zeros: [1])) ?? false)
            XCTAssertEqual(r.seeds[0][1], 777)
            XCTAssertEqual(r.seeds[0][2], s.seeds[0][2])
            // Re-rolling back to the old seed restores the old images exactly.
            let back = try m.reroll(r, level: 1, seeds: s.seeds.map { $0[1] })
            XCTAssertTrue(back.image.bitwiseEqual(s.image), "\(mode): undo by seed is not exact")
        }
    }

    func testRerollOfTheFinestLevelKeepsEveryCoarserLevel() throws {
        let m = try threeLevelModel()
        let s = try m.sample(seeds: m.seedSets(count: 1, seed: 2))
        let r = try m.reroll(s, level: 0, seeds: [99])
        XCTAssertTrue(r.levels[1].image.bitwiseEqual(s.levels[1].image))
        XCTAssertTrue(r.levels[2].image.bitwiseEqual(s.levels[2].image))
        XCTAssertFalse(r.image.bitwiseEqual(s.image))
    }

    func testLevelsAreConsistent() throws {
        let m = try threeLevelModel()
        let s = try m.sample(seeds: m.seedSets(count: 2, seed: 3))
        for k in 0..<2 {
            let low = try XCTUnwrap(s.levels[k].lowpass)
            XCTAssertLessThan(try low.maxAbsDifference(m.pyramid.up(s.levels[k + 1].image, to: k)), 1e-6)
            XCTAssertLessThan(try s.levels[k].image.maxAbsDifference(Tensor.sum(low, s.levels[k].bandpass)), 1e-6)
        }
        XCTAssertEqual(s.image.shape, [2, 1, 12, 12])
    }

    func testStartingFromARealLowResolutionImage() throws {
        let m = try threeLevelModel()
        let start = Tensor(zeros: [1, 1, 6, 6])
        RNG(seed: 4).fillUniform(start, -1, 1)
        let s = try m.sample(startingFrom: start, level: 1, seeds: m.seedSets(count: 1, seed: 5))
        XCTAssertTrue(s.levels[1].image.bitwiseEqual(start))
        XCTAssertEqual(s.image.shape, [1, 1, 12, 12])
        XCTAssertLessThan(try s.levels[0].lowpass?.maxAbsDifference(m.pyramid.up(start, to: 0)) ?? 1, 1e-6)
    }

    func testBadArgumentsThrow() throws {
        let m = try threeLevelModel()
        XCTAssertThrowsError(try m.sample(seeds: [[1, 2]]))
        XCTAssertThrowsError(try m.sample(seeds: []))
        let s = try m.sample(seeds: m.seedSets(count: 1, seed: 1))
        XCTAssertThrowsError(try m.reroll(s, level: 3, seeds: [1])) { XCTAssertTrue("\($0)".contains("levels 0…2")) }
        XCTAssertThrowsError(try m.sample(seeds: m.seedSets(count: 1, seed: 1), labels: [0]))
    }

    func testClassConditionalSampling() throws {
        let m = try LapGAN(tinyDescription(classes: 3), seed: 2)
        let seeds = m.seedSets(count: 2, seed: 1)
        let a = try m.sample(seeds: seeds, labels: [0, 0]), b = try m.sample(seeds: seeds, labels: [2, 2])
        XCTAssertFalse(a.image.bitwiseEqual(b.image))
        XCTAssertThrowsError(try m.sample(seeds: seeds, labels: [0, 3]))
    }
}
