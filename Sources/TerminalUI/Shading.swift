/// Greyscale fallbacks: the ASCII shading ramp used when there is no colour, and the ANSI greys.
public enum Shading {
    /// Dark to light, for light text on a dark background.
    public static let asciiRamp: [Unicode.Scalar] = Array(" .:-=+*#%@".unicodeScalars)

    /// The ramp character for a luma 0...255.
    @inlinable
    public static func asciiShade(luma: UInt8) -> Unicode.Scalar {
        let n = asciiRamp.count
        return asciiRamp[min(n - 1, Int(luma) * n / 256)]
    }

    /// One of the four ANSI greys (0 black, 1 bright black, 2 white, 3 bright white) for a luma.
    @inlinable
    public static func ansiGreyLevel(luma: UInt8) -> Int {
        // The ANSI greys are roughly 0, 128, 192, 255: choose the nearest.
        let y = Int(luma)
        if y < 64 { return 0 }
        if y < 160 { return 1 }
        if y < 224 { return 2 }
        return 3
    }
}
