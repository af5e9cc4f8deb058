import Synchronization

/// The latest result of a background job and which request it answers, shared by the app's thread and the job's:
/// a request replaces the ones before it, and a result that answers an older request is dropped.
final class BackgroundResult<Value: Sendable>: Sendable {
    private let state = Mutex<(generation: Int, value: Value?)>((0, nil))

    /// Starts a new request (earlier ones' results are dropped from now on) and returns its number.
    func request() -> Int {
        state.withLock { s in
            s.generation += 1
            s.value = nil
            return s.generation
        }
    }

    /// Whether `generation` is still the latest request (a job can skip work nobody will read).
    func isCurrent(_ generation: Int) -> Bool { state.withLock { $0.generation == generation } }

    /// Keeps `value` if it answers the latest request.
    func deliver(_ value: Value, for generation: Int) {
        state.withLock { s in if s.generation == generation { s.value = value } }
    }

    /// The result that arrived since the last call, if any.
    func take() -> Value? {
        state.withLock { s in
            defer { s.value = nil }
            return s.value
        }
    }
}
