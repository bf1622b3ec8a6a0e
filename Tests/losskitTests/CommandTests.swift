import Testing
@testable import losskit

@Suite struct CommandTests {
    @Test func rootHelpNamesTheTool() {
        let help = LossKitCommand.helpMessage()
        #expect(help.contains("USAGE: losskit"))
    }
}
