/// Something drawn into a rectangle of a cell grid from the data it holds; it computes nothing else.
public protocol Widget {
    func render(into grid: inout CellGrid, in rect: Rect)
}
