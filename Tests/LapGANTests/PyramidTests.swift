import XCTest
@testable import LapGAN

final class PyramidTests: XCTestCase {
    func random(_ shape: [Int], seed: UInt64) -> Tensor {
        let t = Tensor(zeros: shape)
        RNG(seed: seed).fillUniform(t, -1, 1)
        return t
    }

    func assertExactReconstruction(_ image: Tensor, sizes: [Int], file: StaticString = #filePath, line: UInt = #line) throws {
        let p = try Pyramid(sizes: sizes)
        let bands = try p.laplacian(image)
        XCTAssertEqual(bands.map { $0.shape[2] }, sizes, file: file, line: line)
        let error = try p.reconstruct(bands).maxAbsDifference(image)
        print("pyramid \(sizes) C=\(image.shape[1]): reconstruction max abs error \(error)")
        XCTAssertLessThanOrEqual(error, 1e-5, file: file, line: line)
        // The band-passes are not trivially zero: the test would fail if reconstruct ignored them.
        XCTAssertGreaterThan(bands[0].array.map(abs).max() ?? 0, 1e-3, file: file, line: line)
    }

    func testReconstructionIsExactForRandomImages() throws {
        try assertExactReconstruction(random([3, 1, 28, 28], seed: 1), sizes: [28, 14, 7])
        try assertExactReconstruction(random([2, 3, 32, 32], seed: 2), sizes: [32, 16, 8])
        try assertExactReconstruction(random([2, 3, 28, 28], seed: 3), sizes: [28, 14, 8])
        try assertExactReconstruction(random([1, 3, 64, 64], seed: 4), sizes: [64, 32, 16, 8, 4])
    }

    func testReconstructionIsExactForRealImages() throws {
        let data: Dataset
        do { data = try DatasetLoader.fashionMNIST(split: .test).prefix(16) } catch {
            throw XCTSkip("Fashion-MNIST not installed (apt-get install dataset-fashion-mnist): \(error)")
        }
        let x = data.images.copy()
        for i in 0..<x.count { x[i] = x[i] / 127.5 - 1 }
        try assertExactReconstruction(x, sizes: [28, 14, 7])
        try assertExactReconstruction(try data.converted(toChannels: 3).images, sizes: [28, 14, 8])
    }

    func testShrinkByTwoIsTheBlockMean() throws {
        let x = try Tensor(shape: [1, 1, 2, 4], values: [1, 2, 3, 4, 5, 6, 7, 8])
        let y = try Resample.resize(x, height: 1, width: 2)
        XCTAssertEqual(y.array, [3.5, 5.5])
    }

    func testNonIntegerShrinkKeepsTheMean() throws {
        let x = random([1, 1, 28, 28], seed: 5)
        let y = try Resample.resize(x, to: 8)
        XCTAssertEqual(y.mean(), x.mean(), accuracy: 1e-5)
    }

    func testExpandIsCornerAlignedLinear() throws {
        let x = try Tensor(shape: [1, 1, 1, 2], values: [0, 3])
        let y = try Resample.resize(x, height: 1, width: 4)
        XCTAssertEqual(y.array, [0, 1, 2, 3])
        let c = Tensor(shape: [1, 1, 7, 7], repeating: 0.25)
        XCTAssertEqual(try Resample.resize(c, to: 14).array.allSatisfy { abs($0 - 0.25) < 1e-6 }, true)
    }

    func testInvalidSizesAreRejected() {
        XCTAssertThrowsError(try Pyramid(sizes: []))
        XCTAssertThrowsError(try Pyramid(sizes: [14, 28]))
        XCTAssertThrowsError(try Pyramid(sizes: [28, 0]))
        XCTAssertThrowsError(try Pyramid(sizes: [28, 14]).gaussian(Tensor(zeros: [1, 1, 32, 32])))
    }
}
