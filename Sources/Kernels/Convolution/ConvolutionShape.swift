/// The geometry of one 2-D convolution over NCHW planes: channels, kernel, stride, padding and the input and
/// output plane sizes. Kernels take it with raw pointers to buffers the library allocated and sized from it.
public struct ConvolutionShape: Sendable, Equatable {
    public let inChannels: Int, outChannels: Int
    public let kernel: Int, stride: Int, pad: Int
    public let height: Int, width: Int
    public let outputHeight: Int, outputWidth: Int

    /// Output sizes follow from the input size; nil when the output would be empty.
    public init?(inChannels: Int, outChannels: Int, kernel: Int, stride: Int, pad: Int, height: Int, width: Int) {
        let s = max(1, stride)
        let ho = (height + 2 * pad - kernel) / s + 1, wo = (width + 2 * pad - kernel) / s + 1
        // As torch7 and the released models: a strided window may hang over the far edge (reads there are zeros),
        // so only an empty output is refused.
        guard inChannels > 0, outChannels > 0, kernel > 0, pad >= 0, height > 0, width > 0, ho > 0, wo > 0 else { return nil }
        self.inChannels = inChannels; self.outChannels = outChannels
        self.kernel = kernel; self.stride = s; self.pad = pad
        self.height = height; self.width = width
        outputHeight = ho; outputWidth = wo
    }

    /// Values in one input sample [C_in, H, W].
    public var inputCount: Int { inChannels * height * width }
    /// Values in one output sample [C_out, H_o, W_o].
    public var outputCount: Int { outChannels * outputPixels }
    public var outputPixels: Int { outputHeight * outputWidth }
    /// Rows of the unfolded input: C_in·k·k.
    public var patch: Int { inChannels * kernel * kernel }

    /// Output columns [lo, hi) whose input column ox + kj − pad lies inside the image (stride 1).
    @inline(__always) func columnRange(_ kj: Int) -> (lo: Int, hi: Int) {
        (min(outputWidth, max(0, pad - kj)), min(outputWidth, width + pad - kj))
    }
}
