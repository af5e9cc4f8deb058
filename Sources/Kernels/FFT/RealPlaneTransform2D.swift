/// Real 2-D DFTs of many planes, eight planes per vector, between NCHW-style planes and a bin-major spectrum.
///
/// A plane of `height × width` reals is placed at (`rowOffset`, `columnOffset`) in a zero `rows × columns` grid and
/// transformed; the half spectrum has `rows × (columns/2 + 1)` bins. The spectrum is laid out bin-major,
/// `[bin][plane]` of interleaved (re, im) floats, so that per bin the planes form a matrix a complex GEMM reads
/// directly. Forward is unnormalised; `inverse` computes the unnormalised inverse (multiply by 1/(rows·columns)
/// elsewhere to undo `forward`). Immutable; all scratch is passed in.
public struct RealPlaneTransform2D: Sendable {
    public let rows: Int, columns: Int
    public var halfColumns: Int { columns / 2 + 1 }
    public var binCount: Int { rows * halfColumns }
    let rowFFT: PlaneVectorFFT
    let columnFFT: PlaneVectorFFT

    /// Plans a `rows × columns` transform; nil unless both factor into 2, 3 and 5 and `columns` is even.
    public init?(rows: Int, columns: Int) {
        guard columns % 2 == 0, let r = PlaneVectorFFT(count: columns), let c = PlaneVectorFFT(count: rows) else { return nil }
        self.rows = rows
        self.columns = columns
        rowFFT = r
        columnFFT = c
    }

    /// `PlaneComplex` elements of scratch one call on one thread needs.
    public var scratchElements: Int {
        let grid = rows * halfColumns
        let pairs = (rows + 1) / 2 * columns
        return 2 * grid + 2 * pairs + columns
    }

    /// Floats of scratch per thread (for callers that hand out raw float workspace).
    public var scratchFloats: Int { scratchElements * 16 + 16 }

    /// Where a plane sits in the grid.
    public struct Placement: Sendable {
        public var height: Int, width: Int, rowOffset: Int, columnOffset: Int
        public init(height: Int, width: Int, rowOffset: Int, columnOffset: Int) {
            self.height = height; self.width = width; self.rowOffset = rowOffset; self.columnOffset = columnOffset
        }
    }

