import XCTest
@testable import Explorer
import TerminalUI

/// The pyramid and grid layouts for every shipped model shape and common terminal sizes: images are placed,
/// inside the content area, without overlapping each other or the text.
final class PyramidLayoutTests: XCTestCase {
    static let shapes: [(name: String, sizes: [Int])] = [
        ("fashion 28×28, 3 levels", [28, 14, 7]), ("emoji 32×32, 3 levels", [32, 16, 8]), ("64×64, 4 levels", [64, 32, 16, 8]),
        ("gan 28×28, 1 level", [28]),
    ]
    static let terminals = [(80, 24), (100, 30), (120, 40), (160, 50), (200, 60), (40, 12), (60, 20), (300, 90)]

    static func layout(_ sizes: [Int], _ w: Int, _ h: Int, selected: Int = 0) -> (PyramidLayout?, Rect) {
        let content = ExplorerApp.contentRect(width: w, height: h)
        return (PyramidLayout.make(sizes: sizes, width: content.width, height: content.height, selected: selected), content)
    }

    func testEveryShapeAndTerminalShowsImagesAndNothingIsClipped() throws {
        for (name, sizes) in Self.shapes {
            for (w, h) in Self.terminals {
                for k in sizes.indices {
                    let (l, content) = Self.layout(sizes, w, h, selected: k)
                    let where_ = "\(name) at \(w)×\(h), level \(k) selected"
                    let layout = try XCTUnwrap(l, "no layout for \(where_)")
                    let area = Rect(x: 0, y: 0, width: content.width, height: content.height)
                    // Every level's image is shown; the selected level's equation too.
                    for j in sizes.indices {
                        XCTAssertTrue(layout.panels.contains { $0.picture == .image(j) }, "Ĩ\(j) missing: \(where_)")
                    }
                    if k < sizes.count - 1 {
                        XCTAssertTrue(layout.panels.contains { $0.picture == .lowpass(k) }, "l\(k) missing: \(where_)")
                        XCTAssertTrue(layout.panels.contains { $0.picture == .bandpass(k) }, "h\(k) missing: \(where_)")
                    }
                    for p in layout.panels {
                        let size = p.picture == .final ? sizes[0] : sizes[level(p.picture)]
                        let cells = p.zoom.cells(width: size, height: size)
                        XCTAssertEqual(p.rect, Rect(x: p.rect.x, y: p.rect.y, width: cells.width, height: cells.height), where_)
                        XCTAssertGreaterThanOrEqual(p.zoom.pixels(size), PyramidLayout.minimumThumbnail, where_)
                        XCTAssertEqual(p.rect.intersection(area), p.rect, "\(p.picture) clipped: \(where_)")
                    }
                    for (i, a) in layout.panels.enumerated() {
                        for b in layout.panels[(i + 1)...] {
                            XCTAssertTrue(a.rect.intersection(b.rect).isEmpty, "\(a.picture) overlaps \(b.picture): \(where_)")
                        }
                    }
                    for label in layout.labels {
                        let r = Rect(x: label.x, y: label.y, width: label.width, height: 1)
                        XCTAssertEqual(r.intersection(area), r, "label \(label.text) clipped: \(where_)")
                        for p in layout.panels {
                            XCTAssertTrue(r.intersection(p.rect).isEmpty, "label \(label.text) over \(p.picture): \(where_)")
                        }
                    }
                    XCTAssertLessThanOrEqual(layout.width, content.width)
                    XCTAssertLessThanOrEqual(layout.height, content.height)
                }
            }
        }
    }

    func level(_ p: PyramidLayout.Picture) -> Int {
        switch p {
        case .lowpass(let k), .bandpass(let k), .image(let k): return k
        case .final: return 0
        }
    }

    func zoom(_ layout: PyramidLayout?, _ p: PyramidLayout.Picture) -> ImageZoom? { layout?.panels.first { $0.picture == p }?.zoom }

    func testSmallTerminalsFocusOnTheSelectedLevel() throws {
        // 80×24: the full fashion pyramid needs 28 rows; the selected level is shown with Ĩ₀ at full size.
        let (fashion, _) = Self.layout([28, 14, 7], 80, 24)
        XCTAssertEqual(fashion?.kind, .focus)
        XCTAssertEqual(zoom(fashion, .image(0)), .one)
        let (emoji, _) = Self.layout([32, 16, 8], 80, 24)
        XCTAssertEqual(emoji?.kind, .focus)
        XCTAssertEqual(zoom(emoji, .image(0)), .one)
        // 100×30 has room for all three fashion panels at full size.
        let (f100, _) = Self.layout([28, 14, 7], 100, 30)
        XCTAssertEqual(f100?.kind, .focus)
        XCTAssertEqual(zoom(f100, .bandpass(0)), .one)
        // Selecting a coarser level enlarges it.
        let (coarse, _) = Self.layout([28, 14, 7], 80, 24, selected: 1)
        XCTAssertGreaterThanOrEqual(zoom(coarse, .image(1))?.factor ?? 0, 2)
    }

    func testLargeTerminalsUseTheSpace() throws {
        let (f120, _) = Self.layout([28, 14, 7], 120, 40)
        XCTAssertEqual(f120?.kind, .stacked)
        let (f160, c160) = Self.layout([28, 14, 7], 160, 50)
        XCTAssertEqual(f160?.kind, .stacked)
        XCTAssertGreaterThanOrEqual(zoom(f160, .final)?.factor ?? 0, 2)
        XCTAssertGreaterThan(f160?.width ?? 0, c160.width * 3 / 4, "the pyramid fills only part of 160×50")
        let (f200, c200) = Self.layout([28, 14, 7], 200, 60)
        XCTAssertEqual(f200?.kind, .stacked)
        XCTAssertGreaterThanOrEqual(zoom(f200, .final)?.factor ?? 0, 3)
        XCTAssertGreaterThan(f200?.width ?? 0, c200.width * 3 / 4)
        // 64×64 with four levels: the finest level at full size at 200×60.
        let (big, _) = Self.layout([64, 32, 16, 8], 200, 60)
        XCTAssertEqual(zoom(big, .image(0)), .one)
        XCTAssertEqual(zoom(big, .bandpass(0)), .one)
        let (huge, _) = Self.layout([64, 32, 16, 8], 300, 90)
        XCTAssertEqual(huge?.kind, .stacked)
    }

    func testBelowTheSmallestUsefulSizeThereIsNoLayout() {
        XCTAssertNil(PyramidLayout.make(sizes: [28, 14, 7], width: 3, height: 2, selected: 0))
        XCTAssertNil(PyramidLayout.make(sizes: [28, 14, 7], width: 0, height: 0, selected: 0))
    }

    func testGridShowsAsManySamplesAsFit() {
        for (name, sizes) in Self.shapes {
            for (w, h) in Self.terminals {
                let content = ExplorerApp.contentRect(width: w, height: h)
                let l = GridView.layout(size: sizes[0], width: content.width, height: content.height)
                XCTAssertGreaterThanOrEqual(l.count, 1, "\(name) at \(w)×\(h)")
                let px = l.pixels(sizes[0])
                XCTAssertLessThanOrEqual(l.columns * (px + 2), content.width)
                XCTAssertLessThanOrEqual(l.rows * ((px + 1) / 2 + 1) + 1, content.height)
            }
        }
        XCTAssertGreaterThanOrEqual(GridView.layout(size: 28, width: 78, height: 20).count, 8)
        XCTAssertGreaterThanOrEqual(GridView.layout(size: 28, width: 198, height: 56).count, 18)
    }
}
