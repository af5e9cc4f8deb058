import XCTest
@testable import Kernels

/// Direct convolution in double precision: the reference.
struct NaiveConvolution {
    let cin: Int, cout: Int, h: Int, w: Int, k: Int, pad: Int
    var ho: Int { h + 2 * pad - k + 1 }
    var wo: Int { w + 2 * pad - k + 1 }

    func forward(_ x: [Float], _ wt: [Float], _ b: [Float], batch: Int) -> [Double] {
        var y = [Double](repeating: 0, count: batch * cout * ho * wo)
        for n in 0..<batch { for o in 0..<cout { for i in 0..<ho { for j in 0..<wo {
            var s = Double(b[o])
            for c in 0..<cin { for ki in 0..<k { for kj in 0..<k {
                let yy = i + ki - pad, xx = j + kj - pad
                if yy >= 0 && yy < h && xx >= 0 && xx < w {
                    s += Double(x[((n * cin + c) * h + yy) * w + xx]) * Double(wt[((o * cin + c) * k + ki) * k + kj])
                }
            } } }
            y[((n * cout + o) * ho + i) * wo + j] = s
        } } } }
        return y
    }

    /// (dx, dw, db) for output gradient gy.
    func backward(_ x: [Float], _ wt: [Float], _ gy: [Float], batch: Int) -> ([Double], [Double], [Double]) {
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: wt.count), db = [Double](repeating: 0, count: cout)
        for n in 0..<batch { for o in 0..<cout { for i in 0..<ho { for j in 0..<wo {
            let g = Double(gy[((n * cout + o) * ho + i) * wo + j])
            db[o] += g
            for c in 0..<cin { for ki in 0..<k { for kj in 0..<k {
                let yy = i + ki - pad, xx = j + kj - pad
                if yy >= 0 && yy < h && xx >= 0 && xx < w {
                    let xi = ((n * cin + c) * h + yy) * w + xx, wi = ((o * cin + c) * k + ki) * k + kj
                    dx[xi] += g * Double(wt[wi])
                    dw[wi] += g * Double(x[xi])
                }
            } } }
        } } } }
        return (dx, dw, db)
    }
}

func relativeError(_ a: [Float], _ b: [Double]) -> Double {
    var num = 0.0, den = 0.0
    for i in 0..<b.count { num = max(num, abs(Double(a[i]) - b[i])); den = max(den, abs(b[i])) }
    return num / max(den, 1e-30)
}

/// Runs the kernel on arrays.
struct KernelRun {
    let conv: FrequencyConvolution
    let batch: Int, threads: Int
    var spectrum: [Float], workspace: [Float]
    init(_ conv: FrequencyConvolution, batch: Int, threads: Int) {
        self.conv = conv; self.batch = batch; self.threads = threads
        spectrum = [Float](repeating: 0, count: conv.inputSpectrumCount(batch: batch))
        workspace = [Float](repeating: .nan, count: conv.workspaceCount(batch: batch, threads: threads))
    }
    mutating func forward(_ x: [Float], _ w: [Float], _ b: [Float]) -> [Float] {
        var y = [Float](repeating: .nan, count: batch * conv.outChannels * conv.outputHeight * conv.outputWidth)
        let (c, bt, th) = (conv, batch, threads)
        spectrum.withUnsafeMutableBufferPointer { s in workspace.withUnsafeMutableBufferPointer { ws in y.withUnsafeMutableBufferPointer { yp in
            c.forward(input: x, batch: bt, weight: w, bias: b, output: yp.baseAddress!, inputSpectrum: s.baseAddress!,
                      workspace: ws.baseAddress!, threads: th)
        } } }
        return y
    }
    /// Returns (dx, dw, db) with dw, db accumulated onto the given starting values.
    mutating func backward(_ gy: [Float], dw0: [Float], db0: [Float], wantInput: Bool = true) -> ([Float], [Float], [Float]) {
        var dx = [Float](repeating: .nan, count: batch * conv.inChannels * conv.height * conv.width)
        var dw = dw0, db = db0
        let (c, bt, th) = (conv, batch, threads)
        spectrum.withUnsafeBufferPointer { s in workspace.withUnsafeMutableBufferPointer { ws in
            dx.withUnsafeMutableBufferPointer { dxp in dw.withUnsafeMutableBufferPointer { dwp in db.withUnsafeMutableBufferPointer { dbp in
                c.backward(inputSpectrum: s.baseAddress!, gradOutput: gy, batch: bt, gradInput: wantInput ? dxp.baseAddress! : nil,
                           gradWeight: dwp.baseAddress!, gradBias: dbp.baseAddress!, workspace: ws.baseAddress!, threads: th)
            } } }
        } }
        return (dx, dw, db)
    }
}

