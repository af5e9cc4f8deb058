import Foundation

/// Conversions between raw 0–255 pixels, the model's space and display space ([−1, 1]).
public extension LapGAN {
    /// Raw pixels (0…255, [N, C, S, S]) to the model's space.
    func toModelSpace(raw: Tensor) throws -> Tensor {
        switch description.normalization.kind {
        case .range:
            return ImageConversion.displaySpace(raw: raw)
        case .perPixel:
            let out = raw.copy()
            guard let mean = normalizationMean, let std = normalizationStd else { throw ModelError.invalid("per-pixel statistics missing") }
            let per = mean.count
            guard raw.itemCount == per else { throw ShapeError("images \(raw.shape) do not match the model's \(mean.shape)") }
            let minStd = description.normalization.minimumStd
            for n in 0..<raw.shape[0] {
                let p = out.data + n * per
                for i in 0..<per { p[i] = (p[i] - mean.data[i]) / max(std.data[i], minStd) }
            }
            return out
        }
    }

    /// Per-level statistics resized from the finest level (identity for `.range`).
    private func statistics(level k: Int) throws -> (mean: Tensor, std: Tensor)? {
        guard description.normalization.kind == .perPixel, let mean = normalizationMean, let std = normalizationStd else { return nil }
        let size = description.sizes[k], minStd = description.normalization.minimumStd
        let s = std.copy()
        for i in 0..<s.count { s.data[i] = max(s.data[i], minStd) }
        return (try Resample.resize(mean, to: size), try Resample.resize(s, to: size))
    }

    /// An image of level k in model space to display space [−1, 1] (exact at level 0, resized statistics above).
    func toDisplay(image t: Tensor, level k: Int) throws -> Tensor {
        guard let (mean, std) = try statistics(level: k) else { return t.copy() }
        let out = t.copy(), per = mean.count
        guard t.itemCount == per else { throw ShapeError("image \(t.shape) does not match level \(k)") }
        for n in 0..<t.shape[0] {
            let p = out.data + n * per
            for i in 0..<per { p[i] = (p[i] * std.data[i] + mean.data[i]) / 127.5 - 1 }
        }
        return out
    }

    /// A band-pass residual of level k to display scale (a difference, so only rescaled).
    func toDisplay(bandpass t: Tensor, level k: Int) throws -> Tensor {
        guard let (_, std) = try statistics(level: k) else { return t.copy() }
        let out = t.copy(), per = std.count
        for n in 0..<t.shape[0] {
            let p = out.data + n * per
            for i in 0..<per { p[i] = p[i] * std.data[i] / 127.5 }
        }
        return out
    }

    /// Fits per-pixel mean and std (0–255 scale) to raw training images [N, C, S, S].
    func fitNormalization(raw: Tensor) throws {
        guard description.normalization.kind == .perPixel else { return }
        let per = raw.itemCount, n = raw.shape[0]
        let shape = [1] + Array(raw.shape.dropFirst())
        let mean = Tensor(zeros: shape), std = Tensor(zeros: shape)
        let s = UnsafeMutablePointer<Double>.allocate(capacity: per), s2 = UnsafeMutablePointer<Double>.allocate(capacity: per)
        defer { s.deallocate(); s2.deallocate() }
        s.initialize(repeating: 0, count: per)
        s2.initialize(repeating: 0, count: per)
        for i in 0..<n {
            let p = raw.data + i * per
            for j in 0..<per { let v = Double(p[j]); s[j] += v; s2[j] += v * v }
        }
        for j in 0..<per {
            let m = s[j] / Double(max(n, 1))
            mean.data[j] = Float(m)
            std.data[j] = Float(max(s2[j] / Double(max(n, 1)) - m * m, 0).squareRoot())
        }
        normalizationMean = mean
        normalizationStd = std
    }
}
