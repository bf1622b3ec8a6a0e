import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes whole files: atomically to regular files, never over an input, and
/// straight through to devices, FIFOs and standard output (`-`).
enum AtomicFile {
    enum Failure: Error, CustomStringConvertible {
        case wouldOverwriteInput(String)
        case cannotWrite(String, String)
        var description: String {
            switch self {
            case .wouldOverwriteInput(let path):
                return "refusing to write \(path): it is one of the input files; choose another output"
            case .cannotWrite(let path, let reason):
                return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes `data` to `path`. A regular file (or a new path) is written to a
    /// temporary file in the same folder and renamed into place, so readers see
    /// the old file or the whole new one, never a part; see `OutputDestination`
    /// for the other kinds of path.
    /// - Throws: `Failure`, naming the path and the reason.
    static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
        let writer = try StreamingFileWriter(path: path, inputs: inputs)
        try writer.write(data)
        try writer.commit()
    }

    /// `rename(2)`: atomic, and replaces an existing target in one step (both
    /// files are in the same folder, so on the same file system).
    static func moveIntoPlace(_ temporary: String, _ target: String) throws {
        if rename(temporary, target) != 0 {
            throw Failure.cannotWrite(target, describePOSIXError(errno))
        }
    }
}
