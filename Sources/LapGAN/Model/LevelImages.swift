/// What one pyramid level of one sample looks like, as 8-bit images ([0, 255]): the image Ĩ_k, the low-pass
/// l_k = u(Ĩ_{k+1}) and the band-pass h̃_k contrast-stretched so that its largest |value| is black or white
/// (grey = 0). The coarsest level has only its image.
public struct LevelImages: Equatable {
    public var image: RasterImage
    public var lowpass: RasterImage?
    public var bandpass: RasterImage?

    public init(image: RasterImage, lowpass: RasterImage?, bandpass: RasterImage?) {
        self.image = image
        self.lowpass = lowpass
        self.bandpass = bandpass
    }
}
