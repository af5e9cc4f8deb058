import TerminalUI

/// Where the timeline view puts its parts in a content area: the step slider (two rows at the top), the pyramid of
/// the shown snapshot (a `PyramidLayout`) and the loss curves, to the right of the pyramid or below it, whichever
/// leaves the pyramid larger. A pure function of the sizes, so every terminal size is tested without drawing.
struct TimelineLayout: Equatable {
    /// Rows of the slider: the step line and the track.
    static let sliderRows = 2
    /// The least room the loss curves get: beside the pyramid (columns) or below it (rows).
    static let plotMinimumWidth = 24, plotMinimumHeight = 6

    var slider: Rect
    var pyramidArea: Rect
    var pyramid: PyramidLayout?
    /// Where the loss curves go (nil: no room).
    var plot: Rect?

    static func make(sizes: [Int], width: Int, height: Int, selected: Int, chrome: (width: Int, height: Int) = (0, 0)) -> TimelineLayout {
        let slider = Rect(x: 0, y: 0, width: width, height: min(sliderRows, height))
        let top = sliderRows + 1, rest = max(0, height - top)
        func pyramid(_ w: Int, _ h: Int) -> PyramidLayout? {
            PyramidLayout.make(sizes: sizes, width: w, height: h, selected: selected,
                               chrome: (chrome.width + width - w, chrome.height + height - h))
        }
        func area(_ p: PyramidLayout?) -> Int {
            p?.panels.map { $0.rect.width * $0.rect.height }.reduce(0, +) ?? -1
        }
        // Beside: the pyramid takes what it needs of the width left after the curves' minimum; the curves the rest.
        let besideWidth = width - plotMinimumWidth - 2
        let beside = besideWidth > 0 ? pyramid(besideWidth, rest) : nil
        // Below: the pyramid takes the height left after the curves' minimum.
        let belowHeight = rest - plotMinimumHeight - 1
        let below = belowHeight > 1 ? pyramid(width, belowHeight) : nil
        if let b = beside, area(b) >= area(below) {
            let x = b.width + 2
            return TimelineLayout(slider: slider, pyramidArea: Rect(x: 0, y: top, width: b.width, height: rest), pyramid: b,
                                  plot: Rect(x: x, y: top, width: width - x, height: rest))
        }
        if let b = below {
            let y = top + b.height + 1
            return TimelineLayout(slider: slider, pyramidArea: Rect(x: 0, y: top, width: width, height: b.height), pyramid: b,
                                  plot: height - y >= plotMinimumHeight ? Rect(x: 0, y: y, width: width, height: height - y) : nil)
        }
        // Too small for the curves: the pyramid alone.
        return TimelineLayout(slider: slider, pyramidArea: Rect(x: 0, y: top, width: width, height: rest),
                              pyramid: pyramid(width, rest), plot: nil)
    }
}
