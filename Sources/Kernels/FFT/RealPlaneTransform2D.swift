/// Real 2-D DFTs of many planes, eight planes per vector, between NCHW-style planes and a bin-major spectrum.
///
/// A plane of `height × width` reals is placed at (`rowOffset`, `columnOffset`) in a zero `rows × columns` grid and
/// transformed; the half spectrum has `rows × (columns/2 + 1)` bins. The spectrum is laid out bin-major,
/// `[bin][plane]` of interleaved (re, im) floats, so that per bin the planes form a matrix a complex GEMM reads
/// directly. Forward is unnormalised; `inverse` computes the unnormalised inverse (multiply by 1/(rows·columns)
/// elsewhere to undo `forward`). Immutable; all scratch is passed in. Planes, placements and buffer sizes that do
/// not fit are programmer errors (preconditions, not checked in -Ounchecked builds).
public struct RealPlaneTransform2D: Sendable {
    public let rows: Int, columns: Int
    public var halfColumns: Int { columns / 2 + 1 }
    public var binCount: Int { rows * halfColumns }
    let rowFFT: PlaneVectorFFT
    let columnFFT: PlaneVectorFFT
    /// Vectors of planes one call handles together, so that each bin's spectrum is read or written as one contiguous
    /// run of `planesPerCall` complex values (strided single vectors made the spectrum traffic latency-bound).
    public let vectorsPerCall: Int
    /// Planes one `forward` or `inverse` call handles at most.
    public var planesPerCall: Int { vectorsPerCall * PlaneVector.scalarCount }

    /// Plans a `rows × columns` transform; nil unless both factor into 2, 3 and 5 and `columns` is even.
    public init?(rows: Int, columns: Int) {
        guard columns % 2 == 0, let r = PlaneVectorFFT(count: columns), let c = PlaneVectorFFT(count: rows) else { return nil }
        self.rows = rows
        self.columns = columns
        rowFFT = r
        columnFFT = c
        let gridBytes = rows * (columns / 2 + 1) * MemoryLayout<PlaneComplex>.stride
        vectorsPerCall = max(1, min(8, 393_216 / gridBytes))
    }