final class FrequencyConvolutionTests: XCTestCase {
    /// (cin, cout, h, w, k, pad)
    static let shapes: [(Int, Int, Int, Int, Int, Int)] = [
        (3, 5, 8, 8, 3, 1), (2, 3, 7, 9, 5, 2), (4, 2, 12, 12, 7, 3), (3, 4, 10, 10, 5, 0), (1, 1, 6, 5, 3, 0),
        (9, 10, 11, 11, 5, 2), (2, 2, 6, 6, 3, 4), (5, 3, 13, 7, 1, 0), (8, 8, 14, 14, 7, 3),
        (16, 12, 28, 28, 7, 3), (6, 4, 32, 32, 5, 0),  // the paper's grids, 36×36 and 32×32, several vectors per call
    ]

    func testForwardAndGradientsMatchDirectConvolution() throws {
        var rng = TestRandom(3)
        let batch = 3
        for (cin, cout, h, w, k, pad) in Self.shapes {
            for threads in [1, 3] {
                let conv = try FrequencyConvolution(inChannels: cin, outChannels: cout, height: h, width: w, kernel: k, pad: pad)
                let ref = NaiveConvolution(cin: cin, cout: cout, h: h, w: w, k: k, pad: pad)
                XCTAssertEqual(conv.outputHeight, ref.ho); XCTAssertEqual(conv.outputWidth, ref.wo)
                let x = rng.array(batch * cin * h * w), wt = rng.array(cout * cin * k * k), b = rng.array(cout)
                let gy = rng.array(batch * cout * ref.ho * ref.wo)
                let dw0 = rng.array(wt.count), db0 = rng.array(cout)
                var run = KernelRun(conv, batch: batch, threads: threads)
                let y = run.forward(x, wt, b)
                let label = "cin \(cin) cout \(cout) \(h)×\(w) k \(k) pad \(pad) threads \(threads)"
                XCTAssertLessThan(relativeError(y, ref.forward(x, wt, b, batch: batch)), 1e-4, "forward " + label)
                let (dx, dw, db) = run.backward(gy, dw0: dw0, db0: db0)
                var (rdx, rdw, rdb) = ref.backward(x, wt, gy, batch: batch)
                for i in 0..<rdw.count { rdw[i] += Double(dw0[i]) }
                for i in 0..<rdb.count { rdb[i] += Double(db0[i]) }
                XCTAssertLessThan(relativeError(dx, rdx), 1e-4, "gradInput " + label)
                XCTAssertLessThan(relativeError(dw, rdw), 1e-4, "gradWeight (accumulated) " + label)
                XCTAssertLessThan(relativeError(db, rdb), 1e-4, "gradBias (accumulated) " + label)
                // Without gradInput the parameter gradients are the same and gradInput's buffer is not needed.
                let (dxNil, dw2, db2) = run.backward(gy, dw0: dw0, db0: db0, wantInput: false)
                XCTAssertTrue(dxNil.allSatisfy { $0.isNaN }, "gradInput written though nil " + label)
                XCTAssertEqual(dw2, dw); XCTAssertEqual(db2, db)
            }
        }
    }

