import Foundation
import Testing
@testable import losskit

@Suite struct CommandTests {
    @Test func rootHelpNamesTheTool() {
        let help = LossKitCommand.helpMessage()
        #expect(help.contains("USAGE: losskit"))
    }

    @Test func unknownFlagIsAUsageErrorWithExitCode2() throws {
        let outcome = try ToolRunner.run(["--no-such-flag"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("losskit: error:"))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func helpExitsZeroOnStandardOutput() throws {
        let outcome = try ToolRunner.run(["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("USAGE: losskit"))
        #expect(outcome.stderr.isEmpty)
    }
}
