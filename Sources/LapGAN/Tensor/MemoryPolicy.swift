#if canImport(CMalloc)
import CMalloc
#endif

/// Process-wide allocator settings for training and sampling, applied by the executables (a library leaves the
/// allocator alone unless asked).
public enum MemoryPolicy {
    /// Keeps freed large blocks (activations of tens of MB) in the heap instead of returning them to the system,
    /// so the next step reuses them without page faults (measured: 6.7× fewer minor faults, 0.15 s less system
    /// time per 28×28 width-64 training step). PyTorch's CPU caching allocator does the same job.
    public static func keepLargeBuffers() {
        #if canImport(CMalloc)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 30)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
        #endif
    }
}
