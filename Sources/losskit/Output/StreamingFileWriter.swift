import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a large output in pieces. To a regular file (or a new path) the
/// bytes go to a hidden temporary file in the target's folder, which replaces
/// the target only when `commit()` is called, and which is removed if the
/// process is interrupted (`TemporaryFiles`). To a device, FIFO or socket, or
/// to standard output (`-`), the bytes go straight through. Never writes over
/// one of the inputs.
final class StreamingFileWriter {
    private let path: String
    private let destination: OutputDestination
    private let descriptor: Int32
    private let slot: Int?
    private var buffer: [UInt8] = []
    private var finished = false

    init(path: String, inputs: [String]) throws {
        self.path = path
        destination = try OutputDestination.resolve(path, inputs: inputs)
        switch destination {
        case .standardOutput:
            descriptor = STDOUT_FILENO
            slot = nil
        case .direct(let device):
            descriptor = open(device, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw AtomicFile.Failure.cannotWrite(path, describePOSIXError(errno)) }
            slot = nil
        case .atomic(_, let temporary):
            // Registered before it exists, so no moment leaves it unregistered.
            slot = TemporaryFiles.register(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else {
                let reason = describePOSIXError(errno)
                TemporaryFiles.unregister(slot)
                let folder = (temporary as NSString).deletingLastPathComponent
                var info = stat()
                // The folder is there: say that the temporary file beside the target failed.
                if stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                    throw AtomicFile.Failure.cannotWrite(path, "cannot create a temporary file in \(folder) (\(reason))")
                }
                throw AtomicFile.Failure.cannotWrite(path, reason)
            }
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func write(_ data: Data) throws {
        buffer.append(contentsOf: data)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        var done = 0
        while done < buffer.count {
            let count = buffer.withUnsafeBytes { writeBytes(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                throw AtomicFile.Failure.cannotWrite(path, describePOSIXError(errno))
            }
            done += count
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and, for a regular file, moves it into place.
    func commit() throws {
        try flush()
        finished = true
        switch destination {
        case .standardOutput:
            return
        case .direct:
            if close(descriptor) != 0 { throw AtomicFile.Failure.cannotWrite(path, describePOSIXError(errno)) }
        case .atomic(let target, let temporary):
            defer { TemporaryFiles.unregister(slot) }
            guard close(descriptor) == 0 else {
                let reason = describePOSIXError(errno)
                unlink(temporary)
                throw AtomicFile.Failure.cannotWrite(path, reason)
            }
            do {
                try AtomicFile.moveIntoPlace(temporary, target)
            } catch {
                unlink(temporary)
                throw error
            }
        }
    }

    deinit {
        guard !finished else { return }
        switch destination {
        case .standardOutput: break
        case .direct: close(descriptor)
        case .atomic(_, let temporary):
            close(descriptor)
            unlink(temporary)
            TemporaryFiles.unregister(slot)
        }
    }
}

/// `write(2)`, under a name the class's own `write` does not hide.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
