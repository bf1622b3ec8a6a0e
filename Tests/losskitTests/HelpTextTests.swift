import Foundation
import Testing
@testable import losskit

/// Every subcommand's help, through the built tool: examples, --json, exit 0.
@Suite struct HelpTextTests {
    static let subcommands = ["converge", "demo", "evaluate", "fit", "predict", "report"]

    @Test func rootHelpListsEverySubcommand() throws {
        let outcome = try ToolRunner.run(["--help"])
        #expect(outcome.status == 0)
        for name in Self.subcommands { #expect(outcome.stdout.contains("  \(name)"), "root help lacks \(name)") }
        #expect(outcome.stdout.contains("Exit codes: 0 success, 1 runtime failure, 2 usage error."))
    }

    @Test(arguments: subcommands)
    func subcommandHelpHasExamplesAndJSON(name: String) throws {
        let outcome = try ToolRunner.run([name, "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stderr.isEmpty)
        #expect(outcome.stdout.contains("USAGE: losskit \(name)"))
        #expect(outcome.stdout.contains("Examples:"))
        #expect(outcome.stdout.contains("--json"))
        // Every example line names the tool and this subcommand.
        let examples = outcome.stdout.components(separatedBy: "Examples:").last ?? ""
        let lines = examples.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("losskit ") }
        #expect(!lines.isEmpty)
        #expect(lines.contains { $0.hasPrefix("losskit \(name)") })
    }

    @Test(arguments: subcommands)
    func helpSubcommandMatchesFlag(name: String) throws {
        let viaFlag = try ToolRunner.run([name, "--help"])
        let viaHelp = try ToolRunner.run(["help", name])
        #expect(viaHelp.status == 0)
        #expect(viaHelp.stdout == viaFlag.stdout)
    }

    @Test func missingRequiredOptionIsAUsageErrorNamingIt() throws {
        let outcome = try ToolRunner.run(["evaluate", "x.csv", "--target", "y"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--prediction"))
    }
}
