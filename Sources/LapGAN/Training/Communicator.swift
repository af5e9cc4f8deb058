import Foundation

/// The few collective operations multi-process training needs, so that the library stays free of MPI:
/// the CLI supplies an MPI implementation when it runs under `mpirun`, everything else uses `SingleProcess`.
/// Every member of a communicator must make the same calls in the same order (they are collectives).
public protocol Communicator: AnyObject {
    /// This process's index, 0..<size.
    var rank: Int { get }
    var size: Int { get }
    /// Replaces each element of `buffer` by its sum over all ranks.
    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws
    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws
    /// Copies `root`'s bytes into every other rank's buffer (all ranks pass the same count).
    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws
    func barrier() throws
    /// A communicator of the ranks that passed the same `color`, ordered by `key`.
    func split(color: Int, key: Int) throws -> Communicator
}

/// One process alone: collectives are identities.
public final class SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {}
    public func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {}
    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws {}
    public func barrier() throws {}
    public func split(color: Int, key: Int) throws -> Communicator { self }
}

/// A failure of multi-process training: which rank, and why.
public struct DistributedError: Error, CustomStringConvertible {
    public let rank: Int
    public let message: String
    public init(rank: Int, _ message: String) {
        self.rank = rank
        self.message = message
    }
    public var description: String { "rank \(rank): \(message)" }
}

extension Communicator {
    public func allreduceSum(_ values: inout [Float]) throws {
        try values.withUnsafeMutableBufferPointer { try allreduceSum($0) }
    }

    public func allreduceSum(_ values: inout [Double]) throws {
        try values.withUnsafeMutableBufferPointer { try allreduceSum($0) }
    }

    /// Broadcasts `root`'s bytes, whatever their length: the length first, then the bytes.
    public func broadcast(_ data: inout Data, root: Int) throws {
        var count = [Double(data.count)]
        try count.withUnsafeMutableBytes { try broadcast($0, root: root) }
        let n = Int(count[0])
        if rank != root { data = Data(count: n) }
        guard n > 0 else { return }
        try data.withUnsafeMutableBytes { try broadcast($0, root: root) }
    }

    /// Makes every rank's tensors equal to `root`'s.
    public func broadcast(_ tensors: [Tensor], root: Int) throws {
        for t in tensors where t.count > 0 {
            try broadcast(UnsafeMutableRawBufferPointer(start: t.data, count: t.count * MemoryLayout<Float>.stride), root: root)
        }
    }

    /// The ranks (if any) whose `value` differs from rank 0's, known to every rank.
    public func ranksDiffering(from value: Data) throws -> [Int] {
        var reference = value
        try broadcast(&reference, root: 0)
        var flags = [Double](repeating: 0, count: size)
        flags[rank] = reference == value ? 0 : 1
        try allreduceSum(&flags)
        return flags.indices.filter { flags[$0] != 0 }
    }
}

extension Communicator {
    /// Sums the gradients of `parameters` and the numbers `extra` over the ranks, in one allreduce of one buffer,
    /// and returns the summed `extra`. A communicator of one has nothing to sum: everything stays as it is.
    func sumGradients(of parameters: [Parameter], and extra: [Float]) throws -> [Float] {
        guard size > 1 else { return extra }
        let trainable = parameters.filter(\.trainable)
        let total = trainable.reduce(0) { $0 + $1.grad.count } + extra.count
        var fused = [Float](repeating: 0, count: total)
        try fused.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            for p in trainable {
                (base + offset).update(from: p.grad.data, count: p.grad.count)
                offset += p.grad.count
            }
            for (i, x) in extra.enumerated() { buffer[offset + i] = x }
            try allreduceSum(buffer)
            offset = 0
            for p in trainable {
                p.grad.data.update(from: base + offset, count: p.grad.count)
                offset += p.grad.count
            }
        }
        return Array(fused.suffix(extra.count))
    }
}
