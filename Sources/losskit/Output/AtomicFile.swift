import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files atomically and never over an input.
enum AtomicFile {
    enum Failure: Error, CustomStringConvertible {
        case wouldOverwriteInput(String)
        case cannotWrite(String, String)
        var description: String {
            switch self {
            case .wouldOverwriteInput(let path):
                return "refusing to write \(path): it is one of the input files; choose another --output"
            case .cannotWrite(let path, let reason):
                return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes `data` to `path` through a temporary file in the same folder and a
    /// rename, so readers see the old file or the whole new one, never a part.
    /// Throws if `path` resolves to any of `inputs`.
    static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
        let (target, temporary) = try destination(path, inputs: inputs)
        do {
            try data.write(to: temporary, options: [])
            try moveIntoPlace(temporary, target)
        } catch let failure as Failure {
            try? FileManager.default.removeItem(at: temporary)
            throw failure
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure.cannotWrite(path, (error as NSError).localizedDescription)
        }
    }

    /// The resolved target of `path` and a hidden temporary file beside it;
    /// throws if `path` resolves to any of `inputs`.
    static func destination(_ path: String, inputs: [String]) throws -> (target: URL, temporary: URL) {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs {
            let source = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath()
            if source.path == target.path { throw Failure.wouldOverwriteInput(path) }
        }
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        return (target, temporary)
    }

    /// `rename(2)`: atomic, and replaces an existing target in one step (both
    /// files are in the same folder, so on the same file system).
    static func moveIntoPlace(_ temporary: URL, _ target: URL) throws {
        if rename(temporary.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            throw Failure.cannotWrite(target.path, reason)
        }
    }
}
