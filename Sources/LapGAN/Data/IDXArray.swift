import Foundation

/// An n-dimensional unsigned-byte array read from an IDX file.
public struct IDXArray {
    public let dims: [Int]
    public let bytes: [UInt8]

    public init(dims: [Int], bytes: [UInt8]) {
        self.dims = dims
        self.bytes = bytes
    }
}
