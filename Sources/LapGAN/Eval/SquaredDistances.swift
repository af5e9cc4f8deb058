import Foundation

/// Squared Euclidean distances between rows of two matrices through sgemm: ‖x − y‖² = ‖x‖² + ‖y‖² − 2x·y, with the
/// squared norms computed once per matrix. Shared by the Parzen window (`ParzenWindow`) and the nearest-neighbour
/// search (`NearestNeighbours`).
enum SquaredDistances {
    /// ‖row‖² of each of `rows` rows of `d` values (accumulated in Double), allocated; the caller deallocates.
    static func norms(_ p: UnsafePointer<Float>, rows: Int, d: Int) -> UnsafeMutablePointer<Float> {
        let out = UnsafeMutablePointer<Float>.allocate(capacity: max(rows, 1))
        for i in 0..<rows {
            let r = p + i * d
            var acc: Double = 0
            for k in 0..<d { acc += Double(r[k]) * Double(r[k]) }
            out[i] = Float(acc)
        }
        return out
    }

    /// out[r·ldo + j] = max(0, ‖x_r‖² + ‖y_j‖² − 2 x_r·y_j) for `rows` rows of x against `columns` rows of y
    /// (both row-major with `d` values per row); clamped at 0 because the expansion can round below it.
    static func compute(x: UnsafePointer<Float>, xNorms: UnsafePointer<Float>, rows: Int,
                        y: UnsafePointer<Float>, yNorms: UnsafePointer<Float>, columns: Int, d: Int,
                        out: UnsafeMutablePointer<Float>, ldo: Int) {
        BLAS.gemm(transB: true, m: rows, n: columns, k: d, a: x, lda: d, b: y, ldb: d, c: out, ldc: ldo)
        for r in 0..<rows {
            let row = out + r * ldo, xn = xNorms[r]
            for j in 0..<columns { row[j] = max(0, xn + yNorms[j] - 2 * row[j]) }
        }
    }
}
