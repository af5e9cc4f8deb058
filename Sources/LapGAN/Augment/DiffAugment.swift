import Foundation

/// Differentiable augmentation of the images D sees, real and generated alike (DiffAugment, Zhao et al. 2020):
/// each image gets its own random colour change, translation and cutout, and G learns through them. On small data
/// it keeps D from memorising the training set. Every transform is affine per image, so backward is exact.
public struct DiffAugment: Codable, Equatable, Sendable {
    /// The transforms, in the order they apply.
    public enum Transform: String, Codable, CaseIterable, Sendable {
        /// Brightness ±0.5, saturation ×[0, 2], contrast ×[0.5, 1.5], as the paper's code does in [−1, 1].
        case color
        /// A shift of up to 1/8 of the size in each direction, zeros (mid-grey in [−1, 1] terms: 0) shifted in.
        case translation
        /// A square of half the size set to 0 at a random place.
        case cutout
    }

    public var transforms: [Transform]

    public init(_ transforms: [Transform]) { self.transforms = transforms }

    /// "color,translation,cutout" (any subset, any order); nil when a name is unknown or repeated.
    public init?(policy: String) {
        let names = policy.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let parsed = names.compactMap { Transform(rawValue: $0 == "colour" ? "color" : $0) }
        guard !parsed.isEmpty, parsed.count == names.count, Set(parsed).count == parsed.count else { return nil }
        transforms = parsed
    }

    public var policy: String { transforms.map(\.rawValue).joined(separator: ",") }

    /// The random draws of one image: colour factors, shift and cutout corner.
    struct Draw: Equatable {
        var brightness: Float = 0, saturation: Float = 1, contrast: Float = 1
        var shiftX = 0, shiftY = 0
        var cutX = 0, cutY = 0
    }

    /// Draws the parameters of `count` images of size `size` (a whole batch, so that every rank of a data-parallel
    /// run draws alike and keeps its rows).
    func draws(count: Int, size: Int, rng: RNG) -> [Draw] {
        (0..<count).map { _ in
            var d = Draw()
            for t in transforms {
                switch t {
                case .color:
                    d.brightness = rng.uniform() - 0.5
                    d.saturation = rng.uniform() * 2
                    d.contrast = rng.uniform() + 0.5
                case .translation:
                    let r = max(0, Int((Float(size) * 0.125).rounded()))
                    d.shiftX = rng.index(2 * r + 1) - r
                    d.shiftY = rng.index(2 * r + 1) - r
                case .cutout:
                    let half = size / 2
                    d.cutX = rng.index(size + 1 - half)
                    d.cutY = rng.index(size + 1 - half)
                }
            }
            return d
        }
    }

    /// Augments images [N, C, S, S] (display space) with one draw per image; `x` is left as it is.
    func apply(_ x: Tensor, _ draws: [Draw]) throws -> Tensor {
        try eachImage(of: x, draws) { p, d, c, s in
            for t in transforms {
                switch t {
                case .color: DiffAugment.color(p, channels: c, plane: s * s, d)
                case .translation: DiffAugment.shift(p, channels: c, size: s, dx: d.shiftX, dy: d.shiftY)
                case .cutout: DiffAugment.cut(p, channels: c, size: s, x: d.cutX, y: d.cutY)
                }
            }
        }
    }

    /// The gradient with respect to `apply`'s input, given the gradient `g` with respect to its output: each
    /// transform's transpose, in reverse order. `g` is left as it is.
    func backward(_ g: Tensor, _ draws: [Draw]) throws -> Tensor {
        try eachImage(of: g, draws) { p, d, c, s in
            for t in transforms.reversed() {
                switch t {
                case .color: DiffAugment.colorTranspose(p, channels: c, plane: s * s, d)
                case .translation: DiffAugment.shift(p, channels: c, size: s, dx: -d.shiftX, dy: -d.shiftY)
                case .cutout: DiffAugment.cut(p, channels: c, size: s, x: d.cutX, y: d.cutY)
                }
            }
        }
    }

