import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct ResidualsVsFittedTests {
    @Test func highlightsTheLargestAbsoluteResiduals() {
        let r: [Double] = [0.1, -5, 2, .nan, 5, -0.3]
        let f: [Double] = [1, 2, 3, 4, 5, 6]
        #expect(ResidualsVsFitted.largest(2, of: r, fitted: f) == [1, 4], "ties keep the earlier row; NaN never wins")
        #expect(ResidualsVsFitted.largest(0, of: r, fitted: f) == [])
        #expect(ResidualsVsFitted.largest(10, of: r, fitted: f).count == 5)
    }

    @Test func labelsRowsOneBased() throws {
        let html = ResidualsVsFitted(fitted: [1, 2, 3, 4], residuals: [0.1, -0.2, 9, 0.05], highlightCount: 1).html(id: "rv")
        let parsed = try ReportXML.check(html)
        #expect(parsed.text.contains("#3"))
        #expect(parsed.text.contains("Labels are 1-based row numbers."))
    }

    @Test func outliersSurviveSampling() throws {
        let n = 20_000
        var r = (0..<n).map { Double($0 % 7) * 0.01 }
        r[12_345] = 100
        let html = ResidualsVsFitted(fitted: (0..<n).map(Double.init), residuals: r, highlightCount: 1).html(id: "rv")
        #expect(html.contains("#12346"))
        #expect(html.contains("Showing 5\u{202F}000 of 19\u{202F}999 points"))
    }
}
