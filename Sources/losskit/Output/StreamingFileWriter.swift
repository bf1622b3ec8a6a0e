import Foundation

/// Writes a large output file in pieces, atomically: the bytes go to a hidden
/// temporary file in the target's folder, which replaces the target only when
/// `commit()` is called. Never writes over one of the inputs.
final class StreamingFileWriter {
    private let target: URL
    private let temporary: URL
    private let handle: FileHandle
    private var buffer = Data()
    private var committed = false

    init(path: String, inputs: [String]) throws {
        (target, temporary) = try AtomicFile.destination(path, inputs: inputs)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw AtomicFile.Failure.cannotWrite(path, "cannot create a file in \(target.deletingLastPathComponent().path)")
        }
        handle = try FileHandle(forWritingTo: temporary)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Moves the finished file into place.
    func commit() throws {
        try flush()
        try handle.close()
        try AtomicFile.moveIntoPlace(temporary, target)
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
