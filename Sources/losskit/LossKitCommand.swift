import ArgumentParser
import Foundation
import LossKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `losskit` tool. Exit codes: 0 success, 1 runtime failure (bad data, a
/// failed fit, an unwritable file), 2 usage error (unknown flag, bad value).
/// Errors are one line on standard error, starting with `losskit: error:`.
@main
struct LossKitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "losskit",
        abstract: "Measure, fit and look at the L2 loss — and see when it is the wrong choice.",
        discussion: """
        Exit codes: 0 success, 1 runtime failure, 2 usage error.
        Every subcommand accepts --json for machine-readable output.
        """,
        subcommands: commandList
    )

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            Foundation.exit(handle(error, arguments: arguments))
        }
        Foundation.exit(0)
    }

    /// Prints what the error needs and returns the exit code: help and version
    /// requests 0 on standard output, usage errors 2, everything else 1.
    static func handle(_ error: Error, arguments: [String]) -> Int32 {
        if let exit = error as? ExitCode { return exit.rawValue }
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            return 0
        }
        if code == .validationFailure {
            var text = message(for: error)
            if text.isEmpty { text = String(describing: error) }
            FileHandle.standardError.write(Data(("losskit: error: " + firstLine(text) + "\n").utf8))
            let usage = usageString(for: arguments)
            if !usage.isEmpty { FileHandle.standardError.write(Data((usage + "\n").utf8)) }
            return 2
        }
        FileHandle.standardError.write(Data(("losskit: error: " + firstLine(describe(error)) + "\n").utf8))
        return 1
    }

    private static func usageString(for arguments: [String]) -> String {
        // The usage line of the subcommand named on the line, for orientation.
        let sub = arguments.first.flatMap { name in commandList.first { $0._commandName == name } }
        let text = sub.map { $0.usageString() } ?? usageString()
        return text.isEmpty ? "" : "Usage: " + text.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            + "\nRun 'losskit \(sub.map { $0._commandName + " " } ?? "")--help' for details."
    }

    /// The first line, with any control character left in it escaped (the
    /// last guard against text from a file reaching the terminal raw).
    private static func firstLine(_ s: String) -> String {
        DisplayText.sanitized(s.split(separator: "\n", omittingEmptySubsequences: true).first ?? Substring(s), limit: 4_000)
    }
}

/// One clear sentence for any error the library or the tool throws.
func describe(_ error: Error) -> String {
    // The library's messages speak of its options; the tool's speak of flags.
    if case let DataError.missingValue(row, line, column, text) = error {
        return "missing value '\(text)' in column '\(column)' at data row \(row) (line \(line)); pass --drop-missing to skip such rows"
    }
    // LossKit's error types print one clear line through `description`;
    // Foundation's errors are turned into the path and the reason.
    // (`CocoaError` is a Swift struct: it is recognised by its domain.)
    let bridged = error as NSError
    if bridged.domain == NSCocoaErrorDomain || bridged.domain == NSPOSIXErrorDomain {
        return describeFoundationError(bridged)
    }
    if type(of: error) is NSError.Type { return bridged.localizedDescription }
    return String(describing: error)
}

/// A Foundation error on reading or writing a file as "cannot read PATH:
/// REASON", never "NSCocoaErrorDomain error 256" or "You don't have
/// permission" for what is a directory or a pipe.
func describeFoundationError(_ error: NSError) -> String {
    let path = (error.userInfo[NSFilePathErrorKey] as? String)
        ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
    let verb = (NSFileWriteUnknownError...NSFileWriteVolumeReadOnlyError).contains(error.code) ? "write" : "read"
    guard error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain, let path else {
        return error.localizedDescription
    }
    return "cannot \(verb) \(path): \(fileProblem(at: path, error: error))"
}

/// The bytes of the file at `path`, or one clear line saying why not.
func readWholeFile(_ path: String) throws -> Data {
    var info = stat()
    guard stat(path, &info) == 0 else { throw ToolError("cannot read \(path): \(describePOSIXError(errno))") }
    if info.st_mode & S_IFMT == S_IFDIR { throw ToolError("cannot read \(path): it is a directory") }
    do {
        guard info.st_mode & S_IFMT != S_IFREG else { return try Data(contentsOf: URL(fileURLWithPath: path)) }
        // A pipe or a device (`<(…)`, /dev/stdin): read it to its end.
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ToolError("cannot read \(path): \(describePOSIXError(errno))")
        }
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
    } catch let error as NSError where !(error is ToolError) {
        throw ToolError(describeFoundationError(error))
    }
}

/// Why `path` cannot be used as a file, looked up on the file system itself
/// (Foundation reports a directory as a permission problem).
func fileProblem(at path: String, error: NSError) -> String {
    var info = stat()
    if stat(path, &info) == 0 {
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "it is a directory"
        case S_IFREG: break
        default: return "it is not a regular file"
        }
    } else {
        return describePOSIXError(errno)
    }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return describePOSIXError(Int32(underlying.code))
    }
    if error.domain == NSPOSIXErrorDomain { return describePOSIXError(Int32(error.code)) }
    switch error.code {
    case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
    case NSFileReadNoSuchFileError, NSFileNoSuchFileError: return "no such file or directory"
    case NSFileReadTooLargeError: return "the file is too large"
    case NSFileReadCorruptFileError, NSFileReadInapplicableStringEncodingError: return "it is not readable text"
    case NSFileWriteOutOfSpaceError: return "no space left on the device"
    case NSFileWriteVolumeReadOnlyError: return "the file system is read-only"
    default: return error.localizedDescription
    }
}

/// Runs `body`, turning a library error about a 0-based array row into the
/// 1-based data row of the file (exact when no row was dropped). A non-finite
/// value in something that is not one of the data's `columns` arose inside
/// the computation (an overflow), and is said so instead of naming an
/// internal matrix.
func inFileRows<T>(droppedRows: Int, columns: [String]? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let LossKitError.nonFiniteValue(name, row, value) {
        if let columns, !columns.contains(name) {
            throw ToolError("the computation overflowed (an intermediate value became \(value)): the data's magnitudes are too large or too far apart for this fit")
        }
        throw ToolError("column '\(name)' holds \(value) at \(place(row)); the fit needs finite numbers")
    } catch let LossKitError.invalidWeight(index, value) {
        throw ToolError("the weights column holds \(value) at \(place(index)); weights must be finite and >= 0")
    }
    func place(_ index: Int) -> String {
        droppedRows == 0 ? "data row \(index + 1)" : "the \(index + 1)th row kept after dropping \(droppedRows) with missing values"
    }
}

/// An error the tool itself reports, as one line.
struct ToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
