import TerminalUI

/// The top line: the program, the model, the views (the shown one bold) and the main keys.
struct TitleBar: Widget {
    var modelName: String
    var view: ExplorerView
    /// The views tab reaches (the timeline only where the model has snapshots).
    var views: [ExplorerView] = ExplorerView.allCases

    func render(into grid: inout CellGrid, in rect: Rect) {
        let width = rect.width
        grid.fill(rect, style: .reverse)
        var x = grid.drawText(" lapgan-tui  \(modelName) ", x: rect.x, y: rect.y, style: Style(attributes: [.reverse, .bold]))
        for kind in views {
            x = grid.drawText(" \(kind.rawValue) ", x: x + 1, y: rect.y, style: kind == view ? .bold : .reverse)
        }
        let hint = " tab views  ? help  q quit "
        if x + hint.count + 2 < width { grid.drawText(hint, x: rect.x + width - hint.count, y: rect.y, style: .reverse) }
    }
}
