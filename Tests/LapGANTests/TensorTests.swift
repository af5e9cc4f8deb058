import XCTest
@testable import LapGAN

final class TensorTests: XCTestCase {
    func testSameSeedSameNumbers() {
        let a = RNG(seed: 42), b = RNG(seed: 42), c = RNG(seed: 43)
        let xs = (0..<100).map { _ in a.next() }
        XCTAssertEqual(xs, (0..<100).map { _ in b.next() })
        XCTAssertNotEqual(xs, (0..<100).map { _ in c.next() })
    }

    func testUniformAndNormalRanges() {
        let r = RNG(seed: 1)
        let u = (0..<10000).map { _ in r.uniform(-1, 1) }
        XCTAssertGreaterThanOrEqual(u.min() ?? -2, -1)
        XCTAssertLessThan(u.max() ?? 2, 1)
        XCTAssertEqual(Double(u.reduce(0, +)) / 10000, 0, accuracy: 0.03)
        let n = (0..<20000).map { _ in Double(r.normal()) }
        let mean = n.reduce(0, +) / 20000
        let variance = n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20000
        XCTAssertEqual(mean, 0, accuracy: 0.03)
        XCTAssertEqual(variance, 1, accuracy: 0.05)
    }

    func testStateRoundTrip() throws {
        let r = RNG(seed: 5)
        _ = r.next()
        let copy = try XCTUnwrap(RNG(stateWords: r.stateWords))
        XCTAssertEqual(r.next(), copy.next())
        XCTAssertNil(RNG(stateWords: [0, 0, 0, 0]))
        XCTAssertNil(RNG(stateWords: [1, 2]))
    }

    func testShapeChecksThrow() throws {
        XCTAssertThrowsError(try Tensor(shape: [2, 3], values: [1, 2, 3]))
        let t = Tensor(zeros: [2, 3])
        XCTAssertThrowsError(try t.reshaped([4, 2]))
        XCTAssertThrowsError(try t.add(Tensor(zeros: [3, 2])))
        XCTAssertThrowsError(try t.items(1..<3))
        XCTAssertEqual(try t.reshaped([3, 2]).shape, [3, 2])
    }

    func testReshapeSharesStorageAndCopyDoesNot() throws {
        let t = Tensor(zeros: [2, 2])
        let v = try t.reshaped([4])
        v[3] = 7
        XCTAssertEqual(t[3], 7)
        let c = t.copy()
        c[0] = 1
        XCTAssertEqual(t[0], 0)
    }

    func testGemmAgainstNaiveProduct() throws {
        let a = Tensor(zeros: [3, 4]), b = Tensor(zeros: [5, 4]), c = Tensor(zeros: [3, 5])
        RNG(seed: 1).fillUniform(a, -1, 1)
        RNG(seed: 2).fillUniform(b, -1, 1)
        BLAS.gemm(transB: true, m: 3, n: 5, k: 4, a: a.data, lda: 4, b: b.data, ldb: 4, c: c.data, ldc: 5)
        for i in 0..<3 {
            for j in 0..<5 {
                let expected = (0..<4).reduce(Float(0)) { $0 + a[i * 4 + $1] * b[j * 4 + $1] }
                XCTAssertEqual(c[i * 5 + j], expected, accuracy: 1e-5)
            }
        }
    }

    func testSlerpKeepsTheEndsAndTheNorm() throws {
        let a = try Tensor(shape: [4], values: [1, 0, 0, 0]), b = try Tensor(shape: [4], values: [0, 1, 0, 0])
        XCTAssertEqual(try Tensor.slerp(a, b, 0).array, a.array)
        XCTAssertEqual(try Tensor.slerp(a, b, 1).array[1], 1, accuracy: 1e-6)
        let mid = try Tensor.slerp(a, b, 0.5).array
        XCTAssertEqual(mid[0] * mid[0] + mid[1] * mid[1], 1, accuracy: 1e-5)  // on the circle, not the chord
        XCTAssertEqual(try Tensor.slerp(a, a, 0.3).array, a.array)  // parallel: no division by zero
        XCTAssertThrowsError(try Tensor.slerp(a, Tensor(zeros: [2, 2]), 0.5))
    }

    func testPixelConversionsMapTheRangesAndClamp() throws {
        let raw = try Tensor(shape: [1, 1, 1, 3], values: [0, 127.5, 255])
        XCTAssertEqual(ImageConversion.displaySpace(raw: raw).array, [-1, 0, 1])
        XCTAssertEqual(ImageConversion.unitRange(raw: raw).array, [0, 0.5, 1])
        let display = try Tensor(shape: [1, 1, 1, 3], values: [-2, 0, 3])
        XCTAssertEqual(ImageConversion.unitRange(display: display).array, [0, 0.5, 1])
        let bytes = try Tensor(shape: [1, 1, 1, 3], values: [-4, 100.4, 300])
        XCTAssertEqual(try ImageConversion.raster(raw: bytes).pixels, [0, 100, 255])
    }
}
