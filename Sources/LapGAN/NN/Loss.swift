import Foundation

/// Losses and their gradients.
public enum Loss {
    /// Mean binary cross-entropy of logits [N, 1] against one target for all, and d loss / d logits.
    public static func bceWithLogits(_ logits: Tensor, target: Float) -> (loss: Float, grad: Tensor, meanProbability: Float) {
        bceWithLogits(logits, targets: [Float](repeating: target, count: logits.count))
    }

    /// Mean binary cross-entropy of logits against per-item targets in [0, 1], computed stably.
    public static func bceWithLogits(_ logits: Tensor, targets: [Float]) -> (loss: Float, grad: Tensor, meanProbability: Float) {
        let n = logits.count
        let grad = Tensor(zeros: logits.shape)
        var total = 0.0, prob = 0.0
        for i in 0..<n {
            let x = logits.data[i], y = targets[min(i, targets.count - 1)]
            total += Double(max(x, 0) - x * y + log1pf(expf(-abs(x))))
            let s = sigmoid(x)
            prob += Double(s)
            grad.data[i] = (s - y) / Float(n)
        }
        return (Float(total / Double(max(n, 1))), grad, Float(prob / Double(max(n, 1))))
    }

    /// Mean squared error between prediction and target and its gradient w.r.t. the prediction.
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) throws -> (loss: Float, grad: Tensor) {
        try target.requireShape(prediction.shape, "meanSquaredError")
        let n = prediction.count
        let grad = Tensor(zeros: prediction.shape)
        var total = 0.0
        for i in 0..<n {
            let d = prediction.data[i] - target.data[i]
            total += Double(d * d)
            grad.data[i] = 2 * d / Float(n)
        }
        return (Float(total / Double(max(n, 1))), grad)
    }
}
