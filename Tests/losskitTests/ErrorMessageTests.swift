import Foundation
import Testing
import LossKit
@testable import losskit

/// Issue 10, class 5, inside the tool: library and Foundation errors become
/// one line that names the user's column, row and file, never an internal
/// matrix, a 0-based index or a Foundation error code.
@Suite struct ErrorMessageTests {
    static func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return describe(error) }
        return ""
    }

    @Test func anOverflowInsideTheSolverIsNotCalledAColumn() {
        let text = Self.message {
            try inFileRows(droppedRows: 0, columns: ["x", "y"]) {
                throw LossKitError.nonFiniteValue(name: "matrix column 0 (0-based)", row: 0, value: -.infinity)
            }
        }
        #expect(text.hasPrefix("the computation overflowed"))
        #expect(!text.contains("matrix column") && !text.contains("0-based"))
    }

    @Test func aDataColumnIsNamedWithItsOneBasedRow() {
        let text = Self.message {
            try inFileRows(droppedRows: 0, columns: ["x", "y"]) {
                throw LossKitError.nonFiniteValue(name: "x", row: 0, value: .infinity)
            }
        }
        #expect(text == "column 'x' holds inf at data row 1; the fit needs finite numbers")
    }

    @Test func foundationErrorsNameThePathAndTheReason() throws {
        let folder = try ToolRunner.temporaryFolder()
        let missing = folder.appendingPathComponent("missing.json").path
        for (path, reason) in [(folder.path, "it is a directory"), (missing, "no such file or directory")] {
            var caught: Error?
            do { _ = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { caught = error }
            let error = try #require(caught)
            let text = describe(error)
            #expect(text == "cannot read \(path): \(reason)", "\(text)")
            #expect(!text.contains("NSCocoaErrorDomain") && !text.contains("permission"))
            #expect(throws: Error.self) { _ = try readWholeFile(path) }
            #expect(Self.message { _ = try readWholeFile(path) } == "cannot read \(path): \(reason)")
        }
    }
}