    /// Central differences of L = Σ y·r (double-precision reference loss) against the kernel's gradients.
    func testFiniteDifferenceGradientCheck() throws {
        var rng = TestRandom(4)
        let batch = 2, cin = 3, cout = 2, h = 6, w = 7, k = 3, pad = 1
        let conv = try FrequencyConvolution(inChannels: cin, outChannels: cout, height: h, width: w, kernel: k, pad: pad)
        var x = rng.array(batch * cin * h * w), wt = rng.array(cout * cin * k * k), b = rng.array(cout)
        let r = rng.array(batch * cout * conv.outputHeight * conv.outputWidth)
        var run = KernelRun(conv, batch: batch, threads: 2)
        func loss(_ run: inout KernelRun, _ x: [Float], _ wt: [Float], _ b: [Float]) -> Double {
            let y = run.forward(x, wt, b)
            return zip(y, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        _ = run.forward(x, wt, b)
        let (dx, dw, db) = run.backward(r, dw0: [Float](repeating: 0, count: wt.count), db0: [Float](repeating: 0, count: cout))
        let eps: Float = 1e-2
        var worst = 0.0
        func check(_ analytic: Float, _ plus: Double, _ minus: Double) {
            let numeric = (plus - minus) / (2 * Double(eps))
            worst = max(worst, abs(numeric - Double(analytic)) / max(1, abs(numeric)))
        }
        for i in stride(from: 0, to: x.count, by: 5) {
            let v = x[i]
            x[i] = v + eps; let p = loss(&run, x, wt, b)
            x[i] = v - eps; let m = loss(&run, x, wt, b)
            x[i] = v
            check(dx[i], p, m)
        }
        for i in 0..<wt.count {
            let v = wt[i]
            wt[i] = v + eps; let p = loss(&run, x, wt, b)
            wt[i] = v - eps; let m = loss(&run, x, wt, b)
            wt[i] = v
            check(dw[i], p, m)
        }
        for i in 0..<cout {
            let v = b[i]
            b[i] = v + eps; let p = loss(&run, x, wt, b)
            b[i] = v - eps; let m = loss(&run, x, wt, b)
            b[i] = v
            check(db[i], p, m)
        }
        XCTAssertLessThan(worst, 2e-3, "finite differences disagree with the gradients")
    }

    func testEmptyBatchTouchesNothing() throws {
        let conv = try FrequencyConvolution(inChannels: 2, outChannels: 2, height: 5, width: 5, kernel: 3, pad: 1)
        var run = KernelRun(conv, batch: 0, threads: 2)
        XCTAssertEqual(run.forward([], [Float](repeating: 1, count: 36), [0, 0]), [])
        let (_, dw, db) = run.backward([], dw0: [Float](repeating: 2, count: 36), db0: [3, 3])
        XCTAssertEqual(dw, [Float](repeating: 2, count: 36)); XCTAssertEqual(db, [3, 3])
    }

    func testRefusesNonsenseShapes() {
        XCTAssertThrowsError(try FrequencyConvolution(inChannels: 0, outChannels: 1, height: 8, width: 8, kernel: 3, pad: 1))
        XCTAssertThrowsError(try FrequencyConvolution(inChannels: 1, outChannels: 1, height: 8, width: 8, kernel: 3, pad: -1))
        XCTAssertThrowsError(try FrequencyConvolution(inChannels: 1, outChannels: 1, height: 4, width: 8, kernel: 7, pad: 0))
        XCTAssertThrowsError(try FrequencyConvolution(inChannels: 1, outChannels: 1, height: 8, width: 8, kernel: 0, pad: 0))
    }

    func testPicksFastTransformSizes() throws {
        for (h, k, pad, size) in [(28, 7, 3, 36), (32, 7, 3, 40), (64, 7, 3, 72), (28, 5, 2, 32), (32, 5, 0, 32)] {
            let c = try FrequencyConvolution(inChannels: 1, outChannels: 1, height: h, width: h, kernel: k, pad: pad)
            XCTAssertEqual(c.transformRows, size); XCTAssertEqual(c.transformColumns, size)
        }
    }
}
