import Testing
@testable import LossKit
@testable import LossKitData
@testable import LossKitModels
@testable import LossKitNumerics
@testable import LossKitReport

@Suite struct RidgePathTests {
    @Test func marksTheChosenAlphaOnBothPanels() throws {
        let alphas = [10.0, 0.01, 1, 0.1]   // any order: drawn sorted
        let chart = RidgePath(alphas: alphas, coefficients: [.init(name: "b", values: [0.1, 1, 0.6, 0.9])],
                              cvError: [3, 2, 1.5, 1.8], chosenAlpha: 1)
        let html = chart.html(id: "rp")
        #expect(ReportXML.svgElements(in: html).count == 2)
        #expect(html.components(separatedBy: "α = 1").count == 3)
        try ReportXML.check(html)
    }

    @Test func mismatchedLengthsAndNonPositiveAlphasAreReported() throws {
        let html = RidgePath(alphas: [0, 1, 10], coefficients: [.init(name: "b", values: [1, 0.5])]).html(id: "rp")
        #expect(html.contains("coefficient b has 2 values but alphas has 3"))
        #expect(html.contains("cannot be shown on the logarithmic axis"))
        try ReportXML.check(html)
    }
}