    /// `PlaneComplex` elements of scratch one call on one thread needs.
    public var scratchElements: Int {
        let grid = rows * halfColumns * vectorsPerCall
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

    /// Whether a plane placed so lies inside the grid.
    public func fits(_ g: Placement) -> Bool {
        g.height > 0 && g.width > 0 && g.rowOffset >= 0 && g.columnOffset >= 0
            && g.rowOffset + g.height <= rows && g.columnOffset + g.width <= columns
    }

    @inline(__always) static func aligned(_ p: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<PlaneComplex> {
        let raw = UInt(bitPattern: p)
        let up = (raw + 63) & ~UInt(63)
        return UnsafeMutableRawPointer(bitPattern: up).unsafelyUnwrapped.assumingMemoryBound(to: PlaneComplex.self)
    }

    /// Forward-transforms planes `first..<first+count` (count ≤ `planesPerCall`) of `source` (plane stride
    /// height·width) into `spectrum` (`[bin][planeCount]` complex). `scratch` holds `scratchFloats` floats.
    public func forward(source: UnsafePointer<Float>, placement g: Placement, first: Int, count: Int, planeCount: Int,
                        spectrum: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        precondition(fits(g) && first >= 0 && count > 0 && count <= planesPerCall && first + count <= planeCount,
                     "RealPlaneTransform2D: planes \(first)..<\(first + count) of \(planeCount) or placement \(g) outside the \(rows)×\(columns) grid")
        let M = halfColumns, Pw = columns, Ph = rows, lanes = PlaneVector.scalarCount
        let vectors = (count + lanes - 1) / lanes, rowStride = vectors * M
        let pairs = (g.height + 1) / 2
        let zero = PlaneComplex(re: .zero, im: .zero)
        let grid = Self.aligned(scratch), gridScratch = grid + Ph * vectorsPerCall * M
        let z = gridScratch + Ph * vectorsPerCall * M, zScratch = z + pairs * Pw, stage = zScratch + pairs * Pw
        let stageFloats = UnsafeMutableRawPointer(stage).assumingMemoryBound(to: Float.self)
        let planeSize = g.height * g.width
        grid.update(repeating: zero, count: Ph * rowStride)
        for v in 0..<vectors {
            let f0 = first + v * lanes, n = min(lanes, count - v * lanes)
            // Load: z[x][pair] = row 2·pair + i·row (2·pair+1), shifted by the column offset. Each lane's image rows
            // are copied with stride `lanes` into a staging row, which is then read as whole vectors.
            z.update(repeating: zero, count: pairs * Pw)
            if n < lanes { stage.update(repeating: zero, count: g.width) }
            for pair in 0..<pairs {
                let r0 = 2 * pair, hasB = r0 + 1 < g.height
                if !hasB { stage.update(repeating: zero, count: g.width) }
                for l in 0..<n {
                    let s0 = source + (f0 + l) * planeSize + r0 * g.width, s1 = s0 + g.width
                    let re = stageFloats + l, im = stageFloats + lanes + l
                    for x in 0..<g.width { re[x * 2 * lanes] = s0[x] }
                    if hasB { for x in 0..<g.width { im[x * 2 * lanes] = s1[x] } }
                }
                let zrow = z + g.columnOffset * pairs + pair
                for x in 0..<g.width { zrow[x * pairs] = stage[x] }
            }
            let zr = rowFFT.transform(z, scratch: zScratch, batch: pairs, inverse: false)
            // Split the paired rows: A = (Z[k] + conj Z[−k])/2, B = (Z[k] − conj Z[−k])/(2i), into grid rows.
            let gv = grid + v * M
            for k in 0..<M {
                let zk = zr + k * pairs, zm = zr + ((Pw - k) % Pw) * pairs
                for pair in 0..<pairs {
                    let a = zk[pair], b = zm[pair]
                    let row = g.rowOffset + 2 * pair
                    gv[row * rowStride + k] = PlaneComplex(re: (a.re + b.re) * 0.5, im: (a.im - b.im) * 0.5)
                    if 2 * pair + 1 < g.height {
                        gv[(row + 1) * rowStride + k] = PlaneComplex(re: (a.im + b.im) * 0.5, im: (b.re - a.re) * 0.5)
                    }
                }
            }
        }
        let spec = columnFFT.transform(grid, scratch: gridScratch, batch: rowStride, inverse: false)
        // Store bin-major: per bin one contiguous run of the call's planes, (re, im) interleaved.
        let full = count / lanes, rest = count % lanes
        for ky in 0..<Ph {
            for kx in 0..<M {
                let src = spec + ky * rowStride + kx
                let d = spectrum + ((ky * M + kx) * planeCount + first) * 2
                for v in 0..<full {
                    let c = src[v * M]
                    var both = InterleavedPlaneVector()
                    both.evenHalf = c.re
                    both.oddHalf = c.im
                    UnsafeMutableRawPointer(d + v * 2 * lanes).storeBytes(of: both, as: InterleavedPlaneVector.self)
                }
                if rest > 0 {
                    let c = src[full * M], dr = d + full * 2 * lanes
                    for l in 0..<rest { dr[2 * l] = c.re[l]; dr[2 * l + 1] = c.im[l] }
                }
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

    /// Inverse-transforms planes `first..<first+count` (count ≤ `planesPerCall`) of `spectrum` (`[bin][planeCount]`)
    /// and writes the window `placement` of each result grid (rows rowOffset..<rowOffset+height, likewise columns) to
    /// `destination` (plane stride height·width), unscaled.
    public func inverse(spectrum: UnsafePointer<Float>, first: Int, count: Int, planeCount: Int,
                        placement g: Placement, destination: UnsafeMutablePointer<Float>, store: Store,
                        scratch: UnsafeMutablePointer<Float>) {
        precondition(fits(g) && first >= 0 && count > 0 && count <= planesPerCall && first + count <= planeCount,
                     "RealPlaneTransform2D: planes \(first)..<\(first + count) of \(planeCount) or placement \(g) outside the \(rows)×\(columns) grid")
        let M = halfColumns, Pw = columns, Ph = rows, lanes = PlaneVector.scalarCount
        let vectors = (count + lanes - 1) / lanes, rowStride = vectors * M
        let pairs = (g.height + 1) / 2
        let zero = PlaneComplex(re: .zero, im: .zero)
        let grid = Self.aligned(scratch), gridScratch = grid + Ph * vectorsPerCall * M
        let z = gridScratch + Ph * vectorsPerCall * M, zScratch = z + pairs * Pw, stage = zScratch + pairs * Pw
        let stageFloats = UnsafeMutableRawPointer(stage).assumingMemoryBound(to: Float.self)
        // Load per bin one contiguous run of the call's planes.
        let full = count / lanes, rest = count % lanes
        for ky in 0..<Ph {
            for kx in 0..<M {
                let dst = grid + ky * rowStride + kx
                let s = spectrum + ((ky * M + kx) * planeCount + first) * 2
                for v in 0..<full {
                    let both = UnsafeRawPointer(s + v * 2 * lanes).loadUnaligned(as: InterleavedPlaneVector.self)
                    dst[v * M] = PlaneComplex(re: both.evenHalf, im: both.oddHalf)
                }
                if rest > 0 {
                    var re = PlaneVector(), im = PlaneVector()
                    let sr = s + full * 2 * lanes
                    for l in 0..<rest { re[l] = sr[2 * l]; im[l] = sr[2 * l + 1] }
                    dst[full * M] = PlaneComplex(re: re, im: im)
                }
            }
        }
        let cols = columnFFT.transform(grid, scratch: gridScratch, batch: rowStride, inverse: true)
        let planeSize = g.height * g.width
        for v in 0..<vectors {
            let f0 = first + v * lanes, n = min(lanes, count - v * lanes)
            // Pair the wanted rows: Z[k] = A[k] + i·B[k], with A[−k] = conj A[k] for the upper half.
            let zeroRow = zScratch  // a row of zeros stands in for B when the height is odd
            zeroRow.update(repeating: zero, count: M)
            for pair in 0..<pairs {
                let ra = cols + (g.rowOffset + 2 * pair) * rowStride + v * M
                let rb = 2 * pair + 1 < g.height ? ra + rowStride : zeroRow
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
            for pair in 0..<pairs {
                let r0 = 2 * pair, hasB = r0 + 1 < g.height
                for x in 0..<g.width { stage[x] = out[(x + g.columnOffset) * pairs + pair] }
                for l in 0..<n {
                    let plane = f0 + l
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
}
