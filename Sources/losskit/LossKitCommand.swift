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
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: the message goes to standard output.
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            var message = message(for: error)
            if message.isEmpty { message = String(describing: error) }
            FileHandle.standardError.write(Data(("losskit: error: " + firstLine(message) + "\n").utf8))
            let usage = usageString(for: arguments)
            if !usage.isEmpty {
                FileHandle.standardError.write(Data((usage + "\n").utf8))
            }
            Foundation.exit(2)
        }
        do {
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            FileHandle.standardError.write(Data(("losskit: error: " + firstLine(describe(error)) + "\n").utf8))
            Foundation.exit(1)
        }
        Foundation.exit(0)
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
    if let e = error as? CustomStringConvertible { return e.description }
    return String(describing: error)
}
