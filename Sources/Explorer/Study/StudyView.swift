import TerminalUI

/// The study's screen for one moment of a session: the instructions, the fixation mark, the image, the blank,
/// the question, a discarded trial, or the results chart; a title line with the trial number and a tally line at
/// the bottom that stay the same while an image is shown, so the frames that show and blank it change only the
/// image's cells.
struct StudyView: Widget {
    /// What the screen shows.
    enum Phase: Equatable {
        case intro
        case fixation
        case image(PixelImage)
        case blank
        case question
        case discarded(String)
        case results
    }

    var phase: Phase
    var modelName: String
    /// The trial shown (0-based) and the number of trials.
    var trial: Int
    var trialCount: Int
    var results: StudyResults
    /// The size of the study's pictures (pixels), for placing the fixation mark where the image will be.
    var imageSize: (width: Int, height: Int)
    var mode: ColorMode
    /// A line under the chart or the question (where the answers go, an error).
    var message: String?
    /// What the real images are ("Fashion-MNIST test images").
    var realDescription: String

    /// The area the image is centred in, and its zoom, on a `width`×`height` screen.
    static func imagePlacement(width: Int, height: Int, image: (width: Int, height: Int)) -> (x: Int, y: Int, scale: Int) {
        let area = Rect(x: 1, y: 2, width: max(1, width - 2), height: max(1, height - 4))
        let scale = HalfBlock.fitScale(imageWidth: image.width, imageHeight: image.height, cellsWide: area.width, cellsHigh: area.height)
        let cells = HalfBlock.cellSize(imageWidth: image.width, imageHeight: image.height, scale: scale)
        return (area.x + max(0, (area.width - cells.width) / 2), area.y + max(0, (area.height - cells.height) / 2), scale)
    }

    func render(into grid: inout CellGrid, in rect: Rect) {
        grid.withClip(rect) { g in
            g.fill(rect, style: .plain)
            draw(into: &g, rect: rect)
        }
    }

    private func draw(into grid: inout CellGrid, rect: Rect) {
        let w = rect.width, h = rect.height
        guard w >= 40, h >= 12 else {
            grid.drawTextCentered("\(w)×\(h) is too small for the study: 40×12 at least", in: rect, style: .bold)
            return
        }
        grid.fill(Rect(x: rect.x, y: rect.y, width: w, height: 1), style: .reverse)
        var title = " lapgan-tui  \(modelName)   human study"
        if phase != .intro && phase != .results { title += "   trial \(min(trial + 1, trialCount))/\(trialCount)" }
        grid.drawText(title + " ", x: rect.x, y: rect.y, style: Style(attributes: [.reverse, .bold]), maxWidth: w)
        grid.drawText(results.tally, x: rect.x + 1, y: rect.y + h - 1, style: .dim, maxWidth: w - 2)

        let area = Rect(x: rect.x + 1, y: rect.y + 2, width: w - 2, height: h - 4)
        let place = StudyView.imagePlacement(width: w, height: h, image: imageSize)
        let cells = HalfBlock.cellSize(imageWidth: imageSize.width, imageHeight: imageSize.height, scale: place.scale)
        let centre = (x: rect.x + place.x + (cells.width - 1) / 2, y: rect.y + place.y + (cells.height - 1) / 2)
        switch phase {
        case .intro: intro(into: &grid, area: area)
        case .fixation: grid.put(Cell("+", style: .bold), x: centre.x, y: centre.y)
        case .image(let picture): grid.drawImage(picture, x: rect.x + place.x, y: rect.y + place.y, scale: place.scale, mode: mode)
        case .blank: break
        case .question:
            grid.drawTextCentered("Real or generated?", in: area, y: centre.y - 1, style: .bold)
            grid.drawTextCentered("y  real        n  generated", in: area, y: centre.y + 1, style: .bold)
            grid.drawTextCentered("q ends the study and shows the chart", in: area, y: centre.y + 3, style: .dim)
        case .discarded(let why):
            grid.drawTextCentered("trial discarded: \(why)", in: area, y: centre.y - 1, style: .bold)
            grid.drawTextCentered("space goes on · q ends the study", in: area, y: centre.y + 1, style: .dim)
        case .results:
            let (top, _) = area.splitTop(1)
            let real = results.judgedReal(.real), generated = results.judgedReal(.generated)
            let summary = "judged real: real images \(percent(real)), generated images \(percent(generated))"
            grid.drawText(summary, x: top.x, y: top.y, style: .bold, maxWidth: top.width)
            let chartRect = Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2 - (message == nil ? 0 : 1))
            StudyChart(results: results).render(into: &grid, in: chartRect)
            grid.drawText("q quits", x: rect.x + w - 9, y: rect.y, style: .reverse)
        }
        if let message, phase == .results || phase == .question || phase == .intro {
            grid.drawText(message, x: area.x, y: area.maxY - 1, style: .plain, maxWidth: area.width)
        }
    }

    private func percent(_ c: (real: Int, of: Int)) -> String {
        c.of == 0 ? "none shown" : "\(Int((100 * Double(c.real) / Double(c.of)).rounded()))% (\(c.real)/\(c.of))"
    }

    private func intro(into grid: inout CellGrid, area: Rect) {
        let text = """
        Would you be fooled? The human study of the LAPGAN paper (its Fig. 6), on you.

        You will see \(trialCount) images, one at a time, after a fixation mark (+): keep your eyes on it. Each image \
        is shown for 50 ms to 2 s, then blanked. Half are \(realDescription), half are generated by the model \
        '\(modelName)', at random.

        After each image press y if you think it was real, n if you think the model made it. A key pressed or a \
        resize while an image is shown discards that trial. q ends the study early; the chart of "% judged real" \
        against the exposure comes at the end.

        Press space to start.
        """
        let lines = TextWrap.lines(text, width: max(10, min(area.width - 2, 76)))
        let top = area.y + max(0, (area.height - lines.count) / 2)
        let left = area.x + max(0, (area.width - min(area.width - 2, 76)) / 2)
        for (i, line) in lines.enumerated() where top + i < area.maxY {
            grid.drawText(line, x: left, y: top + i, style: line.hasPrefix("Press space") ? .bold : .plain, maxWidth: area.width)
        }
    }
}
