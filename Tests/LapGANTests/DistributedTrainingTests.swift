import Foundation
import XCTest
@testable import LapGAN
import TestSupport

/// Ranks as threads of one process: each collective waits for all of them and every rank computes the same
/// result in rank order, as MPI does. Lets the data-parallel trainer be tested without mpirun.
final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var arrived = 0, generation = 0
    private var slots: [[UInt8]]

    init(size: Int) {
        self.size = size
        slots = Array(repeating: [], count: size)
    }

    /// Everyone deposits bytes, then everyone reads all deposits, then everyone leaves.
    func exchange(rank: Int, _ bytes: [UInt8]) -> [[UInt8]] {
        condition.lock()
        defer { condition.unlock() }
        slots[rank] = bytes
        wait()
        let all = slots
        wait()
        return all
    }

    private func wait() {
        let g = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == g { condition.wait() }
        }
    }

    final class Member: Communicator {
        let group: ThreadGroup
        let rank: Int
        var size: Int { group.size }
        init(_ group: ThreadGroup, rank: Int) {
            self.group = group
            self.rank = rank
        }

        private func sum<T: BinaryFloatingPoint>(_ buffer: UnsafeMutableBufferPointer<T>) {
            let all = group.exchange(rank: rank, Array(UnsafeRawBufferPointer(buffer)))
            for i in buffer.indices {
                var s: T = 0
                for r in 0..<size { all[r].withUnsafeBytes { s += $0.load(fromByteOffset: i * MemoryLayout<T>.stride, as: T.self) } }
                buffer[i] = s
            }
        }
        func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws { sum(buffer) }
        func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws { sum(buffer) }
        func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws {
            let all = group.exchange(rank: rank, Array(UnsafeRawBufferPointer(bytes)))
            all[root].withUnsafeBytes { bytes.copyMemory(from: $0) }
        }
        func barrier() throws { _ = group.exchange(rank: rank, []) }
        func split(color: Int, key: Int) throws -> Communicator {
            throw DistributedError(rank: rank, "ThreadGroup cannot split")
        }
    }
}

final class DistributedTrainingTests: XCTestCase {
    /// Two thread-ranks with batch 16 (8 rows each) train a level as one process with batch 16 does, up to
    /// float summation order (see MPITests for the tolerance); the checkpoint records the ranks.
    func testTwoRanksMatchOneProcess() throws {
        let images = Tensor(zeros: [64, 1, 8, 8])
        RNG(seed: 3).fillUniform(images, 0, 255)
        let data = try Dataset(name: "noise", images: images)
        var s = TrainingSettings(levels: [1], steps: 6)
        s.batchSize = 16
        s.checkpointEvery = 4
        let one = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: s)
        XCTAssertEqual(try Parallel.withWorkers(1) { try one.run(checkpointPath: nil, modelPath: nil, log: nil) }, .finished)

        let group = ThreadGroup(size: 2), settings = s
        let ranks = ConcurrentThreads.run(2) { rank -> Trainer in
            let member = ThreadGroup.Member(group, rank: rank)
            let t = try Trainer(model: LapGAN(tinyDescription(), seed: 1), dataset: data, settings: settings,
                                distribution: .dataParallel(member, levels: [1]))
            _ = try Parallel.withWorkers(1) { try t.run(checkpointPath: nil, modelPath: nil, log: nil) }
            return t
        }
        let two = try ranks[0].get(), other = try ranks[1].get()
        XCTAssertEqual(two.settings.ranks, 2)
        XCTAssertEqual(two.levels[0].step, 6)
        var worst: Float = 0
        for (a, b) in zip(one.model.generators[1].parameters + one.model.discriminators[1].parameters,
                          two.model.generators[1].parameters + two.model.discriminators[1].parameters) {
            for i in 0..<a.value.count { worst = max(worst, abs(a.value[i] - b.value[i])) }
        }
        XCTAssertLessThanOrEqual(worst, 2e-5)
        // Both ranks hold the same parameters, bit for bit.
        for (a, b) in zip(two.model.generators[1].parameters + two.model.discriminators[1].parameters,
                          other.model.generators[1].parameters + other.model.discriminators[1].parameters) {
            XCTAssertTrue(a.value.bitwiseEqual(b.value), a.name)
        }
    }
}
