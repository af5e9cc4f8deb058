import TerminalUI

/// The bottom two lines: a message (errors in red) above the status line's parts.
struct StatusBar: Widget {
    var parts: [String]
    var message: String?

    func render(into grid: inout CellGrid, in rect: Rect) {
        let y = rect.maxY - 1, width = rect.width
        grid.fill(Rect(x: rect.x, y: y, width: width, height: 1), style: .reverse)
        grid.drawText(" " + parts.joined(separator: " │ "), x: rect.x, y: y, style: .reverse, maxWidth: width)
        if let message, rect.height > 1 {
            grid.drawText(message, x: rect.x + 1, y: y - 1, style: message.hasPrefix("error") ? Style(fg: .rgb(RGB(255, 95, 95))) : .dim,
                          maxWidth: width - 2)
        }
    }
}
