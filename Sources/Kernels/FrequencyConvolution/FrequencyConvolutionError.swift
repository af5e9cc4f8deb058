/// Why a `FrequencyConvolution` could not be planned for a shape.
public struct FrequencyConvolutionError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
