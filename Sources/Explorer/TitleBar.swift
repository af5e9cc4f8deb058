import TerminalUI

/// The top line: the program, the model, the views (the shown one bold) and the main keys.
struct TitleBar: Widget {
    var modelName: String
    var view: ExplorerView
    /// The views tab reaches (the timeline only where the model has snapshots).
    var views: [ExplorerView] = ExplorerView.allCases

    /// Where each view's tab goes in `rect` (a click on it shows that view), cut at the right edge.
    func tabs(in rect: Rect) -> [(view: ExplorerView, rect: Rect)] {
        var x = rect.x + CharacterWidth.of(programText)
        return views.map { kind in
            let w = CharacterWidth.of(tabText(kind))
            defer { x += 1 + w }
            return (kind, Rect(x: x + 1, y: rect.y, width: w, height: 1).intersection(rect))
        }
    }

    private var programText: String { " lapgan-tui  \(modelName) " }
    private func tabText(_ kind: ExplorerView) -> String { " \(kind.rawValue) " }

    func render(into grid: inout CellGrid, in rect: Rect) {
        let width = rect.width
        grid.fill(rect, style: .reverse)
        var x = grid.drawText(programText, x: rect.x, y: rect.y, style: Style(attributes: [.reverse, .bold]))
        for (kind, tab) in tabs(in: rect) {
            x = grid.drawText(tabText(kind), x: tab.x, y: rect.y, style: kind == view ? .bold : .reverse)
        }
        let hint = " tab views  ? help  q quit "
        if x + hint.count + 2 < width { grid.drawText(hint, x: rect.x + width - hint.count, y: rect.y, style: .reverse) }
    }
}
