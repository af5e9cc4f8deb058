#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signal handling that keeps the terminal usable whatever happens to the process.
///
/// Everything a handler touches is preallocated C memory, and handlers only call
/// async-signal-safe functions (write, tcsetattr, sigaction, sigprocmask, raise):
/// - SIGINT: the first sets a flag the event loop turns into `Key.ctrl("c")`; a second one
///   (the loop is stuck) restores the terminal and dies by SIGINT.
/// - SIGTERM, SIGHUP, SIGQUIT: restore, then die by the same signal (default action).
/// - SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT: restore, reinstall the previous
///   handler (e.g. Swift's backtracer) or the default, and re-raise.
/// - SIGTSTP (Ctrl-Z): restore, stop; on continuing, re-enter the program's terminal mode and
///   flag a full repaint. SIGCONT alone also flags a repaint.
enum TerminalSignals {
    static let restoreCapacity = 512

    struct Shared {
        var active: Int32 = 0
        var interruptCount: Int32 = 0
        var continued: Int32 = 0
        var restoreLength: Int = 0
        var reenterLength: Int = 0
        var haveOriginal: Int32 = 0
        var haveProgram: Int32 = 0
    }

    nonisolated(unsafe) static let shared: UnsafeMutablePointer<Shared> = {
        let p = UnsafeMutablePointer<Shared>.allocate(capacity: 1)
        p.initialize(to: Shared())
        return p
    }()
    nonisolated(unsafe) static let restoreBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: restoreCapacity)
    nonisolated(unsafe) static let reenterBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: restoreCapacity)
    nonisolated(unsafe) static let originalTermios: UnsafeMutablePointer<termios> = {
        let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        p.initialize(to: termios())
        return p
    }()
    nonisolated(unsafe) static let programTermios: UnsafeMutablePointer<termios> = {
        let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)
        p.initialize(to: termios())
        return p
    }()
    /// Previous actions, indexed by signal number.
    nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
        let p = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        p.initialize(repeating: sigaction(), count: 65)
        return p
    }()
    nonisolated(unsafe) static let installedFlags: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 65)
        p.initialize(repeating: 0, count: 65)
        return p
    }()
    nonisolated(unsafe) static var atexitRegistered = false

    static let fatalSignals: [Int32] = [SIGTERM, SIGHUP, SIGQUIT]
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT]

    /// Touches every global so no lazy initialisation happens inside a handler.
    static func prepare() {
        _ = shared
        _ = restoreBytes
        _ = reenterBytes
        _ = originalTermios
        _ = programTermios
        _ = previousActions
        _ = installedFlags
    }

    static func setBytes(_ bytes: [UInt8], restore: Bool) {
        let n = min(bytes.count, restoreCapacity)
        let dst = restore ? restoreBytes : reenterBytes
        for i in 0..<n { dst[i] = bytes[i] }
        if restore { shared.pointee.restoreLength = n } else { shared.pointee.reenterLength = n }
    }

    // MARK: - Async-signal-safe pieces

    /// Writes the restore sequence and puts back the original terminal mode.
    static func restoreTerminalNow() {
        let s = shared
        guard s.pointee.active != 0 else { return }
        writeAll(restoreBytes, s.pointee.restoreLength)
        if s.pointee.haveOriginal != 0 { _ = tcsetattr(0, TCSADRAIN, originalTermios) }
    }

    static func reenterTerminalNow() {
        let s = shared
        guard s.pointee.active != 0 else { return }
        if s.pointee.haveProgram != 0 { _ = tcsetattr(0, TCSADRAIN, programTermios) }
        writeAll(reenterBytes, s.pointee.reenterLength)
    }

    static func writeAll(_ p: UnsafeMutablePointer<UInt8>, _ n: Int) {
        var off = 0
        var tries = 0
        while off < n && tries < 1000 {
            let r = write(1, p + off, n - off)
            if r > 0 { off += r } else { tries += 1; if r < 0 && errno != EINTR && errno != EAGAIN { return } }
        }
    }

    static func setDefaultAndRaise(_ sig: Int32) {
        var act = sigaction()
        act.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&act.sa_mask)
        act.sa_flags = 0
        sigaction(sig, &act, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(sig)
    }

    static let handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { sig, info, _ in
        let saved = errno
        defer { errno = saved }
        let s = TerminalSignals.shared
        switch sig {
        case SIGINT:
            s.pointee.interruptCount += 1
            if s.pointee.interruptCount >= 2 || s.pointee.active == 0 {
                TerminalSignals.restoreTerminalNow()
                s.pointee.active = 0
                TerminalSignals.setDefaultAndRaise(sig)
            }
        case SIGTSTP:
            TerminalSignals.restoreTerminalNow()
            TerminalSignals.setDefaultAndRaise(SIGTSTP)  // stops here until SIGCONT
            TerminalSignals.install(sig: SIGTSTP)
            TerminalSignals.reenterTerminalNow()
            s.pointee.continued = 1
        case SIGCONT:
            s.pointee.continued = 1
        case SIGTERM, SIGHUP, SIGQUIT:
            TerminalSignals.restoreTerminalNow()
            s.pointee.active = 0
            TerminalSignals.setDefaultAndRaise(sig)
        default:
            // A crash: restore, hand the signal to whoever had it before (or the default).
            TerminalSignals.restoreTerminalNow()
            s.pointee.active = 0
            if sig > 0 && sig < 65 {
                sigaction(sig, TerminalSignals.previousActions + Int(sig), nil)
            }
            // Faults from the CPU re-fault on return; signals sent by kill/raise/abort are re-raised.
            let code = info?.pointee.si_code ?? 0
            if code <= 0 || sig == SIGABRT {
                var set = sigset_t()
                sigemptyset(&set)
                sigaddset(&set, sig)
                sigprocmask(SIG_UNBLOCK, &set, nil)
                raise(sig)
                // The previous handler returned (e.g. a backtracer after a kill -SEGV):
                // the process must still die of the signal.
                TerminalSignals.setDefaultAndRaise(sig)
                _exit(128 + sig)
            }
        }
    }

    /// Installs the handler for `sig`, remembering the previous action the first time.
    static func install(sig: Int32) {
        var act = sigaction()
        act.__sigaction_handler.sa_sigaction = handler
        sigemptyset(&act.sa_mask)
        act.sa_flags = SA_SIGINFO | SA_RESTART
        if crashSignals.contains(sig) { act.sa_flags |= SA_NODEFER }
        if installedFlags[Int(sig)] == 0 {
            sigaction(sig, &act, previousActions + Int(sig))
            installedFlags[Int(sig)] = 1
        } else {
            sigaction(sig, &act, nil)
        }
    }

    static var allSignals: [Int32] { [SIGINT, SIGTSTP, SIGCONT] + fatalSignals + crashSignals }

    /// Installs all handlers and an atexit hook.
    static func installAll() {
        prepare()
        for sig in allSignals { install(sig: sig) }
        if !atexitRegistered {
            atexitRegistered = true
            atexit { TerminalSignals.restoreTerminalNow() }
        }
    }

    /// Puts back the actions that were there before `installAll`.
    static func uninstallAll() {
        for sig in allSignals where installedFlags[Int(sig)] != 0 {
            sigaction(sig, previousActions + Int(sig), nil)
            installedFlags[Int(sig)] = 0
        }
    }
}
