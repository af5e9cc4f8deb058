import XCTest
@testable import LapGAN

final class NoiseSensitivityTests: XCTestCase {
    func model() throws -> LapGAN {
        try LapGAN(Preset.cascade(name: "tiny", sizes: [12, 6, 3], channels: 1, options: Preset.Options(),
                                  coarseHidden: (16, 16), fineWidth: 4, fineKernels: (3, 3, 3), dataset: "test"), seed: 7)
    }

    func testRerollingToTheSameSeedChangesNothing() throws {
        let m = try model()
        let seeds: [UInt64] = [11, 12, 13]
        let values = try NoiseSensitivity.measure(m, seeds: seeds, draws: seeds.map { [$0, $0] })
        XCTAssertEqual(values, [0, 0, 0])
    }

    func testALevelWhoseGeneratorIgnoresItsNoiseScoresZeroAndTheOthersDoNot() throws {
        let m = try model()
        for p in m.generators[0].parameters { p.value.fill(0) }  // h̃₀ = 0 whatever z₀ is
        let result = try NoiseSensitivity.average(m, samples: 6, rerolls: 3, seed: 2)
        XCTAssertEqual(result.means[0], 0)
        XCTAssertEqual(result.standardErrors[0], 0)
        XCTAssertGreaterThan(result.means[1], 0.01)
        XCTAssertGreaterThan(result.means[2], 0.01)
        XCTAssertGreaterThan(result.standardErrors[2], 0)
        XCTAssertEqual(result.means.count, 3)
    }

    func testTheAverageIsTheMeanOfPerSampleMeasurements() throws {
        let m = try model()
        let rng = RNG(seed: 4)
        var expected = [0.0, 0.0, 0.0]
        for _ in 0..<3 {
            let seeds = LapGAN.seedSet(rng.nextSeed(), levels: 3)
            let draws = (0..<3).map { _ in (0..<2).map { _ in rng.nextSeed() } }
            let v = try NoiseSensitivity.measure(m, seeds: seeds, draws: draws)
            for k in 0..<3 { expected[k] += v[k] / 3 }
        }
        let result = try NoiseSensitivity.average(m, samples: 3, rerolls: 2, seed: 4)
        for k in 0..<3 { XCTAssertEqual(result.means[k], expected[k], accuracy: 1e-9) }
    }
}
