import Foundation

/// A network of a level: how its input is formed and its layers.
public struct NetworkSpec: Codable, Equatable, Sendable {
    public enum Input: String, Codable, Sendable {
        /// [N, features]: the noise vector (G_K) or the flattened image (D_K); a class one-hot is appended.
        case vector
        /// [N, planes, S, S]: image, low-pass and noise planes; a class becomes one extra plane via a linear layer.
        case planes
    }
    public var input: Input
    public var layers: [LayerSpec]
    public init(input: Input, layers: [LayerSpec]) {
        self.input = input
        self.layers = layers
    }
}
