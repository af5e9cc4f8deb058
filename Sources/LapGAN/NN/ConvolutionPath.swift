import Foundation

/// How a `Conv2D` computes: unfolding into a matrix for sgemm, a direct loop, or the frequency domain.
public enum ConvolutionPath: String, CaseIterable, Codable, Sendable {
    /// im2col + `cblas_sgemm`: any stride; near the sgemm ceiling.
    case unfolded
    /// A direct loop (stride 1, ≤ 4 output channels), where unfolding costs more than the arithmetic.
    case direct
    /// Real 2-D FFTs and per-bin complex GEMM (stride 1, 5×5 and larger, ≥ 4 input channels): ~10× fewer operations
    /// than the direct convolution at the paper's 7×7 64→64.
    case frequency

    /// The path for a layer, by the rule `lapgan bench layers` measured (release build, 2 cores, batch 128; FFT vs
    /// the best of im2col/direct, forward + backward): 7×7 64→64 9–12× faster in the frequency domain at 28, 32 and
    /// 64 pixels, 7×7 4→64 1.2–1.7×, 5×5 64→3 5.6× (against the direct loop), but 5×5 3→64 0.8× (im2col wins when
    /// few input planes make the output transforms the whole cost). A fixed rule, not a timing at start-up, so a
    /// run computes the same on every machine and a resumed run continues bit for bit.
    /// `forced` (a pass's `ForwardContext.convolutionPath`) wins where the layer allows it.
    public static func choose(inChannels: Int, outChannels: Int, kernel: Int, stride: Int,
                              forced: ConvolutionPath? = nil) -> (path: ConvolutionPath, reason: String) {
        if let forced, forced == .unfolded || stride == 1 { return (forced, "forced by --conv-path") }
        if stride == 1 && kernel >= 5 && inChannels >= 4 {
            return (.frequency, "stride 1, \(kernel)×\(kernel), \(inChannels) input planes: FFT needs far fewer operations")
        }
        if stride == 1 && outChannels <= 4 {
            return (.direct, "\(outChannels) output channels: unfolding would cost more than the arithmetic")
        }
        return (.unfolded, stride > 1 ? "stride \(stride)" : "\(kernel)×\(kernel) with \(inChannels) input planes: sgemm on unfolded columns")
    }
}
