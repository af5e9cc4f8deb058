import Foundation

/// Catches SIGINT and SIGTERM so long work can save and stop cleanly.
final class StopSignal: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var requested = false
    private(set) var signalName = ""

    init() {
        // A parent may have started us with these signals blocked; we want them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for (sig, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { [weak self] in
                guard let self else { return }
                self.lock.lock()
                let again = self.requested
                self.requested = true
                self.signalName = name
                self.lock.unlock()
                if again { Foundation.exit(130) }
            }
            s.resume()
            sources.append(s)
        }
    }

    var isRequested: Bool {
        lock.lock(); defer { lock.unlock() }
        return requested
    }
}
