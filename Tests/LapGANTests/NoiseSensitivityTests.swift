import XCTest
@testable import LapGAN

final class NoiseSensitivityTests: XCTestCase {
    func model(classes: Int = 0) throws -> LapGAN {
        var options = Preset.Options()
        options.classes = classes
        return try LapGAN(Preset.cascade(name: "tiny", sizes: [12, 6, 3], channels: 1, options: options,
                                  coarseHidden: (16, 16), fineWidth: 4, fineKernels: (3, 3, 3), dataset: "test"), seed: 7)
    }

    func testRerollingToTheSameSeedChangesNothing() throws {
        let m = try model()
        let seeds: [UInt64] = [11, 12, 13]
        let values = try NoiseSensitivity.measure(m, seeds: seeds, draws: seeds.map { [$0, $0] })
        XCTAssertEqual(values, [0, 0, 0])
        // A conditional model keeps the sample's class in every re-roll.
        let conditional = try model(classes: 3)
        XCTAssertEqual(try NoiseSensitivity.measure(conditional, seeds: seeds, draws: seeds.map { [$0, $0, $0] }), [0, 0, 0])
        XCTAssertThrowsError(try NoiseSensitivity.measure(m, seeds: seeds, draws: [[1]]))
        XCTAssertThrowsError(try NoiseSensitivity.average(m, samples: 0, rerolls: 2, seed: 1))
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
        var perSample: [[Double]] = []
        for _ in 0..<3 {
            let seeds = LapGAN.seedSet(rng.nextSeed(), levels: 3)
            let draws = (0..<3).map { _ in (0..<2).map { _ in rng.nextSeed() } }
            let v = try NoiseSensitivity.measure(m, seeds: seeds, draws: draws)
            perSample.append(v)
        }
        let result = try NoiseSensitivity.average(m, samples: 3, rerolls: 2, seed: 4)
        for k in 0..<3 {
            let values = perSample.map { $0[k] }
            let mean = values.reduce(0, +) / 3
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2  // unbiased
            XCTAssertEqual(result.means[k], mean, accuracy: 1e-9)
            XCTAssertEqual(result.standardErrors[k], (variance / 3).squareRoot(), accuracy: 1e-6)
        }
    }
}
