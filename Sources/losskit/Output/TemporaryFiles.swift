import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files of atomic writes, removed whatever ends the process.
///
/// A temporary file is named `.NAME.PID.tmp` beside its target. While it
/// exists its path sits in a fixed C array, and handlers for SIGINT, SIGTERM
/// and SIGHUP unlink every registered path and re-raise the signal with its
/// default action, so the process still ends as the signal asks. The handler
/// only reads that preallocated array and calls `unlink`, `signal` and
/// `raise`, which are async-signal-safe. SIGKILL cannot be caught: the next
/// write to the same target removes every `.NAME.PID.tmp` whose PID is no
/// longer alive.
enum TemporaryFiles {
    /// At most this many temporary files are registered at once (the tool
    /// writes one or two); a file beyond them is still removed by the next run.
    static let slotCount = 8
    static let slotSize = Int(PATH_MAX) + 1
    /// `slotCount` NUL-terminated paths, and whether each slot is in use.
    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotSize)
        p.initialize(repeating: 0, count: slotCount * slotSize)
        return p
    }()
    nonisolated(unsafe) static let inUse: UnsafeMutablePointer<sig_atomic_t> = {
        let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: slotCount)
        p.initialize(repeating: 0, count: slotCount)
        return p
    }()
    nonisolated(unsafe) static var handlersInstalled = false

    /// `.NAME.PID.tmp` in the folder of `target`.
    static func name(besides target: String, pid: pid_t) -> String {
        let folder = (target as NSString).deletingLastPathComponent
        return (folder as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).\(pid).tmp")
    }

    /// Registers `path` for removal on SIGINT, SIGTERM and SIGHUP; returns its
    /// slot for `unregister`, or nil when every slot is taken or the path is too long.
    static func register(_ path: String) -> Int? {
        installHandlers()
        let bytes = Array(path.utf8CString)
        guard bytes.count <= slotSize else { return nil }
        for slot in 0..<slotCount where inUse[slot] == 0 {
            let start = paths + slot * slotSize
            bytes.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: bytes.count) }
            inUse[slot] = 1
            return slot
        }
        return nil
    }

    static func unregister(_ slot: Int?) {
        if let slot { inUse[slot] = 0 }
    }

    /// Unlinks every registered path (async-signal-safe).
    static func unlinkRegistered() {
        for slot in 0..<slotCount where inUse[slot] != 0 {
            unlink(paths + slot * slotSize)
        }
    }

    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        _ = paths
        _ = inUse
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            let previous = signal(signalNumber, removeTemporaryFilesAndReraise)
            // A signal the caller ignores (nohup's SIGHUP) stays ignored.
            if let previous, unsafeBitCast(previous, to: Int.self) == 1 { signal(signalNumber, previous) }
        }
    }

    /// Removes `.NAME.PID.tmp` files beside `target` left by processes that
    /// no longer run (killed by SIGKILL, or by a power cut).
    static func removeStale(besides target: String) {
        let folder = (target as NSString).deletingLastPathComponent
        let prefix = ".\((target as NSString).lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(prefix.count).dropLast(4)
            guard let pid = pid_t(middle), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                unlink((folder as NSString).appendingPathComponent(name))
            }
        }
    }
}

/// The signal handler: removes the temporary files, then ends the process
/// by the same signal with its default action.
private func removeTemporaryFilesAndReraise(_ signalNumber: Int32) {
    TemporaryFiles.unlinkRegistered()
    signal(signalNumber, nil)
    raise(signalNumber)
}
