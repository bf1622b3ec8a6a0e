import Foundation
import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ReportSampleTests {
    /// The full sample report is one well-formed document; with
    /// LOSSKIT_SAMPLE_REPORT=path it is also written there (for the screenshot script).
    @Test func sampleReportIsWellFormedAndSelfContained() throws {
        let html = ReportSample.document().html()
        try ReportXML.check(html)
        #expect(ReportXML.externalReferences(in: html).isEmpty)
        if let path = ProcessInfo.processInfo.environment["LOSSKIT_SAMPLE_REPORT"] {
            try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        }
    }
}
