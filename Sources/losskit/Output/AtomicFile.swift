import Foundation

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
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs {
            let source = URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath()
            if source.path == target.path { throw Failure.wouldOverwriteInput(path) }
        }
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary, options: [])
            if FileManager.default.fileExists(atPath: target.path) {
                _ = try FileManager.default.replaceItemAt(target, withItemAt: temporary)
            } else {
                try FileManager.default.moveItem(at: temporary, to: target)
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure.cannotWrite(path, (error as NSError).localizedDescription)
        }
    }
}
