import XCTest
@testable import TerminalUI

final class SmoothingTests: XCTestCase {
    func testDebiasedEMAByHand() {
        let s = Smoothing.debiasedEMA([1, 2, 3], weight: 0.6)
        // n=1: last 0.4, debias 0.4 → 1; n=2: last 1.04, debias 0.64 → 1.625;
        // n=3: last 1.824, debias 0.784 → 2.3265306…
        XCTAssertEqual(s[0], 1, accuracy: 1e-12)
        XCTAssertEqual(s[1], 1.625, accuracy: 1e-12)
        XCTAssertEqual(s[2], 1.824 / 0.784, accuracy: 1e-12)
        XCTAssertEqual(Smoothing.debiasedEMA([4, 5], weight: 0), [4, 5])
        XCTAssertEqual(Smoothing.debiasedEMA([], weight: 0.6), [])
        // Constant input stays constant (that is what the debiasing is for).
        for v in Smoothing.debiasedEMA(Array(repeating: 2.5, count: 50), weight: 0.99) { XCTAssertEqual(v, 2.5, accuracy: 1e-9) }
        // Non-finite values pass through and do not poison the average.
        let n = Smoothing.debiasedEMA([1, .nan, 2], weight: 0.5)
        XCTAssertTrue(n[1].isNaN)
        XCTAssertEqual(n[2], (0.5 * 0.5 + 0.5 * 2) / 0.75, accuracy: 1e-12)
        XCTAssertEqual(Smoothing.debiasedEMA([3], weight: .nan), [3])
    }

    func testPercentileRange() {
        let v = (0...100).map(Double.init)
        let r = Smoothing.percentileRange(v, 0.05, 0.95)
        XCTAssertEqual(r?.lowerBound ?? -1, 5, accuracy: 1e-12)
        XCTAssertEqual(r?.upperBound ?? -1, 95, accuracy: 1e-12)
        let w = Smoothing.percentileRange([1, 2, 3, 4], 0.05, 0.95)  // numpy: 1.15, 3.85
        XCTAssertEqual(w?.lowerBound ?? -1, 1.15, accuracy: 1e-12)
        XCTAssertEqual(w?.upperBound ?? -1, 3.85, accuracy: 1e-12)
        XCTAssertNil(Smoothing.percentileRange([.nan], 0.05, 0.95))
        XCTAssertEqual(Smoothing.percentileRange([7], 0.05, 0.95), 7...7)
        let outlier = Smoothing.percentileRange(Array(repeating: 1.0, count: 99) + [1e9], 0.05, 0.95)
        XCTAssertEqual(outlier, 1...1)
    }
}
