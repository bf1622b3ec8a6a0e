import Foundation
import Testing
@testable import LossKit
@testable import LossKitNumerics

/// Terminal tables never pass a data file's control characters through.
@Suite struct TextTableTests {
    @Test func controlCharactersFromDataAreEscapedEverywhere() {
        let hostile = "x\u{1B}]0;owned\u{07}\r\u{9B}y"
        var table = TextTable(title: "fit of \(hostile)", headers: ["term", hostile])
        table.addRow([hostile, "1.5"])
        table.footnotes = ["column \(hostile)"]
        let text = table.rendered(style: TerminalStyle(enabled: false))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        #expect(text.contains("x\\u{1B}]0;owned\\u{7}\\u{D}\\u{9B}y"))
    }

    @Test func plainTextIsUnchanged() {
        #expect(TextTable.printable("intercept β₁ – 95% lower") == "intercept β₁ – 95% lower")
    }
}
