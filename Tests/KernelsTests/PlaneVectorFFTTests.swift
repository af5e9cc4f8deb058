import Foundation
import XCTest
@testable import Kernels

/// A small deterministic generator for test data.
struct TestRandom {
    var state: UInt64
    init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> Float {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Float(Double(state >> 11) / Double(1 << 53) * 2 - 1)
    }
    mutating func array(_ n: Int) -> [Float] { (0..<n).map { _ in next() } }
}

final class PlaneVectorFFTTests: XCTestCase {
    static let sizes = [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 18, 20, 24, 25, 27, 30, 32, 36, 40, 45, 48, 50, 60, 64, 72, 75, 80, 96, 100]

    func testRefusesSizesWithOtherFactors() {
        XCTAssertNil(PlaneVectorFFT(count: 7))
        XCTAssertNil(PlaneVectorFFT(count: 0))
        XCTAssertNil(PlaneVectorFFT(count: 22))
        XCTAssertNil(RealPlaneTransform2D(rows: 36, columns: 45), "odd column count")
    }

    /// Forward against a double-precision naive DFT, and inverse(forward(x)) = n·x, for every size, batch 3, 8 lanes.
    func testAgainstNaiveDFTAndRoundTrip() {
        var rng = TestRandom(1)
        for n in Self.sizes {
            guard let plan = PlaneVectorFFT(count: n) else { return XCTFail("no plan for \(n)") }
            let batch = 3
            let data = UnsafeMutablePointer<PlaneComplex>.allocate(capacity: n * batch)
            let scratch = UnsafeMutablePointer<PlaneComplex>.allocate(capacity: n * batch)
            defer { data.deallocate(); scratch.deallocate() }
            var re = [Float](), im = [Float]()
            for i in 0..<(n * batch) {
                let r = PlaneVector(rng.array(8)), m = PlaneVector(rng.array(8))
                data[i] = PlaneComplex(re: r, im: m)
                for l in 0..<8 { re.append(r[l]); im.append(m[l]) }
            }
            let out = plan.transform(data, scratch: scratch, batch: batch, inverse: false)
            var maxErr = 0.0, maxRef = 0.0
            for t in 0..<batch {
                for l in 0..<8 {
                    for k in 0..<n {
                        var sr = 0.0, si = 0.0
                        for j in 0..<n {
                            let idx = (j * batch + t) * 8 + l
                            let a = -2 * Double.pi * Double(j * k % n) / Double(n)
                            sr += Double(re[idx]) * cos(a) - Double(im[idx]) * sin(a)
                            si += Double(re[idx]) * sin(a) + Double(im[idx]) * cos(a)
                        }
                        let v = out[k * batch + t]
                        maxErr = max(maxErr, abs(Double(v.re[l]) - sr), abs(Double(v.im[l]) - si))
                        maxRef = max(maxRef, abs(sr), abs(si))
                    }
                }
            }
            XCTAssertLessThan(maxErr / maxRef, 1e-5, "forward DFT of length \(n)")
            // Round trip.
            let other = out == data ? scratch : data
            let back = plan.transform(out, scratch: other, batch: batch, inverse: true)
            var rtErr: Float = 0
            for i in 0..<(n * batch) {
                for l in 0..<8 {
                    rtErr = max(rtErr, abs(back[i].re[l] / Float(n) - re[i * 8 + l]), abs(back[i].im[l] / Float(n) - im[i * 8 + l]))
                }
            }
            XCTAssertLessThan(rtErr, 1e-5, "round trip of length \(n)")
        }
    }

    /// The real 2-D transform against a naive 2-D DFT of the placed plane, for a run of planes ending in a partial vector, and
    /// several grids, then the cropped inverse returns the planes (× rows·columns).
    func testRealPlaneTransformAgainstNaive() {
        var rng = TestRandom(2)
        for (rows, cols, h, w, oy, ox) in [(36, 36, 28, 28, 3, 3), (9, 10, 5, 7, 2, 1), (32, 32, 32, 32, 0, 0), (15, 8, 7, 3, 8, 5), (40, 72, 33, 64, 4, 4)] {
            guard let t = RealPlaneTransform2D(rows: rows, columns: cols) else { return XCTFail("no plan \(rows)×\(cols)") }
            let planes = 40, first = 3, count = min(t.planesPerCall, 30)  // several vectors, the last one partial
            let src = rng.array(planes * h * w)
            var spec = [Float](repeating: .nan, count: t.binCount * planes * 2)
            var scratch = [Float](repeating: 0, count: t.scratchFloats)
            let g = RealPlaneTransform2D.Placement(height: h, width: w, rowOffset: oy, columnOffset: ox)
            src.withUnsafeBufferPointer { s in
                spec.withUnsafeMutableBufferPointer { sp in
                    scratch.withUnsafeMutableBufferPointer { sc in
                        t.forward(source: s.baseAddress!, placement: g, first: first, count: count, planeCount: planes,
                                  spectrum: sp.baseAddress!, scratch: sc.baseAddress!)
                    }
                }
            }
            var maxErr = 0.0, maxRef = 0.0
            // Naive DFT of the first plane, one in the middle and the last (in the partial vector).
            for p in Set([first, first + count / 2, first + count - 1]) {
                for ky in 0..<rows {
                    for kx in 0..<t.halfColumns {
                        var sr = 0.0, si = 0.0
                        for y in 0..<h {
                            for x in 0..<w {
                                let a = -2 * Double.pi * (Double((y + oy) * ky % rows) / Double(rows) + Double((x + ox) * kx % cols) / Double(cols))
                                let v = Double(src[p * h * w + y * w + x])
                                sr += v * cos(a); si += v * sin(a)
                            }
                        }
                        let b = ky * t.halfColumns + kx
                        maxErr = max(maxErr, abs(Double(spec[(b * planes + p) * 2]) - sr), abs(Double(spec[(b * planes + p) * 2 + 1]) - si))
                        maxRef = max(maxRef, abs(sr), abs(si))
                    }
                }
            }
            XCTAssertLessThan(maxErr / maxRef, 1e-5, "2-D transform \(rows)×\(cols)")
            // Other planes untouched.
            XCTAssertTrue(spec[0].isNaN && spec[2 * (first - 1)].isNaN && spec[2 * (first + count)].isNaN, "wrote outside its planes")
            var back = [Float](repeating: 7, count: planes * h * w)
            spec.withUnsafeBufferPointer { sp in
                back.withUnsafeMutableBufferPointer { d in
                    scratch.withUnsafeMutableBufferPointer { sc in
                        t.inverse(spectrum: sp.baseAddress!, first: first, count: count, planeCount: planes, placement: g,
                                  destination: d.baseAddress!, store: .assign, scratch: sc.baseAddress!)
                    }
                }
            }
            var rt: Float = 0
            for i in (first * h * w)..<((first + count) * h * w) { rt = max(rt, abs(back[i] / Float(rows * cols) - src[i])) }
            XCTAssertLessThan(rt, 1e-5, "2-D round trip \(rows)×\(cols)")
            XCTAssertEqual(back[0], 7, "inverse wrote outside its planes")
            XCTAssertEqual(back[(first + count) * h * w], 7, "inverse wrote outside its planes")
        }
    }
}
