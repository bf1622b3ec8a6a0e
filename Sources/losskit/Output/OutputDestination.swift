import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output path really leads, decided before anything is written.
///
/// Only a regular file (or a path that does not exist yet) is written
/// atomically, through a temporary file and a rename: renaming over
/// `/dev/null`, `/dev/stdout`, a FIFO or a socket would replace the device
/// or pipe with a regular file that nobody reads. Those are written straight
/// through, as coreutils do; `-` is standard output. A symbolic link is
/// followed, also when it dangles: the file is created where the link points,
/// and the link stays.
enum OutputDestination {
    /// `-`: standard output.
    case standardOutput
    /// An existing file that is not a regular file (a character device, a
    /// FIFO, a socket): opened and written in place.
    case direct(path: String)
    /// A regular file or a new path: written to `temporary` (a hidden file
    /// beside `target`) and renamed over `target`.
    case atomic(target: String, temporary: String)

    /// The destination of `path`.
    /// - Throws: `AtomicFile.Failure` when `path` is a directory, cannot be
    ///   examined, or resolves to one of `inputs`.
    static func resolve(_ path: String, inputs: [String]) throws -> OutputDestination {
        if path == "-" { return .standardOutput }
        let destination: OutputDestination
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw AtomicFile.Failure.cannotWrite(path, "it is a directory")
            case S_IFREG: destination = atomic(at: realPath(path))
            default: destination = .direct(path: path)
            }
        } else if errno == ENOENT {
            destination = atomic(at: realPath(followingLinks(path)))
        } else {
            throw AtomicFile.Failure.cannotWrite(path, describePOSIXError(errno))
        }
        let written: String
        switch destination {
        case .standardOutput: return destination
        case .direct(let path): written = realPath(path)
        case .atomic(let target, _): written = target
        }
        for input in inputs where input != "-" && realPath(input) == written {
            throw AtomicFile.Failure.wouldOverwriteInput(path)
        }
        if case .atomic(let target, _) = destination { TemporaryFiles.removeStale(besides: target) }
        return destination
    }

    private static func atomic(at target: String) -> OutputDestination {
        .atomic(target: target, temporary: TemporaryFiles.name(besides: target, pid: getpid()))
    }

    /// `path` with every symbolic link of its last component followed, also to
    /// a target that does not exist (a dangling link names where to write).
    static func followingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count > 0 else { return current }
            let link = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let folder = (current as NSString).deletingLastPathComponent
            current = link.hasPrefix("/") || folder.isEmpty ? link : (folder as NSString).appendingPathComponent(link)
        }
        return current
    }

    /// The absolute path of `path` with symbolic links resolved: the whole
    /// path when it exists, otherwise its folder (and the name appended).
    static func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        if let resolved = realpath(folder.isEmpty ? "." : folder, nil) {
            defer { free(resolved) }
            return (String(cString: resolved) as NSString).appendingPathComponent(name)
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

/// The reason of a POSIX error number in words a user reads ("it is a
/// directory", "no such file or directory", "permission denied").
func describePOSIXError(_ code: Int32) -> String {
    switch code {
    case EISDIR: return "it is a directory"
    case ENOTDIR: return "a part of the path is not a directory"
    default: return String(cString: strerror(code)).lowercased()
    }
}
