import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct DataReadOptionsTests {
    @Test func delimiterSpellings() {
        typealias D = DataReadOptions.Delimiter
        #expect(D(argument: "auto") == .auto)
        #expect(D(argument: "comma") == .comma && D(argument: ",") == .comma)
        #expect(D(argument: "tab") == .tab && D(argument: "\\t") == .tab && D(argument: "\t") == .tab)
        #expect(D(argument: "semicolon") == .semicolon && D(argument: ";") == .semicolon)
        #expect(D(argument: "|") == .character("|"))
        for bad in ["", "||", "\"", "\n", "é", "pipe"] {
            #expect(D(argument: bad) == nil, "\(bad)")
        }
    }

    @Test func missingValuePolicySpellings() {
        #expect(DataReadOptions.MissingValuePolicy(rawValue: "drop-row") == .dropRow)
        #expect(DataReadOptions.MissingValuePolicy.allCases.map(\.rawValue) == ["error", "drop-row"])
    }

    @Test func defaults() {
        let options = DataReadOptions()
        #expect(options.delimiter == .auto && options.hasHeader && options.commentPrefix == nil)
        #expect(options.columns == nil && options.missingValues == .error && options.format == .auto)
    }
}

extension DataReadOptionsTests {
    @Test func emptySelectionCountsRows() throws {
        let table = try readText("a,b\n1,x\n2,y\n", options: DataReadOptions(columns: []))
        #expect(table.columnCount == 0)
        #expect(table.rowCount == 2)
    }
}
