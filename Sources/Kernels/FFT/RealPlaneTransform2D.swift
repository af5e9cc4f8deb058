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
        return 2 * grid + 2 * pairs
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
        // Load: z[x][pair] = row 2·pair + i·row (2·pair+1), shifted by the column offset.
        z.update(repeating: PlaneComplex(re: .zero, im: .zero), count: pairs * Pw)
        for pair in 0..<pairs {
            let r0 = 2 * pair, r1 = r0 + 1
            for x in 0..<g.width {
                var re = PlaneVector(), im = PlaneVector()
                let o0 = r0 * g.width + x, o1 = r1 * g.width + x
                if r1 < g.height {
                    for l in 0..<count { let s = source + (first + l) * planeSize; re[l] = s[o0]; im[l] = s[o1] }
                } else {
                    for l in 0..<count { re[l] = source[(first + l) * planeSize + o0] }
                }
                z[(x + g.columnOffset) * pairs + pair] = PlaneComplex(re: re, im: im)
            }
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
        // Store bin-major, interleaved.
        let bins = Ph * M
        if count == 8 {
            for b in 0..<bins {
                let v = spec[b]
                let d = spectrum + (b * planeCount + first) * 2
                for l in 0..<8 { d[2 * l] = v.re[l]; d[2 * l + 1] = v.im[l] }
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
        for b in 0..<bins {
            var re = PlaneVector(), im = PlaneVector()
            let s = spectrum + (b * planeCount + first) * 2
            for l in 0..<count { re[l] = s[2 * l]; im[l] = s[2 * l + 1] }
            grid[b] = PlaneComplex(re: re, im: im)
        }
        let cols = columnFFT.transform(grid, scratch: gridScratch, batch: M, inverse: true)
        // Pair the wanted rows: Z[k] = A[k] + i·B[k], with A[−k] = conj A[k] for the upper half.
        for pair in 0..<pairs {
            let ra = cols + (g.rowOffset + 2 * pair) * M
            let hasB = 2 * pair + 1 < g.height
            let rb = cols + (g.rowOffset + 2 * pair + (hasB ? 1 : 0)) * M
            for k in 0..<M {
                let a = ra[k], b = hasB ? rb[k] : PlaneComplex(re: .zero, im: .zero)
                z[k * pairs + pair] = PlaneComplex(re: a.re - b.im, im: a.im + b.re)
            }
            for k in M..<Pw {
                let a = ra[Pw - k], b = hasB ? rb[Pw - k] : PlaneComplex(re: .zero, im: .zero)
                z[k * pairs + pair] = PlaneComplex(re: a.re + b.im, im: b.re - a.im)
            }
        }
        let out = rowFFT.transform(z, scratch: zScratch, batch: pairs, inverse: true)
        let planeSize = g.height * g.width
        for pair in 0..<pairs {
            let r0 = 2 * pair, r1 = r0 + 1
            for x in 0..<g.width {
                let v = out[(x + g.columnOffset) * pairs + pair]
                for l in 0..<count {
                    let plane = first + l
                    let d = destination + plane * planeSize + r0 * g.width + x
                    switch store {
                    case .assign:
                        d.pointee = v.re[l]
                        if r1 < g.height { d[g.width] = v.im[l] }
                    case .addBias(let bias, let n):
                        let bv = bias[plane % n]
                        d.pointee = v.re[l] + bv
                        if r1 < g.height { d[g.width] = v.im[l] + bv }
                    case .accumulate:
                        d.pointee += v.re[l]
                        if r1 < g.height { d[g.width] += v.im[l] }
                    }
                }
            }
        }
    }
}
