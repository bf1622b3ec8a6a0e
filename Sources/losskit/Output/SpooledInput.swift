import Foundation
import LossKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-once input (standard input, a pipe, a FIFO) copied to a temporary
/// file, for the commands that read their input twice (`fit --stream` fits in
/// one pass and computes the training metrics in a second).
///
/// The copy lives in `$TMPDIR` (or /tmp) as `.losskit-input.PID.tmp`,
/// registered with `TemporaryFiles` so SIGINT/SIGTERM/SIGHUP remove it, and
/// removed when `remove()` runs; a copy left by a SIGKILL'ed run is removed
/// by the next one. Disk use is the input's size; memory one chunk.
struct SpooledInput {
    let path: String
    private let slot: Int?

    /// Copies `input` unless it is a regular file, which is returned as it is.
    static func ifReadOnce(_ input: String) throws -> SpooledInput? {
        guard DataReader.isReadOnce(path: input) else { return nil }
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let target = (folder as NSString).appendingPathComponent("losskit-input")
        TemporaryFiles.removeStale(besides: target)
        let path = TemporaryFiles.name(besides: target, pid: getpid())
        let slot = TemporaryFiles.register(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard fd >= 0 else {
            TemporaryFiles.unregister(slot)
            throw ToolError("cannot make a temporary copy of \(input == "-" ? "standard input" : input) in \(folder) to read it twice: \(String(cString: strerror(errno)))")
        }
        do {
            try DataReader.copyInput(path: input, to: fd)
            close(fd)
        } catch {
            close(fd)
            unlink(path)
            TemporaryFiles.unregister(slot)
            throw error
        }
        return SpooledInput(path: path, slot: slot)
    }

    func remove() {
        unlink(path)
        TemporaryFiles.unregister(slot)
    }
}