    /// A copy of `x` with `body(planes, draw, channels, size)` run on each image's planes in place.
    private func eachImage(of x: Tensor, _ draws: [Draw],
                           _ body: (UnsafeMutablePointer<Float>, Draw, Int, Int) -> Void) throws -> Tensor {
        try requireShape(x, draws)
        let y = x.copy()
        let c = x.shape[1], s = x.shape[2]
        for (n, d) in draws.enumerated() { body(y.data + n * c * s * s, d, c, s) }
        return y
    }

    private func requireShape(_ x: Tensor, _ draws: [Draw]) throws {
        guard x.rank == 4, x.shape[2] == x.shape[3], x.shape[0] == draws.count else {
            throw ShapeError("DiffAugment needs [N, C, S, S] images with one draw each; got \(x.shape) and \(draws.count) draws")
        }
    }

    // MARK: the transforms, on one image's planes

    /// Brightness, then saturation (about the per-pixel channel mean), then contrast (about the image mean).
    private static func color(_ p: UnsafeMutablePointer<Float>, channels c: Int, plane: Int, _ d: Draw) {
        for i in 0..<(c * plane) { p[i] += d.brightness }
        towardsMean(ofChannels: p, channels: c, plane: plane, factor: d.saturation)
        towardsMean(ofImage: p, count: c * plane, factor: d.contrast)
    }

    /// The transpose of `color`'s linear part, in reverse order (brightness adds a constant: its transpose is the
    /// identity). Both maps are symmetric: y = a·x + (1 − a)·mean(x).
    private static func colorTranspose(_ g: UnsafeMutablePointer<Float>, channels c: Int, plane: Int, _ d: Draw) {
        towardsMean(ofImage: g, count: c * plane, factor: d.contrast)
        towardsMean(ofChannels: g, channels: c, plane: plane, factor: d.saturation)
    }

    /// Each pixel's channels scaled by `factor` about their mean (saturation; nothing for one channel).
    private static func towardsMean(ofChannels p: UnsafeMutablePointer<Float>, channels c: Int, plane: Int, factor: Float) {
        guard c > 1 else { return }
        for i in 0..<plane {
            var m: Float = 0
            for ch in 0..<c { m += p[ch * plane + i] }
            m /= Float(c)
            for ch in 0..<c { p[ch * plane + i] = (p[ch * plane + i] - m) * factor + m }
        }
    }

    /// All values scaled by `factor` about their mean (contrast).
    private static func towardsMean(ofImage p: UnsafeMutablePointer<Float>, count: Int, factor: Float) {
        var mean: Float = 0
        for i in 0..<count { mean += p[i] }
        mean /= Float(count)
        for i in 0..<count { p[i] = (p[i] - mean) * factor + mean }
    }

    /// Moves every plane by (dx, dy) pixels, zeros shifted in. Its transpose is the shift by (−dx, −dy).
    private static func shift(_ p: UnsafeMutablePointer<Float>, channels c: Int, size s: Int, dx: Int, dy: Int) {
        guard dx != 0 || dy != 0 else { return }
        var copy = [Float](repeating: 0, count: s * s)
        for ch in 0..<c {
            let q = p + ch * s * s
            for i in 0..<(s * s) { copy[i] = q[i] }
            for y in 0..<s {
                let sy = y - dy
                for x in 0..<s {
                    let sx = x - dx
                    q[y * s + x] = sy >= 0 && sy < s && sx >= 0 && sx < s ? copy[sy * s + sx] : 0
                }
            }
        }
    }

    /// Zeroes the half-size square at (x, y) in every plane (a mask: its own transpose).
    private static func cut(_ p: UnsafeMutablePointer<Float>, channels c: Int, size s: Int, x: Int, y: Int) {
        let half = s / 2
        for ch in 0..<c {
            for r in y..<min(s, y + half) {
                for col in x..<min(s, x + half) { p[ch * s * s + r * s + col] = 0 }
            }
        }
    }
}
