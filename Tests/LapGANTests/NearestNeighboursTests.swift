import XCTest
@testable import LapGAN

/// The nearest-neighbour search against a brute-force loop in double precision.
final class NearestNeighboursTests: XCTestCase {
    func images(_ shape: [Int], seed: UInt64) -> Tensor {
        let t = Tensor(zeros: shape)
        RNG(seed: seed).fillUniform(t, 0, 255)
        return t
    }

    /// Every distance, one pair at a time, sorted (ties by index).
    func bruteForce(_ set: Tensor, _ query: Tensor, row: Int, k: Int) -> [(index: Int, distance: Double)] {
        let d = set.itemCount
        let all = (0..<set.shape[0]).map { j -> (index: Int, distance: Double) in
            var sq = 0.0
            for i in 0..<d { let t = Double(query[row * d + i]) - Double(set[j * d + i]); sq += t * t }
            return (j, sq.squareRoot())
        }
        return Array(all.sorted { $0.distance < $1.distance || ($0.distance == $1.distance && $0.index < $1.index) }.prefix(k))
    }

    func testMatchesBruteForceOnSmallData() throws {
        // More images than one worker's minimum, so the search is split and merged.
        for (n, workers) in [(300, 1), (5000, 4)] {
            let set = images([n, 1, 6, 6], seed: 1), queries = images([7, 36], seed: 2)
            let index = try NearestNeighbours(images: set)
            XCTAssertEqual(index.count, n)
            XCTAssertEqual(index.dimension, 36)
            let found = try Parallel.withWorkers(workers) { try index.search(queries, k: 6) }
            XCTAssertEqual(found.count, 7)
            for r in 0..<7 {
                let expected = bruteForce(set, queries, row: r, k: 6)
                XCTAssertEqual(found[r].map(\.index), expected.map(\.index), "query \(r), \(n) images")
                for (a, b) in zip(found[r], expected) {
                    XCTAssertEqual(Double(a.distance), b.distance, accuracy: 1e-5 * b.distance)
                }
            }
        }
    }

    func testAnImageOfTheSetIsItsOwnNearestAtDistanceZero() throws {
        let set = images([40, 3, 4, 4], seed: 3)
        let index = try NearestNeighbours(images: set)
        let found = try index.search(try set.items(17..<18), k: 3)[0]
        XCTAssertEqual(found.first?.index, 17)
        XCTAssertEqual(found.first?.distance, 0)
        XCTAssertTrue(zip(found, found.dropFirst()).allSatisfy { $0.distance <= $1.distance })
    }

    func testFewerImagesThanKAndWrongShapes() throws {
        let set = images([3, 4], seed: 4)
        let index = try NearestNeighbours(images: set)
        XCTAssertEqual(try index.search(images([1, 4], seed: 5), k: 6)[0].count, 3)
        XCTAssertThrowsError(try index.search(images([1, 5], seed: 5), k: 2))
        XCTAssertThrowsError(try index.search(images([1, 4], seed: 5), k: 0))
        XCTAssertThrowsError(try NearestNeighbours(images: Tensor(zeros: [0, 4])))
    }
}