    @inline(__always) static func aligned(_ p: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<PlaneComplex> {
        let raw = UInt(bitPattern: p)
        let up = (raw + 63) & ~UInt(63)
        return UnsafeMutableRawPointer(bitPattern: up).unsafelyUnwrapped.assumingMemoryBound(to: PlaneComplex.self)
    }

    /// Forward-transforms planes `first..<first+count` (count ≤ 8) of `source` (plane stride height·width) into
    /// `spectrum` (`[bin][planeCount]` complex). `scratch` holds `scratchFloats` floats.
    public func forward(source: UnsafePointer<Float>, placement g: Placement, first: Int, count: Int, planeCount: Int,
                        spectrum: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let M = halfColumns, Pw = columns, Ph = rows
        let pairs = (g.height + 1) / 2
        let base = Self.aligned(scratch)
        let grid = base, gridScratch = base + Ph * M
        let z = gridScratch + Ph * M, zScratch = z + pairs * Pw
        let planeSize = g.height * g.width
        // Load: z[x][pair] = row 2·pair + i·row (2·pair+1), shifted by the column offset. Each lane's image rows are
        // copied with stride `lanes` into a staging row, which is then read as whole vectors.
        let lanes = PlaneVector.scalarCount
        let stage = zScratch + pairs * Pw
        let stageFloats = UnsafeMutableRawPointer(stage).assumingMemoryBound(to: Float.self)
        z.update(repeating: PlaneComplex(re: .zero, im: .zero), count: pairs * Pw)
        if count < lanes { stage.update(repeating: PlaneComplex(re: .zero, im: .zero), count: g.width) }
        for pair in 0..<pairs {
            let r0 = 2 * pair, hasB = r0 + 1 < g.height
            if !hasB { stage.update(repeating: PlaneComplex(re: .zero, im: .zero), count: g.width) }
            for l in 0..<count {
                let s0 = source + (first + l) * planeSize + r0 * g.width, s1 = s0 + g.width
                let re = stageFloats + l, im = stageFloats + lanes + l
                for x in 0..<g.width { re[x * 2 * lanes] = s0[x] }
                if hasB { for x in 0..<g.width { im[x * 2 * lanes] = s1[x] } }
            }
            let zrow = z + g.columnOffset * pairs + pair
            for x in 0..<g.width { zrow[x * pairs] = stage[x] }
        }
        let zr = rowFFT.transform(z, scratch: zScratch, batch: pairs, inverse: false)
        // Split the paired rows: A = (Z[k] + conj Z[−k])/2, B = (Z[k] − conj Z[−k])/(2i), into grid rows.
        grid.update(repeating: PlaneComplex(re: .zero, im: .zero), count: Ph * M)
        for k in 0..<M {
            let zk = zr + k * pairs, zm = zr + ((Pw - k) % Pw) * pairs
            for pair in 0..<pairs {
                let a = zk[pair], b = zm[pair]
                let row = g.rowOffset + 2 * pair
                grid[row * M + k] = PlaneComplex(re: (a.re + b.re) * 0.5, im: (a.im - b.im) * 0.5)
                if 2 * pair + 1 < g.height {
                    grid[(row + 1) * M + k] = PlaneComplex(re: (a.im + b.im) * 0.5, im: (b.re - a.re) * 0.5)
                }
            }
        }
        let spec = columnFFT.transform(grid, scratch: gridScratch, batch: M, inverse: false)
        // Store bin-major, interleaved (re, im) per plane.
        let bins = Ph * M
        if count == lanes {
            for b in 0..<bins {
                let v = spec[b]
                var pair = SIMD16<Float>()
                pair.evenHalf = v.re
                pair.oddHalf = v.im
                UnsafeMutableRawPointer(spectrum + (b * planeCount + first) * 2).storeBytes(of: pair, as: SIMD16<Float>.self)
            }
        } else {
            for b in 0..<bins {
                let v = spec[b]
                let d = spectrum + (b * planeCount + first) * 2
                for l in 0..<count { d[2 * l] = v.re[l]; d[2 * l + 1] = v.im[l] }
            }
        }
    }

    /// How `inverse` writes its result.
    public enum Store {
        /// dst = value
        case assign
        /// dst = value + bias[plane % biasCount]
        case addBias(UnsafePointer<Float>, count: Int)
        /// dst += value
        case accumulate
    }

    /// Inverse-transforms planes `first..<first+count` (count ≤ 8) of `spectrum` (`[bin][planeCount]`) and writes the
    /// window `placement` of each result grid (rows rowOffset..<rowOffset+height, likewise columns) to `destination`
    /// (plane stride height·width), unscaled.
    public func inverse(spectrum: UnsafePointer<Float>, first: Int, count: Int, planeCount: Int,
                        placement g: Placement, destination: UnsafeMutablePointer<Float>, store: Store,
                        scratch: UnsafeMutablePointer<Float>) {
        let M = halfColumns, Pw = columns, Ph = rows
        let pairs = (g.height + 1) / 2
        let base = Self.aligned(scratch)
        let grid = base, gridScratch = base + Ph * M
        let z = gridScratch + Ph * M, zScratch = z + pairs * Pw
        let bins = Ph * M
        if count == PlaneVector.scalarCount {
            for b in 0..<bins {
                let v = UnsafeRawPointer(spectrum + (b * planeCount + first) * 2).loadUnaligned(as: SIMD16<Float>.self)
                grid[b] = PlaneComplex(re: v.evenHalf, im: v.oddHalf)
            }
        } else {
            for b in 0..<bins {
                var re = PlaneVector(), im = PlaneVector()
                let s = spectrum + (b * planeCount + first) * 2
                for l in 0..<count { re[l] = s[2 * l]; im[l] = s[2 * l + 1] }
                grid[b] = PlaneComplex(re: re, im: im)
            }
        }
        let cols = columnFFT.transform(grid, scratch: gridScratch, batch: M, inverse: true)
        // Pair the wanted rows: Z[k] = A[k] + i·B[k], with A[−k] = conj A[k] for the upper half.
        let zeroRow = zScratch  // a row of zeros stands in for B when the height is odd
        zeroRow.update(repeating: PlaneComplex(re: .zero, im: .zero), count: M)
        for pair in 0..<pairs {
            let ra = cols + (g.rowOffset + 2 * pair) * M
            let rb = 2 * pair + 1 < g.height ? ra + M : zeroRow
            let zc = z + pair
            for k in 0..<M {
                let a = ra[k], b = rb[k]
                zc[k * pairs] = PlaneComplex(re: a.re - b.im, im: a.im + b.re)
            }
            for k in M..<Pw {
                let a = ra[Pw - k], b = rb[Pw - k]
                zc[k * pairs] = PlaneComplex(re: a.re + b.im, im: b.re - a.im)
            }
        }
        let out = rowFFT.transform(z, scratch: zScratch, batch: pairs, inverse: true)
        // Scatter through a staging row: vectors of one grid row, then each lane's contiguous image row.
        let stage = zScratch + pairs * Pw
        let stageFloats = UnsafeMutableRawPointer(stage).assumingMemoryBound(to: Float.self)
        let lanes = PlaneVector.scalarCount
        let planeSize = g.height * g.width
        for pair in 0..<pairs {
            let r0 = 2 * pair, hasB = r0 + 1 < g.height
            for x in 0..<g.width { stage[x] = out[(x + g.columnOffset) * pairs + pair] }
            for l in 0..<count {
                let plane = first + l
                let d0 = destination + plane * planeSize + r0 * g.width, d1 = d0 + g.width
                let re = stageFloats + l, im = stageFloats + lanes + l
                let step = 2 * lanes
                switch store {
                case .assign:
                    for x in 0..<g.width { d0[x] = re[x * step] }
                    if hasB { for x in 0..<g.width { d1[x] = im[x * step] } }
                case .addBias(let bias, let n):
                    let bv = bias[plane % n]
                    for x in 0..<g.width { d0[x] = re[x * step] + bv }
                    if hasB { for x in 0..<g.width { d1[x] = im[x * step] + bv } }
                case .accumulate:
                    for x in 0..<g.width { d0[x] += re[x * step] }
                    if hasB { for x in 0..<g.width { d1[x] += im[x * step] } }
                }
            }
        }
    }
}
