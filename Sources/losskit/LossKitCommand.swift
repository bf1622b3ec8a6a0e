import ArgumentParser
import Foundation
import LossKit

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

    private static func firstLine(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? s
    }
}

/// One clear sentence for any error the library or the tool throws.
func describe(_ error: Error) -> String {
    // LossKit's error types print one clear line through `description`;
    // Foundation's own errors carry a localized description instead.
    if type(of: error) is NSError.Type { return (error as NSError).localizedDescription }
    return String(describing: error)
}
