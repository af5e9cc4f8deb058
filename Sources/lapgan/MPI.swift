import CMPI
import Foundation
import LapGAN

/// MPI through the CMPI shim. Only used when the process was started by `mpirun` (Open MPI sets
/// OMPI_COMM_WORLD_SIZE), so a plain `lapgan …` never initialises MPI.
///
/// Threads: MPI is initialised with MPI_THREAD_FUNNELED and only the main thread calls it — under MPI the
/// trainer runs a rank's levels one after another on the calling thread (their conv workers never call MPI),
/// which also keeps every rank's collectives in the same order.
final class MPICommunicator: Communicator {
    let handle: OpaquePointer
    let rank: Int
    let size: Int

    init(_ handle: OpaquePointer) throws {
        self.handle = handle
        var r: Int32 = 0, s: Int32 = 0
        try MPIRuntime.check(cmpi_rank(handle, &r), "MPI_Comm_rank")
        try MPIRuntime.check(cmpi_size(handle, &s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
    }

    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        try MPIRuntime.check(cmpi_allreduce_sum_float(handle, base, buffer.count), "MPI_Allreduce", rank: rank)
    }

    func allreduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) throws {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        try MPIRuntime.check(cmpi_allreduce_sum_double(handle, base, buffer.count), "MPI_Allreduce", rank: rank)
    }

    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        try MPIRuntime.check(cmpi_bcast_bytes(handle, base, bytes.count, Int32(root)), "MPI_Bcast", rank: rank)
    }

    func barrier() throws {
        try MPIRuntime.check(cmpi_barrier(handle), "MPI_Barrier", rank: rank)
    }

    func split(color: Int, key: Int) throws -> Communicator {
        var out: OpaquePointer?
        try MPIRuntime.check(cmpi_split(handle, Int32(color), Int32(key), &out), "MPI_Comm_split", rank: rank)
        guard let out else { throw DistributedError(rank: rank, "MPI_Comm_split gave no communicator") }
        return try MPICommunicator(out)
    }
}

enum MPIRuntime {
    /// Whether `mpirun` started this process.
    static var launched: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["OMPI_COMM_WORLD_SIZE"] != nil
    }

    /// The world rank before MPI is up, from Open MPI's environment (for messages).
    static var environmentRank: Int {
        Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "") ?? 0
    }

    /// Initialises MPI and returns MPI_COMM_WORLD.
    static func start() throws -> MPICommunicator {
        var provided: Int32 = 0
        try check(cmpi_init(&provided), "MPI_Init_thread", rank: environmentRank)
        guard let world = cmpi_world() else { throw DistributedError(rank: environmentRank, "no MPI_COMM_WORLD") }
        return try MPICommunicator(world)
    }

    static func finish() {
        if cmpi_initialized() != 0 { _ = cmpi_finalize() }
    }

    /// Prints "error: rank R: cause" and ends the whole job (MPI_Abort), so no rank waits forever on a dead one.
    static func abort(rank: Int, _ error: Error, code: Int32 = 1) -> Never {
        let text = error is DistributedError ? "\(error)" : "rank \(rank): \(error)"
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
        if cmpi_initialized() != 0 { cmpi_abort(code) }
        Foundation.exit(code)
    }

    static func check(_ code: Int32, _ call: String, rank: Int = environmentRank) throws {
        guard code != 0 else { return }
        var text = [CChar](repeating: 0, count: 512)
        cmpi_error_string(code, &text, Int32(text.count))
        throw DistributedError(rank: rank, "\(call) failed: \(String(cString: text)) — another rank probably died")
    }

    static func seconds() -> Double { cmpi_wtime() }
}
