import TerminalUI

/// What the mouse can reach on the last frame drawn, and where: the render records each target's cells from the
/// same layouts the views draw with, so a click means what is under the pointer. Later regions lie on top.
struct HitMap: Equatable {
    enum Target: Equatable {
        /// A view's tab in the title bar.
        case view(ExplorerView)
        /// Level k of a pyramid (its title, l_k or Ĩ_k, or its thumbnail).
        case level(Int)
        /// Level k's band h̃_k: a click re-rolls that level's noise.
        case band(Int)
        /// The i-th sample of the grid.
        case gridSample(Int)
        /// The Braille area of the loss view's i-th plot (`LossState.Panel.allCases[i]`).
        case lossPlot(Int)
    }
    struct Region: Equatable {
        var rect: Rect
        var target: Target
    }

    private(set) var regions: [Region] = []

    mutating func add(_ target: Target, _ rect: Rect) {
        if !rect.isEmpty { regions.append(Region(rect: rect, target: target)) }
    }

    mutating func removeAll() { regions.removeAll(keepingCapacity: true) }

    /// The topmost region under cell (x, y), nil when there is none.
    func hit(x: Int, y: Int) -> Region? { regions.last { $0.rect.contains(x: x, y: y) } }

    /// Where `target` was drawn (its first region), for tests and for clicking it.
    func rect(of target: Target) -> Rect? { regions.first { $0.target == target }?.rect }
}

extension PyramidLayout {
    /// The pyramid's targets when drawn in `area`: each level's title and pictures (the band h̃_k a target of its own),
    /// the final image as level 0.
    func record(into map: inout HitMap, in area: Rect) {
        for label in labels {
            if case .title(let k) = label.text { map.add(.level(k), Rect(x: area.x + label.x, y: area.y + label.y, width: label.width, height: 1).intersection(area)) }
        }
        for panel in panels {
            let r = panel.rect.offset(by: area).intersection(area)
            switch panel.picture {
            case .lowpass(let k), .image(let k): map.add(.level(k), r)
            case .bandpass(let k): map.add(.band(k), r)
            case .final: map.add(.level(0), r)
            }
        }
    }
}
