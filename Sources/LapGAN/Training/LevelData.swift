/// One level's training data, precomputed in model space: I_k and, below the coarsest level, l_k = u(I_{k+1}).
struct LevelData {
    let image: Tensor
    let lowpass: Tensor?
    let labels: [Int]?

    init(model: LapGAN, modelSpace: Tensor, labels: [Int]?, level k: Int) throws {
        let pyramid = model.pyramid
        image = try pyramid.down(modelSpace, to: k)
        lowpass = k == model.coarsest ? nil : try pyramid.up(pyramid.down(modelSpace, to: k + 1), to: k)
        self.labels = labels
    }

    var count: Int { image.shape[0] }

    /// Gathers items `indices` of `source`, optionally mirrored left–right per item.
    static func gather(_ source: Tensor, _ indices: [Int], flips: [Bool]) -> Tensor {
        var shape = source.shape
        shape[0] = indices.count
        let out = Tensor(zeros: shape)
        let per = source.itemCount, w = source.shape[3], rows = per / max(w, 1)
        for (j, i) in indices.enumerated() {
            let src = source.data + i * per, dst = out.data + j * per
            if flips[j] {
                for r in 0..<rows {
                    let s = src + r * w, d = dst + r * w
                    for c in 0..<w { d[c] = s[w - 1 - c] }
                }
            } else {
                dst.update(from: src, count: per)
            }
        }
        return out
    }
}
