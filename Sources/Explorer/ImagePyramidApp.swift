import Foundation
import LapGAN
import TerminalUI

/// `lapgan-tui photo.png`: the Gaussian and Laplacian pyramid of any image in the explorer's pyramid view — step
/// through the levels (keys, clicks, the wheel), each band h_k with its energy, and the reconstruction error of the
/// bands (0 up to float rounding). No model: nothing is generated, so there is nothing to re-roll.
public final class ImagePyramidApp: App {
    public let pyramid: ImagePyramid
    public let name: String
    /// The picture file's own size, for the status bar.
    public let originalSize: (width: Int, height: Int)
    public var colorMode: ColorMode
    public private(set) var view: ExplorerView = .pyramid
    public private(set) var selectedLevel = 0
    public private(set) var width = 0, height = 0
    /// Where `s` writes PNGs.
    public var saveDirectory: String
    public private(set) var message: String?
    private let pictures: [LevelPictures]
    private var layouts: [PyramidLayout?] = []
    private(set) var hitMap = HitMap()
    static let views: [ExplorerView] = [.pyramid, .help]

    public init(pyramid: ImagePyramid, name: String, originalSize: (width: Int, height: Int), colorMode: ColorMode, saveDirectory: String = ".") {
        self.pyramid = pyramid
        self.name = name
        self.originalSize = originalSize
        self.colorMode = colorMode
        self.saveDirectory = saveDirectory
        pictures = pyramid.levels.map(LevelPictures.init)
    }

    public func resize(width: Int, height: Int) {
        self.width = width
        self.height = height
        let content = ExplorerApp.contentRect(width: width, height: height), sizes = pyramid.pyramid.sizes
        layouts = sizes.indices.map { PyramidLayout.make(sizes: sizes, width: content.width, height: content.height, selected: $0,
                                                          chrome: (width - content.width, height - content.height)) }
    }

    static let helpLines: [(String, String)] = [
        ("tab  ?  esc", "the pyramid / this help"),
        ("↑ k ← h  ↓ j → l", "coarser / finer level"),
        ("[ ]  0–9", "coarser / finer level; select level n"),
        ("s", "save the image and its pyramid as PNG (path in the status bar)"),
        ("mouse", "click a tab (view) or a level (select it); wheel: levels"),
        ("ctrl-l  q  ctrl-c", "redraw the screen; quit"),
    ]

    public func handle(_ key: Key) -> AppUpdate {
        if key.isQuit { return .quit }
        let before = (view, selectedLevel)
        let coarsest = pyramid.pyramid.coarsest
        func select(_ k: Int) { selectedLevel = min(max(0, k), coarsest) }
        switch key {
        case .mouse(let m):
            let action = ExplorerAction(mouse: m, hit: hitMap.hit(x: m.x, y: m.y)?.target, view: view)
            switch action {
            case .show(let v) where ImagePyramidApp.views.contains(v): view = v
            case .selectLevel(let k), .rerollLevel(let k): select(k)
            case .selectCoarser: select(selectedLevel + 1)
            case .selectFiner: select(selectedLevel - 1)
            default: return .unchanged
            }
        case .resize, .ctrl("l"): return .redraw
        case .tab, .backTab: view = view == .pyramid ? .help : .pyramid
        case .char("?"): view = .help
        case .escape: view = .pyramid
        case .up, .left, .char("k"), .char("h"), .char("["): select(selectedLevel + 1)
        case .down, .right, .char("j"), .char("l"), .char("]"): select(selectedLevel - 1)
        case .char(let c) where c.isNumber: select(c.wholeNumberValue ?? selectedLevel)
        case .char("s"):
            do { message = try save() } catch { message = "error: \(error)" }
            return .redraw
        default: break
        }
        if before != (view, selectedLevel) { message = nil }
        return .redraw
    }

    /// Writes the image (enlarged) and its pyramid strip (I_k of every level) as PNGs; returns the message.
    func save() throws -> String {
        let base = (saveDirectory as NSString).appendingPathComponent(name)
        let imagePath = base + "-image.png", pyramidPath = base + "-pyramid.png"
        let finest = pyramid.levels[0].image
        try PNGFile.write(ImageConversion.enlarged(finest, factor: max(1, 256 / max(finest.width, 1))), to: imagePath)
        let strip = pyramid.levels.map { ImageConversion.enlarged($0.image, factor: max(1, finest.width / max(1, $0.image.width))) }
        try PNGFile.write(try ImageConversion.grid(strip, columns: strip.count), to: pyramidPath)
        return "saved \(imagePath) and \(pyramidPath)"
    }

    /// The title line of level k: what it shows and its band's energy.
    func title(_ k: Int) -> String {
        let s = pyramid.pyramid.sizes[k]
        if k == pyramid.pyramid.coarsest { return "level \(k)  \(s)×\(s)  I\(sub(k))  rms \(String(format: "%.1f", pyramid.energy[k]))" }
        return "level \(k)  \(s)×\(s)  l\(sub(k)) + h\(sub(k)) = I\(sub(k))  energy \(String(format: "%.1f", pyramid.energy[k]))"
    }

    public func render(into grid: inout CellGrid) {
        hitMap.removeAll()
        grid.clear()
        guard SizeGuard.check(&grid, minWidth: ExplorerApp.minimumWidth, minHeight: ExplorerApp.minimumHeight) else { return }
        let w = grid.width, h = grid.height
        let bar = TitleBar(modelName: name, view: view, views: ImagePyramidApp.views), barRect = Rect(x: 0, y: 0, width: w, height: 1)
        bar.render(into: &grid, in: barRect)
        for tab in bar.tabs(in: barRect) { hitMap.add(.view(tab.view), tab.rect) }
        let content = ExplorerApp.contentRect(width: w, height: h), sizes = pyramid.pyramid.sizes
        let layout = selectedLevel < layouts.count ? layouts[selectedLevel] : nil
        switch view {
        case .help:
            HelpView(lines: ImagePyramidApp.helpLines,
                     note: "energy: root-mean-square of the band h_k in 0–255 units (of I_K itself at the coarsest level); the bands rebuild the image exactly (max error in the status bar).")
                .render(into: &grid, in: content)
        default:
            layout?.record(into: &hitMap, in: content)
            PyramidView(levels: pictures, titles: sizes.indices.map(title), selectedLevel: selectedLevel, layout: layout, mode: colorMode, real: true)
                .render(into: &grid, in: content)
        }
        let k = selectedLevel
        let parts = ["level \(k)/\(pyramid.pyramid.coarsest) \(sizes[k])×\(sizes[k])",
                     String(format: k == pyramid.pyramid.coarsest ? "rms %.1f/255" : "h\(sub(k)) energy %.1f/255", pyramid.energy[k]),
                     String(format: "reconstruction max error %.2g/255", pyramid.reconstructionError),
                     "sizes \(sizes.map(String.init).joined(separator: "→"))",
                     "\(originalSize.width)×\(originalSize.height) \(pyramid.image.shape[1] == 1 ? "grey" : "colour")"]
        StatusBar(parts: parts, message: message).render(into: &grid, in: Rect(x: 0, y: h - 2, width: w, height: 2))
    }
}
